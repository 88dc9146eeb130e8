/* cmd-cancel.c - `cancel ID...`: cancel jobs, pending or running; a
 * running job is stopped on its nodes. Also the loop over job ids that
 * hold and release share (jobop.h). The owner of a job or an operator
 * may; the controller decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "cmd.h"
#include "jobop.h"

int jobop_run(struct shell *sh, const struct cmd_entry *e, uint16_t cmd,
	      const char *subcmd, const char *done, int argc, char **argv)
{
	int worst = SH_OK;

	/* every id is checked before anything is asked */
	for (int i = 1; i < argc; i++) {
		char *end;
		unsigned long id = strtoul(argv[i], &end, 10);

		if (!argv[i][0] || *end || id == 0 || id > 0xfffffffful)
			return cmd_usage_error(sh, e, "'%s' is not a job id", argv[i]);
	}
	if (sh->json)
		printf("{\"action\": \"%s\", \"jobs\": [", e->name);
	for (int i = 1; i < argc; i++) {
		struct wire_admin_reply rep;
		char *args[2] = { (char *)subcmd, argv[i] };
		int rc = subcmd ? shell_call_quiet(sh, cmd, args, 2, &rep)
				: shell_call_quiet(sh, cmd, argv + i, 1, &rep);
		const char *why = rc == SH_NOCTLD ? err_msg() :
				  rep.error ? rep.error : wire_admin_strerror(rep.rc);

		if (sh->json) {
			printf("%s{\"id\": %s, \"ok\": %s", i > 1 ? ", " : "",
			       argv[i], rc ? "false" : "true");
			if (rc) {
				printf(", \"error\": ");
				out_json_str(stdout, why);
			}
			putchar('}');
		} else if (!rc) {
			printf("job %s: %s\n", argv[i], done);
		}
		if (rc)
			fprintf(stderr, "flurmsh: %s: %s\n", e->name, why);
		wire_admin_reply_free(&rep);
		if (rc > worst)
			worst = rc;
		if (rc == SH_NOCTLD)
			break;
	}
	if (sh->json)
		printf("], \"ok\": %s}\n", worst ? "false" : "true");
	return worst;
}

static int cmd_cancel_exec(struct shell *sh, int argc, char **argv)
{
	return jobop_run(sh, &cmd_cancel_entry, ADMIN_JOB_CANCEL, NULL,
			 "cancelled", argc, argv);
}

const struct cmd_entry cmd_cancel_entry = {
	.name = "cancel",
	.args = "ID...",
	.help = "cancel jobs (yours, or any as an operator)",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_JOB, CMD_ARG_JOB, CMD_ARG_JOB },
	.exec = cmd_cancel_exec,
};
