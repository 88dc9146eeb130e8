#!/bin/bash
test_description='scontrol reboot and cancel_reboot as slurmctld 22.05: ASAP drains, an idle node runs RebootProgram and is back once its node daemon starts again, a busy one waits for its job, nextstate=down, ResumeTimeout, operators only, kept over a controller restart'
. "$(dirname "$0")/test-lib.sh"

. "$FLURM_SRCDIR/tests/integration/reboot-lib.sh"
reboot_program || error "no scratch"
FLURM_SLURM_CONF_EXTRA="RebootProgram=$TOOLS/reboot.sh
ResumeTimeout=10"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 3 || error "cannot start a cluster"

log=$(flurm_ctld_log 1)
# a reboot: the node daemon starts again, in a later second than the
# reboot was issued (start times are in seconds)

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'only operators may reboot (EACCES) or cancel a reboot (Invalid user id), as slurmctld' '
	test_must_fail as_nobody scontrol reboot node1 2>err &&
	grep -x "scontrol_reboot_nodes error: Permission denied" err &&
	test_must_fail as_nobody scontrol cancel_reboot node1 2>err &&
	grep -x "slurm_update error: Invalid user id" err &&
	test "$(short node1)" = "node1 idle" &&
	! rebooted node1
'

test_expect_success 'a name that is no node is refused and changes nothing' '
	test_must_fail scontrol reboot node1,nosuch 2>err &&
	grep "Invalid node name specified" err &&
	test "$(short node1)" = "node1 idle"
'

test_expect_success 'reboot ASAP: the idle node reboots at once, the busy one drains' '
	id=$(submit -w node2 -o /dev/null --wrap "sleep 300") &&
	wait_job $id RUNNING &&
	scontrol reboot ASAP nextstate=resume reason=kernel node[1-2] &&
	flurm_wait_for "rebooted node1" 15 &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 boot^\"" 10 &&
	show node1 State >st1 &&
	echo DOWN+DRAIN+REBOOT_ISSUED >expect &&
	test_cmp expect st1 &&
	test "$(reason node1)" = "kernel : reboot issued" &&
	test "$(show node1 NextState)" = RESUME &&
	show node2 State >st2 &&
	echo MIXED+DRAIN+REBOOT_REQUESTED >expect &&
	test_cmp expect st2 &&
	test "$(short node2)" = "node2 drng@" &&
	test "$(reason node2)" = kernel &&
	! rebooted node2
'

test_expect_success 'flurmsh node show and the metrics say so too' '
	flurmsh node show node1 >out &&
	grep "^state  *down+drain$" out &&
	grep "^reboot  *issued$" out &&
	grep "^next_state  *resume$" out &&
	grep "^reason  *kernel : reboot issued$" out &&
	flurmsh node show node2 >out &&
	grep "^state  *draining$" out &&
	grep "^reboot  *requested$" out &&
	curl -sf "http://127.0.0.1:$FLURM_METRICS_PORT/metrics" >m &&
	grep -x "flurm_nodes_reboot_requested 1" m &&
	grep -x "flurm_nodes_reboot_issued 1" m
'

test_expect_success 'no new job starts on the node waiting to reboot' '
	id2=$(submit -w node2 -o /dev/null --wrap "sleep 300") &&
	sleep 3 &&
	test "$(squeue -h -j $id2 -o %T)" = PENDING
'

test_expect_success 'the node daemon started again: the node is back, resumed' '
	restart_nd node1 &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 idle\"" 20 &&
	show node1 State >st1 &&
	echo IDLE >expect &&
	test_cmp expect st1 &&
	test -z "$(reason node1)" &&
	test -z "$(show node1 NextState)" &&
	grep "node node1 registered" "$log" &&
	flurmsh node show node1 >out &&
	! grep "^reboot " out
'

test_expect_success 'cancel_reboot takes back the reboot and its ASAP drain' '
	# ALL: node2 is cancelled; node1 and node3 have none, which is
	# still the answer, as from slurmctld
	test_must_fail scontrol cancel_reboot ALL 2>err &&
	grep "Invalid node state specified" err &&
	test -z "$(reason node2)" &&
	wait_job $id2 RUNNING 20 &&
	show node2 State >st2 &&
	echo ALLOCATED >expect &&
	test_cmp expect st2 &&
	! rebooted node2 &&
	test_must_fail scontrol cancel_reboot node1 2>err &&
	grep "Invalid node state specified" err
'

test_expect_success 'nextstate=down: back DOWN with "reboot complete"' '
	scontrol reboot nextstate=down node3 &&
	flurm_wait_for "rebooted node3" 15 &&
	test "$(show node3 NextState)" = DOWN &&
	test_must_fail scontrol cancel_reboot node3 2>err &&
	grep "Invalid node state specified" err &&
	restart_nd node3 &&
	flurm_wait_for "test \"\$(short node3)\" = \"node3 down\"" 20 &&
	test "$(reason node3)" = "reboot requested : reboot issued : reboot complete"
'

test_expect_success 'a node not back within ResumeTimeout is DOWN' '
	sleep 1 &&
	scontrol reboot node1 &&
	flurm_wait_for "rebooted node1 && test \$(wc -l <$FLURM_SCRATCH/node1/rebooted) = 2" 15 &&
	test "$(short node1)" = "node1 boot^" &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 down\"" 30 &&
	test "$(reason node1)" = "reboot requested : reboot issued : reboot timed out" &&
	scontrol update NodeName=node1,node3 State=RESUME &&
	flurm_wait_for "test \"\$(short node1)\" = \"node1 idle\"" 20
'

