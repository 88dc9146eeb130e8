#!/bin/bash
test_description='DefMemPerCPU/DefMemPerNode and MaxMemPerCPU/MaxMemPerNode (global and per partition) as slurmctld 22.05 applies them (figures from a side-by-side run against it): the default memory of a job that asks none, -c raised to fit a per-CPU limit, --mincpus for a --mem under it, MaxMemPerLimit waits, scontrol show partition, EnforcePartLimits refusals and reconfigure'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="DefMemPerCPU=100
MaxMemPerCPU=300
PartitionName=mem Nodes=ALL MaxTime=INFINITE State=UP DefMemPerNode=200 MaxMemPerNode=500"
test_under_flurm 1 || error "cannot start a cluster"

# fields JOB: the memory and CPU fields of scontrol show job JOB, one a line
fields() {
	scontrol show job "$1" | tr " " "\n" |
		grep -E "^(NumCPUs|CPUs/Task|MinCPUsNode|MinMemory[A-Za-z]*|TRES)="
}

test_expect_success 'the node registers' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

test_expect_success 'no memory asked: DefMemPerCPU, or the partition'"'"'s DefMemPerNode' '
	a=$(submit --hold -o /dev/null --wrap true) &&
	cat >expect <<-\EXP &&
	NumCPUs=1
	CPUs/Task=1
	TRES=cpu=1,mem=100M,node=1,billing=1
	MinCPUsNode=1
	MinMemoryCPU=100M
	EXP
	fields $a >out &&
	test_cmp expect out &&
	test "$(squeue -h -j $a -o "%m %C")" = "100M 1" &&
	b=$(submit --hold -p mem -o /dev/null --wrap true) &&
	fields $b | grep -x "MinMemoryNode=200M" &&
	fields $b | grep -x "TRES=cpu=1,mem=200M,node=1,billing=1" &&
	scancel $a $b
'

test_expect_success 'the default memory is held on the node (counted, no CR_Core)' '
	a=$(submit -o /dev/null --wrap "sleep 30") &&
	wait_job $a RUNNING &&
	scontrol show node node1 | grep -q "AllocMem=100 " &&
	scancel $a &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a --mem-per-cpu over MaxMemPerCPU doubles -c and halves it, and runs' '
	c=$(submit --mem-per-cpu=500 -o /dev/null --wrap "sleep 30") &&
	wait_job $c RUNNING &&
	test "$(squeue -h -j $c -o "%t %r %m %C")" = "R None 250M 2" &&
	fields $c | grep -x "CPUs/Task=2" &&
	fields $c | grep -x "MinMemoryCPU=250M" &&
	scontrol show node node1 | grep -q "AllocMem=500 " &&
	scancel $c &&
	flurm_wait_nodes idle 30
'

# slurmctld's min_cpus: raised with -n only, the TRES cpu= as asked
test_expect_success 'a waiting job whose -c was raised shows the CPUs asked, as slurmctld' '
	a=$(submit --hold --mem-per-cpu=500 -o /dev/null --wrap true) &&
	cat >expect <<-\EXP &&
	NumCPUs=1
	CPUs/Task=2
	TRES=cpu=1,mem=500M,node=1,billing=1
	MinCPUsNode=2
	MinMemoryCPU=250M
	EXP
	fields $a >out &&
	test_cmp expect out &&
	test "$(squeue -h -j $a -o "%C %m")" = "1 250M" &&
	b=$(submit --hold -c 2 --mem-per-cpu=400 -o /dev/null --wrap true) &&
	cat >expect <<-\EXP &&
	NumCPUs=2
	CPUs/Task=4
	TRES=cpu=2,mem=800M,node=1,billing=2
	MinCPUsNode=4
	MinMemoryCPU=200M
	EXP
	fields $b >out &&
	test_cmp expect out &&
	c=$(submit --hold -n 2 --mem-per-cpu=500 -o /dev/null --wrap true) &&
	cat >expect <<-\EXP &&
	NumCPUs=4
	CPUs/Task=2
	TRES=cpu=2,mem=1000M,node=1,billing=2
	MinCPUsNode=1
	MinMemoryCPU=250M
	EXP
	fields $c >out &&
	test_cmp expect out &&
	test "$(squeue -h -j $c -o %C)" = 4 &&
	scancel $a $b $c
'

