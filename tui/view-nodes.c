/* view-nodes.c - screen 3: every node with its state and reason, CPUs
 * allocated of total, memory, load as its flurmnd reports it, GPUs when
 * any node has some, and jobs; a reboot marks the state as sinfo does
 * (draining@, boot^); batch output adds a line with a node's
 * ActiveFeatures, Comment, Extra and NextState. Enter shows one node
 * whole; Space marks nodes, d drains (the marked ones, else the selected
 * one) after asking for a reason, r resumes. The controller decides who
 * may. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "tui.h"

static int cmp_nodes(const void *a, const void *b)
{
	return strverscmp((*(const struct tui_obj *const *)a)->key,
			  (*(const struct tui_obj *const *)b)->key);
}

static void detail_draw(struct tui *t, struct tui_out *o);

static void nodes_draw(struct tui *t, struct tui_out *o)
{
	struct tui_list *l = tui_list_of(t);
	struct tui_obj **rows;
	int n = 0;
	bool gpus = false;

	if (t->node_detail[0] && !o->batch) {
		detail_draw(t, o);
		return;
	}
	rows = calloc(t->m.nodes.n + 1, sizeof(*rows));

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
		char cpus[32], mem[40], load[16] = "-", ngpus[16] = "", word[64];

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
			 admin_node_state(r, "", word, sizeof(word)), cpus, mem, load,
			 ngpus, (long long)rec_int(r, "jobs"),
			 rec_str(r, "partitions"), rec_str(r, "reason"));
		/* one screen row per node keeps the cursor and the mouse
		 * right; the full screen shows these with Enter */
		if (o->batch) {
			char *notes = model_node_notes(r);

			if (notes)
				out_line(o, TA_NORMAL, "    %s", notes);
			free(notes);
		}
	}
	free(rows);
}

/* The node's fields as scontrol show node names them. */
static void detail_draw(struct tui *t, struct tui_out *o)
{
	static const struct { const char *key, *label; } fields[] = {
		{ "state", "State" }, { "partitions", "Partitions" },
		{ "alloc_cpus", "CPUAlloc" }, { "cpus", "CPUTot" },
		{ "alloc_mem_mb", "AllocMem" }, { "memory_mb", "RealMemory" },
		{ "jobs", "Jobs" }, { "gres", "Gres" },
		{ "features", "AvailableFeatures" },
		{ "active_features", "ActiveFeatures" },
		{ "comment", "Comment" }, { "extra", "Extra" },
		{ "addr", "NodeAddr" }, { "weight", "Weight" },
	};
	const struct tui_obj *node = NULL;
	const struct admin_rec *r;
	char buf[64];
	time_t when;
	struct tm tm;

	for (size_t i = 0; i < t->m.nodes.n && !node; i++)
		if (!strcmp(t->m.nodes.v[i].key, t->node_detail))
			node = &t->m.nodes.v[i];
	out_line(o, TA_TITLE, "Node %s  (Esc or Enter: back to the list)",
		 t->node_detail);
	if (!node) {
		out_line(o, TA_NORMAL, "node %s is no longer known to the controller",
			 t->node_detail);
		return;
	}
	r = &node->rec;
	out_line(o, TA_NORMAL, "%-17s %s", "NodeName", node->key);
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		const struct admin_field *f = wire_admin_rec_get(r, fields[i].key);

		/* ActiveFeatures is sent only when set apart from the
		 * available ones; Comment and Extra only when set */
		if (!f && !strcmp(fields[i].key, "active_features"))
			f = wire_admin_rec_get(r, "features");
		if (!f)
			continue;
		if (!strcmp(fields[i].key, "state"))
			out_line(o, TA_NORMAL, "%-17s %s", fields[i].label,
				 admin_node_state(r, "", buf, sizeof(buf)));
		else if (f->kind == ADMIN_F_STR)
			out_line(o, TA_NORMAL, "%-17s %s", fields[i].label,
				 f->s && *f->s ? f->s : "(null)");
		else
			out_line(o, TA_NORMAL, "%-17s %lld", fields[i].label,
				 (long long)f->i);
	}
	if (wire_admin_rec_get(r, "load"))
		out_line(o, TA_NORMAL, "%-17s %.2f", "CPULoad",
			 (double)rec_int(r, "load") / 100.0);
	when = (time_t)rec_int(r, "boot_time");
	if (when > 0 && localtime_r(&when, &tm))
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	else
		snprintf(buf, sizeof(buf), "None");
	out_line(o, TA_NORMAL, "%-17s %s", "BootTime", buf);
	/* scontrol reboot: waiting for the node's jobs, or issued (when) */
	if (!strcmp(rec_str(r, "reboot"), "issued")) {
		when = (time_t)rec_int(r, "reboot_issued_time");
		if (when > 0 && localtime_r(&when, &tm))
			strftime(buf, sizeof(buf), "issued %Y-%m-%dT%H:%M:%S", &tm);
		else
			snprintf(buf, sizeof(buf), "issued");
		out_line(o, TA_WARN, "%-17s %s", "Reboot", buf);
	} else if (*rec_str(r, "reboot")) {
		out_line(o, TA_WARN, "%-17s %s", "Reboot", "requested");
	}
	if (model_node_next_state(r))
		out_line(o, TA_NORMAL, "%-17s %s", "NextState",
			 model_node_next_state(r));
	if (*rec_str(r, "reason")) {
		when = (time_t)rec_int(r, "reason_time");
		if (when > 0 && localtime_r(&when, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
		else
			snprintf(buf, sizeof(buf), "Unknown");
		out_line(o, TA_NORMAL, "%-17s %s [%s@%s]", "Reason",
			 rec_str(r, "reason"), rec_str(r, "reason_user"), buf);
	}
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
	if (tui_request(t, ADMIN_NODE_UPDATE, args, 3, done) == 0 &&
	    !t->node_detail[0])
		marks_clear(&t->marks);
}

static int nodes_key(struct tui *t, int ch)
{
	char prompt[200], done[200], *which;
	bool marked;

	if (t->node_detail[0]) {
		if (ch == 27 || ch == '\n' || ch == '\r' || ch == KEY_ENTER ||
		    ch == KEY_BACKSPACE || ch == 127) {
			t->node_detail[0] = '\0';
			return 1;
		}
		if (ch != 'd' && ch != 'r')
			return 0;
		/* d and r act on the node shown; the marks stay */
		snprintf(t->selected, sizeof(t->selected), "%s", t->node_detail);
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (!t->selected[0]) {
			tui_status(t, "no node selected");
			return 1;
		}
		snprintf(t->node_detail, sizeof(t->node_detail), "%s", t->selected);
		return 1;
	}
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
	marked = t->marks.n && !t->node_detail[0];
	if (!marked && !t->selected[0]) {
		tui_status(t, "no node selected");
		return 1;
	}
	which = marked ? marks_join(&t->marks) : strdup(t->selected);
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
		if (tui_request(t, ADMIN_NODE_UPDATE, args, 2, done) == 0 &&
		    marked)
			marks_clear(&t->marks);
	}
	free(which);
	return 1;
}

static const char *const nodes_help[] = {
	"Enter    show the selected node whole (features, comment, extra, reason)",
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
