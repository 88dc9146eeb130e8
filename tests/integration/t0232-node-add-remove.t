#!/bin/bash
test_description='flurmsh node add, node remove and nodes sync: an added node shows in sinfo, its flurmnd registers and runs jobs, it survives a reconfigure and a controller restart; removal waits for its jobs, --force stops them; non-operators and slurm.conf nodes are refused'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

node_state() { sinfo -h -N -n "$1" -o %t | head -n1; }

# a flurmnd for node3, which slurm.conf does not name: it reports what it
# finds on this machine instead of looking itself up there
node3_setup() {
	mkdir -p "$FLURM_SCRATCH/node3/spool" &&
	flurm_write_nd_conf node3 "$FLURM_SCRATCH/node3/flurmnd.conf" &&
	sed -i "s/^use_conf_resources = true/use_conf_resources = false/" \
		"$FLURM_SCRATCH/node3/flurmnd.conf"
}

# add node3 again: its flurmnd, refused once the node was removed, has
# stopped; start a new one
node3_readd() {
	flurmsh -c "node add node3 cpus=1 mem=100 partitions=debug" &&
	flurm_wait_for "! flurm_daemon_alive node3" 15 &&
	flurm_nd_start node3 &&
	flurm_wait_for "[ \"\$(node_state node3)\" = idle ]" 30
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	node3_setup
'

test_expect_success 'node add: sinfo shows the node, in its partition' '
	flurmsh -c "node add node3 cpus=1 mem=100 features=extra partitions=debug" >out &&
	grep -x "node node3 added; start its flurmnd to bring it up" out &&
	sinfo -h -N -p debug -o %N | grep -x node3 &&
	! sinfo -h -N -p batch -o %N | grep -x node3 &&
	scontrol show node node3 >show &&
	grep "CPUTot=1 " show &&
	grep "RealMemory=100 " show &&
	grep "extra" show &&
	grep "added; it joins once its flurmnd registers" "$(flurm_ctld_log 1)"
'

test_expect_success 'a flurmnd named node3 registers and runs a job there' '
	flurm_nd_start node3 &&
	flurm_wait_for "[ \"\$(node_state node3)\" = idle ]" 30 &&
	id=$(submit -p debug -w node3 --wrap="hostname") &&
	wait_job $id COMPLETED 30 &&
	test "$(squeue -h -j $id -t all -o %N)" = node3
'

test_expect_success 'the added node survives scontrol reconfigure and a controller restart' '
	scontrol reconfigure &&
	sleep 1 &&
	sinfo -h -N -p debug -o %N | grep -x node3 &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	flurm_wait_for "[ \"\$(node_state node3)\" = idle ]" 30 &&
	scontrol show node node3 | grep "CPUTot=1 "
'

test_expect_success 'bad adds fail and change nothing' '
	test_expect_code 1 flurmsh node add node3 cpus=1 mem=100 2>err &&
	grep "node .node3. exists" err &&
	test_expect_code 1 flurmsh node add node4 cpus=1 2>err &&
	grep "needs cpus=N and mem=MB" err &&
	test_expect_code 1 flurmsh node add node4 cpus=0 mem=1 2>err &&
	grep "is not a CPU count" err &&
	test_expect_code 1 flurmsh node add node4 cpus=1 mem=1 partitions=nosuch 2>err &&
	grep "partition .nosuch. does not exist" err &&
	test_expect_code 1 flurmsh node add "node[4-5]" cpus=1 mem=1 2>err &&
	grep "is not a node name" err &&
	test_expect_code 1 flurmsh node add node4 cpus=1 mem=1 colour=red 2>err &&
	grep "unknown node setting .colour=red." err &&
	test_expect_code 2 flurmsh node add node4 cpus 2>err &&
	! sinfo -h -N -o %N | grep -x node4
'

test_expect_success ROOT 'non-operators may not add or remove nodes' '
	test_expect_code 1 as_nobody flurmsh node add node4 cpus=1 mem=1 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh node remove node3 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh nodes sync 2>err &&
	grep "permission denied" err &&
	test "$(node_state node3)" = idle
'

test_expect_success 'a node slurm.conf defines is not removed this way' '
	test_expect_code 1 flurmsh node remove node1 2>err &&
	grep "node .node1. is defined in slurm.conf" err &&
	test "$(node_state node1)" = idle &&
	test_expect_code 1 flurmsh node remove node9 2>err &&
	grep "node .node9. does not exist" err
'

test_expect_success 'node remove with a running job: drained, the job finishes first, then the node is gone' '
	id=$(submit -p debug -w node3 --wrap="sleep 4") &&
	wait_job $id RUNNING 30 &&
	flurmsh --json node remove node3 --timeout 60 >r.json &&
	test "$(json r.json "\$j->{ok} ? 1 : 0")" = 1 &&
	test "$(squeue -h -j $id -t all -o %T)" = COMPLETED &&
	! sinfo -h -N -o %N | grep -x node3 &&
	grep "removes node node3 (1 job(s) on it)" "$(flurm_ctld_log 1)" &&
	flurm_wait_for "! flurm_daemon_alive node3" 15 &&
	grep "refused node node3" "$FLURM_SCRATCH/node3/flurmnd.log"
'

test_expect_success 'node remove --timeout: the wait ends, the node stays drained and goes after its job' '
	node3_readd &&
	id=$(submit -p debug -w node3 --wrap="sleep 6") &&
	wait_job $id RUNNING 30 &&
	test_expect_code 1 flurmsh node remove node3 --timeout 1 2>err &&
	grep "node3 still has 1 job(s) after 1 s" err &&
	test "$(node_state node3)" = drng &&
	wait_job $id COMPLETED 30 &&
	flurm_wait_for "! sinfo -h -N -o %N | grep -qx node3" 10
'

test_expect_success 'node remove --force stops the job process now' '
	node3_readd &&
	id=$(submit --no-requeue -p debug -w node3 --wrap="sleep 123") &&
	wait_job $id RUNNING 30 &&
	flurm_wait_for "pgrep -f \"^sleep 123\$\" >/dev/null" 10 &&
	flurmsh -c "node remove node3 --force" >out &&
	grep -x "node node3 removed" out &&
	! sinfo -h -N -o %N | grep -x node3 &&
	test "$(squeue -h -j $id -t all -o %T)" = NODE_FAIL &&
	flurm_wait_for "! pgrep -f \"^sleep 123\$\" >/dev/null" 15
'

test_expect_success 'node remove waiting for a job when the controller stops: answered, nothing leaks' '
	node3_readd &&
	id=$(submit -p debug -w node3 --wrap="sleep 8") &&
	wait_job $id RUNNING 30 &&
	log=$(flurm_ctld_log 1) &&
	n=$(grep -c "removes node node3 (1 job" "$log") &&
	{ (flurmsh node remove node3 --timeout 60 >rm.out 2>rm.err; echo $? >rm.rc) & } &&
	flurm_wait_for "[ \$(grep -c \"removes node node3 (1 job\" \"$log\") -gt $n ]" 10 &&
	flurm_wait_for "[ \"\$(node_state node3)\" = drng ]" 10 &&
	flurm_ctl_stop 1 &&
	flurm_wait_for "test -s rm.rc" 10 &&
	test "$(cat rm.rc)" = 1 &&
	grep "node node3 not removed yet: the controller is stopping; it stays drained and is removed when its 1 job(s) end" rm.err &&
	! grep -i "LeakSanitizer\|AddressSanitizer" "$FLURM_SCRATCH/ctl1/flurmctld.out" &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	wait_job $id COMPLETED 30 &&
	flurm_wait_for "! sinfo -h -N -o %N | grep -qx node3" 15
'

test_expect_success 'nodes sync: slurm.conf nodes join, added ones leave; a broken file changes nothing' '
	node3_readd &&
	echo "NodeName=node4 CPUs=1 RealMemory=100" >>"$SLURM_CONF" &&
	sed -i "s/^PartitionName=debug Nodes=ALL/PartitionName=debug Nodes=node[1-2],node4/" "$SLURM_CONF" &&
	flurmsh -c "nodes sync" >out &&
	grep -x "node4 joins" out &&
	grep -x "node3 leaves (after its jobs)" out &&
	flurm_wait_for "sinfo -h -N -o %N | grep -qx node4" 10 &&
	flurm_wait_for "! sinfo -h -N -o %N | grep -qx node3" 10 &&
	flurmsh --json nodes sync >s.json &&
	test "$(json s.json "scalar @{\$j->{changes}}")" = 0 &&
	flurmsh nodes sync >out &&
	grep -x "the nodes match slurm.conf" out &&
	cp "$SLURM_CONF" slurm.conf.synced &&
	echo "NodeName=node5 CPUs=banana" >>"$SLURM_CONF" &&
	test_expect_code 1 flurmsh nodes sync 2>err &&
	grep "slurm.conf:[0-9]*: invalid CPUs value .banana." err &&
	cp slurm.conf.synced "$SLURM_CONF" &&
	sinfo -h -N -o %N | grep -x node4 &&
	! sinfo -h -N -o %N | grep -x node5 &&
	test_expect_code 1 as_nobody flurmsh nodes sync 2>err &&
	grep "permission denied" err
'

test_expect_success 'usage errors' '
	test_expect_code 2 flurmsh node remove node3 --timeout soon 2>err &&
	test_expect_code 2 flurmsh node remove node3 --force --timeout 5 2>err &&
	grep "exclude each other" err &&
	test_expect_code 2 flurmsh node remove node3 --later 2>err &&
	grep "unknown option .--later." err
'

test_done
