# srun directly (no allocation) with -n2 -l, --label, --output
run sh -c "timeout 60 srun -t 5 -n2 -l hostname | sed 's/[^ ]*\$/H/' | sort"
run sh -c "timeout 60 srun -t 5 -n2 --label echo hi | sort"
run timeout 60 srun -t 5 -n2 --output=srun-%t.out sh -c 'echo task $SLURM_PROCID'
run cat srun-0.out srun-1.out
run timeout 60 srun -t 5 -J named sh -c 'echo $SLURM_JOB_NAME $SLURM_STEP_ID $SLURM_NTASKS'
run timeout 60 srun -t 5 -N0 true
run timeout 60 srun -t bogus true
