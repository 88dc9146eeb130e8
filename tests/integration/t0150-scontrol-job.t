#!/bin/bash
test_description='scontrol hold, uhold, release and update of jobs: who may do what, Slurm errors, values shown and kept across a controller crash'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="PartitionName=short Nodes=ALL MaxTime=10 State=UP"
# no periodic scheduler cycles: a released job must start because the
# release asked for a cycle
FLURM_CTLD_CONF_EXTRA="sched_interval_ms = 3600000"
test_under_flurm 2 || error "cannot start a cluster"

# as_nobody CMD...: run a client as user nobody from a directory it may
# write to.
as_nobody() {
	(cd "$NOBODY_DIR" && runuser -u nobody -- "$@")
}
# state ID: "STATE REASON" as squeue shows them.
state() {
	squeue -h -j $1 -t all -o "%T %r"
}
NOBODY_DIR=$(mktemp -d /tmp/flurm-upd.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'sbatch --hold: pending, JobHeldUser, priority 0' '
	id=$(submit --hold -J rel --wrap "echo released") &&
	echo "PENDING JobHeldUser" >expect &&
	state $id >actual &&
	test_cmp expect actual &&
	test "$(field $id Priority)" = 0 &&
	test "$(field $id Reason)" = JobHeldUser &&
	echo $id >rel.id
'

test_expect_success 'scontrol release: the job is scheduled, runs and completes' '
	id=$(cat rel.id) &&
	scontrol release $id &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s slurm-$id.out" 5 &&
	echo released >expect &&
	test_cmp expect slurm-$id.out
'

# (sleep 451: t0100 waits for its own "sleep 317" to be gone, machine-wide)
test_expect_success 'a job filling every CPU keeps the next ones pending' '
	blocker=$(submit -J blocker -N 2 -n 4 --wrap "sleep 451") &&
	wait_job $blocker RUNNING &&
	echo $blocker >blocker.id &&
	b=$(submit -J mine --wrap "echo ran-b") &&
	flurm_wait_for "test \"\$(state $b)\" = \"PENDING Resources\"" 10 &&
	echo $b >b.id &&
	c=$(as_nobody sbatch -J theirs --wrap true | sed -n "s/^Submitted batch job //p") &&
	test -n "$c" &&
	wait_job $c PENDING &&
	echo $c >c.id
'

test_expect_success 'root hold is an admin hold, uhold a user hold, release clears both' '
	b=$(cat b.id) &&
	scontrol hold $b &&
	test "$(state $b)" = "PENDING JobHeldAdmin" &&
	test "$(field $b Priority)" = 0 &&
	scontrol uhold $b &&
	test "$(state $b)" = "PENDING JobHeldUser" &&
	scontrol release $b &&
	test "$(field $b Priority)" -gt 0 &&
	# as priority/basic: released, it queues behind the jobs already
	# waiting (the owner'"'"'s job $c)
	flurm_wait_for "test \"\$(state $b)\" = \"PENDING Priority\"" 10
'

test_expect_success 'the owner holds and releases a user hold' '
	c=$(cat c.id) &&
	as_nobody scontrol hold $c &&
	test "$(state $c)" = "PENDING JobHeldUser" &&
	as_nobody scontrol release $c &&
	test "$(field $c Priority)" -gt 0
'

test_expect_success 'the owner may not release an admin hold' '
	c=$(cat c.id) &&
	scontrol hold $c &&
	test_must_fail as_nobody scontrol release $c 2>err &&
	grep -x "Access/permission denied for job $c" err &&
	test "$(state $c)" = "PENDING JobHeldAdmin" &&
	scontrol release $c &&
	test "$(field $c Priority)" -gt 0
'

test_expect_success 'another user may neither hold nor update a job (Invalid user id)' '
	b=$(cat b.id) &&
	scontrol show job $b >before &&
	test_must_fail as_nobody scontrol hold $b 2>err1 &&
	grep -x "Invalid user id for job $b" err1 &&
	test_must_fail as_nobody scontrol update JobId=$b TimeLimit=5 2>err2 &&
	grep -x "Invalid user id for job $b" err2 &&
	scontrol show job $b >after &&
	test_cmp before after
'

test_expect_success 'scontrol update TimeLimit, JobName, Partition: shown by scontrol and squeue' '
	b=$(cat b.id) &&
	scontrol update JobId=$b TimeLimit=30 JobName=renamed Partition=batch &&
	test "$(field $b JobName)" = renamed &&
	test "$(field $b TimeLimit)" = 00:30:00 &&
	test "$(field $b Partition)" = batch &&
	squeue -h -j $b -o "%j %P %l %T" >actual &&
	echo "renamed batch 30:00 PENDING" >expect &&
	test_cmp expect actual
'

test_expect_success 'scontrol update NumNodes, NumTasks, MinMemoryNode, Comment' '
	b=$(cat b.id) &&
	scontrol update JobId=$b NumNodes=2 NumTasks=4 MinMemoryNode=200 Comment=two-nodes &&
	test "$(field $b NumNodes)" = 2 &&
	test "$(field $b NumTasks)" = 4 &&
	test "$(field $b NumCPUs)" = 4 &&
	test "$(field $b MinMemoryNode)" = 200M &&
	test "$(field $b Comment)" = two-nodes &&
	scontrol update JobId=$b NumNodes=1-1 NumCPUs=1 MinMemoryNode=0 &&
	test "$(field $b NumNodes)" = 1-1 &&
	# as slurmctld: a node count named raises the CPUs to the tasks
	test "$(field $b NumCPUs)" = 4 &&
	test "$(field $b NumTasks)" = 4 &&
	scontrol update JobId=$b NumTasks=1 NumCPUs=1 &&
	test "$(field $b NumCPUs)" = 1 &&
	test "$(field $b NumTasks)" = 1
'

# figures from slurmctld 22.05 on two 2-CPU nodes: NumNodes=N sets the
# lower count and keeps the upper one (none for a job without -N: it
# shows the larger of N and its guess from -n); NumNodes=MIN-MAX sets
# both, and the job shows them as after -N
test_expect_success 'NumNodes=N keeps whether -N was given, NumNodes=MIN-MAX gives it (as slurmctld)' '
	n=$(submit --hold -n 3 --mem-per-cpu=100 -o /dev/null --wrap true) &&
	scontrol update JobId=$n NumNodes=2 &&
	test "$(field $n NumNodes)" = 2 &&
	test "$(field $n TRES)" = cpu=3,mem=300M,node=2,billing=3 &&
	scontrol update JobId=$n NumNodes=1 &&
	test "$(field $n NumNodes)" = 2 &&
	scontrol update JobId=$n NumNodes=1-2 &&
	test "$(field $n NumNodes)" = 2-2 &&
	test "$(squeue -h -j $n -o "%D %C")" = "2 3" &&
	N=$(submit --hold -N 2 -o /dev/null --wrap true) &&
	scontrol update JobId=$N NumNodes=1 &&
	test "$(field $N NumNodes)" = 1-2 &&
	o=$(submit --hold -o nn-%j.out --wrap "echo \$SLURM_NNODES \$SLURM_JOB_NODELIST \$SLURM_TASKS_PER_NODE") &&
	scontrol update JobId=$o NumNodes=2 &&
	test "$(field $o NumNodes)" = 2 &&
	test "$(field $o NumTasks)" = 2 &&
	scancel $n $N &&
	echo $o >o.id
'

test_expect_success 'owner: shorter time limits always, longer only up to MaxTime; priority only by operators' '
	c=$(cat c.id) &&
	as_nobody scontrol update JobId=$c Partition=short TimeLimit=5 &&
	test "$(field $c TimeLimit)" = 00:05:00 &&
	test_must_fail as_nobody scontrol update JobId=$c TimeLimit=20 2>err &&
	grep -x "Access/permission denied for job $c" err &&
	test "$(field $c TimeLimit)" = 00:05:00 &&
	as_nobody scontrol update JobId=$c TimeLimit=8 &&
	test "$(field $c TimeLimit)" = 00:08:00 &&
	prio=$(field $c Priority) &&
	test_must_fail as_nobody scontrol update JobId=$c Priority=5000 2>err &&
	grep -x "Changes to job priority are not persistent, change nice instead for job $c" err &&
	test_must_fail as_nobody scontrol update JobId=$c Priority=4294967000 2>err &&
	grep -x "Access/permission denied for job $c" err &&
	test "$(field $c Priority)" = $prio
'

test_expect_success 'operator: Priority=N sets it, Priority=0 is an admin hold' '
	b=$(cat b.id) &&
	scontrol update JobId=$b Priority=12345 &&
	test "$(field $b Priority)" = 12345 &&
	scontrol update JobId=$b Priority=0 &&
	test "$(state $b)" = "PENDING JobHeldAdmin" &&
	test_must_fail scontrol update JobId=$b Priority=7 2>err &&
	grep -x "Job is in held state, pending scheduler release for job $b" err
'

test_expect_success 'bad requests get the Slurm error and change nothing' '
	b=$(cat b.id) && blocker=$(cat blocker.id) && rel=$(cat rel.id) &&
	squeue -h -t all -o "%i %T %r %j %P %l %D %C %Q" | sort >before &&
	test_must_fail scontrol release 999999 2>err &&
	grep -x "Invalid job id specified for job 999999" err &&
	test_must_fail scontrol update JobId=$b Partition=nosuch 2>err &&
	grep -x "Invalid partition name specified for job $b" err &&
	test_must_fail scontrol update JobId=$b Features=fast 2>err &&
	grep -x "Invalid feature specification for job $b" err &&
	test_must_fail scontrol update JobId=$b Reservation=maint 2>err &&
	grep -x "Requested operation not supported on this system for job $b" err &&
	test_must_fail scontrol update JobId=$b TimeLimit=5 JobName=half Partition=nosuch 2>err &&
	test_must_fail scontrol update JobId=$blocker Partition=batch 2>err &&
	grep -x "Job is no longer pending execution for job $blocker" err &&
	test_must_fail scontrol hold $rel 2>err &&
	grep -x "Job has already finished for job $rel" err &&
	test_must_fail scontrol update JobId=${b}_1 TimeLimit=5 2>err &&
	grep -x "${b}_1: Invalid job id specified" err &&
	squeue -h -t all -o "%i %T %r %j %P %l %D %C %Q" | sort >after &&
	test_cmp before after
'

# slurmctld 22.05 (EnforcePartLimits=NO) keeps a size larger than the
# partition: more nodes than it has without a word, more CPUs saying
# the partition cannot run it now
test_expect_success 'NumNodes= beyond the partition: kept, with slurmctld'"'"'s answer' '
	b=$(cat b.id) &&
	test "$(squeue -h -j $b -o "%D %C")" = "1 1" &&
	scontrol update JobId=$b NumNodes=3 &&
	test "$(squeue -h -j $b -o %D)" = 3 &&
	test_must_fail scontrol update JobId=$b NumTasks=6 NumNodes=3 2>err &&
	grep -x "Requested partition configuration not available now for job $b" err &&
	test "$(squeue -h -j $b -o "%D %C")" = "3 6" &&
	scontrol update JobId=$b NumNodes=1-1 NumTasks=1 NumCPUs=1 &&
	test "$(squeue -h -j $b -o "%D %C")" = "1 1"
'

# as slurmctld (make compare): a waiting job larger than its partition
# is told so at every update, a release too, which are all made; its
# TRES stay those of before the first refusal until a size it fits
test_expect_success 'a job beyond its partition: TRES as before, each update answered so' '
	h=$(submit --hold -o /dev/null --wrap true) &&
	tres=$(field $h TRES) &&
	case "$tres" in cpu=1,*node=1,billing=1) ;; *) false ;; esac &&
	test_must_fail scontrol update JobId=$h NumCPUs=6 2>err &&
	grep -x "Requested partition configuration not available now for job $h" err &&
	test "$(field $h NumCPUs)" = 6 &&
	test "$(field $h TRES)" = "$tres" &&
	test_must_fail scontrol update JobId=$h TimeLimit=5 2>err &&
	grep -x "Requested partition configuration not available now for job $h" err &&
	test "$(field $h TimeLimit)" = 00:05:00 &&
	test "$(field $h TRES)" = "$tres" &&
	test_must_fail scontrol release $h 2>err &&
	grep -x "Requested partition configuration not available now for job $h" err &&
	test "$(field $h Priority)" -gt 0 &&
	scontrol update JobId=$h NumCPUs=2 &&
	test "$(field $h TRES)" = "$(echo "$tres" | sed "s/cpu=1,/cpu=2,/; s/billing=1/billing=2/")" &&
	scancel $h
