#!/bin/bash
test_description='a real sbatch job runs end to end: options, output, environment, squeue, scancel'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 4 || error "cannot start a cluster"


test_expect_success 'controller answers scontrol ping' '
	flurm_wait_ready &&
	scontrol ping >ping.out &&
	grep "Slurmctld(primary) at ctl1 is UP" ping.out
'

test_expect_success 'all four nodes register and become idle' '
	flurm_wait_nodes idle 30
'

test_expect_success 'sbatch --wrap runs and writes slurm-ID.out in the submit dir' '
	id=$(submit --wrap "echo hello from \$SLURM_JOB_ID") &&
	test -n "$id" &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s slurm-$id.out" 5 &&
	echo "hello from $id" >expect &&
	test_cmp expect slurm-$id.out
'

test_expect_success 'job name, output and error patterns, chdir' '
	mkdir -p work &&
	id=$(submit -J named -o "%x-%j.o" -e "err-%j-%u.e" --chdir="$PWD/work" \
		--wrap "pwd; echo to-stderr >&2") &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s work/named-$id.o" 5 &&
	echo "$PWD/work" >expect &&
	test_cmp expect work/named-$id.o &&
	grep -x to-stderr "work/err-$id-$(id -un).e"
'

test_expect_success 'environment: SLURM_* variables and --export' '
	id=$(submit -J envjob -N 2 -n 4 -c 1 -p batch --export=ALL,FLURM_T=yes \
		--wrap "env | sort") &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s slurm-$id.out" 5 &&
	grep -x "SLURM_JOB_ID=$id" slurm-$id.out &&
	grep -x "SLURM_JOB_NAME=envjob" slurm-$id.out &&
	grep -x "SLURM_NNODES=2" slurm-$id.out &&
	grep -x "SLURM_NTASKS=4" slurm-$id.out &&
	grep -x "SLURM_JOB_PARTITION=batch" slurm-$id.out &&
	grep -x "SLURM_JOB_NODELIST=node\[1-2\]" slurm-$id.out &&
	grep -x "SLURMD_NODENAME=node1" slurm-$id.out &&
	grep -x "SLURM_CPUS_ON_NODE=2" slurm-$id.out &&
	grep -x "SLURM_SUBMIT_DIR=$PWD" slurm-$id.out &&
	grep -x "SLURM_TASKS_PER_NODE=2(x2)" slurm-$id.out &&
	grep -x "FLURM_T=yes" slurm-$id.out
'

test_expect_success '--export=NONE: no submit environment, login basics from passwd' '
	home=$(getent passwd "$(id -un)" | cut -d: -f6) &&
	id=$(FLURM_NOT_SENT=1 submit -n 2 --export=NONE --wrap "env | sort") &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s slurm-$id.out" 5 &&
	! grep "^FLURM_NOT_SENT=" slurm-$id.out &&
	grep -x "HOME=$home" slurm-$id.out &&
	grep -x "USER=$(id -un)" slurm-$id.out &&
	grep -x "LOGNAME=$(id -un)" slurm-$id.out &&
	grep "^PATH=/" slurm-$id.out &&
	grep -x "SLURM_TASKS_PER_NODE=2" slurm-$id.out
'

test_expect_success 'cpus per task and memory are granted' '
	id=$(submit -c 2 --mem=100 --wrap "echo \$SLURM_CPUS_PER_TASK \$SLURM_MEM_PER_NODE") &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s slurm-$id.out" 5 &&
	echo "2 100" >expect &&
	test_cmp expect slurm-$id.out
'

test_expect_success 'a batch script file with #SBATCH lines' '
	cat >job.sh <<-\EOF &&
	#!/bin/sh
	#SBATCH -J fromscript
	#SBATCH -o script-%j.out
	echo "name=$SLURM_JOB_NAME"
	exit 3
	EOF
	id=$(submit job.sh) &&
	wait_job $id FAILED &&
	flurm_wait_for "test -s script-$id.out" 5 &&
	echo "name=fromscript" >expect &&
	test_cmp expect script-$id.out &&
	test "$(squeue -h -j $id -t all -o %j)" = fromscript
'

test_expect_success 'squeue default format shows a running job' '
	id=$(submit -J sleeper --wrap "sleep 317") &&
	wait_job $id RUNNING &&
	squeue >sq.out &&
	head -1 sq.out | tr -s " " >header &&
	echo " JOBID PARTITION NAME USER ST TIME NODES NODELIST(REASON)" >expect &&
	test_cmp expect header &&
	grep -E "^ +$id +debug +sleeper +$(id -un) +R +[0-9]+:[0-9]+ +1 +node[0-9]$" sq.out &&
	echo $id >sleeper.id
