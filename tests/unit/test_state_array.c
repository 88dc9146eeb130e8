/* test_state_array.c - job arrays in the model: one pending job a task
 * with consecutive ids, the array's fields in each, the scheduler's %
 * throttle, cancel and update of all tasks or those named, the lookups
 * of a task by array and index, and the snapshot (format 10) keeping it
 * all; late arrays (CMD_ARRAY_SUBMIT_LATE), numbered as slurmctld's: one
 * id at submission, the tasks' as they leave the array's record, the
 * last one the array's, and the snapshot (format 25) keeping that. */
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

static struct state *cluster(uint32_t max_job_id)
{
	struct part_spec p = fixture_part_debug();

	return fixture_cluster(&p, 1, NULL, max_job_id, T0);
}

/* Submit an array of the N TASKS with THROTTLE; its id. */
static uint32_t submit(struct state *st, const uint32_t *tasks, uint32_t n,
		       uint32_t throttle)
{
	struct job_spec s = fixture_job("arr");
	uint32_t id = 0;

	s.script = "#!/bin/sh\ntrue\n";
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, tasks, n, throttle,
						       T0), &id), STATE_EOK);
	return id;
}

static uint32_t count_state(const struct state *st, uint32_t array,
			    enum job_state s)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		n += st->jobs[i]->array_job_id == array &&
		     st->jobs[i]->state == s;
	return n;
}

static void test_submit(void **unused)
{
	static const uint32_t odd[] = { 1, 3, 5, 8 }, even[] = { 0, 2, 4 };
	static const uint32_t down[] = { 3, 1 };
	struct state *st = cluster(0x03ff0000);
	struct job_spec s = fixture_job("bad");
	uint32_t a = submit(st, odd, 4, 0), b;

	assert_int_equal(a, 1);
	assert_int_equal(st->njobs, 4);
	for (uint32_t i = 0; i < 4; i++) {
		const struct job *j = state_job(st, a + i);

		assert_int_equal(j->state, JOB_ST_PENDING);
		assert_int_equal(j->array_job_id, a);
		assert_int_equal(j->array_task_id, odd[i]);
		assert_int_equal(j->array_count, 4);
		assert_int_equal(j->array_min, 1);
		assert_int_equal(j->array_max, 8);
		assert_int_equal(j->array_step, 1);   /* no one stride */
		/* one priority for all, as slurmctld's */
		assert_int_equal(j->priority, state_job(st, a)->priority);
	}
	b = submit(st, even, 3, 0);
	assert_int_equal(b, 5);
	assert_int_equal(state_job(st, 7)->array_step, 2);
	assert_int_equal(state_job(st, 7)->array_task_id, 4);
	/* an array takes one priority, as slurmctld's: the next is one
	 * below, and a submit's prio_skip (what slurmctld gave to
	 * submissions it refused) comes first and is not kept */
	assert_int_equal(state_job(st, b)->priority,
			 state_job(st, a)->priority - 1);
	s.prio_skip = 3;
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), NULL), STATE_EOK);
	assert_int_equal(state_job(st, 8)->priority,
			 state_job(st, b)->priority - 4);
	assert_int_equal(state_job(st, 8)->prio_skip, 0);
	s.prio_skip = 0;

	/* no tasks, or indexes out of order: refused, nothing created */
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, odd, 0, 0, T0),
				  NULL), STATE_EINVAL);
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, down, 2, 0, T0),
				  NULL), STATE_EINVAL);
	assert_int_equal(st->njobs, 8);
	state_free(st);

	/* not ids enough for every task: none is submitted */
	st = cluster(3);
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, odd, 4, 0, T0),
				  NULL), STATE_EIDS);
	assert_int_equal(st->njobs, 0);
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, even, 3, 0, T0),
				  NULL), STATE_EOK);
	assert_int_equal(st->njobs, 3);
	state_free(st);
}