'

test_expect_success 'a job of an INACTIVE partition: each update made and answered so, as slurmctld' '
	h=$(submit --hold -p short -t 5 -o /dev/null --wrap true) &&
	scontrol update PartitionName=short State=INACTIVE &&
	test_must_fail scontrol update JobId=$h TimeLimit=4 2>err &&
	grep -x "Requested partition configuration not available now for job $h" err &&
	test "$(field $h TimeLimit)" = 00:04:00 &&
	scontrol update PartitionName=short State=UP &&
	scontrol update JobId=$h TimeLimit=3 &&
	scancel $h
'

test_expect_success 'CPUsPerTask= of a waiting job leaves MinCPUsNode as it was, as slurmctld' '
	m=$(submit --hold -c 2 -o /dev/null --wrap true) &&
	scontrol update JobId=$m CPUsPerTask=1 &&
	test "$(field $m CPUs.Task) $(field $m MinCPUsNode)" = "1 2" &&
	scontrol update JobId=$m MinCPUsNode=1 &&
	test "$(field $m MinCPUsNode)" = 1 &&
	n=$(submit --hold -n 2 --ntasks-per-node=2 -o /dev/null --wrap true) &&
	scontrol update JobId=$n CPUsPerTask=2 &&
	test "$(field $n CPUs.Task) $(field $n MinCPUsNode)" = "2 2" &&
	scancel $m $n
