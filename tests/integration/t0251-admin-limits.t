#!/bin/bash
test_description='the admin socket and admin_port under the shared connection limits: a silent connection is closed after request_timeout, a subscriber or a console idle for longer stays, and the connection over the per-address limit is refused while the others keep working'
. "$(dirname "$0")/test-lib.sh"

admin_port=$(flurm_free_port) || error "no free port"
FLURM_CTLD_CONF_EXTRA="admin_port = $admin_port
request_timeout = 3
max_connections_per_peer = 4"
export FLURM_CTLD_CONF_EXTRA
test_under_flurm 2 || error "cannot start a cluster"

node_state() { sinfo -h -n "$1" -o %t | head -n1; }
ctld_log() { cat "$(flurm_ctld_log 1)"; }
# watch_bg OUT ARGS...: `flurmsh ARGS -c "watch nodes --json"` writing
# to OUT, until its snapshot is in
watch_bg() {
	local out=$1; shift
	flurmsh "$@" -c "watch nodes --json" >"$out" 2>"$out.err" &
	echo $! >"$out.pid"
	flurm_wait_for "grep -q '\"kind\": \"synced\"' '$out'" 30
}
watch_stop() {
	local pid
	pid=$(cat "$1.pid")
	kill -INT "$pid" && wait "$pid"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'a connection that never sends on the admin socket is closed after request_timeout' '
	start=$(date +%s) &&
	perl -MIO::Socket::UNIX -e "
		my \$s = IO::Socket::UNIX->new(Peer => \$ARGV[0]) or die \"connect: \$!\";
		my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)
	" "$FLURM_ADMIN_SOCKET" &&
	took=$(( $(date +%s) - start )) &&
	echo "closed after $took s" &&
	test $took -ge 2 && test $took -le 8 &&
	ctld_log | grep "admin uid [0-9]* pid [0-9]*: dropped: no request within 3 s (request_timeout)" &&
	flurmsh ping
'

test_expect_success 'a subscriber idle for longer than request_timeout stays connected and gets the next event' '
	watch_bg idle.json &&
	sleep 5 &&
	kill -0 $(cat idle.json.pid) &&
	flurmsh drain node2 idle-subscriber &&
	flurm_wait_for "grep -q idle-subscriber idle.json" 20 &&
	test "$(grep -c "\"subscribed\": true" idle.json)" = 1 &&
	watch_stop idle.json &&
	flurmsh resume node2
'

test_expect_success 'a console idle between requests for longer than request_timeout is not dropped' '
	before=$(ctld_log | grep -c "admin uid [0-9]* pid [0-9]*: dropped") &&
	{ echo ping; sleep 5; echo ping; } | flurmsh >console.out 2>console.err &&
	test "$(grep -c "is up" console.out)" = 2 &&
	test "$(ctld_log | grep -c "admin uid [0-9]* pid [0-9]*: dropped")" = "$before"
'

test_expect_success 'admin_port: the connection over max_connections_per_peer is refused, the others keep working' '
	for i in 1 2 3 4; do
		watch_bg tcp$i.json -H "127.0.0.1:$admin_port" || return 1
	done &&
	test_must_fail env -u FLURM_ADMIN_SOCKET flurmsh -H "127.0.0.1:$admin_port" ping 2>refused.err &&
	cat refused.err &&
	ctld_log | grep "admin_port: refusing 127.0.0.1:[0-9]*: connection limit reached (4 from 127.0.0.1" &&
	flurmsh drain node1 while-full &&
	for i in 1 2 3 4; do
		flurm_wait_for "grep -q while-full tcp$i.json" 20 || return 1
	done &&
	watch_stop tcp4.json &&
	flurm_wait_for "env -u FLURM_ADMIN_SOCKET flurmsh -H 127.0.0.1:$admin_port ping" 10 &&
	for i in 1 2 3; do watch_stop tcp$i.json || return 1; done &&
	flurmsh resume node1
'

test_done
