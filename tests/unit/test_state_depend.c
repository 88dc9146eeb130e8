/* test_state_depend.c - job dependencies: Slurm's syntax parsed or
 * refused, each kind decided from how the other job ended, "?" lists,
 * singleton, +time, the Dependency= text, the scheduler's reasons, the
 * kill command, scontrol update, and the snapshot keeping it all; and
 * the other options that decide when a job starts: --nice, --deadline,
 * --time-min. Dependencies on arrays: the whole array, one task, a
 * range, and aftercorr between two arrays. */
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

static struct state *cluster(void)
{
	struct part_spec p = fixture_part_debug();

	return fixture_cluster(&p, 1, NULL, 0x03ff0000, T0);
}

/* Submit a job named NAME with dependency DEP (or none); its id. */
static uint32_t submit(struct state *st, const char *name, const char *dep,
		       uint8_t kill)
{
	struct job_spec s = fixture_job(name);
	uint32_t id = 0;

	s.script = "#!/bin/sh\ntrue\n";
	s.dependency = (char *)dep;
	s.dep_kill = kill;
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &id), STATE_EOK);
	return id;
}

static void start(struct state *st, uint32_t id, time_t t)
{
	uint32_t node = 0;

	assert_int_equal(apply_rc(st, cmd_start(id, &node, 1, 1, 0, t), NULL),
			 STATE_EOK);
}

static void end(struct state *st, uint32_t id, int status, time_t t)
{
	assert_int_equal(apply_rc(st, cmd_job_end(id, status, t), NULL),
			 STATE_EOK);
}

static void assert_dep_string(struct state *st, uint32_t id, time_t now,
			      const char *want)
{
	char *s = depend_string(st, state_job(st, id), now);

	if (!want)
		assert_null(s);
	else
		assert_string_equal(s, want);
	free(s);
}

static void test_parse(void **unused)
{
	struct job_dep *v;
	uint32_t n;
	bool any;

	assert_int_equal(depend_parse("afterok:12:13+5,afternotok:14", &v, &n,
				      &any), 0);
	assert_int_equal(n, 3);
	assert_false(any);
	assert_int_equal(v[0].type, DEP_AFTEROK);
	assert_int_equal(v[0].job_id, 12);
	assert_int_equal(v[1].job_id, 13);
	assert_int_equal(v[1].minutes, 5);
	assert_int_equal(v[2].type, DEP_AFTERNOTOK);
	free(v);

	/* one "?" makes the whole list any-of, as in slurmctld */
	assert_int_equal(depend_parse("after:3?AFTERANY:4,singleton", &v, &n,
				      &any), 0);
	assert_int_equal(n, 3);
	assert_true(any);
	assert_int_equal(v[0].type, DEP_AFTER);
	assert_int_equal(v[1].type, DEP_AFTERANY);
	assert_int_equal(v[2].type, DEP_SINGLETON);
	free(v);

	/* bare ids: afterany; duplicates dropped; "(failed)" kept */
	assert_int_equal(depend_parse("7,8,7", &v, &n, &any), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[1].type, DEP_AFTERANY);
	free(v);
	assert_int_equal(depend_parse("afterok:9(failed),aftercorr:10(unfulfilled)",
				      &v, &n, &any), 0);
	assert_int_equal(v[0].state, DEP_FAILED);
	assert_int_equal(v[1].state, DEP_WAIT);
	free(v);

	v = (void *)1;
	assert_int_equal(depend_parse("afterok:1,expand:2", &v, &n, &any), -2);
	assert_null(v);
	assert_int_equal(depend_parse("", &v, &n, &any), 0);
	assert_int_equal(n, 0);
	assert_int_equal(depend_parse("0", &v, &n, &any), 0);
	assert_int_equal(n, 0);

	/* what slurmctld answers "Job dependency problem" for */
	static const char *const bad[] = {
		"afterok", "afterok:", "afterok:0", "afterok:x", "before:12",
		"afterok:12+0", "afterok:12+", "afterok:12_", "12,afterok:13",
		"afterok:12_[", "afterok:12_[3-1]", "afterok:12_[1,]",
		"afterok:12_x", "12_[1-2",
		"afterok:12;13", "afterok:12,", "singletonx", "afterok:12(failed",
		"after:-3",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		v = (void *)1;
		assert_int_equal(depend_parse(bad[i], &v, &n, &any), -1);
		assert_null(v);
	}
}

