# every SLURM_* variable a batch job gets, for a few shapes of job; what
# only the machine decides (pids, the submitting host, times) masked here.
for args in "" "-n2" "-c2 -J named -t 10" "--mem=100 --ntasks-per-node=2" \
	"-N1 --exclusive" "--comment=hello -p batch" "-c2 --mem-per-cpu=100"; do
	# shellcheck disable=SC2086
	id=$(sbatch --parsable -o env.out $args --wrap 'env | grep ^SLURM_ | sort')
	job_gone "$id"
	echo "# sbatch $args"
	run sed -E -e 's/^(SLURM_TASK_PID|SLURM_SUBMIT_HOST|SLURM_JOB_START_TIME|SLURM_JOB_END_TIME|SLURMD_NODENAME|SLURM_TOPOLOGY_ADDR|SLURM_CONF|SLURM_JOB_ACCOUNT|SLURM_JOB_QOS)=.*/\1=MASKED/' env.out
	rm -f env.out
done
