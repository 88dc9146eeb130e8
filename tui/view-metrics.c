/* view-metrics.c - screen 6: the controller's counts from the metrics
 * topic, each with its change per second between the last two samples.
 * Read only; what the counts mean is the controller's. */
#include <stdio.h>

#include "tui.h"

static void metrics_draw(struct tui *t, struct tui_out *o)
{
	const struct tui_model *m = &t->m;
	struct tui_list *l = tui_list_of(t);
	double dt = (double)(m->metrics_us - m->metrics_prev_us) / 1e6;
	int n = (int)m->metrics.n;

	out_line(o, TA_TITLE, "Metrics: %d", n);
	out_line(o, TA_HEADER, "%-44s %14s %12s", "METRIC", "VALUE", "RATE/S");
	if (!n)
		out_line(o, TA_NORMAL, "(waiting for the first sample)");
	list_clamp(l, n, o->batch ? n : o->rows - o->used);
	for (int i = o->batch ? 0 : l->top; i < n && (o->batch || o->used < o->rows); i++) {
		const struct admin_field *f = &m->metrics.f[i];
		const struct admin_field *p = m->metrics_prev.n ?
			wire_admin_rec_get(&m->metrics_prev, f->key) : NULL;
		char rate[32] = "-";

		if (f->kind == ADMIN_F_STR)
			continue;
		if (p && dt > 0)
			snprintf(rate, sizeof(rate), "%.2f", (double)(f->i - p->i) / dt);
		out_line(o, !o->batch && i == l->sel ? TA_SELECTED : TA_NORMAL,
			 "%-44s %14lld %12s", f->key, (long long)f->i, rate);
	}
}

static const char *const metrics_help[] = { NULL };

const struct tui_view view_metrics = {
	.name = "metrics",
	.key = '6',
	.draw = metrics_draw,
	.help = metrics_help,
};