static void test_throttle(void **unused)
{
	uint32_t tasks[10];
	struct state *st = cluster(0x03ff0000);
	uint32_t a;

	for (uint32_t i = 0; i < 10; i++)
		tasks[i] = i;
	a = submit(st, tasks, 10, 2);
	/* 16 CPUs free, but two tasks at once */
	assert_int_equal(fixture_cycle(st, T0 + 1), 2);
	assert_int_equal(count_state(st, a, JOB_ST_RUNNING), 2);
	assert_int_equal(state_job(st, a)->array_task_id, 0);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, a + 1)->state, JOB_ST_RUNNING);
	assert_int_equal(fixture_cycle(st, T0 + 2), 0);
	assert_string_equal(job_reason_name(state_job(st, a + 2)->sched_reason),
			    "JobArrayTaskLimit");
	/* one ends: the next task starts */
	assert_int_equal(apply_rc(st, cmd_job_end(a, 0, T0 + 3), NULL),
			 STATE_EOK);
	assert_false(state_job(st, a)->completing);
	assert_int_equal(fixture_cycle(st, T0 + 4), 1);
	assert_int_equal(state_job(st, a + 2)->state, JOB_ST_RUNNING);
	/* scontrol update ArrayTaskThrottle=4: two more start; 0 lifts it,
	 * and every task, the ended one too, keeps the new value */
	assert_int_equal(apply_rc(st, cmd_array_throttle(a, 4, T0 + 5), NULL),
			 STATE_EOK);
	assert_int_equal(state_job(st, a)->array_throttle, 4);
	assert_int_equal(fixture_cycle(st, T0 + 6), 2);
	assert_int_equal(count_state(st, a, JOB_ST_RUNNING), 4);
	assert_int_equal(apply_rc(st, cmd_array_throttle(a, 0, T0 + 7), NULL),
			 STATE_EOK);
	assert_int_equal(fixture_cycle(st, T0 + 8), 5);
	assert_int_equal(state_job(st, a + 9)->array_throttle, 0);
	assert_int_equal(apply_rc(st, cmd_array_throttle(a + 1, 1, T0 + 9),
				  NULL), STATE_ENOJOB);
	state_free(st);
}

static void test_cancel(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2, 3, 4 }, some[] = { 2, 3 };
	static const uint32_t none[] = { 7 };
	struct state *st = cluster(0x03ff0000);
	uint32_t a = submit(st, tasks, 5, 1);

	assert_int_equal(fixture_cycle(st, T0 + 1), 1);
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, some, 2, 1000,
						       T0 + 2), NULL),
			 STATE_EOK);
	assert_int_equal(count_state(st, a, JOB_ST_CANCELLED), 2);
	assert_int_equal(state_job(st, a + 2)->state, JOB_ST_CANCELLED);
	assert_int_equal(state_job(st, a + 4)->state, JOB_ST_PENDING);
	/* a task the array does not have */
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, none, 1, 1000,
						       T0 + 2), NULL),
			 STATE_ENOJOB);
	/* all of them: the running one too, which is now completing */
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, NULL, 0, 1000,
						       T0 + 3), NULL),
			 STATE_EOK);
	assert_int_equal(count_state(st, a, JOB_ST_CANCELLED), 5);
	assert_true(state_job(st, a)->completing);
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, NULL, 0, 1000,
						       T0 + 4), NULL),
			 STATE_EDONE);
	assert_int_equal(apply_rc(st, cmd_array_cancel(99, NULL, 0, 1000,
						       T0 + 4), NULL),
			 STATE_ENOJOB);
	state_free(st);
}

