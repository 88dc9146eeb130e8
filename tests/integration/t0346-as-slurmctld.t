#!/bin/bash
test_description='what slurmctld 22.05 prints, as make compare found it: sbatch refusals with their reason (sbatch --test-only without it), held jobs beyond every node taken and then BadConstraints, empty topology, front end, burst buffer, association and share answers, the TRES of a job that asked no memory, the NumNodes of waiting jobs (-N2 2-2, -N1-3 1-3, -N1 1-1, -N1-3 -n3 2-3, -n3 its guess 2), also after a restart, a running job its node count, node features, active features, Comment and Extra updates (also over a restart and reconfigure), and features that fit only the first nodes of an update'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 1 || error "cannot start a cluster"

test_expect_success 'the node registers' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

# What sbatch prints against a real slurmctld 22.05 (make compare,
# case sbatch-errors): the reason first, then the error code's words.
test_expect_success 'an unknown partition is named, as slurmctld names it' '
	test_expect_code 1 sbatch -p nosuch --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: invalid partition specified: nosuch
	sbatch: error: Batch job submission failed: Invalid partition name specified
	EXP
	test_cmp expect out
'

test_expect_success 'in a list, the first unknown partition is named' '
	test_expect_code 1 sbatch -p debug,nosuch,other --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: invalid partition specified: nosuch
	sbatch: error: Batch job submission failed: Invalid partition name specified
	EXP
	test_cmp expect out
'

test_expect_success 'more memory than any node has: the reason, then the code' '
	test_expect_code 1 sbatch --mem=5000 --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: Memory specification can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EXP
	test_cmp expect out
'

test_expect_success 'more TmpDisk than any node has: the reason, then the code' '
	test_expect_code 1 sbatch --tmp=2000 --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: Temporary disk specification can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EXP
	test_cmp expect out
'

test_expect_success 'a feature no node has is an invalid feature' '
	test_expect_code 1 sbatch -C nosuchfeature --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Invalid feature specification" >expect &&
	test_cmp expect out &&
	test_expect_code 1 sbatch -C "[nosuch*2&other]" --wrap true >out 2>&1 &&
	test_cmp expect out
'

# slurmctld starts a job cancelled while pending when it ends it, so its
# RunTime is 0; held until then, it never was eligible.
test_expect_success 'a held job cancelled: RunTime 0, started as it ended, never eligible' '
	id=$(sbatch --parsable --hold -o /dev/null --wrap true) &&
	scancel $id &&
	flurm_wait_for "test \"\$(field $id JobState)\" = CANCELLED" 10 &&
	test "$(field $id RunTime)" = 00:00:00 &&
	test "$(field $id StartTime)" = "$(field $id EndTime)" &&
	test "$(field $id EligibleTime)" = Unknown
'

# slurmd sets SLURM_NTASKS and SLURM_NPROCS for a batch job only when it
# asked for a task count; sbatch sends them then.
test_expect_success 'a batch job that asked no task count has no SLURM_NTASKS' '
	a=$(sbatch --parsable -o a.out --wrap "echo \"[\${SLURM_NTASKS-unset}] [\${SLURM_NPROCS-unset}] \$SLURM_TASKS_PER_NODE\"") &&
	b=$(sbatch --parsable -n 2 -o b.out --wrap "echo \"[\$SLURM_NTASKS] [\$SLURM_NPROCS] \$SLURM_TASKS_PER_NODE\"") &&
	flurm_wait_for "test -s a.out && test -s b.out" 30 &&
	echo "[unset] [unset] 1" >expect &&
	test_cmp expect a.out &&
	echo "[2] [2] 2" >expect &&
	test_cmp expect b.out
'

