/* view-overview.c - screen 1: the cluster at a glance: leadership, bars
 * for nodes by state, CPUs, memory and GPUs in use, job counts by state
 * and of the last hour, sparklines of submissions and running jobs, and
 * the recent notable events the model kept. Read only. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui.h"

/* "N (R/s)" for metric KEY from the last two samples; "-" before any. */
static void metric_rate(const struct tui_model *m, const char *key,
			char *buf, size_t len)
{
	const struct admin_field *now = wire_admin_rec_get(&m->metrics, key);
	const struct admin_field *before = wire_admin_rec_get(&m->metrics_prev, key);
	double dt = (double)(m->metrics_us - m->metrics_prev_us) / 1e6;

	if (!now)
		snprintf(buf, len, "-");
	else if (!before || dt <= 0)
		snprintf(buf, len, "%lld", (long long)now->i);
	else
		snprintf(buf, len, "%lld (%.1f/s)", (long long)now->i,
			 (double)(now->i - before->i) / dt);
}

static void overview_draw(struct tui *t, struct tui_out *o)
{
	static const char *const states[] = { "idle", "mixed", "allocated",
		"draining", "drained", "down", NULL };
	const struct tui_model *m = &t->m;
	int64_t nst[7] = { 0 }, cpus = 0, acpus = 0, mem = 0, amem = 0;
	int64_t other = 0, pending = 0, running = 0, completing = 0, done = 0,
		failed = 0;
	char cycles[64], submitted[64], spark[TUI_HIST + 1];
	int64_t gpus = 0, agpus = 0, hour_done, hour_failed;
	int room;

	for (size_t i = 0; i < m->nodes.n; i++) {
		const struct admin_rec *r = &m->nodes.v[i].rec;
		const char *s = rec_str(r, "state");
		int k;

		for (k = 0; states[k] && strcmp(states[k], s); k++)
			;
		if (states[k])
			nst[k]++;
		else
			other++;
		cpus += rec_int(r, "cpus");
		acpus += rec_int(r, "alloc_cpus");
		mem += rec_int(r, "memory_mb");
		amem += rec_int(r, "alloc_mem_mb");
		gpus += model_gres_gpus(rec_str(r, "gres"));
	}
	for (size_t i = 0; i < m->jobs.n; i++) {
		const struct admin_rec *r = &m->jobs.v[i].rec;
		const char *s = rec_str(r, "state");

		if (rec_int(r, "completing"))
			completing++;
		else if (!strcmp(s, "PENDING"))
			pending++;
		else if (!strcmp(s, "RUNNING"))
			running++;
		else if (!strcmp(s, "COMPLETED"))
			done++;
		else if (strcmp(s, "SUSPENDED"))
			failed++;
	}
	out_line(o, TA_TITLE, "Cluster %s   controller: %s, term %lld   config "
		 "version %lld", m->cluster ? m->cluster : "?",
		 m->leader ? "leader" : "not leader", (long long)m->term,
		 (long long)m->config_version);
	out_line(o, TA_NORMAL, "%s", "");
	out_line(o, TA_HEADER, "Nodes (%zu)", m->nodes.n);
	for (int k = 0; states[k]; k++)
		out_bar(o, states[k], nst[k], (int64_t)m->nodes.n, "");
	if (other)
		out_bar(o, "other", other, (int64_t)m->nodes.n, "");
	out_bar(o, "CPUs", acpus, cpus, "");
	out_bar(o, "Memory", amem, mem, " MB");
	/* the controller does not track GPUs in use yet: the total only */
	if (gpus)
		out_bar(o, "GPUs", agpus, gpus, "");
	out_line(o, TA_NORMAL, "%s", "");
	out_line(o, TA_HEADER, "Jobs (%zu)", m->jobs.n);
	out_line(o, TA_NORMAL, "pending %lld   running %lld   completing %lld   "
		 "completed %lld   failed/cancelled %lld", (long long)pending,
		 (long long)running, (long long)completing, (long long)done,
		 (long long)failed);
	model_recent_ends(m, (int64_t)time(NULL), 3600, &hour_done, &hour_failed);
	out_line(o, TA_NORMAL, "last hour: completed %lld   failed/cancelled %lld",
		 (long long)hour_done, (long long)hour_failed);
	model_sparkline(m->hist_submit, m->nhist, 40, spark, sizeof(spark));
	out_line(o, TA_NORMAL, "submitted/s  |%-40s| %.1f", spark,
		 m->nhist ? m->hist_submit[m->nhist - 1] : 0.0);
	model_sparkline(m->hist_running, m->nhist, 40, spark, sizeof(spark));
	out_line(o, TA_NORMAL, "running      |%-40s| %.0f", spark,
		 m->nhist ? m->hist_running[m->nhist - 1] : 0.0);
	metric_rate(m, "flurm_scheduler_cycles_total", cycles, sizeof(cycles));
	metric_rate(m, "flurm_jobs_submitted_total", submitted, sizeof(submitted));
	out_line(o, TA_NORMAL, "scheduler cycles %s   submitted %s", cycles,
		 submitted);
	out_line(o, TA_NORMAL, "%s", "");
	out_line(o, TA_HEADER, "Recent events");
	if (!m->nevents)
		out_line(o, TA_NORMAL, "(none since flurmtop started)");
	/* newest first, as many as fit */
	room = o->batch ? 10 : o->rows - o->used;
	for (int i = (int)m->nevents - 1; i >= 0 && room-- > 0; i--)
		out_line(o, TA_NORMAL, "%s", m->events[i]);
}

static const char *const overview_help[] = { NULL };

const struct tui_view view_overview = {
	.name = "overview",
	.key = '1',
	.draw = overview_draw,
	.help = overview_help,
};
