# reboot-lib.sh - sourced by the tests of node reboots (t05xx): a
# RebootProgram that only leaves a mark in the node daemon's directory
# (the test then restarts that node daemon, as a real reboot would), and
# what those tests look at.

# reboot_program: $TOOLS/reboot.sh, that program (TOOLS: a scratch
# directory of flurm_tmpdir's).
reboot_program() {
	flurm_tmpdir TOOLS || return 1
	cat >"$TOOLS/reboot.sh" <<'EOS'
#!/bin/sh
date +%s >>"$PWD/rebooted"
EOS
	chmod 755 "$TOOLS/reboot.sh"
}

short() { sinfo -h -N -n "$1" -o "%N %t" 2>/dev/null | sort -u; }
show() { scontrol show node "$1" | tr -s " " "\n" | sed -n "s/^$2=//p"; }
reason() { scontrol show node "$1" | sed -n "s/^ *Reason=\(.*\) \[.*\]$/\1/p"; }
rebooted() { test -s "$FLURM_SCRATCH/$1/rebooted"; }
reboots() { cat "$FLURM_SCRATCH/$1/rebooted" 2>/dev/null | wc -l; }
restart_nd() { flurm_nd_stop "$1" && sleep 1 && flurm_nd_start "$1"; }
st() { squeue -h -j $1 -t all -o %t 2>/dev/null; }