test_expect_success 'waiting for a drained node: squeue names it as slurmctld does' '
	scontrol update NodeName=node1 State=DRAIN Reason=cmp &&
	id=$(sbatch --parsable -o /dev/null --wrap true) &&
	flurm_wait_for "squeue -h -j $id -o %r | grep -q ^ReqNodeNotAvail" 20 &&
	echo "ReqNodeNotAvail, UnavailableNodes:node1" >expect &&
	squeue -h -j $id -o %r >out &&
	test_cmp expect out &&
	scancel $id &&
	scontrol update NodeName=node1 State=RESUME &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a partition made with scontrol create has MinNodes=1, as slurmctld gives it' '
	scontrol create PartitionName=made Nodes=node1 &&
	scontrol show partition made >out &&
	grep -q " MinNodes=1 " out &&
	scontrol show partition debug >out &&
	grep -q " MinNodes=0 " out &&
	scontrol delete PartitionName=made
'

test_expect_success 'a running job requeued keeps no exit code of the run it left' '
	id=$(sbatch --parsable -o /dev/null --wrap "sleep 60") &&
	wait_job $id RUNNING &&
	scontrol requeuehold $id &&
	flurm_wait_nodes idle 30 &&
	test "$(field $id JobState)" = PENDING &&
	test "$(field $id Restarts)" = 1 &&
	test "$(field $id ExitCode)" = 0:0 &&
	scancel $id
'

# slurmctld tests dependencies in its scheduling passes, which leave held
# jobs out: a held job shows each one as submitted.
test_expect_success 'a held job shows its dependencies as submitted, a released one what is left' '
	done_id=$(sbatch --parsable -o /dev/null --wrap true) &&
	wait_job $done_id COMPLETED &&
	id=$(sbatch --parsable --hold -d "afterany:$done_id,afterok:999999" -o /dev/null --wrap "sleep 30") &&
	echo "afterany:$done_id(unfulfilled),afterok:999999(unfulfilled)" >expect &&
	squeue -h -j $id -o %E >out &&
	test_cmp expect out &&
	scontrol release $id &&
	echo "(null)" >expect &&
	squeue -h -j $id -o %E >out &&
	test_cmp expect out &&
	scancel $id
'

test_expect_success 'scontrol update of a feature no node has: an invalid feature' '
	id=$(sbatch --parsable --hold -o /dev/null --wrap true) &&
	test_expect_code 1 scontrol update JobId=$id Features=nosuch >out 2>&1 &&
	echo "Invalid feature specification for job $id" >expect &&
	test_cmp expect out &&
	scancel $id
'

test_expect_success 'other refusals keep the code alone' '
	test_expect_code 1 sbatch -w nosuch --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Invalid node name specified" >expect &&
	test_cmp expect out
'

# -N0 asks for no node at all: slurmctld refuses the count (make
# compare, cases input-errors and srun-direct)
test_expect_success 'sbatch -N0, srun -N0, salloc -N0: node count invalid' '
	test_expect_code 1 sbatch -N0 --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Node count specification invalid" >expect &&
	test_cmp expect out &&
	test_expect_code 1 timeout 60 srun -t 5 -N0 true >out 2>&1 &&
	echo "srun: error: Unable to allocate resources: Node count specification invalid" >expect &&
	test_cmp expect out &&
	test_expect_code 1 timeout 60 salloc -N0 true >out 2>&1 &&
	echo "salloc: error: Job submit/allocate failed: Node count specification invalid" >expect &&
	test_cmp expect out
'

# a node name no node has: slurmctld answers an empty node list (make
# compare, case bad-ids)
test_expect_success 'sinfo -n and scontrol show node of an unknown name: no nodes, as slurmctld' '
	sinfo -n nosuch -h -o "%P %D %t" >out &&
	printf "debug* 0 n/a\nbatch 0 n/a\n" >expect &&
	test_cmp expect out &&
	test_expect_code 1 scontrol show node nosuch >out 2>&1 &&
	echo "Node nosuch not found" >expect &&
	test_cmp expect out
'

