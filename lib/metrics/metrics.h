/* metrics.h - counters, gauges and histograms, rendered in the Prometheus
 * text exposition format 0.0.4 for the controller's /metrics endpoint.
 * No I/O, no clock, no locking: FLURM daemons are single-threaded.
 * Misuse (bad name, type clash, set on a counter) is a programming error
 * and fatal, so it shows up at the first test run, not in production. */
#ifndef FLURM_METRICS_H
#define FLURM_METRICS_H

#include <stddef.h>

struct metrics;
struct metric;

struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);

/* Register a metric, or return the one already registered under NAME
 * (fatal if its type, label or buckets differ). HELP may be NULL. */
struct metric *metrics_counter(struct metrics *m, const char *name,
			       const char *help);
struct metric *metrics_gauge(struct metrics *m, const char *name,
			     const char *help);
/* BUCKETS are upper bounds, strictly ascending; +Inf is added. */
struct metric *metrics_histogram(struct metrics *m, const char *name,
				 const char *help, const double *buckets,
				 size_t nbuckets);

/* One-label families: the result is only a handle for metric_label(). */
struct metric *metrics_counter_l(struct metrics *m, const char *name,
				 const char *help, const char *label);
struct metric *metrics_gauge_l(struct metrics *m, const char *name,
			       const char *help, const char *label);
struct metric *metrics_histogram_l(struct metrics *m, const char *name,
				   const char *help, const char *label,
				   const double *buckets, size_t nbuckets);
/* The child of family FAM with label value VALUE, created on first use.
 * Lookup is linear: keep the pointer if you call this on a hot path. */
struct metric *metric_label(struct metric *fam, const char *value);

void metric_inc(struct metric *c);           /* counter or gauge += 1 */
void metric_add(struct metric *c, double v); /* counter: v < 0 is dropped */
void metric_set(struct metric *g, double v); /* gauge only */
void metric_observe(struct metric *h, double v); /* histogram only */
/* Current value of a counter or gauge, or the sum of a histogram. */
double metric_value(const struct metric *c);

/* The whole registry as exposition text; the caller frees it. */
char *metrics_render(const struct metrics *m);

#endif
