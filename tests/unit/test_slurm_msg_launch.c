/* test_slurm_msg_launch.c - what srun sends a node and what the node
 * answers: a launch request captured from the real srun 22.05 unpacks,
 * ours round-trips, short or lying bodies are refused without reading
 * past them, and the launch response, task exit, signal, job id and I/O
 * stream layouts are Slurm's byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/msg_launch.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm_golden.h"

static const char *env_of(char **env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; env && env[i]; i++)
		if (!strncmp(env[i], name, n) && env[i][n] == '=')
			return env[i] + n + 1;
	return NULL;
}

/* srun -N1 -w node1 -n2 -l --input=0 -c1 /bin/echo hi there */
static void test_real_srun_request(void **unused)
{
	struct golden g;
	struct slurm_launch_tasks m;
	buf_t b;

	golden_load(&g, "srun_launch", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_LAUNCH_TASKS);
	golden_view(&g, &b);
	assert_int_equal(slurm_launch_tasks_unpack(&b, &m), 0);
	assert_int_equal(m.step_id, 0);
	assert_int_equal(m.step_het_comp, NO_VAL);
	assert_int_equal(m.uid, 0);
	assert_int_equal(m.nnodes, 1);
	assert_int_equal(m.ntasks, 2);
	assert_int_equal(m.tasks_to_launch[0], 2);
	assert_int_equal(m.global_task_ids[0][0], 0);
	assert_int_equal(m.global_task_ids[0][1], 1);
	assert_int_equal(m.argc, 3);
	assert_string_equal(m.argv[0], "/bin/echo");
	assert_string_equal(m.argv[2], "there");
	assert_null(m.argv[3]);
	assert_int_equal(m.flags, LAUNCH_BUFFERED_IO | LAUNCH_LABEL_IO);
	assert_string_equal(m.ifname, "0");
	assert_null(m.ofname);
	assert_null(m.efname);
	assert_int_equal(m.cpus_per_task, 1);
	assert_int_equal(m.mpi_plugin_id, MPI_PLUGIN_NONE);
	assert_int_equal(m.num_io_port, 1);
	assert_int_equal(m.num_resp_port, 1);
	assert_true(m.io_port[0] > 0);
	assert_string_equal(m.complete_nodelist, "node1");
	assert_int_equal(m.switch_plugin, SWITCH_PLUGIN_NONE);
	assert_non_null(env_of(m.env, "SLURM_STEP_LAUNCHER_PORT"));
	assert_int_equal(m.cred_version, SLURM_22_05_PROTOCOL_VERSION);
	assert_int_equal(m.cred.job_id, m.job_id);
	assert_int_equal(m.cred.step_id, 0);
	assert_string_equal(m.cred.step_hostlist, "node1");
	assert_memory_equal(m.cred.signature, "MUNGE:", 6);
	slurm_launch_tasks_free(&m);

	/* every shorter body is refused, and nothing is kept */
	for (size_t n = 0; n < g.body_len; n += 7) {
		buf_init_view(&b, g.body, n);
		assert_int_equal(slurm_launch_tasks_unpack(&b, &m), -1);
		assert_null(m.argv);
		assert_null(m.env);
	}
	golden_free(&g);
}

static void fill(struct slurm_launch_tasks *m, struct cred *c)
{
	static uint16_t ntask[2] = { 2, 1 };
	static uint32_t t0[2] = { 0, 1 }, t1[1] = { 2 };
	static uint32_t *gt[2] = { t0, t1 };
	static uint16_t ports[2] = { 4000, 4001 };
	static char *argv[] = { "hostname", NULL };
	static char *env[] = { "A=1", "SLURM_CONF=/x", NULL };

	memset(m, 0, sizeof(*m));
	m->job_id = 5;
	m->step_id = 2;
	m->step_het_comp = NO_VAL;
	m->uid = 1000;
	m->gid = 100;
	m->het_job_id = NO_VAL;
	m->mpi_plugin_id = MPI_PLUGIN_NONE;
	m->ntasks = 3;
	m->nnodes = 2;
	m->cpus_per_task = 1;
	m->tasks_to_launch = ntask;
	m->global_task_ids = gt;
	m->num_resp_port = 1;
	m->resp_port = ports;
	m->num_io_port = 2;
	m->io_port = ports;
	m->env = env;
	m->envc = 2;
	m->argv = argv;
	m->argc = 1;
	m->cwd = "/home/a";
	m->flags = LAUNCH_PTY;
	m->ofname = "out-%t";
	m->complete_nodelist = "n[1-2]";
	m->switch_plugin = SWITCH_PLUGIN_NONE;
	m->select_plugin = SELECT_PLUGIN_CONS_TRES;
	m->cred = *c;
}

