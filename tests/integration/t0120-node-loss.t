#!/bin/bash
test_description='node loss: a node without heartbeats goes DOWN and its jobs end as NODE_FAIL; a node daemon restart keeps jobs running'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURMD_TIMEOUT=4
export FLURM_SLURMD_TIMEOUT
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

test_expect_success 'a node that stops answering goes DOWN, its job ends as NODE_FAIL' '
	sbatch -w node1 --wrap "sleep 120" >out &&
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

test_done
