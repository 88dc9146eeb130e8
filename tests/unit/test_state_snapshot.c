/* test_state_snapshot.c - Raft snapshots of the model: scripts and
 * environments shared by many jobs are written once and shared again after
 * restore; a snapshot of 1000 jobs from one script stays small; snapshots
 * in the first format (full copies in each job) and the second (no nodes
 * pending removal) still restore; each snapshot is written in the lowest
 * format that holds it (4, 5 with allocations, 6 with the job extras) and
 * every older one restores; truncated or corrupted snapshots are refused
 * cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"
#include "state_fixture.h"

#define T0 1700000000

/* A format-1 snapshot written by the controller before scripts and
 * environments were stored in tables: nodes node[1-2] (4 CPUs, 1000 MB),
 * partition debug (AllowGroups=wheel), jobs 1 and 2 ("a", "b") from one
 * script and env, job 3 ("c") from another, job 1 running on node2. */
static const uint8_t v1_snapshot[] = {
	0x46, 0x4c, 0x53, 0x53, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
	0x00, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01, 0x03, 0xff, 0x00, 0x00, 0xe8, 0x3c, 0xb2, 0x16,
	0xf4, 0xe5, 0xae, 0xc2, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04,
	0xff, 0xfe, 0xff, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,
	0x65, 0x53, 0xf1, 0x04, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x06,
	0x6e, 0x6f, 0x64, 0x65, 0x31, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x00, 0x00, 0x00,
	0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
	0x00, 0x06, 0x6e, 0x6f, 0x64, 0x65, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x64, 0x65, 0x62, 0x75,
	0x67, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x6e, 0x6f, 0x64, 0x65, 0x5b, 0x31,
	0x2d, 0x32, 0x5d, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x04,
	0x30, 0x78, 0x33, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x77, 0x68, 0x65,
	0x65, 0x6c, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x02, 0x61, 0x00, 0x00, 0x00, 0x00, 0x06, 0x64, 0x65, 0x62,
	0x75, 0x67, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x03, 0xe8, 0x00,
	0x00, 0x00, 0x06, 0x61, 0x6c, 0x69, 0x63, 0x65, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe, 0xff, 0xff, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x2f, 0x74, 0x6d, 0x70, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x13, 0x23, 0x21, 0x2f,
	0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68, 0x0a, 0x65, 0x63, 0x68, 0x6f, 0x20,
	0x68, 0x69, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0b,
	0x48, 0x4f, 0x4d, 0x45, 0x3d, 0x2f, 0x72, 0x6f, 0x6f, 0x74, 0x00, 0x00,
	0x00, 0x00, 0x0a, 0x50, 0x41, 0x54, 0x48, 0x3d, 0x2f, 0x62, 0x69, 0x6e,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x65, 0x53, 0xf1, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x04, 0x30, 0x78, 0x32, 0x00, 0x00, 0x00, 0x00, 0x06, 0x6e, 0x6f, 0x64,
	0x65, 0x32, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x64, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x62, 0x00, 0x00, 0x00, 0x00,
	0x06, 0x64, 0x65, 0x62, 0x75, 0x67, 0x00, 0x00, 0x00, 0x03, 0xe8, 0x00,
	0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x06, 0x61, 0x6c, 0x69, 0x63, 0x65,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe,
	0xff, 0xfe, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x2f, 0x74, 0x6d, 0x70, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x13, 0x23, 0x21, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68, 0x0a, 0x65,
	0x63, 0x68, 0x6f, 0x20, 0x68, 0x69, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x0b, 0x48, 0x4f, 0x4d, 0x45, 0x3d, 0x2f, 0x72, 0x6f,
	0x6f, 0x74, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x50, 0x41, 0x54, 0x48, 0x3d,
	0x2f, 0x62, 0x69, 0x6e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x63, 0x00, 0x00,
	0x00, 0x00, 0x06, 0x64, 0x65, 0x62, 0x75, 0x67, 0x00, 0x00, 0x00, 0x03,
	0xe8, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x06, 0x61, 0x6c, 0x69,
	0x63, 0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xfe, 0xff, 0xfd, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x2f, 0x74, 0x6d, 0x70, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x16, 0x23, 0x21, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68,
	0x0a, 0x65, 0x63, 0x68, 0x6f, 0x20, 0x6f, 0x74, 0x68, 0x65, 0x72, 0x0a,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0f, 0x48, 0x4f, 0x4d,
	0x45, 0x3d, 0x2f, 0x68, 0x6f, 0x6d, 0x65, 0x2f, 0x62, 0x6f, 0x62, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x65, 0x53, 0xf1, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x65, 0x53, 0xf1, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void apply_ok(struct state *st, buf_t *b)
{
	struct state_result res;

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EOK);
}

/* node[1-4] in partition debug (the default), no features. */
static struct state *cluster(void)
{
	struct part_spec p = fixture_part_debug();

	return fixture_cluster(&p, 1, NULL, 0x03ff0000, T0);
}

static struct job_spec spec(const char *name, char *script, char **env,
			    uint32_t env_count)
{
	struct job_spec s = fixture_job(name);

	s.script = script;
	s.env = env;
	s.env_count = env_count;
	s.std_in = "/dev/null-MARK";
	return s;
}

static uint32_t submit(struct state *st, struct job_spec *s)
{
	struct state_result res;
	buf_t *b = cmd_submit(s, T0);

	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EOK);
	return res.job_id;
}

static char *env_a[] = { "HOME=/root", "PATH=/bin", NULL };
static char *env_b[] = { "HOME=/home/bob", NULL };
static char script_a[] = "#!/bin/sh\necho a\n";
static char script_b[] = "#!/bin/sh\necho b\n";

/* Jobs 1-3 share script and env A; 4 has script A and env B; 5 has
 * script and env B; 6 has neither an env nor (empty) much of a script. */
static struct state *mixed(void)
{
	struct state *st = cluster();
	struct job_spec s = spec("a", script_a, env_a, 2);

