#!/bin/bash
test_description='SelectTypeParameters=CR_Core counts no memory, as slurmctld 22.05 (make compare): --mem-per-cpu=600 -c 2 on 1000 MB nodes is taken and runs, holding no memory (TRES without mem, AllocMem 0), beside another job asking 600 MB; a CPU'"'"'s memory beyond every node is still refused with its reason; sbatch --test-only still wants a CPU'"'"'s memory times the CPUs on one node; without the setting (scontrol reconfigure) the memory a job asks is counted again'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="SelectType=select/cons_tres
SelectTypeParameters=CR_Core"
test_under_flurm 1 || error "cannot start a cluster"

test_expect_success 'the node registers' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

test_expect_success '600 MB a CPU for two CPUs on a 1000 MB node: taken, runs, holds no memory' '
	a=$(submit --mem-per-cpu=600 -c 2 -o /dev/null --wrap "sleep 60") &&
	wait_job $a RUNNING &&
	test "$(field $a TRES)" = "cpu=2,node=1,billing=2" &&
	test "$(field $a MinMemoryCPU)" = 600M &&
	scontrol show node node1 | grep -q "AllocMem=0 " &&
	echo $a >a.id
'

test_expect_success 'another job asking 600 MB waits for a CPU only' '
	b=$(submit --mem=600 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $b -o %r)\" = Resources" 10 &&
	scancel $(cat a.id) &&
	wait_job $b RUNNING &&
	test "$(field $b TRES)" = "cpu=1,node=1,billing=1" &&
	scancel $b &&
	flurm_wait_nodes idle 30
'

test_expect_success 'a CPU'"'"'s memory beyond every node: refused with the reason' '
	test_expect_code 1 sbatch --mem-per-cpu=1200 --wrap true >out 2>&1 &&
	cat >expect <<-\EXP &&
	sbatch: error: Memory specification can not be satisfied
	sbatch: error: Batch job submission failed: Requested node configuration is not available
	EXP
	test_cmp expect out
'

test_expect_success 'sbatch --test-only wants a CPU'"'"'s memory times its CPUs on one node' '
	test_expect_code 1 sbatch --test-only --mem-per-cpu=600 -c 2 --wrap true >out 2>&1 &&
	echo "allocation failure: Requested node configuration is not available" >expect &&
	test_cmp expect out &&
	sbatch --test-only --mem-per-cpu=600 -n 2 --wrap true 2>out &&
	grep -q "^sbatch: Job [0-9]* to start at .* using 2 processors on nodes node1 in partition debug$" out
'

test_expect_success 'without SelectTypeParameters (reconfigure) memory is counted again' '
	grep -v "^SelectType" "$SLURM_CONF" >conf.new &&
	cat conf.new >"$SLURM_CONF" &&
	scontrol reconfigure &&
	test_expect_code 1 sbatch --mem-per-cpu=600 -c 2 --wrap true >out 2>&1 &&
	echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >expect &&
	test_cmp expect out
'

test_done
