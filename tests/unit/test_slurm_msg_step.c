/* test_slurm_msg_step.c - the step bodies (srun): the create request
 * read back as packed and refused when cut short or too long, the task
 * layout and the create reply byte for byte as 22.05 lays them out
 * (credential bytes as given, cons_tres and switch/none ids), srun's step
 * completion with and without accounting data, the step info request,
 * and the one-record heterogeneous allocation list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "slurm/msg_step.h"
#include "slurm/slurm_defs.h"

static struct slurm_step_create_request sample_request(void)
{
	struct slurm_step_create_request r;

	memset(&r, 0, sizeof(r));
	r.step_id = (struct slurm_step_id){ 12, NO_VAL, NO_VAL };
	r.user_id = 1000;
	r.min_nodes = 2;
	r.max_nodes = 2;
	r.cpu_count = 6;
	r.cpu_freq_min = r.cpu_freq_max = r.cpu_freq_gov = NO_VAL;
	r.num_tasks = 3;
	r.pn_min_memory = 100 | MEM_PER_CPU;
	r.time_limit = NO_VAL;
	r.threads_per_core = NO_VAL16;
	r.relative = NO_VAL16;
	r.task_dist = 1;
	r.plane_size = NO_VAL16;
	r.port = 40123;
	r.resv_port_cnt = NO_VAL16;
	r.srun_pid = 4242;
	r.flags = SLURM_SSF_WHOLE | SLURM_SSF_OVERLAP_FORCE;
	r.host = "login1";
	r.name = "hostname";
	r.node_list = "n[1-2]";
	r.ntasks_per_tres = NO_VAL16;
	r.submit_line = "srun -n3 hostname";
	return r;
}

static void test_create_request_round_trip(void **unused)
{
	struct slurm_step_create_request r = sample_request(), got;
	buf_t *b = buf_new(0), v;

	slurm_step_create_request_pack(b, &r);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_create_request_unpack(&v, &got), 0);
	assert_int_equal(got.step_id.job_id, 12);
	assert_int_equal(got.step_id.step_id, NO_VAL);
	assert_int_equal(got.min_nodes, 2);
	assert_int_equal(got.cpu_count, 6);
	assert_int_equal(got.num_tasks, 3);
	assert_true(got.pn_min_memory == (100 | MEM_PER_CPU));
	assert_int_equal(got.port, 40123);
	assert_int_equal(got.srun_pid, 4242);
	assert_int_equal(got.flags, SLURM_SSF_WHOLE | SLURM_SSF_OVERLAP_FORCE);
	assert_string_equal(got.host, "login1");
	assert_string_equal(got.name, "hostname");
	assert_string_equal(got.node_list, "n[1-2]");
	assert_string_equal(got.submit_line, "srun -n3 hostname");
	assert_null(got.exc_nodes);
	slurm_step_create_request_free(&got);

	/* every cut is refused, and so is one byte too many */
	for (size_t len = 0; len < buf_len(b); len++) {
		buf_init_view(&v, b->data, len);
		assert_int_equal(slurm_step_create_request_unpack(&v, &got), -1);
	}
	pack8(b, 0);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_create_request_unpack(&v, &got), -1);
	assert_non_null(strstr(err_msg(), "unexpected bytes"));
	buf_free(b);
}

/* Three tasks on n[1-2]: 0-1 on n1, 2 on n2; then the credential bytes,
 * cons_tres (109), switch/none (100) and the protocol version. */
