/* cmd-sched.c - `sched stats`: what the leader's scheduler has done
 * (cycles, the last cycle's time, jobs pending and running, starts still
 * being committed); `sched run`: ask for a cycle now (operators). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const char *const subs[] = { "run", "stats", NULL };

static int64_t rec_int(const struct wire_admin_reply *rep, const char *key)
{
	const struct admin_field *f = rep->nrecs ?
		wire_admin_rec_get(&rep->recs[0], key) : NULL;

	return f ? f->i : 0;
}

static int sched_stats(struct shell *sh)
{
	struct wire_admin_reply rep;
	int rc = shell_call(sh, "sched stats", ADMIN_SCHED_STATS, NULL, 0, &rep);

	if (rc)
		return rc;
	if (sh->json) {
		out_json(&rep, "sched", true);
	} else {
		printf("cycles:           %lld\n", (long long)rec_int(&rep, "cycles"));
		printf("last cycle:       %.3f ms\n",
		       (double)rec_int(&rep, "last_cycle_us") / 1000.0);
		printf("pending:          %lld (%lld held)\n",
		       (long long)rec_int(&rep, "pending"),
		       (long long)rec_int(&rep, "held"));
		printf("running:          %lld\n", (long long)rec_int(&rep, "running"));
		printf("starts in flight: %lld\n",
		       (long long)rec_int(&rep, "starts_in_flight"));
		printf("cycle queued:     %s\n",
		       rec_int(&rep, "cycle_queued") ? "yes" : "no");
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

static int sched_run(struct shell *sh)
{
	struct wire_admin_reply rep;
	int rc = shell_call(sh, "sched run", ADMIN_SCHED_RUN, NULL, 0, &rep);

	if (rc)
		return rc;
	if (sh->json)
		printf("{\"ok\": true}\n");
	else
		printf("scheduling cycle requested\n");
	wire_admin_reply_free(&rep);
	return SH_OK;
}

static int cmd_sched_exec(struct shell *sh, int argc, char **argv)
{
	if (!strcmp(argv[1], "stats"))
		return sched_stats(sh);
	if (!strcmp(argv[1], "run"))
		return sched_run(sh);
	return cmd_usage_error(sh, &cmd_sched_entry, "unknown subcommand '%s'",
			       argv[1]);
}

const struct cmd_entry cmd_sched_entry = {
	.name = "sched",
	.args = "stats|run",
	.help = "scheduler statistics, or request a scheduling cycle now",
	.more = "'sched run' is for operators; the cycle runs on the leader right\n"
		"after the request is answered.",
	.min_args = 1,
	.max_args = 1,
	.complete = { CMD_ARG_SUB, CMD_ARG_NONE, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_sched_exec,
};
