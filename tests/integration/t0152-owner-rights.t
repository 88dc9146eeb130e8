#!/bin/bash
test_description='another user'"'"'s job: scancel, scancel -s, scontrol hold, release and update, and flurmsh cancel, hold, release and job update are refused with the access-denied error of each transport and change nothing; the owner and an operator may'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 1 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

# as_nobody CMD...: run a client as user nobody from a directory it may
# write to.
as_nobody() {
	(cd "$NOBODY_DIR" && runuser -u nobody -- "$@")
}
state() { squeue -h -j $1 -t all -o "%T %r"; }
# show ID: scontrol show job ID without what moves with the clock
show() { scontrol show job $1 | sed -e "s/RunTime=[^ ]*//" -e "s/LastSchedEval=[^ ]*//"; }

NOBODY_DIR=$(mktemp -d /tmp/flurm-rights.XXXXXX) && chmod 1777 "$NOBODY_DIR" ||
	error "cannot make a directory for nobody"
cleanup "rm -rf '$NOBODY_DIR'"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success ROOT 'root runs one job and holds another' '
	r=$(submit -J roots --wrap "sleep 300") &&
	wait_job $r RUNNING &&
	p=$(submit --hold -J held --wrap true) &&
	wait_job $p PENDING &&
	echo "$r $p" >ids &&
	show $r >r.before &&
	show $p >p.before
'

test_expect_success ROOT 'Slurm clients: a non-owner gets Access/permission denied or Invalid user id' '
	read r p <ids &&
	test_must_fail as_nobody scancel $r 2>err &&
	grep "Access/permission denied" err &&
	test_must_fail as_nobody scancel -s USR1 $r 2>err &&
	grep "Access/permission denied" err &&
	test_must_fail as_nobody scontrol release $p 2>err &&
	grep -x "Invalid user id for job $p" err &&
	test_must_fail as_nobody scontrol hold $r 2>err &&
	grep -x "Invalid user id for job $r" err &&
	test_must_fail as_nobody scontrol update JobId=$p TimeLimit=5 2>err &&
	grep -x "Invalid user id for job $p" err &&
	grep "REQUEST_KILL_JOB for job $r from uid $(id -u nobody) refused: not the owner" \
		"$(flurm_ctld_log 1)" &&
	grep "REQUEST_UPDATE_JOB for job $p from uid $(id -u nobody) refused: not the owner" \
		"$(flurm_ctld_log 1)"
'

test_expect_success ROOT 'admin socket: a non-owner gets permission denied' '
	read r p <ids &&
	test_expect_code 1 as_nobody flurmsh cancel $r 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh release $p 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh hold $r 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh job update $p name=mine 2>err &&
	grep "permission denied" err
'

test_expect_success ROOT 'nothing changed' '
	read r p <ids &&
	show $r >r.after &&
	show $p >p.after &&
	test_cmp r.before r.after &&
	test_cmp p.before p.after
'

test_expect_success ROOT 'the owner may: nobody updates and cancels its own job through both transports' '
	j=$(as_nobody sbatch -J theirs --hold --wrap true | sed -n "s/^Submitted batch job //p") &&
	test -n "$j" &&
	wait_job $j PENDING &&
	as_nobody scontrol update JobId=$j TimeLimit=5 &&
	as_nobody flurmsh job update $j name=ours &&
	test "$(squeue -h -j $j -o "%j %l")" = "ours 5:00" &&
	as_nobody scancel $j &&
	wait_job $j CANCELLED
'

test_expect_success ROOT 'an operator may: root cancels a job of nobody and its own' '
	read r p <ids &&
	j=$(as_nobody sbatch -J theirs --hold --wrap true | sed -n "s/^Submitted batch job //p") &&
	wait_job $j PENDING &&
	flurmsh cancel $j &&
	wait_job $j CANCELLED &&
	scancel $r $p &&
	wait_job $r CANCELLED &&
	wait_job $p CANCELLED
'

test_done
