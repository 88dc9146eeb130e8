#!/bin/bash
test_description='gres.conf beside slurm.conf, read by flurmnd: a node whose gres.conf gives fewer GPUs than its Gres= is drained with slurmctld'"'"'s reason and stays so until resumed; one with enough runs GPU jobs; a broken gres.conf stops flurmnd with FILE:LINE'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="GresTypes=gpu
SelectType=select/cons_tres"
export FLURM_SLURM_CONF_EXTRA
flurm_test_setup 2 || error "cannot set up a cluster"
sed -i -E "s/^(NodeName=node[^ ]*) (.*) State=/\1 \2 Gres=gpu:2 State=/" \
	"$SLURM_CONF"
GRES_CONF=$(dirname "$SLURM_CONF")/gres.conf
cat >"$GRES_CONF" <<EOF
# node1: its two GPUs, as slurm.conf says
NodeName=node1 Name=gpu File=/dev/nvidia[0-1]
# node2: one is missing
NodeName=node2 Name=gpu \\
	Count=1
EOF
flurm_cluster_start || error "cannot start a cluster"

state() {
	sinfo -h -N -n $1 -o %T | sort -u
}
reason() {
	scontrol show node $1 | sed -n "s/^ *Reason=\(.*\) \[.*/\1/p"
}

test_expect_success 'cluster is up; node1 idle, node2 drained for its GPU count' '
	flurm_wait_ready &&
	flurm_wait_for "test \"\$(state node1)\" = idle" 30 &&
	flurm_wait_for "test \"\$(state node2)\" = drained" 30 &&
	test "$(reason node2)" = "gres/gpu count reported lower than configured (1 < 2)" &&
	sinfo -h -R -o "%E|%N" >reasons &&
	echo "gres/gpu count reported lower than configured (1 < 2)|node2" >expect &&
	test_cmp expect reasons &&
	grep "gres.conf: 1 GPUs for node node2" "$(flurm_nd_log node2)"
'

test_expect_success 'the drain and its reason survive a controller restart' '
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	flurm_wait_for "test \"\$(state node1)\" = idle" 30 &&
	test "$(state node2)" = drained &&
	test "$(reason node2)" = "gres/gpu count reported lower than configured (1 < 2)"
'

test_expect_success 'a 2-GPU job runs on node1, the node with enough' '
	j=$(submit --gres=gpu:2 -o j.out --wrap "echo \$CUDA_VISIBLE_DEVICES") &&
	wait_job $j COMPLETED &&
	test "$(squeue -h -j $j -t all -o %N)" = node1 &&
	echo 0,1 >expect && test_cmp expect j.out
'

test_expect_success 'gres.conf fixed and node2 restarted: drained until resumed, then it takes jobs' '
	sed -i "s/Count=1/Count=2/" "$GRES_CONF" &&
	flurm_nd_stop node2 && flurm_nd_start node2 &&
	flurm_wait_for "grep -q \"gres.conf: 2 GPUs for node node2\" \"$(flurm_nd_log node2)\"" 15 &&
	flurm_wait_for "test \"\$(state node2)\" = drained" 15 &&
	scontrol update nodename=node2 state=resume &&
	flurm_wait_for "test \"\$(state node2)\" = idle" 15 &&
	k=$(submit -w node2 --gres=gpu:2 -o k.out --wrap "echo \$CUDA_VISIBLE_DEVICES") &&
	wait_job $k COMPLETED &&
	echo 0,1 >expect && test_cmp expect k.out
'

test_expect_success 'a broken gres.conf: flurmnd -n and flurmnd itself stop with FILE:LINE' '
	cat >"$GRES_CONF" <<-EOF &&
	NodeName=node1 Name=gpu File=/dev/nvidia[0-1]
	NodeName=node2 Name=gpu Count=two
	EOF
	test_must_fail "$FLURM_BIN/flurmnd" -n -f "$FLURM_SCRATCH/node2/flurmnd.conf" 2>err &&
	grep -Fx "flurmnd: $GRES_CONF:2: Count=two is not a number" err &&
	flurm_nd_stop node2 && flurm_nd_start node2 &&
	flurm_wait_for "! flurm_daemon_alive node2" 15 &&
	grep -F "$GRES_CONF:2: Count=two is not a number" \
		"$FLURM_SCRATCH/node2/flurmnd.out" "$(flurm_nd_log node2)"
'

test_expect_success 'a gres.conf record Count= and File= disagree on: refused' '
	echo "Name=gpu File=/dev/nvidia[0-3] Count=2" >"$GRES_CONF" &&
	test_must_fail "$FLURM_BIN/flurmnd" -n -f "$FLURM_SCRATCH/node1/flurmnd.conf" 2>err &&
	grep -Fx "flurmnd: $GRES_CONF:1: Count=2 does not match the 4 devices of File=/dev/nvidia[0-3]" err
'

test_done
