#!/bin/bash
test_description='job arrays with the real clients where slurmctld acts on every task: dependencies on a whole array, one task and aftercorr, scancel -s, scontrol requeue, suspend, resume and top (through nice values) of an array, a task and a range, scontrol show job ID_N, and ArrayTaskThrottle updates'
. "$(dirname "$0")/test-lib.sh"

# A requeued job waits its launch credential's lifetime and a second
# (slurmctld's BeginTime); a short AuthInfo=cred_expire keeps this short.
FLURM_CRED_EXPIRE=5
export FLURM_CRED_EXPIRE
test_under_flurm 2 || error "cannot start a cluster"

# field ID NAME: the value of NAME= in `scontrol show job ID` (first record)
field() {
	scontrol show job $1 | tr " " "\n" | sed -n "s/^$2=//p" | head -1
}
# tstate ID_N: what squeue says of one task
tstate() {
	squeue -h -r -j $1 -t all -o %T
}
# go ARRAY TASK CODE: let that task of gate.sh end with CODE
go() {
	echo $3 >go.$1_$2
}
# running ARRAY N: until N tasks of ARRAY run
running() {
	flurm_wait_for "[ \"\$(squeue -h -r -j $1 -t R | wc -l)\" = $2 ]" 30
}
# cycles: sdiag's count of scheduler cycles.
cycles() {
	sdiag | sed -n "/^Main schedule/,/^\$/s/^	Total cycles: *//p"
}
# a_cycle_later: until a scheduler cycle has begun and ended after this
# call, so that what was already recorded (a task's end, a start) has
# been looked at by it (dependencies, throttle) and it is safe to check
# that nothing more came of it.
a_cycle_later() {
	local c0
	c0=$(cycles) && test -n "$c0" &&
	flurm_wait_for "test \$(cycles) -gt $c0" 30
}
# started ARRAY T...: until gate.sh runs (its trap set) in those tasks
started() {
	local a=$1 t
	shift
	for t in "$@"; do
		flurm_wait_for "test -s runs.${a}_$t" 30 || return 1
	done
}

# Each task waits until the test lets it end, with the code it is given;
# it notes each USR1 and each run. Its shell gets the signals of
# scancel -b (batch shell only): a plain scancel -s reaches steps only.
cat >gate.sh <<'EOF'
#!/bin/bash
me=${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}
trap 'echo usr1 >>sig.$me' USR1
echo run >>runs.$me
while [ ! -e go.$me ]; do sleep 0.2; done
exit $(cat go.$me)
EOF
chmod +x gate.sh

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'afterok:ARRAY waits for every task, not the first one' '
	a=$(submit --array=0-2 -o /dev/null ./gate.sh) &&
	b=$(submit -d afterok:$a -o /dev/null --wrap true) &&
	running $a 3 &&
	test "$(field $b Dependency)" = "afterok:${a}_*(unfulfilled)" &&
	go $a 0 0 && go $a 1 0 &&
	flurm_wait_for "[ \"\$(tstate ${a}_0)\" = COMPLETED ]" 30 &&
	flurm_wait_for "[ \"\$(tstate ${a}_1)\" = COMPLETED ]" 30 &&
	a_cycle_later &&
	test "$(squeue -h -j $b -o %T.%r)" = PENDING.Dependency &&
	go $a 2 0 &&
	wait_job $b COMPLETED 30
'

test_expect_success 'afterok:ARRAY_N waits for that task only' '
	a=$(submit --array=0-2 -o /dev/null ./gate.sh) &&
	b=$(submit -d afterok:${a}_2 -o /dev/null --wrap true) &&
	running $a 3 &&
	test "$(field $b Dependency)" = "afterok:${a}_2(unfulfilled)" &&
	go $a 2 0 &&
	wait_job $b COMPLETED 30 &&
	test "$(tstate ${a}_0)" = RUNNING &&
	go $a 0 0 && go $a 1 0 &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30
'

test_expect_success 'one failed task: afternotok:ARRAY runs once all ended, afterok never' '
	a=$(submit --array=0-1 -o /dev/null ./gate.sh) &&
	ok=$(submit -d afterok:$a -o /dev/null --wrap true) &&
	notok=$(submit -d afternotok:$a -o /dev/null --wrap true) &&
	running $a 2 &&
	go $a 1 3 &&
	flurm_wait_for "[ \"\$(tstate ${a}_1)\" = FAILED ]" 30 &&
	a_cycle_later &&
	test "$(squeue -h -j $notok -o %T.%r)" = PENDING.Dependency &&
	go $a 0 0 &&
	wait_job $notok COMPLETED 30 &&
	flurm_wait_for "[ \"\$(squeue -h -j $ok -o %r)\" = DependencyNeverSatisfied ]" 30 &&
	test "$(field $ok Dependency)" = "afterok:${a}_*(failed)" &&
	scancel $ok
