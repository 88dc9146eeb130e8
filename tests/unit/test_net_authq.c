/* test_net_authq.c - munge calls through the auth queue against a
 * private munged (munged_fixture): replies signed there open again with
 * our uid, many at once all come back, a lone one is answered from a
 * later turn of the loop all the same, a bad or replayed credential is
 * refused with munged's reason, a body too large to hash in the loop is
 * signed by the workers, a cancelled job never calls back (its body is
 * freed by the queue, which ASan checks in make check SANITIZE=1), and
 * closing the queue answers what it still holds. Against a scripted
 * munged: an answer that comes a byte at a time, one with a bad magic
 * number, a connection closed before the answer (a decode fails with
 * the reason, a sign is made again by the workers), munged's own
 * refusal of a decode or a sign, in the words the workers use; with no munged at all, the workers' error, and with its
 * socket at a path too long for an address, theirs saying so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>
#include <munge.h>

#include "core/xalloc.h"
#include "net/authq.h"
#include "slurm/auth.h"
#include "slurm/munge_wire.h"
#include "munged_fixture.h"

#define JOBS 32

static struct munged_fixture munged;

static int setup(void **state)
{
	return munged_fixture_start(&munged);
}

static int teardown(void **state)
{
	munged_fixture_stop(&munged);
	return 0;
}

struct outcome {
	int calls;
	int rc;
	uint8_t *sec;
	size_t sec_len;
	void *body;
	size_t len;
	uid_t uid;
	char why[256];
};

static int outstanding;

static void signed_cb(void *arg, int rc, uint8_t *sec, size_t sec_len,
		      void *body, size_t len, const char *why)
{
	struct outcome *o = arg;

	o->calls++;
	o->rc = rc;
	o->sec = sec;
	o->sec_len = sec_len;
	o->body = body;
	o->len = len;
	snprintf(o->why, sizeof(o->why), "%s", why ? why : "");
	outstanding--;
}

static void opened_cb(void *arg, int rc, const struct auth_ident *id,
		      const char *why)
{
	struct outcome *o = arg;

	o->calls++;
	o->rc = rc;
	o->uid = id ? id->uid : (uid_t)-1;
	snprintf(o->why, sizeof(o->why), "%s", why ? why : "");
	outstanding--;
}

/* Run the loop until every expected callback came, or 10 s passed. */
static void run_until_done(struct event_base *base)
{
	for (int i = 0; i < 10000 && outstanding > 0; i++) {
		struct timeval tv = { 0, 1000 };

		event_base_loopexit(base, &tv);
		event_base_dispatch(base);
	}
	assert_int_equal(outstanding, 0);
}

static void test_sign_then_open(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 4);
	struct outcome sig[JOBS], op[JOBS];
	struct auth_cred cred;
	size_t used;
	int i;

	assert_non_null(q);
	memset(sig, 0, sizeof(sig));
	memset(op, 0, sizeof(op));
	for (i = 0; i < JOBS; i++) {
		char *body = xasprintf("reply %d", i);

		assert_non_null(authq_sign(q, 8002, body, strlen(body),
					   AUTH_UID_ANY, 0, signed_cb, &sig[i]));
		outstanding++;
	}
	/* never called back from inside the call */
	for (i = 0; i < JOBS; i++)
		assert_int_equal(sig[i].calls, 0);
	run_until_done(base);
	for (i = 0; i < JOBS; i++) {
		char want[32];

		assert_int_equal(sig[i].calls, 1);
		assert_int_equal(sig[i].rc, 0);
		snprintf(want, sizeof(want), "reply %d", i);
		/* the body comes back as it was given */
		assert_int_equal(sig[i].len, strlen(want));
		assert_memory_equal(sig[i].body, want, sig[i].len);
		/* and the section signs it: the plain call verifies it */
		assert_int_equal(auth_parse(sig[i].sec, sig[i].sec_len, &cred,
					    &used), 0);
		assert_non_null(authq_open(q, &cred, 0, opened_cb, &op[i]));
		outstanding++;
	}
	run_until_done(base);
	for (i = 0; i < JOBS; i++) {
		assert_int_equal(op[i].calls, 1);
		assert_int_equal(op[i].rc, 0);
		assert_int_equal(op[i].uid, getuid());
		free(sig[i].sec);
		free(sig[i].body);
	}
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