static void test_round_trip_and_refusals(void **unused)
{
	struct cred c = { .job_id = 5, .step_id = 2, .uid = 1000 };
	struct slurm_launch_tasks m, got;
	buf_t *b = buf_new(1024), v;
	size_t at_nnodes;
	/* the credential is signed in auth/none's form: no munged needed */
	struct auth_ctx *none = auth_create(AUTH_NONE, NULL);

	c.step_hostlist = xstrdup("n[1-2]");
	assert_int_equal(cred_sign(none, &c, 1800000000), 0);
	fill(&m, &c);
	slurm_launch_tasks_pack(b, &m);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_launch_tasks_unpack(&v, &got), 0);
	assert_int_equal(got.job_id, 5);
	assert_int_equal(got.tasks_to_launch[1], 1);
	assert_int_equal(got.global_task_ids[1][0], 2);
	assert_int_equal(got.io_port[1], 4001);
	assert_string_equal(got.env[1], "SLURM_CONF=/x");
	assert_string_equal(got.ofname, "out-%t");
	assert_int_equal(got.flags, LAUNCH_PTY);
	assert_int_equal(got.cred.ctime, 1800000000);
	assert_string_equal(got.cred.step_hostlist, "n[1-2]");
	slurm_launch_tasks_free(&got);

	/* a trailing byte: another layout, refused */
	pack8(b, 0);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_launch_tasks_unpack(&v, &got), -1);
	buf_free(b);

	/* a node count far beyond the body allocates nothing and fails */
	m.nnodes = 0x7fffffff;
	m.tasks_to_launch = NULL;
	b = buf_new(1024);
	{
		struct slurm_launch_tasks t = m;

		t.nnodes = 0;
		slurm_launch_tasks_pack(b, &t);
	}
	/* find nnodes (0) before cpus_per_task and replace it */
	at_nnodes = 0;
	for (size_t i = 0; i + 4 <= buf_len(b); i++)
		if (!memcmp(b->data + i, "\0\0\0\0\0\x01\0\0\0\0", 10)) {
			at_nnodes = i;
			break;
		}
	assert_true(at_nnodes > 0);
	buf_put_u32_at(b, at_nnodes, 0x7fffffff);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_launch_tasks_unpack(&v, &got), -1);
	assert_non_null(strstr(err_msg(), "node count"));
	buf_free(b);

	/* heterogeneous steps are named as such */
	b = buf_new(64);
	pack32(b, 5); pack32(b, 2); pack32(b, NO_VAL);
	pack32(b, 0); pack32(b, 0); pack_str(b, "u"); pack32(b, 0);
	pack32(b, 0); pack32(b, 7); pack32(b, 2);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_launch_tasks_unpack(&v, &got), -1);
	assert_non_null(strstr(err_msg(), "heterogeneous"));
	buf_free(b);
	cred_free(&c);
	auth_destroy(none);
}

