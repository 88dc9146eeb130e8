#!/bin/bash
test_description='srun -N1 --pty bash in a real terminal (tmux): the shell runs on a terminal of the node, typed commands run in the step, Ctrl-C reaches the command and not srun, a resized window reaches the task, exit ends srun and the step'
. "$(dirname "$0")/test-lib.sh"

command -v tmux >/dev/null || {
	skip_all='tmux is not installed'
	test_done
}

test_under_flurm 1 || error "cannot start a cluster"

# A tmux server of our own, so only what this script started is stopped.
TMUX_SOCK="srun-pty-test-$$"
tm() { tmux -L "$TMUX_SOCK" "$@"; }
# screen: the visible pane as text, blanks at line ends dropped
screen() { tm capture-pane -p -t pty | sed -e "s/ *$//"; }
# wait_screen REGEX [SECONDS]: until the pane shows a line matching REGEX
wait_screen() {
	_ws_re=$1
	flurm_wait_for "screen | grep -q -e \"\$_ws_re\"" "${2:-15}" || {
		echo "wait_screen: no '$1' in:" >&2
		screen >&2
		return 1
	}
}
# (and its socket file, which kill-server leaves behind)
stop_tmux() {
	tm kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
	true
}
cleanup stop_tmux

# The pane runs srun and then says how srun ended; cat keeps the pane
# (and what it shows) until the tmux server is stopped. The task's shell
# reads no rc file and prompts "step$ ".
test_expect_success 'cluster is up; srun --pty bash starts in a tmux pane' '
	flurm_wait_ready && flurm_wait_nodes idle 30 &&
	tm -f /dev/null new-session -d -s pty -x 120 -y 40 \
		"env SLURM_CONF=\"$SLURM_CONF\" PATH=\"$PATH\" PS1=\"step\\$ \" TERM=xterm sh -c \"srun -N1 --pty bash --norc --noprofile; echo srun exited \\\$?; exec cat\"" &&
	wait_screen "^step[$]$"
'

test_expect_success 'the job and its step are listed while the shell runs' '
	flurm_wait_for "test -n \"\$(squeue -h -o %i)\"" 10 &&
	squeue -h -o %i >job.id &&
	test_line_count = 1 job.id &&
	squeue -h -s -o %i >steps &&
	echo "$(cat job.id).0" >expect &&
	test_cmp expect steps
'

test_expect_success 'typed commands run in the step: job id, host name, a terminal' '
	tm send-keys -t pty "echo \$SLURM_JOB_ID; hostname; tty" Enter &&
	wait_screen "^/dev/pts/[0-9]*$" &&
	screen >pane &&
	grep -x "$(cat job.id)" pane &&
	grep -x "$(hostname)" pane &&
	! grep -q "\\^@" pane
'

test_expect_success 'Ctrl-C interrupts the command in the shell, not srun' '
	tm send-keys -t pty "sleep 300" Enter &&
	wait_screen "^step[$] sleep 300$" &&
	sleep 1 &&
	tm send-keys -t pty C-c &&
	tm send-keys -t pty "echo status \$?" Enter &&
	wait_screen "^status 130$" &&
	squeue -h -s -o %i >steps &&
	test_cmp expect steps
'

test_expect_success 'a resized window reaches the task terminal' '
	tm resize-window -t pty -x 100 -y 30 &&
	# srun passes the new size on by itself; ask until it has arrived
	flurm_wait_for "tm send-keys -t pty \"stty size\" Enter; sleep 0.3; screen | grep -q \"^30 100\$\"" 10
'

test_expect_success 'exit ends the shell, srun exits 0, the step and the job end' '
	tm send-keys -t pty "exit" Enter &&
	wait_screen "^srun exited 0$" &&
	flurm_wait_for "test -z \"\$(squeue -h -s -o %i)\"" 15 &&
	flurm_wait_for "test -z \"\$(squeue -h -o %i)\"" 15
'

test_done
