/* cmd-release.c - `release ID...`: let held jobs start again
 * (jobop.h does the asking). */
#include "cmd.h"
#include "jobop.h"

static int cmd_release_exec(struct shell *sh, int argc, char **argv)
{
	return jobop_run(sh, &cmd_release_entry, ADMIN_JOB_HOLD, "release",
			 "released", argc, argv);
}

const struct cmd_entry cmd_release_entry = {
	.name = "release",
	.args = "ID...",
	.help = "release held jobs",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_JOB, CMD_ARG_JOB, CMD_ARG_JOB },
	.exec = cmd_release_exec,
};
