#!/bin/bash
test_description='an operator'"'"'s first session: unsupported commands fail fast and say so, reconfigure, DOWN ends jobs, reasons and TRES as slurmctld shows them, the demo on chosen ports'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT
command -v curl >/dev/null && test_set_prereq CURL

job_state() { squeue -h -j $1 -t all -o "%T %r" 2>/dev/null; }
# quick SECONDS CMD...: CMD fails within SECONDS; its stderr is in err.
quick() {
	local limit=$1 start rc
	shift
	start=$(date +%s)
	timeout 60 "$@" >out 2>err </dev/null
	rc=$?
	[ "$rc" != 0 ] && [ "$rc" != 124 ] &&
		[ $(( $(date +%s) - start )) -le "$limit" ] || {
		echo "quick: '$*' gave $rc after $(( $(date +%s) - start )) s" >&2
		cat err >&2
		return 1
	}
}

notsup="Requested operation not supported on this system"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'an unsupported request (creating a reservation) fails at once and says why' '
	quick 10 scontrol create reservation StartTime=now Duration=10 Users=root Nodes=node1 &&
	grep "$notsup" err
'

test_expect_success 'bad arrays, bad dependencies, unknown partitions in a list, reservations, licenses are refused' '
	squeue -h -t all -o %i | sort >before &&
	quick 10 sbatch -p debug,nosuch --wrap true &&
	grep "Batch job submission failed: Invalid partition name specified" err &&
	quick 10 sbatch --array=1-1001 --wrap true &&
	grep "Batch job submission failed: Invalid job array specification" err &&
	quick 10 sbatch -d afterok:x --wrap true &&
	grep "Batch job submission failed: Job dependency problem" err &&
	quick 10 sbatch --reservation=maint --wrap true &&
	grep "Batch job submission failed: Requested reservation is invalid" err &&
	quick 10 sbatch -L matlab:1 --wrap true &&
	grep "Batch job submission failed: Invalid license specification" err &&
	squeue -h -t all -o %i | sort >after &&
	test_cmp before after
'

test_expect_success 'scontrol reconfigure reads slurm.conf again' '
	cp "$SLURM_CONF" slurm.conf.orig &&
	echo "PartitionName=extra Nodes=node2 MaxTime=30 State=UP" >>"$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "sinfo -h -p extra -o %P | grep -qx extra" 10 &&
	sinfo -h -p extra -o "%l %N" >extra &&
	echo "30:00 node2" >expect &&
	test_cmp expect extra &&
	grep "reconfigure requested by uid $(id -u)" "$(flurm_ctld_log 1)"
'

test_expect_success 'a DRAIN partition refuses new jobs and runs those it has' '
	id=$(submit -p extra --hold -o /dev/null --wrap true) &&
	sed -i "s/^PartitionName=extra .*/PartitionName=extra Nodes=node2 MaxTime=30 State=DRAIN/" \
		"$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "sinfo -h -p extra -o %a | grep -qx drain" 10 &&
	quick 10 sbatch -p extra --wrap true &&
	grep "Batch job submission failed: Required partition not available (inactive or drain)" err &&
	scontrol release $id &&
	flurm_wait_for "test \"\$(job_state $id)\" = \"COMPLETED None\"" 20
'

test_expect_success ROOT 'scontrol reconfigure is for operators only' '
	test_must_fail runuser -u nobody -- scontrol reconfigure 2>err &&
	grep -x "slurm_reconfigure error: Invalid user id" err
'

test_expect_success 'a failed job shows why it ended, as slurmctld does' '
	id=$(submit -o /dev/null --wrap "exit 3") &&
	flurm_wait_for "test \"\$(job_state $id)\" = \"FAILED NonZeroExitCode\"" 20 &&
	scontrol show job $id >show &&
	grep "JobState=FAILED Reason=NonZeroExitCode" show &&
	grep "ExitCode=3:0" show
'

