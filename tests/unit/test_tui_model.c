/* test_tui_model.c - flurmtop's model (tui/model.c, built into this test):
 * a snapshot replaces what was known, changes and removals follow it,
 * notable changes are noted only once the snapshot is complete, the
 * metrics keep the sample before the last for rates and a bounded
 * history for sparklines; and what the views ask of it: jobs ended in
 * the last hour, the state and partition selectors, a job's output
 * file, GPUs from GRES, marked nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../tui/model.c"

static void event(struct tui_model *m, uint8_t topic, uint8_t kind,
		  const char *key, const char *state, uint64_t time_us)
{
	struct wire_admin_event ev = { .topic = topic, .kind = kind,
		.key = (char *)key, .time_us = time_us };

	if (state)
		wire_admin_rec_str(&ev.rec, "state", state);
	if (topic == ADMIN_TOPIC_METRICS)
		wire_admin_rec_int(&ev.rec, "flurm_jobs_submitted_total",
				   (int64_t)time_us / 1000000);
	model_apply(m, &ev);
	wire_admin_rec_free(&ev.rec);
}

static void test_snapshot_changes_removes(void **unused)
{
	struct tui_model m = { 0 };

	event(&m, ADMIN_TOPIC_JOBS, ADMIN_EV_SNAPSHOT, "1", "PENDING", 0);
	event(&m, ADMIN_TOPIC_JOBS, ADMIN_EV_SNAPSHOT, "2", "RUNNING", 0);
	event(&m, ADMIN_TOPIC_NODES, ADMIN_EV_SNAPSHOT, "node1", "idle", 0);
	assert_false(m.synced);
	event(&m, ADMIN_TOPIC_NONE, ADMIN_EV_SYNCED, NULL, NULL, 0);
	assert_true(m.synced);
	assert_int_equal(m.jobs.n, 2);
	assert_int_equal(m.nevents, 0);     /* a snapshot is not news */

	event(&m, ADMIN_TOPIC_JOBS, ADMIN_EV_CHANGE, "2", "FAILED", 0);
	event(&m, ADMIN_TOPIC_JOBS, ADMIN_EV_REMOVE, "1", NULL, 0);
	event(&m, ADMIN_TOPIC_NODES, ADMIN_EV_CHANGE, "node1", "drained", 0);
	assert_int_equal(m.jobs.n, 1);
	assert_string_equal(m.jobs.v[0].key, "2");
	assert_string_equal(rec_str(&m.jobs.v[0].rec, "state"), "FAILED");
	assert_int_equal(m.nevents, 2);
	assert_non_null(strstr(m.events[0], "job 2 FAILED"));
	assert_non_null(strstr(m.events[1], "node node1: idle -> drained"));

	/* a new snapshot (after a reconnect that could not resume) */
	model_reset(&m);
	assert_int_equal(m.jobs.n, 0);
	assert_int_equal(m.nodes.n, 0);
	assert_false(m.synced);
	assert_int_equal(m.nevents, 2);     /* the events list stays */
	model_free(&m);
}

static void test_metrics_keep_previous(void **unused)
{
	struct tui_model m = { 0 };

	event(&m, ADMIN_TOPIC_METRICS, ADMIN_EV_METRICS, NULL, NULL, 5000000);
	assert_int_equal(m.metrics_prev.n, 0);
	event(&m, ADMIN_TOPIC_METRICS, ADMIN_EV_METRICS, NULL, NULL, 7000000);
	assert_int_equal(rec_int(&m.metrics, "flurm_jobs_submitted_total"), 7);
	assert_int_equal(rec_int(&m.metrics_prev, "flurm_jobs_submitted_total"), 5);
	assert_int_equal(m.metrics_us - m.metrics_prev_us, 2000000);
	model_free(&m);
}

static void test_events_list_bounded(void **unused)
{
	struct tui_model m = { 0 };

	for (int i = 0; i < TUI_EVENTS + 10; i++)
		model_note(&m, "event %d", i);
	assert_int_equal(m.nevents, TUI_EVENTS);
	assert_non_null(strstr(m.events[0], "event 10"));
	assert_non_null(strstr(m.events[TUI_EVENTS - 1], "event 73"));
	model_free(&m);
}

static void job(struct tui_model *m, const char *id, const char *state,
		const char *part, int64_t end)
{
	struct wire_admin_event ev = { .topic = ADMIN_TOPIC_JOBS,
		.kind = ADMIN_EV_CHANGE, .key = (char *)id };

	wire_admin_rec_str(&ev.rec, "state", state);
	wire_admin_rec_str(&ev.rec, "partition", part);
	wire_admin_rec_int(&ev.rec, "end_time", end);
	model_apply(m, &ev);
	wire_admin_rec_free(&ev.rec);
}

