/* cmd-node.c - `node show NAME`: every field the controller keeps about
 * a node (NAME may be a hostlist); `node add NAME cpus=N mem=MB ...`,
 * `node remove NAME [--timeout S|--force]`, `node reboot ... NODES` and
 * `node cancel-reboot NODES` (operators): the controller checks and does
 * them all, this only translates the words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#include "cmd.h"


static const char *const subs[] = { "add", "cancel-reboot", "reboot", "remove",
				     "show", NULL };

/* Longest --timeout: the controller waits at most this long too. */
#define REMOVE_MAX_WAIT 3600
#define REMOVE_DEFAULT_WAIT 20

/* The answer to a node add or remove that worked: NAME and WHAT happened,
 * or {"ok": true, "node": NAME} with --json. */
static int node_changed(struct shell *sh, struct wire_admin_reply *rep,
			const char *name, const char *what)
{
	if (sh->json) {
		printf("{\"ok\": true, \"node\": ");
		out_json_str(stdout, name);
		printf("}\n");
	} else {
		printf("node %s %s\n", name, what);
	}
	wire_admin_reply_free(rep);
	return SH_OK;
}

static int node_add(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc;

	if (argc < 3)
		return cmd_usage_error(sh, &cmd_node_entry, "which node?");
	for (int i = 3; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			return cmd_usage_error(sh, &cmd_node_entry,
					       "'%s' is not key=value", argv[i]);
	rc = shell_call(sh, "node add", ADMIN_NODE_ADD, argv + 2,
			(uint32_t)(argc - 2), &rep);
	if (rc)
		return rc;
	return node_changed(sh, &rep, argv[2],
			    "added; start its flurmnd to bring it up");
}

static int node_remove(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *args[2], *opt = NULL;
	unsigned long wait = REMOVE_DEFAULT_WAIT;
	bool force = false;
	int rc;

	if (argc < 3)
		return cmd_usage_error(sh, &cmd_node_entry, "which node?");
	for (int i = 3; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--force")) {
			force = true;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			wait = strtoul(argv[++i], &end, 10);
			if (!argv[i][0] || *end || argv[i][0] == '-' ||
			    wait > REMOVE_MAX_WAIT)
				return cmd_usage_error(sh, &cmd_node_entry,
						       "--timeout '%s' is not a number of "
						       "seconds up to %u", argv[i],
						       REMOVE_MAX_WAIT);
			opt = argv[i];
		} else {
			return cmd_usage_error(sh, &cmd_node_entry,
					       "unknown option '%s'", argv[i]);
		}
	}
	if (force && opt)
		return cmd_usage_error(sh, &cmd_node_entry,
				       "--force and --timeout exclude each other");
	args[0] = argv[2];
	args[1] = force ? xstrdup("force") : xasprintf("timeout=%lu", wait);
	/* the answer comes once the node is gone or the wait is over */
	sh->timeout_ms = (int)(wait + 30) * 1000;
	rc = shell_call(sh, "node remove", ADMIN_NODE_REMOVE, args, 2, &rep);
	sh->timeout_ms = 0;
	free(args[1]);
	if (rc)
		return rc;
	return node_changed(sh, &rep, argv[2], "removed");
}

/* node reboot [--asap] [--next-state=resume|down] [--reason=TEXT]
 * NODELIST|ALL: scontrol reboot's operation; the controller refuses
 * without RebootProgram, as scontrol does. */
