/* cmd-reload.c - `reload [FILE]`: the controller reads slurm.conf again
 * (or FILE, which it then keeps reading) and applies what changed, as
 * scontrol reconfigure and SIGHUP do; prints each change. The change
 * list is shared with `config diff`. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "confdiff.h"

int confdiff_print(struct shell *sh, const struct wire_admin_reply *rep,
		   const char *name, const char *none)
{
	bool refused = false;

	for (uint32_t i = 0; i < rep->nrecs; i++) {
		const struct admin_field *f = wire_admin_rec_get(&rep->recs[i], "refused");

		if (f && f->i)
			refused = true;
	}
	if (sh->json) {
		out_json(rep, name, false);
	} else if (!rep->nrecs) {
		printf("%s\n", none);
	} else {
		for (uint32_t i = 0; i < rep->nrecs; i++) {
			const struct admin_field *t = wire_admin_rec_get(&rep->recs[i], "text");

			printf("%s\n", t && t->s ? t->s : "?");
		}
	}
	return refused ? SH_FAILED : SH_OK;
}

static int cmd_reload_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *args[1] = { NULL };
	int rc;

	if (argc == 2) {
		args[0] = realpath(argv[1], NULL);
		if (!args[0])
			return cmd_usage_error(sh, &cmd_reload_entry,
					       "cannot read '%s'", argv[1]);
	}
	rc = shell_call(sh, "reload", ADMIN_RELOAD, args, argc - 1u, &rep);
	free(args[0]);
	if (rc)
		return rc;
	rc = confdiff_print(sh, &rep, "changes", "no changes");
	wire_admin_reply_free(&rep);
	return rc;
}

const struct cmd_entry cmd_reload_entry = {
	.name = "reload",
	.args = "[FILE]",
	.help = "read slurm.conf again and apply what changed",
	.more = "Nodes, partitions and scheduling settings change at once;\n"
		"settings that need a restart are kept and reported (status 1).\n"
		"A file with an error changes nothing. Partition changes made\n"
		"at runtime are reset to the file.",
	.min_args = 0,
	.max_args = 1,
	.complete = { CMD_ARG_NONE },
	.exec = cmd_reload_exec,
};
