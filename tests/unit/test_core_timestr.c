/* test_core_timestr.c - Slurm time strings: every accepted form, garbage
 * rejected with a message, and the squeue/scontrol output formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/timestr.h"

static uint32_t secs_of(const char *s)
{
	uint32_t v = 12345;

	assert_int_equal(timestr_parse_secs(s, &v), 0);
	return v;
}

static uint32_t mins_of(const char *s)
{
	uint32_t v = 12345;

	assert_int_equal(timestr_parse_mins(s, &v), 0);
	return v;
}

static void test_parse_forms(void **state)
{
	/* plain number: minutes */
	assert_int_equal(secs_of("30"), 30 * 60);
	assert_int_equal(mins_of("30"), 30);
	assert_int_equal(mins_of("0"), 0);
	assert_int_equal(mins_of("1440"), 1440);
	/* MM:SS */
	assert_int_equal(secs_of("5:30"), 330);
	assert_int_equal(mins_of("5:30"), 6);	/* rounded up */
	assert_int_equal(mins_of("5:00"), 5);
	assert_int_equal(mins_of("0:01"), 1);
	assert_int_equal(secs_of("0:90"), 90);	/* fields not range-checked */
	/* HH:MM:SS */
	assert_int_equal(secs_of("1:00:00"), 3600);
	assert_int_equal(secs_of("01:02:03"), 3723);
	assert_int_equal(mins_of("2:00:00"), 120);
	/* D-HH, D-HH:MM, D-HH:MM:SS */
	assert_int_equal(secs_of("2-12"), 2 * 86400 + 12 * 3600);
	assert_int_equal(secs_of("2-12:30"), 2 * 86400 + 12 * 3600 + 30 * 60);
	assert_int_equal(secs_of("2-12:30:15"),
			 2 * 86400 + 12 * 3600 + 30 * 60 + 15);
	assert_int_equal(mins_of("7-00:00:00"), 7 * 1440);
	assert_int_equal(mins_of("1-0"), 1440);
	/* infinite, any case */
	assert_int_equal(mins_of("UNLIMITED"), TIMESTR_INFINITE);
	assert_int_equal(mins_of("unlimited"), TIMESTR_INFINITE);
	assert_int_equal(mins_of("Infinite"), TIMESTR_INFINITE);
	assert_int_equal(mins_of("-1"), TIMESTR_INFINITE);
	assert_int_equal(secs_of("INFINITE"), TIMESTR_INFINITE);
}

static void test_parse_garbage(void **state)
{
	static const char *const bad[] = {
		"", "abc", "5m", "1.5", " 5", "5 ", "1:", ":5", "1::2",
		"1:2:3:4", "5-", "-5", "1-2-3", "1-2:3:4:5", "1-:30", "--",
		"1:2-3", "unlimitedx", "99999999999", "4294967295",
		"49710-06:28:15",
	};
	uint32_t v = 777;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear();
		if (timestr_parse_mins(bad[i], &v) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(v, 777);	/* untouched on error */
		assert_non_null(strstr(err_msg(), "time value"));
	}
	assert_int_equal(timestr_parse_secs(NULL, &v), -1);
	/* the message repeats what was given */
	timestr_parse_mins("abc", &v);
	assert_non_null(strstr(err_msg(), "'abc'"));
}

static void test_fmt_squeue(void **state)
{
	char b[TIMESTR_BUFSZ];

	assert_string_equal(timestr_fmt_secs(0, b, sizeof(b)), "0:00");
	assert_string_equal(timestr_fmt_secs(8, b, sizeof(b)), "0:08");
	assert_string_equal(timestr_fmt_secs(59, b, sizeof(b)), "0:59");
	assert_string_equal(timestr_fmt_secs(61, b, sizeof(b)), "1:01");
	assert_string_equal(timestr_fmt_secs(3599, b, sizeof(b)), "59:59");
	assert_string_equal(timestr_fmt_secs(3600, b, sizeof(b)), "1:00:00");
	assert_string_equal(timestr_fmt_secs(3661, b, sizeof(b)), "1:01:01");
	assert_string_equal(timestr_fmt_secs(86399, b, sizeof(b)), "23:59:59");
	assert_string_equal(timestr_fmt_secs(86400, b, sizeof(b)),
			    "1-00:00:00");
	assert_string_equal(timestr_fmt_secs(90061, b, sizeof(b)),
			    "1-01:01:01");
	assert_string_equal(timestr_fmt_secs(365LL * 86400, b, sizeof(b)),
			    "365-00:00:00");
	assert_string_equal(timestr_fmt_secs(365LL * 86400 + 1, b, sizeof(b)),
			    "INVALID");
	assert_string_equal(timestr_fmt_secs(-1, b, sizeof(b)), "INVALID");
	assert_string_equal(timestr_fmt_secs(TIMESTR_INFINITE, b, sizeof(b)),
			    "UNLIMITED");
	/* a small buffer is cut, never overrun */
	char small[4];
	assert_string_equal(timestr_fmt_secs(90061, small, sizeof(small)),
			    "1-0");
}

static void test_fmt_scontrol(void **state)
{
	char b[TIMESTR_BUFSZ];

	assert_string_equal(timestr_fmt_secs_long(0, b, sizeof(b)), "00:00:00");
	assert_string_equal(timestr_fmt_secs_long(300, b, sizeof(b)),
			    "00:05:00");
	assert_string_equal(timestr_fmt_secs_long(604800, b, sizeof(b)),
			    "7-00:00:00");
	assert_string_equal(timestr_fmt_secs_long(400LL * 86400, b, sizeof(b)),
			    "400-00:00:00");
	assert_string_equal(timestr_fmt_secs_long(-5, b, sizeof(b)), "INVALID");
	assert_string_equal(timestr_fmt_mins(TIMESTR_INFINITE, b, sizeof(b)),
			    "UNLIMITED");
	assert_string_equal(timestr_fmt_mins(TIMESTR_NO_VAL, b, sizeof(b)),
			    "NONE");
	assert_string_equal(timestr_fmt_mins(5, b, sizeof(b)), "00:05:00");
	assert_string_equal(timestr_fmt_mins(7 * 1440, b, sizeof(b)),
			    "7-00:00:00");
}

/* What scontrol prints for a partition's MaxTime comes back unchanged. */
static void test_round_trip(void **state)
{
	static const char *const forms[] = {
		"00:05:00", "01:00:00", "7-00:00:00", "1-12:30:00", "UNLIMITED",
	};
	char b[TIMESTR_BUFSZ];
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		assert_string_equal(timestr_fmt_mins(mins_of(forms[i]), b,
						     sizeof(b)), forms[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_garbage),
		cmocka_unit_test(test_fmt_squeue),
		cmocka_unit_test(test_fmt_scontrol),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
