#!/bin/bash
test_description='flurmsh: every command through -c and --json against a live controller, effects seen by the real Slurm clients, bad input, rights, and a hostile admin socket client'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 2 || error "cannot start a cluster"

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

node_state() { sinfo -h -n "$1" -o %t | head -n1; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'ping and status through FLURM_ADMIN_SOCKET' '
	flurmsh -c "ping" >out &&
	grep "^flurmctld at $FLURM_ADMIN_SOCKET is up (leader, term [0-9]*)" out &&
	flurmsh status >out &&
	grep -x "cluster:    flurmtest" out &&
	grep "^leader:     yes (raft id 1, term [1-9][0-9]*)" out &&
	grep -x "nodes:      idle 2" out &&
	grep -x "jobs:       none" out
'

test_expect_success 'status and ping --json' '
	flurmsh --json status >st.json &&
	test "$(json st.json "\$j->{leader} ? 1 : 0")" = 1 &&
	test "$(json st.json "\$j->{cluster}")" = flurmtest &&
	test "$(json st.json "\$j->{nodes}{idle}")" = 2 &&
	test "$(json st.json "\$j->{jobs}{pending}")" = 0 &&
	test "$(json st.json "\$j->{uptime} >= 0 ? 1 : 0")" = 1 &&
	flurmsh ping --json >p.json &&
	test "$(json p.json "\$j->{ok} ? 1 : 0")" = 1
'

test_expect_success '-S and the environment choose the socket; a missing one is status 3' '
	FLURM_ADMIN_SOCKET=/nonexistent/admin.sock flurmsh -S "$FLURM_ADMIN_SOCKET" ping &&
	test_expect_code 3 env FLURM_ADMIN_SOCKET=/nonexistent/admin.sock flurmsh ping 2>err &&
	grep "cannot reach flurmctld at /nonexistent/admin.sock: No such file or directory" err &&
	test_expect_code 3 flurmsh -S /nonexistent/x.sock --json status >out 2>err &&
	test "$(json out "\$j->{status}")" = 3
'

test_expect_success 'nodes, nodes HOSTLIST, node show, --json' '
	flurmsh nodes >out &&
	head -n1 out | grep "^NODE  *STATE  *CPUS" &&
	grep "^node1  *idle  *2 " out && grep "^node2  *idle  *2 " out &&
	flurmsh nodes node2 >out &&
	test_line_count = 2 out && grep "^node2 " out &&
	flurmsh nodes "node[1-2]" --json >n.json &&
	test "$(json n.json "scalar @{\$j->{nodes}}")" = 2 &&
	test "$(json n.json "\$j->{nodes}[1]{cpus}")" = 2 &&
	test "$(json n.json "\$j->{nodes}[0]{partitions}")" = "debug,batch" &&
	flurmsh node show node1 >out &&
	grep "^name  *node1$" out && grep "^state  *idle$" out &&
	grep "^memory_mb  *1000$" out &&
	flurmsh --json node show node1 >n.json &&
	test "$(json n.json "\$j->{nodes}[0]{name}")" = node1
'

test_expect_success 'drain shows in sinfo and scontrol, resume brings the node back idle' '
	flurmsh drain node2 disk replaced >out &&
	grep -x "node2: drain, reason: disk replaced" out &&
	flurm_wait_for "test \"\$(node_state node2)\" = drain" 10 &&
	scontrol show node node2 | grep "Reason=disk replaced" &&
	flurmsh nodes node2 --json >n.json &&
	test "$(json n.json "\$j->{nodes}[0]{state}")" = drained &&
	test "$(json n.json "\$j->{nodes}[0]{reason}")" = "disk replaced" &&
	flurmsh --json resume node2 >r.json &&
	test "$(json r.json "\$j->{action}")" = resume &&
	flurm_wait_for "test \"\$(node_state node2)\" = idle" 10
'

test_expect_success 'scontrol update NodeName= takes the same path, with the Slurm texts' '
	scontrol update NodeName=node1 State=DRAIN Reason=viaslurm &&
	flurmsh node show node1 >out &&
	grep "^reason  *viaslurm$" out && grep "^reason_user  *root$" out &&
	flurmsh resume node1 &&
	flurm_wait_for "test \"\$(node_state node1)\" = idle" 10 &&
	test_must_fail scontrol update NodeName=nodeX State=DRAIN Reason=x 2>err &&
	grep -x "slurm_update error: Invalid node name specified" err &&
	test_must_fail scontrol update NodeName="node[1-" State=DRAIN Reason=x 2>err &&
	grep -x "slurm_update error: Unspecified error" err &&
	test "$(node_state node1)" = idle
'

test_expect_success 'a drained node gets no new jobs; resume lets them run' '
	flurmsh -c "drain node[1-2] maintenance" &&
	id=$(submit -o /dev/null --wrap true) &&
	sleep 2 &&
	test "$(squeue -h -j $id -o %T)" = PENDING &&
	flurmsh resume "node[1-2]" &&
	wait_job $id COMPLETED 20
'

test_expect_success 'down ends the --no-requeue jobs of the node as NODE_FAIL; resume' '
	id=$(submit --no-requeue -w node1 -o /dev/null --wrap "sleep 60") &&
	wait_job $id RUNNING 20 &&
	flurmsh down node1 pulled the cable &&
	wait_job $id NODE_FAIL 10 &&
	test "$(node_state node1)" = down &&
	flurmsh resume node1 &&
	flurm_wait_for "test \"\$(node_state node1)\" = idle" 10
'

test_expect_success 'resume of a node neither down nor drained is refused, as slurmctld refuses it; named with a drained one, that one is resumed' '
	test_expect_code 1 flurmsh resume node1 2>err &&
	grep -x "flurmsh: resume: node .node1. is neither down nor drained: there is nothing to resume" err &&
	test_must_fail scontrol update NodeName=node1 State=RESUME 2>err &&
	grep -x "slurm_update error: Invalid node state specified" err &&
	# still completing a job (its script takes 3 s to end after
	# SIGTERM): refused the same way
	id=$(submit -w node1 -o /dev/null \
		--wrap "trap \"sleep 3; exit 0\" TERM; touch cg.run; sleep 300 & wait") &&
	flurm_wait_for "test -e cg.run" 20 &&
	scancel $id &&
	wait_job $id COMPLETING 10 &&
	test_must_fail scontrol update NodeName=node1 State=RESUME 2>err &&
	grep -x "slurm_update error: Invalid node state specified" err &&
	test_expect_code 1 flurmsh resume node1 2>err &&
	grep "node .node1. is neither down nor drained" err &&
	wait_job $id CANCELLED 20 &&
	flurmsh drain node2 for the list &&
	flurm_wait_for "test \"\$(node_state node2)\" = drain" 10 &&
	test_must_fail scontrol update NodeName=node[1-2] State=RESUME 2>err &&
	grep -x "slurm_update error: Invalid node state specified" err &&
	flurm_wait_for "test \"\$(node_state node2)\" = idle" 10 &&
	test "$(node_state node1)" = idle &&
	# State=IDLE is taken for an idle node, as by slurmctld
	scontrol update NodeName=node1 State=IDLE
'

test_expect_success 'jobs with filters, job show, --json' '
	held=$(submit -p batch --hold -J heldjob -o /dev/null --wrap true) &&
	flurmsh jobs >out &&
	head -n1 out | grep "^JOBID  *PARTITION  *NAME  *USER  *STATE" &&
	grep "^$held  *batch  *heldjob  *root  *PENDING" out &&
	flurmsh jobs -p batch -t pending >out &&
	test_line_count = 2 out &&
	flurmsh jobs -u nosuchuser >out &&
	test_line_count = 1 out &&
	flurmsh jobs -t node_fail --json >j.json &&
	test "$(json j.json "scalar @{\$j->{jobs}}")" = 1 &&
	test "$(json j.json "\$j->{jobs}[0]{state}")" = NODE_FAIL &&
	flurmsh job show $held >out &&
	grep "^state  *PENDING$" out && grep "^partition  *batch$" out &&
	grep "^reason  *JobHeldUser$" out &&
	flurmsh job show $held --json >j.json &&
	test "$(json j.json "\$j->{jobs}[0]{id}")" = $held &&
	test "$(json j.json "\$j->{jobs}[0]{priority}")" = 0 &&
	scancel $held
'

test_expect_success 'jobs and job show: what is left of a dependency; -t deadline and suspended' '
	first=$(submit -o /dev/null --wrap "sleep 60") &&
	wait_job $first RUNNING &&
	w=$(submit -J waiter -d afterok:$first -o /dev/null --wrap true) &&
	flurmsh jobs >out &&
	head -n1 out | grep "  DEPENDENCY$" &&
	grep "^$w  .*  waiter  .*  PENDING  *Dependency  .*  afterok:$first(unfulfilled)$" out &&
	flurmsh job show $w >out &&
	grep -x "dependency  *afterok:$first(unfulfilled)" out &&
	flurmsh job show $first >out &&
	grep -x "dependency  *-" out &&
	late=$(submit -t 120 --deadline=now+1hour -o /dev/null --wrap true) &&
	wait_job $late DEADLINE &&
	flurmsh jobs -t deadline >out &&
	test_line_count = 2 out &&
	grep "^$late  .*  DEADLINE  *DeadLine" out &&
	flurmsh jobs -t suspended >out &&
	test_line_count = 1 out &&
	scancel $first $w
'

test_expect_success 'hold, release and cancel, seen by squeue' '
	id=$(submit -p batch --begin=now+600 -o /dev/null --wrap true) &&
	flurmsh hold $id >out &&
	echo "job $id: held" >expect && test_cmp expect out &&
	test "$(squeue -h -j $id -o "%T %r")" = "PENDING JobHeldAdmin" &&
	flurmsh --json release $id >r.json &&
	test "$(json r.json "\$j->{jobs}[0]{ok} ? 1 : 0")" = 1 &&
	test "$(squeue -h -j $id -o %r)" = BeginTime &&
	run=$(submit -o /dev/null --wrap "sleep 60") &&
	wait_job $run RUNNING 20 &&
	flurmsh cancel $id $run >out &&
	printf "job %s: cancelled\njob %s: cancelled\n" $id $run >expect &&
	test_cmp expect out &&
	wait_job $id CANCELLED 10 && wait_job $run CANCELLED 10 &&
	flurm_wait_for "test \"\$(node_state node1)\" = idle" 20 &&
	test_expect_code 1 flurmsh cancel $run 999999 2>err &&
	grep -x "flurmsh: cancel: job $run has already finished" err &&
	grep -x "flurmsh: cancel: job 999999 does not exist" err &&
	test_expect_code 1 flurmsh release $run 2>err &&
	test_expect_code 2 flurmsh cancel 12x 2>err &&
	grep "flurmsh: cancel: .12x. is not a job id" err
'

test_expect_success 'job show of an unknown job fails with the reason' '
	test_expect_code 1 flurmsh job show 999999 2>err &&
	grep -x "flurmsh: job show: job 999999 does not exist" err &&
	test_expect_code 2 flurmsh job show abc 2>err &&
	grep "flurmsh: job: .abc. is not a job id" err
'

test_expect_success 'partitions and --json' '
	flurmsh partitions >out &&
	grep "^debug  *UP  *yes  *2  *UNLIMITED" out &&
	grep "^batch  *UP  *no  *2 " out &&
	flurmsh partitions --json >p.json &&
	test "$(json p.json "\$j->{partitions}[0]{name}")" = debug &&
	test "$(json p.json "\$j->{partitions}[0]{default} ? 1 : 0")" = 1
'

test_expect_success 'config show, config show KEY, --json' '
	flurmsh config show >out &&
	grep "^admin_socket  *$FLURM_ADMIN_SOCKET  *flurmctld.conf$" out &&
	grep "^ClusterName  *flurmtest  *slurm.conf$" out &&
	flurmsh config show clustername >out &&
	echo "ClusterName = flurmtest" >expect &&
	test_cmp expect out &&
	flurmsh config show max_frame --json >c.json &&
	test "$(json c.json "\$j->{config}[0]{value}")" = 67108864 &&
	test_expect_code 1 flurmsh config show NoSuchKey 2>err &&
	grep "no setting .NoSuchKey." err
'

test_expect_success 'metrics: the /metrics text, filtered; --json' '
	curl -s "http://127.0.0.1:$FLURM_METRICS_PORT/metrics" | grep "^flurm_nodes_total " >expect &&
	flurmsh metrics nodes_total >out &&
	grep -v "^#" out >samples &&
	test_cmp expect samples &&
	grep "^# TYPE flurm_nodes_total gauge" out &&
	flurmsh metrics "flurm_raft_*" >out &&
	grep "^flurm_raft_leader 1$" out && ! grep "^flurm_jobs" out &&
	flurmsh metrics --json admin_requests >m.json &&
	test "$(json m.json "(grep { \$_->{labels} eq q(command=\"metrics\") } @{\$j->{metrics}})[0]{value} >= 1 ? 1 : 0")" = 1
'

test_expect_success 'help, help CMD, version, --json' '
	flurmsh help >out &&
	for c in status nodes node drain resume down jobs job cancel hold release partitions config metrics ping cluster help quit version; do
		grep "^  $c" out || return 1
	done &&
	flurmsh help drain >out &&
	grep -x "usage: drain HOSTLIST REASON..." out &&
	flurmsh help --json >h.json &&
	test "$(json h.json "scalar grep { \$_->{name} eq q(drain) } @{\$j->{commands}}")" = 1 &&
	flurmsh --json version >v.json &&
	json v.json "\$j->{version}" &&
	test_expect_code 2 flurmsh help nosuch 2>err &&
	grep "unknown command .nosuch." err
'

test_expect_success 'cluster status: a one-controller cluster, led by itself' '
	flurmsh cluster status >out &&
	grep -x "cluster:        flurmtest" out &&
	grep -x "this controller: 1" out &&
	grep -x "role:           leader" out &&
	grep -x "serving:        yes" out &&
	grep -x "leader:         1" out &&
	grep "^1 .* leader " out &&
	flurmsh --json cluster status >cs.json &&
	test "$(json cs.json "\$j->{cluster}[0]{leader}")" = 1 &&
	test "$(json cs.json "\$j->{cluster}[1]{state}")" = leader &&
	test "$(json cs.json "\$j->{cluster}[0]{commit_index}")" -ge 2
'

test_expect_success 'cluster transfer or leave with no other controller says so; join needs an id and an address' '
	test_expect_code 1 flurmsh cluster transfer 2>err &&
	grep "no other controller" err &&
	test_expect_code 2 flurmsh cluster join 127.0.0.9 2>err &&
	grep "takes the new controller.s ID and its Raft address" err &&
	test_expect_code 1 flurmsh cluster join 2 127.0.0.9 2>err &&
	grep "HOST:PORT" err &&
	test_expect_code 1 flurmsh cluster leave 2>err &&
	grep "the only one" err &&
	test_expect_code 2 flurmsh cluster frob 2>err &&
	grep "unknown subcommand" err
'

test_expect_success 'unknown commands and arguments are usage errors (status 2)' '
	test_expect_code 2 flurmsh frobnicate 2>err &&
	grep -x "flurmsh: unknown command .frobnicate. (try .help.)" err &&
	test_expect_code 2 flurmsh drain node1 2>err &&
	grep -x "flurmsh: drain: wrong number of arguments" err &&
	grep -x "usage: drain HOSTLIST REASON..." err &&
	test_expect_code 2 flurmsh jobs -x 2>err &&
	grep "flurmsh: jobs: unknown argument .-x." err &&
	test_expect_code 2 flurmsh jobs -u 2>err &&
	test_expect_code 2 flurmsh --json jobs -x >j.json 2>err &&
	test "$(json j.json "\$j->{status}")" = 2 &&
	test_expect_code 2 flurmsh node frob node1 2>err &&
	grep "unknown subcommand .frob." err &&
	test_expect_code 2 flurmsh --frob 2>err &&
	test_expect_code 2 flurmsh -c "ping \"unterminated" 2>err &&
	grep "unterminated double quote" err
'

test_expect_success 'a malformed hostlist or unknown node changes nothing' '
	test_expect_code 2 flurmsh drain "node[1-" x 2>err &&
	grep -x "flurmsh: drain: malformed hostlist .node\[1-." err &&
	test_expect_code 1 flurmsh drain "node[1-3]" x 2>err &&
	grep -x "flurmsh: drain: node .node3. does not exist" err &&
	test_expect_code 1 flurmsh nodes nodeX 2>err &&
	test "$(node_state node1)" = idle && test "$(node_state node2)" = idle
'

test_expect_success 'the first failing command stops a run; -k keeps going' '
	test_expect_code 2 flurmsh -c "ping; frobnicate; ping" >out 2>err &&
	test_line_count = 1 out &&
	test_expect_code 2 flurmsh -k -c "ping; frobnicate; ping" >out 2>err &&
	test_line_count = 2 out &&
	flurmsh -c "quit; frobnicate" &&
	printf "ping\n# a comment\n\nnodes node1\n" >script &&
	flurmsh <script >out &&
	grep "is up" out && grep "^node1 " out &&
	printf "ping\njob show 999999\nping\n" >script &&
	test_expect_code 1 flurmsh -f script >out 2>err &&
	test_line_count = 1 out &&
	test_expect_code 1 flurmsh -k <script >out 2>err &&
	test_line_count = 2 out
'

test_expect_success ROOT 'a non-operator reads but may not drain, and nothing changes' '
	as_nobody flurmsh nodes >out &&
	grep "^node1 " out &&
	as_nobody flurmsh status >out &&
	test_expect_code 1 as_nobody flurmsh drain node1 not mine 2>err &&
	grep -x "flurmsh: drain: permission denied: only operators (root, SlurmUser and the admins of flurmctld.conf) may do this" err &&
	test_expect_code 1 as_nobody flurmsh resume node1 2>err &&
	grep "permission denied" err &&
	test "$(node_state node1)" = idle &&
	! scontrol show node node1 | grep "Reason=not mine" &&
	grep "admin uid $(id -u nobody) pid [0-9]*: node_update refused: not an operator" "$(flurm_ctld_log 1)"
'

test_expect_success ROOT 'a user may cancel, hold and release only their own jobs' '
	mine=$(submit --hold -o /dev/null --wrap true) &&
	theirs=$(cd /tmp && as_nobody sbatch --hold --begin=now+600 -o /dev/null --wrap true | sed "s/^Submitted batch job //") &&
	test -n "$theirs" &&
	test_expect_code 1 as_nobody flurmsh cancel $mine 2>err &&
	grep -x "flurmsh: cancel: permission denied: only the owner of a job or an operator may do this" err &&
	test "$(squeue -h -j $mine -o %T)" = PENDING &&
	as_nobody flurmsh release $theirs &&
	as_nobody flurmsh hold $theirs &&
	test "$(squeue -h -j $theirs -o %r)" = JobHeldUser &&
	flurmsh hold $theirs &&
	test "$(squeue -h -j $theirs -o %r)" = JobHeldAdmin &&
	test_expect_code 1 as_nobody flurmsh release $theirs 2>err &&
	grep "only operators release it" err &&
	as_nobody flurmsh cancel $theirs &&
	wait_job $theirs CANCELLED 10 &&
	scancel $mine
'

# hostile CONN-SCRIPT: run perl with an admin socket connection in $s.
hostile() {
	perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Peer => $ENV{FLURM_ADMIN_SOCKET}) or die "connect: $!";
		eval $ARGV[0]; die $@ if $@;
	' "$1"
}

test_expect_success 'garbage and oversized frames are dropped with a reason; the controller serves on' '
	hostile "print \$s \"GET / HTTP/1.0\r\n\r\n\"; my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "admin uid 0 pid [0-9]*: dropped: refusing an admin frame of" "$(flurm_ctld_log 1)" &&
	hostile "print \$s pack(\"N\", 1 << 30); my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "refusing an admin frame of 1073741824 bytes (at most 65536)" "$(flurm_ctld_log 1)" &&
	hostile "print \$s pack(\"NnnNn\", 14, 1, 200, 1, 1) . \"xxxxxx\"; my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "dropped: bad admin request: malformed admin request" "$(flurm_ctld_log 1)" &&
	hostile "print \$s pack(\"Nnn\", 4, 1, 1); my \$b; my \$n = sysread(\$s, \$b, 100); exit(\$n ? 1 : 0)" &&
	grep "dropped: bad admin request: not a request" "$(flurm_ctld_log 1)" &&
	flurmsh ping && scontrol ping | grep UP &&
	test "$(node_state node1)" = idle
'

test_expect_success 'an unknown command id is answered, and the connection stays usable' '
	hostile "
		sub req { my (\$seq, \$cmd) = @_; my \$body = pack(\"NnN\", \$seq, \$cmd, 0);
			print \$s pack(\"Nnn\", 4 + length(\$body), 1, 200) . \$body; }
		sub rep { my \$h; sysread(\$s, \$h, 4) == 4 or die \"no reply\";
			my \$n = unpack(\"N\", \$h); my \$b = q(); while (length(\$b) < \$n) {
			sysread(\$s, \$b, \$n - length(\$b), length(\$b)) or die \"short\"; }
			return unpack(\"x4 N N\", \$b); }
		\$s->autoflush(1);
		req(5, 999); my (\$seq, \$rc) = rep(); die \"seq \$seq rc \$rc\" unless \$seq == 5 && \$rc == 5;
		req(6, 1); (\$seq, \$rc) = rep(); die \"seq \$seq rc \$rc\" unless \$seq == 6 && \$rc == 0;
	"
'

test_expect_success 'a drain whose client hangs up before the commit still happens' '
	hostile "
		my \$body = pack(\"NnN\", 1, 8, 3);
		\$body .= pack(\"N\", length(\$_) + 1) . \$_ . \"\\0\" for (\"drain\", \"node2\", \"gone away\");
		print \$s pack(\"Nnn\", 4 + length(\$body), 1, 200) . \$body; close(\$s);
	" &&
	flurm_wait_for "test \"\$(node_state node2)\" = drain" 10 &&
	scontrol show node node2 | grep "Reason=gone away" &&
	flurmsh resume node2 &&
	flurm_wait_for "test \"\$(node_state node2)\" = idle" 10
'

test_expect_success 'a half-sent request holds nothing up' '
	perl -MIO::Socket::UNIX -e "
		my \$s = IO::Socket::UNIX->new(Peer => \$ENV{FLURM_ADMIN_SOCKET}) or die;
		print \$s pack(q(N), 100); sleep 8;" &
	pid=$! &&
	sleep 1 &&
	flurmsh ping && flurmsh nodes >/dev/null &&
	kill $pid; wait $pid; true
'

# nobody's primary group (in the group database, as AllowGroups reads it)
# is nogroup
test_expect_success ROOT 'users and @groups listed in admins are operators' '
	flurm_ctl_stop 1 &&
	echo "admins = {\"nobody\"}" >>"$FLURM_SCRATCH/ctl1/flurmctld.conf" &&
	flurm_ctl_start 1 && flurm_wait_ready 20 &&
	flurm_wait_for "flurmsh ping" 10 &&
	as_nobody flurmsh drain node1 by an admin &&
	flurm_wait_for "test \"\$(node_state node1)\" = drain" 10 &&
	as_nobody flurmsh resume node1 &&
	flurm_ctl_stop 1 &&
	sed -i "s/^admins = .*/admins = {\"@nogroup\"}/" "$FLURM_SCRATCH/ctl1/flurmctld.conf" &&
	flurm_ctl_start 1 && flurm_wait_ready 20 &&
	flurm_wait_for "flurmsh ping" 10 &&
	as_nobody flurmsh drain node1 group admin &&
	flurm_wait_for "test \"\$(node_state node1)\" = drain" 10 &&
	flurmsh resume node1
'

test_done
