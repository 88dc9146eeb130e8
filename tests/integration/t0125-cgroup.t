#!/bin/bash
test_description='cgroup v2: a job and the daemons it leaves behind run in its own cgroup and die with it (scancel, time limit, after a flurmnd restart, when its supervisor dies); cgroup = no falls back to process groups; cgroup = yes without cgroup v2 fails launches'
. "$(dirname "$0")/test-lib.sh"

# flurmnd is pointed (FLURM_CGROUP_ROOT) at a cgroup of this script's own
# under the first writable cgroup2 mount, as if that subtree had been
# delegated to it: jobs land in <root>/flurm/<node>/job_<id>, and neither a
# concurrent run nor the leftovers of a killed one can get in the way.
cg_root=
if [ "$(id -u)" = 0 ]; then
	for m in $(awk '$3 == "cgroup2" { print $2 }' /proc/mounts); do
		d="$m/flurmtest.$$.$RANDOM"
		mkdir "$d" 2>/dev/null || continue
		# moving a process in is what flurmnd needs
		if sh -c "echo 0 >'$d/cgroup.procs'" 2>/dev/null; then
			cg_mount=$m
			cg_root=$d
			test_set_prereq CGROUP2
			break
		fi
		rmdir "$d"
	done
fi

# memory.max and cpu.max need the memory and cpu controllers in the
# cgroup2 mount. Where it has none (here cgroup v1 holds them) the limits
# cannot be checked without faking the kernel, and that test is skipped.
if [ -n "$cg_root" ] && grep -qw memory "$cg_root/cgroup.controllers" &&
	grep -qw cpu "$cg_root/cgroup.controllers"; then
	test_set_prereq CGROUP2_LIMITS
fi

# cg_cleanup: kill whatever is left in our cgroups and remove them, deepest
# first; runs at exit whether the tests passed or not.
cg_cleanup() {
	local d i
	[ -n "$cg_root" ] && [ -d "$cg_root" ] || return 0
	echo 1 >"$cg_root/cgroup.kill" 2>/dev/null
	find "$cg_root" -depth -type d | while read -r d; do
		for i in $(seq 50); do
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
	test ! -d "$cg_root"
}
# test-lib.sh's trap, with our cgroups removed after the daemons are gone.
trap '_flurm_rc=$?; flurm_test_cleanup; cg_cleanup; (exit $_flurm_rc); die' EXIT

# node1 and node3 use cgroups (cgroup = auto), node2 and node4 do not;
# node4 is later restarted with cgroup = yes and a root that is no cgroup.
FLURM_ND_CONF_EXTRA_node2='cgroup = "no"'
FLURM_ND_CONF_EXTRA_node4='cgroup = "no"'
export FLURM_ND_CONF_EXTRA_node2 FLURM_ND_CONF_EXTRA_node4
if test_have_prereq CGROUP2; then
	flurm_tmpdir T || error "cannot make a directory for the jobs"
	# The prolog of a job named prolog-daemon leaves a daemon behind.
	cat >"$T/prolog.sh" <<-EOF
	#!/bin/sh
	[ "\$SLURM_JOB_NAME" = prolog-daemon ] || exit 0
	setsid sh -c 'echo \$\$ >"\$0/prolog-daemon.pid"; exec sleep 86404' \\
		"$T" </dev/null >/dev/null 2>&1 &
	EOF
	chmod 0755 "$T/prolog.sh"
	FLURM_SLURM_CONF_EXTRA="KillWait=2
Prolog=$T/prolog.sh"
	FLURM_CGROUP_ROOT=$cg_root
	export FLURM_SLURM_CONF_EXTRA FLURM_CGROUP_ROOT
	# A requeued job waits its launch credential's lifetime and a second
	# (slurmctld's BeginTime); a short AuthInfo=cred_expire keeps this short.
	FLURM_CRED_EXPIRE=5
	export FLURM_CRED_EXPIRE
	test_under_flurm 4 || error "cannot start a cluster"
	# The job: a sleep of its own, a daemon in a session of its own
	# (setsid), and one orphaned by a double fork, also in a session of
	# its own. Both daemons ignore SIGTERM, so only SIGKILL ends them.
	# Each leaves its pid in DIR (the script's argument).
	cat >"$T/escape.sh" <<-\EOF
	#!/bin/sh
	d=$1
	setsid sh -c 'trap "" TERM; echo $$ >"$0/setsid.pid"; exec sleep 86401' \
		"$d" </dev/null >/dev/null 2>&1 &
	sh -c 'setsid sh -c '\''trap "" TERM; echo $$ >"$0/orphan.pid"; exec sleep 86402'\'' "$0" &' \
		"$d" </dev/null >/dev/null 2>&1
	sleep 86400 &
	echo $! >"$d/sleep.pid"
	echo $$ >"$d/script.pid"
	wait
	EOF
	chmod 0755 "$T/escape.sh"
