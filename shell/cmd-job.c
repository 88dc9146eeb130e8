/* cmd-job.c - `job show ID`: every field the controller keeps about one
 * job; `job update ID key=value...`: change a job as scontrol update
 * does (the controller checks who may change what). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "cmd.h"

static const char *const subs[] = { "show", "update", NULL };

static int cmd_job_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *filter, *end;
	unsigned long id;
	int rc;

	bool update = !strcmp(argv[1], "update");

	if (strcmp(argv[1], "show") && !update)
		return cmd_usage_error(sh, &cmd_job_entry,
				       "unknown subcommand '%s'", argv[1]);
	if (argc < 3 || (!update && argc != 3))
		return cmd_usage_error(sh, &cmd_job_entry, "which job?");
	id = strtoul(argv[2], &end, 10);
	if (!argv[2][0] || *end || id == 0 || id > 0xfffffffful)
		return cmd_usage_error(sh, &cmd_job_entry, "'%s' is not a job id",
				       argv[2]);
	if (update) {
		if (argc < 4)
			return cmd_usage_error(sh, &cmd_job_entry,
					       "what to change? (key=value)");
		for (int i = 3; i < argc; i++)
			if (!strchr(argv[i], '=') || argv[i][0] == '=')
				return cmd_usage_error(sh, &cmd_job_entry,
						       "'%s' is not key=value",
						       argv[i]);
		rc = shell_call(sh, "job update", ADMIN_JOB_UPDATE, argv + 2,
				(uint32_t)(argc - 2), &rep);
		if (rc)
			return rc;
		if (sh->json)
			printf("{\"ok\": true, \"id\": %lu}\n", id);
		else
			printf("job %lu updated\n", id);
		wire_admin_reply_free(&rep);
		return SH_OK;
	}
	filter = xasprintf("id=%lu", id);
	rc = shell_call(sh, "job show", ADMIN_JOBS, &filter, 1, &rep);
	free(filter);
	if (rc)
		return rc;
	if (sh->json)
		out_json(&rep, "jobs", false);
	else if (rep.nrecs)
		out_record(&rep.recs[0]);
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_job_entry = {
	.name = "job",
	.args = "show ID | update ID key=value...",
	.help = "show everything about one job, or change it",
	.more = "update keys: name=, comment=, timelimit=MINUTES|UNLIMITED,\n"
		"partition= (pending jobs), priority= (operators).",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_SUB, CMD_ARG_JOB, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_job_exec,
};
