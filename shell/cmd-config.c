/* cmd-config.c - `config show [KEY]`: the settings the controller runs
 * with, from flurmctld.conf and slurm.conf; `config diff [FILE]`: what a
 * reload would change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "confdiff.h"

static const char *const subs[] = { "show", "diff", NULL };

static const struct out_col cols[] = {
	{ "key", "KEY" },
	{ "value", "VALUE" },
	{ "source", "SOURCE" },
};

static int cmd_config_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	int rc;

	if (!strcmp(argv[1], "diff")) {
		char *args[1] = { NULL };

		if (argc == 3) {
			args[0] = realpath(argv[2], NULL);
			if (!args[0])
				return cmd_usage_error(sh, &cmd_config_entry,
						       "cannot read '%s'", argv[2]);
		}
		rc = shell_call(sh, "config diff", ADMIN_CONFIG_DIFF, args,
				(uint32_t)argc - 2, &rep);
		free(args[0]);
		if (rc)
			return rc;
		/* a pending restart-only change is news, not a failure */
		confdiff_print(sh, &rep, "changes",
			       "no changes: the controller runs what slurm.conf says");
		wire_admin_reply_free(&rep);
		return SH_OK;
	}
	if (strcmp(argv[1], "show"))
		return cmd_usage_error(sh, &cmd_config_entry,
				       "unknown subcommand '%s'", argv[1]);
	rc = shell_call(sh, "config show", ADMIN_CONFIG, argv + 2,
			(uint32_t)argc - 2, &rep);
	if (rc)
		return rc;
	if (sh->json) {
		out_json(&rep, "config", false);
	} else if (argc == 3) {
		for (uint32_t i = 0; i < rep.nrecs; i++) {
			char *k = out_field_text(wire_admin_rec_get(&rep.recs[i], "key"));
			const struct admin_field *v = wire_admin_rec_get(&rep.recs[i], "value");

			printf("%s = %s\n", k, v && v->s ? v->s : "");
			free(k);
		}
	} else {
		out_table(&rep, cols, sizeof(cols) / sizeof(*cols));
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.args = "show [KEY] | diff [FILE]",
	.help = "show the running configuration or one setting; diff: what a reload would change",
	.min_args = 1,
	.max_args = 2,
	.complete = { CMD_ARG_SUB, CMD_ARG_CONFIG_KEY, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_config_exec,
};
