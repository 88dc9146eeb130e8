#!/bin/bash
test_description='reloading slurm.conf (scontrol reconfigure, SIGHUP) keeps running jobs and node liveness; a configuration Slurm would refuse is refused and the old one stays'
. "$(dirname "$0")/test-lib.sh"

# Heartbeats come every SlurmdTimeout/3 = 2 s; the controller must have
# been leader for longer than SlurmdTimeout before the first reload.
export FLURM_SLURMD_TIMEOUT=6
test_under_flurm 3 || error "cannot start a cluster"

log=$(flurm_ctld_log 1)
applied() { grep -c "slurm.conf applied" "$log"; }
# wait_applied N: the controller has applied N configurations.
wait_applied() { flurm_wait_for "[ \$(applied) -ge $1 ]" 20; }
# nodes_alive: no node is down or not responding, none was set DOWN.
nodes_alive() {
	sinfo -h -N -o "%N %T" | sort -u >states &&
	! grep -E "down|unk|not_resp|\*" states &&
	! grep "not responding" "$log"
}

test_expect_success 'cluster is up for longer than SlurmdTimeout' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	sleep 7 && nodes_alive
'

test_expect_success 'a running job outlives scontrol reconfigure and SIGHUP' '
	id=$(submit -N3 -o /dev/null --wrap "sleep 25") &&
	wait_job $id RUNNING &&
	n=$(applied) &&
	sed -i "s/^MinJobAge=.*/MinJobAge=301/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	wait_applied $((n + 1)) &&
	sleep 8 &&
	nodes_alive &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	sed -i "s/^MinJobAge=.*/MinJobAge=302/" "$SLURM_CONF" &&
	kill -HUP "$(flurm_daemon_pid ctl1)" &&
	wait_applied $((n + 2)) &&
	sleep 8 &&
	nodes_alive &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	wait_job $id COMPLETED 30 &&
	nodes_alive
'

test_done
