/* output.c - how flurmsh prints what the controller answers: aligned
 * tables, "key: value" records, and JSON with the fields' own types
 * (numbers stay numbers; "a.b" keys become nested objects). Which fields
 * a command shows is the command's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"
#include "cmd.h"

/* Fields that are points in time (seconds since the epoch, 0 = never);
 * limits such as max_time are minutes and print as numbers. */
static bool is_time_key(const char *key)
{
	static const char *const keys[] = {
		"submit_time", "start_time", "end_time", "boot_time",
		"reason_time", "started", "leader_since",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

static char *duration(int64_t s)
{
	if (s >= 86400)
		return xasprintf("%lld-%02lld:%02lld:%02lld", (long long)(s / 86400),
				 (long long)(s % 86400 / 3600),
				 (long long)(s % 3600 / 60), (long long)(s % 60));
	return xasprintf("%02lld:%02lld:%02lld", (long long)(s / 3600),
			 (long long)(s % 3600 / 60), (long long)(s % 60));
}

char *out_field_text(const struct admin_field *f)
{
	if (!f)
		return xstrdup("-");
	switch (f->kind) {
	case ADMIN_F_STR:
		return xstrdup(f->s && *f->s ? f->s : "-");
	case ADMIN_F_BOOL:
		return xstrdup(f->i ? "yes" : "no");
	default:
		break;
	}
	if (is_time_key(f->key)) {
		time_t t = (time_t)f->i;
		struct tm tm;
		char buf[32];

		if (f->i <= 0)
			return xstrdup("-");
		localtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
		return xstrdup(buf);
	}
	if (!strcmp(f->key, "uptime"))
		return duration(f->i);
	/* -1 stands for "no limit" in limits */
	if (f->i == -1 && (strstr(f->key, "time") || strstr(f->key, "max_")))
		return xstrdup("UNLIMITED");
	return xasprintf("%lld", (long long)f->i);
}

void out_table(const struct wire_admin_reply *rep, const struct out_col *cols,
	       size_t ncols)
{
	size_t *w = xcalloc(ncols, sizeof(*w));
	char ***cells = xcalloc(rep->nrecs ? rep->nrecs : 1, sizeof(*cells));

	for (size_t c = 0; c < ncols; c++)
		w[c] = strlen(cols[c].header);
	for (uint32_t r = 0; r < rep->nrecs; r++) {
		cells[r] = xcalloc(ncols, sizeof(**cells));
		for (size_t c = 0; c < ncols; c++) {
			cells[r][c] = out_field_text(wire_admin_rec_get(&rep->recs[r],
									cols[c].key));
			if (strlen(cells[r][c]) > w[c])
				w[c] = strlen(cells[r][c]);
		}
	}
	for (size_t c = 0; c < ncols; c++)
		printf("%-*s%s", c + 1 < ncols ? (int)w[c] : 0, cols[c].header,
		       c + 1 < ncols ? "  " : "\n");
	for (uint32_t r = 0; r < rep->nrecs; r++) {
		for (size_t c = 0; c < ncols; c++) {
			printf("%-*s%s", c + 1 < ncols ? (int)w[c] : 0, cells[r][c],
			       c + 1 < ncols ? "  " : "\n");
			free(cells[r][c]);
		}
		free(cells[r]);
	}
	free(cells);
	free(w);
}

void out_record(const struct admin_rec *r)
{
	int w = 0;

	for (uint32_t i = 0; i < r->n; i++)
		if ((int)strlen(r->f[i].key) > w)
			w = (int)strlen(r->f[i].key);
	for (uint32_t i = 0; i < r->n; i++) {
		char *v = out_field_text(&r->f[i]);

		printf("%-*s  %s\n", w + 1, r->f[i].key, v);
		free(v);
	}
}

void out_json_str(FILE *fp, const char *s)
{
	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '\r': fputs("\\r", fp); break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

static void json_value(const struct admin_field *f)
{
	switch (f->kind) {
	case ADMIN_F_STR:
		out_json_str(stdout, f->s);
		break;
	case ADMIN_F_BOOL:
		fputs(f->i ? "true" : "false", stdout);
		break;
	default:
		printf("%lld", (long long)f->i);
	}
}

/* One record as an object; consecutive "a.b" keys share an object "a". */
static void json_record(const struct admin_rec *r)
{
	const char *group = NULL;
	size_t glen = 0;
	bool first = true, gfirst = true;

	putchar('{');
	for (uint32_t i = 0; i < r->n; i++) {
		const char *key = r->f[i].key, *dot = strchr(key, '.');

		if (group && (!dot || (size_t)(dot - key) != glen ||
			      strncmp(key, group, glen))) {
			putchar('}');
			group = NULL;
		}
		if (dot && !group) {
			char *g = xstrndup(key, (size_t)(dot - key));

			printf("%s", first ? "" : ", ");
			out_json_str(stdout, g);
			printf(": {");
			free(g);
			group = key;
			glen = (size_t)(dot - key);
			gfirst = true;
			first = false;
		}
		if (group) {
			printf("%s", gfirst ? "" : ", ");
			out_json_str(stdout, dot + 1);
			gfirst = false;
		} else {
			printf("%s", first ? "" : ", ");
			out_json_str(stdout, key);
			first = false;
		}
		printf(": ");
		json_value(&r->f[i]);
	}
	if (group)
		putchar('}');
	putchar('}');
}

void out_json_rec(const struct admin_rec *r)
{
	json_record(r);
}

void out_json(const struct wire_admin_reply *rep, const char *name, bool single)
{
	if (single) {
		if (rep->nrecs)
			json_record(&rep->recs[0]);
		else
			fputs("{}", stdout);
		putchar('\n');
		return;
	}
	printf("{");
	out_json_str(stdout, name);
	printf(": [");
	for (uint32_t i = 0; i < rep->nrecs; i++) {
		printf("%s", i ? ", " : "");
		json_record(&rep->recs[i]);
	}
	printf("]}\n");
}

