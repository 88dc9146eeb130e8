/* view-jobs.c - screen 2: every job the controller holds, one row each,
 * sorted by any column (< >), filtered (/) and narrowed to a state (S)
 * or a partition (P); Enter shows one job whole with the tail of its
 * output file; c cancels after a y/n question, h holds, u releases, s
 * signals. The controller decides who may. */
#include <curses.h>
#include <errno.h>
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

static void detail_draw(struct tui *t, struct tui_out *o);
static void job_tail(FILE *fp, struct tui_out *o);

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

	if (t->detail[0] && !o->batch) {
		free(rows);
		detail_draw(t, o);
		return;
	}
	for (size_t i = 0; rows && i < t->m.jobs.n; i++)
		if (list_match(l, &t->m.jobs.v[i].rec, t->m.jobs.v[i].key) &&
		    model_job_shown(&t->m.jobs.v[i].rec, t->job_state, t->job_part))
			rows[n++] = &t->m.jobs.v[i];
	sort_col = l->sort_col;
	sort_desc = l->sort_desc;
	if (n)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_jobs);
	out_line(o, TA_TITLE, "Jobs: %d shown of %zu%s%s%s  state %s  partition %s"
		 "  sorted by %s%s", n, t->m.jobs.n, l->filter[0] ? ", filter '" : "",
		 l->filter, l->filter[0] ? "'" : "",
		 t->job_state[0] ? t->job_state : "all",
		 t->job_part[0] ? t->job_part : "all", col_names[l->sort_col],
		 l->sort_desc ? " (descending)" : "");
	snprintf(head, sizeof(head), "%-8s %-9s %-12s %-9s %-10s %-16s %10s %10s "
		 "%5s %5s  %s", "ID", "USER", "NAME", "PARTITION", "STATE",
		 "REASON", "ELAPSED", "LIMIT", "NODES", "CPUS", "NODELIST");
	out_line(o, TA_HEADER, "%s", head);
	avail = o->batch ? n : o->rows - o->used;
	list_clamp(l, n, avail);
	l->row0 = o->top + o->used;
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

