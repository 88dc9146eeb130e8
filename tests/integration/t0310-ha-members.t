#!/bin/bash
test_description='controllers join and leave a running cluster one at a time; a follower'"'"'s admin socket forwards changes to the leader'
. "$(dirname "$0")/test-lib.sh"
. "$FLURM_SRCDIR/tests/integration/ha-lib.sh"

# Every controller serves the admin protocol on this port too (its own
# address), which is how followers reach the leader.
AP=$(flurm_free_port 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4) || exit 1
FLURM_CTLD_CONF_EXTRA="admin_port = $AP"
export FLURM_CTLD_CONF_EXTRA

# members K: the member ids controller K lists in cluster status.
members() {
	fsh $1 --json cluster status >ms.json &&
	json ms.json 'join(" ", sort map { $_->{member} } @{$j->{cluster}}[1 .. $#{$j->{cluster}}])'
}

test_expect_success 'three controllers with admin_port elect a leader' '
	ha_start &&
	flurm_wait_nodes idle 30
'

test_expect_success 'drain through a follower'"'"'s admin socket: forwarded to the leader, sinfo shows it' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	fsh $F drain node1 maintenance by follower >out &&
	flurm_wait_for "test \"\$(sinfo -h -n node1 -o %T)\" = drained" 10 &&
	sinfo -h -R -o "%E %N" >reasons &&
	grep "maintenance by follower" reasons &&
	grep "forwarded node_update" "$(flurm_ctld_log $L)" &&
	fsh $F resume node1 &&
	flurm_wait_for "test \"\$(sinfo -h -n node1 -o %T)\" = idle" 10
'

test_expect_success 'a non-operator through a follower is refused; the node stays as it was' '
	L=$(leader) && F=$(( L % 3 + 1 )) &&
	test_expect_code 1 as_nobody flurmsh -S $(eval echo \$FLURM_ADMIN_SOCKET_$F) \
		drain node2 not allowed 2>err &&
	grep -i "permission denied" err &&
	test "$(sinfo -h -n node2 -o %T)" = idle
'

# forged SOCKET: as the caller, send the leader a forwarded request
# (ADMIN_FORWARDED = 105) that claims to come from root, an operator,
# asking to drain node2 (ADMIN_NODE_UPDATE = 8); print the raw reply.
forged() {
	perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!";
		my @a = ("0", "1", "8", "drain", "node2", "forged");
		my $body = pack("NnN", 1, 105, scalar @a) .
			join("", map { pack("N", length($_) + 1) . $_ . "\0" } @a);
		my $f = pack("nn", 1, 200) . $body;
		print $s pack("N", length $f) . $f;
		my $r = ""; my $n;
		while (($n = sysread($s, my $buf, 4096)) > 0) {
			$r .= $buf;
			last if length($r) >= 4 && length($r) >= 4 + unpack("N", $r);
		}
		$r =~ s/[^ -~]/./g; print "$r\n";
	' "$1"
}

test_expect_success 'the leader takes forwarded requests only from another controller' '
	L=$(leader) &&
	as_nobody bash -c "$(declare -f forged); forged $(eval echo \$FLURM_ADMIN_SOCKET_$L)" >forged.out &&
	grep "only another controller may forward" forged.out &&
	grep "forwarded request refused: only controllers forward" "$(flurm_ctld_log $L)" &&
	test "$(sinfo -h -n node2 -o %T)" = idle
'

test_expect_success 'cluster remove ID on the leader takes a controller out; jobs still run' '
	L=$(leader) && R=$(( L % 3 + 1 )) && K=$(( R % 3 + 1 )) &&
	echo $R >removed &&
	id1=$(submit -o /dev/null --wrap true) && echo $id1 >ids &&
	test_expect_code 1 fsh $L cluster remove $L 2>err &&
	grep "leave" err &&
	test_expect_code 1 fsh $L cluster remove 9 2>err &&
	grep "not a member" err &&
	test_expect_code 1 as_nobody flurmsh -S $(eval echo \$FLURM_ADMIN_SOCKET_$L) \
		cluster remove $R 2>err &&
	grep -i "permission denied" err &&
	fsh $L cluster remove $R >out &&
	grep "controller removed" out &&
	test "$(members $L)" = "$(echo $L $K | tr " " "\n" | sort | tr "\n" " " | sed "s/ $//")" &&
	flurm_ctl_stop $R &&
	id2=$(submit -o /dev/null --wrap true) && echo $id2 >>ids &&
	wait_job $id1 COMPLETED 30 && wait_job $id2 COMPLETED 30
