/* test_state_idwrap.c - job ids wrapping around as slurmctld's: after the
 * highest id (MaxJobId - 1) the next is FirstJobId again, ids still held
 * (a job kept until it is purged, a late array's record) skipped, none
 * when every one is held; the jobs kept in id order, late arrays whose
 * tasks took ids across the wrap, snapshots of a wrapped model, and a
 * CONFIG of an older log (no wrap flag) still refusing past the last. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/xalloc.h"
#include "sched/sched.h"
#include "state/state.h"
#include "state_fixture.h"

#define T0 1700000000

static int apply_rc(struct state *st, buf_t *b, uint32_t *id)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	if (id)
		*id = res.job_id;
	return res.rc;
}

/* slurm.conf as node[1-4] with ids FIRST to MAX (MaxJobId = MAX + 1),
 * which wrap around when WRAP (as every CONFIG the controller writes). */
static void configure(struct state *st, uint32_t first, uint32_t max,
		      bool wrap, time_t t)
{
	struct part_spec p = fixture_part_debug();
	struct node_spec n[4];
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = first,
		.max_job_id = max, .ids_wrap = wrap,
	};
	char names[4][8];

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "node%d", i + 1);
		n[i].name = names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
	}
	assert_int_equal(apply_rc(st, cmd_config(n, 4, &p, 1, &prm, t), NULL),
			 STATE_EOK);
}

/* A new model as configure() makes it, its nodes up. */
static struct state *ids_cluster(uint32_t first, uint32_t max, bool wrap)
{
	struct state *st = state_new();
	char name[8];

	configure(st, first, max, wrap, T0);
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "node%d", i + 1);
		assert_int_equal(apply_rc(st, cmd_node_up(name, 4, 1000, T0,
							  T0), NULL),
				 STATE_EOK);
	}
	return st;
}

/* Submit a held job (it stays pending); the rc, its id in *ID. */
static int held(struct state *st, uint32_t *id)
{
	struct job_spec s = fixture_job("held");

	s.priority = 0;
	*id = 0;
	return apply_rc(st, cmd_submit(&s, T0), id);
}

static uint32_t held_id(struct state *st)
{
	uint32_t id;

	assert_int_equal(held(st, &id), STATE_EOK);
	return id;
}

static void cancel(struct state *st, uint32_t id, time_t t)
{
	assert_int_equal(apply_rc(st, cmd_cancel(id, 0, t), NULL), STATE_EOK);
}

static void purge(struct state *st, time_t t)
{
	assert_int_equal(apply_rc(st, cmd_purge(t), NULL), STATE_EOK);
}

/* st->jobs in strictly ascending id order, every id found by lookup */
static void assert_sorted(const struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		if (i)
			assert_true(st->jobs[i - 1]->id < st->jobs[i]->id);
		assert_ptr_equal(state_job(st, st->jobs[i]->id), st->jobs[i]);
	}
}

/* FirstJobId=10 MaxJobId=14: 10 to 13, then back to 10 once it is
 * purged; an ended job blocks its id until then; none when all are
 * held, as slurmctld's get_next_job_id(). */
static void test_wrap(void **unused)
{
	struct state *st = ids_cluster(10, 13, true);
	uint32_t id;

	for (uint32_t k = 10; k <= 13; k++)
		assert_int_equal(held_id(st), k);
	assert_int_equal(state_next_job_id(st), 0);
	assert_int_equal(held(st, &id), STATE_EIDS);
	assert_int_equal(st->njobs, 4);
	/* ended, kept until MinJobAge: still held */
	cancel(st, 11, T0 + 1);
	assert_int_equal(held(st, &id), STATE_EIDS);
	purge(st, T0 + 1 + 299);
	assert_int_equal(held(st, &id), STATE_EIDS);
	purge(st, T0 + 1 + 300);
	assert_null(state_job(st, 11));
	assert_int_equal(state_next_job_id(st), 11);
	/* the search went past 13, back to 10 (held), then 11 */
	assert_int_equal(held_id(st), 11);
	assert_sorted(st);
	assert_int_equal(held(st, &id), STATE_EIDS);
	/* 12 and 10 free: from 12 on (past the last one given) */
	cancel(st, 10, T0 + 2);
	cancel(st, 12, T0 + 2);
	purge(st, T0 + 400);
	assert_int_equal(held_id(st), 12);
	assert_int_equal(held_id(st), 10);
	assert_int_equal(state_next_job_id(st), 0);
	assert_sorted(st);
	/* the newest job is not the last in id order any more */
	assert_int_equal(st->jobs[st->njobs - 1]->id, 13);
	assert_int_equal(st->jobs[0]->id, 10);
	state_free(st);
}