'
test_expect_success 'holding a running job keeps it running (as Slurm)' '
	blocker=$(cat blocker.id) &&
	scontrol hold $blocker &&
	test "$(squeue -h -j $blocker -o %T)" = RUNNING &&
	scontrol release $blocker &&
	test "$(field $blocker Priority)" -gt 0
'

test_expect_success 'updated values and holds survive kill -9 of the controller' '
	b=$(cat b.id) && c=$(cat c.id) &&
	squeue -h -t all -o "%i %T %r %j %P %l %D %C %Q" | sort >before &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	squeue -h -t all -o "%i %T %r %j %P %l %D %C %Q" | sort >after &&
	test_cmp before after &&
	test "$(field $b JobName)" = renamed &&
	test "$(field $b Comment)" = two-nodes &&
	test "$(state $b)" = "PENDING JobHeldAdmin" &&
	test "$(field $c TimeLimit)" = 00:08:00 &&
	test "$(field $b NumNodes)" = 1-1
'

test_expect_success 'once the nodes are free the released job runs, the held one waits' '
	b=$(cat b.id) && c=$(cat c.id) &&
	as_nobody scontrol hold $c &&
	scancel $(cat blocker.id) &&
	scontrol release $b &&
	wait_job $b COMPLETED 30 &&
	flurm_wait_for "test -s slurm-$b.out" 5 &&
	echo ran-b >expect &&
	test_cmp expect slurm-$b.out &&
	test "$(state $c)" = "PENDING JobHeldUser" &&
	scancel $c