'

test_expect_success 'a second change while one runs is refused; a join that never catches up is given up' '
	L=$(leader) &&
	( fsh $L cluster join 7 127.0.0.1:1 >j7.out 2>j7.err; echo $? >j7.rc ) &
	jp=$! &&
	flurm_wait_for "grep -q \"adding controller 7\" \"$(flurm_ctld_log $L)\"" 10 &&
	sleep 1 &&
	test_expect_code 1 fsh $L cluster remove $(cat removed) 2>err &&
	grep "another membership change is in progress" err &&
	wait $jp &&
	test "$(cat j7.rc)" = 1 &&
	grep "did not catch up" j7.err &&
	fsh $L cluster status >st &&
	grep "^7 " st &&
	fsh $L cluster remove 7 &&
	fsh $L cluster status >st &&
	! grep "^7 " st
'

test_expect_success 'a 4th controller started with join = true joins through a follower and holds every job' '
	L=$(leader) && F=$(for k in 1 2 3; do
		test $k = $L || test $k = $(cat removed) || echo $k; done) &&
	FLURM_CTL_ADDR_4=127.0.0.4 &&
	FLURM_NODE_PORT_4=$(flurm_free_port 127.0.0.4) &&
	FLURM_METRICS_PORT_4=$(flurm_free_port 127.0.0.4) &&
	FLURM_RAFT_PORT_4=$(flurm_free_port 127.0.0.4) &&
	FLURM_ADMIN_SOCKET_4=$FLURM_SCRATCH/ctl4/admin.sock &&
	export FLURM_CTL_ADDR_4 FLURM_NODE_PORT_4 FLURM_METRICS_PORT_4 \
		FLURM_RAFT_PORT_4 FLURM_ADMIN_SOCKET_4 &&
	mkdir -p "$FLURM_SCRATCH/ctl4/state" &&
	FLURM_CTLD_CONF_EXTRA="admin_port = $AP
join = true" flurm_write_ctld_conf 4 "$FLURM_SCRATCH/ctl4/flurmctld.conf" &&
	flurm_ctl_start 4 &&
	flurm_wait_for "test -S $FLURM_ADMIN_SOCKET_4" 10 &&
	fsh 4 cluster status >st4 &&
	grep -x "leader:         0" st4 &&
	fsh $F cluster join 4 127.0.0.4:$FLURM_RAFT_PORT_4 >out &&
	grep "controller joined" out &&
	test "$(members $L)" = "$(echo $L $F 4 | tr " " "\n" | sort | tr "\n" " " | sed "s/ $//")" &&
	flurm_wait_for "fsh 4 cluster status | grep -qx \"leader:         $L\"" 10 &&
	for id in $(cat ids); do
		SLURM_CONF=$(only_ctl 4) squeue -h -j $id -t all -o %i >seen &&
		test "$(cat seen)" = $id || return 1
	done &&
	id3=$(SLURM_CONF=$(only_ctl 4) submit -o /dev/null --wrap true) &&
	wait_job $id3 COMPLETED 30
'

test_expect_success 'cluster leave on the leader hands over, then the new leader removes it' '
	L=$(leader) &&
	fsh $L cluster leave >out &&
	grep "left the cluster" out &&
	flurm_wait_for "leader >now && test -s now && test \$(cat now) != $L" 10 &&
	N=$(cat now) &&
	! members $N | grep -qw $L &&
	flurm_ctl_stop $L &&
	id=$(submit -o /dev/null --wrap true) &&
	wait_job $id COMPLETED 30
'

test_done
