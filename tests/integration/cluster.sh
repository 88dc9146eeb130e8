# cluster.sh - start and stop a private FLURM cluster on loopback (bash).
# Shared by the integration tests (test-lib.sh wraps it for sharness) and by
# examples/demo/demo.sh. It writes slurm.conf and the daemon configs, runs a
# private munged, starts daemons in their own process groups and kills them
# again; what the daemons do with their configs is theirs.
#
# Layout of a cluster directory D (short, for unix-socket paths):
#   D/slurm.conf             SLURM_CONF for the real Slurm clients
#   D/munge/                 munged: munge.key, munge.sock, munged.pid, .log
#   D/ctlK/                  controller K: flurmctld.conf, flurmctld.log
#                            (log_file), flurmctld.out (stdout/stderr), pid,
#                            state/, admin.sock
#   D/nodeN/                 node daemon: flurmnd.conf, flurmnd.log,
#                            flurmnd.out, pid, spool/, state
#   D/bd/                    accounting daemon (only after flurm_bd_start)
#   D/<daemon>/sanitizer.PID  what AddressSanitizer, LeakSanitizer or
#                            UBSan printed for process PID of a daemon built
#                            with `make SANITIZE=1` (the daemon or a child)
#
# Controller K listens on 127.0.0.K: Slurm clients reach every SlurmctldHost
# on the one SlurmctldPort, so HA controllers on one machine need distinct
# loopback addresses. Their node, metrics and Raft ports are distinct too.
#
# Variables after flurm_cluster_setup (all exported):
#   SLURM_CONF FLURM_SCRATCH FLURM_MUNGE_SOCKET FLURM_NCTL FLURM_NNODES
#   FLURM_SLURM_PORT                 SlurmctldPort, shared by controllers
#   FLURM_CTL_ADDR_K FLURM_NODE_PORT_K FLURM_METRICS_PORT_K
#   FLURM_RAFT_PORT_K FLURM_ADMIN_SOCKET_K      per controller K = 1..NCTL
#   FLURM_NODE_PORT FLURM_METRICS_PORT FLURM_ADMIN_SOCKET  = controller 1's
#   FLURM_ND_PORTS                   the nodes' Port= list (srun's way in)
# Any of the per-controller ports (and FLURM_SLURM_PORT) that is set before
# flurm_cluster_setup is used as is (the demo's fixed ports); the rest are
# allocated free. FLURM_SLURM_CONF_EXTRA, FLURM_CTLD_CONF_EXTRA and
# FLURM_ND_CONF_EXTRA are appended verbatim to the generated files, and
# FLURM_ND_CONF_EXTRA_<name> (FLURM_ND_CONF_EXTRA_node2) to that node's only;
# FLURM_CLUSTER_NAME, FLURM_SLURMD_TIMEOUT (5), FLURM_MIN_JOB_AGE (300),
# FLURM_LOG_LEVEL (debug), FLURM_HEARTBEAT_INTERVAL (1) and FLURM_AUTH
# (munge) change the defaults shown; FLURM_CRED_EXPIRE adds cred_expire=
# to AuthInfo (what a requeued job waits, less one second: 120 unset).
#
# Functions (each documented where defined): flurm_free_port,
# flurm_port_is_free, flurm_wait_for, munge_start, munge_stop,
# flurm_cluster_setup, flurm_cluster_start, flurm_cluster_stop,
# flurm_ctl_start|stop|kill9 K, flurm_nd_start|stop|kill9 NAME, flurm_bd_start,
# flurm_daemon_alive|pid NAME, flurm_ctld_log K, flurm_nd_log NAME,
# flurm_wait_ready, flurm_wait_nodes, flurm_procs_in, flurm_sanitizer_check,
# flurm_sanitizer_expect_crash.
#
# Sanitizer reports: a stop (flurm_daemon_stop, flurm_ctl_stop, ...,
# flurm_cluster_stop) prints every report its daemons left and returns 1;
# FLURM_SANITIZER_FINDINGS, when set, names a file that collects them. A
# daemon killed with kill -9 writes none; one crashed on purpose is
# excused with flurm_sanitizer_expect_crash.

