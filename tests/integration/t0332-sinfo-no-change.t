#!/bin/bash
test_description='node lists: a client that sends the time of the list it has is told "no change" until something a node shows changes (state, reason, allocation, load), as slurmctld answers sinfo -i; sinfo -i shows every change'
. "$(dirname "$0")/test-lib.sh"

REQ=${FLURM_TEST_TOOLS:-$FLURM_SRCDIR/build/tests/tools}/jobinfo-req
# node records show the load and free memory as slurmctld's pings take
# them, once per SlurmdTimeout/3: 100 s here, so that quiet seconds exist
export FLURM_SLURMD_TIMEOUT=300
test_under_flurm 2 || error "cannot start a cluster"
command -v curl >/dev/null && test_set_prereq CURL

# ask TIME: the controller's answer to a node list request with last
# update TIME (0: none), its credential checked.
ask() {
	"$REQ" -n "$FLURM_SLURM_PORT" "$1"
}
# quiet: a list, then the same question a second later, until the
# answer is "no change"; leaves the list's time in quiet.t.
quiet() {
	t=$(ask 0 | sed -n 's/.* last_update=\([0-9]*\)$/\1/p') && sleep 1.1 &&
	ask $t >quiet.out && echo $t >quiet.t &&
	grep -qx "RESPONSE_SLURM_RC rc=1900" quiet.out
}
replies() {
	curl -sf http://127.0.0.1:$FLURM_METRICS_PORT/metrics |
		sed -n "s/^flurm_rpc_replies_total{type=\"$1\"} //p"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'without a time: every node' '
	ask 0 >out &&
	grep -q "^RESPONSE_NODE_INFO count=2 last_update=[0-9]*$" out
'

test_expect_success 'with the time of the list and nothing changed: no change' '
	flurm_wait_for quiet 30 &&
	t=$(cat quiet.t) &&
	ask $t >out &&
	echo "RESPONSE_SLURM_RC rc=1900" >expect &&
	test_cmp expect out
'

test_expect_success 'a time before the list: every node' '
	t=$(cat quiet.t) &&
	ask $((t - 5)) >out &&
	grep -q "^RESPONSE_NODE_INFO count=2 " out
'

# held: quiet, then a held submission, then the same question (a load
# taken in between is a change, so this may take another round).
held() {
	quiet && t=$(cat quiet.t) &&
	submit --hold -J held --wrap true >>held.id &&
	ask $t >held.out &&
	grep -qx "RESPONSE_SLURM_RC rc=1900" held.out
}

test_expect_success 'a held submission changes no node: still no change' '
	flurm_wait_for held 30 &&
	squeue -h -t PD -o "%j %r" -n held | sort -u >sq &&
	echo "held JobHeldUser" >expect &&
	test_cmp expect sq
'

test_expect_success 'a drain is a change: the list shows it' '
	flurm_wait_for quiet 30 &&
	t=$(cat quiet.t) &&
	scontrol update NodeName=node2 State=DRAIN Reason=cabling &&
	ask $t >out &&
	grep -q "^RESPONSE_NODE_INFO count=2 " out &&
	sinfo -h -N -n node2 -o "%N %t %E" | sort -u >sinfo.out &&
	echo "node2 drain cabling" >expect &&
	test_cmp expect sinfo.out
'

test_expect_success 'a job started is a change (allocated CPUs)' '
	flurm_wait_for quiet 30 &&
	t=$(cat quiet.t) &&
	id=$(submit -w node1 --wrap "sleep 30") &&
	wait_job $id RUNNING &&
	ask $t >out &&
	grep -q "^RESPONSE_NODE_INFO count=2 " out &&
	scancel $id && wait_job $id CANCELLED
'

test_expect_success CURL 'sinfo -i 1 is answered "no change" while nothing changes, and sees a resume' '
	flurm_wait_for quiet 30 &&
	rc0=$(replies RESPONSE_SLURM_RC) &&
	{ stdbuf -oL sinfo -i 1 -h -N -o "%N %t" >iter 2>iter.err & } &&
	sipid=$! &&
	test_when_finished "kill $sipid 2>/dev/null; wait $sipid 2>/dev/null; true" &&
	# two "no change" answers: the client asked at least three times
	flurm_wait_for "test \$((\$(replies RESPONSE_SLURM_RC) - ${rc0:-0})) -ge 2" 20 &&
	grep -qx "node2 drain" iter &&
	scontrol update NodeName=node2 State=RESUME &&
	flurm_wait_for "tail -n 2 iter | grep -qx \"node2 idle\"" 10 &&
	kill $sipid && { wait $sipid 2>/dev/null; true; } &&
	test ! -s iter.err
'

test_done
