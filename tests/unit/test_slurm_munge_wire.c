/* test_slurm_munge_wire.c - munged's socket messages: an encode and a
 * decode request byte for byte as libmunge writes them (header, default
 * cipher/MAC/zip, the uid restriction, the credential with its NUL);
 * answers parsed into munged's error, its text, the credential or the
 * payload and its owner; a wrong magic, version, type or length
 * refused in words; every answer cut short refused, never read past. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/munge_wire.h"

static const uint8_t hdr_magic[] = { 0x00, 0x60, 0x6d, 0x4b, 4 };

static void test_encode_request(void **unused)
{
	const uint8_t payload[3] = { 0x02, 0xab, 0xcd };
	size_t len;
	uint8_t *m = mw_encode_req(payload, sizeof(payload), 1000, &len);
	const uint8_t want_body[] = {
		1, 1, 1,		/* daemon's default cipher, mac, zip */
		0,			/* no realm */
		0, 0, 0, 0,		/* daemon's default ttl */
		0, 0, 0x03, 0xe8,	/* only uid 1000 may decode */
		0xff, 0xff, 0xff, 0xff,	/* any gid */
		0, 0, 0, 3, 0x02, 0xab, 0xcd,
	};

	(void)unused;
	assert_int_equal(len, MW_HDR_LEN + sizeof(want_body));
	assert_memory_equal(m, hdr_magic, sizeof(hdr_magic));
	assert_int_equal(m[5], 2);	/* encode request */
	assert_int_equal(m[6], 0);	/* first try */
	assert_int_equal(m[7] << 24 | m[8] << 16 | m[9] << 8 | m[10],
			 sizeof(want_body));
	assert_memory_equal(m + MW_HDR_LEN, want_body, sizeof(want_body));
	free(m);
}

static void test_decode_request(void **unused)
{
	const char *cred = "MUNGE:AbC=:";
	size_t len;
	uint8_t *m = mw_decode_req(cred, &len);

	(void)unused;
	assert_int_equal(len, MW_HDR_LEN + 4 + strlen(cred) + 1);
	assert_memory_equal(m, hdr_magic, sizeof(hdr_magic));
	assert_int_equal(m[5], 4);	/* decode request */
	assert_int_equal(m[10], 4 + strlen(cred) + 1);
	assert_int_equal(m[14], strlen(cred) + 1);	/* the NUL counts */
	assert_memory_equal(m + 15, cred, strlen(cred) + 1);
	free(m);
}

static void put_hdr(uint8_t *h, uint8_t version, uint8_t type, uint32_t len)
{
	memcpy(h, hdr_magic, 4);
	h[4] = version;
	h[5] = type;
	h[6] = 0;
	h[7] = (uint8_t)(len >> 24);
	h[8] = (uint8_t)(len >> 16);
	h[9] = (uint8_t)(len >> 8);
	h[10] = (uint8_t)len;
}

static void test_header(void **unused)
{
	uint8_t h[MW_HDR_LEN];
	uint32_t n = 0;

	(void)unused;
	put_hdr(h, 4, 3, 40);
	assert_int_equal(mw_parse_hdr(h, 0, &n), 0);
	assert_int_equal(n, 40);
	put_hdr(h, 4, 5, 77);
	assert_int_equal(mw_parse_hdr(h, 1, &n), 0);
	assert_int_equal(n, 77);

	/* an encode's answer where a decode's was awaited */
	put_hdr(h, 4, 3, 40);
	assert_int_equal(mw_parse_hdr(h, 1, &n), -1);
	assert_string_equal(err_msg(), "munged answered with message type 3");
	put_hdr(h, 3, 3, 40);
	assert_int_equal(mw_parse_hdr(h, 0, &n), -1);
	assert_string_equal(err_msg(), "munged speaks message version 3, not 4");
	put_hdr(h, 4, 3, MW_MAX_BODY + 1);
	assert_int_equal(mw_parse_hdr(h, 0, &n), -1);
	assert_non_null(strstr(err_msg(), "too long"));
	put_hdr(h, 4, 3, 40);
	h[0] = 0x47;
	assert_int_equal(mw_parse_hdr(h, 0, &n), -1);
	assert_string_equal(err_msg(),
			    "munged answered with a bad magic number 0x47606d4b");
}

/* an encode's answer: error number and text, then the credential */
static size_t enc_answer(uint8_t *b, uint8_t e, const char *why,
			 const char *cred, int with_nul)
{
	size_t n = 0, wl = why ? strlen(why) + 1 : 0;
	size_t cl = strlen(cred) + (with_nul ? 1 : 0);

	b[n++] = e;
	b[n++] = (uint8_t)wl;
	memcpy(b + n, why ? why : "", wl);
	n += wl;
	b[n++] = 0;
	b[n++] = 0;
	b[n++] = (uint8_t)(cl >> 8);
	b[n++] = (uint8_t)cl;
	memcpy(b + n, cred, cl);
	return n + cl;
}