'

test_expect_success 'sbatch --hold: pending with reason JobHeldUser, squeue -t and -u' '
	id=$(submit --hold -J held --wrap "true") &&
	squeue -h -j $id -o "%T %r" >held.out &&
	echo "PENDING JobHeldUser" >expect &&
	test_cmp expect held.out &&
	squeue -h -t PD -o %i >pd.out &&
	grep -x $id pd.out &&
	! grep -x $(cat sleeper.id) pd.out &&
	squeue -h -u $(id -un) -o %i >mine.out &&
	grep -x $id mine.out &&
	squeue -h -u nobody -o %i >theirs.out &&
	test_line_count = 0 theirs.out &&
	echo $id >held.id
'

test_expect_success 'scancel stops a running job and a pending one; slurmstepd'"'"'s line in its output' '
	id=$(cat sleeper.id) &&
	scancel $id &&
	wait_job $id CANCELLED &&
	flurm_wait_for "! pgrep -x -f \"sleep 317\" >/dev/null" 15 &&
	grep -E "^slurmstepd: error: \*\*\* JOB $id ON node[0-9] CANCELLED AT [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2} \*\*\*\$" slurm-$id.out &&
	test_line_count = 1 slurm-$id.out &&
	scancel $(cat held.id) &&
	wait_job $(cat held.id) CANCELLED
'

test_expect_success 'scancel of a finished job: quiet by default, reported with -v' '
	scancel $(cat held.id) 2>err &&
	test_line_count = 0 err &&
	scancel -v $(cat held.id) 2>err;
	grep -i "already completing or completed" err
'

test_expect_success 'bad requests are refused with Slurm messages' '
	test_must_fail sbatch -p nosuch --wrap true 2>err1 &&
	grep -i "invalid partition" err1 &&
	test_must_fail sbatch --test-only -N 9 --wrap true 2>err2 &&
	grep -i "Node count specification invalid" err2 &&
	big=$(sbatch --parsable -n 99 -o /dev/null --wrap true) &&
	flurm_wait_for "test \"\$(squeue -h -j $big -o %r)\" = PartitionConfig" 10 &&
	scancel $big &&
	test_must_fail sbatch --mem=999999 --wrap true 2>err2 &&
	grep -i "Requested node configuration is not available" err2 &&
	scancel -v 999999 2>err3;
	grep -i "Invalid job id" err3
'

test_expect_success 'a user may not cancel another user'"'"'s job' '
	id=$(submit --hold --wrap true) &&
	test_must_fail runuser -u nobody -- scancel $id 2>err &&
	grep -i "denied" err &&
	test "$(squeue -h -j $id -o %T)" = PENDING &&
	scancel $id
'

test_expect_success 'jobs run as the submitting user' '
	mkdir -p /tmp/flurm-nobody-$$ && chmod 1777 /tmp/flurm-nobody-$$ &&
	(cd /tmp/flurm-nobody-$$ && runuser -u nobody -- sbatch --wrap "id -un; id -u" >../sb.$$) &&
	id=$(sed -n "s/^Submitted batch job //p" /tmp/sb.$$) &&
	wait_job $id COMPLETED &&
	flurm_wait_for "test -s /tmp/flurm-nobody-$$/slurm-$id.out" 5 &&
	printf "nobody\n%s\n" $(id -u nobody) >expect &&
	test_cmp expect /tmp/flurm-nobody-$$/slurm-$id.out &&
	rm -rf /tmp/flurm-nobody-$$ /tmp/sb.$$
'

test_expect_success 'time limit: SIGTERM then the job ends as TIMEOUT, slurmstepd'"'"'s line first' '
	id=$(submit -t 1 --wrap "trap \"echo got-term; exit 0\" TERM; sleep 600 & wait") &&
	wait_job $id RUNNING &&
	wait_job $id TIMEOUT 100 &&
	flurm_wait_for "grep -q got-term slurm-$id.out" 10 &&
	sed -n 1p slurm-$id.out >line &&
	grep -E "^slurmstepd: error: \*\*\* JOB $id ON node[0-9] CANCELLED AT [0-9T:-]{19} DUE TO TIME LIMIT \*\*\*\$" line
'

test_done
