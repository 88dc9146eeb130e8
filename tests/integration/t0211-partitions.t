#!/bin/bash
test_description='partitions changed at runtime with the real scontrol (update, create, delete) and flurmsh partition, reset by a reload; scontrol setdebug, setdebugflags and shutdown'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

log=$(flurm_ctld_log 1)
# part P FORMAT: one line of sinfo about partition P
part() { sinfo -h -p "$1" -o "$2" | head -n1; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'scontrol update PartitionName= changes state, MaxTime and Nodes' '
	scontrol update PartitionName=batch State=DOWN &&
	test "$(part batch %a)" = down &&
	id=$(submit -p batch -o /dev/null --wrap true) &&
	flurm_wait_for "[ \"\$(squeue -h -j $id -o %r)\" = PartitionDown ]" 10 &&
	scontrol update PartitionName=batch State=UP MaxTime=10 Nodes=node1 &&
	test "$(part batch "%a %l %N")" = "up 10:00 node1" &&
	wait_job $id COMPLETED &&
	test "$(squeue -h -j $id -t all -o %N)" = node1 &&
	scontrol update PartitionName=batch State=DRAIN &&
	test "$(part batch %a)" = drain &&
	test_must_fail sbatch -p batch -o /dev/null --wrap true 2>err &&
	scontrol update PartitionName=batch State=INACTIVE &&
	part batch %a | grep -E "^inact(ive)?$" &&
	scontrol update PartitionName=batch State=UP
'

test_expect_success 'bad partition updates are refused and change nothing' '
	test_must_fail scontrol update PartitionName=nosuch State=DOWN 2>err &&
	grep -i "invalid partition name" err &&
	test_must_fail scontrol update PartitionName=batch Nodes=node9 2>err &&
	grep -i "invalid node name" err &&
	test "$(part batch "%a %l %N")" = "up 10:00 node1"
'

test_expect_success 'scontrol create partition: sbatch -p can use it; Default=YES moves the default' '
	scontrol create PartitionName=extra Nodes=node2 MaxTime=5 &&
	test "$(part extra "%P %a %l %N")" = "extra up 5:00 node2" &&
	test_must_fail scontrol create PartitionName=extra Nodes=node2 2>err &&
	id=$(submit -p extra -o /dev/null --wrap true) &&
	wait_job $id COMPLETED &&
	test "$(squeue -h -j $id -t all -o %N)" = node2 &&
	scontrol update PartitionName=extra Default=YES &&
	test "$(part extra %P)" = "extra*" &&
	test "$(part debug %P)" = debug &&
	id=$(submit -o /dev/null --wrap true) &&
	test "$(squeue -h -j $id -t all -o %P)" = extra &&
	wait_job $id COMPLETED &&
	scontrol update PartitionName=debug Default=YES &&
	test "$(part debug %P)" = "debug*"
'

test_expect_success 'a partition with a job is not deleted; once it ends it is' '
	id=$(submit -p extra -o /dev/null --wrap "sleep 30") &&
	wait_job $id RUNNING &&
	test_must_fail scontrol delete PartitionName=extra 2>err &&
	grep -i "in use" err &&
	test "$(part extra %P)" = extra &&
	scancel $id &&
	flurm_wait_for "scontrol delete PartitionName=extra" 20 &&
	test -z "$(sinfo -h -p extra -o %P)" &&
	test_must_fail scontrol delete PartitionName=extra 2>err &&
	grep -i "invalid partition name" err
'

test_expect_success ROOT 'a non-operator may not change partitions or nodes (Invalid user id, as slurmctld)' '
	test_must_fail as_nobody scontrol update PartitionName=batch State=DOWN 2>err &&
	grep -x "slurm_update error: Invalid user id" err &&
	test_must_fail as_nobody scontrol create PartitionName=mine Nodes=node1 2>err &&
	grep -x "Error creating the partition: Invalid user id" err &&
	test_must_fail as_nobody scontrol delete PartitionName=batch 2>err &&
	grep -x "delete_partition PartitionName=batch: Invalid user id" err &&
	test_must_fail as_nobody scontrol update NodeName=node1 State=DRAIN Reason=x 2>err &&
	grep -x "slurm_update error: Invalid user id" err &&
	test "$(sinfo -h -n node1 -o %t)" != drain &&
	test_expect_code 1 as_nobody flurmsh partition set batch State=DOWN 2>err &&
	grep "permission denied" err &&
	test "$(part batch %a)" = up &&
	test -z "$(sinfo -h -p mine -o %P)"
'

test_expect_success 'flurmsh partition create, set, delete; --json; bad keys' '
	flurmsh partition create fast Nodes=node[1-2] MaxTime=1:00:00 Hidden=NO >out &&
	grep -x "partition fast: created" out &&
	test "$(part fast "%a %l %D")" = "up 1:00:00 2" &&
	flurmsh partition set fast State=DOWN MaxTime=30 --json >o.json &&
	test "$(json o.json "\$j->{ok} ? 1 : 0")" = 1 &&
	test "$(part fast "%a %l")" = "down 30:00" &&
	flurmsh partitions --json >p.json &&
	json p.json "join \",\", map { \$_->{name} } @{\$j->{partitions}}" | grep fast &&
	test_expect_code 1 flurmsh partition set fast Colour=blue 2>err &&
	grep "unknown partition setting .Colour." err &&
	test_expect_code 1 flurmsh partition set fast State=SIDEWAYS 2>err &&
	grep "State must be UP, DOWN, DRAIN or INACTIVE" err &&
	test_expect_code 1 flurmsh partition set nosuch State=UP 2>err &&
	grep "partition .nosuch. does not exist" err &&
	test_expect_code 2 flurmsh partition set fast 2>err &&
	flurmsh partition delete fast >out &&
	grep -x "partition fast: deleted" out &&
	test -z "$(sinfo -h -p fast -o %P)"
'

test_expect_success 'runtime changes outlive a controller restart' '
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(part batch "%a %l %N")" = "up 10:00 node1"
'

test_expect_success 'a reload resets partitions to slurm.conf and says what it reset' '
	flurmsh config diff >out &&
	grep -x "partition batch changed: Nodes node1 -> node\[1-2\], MaxTime 10 -> UNLIMITED" out &&
	flurmsh reload >out &&
	grep -x "partition batch changed: Nodes node1 -> node\[1-2\], MaxTime 10 -> UNLIMITED" out &&
	test "$(part batch "%a %l %D")" = "up infinite 2" &&
	flurmsh config diff >out && grep "^no changes" out
'

# debug lines the controller writes for each request
pings() { grep -c "REQUEST_PARTITION_INFO from uid" "$log" || :; }
test_expect_success 'scontrol setdebug changes what is logged' '
	scontrol setdebug info &&
	grep "log level [a-z]* -> info" "$log" &&
	n=$(pings) && sinfo >/dev/null && sinfo >/dev/null &&
	test "$(pings)" = "$n" &&
	scontrol setdebug debug &&
	sinfo >/dev/null &&
	flurm_wait_for "[ \$(pings) -gt $n ]" 5
'

# dflags: DebugFlags as scontrol show config prints them
dflags() { scontrol show config | sed -n "s/^DebugFlags *= //p"; }
test_expect_success 'scontrol setdebugflags sets the DebugFlags show config prints' '
	test "$(dflags)" = "(null)" &&
	scontrol setdebugflags +Steps &&
	test "$(dflags)" = Steps &&
	grep "DebugFlags none -> Steps" "$log" &&
	scontrol setdebugflags +gres,Backfill &&
	test "$(dflags)" = Backfill,Gres,Steps &&
	scontrol setdebugflags -Gres &&
	test "$(dflags)" = Backfill,Steps &&
	grep "DebugFlags Backfill,Gres,Steps -> Backfill,Steps" "$log" &&
	test_must_fail scontrol setdebugflags +Nosuch 2>err &&
	grep "invalid debug flag: +Nosuch" err &&
	test "$(dflags)" = Backfill,Steps
'

test_expect_success 'a reconfigure puts back the DebugFlags of slurm.conf; a word that is no flag is refused' '
	echo DebugFlags=Gres,Net >>"$SLURM_CONF" &&
	scontrol reconfigure &&
	test "$(dflags)" = Gres,Network &&
	grep "reconfigure: DebugFlags Backfill,Steps -> Gres,Network" "$log" &&
	# a word that is no flag: slurmctld and the clients refuse the file,
	# a reload keeps the configuration that runs
	sed -i "s/^DebugFlags=.*/DebugFlags=Steps,Nosuch/" "$SLURM_CONF" &&
	test_must_fail flurmsh reload >out 2>&1 &&
	cat out &&
	grep "slurm.conf: DebugFlags=Steps,Nosuch: invalid debug flag .Nosuch." out &&
	sed -i "s/^DebugFlags=.*/DebugFlags=Gres,Net/" "$SLURM_CONF" &&
	test "$(dflags)" = Gres,Network &&
	sed -i "/^DebugFlags=/d" "$SLURM_CONF" &&
	scontrol reconfigure &&
	test "$(dflags)" = "(null)"
'

test_expect_success ROOT 'a non-operator may not setdebug, setdebugflags or shut down' '
	test_must_fail as_nobody scontrol setdebugflags +Steps 2>err &&
	grep "slurm_set_debug_flags error: Permission denied" err &&
	test "$(dflags)" = "(null)" &&
	test_must_fail as_nobody scontrol setdebug error 2>err &&
	grep -x "slurm_set_debug_level error: Permission denied" err &&
	test_must_fail as_nobody scontrol shutdown 2>err &&
	grep -x "slurm_shutdown error: Invalid user id" err &&
	flurm_daemon_alive ctl1 &&
	sinfo >/dev/null
'

test_expect_success 'scontrol shutdown stops the controller cleanly' '
	scontrol shutdown &&
	flurm_wait_for "! flurm_daemon_alive ctl1" 15 &&
	grep "shutting down on request" "$log" &&
	! grep -i "assert\|segfault\|AddressSanitizer" "$FLURM_SCRATCH/ctl1/flurmctld.out"
'

test_done