test_expect_success 'a node daemon without RebootProgram says so; the node times out DOWN' '
	flurm_nd_stop node3 &&
	grep -v "^RebootProgram=" "$SLURM_CONF" >"$FLURM_SCRATCH/noreboot.conf" &&
	sed -i "s|^slurm_conf = .*|slurm_conf = \"$FLURM_SCRATCH/noreboot.conf\"|" \
		"$FLURM_SCRATCH/node3/flurmnd.conf" &&
	flurm_nd_start node3 &&
	flurm_wait_for "test \"\$(short node3)\" = \"node3 idle\"" 20 &&
	sleep 1 &&
	scontrol reboot node3 &&
	flurm_wait_for "grep -q \"RebootProgram isn.t defined in config\" \"$(flurm_nd_log node3)\"" 15 &&
	# the one line of the nextstate=down reboot above: nothing ran
	test "$(wc -l <"$FLURM_SCRATCH/node3/rebooted")" = 1 &&
	test "$(short node3)" = "node3 boot^" &&
	flurm_wait_for "test \"\$(short node3)\" = \"node3 down\"" 30 &&
	test "$(reason node3)" = "reboot requested : reboot issued : reboot timed out"
'

test_expect_success 'a requested reboot survives a controller restart, then happens' '
	scontrol reboot reason=later node2 &&
	test "$(short node2)" = "node2 alloc@" &&
	flurm_ctl_stop 1 && flurm_ctl_start 1 &&
	flurm_wait_ready &&
	flurm_wait_for "test \"\$(short node2)\" = \"node2 alloc@\"" 20 &&
	test "$(reason node2)" = later &&
	scancel $id $id2 &&
	flurm_wait_for "rebooted node2" 30 &&
	restart_nd node2 &&
	flurm_wait_for "test \"\$(short node2)\" = \"node2 idle\"" 20
'

fsh_state() { flurmsh nodes "$1" | awk -v n="$1" '$1 == n { print $2 }'; }

test_expect_success 'flurmsh node reboot: operators only, known nodes only' '
	test_expect_code 1 as_nobody flurmsh node reboot node1 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 as_nobody flurmsh node cancel-reboot node1 2>err &&
	grep "permission denied" err &&
	test_expect_code 1 flurmsh node reboot node1,nosuch 2>err &&
	grep "node .nosuch. does not exist" err &&
	test_expect_code 2 flurmsh node reboot --next-state=idle node1 2>err &&
	grep "next-state is resume or down" err &&
	test "$(short node1)" = "node1 idle" &&
	test "$(fsh_state node1)" = idle
'

test_expect_success 'flurmsh node reboot --asap on a busy node: draining@, as sinfo drng@; cancel-reboot takes it back' '
	id3=$(submit -w node1 -o /dev/null --wrap "sleep 300") &&
	wait_job $id3 RUNNING &&
	flurmsh node reboot --asap --next-state=resume --reason=firmware node1 >out &&
	grep -x "node1: reboot asap, then resume, reason: firmware" out &&
	test "$(short node1)" = "node1 drng@" &&
	test "$(fsh_state node1)" = "draining@" &&
	test "$(show node1 NextState)" = RESUME &&
	test "$(reason node1)" = firmware &&
	grep "uid 0 asks node(s) node1 to reboot ASAP, then resume, reason: firmware" "$log" &&
	flurmsh --json nodes node1 >n.json &&
	grep "\"state\": \"draining\"" n.json &&
	grep "\"reboot\": \"requested\"" n.json &&
	flurmsh --json node cancel-reboot node1 >c.json &&
	grep -x "{\"ok\": true, \"action\": \"cancel_reboot\", \"nodes\": \"node1\"}" c.json &&
	show node1 State >st1 &&
	echo MIXED >expect &&
	test_cmp expect st1 &&
	test -z "$(reason node1)" &&
	test "$(fsh_state node1)" = mixed &&
	test_expect_code 1 flurmsh node cancel-reboot node1 2>err &&
	grep "node .node1. has no reboot to cancel" err &&
	scancel $id3
'

test_expect_success 'flurmsh node reboot of an idle node (its node daemon fresh): boot^ until its node daemon is back' '
	: >"$FLURM_SCRATCH/node2/rebooted" &&
	{ flurmsh -c "watch nodes" >w.out 2>w.err & wpid=$!; } &&
	flurm_wait_for "grep -q synced w.out" 20 &&
	flurmsh --json node reboot --reason=patch node2 >r.json &&
	grep -x "{\"ok\": true, \"action\": \"reboot\", \"nodes\": \"node2\", \"asap\": false, \"next_state\": null, \"reason\": \"patch\"}" r.json &&
	flurm_wait_for "rebooted node2" 15 &&
	flurm_wait_for "test \"\$(fsh_state node2)\" = \"boot^\"" 10 &&
	test "$(short node2)" = "node2 boot^" &&
	flurm_wait_for "grep -q \" node2 boot^ cpus=\" w.out" 10 &&
	kill -INT $wpid && wait $wpid &&
	restart_nd node2 &&
	flurm_wait_for "test \"\$(fsh_state node2)\" = idle" 20
'

test_expect_success 'without RebootProgram flurmsh refuses as scontrol does' '
	grep -v "^RebootProgram=" "$SLURM_CONF" >"$FLURM_SCRATCH/ctl-noreboot.conf" &&
	cp "$FLURM_SCRATCH/ctl-noreboot.conf" "$SLURM_CONF" &&
	flurmsh reload &&
	test_expect_code 1 flurmsh node reboot ALL 2>err &&
	grep "RebootProgram isn.t defined" err &&
	test "$(fsh_state node2)" = idle
'

test_done