static void test_update(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2, 3 }, one[] = { 2 };
	struct state *st = cluster(0x03ff0000);
	uint32_t a = submit(st, tasks, 4, 1);
	struct job_update u;

	assert_int_equal(fixture_cycle(st, T0 + 1), 1);
	memset(&u, 0, sizeof(u));
	u.fields = JOB_UPD_TIME_LIMIT;
	u.time_limit = 20;
	assert_int_equal(apply_rc(st, cmd_array_update(a, NULL, 0, &u, T0 + 2),
				  NULL), STATE_EOK);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(state_job(st, a + i)->time_limit, 20);
	u.time_limit = 10;
	assert_int_equal(apply_rc(st, cmd_array_update(a, one, 1, &u, T0 + 3),
				  NULL), STATE_EOK);
	assert_int_equal(state_job(st, a + 2)->time_limit, 10);
	assert_int_equal(state_job(st, a + 3)->time_limit, 20);
	/* a hold takes the pending tasks; the running one is left */
	memset(&u, 0, sizeof(u));
	u.fields = JOB_UPD_HOLD;
	assert_int_equal(apply_rc(st, cmd_array_update(a, NULL, 0, &u, T0 + 4),
				  NULL), STATE_EOK);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	assert_int_equal(state_job(st, a + 1)->priority, 0);
	assert_int_equal(state_job(st, a + 3)->priority, 0);
	assert_int_equal(fixture_cycle(st, T0 + 5), 0);
	/* every task ended: nothing to update */
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, NULL, 0, 1000,
						       T0 + 6), NULL),
			 STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_array_update(a, one, 1, &u, T0 + 7),
				  NULL), STATE_EDONE);
	assert_int_equal(apply_rc(st, cmd_array_update(99, NULL, 0, &u, T0 + 7),
				  NULL), STATE_ENOJOB);
	state_free(st);
}

/* The tasks found by the array's id and their indexes, the first ones
 * forgotten too, never another job. */
static void test_lookup(void **unused)
{
	static const uint32_t tasks[] = { 1, 4, 9, 10 }, two[] = { 1, 4 };
	static const uint32_t left[] = { 9, 10 };
	struct state *st = cluster(0x03ff0000);
	struct job_spec s = fixture_job("plain");
	uint32_t a = submit(st, tasks, 4, 0), plain = 0, n = 0;
	struct array_iter it;
	const struct job *j;

	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &plain), STATE_EOK);
	assert_ptr_equal(state_array_any(st, a), state_job(st, a));
	assert_ptr_equal(state_array_task(st, a, 9), state_job(st, a + 2));
	assert_null(state_array_task(st, a, 5));
	assert_null(state_array_task(st, a, 11));
	assert_null(state_array_any(st, plain));
	assert_null(state_array_first(st, plain, &it));
	assert_null(state_array_first(st, 0, &it));
	for (j = state_array_first(st, a, &it); j; j = state_array_next(st, &it))
		assert_int_equal(j->array_task_id, tasks[n++]);
	assert_int_equal(n, 4);

	/* the first two cancelled and forgotten: the others are found */
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, two, 2, 1000, T0 + 1),
				  NULL), STATE_EOK);
	assert_int_equal(apply_rc(st, cmd_purge(T0 + 1000), NULL), STATE_EOK);
	assert_null(state_job(st, a));
	assert_ptr_equal(state_array_any(st, a), state_job(st, a + 2));
	assert_null(state_array_task(st, a, 1));
	assert_ptr_equal(state_array_task(st, a, 10), state_job(st, a + 3));
	n = 0;
	for (j = state_array_first(st, a, &it); j; j = state_array_next(st, &it))
		assert_int_equal(j->array_task_id, left[n++]);
	assert_int_equal(n, 2);
	state_free(st);
}

static void test_snapshot(void **unused)
{
	static const uint32_t tasks[] = { 0, 5, 10 };
	struct state *st = cluster(0x03ff0000), *copy = state_new();
	uint32_t a = submit(st, tasks, 3, 2);
	const struct job *j;
	buf_t *snap, *again;

	assert_int_equal(fixture_cycle(st, T0 + 1), 2);
	snap = state_snapshot(st);
	assert_int_equal(((const uint8_t *)snap->data)[7], 10);
	for (size_t cut = 0; cut < buf_len(snap); cut++) {
		assert_int_equal(state_restore(copy, snap->data, cut), -1);
		assert_int_equal(copy->njobs, 0);
	}
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	j = state_job(copy, a + 2);
	assert_int_equal(j->array_job_id, a);
	assert_int_equal(j->array_task_id, 10);
	assert_int_equal(j->array_throttle, 2);
	assert_int_equal(j->array_count, 3);
	assert_int_equal(j->array_min, 0);
	assert_int_equal(j->array_max, 10);
	assert_int_equal(j->array_step, 5);
	/* the copy snapshots to the same bytes, and keeps the throttle */
	again = state_snapshot(copy);
	assert_int_equal(buf_len(again), buf_len(snap));
	assert_memory_equal(again->data, snap->data, buf_len(snap));
	assert_int_equal(fixture_cycle(copy, T0 + 2), 0);
	buf_free(again);
	buf_free(snap);

	/* a model without arrays still snapshots in an older format */
	state_free(st);
	st = cluster(0x03ff0000);
	snap = state_snapshot(st);
	assert_true(((const uint8_t *)snap->data)[7] < 10);
	buf_free(snap);
	state_free(st);
	state_free(copy);
}

