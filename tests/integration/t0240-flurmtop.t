#!/bin/bash
test_description='flurmtop: batch snapshots checked as text (jobs with their states, a drained node with its reason and load, reboot marks (draining@, boot^) and NextState, every screen, giving up after -t when the controller is gone); the full screen in tmux: each screen, mouse selection, job details with the output file, a node shown whole with its reboot, signals, state and partition selectors, drain with d and a reason and resume with r on the selected or the Space-marked nodes (seen by sinfo), cancel with c and y (seen by squeue), filter with /, R reloads, the controllers screen and t (transfer), resize, DEADLINE in the state selector and a pending job'"'"'s dependency in its details (kept current as the job it waits for ends), a non-operator told no, reconnect after a controller restart, quit with q'
. "$(dirname "$0")/test-lib.sh"

flurm_tmpdir TOOLS || error "no scratch"
# scontrol reboot needs a RebootProgram: a marker in the node daemon's
# directory; the test restarts that node daemon as a real reboot would
cat >"$TOOLS/reboot.sh" <<'EOS'
#!/bin/sh
date +%s >>"$PWD/rebooted"
EOS
chmod 755 "$TOOLS/reboot.sh"
FLURM_SLURM_CONF_EXTRA="RebootProgram=$TOOLS/reboot.sh"
export FLURM_SLURM_CONF_EXTRA
test_under_flurm 2 || error "cannot start a cluster"
test "$(id -u)" = 0 && test_set_prereq ROOT
command -v tmux >/dev/null && test_set_prereq TMUX

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

