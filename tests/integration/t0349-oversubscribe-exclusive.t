#!/bin/bash
test_description='a partition slurm.conf makes OverSubscribe=EXCLUSIVE gives each job whole nodes, as slurmctld 22.05 (NumCPUs, TRES, OverSubscribe=NO, CPUAlloc, others waiting Resources); YES:N shares CPUs among up to N --oversubscribe jobs, FORCE:N among any N, memory still counted; --test-only and squeue --start count the CPUs a job may share; sinfo and scontrol show each partition'"'"'s OverSubscribe; scontrol may not change it, nor the partition settings FLURM does not keep'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="PartitionName=ex Nodes=node1 Default=NO OverSubscribe=EXCLUSIVE
PartitionName=fy Nodes=node1 Default=NO OverSubscribe=FORCE:2
PartitionName=ys Nodes=node1 Default=NO Shared=YES
PartitionName=y2 Nodes=node1 Default=NO OverSubscribe=YES:2"
test_under_flurm 1 || error "cannot start a cluster"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

# the figures slurmctld 22.05 gave for the same slurm.conf lines
test_expect_success 'sinfo %h and scontrol show partition give each OverSubscribe' '
	sinfo -h -o "%P %h" -p debug,ex,fy,ys | sort >out &&
	printf "%s\n" "debug* NO" "ex EXCLUSIVE" "fy FORCE:2" "ys YES:4" >expect &&
	test_cmp expect out &&
	scontrol show partition ex | grep -q " OverSubscribe=EXCLUSIVE\$"
'

