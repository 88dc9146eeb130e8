#!/bin/bash
test_description='three controllers: any of them answers the Slurm clients; the leader fails over under a flood of sbatch without losing or doubling a job'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

test_expect_success 'three controllers elect exactly one leader; /health says which' '
	ha_start &&
	L=$(leader) &&
	for k in 1 2 3; do
		health $k >h$k || return 1
		if test $k = $L; then grep "\"leader\":true" h$k || return 1
		else grep "\"leader\":false" h$k || return 1; fi
	done &&
	flurm_wait_nodes idle 30
'

test_expect_success 'sbatch, squeue and scontrol work through every controller' '
	for k in 1 2 3; do
		conf=$(only_ctl $k) &&
		id=$(SLURM_CONF=$conf submit -o /dev/null --wrap "sleep 1") &&
		test -n "$id" &&
		echo $id >>ids &&
		# a read right after the write, through another controller,
		# sees the job
		o=$(( k % 3 + 1 )) &&
		SLURM_CONF=$(only_ctl $o) squeue -h -j $id -o %i >seen &&
		test "$(cat seen)" = $id &&
		SLURM_CONF=$(only_ctl $o) scontrol show job $id >job &&
		grep "JobId=$id " job || return 1
	done &&
	test "$(sort -u ids | wc -l)" = 3 &&
	for id in $(cat ids); do
		wait_job $id COMPLETED 30 || return 1
	done
'

test_expect_success 'a follower answers with the leader'"'"'s model, not its own refusal' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	SLURM_CONF=$(only_ctl $F) sinfo -h -o "%P %a" >parts &&
	grep "^debug\* up" parts &&
	SLURM_CONF=$(only_ctl $F) scontrol show partition debug >p &&
	grep "PartitionName=debug" p &&
	grep "forwarded" "$(flurm_ctld_log $L)"
'

test_expect_success 'a request sent to a follower runs as the user whose credential it carries' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	id=$(SLURM_CONF=$(only_ctl $F) as_nobody sbatch -o /dev/null \
		--wrap "sleep 1" | sed -n "s/^Submitted batch job //p") &&
	test -n "$id" &&
	squeue -h -j $id -t all -o %u >user &&
	test "$(cat user)" = nobody &&
	SLURM_CONF=$(only_ctl $F) test_must_fail as_nobody scontrol update \
		NodeName=node1 State=DRAIN Reason=x 2>err &&
	grep -x "slurm_update error: Invalid user id" err
'

# flood N SECONDS: N clients each submitting with the real sbatch, one job
# after another, for SECONDS; each writes what every call printed and how
# it ended (client.K: "rc STATUS START END OUTPUT" lines).
flood() {
	pids=
	for c in $(seq 1 $1); do
		(
			end=$(( $(date +%s) + $2 ))
			while [ "$(date +%s)" -lt $end ]; do
				t0=$(date +%s.%N)
				out=$(sbatch -o /dev/null --wrap "sleep 0.5" 2>&1)
				rc=$?
				echo "rc $rc $t0 $(date +%s.%N) $out"
				sleep 0.2
			done >client.$c
		) &
		pids="$pids $!"
	done
	wait $pids
}

test_expect_success 'cluster status shows the leader, the term and every member from any controller' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	fsh $L cluster status >st &&
	grep -x "cluster:        flurmtest" st &&
	grep -x "this controller: $L" st &&
	grep -x "leader:         $L" st &&
	grep -x "serving:        yes" st &&
	test "$(grep -c " follower " st)" = 2 &&
	grep "^$L .* leader " st &&
	fsh $F cluster status >fst &&
	grep -x "this controller: $F" fst &&
	grep -x "role:           follower" fst &&
	grep -x "serving:        no" fst &&
	grep -x "leader:         $L" fst &&
	fsh $L --json cluster status >cs.json &&
	test "$(json cs.json "scalar @{\$j->{cluster}}")" = 4 &&
	c=$(json cs.json "\$j->{cluster}[0]{commit_index}") &&
	a=$(json cs.json "\$j->{cluster}[0]{applied_index}") &&
	test "$a" -le "$c" && test "$c" -ge 2
'

test_expect_success 'flurmtop shows every controller; t on its controllers screen hands leadership over' '
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	FLURM_ADMIN_SOCKET=$(eval echo \$FLURM_ADMIN_SOCKET_$L) flurmtop -b -s controllers >top &&
	grep "^this controller $L (leader, serving), leader $L, term " top &&
	test "$(grep -c "^[123]  *[0-9.]*:[0-9]*  *follower  *yes " top)" = 2 &&
	grep "^$L  *[0-9.]*:[0-9]*  *leader  *yes " top &&
	if command -v tmux >/dev/null; then
		test_when_finished "tmux -L ha-top-$$ kill-server 2>/dev/null; true" &&
		tmux -L "ha-top-$$" -f /dev/null new-session -d -s top -x 120 -y 40 \
			"env TERM=xterm FLURM_ADMIN_SOCKET=$(eval echo \$FLURM_ADMIN_SOCKET_$L) $FLURM_BIN/flurmtop -d 0.2 -s controllers; sleep 30" &&
		flurm_wait_for "tmux -L ha-top-$$ capture-pane -p -t top | grep -q \"^$L  *[0-9.]*:[0-9]*  *leader\"" 10 &&
		tmux -L "ha-top-$$" send-keys -t top t &&
		flurm_wait_for "tmux -L ha-top-$$ capture-pane -p -t top | grep -q \"Transfer leadership to\"" 10 &&
		tmux -L "ha-top-$$" send-keys -t top $T Enter &&
		flurm_wait_for "tmux -L ha-top-$$ capture-pane -p -t top | grep -q \"leadership handed over\"" 15 &&
		flurm_wait_for "test \"\$(leader)\" = $T" 10 &&
		id=$(submit -o /dev/null --wrap true) &&
		wait_job $id COMPLETED 30
	fi
