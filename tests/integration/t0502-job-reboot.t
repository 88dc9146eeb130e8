#!/bin/bash
test_description='sbatch --reboot as slurmctld 22.05: operators only; the job gets idle nodes, which run RebootProgram while it waits CONFIGURING (squeue CF, the nodes alloc or mix with # and *), and its script runs once they are all back, its start counted from then; suspended meanwhile it stays so once they are back and runs once resumed, requeued at once; a node not back within ResumeTimeout is DOWN and the job requeued to wait BeginTime (NODE_FAIL with --no-requeue); kept over a controller restart; without RebootProgram the job just runs'
. "$(dirname "$0")/test-lib.sh"

. "$FLURM_SRCDIR/tests/integration/reboot-lib.sh"
reboot_program || error "no scratch"
FLURM_SLURM_CONF_EXTRA="RebootProgram=$TOOLS/reboot.sh
ResumeTimeout=12"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 3 || error "cannot start a cluster"

log=$(flurm_ctld_log 1)
# a reboot: the node daemon starts again, in a later second than the
# reboot was issued (start times are in seconds)

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'only operators may ask for a reboot, as slurmctld' '
	test_must_fail as_nobody sbatch --reboot -o /dev/null --wrap true 2>err &&
	cat >expect <<-\EOF &&
	sbatch: error: rebooting of nodes is only allowed for admins
	sbatch: error: Batch job submission failed: Access/permission denied
	EOF
	test_cmp expect err &&
	test "$(reboots node1)" = 0
'

test_expect_success 'the job waits CONFIGURING while its idle node reboots' '
	busy=$(submit -w node1 -o /dev/null --wrap "sleep 300") &&
	wait_job $busy RUNNING &&
	id=$(submit --reboot -o "$FLURM_SCRATCH/out.%j" -x node3 \
		--wrap "echo ran on \$SLURMD_NODENAME") &&
	# not node1, which runs a job with CPUs to spare
	flurm_wait_for "test \"\$(reboots node2)\" = 1" 15 &&
	test "$(st $id)" = CF &&
	test "$(field $id JobState)" = CONFIGURING &&
	test "$(field $id Reboot)" = 1 &&
	test "$(field $id NodeList)" = node2 &&
	test "$(field $id OverSubscribe)" = NO &&
	test "$(short node2)" = "node2 mix#" &&
	show node2 State >s2 &&
	echo "MIXED+NOT_RESPONDING+POWERING_UP" >expect &&
	test_cmp expect s2 &&
	test "$(reboots node1)" = 0 &&
	test "$(reboots node3)" = 0 &&
	flurmsh node show node2 >out &&
	grep "^reboot  *job$" out &&
	flurmsh job show $id >out &&
	grep "^state  *RUNNING$" out &&
	grep "^configuring  *yes$" out &&
	curl -sf "http://127.0.0.1:$FLURM_METRICS_PORT/metrics" >m &&
	grep -x "flurm_nodes_reboot_issued 1" m &&
	sleep 2 &&
	test ! -e "$FLURM_SCRATCH/out.$id" &&
	test "$(st $id)" = CF
'

test_expect_success 'no other job goes on the node while it reboots' '
	other=$(submit -w node2 -o /dev/null --wrap "sleep 300") &&
	sleep 3 &&
	test "$(st $other)" = PD &&
	scancel $other
'

test_expect_success 'kept over a controller restart' '
	flurm_ctl_stop 1 && flurm_ctl_start 1 &&
	flurm_wait_ready &&
	flurm_wait_for "test \"\$(st $id)\" = CF" 20 &&
	test "$(short node2)" = "node2 mix#"
'

test_expect_success 'the node back: the script runs, its start counted from then' '
	before=$(date +%s) &&
	restart_nd node2 &&
	wait_job $id COMPLETED 30 &&
	echo "ran on node2" >expect &&
	test_cmp expect "$FLURM_SCRATCH/out.$id" &&
	start=$(date -d "$(field $id StartTime)" +%s) &&
	test $start -ge $before &&
	grep "job $id: its nodes are back from their reboot; launching it" "$log" &&
	test "$(short node2)" = "node2 idle" &&
	test "$(reboots node2)" = 1 &&
	flurmsh job show $id >out &&
	! grep "^configuring" out &&
	scancel $busy
'

