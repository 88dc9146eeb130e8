#!/bin/bash
test_description='slurm.conf FirstJobId and MaxJobId as slurmctld takes them: the first id given, ids kept below MaxJobId, a reload raising FirstJobId moves the next id, bad bounds refused'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="FirstJobId=5000
MaxJobId=5003"
test_under_flurm 1 || error "cannot start a cluster"

conf() {
	scontrol show config | sed -n "s/^$1 *= //p"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'the first job takes FirstJobId; show config shows both bounds and the next id' '
	test "$(conf FirstJobId)" = 5000 &&
	test "$(conf MaxJobId)" = 5003 &&
	test "$(conf NEXT_JOB_ID)" = 5000 &&
	a=$(submit --hold --wrap true) &&
	test "$a" = 5000 &&
	test "$(conf NEXT_JOB_ID)" = 5001
'

test_expect_success 'ids stay below MaxJobId: the last is MaxJobId - 1, then submissions are refused' '
	b=$(submit --hold --wrap true) &&
	c=$(submit --hold --wrap true) &&
	test "$b" = 5001 && test "$c" = 5002 &&
	test_must_fail timeout 20 sbatch --hold --wrap true >out 2>err &&
	cat err &&
	grep "Batch job submission failed" err &&
	test -z "$(squeue -h -j 5003 2>/dev/null)"
'

test_expect_success 'a reload with FirstJobId above the ids given moves the next id there' '
	sed -i -e "s/^FirstJobId=.*/FirstJobId=7000/" -e "s/^MaxJobId=.*/MaxJobId=8000/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "test \"\$(conf NEXT_JOB_ID)\" = 7000" 10 &&
	d=$(submit --hold --wrap true) &&
	test "$d" = 7000
'

test_expect_success 'FirstJobId 0, above MaxJobId, or not a number: the reload is refused (the clients refuse the file too), the ids go on' '
	for bad in "FirstJobId=0" "FirstJobId=9000" "FirstJobId=x7"; do
		sed -i "s/^FirstJobId=.*/$bad/" "$SLURM_CONF" &&
		test_must_fail flurmsh reload >out 2>&1 &&
		cat out || return 1
	done &&
	grep "FirstJobId=x7: not a job id" out &&
	sed -i "s/^FirstJobId=.*/FirstJobId=0/" "$SLURM_CONF" &&
	test_must_fail flurmsh reload >out 2>&1 &&
	grep "FirstJobId cannot be zero" out &&
	sed -i "s/^FirstJobId=.*/FirstJobId=9000/" "$SLURM_CONF" &&
	test_must_fail flurmsh reload >out 2>&1 &&
	grep "FirstJobId > MaxJobId" out &&
	sed -i "s/^FirstJobId=.*/FirstJobId=7000/" "$SLURM_CONF" &&
	e=$(submit --hold --wrap true) &&
	test "$e" = 7001
'

test_done
