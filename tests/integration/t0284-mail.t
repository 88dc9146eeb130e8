#!/bin/bash
test_description='sbatch --mail-type: slurm.conf'"'"'s MailProg run as slurmctld runs it (MailProg -s SUBJECT USER, the job in its environment) for starts, ends, failures, requeues, arrays and time-limit marks; never twice after a controller restart'
. "$(dirname "$0")/test-lib.sh"

MAILDIR=$(mktemp -d /tmp/flurm-mail.XXXXXX) || error "cannot make a directory"
cleanup "rm -rf '$MAILDIR'"
# MailProg gets the job's variables only (no PATH): builtins alone. One
# line per mail: the recipient, the subject and a few variables.
cat >"$MAILDIR/mailprog" <<'SCRIPT'
#!/bin/bash
[ "$1" = -s ] || exit 2
printf '%s|%s|%s|%s|%s|%s\n' "$3" "$2" "$SLURM_JOB_ID" "$SLURM_JOB_MAIL_TYPE" \
	"$SLURM_JOB_STATE" "$SLURM_JOB_USER" >>"${0%/*}/mails"
SCRIPT
chmod 755 "$MAILDIR/mailprog"
MAILS=$MAILDIR/mails

FLURM_SLURM_CONF_EXTRA="MailProg=$MAILDIR/mailprog"
test_under_flurm 1 || error "cannot start a cluster"

