#!/bin/bash
test_description='flurmsh sched stats|run, log level, hold/release, job update and shutdown; scontrol setdebug through the same operation: through -c and --json, effects seen in the controller log and by the real Slurm clients as scontrol gives them, refused to non-operators'
. "$(dirname "$0")/test-lib.sh"

# the controller starts at info, so a change to debug shows in its log
FLURM_LOG_LEVEL=info
export FLURM_LOG_LEVEL
test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

cycles() { flurmsh --json sched stats >c.json && json c.json "\$j->{cycles}"; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'sched stats: cycles, pending and running counts, --json' '
	id=$(submit --hold --wrap="true") &&
	flurmsh -c "sched stats" >out &&
	grep "^cycles:  *[0-9][0-9]*$" out &&
	grep "^last cycle:  *[0-9.]* ms$" out &&
	grep -x "pending:          1 (1 held)" out &&
	grep -x "running:          0" out &&
	grep -x "starts in flight: 0" out &&
	flurmsh --json sched stats >s.json &&
	test "$(json s.json "\$j->{pending}")" = 1 &&
	test "$(json s.json "\$j->{held}")" = 1 &&
	test "$(json s.json "\$j->{running}")" = 0 &&
	scancel $id
'

test_expect_success 'sched run: a cycle runs at once' '
	before=$(cycles) &&
	flurmsh -c "sched run" >out &&
	grep -x "scheduling cycle requested" out &&
	flurm_wait_for "[ \$(cycles) -gt $before ]" 10 &&
	flurmsh --json sched run >r.json &&
	test "$(json r.json "\$j->{ok} ? 1 : 0")" = 1
'

test_expect_success ROOT 'sched run and log level are refused to non-operators' '
	test_expect_code 1 as_nobody flurmsh sched run 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh log level debug 2>err &&
	grep "permission denied" err &&
	flurmsh log level >out &&
	grep -x "log level: info" out &&
	as_nobody flurmsh sched stats >out &&
	grep "^cycles:" out
'

test_expect_success 'log level: shown, set at runtime, changes what is logged' '
	log=$(flurm_ctld_log 1) &&
	flurmsh -c "log level" >out &&
	grep -x "log level: info" out &&
	flurmsh -c "ping; ping" &&
	! grep ": ping$" "$log" &&
	flurmsh -c "log level debug" >out &&
	grep -x "log level: debug" out &&
	grep "log level info -> debug" "$log" &&
	flurmsh -c ping &&
	flurm_wait_for "grep -q \": ping\$\" \"$log\"" 5 &&
	squeue >/dev/null &&
	grep "REQUEST_JOB_INFO" "$log" &&
	flurmsh --json log level info >l.json &&
	test "$(json l.json "\$j->{level}")" = info &&
	n=$(grep -c ": ping$" "$log") &&
	flurmsh -c "ping" &&
	test "$(grep -c ": ping$" "$log")" = "$n"
'

test_expect_success 'log level: unknown levels are refused, nothing changes' '
	test_expect_code 1 flurmsh log level chatty 2>err &&
	grep "unknown log level .chatty." err &&
	flurmsh log level >out &&
	grep -x "log level: info" out &&
	test_expect_code 2 flurmsh log size 2>err &&
	grep "unknown subcommand .size." err &&
	test_expect_code 2 flurmsh sched 2>err &&
	test_expect_code 2 flurmsh sched stop 2>err
'

reason() { squeue -h -j "$1" -o %r; }
prio() { squeue -h -j "$1" -o %Q; }

test_expect_success 'hold and release through flurmsh and scontrol give the same jobs' '
	a=$(submit --begin=now+3600 --wrap=true) &&
	b=$(submit --begin=now+3600 --wrap=true) &&
	scontrol hold $a &&
	flurmsh -c "hold $b" &&
	test "$(reason $a)" = JobHeldAdmin &&
	test "$(reason $b)" = JobHeldAdmin &&
	test "$(prio $a)" = 0 && test "$(prio $b)" = 0 &&
	scontrol show job $a | grep -o "JobState=[A-Z]* Reason=[A-Za-z]*" >sa &&
	scontrol show job $b | grep -o "JobState=[A-Z]* Reason=[A-Za-z]*" >sb &&
	test_cmp sa sb &&
	scontrol release $a &&
	flurmsh --json release $b >r.json &&
	test "$(reason $a)" = BeginTime &&
	test "$(reason $b)" = BeginTime &&
	test "$(prio $a)" -gt 0 && test "$(prio $b)" -gt 0 &&
	echo "$a $b" >ids
'

test_expect_success 'job update: name, time limit and partition, seen by scontrol and squeue' '
	read a b <ids &&
	flurmsh -c "job update $b name=renamed timelimit=5 partition=batch" >out &&
	grep -x "job $b updated" out &&
	scontrol show job $b >show &&
	grep "JobName=renamed" show &&
	grep "TimeLimit=00:05:00" show &&
	grep "Partition=batch" show &&
	scontrol update JobId=$a JobName=renamed TimeLimit=5 Partition=batch &&
	test "$(squeue -h -j $a -o "%j %l %P")" = "$(squeue -h -j $b -o "%j %l %P")" &&
	flurmsh --json job update $b comment=hello >u.json &&
	test "$(json u.json "\$j->{ok} ? 1 : 0")" = 1 &&
	scontrol show job $b | grep "Comment=hello" &&
	grep "updates job $b: JobName=renamed Partition=batch TimeLimit=5" "$(flurm_ctld_log 1)"
'

test_expect_success 'job update: bad keys and values fail and change nothing' '
	read a b <ids &&
	test_expect_code 1 flurmsh job update $b partition=nosuch 2>err &&
	grep "partition .nosuch. does not exist" err &&
	test_expect_code 1 flurmsh job update $b colour=red 2>err &&
	grep "unknown job setting .colour." err &&
	test_expect_code 1 flurmsh job update $b timelimit=soon 2>err &&
	grep "timelimit .soon. is not a number of minutes" err &&
	test_expect_code 2 flurmsh job update $b 2>err &&
	test_expect_code 2 flurmsh job update $b name 2>err &&
	grep "is not key=value" err &&
	test_expect_code 1 flurmsh job update 999999 name=x 2>err &&
	grep "job 999999 does not exist" err &&
	test "$(squeue -h -j $b -o "%j %l %P")" = "renamed 5:00 batch"
'

test_expect_success ROOT 'job update and hold of another user.s job are refused' '
	read a b <ids &&
	test_expect_code 1 as_nobody flurmsh job update $b name=mine 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh hold $b 2>err &&
	grep "permission denied" err &&
	test "$(squeue -h -j $b -o %j)" = renamed &&
	scancel $a $b
'

test_expect_success 'scontrol setdebug is the operation flurmsh log level runs' '
	log=$(flurm_ctld_log 1) &&
	scontrol setdebug debug &&
	grep "log level info -> debug" "$log" &&
	flurmsh log level >out &&
	grep -x "log level: debug" out &&
	scontrol setdebug debug3 &&
	flurmsh log level >out &&
	grep -x "log level: trace" out &&
	scontrol setdebug info &&
	flurmsh log level >out &&
	grep -x "log level: info" out
'

test_expect_success ROOT 'shutdown and setdebug are refused to non-operators' '
	test_expect_code 1 as_nobody flurmsh shutdown -y 2>err &&
	grep "permission denied: only operators" err &&
	test_must_fail as_nobody scontrol setdebug error &&
	test_must_fail as_nobody scontrol shutdown &&
	flurmsh log level >out &&
	grep -x "log level: info" out &&
	flurm_daemon_alive ctl1
'

test_expect_success 'shutdown: bad options are usage errors, the controller stays' '
	test_expect_code 2 flurmsh shutdown now 2>err &&
	grep "unknown option .now." err &&
	flurm_daemon_alive ctl1
'

test_expect_success 'flurmsh shutdown from a script stops the controller cleanly' '
	log=$(flurm_ctld_log 1) &&
	flurmsh -c "shutdown" >out &&
	grep -x "the controller is shutting down" out &&
	flurm_wait_for "! flurm_daemon_alive ctl1" 15 &&
	grep "shutdown requested by uid $(id -u)" "$log" &&
	grep "shutting down on request" "$log" &&
	test_expect_code 3 flurmsh ping 2>err
'

test_done
