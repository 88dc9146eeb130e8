/* test_core_pack.c - Slurm wire primitives: exact big-endian bytes, round
 * trips, strings (NULL vs ""), doubles as Slurm packs them, hex bitmaps,
 * and unpacking truncated or lying buffers fails cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"

static void assert_bytes(const buf_t *b, const char *hex)
{
	size_t n = strlen(hex) / 2;
	char *got = xcalloc(1, b->off * 2 + 1);

	for (size_t i = 0; i < b->off; i++)
		sprintf(got + 2 * i, "%02x", b->data[i]);
	if (b->off != n || strcmp(got, hex))
		fail_msg("packed %s, expected %s", got, hex);
	free(got);
}

/* Bytes from hex text, for hand-made (often broken) inputs. */
static uint8_t *from_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	uint8_t *p = xmalloc(n ? n : 1);

	for (size_t i = 0; i < n; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		p[i] = (uint8_t)v;
	}
	*len = n;
	return p;
}

static void test_integers_big_endian(void **state)
{
	buf_t *b = buf_new(0);

	pack8(b, 0xab);
	pack16(b, 0x1234);
	pack32(b, 0xdeadbeef);
	pack64(b, 0x0102030405060708ULL);
	pack_time(b, -2);
	pack_bool(b, true);
	pack_bool(b, false);
	assert_bytes(b, "ab" "1234" "deadbeef" "0102030405060708"
		     "fffffffffffffffe" "01" "00");

	buf_t v;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	time_t t;
	bool yes, no;

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack8(&v, &u8), 0);
	assert_int_equal(unpack16(&v, &u16), 0);
	assert_int_equal(unpack32(&v, &u32), 0);
	assert_int_equal(unpack64(&v, &u64), 0);
	assert_int_equal(unpack_time(&v, &t), 0);
	assert_int_equal(unpack_bool(&v, &yes), 0);
	assert_int_equal(unpack_bool(&v, &no), 0);
	assert_int_equal(u8, 0xab);
	assert_int_equal(u16, 0x1234);
	assert_int_equal(u32, 0xdeadbeef);
	assert_true(u64 == 0x0102030405060708ULL);
	assert_true(t == -2);
	assert_true(yes);
	assert_false(no);
	assert_int_equal(buf_remaining(&v), 0);
	assert_false(v.failed);
	/* nothing left: the next read fails instead of reading past the end */
	assert_int_equal(unpack8(&v, &u8), -1);
	assert_true(v.failed);
	buf_free(b);
}

static void test_bool_any_nonzero_is_true(void **state)
{
	uint8_t raw[] = { 0x02 };
	buf_t v;
	bool x = false;

	buf_init_view(&v, raw, 1);
	assert_int_equal(unpack_bool(&v, &x), 0);
	assert_true(x);
}

static void test_doubles_as_slurm(void **state)
{
	buf_t *b = buf_new(4);

	/* Slurm sends the IEEE bits of v * 1e6 */
	pack_double(b, 1.5);
	pack_double(b, 4294967294.0);   /* NO_VAL as a double, seen on the wire */
	pack_double(b, -0.25);
	pack_double(b, 0.0);
	assert_bytes(b, "4136e36000000000" "432e847fffc2f700"
		     "c10e848000000000" "0000000000000000");

	buf_t v;
	double d[4];

	buf_init_view(&v, b->data, b->off);
	for (int i = 0; i < 4; i++)
		assert_int_equal(unpack_double(&v, &d[i]), 0);
	assert_true(d[0] == 1.5);
	assert_true(d[1] == 4294967294.0);
	assert_true(d[2] == -0.25);
	assert_true(d[3] == 0.0);
	buf_free(b);
}

