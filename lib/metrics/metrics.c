/* metrics.c - a registry of metric families and its Prometheus text
 * exposition (format 0.0.4). Serving the text over HTTP and deciding what
 * to measure are left to the daemons. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "metrics/metrics.h"

enum metric_type { M_COUNTER, M_GAUGE, M_HISTOGRAM };

static const char *const type_names[] = {
	[M_COUNTER] = "counter",
	[M_GAUGE] = "gauge",
	[M_HISTOGRAM] = "histogram",
};

struct family;

struct metric {
	struct family *fam;
	char *value;            /* label value; NULL for an unlabelled metric */
	double val;             /* counter/gauge value, histogram sum */
	uint64_t count;         /* histogram observations */
	uint64_t *per_bucket;   /* not cumulative: observe touches one slot */
	struct metric *next;
};

struct family {
	enum metric_type type;
	char *name, *help;
	char *label;            /* NULL: the family is its own single metric */
	double *le;             /* bucket bounds, the last one +Inf */
	size_t nle;
	struct metric self;     /* handle returned at registration */
	struct metric *first, *last;    /* children in insertion order */
	struct family *next;
};

struct metrics {
	struct family *first, *last;
};

struct buf {
	char *s;
	size_t len, cap;
};

struct metrics *metrics_new(void)
{
	return xcalloc(1, sizeof(struct metrics));
}

static void metric_clear(struct metric *c)
{
	free(c->value);
	free(c->per_bucket);
}

void metrics_free(struct metrics *m)
{
	struct family *f, *fnext;
	struct metric *c, *cnext;

	if (!m)
		return;
	for (f = m->first; f; f = fnext) {
		fnext = f->next;
		for (c = f->label ? f->first : NULL; c; c = cnext) {
			cnext = c->next;
			metric_clear(c);
			free(c);
		}
		metric_clear(&f->self);
		free(f->name);
		free(f->help);
		free(f->label);
		free(f->le);
		free(f);
	}
	free(m);
}

static int valid_name(const char *s, int colon)
{
	if (!s || !*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' ||
		      (colon && *s == ':')))
			return 0;
	return 1;
}

static int same_buckets(const struct family *f, const double *b, size_t n)
{
	return f->nle == n + 1 && (!n || !memcmp(f->le, b, n * sizeof(*b)));
}

static struct metric *family_add(struct metrics *m, enum metric_type type,
				 const char *name, const char *help,
				 const char *label, const double *b, size_t n)
{
	struct family *f;
	size_t i;

	if (!valid_name(name, 1))
		fatal("metrics: invalid metric name '%s'", name ? name : "");
	if (label && (!valid_name(label, 0) || !strncmp(label, "__", 2) ||
		      (type == M_HISTOGRAM && !strcmp(label, "le"))))
		fatal("metrics: invalid label name '%s' for %s", label, name);
	/* +Inf is implicit; accept it given explicitly as well */
	if (n && isinf(b[n - 1]) && b[n - 1] > 0)
		n--;
	for (f = m->first; f; f = f->next) {
		if (strcmp(f->name, name))
			continue;
		if (f->type != type || !f->label != !label ||
		    (label && strcmp(f->label, label)) ||
		    (type == M_HISTOGRAM && !same_buckets(f, b, n)))
			fatal("metrics: '%s' registered twice, differently",
			      name);
		return &f->self;
	}
	if (type == M_HISTOGRAM) {
		for (i = 0; i < n; i++)
			if (!isfinite(b[i]) || (i && b[i] <= b[i - 1]))
				fatal("metrics: buckets of '%s' not ascending",
				      name);
	}
	f = xcalloc(1, sizeof(*f));
	f->type = type;
	f->name = xstrdup(name);
	f->help = xstrdup(help);
	f->label = xstrdup(label);
	if (type == M_HISTOGRAM) {
		f->nle = n + 1;
		f->le = xmalloc(f->nle * sizeof(double));
		if (n)
			memcpy(f->le, b, n * sizeof(double));
		f->le[n] = INFINITY;
		if (!label)
			f->self.per_bucket = xcalloc(f->nle, sizeof(uint64_t));
	}
	f->self.fam = f;
	if (!label)
		f->first = f->last = &f->self;
	if (m->last)
		m->last->next = f;
	else
		m->first = f;
	m->last = f;
	return &f->self;
}

struct metric *metrics_counter(struct metrics *m, const char *name,
			       const char *help)
{
	return family_add(m, M_COUNTER, name, help, NULL, NULL, 0);
}

struct metric *metrics_gauge(struct metrics *m, const char *name,
			     const char *help)
{
	return family_add(m, M_GAUGE, name, help, NULL, NULL, 0);
}

struct metric *metrics_histogram(struct metrics *m, const char *name,
				 const char *help, const double *buckets,
				 size_t nbuckets)
{
	return family_add(m, M_HISTOGRAM, name, help, NULL, buckets, nbuckets);
}

struct metric *metrics_counter_l(struct metrics *m, const char *name,
				 const char *help, const char *label)
{
	return family_add(m, M_COUNTER, name, help, label, NULL, 0);
}

struct metric *metrics_gauge_l(struct metrics *m, const char *name,
			       const char *help, const char *label)
{
	return family_add(m, M_GAUGE, name, help, label, NULL, 0);
}

struct metric *metrics_histogram_l(struct metrics *m, const char *name,
				   const char *help, const char *label,
				   const double *buckets, size_t nbuckets)
{
	return family_add(m, M_HISTOGRAM, name, help, label, buckets,
			  nbuckets);
}

