#!/bin/bash
# demo.sh - a private FLURM cluster on this machine to try things with:
# one controller on the standard ports (6817 Slurm, 6819 nodes, 6821 Raft,
# 9090 metrics, all on 127.0.0.1), four node daemons node[1-4] and a private
# munged, all under run/demo/. Configs come from tests/integration/cluster.sh,
# the same code the integration tests use. FLURM_DEMO_CONTROLLERS=3 (make
# demo CONTROLLERS=3) runs three controllers as one Raft cluster, on
# 127.0.0.1, 127.0.0.2 and 127.0.0.3 with the same standard ports each.
#
# Usage: demo.sh start | stop | status    (make demo / make demo-stop)
# FLURM_DEMO_DIR moves run/demo; FLURM_DEMO_WAIT is how long start waits
# for the controller to answer scontrol ping (default 15 s, 0: do not wait).
# FLURM_DEMO_SLURM_PORT, FLURM_DEMO_NODE_PORT, FLURM_DEMO_RAFT_PORT and
# FLURM_DEMO_METRICS_PORT move the ports (6817, 6819, 6821, 9090) when
# someone else on the machine uses them.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
demo=${FLURM_DEMO_DIR:-$top/run/demo}
FLURM_BIN=${FLURM_BIN:-$top/bin}

# Nothing from a test or an earlier demo in this shell may leak in.
for v in $(compgen -v FLURM_) SLURM_CONF; do
	case "$v" in
	FLURM_BIN|FLURM_DEMO_*|FLURM_MUNGED) ;;
	*) unset "$v" ;;
	esac
done
export FLURM_BIN
slurm_port=${FLURM_DEMO_SLURM_PORT:-6817}
node_port=${FLURM_DEMO_NODE_PORT:-6819}
raft_port=${FLURM_DEMO_RAFT_PORT:-6821}
metrics_port=${FLURM_DEMO_METRICS_PORT:-9090}
nctl=${FLURM_DEMO_CONTROLLERS:-1}

. "$top/tests/integration/cluster.sh"

die() {
	echo "demo: $*" >&2
	exit 1
}