/* A lone call is made in the loop, but still answered from a later
 * turn of it, as the callers' state machines expect. */
static void test_lone(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 2);
	struct outcome sig = { 0 }, op = { 0 };
	struct auth_cred cred;
	size_t used;

	assert_non_null(q);
	authq_sign(q, 8001, xstrdup("lone"), 4, AUTH_UID_ANY, AUTHQ_LONE,
		   signed_cb, &sig);
	outstanding++;
	assert_int_equal(sig.calls, 0);
	run_until_done(base);
	assert_int_equal(sig.calls, 1);
	assert_int_equal(sig.rc, 0);
	assert_int_equal(auth_parse(sig.sec, sig.sec_len, &cred, &used), 0);
	authq_open(q, &cred, AUTHQ_LONE, opened_cb, &op);
	outstanding++;
	assert_int_equal(op.calls, 0);
	run_until_done(base);
	assert_int_equal(op.calls, 1);
	assert_int_equal(op.rc, 0);
	assert_int_equal(op.uid, getuid());
	free(sig.sec);
	free(sig.body);
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

static void test_bad_credential(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 2);
	struct auth_cred cred = { .plugin_id = AUTH_PLUGIN_MUNGE,
				  .munge = "MUNGE:not-a-credential:" };
	struct outcome o = { 0 };

	assert_non_null(q);
	authq_open(q, &cred, 0, opened_cb, &o);
	outstanding++;
	run_until_done(base);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.why, "munge credential rejected"));
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

static void test_cancel(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 2);
	struct outcome o[JOBS];
	struct authq_job *j[JOBS];
	int i;

	assert_non_null(q);
	memset(o, 0, sizeof(o));
	for (i = 0; i < JOBS; i++) {
		j[i] = authq_sign(q, 8001, xstrdup("body"), 4, AUTH_UID_ANY, 0,
				  signed_cb, &o[i]);
		if (i % 2 == 0)
			outstanding++;
	}
	/* the client of every odd one went away */
	for (i = 1; i < JOBS; i += 2)
		authq_cancel(j[i]);
	run_until_done(base);
	/* what is left to come would be an odd one: give it time */
	for (i = 0; i < 50; i++) {
		struct timeval tv = { 0, 2000 };

		event_base_loopexit(base, &tv);
		event_base_dispatch(base);
	}
	for (i = 0; i < JOBS; i++) {
		assert_int_equal(o[i].calls, i % 2 == 0 ? 1 : 0);
		free(o[i].sec);
		free(o[i].body);
	}
	/* work queued at destroy is answered there, done or refused */
	memset(o, 0, sizeof(o));
	for (i = 0; i < JOBS; i++)
		authq_sign(q, 8001, xstrdup("late"), 4, AUTH_UID_ANY, 0,
			   signed_cb, &o[i]);
	outstanding += JOBS;
	authq_destroy(q);
	assert_int_equal(outstanding, 0);
	for (i = 0; i < JOBS; i++) {
		assert_int_equal(o[i].calls, 1);
		if (o[i].rc < 0)
			assert_string_equal(o[i].why, "auth queue closed");
		free(o[i].sec);
		free(o[i].body);
	}
	auth_destroy(ctx);
	event_base_free(base);
}

/* More calls at once than the loop keeps waiting on munged: the rest
 * go to the workers, and every one is answered. */