'

test_expect_success 'cluster transfer ID hands leadership to that controller; others and bad ids are refused' '
	L=$(leader) && T=$(( L % 3 + 1 )) && F=$(( T % 3 + 1 )) &&
	test_expect_code 1 fsh $F cluster transfer $T 2>err &&
	grep -i "leader" err &&
	test_expect_code 1 fsh $L cluster transfer 9 2>err &&
	grep "not a voter" err &&
	test_expect_code 1 as_nobody flurmsh -S $(eval echo \$FLURM_ADMIN_SOCKET_$L) \
		cluster transfer $T 2>err &&
	grep -i "permission denied" err &&
	fsh $L cluster transfer $T >out &&
	grep "leadership handed over" out &&
	flurm_wait_for "test \"\$(leader)\" = $T" 10 &&
	id=$(submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30
'

test_expect_success 'a node'"'"'s ActiveFeatures, Comment and Extra survive a leader change' '
	scontrol update NodeName=node1 Features=a,b ActiveFeatures=a \
		Comment="new disk" Extra=rack=4 &&
	printf "%s\n" "   AvailableFeatures=a,b" "   ActiveFeatures=a" \
		"   Comment=new disk" "   Extra=rack=4" >expect &&
	L=$(leader) && T=$(( L % 3 + 1 )) &&
	fsh $L cluster transfer $T &&
	flurm_wait_for "test \"\$(leader)\" = $T" 10 &&
	SLURM_CONF=$(only_ctl $T) scontrol show node node1 |
		grep -E "Features|Comment|Extra" >out &&
	test_cmp expect out &&
	id=$(submit -o /dev/null -C a --wrap true) &&
	wait_job $id COMPLETED 30 &&
	scontrol update NodeName=node1 Features= ActiveFeatures= Comment= Extra=
'

# slurmctld gives sbatch --test-only a priority: the next job comes after
# it, however many leaders between (a follower hands the test on)
test_expect_success 'the priorities --test-only took are skipped under the next leader' '
	prio() { squeue -h -j $1 -o %Q; } &&
	L=$(leader) && T=$(( L % 3 + 1 )) && F=$(( T % 3 + 1 )) &&
	a=$(submit --begin=now+3600 -o /dev/null --wrap true) &&
	SLURM_CONF=$(only_ctl $L) sbatch --test-only --wrap true 2>/dev/null &&
	SLURM_CONF=$(only_ctl $F) sbatch --test-only --wrap true 2>/dev/null &&
	fsh $L cluster transfer $T &&
	flurm_wait_for "test \"\$(leader)\" = $T" 10 &&
	b=$(submit --begin=now+3600 -o /dev/null --wrap true) &&
	test $(prio $b) = $(($(prio $a) - 3)) &&
	scancel $a $b
'

test_expect_success 'cluster transfer under a flood of sbatch loses and doubles nothing' '
	leader >xl_before &&
	( sleep 2; fsh $(cat xl_before) cluster transfer >xfer.out 2>&1 ) &
	xp=$! &&
	flood 4 5 &&
	wait $xp &&
	grep "leadership handed over" xfer.out &&
	cat client.1 client.2 client.3 client.4 >xall &&
	{ ! grep -v "^rc 0 " xall || { echo "a call failed"; false; }; } &&
	sed -n "s/^rc 0 [0-9.]* [0-9.]* Submitted batch job \([0-9]*\)$/\1/p" xall |
		sort -n >xprinted &&
	test "$(wc -l <xprinted)" = "$(wc -l <xall)" &&
	test "$(sort -u xprinted | wc -l)" = "$(wc -l <xprinted)" &&
	echo "leader was $(cat xl_before)" &&
	{ flurm_wait_for "leader >now && test -s now && test \$(cat now) != \$(cat xl_before)" 10 ||
		{ echo "leader now: $(cat now)"; false; }; } &&
	squeue -h -t all -o "%i" >xstates &&
	while read -r id; do
		grep -qx "$id" xstates || { echo "job $id lost"; return 1; }
	done <xprinted
'

test_expect_success 'SIGTERM on the leader hands leadership over before it stops' '
	L=$(leader) &&
	flurm_ctl_stop $L &&
	grep "leadership handed over; stopping" "$(flurm_ctld_log $L)" &&
	flurm_wait_for leader 5 &&
	N=$(leader) && test "$N" != "$L" &&
	id=$(submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30 &&
	flurm_ctl_start $L &&
	flurm_wait_for "health $L | grep -q leader.:false" 20
'

# The handover waits to see another controller lead; with none able to,
# the deadline stops the leader, and the wait is ended, not left behind
# (a build with LeakSanitizer reports what is left, and the stop fails).
test_expect_success 'SIGTERM on a leader no other controller answers: it stops anyway, cleanly' '
	L=$(leader) && A=$(( L % 3 + 1 )) && B=$(( A % 3 + 1 )) &&
	pa=$(flurm_daemon_pid ctl$A) && pb=$(flurm_daemon_pid ctl$B) &&
	log=$(flurm_ctld_log $L) &&
	lines=$(wc -l <"$log") &&
	kill -STOP $pa $pb &&
	test_when_finished "kill -CONT $pa $pb" &&
	start=$(date +%s) &&
	flurm_ctl_stop $L &&
	test $(( $(date +%s) - start )) -lt 10 &&
	tail -n +$((lines + 1)) "$log" >stop.log &&
	grep "stopping anyway" stop.log &&
	grep "flurmctld stopped" stop.log &&
	kill -CONT $pa $pb &&
	flurm_wait_for leader 20 &&
	flurm_ctl_start $L &&
	flurm_wait_for "health $L | grep -q leader.:false" 20
'

test_expect_success 'a leader cut off from the others (SIGSTOP) never acknowledges a submission' '
	L=$(leader) && A=$(( L % 3 + 1 )) && B=$(( A % 3 + 1 )) &&
	pa=$(flurm_daemon_pid ctl$A) && pb=$(flurm_daemon_pid ctl$B) &&
	kill -STOP $pa $pb &&
	test_might_fail env SLURM_CONF=$(only_ctl $L) timeout 30 \
		sbatch -o /dev/null --wrap true >cut.out 2>cut.err;
	kill -CONT $pa $pb &&
	cat cut.out cut.err &&
	! grep "Submitted batch job" cut.out &&
	test -s cut.err &&
	flurm_wait_for leader 20 &&
	id=$(submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30
'

test_expect_success 'node daemons follow the leader after it is killed' '
	L=$(leader) &&
	flurm_ctl_kill9 $L &&
	flurm_wait_for "leader" 10 &&
	N=$(leader) && test "$N" != "$L" &&
	grep "serving .* ms after the election" "$(flurm_ctld_log $N)" &&
	flurm_wait_nodes idle 20 &&
	flurm_ctl_start $L &&
	flurm_wait_for "health $L | grep -q leader.:false" 20
'

test_expect_success 'kill -9 of the leader under 8 sbatch clients: every printed id exists once, in the right state' '
	leader >old_leader &&
	echo "killing ctl$(cat old_leader)" &&
	( sleep 3; date +%s.%N >killed_at; flurm_ctl_kill9 $(cat old_leader) ) &
	killer=$! &&
	flood 8 9 &&
	wait $killer &&
	cat client.* >all &&
	grep -c "^rc 0 " all >ok_count &&
	test "$(cat ok_count)" -gt 20 &&
	sed -n "s/^rc 0 [0-9.]* [0-9.]* Submitted batch job \([0-9]*\)$/\1/p" all |
		sort -n >printed &&
	test "$(wc -l <printed)" = "$(cat ok_count)" &&
	# no id was handed out twice
	test "$(sort -u printed | wc -l)" = "$(wc -l <printed)" &&
	# every call that did not print an id said why
	grep -v "^rc 0 " all >failed || : &&
	while read -r rc t0 t1 msg; do
		test -n "$msg" || return 1
	done <failed &&
	# the new leader served within a couple of seconds of the kill:
	# the first submission begun after it was acknowledged
	k=$(cat killed_at) &&
	first=$(awk -v k=$k "\$1 == \"rc\" && \$2 == 0 && \$3 > k { print \$4 }" all |
		sort -n | head -1) &&
	test -n "$first" &&
	gap=$(echo "$first - $k" | bc) &&
	echo "first acknowledged submission $gap s after the kill" &&
	test "$(echo "$gap < 5" | bc)" = 1 &&
	flurm_ctl_start $(cat old_leader) &&
	# every printed id exists and runs to completion
	squeue -h -t all -o "%i %T" >states &&
	while read -r id; do
		grep -q "^$id " states || { echo "job $id lost"; return 1; }
	done <printed &&
	for id in $(cat printed); do
		wait_job $id COMPLETED 90 || { squeue -h -t all -j $id; return 1; }
	done
'

test_expect_success 'jobs running when the leader died finish and are recorded' '
	L=$(leader) &&
	id=$(submit -o /dev/null --wrap "sleep 3") &&
	wait_job $id RUNNING 20 &&
	flurm_ctl_kill9 $L &&
	flurm_wait_for leader 10 &&
	wait_job $id COMPLETED 30 &&
	test "$(squeue -h -j $id -t all -o %T)" = COMPLETED
'

test_done
