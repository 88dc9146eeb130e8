#!/bin/bash
test_description='every program: --help, -V, bad options; daemon configs
checked with -n (file:line errors), start and stop on signals; flurmsh
commands; flurmtop without a controller; example configs; man pages'
. "$(dirname "$0")/test-lib.sh"

DAEMONS="flurmctld flurmnd flurmbd"
PROGRAMS="$DAEMONS flurmsh flurmtop"

# --- every program ---------------------------------------------------------

for p in $PROGRAMS; do
	test_expect_success "$p --help exits 0 and lists its options" '
		"$p" --help >out 2>err &&
		test_must_be_empty err &&
		grep "^Usage: $p " out &&
		case $p in
		flurmsh) opts="-c, --command -f, --file -k, --keep-going -j, --json -S, --socket -V, --version -h, --help" ;;
		flurmtop) opts="-b, --batch -n, --iterations -d, --delay -s, --screen -S, --socket -V, --version -h, --help" ;;
		*) opts="-D, --foreground -f, --config -n, --check -P, --pid-file -v, --verbose -V, --version -h, --help" ;;
		esac &&
		for o in $opts; do
			case $o in -?,) short=${o%,} ;; *) grep -e "$short, $o" out || return 1 ;; esac
		done &&
		"$p" -h >out2 && test_cmp out out2
	'
	test_expect_success "$p -V and --version print the version" '
		echo "$p 0.1.0" >expect &&
		"$p" -V >out && test_cmp expect out &&
		"$p" --version >out && test_cmp expect out
	'
	test_expect_success "$p rejects a bad option with exit 2 and usage on stderr" '
		test_expect_code 2 "$p" -Z >out 2>err &&
		test_must_be_empty out &&
		grep "^$p: unknown option .-Z." err &&
		grep "^Usage: $p " err &&
		test_expect_code 2 "$p" --no-such-option 2>err &&
		grep "unknown option .--no-such-option." err
	'
done

test_expect_success 'each daemon says which files -n checks' '
	flurmctld --help | grep -q "check flurmctld.conf and slurm.conf, print" &&
	flurmnd --help | grep -q "check flurmnd.conf, slurm.conf and gres.conf, print" &&
	flurmbd --help | grep -q "check flurmbd.conf, print"
'

# --- daemon configs ----------------------------------------------------------

# flurmctld and flurmnd read the slurm.conf their config names; the test's
# lives in a short, space-free directory (slurm.conf paths cannot have
# spaces) next to the private munged socket it names and the admin socket.
test_expect_success 'write good configs' '
	flurm_tmpdir TMP &&
	slurm_port=$(flurm_free_port) &&
	node_port=$(flurm_free_port) &&
	metrics_port=$(flurm_free_port) &&
	raft_port=$(flurm_free_port) &&
	peer2_port=$(flurm_free_port) &&
	peer3_port=$(flurm_free_port) &&
	bd_port=$(flurm_free_port) &&
	cat >"$TMP/slurm.conf" <<-EOF &&
	ClusterName=t0001
	SlurmctldHost=ctl1(127.0.0.1)
	SlurmctldPort=$slurm_port
	AuthType=auth/munge
	AuthInfo=socket=$TMP/munge/munge.sock
	NodeName=node1 CPUs=1 RealMemory=100
	PartitionName=debug Nodes=ALL Default=YES
	EOF
	cat >ctld.conf <<-EOF &&
	# a controller with two peers (that never answer)
	slurm_conf = "$TMP/slurm.conf"
	state_dir = "$PWD/ctld"
	log_level = debug
	listen_addr = "127.0.0.1"
	node_port = $node_port
	metrics_addr = "127.0.0.1"
	metrics_port = $metrics_port
	admin_socket = "$TMP/admin.sock"
	raft_id = 1
	raft_addr = "127.0.0.1"
	raft_port = $raft_port
	peers = {
	    "2@127.0.0.1:$peer2_port",  # second
	    "3@127.0.0.1:$peer3_port"
	}
	EOF
	cat >nd.conf <<-EOF &&
	slurm_conf = "$TMP/slurm.conf"
	node_name = node1
	spool_dir = "$PWD/spool"
	controllers = {"127.0.0.1:$node_port"}
	use_conf_resources = yes
	EOF
	cat >bd.conf <<-EOF
	port = $bd_port
	db_path = "$PWD/acct.db"
	EOF
