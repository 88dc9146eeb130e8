# --gpus=N for the job on node1 and node2 of two GPUs each (the gpu-*
# pair): the GPUs each node holds, and what is refused
show() {
	run sh -c "scontrol show job -d $1 | grep -E '^ *(NumNodes|JOB_GRES|Nodes|TresPerJob|TresPerNode)='"
}
# each ARGS...: for each, a job with those sbatch arguments, shown
# once it runs, then gone
each() {
	for args; do
		# shellcheck disable=SC2086
		id=$(sbatch --parsable -o /dev/null $args --wrap "sleep 60")
		job_running "$id"
		echo "# sbatch $args"
		show "$id"
		scancel "$id"
		job_gone "$id"
	done
}
each "-N2 --gpus=3" "--gpus=3" "-n3 --gpus=3" "-N2 --gpus=2" \
	"-N2 -n4 --gpus=2" "--gpus=4 --gpus-per-node=2" "--exclusive -N2 --gpus=3"
# beside a job on GPU 0 of node1
busy=$(sbatch --parsable -o /dev/null -w node1 --gpus=1 --wrap "sleep 120")
job_running "$busy"
each "--gpus=2" "--gpus=3" "-N2 --gpus=2"
scancel "$busy"
job_gone "$busy"
run sbatch -o /dev/null --gpus=5 --wrap true
run sbatch -o /dev/null -n1 --gpus=3 --wrap true
run sbatch -o /dev/null -N1 --gpus=3 --wrap true
run sbatch -o /dev/null -N2 --gpus=1 --wrap true
run sbatch -o /dev/null --gpus=3 --gpus-per-node=2 --wrap true
# each node's tasks of a step see the GPUs the job holds there
id=$(sbatch --parsable -o /dev/null -N2 --gpus=3 --wrap 'srun -l sh -c "echo \$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES \$SLURM_GPUS_ON_NODE" | sort >step.out')
job_gone "$id"
run cat step.out
