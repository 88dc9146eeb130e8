#!/bin/bash
test_description='sbatch options that must take effect, with the real clients: -n without -N spans as many nodes as the tasks need'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

field() {
	scontrol show job $1 | tr " " "\n" | sed -n "s/^$2=//p"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success '-n 4 without -N on 2-CPU nodes runs on two nodes' '
	j=$(submit -n 4 -o /dev/null --wrap "sleep 1") &&
	wait_job $j RUNNING &&
	test "$(squeue -h -j $j -o %D)" = 2 &&
	test "$(squeue -h -j $j -o %N)" = "node[1-2]" &&
	test "$(field $j NumCPUs)" = 4 &&
	test "$(field $j NumTasks)" = 4 &&
	wait_job $j COMPLETED
'

test_expect_success '-n 2 without -N fits one node and takes one' '
	j=$(submit -n 2 -o /dev/null --wrap "sleep 1") &&
	wait_job $j RUNNING &&
	test "$(squeue -h -j $j -o %D)" = 1 &&
	wait_job $j COMPLETED
'

test_expect_success '-n 5 without -N: more CPUs than the cluster has is refused' '
	test_must_fail sbatch -n 5 -o /dev/null --wrap true 2>err &&
	grep "Batch job submission failed" err
'

test_done
