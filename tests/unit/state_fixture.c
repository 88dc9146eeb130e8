/* state_fixture.c - the cluster model of state_model.c for the cmocka
 * tests: a refused command fails the test. Which partitions, features
 * and job fields matter is left to each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sched/sched.h"
#include "state_fixture.h"

struct state *fixture_cluster(const struct part_spec *parts, uint32_t nparts,
			      const char *const features[4],
			      uint32_t max_job_id, time_t t)
{
	struct state *st = state_new();

	assert_non_null(st);
	assert_int_equal(fixture_model(st, parts, nparts, features, max_job_id,
				       t), STATE_EOK);
	return st;
}

uint32_t fixture_cycle(struct state *st, time_t t)
{
	struct sched_result r;
	uint32_t n;

	sched_cycle(st, t, 0, &r);
	for (uint32_t i = 0; i < r.nstarts; i++) {
		const struct sched_decision *d = &r.starts[i];
		buf_t *b = cmd_start(d->job_id, d->node_idx, d->count,
				     d->cpus_per_node, d->mem_per_node, t);
		struct state_result res;

		state_apply(st, b->data, buf_len(b), &res);
		buf_free(b);
		assert_int_equal(res.rc, STATE_EOK);
	}
	n = r.nstarts;
	sched_result_free(&r);
	return n;
}
