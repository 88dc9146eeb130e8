/* test_core_fpat.c - file name patterns: the caller's letters filled in
 * with their widths, every other '%' kept as written, and the odd ends
 * (a trailing '%', a long run of digits) handled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/fpat.h"
#include "core/xalloc.h"

/* j is 42, a is 7; nothing else is ours */
static bool letters(char **out, char letter, int width, void *arg)
{
	int *calls = arg;

	(*calls)++;
	if (letter == 'j')
		xstrfmtcat(out, "%0*d", width, 42);
	else if (letter == 'a')
		xstrfmtcat(out, "%0*d", width, 7);
	else
		return false;
	return true;
}

static void expect(const char *pattern, const char *want)
{
	int calls = 0;
	char *got = fpat_expand(pattern, letters, &calls);

	assert_string_equal(got, want);
	free(got);
}

static void test_letters_and_widths(void **state)
{
	(void)state;
	expect("slurm-%j.out", "slurm-42.out");
	expect("out.%j_%a", "out.42_7");
	expect("out.%3a", "out.007");
	expect("%10j", "0000000042");
}

static void test_other_percent_kept(void **state)
{
	(void)state;
	expect("%N-%5x.log", "%N-%5x.log");
	expect("100%%", "100%%");
	expect("plain", "plain");
	expect("", "");
}

static void test_odd_ends(void **state)
{
	(void)state;
	expect("ends in %", "ends in %");
	expect("ends in %3", "ends in %3");
	/* Slurm caps the width at 10; digits past that do not overflow */
	expect("%99999999999999999999j", "0000000042");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters_and_widths),
		cmocka_unit_test(test_other_percent_kept),
		cmocka_unit_test(test_odd_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
