# scontrol show job -d and squeue -O of a running job, sinfo -s and -l with it
r=$(sbatch --parsable -J det -t 10 -c 1 -o det.out --wrap 'sleep 60')
job_running "$r"
run sh -c "scontrol show job -d $r | grep -E '^   (JobState|NumNodes|Nodes=|TRES|MinCPUsNode|Features|Command|StdErr|StdOut|WorkDir|Power)' | sed -E 's/(Command|StdErr|StdOut|WorkDir)=.*/\1=X/'"
run squeue -h -j "$r" -O jobid,state,statecompact,reason,tres-per-node,nodelist,minmemory,numcpus,numtasks,cpus-per-task,partition,qos,account,eligibletime,timelimit
run sinfo -s
run sinfo -l -h
run sinfo -h -o "%C %A %T"
run scontrol show node node1 -o
run sh -c "scontrol show partition debug | grep -E 'TotalCPUs|State='"
scancel "$r"
