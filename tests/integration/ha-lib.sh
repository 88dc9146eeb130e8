# ha-lib.sh - helpers for the tests that run several controllers: who
# leads, the admin shell of one controller, client configurations that
# name chosen controllers. Sourced after test-lib.sh, which starts and
# stops the daemons.

# ha_start: two nodes and three controllers, ready and with a leader.
ha_start() {
	test_under_flurm 2 3 &&
	flurm_wait_ready &&
	flurm_wait_for leader 20
}

# health K: controller K's GET /health on its metrics port.
health() {
	eval "curl -s -m 2 http://\$FLURM_CTL_ADDR_$1:\$FLURM_METRICS_PORT_$1/health"
}

# leader: the number of the one running controller (of up to four) that
# says it leads.
leader() {
	n=0 l=
	for k in 1 2 3 4; do
		flurm_daemon_alive ctl$k || continue
		if health $k 2>/dev/null | grep -q '"leader":true'; then
			n=$((n + 1)) l=$k
		fi
	done
	test "$n" = 1 && echo "$l"
}

# fsh K ARGS...: flurmsh on controller K's admin socket.
fsh() {
	k=$1; shift
	eval "flurmsh -S \$FLURM_ADMIN_SOCKET_$k" '"$@"'
}

# only_ctl K: a slurm.conf naming controller K alone, so that the clients
# talk to that controller and no other.
only_ctl() {
	f=$FLURM_SCRATCH/only$1.conf
	grep -v "^SlurmctldHost=" "$SLURM_CONF" >"$f" &&
	eval "echo \"SlurmctldHost=ctl$1(\$FLURM_CTL_ADDR_$1)\"" >>"$f" &&
	echo "$f"
}

# back_in K: the leader hears controller K again and K knows the leader.
back_in() {
	l=$(leader) && test -n "$l" &&
	fsh $l cluster status 2>/dev/null | grep -q "^$1  *[0-9.]*:[0-9]*  *\(leader\|follower\) " &&
	fsh $1 cluster status 2>/dev/null | grep -q "^leader:  *$l$"
}