	for (int i = 0; i < 3; i++)
		submit(st, &s);
	s.env = env_b;
	s.env_count = 1;
	submit(st, &s);
	s.script = script_b;
	submit(st, &s);
	s.env = NULL;
	s.env_count = 0;
	s.script = "";
	submit(st, &s);
	return st;
}

static void assert_same_bytes(buf_t *a, buf_t *b)
{
	assert_int_equal(buf_len(a), buf_len(b));
	assert_memory_equal(a->data, b->data, buf_len(a));
}

static void test_round_trip_shares_copies(void **unused)
{
	struct state *st = mixed();
	struct state *copy = state_new();
	buf_t *snap = state_snapshot(st), *snap2;
	struct job *j[7];

	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->njobs, 6);
	for (uint32_t id = 1; id <= 6; id++) {
		j[id] = state_job(copy, id);
		assert_non_null(j[id]);
	}
	assert_string_equal(j[1]->script, script_a);
	assert_int_equal(j[1]->env_count, 2);
	assert_string_equal(j[1]->env[0], "HOME=/root");
	assert_string_equal(j[1]->env[1], "PATH=/bin");
	assert_null(j[1]->env[2]);
	assert_ptr_equal(j[1]->script, j[2]->script);
	assert_ptr_equal(j[1]->script, j[4]->script);
	assert_ptr_equal(j[1]->env, j[3]->env);
	assert_ptr_not_equal(j[1]->env, j[4]->env);
	assert_ptr_equal(j[4]->env, j[5]->env);
	assert_string_equal(j[4]->env[0], "HOME=/home/bob");
	assert_int_equal(j[4]->env_count, 1);
	assert_ptr_not_equal(j[4]->script, j[5]->script);
	assert_string_equal(j[5]->script, script_b);
	assert_string_equal(j[6]->script, "");
	assert_null(j[6]->env);
	assert_int_equal(j[6]->env_count, 0);
	assert_string_equal(j[6]->std_in, "/dev/null-MARK");
	/* one shared copy per distinct script and env, as before the trip:
	 * scripts a, b, "" and envs a, b */
	assert_int_equal(intern_count(copy->intern), 5);
	assert_int_equal(intern_count(copy->intern), intern_count(st->intern));
	/* the restored model snapshots to the same bytes */
	snap2 = state_snapshot(copy);
	assert_same_bytes(snap, snap2);
	buf_free(snap2);

	/* every job holds its own reference: forgetting jobs one by one
	 * leaves the others' copies intact and frees the last */
	for (uint32_t id = 1; id <= 5; id++) {
		apply_ok(copy, cmd_cancel(id, 0, T0));
		apply_ok(copy, cmd_purge(T0 + 1000));
		assert_null(state_job(copy, id));
		if (id < 4)
			assert_string_equal(state_job(copy, 4)->script, script_a);
		if (id < 5)
			assert_string_equal(state_job(copy, 5)->env[0],
					    "HOME=/home/bob");
	}
	/* job 6's empty script is all that is left */
	assert_int_equal(intern_count(copy->intern), 1);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* The --signal warning of pending and running jobs survives a snapshot
 * (format 2); a job without one stays without. */
static void test_warn_signal_round_trip(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	struct job_spec s = spec("w", script_a, env_a, 2);
	uint32_t idx = 0, a, b, c;
	buf_t *snap, *snap2;
	struct job *j;

	s.warn_signal = 10;
	s.warn_time = 50;
	s.warn_flags = JOB_WARN_BATCH;
	a = submit(st, &s);
	s.warn_signal = 12;
	s.warn_time = 55;
	s.warn_flags = 0;
	b = submit(st, &s);
	s.warn_signal = 0;
	c = submit(st, &s);
	apply_ok(st, cmd_start(a, &idx, 1, 1, 0, T0));
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	j = state_job(copy, a);
	assert_int_equal(j->state, JOB_ST_RUNNING);
	assert_int_equal(j->warn_signal, 10);
	assert_int_equal(j->warn_time, 50);
	assert_int_equal(j->warn_flags, JOB_WARN_BATCH);
	j = state_job(copy, b);
	assert_int_equal(j->warn_signal, 12);
	assert_int_equal(j->warn_time, 55);
	assert_int_equal(j->warn_flags, 0);
	j = state_job(copy, c);
	assert_int_equal(j->warn_signal, 0);
	assert_int_equal(j->warn_time, 0);
	snap2 = state_snapshot(copy);
	assert_same_bytes(snap, snap2);
	buf_free(snap);
	buf_free(snap2);
	state_free(copy);
	state_free(st);
}

/* Restoring into a model that already holds jobs replaces them. */
static void test_restore_replaces_content(void **unused)
{
	struct state *st = mixed();
	struct state *other = cluster();
	struct job_spec s = spec("x", script_b, env_b, 1);
	buf_t *snap = state_snapshot(st);

	submit(other, &s);
	submit(other, &s);
	/* policy from the controller's slurm.conf, not content */
	other->mem_not_counted = true;
	{
		struct state_part_policy pm = { .part = "debug", .max_mem = 500 };

		state_set_policy(other, 300 | STATE_MEM_PER_CPU, &pm, 1);
	}
	assert_int_equal(state_restore(other, snap->data, buf_len(snap)), 0);
	assert_int_equal(other->njobs, 6);
	assert_int_equal(intern_count(other->intern), 5);
	assert_string_equal(state_job(other, 1)->name, "a");
	assert_true(other->mem_not_counted);
	assert_int_equal(state_max_mem(other, "debug"), 500);
	assert_int_equal(state_max_mem(other, "x"), 300 | STATE_MEM_PER_CPU);
	buf_free(snap);
	state_free(other);
	state_free(st);
}