# Per-controller variables are made with eval, which shellcheck cannot see.
# shellcheck disable=SC2153

: "${FLURM_BIN:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin}"
: "${FLURM_MUNGED:=/usr/sbin/munged}"

# flurm_free_port [ADDR...]: print a TCP port that binds on every ADDR
# (default 127.0.0.1). Ports come from below the kernel's ephemeral range so
# outgoing connections never take them; ports already listed in
# $FLURM_PORTS_FILE are skipped and the new one is added, so ports of one
# cluster (or one test script) are distinct even across subshells.
flurm_free_port() {
	perl -MIO::Socket::INET -e '
		my @addrs = @ARGV ? @ARGV : ("127.0.0.1");
		my $file = $ENV{FLURM_PORTS_FILE} // "";
		my %used;
		if ($file ne "" && open(my $fh, "<", $file)) {
			$used{$_ + 0} = 1 for grep { /^\d+$/ } map { chomp; $_ } <$fh>;
		}
		my ($lo) = split " ", (eval {
			open(my $r, "<", "/proc/sys/net/ipv4/ip_local_port_range");
			scalar <$r> } // "32768");
		my $base = 10000;
		my $span = $lo - $base;
		for (1 .. 500) {
			my $port;
			if ($span >= 1000) {
				$port = $base + int(rand($span));
			} else {
				my $s = IO::Socket::INET->new(LocalAddr => $addrs[0],
					LocalPort => 0, Proto => "tcp") or next;
				$port = $s->sockport;
			}
			next if $used{$port};
			my $ok = 1;
			my @hold;
			for my $a (@addrs) {
				my $s = IO::Socket::INET->new(LocalAddr => $a,
					LocalPort => $port, Proto => "tcp", Listen => 1);
				unless ($s) { $ok = 0; last; }
				push @hold, $s;
			}
			next unless $ok;
			if ($file ne "" && open(my $fh, ">>", $file)) {
				print $fh "$port\n";
			}
			print "$port\n";
			exit 0;
		}
		print STDERR "flurm_free_port: no free port on @addrs\n";
		exit 1;
	' "$@"
}

# flurm_port_is_free PORT [ADDR]: true when PORT can be bound on ADDR.
flurm_port_is_free() {
	perl -MIO::Socket::INET -e '
		IO::Socket::INET->new(LocalAddr => $ARGV[1], LocalPort => $ARGV[0],
			Proto => "tcp", Listen => 1, ReuseAddr => 1) ? exit 0 : exit 1;
	' "$1" "${2:-127.0.0.1}"
}

# flurm_wait_for CMD TIMEOUT: run CMD (a shell string) every 0.1 s until it
# succeeds (0) or TIMEOUT seconds pass (1).
flurm_wait_for() {
	local cmd=$1 tries=$(( ${2:-10} * 10 ))
	while ! eval "$cmd" >/dev/null 2>&1; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
	return 0
}

# _flurm_stat PID: set _flurm_state and _flurm_pgrp from /proc/PID/stat
# (no fork: these run in every wait loop).
_flurm_stat() {
	local line rest
	case "$1" in ''|*[!0-9]*) return 1 ;; esac
	read -r line 2>/dev/null </proc/"$1"/stat || return 1
	rest=${line##*) }
	# shellcheck disable=SC2086
	set -- $rest
	_flurm_state=$1
	_flurm_pgrp=$3
}

# _flurm_alive PID: the process exists and is not a zombie. A killed
# daemon's main thread turns zombie before its other threads (libuv's pool,
# say) have ended, and until the last one ends the process still holds its
# descriptors, listening ports included: it counts as alive until then.
_flurm_alive() {
	local t
	_flurm_stat "$1" || return 1
	[ "$_flurm_state" != Z ] && [ "$_flurm_state" != X ] && return 0
	for t in /proc/"$1"/task/*; do
		[ "${t##*/}" != "$1" ] && [ -e "$t" ] && return 0
	done
	return 1
}

# _flurm_pid_mentions PID STRING: STRING is in PID's command line. Guards
# every kill against a pid file whose process has gone and whose number was
# reused by someone else.
_flurm_pid_mentions() {
	local args
	mapfile -d '' args 2>/dev/null </proc/"$1"/cmdline || return 1
	[[ "${args[*]}" == *"$2"* ]]
}

