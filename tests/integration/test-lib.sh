# test-lib.sh - common setup for FLURM integration tests (sharness).
# Each tests/integration/tNNNN-*.t starts with:
#   test_description='...'
#   . "$(dirname "$0")/test-lib.sh"
# Programs come from $FLURM_BIN (set by make; defaults to ./bin).
#
# A test that needs a cluster calls, outside any test body,
#   test_under_flurm 4 || error "cannot start a cluster"     # 4 nodes, 1 ctld
#   test_under_flurm 3 3 || error ...                         # 3 nodes, 3 ctlds
# then (once the daemons are real) flurm_wait_ready before using sbatch.
# Everything it starts is killed and its scratch directory removed when the
# script ends, passed or failed; on failure the logs are kept in the trash
# directory under flurm-logs.*. Helpers and variables: cluster.sh.
#
# Daemons built with `make SANITIZE=1` write their ASan, LeakSanitizer and
# UBSan reports to files that every stop looks at (cluster.sh): a test in
# which a daemon leaves one fails and the report is printed; reports of
# daemons stopped outside any test, or at the end, fail one last test.

# A script run from elsewhere (a nested test written into a trash
# directory) finds the tree through the inherited FLURM_SRCDIR.
if [ -f "$(dirname "$0")/test-lib.sh" ] || [ -z "$FLURM_SRCDIR" ]; then
	FLURM_SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
fi
: "${FLURM_BIN:=$FLURM_SRCDIR/bin}"
export FLURM_SRCDIR FLURM_BIN
PATH="$FLURM_BIN:$PATH"
export PATH

# Sharness trash directories go under /tmp so socket paths stay short;
# one folder per user and source tree, so two checkouts tested at once do
# not share (and wipe) each other's trash directories.
root=${FLURM_TEST_ROOT:-/tmp/flurm-tests-$(id -u)-$(printf %s "$FLURM_SRCDIR" | cksum | cut -d' ' -f1)}
mkdir -p "$root" || exit 1
# Results of a script run by hand land in tests/integration/test-results
# (ignored by git), wherever it was run from.
: "${SHARNESS_TEST_DIRECTORY:=$FLURM_SRCDIR/tests/integration}"

. /usr/share/sharness/sharness.sh

. "$FLURM_SRCDIR/tests/integration/cluster.sh"

# test_line_count OP N FILE: FILE has OP N lines (as in git's test-lib).
test_line_count() {
	if test $# != 3; then
		error "bug in the test script: test_line_count needs 3 arguments"
	elif ! test "$(wc -l <"$3")" "$1" "$2"; then
		echo "test_line_count: line count for $3 !$1 $2" >&2
		cat "$3" >&2
		return 1
	fi
}

# Ports handed out in this script are distinct from each other.
FLURM_PORTS_FILE="$SHARNESS_TRASH_DIRECTORY/.flurm-ports"
export FLURM_PORTS_FILE

# Scratch directories of this script's clusters; not exported, so a nested
# script never cleans up its parent's cluster.
_flurm_clusters=

# Sanitizer reports found by the stops of this script (cluster.sh appends
# to it); how many of its bytes have been accounted for, by a test that
# failed for them or in the list for the last test (reports of daemons
# stopped between tests). Not exported either: a nested script answers for
# its own daemons.
FLURM_SANITIZER_FINDINGS="$SHARNESS_TRASH_DIRECTORY/.flurm-sanitizer"
_flurm_san_seen=0
_flurm_san_between="$SHARNESS_TRASH_DIRECTORY/sanitizer-reports"

# _flurm_san_size: bytes of sanitizer reports found so far.
_flurm_san_size() {
	if [ -f "$FLURM_SANITIZER_FINDINGS" ]; then
		wc -c <"$FLURM_SANITIZER_FINDINGS"
	else
		echo 0
	fi
}

# _flurm_san_new: print the reports found since the last call, and take
# them as seen.
_flurm_san_new() {
	local size
	size=$(_flurm_san_size)
	[ "$size" -gt "$_flurm_san_seen" ] || return 0
	tail -c +"$((_flurm_san_seen + 1))" "$FLURM_SANITIZER_FINDINGS" |
		head -c "$((size - _flurm_san_seen))"
	_flurm_san_seen=$size
}