static void test_strings_null_vs_empty(void **state)
{
	buf_t *b = buf_new(1);

	pack_str(b, NULL);
	pack_str(b, "");
	pack_str(b, "abc");
	/* NULL = length 0 only; "" = length 1 and the NUL */
	assert_bytes(b, "00000000" "0000000100" "0000000461626300");

	buf_t v;
	char *s1 = (char *)1, *s2 = NULL, *s3 = NULL;

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_str(&v, &s1), 0);
	assert_int_equal(unpack_str(&v, &s2), 0);
	assert_int_equal(unpack_str(&v, &s3), 0);
	assert_null(s1);
	assert_non_null(s2);
	assert_string_equal(s2, "");
	assert_string_equal(s3, "abc");
	free(s2);
	free(s3);

	const char *p;
	uint32_t len;

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_str_ptr(&v, &p, &len), 0);
	assert_null(p);
	assert_int_equal(unpack_str_ptr(&v, &p, &len), 0);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	assert_int_equal(unpack_str_ptr(&v, &p, &len), 0);
	assert_string_equal(p, "abc");
	assert_int_equal(len, 3);
	assert_ptr_equal(p, b->data + 13);  /* points into the buffer */
	buf_free(b);
}

static void test_mem_and_raw(void **state)
{
	buf_t *b = buf_new(0);

	pack_mem(b, "\x01\x02\x03", 3);
	pack_mem(b, NULL, 0);
	pack_raw(b, "xy", 2);
	assert_bytes(b, "00000003010203" "00000000" "7879");

	buf_t v;
	void *m1, *m2;
	uint32_t l1, l2;
	char raw[2];

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_mem(&v, &m1, &l1), 0);
	assert_int_equal(unpack_mem(&v, &m2, &l2), 0);
	assert_int_equal(unpack_raw(&v, raw, 2), 0);
	assert_int_equal(l1, 3);
	assert_memory_equal(m1, "\x01\x02\x03", 3);
	assert_null(m2);
	assert_int_equal(l2, 0);
	assert_memory_equal(raw, "xy", 2);
	free(m1);

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_skip(&v, 7), 0);
	assert_int_equal(unpack_skip(&v, 7), -1);
	assert_non_null(strstr(err_msg(), "truncated"));
	buf_free(b);
}