# _flurm_target PIDFILE STRING: print the kill target of the daemon in
# PIDFILE: "-PID" when it leads its own process group (so its children go
# with it), "PID" when not; nothing when it is gone or PIDFILE's number now
# belongs to a process that does not mention STRING.
_flurm_target() {
	local pid
	[ -f "$1" ] && read -r pid <"$1" 2>/dev/null || return 0
	_flurm_alive "$pid" && _flurm_pid_mentions "$pid" "$2" || return 0
	if [ "$_flurm_pgrp" = "$pid" ]; then
		echo "-$pid"
	else
		echo "$pid"
	fi
}

# _flurm_gone TARGET: no live process left in TARGET (a pid or -group).
_flurm_gone() {
	local p
	case "$1" in
	-*) for p in $(pgrep -g "${1#-}" 2>/dev/null); do
		_flurm_alive "$p" && return 1
	    done
	    return 0 ;;
	*) ! _flurm_alive "$1" ;;
	esac
}

# _flurm_stop_targets KILL9 TARGET...: TERM the targets and give them 15 s
# (unless KILL9 is non-empty), then KILL what is left and wait for it. A
# daemon built with LeakSanitizer scans its heap on the way out, which takes
# seconds on a loaded machine; killing it then would lose the report.
_flurm_stop_targets() {
	local kill9=$1 t
	shift
	[ $# -gt 0 ] || return 0
	if [ -z "$kill9" ]; then
		for t in "$@"; do kill -s TERM -- "$t" 2>/dev/null; done
		for t in "$@"; do flurm_wait_for "_flurm_gone $t" 15 || break; done
	fi
	for t in "$@"; do kill -s KILL -- "$t" 2>/dev/null; done
	for t in "$@"; do flurm_wait_for "_flurm_gone $t" 5; done
	return 0
}

# _flurm_pidfile_alive PIDFILE STRING
_flurm_pidfile_alive() {
	[ -n "$(_flurm_target "$1" "$2")" ]
}

# _flurm_stop_pidfile PIDFILE STRING [KILL9]: stop the daemon in PIDFILE
# (and its process group), then remove PIDFILE.
_flurm_stop_pidfile() {
	# shellcheck disable=SC2046
	_flurm_stop_targets "$3" $(_flurm_target "$1" "$2")
	rm -f "$1"
}

# _flurm_close_fds: close every descriptor above 2 in this (sub)shell, so a
# daemon does not hold the test's TAP pipe open; a daemon left behind would
# otherwise keep prove waiting for the end of its output.
_flurm_close_fds() {
	local fd n
	for fd in /proc/"$BASHPID"/fd/*; do
		n=${fd##*/}
		[ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-" 2>/dev/null
	done
	return 0
}

# _flurm_sanitizer_env D: in a daemon's subshell before its exec: a daemon
# built with `make SANITIZE=1` writes what ASan, LeakSanitizer and UBSan find
# to D/sanitizer.PID rather than into its output, so that a stop can find
# it. Programs built without them ignore these variables.
_flurm_sanitizer_env() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$1/sanitizer"
	UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$1/sanitizer:print_stacktrace=1"
	export ASAN_OPTIONS UBSAN_OPTIONS
}

# flurm_sanitizer_check DIR...: print to stderr each sanitizer report that
# daemons (and their children) left in DIR (a daemon directory) since the
# last check, add it to the file $FLURM_SANITIZER_FINDINGS when set, and
# return 1 if there was one. A checked report is renamed *.seen and kept
# with the logs. A daemon stopped with kill -9 writes none; a report found
# after one comes from an earlier death and counts.
flurm_sanitizer_check() {
	local dir f found=0
	for dir in "$@"; do
		for f in "$dir"/sanitizer.*; do
			[ -f "$f" ] || continue
			case "$f" in *.seen|*.expected) continue ;; esac
			if [ -s "$f" ]; then
				found=1
				{
					echo "sanitizer report of ${dir##*/}, pid ${f##*.}:"
					cat "$f"
				} | tee -a "${FLURM_SANITIZER_FINDINGS:-/dev/null}" >&2
			fi
			mv -f "$f" "$f.seen"
		done
	done
	return "$found"
}

