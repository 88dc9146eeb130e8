#!/bin/bash
test_description='CPUs per node of plain jobs over several nodes, as slurmctld 22.05 gives them on 2-CPU nodes: -N2 -n3 and -n3 hold two CPUs on the first node and one on the second (NumCPUs=3, CPU_IDs per node in scontrol show job -d, SLURM_TASKS_PER_NODE and SLURM_JOB_CPUS_PER_NODE 2,1 in the batch job and under salloc, 3 processors for sbatch --test-only), even shares one each; --ntasks-per-node=2 raising -N2 -n3 to 4 tasks at its start; beside a busy CPU of node1, -N2 -n3 and -n3 filling node1 with 1 and node2 with 2 (CPU_IDs, environment, batch step, srun step), over a restart too; on 4-CPU nodes (figures from slurmctld 22.05), --mincpus above the CPUs of a task (-N2 -n3 --mincpus=2 2 and 2, -n5 --mincpus=3 3 and 3, -N2 -n2 -c2 --mincpus=3 3 and 2, -N2 -n3 -c2 --mincpus=3 4 and 2), -N2 -n3 -c2 beside a busy CPU 3 and 2, --ntasks-per-node raising -n5 to 6 tasks, -c2 --ntasks-per-node=2 on one node, -N2 -n7 --ntasks-per-node=3 refused; without a task count, SLURM_TASKS_PER_NODE from the CPUs held (--exclusive -N2: 4(x2), -c2 2(x2), -N2 --mincpus=2 2(x2)); with two GPUs a node, --gpus-per-task=1 -N2 -n3 beside a busy GPU 1 and 2 tasks, -N2 -n4 --gpus=2 CPUs 3 and 1; more CPUs or memory a node than any has refused with the reason slurmctld gives first; a waiting -n3 --mincpus=2 shows NumNodes=2; more CPUs than the partition has (-n3 -c2 --ntasks-per-node=1) waits PartitionConfig, within them too many nodes for --ntasks-per-node refused'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu"
export FLURM_SLURM_CONF_EXTRA
flurm_test_setup 2 || error "cannot set up a cluster"
flurm_cluster_start || error "cannot start a cluster"

