#!/bin/bash
test_description='sbatch options that must take effect, with the real clients: -n without -N spans as many nodes as the tasks need; -p a,b runs in whichever partition can start the job first; --test-only says when and where a job would start; --mincpus and --contiguous shape the allocation; --open-mode=append keeps what -o holds'
. "$(dirname "$0")/test-lib.sh"

# p1 and p2 share no node, so where a job runs tells its partition
FLURM_SLURM_CONF_EXTRA="PartitionName=p1 Nodes=node1 MaxTime=INFINITE State=UP
PartitionName=p2 Nodes=node2 MaxTime=INFINITE State=UP"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 3 || error "cannot start a cluster"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success '-n 4 without -N on 2-CPU nodes runs on two nodes' '
	j=$(submit -n 4 -o /dev/null --wrap "sleep 1") &&
	wait_job $j RUNNING &&
	test "$(squeue -h -j $j -o %D)" = 2 &&
	test "$(squeue -h -j $j -o %N)" = "node[1-2]" &&
	test "$(field $j NumCPUs)" = 4 &&
	test "$(field $j NumTasks)" = 4 &&
	wait_job $j COMPLETED
'

test_expect_success '-n 2 without -N fits one node and takes one' '
	j=$(submit -n 2 -o /dev/null --wrap "sleep 1") &&
	wait_job $j RUNNING &&
	test "$(squeue -h -j $j -o %D)" = 1 &&
	wait_job $j COMPLETED
'

# slurmctld 22.05 (EnforcePartLimits=NO) takes it and leaves it waiting
test_expect_success '-n 7 without -N: more CPUs than the cluster has waits PartitionConfig' '
	j=$(submit -n 7 -o /dev/null --wrap true) &&
	flurm_wait_for "test \"\$(squeue -h -j $j -o \"%t %r %C\")\" = \"PD PartitionConfig 7\"" 10 &&
	scancel $j
'