/* Submit a late array of the N TASKS with THROTTLE; its id. */
static uint32_t submit_late(struct state *st, const uint32_t *tasks,
			    uint32_t n, uint32_t throttle)
{
	struct job_spec s = fixture_job("late");
	uint32_t id = 0;

	s.script = "#!/bin/sh\ntrue\n";
	assert_int_equal(apply_rc(st, cmd_array_submit_late(&s, tasks, n,
							    throttle, T0),
				  &id), STATE_EOK);
	return id;
}

static uint32_t plain(struct state *st)
{
	struct job_spec s = fixture_job("plain");
	uint32_t id = 0;

	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &id), STATE_EOK);
	return id;
}

static uint32_t task_id(const struct state *st, uint32_t a, uint32_t k)
{
	const struct job *j = state_array_task(st, a, k);

	assert_non_null(j);
	return j->id;
}

/* One id at submission; each task takes the next as it starts, the
 * last one the array's. */
static void test_late_start(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2 };
	struct state *st = cluster(0x03ff0000);
	uint32_t a = submit_late(st, tasks, 3, 1), n = 0, shown = 0;
	struct array_iter it;
	const struct job *j;

	assert_int_equal(a, 1);
	assert_int_equal(st->njobs, 3);
	assert_null(state_job(st, a));         /* no record holds it yet */
	assert_int_equal(plain(st), 2);        /* the next job: A+1 */
	for (j = state_array_first(st, a, &it); j; j = state_array_next(st, &it)) {
		assert_true(state_task_waiting(j));
		assert_true(j->array_late);
		assert_int_equal(state_job_shown_id(j), a);
		assert_int_equal(j->array_task_id, tasks[n++]);
	}
	assert_int_equal(n, 3);
	/* task 0 and the plain job start: the task takes 3 */
	assert_int_equal(fixture_cycle(st, T0 + 1), 2);
	assert_int_equal(task_id(st, a, 0), 3);
	assert_int_equal(state_job(st, 3)->state, JOB_ST_RUNNING);
	assert_int_equal(plain(st), 4);
	assert_int_equal(apply_rc(st, cmd_job_end(3, 0, T0 + 2), NULL),
			 STATE_EOK);
	assert_int_equal(fixture_cycle(st, T0 + 3), 2);   /* task 1 and job 4 */
	assert_int_equal(task_id(st, a, 1), 5);
	assert_int_equal(apply_rc(st, cmd_job_end(5, 0, T0 + 4), NULL),
			 STATE_EOK);
	/* the last one left in the record keeps the array's id */
	assert_int_equal(fixture_cycle(st, T0 + 5), 1);
	assert_int_equal(task_id(st, a, 2), a);
	assert_int_equal(state_job(st, a)->state, JOB_ST_RUNNING);
	assert_int_equal(plain(st), 6);
	/* found by array and index, in id order */
	for (j = state_array_first(st, a, &it); j; j = state_array_next(st, &it))
		shown++;
	assert_int_equal(shown, 3);
	assert_ptr_equal(state_array_any(st, a), state_job(st, a));
	state_free(st);
}

/* The ids of state_jobs_listed() as clients see them, in *GOT. */
static void listed_ids(const struct state *st, uint32_t *got, uint32_t n)
{
	struct job **v = state_jobs_listed(st);

	assert_non_null(v);
	assert_int_equal(st->njobs, n);
	for (uint32_t i = 0; i < n; i++)
		got[i] = state_job_shown_id(v[i]);
	free(v);
}

/* slurmctld's job list: a task that leaves the record stays in its
 * place, the record goes after every job there is then. */
