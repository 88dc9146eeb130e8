#!/bin/bash
test_description='flurmsh reload and config diff: one reload path that adds partitions and nodes, lists what changed, refuses broken files and settings that need a restart'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

test_expect_success 'cluster is up; nothing to reload' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	flurmsh config diff >out &&
	grep -x "no changes: the controller runs what slurm.conf says" out &&
	flurmsh reload >out &&
	grep -x "no changes" out
'

test_expect_success 'config diff shows a pending change; reload applies it' '
	sed -i "s/^MinJobAge=.*/MinJobAge=60/" "$SLURM_CONF" &&
	flurmsh config diff >out &&
	grep -x "MinJobAge 300 -> 60" out &&
	flurmsh config diff --json >d.json &&
	test "$(json d.json "\$j->{changes}[0]{name}")" = MinJobAge &&
	test "$(json d.json "\$j->{changes}[0]{change}")" = "300 -> 60" &&
	flurmsh reload >out &&
	grep -x "MinJobAge 300 -> 60" out &&
	flurmsh config show MinJobAge >out &&
	grep -x "MinJobAge = 60" out &&
	flurmsh config diff >out &&
	grep "^no changes" out
'

test_expect_success 'a reload adds a partition that sbatch -p can use' '
	test_must_fail sbatch -p gpu -o /dev/null --wrap true 2>err &&
	echo "PartitionName=gpu Nodes=node2 MaxTime=30 State=UP" >>"$SLURM_CONF" &&
	flurmsh reload --json >r.json &&
	test "$(json r.json "\$j->{changes}[0]{kind}")" = partition &&
	test "$(json r.json "\$j->{changes}[0]{name}")" = gpu &&
	test "$(json r.json "\$j->{changes}[0]{change}")" = added &&
	sinfo -h -p gpu -o "%P %D %l" >out &&
	echo "gpu 1 30:00" >expect && test_cmp expect out &&
	id=$(submit -p gpu -o /dev/null --wrap true) &&
	wait_job $id COMPLETED &&
	test "$(squeue -h -j $id -t all -o %N)" = node2
'

test_expect_success 'a changed partition is listed with what changed' '
	sed -i "s/^PartitionName=gpu Nodes=node2 MaxTime=30/PartitionName=gpu Nodes=node[1-2] MaxTime=60/" \
		"$SLURM_CONF" &&
	flurmsh reload >out &&
	grep -x "partition gpu changed: Nodes node2 -> node\[1-2\], MaxTime 30 -> 60" out &&
	sinfo -h -p gpu -o "%P %D %l" >out &&
	echo "gpu 2 1:00:00" >expect && test_cmp expect out
'

test_expect_success 'a reload adds a node; its node daemon registers and runs a job' '
	flurm_conf_nodes 3 &&
	flurmsh reload >out &&
	grep -x "node node3 added" out &&
	mkdir -p "$FLURM_SCRATCH/node3/spool" &&
	flurm_write_nd_conf node3 "$FLURM_SCRATCH/node3/flurmnd.conf" &&
	flurm_nd_start node3 &&
	flurm_wait_for "[ \"\$(sinfo -h -n node3 -o %t)\" = idle ]" 30 &&
	id=$(submit -w node3 -o /dev/null --wrap true) &&
	wait_job $id COMPLETED &&
	test "$(squeue -h -j $id -t all -o %N)" = node3
'

test_expect_success 'a broken slurm.conf prints file:line, exits 1 and keeps the old configuration' '
	cp "$SLURM_CONF" good.conf &&
	echo "NodeName=node9 CPUs=abc" >>"$SLURM_CONF" &&
	n=$(wc -l <"$SLURM_CONF") &&
	test_expect_code 1 flurmsh reload >out 2>err &&
	grep "^flurmsh: reload: $SLURM_CONF:$n: " err &&
	test_expect_code 1 flurmsh config diff 2>err &&
	grep "^flurmsh: config diff: $SLURM_CONF:$n: " err &&
	cp good.conf "$SLURM_CONF" &&
	sinfo -h -o "%P %D" >parts &&
	printf "debug* 3\nbatch 3\ngpu 2\n" >expect &&
	test_cmp expect parts
'

test_expect_success 'settings that need a restart are refused with the reason; the rest applies' '
	sed -e "s/^SlurmctldPort=.*/SlurmctldPort=1/" \
	    -e "s/^ClusterName=.*/ClusterName=other/" \
	    -e "s/^MinJobAge=.*/MinJobAge=61/" "$SLURM_CONF" >other.conf &&
	flurmsh config diff "$PWD/other.conf" >out &&
	grep -x "SlurmctldPort: needs a restart, unchanged" out &&
	test_expect_code 1 flurmsh reload other.conf >out &&
	grep -x "SlurmctldPort: needs a restart, unchanged" out &&
	grep -x "ClusterName: needs a restart, unchanged" out &&
	grep -x "MinJobAge 60 -> 61" out &&
	flurmsh config show SlurmctldPort >out &&
	grep -x "SlurmctldPort = $FLURM_SLURM_PORT" out &&
	flurmsh config show MinJobAge >out &&
	grep -x "MinJobAge = 61" out &&
	flurmsh status >out && grep -x "cluster:    flurmtest" out &&
	sinfo -h -o %P >/dev/null &&
	flurmsh reload "$SLURM_CONF" >out &&
	grep -x "MinJobAge 61 -> 60" out
'

test_expect_success 'scontrol reconfigure and SIGHUP take the same path' '
	sed -i "s/^MinJobAge=.*/MinJobAge=62/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "grep -q \"reconfigure: MinJobAge 60 -> 62\" \"$(flurm_ctld_log 1)\"" 10 &&
	sed -i "s/^MinJobAge=.*/MinJobAge=63/" "$SLURM_CONF" &&
	kill -HUP "$(flurm_daemon_pid ctl1)" &&
	flurm_wait_for "grep -q \"reconfigure: MinJobAge 62 -> 63\" \"$(flurm_ctld_log 1)\"" 10 &&
	# the line above is logged when the change is proposed; a signal has
	# nobody to answer once it is committed, so wait for the new value
	flurm_wait_for "flurmsh config show MinJobAge | grep -qx \"MinJobAge = 63\"" 10 &&
	flurmsh config diff >out && grep "^no changes" out
'

test_expect_success ROOT 'a non-operator may not reload; nothing changes' '
	sed -i "s/^MinJobAge=.*/MinJobAge=64/" "$SLURM_CONF" &&
	test_expect_code 1 as_nobody flurmsh reload 2>err &&
	grep "^flurmsh: reload: permission denied" err &&
	flurmsh config show MinJobAge >out &&
	grep -x "MinJobAge = 63" out &&
	as_nobody flurmsh config diff >out &&
	grep -x "MinJobAge 63 -> 64" out &&
	test_expect_code 1 as_nobody flurmsh config diff /etc/passwd 2>err &&
	grep "permission denied: only operators may compare another file" err
'

test_done
