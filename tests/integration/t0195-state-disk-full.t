#!/bin/bash
test_description='a full state directory: writes refused with a clear error, reads served, /health and metrics say so, writes resume when space returns, nothing acknowledged is lost'
. "$(dirname "$0")/test-lib.sh"

# Mounting a small tmpfs as the controller's state directory needs root.
test "$(id -u)" = 0 && test_set_prereq ROOT

# 256 kB job scripts fill the Raft log in a few dozen submissions.
{
	echo "#!/bin/sh"
	for i in $(seq 1 2048); do
		printf "# %0125d\n" 0
	done
	echo true
} >fill.sh

# flood N: 4 clients submit held jobs until each sees its first refusal (or
# N submissions); acknowledged ids go to acked, sbatch's errors to refused.
flood() {
	local c pids=
	for c in 1 2 3 4; do
		(for i in $(seq 1 "$1"); do
			sbatch --hold -J fill$c fill.sh >>out.$c 2>>err.$c ||
				break
		done) &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
	cat out.* | sed -n "s/^Submitted batch job //p" | sort >>acked
	cat err.* >>refused
	rm -f out.* err.*
}

# health PORT: the HTTP status of GET /health on PORT, the body in health.
health() {
	curl -s -o health -w "%{http_code}" "http://127.0.0.1:$1/health"
}

metric() {
	curl -sf "http://127.0.0.1:$FLURM_METRICS_PORT/metrics" |
		sed -n "s/^$1 //p"
}

test_expect_success ROOT 'a controller on a 48 MB tmpfs with a 16 MB reserve' '
	FLURM_CTLD_CONF_EXTRA="state_min_free_mb = 16" &&
	flurm_test_setup 1 &&
	flurm_mount_tmpfs "$FLURM_SCRATCH/ctl1/state" 48m &&
	flurm_cluster_start &&
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	test "$(health $FLURM_METRICS_PORT)" = 200 &&
	test "$(metric flurm_state_writable)" = 1
'

test_expect_success ROOT 'a job that runs while the disk fills up' '
	submit --wrap "while [ ! -e $FLURM_SCRATCH/release ]; do sleep 0.2; done" >runner &&
	wait_job $(cat runner) RUNNING 30
'

test_expect_success ROOT 'sbatch floods until the reserve: a clear error, the controller stays up' '
	: >acked && : >refused &&
	flood 200 &&
	test $(wc -l <acked) -gt 20 &&
	grep "Batch job submission failed: No space left on device" refused &&
	flurm_daemon_alive ctl1 &&
	grep "refusing writes until space is freed" "$(flurm_ctld_log 1)"
'

test_expect_success ROOT 'every new write is refused while the disk is full' '
	test_must_fail sbatch --hold --wrap true 2>err &&
	grep "No space left on device" err &&
	test_must_fail scontrol update JobId=$(head -1 acked) TimeLimit=5 2>err &&
	grep "No space left on device" err
'

test_expect_success ROOT 'reads are served within a second' '
	timeout 1 squeue -h -t all -o %i >known &&
	comm -23 acked <(sort known) >missing &&
	test_line_count = 0 missing &&
	timeout 1 sinfo -h -o %P >parts &&
	grep -x "debug\*" parts &&
	timeout 1 scontrol show job $(tail -1 acked) >show &&
	grep "JobState=PENDING" show
'

test_expect_success ROOT '/health says degraded with the reason, on both ports' '
	test "$(health $FLURM_METRICS_PORT)" = 503 &&
	grep "\"status\":\"degraded\"" health &&
	grep "\"reason\":\"state directory full: [0-9]* MB free, reserve 16 MB" health &&
	test "$(health $FLURM_SLURM_PORT)" = 503 &&
	grep "\"status\":\"degraded\"" health
'

test_expect_success ROOT 'metrics: not writable, refusals counted, free space shown' '
	test "$(metric flurm_state_writable)" = 0 &&
	test "$(metric flurm_state_writes_refused_total)" -gt 0 &&
	test "$(metric flurm_state_disk_reserve_bytes)" = 16777216 &&
	free=$(metric flurm_state_disk_free_bytes) &&
	test "$free" -lt 16777216
'

test_expect_success ROOT 'heartbeats keep the node up; a job end waits on the node' '
	sleep 6 &&
	sinfo -h -N -o %T >state &&
	grep -x -e allocated -e mixed state &&
	touch "$FLURM_SCRATCH/release" &&
	flurm_wait_for "grep -q \"job $(cat runner) event from node1 not committed\" \"$(flurm_ctld_log 1)\"" 20 &&
	test "$(squeue -h -j $(cat runner) -t all -o %T)" = RUNNING
