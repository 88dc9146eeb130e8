# a job whose --begin is ahead: reason BeginTime, its begin shown as
# EligibleTime and StartTime (and as AccrueTime, which slurmctld shows
# only from its next scheduling pass: not compared)
b=$(sbatch --parsable -J later --begin=now+600 -o /dev/null --wrap true)
sleep 2
run squeue -h -j "$b" -o "%j %t %r"
run sh -c "scontrol show job $b | grep -E '^   (JobState|SubmitTime|StartTime)='"
s=$(squeue -h -j "$b" -o %S)
run sh -c "echo \$(( (\$(date -d $s +%s) - \$(date +%s) + 5) / 10 ))"
scancel "$b"
