/* view-nodes.c - screen 3: every node with its state and reason, CPUs
 * allocated of total, memory, load as its flurmnd reports it, GPUs when
 * any node has some, and jobs; Space marks nodes, d drains (the marked
 * ones, else the selected one) after asking for a reason, r resumes.
 * The controller decides who may. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static int cmp_nodes(const void *a, const void *b)
{
	return strverscmp((*(const struct tui_obj *const *)a)->key,
			  (*(const struct tui_obj *const *)b)->key);
}

static void nodes_draw(struct tui *t, struct tui_out *o)
{
	struct tui_list *l = tui_list_of(t);
	struct tui_obj **rows = calloc(t->m.nodes.n + 1, sizeof(*rows));
	int n = 0;
	bool gpus = false;

	for (size_t i = 0; rows && i < t->m.nodes.n; i++)
		if (list_match(l, &t->m.nodes.v[i].rec, t->m.nodes.v[i].key))
			rows[n++] = &t->m.nodes.v[i];
	if (n)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_nodes);
	out_line(o, TA_TITLE, "Nodes: %d shown of %zu%s%s%s", n, t->m.nodes.n,
		 l->filter[0] ? ", filter '" : "", l->filter, l->filter[0] ? "'" : "");
	for (int i = 0; i < n && !gpus; i++)
		gpus = model_gres_gpus(rec_str(&rows[i]->rec, "gres")) > 0;
	if (t->marks.n)
		out_line(o, TA_NORMAL, "%zu marked (Space): d and r act on them",
			 t->marks.n);
	/* the mark column is the full screen's: batch output has no marks */
	out_line(o, TA_HEADER, "%s%-12s %-11s %11s %15s %5s %s%5s  %-12s %s",
		 o->batch ? "" : "  ", "NAME", "STATE", "CPUS(A/T)", "MEM_MB(A/T)", "LOAD", gpus ? " GPUS" : "",
		 "JOBS", "PARTITIONS", "REASON");
	list_clamp(l, n, o->batch ? n : o->rows - o->used);
	l->row0 = o->top + o->used;
	t->selected[0] = '\0';
	for (int i = o->batch ? 0 : l->top; i < n && (o->batch || o->used < o->rows); i++) {
		const struct admin_rec *r = &rows[i]->rec;
		const char *state = rec_str(r, "state");
		bool sel = !o->batch && i == l->sel;
		char cpus[32], mem[40], load[16] = "-", ngpus[16] = "";

		snprintf(cpus, sizeof(cpus), "%lld/%lld",
			 (long long)rec_int(r, "alloc_cpus"), (long long)rec_int(r, "cpus"));
		snprintf(mem, sizeof(mem), "%lld/%lld",
			 (long long)rec_int(r, "alloc_mem_mb"),
			 (long long)rec_int(r, "memory_mb"));
		/* load is known once the node's flurmnd has sent a heartbeat */
		if (wire_admin_rec_get(r, "load"))
			snprintf(load, sizeof(load), "%.2f",
				 (double)rec_int(r, "load") / 100.0);
		if (gpus)
			snprintf(ngpus, sizeof(ngpus), " %4lld",
				 (long long)model_gres_gpus(rec_str(r, "gres")));
		if (sel)
			snprintf(t->selected, sizeof(t->selected), "%s", rows[i]->key);
		out_line(o, sel ? TA_SELECTED : out_state_attr(state),
			 "%s%-12s %-11s %11s %15s %5s %s%5lld  %-12.12s %s",
			 o->batch ? "" : marks_has(&t->marks, rows[i]->key) ?
			 "* " : "  ", rows[i]->key,
			 state, cpus, mem, load, ngpus, (long long)rec_int(r, "jobs"),
			 rec_str(r, "partitions"), rec_str(r, "reason"));
	}
	free(rows);
}

static void drain_answer(struct tui *t, const char *answer)
{
	char *args[] = { "drain", t->ask_arg, (char *)answer, NULL };
	char done[300];

	if (!*answer) {
		tui_status(t, "%s not drained: a reason is needed", t->ask_arg);
		return;
	}
	snprintf(done, sizeof(done), "%.120s drained, reason: %.120s", t->ask_arg, answer);
	/* marks are spent once acted on, as htop's are after a kill */
	if (tui_request(t, ADMIN_NODE_UPDATE, args, 3, done) == 0)
		marks_clear(&t->marks);
}

static int nodes_key(struct tui *t, int ch)
{
	char prompt[200], done[200], *which;

	if (ch == ' ') {
		if (!t->selected[0]) {
			tui_status(t, "no node selected");
			return 1;
		}
		marks_toggle(&t->marks, t->selected);
		tui_list_of(t)->sel++;   /* on to the next, as htop does */
		return 1;
	}
	if (ch != 'd' && ch != 'r')
		return 0;
	if (!t->marks.n && !t->selected[0]) {
		tui_status(t, "no node selected");
		return 1;
	}
	which = t->marks.n ? marks_join(&t->marks) : strdup(t->selected);
	if (strlen(which) >= sizeof(t->ask_arg)) {
		tui_status(t, "too many nodes marked for one request: unmark some");
		free(which);
		return 1;
	}
	if (ch == 'd') {
		snprintf(prompt, sizeof(prompt), "Drain %.120s, reason (Esc cancels): ",
			 which);
		tui_ask(t, ASK_TEXT, prompt, which, drain_answer);
	} else {
		char *args[] = { "resume", which, NULL };

		snprintf(done, sizeof(done), "%.150s resumed", which);
		if (tui_request(t, ADMIN_NODE_UPDATE, args, 2, done) == 0)
			marks_clear(&t->marks);
	}
	free(which);
	return 1;
}

static const char *const nodes_help[] = {
	"Space    mark or unmark the selected node (* in the first column)",
	"d        drain the marked nodes, else the selected one (asks for a reason)",
	"r        resume the marked nodes, else the selected one",
	NULL,
};

const struct tui_view view_nodes = {
	.name = "nodes",
	.key = '3',
	.draw = nodes_draw,
	.key_fn = nodes_key,
	.help = nodes_help,
};
