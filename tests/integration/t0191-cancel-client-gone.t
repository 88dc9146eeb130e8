#!/bin/bash
test_description='A cancel whose scancel is gone before the cancel is committed still stops the job on its node (the effects of a cancel come from its commit, not from the client connection)'
. "$(dirname "$0")/test-lib.sh"

# Two controllers: the leader commits only once the other has the entry,
# so stopping the follower holds a commit back for as long as the test
# wants. A long election timeout keeps the leader in place meanwhile.
FLURM_SLURMD_TIMEOUT=60
FLURM_CTLD_CONF_EXTRA="election_timeout_ms = 6000
heartbeat_timeout_ms = 200"
test_under_flurm 1 2 || error "cannot start a cluster"

# leader: K of the controller that says it leads.
leader() {
	local k
	for k in 1 2; do
		eval "port=\$FLURM_METRICS_PORT_$k addr=\$FLURM_CTL_ADDR_$k"
		if curl -s -m 2 "http://$addr:$port/health" |
			grep -q '"leader":true'; then
			echo $k
			return 0
		fi
	done
	return 1
}

# The clients talk to the leader only (a follower answers them "in
# standby mode" and they wait a minute before trying the next one).
test_expect_success 'cluster of two controllers is up' '
	flurm_wait_for leader 60 &&
	lead=$(leader) &&
	grep -v "^SlurmctldHost=ctl$((3 - lead))(" "$SLURM_CONF" >leader.conf &&
	grep -q "^SlurmctldHost=ctl$lead(" leader.conf
'
SLURM_CONF=$(pwd)/leader.conf
export SLURM_CONF

test_expect_success 'the leader answers and the node is up' '
	flurm_wait_ready 30 && flurm_wait_nodes idle 30
'

test_expect_success 'scancel killed while its cancel waits for the commit: the job is stopped' '
	lead=$(leader) && other=$((3 - lead)) &&
	rm -f job.pid &&
	id=$(submit -J victim --wrap "echo \$\$ >job.pid; exec sleep 600") &&
	wait_job $id RUNNING &&
	flurm_wait_for "test -s job.pid" 20 &&
	pid=$(cat job.pid) &&
	kill -s STOP $(flurm_daemon_pid ctl$other) &&
	{ timeout -s KILL 2 scancel $id; echo $? >scancel.rc; } &&
	# killed while waiting: it never had its answer
	test "$(cat scancel.rc)" = 137 &&
	kill -s CONT $(flurm_daemon_pid ctl$other) &&
	flurm_wait_for "! _flurm_alive $pid" 10 &&
	wait_job $id CANCELLED 10
'
kill -s CONT $(flurm_daemon_pid ctl1) $(flurm_daemon_pid ctl2) 2>/dev/null

test_done
