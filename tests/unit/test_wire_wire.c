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

	/* with the job's request and its GPUs on the node */
	l.req.min_nodes = 2;
	l.req.licenses = "matlab:1";
	l.req.gpus_per_node = 2;
	l.gpus = "0,1";
	f = buf_new(256);
	wire_pack_launch(f, &l);
	buf_init_view(&body, f->data, buf_len(f));
	assert_int_equal(wire_unpack_launch(&body, &got), 0);
	assert_int_equal(got.req.min_nodes, 2);
	assert_string_equal(got.req.licenses, "matlab:1");
	assert_int_equal(got.req.gpus_per_node, 2);
	assert_string_equal(got.gpus, "0,1");
	assert_int_equal(got.job_id, 42);
	assert_null(got.cpus_per_node);
	wire_launch_free(&got);
	buf_free(f);

	/* and each node's CPUs when they differ */
	l.cpus_per_node = "2,1";
	f = buf_new(256);
	wire_pack_launch(f, &l);
	buf_init_view(&body, f->data, buf_len(f));
	assert_int_equal(wire_unpack_launch(&body, &got), 0);
	assert_string_equal(got.cpus_per_node, "2,1");
	assert_string_equal(got.gpus, "0,1");
	wire_launch_free(&got);
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

/* A launch that failed for the node's sake travels like any other: same
 * layout, only the reason differs, so a peer that predates WIRE_FAIL_NODE
 * still decodes it (and ends the job as a plain launch failure). */
static void test_fail_node_event(void **unused)
{
	struct wire_job_event ev = {
		.job_id = 77, .status = 1 << 8, .time = 1700000002,
		.reason = WIRE_FAIL_NODE,
		.message = "cgroup = yes, but cgroup v2 is not usable",
	};
	struct wire_job_event old = ev, got;
	buf_t *f = wire_frame_begin(WIRE_JOB_FAILED_LAUNCH);
	buf_t *a = buf_new(64), *b = buf_new(64);
	buf_t body;
	uint16_t type = 0;
	size_t diff = 0;

	wire_pack_job_event(f, &ev);
	wire_frame_end(f);
	assert_int_equal(wire_frame_parse(f->data, buf_len(f), &type, &body), 0);
	assert_int_equal(type, WIRE_JOB_FAILED_LAUNCH);
	assert_int_equal(wire_unpack_job_event(&body, &got), 0);
	assert_int_equal(got.job_id, 77);
	assert_int_equal(got.reason, WIRE_FAIL_NODE);
	/* exit code 1 (ExitCode=1:0), not a bare 1 (signal 1) */
	assert_int_equal(got.status, 256);
	assert_string_equal(got.message, ev.message);
	wire_job_event_free(&got);

	old.reason = WIRE_FAIL_LAUNCH;
	wire_pack_job_event(a, &old);
	wire_pack_job_event(b, &ev);
	assert_int_equal(buf_len(a), buf_len(b));
	for (size_t i = 0; i < buf_len(a); i++)
		diff += a->data[i] != b->data[i];
	assert_int_equal(diff, 1);	/* the low byte of the reason */

	/* truncated: refused, nothing leaked */
	for (size_t n = 0; n < buf_len(b); n++) {
		buf_t v;

		buf_init_view(&v, b->data, n);
		assert_int_equal(wire_unpack_job_event(&v, &got), -1);
		wire_job_event_free(&got);
	}
	buf_free(f);
	buf_free(a);
	buf_free(b);
}

/* The GPUs a node's gres.conf gives ride after Arch and OS, only when it
 * has one: with them (and with or without Arch/OS), and without them as
 * an older node daemon sends, a registration unpacks and re-packs to the
 * bytes the credential covers. */
