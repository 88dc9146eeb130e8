#!/bin/bash
# capture.sh - record Slurm 22.05 test vectors from the real thing: the
# Debian clients talking to a real slurmctld 22.05 on loopback, through a
# small recording proxy, written in the layout of tests/golden/slurm-22.05.
#
# Needs a Debian 12 machine and root (slurmctld runs as SlurmUser=root and
# the munge key must stay private). Installs the Debian package slurmctld
# (and slurmd with --slurmd) if missing: for the capture only, not a
# dependency of FLURM, and not run by make deps or make check.
#
#   tests/golden/capture.sh [-o OUTDIR] [--port P] [--slurmd] [CASE...]
#
# CASE is a name from the list below (default: all of them). Each case
# gets OUTDIR/CASE/ with NN-request.bin / NN-response.bin per TCP
# connection the command opened to the controller (the bytes as sent),
# streams.tsv, decode.txt and command.txt. OUTDIR defaults to a new
# directory under /tmp; copy the cases you want into tests/golden/slurm-22.05
# and describe them in its README. The credentials are made with
# tests/golden/slurm-22.05/munge.key, so `unmunge` with that key still
# reads them later (as expired).
#
# What differs from a packet capture: the clients read a copy of slurm.conf
# whose SlurmctldPort is the proxy's (P, default 6817) while slurmctld
# listens on P+100; everything else in the two files is the same. So the
# configuration reply says SlurmctldPort=P+100 and scontrol prints
# HASH_VAL = Different. Traffic between slurmctld and slurmd is not
# recorded.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/slurm-22.05
OUT=
PORT=6817
WITH_SLURMD=

# name | command line (run with bash -c as root unless it says otherwise)
CASES='
scontrol_show_config|scontrol show config
scontrol_show_config_no_change|printf "show config\nshow config\n" | scontrol -v
sdiag|sdiag
sdiag_reset|sdiag -r
sdiag_reset_denied|setpriv --reuid=nobody --regid=nogroup --clear-groups -- sdiag -r
empty_topology|scontrol show topology
empty_frontend|scontrol show frontend
empty_burstbuffer|scontrol show burstbuffer
empty_assoc_mgr|scontrol show assoc_mgr
empty_reservation|scontrol show reservation
empty_trigger|strigger --get
empty_sshare|sshare
empty_dwstat|scontrol show dwstat
schedloglevel_disabled|scontrol schedloglevel 1
setdebugflags|scontrol setdebugflags +Steps,Gres && scontrol setdebugflags -Gres && scontrol show config | grep ^DebugFlags
setdebugflags_denied|setpriv --reuid=nobody --regid=nogroup --clear-groups -- scontrol setdebugflags +Steps
batch_script|id=$(sbatch --parsable --hold -o /dev/null --wrap "echo hi") && scontrol write batch_script $id -
'

usage() {
	sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'
	echo "cases:"
	printf '%s\n' "$CASES" | sed -n 's/^\([^|]*\)|\(.*\)/  \1: \2/p'
	exit "${1:-0}"
}

die() { echo "capture.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	-o) OUT=$2; shift 2 ;;
	--port) PORT=$2; shift 2 ;;
	--slurmd) WITH_SLURMD=t; shift ;;
	-h|--help) usage 0 ;;
	-*) usage 2 >&2 ;;
	*) break ;;
	esac
done
WANT="$*"

[ "$(id -u)" = 0 ] || die "run as root (slurmctld runs as SlurmUser=root)"
case "$PORT" in ''|*[!0-9]*) die "--port wants a number" ;; esac
CTLD_PORT=$((PORT + 100))
[ -r "$GOLDEN/munge.key" ] || die "no $GOLDEN/munge.key"

