/* arraydep.c - time one scheduling pass and one squeue-like walk of the
 * Dependency= texts when array B of N tasks waits on array A of N tasks
 * (afterok:A, every task of it; or aftercorr:A, task for task), A's tasks
 * pending on a four-node model. Prints figures for docs/operations.md,
 * not pass or fail; usage: arraydep [N]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched/sched.h"
#include "state/state.h"

#define T0 1700000000

static int apply(struct state *st, buf_t *b, uint32_t *id)
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

static struct state *model(void)
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
	if (apply(st, cmd_config(nodes, 4, &p, 1, &prm, T0), NULL))
		exit(1);
	for (int i = 0; i < 4; i++)
		if (apply(st, cmd_node_up(names[i], 4, 1000, T0, T0), NULL))
			exit(1);
	return st;
}

/* An array of the N tasks in TASKS with dependency DEP (or none); its
 * id. Its tasks ask for more CPUs than a node has, so they all wait. */
static uint32_t array(struct state *st, const uint32_t *tasks, uint32_t n,
		      const char *dep)
{
	struct job_spec s;
	uint32_t id = 0;

	memset(&s, 0, sizeof(s));
	s.name = "arr";
	s.user = "alice";
	s.uid = s.gid = 1000;
	s.min_nodes = s.max_nodes = 1;
	s.num_tasks = 1;
	s.cpus_per_task = 8;
	s.time_limit = STATE_NO_VAL;
	s.priority = STATE_NO_VAL;
	s.work_dir = "/tmp";
	s.script = "#!/bin/sh\ntrue\n";
	s.dependency = (char *)dep;
	if (apply(st, cmd_array_submit(&s, tasks, n, 0, T0), &id))
		exit(1);
	return id;
}

static void run(uint32_t n, const uint32_t *tasks, const char *kind)
{
	struct state *st = model();
	struct sched_result r;
	char dep[64];
	double t, pass_ms, show_ms;
	size_t shown = 0;
	uint32_t a = array(st, tasks, n, NULL);

	snprintf(dep, sizeof(dep), "%s:%u", kind, a);
	array(st, tasks, n, dep);
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
	printf("arraydep: %u tasks waiting on %s of %u tasks: scheduling "
	       "pass %.1f ms, Dependency= of all %.1f ms (%zu waiting)\n",
	       n, kind, n, pass_ms, show_ms, shown);
	state_free(st);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000;
	uint32_t *tasks = calloc(n ? n : 1, sizeof(*tasks));

	if (!tasks || !n)
		return 1;
	for (uint32_t i = 0; i < n; i++)
		tasks[i] = i;
	run(n, tasks, "afterok");
	run(n, tasks, "aftercorr");
	free(tasks);
	return 0;
}
