# a running batch job's steps and details
id=$(sbatch --parsable -J stepper -t 5 -o /dev/null --wrap "sleep 60")
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$id" -o %t)" = R ] && break
	sleep 0.1
done
sleep 1
run squeue -s -j "$id" -o "%i %j %P %N"
run sh -c "scontrol show step $id.batch | grep -E '^   (State|Partition|NodeList|Nodes|TRES|CPUFreqReq|Dist)='"
run sh -c "scontrol -d show job $id | grep -E '^     Nodes=|^   (NodeList|BatchHost|NumCPUs)='"
run sh -c "squeue -j $id -h -o '%t %M' | sed 's/ [0-9:]*$/ TIME/'"
run scontrol update JobId="$id" TimeLimit=10
run squeue -j "$id" -h -o "%l"
run scontrol update JobId="$id" Partition=batch
run scancel "$id"
