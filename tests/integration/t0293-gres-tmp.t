#!/bin/bash
test_description='GPUs, --tmp and --oversubscribe with the real clients: Gres=gpu:2 and TmpDisk= on nodes, --gres, --gpus and --gpus-per-node counted per node and enforced, --gpus=N for the job dealt node by node as slurmctld (2 and 1 over two nodes, a node with no GPU free never taken), CUDA_VISIBLE_DEVICES and SLURM_JOB_GPUS in the job, Gres=/GresUsed=/TRES in scontrol show node, TresPerNode/TresPerJob, --cpus-per-gpu (CpusPerTres), MinTmpDiskNode and OverSubscribe in scontrol show job, requests no node can meet refused'
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
	scancel $q &&
	wait_job $r COMPLETED &&
	echo 0,1 >expect && test_cmp expect q.out
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

test_expect_success '--gpus refused as slurmctld refuses it: more than the nodes have, more than the nodes a task count allows; --gpus with --gpus-per-node fixes the node count (a held one shows NumNodes=2-2, as slurmctld); a waiting --gpus without -N shows NumNodes=1' '
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
	scancel $g &&
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
