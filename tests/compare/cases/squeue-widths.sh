# squeue -o with a width (%5x), right-justified (%.7x) and none, for
# every letter of a running and a held job (not %L and %M, which tick),
# and -O with widths and justification
r=$(sbatch --parsable -J runner -t 10 --comment=cm -o /dev/null --wrap 'sleep 60')
job_running "$r"
p=$(sbatch --parsable --hold -J waiter -n 2 -N 1 --mem-per-cpu=10 -t 3 --mincpus=2 -o /dev/null --wrap true)
for f in a A b B c C d D e E f F g G h H i I j J k K l m n N o O p P q Q r R s S t T u U v V w W x X y Y z Z; do
	run squeue -h -j "$r,$p" --sort=i -o "%5$f|%.7$f|%$f|"
done
run squeue -h -j "$r,$p" --sort=i -O "JobID:5,Name:.4,State:-9,NodeList:1,ReasonList:20,MinCpus:.3,Tres:30,TresPerNode:5"
run squeue -h -j "$r,$p" --sort=i -O "ArrayJobID,ArrayTaskID,BatchFlag,BatchHost,CoreSpec,CPUsPerTask,EligibleTime,HetJobID,JobArrayID,Reboot,Requeue,RestartCnt,SubmitTime,Priority:12,PriorityLong,Nice,Cluster,Exit_Code"
scancel "$r" "$p"
