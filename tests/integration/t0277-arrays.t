#!/bin/bash
test_description='job arrays with the real sbatch, squeue, scontrol and scancel: --array ranges, strides, lists and the % throttle, MaxArraySize, each task with its SLURM_ARRAY_* and %A/%a file names, squeue ID_N and ID_[range], squeue -r, scontrol show job, scancel and scontrol update of the whole array, a task and a range, and a controller restart'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="MaxArraySize=50"
test_under_flurm 2 || error "cannot start a cluster"

# field ID NAME: the value of NAME= in `scontrol show job ID` (first record)
field() {
	scontrol show job $1 | tr " " "\n" | sed -n "s/^$2=//p" | head -1
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'sbatch --array runs every task with its environment and file names' '
	a=$(submit --array=1-5:2,8 -o "out.%A_%a" --wrap "echo \$SLURM_JOB_ID \$SLURM_ARRAY_JOB_ID \$SLURM_ARRAY_TASK_ID \$SLURM_ARRAY_TASK_COUNT \$SLURM_ARRAY_TASK_MIN \$SLURM_ARRAY_TASK_MAX \$SLURM_ARRAY_TASK_STEP") &&
	test -n "$a" &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 60 &&
	for t in 1 3 5 8; do
		test -s out.${a}_$t || return 1
	done &&
	echo "$a $a 1 4 1 8 1" >expect &&
	test_cmp expect out.${a}_1 &&
	set -- $(cat out.${a}_8) &&
	test "$2 $3 $4" = "$a 8 4" &&
	test "$1" != "$a"
'
test_done
