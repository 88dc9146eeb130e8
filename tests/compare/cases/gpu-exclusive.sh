# --exclusive jobs with GPUs on node1 and node2 of 4 CPUs and two GPUs
# each (the gpu-* pair): the GPUs each node holds, how the job shows
# them and what its batch script is told
show() {
	run sh -c "scontrol show job -d $1 | grep -E '^ *(NumNodes|NumCPUs|TRES|JOB_GRES|Nodes|TresPerJob|TresPerNode|TresPerTask)='"
}
for args in "--exclusive --gres=gpu:1" "--exclusive --gpus-per-node=1" \
	"--exclusive -N2 --gpus-per-node=1" "--exclusive -N2 --gres=gpu:1" \
	"--exclusive --gpus=1" "--exclusive -n1 --gpus-per-task=1" \
	"--exclusive -n3 --gpus-per-task=1"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o env.out $args --wrap 'echo "${CUDA_VISIBLE_DEVICES-unset} ${SLURM_JOB_GPUS-unset} ${GPU_DEVICE_ORDINAL-unset} ${SLURM_GPUS_ON_NODE-unset} ${SLURM_GPUS_PER_NODE-unset} ${SLURM_GPUS-unset}"; sleep 60')
	job_running "$id"
	for _ in $(seq 1 100); do
		[ -s env.out ] && break
		sleep 0.1
	done
	echo "# sbatch $args"
	show "$id"
	run squeue -h -j "$id" -o "%C %D %b"
	run cat env.out
	scancel "$id"
	job_gone "$id"
	rm -f env.out
done
# a step inside: without a request of its own it asks what the job
# asked, one GPU a node
id=$(sbatch --parsable -o /dev/null --exclusive -N2 --gres=gpu:1 --wrap 'srun -l sh -c "echo \$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES \$SLURM_GPUS_ON_NODE" | sort >step.out')
job_gone "$id"
run cat step.out
rm -f step.out
# all the GPUs' CPUs must fit
run sbatch -o /dev/null --exclusive --gres=gpu:1 --cpus-per-gpu=3 --wrap true
run sbatch -o /dev/null --exclusive --gres=gpu:1 --cpus-per-gpu=2 --wrap true
run sbatch -o /dev/null --exclusive --gpus=1 --cpus-per-gpu=3 --wrap true
