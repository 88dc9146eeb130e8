#!/bin/bash
test_description='srun hears of its tasks'"'"' exits before the nodes tell the controller: when srun ends its job first, the step still ends with its tasks'"'"' status; a step the job'"'"'s end stopped stays cancelled; a cancelled allocation'"'"'s salloc hears it was revoked before its sruns hear their steps end'
. "$(dirname "$0")/test-lib.sh"

# every node holds a step's end back this long before telling the
# controller (a test hook): srun's relinquish always comes first
FLURM_TEST_STEP_END_DELAY_MS=1500
export FLURM_TEST_STEP_END_DELAY_MS

test_under_flurm 2 || error "cannot start a cluster"

test_expect_success 'cluster up' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

# first_line FILE PATTERN: the number of the first line of FILE that
# matches PATTERN, or nothing.
first_line() {
	grep -n "$2" "$1" | head -1 | cut -d: -f1
}

test_expect_success 'a failing step ends FAILED though srun ended the job before the nodes reported' '
	log=$(flurm_ctld_log 1) &&
	test_expect_code 3 srun -N2 -n2 sh -c "exit 3" 2>err &&
	id=$(squeue -h -t all -o %i | sort -n | tail -1) &&
	wait_job $id FAILED &&
	scontrol show job $id | grep -q "ExitCode=3:0" &&
	flurm_wait_for "grep -q \"step $id.0 ended: FAILED (status 768)\" $log" 20 &&
	r=$(first_line $log "relinquishes job $id ") &&
	e=$(first_line $log "step $id.0: end reported by") &&
	test -n "$r" && test -n "$e" && test "$r" -lt "$e"
'

test_expect_success 'a step that succeeded ends COMPLETED the same way' '
	log=$(flurm_ctld_log 1) &&
	srun -N2 -n2 true &&
	id=$(squeue -h -t all -o %i | sort -n | tail -1) &&
	wait_job $id COMPLETED &&
	flurm_wait_for "grep -q \"step $id.0 ended: COMPLETED\" $log" 20
'

test_expect_success 'a step still running when salloc ends the job is stopped and stays cancelled' '
	log=$(flurm_ctld_log 1) &&
	salloc -N1 sh -c "srun sleep 100 & while ! squeue -h -s | grep -q sleep; do sleep 0.2; done" 2>err &&
	cat err &&
	id=$(sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" err) &&
	test -n "$id" &&
	wait_job $id COMPLETED &&
	flurm_wait_for "grep -q \"step $id.0: end reported by node1\" $log" 20 &&
	sleep 1 &&
	! grep "step $id.0 ended: " $log
'

test_expect_success 'scancel of an allocation: salloc hears it was revoked before its sruns hear their steps end' '
	log=$(flurm_ctld_log 1) &&
	rm -f r.go r.rc &&
	{ salloc -N2 sh -c "srun -N2 sleep 100 & touch r.go; wait" >r.out 2>r.err; echo $? >r.rc; } &
	flurm_wait_for "test -e r.go && squeue -h -s | grep -q sleep" 20 &&
	id=$(sed -n "s/^salloc: Granted job allocation \([0-9]*\)$/\1/p" r.err) &&
	test -n "$id" &&
	scancel $id &&
	flurm_wait_for "test -s r.rc" 30 &&
	cat r.err &&
	grep -q "Job allocation $id has been revoked" r.err &&
	r=$(first_line $log "job $id: revocation delivered") &&
	e=$(first_line $log "job $id: step end sent") &&
	test -n "$r" && test -n "$e" && test "$r" -lt "$e" &&
	wait_job $id CANCELLED
'

test_done
