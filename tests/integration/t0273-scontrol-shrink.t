#!/bin/bash
test_description='scontrol update NumNodes= and ReqNodeList= of a running job with the real scontrol (slurmctld resize): the job keeps its batch node and its first other nodes, scontrol writes the resize script, the nodes released are free at once and the job'"'"'s step there ends; growing, NumNodes=0, a node list without the batch node and another user refused with slurmctld'"'"'s errors'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

# as_nobody CMD...: a client as user nobody from a directory it may
# write to.
as_nobody() {
	(cd "$NOBODY_DIR" && runuser -u nobody -- "$@")
}
NOBODY_DIR=$(mktemp -d /tmp/flurm-shrink.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"

# The job runs a step on node2 alone, then shrinks itself to one node
# once told to (the file go), and sources the script scontrol wrote for
# it (the way Slurm's documentation shows it).
cat >resize.sh <<'EOF2'
#!/bin/sh
srun -N1 -n1 -w node2 sleep 471 &
echo "$SLURM_JOB_NODELIST $SLURM_JOB_NUM_NODES $SLURM_JOB_CPUS_PER_NODE" >env.before
while ! test -e go; do sleep 0.2; done
scontrol update JobId=$SLURM_JOB_ID NumNodes=1 >resize.out 2>&1
echo "rc $?" >>resize.out
. ./slurm_job_${SLURM_JOB_ID}_resize.sh
echo "$SLURM_JOB_NODELIST $SLURM_JOB_NUM_NODES $SLURM_JOB_CPUS_PER_NODE" >env.after
wait
exec sleep 472
EOF2
chmod +x resize.sh

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'a running two-node job with a step on its second node' '
	id=$(submit -J shrink -N2 -o job.out ./resize.sh) &&
	echo $id >a.id &&
	wait_job $id RUNNING &&
	flurm_wait_for "pgrep -f \"^sleep 471\$\" >/dev/null" 20 &&
	squeue -h -s -j $id -o %i | grep -q "^$id\.0\$" &&
	echo "node[1-2] 2 1(x2)" >expect &&
	test_cmp expect env.before &&
	test "$(field $id NodeList)" = "node[1-2]" &&
	test "$(field $id NumNodes)" = 2 &&
	test "$(field $id NumCPUs)" = 2
'

test_expect_success 'another user may not shrink it: slurmctld'"'"'s error, nothing changes' '
	id=$(cat a.id) &&
	test_must_fail as_nobody scontrol update JobId=$id NumNodes=1 2>err &&
	echo "Invalid user id for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail as_nobody scontrol update JobId=$id ReqNodeList=node1 2>err &&
	test_cmp expect err &&
	test "$(field $id NodeList)" = "node[1-2]"
'

test_expect_success 'growing, NumNodes=0, MIN-MAX and a list without the batch node are refused as by slurmctld' '
	id=$(cat a.id) &&
	test_must_fail scontrol update JobId=$id NumNodes=3 2>err &&
	echo "Requested operation not supported on this system for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$id NumNodes=0 2>err &&
	echo "Node count specification invalid for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$id NumNodes=1-1 2>err &&
	echo "Job is no longer pending execution for job $id" >expect &&
	test_cmp expect err &&
	# the batch host (node1) cannot be released; an unknown node and
	# an empty list neither
	for l in node2 node9 "node[1-2],node9"; do
		test_must_fail scontrol update JobId=$id ReqNodeList="$l" 2>err &&
		echo "Invalid node name specified for job $id" >expect &&
		test_cmp expect err || return 1
	done &&
	# its own nodes and its own count change nothing
	scontrol update JobId=$id NumNodes=2 &&
	scontrol update JobId=$id ReqNodeList="node[1-2]" &&
	test "$(field $id NodeList)" = "node[1-2]" &&
	test "$(field $id NumCPUs)" = 2 &&
	pgrep -f "^sleep 471\$" >/dev/null
'

test_expect_success 'NumNodes=1 from inside the job: the resize script, the step on node2 ends' '
	id=$(cat a.id) &&
	touch go &&
	flurm_wait_for "test -s env.after" 20 &&
	cat >expect <<-EOF &&
	To reset Slurm environment variables, execute
	  For bash or sh shells:  . ./slurm_job_${id}_resize.sh
	  For csh shells:         source ./slurm_job_${id}_resize.csh
	rc 0
	EOF
	test_cmp expect resize.out &&
	echo "node1 1 1" >expect &&
	test_cmp expect env.after &&
	grep -q "setenv SLURM_JOB_NODELIST \"node1\"" slurm_job_${id}_resize.csh &&
	# its step on the node released was stopped
	flurm_wait_for "! pgrep -f \"^sleep 471\$\" >/dev/null" 15 &&
	squeue -h -s -j $id -o %i >steps &&
	! grep -q "^$id\.0\$" steps &&
	flurm_wait_for "pgrep -f \"^sleep 472\$\" >/dev/null" 15 &&
	test "$(squeue -h -j $id -o "%T %D %N %C")" = "RUNNING 1 node1 1" &&
	test "$(field $id NodeList)" = node1 &&
	test "$(field $id NumNodes)" = 1 &&
	test "$(field $id NumCPUs)" = 1 &&
	test "$(field $id TRES)" = "cpu=1,node=1,billing=1" &&
	test "$(field $id BatchHost)" = node1 &&
	# no task count given (-N2): a task a node it holds, as slurmctld
	test "$(field $id NumTasks)" = 1
'

test_expect_success 'the node released is idle, and another job starts there at once' '
	test "$(sinfo -h -n node2 -p debug -o %T)" = idle &&
	test "$(sinfo -h -n node1 -p debug -o %T)" = mixed &&
	b=$(submit -w node2 -o /dev/null --wrap "sleep 473") &&
	wait_job $b RUNNING 10 &&
	test "$(squeue -h -j $b -o %N)" = node2 &&
	echo $b >b.id
'

test_expect_success 'the new shape outlives a controller restart' '
	id=$(cat a.id) &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(squeue -h -j $id -o "%T %D %N %C")" = "RUNNING 1 node1 1" &&
	test "$(squeue -h -j $(cat b.id) -o "%T %N")" = "RUNNING node2" &&
	scancel $id $(cat b.id) &&
	wait_job $id CANCELLED &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a suspended job shrinks too, and runs on its node kept once resumed' '
	s=$(submit -N2 -o /dev/null --wrap "sleep 475") &&
	wait_job $s RUNNING &&
	scontrol suspend $s &&
	wait_job $s SUSPENDED &&
	scontrol update JobId=$s NumNodes=1 &&
	test "$(squeue -h -j $s -o "%T %D %N %C")" = "SUSPENDED 1 node1 1" &&
	test "$(sinfo -h -n node2 -p debug -o %T)" = idle &&
	scontrol resume $s &&
	wait_job $s RUNNING &&
	test "$(squeue -h -j $s -o "%D %N")" = "1 node1" &&
	scancel $s &&
	wait_job $s CANCELLED &&
	flurm_wait_nodes idle 30
'

test_expect_success 'an array task shrinks when named alone, not the whole array' '
	a=$(submit --array=0-1 -N2 -o /dev/null --wrap "sleep 476") &&
	wait_job ${a}_0 RUNNING &&
	wait_job ${a}_1 RUNNING &&
	# scontrol itself refuses a whole array (as with slurmctld)
	test_must_fail scontrol update JobId=$a NumNodes=1 2>err &&
	echo "scontrol: error: Job resizing not supported for job arrays" >expect &&
	test_cmp expect err &&
	test "$(squeue -h -j ${a}_0 -o "%D %N")" = "2 node[1-2]" &&
	scontrol update JobId=${a}_1 NumNodes=1 &&
	test "$(squeue -h -j ${a}_1 -o "%T %D %N")" = "RUNNING 1 node1" &&
	test "$(squeue -h -j ${a}_0 -o "%D %N")" = "2 node[1-2]" &&
	scancel $a &&
	flurm_wait_nodes idle 30
'

test_expect_success 'the owner shrinks its job with ReqNodeList=: the nodes named stay' '
	c=$(cd "$NOBODY_DIR" && runuser -u nobody -- sbatch -N2 -o /dev/null \
		--wrap "sleep 474" | sed -n "s/^Submitted batch job //p") &&
	test -n "$c" &&
	wait_job $c RUNNING &&
	test_must_fail as_nobody scontrol update JobId=$c ReqNodeList=node2 2>err &&
	echo "Invalid node name specified for job $c" >expect &&
	test_cmp expect err &&
	as_nobody scontrol update JobId=$c ReqNodeList=node1 >out 2>&1 &&
	test_must_be_empty out &&
	test "$(squeue -h -j $c -o "%T %D %N %C")" = "RUNNING 1 node1 1" &&
	test "$(sinfo -h -n node2 -p debug -o %T)" = idle &&
	scancel $c
'

test_done