test_expect_success 'a one-CPU job there holds the whole node; a job of another partition waits Resources' '
	a=$(sbatch --parsable -p ex -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	b=$(sbatch --parsable -p debug -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $b -o %r)\" = Resources" 20 &&
	test "$(squeue -h -j $a -o "%t %C %h")" = "R 2 NO" &&
	test "$(field $a NumCPUs)" = 2 &&
	test "$(field $a TRES)" = "cpu=2,node=1,billing=2" &&
	test "$(field $a OverSubscribe)" = NO &&
	scontrol show node node1 | grep -q "CPUAlloc=2 " &&
	test "$(sinfo -h -n node1 -p ex -o %t)" = alloc &&
	scancel $a &&
	wait_job $b RUNNING &&
	test "$(squeue -h -j $b -o %C)" = 1 &&
	scancel $b && wait_job $b CANCELLED
'

test_expect_success 'a job of another partition on the node: the EXCLUSIVE one waits until the node is empty' '
	b=$(sbatch --parsable -p debug -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	a=$(sbatch --parsable -p ex -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $a -o %r)\" = Resources" 20 &&
	scancel $b &&
	wait_job $a RUNNING &&
	test "$(squeue -h -j $a -o %C)" = 2 &&
	scancel $a && wait_job $a CANCELLED
'

# slurmctld 22.05 with select/cons_tres: up to N jobs on each CPU; with
# YES only those that ask --oversubscribe, with FORCE all of them
test_expect_success 'YES:2: two --oversubscribe jobs of 2 CPUs share the 2 CPUs, counted once; a third waits' '
	a=$(sbatch --parsable -p y2 -s -n2 -o /dev/null --wrap "sleep 60") &&
	b=$(sbatch --parsable -p y2 -s -n2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING && wait_job $b RUNNING &&
	c=$(sbatch --parsable -p y2 -s -n2 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 20 &&
	test "$(squeue -h -j $a -o "%t %C %h")" = "R 2 YES" &&
	test "$(squeue -h -j $b -o "%t %C %h")" = "R 2 YES" &&
	test "$(field $b NumCPUs)" = 2 &&
	scontrol -d show job $b | grep -q " CPU_IDs=0-1 " &&
	scontrol show node node1 | grep -q "CPUAlloc=2 " &&
	scontrol show node node1 | grep -q "AllocTRES=cpu=2$" &&
	test "$(sinfo -h -n node1 -p y2 -o %t)" = alloc &&
	scancel $a && wait_job $c RUNNING &&
	test "$(squeue -h -j $b -o %t)" = R &&
	scancel $b $c && wait_job $c CANCELLED
'

test_expect_success 'YES:2: a job without --oversubscribe waits for idle CPUs; an --oversubscribe one does not go beside it' '
	a=$(sbatch --parsable -p y2 -s -n2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	b=$(sbatch --parsable -p y2 -n1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $b -o %r)\" = Resources" 20 &&
	test "$(squeue -h -j $b -o %h)" = OK &&
	scancel $a && wait_job $b RUNNING &&
	c=$(sbatch --parsable -p y2 -s -n1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 20 &&
	scancel $b && wait_job $c RUNNING &&
	scancel $c && wait_job $c CANCELLED
'

# slurmctld's will-run test (cons_tres) places the job in the rows as
# they are now, then as the running jobs end
test_expect_success 'YES:2: --test-only and squeue --start count the CPUs an --oversubscribe job may share' '
	a=$(sbatch --parsable -p y2 -s -n2 -t 10 -o /dev/null --wrap "sleep 120") &&
	wait_job $a RUNNING &&
	sbatch --test-only -p y2 -s -n2 -o /dev/null --wrap true 2>out &&
	at=$(sed -n "s/^sbatch: Job [0-9]* to start at \([^ ]*\) using 2 processors on nodes node1 in partition y2\$/\1/p" out) &&
	late=$(( $(date -d "$at" +%s) - $(date +%s) )) &&
	test ${late#-} -le 5 &&
	sbatch --test-only -p y2 -n1 -o /dev/null --wrap true 2>out &&
	grep "to start at $(field $a EndTime) using 1 processors on nodes node1 in partition y2\$" out &&
	b=$(sbatch --parsable -p y2 -s -n1 -t 5 -o /dev/null --wrap "sleep 120") &&
	wait_job $b RUNNING &&
	c=$(sbatch --parsable -p y2 -s -n2 -t 10 -o /dev/null --wrap "sleep 120") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 20 &&
	test "$(squeue -h -j $c --start -o "%S %Y")" = "$(field $b EndTime) node1" &&
	scancel $a $b $c && wait_job $c CANCELLED
'

test_expect_success 'FORCE:2: any two jobs share the CPUs (OverSubscribe=YES), the third waits; another partition waits too' '
	a=$(sbatch --parsable -p fy -n2 -o /dev/null --wrap "sleep 60") &&
	b=$(sbatch --parsable -p fy -n2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING && wait_job $b RUNNING &&
	c=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 20 &&
	test "$(field $a OverSubscribe)" = YES &&
	test "$(field $c OverSubscribe)" = YES &&
	scontrol show node node1 | grep -q "CPUAlloc=2 " &&
	scancel $a $b && wait_job $c RUNNING &&
	d=$(sbatch --parsable -p debug -n1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $d -o %r)\" = Resources" 20 &&
	scancel $c && wait_job $d RUNNING &&
	scancel $d && wait_job $d CANCELLED
'

test_expect_success 'FORCE:2: an --exclusive job holds the whole node, shared all the same (OverSubscribe=YES once running)' '
	a=$(sbatch --parsable -p fy --exclusive -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	b=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	test "$(squeue -h -j $a -o "%C %h")" = "2 YES" &&
	scontrol show node node1 | grep -q "CPUAlloc=2 " &&
	scancel $a $b && wait_job $b CANCELLED
'

# slurmctld's cons_tres puts an --exclusive job of a FORCE partition in
# a row that holds none of the node's cores: it need not wait for an
# empty node
test_expect_success 'FORCE:2: an --exclusive job starts beside a running one where every CPU has room; else it waits' '
	b=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	a=$(sbatch --parsable -p fy --exclusive -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	test "$(squeue -h -j $a -o "%C %h")" = "2 YES" &&
	scontrol -d show job $a | grep -q " CPU_IDs=0-1 " &&
	c=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $c RUNNING &&
	scontrol -d show job $c | grep -q " CPU_IDs=1 " &&
	d=$(sbatch --parsable -p fy --exclusive -n1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $d -o %r)\" = Resources" 20 &&
	scancel $b $c &&
	wait_job $d RUNNING &&
	test "$(squeue -h -j $d -o %C)" = 2 &&
	scancel $a $d && wait_job $d CANCELLED
'

test_expect_success 'FORCE:2: memory is still counted: a job whose memory is taken waits' '
	a=$(sbatch --parsable -p fy -n1 --mem=600 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	b=$(sbatch --parsable -p fy -n2 --mem=300 -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	c=$(sbatch --parsable -p fy -n1 --mem=200 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Resources" 20 &&
	scontrol show node node1 | grep -q "CPUAlloc=2 " &&
	scontrol show node node1 | grep -q "AllocMem=900 " &&
	scancel $a && wait_job $c RUNNING &&
	scancel $b $c && wait_job $c CANCELLED
'

test_expect_success 'jobs sharing CPUs come back as they were after a controller crash' '
	a=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	b=$(sbatch --parsable -p fy -n2 -o /dev/null --wrap "sleep 60") &&
	c=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING && wait_job $b RUNNING && wait_job $c RUNNING &&
	scontrol -d show job $c | grep -q " CPU_IDs=1 " &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(squeue -h -j $a,$b,$c -o %t | sort -u)" = R &&
	scontrol -d show job $a | grep -q " CPU_IDs=0 " &&
	scontrol -d show job $b | grep -q " CPU_IDs=0-1 " &&
	scontrol -d show job $c | grep -q " CPU_IDs=1 " &&
	scontrol show node node1 | grep -q "CPUAlloc=2 " &&
	d=$(sbatch --parsable -p fy -n1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $d -o %r)\" = Resources" 20 &&
	scancel $a $b $c $d && wait_job $d CANCELLED
'

test_expect_success 'scontrol update of OverSubscribe: refused, not dropped; the same value is taken' '
	test_must_fail scontrol update PartitionName=ex OverSubscribe=NO 2>err &&
	grep -q "Requested operation not supported on this system" err &&
	scontrol update PartitionName=ex OverSubscribe=EXCLUSIVE &&
	test_must_fail scontrol create PartitionName=new Nodes=node1 OverSubscribe=EXCLUSIVE 2>err &&
	grep -q "Requested operation not supported on this system" err &&
	test_must_fail scontrol show partition new &&
	test "$(sinfo -h -p ex -o %h)" = EXCLUSIVE
'

# slurmctld takes these; FLURM keeps none of them, so it refuses them
# rather than answering success and changing nothing; the values FLURM
# shows are taken
test_expect_success 'partition settings FLURM does not keep are refused; the values it shows are taken' '
	for kv in AllowAccounts=a AllowQos=normal DenyAccounts=b \
		RootOnly=YES ReqResv=YES LLN=YES ExclusiveUser=YES \
		DisableRootJobs=YES MaxCPUsPerNode=2 DefMemPerCPU=100 \
		MaxMemPerCPU=200 GraceTime=5 Alternate=debug QOS=normal \
		TRESBillingWeights=CPU=1.0 PriorityJobFactor=2; do
		test_must_fail scontrol update PartitionName=fy $kv 2>err &&
		grep -q "Requested operation not supported on this system" err ||
		return 1
	done &&
	scontrol update PartitionName=fy AllowAccounts=ALL AllowQos=ALL \
		RootOnly=NO LLN=NO ExclusiveUser=NO MaxCPUsPerNode=UNLIMITED \
		GraceTime=0 PreemptMode=OFF PriorityJobFactor=1 MaxTime=30 &&
	scontrol show partition fy >out &&
	grep -q " MaxTime=00:30:00 " out &&
	grep -q " RootOnly=NO " out &&
	grep -q " MaxCPUsPerNode=UNLIMITED$" out
'

test_done