'

test_expect_success 'after:ARRAY waits until every task has started' '
	a=$(submit --array=0-1%1 -o /dev/null ./gate.sh) &&
	b=$(submit -d after:$a -o /dev/null --wrap true) &&
	running $a 1 &&
	a_cycle_later &&
	test "$(squeue -h -j $b -o %T.%r)" = PENDING.Dependency &&
	go $a 0 0 &&
	flurm_wait_for "[ \"\$(tstate ${a}_1)\" = RUNNING ]" 30 &&
	wait_job $b COMPLETED 30 &&
	go $a 1 0
'

test_expect_success 'aftercorr: task N waits for task N of the other array' '
	a=$(submit --array=0-1 -o /dev/null ./gate.sh) &&
	b=$(submit --array=0-1 -d aftercorr:$a -o /dev/null --wrap true) &&
	running $a 2 &&
	go $a 1 0 &&
	flurm_wait_for "[ \"\$(tstate ${b}_1)\" = COMPLETED ]" 30 &&
	test "$(squeue -h -r -j ${b}_0 -o %T.%r)" = PENDING.Dependency &&
	go $a 0 0 &&
	flurm_wait_for "[ \"\$(tstate ${b}_0)\" = COMPLETED ]" 30
'

test_expect_success 'scancel -b -s USR1 ARRAY signals every running task' '
	a=$(submit --array=0-2 -o /dev/null ./gate.sh) &&
	echo $a >sig.id &&
	started $a 0 1 2 &&
	scancel -b -s USR1 $a &&
	for t in 0 1 2; do
		flurm_wait_for "test -s sig.${a}_$t" 10 || return 1
	done &&
	sleep 1 &&
	for t in 0 1 2; do
		test "$(wc -l <sig.${a}_$t)" = 1 || return 1
	done
'

test_expect_success 'scancel -b -s USR1 ARRAY_N and ARRAY_[range] signal the tasks named' '
	a=$(cat sig.id) &&
	scancel -b -s USR1 ${a}_1 &&
	flurm_wait_for "[ \"\$(wc -l <sig.${a}_1)\" = 2 ]" 10 &&
	scancel -b -s USR1 "${a}_[0-1]" &&
	flurm_wait_for "[ \"\$(wc -l <sig.${a}_0)\" = 2 ]" 10 &&
	flurm_wait_for "[ \"\$(wc -l <sig.${a}_1)\" = 3 ]" 10 &&
	test "$(wc -l <sig.${a}_2)" = 1 &&
	scancel $a &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30
'

# As with slurmctld, a task that has not started is "try again later"
# (ESLURM_TRANSITION_STATE_NO_UPDATE): scancel asks again 5 s later and
# more, and prints "Job can not be altered now, try again later" only
# after 10 tries (95 s); here the task starts in between.
test_expect_success 'scancel -b -s USR1 ARRAY with a pending task: the running ones get it, scancel retries the pending one until it runs' '
	a=$(submit --array=0-2%2 -o /dev/null ./gate.sh) &&
	started $a 0 1 &&
	{ scancel -v -b -s USR1 $a 2>sc.err & } &&
	scpid=$! &&
	flurm_wait_for "test -s sig.${a}_0" 10 &&
	flurm_wait_for "test -s sig.${a}_1" 10 &&
	flurm_wait_for "grep -q \"Job is in transitional state, retrying\" sc.err" 10 &&
	test "$(tstate ${a}_2)" = PENDING &&
	test ! -e sig.${a}_2 &&
	go $a 0 0 &&
	started $a 2 &&
	wait $scpid &&
	flurm_wait_for "test -s sig.${a}_2" 30 &&
	! grep "Kill job error" sc.err &&
	test "$(wc -l <sig.${a}_1)" = 1 &&
	scancel $a &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30
'

