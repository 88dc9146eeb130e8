#!/bin/sh
# run.sh BUILDDIR SECONDS TARGET... - run each fuzz target for SECONDS,
# one at a time (-jobs stays 1: the machine is shared), from its seed
# corpus in BUILDDIR/corpus/<target> plus what earlier runs found in
# BUILDDIR/work/<target>. Prints executions and the outcome per target
# and a total; crash inputs go to BUILDDIR/crashes/. Exits 1 if any
# target crashed, leaked, hit undefined behaviour or timed out.
set -u
fb=$1
secs=$2
shift 2

# Longest input per target: room for the largest real message or file
# of its kind, small enough to keep executions fast.
max_len() {
	case $1 in
	slurm_frame|slurm_body|state_restore) echo 65536 ;;
	wire|state_apply|slurm_conf) echo 16384 ;;
	daemon_conf|gres_conf) echo 8192 ;;
	hostlist) echo 512 ;;
	timestr) echo 64 ;;
	*) echo 4096 ;;
	esac
}

mkdir -p "$fb/crashes" "$fb/logs"
total=0
failed=0
printf '%-14s %12s %8s  %s\n' target executions exec/s result
for t in "$@"; do
	bin=$fb/fuzz_$t
	log=$fb/logs/$t.log
	if [ ! -x "$bin" ]; then
		echo "run.sh: no fuzz target $bin" >&2
		failed=1
		continue
	fi
	mkdir -p "$fb/work/$t" "$fb/corpus/$t"
	"$bin" -max_total_time="$secs" -max_len="$(max_len "$t")" \
		-rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
		-artifact_prefix="$fb/crashes/$t-" \
		"$fb/work/$t" "$fb/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ -z "$execs" ]; then
		# no final stats (killed): the last status line's count
		execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
	fi
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	execs=${execs:-0}
	total=$((total + execs))
	if [ $rc -eq 0 ]; then
		result=ok
	else
		failed=1
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
		result="CRASH (exit $rc) ${art:-see $log}"
	fi
	printf '%-14s %12s %8s  %s\n' "$t" "$execs" "${rate:--}" "$result"
done
printf '%-14s %12s\n' total "$total"
if [ $failed -ne 0 ]; then
	echo "fuzz: FAILED; reproduce with $fb/fuzz_<target> <crash file>," \
	     "logs in $fb/logs/"
	exit 1
fi
echo "fuzz: no crash"