static void test_many_at_once(void **state)
{
	enum { MANY = 300 };
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 2);
	struct outcome *o = xcalloc(MANY, sizeof(*o));
	int i;

	assert_non_null(q);
	for (i = 0; i < MANY; i++) {
		authq_sign(q, 8001, xasprintf("n%d", i), 2 + (i > 9) + (i > 99),
			   AUTH_UID_ANY, 0, signed_cb, &o[i]);
		outstanding++;
	}
	run_until_done(base);
	for (i = 0; i < MANY; i++) {
		struct auth_cred cred;
		size_t used;
		uid_t uid;

		assert_int_equal(o[i].calls, 1);
		assert_int_equal(o[i].rc, 0);
		assert_int_equal(auth_parse(o[i].sec, o[i].sec_len, &cred,
					    &used), 0);
		assert_int_equal(auth_verify(ctx, &cred, 8001, o[i].body,
					     o[i].len, &uid, NULL), 0);
		free(o[i].sec);
		free(o[i].body);
	}
	free(o);
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

/* Each credential opens once: munged refuses it the second time. */
static void test_replayed(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 2);
	struct outcome sig = { 0 }, op1 = { 0 }, op2 = { 0 };
	struct auth_cred cred;
	size_t used;

	assert_non_null(q);
	authq_sign(q, 8001, xstrdup("once"), 4, AUTH_UID_ANY, 0, signed_cb,
		   &sig);
	outstanding++;
	run_until_done(base);
	assert_int_equal(sig.rc, 0);
	assert_int_equal(auth_parse(sig.sec, sig.sec_len, &cred, &used), 0);
	authq_open(q, &cred, 0, opened_cb, &op1);
	outstanding++;
	run_until_done(base);
	authq_open(q, &cred, 0, opened_cb, &op2);
	outstanding++;
	run_until_done(base);
	assert_int_equal(op1.rc, 0);
	assert_int_equal(op2.rc, -1);
	assert_string_equal(op2.why,
			    "munge credential rejected: Replayed credential");
	free(sig.sec);
	free(sig.body);
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

/* A long listing's body is hashed by a worker, and signed all the same. */
static void test_big_body(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);
	struct authq *q = authq_create(base, ctx, 2);
	struct outcome sig = { 0 };
	size_t len = 300000, used;
	uint8_t *body = xmalloc(len);
	struct auth_cred cred;
	uid_t uid;

	assert_non_null(q);
	for (size_t i = 0; i < len; i++)
		body[i] = (uint8_t)(i * 7);
	authq_sign(q, 8001, body, len, AUTH_UID_ANY, 0, signed_cb, &sig);
	outstanding++;
	run_until_done(base);
	assert_int_equal(sig.rc, 0);
	assert_int_equal(auth_parse(sig.sec, sig.sec_len, &cred, &used), 0);
	assert_int_equal(auth_verify(ctx, &cred, 8001, sig.body, sig.len, &uid,
				     NULL), 0);
	assert_int_equal(uid, getuid());
	free(sig.sec);
	free(sig.body);
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

/* ---- a scripted munged ---------------------------------------------- */

enum fake_act { FAKE_ANSWER, FAKE_BYTEWISE, FAKE_CLOSE };

struct fake_conn {
	enum fake_act act;
	uint8_t answer[2048];
	size_t len;
	uint8_t got_type;	/* the request's message type */
};

struct fake_munged {
	char dir[64], path[96];
	int lfd;
	pthread_t thread;
	struct fake_conn conns[4];
	int nconns;
};

static int read_n(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void *fake_serve(void *arg)
{
	struct fake_munged *f = arg;

	for (int i = 0; i < f->nconns; i++) {
		struct fake_conn *c = &f->conns[i];
		uint8_t hdr[MW_HDR_LEN], body[1024];
		uint32_t blen;
		int fd = accept(f->lfd, NULL, NULL);

		if (fd < 0)
			break;
		if (read_n(fd, hdr, sizeof(hdr)) == 0) {
			c->got_type = hdr[5];
			blen = (uint32_t)hdr[7] << 24 | hdr[8] << 16 |
			       hdr[9] << 8 | hdr[10];
			if (blen <= sizeof(body))
				read_n(fd, body, blen);
		}
		if (c->act == FAKE_ANSWER) {
			(void)!write(fd, c->answer, c->len);
		} else if (c->act == FAKE_BYTEWISE) {
			for (size_t k = 0; k < c->len; k++) {
				(void)!write(fd, c->answer + k, 1);
				usleep(200);
			}
		}
		close(fd);
	}
	return NULL;
}

static void fake_start(struct fake_munged *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 5, 0 };	/* a connection never made fails the test */

	snprintf(f->dir, sizeof(f->dir), "/tmp/flurm-fakemunge.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/munge.sock", f->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(f->lfd >= 0);
	setsockopt(f->lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->lfd, 8), 0);
	assert_int_equal(pthread_create(&f->thread, NULL, fake_serve, f), 0);
}