static void test_arrays(void **state)
{
	buf_t *b = buf_new(0);
	char *strs[] = { "a", "bc" };
	uint16_t a16[] = { 1, 0xfffe };
	uint32_t a32[] = { 7, 0xfffffffe, 9 };
	uint64_t a64[] = { 0x1122334455667788ULL };
	double ad[] = { 2.5 };

	pack_str_array(b, strs, 2);
	pack16_array(b, a16, 2);
	pack32_array(b, a32, 3);
	pack64_array(b, a64, 1);
	pack_double_array(b, ad, 1);
	pack_str_array(b, NULL, 0);
	assert_bytes(b, "00000002" "000000026100" "00000003626300"
		     "00000002" "0001" "fffe"
		     "00000003" "00000007" "fffffffe" "00000009"
		     "00000001" "1122334455667788"
		     "00000001" "414312d000000000"
		     "00000000");

	buf_t v;
	char **s, **none;
	uint16_t *r16;
	uint32_t *r32;
	uint64_t *r64;
	double *rd;
	uint32_t n;

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_str_array(&v, &s, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0], "a");
	assert_string_equal(s[1], "bc");
	assert_null(s[2]);
	assert_int_equal(unpack16_array(&v, &r16, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r16[1], 0xfffe);
	assert_int_equal(unpack32_array(&v, &r32, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r32[2], 9);
	assert_int_equal(unpack64_array(&v, &r64, &n), 0);
	assert_int_equal(n, 1);
	assert_true(r64[0] == 0x1122334455667788ULL);
	assert_int_equal(unpack_double_array(&v, &rd, &n), 0);
	assert_true(rd[0] == 2.5);
	assert_int_equal(unpack_str_array(&v, &none, &n), 0);
	assert_int_equal(n, 0);
	assert_null(none);
	assert_int_equal(buf_remaining(&v), 0);
	str_array_free(s);
	free(r16);
	free(r32);
	free(r64);
	free(rd);
	buf_free(b);
}

static void test_buffer_helpers(void **state)
{
	buf_t *b = buf_new(2);
	size_t len;

	pack32(b, 0);
	for (int i = 0; i < 1000; i++)
		pack8(b, (uint8_t)i);          /* grows past the 2-byte hint */
	buf_put_u32_at(b, 0, (uint32_t)(buf_len(b) - 4));
	memcpy(buf_reserve(b, 2), "zz", 2);
	assert_int_equal(buf_len(b), 1006);
	assert_int_equal(b->data[2], 0x03);
	assert_int_equal(b->data[3], 0xe8);
	assert_int_equal(b->data[4 + 999], (uint8_t)999);

	uint8_t *p = buf_steal(b, &len);
	assert_int_equal(len, 1006);
	assert_memory_equal(p + 1004, "zz", 2);
	assert_int_equal(buf_len(b), 0);     /* b stays usable and empty */
	pack8(b, 1);
	assert_int_equal(buf_len(b), 1);
	free(p);
	buf_free(b);
	buf_free(NULL);
}

/* A record with one of everything, to cut at every offset. */
static void pack_record(buf_t *b)
{
	char *strs[] = { "x", "yz" };
	uint32_t a32[] = { 1, 2 };
	bitstr_t *bits = bit_alloc(10);

	bit_set(bits, 9);
	pack8(b, 1);
	pack16(b, 2);
	pack32(b, 3);
	pack64(b, 4);
	pack_time(b, 5);
	pack_double(b, 6.5);
	pack_str(b, "seven");
	pack_str(b, NULL);
	pack_mem(b, "mem", 3);
	pack_str_array(b, strs, 2);
	pack32_array(b, a32, 2);
	pack_bitstr(b, bits);
	pack_bitstr(b, NULL);
	pack_bool(b, true);
	bit_free(bits);
}

static int unpack_record(buf_t *v)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32, n1, n2, mlen;
	uint64_t u64;
	time_t t;
	double d;
	char *s1, *s2, **sa;
	void *mem;
	uint32_t *a32;
	bitstr_t *b1, *b2;
	bool yes;
	int rc = 0;

	/* unpack everything, check once: a failed buffer stays failed */
	unpack8(v, &u8);
	unpack16(v, &u16);
	unpack32(v, &u32);
	unpack64(v, &u64);
	unpack_time(v, &t);
	unpack_double(v, &d);
	unpack_str(v, &s1);
	unpack_str(v, &s2);
	unpack_mem(v, &mem, &mlen);
	unpack_str_array(v, &sa, &n1);
	unpack32_array(v, &a32, &n2);
	unpack_bitstr(v, &b1);
	unpack_bitstr(v, &b2);
	unpack_bool(v, &yes);
	if (v->failed) {
		rc = -1;
	} else {
		assert_int_equal(u8, 1);
		assert_int_equal(u16, 2);
		assert_int_equal(u32, 3);
		assert_int_equal(u64, 4);
		assert_int_equal(t, 5);
		assert_true(d == 6.5);
		assert_string_equal(s1, "seven");
		assert_null(s2);
		assert_int_equal(mlen, 3);
		assert_memory_equal(mem, "mem", 3);
		assert_int_equal(n1, 2);
		assert_string_equal(sa[1], "yz");
		assert_int_equal(n2, 2);
		assert_int_equal(a32[1], 2);
		assert_int_equal(bit_size(b1), 10);
		assert_true(bit_test(b1, 9));
		assert_int_equal(bit_count(b1), 1);
		assert_null(b2);
		assert_true(yes);
		assert_int_equal(buf_remaining(v), 0);
	}
	free(s1);
	free(s2);
	free(mem);
	str_array_free(sa);
	free(a32);
	bit_free(b1);
	bit_free(b2);
	return rc;
}

