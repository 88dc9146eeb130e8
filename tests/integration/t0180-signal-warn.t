#!/bin/bash
test_description='sbatch --signal: a warning signal before the time limit, to the batch shell (B:) or, as slurmd, to the job steps only'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 4 || error "cannot start a cluster"

# since FILE MARKER: seconds from the time in FILE to the time in MARKER.
since() {
	echo $(( $(cat "$2") - $(cat "$1") ))
}

# The shell traps USR1; its child would note a USR1 too, but B: spares it.
cat >batch.sh <<'SCRIPT'
#!/bin/bash
date +%s >batch.start
bash -c 'trap "date +%s >batch.child" USR1; while :; do sleep 1; done' &
trap 'date +%s >batch.marker' USR1
while :; do sleep 1; done
SCRIPT
# Without B: the steps get it, as slurmd sends it: the srun step's task
# notes it; the shell and the child it started itself get nothing.
cat >all.sh <<'SCRIPT'
#!/bin/bash
date +%s >all.start
bash -c 'trap "date +%s >all.child" USR2; while :; do sleep 1; done' &
srun -n1 bash -c 'trap "date +%s >all.marker" USR2; while :; do sleep 1; done' &
trap 'date +%s >all.shell' USR2
while :; do sleep 1; done
SCRIPT
# No --signal: nothing but the SIGTERM at the limit.
cat >none.sh <<'SCRIPT'
#!/bin/bash
date +%s >none.start
trap 'date +%s >none.marker' USR1 USR2
while :; do sleep 1; done
SCRIPT
# Submitted with 5 minutes, cut to 1 at once: the warning follows.
sed 's/batch\./upd./g' batch.sh >upd.sh
chmod +x batch.sh all.sh none.sh upd.sh

test_expect_success 'cluster up, the four jobs submitted side by side' '
	flurm_wait_ready &&
	flurm_wait_nodes idle 30 &&
	b=$(submit -t 1 --signal=B:USR1@50 batch.sh) && test -n "$b" &&
	a=$(submit -t 1 --signal=USR2@55 all.sh) && test -n "$a" &&
	n=$(submit -t 1 none.sh) && test -n "$n" &&
	u=$(submit -t 5 --signal=B:USR1@50 upd.sh) && test -n "$u" &&
	echo "$b $a $n $u" >ids &&
	wait_job $b RUNNING && wait_job $a RUNNING && wait_job $n RUNNING &&
	wait_job $u RUNNING &&
	scontrol update JobId=$u TimeLimit=1 &&
	scontrol show job $u | grep -q "TimeLimit=00:01:00"
'
read -r B A N U <ids 2>/dev/null

test_expect_success '--signal=USR2@55: the step gets it ~5 s after start, the batch shell and its own children do not' '
	flurm_wait_for "test -s all.marker" 30 &&
	d=$(since all.start all.marker) &&
	echo "after $d s" &&
	test $d -ge 1 && test $d -le 20 &&
	sleep 2 &&
	test ! -e all.shell && test ! -e all.child &&
	test "$(squeue -h -j $A -o %T)" = RUNNING
'

test_expect_success '--signal=B:USR1@50: the batch shell gets it ~10 s after start' '
	flurm_wait_for "test -s batch.marker" 40 &&
	d=$(since batch.start batch.marker) &&
	echo "after $d s" &&
	test $d -ge 5 && test $d -le 25 &&
	test "$(squeue -h -j $B -o %T)" = RUNNING
'

test_expect_success 'B: spares the children of the batch shell' '
	sleep 2 &&
	test ! -e batch.child
'

test_expect_success 'the warned jobs keep running and end as TIMEOUT at their limit' '
	wait_job $B TIMEOUT 100 &&
	wait_job $A TIMEOUT 30 &&
	d=$(( $(date +%s) - $(cat batch.start) )) &&
	echo "ended after $d s" &&
	test $d -ge 55 &&
	test "$(grep -c . batch.marker)" = 1
'

test_expect_success 'scontrol update TimeLimit moves the warning along' '
	flurm_wait_for "test -s upd.marker" 30 &&
	d=$(since upd.start upd.marker) &&
	echo "after $d s" &&
	test $d -ge 5 && test $d -le 25 &&
	wait_job $U TIMEOUT 30
'

test_expect_success 'a job without --signal got no warning signal' '
	wait_job $N TIMEOUT 30 &&
	test ! -e none.marker
'

test_done
