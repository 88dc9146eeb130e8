/* cmd-quit.c - `quit` (or `exit`): read no more commands. */
#include "cmd.h"

static int cmd_quit_exec(struct shell *sh, int argc, char **argv)
{
	sh->quit = true;
	return 0;
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.args = "",
	.help = "leave flurmsh",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_quit_exec,
};
