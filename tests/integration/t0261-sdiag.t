#!/bin/bash
test_description='sdiag with the real client: job counters, scheduler cycles, RPCs by message type and by user, and sdiag -r (operators only)'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

# line TEXT: the line of out starting with TEXT
line() { grep "^$1" out; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'a fresh controller: no jobs counted, data since it started' '
	sdiag >out 2>err &&
	test_must_be_empty err &&
	line "sdiag output at " &&
	line "Data since " &&
	test "$(line "Jobs submitted:")" = "Jobs submitted: 0" &&
	test "$(line "Server thread count:")" = "Server thread count:  1" &&
	grep "^Remote Procedure Call statistics by message type" out
'

test_expect_success 'jobs that complete, fail and are cancelled are counted' '
	ok=$(submit --wrap true) &&
	bad=$(submit --wrap "exit 3") &&
	long=$(submit --wrap "sleep 300") &&
	wait_job $ok COMPLETED &&
	wait_job $bad FAILED &&
	wait_job $long RUNNING &&
	scancel $long &&
	wait_job $long CANCELLED &&
	sdiag >out &&
	test "$(line "Jobs submitted:")" = "Jobs submitted: 3" &&
	test "$(line "Jobs started:")" = "Jobs started:   3" &&
	test "$(line "Jobs completed:")" = "Jobs completed: 1" &&
	test "$(line "Jobs canceled:")" = "Jobs canceled:  1" &&
	test "$(line "Jobs failed:")" = "Jobs failed:    1" &&
	test "$(line "Jobs running:")" = "Jobs running:   0"
'

test_expect_success 'scheduler cycles are counted and timed' '
	cycles=$(sed -n "/^Main schedule/,/^\$/s/^	Total cycles: *//p" out) &&
	test "$cycles" -gt 0 &&
	sed -n "/^Main schedule/,/^\$/p" out | grep "^	Max cycle: *[0-9][0-9]*\$"
'

test_expect_success 'RPCs by message type: the three submissions, with times' '
	grep -E "^	REQUEST_SUBMIT_BATCH_JOB +\\( 4003\\) count:3 +ave_time:[0-9]+ +total_time:[0-9]+\$" out &&
	grep -E "^	REQUEST_KILL_JOB +\\( 5032\\) count:1 " out
'

# squeue asks twice: the jobs, then the partitions
test_expect_success 'RPCs by user: root and, once it asked, nobody' '
	grep -E "^	root +\\( +0\\) count:[0-9]+ " out &&
	! grep "^	nobody " out &&
	as_nobody squeue >/dev/null &&
	sdiag >out &&
	grep -E "^	nobody +\\( +65534\\) count:2 " out
'

test_expect_success 'sdiag -r by a user who is not an operator: access denied, nothing reset' '
	test_must_fail as_nobody sdiag -r >rout 2>rerr &&
	echo "slurm_reset_statistics: Access/permission denied" >expect &&
	test_cmp expect rerr &&
	sdiag >out &&
	test "$(line "Jobs submitted:")" = "Jobs submitted: 3"
'

test_expect_success 'sdiag -r by root resets the counters and the RPC tables' '
	sdiag -r >rout 2>rerr &&
	echo "Reset scheduling statistics" >expect &&
	test_cmp expect rout &&
	sdiag >out &&
	test "$(line "Jobs submitted:")" = "Jobs submitted: 0" &&
	test "$(line "Jobs completed:")" = "Jobs completed: 0" &&
	! grep "REQUEST_SUBMIT_BATCH_JOB" out &&
	! grep "^	nobody " out &&
	grep -E "^	REQUEST_STATS_INFO +\\( 2035\\) count:1 " out
'

test_expect_success 'after a reset new jobs count from zero' '
	id=$(submit --wrap true) &&
	wait_job $id COMPLETED &&
	sdiag >out &&
	test "$(line "Jobs submitted:")" = "Jobs submitted: 1" &&
	test "$(line "Jobs completed:")" = "Jobs completed: 1"
'

test_done
