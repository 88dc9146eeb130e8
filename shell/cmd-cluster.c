/* cmd-cluster.c - `cluster status`: the Raft cluster of controllers as
 * this controller sees it (leader, term, commit and applied index, each
 * member and its state); `cluster transfer [ID]`: hand leadership to
 * another controller; `cluster join ID HOST:PORT`, `cluster leave`,
 * `cluster remove ID`: membership (operators). The controllers decide
 * and forward to the leader; this only asks and prints. */
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

/* join, leave, remove: no records, a line saying what happened. */
static int cluster_change(struct shell *sh, uint16_t cmd, const char *what,
			  char **args, uint32_t nargs, const char *done)
{
	struct wire_admin_reply rep;
	int rc = shell_call(sh, what, cmd, args, nargs, &rep);

	if (rc)
		return rc;
	if (sh->json)
		printf("{\"ok\": true}\n");
	else
		printf("%s\n", done);
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
	if (!strcmp(argv[1], "join")) {
		if (argc != 4)
			return cmd_usage_error(sh, &cmd_cluster_entry,
					       "'cluster join' takes the new "
					       "controller's ID and its Raft "
					       "address HOST:PORT");
		return cluster_change(sh, ADMIN_CLUSTER_JOIN, "cluster join",
				      argv + 2, 2, "controller joined");
	}
	if (!strcmp(argv[1], "leave")) {
		if (argc != 2)
			return cmd_usage_error(sh, &cmd_cluster_entry,
					       "'cluster leave' takes no "
					       "arguments");
		return cluster_change(sh, ADMIN_CLUSTER_LEAVE, "cluster leave",
				      NULL, 0, "this controller left the "
				      "cluster; stop it now");
	}
	if (!strcmp(argv[1], "remove")) {
		if (argc != 3)
			return cmd_usage_error(sh, &cmd_cluster_entry,
					       "'cluster remove' takes one "
					       "controller id");
		return cluster_change(sh, ADMIN_CLUSTER_REMOVE,
				      "cluster remove", argv + 2, 1,
				      "controller removed");
	}
	return cmd_usage_error(sh, &cmd_cluster_entry,
			       "unknown subcommand '%s'", argv[1]);
}

const struct cmd_entry cmd_cluster_entry = {
	.name = "cluster",
	.args = "[status] | transfer [ID] | join ID HOST:PORT | leave | "
		"remove ID",
	.help = "the controllers: leader, term, members; move leadership; "
		"add and remove controllers",
	.more = "'cluster status' shows this controller's view: its role, the\n"
		"leader, the Raft term, commit and applied index, and each member\n"
		"(on the leader also whether it was heard from lately and how\n"
		"much of the log it holds). 'cluster transfer' (operators, on the\n"
		"leader) hands leadership to controller ID, or without ID to the\n"
		"reachable one with the longest log, and returns once another\n"
		"controller leads.\n"
		"'cluster join ID HOST:PORT' (operators) adds controller ID, whose\n"
		"Raft address is HOST:PORT and which runs with 'join = true' and an\n"
		"empty state directory, and returns once it is a voter holding the\n"
		"whole log. 'cluster remove ID' (operators) takes controller ID\n"
		"out, e.g. one that is gone for good. 'cluster leave' (operators,\n"
		"on the controller that leaves) hands leadership over if it leads\n"
		"and asks the leader to remove it; stop it afterwards. One change\n"
		"at a time: another is refused while one runs. On a follower,\n"
		"changes go to the leader when admin_port is set.",
	.min_args = 0,
	.max_args = 3,
	.complete = { CMD_ARG_SUB, CMD_ARG_NONE, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_cluster_exec,
};
