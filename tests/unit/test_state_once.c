/* test_state_once.c - a request sent again after an uncertain answer
 * takes effect once: the same request id applied twice makes one job
 * and answers the same job id; the remembered ids survive a snapshot,
 * the oldest are forgotten first (and their lookups answer nothing),
 * and malformed CMD_ONCE commands change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"
#include "state_fixture.h"

#define T0 1700000000

static struct state *cluster(void)
{
	struct part_spec p = fixture_part_debug();

	return fixture_cluster(&p, 1, NULL, 0x03ff0000, T0);
}

/* A submission of job NAME under request id ID, applied to ST. */
static struct state_result submit_once(struct state *st, uint64_t id,
				       const char *name, time_t t)
{
	struct job_spec s = fixture_job(name);
	struct state_result res;
	buf_t *inner, *cmd;

	s.script = "#!/bin/sh\ntrue\n";
	inner = cmd_submit(&s, t);
	cmd = cmd_once(id, inner, t);
	state_apply(st, cmd->data, buf_len(cmd), &res);
	buf_free(inner);
	buf_free(cmd);
	return res;
}

static void test_repeat_gives_same_job(void **ctx)
{
	struct state *st = cluster();
	struct state_result a, b, c;

	a = submit_once(st, 0x1234, "first", T0 + 1);
	assert_int_equal(a.rc, STATE_EOK);
	assert_int_equal(st->njobs, 1);
	/* the same request again (another controller sends it on) */
	b = submit_once(st, 0x1234, "first", T0 + 2);
	assert_int_equal(b.rc, STATE_EOK);
	assert_int_equal(b.job_id, a.job_id);
	assert_int_equal(st->njobs, 1);
	/* another request is another job */
	c = submit_once(st, 0x5678, "second", T0 + 3);
	assert_int_equal(c.rc, STATE_EOK);
	assert_int_not_equal(c.job_id, a.job_id);
	assert_int_equal(st->njobs, 2);
	assert_int_equal(st->jobs_submitted, 2);
	state_free(st);
}

/* A refused request is answered the same way when sent again, and a
 * cancel sent twice is one cancel whose answer stays "done". */
static void test_repeat_keeps_outcome(void **ctx)
{
	struct state *st = cluster();
	struct job_spec s = fixture_job("nopart");
	struct state_result r1, r2;
	buf_t *inner, *cmd;

	s.script = "#!/bin/sh\ntrue\n";
	s.partition = "nosuch";
	inner = cmd_submit(&s, T0 + 1);
	cmd = cmd_once(7, inner, T0 + 1);
	state_apply(st, cmd->data, buf_len(cmd), &r1);
	state_apply(st, cmd->data, buf_len(cmd), &r2);
	assert_int_equal(r1.rc, STATE_ENOPART);
	assert_int_equal(r2.rc, STATE_ENOPART);
	assert_int_equal(st->njobs, 0);
	buf_free(inner);
	buf_free(cmd);

	r1 = submit_once(st, 8, "job", T0 + 2);
	assert_int_equal(r1.rc, STATE_EOK);
	inner = cmd_cancel(r1.job_id, 1000, T0 + 3);
	cmd = cmd_once(9, inner, T0 + 3);
	state_apply(st, cmd->data, buf_len(cmd), &r2);
	assert_int_equal(r2.rc, STATE_EOK);
	/* without the id, a second cancel would say "already done" */
	state_apply(st, cmd->data, buf_len(cmd), &r2);
	assert_int_equal(r2.rc, STATE_EOK);
	assert_int_equal(st->jobs_cancelled, 1);
	assert_int_equal(state_cmd_job(cmd->data, buf_len(cmd), &r2),
			 r1.job_id);
	buf_free(inner);
	buf_free(cmd);
	state_free(st);
}

static void test_snapshot_keeps_ids(void **ctx)
{
	struct state *st = cluster(), *copy = state_new();
	struct state_result a, b, look;
	buf_t *snap;

	a = submit_once(st, 42, "kept", T0 + 1);
	snap = state_snapshot(st);
	/* format 7 once ids are remembered */
	assert_int_equal(snap->data[7], 7);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	assert_int_equal(state_once_lookup(copy, 42, &look), 0);
	assert_int_equal(look.job_id, a.job_id);
	b = submit_once(copy, 42, "kept", T0 + 2);
	assert_int_equal(b.job_id, a.job_id);
	assert_int_equal(copy->njobs, 1);
	state_free(copy);
	state_free(st);
}

static void test_no_ids_no_new_format(void **ctx)
{
	struct state *st = cluster();
	buf_t *snap = state_snapshot(st);

	/* a model without request ids is read by older controllers */
	assert_true(snap->data[7] < 7);
	buf_free(snap);
	state_free(st);
}

