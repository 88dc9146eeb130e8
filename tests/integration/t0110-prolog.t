#!/bin/bash
test_description='Prolog and Epilog: a failing prolog drains the node and requeues the job'
. "$(dirname "$0")/test-lib.sh"

# node1's prolog fails; the others succeed. Both scripts leave marks.
flurm_tmpdir pe || error "cannot make a directory for the scripts"
marks="$pe/marks"
mkdir -p "$marks" && chmod 0777 "$marks"
printf '%s\n' '#!/bin/sh' \
	'[ "$SLURMD_NODENAME" = node1 ] && exit 7' \
	"echo \"prolog \$SLURM_JOB_ID \$SLURMD_NODENAME\" >>$marks/prolog" \
	'exit 0' >"$pe/prolog.sh"
printf '%s\n' '#!/bin/sh' \
	"echo \"epilog \$SLURM_JOB_ID \$SLURMD_NODENAME\" >>$marks/epilog" \
	>"$pe/epilog.sh"
chmod +x "$pe/prolog.sh" "$pe/epilog.sh"
FLURM_SLURM_CONF_EXTRA="Prolog=$pe/prolog.sh
Epilog=$pe/epilog.sh
PrologEpilogTimeout=20"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 2 || error "cannot start a cluster"

job_state() { squeue -h -j $1 -t all -o %T 2>/dev/null; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'prolog failure on node1: node drained with reason, job requeued' '
	sbatch -w node1 --wrap "echo ran on \$SLURMD_NODENAME" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	echo $id >first.id &&
	flurm_wait_for "sinfo -h -n node1 -o \"%T %E\" | grep -q \"^drained Prolog error\"" 30 &&
	test "$(job_state $id)" = PENDING &&
	! test -e slurm-$id.out
'

# slurm.conf has no cred_expire: Slurm's 120 s credential lifetime, and
# one second more, before the job may start again (slurmctld's BeginTime).
test_expect_success 'the requeued job waits 121 s: BeginTime, its EligibleTime that far ahead' '
	id=$(cat first.id) &&
	flurm_wait_for "test \"\$(squeue -h -j $id -o \"%T %r\")\" = \"PENDING BeginTime\"" 10 &&
	begin=$(date -d "$(scontrol show job $id | tr " " "\n" | sed -n "s/^EligibleTime=//p")" +%s) &&
	now=$(date +%s) &&
	test $begin -gt $((now + 100)) && test $begin -le $((now + 121))
'

test_expect_success 'a job on a healthy node runs prolog and epilog around it' '
	sbatch -w node2 --wrap "echo body" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(job_state $id)\" = COMPLETED" 30 &&
	flurm_wait_for "grep -qx \"epilog $id node2\" $marks/epilog" 10 &&
	grep -x "prolog $id node2" $marks/prolog &&
	grep -x body slurm-$id.out
'

test_expect_success 'a job without -w avoids the drained node' '
	sbatch --wrap "echo second on \$SLURMD_NODENAME" >out &&
	id=$(sed -n "s/^Submitted batch job //p" out) &&
	flurm_wait_for "test \"\$(job_state $id)\" = COMPLETED" 30 &&
	grep -x "second on node2" slurm-$id.out
'

test_done