# Sharness runs each test body through test_run_; wrapped, a test during
# which a daemon left a sanitizer report fails even when the stop that
# found it was not the last command of an &&-chain, and the report goes to
# the script's stderr (a test body's goes there only with -v).
eval "_flurm_sharness_test_run_() $(declare -f test_run_ | tail -n +2)"
test_run_() {
	local ret
	_flurm_san_new >>"$_flurm_san_between"
	_flurm_sharness_test_run_ "$@"
	ret=$?
	_flurm_san_new >"$_flurm_san_between.test"
	if [ -s "$_flurm_san_between.test" ]; then
		cat "$_flurm_san_between.test" >&2
		echo "a daemon stopped in this test left the sanitizer report above" >&2
		ret=1
	fi
	rm -f "$_flurm_san_between.test"
	return "$ret"
}

# test_done, wrapped: stop this script's clusters first, so that what their
# daemons print on the way out is looked at, and fail a last test for the
# reports of daemons stopped between tests or now.
eval "_flurm_sharness_test_done() $(declare -f test_done | tail -n +2)"
test_done() {
	local dir
	for dir in $_flurm_clusters; do
		flurm_cluster_stop "$dir" 2>/dev/null
	done
	_flurm_san_new >>"$_flurm_san_between"
	if [ -s "$_flurm_san_between" ]; then
		cat "$_flurm_san_between" >&2
		test_expect_success 'daemons stopped outside the tests left no sanitizer report' '
			! test -s "$_flurm_san_between"
		'
	fi
	_flurm_sharness_test_done "$@"
}

# flurm_test_cleanup: stop every cluster this script started, kill whatever
# still names its directory, keep the logs if a test failed, remove it.
flurm_test_cleanup() {
	local dir pid keep
	for dir in $_flurm_clusters; do
		flurm_cluster_stop "$dir"
		for pid in $(flurm_procs_in "$dir"); do
			kill -s KILL "$pid" 2>/dev/null
		done
		_flurm_unmount_in "$dir"
		if [ "${test_failure:-0}" != 0 ] && [ -d "$SHARNESS_TRASH_DIRECTORY" ]; then
			keep="$SHARNESS_TRASH_DIRECTORY/flurm-logs.${dir##*/}"
			mkdir -p "$keep" &&
			(cd "$dir" && find . -type f \( -name '*.log' -o \
				-name '*.out' -o -name '*.conf' -o \
				-name 'sanitizer.*' \) \
				-exec cp --parents {} "$keep" \;)
		fi
		if [ "$debug" = t ]; then
			echo "# kept cluster directory $dir" >&2
		else
			rm -rf "$dir"
		fi
	done
	_flurm_clusters=
	return 0
}

# Sharness runs its final cleanup only when every test passed; the EXIT trap
# covers failures, errors and signals. It keeps sharness's own handler last.
trap '_flurm_rc=$?; flurm_test_cleanup; (exit $_flurm_rc); die' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# flurm_tmpdir VAR: make a short, space-free directory (for files that
# slurm.conf names, like Prolog scripts), store its path in VAR, and remove
# it at the end with the clusters.
flurm_tmpdir() {
	local d
	d=$(mktemp -d /tmp/flurm.XXXXXX) || return 1
	chmod 0755 "$d"
	_flurm_clusters="$_flurm_clusters $d"
	if [ -z "$_flurm_cleanup_set" ]; then
		cleanup flurm_test_cleanup
		_flurm_cleanup_set=t
	fi
	eval "$1=\$d"
}

# Mount points made by flurm_mount_tmpfs, unmounted by flurm_test_cleanup
# once the daemons using them are gone.
_flurm_mounts=

# flurm_mount_tmpfs DIR SIZE: mount a tmpfs of SIZE (as mount -o size=
# takes it: 48m, 512k) on DIR, which must lie in a cluster directory of
# this script; it is unmounted at the end even when a test fails. Root only.
flurm_mount_tmpfs() {
	mkdir -p "$1" && mount -t tmpfs -o "size=$2,mode=0700" tmpfs "$1" || return 1
	_flurm_mounts="$_flurm_mounts $1"
}

