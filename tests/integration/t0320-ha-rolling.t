#!/bin/bash
test_description='rolling restart of three controllers under sbatch clients on every address: every printed id exists once, every failed call said why, running jobs finish'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

# first_ctl K: the cluster's slurm.conf with controller K listed first,
# so that a client tries K and, when K does not answer, the others.
first_ctl() {
	f=$FLURM_SCRATCH/first$1.conf
	grep -v "^SlurmctldHost=" "$SLURM_CONF" >"$f" &&
	for k in $1 $(( $1 % 3 + 1 )) $(( ($1 + 1) % 3 + 1 )); do
		eval "echo \"SlurmctldHost=ctl$k(\$FLURM_CTL_ADDR_$k)\"" >>"$f"
	done &&
	echo "$f"
}

# clients SECONDS: two sbatch clients per controller address, each
# submitting one job after another until the file "stop" exists (at
# most SECONDS); client.K.N holds "rc STATUS OUTPUT" for every call.
clients() {
	for k in 1 2 3; do first_ctl $k >/dev/null || return 1; done
	for k in 1 2 3 1 2 3; do
		(
			conf=$FLURM_SCRATCH/first$k.conf
			end=$(( $(date +%s) + $1 ))
			while [ ! -e stop ] && [ "$(date +%s)" -lt $end ]; do
				out=$(SLURM_CONF=$conf sbatch -o /dev/null --wrap true 2>&1)
				echo "rc $? $out" | tr "\n" " "
				echo
				sleep 0.1
			done >client.$k.$BASHPID
		) &
		echo $! >>client.pids
	done
}

test_expect_success 'three controllers and two nodes' '
	ha_start &&
	flurm_wait_nodes idle 30 &&
	for k in 1 2 3; do flurm_wait_for "back_in $k" 20 || return 1; done
'

test_expect_success 'restart each controller in turn while clients submit through all three' '
	long=$(submit -o /dev/null --wrap "sleep 12") &&
	wait_job $long RUNNING 20 &&
	echo $long >long &&
	rm -f stop client.pids &&
	clients 90 &&
	sleep 2 &&
	first=$(leader) && echo "leader at the start: $first" &&
	for k in 1 2 3; do
		echo "restarting ctl$k (leader: $(leader))" &&
		flurm_ctl_stop $k &&
		flurm_ctl_start $k &&
		flurm_wait_for "back_in $k" 30 || { touch stop; return 1; }
		echo "ctl$k is back" &&
		sleep 1
	done &&
	sleep 2 &&
	touch stop &&
	for p in $(cat client.pids); do wait $p; done &&
	grep -h "leadership handed over; stopping" "$FLURM_SCRATCH"/ctl*/flurmctld.log &&
	cat client.*.* >all &&
	echo "$(grep -c "^rc 0 " all) of $(wc -l <all) calls succeeded"
'

test_expect_success 'every printed id is a distinct job; every failed call printed an error; no job came from a failed call' '
	test "$(grep -c "^rc 0 " all)" -ge 30 &&
	sed -n "s/^rc 0 Submitted batch job \([0-9]*\) *$/\1/p" all | sort -n >printed &&
	test "$(wc -l <printed)" = "$(grep -c "^rc 0 " all)" &&
	test "$(sort -u printed | wc -l)" = "$(wc -l <printed)" &&
	{ grep -v "^rc 0 " all >failed || :; } &&
	echo "failed calls:" && cat failed &&
	{ ! grep -x "rc [0-9]* *" failed || { echo "a failed call said nothing"; false; }; } &&
	squeue -h -t all -o "%i" | sort -n >known &&
	# the jobs of this test: the long one and what the clients printed
	awk -v l=$(cat long) "\$1 > l" known >mine &&
	test_cmp printed mine
'

test_expect_success 'the job that ran through the restarts and every printed job complete' '
	wait_job $(cat long) COMPLETED 60 &&
	for id in $(cat printed); do
		wait_job $id COMPLETED 60 || { squeue -h -t all -j $id; return 1; }
	done
'

# in_watch FILE KEY WORD: an event about KEY in FILE mentions WORD.
in_watch() {
	grep "\"key\": \"$2\"" "$1" | grep -q "$3"
}

test_expect_success 'flurmsh watch on a follower sees the committed changes, and its own leadership' '
	L=$(leader) && F=$(( L % 3 + 1 )) || return 1
	flurmsh -S "$(eval echo \$FLURM_ADMIN_SOCKET_$F)" -c "watch events --json" \
		>w.json 2>w.err &
	wp=$!
	flurm_wait_for "grep -q synced w.json" 20 &&
	id=$(SLURM_CONF=$(first_ctl $L) submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30 &&
	flurm_wait_for "in_watch w.json $id COMPLETED" 20 &&
	in_watch w.json $id PENDING &&
	fsh $L cluster transfer $F >out &&
	flurm_wait_for "in_watch w.json leader \"\\\"leader\\\": true\"" 20 &&
	kill -INT $wp && wait $wp
'

test_done
