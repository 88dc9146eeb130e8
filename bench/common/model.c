/* model.c - see model.h. The model is the unit tests' (state_model.c);
 * what the jobs ask for is each benchmark's. */
#include <stdlib.h>
#include <time.h>

#include "sched/sched.h"
#include "state_fixture.h"

#include "model.h"

int bench_apply(struct state *st, buf_t *b, uint32_t *id)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	if (id)
		*id = res.job_id;
	return res.rc;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct state *bench_model(void)
{
	struct state *st = state_new();
	struct part_spec p = fixture_part_debug();

	if (fixture_model(st, &p, 1, NULL, 0x03ff0000, BENCH_T0) != STATE_EOK)
		exit(1);
	return st;
}

struct job_spec bench_job(const char *name)
{
	struct job_spec s = fixture_job(name);

	s.script = "#!/bin/sh\ntrue\n";
	return s;
}

void bench_pass(struct state *st, double *pass_ms, double *show_ms,
		size_t *shown)
{
	struct sched_result r;
	double t = now_ms();

	sched_cycle(st, BENCH_T0, 0, &r);
	*pass_ms = now_ms() - t;
	sched_result_free(&r);
	*shown = 0;
	t = now_ms();
	for (uint32_t i = 0; i < st->njobs; i++) {
		char *d = depend_string(st, st->jobs[i], BENCH_T0);

		*shown += d != NULL;
		free(d);
	}
	*show_ms = now_ms() - t;
}
