# a node set DOWN under a batch job: requeued (JobRequeue=1), pending with
# one restart more, its exit code kept and a new SubmitTime, mailed as a failure and a
# requeue; --no-requeue ends NODE_FAIL, its exit code that of its script
# stopped by the node (0:15)
mails=${SLURM_CONF%/*}/mails
id=$(sbatch --parsable --mail-type=FAIL,REQUEUE,END -J nd -o /dev/null --wrap "sleep 300")
nr=$(sbatch --parsable --no-requeue -o /dev/null --wrap "sleep 300")
job_running "$id"
job_running "$nr"
: >"$mails"
sub0=$(date -d "$(scontrol show job "$id" | grep -oE 'SubmitTime=[^ ]*' | cut -d= -f2)" +%s)
t0=$(date +%s)
run scontrol update NodeName=node1 State=DOWN Reason="requeue test"
sleep 2
# submitted again when it was requeued (it let go of the node at once)
sub=$(date -d "$(scontrol show job "$id" | grep -oE 'SubmitTime=[^ ]*' | cut -d= -f2)" +%s)
export SUB0=$sub0 SUB=$sub T=$t0
run sh -c 'test $SUB -gt $SUB0 && test $SUB -ge $T && test $SUB -le $((T + 2)) && echo submitted again at the requeue'
# slurmctld runs MailProg for each at once: their order varies
run sort "$mails"
run squeue -h -t all -j "$id,$nr" -o "%i %T %r"
run sh -c "scontrol show job $id | grep -oE '(JobState|Restarts|ExitCode|Requeue)=[^ ]*'"
# its script, stopped on the node, gives it its exit code
for _ in $(seq 1 50); do
	scontrol show job "$nr" | grep -q " ExitCode=0:0" || break
	sleep 0.2
done
run sh -c "scontrol -d show job $nr | grep -oE '(JobState|Reason|Restarts|Requeue|ExitCode|DerivedExitCode)=[^ ]*'"
scancel "$id" "$nr"
# slurmctld refuses the resume while the node still completes a job
for _ in $(seq 1 100); do
	scontrol update NodeName=node1 State=RESUME 2>/dev/null
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.2
done