/* A reload lowering the bound below the next id: the next is the first
 * again; one raising FirstJobId above it moves it there. */
static void test_wrap_reload(void **unused)
{
	struct state *st = ids_cluster(10, 20, true);

	for (uint32_t k = 10; k <= 15; k++)
		assert_int_equal(held_id(st), k);
	for (uint32_t k = 10; k <= 12; k++)
		cancel(st, k, T0 + 1);
	purge(st, T0 + 400);
	/* MaxJobId=14: 16, the next, is past it */
	configure(st, 10, 13, true, T0 + 500);
	assert_int_equal(st->next_job_id, 16);
	assert_int_equal(held_id(st), 10);
	assert_int_equal(held_id(st), 11);
	assert_int_equal(held_id(st), 12);
	/* 13 to 15 held, 16 and up past the bound */
	assert_int_equal(state_next_job_id(st), 0);
	assert_sorted(st);
	state_free(st);
}

/* FirstJobId = MaxJobId: the highest id below the first, none given,
 * as slurmctld gives none. */
static void test_no_ids(void **unused)
{
	struct state *st = ids_cluster(10, 9, true);
	uint32_t id;

	assert_int_equal(state_next_job_id(st), 0);
	assert_int_equal(held(st, &id), STATE_EIDS);
	assert_int_equal(st->njobs, 0);
	state_free(st);
}

/* A CONFIG of an older log carries no wrap flag: its submissions past
 * the last id replay refused as they were, whatever was purged since. */
static void test_no_wrap(void **unused)
{
	struct state *st = ids_cluster(10, 13, false);
	uint32_t id;

	for (uint32_t k = 10; k <= 13; k++)
		assert_int_equal(held_id(st), k);
	cancel(st, 10, T0 + 1);
	purge(st, T0 + 400);
	assert_int_equal(held(st, &id), STATE_EIDS);
	assert_int_equal(state_next_job_id(st), 0);
	state_free(st);
}

/* The flag goes through the CONFIG entry and the snapshot, the bound
 * without it. */
static void test_flag_carried(void **unused)
{
	struct state *st = ids_cluster(10, 13, true), *copy = state_new();
	buf_t *snap;

	assert_true(st->params.ids_wrap);
	assert_int_equal(st->params.max_job_id, 13);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_true(copy->params.ids_wrap);
	assert_int_equal(copy->params.max_job_id, 13);
	buf_free(snap);
	state_free(copy);
	state_free(st);
	st = ids_cluster(10, 13, false);
	assert_false(st->params.ids_wrap);
	state_free(st);
}

static uint32_t submit_late(struct state *st, const uint32_t *tasks,
			    uint32_t n, int want)
{
	struct job_spec s = fixture_job("late");
	uint32_t id = 0;

	s.script = "#!/bin/sh\ntrue\n";
	assert_int_equal(apply_rc(st, cmd_array_submit_late(&s, tasks, n, 0,
							    T0), &id), want);
	return id;
}

static uint32_t task_id(const struct state *st, uint32_t a, uint32_t k)
{
	const struct job *j = state_array_task(st, a, k);

	assert_non_null(j);
	return j->id;
}

/* A late array across the wrap: its id is skipped while its tasks wait
 * in its record; each task takes the next id as it starts, below the
 * array's after the wrap, the last the array's; all found by the array's
 * id and index. */
