/* view-jobs.c - screen 2: every job the controller holds, one row each,
 * sorted by any column (< >) and filtered (/); c cancels after a y/n
 * question, h holds, u releases. The controller decides who may. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"

enum { COL_ID, COL_USER, COL_NAME, COL_PART, COL_STATE, COL_REASON,
	COL_ELAPSED, COL_LIMIT, COL_NODES, COL_CPUS, NCOLS };
static const char *const col_names[NCOLS] = { "ID", "USER", "NAME",
	"PARTITION", "STATE", "REASON", "ELAPSED", "LIMIT", "NODES", "CPUS" };

static int64_t elapsed(const struct admin_rec *r)
{
	int64_t start = rec_int(r, "start_time"), end = rec_int(r, "end_time");

	if (start <= 0)
		return 0;
	if (end <= 0 || !strcmp(rec_str(r, "state"), "RUNNING"))
		end = (int64_t)time(NULL);
	return end > start ? end - start : 0;
}

static int sort_col;
static bool sort_desc;

static int cmp_jobs(const void *a, const void *b)
{
	const struct admin_rec *x = &(*(const struct tui_obj *const *)a)->rec;
	const struct admin_rec *y = &(*(const struct tui_obj *const *)b)->rec;
	int64_t ix = 0, iy = 0;
	const char *sx = NULL, *sy = NULL;
	int c;

	switch (sort_col) {
	case COL_USER: sx = rec_str(x, "user"); sy = rec_str(y, "user"); break;
	case COL_NAME: sx = rec_str(x, "name"); sy = rec_str(y, "name"); break;
	case COL_PART: sx = rec_str(x, "partition"); sy = rec_str(y, "partition"); break;
	case COL_STATE: sx = rec_str(x, "state"); sy = rec_str(y, "state"); break;
	case COL_REASON: sx = rec_str(x, "reason"); sy = rec_str(y, "reason"); break;
	case COL_ELAPSED: ix = elapsed(x); iy = elapsed(y); break;
	case COL_LIMIT: ix = rec_int(x, "time_limit"); iy = rec_int(y, "time_limit"); break;
	case COL_NODES: ix = rec_int(x, "num_nodes"); iy = rec_int(y, "num_nodes"); break;
	case COL_CPUS: ix = rec_int(x, "cpus"); iy = rec_int(y, "cpus"); break;
	default: break;
	}
	c = sx ? strcmp(sx, sy) : (ix > iy) - (ix < iy);
	if (!c) {
		ix = rec_int(x, "id");
		iy = rec_int(y, "id");
		c = (ix > iy) - (ix < iy);
	}
	return sort_desc ? -c : c;
}

static void jobs_draw(struct tui *t, struct tui_out *o)
{
	struct tui_list *l = tui_list_of(t);
	struct tui_obj **rows = calloc(t->m.jobs.n + 1, sizeof(*rows));
	int n = 0, avail;
	char head[256];

	for (size_t i = 0; rows && i < t->m.jobs.n; i++)
		if (list_match(l, &t->m.jobs.v[i].rec, t->m.jobs.v[i].key))
			rows[n++] = &t->m.jobs.v[i];
	sort_col = l->sort_col;
	sort_desc = l->sort_desc;
	if (n)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_jobs);
	out_line(o, TA_TITLE, "Jobs: %d shown of %zu%s%s%s  sorted by %s%s", n,
		 t->m.jobs.n, l->filter[0] ? ", filter '" : "", l->filter,
		 l->filter[0] ? "'" : "", col_names[l->sort_col],
		 l->sort_desc ? " (descending)" : "");
	snprintf(head, sizeof(head), "%-8s %-9s %-12s %-9s %-10s %-16s %10s %10s "
		 "%5s %5s  %s", "ID", "USER", "NAME", "PARTITION", "STATE",
		 "REASON", "ELAPSED", "LIMIT", "NODES", "CPUS", "NODELIST");
	out_line(o, TA_HEADER, "%s", head);
	avail = o->batch ? n : o->rows - o->used;
	list_clamp(l, n, avail);
	t->selected[0] = '\0';
	for (int i = o->batch ? 0 : l->top; i < n && (o->batch || o->used < o->rows); i++) {
		const struct admin_rec *r = &rows[i]->rec;
		const char *state = rec_str(r, "state");
		char el[32], lim[32];
		int64_t tl = rec_int(r, "time_limit");
		bool sel = !o->batch && i == l->sel;

		out_duration(el, sizeof(el), elapsed(r));
		if (tl < 0)
			snprintf(lim, sizeof(lim), "UNLIMITED");
		else
			out_duration(lim, sizeof(lim), tl * 60);
		if (sel)
			snprintf(t->selected, sizeof(t->selected), "%s", rows[i]->key);
		out_line(o, sel ? TA_SELECTED : out_state_attr(state),
			 "%-8s %-9.9s %-12.12s %-9.9s %-10.10s %-16.16s %10s %10s "
			 "%5lld %5lld  %s", rows[i]->key, rec_str(r, "user"),
			 rec_str(r, "name"), rec_str(r, "partition"), state,
			 rec_str(r, "reason"), el, lim,
			 (long long)rec_int(r, "num_nodes"),
			 (long long)rec_int(r, "cpus"), rec_str(r, "nodes"));
	}
	free(rows);
}

static void cancel_answer(struct tui *t, const char *answer)
{
	char *args[] = { t->ask_arg, NULL };
	char done[160];

	if (strcmp(answer, "y")) {
		tui_status(t, "job %s not cancelled", t->ask_arg);
		return;
	}
	snprintf(done, sizeof(done), "job %s cancelled", t->ask_arg);
	tui_request(t, ADMIN_JOB_CANCEL, args, 1, done);
}

static int jobs_key(struct tui *t, int ch)
{
	struct tui_list *l = tui_list_of(t);
	char prompt[160], done[160];

	switch (ch) {
	case '<':
		l->sort_col = (l->sort_col + NCOLS - 1) % NCOLS;
		return 1;
	case '>':
		l->sort_col = (l->sort_col + 1) % NCOLS;
		return 1;
	case 'i':
		l->sort_desc = !l->sort_desc;
		return 1;
	case 'c':
	case 'h':
	case 'u':
		if (!t->selected[0]) {
			tui_status(t, "no job selected");
			return 1;
		}
		break;
	default:
		return 0;
	}
	if (ch == 'c') {
		snprintf(prompt, sizeof(prompt), "Cancel job %s? (y/n)", t->selected);
		tui_ask(t, ASK_CONFIRM, prompt, t->selected, cancel_answer);
	} else {
		char *args[] = { ch == 'h' ? "hold" : "release", t->selected, NULL };

		snprintf(done, sizeof(done), "job %s %s", t->selected,
			 ch == 'h' ? "held" : "released");
		tui_request(t, ADMIN_JOB_HOLD, args, 2, done);
	}
	return 1;
}

static const char *const jobs_help[] = {
	"< >      sort by the previous / next column",
	"i        reverse the sort order",
	"c        cancel the selected job (asks y/n)",
	"h u      hold / release the selected job",
	NULL,
};

const struct tui_view view_jobs = {
	.name = "jobs",
	.key = '2',
	.draw = jobs_draw,
	.key_fn = jobs_key,
	.help = jobs_help,
};