struct metric *metric_label(struct metric *fam, const char *value)
{
	struct family *f = fam->fam;
	struct metric *c;

	if (fam != &f->self || !f->label)
		fatal("metrics: metric_label() on '%s', not a labelled family",
		      f->name);
	if (!value)
		value = "";
	for (c = f->first; c; c = c->next)
		if (!strcmp(c->value, value))
			return c;
	c = xcalloc(1, sizeof(*c));
	c->fam = f;
	c->value = xstrdup(value);
	if (f->type == M_HISTOGRAM)
		c->per_bucket = xcalloc(f->nle, sizeof(uint64_t));
	if (f->last)
		f->last->next = c;
	else
		f->first = c;
	f->last = c;
	return c;
}

/* A labelled family's handle holds no samples: using it is a bug. */
static struct metric *check(struct metric *c, int types, const char *op)
{
	struct family *f = c->fam;

	if (!(types & (1 << f->type)) || (c == &f->self && f->label))
		fatal("metrics: %s on %s '%s'%s", op, type_names[f->type],
		      f->name, f->label ? " without metric_label()" : "");
	return c;
}

void metric_inc(struct metric *c)
{
	check(c, 1 << M_COUNTER | 1 << M_GAUGE, "inc")->val += 1;
}

void metric_add(struct metric *c, double v)
{
	check(c, 1 << M_COUNTER | 1 << M_GAUGE, "add");
	/* a counter that goes down reads as a restart to Prometheus */
	if (c->fam->type == M_COUNTER && !(v >= 0)) {
		log_warn("metrics: dropped add of %g to counter '%s'", v,
			 c->fam->name);
		return;
	}
	c->val += v;
}

void metric_set(struct metric *g, double v)
{
	check(g, 1 << M_GAUGE, "set")->val = v;
}

void metric_observe(struct metric *h, double v)
{
	const struct family *f = check(h, 1 << M_HISTOGRAM, "observe")->fam;
	size_t i = 0;

	/* NaN is counted and summed, but falls in no finite bucket */
	while (i < f->nle - 1 && !(v <= f->le[i]))
		i++;
	h->per_bucket[i]++;
	h->count++;
	h->val += v;
}

double metric_value(const struct metric *c)
{
	return c->val;
}

static void buf_put(struct buf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append each string argument up to the terminating NULL. */
__attribute__((sentinel)) static void buf_str(struct buf *b, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, b);
	while ((s = va_arg(ap, const char *)))
		buf_put(b, s, strlen(s));
	va_end(ap);
}

/* Escape backslash and newline, and the double quote inside label values. */
static void buf_esc(struct buf *b, const char *s, int quote)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n" :
				  quote && *s == '"' ? "\\\"" : NULL;
		if (!rep)
			continue;
		buf_put(b, run, (size_t)(s - run));
		buf_put(b, rep, 2);
		run = s + 1;
	}
	buf_put(b, run, (size_t)(s - run));
}

/* Integral values print without exponent (+ 0.0 turns -0 into 0); others
 * in the shortest form that reads back to the same double. */
static void buf_num(struct buf *b, double v)
{
	char tmp[40];
	int prec;

	if (isnan(v) || isinf(v)) {
		buf_str(b, isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf", NULL);
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(tmp, sizeof(tmp), "%.0f", v + 0.0);
	} else {
		for (prec = 15; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
			if (strtod(tmp, NULL) == v)
				break;
		}
	}
	buf_str(b, tmp, NULL);
}

/* name[suffix][{label="value"[,le="bound"]}] and the separating space */
static void sample_head(struct buf *b, const struct metric *c,
			const char *suffix, const double *le)
{
	const struct family *f = c->fam;

	buf_str(b, f->name, suffix, (f->label || le) ? "{" : "", NULL);
	if (f->label) {
		buf_str(b, f->label, "=\"", NULL);
		buf_esc(b, c->value, 1);
		buf_str(b, le ? "\"," : "\"", NULL);
	}
	if (le) {
		buf_str(b, "le=\"", NULL);
		buf_num(b, *le);
		buf_str(b, "\"", NULL);
	}
	buf_str(b, (f->label || le) ? "} " : " ", NULL);
}

static void render_metric(struct buf *b, const struct metric *c)
{
	const struct family *f = c->fam;
	uint64_t cum = 0;
	size_t i;

	for (i = 0; f->type == M_HISTOGRAM && i < f->nle; i++) {
		cum += c->per_bucket[i];
		sample_head(b, c, "_bucket", &f->le[i]);
		buf_num(b, (double)cum);
		buf_str(b, "\n", NULL);
	}
	sample_head(b, c, f->type == M_HISTOGRAM ? "_sum" : "", NULL);
	buf_num(b, c->val);
	buf_str(b, "\n", NULL);
	if (f->type == M_HISTOGRAM) {
		sample_head(b, c, "_count", NULL);
		buf_num(b, (double)c->count);
		buf_str(b, "\n", NULL);
	}
}

char *metrics_render(const struct metrics *m)
{
	struct buf b = { 0 };
	const struct family *f;
	const struct metric *c;

	buf_put(&b, "", 0);
	for (f = m->first; f; f = f->next) {
		if (!f->first)
			continue;       /* a labelled family nobody used yet */
		if (f->help && *f->help) {
			buf_str(&b, "# HELP ", f->name, " ", NULL);
			buf_esc(&b, f->help, 0);
			buf_str(&b, "\n", NULL);
		}
		buf_str(&b, "# TYPE ", f->name, " ", type_names[f->type], "\n",
			NULL);
		for (c = f->first; c; c = c->next)
			render_metric(&b, c);
	}
	return b.s;
}