# slurmctld's will-run test (sbatch --test-only) answers the code
# alone, where a submission also gets the reason (make compare, case
# test-only-refusals)
test_expect_success 'sbatch --test-only beyond every node: the code, no reason' '
	echo "allocation failure: Requested node configuration is not available" >expect &&
	test_expect_code 1 sbatch --test-only --mem=5000 --wrap true >out 2>&1 &&
	test_cmp expect out &&
	test_expect_code 1 sbatch --test-only --mem-per-cpu=1200 --wrap true >out 2>&1 &&
	test_cmp expect out &&
	test_expect_code 1 sbatch --test-only --tmp=2000 --wrap true >out 2>&1 &&
	test_cmp expect out
'

# More memory a CPU than any node has is named; 600 MB a CPU for two CPUs
# on a 1000 MB node is not (each CPU fits), but FLURM counts the memory
# a job asks, as slurmctld does with SelectTypeParameters=CR_Core_Memory
# (Slurm's default), and that refuses it with the code alone.
test_expect_success 'memory a CPU beyond every node: named; in all beyond it: the code' '
	test_expect_code 1 sbatch --mem-per-cpu=1200 --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: Memory specification can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EXP
	test_cmp expect out &&
	test_expect_code 1 sbatch --mem-per-cpu=600 -c 2 --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect out &&
	test_expect_code 1 timeout 60 salloc --mem-per-cpu=600 -c 2 true >out 2>&1 &&
	echo "salloc: error: Job submit/allocate failed: Requested node configuration is not available" >expect &&
	test_cmp expect out
'

test_expect_success 'nothing was queued by the refusals' '
	squeue -h -o %i >q &&
	test_must_be_empty q
'

# slurmctld counts a pending job that asked no memory as taking its
# partition's first node's memory; once it runs under CR_Core, none.
test_expect_success 'a held job that asked no memory: TRES has the node memory' '
	id=$(sbatch --parsable --hold -o /dev/null --wrap true) &&
	test "$(field $id TRES)" = "cpu=1,mem=1000M,node=1,billing=1" &&
	scancel $id &&
	test "$(field $id TRES)" = "cpu=1,mem=1000M,node=1,billing=1"
'

test_expect_success 'a held job that asked memory: TRES has what it asked' '
	id=$(sbatch --parsable --hold --mem=200 -o /dev/null --wrap true) &&
	test "$(field $id TRES)" = "cpu=1,mem=200M,node=1,billing=1" &&
	scancel $id
'

# slurmctld does not look at the nodes for a job held at submission
# (make compare, case held-unsatisfiable): more memory or TmpDisk than
# any node has is taken; released, the job waits BadConstraints and
# holds up nothing.
test_expect_success 'held at submission, more than any node has: taken; released, BadConstraints' '
	m=$(sbatch --parsable --hold --mem=5000 -o /dev/null --wrap true) &&
	t=$(sbatch --parsable --hold --tmp=2000 -o /dev/null --wrap true) &&
	test "$(squeue -h -j $m,$t -o "%t %r" | sort -u)" = "PD JobHeldUser" &&
	scontrol release $m,$t &&
	flurm_wait_for "test \"\$(squeue -h -j $m,$t -o \"%t %r\" | sort -u)\" = \"PD BadConstraints\"" 20 &&
	ok=$(sbatch --parsable -o /dev/null --wrap true) &&
	wait_job $ok COMPLETED 30 &&
	test "$(squeue -h -j $m,$t -o "%t %r" | sort -u)" = "PD BadConstraints" &&
	scancel $m $t
'