static void test_late_listed(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2 };
	static const uint32_t two[] = { 3, 2, 5, 4, 1 };
	static const uint32_t last[] = { 3, 2, 5, 4, 1, 6 };
	struct state *st = cluster(0x03ff0000);
	uint32_t a, got[6];

	assert_null(state_jobs_listed(st));    /* no late array: st->jobs */
	a = submit_late(st, tasks, 3, 1);
	assert_int_equal(plain(st), 2);
	/* nothing left the record yet: the array at its id */
	listed_ids(st, got, 4);
	assert_int_equal(got[0], a);
	assert_int_equal(got[3], 2);
	assert_int_equal(fixture_cycle(st, T0 + 1), 2);        /* task 0 takes 3 */
	assert_int_equal(plain(st), 4);
	assert_int_equal(apply_rc(st, cmd_job_end(3, 0, T0 + 2), NULL),
			 STATE_EOK);
	assert_int_equal(fixture_cycle(st, T0 + 3), 2);        /* task 1 takes 5 */
	listed_ids(st, got, 5);
	assert_memory_equal(got, two, sizeof(two));
	assert_int_equal(apply_rc(st, cmd_job_end(5, 0, T0 + 4), NULL),
			 STATE_EOK);
	/* the last task takes the array's id in the record's place */
	assert_int_equal(fixture_cycle(st, T0 + 5), 1);
	assert_int_equal(plain(st), 6);
	listed_ids(st, got, 6);
	assert_memory_equal(got, last, sizeof(last));
	state_free(st);
}

/* sbatch --reboot --array: the task that starts waiting for its node's
 * reboot takes its job id as any task does, and waits CONFIGURING under
 * it. */
static void test_late_reboot(void **unused)
{
	static const uint32_t tasks[] = { 0, 1 };
	struct state *st = cluster(0x03ff0000);
	struct job_spec s = fixture_job("late");
	uint32_t a = 0, idx = 0, waiting;
	buf_t *start, *b;
	const struct job *j;

	s.script = "#!/bin/sh\ntrue\n";
	s.reboot = true;
	assert_int_equal(apply_rc(st, cmd_array_submit_late(&s, tasks, 2, 0, T0),
				  &a), STATE_EOK);
	waiting = task_id(st, a, 0);
	start = cmd_start(waiting, &idx, 1, 1, 0, T0 + 1);
	b = cmd_start_reboot(start);
	buf_free(start);
	assert_non_null(b);
	assert_int_equal(apply_rc(st, b, NULL), STATE_EOK);
	j = state_array_task(st, a, 0);
	assert_non_null(j);
	assert_int_equal(j->id, a + 1);
	assert_true(j->configuring);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(st->nodes[0].reboot, NODE_REBOOT_JOB);
	state_free(st);
}

/* An update of some tasks splits each named one off, in index order; one
 * of all those waiting splits none. Cancelled tasks take no id. */
static void test_late_update_cancel(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2, 3 }, some[] = { 1, 3 };
	static const uint32_t first[] = { 0 };
	struct state *st = cluster(0x03ff0000);
	uint32_t a = submit_late(st, tasks, 4, 0);
	struct job_update u;

	memset(&u, 0, sizeof(u));
	u.fields = JOB_UPD_HOLD;
	assert_int_equal(apply_rc(st, cmd_array_update(a, NULL, 0, &u, T0 + 1),
				  NULL), STATE_EOK);
	for (uint32_t k = 0; k < 4; k++) {
		assert_true(task_id(st, a, k) >= STATE_TASK_ID_BASE);
		assert_int_equal(state_array_task(st, a, k)->priority, 0);
	}
	u.fields = JOB_UPD_TIME_LIMIT;
	u.time_limit = 7;
	assert_int_equal(apply_rc(st, cmd_array_update(a, some, 2, &u, T0 + 2),
				  NULL), STATE_EOK);
	assert_int_equal(task_id(st, a, 1), 2);
	assert_int_equal(task_id(st, a, 3), 3);
	assert_int_equal(state_job(st, 3)->time_limit, 7);
	assert_true(task_id(st, a, 0) >= STATE_TASK_ID_BASE);
	assert_true(task_id(st, a, 2) >= STATE_TASK_ID_BASE);
	/* scancel of a waiting task: cleared, no id taken */
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, first, 1, 1000,
						       T0 + 3), NULL),
			 STATE_EOK);
	assert_true(task_id(st, a, 0) >= STATE_TASK_ID_BASE);
	assert_int_equal(state_array_task(st, a, 0)->state, JOB_ST_CANCELLED);
	assert_int_equal(plain(st), 4);
	/* the last one waiting ends as the array's record */
	assert_int_equal(apply_rc(st, cmd_array_cancel(a, NULL, 0, 1000,
						       T0 + 4), NULL),
			 STATE_EOK);
	assert_int_equal(task_id(st, a, 2), a);
	assert_int_equal(state_job(st, a)->state, JOB_ST_CANCELLED);
	assert_int_equal(count_state(st, a, JOB_ST_CANCELLED), 4);
	state_free(st);
}

