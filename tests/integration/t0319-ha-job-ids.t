#!/bin/bash
test_description='job ids wrap around alike on every controller: a new leader goes on where the old one left off, back to FirstJobId after MaxJobId - 1 with the ids in use skipped, and a controller killed and restarted from its state agrees'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

# ids 10 to 13; ended jobs purged soon, so that their ids come free;
# snapshots every 16 entries, so that a restarted controller loads one
# taken after the wrap
FLURM_MIN_JOB_AGE=4
FLURM_SLURM_CONF_EXTRA="FirstJobId=10
MaxJobId=14"
FLURM_CTLD_CONF_EXTRA="snapshot_threshold = 16"
export FLURM_MIN_JOB_AGE FLURM_SLURM_CONF_EXTRA FLURM_CTLD_CONF_EXTRA

gone() {
	test -z "$(squeue -h -t all -j "$1" 2>/dev/null)"
}

test_expect_success 'three controllers; ids 10 to 13, then none' '
	ha_start &&
	flurm_wait_nodes idle 30 &&
	for want in 10 11 12 13; do
		id=$(submit --hold --wrap true) &&
		test "$id" = $want || return 1
	done &&
	test_expect_code 124 timeout 3 sbatch --hold --wrap true 2>err &&
	grep "sleeping and retrying" err
'

test_expect_success 'after a leadership transfer the new leader wraps as the old one would: 11, then 12' '
	scancel 11 12 &&
	flurm_wait_for "gone 11 && gone 12" 30 &&
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	fsh $L cluster transfer $T >out &&
	grep "leadership handed over" out &&
	flurm_wait_for "test \"\$(leader)\" = $T" 20 &&
	a=$(SLURM_CONF=$(only_ctl $T) submit --hold --wrap true) &&
	b=$(submit --hold --wrap true) &&
	test "$a" = 11 && test "$b" = 12
'

test_expect_success 'a leader killed -9: the next one gives 10; restarted from its state and leading again, the old one gives 13' '
	scancel 10 &&
	flurm_wait_for "gone 10" 30 &&
	L=$(leader) &&
	flurm_ctl_kill9 $L &&
	flurm_wait_for "leader >now && test -s now && test \$(cat now) != $L" 20 &&
	id=$(submit --hold --wrap true) &&
	test "$id" = 10 &&
	flurm_ctl_start $L &&
	flurm_wait_for "back_in $L" 30 &&
	grep "restored snapshot" "$(flurm_ctld_log $L)" &&
	scancel 13 &&
	flurm_wait_for "gone 13" 30 &&
	N=$(leader) &&
	fsh $N cluster transfer $L >out &&
	grep "leadership handed over" out &&
	flurm_wait_for "test \"\$(leader)\" = $L" 20 &&
	id=$(SLURM_CONF=$(only_ctl $L) submit --hold --wrap true) &&
	test "$id" = 13 &&
	squeue -h -o %i | sort -n >ids &&
	printf "%s\n" 10 11 12 13 >want &&
	test_cmp want ids
'

test_done
