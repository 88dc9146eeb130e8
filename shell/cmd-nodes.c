/* cmd-nodes.c - `nodes [HOSTLIST]`: one line per node with its state,
 * CPUs, memory, jobs, partitions and reason. */
#include <stdio.h>

#include "cmd.h"

static const struct out_col cols[] = {
	{ "name", "NODE" },
	{ "state", "STATE" },
	{ "cpus", "CPUS" },
	{ "alloc_cpus", "ALLOC" },
	{ "memory_mb", "MEMORY" },
	{ "jobs", "JOBS" },
	{ "partitions", "PARTITIONS" },
	{ "reason", "REASON" },
};

static int cmd_nodes_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc;

	if (argc > 1 && (rc = cmd_check_hostlist(&cmd_nodes_entry, sh, argv[1])))
		return rc;
	rc = shell_call(sh, argv[0], ADMIN_NODES, argv + 1, (uint32_t)argc - 1, &rep);
	if (rc)
		return rc;
	if (sh->json)
		out_json(&rep, "nodes", false);
	else
		out_table(&rep, cols, sizeof(cols) / sizeof(*cols));
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_nodes_entry = {
	.name = "nodes",
	.args = "[HOSTLIST]",
	.help = "list nodes (all, or those of HOSTLIST, e.g. node[1-4])",
	.min_args = 0,
	.max_args = 1,
	.complete = { CMD_ARG_NODES },
	.exec = cmd_nodes_exec,
};
