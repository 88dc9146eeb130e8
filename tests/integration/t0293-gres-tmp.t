#!/bin/bash
test_description='GPUs, --tmp and --oversubscribe with the real clients: Gres=gpu:2 and TmpDisk= on nodes, --gres, --gpus and --gpus-per-node counted per node and enforced, --gpus=N for the job dealt node by node as slurmctld (2 and 1 over two nodes, a node with no GPU free never taken), CUDA_VISIBLE_DEVICES and SLURM_JOB_GPUS in the job, all the GPUs of its nodes for an --exclusive job, the GPUs srun steps ask (disjoint for steps at once, a step waiting for GPUs others hold), --cpus-per-gpu beside busy CPUs, Gres=/GresUsed=/TRES in scontrol show node, TresPerNode/TresPerJob, --cpus-per-gpu (CpusPerTres), MinTmpDiskNode and OverSubscribe in scontrol show job, requests no node can meet refused'
. "$(dirname "$0")/test-lib.sh"

# sbatch takes --gpus only with select/cons_tres, as with slurmctld;
# TRES strings show GPUs only when accounting tracks them
FLURM_SLURM_CONF_EXTRA="GresTypes=gpu
SelectType=select/cons_tres
AccountingStorageTRES=gres/gpu"
export FLURM_SLURM_CONF_EXTRA
flurm_test_setup 2 || error "cannot set up a cluster"
# four CPUs a node, so that GPUs (two a node) run out first
sed -i -E "s/^(NodeName=node[^ ]*) CPUs=2 (.*) State=/\1 CPUs=4 \2 Gres=gpu:2 TmpDisk=1000 State=/" \
	"$SLURM_CONF"
flurm_cluster_start || error "cannot start a cluster"

