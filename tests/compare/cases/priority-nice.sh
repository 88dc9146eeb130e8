# an operator's Priority=N and release of a job not held drop its nice,
# as slurmctld (the release also gives it the next priority)
a=$(sbatch --parsable --nice=10 --begin=now+3600 -o /dev/null --wrap true)
run scontrol update JobId="$a" Priority=50
run squeue -h -j "$a" -o "%Q %y"
b=$(sbatch --parsable --nice=10 --begin=now+3600 -o /dev/null --wrap true)
run scontrol release "$b"
run squeue -h -j "$b" -o "%y"
scancel "$a" "$b"
