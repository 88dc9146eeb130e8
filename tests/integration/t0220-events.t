#!/bin/bash
test_description='admin event stream: flurmsh watch --json sees changes made with the real Slurm clients in order, resumes after a reconnect, survives a subscriber that never reads, and ends with Ctrl-C'
. "$(dirname "$0")/test-lib.sh"

# a small per-subscriber buffer so that a client that never reads is
# dropped after a few hundred events
FLURM_CTLD_CONF_EXTRA='event_client_buffer = 8'
FLURM_SLURM_CONF_EXTRA="PartitionName=secret Nodes=ALL Hidden=YES"
export FLURM_CTLD_CONF_EXTRA FLURM_SLURM_CONF_EXTRA
test_under_flurm 2 || error "cannot start a cluster"

# events FILE PERLEXPR: evaluate PERLEXPR with @e the JSON lines of FILE
events() {
	perl -MJSON::PP -e '
		open(my $f, "<", $ARGV[0]) or die "$ARGV[0]: $!";
		my @e = map { JSON::PP->new->decode($_) } grep { /\S/ } <$f>;
		my $v = eval $ARGV[1]; die $@ if $@;
		print $v // "null", "\n";
	' "$1" "$2"
}
# seen FILE PERLCOND: some event line of FILE satisfies PERLCOND ($_)
seen() {
	[ "$(events "$1" "scalar grep { $2 } @e")" -gt 0 ] 2>/dev/null
}
# watch_bg OUT ARGS...: start `flurmsh watch ARGS --json` writing to OUT
watch_bg() {
	local out=$1; shift
	flurmsh -c "watch $* --json" >"$out" 2>"$out.err" &
	echo $! >"$out.pid"
	flurm_wait_for "grep -q '\"kind\": \"synced\"\|\"resumed\": true' '$out'" 30
}
watch_stop() {
	local pid
	pid=$(cat "$1.pid")
	kill -INT "$pid" && wait "$pid"
}
ctld_pid() { flurm_daemon_pid ctl1; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'watch events: a snapshot, then sbatch, scancel and a drain in order' '
	watch_bg w1.json events &&
	test "$(events w1.json "\$e[0]{subscribed} ? 1 : 0")" = 1 &&
	test "$(events w1.json "\$e[0]{resumed} ? 1 : 0")" = 0 &&
	seen w1.json "\$_->{kind} eq q(snapshot) && \$_->{topic} eq q(nodes) && \$_->{key} eq q(node1)" &&
	id=$(submit --wrap "sleep 300") &&
	wait_job $id RUNNING &&
	scancel $id &&
	wait_job $id CANCELLED &&
	scontrol update NodeName=node2 State=DRAIN Reason=events-test &&
	flurm_wait_for "seen w1.json \"\\\$_->{topic} eq q(nodes) && \\\$_->{key} eq q(node2) && \\\$_->{fields}{reason} eq q(events-test)\"" 20 &&
	flurm_wait_for "seen w1.json \"\\\$_->{topic} eq q(jobs) && \\\$_->{key} eq q($id) && \\\$_->{fields}{state} eq q(CANCELLED)\"" 20 &&
	watch_stop w1.json &&
	echo $id >job1
'

test_expect_success 'change events carry increasing sequence numbers, snapshot ones the subscription seq' '
	snap=$(events w1.json "\$e[0]{seq}") &&
	test "$(events w1.json "scalar grep { \$_->{kind} eq q(snapshot) && \$_->{seq} != $snap } @e")" = 0 &&
	test "$(events w1.json "my \$l = $snap; my \$bad = 0; for (grep { \$_->{kind} eq q(change) || \$_->{kind} eq q(remove) } @e) { \$bad++ if \$_->{seq} <= \$l; \$l = \$_->{seq} } \$bad")" = 0 &&
	id=$(cat job1) &&
	first() { events w1.json "my (\$x) = grep { \$_->{topic} eq q(jobs) && \$_->{key} eq q($id) && \$_->{kind} eq q(change) && \$_->{fields}{state} eq q($1) } @e; \$x->{seq} // 0"; } &&
	p=$(first PENDING) r=$(first RUNNING) c=$(first CANCELLED) &&
	test $p -gt 0 && test $r -gt $p && test $c -gt $r &&
	d=$(events w1.json "my (\$x) = grep { \$_->{key} eq q(node2) && (\$_->{fields}{reason} // q()) eq q(events-test) } @e; \$x->{seq}") &&
	test $d -gt $c
'

test_expect_success 'a watch that resumes gets only the missed events' '
	epoch=$(events w1.json "\$e[0]{epoch}") &&
	last=$(events w1.json "my \$m = 0; \$m = \$_->{seq} > \$m ? \$_->{seq} : \$m for grep { defined \$_->{seq} } @e; \$m") &&
	scontrol update NodeName=node2 State=RESUME &&
	id=$(submit --hold --wrap "true") &&
	flurm_wait_for "[ \"\$(squeue -h -j $id -o %T)\" = PENDING ]" 20 &&
	watch_bg w2.json events --since $epoch:$last &&
	flurm_wait_for "seen w2.json \"\\\$_->{topic} eq q(jobs) && \\\$_->{key} eq q($id)\"" 20 &&
	watch_stop w2.json &&
	test "$(events w2.json "\$e[0]{resumed} ? 1 : 0")" = 1 &&
	test "$(events w2.json "scalar grep { (\$_->{kind} // q()) eq q(snapshot) } @e")" = 0 &&
	test "$(events w2.json "\$e[1]{seq}")" = $((last + 1)) &&
	seen w2.json "\$_->{key} eq q(node2) && \$_->{fields}{state} eq q(idle)" &&
	scancel $id
'

test_expect_success 'a resume point the controller does not hold gives a fresh snapshot' '
	watch_bg w3.json jobs --since 1:5 &&
	watch_stop w3.json &&
	test "$(events w3.json "\$e[0]{resumed} ? 1 : 0")" = 0 &&
	seen w3.json "\$_->{kind} eq q(synced)"
'

[ "$(id -u)" = 0 ] && id -u nobody >/dev/null 2>&1 && test_set_prereq ROOT

test_expect_success ROOT 'hidden partitions are in an operator'"'"'s stream only' '
	flurmsh --json -c "watch events" >op.json &
	echo $! >op.pid &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		flurmsh --json -c "watch events" >user.json &
	echo $! >user.pid &&
	flurm_wait_for "grep -q synced op.json && grep -q synced user.json" 20 &&
	! seen user.json "(\$_->{key} // q()) eq q(secret)" &&
	seen op.json "\$_->{kind} eq q(snapshot) && \$_->{key} eq q(secret)" &&
	sed -i -e "s/^PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE/PartitionName=debug Nodes=ALL Default=YES MaxTime=60/" \
		-e "s/^PartitionName=secret Nodes=ALL Hidden=YES/& MaxTime=60/" "$SLURM_CONF" &&
	scontrol reconfigure &&
	flurm_wait_for "seen user.json \"\\\$_->{topic} eq q(config) && \\\$_->{kind} eq q(change)\"" 20 &&
	flurm_wait_for "seen op.json \"\\\$_->{topic} eq q(config) && \\\$_->{kind} eq q(change)\"" 20 &&
	kill -INT $(cat op.pid) $(cat user.pid) &&
	seen op.json "\$_->{kind} eq q(change) && \$_->{key} eq q(secret) && \$_->{fields}{max_time} == 60" &&
	seen user.json "\$_->{kind} eq q(change) && \$_->{key} eq q(debug) && \$_->{fields}{max_time} == 60" &&
	! seen user.json "(\$_->{key} // q()) eq q(secret)"
'

test_expect_success 'a watch reconnects by itself after a controller restart' '
	watch_bg w5.json nodes &&
	flurm_ctl_stop 1 &&
	flurm_ctl_start 1 &&
	flurm_wait_ready 30 &&
	flurm_wait_for "[ \$(grep -c \"\\\"subscribed\\\": true\" w5.json) = 2 ]" 30 &&
	scontrol update NodeName=node1 State=DRAIN Reason=after-restart &&
	flurm_wait_for "seen w5.json \"(\\\$_->{fields}{reason} // q()) eq q(after-restart)\"" 20 &&
	watch_stop w5.json &&
	scontrol update NodeName=node1 State=RESUME &&
	test "$(events w5.json "scalar grep { (\$_->{kind} // q()) eq q(synced) } @e")" = 2 &&
	test "$(events w5.json "my @s = grep { \$_->{subscribed} } @e; \$s[0]{epoch} != \$s[1]{epoch} && !\$s[1]{resumed} ? 1 : 0")" = 1
'

test_expect_success 'bad watch arguments are usage errors' '
	test_expect_code 2 flurmsh -c "watch everything" 2>err &&
	grep "cannot watch .everything." err &&
	test_expect_code 2 flurmsh -c "watch jobs --since nonsense" 2>err &&
	grep "EPOCH:SEQ" err
'

# slow_reader: subscribe to jobs, read nothing until the file "go"
# exists, then print "KEY STATE" for every job event until 40 flood jobs
# are CANCELLED (or 60 s pass)
slow_reader() {
	perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Peer => $ENV{FLURM_ADMIN_SOCKET}) or die "connect: $!";
		my $a = "topics=jobs"; my $body = pack("NnN", 1, 60, 1) . pack("N", length($a) + 1) . $a . "\0";
		syswrite($s, pack("Nnn", 4 + length($body), 1, 200) . $body);
		select(undef, undef, undef, 0.2) until -e "go";
		my $buf = ""; my %state; my $end = time + 60; $| = 1;
		sub str { my ($b, $o) = @_; my $n = unpack("N", substr($b, $$o, 4)); $$o += 4;
			my $v = $n ? substr($b, $$o, $n - 1) : undef; $$o += $n; return $v; }
		while (time < $end) {
			my $n = sysread($s, $buf, 65536, length($buf)); last unless $n;
			while (length($buf) >= 4) {
				my $len = unpack("N", $buf); last if length($buf) < 4 + $len;
				my $f = substr($buf, 0, 4 + $len, ""); my ($type) = unpack("x6 n", $f);
				next unless $type == 202;
				my $o = 8 + 16; my ($topic, $kind) = unpack("CC", substr($f, $o, 2)); $o += 2;
				my $key = str($f, \$o); my $nf = unpack("N", substr($f, $o, 4)); $o += 4;
				my %fl;
				for (1 .. $nf) { my $k = str($f, \$o); my $t = unpack("C", substr($f, $o, 1)); $o++;
					if ($t == 1) { $fl{$k} = str($f, \$o) } elsif ($t == 3) { $o += 1 } else { $o += 8 } }
				next unless $topic == 1 && defined $fl{name} && $fl{name} =~ /^slow/;
				print "$key $fl{state}\n"; $state{$key} = $fl{state};
			}
			last if 40 == grep { $_ eq "CANCELLED" } values %state;
		}
	' >slow.out &
	echo $! >slow.pid
}

test_expect_success 'a subscriber that falls behind gets the newest state of each job once it reads' '
	rm -f go &&
	slow_reader &&
	flurm_wait_for "[ \$(grep -c \"event subscriber: topics 0x2,\" \"$(flurm_ctld_log 1)\") -ge 1 ]" 10 &&
	ids= &&
	for i in $(seq 1 40); do
		ids="$ids $(sbatch --parsable --hold -J "slow$i" --comment "$(printf %0400d 0)" --wrap true)" || return 1
	done &&
	scancel $ids &&
	flurm_wait_for "[ \$(squeue -h -t cancelled -o %j | grep -c ^slow) = 40 ]" 20 &&
	flurm_wait_for "grep -q \"event subscriber does not keep up\" \"$(flurm_ctld_log 1)\"" 10 &&
	touch go &&
	wait $(cat slow.pid) &&
	test "$(sort -u slow.out | grep -c " CANCELLED$")" = 40 &&
	grep -q "event subscriber caught up" "$(flurm_ctld_log 1)" &&
	! grep -q "event subscriber dropped" "$(flurm_ctld_log 1)" &&
	test "$(wc -l <slow.out)" -lt 80
'

test_expect_success 'a snapshot larger than the client buffer arrives whole, each job once' '
	n=$(flurmsh --json jobs | perl -MJSON::PP -e "print scalar @{JSON::PP->new->decode(<STDIN>)->{jobs}}") &&
	test "$n" -ge 40 &&
	watch_bg w6.json jobs &&
	watch_stop w6.json &&
	test "$(events w6.json "scalar grep { (\$_->{kind} // q()) eq q(snapshot) } @e")" = "$n" &&
	test "$(events w6.json "my %k; \$k{\$_->{key}}++ for grep { (\$_->{kind} // q()) eq q(snapshot) } @e; scalar keys %k")" = "$n" &&
	test "$(events w6.json "scalar grep { (\$_->{kind} // q()) eq q(synced) } @e")" = 1
'

# silent_subscriber: subscribe to everything and never read
silent_subscriber() {
	perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Peer => $ENV{FLURM_ADMIN_SOCKET}) or die "connect: $!";
		my $a = "topics=all"; my $body = pack("NnN", 1, 60, 1) . pack("N", length($a) + 1) . $a . "\0";
		syswrite($s, pack("Nnn", 4 + length($body), 1, 200) . $body);
		sleep 600;
	' &
	echo $! >silent.pid
}

test_expect_success 'a subscriber that never reads does not stop sbatch or squeue, and is dropped' '
	rss0=$(awk "/^VmRSS/ { print \$2 }" /proc/$(ctld_pid)/status) &&
	silent_subscriber &&
	watch_bg w4.json jobs &&
	flurm_wait_for "grep -q \"event subscriber: topics 0x7e\" \"$(flurm_ctld_log 1)\"" 10 &&
	for i in $(seq 1 150); do
		sbatch --hold -J "flood$i" --wrap true >/dev/null || return 1
	done &&
	squeue -h -t pending -o %j | grep -c flood >count &&
	test "$(cat count)" = 150 &&
	flurm_wait_for "grep -q \"event subscriber dropped\" \"$(flurm_ctld_log 1)\"" 30 &&
	flurm_wait_for "seen w4.json \"\\\$_->{fields}{name} eq q(flood150)\"" 20 &&
	watch_stop w4.json &&
	test "$(events w4.json "scalar grep { (\$_->{fields}{name} // q()) =~ /^flood/ } @e")" -ge 150 &&
	rss1=$(awk "/^VmRSS/ { print \$2 }" /proc/$(ctld_pid)/status) &&
	echo "controller RSS $rss0 KiB before, $rss1 KiB after" &&
	test $rss1 -lt $((rss0 + 65536)) &&
	kill $(cat silent.pid) &&
	flurmsh ping && scancel -u "$(id -un)"
'

test_expect_success 'watch metrics prints counts every interval' '
	flurmsh -c "watch metrics --interval 1 --count 2 --json" >m.json &&
	test "$(events m.json "scalar grep { (\$_->{kind} // q()) eq q(metrics) } @e")" = 2 &&
	test "$(events m.json "\$e[-1]{fields}{flurm_nodes_total}")" = 2
'

command -v tmux >/dev/null && test_set_prereq TMUX
TMUX_SOCK="flurm-events-$$"
tm() { tmux -L "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t w; }
wait_screen() {
	_ws_re=$1
	flurm_wait_for "screen | grep -q -e \"\$_ws_re\"" "${2:-15}" || {
		echo "wait_screen: no '$1' in:" >&2
		screen >&2
		return 1
	}
}
# wait for the server to be gone: a new one started on the same socket
# while the old one exits fails with "server exited unexpectedly"
stop_tmux() {
	tm kill-server 2>/dev/null
	flurm_wait_for "! tm list-sessions >/dev/null 2>&1" 5
	true
}
cleanup stop_tmux
mkdir home
HOME_DIR=$(pwd)/home
prompt='flurmsh flurmtest (leader)> '

test_expect_success TMUX 'in a terminal, watch nodes shows a drain live and Ctrl-C returns to the prompt' '
	tm -f /dev/null new-session -d -s w -x 200 -y 50 \
		"env HOME='"'"'$HOME_DIR'"'"' TERM=xterm FLURM_ADMIN_SOCKET='"'"'$FLURM_ADMIN_SOCKET'"'"' INPUTRC=/dev/null '"'"'$FLURM_BIN/flurmsh'"'"'" &&
	wait_screen "^${prompt% }$" &&
	tm send-keys -t w "watch nodes" Enter &&
	wait_screen "stream  *synced" &&
	scontrol update NodeName=node1 State=DRAIN Reason=tty-watch &&
	wait_screen "nodes  *change  *node1 drained.*reason=tty-watch" &&
	tm send-keys -t w C-c &&
	wait_screen "^watch stopped at [0-9]*:[0-9]*" &&
	wait_screen "^${prompt% }$" &&
	tm send-keys -t w "ping" Enter &&
	wait_screen "is up (leader" &&
	scontrol update NodeName=node1 State=RESUME
'

test_expect_success TMUX 'flurmsh -c watch ends with status 0 on Ctrl-C' '
	stop_tmux &&
	cat >watch.sh <<-EOF &&
	#!/bin/sh
	trap "" INT
	FLURM_ADMIN_SOCKET="$FLURM_ADMIN_SOCKET" "$FLURM_BIN/flurmsh" -c "watch nodes"
	echo exit=\$?
	sleep 60
	EOF
	chmod +x watch.sh &&
	tm -f /dev/null new-session -d -s w -x 200 -y 50 "./watch.sh" &&
	wait_screen "synced" &&
	tm send-keys -t w C-c &&
	wait_screen "^exit=0$"
'

test_done