# as slurmctld: -c is taken from what the job asked and raised again for
# the new memory, or back under the limit
test_expect_success 'scontrol update MinMemoryCPU= raises -c again to fit, or takes it back' '
	a=$(submit --hold --mem-per-cpu=100 -o /dev/null --wrap "sleep 30") &&
	scontrol update JobId=$a MinMemoryCPU=500 &&
	cat >expect <<-\EXP &&
	NumCPUs=1
	CPUs/Task=2
	TRES=cpu=1,mem=500M,node=1,billing=1
	MinCPUsNode=2
	MinMemoryCPU=250M
	EXP
	fields $a >out &&
	test_cmp expect out &&
	scontrol update JobId=$a MinMemoryCPU=250 &&
	fields $a >out &&
	test_cmp expect out &&
	b=$(submit --hold --mem-per-cpu=500 -o /dev/null --wrap true) &&
	scontrol update JobId=$b MinMemoryCPU=100 &&
	cat >expect <<-\EXP &&
	NumCPUs=1
	CPUs/Task=1
	TRES=cpu=1,mem=100M,node=1,billing=1
	MinCPUsNode=1
	MinMemoryCPU=100M
	EXP
	fields $b >out &&
	test_cmp expect out &&
	scancel $b &&
	scontrol release $a &&
	wait_job $a RUNNING &&
	test "$(squeue -h -j $a -o "%t %m %C")" = "R 250M 2" &&
	scontrol show node node1 | grep -q "AllocMem=500 " &&
	scancel $a &&
	flurm_wait_nodes idle 30
'

# slurmctld works -c out again at any update of a waiting job: a held
# job keeps what it had until its release
test_expect_success 'a lowered MaxMemPerCPU: a held job is raised when released' '
	a=$(submit --hold --mem-per-cpu=250 -o /dev/null --wrap "sleep 30") &&
	sed -i "s/^MaxMemPerCPU=300/MaxMemPerCPU=200/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	test "$(squeue -h -j $a -o "%C %m")" = "1 250M" &&
	scontrol release $a &&
	wait_job $a RUNNING &&
	test "$(squeue -h -j $a -o "%t %m %C")" = "R 125M 2" &&
	fields $a | grep -x "CPUs/Task=2" &&
	scancel $a &&
	sed -i "s/^MaxMemPerCPU=200/MaxMemPerCPU=300/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_nodes idle 30
'

# slurmctld gives a waiting job that asked no memory the default of the
# time of its update (a release too); one that was given a memory keeps it
test_expect_success 'a DefMemPerCPU changed by reconfigure: a held job that asked none takes it when released' '
	a=$(submit --hold -o /dev/null --wrap "sleep 30") &&
	b=$(submit --hold -o /dev/null --wrap "sleep 30") &&
	scontrol update JobId=$b MinMemoryCPU=120 &&
	sed -i "s/^DefMemPerCPU=100/DefMemPerCPU=150/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	test "$(squeue -h -j $a -o "%C %m")" = "1 100M" &&
	c=$(submit --hold -o /dev/null --wrap true) &&
	test "$(squeue -h -j $c -o "%C %m")" = "1 150M" &&
	scancel $c &&
	scontrol release $a $b &&
	wait_job $a RUNNING &&
	wait_job $b RUNNING &&
	test "$(squeue -h -j $a -o "%t %m %C")" = "R 150M 1" &&
	test "$(squeue -h -j $b -o "%t %m %C")" = "R 120M 1" &&
	scontrol show node node1 | grep -q "AllocMem=270 " &&
	scancel $a $b &&
	sed -i "s/^DefMemPerCPU=150/DefMemPerCPU=100/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_nodes idle 30
'

# figures from slurmctld 22.05, which gives them at its next pass
test_expect_success 'reconfigure: a waiting job that is not held takes the new MaxMemPerCPU and DefMemPerCPU' '
	big=$(submit -c 2 --mem-per-cpu=100 -o /dev/null --wrap "sleep 60") &&
	wait_job $big RUNNING &&
	a=$(submit --mem-per-cpu=250 -o /dev/null --wrap "sleep 30") &&
	b=$(submit -o /dev/null --wrap "sleep 30") &&
	test "$(squeue -h -j $a -o "%t %C %m")" = "PD 1 250M" &&
	test "$(squeue -h -j $b -o "%t %C %m")" = "PD 1 100M" &&
	sed -i -e "s/^MaxMemPerCPU=300/MaxMemPerCPU=200/" \
		-e "s/^DefMemPerCPU=100/DefMemPerCPU=150/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "test \"\$(squeue -h -j $a -o %m)\" = 125M" 10 &&
	cat >expect <<-\EXP &&
	NumCPUs=1
	CPUs/Task=2
	TRES=cpu=1,mem=250M,node=1,billing=1
	MinCPUsNode=2
	MinMemoryCPU=125M
	EXP
	fields $a >out &&
	test_cmp expect out &&
	flurm_wait_for "test \"\$(squeue -h -j $b -o %m)\" = 150M" 10 &&
	scancel $big &&
	wait_job $a RUNNING &&
	test "$(squeue -h -j $a -o "%t %m %C")" = "R 125M 2" &&
	scancel $a $b &&
	sed -i -e "s/^MaxMemPerCPU=200/MaxMemPerCPU=300/" \
		-e "s/^DefMemPerCPU=150/DefMemPerCPU=100/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a controller restarted on a lowered MaxMemPerCPU: a waiting job takes it' '
	big=$(submit -c 2 --mem-per-cpu=100 -o /dev/null --wrap "sleep 60") &&
	wait_job $big RUNNING &&
	a=$(submit --mem-per-cpu=250 -o /dev/null --wrap "sleep 30") &&
	sed -i "s/^MaxMemPerCPU=300/MaxMemPerCPU=200/" "$SLURM_CONF" &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	flurm_wait_for "test \"\$(squeue -h -j $a -o \"%t %m\")\" = \"PD 125M\"" 10 &&
	fields $a | grep -x "CPUs/Task=2" &&
	scancel $big $a &&
	sed -i "s/^MaxMemPerCPU=200/MaxMemPerCPU=300/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_nodes idle 30
