# scontrol show job without an id (and squeue, for jobs its sort keeps
# together) lists jobs in slurmctld's job list order: a task that leaves
# an array's record of waiting tasks stays in the record's place, the
# record goes after every job there is then. Only this case's jobs
# (earlier cases leave theirs listed until MinJobAge).
first=$(sbatch --parsable --hold -o /dev/null --wrap true)
arr=$(sbatch --parsable --array=0-3%1 -o /dev/null --wrap "sleep 300")
job_running "${arr}_0"
mid=$(sbatch --parsable --hold -o /dev/null --wrap true)
scancel "${arr}_0"
job_running "${arr}_1"
last=$(sbatch --parsable --hold -o /dev/null --wrap true)
run sh -c "scontrol -o show job | sed -E 's/^(JobId=([0-9]+)( ArrayJobId=[0-9]+ ArrayTaskId=[^ ]+)?).* JobState=([A-Z]+).*/\2 \1 \4/' | awk '\$1 >= $first'"
run sh -c "squeue -h -o '%i %T %r' | awk '\$1 + 0 >= $first'"
run sh -c "squeue -h -t all -o '%i %T' | awk '\$1 + 0 >= $first'"
scancel "$first" "$arr" "$mid" "$last"
