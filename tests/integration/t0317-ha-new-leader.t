#!/bin/bash
test_description='a controller just elected commits a barrier before it serves; what reaches it in that window waits and is then served, not refused'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

AP=$(flurm_free_port 127.0.0.1 127.0.0.2 127.0.0.3) || exit 1
FLURM_CTLD_CONF_EXTRA="admin_port = $AP"
# every new leader waits this long between its barrier and serving: the
# window in which these tests reach it
FLURM_TEST_SERVE_DELAY_MS=1500
export FLURM_CTLD_CONF_EXTRA FLURM_TEST_SERVE_DELAY_MS

test_expect_success 'three controllers elect a leader that serves after the delay' '
	ha_start &&
	flurm_wait_nodes idle 30 &&
	grep "serving in 1500 ms" "$(flurm_ctld_log $(leader))"
'

test_expect_success 'a drain sent to the new leader before it serves waits, then is made' '
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	fsh $L cluster transfer $T >out &&
	grep "leadership handed over" out &&
	health $T >h && grep "\"leader\":false" h &&
	fsh $T drain node1 drained by the new leader >out 2>err &&
	grep "waits until this new leader serves" "$(flurm_ctld_log $T)" &&
	test "$(leader)" = $T &&
	flurm_wait_for "test \"\$(sinfo -h -n node1 -o %T)\" = drained" 10 &&
	fsh $T resume node1 &&
	flurm_wait_for "test \"\$(sinfo -h -n node1 -o %T)\" = idle" 10
'

test_expect_success 'sbatch sent to the new leader before it serves gets its job id' '
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	fsh $L cluster transfer $T >out &&
	health $T >h && grep "\"leader\":false" h &&
	id=$(SLURM_CONF=$(only_ctl $T) submit -o /dev/null --wrap true) &&
	test -n "$id" &&
	wait_job $id COMPLETED 30
'

test_expect_success 'cluster leave on the leader: the new leader removes it even before it serves' '
	L=$(leader) &&
	fsh $L cluster leave >out 2>err &&
	grep "left the cluster" out &&
	flurm_wait_for "leader >now && test -s now && test \$(cat now) != $L" 10 &&
	N=$(cat now) &&
	fsh $N --json cluster status >ms.json &&
	test "$(json ms.json "scalar @{\$j->{cluster}}")" = 3 &&
	flurm_ctl_stop $L &&
	id=$(submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30
'

test_done
