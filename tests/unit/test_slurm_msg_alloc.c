/* test_slurm_msg_alloc.c - the allocation bodies (salloc): the capture
 * of a real salloc and slurmctld (a pending allocation, its relinquish on
 * Ctrl-C and the lookup after), the pending and granted
 * RESPONSE_RESOURCE_ALLOCATION byte for byte as 22.05's
 * _pack_resource_allocation_response_msg lays them out, the srun
 * callbacks, and malformed input refused. */
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
#include "slurm/errnos.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm_golden.h"

/* A pending reply for job 7: everything empty, node_cnt 0. */
static const uint8_t pending_reply[] = {
	0, 0, 0, 0,                     /* account NULL */
	0, 0, 0, 0,                     /* alias_list NULL */
	0, 0, 0, 0,                     /* batch_host NULL */
	0, 0, 0, 0,                     /* environment: count 0 */
	0, 0, 0, 0,                     /* error_code */
	0, 0, 0, 0,                     /* job_submit_user_msg NULL */
	0, 0, 0, 7,                     /* job_id */
	0, 0, 0, 0,                     /* node_cnt */
	0,                              /* no node_addr */
	0, 0, 0, 0,                     /* node_list NULL */
	0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, /* ntasks_per_* */
	0, 0, 0, 0,                     /* num_cpu_groups */
	0, 0, 0, 6, 'd', 'e', 'b', 'u', 'g', 0,  /* partition */
	0, 0, 0, 0, 0, 0, 0, 0,         /* pn_min_memory */
	0, 0, 0, 0,                     /* qos NULL */
	0, 0, 0, 0,                     /* resv_name NULL */
	0, 0, 0, 102,                   /* select/linear, no data */
	0,                              /* no working_cluster_rec */
};

static void test_pending_reply_bytes(void **state)
{
	struct slurm_alloc_response r, back;
	buf_t *b = buf_new(0), v;

	slurm_alloc_response_init(&r);
	r.job_id = 7;
	r.partition = "debug";
	r.pn_min_memory = 0;
	slurm_alloc_response_pack(b, &r);
	assert_int_equal(buf_len(b), sizeof(pending_reply));
	assert_memory_equal(b->data, pending_reply, sizeof(pending_reply));
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_alloc_response_unpack(&v, &back), 0);
	assert_int_equal(back.job_id, 7);
	assert_int_equal(back.node_cnt, 0);
	assert_string_equal(back.partition, "debug");
	slurm_alloc_response_free(&back);
	buf_free(b);
}

static void test_granted_reply_round_trip(void **state)
{
	struct slurm_alloc_response r, back;
	struct slurm_addr addr[2];
	uint16_t cpus = 2;
	uint32_t reps = 2;
	buf_t *b = buf_new(0), v;

	memset(addr, 0, sizeof(addr));
	for (int i = 0; i < 2; i++) {
		addr[i].family = SLURM_AF_INET;
		addr[i].addr[0] = 127;
		addr[i].addr[3] = (uint8_t)(i + 1);
		addr[i].port = 6818;
	}
	slurm_alloc_response_init(&r);
	r.job_id = 12;
	r.node_cnt = 2;
	r.node_addr = addr;
	r.node_list = "node[1-2]";
	r.batch_host = "node1";
	r.num_cpu_groups = 1;
	r.cpus_per_node = &cpus;
	r.cpu_count_reps = &reps;
	r.partition = "debug";
	slurm_alloc_response_pack(b, &r);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_alloc_response_unpack(&v, &back), 0);
	assert_int_equal(back.node_cnt, 2);
	assert_non_null(back.node_addr);
	assert_int_equal(back.node_addr[1].addr[3], 2);
	assert_int_equal(back.node_addr[1].port, 6818);
	assert_string_equal(back.node_list, "node[1-2]");
	assert_int_equal(back.num_cpu_groups, 1);
	assert_int_equal(back.cpus_per_node[0], 2);
	assert_int_equal(back.cpu_count_reps[0], 2);
	slurm_alloc_response_free(&back);

	/* every shorter body is refused, never read past */
	for (size_t n = 0; n < buf_len(b); n++) {
		buf_init_view(&v, b->data, n);
		assert_int_equal(slurm_alloc_response_unpack(&v, &back), -1);
		assert_null(back.node_list);
	}
	buf_free(b);
}

static void test_address_count_must_match(void **state)
{
	uint8_t bad[sizeof(pending_reply) + 8];
	struct slurm_alloc_response r;
	buf_t v;

	/* node_cnt 1 with an address array of 2 */
	memcpy(bad, pending_reply, 32);
	bad[31] = 1;
	bad[32] = 1;
	bad[33] = 0; bad[34] = 0; bad[35] = 0; bad[36] = 2;
	memcpy(bad + 37, pending_reply + 33, sizeof(pending_reply) - 33);
	buf_init_view(&v, bad, sizeof(pending_reply) + 4);
	err_clear();
	assert_int_equal(slurm_alloc_response_unpack(&v, &r), -1);
	assert_non_null(strstr(err_msg(), "node addresses"));
}