static void test_1000_jobs_one_script_is_small(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	char *script = xmalloc(4097);
	char *env[41];
	size_t env_bytes = 0, per_job;
	struct job_spec s;
	buf_t *snap;

	memset(script, '#', 4096);
	script[4096] = '\0';
	for (int i = 0; i < 40; i++) {
		env[i] = xasprintf("VAR_%02d=%s", i,
				   "some-value-that-a-login-shell-sets");
		env_bytes += strlen(env[i]) + 5;
	}
	env[40] = NULL;
	s = spec("many", script, env, 40);
	for (int i = 0; i < 1000; i++)
		submit(st, &s);
	snap = state_snapshot(st);
	print_message("1000 jobs, 4 KB script, %zu B env: snapshot %zu bytes\n",
		      env_bytes, buf_len(snap));
	/* A job's own fields take about 200 bytes in fixed-width fields;
	 * the script and env come once. A full copy in each job, as format
	 * 1 wrote, would be over 5.9 MB. */
	per_job = (buf_len(snap) - 4096 - env_bytes - 4096) / 1000;
	assert_true(per_job < 256);
	assert_true(buf_len(snap) < 1000 * (4096 + env_bytes) / 20);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->njobs, 1000);
	assert_int_equal(intern_count(copy->intern), 2);
	assert_ptr_equal(state_job(copy, 1)->script, state_job(copy, 1000)->script);
	assert_ptr_equal(state_job(copy, 1)->env, state_job(copy, 1000)->env);
	assert_string_equal(state_job(copy, 1000)->script, script);
	assert_string_equal(state_job(copy, 777)->env[39], env[39]);
	buf_free(snap);
	state_free(copy);
	state_free(st);
	for (int i = 0; i < 40; i++)
		free(env[i]);
	free(script);
}