# mails_for ID: the mails about job ID (subject field 2 names it)
mails_for() {
	grep -E "Job_id=$1[ _]" "$MAILS" 2>/dev/null
}
# wait_mails ID N: until N mails name job ID
wait_mails() {
	flurm_wait_for "test \$(mails_for $1 | wc -l) -ge $2" "${3:-20}"
}
# times (HH:MM:SS) vary: compare the rest
untimed() {
	sed -E 's/[0-9]{2}:[0-9]{2}:[0-9]{2}/TIME/g'
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'BEGIN,END: "Began, Queued time" at the start and "Ended, Run time, COMPLETED, ExitCode 0" to the owner' '
	j=$(submit --mail-type=BEGIN,END -J mailed -o /dev/null --wrap "sleep 1") &&
	wait_mails $j 2 &&
	mails_for $j | untimed >got &&
	cat >expect <<-EOF &&
	root|Slurm Job_id=$j Name=mailed Began, Queued time TIME|$j|Began|RUNNING|root
	root|Slurm Job_id=$j Name=mailed Ended, Run time TIME, COMPLETED, ExitCode 0|$j|Ended|COMPLETED|root
	EOF
	test_cmp expect got
'

test_expect_success 'FAIL to --mail-user: "Failed, ..., FAILED, ExitCode 3"; END alone sends nothing for a failed job, as slurmctld' '
	f=$(submit --mail-type=FAIL --mail-user=someone@example.org -o /dev/null --wrap "exit 3") &&
	e=$(submit --mail-type=END -o /dev/null --wrap "exit 4") &&
	wait_mails $f 1 &&
	wait_job $e FAILED &&
	mails_for $f | untimed >got &&
	echo "someone@example.org|Slurm Job_id=$f Name=wrap Failed, Run time TIME, FAILED, ExitCode 3|$f|Failed|FAILED|root" >expect &&
	test_cmp expect got &&
	sleep 2 &&
	test -z "$(mails_for $e)"
'

test_expect_success 'a waiting job cancelled: "Ended, Run time 00:00:00, CANCELLED"' '
	c=$(submit --hold --mail-type=END -o /dev/null --wrap true) &&
	scancel $c &&
	wait_mails $c 1 &&
	mails_for $c >got &&
	echo "root|Slurm Job_id=$c Name=wrap Ended, Run time 00:00:00, CANCELLED, ExitCode 0|$c|Ended|CANCELLED|root" >expect &&
	test_cmp expect got
'

test_expect_success 'REQUEUE: scontrol requeue mails "Requeued, Run time" of the run it stops' '
	r=$(submit --mail-type=REQUEUE -o /dev/null --wrap "sleep 300") &&
	wait_job $r RUNNING &&
	scontrol requeue $r &&
	wait_mails $r 1 &&
	mails_for $r | untimed >got &&
	echo "root|Slurm Job_id=$r Name=wrap Requeued, Run time TIME|$r|Requeued|PENDING|root" >expect &&
	test_cmp expect got &&
	scancel $r
'

test_expect_success 'an array mails once, a summary when its last task ends: "Slurm Array Summary Job_id=A_* (ID) ... ExitCode [0-2]"' '
	a=$(submit --array=0-2 --mail-type=BEGIN,END -o /dev/null --wrap "exit \$((SLURM_ARRAY_TASK_ID == 2 ? 2 : 0))") &&
	flurm_wait_for "test -z \"\$(squeue -h -j $a)\"" 30 &&
	wait_mails $a 2 &&
	sleep 1 &&
	mails_for $a | cut -d"|" -f1,2,4 | sed -E "s/\(([0-9]+)\)/(ID)/" >got &&
	cat >expect <<-EOF &&
	root|Slurm Array Summary Job_id=${a}_* (ID) Name=wrap Began|Began
	root|Slurm Array Summary Job_id=${a}_* (ID) Name=wrap Ended, Mixed, ExitCode [0-2]|Ended
	EOF
	test_cmp expect got
'

test_expect_success '--mail-type=END,ARRAY_TASKS: one mail each task, "Slurm Array Task Job_id=A_N (ID)"' '
	t=$(submit --array=1-2 --mail-type=END,ARRAY_TASKS -o /dev/null --wrap true) &&
	wait_mails $t 2 &&
	mails_for $t | cut -d"|" -f2 | untimed | sed -E "s/\([0-9]+\)/(ID)/" | sort >got &&
	cat >expect <<-EOF &&
	Slurm Array Task Job_id=${t}_1 (ID) Name=wrap Ended, Run time TIME, COMPLETED, ExitCode 0
	Slurm Array Task Job_id=${t}_2 (ID) Name=wrap Ended, Run time TIME, COMPLETED, ExitCode 0
	EOF
	test_cmp expect got
'

test_expect_success 'TIME_LIMIT_50: "Reached 50% of time limit" half way through a 1-minute limit' '
	h=$(submit -t 1 --mail-type=TIME_LIMIT_50 -o /dev/null --wrap "sleep 300") &&
	wait_job $h RUNNING &&
	wait_mails $h 1 45 &&
	mails_for $h | cut -d"|" -f2,4 >got &&
	grep -E "^Slurm Job_id=$h Name=wrap Reached 50% of time limit, Run time 00:00:(29|3[0-2])\|Reached 50% of time limit$" got &&
	scancel $h
'

test_expect_success 'INVALID_DEPEND: "Invalid dependency" once, as the dependency is found never satisfiable, with --kill-on-invalid-dep or not; an array once, a summary' '
	f=$(submit -o /dev/null --wrap "exit 1") &&
	wait_job $f FAILED &&
	d=$(submit --mail-type=INVALID_DEPEND -d afterok:$f -o /dev/null --wrap true) &&
	k=$(submit --mail-type=INVALID_DEPEND --kill-on-invalid-dep=yes -d afterok:$f -o /dev/null --wrap true) &&
	v=$(submit --array=0-2 --mail-type=INVALID_DEPEND -d afterok:$f -o /dev/null --wrap true) &&
	n=$(submit --mail-type=END -d afterok:$f -o /dev/null --wrap true) &&
	wait_mails $d 1 && wait_mails $k 1 && wait_mails $v 1 &&
	wait_job $k CANCELLED &&
	test "$(squeue -h -j $d -o %r)" = DependencyNeverSatisfied &&
	test "$(squeue -h -j $n -o %r)" = DependencyNeverSatisfied &&
	# later scheduler cycles find it so again: no second mail
	scontrol reconfigure && sleep 3 &&
	{ mails_for $d && mails_for $k && mails_for $v; } >got &&
	cat >expect <<-EOF &&
	root|Slurm Job_id=$d Name=wrap Invalid dependency|$d|Invalid dependency|PENDING|root
	root|Slurm Job_id=$k Name=wrap Invalid dependency|$k|Invalid dependency|PENDING|root
	root|Slurm Array Summary Job_id=${v}_* ($v) Name=wrap Invalid dependency|$v|Invalid dependency|PENDING|root
	EOF
	test_cmp expect got &&
	test -z "$(mails_for $n)" &&
	echo "$d $v $n" >never.ids
'

test_expect_success 'a controller restarted replays its log and mails nothing again' '
	sort "$MAILS" >before &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	s=$(submit --mail-type=BEGIN -o /dev/null --wrap true) &&
	wait_mails $s 1 &&
	grep -v "Job_id=$s " "$MAILS" | sort >after &&
	test_cmp before after &&
	scancel $(cat never.ids)
'

test_expect_success 'a MailProg that cannot run: the error in the log, the controller goes on' '
	cp "$MAILS" mails.kept &&
	chmod 644 "$MAILDIR/mailprog" &&
	k=$(submit --mail-type=END -o /dev/null --wrap true) &&
	wait_job $k COMPLETED &&
	flurm_wait_for "grep -q \"job $k: MailProg .*: Permission denied\" \"$(flurm_ctld_log 1)\"" 10 &&
	squeue >/dev/null &&
	test_cmp mails.kept "$MAILS"
'

test_done
