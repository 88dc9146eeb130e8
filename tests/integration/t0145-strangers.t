#!/bin/bash
test_description='unauthenticated peers cannot exhaust the controller: partial frames, slow senders, idle and many connections, descriptors running out, a wrong munge key'
. "$(dirname "$0")/test-lib.sh"

# A short request deadline keeps the tests quick; info level, so that
# the log counts only what an operator would see.
FLURM_LOG_LEVEL=info
FLURM_CTLD_CONF_EXTRA='request_timeout = 3
max_connections_per_peer = 40'
export FLURM_LOG_LEVEL FLURM_CTLD_CONF_EXTRA
test_under_flurm 1 || error "cannot start a cluster"

stranger() {
	perl "$FLURM_SRCDIR/tests/integration/stranger.pl" "$@"
}

ctld_pid() {
	flurm_daemon_pid ctl1
}

# rss: the controller's resident memory in kB
rss() {
	awk '/^VmRSS:/ { print $2 }' /proc/"$(ctld_pid)"/status
}

# field NAME FILE: the number after NAME in stranger.pl's report
field() {
	sed -n "s/.*\\<$1 \\([0-9.]*\\).*/\\1/p" "$2"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready &&
	flurm_wait_nodes idle
'

test_expect_success '20 oversized partial frames on each port: memory stays low and is returned' '
	before=$(rss) &&
	{ stranger -t 4 slurm 127.0.0.1 $FLURM_SLURM_PORT 20 >slurm.out & p1=$!; } &&
	{ stranger -t 4 node 127.0.0.1 $FLURM_NODE_PORT 20 >node.out & p2=$!; } &&
	peak=$before &&
	for i in 1 2 3 4 5 6 7 8; do
		sleep 0.5
		now=$(rss)
		if [ "$now" -gt "$peak" ]; then peak=$now; fi
	done &&
	wait $p1 $p2 &&
	sleep 1 &&
	after=$(rss) &&
	echo "RSS before $before kB, peak $peak kB, after $after kB" &&
	cat slurm.out node.out &&
	test $((peak - before)) -lt 51200 &&
	test $((after - before)) -lt 10240 &&
	test "$(field open slurm.out)" = 0 &&
	test "$(field open node.out)" = 0 &&
	grep -q "no header and credential in the first 16384 bytes" $(flurm_ctld_log 1) &&
	grep -q "refusing a first frame of more than 262144 bytes" $(flurm_ctld_log 1)
'

test_expect_success 'a sender of one byte a second is dropped at the request deadline' '
	stranger -t 8 slow 127.0.0.1 $FLURM_SLURM_PORT 2 >slow.out &&
	cat slow.out &&
	test "$(field closed slow.out)" = 2 &&
	awk "{ exit !(\$2 >= 2.5 && \$4 <= 5) }" <(grep first_close slow.out)
'

test_expect_success 'idle connections to the node port are dropped' '
	stranger -t 7 idle 127.0.0.1 $FLURM_NODE_PORT 3 >idle.out &&
	cat idle.out &&
	test "$(field closed idle.out)" = 3 &&
	awk "{ exit !(\$4 <= 5) }" <(grep first_close idle.out) &&
	flurm_wait_nodes idle 5
'

test_expect_success 'connections per peer are limited, the oldest idle ones dropped first; other peers are not affected' '
	{ stranger -t 2 -b 127.0.0.2 idle 127.0.0.1 $FLURM_SLURM_PORT 100 >many.out & p1=$!; } &&
	{ stranger -t 2 -b 127.0.0.3 idle 127.0.0.1 $FLURM_SLURM_PORT 10 >few.out & p2=$!; } &&
	sleep 1 &&
	squeue >/dev/null &&
	wait $p1 $p2 &&
	cat many.out few.out &&
	test "$(field open many.out)" = 40 &&
	test "$(field closed many.out)" = 60 &&
	test "$(field open few.out)" = 10 &&
	grep -q "connection limit reached; dropping the oldest idle one" $(flurm_ctld_log 1)
'

test_expect_success 'the metrics count dropped and timed-out connections' '
	curl -sf http://127.0.0.1:$FLURM_METRICS_PORT/metrics >m &&
	grep -E "^flurm_connections_timed_out_total ([5-9]|[1-9][0-9]+)$" m &&
	grep -E "^flurm_connections_dropped_total ([6-9][0-9]|[1-9][0-9][0-9]+)$" m &&
	grep -E "^flurm_connections [0-9]+$" m &&
	grep -x "flurm_connections_unauth_bytes 0" m
'

test_expect_success 'descriptors running out: squeue still answers, no spinning, the log stays short' '
	pid=$(ctld_pid) &&
	prlimit --pid $pid --nofile=128:128 &&
	lines=$(wc -l <$(flurm_ctld_log 1)) &&
	cpu0=$(awk "{ print \$14 + \$15 }" /proc/$pid/stat) &&
	{ stranger -r -t 8 -b 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9 \
		idle 127.0.0.1 $FLURM_SLURM_PORT 300 >flood.out & p1=$!; } &&
	sleep 2 &&
	ok=1 &&
	for i in 1 2 3; do
		timeout 5 squeue >/dev/null || { echo "squeue $i failed"; ok=0; }
		sleep 1
	done &&
	wait $p1 &&
	test $ok = 1 &&
	cat flood.out &&
	cpu1=$(awk "{ print \$14 + \$15 }" /proc/$pid/stat) &&
	added=$(( $(wc -l <$(flurm_ctld_log 1)) - lines )) &&
	echo "log lines added: $added, CPU ticks: $((cpu1 - cpu0))" &&
	test "$added" -lt 200 &&
	grep -q "descriptors ran out at [0-9]* connections" $(flurm_ctld_log 1) &&
	scontrol ping | grep -q "is UP"
'

test_expect_success 'started under a low ulimit -n: the connection limit fits under it, squeue answers' '
	flurm_ctl_stop 1 &&
	(ulimit -n 128 && flurm_ctl_start 1) &&
	flurm_wait_ready &&
	grep -q "connections: at most 64 " $(flurm_ctld_log 1) &&
	lines=$(wc -l <$(flurm_ctld_log 1)) &&
	{ stranger -r -t 6 -b 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9 \
		idle 127.0.0.1 $FLURM_SLURM_PORT 300 >flood2.out & p1=$!; } &&
	sleep 2 &&
	ok=1 &&
	for i in 1 2 3; do
		timeout 5 squeue >/dev/null || { echo "squeue $i failed"; ok=0; }
		sleep 1
	done &&
	wait $p1 &&
	test $ok = 1 &&
	cat flood2.out &&
	added=$(( $(wc -l <$(flurm_ctld_log 1)) - lines )) &&
	echo "log lines added: $added" &&
	test "$added" -lt 100 &&
	! sed -n "$((lines + 1)),\$p" $(flurm_ctld_log 1) | grep -q "cannot accept" &&
	flurm_wait_nodes idle 20
'

test_expect_success 'sbatch with another munge key is told it is an authentication error' '
	munge_start "$FLURM_SCRATCH/munge2" &&
	sed "s|^AuthInfo=.*|AuthInfo=socket=$FLURM_SCRATCH/munge2/munge.sock|" \
		"$SLURM_CONF" >other.conf &&
	test_must_fail env SLURM_CONF="$PWD/other.conf" sbatch --wrap true 2>err &&
	cat err &&
	grep -q "Protocol authentication error" err &&
	grep -q "REQUEST_SUBMIT_BATCH_JOB: authentication failed: munge credential rejected" \
		$(flurm_ctld_log 1)
'

test_expect_success 'a batch script of several MB is still accepted' '
	{ echo "#!/bin/sh" &&
	  head -c 3000000 /dev/zero | tr "\\0" "#" | fold -w 100 &&
	  echo && echo true; } >big.sh &&
	id=$(submit --hold big.sh) &&
	test -n "$id" &&
	scancel $id
'

test_expect_success 'a script over 4 MB is refused as slurmctld does; a body over 8 MiB is not even read' '
	{ echo "#!/bin/sh" &&
	  head -c 5000000 /dev/zero | tr "\\0" "#" | fold -w 100 &&
	  echo && echo true; } >big5.sh &&
	test_must_fail sbatch --hold big5.sh 2>err5 &&
	cat err5 &&
	grep -q "Pathname of a file, directory or other parameter too long" err5 &&
	{ echo "#!/bin/sh" &&
	  head -c 9000000 /dev/zero | tr "\\0" "#" | fold -w 100 &&
	  echo && echo true; } >big9.sh &&
	test_must_fail sbatch --hold big9.sh 2>err9 &&
	cat err9 &&
	grep -q "Insane message length" err9 &&
	grep -q "REQUEST_SUBMIT_BATCH_JOB from uid [0-9]*: body of [0-9]* bytes is over its limit of 8388608" \
		$(flurm_ctld_log 1)
'

test_expect_success 'cleanup: the second munged' '
	munge_stop "$FLURM_SCRATCH/munge2"
'

test_done