# flurm_sanitizer_expect_crash NAME: daemon NAME was crashed on purpose (a
# signal that ASan catches, an abort): the report of that crash is no
# finding. It is kept as sanitizer.PID.expected. Call it after the crash.
flurm_sanitizer_expect_crash() {
	local f
	for f in "$FLURM_SCRATCH/$1"/sanitizer.*; do
		[ -f "$f" ] || continue
		case "$f" in *.seen|*.expected) continue ;; esac
		mv -f "$f" "$f.expected"
	done
	return 0
}

# munge_start DIR: run a private munged with its own key, socket DIR/munge.sock
# (key DIR/munge.key is made when absent), and wait until a credential it
# encodes decodes. munged wants the socket directory reachable by all and the
# key readable by its owner only.
munge_start() {
	local dir=$1
	[ -n "$dir" ] || { echo "munge_start: no directory" >&2; return 1; }
	mkdir -p "$dir" && chmod 0755 "$dir" || return 1
	if [ ! -f "$dir/munge.key" ]; then
		if command -v mungekey >/dev/null 2>&1; then
			mungekey -c -k "$dir/munge.key" -b 1024 || return 1
		else
			dd if=/dev/urandom of="$dir/munge.key" bs=128 count=1 \
				2>/dev/null || return 1
		fi
	fi
	chmod 0400 "$dir/munge.key" || return 1
	(_flurm_close_fds
	 exec "$FLURM_MUNGED" --socket="$dir/munge.sock" \
		--key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
		--log-file="$dir/munged.log" --seed-file="$dir/munged.seed") \
		</dev/null >>"$dir/munged.out" 2>&1 || {
		echo "munge_start: munged failed, see $dir/munged.log:" >&2
		tail -n 3 "$dir/munged.log" "$dir/munged.out" >&2 2>/dev/null
		return 1
	}
	flurm_wait_for "munge -S '$dir/munge.sock' -n | unmunge -S '$dir/munge.sock'" 10 || {
		echo "munge_start: munged at $dir/munge.sock does not answer" >&2
		return 1
	}
}

# munge_stop DIR: stop the munged started by munge_start DIR.
munge_stop() {
	_flurm_stop_pidfile "$1/munged.pid" "$1/munge.sock"
}

# Which program runs as daemon NAME (ctlK, nodeN, bd).
_flurm_prog_of() {
	case "$1" in
	ctl*) echo flurmctld ;;
	bd) echo flurmbd ;;
	*) echo flurmnd ;;
	esac
}

# _flurm_quote_list ITEM...: a libconfuse list {"a", "b"}.
_flurm_quote_list() {
	local out="" i
	for i in "$@"; do
		out="$out${out:+, }\"$i\""
	done
	echo "{$out}"
}

# flurm_write_slurm_conf FILE: the cluster's slurm.conf, read by the real
# Slurm clients and by every daemon.
flurm_write_slurm_conf() {
	local k
	{
		echo "# slurm.conf for a private FLURM cluster (generated)"
		echo "ClusterName=${FLURM_CLUSTER_NAME:-flurmtest}"
		for k in $(seq 1 "$FLURM_NCTL"); do
			eval "echo \"SlurmctldHost=ctl$k(\$FLURM_CTL_ADDR_$k)\""
		done
		echo "SlurmctldPort=$FLURM_SLURM_PORT"
		echo "AuthType=auth/munge"
		echo "AuthInfo=socket=$FLURM_MUNGE_SOCKET${FLURM_CRED_EXPIRE:+,cred_expire=$FLURM_CRED_EXPIRE}"
		echo "SlurmUser=$(id -un)"
		echo "SlurmdTimeout=${FLURM_SLURMD_TIMEOUT:-5}"
		echo "MinJobAge=${FLURM_MIN_JOB_AGE:-300}"
		echo "ReturnToService=2"
		echo "NodeName=node[1-$FLURM_NNODES] CPUs=2 RealMemory=1000 State=UNKNOWN NodeAddr=127.0.0.1 Port=[$FLURM_ND_PORTS]"
		echo "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP"
		echo "PartitionName=batch Nodes=ALL MaxTime=INFINITE State=UP"
		[ -z "$FLURM_SLURM_CONF_EXTRA" ] || echo "$FLURM_SLURM_CONF_EXTRA"
	} >"$1"
}