'

test_expect_success 'raised -c or CPUs beyond a node: refused as by slurmctld (unless held)' '
	test_expect_code 1 sbatch -n 2 --mem-per-cpu=500 -o /dev/null --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect out &&
	test_expect_code 1 sbatch --mem=900 -o /dev/null --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: CPU count per node can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EXP
	test_cmp expect out &&
	h=$(submit --hold --mem=900 -o /dev/null --wrap true) &&
	fields $h | grep -x "MinMemoryNode=900M" &&
	scancel $h
'

test_expect_success 'a --mem under MaxMemPerCPU takes the CPUs it needs a node' '
	d=$(submit --hold --mem=500 -o /dev/null --wrap true) &&
	fields $d | grep -x "MinCPUsNode=2" &&
	fields $d | grep -x "MinMemoryNode=500M" &&
	scancel $d
'

test_expect_success 'over MaxMemPerNode: taken, waits MaxMemPerLimit' '
	e=$(submit -p mem --mem=800 -o /dev/null --wrap "sleep 30") &&
	flurm_wait_for "test \"\$(squeue -h -j $e -o \"%t %r %m %C\")\" = \"PD MaxMemPerLimit 800M 1\"" 10 &&
	f=$(submit -p mem --mem-per-cpu=300 -c 2 -o /dev/null --wrap "sleep 30") &&
	flurm_wait_for "test \"\$(squeue -h -j $f -o \"%t %r %m %C\")\" = \"PD MaxMemPerLimit 300M 2\"" 10 &&
	scontrol show job $e | grep -q "JobState=PENDING Reason=MaxMemPerLimit " &&
	echo $e $f >ef.id
'

test_expect_success 'scontrol show partition: each partition'"'"'s own values' '
	scontrol show partition debug | grep -q "^   DefMemPerNode=UNLIMITED MaxMemPerNode=UNLIMITED$" &&
	scontrol show partition mem | grep -q "^   DefMemPerNode=200 MaxMemPerNode=500$"
'

test_expect_success 'reconfigure with a larger MaxMemPerNode: the waiting jobs start' '
	sed -i "s/MaxMemPerNode=500/MaxMemPerNode=1000/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	for j in $(cat ef.id); do wait_job $j RUNNING || return 1; done &&
	scontrol show partition mem | grep -q "^   DefMemPerNode=200 MaxMemPerNode=1000$" &&
	scancel $(cat ef.id) &&
	flurm_wait_nodes idle 30
'

test_expect_success 'EnforcePartLimits=ALL (flurmsh reload): over the limit is refused at submission' '
	sed -i -e "s/MaxMemPerNode=1000/MaxMemPerNode=500/" \
		-e "s/^MaxMemPerCPU=300/MaxMemPerCPU=250/" "$SLURM_CONF" &&
	echo EnforcePartLimits=ALL >>"$SLURM_CONF" &&
	flurmsh reload >out &&
	grep -x "partition mem changed: MaxMemPerNode 1000 -> 500" out &&
	grep -x "MaxMemPerCPU 300 -> 250" out &&
	sed -i "s/^MaxMemPerCPU=250/MaxMemPerCPU=300/" "$SLURM_CONF" &&
	flurmsh reload >out &&
	echo "sbatch: error: Batch job submission failed: Memory required by task is not available" >expect &&
	test_expect_code 1 sbatch --hold -p mem --mem=800 -o /dev/null --wrap true >out 2>&1 &&
	test_cmp expect out &&
	test_expect_code 1 sbatch --hold -p mem --mem-per-cpu=300 -c 2 -o /dev/null --wrap true >out 2>&1 &&
	test_cmp expect out &&
	test_expect_code 1 sbatch --hold -p mem,debug --mem=800 -o /dev/null --wrap true >out 2>&1 &&
	test_cmp expect out &&
	g=$(submit --hold -p mem --mem=500 -o /dev/null --wrap true) &&
	h=$(submit --hold --mem-per-cpu=900 -o /dev/null --wrap true) &&
	test "$(squeue -h -j $g -o "%m %C")" = "500M 1" &&
	fields $h | grep -x "MinMemoryCPU=300M" &&
	scancel $g $h
'

test_done
