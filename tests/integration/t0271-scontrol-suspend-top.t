#!/bin/bash
test_description='scontrol suspend, resume and top with the real scontrol: processes stopped and continued, the time limit paused, the owner'"'"'s job moved ahead; operator rights and Slurm errors; scontrol show hostnames and hostlist'
. "$(dirname "$0")/test-lib.sh"

# no periodic scheduler cycles: pending jobs keep their order until a
# change asks for a cycle
FLURM_CTLD_CONF_EXTRA="sched_interval_ms = 3600000"
# A requeued job waits its launch credential's lifetime and a second
# (slurmctld's BeginTime); a short AuthInfo=cred_expire keeps this short.
FLURM_CRED_EXPIRE=5
export FLURM_CRED_EXPIRE
test_under_flurm 1 || error "cannot start a cluster"

as_nobody() {
	(cd "$NOBODY_DIR" && runuser -u nobody -- "$@")
}
state() {
	squeue -h -j $1 -t all -o "%T"
}
# pstate PID: the one-letter state of process PID (T: stopped).
pstate() {
	sed -n "s/^State:[[:space:]]*\([A-Z]\).*/\1/p" /proc/$1/status
}
secs() {
	date -d "$1" +%s
}

NOBODY_DIR=$(mktemp -d /tmp/flurm-sus.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'scontrol suspend: SUSPENDED, processes stopped, run time stands still' '
	id=$(submit -J susp -n 2 -t 1 -o /dev/null --wrap "echo \$\$ >susp.pid; exec sleep 467") &&
	echo $id >susp.id &&
	wait_job $id RUNNING &&
	flurm_wait_for "test -s susp.pid" 10 &&
	pid=$(cat susp.pid) &&
	scontrol suspend $id &&
	test "$(state $id)" = SUSPENDED &&
	flurm_wait_for "test \"\$(pstate $pid)\" = T" 10 &&
	r1=$(field $id RunTime) &&
	sleep 3 &&
	test "$(field $id RunTime)" = "$r1" &&
	test "$(state $id)" = SUSPENDED
'

test_expect_success 'suspend of a suspended job succeeds, as in Slurm' '
	id=$(cat susp.id) &&
	scontrol suspend $id &&
	test "$(state $id)" = SUSPENDED
'

test_expect_success 'suspended time does not count against the time limit' '
	id=$(cat susp.id) &&
	sleep 2 &&
	scontrol resume $id &&
	test "$(state $id)" = RUNNING &&
	flurm_wait_for "test \"\$(pstate $(cat susp.pid))\" != T" 10 &&
	start=$(secs "$(field $id StartTime)") &&
	end=$(secs "$(field $id EndTime)") &&
	# 60 s of limit, and at least the 5 s it spent suspended
	test $((end - start)) -ge 65 &&
	test $((end - start)) -lt 90
'

test_expect_success 'suspend and resume are for operators: the owner is refused too' '
	n=$(as_nobody sbatch -J theirs -o /dev/null --wrap "sleep 467" |
		sed -n "s/^Submitted batch job //p") &&
	test -n "$n" && echo $n >nobody.id &&
	id=$(cat susp.id) &&
	test_must_fail as_nobody scontrol suspend $id 2>err &&
	echo "Access/permission denied for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail as_nobody scontrol suspend $n 2>err &&
	echo "Access/permission denied for job $n" >expect &&
	test_cmp expect err &&
	test_must_fail as_nobody scontrol resume $id 2>err &&
	echo "Access/permission denied for job $id" >expect &&
	test_cmp expect err &&
	test "$(state $id)" = RUNNING
'

test_expect_success 'Slurm errors: suspend a pending job, resume a running one, unknown job' '
	id=$(cat susp.id) && n=$(cat nobody.id) &&
	test "$(state $n)" = PENDING &&
	test_must_fail scontrol suspend $n 2>err &&
	echo "Job is pending execution for job $n" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol resume $id 2>err &&
	echo "Job is not suspended for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol suspend 999999 2>err &&
	echo "Invalid job id specified for job 999999" >expect &&
	test_cmp expect err
'

test_expect_success 'a suspended job that is cancelled is continued and ends' '
	id=$(cat susp.id) &&
	scontrol suspend $id &&
	flurm_wait_for "test \"\$(pstate $(cat susp.pid))\" = T" 10 &&
	scancel $id &&
	wait_job $id CANCELLED &&
	flurm_wait_for "! kill -0 $(cat susp.pid) 2>/dev/null" 20
'

test_expect_success 'scontrol top: the job goes ahead of the owner'"'"'s other pending jobs' '
	n=$(cat nobody.id) &&
	wait_job $n RUNNING &&
	a=$(submit -J a -n 2 -o /dev/null --wrap true) &&
	b=$(submit -J b -n 2 -o /dev/null --wrap true) &&
	c=$(submit -J c -n 2 -o /dev/null --wrap true) &&
	pa=$(field $a Priority) && pc=$(field $c Priority) &&
	test $pa -gt $pc &&
	pb=$(field $b Priority) &&
	scontrol top $c &&
	test "$(field $c Priority)" = $pa &&
	test $(field $a Priority) -gt $(field $b Priority) &&
	test $(field $c Priority) -gt $(field $a Priority) &&
	echo "$a $b $c" >abc &&
	# as slurmctld: through the nice values, C gives up what it gained
	# and A and B share taking it, evenly in job order
	gain=$((pa - pc)) &&
	test "$(field $c Nice)" = "-$gain" &&
	test "$(squeue -h -j $c -o %y)" = "-$gain" &&
	test "$(field $a Nice)" = $((gain / 2)) &&
	test "$(field $b Nice)" = $((gain - gain / 2)) &&
	test "$(field $a Priority)" = $((pa - gain / 2)) &&
	test "$(field $b Priority)" = $((pb - (gain - gain / 2)))
'

test_expect_success 'scontrol top is for operators unless enable_user_top; held jobs refused' '
	n=$(cat nobody.id) && set -- $(cat abc) &&
	test_must_fail as_nobody scontrol top $n 2>err &&
	echo "Access/permission denied for job $n" >expect &&
	test_cmp expect err &&
	scontrol hold $2 &&
	test_must_fail scontrol top $2 2>err &&
	echo "Job is in held state, pending scheduler release for job $2" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol top $n 2>err &&
	echo "Job is no longer pending execution for job $n" >expect &&
	test_cmp expect err
'

test_expect_success 'scontrol top with a list of jobs: the first named first, a job not pending passed over, an unknown id refuses all' '
	n=$(cat nobody.id) && set -- $(cat abc) &&
	d=$(submit -J d -n 2 -o /dev/null --wrap true) &&
	e=$(submit -J e -n 2 -o /dev/null --wrap true) &&
	f=$(submit -J f -n 2 -o /dev/null --wrap true) &&
	test $(field $d Priority) -gt $(field $f Priority) &&
	pe=$(field $e Priority) && pf=$(field $f Priority) &&
	scontrol top $f,$e &&
	test $(field $f Priority) -gt $(field $e Priority) &&
	test "$(field $f Nice)" = $((pf - $(field $f Priority))) &&
	test "$(field $e Nice)" = $((pe - $(field $e Priority))) &&
	for o in $1 $3 $d; do
		test $(field $e Priority) -gt $(field $o Priority) || return 1
	done &&
	before=$(field $d Priority) &&
	test_must_fail scontrol top $d,999999 2>err &&
	echo "Invalid job id specified for job $d,999999" >expect &&
	test_cmp expect err &&
	test "$(field $d Priority)" = $before &&
	scontrol top $n,$2,$d &&
	test $(field $d Priority) -gt $(field $f Priority) &&
	test_must_fail scontrol top $n,$2 2>err &&
	echo "Job is no longer pending execution for job $n,$2" >expect &&
	test_cmp expect err &&
	scancel $d $e $f
'

# the tops of other jobs since took from C as they gave to the jobs
# named (as slurmctld's do), so C is moved to the top once more
test_expect_success 'the job moved to the top runs first' '
	n=$(cat nobody.id) && set -- $(cat abc) &&
	scontrol top $3 &&
	test $(field $3 Priority) -gt $(field $1 Priority) &&
	scancel $n &&
	wait_job $3 COMPLETED &&
	wait_job $1 COMPLETED &&
	test $(secs "$(field $3 StartTime)") -le $(secs "$(field $1 StartTime)") &&
	test "$(state $2)" = PENDING
'

test_expect_success 'scontrol notify: the message lands in the running job'"'"'s output' '
	id=$(submit -J note -o note.out --wrap "echo start; while [ ! -e go ]; do sleep 0.2; done; echo end") &&
	wait_job $id RUNNING &&
	flurm_wait_for "grep -q start note.out" 10 &&
	scontrol notify $id hello from the operator &&
	flurm_wait_for "grep -q hello note.out" 10 &&
	touch go &&
	wait_job $id COMPLETED &&
	printf "start\nslurmstepd: error: hello from the operator\nend\n" >expect &&
	test_cmp expect note.out &&
	echo $id >note.id
'

test_expect_success 'scontrol notify errors: ended, pending, another user'"'"'s job' '
	id=$(cat note.id) &&
	test_must_fail scontrol notify $id late 2>err &&
	echo "job notify failure: Job/step already completing or completed" >expect &&
	test_cmp expect err &&
	p=$(submit -J held --hold -o /dev/null --wrap true) &&
	test_must_fail scontrol notify $p early 2>err &&
	echo "job notify failure: Requested operation is presently disabled" >expect &&
	test_cmp expect err &&
	test_must_fail as_nobody scontrol notify $p hi 2>err &&
	echo "job notify failure: Invalid user id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol notify 999999 hi 2>err &&
	echo "job notify failure: Invalid job id specified" >expect &&
	test_cmp expect err &&
	scancel $p
'

test_expect_success 'flurmsh job suspend, resume, requeue and requeuehold: the same operations' '
	id=$(submit -J sh -n 2 -o /dev/null --wrap "sleep 467") &&
	wait_job $id RUNNING &&
	flurmsh -c "job suspend $id" >out &&
	grep -x "job $id suspended" out &&
	test "$(state $id)" = SUSPENDED &&
	flurmsh --json job resume $id >r.json &&
	test "$(json r.json "\$j->{ok}")" = true &&
	test "$(state $id)" = RUNNING &&
	test_expect_code 1 flurmsh job resume $id 2>err &&
	grep "job $id is not suspended" err &&
	flurmsh -c "job requeue $id" >out &&
	grep -x "job $id requeued" out &&
	flurm_wait_for "test \"\$(field $id Restarts)\" = 1" 10 &&
	wait_job $id RUNNING &&
	flurmsh -c "job requeuehold $id" >out &&
	grep -x "job $id requeued and held" out &&
	flurm_wait_for "test \"\$(state $id)\" = PENDING" 20 &&
	test "$(field $id Reason)" = job_requeued_in_held_state &&
	test_expect_code 1 flurmsh job requeue $id 2>err &&
	grep "job $id is pending" err &&
	test_expect_code 2 flurmsh job suspend 2>err &&
	scancel $id
'

test_expect_success 'flurmsh job suspend is for operators' '
	n=$(as_nobody sbatch -J theirs2 -o /dev/null --hold --wrap true |
		sed -n "s/^Submitted batch job //p") &&
	test -n "$n" &&
	test_expect_code 1 as_nobody flurmsh job suspend $n 2>err &&
	grep "permission denied" err &&
	scancel $n
'

test_expect_success 'scontrol show hostnames and hostlist (client side)' '
	scontrol show hostnames "node[1-3],gpu07" >actual &&
	printf "node1\nnode2\nnode3\ngpu07\n" >expect &&
	test_cmp expect actual &&
	scontrol show hostlist node1,node2,node3,node5 >actual &&
	echo "node[1-3,5]" >expect &&
	test_cmp expect actual
'

test_done