# flurm_conf_nodes N: make the node line of $SLURM_CONF name node[1-N]
# (node1 for 1) with a Port each; ports past those of FLURM_ND_PORTS are
# allocated and added to it.
flurm_conf_nodes() {
	local n=$1 names ports p
	while [ "$(echo "$FLURM_ND_PORTS" | tr , '\n' | grep -c .)" -lt "$n" ]; do
		p=$(flurm_free_port) || return 1
		FLURM_ND_PORTS="$FLURM_ND_PORTS,$p"
	done
	export FLURM_ND_PORTS
	ports=$(echo "$FLURM_ND_PORTS" | cut -d, -f1-"$n")
	names="node[1-$n]"
	[ "$n" = 1 ] && names=node1
	sed -i -E "s/^NodeName=node(\[1-[0-9]+\]|1) (.*)Port=\[[0-9,]*\]/NodeName=$names \2Port=[$ports]/" \
		"$SLURM_CONF"
}

# flurm_write_ctld_conf K FILE: flurmctld.conf of controller K. peers lists
# the other controllers only; the controller's own member is raft_id at
# raft_addr:raft_port.
flurm_write_ctld_conf() {
	local k=$1 d="$FLURM_SCRATCH/ctl$1" j addr rport peers=""
	for j in $(seq 1 "$FLURM_NCTL"); do
		[ "$j" = "$k" ] && continue
		eval "addr=\$FLURM_CTL_ADDR_$j rport=\$FLURM_RAFT_PORT_$j"
		peers="$peers $j@$addr:$rport"
	done
	eval "addr=\$FLURM_CTL_ADDR_$k"
	{
		echo "# flurmctld.conf for controller ctl$k (generated)"
		echo "slurm_conf = \"$SLURM_CONF\""
		echo "state_dir = \"$d/state\""
		echo "log_file = \"$d/flurmctld.log\""
		echo "log_level = \"${FLURM_LOG_LEVEL:-debug}\""
		echo "listen_addr = \"$addr\""
		eval "echo \"node_port = \$FLURM_NODE_PORT_$k\""
		eval "echo \"metrics_port = \$FLURM_METRICS_PORT_$k\""
		echo "metrics_addr = \"$addr\""
		echo "admin_socket = \"$d/admin.sock\""
		echo "raft_id = $k"
		echo "raft_addr = \"$addr\""
		eval "echo \"raft_port = \$FLURM_RAFT_PORT_$k\""
		# shellcheck disable=SC2086
		[ -z "$peers" ] || echo "peers = $(_flurm_quote_list $peers)"
		echo "auth = \"${FLURM_AUTH:-munge}\""
		[ -z "$FLURM_CTLD_CONF_EXTRA" ] || echo "$FLURM_CTLD_CONF_EXTRA"
	} >"$2"
}

# flurm_write_nd_conf NAME FILE: flurmnd.conf of node daemon NAME.
flurm_write_nd_conf() {
	local d="$FLURM_SCRATCH/$1" j addr nport ctls="" extra
	for j in $(seq 1 "$FLURM_NCTL"); do
		eval "addr=\$FLURM_CTL_ADDR_$j nport=\$FLURM_NODE_PORT_$j"
		ctls="$ctls $addr:$nport"
	done
	{
		echo "# flurmnd.conf for $1 (generated)"
		echo "slurm_conf = \"$SLURM_CONF\""
		echo "node_name = \"$1\""
		echo "spool_dir = \"$d/spool\""
		echo "state_file = \"$d/state\""
		echo "log_file = \"$d/flurmnd.log\""
		echo "log_level = \"${FLURM_LOG_LEVEL:-debug}\""
		echo "controller_port = $FLURM_NODE_PORT_1"
		# shellcheck disable=SC2086
		echo "controllers = $(_flurm_quote_list $ctls)"
		echo "heartbeat_interval = ${FLURM_HEARTBEAT_INTERVAL:-1}"
		echo "use_conf_resources = true"
		echo "auth = \"${FLURM_AUTH:-munge}\""
		[ -z "$FLURM_ND_CONF_EXTRA" ] || echo "$FLURM_ND_CONF_EXTRA"
		eval "extra=\${FLURM_ND_CONF_EXTRA_$1:-}"
		[ -z "$extra" ] || echo "$extra"
	} >"$2"
}