test_expect_success 'scancel -s USR1 of a pending job: "try again later", as slurmctld' '
	h=$(submit --hold -o /dev/null --wrap true) &&
	{ scancel -v -s USR1 $h 2>h.err & } &&
	hpid=$! &&
	flurm_wait_for "grep -q \"Job is in transitional state, retrying\" h.err" 10 &&
	kill $hpid && wait $hpid
	scancel $h &&
	wait_job $h CANCELLED
'

test_expect_success 'scontrol notify ARRAY: refused while a task is pending, then to the task that started last' '
	a=$(submit --array=0-2%2 -o note.%a ./gate.sh) &&
	started $a 0 1 &&
	test_must_fail scontrol notify $a early 2>err &&
	echo "job notify failure: Requested operation is presently disabled" >expect &&
	test_cmp expect err &&
	go $a 1 0 &&
	started $a 2 &&
	scontrol notify $a hello array &&
	flurm_wait_for "grep -q \"hello array\" note.2" 10 &&
	! grep -q hello note.0 &&
	go $a 0 0 && go $a 2 0 &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30 &&
	test_must_fail scontrol notify $a late 2>err &&
	echo "job notify failure: Job/step already completing or completed" >expect &&
	test_cmp expect err
'

test_expect_success 'scontrol show job ARRAY_N shows that task' '
	a=$(submit --array=0-1 -o /dev/null ./gate.sh) &&
	echo $a >sus.id &&
	started $a 0 1 &&
	scontrol show job ${a}_1 >show &&
	test "$(grep -c "^JobId=" show)" = 1 &&
	grep "ArrayJobId=$a ArrayTaskId=1 " show
'

test_expect_success 'scontrol suspend ARRAY suspends every task, resume ARRAY_N one' '
	a=$(cat sus.id) &&
	scontrol suspend $a &&
	test "$(tstate ${a}_0)" = SUSPENDED &&
	test "$(tstate ${a}_1)" = SUSPENDED &&
	scontrol resume ${a}_1 &&
	test "$(tstate ${a}_1)" = RUNNING &&
	test "$(tstate ${a}_0)" = SUSPENDED
'

test_expect_success 'scontrol resume of a range: each task'"'"'s outcome, as slurmctld' '
	a=$(cat sus.id) &&
	test_must_fail scontrol resume "${a}_[0-1]" 2>err &&
	test "$(tstate ${a}_0)" = RUNNING &&
	grep "^${a}_0: No error$" err &&
	grep "^${a}_1: .*not suspended" err &&
	test_must_fail scontrol suspend "${a}_[1-5]" 2>err &&
	grep "^${a}_2-5: Invalid job id specified$" err &&
	test "$(tstate ${a}_1)" = SUSPENDED &&
	test_must_fail scontrol suspend "${a}_*" 2>err &&
	grep "Invalid job id specified" err &&
	test "$(tstate ${a}_0)" = RUNNING &&
	scontrol resume ${a}_1
'

test_expect_success 'scontrol requeue ARRAY runs every task again, ARRAY_N one' '
	a=$(cat sus.id) &&
	scontrol requeue $a &&
	flurm_wait_for "[ \"\$(cat runs.${a}_0 runs.${a}_1 | wc -l)\" = 4 ]" 30 &&
	running $a 2 &&
	test "$(field ${a}_1 Restarts)" = 1 &&
	scontrol requeue ${a}_1 &&
	flurm_wait_for "[ \"\$(wc -l <runs.${a}_1)\" = 3 ]" 30 &&
	test "$(wc -l <runs.${a}_0)" = 2 &&
	scontrol requeuehold "${a}_[0-1]" &&
	flurm_wait_for "[ \"\$(squeue -h -r -j $a -o %T | sort -u)\" = PENDING ]" 30 &&
	squeue -h -r -j $a -o %r | sort -u >got &&
	echo "job requeued in held state" >expect &&
	test_cmp expect got &&
	scancel $a
'

test_expect_success 'scontrol update ArrayTaskThrottle=N: more tasks run at once' '
	a=$(submit --array=0-3%1 -o /dev/null ./gate.sh) &&
	started $a 0 &&
	a_cycle_later &&
	test "$(squeue -h -r -j $a -t R | wc -l)" = 1 &&
	scontrol update JobId=$a ArrayTaskThrottle=3 &&
	running $a 3 &&
	test "$(field $a ArrayTaskThrottle)" = 3 &&
	test "$(squeue -h -j $a -t PD -o %i)" = "${a}_[3%3]" &&
	scontrol update JobId=$a ArrayTaskThrottle=0 &&
	running $a 4 &&
	scancel $a &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30