static void fake_stop(struct fake_munged *f)
{
	pthread_join(f->thread, NULL);
	close(f->lfd);
	unlink(f->path);
	rmdir(f->dir);
}

static size_t put32(uint8_t *b, size_t n, uint32_t v)
{
	b[n] = (uint8_t)(v >> 24);
	b[n + 1] = (uint8_t)(v >> 16);
	b[n + 2] = (uint8_t)(v >> 8);
	b[n + 3] = (uint8_t)v;
	return n + 4;
}

/* header of an answer of TYPE around N body bytes, at B */
static void answer_hdr(uint8_t *b, uint8_t type, size_t n)
{
	put32(b, 0, 0x00606D4B);
	b[4] = 4;
	b[5] = type;
	b[6] = 0;
	put32(b, 7, (uint32_t)n);
}

/* a decode's answer: munged's error E and text, the owner UID, an empty
 * payload */
static size_t decode_answer(uint8_t *b, uint8_t e, const char *why, uid_t uid)
{
	size_t n = MW_HDR_LEN, wl = why ? strlen(why) + 1 : 0;

	b[n++] = e;
	b[n++] = (uint8_t)wl;
	memcpy(b + n, why ? why : "", wl);
	n += wl;
	b[n++] = 4;
	b[n++] = 4;
	b[n++] = 0;
	b[n++] = 0;		/* no realm */
	n = put32(b, n, 300);
	b[n++] = 4;
	memcpy(b + n, "\x7f\0\0\x01", 4);
	n += 4;
	n = put32(b, n, 1);
	n = put32(b, n, 2);
	n = put32(b, n, (uint32_t)uid);
	n = put32(b, n, 4242);
	n = put32(b, n, 0xffffffffu);
	n = put32(b, n, 0xffffffffu);
	n = put32(b, n, 0);
	answer_hdr(b, 5, n - MW_HDR_LEN);
	return n;
}

static size_t encode_answer(uint8_t *b, const char *cred)
{
	size_t n = MW_HDR_LEN, cl = strlen(cred) + 1;

	b[n++] = 0;
	b[n++] = 0;
	n = put32(b, n, (uint32_t)cl);
	memcpy(b + n, cred, cl);
	n += cl;
	answer_hdr(b, 3, n - MW_HDR_LEN);
	return n;
}

/* an encode's refusal: munged's error E and its text (NULL: none) */
static size_t encode_refusal(uint8_t *b, uint8_t e, const char *why)
{
	size_t n = MW_HDR_LEN, wl = why ? strlen(why) + 1 : 0;

	b[n++] = e;
	b[n++] = (uint8_t)wl;
	memcpy(b + n, why ? why : "", wl);
	n += wl;
	n = put32(b, n, 0);
	answer_hdr(b, 3, n - MW_HDR_LEN);
	return n;
}

static void open_via_fake(struct fake_munged *f, struct outcome *o)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx;
	struct authq *q;
	struct auth_cred cred = { .plugin_id = AUTH_PLUGIN_MUNGE,
				  .munge = "MUNGE:scripted:" };

	fake_start(f);
	ctx = auth_create(AUTH_MUNGE, f->path);
	q = authq_create(base, ctx, 1);
	assert_non_null(q);
	authq_open(q, &cred, 0, opened_cb, o);
	outstanding++;
	run_until_done(base);
	fake_stop(f);
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

