#!/bin/bash
test_description='job and partition lists: a client that sends the time of the list it has is told "no change" until something in it changes, as slurmctld answers squeue -i; lists kept between requests show every change'
. "$(dirname "$0")/test-lib.sh"

REQ=${FLURM_TEST_TOOLS:-$FLURM_SRCDIR/build/tests/tools}/jobinfo-req
test_under_flurm 1 || error "cannot start a cluster"
command -v curl >/dev/null && test_set_prereq CURL

# ask [TIME]: the controller's answer to a job list request for every
# job with last update TIME (0: none), its credential checked.
ask() {
	"$REQ" "$FLURM_SLURM_PORT" "${1:-0}"
}
# list_time: a fresh list's time.
list_time() {
	ask 0 | sed -n 's/.* last_update=\([0-9]*\)$/\1/p'
}
# quiet: a list, then the same question a second later, until the
# answer is "no change" (a change in the second of the list is a change);
# leaves the list's time in quiet.t.
quiet() {
	t=$(list_time) && sleep 1.1 &&
	ask $t >quiet.out && echo $t >quiet.t &&
	grep -qx "RESPONSE_SLURM_RC rc=1900" quiet.out
}
replies() {
	curl -sf http://127.0.0.1:$FLURM_METRICS_PORT/metrics |
		sed -n "s/^flurm_rpc_replies_total{type=\"$1\"} //p"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	submit --hold -J a --wrap true >a.id &&
	submit --hold -J b --wrap true >b.id
'

test_expect_success 'without a time: the whole list' '
	ask 0 >out &&
	grep -q "^RESPONSE_JOB_INFO count=2 last_update=[0-9]*$" out
'

test_expect_success 'with the time of the list and nothing changed: no change' '
	flurm_wait_for quiet 20 &&
	t=$(cat quiet.t) &&
	ask $t >out &&
	echo "RESPONSE_SLURM_RC rc=1900" >expect &&
	test_cmp expect out
'

test_expect_success 'a time before the list: the whole list' '
	t=$(cat quiet.t) &&
	ask $((t - 5)) >out &&
	grep -q "^RESPONSE_JOB_INFO count=2 " out
'

test_expect_success 'a submission is a change: the list with it' '
	t=$(cat quiet.t) &&
	submit --hold -J c --wrap true >c.id &&
	ask $t >out &&
	grep -q "^RESPONSE_JOB_INFO count=3 " out &&
	squeue -h -o "%i %j" -j $(cat c.id) >sq &&
	echo "$(cat c.id) c" >expect &&
	test_cmp expect sq
'

test_expect_success 'a cancel is a change, also to the list kept between requests' '
	flurm_wait_for quiet 20 &&
	t=$(cat quiet.t) &&
	squeue -h -t all -o "%i %T" -j $(cat b.id) >before &&
	echo "$(cat b.id) PENDING" >expect &&
	test_cmp expect before &&
	scancel $(cat b.id) &&
	ask $t >out &&
	grep -q "^RESPONSE_JOB_INFO count=3 " out &&
	squeue -h -t all -o "%i %T" >all &&
	grep -qx "$(cat b.id) CANCELLED" all &&
	grep -qx "$(cat a.id) PENDING" all
'

test_expect_success 'an update of one job shows at once in a repeated squeue' '
	squeue -h -o "%i %j %l" -j $(cat a.id) >before &&
	scontrol update JobId=$(cat a.id) Name=renamed TimeLimit=7 &&
	squeue -h -o "%i %j %l" -j $(cat a.id) >after &&
	echo "$(cat a.id) renamed 7:00" >expect &&
	test_cmp expect after &&
	squeue -h -o "%i %j %l" >all &&
	grep -qx "$(cat a.id) renamed 7:00" all
'

# pquiet: as quiet, for the partition list; its time in pquiet.t.
pquiet() {
	t=$("$REQ" -p "$FLURM_SLURM_PORT" 0 |
		sed -n 's/.* last_update=\([0-9]*\)$/\1/p') && sleep 1.1 &&
	"$REQ" -p "$FLURM_SLURM_PORT" $t >pquiet.out && echo $t >pquiet.t &&
	grep -qx "RESPONSE_SLURM_RC rc=1900" pquiet.out
}

test_expect_success 'partitions: no change until one changes' '
	np=$(sinfo -h -o %P | wc -l) &&
	"$REQ" -p "$FLURM_SLURM_PORT" 0 >out &&
	grep -q "^RESPONSE_PARTITION_INFO count=$np " out &&
	flurm_wait_for pquiet 20 &&
	t=$(cat pquiet.t) &&
	submit --hold -J d --wrap true >d.id &&
	"$REQ" -p "$FLURM_SLURM_PORT" $t >out &&
	echo "RESPONSE_SLURM_RC rc=1900" >expect &&
	test_cmp expect out &&
	scontrol update PartitionName=debug MaxTime=30 &&
	"$REQ" -p "$FLURM_SLURM_PORT" $t >out &&
	grep -q "^RESPONSE_PARTITION_INFO count=$np " out &&
	sinfo -h -o "%P %l" >sinfo.out &&
	grep -qx "debug\* 30:00" sinfo.out
'

test_expect_success CURL 'squeue -i 1 is answered "no change" while nothing changes, and sees a submission' '
	flurm_wait_for quiet 20 &&
	rc0=$(replies RESPONSE_SLURM_RC) &&
	{ stdbuf -oL squeue -i 1 -h -o "%i %j" >iter 2>iter.err & } &&
	sqpid=$! &&
	test_when_finished "kill $sqpid 2>/dev/null; wait $sqpid 2>/dev/null; true" &&
	# two "no change" answers: the client asked at least three times
	flurm_wait_for "test \$((\$(replies RESPONSE_SLURM_RC) - ${rc0:-0})) -ge 2" 20 &&
	submit --hold -J late --wrap true >late.id &&
	flurm_wait_for "grep -q \"^$(cat late.id) late\$\" iter" 10 &&
	kill $sqpid && { wait $sqpid 2>/dev/null; true; } &&
	grep -q "^$(cat a.id) renamed$" iter &&
	test ! -s iter.err
'

# A list asked for again unchanged is sent from a memory file the
# controller made of it (sendfile), never written again: each answer,
# also one still being read while jobs change, is the list it was signed as.
test_expect_success 'a long list sent again and again is whole each time, also while jobs change' '
	for i in $(seq 1 300); do
		sbatch --hold -J many$i --wrap true >/dev/null || return 1
	done &&
	squeue -h -o "%i %j %T" >l1 &&
	squeue -h -o "%i %j %T" >l2 &&
	squeue -h -o "%i %j %T" >l3 &&
	test $(grep -c " many[0-9]* PENDING$" l1) = 300 &&
	test_cmp l1 l2 && test_cmp l1 l3 &&
	pids= &&
	for k in 1 2 3 4 5 6; do
		{ squeue -h -o "%i %j" >bg$k.out 2>bg$k.err & } &&
		pids="$pids $!" || return 1
	done &&
	for i in 1 2 3 4 5 6; do
		scontrol update JobId=$(cat a.id) Name=again$i || return 1
	done &&
	for p in $pids; do wait $p || return 1; done &&
	for k in 1 2 3 4 5 6; do
		test ! -s bg$k.err &&
		test $(grep -c " many[0-9]*$" bg$k.out) = 300 || return 1
	done &&
	squeue -h -o "%i %j" -j $(cat a.id) >after &&
	echo "$(cat a.id) again6" >expect &&
	test_cmp expect after
'

test_done
