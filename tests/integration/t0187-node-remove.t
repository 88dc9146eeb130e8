#!/bin/bash
test_description='a node removed from slurm.conf while it runs a job is drained, its job completes, then the node goes'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 3 || error "cannot start a cluster"

log=$(flurm_ctld_log 1)
node_of() { sinfo -h -N -n "$1" -o "%N %T" 2>/dev/null | sort -u; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'a job runs on node3; node3 is taken out of slurm.conf' '
	flurm_tmpdir OUT &&
	id=$(submit -w node3 -o /dev/null \
		--wrap "echo \$\$ >$OUT/pid; sleep 12; echo done >$OUT/done") &&
	wait_job $id RUNNING &&
	flurm_wait_for "test -s $OUT/pid" 10 &&
	flurm_conf_nodes 2 &&
	scontrol reconfigure &&
	flurm_wait_for "grep -q \"node node3 is not in slurm.conf\" \"$log\"" 10
'

test_expect_success 'meanwhile node3 is draining with a reason and takes no new job' '
	test "$(node_of node3)" = "node3 draining" &&
	scontrol show node node3 >show &&
	grep "Reason=removed from slurm.conf" show &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	kill -0 "$(cat $OUT/pid)" &&
	test_must_fail scontrol update NodeName=node3 State=RESUME 2>err &&
	grep -x "slurm_update error: Requested operation is presently disabled" err &&
	test "$(node_of node3)" = "node3 draining" &&
	id2=$(submit -N2 -x node1 -o /dev/null --wrap true) &&
	sleep 3 &&
	test "$(squeue -h -j $id2 -o %T)" = PENDING &&
	scancel $id2 &&
	id3=$(submit -N2 -o /dev/null --wrap true) &&
	wait_job $id3 COMPLETED 30 &&
	squeue -h -j $id3 -t all -o %N >where &&
	echo "node[1-2]" >expect &&
	test_cmp expect where
'

test_expect_success 'the job completes normally, then node3 is gone' '
	wait_job $id COMPLETED 30 &&
	test -f $OUT/done &&
	! kill -0 "$(cat $OUT/pid)" 2>/dev/null &&
	flurm_wait_for "test -z \"\$(node_of node3)\"" 10 &&
	test_must_fail scontrol show node node3 &&
	sinfo -h -N -o "%N %T" | sort -u >nodes &&
	printf "node1 idle\nnode2 idle\n" >expect &&
	test_cmp expect nodes &&
	grep "node node3: its last job has ended; removing it" "$log" &&
	! grep -i "node_fail" "$log"
'

test_expect_success 'State=DOWN stops the jobs of a node pending removal and lets it go' '
	id=$(submit --no-requeue -w node2 -o /dev/null --wrap "echo \$\$ >$OUT/pid2; sleep 300") &&
	wait_job $id RUNNING &&
	flurm_wait_for "test -s $OUT/pid2" 10 &&
	flurm_conf_nodes 1 &&
	scontrol reconfigure &&
	flurm_wait_for "grep -q \"node node2 is not in slurm.conf\" \"$log\"" 10 &&
	test "$(node_of node2)" = "node2 draining" &&
	scontrol update NodeName=node2 State=DOWN Reason=retired &&
	wait_job $id NODE_FAIL 10 &&
	flurm_wait_for "! kill -0 $(cat $OUT/pid2)" 20 &&
	flurm_wait_for "test -z \"\$(node_of node2)\"" 10 &&
	sinfo -h -N -o "%N %T" | sort -u >nodes &&
	echo "node1 idle" >expect &&
	test_cmp expect nodes
'

test_done
