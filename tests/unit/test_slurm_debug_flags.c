/* test_slurm_debug_flags.c - DebugFlags names and bits both ways, as
 * slurm.conf and scontrol setdebugflags give them and scontrol show
 * config prints them, and the setdebugflags body (two big-endian u64,
 * the flags to clear first), checked against the real slurmctld 22.05
 * capture (setdebugflags, setdebugflags_denied). */
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
#include "slurm/debug_flags.h"
#include "slurm/errnos.h"
#include "slurm/msg_config.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm_golden.h"

static void test_parse(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(slurm_debug_flags_parse(NULL, &v), 0);
	assert_true(v == 0);
	assert_int_equal(slurm_debug_flags_parse("", &v), 0);
	assert_true(v == 0);
	assert_int_equal(slurm_debug_flags_parse("Steps", &v), 0);
	assert_true(v == SLURM_DEBUG_FLAG_STEPS);
	assert_true(v == 0x2);
	/* any case, Slurm's aliases, an empty word skipped */
	assert_int_equal(slurm_debug_flags_parse("gres,,STEPS,Net,trigger", &v), 0);
	assert_true(v == (0x40 | 0x2 | (UINT64_C(1) << 10) | 0x4));
	assert_int_equal(slurm_debug_flags_parse("Cgroup,Script,DB_WCKey", &v), 0);
	assert_true(v == ((UINT64_C(1) << 55) | (UINT64_C(1) << 56) |
			  (UINT64_C(1) << 39)));
	/* "Task", removed in 22.05, is taken (slurmctld only logs it) */
	assert_int_equal(slurm_debug_flags_parse("task,Steps", &v), 0);
	assert_true(v == SLURM_DEBUG_FLAG_STEPS);
}

static void test_parse_bad(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(slurm_debug_flags_parse("Steps,Nosuch", &v), -1);
	assert_true(v == 0);
	assert_string_equal(err_msg(), "invalid debug flag 'Nosuch'");
	/* a prefix is not a name */
	assert_int_equal(slurm_debug_flags_parse("Step", &v), -1);
	assert_int_equal(slurm_debug_flags_parse("Steps ", &v), -1);
}

static void test_str(void **state)
{
	char *s;

	(void)state;
	s = slurm_debug_flags_str(0);
	assert_string_equal(s, "none");
	free(s);
	/* slurmctld's order: Gres before Steps, JobAccountGather second */
	s = slurm_debug_flags_str(SLURM_DEBUG_FLAG_STEPS | SLURM_DEBUG_FLAG_GRES |
				  (UINT64_C(1) << 54) | (UINT64_C(1) << 50));
	assert_string_equal(s, "Accrue,JobAccountGather,Gres,Steps");
	free(s);
	/* a bit without a name is left out */
	s = slurm_debug_flags_str((UINT64_C(1) << 63) | (UINT64_C(1) << 2));
	assert_string_equal(s, "Triggers");
	free(s);
}

static void test_round_trip_names(void **state)
{
	uint64_t all = 0, v;
	char *s;

	(void)state;
	/* every bit of 22.05's slurm.h that has a name: 0-15, 17-22, 24,
	 * 26-50, 52-56 */
	for (int i = 0; i <= 56; i++)
		if (i != 16 && i != 23 && i != 25 && i != 51)
			all |= UINT64_C(1) << i;
	s = slurm_debug_flags_str(all);
	assert_int_equal(slurm_debug_flags_parse(s, &v), 0);
	assert_true(v == all);
	free(s);
}