static void test_kinds(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, "a", NULL, 0);
	uint32_t ok = submit(st, "ok", "afterok:1", 0);
	uint32_t notok = submit(st, "notok", "afternotok:1", 0);
	uint32_t any = submit(st, "any", "afterany:1", 0);
	uint32_t after = submit(st, "after", "after:1", 0);
	uint32_t later = submit(st, "later", "after:1+2", 0);

	assert_int_equal(a, 1);
	for (uint32_t id = ok; id <= later; id++)
		assert_int_equal(depend_test(st, state_job(st, id), T0),
				 DEP_PENDING);
	assert_dep_string(st, ok, T0, "afterok:1(unfulfilled)");
	assert_dep_string(st, later, T0, "after:1+2(unfulfilled)");

	start(st, a, T0 + 10);
	assert_int_equal(depend_test(st, state_job(st, after), T0 + 10), DEP_NONE);
	assert_dep_string(st, after, T0 + 10, NULL);
	/* +2: two minutes after the start */
	assert_int_equal(depend_test(st, state_job(st, later), T0 + 129),
			 DEP_PENDING);
	assert_int_equal(depend_test(st, state_job(st, later), T0 + 130),
			 DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, any), T0 + 130),
			 DEP_PENDING);

	end(st, a, 0, T0 + 200);
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 200), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, any), T0 + 200), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, notok), T0 + 200),
			 DEP_NEVER);
	assert_dep_string(st, notok, T0 + 200, "afternotok:1(failed)");
	state_free(st);
}

static void test_failed_job(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, "a", NULL, 0);
	uint32_t b = submit(st, "b", NULL, 0);
	uint32_t ok = submit(st, "ok", "afterok:1", 0);
	uint32_t notok = submit(st, "notok", "afternotok:1", 0);
	uint32_t all = submit(st, "all", "afterok:1,afterok:2", 0);
	uint32_t one = submit(st, "one", "afterok:1?afterok:2", 0);

	start(st, a, T0);
	start(st, b, T0);
	end(st, a, 1 << 8, T0 + 5);
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 5), DEP_NEVER);
	assert_int_equal(depend_test(st, state_job(st, notok), T0 + 5), DEP_NONE);
	/* all of: one failure is enough; any of: the other may still do */
	assert_int_equal(depend_test(st, state_job(st, all), T0 + 5), DEP_NEVER);
	assert_dep_string(st, all, T0 + 5,
			  "afterok:1(failed),afterok:2(unfulfilled)");
	assert_int_equal(depend_test(st, state_job(st, one), T0 + 5),
			 DEP_PENDING);
	assert_dep_string(st, one, T0 + 5,
			  "afterok:1(failed)?afterok:2(unfulfilled)");
	end(st, b, 0, T0 + 6);
	assert_int_equal(depend_test(st, state_job(st, one), T0 + 6), DEP_NONE);

	/* once job 1 is purged its dependents still know it failed */
	assert_int_equal(apply_rc(st, cmd_purge(T0 + 100000), NULL), STATE_EOK);
	assert_null(state_job(st, a));
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 100000),
			 DEP_NEVER);
	assert_int_equal(depend_test(st, state_job(st, notok), T0 + 100000),
			 DEP_NONE);
	/* an id that no longer (or never) exists is lifted, as Slurm */
	assert_int_equal(depend_test(st, state_job(st, submit(st, "x",
			 "afterok:999", 0)), T0), DEP_NONE);
	state_free(st);
}

/* slurmctld tests dependencies in its scheduling passes, which leave held
 * jobs out: a held job's Dependency= text is what it was submitted with,
 * met or not; once released, what is left. */
static void test_held_string(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, "a", NULL, 0);
	uint32_t h = submit(st, "h", "afterany:1,afterok:999", 0);

	start(st, a, T0);
	end(st, a, 0, T0 + 5);
	assert_int_equal(apply_rc(st, cmd_hold(h, true, false, T0 + 6), NULL),
			 STATE_EOK);
	assert_dep_string(st, h, T0 + 6,
			  "afterany:1(unfulfilled),afterok:999(unfulfilled)");
	assert_int_equal(depend_test(st, state_job(st, h), T0 + 6), DEP_NONE);
	assert_int_equal(apply_rc(st, cmd_hold(h, false, false, T0 + 7), NULL),
			 STATE_EOK);
	assert_dep_string(st, h, T0 + 7, NULL);
	state_free(st);
}