static void test_encode_answer(void **unused)
{
	uint8_t b[512];
	struct mw_answer a;
	size_t n;

	(void)unused;
	n = enc_answer(b, 0, NULL, "MUNGE:xyz:", 1);
	assert_int_equal(mw_parse_encode(b, n, &a), 0);
	assert_int_equal(a.err, 0);
	assert_string_equal(a.why, "");
	/* the credential without the NUL munged sends */
	assert_int_equal(a.data_len, 10);
	assert_memory_equal(a.data, "MUNGE:xyz:", 10);

	n = enc_answer(b, 0, NULL, "MUNGE:xyz:", 0);
	assert_int_equal(mw_parse_encode(b, n, &a), 0);
	assert_int_equal(a.data_len, 10);

	/* munged's refusal with its words */
	n = enc_answer(b, 15, "Unauthorized credential", "", 0);
	assert_int_equal(mw_parse_encode(b, n, &a), 0);
	assert_int_equal(a.err, 15);
	assert_string_equal(a.why, "Unauthorized credential");

	/* success without a credential is no success */
	n = enc_answer(b, 0, NULL, "", 0);
	assert_int_equal(mw_parse_encode(b, n, &a), -1);
	assert_string_equal(err_msg(),
			    "munged's answer to an encode carries no credential");

	n = enc_answer(b, 0, NULL, "MUNGE:xyz:", 1);
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *c = xmalloc(cut ? cut : 1);

		memcpy(c, b, cut);
		assert_int_equal(mw_parse_encode(c, cut, &a), -1);
		assert_string_equal(err_msg(),
				    "munged's answer to an encode is cut short");
		free(c);
	}
}

static size_t put32(uint8_t *b, size_t n, uint32_t v)
{
	b[n] = (uint8_t)(v >> 24);
	b[n + 1] = (uint8_t)(v >> 16);
	b[n + 2] = (uint8_t)(v >> 8);
	b[n + 3] = (uint8_t)v;
	return n + 4;
}

/* a decode's answer as munged 0.5.15 writes it */
static size_t dec_answer(uint8_t *b, uint8_t e, const char *why,
			 uint32_t uid, uint32_t gid, const void *p, uint32_t pl)
{
	size_t n = 0, wl = why ? strlen(why) + 1 : 0;

	b[n++] = e;
	b[n++] = (uint8_t)wl;
	memcpy(b + n, why ? why : "", wl);
	n += wl;
	b[n++] = 4;		/* cipher aes128 */
	b[n++] = 4;		/* mac sha256 */
	b[n++] = 0;		/* zip none */
	b[n++] = 5;		/* realm "east" with its NUL */
	memcpy(b + n, "east", 5);
	n += 5;
	n = put32(b, n, 300);	/* ttl */
	b[n++] = 4;		/* the encoding host's address */
	memcpy(b + n, "\x7f\0\0\x01", 4);
	n += 4;
	n = put32(b, n, 1700000000);
	n = put32(b, n, 1700000001);
	n = put32(b, n, uid);
	n = put32(b, n, gid);
	n = put32(b, n, 0xffffffffu);
	n = put32(b, n, 0xffffffffu);
	n = put32(b, n, pl);
	memcpy(b + n, p, pl);
	return n + pl;
}

static void test_decode_answer(void **unused)
{
	uint8_t b[512];
	struct mw_answer a;
	size_t n;

	(void)unused;
	n = dec_answer(b, 0, NULL, 1001, 100, "\x02hash", 5);
	assert_int_equal(mw_parse_decode(b, n, &a), 0);
	assert_int_equal(a.err, 0);
	assert_int_equal(a.uid, 1001);
	assert_int_equal(a.gid, 100);
	assert_int_equal(a.data_len, 5);
	assert_memory_equal(a.data, "\x02hash", 5);

	/* an empty payload */
	n = dec_answer(b, 0, NULL, 0, 0, "", 0);
	assert_int_equal(mw_parse_decode(b, n, &a), 0);
	assert_int_equal(a.data_len, 0);

	n = dec_answer(b, 17, "Replayed credential", 1001, 100, "", 0);
	assert_int_equal(mw_parse_decode(b, n, &a), 0);
	assert_int_equal(a.err, 17);
	assert_string_equal(a.why, "Replayed credential");

	n = dec_answer(b, 0, NULL, 1001, 100, "\x02hash", 5);
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *c = xmalloc(cut ? cut : 1);

		memcpy(c, b, cut);
		assert_int_equal(mw_parse_decode(c, cut, &a), -1);
		assert_string_equal(err_msg(),
				    "munged's answer to a decode is cut short");
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_request),
		cmocka_unit_test(test_decode_request),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_encode_answer),
		cmocka_unit_test(test_decode_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
