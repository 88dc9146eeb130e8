# scontrol update Gres= of a held job on the gpu-* pair (two GPUs a
# node): what is taken, shown, refused; the job runs with the GPUs given
show() {
	run sh -c "scontrol show job -o $1 | tr ' ' '\n' | grep -E '^(TresPerNode|NumNodes|TRES)='"
}
id=$(sbatch --parsable --hold -o /dev/null --wrap "sleep 60")
for g in gpu:1 gpu:2 gpu:3 gpu:x:1 gpu:0 foo:1 gpu:1; do
	run scontrol update JobId="$id" Gres="$g"
	show "$id"
done
scontrol release "$id"
job_running "$id"
run sh -c "scontrol show job -d $id | grep -E '^ *(JOB_GRES|Nodes)='"
run scontrol update JobId="$id" Gres=gpu:2
scancel "$id"
job_gone "$id"
