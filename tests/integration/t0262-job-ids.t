#!/bin/bash
test_description='slurm.conf FirstJobId and MaxJobId as slurmctld takes them: the first id given, ids kept below MaxJobId and wrapping around to FirstJobId, ids in use (ended jobs until MinJobAge, the record of an array) skipped, sbatch waiting while all are, a reload raising FirstJobId moves the next id, bad bounds refused'
. "$(dirname "$0")/test-lib.sh"

# ended jobs are purged soon, so that their ids come free
FLURM_MIN_JOB_AGE=8
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

test_expect_success 'ids stay below MaxJobId: the last is MaxJobId - 1; with every id in use sbatch and salloc are told to try again and sbatch --test-only fails, as with slurmctld' '
	b=$(submit --hold --wrap true) &&
	c=$(submit --hold --wrap true) &&
	test "$b" = 5001 && test "$c" = 5002 &&
	test "$(conf NEXT_JOB_ID)" = 4294967295 &&
	test_expect_code 124 timeout 4 sbatch --hold --wrap true >out 2>err &&
	cat err &&
	grep "^sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying" err &&
	test -z "$(squeue -h -j 5003 2>/dev/null)" &&
	test_must_fail sbatch --test-only --wrap true 2>err &&
	cat err &&
	grep "^allocation failure: Resource temporarily unavailable" err &&
	test_expect_code 124 timeout 4 salloc true 2>err &&
	cat err &&
	grep "^salloc: error: Slurm job queue full, sleeping and retrying" err
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

test_expect_success 'a reload to FirstJobId=10 MaxJobId=14, below the next id: ids go on from 10 to 13' '
	# no job left outside the ids: slurmctld would count them against
	# the MaxJobCount it lowers to MaxJobId - FirstJobId + 1
	scancel 5000 5001 5002 7000 7001 &&
	flurm_wait_for "test -z \"\$(squeue -h -t all)\"" 30 &&
	sed -i -e "s/^FirstJobId=.*/FirstJobId=10/" -e "s/^MaxJobId=.*/MaxJobId=14/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "test \"\$(conf NEXT_JOB_ID)\" = 10" 10 &&
	for want in 10 11 12 13; do
		id=$(submit --hold --wrap true) &&
		test "$id" = $want || return 1
	done &&
	test "$(conf NEXT_JOB_ID)" = 4294967295
'

test_expect_success 'an ended job holds its id until MinJobAge purges it: sbatch waits, then gets it' '
	scancel 11 &&
	flurm_wait_for "scontrol show job 11 | grep -q JobState=CANCELLED" 10 &&
	sbatch --hold --wrap true >wait.out 2>wait.err &
	pid=$! &&
	flurm_wait_for "grep -q \"sleeping and retrying\" wait.err" 10 &&
	scontrol show job 11 | grep JobState=CANCELLED &&
	wait $pid &&
	cat wait.out wait.err &&
	grep "^Submitted batch job 11$" wait.out &&
	scontrol show job 11 | grep JobState=PENDING
'

test_expect_success 'ids wrap around: from where the last one was given, past MaxJobId - 1 back to FirstJobId, ids in use skipped' '
	scancel 10 12 &&
	flurm_wait_for "! scontrol show job 10 && ! scontrol show job 12" 30 &&
	test "$(conf NEXT_JOB_ID)" = 12 &&
	a=$(submit --hold --wrap true) &&
	b=$(submit --hold --wrap true) &&
	test "$a" = 12 && test "$b" = 10 &&
	squeue -h -o %i -t all | sort -n >ids &&
	printf "%s\n" 10 11 12 13 >want &&
	test_cmp want ids
'

test_expect_success 'an array across the wrap: its record holds its id, a task takes the next id as it starts (below the array after the wrap), the last the array'"'"'s' '
	scancel 10 11 12 13 &&
	flurm_wait_for "test -z \"\$(squeue -h -t all -j 10,11,12,13 2>/dev/null)\"" 30 &&
	p=$(submit --hold --wrap true) &&
	q=$(submit --hold --wrap true) &&
	test "$p" = 11 && test "$q" = 12 &&
	arr=$(submit --array=0-1 --wrap "sleep 300") &&
	test "$arr" = 13 &&
	flurm_wait_for "test \$(squeue -h -j 13 -t R | wc -l) = 2" 20 &&
	squeue -h -j 13 -o "%i %A" | sort >tasks &&
	cat tasks &&
	printf "%s\n" "13_0 10" "13_1 13" >want &&
	test_cmp want tasks &&
	scontrol show job 10 | grep "ArrayJobId=13 ArrayTaskId=0" &&
	test "$(conf NEXT_JOB_ID)" = 4294967295 &&
	scancel 13 &&
	flurm_wait_for "test -z \"\$(squeue -h -j 13)\"" 30
'

test_expect_success 'FirstJobId equal to MaxJobId: no id at all, as slurmctld gives none' '
	sed -i -e "s/^FirstJobId=.*/FirstJobId=20/" -e "s/^MaxJobId=.*/MaxJobId=20/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "test \"\$(conf FirstJobId)\" = 20" 10 &&
	test "$(conf NEXT_JOB_ID)" = 4294967295 &&
	test_expect_code 124 timeout 3 sbatch --hold --wrap true 2>err &&
	grep "sleeping and retrying" err
'

test_done
