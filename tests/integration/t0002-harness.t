#!/bin/bash
test_description='the cluster harness: ports, private munged, configs, daemon start/stop and cleanup'
. "$(dirname "$0")/test-lib.sh"

# Stand-in daemons that stay up (today's programs exit at once): they check
# their arguments like the real ones are called, and leave a child behind
# in their process group, as a node daemon running a job would.
mkdir fakebin
mkdir exitbin
for p in flurmctld flurmnd flurmbd; do
	printf '#!/bin/sh\necho "placeholder $0"\n' >exitbin/$p
	chmod +x exitbin/$p
	cat >fakebin/$p <<-'EOF'
	#!/bin/sh
	[ "$1" = -D ] && [ "$2" = -f ] && [ -r "$3" ] || exit 2
	sleep 600 &
	echo $! >"$(dirname "$3")/child"
	wait
	EOF
	chmod +x fakebin/$p
done
FAKEBIN=$PWD/fakebin
EXITBIN=$PWD/exitbin
# A stand-in controller built with the sanitizers that leaks: on SIGTERM it
# writes a LeakSanitizer report where ASAN_OPTIONS log_path says, as the
# real runtime does on the way out.
mkdir leakbin
cat >leakbin/flurmctld <<-'EOF'
#!/bin/bash
[ "$1" = -D ] && [ "$2" = -f ] && [ -r "$3" ] || exit 2
log=${ASAN_OPTIONS##*log_path=}
log=${log%%:*}
trap 'printf "==%d==ERROR: LeakSanitizer: detected memory leaks\n" $$ >"$log.$$"; exit 23' TERM
sleep 600 &
echo $! >"$(dirname "$3")/child"
wait
EOF
chmod +x leakbin/flurmctld
ln -s "$PWD/fakebin/flurmnd" leakbin/flurmnd
LEAKBIN=$PWD/leakbin
REALBIN=$FLURM_BIN

# pid_dead PID: the process is gone (or a zombie).
pid_dead() {
	! _flurm_alive "$1"
}

test_expect_success 'flurm_free_port hands out distinct ports that can be bound' '
	for i in $(seq 1 20); do flurm_free_port || return 1; done >ports &&
	test_line_count = 20 ports &&
	test "$(sort -u ports | wc -l)" = 20 &&
	while read -r p; do
		flurm_port_is_free "$p" || return 1
	done <ports
'

test_expect_success 'flurm_port_is_free sees a port in use' '
	p=$(flurm_free_port) &&
	perl -MIO::Socket::INET -e '\''
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			LocalPort => $ARGV[0], Listen => 1, ReuseAddr => 1) or exit 1;
		print "up\n"; $| = 1; sleep 30;'\'' "$p" >listener.out &
	lpid=$! &&
	flurm_wait_for "grep -q up listener.out" 10 &&
	! flurm_port_is_free "$p" &&
	kill $lpid
'

test_expect_success 'munge_start runs a private munged whose credentials decode' '
	munge_start "$PWD/m1" &&
	test -S m1/munge.sock &&
	test "$(stat -c %a m1/munge.key)" = 400 &&
	read -r mpid <m1/munged.pid &&
	! pid_dead "$mpid" &&
	munge -S m1/munge.sock -s hello | unmunge -S m1/munge.sock >decoded &&
	grep "^STATUS: *Success" decoded &&
	grep -x hello decoded
'

test_expect_success 'a second private munged has another key and rejects the first one'"'"'s credentials' '
	munge_start "$PWD/m2" &&
	! cmp -s m1/munge.key m2/munge.key &&
	{ test ! -r /etc/munge/munge.key || ! cmp -s m1/munge.key /etc/munge/munge.key; } &&
	munge -S m1/munge.sock -n >cred &&
	unmunge -S m1/munge.sock <cred &&
	test_must_fail unmunge -S m2/munge.sock <cred 2>err &&
	grep -i "invalid credential" err
'

test_expect_success 'munge_stop stops exactly that munged' '
	read -r mpid <m1/munged.pid &&
	munge_stop "$PWD/m1" &&
	pid_dead "$mpid" &&
	test_must_fail munge -S m1/munge.sock -n </dev/null &&
	munge -S m2/munge.sock -n | unmunge -S m2/munge.sock &&
	munge_stop "$PWD/m2" &&
	test_must_fail munge -S m2/munge.sock -n </dev/null
'