fi

job_state() { squeue -h -j "$1" -t all -o %T 2>/dev/null; }
wait_state() {
	flurm_wait_for "test \"\$(job_state $1)\" = $2" "${3:-30}"
}

# alive PID: PID is a live process (not a zombie).
alive() {
	local s
	s=$(sed 's/.*) //' /proc/"$1"/stat 2>/dev/null) || return 1
	case "$s" in Z*|X*|'') return 1 ;; esac
}

# escape_job TAG NODE [SBATCH-ARGS...]: submit escape.sh to NODE with its
# pid files in $T/TAG, wait until all four processes run, print the job id.
escape_job() {
	local tag=$1 node=$2 id f
	shift 2
	mkdir -p "$T/$tag" || return 1
	sbatch -w "$node" -o "$T/$tag/out" "$@" "$T/escape.sh" "$T/$tag" \
		>"$T/$tag/sbatch" || return 1
	id=$(sed -n 's/^Submitted batch job //p' "$T/$tag/sbatch")
	[ -n "$id" ] || return 1
	wait_state "$id" RUNNING 20 || return 1
	for f in script sleep setsid orphan; do
		flurm_wait_for "test -s $T/$tag/$f.pid" 10 || return 1
	done
	echo "$id"
}

# pids TAG: the job's four processes.
pids() { cat "$T/$1"/script.pid "$T/$1"/sleep.pid "$T/$1"/setsid.pid \
	"$T/$1"/orphan.pid; }

# all_gone TAG / all_alive TAG
all_gone() {
	local p
	for p in $(pids "$1"); do
		! alive "$p" || return 1
	done
}
all_alive() {
	local p
	for p in $(pids "$1"); do
		alive "$p" || { echo "process $p of $1 is gone" >&2; return 1; }
	done
}

# in_cgroup TAG NODE ID: every process of the job says it is in
# <root>/flurm/NODE/job_ID, and the job's cgroup lists them.
in_cgroup() {
	local p want="0::${cg_root#"$cg_mount"}/flurm/$2/job_$3"
	for p in $(pids "$1"); do
		grep -qxF "$want" /proc/"$p"/cgroup || {
			echo "process $p: $(cat /proc/"$p"/cgroup), not $want" >&2
			return 1
		}
		grep -qx "$p" "$cg_root/flurm/$2/job_$3/cgroup.procs" || return 1
	done
}

# kill_left TAG: kill the job's processes that survived (cgroup = no).
kill_left() {
	local p
	for p in $(pids "$1"); do
		alive "$p" && kill -9 "$p"
	done
	flurm_wait_for "all_gone $1" 5
}

# show_startup: what the nodes and their daemons said, on stderr, so that
# a failure under a loaded `make check` can be read from its output.
show_startup() {
	sinfo -N -o "%N %T %E" >&2
	tail -n 5 "$(flurm_ctld_log 1)" "$FLURM_SCRATCH"/node*/flurmnd.log >&2
	return 1
}

test_expect_success CGROUP2 'cluster is up; flurmnd logs whether it uses cgroup v2' '
	{ flurm_wait_ready && flurm_wait_nodes idle 30 || show_startup; } &&
	grep -F "cgroup v2: jobs run in $cg_root/flurm/node1/job_<id>" \
		"$(flurm_nd_log node1)" &&
	grep -F "cgroup v2: jobs run in $cg_root/flurm/node3/job_<id>" \
		"$(flurm_nd_log node3)" &&
	grep -F "cgroups disabled: jobs are tracked by process group" \
		"$(flurm_nd_log node2)" &&
	test -d "$cg_root/flurm/node1/supervisors" &&
	! test -e "$cg_root/flurm/node2"
'

# The time limit takes a minute at least: these two jobs run while the
# other tests do, and are checked at the end.
test_expect_success CGROUP2 'jobs with a time limit start (-t 1), with and without cgroups' '
	escape_job limit1 node1 -t 1 >limit1.id &&
	escape_job limit2 node2 -t 1 >limit2.id
