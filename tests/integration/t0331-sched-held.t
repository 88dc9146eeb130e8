#!/bin/bash
test_description='the scheduler runs no cycle for a held submission (a cycle looks at every job), one for a submission that may start, and a released job still starts at once'
. "$(dirname "$0")/test-lib.sh"

# no periodic cycles: every cycle counted here was asked for by an event
FLURM_CTLD_CONF_EXTRA="sched_interval_ms = 3600000"
test_under_flurm 1 || error "cannot start a cluster"

# cycles: sdiag's count of scheduler cycles.
cycles() {
	sdiag | sed -n "/^Main schedule/,/^\$/s/^	Total cycles: *//p"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'held submissions: no cycle' '
	c0=$(cycles) &&
	for i in 1 2 3 4 5; do submit --hold -J h$i --wrap true >h$i.id || return 1; done &&
	c1=$(cycles) &&
	test "$c1" = "$c0" &&
	squeue -h -o "%T %r" -n h3 >st &&
	echo "PENDING JobHeldUser" >expect &&
	test_cmp expect st
'

test_expect_success 'a submission that may start: a cycle, and it runs' '
	c0=$(cycles) &&
	id=$(submit -J run -o /dev/null --wrap "sleep 30") &&
	flurm_wait_for "squeue -h -j $id -o %T | grep -qx RUNNING" 20 &&
	c1=$(cycles) &&
	test "$c1" -gt "$c0" &&
	scancel $id
'

test_expect_success 'a released held job starts without a periodic cycle' '
	id=$(cat h1.id) &&
	flurm_wait_for "test -z \"\$(squeue -h -t running -o %i)\"" 20 &&
	scontrol release $id &&
	flurm_wait_for "squeue -h -t all -j $id -o %T | grep -qE \"^(RUNNING|COMPLETING|COMPLETED)\$\"" 20
'

test_done