'

conf_of() {
	case $1 in flurmctld) echo ctld.conf ;; flurmnd) echo nd.conf ;; flurmbd) echo bd.conf ;; esac
}

for d in $DAEMONS; do
	test_expect_success "$d -n accepts a good config" '
		"$d" -n -f "$(conf_of $d)" >out 2>err &&
		echo "configuration OK" >expect &&
		test_cmp expect out &&
		test_must_be_empty err
	'
	test_expect_success "$d -n -v prints the effective settings" '
		"$d" -n -v -f "$(conf_of $d)" >out &&
		tail -n 1 out >last && echo "configuration OK" >expect &&
		test_cmp expect last &&
		grep "^log_level = " out &&
		grep "^auth = \"munge\"" out
	'
	test_expect_success "$d -n reports a broken line as FILE:LINE:" '
		{ cat "$(conf_of $d)" && echo && echo "log_level = = info"; } >broken.conf &&
		line=$(wc -l <broken.conf) &&
		test_must_fail "$d" -n -f broken.conf >out 2>err &&
		test_must_be_empty out &&
		grep -F "$PWD/broken.conf:$line: " err
	'
	test_expect_success "$d -n reports an unknown option as FILE:LINE:" '
		printf "log_level = info\n\nno_such_option = 1\n" >unknown.conf &&
		test_must_fail "$d" -n -f unknown.conf 2>err &&
		grep -F "$d: $PWD/unknown.conf:3: no such option '"'"'no_such_option'"'"'" err
	'
	test_expect_success "$d -n reports a value out of range" '
		case $d in
		flurmctld) bad="node_port = 65536" what="option .node_port. must be 1..65535, got 65536" ;;
		flurmnd) bad="heartbeat_interval = 0" what="option .heartbeat_interval. must be 1..3600, got 0" ;;
		flurmbd) bad="port = 0" what="option .port. must be 1..65535, got 0" ;;
		esac &&
		printf "# comment\n/* two\n lines */\n%s\n" "$bad" >range.conf &&
		test_must_fail "$d" -n -f range.conf 2>err &&
		grep "range.conf:4: $what" err
	'
	test_expect_success "$d -f with a missing file names it" '
		test_must_fail "$d" -n -f missing.conf 2>err &&
		grep -F "cannot open config file '"'"'$PWD/missing.conf'"'"': No such file or directory" err
	'
done

test_expect_success 'flurmctld -n: peers must not include this controller' '
	printf "raft_id = 2\npeers = {\"2@127.0.0.1:16822\"}\n" >self.conf &&
	test_must_fail flurmctld -n -f self.conf 2>err &&
	grep "self.conf:2: option .peers.: ID 2 is this controller.s raft_id" err
'

# --- example configs -----------------------------------------------------------

# The shipped slurm.conf path (/etc/slurm/slurm.conf) does not exist here:
# example_conf D OUT copies conf/D.conf with its one slurm_conf line (if the
# daemon has one) set, uncommented, to the test's slurm.conf.
# slurm_conf_only D OUT: a config setting nothing else.
example_conf() {
	case $1 in
	flurmbd) cp "$FLURM_SRCDIR/conf/$1.conf" "$2" ;;
	*) sed -E "s|^#?slurm_conf = .*|slurm_conf = \"$TMP/slurm.conf\"|" \
		"$FLURM_SRCDIR/conf/$1.conf" >"$2" &&
	   test "$(grep -c "^slurm_conf = " "$2")" = 1 ;;
	esac
}
slurm_conf_only() {
	case $1 in
	flurmbd) : >"$2" ;;
	*) echo "slurm_conf = \"$TMP/slurm.conf\"" >"$2" ;;
	esac
}