static void test_wrap_late_array(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2 };
	struct state *st = ids_cluster(10, 13, true);
	uint32_t a, n = 0, id;
	struct array_iter it;
	const struct job *j;

	assert_int_equal(held_id(st), 10);
	assert_int_equal(held_id(st), 11);
	a = submit_late(st, tasks, 3, STATE_EOK);
	assert_int_equal(a, 12);
	assert_int_equal(held_id(st), 13);
	/* every id held: 12 by the array's record */
	assert_int_equal(held(st, &id), STATE_EIDS);
	assert_int_equal(submit_late(st, tasks, 3, STATE_EIDS), 0);
	cancel(st, 10, T0 + 1);
	cancel(st, 11, T0 + 1);
	purge(st, T0 + 400);
	/* two tasks start: they take 10 and 11, below the array's id */
	for (uint32_t i = 0; i < 2; i++)
		assert_int_equal(apply_rc(st, cmd_start(task_id(st, a, i),
							&i, 1, 1, 0,
							T0 + 401), NULL),
				 STATE_EOK);
	assert_int_equal(task_id(st, a, 0), 10);
	assert_int_equal(task_id(st, a, 1), 11);
	assert_true(task_id(st, a, 2) >= STATE_TASK_ID_BASE);
	assert_sorted(st);
	/* the array's id still held by its record */
	assert_int_equal(held(st, &id), STATE_EIDS);
	assert_ptr_equal(state_job_named(st, a), state_array_task(st, a, 2));
	/* all three found by the array's id, once each */
	for (j = state_array_first(st, a, &it); j; j = state_array_next(st, &it)) {
		assert_int_equal(j->array_job_id, a);
		n++;
	}
	assert_int_equal(n, 3);
	/* the last takes the array's id */
	assert_int_equal(fixture_cycle(st, T0 + 402), 1);
	assert_int_equal(task_id(st, a, 2), a);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	n = 0;
	for (j = state_array_first(st, a, &it); j; j = state_array_next(st, &it))
		n++;
	assert_int_equal(n, 3);
	assert_ptr_equal(state_array_any(st, a), state_job(st, a));
	assert_sorted(st);
	state_free(st);
}

/* A task that cannot get an id (every one held) does not start, and the
 * model is left as it was: no id given twice, nothing half done. */
static void test_late_task_no_id(void **unused)
{
	static const uint32_t tasks[] = { 0, 1 };
	struct state *st = ids_cluster(10, 11, true);
	uint32_t a = submit_late(st, tasks, 2, STATE_EOK), idx = 0;
	buf_t *before, *after;

	assert_int_equal(a, 10);
	assert_int_equal(held_id(st), 11);
	before = state_snapshot(st);
	assert_int_equal(apply_rc(st, cmd_start(task_id(st, a, 0), &idx, 1, 1,
						0, T0 + 1), NULL), STATE_EIDS);
	assert_true(task_id(st, a, 0) >= STATE_TASK_ID_BASE);
	after = state_snapshot(st);
	/* only the command counter moved */
	assert_int_equal(buf_len(after), buf_len(before));
	buf_free(before);
	buf_free(after);
	/* once 11 is purged the task takes it */
	cancel(st, 11, T0 + 2);
	purge(st, T0 + 400);
	assert_int_equal(apply_rc(st, cmd_start(task_id(st, a, 0), &idx, 1, 1,
						0, T0 + 401), NULL), STATE_EOK);
	assert_int_equal(task_id(st, a, 0), 11);
	assert_sorted(st);
	state_free(st);
}

/* A wrapped model snapshots to itself, and the copy goes on giving the
 * same ids. */
static void test_wrap_snapshot(void **unused)
{
	static const uint32_t tasks[] = { 3, 4 };
	struct state *st = ids_cluster(10, 13, true), *copy = state_new();
	uint32_t a, idx = 0;
	buf_t *snap, *again;

	for (uint32_t k = 10; k <= 12; k++)
		assert_int_equal(held_id(st), k);
	a = submit_late(st, tasks, 2, STATE_EOK);
	assert_int_equal(a, 13);
	cancel(st, 10, T0 + 1);
	cancel(st, 11, T0 + 1);
	purge(st, T0 + 400);
	assert_int_equal(apply_rc(st, cmd_start(task_id(st, a, 3), &idx, 1, 1,
						0, T0 + 401), NULL), STATE_EOK);
	assert_int_equal(task_id(st, a, 3), 10);
	assert_int_equal(st->next_job_id, 11);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_sorted(copy);
	again = state_snapshot(copy);
	assert_int_equal(buf_len(again), buf_len(snap));
	assert_memory_equal(again->data, snap->data, buf_len(snap));
	buf_free(again);
	buf_free(snap);
	/* both go on alike: 11, then none (12 held, 13 the array's) */
	assert_int_equal(held_id(st), 11);
	assert_int_equal(held_id(copy), 11);
	assert_int_equal(state_next_job_id(st), 0);
	assert_int_equal(state_next_job_id(copy), 0);
	assert_int_equal(task_id(copy, a, 3), 10);
	state_free(st);
	state_free(copy);
}