'

test_expect_success 'scontrol top ARRAY moves every pending task ahead' '
	blocker=$(submit -N 2 -n 4 -o /dev/null ./gate.sh) &&
	wait_job $blocker RUNNING &&
	p=$(submit -o /dev/null --wrap true) &&
	a=$(submit --array=0-1 -o /dev/null --wrap true) &&
	wait_job $p PENDING &&
	test_must_fail scontrol top "${a}_[0-1]" 2>err &&
	grep "Invalid job id specified" err &&
	test "$(squeue -h -r -j ${a}_1 -o %Q)" -lt "$(squeue -h -j $p -o %Q)" &&
	scontrol top $a &&
	pp=$(squeue -h -j $p -o %Q) &&
	t0=$(squeue -h -r -j ${a}_0 -o %Q) &&
	t1=$(squeue -h -r -j ${a}_1 -o %Q) &&
	# the tasks share one priority, as slurmctld'"'"'s one pending record
	test $t0 = $t1 &&
	test $t1 -gt $pp &&
	# through the nice values, as slurmctld: the record gained one,
	# the other job gave it up
	test "$(squeue -h -r -j ${a}_1 -o %y)" = -1 &&
	test "$(squeue -h -j $p -o %y)" = 1 &&
	scontrol top $p &&
	test "$(squeue -h -j $p -o %y)" = 0 &&
	test "$(squeue -h -r -j ${a}_0 -o %y)" = 0 &&
	test $(squeue -h -j $p -o %Q) -gt $(squeue -h -r -j ${a}_0 -o %Q) &&
	# a task still in the pending record names the record: both move
	scontrol top ${a}_1 &&
	t0=$(squeue -h -r -j ${a}_0 -o %Q) &&
	t1=$(squeue -h -r -j ${a}_1 -o %Q) &&
	test $t0 = $t1 &&
	test $t0 -gt $(squeue -h -j $p -o %Q) &&
	test "$(squeue -h -r -j ${a}_0 -o %y)" = -1 &&
	scancel $blocker $p $a
'

test_expect_success 'flurmsh on an array id no task holds yet: update, hold, suspend, resume, requeue and release act on its tasks, as scontrol' '
	a=$(submit -H --array=0-2%2 -o /dev/null ./gate.sh) &&
	# every task waits in the array record: no job has the id $a
	flurmsh -c "job update $a comment=every" >out &&
	grep -x "job $a updated" out &&
	test "$(squeue -h -r -j $a -o %k | sort -u)" = every &&
	flurmsh -c "release $a" >out &&
	grep -x "job $a: released" out &&
	started $a 0 1 &&
	running $a 2 &&
	test "$(tstate ${a}_2)" = PENDING &&
	# task 2 still waits in the record (the throttle): the id is the
	# array, whose pending task is held and running ones left alone
	flurmsh -c "hold $a" >out &&
	grep -x "job $a: held" out &&
	test "$(squeue -h -r -j ${a}_2 -o %r)" = JobHeldAdmin &&
	test "$(tstate ${a}_0)" = RUNNING &&
	flurmsh -c "job suspend $a" >out &&
	grep -x "job $a suspended" out &&
	test "$(tstate ${a}_0)" = SUSPENDED &&
	test "$(tstate ${a}_1)" = SUSPENDED &&
	flurmsh -c "job resume $a" &&
	test "$(tstate ${a}_0)" = RUNNING &&
	test "$(tstate ${a}_1)" = RUNNING &&
	flurmsh -c "job requeue $a" &&
	flurm_wait_for "[ \"\$(cat runs.${a}_0 runs.${a}_1 | wc -l)\" = 4 ]" 30 &&
	test "$(tstate ${a}_2)" = PENDING &&
	# the controller log names a waiting task as clients know it
	# (this test'"'"'s and the others'"'"' in this file), never by the id
	# it has inside the model (from 2130706432)
	log=$(flurm_ctld_log 1) &&
	grep "updates job ${a}_2: hold(admin)" "$log" &&
	! grep "21[0-9]\{8\}" "$log" &&
	# a refusal by every task names a task as clients know it
	test_must_fail flurmsh -c "job resume $a" 2>err &&
	grep "job [0-9_]* is " err &&
	! grep "21[0-9]\{8\}" err &&
	scancel $a
'

test_done
