#!/bin/bash
test_description='the everyday Slurm CLI against FLURM as against slurmctld 22.05: squeue end and expected start times, scancel filters, scontrol show node fields, PrivateData'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="PartitionName=long Nodes=ALL Default=NO MaxTime=UNLIMITED State=UP"
test_under_flurm 2 || error "cannot start a cluster"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

# slurmctld ends a job without a time limit a year after its start; squeue
# shows such an end as NONE (N/A is for jobs that have no end time at all)
test_expect_success 'squeue %e of a running job without a time limit is NONE' '
	id=$(submit -p long -t UNLIMITED -n 1 --wrap "sleep 300" -o /dev/null) &&
	wait_job $id RUNNING &&
	test "$(squeue -h -j $id -o "%l %e")" = "UNLIMITED NONE" &&
	scancel $id && wait_job $id CANCELLED
'

# slurmd reports uname machine as Arch and sysname, release and version as
# OS; scontrol prints them beside NodeName and after Version
test_expect_success 'scontrol show node prints Arch and OS as slurmctld does' '
	scontrol show node node1 >out &&
	grep -q "^NodeName=node1 Arch=$(uname -m) CoresPerSocket=" out &&
	grep -qxF "   OS=$(uname -s) $(uname -r) $(uname -v) " out
'

test_done
