#!/bin/bash
test_description='salloc --reboot and srun --reboot as slurmctld 22.05: operators only; the allocation is granted at once and waits CONFIGURING while its nodes run RebootProgram; salloc runs its command at once and srun steps in it wait for the nodes (step creation temporarily disabled), salloc --wait-all-nodes=1 and srun --reboot wait before going on; a node not back within ResumeTimeout ends the allocation NODE_FAIL and salloc or srun hears it'
. "$(dirname "$0")/test-lib.sh"

. "$FLURM_SRCDIR/tests/integration/reboot-lib.sh"
reboot_program || error "no scratch"
FLURM_SLURM_CONF_EXTRA="RebootProgram=$TOOLS/reboot.sh
ResumeTimeout=12"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 3 || error "cannot start a cluster"

log=$(flurm_ctld_log 1)
granted() {
	sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" $1.err
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'only operators may ask salloc or srun for a reboot' '
	test_must_fail as_nobody salloc --reboot true 2>err &&
	cat >expect <<-\EOF &&
	salloc: error: rebooting of nodes is only allowed for admins
	salloc: error: Job submit/allocate failed: Access/permission denied
	EOF
	test_cmp expect err &&
	test_must_fail as_nobody srun --reboot true 2>err &&
	cat >expect <<-\EOF &&
	srun: error: rebooting of nodes is only allowed for admins
	srun: error: Unable to allocate resources: Access/permission denied
	EOF
	test_cmp expect err &&
	test "$(reboots node1)" = 0 && test "$(reboots node2)" = 0 &&
	test "$(reboots node3)" = 0
'

test_expect_success 'salloc --reboot: granted at once, CONFIGURING while its node reboots; its command runs and an srun in it waits, silent' '
	bg a salloc --reboot -w node1 \
		sh -c "touch a.started; srun printenv SLURMD_NODENAME; echo done" &&
	flurm_wait_for "test -e a.started" 20 &&
	id=$(granted a) && test -n "$id" &&
	flurm_wait_for "test \"\$(reboots node1)\" = 1" 15 &&
	test "$(st $id)" = CF &&
	test "$(field $id JobState)" = CONFIGURING &&
	test "$(field $id Reboot)" = 1 &&
	test "$(short node1)" = "node1 mix#" &&
	flurm_wait_for "grep -q \"step of job $id refused: job $id.s nodes are rebooting\" \"$log\"" 20 &&
	sleep 2 &&
	test ! -s a.out &&
	echo "salloc: Granted job allocation $id" >expect &&
	test_cmp expect a.err &&
	test "$(st $id)" = CF &&
	test ! -e a.rc
'

test_expect_success 'the node back: the srun step runs at once, the allocation counted from then' '
	before=$(date +%s) &&
	restart_nd node1 &&
	ended a 30 &&
	test "$(cat a.rc)" = 0 &&
	printf "node1\ndone\n" >expect &&
	test_cmp expect a.out &&
	cat >expect <<-EOF &&
	salloc: Granted job allocation $id
	srun: Job $id step creation temporarily disabled, retrying (Requested nodes are busy)
	srun: Step created for job $id
	salloc: Relinquishing job allocation $id
	EOF
	grep -v "^srun: Warning" a.err >got &&
	test_cmp expect got &&
	test "$(st $id)" = CD &&
	start=$(date -d "$(field $id StartTime)" +%s) &&
	test $start -ge $before &&
	grep "job $id: its nodes are back from their reboot; its steps may start" "$log" &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 idle\"" 20
'

test_expect_success 'salloc --wait-all-nodes=1 --reboot: waits for resource configuration before its command' '
	bg w salloc --wait-all-nodes=1 --reboot -w node2 sh -c "touch w.started" &&
	flurm_wait_for "test \"\$(reboots node2)\" = 1" 15 &&
	id=$(granted w) && test -n "$id" &&
	flurm_wait_for "grep -q \"^salloc: Waiting for resource configuration\$\" w.err" 20 &&
	sleep 2 &&
	test ! -e w.started &&
	test "$(st $id)" = CF &&
	restart_nd node2 &&
	ended w 30 &&
	test "$(cat w.rc)" = 0 &&
	test -e w.started &&
	cat >expect <<-EOF &&
	salloc: Granted job allocation $id
	salloc: Waiting for resource configuration
	salloc: Nodes node2 are ready for job
	salloc: Relinquishing job allocation $id
	EOF
	test_cmp expect w.err &&
	test "$(st $id)" = CD
'

test_expect_success 'srun --reboot: waits for its node, then runs' '
	bg s srun --reboot -w node3 printenv SLURMD_NODENAME &&
	flurm_wait_for "test \"\$(reboots node3)\" = 1" 15 &&
	id=$(squeue -h -w node3 -o %i) && test -n "$id" &&
	test "$(st $id)" = CF &&
	test "$(field $id Reboot)" = 1 &&
	sleep 2 &&
	test ! -s s.out && test ! -e s.rc &&
	restart_nd node3 &&
	ended s 40 &&
	test "$(cat s.rc)" = 0 &&
	echo node3 >expect &&
	test_cmp expect s.out &&
	test "$(st $id)" = CD
'

test_expect_success 'ended while its node reboots: nothing of it left to wait for' '
	bg e salloc --reboot -w node3 true &&
	ended e 30 &&
	id=$(granted e) && test -n "$id" &&
	test "$(cat e.rc)" = 0 &&
	test "$(st $id)" = CD &&
	flurm_wait_for "test \"\$(reboots node3)\" = 2" 15 &&
	test "$(short node3)" = "node3 idle#" &&
	restart_nd node3 &&
	flurm_wait_for "test \"\$(short node3)\" = \"node3 idle\"" 20
'

test_expect_success 'not back within ResumeTimeout: DOWN, the allocation ends NODE_FAIL and salloc hears it' '
	bg t salloc --reboot -K -w node1 sh -c "touch t.started; exec sleep 300" &&
	flurm_wait_for "test -e t.started" 20 &&
	id=$(granted t) &&
	flurm_wait_for "test \"\$(reboots node1)\" = 2" 15 &&
	test "$(st $id)" = CF &&
	flurm_wait_for "test \"\$(st $id)\" = NF" 40 &&
	test "$(short node1)" = "node1 down" &&
	ended t 30 &&
	cat t.err &&
	grep -q "^salloc: error: Node failure on node1$" t.err &&
	grep -q "Job allocation $id has been revoked" t.err &&
	scontrol update NodeName=node1 State=RESUME &&
	flurm_wait_nodes idle 20
'

test_expect_success 'srun --reboot whose node is not back within ResumeTimeout: it hears of the node failure and runs nothing' '
	bg f srun --reboot -w node2 printenv SLURMD_NODENAME &&
	flurm_wait_for "test \"\$(reboots node2)\" = 2" 15 &&
	id=$(squeue -h -w node2 -o %i) && test -n "$id" &&
	flurm_wait_for "test \"\$(st $id)\" = NF" 40 &&
	ended f 30 &&
	test "$(cat f.rc)" != 0 &&
	test ! -s f.out &&
	cat >expect <<-\EOF &&
	srun: error: Node failure on node2
	srun: error: Nodes node2 are still not ready
	srun: error: Something is wrong with the boot of the nodes.
	EOF
	test_cmp expect f.err &&
	scontrol update NodeName=node2 State=RESUME &&
	flurm_wait_nodes idle 20
'

test_done
