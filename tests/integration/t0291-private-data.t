#!/bin/bash
test_description='PrivateData=jobs,nodes and partitions in slurm.conf: a user sees only their own jobs in squeue and scontrol show job, and no node or partition information, as with slurmctld; operators see everything'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="PrivateData=jobs,nodes"
test_under_flurm 1 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

# as_nobody CMD...: run a client as user nobody from a directory it may
# write to.
as_nobody() {
	(cd "$NOBODY_DIR" && runuser -u nobody -- "$@")
}

NOBODY_DIR=$(mktemp -d /tmp/flurm-private.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success ROOT 'root and nobody each have a job' '
	r=$(submit -J roots --hold --wrap true) &&
	n=$(as_nobody sbatch --parsable -J nobodys --hold -o /dev/null --wrap true) &&
	echo "$r $n" >ids
'

test_expect_success ROOT 'squeue: a user sees their own jobs only, an operator all' '
	read r n <ids &&
	as_nobody squeue -h -o "%i %j" >out &&
	echo "$n nobodys" >expect &&
	test_cmp expect out &&
	test_must_fail as_nobody squeue -h -o "%i" -j $r >out 2>err &&
	test_must_be_empty out &&
	grep -q "Invalid job id specified" err &&
	squeue -h -o "%i" | sort -n >out &&
	printf "%s\n" $r $n >expect &&
	test_cmp expect out
'

test_expect_success ROOT 'scontrol show job of someone else'"'"'s job: Invalid job id' '
	read r n <ids &&
	test_must_fail as_nobody scontrol show job $r 2>err &&
	grep -q "Invalid job id specified" err &&
	as_nobody scontrol show job $n | grep -q "JobName=nobodys" &&
	scontrol show job $n | grep -q "JobName=nobodys"
'

test_expect_success ROOT 'node information: access denied to users' '
	test_must_fail as_nobody scontrol show node node1 2>err &&
	grep -q "Access/permission denied" err &&
	test_must_fail as_nobody sinfo 2>err &&
	grep -q "Access/permission denied" err &&
	scontrol show node node1 | grep -q "^NodeName=node1 " &&
	sinfo -h -o %P | grep -q debug &&
	as_nobody scontrol show partition debug | grep -q "^PartitionName=debug"
'

test_expect_success 'scontrol show config prints PrivateData' '
	scontrol show config | grep -E "^PrivateData += jobs,nodes\$"
'

# squeue loads the partitions too: with them private it fails for users,
# as it does against slurmctld
test_expect_success ROOT 'PrivateData=partitions after a reconfigure: users are refused partitions' '
	echo "PrivateData=jobs,nodes,partitions" >>"$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "test_must_fail as_nobody scontrol show partition debug 2>err" 10 &&
	grep -q "Access/permission denied" err &&
	scontrol show partition debug | grep -q "^PartitionName=debug" &&
	scontrol show config | grep -E "^PrivateData += jobs,nodes,partitions\$"
'

test_done
