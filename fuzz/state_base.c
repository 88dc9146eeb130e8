/* state_base.c - see state_base.h. Builds its model only through the
 * command builders, as a controller does, so the fuzzed model is one the
 * product can reach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/pack.h"
#include "state/state.h"

#include "fuzz/state_base.h"
#include "tests/unit/state_fixture.h"

static int apply(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	return res.rc;
}

static void apply_ok(struct state *st, buf_t *b)
{
	if (apply(st, b) != STATE_EOK)
		abort();
}

static struct job_spec base_job(const char *name)
{
	static char *env[] = { "PATH=/bin", "HOME=/tmp" };
	static char *argv[] = { "job.sh", "x" };
	struct job_spec s = fixture_job(name);

	s.script = "#!/bin/sh\necho hi\n";
	s.env = env;
	s.env_count = 2;
	s.argv = argv;
	s.argc = 2;
	return s;
}

struct state *fuzz_state_base(void)
{
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();
	struct job_spec js;
	uint32_t node0 = 0;

	if (fixture_model(st, &p, 1, NULL, 1000, FUZZ_T0) != STATE_EOK)
		abort();
	js = base_job("one");
	apply_ok(st, cmd_submit(&js, FUZZ_T0));
	js = base_job("two");
	js.num_tasks = 2;
	apply_ok(st, cmd_submit(&js, FUZZ_T0));
	js = base_job("three");
	apply_ok(st, cmd_submit(&js, FUZZ_T0));
	apply_ok(st, cmd_start(1, &node0, 1, 1, 100, FUZZ_T0 + 1));
	apply_ok(st, cmd_start(3, &node0, 1, 1, 100, FUZZ_T0 + 1));
	apply_ok(st, cmd_job_end(3, 0, FUZZ_T0 + 2));
	return st;
}

void fuzz_state_exercise(struct state *st)
{
	/* a command may have set the clock near the end of time_t: keep
	 * room for the steps below (t + 100000) */
	time_t late = (time_t)1 << 62;
	time_t t = st->now > late ? late : st->now > FUZZ_T0 ? st->now :
		FUZZ_T0;
	struct node_update nu = { .names = "node[1-4]", .op = NODE_UPD_DRAIN,
				  .reason = "fuzz", .uid = 0 };
	struct job_update ju = { .job_id = 2, .fields = JOB_UPD_ALL,
		.name = "renamed", .comment = "c", .partition = "debug",
		.time_limit = 5, .min_nodes = 1, .max_nodes = 2,
		.num_tasks = 1, .cpus_per_task = 1, .mem_mb = 10,
		.priority = 7 };
	struct job_spec js = base_job("late");
	uint32_t idx[2] = { 1, 2 };

	/* results do not matter: only that nothing breaks */
	(void)apply(st, cmd_submit(&js, t + 1));
	(void)apply(st, cmd_start(2, idx, 2, 1, 10, t + 2));
	(void)apply(st, cmd_job_update(&ju, t + 3));
	ju.fields = JOB_UPD_SHRINK;   /* down to its batch node */
	ju.keep_nodes = "node2";
	(void)apply(st, cmd_job_update(&ju, t + 3));
	(void)apply(st, cmd_hold(2, true, true, t + 3));
	(void)apply(st, cmd_hold(2, false, true, t + 3));
	(void)apply(st, cmd_cancel(1, 1000, t + 4));
	(void)apply(st, cmd_timeout(2, t + 5));
	(void)apply(st, cmd_requeue(2, 0, 0, t + 5));
	(void)apply(st, cmd_job_end(1, 9, t + 6));
	(void)apply(st, cmd_node_down("node2", "fuzz", 5, t + 7));
	(void)apply(st, cmd_node_update(&nu, t + 8));
	nu.op = NODE_UPD_RESUME;
	(void)apply(st, cmd_node_update(&nu, t + 8));
	(void)apply(st, cmd_node_up("node2", 4, 1000, t + 9, t + 9));
	(void)apply(st, cmd_purge(t + 100000));
	for (uint32_t i = 0; i < st->nnodes; i++)
		(void)node_state_name(st, &st->nodes[i]);
	for (uint32_t i = 0; i < st->njobs; i++) {
		(void)job_state_name(st->jobs[i]->state);
		(void)job_reason_shown(st->jobs[i]);
	}
	(void)state_default_part(st);
}

void fuzz_state_check_snapshot(const struct state *st)
{
	buf_t *a = state_snapshot(st), *b;
	struct state *copy = state_new();

	if (state_restore(copy, a->data, buf_len(a)) < 0) {
		fprintf(stderr, "a snapshot does not restore: %s\n", err_msg());
		abort();
	}
	b = state_snapshot(copy);
	if (buf_len(a) != buf_len(b) || memcmp(a->data, b->data, buf_len(a))) {
		fprintf(stderr, "snapshot, restore, snapshot differs\n");
		abort();
	}
	buf_free(a);
	buf_free(b);
	state_free(copy);
}
