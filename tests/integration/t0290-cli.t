#!/bin/bash
test_description='the everyday Slurm CLI against FLURM as against slurmctld 22.05: squeue end and expected start times, scancel filters, scontrol show node fields, PrivateData'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="PartitionName=long Nodes=ALL Default=NO MaxTime=UNLIMITED State=UP
PartitionName=small Nodes=node1 Default=NO MaxTime=10 State=UP
PartitionName=two Nodes=ALL Default=NO MaxNodes=1 State=UP
PartitionName=off Nodes=ALL Default=NO State=DOWN"
test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

WORK=$(mktemp -d /tmp/flurm-cli.XXXXXX) && chmod 1777 "$WORK" ||
	error "cannot make a work directory"
cleanup "rm -rf '$WORK'"
# as_nobody CMD...: run a client as user nobody from a directory it may
# write to.
as_nobody() {
	(cd "$WORK" && runuser -u nobody -- "$@")
}
# states ID...: "ID STATE" lines, by job id
states() { squeue -h -t all -j "$(echo "$@" | tr " " ,)" -o "%i %T" | sort -n; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

# slurmctld ends a job without a time limit a year after its start; squeue
# shows such an end as NONE (N/A is for jobs that have no end time at all)
test_expect_success 'squeue %e of a running job without a time limit is NONE' '
	id=$(submit -p long -t UNLIMITED -n 1 --wrap "sleep 300" -o /dev/null) &&
	wait_job $id RUNNING &&
	test "$(squeue -h -j $id -o "%l %e")" = "UNLIMITED NONE" &&
	scancel $id && wait_job $id CANCELLED
'

# the scheduler estimates when a waiting job starts from the time limits of
# the jobs ahead of it, as slurmctld's backfill does for squeue --start
test_expect_success 'squeue --start gives waiting jobs an expected start time and nodes' '
	a=$(submit -p long -t 10 -N 1 -n 2 -w node1 --wrap "sleep 300" -o /dev/null) &&
	b=$(submit -p long -t 20 -N 1 -n 2 -w node2 --wrap "sleep 300" -o /dev/null) &&
	wait_job $a RUNNING && wait_job $b RUNNING &&
	c=$(submit -p long -J both -t 5 -N 2 --wrap "sleep 1" -o /dev/null) &&
	d=$(submit -p long -J after -t 5 -N 1 -n 2 --wrap "sleep 1" -o /dev/null) &&
	b_end=$(squeue -h -j $b -o %e) &&
	c_end=$(date -d "$b_end 5 minutes" +%Y-%m-%dT%H:%M:%S) &&
	flurm_wait_for "[ \"\$(squeue -h -j $c -o %S)\" != N/A ]" 10 &&
	squeue --start -h -o "%i %S %Y %r" >out &&
	cat >expect <<-EOF &&
	$c $b_end node[1-2] Resources
	$d $c_end node1 Priority
	EOF
	test_cmp expect out &&
	scontrol show job $c | grep -q "StartTime=$b_end " &&
	scancel $a $b $c $d
'

# what slurmctld 22.05 accepts and leaves pending, with its reason, and
# what it refuses at submit (EnforcePartLimits=NO, its default)
test_expect_success 'pending reasons: PartitionDown, PartitionTimeLimit, PartitionNodeLimit' '
	down=$(submit -p off --wrap true -o /dev/null) &&
	tl=$(submit -p small -t 20 --wrap true -o /dev/null) &&
	nl=$(submit -p two -N 2 --wrap true -o /dev/null) &&
	flurm_wait_for "squeue -h -j $nl -o %r | grep -q PartitionNodeLimit" 10 &&
	squeue -h -j $down,$tl,$nl -o "%i %P %r" | sort -n >out &&
	cat >expect <<-EOF &&
	$down off PartitionDown
	$tl small PartitionTimeLimit
	$nl two PartitionNodeLimit
	EOF
	test_cmp expect out &&
	scancel $down $tl $nl
'

# Slurm's default EnforcePartLimits=NO: slurmctld 22.05 takes such a job
# and leaves it waiting (make compare shows the same lines)
test_expect_success 'more nodes or CPUs than the partition has: accepted, waits PartitionNodeLimit or PartitionConfig, holds up nothing' '
	big=$(submit -p small -N 2 --wrap true -o /dev/null) &&
	wide=$(submit -p small -n 3 --wrap true -o /dev/null) &&
	after=$(submit -p small --wrap true -o /dev/null) &&
	wait_job $after COMPLETED &&
	test "$(squeue -h -j $big -o "%t %r %D")" = "PD PartitionNodeLimit 2" &&
	test "$(squeue -h -j $wide -o "%t %r %C")" = "PD PartitionConfig 3" &&
	scontrol update JobId=$big NumNodes=1 &&
	wait_job $big COMPLETED &&
	scancel $wide
'

test_expect_success 'EnforcePartLimits=ALL refuses them at submit; an inactive partition is refused' '
	cp "$SLURM_CONF" noenforce.conf &&
	echo "EnforcePartLimits=ALL" >>"$SLURM_CONF" &&
	scontrol reconfigure &&
	scontrol show config | grep -q "^EnforcePartLimits *= ALL$" &&
	test_must_fail sbatch -p small -N 2 --wrap true 2>err &&
	grep -q "Batch job submission failed: Node count specification invalid" err &&
	test_must_fail sbatch -p small -n 3 --wrap true 2>err &&
	grep -q "Batch job submission failed: More processors requested than permitted" err &&
	cp noenforce.conf "$SLURM_CONF" &&
	scontrol reconfigure &&
	scontrol show config | grep -q "^EnforcePartLimits *= NO$" &&
	scontrol update PartitionName=small State=INACTIVE &&
	test_must_fail sbatch -p small --wrap true 2>err &&
	grep -qF "Batch job submission failed: Required partition not available (inactive or drain)" err &&
	scontrol update PartitionName=small State=UP
'
test_expect_success 'a job waiting in a partition made inactive: PartitionInactive' '
	id=$(submit -p small -t 20 --wrap true -o /dev/null) &&
	scontrol update PartitionName=small State=INACTIVE &&
	flurm_wait_for "squeue -h -j $id -o %r | grep -q PartitionInactive" 10 &&
	scontrol update PartitionName=small State=DOWN &&
	flurm_wait_for "squeue -h -j $id -o %r | grep -q PartitionDown" 10 &&
	scancel $id &&
	scontrol update PartitionName=small State=UP
'

# scancel 22.05 filters the job list itself and then kills each job
test_expect_success 'scancel -n, -p, -t, -w select the jobs they name' '
	a=$(submit -p long -J keep -t 5 -n 1 -w node1 --wrap "sleep 300" -o /dev/null) &&
	b=$(submit -p long -J drop -t 5 -n 1 -w node2 --wrap "sleep 300" -o /dev/null) &&
	c=$(submit -p batch -J keep -t 5 --hold --wrap true -o /dev/null) &&
	wait_job $a RUNNING && wait_job $b RUNNING &&
	scancel -n drop &&
	wait_job $b CANCELLED && wait_job $a RUNNING &&
	wait_job $c PENDING &&
	scancel --state=PENDING -p batch &&
	wait_job $c CANCELLED && wait_job $a RUNNING &&
	scancel -w node1 &&
	wait_job $a CANCELLED
'

test_expect_success 'scancel --signal --batch signals the batch shell only; --full all of it' '
	cat >"$WORK/trap.sh" <<-EOF &&
	#!/bin/sh
	trap "echo got USR1 >>$WORK/trap.out" USR1
	echo ready >>$WORK/trap.out
	while :; do sleep 1; done
	EOF
	id=$(submit -p long -t 5 -o /dev/null "$WORK/trap.sh") &&
	flurm_wait_for "grep -q ready $WORK/trap.out" 20 &&
	scancel --signal=USR1 --batch $id &&
	flurm_wait_for "grep -q \"got USR1\" $WORK/trap.out" 20 &&
	wait_job $id RUNNING &&
	scancel --full $id &&
	wait_job $id CANCELLED
'

# As slurmd sends them: scancel -s (no -b or -f) reaches the job's steps
# and not the batch shell, which an untrapped signal would end; -f
# reaches the shell's process group: the shell, the commands it started
# itself, and srun, which passes the signal on to its step. The step's
# tasks run on both nodes.
cat >"$WORK/steps.sh" <<'SCRIPT'
#!/bin/bash
out=$PWD/steps.out
bash -c "trap 'echo child >>$out' USR2; while :; do sleep 1; done" &
srun -N2 -n2 bash -c "trap 'echo step >>$out' USR2; echo ready >>$out; while :; do sleep 1; done" &
trap 'echo shell >>$out' USR2
while :; do sleep 1; done
SCRIPT
chmod +x "$WORK/steps.sh"

test_expect_success 'scancel -s SIG reaches the steps only, on every node; -f -s SIG the batch shell, its children and (through srun) the step' '
	id=$(cd "$WORK" && submit -p long -t 5 -N2 -o /dev/null ./steps.sh) &&
	flurm_wait_for "test \$(grep -c ready $WORK/steps.out) = 2" 20 &&
	scancel -s USR2 $id &&
	flurm_wait_for "test \$(grep -c step $WORK/steps.out) = 2" 20 &&
	sleep 1 &&
	test "$(grep -c step $WORK/steps.out)" = 2 &&
	! grep -q "shell\|child" $WORK/steps.out &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	scancel -f -s USR2 $id &&
	flurm_wait_for "grep -q shell $WORK/steps.out" 20 &&
	flurm_wait_for "grep -q child $WORK/steps.out" 20 &&
	flurm_wait_for "test \$(grep -c step $WORK/steps.out) = 4" 20 &&
	test "$(squeue -h -j $id -o %T)" = RUNNING &&
	scancel $id && wait_job $id CANCELLED
'

# scancel exits with the error code's low byte (2009, 217)
test_expect_success 'scancel -b -s SIG of an allocation (salloc): Job script not specified, as slurmctld' '
	salloc -p long -t 5 -n1 sh -c "scancel -b -s USR1 \$SLURM_JOB_ID; echo rc=\$?" >out 2>err &&
	grep -q "^rc=217\$" out &&
	grep -q "^scancel: error: Kill job error on job id [0-9]*: Job script not specified\$" err
'

# as slurmctld: the owner or an operator gets the script back; someone
# else "Invalid user id", an unknown job "Invalid job id specified", an
# allocation "Job script not specified"
test_expect_success 'scontrol write batch_script gives the script back, to a file or stdout' '
	printf "#!/bin/bash\n#SBATCH -J keepme\necho from the script\n" >"$WORK/mine.sh" &&
	id=$(submit -p long --hold -o /dev/null "$WORK/mine.sh") &&
	scontrol write batch_script $id - >out &&
	test_cmp "$WORK/mine.sh" out &&
	(cd "$WORK" && scontrol write batch_script $id) >msg &&
	grep -q "batch script for job $id written to slurm-$id.sh" msg &&
	test_cmp "$WORK/mine.sh" "$WORK/slurm-$id.sh" &&
	scontrol write batch_script 999999 - >out 2>&1 &&
	grep -q "job script retrieval failed: Invalid job id specified" out &&
	salloc -p long -t 5 -n1 sh -c "scontrol write batch_script \$SLURM_JOB_ID -" >out 2>&1 &&
	grep -q "job script retrieval failed: Job script not specified" out &&
	echo $id >script.id
'

test_expect_success ROOT 'scontrol write batch_script of someone else'"'"'s job: Invalid user id' '
	id=$(cat script.id) &&
	as_nobody scontrol write batch_script $id - >out 2>&1;
	grep -q "job script retrieval failed: Invalid user id" out &&
	scancel $id
'

test_expect_success ROOT 'scancel -u of someone else'"'"'s jobs: access denied for each, nothing cancelled' '
	a=$(submit -p long -t 5 -n 1 --hold --wrap true -o /dev/null) &&
	b=$(submit -p long -t 5 -n 1 --hold --wrap true -o /dev/null) &&
	test_must_fail as_nobody scancel -u root -p long 2>err &&
	grep -q "Kill job error on job id $a: Access/permission denied" err &&
	grep -q "Kill job error on job id $b: Access/permission denied" err &&
	printf "%s PENDING\n" $a $b >expect &&
	states $a $b >out &&
	test_cmp expect out &&
	scancel -u root -p long &&
	wait_job $a CANCELLED && wait_job $b CANCELLED
'

# slurmd reports uname machine as Arch and sysname, release and version as
# OS; scontrol prints them beside NodeName and after Version
test_expect_success 'scontrol show node prints Arch and OS as slurmctld does' '
	scontrol show node node1 >out &&
	grep -q "^NodeName=node1 Arch=$(uname -m) CoresPerSocket=" out &&
	grep -qxF "   OS=$(uname -s) $(uname -r) $(uname -v) " out
'

# as slurmctld: an operator's new weight is shown and steers the
# scheduler (lighter nodes first) until slurm.conf is read again
test_expect_success 'scontrol update NodeName= Weight=: shown, used, operators only, reset by a reconfigure' '
	scontrol update NodeName=node1 Weight=5 &&
	scontrol show node node1 | grep -q " Weight=5 " &&
	scontrol show node node2 | grep -q " Weight=1 " &&
	j=$(submit -N1 -o /dev/null --wrap "sleep 30") &&
	wait_job $j RUNNING &&
	test "$(squeue -h -j $j -o %N)" = node2 &&
	scancel $j &&
	test_must_fail runuser -u nobody -- scontrol update NodeName=node1 Weight=9 2>err &&
	grep -x "slurm_update error: Invalid user id" err &&
	test_must_fail runuser -u nobody -- scontrol update NodeName=node1 Comment=x 2>err &&
	grep -x "slurm_update error: Invalid user id" err &&
	scontrol show node node1 | grep -q " Weight=5 " &&
	scontrol reconfigure &&
	scontrol show node node1 | grep -q " Weight=1 "
'

test_done
