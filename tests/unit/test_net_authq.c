/* test_net_authq.c - munge calls on the auth queue's threads against a
 * private munged (munged_fixture): replies signed there open again with
 * our uid, many at once all come back, a lone one is made in the loop but
 * answered later all the same, a bad credential is refused with a
 * reason, a cancelled job never calls back (its body is freed by the
 * queue, which ASan checks in make check SANITIZE=1), and closing the
 * queue answers what it still holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include <event2/event.h>

#include "core/xalloc.h"
#include "net/authq.h"
#include "slurm/auth.h"
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
		cmocka_unit_test(test_bad_thread_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
