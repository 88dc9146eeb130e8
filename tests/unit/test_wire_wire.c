/* test_wire_wire.c - the node daemon protocol: frames and bodies round-trip,
 * and a short, oversized or lying frame is refused without reading past it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "wire/wire.h"

static void test_launch_round_trip(void **unused)
{
	char *env[] = { "A=1", "B=two", NULL };
	char *argv[] = { "/bin/job.sh", NULL };
	struct wire_launch l = {
		.job_id = 42, .name = "j", .user = "alice", .partition = "debug",
		.uid = 1000, .gid = 100, .work_dir = "/home/alice",
		.std_out = "out-%j", .script = "#!/bin/sh\necho hi\n",
		.env = env, .env_count = 2, .argv = argv, .argc = 1,
		.nodelist = "node[1-2]", .num_nodes = 2, .num_tasks = 4,
		.cpus_per_task = 1, .cpus_on_node = 2, .mem_mb = 100,
		.time_limit = 5, .start_time = 1700000000,
	};
	struct wire_launch got;
	buf_t *f = wire_frame_begin(WIRE_JOB_LAUNCH);
	buf_t body;
	uint16_t type = 0;

	wire_pack_launch(f, &l);
	wire_frame_end(f);
	assert_int_equal(wire_frame_complete(f->data, buf_len(f)), (long)buf_len(f));
	/* every prefix is "need more", never an error or a frame */
	for (size_t n = 0; n < buf_len(f); n++)
		assert_int_equal(wire_frame_complete(f->data, n), 0);
	assert_int_equal(wire_frame_parse(f->data, buf_len(f), &type, &body), 0);
	assert_int_equal(type, WIRE_JOB_LAUNCH);
	assert_int_equal(wire_unpack_launch(&body, &got), 0);
	assert_int_equal(got.job_id, 42);
	assert_string_equal(got.user, "alice");
	assert_string_equal(got.script, "#!/bin/sh\necho hi\n");
	assert_int_equal(got.env_count, 2);
	assert_string_equal(got.env[1], "B=two");
	assert_null(got.std_err);
	assert_string_equal(got.nodelist, "node[1-2]");
	assert_int_equal(got.mem_mb, 100);
	wire_launch_free(&got);

	/* truncated bodies fail cleanly */
	for (size_t n = WIRE_HDR_LEN; n < buf_len(f); n++) {
		buf_t v;

		buf_init_view(&v, f->data + WIRE_HDR_LEN, n - WIRE_HDR_LEN);
		assert_int_equal(wire_unpack_launch(&v, &got), -1);
		wire_launch_free(&got);
	}
	buf_free(f);
}

static void test_register_round_trip(void **unused)
{
	uint32_t running[] = { 7, 9 };
	struct wire_job_event ended[] = {
		{ .job_id = 5, .status = 256, .time = 1700000001, .message = "x" },
	};
	struct wire_register r = {
		.cred = "MUNGE:abc:", .node_name = "node3", .cpus = 8,
		.sockets = 1, .cores = 4, .threads = 2, .memory_mb = 16000,
		.boot_time = 1699999999, .version = "0.1.0",
		.running = running, .nrunning = 2, .ended = ended, .nended = 1,
	};
	struct wire_register got;
	buf_t *b = buf_new(64), *f1 = buf_new(64), *f2 = buf_new(64);
	buf_t v;

	wire_pack_register(b, &r);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_register(&v, &got), 0);
	assert_string_equal(got.node_name, "node3");
	assert_int_equal(got.nrunning, 2);
	assert_int_equal(got.running[1], 9);
	assert_int_equal(got.nended, 1);
	assert_int_equal(got.ended[0].status, 256);
	/* what the credential covers is the same bytes on both sides */
	wire_pack_register_fields(f1, &r);
	wire_pack_register_fields(f2, &got);
	assert_int_equal(buf_len(f1), buf_len(f2));
	assert_memory_equal(f1->data, f2->data, buf_len(f1));
	wire_register_free(&got);

	/* a lying count of ended jobs is refused, not allocated */
	buf_put_u32_at(b, buf_len(b) - 4 - (4 + 4 + 8 + 4 + 4 + 2), 0x7fffffff);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_register(&v, &got), -1);
	wire_register_free(&got);
	buf_free(b);
	buf_free(f1);
	buf_free(f2);
}

static void test_bad_frames(void **unused)
{
	uint8_t huge[8] = { 0x7f, 0xff, 0xff, 0xff, 0, 1, 0, 1 };
	uint8_t tiny[8] = { 0, 0, 0, 1, 0, 1, 0, 1 };
	uint8_t badver[8] = { 0, 0, 0, 4, 0, 9, 0, 1 };
	buf_t body;
	uint16_t type;

	assert_int_equal(wire_frame_complete(huge, sizeof(huge)), -1);
	assert_non_null(strstr(err_msg(), "bad frame length"));
	assert_int_equal(wire_frame_complete(tiny, sizeof(tiny)), -1);
	assert_int_equal(wire_frame_parse(badver, sizeof(badver), &type, &body), -1);
	assert_non_null(strstr(err_msg(), "unsupported protocol version"));
	assert_string_equal(wire_type_name(WIRE_JOB_LAUNCH), "JOB_LAUNCH");
	assert_string_equal(wire_type_name(9999), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launch_round_trip),
		cmocka_unit_test(test_register_round_trip),
		cmocka_unit_test(test_bad_frames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
