/* test_core_err.c - the last-error buffer: messages that wrap the previous
 * one ("malformed X: <previous>") come out whole, errno text is appended. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"

static void test_wrap_previous(void **state)
{
	err_set("count %u exceeds the message", 7u);
	err_set("malformed %s: %s", "reply", err_msg());
	assert_string_equal(err_msg(), "malformed reply: count 7 exceeds the message");
}

static void test_errno(void **state)
{
	err_set("inner");
	errno = ENOENT;
	err_set_errno("cannot open '%s' (%s)", "x", err_msg());
	assert_string_equal(err_msg(), "cannot open 'x' (inner): No such file or directory");
	assert_int_equal(errno, ENOENT);
	err_clear();
	assert_string_equal(err_msg(), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_previous),
		cmocka_unit_test(test_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
