/* model.c - what flurmtop knows of the cluster: jobs, nodes and
 * partitions as the event stream last described them, the leadership,
 * the last two metrics samples and a short list of notable events. The
 * stream's order is trusted; drawing is the views'. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"
#include "tui.h"

const char *rec_str(const struct admin_rec *r, const char *key)
{
	const struct admin_field *f = wire_admin_rec_get(r, key);

	return f && f->kind == ADMIN_F_STR && f->s ? f->s : "";
}

int64_t rec_int(const struct admin_rec *r, const char *key)
{
	const struct admin_field *f = wire_admin_rec_get(r, key);

	return f && f->kind != ADMIN_F_STR ? f->i : 0;
}

void rec_copy(struct admin_rec *dst, const struct admin_rec *src)
{
	wire_admin_rec_free(dst);
	for (uint32_t i = 0; i < src->n; i++) {
		const struct admin_field *f = &src->f[i];

		if (f->kind == ADMIN_F_STR)
			wire_admin_rec_str(dst, f->key, f->s);
		else if (f->kind == ADMIN_F_BOOL)
			wire_admin_rec_bool(dst, f->key, f->i != 0);
		else
			wire_admin_rec_int(dst, f->key, f->i);
	}
}

static void set_clear(struct tui_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].key);
		wire_admin_rec_free(&s->v[i].rec);
	}
	s->n = 0;
}

static struct tui_obj *set_find(struct tui_set *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key))
			return &s->v[i];
	return NULL;
}

static void set_remove(struct tui_set *s, const char *key)
{
	struct tui_obj *o = set_find(s, key);

	if (!o)
		return;
	free(o->key);
	wire_admin_rec_free(&o->rec);
	*o = s->v[--s->n];
}

void model_note(struct tui_model *m, const char *fmt, ...)
{
	char when[16], *text = NULL, *line = NULL;
	time_t now = time(NULL);
	struct tm tm;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	xstrfmtcat(&line, "%s  %s", when, text);
	free(text);
	if (m->nevents == TUI_EVENTS) {
		free(m->events[0]);
		memmove(m->events, m->events + 1, sizeof(*m->events) * (TUI_EVENTS - 1));
		m->nevents--;
	}
	m->events[m->nevents++] = line;
}

void model_reset(struct tui_model *m)
{
	set_clear(&m->jobs);
	set_clear(&m->nodes);
	set_clear(&m->parts);
	m->synced = false;
}

void model_free(struct tui_model *m)
{
	model_reset(m);
	free(m->jobs.v);
	free(m->nodes.v);
	free(m->parts.v);
	wire_admin_rec_free(&m->metrics);
	wire_admin_rec_free(&m->metrics_prev);
	for (unsigned i = 0; i < m->nevents; i++)
		free(m->events[i]);
	free(m->cluster);
	memset(m, 0, sizeof(*m));
}

static bool job_done(const char *state)
{
	return strcmp(state, "PENDING") && strcmp(state, "RUNNING") &&
	       strcmp(state, "SUSPENDED");
}

/* Notable changes for the overview's event list: the old fields OLD (NULL
 * for a new object) against the new ones. */
static void note_change(struct tui_model *m, uint8_t topic, const char *key,
			const struct admin_rec *old, const struct admin_rec *new)
{
	const char *was = old ? rec_str(old, "state") : "";
	const char *is = rec_str(new, "state");

	if (!m->synced || !strcmp(was, is))
		return;
	if (topic == ADMIN_TOPIC_NODES) {
		const char *reason = rec_str(new, "reason");

		model_note(m, "node %s: %s -> %s%s%s", key, *was ? was : "new", is,
			   *reason ? ", reason: " : "", reason);
	} else if (topic == ADMIN_TOPIC_JOBS && job_done(is) &&
		   strcmp(is, "COMPLETED")) {
		model_note(m, "job %s %s", key, is);
	}
}

static struct tui_set *topic_set(struct tui_model *m, uint8_t topic)
{
	switch (topic) {
	case ADMIN_TOPIC_JOBS:
		return &m->jobs;
	case ADMIN_TOPIC_NODES:
		return &m->nodes;
	case ADMIN_TOPIC_PARTITIONS:
		return &m->parts;
	default:
		return NULL;
	}
}

void model_apply(struct tui_model *m, const struct wire_admin_event *ev)
{
	struct tui_set *s = topic_set(m, ev->topic);
	struct tui_obj *o;

	if (ev->kind == ADMIN_EV_SYNCED) {
		m->synced = true;
		return;
	}
	if (ev->topic == ADMIN_TOPIC_LEADERSHIP) {
		bool leader = rec_int(&ev->rec, "leader") != 0;
		int64_t term = rec_int(&ev->rec, "term");

		if (m->synced && (leader != m->leader || term != m->term))
			model_note(m, "leadership: %s, term %lld",
				   leader ? "leader" : "not leader", (long long)term);
		m->leader = leader;
		m->term = term;
		return;
	}
	if (ev->topic == ADMIN_TOPIC_CONFIG) {
		int64_t v = rec_int(&ev->rec, "config_version");

		if (m->synced && m->config_version && v != m->config_version)
			model_note(m, "configuration reloaded (version %lld)",
				   (long long)v);
		m->config_version = v;
		return;
	}
	if (ev->topic == ADMIN_TOPIC_METRICS) {
		if (m->metrics.n) {
			rec_copy(&m->metrics_prev, &m->metrics);
			m->metrics_prev_us = m->metrics_us;
		}
		rec_copy(&m->metrics, &ev->rec);
		m->metrics_us = ev->time_us;
		return;
	}
	if (!s || !ev->key)
		return;
	if (ev->kind == ADMIN_EV_REMOVE) {
		set_remove(s, ev->key);
		return;
	}
	o = set_find(s, ev->key);
	note_change(m, ev->topic, ev->key, o ? &o->rec : NULL, &ev->rec);
	if (!o) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
		}
		o = &s->v[s->n++];
		memset(o, 0, sizeof(*o));
		o->key = xstrdup(ev->key);
	}
	rec_copy(&o->rec, &ev->rec);
}
