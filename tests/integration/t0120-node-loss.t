#!/bin/bash
test_description='node loss: a node without heartbeats goes DOWN, its batch jobs are requeued and run again elsewhere, --no-requeue jobs end as NODE_FAIL; a node daemon restart keeps jobs running'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURMD_TIMEOUT=4
export FLURM_SLURMD_TIMEOUT
# a requeued job waits its launch credential's lifetime and a second
# (slurmctld's BeginTime); a short AuthInfo=cred_expire keeps this short
FLURM_CRED_EXPIRE=5
export FLURM_CRED_EXPIRE
test_under_flurm 2 || error "cannot start a cluster"

job_state() { squeue -h -j $1 -t all -o %T 2>/dev/null; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'restarting flurmnd (kill -9) leaves a job running and its end is reported' '
	sbatch -w node2 --wrap "sleep 6; echo survived" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(job_state $id)\" = RUNNING" 20 &&
	flurm_nd_kill9 node2 &&
	flurm_nd_start node2 &&
	flurm_wait_for "test \"\$(job_state $id)\" = COMPLETED" 30 &&
	grep -x survived slurm-$id.out
'

test_expect_success 'a node that stops answering goes DOWN, its --no-requeue job ends as NODE_FAIL' '
	sbatch --no-requeue -w node1 --wrap "sleep 120" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(job_state $id)\" = RUNNING" 20 &&
	kill -STOP $(flurm_daemon_pid node1) &&
	flurm_wait_for "test \"\$(job_state $id)\" = NODE_FAIL" 30 &&
	sinfo -h -n node1 -o "%T" >state &&
	grep -E "^down" state &&
	kill -CONT $(flurm_daemon_pid node1)
'

test_expect_success 'the node returns when its daemon answers again (ReturnToService=2)' '
	flurm_wait_for "sinfo -h -n node1 -o %T | grep -qx idle" 30
'

# each run writes its restart count and pid, then waits (sleep 471 is
# this test's own)
cat >run.sh <<'EOF'
#!/bin/sh
n=${SLURM_RESTART_COUNT:-0}
echo $$ >pid.$n
exec sleep 471
EOF
chmod +x run.sh

test_expect_success 'a batch job on a node that stops answering is requeued, waits, and runs again on the other node' '
	flurm_wait_nodes idle 30 &&
	sbatch -o /dev/null ./run.sh >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(job_state $id)\" = RUNNING" 20 &&
	flurm_wait_for "test -s pid.0" 10 &&
	first=$(cat pid.0) &&
	lost=$(squeue -h -j $id -o %N) &&
	if test "$lost" = node1; then other=node2; else other=node1; fi &&
	test "$(field $id Restarts)" = 0 &&
	kill -STOP $(flurm_daemon_pid $lost) &&
	# as slurmctld with JobRequeue=1: pending again, waiting its
	# BeginTime (cred_expire + 1 s), one restart more, exit code kept 0
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING BeginTime\"" 30 &&
	t1=$(date +%s) &&
	test "$(field $id Restarts)" = 1 &&
	test "$(field $id JobState)" = PENDING &&
	test "$(field $id Reason)" = BeginTime &&
	test "$(field $id ExitCode)" = 0:0 &&
	begin=$(date -d "$(field $id EligibleTime)" +%s) &&
	test $begin -le $((t1 + 6)) && test $begin -gt $((t1 - 6)) &&
	sinfo -h -n $lost -o %T | grep -E "^down" &&
	flurm_wait_for "test \"\$(job_state $id)\" = RUNNING" 30 &&
	test "$(squeue -h -j $id -o %N)" = $other &&
	test $(date -d "$(field $id StartTime)" +%s) -ge $begin &&
	flurm_wait_for "test -s pid.1" 10 &&
	# the node comes back: the run it still has is over, and goes
	kill -CONT $(flurm_daemon_pid $lost) &&
	flurm_wait_for "! kill -0 $first 2>/dev/null" 30 &&
	test "$(job_state $id)" = RUNNING &&
	scancel $id &&
	flurm_wait_for "test \"\$(job_state $id)\" = CANCELLED" 30
'

test_expect_success 'a two-node batch job whose other node stops answering is requeued once its script is stopped' '
	flurm_wait_nodes idle 30 &&
	sbatch -N2 -o /dev/null \
		--wrap "echo \$\$ >two.\${SLURM_RESTART_COUNT:-0}; exec sleep 472" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(job_state $id)\" = RUNNING" 20 &&
	flurm_wait_for "test -s two.0" 10 &&
	first=$(cat two.0) &&
	# the script runs on node1, the first of its nodes
	kill -STOP $(flurm_daemon_pid node2) &&
	flurm_wait_for "! kill -0 $first 2>/dev/null" 30 &&
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING BeginTime\"" 10 &&
	test "$(field $id Restarts)" = 1 &&
	kill -CONT $(flurm_daemon_pid node2) &&
	flurm_wait_for "test \"\$(job_state $id)\" = RUNNING" 40 &&
	flurm_wait_for "test -s two.1" 10 &&
	scancel $id &&
	flurm_wait_for "test \"\$(job_state $id)\" = CANCELLED" 30
'

# a step on both nodes; srun (the script itself) and each task write
# their pid (sleep 474 is this test's own)
cat >step.sh <<'EOF'
#!/bin/sh
echo $$ >srun.pid
exec srun -N2 -n2 sh -c 'echo $$ >st.$SLURM_NODEID; exec sleep 474'
EOF
chmod +x step.sh

test_expect_success 'a two-node batch job whose script node stops answering is requeued: srun hears of the node failure, its step stops on the other node' '
	flurm_wait_nodes idle 30 &&
	sbatch -N2 -o step.out ./step.sh >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test -s st.1 && test -s st.0" 20 &&
	other=$(cat st.1) &&
	srun_pid=$(cat srun.pid) &&
	kill -0 $other &&
	# the script runs on node1, the first of its nodes
	kill -STOP $(flurm_daemon_pid node1) &&
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING BeginTime\"" 30 &&
	test "$(field $id Restarts)" = 1 &&
	flurm_wait_for "! kill -0 $other 2>/dev/null" 30 &&
	# as from slurmctld: srun counts the tasks of node1 as ended and
	# is told its job is over, so it ends though node1 never answers
	flurm_wait_for "grep -q \"^srun: error: Node failure on node1\$\" step.out" 10 &&
	flurm_wait_for "! kill -0 $srun_pid 2>/dev/null" 30 &&
	cat step.out &&
	# told before its task on node2 is stopped: aborted, not "Force
	# Terminated" by the tasks dying first
	grep -Ex "srun: Job step aborted(: Waiting up to [0-9]+ seconds for job step to finish\.)?" step.out &&
	! grep "Force Terminated" step.out &&
	scancel $id &&
	kill -CONT $(flurm_daemon_pid node1) &&
	flurm_wait_for "test \"\$(job_state $id)\" = CANCELLED" 30 &&
	flurm_wait_nodes idle 30
'

test_done
