#!/bin/bash
test_description='three controllers: salloc and srun that reach a follower get their callbacks at their own address, not at the follower'"'"'s'
. "$(dirname "$0")/test-lib.sh"

# only_ctl K: a slurm.conf naming controller K alone.
only_ctl() {
	f=$FLURM_SCRATCH/only$1.conf
	grep -v "^SlurmctldHost=" "$SLURM_CONF" >"$f" &&
	eval "echo \"SlurmctldHost=ctl$1(\$FLURM_CTL_ADDR_$1)\"" >>"$f" &&
	echo "$f"
}

health() {
	eval "curl -s -m 2 http://\$FLURM_CTL_ADDR_$1:\$FLURM_METRICS_PORT_$1/health"
}

# leader: the number of the one controller that says it leads.
leader() {
	n=0 l=
	for k in 1 2 3; do
		if health $k 2>/dev/null | grep -q '"leader":true'; then
			n=$((n + 1)) l=$k
		fi
	done
	test "$n" = 1 && echo "$l"
}

# salloc_bg NAME ARGS...: salloc through the follower in the background,
# its stderr in NAME.err, its exit code in NAME.rc once it ends.
salloc_bg() {
	local n=$1; shift
	rm -f $n.rc $n.pid
	{
		SLURM_CONF=$(cat fconf) salloc "$@" >$n.out 2>$n.err &
		echo $! >$n.pid
		wait $!
		echo $? >$n.rc
	} &
	flurm_wait_for "test -s $n.pid" 5
}
granted() {
	sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" $1.err
}

test_expect_success 'three controllers; the clients below know only a follower' '
	test_under_flurm 2 3 &&
	flurm_wait_ready &&
	flurm_wait_for leader 20 &&
	flurm_wait_nodes idle 30 &&
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	echo $L >lead && only_ctl $F >fconf &&
	eval "test \"\$FLURM_CTL_ADDR_$F\" != \"\$FLURM_CTL_ADDR_$L\""
'

test_expect_success 'srun through a follower: the step shows srun'"'"'s own host' '
	SLURM_CONF=$(cat fconf) srun -N1 sh -c "scontrol show step \$SLURM_JOB_ID.\$SLURM_STEP_ID" >out 2>err &&
	cat out err &&
	grep -E "SrunHost:Pid=127\.0\.0\.1:[0-9]+" out
'

test_expect_success 'salloc through a follower: AllocNode is the client'"'"'s host, as for one that reaches the leader' '
	salloc -N1 sh -c "scontrol show job \$SLURM_JOB_ID" >direct 2>err &&
	SLURM_CONF=$(cat fconf) salloc -N1 sh -c "scontrol show job \$SLURM_JOB_ID" >out 2>err &&
	cat out err &&
	sed -n "s/.*AllocNode:Sid=\([^:]*\):.*/\1/p" direct >expect &&
	sed -n "s/.*AllocNode:Sid=\([^:]*\):.*/\1/p" out >actual &&
	test -s expect &&
	test_cmp expect actual
'

test_expect_success 'a pending salloc through a follower gets its grant and its pings at its own address' '
	L=$(cat lead) &&
	salloc_bg hold -N2 -n4 sh -c "touch hold.started; while [ ! -e hold.go ]; do sleep 0.2; done" &&
	flurm_wait_for "test -e hold.started" 20 &&
	salloc_bg wait -N2 sh -c "sleep 4" &&
	flurm_wait_for "grep -q \"^salloc: Pending job allocation\" wait.err" 20 &&
	w=$(sed -n "s/^salloc: Pending job allocation \([0-9]*\)$/\1/p" wait.err) &&
	touch hold.go &&
	flurm_wait_for "test -s hold.rc" 20 &&
	flurm_wait_for "test -s wait.rc" 30 &&
	cat wait.err &&
	test "$(cat wait.rc)" = 0 &&
	test "$(granted wait)" = "$w" &&
	grep "job $w: grant delivered to 127\.0\.0\.1:" "$(flurm_ctld_log $L)" &&
	grep "job $w: ping delivered to 127\.0\.0\.1:" "$(flurm_ctld_log $L)" &&
	! grep "job $w: .* to 127\.0\.0\.[^1]:" "$(flurm_ctld_log $L)"
'

test_done