# slurmctld without accounting, fairshare, topology, burst buffers or
# front ends answers with empty lists (make compare, case empty-info)
test_expect_success 'scontrol show topology, frontend, burstbuffer, dwstat, assoc_mgr, reservation, sshare, strigger --get: empty; schedloglevel disabled, as slurmctld' '
	scontrol show topology >out 2>&1 &&
	echo "scontrol: error: No topology information available" >expect &&
	test_cmp expect out &&
	scontrol show frontend >out 2>&1 &&
	echo "No nodes in the system" >expect &&
	test_cmp expect out &&
	scontrol show burstbuffer >out 2>&1 &&
	test_must_be_empty out &&
	scontrol show assoc_mgr >out 2>&1 &&
	printf "%s\n" "Current Association Manager state" "" \
		"No users currently cached in Slurm." "" "" \
		"No associations currently cached in Slurm." "" "" \
		"No QOS currently cached in Slurm." "" >expect &&
	test_cmp expect out &&
	sshare >out 2>&1 &&
	head -1 out | grep -q "^Account  *User  *RawShares  *NormShares  *RawUsage  *EffectvUsage  *FairShare" &&
	test $(wc -l <out) = 2 &&
	scontrol show reservation >out 2>&1 &&
	echo "No reservations in the system" >expect &&
	test_cmp expect out &&
	strigger --get >out 2>&1 &&
	test_must_be_empty out &&
	scontrol show dwstat >out 2>&1 &&
	test_must_be_empty out &&
	test_must_fail scontrol schedloglevel 1 2>err &&
	echo "slurm_set_schedlog_level error: Requested operation is presently disabled" >expect &&
	test_cmp expect err
'

# slurmctld (make compare, case launch-failures): a job ended by a
# signal, or whose output or input file cannot be opened (slurmstepd's
# ESLURMD_IO_ERROR, 4021, as its status), is FAILED JobLaunchFailure
test_expect_success 'a job ended by a signal or without its files: JobLaunchFailure, as slurmctld' '
	a=$(sbatch --parsable -o /nonexistent/dir/out.txt --wrap true) &&
	b=$(sbatch --parsable -o /dev/null --wrap "kill -9 \$\$") &&
	c=$(sbatch --parsable -i /nonexistent/in.txt -o /dev/null --wrap true) &&
	wait_job $a FAILED 30 && wait_job $b FAILED 30 && wait_job $c FAILED 30 &&
	for j in $a $b $c; do
		scontrol show job $j | grep -oE "(JobState|Reason|ExitCode)=[^ ]*" || return 1
	done >out &&
	printf "%s\n" JobState=FAILED Reason=JobLaunchFailure ExitCode=0:53 \
		JobState=FAILED Reason=JobLaunchFailure ExitCode=0:9 \
		JobState=FAILED Reason=JobLaunchFailure ExitCode=0:53 >expect &&
	test_cmp expect out
'

test_expect_success 'a running job that asked no memory: TRES has none' '
	id=$(sbatch --parsable -o /dev/null --wrap "sleep 30") &&
	wait_job $id RUNNING &&
	test "$(field $id TRES)" = "cpu=1,node=1,billing=1" &&
	scancel $id
'


# make compare, case node-counts: slurmctld keeps the upper count -N
# sends (-N2 sends 2 as both) and shows a waiting job's NumNodes as a
# range; -n alone has none, and squeue %D is the lower count. One node
# here: the -N2 jobs wait PartitionNodeLimit, held besides.
test_expect_success 'waiting jobs show -N as a range, -n alone its guess' '
	n2=$(sbatch --parsable --hold -N2 -o /dev/null --wrap true) &&
	n13=$(sbatch --parsable --hold -N1-3 -o /dev/null --wrap true) &&
	n1=$(sbatch --parsable --hold -N1 -o /dev/null --wrap true) &&
	n2n4=$(sbatch --parsable --hold -N2 -n4 -o /dev/null --wrap true) &&
	n3=$(sbatch --parsable --hold -n3 -o /dev/null --wrap true) &&
	none=$(sbatch --parsable --hold -o /dev/null --wrap true) &&
	n13n3=$(sbatch --parsable --hold -N1-3 -n3 -o /dev/null --wrap true) &&
	echo "$n2 $n13 $n1 $n2n4 $n3 $none $n13n3" >ranged.ids &&
	for j in $(cat ranged.ids); do
		field $j NumNodes || return 1
	done >actual &&
	printf "%s\n" 2-2 1-3 1-1 2-2 2 1 2-3 >expect &&
	test_cmp expect actual &&
	squeue -h -S i -j $n2,$n13,$n1,$n2n4,$n3,$none,$n13n3 -o "%D %C" >actual &&
	printf "%s\n" "2 2" "1 1" "1 1" "2 4" "2 3" "1 1" "2 3" >expect &&
	test_cmp expect actual