static void test_request(void **state)
{
	static const uint8_t bytes[16] = {
		0, 0, 0, 0, 0, 0, 0, 0x40,	/* minus: Gres */
		0, 0, 0, 0, 0, 0, 0, 0x02,	/* plus: Steps */
	};
	uint64_t minus = 1, plus = 1;
	buf_t v, *b;

	(void)state;
	buf_init_view(&v, bytes, sizeof(bytes));
	assert_int_equal(slurm_debug_flags_request_unpack(&v, &minus, &plus), 0);
	assert_true(minus == SLURM_DEBUG_FLAG_GRES);
	assert_true(plus == SLURM_DEBUG_FLAG_STEPS);
	b = buf_new(16);
	slurm_debug_flags_request_pack(b, minus, plus);
	assert_int_equal(buf_len(b), sizeof(bytes));
	assert_memory_equal(b->data, bytes, sizeof(bytes));
	buf_free(b);
	/* short, or more than the two numbers */
	buf_init_view(&v, bytes, 15);
	assert_int_equal(slurm_debug_flags_request_unpack(&v, &minus, &plus), -1);
	{
		uint8_t longer[17] = { 0 };

		buf_init_view(&v, longer, sizeof(longer));
		assert_int_equal(slurm_debug_flags_request_unpack(&v, &minus,
								  &plus), -1);
	}
}

/* "scontrol setdebugflags +Steps,Gres", "-Gres", then show config:
 * the two bodies, slurmctld's SLURM_SUCCESS, and DebugFlags = Steps in
 * its RESPONSE_BUILD_INFO. */
static void test_golden(void **state)
{
	struct slurm_ctl_conf conf;
	struct golden g;
	uint64_t minus, plus;
	uint32_t rc = 1;
	char *s;
	buf_t v, *b;

	(void)state;
	golden_load(&g, "setdebugflags", "01-request.bin");
	assert_int_equal(g.msg_type, REQUEST_SET_DEBUG_FLAGS);
	golden_view(&g, &v);
	assert_int_equal(slurm_debug_flags_request_unpack(&v, &minus, &plus), 0);
	assert_true(minus == 0);
	assert_true(plus == (SLURM_DEBUG_FLAG_STEPS | SLURM_DEBUG_FLAG_GRES));
	b = buf_new(16);
	slurm_debug_flags_request_pack(b, minus, plus);
	golden_assert_same(&g, b);
	buf_free(b);
	golden_free(&g);

	golden_load(&g, "setdebugflags", "02-request.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_debug_flags_request_unpack(&v, &minus, &plus), 0);
	assert_true(minus == SLURM_DEBUG_FLAG_GRES);
	assert_true(plus == 0);
	golden_free(&g);

	golden_load(&g, "setdebugflags", "02-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_SLURM_RC);
	golden_view(&g, &v);
	assert_int_equal(slurm_rc_unpack(&v, &rc), 0);
	assert_int_equal(rc, SLURM_SUCCESS);
	golden_free(&g);

	golden_load(&g, "setdebugflags", "03-response.bin");
	assert_int_equal(g.msg_type, RESPONSE_BUILD_INFO);
	golden_view(&g, &v);
	assert_int_equal(slurm_ctl_conf_unpack(&v, &conf), 0);
	assert_true(conf.debug_flags == SLURM_DEBUG_FLAG_STEPS);
	s = slurm_debug_flags_str(conf.debug_flags);
	assert_string_equal(s, "Steps");
	free(s);
	slurm_ctl_conf_free(&conf);
	golden_free(&g);
}

/* As nobody: slurmctld answers EACCES, scontrol prints "slurm_set_debug_flags
 * error: Permission denied". */
static void test_golden_denied(void **state)
{
	struct golden g;
	uint64_t minus, plus;
	uint32_t rc = 0;
	buf_t v;

	(void)state;
	golden_load(&g, "setdebugflags_denied", "01-request.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_debug_flags_request_unpack(&v, &minus, &plus), 0);
	assert_true(minus == 0 && plus == SLURM_DEBUG_FLAG_STEPS);
	golden_free(&g);
	golden_load(&g, "setdebugflags_denied", "01-response.bin");
	golden_view(&g, &v);
	assert_int_equal(slurm_rc_unpack(&v, &rc), 0);
	assert_int_equal(rc, 13);	/* EACCES */
	golden_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_round_trip_names),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_golden_denied),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
