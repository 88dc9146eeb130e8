# squeue -l, --start, filters and sort with a running and waiting jobs
r=$(sbatch --parsable -J runner -c 2 -t 10 -o /dev/null --wrap 'sleep 60')
job_running "$r"
w=$(sbatch --parsable -J waiter -c 2 -t 20 -p batch -o /dev/null --wrap true)
h=$(sbatch --parsable --hold -J holder -t 30 -o /dev/null --wrap true)
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$w" -o %r)" = Resources ] && break
	sleep 0.1
done
run sh -c "squeue -l | sed -E 's/ +[0-9]+:[0-9]+ +/ M /'"
# a job waiting for Resources: slurmctld shows START_TIME N/A until its
# backfill pass (30 s), FLURM its estimate at once (operations.md 12)
run squeue --start -j "$h"
run squeue -h -t PD,R -o "%j %t"
run squeue -h --sort=-j -o "%j"
run squeue -h --sort=l -o "%j %l"
run squeue -h -p batch -o "%j %P"
run squeue -h --me -o "%j"
run squeue -h -u "$(id -un)" -t R -o "%j"
run squeue -h -n waiter,holder -o "%j"
run squeue -h --states=all -o "%j" -n runner
run squeue -h -o "%.5j|%-8t|%10P|%i" -n runner
scancel "$r" "$w" "$h"
