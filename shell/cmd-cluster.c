/* cmd-cluster.c - `cluster status`: the Raft cluster of controllers as
 * this controller sees it (leader, term, commit and applied index, each
 * member and its state); `cluster transfer [ID]`: hand leadership to
 * another controller (operators, on the leader). Membership changes
 * (join, leave, remove) are reserved names, not done yet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char *const subs[] = {
	"join", "leave", "remove", "status", "transfer", NULL,
};

static void print_field(const struct admin_rec *r, const char *label,
			const char *key)
{
	char *v = out_field_text(wire_admin_rec_get(r, key));

	printf("%-15s %s\n", label, v);
	free(v);
}

static int cluster_status(struct shell *sh)
{
	static const struct out_col cols[] = {
		{ "member", "ID" },
		{ "address", "ADDRESS" },
		{ "state", "STATE" },
		{ "match_index", "MATCH" },
	};
	struct wire_admin_reply rep, members;
	int rc = shell_call(sh, "cluster status", ADMIN_CLUSTER_STATUS, NULL, 0,
			    &rep);

	if (rc)
		return rc;
	if (sh->json) {
		out_json(&rep, "cluster", false);
		wire_admin_reply_free(&rep);
		return SH_OK;
	}
	if (rep.nrecs) {
		const struct admin_rec *r = &rep.recs[0];

		print_field(r, "cluster:", "cluster");
		print_field(r, "this controller:", "id");
		print_field(r, "role:", "role");
		print_field(r, "serving:", "serving");
		print_field(r, "leader:", "leader");
		print_field(r, "leader address:", "leader_address");
		print_field(r, "term:", "term");
		print_field(r, "commit index:", "commit_index");
		print_field(r, "applied index:", "applied_index");
		printf("\n");
	}
	/* the member records alone, as a table */
	members = rep;
	if (members.nrecs) {
		members.recs++;
		members.nrecs--;
	}
	out_table(&members, cols, sizeof(cols) / sizeof(*cols));
	wire_admin_reply_free(&rep);
	return SH_OK;
}

static int cluster_transfer(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc = shell_call(sh, "cluster transfer", ADMIN_CLUSTER_TRANSFER,
			    argv + 2, (uint32_t)(argc - 2), &rep);

	if (rc)
		return rc;
	if (sh->json)
		printf("{\"ok\": true}\n");
	else
		printf("leadership handed over\n");
	wire_admin_reply_free(&rep);
	return SH_OK;
}

static int cmd_cluster_exec(struct shell *sh, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "status")) {
		if (argc > 2)
			return cmd_usage_error(sh, &cmd_cluster_entry,
					       "'cluster status' takes no "
					       "arguments");
		return cluster_status(sh);
	}
	if (!strcmp(argv[1], "transfer")) {
		if (argc > 3)
			return cmd_usage_error(sh, &cmd_cluster_entry,
					       "'cluster transfer' takes at "
					       "most one controller id");
		return cluster_transfer(sh, argc, argv);
	}
	if (!strcmp(argv[1], "join") || !strcmp(argv[1], "leave") ||
	    !strcmp(argv[1], "remove")) {
		fprintf(stderr, "flurmsh: cluster %s: membership changes are "
			"not available in this release; list every controller "
			"in flurmctld.conf's peers\n", argv[1]);
		if (sh->json)
			printf("{\"error\": \"not available in this release\", "
			       "\"status\": 1}\n");
		return SH_FAILED;
	}
	return cmd_usage_error(sh, &cmd_cluster_entry,
			       "unknown subcommand '%s'", argv[1]);
}

const struct cmd_entry cmd_cluster_entry = {
	.name = "cluster",
	.args = "[status] | transfer [ID]",
	.help = "the controllers: leader, term, members; move leadership",
	.more = "'cluster status' shows this controller's view: its role, the\n"
		"leader, the Raft term, commit and applied index, and each member\n"
		"(on the leader also whether it was heard from lately and how\n"
		"much of the log it holds). 'cluster transfer' (operators, on the\n"
		"leader) hands leadership to controller ID, or without ID to the\n"
		"reachable one with the longest log, and returns once another\n"
		"controller leads.",
	.min_args = 0,
	.max_args = 2,
	.complete = { CMD_ARG_SUB, CMD_ARG_NONE, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_cluster_exec,
};
