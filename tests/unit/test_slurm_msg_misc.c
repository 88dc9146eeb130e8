/* test_slurm_msg_misc.c - the small Slurm bodies against the golden
 * captures: scontrol ping and its RC reply, RESPONSE_FED_INFO "no
 * federation", the empty requests and the node/partition info requests. */
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
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "slurm_golden.h"

static void test_ping_and_rc(void **state)
{
	struct golden g;
	uint32_t rc = 99;
	buf_t v, *out;

	golden_load(&g, "scontrol_ping", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_PING);
	assert_int_equal(g.body_len, 0);
	golden_view(&g, &v);
	assert_int_equal(slurm_empty_unpack(&v), 0);
	golden_free(&g);

	golden_load(&g, "scontrol_ping", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_SLURM_RC);
	out = buf_new(0);
	slurm_rc_pack(out, 0);
	golden_assert_same(&g, out);
	buf_free(out);
	golden_view(&g, &v);
	assert_int_equal(slurm_rc_unpack(&v, &rc), 0);
	assert_int_equal(rc, 0);
	/* 3 bytes is not a return code */
	buf_init_view(&v, g.body, 3);
	assert_int_equal(slurm_rc_unpack(&v, &rc), -1);
	golden_free(&g);
}

/* What slurmctld 22.05 answers when it has no topology, front ends,
 * burst buffers, associations, reservations, triggers or shares, byte for
 * byte (the front end and reservation answers carry its clock). */
static void test_empty_info(void **state)
{
	static const char *const cases[] = {
		"empty_topology", "empty_frontend", "empty_burstbuffer",
		"empty_assoc_mgr", "empty_reservation", "empty_trigger",
		"empty_sshare", "empty_dwstat",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct golden g;
		uint16_t req, type;
		time_t now = 0;
		buf_t *out;

		golden_load(&g, cases[i], "01-request.bin");
		req = g.msg_type;
		golden_free(&g);
		golden_load(&g, cases[i], "01-response.bin");
		if (req == REQUEST_FRONT_END_INFO ||
		    req == REQUEST_RESERVATION_INFO) {
			buf_t v;
			uint32_t n;

			golden_view(&g, &v);
			assert_int_equal(unpack32(&v, &n), 0);
			assert_int_equal(unpack_time(&v, &now), 0);
		}
		out = buf_new(0);
		type = slurm_empty_info_pack(out, req, now);
		assert_int_equal(type, g.msg_type);
		golden_assert_same(&g, out);
		buf_free(out);
		golden_free(&g);
	}
	/* anything else: nothing */
	{
		buf_t *out = buf_new(0);

		assert_int_equal(slurm_empty_info_pack(out, REQUEST_PING, 0), 0);
		assert_int_equal(buf_len(out), 0);
		buf_free(out);
	}
}

static void test_empty_body_with_bytes_fails(void **state)
{
	static const uint8_t junk[] = { 0 };
	buf_t v;

	buf_init_view(&v, junk, 1);
	err_clear();
	assert_int_equal(slurm_empty_unpack(&v), -1);
	assert_non_null(strstr(err_msg(), "unexpected bytes"));
}

static void test_rc_msg(void **state)
{
	uint32_t rc;
	char *msg;
	buf_t *out, v;

	out = buf_new(0);
	slurm_rc_msg_pack(out, ESLURM_INVALID_JOB_ID, "no such job");
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_rc_msg_unpack(&v, &rc, &msg), 0);
	assert_int_equal(rc, ESLURM_INVALID_JOB_ID);
	assert_string_equal(msg, "no such job");
	free(msg);
	for (size_t len = 0; len < buf_len(out); len++) {
		buf_init_view(&v, out->data, len);
		assert_int_equal(slurm_rc_msg_unpack(&v, &rc, &msg), -1);
		assert_null(msg);
	}
	buf_free(out);
}

static void test_fed_info(void **state)
{
	struct golden g;
	buf_t v, *out;

	golden_load(&g, "squeue_j", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_FED_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_empty_unpack(&v), 0);
	golden_free(&g);

	golden_load(&g, "squeue_j", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_FED_INFO);
	out = buf_new(0);
	slurm_fed_info_pack_none(out);
	golden_assert_same(&g, out);
	buf_free(out);
	golden_view(&g, &v);
	assert_int_equal(slurm_fed_info_unpack(&v), 0);
	golden_free(&g);

	static const uint8_t fed[] = { 1 };
	buf_init_view(&v, fed, 1);
	assert_int_equal(slurm_fed_info_unpack(&v), -1);
	buf_init_view(&v, fed, 0);
	assert_int_equal(slurm_fed_info_unpack(&v), -1);
}