# flurm_write_bd_conf FILE: flurmbd.conf (port FLURM_BD_PORT).
flurm_write_bd_conf() {
	local d="$FLURM_SCRATCH/bd"
	{
		echo "# flurmbd.conf (generated)"
		echo "listen_addr = \"127.0.0.1\""
		echo "port = $FLURM_BD_PORT"
		echo "db_path = \"$d/flurmbd.db\""
		echo "log_file = \"$d/flurmbd.log\""
		echo "log_level = \"${FLURM_LOG_LEVEL:-debug}\""
		echo "auth = \"${FLURM_AUTH:-munge}\""
	} >"$1"
}

# flurm_cluster_setup DIR NNODES [NCTL]: lay out DIR, pick ports, write every
# config and export the variables listed at the top. Starts nothing.
flurm_cluster_setup() {
	local dir=$1 k n p v addrs=""
	FLURM_NNODES=$2
	FLURM_NCTL=${3:-1}
	case "$FLURM_NNODES$FLURM_NCTL" in
	''|*[!0-9]*) echo "flurm_cluster_setup: bad node or controller count" >&2
		return 1 ;;
	esac
	[ "$FLURM_NNODES" -ge 1 ] && [ "$FLURM_NCTL" -ge 1 ] &&
		[ "$FLURM_NCTL" -le 9 ] || {
		echo "flurm_cluster_setup: need 1+ nodes and 1-9 controllers" >&2
		return 1
	}
	mkdir -p "$dir" && chmod 0755 "$dir" || return 1
	FLURM_SCRATCH=$(cd "$dir" && pwd)
	SLURM_CONF=$FLURM_SCRATCH/slurm.conf
	FLURM_MUNGE_SOCKET=$FLURM_SCRATCH/munge/munge.sock
	export SLURM_CONF FLURM_SCRATCH FLURM_MUNGE_SOCKET FLURM_NNODES FLURM_NCTL
	# Without a caller's list, ports are at least distinct in this cluster.
	local FLURM_PORTS_FILE=${FLURM_PORTS_FILE:-$FLURM_SCRATCH/.ports}
	export FLURM_PORTS_FILE
	for k in $(seq 1 "$FLURM_NCTL"); do
		eval ": \"\${FLURM_CTL_ADDR_$k:=127.0.0.$k}\""
		eval "addrs=\"\$addrs \$FLURM_CTL_ADDR_$k\""
	done
	# shellcheck disable=SC2086
	[ -n "$FLURM_SLURM_PORT" ] ||
		FLURM_SLURM_PORT=$(flurm_free_port $addrs) || return 1
	export FLURM_SLURM_PORT
	for k in $(seq 1 "$FLURM_NCTL"); do
		for v in NODE_PORT METRICS_PORT RAFT_PORT; do
			eval "[ -n \"\$FLURM_${v}_$k\" ]" && continue
			eval "FLURM_${v}_$k=\$(flurm_free_port \$FLURM_CTL_ADDR_$k)" ||
				return 1
		done
		eval "FLURM_ADMIN_SOCKET_$k=\$FLURM_SCRATCH/ctl$k/admin.sock"
		export "FLURM_CTL_ADDR_$k" "FLURM_NODE_PORT_$k" \
			"FLURM_METRICS_PORT_$k" "FLURM_RAFT_PORT_$k" \
			"FLURM_ADMIN_SOCKET_$k"
	done
	# Node daemons' Slurm ports (srun talks to them), one each. A node
	# slurm.conf does not list (flurmsh node add) tries SlurmdPort's
	# default, 6818, and runs without srun when that is taken.
	FLURM_ND_PORTS=""
	for n in $(seq 1 "$FLURM_NNODES"); do
		p=$(flurm_free_port) || return 1
		FLURM_ND_PORTS="$FLURM_ND_PORTS${FLURM_ND_PORTS:+,}$p"
	done
	export FLURM_ND_PORTS
	FLURM_NODE_PORT=$FLURM_NODE_PORT_1
	FLURM_METRICS_PORT=$FLURM_METRICS_PORT_1
	FLURM_ADMIN_SOCKET=$FLURM_ADMIN_SOCKET_1
	export FLURM_NODE_PORT FLURM_METRICS_PORT FLURM_ADMIN_SOCKET

	flurm_write_slurm_conf "$SLURM_CONF" || return 1
	for k in $(seq 1 "$FLURM_NCTL"); do
		mkdir -p "$FLURM_SCRATCH/ctl$k/state" || return 1
		flurm_write_ctld_conf "$k" "$FLURM_SCRATCH/ctl$k/flurmctld.conf" ||
			return 1
	done
	for n in $(seq 1 "$FLURM_NNODES"); do
		mkdir -p "$FLURM_SCRATCH/node$n/spool" || return 1
		flurm_write_nd_conf "node$n" "$FLURM_SCRATCH/node$n/flurmnd.conf" ||
			return 1
	done
}