# run NAME SBATCH-ARGS...: start a job that writes what it was given and
# stays; its id in NAME.id, scontrol show job -d in NAME.show, its
# environment in NAME.env.
run() {
	n=$1
	shift
	j=$(submit -o $n.out "$@" --wrap 'echo "TPN=$SLURM_TASKS_PER_NODE JCPN=$SLURM_JOB_CPUS_PER_NODE CON=$SLURM_CPUS_ON_NODE NTASKS=$SLURM_NTASKS"; sleep 60') &&
	echo $j >$n.id &&
	wait_job $j RUNNING &&
	flurm_wait_for "test -s $n.out" 10 &&
	scontrol show job -d $j >$n.show &&
	cat $n.show $n.out
}
# done_with NAME: cancel it and wait until its CPUs are free again.
done_with() {
	scancel $(cat $1.id) &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'sbatch --test-only -N2 -n3: three processors on two nodes' '
	sbatch --test-only -N2 -n3 --wrap true 2>test-only &&
	cat test-only &&
	grep -q "^sbatch: Job [0-9]* to start at .* using 3 processors on nodes node\[1-2\] in partition debug$" test-only
'

test_expect_success '-N2 -n3: two CPUs on node1 and one on node2' '
	run a -N2 -n3 &&
	j=$(cat a.id) &&
	test "$(field $j NumNodes)" = 2 &&
	test "$(field $j NumCPUs)" = 3 &&
	test "$(field $j NumTasks)" = 3 &&
	test "$(field $j TRES)" = "cpu=3,node=2,billing=3" &&
	test "$(squeue -h -j $j -o "%C %D %N")" = "3 2 node[1-2]" &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=" a.show &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=" a.show &&
	echo "TPN=2,1 JCPN=2,1 CON=2 NTASKS=3" >expect &&
	test_cmp expect a.out
'

test_expect_success 'node2 keeps a CPU free for another job meanwhile' '
	test "$(scontrol show node node2 | tr " " "\n" | sed -n "s/^CPUAlloc=//p")" = 1 &&
	b=$(submit -w node2 -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	scancel $b &&
	done_with a
'

test_expect_success '-N2 -n2: one CPU on each node' '
	run b -N2 -n2 &&
	j=$(cat b.id) &&
	test "$(field $j NumCPUs)" = 2 &&
	test "$(field $j TRES)" = "cpu=2,node=2,billing=2" &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0 Mem=0 GRES=" b.show &&
	echo "TPN=1(x2) JCPN=1(x2) CON=1 NTASKS=2" >expect &&
	test_cmp expect b.out &&
	done_with b
'

test_expect_success '-n3 without -N: two nodes, two CPUs and one' '
	run c -n3 &&
	j=$(cat c.id) &&
	test "$(field $j NumNodes)" = 2 &&
	test "$(field $j NumCPUs)" = 3 &&
	test "$(field $j TRES)" = "cpu=3,node=2,billing=3" &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=" c.show &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=" c.show &&
	echo "TPN=2,1 JCPN=2,1 CON=2 NTASKS=3" >expect &&
	test_cmp expect c.out &&
	done_with c
'

test_expect_success '-N2 -n3 -c1: as -N2 -n3' '
	run d -N2 -n3 -c1 &&
	grep -q "NumNodes=2 NumCPUs=3 NumTasks=3 CPUs/Task=1 " d.show &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=" d.show &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=" d.show &&
	echo "TPN=2,1 JCPN=2,1 CON=2 NTASKS=3" >expect &&
	test_cmp expect d.out &&
	done_with d
'

test_expect_success '-N2 --ntasks-per-node=1: one CPU on each node' '
	run e -N2 --ntasks-per-node=1 &&
	j=$(cat e.id) &&
	test "$(field $j NumCPUs)" = 2 &&
	test "$(field $j NumTasks)" = 2 &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0 Mem=0 GRES=" e.show &&
	echo "TPN=1(x2) JCPN=1(x2) CON=1 NTASKS=2" >expect &&
	test_cmp expect e.out &&
	done_with e
'

test_expect_success 'salloc -N2 -n3: the allocation holds two CPUs and one' '
	timeout 60 salloc -N2 -n3 sh -c "echo JCPN=\$SLURM_JOB_CPUS_PER_NODE TPN=\$SLURM_TASKS_PER_NODE" >salloc.out 2>salloc.err &&
	cat salloc.err salloc.out &&
	echo "JCPN=2,1 TPN=2,1" >expect &&
	test_cmp expect salloc.out &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
'

test_expect_success '-N2 -n3 --ntasks-per-node=2: four tasks once it starts' '
	j=$(submit -N2 -n3 --ntasks-per-node=2 -H -o /dev/null --wrap true) &&
	test "$(field $j NumTasks)" = 3 &&
	scancel $j &&
	run g -N2 -n3 --ntasks-per-node=2 &&
	grep -q "NumNodes=2 NumCPUs=4 NumTasks=4 CPUs/Task=1 " g.show &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-1 Mem=0 GRES=" g.show &&
	echo "TPN=2(x2) JCPN=2(x2) CON=2 NTASKS=3" >expect &&
	test_cmp expect g.out &&
	done_with g
'

test_expect_success 'sbatch --test-only and salloc -N2 -n3 --ntasks-per-node=2: four' '
	sbatch --test-only -N2 -n3 --ntasks-per-node=2 --wrap true 2>test-only4 &&
	cat test-only4 &&
	grep -q " using 4 processors on nodes node\[1-2\] in partition debug$" test-only4 &&
	timeout 60 salloc -N2 -n3 --ntasks-per-node=2 sh -c "echo TPN=\$SLURM_TASKS_PER_NODE JCPN=\$SLURM_JOB_CPUS_PER_NODE NTASKS=\$SLURM_NTASKS NPROCS=\$SLURM_NPROCS; scontrol show job \$SLURM_JOB_ID | grep -o \"NumCPUs=[0-9]* NumTasks=[0-9]*\"" >salloc4.out 2>salloc4.err &&
	cat salloc4.err salloc4.out &&
	printf "%s\n" "TPN=2(x2) JCPN=2(x2) NTASKS=4 NPROCS=4" "NumCPUs=4 NumTasks=4" >expect &&
	test_cmp expect salloc4.out &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
'

test_expect_success 'node1 with one CPU busy: -N2 -n3 starts at once on one CPU of node1 and two of node2, its srun steps likewise' '
	busy=$(submit -w node1 -n1 -o /dev/null --wrap "sleep 120") &&
	echo $busy >busy.id &&
	wait_job $busy RUNNING &&
	run h -N2 -n3 &&
	j=$(cat h.id) &&
	test "$(field $j NumCPUs)" = 3 &&
	test "$(field $j TRES)" = "cpu=3,node=2,billing=3" &&
	grep -x "     Nodes=node1 CPU_IDs=1 Mem=0 GRES=" h.show &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=" h.show &&
	echo "TPN=1,2 JCPN=1,2 CON=1 NTASKS=3" >expect &&
	test_cmp expect h.out &&
	test "$(sinfo -h -t alloc -o %D)" = 2 &&
	scontrol show step $j >h.step &&
	cat h.step &&
	sed -n "/^StepId=$j.batch /,/^\$/p" h.step | grep -q "TRES=cpu=1,node=1$" &&
	timeout 60 srun --jobid=$j -n3 -l sh -c "echo \$SLURMD_NODENAME \$SLURM_STEP_TASKS_PER_NODE \$SLURM_STEP_NUM_TASKS" >h.srun 2>&1 &&
	sort h.srun >h.sorted &&
	printf "%s\n" "0: node1 1,2 3" "1: node2 1,2 3" "2: node2 1,2 3" >expect &&
	test_cmp expect h.sorted
'

test_expect_success 'a controller restart keeps 1 and 2' '
	j=$(cat h.id) &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(field $j NumCPUs)" = 3 &&
	scontrol show job -d $j >h.again &&
	grep -x "     Nodes=node1 CPU_IDs=1 Mem=0 GRES=" h.again &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=" h.again &&
	test "$(scontrol show node node2 | tr " " "\n" | sed -n "s/^CPUAlloc=//p")" = 2 &&
	scancel $j &&
	flurm_wait_for "[ \"\$(sinfo -h -n node2 -t idle -o %D)\" = 1 ]" 30
'

test_expect_success 'node1 with one CPU busy: -n3 without -N takes 1 and 2 too' '
	run i -n3 &&
	j=$(cat i.id) &&
	test "$(field $j NumNodes)" = 2 &&
	grep -x "     Nodes=node1 CPU_IDs=1 Mem=0 GRES=" i.show &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=" i.show &&
	echo "TPN=1,2 JCPN=1,2 CON=1 NTASKS=3" >expect &&
	test_cmp expect i.out &&
	scancel $(cat i.id) $(cat busy.id) &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
'

test_expect_success 'a controller restart keeps what each node holds' '
	run f -N2 -n3 &&
	j=$(cat f.id) &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(field $j NumCPUs)" = 3 &&
	scontrol show job -d $j >f.again &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=" f.again &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=" f.again &&
	done_with f
'

test_expect_success 'more CPUs or memory a node than any has: refused with slurmctld'"'"'s reason first' '
	test_must_fail sbatch -n3 --mincpus=3 --wrap true 2>r1.err &&
	printf "%s\n" "sbatch: error: CPU count per node can not be satisfied" \
		"sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect r1.err &&
	test_must_fail sbatch -c3 --wrap true 2>r2.err &&
	test_cmp expect r2.err &&
	test_must_fail sbatch -n2 --ntasks-per-node=3 --wrap true 2>r3.err &&
	test_cmp expect r3.err &&
	test_must_fail sbatch --mem=5000 --wrap true 2>r4.err &&
	printf "%s\n" "sbatch: error: Memory specification can not be satisfied" \
		"sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect r4.err &&
	test_must_fail timeout 60 salloc -n3 --mincpus=3 true 2>r5.err &&
	cat r5.err &&
	grep -x "salloc: error: CPU count per node can not be satisfied" r5.err &&
	grep -x "salloc: error: Job submit/allocate failed: Requested node configuration is not available" r5.err
'

# as slurmctld 22.05 showed it: a waiting job's node count is its tasks
# over the largest node's CPUs, --mincpus aside (NumNodes=2, not 1-3)
test_expect_success 'node1 with one CPU busy: -n3 --mincpus=2 waits, NumNodes=2' '
	busy=$(submit -w node1 -n1 -o /dev/null --wrap "sleep 120") &&
	wait_job $busy RUNNING &&
	j=$(submit -n3 --mincpus=2 -o /dev/null --wrap true) &&
	flurm_wait_for "[ \"\$(squeue -h -j $j -o %r)\" = Resources ]" 30 &&
	scontrol show job $j >w.show &&
	grep -q "^   NumNodes=2 NumCPUs=3 NumTasks=3 CPUs/Task=1 " w.show &&
	grep -q "^   MinCPUsNode=2 " w.show &&
	test "$(squeue -h -j $j -o "%T %D")" = "PENDING 2" &&
	scancel $j $busy &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
'

# slurmctld 22.05 (EnforcePartLimits=NO) takes a job asking for more
# CPUs than its partition has and leaves it waiting, PartitionConfig
test_expect_success 'more CPUs than the partition has: accepted, waits PartitionConfig' '
	j1=$(submit -n3 -c2 --ntasks-per-node=1 -o /dev/null --wrap true) &&
	j2=$(submit -n7 --ntasks-per-node=3 -o /dev/null --wrap true) &&
	j3=$(submit -n5 --ntasks-per-node=1 -o /dev/null --wrap true) &&
	flurm_wait_for "[ \"\$(squeue -h -j $j3 -o %r)\" = PartitionConfig ]" 30 &&
	test "$(squeue -h -j $j1 -o "%T %r %D %C")" = "PENDING PartitionConfig 3 6" &&
	test "$(squeue -h -j $j2 -o "%T %r %D %C")" = "PENDING PartitionConfig 2 7" &&
	test "$(squeue -h -j $j3 -o "%T %r %D %C")" = "PENDING PartitionConfig 5 5" &&
	scontrol show job $j1 >pc.show &&
	grep -q "^   JobState=PENDING Reason=PartitionConfig " pc.show &&
	grep -q "^   NumNodes=3 NumCPUs=6 NumTasks=3 CPUs/Task=2 " pc.show &&
	scancel $j1 $j2 $j3 &&
	test_must_fail sbatch --test-only -n3 -c2 --ntasks-per-node=1 --wrap true 2>pc.err &&
	echo "allocation failure: Requested node configuration is not available" >expect &&
	test_cmp expect pc.err &&
	test_must_fail timeout 10 salloc -n3 -c2 --ntasks-per-node=1 true </dev/null 2>pc.salloc &&
	cat pc.salloc &&
	grep -x "salloc: Requested partition configuration not available now" pc.salloc &&
	grep -q "^salloc: Pending job allocation [0-9]*$" pc.salloc
'

# 4-CPU nodes with two GPUs each from here on: what slurmctld 22.05
# (cons_tres, CR_Core) gave for each job on two such nodes
test_expect_success 'the cluster again with four CPUs and two GPUs a node' '
	flurm_cluster_stop &&
	sed -i -E "s/^(NodeName=node[^ ]*) CPUs=2 (.*) State=/\1 CPUs=4 \2 Gres=gpu:2 State=/" "$SLURM_CONF" &&
	flurm_cluster_start &&
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	test "$(sinfo -h -o "%c %D")" = "4 2"
'

test_expect_success '-N2 -n3 --mincpus=2: two CPUs on each node, tasks 2 and 1' '
	run m1 -N2 -n3 --mincpus=2 &&
	j=$(cat m1.id) &&
	grep -q "NumNodes=2 NumCPUs=4 NumTasks=3 CPUs/Task=1 " m1.show &&
	test "$(field $j TRES)" = "cpu=4,node=2,billing=4" &&
	test "$(field $j MinCPUsNode)" = 2 &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-1 Mem=0 GRES=" m1.show &&
	echo "TPN=2,1 JCPN=2(x2) CON=2 NTASKS=3" >expect &&
	test_cmp expect m1.out &&
	done_with m1
'

test_expect_success 'no task count asked: SLURM_TASKS_PER_NODE is what the CPUs hold at -c each, as slurmd lays it out' '
	run t1 --exclusive -N2 &&
	echo "TPN=4(x2) JCPN=4(x2) CON=4 NTASKS=" >expect &&
	test_cmp expect t1.out &&
	done_with t1 &&
	run t2 --exclusive -N2 -c2 &&
	echo "TPN=2(x2) JCPN=4(x2) CON=4 NTASKS=" >expect &&
	test_cmp expect t2.out &&
	done_with t2 &&
	run t3 -N2 --mincpus=2 &&
	echo "TPN=2(x2) JCPN=2(x2) CON=2 NTASKS=" >expect &&
	test_cmp expect t3.out &&
	done_with t3 &&
	run t4 -N2 &&
	echo "TPN=1(x2) JCPN=1(x2) CON=1 NTASKS=" >expect &&
	test_cmp expect t4.out &&
	done_with t4 &&
	run t5 --exclusive -N2 -n2 &&
	echo "TPN=1(x2) JCPN=4(x2) CON=4 NTASKS=2" >expect &&
	test_cmp expect t5.out &&
	done_with t5
'

test_expect_success '-n5 --mincpus=3: three CPUs on each of two nodes' '
	run m2 -n5 --mincpus=3 &&
	j=$(cat m2.id) &&
	grep -q "NumNodes=2 NumCPUs=6 NumTasks=5 CPUs/Task=1 " m2.show &&
	test "$(field $j TRES)" = "cpu=6,node=2,billing=6" &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-2 Mem=0 GRES=" m2.show &&
	echo "TPN=3,2 JCPN=3(x2) CON=3 NTASKS=5" >expect &&
	test_cmp expect m2.out &&
	done_with m2
'

test_expect_success '-N2 -n2 -c2 --mincpus=3: three CPUs on node1, two on node2' '
	run m3 -N2 -n2 -c2 --mincpus=3 &&
	j=$(cat m3.id) &&
	grep -q "NumNodes=2 NumCPUs=5 NumTasks=2 CPUs/Task=2 " m3.show &&
	test "$(field $j TRES)" = "cpu=5,node=2,billing=5" &&
	grep -x "     Nodes=node1 CPU_IDs=0-2 Mem=0 GRES=" m3.show &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=" m3.show &&
	echo "TPN=1(x2) JCPN=3,2 CON=3 NTASKS=2" >expect &&
	test_cmp expect m3.out &&
	done_with m3
'

test_expect_success 'sbatch --test-only and salloc -N2 -n2 -c2 --mincpus=3: five processors, 3 and 2' '
	sbatch --test-only -N2 -n2 -c2 --mincpus=3 --wrap true 2>test-only5 &&
	cat test-only5 &&
	grep -q " using 5 processors on nodes node\[1-2\] in partition debug$" test-only5 &&
	timeout 60 salloc -N2 -n2 -c2 --mincpus=3 sh -c "echo TPN=\$SLURM_TASKS_PER_NODE JCPN=\$SLURM_JOB_CPUS_PER_NODE NTASKS=\$SLURM_NTASKS" >salloc5.out 2>salloc5.err &&
	cat salloc5.err salloc5.out &&
	echo "TPN=1(x2) JCPN=3,2 NTASKS=2" >expect &&
	test_cmp expect salloc5.out &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
'

test_expect_success '-N2 -n3 -c2 --mincpus=3: four CPUs on node1, two on node2' '
	run m4 -N2 -n3 -c2 --mincpus=3 &&
	j=$(cat m4.id) &&
	grep -q "NumNodes=2 NumCPUs=6 NumTasks=3 CPUs/Task=2 " m4.show &&
	grep -x "     Nodes=node1 CPU_IDs=0-3 Mem=0 GRES=" m4.show &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=" m4.show &&
	echo "TPN=2,1 JCPN=4,2 CON=4 NTASKS=3" >expect &&
	test_cmp expect m4.out &&
	done_with m4
'

test_expect_success 'node1 with one CPU busy: -N2 -n3 -c2 holds its three free CPUs and two of node2' '
	busy=$(submit -w node1 -n1 -o /dev/null --wrap "sleep 120") &&
	wait_job $busy RUNNING &&
	run m5 -N2 -n3 -c2 &&
	j=$(cat m5.id) &&
	grep -q "NumNodes=2 NumCPUs=5 NumTasks=3 CPUs/Task=2 " m5.show &&
	test "$(field $j TRES)" = "cpu=5,node=2,billing=5" &&
	grep -x "     Nodes=node1 CPU_IDs=1-3 Mem=0 GRES=" m5.show &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=" m5.show &&
	echo "TPN=2,1 JCPN=3,2 CON=3 NTASKS=3" >expect &&
	test_cmp expect m5.out &&
	scancel $busy &&
	done_with m5
'

test_expect_success '-n5 --ntasks-per-node=3: three tasks on each of two nodes' '
	sbatch --test-only -n5 --ntasks-per-node=3 --wrap true 2>test-only6 &&
	cat test-only6 &&
	grep -q " using 6 processors on nodes node\[1-2\] in partition debug$" test-only6 &&
	run p1 -n5 --ntasks-per-node=3 &&
	j=$(cat p1.id) &&
	grep -q "NumNodes=2 NumCPUs=6 NumTasks=6 CPUs/Task=1 " p1.show &&
	test "$(field $j MinCPUsNode)" = 3 &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-2 Mem=0 GRES=" p1.show &&
	echo "TPN=3(x2) JCPN=3(x2) CON=3 NTASKS=5" >expect &&
	test_cmp expect p1.out &&
	done_with p1
'

test_expect_success '-c2 --ntasks-per-node=2: one node, all four CPUs' '
	run p2 -c2 --ntasks-per-node=2 &&
	j=$(cat p2.id) &&
	grep -q "NumNodes=1 NumCPUs=4 NumTasks=2 CPUs/Task=2 " p2.show &&
	test "$(field $j MinCPUsNode)" = 4 &&
	grep -x "     Nodes=node1 CPU_IDs=0-3 Mem=0 GRES=" p2.show &&
	echo "TPN=2 JCPN=4 CON=4 NTASKS=2" >expect &&
	test_cmp expect p2.out &&
	done_with p2
'

test_expect_success '-N2 -n7 --ntasks-per-node=3 is refused: two nodes run six at most' '
	test_must_fail sbatch -N2 -n7 --ntasks-per-node=3 --wrap true 2>p3.err &&
	cat p3.err &&
	grep -x "sbatch: error: Batch job submission failed: Requested node configuration is not available" p3.err
'

test_expect_success 'within the partition'"'"'s CPUs, more nodes than it has for --ntasks-per-node: refused as slurmctld' '
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_must_fail sbatch -n3 -c2 --ntasks-per-node=1 --wrap true 2>p4.err &&
	test_cmp expect p4.err &&
	test_must_fail sbatch -n7 --ntasks-per-node=3 --wrap true 2>p5.err &&
	test_cmp expect p5.err &&
	test_must_fail sbatch -n5 --ntasks-per-node=1 --wrap true 2>p6.err &&
	test_cmp expect p6.err
'

test_expect_success '--gpus-per-task=1 -N2 -n3 beside a job on GPU 0 of node1: one task there (GPU 1), two on node2' '
	busy=$(submit -w node1 -n1 --gpus=1 -o /dev/null --wrap "sleep 120") &&
	wait_job $busy RUNNING &&
	j=$(submit -N2 -n3 --gpus-per-task=1 -o g1.out --wrap "echo \"TPN=\$SLURM_TASKS_PER_NODE JCPN=\$SLURM_JOB_CPUS_PER_NODE CON=\$SLURM_CPUS_ON_NODE GPUS=\$SLURM_JOB_GPUS\"; sleep 60") &&
	wait_job $j RUNNING &&
	flurm_wait_for "test -s g1.out" 10 &&
	scontrol show job -d $j >g1.show &&
	cat g1.show g1.out &&
	grep -q "NumNodes=2 NumCPUs=3 NumTasks=3 CPUs/Task=1 " g1.show &&
	test "$(field $j TRES)" = "cpu=3,node=2,billing=3" &&
	grep -q "^     Nodes=node1 CPU_IDs=[0-9]* Mem=0 GRES=gpu:1(IDX:1)$" g1.show &&
	grep -q "^     Nodes=node2 CPU_IDs=[0-9]*-[0-9]* Mem=0 GRES=gpu:2(IDX:0-1)$" g1.show &&
	echo "TPN=1,2 JCPN=1,2 CON=1 GPUS=1" >expect &&
	test_cmp expect g1.out &&
	scancel $j $busy &&
	flurm_wait_for "[ \"\$(sinfo -h -t idle -o %D)\" = 2 ]" 30
'

test_expect_success '-N2 -n4 --gpus=2: one GPU on each node, CPUs three and one' '
	run g2 -N2 -n4 --gpus=2 &&
	j=$(cat g2.id) &&
	grep -q "NumNodes=2 NumCPUs=4 NumTasks=4 CPUs/Task=1 " g2.show &&
	grep -x "     Nodes=node1 CPU_IDs=0-2 Mem=0 GRES=gpu:1(IDX:0)" g2.show &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" g2.show &&
	echo "TPN=3,1 JCPN=3,1 CON=3 NTASKS=4" >expect &&
	test_cmp expect g2.out &&
	done_with g2
'

test_done
