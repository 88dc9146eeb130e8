/* cmd.c - flurmsh's command table, lookup and the command-line syntax
 * (';' between commands, quotes, comments). The commands themselves live
 * in cmd-<name>.c; reading lines (readline or batch) is flurmsh.c's. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostlist.h"
#include "core/xalloc.h"
#include "cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_cancel_entry,
	&cmd_cluster_entry,
	&cmd_config_entry,
	&cmd_down_entry,
	&cmd_drain_entry,
	&cmd_help_entry,
	&cmd_hold_entry,
	&cmd_job_entry,
	&cmd_jobs_entry,
	&cmd_log_entry,
	&cmd_metrics_entry,
	&cmd_node_entry,
	&cmd_nodes_entry,
	&cmd_partition_entry,
	&cmd_partitions_entry,
	&cmd_ping_entry,
	&cmd_quit_entry,
	&cmd_release_entry,
	&cmd_reload_entry,
	&cmd_resume_entry,
	&cmd_sched_entry,
	&cmd_shutdown_entry,
	&cmd_status_entry,
	&cmd_version_entry,
	&cmd_watch_entry,
	NULL,
};

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; cmd_table[i]; i++) {
		const struct cmd_entry *e = cmd_table[i];
		if (!strcmp(e->name, name) || (e->alias && !strcmp(e->alias, name)))
			return e;
	}
	return NULL;
}

void cmd_usage(const struct cmd_entry *e, FILE *fp)
{
	fprintf(fp, "usage: %s%s%s\n", e->name, *e->args ? " " : "", e->args);
}

int cmd_usage_error(struct shell *sh, const struct cmd_entry *e,
		    const char *fmt, ...)
{
	char *why = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		why = NULL;
	va_end(ap);
	fprintf(stderr, "flurmsh: %s: %s\n", e->name, why ? why : fmt);
	cmd_usage(e, stderr);
	if (sh->json) {
		printf("{\"error\": ");
		out_json_str(stdout, why ? why : fmt);
		printf(", \"status\": %d}\n", SH_USAGE);
	}
	free(why);
	return SH_USAGE;
}

int cmd_check_hostlist(const struct cmd_entry *e, struct shell *sh,
		       const char *expr)
{
	hostlist_t *hl = hostlist_create(expr);
	bool ok = hl && hostlist_count(hl) > 0;

	hostlist_destroy(hl);
	return ok ? SH_OK : cmd_usage_error(sh, e, "malformed hostlist '%s'", expr);
}

int cmd_exec(struct shell *sh, int argc, char **argv)
{
	const struct cmd_entry *e = cmd_find(argv[0]);
	bool saved = sh->json;
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0, rc;

	if (!e) {
		fprintf(stderr, "flurmsh: unknown command '%s' (try 'help')\n",
			argv[0]);
		if (sh->json)
			printf("{\"error\": \"unknown command\", \"status\": %d}\n",
			       SH_USAGE);
		free(args);
		return SH_USAGE;
	}
	/* --json may follow any command */
	for (int i = 0; i < argc; i++) {
		if (i > 0 && !strcmp(argv[i], "--json"))
			sh->json = true;
		else
			args[n++] = argv[i];
	}
	if (n - 1 < e->min_args || (e->max_args >= 0 && n - 1 > e->max_args)) {
		rc = cmd_usage_error(sh, e, "wrong number of arguments");
	} else {
		rc = e->exec(sh, n, args);
	}
	fflush(stdout);
	sh->json = saved;
	free(args);
	return rc;
}

/* The words of one command. */
struct words {
	char **v;
	size_t n, cap;
};

struct parsed {
	struct words *cmds;
	size_t n, cap;
};

static void words_push(struct words *w, char *word)
{
	xgrow((void **)&w->v, &w->cap, w->n + 2, sizeof(*w->v));
	w->v[w->n++] = word;
	w->v[w->n] = NULL;
}

/* End the command being built, if it has any words. */
static void end_command(struct parsed *p, struct words *cur)
{
	if (cur->n) {
		xgrow((void **)&p->cmds, &p->cap, p->n + 1, sizeof(*p->cmds));
		p->cmds[p->n++] = *cur;
	} else {
		free(cur->v);
	}
	memset(cur, 0, sizeof(*cur));
}

static void parsed_free(struct parsed *p, struct words *cur)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < p->cmds[i].n; j++)
			free(p->cmds[i].v[j]);
		free(p->cmds[i].v);
	}
	free(p->cmds);
	for (size_t j = 0; j < cur->n; j++)
		free(cur->v[j]);
	free(cur->v);
}

static int split_line(const char *line, struct parsed *p)
{
	struct words cur = { 0 };
	char *word = NULL;	/* the word being built, NULL between words */
	const char *s = line;

	memset(p, 0, sizeof(*p));
	for (;;) {
		char c = *s;

		if (c == '\0' || c == ';' || c == ' ' || c == '\t' || c == '\n' ||
		    c == '\r' || (c == '#' && !word)) {
			if (word) {
				words_push(&cur, word);
				word = NULL;
			}
			if (c == '\0' || c == ';' || c == '#') {
				end_command(p, &cur);
				if (c != ';')
					return 0;
			}
			s++;
			continue;
		}
		if (!word)
			word = xstrdup("");
		if (c == '\'' || c == '"') {
			const char *end = s + 1;
			while (*end && *end != c) {
				if (c == '"' && *end == '\\' && end[1])
					end++;
				end++;
			}
			if (!*end) {
				fprintf(stderr, "flurmsh: unterminated %s quote\n",
					c == '"' ? "double" : "single");
				free(word);
				parsed_free(p, &cur);
				return -1;
			}
			for (s++; s < end; s++) {
				if (c == '"' && *s == '\\')
					s++;
				xstrfmtcat(&word, "%c", *s);
			}
			s = end + 1;
		} else if (c == '\\' && s[1]) {
			xstrfmtcat(&word, "%c", s[1]);
			s += 2;
		} else {
			xstrfmtcat(&word, "%c", c);
			s++;
		}
	}
}

int cmd_run_line(struct shell *sh, const char *line)
{
	struct parsed p;
	struct words none = { 0 };
	int rc = 0;

	if (split_line(line, &p) < 0)
		return SH_USAGE;
	for (size_t i = 0; i < p.n && !sh->quit; i++) {
		int r = cmd_exec(sh, (int)p.cmds[i].n, p.cmds[i].v);

		if (r && !rc)
			rc = r;
		if (r && !sh->keep_going)
			break;
	}
	fflush(stdout);
	parsed_free(&p, &none);
	return rc;
}
