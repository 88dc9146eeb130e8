/* test_slurm_msg_stats.c - sdiag's REQUEST_STATS_INFO and
 * RESPONSE_STATS_INFO against the real slurmctld 22.05 capture: the
 * counters sdiag printed decode from the bytes, and packing them again
 * gives the same bytes. */
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
#include "slurm/msg_stats.h"
#include "slurm/msg_types.h"
#include "slurm_golden.h"

static void test_request(void **state)
{
	struct golden g;
	uint16_t cmd = 99;
	buf_t v, *out;

	golden_load(&g, "sdiag", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_STATS_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_stats_request_unpack(&v, &cmd), 0);
	assert_int_equal(cmd, STAT_COMMAND_GET);
	out = buf_new(0);
	slurm_stats_request_pack(out, STAT_COMMAND_GET);
	golden_assert_same(&g, out);
	buf_free(out);
	buf_init_view(&v, g.body, 1);
	assert_int_equal(slurm_stats_request_unpack(&v, &cmd), -1);
	golden_free(&g);
}

static void test_golden_reply(void **state)
{
	struct slurm_stats s;
	struct golden g;
	buf_t v, *out;

	golden_load(&g, "sdiag", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_STATS_INFO);
	golden_view(&g, &v);
	if (slurm_stats_unpack(&v, &s) < 0)
		fail_msg("%s", err_msg());
	/* as sdiag printed them */
	assert_int_equal(s.parts_packed, 1);
	assert_int_equal(s.req_time, 1795625062);
	assert_int_equal(s.req_time_start, 1795625006);
	assert_int_equal(s.server_thread_count, 3);
	assert_int_equal(s.jobs_submitted, 3);
	assert_int_equal(s.jobs_started, 2);
	assert_int_equal(s.jobs_completed, 1);
	assert_int_equal(s.jobs_canceled, 1);
	assert_int_equal(s.jobs_failed, 0);
	assert_int_equal(s.jobs_pending, 1);
	assert_int_equal(s.jobs_running, 1);
	assert_int_equal(s.schedule_cycle_last, 11);
	assert_int_equal(s.schedule_cycle_max, 1355);
	assert_int_equal(s.schedule_cycle_counter, 7);
	assert_int_equal(s.gettimeofday_latency, 24);
	assert_int_equal(s.rpc_type_size, 14);
	assert_int_equal(s.rpc_user_size, 1);
	assert_int_equal(s.rpc_user_id[0], 0);
	assert_int_equal(s.rpc_user_cnt[0], 73);
	assert_int_equal(s.rpc_user_time[0], 38975);
	assert_int_equal(s.rpc_queue_type_count, 0);
	assert_int_equal(s.rpc_dump_count, 0);
	{
		/* REQUEST_RECONFIGURE: count 1, 15624 µs */
		uint32_t i;

		for (i = 0; i < s.rpc_type_size; i++)
			if (s.rpc_type_id[i] == REQUEST_RECONFIGURE)
				break;
		assert_true(i < s.rpc_type_size);
		assert_int_equal(s.rpc_type_cnt[i], 1);
		assert_int_equal(s.rpc_type_time[i], 15624);
	}
	out = buf_new(0);
	slurm_stats_pack(out, &s);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_stats_free(&s);

	for (size_t len = 0; len < g.body_len; len++) {
		buf_init_view(&v, g.body, len);
		assert_int_equal(slurm_stats_unpack(&v, &s), -1);
		assert_null(s.rpc_type_id);
	}
	golden_free(&g);
}

/* The real "sdiag -r": STAT_COMMAND_RESET, answered with no counters, no
 * message types and root alone in the user table (slurmctld always keeps
 * uid 0 in its first slot); and the same from a user who is not an
 * operator, answered ESLURM_ACCESS_DENIED. */
static void test_golden_reset(void **state)
{
	struct slurm_stats s;
	struct golden g;
	uint16_t cmd = 99;
	uint32_t rc = 0;
	buf_t v, *out;

	golden_load(&g, "sdiag_reset", "01-request.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_stats_request_unpack(&v, &cmd), 0);
	assert_int_equal(cmd, STAT_COMMAND_RESET);
	golden_free(&g);

	golden_load(&g, "sdiag_reset", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_STATS_INFO);
	golden_view(&g, &v);
	if (slurm_stats_unpack(&v, &s) < 0)
		fail_msg("%s", err_msg());
	assert_int_equal(s.parts_packed, 0);
	assert_int_equal(s.rpc_type_size, 0);
	assert_int_equal(s.rpc_user_size, 1);
	assert_int_equal(s.rpc_user_id[0], 0);
	assert_int_equal(s.rpc_user_cnt[0], 0);
	assert_int_equal(s.rpc_user_time[0], 0);
	out = buf_new(0);
	slurm_stats_pack(out, &s);
	golden_assert_same(&g, out);
	buf_free(out);
	slurm_stats_free(&s);
	golden_free(&g);

	golden_load(&g, "sdiag_reset_denied", "01-request.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_stats_request_unpack(&v, &cmd), 0);
	assert_int_equal(cmd, STAT_COMMAND_RESET);
	golden_free(&g);
	golden_load(&g, "sdiag_reset_denied", "01-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_SLURM_RC);
	golden_view(&g, &v);
	assert_int_equal(slurm_rc_unpack(&v, &rc), 0);
	assert_int_equal(rc, ESLURM_ACCESS_DENIED);
	golden_free(&g);
}

/* What slurmctld answers "sdiag -r": no counters, only the RPC tables. */
static void test_reset_reply(void **state)
{
	struct slurm_stats s, d;
	uint32_t uid = 1000, cnt = 2;
	uint64_t t = 70;
	buf_t *out, v;

	memset(&s, 0, sizeof(s));
	s.rpc_user_size = 1;
	s.rpc_user_id = &uid;
	s.rpc_user_cnt = &cnt;
	s.rpc_user_time = &t;
	out = buf_new(0);
	slurm_stats_pack(out, &s);
	/* u32 0, u32 0 + three empty arrays, u32 1 + three arrays of one,
	 * four empty arrays */
	assert_int_equal(buf_len(out), 4 + 4 + 12 + 4 + 8 + 8 + 12 + 16);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_stats_unpack(&v, &d), 0);
	assert_int_equal(d.parts_packed, 0);
	assert_int_equal(d.rpc_user_size, 1);
	assert_int_equal(d.rpc_user_id[0], 1000);
	assert_int_equal(d.rpc_user_time[0], 70);
	slurm_stats_free(&d);
	/* a table whose arrays disagree with its size is refused */
	buf_put_u32_at(out, 4, 3);
	buf_init_view(&v, out->data, buf_len(out));
	assert_int_equal(slurm_stats_unpack(&v, &d), -1);
	buf_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_golden_reply),
		cmocka_unit_test(test_golden_reset),
		cmocka_unit_test(test_reset_reply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