'

test_expect_success 'the ranges survive a controller restart' '
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	for j in $(cat ranged.ids); do
		field $j NumNodes || return 1
	done >actual &&
	printf "%s\n" 2-2 1-3 1-1 2-2 2 1 2-3 >expect &&
	test_cmp expect actual
'

test_expect_success 'a running -N1 job shows its one node' '
	scancel $(cat ranged.ids) &&
	id=$(sbatch --parsable -N1 -o /dev/null --wrap "sleep 30") &&
	wait_job $id RUNNING &&
	test "$(field $id NumNodes)" = 1 &&
	test "$(squeue -h -j $id -o %D)" = 1 &&
	scancel $id
'

# What slurmctld 22.05 (no NodeFeatures plugin) answered for the same
# updates side by side: Features= sets both lists; the active list (the
# one given, else the node's) must be part of the available one
test_expect_success 'scontrol update NodeName= Features=: taken, shown, used; slurmctld'"'"'s refusals' '
	scontrol update NodeName=node1 Features=foo &&
	scontrol update NodeName=node1 ActiveFeatures=foo &&
	scontrol show node node1 | grep -E "Features" >out &&
	printf "%s\n" "   AvailableFeatures=foo" "   ActiveFeatures=foo" >expect &&
	test_cmp expect out &&
	test "$(sinfo -h -n node1 -o "%n %f")" = "node1 foo" &&
	id=$(sbatch --parsable -o /dev/null -C foo --wrap true) &&
	wait_job $id COMPLETED 30 &&
	test_must_fail scontrol update NodeName=node1 Features= 2>err &&
	echo "slurm_update error: Active features not subset of available features" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update NodeName=node1 Features=bar 2>err &&
	test_cmp expect err &&
	scontrol update NodeName=node1 Features=foo,bar &&
	test_must_fail scontrol update NodeName=node1 ActiveFeatures=baz 2>err &&
	test_cmp expect err &&
	scontrol update NodeName=node1 ActiveFeatures=foo,bar &&
	test "$(sinfo -h -n node1 -o %f)" = foo,bar &&
	test_must_fail scontrol update NodeName=nosuch Features=x 2>err &&
	echo "slurm_update error: Invalid node name specified" >expect &&
	test_cmp expect err &&
	scontrol update NodeName=node1 Features= ActiveFeatures= &&
	test "$(sinfo -h -n node1 -o %f)" = "(null)"
'

# make compare, case node-features: an active list apart from the
# available one, Comment and Extra, as slurmctld keeps and shows them
test_expect_success 'ActiveFeatures= apart, Comment=, Extra=: taken, shown, -C matches the active list' '
	scontrol update NodeName=node1 Features=a,b ActiveFeatures=a &&
	scontrol update NodeName=node1 Comment="new disk" Extra=rack=4 &&
	scontrol show node node1 | grep -E "Features|Comment|Extra" >out &&
	printf "%s\n" "   AvailableFeatures=a,b" "   ActiveFeatures=a" \
		"   Comment=new disk" "   Extra=rack=4" >expect &&
	test_cmp expect out &&
	test "$(sinfo -h -n node1 -o "%f|%b")" = "a,b|a" &&
	sinfo -h -n node1 -O Comment:10,Extra:7 >out &&
	echo "new disk  rack=4 " >expect &&
	test_cmp expect out &&
	id=$(sbatch --parsable -o /dev/null -C a --wrap true) &&
	wait_job $id COMPLETED 30 &&
	test_expect_code 1 sbatch -o /dev/null -C b --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update NodeName=node1 Features=b 2>err &&
	echo "slurm_update error: Active features not subset of available features" >expect &&
	test_cmp expect err
'

