#!/bin/bash
test_description='scontrol show config and write config with the real scontrol: every key slurmctld 22.05 prints, in its order, with the values of our slurm.conf, Slurm defaults for the rest, and "no change" answers'
. "$(dirname "$0")/test-lib.sh"

GOLDEN=${FLURM_GOLDEN:-$SHARNESS_TEST_DIRECTORY/../golden/slurm-22.05}
FLURM_MIN_JOB_AGE=123
# keys FLURM does not use: shown as written, as slurmctld would
FLURM_SLURM_CONF_EXTRA="JobCompLoc=/srv/flurm/jobs.log
TreeWidth=16
SlurmctldLogFile=/var/log/flurm/ctld.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=100
SlurmctldDebug=debug2"
test_under_flurm 1 || error "cannot start a cluster"

# value KEY: the value scontrol printed for KEY in out
value() { sed -n "s/^$1 *= \(.*\)\$/\1/p" out; }
# keys FILE: the key column of a "show config" listing
keys() { sed -n '2,/^$/p' "$1" | sed -n 's/^\([^ ]*\) *= .*/\1/p'; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'scontrol show config: the header, the controller line' '
	scontrol show config >out 2>err &&
	test_must_be_empty err &&
	head -1 out | grep -E "^Configuration data as of [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\$" &&
	tail -1 out >last &&
	echo "Slurmctld(primary) at ctl1 is UP" >expect &&
	test_cmp expect last
'

test_expect_success 'every key slurmctld 22.05 prints, in its order' '
	sed -n "/^--- stdout/,/^--- stderr/p" "$GOLDEN/scontrol_show_config/command.txt" |
		sed "1d;\$d" >golden.out &&
	keys golden.out >expect &&
	test_line_count -gt 150 expect &&
	keys out >actual &&
	test_cmp expect actual
'

test_expect_success 'values FLURM decides or reads from slurm.conf' '
	test "$(value ClusterName)" = flurmtest &&
	test "$(value "SlurmctldHost\[0\]")" = "ctl1($FLURM_CTL_ADDR_1)" &&
	test "$(value SlurmctldPort)" = "$FLURM_SLURM_PORT" &&
	test "$(value SLURM_CONF)" = "$SLURM_CONF" &&
	test "$(value SLURM_VERSION)" = 22.05.8 &&
	test "$(value MinJobAge)" = "123 sec" &&
	test "$(value SlurmdTimeout)" = "5 sec" &&
	test "$(value ReturnToService)" = 2 &&
	test "$(value SlurmUser)" = "$(id -un)($(id -u))" &&
	test "$(value AuthType)" = auth/munge &&
	test "$(value AuthInfo)" = "socket=$FLURM_MUNGE_SOCKET" &&
	test "$(value HASH_VAL)" = Match &&
	test "$(value MaxNodeCount)" = 1 &&
	test "$(value NEXT_JOB_ID)" = 1
'

test_expect_success 'keys FLURM ignores show what slurm.conf says' '
	test "$(value JobCompLoc)" = /srv/flurm/jobs.log &&
	test "$(value TreeWidth)" = 16 &&
	test "$(value SlurmctldLogFile)" = /var/log/flurm/ctld.log &&
	test "$(value SelectTypeParameters)" = CR_CORE_MEMORY &&
	test "$(value DefMemPerCPU)" = 100 &&
	test "$(value SlurmctldDebug)" = debug2
'

test_expect_success 'keys nobody set show the values a real slurmctld sent' '
	for k in AccountingStorageTRES AccountingStorageType BatchStartTimeout \
		BcastExclude CpuFreqGovernors EioTimeout EpilogMsgTime \
		GpuFreqDef HealthCheckNodeState InteractiveStepOptions \
		JobAcctGatherFrequency JobCompHost LaunchType MaxArraySize \
		MaxStepCount MaxTasksPerNode MessageTimeout PrEpPlugins \
		PriorityType PropagateResourceLimits ResumeRate RoutePlugin \
		SchedulerTimeSlice SchedulerType SlurmdPort SuspendTime \
		TCPTimeout TmpFS TopologyPlugin UnkillableStepTimeout \
		KillWait SelectType PluginDir SlurmctldTimeout
	do
		sed -n "s/^$k *= //p" golden.out >expect &&
		value $k >actual &&
		test_cmp expect actual || return 1
	done
'

# scontrol -v says when the controller answered "no change" and it
# printed the copy it had
test_expect_success 'a second show config in one scontrol is answered "no change"' '
	sleep 1 &&
	printf "show config\nshow config\n" | scontrol -v >out2 2>err &&
	test_must_be_empty err &&
	test $(grep -c "^ClusterName *= flurmtest\$" out2) = 2 &&
	grep -x "slurm_load_ctl_conf no change in data" out2
'

test_expect_success 'after a reconfigure the whole configuration is sent again' '
	sleep 1 &&
	printf "show config\nreconfigure\nshow config\n" | scontrol -v >out3 2>err &&
	test_must_be_empty err &&
	test $(grep -c "^ClusterName *= flurmtest\$" out3) = 2 &&
	! grep "no change in data" out3
'

# scontrol writes NAME.<time>, from the same reply, with the nodes and
# partitions it asks for too
test_expect_success 'scontrol write config writes the configuration to a file' '
	scontrol write config "$PWD/written.conf" >wout 2>err &&
	test_must_be_empty err &&
	file=$(sed -n "s/^Slurm config saved to //p" wout) &&
	case "$file" in "$PWD"/written.conf.*) ;; *) false ;; esac &&
	grep -x "ClusterName=flurmtest" "$file" &&
	grep -x "SlurmctldPort=$FLURM_SLURM_PORT" "$file" &&
	grep -x "MinJobAge=123" "$file" &&
	grep -x "TreeWidth=16" "$file" &&
	grep -x "SelectTypeParameters=CR_CORE_MEMORY" "$file" &&
	grep "^NodeName=node1 .*RealMemory=1000" "$file" &&
	grep "^PartitionName=debug Default=YES .*Nodes=node1" "$file"
'

test_expect_success 'a user who is not an operator may read the configuration' '
	as_nobody scontrol show config >out4 &&
	grep "^ClusterName *= flurmtest\$" out4
'

test_done
