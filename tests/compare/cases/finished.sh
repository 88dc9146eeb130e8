# jobs run to their end: exit codes, states, output and environment
ok=$(sbatch --parsable -J ok -o ok.out --wrap 'echo "$SLURM_JOB_NAME $SLURM_NTASKS $SLURM_JOB_PARTITION $SLURM_JOB_NODELIST $SLURM_NNODES $SLURM_JOB_NUM_NODES $SLURM_CPUS_ON_NODE $SLURM_TASKS_PER_NODE $SLURM_SUBMIT_DIR $SLURM_JOB_CPUS_PER_NODE"')
bad=$(sbatch --parsable -J bad -o bad.out --wrap 'echo failing; exit 3')
n2=$(sbatch --parsable -n 2 -o n2.out --wrap 'echo "n2 $SLURM_NTASKS $SLURM_NPROCS $SLURM_TASKS_PER_NODE"')
tpn=$(sbatch --parsable --ntasks-per-node=2 -o tpn.out --wrap 'echo "tpn $SLURM_NTASKS $SLURM_NPROCS $SLURM_TASKS_PER_NODE"')
c2=$(sbatch --parsable -c 2 -o c2.out --wrap 'echo "c2 [$SLURM_NTASKS] $SLURM_CPUS_PER_TASK $SLURM_TASKS_PER_NODE $SLURM_CPUS_ON_NODE"')
job_gone "$ok"; job_gone "$bad"; job_gone "$n2"; job_gone "$tpn"; job_gone "$c2"
run squeue -h -t all -j "$ok,$bad" -o "%j %t %r"
run sh -c "scontrol show job $bad | grep -E '^   (JobState|Requeue|NodeList)='"
run cat ok.out bad.out n2.out tpn.out c2.out
