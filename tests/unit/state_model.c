/* state_model.c - the four-node cluster model and the default job request
 * that the state unit tests, the state fuzz targets and the scheduling
 * benchmarks start from, built through the command builders as a
 * controller builds it. Free of cmocka: what a refusal means (a failed
 * test, an abort, an exit) is the caller's. */
#include <stdio.h>
#include <string.h>

#include "state_fixture.h"

struct part_spec fixture_part_debug(void)
{
	return (struct part_spec){ .name = "debug", .nodes = "node[1-4]",
		.is_default = true, .max_time = STATE_INFINITE,
		.default_time = STATE_NO_VAL, .max_nodes = STATE_INFINITE };
}

static int apply_rc(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	return res.rc;
}

int fixture_model(struct state *st, const struct part_spec *parts,
		  uint32_t nparts, const char *const features[4],
		  uint32_t max_job_id, time_t t)
{
	struct node_spec n[4];
	struct state_params prm = {
		.min_job_age = 300, .kill_wait = 30, .slurmd_timeout = 60,
		.return_to_service = 1, .first_job_id = 1,
		.max_job_id = max_job_id,
	};
	char names[4][8];
	int rc;

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
	rc = apply_rc(st, cmd_config(n, 4, parts, nparts, &prm, t));
	for (int i = 0; i < 4 && rc == STATE_EOK; i++)
		rc = apply_rc(st, cmd_node_up(names[i], 4, 1000, t, t));
	return rc;
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
