run scontrol create PartitionName=ex Nodes=node1 OverSubscribe=EXCLUSIVE
run scontrol create PartitionName=fy Nodes=node1 OverSubscribe=FORCE:2
run scontrol create PartitionName=ys Nodes=node1 OverSubscribe=YES
run sh -c "scontrol show partition ex fy ys | grep -E 'PartitionName|OverSubscribe'"
run sinfo -h -o "%P %h" -p ex,fy,ys
a=$(sbatch --parsable -p ex -o /dev/null --wrap "sleep 30")
job_running "$a"
b=$(sbatch --parsable -p debug -o /dev/null --wrap "sleep 30")
sleep 2
run squeue -h -o "%j %P %t %r %C %y %h" -j "$a,$b"
run sh -c "scontrol show job $a | grep -oE '(NumCPUs|OverSubscribe|TRES|CPUs/Task|NumTasks)=[^ ]*'"
run sh -c "scontrol show node node1 | grep -oE '(CPUAlloc|State)=[^ ]*'"
scancel "$a" "$b"; job_gone "$a"; job_gone "$b"
a=$(sbatch --parsable -p fy -o /dev/null --wrap "sleep 30")
b=$(sbatch --parsable -p fy -o /dev/null --wrap "sleep 30")
c=$(sbatch --parsable -p fy -o /dev/null -c 2 --wrap "sleep 30")
d=$(sbatch --parsable -p fy -o /dev/null --exclusive --wrap "sleep 30")
sleep 3
run squeue -h -o "%j %P %t %r %C %y %h" -j "$a,$b,$c,$d"
run sh -c "scontrol show job $c | grep -oE '(NumCPUs|OverSubscribe|CPU_IDs)=[^ ]*'"
run sh -c "scontrol show node node1 | grep -oE '(CPUAlloc|State)=[^ ]*'"
scancel "$a" "$b" "$c" "$d"; job_gone "$a"; job_gone "$b"; job_gone "$c"; job_gone "$d"
a=$(sbatch --parsable -p ys -o /dev/null -c 2 --oversubscribe --wrap "sleep 30")
b=$(sbatch --parsable -p ys -o /dev/null -c 2 --oversubscribe --wrap "sleep 30")
c=$(sbatch --parsable -p ys -o /dev/null --wrap "sleep 30")
sleep 3
run squeue -h -o "%j %P %t %r %C %y %h" -j "$a,$b,$c"
run sinfo -h -o "%P %C %t" -p ys
scancel "$a" "$b" "$c"; job_gone "$a"; job_gone "$b"; job_gone "$c"
run scontrol delete PartitionName=ex
run scontrol delete PartitionName=fy
run scontrol delete PartitionName=ys
