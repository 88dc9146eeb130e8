/* cmd-drain.c - `drain HOSTLIST REASON...`: no new jobs on these nodes;
 * running ones finish. Also the state change shared with resume and down
 * (nodestate.h); the controller checks that the caller is an operator. */
#include <stdio.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "cmd.h"
#include "nodestate.h"


int nodestate_change(struct shell *sh, const struct cmd_entry *e,
		     const char *op, int argc, char **argv)
{
	struct wire_admin_reply rep;
	char *args[3] = { (char *)op, argv[1], NULL };
	char *reason = NULL;
	int rc;

	if ((rc = cmd_check_hostlist(e, sh, argv[1])))
		return rc;
	for (int i = 2; i < argc; i++)
		xstrfmtcat(&reason, "%s%s", i > 2 ? " " : "", argv[i]);
	args[2] = reason;
	rc = shell_call(sh, e->name, ADMIN_NODE_UPDATE, args, reason ? 3 : 2, &rep);
	if (rc == SH_OK) {
		if (sh->json) {
			printf("{\"ok\": true, \"action\": ");
			out_json_str(stdout, op);
			printf(", \"nodes\": ");
			out_json_str(stdout, argv[1]);
			printf(", \"reason\": ");
			out_json_str(stdout, reason);
			printf("}\n");
		} else {
			printf("%s: %s%s%s\n", argv[1], op, reason ? ", reason: " : "",
			       reason ? reason : "");
		}
		wire_admin_reply_free(&rep);
	}
	free(reason);
	return rc;
}

static int cmd_drain_exec(struct shell *sh, int argc, char **argv)
{
	return nodestate_change(sh, &cmd_drain_entry, "drain", argc, argv);
}

const struct cmd_entry cmd_drain_entry = {
	.name = "drain",
	.args = "HOSTLIST REASON...",
	.help = "take nodes out of scheduling; their running jobs finish",
	.min_args = 2,
	.max_args = -1,
	.complete = { CMD_ARG_NODES, CMD_ARG_NONE },
	.exec = cmd_drain_exec,
};