test_expect_success 'test_under_flurm starts a 4-node cluster in a short scratch directory' '
	test_under_flurm 4 &&
	case "$FLURM_SCRATCH" in /tmp/flurm.*) ;; *) false ;; esac &&
	test -d "$FLURM_SCRATCH" &&
	test "${#FLURM_SCRATCH}" -lt 40 &&
	test "$SLURM_CONF" = "$FLURM_SCRATCH/slurm.conf" &&
	test -S "$FLURM_MUNGE_SOCKET" &&
	munge -S "$FLURM_MUNGE_SOCKET" -n | unmunge -S "$FLURM_MUNGE_SOCKET" &&
	for d in ctl1 node1 node2 node3 node4; do
		test -s "$FLURM_SCRATCH/$d/pid" || return 1
	done &&
	test "$(flurm_ctld_log 1)" = "$FLURM_SCRATCH/ctl1/flurmctld.log"
'

test_expect_success 'the real Slurm client parser accepts the generated slurm.conf' '
	scontrol show hostnames "node[1-4]" >names &&
	printf "node%s\n" 1 2 3 4 >expect &&
	test_cmp expect names
'

test_expect_success 'that parser check is real: a broken copy is refused' '
	cp "$SLURM_CONF" broken.conf &&
	echo "NotAnOption=1 x" >>broken.conf &&
	test_must_fail env SLURM_CONF="$PWD/broken.conf" \
		scontrol show hostnames "node[1-4]" 2>err &&
	grep -i "unrecognized key: NotAnOption" err
'

test_expect_success 'slurm.conf names the cluster, ports, munge socket and partitions' '
	grep -x "ClusterName=flurmtest" "$SLURM_CONF" &&
	grep -x "SlurmctldHost=ctl1(127.0.0.1)" "$SLURM_CONF" &&
	grep -x "SlurmctldPort=$FLURM_SLURM_PORT" "$SLURM_CONF" &&
	grep -x "AuthType=auth/munge" "$SLURM_CONF" &&
	grep -x "AuthInfo=socket=$FLURM_MUNGE_SOCKET" "$SLURM_CONF" &&
	grep -x "SlurmUser=$(id -un)" "$SLURM_CONF" &&
	grep "^NodeName=node\[1-4\] CPUs=2 RealMemory=1000" "$SLURM_CONF" &&
	grep "^PartitionName=debug Nodes=ALL Default=YES" "$SLURM_CONF" &&
	grep "^PartitionName=batch Nodes=ALL" "$SLURM_CONF"
'