nfield() {
	scontrol $3 show node $1 | tr " " "\n" | sed -n "s/^$2=//p"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'scontrol show node: Gres, TmpDisk and the GPUs in CfgTRES' '
	test "$(nfield node1 Gres)" = gpu:2 &&
	test "$(nfield node1 TmpDisk)" = 1000 &&
	test "$(nfield node1 CfgTRES)" = "cpu=4,mem=1000M,billing=4,gres/gpu=2" &&
	test "$(nfield node1 GresUsed -d)" = gpu:0
'

test_expect_success 'two 1-GPU jobs share a 2-GPU node, each with its own GPU' '
	a=$(submit -w node1 --gres=gpu:1 -o a.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_JOB_GPUS \$SLURM_GPUS_ON_NODE; sleep 60") &&
	wait_job $a RUNNING &&
	b=$(submit -w node1 --gres=gpu:1 -o b.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_JOB_GPUS \$SLURM_GPUS_ON_NODE; sleep 60") &&
	wait_job $b RUNNING &&
	flurm_wait_for "test -s a.out && test -s b.out" 10 &&
	echo "0 0 1" >expect && test_cmp expect a.out &&
	echo "1 1 1" >expect && test_cmp expect b.out &&
	test "$(field $a TresPerNode)" = gres:gpu:1 &&
	test "$(field $a TRES)" = "cpu=1,node=1,billing=1,gres/gpu=1" &&
	test "$(nfield node1 GresUsed -d)" = gpu:2 &&
	nfield node1 AllocTRES | grep -q "gres/gpu=2"
'

test_expect_success 'scontrol show job -d: the CPUs, memory and GPU indexes each job holds on its node' '
	scontrol show job -d $a >detail-a &&
	scontrol show job -d $b >detail-b &&
	grep -x "   JOB_GRES=gpu:1" detail-b &&
	grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-a &&
	grep -x "     Nodes=node1 CPU_IDs=1 Mem=0 GRES=gpu:1(IDX:1)" detail-b &&
	scontrol show job $b >plain-b &&
	! grep -e CPU_IDs -e JOB_GRES plain-b &&
	scontrol -d show job >detail-all &&
	test $(grep -c "Nodes=node1 CPU_IDs=" detail-all) = 2
'

test_expect_success 'a third waits for a GPU (Resources) though the node has a CPU free; it gets the CPU and GPU the first let go of, the others keep theirs' '
	d=$(submit -w node1 -o /dev/null --wrap "sleep 60") &&
	wait_job $d RUNNING &&
	c=$(submit -w node1 --gres=gpu:1 -o c.out --wrap "echo \$CUDA_VISIBLE_DEVICES; sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 15 &&
	test "$(nfield node1 CPUAlloc)" = 3 &&
	scancel $a &&
	wait_job $c RUNNING &&
	flurm_wait_for "test -s c.out" 10 &&
	echo 0 >expect && test_cmp expect c.out &&
	scontrol show job -d $c | grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" &&
	scontrol show job -d $d | grep -x "     Nodes=node1 CPU_IDs=2 Mem=0 GRES=" &&
	scontrol show job -d $b | grep -x "     Nodes=node1 CPU_IDs=1 Mem=0 GRES=gpu:1(IDX:1)" &&
	scancel $b $c $d &&
	flurm_wait_nodes idle 30
'

test_expect_success 'more GPUs than any node has is refused at submit' '
	test_must_fail sbatch --gres=gpu:3 -o /dev/null --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect err &&
	test_must_fail sbatch --gpus-per-node=3 -o /dev/null --wrap true 2>err &&
	test_cmp expect err
'

test_expect_success 'a GPU type no node has is refused; a GRES not in GresTypes too' '
	test_must_fail sbatch --gres=gpu:tesla:1 -o /dev/null --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect err &&
	test_must_fail sbatch --gres=mps:100 -o /dev/null --wrap true 2>err &&
	grep "Invalid generic resource (gres) specification" err
'

test_expect_success '--gpus=2 takes both GPUs of a node; TresPerJob shows it' '
	flurm_wait_nodes idle 30 &&
	e=$(submit --gpus=2 -o e.out --wrap "echo \$CUDA_VISIBLE_DEVICES; sleep 2") &&
	test "$(field $e TresPerJob)" = gres:gpu:2 &&
	wait_job $e COMPLETED &&
	echo 0,1 >expect && test_cmp expect e.out
'

test_expect_success '--gpus-per-node=1 on two nodes: one GPU on each' '
	f=$(submit -N 2 --gpus-per-node=1 -o f.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_GPUS_PER_NODE; sleep 2") &&
	test "$(field $f TresPerNode)" = gres:gpu:1 &&
	wait_job $f COMPLETED &&
	echo "0 1" >expect && test_cmp expect f.out
'

test_expect_success '--tmp: kept (MinTmpDiskNode), more than TmpDisk refused' '
	g=$(submit --tmp=500 -o /dev/null --wrap "sleep 1") &&
	test "$(field $g MinTmpDiskNode)" = 500M &&
	wait_job $g COMPLETED &&
	test_must_fail sbatch --tmp=2000 -o /dev/null --wrap true 2>err &&
	cat >expect <<-\EOF &&
	sbatch: error: Temporary disk specification can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EOF
	test_cmp expect err
'

test_expect_success '--oversubscribe: shown, and ignored on an OverSubscribe=NO partition' '
	h=$(submit -w node2 -n 4 --oversubscribe -o /dev/null --wrap "sleep 60") &&
	test "$(field $h OverSubscribe)" = YES &&
	wait_job $h RUNNING &&
	i=$(submit -w node2 -n 4 --oversubscribe -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $i -o %r)\" = Resources" 15 &&
	k=$(submit -o /dev/null -H --wrap true) &&
	test "$(field $k OverSubscribe)" = OK &&
	l=$(submit --exclusive -o /dev/null -H --wrap true) &&
	test "$(field $l OverSubscribe)" = NO &&
	scancel $h $i $k $l
'

test_expect_success '--gpus-per-task=1 -n 3: no node holds three tasks'"'"' GPUs, so two nodes, two tasks'"'"' GPUs and CPUs on the first and one on the second; TresPerTask shows it' '
	flurm_wait_nodes idle 30 &&
	p=$(submit --gpus-per-task=1 -n 3 -o p.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_GPUS_ON_NODE \$SLURM_GPUS_PER_TASK \$SLURM_TASKS_PER_NODE \$SLURM_JOB_CPUS_PER_NODE \$SLURM_CPUS_ON_NODE; sleep 2") &&
	test "$(field $p TresPerTask)" = gres:gpu:1 &&
	wait_job $p COMPLETED &&
	test "$(field $p NodeList)" = "node[1-2]" &&
	test "$(field $p NumCPUs)" = 3 &&
	test "$(field $p TRES)" = "cpu=3,node=2,billing=3,gres/gpu=3" &&
	echo "0,1 2 1 2,1 2,1 2" >expect && test_cmp expect p.out
'

test_expect_success '--gpus-per-task: the second node'"'"'s spare GPU is free for another job; show job -d shows each node'"'"'s' '
	flurm_wait_nodes idle 30 &&
	t=$(submit --gpus-per-task=1 -n 3 -o /dev/null --wrap "sleep 60") &&
	wait_job $t RUNNING &&
	scontrol show job -d $t >detail-t &&
	grep -x "   JOB_GRES=gpu:3" detail-t &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=gpu:2(IDX:0-1)" detail-t &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-t &&
	test "$(nfield node2 GresUsed -d)" = gpu:1 &&
	test "$(nfield node2 CPUAlloc)" = 1 &&
	u=$(submit -w node2 --gres=gpu:1 -o u.out --wrap "echo \$CUDA_VISIBLE_DEVICES") &&
	wait_job $u COMPLETED &&
	echo 1 >expect && test_cmp expect u.out &&
	scancel $t &&
	flurm_wait_nodes idle 30
'

test_expect_success '--gpus-per-task: starts when each node has its own share free, not the first node'"'"'s; --mem-per-cpu gives each node memory for its CPUs' '
	v=$(submit -w node2 -n 3 --gres=gpu:1 -o /dev/null --wrap "sleep 60") &&
	wait_job $v RUNNING &&
	w=$(submit --gpus-per-task=1 -N 2 -n 3 --mem-per-cpu=100 -o w.out --wrap "srun -n 3 sh -c \"echo \\\$SLURMD_NODENAME\" | sort | uniq -c | tr -s \" \" >w.srun; sleep 60") &&
	wait_job $w RUNNING &&
	flurm_wait_for "test -s w.srun" 20 &&
	printf " 2 node1\n 1 node2\n" >expect && test_cmp expect w.srun &&
	scontrol show job -d $w >detail-w &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=200 GRES=gpu:2(IDX:0-1)" detail-w &&
	grep -x "     Nodes=node2 CPU_IDs=3 Mem=100 GRES=gpu:1(IDX:1)" detail-w &&
	test "$(field $w TRES)" = "cpu=3,mem=300M,node=2,billing=3,gres/gpu=3" &&
	test "$(nfield node2 CPUAlloc)" = 4 &&
	test "$(nfield node2 AllocMem)" = 100 &&
	scancel $v $w &&
	flurm_wait_nodes idle 30
'

test_expect_success '--gpus-per-task=2 -n 2 --ntasks-per-node=1: both GPUs of each node, and they are counted' '
	q=$(submit --gpus-per-task=2 -n 2 --ntasks-per-node=1 -o q.out --wrap "echo \$CUDA_VISIBLE_DEVICES; sleep 60") &&
	wait_job $q RUNNING &&
	test "$(field $q NumNodes)" = 2 &&
	test "$(nfield node1 GresUsed -d)" = gpu:2 &&
	test "$(nfield node2 GresUsed -d)" = gpu:2 &&
	scontrol show job -d $q >detail-q &&
	grep -x "   JOB_GRES=gpu:4" detail-q &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" detail-q &&
	r=$(submit --gres=gpu:1 -o /dev/null --wrap true) &&
	flurm_wait_for "test \"\$(squeue -h -j $r -o %r)\" = Resources" 15 &&
	flurm_wait_for "test -s q.out" 10 &&
	scancel $q &&
	wait_job $r COMPLETED &&
	echo 0,1 >expect && head -n 1 q.out >got && test_cmp expect got &&
	grep -q "^slurmstepd: error: \*\*\* JOB $q ON node1 CANCELLED AT " q.out
'

test_expect_success '--gpus-per-task: refused as slurmctld refuses it' '
	test_must_fail sbatch --gpus-per-task=1 -o /dev/null --wrap true 2>err &&
	grep "Invalid generic resource (gres) specification" err &&
	test_must_fail sbatch --gpus-per-task=2 --gpus=3 -o /dev/null --wrap true 2>err &&
	grep "Invalid generic resource (gres) specification" err &&
	test_must_fail sbatch --gpus-per-task=3 -n 1 -o /dev/null --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect err &&
	s=$(submit --gpus-per-task=1 --gpus=2 -H -o /dev/null --wrap true) &&
	test "$(field $s NumTasks)" = 2 &&
	test "$(field $s TresPerJob)" = gres:gpu:2 &&
	scancel $s
'

test_expect_success '--gpus=2 --gpus-per-task=1 without -n: two tasks, SLURM_NTASKS=2 in the script and its srun runs both (as slurmctld 22.05)' '
	flurm_wait_nodes idle 30 &&
	t2=$(submit --gpus=2 --gpus-per-task=1 -o t2.out --wrap "echo \$SLURM_NTASKS \$SLURM_TASKS_PER_NODE; srun hostname | wc -l") &&
	wait_job $t2 COMPLETED &&
	printf "2 2\n2\n" >expect && test_cmp expect t2.out
'

test_expect_success '--gpus=3 -N2 (figures from slurmctld 22.05 on the same nodes): two GPUs on node1, one on node2, the job'"'"'s 3 in TRES, CUDA_VISIBLE_DEVICES of node1 in the script and each node'"'"'s own in an srun step; kept through a controller restart' '
	flurm_wait_nodes idle 30 &&
	x=$(submit -N2 --gpus=3 -o x.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_GPUS_ON_NODE \$SLURM_TASKS_PER_NODE; srun -l sh -c \"echo \\\$SLURMD_NODENAME \\\$CUDA_VISIBLE_DEVICES \\\$SLURM_GPUS_ON_NODE\" | sort >x.srun; sleep 60") &&
	wait_job $x RUNNING &&
	scontrol show job -d $x >detail-x &&
	grep -x "   JOB_GRES=gpu:3" detail-x &&
	grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" detail-x &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-x &&
	test "$(field $x TRES)" = "cpu=2,node=2,billing=2,gres/gpu=3" &&
	test "$(field $x TresPerJob)" = gres:gpu:3 &&
	test "$(nfield node2 GresUsed -d)" = gpu:1 &&
	flurm_wait_for "test -s x.out" 10 &&
	echo "0,1 2 1(x2)" >expect && test_cmp expect x.out &&
	flurm_wait_for "test -s x.srun" 20 &&
	printf "0: node1 0,1 2\n1: node2 0 1\n" >expect && test_cmp expect x.srun &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	scontrol show job -d $x >detail-x2 &&
	grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" detail-x2 &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-x2 &&
	test "$(nfield node2 GresUsed -d)" = gpu:1 &&
	scancel $x &&
	flurm_wait_nodes idle 30
'

test_expect_success '--gpus=3 and -n3 --gpus=3 without -N: both nodes, 2 GPUs and 1 (refused before as more than a node has); -n3 holds CPUs 2 and 1, --gpus=3 a task on each' '
	y=$(submit -n3 --gpus=3 -o y.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_TASKS_PER_NODE \$SLURM_JOB_CPUS_PER_NODE; sleep 60") &&
	wait_job $y RUNNING &&
	scontrol show job -d $y >detail-y &&
	grep -q "NumNodes=2 NumCPUs=3 NumTasks=3 CPUs/Task=1 " detail-y &&
	grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=gpu:2(IDX:0-1)" detail-y &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-y &&
	flurm_wait_for "test -s y.out" 10 &&
	echo "0,1 2,1 2,1" >expect && test_cmp expect y.out &&
	scancel $y &&
	flurm_wait_nodes idle 30 &&
	z=$(submit --gpus=3 -o z.out --wrap "echo \$SLURM_TASKS_PER_NODE \$SLURM_JOB_CPUS_PER_NODE; sleep 60") &&
	wait_job $z RUNNING &&
	scontrol show job -d $z >detail-z &&
	grep -q "NumNodes=2 NumCPUs=2 NumTasks=2 CPUs/Task=1 " detail-z &&
	grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" detail-z &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-z &&
	flurm_wait_for "test -s z.out" 10 &&
	echo "1(x2) 1(x2)" >expect && test_cmp expect z.out &&
	scancel $z &&
	flurm_wait_nodes idle 30
'

test_expect_success 'beside a job on GPU 0 of node1: --gpus=2 runs on node2 alone, --gpus=3 takes GPU 1 of node1 and both of node2' '
	busy=$(submit -w node1 -n1 --gpus=1 -o /dev/null --wrap "sleep 120") &&
	wait_job $busy RUNNING &&
	a2=$(submit --gpus=2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a2 RUNNING &&
	scontrol show job -d $a2 >detail-a2 &&
	test "$(field $a2 NodeList)" = node2 &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" detail-a2 &&
	scancel $a2 &&
	flurm_wait_for "test \"\$(nfield node2 GresUsed -d)\" = gpu:0" 30 &&
	a3=$(submit --gpus=3 -o /dev/null --wrap "sleep 60") &&
	wait_job $a3 RUNNING &&
	scontrol show job -d $a3 >detail-a3 &&
	grep -q "^     Nodes=node1 CPU_IDs=[0-9] Mem=0 GRES=gpu:1(IDX:1)$" detail-a3 &&
	grep -x "     Nodes=node2 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" detail-a3 &&
	scancel $a3 $busy &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a node with no GPU free is not one of a --gpus job'"'"'s nodes: -N2 --gpus=2 beside a job on both GPUs of node1 waits (Resources) and then starts with one on each' '
	busy=$(submit -w node1 -n1 --gpus=2 -o /dev/null --wrap "sleep 120") &&
	wait_job $busy RUNNING &&
	b2=$(submit -N2 --gpus=2 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $b2 -o %r)\" = Resources" 15 &&
	test "$(nfield node1 CPUAlloc)" = 1 &&
	scancel $busy &&
	wait_job $b2 RUNNING &&
	scontrol show job -d $b2 >detail-b2 &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:0)" detail-b2 &&
	scancel $b2 &&
	flurm_wait_nodes idle 30
'

test_expect_success '--gpus refused as slurmctld refuses it: more than the nodes have, more than the nodes a task count allows; --gpus with --gpus-per-node fixes the node count (a held one shows NumNodes=2-2 and, without -n, one task'"'"'s CPUs but a task a node, as slurmctld; it runs a task on each); a waiting --gpus without -N shows NumNodes=1' '
	test_must_fail sbatch --gpus=5 -o /dev/null --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect err &&
	test_must_fail sbatch -N2 --gpus=1 -o /dev/null --wrap true 2>err &&
	grep -x "sbatch: error: Invalid generic resource (gres) specification" err &&
	test_must_fail sbatch --gpus=3 --gpus-per-node=2 -o /dev/null --wrap true 2>err &&
	grep -x "sbatch: error: Invalid generic resource (gres) specification" err &&
	g=$(submit --gpus=4 --gpus-per-node=2 -H -o /dev/null --wrap true) &&
	test "$(field $g NumNodes)" = 2-2 &&
	test "$(field $g TresPerNode)" = gres:gpu:2 &&
	test "$(field $g NumCPUs)" = 1 &&
	test "$(field $g NumTasks)" = 2 &&
	test "$(squeue -h -j $g -o "%C %D")" = "1 2" &&
	g2=$(submit --gpus=4 --gpus-per-node=2 -c2 -H -o /dev/null --wrap true) &&
	test "$(squeue -h -j $g2 -o "%C %D")" = "2 2" &&
	test "$(field $g2 NumTasks)" = 2 &&
	scancel $g $g2 &&
	g3=$(submit --gpus=4 --gpus-per-node=2 -o g3.out --wrap "echo \${SLURM_NTASKS-unset} \$SLURM_TASKS_PER_NODE; srun sh -c \"echo \\\$SLURMD_NODENAME \\\$CUDA_VISIBLE_DEVICES\" | sort") &&
	wait_job $g3 COMPLETED &&
	printf "unset 1(x2)\nnode1 0,1\nnode2 0,1\n" >expect && test_cmp expect g3.out &&
	test "$(field $g3 NumCPUs)" = 2 &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_must_fail sbatch -n1 --gpus=3 -o /dev/null --wrap true 2>err &&
	test_cmp expect err &&
	test_must_fail sbatch -N1 --gpus=3 -o /dev/null --wrap true 2>err &&
	test_cmp expect err &&
	test_must_fail sbatch --ntasks-per-node=1 --gpus=3 -o /dev/null --wrap true 2>err &&
	test_cmp expect err &&
	h=$(submit --gpus=3 -H -o /dev/null --wrap true) &&
	test "$(field $h NumNodes)" = 1 &&
	k=$(submit -N1-3 --gpus=2 -H -o /dev/null --wrap true) &&
	test "$(field $k NumNodes)" = 1-2 &&
	scancel $h $k
'

test_expect_success '--cpus-per-gpu (figures from slurmctld 22.05 on the same nodes): --gpus=3 --cpus-per-gpu=2 holds 4 CPUs on node1 and 2 on node2, CpusPerTres shows it, kept through a controller restart; -N2 --gpus-per-node=2 --cpus-per-gpu=2 holds all 8; more than a node holds is refused' '
	flurm_wait_nodes idle 30 &&
	c=$(submit --gpus=3 --cpus-per-gpu=2 -o /dev/null --wrap "sleep 60") &&
	wait_job $c RUNNING &&
	scontrol show job -d $c >detail-c &&
	grep -q "NumNodes=2 NumCPUs=6 NumTasks=2 CPUs/Task=1 " detail-c &&
	grep -x "     Nodes=node1 CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" detail-c &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=gpu:1(IDX:0)" detail-c &&
	grep -x "   CpusPerTres=gres:gpu:2" detail-c &&
	test "$(field $c TRES)" = "cpu=6,node=2,billing=6,gres/gpu=3" &&
	test "$(squeue -h -j $c -o %C)" = 6 &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	scontrol show job -d $c >detail-c2 &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=gpu:1(IDX:0)" detail-c2 &&
	grep -x "   CpusPerTres=gres:gpu:2" detail-c2 &&
	test "$(nfield node2 CPUAlloc)" = 2 &&
	scancel $c &&
	flurm_wait_nodes idle 30 &&
	d=$(submit -N2 --gpus-per-node=2 --cpus-per-gpu=2 -o /dev/null --wrap "sleep 60") &&
	wait_job $d RUNNING &&
	scontrol show job -d $d >detail-d &&
	grep -q "NumNodes=2 NumCPUs=8 NumTasks=2 CPUs/Task=1 " detail-d &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" detail-d &&
	scancel $d &&
	flurm_wait_nodes idle 30 &&
	test_must_fail sbatch --gres=gpu:2 --cpus-per-gpu=3 -o /dev/null --wrap true 2>err &&
	grep -q "Requested node configuration is not available" err &&
	test_must_fail sbatch --gpus=4 --cpus-per-gpu=3 -o /dev/null --wrap true 2>err &&
	grep -q "Requested node configuration is not available" err
'

test_expect_success '--exclusive -N2 --gpus=3 holds all the GPUs of both nodes, as slurmctld' '
	e=$(submit --exclusive -N2 --gpus=3 -o /dev/null --wrap "sleep 60") &&
	wait_job $e RUNNING &&
	scontrol show job -d $e >detail-e &&
	grep -x "   JOB_GRES=gpu:4" detail-e &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" detail-e &&
	scancel $e &&
	flurm_wait_nodes idle 30
'

test_expect_success '--exclusive with --gres=gpu:1, --gpus-per-node=1 or --gpus-per-task=1 holds all the GPUs of its nodes (figures from slurmctld 22.05 on the same nodes), also through a controller restart; --cpus-per-gpu counts them all' '
	flurm_wait_nodes idle 30 &&
	ex=$(submit --exclusive -N2 --gres=gpu:1 -o ex.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_JOB_GPUS \$GPU_DEVICE_ORDINAL \$SLURM_GPUS_ON_NODE \${SLURM_GPUS_PER_NODE-unset}; sleep 60") &&
	wait_job $ex RUNNING &&
	flurm_wait_for "test -s ex.out" 10 &&
	echo "0,1 0,1 0,1 2 unset" >expect && test_cmp expect ex.out &&
	scontrol show job -d $ex >detail-ex &&
	grep -q "NumNodes=2 NumCPUs=8 NumTasks=2 " detail-ex &&
	grep -x "   JOB_GRES=gpu:4" detail-ex &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" detail-ex &&
	test "$(field $ex TresPerNode)" = gres:gpu:1 &&
	test "$(field $ex TRES)" = "cpu=8,node=2,billing=8,gres/gpu=4" &&
	test "$(nfield node2 GresUsed -d)" = gpu:2 &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	scontrol show job -d $ex | grep -x "   JOB_GRES=gpu:4" &&
	test "$(nfield node1 GresUsed -d)" = gpu:2 &&
	scancel $ex &&
	flurm_wait_nodes idle 30 &&
	ey=$(submit --exclusive --gpus-per-node=1 -o ey.out --wrap "echo \$CUDA_VISIBLE_DEVICES \$SLURM_GPUS_ON_NODE \$SLURM_GPUS_PER_NODE; sleep 60") &&
	wait_job $ey RUNNING &&
	flurm_wait_for "test -s ey.out" 10 &&
	echo "0,1 2 1" >expect && test_cmp expect ey.out &&
	scontrol show job -d $ey | grep -x "     Nodes=node1 CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" &&
	scancel $ey &&
	flurm_wait_nodes idle 30 &&
	ez=$(submit --exclusive -n3 --gpus-per-task=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $ez RUNNING &&
	scontrol show job -d $ez >detail-ez &&
	grep -q "NumNodes=2 NumCPUs=8 NumTasks=3 " detail-ez &&
	grep -x "   JOB_GRES=gpu:4" detail-ez &&
	grep -x "     Nodes=node\[1-2\] CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" detail-ez &&
	scancel $ez &&
	flurm_wait_nodes idle 30 &&
	test_must_fail sbatch --exclusive --gres=gpu:1 --cpus-per-gpu=3 -o /dev/null --wrap true 2>err &&
	grep -q "Requested node configuration is not available" err &&
	test_must_fail sbatch --exclusive --gpus=1 --cpus-per-gpu=3 -o /dev/null --wrap true 2>err &&
	grep -q "Requested node configuration is not available" err &&
	ew=$(submit --exclusive --gres=gpu:1 --cpus-per-gpu=2 -o /dev/null --wrap "sleep 60") &&
	wait_job $ew RUNNING &&
	scontrol show job -d $ew | grep -x "     Nodes=node1 CPU_IDs=0-3 Mem=0 GRES=gpu:2(IDX:0-1)" &&
	scancel $ew &&
	flurm_wait_nodes idle 30
'

test_expect_success 'srun steps get the GPUs they ask of what the job holds, the lowest first, as slurmstepd under slurmctld 22.05 gives them, and more than it holds is refused as there; without a request the job'"'"'s own (--exclusive --gres=gpu:1: GPU 0 of each node)' '
	flurm_wait_nodes idle 30 &&
	cat >steps.sh <<-\EOS &&
	#!/bin/sh
	for args in "" "--gpus-per-node=1" "-n2 --gpus=3" "-N1 -n2 --gpus-per-task=1" "-n3 --gpus-per-task=1"; do
		echo "# $args"
		srun -l $args sh -c "echo \$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES \$SLURM_STEP_GPUS \$SLURM_GPUS_ON_NODE" | sort
	done
	EOS
	sg=$(submit -N2 -n4 --gres=gpu:2 -o steps.out steps.sh) &&
	wait_job $sg COMPLETED &&
	cat >expect <<-\EOS &&
	# 
	0: node1 0,1 0,1 2
	1: node1 0,1 0,1 2
	2: node1 0,1 0,1 2
	3: node2 0,1 0,1 2
	# --gpus-per-node=1
	0: node1 0 0 1
	1: node1 0 0 1
	2: node1 0 0 1
	3: node2 0 0 1
	# -n2 --gpus=3
	0: node1 0,1 0,1 2
	1: node2 0 0 1
	# -N1 -n2 --gpus-per-task=1
	0: node1 0 0 2
	1: node1 1 1 2
	# -n3 --gpus-per-task=1
	0: node1 0 0 2
	1: node1 1 1 2
	2: node2 0 0 1
	EOS
	test_cmp expect steps.out &&
	sr=$(submit -N2 -n4 --gres=gpu:2 -o sr.out --wrap "srun --gpus-per-node=3 true; srun -n2 --gpus=5 true; srun -N1 -n3 --gpus-per-task=1 true; echo done") &&
	wait_job $sr COMPLETED &&
	cat >expect <<-EOS &&
	srun: error: Step requested gres_per_node=gpu:3 is more than the job'"'"'s gres_per_node=gpu:2
	srun: error: Unable to create step for job $sr: Invalid generic resource (gres) specification
	srun: error: Unable to create step for job $sr: Invalid generic resource (gres) specification
	srun: error: Unable to create step for job $sr: More processors requested than permitted
	done
	EOS
	test_cmp expect sr.out &&
	sx=$(submit --exclusive -N2 --gres=gpu:1 -o sx.out --wrap "srun -l sh -c \"echo \\\$SLURMD_NODENAME \\\$CUDA_VISIBLE_DEVICES \\\$SLURM_GPUS_ON_NODE\" | sort") &&
	wait_job $sx COMPLETED &&
	printf "0: node1 0 1\n1: node2 0 1\n" >expect &&
	test_cmp expect sx.out
'

test_expect_success 'srun steps running at once get GPUs of their own (figures from slurmctld 22.05: GPU 0 and GPU 1 of each node), in step TRES; a step asking GPUs they hold waits as srun does on "Requested nodes are busy", also after a controller restart, and starts with the GPU of the step scancel ended' '
	flurm_wait_nodes idle 30 &&
	rm -f ga.out gb.out gc.out gab.ready ggo &&
	cat >gsteps.sh <<-\EOS &&
	#!/bin/sh
	show="\$SLURMD_NODENAME \$CUDA_VISIBLE_DEVICES \$SLURM_STEP_GPUS"
	srun -l --exact -N2 -n2 --gpus-per-node=1 sh -c "echo A $show; sleep 60" >ga.out 2>&1 &
	while ! grep -q node2 ga.out 2>/dev/null; do sleep 0.2; done
	srun -l --exact -N2 -n2 --gpus-per-node=1 sh -c "echo B $show; sleep 60" >gb.out 2>&1 &
	while ! grep -q node2 gb.out 2>/dev/null; do sleep 0.2; done
	touch gab.ready
	while [ ! -e ggo ]; do sleep 0.2; done
	srun -l --exact -n1 --gpus=1 sh -c "echo C $show" >gc.out 2>&1
	sleep 60
	EOS
	gj=$(submit -N2 --ntasks-per-node=4 --gres=gpu:2 -o /dev/null gsteps.sh) &&
	flurm_wait_for "test -e gab.ready" 30 &&
	printf "0: A node1 0 0\n1: A node2 0 0\n" >expect &&
	sort ga.out >got && test_cmp expect got &&
	printf "0: B node1 1 1\n1: B node2 1 1\n" >expect &&
	sort gb.out >got && test_cmp expect got &&
	scontrol show step $gj.0 >step0 &&
	grep -q " TRES=cpu=2,node=2,gres/gpu=2$" step0 &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	touch ggo &&
	flurm_wait_for "grep -q \"step of job $gj refused: .* in use by other steps\" $(flurm_ctld_log 1)" 30 &&
	test "$(squeue -h -s -j $gj -o %i | sort | tr "\n" " ")" = "$gj.0 $gj.1 $gj.batch " &&
	scancel $gj.0 &&
	flurm_wait_for "grep -q \"C node\" gc.out" 30 &&
	cat >expect <<-EOS &&
	srun: Job $gj step creation temporarily disabled, retrying (Requested nodes are busy)
	srun: Step created for job $gj
	0: C node1 0 0
	EOS
	grep -v "^srun: Warning" gc.out >got && test_cmp expect got &&
	scancel $gj &&
	flurm_wait_nodes idle 30
'

test_expect_success '--gpus with --cpus-per-gpu beside three busy CPUs of node1 (figures from slurmctld 22.05 on the same nodes): a node serves only the GPUs its free CPUs pay for; --gpus=3 --cpus-per-gpu=1 runs with 2 GPUs and 1 CPU on node1, 1 GPU and 2 CPUs on node2; --gpus=2 on node2 alone; --gpus=4 waits' '
	flurm_wait_nodes idle 30 &&
	cb=$(submit -w node1 -n3 -o /dev/null --wrap "sleep 60") &&
	wait_job $cb RUNNING &&
	c3=$(submit --gpus=3 --cpus-per-gpu=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $c3 RUNNING &&
	scontrol show job -d $c3 >detail-c3 &&
	grep -q "NumNodes=2 NumCPUs=3 NumTasks=2 " detail-c3 &&
	grep -x "     Nodes=node1 CPU_IDs=3 Mem=0 GRES=gpu:2(IDX:0-1)" detail-c3 &&
	grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=gpu:1(IDX:0)" detail-c3 &&
	scancel $c3 &&
	flurm_wait_for "test -z \"\$(squeue -h -j $c3)\"" 30 &&
	c2=$(submit --gpus=2 --cpus-per-gpu=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $c2 RUNNING &&
	scontrol show job -d $c2 | grep -x "     Nodes=node2 CPU_IDs=0-1 Mem=0 GRES=gpu:2(IDX:0-1)" &&
	scancel $c2 &&
	flurm_wait_for "test -z \"\$(squeue -h -j $c2)\"" 30 &&
	c4=$(submit --gpus=4 --cpus-per-gpu=1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c4 -o %r)\" = Resources" 15 &&
	scancel $cb &&
	wait_job $c4 RUNNING &&
	scancel $c4 &&
	flurm_wait_nodes idle 30
'

test_expect_success 'CPU_IDs of a GPU job on one node, as slurmctld 22.05 on the same nodes: the highest free cores when it asked its task count and has a GPU for each task (-n1 --gpus=1: 3, beside it 2; -n1 -c2: 2-3), else the lowest (--gpus=1: 0; -n2 --gpus=1: 0-1)' '
	flurm_wait_nodes idle 30 &&
	i1=$(submit -w node1 -n1 --gpus=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $i1 RUNNING &&
	scontrol show job -d $i1 | grep -x "     Nodes=node1 CPU_IDs=3 Mem=0 GRES=gpu:1(IDX:0)" &&
	i2=$(submit -w node1 -n1 --gpus=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $i2 RUNNING &&
	scontrol show job -d $i2 | grep -x "     Nodes=node1 CPU_IDs=2 Mem=0 GRES=gpu:1(IDX:1)" &&
	scancel $i1 $i2 &&
	flurm_wait_nodes idle 30 &&
	i3=$(submit -w node1 -n1 -c2 --gpus=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $i3 RUNNING &&
	scontrol show job -d $i3 | grep -x "     Nodes=node1 CPU_IDs=2-3 Mem=0 GRES=gpu:1(IDX:0)" &&
	i4=$(submit -w node1 --gpus=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $i4 RUNNING &&
	scontrol show job -d $i4 | grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:1(IDX:1)" &&
	scancel $i3 $i4 &&
	flurm_wait_nodes idle 30 &&
	i5=$(submit -w node1 -n2 --gpus=1 -o /dev/null --wrap "sleep 60") &&
	wait_job $i5 RUNNING &&
	scontrol show job -d $i5 | grep -x "     Nodes=node1 CPU_IDs=0-1 Mem=0 GRES=gpu:1(IDX:0)" &&
	scancel $i5 &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a job-wide --gpus=3 waiting for GPUs shows the two nodes its GPUs need (NumNodes=2, squeue %D 2), held it shows 1, as slurmctld 22.05' '
	flurm_wait_nodes idle 30 &&
	wb=$(submit -N2 --gres=gpu:2 -o /dev/null --wrap "sleep 60") &&
	wait_job $wb RUNNING &&
	w3=$(submit --gpus=3 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $w3 -o %r)\" = Resources" 15 &&
	test "$(squeue -h -j $w3 -o "%C %D")" = "1 2" &&
	test "$(field $w3 NumTasks)" = 1 &&
	w1=$(submit --gpus=2 -o /dev/null --wrap "sleep 60") &&
	wh=$(submit -H --gpus=3 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $w1 -o %r)\" = Priority" 15 &&
	test "$(field $w1 NumNodes)" = 1 &&
	test "$(field $wh NumNodes)" = 1 &&
	scancel $wb $w3 $w1 $wh &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a job that asked for GPUs keeps them through a controller restart' '
	m=$(submit -w node1 --gres=gpu:2 -o /dev/null --wrap "sleep 60") &&
	wait_job $m RUNNING &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	test "$(field $m TresPerNode)" = gres:gpu:2 &&
	test "$(nfield node1 GresUsed -d)" = gpu:2 &&
	scontrol show job -d $m | grep -x "     Nodes=node1 CPU_IDs=0 Mem=0 GRES=gpu:2(IDX:0-1)" &&
	n=$(submit -w node1 --gres=gpu:1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $n -o %r)\" = Resources" 15 &&
	scancel $m $n
'

test_expect_success 'scontrol update Gres= of a held job: taken, shown, refused and run as slurmctld' '
	id=$(submit --hold -o g.out --wrap "echo \$CUDA_VISIBLE_DEVICES") &&
	scontrol update JobId=$id Gres=gpu:2 &&
	test "$(field $id TresPerNode)" = gres:gpu:2 &&
	test_must_fail scontrol update JobId=$id Gres=gpu:x:1 2>err &&
	echo "Invalid GRES specification (with and without type identification) for job $id" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$id Gres=foo:1 2>err &&
	echo "Invalid generic resource (gres) specification for job $id" >expect &&
	test_cmp expect err &&
	test "$(field $id TresPerNode)" = gres:gpu:2 &&
	scontrol release $id &&
	wait_job $id COMPLETED 30 &&
	flurm_wait_for "test -s g.out" 5 &&
	echo 0,1 >expect &&
	test_cmp expect g.out
'

test_done