# ---- packages ----------------------------------------------------------
need=
command -v slurmctld >/dev/null || need="$need slurmctld"
command -v sdiag >/dev/null || need="$need slurm-client"
command -v munged >/dev/null || need="$need munge"
[ -z "$WITH_SLURMD" ] || command -v slurmd >/dev/null || need="$need slurmd"
if [ -n "$need" ]; then
	echo "capture.sh: installing$need (for this capture only)"
	# the packages would start their own daemons on the default ports
	# and paths; we run private ones, so keep them from starting
	policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d &&
			chmod 0755 /usr/sbin/policy-rc.d && policy=t
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y \
		--no-install-recommends $need >"/tmp/capture-apt.$$.log" 2>&1
	rc=$?
	[ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
	[ $rc = 0 ] || die "apt-get install$need failed, see /tmp/capture-apt.$$.log"
	rm -f "/tmp/capture-apt.$$.log"
fi
VERSION=$(slurmctld -V 2>/dev/null | awk '{print $2}')
case "$VERSION" in 22.05.*) ;; *) die "slurmctld is '$VERSION', not 22.05" ;; esac

# ---- scratch cluster ---------------------------------------------------
S=$(mktemp -d /tmp/flurm-capture.XXXXXX) || die "mktemp failed"
[ -n "$OUT" ] || OUT=$S/vectors
mkdir -p "$OUT" "$S"/{etc,client,munge,state,log,run,spool,jobs} || die "mkdir failed"
OUT=$(cd "$OUT" && pwd)
chmod 0755 "$S" "$S/munge" && chmod 1777 "$S/jobs"
PIDS=

