/* model.c - what flurmtop knows of the cluster: jobs, nodes and
 * partitions as the event stream last described them, the leadership,
 * the last two metrics samples with a short history for sparklines, a
 * short list of notable events, and the questions views ask of it
 * (recent ends, selectors, a job's output file, marked nodes). The
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

#define SLOT_GONE SIZE_MAX

static size_t key_hash(const char *key)
{
	size_t h = 1469598103934665603ull;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ull;
	return h;
}

/* The slot that holds KEY, or the empty one where it would go. */
static size_t *slot_of(struct tui_set *s, const char *key)
{
	size_t mask = s->nslots - 1, i = key_hash(key) & mask;

	for (;; i = (i + 1) & mask) {
		size_t v = s->slots[i];

		if (!v)
			return &s->slots[i];
		if (v != SLOT_GONE && !strcmp(s->v[v - 1].key, key))
			return &s->slots[i];
	}
}

/* Build the slots again, at least twice the entries, without removed
 * ones. */
static void slots_rebuild(struct tui_set *s)
{
	size_t want = 64;

	while (want < (s->n + 1) * 4)
		want *= 2;
	free(s->slots);
	s->slots = xcalloc(want, sizeof(*s->slots));
	s->nslots = want;
	s->used = s->n;
	for (size_t i = 0; i < s->n; i++)
		*slot_of(s, s->v[i].key) = i + 1;
}

static void set_clear(struct tui_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].key);
		wire_admin_rec_free(&s->v[i].rec);
	}
	s->n = 0;
	if (s->slots)
		memset(s->slots, 0, s->nslots * sizeof(*s->slots));
	s->used = 0;
}

static struct tui_obj *set_find(struct tui_set *s, const char *key)
{
	size_t v;

	if (!s->nslots)
		return NULL;
	v = *slot_of(s, key);
	return v ? &s->v[v - 1] : NULL;
}

static struct tui_obj *set_add(struct tui_set *s, const char *key)
{
	struct tui_obj *o;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	o = &s->v[s->n++];
	memset(o, 0, sizeof(*o));
	o->key = xstrdup(key);
	if ((s->used + 1) * 2 > s->nslots) {
		slots_rebuild(s);
	} else {
		*slot_of(s, key) = s->n;
		s->used++;
	}
	return o;
}

