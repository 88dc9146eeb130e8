/* state_fixture.h - the small cluster model and job request the state and
 * scheduler unit tests start from (state_model.c, state_fixture.c), which
 * the state fuzz targets and the benchmarks share (state_model.c only). */
#ifndef FLURM_TEST_STATE_FIXTURE_H
#define FLURM_TEST_STATE_FIXTURE_H

#include <stdint.h>
#include <time.h>

#include "state/state.h"

/* The default partition "debug": node[1-4], no limits. */
struct part_spec fixture_part_debug(void);

/* Configure ST as node[1-4] with 4 CPUs, 1000 MB and weight 1 each, with
 * PARTS, and bring the nodes up at T; FEATURES[i] (or none when FEATURES is
 * NULL) goes to node i+1. STATE_EOK, or the code of the first command
 * refused. */
int fixture_model(struct state *st, const struct part_spec *parts,
		  uint32_t nparts, const char *const features[4],
		  uint32_t max_job_id, time_t t);

/* A new model as fixture_model() makes it; fails the test if any command
 * is refused (cmocka tests only). */
struct state *fixture_cluster(const struct part_spec *parts, uint32_t nparts,
			      const char *const features[4],
			      uint32_t max_job_id, time_t t);

/* One task on one CPU of one node for alice (uid/gid 1000) in /tmp, with
 * the partition's time limit and a computed priority; callers add the
 * script, environment and whatever else the test is about. */
struct job_spec fixture_job(const char *name);

/* One scheduler cycle at time T with its starts applied (a refused start
 * fails the test); how many jobs it started. */
uint32_t fixture_cycle(struct state *st, time_t t);

#endif