'

test_expect_success 'released after NumNodes=2, a job without -N runs on two nodes (as slurmctld)' '
	o=$(cat o.id) &&
	scontrol release $o &&
	wait_job $o COMPLETED 30 &&
	flurm_wait_for "test -s nn-$o.out" 5 &&
	echo "2 node[1-2] 1(x2)" >expect &&
	test_cmp expect nn-$o.out
'

test_expect_success 'update ExcNodeList, ReqNodeList: unknown nodes refused as by slurmctld, "" clears' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	test_must_fail scontrol update JobId=$id ExcNodeList=nosuch 2>err &&
	echo "Invalid node name specified for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$id ReqNodeList=node9 2>err &&
	echo "Invalid node name specified for job $id" >expect &&
	test_cmp expect err &&
	scontrol update JobId=$id ExcNodeList=node1 &&
	test "$(field $id ExcNodeList)" = node1 &&
	scontrol update JobId=$id ExcNodeList= &&
	test "$(field $id ExcNodeList)" = "(null)" &&
	scontrol update JobId=$id ReqNodeList=node2 &&
	test "$(field $id ReqNodeList)" = node2 &&
	scontrol update JobId=$id ReqNodeList= &&
	test "$(field $id ReqNodeList)" = "(null)" &&
	scancel $id
