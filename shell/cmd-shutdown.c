/* cmd-shutdown.c - `shutdown [-y]` (operators): stop the controller
 * flurmsh talks to, as `scontrol shutdown` does. At a terminal it asks
 * first; -y, or input that is not a terminal (scripts), does not. The
 * controller decides who may; this asks and translates. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/* Whether the operator at the terminal says yes to QUESTION. */
static bool confirm(const char *question)
{
	char line[32];

	printf("%s [y/N] ", question);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static int cmd_shutdown_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	bool yes = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-y") || !strcmp(argv[i], "--yes"))
			yes = true;
		else
			return cmd_usage_error(sh, &cmd_shutdown_entry,
					       "unknown option '%s'", argv[i]);
	}
	if (!yes && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    !confirm("Stop the controller?")) {
		printf("not stopped\n");
		return SH_FAILED;
	}
	rc = shell_call(sh, "shutdown", ADMIN_SHUTDOWN, NULL, 0, &rep);
	if (rc)
		return rc;
	if (sh->json)
		printf("{\"ok\": true}\n");
	else
		printf("the controller is shutting down\n");
	wire_admin_reply_free(&rep);
	/* the controller closes this connection: later commands reconnect */
	shell_close(sh);
	return SH_OK;
}

const struct cmd_entry cmd_shutdown_entry = {
	.name = "shutdown",
	.args = "[-y]",
	.help = "stop the controller (operators; asks first at a terminal)",
	.more = "As 'scontrol shutdown': the controller answers, then stops as\n"
		"on SIGTERM. Other controllers of the cluster carry on. -y does\n"
		"not ask; neither does flurmsh when its input is not a terminal.",
	.min_args = 0,
	.max_args = 1,
	.complete = { CMD_ARG_NONE },
	.exec = cmd_shutdown_exec,
};