for d in $DAEMONS; do
	test_expect_success "conf/$d.conf passes -n" '
		example_conf "$d" example.conf &&
		"$d" -n -f example.conf
	'
	test_expect_success "conf/$d.conf shows every setting with its built-in default" '
		example_conf "$d" example.conf &&
		sed -E "s/^#([a-z_]+ = )/\1/" example.conf >uncommented.conf &&
		"$d" -n -v -f uncommented.conf | tail -n +2 >from-example &&
		slurm_conf_only "$d" builtin.conf &&
		"$d" -n -v -f builtin.conf | tail -n +2 >builtin &&
		test -s builtin &&
		test_cmp builtin from-example &&
		grep -c "^[a-z_]* = " uncommented.conf >count &&
		grep -c " = " builtin >expect-count &&
		test_cmp expect-count count &&
		case $d in
		flurmbd) ;;
		*)	# the slurm_conf shown in the example is the built-in one
			sed -n "s/^#slurm_conf = \"\(.*\)\"\$/\1/p" \
				"$FLURM_SRCDIR/conf/$d.conf" >example-default &&
			test_line_count = 1 example-default &&
			: >empty.conf &&
			test_must_fail "$d" -n -f empty.conf 2>err &&
			grep -F "cannot read '"'"'$(cat example-default)'"'"'" err ;;
		esac
	'
done

# --- daemons start and stop ------------------------------------------------------

# wait_for FILE PATTERN: up to 5 seconds for PATTERN to show up in FILE
wait_for() {
	for ((i = 0; i < 50; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for '$2' in $1" >&2
	return 1
}

# with_munged D: flurmctld and flurmnd authenticate with the private munged
# that slurm.conf names (flurmctld checks it at start); stopped when the
# test ends, after the daemon (test_when_finished runs the last one first).
with_munged() {
	case $1 in
	flurmbd) ;;
	*) munge_start "$TMP/munge" &&
	   test_when_finished "munge_stop \"$TMP/munge\"" ;;
	esac
}

for d in $DAEMONS; do
	# a normal exit, so that a build with LeakSanitizer checks for leaks
	test_expect_success "$d -D runs in the foreground until SIGTERM, then exits 0" '
		with_munged "$d" &&
		{ "$d" -D -f "$(conf_of $d)" 2>fg.log & } &&
		pid=$! &&
		test_when_finished "kill $pid 2>/dev/null; true" &&
		wait_for fg.log "$d 0.1.0 started" &&
		kill -TERM $pid &&
		wait $pid &&
		grep "caught SIGTERM, shutting down" fg.log &&
		grep "$d stopped" fg.log &&
		! grep -E "Sanitizer|runtime error:" fg.log
	'
	test_expect_success "$d in the background: pid file, SIGHUP reopens the log" '
		rm -f bg.log bg.log.1 bg.pid &&
		with_munged "$d" &&
		{ cat "$(conf_of $d)" && echo "log_file = \"$PWD/bg.log\""; } >bg.conf &&
		"$d" -f bg.conf -P bg.pid &&
		pid=$(cat bg.pid) &&
		test_when_finished "kill $pid 2>/dev/null; true" &&
		kill -0 $pid &&
		grep "$d 0.1.0 started" bg.log &&
		test_expect_code 1 "$d" -f bg.conf -P bg.pid 2>err &&
		grep "pid file .*bg.pid. is held by another running process, pid $pid" err &&
		mv bg.log bg.log.1 &&
		kill -HUP $pid &&
		wait_for bg.log "log file reopened" &&
		kill -TERM $pid &&
		wait_for bg.log "$d stopped" &&
		for ((i = 0; i < 50; i++)); do test -f bg.pid || break; sleep 0.1; done &&
		! test -e bg.pid
	'
done

test_expect_success 'a daemon that cannot start makes its starter exit 1' '
	printf "log_file = \"%s/no-such-dir/x.log\"\n" "$PWD" >nolog.conf &&
	test_expect_code 1 flurmbd -f nolog.conf 2>err &&
	grep "cannot open log file" err
'

# --- flurmsh ---------------------------------------------------------------------

test_expect_success 'flurmsh -c runs commands separated by ;' '
	flurmsh -c "version; help quit" >out &&
	cat >expect <<-\EOF &&
	flurmsh 0.1.0
	usage: quit
	leave flurmsh (also: exit)
	EOF
	test_cmp expect out
