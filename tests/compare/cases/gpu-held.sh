# held GPU jobs on node1 and node2 of 4 CPUs and two GPUs each (the gpu-*
# pair): the size slurmctld shows before they run
for args in "--gpus=4 --gpus-per-node=2" "--gpus=2 --gpus-per-node=1" \
	"-N2 --gpus-per-node=1" "--gpus=3" "--gpus=2 --gpus-per-task=1" \
	"-n3 --gpus-per-task=1" "--gres=gpu:2" "--gpus=4 --gpus-per-node=2 -c2" \
	"--gpus=4 --gpus-per-node=2 --ntasks-per-node=2"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o /dev/null -H $args --wrap true)
	echo "# sbatch -H $args"
	run sh -c "squeue -h -j $id -o '%C %D %b'; scontrol show job $id | grep -E '^ *(NumNodes|TRES)='"
	scancel "$id"
done
# once it runs: a task on each node
id=$(sbatch --parsable -o env.out --gpus=4 --gpus-per-node=2 --wrap 'echo "${SLURM_NTASKS-unset} $SLURM_TASKS_PER_NODE $SLURM_JOB_CPUS_PER_NODE"; srun sh -c "echo \$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES" | sort')
job_gone "$id"
run cat env.out
rm -f env.out