'

test_expect_success 'update Licenses without Licenses= in slurm.conf: slurmctld'"'"'s error' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	test_must_fail scontrol update JobId=$id Licenses=foo:1 2>err &&
	echo "Invalid license specification for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$id Gres=gpu:1 2>err &&
	echo "Invalid generic resource (gres) specification for job $id" >expect &&
	test_cmp expect err &&
	scancel $id
'

test_expect_success 'update MinTmpDiskNode, Requeue, Contiguous, OverSubscribe, TimeMin, MinCPUsNode, EligibleTime: shown as slurmctld' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	for kv in MinTmpDiskNode=5 Requeue=0 Contiguous=1 OverSubscribe=yes \
		TimeMin=2 MinCPUsNode=2 EligibleTime=now; do
		scontrol update JobId=$id $kv || return 1
	done &&
	test "$(field $id MinTmpDiskNode)" = 5M &&
	test "$(field $id Requeue)" = 0 &&
	test "$(field $id Contiguous)" = 1 &&
	test "$(field $id OverSubscribe)" = YES &&
	test "$(field $id TimeMin)" = 00:02:00 &&
	test "$(field $id MinCPUsNode)" = 2 &&
	test "$(field $id EligibleTime)" != Unknown &&
	scancel $id
'

# figures from slurmctld 22.05: a waiting job shows the CPUs in all it
# keeps (its min_cpus), which MinCPUsNode= sets and a new -c alone leaves
test_expect_success 'update MinCPUsNode=2, then NumTasks=2 NumCPUs=2 and CPUsPerTask=2: NumCPUs as slurmctld' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	scontrol update JobId=$id MinCPUsNode=2 &&
	test "$(field $id NumCPUs)" = 2 &&
	test "$(field $id NumTasks)" = 1 &&
	test "$(squeue -h -j $id -o %C)" = 2 &&
	scontrol update JobId=$id NumTasks=2 NumCPUs=2 MinMemoryCPU=50 &&
	scontrol update JobId=$id CPUsPerTask=2 2>err &&
	test_must_be_empty err &&
	test "$(field $id NumCPUs)" = 2 &&
	test "$(field $id NumTasks)" = 2 &&
	scontrol show job $id | grep -q " CPUs/Task=2 " &&
	scancel $id
'

