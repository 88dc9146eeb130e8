/* test_slurm_auth.c - auth/munge and auth/none sections against real
 * munged daemons: one with the golden capture's key, one with a random
 * key, both private to this test (munged_fixture: started in the group
 * setup, killed in the teardown). A missing munged is a failure: make
 * deps installs it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include <munge.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/auth.h"
#include "munged_fixture.h"

#define GOLDEN_DEFAULT "tests/golden/slurm-22.05"

static struct {
	const char *golden;
	struct munged_fixture main;	/* the golden munge.key */
	struct munged_fixture other;	/* a random key */
} env;

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!fp)
		return NULL;
	do {
		if (n == cap)
			xgrow((void **)&data, &cap, n + 4096, 1);
		got = fread(data + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*len = n;
	return data;
}

static int teardown(void **state)
{
	munged_fixture_stop(&env.main);
	munged_fixture_stop(&env.other);
	return 0;
}

static int setup(void **state)
{
	uint8_t *key;
	size_t key_len;
	char *path;

	env.golden = getenv("FLURM_GOLDEN");
	if (!env.golden)
		env.golden = GOLDEN_DEFAULT;
	path = xasprintf("%s/munge.key", env.golden);
	key = slurp(path, &key_len);
	free(path);
	if (!key) {
		fprintf(stderr, "# cannot read %s/munge.key\n", env.golden);
		return -1;
	}
	if (munged_fixture_start_key(&env.main, key, key_len) < 0) {
		free(key);
		return -1;
	}
	free(key);
	if (munged_fixture_start(&env.other) < 0)
		goto fail;
	return 0;
fail:
	teardown(state);
	return -1;
}

/* ---- helpers for the tests ---- */

static const char body[] = "job_desc: name=golden script=#!/bin/sh";

static void sign_and_parse(struct auth_ctx *ctx, uint16_t type,
			   const void *b, size_t len, uid_t r_uid,
			   uint8_t **sec, struct auth_cred *cred)
{
	size_t sec_len, used;

	assert_int_equal(auth_sign(ctx, type, b, len, r_uid, sec, &sec_len), 0);
	assert_int_equal(auth_parse(*sec, sec_len, cred, &used), 0);
	assert_int_equal(used, sec_len);
}

/* The common case: anyone may decode. */
static void sign_any(struct auth_ctx *ctx, uint16_t type, const void *b,
		     size_t len, uint8_t **sec, struct auth_cred *cred)
{
	sign_and_parse(ctx, type, b, len, AUTH_UID_ANY, sec, cred);
}

/* auth_verify without the identity. */
static int verify(struct auth_ctx *ctx, const struct auth_cred *cred,
		  uint16_t type, const void *b, size_t len)
{
	return auth_verify(ctx, cred, type, b, len, NULL, NULL);
}

static void assert_err_has(const char *what)
{
	if (!strstr(err_msg(), what))
		fail_msg("error \"%s\" lacks \"%s\"", err_msg(), what);
}

/* A credential with an arbitrary payload, made with libmunge directly. */
static char *raw_cred(const void *payload, int len)
{
	munge_ctx_t m = munge_ctx_create();
	char *cred = NULL;

	assert_non_null(m);
	assert_int_equal(munge_ctx_set(m, MUNGE_OPT_SOCKET, env.main.sock),
			 EMUNGE_SUCCESS);
	assert_int_equal(munge_encode(&cred, m, payload, len), EMUNGE_SUCCESS);
	munge_ctx_destroy(m);
	return cred;
}

static int verify_raw(struct auth_ctx *ctx, const void *payload, int len,
		      uint16_t type)
{
	struct auth_cred cred = { .plugin_id = AUTH_PLUGIN_MUNGE };
	char *c = raw_cred(payload, len);
	int rc;

	cred.munge = c;
	rc = verify(ctx, &cred, type, body, sizeof(body));
	free(c);
	return rc;
}

/* ---- tests ---- */

/* The socket the loop connects to itself: the configured one, else
 * libmunge's default; none for auth/none. */
static void test_munge_socket(void **state)
{
	struct auth_ctx *set = auth_create(AUTH_MUNGE, "/run/x/munge.sock");
	struct auth_ctx *dflt = auth_create(AUTH_MUNGE, NULL);
	struct auth_ctx *none = auth_create(AUTH_NONE, NULL);
	const char *d;

	(void)state;
	assert_string_equal(auth_munge_socket(set), "/run/x/munge.sock");
	d = auth_munge_socket(dflt);
	assert_non_null(d);
	assert_true(d[0] == '/');
	assert_ptr_equal(auth_munge_socket(dflt), d);	/* asked once */
	assert_null(auth_munge_socket(none));
	auth_destroy(set);
	auth_destroy(dflt);
	auth_destroy(none);
}

static void test_round_trip(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	uint8_t *sec, want[AUTH_HASH_LEN];
	struct auth_cred cred;
	uid_t uid = 12345;
	gid_t gid = 12345;
	munge_ctx_t m;
	void *payload = NULL;
	int plen = 0;

	assert_non_null(ctx);
	assert_int_equal(auth_check(ctx), 0);
	sign_any(ctx, 4003, body, sizeof(body), &sec, &cred);
	assert_int_equal(cred.plugin_id, AUTH_PLUGIN_MUNGE);
	assert_memory_equal(sec, "\x00\x00\x00\x65", 4);
	assert_non_null(cred.munge);
	assert_memory_equal(cred.munge, "MUNGE:", 6);

	/* what a real Slurm peer would unmunge: 0x02 || K12(body, 4003 BE) */
	m = munge_ctx_create();
	munge_ctx_set(m, MUNGE_OPT_SOCKET, env.main.sock);
	assert_int_equal(munge_decode(cred.munge, m, &payload, &plen, NULL,
				      NULL), EMUNGE_SUCCESS);
	munge_ctx_destroy(m);
	auth_hash_payload(4003, body, sizeof(body), want);
	assert_int_equal(plen, AUTH_HASH_LEN);
	assert_int_equal(want[0], 0x02);
	assert_memory_equal(payload, want, AUTH_HASH_LEN);
	free(payload);
	free(sec);

	/* a fresh credential verifies and names us */
	sign_any(ctx, 4003, body, sizeof(body), &sec, &cred);
	assert_int_equal(auth_verify(ctx, &cred, 4003, body, sizeof(body),
				     &uid, &gid), 0);
	assert_int_equal(uid, getuid());
	assert_int_equal(gid, getgid());

	/* the same credential again is a replay */
	assert_int_equal(auth_verify(ctx, &cred, 4003, body, sizeof(body),
				     &uid, &gid), -1);
	assert_err_has("Replayed");
	free(sec);

	/* an empty body (REQUEST_PING) works too */
	sign_any(ctx, 1008, NULL, 0, &sec, &cred);
	assert_int_equal(verify(ctx, &cred, 1008, NULL, 0), 0);
	free(sec);
	auth_destroy(ctx);
}

static void test_tampered_body(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	char copy[sizeof(body)];
	struct auth_cred cred;
	uint8_t *sec;
	uid_t uid = 4242;

	memcpy(copy, body, sizeof(body));
	sign_any(ctx, 4003, copy, sizeof(copy), &sec, &cred);
	copy[10] ^= 0x01;
	assert_int_equal(auth_verify(ctx, &cred, 4003, copy, sizeof(copy),
				     &uid, NULL), -1);
	assert_err_has("message body does not match credential hash");
	assert_int_equal(uid, 4242);	/* no identity on failure */
	free(sec);

	/* one byte less is another body too */
	sign_any(ctx, 4003, body, sizeof(body), &sec, &cred);
	assert_int_equal(verify(ctx, &cred, 4003, body, sizeof(body) - 1), -1);
	assert_err_has("message body does not match credential hash");
	free(sec);
	auth_destroy(ctx);
}

/* The credential is opened (sender known) before the body is read; the
 * body is checked against it afterwards, and a credential opens once. */
static void test_open_then_body(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	struct auth_ctx *other = auth_create(AUTH_MUNGE, env.other.sock);
	struct auth_ident id, id2;
	struct auth_cred cred;
	char copy[sizeof(body)];
	uint8_t *sec;

	sign_any(ctx, 4003, body, sizeof(body), &sec, &cred);
	assert_int_equal(auth_open(ctx, &cred, &id), 0);
	assert_int_equal(id.uid, getuid());
	assert_int_equal(id.gid, getgid());
	assert_int_equal(auth_check_body(ctx, &id, 4003, body, sizeof(body)), 0);
	memcpy(copy, body, sizeof(body));
	copy[0] ^= 1;
	assert_int_equal(auth_check_body(ctx, &id, 4003, copy, sizeof(copy)), -1);
	assert_err_has("message body does not match credential hash");
	assert_int_equal(auth_check_body(ctx, &id, 4004, body, sizeof(body)), -1);
	/* opened once: the same bytes again are a replay */
	assert_int_equal(auth_open(ctx, &cred, &id2), -1);
	assert_err_has("munge credential rejected");
	free(sec);

	/* a credential of another key does not open */
	sign_any(other, 4003, body, sizeof(body), &sec, &cred);
	assert_int_equal(auth_open(ctx, &cred, &id), -1);
	assert_err_has("munge credential rejected");
	free(sec);
	auth_destroy(other);
	auth_destroy(ctx);
}

static void test_wrong_msg_type(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	struct auth_cred cred;
	uint8_t *sec;

	/* REQUEST_JOB_INFO's credential pasted onto REQUEST_KILL_JOB */
	sign_any(ctx, 2003, body, sizeof(body), &sec, &cred);
	assert_int_equal(verify(ctx, &cred, 5032, body, sizeof(body)), -1);
	assert_err_has("message body does not match credential hash");
	free(sec);
	auth_destroy(ctx);
}

static void test_garbage(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	struct auth_cred cred;
	uint8_t *sec, buf[64];
	size_t sec_len, used;

	/* every truncation of a good section is refused, without overreads
	 * (the sanitizer build checks the copy is not read past its end) */
	assert_int_equal(auth_sign(ctx, 1008, NULL, 0, AUTH_UID_ANY, &sec,
				   &sec_len), 0);
	for (size_t n = 0; n < sec_len; n++) {
		uint8_t *cut = xmalloc(n ? n : 1);

		memcpy(cut, sec, n);
		assert_int_equal(auth_parse(cut, n, &cred, &used), -1);
		assert_err_has("auth section runs past the end");
		free(cut);
	}
	/* a NUL inside the credential string */
	sec[20] = '\0';
	assert_int_equal(auth_parse(sec, sec_len, &cred, &used), -1);
	assert_err_has("NUL-terminated");
	/* no NUL at all at the end */
	memset(sec + 8, 'A', sec_len - 8);
	assert_int_equal(auth_parse(sec, sec_len, &cred, &used), -1);
	free(sec);

	/* a huge length */
	memcpy(buf, "\x00\x00\x00\x65\xff\xff\xff\xf0", 8);
	assert_int_equal(auth_parse(buf, sizeof(buf), &cred, &used), -1);
	/* empty credential, jwt, unknown plugins */
	memcpy(buf, "\x00\x00\x00\x65\x00\x00\x00\x00", 8);
	assert_int_equal(auth_parse(buf, 8, &cred, &used), -1);
	assert_err_has("no credential");
	memcpy(buf, "\x00\x00\x00\x66", 4);
	assert_int_equal(auth_parse(buf, sizeof(buf), &cred, &used), -1);
	assert_err_has("auth/jwt");
	memcpy(buf, "\x00\x00\x00\x07", 4);
	assert_int_equal(auth_parse(buf, sizeof(buf), &cred, &used), -1);
	assert_err_has("unknown auth plugin id 7");

	/* well-formed section, but not a munge credential */
	memcpy(buf, "\x00\x00\x00\x65\x00\x00\x00\x0f" "MUNGE:garbage:", 23);
	assert_int_equal(auth_parse(buf, 23, &cred, &used), 0);
	assert_int_equal(verify(ctx, &cred, 1008, NULL, 0), -1);
	assert_err_has("munge credential rejected");
	cred.munge = "not even base64 !!";
	assert_int_equal(verify(ctx, &cred, 1008, NULL, 0), -1);
	assert_err_has("munge credential rejected");
	auth_destroy(ctx);
}

static void test_auth_none(void **state)
{
	struct auth_ctx *munge = auth_create(AUTH_MUNGE, env.main.sock);
	struct auth_ctx *none = auth_create(AUTH_NONE, NULL);
	struct auth_cred cred;
	uint8_t *sec, buf[64];
	uid_t uid;
	gid_t gid;
	size_t used;

	/* what auth/none sends: u32 100, uid, gid, hostname */
	sign_any(none, 1008, NULL, 0, &sec, &cred);
	assert_memory_equal(sec, "\x00\x00\x00\x64", 4);
	assert_int_equal(cred.plugin_id, AUTH_PLUGIN_NONE);
	assert_int_equal(cred.uid, geteuid());
	assert_int_equal(cred.gid, getegid());
	assert_non_null(cred.host);
	assert_null(strchr(cred.host, '.'));
	assert_int_equal(auth_verify(none, &cred, 1008, NULL, 0, &uid, &gid),
			 0);
	assert_int_equal(uid, geteuid());

	/* strict munge refuses it, whatever uid it claims */
	assert_int_equal(auth_verify(munge, &cred, 1008, NULL, 0, &uid, &gid),
			 -1);
	assert_err_has("auth/none credential rejected");
	free(sec);

	/* a hand-made claim to be uid 0, with a NULL hostname */
	memcpy(buf, "\x00\x00\x00\x64\x00\x00\x00\x00\x00\x00\x00\x00"
		    "\x00\x00\x00\x00", 16);
	assert_int_equal(auth_parse(buf, 16, &cred, &used), 0);
	assert_int_equal(used, 16);
	assert_null(cred.host);
	assert_int_equal(verify(munge, &cred, 1008, NULL, 0), -1);

	/* and an auth/none side refuses munge credentials */
	sign_any(munge, 1008, NULL, 0, &sec, &cred);
	assert_int_equal(verify(none, &cred, 1008, NULL, 0), -1);
	assert_err_has("auth/none");
	free(sec);
	auth_destroy(none);
	auth_destroy(munge);
}

static void test_other_key(void **state)
{
	struct auth_ctx *main_ctx = auth_create(AUTH_MUNGE, env.main.sock);
	struct auth_ctx *other = auth_create(AUTH_MUNGE, env.other.sock);
	struct auth_cred cred;
	uint8_t *sec;

	sign_any(other, 2009, body, sizeof(body), &sec, &cred);
	assert_int_equal(verify(main_ctx, &cred, 2009, body, sizeof(body)), -1);
	assert_err_has("munge credential rejected");
	/* while its own munged accepts it */
	assert_int_equal(verify(other, &cred, 2009, body, sizeof(body)), 0);
	free(sec);
	auth_destroy(main_ctx);
	auth_destroy(other);
}

static void test_uid_restriction(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	struct auth_cred cred;
	uint8_t *sec;

	/* a reply meant for another user cannot be read by us */
	sign_and_parse(ctx, 8001, body, 4, getuid() + 1000, &sec, &cred);
	assert_int_equal(verify(ctx, &cred, 8001, body, 4), -1);
	assert_err_has("Unauthorized");
	free(sec);
	sign_and_parse(ctx, 8001, body, 4, getuid(), &sec, &cred);
	assert_int_equal(verify(ctx, &cred, 8001, body, 4), 0);
	free(sec);
	auth_destroy(ctx);
}

/* The payload forms slurmctld 22.05 takes, and the policy switches. */
static void test_payload_forms(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	uint8_t k12[AUTH_HASH_LEN];
	const uint8_t none_ok[3] = { 0x01, 4003 >> 8, 4003 & 0xff };
	const uint8_t none_swapped[3] = { 0x01, 4003 & 0xff, 4003 >> 8 };
	const uint8_t none_long[4] = { 0x01, 4003 >> 8, 4003 & 0xff, 0 };

	auth_hash_payload(4003, body, sizeof(body), k12);

	assert_int_equal(verify_raw(ctx, NULL, 0, 4003), 0);
	assert_int_equal(verify_raw(ctx, none_ok, 3, 4003), 0);
	assert_int_equal(verify_raw(ctx, none_ok, 3, 4004), -1);
	assert_err_has("another message type");
	assert_int_equal(verify_raw(ctx, none_swapped, 3, 4003), -1);
	assert_int_equal(verify_raw(ctx, none_long, 4, 4003), -1);
	assert_int_equal(verify_raw(ctx, k12, AUTH_HASH_LEN, 4003), 0);
	/* HASH_PLUGIN_DEFAULT (0) means K12 to slurmctld as well */
	k12[0] = 0;
	assert_int_equal(verify_raw(ctx, k12, AUTH_HASH_LEN, 4003), 0);
	k12[0] = 3;
	assert_int_equal(verify_raw(ctx, k12, AUTH_HASH_LEN, 4003), -1);
	assert_err_has("malformed message hash");
	k12[0] = 2;
	assert_int_equal(verify_raw(ctx, k12, AUTH_HASH_LEN - 1, 4003), -1);
	assert_err_has("malformed message hash");

	auth_set_hash_policy(ctx, AUTH_BLOCK_NULL_HASH);
	assert_int_equal(verify_raw(ctx, NULL, 0, 4003), -1);
	assert_err_has("block_null_hash");
	assert_int_equal(verify_raw(ctx, none_ok, 3, 4003), 0);
	auth_set_hash_policy(ctx, AUTH_BLOCK_NULL_HASH | AUTH_BLOCK_ZERO_HASH);
	assert_int_equal(verify_raw(ctx, none_ok, 3, 4003), -1);
	assert_err_has("block_zero_hash");
	assert_int_equal(verify_raw(ctx, k12, AUTH_HASH_LEN, 4003), 0);
	auth_destroy(ctx);
}

static void test_no_munged(void **state)
{
	char *sock = xasprintf("%s/nobody-here.sock", env.main.dir);
	char *failed = xasprintf("munge_encode via %s failed: ", sock);
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, sock);
	struct auth_cred cred = { .plugin_id = AUTH_PLUGIN_MUNGE };
	uint8_t *sec = NULL;
	size_t sec_len = 0;

	assert_int_equal(auth_check(ctx), -1);
	assert_err_has(sock);
	assert_int_equal(auth_sign(ctx, 1008, NULL, 0, AUTH_UID_ANY, &sec,
				   &sec_len), -1);
	assert_err_has(failed);
	assert_null(sec);
	cred.munge = "MUNGE:AwQFAA:";
	assert_int_equal(verify(ctx, &cred, 1008, NULL, 0), -1);
	assert_err_has("munge credential rejected");
	auth_destroy(ctx);
	free(failed);
	free(sock);
}