static void test_replies_layout(void **unused)
{
	uint32_t pids[2] = { 100, 101 }, gt[2] = { 0, 1 };
	struct slurm_launch_resp r = {
		.job_id = 5, .step_id = 2, .step_het_comp = NO_VAL,
		.return_code = 0, .node_name = "n1", .count = 2,
		.local_pids = pids, .task_ids = gt,
	};
	struct slurm_task_exit x = {
		.return_code = 256, .num_tasks = 1, .task_ids = &gt[1],
		.job_id = 5, .step_id = 2, .step_het_comp = NO_VAL,
	};
	static const uint8_t want_resp[] = {
		0, 0, 0, 5, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xfe, /* step id */
		0, 0, 0, 0,                                     /* rc */
		0, 0, 0, 3, 'n', '1', 0,                        /* node */
		0, 0, 0, 2,                                     /* count */
		0, 0, 0, 2, 0, 0, 0, 100, 0, 0, 0, 101,         /* pids */
		0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1,             /* gtids */
	};
	static const uint8_t want_exit[] = {
		0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
		0, 0, 0, 5, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xfe,
	};
	buf_t *b = buf_new(64);

	slurm_launch_resp_pack(b, &r);
	assert_int_equal(buf_len(b), sizeof(want_resp));
	assert_memory_equal(b->data, want_resp, sizeof(want_resp));
	buf_free(b);
	b = buf_new(64);
	slurm_task_exit_pack(b, &x);
	assert_int_equal(buf_len(b), sizeof(want_exit));
	assert_memory_equal(b->data, want_exit, sizeof(want_exit));
	buf_free(b);
}

static void test_signal_and_job_id(void **unused)
{
	struct slurm_signal_tasks s = { .job_id = 5, .step_id = 2,
					.step_het_comp = NO_VAL, .signal = 2 }, got;
	buf_t *b = buf_new(32), v;
	uint32_t pid;

	slurm_signal_tasks_pack(b, &s);
	assert_int_equal(buf_len(b), 16);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_signal_tasks_unpack(&v, &got), 0);
	assert_int_equal(got.signal, 2);
	assert_int_equal(got.step_id, 2);
	buf_init_view(&v, b->data, buf_len(b) - 1);
	assert_int_equal(slurm_signal_tasks_unpack(&v, &got), -1);
	buf_free(b);

	b = buf_new(8);
	pack32(b, 4242);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_job_id_req_unpack(&v, &pid), 0);
	assert_int_equal(pid, 4242);
	buf_free(b);
	b = buf_new(8);
	slurm_job_id_resp_pack(b, 7, 0);
	assert_memory_equal(b->data, "\0\0\0\x07\0\0\0\0", 8);
	buf_free(b);
}

static void test_io_stream(void **unused)
{
	struct slurm_io_hdr h = { .type = SLURM_IO_STDERR, .gtaskid = 3,
				  .ltaskid = 1, .length = 1024 }, got;
	static const uint8_t want_init[] = {
		0, 0, 0, 20,               /* length of what follows */
		0x26, 0x00,                /* 22.05 */
		0, 0, 0, 1,                /* node id */
		0, 0, 0, 2, 0, 0, 0, 2,    /* stdout and stderr streams */
		0, 0, 0, 2, 'K', 0,        /* the key, NUL included */
	};
	buf_t *b = buf_new(16);

	slurm_io_hdr_pack(b, &h);
	assert_int_equal(buf_len(b), SLURM_IO_HDR_LEN);
	assert_memory_equal(b->data, "\0\x02\0\x03\0\x01\0\0\x04\0", 10);
	slurm_io_hdr_parse(b->data, &got);
	assert_int_equal(got.type, SLURM_IO_STDERR);
	assert_int_equal(got.gtaskid, 3);
	assert_int_equal(got.length, 1024);
	buf_free(b);
	b = buf_new(32);
	slurm_io_init_pack(b, 1, 2, 2, "K", 2);
	assert_int_equal(buf_len(b), sizeof(want_init));
	assert_memory_equal(b->data, want_init, sizeof(want_init));
	buf_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_srun_request),
		cmocka_unit_test(test_round_trip_and_refusals),
		cmocka_unit_test(test_replies_layout),
		cmocka_unit_test(test_signal_and_job_id),
		cmocka_unit_test(test_io_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
