#!/bin/bash
test_description='scontrol reboot over a leader change: the reboot flags, next state and issue time are replicated, the new leader tells the node daemon again (which ran RebootProgram once already), takes the node back and issues the reboot that waited for a job'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

. "$FLURM_SRCDIR/tests/integration/reboot-lib.sh"
reboot_program || error "no scratch"
AP=$(flurm_free_port 127.0.0.1 127.0.0.2 127.0.0.3) || exit 1
FLURM_CTLD_CONF_EXTRA="admin_port = $AP"
FLURM_SLURM_CONF_EXTRA="RebootProgram=$TOOLS/reboot.sh
ResumeTimeout=120"
export FLURM_CTLD_CONF_EXTRA FLURM_SLURM_CONF_EXTRA


test_expect_success 'three controllers, two nodes' '
	ha_start &&
	flurm_wait_nodes idle 30
'

test_expect_success 'reboot ASAP nextstate=down: node1 at once, node2 after its job' '
	id=$(submit -w node2 -o /dev/null --wrap "sleep 300") &&
	wait_job $id RUNNING &&
	scontrol reboot ASAP nextstate=down reason=ha node[1-2] &&
	flurm_wait_for "rebooted node1" 15 &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 boot^\"" 10 &&
	test "$(short node2)" = "node2 drng@"
'

test_expect_success 'the new leader has them, and tells node1 again, which ran it once' '
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	fsh $L cluster transfer $T >out &&
	flurm_wait_for "test \"\$(leader)\" = $T" 20 &&
	flurm_wait_for "grep -q \"node node1: telling its node daemon to reboot\" \"$(flurm_ctld_log $T)\"" 20 &&
	flurm_wait_for "grep -q \"RebootProgram was started already; ignored\" \"$(flurm_nd_log node1)\"" 10 &&
	test "$(wc -l <"$FLURM_SCRATCH/node1/rebooted")" = 1 &&
	test "$(short node1)" = "node1 boot^" &&
	test "$(show node1 NextState)" = DOWN &&
	test "$(reason node1)" = "ha : reboot issued" &&
	test "$(short node2)" = "node2 drng@"
'

test_expect_success 'node1 back under the new leader: DOWN, reboot complete' '
	restart_nd node1 &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 down\"" 20 &&
	test "$(reason node1)" = "ha : reboot issued : reboot complete" &&
	test -z "$(show node1 NextState)"
'

test_expect_success 'the job ends: the new leader issues node2 reboot' '
	scancel $id &&
	flurm_wait_for "rebooted node2" 30 &&
	flurm_wait_for "test \"\$(short node2)\" = \"node2 boot^\"" 10 &&
	restart_nd node2 &&
	flurm_wait_for "test \"\$(short node2)\" = \"node2 down\"" 20 &&
	scontrol update NodeName=node[1-2] State=RESUME &&
	flurm_wait_nodes idle 20
'

test_done