static void test_history_from_samples(void **unused)
{
	struct tui_model m = { 0 };
	char line[TUI_HIST + 1];

	job(&m, "1", "RUNNING", "debug", 0);
	job(&m, "2", "RUNNING", "debug", 0);
	job(&m, "3", "PENDING", "debug", 0);
	/* submissions total = seconds: one a second */
	event(&m, ADMIN_TOPIC_METRICS, ADMIN_EV_METRICS, NULL, NULL, 10000000);
	assert_int_equal(m.nhist, 0);       /* no rate from one sample */
	event(&m, ADMIN_TOPIC_METRICS, ADMIN_EV_METRICS, NULL, NULL, 12000000);
	assert_int_equal(m.nhist, 1);
	assert_true(m.hist_submit[0] > 0.99 && m.hist_submit[0] < 1.01);
	assert_true(m.hist_running[0] == 2);
	for (int i = 0; i < TUI_HIST + 5; i++)
		event(&m, ADMIN_TOPIC_METRICS, ADMIN_EV_METRICS, NULL, NULL,
		      (uint64_t)(13 + i) * 1000000);
	assert_int_equal(m.nhist, TUI_HIST);
	model_free(&m);

	{
		const double v[] = { 0, 1, 2, 4, 8, 0.01 };

		model_sparkline(v, 6, 40, line, sizeof(line));
		assert_string_equal(line, " .:=#.");
		model_sparkline(v, 6, 3, line, sizeof(line));
		assert_string_equal(line, "=#.");   /* the last WIDTH */
		model_sparkline(v, 0, 40, line, sizeof(line));
		assert_string_equal(line, "");
	}
}

static void test_recent_ends_and_selectors(void **unused)
{
	struct tui_model m = { 0 };
	int64_t done, failed;
	char buf[64];

	job(&m, "1", "COMPLETED", "debug", 10000);
	job(&m, "2", "FAILED", "batch", 9000);
	job(&m, "3", "CANCELLED", "debug", 5000);   /* more than an hour ago */
	job(&m, "4", "RUNNING", "debug", 0);
	job(&m, "5", "TIMEOUT", "debug", 10500);
	model_recent_ends(&m, 10600, 3600, &done, &failed);
	assert_int_equal(done, 1);
	assert_int_equal(failed, 2);

	assert_true(model_job_shown(&m.jobs.v[0].rec, "", ""));
	assert_true(model_job_shown(&m.jobs.v[0].rec, "COMPLETED", "debug"));
	assert_false(model_job_shown(&m.jobs.v[0].rec, "RUNNING", ""));
	assert_false(model_job_shown(&m.jobs.v[1].rec, "", "debug"));

	/* P cycles all -> each partition in order -> all */
	{
		struct wire_admin_event ev = { .topic = ADMIN_TOPIC_PARTITIONS,
			.kind = ADMIN_EV_CHANGE };

		ev.key = "debug";
		model_apply(&m, &ev);
		ev.key = "batch";
		model_apply(&m, &ev);
	}
	assert_string_equal(model_next_key(&m.parts, "", buf, sizeof(buf)), "batch");
	assert_string_equal(model_next_key(&m.parts, "batch", buf, sizeof(buf)), "debug");
	assert_string_equal(model_next_key(&m.parts, "debug", buf, sizeof(buf)), "");
	model_free(&m);
}

static void test_job_output_path(void **unused)
{
	struct admin_rec r = { 0 };
	char *p;

	wire_admin_rec_int(&r, "id", 42);
	wire_admin_rec_str(&r, "user", "alice");
	wire_admin_rec_str(&r, "name", "sim");
	wire_admin_rec_str(&r, "nodes", "node[3-4]");
	wire_admin_rec_str(&r, "work_dir", "/home/alice");
	p = model_job_output(&r);
	assert_string_equal(p, "/home/alice/slurm-42.out");   /* sbatch's default */
	free(p);
	wire_admin_rec_str(&r, "std_out", "out/%x-%j-%u-%N-100%%.log");
	p = model_job_output(&r);
	assert_string_equal(p, "/home/alice/out/sim-42-alice-node-100%.log");
	free(p);
	wire_admin_rec_free(&r);

	wire_admin_rec_int(&r, "id", 7);
	wire_admin_rec_str(&r, "std_out", "relative.out");
	assert_null(model_job_output(&r));        /* no working directory */
	wire_admin_rec_free(&r);
}

