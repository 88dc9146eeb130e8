/* view-nodes.c - screen 3: every node with its state and reason, CPUs
 * allocated of total, memory and jobs; d drains after asking for a
 * reason, r resumes. The controller decides who may. */
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

	for (size_t i = 0; rows && i < t->m.nodes.n; i++)
		if (list_match(l, &t->m.nodes.v[i].rec, t->m.nodes.v[i].key))
			rows[n++] = &t->m.nodes.v[i];
	if (n)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_nodes);
	out_line(o, TA_TITLE, "Nodes: %d shown of %zu%s%s%s", n, t->m.nodes.n,
		 l->filter[0] ? ", filter '" : "", l->filter, l->filter[0] ? "'" : "");
	out_line(o, TA_HEADER, "%-12s %-11s %11s %15s %5s  %-12s %s", "NAME",
		 "STATE", "CPUS(A/T)", "MEM_MB(A/T)", "JOBS", "PARTITIONS", "REASON");
	list_clamp(l, n, o->batch ? n : o->rows - o->used);
	t->selected[0] = '\0';
	for (int i = o->batch ? 0 : l->top; i < n && (o->batch || o->used < o->rows); i++) {
		const struct admin_rec *r = &rows[i]->rec;
		const char *state = rec_str(r, "state");
		bool sel = !o->batch && i == l->sel;
		char cpus[32], mem[40];

		snprintf(cpus, sizeof(cpus), "%lld/%lld",
			 (long long)rec_int(r, "alloc_cpus"), (long long)rec_int(r, "cpus"));
		snprintf(mem, sizeof(mem), "%lld/%lld",
			 (long long)rec_int(r, "alloc_mem_mb"),
			 (long long)rec_int(r, "memory_mb"));
		if (sel)
			snprintf(t->selected, sizeof(t->selected), "%s", rows[i]->key);
		out_line(o, sel ? TA_SELECTED : out_state_attr(state),
			 "%-12s %-11s %11s %15s %5lld  %-12.12s %s", rows[i]->key,
			 state, cpus, mem, (long long)rec_int(r, "jobs"),
			 rec_str(r, "partitions"), rec_str(r, "reason"));
	}
	free(rows);
}

static void drain_answer(struct tui *t, const char *answer)
{
	char *args[] = { "drain", t->ask_arg, (char *)answer, NULL };
	char done[300];

	if (!*answer) {
		tui_status(t, "node %s not drained: a reason is needed", t->ask_arg);
		return;
	}
	snprintf(done, sizeof(done), "node %s drained, reason: %s", t->ask_arg,
		 answer);
	tui_request(t, ADMIN_NODE_UPDATE, args, 3, done);
}

static int nodes_key(struct tui *t, int ch)
{
	char prompt[200], done[200];

	if (ch != 'd' && ch != 'r')
		return 0;
	if (!t->selected[0]) {
		tui_status(t, "no node selected");
		return 1;
	}
	if (ch == 'd') {
		snprintf(prompt, sizeof(prompt), "Drain %s, reason (Esc cancels): ",
			 t->selected);
		tui_ask(t, ASK_TEXT, prompt, t->selected, drain_answer);
	} else {
		char *args[] = { "resume", t->selected, NULL };

		snprintf(done, sizeof(done), "node %s resumed", t->selected);
		tui_request(t, ADMIN_NODE_UPDATE, args, 2, done);
	}
	return 1;
}

static const char *const nodes_help[] = {
	"d        drain the selected node (asks for a reason)",
	"r        resume the selected node",
	NULL,
};

const struct tui_view view_nodes = {
	.name = "nodes",
	.key = '3',
	.draw = nodes_draw,
	.key_fn = nodes_key,
	.help = nodes_help,
};
