/* state_fixture.c - the cluster model of state_model.c for the cmocka
 * tests: a refused command fails the test. Which partitions, features
 * and job fields matter is left to each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