# _flurm_unmount_in DIR: unmount what flurm_mount_tmpfs mounted under DIR.
_flurm_unmount_in() {
	local m rest=
	for m in $_flurm_mounts; do
		case "$m" in
		"$1"/*) umount "$m" 2>/dev/null || umount -l "$m" ;;
		*) rest="$rest $m" ;;
		esac
	done
	_flurm_mounts=$rest
}

# flurm_test_setup NNODES [NCTL]: what test_under_flurm does, but without
# starting anything (for tests that prepare the directories first, e.g.
# mount a small state directory); then call flurm_cluster_start.
flurm_test_setup() {
	local dir v
	for v in $(compgen -v FLURM_) SLURM_CONF; do
		case "$v" in
		FLURM_SLURM_PORT|FLURM_*_PORT_[0-9]*|FLURM_CTL_ADDR_*|\
		FLURM_ADMIN_SOCKET*|FLURM_BD_PORT|FLURM_NODE_PORT|\
		FLURM_METRICS_PORT|SLURM_CONF)
			unset "$v" ;;
		esac
	done
	dir=$(mktemp -d /tmp/flurm.XXXXXX) || return 1
	_flurm_clusters="$_flurm_clusters $dir"
	if [ -z "$_flurm_cleanup_set" ]; then
		cleanup flurm_test_cleanup
		_flurm_cleanup_set=t
	fi
	flurm_cluster_setup "$dir" "$1" "${2:-1}" || {
		echo "test_under_flurm: cannot set up a cluster in $dir" >&2
		return 1
	}
}

# test_under_flurm NNODES [NCTL]: set up and start a private cluster of NCTL
# controllers (default 1) and NNODES node daemons in a fresh short scratch
# directory (a trash directory has a space and may be too long for unix
# sockets). Returns once everything is started, not once it is ready.
test_under_flurm() {
	flurm_test_setup "$@" || return 1
	flurm_cluster_start || {
		echo "test_under_flurm: cannot start the cluster in $FLURM_SCRATCH" >&2
		return 1
	}
}

# field ID NAME: the value of NAME= in `scontrol show job ID` (a test
# that wants another sense defines its own).
field() {
	scontrol show job $1 | tr " " "\n" | sed -n "s/^$2=//p"
}

# wait_job ID STATE [TIMEOUT]: until `squeue` reports the job in STATE.
wait_job() {
	flurm_wait_for "[ \"\$(squeue -h -j $1 -t all -o %T 2>/dev/null)\" = $2 ]" "${3:-30}"
}
# submit ARGS...: run sbatch, print the job id.
# bg NAME CMD...: run CMD in the background, its stdout and stderr in
# NAME.out and NAME.err, its pid in NAME.pid, its exit code in NAME.rc.
bg() {
	local n=$1; shift
	rm -f $n.rc $n.pid
	{
		"$@" >$n.out 2>$n.err &
		echo $! >$n.pid
		wait $!
		echo $? >$n.rc
	} &
	flurm_wait_for "test -s $n.pid" 5
}
# ended NAME [SECS]: wait (30 s by default) until bg's NAME has ended.
ended() {
	flurm_wait_for "test -s $1.rc" "${2:-30}"
}

submit() {
	sbatch "$@" >sbatch.out 2>sbatch.err || { cat sbatch.err >&2; return 1; }
	sed -n 's/^Submitted batch job \([0-9][0-9]*\)$/\1/p' sbatch.out
}

# json FILE PERLEXPR: print PERLEXPR evaluated on the JSON document in FILE
# ($j); fails when FILE is not JSON.
json() {
	perl -MJSON::PP -e '
		local $/; open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!";
		my $j = JSON::PP->new->decode(<$f>);
		my $v = eval $ARGV[1]; die $@ if $@;
		print ref($v) ? JSON::PP->new->canonical->encode($v) : $v // "null", "\n";
	' "$1" "$2"
}
# send PORT HEXBYTES: write raw bytes to 127.0.0.1:PORT, close our side,
# print (in hex) what comes back until the daemon closes.
send() {
	perl -MIO::Socket::INET -e '
		my ($port, $hex) = @ARGV;
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $port,
					      Timeout => 5) or die "connect: $!";
		print $s pack("H*", $hex);
		$s->shutdown(1);
		local $/; my $r = <$s>; print defined $r ? unpack("H*", $r) : "";
	' "$@"
}

# auth_none_frame TYPE [BODYHEX]: in hex, a whole Slurm 22.05 frame (length
# first) of message type TYPE (4 hex digits) whose credential is auth/none
# (plugin 100: uid 0, gid 0, host "x"), which a MUNGE daemon must refuse.
auth_none_frame() {
	local body=${2:-} hdr auth frame
	hdr=26000000$1$(printf "%08x" $(( ${#body} / 2 )))000000000000
	auth=000000640000000000000000000000027800
	frame=$hdr$auth$body
	printf "%08x%s\n" $(( ${#frame} / 2 )) "$frame"
}

# auth_error_reply FILE: FILE (from send) is the answer to a credential
# refused, as newer slurmctld and slurmd give it: RESPONSE_SLURM_RC (8001 =
# 0x1f41) carrying SLURM_PROTOCOL_AUTHENTICATION_ERROR (1007 = 0x3ef) and
# nothing else.
auth_error_reply() {
	grep -q "^........26000000" "$1" && grep -q "^................1f41" "$1" &&
		grep -q "000003ef\$" "$1"
}

# as_nobody CMD...: run CMD as user nobody (no groups).
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}
