/* state_fixture.c - builds the four-node cluster model and the default job
 * request shared by the state and scheduler tests. Which partitions,
 * features and job fields matter is left to each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "state_fixture.h"

static void apply_ok(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EOK);
}

struct part_spec fixture_part_debug(void)
{
	return (struct part_spec){ .name = "debug", .nodes = "node[1-4]",
		.is_default = true, .max_time = STATE_INFINITE,
		.default_time = STATE_NO_VAL, .max_nodes = STATE_INFINITE };
}

struct state *fixture_cluster(const struct part_spec *parts, uint32_t nparts,
			      const char *const features[4],
			      uint32_t max_job_id, time_t t)
{
	struct state *st = state_new();
	struct node_spec n[4];
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = max_job_id,
	};
	char names[4][8];

	assert_non_null(st);
	memset(n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "node%d", i + 1);
		n[i].name = names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
		/* node_spec borrows its strings; cmd_config only reads them */
		n[i].features = features ? (char *)features[i] : NULL;
	}
	apply_ok(st, cmd_config(n, 4, parts, nparts, &prm, t));
	for (int i = 0; i < 4; i++)
		apply_ok(st, cmd_node_up(names[i], 4, 1000, t, t));
	return st;
}

struct job_spec fixture_job(const char *name)
{
	struct job_spec s;

	memset(&s, 0, sizeof(s));
	s.name = (char *)name;
	s.user = "alice";
	s.uid = 1000;
	s.gid = 1000;
	s.min_nodes = 1;
	s.max_nodes = 1;
	s.num_tasks = 1;
	s.cpus_per_task = 1;
	s.time_limit = STATE_NO_VAL;
	s.priority = STATE_NO_VAL;
	s.work_dir = "/tmp";
	return s;
}
