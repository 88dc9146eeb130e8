/* model.c - see model.h. Builds the model through the command builders,
 * as a controller does; what the jobs ask for is each benchmark's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched/sched.h"

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
	static char names[4][8];
	struct state *st = state_new();
	struct part_spec p = { .name = "debug", .nodes = "node[1-4]",
		.is_default = true, .max_time = STATE_INFINITE,
		.default_time = STATE_NO_VAL, .max_nodes = STATE_INFINITE };
	struct state_params prm = { .min_job_age = 300, .kill_wait = 30,
		.slurmd_timeout = 60, .first_job_id = 1,
		.max_job_id = 0x03ff0000 };
	struct node_spec nodes[4];

	memset(nodes, 0, sizeof(nodes));
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "node%d", i + 1);
		nodes[i].name = names[i];
		nodes[i].cpus = 4;
		nodes[i].memory_mb = 1000;
		nodes[i].weight = 1;
	}
	if (bench_apply(st, cmd_config(nodes, 4, &p, 1, &prm, BENCH_T0), NULL))
		exit(1);
	for (int i = 0; i < 4; i++)
		if (bench_apply(st, cmd_node_up(names[i], 4, 1000, BENCH_T0,
						BENCH_T0), NULL))
			exit(1);
	return st;
}

struct job_spec bench_job(const char *name)
{
	struct job_spec s;

	memset(&s, 0, sizeof(s));
	s.name = (char *)name;
	s.user = "alice";
	s.uid = s.gid = 1000;
	s.min_nodes = s.max_nodes = s.num_tasks = s.cpus_per_task = 1;
	s.time_limit = STATE_NO_VAL;
	s.priority = STATE_NO_VAL;
	s.work_dir = "/tmp";
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