static void test_singleton(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, "same", "singleton", 0);
	uint32_t b = submit(st, "same", "singleton", 0);
	uint32_t other = submit(st, "other", "singleton", 0);
	struct sched_result r;

	/* the first one may go, the second waits for it */
	assert_int_equal(depend_test(st, state_job(st, a), T0), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, b), T0), DEP_PENDING);
	assert_int_equal(depend_test(st, state_job(st, other), T0), DEP_NONE);
	sched_cycle(st, T0, 0, &r);
	assert_int_equal(r.nstarts, 2);
	assert_int_equal(r.starts[0].job_id, a);
	assert_int_equal(r.starts[1].job_id, other);
	assert_int_equal(state_job(st, b)->sched_reason, JOB_REASON_DEPENDENCY);
	assert_string_equal(job_reason_name(job_reason_shown(state_job(st, b))),
			    "Dependency");
	sched_result_free(&r);
	start(st, a, T0);
	assert_dep_string(st, b, T0, "singleton(unfulfilled)");
	end(st, a, 0, T0 + 1);
	assert_int_equal(depend_test(st, state_job(st, b), T0 + 1), DEP_NONE);
	state_free(st);
}

/* The rule as slurmctld states it, asked of every other job. */
static bool singleton_waits(const struct state *st, const struct job *j)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *o = st->jobs[i];

		if (o == j || o->uid != j->uid || strcmp(o->name, j->name))
			continue;
		if (o->state == JOB_ST_RUNNING || o->state == JOB_ST_SUSPENDED ||
		    (o->state == JOB_ST_PENDING && o->id < j->id))
			return true;
	}
	return false;
}

static void assert_singletons(const struct state *st, time_t now)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->state != JOB_ST_PENDING)
			continue;
		assert_int_equal(depend_test(st, j, now),
				 singleton_waits(st, j) ? DEP_PENDING : DEP_NONE);
	}
}

/* Many singletons of two users and a few names, through starts, a
 * suspend, ends and cancels: each answer is the one the rule gives,
 * also right after each change. */
static void test_singleton_many(void **unused)
{
	struct state *st = cluster();
	static const char *const names[] = { "a", "b", "c", "ab" };
	uint32_t ids[24];
	struct sched_result r;

	for (int i = 0; i < 24; i++) {
		struct job_spec s = fixture_job(names[i % 4]);

		s.script = "#!/bin/sh\ntrue\n";
		s.dependency = "singleton";
		if (i % 3 == 2) {
			s.uid = 1001;
			s.user = "bob";
		}
		assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &ids[i]),
				 STATE_EOK);
	}
	assert_singletons(st, T0);
	sched_cycle(st, T0, 0, &r);
	/* one per (user, name): 4 names of alice and 4 of bob */
	assert_int_equal(r.nstarts, 8);
	for (uint32_t k = 0; k < r.nstarts; k++) {
		const struct sched_decision *d = &r.starts[k];

		assert_int_equal(apply_rc(st, cmd_start(d->job_id, d->node_idx,
				 d->count, d->cpus_per_node, d->mem_per_node,
				 T0), NULL), STATE_EOK);
	}
	sched_result_free(&r);
	assert_singletons(st, T0);
	/* a suspended one still holds its name */
	assert_int_equal(apply_rc(st, cmd_job_suspend(ids[0], true, T0 + 1),
				  NULL), STATE_EOK);
	assert_singletons(st, T0 + 1);
	assert_int_equal(depend_test(st, state_job(st, ids[4]), T0 + 1),
			 DEP_PENDING);
	assert_int_equal(apply_rc(st, cmd_cancel(ids[0], 0, T0 + 2), NULL),
			 STATE_EOK);
	assert_singletons(st, T0 + 2);
	assert_int_equal(depend_test(st, state_job(st, ids[4]), T0 + 2),
			 DEP_NONE);
	/* alice's "b": 1 ran, 9 and 13 wait; once 1 ends 9 may go, and 13
	 * still waits for 9, which only waits */
	end(st, ids[1], 0, T0 + 3);
	assert_int_equal(apply_rc(st, cmd_cancel(ids[5], 0, T0 + 4), NULL),
			 STATE_EOK);
	assert_singletons(st, T0 + 4);
	assert_int_equal(depend_test(st, state_job(st, ids[9]), T0 + 4),
			 DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, ids[13]), T0 + 4),
			 DEP_PENDING);
	assert_dep_string(st, ids[13], T0 + 4, "singleton(unfulfilled)");
	state_free(st);
}

