#!/bin/bash
test_description='a client speaking Slurm 23.02 (protocol 0x2700), 23.11 (0x2800) or 24.05 (0x2900) is served for the messages that have a table of differences, in its own version, while the real 22.05 clients keep working; other messages are refused with SLURM_PROTOCOL_VERSION_ERROR, newer versions by closing the connection as slurmctld does'
. "$(dirname "$0")/test-lib.sh"

VREQ=${FLURM_TEST_TOOLS:-$FLURM_SRCDIR/build/tests/tools}/vreq
test_under_flurm 1 || error "cannot start a cluster"

# v VERSION REQUEST [ARG]: the controller's answer, decoded at the
# version of its header, credential checked.
v() {
	"$VREQ" "$FLURM_SLURM_PORT" "$@"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	submit --hold -J old --wrap true >old.id
'

test_expect_success '23.02 ping is answered in 23.02' '
	v 0x2700 ping >out &&
	grep -qx "version=0x2700 rc=0" out
'

test_expect_success '23.02 submission is queued and shown to 22.05 squeue' '
	v 0x2700 submit v23job >out &&
	sed -n "s/^version=0x2700 job_id=\([0-9]*\)$/\1/p" out >new.id &&
	test -s new.id &&
	squeue -h -j $(cat new.id) -t all -o %j >name &&
	test "$(cat name)" = v23job
'

test_expect_success '23.02 job list carries every job in 23.02 layout' '
	v 0x2700 jobs >out &&
	grep -q "^version=0x2700 jobs=2 " out &&
	grep -q " old:" out && grep -q " v23job:" out
'

test_expect_success 'job lists alternate between versions without mixing records' '
	v 0x2600 jobs >a && grep -q "^version=0x2600 jobs=2 " a &&
	v 0x2700 jobs >b && grep -q "^version=0x2700 jobs=2 " b &&
	v 0x2600 jobs >c && grep -q "^version=0x2600 jobs=2 " c &&
	squeue -h -t all -o %j >names &&
	grep -qx old names && grep -qx v23job names
'

test_expect_success '23.02 node and partition lists' '
	v 0x2700 nodes >out &&
	grep -q "^version=0x2700 nodes=[1-9]" out &&
	v 0x2700 parts >out &&
	grep -q "^version=0x2700 parts=2 debug:4294967295 batch:4294967295 default=debug$" out &&
	sinfo -h -o %P >parts && grep -q debug parts
'

test_expect_success '23.02 job update' '
	submit --hold -J upd --wrap true >upd.id &&
	v 0x2700 update $(cat upd.id):renamed >out &&
	grep -qx "version=0x2700 rc=0" out &&
	test "$(squeue -h -j $(cat upd.id) -o %j)" = renamed
'

# read in its own version, the request names the job whose owner counts
test_expect_success '23.02 job update by another user is refused' '
	as_nobody "$VREQ" "$FLURM_SLURM_PORT" 0x2700 update $(cat upd.id):stolen >out &&
	grep -qx "version=0x2700 rc=2010" out &&
	test "$(squeue -h -j $(cat upd.id) -o %j)" = renamed
'

test_expect_success '23.02 cancel' '
	v 0x2700 kill $(cat old.id) >out &&
	grep -qx "version=0x2700 rc=0" out &&
	wait_job $(cat old.id) CANCELLED
'

test_expect_success 'a 23.02 message without a table is refused, not misread' '
	v 0x2700 step >out &&
	grep -qx "version=0x2700 rc=1005" out &&
	squeue -h -t all >/dev/null
'

test_expect_success '23.11 (0x2800) likewise: ping, lists, a message without a table' '
	v 0x2800 ping >out &&
	grep -qx "version=0x2800 rc=0" out &&
	v 0x2800 nodes >out &&
	grep -q "^version=0x2800 nodes=[1-9]" out &&
	v 0x2800 jobs >out &&
	grep -q "^version=0x2800 jobs=3 " out &&
	v 0x2800 fed >out &&
	grep -qx "version=0x2800 fed=none" out &&
	v 0x2800 step >out &&
	grep -qx "version=0x2800 rc=1005" out
'

test_expect_success '24.05 (0x2900) ping' '
	v 0x2900 ping >out &&
	grep -qx "version=0x2900 rc=0" out
'

test_expect_success '24.05 submission is queued and shown to 22.05 squeue' '
	v 0x2900 submit v24job >out &&
	sed -n "s/^version=0x2900 job_id=\([0-9]*\)$/\1/p" out >v24.id &&
	test -s v24.id &&
	test "$(squeue -h -j $(cat v24.id) -t all -o %j)" = v24job
'

test_expect_success '24.05 job list carries every job in 24.05 layout' '
	v 0x2900 jobs >out &&
	grep -q "^version=0x2900 jobs=4 " out &&
	grep -q " v24job:" out && grep -q " v23job:" out &&
	v 0x2600 jobs >out && grep -q "^version=0x2600 jobs=4 " out
'

# the held job: the 24.05 submission has run by now
test_expect_success '24.05 job update and cancel' '
	v 0x2900 update $(cat upd.id):v24renamed >out &&
	grep -qx "version=0x2900 rc=0" out &&
	test "$(squeue -h -j $(cat upd.id) -o %j)" = v24renamed &&
	v 0x2900 kill $(cat upd.id) >out &&
	grep -qx "version=0x2900 rc=0" out &&
	wait_job $(cat upd.id) CANCELLED
'

# 24.05 node records add gpu_spec and res_cores_per_gpu and drop the
# former ext_sensors and power fields; partition flags are 32 bits
test_expect_success '24.05 node and partition lists and federation info' '
	v 0x2900 nodes >out &&
	grep -q "^version=0x2900 nodes=[1-9]" out &&
	v 0x2600 nodes >old &&
	test "$(cut -d" " -f2- out)" = "$(cut -d" " -f2- old)" &&
	v 0x2900 parts >out &&
	grep -qx "version=0x2900 parts=2 debug:4294967295 batch:4294967295 default=debug" out &&
	v 0x2900 fed >out &&
	grep -qx "version=0x2900 fed=none" out &&
	sinfo -h -o %P | grep -qx "debug\*"
'

# no table for steps at 24.05
test_expect_success '24.05 step creation is refused' '
	v 0x2900 step >out &&
	grep -qx "version=0x2900 rc=1005" out &&
	sinfo -h -o %P | grep -q debug
'

# salloc at 23.02 and 23.11: the allocation reply has the owner (uid,
# gid and names) and tres_per_node in place of the select jobinfo
test_expect_success '23.02 and 23.11 allocation, readiness and release' '
	for ver in 0x2700 0x2800; do
		flurm_wait_nodes idle 30 &&
		v $ver alloc a$ver >out &&
		grep -q "^version=$ver alloc job_id=[0-9]* node_cnt=1 nodes=[^ -][^ ]* uid=$(id -u) user=$(id -un)$" out &&
		id=$(sed -n "s/.* job_id=\([0-9]*\) .*/\1/p" out) &&
		v $ver ready $id >out &&
		grep -qx "version=$ver ready=7" out &&
		v $ver allocinfo $id >out &&
		grep -q "^version=$ver alloc job_id=$id node_cnt=1 " out &&
		v $ver release $id >out &&
		grep -qx "version=$ver rc=0" out &&
		wait_job $id COMPLETED || return 1
	done
'

# a 24.05 salloc would refuse the 22.05 messages FLURM sends to its ports
test_expect_success '24.05 allocation is refused' '
	v 0x2900 alloc a24 >out &&
	grep -qx "version=0x2900 rc=1005" out &&
	test -z "$(squeue -h -n a24 -t all)"
'

# sbatch -N 1,3 at 23.02 on: a list of node counts FLURM cannot run is
# refused, not run as the range 1-3; a list that is one range is that range
test_expect_success 'node count lists are refused with ESLURM_INVALID_NODE_COUNT' '
	for ver in 0x2700 0x2800 0x2900; do
		v $ver sizes 1,3 >out &&
		grep -qx "version=$ver rc=2006" out || return 1
	done &&
	v 0x2900 sizes 1,4-5 >out &&
	grep -qx "version=0x2900 rc=2006" out &&
	test -z "$(squeue -h -n sizes -t all)" &&
	v 0x2700 sizes 1-2 >out &&
	id=$(sed -n "s/^version=0x2700 job_id=\([0-9]*\)$/\1/p" out) &&
	test -n "$id" &&
	test "$(squeue -h -j $id -o "%D %j")" = "1 sizes" &&
	scancel $id
'

# scontrol show config: each version gets its own keys (23.02 drops
# LaunchType, adds MaxBatchRequeue; 23.11 drops RoutePlugin; 24.05 adds
# HashPlugin and sends Epilog= as a list)
test_expect_success 'configuration in each version' '
	v 0x2600 config >out &&
	grep -q "^version=0x2600 config cluster=[^ ]* launch_type=launch/slurm max_batch_requeue=0 route_plugin=route/default hash_plugin=- epilog=-$" out &&
	v 0x2700 config >out &&
	grep -q "^version=0x2700 config cluster=[^ ]* launch_type=- max_batch_requeue=5 route_plugin=route/default hash_plugin=- epilog=-$" out &&
	v 0x2800 config >out &&
	grep -q "^version=0x2800 config cluster=[^ ]* launch_type=- max_batch_requeue=5 route_plugin=- hash_plugin=- epilog=-$" out &&
	v 0x2900 config >out &&
	grep -q "^version=0x2900 config cluster=[^ ]* launch_type=- max_batch_requeue=5 route_plugin=- hash_plugin=hash/k12 epilog=-$" out &&
	scontrol show config >conf &&
	grep -q "^LaunchType *= launch/slurm" conf
'

test_expect_success 'sdiag statistics in each version' '
	for ver in 0x2600 0x2700 0x2800 0x2900; do
		v $ver stats >out &&
		grep -q "^version=$ver stats submitted=[1-9][0-9]* rpc_types=[1-9]" out ||
		return 1
	done &&
	sdiag >diag && grep -q "Jobs submitted" diag
'

# the controller answers once the credential is open, from munged's
# answer, even though the client shut its side long before
test_expect_success 'a client that shuts its sending side still gets its answer' '
	TOOL_HALF_CLOSE=1 v 0x2600 submit halfclosed >out &&
	id=$(sed -n "s/.*job_id=\([0-9]*\).*/\1/p" out) &&
	test -n "$id" &&
	squeue -h -t all -j "$id" -o %j | grep -qx halfclosed &&
	TOOL_HALF_CLOSE=1 v 0x2600 ping | grep -qx "version=0x2600 rc=0"
'

# a frame that ends before its body is whole is not a request: the
# connection is dropped unanswered and nothing is submitted
test_expect_success 'a connection whose frame is cut short is dropped' '
	test_must_fail env TOOL_CUT_SHORT=1 "$VREQ" "$FLURM_SLURM_PORT" \
		0x2600 submit cutshort >out 2>err &&
	grep -q "no reply" err &&
	squeue -h -t all -o %j >names &&
	! grep -qx cutshort names &&
	v 0x2600 ping | grep -qx "version=0x2600 rc=0"
'

# as slurmctld does with a header it cannot read: no answer at all
test_expect_success 'a version newer than any table is refused' '
	test_must_fail v 0x2a00 ping >out 2>err &&
	grep -q "no reply" err &&
	scontrol ping | grep -q UP &&
	v 0x2700 ping | grep -qx "version=0x2700 rc=0"
'

test_done
