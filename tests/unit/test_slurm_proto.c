/* test_slurm_proto.c - Slurm 22.05 framing: frames we build are the exact
 * bytes a real client sends and parse back; malformed frames (short, lying
 * lengths, bad credential, unknown auth plugin, wrong version) give a clean
 * error and the Slurm rc to answer with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "slurm/errnos.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"

#define CRED "MUNGE:AwQFAAB:"

static uint8_t *from_hex(const char *hex, size_t *len)
{
	size_t n = 0;
	uint8_t *p = xmalloc(strlen(hex) / 2 + 1);

	for (const char *s = hex; s[0] && s[1]; ) {
		unsigned v;
		if (*s == ' ') {
			s++;
			continue;
		}
		sscanf(s, "%2x", &v);
		p[n++] = (uint8_t)v;
		s += 2;
	}
	*len = n;
	return p;
}

static char *to_hex(const uint8_t *p, size_t n)
{
	char *s = xcalloc(1, n * 2 + 1);

	for (size_t i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	return s;
}

/* Parse hex (what follows the length prefix) through an exact-size copy,
 * so ASan catches a read past the end. m's pointers point into the copy:
 * KEEP gets it when the test reads them. */
static int parse_hex_keep(const char *hex, struct slurm_msg *m, uint8_t **keep)
{
	size_t len;
	uint8_t *raw = from_hex(hex, &len);
	int rc;

	err_clear();
	rc = slurm_msg_parse(raw, len, m);
	if (keep)
		*keep = raw;
	else
		free(raw);
	return rc;
}

static int parse_hex(const char *hex, struct slurm_msg *m)
{
	return parse_hex_keep(hex, m, NULL);
}

static void expect_refused(const char *hex, const char *why, int slurm_rc)
{
	struct slurm_msg m;

	if (parse_hex(hex, &m) != -1)
		fail_msg("frame %s was accepted", hex);
	if (!strstr(err_msg(), why))
		fail_msg("error \"%s\" lacks \"%s\"", err_msg(), why);
	assert_int_equal(m.error_rc, slurm_rc);
}

/* "MUNGE:AwQFAAB:" as packstr: length 15 with the NUL */
#define CRED_HEX "0000000f" "4d554e47453a417751464141423a" "00"
#define HDR_PING "2600" "0000" "03f0"

static void test_build_exact_bytes(void **state)
{
	buf_t *b = buf_new(0);
	const uint8_t body[] = { 0, 0, 0, 0 };

	/* the same shape as a captured RESPONSE_SLURM_RC (protocol doc 1.7) */
	assert_int_equal(slurm_msg_build(b, RESPONSE_SLURM_RC, 0, SLURM_AUTH_MUNGE,
					 CRED, body, 4), 0);
	char *hex = to_hex(b->data, b->off);
	assert_string_equal(hex,
		"0000002b"                 /* 43 bytes follow */
		"2600" "0000" "1f41"       /* version, flags, 8001 */
		"00000004"                 /* body_length */
		"0000" "0000" "0000"       /* forward, ret, AF_UNSPEC */
		"00000065" CRED_HEX        /* munge */
		"00000000");               /* rc 0 */
	free(hex);
	buf_free(b);
}

static void test_round_trip_munge(void **state)
{
	buf_t *b = buf_new(0);
	struct slurm_msg m;
	const uint8_t body[] = "payload";

	pack8(b, 0xee);   /* frames append at the current position */
	assert_int_equal(slurm_msg_build(b, REQUEST_SUBMIT_BATCH_JOB, SLURM_GLOBAL_AUTH_KEY,
					 SLURM_AUTH_MUNGE, CRED, body, 7), 0);
	assert_int_equal(buf_len(b), 1 + 4 + 16 + 4 + 4 + sizeof(CRED) + 7);

	uint8_t *frame = b->data + 1;
	uint32_t n = (uint32_t)frame[0] << 24 | frame[1] << 16 | frame[2] << 8 | frame[3];
	assert_int_equal(n, buf_len(b) - 5);
	assert_int_equal(slurm_frame_len_check(n), 0);
	assert_int_equal(slurm_msg_parse(frame + 4, n, &m), 0);
	assert_int_equal(m.protocol_version, 0x2600);
	assert_int_equal(m.flags, SLURM_GLOBAL_AUTH_KEY);
	assert_int_equal(m.msg_type, 4003);
	assert_int_equal(m.body_length, 7);
	assert_int_equal(m.forward_cnt, 0);
	assert_int_equal(m.ret_cnt, 0);
	assert_int_equal(m.orig_addr.family, SLURM_AF_UNSPEC);
	assert_int_equal(m.auth_plugin, SLURM_AUTH_MUNGE);
	assert_string_equal(m.cred, CRED);
	assert_int_equal(m.cred_len, strlen(CRED));
	assert_int_equal(m.header_len, 16);
	assert_int_equal(m.auth_len, 4 + 4 + sizeof(CRED));
	assert_int_equal(m.body_len, 7);
	assert_memory_equal(m.body, "payload", 7);
	buf_free(b);
}

