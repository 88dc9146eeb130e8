# every SLURM_* variable an srun step's task gets, in a batch job and
# under salloc; what only the machine decides (ports, pids, hosts,
# times) masked here
mask='s/^([0-9]+: )?(SLURM_TASK_PID|SLURM_SUBMIT_HOST|SLURM_JOB_START_TIME|SLURM_JOB_END_TIME|SLURMD_NODENAME|SLURM_TOPOLOGY_ADDR|SLURM_CONF|SLURM_JOB_ACCOUNT|SLURM_JOB_QOS|SLURM_SRUN_COMM_PORT|SLURM_SRUN_COMM_HOST|SLURM_STEP_LAUNCHER_PORT|SLURM_LAUNCH_NODE_IPADDR|SLURM_PTY_PORT|SLURM_WORKING_CLUSTER|SLURM_UMASK)=.*/\1\2=MASKED/'
id=$(sbatch --parsable -n2 -o step.out --wrap "srun -n2 -l sh -c 'env | grep ^SLURM_ | sort'")
job_gone "$id"
run sh -c "sed -E -e '$mask' step.out | sort"
rm -f step.out
