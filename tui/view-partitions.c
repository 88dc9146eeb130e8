/* view-partitions.c - screen 4: each partition's state, nodes, CPUs, jobs
 * pending and running (counted from the jobs the model holds) and its
 * limits. Read only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Is NAME one of the comma list LIST? */
static bool in_list(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
	return false;
}

static void parts_draw(struct tui *t, struct tui_out *o)
{
	struct tui_list *l = tui_list_of(t);
	size_t n = t->m.parts.n;

	out_line(o, TA_TITLE, "Partitions: %zu", n);
	out_line(o, TA_HEADER, "%-12s %-8s %5s %9s %7s %7s %11s %8s  %s", "NAME",
		 "STATE", "NODES", "CPUS", "PENDING", "RUNNING", "MAXTIME",
		 "MAXNODES", "NODELIST");
	list_clamp(l, (int)n, o->batch ? (int)n : o->rows - o->used);
	for (int i = o->batch ? 0 : l->top; i < (int)n && (o->batch || o->used < o->rows); i++) {
		const struct tui_obj *p = &t->m.parts.v[i];
		const struct admin_rec *r = &p->rec;
		int64_t cpus = 0, alloc = 0, maxt = rec_int(r, "max_time");
		int64_t maxn = rec_int(r, "max_nodes");
		int pending = 0, running = 0;
		char cpu[32], mt[32], mn[32], name[80];

		for (size_t k = 0; k < t->m.nodes.n; k++)
			if (in_list(rec_str(&t->m.nodes.v[k].rec, "partitions"), p->key)) {
				cpus += rec_int(&t->m.nodes.v[k].rec, "cpus");
				alloc += rec_int(&t->m.nodes.v[k].rec, "alloc_cpus");
			}
		for (size_t k = 0; k < t->m.jobs.n; k++) {
			const struct admin_rec *j = &t->m.jobs.v[k].rec;

			if (strcmp(rec_str(j, "partition"), p->key))
				continue;
			pending += !strcmp(rec_str(j, "state"), "PENDING");
			running += !strcmp(rec_str(j, "state"), "RUNNING");
		}
		snprintf(cpu, sizeof(cpu), "%lld/%lld", (long long)alloc, (long long)cpus);
		if (maxt < 0)
			snprintf(mt, sizeof(mt), "UNLIMITED");
		else
			out_duration(mt, sizeof(mt), maxt * 60);
		if (maxn < 0)
			snprintf(mn, sizeof(mn), "UNLIMITED");
		else
			snprintf(mn, sizeof(mn), "%lld", (long long)maxn);
		snprintf(name, sizeof(name), "%s%s", p->key,
			 rec_int(r, "default") ? "*" : "");
		out_line(o, !o->batch && i == l->sel ? TA_SELECTED : TA_NORMAL,
			 "%-12s %-8s %5lld %9s %7d %7d %11s %8s  %s", name,
			 rec_str(r, "state"), (long long)rec_int(r, "total_nodes"),
			 cpu, pending, running, mt, mn, rec_str(r, "nodes"));
	}
}

static const char *const parts_help[] = { NULL };

const struct tui_view view_partitions = {
	.name = "partitions",
	.key = '4',
	.draw = parts_draw,
	.help = parts_help,
};
