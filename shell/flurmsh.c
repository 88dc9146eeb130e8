/* flurmsh.c - the FLURM admin console: command line, then commands from
 * -c, from the arguments, from a file (-f), from the terminal (readline,
 * history, <Tab> completion over cmd_table[] and names fetched from the
 * controller, a prompt with the cluster and its leadership) or one per
 * line from a pipe. The commands are in cmd-*.c; talking to flurmctld's
 * admin socket is lib/admin's. */
#include <ctype.h>
#include <getopt.h>
#include <signal.h>
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
		"Usage: flurmsh [OPTION]... [-c 'CMD; CMD...' | -f FILE | COMMAND [ARG]...]\n"
		"The FLURM admin console. Without -c, -f or a COMMAND it reads commands\n"
		"from the terminal, with line editing, history and <Tab> completion,\n"
		"or one per line from standard input when that is not a terminal.\n"
		"\n"
		"Options:\n"
		"  -c, --command=CMDS   run CMDS, separated by ';', and exit\n"
		"  -f, --file=FILE      run the commands in FILE, one per line\n"
		"  -k, --keep-going     run on after a command fails\n"
		"  -j, --json           print every result as JSON\n"
		"  -S, --socket=PATH    flurmctld's admin socket (default: $FLURM_ADMIN_SOCKET,\n"
		"                       else %s)\n"
		"  -H, --host=HOST[:PORT]  talk to flurmctld's admin_port over TCP instead,\n"
		"                       authenticated with MUNGE (default: $FLURM_ADMIN_HOST;\n"
		"                       PORT defaults to %d; munged's socket: $FLURM_MUNGE_SOCKET)\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           print this help and exit\n"
		"\n"
		"A run of commands stops at the first one that fails. Exit status:\n"
		"0 all commands succeeded, 1 a command failed, 2 usage error (unknown\n"
		"command or arguments), 3 the controller could not be reached.\n"
		"Type 'help' for the commands. See flurmsh(1).\n",
		DEFAULT_SOCKET, WIRE_ADMIN_DEFAULT_PORT);
}

/* lib/admin takes a target without a '/' for HOST[:PORT]: a socket in the
 * current directory is named ./NAME. The result lives as long as the
 * process. */
static const char *socket_target(const char *path)
{
	static char *owned;

	if (strchr(path, '/'))
		return path;
	free(owned);
	owned = xasprintf("./%s", path);
	return owned;
}

/* ---- completion ----------------------------------------------------- */

static struct shell *cur_shell;	/* readline's callbacks have no argument */
static char **cands;		/* candidates for the word being completed */
static char *cand_prefix;	/* kept before each candidate (node1,nod) */

