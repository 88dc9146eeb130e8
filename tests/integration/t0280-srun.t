#!/bin/bash
test_description='srun: tasks on the node daemons, output with labels, stdin, exit codes, the task environment, steps inside sbatch and salloc'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

test_expect_success 'cluster up' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30
'

test_expect_success 'srun -N1 hostname prints the host name once and exits 0' '
	srun -N1 hostname >out 2>err &&
	hostname >expect &&
	test_cmp expect out
'

test_expect_success 'srun -N2 -n4 -l: four labelled tasks, two on each node' '
	srun -N2 -n4 -l sh -c "echo \$SLURMD_NODENAME" >out 2>err &&
	sort out >sorted &&
	printf "0: node1\n1: node1\n2: node2\n3: node2\n" >expect &&
	test_cmp expect sorted
'

test_expect_success 'srun -l: long output keeps every line whole, each with its label' '
	srun -n1 -l sh -c "i=0; while [ \$i -lt 200 ]; do printf \"%0100d\\n\" \$i; i=\$((i + 1)); done" >long 2>err &&
	test "$(wc -l <long)" = 200 &&
	test "$(awk "length(\$0) != 103 || !/^0: [0-9]+\$/" long | wc -l)" = 0
'

test_expect_success 'the submitter'"'"'s soft limits reach the tasks, not their environment' '
	(ulimit -S -n 555 && srun -n1 sh -c "ulimit -S -n; env | grep -c ^SLURM_RLIMIT_; true") >lim 2>err &&
	printf "555\n0\n" >expect &&
	test_cmp expect lim
'

test_expect_success 'the task environment: ranks, node ids, counts, node list' '
	srun -N2 -n4 -l sh -c "echo \$SLURM_PROCID \$SLURM_LOCALID \$SLURM_NODEID \$SLURM_NTASKS \$SLURM_STEP_NODELIST \$SLURM_STEP_ID" >out &&
	sort out >sorted &&
	cat >expect <<-\EOT &&
	0: 0 0 0 4 node[1-2] 0
	1: 1 1 0 4 node[1-2] 0
	2: 2 0 1 4 node[1-2] 0
	3: 3 1 1 4 node[1-2] 0
	EOT
	test_cmp expect sorted &&
	srun -N1 -c2 sh -c "echo \$SLURM_CPUS_PER_TASK \$SLURM_JOB_ID" >out &&
	test "$(cut -d" " -f1 out)" = 2 &&
	test -n "$(cut -d" " -f2 out)"
'

test_expect_success 'stdin reaches the tasks; --input=0 gives it to task 0 only' '
	printf "line one\nline two\n" | srun -N1 cat >out &&
	printf "line one\nline two\n" >expect &&
	test_cmp expect out &&
	echo hello | srun -n2 -l --input=0 sh -c "cat; echo end" >out &&
	sort out >sorted &&
	printf "0: end\n0: hello\n1: end\n" >expect &&
	test_cmp expect sorted
'

test_expect_success 'stdout and stderr are kept apart' '
	srun -N1 sh -c "echo to-out; echo to-err >&2" >out 2>err &&
	test "$(cat out)" = to-out &&
	grep -x to-err err
'

test_expect_success 'a failing task: srun exits with its code and says which task' '
	test_expect_code 1 srun -N1 false 2>err &&
	grep "srun: error: node1: task 0: Exited with exit code 1" err &&
	test_expect_code 3 srun -N2 -n2 sh -c "exit \$((SLURM_PROCID + 2))" 2>err &&
	grep "task 1: Exited with exit code 3" err
'

test_expect_success 'a command that cannot run: exit code 2 and the reason' '
	test_expect_code 2 srun -N1 /no/such/program 2>err &&
	grep "execve(): /no/such/program: No such file or directory" err
'

test_expect_success '-o with %t writes one file per task on the node' '
	flurm_tmpdir OUT &&
	srun -n2 -o "$OUT/out-%t.txt" sh -c "echo task \$SLURM_PROCID" &&
	test "$(cat $OUT/out-0.txt)" = "task 0" &&
	test "$(cat $OUT/out-1.txt)" = "task 1"
'

