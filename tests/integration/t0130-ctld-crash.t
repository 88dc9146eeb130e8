#!/bin/bash
test_description='kill -9 of flurmctld under submissions loses no acknowledged job; running jobs survive'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'a running job keeps running across a controller crash' '
	sbatch --wrap "sleep 8; echo done" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(squeue -h -j $id -o %T)\" = RUNNING" 20 &&
	echo $id >long.id &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(squeue -h -j $id -t all -o %T)" = RUNNING
'

test_expect_success 'kill -9 during a 4-client sbatch flood: every acknowledged job is back' '
	pids= &&
	for c in 1 2 3 4; do
		(for i in $(seq 1 400); do
			sbatch --hold -J flood$c --wrap true 2>/dev/null || true
		done >acked.$c) &
		pids="$pids $!"
	done &&
	sleep 2 &&
	flurm_ctl_kill9 1 &&
	sleep 1 &&
	flurm_ctl_start 1 &&
	wait $pids &&
	cat acked.* | sed -n "s/^Submitted batch job //p" | sort >acked &&
	test $(wc -l <acked) -gt 50 &&
	flurm_wait_ready &&
	squeue -h -t all -o %i | sort >known &&
	comm -23 acked known >lost &&
	test_line_count = 0 lost &&
	test $(uniq -d acked | wc -l) = 0
'

test_expect_success 'job ids continue without reuse after the restart' '
	last=$(sort -n known | tail -1) &&
	sbatch --hold --wrap true >out &&
	new=$(sed -n "s/^Submitted batch job //p" out) &&
	test "$new" -gt "$last"
'

test_expect_success 'node drain state and reason survive a restart' '
	scontrol update NodeName=node2 State=DRAIN Reason="disk check" &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	sinfo -h -n node2 -o "%E" >reason &&
	echo "disk check" >expect &&
	test_cmp expect reason
'

test_expect_success 'the job that ran through the crash completed and was recorded' '
	id=$(cat long.id) &&
	flurm_wait_for "test \"\$(squeue -h -j $id -t all -o %T)\" = COMPLETED" 30 &&
	grep -x done slurm-$id.out
'

test_done
