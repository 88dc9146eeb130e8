/* cmd-metrics.c - `metrics [PATTERN]`: the Prometheus text /metrics
 * serves, only the metrics whose name contains PATTERN (or matches it, if
 * it has * ? or [); --json gives name, labels and value of each sample. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "cmd.h"

static bool name_matches(const char *name, const char *pattern)
{
	if (!pattern)
		return true;
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, name, 0) == 0;
	return strstr(name, pattern) != NULL;
}

/* The metric name a line is about ("# HELP name ..." too), malloc'd. */
static char *line_name(const char *line)
{
	size_t n;

	if (!strncmp(line, "# HELP ", 7) || !strncmp(line, "# TYPE ", 7))
		line += 7;
	else if (line[0] == '#')
		return NULL;
	n = strcspn(line, " {");
	return xstrndup(line, n);
}

/* A histogram's samples are NAME_bucket, NAME_sum, NAME_count. */
static char *family_of(const char *name)
{
	static const char *const suffixes[] = { "_bucket", "_sum", "_count" };
	size_t n = strlen(name);

	for (size_t i = 0; i < 3; i++) {
		size_t s = strlen(suffixes[i]);

		if (n > s && !strcmp(name + n - s, suffixes[i]))
			return xstrndup(name, n - s);
	}
	return xstrdup(name);
}

static int cmd_metrics_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	const char *pattern = argc > 1 ? argv[1] : NULL;
	char *text, *line, *save = NULL;
	bool first = true;
	int rc = shell_call(sh, argv[0], ADMIN_METRICS, NULL, 0, &rep);

	if (rc)
		return rc;
	text = rep.text ? rep.text : (char *)"";
	if (sh->json)
		printf("{\"metrics\": [");
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *name = line_name(line), *fam;
		bool want;

		if (!name)
			continue;
		fam = family_of(name);
		want = name_matches(name, pattern) || name_matches(fam, pattern);
		if (want && !sh->json) {
			puts(line);
		} else if (want && line[0] != '#') {
			const char *rest = line + strlen(name), *value;
			char *labels = NULL;

			if (*rest == '{') {
				const char *close = strrchr(rest, '}');

				labels = xstrndup(rest + 1, close ? (size_t)(close - rest - 1) : 0);
				rest = close ? close + 1 : rest;
			}
			value = rest + strspn(rest, " ");
			printf("%s{\"name\": ", first ? "" : ", ");
			out_json_str(stdout, name);
			printf(", \"labels\": ");
			out_json_str(stdout, labels ? labels : "");
			printf(", \"value\": ");
			/* Prometheus writes +Inf, -Inf and NaN; JSON has no
			 * such numbers, so those stay strings */
			if (strpbrk(value, "IN"))
				out_json_str(stdout, value);
			else
				fputs(value, stdout);
			putchar('}');
			first = false;
			free(labels);
		}
		free(fam);
		free(name);
	}
	if (sh->json)
		printf("]}\n");
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_metrics_entry = {
	.name = "metrics",
	.args = "[PATTERN]",
	.help = "the Prometheus metrics, only those whose name contains PATTERN",
	.more = "PATTERN with * ? or [ is a shell glob matched against the whole name.",
	.min_args = 0,
	.max_args = 1,
	.exec = cmd_metrics_exec,
};
