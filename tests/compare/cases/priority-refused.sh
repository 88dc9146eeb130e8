# the priorities slurmctld gives to submissions it makes and then
# refuses (--test-only, no node fits) are skipped by an operator's
# release coming next, as by the next submission
a=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
h=$(sbatch --parsable --hold --begin=now+3600 -o /dev/null --wrap true)
run sbatch --test-only -o /dev/null --wrap true
run sbatch --mem=5000 -o /dev/null --wrap true
run scontrol release "$h"
run squeue -h -S i -j "$a,$h" -o "%i %Q"
run sbatch --test-only -o /dev/null --wrap true
b=$(sbatch --parsable --begin=now+3600 -o /dev/null --wrap true)
run squeue -h -S i -j "$a,$h,$b" -o "%i %Q"
scancel "$a" "$h" "$b"