static void cands_free(void)
{
	for (size_t i = 0; cands && cands[i]; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	free(cand_prefix);
	cand_prefix = NULL;
}

static void cands_add(size_t *n, size_t *cap, const char *s)
{
	xgrow((void **)&cands, cap, *n + 2, sizeof(*cands));
	cands[(*n)++] = xstrdup(s);
	cands[*n] = NULL;
}

/* Candidates of KIND: names from the table or from the controller. */
static void cands_fill(const struct cmd_entry *e, enum cmd_arg kind)
{
	static const char *const states[] = {
		"pending", "running", "suspended", "completed", "cancelled",
		"failed", "timeout", "node_fail", "deadline", NULL,
	};
	struct wire_admin_reply rep;
	size_t n = 0, cap = 0;
	uint16_t cmd = 0;
	const char *key = NULL;

	switch (kind) {
	case CMD_ARG_COMMAND:
		for (size_t i = 0; cmd_table[i]; i++) {
			cands_add(&n, &cap, cmd_table[i]->name);
			if (cmd_table[i]->alias)
				cands_add(&n, &cap, cmd_table[i]->alias);
		}
		return;
	case CMD_ARG_SUB:
		for (size_t i = 0; e && e->subs && e->subs[i]; i++)
			cands_add(&n, &cap, e->subs[i]);
		return;
	case CMD_ARG_JOB_STATE:
		for (size_t i = 0; states[i]; i++)
			cands_add(&n, &cap, states[i]);
		return;
	case CMD_ARG_SUB_NODES:
		/* `nodes sync` beside `nodes node[1-4]` */
		for (size_t i = 0; e && e->subs && e->subs[i]; i++)
			cands_add(&n, &cap, e->subs[i]);
		cmd = ADMIN_NODES;
		key = "name";
		break;
	case CMD_ARG_NODES: cmd = ADMIN_NODES; key = "name"; break;
	case CMD_ARG_JOB: cmd = ADMIN_JOBS; key = "id"; break;
	case CMD_ARG_PART: cmd = ADMIN_PARTITIONS; key = "name"; break;
	case CMD_ARG_CONFIG_KEY: cmd = ADMIN_CONFIG; key = "key"; break;
	default:
		return;
	}
	if (shell_call_quiet(cur_shell, cmd, NULL, 0, &rep) != SH_OK) {
		wire_admin_reply_free(&rep);
		return;
	}
	for (uint32_t i = 0; i < rep.nrecs; i++) {
		char *v = out_field_text(wire_admin_rec_get(&rep.recs[i], key));

		cands_add(&n, &cap, v);
		free(v);
	}
	wire_admin_reply_free(&rep);
}

static char *cand_generator(const char *text, int state)
{
	static size_t idx;
	const char *word = text + (cand_prefix ? strlen(cand_prefix) : 0);

	if (!state)
		idx = 0;
	while (cands && cands[idx]) {
		const char *c = cands[idx++];

		if (!strncmp(c, word, strlen(word)))
			return xasprintf("%s%s", cand_prefix ? cand_prefix : "", c);
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	char *line = xstrndup(rl_line_buffer, (size_t)start);
	char *cmdstart = strrchr(line, ';'), *save = NULL, *w;
	char *words[16];
	int nw = 0;
	const struct cmd_entry *e = NULL;
	enum cmd_arg kind = CMD_ARG_NONE;
	char **matches;

	rl_attempted_completion_over = 1;	/* never file names */
	cands_free();
	for (w = strtok_r(cmdstart ? cmdstart + 1 : line, " \t", &save);
	     w && nw < 16; w = strtok_r(NULL, " \t", &save))
		words[nw++] = w;
	if (nw == 0) {
		kind = CMD_ARG_COMMAND;
	} else if ((e = cmd_find(words[0]))) {
		if (e->complete_after)
			kind = e->complete_after(words[nw - 1]);
		if (kind == CMD_ARG_NONE)
			kind = e->complete[nw - 1 < CMD_MAX_COMPLETE ?
					   nw - 1 : CMD_MAX_COMPLETE - 1];
	}
	if (nw > 0 && !strncmp(text, "--", 2)) {
		size_t n = 0, cap = 0;

		cands_add(&n, &cap, "--json");
	} else {
		cands_fill(e, kind);
		if ((kind == CMD_ARG_NODES || kind == CMD_ARG_SUB_NODES) &&
		    strrchr(text, ','))
			cand_prefix = xstrndup(text, (size_t)(strrchr(text, ',') - text + 1));
	}
	free(line);
	if (kind == CMD_ARG_NODES || kind == CMD_ARG_SUB_NODES)
		rl_completion_suppress_append = 0;
	matches = cands ? rl_completion_matches(text, cand_generator) : NULL;
	cands_free();
	return matches;
}

/* ---- prompt and the interactive loop -------------------------------- */

static char *cluster_name;

/* "flurmsh CLUSTER (leader)> ", asked of the controller each time. */
static char *make_prompt(struct shell *sh)
{
	struct wire_admin_reply rep;
	bool leader;

	if (!cluster_name) {
		if (shell_call_quiet(sh, ADMIN_STATUS, NULL, 0, &rep) != SH_OK) {
			wire_admin_reply_free(&rep);
			return xstrdup("flurmsh (no controller)> ");
		}
		if (rep.nrecs)
			cluster_name = out_field_text(wire_admin_rec_get(&rep.recs[0],
									 "cluster"));
		wire_admin_reply_free(&rep);
	}
	if (shell_call_quiet(sh, ADMIN_PING, NULL, 0, &rep) != SH_OK) {
		wire_admin_reply_free(&rep);
		return xasprintf("flurmsh %s (no controller)> ",
				 cluster_name ? cluster_name : "-");
	}
	leader = rep.nrecs && wire_admin_rec_get(&rep.recs[0], "leader") &&
		 wire_admin_rec_get(&rep.recs[0], "leader")->i;
	wire_admin_reply_free(&rep);
	return xasprintf("flurmsh %s (%s)> ", cluster_name ? cluster_name : "-",
			 leader ? "leader" : "follower");
}

/* Ctrl-C at the prompt drops the line being typed, as in a shell, and
 * does not end the session. The handler only notes it; readline calls
 * the hook below from its read loop, where redrawing is safe. */
static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	got_sigint = 1;
}

static int on_signal_event(void)
{
	if (got_sigint) {
		got_sigint = 0;
		rl_replace_line("", 0);
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
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

	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);    /* no SA_RESTART: readline sees it */
	rl_signal_event_hook = on_signal_event;
	cur_shell = sh;
	rl_readline_name = "flurmsh";
	rl_attempted_completion_function = complete;
	using_history();
	stifle_history(HISTORY_LINES);
	if (hist)
		read_history(hist);
	while (!sh->quit) {
		char *prompt = make_prompt(sh);
		char *line = readline(prompt);
		const char *p;

		free(prompt);
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
		sh->keep_going = true;	/* errors are shown; keep going */
		cmd_run_line(sh, line);
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
	free(cluster_name);
	return 0;
}

static int batch(struct shell *sh, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	while (!sh->quit && getline(&line, &cap, in) >= 0) {
		int r = cmd_run_line(sh, line);

		if (r && !rc)
			rc = r;
		if (r && !sh->keep_going)
			break;
	}
	free(line);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, 'f' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 'S' },
		{ "host", required_argument, NULL, 'H' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct shell sh = { .socket_path = DEFAULT_SOCKET };
	const char *commands = NULL, *file = NULL, *env, *host = NULL;
	bool socket_opt = false, host_opt = false;
	int c, rc;

	env = getenv("FLURM_ADMIN_SOCKET");
	if (env && *env)
		sh.socket_path = socket_target(env);
	env = getenv("FLURM_ADMIN_HOST");
	if (env && *env)
		host = env;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:c:f:kjS:s:H:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			commands = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'k':
			sh.keep_going = true;
			break;
		case 'j':
			sh.json = true;
			break;
		case 'S':
		case 's':	/* the spelling of earlier releases */
			sh.socket_path = socket_target(optarg);
			socket_opt = true;
			break;
		case 'H':
			if (!*optarg || strchr(optarg, '/')) {
				fprintf(stderr, "flurmsh: -H takes HOST[:PORT], not "
					"'%s'\n\n", optarg);
				usage(stderr);
				return SH_USAGE;
			}
			host = optarg;
			host_opt = true;
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
			return SH_USAGE;
		default:
			if (optopt)
				fprintf(stderr, "flurmsh: unknown option '-%c'\n\n", optopt);
			else
				fprintf(stderr, "flurmsh: unknown option '%s'\n\n",
					argv[optind - 1]);
			usage(stderr);
			return SH_USAGE;
		}
	}
	/* an explicit -S wins over $FLURM_ADMIN_HOST, -H over anything */
	if (socket_opt && host_opt) {
		fprintf(stderr, "flurmsh: -H and -S are exclusive: choose the "
			"TCP admin_port or the local socket\n\n");
		usage(stderr);
		return SH_USAGE;
	}
	if (host && !socket_opt)
		sh.socket_path = host;
	if ((commands != NULL) + (file != NULL) + (optind < argc) > 1) {
		fprintf(stderr, "flurmsh: give commands with -c, with -f or as "
			"arguments, only one of them\n\n");
		usage(stderr);
		return SH_USAGE;
	}
	if (commands) {
		rc = cmd_run_line(&sh, commands);
	} else if (file) {
		FILE *fp = fopen(file, "r");

		if (!fp) {
			perror(file);
			return SH_USAGE;
		}
		rc = batch(&sh, fp);
		fclose(fp);
	} else if (optind < argc) {
		rc = cmd_exec(&sh, argc - optind, argv + optind);
	} else if (isatty(STDIN_FILENO)) {
		rc = interactive(&sh);
	} else {
		rc = batch(&sh, stdin);
	}
	shell_close(&sh);
	return rc;
}
