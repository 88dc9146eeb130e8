# a requeued batch job waits its launch credential's lifetime and a
# second (121 s) before it may run again: PENDING, reason BeginTime,
# its EligibleTime and StartTime that far ahead; requeuehold holds it
id=$(sbatch --parsable -o /dev/null --wrap "sleep 300")
job_running "$id"
t0=$(date +%s)
run scontrol requeue "$id"
sleep 3
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
