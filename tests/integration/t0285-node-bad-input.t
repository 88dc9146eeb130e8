#!/bin/bash
test_description='the node Slurm port refuses garbage, short frames, unauthenticated launches and bad job credentials: logged, answered, nothing started'
. "$(dirname "$0")/test-lib.sh"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT
LAUNCH=${FLURM_TEST_TOOLS:-$FLURM_SRCDIR/build/tests/tools}/launch-req

test_under_flurm 2 || error "cannot start a cluster"

PORT1=$(echo "$FLURM_ND_PORTS" | cut -d, -f1)
LOG1=$(flurm_nd_log node1)
flurm_tmpdir OUT
chmod 1777 "$OUT"

test_expect_success 'cluster up; the launch tool exists' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30 &&
	test -x "$LAUNCH" &&
	grep -q "listening for srun on 127.0.0.1:$PORT1" "$LOG1"
'

test_expect_success 'a valid launch starts its task (the tool works)' '
	"$LAUNCH" $PORT1 9001 0 touch "$OUT/good" >out &&
	test "$(cat out)" = rc=0 &&
	flurm_wait_for "test -e $OUT/good" 10
'

test_expect_success 'garbage: connection closed, no reply, logged' '
	send $PORT1 0000000a0102030405060708090a >reply &&
	test_must_be_empty reply &&
	grep -q "refusing frame of 10 bytes: too short" "$LOG1" &&
	send $PORT1 40000000deadbeef >reply &&
	test_must_be_empty reply &&
	grep -q "refusing frame of 1073741824 bytes" "$LOG1"
'

test_expect_success 'a frame cut short is dropped without an answer' '
	# REQUEST_LAUNCH_TASKS header claiming 200 bytes, then the end
	send $PORT1 000000c8260000001771 >reply &&
	test_must_be_empty reply
'

test_expect_success 'a launch with auth/none is refused as an authentication error' '
	# REQUEST_LAUNCH_TASKS (6001 = 0x1771) with a body of 4 bytes
	send $PORT1 $(auth_none_frame 1771 01020304) >reply &&
	auth_error_reply reply &&
	grep -q "REQUEST_LAUNCH_TASKS: authentication failed" "$LOG1"
'

test_expect_success 'a credential with a changed byte is refused' '
	"$LAUNCH" -x $PORT1 9002 0 touch "$OUT/forged" >out &&
	test "$(cat out)" = rc=4004 &&
	grep -q "launch of 9002.0 refused: job credential" "$LOG1"
'

test_expect_success 'an expired credential is refused' '
	"$LAUNCH" -a 600 $PORT1 9003 0 touch "$OUT/expired" >out &&
	test "$(cat out)" = rc=4007 &&
	grep -q "launch of 9003.0 refused: job credential for 9003.0 expired" "$LOG1"
'

test_expect_success 'a credential for another node is refused' '
	"$LAUNCH" -n node2 $PORT1 9004 0 touch "$OUT/othernode" >out &&
	test "$(cat out)" = rc=2018 &&
	grep -q "launch of 9004.0 refused: job credential for 9004.0 does not name node node1" "$LOG1"
'

test_expect_success 'a replayed launch of a step that already ran is refused' '
	"$LAUNCH" -w cred.bin $PORT1 9005 0 true >out &&
	test "$(cat out)" = rc=0 &&
	"$LAUNCH" -r cred.bin $PORT1 9005 0 touch "$OUT/replayed" >out &&
	test "$(cat out)" = rc=4009 &&
	grep -q "step 9005.0 was already launched here" "$LOG1"
'

test_expect_success ROOT 'a user cannot make a credential: one signed by nobody is refused' '
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$LAUNCH" $PORT1 9006 0 touch "$OUT/selfmade" >out &&
	test "$(cat out)" = rc=4004 &&
	grep -q "launch of 9006.0 refused: job credential signed by uid 65534, not by root or SlurmUser" "$LOG1"
'

test_expect_success ROOT 'another user cannot use root'"'"'s credential' '
	"$LAUNCH" -w root.cred -u 0 $PORT1 9007 0 true >/dev/null &&
	# the launch names uid 0: nobody may not send it
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$LAUNCH" -r root.cred -u 0 $PORT1 9008 0 touch "$OUT/stolen" >out &&
	test "$(cat out)" = rc=2010 &&
	grep -q "launch of 9008.0 for uid 0 refused: sent by uid 65534" "$LOG1" &&
	# naming itself, it holds a credential of uid 0
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$LAUNCH" -r root.cred -u 65534 $PORT1 9007 0 touch "$OUT/stolen" >out &&
	test "$(cat out)" = rc=4004 &&
	grep -q "job credential for 9007.0 is for uid 0, not uid 65534" "$LOG1"
'

test_expect_success 'nothing refused was started; the node still serves' '
	sleep 1 &&
	for f in forged expired othernode replayed selfmade stolen; do
		! test -e "$OUT/$f" || return 1
	done &&
	"$LAUNCH" $PORT1 9010 0 touch "$OUT/still" >out &&
	test "$(cat out)" = rc=0 &&
	flurm_wait_for "test -e $OUT/still" 10 &&
	flurm_daemon_alive node1 &&
	srun -N1 -w node1 true
'

test_done