static void test_register_gres_conf(void **unused)
{
	struct wire_register r[3] = {
		{ .cred = "MUNGE:abc:", .node_name = "node1", .cpus = 4,
		  .version = "0.1.0", .arch = "x86_64", .os = "Linux",
		  .gres_conf = true, .gres_gpus = 1 },
		{ .cred = "MUNGE:abc:", .node_name = "node2", .cpus = 4,
		  .version = "0.1.0", .gres_conf = true, .gres_gpus = 0 },
		{ .cred = "MUNGE:abc:", .node_name = "node3", .cpus = 4,
		  .version = "0.1.0", .arch = "x86_64", .os = "Linux" },
	};

	for (int i = 0; i < 3; i++) {
		struct wire_register got;
		buf_t *b = buf_new(64), *f1 = buf_new(64), *f2 = buf_new(64);
		buf_t v;

		wire_pack_register(b, &r[i]);
		buf_init_view(&v, b->data, buf_len(b));
		assert_int_equal(wire_unpack_register(&v, &got), 0);
		assert_int_equal(got.gres_conf, r[i].gres_conf);
		assert_int_equal(got.gres_gpus, r[i].gres_gpus);
		if (r[i].arch)
			assert_string_equal(got.arch, r[i].arch);
		else
			assert_null(got.arch);
		wire_pack_register_fields(f1, &r[i]);
		wire_pack_register_fields(f2, &got);
		assert_int_equal(buf_len(f1), buf_len(f2));
		assert_memory_equal(f1->data, f2->data, buf_len(f1));
		wire_register_free(&got);
		/* cut inside the GPU count: refused */
		if (r[i].gres_conf) {
			buf_init_view(&v, b->data, buf_len(b) - 2);
			assert_int_equal(wire_unpack_register(&v, &got), -1);
			wire_register_free(&got);
		}
		buf_free(b);
		buf_free(f1);
		buf_free(f2);
	}
}

/* After a restart the node reports failed launches in its registration;
 * the reason tells them from jobs that ended. */
/* Arch and OS ride after the ended list: a registration with them and one
 * from an older node daemon without them both unpack, and both re-pack to
 * the bytes the credential covers. */
static void test_register_system_info(void **unused)
{
	struct wire_register with = {
		.cred = "MUNGE:abc:", .node_name = "node3", .cpus = 2,
		.version = "0.1.0", .arch = "x86_64",
		.os = "Linux 6.1.0 #1 SMP",
	};
	struct wire_register without = with;
	struct wire_register *cases[] = { &with, &without };

	without.arch = NULL;
	without.os = NULL;
	for (int i = 0; i < 2; i++) {
		struct wire_register got;
		buf_t *b = buf_new(64), *f1 = buf_new(64), *f2 = buf_new(64);
		buf_t v;

		wire_pack_register(b, cases[i]);
		buf_init_view(&v, b->data, buf_len(b));
		assert_int_equal(wire_unpack_register(&v, &got), 0);
		if (i == 0) {
			assert_string_equal(got.arch, "x86_64");
			assert_string_equal(got.os, "Linux 6.1.0 #1 SMP");
		} else {
			assert_null(got.arch);
			assert_null(got.os);
		}
		wire_pack_register_fields(f1, cases[i]);
		wire_pack_register_fields(f2, &got);
		assert_int_equal(buf_len(f1), buf_len(f2));
		assert_memory_equal(f1->data, f2->data, buf_len(f1));
		wire_register_free(&got);
		buf_free(b);
		buf_free(f1);
		buf_free(f2);
	}
}

static void test_fail_reasons_in_register(void **unused)
{
	struct wire_job_event ended[] = {
		{ .job_id = 1, .status = 0 },
		{ .job_id = 2, .status = 256, .reason = WIRE_FAIL_LAUNCH },
		{ .job_id = 3, .status = 256, .reason = WIRE_FAIL_PROLOG },
		{ .job_id = 4, .status = 256, .reason = WIRE_FAIL_EPILOG },
		{ .job_id = 5, .status = 9, .reason = WIRE_FAIL_LOST },
		{ .job_id = 6, .status = 256, .reason = WIRE_FAIL_NODE,
		  .message = "cannot create /var/spool/flurmnd/job6" },
	};
	const bool launch[] = { false, true, true, false, false, true };
	struct wire_register r = {
		.node_name = "node1", .version = "0.1.0",
		.ended = ended, .nended = 6,
	};
	struct wire_register got;
	buf_t *b = buf_new(64);
	buf_t v;

	wire_pack_register(b, &r);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_register(&v, &got), 0);
	assert_int_equal(got.nended, 6);
	for (uint32_t i = 0; i < got.nended; i++) {
		assert_int_equal(got.ended[i].reason, ended[i].reason);
		assert_int_equal(wire_fail_is_launch(got.ended[i].reason),
				 launch[i]);
	}
	assert_string_equal(got.ended[5].message,
			    "cannot create /var/spool/flurmnd/job6");
	/* a reason from a newer node is carried, not taken for a launch */
	assert_false(wire_fail_is_launch(99));
	wire_register_free(&got);
	buf_free(b);
}

