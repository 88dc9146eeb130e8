#!/bin/bash
test_description='flurmsh -H against admin_port: MUNGE-authenticated operators and users with the same rights as on the admin socket, a wrong munge key refused with a clear error, garbage and silent connections dropped'
. "$(dirname "$0")/test-lib.sh"

admin_port=$(flurm_free_port) || error "no free port"
FLURM_CTLD_CONF_EXTRA="admin_port = $admin_port
request_timeout = 3"
test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}
node_state() { sinfo -h -n "$1" -o %t | head -n1; }
# tcp CONN-SCRIPT: run perl with a TCP connection to admin_port in $s.
tcp() {
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
			PeerPort => $ARGV[1]) or die "connect: $!";
		eval $ARGV[0]; die $@ if $@;
	' "$1" "$admin_port"
}
# No admin socket from here on: whatever works, works over TCP.
no_socket() { env -u FLURM_ADMIN_SOCKET "$@"; }

test_expect_success 'cluster is up and admin_port listens' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	grep "admin protocol on 127.0.0.1:$admin_port (admin_port, MUNGE)" \
		"$(flurm_ctld_log 1)"
'

test_expect_success ROOT 'root: status and drain through -H; sinfo shows the drain' '
	no_socket flurmsh -H "127.0.0.1:$admin_port" -c "status; drain node1 disk swap" >out &&
	cat out &&
	grep -x "cluster:    flurmtest" out &&
	flurm_wait_for "test \"\$(node_state node1)\" = drain" 10 &&
	scontrol show node node1 | grep "Reason=disk swap" &&
	grep "admin 127.0.0.1:[0-9]* uid 0: authenticated (operator)" "$(flurm_ctld_log 1)"
'

test_expect_success ROOT 'FLURM_ADMIN_HOST chooses the controller too' '
	FLURM_ADMIN_HOST="127.0.0.1:$admin_port" no_socket flurmsh nodes node1 >out &&
	grep "^node1 *drain" out
'

test_expect_success ROOT 'nobody: reads work over TCP, drain is refused' '
	as_nobody env -u FLURM_ADMIN_SOCKET flurmsh -H "127.0.0.1:$admin_port" status >out &&
	grep -x "cluster:    flurmtest" out &&
	as_nobody env -u FLURM_ADMIN_SOCKET flurmsh -H "127.0.0.1:$admin_port" nodes >out &&
	grep "^node2 *idle" out &&
	test_expect_code 1 as_nobody env -u FLURM_ADMIN_SOCKET \
		flurmsh -H "127.0.0.1:$admin_port" drain node2 mine 2>err &&
	cat err &&
	grep "permission denied: only operators" err &&
	test "$(node_state node2)" = idle
'

test_expect_success ROOT 'resume through -H' '
	no_socket flurmsh -H "127.0.0.1:$admin_port" resume node1 &&
	flurm_wait_for "test \"\$(node_state node1)\" = idle" 10
'

test_expect_success 'another munge key: "authentication failed", status 3' '
	munge_start "$FLURM_SCRATCH/munge2" &&
	test_expect_code 3 env FLURM_MUNGE_SOCKET="$FLURM_SCRATCH/munge2/munge.sock" \
		flurmsh -H "127.0.0.1:$admin_port" status 2>err &&
	cat err &&
	grep "flurmsh: status: authentication failed: munge credential rejected" err &&
	grep "admin 127.0.0.1:[0-9]*: authentication failed: munge credential rejected" \
		"$(flurm_ctld_log 1)"
'

test_expect_success 'cleanup: the second munged' '
	munge_stop "$FLURM_SCRATCH/munge2"
'

test_expect_success '-H and -S together are a usage error; so is a bad target' '
	test_expect_code 2 flurmsh -H 127.0.0.1 -S /tmp/x.sock status 2>err &&
	grep "exclusive" err &&
	test_expect_code 2 flurmsh -H /tmp/x.sock status 2>err &&
	grep "takes HOST\[:PORT\]" err
'

test_expect_success 'a request before AUTH, garbage and a large frame are dropped with a reason' '
	tcp "print \$s pack(\"Nnn\", 4 + 10, 1, 200) . pack(\"NnN\", 1, 2, 0); my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "dropped: bad admin authentication: the first frame on admin_port must be AUTH" \
		"$(flurm_ctld_log 1)" &&
	tcp "print \$s \"GET / HTTP/1.0\r\n\r\n\"; my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "admin 127.0.0.1:[0-9]*: dropped: refusing an admin frame of [0-9]* bytes (at most 4096 before authentication)" \
		"$(flurm_ctld_log 1)" &&
	tcp "print \$s pack(\"N\", 60000); my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "refusing an admin frame of 60000 bytes (at most 4096 before authentication)" \
		"$(flurm_ctld_log 1)" &&
	tcp "print \$s pack(\"Nnn\", 4 + 4, 1, 203) . pack(\"N\", 0); my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "dropped: bad admin authentication: admin auth: no credential" "$(flurm_ctld_log 1)"
'

test_expect_success 'a silent connection is dropped after request_timeout; the controller serves on' '
	start=$(date +%s) &&
	tcp "my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	took=$(( $(date +%s) - start )) &&
	echo "dropped after $took s" &&
	test $took -ge 2 && test $took -le 8 &&
	grep "dropped: did not authenticate within 3 s (request_timeout)" \
		"$(flurm_ctld_log 1)" &&
	no_socket flurmsh -H "127.0.0.1:$admin_port" ping &&
	scontrol ping | grep UP
'

test_expect_success ROOT 'watch over TCP sees a drain, and after a controller restart authenticates again' '
	# not through the no_socket function: $! must be flurmsh itself
	env -u FLURM_ADMIN_SOCKET flurmsh -H "127.0.0.1:$admin_port" \
		-c "watch nodes --json" >w.json 2>w.err &
	echo $! >w.pid &&
	flurm_wait_for "grep -q \"\\\"kind\\\": \\\"synced\\\"\" w.json" 30 &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready 30 &&
	flurm_wait_for "[ \$(grep -c \"\\\"subscribed\\\": true\" w.json) = 2 ]" 30 &&
	scontrol update NodeName=node2 State=DRAIN Reason=seen-over-tcp &&
	flurm_wait_for "grep -q seen-over-tcp w.json" 20 &&
	kill -INT $(cat w.pid) &&
	flurm_wait_for "! kill -0 $(cat w.pid) 2>/dev/null" 10 &&
	scontrol update NodeName=node2 State=RESUME
'

test_expect_success ROOT 'a console session outlives a controller restart (it authenticates again)' '
	rm -f go &&
	{ echo ping; flurm_wait_for "test -f go" 60; echo "drain node2 after-restart"; } |
		no_socket flurmsh -H "127.0.0.1:$admin_port" >s.out 2>s.err &
	spid=$! &&
	flurm_wait_for "grep -q \"is up\" s.out" 20 &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready 30 &&
	touch go &&
	wait $spid &&
	flurm_wait_for "test \"\$(node_state node2)\" = drain" 10 &&
	scontrol show node node2 | grep "Reason=after-restart" &&
	scontrol update NodeName=node2 State=RESUME
'

test_done