static void test_fake_munged_open(void **state)
{
	struct fake_munged f = { .nconns = 1 };
	struct outcome o = { 0 };

	/* the answer a byte at a time: the owner munged names */
	f.conns[0].act = FAKE_BYTEWISE;
	f.conns[0].len = decode_answer(f.conns[0].answer, 0, NULL, 3131);
	open_via_fake(&f, &o);
	assert_int_equal(f.conns[0].got_type, 4);	/* a decode request */
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.uid, 3131);

	/* munged's refusal, in its words */
	memset(&o, 0, sizeof(o));
	f.conns[0].act = FAKE_ANSWER;
	f.conns[0].len = decode_answer(f.conns[0].answer, 17,
				       "Replayed credential", 3131);
	open_via_fake(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_string_equal(o.why,
			    "munge credential rejected: Replayed credential");

	/* not munged at the other end */
	memset(&o, 0, sizeof(o));
	f.conns[0].answer[0] = 0x47;
	open_via_fake(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.why, "bad magic number 0x47606d4b"));
	assert_non_null(strstr(o.why, f.path));

	/* gone before answering: a decode is not asked twice */
	memset(&o, 0, sizeof(o));
	f.conns[0].act = FAKE_CLOSE;
	open_via_fake(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.why, "connection closed before the answer"));
}

/* A sign whose answer went missing is made again, by a worker. */
static void test_fake_munged_sign_again(void **state)
{
	struct fake_munged f = { .nconns = 2 };
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx;
	struct authq *q;
	struct outcome o = { 0 };
	struct auth_cred cred;
	size_t used;

	f.conns[0].act = FAKE_CLOSE;
	f.conns[1].act = FAKE_ANSWER;
	f.conns[1].len = encode_answer(f.conns[1].answer, "MUNGE:again:");
	fake_start(&f);
	ctx = auth_create(AUTH_MUNGE, f.path);
	q = authq_create(base, ctx, 1);
	assert_non_null(q);
	authq_sign(q, 8001, xstrdup("body"), 4, 1234, 0, signed_cb, &o);
	outstanding++;
	run_until_done(base);
	fake_stop(&f);
	assert_int_equal(f.conns[0].got_type, 2);	/* encode requests */
	assert_int_equal(f.conns[1].got_type, 2);
	assert_int_equal(o.rc, 0);
	assert_int_equal(auth_parse(o.sec, o.sec_len, &cred, &used), 0);
	assert_string_equal(cred.munge, "MUNGE:again:");
	free(o.sec);
	free(o.body);
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

/* Sign one reply through a queue of one worker on munged's socket at
 * SOCK; the outcome in O (its body freed). */
static void sign_via(const char *sock, struct outcome *o)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, sock);
	struct authq *q = authq_create(base, ctx, 1);

	assert_non_null(q);
	authq_sign(q, 8001, xstrdup("body"), 4, AUTH_UID_ANY, 0, signed_cb, o);
	outstanding++;
	run_until_done(base);
	free(o->body);
	o->body = NULL;
	authq_destroy(q);
	auth_destroy(ctx);
	event_base_free(base);
}

/* munged refuses to sign: the reply fails with its reason (or, where
 * it gives no text, libmunge's for its error number), worded as the
 * workers word it, and is not asked again. */
