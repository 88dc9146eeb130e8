#!/bin/bash
test_description='scontrol requeue and requeuehold with the real scontrol: running and ended jobs go back to pending and run again, the old run stopped first; Slurm errors for pending, --no-requeue and other users'"'"' jobs'
. "$(dirname "$0")/test-lib.sh"

# A requeued job waits its launch credential's lifetime and a second
# (slurmctld's BeginTime); a short AuthInfo=cred_expire keeps this short.
FLURM_CRED_EXPIRE=5
export FLURM_CRED_EXPIRE
test_under_flurm 1 || error "cannot start a cluster"

# as_nobody CMD...: run a client as user nobody from a directory it may
# write to.
as_nobody() {
	(cd "$NOBODY_DIR" && runuser -u nobody -- "$@")
}
state() {
	squeue -h -j $1 -t all -o "%T"
}

NOBODY_DIR=$(mktemp -d /tmp/flurm-rq.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"

# Each run writes its restart count and its pid, then waits long
# (sleep 463 is this test's own).
cat >run.sh <<'EOF'
#!/bin/sh
n=${SLURM_RESTART_COUNT:-0}
echo "run $n" >>runs.txt
echo $$ >pid.$n
exec sleep 463
EOF
chmod +x run.sh

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'a running job: requeue stops it, it runs again with Restarts=1' '
	id=$(submit -J rq -n 2 ./run.sh) &&
	echo $id >rq.id &&
	wait_job $id RUNNING &&
	flurm_wait_for "test -s pid.0" 10 &&
	test "$(field $id Restarts)" = 0 &&
	test "$(field $id Requeue)" = 1 &&
	first=$(cat pid.0) &&
	sub0=$(date -d "$(field $id SubmitTime)" +%s) &&
	t0=$(date +%s) &&
	scontrol requeue $id &&
	# it waits cred_expire + 1 seconds from when its run has ended, as
	# slurmctld makes it wait: BeginTime, shown as its EligibleTime
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING BeginTime\"" 10 &&
	t1=$(date +%s) &&
	begin=$(date -d "$(field $id EligibleTime)" +%s) &&
	test $begin -ge $((t0 + 6)) && test $begin -le $((t1 + 6)) &&
	test "$(field $id Reason)" = BeginTime &&
	# as slurmctld, a new submission from when its run has ended (a
	# second later than the first in the same second)
	sub=$(date -d "$(field $id SubmitTime)" +%s) &&
	test $sub -gt $sub0 && test $sub -ge $t0 && test $sub -le $((t1 + 1)) &&
	test "$(squeue -h -j $id -o %V)" = "$(field $id SubmitTime)" &&
	! test -e pid.1 &&
	flurm_wait_for "test -s pid.1" 30 &&
	wait_job $id RUNNING &&
	test $(date -d "$(field $id StartTime)" +%s) -ge $begin &&
	test "$(field $id Restarts)" = 1 &&
	# the first run was stopped before the second began
	! kill -0 $first 2>/dev/null &&
	printf "run 0\nrun 1\n" >expect &&
	test_cmp expect runs.txt
'

test_expect_success 'requeue of a pending job: Slurm'"'"'s error' '
	blocker=$(cat rq.id) &&
	p=$(submit -J waiting --wrap "true") &&
	wait_job $p PENDING &&
	test_must_fail scontrol requeue $p 2>err &&
	echo "Job is pending execution for job $p" >expect &&
	test_cmp expect err &&
	test "$(field $p Restarts)" = 0 &&
	echo $p >pend.id
'

test_expect_success 'another user may not requeue the job: access denied, nothing changes' '
	id=$(cat rq.id) &&
	test_must_fail as_nobody scontrol requeue $id 2>err &&
	echo "Access/permission denied for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail as_nobody scontrol requeuehold $id 2>err &&
	test_cmp expect err &&
	test "$(state $id)" = RUNNING &&
	test "$(field $id Restarts)" = 1
'

test_expect_success 'requeuehold: pending, held, "job requeued in held state"; release runs it' '
	id=$(cat rq.id) &&
	scontrol requeuehold $id &&
	flurm_wait_for "test \"\$(state $id)\" = PENDING" 30 &&
	test "$(field $id Priority)" = 0 &&
	test "$(field $id Reason)" = job_requeued_in_held_state &&
	test "$(squeue -h -j $id -o %r)" = "job requeued in held state" &&
	test "$(field $id Restarts)" = 2 &&
	! kill -0 $(cat pid.1) 2>/dev/null &&
	grep -E "^slurmstepd: error: \*\*\* JOB $id ON node1 CANCELLED AT [0-9T:-]{19} DUE TO JOB REQUEUE \*\*\*\$" slurm-$id.out &&
	# the pending job took the node meanwhile; it is a one-liner
	p=$(cat pend.id) &&
	wait_job $p COMPLETED &&
	! test -e pid.2 &&
	scontrol release $id &&
	flurm_wait_for "test -s pid.2" 30 &&
	wait_job $id RUNNING
'

test_expect_success 'the owner requeues their own job; requeuehold is a user hold they release' '
	n=$(as_nobody sbatch -J theirs -o /dev/null --wrap "sleep 463" |
		sed -n "s/^Submitted batch job //p") &&
	test -n "$n" &&
	echo $n >nobody.id &&
	wait_job $n PENDING &&
	scancel $(cat rq.id) &&
	wait_job $n RUNNING &&
	as_nobody scontrol requeuehold $n &&
	flurm_wait_for "test \"\$(state $n)\" = PENDING" 30 &&
	test "$(field $n Restarts)" = 1 &&
	as_nobody scontrol release $n &&
	wait_job $n RUNNING &&
	as_nobody scontrol requeue $n &&
	flurm_wait_for "test \"\$(field $n Restarts)\" = 2" 10 &&
	wait_job $n RUNNING &&
	scancel $n &&
	wait_job $n CANCELLED
'

test_expect_success 'a completed job is requeued and runs again' '
	id=$(submit -J again -o again.out --wrap "echo ran \${SLURM_RESTART_COUNT:-0}") &&
	wait_job $id COMPLETED &&
	scontrol requeue $id &&
	flurm_wait_for "test \"\$(field $id Restarts)\" = 1" 10 &&
	wait_job $id COMPLETED &&
	flurm_wait_for "grep -qx \"ran 1\" again.out" 10
'

test_expect_success 'sbatch --no-requeue: requeue refused with Slurm'"'"'s error, Requeue=0' '
	id=$(submit -J noreq --no-requeue -o /dev/null --wrap "sleep 463") &&
	wait_job $id RUNNING &&
	test "$(field $id Requeue)" = 0 &&
	test_must_fail scontrol requeue $id 2>err &&
	echo "Requested operation is presently disabled for job $id" >expect &&
	test_cmp expect err &&
	test "$(state $id)" = RUNNING &&
	test "$(field $id Restarts)" = 0 &&
	scancel $id && wait_job $id CANCELLED
'

test_expect_success 'sbatch --requeue: Requeue=1, and an unknown job: Slurm'"'"'s error' '
	id=$(submit -J req --requeue --hold --wrap true) &&
	test "$(field $id Requeue)" = 1 &&
	scancel $id &&
	test_must_fail scontrol requeue 999999 2>err &&
	echo "Invalid job id specified for job 999999" >expect &&
	test_cmp expect err
'

test_expect_success 'the requeue count and --no-requeue survive a controller restart' '
	id=$(cat rq.id) &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	test "$(field $id Restarts)" = 2 &&
	n=$(submit -J noreq2 --no-requeue --hold --wrap true) &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	test "$(field $n Requeue)" = 0
'

test_expect_success 'State=DOWN requeues a running batch job: its run is stopped, it runs again once the node is back' '
	id=$(submit -J dn -o /dev/null \
		--wrap "echo \$\$ >dn.\${SLURM_RESTART_COUNT:-0}; exec sleep 463") &&
	wait_job $id RUNNING &&
	# just after the restart above, the node may not be back yet when
	# the job is first to start (then it is requeued once already)
	n=$(field $id Restarts) &&
	flurm_wait_for "test -s dn.$n" 10 &&
	first=$(cat dn.$n) &&
	sub0=$(date -d "$(field $id SubmitTime)" +%s) &&
	t0=$(date +%s) &&
	scontrol update NodeName=node1 State=DOWN Reason="requeue test" &&
	# as slurmctld with JobRequeue=1: pending, one restart more, its
	# run stopped on the node (still connected), waiting its BeginTime
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING BeginTime\"" 10 &&
	test "$(field $id Restarts)" = $((n + 1)) &&
	test "$(field $id ExitCode)" = 0:0 &&
	# submitted again when the node failed, as by slurmctld: at that
	# second, one later if that was its submit time (a requeue in the
	# second of its submission may have left it a second ahead)
	sub=$(date -d "$(field $id SubmitTime)" +%s) &&
	test $sub != $sub0 && test $sub -ge $t0 && test $sub -le $(($(date +%s) + 1)) &&
	flurm_wait_for "! kill -0 $first 2>/dev/null" 20 &&
	scontrol update NodeName=node1 State=RESUME &&
	wait_job $id RUNNING 30 &&
	flurm_wait_for "test -s dn.$((n + 1))" 10 &&
	scancel $id && wait_job $id CANCELLED
'

test_expect_success 'State=DOWN ends a --no-requeue job NODE_FAIL; once its script is stopped its exit code is 0:15, as slurmctld shows it' '
	flurm_wait_nodes idle 30 &&
	id=$(submit -J nr --no-requeue -o /dev/null \
		--wrap "echo \$\$ >nr.pid; exec sleep 463") &&
	wait_job $id RUNNING &&
	flurm_wait_for "test -s nr.pid" 10 &&
	pid=$(cat nr.pid) &&
	scontrol update NodeName=node1 State=DOWN Reason="no requeue test" &&
	wait_job $id NODE_FAIL 10 &&
	flurm_wait_for "! kill -0 $pid 2>/dev/null" 20 &&
	# the node reports the script killed by SIGTERM
	flurm_wait_for "test \"\$(field $id ExitCode)\" = 0:15" 10 &&
	test "$(field $id JobState)" = NODE_FAIL &&
	test "$(field $id Restarts)" = 0 &&
	scontrol -d show job $id | grep -q " DerivedExitCode=0:0" &&
	test "$(squeue -h -j $id -t all -o "%T %r")" = "NODE_FAIL NodeDown" &&
	scontrol update NodeName=node1 State=RESUME &&
	flurm_wait_nodes idle 30
'

test_done