/* Distinct scripts are each kept, and each job gets its own back. */
static void test_distinct_scripts_all_kept(void **unused)
{
	struct state *st = cluster();
	struct state *copy = state_new();
	char script[64];
	struct job_spec s = spec("d", script, env_a, 2);
	buf_t *snap;

	for (int i = 0; i < 300; i++) {
		snprintf(script, sizeof(script), "#!/bin/sh\necho %d\n", i);
		submit(st, &s);
	}
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(intern_count(copy->intern), 301);
	for (uint32_t id = 1; id <= 300; id++) {
		snprintf(script, sizeof(script), "#!/bin/sh\necho %u\n", id - 1);
		assert_string_equal(state_job(copy, id)->script, script);
		assert_ptr_equal(state_job(copy, id)->env, state_job(copy, 1)->env);
	}
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

static void test_format1_still_restores(void **unused)
{
	struct state *st = state_new();
	struct state *again = state_new();
	buf_t *snap, *snap2;
	struct job *a, *b, *c;

	assert_int_equal(state_restore(st, v1_snapshot, sizeof(v1_snapshot)), 0);
	assert_int_equal(st->nnodes, 2);
	assert_int_equal(st->nparts, 1);
	assert_string_equal(st->parts[0].allow_groups, "wheel");
	assert_false(st->parts[0].hidden);	/* format 1 had no Hidden */
	assert_int_equal(st->njobs, 3);
	assert_int_equal(st->next_job_id, 4);
	a = state_job(st, 1);
	b = state_job(st, 2);
	c = state_job(st, 3);
	assert_string_equal(a->name, "a");
	assert_int_equal(a->state, JOB_ST_RUNNING);
	assert_string_equal(a->nodes, "node2");
	assert_int_equal(st->nodes[1].alloc_cpus, 2);
	assert_int_equal(st->nodes[1].alloc_mem_mb, 100);
	assert_int_equal(b->state, JOB_ST_PENDING);
	assert_string_equal(b->script, "#!/bin/sh\necho hi\n");
	assert_ptr_equal(a->script, b->script);
	assert_ptr_equal(a->env, b->env);
	assert_string_equal(b->env[1], "PATH=/bin");
	assert_string_equal(c->script, "#!/bin/sh\necho other\n");
	assert_string_equal(c->env[0], "HOME=/home/bob");
	assert_int_equal(c->env_count, 1);
	assert_int_equal(intern_count(st->intern), 4);
	/* format 1 predates --signal: no warning for anyone */
	assert_int_equal(a->warn_signal, 0);
	assert_int_equal(a->warn_time, 0);
	assert_int_equal(c->warn_signal, 0);
	assert_int_equal(c->warn_flags, 0);

	/* written again (format 4: nothing in it needs a later one), it
	 * restores to the same */
	snap = state_snapshot(st);
	assert_int_equal(snap->data[7], 4);
	/* smaller, not counting the --signal fields (12 bytes a job) that
	 * format 1 lacks */
	assert_true(buf_len(snap) - 3 * 12 < sizeof(v1_snapshot));
	assert_int_equal(state_restore(again, snap->data, buf_len(snap)), 0);
	snap2 = state_snapshot(again);
	assert_same_bytes(snap, snap2);
	assert_ptr_equal(state_job(again, 1)->env, state_job(again, 2)->env);

	for (size_t cut = 0; cut < sizeof(v1_snapshot); cut++) {
		assert_int_equal(state_restore(again, v1_snapshot, cut), -1);
		assert_int_equal(again->njobs, 0);
	}
	buf_free(snap);
	buf_free(snap2);
	state_free(again);
	state_free(st);
}

/* A Hidden partition stays hidden across a snapshot, and only it. */
static void test_hidden_partition_round_trip(void **unused)
{
	struct part_spec p[3] = { fixture_part_debug(), fixture_part_debug(),
				  fixture_part_debug() };
	struct state *st, *copy = state_new();
	buf_t *snap;

	p[1].name = "secret";
	p[1].is_default = false;
	p[1].hidden = true;
	p[2].name = "open";
	p[2].is_default = false;
	st = fixture_cluster(p, 3, NULL, 0x03ff0000, T0);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_int_equal(copy->nparts, 3);
	assert_false(state_part(copy, "debug")->hidden);
	assert_true(state_part(copy, "secret")->hidden);
	assert_false(state_part(copy, "open")->hidden);
	/* the flag sits in the record: cut anywhere, the restore fails */
	for (size_t cut = 0; cut < buf_len(snap); cut += 7)
		assert_int_equal(state_restore(copy, snap->data, cut), -1);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* Restore of DATA must fail with a message and leave an empty model. */
static void assert_refused(const uint8_t *data, size_t len)
{
	struct state *st = state_new();

	err_clear();
	assert_int_equal(state_restore(st, data, len), -1);
	assert_non_null(strstr(err_msg(), "snapshot"));
	assert_int_equal(st->njobs, 0);
	assert_int_equal(st->nnodes, 0);
	assert_int_equal(intern_count(st->intern), 0);
	state_free(st);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Offset of the first occurrence of NEEDLE (with its NUL) in SNAP. */
static size_t find(const buf_t *snap, const char *needle)
{
	size_t n = strlen(needle) + 1;

	for (size_t i = 0; i + n <= buf_len(snap); i++)
		if (!memcmp(snap->data + i, needle, n))
			return i;
	fail_msg("'%s' not in the snapshot", needle);
	return 0;
}

/* Format 2 is format 3 without nodes pending removal: it restores, and
 * a flag it could not have meant is not believed. */
static void test_format2_still_restores(void **unused)
{
	struct state *st = mixed();
	struct state *again = state_new();
	buf_t *snap, *snap2;

	st->nodes[1].flags |= NODE_FLAG_REMOVING | NODE_FLAG_DRAIN;
	snap = state_snapshot(st);
	assert_int_equal(snap->data[7], 4);
	assert_int_equal(state_restore(again, snap->data, buf_len(snap)), 0);
	assert_int_equal(again->nodes[1].flags,
			 NODE_FLAG_REMOVING | NODE_FLAG_DRAIN);
	snap->data[7] = 2;
	assert_int_equal(state_restore(again, snap->data, buf_len(snap)), 0);
	assert_int_equal(again->nodes[1].flags, NODE_FLAG_DRAIN);
	assert_int_equal(again->njobs, st->njobs);
	st->nodes[1].flags &= ~NODE_FLAG_REMOVING;
	snap2 = state_snapshot(again);
	buf_free(snap);
	snap = state_snapshot(st);
	assert_same_bytes(snap, snap2);
	buf_free(snap);
	buf_free(snap2);
	state_free(again);
	state_free(st);
}

/* Format 3 is format 4 without nodes added by an operator: an added
 * node's flag in it is not believed; format 4 keeps it. */
static void test_format3_no_added_nodes(void **unused)
{
	struct state *st = mixed();
	struct state *again = state_new();
	buf_t *snap;

	st->nodes[0].flags |= NODE_FLAG_DYNAMIC | NODE_FLAG_REMOVING;
	snap = state_snapshot(st);
	assert_int_equal(state_restore(again, snap->data, buf_len(snap)), 0);
	assert_int_equal(again->nodes[0].flags,
			 NODE_FLAG_DYNAMIC | NODE_FLAG_REMOVING);
	snap->data[7] = 3;
	assert_int_equal(state_restore(again, snap->data, buf_len(snap)), 0);
	assert_int_equal(again->nodes[0].flags, NODE_FLAG_REMOVING);
	buf_free(snap);
	state_free(again);
	state_free(st);
}

static void test_truncated_or_corrupt_refused(void **unused)
{
	struct state *st = mixed();
	buf_t *snap = state_snapshot(st);
	size_t len = buf_len(snap);
	uint8_t *bad = xmalloc(len + 1);
	size_t mark, table;

	for (size_t cut = 0; cut < len; cut++)
		assert_refused(snap->data, cut);
	/* trailing bytes */
	memcpy(bad, snap->data, len);
	bad[len] = 0;
	assert_refused(bad, len + 1);
	/* not a snapshot; a format from the future */
	bad[0] ^= 0xff;
	assert_refused(bad, len);
	memcpy(bad, snap->data, len);
	put32(bad + 4, 99);
	assert_refused(bad, len);
	assert_non_null(strstr(err_msg(), "format 99"));

	/* each job's script and env index follow its std_in */
	mark = find(snap, "/dev/null-MARK") + sizeof("/dev/null-MARK");
	memcpy(bad, snap->data, len);
	put32(bad + mark, 3);          /* only 3 distinct scripts */
	assert_refused(bad, len);
	memcpy(bad, snap->data, len);
	put32(bad + mark + 4, 2);      /* only 2 distinct envs */
	assert_refused(bad, len);
	memcpy(bad, snap->data, len);
	put32(bad + mark + 4, 0xfffffffe);
	assert_refused(bad, len);
	/* a job without a script or env is fine */
	{
		struct state *ok = state_new();

		memcpy(bad, snap->data, len);
		put32(bad + mark, 0xffffffff);
		put32(bad + mark + 4, 0xffffffff);
		assert_int_equal(state_restore(ok, bad, len), 0);
		assert_null(state_job(ok, 1)->script);
		assert_null(state_job(ok, 1)->env);
		assert_ptr_equal(state_job(ok, 2)->script, state_job(ok, 4)->script);
		state_free(ok);
	}

	/* the script table: its count, and a missing (NULL) entry */
	table = find(snap, script_a) - 8;
	memcpy(bad, snap->data, len);
	put32(bad + table, 0xffffffff);
	assert_refused(bad, len);
	memcpy(bad, snap->data, len);
	put32(bad + table, 0x10000);
	assert_refused(bad, len);
	memcpy(bad, snap->data, len);
	put32(bad + table + 4, 0);
	assert_refused(bad, len);
	/* a string running past the end */
	memcpy(bad, snap->data, len);
	put32(bad + table + 4, 0x7fffffff);
	assert_refused(bad, len);

	/* any flipped byte: refused cleanly or restored, never a crash */
	for (size_t i = 0; i < len; i++) {
		struct state *any = state_new();

		memcpy(bad, snap->data, len);
		bad[i] ^= 0x5a;
		if (state_restore(any, bad, len) < 0)
			assert_int_equal(any->njobs, 0);
		state_free(any);
	}
	free(bad);
	buf_free(snap);
	state_free(st);
}

/* An allocation (salloc) as format 5 holds it: STATE gets one. */
static void add_allocation(struct state *st)
{
	struct job_spec s = spec("salloc", NULL, NULL, 0);

	s.interactive = true;
	s.alloc_node = "login1";
	s.resp_host = "127.0.0.1";
	s.resp_port = 40001;
	s.other_port = 40002;
	submit(st, &s);
}

/* Snapshot ST, check its format, restore it into a fresh model and check
 * that one snapshots to the same bytes; returns the restored model. */
static struct state *trip(struct state *st, uint8_t format)
{
	struct state *copy = state_new();
	buf_t *snap = state_snapshot(st), *snap2;

	assert_int_equal(snap->data[7], format);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	snap2 = state_snapshot(copy);
	assert_same_bytes(snap, snap2);
	buf_free(snap);
	buf_free(snap2);
	return copy;
}

/* Each snapshot is in the lowest format that holds it, so that an older
 * controller can still read one that needs nothing newer: 4 for plain
 * batch jobs, 5 (allocations after the jobs) once a salloc job exists,
 * 6 (allocations, maybe none, then the job extras) once a job has
 * --no-requeue, a suspension or an AllocNode:Sid. */
static void test_lowest_format_written(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("nrq", script_a, env_a, 2);
	uint32_t nrq, idx = 0;

	copy = trip(st, 4);
	assert_int_equal(copy->njobs, 6);
	state_free(copy);

	/* format 5, as the controller before the job extras wrote it */
	add_allocation(st);
	copy = trip(st, 5);
	assert_true(state_job(copy, 7)->interactive);
	assert_string_equal(state_job(copy, 7)->alloc_node, "login1");
	assert_string_equal(state_job(copy, 7)->resp_host, "127.0.0.1");
	assert_int_equal(state_job(copy, 7)->resp_port, 40001);
	assert_int_equal(state_job(copy, 7)->other_port, 40002);
	assert_int_equal(state_job(copy, 7)->alloc_sid, 0);
	assert_false(state_job(copy, 1)->interactive);
	state_free(copy);

	/* allocations and extras: both sections */
	s.no_requeue = true;
	s.alloc_node = "login2";
	s.alloc_sid = 2539;
	nrq = submit(st, &s);
	copy = trip(st, 6);
	assert_true(state_job(copy, nrq)->no_requeue);
	assert_string_equal(state_job(copy, nrq)->alloc_node, "login2");
	assert_int_equal(state_job(copy, nrq)->alloc_sid, 2539);
	assert_false(state_job(copy, nrq)->interactive);
	assert_true(state_job(copy, 7)->interactive);
	assert_string_equal(state_job(copy, 7)->alloc_node, "login1");
	assert_false(state_job(copy, 1)->no_requeue);
	assert_null(state_job(copy, 1)->alloc_node);
	state_free(copy);

	/* extras without any allocation: format 6 with an empty section */
	apply_ok(st, cmd_cancel(7, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	assert_null(state_job(st, 7));
	apply_ok(st, cmd_start(1, &idx, 1, 1, 0, T0));
	apply_ok(st, cmd_job_suspend(1, true, T0 + 10));
	copy = trip(st, 6);
	assert_int_equal(state_job(copy, 1)->state, JOB_ST_SUSPENDED);
	assert_int_equal(state_job(copy, 1)->suspend_time, T0 + 10);
	assert_true(state_job(copy, nrq)->no_requeue);
	state_free(copy);
	state_free(st);
}

/* --mincpus, --contiguous and --open-mode: format 11, written only when a job has
 * one, and kept through the submit command and a snapshot. */
static void test_format11_job_shape(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("shape", script_a, env_a, 2);
	uint32_t a, b;

	copy = trip(st, 4);
	state_free(copy);
	s.pn_min_cpus = 3;
	a = submit(st, &s);
	s.pn_min_cpus = 0;
	s.contiguous = true;
	s.open_mode = JOB_OPEN_APPEND;
	b = submit(st, &s);
	copy = trip(st, 11);
	assert_int_equal(state_job(copy, a)->pn_min_cpus, 3);
	assert_false(state_job(copy, a)->contiguous);
	assert_int_equal(state_job(copy, b)->pn_min_cpus, 0);
	assert_true(state_job(copy, b)->contiguous);
	assert_int_equal(state_job(copy, b)->open_mode, JOB_OPEN_APPEND);
	assert_int_equal(state_job(copy, a)->open_mode, 0);
	assert_false(state_job(copy, 1)->contiguous);
	state_free(copy);
	state_free(st);
}

/* Licenses, GPUs, --tmp and --oversubscribe: the submit command that
 * carries the whole request (CMD_SUBMIT_REQ) and format 12, both written
 * only when a job asks for one of them; the request replaces what the
 * older records say. */
static void test_format12_job_request(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("req", script_a, env_a, 2);
	const struct job *j;
	buf_t *b;
	uint32_t id;

	b = cmd_submit(&s, T0);
	assert_int_equal((b->data[0] << 8) | b->data[1], CMD_SUBMIT);
	buf_free(b);
	s.licenses = "matlab:1,fluent:2";
	s.tres_per_node = "gres:gpu:tesla:2";
	s.gpus_per_node = 2;
	s.gpu_type = "tesla";
	s.tmp_mb = 2048;
	s.oversubscribe = true;
	s.pn_min_cpus = 2;
	s.features = "fast";
	s.time_min = 5;
	b = cmd_submit(&s, T0);
	assert_int_equal((b->data[0] << 8) | b->data[1], CMD_SUBMIT_REQ);
	buf_free(b);
	id = submit(st, &s);
	copy = trip(st, 12);
	j = state_job(copy, id);
	assert_string_equal(j->licenses, "matlab:1,fluent:2");
	assert_string_equal(j->tres_per_node, "gres:gpu:tesla:2");
	assert_int_equal(j->gpus_per_node, 2);
	assert_string_equal(j->gpu_type, "tesla");
	assert_int_equal(j->tmp_mb, 2048);
	assert_true(j->oversubscribe);
	assert_int_equal(j->pn_min_cpus, 2);
	assert_string_equal(j->features, "fast");
	assert_int_equal(j->time_min, 5);
	assert_int_equal(j->min_nodes, 1);
	assert_null(state_job(copy, 1)->licenses);
	assert_int_equal(state_job(copy, 1)->tmp_mb, 0);
	state_free(copy);
	/* once it is gone the model snapshots as before */
	apply_ok(st, cmd_cancel(id, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	copy = trip(st, 4);
	state_free(copy);
	state_free(st);
}

/* -N given as a count (slurmctld's NumNodes=2-2): the submit command
 * that carries the whole request and format 18, written only while a
 * job has it; a job with -n alone keeps the older layouts. */
static void test_format18_nodes_given(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("n2", script_a, env_a, 2);
	buf_t *b;
	uint32_t id;

	s.min_nodes = s.max_nodes = 2;
	b = cmd_submit(&s, T0);
	assert_int_equal((b->data[0] << 8) | b->data[1], CMD_SUBMIT);
	buf_free(b);
	s.max_nodes_given = true;
	b = cmd_submit(&s, T0);
	assert_int_equal((b->data[0] << 8) | b->data[1], CMD_SUBMIT_REQ);
	buf_free(b);
	id = submit(st, &s);
	copy = trip(st, 18);
	assert_true(state_job(copy, id)->max_nodes_given);
	assert_int_equal(state_job(copy, id)->min_nodes, 2);
	assert_int_equal(state_job(copy, id)->max_nodes, 2);
	assert_false(state_job(copy, 1)->max_nodes_given);
	state_free(copy);
	apply_ok(st, cmd_cancel(id, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	copy = trip(st, 4);
	state_free(copy);
	state_free(st);
}

/* --cpus-per-gpu (slurmctld's CpusPerTres=gres:gpu:2): the submit
 * command that carries the whole request and format 19, written only
 * while a job has it, also beside a job whose -N named its count
 * (format 18); without it that job keeps format 18. */
static void test_format19_cpus_per_gpu(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("cpg", script_a, env_a, 2);
	buf_t *b;
	uint32_t id, given;

	s.min_nodes = s.max_nodes = 2;
	s.max_nodes_given = true;
	given = submit(st, &s);
	s = spec("cpg", script_a, env_a, 2);
	s.cpus_per_gpu = 2;
	b = cmd_submit(&s, T0);
	assert_int_equal((b->data[0] << 8) | b->data[1], CMD_SUBMIT_REQ);
	buf_free(b);
	id = submit(st, &s);
	copy = trip(st, 19);
	assert_int_equal(state_job(copy, id)->cpus_per_gpu, 2);
	assert_true(state_job(copy, given)->max_nodes_given);
	assert_int_equal(state_job(copy, given)->cpus_per_gpu, 0);
	assert_int_equal(state_job(copy, 1)->cpus_per_gpu, 0);
	state_free(copy);
	apply_ok(st, cmd_cancel(id, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	copy = trip(st, 18);
	assert_null(state_job(copy, id));
	state_free(copy);
	state_free(st);
}

/* The -c a job asked before MaxMemPerCPU raised it: format 20, written
 * only while a job has it (beside a --cpus-per-gpu job, 19 before). */
static void test_format20_cpus_asked(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("cpg", script_a, env_a, 2);
	uint32_t id, cpg;

	s.cpus_per_gpu = 2;
	cpg = submit(st, &s);
	s = spec("raised", script_a, env_a, 2);
	s.cpus_per_task = 4;
	s.cpus_per_task_asked = 2;
	id = submit(st, &s);
	copy = trip(st, 20);
	assert_int_equal(state_job(copy, id)->cpus_per_task_asked, 2);
	assert_false(state_job(copy, id)->mem_default);
	assert_int_equal(state_job(copy, id)->cpus_per_task, 4);
	assert_int_equal(state_job(copy, cpg)->cpus_per_task_asked, 0);
	state_free(copy);
	apply_ok(st, cmd_cancel(id, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	copy = trip(st, 19);
	assert_null(state_job(copy, id));
	state_free(copy);
	/* a default memory alone makes format 20 too */
	s = spec("dflt", script_a, env_a, 2);
	s.mem_mb = 100;
	s.mem_per_cpu = true;
	s.mem_default = true;
	id = submit(st, &s);
	copy = trip(st, 20);
	assert_true(state_job(copy, id)->mem_default);
	state_free(copy);
	state_free(st);
}

/* What only scontrol update gives (Shared=0, MailUser, MailType,
 * Reboot): format 21, written only while a job has it (beside a job
 * with a raised -c, 20 before). */
static void test_format21_update_members(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("raised", script_a, env_a, 2);
	struct job_update u;
	uint32_t id;

	s.cpus_per_task = 4;
	s.cpus_per_task_asked = 2;
	submit(st, &s);
	s = spec("mail", script_a, env_a, 2);
	id = submit(st, &s);
	copy = trip(st, 20);
	state_free(copy);
	memset(&u, 0, sizeof(u));
	u.job_id = id;
	u.fields = JOB_UPD_REQ;
	u.req_mask = JOB_REQ_NO_SHARE | JOB_REQ_MAIL_USER |
		JOB_REQ_MAIL_TYPE | JOB_REQ_REBOOT;
	u.req.no_share = true;
	u.req.mail_user = "a@b";
	u.req.mail_type = 4;
	u.req.reboot = true;
	apply_ok(st, cmd_job_update(&u, T0));
	copy = trip(st, 21);
	assert_true(state_job(copy, id)->no_share);
	assert_string_equal(state_job(copy, id)->mail_user, "a@b");
	assert_int_equal(state_job(copy, id)->mail_type, 4);
	assert_true(state_job(copy, id)->reboot);
	state_free(copy);
	apply_ok(st, cmd_cancel(id, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	copy = trip(st, 20);
	assert_null(state_job(copy, id));
	state_free(copy);
	state_free(st);
}

/* The NumCPUs scontrol update gives a waiting job (request member 34,
 * which a reader of format 21 refuses as unknown): format 22, written
 * only while a job has it; without it the job's snapshot is format 4. */
static void test_format22_min_cpus(void **unused)
{
	struct state *st = mixed(), *copy;
	struct job_spec s = spec("numcpus", script_a, env_a, 2);
	struct job_update u;
	uint32_t id;

	id = submit(st, &s);
	copy = trip(st, 4);
	state_free(copy);
	memset(&u, 0, sizeof(u));
	u.job_id = id;
	u.fields = JOB_UPD_REQ;
	u.req_mask = JOB_REQ_MIN_CPUS;
	u.req.min_cpus = 2;
	apply_ok(st, cmd_job_update(&u, T0));
	copy = trip(st, 22);
	assert_int_equal(state_job(copy, id)->min_cpus, 2);
	state_free(copy);
	apply_ok(st, cmd_cancel(id, 0, T0));
	apply_ok(st, cmd_purge(T0 + 1000));
	copy = trip(st, 4);
	assert_null(state_job(copy, id));
	state_free(copy);
	state_free(st);
}

/* Licenses and TmpDisk alone make a format 12 snapshot; a CONFIG
 * without them takes them away again, and the snapshot is format 4. */
static void test_format12_licenses_tmpdisk(void **unused)
{
	struct state *st = mixed(), *copy;
	struct part_spec p = fixture_part_debug();
	struct node_spec n[4];
	struct state_params prm = st->params;
	char names[4][8];

	memset(n, 0, sizeof(n));
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "node%d", i + 1);
		n[i].name = names[i];
		n[i].cpus = 4;
		n[i].memory_mb = 1000;
		n[i].weight = 1;
		n[i].tmp_disk_mb = 100u * (uint32_t)i;
	}
	n[0].gres = "gpu:2";
	prm.licenses = "b:1,a:2";
	apply_ok(st, cmd_config(n, 4, &p, 1, &prm, T0 + 5));
	assert_string_equal(st->licenses, "b:1,a:2");
	copy = trip(st, 12);
	assert_string_equal(copy->licenses, "b:1,a:2");
	assert_int_equal(copy->nodes[3].tmp_disk_mb, 300);
	assert_int_equal(copy->nodes[0].gpus, 2);
	state_free(copy);
	/* a malformed list in a CONFIG is refused whole */
	prm.licenses = "a:x";
	{
		struct state_result res;
		buf_t *b = cmd_config(n, 4, &p, 1, &prm, T0 + 6);

		state_apply(st, b->data, buf_len(b), &res);
		buf_free(b);
		assert_int_equal(res.rc, STATE_EINVAL);
		assert_string_equal(st->licenses, "b:1,a:2");
	}
	prm.licenses = NULL;
	for (int i = 0; i < 4; i++)
		n[i].tmp_disk_mb = 0;
	apply_ok(st, cmd_config(n, 4, &p, 1, &prm, T0 + 7));
	assert_null(st->licenses);
	copy = trip(st, 4);
	assert_null(copy->licenses);
	state_free(copy);
	state_free(st);
}

/* A format 5 snapshot (allocations, no job extras) restores the
 * allocations, cut short or with trailing bytes it is refused; a format
 * 6 one read as 5 is refused rather than half read. */
static void test_format5_allocations(void **unused)
{
	struct state *st = mixed(), *copy = state_new();
	struct job_spec s = spec("nrq", script_a, env_a, 2);
	buf_t *snap;

	add_allocation(st);
	snap = state_snapshot(st);
	assert_int_equal(snap->data[7], 5);
	for (size_t cut = 0; cut < buf_len(snap); cut++)
		assert_refused(snap->data, cut);
	/* the allocations section is what makes it format 5: as format 4
	 * its last bytes are left over */
	snap->data[7] = 4;
	assert_refused(snap->data, buf_len(snap));
	buf_free(snap);

	s.no_requeue = true;
	submit(st, &s);
	snap = state_snapshot(st);
	assert_int_equal(snap->data[7], 6);
	snap->data[7] = 5;
	assert_refused(snap->data, buf_len(snap));
	snap->data[7] = 6;
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), 0);
	assert_true(state_job(copy, 7)->interactive);
	assert_true(state_job(copy, 8)->no_requeue);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* A pending job that holds nodes cannot come out of apply; from a
 * corrupted snapshot it made node counts drift, so that the restored
 * model no longer snapshotted to the same bytes (found by
 * fuzz_state_restore). Such a snapshot is refused. */
static void test_pending_job_with_nodes_refused(void **unused)
{
	struct state *st = mixed();
	struct state *copy = state_new();
	struct job *j = state_job(st, 1);
	buf_t *snap;

	assert_int_equal(j->state, JOB_ST_PENDING);
	j->node_bits = bit_alloc(st->nnodes);
	bit_set(j->node_bits, 0);
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), -1);
	assert_int_equal(copy->njobs, 0);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* A job whose id is not below the next id to give: the next submission
 * would take an id in use (the fuzzer found such a snapshot), so it is
 * refused as corrupt. */
static void test_job_id_not_below_next_refused(void **unused)
{
	struct state *st = mixed();
	struct state *copy = state_new();
	buf_t *snap;

	assert_true(st->njobs > 0);
	st->next_job_id = st->jobs[st->njobs - 1]->id;
	snap = state_snapshot(st);
	assert_int_equal(state_restore(copy, snap->data, buf_len(snap)), -1);
	assert_int_equal(copy->njobs, 0);
	buf_free(snap);
	state_free(copy);
	state_free(st);
}

/* The cores running jobs hold: jobs 1 and 2 on node1 take cores 0 and
 * 1; job 1 ends and job 3 takes core 0. Numbering the running jobs in id
 * order would give job 2 core 0, so format 16 holds what they have and a
 * restore gives it back; once only jobs numbered that way run, the
 * snapshot is of a lower format again and a restore numbers them. */
static void test_format16_job_cores(void **unused)
{
	struct state *st = cluster(), *copy;
	struct job_spec s = spec("c", script_a, env_a, 2);
	uint32_t id[3], idx = 0;

	for (int i = 0; i < 3; i++)
		id[i] = submit(st, &s);
	apply_ok(st, cmd_start(id[0], &idx, 1, 1, 0, T0 + 1));
	apply_ok(st, cmd_start(id[1], &idx, 1, 1, 0, T0 + 1));
	assert_true(bit_test(state_job(st, id[0])->core_bits[0], 0));
	assert_true(bit_test(state_job(st, id[1])->core_bits[0], 1));
	/* started in id order: nothing to hold */
	copy = trip(st, 4);
	assert_true(bit_test(state_job(copy, id[1])->core_bits[0], 1));
	state_free(copy);

	apply_ok(st, cmd_job_end(id[0], 0, T0 + 2));
	apply_ok(st, cmd_start(id[2], &idx, 1, 1, 0, T0 + 3));
	assert_true(bit_test(state_job(st, id[2])->core_bits[0], 0));
	copy = trip(st, 16);
	assert_true(bit_test(state_job(copy, id[1])->core_bits[0], 1));
	assert_int_equal(bit_count(state_job(copy, id[1])->core_bits[0]), 1);
	assert_true(bit_test(state_job(copy, id[2])->core_bits[0], 0));
	assert_int_equal(bit_count(state_job(copy, id[2])->core_bits[0]), 1);
	/* the node's record follows: a fourth job gets core 2 */
	assert_int_equal(bit_count(copy->nodes[0].core_used), 2);
	state_free(copy);

	/* job 2 ends: job 3 alone, numbered from core 0 as it is */
	apply_ok(st, cmd_job_end(id[1], 0, T0 + 4));
	copy = trip(st, 4);
	assert_true(bit_test(state_job(copy, id[2])->core_bits[0], 0));
	state_free(copy);
	state_free(st);
}

/* Starts that may share CPUs among two jobs (START_SHARED, as the
 * scheduler gives them under OverSubscribe=FORCE:2): the least used
 * cores (3 CPUs: 0-2; 2 CPUs: 3 and 0; 1 CPU: 1); numbered in id order
 * they come back the same, and once the first ends the second's are
 * held. A shared core counts once in the node's CPUs held; a start not
 * said to share may not overcommit the node, one that is not beyond its
 * CPUs. */
static void test_shared_cores_round_trip(void **unused)
{
	struct state *st = cluster(), *copy;
	struct job_spec s = spec("c", script_a, env_a, 2);
	uint32_t id[3], idx = 0, d;
	const uint32_t cpus[3] = { 3, 2, 1 };
	struct state_result res;
	buf_t *b;

	for (int i = 0; i < 3; i++) {
		id[i] = submit(st, &s);
		apply_ok(st, cmd_start_spread(id[i], &idx, 1, cpus[i], 0,
					      START_SHARE(2), T0 + 1));
	}
	assert_int_equal(bit_count(state_job(st, id[0])->core_bits[0]), 3);
	assert_true(bit_test(state_job(st, id[1])->core_bits[0], 0));
	assert_true(bit_test(state_job(st, id[1])->core_bits[0], 3));
	assert_true(bit_test(state_job(st, id[2])->core_bits[0], 1));
	assert_int_equal(st->nodes[0].alloc_cpus, 6);
	assert_int_equal(node_cpus_held(&st->nodes[0]), 4);
	copy = trip(st, 4);
	assert_true(bit_test(state_job(copy, id[1])->core_bits[0], 3));
	assert_true(bit_test(state_job(copy, id[2])->core_bits[0], 1));
	assert_int_equal(node_cpus_held(&copy->nodes[0]), 4);
	state_free(copy);

	d = submit(st, &s);
	b = cmd_start(d, &idx, 1, 1, 0, T0 + 2);
	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EBUSY);
	/* nor more CPUs than the node has when it does */
	b = cmd_start_spread(d, &idx, 1, 5, 0, START_SHARE(2), T0 + 2);
	state_apply(st, b->data, buf_len(b), &res);
	buf_free(b);
	assert_int_equal(res.rc, STATE_EBUSY);

	apply_ok(st, cmd_job_end(id[0], 0, T0 + 3));
	assert_int_equal(node_cpus_held(&st->nodes[0]), 3);
	copy = trip(st, 16);
	assert_true(bit_test(state_job(copy, id[1])->core_bits[0], 0));
	assert_true(bit_test(state_job(copy, id[1])->core_bits[0], 3));
	assert_true(bit_test(state_job(copy, id[2])->core_bits[0], 1));
	assert_int_equal(bit_count(copy->nodes[0].core_used), 3);
	state_free(copy);
	state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_shares_copies),
		cmocka_unit_test(test_restore_replaces_content),
		cmocka_unit_test(test_1000_jobs_one_script_is_small),
		cmocka_unit_test(test_distinct_scripts_all_kept),
		cmocka_unit_test(test_format1_still_restores),
		cmocka_unit_test(test_format2_still_restores),
		cmocka_unit_test(test_hidden_partition_round_trip),
		cmocka_unit_test(test_warn_signal_round_trip),
		cmocka_unit_test(test_format3_no_added_nodes),
		cmocka_unit_test(test_truncated_or_corrupt_refused),
		cmocka_unit_test(test_pending_job_with_nodes_refused),
		cmocka_unit_test(test_job_id_not_below_next_refused),
		cmocka_unit_test(test_lowest_format_written),
		cmocka_unit_test(test_shared_cores_round_trip),
		cmocka_unit_test(test_format11_job_shape),
		cmocka_unit_test(test_format12_job_request),
		cmocka_unit_test(test_format16_job_cores),
		cmocka_unit_test(test_format18_nodes_given),
		cmocka_unit_test(test_format19_cpus_per_gpu),
		cmocka_unit_test(test_format20_cpus_asked),
		cmocka_unit_test(test_format21_update_members),
		cmocka_unit_test(test_format22_min_cpus),
		cmocka_unit_test(test_format12_licenses_tmpdisk),
		cmocka_unit_test(test_format5_allocations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