static void test_truncation_at_every_offset(void **state)
{
	buf_t *b = buf_new(0);
	buf_t v;

	pack_record(b);
	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_record(&v), 0);

	for (size_t cut = 0; cut < b->off; cut++) {
		/* a private copy, so ASan sees any read past the cut */
		uint8_t *copy = xmalloc(cut ? cut : 1);

		memcpy(copy, b->data, cut);
		err_clear();
		buf_init_view(&v, copy, cut);
		if (unpack_record(&v) != -1)
			fail_msg("record cut at %zu of %zu bytes was accepted", cut, b->off);
		assert_true(v.failed);
		assert_true(v.off <= cut);
		if (strcmp(err_msg(), "unknown error") == 0)
			fail_msg("no error message for a cut at %zu", cut);
		free(copy);
	}
	buf_free(b);
}

static void test_lying_lengths(void **state)
{
	static const struct {
		const char *hex;
		const char *why;
	} cases[] = {
		{ "ffffffff", "exceeds the limit" },          /* huge */
		{ "04000001" "41", "exceeds the limit" },     /* 64 MiB + 1 */
		{ "00000064" "616263", "runs past the end" }, /* 100, 3 left */
		{ "00000003" "616263", "NUL" },               /* no NUL */
		{ "000000", "truncated" },                    /* short length */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *raw = from_hex(cases[i].hex, &len);
		buf_t v;
		char *s = (char *)1;

		buf_init_view(&v, raw, len);
		assert_int_equal(unpack_str(&v, &s), -1);
		assert_null(s);
		assert_true(v.failed);
		if (!strstr(err_msg(), cases[i].why))
			fail_msg("case %zu: error \"%s\" lacks \"%s\"", i, err_msg(), cases[i].why);
		free(raw);
	}
}

static void test_lying_counts(void **state)
{
	size_t len;
	buf_t v;
	char **strs;
	uint32_t *a32, n;
	uint64_t *a64;
	uint8_t *raw;

	/* 1M strings claimed, 8 bytes follow: refused before allocating */
	raw = from_hex("00100000" "0000000161000000", &len);
	buf_init_view(&v, raw, len);
	assert_int_equal(unpack_str_array(&v, &strs, &n), -1);
	assert_null(strs);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err_msg(), "count"));
	free(raw);

	raw = from_hex("fffffffe", &len);
	buf_init_view(&v, raw, len);
	assert_int_equal(unpack32_array(&v, &a32, &n), -1);
	assert_null(a32);
	assert_non_null(strstr(err_msg(), "exceeds the limit"));
	free(raw);

	/* 2 u64 claimed, 12 bytes follow */
	raw = from_hex("00000002" "000000000000000100000000", &len);
	buf_init_view(&v, raw, len);
	assert_int_equal(unpack64_array(&v, &a64, &n), -1);
	assert_null(a64);
	free(raw);

	/* second string of an array runs short: the first is freed (ASan) */
	raw = from_hex("00000002" "000000026100" "00000009", &len);
	buf_init_view(&v, raw, len);
	assert_int_equal(unpack_str_array(&v, &strs, &n), -1);
	assert_null(strs);
	free(raw);
}

static void test_failure_is_sticky(void **state)
{
	uint8_t raw[] = { 0x00, 0x01, 0x00, 0x00, 0x00, 0x05 };
	buf_t v;
	uint32_t u32 = 99;
	uint16_t u16 = 99;

	buf_init_view(&v, raw, sizeof(raw));
	assert_int_equal(unpack32(&v, &u32), 0);
	assert_int_equal(unpack32(&v, &u32), -1);   /* only 2 left */
	assert_int_equal(u32, 0);
	char first[256];
	snprintf(first, sizeof(first), "%s", err_msg());
	assert_non_null(strstr(first, "u32"));
	/* two bytes would be enough for a u16, but the record is broken */
	assert_int_equal(unpack16(&v, &u16), -1);
	assert_int_equal(u16, 0);
	assert_string_equal(err_msg(), first);
}

