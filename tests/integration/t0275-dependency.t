#!/bin/bash
test_description='job dependencies with the real sbatch, squeue and scontrol: chains run in order, afternotok on a job that succeeded is never satisfied, ? lists, singleton, +time, --kill-on-invalid-dep and kill_invalid_depend, scontrol update Dependency=, a controller restart keeps them, and slurmctld'"'"'s errors'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

state() {
	squeue -h -j $1 -t all -o "%T"
}
# wait_reason ID REASON: until squeue shows the job with REASON.
wait_reason() {
	flurm_wait_for "[ \"\$(squeue -h -j $1 -t all -o %r)\" = $2 ]" 30
}
epoch() {
	date -d "$1" +%s
}
# A job command that runs until the test creates file $1: a job the test
# lets go when it has looked at the jobs that wait for it, however slow
# the machine is.
until_file() {
	echo "while ! test -e $1; do sleep 0.2; done; $2"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

# submitted first: it waits a whole minute after its job starts
test_expect_success 'after:+1 waits, shown as after:N+1(unfulfilled)' '
	r=$(submit -J plusbase --wrap "sleep 100") &&
	wait_job $r RUNNING &&
	t=$(submit -J plus -d after:$r+1 --wrap true) &&
	wait_reason $t Dependency &&
	test "$(squeue -h -j $t -o %E)" = "after:$r+1(unfulfilled)" &&
	echo $r $t >plus.ids
'

test_expect_success 'a chain afterok -> afterok runs in order' '
	a=$(submit -J a --wrap "$(until_file go.a "echo a >>order")") &&
	b=$(submit -J b -d afterok:$a --wrap "echo b >>order") &&
	c=$(submit -J c --dependency=afterok:$b --wrap "echo c >>order") &&
	# at once, as slurmctld says it at submit time
	test "$(squeue -h -j $c -o %r)" = Dependency &&
	wait_reason $b Dependency &&
	wait_reason $c Dependency &&
	test "$(squeue -h -j $b -o %E)" = "afterok:$a(unfulfilled)" &&
	test "$(field $c Dependency)" = "afterok:$b(unfulfilled)" &&
	# not eligible while it waits, as slurmctld shows it
	test "$(field $c EligibleTime)" = Unknown &&
	touch go.a &&
	wait_job $c COMPLETED 60 &&
	printf "a\nb\nc\n" >expect &&
	test_cmp expect order &&
	test "$(field $c Dependency)" = "(null)" &&
	test "$(squeue -h -j $a -t all -o %E)" = "(null)" &&
	echo $a >ok.id
'

test_expect_success 'afternotok on a job that succeeded: DependencyNeverSatisfied, stays pending' '
	a=$(cat ok.id) &&
	n=$(submit -J notok -d afternotok:$a --wrap true) &&
	wait_reason $n DependencyNeverSatisfied &&
	test "$(squeue -h -j $n -o %E)" = "afternotok:$a(failed)" &&
	test "$(field $n Dependency)" = "afternotok:$a(failed)" &&
	sleep 2 &&
	test "$(state $n)" = PENDING &&
	echo $n >never.id
'

test_expect_success 'afternotok on a failed job and afterany run' '
	f=$(submit -J fails --wrap "exit 3") &&
	wait_job $f FAILED &&
	x=$(submit -d afternotok:$f --wrap true) &&
	y=$(submit -d afterany:$f --wrap true) &&
	wait_job $x COMPLETED &&
	wait_job $y COMPLETED &&
	echo $f >failed.id
'

test_expect_success '? list: waits while one may still be met, runs when it is' '
	f=$(cat failed.id) &&
	blk=$(submit -J blocker --wrap "sleep 100") &&
	wait_job $blk RUNNING &&
	x=$(submit -d "afterok:$f?afterany:$blk" --wrap true) &&
	wait_reason $x Dependency &&
	test "$(squeue -h -j $x -o %E)" = "afterok:$f(failed)?afterany:$blk(unfulfilled)" &&
	scancel $blk &&
	wait_job $x COMPLETED
'

test_expect_success 'afterok with a failed job and --kill-on-invalid-dep=yes: cancelled' '
	f=$(cat failed.id) &&
	k=$(submit --kill-on-invalid-dep=yes -d afterok:$f --wrap true) &&
	wait_job $k CANCELLED &&
	test "$(squeue -h -j $k -t all -o %r)" = DependencyNeverSatisfied &&
	test "$(field $k Dependency)" = "afterok:$f(failed)"
'

test_expect_success 'singleton: one job of a name and user at a time' '
	s1=$(submit -J single -d singleton --wrap "$(until_file go.s1 "sleep 1")") &&
	s2=$(submit -J single -d singleton --wrap "sleep 1") &&
	wait_job $s1 RUNNING &&
	wait_reason $s2 Dependency &&
	test "$(squeue -h -j $s2 -o %E)" = "singleton(unfulfilled)" &&
	sleep 1 &&
	test "$(squeue -h -j $s2 -o %T)" = PENDING &&
	touch go.s1 &&
	wait_job $s2 COMPLETED 30 &&
	test $(epoch "$(field $s2 StartTime)") -ge $(epoch "$(field $s1 EndTime)")
'

test_expect_success 'scontrol update Dependency=: replace, check, clear' '
	blk=$(submit -J blocker2 --wrap "sleep 100") &&
	wait_job $blk RUNNING &&
	u=$(submit -d afterok:$blk --wrap true) &&
	v=$(submit -d afterok:$u --wrap true) &&
	wait_reason $u Dependency &&
	# singleton is met at once (no other job of its name runs) and
	# so no longer shown
	scontrol update JobId=$u Dependency=afterany:$blk,singleton &&
	flurm_wait_for "test \"\$(field $u Dependency)\" = \"afterany:$blk(unfulfilled)\"" 10 &&
	test_must_fail scontrol update JobId=$u Dependency=afterok:$u 2>err &&
	echo "Job dependency problem for job $u" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$u Dependency=afterok:$v 2>err &&
	echo "Circular job dependency for job $u" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$u Dependency=aftersome:1 2>err &&
	echo "Job dependency problem for job $u" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$blk Dependency=afterok:$u 2>err &&
	echo "Job is no longer pending execution for job $blk" >expect &&
	test_cmp expect err &&
	test_must_fail as_nobody scontrol update JobId=$u Dependency= 2>err &&
	echo "Invalid user id for job $u" >expect &&
	test_cmp expect err &&
	test "$(field $u Dependency)" = "afterany:$blk(unfulfilled)" &&
	scontrol update JobId=$u Dependency= &&
	wait_job $u COMPLETED &&
	wait_job $v COMPLETED &&
	echo $blk >blk2.id
'

test_expect_success 'sbatch: Slurm'"'"'s error for a bad dependency, nothing queued' '
	squeue -h -t all -o %i | sort >before &&
	for d in afterok:abc afterok: aftersome:1 "afterok:1;2" afterok:0 after:1+x; do
		test_must_fail sbatch -d "$d" --wrap true 2>err &&
		echo "sbatch: error: Batch job submission failed: Job dependency problem" >expect &&
		test_cmp expect err || return 1
	done &&
	next=$(( $(squeue -h -t all -o %i | sort -n | tail -1) + 1 )) &&
	test_must_fail sbatch -d afterok:$next --wrap true 2>err &&
	test_cmp expect err &&
	# over slurmctld'"'"'s 128 KiB (only a #SBATCH line carries that much)
	long=$(perl -e "print join(\":\", (\"1\") x 70000)") &&
	printf "#!/bin/sh\n#SBATCH --dependency=afterany:%s\ntrue\n" "$long" >long.sh &&
	test_must_fail sbatch long.sh 2>err &&
	grep -x "sbatch: error: Batch job submission failed: Pathname of a file, directory or other parameter too long" err &&
	test_must_fail sbatch -d expand:1 --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested operation not supported on this system" >expect &&
	test_cmp expect err &&
	squeue -h -t all -o %i | sort >after &&
	test_cmp before after
'

test_expect_success 'a job that never existed lifts the dependency, as in slurmctld' '
	g=$(submit -d afterok:999999 --wrap true) &&
	wait_job $g COMPLETED
'

test_expect_success 'a controller restart keeps dependencies and their state' '
	blk=$(cat blk2.id) &&
	n=$(cat never.id) &&
	w=$(submit -d afterany:$blk --wrap true) &&
	wait_reason $w Dependency &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(squeue -h -j $w -o %E)" = "afterany:$blk(unfulfilled)" &&
	wait_reason $w Dependency &&
	wait_reason $n DependencyNeverSatisfied &&
	scancel $blk &&
	wait_job $w COMPLETED
'

test_expect_success 'DependencyParameters=kill_invalid_depend cancels; --kill-on-invalid-dep=no keeps' '
	f=$(cat failed.id) &&
	n=$(cat never.id) &&
	keep=$(submit --kill-on-invalid-dep=no -d afterok:$f --wrap true) &&
	echo "DependencyParameters=kill_invalid_depend" >>"$SLURM_CONF" &&
	scontrol reconfigure &&
	wait_job $n CANCELLED &&
	test "$(squeue -h -j $n -t all -o %r)" = DependencyNeverSatisfied &&
	k=$(submit -d afterok:$f --wrap true) &&
	wait_job $k CANCELLED &&
	sleep 2 &&
	test "$(state $keep)" = PENDING &&
	test "$(squeue -h -j $keep -o %r)" = DependencyNeverSatisfied
'

test_expect_success 'after:+1 started a minute after its job' '
	read r t <plus.ids &&
	wait_job $t COMPLETED 90 &&
	test $(( $(epoch "$(field $t StartTime)") - $(epoch "$(field $r StartTime)") )) -ge 60 &&
	scancel $r
'

test_done
