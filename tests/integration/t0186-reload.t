#!/bin/bash
test_description='reloading slurm.conf (scontrol reconfigure, SIGHUP) keeps running jobs and node liveness; a configuration Slurm would refuse is refused and the old one stays'
. "$(dirname "$0")/test-lib.sh"

# Heartbeats come every SlurmdTimeout/3 = 2 s; the controller must have
# been leader for longer than SlurmdTimeout before the first reload.
export FLURM_SLURMD_TIMEOUT=6
test_under_flurm 3 || error "cannot start a cluster"

log=$(flurm_ctld_log 1)
applied() { grep -c "slurm.conf applied" "$log" || :; }
# wait_applied N: the controller has applied N configurations.
wait_applied() { flurm_wait_for "[ \$(applied) -ge $1 ]" 20; }
# nodes_alive: no node is down or not responding, none was set DOWN.
nodes_alive() {
	sinfo -h -N -o "%N %T" | sort -u >states &&
	! grep -E "down|unk|not_resp|\*" states &&
	! grep "not responding" "$log"
}

test_expect_success 'cluster is up for longer than SlurmdTimeout' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	sleep 7 && nodes_alive
'

test_expect_success 'a running job outlives scontrol reconfigure and SIGHUP' '
	id=$(submit -N3 -o /dev/null --wrap "sleep 25") &&
	wait_job $id RUNNING &&
	n=$(applied) &&
	sed -i "s/^MinJobAge=.*/MinJobAge=301/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	wait_applied $((n + 1)) &&
	sleep 8 &&
	nodes_alive &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	sed -i "s/^MinJobAge=.*/MinJobAge=302/" "$SLURM_CONF" &&
	kill -HUP "$(flurm_daemon_pid ctl1)" &&
	wait_applied $((n + 2)) &&
	sleep 8 &&
	nodes_alive &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	wait_job $id COMPLETED 30 &&
	nodes_alive
'

# The controller reads $SLURM_CONF; the clients get a good copy of their own
# so they still find the controller while that file is broken.
refused() { grep -c "reconfigure: .*(keeping the old configuration)" "$log" || :; }
# try_bad: reload the broken file with scontrol (which must fail and say
# so) and with SIGHUP; each is refused in the log with the reason WANT.
try_bad() {
	local want=$1 n
	n=$(refused) &&
	test_must_fail env SLURM_CONF="$PWD/client.conf" scontrol reconfigure \
		2>err &&
	grep -x "slurm_reconfigure error: Invalid argument" err &&
	flurm_wait_for "[ \$(refused) -ge $((n + 1)) ]" 10 &&
	kill -HUP "$(flurm_daemon_pid ctl1)" &&
	flurm_wait_for "[ \$(refused) -ge $((n + 2)) ]" 10 &&
	grep "reconfigure: $SLURM_CONF$want (keeping the old configuration)" \
		"$log" >refusals &&
	test_line_count = 2 refusals
}
# cluster_unchanged: every node and both partitions are still there.
cluster_unchanged() {
	SLURM_CONF="$PWD/client.conf" sinfo -h -o "%P %D" >parts &&
	printf "debug* 3\nbatch 3\n" >expect &&
	test_cmp expect parts
}

test_expect_success 'an empty or truncated slurm.conf is refused; the old one stays' '
	cp "$SLURM_CONF" client.conf &&
	cp "$SLURM_CONF" good.conf &&
	id=$(SLURM_CONF="$PWD/client.conf" submit -N3 -o /dev/null --wrap "sleep 20") &&
	SLURM_CONF="$PWD/client.conf" wait_job $id RUNNING &&
	n=$(applied) &&

	: >"$SLURM_CONF" &&
	try_bad ": ClusterName is not set; a controller needs it" &&
	cluster_unchanged &&

	sed -n "/^NodeName=/q;p" good.conf >"$SLURM_CONF" &&
	try_bad ": no node is defined (NodeName=...); a controller needs at least one" &&
	cluster_unchanged &&

	sed -n "/^PartitionName=/q;p" good.conf >"$SLURM_CONF" &&
	try_bad ": no partition is defined (PartitionName=...); a controller needs at least one" &&
	cluster_unchanged &&

	grep -v "^SlurmctldHost=" good.conf >"$SLURM_CONF" &&
	try_bad ": no SlurmctldHost is set; a controller needs at least one" &&

	# cut in the middle of the node line: "NodeName=node[1-"
	head -c $(( $(grep -b "^NodeName=" good.conf | cut -d: -f1) + 16 )) \
		good.conf >"$SLURM_CONF" &&
	line=$(wc -l <"$SLURM_CONF") && line=$((line + 1)) &&
	try_bad ":$line: invalid NodeName value .node\\[1-.: bad hostlist .*" &&

	cp good.conf "$SLURM_CONF" &&
	echo "PartitionName=ghosts Nodes=node[3-4]" >>"$SLURM_CONF" &&
	line=$(wc -l <"$SLURM_CONF") &&
	try_bad ":$line: partition .ghosts.: unknown node .node4. in Nodes" &&

	test $(applied) = $n &&
	cluster_unchanged &&
	! grep "not responding" "$log" &&
	test "$(SLURM_CONF="$PWD/client.conf" squeue -h -j $id -o %T)" = RUNNING &&
	cp good.conf "$SLURM_CONF" &&
	id2=$(submit -o /dev/null --wrap true) &&
	wait_job $id2 COMPLETED 30 &&
	wait_job $id COMPLETED 30
'

test_expect_success 'flurmctld refuses to start with an incomplete slurm.conf' '
	sed -n "/^PartitionName=/q;p" good.conf >part.conf &&
	sed "s|^slurm_conf = .*|slurm_conf = \"$PWD/part.conf\"|" \
		"$FLURM_SCRATCH/ctl1/flurmctld.conf" >ctld.conf &&
	test_must_fail flurmctld -n -f "$PWD/ctld.conf" 2>err &&
	echo "flurmctld: $PWD/part.conf: no partition is defined (PartitionName=...); a controller needs at least one" >expect &&
	test_cmp expect err
'

test_done
