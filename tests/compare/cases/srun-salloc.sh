# salloc and srun with the real clients (srun -n larger than the
# partition: see sbatch-errors; slurmctld queues it, FLURM refuses it)
run timeout 60 salloc -t 5 sh -c 'echo "$SLURM_NNODES $SLURM_JOB_NODELIST $SLURM_NTASKS $SLURM_JOB_CPUS_PER_NODE"'
# the tasks' lines come in either order
run sh -c "timeout 60 srun -t 5 -n 2 -l sh -c 'echo \"\$SLURM_PROCID \$SLURM_NTASKS \$SLURM_STEP_NUM_TASKS \$SLURM_NODEID\"' | sort"
run timeout 60 srun -t 5 -p nosuch true
run timeout 60 salloc -t 5 --mem=5000 true
run timeout 60 srun -t 5 sh -c 'exit 3'