cleanup() {
	local p
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	[ -f "$S/munge/munged.pid" ] && kill "$(cat "$S/munge/munged.pid")" 2>/dev/null
	for p in $PIDS; do	# slurmctld saves its state before it exits
		for _ in $(seq 1 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.2
		done
	done
	echo "capture.sh: vectors in $OUT; scratch (logs) in $S"
}
trap cleanup EXIT

port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port_free "$PORT" || die "port $PORT is in use (--port)"
port_free "$CTLD_PORT" || die "port $CTLD_PORT is in use (--port)"

install -m 0400 "$GOLDEN/munge.key" "$S/munge/munge.key"
munged --socket="$S/munge/munge.socket.2" --key-file="$S/munge/munge.key" \
	--pid-file="$S/munge/munged.pid" --log-file="$S/munge/munged.log" \
	--seed-file="$S/munge/munged.seed" </dev/null || die "munged failed"

host=$(hostname -s)
write_conf() {	# PORT FILE
	cat >"$2" <<EOF
# Slurm 22.05 capture cluster (loopback only), written by tests/golden/capture.sh
ClusterName=capture
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$S/munge/munge.socket.2
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool/%n
SlurmctldPidFile=$S/run/slurmctld.pid
SlurmdPidFile=$S/run/slurmd-%n.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
PriorityType=priority/basic
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmdParameters=config_overrides
ReturnToService=2
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
MailProg=/bin/true
NodeName=n[1-4] NodeHostname=$host NodeAddr=127.0.0.1 Port=[$((PORT + 1))-$((PORT + 4))] CPUs=4 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}
write_conf "$CTLD_PORT" "$S/etc/slurm.conf"
write_conf "$PORT" "$S/client/slurm.conf"

slurmctld -D -c -i -f "$S/etc/slurm.conf" >"$S/log/slurmctld.out" 2>&1 &
PIDS="$PIDS $!"
if [ -n "$WITH_SLURMD" ]; then
	for k in 1 2 3 4; do
		slurmd -D -N "n$k" -f "$S/etc/slurm.conf" >"$S/log/slurmd-n$k.out" 2>&1 &
		PIDS="$PIDS $!"
	done
fi
up=
for _ in $(seq 1 30); do
	if SLURM_CONF=$S/etc/slurm.conf scontrol ping 2>/dev/null | grep -q "is UP"; then
		up=t
		break
	fi
	sleep 1
done
[ -n "$up" ] || die "slurmctld did not come up; see $S/log/slurmctld.log"

# ---- the recording proxy -----------------------------------------------
# One accepted connection = one stream NN: what the client sent goes to
# NN-request.bin, what slurmctld sent back to NN-response.bin, and a line
# to streams.tsv once both sides are closed.
cat >"$S/proxy.pl" <<'EOF'
use strict; use warnings;
use IO::Socket::INET; use IO::Select; use Digest::SHA qw(sha256_hex);
my ($listen, $target, $dir, $types) = @ARGV;
my %name;
if (open(my $tf, '<', $types)) {
	while (<$tf>) { next if /^#/; my @f = split /\t/; $name{$f[0]} = $f[1]; }
}
my ($lh, $lp) = split /:/, $listen;
my $srv = IO::Socket::INET->new(LocalAddr => $lh, LocalPort => $lp,
	Listen => 16, ReuseAddr => 1) or die "listen $listen: $!";
$SIG{TERM} = sub { exit 0 };
{ open(my $r, '>', "$dir/.proxy-ready") or die "$dir: $!"; close $r; }
my $n = 0;
sub types {
	my ($b) = @_; my @t; my $o = 0;
	while ($o + 4 + 10 <= length $b) {
		my $len = unpack('N', substr($b, $o, 4));
		push @t, unpack('n', substr($b, $o + 8, 2));
		$t[-1] .= ':' . ($name{$t[-1]} // '?');
		$o += 4 + $len;
	}
	return join(',', @t) || '-';
}
while (my $c = $srv->accept) {
	$n++;
	my $peer = $c->peerhost . ':' . $c->peerport;
	my $s = IO::Socket::INET->new(PeerAddr => $target) or die "connect $target: $!";
	my ($req, $resp) = ('', '');
	my $sel = IO::Select->new($c, $s);
	my %open = ($c => 1, $s => 1);
	while (%open) {
		for my $h ($sel->can_read(30)) {
			my $r = sysread($h, my $buf, 65536);
			if (!$r) {
				$sel->remove($h); delete $open{$h};
				shutdown($h == $c ? $s : $c, 1);
				next;
			}
			if ($h == $c) { $req .= $buf; syswrite($s, $buf); }
			else { $resp .= $buf; syswrite($c, $buf); }
		}
		last unless $sel->count;
	}
	my $nn = sprintf('%02d', $n);
	for (['request', $req], ['response', $resp]) {
		open(my $f, '>:raw', "$dir/$nn-$_->[0].bin") or die $!;
		print $f $_->[1]; close $f;
	}
	open(my $t, '>>', "$dir/streams.tsv") or die $!;
	printf $t "%s\t%s\tclient command\t%s\tslurmctld\t%d\t%d\t%s\t%s\tyes\t%s\t%s\n",
		$nn, $peer, $target, length $req,
		length $resp, types($req), types($resp), sha256_hex($req),
		sha256_hex($resp);
	close $t; close $c; close $s;
}
EOF

# decode.txt: every message's header, credential and body size, and what
# unmunge says of the credential; its payload is 0x02 || K12 of the body,
# which tests/unit/test_slurm_k12.c checks ("munge payload=" lines).
cat >"$S/decode.pl" <<'EOF'
use strict; use warnings;
my ($dir, $types, $sock) = @ARGV;
my %name;
open(my $t, '<', $types) or die "$types: $!";
while (<$t>) { next if /^#/; my @f = split /\t/; $name{$f[0]} = $f[1]; }
opendir(my $d, $dir) or die $!;
for my $file (sort grep { /^\d\d-(request|response)\.bin$/ } readdir $d) {
	open(my $f, '<:raw', "$dir/$file") or die $!;
	local $/; my $b = <$f>; close $f;
	printf "  %s: %d bytes\n", $file, length $b;
	my $o = 0;
	while ($o + 4 <= length $b) {
		my $len = unpack('N', substr($b, $o, 4));
		my ($ver, $flags, $type, $blen, $fwd, $ret, $fam) =
			unpack('n n n N n n n', substr($b, $o + 4, 16));
		my $h = 16 + ($fam == 2 ? 6 : 0);
		my ($plugin, $clen) = unpack('N N', substr($b, $o + 4 + $h, 8));
		my $cred = substr($b, $o + 4 + $h + 8, $clen ? $clen - 1 : 0);
		printf "  msg @%d: length=%d version=0x%04x flags=0x%04x msg_type=%d %s body_length=%d forward_cnt=%d ret_cnt=%d orig_addr.family=%d\n",
			$o, $len, $ver, $flags, $type, $name{$type} // '?', $blen, $fwd, $ret, $fam;
		printf "    auth: plugin_id=%d cred=%d chars %s...\n", $plugin, length $cred, substr($cred, 0, 22);
		# a reply is readable only by the uid it answers: try root, then
		# nobody (the cases run as nobody)
		my $out = '';
		for my $as ('', 'setpriv --reuid=nobody --regid=nogroup --clear-groups') {
			open(my $u, '-|', 'sh', '-c', "printf %s \"\$1\" | $as unmunge -S \"\$2\" 2>&1", 'sh', $cred, $sock) or next;
			local $/; $out = <$u>; close $u;
			last if $out =~ /^STATUS:\s+(Success|Expired|Rewound|Replayed)/m;
		}
		{
			my ($st) = $out =~ /^STATUS:\s+(.*)$/m;
			my ($enc) = $out =~ /^ENCODE_TIME:\s+(.*)$/m;
			my $payload = (split /\n\n/, $out, 2)[1] // '';
			printf "    unmunge: %s; encoded %s\n", $st // '?', $enc // '?';
			printf "      munge payload=%s\n", unpack('H*', $payload);
		}
		my $body = substr($b, $o + 4 + $len - $blen, $blen);
		printf "    body: %d bytes; head: %s\n", length $body, unpack('H*', substr($body, 0, 48));
		$o += 4 + $len;
	}
}
EOF

# ---- the cases ---------------------------------------------------------
ENVLINE="PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 TZ=UTC SLURM_CONF=$S/client/slurm.conf"
ran=
while IFS='|' read -r name cmd; do
	[ -n "$name" ] || continue
	if [ -n "$WANT" ]; then
		case " $WANT " in *" $name "*) ;; *) continue ;; esac
	fi
	dir=$OUT/$name
	rm -rf "$dir" && mkdir -p "$dir" || die "cannot make $dir"
	printf '#n\tinitiator\tinitiator_role\tacceptor\tacceptor_role\treq_bytes\tresp_bytes\treq_msg_types\tresp_msg_types\tcomplete\treq_sha256\tresp_sha256\n' >"$dir/streams.tsv"
	perl "$S/proxy.pl" "127.0.0.1:$PORT" "127.0.0.1:$CTLD_PORT" "$dir" \
		"$GOLDEN/msg_types.tsv" \
		2>>"$S/log/proxy.log" &
	proxy=$!
	for _ in $(seq 1 50); do
		[ -e "$dir/.proxy-ready" ] && break
		sleep 0.1
	done
	[ -e "$dir/.proxy-ready" ] ||
		die "the recording proxy did not start; see $S/log/proxy.log"
	rm -f "$dir/.proxy-ready"
	started=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
	(cd "$S/jobs" && env -i $ENVLINE bash -c "$cmd") >"$S/stdout" 2>"$S/stderr"
	rc=$?
	finished=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
	sleep 1		# the last connection's close reaches the proxy
	kill "$proxy" 2>/dev/null
	wait "$proxy" 2>/dev/null
	{
		echo "command: $cmd"
		echo "exit_code: $rc"
		echo "started: $started"
		echo "finished: $finished"
		echo "capture: recording proxy 127.0.0.1:$PORT -> slurmctld 127.0.0.1:$CTLD_PORT (tests/golden/capture.sh)"
		echo "cwd: $S/jobs"
		echo "env: -i $ENVLINE"
		echo "--- stdout"
		cat "$S/stdout"
		echo "--- stderr"
		cat "$S/stderr"
	} >"$dir/command.txt"
	perl "$S/decode.pl" "$dir" "$GOLDEN/msg_types.tsv" \
		"$S/munge/munge.socket.2" >"$dir/decode.txt"
	echo "capture.sh: $name: exit $rc, $(($(wc -l <"$dir/streams.tsv") - 1)) streams"
	ran=t
done <<EOF
$CASES
EOF
[ -n "$ran" ] || die "no case named: $WANT"
{
	echo "slurm=$(slurmctld -V)"
	echo "captured_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "client_port=$PORT"
	echo "slurmctld_port=$CTLD_PORT"
} >"$OUT/capture-info.txt"
exit 0