/* A batch-only signal keeps its flag; a signal from a controller that
 * predates the flag (16 bytes) still decodes, as "the whole job". */
static void test_signal_batch_flag(void **unused)
{
	struct wire_signal s = {
		.job_id = 9, .signal = 10, .flags = WIRE_SIG_BATCH,
	};
	struct wire_signal got;
	buf_t *b = buf_new(32);
	buf_t v;

	wire_pack_signal(b, &s);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_signal(&v, &got), 0);
	assert_int_equal(got.job_id, 9);
	assert_int_equal(got.signal, 10);
	assert_int_equal(got.flags, WIRE_SIG_BATCH);

	buf_init_view(&v, b->data, 16);
	assert_int_equal(wire_unpack_signal(&v, &got), 0);
	assert_int_equal(got.signal, 10);
	assert_int_equal(got.flags, 0);

	/* cut inside the old fields or inside the flag word: refused */
	for (size_t n = 0; n < buf_len(b); n++) {
		if (n == 16)
			continue;
		buf_init_view(&v, b->data, n);
		assert_int_equal(wire_unpack_signal(&v, &got), -1);
	}
	buf_free(b);
}

/* The step messages keep the numbers both daemons were built against,
 * round-trip, and a truncated body is refused with nothing kept; a step
 * signal from a controller before its reason (16 bytes) still decodes,
 * with reason 0. */
