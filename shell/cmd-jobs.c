/* cmd-jobs.c - `jobs [-u USER] [-p PARTITION] [-t STATE]`: one line per
 * job the controller knows, finished ones included until MinJobAge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "cmd.h"

static const struct out_col cols[] = {
	{ "id", "JOBID" },
	{ "partition", "PARTITION" },
	{ "name", "NAME" },
	{ "user", "USER" },
	{ "state", "STATE" },
	{ "reason", "REASON" },
	{ "cpus", "CPUS" },
	{ "nodes", "NODES" },
	{ "dependency", "DEPENDENCY" },    /* what is left, as squeue %E */
};

static enum cmd_arg jobs_complete_after(const char *word)
{
	if (!strcmp(word, "-p"))
		return CMD_ARG_PART;
	if (!strcmp(word, "-t"))
		return CMD_ARG_JOB_STATE;
	return CMD_ARG_NONE;
}

static int cmd_jobs_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *filters[3] = { NULL, NULL, NULL };
	uint32_t n = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *key;

		if (!strcmp(argv[i], "-u"))
			key = "user";
		else if (!strcmp(argv[i], "-p"))
			key = "partition";
		else if (!strcmp(argv[i], "-t"))
			key = "state";
		else {
			rc = cmd_usage_error(sh, &cmd_jobs_entry,
					     "unknown argument '%s'", argv[i]);
			goto out;
		}
		if (i + 1 >= argc || !argv[i + 1][0]) {
			rc = cmd_usage_error(sh, &cmd_jobs_entry,
					     "%s needs a value", argv[i]);
			goto out;
		}
		if (n == 3) {
			rc = cmd_usage_error(sh, &cmd_jobs_entry, "too many filters");
			goto out;
		}
		filters[n++] = xasprintf("%s=%s", key, argv[++i]);
	}
	rc = shell_call(sh, argv[0], ADMIN_JOBS, filters, n, &rep);
	if (rc)
		goto out;
	if (sh->json)
		out_json(&rep, "jobs", false);
	else
		out_table(&rep, cols, sizeof(cols) / sizeof(*cols));
	wire_admin_reply_free(&rep);
out:
	for (uint32_t i = 0; i < n; i++)
		free(filters[i]);
	return rc;
}

const struct cmd_entry cmd_jobs_entry = {
	.name = "jobs",
	.args = "[-u USER] [-p PARTITION] [-t STATE]",
	.help = "list jobs, optionally only those of a user, partition or state",
	.min_args = 0,
	.max_args = 6,
	.complete_after = jobs_complete_after,
	.exec = cmd_jobs_exec,
};