test_expect_success 'steps inside an sbatch job, one after another and side by side' '
	flurm_tmpdir OUT &&
	cat >job.sh <<-EOT &&
	#!/bin/sh
	srun -n2 -l echo first
	srun -n1 -N1 echo a &
	srun -n1 -N1 echo b &
	wait
	srun sh -c "exit 3"
	echo after=\$?
	EOT
	id=$(submit -N2 -n2 -o "$OUT/job.out" job.sh) &&
	wait_job $id COMPLETED 60 &&
	cat "$OUT/job.out" &&
	grep -x "0: first" "$OUT/job.out" &&
	grep -x "1: first" "$OUT/job.out" &&
	grep -x a "$OUT/job.out" &&
	grep -x b "$OUT/job.out" &&
	grep -x after=3 "$OUT/job.out"
'

test_expect_success 'salloc -N2 srun hostname runs on both nodes' '
	salloc -N2 srun -l sh -c "echo \$SLURMD_NODENAME" >out 2>err &&
	sort out >sorted &&
	printf "0: node1\n1: node2\n" >expect &&
	test_cmp expect sorted
'

test_expect_success 'each node reported its steps: nothing is left running' '
	flurm_wait_for "! pgrep -f \"sleep 4242\" >/dev/null" 5 &&
	for n in 1 2; do
		grep -q "step .*: ended on this node" $(flurm_nd_log node$n) || return 1
	done
'

test_expect_success 'Ctrl-C (SIGINT twice) ends a running step on every node' '
	flurm_tmpdir OUT &&
	{ srun -N2 -n2 sh -c "echo \$\$ >$OUT/pid.\$SLURM_PROCID; exec sleep 4242" >out 2>err & } &&
	pid=$! &&
	flurm_wait_for "test -s $OUT/pid.0 && test -s $OUT/pid.1" 20 &&
	kill -INT $pid && sleep 0.3 && kill -INT $pid &&
	flurm_wait_for "! kill -0 $pid 2>/dev/null" 20 &&
	flurm_wait_for "! kill -0 $(cat $OUT/pid.0) 2>/dev/null && ! kill -0 $(cat $OUT/pid.1) 2>/dev/null" 20
'

test_expect_success '--unbuffered passes output on before a line ends; buffered waits for it' '
	{ srun -N1 -u sh -c "printf part; sleep 3; echo rest" >ubuf 2>err & } &&
	pid=$! &&
	flurm_wait_for "grep -q part ubuf" 10 &&
	kill -0 $pid &&
	wait $pid &&
	test "$(cat ubuf)" = partrest &&
	{ srun -N1 sh -c "printf part; sleep 3; echo rest" >buf 2>err & } &&
	pid=$! &&
	sleep 2 &&
	test_must_be_empty buf &&
	wait $pid &&
	test "$(cat buf)" = partrest
'

# script's input is a FIFO held open and never written: with </dev/null,
# script types Ctrl-D into its terminal at once; the terminal keeps it as
# a 0 byte that srun, once it puts the terminal in raw mode, reads and
# sends on as a keystroke, and the task's terminal echoes it as "^@"
# (real slurmd does the same: a user's Ctrl-@ must reach the task).
test_expect_success '--pty: task 0 runs on a terminal of the window size srun has' '
	rm -f pty.in && mkfifo pty.in &&
	script -qec "stty rows 33 cols 101; srun -N1 --pty sh -c \"tty; stty size; test -t 0 && echo interactive\"" /dev/null <>pty.in >pty.out &&
	cat -A pty.out &&
	! grep -q "\^@" pty.out &&
	grep -q "^/dev/pts/" pty.out &&
	grep -q "^33 101" pty.out &&
	grep -q "^interactive" pty.out
'

# step_job NAME: the id of the running job named NAME.
step_job() {
	squeue -h -t R -n "$1" -o %i | head -1
}

