/* cmd-partitions.c - `partitions`: each partition with its state, nodes,
 * limits and how many jobs wait and run in it. */
#include <stdio.h>

#include "cmd.h"

static const struct out_col cols[] = {
	{ "name", "PARTITION" },
	{ "state", "STATE" },
	{ "default", "DEFAULT" },
	{ "total_nodes", "NODES" },
	{ "max_time", "MAXTIME" },
	{ "jobs_pending", "PENDING" },
	{ "jobs_running", "RUNNING" },
	{ "nodes", "NODELIST" },
};

static int cmd_partitions_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc = shell_call(sh, argv[0], ADMIN_PARTITIONS, NULL, 0, &rep);

	if (rc)
		return rc;
	if (sh->json)
		out_json(&rep, "partitions", false);
	else
		out_table(&rep, cols, sizeof(cols) / sizeof(*cols));
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_partitions_entry = {
	.name = "partitions",
	.args = "",
	.help = "list partitions with their state, limits and jobs",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_partitions_exec,
};
