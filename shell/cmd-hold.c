/* cmd-hold.c - `hold ID...`: keep pending jobs from starting; an
 * operator's hold is an admin hold that only operators release
 * (jobop.h does the asking). */
#include "cmd.h"
#include "jobop.h"

static int cmd_hold_exec(struct shell *sh, int argc, char **argv)
{
	return jobop_run(sh, &cmd_hold_entry, ADMIN_JOB_HOLD, "hold", "held",
			 argc, argv);
}

const struct cmd_entry cmd_hold_entry = {
	.name = "hold",
	.args = "ID...",
	.help = "hold pending jobs",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_JOB, CMD_ARG_JOB, CMD_ARG_JOB },
	.exec = cmd_hold_exec,
};