/* A task cancelled from the record and requeued after the last one took
 * the array's id takes a new id as it starts, never a second copy of
 * the array's. */
static void test_late_requeue(void **unused)
{
	static const uint32_t tasks[] = { 0, 1, 2 }, first[] = { 0 };
	struct state *st = cluster(0x03ff0000);
	uint32_t a = submit_late(st, tasks, 3, 0), t0;

	assert_int_equal(apply_rc(st, cmd_array_cancel(a, first, 1, 1000,
						       T0 + 1), NULL),
			 STATE_EOK);
	assert_int_equal(fixture_cycle(st, T0 + 2), 2);
	assert_int_equal(task_id(st, a, 1), 2);
	assert_int_equal(task_id(st, a, 2), a);
	t0 = task_id(st, a, 0);
	assert_true(t0 >= STATE_TASK_ID_BASE);
	assert_int_equal(apply_rc(st, cmd_job_requeue(t0, false, 0, T0 + 3),
				  NULL), STATE_EOK);
	assert_int_equal(fixture_cycle(st, T0 + 4), 1);
	assert_int_equal(task_id(st, a, 0), 3);
	assert_int_equal(state_job(st, a)->array_task_id, 2);
	state_free(st);
}

/* Format 25 keeps late arrays and the next waiting id: a restored copy
 * goes on numbering as the original does. */
static void test_late_snapshot(void **unused)
{
	static const uint32_t tasks[] = { 4, 5, 6 };
	struct state *st = cluster(0x03ff0000), *copy = state_new();
	uint32_t a = submit_late(st, tasks, 3, 1);
	buf_t *snap, *again;

	assert_int_equal(fixture_cycle(st, T0 + 1), 1);
	assert_int_equal(task_id(st, a, 4), 2);
	snap = state_snapshot(st);
	assert_int_equal(((const uint8_t *)snap->data)[7], 25);
	for (size_t cut = 0; cut < buf_len(snap); cut++)
		assert_int_equal(state_restore(copy, snap->data, cut), -1);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->next_task_id, st->next_task_id);
	assert_true(state_array_task(copy, a, 6)->array_late);
	again = state_snapshot(copy);
	assert_int_equal(buf_len(again), buf_len(snap));
	assert_memory_equal(again->data, snap->data, buf_len(snap));
	buf_free(again);
	/* both go on alike */
	submit_late(st, tasks, 3, 0);
	submit_late(copy, tasks, 3, 0);
	assert_int_equal(apply_rc(st, cmd_job_end(2, 0, T0 + 2), NULL),
			 STATE_EOK);
	assert_int_equal(apply_rc(copy, cmd_job_end(2, 0, T0 + 2), NULL),
			 STATE_EOK);
	assert_int_equal(fixture_cycle(st, T0 + 3), fixture_cycle(copy, T0 + 3));
	snap = (buf_free(snap), state_snapshot(st));
	again = state_snapshot(copy);
	assert_int_equal(buf_len(again), buf_len(snap));
	assert_memory_equal(again->data, snap->data, buf_len(snap));
	buf_free(again);
	buf_free(snap);
	state_free(st);
	state_free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_submit),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_snapshot),
		cmocka_unit_test(test_late_start),
		cmocka_unit_test(test_late_listed),
		cmocka_unit_test(test_late_reboot),
		cmocka_unit_test(test_late_update_cancel),
		cmocka_unit_test(test_late_requeue),
		cmocka_unit_test(test_late_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
