#!/bin/bash
test_description='three controllers: a change whose answer was lost is sent again under its request id and takes effect once'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

# njobs: how many jobs squeue knows, in any state.
njobs() {
	squeue -h -t all -o %i | wc -l
}

test_expect_success 'three controllers, and a leader that loses the answers of forwarded submissions' '
	ha_start &&
	flurm_wait_nodes idle 30 &&
	L=$(leader) &&
	flurm_ctl_stop $L &&
	flurm_wait_for leader 10 &&
	N=$(leader) &&
	FLURM_TEST_DROP_ANSWERS=2 FLURM_TEST_DROP_CANCELS=1 flurm_ctl_start $L &&
	flurm_wait_for "fsh $L cluster status | grep -q \"^$L .* follower \"" 20 ||
	flurm_wait_for "fsh $N cluster status | grep -q \"^$L .*follower\"" 20 &&
	fsh $N cluster transfer $L >out &&
	grep "leadership handed over" out &&
	flurm_wait_for "test \"\$(leader)\" = $L" 10 &&
	echo $L >lossy
'

test_expect_success 'sbatch through a follower prints one job id when the leader closed without answering; one job exists' '
	L=$(cat lossy) && F=$(( L % 3 + 1 )) &&
	before=$(njobs) &&
	SLURM_CONF=$(only_ctl $F) sbatch -o /dev/null --wrap true >out 2>err &&
	cat out err &&
	test_line_count = 1 out &&
	id=$(sed -n "s/^Submitted batch job \([0-9]*\)$/\1/p" out) &&
	test -n "$id" &&
	# sent three times: twice the answer was lost, and the leader
	# answered the same job each time
	test "$(grep -c "job $id: closing without an answer" "$(flurm_ctld_log $L)")" = 2 &&
	test "$(njobs)" = $((before + 1)) &&
	test "$(squeue -h -t all -o %i | grep -cx "$id")" = 1 &&
	wait_job $id COMPLETED 30
'

test_expect_success 'the next submission, through the other follower as another user, is answered at once' '
	L=$(cat lossy) && F=$(( (L + 1) % 3 + 1 )) &&
	before=$(njobs) &&
	SLURM_CONF=$(only_ctl $F) as_nobody sbatch -o /dev/null --wrap true \
		>out 2>err &&
	test_line_count = 1 out &&
	id=$(sed -n "s/^Submitted batch job \([0-9]*\)$/\1/p" out) &&
	test -n "$id" &&
	test "$(grep -c "closing without an answer" "$(flurm_ctld_log $L)")" = 2 &&
	test "$(njobs)" = $((before + 1)) &&
	test "$(squeue -h -t all -j $id -o %u)" = nobody &&
	wait_job $id COMPLETED 30
'

test_expect_success 'scancel through a follower whose answer was lost succeeds once: the leader answers the cancel it already did' '
	L=$(cat lossy) && F=$(( L % 3 + 1 )) &&
	id=$(SLURM_CONF=$(only_ctl $L) submit -o /dev/null --wrap "sleep 300") &&
	wait_job $id RUNNING 20 &&
	SLURM_CONF=$(only_ctl $F) scancel $id >out 2>err &&
	cat out err &&
	test_must_be_empty err &&
	grep "job $id: closing without an answer (FLURM_TEST_DROP_CANCELS)" "$(flurm_ctld_log $L)" &&
	grep "REQUEST_KILL_JOB from uid [0-9]* was done already: answering its outcome" "$(flurm_ctld_log $L)" &&
	wait_job $id CANCELLED 30
'

test_expect_success 'a follower whose leader is stopped (SIGSTOP) after taking a submission sends it to the next leader: one id, one job' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	before=$(njobs) &&
	pl=$(flurm_daemon_pid ctl$L) &&
	kill -STOP $pl &&
	{ SLURM_CONF=$(only_ctl $F) timeout 30 sbatch -o /dev/null --wrap true \
		>out 2>err; rc=$?; } ;
	kill -CONT $pl &&
	cat out err &&
	test $rc = 0 &&
	test_line_count = 1 out &&
	id=$(sed -n "s/^Submitted batch job \([0-9]*\)$/\1/p" out) &&
	test -n "$id" &&
	grep "leadership moved while the leader had it" "$(flurm_ctld_log $F)" &&
	# the stopped leader, back, finds the envelope in its socket: it
	# does not make a second job of it
	flurm_wait_for "back_in $L" 20 &&
	sleep 1 &&
	test "$(njobs)" = $((before + 1)) &&
	wait_job $id COMPLETED 30
'

test_expect_success 'a leader cut off from the others for two seconds answers the sbatch it took with one id; one job' '
	L=$(leader) && A=$(( L % 3 + 1 )) && B=$(( A % 3 + 1 )) &&
	before=$(njobs) &&
	pa=$(flurm_daemon_pid ctl$A) && pb=$(flurm_daemon_pid ctl$B) &&
	kill -STOP $pa $pb || return 1
	( sleep 2; kill -CONT $pa $pb ) &
	SLURM_CONF=$(only_ctl $L) timeout 30 sbatch -o /dev/null --wrap true \
		>out 2>err; rc=$? ;
	kill -CONT $pa $pb;
	cat out err &&
	test $rc = 0 &&
	test_line_count = 1 out &&
	id=$(sed -n "s/^Submitted batch job \([0-9]*\)$/\1/p" out) &&
	test -n "$id" &&
	flurm_wait_for leader 20 &&
	sleep 1 &&
	test "$(njobs)" = $((before + 1)) &&
	wait_job $id COMPLETED 30
'

test_expect_success 'a leader cut off with a submission in flight, then stopped while the others elect a leader: its sbatch prints one id; one job' '
	L=$(leader) && A=$(( L % 3 + 1 )) && B=$(( A % 3 + 1 )) &&
	before=$(njobs) &&
	pl=$(flurm_daemon_pid ctl$L) &&
	pa=$(flurm_daemon_pid ctl$A) && pb=$(flurm_daemon_pid ctl$B) &&
	kill -STOP $pa $pb || return 1
	# the leader takes the submission but cannot commit it; then it
	# stops, and the other two elect a leader. Whether that leader got
	# the entry (the kernel may have kept it for the stopped follower)
	# decides which way the answer comes: committed, or sent on to the
	# new leader under the same request id; either way one job.
	(
		sleep 1 && kill -STOP $pl && kill -CONT $pa $pb &&
		flurm_wait_for "health $A | grep -q leader.:true || health $B | grep -q leader.:true" 20
		kill -CONT $pl
	) &
	SLURM_CONF=$(only_ctl $L) timeout 30 sbatch -o /dev/null --wrap true \
		>out 2>err; rc=$? ;
	kill -CONT $pl $pa $pb;
	cat out err &&
	test $rc = 0 &&
	test_line_count = 1 out &&
	id=$(sed -n "s/^Submitted batch job \([0-9]*\)$/\1/p" out) &&
	test -n "$id" &&
	flurm_wait_for "back_in $L" 20 &&
	sleep 1 &&
	test "$(njobs)" = $((before + 1)) &&
	wait_job $id COMPLETED 30
'

test_expect_success 'every controller restarts, replaying a log that holds request ids' '
	for k in 1 2 3; do flurm_ctl_stop $k || return 1; done &&
	for k in 1 2 3; do flurm_ctl_start $k || return 1; done &&
	flurm_wait_for leader 20 &&
	flurm_wait_ready &&
	id=$(submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30
'

test_done
