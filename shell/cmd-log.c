/* cmd-log.c - `log level [LEVEL]`: show the controller's log level, or
 * set it at runtime (operators; until the controller restarts, when
 * flurmctld.conf's log_level applies again). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const char *const subs[] = { "level", NULL };

static int cmd_log_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	const struct admin_field *f;
	int rc;

	if (strcmp(argv[1], "level"))
		return cmd_usage_error(sh, &cmd_log_entry,
				       "unknown subcommand '%s'", argv[1]);
	rc = shell_call(sh, "log level", ADMIN_LOG_LEVEL, argv + 2,
			(uint32_t)(argc - 2), &rep);
	if (rc)
		return rc;
	f = rep.nrecs ? wire_admin_rec_get(&rep.recs[0], "level") : NULL;
	if (sh->json)
		out_json(&rep, "log", true);
	else
		printf("log level: %s\n", f && f->s ? f->s : "-");
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.args = "level [error|warning|info|debug|trace]",
	.help = "show or set the controller's log level (operators)",
	.more = "The level set here lasts until the controller restarts; then\n"
		"log_level of flurmctld.conf applies again.",
	.min_args = 1,
	.max_args = 2,
	.complete = { CMD_ARG_SUB, CMD_ARG_NONE, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_log_exec,
};