test_expect_success 'update NumNodes=1 of -N2: one task without -n, two with -n2 (as slurmctld)' '
	a=$(submit --hold -N2 -o /dev/null --wrap true) &&
	b=$(submit --hold -N2 -n2 -o /dev/null --wrap true) &&
	scontrol update JobId=$a NumNodes=1 &&
	scontrol update JobId=$b NumNodes=1 &&
	test "$(field $a NumTasks)" = 1 &&
	test "$(field $a NumCPUs)" = 2 &&
	test "$(field $b NumTasks)" = 2 &&
	test "$(field $b NumCPUs)" = 2 &&
	scancel $a $b
'

test_expect_success 'update NumCPUs=2 of a one-task job: one task, and two CPUs once it runs (as slurmctld)' '
	id=$(submit --hold -o /dev/null --wrap "sleep 30") &&
	scontrol update JobId=$id NumCPUs=2 &&
	test "$(field $id NumTasks)" = 1 &&
	test "$(field $id NumCPUs)" = 2 &&
	scontrol release $id &&
	wait_job $id RUNNING &&
	test "$(field $id NumCPUs)" = 2 &&
	test "$(field $id NumTasks)" = 1 &&
	test "$(squeue -h -j $id -o %C)" = 2 &&
	scancel $id
'

test_expect_success 'update Shared=0, MailUser, MailType, Reboot, Account, QOS: taken and shown as slurmctld without accounting, kept across kill -9 of the controller' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	for kv in OverSubscribe=yes Shared=0 MailUser=a@b MailType=END \
		Reboot=yes Account=acct QOS=normal; do
		scontrol update JobId=$id $kv || return 1
	done &&
	printf "%s\n" OverSubscribe=NO MailUser=a@b MailType=END Reboot=1 \
		"Account=(null)" "QOS=(null)" | sort >expect &&
	scontrol show job -o $id | tr " " "\n" |
		grep -E "^(OverSubscribe|MailUser|MailType|Reboot|Account|QOS)=" |
		sort >actual &&
	test_cmp expect actual &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	scontrol show job -o $id | tr " " "\n" |
		grep -E "^(OverSubscribe|MailUser|MailType|Reboot|Account|QOS)=" |
		sort >actual &&
	test_cmp expect actual &&
	scancel $id &&
	n=$(as_nobody sbatch --parsable --hold -o /dev/null --wrap true) &&
	test_must_fail as_nobody scontrol update JobId=$n Reboot=yes 2>err &&
	echo "Access/permission denied for job $n" >expect &&
	test_cmp expect err &&
	scancel $n
'

test_expect_success 'sbatch --mail-type without --mail-user: the owner is shown as MailUser, as slurmctld; MailUser= gives it back' '
	m=$(submit --hold --mail-type=END -o /dev/null --wrap true) &&
	scontrol show job $m | grep -x "   MailUser=root MailType=END" &&
	scontrol update JobId=$m MailUser=x@y MailType=BEGIN,FAIL &&
	scontrol show job $m | grep -x "   MailUser=x@y MailType=BEGIN,FAIL" &&
	scontrol update JobId=$m MailUser= &&
	scontrol show job $m | grep -x "   MailUser=root MailType=BEGIN,FAIL" &&
	scancel $m
'

test_expect_success 'MailDomain in slurm.conf: a job without --mail-user gets USER@DOMAIN at submission, as slurmctld; MailUser= gives it back' '
	old=$(submit --hold --mail-type=END -o /dev/null --wrap true) &&
	echo MailDomain=example.org >>"$SLURM_CONF" &&
	scontrol reconfigure &&
	m=$(submit --hold --mail-type=END -o /dev/null --wrap true) &&
	g=$(submit --hold --mail-type=END --mail-user=bob -o /dev/null --wrap true) &&
	scontrol show job $m | grep -x "   MailUser=root@example.org MailType=END" &&
	scontrol show job $g | grep -x "   MailUser=bob MailType=END" &&
	scontrol show job $old | grep -x "   MailUser=root MailType=END" &&
	scontrol update JobId=$g MailUser= &&
	scontrol show job $g | grep -x "   MailUser=root@example.org MailType=END" &&
	sed -i "/^MailDomain=/d" "$SLURM_CONF" &&
	scontrol reconfigure &&
	scontrol show job $m | grep -x "   MailUser=root@example.org MailType=END" &&
	scancel $m $g $old