static void test_requests(void **state)
{
	static const uint8_t info[] = {
		0, 0, 0, 42, 0, 0, 0, 10, 'f', 'l', 'u', 'r', 'm', 't', 'e',
		's', 't', 0,
	};
	static const uint8_t complete[] = {
		0, 0, 0, 42, 0, 0, 3, 0,          /* exit code 3 */
	};
	struct slurm_alloc_info_request ir;
	struct slurm_complete_alloc cr;
	buf_t v;

	buf_init_view(&v, info, sizeof(info));
	assert_int_equal(slurm_alloc_info_request_unpack(&v, &ir), 0);
	assert_int_equal(ir.job_id, 42);
	assert_string_equal(ir.req_cluster, "flurmtest");
	slurm_alloc_info_request_free(&ir);
	buf_init_view(&v, info, sizeof(info) - 1);
	assert_int_equal(slurm_alloc_info_request_unpack(&v, &ir), -1);
	assert_null(ir.req_cluster);

	buf_init_view(&v, complete, sizeof(complete));
	assert_int_equal(slurm_complete_alloc_unpack(&v, &cr), 0);
	assert_int_equal(cr.job_id, 42);
	assert_int_equal(cr.job_rc, 3 << 8);
	buf_init_view(&v, complete, 7);
	assert_int_equal(slurm_complete_alloc_unpack(&v, &cr), -1);
}

static void test_callbacks(void **state)
{
	static const uint8_t job_complete[] = {
		0, 0, 0, 9, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xfe,
	};
	struct slurm_step_id s = { 9, NO_VAL, NO_VAL }, back;
	struct slurm_srun_timeout t = { { 9, NO_VAL, NO_VAL }, 1700000000 }, tb;
	buf_t *b = buf_new(0), v;

	slurm_step_id_pack(b, &s);
	assert_int_equal(buf_len(b), sizeof(job_complete));
	assert_memory_equal(b->data, job_complete, sizeof(job_complete));
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_step_id_unpack(&v, &back), 0);
	assert_int_equal(back.step_id, NO_VAL);
	buf_free(b);

	b = buf_new(0);
	slurm_srun_timeout_pack(b, &t);
	assert_int_equal(buf_len(b), 12 + 8);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_srun_timeout_unpack(&v, &tb), 0);
	assert_int_equal(tb.timeout, 1700000000);
	assert_int_equal(tb.step.job_id, 9);
	buf_init_view(&v, b->data, buf_len(b) - 1);
	assert_int_equal(slurm_srun_timeout_unpack(&v, &tb), -1);
	buf_free(b);
}

/* What the stock salloc sends and a real slurmctld answers while the
 * allocation cannot start. */
static void test_golden_pending(void **state)
{
	struct golden g;
	struct slurm_job_desc d;
	struct slurm_alloc_response r;
	buf_t v, *out;

	golden_load(&g, "salloc_pending", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_RESOURCE_ALLOCATION);
	golden_view(&g, &v);
	assert_int_equal(slurm_job_desc_unpack(&v, &d), 0);
	assert_string_equal(d.name, "golden");
	assert_null(d.script);
	assert_int_equal(d.min_nodes, 1);
	assert_int_not_equal(d.alloc_resp_port, 0);
	assert_int_not_equal(d.other_port, 0);
	assert_int_equal(d.immediate, 0);
	/* slurmctld takes the submit host from the credential */
	assert_null(d.alloc_node);
	slurm_job_desc_free(&d);
	golden_free(&g);

	golden_load(&g, "salloc_pending", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_RESOURCE_ALLOCATION);
	golden_view(&g, &v);
	assert_int_equal(slurm_alloc_response_unpack(&v, &r), 0);
	assert_int_equal(r.job_id, 1);
	assert_int_equal(r.node_cnt, 0);
	assert_null(r.node_addr);
	assert_int_equal(r.error_code, ESLURM_NODE_NOT_AVAIL);
	assert_string_equal(r.partition, "debug");
	/* packed again, the same bytes */
	out = buf_new(0);
	slurm_alloc_response_pack(out, &r);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_alloc_response_free(&r);
	golden_free(&g);
}

/* Ctrl-C while pending: the relinquish with NO_VAL, then the lookup of
 * a job that is gone. */
static void test_golden_relinquish_and_lookup(void **state)
{
	struct golden g;
	struct slurm_complete_alloc c;
	struct slurm_alloc_info_request ir;
	uint32_t rc = 0;
	buf_t v, *out;

	golden_load(&g, "salloc_pending", "02-request.bin");
	assert_int_equal(g.msg_type, REQUEST_COMPLETE_JOB_ALLOCATION);
	golden_view(&g, &v);
	assert_int_equal(slurm_complete_alloc_unpack(&v, &c), 0);
	assert_int_equal(c.job_id, 1);
	assert_int_equal(c.job_rc, NO_VAL);
	out = buf_new(0);
	slurm_complete_alloc_pack(out, &c);
	golden_assert_same(&g, out);
	buf_free(out);
	golden_free(&g);

	golden_load(&g, "salloc_pending", "03-request.bin");
	assert_int_equal(g.msg_type, REQUEST_JOB_ALLOCATION_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_alloc_info_request_unpack(&v, &ir), 0);
	assert_int_equal(ir.job_id, 1);
	assert_string_equal(ir.req_cluster, "anchor");
	out = buf_new(0);
	slurm_alloc_info_request_pack(out, &ir);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_alloc_info_request_free(&ir);
	golden_free(&g);

	golden_load(&g, "salloc_pending", "03-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_rc_unpack(&v, &rc), 0);
	assert_int_equal(rc, ESLURM_ALREADY_DONE);
	golden_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_pending),
		cmocka_unit_test(test_golden_relinquish_and_lookup),
		cmocka_unit_test(test_pending_reply_bytes),
		cmocka_unit_test(test_granted_reply_round_trip),
		cmocka_unit_test(test_address_count_must_match),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_callbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