static void test_oldest_forgotten_first(void **ctx)
{
	struct state *st = cluster(), *copy = state_new();
	struct state_result res;
	buf_t *snap;

	/* a few real ones, then fill the table with cancels of nothing */
	res = submit_once(st, 1, "old", T0 + 1);
	assert_int_equal(res.rc, STATE_EOK);
	for (uint64_t id = 2; id <= STATE_ONCE_KEEP + 1; id++) {
		buf_t *inner = cmd_cancel(999999, 0, T0 + 2);
		buf_t *cmd = cmd_once(id, inner, T0 + 2);

		state_apply(st, cmd->data, buf_len(cmd), &res);
		assert_int_equal(res.rc, STATE_ENOJOB);
		buf_free(inner);
		buf_free(cmd);
	}
	/* id 1 was the oldest of STATE_ONCE_KEEP + 1 */
	assert_int_equal(state_once_lookup(st, 1, &res), -1);
	assert_int_equal(state_once_lookup(st, 2, &res), 0);
	assert_int_equal(state_once_lookup(st, STATE_ONCE_KEEP + 1, &res), 0);
	/* the restored ring forgets in the same order */
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	buf_free(snap);
	{
		buf_t *inner = cmd_cancel(999999, 0, T0 + 3);
		buf_t *cmd = cmd_once(STATE_ONCE_KEEP + 2, inner, T0 + 3);

		state_apply(copy, cmd->data, buf_len(cmd), &res);
		buf_free(inner);
		buf_free(cmd);
	}
	assert_int_equal(state_once_lookup(copy, 2, &res), -1);
	assert_int_equal(state_once_lookup(copy, 3, &res), 0);
	state_free(copy);
	state_free(st);
}

/* Many ids through the ring, several times over: each remembered one
 * answers its own outcome, each forgotten or never seen one nothing,
 * however the ids fall (counters from random starts, and ids that
 * differ only in their high bits). */
static void test_lookup_through_many(void **ctx)
{
	struct state *st = state_new();
	const uint64_t base = 0x8badf00d12345678ULL;
	const uint32_t n = 3 * STATE_ONCE_KEEP + 17;
	struct state_result res;

	for (uint32_t i = 0; i < n; i++) {
		struct state_result r = { .rc = (int)(i % 7), .job_id = i + 1 };
		uint64_t id = i % 2 ? base + i : ((uint64_t)i << 40) | 1;

		state_once_remember(st, id, &r);
	}
	assert_int_equal(state_once_count(st), STATE_ONCE_KEEP);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t id = i % 2 ? base + i : ((uint64_t)i << 40) | 1;
		int found = state_once_lookup(st, id, &res);

		if (i < n - STATE_ONCE_KEEP) {
			assert_int_equal(found, -1);
			continue;
		}
		assert_int_equal(found, 0);
		assert_int_equal(res.job_id, i + 1);
		assert_int_equal(res.rc, (int)(i % 7));
	}
	assert_int_equal(state_once_lookup(st, base + n + 1, &res), -1);
	assert_int_equal(state_once_lookup(st, 0, &res), -1);
	state_free(st);
}

static void test_malformed_changes_nothing(void **ctx)
{
	struct state *st = cluster();
	struct job_spec s = fixture_job("x");
	struct state_result res;
	buf_t *inner, *cmd, *nested;

	s.script = "#!/bin/sh\ntrue\n";
	inner = cmd_submit(&s, T0 + 1);
	/* id 0 is no id */
	cmd = cmd_once(0, inner, T0 + 1);
	state_apply(st, cmd->data, buf_len(cmd), &res);
	assert_int_equal(res.rc, STATE_EINVAL);
	buf_free(cmd);
	/* one level only */
	cmd = cmd_once(5, inner, T0 + 1);
	nested = cmd_once(6, cmd, T0 + 1);
	state_apply(st, nested->data, buf_len(nested), &res);
	assert_int_equal(res.rc, STATE_EINVAL);
	/* every truncation */
	for (size_t n = 0; n < buf_len(cmd); n++) {
		state_apply(st, cmd->data, n, &res);
		assert_int_equal(res.rc, STATE_EINVAL);
	}
	assert_int_equal(st->njobs, 0);
	assert_int_equal(state_once_lookup(st, 5, &res), -1);
	buf_free(nested);
	buf_free(cmd);
	buf_free(inner);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeat_gives_same_job),
		cmocka_unit_test(test_repeat_keeps_outcome),
		cmocka_unit_test(test_snapshot_keeps_ids),
		cmocka_unit_test(test_no_ids_no_new_format),
		cmocka_unit_test(test_oldest_forgotten_first),
		cmocka_unit_test(test_lookup_through_many),
		cmocka_unit_test(test_malformed_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
