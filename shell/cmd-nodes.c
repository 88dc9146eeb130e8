/* cmd-nodes.c - `nodes [HOSTLIST]`: one line per node with its state,
 * CPUs, memory, jobs, partitions and reason (a reboot marked as sinfo
 * marks it); `nodes sync` (operators):
 * make the node set match slurm.conf, and say which nodes join or
 * leave. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "core/xalloc.h"
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

static const char *const subs[] = { "sync", NULL };

static int nodes_sync(struct shell *sh)
{
	struct wire_admin_reply rep;
	int rc = shell_call(sh, "nodes sync", ADMIN_NODES_SYNC, NULL, 0, &rep);

	if (rc)
		return rc;
	if (sh->json) {
		out_json(&rep, "changes", false);
	} else if (!rep.nrecs) {
		printf("the nodes match slurm.conf\n");
	} else {
		for (uint32_t i = 0; i < rep.nrecs; i++) {
			const struct admin_field *n = wire_admin_rec_get(&rep.recs[i], "node");
			const struct admin_field *w = wire_admin_rec_get(&rep.recs[i], "change");
			bool add = w && w->s && !strcmp(w->s, "add");

			printf("%s %s\n", n && n->s ? n->s : "-",
			       add ? "joins" : "leaves (after its jobs)");
		}
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

/* The STATE column shows a reboot as sinfo does (admin_node_state()); the
 * record's other fields, and --json, keep the state and the reboot
 * apart. */
static void reboot_state(struct admin_rec *r)
{
	for (uint32_t i = 0; i < r->n; i++) {
		struct admin_field *f = &r->f[i];
		char word[64];

		if (strcmp(f->key, "state") || !f->s)
			continue;
		admin_node_state(r, "-", word, sizeof(word));
		free(f->s);
		f->s = xstrdup(word);
		return;
	}
}

static int cmd_nodes_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc;

	/* "sync" is the subcommand, never taken for a hostlist */
	if (argc > 1 && !strcmp(argv[1], "sync"))
		return nodes_sync(sh);

	if (argc > 1 && (rc = cmd_check_hostlist(&cmd_nodes_entry, sh, argv[1])))
		return rc;
	rc = shell_call(sh, argv[0], ADMIN_NODES, argv + 1, (uint32_t)argc - 1, &rep);
	if (rc)
		return rc;
	if (sh->json)
		out_json(&rep, "nodes", false);
	else {
		for (uint32_t i = 0; i < rep.nrecs; i++)
			reboot_state(&rep.recs[i]);
		out_table(&rep, cols, sizeof(cols) / sizeof(*cols));
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_nodes_entry = {
	.name = "nodes",
	.args = "[HOSTLIST] | sync",
	.help = "list nodes (all, or those of HOSTLIST, e.g. node[1-4]); sync with slurm.conf",
	.more = "'nodes sync' (operators) reads slurm.conf again and applies it\n"
		"as 'scontrol reconfigure' does; nodes added with 'node add' that\n"
		"it does not name are removed once their jobs end.",
	.min_args = 0,
	.max_args = 1,
	.complete = { CMD_ARG_SUB_NODES, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_nodes_exec,
};
