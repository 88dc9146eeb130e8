# an operator's Priority=N and release of a job not held drop its nice,
# as slurmctld (the release also gives it the next priority)
a=$(sbatch --parsable --nice=10 --begin=now+3600 -o /dev/null --wrap true)
run scontrol update JobId="$a" Priority=50
run squeue -h -j "$a" -o "%Q %y"
b=$(sbatch --parsable --nice=10 --begin=now+3600 -o /dev/null --wrap true)
run scontrol release "$b"
run squeue -h -j "$b" -o "%y"
scancel "$a" "$b"
# a priority given directly (Priority=, sbatch --priority) keeps it and
# its nice whatever Nice= says, until a hold and release (direct_set_prio)
a=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
run scontrol update JobId="$a" Priority=50
run scontrol update JobId="$a" Nice=7
run squeue -h -j "$a" -o "%Q %y"
run scontrol update JobId="$a" Priority=60 Nice=8
run squeue -h -j "$a" -o "%Q %y"
c=$(sbatch --parsable --priority=4000 --nice=5 --begin=now+3600 -o /dev/null --wrap true)
run squeue -h -j "$c" -o "%Q %y"
run scontrol update JobId="$c" Nice=9
run squeue -h -j "$c" -o "%Q %y"
scontrol hold "$c"
scontrol release "$c"
run scontrol update JobId="$c" Nice=3
run squeue -h -j "$c" -o "%y"
scancel "$a" "$c"
