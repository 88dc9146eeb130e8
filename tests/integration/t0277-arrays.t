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
	# each task takes the next job id as it starts, the last one
	# the id of the array, as slurmctld numbers them
	echo "$((a + 1)) $a 1 4 1 8 1" >expect &&
	test_cmp expect out.${a}_1 &&
	set -- $(cat out.${a}_3) &&
	test "$1 $2 $3" = "$((a + 2)) $a 3" &&
	set -- $(cat out.${a}_8) &&
	test "$1 $2 $3 $4" = "$a $a 8 4"
'

test_expect_success 'an array takes one job id at submission; its pending record shows it' '
	a=$(submit -H --array=0-2 -o "ids.%a" --wrap "echo \$SLURM_JOB_ID") &&
	b=$(submit -H --wrap true) &&
	test "$b" = $((a + 1)) &&
	scontrol show job $a >show &&
	grep "^JobId=$a ArrayJobId=$a ArrayTaskId=0-2 " show &&
	test "$(squeue -h -j $a -o "%i %A")" = "${a}_[0-2] $a" &&
	scancel $b &&
	scontrol release $a &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 60 &&
	test "$(cat ids.0)" = $((a + 2)) &&
	test "$(cat ids.1)" = $((a + 3)) &&
	test "$(cat ids.2)" = $a &&
	test "$(submit -H --wrap true)" = $((a + 4))
'

test_expect_success 'without -o a task writes slurm-ARRAYID_TASK.out, as slurmstepd names it' '
	a=$(submit --array=2-3 --wrap "echo task \$SLURM_ARRAY_TASK_ID") &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 60 &&
	echo "task 2" >expect &&
	test_cmp expect slurm-${a}_2.out &&
	echo "task 3" >expect &&
	test_cmp expect slurm-${a}_3.out
'

test_expect_success '%A and %a in -e and -i, with a width' '
	for t in 0 1; do echo "input $t" >in.$t || return 1; done &&
	a=$(submit --array=0-1 -i "in.%a" -o "o.%A.%2a" -e "e.%A.%a" \
		--wrap "cat; echo oops >&2") &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 60 &&
	echo "input 1" >expect &&
	test_cmp expect o.$a.01 &&
	echo oops >expect &&
	test_cmp expect e.$a.0 &&
	test_cmp expect e.$a.1
'

test_expect_success 'the % throttle: two tasks run, the rest pend as ID_[2-9%2]' '
	a=$(submit --array=0-9%2 --wrap "sleep 300") &&
	echo $a >thr.id &&
	flurm_wait_for "[ \"\$(squeue -h -j $a -t R | wc -l)\" = 2 ]" 30 &&
	sleep 2 &&
	squeue -h -j $a -o "%i %T %r" | sort >got &&
	printf "%s\n" "${a}_0 RUNNING None" "${a}_1 RUNNING None" \
		"${a}_[2-9%2] PENDING JobArrayTaskLimit" | sort >expect &&
	test_cmp expect got
'

test_expect_success 'squeue -r shows one line a task' '
	a=$(cat thr.id) &&
	squeue -h -r -j $a -o "%i" >got &&
	test_line_count = 10 got &&
	grep -x "${a}_9" got &&
	grep -x "${a}_2" got
'

test_expect_success 'scontrol show job shows ArrayJobId and ArrayTaskId' '
	a=$(cat thr.id) &&
	scontrol show job $a >show &&
	grep -c "^JobId=" show >n &&
	echo 3 >expect && test_cmp expect n &&
	grep "ArrayJobId=$a ArrayTaskId=0 " show &&
	grep "ArrayJobId=$a ArrayTaskId=2-9%2 " show
'

test_expect_success 'scancel ID_N cancels one task, the next one starts' '
	a=$(cat thr.id) &&
	scancel ${a}_0 &&
	flurm_wait_for "squeue -h -r -j $a -o %i.%T | grep -qx ${a}_2.RUNNING" 30 &&
	test "$(squeue -h -r -j $a -t all -o %i.%T | grep -c CANCELLED)" = 1
'

test_expect_success 'scancel ID_[range] cancels pending tasks' '
	a=$(cat thr.id) &&
	scancel "${a}_[5-7]" &&
	flurm_wait_for "[ \"\$(squeue -h -r -j $a -t PD | wc -l)\" = 4 ]" 30 &&
	squeue -h -j $a -t PD -o %i >got &&
	echo "${a}_[3-4,8-9%2]" >expect &&
	test_cmp expect got
'

test_expect_success 'scancel ID cancels the whole array' '
	a=$(cat thr.id) &&
	scancel $a &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30 &&
	test "$(squeue -h -r -j $a -t all -o %T | sort -u)" = CANCELLED
'

