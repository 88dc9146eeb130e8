# a running two-node job shrunk with scontrol update (the gpu-* pair has
# two nodes): growing, NumNodes=0, a list without its batch host
# refused; NumNodes=1 keeps the batch host, ReqNodeList= of another
# keeps the nodes named; what squeue, scontrol and sinfo show after
id=$(sbatch --parsable -o /dev/null -N2 --wrap "sleep 120")
job_running "$id"
run scontrol update JobId="$id" NumNodes=3
run scontrol update JobId="$id" NumNodes=0
run scontrol update JobId="$id" NumNodes=1-1
run scontrol update JobId="$id" ReqNodeList=node2
run scontrol update JobId="$id" NumNodes=2
run scontrol update JobId="$id" NumNodes=1
sleep 1
run squeue -h -j "$id" -o "%T %D %N %C"
run sh -c "scontrol show job $id | grep -E '^ *(NodeList|BatchHost|NumNodes|TRES)='"
run sinfo -h -n node2 -p debug -o "%N %T"
scancel "$id"
job_gone "$id"
id=$(sbatch --parsable -o /dev/null -N2 --wrap "sleep 120")
job_running "$id"
run scontrol update JobId="$id" ReqNodeList=node1
sleep 1
run squeue -h -j "$id" -o "%T %D %N %C"
run sinfo -h -n node2 -p debug -o "%N %T"
scancel "$id"
job_gone "$id"
