/* cmd-help.c - `help [COMMAND]`: the command table, or one command's usage
 * and help. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static void json_entry(const struct cmd_entry *e)
{
	printf("{\"name\": ");
	out_json_str(stdout, e->name);
	printf(", \"args\": ");
	out_json_str(stdout, e->args);
	printf(", \"help\": ");
	out_json_str(stdout, e->help);
	printf(", \"alias\": ");
	out_json_str(stdout, e->alias);
	printf("}");
}

static int cmd_help_exec(struct shell *sh, int argc, char **argv)
{
	const struct cmd_entry *e;
	int width = 0;

	if (argc > 1) {
		e = cmd_find(argv[1]);
		if (!e) {
			fprintf(stderr, "flurmsh: unknown command '%s' (try 'help')\n",
				argv[1]);
			return SH_USAGE;
		}
		if (sh->json) {
			json_entry(e);
			putchar('\n');
			return SH_OK;
		}
		cmd_usage(e, stdout);
		printf("%s", e->help);
		if (e->alias)
			printf(" (also: %s)", e->alias);
		putchar('\n');
		if (e->more)
			printf("%s\n", e->more);
		return SH_OK;
	}
	if (sh->json) {
		printf("{\"commands\": [");
		for (size_t i = 0; cmd_table[i]; i++) {
			printf("%s", i ? ", " : "");
			json_entry(cmd_table[i]);
		}
		printf("]}\n");
		return SH_OK;
	}
	for (size_t i = 0; cmd_table[i]; i++) {
		e = cmd_table[i];
		int w = (int)(strlen(e->name) + (*e->args ? 1 + strlen(e->args) : 0));
		if (w > width)
			width = w;
	}
	puts("Commands:");
	for (size_t i = 0; cmd_table[i]; i++) {
		char synopsis[128];
		e = cmd_table[i];
		snprintf(synopsis, sizeof(synopsis), "%s%s%s", e->name,
			 *e->args ? " " : "", e->args);
		printf("  %-*s  %s", width, synopsis, e->help);
		if (e->alias)
			printf(" (also: %s)", e->alias);
		putchar('\n');
	}
	puts("Separate commands with ';'. Every command takes --json.\n"
	     "<Tab> completes commands, subcommands, node names, job ids,\n"
	     "partitions and configuration keys.");
	return 0;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.args = "[COMMAND]",
	.help = "list the commands, or show how to use one",
	.min_args = 0,
	.max_args = 1,
	.complete = { CMD_ARG_COMMAND, CMD_ARG_NONE },
	.exec = cmd_help_exec,
};