# flurm_daemon_start NAME: start daemon NAME (ctlK, nodeN, bd) in the
# foreground mode of its program, in a session and process group of its own,
# in the background. Returns at once even when the program exits at once.
flurm_daemon_start() {
	local name=$1 prog d pid
	prog=$(_flurm_prog_of "$name")
	d="$FLURM_SCRATCH/$name"
	[ -f "$d/$prog.conf" ] || {
		echo "flurm_daemon_start: no $d/$prog.conf" >&2
		return 1
	}
	if flurm_daemon_alive "$name"; then
		echo "flurm_daemon_start: $name is already running" >&2
		return 1
	fi
	(_flurm_close_fds
	 _flurm_sanitizer_env "$d"
	 cd "$d" && exec setsid "$FLURM_BIN/$prog" -D -f "$d/$prog.conf") \
		</dev/null >>"$d/$prog.out" 2>&1 &
	pid=$!
	echo "$pid" >"$d/pid"
	# Until the exec the child looks like this script, and stop would not
	# recognise it; the wait is a few milliseconds.
	flurm_wait_for "! _flurm_alive $pid || _flurm_pid_mentions $pid '$d/'" 5
	return 0
}

# flurm_daemon_pid NAME: print the recorded pid of daemon NAME.
flurm_daemon_pid() {
	cat "$FLURM_SCRATCH/$1/pid" 2>/dev/null
}

# flurm_daemon_alive NAME: daemon NAME (ctlK, nodeN, bd, munge) is running.
flurm_daemon_alive() {
	if [ "$1" = munge ]; then
		_flurm_pidfile_alive "$FLURM_SCRATCH/munge/munged.pid" \
			"$FLURM_SCRATCH/munge/"
	else
		_flurm_pidfile_alive "$FLURM_SCRATCH/$1/pid" "$FLURM_SCRATCH/$1/"
	fi
}

# flurm_daemon_stop NAME [KILL9]: stop daemon NAME and its process group;
# 1 when it (or a child) left a sanitizer report, which is printed.
flurm_daemon_stop() {
	_flurm_stop_pidfile "$FLURM_SCRATCH/$1/pid" "$FLURM_SCRATCH/$1/" "$2"
	flurm_sanitizer_check "$FLURM_SCRATCH/$1"
}

flurm_ctl_start() { flurm_daemon_start "ctl$1"; }
flurm_ctl_stop() { flurm_daemon_stop "ctl$1"; }
flurm_ctl_kill9() { flurm_daemon_stop "ctl$1" kill9; }
flurm_nd_start() { flurm_daemon_start "$1"; }
flurm_nd_stop() { flurm_daemon_stop "$1"; }
flurm_nd_kill9() { flurm_daemon_stop "$1" kill9; }