'

test_expect_success ROOT 'more space: writes resume by themselves, no restart' '
	pid=$(flurm_daemon_pid ctl1) &&
	mount -o remount,size=128m "$FLURM_SCRATCH/ctl1/state" &&
	flurm_wait_for "test \"\$(health $FLURM_METRICS_PORT)\" = 200" 10 &&
	grep "\"status\":\"healthy\"" health &&
	test "$(metric flurm_state_writable)" = 1 &&
	id=$(submit --hold --wrap true) &&
	test -n "$id" && echo $id >>acked &&
	test "$(flurm_daemon_pid ctl1)" = "$pid"
'

test_expect_success ROOT 'the job end kept meanwhile is recorded' '
	wait_job $(cat runner) COMPLETED 30 &&
	flurm_wait_nodes idle 10
'

test_expect_success ROOT 'every acknowledged job exists, also after kill -9 and a restart' '
	sort acked >acked.s &&
	squeue -h -t all -o %i | sort >known &&
	comm -23 acked.s known >missing &&
	test_line_count = 0 missing &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	squeue -h -t all -o %i | sort >known &&
	comm -23 acked.s known >missing &&
	test_line_count = 0 missing &&
	test "$(squeue -h -j $(cat runner) -t all -o %T)" = COMPLETED
'

test_expect_success ROOT 'the controller on tmpfs stops cleanly' '
	flurm_ctl_stop 1 &&
	grep "flurmctld stopped" "$(flurm_ctld_log 1)" &&
	! grep -i "double free\|sanitizer\|segmentation" \
		"$FLURM_SCRATCH/ctl1/flurmctld.out"
'

# Item 6 of the hardening issue: a state directory too small for the
# first commit of slurm.conf.
test_expect_success ROOT 'a controller starting on a 4 MB state directory says why it cannot work' '
	flurm_cluster_stop &&
	unset FLURM_CTLD_CONF_EXTRA &&
	flurm_test_setup 1 &&
	flurm_mount_tmpfs "$FLURM_SCRATCH/ctl1/state" 4m &&
	flurm_cluster_start &&
	flurm_wait_for "test \"\$(health $FLURM_METRICS_PORT)\" = 503" 10 &&
	flurm_wait_for "grep -q reason health" 10 &&
	grep "\"status\":\"unavailable\"" health &&
	grep "\"reason\":\"slurm.conf not committed: state directory full: [0-9]* MB free, reserve 64 MB" health &&
	test "$(health $FLURM_SLURM_PORT)" = 503 &&
	test_must_fail sbatch --wrap true 2>err &&
	grep "No space left on device" err &&
	! grep -i "invalid partition" err &&
	test_must_fail sinfo 2>err &&
	grep "No space left on device" err
'

test_expect_success ROOT 'given room, it commits slurm.conf and serves' '
	mount -o remount,size=128m "$FLURM_SCRATCH/ctl1/state" &&
	flurm_wait_for "test \"\$(health $FLURM_METRICS_PORT)\" = 200" 10 &&
	flurm_wait_nodes idle 30 &&
	id=$(submit --wrap true) &&
	wait_job $id COMPLETED 30 &&
	flurm_ctl_stop 1 &&
	grep "flurmctld stopped" "$(flurm_ctld_log 1)"
'

# Without a reserve, c-raft itself meets the full disk. It cannot go on
# after a failed write (0.15 crashes a few milliseconds later); the
# controller must end itself with the reason, losing nothing.
test_expect_success ROOT 'no reserve: a failed Raft write ends the controller cleanly' '
	flurm_cluster_stop &&
	FLURM_CTLD_CONF_EXTRA="state_min_free_mb = 0" &&
	flurm_test_setup 1 &&
	flurm_mount_tmpfs "$FLURM_SCRATCH/ctl1/state" 28m &&
	flurm_cluster_start &&
	flurm_wait_ready &&
	: >acked && : >refused &&
	flood 200 &&
	flurm_wait_for "! flurm_daemon_alive ctl1" 10 &&
	grep "raft: writing the state directory .* failed: .*exiting so that a restart replays the committed log" \
		"$(flurm_ctld_log 1)" &&
	! grep -i "segmentation\|double free\|abort" "$FLURM_SCRATCH/ctl1/flurmctld.out"
'

test_expect_success ROOT 'restarted with room, every acknowledged job is there' '
	mount -o remount,size=128m "$FLURM_SCRATCH/ctl1/state" &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	squeue -h -t all -o %i | sort >known &&
	sort acked >acked.s &&
	test $(wc -l <acked.s) -gt 10 &&
	comm -23 acked.s known >missing &&
	test_line_count = 0 missing
'

test_done
