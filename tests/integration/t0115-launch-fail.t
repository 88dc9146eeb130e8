#!/bin/bash
test_description='Launch failures: the node'"'"'s fault (cgroup unusable, spool unwritable) drains it with reason "batch job complete failure" and requeues the job, which runs elsewhere; the job'"'"'s fault (a --chdir that does not exist) fails the job and drains nothing'
. "$(dirname "$0")/test-lib.sh"

# node1 wants cgroups (cgroup = yes) but FLURM_CGROUP_ROOT, which every
# node daemon reads, is a plain directory: each launch there fails. node2
# and node3 track jobs by process group and work.
flurm_tmpdir T || error "cannot make a directory for the jobs"
mkdir "$T/notcg" "$T/out" && chmod 0777 "$T/out" ||
	error "cannot make the test directories"
FLURM_CGROUP_ROOT=$T/notcg
FLURM_ND_CONF_EXTRA_node1='cgroup = "yes"'
FLURM_ND_CONF_EXTRA_node2='cgroup = "no"'
FLURM_ND_CONF_EXTRA_node3='cgroup = "no"'
export FLURM_CGROUP_ROOT FLURM_ND_CONF_EXTRA_node1 FLURM_ND_CONF_EXTRA_node2 \
	FLURM_ND_CONF_EXTRA_node3
# A requeued job waits its launch credential's lifetime and a second
# (slurmctld's BeginTime); a short AuthInfo=cred_expire keeps this short.
FLURM_CRED_EXPIRE=5
export FLURM_CRED_EXPIRE
test_under_flurm 3 || error "cannot start a cluster"

job_state() { squeue -h -j "$1" -t all -o %T 2>/dev/null; }
wait_state() {
	flurm_wait_for "test \"\$(job_state $1)\" = $2" "${3:-30}"
}
node_state() { sinfo -h -n "$1" -o %T 2>/dev/null | sort -u; }

test_expect_success 'cluster is up; node1 says cgroup v2 is not usable' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	grep "cgroup = yes, but cgroup v2 is not usable (cgroup v2 is not mounted at $T/notcg)" \
		"$(flurm_nd_log node1)"
'

# Nodes are taken lowest first, so the job goes to node1 and, once that is
# drained, to node2.
test_expect_success 'cgroup unusable: node1 drained, the job requeued and run on node2' '
	id=$(submit -o "$T/out/cg-%j.out" --wrap "echo ran on \$SLURMD_NODENAME") &&
	test -n "$id" &&
	wait_state $id COMPLETED &&
	echo "ran on node2" >expect &&
	test_cmp expect "$T/out/cg-$id.out" &&
	grep "job $id failed to start on node1: cgroup = yes, but cgroup v2 is not usable on node node1" \
		"$(flurm_ctld_log 1)" &&
	grep "draining node node1: batch job complete failure" "$(flurm_ctld_log 1)" &&
	scontrol show job $id >job &&
	grep -w "Restarts=1" job &&
	grep -w "ExitCode=0:0" job &&
	test "$(node_state node1)" = drained &&
	sinfo -R -h -o "%E|%N" >reasons &&
	grep -x "batch job complete failure|node1" reasons &&
	scontrol show node node1 >node &&
	grep "State=IDLE+DRAIN" node &&
	grep "Reason=batch job complete failure" node
'

test_expect_success 'the drained node gets no more jobs' '
	id=$(submit -o "$T/out/next-%j.out" --wrap "echo ran on \$SLURMD_NODENAME") &&
	wait_state $id COMPLETED &&
	echo "ran on node2" >expect &&
	test_cmp expect "$T/out/next-$id.out" &&
	scontrol show job $id >job &&
	grep -w "Restarts=0" job
'

# node3's spool cannot hold a job directory. The job may run only there:
# it waits, requeued (not held), and runs once the node is fixed and
# resumed.
test_expect_success 'spool unwritable: node3 drained, the job waits with its reason' '
	spool=$FLURM_SCRATCH/node3/spool &&
	rmdir "$spool" && touch "$spool" &&
	id=$(submit -w node3 -o "$T/out/spool-%j.out" --wrap "echo ran on \$SLURMD_NODENAME") &&
	echo $id >spool.id &&
	flurm_wait_for "test \"\$(node_state node3)\" = drained" 30 &&
	grep "job $id: launch failed: cannot start job $id on node node3: cannot create $spool/job$id" \
		"$(flurm_nd_log node3)" &&
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING JobLaunchFailure\"" 20 &&
	scontrol show job $id >job &&
	grep -w "JobState=PENDING" job &&
	grep -w "Reason=JobLaunchFailure" job &&
	grep -w "Restarts=1" job &&
	grep -w "Priority=[1-9][0-9]*" job &&
	sinfo -R -h -o "%E|%N" >reasons &&
	grep -x "batch job complete failure|node\[1,3\]" reasons &&
	! test -e "$T/out/spool-$id.out"
'

test_expect_success 'node3 fixed and resumed: the requeued job runs there' '
	id=$(cat spool.id) &&
	spool=$FLURM_SCRATCH/node3/spool &&
	rm "$spool" && mkdir "$spool" &&
	scontrol update nodename=node3 state=resume &&
	wait_state $id COMPLETED &&
	echo "ran on node3" >expect &&
	test_cmp expect "$T/out/spool-$id.out" &&
	test "$(node_state node3)" = idle
'

# As in Slurm: the job runs in /tmp, but its output file is named under
# the directory it asked for, so the default slurm-%j.out cannot be
# opened and the job fails (slurmstepd's ESLURMD_IO_ERROR as its status,
# shown 0:53, reason JobLaunchFailure); the node is fine.
test_expect_success 'a --chdir that does not exist fails the job and drains nothing' '
	id=$(submit -w node2 --chdir="$T/missing" --wrap "echo hi") &&
	wait_state $id FAILED &&
	scontrol show job $id >job &&
	grep -w "ExitCode=0:53" job &&
	grep -w "Reason=JobLaunchFailure" job &&
	grep -w "Restarts=0" job &&
	grep "job $id failed to start on node2: cannot open output file $T/missing/slurm-$id.out" \
		"$(flurm_ctld_log 1)" &&
	! grep "draining node node2" "$(flurm_ctld_log 1)" &&
	test "$(node_state node2)" = idle &&
	sinfo -R -h -o "%N" >drained &&
	! grep node2 drained
'

test_expect_success 'with an absolute output file it runs in /tmp and says so' '
	id=$(submit -w node2 --chdir="$T/missing" -o "$T/out/abs-%j.out" --wrap pwd) &&
	wait_state $id COMPLETED &&
	grep -x /tmp "$T/out/abs-$id.out" &&
	grep "couldn.t chdir to .$T/missing.: No such file or directory: going to /tmp instead" \
		"$T/out/abs-$id.out" &&
	test "$(node_state node2)" = idle
'

test_done
