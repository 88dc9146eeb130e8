/* cmd-down.c - `down HOSTLIST REASON...`: set nodes DOWN at once; jobs
 * running on them end as NODE_FAIL (nodestate.h does the asking). */
#include "cmd.h"
#include "nodestate.h"

static int cmd_down_exec(struct shell *sh, int argc, char **argv)
{
	return nodestate_change(sh, &cmd_down_entry, "down", argc, argv);
}

const struct cmd_entry cmd_down_entry = {
	.name = "down",
	.args = "HOSTLIST REASON...",
	.help = "set nodes down now; their running jobs end as NODE_FAIL",
	.min_args = 2,
	.max_args = -1,
	.complete = { CMD_ARG_NODES, CMD_ARG_NONE },
	.exec = cmd_down_exec,
};
