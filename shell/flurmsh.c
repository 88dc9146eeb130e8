/* flurmsh.c - the FLURM admin console: command line, then commands from
 * -c, from the arguments, from the terminal (readline, history, <Tab>
 * completion over cmd_table[]) or one per line from a pipe. The commands
 * are in cmd-*.c; talking to flurmctld's admin socket is lib/admin's. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "core/version.h"
#include "core/xalloc.h"
#include "cmd.h"

#define DEFAULT_SOCKET "/run/flurm/flurmctld.sock"
#define HISTORY_LINES  1000

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: flurmsh [-s SOCKET] [-c 'CMD; CMD...' | COMMAND [ARG]...]\n"
		"The FLURM admin console. Without -c or a COMMAND it reads commands\n"
		"from the terminal, with line editing, history and <Tab> completion,\n"
		"or one per line from standard input when that is not a terminal.\n"
		"\n"
		"Options:\n"
		"  -c, --command=CMDS   run CMDS, separated by ';', and exit\n"
		"  -s, --socket=PATH    flurmctld's admin socket (default %s)\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           print this help and exit\n"
		"\n"
		"Batch runs stop at the first failing command and exit with its status.\n"
		"Type 'help' for the commands. See flurmsh(1).\n",
		DEFAULT_SOCKET);
}

/* <Tab>: command names, from the same table the dispatcher reads. */
static char *command_generator(const char *text, int state)
{
	static size_t idx, len;

	if (!state) {
		idx = 0;
		len = strlen(text);
	}
	/* even idx: a command's name, odd: its alias */
	while (cmd_table[idx / 2]) {
		const struct cmd_entry *e = cmd_table[idx / 2];
		const char *name = idx % 2 ? e->alias : e->name;
		idx++;
		if (name && !strncmp(name, text, len))
			return xstrdup(name);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	const char *line = rl_line_buffer;
	int i = start, w_end, w_start;
	char name[64];
	const struct cmd_entry *e;

	rl_attempted_completion_over = 1;	/* never file names */
	while (i > 0 && isspace((unsigned char)line[i - 1]))
		i--;
	if (i == 0 || line[i - 1] == ';')
		return rl_completion_matches(text, command_generator);
	/* the first argument of a command: what its entry says */
	w_end = i;
	w_start = w_end;
	while (w_start > 0 && !isspace((unsigned char)line[w_start - 1]) &&
	       line[w_start - 1] != ';')
		w_start--;
	i = w_start;
	while (i > 0 && isspace((unsigned char)line[i - 1]))
		i--;
	if (i > 0 && line[i - 1] != ';')
		return NULL;	/* not the first argument */
	if (w_end - w_start >= (int)sizeof(name))
		return NULL;
	memcpy(name, line + w_start, (size_t)(w_end - w_start));
	name[w_end - w_start] = '\0';
	e = cmd_find(name);
	if (e && e->complete == CMD_ARG_COMMAND)
		return rl_completion_matches(text, command_generator);
	return NULL;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	return home && *home ? xasprintf("%s/.flurmsh_history", home) : NULL;
}

static int interactive(struct shell *sh)
{
	char *hist = history_path();
	int added = 0;

	rl_readline_name = "flurmsh";
	rl_attempted_completion_function = complete;
	using_history();
	stifle_history(HISTORY_LINES);
	if (hist)
		read_history(hist);
	while (!sh->quit) {
		char *line = readline("flurmsh> ");
		const char *p;

		if (!line) {		/* ^D */
			putchar('\n');
			break;
		}
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p) {
			add_history(line);
			added++;
		}
		cmd_run_line(sh, line);	/* errors are shown; keep going */
		free(line);
	}
	if (hist && added) {
		if (access(hist, F_OK) == 0)
			append_history(added, hist);
		else
			write_history(hist);
		history_truncate_file(hist, HISTORY_LINES);
	}
	free(hist);
	return 0;
}

static int batch(struct shell *sh, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	while (!sh->quit && getline(&line, &cap, in) >= 0) {
		rc = cmd_run_line(sh, line);
		if (rc)
			break;
	}
	free(line);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct shell sh = { .socket_path = DEFAULT_SOCKET };
	const char *commands = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:c:s:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			commands = optarg;
			break;
		case 's':
			sh.socket_path = optarg;
			break;
		case 'V':
			printf("flurmsh %s\n", FLURM_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "flurmsh: option '%s' needs an argument\n\n",
				argv[optind - 1]);
			usage(stderr);
			return 2;
		default:
			if (optopt)
				fprintf(stderr, "flurmsh: unknown option '-%c'\n\n", optopt);
			else
				fprintf(stderr, "flurmsh: unknown option '%s'\n\n",
					argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (commands && optind < argc) {
		fprintf(stderr, "flurmsh: give commands either with -c or as "
			"arguments, not both\n\n");
		usage(stderr);
		return 2;
	}
	if (commands)
		return cmd_run_line(&sh, commands);
	if (optind < argc)
		return cmd_exec(&sh, argc - optind, argv + optind);
	if (isatty(STDIN_FILENO))
		return interactive(&sh);
	return batch(&sh, stdin);
}
