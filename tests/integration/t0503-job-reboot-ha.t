#!/bin/bash
test_description='sbatch --reboot over a leader change: the job waiting CONFIGURING and its node rebooting for it are replicated; the new leader launches the job once the node is back, and sets DOWN a node not back within ResumeTimeout; an srun --reboot allocation goes on under the new leader, a job suspended meanwhile runs once resumed'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

. "$FLURM_SRCDIR/tests/integration/reboot-lib.sh"
reboot_program || error "no scratch"
AP=$(flurm_free_port 127.0.0.1 127.0.0.2 127.0.0.3) || exit 1
FLURM_CTLD_CONF_EXTRA="admin_port = $AP"
FLURM_SLURM_CONF_EXTRA="RebootProgram=$TOOLS/reboot.sh
ResumeTimeout=25"
export FLURM_CTLD_CONF_EXTRA FLURM_SLURM_CONF_EXTRA

move_leader() {
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	fsh $L cluster transfer $T >out &&
	flurm_wait_for "test \"\$(leader)\" = $T" 20
}

test_expect_success 'three controllers, two nodes' '
	ha_start &&
	flurm_wait_nodes idle 30
'

test_expect_success 'two jobs wait CONFIGURING while their nodes reboot' '
	a=$(submit --reboot -w node1 -o "$FLURM_SCRATCH/out.%j" \
		--wrap "echo ran on \$SLURMD_NODENAME") &&
	b=$(submit --reboot -w node2 -o /dev/null --wrap true) &&
	flurm_wait_for "test \"\$(reboots node1)\" = 1 && test \"\$(reboots node2)\" = 1" 15 &&
	test "$(st $a)" = CF && test "$(st $b)" = CF &&
	test "$(short node1)" = "node1 mix#"
'

test_expect_success 'the new leader has them and tells the node daemons again' '
	move_leader &&
	test "$(st $a)" = CF && test "$(st $b)" = CF &&
	test "$(short node1)" = "node1 mix#" &&
	flurm_wait_for "grep -q \"node node1: telling its node daemon to reboot\" \"$(flurm_ctld_log $T)\"" 20 &&
	test ! -e "$FLURM_SCRATCH/out.$a"
'

test_expect_success 'node1 back under the new leader: its job runs' '
	restart_nd node1 &&
	wait_job $a COMPLETED 30 &&
	echo "ran on node1" >expect &&
	test_cmp expect "$FLURM_SCRATCH/out.$a" &&
	grep "job $a: its nodes are back from their reboot; launching it" "$(flurm_ctld_log $T)" &&
	test "$(short node1)" = "node1 idle"
'

test_expect_success 'node2 never back: DOWN, its job requeued' '
	flurm_wait_for "test \"\$(short node2)\" = \"node2 down\"" 40 &&
	test "$(reason node2)" = "reboot timed out" &&
	test "$(st $b)" = PD &&
	test "$(field $b Restarts)" = 1 &&
	scancel $b &&
	scontrol update NodeName=node2 State=RESUME &&
	flurm_wait_nodes idle 20
'

test_expect_success 'srun --reboot over a leader change: it waits for its node and runs once the new leader has it back' '
	r1=$(( $(reboots node1) + 1 )) &&
	bg s srun --reboot -w node1 printenv SLURMD_NODENAME &&
	flurm_wait_for "test \"\$(reboots node1)\" = $r1" 15 &&
	id=$(squeue -h -w node1 -o %i) && test -n "$id" &&
	test "$(st $id)" = CF &&
	move_leader &&
	test "$(st $id)" = CF &&
	sleep 2 &&
	test ! -s s.out && test ! -e s.rc &&
	restart_nd node1 &&
	flurm_wait_for "test -s s.rc" 40 &&
	test "$(cat s.rc)" = 0 &&
	echo node1 >expect &&
	test_cmp expect s.out &&
	grep "job $id: its nodes are back from their reboot; its steps may start" "$(flurm_ctld_log $T)" &&
	test "$(st $id)" = CD
'

test_expect_success 'a job suspended while its node reboots: over a leader change it stays suspended once the node is back, and runs once resumed' '
	r1=$(( $(reboots node1) + 1 )) &&
	q=$(submit --reboot -w node1 -o "$FLURM_SCRATCH/out.%j" \
		--wrap "echo ran on \$SLURMD_NODENAME") &&
	flurm_wait_for "test \"\$(reboots node1)\" = $r1" 15 &&
	test "$(st $q)" = CF &&
	scontrol suspend $q &&
	test "$(st $q)" = S &&
	move_leader &&
	test "$(st $q)" = S &&
	restart_nd node1 &&
	flurm_wait_for "test \"\$(short node1)\" != \"node1 mix#\"" 20 &&
	sleep 2 &&
	test "$(st $q)" = S &&
	test ! -e "$FLURM_SCRATCH/out.$q" &&
	scontrol resume $q &&
	wait_job $q COMPLETED 30 &&
	echo "ran on node1" >expect &&
	test_cmp expect "$FLURM_SCRATCH/out.$q" &&
	grep "job $q: its nodes are back from their reboot; launching it" "$(flurm_ctld_log $T)"
'

test_done