test_expect_success 'they survive a controller restart' '
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	scontrol show node node1 | grep -E "Features|Comment|Extra" >out &&
	printf "%s\n" "   AvailableFeatures=a,b" "   ActiveFeatures=a" \
		"   Comment=new disk" "   Extra=rack=4" >expect &&
	test_cmp expect out &&
	flurmsh node show node1 >out &&
	grep "^active_features  *a$" out && grep "^comment  *new disk$" out &&
	grep "^extra  *rack=4$" out
'

test_expect_success 'an emptied active list shows empty; reconfigure brings back slurm.conf features, keeps the comment' '
	scontrol update NodeName=node1 Features= ActiveFeatures= &&
	scontrol show node node1 | grep -E "Features" >out &&
	printf "%s\n" "   AvailableFeatures=(null)" "   ActiveFeatures=" >expect &&
	test_cmp expect out &&
	scontrol update NodeName=node1 Features=x ActiveFeatures= &&
	scontrol reconfigure &&
	scontrol show node node1 | grep -E "Features|Comment|Extra" >out &&
	printf "%s\n" "   AvailableFeatures=(null)" "   ActiveFeatures=(null)" \
		"   Comment=new disk" "   Extra=rack=4" >expect &&
	test_cmp expect out &&
	scontrol update NodeName=node1 Comment= Extra= &&
	test -z "$(scontrol show node node1 | grep -E "Comment|Extra")"
'

test_expect_success 'a node update FLURM does not keep (Gres, CpuBind) is refused, not dropped' '
	test_must_fail scontrol update NodeName=node1 CpuBind=cores 2>err &&
	echo "slurm_update error: Requested operation not supported on this system" >expect &&
	test_cmp expect err
'

# as slurmctld (make compare, case sbatch-node-refusals)
test_expect_success 'nodes refused must exist and not be asked; a socket layout no node has' '
	test_expect_code 1 sbatch -x nosuch --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Invalid node name specified" >expect &&
	test_cmp expect out &&
	test_expect_code 1 sbatch -w node1 -x node1 --wrap true >out 2>&1 &&
	test_cmp expect out &&
	test_expect_code 1 sbatch --threads-per-core=2 --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: Socket, core and/or thread specification can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EXP
	test_cmp expect out &&
	h=$(submit --hold --threads-per-core=2 -o /dev/null --wrap true) &&
	scancel $h
'

# as slurmctld (make compare, case show-steps)
test_expect_success 'scontrol show steps lists the batch steps of jobs not of an array; an array task is ARRAY_TASK.batch' '
	r=$(submit -o /dev/null --wrap "sleep 30") &&
	a=$(submit --array=3 -o /dev/null --wrap "sleep 30") &&
	wait_job $r RUNNING && wait_job ${a}_3 RUNNING &&
	scontrol show steps >out &&
	grep -q "^StepId=$r.batch " out &&
	! grep -q "^StepId=${a}_" out &&
	scontrol show step $a | grep -q "^StepId=${a}_3.batch " &&
	scancel $r $a
'

# slurmctld's priority/basic gives each job it makes one below the
# last: an array one for all its tasks, a submission it then refuses
# (no node fits, -N0, --test-only) one too, a held one none, and an
# operator's release of a job not held the next, without its nice, as
# an operator's Priority=N drops the nice too (make compare)
test_expect_success 'priorities as slurmctld counts them: arrays, refusals, --test-only, release' '
	prio() { squeue -h -j $1 -o %Q; } &&
	a=$(submit --begin=now+3600 -o /dev/null --wrap true) &&
	arr=$(submit --array=1-3 --begin=now+3600 -o /dev/null --wrap true) &&
	b=$(submit --begin=now+3600 -o /dev/null --wrap true) &&
	test $(prio $b) = $(($(prio $a) - 2)) &&
	test_must_fail sbatch --mem=5000 --wrap true 2>/dev/null &&
	test_must_fail sbatch -N0 --wrap true 2>/dev/null &&
	sbatch --test-only --wrap true 2>/dev/null &&
	h=$(submit --hold --mem=5000 -o /dev/null --wrap true) &&
	c=$(submit --nice=10 --begin=now+3600 -o /dev/null --wrap true) &&
	test $(prio $c) = $(($(prio $b) - 4 - 10)) &&
	scontrol release $c &&
	test "$(squeue -h -j $c -o "%Q %y")" = "$(($(prio $b) - 5)) 0" &&
	scontrol update JobId=$b Nice=7 &&
	scontrol update JobId=$b Priority=50 &&
	test "$(squeue -h -j $b -o "%Q %y")" = "50 0" &&
	scancel $a $arr $b $c $h