/* scontrol update StartTime= and Deadline= in the model: the begin time
 * moves the eligible time along; neither lands on a running job. */
static void test_update_begin_deadline(void **unused)
{
	struct state *st = cluster();
	uint32_t id = submit(st, "x", NULL, 0);
	struct job_update u = { .job_id = id, .fields = JOB_UPD_BEGIN,
				.begin_time = T0 + 3600 };
	struct job *j = state_job(st, id);
	struct sched_result r;

	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0 + 5), NULL),
			 STATE_EOK);
	assert_int_equal(j->begin_time, T0 + 3600);
	assert_int_equal(j->eligible_time, T0 + 3600);
	sched_cycle(st, T0 + 10, 0, &r);
	assert_int_equal(r.nstarts, 0);
	assert_int_equal(j->sched_reason, JOB_REASON_BEGIN_TIME);
	sched_result_free(&r);
	u.fields = JOB_UPD_DEADLINE;
	u.deadline = T0 + 7200;
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0 + 20), NULL),
			 STATE_EOK);
	assert_int_equal(j->deadline, T0 + 7200);
	/* a begin time already past: eligible at the command's time */
	u.fields = JOB_UPD_BEGIN;
	u.begin_time = T0;
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0 + 30), NULL),
			 STATE_EOK);
	assert_int_equal(j->eligible_time, T0 + 30);
	start(st, id, T0 + 40);
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0 + 50), NULL),
			 STATE_EBUSY);
	u.fields = JOB_UPD_DEADLINE;
	u.deadline = T0 + 9000;
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0 + 50), NULL),
			 STATE_EBUSY);
	assert_int_equal(j->deadline, T0 + 7200);
	state_free(st);
}

static void test_sched_and_kill(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, "a", NULL, 0);
	uint32_t ok = submit(st, "ok", "afterok:1", DEP_KILL_YES);
	struct sched_result r;
	struct job *j;

	start(st, a, T0);
	/* not failed yet: the kill is refused */
	assert_int_equal(apply_rc(st, cmd_dep_kill(ok, T0), NULL), STATE_EBUSY);
	end(st, a, 2 << 8, T0 + 1);
	sched_cycle(st, T0 + 1, 0, &r);
	assert_int_equal(r.nstarts, 0);
	assert_int_equal(r.ndep_never, 1);
	assert_int_equal(r.dep_never[0], ok);
	sched_result_free(&r);
	j = state_job(st, ok);
	assert_int_equal(j->dep_kill, DEP_KILL_YES);
	assert_string_equal(job_reason_name(job_reason_shown(j)),
			    "DependencyNeverSatisfied");
	assert_int_equal(apply_rc(st, cmd_dep_kill(ok, T0 + 2), NULL), STATE_EOK);
	assert_int_equal(j->state, JOB_ST_CANCELLED);
	assert_string_equal(job_reason_name(job_reason_shown(j)),
			    "DependencyNeverSatisfied");
	/* what it waited for, as it was left */
	assert_dep_string(st, ok, T0 + 2, "afterok:1(failed)");
	state_free(st);
}

static void test_update_and_start(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit(st, "a", NULL, 0);
	uint32_t b = submit(st, "b", NULL, 0);
	struct job_update u = { .job_id = 2, .fields = JOB_UPD_DEPEND,
				.dependency = "afterany:1" };
	struct sched_result r;

	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0), NULL), STATE_EOK);
	assert_dep_string(st, b, T0, "afterany:1(unfulfilled)");
	sched_cycle(st, T0, 0, &r);
	assert_int_equal(r.nstarts, 1);
	assert_int_equal(r.starts[0].job_id, a);
	sched_result_free(&r);
	start(st, a, T0);
	/* a job may not depend on itself, nor on a job that waits for it */
	{
		struct job_dep on_a = { .type = DEP_AFTEROK, .job_id = a };
		struct job_dep on_b = { .type = DEP_AFTER, .job_id = b };

		assert_int_equal(depend_check(st, b, &on_b, 1), 1);
		assert_int_equal(depend_check(st, b, &on_a, 1), 0);
		/* a -> b -> a */
		assert_int_equal(depend_check(st, a, &on_b, 1), 2);
		/* at submit there is no id to loop back to */
		assert_int_equal(depend_check(st, 0, &on_b, 1), 0);
	}
	/* "" clears */
	u.dependency = "";
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0), NULL), STATE_EOK);
	assert_int_equal(state_job(st, b)->ndeps, 0);
	assert_dep_string(st, b, T0, NULL);
	/* a bad one in the log changes nothing */
	u.dependency = "afterok:zz";
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0), NULL),
			 STATE_EINVAL);
	/* started: the list is gone, and it can no longer be changed */
	u.dependency = "afterok:1";
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0), NULL), STATE_EOK);
	end(st, a, 0, T0 + 1);
	start(st, b, T0 + 2);
	assert_int_equal(state_job(st, b)->ndeps, 0);
	assert_int_equal(apply_rc(st, cmd_job_update(&u, T0 + 3), NULL),
			 STATE_EBUSY);
	state_free(st);
}

