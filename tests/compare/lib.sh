# lib.sh - a real slurmctld 22.05 and one slurmd per node on loopback, beside
# a FLURM cluster from tests/integration/cluster.sh (bash, sourced after it).
# Shared by tests/compare/run and bench/compare: the reference daemons use
# the FLURM cluster's private munged (FLURM_MUNGE_SOCKET) and the same
# Debian clients; they run as root (slurmd needs it) and are stopped by pid.
#
#   slurmref_usable             slurmctld and slurmd are there, we are root
#   slurmref_setup DIR LINES    lay out DIR, write DIR/slurm.conf: the common
#                               settings, then LINES (NodeName= and
#                               PartitionName= lines, the caller's)
#   slurmref_start NODE...      start slurmctld and a slurmd per NODE
#   slurmref_wait CMD TIMEOUT   flurm_wait_for CMD with SLURM_CONF the reference's
#   slurmref_stop               stop them (TERM, then KILL after 15 s)
#
# After slurmref_setup: SLURMREF_DIR, SLURMREF_CONF, SLURMREF_PORT; after
# slurmref_start: SLURMREF_CTLD_PID and SLURMREF_PIDS (every daemon). Logs
# are in DIR/log. SLURMREF_CLUSTER names the cluster (default "ref").

# The variables are the callers':
# shellcheck shell=bash disable=SC2034

: "${SLURMCTLD:=/usr/sbin/slurmctld}"
: "${SLURMD:=/usr/sbin/slurmd}"
SLURMREF_PIDS=

slurmref_usable() {
	[ -x "$SLURMCTLD" ] && [ -x "$SLURMD" ] && [ "$(id -u)" = 0 ]
}

slurmref_setup() {
	local S=$1
	mkdir -p "$S/state" "$S/spool" "$S/log" "$S/run" || return 1
	SLURMREF_DIR=$(cd "$S" && pwd)
	S=$SLURMREF_DIR
	SLURMREF_PORT=$(flurm_free_port) || return 1
	SLURMREF_CONF=$S/slurm.conf
	cat >"$SLURMREF_CONF" <<-EOF
	ClusterName=${SLURMREF_CLUSTER:-ref}
	SlurmctldHost=localhost(127.0.0.1)
	SlurmctldPort=$SLURMREF_PORT
	AuthType=auth/munge
	AuthInfo=socket=$FLURM_MUNGE_SOCKET
	CredType=cred/munge
	SlurmUser=root
	SlurmdUser=root
	StateSaveLocation=$S/state
	SlurmdSpoolDir=$S/spool/%n
	SlurmctldPidFile=$S/run/slurmctld.pid
	SlurmdPidFile=$S/run/slurmd-%n.pid
	SlurmctldLogFile=$S/log/slurmctld.log
	SlurmdLogFile=$S/log/slurmd-%n.log
	ProctrackType=proctrack/linuxproc
	TaskPlugin=task/none
	SwitchType=switch/none
	MpiDefault=none
	SelectType=select/cons_tres
	SelectTypeParameters=CR_Core
	JobAcctGatherType=jobacct_gather/none
	AccountingStorageType=accounting_storage/none
	SlurmdParameters=config_overrides
	ReturnToService=2
	MaxJobCount=400000
	MinJobAge=300
	CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
	$2
	EOF
}

slurmref_start() {
	local n
	SLURM_CONF=$SLURMREF_CONF "$SLURMCTLD" -D -c -i -f "$SLURMREF_CONF" \
		</dev/null >"$SLURMREF_DIR/log/slurmctld.out" 2>&1 &
	SLURMREF_CTLD_PID=$!
	SLURMREF_PIDS="$SLURMREF_PIDS $!"
	for n in "$@"; do
		SLURM_CONF=$SLURMREF_CONF "$SLURMD" -D -N "$n" -f "$SLURMREF_CONF" \
			</dev/null >"$SLURMREF_DIR/log/slurmd-$n.out" 2>&1 &
		SLURMREF_PIDS="$SLURMREF_PIDS $!"
	done
}

slurmref_wait() {
	SLURM_CONF=$SLURMREF_CONF flurm_wait_for "$1" "$2"
}

# slurmctld saves its state on TERM; a daemon that does not end in 15 s
# is killed.
slurmref_stop() {
	local p
	[ -n "$SLURMREF_PIDS" ] || return 0
	for p in $SLURMREF_PIDS; do kill "$p" 2>/dev/null; done
	for p in $SLURMREF_PIDS; do
		flurm_wait_for "! _flurm_alive $p" 15 || kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	SLURMREF_PIDS=
}
