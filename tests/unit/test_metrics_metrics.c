/* test_metrics_metrics.c - exact Prometheus text for counters, gauges,
 * labelled families with escaping, histograms; number formatting; misuse
 * being fatal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <math.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "metrics/metrics.h"

static void expect_render(const struct metrics *m, const char *want)
{
	char *got = metrics_render(m);
	assert_string_equal(got, want);
	free(got);
}

static void test_counter_gauge(void **state)
{
	struct metrics *m = metrics_new();
	struct metric *c, *g;

	expect_render(m, "");
	c = metrics_counter(m, "flurm_rpc_total", "RPCs handled.");
	g = metrics_gauge(m, "flurm_jobs_pending", "Jobs waiting.");
	metric_inc(c);
	metric_inc(c);
	metric_add(c, 40);
	metric_add(c, -5);      /* dropped: counters never go down */
	metric_set(g, 7);
	metric_add(g, -10);
	assert_true(metric_value(c) == 42);
	/* same name and type again: same metric */
	assert_ptr_equal(metrics_counter(m, "flurm_rpc_total", "x"), c);
	expect_render(m,
		"# HELP flurm_rpc_total RPCs handled.\n"
		"# TYPE flurm_rpc_total counter\n"
		"flurm_rpc_total 42\n"
		"# HELP flurm_jobs_pending Jobs waiting.\n"
		"# TYPE flurm_jobs_pending gauge\n"
		"flurm_jobs_pending -3\n");
	metrics_free(m);
}

static void test_numbers(void **state)
{
	struct metrics *m = metrics_new();
	struct metric *g[8];
	const double v[8] = { 0.25, 1e20, 1.0 / 3, NAN, INFINITY,
			      -INFINITY, -0.0, 123456789012.0 };
	const char *names[8] = { "a", "b", "c", "d", "e", "f", "g", "h" };

	for (int i = 0; i < 8; i++) {
		g[i] = metrics_gauge(m, names[i], NULL);
		metric_set(g[i], v[i]);
	}
	expect_render(m,
		"# TYPE a gauge\na 0.25\n"
		"# TYPE b gauge\nb 1e+20\n"
		"# TYPE c gauge\nc 0.3333333333333333\n"
		"# TYPE d gauge\nd NaN\n"
		"# TYPE e gauge\ne +Inf\n"
		"# TYPE f gauge\nf -Inf\n"
		"# TYPE g gauge\ng 0\n"
		"# TYPE h gauge\nh 123456789012\n");
	metrics_free(m);
}

static void test_labelled_escaping(void **state)
{
	struct metrics *m = metrics_new();
	struct metric *fam, *ping, *odd;

	fam = metrics_counter_l(m, "flurm_rpc_by_type_total",
				"RPCs by \\type\\\nper message.", "type");
	metrics_gauge_l(m, "flurm_unused", "never labelled", "state");
	/* nothing to show until a child exists */
	expect_render(m, "");
	ping = metric_label(fam, "REQUEST_PING");
	odd = metric_label(fam, "a\"b\\c\nd");
	metric_inc(ping);
	metric_inc(metric_label(fam, "REQUEST_PING"));
	metric_add(odd, 2.5);
	assert_ptr_equal(metric_label(fam, "REQUEST_PING"), ping);
	expect_render(m,
		"# HELP flurm_rpc_by_type_total RPCs by \\\\type\\\\\\n"
		"per message.\n"
		"# TYPE flurm_rpc_by_type_total counter\n"
		"flurm_rpc_by_type_total{type=\"REQUEST_PING\"} 2\n"
		"flurm_rpc_by_type_total{type=\"a\\\"b\\\\c\\nd\"} 2.5\n");
	metrics_free(m);
}

static void test_histogram(void **state)
{
	struct metrics *m = metrics_new();
	const double b[] = { 0.005, 0.1, 1, 10 };
	struct metric *h, *hl;

	h = metrics_histogram(m, "flurm_rpc_seconds", "RPC latency.", b, 4);
	metric_observe(h, 0.001);
	metric_observe(h, 0.1);         /* le is inclusive */
	metric_observe(h, 0.5);
	metric_observe(h, 3);
	metric_observe(h, 100);
	assert_ptr_equal(metrics_histogram(m, "flurm_rpc_seconds", NULL, b, 4),
			 h);
	hl = metrics_histogram_l(m, "flurm_sched_seconds", "Cycle time.",
				 "part", b, 2);
	metric_observe(metric_label(hl, "gpu"), 0.05);
	expect_render(m,
		"# HELP flurm_rpc_seconds RPC latency.\n"
		"# TYPE flurm_rpc_seconds histogram\n"
		"flurm_rpc_seconds_bucket{le=\"0.005\"} 1\n"
		"flurm_rpc_seconds_bucket{le=\"0.1\"} 2\n"
		"flurm_rpc_seconds_bucket{le=\"1\"} 3\n"
		"flurm_rpc_seconds_bucket{le=\"10\"} 4\n"
		"flurm_rpc_seconds_bucket{le=\"+Inf\"} 5\n"
		"flurm_rpc_seconds_sum 103.601\n"
		"flurm_rpc_seconds_count 5\n"
		"# HELP flurm_sched_seconds Cycle time.\n"
		"# TYPE flurm_sched_seconds histogram\n"
		"flurm_sched_seconds_bucket{part=\"gpu\",le=\"0.005\"} 0\n"
		"flurm_sched_seconds_bucket{part=\"gpu\",le=\"0.1\"} 1\n"
		"flurm_sched_seconds_bucket{part=\"gpu\",le=\"+Inf\"} 1\n"
		"flurm_sched_seconds_sum{part=\"gpu\"} 0.05\n"
		"flurm_sched_seconds_count{part=\"gpu\"} 1\n");
	metrics_free(m);
}

/* Run FN in a child; it must die (fatal exits 1), not return. */
static void expect_fatal(void (*fn)(struct metrics *))
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct metrics *m = metrics_new();
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		fn(m);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
}

static void bad_name(struct metrics *m)
{
	metrics_counter(m, "1flurm", "x");
}

static void bad_char(struct metrics *m)
{
	metrics_gauge(m, "flurm-jobs", "x");
}

static void type_clash(struct metrics *m)
{
	metrics_counter(m, "flurm_x", "x");
	metrics_gauge(m, "flurm_x", "x");
}

static void bad_label(struct metrics *m)
{
	metrics_counter_l(m, "flurm_x", "x", "__name__");
}

static void le_label(struct metrics *m)
{
	metrics_histogram_l(m, "flurm_x", "x", "le", NULL, 0);
}

static void unsorted_buckets(struct metrics *m)
{
	const double b[] = { 1, 0.5 };
	metrics_histogram(m, "flurm_x", "x", b, 2);
}

static void set_counter(struct metrics *m)
{
	metric_set(metrics_counter(m, "flurm_x", "x"), 1);
}

static void inc_family(struct metrics *m)
{
	metric_inc(metrics_counter_l(m, "flurm_x", "x", "type"));
}

static void test_misuse_is_fatal(void **state)
{
	expect_fatal(bad_name);
	expect_fatal(bad_char);
	expect_fatal(type_clash);
	expect_fatal(bad_label);
	expect_fatal(le_label);
	expect_fatal(unsorted_buckets);
	expect_fatal(set_counter);
	expect_fatal(inc_family);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_gauge),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_labelled_escaping),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_misuse_is_fatal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