static void test_create_response_bytes(void **unused)
{
	static const uint8_t cred[] = { 0xc0, 0xff, 0xee };
	static const uint8_t want[] = {
		0, 0, 0, 0,                     /* def_cpu_bind_type */
		0, 0, 0, 0,                     /* resv_ports NULL */
		0, 0, 0, 5,                     /* job_step_id */
		0, 1,                           /* a layout follows */
		0, 0, 0, 0,                     /* front_end NULL */
		0, 0, 0, 7, 'n', '[', '1', '-', '2', ']', 0,
		0, 0, 0, 2,                     /* node_cnt */
		0x26, 0x00,                     /* start_protocol_ver */
		0, 0, 0, 3,                     /* task_cnt */
		0, 0, 0, 1,                     /* task_dist */
		0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, /* n1: tasks 0, 1 */
		0, 0, 0, 1, 0, 0, 0, 2,         /* n2: task 2 */
		0xc0, 0xff, 0xee,               /* the credential */
		0, 0, 0, 109,                   /* select/cons_tres */
		0, 0, 0, 100,                   /* switch/none */
		0x26, 0x00,                     /* use_protocol_ver */
	};
	uint32_t tasks[2] = { 2, 1 }, t0[2] = { 0, 1 }, t1[1] = { 2 };
	uint32_t *tids[2] = { t0, t1 };
	struct slurm_step_create_response r = {
		.job_step_id = 5,
		.layout = { .node_list = "n[1-2]", .node_cnt = 2,
			    .start_protocol_ver = 0x2600, .task_cnt = 3,
			    .task_dist = 1, .tasks = tasks, .tids = tids },
		.cred = cred, .cred_len = sizeof(cred),
		.use_protocol_ver = 0x2600,
	};
	struct slurm_step_layout l;
	buf_t *b = buf_new(0), v;

	slurm_step_create_response_pack(b, &r);
	assert_int_equal(buf_len(b), sizeof(want));
	assert_memory_equal(b->data, want, sizeof(want));
	/* the layout reads back */
	buf_init_view(&v, b->data + 12, buf_len(b) - 12);
	assert_int_equal(slurm_step_layout_unpack(&v, &l), 0);
	assert_string_equal(l.node_list, "n[1-2]");
	assert_int_equal(l.node_cnt, 2);
	assert_int_equal(l.tasks[0], 2);
	assert_int_equal(l.tids[1][0], 2);
	slurm_step_layout_free(&l);
	buf_free(b);
}

static void test_step_complete(void **unused)
{
	struct slurm_step_complete r = {
		{ 12, 3, NO_VAL }, 0, 1, 256 }, got;
	buf_t *b = buf_new(0), v;

	slurm_step_complete_pack(b, &r);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_complete_unpack(&v, &got), 0);
	assert_int_equal(got.step_id.step_id, 3);
	assert_int_equal(got.range_last, 1);
	assert_int_equal(got.step_rc, 256);
	/* a step daemon's usage figures are skipped */
	b->data[buf_len(b) - 1] = 1;
	pack64(b, 12345);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_complete_unpack(&v, &got), 0);
	/* a marker that is neither */
	b->data[buf_len(b) - 9] = 2;
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_complete_unpack(&v, &got), -1);
	buf_free(b);
}

static void test_step_info(void **unused)
{
	struct slurm_step_info_request rq = {
		.last_update = 0, .step_id = { 12, NO_VAL, NO_VAL },
		.show_flags = 1 }, got;
	struct slurm_step_info s;
	buf_t *b = buf_new(0), v;
	uint32_t count = 0;
	size_t at;

	slurm_step_info_request_pack(b, &rq);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_info_request_unpack(&v, &got), 0);
	assert_int_equal(got.step_id.job_id, 12);
	assert_int_equal(got.step_id.step_id, NO_VAL);
	assert_int_equal(got.show_flags, 1);
	buf_free(b);

	/* the reply: the count patched in front of the records */
	b = buf_new(0);
	at = slurm_step_info_response_begin(b, 1700000000);
	slurm_step_info_init(&s);
	s.step_id.job_id = 12;
	s.name = "sleep";
	slurm_step_info_pack(b, &s);
	slurm_step_info_response_finish(b, at, 1);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(unpack32(&v, &count), 0);
	assert_int_equal(count, 1);
	buf_free(b);
}

static void test_het_alloc_list(void **unused)
{
	struct slurm_alloc_response a, back;
	buf_t *b = buf_new(0), v;
	uint16_t n = 0;

	slurm_alloc_response_init(&a);
	a.job_id = 9;
	a.partition = "debug";
	slurm_het_alloc_pack(b, &a, 1);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(unpack16(&v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(slurm_alloc_response_unpack(&v, &back), 0);
	assert_int_equal(back.job_id, 9);
	slurm_alloc_response_free(&back);
	buf_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_request_round_trip),
		cmocka_unit_test(test_create_response_bytes),
		cmocka_unit_test(test_step_complete),
		cmocka_unit_test(test_step_info),
		cmocka_unit_test(test_het_alloc_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