'

test_expect_success CGROUP2 'a job and its escaped daemons are in <root>/flurm/<node>/job_<id>' '
	id=$(cat limit1.id) &&
	in_cgroup limit1 node1 $id &&
	sup=$(sed -n "s/^pid=//p" "$FLURM_SCRATCH/node1/spool/job$id/supervisor") &&
	grep -qxF "0::${cg_root#"$cg_mount"}/flurm/node1/supervisors" \
		/proc/$sup/cgroup
'

test_expect_success CGROUP2 'scancel kills escaped daemons (they ignore SIGTERM) and removes the cgroup' '
	id=$(escape_job cancel1 node1) &&
	in_cgroup cancel1 node1 $id &&
	scancel $id &&
	wait_state $id CANCELLED &&
	flurm_wait_for "all_gone cancel1" 10 &&
	flurm_wait_for "test ! -e $cg_root/flurm/node1/job_$id" 5
'

test_expect_success CGROUP2 'cgroup = no: scancel kills them too (the supervisor adopts orphans)' '
	id=$(escape_job cancel2 node2) &&
	grep -qx "0::/" /proc/$(cat $T/cancel2/setsid.pid)/cgroup &&
	scancel $id &&
	wait_state $id CANCELLED &&
	flurm_wait_for "all_gone cancel2" 10
'

test_expect_success CGROUP2 'flurmnd killed and restarted: the job keeps running in its cgroup; scancel still kills all of it' '
	id=$(escape_job restart node3) &&
	flurm_nd_kill9 node3 &&
	flurm_nd_start node3 &&
	flurm_wait_for "grep -q \"recovered 1 running\" \"$(flurm_nd_log node3)\"" 10 &&
	flurm_wait_for "test \$(grep -c \"registered node node3\" \"$(flurm_nd_log node3)\") = 2" 10 &&
	test "$(job_state $id)" = RUNNING &&
	all_alive restart &&
	in_cgroup restart node3 $id &&
	scancel $id &&
	wait_state $id CANCELLED &&
	flurm_wait_for "all_gone restart" 10 &&
	flurm_wait_for "test ! -e $cg_root/flurm/node3/job_$id" 5
'

# The prolog runs outside the job's cgroup, but what it leaves behind is
# still the supervisor's to kill, as it is without cgroups.
test_expect_success CGROUP2 'a daemon the prolog left behind dies with the job and does not hold up its end' '
	sbatch -w node3 -J prolog-daemon -o /dev/null --wrap "sleep 86403" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	wait_state $id RUNNING &&
	flurm_wait_for "test -s $T/prolog-daemon.pid" 10 &&
	p=$(cat $T/prolog-daemon.pid) &&
	alive $p &&
	scancel $id &&
	flurm_wait_for "grep -q \"job $id: ended\" \"$(flurm_nd_log node3)\"" 8 &&
	! alive $p &&
	! grep "job $id: processes survive SIGKILL" "$(flurm_nd_log node3)"
'

# What tells cgroups from process groups: a supervisor that dies (the OOM
# killer, kill -9) leaves nobody to walk the job's tree; only a cgroup
# still names the job's processes.
test_expect_success CGROUP2 'a job whose supervisor is killed: flurmnd kills everything in its cgroup' '
	id=$(escape_job lost1 node3) &&
	sup=$(sed -n "s/^pid=//p" "$FLURM_SCRATCH/node3/spool/job$id/supervisor") &&
	kill -9 $sup &&
	flurm_wait_for "test \"\$(job_state $id)\" != RUNNING" 10 &&
	grep "job $id: ended.*job lost" "$(flurm_nd_log node3)" &&
	flurm_wait_for "all_gone lost1" 5 &&
	flurm_wait_for "test ! -e $cg_root/flurm/node3/job_$id" 5
'

test_expect_success CGROUP2 'cgroup = no: after its supervisor is killed, the job and its daemons survive' '
	id=$(escape_job lost2 node4) &&
	sup=$(sed -n "s/^pid=//p" "$FLURM_SCRATCH/node4/spool/job$id/supervisor") &&
	kill -9 $sup &&
	flurm_wait_for "test \"\$(job_state $id)\" != RUNNING" 10 &&
	grep "job $id: ended.*job lost" "$(flurm_nd_log node4)" &&
	sleep 1 &&
	all_alive lost2 &&
	kill_left lost2
