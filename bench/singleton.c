/* singleton.c - time one scheduling pass and one squeue-like walk of the
 * Dependency= texts over N pending jobs of one user, each with a distinct
 * name and --dependency=singleton, on a four-node model. Prints figures
 * for docs/operations.md, not pass or fail; usage: singleton [N]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched/sched.h"
#include "state/state.h"

#define T0 1700000000

static int apply(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	return res.rc;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 5000;
	struct state *st = state_new();
	struct part_spec p = { .name = "debug", .nodes = "node[1-4]",
		.is_default = true, .max_time = STATE_INFINITE,
		.default_time = STATE_NO_VAL, .max_nodes = STATE_INFINITE };
	struct state_params prm = { .min_job_age = 300, .kill_wait = 30,
		.slurmd_timeout = 60, .first_job_id = 1,
		.max_job_id = 0x03ff0000 };
	struct node_spec nodes[4];
	char names[4][8], jname[32];
	struct sched_result r;
	double t, pass_ms, show_ms;
	size_t shown = 0;

	memset(nodes, 0, sizeof(nodes));
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "node%d", i + 1);
		nodes[i].name = names[i];
		nodes[i].cpus = 4;
		nodes[i].memory_mb = 1000;
		nodes[i].weight = 1;
	}
	if (apply(st, cmd_config(nodes, 4, &p, 1, &prm, T0)))
		return 1;
	for (int i = 0; i < 4; i++)
		if (apply(st, cmd_node_up(names[i], 4, 1000, T0, T0)))
			return 1;
	for (uint32_t i = 0; i < n; i++) {
		struct job_spec s;

		memset(&s, 0, sizeof(s));
		snprintf(jname, sizeof(jname), "job%u", i);
		s.name = jname;
		s.user = "alice";
		s.uid = s.gid = 1000;
		s.min_nodes = s.max_nodes = s.num_tasks = s.cpus_per_task = 1;
		s.time_limit = STATE_NO_VAL;
		s.priority = STATE_NO_VAL;
		s.work_dir = "/tmp";
		s.script = "#!/bin/sh\ntrue\n";
		s.dependency = "singleton";
		if (apply(st, cmd_submit(&s, T0)))
			return 1;
	}
	t = now_ms();
	sched_cycle(st, T0, 0, &r);
	pass_ms = now_ms() - t;
	sched_result_free(&r);
	t = now_ms();
	for (uint32_t i = 0; i < st->njobs; i++) {
		char *d = depend_string(st, st->jobs[i], T0);

		shown += d != NULL;
		free(d);
	}
	show_ms = now_ms() - t;
	printf("singleton: %u pending jobs of distinct names: scheduling pass "
	       "%.1f ms, Dependency= of all %.1f ms (%zu waiting)\n",
	       n, pass_ms, show_ms, shown);
	state_free(st);
	return 0;
}