/* sinfo's REQUEST_PARTITION_INFO from the captures, through a munged with
 * the capture's key: the credential is genuine but hours old. */
static void test_golden_expired(void **state)
{
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, env.main.sock);
	char *path = xasprintf("%s/sinfo/01-request.bin", env.golden);
	struct auth_cred cred;
	size_t flen, used;
	uint8_t *f = slurp(path, &flen);
	const uint8_t *sec, *b;
	uid_t uid = 4242;

	if (!f)
		fail_msg("cannot read %s", path);
	assert_true(flen > 20);
	/* u32 length, 16-byte header (msg_type at 4, body_length at 6) */
	assert_int_equal(f[8] << 8 | f[9], 2009);
	sec = f + 4 + 16;
	assert_int_equal(auth_parse(sec, flen - 20, &cred, &used), 0);
	assert_int_equal(cred.plugin_id, AUTH_PLUGIN_MUNGE);
	b = sec + used;
	assert_int_equal(flen - (size_t)(b - f), 10);	/* time + u16 */

	assert_int_equal(auth_verify(ctx, &cred, 2009, b, 10, &uid, NULL), -1);
	assert_err_has("munge credential rejected: Expired credential");
	assert_int_equal(uid, 4242);
	free(f);
	free(path);
	auth_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_munge_socket),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tampered_body),
		cmocka_unit_test(test_wrong_msg_type),
		cmocka_unit_test(test_open_then_body),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_auth_none),
		cmocka_unit_test(test_other_key),
		cmocka_unit_test(test_uid_restriction),
		cmocka_unit_test(test_payload_forms),
		cmocka_unit_test(test_no_munged),
		cmocka_unit_test(test_golden_expired),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