test_expect_success 'scancel -s USR1 J.S reaches every task of the step on every node' '
	flurm_tmpdir OUT &&
	{ srun -N2 -n2 -J sig1 -l sh -c "trap \"echo usr1; exit 0\" USR1; touch $OUT/ready.\$SLURM_PROCID; while :; do sleep 0.1; done" >out 2>err & } &&
	pid=$! &&
	flurm_wait_for "test -e $OUT/ready.0 && test -e $OUT/ready.1" 20 &&
	id=$(step_job sig1) && test -n "$id" &&
	scancel -s USR1 $id.0 &&
	flurm_wait_for "! kill -0 $pid 2>/dev/null" 20 &&
	wait $pid &&
	sort out >sorted &&
	printf "0: usr1\n1: usr1\n" >expect &&
	test_cmp expect sorted
'

test_expect_success 'scancel J.S ends the step: its tasks are gone and srun returns' '
	flurm_tmpdir OUT &&
	{ srun -N2 -n2 -J sig2 sh -c "echo \$\$ >$OUT/pid.\$SLURM_PROCID; exec sleep 4243" >out 2>err & } &&
	pid=$! &&
	flurm_wait_for "test -s $OUT/pid.0 && test -s $OUT/pid.1" 20 &&
	id=$(step_job sig2) && test -n "$id" &&
	scancel $id.0 &&
	flurm_wait_for "! kill -0 $(cat $OUT/pid.0) 2>/dev/null && ! kill -0 $(cat $OUT/pid.1) 2>/dev/null" 60 &&
	flurm_wait_for "! kill -0 $pid 2>/dev/null" 60 &&
	grep -Ex "srun: Job step aborted(: Waiting up to [0-9]+ seconds for job step to finish\.)?" err &&
	! grep "Force Terminated" err
'

# slurmctld tells srun of the end (SRUN_JOB_COMPLETE) before it kills the
# tasks, so srun says the step was aborted, not "Force Terminated" as when
# it sees its tasks killed first. srun adds "Waiting up to N seconds..."
# when its waiting thread runs before the tasks' exits arrive, and says
# "Job step aborted" alone when they came first (a race between srun's own
# threads, the same under slurmctld); either way it heard of the end first.
test_expect_success 'scancel of an srun job: srun hears of the end before its tasks die, as from slurmctld' '
	{ srun -N1 -J sig3 sh -c "echo go; exec sleep 4244" >out3 2>err3 & } &&
	pid=$! &&
	flurm_wait_for "test -s out3" 20 &&
	id=$(step_job sig3) && test -n "$id" &&
	scancel $id &&
	flurm_wait_for "! kill -0 $pid 2>/dev/null" 60 &&
	cat err3 &&
	grep -Ex "srun: Job step aborted(: Waiting up to [0-9]+ seconds for job step to finish\.)?" err3 &&
	! grep "Force Terminated" err3
'

test_expect_success 'srun killed: the step daemon logs that srun is gone, and the step ends' '
	{ srun -N1 -J lost sh -c "while :; do echo x; done" >/dev/null 2>&1 & } &&
	pid=$! &&
	flurm_wait_for "test -n \"\$(squeue -h -n lost -t R -o %i)\"" 20 &&
	sleep 1 &&
	kill -9 $pid &&
	flurm_wait_for "cat $(flurm_nd_log node1) $(flurm_nd_log node2) | grep -Eq \"I/O connection failed|MESSAGE_TASK_EXIT to srun\"" 60 &&
	id=$(squeue -h -n lost -o %i) &&
	{ test -z "$id" || scancel $id; } &&
	flurm_wait_for "test -z \"\$(squeue -h -n lost -o %i)\"" 60 &&
	flurm_wait_for "! pgrep -f \"echo x; done\" >/dev/null" 20
'

test_expect_success '--mpi=pmi2 is refused with a clear error' '
	test_must_fail srun -N1 --mpi=pmi2 true 2>err &&
	cat err &&
	grep -i "mpi" err
'

test_expect_success 'scontrol pidinfo in a task: its job and the time it has left' '
	srun -N1 -t 10 -J pidinfo sh -c "scontrol pidinfo \$\$; echo job=\$SLURM_JOB_ID" >out 2>err &&
	cat out err &&
	id=$(sed -n "s/^job=//p" out) &&
	grep -E "^Slurm JobId=$id ends at [A-Z][a-z][a-z] " out &&
	grep -E "^Job remaining time is (59[0-9]|600) seconds" out
'

test_done