static void test_bitstr_hex_bytes(void **state)
{
	buf_t *b = buf_new(0);
	bitstr_t *all4 = bit_alloc(4), *one4 = bit_alloc(4), *two = bit_alloc(2);

	bit_set_all(all4);
	bit_set(one4, 0);
	bit_set_all(two);
	pack_bitstr(b, all4);
	pack_bitstr(b, one4);
	pack_bitstr(b, two);
	pack_bitstr(b, NULL);
	/* as the real slurmctld sends them: 0xF, 0x1, 0x3; NULL = NO_VAL */
	assert_bytes(b, "00000004" "00000004" "30784600"
		     "00000004" "00000004" "30783100"
		     "00000002" "00000004" "30783300"
		     "fffffffe");

	buf_t v;
	bitstr_t *r;

	buf_init_view(&v, b->data, b->off);
	assert_int_equal(unpack_bitstr(&v, &r), 0);
	assert_true(bit_equal(r, all4));
	bit_free(r);
	assert_int_equal(unpack_bitstr(&v, &r), 0);
	assert_true(bit_equal(r, one4));
	bit_free(r);
	assert_int_equal(unpack_bitstr(&v, &r), 0);
	assert_true(bit_equal(r, two));
	bit_free(r);
	assert_int_equal(unpack_bitstr(&v, &r), 0);
	assert_null(r);
	assert_int_equal(buf_remaining(&v), 0);
	bit_free(all4);
	bit_free(one4);
	bit_free(two);
	buf_free(b);
}

static void test_bitstr_unpack_bad(void **state)
{
	static const struct {
		const char *hex;
		const char *why;
	} cases[] = {
		/* 4 bits but "0x1F" sets bit 4 */
		{ "00000004" "00000005" "3078314600", "bit 4" },
		/* not hex */
		{ "00000004" "00000004" "30785a00", "bad character" },
		/* absurd bit count */
		{ "f0000000" "00000004" "30784600", "exceeds the limit" },
		/* bits but no mask */
		{ "00000008" "00000000", "no hex mask" },
		/* mask string truncated */
		{ "00000008" "00000004" "3078", "runs past the end" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *raw = from_hex(cases[i].hex, &len);
		buf_t v;
		bitstr_t *r = (bitstr_t *)1;

		buf_init_view(&v, raw, len);
		assert_int_equal(unpack_bitstr(&v, &r), -1);
		assert_null(r);
		if (!strstr(err_msg(), cases[i].why))
			fail_msg("case %zu: error \"%s\" lacks \"%s\"", i, err_msg(), cases[i].why);
		free(raw);
	}

	/* lower case and fewer digits are fine, as for Slurm's reader */
	size_t len;
	uint8_t *raw = from_hex("0000000c" "00000004" "30786100", &len);
	buf_t v;
	bitstr_t *r;

	buf_init_view(&v, raw, len);
	assert_int_equal(unpack_bitstr(&v, &r), 0);
	char *list = bit_fmt_list(r);
	assert_string_equal(list, "1,3");
	free(list);
	bit_free(r);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_big_endian),
		cmocka_unit_test(test_bool_any_nonzero_is_true),
		cmocka_unit_test(test_doubles_as_slurm),
		cmocka_unit_test(test_strings_null_vs_empty),
		cmocka_unit_test(test_mem_and_raw),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_buffer_helpers),
		cmocka_unit_test(test_truncation_at_every_offset),
		cmocka_unit_test(test_lying_lengths),
		cmocka_unit_test(test_lying_counts),
		cmocka_unit_test(test_failure_is_sticky),
		cmocka_unit_test(test_bitstr_hex_bytes),
		cmocka_unit_test(test_bitstr_unpack_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
