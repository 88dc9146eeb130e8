#!/bin/bash
test_description='salloc: allocations granted at once or later, relinquished, revoked, kept across a controller restart'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

test_expect_success 'cluster up' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

test_expect_success 'salloc -N1 true: granted, relinquished, COMPLETED' '
	salloc -N1 true >out 2>err &&
	cat err &&
	id=$(sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" err) &&
	test -n "$id" &&
	grep -q "Relinquishing job allocation $id" err &&
	test "$(squeue -h -j $id -t all -o %T)" = COMPLETED
'

test_expect_success 'salloc -N2 runs the command with the allocation in its environment' '
	salloc -N2 sh -c "echo \$SLURM_JOB_ID \$SLURM_JOB_NODELIST \$SLURM_NNODES" >out 2>err &&
	cat out err &&
	id=$(sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" err) &&
	test "$(cat out)" = "$id node[1-2] 2" &&
	test "$(squeue -h -j $id -t all -o "%T %D %N")" = "COMPLETED 2 node[1-2]"
'

test_expect_success 'a command that fails: FAILED with its exit code' '
	test_expect_code 3 salloc -N1 sh -c "exit 3" 2>err &&
	id=$(sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" err) &&
	test "$(squeue -h -j $id -t all -o %T)" = FAILED &&
	scontrol show job $id | grep -q "ExitCode=3:0"
'

# salloc_bg NAME ARGS...: start salloc in the background, its stderr in
# NAME.err, its pid in NAME.pid, its exit code in NAME.rc once it ends.
salloc_bg() {
	local n=$1; shift
	rm -f $n.rc $n.pid
	{
		salloc "$@" >$n.out 2>$n.err &
		echo $! >$n.pid
		wait $!
		echo $? >$n.rc
	} &
	flurm_wait_for "test -s $n.pid" 5
}
# ended NAME [TIMEOUT]: until that salloc has exited.
ended() {
	flurm_wait_for "test -s $1.rc" "${2:-20}"
}
granted() {
	sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" $1.err
}

test_expect_success 'while the command runs: RUNNING on its nodes, nothing launched there' '
	salloc_bg hold -N2 -n4 sh -c "touch hold.started; while [ ! -e hold.go ]; do sleep 0.2; done" &&
	flurm_wait_for "test -e hold.started" 20 &&
	id=$(granted hold) && test -n "$id" &&
	test "$(squeue -h -j $id -o "%T %N")" = "RUNNING node[1-2]" &&
	test "$(sinfo -h -N -n node1 -p debug -o %T)" = allocated &&
	scontrol show job $id | grep -q "BatchFlag=0" &&
	! grep -q "job $id: launching" "$(flurm_nd_log node1)" "$(flurm_nd_log node2)"
'

test_expect_success 'busy: a second salloc is pending, then granted when the first ends' '
	salloc_bg wait -N2 true &&
	flurm_wait_for "grep -q \"queued and waiting for resources\" wait.err" 20 &&
	grep -q "^salloc: Pending job allocation" wait.err &&
	w=$(sed -n "s/^salloc: Pending job allocation \([0-9]*\)$/\1/p" wait.err) &&
	test "$(squeue -h -j $w -o %T)" = PENDING &&
	touch hold.go &&
	ended hold &&
	ended wait 30 &&
	cat wait.err &&
	grep -q "^salloc: Granted job allocation $w" wait.err &&
	wait_job $w COMPLETED
'

test_expect_success 'salloc --immediate fails when the nodes are busy' '
	salloc_bg busy -N2 -n4 sh -c "touch busy.started; while [ ! -e busy.go ]; do sleep 0.2; done" &&
	flurm_wait_for "test -e busy.started" 20 &&
	test_must_fail salloc --immediate -N1 true 2>imm.err &&
	cat imm.err &&
	grep -q "Unable to allocate resources: Requested nodes are busy" imm.err
'

test_expect_success 'Ctrl-C on a pending salloc cancels its job' '
	salloc_bg intr -N1 true &&
	flurm_wait_for "grep -q \"queued and waiting\" intr.err" 20 &&
	p=$(sed -n "s/^salloc: Pending job allocation \([0-9]*\)$/\1/p" intr.err) &&
	kill -INT $(cat intr.pid) &&
	ended intr 20 &&
	cat intr.err &&
	wait_job $p CANCELLED
'

test_expect_success 'scancel of a pending salloc: salloc hears it and gives up' '
	salloc_bg pc -N1 true &&
	flurm_wait_for "grep -q \"queued and waiting\" pc.err" 20 &&
	p=$(sed -n "s/^salloc: Pending job allocation \([0-9]*\)$/\1/p" pc.err) &&
	scancel $p &&
	ended pc 20 &&
	cat pc.err &&
	test "$(cat pc.rc)" != 0 &&
	grep -q "Job has been cancelled" pc.err &&
	test "$(squeue -h -j $p -t all -o %T)" = CANCELLED &&
	touch busy.go && ended busy
'

test_expect_success 'scancel revokes a running allocation: salloc says so and stops its command' '
	salloc_bg rev -N1 -K sh -c "touch rev.started; exec sleep 300" &&
	flurm_wait_for "test -e rev.started" 20 &&
	id=$(granted rev) &&
	scancel $id &&
	ended rev 20 &&
	cat rev.err &&
	grep -q "Job allocation $id has been revoked" rev.err &&
	test "$(squeue -h -j $id -t all -o %T)" = CANCELLED &&
	flurm_wait_nodes idle 20
'

test_expect_success 'scontrol requeue of an allocation: refused as slurmctld does, only batch jobs' '
	salloc_bg rq -N1 sh -c "while [ ! -e rq.go ]; do date +%s%N >rq.t; mv rq.t rq.tick; sleep 0.2; done" &&
	flurm_wait_for "test -s rq.tick" 20 &&
	id=$(granted rq) && test -n "$id" && echo $id >rq.id &&
	test_must_fail scontrol requeue $id 2>err &&
	echo "Only batch jobs are accepted or processed for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol requeuehold $id 2>err &&
	test_cmp expect err &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	scontrol show job $id | grep -q "Restarts=0"
'

test_expect_success 'an allocation shows its submit host and salloc'"'"'s session as AllocNode:Sid' '
	# A session led from outside our PID namespace reads as 0, in /proc
	# as in what salloc sends, so compare with what the kernel says.
	id=$(cat rq.id) &&
	sid=$(cut -d" " -f6 /proc/$(cat rq.pid)/stat) && test -n "$sid" &&
	scontrol show job $id | tr " " "\n" >show &&
	grep -E "^AllocNode:Sid=(localhost|127\.[0-9.]+):$sid\$" show
'

test_expect_success 'scontrol suspend and resume of an allocation: only its state changes, nothing is sent to its node' '
	id=$(cat rq.id) &&
	n=$(squeue -h -j $id -o %N) && test -n "$n" &&
	scontrol suspend $id &&
	test "$(squeue -h -j $id -o "%T %N")" = "SUSPENDED $n" &&
	test "$(sinfo -h -N -n $n -p debug -o %T)" = mixed &&
	# the command runs on the submit host, as under slurmctld
	t=$(cat rq.tick) &&
	flurm_wait_for "test \"\$(cat rq.tick)\" != \"$t\"" 10 &&
	scontrol resume $id &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	! grep "job $id: stopping\|job $id: continuing" "$(flurm_ctld_log 1)" &&
	touch rq.go &&
	ended rq &&
	test "$(cat rq.rc)" = 0 &&
	wait_job $id COMPLETED
'

test_expect_success 'salloc answers the controller pings' '
	salloc_bg ping -N1 sh -c "touch ping.started; sleep 4" &&
	flurm_wait_for "test -e ping.started" 20 &&
	id=$(granted ping) &&
	flurm_wait_for "grep -q \"job $id: ping delivered\" $(flurm_ctld_log 1)" 20 &&
	ended ping
'

test_expect_success 'a controller restart keeps the allocation; salloc relinquishes it after' '
	salloc_bg rs -N1 sh -c "touch rs.started; while [ ! -e rs.go ]; do sleep 0.2; done" &&
	flurm_wait_for "test -e rs.started" 20 &&
	id=$(granted rs) &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 &&
	flurm_wait_ready &&
	wait_job $id RUNNING &&
	sleep 2 && test "$(squeue -h -j $id -o %T)" = RUNNING &&
	! grep -q "job $id: launching\|job $id: launched again" "$(flurm_nd_log node1)" &&
	touch rs.go &&
	ended rs &&
	wait_job $id COMPLETED
'

test_expect_success 'time limit: a warning first, then the allocation ends TIMEOUT' '
	salloc_bg tl -N1 -t 1 -K -v sh -c "touch tl.started; exec sleep 300" &&
	flurm_wait_for "test -e tl.started" 20 &&
	id=$(granted tl) &&
	flurm_wait_for "grep -q \"time limit to be reached\" tl.err" 70 &&
	ended tl 90 &&
	cat tl.err &&
	grep -q "Job $id has exceeded its time limit and its allocation has been revoked" tl.err &&
	test "$(squeue -h -j $id -t all -o %T)" = TIMEOUT
'

test_expect_success 'a node of the allocation fails: salloc reports the node failure and the allocation is gone' '
	salloc_bg nf -N2 -K sh -c "touch nf.started; exec sleep 300" &&
	flurm_wait_for "test -e nf.started" 20 &&
	id=$(granted nf) &&
	kill -STOP $(flurm_daemon_pid node2) &&
	{ flurm_wait_for "test \"\$(squeue -h -j $id -t all -o %T)\" = NODE_FAIL" 30 &&
	  ended nf 30; rc=$?; } ;
	kill -CONT $(flurm_daemon_pid node2) &&
	cat nf.err &&
	test $rc = 0 &&
	grep -q "^salloc: error: Node failure on node2$" nf.err &&
	grep -q "Job allocation $id has been revoked" nf.err &&
	flurm_wait_nodes idle 30
'

test_done
