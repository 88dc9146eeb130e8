# sbatch --mail-type: what MailProg is given (recipient, subject, some of
# its variables), one line per mail, in the order sent
mails=${SLURM_CONF%/*}/mails
: >"$mails"
# wait_mails N: until N mails are written (slurmctld sends from a queue)
wait_mails() {
	for _ in $(seq 1 100); do
		[ "$(wc -l <"$mails")" -ge "$1" ] && return
		sleep 0.2
	done
}
ok=$(sbatch --parsable --mail-type=BEGIN,END -J mailed -o /dev/null --wrap true)
job_gone "$ok"
wait_mails 2
bad=$(sbatch --parsable --mail-type=FAIL,END --mail-user=someone@example.org -o /dev/null --wrap "exit 3")
job_gone "$bad"
wait_mails 3
endonly=$(sbatch --parsable --mail-type=END -o /dev/null --wrap "exit 4")
held=$(sbatch --parsable --hold --mail-type=ALL -o /dev/null --wrap true)
scancel "$held"
job_gone "$endonly"
job_gone "$held"
wait_mails 4
arr=$(sbatch --parsable --array=0-2 --mail-type=END -o /dev/null --wrap 'exit $((SLURM_ARRAY_TASK_ID == 2 ? 2 : 0))')
job_gone "$arr"
wait_mails 5
sleep 1
run cat "$mails"
: >"$mails"
# a requeue mails the run it stops; an array's first task mails BEGIN
# once; ARRAY_TASKS mails each task
rq=$(sbatch --parsable --mail-type=REQUEUE -o /dev/null --wrap "sleep 300")
job_running "$rq"
sleep 1
scontrol requeue "$rq"
wait_mails 1
scancel "$rq"
job_gone "$rq"
arr2=$(sbatch --parsable --array=1-2 --mail-type=BEGIN,END,ARRAY_TASKS -o /dev/null --wrap true)
job_gone "$arr2"
wait_mails 5
arr3=$(sbatch --parsable --array=1-2 --mail-type=BEGIN -o /dev/null --wrap true)
job_gone "$arr3"
wait_mails 6
sleep 1
run sh -c "sed -E 's/\(([0-9]+)\)/(ID)/' '$mails' | sort"
: >"$mails"
# a dependency that can never be satisfied mails INVALID_DEPEND once as
# it is found so, before --kill-on-invalid-dep cancels; an array's
# waiting tasks once, as a summary
# (the job they depend on fails after they are submitted: one found
# invalid at submission is cancelled by slurmctld before it takes a
# priority, see docs/operations.md section 12)
failed=$(sbatch --parsable -o /dev/null --wrap "sleep 2; exit 1")
never=$(sbatch --parsable --mail-type=INVALID_DEPEND -d afterok:"$failed" -o /dev/null --wrap true)
killed=$(sbatch --parsable --mail-type=INVALID_DEPEND --kill-on-invalid-dep=yes -d afterok:"$failed" -o /dev/null --wrap true)
narr=$(sbatch --parsable --array=0-2 --mail-type=INVALID_DEPEND -d afterok:"$failed" -o /dev/null --wrap true)
job_gone "$failed"
wait_mails 3
sleep 2
run sort "$mails"
run squeue -h -j "$never,$narr" -o "%i %T %r"
scancel "$never" "$narr"