static void set_remove(struct tui_set *s, const char *key)
{
	size_t *slot, at;

	if (!s->nslots || !*(slot = slot_of(s, key)))
		return;
	at = *slot - 1;
	*slot = SLOT_GONE;
	free(s->v[at].key);
	wire_admin_rec_free(&s->v[at].rec);
	/* the last entry fills the hole: its slot follows it */
	if (at != --s->n) {
		s->v[at] = s->v[s->n];
		*slot_of(s, s->v[at].key) = at + 1;
	}
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
	free(m->jobs.slots);
	free(m->nodes.slots);
	free(m->parts.slots);
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

/* One history point per metrics sample: the submission rate since the
 * sample before, and the running jobs now. */
static void hist_sample(struct tui_model *m)
{
	const struct admin_field *now = wire_admin_rec_get(&m->metrics,
		"flurm_jobs_submitted_total");
	const struct admin_field *before = wire_admin_rec_get(&m->metrics_prev,
		"flurm_jobs_submitted_total");
	double dt = (double)(m->metrics_us - m->metrics_prev_us) / 1e6, rate = 0;
	int64_t running = 0;

	if (!m->metrics_prev.n || !now || !before || dt <= 0)
		return;     /* a rate needs two samples */
	rate = (double)(now->i - before->i) / dt;
	for (size_t i = 0; i < m->jobs.n; i++)
		if (!strcmp(rec_str(&m->jobs.v[i].rec, "state"), "RUNNING"))
			running++;
	if (m->nhist == TUI_HIST) {
		memmove(m->hist_submit, m->hist_submit + 1,
			sizeof(*m->hist_submit) * (TUI_HIST - 1));
		memmove(m->hist_running, m->hist_running + 1,
			sizeof(*m->hist_running) * (TUI_HIST - 1));
		m->nhist--;
	}
	m->hist_submit[m->nhist] = rate < 0 ? 0 : rate;
	m->hist_running[m->nhist++] = (double)running;
}

void model_recent_ends(const struct tui_model *m, int64_t now, int64_t window,
		       int64_t *completed, int64_t *failed)
{
	*completed = *failed = 0;
	for (size_t i = 0; i < m->jobs.n; i++) {
		const struct admin_rec *r = &m->jobs.v[i].rec;
		const char *state = rec_str(r, "state");
		int64_t end = rec_int(r, "end_time");

		if (!job_done(state) || end <= 0 || end < now - window)
			continue;
		if (!strcmp(state, "COMPLETED"))
			(*completed)++;
		else
			(*failed)++;
	}
}

void model_sparkline(const double *v, unsigned n, unsigned width, char *buf,
		     size_t len)
{
	static const char levels[] = " .:-=+*#";
	unsigned first = n > width ? n - width : 0, k = 0;
	double max = 0;

	for (unsigned i = first; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (unsigned i = first; i < n && k + 1 < len; i++) {
		int l = 0;

		/* anything above zero shows, however small beside the top */
		if (max > 0 && v[i] > 0)
			l = 1 + (int)(v[i] / max * 6.999);
		buf[k++] = levels[l > 7 ? 7 : l];
	}
	if (len)
		buf[k] = '\0';
}

bool model_job_shown(const struct admin_rec *r, const char *state,
		     const char *partition)
{
	if (state && *state && strcmp(rec_str(r, "state"), state))
		return false;
	return !partition || !*partition ||
	       !strcmp(rec_str(r, "partition"), partition);
}

const char *model_next_key(const struct tui_set *s, const char *cur,
			   char *buf, size_t len)
{
	const char *best = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const char *k = s->v[i].key;

		if ((!*cur || strcmp(k, cur) > 0) && (!best || strcmp(k, best) < 0))
			best = k;
	}
	snprintf(buf, len, "%s", best ? best : "");
	return buf;
}

char *model_job_output(const struct admin_rec *r)
{
	const char *pat = rec_str(r, "std_out"), *dir = rec_str(r, "work_dir");
	const char *nodes = rec_str(r, "nodes");
	char *path = NULL;

	if (!*pat)
		pat = "slurm-%j.out";     /* sbatch's default */
	if (pat[0] != '/' && !*dir)
		return NULL;
	if (pat[0] != '/')
		xstrfmtcat(&path, "%s/", dir);
	else
		path = xstrdup("");
	for (const char *p = pat; *p; p++) {
		if (*p != '%' || !p[1]) {
			xstrfmtcat(&path, "%c", *p);
			continue;
		}
		switch (*++p) {
		case 'j':
		case 'A':
			xstrfmtcat(&path, "%lld", (long long)rec_int(r, "id"));
			break;
		case 'u':
			xstrfmtcat(&path, "%s", rec_str(r, "user"));
			break;
		case 'x':
			xstrfmtcat(&path, "%s", rec_str(r, "name"));
			break;
		case 'N':
			/* the first node: where the batch script ran */
			xstrfmtcat(&path, "%.*s", (int)strcspn(nodes, ",["), nodes);
			break;
		case '%':
			xstrfmtcat(&path, "%%");
			break;
		default:
			xstrfmtcat(&path, "%%%c", *p);
		}
	}
	return path;
}

int64_t model_gres_gpus(const char *gres)
{
	int64_t n = 0;

	for (const char *p = gres; p && *p; p += strcspn(p, ","), p += *p == ',') {
		size_t len = strcspn(p, ",");
		const char *colon;

		if (strncmp(p, "gpu", 3) || (p[3] != ':' && p + 3 != p + len))
			continue;
		/* the count is after the last ':' of this entry */
		colon = memrchr(p, ':', len);
		n += colon ? strtoll(colon + 1, NULL, 10) : 1;
	}
	return n;
}

char *model_node_notes(const struct admin_rec *r)
{
	const struct admin_field *act = wire_admin_rec_get(r, "active_features");
	char *s = NULL;

	if (act && act->kind == ADMIN_F_STR &&
	    strcmp(act->s ? act->s : "", rec_str(r, "features")))
		xstrfmtcat(&s, "ActiveFeatures=%s",
			   act->s && *act->s ? act->s : "(null)");
	if (*rec_str(r, "comment"))
		xstrfmtcat(&s, "%sComment=%s", s ? " " : "", rec_str(r, "comment"));
	if (*rec_str(r, "extra"))
		xstrfmtcat(&s, "%sExtra=%s", s ? " " : "", rec_str(r, "extra"));
	if (model_node_next_state(r))
		xstrfmtcat(&s, "%sNextState=%s", s ? " " : "",
			   model_node_next_state(r));
	return s;
}

const char *model_node_next_state(const struct admin_rec *r)
{
	const char *next = rec_str(r, "next_state");

	if (!strcmp(next, "down"))
		return "DOWN";
	if (!strcmp(next, "resume"))
		return "RESUME";
	return NULL;
}

bool marks_has(const struct tui_marks *mk, const char *name)
{
	for (size_t i = 0; i < mk->n; i++)
		if (!strcmp(mk->v[i], name))
			return true;
	return false;
}

void marks_toggle(struct tui_marks *mk, const char *name)
{
	for (size_t i = 0; i < mk->n; i++)
		if (!strcmp(mk->v[i], name)) {
			free(mk->v[i]);
			mk->v[i] = mk->v[--mk->n];
			return;
		}
	xgrow((void **)&mk->v, &mk->cap, mk->n + 1, sizeof(*mk->v));
	mk->v[mk->n++] = xstrdup(name);
}

void marks_clear(struct tui_marks *mk)
{
	for (size_t i = 0; i < mk->n; i++)
		free(mk->v[i]);
	free(mk->v);
	memset(mk, 0, sizeof(*mk));
}

char *marks_join(const struct tui_marks *mk)
{
	char *s = xstrdup("");

	for (size_t i = 0; i < mk->n; i++)
		xstrfmtcat(&s, "%s%s", i ? "," : "", mk->v[i]);
	return s;
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
		hist_sample(m);
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
	if (!o)
		o = set_add(s, ev->key);
	rec_copy(&o->rec, &ev->rec);
}