# flurm_ctld_log K / flurm_nd_log NAME: path of the daemon's log_file (what
# it printed before logging started is in flurmctld.out / flurmnd.out).
flurm_ctld_log() { echo "$FLURM_SCRATCH/ctl$1/flurmctld.log"; }
flurm_nd_log() { echo "$FLURM_SCRATCH/$1/flurmnd.log"; }

# flurm_bd_start: configure (once) and start the accounting daemon.
flurm_bd_start() {
	mkdir -p "$FLURM_SCRATCH/bd" || return 1
	if [ ! -f "$FLURM_SCRATCH/bd/flurmbd.conf" ]; then
		[ -n "$FLURM_BD_PORT" ] || FLURM_BD_PORT=$(flurm_free_port) ||
			return 1
		export FLURM_BD_PORT
		flurm_write_bd_conf "$FLURM_SCRATCH/bd/flurmbd.conf" || return 1
	fi
	flurm_daemon_start bd
}

# flurm_cluster_start: munged, then the controllers, then the node daemons.
flurm_cluster_start() {
	local k n
	munge_start "$FLURM_SCRATCH/munge" || return 1
	for k in $(seq 1 "$FLURM_NCTL"); do
		flurm_ctl_start "$k" || return 1
	done
	for n in $(seq 1 "$FLURM_NNODES"); do
		flurm_nd_start "node$n" || return 1
	done
}

# flurm_cluster_stop [DIR]: stop every daemon of the cluster in DIR (default
# $FLURM_SCRATCH) together, then munged. Leaves DIR in place.
flurm_cluster_stop() {
	local FLURM_SCRATCH=${1:-$FLURM_SCRATCH} d targets=""
	[ -n "$FLURM_SCRATCH" ] && [ -d "$FLURM_SCRATCH" ] || return 0
	for d in "$FLURM_SCRATCH"/node* "$FLURM_SCRATCH"/bd "$FLURM_SCRATCH"/ctl*; do
		[ -f "$d/pid" ] || continue
		targets="$targets $(_flurm_target "$d/pid" "$d/")"
	done
	# shellcheck disable=SC2086
	_flurm_stop_targets "" $targets
	rm -f "$FLURM_SCRATCH"/*/pid
	munge_stop "$FLURM_SCRATCH/munge"
	flurm_sanitizer_check "$FLURM_SCRATCH"/node* "$FLURM_SCRATCH"/bd \
		"$FLURM_SCRATCH"/ctl*
}

# flurm_procs_in DIR: pids of processes whose command line or environment
# names DIR (daemons, their children, jobs that inherited SLURM_CONF),
# leaving out this shell and its ancestors.
flurm_procs_in() {
	local dir=$1 f pid skip=" " p=$$
	[ -n "$dir" ] || return 0
	while [ -n "$p" ] && [ "$p" -gt 1 ] 2>/dev/null; do
		skip="$skip$p "
		p=$(awk '/^PPid:/ { print $2 }' /proc/"$p"/status 2>/dev/null)
	done
	skip="$skip$BASHPID "
	for f in $(grep -lasF -- "$dir/" /proc/[0-9]*/cmdline /proc/[0-9]*/environ \
		2>/dev/null); do
		pid=${f#/proc/}
		pid=${pid%%/*}
		case "$skip" in *" $pid "*) continue ;; esac
		_flurm_alive "$pid" || continue
		case "$skip" in *" $pid "*) ;; *) skip="$skip$pid "; echo "$pid" ;; esac
	done
}

# flurm_wait_ready [TIMEOUT]: wait (default 30 s) until a controller answers
# the real `scontrol ping`.
flurm_wait_ready() {
	flurm_wait_for "scontrol ping | grep -q ' is UP'" "${1:-30}"
}

# flurm_wait_nodes STATE [TIMEOUT]: wait until all nodes report STATE (e.g.
# idle) in the real `sinfo` (a node in several partitions counts once).
flurm_wait_nodes() {
	flurm_wait_for "[ \"\$(sinfo -h -N -o '%N %T' | sort -u | grep -c ' $1\$')\" = \"$FLURM_NNODES\" ]" \
		"${2:-30}"
}