'

# the priorities refused submissions took come before an operator's
# release that follows them, as before the next submission (make
# compare, case priority-refused)
test_expect_success 'refusals before a release: the release gets the priority after theirs' '
	prio() { squeue -h -j $1 -o %Q; } &&
	a=$(submit --begin=now+3600 -o /dev/null --wrap true) &&
	h=$(submit --hold --begin=now+3600 -o /dev/null --wrap true) &&
	sbatch --test-only --wrap true 2>/dev/null &&
	test_must_fail sbatch --mem=5000 --wrap true 2>/dev/null &&
	scontrol release $h &&
	test $(prio $h) = $(($(prio $a) - 3)) &&
	sbatch --test-only --wrap true 2>/dev/null &&
	b=$(submit --begin=now+3600 -o /dev/null --wrap true) &&
	test $(prio $b) = $(($(prio $a) - 5)) &&
	scancel $a $h $b
'

# slurmctld 22.05's update_node takes the nodes in order: the first one
# the active list does not fit stops the features change there (it and
# the later nodes keep theirs), the state, reason and comment still go
# to all, the weight (set after its loop) to none, and the answer is the
# features' refusal
feat() { scontrol show node "$1" | sed -n "s/^ *ActiveFeatures=//p"; }
nfield() { scontrol show node "$1" | tr -s " " "\n" | sed -n "s/^$2=//p"; }
test_expect_success 'features that do not fit one node: the nodes before it take them, the rest of the update goes to all' '
	flurmsh node add node2 cpus=1 mem=100 features=a &&
	scontrol update NodeName=node1 Features=x,y &&
	test_must_fail scontrol update NodeName=node[1-2] ActiveFeatures=x \
		Weight=5 State=DRAIN Reason=firmware 2>err &&
	echo "slurm_update error: Active features not subset of available features" >expect &&
	test_cmp expect err &&
	test "$(feat node1)" = x &&
	test "$(nfield node1 AvailableFeatures)" = x,y &&
	test "$(feat node2)" = a &&
	test "$(nfield node1 Weight)" = 1 &&
	test "$(nfield node2 Weight)" = 1 &&
	scontrol show node node1 | grep "Reason=firmware " &&
	scontrol show node node2 | grep "Reason=firmware " &&
	nfield node1 State | grep DRAIN &&
	nfield node2 State | grep DRAIN &&
	test_must_fail scontrol update NodeName=node2,node1 ActiveFeatures=y \
		Comment=swap 2>err &&
	test_cmp expect err &&
	test "$(feat node1)" = x &&
	test "$(feat node2)" = a &&
	test "$(nfield node1 Comment)" = swap &&
	test "$(nfield node2 Comment)" = swap &&
	test_must_fail scontrol update NodeName=node[1-2] ActiveFeatures=y 2>err &&
	test_cmp expect err &&
	test "$(feat node1)" = y &&
	test "$(feat node2)" = a &&
	# Features= alone: once node1 took it as its active list too, node2
	# is checked against that list, not its own active one
	scontrol update NodeName=node[1-2] Features=y &&
	test "$(feat node1)" = y &&
	test "$(feat node2)" = y &&
	test "$(nfield node2 AvailableFeatures)" = y &&
	scontrol update NodeName=node1 State=RESUME
'

test_done