test_expect_success 'node and partition records carry TRES' '
	id=$(submit -w node1 -n 2 --mem=100 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(job_state $id)\" = \"RUNNING None\"" 20 &&
	scontrol show node node1 >node &&
	grep -x "   AllocTRES=cpu=2,mem=100M" node &&
	scontrol show partition debug >part &&
	grep -x "   TRES=cpu=4,mem=2000M,node=2,billing=4" part &&
	scancel $id &&
	flurm_wait_for "test \"\$(job_state $id)\" = \"CANCELLED None\"" 20
'

test_expect_success 'setting a node DOWN ends its --no-requeue jobs: NODE_FAIL, and the processes go' '
	flurm_wait_for "sinfo -h -n node1 -o %T | grep -qx idle" 20 &&
	id=$(submit --no-requeue -w node1 -o /dev/null \
		--wrap "sleep 300 & echo \$! >down.pid; wait") &&
	flurm_wait_for "test -s down.pid" 20 &&
	pid=$(cat down.pid) &&
	kill -0 $pid &&
	scontrol update NodeName=node1 State=DOWN Reason="acceptance test" &&
	flurm_wait_for "test \"\$(job_state $id)\" = \"NODE_FAIL NodeDown\"" 20 &&
	flurm_wait_for "! kill -0 $pid" 20 &&
	sinfo -h -R -o "%E|%N" >reason &&
	echo "acceptance test|node1" >expect &&
	test_cmp expect reason &&
	scontrol update NodeName=node1 State=RESUME &&
	flurm_wait_for "sinfo -h -n node1 -o %T | grep -qx idle" 20
'

test_expect_success CURL 'metrics count requests and replies apart' '
	curl -sf "http://127.0.0.1:$FLURM_METRICS_PORT/metrics" >metrics &&
	grep "^flurm_rpc_requests_total{type=\"REQUEST_SUBMIT_BATCH_JOB\"} [1-9]" metrics &&
	grep "^flurm_rpc_replies_total{type=\"RESPONSE_SUBMIT_BATCH_JOB\"} [1-9]" metrics &&
	grep "^flurm_rpc_replies_total{type=\"RESPONSE_SLURM_RC\"} [1-9]" metrics &&
	grep "^# TYPE flurm_rpc_replies_total counter" metrics &&
	! grep "^flurm_rpc_requests_total{type=\"RESPONSE_" metrics &&
	curl -sf "http://127.0.0.1:$FLURM_METRICS_PORT/health" >health &&
	grep -x "{\"status\":\"healthy\",\"leader\":true,\"term\":[0-9]*}" health
'

# The demo as README.md has it, on ports of our choosing, with the real
# daemons: what it tells the user to try works as it says (srun, salloc,
# an array), and a job still running when it stops goes with it.
test_expect_success 'make demo on chosen ports: jobs, srun, salloc and arrays run, demo-stop leaves nothing' '
	flurm_tmpdir demo &&
	FLURM_DEMO_SLURM_PORT=$(flurm_free_port) &&
	FLURM_DEMO_NODE_PORT=$(flurm_free_port) &&
	FLURM_DEMO_RAFT_PORT=$(flurm_free_port) &&
	FLURM_DEMO_METRICS_PORT=$(flurm_free_port) &&
	export FLURM_DEMO_SLURM_PORT FLURM_DEMO_NODE_PORT FLURM_DEMO_RAFT_PORT \
		FLURM_DEMO_METRICS_PORT &&
	FLURM_DEMO_DIR=$demo "$FLURM_SRCDIR/examples/demo/demo.sh" start >demo.out &&
	grep -x "SlurmctldPort=$FLURM_DEMO_SLURM_PORT" "$demo/slurm.conf" &&
	(
		. "$demo/env.sh" &&
		cd "$demo" &&
		flurm_wait_for "test \"\$(sinfo -h -N -o %T | sort -u)\" = idle" 30 &&
		sbatch -o "$demo/job.out" --wrap "echo started; sleep 300" >sb.out &&
		id=$(sed -n "s/^Submitted batch job //p" sb.out) &&
		flurm_wait_for "grep -qx started $demo/job.out" 20 &&
		curl -sf "http://127.0.0.1:$FLURM_DEMO_METRICS_PORT/metrics" |
			grep -x "flurm_jobs_running 1" &&
		flurmsh -c "status" >status.out &&
		grep -x "cluster:    flurmdemo" status.out &&
		grep -x "jobs:       running 1" status.out &&
		timeout 60 srun -N2 hostname >srun.out &&
		hostname >host &&
		cat host host >expect &&
		test_cmp expect srun.out &&
		timeout 60 srun -N2 -l printenv SLURMD_NODENAME | sort >names &&
		test_line_count = 2 names &&
		grep "^0: node[1-4]$" names && grep "^1: node[1-4]$" names &&
		test "$(cut -d" " -f2 names | sort -u | wc -l)" = 2 &&
		printf "%s\n" "srun -l printenv SLURMD_NODENAME </dev/null" \
			"echo held \$SLURM_JOB_NUM_NODES" "exit" |
			SHELL=/bin/bash timeout 60 salloc -N2 >salloc.out 2>salloc.err &&
		grep "^0: node[1-4]$" salloc.out && grep "^1: node[1-4]$" salloc.out &&
		grep -x "held 2" salloc.out &&
		grep "Granted job allocation" salloc.err &&
		sbatch --array=1-4 --wrap "echo task \$SLURM_ARRAY_TASK_ID; sleep 30" >arr.out &&
		aid=$(sed -n "s/^Submitted batch job //p" arr.out) &&
		flurm_wait_for "test \$(squeue -h -t R -j $aid -o %i | wc -l) = 4" 30 &&
		squeue >queue &&
		for t in 1 2 3 4; do
			grep " ${aid}_$t  *debug  *wrap " queue || return 1
			flurm_wait_for "grep -qx \"task $t\" slurm-${aid}_$t.out" 10 ||
				return 1
		done
	) &&
	grep -x "  flurmsh                    # interactive: try .help. and <Tab>" demo.out &&
	grep -x "  srun -N2 hostname  *# .*" demo.out &&
	grep -x "  srun -N2 -l printenv SLURMD_NODENAME  *# .*" demo.out &&
	grep -x "  salloc -N2  *# .*" demo.out &&
	grep -xF "  sbatch --array=1-4 --wrap '"'"'echo task \$SLURM_ARRAY_TASK_ID; sleep 30'"'"'" demo.out &&
	grep -x "  squeue  *# its tasks run as <jobid>_1 ... <jobid>_4" demo.out &&
	FLURM_DEMO_DIR=$demo "$FLURM_SRCDIR/examples/demo/demo.sh" stop >stop.out &&
	grep "demo: stopped" stop.out &&
	grep "processes of jobs still running" stop.out &&
	flurm_wait_for "test -z \"\$(flurm_procs_in $demo)\"" 10
'

test_done
