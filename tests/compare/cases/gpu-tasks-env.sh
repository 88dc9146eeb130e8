# SLURM_TASKS_PER_NODE and SLURM_NTASKS in a batch job that asked no task
# count, on the two 4-CPU nodes: what the job's CPUs make of it
for args in "-N2" "--exclusive -N2" "--exclusive -N2 -c2" "-N2 --mincpus=2" \
	"--exclusive -N2 -n2" "--exclusive" "-N2 --ntasks-per-node=2" \
	"--exclusive -N2 --gpus=3"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o env.out $args --wrap 'echo "$SLURM_TASKS_PER_NODE ${SLURM_NTASKS-unset} $SLURM_JOB_CPUS_PER_NODE"')
	job_gone "$id"
	echo "# sbatch $args"
	run cat env.out
	rm -f env.out
done
