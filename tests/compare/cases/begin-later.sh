# a job whose --begin is ahead: reason BeginTime, its begin shown as
# EligibleTime, AccrueTime and StartTime (slurmctld's accrue time is its
# begin time once its scheduler has seen it)
b=$(sbatch --parsable -J later --begin=now+600 -o /dev/null --wrap true)
sleep 2
run squeue -h -j "$b" -o "%j %t %r"
run sh -c "scontrol show job $b | grep -E '^   (JobState|SubmitTime|AccrueTime|StartTime)='"
s=$(squeue -h -j "$b" -o %S)
run sh -c "echo \$(( (\$(date -d $s +%s) - \$(date +%s) + 5) / 10 ))"
scancel "$b"
