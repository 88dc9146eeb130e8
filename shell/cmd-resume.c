/* cmd-resume.c - `resume HOSTLIST`: drained or down nodes take jobs
 * again (nodestate.h does the asking). */
#include "cmd.h"
#include "nodestate.h"

static int cmd_resume_exec(struct shell *sh, int argc, char **argv)
{
	return nodestate_change(sh, &cmd_resume_entry, "resume", argc, argv);
}

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.args = "HOSTLIST",
	.help = "return drained or down nodes to service",
	.min_args = 1,
	.max_args = 1,
	.complete = { CMD_ARG_NODES, CMD_ARG_NONE },
	.exec = cmd_resume_exec,
};
