/* test_core_jobreq.c - a job request packs only what it asks for, reads
 * back whole, refuses (or, for a node daemon, skips) a member it does not
 * know, and says when the older layouts can hold it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/jobreq.h"

static struct job_req full(void)
{
	struct job_req r;

	memset(&r, 0, sizeof(r));
	r.min_nodes = 2;
	r.max_nodes = 4;
	r.num_tasks = 8;
	r.cpus_per_task = 2;
	r.mem_mb = 1ull << 40;
	r.mem_per_cpu = true;
	r.time_limit = 0xffffffffu;
	r.open_mode = JOB_OPEN_APPEND;
	r.features = "a&b";
	r.exc_nodes = "node[3-4]";
	r.licenses = "matlab:1";
	r.tres_per_node = "gres:gpu:2";
	r.gpus_per_node = 2;
	r.tmp_mb = 100;
	r.oversubscribe = true;
	r.max_nodes_given = true;
	r.cpus_per_gpu = 3;
	r.min_cpus = 5;
	r.prio_set = true;
	return r;
}

static void test_round_trip(void **unused)
{
	struct job_req r = full(), got;
	buf_t *b = buf_new(64), v;

	job_req_pack(b, &r);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(job_req_unpack(&v, &got, true), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(got.min_nodes, 2);
	assert_int_equal(got.max_nodes, 4);
	assert_int_equal(got.num_tasks, 8);
	assert_int_equal(got.cpus_per_task, 2);
	assert_true(got.mem_mb == 1ull << 40);
	assert_true(got.mem_per_cpu);
	assert_int_equal(got.time_limit, 0xffffffffu);
	assert_int_equal(got.open_mode, JOB_OPEN_APPEND);
	assert_string_equal(got.features, "a&b");
	assert_null(got.req_nodes);
	assert_string_equal(got.exc_nodes, "node[3-4]");
	assert_string_equal(got.licenses, "matlab:1");
	assert_string_equal(got.tres_per_node, "gres:gpu:2");
	assert_int_equal(got.gpus_per_node, 2);
	assert_int_equal(got.tmp_mb, 100);
	assert_true(got.oversubscribe);
	assert_true(got.max_nodes_given);
	assert_int_equal(got.cpus_per_gpu, 3);
	assert_int_equal(got.min_cpus, 5);
	assert_true(got.prio_set);
	assert_false(got.exclusive);
	job_req_free(&got);
	buf_free(b);
}

/* an empty request is two bytes: nothing asked costs nothing */
static void test_empty_is_small(void **unused)
{
	struct job_req r, got;
	buf_t *b = buf_new(16), v;

	memset(&r, 0, sizeof(r));
	job_req_pack(b, &r);
	assert_int_equal(buf_len(b), 2);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(job_req_unpack(&v, &got, true), 0);
	assert_int_equal(got.min_nodes, 0);
	assert_true(job_req_legacy(&got));
	job_req_free(&got);
	buf_free(b);
}

/* a member from a later version: the model refuses the record, a node
 * daemon reads the rest */
static void test_unknown_member(void **unused)
{
	struct job_req got;
	buf_t *b = buf_new(32), v;

	pack16(b, 3);
	pack16(b, 1 << 3 | 2);         /* min_nodes, u32 */
	pack32(b, 3);
	pack16(b, 999 << 3 | 4);       /* unknown string */
	pack_str(b, "later");
	pack16(b, 22 << 3 | 2);        /* tmp_mb */
	pack32(b, 7);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(job_req_unpack(&v, &got, true), -1);
	job_req_free(&got);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(job_req_unpack(&v, &got, false), 0);
	assert_int_equal(got.min_nodes, 3);
	assert_int_equal(got.tmp_mb, 7);
	job_req_free(&got);
	buf_free(b);
}

static void test_truncated_refused(void **unused)
{
	struct job_req r = full(), got;
	buf_t *b = buf_new(64), v;

	job_req_pack(b, &r);
	for (size_t len = 0; len < buf_len(b); len++) {
		buf_init_view(&v, b->data, len);
		assert_int_equal(job_req_unpack(&v, &got, false), -1);
		job_req_free(&got);
	}
	buf_free(b);
}

static void test_legacy_and_copy(void **unused)
{
	struct job_req r, c;

	memset(&r, 0, sizeof(r));
	r.min_nodes = 3;
	r.features = "x";
	r.pn_min_cpus = 2;
	assert_true(job_req_legacy(&r));
	r.tmp_mb = 1;
	assert_false(job_req_legacy(&r));
	r.tmp_mb = 0;
	r.licenses = NULL;
	/* -N2 as a count: older controllers would show it as -n2's */
	r.max_nodes_given = true;
	assert_false(job_req_legacy(&r));
	r.max_nodes_given = false;
	/* --cpus-per-gpu: older controllers would give one CPU a node */
	r.cpus_per_gpu = 2;
	assert_false(job_req_legacy(&r));
	r.cpus_per_gpu = 0;
	/* NumCPUs= of an update: older controllers would show tasks x -c */
	r.min_cpus = 2;
	assert_false(job_req_legacy(&r));
	assert_true(job_req_mask_known(JOB_REQ_MIN_CPUS));
	r.min_cpus = 0;
	/* a priority given directly: older controllers would let Nice=
	 * move it */
	r.prio_set = true;
	assert_false(job_req_legacy(&r));
	assert_true(job_req_mask_known(JOB_REQ_PRIO_SET));
	r.prio_set = false;
	r.licenses = "a";
	assert_false(job_req_legacy(&r));
	job_req_copy(&c, &r);
	assert_ptr_not_equal(c.features, r.features);
	assert_string_equal(c.features, "x");
	assert_string_equal(c.licenses, "a");
	job_req_free(&c);
	assert_null(c.licenses);
}

static void test_normalize(void **unused)
{
	struct job_req r;

	memset(&r, 0, sizeof(r));
	r.max_nodes = 0;
	r.open_mode = 9;
	job_req_normalize(&r);
	assert_int_equal(r.min_nodes, 1);
	assert_int_equal(r.max_nodes, 1);
	assert_int_equal(r.num_tasks, 1);
	assert_int_equal(r.cpus_per_task, 1);
	assert_int_equal(r.open_mode, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty_is_small),
		cmocka_unit_test(test_unknown_member),
		cmocka_unit_test(test_truncated_refused),
		cmocka_unit_test(test_legacy_and_copy),
		cmocka_unit_test(test_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