'

# The launch fails for the node's sake, as flurmnd(8) says: the controller
# drains the node and requeues the job, which may run only there and so
# waits (t0115 has it run elsewhere).
test_expect_success CGROUP2 'cgroup = yes where FLURM_CGROUP_ROOT is no cgroup: flurmnd says so, the launch fails, the node is drained' '
	mkdir "$T/notcg" &&
	flurm_nd_stop node4 &&
	sed -i "s/^cgroup = .*/cgroup = \"yes\"/" "$FLURM_SCRATCH/node4/flurmnd.conf" &&
	FLURM_CGROUP_ROOT=$T/notcg flurm_nd_start node4 &&
	flurm_wait_for "test \$(grep -c \"registered node node4\" \"$(flurm_nd_log node4)\") = 2" 10 &&
	grep "cgroup = yes, but cgroup v2 is not usable (cgroup v2 is not mounted at $T/notcg)" \
		"$(flurm_nd_log node4)" &&
	sbatch -w node4 -o "$T/notcg.out" --wrap "touch $T/notcg.ran" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "sinfo -h -n node4 -o \"%T %E\" | grep -q \"^drained batch job complete failure\"" 30 &&
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING JobLaunchFailure\"" 20 &&
	grep "job $id failed to start on node4: cgroup = yes, but cgroup v2 is not usable on node node4" \
		"$(flurm_ctld_log 1)" &&
	! test -e "$T/notcg.ran" &&
	test -z "$(ls -A "$T/notcg")" &&
	scancel $id &&
	wait_state $id CANCELLED
'

test_expect_success CGROUP2 'time limit: the job and its escaped daemons are killed, with and without cgroups' '
	id1=$(cat limit1.id) && id2=$(cat limit2.id) &&
	wait_state $id1 TIMEOUT 90 &&
	wait_state $id2 TIMEOUT 30 &&
	grep "job $id1: terminate (reason 2, KillWait 2 s)" "$(flurm_nd_log node1)" &&
	flurm_wait_for "all_gone limit1" 10 &&
	flurm_wait_for "all_gone limit2" 10 &&
	flurm_wait_for "test ! -e $cg_root/flurm/node1/job_$id1" 5
'

test_expect_success CGROUP2_LIMITS 'memory.max and cpu.max hold the job memory and CPUs' '
	grep -F "(memory limit: yes, cpu limit: yes)" "$(flurm_nd_log node1)" &&
	sbatch -w node1 --mem=100 -c 2 -o "$T/limits.out" \
		--wrap "echo \$SLURM_CPUS_ON_NODE \$SLURM_MEM_PER_NODE; exec sleep 86405" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	wait_state $id RUNNING &&
	flurm_wait_for "test -s $T/limits.out" 10 &&
	read cpus mem <"$T/limits.out" &&
	test "$mem" = 100 &&
	d=$cg_root/flurm/node1/job_$id &&
	echo $((mem * 1048576)) >expect &&
	test_cmp expect $d/memory.max &&
	echo "$((cpus * 100000)) 100000" >expect &&
	test_cmp expect $d/cpu.max &&
	scancel $id &&
	wait_state $id CANCELLED &&
	flurm_wait_for "test ! -e $d" 10
'

# A job cgroup that outlives its job (a daemon dying slowly after SIGKILL
# when the job is forgotten, or a flurmnd that stopped before it could
# remove it) is killed and removed by flurmnd's next poll.
test_expect_success CGROUP2 'a job cgroup the node no longer knows: flurmnd kills what is in it and removes it' '
	d=$cg_root/flurm/node1/job_999999 &&
	flurm_nd_stop node1 &&
	mkdir "$d" &&
	{ sh -c "echo \$\$ >\"$d/cgroup.procs\" && exec sleep 86406" & } &&
	p=$! &&
	flurm_wait_for "grep -qx $p \"$d/cgroup.procs\"" 5 &&
	flurm_nd_start node1 &&
	flurm_wait_for "! alive $p" 10 &&
	flurm_wait_for "test ! -e $d" 5 &&
	flurm_wait_for "test \"\$(sinfo -h -N -n node1 -o %T | sort -u)\" = idle" 30
'

test_expect_success CGROUP2 'no job cgroup is left behind' '
	find "$cg_root" -name "job_*" >left &&
	test_must_be_empty left
'

test_done