static void test_step_messages(void **unused)
{
	struct wire_step_event ev = {
		.job_id = 7, .step_id = 3, .status = 9, .time = 1700000123,
		.message = "cannot exec: No such file",
	}, got;
	struct wire_step_signal sig = {
		.job_id = 7, .step_id = 3, .signal = 9, .kill_wait = 30,
		.reason = WIRE_TERM_TIMEOUT,
	}, sgot;
	buf_t *f;
	buf_t body;
	uint16_t type = 0;

	(void)unused;
	assert_int_equal(WIRE_STEP_ENDED, 6);
	assert_int_equal(WIRE_STEP_END_ACK, 109);
	assert_int_equal(WIRE_STEP_SIGNAL, 110);
	assert_string_equal(wire_type_name(WIRE_STEP_ENDED), "STEP_ENDED");
	assert_string_equal(wire_type_name(WIRE_STEP_SIGNAL), "STEP_SIGNAL");

	f = wire_frame_begin(WIRE_STEP_ENDED);
	wire_pack_step_event(f, &ev);
	wire_frame_end(f);
	assert_int_equal(wire_frame_parse(f->data, buf_len(f), &type, &body), 0);
	assert_int_equal(type, WIRE_STEP_ENDED);
	assert_int_equal(wire_unpack_step_event(&body, &got), 0);
	assert_int_equal(got.job_id, 7);
	assert_int_equal(got.step_id, 3);
	assert_int_equal(got.status, 9);
	assert_int_equal(got.time, 1700000123);
	assert_string_equal(got.message, "cannot exec: No such file");
	wire_step_event_free(&got);
	for (size_t n = WIRE_HDR_LEN; n < buf_len(f); n++) {
		buf_t v;

		buf_init_view(&v, f->data + WIRE_HDR_LEN, n - WIRE_HDR_LEN);
		assert_int_equal(wire_unpack_step_event(&v, &got), -1);
		assert_null(got.message);
	}
	buf_free(f);

	f = wire_frame_begin(WIRE_STEP_SIGNAL);
	wire_pack_step_signal(f, &sig);
	wire_frame_end(f);
	assert_int_equal(wire_frame_parse(f->data, buf_len(f), &type, &body), 0);
	assert_int_equal(type, WIRE_STEP_SIGNAL);
	assert_int_equal(wire_unpack_step_signal(&body, &sgot), 0);
	assert_int_equal(sgot.job_id, 7);
	assert_int_equal(sgot.step_id, 3);
	assert_int_equal(sgot.signal, 9);
	assert_int_equal(sgot.kill_wait, 30);
	assert_int_equal(sgot.reason, WIRE_TERM_TIMEOUT);
	assert_int_equal(WIRE_TERM_TIMEOUT, 2);
	assert_int_equal(WIRE_TERM_QUIET, 6);
	assert_int_equal(buf_len(f), WIRE_HDR_LEN + 20);
	for (size_t n = WIRE_HDR_LEN; n < buf_len(f); n++) {
		buf_t v;

		if (n == WIRE_HDR_LEN + 16)
			continue;
		buf_init_view(&v, f->data + WIRE_HDR_LEN, n - WIRE_HDR_LEN);
		assert_int_equal(wire_unpack_step_signal(&v, &sgot), -1);
	}
	{
		buf_t v;

		buf_init_view(&v, f->data + WIRE_HDR_LEN, 16);
		assert_int_equal(wire_unpack_step_signal(&v, &sgot), 0);
		assert_int_equal(sgot.kill_wait, 30);
		assert_int_equal(sgot.reason, 0);
	}
	buf_free(f);
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

/* A node port peer that is not yet authenticated can send any bytes; the
 * controller drops a refused registration without freeing it, so a
 * refused body must keep nothing (found by fuzz_wire: every truncated
 * registration leaked its strings). */
static void test_refused_bodies_keep_nothing(void **unused)
{
	struct wire_job_event ended = { .job_id = 3, .message = "epilog" };
	uint32_t running[1] = { 1 };
	struct wire_register reg = { .cred = "MUNGE:x:", .node_name = "n1",
		.version = "1", .running = running, .nrunning = 1,
		.ended = &ended, .nended = 1 };
	struct wire_register_ok ok = { .cluster = "c", .kill = running,
				       .nkill = 1 };
	char *env[] = { "A=1", NULL };
	struct wire_launch l = { .job_id = 1, .name = "j", .user = "u",
		.script = "#!/bin/sh\n", .env = env, .env_count = 1 };
	struct wire_register rgot;
	struct wire_register_ok ogot;
	struct wire_launch lgot;
	buf_t *b = buf_new(256);
	buf_t v;

	/* cut inside the ended list: strings and arrays already read */
	wire_pack_register(b, &reg);
	buf_init_view(&v, b->data, buf_len(b) - 3);
	assert_int_equal(wire_unpack_register(&v, &rgot), -1);
	assert_null(rgot.cred);
	assert_null(rgot.node_name);
	assert_null(rgot.version);
	assert_null(rgot.running);
	assert_null(rgot.ended);
	/* cut before the ended count */
	buf_init_view(&v, b->data, 20);
	assert_int_equal(wire_unpack_register(&v, &rgot), -1);
	assert_null(rgot.cred);

	b->off = 0;
	wire_pack_register_ok(b, &ok);
	buf_init_view(&v, b->data, buf_len(b) - 2);
	assert_int_equal(wire_unpack_register_ok(&v, &ogot), -1);
	assert_null(ogot.cluster);
	assert_null(ogot.kill);

	b->off = 0;
	wire_pack_launch(b, &l);
	buf_init_view(&v, b->data, buf_len(b) - 2);
	assert_int_equal(wire_unpack_launch(&v, &lgot), -1);
	assert_null(lgot.name);
	assert_null(lgot.script);
	assert_null(lgot.env);
	/* what the node daemon does on a refusal stays harmless */
	wire_launch_free(&lgot);
	buf_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launch_round_trip),
		cmocka_unit_test(test_register_round_trip),
		cmocka_unit_test(test_register_system_info),
		cmocka_unit_test(test_register_gres_conf),
		cmocka_unit_test(test_fail_node_event),
		cmocka_unit_test(test_fail_reasons_in_register),
		cmocka_unit_test(test_signal_batch_flag),
		cmocka_unit_test(test_step_messages),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_refused_bodies_keep_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
