# a requeued batch job waits its launch credential's lifetime and a
# second (121 s) before it may run again: PENDING, reason BeginTime,
# its EligibleTime and StartTime that far ahead, its SubmitTime the
# requeue's; requeuehold holds it
id=$(sbatch --parsable -o /dev/null --wrap "sleep 300")
job_running "$id"
sub0=$(date -d "$(scontrol show job "$id" | grep -oE 'SubmitTime=[^ ]*' | cut -d= -f2)" +%s)
t0=$(date +%s)
run scontrol requeue "$id"
sleep 3
# submitted again once its run has ended
sub=$(date -d "$(scontrol show job "$id" | grep -oE 'SubmitTime=[^ ]*' | cut -d= -f2)" +%s)
export SUB0=$sub0 SUB=$sub T0=$t0
run sh -c 'test $SUB -gt $SUB0 && test $SUB -ge $T0 && test $SUB -le $((T0 + 3)) && echo submitted again at the requeue'
run squeue -h -j "$id" -o "%T %r"
run sh -c "scontrol show job $id | grep -oE '(JobState|Reason|Restarts)=[^ ]*'"
e=$(date -d "$(scontrol show job "$id" | grep -oE 'EligibleTime=[^ ]*' | cut -d= -f2)" +%s)
s=$(date -d "$(scontrol show job "$id" | grep -oE ' StartTime=[^ ]*' | cut -d= -f2)" +%s)
export E=$e S=$s T=$t0
run sh -c 'test $E -ge $((T + 121)) && test $E -le $((T + 125)) && test $S = $E && echo about 121 s ahead'
h=$(sbatch --parsable -o /dev/null --wrap "sleep 300")
scancel "$id"
job_running "$h"
run scontrol requeuehold "$h"
sleep 3
run squeue -h -j "$h" -o "%T %r"
run sh -c "scontrol show job $h | grep -oE '(JobState|Reason|Priority)=[^ ]*'"
scancel "$h"