static void test_snapshot(void **unused)
{
	struct state *st = cluster(), *copy = state_new();
	uint32_t a = submit(st, "a", NULL, 0);
	buf_t *snap;

	submit(st, "b", "afterok:1?afternotok:1+3(failed)", DEP_KILL_NO);
	snap = state_snapshot(st);
	assert_int_equal(((const uint8_t *)snap->data)[7], 8);
	/* cut anywhere, it is refused and leaves an empty model */
	for (size_t cut = 0; cut < buf_len(snap); cut++) {
		assert_int_equal(state_restore(copy, snap->data, cut), -1);
		assert_int_equal(copy->njobs, 0);
	}
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(state_job(copy, 2)->dep_kill, DEP_KILL_NO);
	assert_true(state_job(copy, 2)->dep_any);
	assert_dep_string(copy, 2, T0,
			  "afterok:1(unfulfilled)?afternotok:1+3(failed)");
	start(copy, a, T0);
	end(copy, a, 0, T0 + 1);
	assert_int_equal(depend_test(copy, state_job(copy, 2), T0 + 1),
			 DEP_NONE);

	/* a model without dependencies still snapshots in an older format */
	state_free(st);
	st = cluster();
	submit(st, "plain", NULL, 0);
	snap = state_snapshot(st);
	assert_true(((const uint8_t *)snap->data)[7] < 8);
	buf_free(snap);
	state_free(st);
	state_free(copy);
}

/* Submit array NAME of tasks 0..N-1 with dependency DEP; its id. */
static uint32_t submit_array(struct state *st, const char *name, uint32_t n,
			     const char *dep)
{
	struct job_spec s = fixture_job(name);
	uint32_t tasks[16], id = 0;

	for (uint32_t i = 0; i < n; i++)
		tasks[i] = i;
	s.script = "#!/bin/sh\ntrue\n";
	s.dependency = (char *)dep;
	assert_int_equal(apply_rc(st, cmd_array_submit(&s, tasks, n, 0, T0),
				  &id), STATE_EOK);
	return id;
}

static void test_parse_array(void **unused)
{
	struct job_dep *v;
	uint32_t n;
	bool any;

	assert_int_equal(depend_parse("afterok:12_3:12_*,afterany:14_[1-3,7]+2",
				      &v, &n, &any), 0);
	assert_int_equal(n, 6);
	assert_int_equal(v[0].arr, DEP_ARR_TASK);
	assert_int_equal(v[0].job_id, 12);
	assert_int_equal(v[0].task, 3);
	assert_int_equal(v[1].arr, DEP_ARR_ALL);
	assert_int_equal(v[1].job_id, 12);
	for (uint32_t i = 2; i < 6; i++) {
		assert_int_equal(v[i].type, DEP_AFTERANY);
		assert_int_equal(v[i].arr, DEP_ARR_TASK);
		assert_int_equal(v[i].job_id, 14);
		assert_int_equal(v[i].minutes, 2);
	}
	assert_int_equal(v[5].task, 7);
	free(v);
	/* the old form, with a range: afterany on each task */
	assert_int_equal(depend_parse("12_[0-1],13", &v, &n, &any), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[1].task, 1);
	assert_int_equal(v[2].arr, DEP_ARR_NONE);
	free(v);
	/* a range that would make millions of items */
	v = (void *)1;
	assert_int_equal(depend_parse("afterok:12_[0-4000000]", &v, &n, &any),
			 -1);
	assert_null(v);
}

/* afterok, afterany, afternotok and after on a whole array wait for
 * every task, as slurmctld's test_job_array_complete/_completed/_pending;
 * its id alone means the whole array, a task's own id that task. */