/* Header and credential are known from the first bytes, before any of
 * the body; a start that cannot become a frame is refused at once. */
static void test_parse_head(void **state)
{
	buf_t *b = buf_new(0);
	struct slurm_msg m;
	uint8_t body[1000];
	uint8_t *frame;
	size_t head = 16 + 4 + 4 + sizeof(CRED);
	uint32_t n;

	memset(body, 'x', sizeof(body));
	assert_int_equal(slurm_msg_build(b, REQUEST_SUBMIT_BATCH_JOB, 0,
					 SLURM_AUTH_MUNGE, CRED, body,
					 sizeof(body)), 0);
	frame = b->data + 4;
	n = (uint32_t)(buf_len(b) - 4);
	for (size_t avail = 0; avail < head; avail++)
		assert_int_equal(slurm_msg_parse_head(frame, avail, n, &m), 1);
	assert_int_equal(slurm_msg_parse_head(frame, head, n, &m), 0);
	assert_int_equal(m.msg_type, REQUEST_SUBMIT_BATCH_JOB);
	assert_int_equal(m.body_length, sizeof(body));
	assert_string_equal(m.cred, CRED);
	assert_int_equal(m.header_len + m.auth_len, head);
	assert_null(m.body);
	assert_int_equal(slurm_msg_parse_head(frame, head + 10, n, &m), 0);
	/* a length prefix that disagrees with body_length */
	assert_int_equal(slurm_msg_parse_head(frame, head, n + 1, &m), -1);
	assert_int_equal(m.error_rc, ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	/* a bad version or auth plugin is known from the first bytes */
	frame[0] = 0x10;
	assert_int_equal(slurm_msg_parse_head(frame, 2, n, &m), -1);
	assert_int_equal(m.error_rc, SLURM_PROTOCOL_VERSION_ERROR);
	frame[0] = 0x26;
	frame[19] = 0x37;
	assert_int_equal(slurm_msg_parse_head(frame, 20, n, &m), -1);
	assert_non_null(strstr(err_msg(), "unknown auth plugin id 55"));
	/* a credential that claims more than the frame holds */
	frame[19] = 0x65;
	frame[20] = 0x7f;
	assert_int_equal(slurm_msg_parse_head(frame, head, n, &m), 1);
	assert_int_equal(slurm_msg_parse_head(frame, n, n, &m), -1);
	buf_free(b);
}

static void test_round_trip_auth_none(void **state)
{
	buf_t *b = buf_new(0);
	struct slurm_msg m;
	struct slurm_auth none = {
		.plugin = SLURM_AUTH_NONE, .uid = 1000, .gid = 100, .host = "n1",
	};

	assert_int_equal(slurm_msg_build_auth(b, REQUEST_PING, 0, &none, NULL, 0), 0);
	char *hex = to_hex(b->data, b->off);
	/* auth/none: u32 100, u32 uid, u32 gid, packstr hostname */
	assert_string_equal(hex, "00000023" HDR_PING "00000000" "000000000000"
			    "00000064" "000003e8" "00000064" "000000036e3100");
	free(hex);
	assert_int_equal(slurm_msg_parse(b->data + 4, b->off - 4, &m), 0);
	assert_int_equal(m.auth_plugin, SLURM_AUTH_NONE);
	assert_int_equal(m.auth_uid, 1000);
	assert_int_equal(m.auth_gid, 100);
	assert_string_equal(m.auth_host, "n1");
	assert_null(m.cred);
	assert_null(m.body);
	assert_int_equal(m.body_len, 0);
	buf_free(b);

	/* the short form takes our own ids and CRED as the hostname */
	b = buf_new(0);
	assert_int_equal(slurm_msg_build(b, REQUEST_PING, 0, SLURM_AUTH_NONE, "me",
					 NULL, 0), 0);
	assert_int_equal(slurm_msg_parse(b->data + 4, b->off - 4, &m), 0);
	assert_int_equal(m.auth_uid, geteuid());
	assert_int_equal(m.auth_gid, getegid());
	assert_string_equal(m.auth_host, "me");
	buf_free(b);
}

static void test_build_refuses(void **state)
{
	buf_t *b = buf_new(0);

	pack8(b, 7);
	assert_int_equal(slurm_msg_build(b, REQUEST_PING, 0, 77, CRED, NULL, 0), -1);
	assert_non_null(strstr(err_msg(), "auth plugin id 77"));
	assert_int_equal(slurm_msg_build(b, REQUEST_PING, 0, SLURM_AUTH_MUNGE, NULL, NULL, 0), -1);
	assert_non_null(strstr(err_msg(), "credential"));
	assert_int_equal(buf_len(b), 1);    /* nothing half-written */

	/* a body that would push the frame past the limit (never read) */
	static const uint8_t dummy[1];
	assert_int_equal(slurm_msg_build(b, RESPONSE_JOB_INFO, 0, SLURM_AUTH_MUNGE, CRED,
					 dummy, SLURM_MAX_FRAME), -1);
	assert_non_null(strstr(err_msg(), "RESPONSE_JOB_INFO"));
	assert_non_null(strstr(err_msg(), "exceeds the limit"));
	assert_int_equal(buf_len(b), 1);
	buf_free(b);
}

static void test_every_truncation_fails(void **state)
{
	buf_t *b = buf_new(0);
	struct slurm_msg m;

	assert_int_equal(slurm_msg_build(b, REQUEST_UPDATE_NODE, 0, SLURM_AUTH_MUNGE,
					 CRED, (const uint8_t *)"abcdef", 6), 0);
	for (size_t cut = 0; cut < b->off - 4; cut++) {
		uint8_t *copy = xmalloc(cut ? cut : 1);

		memcpy(copy, b->data + 4, cut);
		err_clear();
		if (slurm_msg_parse(copy, cut, &m) != -1)
			fail_msg("frame cut to %zu bytes was accepted", cut);
		assert_string_not_equal(err_msg(), "unknown error");
		assert_int_not_equal(m.error_rc, 0);
		free(copy);
	}
	buf_free(b);
}

static void test_short_header(void **state)
{
	expect_refused("", "truncated", SLURM_COMMUNICATIONS_RECEIVE_ERROR);
	expect_refused("26", "truncated", SLURM_COMMUNICATIONS_RECEIVE_ERROR);
	expect_refused(HDR_PING "000000", "bad Slurm header",
		       SLURM_COMMUNICATIONS_RECEIVE_ERROR);
	/* header complete, auth plugin id missing */
	expect_refused(HDR_PING "00000000" "0000" "0000" "0000", "auth section",
		       ESLURM_PROTOCOL_INCOMPLETE_PACKET);
}

static void test_body_length_mismatch(void **state)
{
	/* says 5, has 4 */
	expect_refused(HDR_PING "00000005" "000000000000" "00000065" CRED_HEX "00000000",
		       "body_length 5 but 4 bytes follow", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	/* says 3, has 4: Debian's 22.05 refuses extra bytes too */
	expect_refused(HDR_PING "00000003" "000000000000" "00000065" CRED_HEX "00000000",
		       "body_length 3 but 4 bytes follow", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	/* a huge lie */
	expect_refused(HDR_PING "ffffffff" "000000000000" "00000065" CRED_HEX,
		       "body_length 4294967295 but 0", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	struct slurm_msg m;
	parse_hex(HDR_PING "00000005" "000000000000" "00000065" CRED_HEX "00000000", &m);
	assert_non_null(strstr(err_msg(), "REQUEST_PING"));
}

static void test_bad_credential(void **state)
{
	const char *hdr = HDR_PING "00000000" "000000000000" "00000065";
	char *f;

	/* length far past the end */
	f = xasprintf("%s%s", hdr, "ffffff00" "4d554e47453a00");
	expect_refused(f, "exceeds the limit", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	free(f);
	f = xasprintf("%s%s", hdr, "00000010" "4d554e47453a00");
	expect_refused(f, "runs past the end", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	free(f);
	/* no NUL at the end of the credential */
	f = xasprintf("%s%s", hdr, "00000006" "4d554e47453a");
	expect_refused(f, "NUL", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
	free(f);
	/* NULL and "" credentials */
	f = xasprintf("%s%s", hdr, "00000000");
	expect_refused(f, "empty munge credential", SLURM_PROTOCOL_AUTHENTICATION_ERROR);
	free(f);
	f = xasprintf("%s%s", hdr, "0000000100");
	expect_refused(f, "empty munge credential", SLURM_PROTOCOL_AUTHENTICATION_ERROR);
	free(f);
	/* auth/none hostname running short */
	expect_refused(HDR_PING "00000000" "000000000000" "00000064" "00000000" "00000000"
		       "00000009" "6e3100", "auth/none", ESLURM_PROTOCOL_INCOMPLETE_PACKET);
}

static void test_unknown_auth_plugin(void **state)
{
	expect_refused(HDR_PING "00000000" "000000000000" "00000037" CRED_HEX,
		       "unknown auth plugin id 55", SLURM_PROTOCOL_AUTHENTICATION_ERROR);
	expect_refused(HDR_PING "00000000" "000000000000" "00000066" CRED_HEX,
		       "auth/jwt", SLURM_PROTOCOL_AUTHENTICATION_ERROR);
}

static void test_versions(void **state)
{
	struct slurm_msg m;

	/* 20.10 and older: refused, but the version is known to the caller */
	expect_refused("2300" "0000" "0000" "03f0" "00000000" "000000000000",
		       "older than the oldest supported", SLURM_PROTOCOL_VERSION_ERROR);
	parse_hex("2300", &m);
	assert_int_equal(m.protocol_version, 0x2300);
	/* newer than the newest with a table (24.05): refused after the
	 * header, msg_type known */
	expect_refused("2a00" "0000" "03f0" "00000000" "000000000000" "00000065" CRED_HEX,
		       "newer than 24.05", SLURM_PROTOCOL_VERSION_ERROR);
	parse_hex("2a00" "0000" "03f0" "00000000" "000000000000" "00000065" CRED_HEX, &m);
	assert_int_equal(m.msg_type, REQUEST_PING);
	/* 24.05 keeps the 23.11 header */
	assert_int_equal(parse_hex("2900" "0000" "03f0" "00000000" "000000000000"
				   "00000065" CRED_HEX, &m), 0);
	assert_int_equal(m.protocol_version, 0x2900);
	assert_int_equal(m.msg_type, REQUEST_PING);
	/* 23.02 keeps the 22.05 header: parsed, the body is the caller's */
	assert_int_equal(parse_hex("2700" "0000" "03f0" "00000000" "000000000000"
				   "00000065" CRED_HEX, &m), 0);
	assert_int_equal(m.protocol_version, 0x2700);
	assert_int_equal(m.msg_type, REQUEST_PING);
	/* 21.08 header: the extra u16 msg_index after flags */
	assert_int_equal(parse_hex("2500" "0000" "0000" "03f0" "00000000" "000000000000"
				   "00000065" CRED_HEX, &m), 0);
	assert_int_equal(m.protocol_version, 0x2500);
	assert_int_equal(m.msg_type, REQUEST_PING);
	assert_int_equal(m.header_len, 18);
}

static void test_forward_and_ret(void **state)
{
	struct slurm_msg m;
	uint8_t *raw;

	/* forward_cnt 2: nodelist, timeout, tree width */
	assert_int_equal(parse_hex_keep(HDR_PING "00000000" "0002" "000000076e5b312d325d00"
					"00002710" "0032" "0000" "0000" "00000065" CRED_HEX,
					&m, &raw), 0);
	assert_int_equal(m.forward_cnt, 2);
	assert_string_equal(m.forward_nodelist, "n[1-2]");
	assert_int_equal(m.forward_timeout, 10000);
	assert_int_equal(m.forward_tree_width, 50);
	assert_int_equal(m.header_len, 16 + 11 + 6);
	assert_string_equal(m.cred, CRED);
	free(raw);
	/* forward nodelist cut short */
	expect_refused(HDR_PING "00000000" "0002" "000000ff6e5b", "runs past the end",
		       SLURM_COMMUNICATIONS_RECEIVE_ERROR);
	/* reply lists are refused */
	expect_refused(HDR_PING "00000000" "0000" "0001" "0000" "00000065" CRED_HEX,
		       "ret_cnt", SLURM_COMMUNICATIONS_RECEIVE_ERROR);
}

static void test_orig_addr(void **state)
{
	struct slurm_msg m;
	char text[64];

	/* 127.0.0.1:49984 as a little-endian slurmd packs it (golden README) */
	assert_int_equal(parse_hex("2600" "0000" "1f41" "00000004" "0000" "0000"
				   "0002" "0100007f" "40c3"
				   "00000065" CRED_HEX "00000000", &m), 0);
	assert_int_equal(m.orig_addr.family, SLURM_AF_INET);
	assert_memory_equal(m.orig_addr.addr, "\x7f\x00\x00\x01", 4);
	assert_int_equal(m.orig_addr.port, 49984);
	assert_int_equal(m.header_len, 22);
	assert_string_equal(slurm_addr_fmt(&m.orig_addr, text, sizeof(text)),
			    "127.0.0.1:49984");

	/* and we pack it back the same way */
	buf_t *b = buf_new(0);
	slurm_pack_addr(b, &m.orig_addr);
	char *hex = to_hex(b->data, b->off);
	assert_string_equal(hex, "00020100007f40c3");
	free(hex);
	buf_free(b);

	/* IPv6: packmem of 16 bytes, then the port */
	struct slurm_addr a6 = { .family = SLURM_AF_INET6, .port = 6817 };
	a6.addr[15] = 1;
	b = buf_new(0);
	slurm_pack_addr(b, &a6);
	hex = to_hex(b->data, b->off);
	assert_string_equal(hex, "000a" "00000010" "00000000000000000000000000000001" "a11a");
	free(hex);
	buf_t v;
	struct slurm_addr back;
	buf_init_view(&v, b->data, b->off);
	assert_int_equal(slurm_unpack_addr(&v, &back), 0);
	assert_string_equal(slurm_addr_fmt(&back, text, sizeof(text)), "[::1]:6817");
	buf_free(b);

	/* an IPv6 address of the wrong size, an IPv4 address cut short */
	expect_refused(HDR_PING "00000000" "0000" "0000" "000a" "00000004" "7f000001" "1a1a",
		       "IPv6 address of 4 bytes", SLURM_COMMUNICATIONS_RECEIVE_ERROR);
	expect_refused(HDR_PING "00000000" "0000" "0000" "0002" "0100", "truncated",
		       SLURM_COMMUNICATIONS_RECEIVE_ERROR);
	struct slurm_addr un = { 0 };
	assert_string_equal(slurm_addr_fmt(&un, text, sizeof(text)), "unspec");
}

static void test_frame_limits(void **state)
{
	assert_int_equal(slurm_frame_len_check(SLURM_MIN_FRAME - 1), -1);
	assert_non_null(strstr(err_msg(), "too short"));
	assert_int_equal(slurm_frame_len_check(SLURM_MIN_FRAME), 0);
	assert_int_equal(slurm_frame_len_check(SLURM_MAX_FRAME), 0);
	assert_int_equal(slurm_frame_len_check(SLURM_MAX_FRAME + 1), -1);
	assert_non_null(strstr(err_msg(), "exceeds the limit"));
	assert_int_equal(slurm_frame_len_check(0xffffffffu), -1);

	struct slurm_msg m;
	uint8_t *big = calloc(1, (size_t)SLURM_MAX_FRAME + 1);
	assert_non_null(big);
	assert_int_equal(slurm_msg_parse(big, (size_t)SLURM_MAX_FRAME + 1, &m), -1);
	assert_int_equal(m.error_rc, SLURM_PROTOCOL_INSANE_MSG_LENGTH);
	free(big);
}

/* A head written apart, then the body, is the frame build_sec writes; a
 * head announcing a body over the limit is refused and leaves OUT as is. */
static void test_head_then_body(void **state)
{
	static const uint8_t sec[] = { 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0,
				       0, 0, 0, 0 };
	static const uint8_t body[] = { 0, 0, 0, 0 };
	buf_t *whole = buf_new(64), *parts = buf_new(64);
	struct slurm_msg m;

	assert_int_equal(slurm_msg_build_sec(whole, RESPONSE_SLURM_RC, 0, sec,
					     sizeof(sec), body, sizeof(body)), 0);
	assert_int_equal(slurm_msg_build_head(parts, RESPONSE_SLURM_RC, 0, sec,
					      sizeof(sec), sizeof(body)), 0);
	pack_raw(parts, body, sizeof(body));
	assert_int_equal(buf_len(parts), buf_len(whole));
	assert_memory_equal(parts->data, whole->data, buf_len(whole));
	assert_int_equal(slurm_msg_parse(whole->data + 4, buf_len(whole) - 4, &m), 0);
	assert_int_equal(m.msg_type, RESPONSE_SLURM_RC);
	assert_int_equal(m.body_len, sizeof(body));

	assert_int_equal(slurm_msg_build_head(parts, RESPONSE_SLURM_RC, 0, sec,
					      sizeof(sec), SLURM_MAX_FRAME), -1);
	assert_non_null(strstr(err_msg(), "exceeds the limit"));
	assert_int_equal(buf_len(parts), buf_len(whole));
	buf_free(whole);
	buf_free(parts);
}

static void test_names(void **state)
{
	assert_string_equal(slurm_msg_type_name(REQUEST_PING), "REQUEST_PING");
	assert_string_equal(slurm_msg_type_name(8001), "RESPONSE_SLURM_RC");
	assert_string_equal(slurm_msg_type_name(4003), "REQUEST_SUBMIT_BATCH_JOB");
	assert_string_equal(slurm_msg_type_name(1), "1");
	assert_string_equal(slurm_msg_type_name(65535), "65535");
	assert_true(slurm_msg_type_known(2004));
	assert_false(slurm_msg_type_known(2005 + 10000));
	assert_int_equal(slurm_msg_type_from_name("RESPONSE_JOB_INFO"), 2004);
	assert_int_equal(slurm_msg_type_from_name("NO_SUCH_MSG"), -1);

	assert_int_equal(ESLURM_INVALID_JOB_ID, 2017);
	assert_string_equal(slurm_strerror(ESLURM_INVALID_JOB_ID), "Invalid job id specified");
	assert_string_equal(slurm_strerror(SLURM_SUCCESS), "No error");
	assert_string_equal(slurm_strerror(SLURM_ERROR), "Unspecified error");
	assert_string_equal(slurm_strerror(ESLURM_IN_STANDBY_MODE),
			    "Slurm backup controller in standby mode");
	assert_string_equal(slurm_strerror(123456), "Unknown error 123456");
	assert_string_equal(slurm_errno_name(2027), "ESLURM_IN_STANDBY_MODE");
	assert_null(slurm_errno_name(123456));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_exact_bytes),
		cmocka_unit_test(test_round_trip_munge),
		cmocka_unit_test(test_round_trip_auth_none),
		cmocka_unit_test(test_parse_head),
		cmocka_unit_test(test_build_refuses),
		cmocka_unit_test(test_every_truncation_fails),
		cmocka_unit_test(test_short_header),
		cmocka_unit_test(test_body_length_mismatch),
		cmocka_unit_test(test_bad_credential),
		cmocka_unit_test(test_unknown_auth_plugin),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_forward_and_ret),
		cmocka_unit_test(test_orig_addr),
		cmocka_unit_test(test_frame_limits),
		cmocka_unit_test(test_head_then_body),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
