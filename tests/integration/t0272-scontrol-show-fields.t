#!/bin/bash
test_description='scontrol show job, node and partition print the fields slurmctld 22.05 printed for the same kind of job and cluster (tests/golden captures): the same keys in the same order, and the values FLURM knows'
. "$(dirname "$0")/test-lib.sh"

GOLDEN=${FLURM_GOLDEN:-$SHARNESS_TEST_DIRECTORY/../golden/slurm-22.05}
FLURM_SLURM_CONF_EXTRA="PartitionName=long Nodes=ALL Default=NO MaxTime=7-00:00:00 State=UP"
test_under_flurm 2 || error "cannot start a cluster"

# jobs run from a directory without spaces: keys() splits on them
WORK=$(mktemp -d /tmp/flurm-show.XXXXXX) || error "cannot make a work directory"
cleanup "rm -rf '$WORK'"

# golden CASE: what the real scontrol printed in that capture.
golden() {
	sed -n "/^--- stdout/,/^--- stderr/p" "$GOLDEN/$1/command.txt" | sed "1d;\$d"
}
# keys: the Key= names of a listing on stdin, one line of them per line.
keys() {
	sed "s/=[^ ]*//g; s/  */ /g; s/^ //; s/ \$//"
}
# line KEY: the line of out holding KEY=.
line() {
	grep -E "(^| )$1=" out | sed "s/^ *//; s/ *\$//"
}

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'show job of a completed job: the keys and order of slurmctld'"'"'s' '
	id=$(submit -D "$WORK" --wrap "echo hi" -J golden -t 5 -N 1 -n 1 --mem=100) &&
	wait_job $id COMPLETED &&
	scontrol show job $id >out &&
	golden scontrol_show_job | keys >expect &&
	keys <out >actual &&
	test_cmp expect actual
'

test_expect_success 'show job values as slurmctld: shape, TRES with memory, AllocNode:Sid, LastSchedEval' '
	test "$(line ReqB:S:C:T | sed "s/.* ReqB/ReqB/")" = "ReqB:S:C:T=0:0:*:*" &&
	test "$(line Socks/Node)" = "Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=*" &&
	test "$(line MinCPUsNode)" = "MinCPUsNode=1 MinMemoryNode=100M MinTmpDiskNode=0" &&
	test "$(line TRES)" = "TRES=cpu=1,mem=100M,node=1,billing=1" &&
	# the submitting host as the controller sees the connection
	# (localhost, or the loopback address it came from) and sbatch'"'"'s
	# session, which is ours (0 when its leader is outside our PID
	# namespace)
	sid=$(cut -d" " -f6 /proc/$$/stat) && test -n "$sid" &&
	line AllocNode:Sid | grep -E "AllocNode:Sid=(localhost|127\.[0-9.]+):$sid\$" &&
	! grep -q "LastSchedEval=Unknown" out
'

test_expect_success 'show job of a held job: not eligible yet, keys as slurmctld'"'"'s' '
	id=$(submit -D "$WORK" --wrap "echo hi" -J held -t 10 --hold --mem-per-cpu=100) &&
	scontrol show job $id >out &&
	golden scontrol_show_job_pending | keys >expect &&
	keys <out >actual &&
	test_cmp expect actual &&
	grep -q "EligibleTime=Unknown" out &&
	grep -q "AccrueTime=Unknown" out &&
	test "$(line MinCPUsNode)" = "MinCPUsNode=1 MinMemoryCPU=100M MinTmpDiskNode=0" &&
	scancel $id
'

test_expect_success 'show job -d adds what slurmctld adds for details' '
	id=$(submit --wrap "echo hi" -J d -o /dev/null) &&
	wait_job $id COMPLETED &&
	scontrol show job -d $id >out &&
	grep -q "^   DerivedExitCode=0:0\$" out
'

test_expect_success 'show partition: the keys and order of slurmctld'"'"'s' '
	scontrol show partition long >out &&
	golden scontrol_show_partition | sed -n "/^PartitionName=long/,\$p" |
		keys >expect &&
	test_line_count = 13 expect &&
	grep -q "^   MaxNodes=UNLIMITED MaxTime=7-00:00:00 MinNodes=0" out &&
	keys <out >actual &&
	test_cmp expect actual
'

test_expect_success 'show node: the node daemon'"'"'s version, load and free memory; the node'"'"'s own Port= from slurm.conf' '
	p1=${FLURM_ND_PORTS%%,*} && p2=$(echo "$FLURM_ND_PORTS" | cut -d, -f2) &&
	flurm_wait_for "scontrol show node node1 | grep -q \"CPULoad=[0-9]\"" 20 &&
	scontrol show node node1 >out &&
	line NodeAddr | grep -E "^NodeAddr=127.0.0.1 NodeHostName=node1 Port=$p1 Version=[0-9]+\.[0-9]+" &&
	line FreeMem | grep -E " FreeMem=[0-9]+ " &&
	scontrol show node node2 >out &&
	line NodeAddr | grep -E "^NodeAddr=127.0.0.1 NodeHostName=node2 Port=$p2 Version="
'

test_done
