# --cpus-per-gpu on node1 and node2 of 4 CPUs and two GPUs each (the
# gpu-* pair): the CPUs each node holds for its GPUs, how the job shows
# it, and what is refused
show() {
	run sh -c "scontrol show job -d $1 | grep -E '^ *(NumNodes|NumCPUs|TRES|JOB_GRES|Nodes|CpusPerTres|TresPerJob|TresPerNode)='"
}
for args in "--gpus=3 --cpus-per-gpu=2" "-N2 --gpus-per-node=2 --cpus-per-gpu=2" \
	"--gres=gpu:1 --cpus-per-gpu=3" "--gpus=2 --cpus-per-gpu=1" \
	"-n2 --gpus=1 --cpus-per-gpu=1" "-n3 --gpus-per-task=1 --cpus-per-gpu=2"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o /dev/null $args --wrap "sleep 60")
	job_running "$id"
	echo "# sbatch $args"
	show "$id"
	run squeue -h -j "$id" -o "%C %D %b"
	scancel "$id"
	job_gone "$id"
done
run sbatch -o /dev/null --gres=gpu:2 --cpus-per-gpu=3 --wrap true
run sbatch -o /dev/null --gpus=4 --cpus-per-gpu=3 --wrap true
run sbatch -o /dev/null --gpus-per-node=1 --cpus-per-gpu=5 --wrap true
# without GPUs: taken and shown, no CPUs more
id=$(sbatch --parsable -o /dev/null --cpus-per-gpu=2 -H --wrap true)
run sh -c "squeue -h -j $id -o '%C %D %b'; scontrol show job $id | grep -E '^ *(NumCPUs|CpusPerTres)='"
scancel "$id"
# waiting (held): what it is expected to take
for args in "--gres=gpu:2 --cpus-per-gpu=2" "--gpus=3 --cpus-per-gpu=2"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o /dev/null -H $args --wrap true)
	echo "# sbatch -H $args"
	run sh -c "squeue -h -j $id -o '%C %D %b'; scontrol show job $id | grep -E '^ *(NumNodes|TRES|CpusPerTres)='"
	scancel "$id"
done
# what the batch script is told of its CPUs
for args in "--gpus=3 --cpus-per-gpu=2" "--gres=gpu:1 --cpus-per-gpu=3"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o env.out $args --wrap 'echo "$SLURM_TASKS_PER_NODE ${SLURM_NTASKS-unset} $SLURM_JOB_CPUS_PER_NODE ${SLURM_CPUS_PER_GPU-unset}"')
	for _ in $(seq 1 100); do
		[ -z "$(squeue -h -j "$id" -o %t)" ] && break
		sleep 0.1
	done
	echo "# sbatch $args"
	run cat env.out
	rm -f env.out
done
