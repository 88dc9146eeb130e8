/* cmd-job.c - `job show ID`: every field the controller keeps about one
 * job; `job update ID key=value...`: change a job as scontrol update
 * does; `job requeue|requeuehold|suspend|resume ID`: as scontrol's
 * commands of those names (the controller checks who may do what). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "cmd.h"

static const char *const subs[] = {
	"show", "update", "requeue", "requeuehold", "suspend", "resume", NULL,
};

/* The job controls: requeue, requeuehold, suspend, resume. */
static bool is_control(const char *sub)
{
	for (int i = 2; subs[i]; i++)
		if (!strcmp(sub, subs[i]))
			return true;
	return false;
}

static int job_control(struct shell *sh, char **argv, unsigned long id)
{
	static const char *const done[] = {
		"requeued", "requeued and held", "suspended", "resumed",
	};
	struct wire_admin_reply rep;
	char *args[2] = { argv[1], argv[2] };
	int k = 0, rc;

	while (strcmp(subs[k + 2], argv[1]))
		k++;
	rc = shell_call(sh, "job control", ADMIN_JOB_CONTROL, args, 2, &rep);
	if (rc)
		return rc;
	if (sh->json)
		printf("{\"ok\": true, \"id\": %lu, \"action\": \"%s\"}\n",
		       id, argv[1]);
	else
		printf("job %lu %s\n", id, done[k]);
	wire_admin_reply_free(&rep);
	return SH_OK;
}

static int cmd_job_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *filter, *end;
	unsigned long id;
	int rc;

	bool update = !strcmp(argv[1], "update");

	if (strcmp(argv[1], "show") && !update && !is_control(argv[1]))
		return cmd_usage_error(sh, &cmd_job_entry,
				       "unknown subcommand '%s'", argv[1]);
	if (argc < 3 || (!update && argc != 3))
		return cmd_usage_error(sh, &cmd_job_entry, "which job?");
	id = strtoul(argv[2], &end, 10);
	if (!argv[2][0] || *end || id == 0 || id > 0xfffffffful)
		return cmd_usage_error(sh, &cmd_job_entry, "'%s' is not a job id",
				       argv[2]);
	if (is_control(argv[1]))
		return job_control(sh, argv, id);
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
	.args = "show ID | update ID key=value... | "
		"requeue|requeuehold|suspend|resume ID",
	.help = "show everything about one job, or change it",
	.more = "update keys: name=, comment=, timelimit=MINUTES|UNLIMITED,\n"
		"partition= (pending jobs), priority= (operators).\n"
		"requeue: a started job goes back to pending and runs again\n"
		"(requeuehold: and is held); suspend/resume (operators): its\n"
		"processes are stopped and continued, its time limit paused.",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_SUB, CMD_ARG_JOB, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_job_exec,
};
