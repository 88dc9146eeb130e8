/* singleton.c - time one scheduling pass and one squeue-like walk of the
 * Dependency= texts over N pending jobs of one user, each with a distinct
 * name and --dependency=singleton, on a four-node model. Prints figures
 * for docs/operations.md, not pass or fail; usage: singleton [N]. */
#include <stdio.h>
#include <stdlib.h>

#include "common/model.h"

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 5000;
	struct state *st = bench_model();
	char jname[32];
	double pass_ms, show_ms;
	size_t shown;

	for (uint32_t i = 0; i < n; i++) {
		struct job_spec s;

		snprintf(jname, sizeof(jname), "job%u", i);
		s = bench_job(jname);
		s.dependency = "singleton";
		if (bench_apply(st, cmd_submit(&s, BENCH_T0), NULL))
			return 1;
	}
	bench_pass(st, &pass_ms, &show_ms, &shown);
	printf("singleton: %u pending jobs of distinct names: scheduling pass "
	       "%.1f ms, Dependency= of all %.1f ms (%zu waiting)\n",
	       n, pass_ms, show_ms, shown);
	state_free(st);
	return 0;
}
