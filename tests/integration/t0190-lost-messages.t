#!/bin/bash
test_description='No message to a node daemon is lost for good: a cancel made while the node daemon is away (controller restart, flurmnd stopped or killed) stops the job once the node registers again, frees its CPUs and lets the queue move; a lost launch is sent again; a terminate is repeated until the job has ended; a job that ends while the controller is down keeps its real end time, logged once'
. "$(dirname "$0")/test-lib.sh"

# one node of 2 CPUs: a 2-CPU job holds it, the next one waits for it.
# A long SlurmdTimeout: the node daemon is stopped on purpose below and
# must not be declared dead meanwhile.
FLURM_SLURMD_TIMEOUT=60
FLURM_SLURM_CONF_EXTRA="KillWait=10"
test_under_flurm 1 || error "cannot start a cluster"

# job_pid FILE: the pid a job wrote to FILE (its batch shell).
job_pid() {
	flurm_wait_for "test -s $1" 20 && cat $1
}
# gone PID: no process PID (a zombie counts as gone).
gone() {
	! _flurm_alive "$1"
}
# blocker_and_next TAG: a 2-CPU job that runs for 10 minutes (its shell's
# pid in TAG.pid) and a job queued behind it; "ID NEXT" in TAG.ids.
blocker_and_next() {
	rm -f $1.pid &&
	id=$(submit -J $1 -n 2 --wrap "echo \$\$ >$1.pid; exec sleep 600") &&
	wait_job $id RUNNING &&
	job_pid $1.pid >/dev/null &&
	next=$(submit -J $1-next --wrap "echo next-ran") &&
	flurm_wait_for "test \"\$(squeue -h -j $next -o %r)\" = Resources" 10 &&
	echo "$id $next" >$1.ids
}
# stopped_for_good TAG: the blocker's process is gone within 10 s (it
# dies of SIGTERM, long before its own end), it ends CANCELLED and
# releases the node, and the job behind it runs.
stopped_for_good() {
	read id next <$1.ids &&
	pid=$(cat $1.pid) &&
	flurm_wait_for "gone $pid" 10 &&
	wait_job $id CANCELLED 10 &&
	wait_job $next COMPLETED 20 &&
	flurm_wait_for "test -s slurm-$next.out" 5 &&
	echo next-ran >expect &&
	test_cmp expect slurm-$next.out &&
	flurm_wait_nodes idle 10
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'controller restarted, cancel before the node registers again: the job is stopped' '
	blocker_and_next ctl &&
	read id next <ctl.ids &&
	flurm_ctl_kill9 1 &&
	kill -s STOP $(flurm_daemon_pid node1) &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	scancel $id &&
	test "$(squeue -h -j $id -t all -o %T)" = "COMPLETING" &&
	kill -s CONT $(flurm_daemon_pid node1) &&
	stopped_for_good ctl
'
kill -s CONT $(flurm_daemon_pid node1) 2>/dev/null

test_expect_success 'flurmnd stopped (SIGSTOP) while a job is cancelled: the job is stopped once it runs on' '
	blocker_and_next nstop &&
	read id next <nstop.ids &&
	kill -s STOP $(flurm_daemon_pid node1) &&
	scancel $id &&
	kill -s CONT $(flurm_daemon_pid node1) &&
	stopped_for_good nstop
'
kill -s CONT $(flurm_daemon_pid node1) 2>/dev/null

test_expect_success 'flurmnd killed, job cancelled, flurmnd restarted: the job is stopped' '
	blocker_and_next nkill &&
	read id next <nkill.ids &&
	flurm_nd_kill9 node1 &&
	scancel $id &&
	gone_before=$(gone $(cat nkill.pid) && echo gone || echo alive) &&
	test "$gone_before" = alive &&
	flurm_nd_start node1 &&
	stopped_for_good nkill
'
flurm_daemon_alive node1 || flurm_nd_start node1

test_expect_success 'a launch lost with a dead node daemon is sent again when it registers' '
	kill -s STOP $(flurm_daemon_pid node1) &&
	id=$(submit -J relaunch --wrap "echo relaunched") &&
	wait_job $id RUNNING &&
	flurm_nd_kill9 node1 &&
	flurm_nd_start node1 &&
	wait_job $id COMPLETED 20 &&
	flurm_wait_for "test -s slurm-$id.out" 5 &&
	echo relaunched >expect &&
	test_cmp expect slurm-$id.out &&
	test "$(field $id Restarts)" = 0 &&
	grep "job $id: node node1 does not have it; sending its launch again" \
		"$(flurm_ctld_log 1)"
'
flurm_daemon_alive node1 || flurm_nd_start node1

test_expect_success 'a job slow to stop gets the terminate again, and SIGKILL after KillWait all the same' '
	rm -f slow.pid &&
	id=$(submit -J slow --wrap "trap \"\" TERM; echo \$\$ >slow.pid; sleep 600") &&
	wait_job $id RUNNING &&
	pid=$(job_pid slow.pid) &&
	scancel $id &&
	start=$(date +%s) &&
	flurm_wait_for "gone $pid" 20 &&
	took=$(( $(date +%s) - start )) &&
	echo "stopped after $took s" &&
	test $took -ge 8 && test $took -le 13 &&
	wait_job $id CANCELLED 10 &&
	grep "job $id: node node1 has not reported its end yet; sending the terminate again" \
		"$(flurm_ctld_log 1)" &&
	grep "job $id: terminate (reason" "$(flurm_nd_log node1)" >terms &&
	test_line_count = 1 terms
'

test_expect_success 'a job that ends while the controller is down keeps its real end time' '
	rm -f ended started &&
	id=$(submit -J short --wrap "touch started; sleep 3; date +%s >ended") &&
	echo $id >short.id &&
	flurm_wait_for "test -f started" 20 &&
	flurm_ctl_kill9 1 &&
	flurm_wait_for "test -s ended" 20 &&
	sleep 5 &&
	restart=$(date +%s) &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	wait_job $id COMPLETED 20 &&
	end=$(date -d "$(field $id EndTime)" +%s) &&
	real=$(cat ended) &&
	echo "real end $real, EndTime $end, restart $restart" &&
	test $end -ge $((real - 1)) &&
	test $end -le $((real + 2)) &&
	test $((restart - end)) -ge 3
'

test_expect_success 'a job that ends while flurmnd is down keeps its real end time' '
	rm -f ended2 started2 &&
	id=$(submit -J short2 --wrap "touch started2; sleep 3; date +%s >ended2") &&
	flurm_wait_for "test -f started2" 20 &&
	flurm_nd_kill9 node1 &&
	flurm_wait_for "test -s ended2" 20 &&
	sleep 5 &&
	restart=$(date +%s) &&
	flurm_nd_start node1 &&
	wait_job $id COMPLETED 20 &&
	end=$(date -d "$(field $id EndTime)" +%s) &&
	real=$(cat ended2) &&
	echo "real end $real, EndTime $end, flurmnd restart $restart" &&
	test $end -ge $((real - 1)) &&
	test $end -le $((real + 2)) &&
	test $((restart - end)) -ge 3
'
flurm_daemon_alive node1 || flurm_nd_start node1

test_expect_success 'that end is logged once by the controller' '
	id=$(cat short.id) &&
	sleep 2 &&
	grep "job $id ended on node1" "$(flurm_ctld_log 1)" >ends &&
	test_line_count = 1 ends
'

test_done