# Daemons recorded in the demo directory that are still ours and running.
running() {
	local d
	[ -d "$demo" ] || return 0
	FLURM_SCRATCH=$demo
	for d in "$demo"/ctl* "$demo"/node* munge; do
		d=${d##*/}
		flurm_daemon_alive "$d" && echo "$d"
	done
}

start() {
	local d p up

	[ -z "$(running)" ] ||
		die "already running ($(running | tr '\n' ' ')); 'make demo-stop' first"
	[ -x "$FLURM_BIN/flurmctld" ] && [ -x "$FLURM_BIN/flurmnd" ] ||
		die "no daemons in $FLURM_BIN; run 'make' first"
	case "$nctl" in
	1|3) ;;
	*) die "FLURM_DEMO_CONTROLLERS (CONTROLLERS) is 1 or 3, not '$nctl'" ;;
	esac
	for p in "$slurm_port" "$node_port" "$raft_port" "$metrics_port"; do
		case "$p" in
		''|*[!0-9]*) die "'$p' is not a port number" ;;
		esac
		for k in $(seq 1 "$nctl"); do
			flurm_port_is_free "$p" 127.0.0.$k ||
				die "port $p on 127.0.0.$k is in use; stop what uses it first or choose others with FLURM_DEMO_SLURM_PORT, FLURM_DEMO_NODE_PORT, FLURM_DEMO_RAFT_PORT, FLURM_DEMO_METRICS_PORT"
		done
	done
	[ "$(printf '%s\n' "$slurm_port" "$node_port" "$raft_port" \
		"$metrics_port" | sort -u | wc -l)" = 4 ] ||
		die "the four demo ports must differ"
	# unix sockets: 108 bytes at most
	[ "${#demo}" -lt 80 ] ||
		die "$demo is too long a path for unix sockets; set FLURM_DEMO_DIR"

	# A stopped demo leaves its logs; a new one starts from scratch.
	rm -rf "$demo"
	mkdir -p "$demo" || die "cannot create $demo"

	# shellcheck disable=SC2034 # read by cluster.sh
	FLURM_CLUSTER_NAME=flurmdemo
	FLURM_SLURM_PORT=$slurm_port
	# every controller on its own address with the same ports, as the
	# Slurm clients expect (one SlurmctldPort for all of them)
	for k in $(seq 1 "$nctl"); do
		eval "FLURM_NODE_PORT_$k=\$node_port FLURM_RAFT_PORT_$k=\$raft_port"
		eval "FLURM_METRICS_PORT_$k=\$metrics_port FLURM_CTL_ADDR_$k=127.0.0.$k"
	done
	FLURM_SLURMD_TIMEOUT=30
	FLURM_LOG_LEVEL=info
	flurm_cluster_setup "$demo" 4 "$nctl" || die "cannot write the configs"
	if ! flurm_cluster_start; then
		flurm_cluster_stop "$demo"
		die "cannot start the cluster; see the logs in $demo"
	fi

	# A daemon that refuses its config exits at once: say so, and leave
	# nothing half-started behind.
	sleep 1
	for d in $(seq -f ctl%g 1 "$nctl") node1 node2 node3 node4; do
		flurm_daemon_alive "$d" && continue
		p=$(_flurm_prog_of "$d")
		echo "demo: $p for $d exited at once; last lines of its output:" >&2
		tail -n 5 "$demo/$d/$p.out" "$demo/$d/$p.log" >&2 2>/dev/null
		flurm_cluster_stop "$demo"
		exit 1
	done

	cat >"$demo/env.sh" <<-EOF
	# source this to use the FLURM demo cluster
	export SLURM_CONF="$SLURM_CONF"
	export PATH="$top/bin:\$PATH"
	export FLURM_ADMIN_SOCKET="$FLURM_ADMIN_SOCKET"
	EOF

	up=no
	if [ "${FLURM_DEMO_WAIT:-15}" -gt 0 ]; then
		flurm_wait_ready "${FLURM_DEMO_WAIT:-15}" && up=yes
	fi

	echo "FLURM demo cluster started in $demo"
	for k in $(seq 1 "$nctl"); do
		echo "  controller ctl$k on 127.0.0.$k:$slurm_port (nodes $node_port, metrics http://127.0.0.$k:$metrics_port/metrics)"
	done
	echo "  nodes node[1-4], partitions debug (default) and batch"
	[ "$nctl" = 1 ] || cat <<-EOF
	  Any controller answers; each says whether it leads:
	    curl -s 127.0.0.1:$metrics_port/health    (also on :$slurm_port)
	  flurmsh -S $demo/ctl1/admin.sock cluster status
	  flurmsh -S <the leader's socket> cluster transfer
	EOF
	[ "$up" = yes ] ||
		echo "  (the controller does not answer scontrol ping yet; see $demo/ctl1/flurmctld.log)"
	cat <<-EOF

	Try it:
	  source $demo/env.sh
	  sbatch --wrap 'hostname; sleep 30'
	  squeue
	  sinfo
	  srun -N2 hostname          # a job step on two nodes, both this machine
	  srun -N2 -l printenv SLURMD_NODENAME    # which node each task ran on
	  salloc -N2                 # a shell holding two nodes; srun in it runs
	                             # there, exit gives them back
	  sbatch --array=1-4 --wrap 'echo task \$SLURM_ARRAY_TASK_ID; sleep 30'
	  squeue                     # its tasks run as <jobid>_1 ... <jobid>_4
	  curl -s 127.0.0.1:$metrics_port/metrics | grep ^flurm_jobs
	  scontrol update NodeName=node2 State=DRAIN Reason=maintenance
	The admin console (env.sh sets FLURM_ADMIN_SOCKET=$FLURM_ADMIN_SOCKET):
	  flurmsh                    # interactive: try 'help' and <Tab>
	  flurmsh -c 'status; nodes; drain node3 testing; resume node3'
	The live monitor (keys 1-6 switch screens, ? lists the keys, q quits):
	  flurmtop
	  flurmtop -b -s jobs        # one plain-text snapshot, for scripts
	Stop it with 'make demo-stop'.
	EOF
}

# Jobs outlive their node daemon on purpose (restarting flurmnd must not
# kill them), but when the demo stops they go too: TERM their supervisors
# (each then stops its job) and the job processes, KILL what is left after
# 5 s. Print how many there were. Only the demo's programs and processes of
# its jobs count: a shell that sourced env.sh names the directory in its
# environment too, and stays.
stop_jobs() {
	local pid targets="" n=0
	for pid in $(flurm_procs_in "$demo"); do
		if _flurm_pid_mentions "$pid" "$demo/" ||
		   tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
		   grep -q '^SLURM_JOB_ID='; then
			targets="$targets $pid"
			n=$((n + 1))
		fi
	done
	# shellcheck disable=SC2086
	_flurm_stop_targets "" $targets
	echo "$n"
}

stop() {
	local n
	[ -d "$demo" ] || { echo "demo: not running"; return 0; }
	FLURM_SCRATCH=$demo
	if [ -z "$(running)" ]; then
		echo "demo: not running"
	else
		flurm_cluster_stop "$demo"
		[ -z "$(running)" ] || die "could not stop: $(running | tr '\n' ' ')"
		echo "demo: stopped (logs kept in $demo)"
	fi
	n=$(stop_jobs)
	[ "$n" = 0 ] || echo "demo: stopped $n processes of jobs still running"
	rm -f "$demo/env.sh"
}

status() {
	local r
	r=$(running)
	if [ -n "$r" ]; then
		echo "demo: running:" $r
	else
		echo "demo: not running"
		return 1
	fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*) echo "usage: $0 start | stop | status" >&2; exit 2 ;;
esac