'

test_expect_success 'flurmsh help lists every command' '
	flurmsh -c help >out &&
	grep "^  help \[COMMAND\] " out &&
	grep "^  quit .*(also: exit)" out &&
	grep "^  version " out
'

test_expect_success 'flurmsh: an unknown command is a usage error and stops the batch' '
	test_expect_code 2 flurmsh -c "version; frobnicate x; help" >out 2>err &&
	echo "flurmsh 0.1.0" >expect &&
	test_cmp expect out &&
	grep "^flurmsh: unknown command .frobnicate. (try .help.)" err
'

test_expect_success 'flurmsh: wrong argument count and bad quoting are usage errors' '
	test_expect_code 2 flurmsh -c "version extra" 2>err &&
	grep "usage: version" err &&
	test_expect_code 2 flurmsh -c "help \"quit" >out 2>err &&
	test_must_be_empty out &&
	grep "unterminated double quote" err
'

test_expect_success 'flurmsh reads commands from a pipe; quit stops it' '
	printf "# a script\nversion\n\nexit\nfrobnicate\n" | flurmsh >out 2>err &&
	echo "flurmsh 0.1.0" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'flurmsh runs a command given as arguments' '
	flurmsh -S /nonexistent.sock help version >out &&
	grep "^usage: version" out &&
	test_expect_code 2 flurmsh -c version help 2>err &&
	grep "only one of them" err
'

# --- flurmtop --------------------------------------------------------------------

test_expect_success 'flurmtop without a controller says so and exits 1' '
	test_expect_code 1 flurmtop -S "$PWD/none.sock" -d 0.5 >out 2>err &&
	test_must_be_empty out &&
	grep -F "cannot connect to flurmctld'"'"'s admin socket $PWD/none.sock" err
'

test_expect_success 'flurmtop rejects a bad delay' '
	test_expect_code 2 flurmtop -d 0 2>err &&
	grep "delay must be 0.1 to 3600 seconds" err &&
	test_expect_code 2 flurmtop -d abc 2>err &&
	test_expect_code 2 flurmtop -b -n 0 2>err &&
	grep "positive count" err &&
	test_expect_code 2 flurmtop -s bogus 2>err &&
	grep "unknown screen .bogus." err
'

# --- man pages -----------------------------------------------------------------

command -v groff >/dev/null && test_set_prereq GROFF

MAN_PAGES="flurmctld.8 flurmnd.8 flurmbd.8 flurmsh.1 flurmtop.1 flurmctld.conf.5 flurmnd.conf.5 flurmbd.conf.5"

for m in $MAN_PAGES; do
	test_expect_success GROFF "man page $m renders without warnings" '
		groff -man -ww -z "$FLURM_SRCDIR/man/$m" 2>err &&
		test_must_be_empty err &&
		groff -man -Tascii -P-cbou "$FLURM_SRCDIR/man/$m" 2>/dev/null | grep -q "^NAME"
	'
done

for p in $PROGRAMS; do
	test_expect_success GROFF "the man page of $p documents every option of --help" '
		page=$(ls "$FLURM_SRCDIR"/man/$p.[18]) &&
		groff -man -Tascii -P-cbou "$page" 2>/dev/null >page.txt &&
		"$p" --help | grep -o -e "--[a-z-]*" | sort -u >long-opts &&
		while read o; do grep -q -e "$o" page.txt || { echo "missing $o" >&2; return 1; }; done <long-opts
	'
done

for d in $DAEMONS; do
	test_expect_success GROFF "$d.conf(5) documents every setting" '
		groff -man -Tascii -P-cbou "$FLURM_SRCDIR/man/$d.conf.5" 2>/dev/null >page.txt &&
		slurm_conf_only "$d" empty.conf &&
		"$d" -n -v -f empty.conf | sed -n "s/^\([a-z_]*\) = .*/\1/p" >names &&
		test -s names &&
		while read n; do grep -q "^ *$n = " page.txt || { echo "missing $n" >&2; return 1; }; done <names
	'
done

test_done