static void test_array_whole(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit_array(st, "arr", 3, NULL);
	uint32_t ok = submit(st, "ok", "afterok:1", 0);
	uint32_t any = submit(st, "any", "afterany:1_*", 0);
	uint32_t notok = submit(st, "notok", "afternotok:1", 0);
	uint32_t after = submit(st, "after", "after:1", 0);
	uint32_t own = submit(st, "own", "afterok:2", 0);

	assert_int_equal(a, 1);
	assert_int_equal(state_job(st, ok)->deps[0].arr, DEP_ARR_ALL);
	assert_int_equal(state_job(st, own)->deps[0].arr, DEP_ARR_NONE);
	assert_dep_string(st, ok, T0, "afterok:1_*(unfulfilled)");
	assert_dep_string(st, own, T0, "afterok:2(unfulfilled)");

	/* the first task runs and ends: before, only it was waited for */
	start(st, 1, T0);
	assert_int_equal(depend_test(st, state_job(st, after), T0), DEP_PENDING);
	end(st, 1, 0, T0 + 1);
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 1),
			 DEP_PENDING);
	assert_int_equal(depend_test(st, state_job(st, any), T0 + 1),
			 DEP_PENDING);
	/* task 1 (job 2) ends well: a job on it alone may go */
	start(st, 2, T0 + 1);
	end(st, 2, 0, T0 + 2);
	assert_int_equal(depend_test(st, state_job(st, own), T0 + 2), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 2),
			 DEP_PENDING);
	/* after: every task has started */
	start(st, 3, T0 + 2);
	assert_int_equal(depend_test(st, state_job(st, after), T0 + 2),
			 DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, notok), T0 + 2),
			 DEP_PENDING);
	/* the last one fails: afterok never, afternotok and afterany go */
	end(st, 3, 256, T0 + 3);
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 3), DEP_NEVER);
	assert_int_equal(depend_test(st, state_job(st, any), T0 + 3), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, notok), T0 + 3),
			 DEP_NONE);
	assert_dep_string(st, ok, T0 + 3, "afterok:1_*(failed)");

	/* all ended well: afterok goes, afternotok never */
	state_free(st);
	st = cluster();
	a = submit_array(st, "arr", 2, NULL);
	ok = submit(st, "ok", "afterok:1", 0);
	notok = submit(st, "notok", "afternotok:1_*", 0);
	for (uint32_t id = a; id < a + 2; id++) {
		start(st, id, T0);
		end(st, id, 0, T0 + 1);
	}
	assert_int_equal(depend_test(st, state_job(st, ok), T0 + 1), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, notok), T0 + 1),
			 DEP_NEVER);
	/* an array that is not (or no longer) there: lifted, as slurmctld */
	any = submit(st, "late", "afterok:99_*", 0);
	assert_int_equal(depend_test(st, state_job(st, any), T0 + 1), DEP_NONE);
	state_free(st);
}

/* "ID_N" waits for that task only; "ID_[a-b]" for each named. */
static void test_array_task(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit_array(st, "arr", 4, NULL);
	uint32_t one = submit(st, "one", "afterok:1_2", 0);
	uint32_t some = submit(st, "some", "afterany:1_[0-1]", 0);
	uint32_t none = submit(st, "none", "afterok:1_9", 0);

	assert_int_equal(a, 1);
	assert_int_equal(state_job(st, one)->deps[0].ref, 3);
	assert_dep_string(st, one, T0, "afterok:1_2(unfulfilled)");
	assert_dep_string(st, some, T0,
			  "afterany:1_0(unfulfilled),afterany:1_1(unfulfilled)");
	/* a task the array does not have: lifted, as slurmctld */
	assert_int_equal(depend_test(st, state_job(st, none), T0), DEP_NONE);
	start(st, 3, T0);
	end(st, 3, 0, T0 + 1);
	assert_int_equal(depend_test(st, state_job(st, one), T0 + 1), DEP_NONE);
	start(st, 1, T0 + 1);
	end(st, 1, 9, T0 + 2);
	assert_dep_string(st, some, T0 + 2, "afterany:1_1(unfulfilled)");
	start(st, 2, T0 + 2);
	end(st, 2, 0, T0 + 3);
	assert_int_equal(depend_test(st, state_job(st, some), T0 + 3), DEP_NONE);
	state_free(st);

	/* indexes not evenly spaced ("1,3,8"): task 8 is still found */
	{
		static const uint32_t odd[] = { 1, 3, 8 };
		struct job_spec s = fixture_job("odd");

		st = cluster();
		s.script = "#!/bin/sh\ntrue\n";
		assert_int_equal(apply_rc(st, cmd_array_submit(&s, odd, 3, 0,
							       T0), &a),
				 STATE_EOK);
		one = submit(st, "one", "afterok:1_8,afterok:1_3", 0);
		assert_int_equal(state_job(st, one)->deps[0].ref, a + 2);
		assert_int_equal(state_job(st, one)->deps[1].ref, a + 1);
		state_free(st);
	}
}