static void test_fake_munged_sign_refused(void **state)
{
	static const struct {
		uint8_t e;
		const char *why, *want;
	} cases[] = {
		{ EMUNGE_NO_MEMORY, "Failed to allocate a credential",
		  "Failed to allocate a credential" },
		{ EMUNGE_NO_MEMORY, NULL, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake_munged f = { .nconns = 1 };
		struct outcome o = { 0 };
		char want[512];

		f.conns[0].act = FAKE_ANSWER;
		f.conns[0].len = encode_refusal(f.conns[0].answer, cases[i].e,
						cases[i].why);
		fake_start(&f);
		sign_via(f.path, &o);
		fake_stop(&f);
		assert_int_equal(f.conns[0].got_type, 2);
		assert_int_equal(o.calls, 1);
		assert_int_equal(o.rc, -1);
		assert_null(o.sec);
		snprintf(want, sizeof(want), "munge_encode via %s failed: %s",
			 f.path, cases[i].want ? cases[i].want :
			 munge_strerror((munge_err_t)cases[i].e));
		assert_string_equal(o.why, want);
	}
}

/* An answer longer than what is read with its header (a long
 * credential) arrives whole; one with bytes after it is refused, not
 * half believed. */
static void test_fake_munged_long_and_trailing(void **state)
{
	struct fake_munged f = { .nconns = 1 };
	struct outcome o = { 0 };
	struct auth_cred cred;
	char longcred[1200];
	size_t used;

	memset(longcred, 'x', sizeof(longcred) - 1);
	memcpy(longcred, "MUNGE:", 6);
	longcred[sizeof(longcred) - 2] = ':';
	longcred[sizeof(longcred) - 1] = 0;
	f.conns[0].act = FAKE_ANSWER;
	f.conns[0].len = encode_answer(f.conns[0].answer, longcred);
	fake_start(&f);
	sign_via(f.path, &o);
	fake_stop(&f);
	assert_int_equal(o.rc, 0);
	assert_int_equal(auth_parse(o.sec, o.sec_len, &cred, &used), 0);
	assert_string_equal(cred.munge, longcred);
	free(o.sec);

	memset(&o, 0, sizeof(o));
	f.conns[0].len = decode_answer(f.conns[0].answer, 0, NULL, 3131);
	memcpy(f.conns[0].answer + f.conns[0].len, "abc", 3);
	f.conns[0].len += 3;
	open_via_fake(&f, &o);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.why, "munged sent more than its answer"));
}

/* No munged at all: the workers try, and say why it failed. */
static void test_no_munged(void **state)
{
	struct outcome o = { 0 };

	sign_via("/nonexistent/munge.socket", &o);
	assert_int_equal(o.rc, -1);
	assert_null(o.sec);
	assert_non_null(strstr(o.why, "munge_encode via "
				       "/nonexistent/munge.socket failed"));
}

/* munged's socket at a path too long for a Unix socket address (bound
 * from inside its folder): the loop must not ask a cut-short path, and
 * the workers' libmunge says that the path is too long. */
static void test_path_too_long(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[128], path[sizeof(dir) + 16], want[sizeof(path) + 32];
	struct outcome o = { 0 };
	size_t n;
	int lfd, cwd = open(".", O_RDONLY | O_DIRECTORY);

	/* /tmp/flurm-longsock.XXXXXX/ddd...d/munge.sock, past sun_path */
	snprintf(dir, sizeof(dir), "/tmp/flurm-longsock.XXXXXX");
	assert_non_null(mkdtemp(dir));
	n = strlen(dir);
	dir[n++] = '/';
	while (n < sizeof(dir) - 1)
		dir[n++] = 'd';
	dir[n] = '\0';
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/munge.sock", dir);
	assert_true(strlen(path) >= sizeof(sa.sun_path));
	assert_true(cwd >= 0);
	assert_int_equal(chdir(dir), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "munge.sock");
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 8), 0);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);

	sign_via(path, &o);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.rc, -1);
	assert_null(o.sec);
	snprintf(want, sizeof(want), "munge_encode via %s failed: ", path);
	assert_non_null(strstr(o.why, want));
	assert_non_null(strstr(o.why, "maximum length"));
	close(lfd);
	unlink(path);
	rmdir(dir);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
}

static void test_bad_thread_count(void **state)
{
	struct event_base *base = event_base_new();
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, munged.sock);

	assert_null(authq_create(base, ctx, 0));
	assert_null(authq_create(base, ctx, 1000));
	auth_destroy(ctx);
	event_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_then_open),
		cmocka_unit_test(test_lone),
		cmocka_unit_test(test_bad_credential),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_many_at_once),
		cmocka_unit_test(test_replayed),
		cmocka_unit_test(test_big_body),
		cmocka_unit_test(test_fake_munged_open),
		cmocka_unit_test(test_fake_munged_sign_again),
		cmocka_unit_test(test_fake_munged_sign_refused),
		cmocka_unit_test(test_fake_munged_long_and_trailing),
		cmocka_unit_test(test_no_munged),
		cmocka_unit_test(test_path_too_long),
		cmocka_unit_test(test_bad_thread_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