/* The job's fields as scontrol show job names them, and its output. */
static void detail_draw(struct tui *t, struct tui_out *o)
{
	static const struct { const char *key, *label; } fields[] = {
		{ "name", "JobName" }, { "user", "UserId" }, { "uid", "Uid" },
		{ "account", "Account" }, { "partition", "Partition" },
		{ "state", "JobState" }, { "reason", "Reason" },
		{ "dependency", "Dependency" },
		{ "priority", "Priority" }, { "nodes", "NodeList" },
		{ "num_nodes", "NumNodes" }, { "cpus", "NumCPUs" },
		{ "restarts", "Restarts" }, { "exit_code", "ExitCode" },
		{ "signal", "Signal" }, { "work_dir", "WorkDir" },
		{ "std_out", "StdOut" }, { "std_err", "StdErr" },
		{ "comment", "Comment" },
	};
	static const struct { const char *key, *label; } times[] = {
		{ "submit_time", "SubmitTime" }, { "start_time", "StartTime" },
		{ "end_time", "EndTime" },
	};
	size_t i;
	const struct tui_obj *job = NULL;
	const struct admin_rec *r;
	char buf[64], *path;
	int64_t tl;
	FILE *fp;

	for (i = 0; i < t->m.jobs.n && !job; i++)
		if (!strcmp(t->m.jobs.v[i].key, t->detail))
			job = &t->m.jobs.v[i];
	out_line(o, TA_TITLE, "Job %s  (Esc or Enter: back to the list)", t->detail);
	if (!job) {
		out_line(o, TA_NORMAL, "job %s is no longer known to the controller",
			 t->detail);
		return;
	}
	r = &job->rec;
	out_line(o, TA_NORMAL, "%-12s %s", "JobId", job->key);
	for (i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		const struct admin_field *f = wire_admin_rec_get(r, fields[i].key);

		if (!f)
			continue;
		if (f->kind == ADMIN_F_STR)
			out_line(o, TA_NORMAL, "%-12s %s", fields[i].label,
				 f->s && *f->s ? f->s : "(null)");
		else
			out_line(o, TA_NORMAL, "%-12s %lld", fields[i].label,
				 (long long)f->i);
	}
	tl = rec_int(r, "time_limit");
	if (tl < 0)
		snprintf(buf, sizeof(buf), "UNLIMITED");
	else
		out_duration(buf, sizeof(buf), tl * 60);
	out_line(o, TA_NORMAL, "%-12s %s", "TimeLimit", buf);
	out_duration(buf, sizeof(buf), elapsed(r));
	out_line(o, TA_NORMAL, "%-12s %s", "RunTime", buf);
	for (i = 0; i < sizeof(times) / sizeof(*times); i++) {
		time_t when = (time_t)rec_int(r, times[i].key);
		struct tm tm;

		if (when > 0 && localtime_r(&when, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
		else
			snprintf(buf, sizeof(buf), "Unknown");
		out_line(o, TA_NORMAL, "%-12s %s", times[i].label, buf);
	}
	path = model_job_output(r);
	out_line(o, TA_NORMAL, "%s", "");
	if (!path) {
		out_line(o, TA_HEADER, "Output: not known");
		return;
	}
	fp = fopen(path, "r");
	if (!fp) {
		out_line(o, TA_HEADER, "Output %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	out_line(o, TA_HEADER, "Output %s (its end)", path);
	free(path);
	job_tail(fp, o);
	fclose(fp);
}

/* The last lines of FP that fit below what O has drawn. */
static void job_tail(FILE *fp, struct tui_out *o)
{
	enum { TAIL_MAX = 200 };
	char *lines[TAIL_MAX] = { 0 }, *line = NULL;
	size_t cap = 0, n = 0;
	int room = o->rows - o->used;
	long size;

	/* only the end of a long file is read */
	if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) > 65536)
		fseek(fp, size - 65536, SEEK_SET);
	else
		rewind(fp);
	while (getline(&line, &cap, fp) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		free(lines[n % TAIL_MAX]);
		lines[n % TAIL_MAX] = strdup(line);
		n++;
	}
	free(line);
	if (room > TAIL_MAX)
		room = TAIL_MAX;
	for (size_t i = n > (size_t)room ? n - (size_t)room : 0; i < n; i++)
		out_line(o, TA_NORMAL, "%s", lines[i % TAIL_MAX] ? lines[i % TAIL_MAX] : "");
	for (size_t i = 0; i < TAIL_MAX; i++)
		free(lines[i]);
}

static void signal_answer(struct tui *t, const char *answer)
{
	char *args[] = { t->ask_arg, (char *)answer, NULL };
	char done[200];

	if (!*answer) {
		tui_status(t, "job %s not signalled", t->ask_arg);
		return;
	}
	snprintf(done, sizeof(done), "job %.32s sent signal %.32s", t->ask_arg, answer);
	tui_request(t, ADMIN_JOB_SIGNAL, args, 2, done);
}

/* S: all states, then each of these in turn. */
static void next_state(struct tui *t)
{
	static const char *const states[] = { "", "PENDING", "RUNNING",
		"SUSPENDED", "COMPLETED", "CANCELLED", "FAILED", "TIMEOUT",
		"NODE_FAIL", "DEADLINE" };
	size_t n = sizeof(states) / sizeof(*states), i;

	for (i = 0; i < n && strcmp(states[i], t->job_state); i++)
		;
	snprintf(t->job_state, sizeof(t->job_state), "%s", states[(i + 1) % n]);
	tui_status(t, "state: %s", t->job_state[0] ? t->job_state : "all");
}

static void cancel_answer(struct tui *t, const char *answer)
{
	char *args[] = { t->ask_arg, NULL };
	char done[160];

	if (strcmp(answer, "y")) {
		tui_status(t, "job %s not cancelled", t->ask_arg);
		return;
	}
	snprintf(done, sizeof(done), "job %.32s cancelled", t->ask_arg);
	tui_request(t, ADMIN_JOB_CANCEL, args, 1, done);
}

static int jobs_key(struct tui *t, int ch)
{
	struct tui_list *l = tui_list_of(t);
	char prompt[224], done[160];

	if (t->detail[0]) {
		if (ch == 27 || ch == '\n' || ch == '\r' || ch == KEY_ENTER ||
		    ch == KEY_BACKSPACE || ch == 127) {
			t->detail[0] = '\0';
			return 1;
		}
		if (ch != 'c' && ch != 'h' && ch != 'u' && ch != 's')
			return 0;
		snprintf(t->selected, sizeof(t->selected), "%s", t->detail);
	}
	switch (ch) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (!t->selected[0]) {
			tui_status(t, "no job selected");
			return 1;
		}
		snprintf(t->detail, sizeof(t->detail), "%s", t->selected);
		return 1;
	case 'S':
		next_state(t);
		l->sel = l->top = 0;
		return 1;
	case 'P':
		model_next_key(&t->m.parts, t->job_part, t->job_part,
			       sizeof(t->job_part));
		tui_status(t, "partition: %s", t->job_part[0] ? t->job_part : "all");
		l->sel = l->top = 0;
		return 1;
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
	case 's':
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
	} else if (ch == 's') {
		snprintf(prompt, sizeof(prompt), "Signal for job %s (name or "
			 "number, Esc cancels): ", t->selected);
		tui_ask(t, ASK_TEXT, prompt, t->selected, signal_answer);
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
	"Enter    the selected job whole, with the end of its output file",
	"         (Esc or Enter goes back)",
	"S        show one state: pending, running, ... in turn, then all",
	"P        show one partition, each in turn, then all",
	"c        cancel the selected job (asks y/n)",
	"h u      hold / release the selected job",
	"s        send the selected job a signal (asks which: USR1, 10, ...)",
	NULL,
};

const struct tui_view view_jobs = {
	.name = "jobs",
	.key = '2',
	.draw = jobs_draw,
	.key_fn = jobs_key,
	.help = jobs_help,
};