test_expect_success 'scontrol update TimeLimit and hold/release: whole array, one task, a range' '
	a=$(submit --array=0-5%1 -t 30 --wrap "sleep 300") &&
	echo $a >upd.id &&
	flurm_wait_for "squeue -h -r -j $a -o %i.%T | grep -qx ${a}_0.RUNNING" 30 &&
	scontrol update JobId=$a TimeLimit=20 &&
	squeue -h -r -j $a -o %l | sort -u >got &&
	echo 20:00 >expect && test_cmp expect got &&
	scontrol update JobId=${a}_3 TimeLimit=10 &&
	test "$(squeue -h -r -j ${a}_3 -o %l)" = 10:00 &&
	test "$(squeue -h -r -j ${a}_4 -o %l)" = 20:00 &&
	test_must_fail scontrol update JobId=${a}_3 ExcNodeList=nosuch 2>err &&
	echo "${a}_3: Invalid node name specified" >expect &&
	test_cmp expect err &&
	scontrol update JobId=${a}_3 ExcNodeList=node2 &&
	test "$(squeue -h -r -j ${a}_3 -o %l)" = 10:00 &&
	test "$(field ${a}_3 ExcNodeList)" = node2 &&
	test "$(field ${a}_4 ExcNodeList)" = "(null)" &&
	scontrol hold "${a}_[4-5]" &&
	# the test runs as an operator: its holds are admin holds
	test "$(squeue -h -r -j ${a}_4 -o %r)" = JobHeldAdmin &&
	test "$(squeue -h -r -j ${a}_5 -o %r)" = JobHeldAdmin &&
	test "$(squeue -h -r -j ${a}_2 -o %r)" = JobArrayTaskLimit &&
	scontrol release $a &&
	test "$(squeue -h -r -j $a -t PD -o %r | grep -c Held)" = 0 &&
	scontrol hold $a &&
	test "$(squeue -h -r -j $a -t PD -o %r | sort -u)" = JobHeldAdmin &&
	squeue -h -r -j $a -t R -o %i >got &&
	echo ${a}_0 >expect && test_cmp expect got
'

test_expect_success 'a controller restart keeps the array' '
	a=$(cat upd.id) &&
	squeue -h -r -j $a -t all -o "%i %T %l %r" >before &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	squeue -h -r -j $a -t all -o "%i %T %l %r" >after &&
	test_cmp before after &&
	scontrol release ${a}_1 &&
	scancel ${a}_0 &&
	flurm_wait_for "squeue -h -r -j $a -o %i.%T | grep -qx ${a}_1.RUNNING" 30 &&
	scancel $a &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30
'

test_expect_success 'scancel -n and -t PENDING take the pending record ID_[1-5%1]' '
	a=$(submit -J named --array=0-5%1 --wrap "sleep 300") &&
	b=$(submit -J other --array=0-3%1 --wrap "sleep 300") &&
	flurm_wait_for "squeue -h -r -j $b -o %i.%T | grep -qx ${b}_0.RUNNING" 30 &&
	# the pending record by the id of the array: no task has one yet
	scontrol show job $b >show &&
	grep "^JobId=$b ArrayJobId=$b ArrayTaskId=1-3%1 " show &&
	scancel -n named 2>err &&
	test_must_be_empty err &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $a)\" ]" 30 &&
	test "$(squeue -h -r -j $a -t all -o %T | sort -u)" = CANCELLED &&
	scancel -t PENDING 2>err &&
	test_must_be_empty err &&
	flurm_wait_for "[ -z \"\$(squeue -h -j $b -t PD)\" ]" 30 &&
	test "$(squeue -h -j $b -o %i.%T)" = ${b}_0.RUNNING &&
	scancel $b
'

test_expect_success 'MaxArraySize: an index at or above it is refused as slurmctld does' '
	test_must_fail sbatch --array=0-50 --wrap true 2>err &&
	grep "Invalid job array specification" err &&
	a=$(submit --array=49 --wrap true) &&
	test -n "$a"
'

test_expect_success 'scontrol show job lists jobs as slurmctld: a started task in the place of the array record, the record behind the jobs submitted before the last start' '
	first=$(submit --hold -o /dev/null --wrap true) &&
	a=$(submit --array=0-3%1 -o /dev/null --wrap "sleep 300") &&
	wait_job ${a}_0 RUNNING &&
	mid=$(submit --hold -o /dev/null --wrap true) &&
	scancel ${a}_0 &&
	wait_job ${a}_1 RUNNING &&
	last=$(submit --hold -o /dev/null --wrap true) &&
	scontrol -o show job | sed -E "s/^JobId=([0-9]+)( ArrayJobId=[0-9]+ ArrayTaskId=([^ ]+))?.*/\1:\3/" |
		awk -F: -v f=$first "\$1 >= f" >got &&
	cat >expect <<-EOF &&
	$first:
	$((a + 1)):0
	$((a + 3)):1
	$mid:
	$a:2-3%1
	$last:
	EOF
	test_cmp expect got &&
	scancel $first $a $mid $last
'

test_done