test_expect_success '-p p1,p2: runs in p2 when p1 is full, and shows p2 from then on' '
	a=$(submit -p p1 -n 2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	b=$(submit -p p1,p2 -n 2 -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	test "$(squeue -h -j $b -o %P)" = p2 &&
	test "$(field $b Partition)" = p2 &&
	test "$(squeue -h -j $b -o %N)" = node2
'

test_expect_success '-p p1,p2: waits in both, shown as p1,p2, reason Resources' '
	c=$(submit -p p1,p2 -n 2 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 10 &&
	test "$(squeue -h -j $c -o %P)" = p1,p2 &&
	test "$(field $c Partition)" = p1,p2 &&
	scancel $b &&
	wait_job $c RUNNING &&
	test "$(field $c Partition)" = p2 &&
	scancel $a $c
'

test_expect_success '-p with a partition that does not exist is refused' '
	test_must_fail sbatch -p p1,nosuch -o /dev/null --wrap true 2>err &&
	cat >expect <<-\EOF &&
	sbatch: error: invalid partition specified: nosuch
	sbatch: error: Batch job submission failed: Invalid partition name specified
	EOF
	test_cmp expect err
'

test_expect_success 'a partition of a waiting job'"'"'s list cannot be deleted' '
	d=$(submit -p p1,p2 -H -o /dev/null --wrap true) &&
	test_must_fail scontrol delete PartitionName=p2 &&
	scancel $d
'

test_expect_success '--test-only on an idle cluster: now, on the nodes it would get, nothing submitted' '
	# the jobs cancelled above may still be completing on their nodes
	flurm_wait_nodes idle 30 &&
	squeue -h -t all -o %i | sort >before &&
	sbatch --test-only -n 4 -o /dev/null --wrap true 2>out &&
	grep -E "^sbatch: Job [0-9]+ to start at [0-9T:-]+ using 4 processors on nodes node\[1-2\] in partition debug$" out &&
	squeue -h -t all -o %i | sort >after &&
	test_cmp before after
'

test_expect_success '--test-only on a busy cluster: when the running job'"'"'s time limit ends' '
	a=$(submit -p p2 -n 2 -t 10 -o /dev/null --wrap "sleep 120") &&
	wait_job $a RUNNING &&
	sbatch --test-only -p p2 -o /dev/null --wrap true 2>out &&
	cat out &&
	at=$(sed -n "s/^sbatch: Job [0-9]* to start at \([^ ]*\) using 1 processors on nodes node2 in partition p2$/\1/p" out) &&
	want=$(( $(date -d "$(scontrol show job $a | tr " " "\n" | sed -n "s/^StartTime=//p")" +%s) + 600 )) &&
	test $(date -d "$at" +%s) = $want &&
	sbatch --test-only -p p1,p2 -o /dev/null --wrap true 2>out &&
	grep "using 1 processors on nodes node1 in partition p1$" out &&
	scancel $a
'

test_expect_success '--test-only for a job that could never run: Slurm'"'"'s error' '
	test_must_fail sbatch --test-only -N 4 -o /dev/null --wrap true 2>err &&
	grep "allocation failure: Node count specification invalid" err
'

test_expect_success '--mincpus=2 with one task: two CPUs on its node, shown as MinCPUsNode' '
	j=$(submit --mincpus=2 -n 1 -o /dev/null --wrap "sleep 1") &&
	wait_job $j RUNNING &&
	test "$(field $j MinCPUsNode)" = 2 &&
	test "$(field $j NumCPUs)" = 2 &&
	test "$(squeue -h -j $j -o %C)" = 2 &&
	wait_job $j COMPLETED
'

test_expect_success '--mincpus over any node'"'"'s CPUs is refused' '
	test_must_fail sbatch --mincpus=3 -o /dev/null --wrap true 2>err &&
	grep "Requested node configuration is not available" err
'

test_expect_success '--contiguous: waits for nodes next to each other, Contiguous=1' '
	a=$(submit -w node2 -n 2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	c=$(submit -N 2 --contiguous -o /dev/null --wrap "sleep 1") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 10 &&
	test "$(field $c Contiguous)" = 1 &&
	n=$(submit -p batch -N 2 -o /dev/null --wrap "sleep 60") &&
	wait_job $n RUNNING &&
	test "$(squeue -h -j $n -o %N)" = "node[1,3]" &&
	test "$(field $n Contiguous)" = 0 &&
	test "$(squeue -h -j $c -o %T)" = PENDING &&
	scancel $a $n &&
	wait_job $c RUNNING 60 &&
	test "$(squeue -h -j $c -o %N)" = "node[1-2]" -o "$(squeue -h -j $c -o %N)" = "node[2-3]"
'

test_expect_success '--open-mode=append adds to -o; without it (or =truncate) the file starts empty' '
	out="$PWD/open-mode.out" &&
	j=$(submit -o "$out" --wrap "echo first") && wait_job $j COMPLETED &&
	j=$(submit -o "$out" --open-mode=append --wrap "echo second") &&
	wait_job $j COMPLETED &&
	printf "first\nsecond\n" >expect && test_cmp expect "$out" &&
	j=$(submit -o "$out" --open-mode=truncate --wrap "echo third") &&
	wait_job $j COMPLETED &&
	echo third >expect && test_cmp expect "$out" &&
	j=$(submit -o "$out" --wrap "echo fourth") && wait_job $j COMPLETED &&
	echo fourth >expect && test_cmp expect "$out"
'

test_expect_success 'the submitter'"'"'s soft limits and umask reach the job, not its environment (PropagateResourceLimits=ALL, the default)' '
	j=$(ulimit -S -n 777 && ulimit -S -s 4096 && umask 027 &&
	    submit -o "$PWD/lim.out" --wrap "ulimit -S -n; ulimit -S -s; umask; env | grep -c ^SLURM_RLIMIT_; env | grep -c ^SLURM_UMASK=; true") &&
	wait_job $j COMPLETED &&
	printf "777\n4096\n0027\n0\n0\n" >expect &&
	test_cmp expect lim.out
'

test_done