/* An array whose first task was purged is still found by its id. */
static void test_array_first_purged(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit_array(st, "arr", 3, NULL), all, one;

	assert_int_equal(a, 1);
	start(st, 1, T0);
	end(st, 1, 0, T0 + 1);
	assert_int_equal(apply_rc(st, cmd_purge(T0 + 100000), NULL), STATE_EOK);
	assert_null(state_job(st, 1));
	all = submit(st, "all", "afterok:1", 0);
	one = submit(st, "one", "afterok:1_2", 0);
	assert_int_equal(state_job(st, all)->deps[0].arr, DEP_ARR_ALL);
	assert_int_equal(state_job(st, one)->deps[0].ref, 3);
	assert_dep_string(st, all, T0 + 100000, "afterok:1_*(unfulfilled)");
	start(st, 2, T0 + 100000);
	end(st, 2, 0, T0 + 100001);
	start(st, 3, T0 + 100001);
	end(st, 3, 0, T0 + 100002);
	assert_int_equal(depend_test(st, state_job(st, all), T0 + 100002),
			 DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, one), T0 + 100002),
			 DEP_NONE);
	state_free(st);
}

/* aftercorr: task N of one array waits for task N of the other; a task
 * the other lacks waits for the whole of it. */
static void test_array_corr(void **unused)
{
	struct state *st = cluster();
	uint32_t a = submit_array(st, "a", 2, NULL);
	uint32_t b = submit_array(st, "b", 3, "aftercorr:1");

	assert_int_equal(a, 1);
	assert_int_equal(b, 3);
	/* tasks 0, 1, 2 of b are jobs 3, 4, 5 */
	start(st, 2, T0);
	end(st, 2, 0, T0 + 1);
	assert_int_equal(depend_test(st, state_job(st, 4), T0 + 1), DEP_NONE);
	assert_int_equal(depend_test(st, state_job(st, 3), T0 + 1),
			 DEP_PENDING);
	assert_int_equal(depend_test(st, state_job(st, 5), T0 + 1),
			 DEP_PENDING);
	start(st, 1, T0 + 1);
	end(st, 1, 256, T0 + 2);
	assert_int_equal(depend_test(st, state_job(st, 3), T0 + 2), DEP_NEVER);
	/* task 2, which a lacks, follows a as a whole: one failed */
	assert_int_equal(depend_test(st, state_job(st, 5), T0 + 2), DEP_NEVER);
	state_free(st);
}

/* A task may not depend on its own array; the snapshot keeps what each
 * dependency names (format 13). */
static void test_array_self_and_snapshot(void **unused)
{
	struct state *st = cluster(), *copy = state_new();
	uint32_t a = submit_array(st, "arr", 3, NULL);
	uint32_t w = submit(st, "w", "afterok:1,afterany:1_2", 0);
	struct job_dep *v;
	uint32_t n;
	bool any;
	buf_t *snap;

	assert_int_equal(depend_parse("afterok:1", &v, &n, &any), 0);
	assert_int_equal(depend_check(st, a + 1, v, n), 1);
	assert_int_equal(depend_check(st, w, v, n), 0);
	free(v);
	assert_int_equal(depend_parse("afterok:1_1", &v, &n, &any), 0);
	assert_int_equal(depend_check(st, a + 1, v, n), 1);
	assert_int_equal(depend_check(st, a + 2, v, n), 0);
	free(v);

	snap = state_snapshot(st);
	assert_int_equal(((const uint8_t *)snap->data)[7], 13);
	for (size_t cut = 0; cut < buf_len(snap); cut++)
		assert_int_equal(state_restore(copy, snap->data, cut), -1);
	/* labelled format 12, its last section is left over: refused */
	((uint8_t *)snap->data)[7] = 12;
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), -1);
	((uint8_t *)snap->data)[7] = 13;
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_dep_string(copy, w, T0,
			  "afterok:1_*(unfulfilled),afterany:1_2(unfulfilled)");
	start(copy, 3, T0);
	end(copy, 3, 0, T0 + 1);
	assert_dep_string(copy, w, T0 + 1, "afterok:1_*(unfulfilled)");
	state_free(st);
	state_free(copy);
}