static void test_gpus_and_marks(void **unused)
{
	struct tui_marks mk = { 0 };
	char *s;

	assert_int_equal(model_gres_gpus(""), 0);
	assert_int_equal(model_gres_gpus(NULL), 0);
	assert_int_equal(model_gres_gpus("gpu:2"), 2);
	assert_int_equal(model_gres_gpus("gpu:a100:4,nic:1"), 4);
	assert_int_equal(model_gres_gpus("nic:1,gpu:1,gpu:v100:2"), 3);
	assert_int_equal(model_gres_gpus("gpux:3"), 0);

	marks_toggle(&mk, "node1");
	marks_toggle(&mk, "node3");
	marks_toggle(&mk, "node2");
	marks_toggle(&mk, "node3");       /* unmarked again */
	assert_true(marks_has(&mk, "node1"));
	assert_false(marks_has(&mk, "node3"));
	s = marks_join(&mk);
	assert_string_equal(s, "node1,node2");
	free(s);
	marks_clear(&mk);
	assert_int_equal(mk.n, 0);
	s = marks_join(&mk);
	assert_string_equal(s, "");
	free(s);
}

/* A node's notes: ActiveFeatures only when it differs from the
 * features, then Comment and Extra when set; none of them: NULL. */
static void test_node_notes(void **unused)
{
	struct admin_rec r = { 0 };
	char *s;

	(void)unused;
	wire_admin_rec_str(&r, "name", "node1");
	wire_admin_rec_str(&r, "features", "a,b");
	assert_null(model_node_notes(&r));
	wire_admin_rec_str(&r, "active_features", "a,b");
	assert_null(model_node_notes(&r));
	wire_admin_rec_free(&r);

	wire_admin_rec_str(&r, "features", "a,b");
	wire_admin_rec_str(&r, "active_features", "a");
	wire_admin_rec_str(&r, "comment", "new disk");
	wire_admin_rec_str(&r, "extra", "rack=4");
	s = model_node_notes(&r);
	assert_string_equal(s, "ActiveFeatures=a Comment=new disk Extra=rack=4");
	free(s);
	wire_admin_rec_free(&r);

	/* none active of some available, and a lone extra */
	wire_admin_rec_str(&r, "features", "a");
	wire_admin_rec_str(&r, "active_features", "");
	s = model_node_notes(&r);
	assert_string_equal(s, "ActiveFeatures=(null)");
	free(s);
	wire_admin_rec_free(&r);
	wire_admin_rec_str(&r, "extra", "x");
	s = model_node_notes(&r);
	assert_string_equal(s, "Extra=x");
	free(s);
	wire_admin_rec_free(&r);
}

/* 20,000 jobs added, half removed, some changed: every one is found
 * where it is, removed ones are not, whatever the order. */
static void test_many_jobs_indexed(void **unused)
{
	struct tui_model m = { 0 };
	char key[16];

	for (int i = 1; i <= 20000; i++) {
		snprintf(key, sizeof(key), "%d", i);
		job(&m, key, "PENDING", "debug", 0);
	}
	for (int i = 1; i <= 20000; i += 2) {
		struct wire_admin_event ev = { .topic = ADMIN_TOPIC_JOBS,
			.kind = ADMIN_EV_REMOVE, .key = key };

		snprintf(key, sizeof(key), "%d", i);
		model_apply(&m, &ev);
	}
	assert_int_equal(m.jobs.n, 10000);
	job(&m, "20000", "RUNNING", "debug", 0);
	job(&m, "3", "RUNNING", "debug", 0);       /* new again */
	assert_int_equal(m.jobs.n, 10001);
	for (int i = 1; i <= 20000; i++) {
		struct tui_obj *o;

		snprintf(key, sizeof(key), "%d", i);
		o = set_find(&m.jobs, key);
		if (i % 2 && i != 3) {
			assert_null(o);
			continue;
		}
		assert_non_null(o);
		assert_string_equal(o->key, key);
	}
	assert_string_equal(rec_str(&set_find(&m.jobs, "20000")->rec, "state"),
			    "RUNNING");
	model_reset(&m);
	assert_null(set_find(&m.jobs, "2"));
	job(&m, "2", "PENDING", "debug", 0);
	assert_non_null(set_find(&m.jobs, "2"));
	model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_changes_removes),
		cmocka_unit_test(test_metrics_keep_previous),
		cmocka_unit_test(test_events_list_bounded),
		cmocka_unit_test(test_history_from_samples),
		cmocka_unit_test(test_recent_ends_and_selectors),
		cmocka_unit_test(test_job_output_path),
		cmocka_unit_test(test_gpus_and_marks),
		cmocka_unit_test(test_node_notes),
		cmocka_unit_test(test_many_jobs_indexed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