test_expect_success 'on two nodes the job waits for the last one back' '
	m=$(submit --reboot -N2 -w node[2-3] -o /dev/null --wrap "sleep 300") &&
	flurm_wait_for "test \"\$(reboots node2)\" = 2 && test \"\$(reboots node3)\" = 1" 15 &&
	test "$(st $m)" = CF &&
	restart_nd node2 &&
	flurm_wait_for "test \"\$(short node2)\" = \"node2 mix\"" 20 &&
	sleep 2 &&
	test "$(st $m)" = CF &&
	test "$(short node3)" = "node3 mix#" &&
	restart_nd node3 &&
	wait_job $m RUNNING 30 &&
	test "$(short node3)" = "node3 mix" &&
	scancel $m &&
	wait_job $m CANCELLED
'

test_expect_success 'suspended while its node reboots, as slurmctld takes it: still suspended once the node is back, its script runs once resumed' '
	q=$(submit --reboot -w node2 -o "$FLURM_SCRATCH/out.%j" \
		--wrap "echo ran on \$SLURMD_NODENAME") &&
	flurm_wait_for "test \"\$(reboots node2)\" = 3" 15 &&
	test "$(st $q)" = CF &&
	scontrol suspend $q &&
	test "$(st $q)" = S &&
	test "$(field $q JobState)" = SUSPENDED &&
	test "$(reboots node2)" = 3 &&
	restart_nd node2 &&
	flurm_wait_for "! flurmsh node show node2 | grep -q \"^reboot \"" 20 &&
	sleep 2 &&
	test "$(st $q)" = S &&
	test ! -e "$FLURM_SCRATCH/out.$q" &&
	! grep "job $q: its nodes are back from their reboot; launching it" "$log" &&
	before=$(date +%s) &&
	scontrol resume $q &&
	wait_job $q COMPLETED 30 &&
	echo "ran on node2" >expect &&
	test_cmp expect "$FLURM_SCRATCH/out.$q" &&
	start=$(date -d "$(field $q StartTime)" +%s) &&
	test $start -ge $before &&
	grep "job $q: its nodes are back from their reboot; launching it" "$log"
'

test_expect_success 'while its node reboots the job is requeued at once' '
	q=$(submit --reboot -w node2 -o /dev/null --wrap "sleep 300") &&
	flurm_wait_for "test \"\$(reboots node2)\" = 4" 15 &&
	test "$(st $q)" = CF &&
	scontrol requeuehold $q &&
	test "$(st $q)" = PD &&
	test "$(field $q Restarts)" = 1 &&
	restart_nd node2 &&
	flurm_wait_for "test \"\$(short node2)\" = \"node2 idle\"" 20 &&
	scancel $q
'

test_expect_success 'not back within ResumeTimeout: DOWN, the job requeued (waiting BeginTime, as after any requeue); with --no-requeue NODE_FAIL' '
	wait_job $busy CANCELLED &&
	flurm_wait_nodes idle 20 &&
	r3=$(( $(reboots node3) + 1 )) &&
	a=$(submit --reboot -w node1 -o /dev/null --wrap true) &&
	b=$(submit --reboot --no-requeue -w node3 -o /dev/null --wrap true) &&
	flurm_wait_for "test \"\$(reboots node1)\" = 1 && test \"\$(reboots node3)\" = $r3" 15 &&
	test "$(st $a)" = CF && test "$(st $b)" = CF &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 down\"" 30 &&
	test "$(reason node1)" = "reboot timed out" &&
	flurm_wait_for "test \"\$(st $b)\" = NF" 10 &&
	test "$(st $a)" = PD &&
	test "$(field $a Restarts)" = 1 &&
	flurm_wait_for "test \"\$(squeue -h -j $a -o %r)\" = BeginTime" 10 &&
	test $(( $(date -d "$(field $a EligibleTime)" +%s) - $(date +%s) )) -gt 100 &&
	test "$(short node3)" = "node3 down" &&
	scancel $a &&
	scontrol update NodeName=node1,node3 State=RESUME &&
	flurm_wait_nodes idle 20
'

test_expect_success 'without RebootProgram the job runs at once, no node rebooted, as slurmctld' '
	grep -v "^RebootProgram=" "$SLURM_CONF" >"$FLURM_SCRATCH/noreboot.conf" &&
	cp "$FLURM_SCRATCH/noreboot.conf" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "! scontrol show config | grep -q reboot.sh" 10 &&
	n1=$(reboots node1) &&
	c=$(submit --reboot -w node1 -o /dev/null --wrap "sleep 1") &&
	wait_job $c COMPLETED 20 &&
	test "$(field $c Reboot)" = 1 &&
	test "$(reboots node1)" = $n1
'

test_done