static int node_reboot(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *args[5];
	const char *names = NULL, *reason = NULL, *next = NULL;
	bool asap = false;
	uint32_t n = 0;
	int rc;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--asap"))
			asap = true;
		else if (!strncmp(argv[i], "--next-state=", 13))
			next = argv[i] + 13;
		else if (!strncmp(argv[i], "--reason=", 9))
			reason = argv[i] + 9;
		else if (argv[i][0] == '-')
			return cmd_usage_error(sh, &cmd_node_entry,
					       "unknown option '%s'", argv[i]);
		else if (names)
			return cmd_usage_error(sh, &cmd_node_entry,
					       "one NODELIST, not '%s' too", argv[i]);
		else
			names = argv[i];
	}
	if (!names)
		return cmd_usage_error(sh, &cmd_node_entry,
				       "which nodes? (a NODELIST or ALL)");
	if (next && strcmp(next, "resume") && strcmp(next, "down"))
		return cmd_usage_error(sh, &cmd_node_entry,
				       "--next-state is resume or down, not '%s'",
				       next);
	if ((rc = cmd_check_hostlist(&cmd_node_entry, sh, names)))
		return rc;
	args[n++] = (char *)"reboot";
	args[n++] = (char *)names;
	args[n++] = (char *)(reason ? reason : "");
	if (asap)
		args[n++] = (char *)"asap";
	if (next)
		args[n++] = (char *)(!strcmp(next, "down") ? "next=down" : "next=resume");
	rc = shell_call(sh, "node reboot", ADMIN_NODE_UPDATE, args, n, &rep);
	if (rc)
		return rc;
	if (sh->json) {
		printf("{\"ok\": true, \"action\": \"reboot\", \"nodes\": ");
		out_json_str(stdout, names);
		printf(", \"asap\": %s, \"next_state\": ", asap ? "true" : "false");
		out_json_str(stdout, next);
		printf(", \"reason\": ");
		out_json_str(stdout, reason && *reason ? reason : NULL);
		printf("}\n");
	} else {
		printf("%s: reboot%s%s%s%s%s\n", names, asap ? " asap" : "",
		       next ? ", then " : "", next ? next : "",
		       reason && *reason ? ", reason: " : "",
		       reason && *reason ? reason : "");
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

/* node cancel-reboot NODELIST|ALL: scontrol cancel_reboot's operation;
 * a node without a reboot to cancel is an error, the others are still
 * cancelled, as from slurmctld. */
static int node_cancel_reboot(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *args[2] = { (char *)"cancel_reboot", NULL };
	int rc;

	if (argc != 3)
		return cmd_usage_error(sh, &cmd_node_entry,
				       "which nodes? (one NODELIST or ALL)");
	if ((rc = cmd_check_hostlist(&cmd_node_entry, sh, argv[2])))
		return rc;
	args[1] = argv[2];
	rc = shell_call(sh, "node cancel-reboot", ADMIN_NODE_UPDATE, args, 2,
			&rep);
	if (rc)
		return rc;
	if (sh->json) {
		printf("{\"ok\": true, \"action\": \"cancel_reboot\", \"nodes\": ");
		out_json_str(stdout, argv[2]);
		printf("}\n");
	} else {
		printf("%s: reboot cancelled\n", argv[2]);
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

static int cmd_node_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc;

	if (!strcmp(argv[1], "add"))
		return node_add(sh, argc, argv);
	if (!strcmp(argv[1], "remove"))
		return node_remove(sh, argc, argv);
	if (!strcmp(argv[1], "reboot"))
		return node_reboot(sh, argc, argv);
	if (!strcmp(argv[1], "cancel-reboot"))
		return node_cancel_reboot(sh, argc, argv);
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
	.args = "show NAME | add NAME cpus=N mem=MB [features=..] [partitions=..] | remove NAME [--timeout S|--force]"
		" | reboot [--asap] [--next-state=resume|down] [--reason=TEXT] NODELIST|ALL"
		" | cancel-reboot NODELIST|ALL",
	.help = "show one node; add or remove a node slurm.conf does not name; reboot nodes",
	.more = "add, remove, reboot and cancel-reboot are for operators. An added\n"
		"node is kept across reloads and restarts until removed (or until\n"
		"slurm.conf names it). remove drains the node and waits up to\n"
		"--timeout seconds (20) for its jobs; --force stops them now.\n"
		"reboot is scontrol reboot: each node runs slurm.conf's RebootProgram\n"
		"once idle (--asap drains it first), and is back as --next-state\n"
		"says; cancel-reboot takes back a reboot not yet issued.",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_SUB, CMD_ARG_NODES, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_node_exec,
};
