#!/bin/bash
test_description='Submissions from many clients at once: each is acknowledged with its own job id, every acknowledged job is known and runs, and clients that hang up at any point of their request (credential being checked, job being committed, reply being signed) disturb no one'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 1 || error "cannot start a cluster"

# flood CLIENTS N PREFIX ARGS...: CLIENTS sbatch loops of N submissions
# each; acknowledged ids go to PREFIX.ids.
flood() {
	local c=$1 n=$2 prefix=$3 pids="" k
	shift 3
	for k in $(seq 1 "$c"); do
		(for _ in $(seq 1 "$n"); do
			sbatch --parsable "$@" || echo "sbatch failed" >&2
		done >"$prefix.$k") &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
	cat "$prefix".[0-9]* | sort -n >"$prefix.ids"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success '8 clients, 25 held submissions each: 200 distinct ids, all in the queue' '
	flood 8 25 held --hold -J held --wrap true 2>err &&
	test_must_be_empty err &&
	test_line_count = 200 held.ids &&
	test "$(uniq -d held.ids | wc -l)" = 0 &&
	squeue -h -n held -t all -o %i | sort -n >queued &&
	test_cmp held.ids queued
'

# The answer to a submission is signed while the job is being committed,
# for the id it is expected to get; arrays take ids of their own in
# between, so some of those guesses are wrong and must not be sent.
test_expect_success 'single jobs and arrays at once: each answer names the job it submitted' '
	(flood 2 10 arr --hold -J arr --array=0-3 --wrap true) 2>err.arr &
	apid=$! &&
	flood 6 20 one --hold -J one --wrap true 2>err &&
	wait $apid &&
	test_must_be_empty err &&
	test_must_be_empty err.arr &&
	test_line_count = 120 one.ids &&
	test_line_count = 20 arr.ids &&
	squeue -h -n one -t all -o %i | sort -n >one.known &&
	test_cmp one.ids one.known &&
	squeue -h -n arr -t all -r -o %F | sort -n | uniq -c >arr.known &&
	awk "{ print \$2 }" arr.known >arr.known.ids &&
	test_cmp arr.ids arr.known.ids &&
	! grep -v "^ *4 " arr.known
'

test_expect_success 'clients killed at random points of their request: the others are all served' '
	pids= &&
	for k in 1 2 3 4; do
		(for i in $(seq 1 40); do
			timeout -s KILL 0.0$((i % 9 + 1)) \
				sbatch --hold -J gone --wrap true >/dev/null 2>&1
		done) &
		pids="$pids $!"
	done &&
	flood 4 25 kept --hold -J kept --wrap true 2>err &&
	wait $pids &&
	test_must_be_empty err &&
	test_line_count = 100 kept.ids &&
	squeue -h -n kept -t all -o %i | sort -n >queued &&
	test_cmp kept.ids queued &&
	scontrol ping | grep -q "is UP"
'

test_expect_success 'the controller logged no failure to sign or answer' '
	! grep -E "cannot sign reply|cannot build reply|auth queue" $(flurm_ctld_log 1)
'

test_expect_success '8 clients, 5 jobs each that run: every one completes' '
	scancel -n held && scancel -n kept && scancel -n gone &&
	scancel -n one && scancel -n arr &&
	flood 8 5 run -J run -o /dev/null --wrap true 2>err &&
	test_must_be_empty err &&
	test_line_count = 40 run.ids &&
	flurm_wait_for "test -z \"\$(squeue -h -n run -o %i)\"" 120 &&
	for id in $(cat run.ids); do
		scontrol show job $id | grep -o "JobState=[A-Z]*"
	done | sort | uniq -c >states &&
	cat states &&
	grep -q "^ *40 JobState=COMPLETED$" states
'

test_done
