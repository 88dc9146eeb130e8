#!/bin/bash
test_description='flurmsh in a real terminal (tmux): prompt with cluster and leadership, help, <Tab> completion of commands, subcommands, node names, job ids and config keys, Ctrl-C, history kept in ~/.flurmsh_history'
. "$(dirname "$0")/test-lib.sh"

command -v tmux >/dev/null || {
	skip_all='tmux is not installed'
	test_done
}

test_under_flurm 2 || error "cannot start a cluster"

# A tmux server of our own, so only what this script started is stopped.
TMUX_SOCK="flurmsh-test-$$"
tm() { tmux -L "$TMUX_SOCK" "$@"; }
# screen: the visible pane as text
screen() { tm capture-pane -p -t sh; }
# wait_screen REGEX [SECONDS]: until the pane shows a line matching REGEX
wait_screen() {
	_ws_re=$1
	flurm_wait_for "screen | grep -q -e \"\$_ws_re\"" "${2:-10}" || {
		echo "wait_screen: no '$1' in:" >&2
		screen >&2
		return 1
	}
}
stop_tmux() { tm kill-server 2>/dev/null; true; }
cleanup stop_tmux

mkdir home
HOME_DIR=$(pwd)/home    # the trash directory's name has a blank
prompt='flurmsh flurmtest (leader)> '
# last_line drops the blank after the prompt's '>' when nothing follows

start_shell() {
	stop_tmux
	tm -f /dev/null new-session -d -s sh -x 160 -y 50 \
		"env HOME='$HOME_DIR' TERM=xterm FLURM_ADMIN_SOCKET='$FLURM_ADMIN_SOCKET' INPUTRC=/dev/null '$FLURM_BIN/flurmsh'" &&
	wait_screen "^${prompt% }$"
}
# the last line of the pane (the prompt line being edited), without the
# blanks that end it (a completed word is followed by one)
last_line() { screen | sed -e "/^$/d" -e "s/ *$//" | tail -n1; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'the prompt names the cluster and says the controller leads' '
	start_shell
'

test_expect_success 'help lists the commands' '
	tm send-keys -t sh "help" Enter &&
	wait_screen "^  drain HOSTLIST REASON\.\.\." &&
	wait_screen "^  metrics \[PATTERN\]"
'

test_expect_success '<Tab> completes a command name' '
	tm send-keys -t sh "sta" Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}status\"" 5 &&
	tm send-keys -t sh Enter &&
	wait_screen "^nodes:      idle 2"
'

test_expect_success '<Tab> completes subcommands and node names from the controller' '
	tm send-keys -t sh "node sh" Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}node show\"" 5 &&
	tm send-keys -t sh "node" Tab "2" Enter &&
	wait_screen "^name  *node2$" &&
	tm send-keys -t sh "drain node1,no" Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}drain node1,node\"" 5 &&
	tm send-keys -t sh C-u
'

test_expect_success '<Tab> after nodes offers sync beside node names' '
	tm send-keys -t sh "nodes sy" Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}nodes sync\"" 5 &&
	tm send-keys -t sh C-u "nodes no" Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}nodes node\"" 5 &&
	tm send-keys -t sh C-u
'

test_expect_success 'shutdown asks first at a terminal; no keeps the controller' '
	tm send-keys -t sh "shutdown" Enter &&
	wait_screen "^Stop the controller? \[y/N\]" &&
	tm send-keys -t sh "n" Enter &&
	wait_screen "^not stopped$" &&
	flurm_daemon_alive ctl1 &&
	tm send-keys -t sh "ping" Enter &&
	wait_screen "is up (leader"
'

test_expect_success '<Tab> completes job ids and config keys' '
	id=$(submit --hold -o /dev/null --wrap true) &&
	tm send-keys -t sh "job show " Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}job show $id\"" 5 &&
	tm send-keys -t sh Enter &&
	wait_screen "^reason  *JobHeldUser$" &&
	tm send-keys -t sh "config show Clust" Tab &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}config show ClusterName\"" 5 &&
	tm send-keys -t sh Enter &&
	wait_screen "^ClusterName = flurmtest" &&
	scancel $id
'

test_expect_success 'an error is shown and the session goes on' '
	tm send-keys -t sh "frobnicate" Enter &&
	wait_screen "unknown command .frobnicate." &&
	tm send-keys -t sh "ping" Enter &&
	wait_screen "is up (leader"
'

test_expect_success 'Ctrl-C drops the line being typed, not the session' '
	tm send-keys -t sh "drain node1 half typed" &&
	wait_screen "drain node1 half typed" &&
	tm send-keys -t sh C-c &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt% }\"" 5 &&
	tm send-keys -t sh "nodes node1" Enter &&
	wait_screen "^node1  *idle " &&
	test "$(sinfo -h -n node1 -o %t)" = idle
'

test_expect_success 'history is kept across sessions' '
	tm send-keys -t sh "quit" Enter &&
	flurm_wait_for "! tm has-session -t sh 2>/dev/null" 5 &&
	grep -x "ping" home/.flurmsh_history &&
	grep -x "quit" home/.flurmsh_history &&
	start_shell &&
	tm send-keys -t sh Up Up Up &&
	flurm_wait_for "test \"\$(last_line)\" = \"${prompt}ping\"" 5 &&
	tm send-keys -t sh C-u "quit" Enter &&
	flurm_wait_for "! tm has-session -t sh 2>/dev/null" 5
'

test_done