static void test_info_requests(void **state)
{
	static const struct {
		const char *gcase, *file;
		uint16_t type, flags;
	} cases[] = {
		{ "sinfo", "01-request.bin",
		  REQUEST_PARTITION_INFO, SHOW_LOCAL },
		{ "sinfo", "02-request.bin",
		  REQUEST_NODE_INFO, SHOW_LOCAL },
		{ "squeue", "02-request.bin",
		  REQUEST_PARTITION_INFO, SHOW_ALL | SHOW_LOCAL },
		{ "scontrol_show_node", "01-request.bin",
		  REQUEST_NODE_INFO, SHOW_LOCAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct golden g;
		struct slurm_info_request r;
		buf_t v, *out;

		golden_load(&g, cases[i].gcase, cases[i].file);
		assert_int_equal(g.msg_type, cases[i].type);
		golden_view(&g, &v);
		assert_int_equal(slurm_info_request_unpack(&v, &r), 0);
		assert_int_equal(r.last_update, 0);
		assert_int_equal(r.show_flags, cases[i].flags);
		out = buf_new(0);
		slurm_info_request_pack(out, &r);
		golden_assert_same(&g, out);
		buf_free(out);
		buf_init_view(&v, g.body, g.body_len - 1);
		assert_int_equal(slurm_info_request_unpack(&v, &r), -1);
		golden_free(&g);
	}
}

static void test_node_info_single_request(void **state)
{
	struct slurm_node_info_single_request r;
	buf_t *out, v;

	out = buf_new(0);
	pack_str(out, "n3");
	pack16(out, SHOW_LOCAL);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_node_info_single_request_unpack(&v, &r), 0);
	assert_string_equal(r.node_name, "n3");
	assert_int_equal(r.show_flags, SHOW_LOCAL);
	slurm_node_info_single_request_free(&r);
	buf_init_view(&v, out->data, buf_len(out) - 1);
	assert_int_equal(slurm_node_info_single_request_unpack(&v, &r), -1);
	assert_null(r.node_name);
	buf_free(out);
}

/* RESPONSE_LICENSE_INFO as 22.05's _unpack_license_info_msg reads it:
 * count, time, then name, total, in use, reserved, remote each. */
static void test_license_info(void **unused)
{
	struct slurm_license_info in[2] = {
		{ .name = "fluent", .total = 10, .in_use = 1 },
		{ .name = "matlab", .total = 2, .in_use = 2, .remote = 0 },
	};
	struct slurm_license_info *out;
	uint32_t n;
	time_t t;
	buf_t *b = buf_new(64), v;

	slurm_license_info_pack(b, in, 2, 1700000000);
	/* each: u32 length, "fluent" or "matlab" and its NUL, 3 u32, u8 */
	assert_int_equal(buf_len(b), 4 + 8 + 2 * (4 + 7 + 13));
	assert_int_equal(b->data[3], 2);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(slurm_license_info_unpack(&v, &out, &n, &t), 0);
	assert_int_equal(n, 2);
	assert_int_equal(t, 1700000000);
	assert_string_equal(out[1].name, "matlab");
	assert_int_equal(out[1].in_use, 2);
	assert_int_equal(out[0].total, 10);
	slurm_license_info_free(out, n);
	for (size_t len = 0; len < buf_len(b); len++) {
		buf_init_view(&v, b->data, len);
		assert_int_equal(slurm_license_info_unpack(&v, &out, &n, &t), -1);
		slurm_license_info_free(out, n);
	}
	buf_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_license_info),
		cmocka_unit_test(test_ping_and_rc),
		cmocka_unit_test(test_empty_info),
		cmocka_unit_test(test_empty_body_with_bytes_fails),
		cmocka_unit_test(test_rc_msg),
		cmocka_unit_test(test_fed_info),
		cmocka_unit_test(test_info_requests),
		cmocka_unit_test(test_node_info_single_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
