/* test_tui_model.c - flurmtop's model (tui/model.c, built into this test):
 * a snapshot replaces what was known, changes and removals follow it,
 * notable changes are noted only once the snapshot is complete, and the
 * metrics keep the sample before the last for rates. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_changes_removes),
		cmocka_unit_test(test_metrics_keep_previous),
		cmocka_unit_test(test_events_list_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
