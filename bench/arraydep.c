/* arraydep.c - time one scheduling pass and one squeue-like walk of the
 * Dependency= texts when array B of N tasks waits on array A of N tasks
 * (afterok:A, every task of it; or aftercorr:A, task for task), A's tasks
 * pending on a four-node model. Prints figures for docs/operations.md,
 * not pass or fail; usage: arraydep [N]. */
#include <stdio.h>
#include <stdlib.h>

#include "common/model.h"

/* An array of the N tasks in TASKS with dependency DEP (or none); its
 * id. Its tasks ask for more CPUs than a node has, so they all wait. */
static uint32_t array(struct state *st, const uint32_t *tasks, uint32_t n,
		      const char *dep)
{
	struct job_spec s = bench_job("arr");
	uint32_t id = 0;

	s.cpus_per_task = 8;
	s.dependency = (char *)dep;
	if (bench_apply(st, cmd_array_submit(&s, tasks, n, 0, BENCH_T0), &id))
		exit(1);
	return id;
}

static void run(uint32_t n, const uint32_t *tasks, const char *kind)
{
	struct state *st = bench_model();
	char dep[64];
	double pass_ms, show_ms;
	size_t shown;
	uint32_t a = array(st, tasks, n, NULL);

	snprintf(dep, sizeof(dep), "%s:%u", kind, a);
	array(st, tasks, n, dep);
	bench_pass(st, &pass_ms, &show_ms, &shown);
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