# A tmux server of our own, so only what this script started is stopped.
TMUX_SOCK="flurmtop-test-$$"
tm() { tmux -L "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t top; }
# wait_screen REGEX [SECONDS]: until the pane shows a line matching REGEX
wait_screen() {
	_ws_re=$1
	flurm_wait_for "screen | grep -q -e \"\$_ws_re\"" "${2:-10}" || {
		echo "wait_screen: no '$1' in:" >&2
		screen >&2
		return 1
	}
}
# no_screen REGEX [SECONDS]: until no line of the pane matches REGEX
no_screen() {
	_ws_re=$1
	flurm_wait_for "! screen | grep -q -e \"\$_ws_re\"" "${2:-10}" || {
		echo "no_screen: still '$1' in:" >&2
		screen >&2
		return 1
	}
}
# wait for the server to be gone: a new one started while the old one
# exits fails with "server exited unexpectedly"
stop_tmux() {
	tm kill-server 2>/dev/null
	flurm_wait_for "! tm list-sessions >/dev/null 2>&1" 5
	true
}
cleanup stop_tmux

# start_top [PREFIX...]: flurmtop in a 120x40 tmux window
start_top() {
	stop_tmux
	tm -f /dev/null new-session -d -s top -x 120 -y 40 \
		"env TERM=xterm FLURM_ADMIN_SOCKET='$FLURM_ADMIN_SOCKET' $* '$FLURM_BIN/flurmtop' -d 0.2; sleep 30" &&
	wait_screen "^flurmtop .* cluster flurmtest"
}
node_state() { sinfo -h -N -n "$1" -o %t | head -n1; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'batch: submitted jobs appear with their state and reason' '
	held=$(submit --hold -J heldjob -o /dev/null --wrap true) &&
	run=$(submit -J sleeper -o /dev/null --wrap "sleep 300") &&
	wait_job $run RUNNING &&
	flurmtop -b -s jobs >out 2>err &&
	test_must_be_empty err &&
	test $(grep -c "^flurmtop - " out) = 1 &&
	grep "^ID  *USER  *NAME  *PARTITION  *STATE  *REASON" out &&
	grep "^$held  *root  *heldjob  *debug  *PENDING  *JobHeldUser " out &&
	grep "^$run  *root  *sleeper  *debug  *RUNNING  *None .* node[12]$" out
'

test_expect_success 'batch: a drained node shows its reason; -n and -d repeat' '
	scontrol update nodename=node2 state=drain reason="bad fan" &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^node2  *drain\"" 10 &&
	flurmtop -b -s nodes -n 2 -d 0.2 >out &&
	test $(grep -c "^flurmtop - " out) = 2 &&
	grep "^node2  *drain.* bad fan$" out &&
	scontrol update nodename=node2 state=resume &&
	flurm_wait_for "test \$(node_state node2) = idle" 10
'

test_expect_success 'batch: overview, partitions, controllers and metrics' '
	flurmtop -b >out &&
	grep "^Cluster flurmtest  *controller: leader, term" out &&
	grep "^CPUs  *\[#*\.*\] [1-9][0-9]*/[1-9][0-9]*$" out &&
	grep "^pending 1  *running 1 " out &&
	flurm_wait_for "flurmtop -b -n 3 -d 1 | grep -q \"^scheduler cycles [0-9][0-9]* ([0-9.]*/s)   submitted 2 (0.0/s)\$\"" 20 &&
	flurmtop -b -s partitions >out &&
	grep "^debug\*  *UP  *2 .* 1  *1 " out &&
	flurmtop -b -s controllers >out &&
	grep "^this controller 1 (leader, serving), leader 1, term [1-9][0-9]*, commit [1-9][0-9]*, applied [1-9][0-9]*$" out &&
	grep "^one controller: nothing to transfer to$" out &&
	grep "^1  *127\.0\.0\.1:[0-9]*  *leader  *yes  *[1-9][0-9]*$" out &&
	flurmtop -S "$FLURM_ADMIN_SOCKET" -b -s metrics -n 2 -d 1 >out &&
	grep "^flurm_jobs_running  *1 " out &&
	grep "^flurm_nodes_total  *2  *0.00$" out
'

test_expect_success 'batch: each node shows the load its flurmnd reports' '
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^node1  *[a-z]*  *[0-9]*/[0-9]*  *[0-9]*/[0-9]*  *[0-9][0-9]*\.[0-9][0-9] \"" 15 &&
	flurmtop -b -s nodes >out &&
	grep "^NAME  *STATE  *CPUS(A/T)  *MEM_MB(A/T)  *LOAD  *JOBS" out &&
	! grep GPUS out
'

test_expect_success 'batch: a node'"'"'s ActiveFeatures (apart from its features), Comment and Extra on a line of their own' '
	scontrol update NodeName=node1 Features=a,b ActiveFeatures=a &&
	scontrol update NodeName=node1 Comment="new disk" Extra="rack=4" &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^    ActiveFeatures=a Comment=new disk Extra=rack=4\$\"" 10 &&
	flurmtop -b -s nodes >out &&
	grep -A1 "^node1 " out | tail -n1 >notes &&
	echo "    ActiveFeatures=a Comment=new disk Extra=rack=4" >expect &&
	test_cmp expect notes &&
	scontrol update NodeName=node1 ActiveFeatures=a,b Comment= &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^    Extra=rack=4\$\"" 10 &&
	! flurmtop -b -s nodes | grep "ActiveFeatures\|Comment" &&
	test "$(flurmtop -b -s nodes | grep -c "^    ")" = 1 &&
	scontrol update NodeName=node1 Features= ActiveFeatures= Extra= &&
	flurm_wait_for "! flurmtop -b -s nodes | grep -q \"^    \"" 10
'

# the node daemon of $1 starts again, in a later second than its reboot
restart_nd() { flurm_nd_stop "$1" && sleep 1 && flurm_nd_start "$1"; }

test_expect_success 'batch: a reboot marks the state as sinfo does (draining@, boot^), NextState on the line below' '
	busy=$(squeue -h -j $run -o %N) && other=node1 &&
	test $busy != node1 || other=node2 &&
	scontrol reboot ASAP nextstate=resume $busy &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^$busy  *draining@ \"" 10 &&
	flurmtop -b -s nodes >out &&
	grep -A1 "^$busy " out | tail -n1 >notes &&
	echo "    NextState=RESUME" >expect &&
	test_cmp expect notes &&
	rm -f "$FLURM_SCRATCH/$other/rebooted" &&
	scontrol reboot nextstate=down $other &&
	flurm_wait_for "test -s \"$FLURM_SCRATCH/$other/rebooted\"" 15 &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^$other  *boot^ \"" 10 &&
	flurmtop -b -s nodes | grep -A1 "^$other " | tail -n1 >notes &&
	echo "    NextState=DOWN" >expect &&
	test_cmp expect notes &&
	scontrol cancel_reboot $busy &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^$busy  *\(mixed\|allocated\) \"" 10 &&
	restart_nd $other &&
	flurm_wait_for "flurmtop -b -s nodes | grep -q \"^$other  *down \"" 20 &&
	! flurmtop -b -s nodes | grep "@\|boot^\|^    " &&
	scontrol update NodeName=$other State=RESUME &&
	flurm_wait_for "test \$(node_state $other) = idle" 20
'

test_expect_success 'batch: gives up after -t seconds when the controller goes away' '
	{ (flurmtop -b -s jobs -n 1000 -d 0.5 -t 2 >tout 2>terr; echo $? >trc) & } &&
	flurm_wait_for "grep -q \"^ID  *USER\" tout" 10 &&
	flurm_ctl_stop 1 &&
	flurm_wait_for "test -s trc" 15 &&
	test "$(cat trc)" = 1 &&
	grep "^flurmtop: no snapshot from flurmctld at .* within 2 s: " terr &&
	test_expect_code 2 flurmtop -b -t 0 2>err &&
	grep "timeout must be 1 to 3600 seconds" err &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	flurm_wait_nodes "idle\|mixed\|allocated" 30
'

test_expect_success 'without a terminal the full screen says to use -b' '
	test_expect_code 1 flurmtop </dev/null >out 2>err &&
	grep "cannot use this terminal.*-b prints plain text instead" err
'

test_expect_success TMUX 'each screen shows its contents; ? lists the keys' '
	start_top &&
	wait_screen "^Nodes (2)" &&
	wait_screen "^pending 1  *running 1" &&
	tm send-keys -t top 2 && wait_screen "^$run  *root  *sleeper .*RUNNING" &&
	tm send-keys -t top 3 && wait_screen "^  node1  *\(idle\|mixed\|allocated\)" &&
	tm send-keys -t top 4 && wait_screen "^debug\*  *UP" &&
	tm send-keys -t top 5 && wait_screen "^one controller: nothing to transfer to" &&
	tm send-keys -t top 6 && wait_screen "^flurm_nodes_total  *2" &&
	tm send-keys -t top Tab && wait_screen "\[1 overview\]" &&
	tm send-keys -t top "?" && wait_screen "^/  *filter the jobs" &&
	wait_screen "^d  *drain the marked nodes, else the selected one" &&
	wait_screen "^R  *reload slurm.conf" &&
	tm send-keys -t top Space && no_screen "^/  *filter the jobs"
'

test_expect_success TMUX 'states are coloured, and not with NO_COLOR' '
	tm send-keys -t top 2 &&
	wait_screen "^$run  *root  *sleeper .*RUNNING" &&
	tm capture-pane -e -p -t top >colour &&
	esc=$(printf "\033") &&
	grep -E "^($esc\[[0-9;]*m)*$esc\[32m($esc\[[0-9;]*m)*$run +root +sleeper" colour &&
	start_top NO_COLOR=1 &&
	tm send-keys -t top 2 &&
	wait_screen "^$run  *root  *sleeper .*RUNNING" &&
	tm capture-pane -e -p -t top >mono &&
	! grep "$(printf "\033")\[[0-9;]*3[0-7]m" mono &&
	grep "$(printf "\033")\[[0-9;]*1m" mono
'

# click ROW [BUTTON]: an xterm (SGR) mouse press and release on screen
# line ROW (0-based), as a terminal sends them
click() {
	tm send-keys -t top -l "$(printf "\033[<%d;5;%dM" "${2:-0}" $(($1 + 1)))" &&
	tm send-keys -t top -l "$(printf "\033[<%d;5;%dm" "${2:-0}" $(($1 + 1)))"
}

test_expect_success TMUX 'a click selects a row, the wheel scrolls' '
	tm send-keys -t top 2 / C-u Enter &&
	wait_screen "^$run  *root  *sleeper" &&
	click 5 && tm send-keys -t top Enter &&
	wait_screen "^JobId  *$run$" &&
	tm send-keys -t top Escape && wait_screen "^Jobs: " &&
	click 4 && tm send-keys -t top Enter &&
	wait_screen "^JobId  *$held$" &&
	tm send-keys -t top Escape && wait_screen "^Jobs: " &&
	tm send-keys -t top -l "$(printf "\033[<65;5;5M")" &&
	tm send-keys -t top Enter &&
	wait_screen "^JobId  *$run$" &&
	tm send-keys -t top Escape && wait_screen "^Jobs: "
'

test_expect_success TMUX 'Enter shows the job whole with the end of its output; s signals it' '
	cat >talker.sh <<-\EOF &&
	#!/bin/bash
	trap "echo got-usr1" USR1
	echo hello-from-talker
	while :; do sleep 1; done
	EOF
	talk=$(submit -J talker -o "$PWD/talker-%j.out" talker.sh) &&
	wait_job $talk RUNNING &&
	flurm_wait_for "grep -q hello-from-talker talker-$talk.out" 10 &&
	tm send-keys -t top / talker Enter &&
	wait_screen "^$talk  *root  *talker" &&
	tm send-keys -t top Enter &&
	wait_screen "^Job $talk " &&
	wait_screen "^JobName  *talker$" &&
	wait_screen "^JobState  *RUNNING$" &&
	wait_screen "^Partition  *debug$" &&
	wait_screen "^StdOut  *$PWD/talker-%j.out$" &&
	wait_screen "^Output $PWD/talker-$talk.out (its end)" &&
	wait_screen "^hello-from-talker$" &&
	tm send-keys -t top s && wait_screen "Signal for job $talk" &&
	tm send-keys -t top "USR1" Enter &&
	wait_screen "job $talk sent signal USR1" &&
	flurm_wait_for "grep -q got-usr1 talker-$talk.out" 10 &&
	wait_screen "^got-usr1$" &&
	tm send-keys -t top s "NOSUCH" Enter &&
	wait_screen "unknown signal .NOSUCH." &&
	tm send-keys -t top Escape && wait_screen "^Jobs: 1 shown" &&
	scancel $talk &&
	tm send-keys -t top / C-u Enter
'

test_expect_success TMUX 'S and P show one state or one partition at a time' '
	tm send-keys -t top 2 S &&
	wait_screen "state PENDING  partition all" &&
	wait_screen "^$held  *root  *heldjob" && no_screen "sleeper" &&
	tm send-keys -t top S &&
	wait_screen "state RUNNING  partition all" &&
	wait_screen "^$run  *root  *sleeper" && no_screen "heldjob" &&
	tm send-keys -t top P &&
	wait_screen "state RUNNING  partition batch" &&
	no_screen "sleeper" &&
	tm send-keys -t top P &&
	wait_screen "state RUNNING  partition debug" &&
	wait_screen "^$run  *root  *sleeper" &&
	tm send-keys -t top P S S S S S S S S &&
	wait_screen "state all  partition all" &&
	wait_screen "^$held  *root  *heldjob" && wait_screen "^$run  *root  *sleeper"
'

test_expect_success TMUX 'Space marks nodes; d and r act on all the marked ones' '
	tm send-keys -t top 3 g Space Space &&
	wait_screen "^2 marked (Space)" &&
	wait_screen "^\* node1 " && wait_screen "^\* node2 " &&
	tm send-keys -t top d && wait_screen "Drain node[12],node[12], reason" &&
	tm send-keys -t top "rack work" Enter &&
	flurm_wait_for "sinfo -h -R -o \"%E %N\" | grep -q \"^rack work node\\[1-2\\]\$\"" 10 &&
	no_screen "marked (Space)" &&
	tm send-keys -t top g Space Space r &&
	flurm_wait_for "! sinfo -h -R -o %E | grep -q \"rack work\"" 10 &&
	wait_screen "^  node1  *\(idle\|mixed\|allocated\) " &&
	wait_screen "^  node2  *\(idle\|mixed\|allocated\) "
'

test_expect_success TMUX 'R reloads slurm.conf and says what changed, or where it is wrong' '
	cp "$SLURM_CONF" slurm.conf.orig &&
	sed -i "s/^MinJobAge=.*/MinJobAge=123/" "$SLURM_CONF" &&
	tm send-keys -t top R && wait_screen "Reload slurm.conf? (y/n)" &&
	tm send-keys -t top y &&
	wait_screen "reloaded: MinJobAge 300 -> 123" &&
	echo "NodeName=node9 CPUs=banana" >>"$SLURM_CONF" &&
	tm send-keys -t top R y &&
	wait_screen "reload: .*slurm.conf:[0-9]*: invalid CPUs value .banana." &&
	cp slurm.conf.orig "$SLURM_CONF" &&
	tm send-keys -t top R y &&
	wait_screen "reloaded: MinJobAge 123 -> 300" &&
	tm send-keys -t top 1 && wait_screen "reload: MinJobAge 123 -> 300"
'

test_expect_success TMUX 't on the controllers screen asks, and the controller says why it cannot hand over' '
	tm send-keys -t top 5 t &&
	wait_screen "Transfer leadership to" &&
	tm send-keys -t top n Enter &&
	wait_screen "leadership not transferred" &&
	tm send-keys -t top t y Enter &&
	wait_screen "cluster_transfer: no other controller is reachable to take over" &&
	flurmsh -c "cluster status" >st &&
	grep "^role: *leader" st
'

test_expect_success TMUX 'the overview counts the last hour and draws sparklines' '
	tm send-keys -t top 1 &&
	wait_screen "^last hour: completed [0-9]*   failed/cancelled [1-9][0-9]*$" &&
	wait_screen "^submitted/s  |.\{40\}| [0-9.]*$" &&
	wait_screen "^running      |.*[.:=+*#-].*| [1-9][0-9]*$"
'

test_expect_success TMUX 'd drains the selected node with a reason, r resumes it' '
	tm send-keys -t top 3 g j && wait_screen "^  node2 " &&
	tm send-keys -t top d && wait_screen "Drain node2, reason" &&
	tm send-keys -t top "disk check" Enter &&
	flurm_wait_for "test \$(node_state node2) = drain" 10 &&
	sinfo -h -R -o "%E %N" | grep "^disk check node2$" &&
	wait_screen "^  node2  *drained .* disk check$" &&
	wait_screen "node2 drained, reason: disk check" &&
	tm send-keys -t top r &&
	flurm_wait_for "test \$(node_state node2) = idle" 10 &&
	wait_screen "^  node2  *idle "
'

test_expect_success TMUX 'Enter shows the node whole: features, comment, extra, reason; d drains the node shown' '
	scontrol update NodeName=node1 Features=a,b ActiveFeatures=a &&
	scontrol update NodeName=node1 Comment="new disk" Extra="rack=4" &&
	tm send-keys -t top 3 g && wait_screen "^  node1 " &&
	tm send-keys -t top Enter &&
	wait_screen "^Node node1  (Esc or Enter: back to the list)" &&
	wait_screen "^NodeName  *node1$" &&
	wait_screen "^AvailableFeatures  *a,b$" &&
	wait_screen "^ActiveFeatures  *a$" &&
	wait_screen "^Comment  *new disk$" &&
	wait_screen "^Extra  *rack=4$" &&
	tm send-keys -t top d && wait_screen "Drain node1, reason" &&
	tm send-keys -t top "fan" Enter &&
	flurm_wait_for "node_state node1 | grep -q ^dr" 10 &&
	wait_screen "^Reason  *fan \[root@[0-9T:-]*\]$" &&
	tm send-keys -t top r &&
	flurm_wait_for "! node_state node1 | grep -q ^dr" 10 &&
	no_screen "^Reason " &&
	scontrol update NodeName=node1 Features= ActiveFeatures= Comment= Extra= &&
	wait_screen "^AvailableFeatures  *(null)$" &&
	no_screen "^Comment " &&
	tm send-keys -t top Escape && wait_screen "^Nodes: " &&
	wait_screen "^  node1 "
'

test_expect_success TMUX 'the node shown whole has its reboot: State boot^, when it was issued, NextState' '
	other=node1 &&
	test "$(squeue -h -j $run -o %N)" != node1 || other=node2 &&
	rm -f "$FLURM_SCRATCH/$other/rebooted" &&
	tm send-keys -t top 3 / "$other" Enter && wait_screen "^  $other " &&
	tm send-keys -t top Enter &&
	wait_screen "^NodeName  *$other$" &&
	no_screen "^Reboot " &&
	scontrol reboot nextstate=resume $other &&
	wait_screen "^State  *boot^$" &&
	wait_screen "^Reboot  *issued [0-9]*-[0-9]*-[0-9]*T[0-9:]*$" &&
	wait_screen "^NextState  *RESUME$" &&
	flurm_wait_for "test -s \"$FLURM_SCRATCH/$other/rebooted\"" 15 &&
	restart_nd $other &&
	wait_screen "^State  *idle$" 20 &&
	no_screen "^Reboot " && no_screen "^NextState " &&
	tm send-keys -t top Escape && wait_screen "^  $other  *idle " &&
	tm send-keys -t top / C-u Enter
'

test_expect_success TMUX '/ filters, c cancels after y, n keeps the job' '
	tm send-keys -t top 2 / "heldjob" Enter &&
	wait_screen "^Jobs: 1 shown of [0-9]*, filter .heldjob." &&
	no_screen "sleeper" &&
	tm send-keys -t top c && wait_screen "Cancel job $held? (y/n)" &&
	tm send-keys -t top n && wait_screen "job $held not cancelled" &&
	squeue -h -j $held -o %T | grep -x PENDING &&
	tm send-keys -t top c y &&
	wait_screen "job $held cancelled" &&
	flurm_wait_for "! squeue -h -o %i | grep -qx $held" 10 &&
	wait_screen "^$held .* CANCELLED" &&
	tm send-keys -t top / C-u Enter &&
	wait_screen "^$run  *root  *sleeper"
'

test_expect_success TMUX 'a resize to 80x24 redraws at once and keeps the header' '
	tm resize-window -t top -x 80 -y 24 &&
	flurm_wait_for "test \$(screen | wc -l) = 24" 5 &&
	wait_screen "^ 1 overview  \[2 jobs\]" &&
	wait_screen "^ID  *USER  *NAME" &&
	screen | awk "length > 80 { exit 1 }" &&
	tm resize-window -t top -x 120 -y 40 &&
	flurm_wait_for "test \$(screen | wc -l) = 40" 5
'

test_expect_success TMUX 'reconnects after the controller is restarted' '
	tm send-keys -t top 1 && wait_screen "^Cluster flurmtest" &&
	flurm_ctl_stop 1 &&
	wait_screen "reconnecting to " &&
	flurm_ctl_start 1 &&
	flurm_wait_ready &&
	no_screen "reconnecting to " 20 &&
	wait_screen "controller back" &&
	late=$(submit -J afterwards -o /dev/null --hold --wrap true) &&
	tm send-keys -t top 2 && wait_screen "^$late  *root  *afterwards" &&
	scancel $late
'

test_expect_success TMUX 'S shows DEADLINE jobs; the details show what is left of a dependency' '
	dl=$(submit -J late -t 120 --deadline=now+1hour -o /dev/null --wrap true) &&
	wait_job $dl DEADLINE &&
	first=$(submit -J first -o /dev/null --wrap "sleep 300") &&
	wait_job $first RUNNING &&
	w=$(submit -J waiter -d afterok:$first -o /dev/null --wrap true) &&
	tm send-keys -t top 2 S S S S S S S S S &&
	wait_screen "state DEADLINE  partition all" &&
	wait_screen "^$dl  *root  *late  .*DEADLINE" && no_screen "waiter" &&
	tm send-keys -t top S &&
	wait_screen "state all  partition all" &&
	tm send-keys -t top / waiter Enter &&
	wait_screen "^$w  *root  *waiter" &&
	tm send-keys -t top Enter &&
	wait_screen "^Job $w " &&
	wait_screen "^Dependency  *afterok:$first(unfulfilled)$" &&
	scancel $first &&
	wait_screen "^Dependency  *afterok:$first(failed)$" &&
	tm send-keys -t top Escape && wait_screen "^Jobs: 1 shown" &&
	tm send-keys -t top / C-u Enter &&
	scancel $w
'

test_expect_success TMUX 'q quits' '
	tm send-keys -t top q &&
	flurm_wait_for "! pgrep -f \"^$FLURM_BIN/flurmtop -d 0.2\" >/dev/null" 5
'

test_expect_success TMUX,ROOT 'a non-operator gets the controller refusal in the status line' '
	start_top "setpriv --reuid=nobody --regid=nogroup --clear-groups --" &&
	tm send-keys -t top 3 g && wait_screen "^  node1 " &&
	tm send-keys -t top d "mine" Enter &&
	wait_screen "permission denied" &&
	test "$(node_state node1)" != drain &&
	tm send-keys -t top 2 c y && wait_screen "permission denied" &&
	squeue -h -j $run -o %T | grep -x RUNNING &&
	tm send-keys -t top q
'

test_expect_success 'cleanup' '
	scancel $run
'

test_done
