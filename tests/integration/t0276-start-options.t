#!/bin/bash
test_description='sbatch options that decide when a job may start, with the real clients: --begin (BeginTime, StartTime), --nice, --priority (operators), --deadline and --time-min checked as slurmctld checks them, a job that cannot finish by its deadline ends DEADLINE'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 1 || error "cannot start a cluster"

epoch() {
	date -d "$1" +%s
}
# near A B: the two epoch times differ by at most 30 seconds (sbatch
# reads its clock itself).
near() {
	d=$(( $1 - $2 )) && test ${d#-} -le 30
}
NOBODY_DIR=$(mktemp -d /tmp/flurm-so.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"
nobody_sbatch() {
	(cd "$NOBODY_DIR" && as_nobody sbatch -o /dev/null "$@")
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success '--begin ahead: BeginTime, StartTime, EligibleTime and AccrueTime (slurmctld'"'"'s) at the begin time' '
	want=$(( $(date +%s) + 3600 )) &&
	a=$(submit --begin=now+1hour -t 30 --wrap true) &&
	flurm_wait_for "test \"\$(squeue -h -j $a -o %r)\" = BeginTime" 10 &&
	near $(epoch "$(field $a StartTime)") $want &&
	near $(epoch "$(field $a EligibleTime)") $want &&
	near $(epoch "$(field $a AccrueTime)") $want &&
	test $(( $(epoch "$(field $a EndTime)") - $(epoch "$(field $a StartTime)") )) = 1800 &&
	test "$(squeue -h -j $a -o %T)" = PENDING
'

test_expect_success '--nice lowers the priority by its value and shows as Nice=' '
	p=$(submit --wrap true) &&
	n=$(submit --nice=100 --wrap true) &&
	test "$(field $n Nice)" = 100 &&
	test "$(field $p Nice)" = 0 &&
	test $(( $(field $p Priority) - $(field $n Priority) )) = 101
'

test_expect_success 'a negative --nice is for operators: Slurm'"'"'s error for others' '
	test_must_fail nobody_sbatch --nice=-5 --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Invalid --nice value" >expect &&
	test_cmp expect err &&
	o=$(submit --nice=-5 --wrap true) &&
	test "$(field $o Nice)" = -5
'

test_expect_success 'scontrol update Nice=: the priority moves with it; negative for operators only' '
	u=$(cd "$NOBODY_DIR" && as_nobody sbatch -o /dev/null --begin=now+1hour --wrap true | sed -n "s/^Submitted batch job //p") &&
	p0=$(field $u Priority) &&
	(cd "$NOBODY_DIR" && as_nobody scontrol update JobId=$u Nice=40) &&
	test "$(field $u Nice)" = 40 &&
	test $(( p0 - $(field $u Priority) )) = 40 &&
	test_must_fail as_nobody scontrol update JobId=$u Nice=-1 2>err &&
	echo "Access/permission denied for job $u" >expect &&
	test_cmp expect err &&
	test "$(field $u Nice)" = 40 &&
	scontrol update JobId=$u Nice=-10 &&
	test "$(field $u Nice)" = -10 &&
	test $(( $(field $u Priority) - p0 )) = 10
'

test_expect_success '--priority: set by an operator, ignored for others (as slurmctld)' '
	o=$(submit --priority=5000 --begin=now+1hour --wrap true) &&
	test "$(field $o Priority)" = 5000 &&
	nobody_sbatch --priority=5000 --begin=now+1hour --wrap true >out &&
	u=$(sed -n "s/^Submitted batch job //p" out) &&
	test "$(field $u Priority)" != 5000 &&
	test "$(field $u Priority)" -gt 5000 &&
	echo $o >prio.id
'

# slurmctld's direct_set_prio: a job given its priority keeps it, and its
# nice, whatever Nice= says (the update is taken without a word), until
# a release gives it a priority of the usual kind again
test_expect_success 'Nice= of a job given its priority changes neither; after hold and release it does' '
	o=$(cat prio.id) &&
	scontrol update JobId=$o Nice=50 &&
	test "$(field $o Priority)" = 5000 &&
	test "$(field $o Nice)" = 0 &&
	scontrol update JobId=$o Nice=-50 &&
	test "$(field $o Priority)" = 5000 &&
	test "$(field $o Nice)" = 0 &&
	scontrol hold $o &&
	scontrol release $o &&
	p=$(field $o Priority) &&
	test "$p" != 5000 &&
	scontrol update JobId=$o Nice=50 &&
	test "$(field $o Nice)" = 50 &&
	test $(( p - $(field $o Priority) )) = 50 &&
	scancel $o
'

test_expect_success 'scontrol update Priority= marks it too: Nice= leaves it, in the same update as well' '
	j=$(submit --begin=now+1hour --wrap true) &&
	scontrol update JobId=$j Priority=4000 &&
	scontrol update JobId=$j Nice=20 &&
	test "$(squeue -h -j $j -o "%Q %y")" = "4000 0" &&
	scontrol update JobId=$j Priority=4100 Nice=30 &&
	test "$(squeue -h -j $j -o "%Q %y")" = "4100 0" &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 && flurm_wait_ready &&
	scontrol update JobId=$j Nice=20 &&
	test "$(squeue -h -j $j -o "%Q %y")" = "4100 0" &&
	scancel $j
'

test_expect_success '--deadline and --time-min: slurmctld'"'"'s errors' '
	squeue -h -t all -o %i | sort >before &&
	test_must_fail sbatch --deadline=now-1hour --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)" >expect &&
	test_cmp expect err &&
	test_must_fail sbatch -t 10 --time-min=20 --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Invalid time-min specification (exceeds job'"'"'s time or other limits)" >expect &&
	test_cmp expect err &&
	test_must_fail sbatch --time-min=5 --deadline=now+2minutes --wrap true 2>err &&
	test_cmp expect err &&
	squeue -h -t all -o %i | sort >after &&
	test_cmp before after
'

test_expect_success 'a job that cannot finish by its deadline ends DEADLINE' '
	d=$(submit -t 120 --deadline=now+1hour --wrap "echo ran") &&
	flurm_wait_for "test \"\$(squeue -h -j $d -t all -o %T)\" = DEADLINE" 10 &&
	test "$(squeue -h -j $d -t all -o %r)" = DeadLine &&
	test "$(field $d JobState)" = DEADLINE &&
	! test -e slurm-$d.out
'

test_expect_success 'a job with a deadline runs at most until then: TimeLimit cut, Deadline and TimeMin shown' '
	dl=$(( $(date +%s) + 1800 )) &&
	r=$(submit --deadline=now+30minutes --time-min=5 --wrap "sleep 60") &&
	wait_job $r RUNNING &&
	near $(epoch "$(field $r Deadline)") $dl &&
	test "$(field $r TimeMin)" = 00:05:00 &&
	case "$(field $r TimeLimit)" in 00:29:00|00:30:00) ;; *) false ;; esac &&
	scancel $r
'

test_expect_success 'a controller restart keeps nice, deadline, time-min and DEADLINE' '
	n=$(squeue -h -t all -o "%i %y" | awk "\$2 == 100 { print \$1 }") &&
	d=$(squeue -h -t all -o "%i %T" | awk "\$2 == \"DEADLINE\" { print \$1 }") &&
	test -n "$n" && test -n "$d" &&
	flurm_ctl_kill9 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	test "$(field $n Nice)" = 100 &&
	test "$(field $d JobState)" = DEADLINE &&
	test "$(field $d Reason)" = DeadLine
'

test_expect_success 'scontrol update StartTime=: the owner moves it; a past time means now; pending jobs only' '
	u=$(cd "$NOBODY_DIR" && as_nobody sbatch -o /dev/null -t 5 --begin=now+1hour --wrap true | sed -n "s/^Submitted batch job //p") &&
	want=$(( $(date +%s) + 7200 )) &&
	(cd "$NOBODY_DIR" && as_nobody scontrol update JobId=$u StartTime=now+2hours) &&
	near $(epoch "$(field $u StartTime)") $want &&
	near $(epoch "$(field $u EligibleTime)") $want &&
	test "$(squeue -h -j $u -o %r)" = BeginTime &&
	(cd "$NOBODY_DIR" && as_nobody scontrol update JobId=$u StartTime=now-1hour) &&
	wait_job $u COMPLETED &&
	r=$(submit --wrap "sleep 60") &&
	wait_job $r RUNNING &&
	test_must_fail scontrol update JobId=$r StartTime=now+1hour 2>err &&
	echo "Job is no longer pending execution for job $r" >expect &&
	test_cmp expect err &&
	scancel $r
'

test_expect_success 'scontrol update Deadline=: operators only, not in the past; a running job keeps its own' '
	u=$(cd "$NOBODY_DIR" && as_nobody sbatch -o /dev/null -t 30 --begin=now+1hour --wrap true | sed -n "s/^Submitted batch job //p") &&
	test_must_fail as_nobody scontrol update JobId=$u Deadline=now+3hours 2>err &&
	echo "Access/permission denied for job $u" >expect &&
	test_cmp expect err &&
	test "$(field $u Deadline)" = N/A &&
	test_must_fail scontrol update JobId=$u Deadline=now-1hour 2>err &&
	echo "Invalid time specified for job $u" >expect &&
	test_cmp expect err &&
	want=$(( $(date +%s) + 10800 )) &&
	scontrol update JobId=$u Deadline=now+3hours &&
	near $(epoch "$(field $u Deadline)") $want &&
	test "$(squeue -h -j $u -o %T)" = PENDING &&
	r=$(submit --wrap "sleep 60") &&
	wait_job $r RUNNING &&
	scontrol update JobId=$r Deadline=now+1hour &&
	test "$(field $r Deadline)" = N/A &&
	scancel $r
'

test_expect_success 'a deadline moved out of reach by scontrol update ends the job DEADLINE' '
	d=$(submit -t 60 --begin=now+1hour --wrap "echo ran") &&
	scontrol update JobId=$d Deadline=now+30minutes &&
	wait_job $d DEADLINE &&
	test "$(squeue -h -j $d -t all -o %r)" = DeadLine
'

test_done