'

test_expect_success 'the owner of a waiting job: node lists, TimeMin, Requeue, WorkDir yes; OverSubscribe and adding Contiguous only for operators (as slurmctld)' '
	n=$(as_nobody sbatch --parsable --hold -o /dev/null --wrap true) &&
	for kv in ExcNodeList=node1 ReqNodeList=node2 TimeMin=1 Requeue=0 \
		WorkDir=/tmp MinTmpDiskNode=1 MinCPUsNode=1 MailUser=x@y; do
		as_nobody scontrol update JobId=$n $kv || return 1
	done &&
	test "$(field $n ExcNodeList)" = node1 &&
	test "$(field $n WorkDir)" = /tmp &&
	for kv in OverSubscribe=yes Shared=0 Contiguous=1; do
		test_must_fail as_nobody scontrol update JobId=$n $kv 2>err &&
		echo "Access/permission denied for job $n" >expect &&
		test_cmp expect err || return 1
	done &&
	scontrol update JobId=$n Contiguous=1 &&
	as_nobody scontrol update JobId=$n Contiguous=0 &&
	test "$(field $n Contiguous)" = 0 &&
	scancel $n
'

test_expect_success 'released after ExcNodeList=node1, WorkDir=, StdOut=: runs on node2 in that directory, writes there' '
	d=$(mktemp -d /tmp/flurm-wd.XXXXXX) && cleanup "rm -rf $d" &&
	id=$(submit --hold -o /dev/null --wrap "pwd; hostname >/dev/null; echo \$SLURMD_NODENAME") &&
	scontrol update JobId=$id ExcNodeList=node1 &&
	scontrol update JobId=$id WorkDir=$d &&
	scontrol update JobId=$id StdOut=$d/o.txt &&
	test "$(field $id WorkDir)" = $d &&
	test "$(field $id StdOut)" = $d/o.txt &&
	test "$(field $id StdErr)" = $d/o.txt &&
	scontrol release $id &&
	wait_job $id COMPLETED 30 &&
	flurm_wait_for "test -s $d/o.txt" 5 &&
	printf "%s\nnode2\n" $d >expect &&
	test_cmp expect $d/o.txt
'

test_expect_success 'released after ReqNodeList=node2: runs there' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	scontrol update JobId=$id ReqNodeList=node2 &&
	scontrol release $id &&
	wait_job $id COMPLETED 30 &&
	test "$(squeue -h -j $id -t all -o %N)" = node2
'

test_expect_success 'a running job: what only a waiting job may change is refused as by slurmctld, Requeue is taken' '
	id=$(submit -o /dev/null --wrap "sleep 60") &&
	wait_job $id RUNNING 30 &&
	for kv in ExcNodeList=node1 MinTmpDiskNode=5 Contiguous=1 \
		OverSubscribe=yes MinCPUsNode=2 WorkDir=/tmp StdOut=/tmp/o.txt; do
		test_must_fail scontrol update JobId=$id $kv 2>err &&
		echo "Job is no longer pending execution for job $id" >expect &&
		test_cmp expect err || return 1
	done &&
	for kv in Account=acct Reboot=yes; do
		test_must_fail scontrol update JobId=$id $kv 2>err &&
		echo "Job is no longer pending execution for job $id" >expect &&
		test_cmp expect err || return 1
	done &&
	scontrol update JobId=$id Requeue=0 &&
	test "$(field $id Requeue)" = 0 &&
	scontrol update JobId=$id MailUser=a@b MailType=END QOS=normal &&
	test "$(field $id MailUser)" = a@b &&
	test "$(field $id MailType)" = END &&
	scancel $id
'

test_done