static void test_nice(void **unused)
{
	struct state *st = cluster();
	struct job_spec s = fixture_job("nice");
	uint32_t a = submit(st, "plain", NULL, 0), b = 0, c = 0;

	s.script = "#!/bin/sh\ntrue\n";
	s.nice = 100;
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &b), STATE_EOK);
	s.nice = -50;
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &c), STATE_EOK);
	/* priority/basic: one below the last, then minus nice */
	assert_int_equal(state_job(st, b)->priority,
			 state_job(st, a)->priority - 1 - 100);
	assert_int_equal(state_job(st, c)->priority,
			 state_job(st, a)->priority - 2 + 50);
	assert_int_equal(state_job(st, b)->nice, 100);
	/* scontrol update Nice=: the priority moves by the change */
	{
		uint32_t before = state_job(st, b)->priority;
		struct job_update u = { .job_id = b, .fields = JOB_UPD_NICE,
					.nice = 30 };

		assert_int_equal(apply_rc(st, cmd_job_update(&u, T0), NULL),
				 STATE_EOK);
		assert_int_equal(state_job(st, b)->priority, before + 70);
		assert_int_equal(state_job(st, b)->nice, 30);
	}
	state_free(st);
}

static void test_deadline(void **unused)
{
	struct state *st = cluster(), *copy = state_new();
	struct job_spec s = fixture_job("dl");
	struct sched_result r;
	uint32_t late = 0, fits = 0;
	buf_t *snap;
	struct job *j;

	s.script = "#!/bin/sh\ntrue\n";
	s.time_limit = 10;
	s.deadline = T0 + 300;      /* 5 minutes: 10 do not fit */
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &late), STATE_EOK);
	s.time_limit = STATE_INFINITE;
	s.time_min = 2;
	s.deadline = T0 + 600;
	assert_int_equal(apply_rc(st, cmd_submit(&s, T0), &fits), STATE_EOK);
	assert_false(job_deadline_ok(state_job(st, late), T0));
	assert_true(job_deadline_ok(state_job(st, fits), T0));
	/* a fitting job is not ended by a stale decision */
	assert_int_equal(apply_rc(st, cmd_deadline(fits, T0), NULL), STATE_EBUSY);

	sched_cycle(st, T0, 0, &r);
	assert_int_equal(r.ndeadline_late, 1);
	assert_int_equal(r.deadline_late[0], late);
	assert_int_equal(r.nstarts, 1);
	assert_int_equal(r.starts[0].job_id, fits);
	sched_result_free(&r);
	assert_int_equal(apply_rc(st, cmd_deadline(late, T0 + 1), NULL),
			 STATE_EOK);
	j = state_job(st, late);
	assert_int_equal(j->state, JOB_ST_DEADLINE);
	assert_string_equal(job_state_name(j->state), "DEADLINE");
	assert_string_equal(job_reason_name(job_reason_shown(j)), "DeadLine");
	assert_true(job_is_finished(j));

	/* started with 10 minutes left: its limit is cut to them */
	start(st, fits, T0);
	assert_int_equal(state_job(st, fits)->time_limit, 10);

	snap = state_snapshot(st);
	assert_int_equal(((const uint8_t *)snap->data)[7], 8);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(state_job(copy, late)->state, JOB_ST_DEADLINE);
	assert_int_equal(state_job(copy, fits)->deadline, T0 + 600);
	assert_int_equal(state_job(copy, fits)->time_min, 2);
	state_free(copy);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_failed_job),
		cmocka_unit_test(test_held_string),
		cmocka_unit_test(test_singleton),
		cmocka_unit_test(test_singleton_many),
		cmocka_unit_test(test_update_begin_deadline),
		cmocka_unit_test(test_sched_and_kill),
		cmocka_unit_test(test_update_and_start),
		cmocka_unit_test(test_snapshot),
		cmocka_unit_test(test_parse_array),
		cmocka_unit_test(test_array_whole),
		cmocka_unit_test(test_array_task),
		cmocka_unit_test(test_array_corr),
		cmocka_unit_test(test_array_first_purged),
		cmocka_unit_test(test_array_self_and_snapshot),
		cmocka_unit_test(test_nice),
		cmocka_unit_test(test_deadline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
