/* cmd-node.c - `node show NAME`: every field the controller keeps about
 * a node (NAME may be a hostlist). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"


static const char *const subs[] = { "show", NULL };

static int cmd_node_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc;

	if (strcmp(argv[1], "show"))
		return cmd_usage_error(sh, &cmd_node_entry,
				       "unknown subcommand '%s'", argv[1]);
	if (argc != 3)
		return cmd_usage_error(sh, &cmd_node_entry, "which node?");
	if ((rc = cmd_check_hostlist(&cmd_node_entry, sh, argv[2])))
		return rc;
	rc = shell_call(sh, "node show", ADMIN_NODES, argv + 2, 1, &rep);
	if (rc)
		return rc;
	if (sh->json) {
		out_json(&rep, "nodes", false);
	} else {
		for (uint32_t i = 0; i < rep.nrecs; i++) {
			if (i)
				putchar('\n');
			out_record(&rep.recs[i]);
		}
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_node_entry = {
	.name = "node",
	.args = "show NAME",
	.help = "show everything about one node",
	.min_args = 1,
	.max_args = 2,
	.complete = { CMD_ARG_SUB, CMD_ARG_NODES, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_node_exec,
};