/* The record holding an array's id stays, and so the id, until no other
 * task of the array is left, as slurmctld keeps its meta record; not in
 * a model whose ids do not wrap (an older log's purges replay as they
 * did). */
static void test_array_record_kept(void **unused)
{
	static const uint32_t tasks[] = { 0, 1 };

	for (int wrap = 0; wrap < 2; wrap++) {
		struct state *st = ids_cluster(10, 13, wrap);
		uint32_t a = submit_late(st, tasks, 2, STATE_EOK), id;

		assert_int_equal(a, 10);
		assert_int_equal(fixture_cycle(st, T0 + 1), 2);
		assert_int_equal(task_id(st, a, 0), 11);
		assert_int_equal(task_id(st, a, 1), 10);
		assert_int_equal(apply_rc(st, cmd_job_end(10, 0, T0 + 2), NULL),
				 STATE_EOK);
		assert_false(state_purge_due(st, T0 + 2 + 299));
		assert_int_equal(state_purge_due(st, T0 + 1000), !wrap);
		purge(st, T0 + 1000);
		assert_int_equal(state_job(st, 10) != NULL, wrap);
		assert_ptr_equal(state_array_task(st, a, 0), state_job(st, 11));
		if (wrap) {
			/* 12, 13, then 10 still the array's */
			assert_int_equal(held_id(st), 12);
			assert_int_equal(held_id(st), 13);
			assert_int_equal(held(st, &id), STATE_EIDS);
			/* the last task ends: both go, 10 comes free */
			assert_int_equal(apply_rc(st, cmd_job_end(11, 0,
								  T0 + 1001),
						  NULL), STATE_EOK);
			assert_true(state_purge_due(st, T0 + 1400));
			purge(st, T0 + 1400);
			assert_null(state_job(st, 10));
			assert_null(state_job(st, 11));
			assert_int_equal(held_id(st), 10);
		}
		state_free(st);
	}
}

/* An array of the older layout (consecutive ids at once) takes them
 * only where all are free and below the bound. */
static void test_old_array(void **unused)
{
	static const uint32_t tasks[] = { 0, 1 };
	struct state *st = ids_cluster(10, 13, true);
	struct job_spec s = fixture_job("arr");
	uint32_t id = 0;

	s.script = "#!/bin/sh\ntrue\n";
	for (uint32_t k = 10; k <= 12; k++)
		assert_int_equal(held_id(st), k);
	/* 13 and 14: past the bound */
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, tasks, 2, 0, T0),
				  &id), STATE_EIDS);
	cancel(st, 10, T0 + 1);
	purge(st, T0 + 400);
	assert_int_equal(held_id(st), 13);
	/* 10 free, 11 held */
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, tasks, 2, 0, T0),
				  &id), STATE_EIDS);
	cancel(st, 11, T0 + 401);
	purge(st, T0 + 800);
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, tasks, 2, 0, T0),
				  &id), STATE_EOK);
	assert_int_equal(id, 10);
	assert_int_equal(state_array_task(st, 10, 1)->id, 11);
	assert_sorted(st);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_reload),
		cmocka_unit_test(test_no_wrap),
		cmocka_unit_test(test_no_ids),
		cmocka_unit_test(test_flag_carried),
		cmocka_unit_test(test_wrap_late_array),
		cmocka_unit_test(test_late_task_no_id),
		cmocka_unit_test(test_wrap_snapshot),
		cmocka_unit_test(test_array_record_kept),
		cmocka_unit_test(test_old_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
