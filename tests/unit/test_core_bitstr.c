/* test_core_bitstr.c - bitmaps: set/test/count across word boundaries,
 * set operations, "0,3-5" lists, and hex masks exactly as Slurm's
 * bit_fmt_hexmask writes them and bit_unfmt_hexmask reads them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/bitstr.h"
#include "core/err.h"

static void assert_list(const bitstr_t *b, const char *want)
{
	char *s = bit_fmt_list(b);

	assert_string_equal(s, want);
	free(s);
}

static void assert_hex(const bitstr_t *b, const char *want)
{
	char *s = bit_fmt_hex(b);

	assert_string_equal(s, want);
	free(s);
}

static void test_set_test_count(void **state)
{
	bitstr_t *b = bit_alloc(130);

	assert_int_equal(bit_size(b), 130);
	assert_int_equal(bit_count(b), 0);
	bit_set(b, 0);
	bit_set(b, 63);
	bit_set(b, 64);
	bit_set(b, 129);
	assert_true(bit_test(b, 63));
	assert_true(bit_test(b, 64));
	assert_false(bit_test(b, 65));
	assert_int_equal(bit_count(b), 4);
	bit_clear(b, 63);
	assert_false(bit_test(b, 63));
	assert_int_equal(bit_count(b), 3);

	/* indexes past the end do not exist: no write, test is false */
	bit_set(b, 130);
	bit_set(b, 0xffffffffu);
	assert_false(bit_test(b, 130));
	assert_int_equal(bit_count(b), 3);

	bit_set_all(b);
	assert_int_equal(bit_count(b), 130);   /* not 192: tail stays clear */
	bit_clear_all(b);
	assert_int_equal(bit_count(b), 0);
	bit_free(b);
}

static void test_next_set(void **state)
{
	bitstr_t *b = bit_alloc(200);

	assert_int_equal(bit_next_set(b, 0), -1);
	bit_set(b, 5);
	bit_set(b, 70);
	bit_set(b, 199);
	assert_int_equal(bit_next_set(b, 0), 5);
	assert_int_equal(bit_next_set(b, 5), 5);
	assert_int_equal(bit_next_set(b, 6), 70);
	assert_int_equal(bit_next_set(b, 71), 199);
	assert_int_equal(bit_next_set(b, 200), -1);
	bit_free(b);
}

static void test_ops_and_copy(void **state)
{
	bitstr_t *a = bit_alloc(70), *b = bit_alloc(70), *c;

	bit_set(a, 1);
	bit_set(a, 2);
	bit_set(a, 68);
	bit_set(b, 2);
	bit_set(b, 3);
	bit_set(b, 69);

	c = bit_copy(a);
	assert_true(bit_equal(a, c));
	bit_or(c, b);
	assert_list(c, "1-3,68-69");
	bit_free(c);

	c = bit_copy(a);
	bit_and(c, b);
	assert_list(c, "2");
	bit_free(c);

	c = bit_copy(a);
	bit_and_not(c, b);
	assert_list(c, "1,68");
	assert_false(bit_equal(a, c));
	bit_free(c);
	assert_null(bit_copy(NULL));

	/* different sizes: only the common bits change */
	bitstr_t *small = bit_alloc(3);
	bit_set_all(small);
	c = bit_copy(a);
	bit_and(c, small);
	assert_list(c, "1-2,68");
	bit_or(small, a);
	assert_int_equal(bit_count(small), 3);
	bit_free(c);
	bit_free(small);
	bit_free(a);
	bit_free(b);
}

static void test_fmt_list(void **state)
{
	bitstr_t *b = bit_alloc(10);

	assert_list(b, "");
	bit_set(b, 0);
	bit_set(b, 3);
	bit_set(b, 4);
	bit_set(b, 5);
	bit_set(b, 9);
	assert_list(b, "0,3-5,9");
	bit_set_all(b);
	assert_list(b, "0-9");
	bit_free(b);
}

static void test_fmt_hex_as_slurm(void **state)
{
	bitstr_t *b;

	/* the forms seen from a real slurmctld */
	b = bit_alloc(4);
	bit_set_all(b);
	assert_hex(b, "0xF");
	bit_clear_all(b);
	bit_set(b, 0);
	assert_hex(b, "0x1");
	bit_free(b);

	b = bit_alloc(2);
	bit_set_all(b);
	assert_hex(b, "0x3");
	bit_free(b);

	b = bit_alloc(0);
	assert_hex(b, "0x0");
	bit_free(b);

	/* ceil(nbits/4) digits, uppercase, leading zeros kept */
	b = bit_alloc(10);
	bit_set(b, 1);
	bit_set(b, 3);
	assert_hex(b, "0x00A");
	bit_free(b);

	/* across a word boundary: bit 64 of 70 is digit 16 from the right */
	b = bit_alloc(70);
	bit_set(b, 64);
	bit_set(b, 0);
	bit_set(b, 7);
	assert_hex(b, "0x010000000000000081");
	bit_free(b);

	b = bit_alloc(64);
	bit_set_all(b);
	assert_hex(b, "0xFFFFFFFFFFFFFFFF");
	bit_free(b);
}

static void test_parse_hex(void **state)
{
	bitstr_t *b = bit_alloc(70), *back;
	char *hex;

	assert_int_equal(bit_parse_hex(b, "0x010000000000000081"), 0);
	assert_list(b, "0,7,64");

	/* lower case, no prefix, fewer digits */
	assert_int_equal(bit_parse_hex(b, "0xff"), 0);
	assert_list(b, "0-7");
	assert_int_equal(bit_parse_hex(b, "c"), 0);
	assert_list(b, "2-3");
	assert_int_equal(bit_parse_hex(b, "0x"), 0);
	assert_int_equal(bit_count(b), 0);
	/* leading zero digits beyond nbits are harmless */
	assert_int_equal(bit_parse_hex(b, "0x0000000000000000000001"), 0);
	assert_list(b, "0");

	/* round trip of an irregular pattern */
	for (uint32_t i = 0; i < 70; i += 3)
		bit_set(b, i);
	hex = bit_fmt_hex(b);
	back = bit_alloc(70);
	assert_int_equal(bit_parse_hex(back, hex), 0);
	assert_true(bit_equal(b, back));
	free(hex);
	bit_free(back);

	/* errors leave the map clear and say why */
	assert_int_equal(bit_parse_hex(b, "0x1g"), -1);
	assert_non_null(strstr(err_msg(), "bad character 'g'"));
	assert_int_equal(bit_count(b), 0);
	assert_int_equal(bit_parse_hex(b, "0x400000000000000000"), -1);  /* bit 70 */
	assert_non_null(strstr(err_msg(), "bit 70"));
	assert_int_equal(bit_parse_hex(b, NULL), -1);
	bit_free(b);

	/* a set bit exactly at nbits is refused, one below is fine */
	b = bit_alloc(4);
	assert_int_equal(bit_parse_hex(b, "0x8"), 0);
	assert_int_equal(bit_parse_hex(b, "0x10"), -1);
	bit_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_test_count),
		cmocka_unit_test(test_next_set),
		cmocka_unit_test(test_ops_and_copy),
		cmocka_unit_test(test_fmt_list),
		cmocka_unit_test(test_fmt_hex_as_slurm),
		cmocka_unit_test(test_parse_hex),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