# check_conf FILE KEY...: every setting in FILE is one of KEYs, in
# libconfuse syntax; unknown keys would make the daemons refuse the file.
check_conf() {
	perl -e '
		my ($file, @keys) = @ARGV;
		my %ok = map { $_ => 1 } @keys;
		open(my $fh, "<", $file) or die "$file: $!\n";
		while (<$fh>) {
			next if /^\s*(#.*)?$/;
			/^(\w+) = ("[^"]*"|\d+|true|false|\{"[^"]*"(, "[^"]*")*\})$/
				or die "$file:$.: not key = value: $_";
			$ok{$1} or die "$file:$.: unknown key $1\n";
		}' "$@"
}
CTLD_KEYS="slurm_conf state_dir log_file log_level listen_addr node_port
metrics_port metrics_addr admin_socket raft_id raft_addr raft_port peers
snapshot_threshold auth"
ND_KEYS="slurm_conf node_name spool_dir state_file log_file log_level
controller_port controllers heartbeat_interval use_conf_resources cgroup auth"

test_expect_success 'daemon configs use only the documented keys' '
	check_conf "$FLURM_SCRATCH/ctl1/flurmctld.conf" $CTLD_KEYS &&
	check_conf "$FLURM_SCRATCH/node3/flurmnd.conf" $ND_KEYS &&
	grep -x "node_name = \"node3\"" "$FLURM_SCRATCH/node3/flurmnd.conf" &&
	grep -x "use_conf_resources = true" "$FLURM_SCRATCH/node3/flurmnd.conf" &&
	grep -x "controllers = {\"127.0.0.1:$FLURM_NODE_PORT\"}" \
		"$FLURM_SCRATCH/node3/flurmnd.conf" &&
	grep -x "node_port = $FLURM_NODE_PORT" "$FLURM_SCRATCH/ctl1/flurmctld.conf" &&
	grep -x "metrics_port = $FLURM_METRICS_PORT" "$FLURM_SCRATCH/ctl1/flurmctld.conf" &&
	! grep "^peers" "$FLURM_SCRATCH/ctl1/flurmctld.conf"
'

test_expect_success 'test_under_flurm recorded a pid for every daemon and kept munged up' '
	for d in ctl1 node1 node2 node3 node4; do
		pid=$(flurm_daemon_pid $d) &&
		test -n "$pid" || return 1
	done &&
	flurm_daemon_alive munge
'

test_expect_success 'a 3-controller cluster: one address per controller, distinct ports, peers' '
	FLURM_BIN=$FAKEBIN &&
	test_under_flurm 2 3 &&
	FLURM_BIN=$REALBIN &&
	test "$(grep -c "^SlurmctldHost=" "$SLURM_CONF")" = 3 &&
	grep -x "SlurmctldHost=ctl2(127.0.0.2)" "$SLURM_CONF" &&
	grep -x "SlurmctldHost=ctl3(127.0.0.3)" "$SLURM_CONF" &&
	echo "$FLURM_SLURM_PORT" >allports &&
	for k in 1 2 3; do
		eval "echo \$FLURM_NODE_PORT_$k \$FLURM_METRICS_PORT_$k \$FLURM_RAFT_PORT_$k" |
			tr " " "\n" >>allports || return 1
	done &&
	test_line_count = 10 allports &&
	test "$(sort -u allports | wc -l)" = 10 &&
	c2="$FLURM_SCRATCH/ctl2/flurmctld.conf" &&
	check_conf "$c2" $CTLD_KEYS &&
	grep -x "listen_addr = \"127.0.0.2\"" "$c2" &&
	grep -x "raft_id = 2" "$c2" &&
	grep -x "peers = {\"1@127.0.0.1:$FLURM_RAFT_PORT_1\", \"3@127.0.0.3:$FLURM_RAFT_PORT_3\"}" "$c2" &&
	grep -x "controllers = {\"127.0.0.1:$FLURM_NODE_PORT_1\", \"127.0.0.2:$FLURM_NODE_PORT_2\", \"127.0.0.3:$FLURM_NODE_PORT_3\"}" \
		"$FLURM_SCRATCH/node1/flurmnd.conf" &&
	scontrol show hostnames "node[1-2]" >names &&
	test_line_count = 2 names
'

test_expect_success 'every daemon runs in a process group of its own' '
	for d in ctl1 ctl2 ctl3 node1 node2; do
		flurm_daemon_alive $d || return 1
		pid=$(flurm_daemon_pid $d) &&
		test "$(ps -o pgid= -p $pid | tr -d " ")" = "$pid" || return 1
	done
'

# A daemon holding the TAP output open would keep prove waiting forever if
# it were ever left behind.
tap_out=$(readlink /proc/$$/fd/5)
test "$tap_out" != /dev/null && test_set_prereq TAPOUT
test_expect_success TAPOUT 'daemons and munged do not inherit the test output' '
	read -r mpid <"$FLURM_SCRATCH/munge/munged.pid" &&
	for pid in $mpid $(flurm_daemon_pid ctl1) $(flurm_daemon_pid node2); do
		for fd in /proc/$pid/fd/*; do
			test "$(readlink $fd)" != "$tap_out" || return 1
		done
	done
'

test_expect_success 'flurm_ctl_kill9 kills a controller and its children; flurm_ctl_start restarts it' '
	pid=$(flurm_daemon_pid ctl2) &&
	read -r child <"$FLURM_SCRATCH/ctl2/child" &&
	flurm_ctl_kill9 2 &&
	pid_dead $pid && pid_dead $child &&
	! flurm_daemon_alive ctl2 &&
	flurm_daemon_alive ctl1 && flurm_daemon_alive ctl3 &&
	FLURM_BIN=$FAKEBIN flurm_ctl_start 2 &&
	flurm_daemon_alive ctl2 &&
	test "$(flurm_daemon_pid ctl2)" != "$pid"
'

test_expect_success 'flurm_nd_kill9 and flurm_nd_start do the same for a node daemon' '
	pid=$(flurm_daemon_pid node2) &&
	flurm_nd_kill9 node2 &&
	pid_dead $pid &&
	flurm_daemon_alive node1 &&
	FLURM_BIN=$FAKEBIN flurm_nd_start node2 &&
	flurm_daemon_alive node2 &&
	test_must_fail flurm_nd_start node2
'

test_expect_success 'flurm_bd_start configures and starts the accounting daemon' '
	FLURM_BIN=$FAKEBIN flurm_bd_start &&
	flurm_daemon_alive bd &&
	check_conf "$FLURM_SCRATCH/bd/flurmbd.conf" listen_addr port db_path \
		log_file log_level auth &&
	grep -x "port = $FLURM_BD_PORT" "$FLURM_SCRATCH/bd/flurmbd.conf" &&
	! grep -x "$FLURM_BD_PORT" allports
'

test_expect_success 'flurm_wait_for polls until success or timeout' '
	rm -f later &&
	(sleep 0.5; touch later) &
	flurm_wait_for "test -f later" 5 &&
	start=$(date +%s) &&
	test_must_fail flurm_wait_for false 1 &&
	test $(( $(date +%s) - start )) -le 3
'

test_expect_success 'starting a daemon that exits at once returns at once' '
	flurm_nd_kill9 node1 &&
	start=$(date +%s) &&
	FLURM_BIN=$EXITBIN flurm_nd_start node1 &&
	test $(( $(date +%s) - start )) -le 3 &&
	pid=$(flurm_daemon_pid node1) &&
	flurm_wait_for "pid_dead $pid" 5 &&
	! flurm_daemon_alive node1 &&
	grep placeholder "$FLURM_SCRATCH/node1/flurmnd.out"
'

# The demo runs on the ports FLURM_DEMO_*_PORT choose; free ones here, so
# a demo someone runs meanwhile on the standard ports does not matter.
DEMO_SH=$FLURM_SRCDIR/examples/demo/demo.sh
FLURM_DEMO_SLURM_PORT=$(flurm_free_port) &&
FLURM_DEMO_NODE_PORT=$(flurm_free_port) &&
FLURM_DEMO_RAFT_PORT=$(flurm_free_port) &&
FLURM_DEMO_METRICS_PORT=$(flurm_free_port) ||
	error "no free ports for the demo"
export FLURM_DEMO_SLURM_PORT FLURM_DEMO_NODE_PORT FLURM_DEMO_RAFT_PORT \
	FLURM_DEMO_METRICS_PORT
demo_ports_free() {
	for p in 6817 6819 6821 9090; do
		flurm_port_is_free $p || return 1
	done
}
demo_ports_free && test_set_prereq DEMOPORTS

test_expect_success 'demo start: one controller on the chosen ports, four nodes, env.sh' '
	DEMO=$(mktemp -d /tmp/flurm.XXXXXX) &&
	_flurm_clusters="$_flurm_clusters $DEMO" &&
	FLURM_DEMO_DIR=$DEMO FLURM_DEMO_WAIT=0 FLURM_BIN=$FAKEBIN \
		"$DEMO_SH" start >demo.out &&
	grep "source $DEMO/env.sh" demo.out &&
	grep "127.0.0.1:$FLURM_DEMO_SLURM_PORT (nodes $FLURM_DEMO_NODE_PORT, metrics http://127.0.0.1:$FLURM_DEMO_METRICS_PORT/metrics)" demo.out &&
	for d in ctl1 node1 node2 node3 node4 munge; do
		FLURM_SCRATCH=$DEMO flurm_daemon_alive $d || return 1
	done &&
	cat "$DEMO"/*/pid "$DEMO/munge/munged.pid" >demo.pids &&
	test_line_count = 6 demo.pids &&
	grep -x "SlurmctldPort=$FLURM_DEMO_SLURM_PORT" "$DEMO/slurm.conf" &&
	grep -x "SlurmctldHost=ctl1(127.0.0.1)" "$DEMO/slurm.conf" &&
	grep -x "node_port = $FLURM_DEMO_NODE_PORT" "$DEMO/ctl1/flurmctld.conf" &&
	grep -x "metrics_port = $FLURM_DEMO_METRICS_PORT" "$DEMO/ctl1/flurmctld.conf" &&
	grep -x "raft_port = $FLURM_DEMO_RAFT_PORT" "$DEMO/ctl1/flurmctld.conf" &&
	grep -x "controllers = {\"127.0.0.1:$FLURM_DEMO_NODE_PORT\"}" "$DEMO/node4/flurmnd.conf" &&
	(
		. "$DEMO/env.sh" &&
		test "$SLURM_CONF" = "$DEMO/slurm.conf" &&
		test "${PATH%%:*}" = "$FLURM_SRCDIR/bin" &&
		scontrol show hostnames "node[1-4]" >demo.names
	) &&
	test_line_count = 4 demo.names
'

test_expect_success 'demo refuses to start twice and leaves the running one alone' '
	test_must_fail env FLURM_DEMO_DIR="$DEMO" FLURM_DEMO_WAIT=0 \
		FLURM_BIN="$FAKEBIN" "$DEMO_SH" start 2>err &&
	grep "already running" err &&
	cat "$DEMO"/*/pid "$DEMO/munge/munged.pid" >demo.pids2 &&
	test_cmp demo.pids demo.pids2 &&
	while read -r pid; do
		_flurm_alive $pid || return 1
	done <demo.pids
'

test_expect_success 'demo stop kills what start started and nothing else' '
	sleep 300 &
	other=$! &&
	mkdir "$DEMO/node9" &&
	echo $other >"$DEMO/node9/pid" &&
	FLURM_DEMO_DIR=$DEMO "$DEMO_SH" stop &&
	while read -r pid; do
		flurm_wait_for "! _flurm_alive $pid" 5 || return 1
	done <demo.pids &&
	test -z "$(flurm_procs_in "$DEMO")" &&
	_flurm_alive $other &&
	kill $other &&
	FLURM_DEMO_DIR=$DEMO "$DEMO_SH" stop >out &&
	grep "not running" out
'

test_expect_success 'demo start fails cleanly when a daemon exits at once' '
	test_must_fail env FLURM_DEMO_DIR="$DEMO" FLURM_DEMO_WAIT=0 \
		FLURM_BIN="$EXITBIN" "$DEMO_SH" start 2>err &&
	grep "flurmctld for ctl1 exited at once" err &&
	grep placeholder err &&
	test -z "$(flurm_procs_in "$DEMO")" &&
	test_must_fail env FLURM_DEMO_DIR="$DEMO" "$DEMO_SH" status
'

test_expect_success 'demo stop ends job processes left behind, not a user shell' '
	setsid env SLURM_JOB_ID=7 SLURM_CONF="$DEMO/slurm.conf" \
		sleep 300 </dev/null >/dev/null 2>&1 &
	job=$!
	env SLURM_CONF="$DEMO/slurm.conf" sleep 300 &
	user=$!
	FLURM_DEMO_DIR=$DEMO FLURM_DEMO_WAIT=0 FLURM_BIN=$FAKEBIN \
		"$DEMO_SH" start >demo.out &&
	flurm_wait_for "grep -q SLURM_JOB_ID=7 /proc/$job/environ" 5 &&
	FLURM_DEMO_DIR=$DEMO "$DEMO_SH" stop >out &&
	grep "stopped 1 processes of jobs still running" out &&
	flurm_wait_for "pid_dead $job" 5 &&
	_flurm_alive $user &&
	kill $user
'

test_expect_success 'demo refuses a port in use and names the variables' '
	perl -MIO::Socket::INET -e '\''
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			LocalPort => $ARGV[0], Listen => 1, ReuseAddr => 1) or exit 1;
		print "up\n"; $| = 1; sleep 30;'\'' "$FLURM_DEMO_METRICS_PORT" >busy.out &
	lpid=$! &&
	flurm_wait_for "grep -q up busy.out" 10 &&
	test_must_fail env FLURM_DEMO_DIR="$DEMO" FLURM_DEMO_WAIT=0 \
		FLURM_BIN="$FAKEBIN" "$DEMO_SH" start 2>err &&
	kill $lpid &&
	grep "port $FLURM_DEMO_METRICS_PORT on 127.0.0.1 is in use" err &&
	grep FLURM_DEMO_METRICS_PORT err &&
	test_must_fail env FLURM_DEMO_DIR="$DEMO" FLURM_DEMO_WAIT=0 \
		FLURM_DEMO_NODE_PORT=$FLURM_DEMO_SLURM_PORT \
		FLURM_BIN="$FAKEBIN" "$DEMO_SH" start 2>err &&
	grep "ports must differ" err &&
	test -z "$(flurm_procs_in "$DEMO")"
'

test_expect_success DEMOPORTS 'without FLURM_DEMO_*_PORT the demo takes the standard ports' '
	env -u FLURM_DEMO_SLURM_PORT -u FLURM_DEMO_NODE_PORT \
		-u FLURM_DEMO_RAFT_PORT -u FLURM_DEMO_METRICS_PORT \
		FLURM_DEMO_DIR="$DEMO" FLURM_DEMO_WAIT=0 FLURM_BIN="$FAKEBIN" \
		"$DEMO_SH" start >demo.out &&
	grep -x "SlurmctldPort=6817" "$DEMO/slurm.conf" &&
	grep -x "node_port = 6819" "$DEMO/ctl1/flurmctld.conf" &&
	grep -x "raft_port = 6821" "$DEMO/ctl1/flurmctld.conf" &&
	grep -x "metrics_port = 9090" "$DEMO/ctl1/flurmctld.conf" &&
	FLURM_DEMO_DIR=$DEMO "$DEMO_SH" stop &&
	test -z "$(flurm_procs_in "$DEMO")"
'

# run_nested NAME BODY: run a sharness script made of BODY (after the
# test-lib preamble) with the stand-in daemons; `report` in BODY records
# what the cluster started into NAME.info/, and the script's trash directory
# ends up in NAME.trash.
run_nested() {
	mkdir -p "$1.info" &&
	cat >"$1.t" <<-EOF &&
	test_description='nested: $1'
	. "\$FLURM_SRCDIR/tests/integration/test-lib.sh"
	FLURM_BIN="$FAKEBIN"
	INFO="$PWD/$1.info"
	report() {
		echo "\$FLURM_SCRATCH" >"\$INFO/scratch"
		for d in "\$FLURM_SCRATCH"/ctl* "\$FLURM_SCRATCH"/node*; do
			flurm_wait_for "test -s \$d/child" 5
			cat "\$d/pid" "\$d/child"
		done >"\$INFO/pids"
		cat "\$FLURM_SCRATCH/munge/munged.pid" >>"\$INFO/pids"
	}
	$2
	test_done
	EOF
	HARNESS_ACTIVE=t bash "$1.t" >"$1.out" 2>&1
	echo $? >"$1.rc"
	rm -rf "$1.trash"
	mv "$root/trash directory.$1" "$1.trash" 2>/dev/null
	return 0
}

# nested_cleaned_up NAME: what NAME started is gone.
nested_cleaned_up() {
	scratch=$(cat "$1.info/scratch") &&
	test -n "$scratch" &&
	test "$(wc -l <"$1.info/pids")" -ge 5 &&
	test ! -e "$scratch" &&
	while read -r pid; do
		flurm_wait_for "! _flurm_alive $pid" 5 || return 1
	done <"$1.info/pids" &&
	test -z "$(flurm_procs_in "$scratch")"
}

test_expect_success 'cleanup kills everything and removes the scratch dir when a test fails' '
	run_nested t0002-nested-fail "
		test_under_flurm 2 2 || error \"no cluster\"
		report
		test_expect_success \"fails on purpose\" \"false\"
		test_expect_success \"still running\" \"flurm_daemon_alive ctl1\"" &&
	test "$(cat t0002-nested-fail.rc)" = 1 &&
	grep "^not ok 1 - fails on purpose" t0002-nested-fail.out &&
	grep "^ok 2 - still running" t0002-nested-fail.out &&
	nested_cleaned_up t0002-nested-fail
'

test_expect_success 'cleanup also runs when the script is killed' '
	run_nested t0002-nested-term "
		test_under_flurm 1 || error \"no cluster\"
		report
		kill -TERM \$\$
		sleep 5" &&
	test "$(cat t0002-nested-term.rc)" != 0 &&
	nested_cleaned_up t0002-nested-term
'

test_expect_success 'cleanup runs after a passing script, through sharness' '
	run_nested t0002-nested-pass "
		test_under_flurm 2 || error \"no cluster\"
		report
		test_expect_success \"passes\" \"flurm_daemon_alive node2\"" &&
	test "$(cat t0002-nested-pass.rc)" = 0 &&
	nested_cleaned_up t0002-nested-pass &&
	test ! -e t0002-nested-pass.trash
'

test_expect_success 'a failed script keeps its daemon logs in its trash directory' '
	run_nested t0002-nested-logs "
		test_under_flurm 1 || error \"no cluster\"
		echo \"it went wrong\" >>\"\$FLURM_SCRATCH/ctl1/flurmctld.log\"
		report
		test_expect_success \"fails\" \"false\"" &&
	test "$(cat t0002-nested-logs.rc)" = 1 &&
	nested_cleaned_up t0002-nested-logs &&
	grep "it went wrong" t0002-nested-logs.trash/flurm-logs.*/ctl1/flurmctld.log &&
	test -f t0002-nested-logs.trash/flurm-logs.*/node1/flurmnd.conf
'

test_expect_success 'a daemon that leaves a sanitizer report fails the test that stopped it' '
	run_nested t0002-nested-leak "
		FLURM_BIN=\"$LEAKBIN\"
		test_under_flurm 1 || error \"no cluster\"
		report
		test_expect_success \"stops the controller\" \"flurm_ctl_stop 1; true\"
		test_expect_success \"next test\" \"true\"" &&
	test "$(cat t0002-nested-leak.rc)" = 1 &&
	grep "^not ok 1 - stops the controller" t0002-nested-leak.out &&
	grep "^ok 2 - next test" t0002-nested-leak.out &&
	grep "^sanitizer report of ctl1, pid [0-9]*:" t0002-nested-leak.out &&
	grep "ERROR: LeakSanitizer: detected memory leaks" t0002-nested-leak.out &&
	grep "^1..2$" t0002-nested-leak.out &&
	nested_cleaned_up t0002-nested-leak
'

test_expect_success 'a report of a daemon stopped at the end fails a last test; it is kept' '
	run_nested t0002-nested-endleak "
		FLURM_BIN=\"$LEAKBIN\"
		test_under_flurm 1 || error \"no cluster\"
		report
		test_expect_success \"passes\" \"flurm_daemon_alive ctl1\"" &&
	test "$(cat t0002-nested-endleak.rc)" = 1 &&
	grep "^ok 1 - passes" t0002-nested-endleak.out &&
	grep "^not ok 2 - daemons stopped outside the tests left no sanitizer report" \
		t0002-nested-endleak.out &&
	grep "ERROR: LeakSanitizer: detected memory leaks" t0002-nested-endleak.out &&
	nested_cleaned_up t0002-nested-endleak &&
	grep LeakSanitizer t0002-nested-endleak.trash/flurm-logs.*/ctl1/sanitizer.*
'

test_expect_success 'a report found between tests fails the last test, not the next one' '
	run_nested t0002-nested-midleak "
		FLURM_BIN=\"$LEAKBIN\"
		test_under_flurm 1 || error \"no cluster\"
		report
		flurm_ctl_stop 1
		test_expect_success \"runs after the stop\" \"true\"" &&
	test "$(cat t0002-nested-midleak.rc)" = 1 &&
	grep "^ok 1 - runs after the stop" t0002-nested-midleak.out &&
	grep "^not ok 2 - daemons stopped outside the tests left no sanitizer report" \
		t0002-nested-midleak.out &&
	grep "ERROR: LeakSanitizer: detected memory leaks" t0002-nested-midleak.out &&
	nested_cleaned_up t0002-nested-midleak
'

test_expect_success 'a daemon crashed on purpose and excused fails nothing' '
	run_nested t0002-nested-crash "
		FLURM_BIN=\"$LEAKBIN\"
		test_under_flurm 1 || error \"no cluster\"
		report
		test_expect_success \"crashes the controller\" \"
			kill -TERM \\\$(flurm_daemon_pid ctl1) &&
			flurm_wait_for \\\"! flurm_daemon_alive ctl1\\\" 10 &&
			flurm_sanitizer_expect_crash ctl1 &&
			flurm_ctl_stop 1
		\"" &&
	test "$(cat t0002-nested-crash.rc)" = 0 &&
	grep "^ok 1 - crashes the controller" t0002-nested-crash.out &&
	grep "^1..1$" t0002-nested-crash.out &&
	nested_cleaned_up t0002-nested-crash
'

test_expect_success 'a daemon killed with kill -9 (no report) fails nothing' '
	run_nested t0002-nested-kill9 "
		FLURM_BIN=\"$LEAKBIN\"
		test_under_flurm 1 || error \"no cluster\"
		report
		test_expect_success \"kills the controller\" \"flurm_ctl_kill9 1\"" &&
	test "$(cat t0002-nested-kill9.rc)" = 0 &&
	grep "^ok 1 - kills the controller" t0002-nested-kill9.out &&
	grep "^1..1$" t0002-nested-kill9.out &&
	nested_cleaned_up t0002-nested-kill9
'

test_done
