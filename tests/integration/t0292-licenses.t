#!/bin/bash
test_description='licenses with the real clients: Licenses= in slurm.conf, sbatch -L counted across running jobs and enforced (pending reason Licenses), scontrol show licenses, Licenses= in scontrol show job and squeue %W, unknown or too many licenses refused at submit, a reload that changes the counts'
. "$(dirname "$0")/test-lib.sh"

FLURM_SLURM_CONF_EXTRA="Licenses=matlab:2,fluent:10"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 2 || error "cannot start a cluster"

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'scontrol show licenses: every configured license, none in use' '
	scontrol show licenses >out &&
	cat >expect <<-\EOF &&
	LicenseName=fluent
	    Total=10 Used=0 Free=10 Reserved=0 Remote=no
	LicenseName=matlab
	    Total=2 Used=0 Free=2 Reserved=0 Remote=no
	EOF
	test_cmp expect out &&
	scontrol show lic matlab >out &&
	grep -x "LicenseName=matlab" out
'

test_expect_success 'sbatch -L: the job shows its licenses (scontrol Licenses=, squeue %W)' '
	a=$(submit -L matlab:1,fluent -o /dev/null --wrap "sleep 60") &&
	test "$(field $a Licenses)" = "matlab:1,fluent" &&
	test "$(squeue -h -j $a -o %W)" = "matlab:1,fluent" &&
	wait_job $a RUNNING &&
	scontrol -o show licenses >out &&
	grep -x "LicenseName=matlab Total=2 Used=1 Free=1 Reserved=0 Remote=no" out &&
	grep -x "LicenseName=fluent Total=10 Used=1 Free=9 Reserved=0 Remote=no" out
'

test_expect_success 'a job short of licenses waits (Licenses) and holds up no one' '
	b=$(submit -L matlab -o /dev/null --wrap "sleep 60") &&
	wait_job $b RUNNING &&
	c=$(submit -L matlab:1 -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $c -o %r)\" = Licenses" 15 &&
	test "$(squeue -h -j $c -o %T)" = PENDING &&
	scontrol show job $c | grep -q "Reason=Licenses" &&
	d=$(submit -o /dev/null --wrap "sleep 60") &&
	wait_job $d RUNNING &&
	scontrol -o show lic matlab | grep "Used=2 Free=0"
'

test_expect_success 'it starts once a license is given back' '
	scancel $b &&
	wait_job $c RUNNING &&
	scancel $d
'

test_expect_success 'an unknown license, or more than configured, is refused at submit' '
	test_must_fail sbatch -L nosuch -o /dev/null --wrap true 2>err &&
	echo "sbatch: error: Batch job submission failed: Invalid license specification" >expect &&
	test_cmp expect err &&
	test_must_fail sbatch -L matlab:3 -o /dev/null --wrap true 2>err &&
	test_cmp expect err &&
	test_must_fail sbatch -L "matlab:x" -o /dev/null --wrap true 2>err &&
	test_cmp expect err
'

test_expect_success 'sbatch -L NAME: (no count) asks none, as slurmctld: taken and shown as given' '
	z=$(submit -L matlab: -o /dev/null --wrap "sleep 60") &&
	test "$(field $z Licenses)" = "matlab:" &&
	wait_job $z RUNNING &&
	scancel $z &&
	test_must_fail sbatch -L nosuch: -o /dev/null --wrap true 2>err &&
	test_cmp expect err
'

test_expect_success 'a reload with more licenses lets a waiting job start' '
	e=$(submit -L matlab -o /dev/null --wrap "sleep 60") &&
	flurm_wait_for "test \"\$(squeue -h -j $e -o %r)\" = Licenses" 15 &&
	sed -i "s/^Licenses=.*/Licenses=matlab:3,fluent:10/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	wait_job $e RUNNING &&
	scontrol -o show lic matlab | grep "Total=3 Used=3 Free=0"
'

test_expect_success 'a reload with a malformed Licenses= is refused, the counts stay' '
	sed -i "s/^Licenses=.*/Licenses=matlab:two/" "$SLURM_CONF" &&
	test_must_fail scontrol reconfigure &&
	scontrol -o show lic matlab | grep "Total=3" &&
	sed -i "s/^Licenses=.*/Licenses=matlab:3,fluent:10/" "$SLURM_CONF" &&
	scancel $a $c $e
'

test_expect_success 'scontrol update Licenses=: checked as at submit, shown, counted once the job runs; an operator changes a running job'"'"'s (as slurmctld)' '
	h=$(submit --hold -o /dev/null --wrap "sleep 60") &&
	test_must_fail scontrol update JobId=$h Licenses=nosuch 2>err &&
	echo "Invalid license specification for job $h" >expect &&
	test_cmp expect err &&
	test_must_fail scontrol update JobId=$h Licenses=matlab:4 2>err &&
	test_cmp expect err &&
	test "$(field $h Licenses)" = "(null)" &&
	scontrol update JobId=$h Licenses=matlab:3 &&
	test "$(field $h Licenses)" = matlab:3 &&
	scontrol release $h &&
	wait_job $h RUNNING 30 &&
	scontrol -o show lic matlab | grep "Used=3 Free=0" &&
	scontrol update JobId=$h Licenses=fluent:4 &&
	test "$(field $h Licenses)" = fluent:4 &&
	scontrol -o show lic matlab | grep "Used=0 Free=3" &&
	scontrol -o show lic fluent | grep "Used=4 Free=6" &&
	scancel $h
'

test_done
