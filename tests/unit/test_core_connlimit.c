/* test_core_connlimit.c - connection limits: per peer and in total with
 * the least recently active idle connection dropped first, busy,
 * trusted and subscribed connections never dropped, consoles idle between
 * requests, request deadlines from accept that activity does not extend,
 * and the budget for unauthenticated bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/connlimit.h"

#define N 8

static struct climit *mk(uint32_t total, uint32_t per_peer, uint32_t tmo,
			 size_t unauth)
{
	struct climit_limits lim = {
		.max_conns = total, .max_per_peer = per_peer,
		.request_timeout_ms = tmo, .max_unauth_bytes = unauth,
	};

	return climit_new(&lim);
}

static void test_per_peer(void **state)
{
	struct climit *cl = mk(0, 3, 1000, 0);
	struct climit_conn c[N], *v;

	for (int i = 0; i < 3; i++) {
		assert_int_equal(climit_check(cl, "10.0.0.1", &v), CLIMIT_OK);
		climit_add(cl, &c[i], "10.0.0.1", 100 + i);
	}
	assert_int_equal(climit_peer_count(cl, "10.0.0.1"), 3);
	/* another address is not affected */
	assert_int_equal(climit_check(cl, "10.0.0.2", &v), CLIMIT_OK);
	climit_add(cl, &c[3], "10.0.0.2", 103);
	/* the least recently active of that peer goes: c[0] was active last */
	climit_touch(cl, &c[0]);
	assert_int_equal(climit_check(cl, "10.0.0.1", &v), CLIMIT_EVICT);
	assert_ptr_equal(v, &c[1]);
	climit_remove(cl, &c[1]);
	assert_int_equal(climit_check(cl, "10.0.0.1", &v), CLIMIT_OK);
	climit_add(cl, &c[1], "10.0.0.1", 104);
	/* busy connections are never dropped: all busy means refuse */
	climit_set_state(cl, &c[0], CL_BUSY);
	climit_set_state(cl, &c[1], CL_BUSY);
	climit_set_state(cl, &c[2], CL_AUTHED);
	assert_int_equal(climit_check(cl, "10.0.0.1", &v), CLIMIT_EVICT);
	assert_ptr_equal(v, &c[2]);
	climit_set_state(cl, &c[2], CL_BUSY);
	assert_int_equal(climit_check(cl, "10.0.0.1", &v), CLIMIT_REFUSE);
	/* a trusted connection no longer counts against its address */
	climit_set_state(cl, &c[2], CL_TRUSTED);
	assert_int_equal(climit_peer_count(cl, "10.0.0.1"), 2);
	assert_int_equal(climit_check(cl, "10.0.0.1", &v), CLIMIT_OK);
	for (int i = 0; i < 4; i++)
		climit_remove(cl, &c[i]);
	assert_int_equal(climit_peer_count(cl, "10.0.0.1"), 0);
	climit_free(cl);
}

static void test_total(void **state)
{
	struct climit *cl = mk(4, 0, 1000, 0);
	struct climit_conn c[N], *v;
	struct climit_stats st;
	char key[16];

	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "10.0.0.%d", i);
		assert_int_equal(climit_check(cl, key, &v), CLIMIT_OK);
		climit_add(cl, &c[i], key, 100);
	}
	climit_stats(cl, &st);
	assert_int_equal(st.conns, 4);
	assert_int_equal(st.peers, 4);
	/* at the total limit, anyone's oldest idle connection goes */
	climit_set_state(cl, &c[0], CL_TRUSTED);
	climit_touch(cl, &c[1]);
	assert_int_equal(climit_check(cl, "10.9.9.9", &v), CLIMIT_EVICT);
	assert_ptr_equal(v, &c[2]);
	assert_ptr_equal(climit_oldest_idle(cl), &c[2]);
	climit_set_state(cl, &c[1], CL_BUSY);
	climit_set_state(cl, &c[2], CL_BUSY);
	climit_set_state(cl, &c[3], CL_BUSY);
	assert_int_equal(climit_check(cl, "10.9.9.9", &v), CLIMIT_REFUSE);
	assert_null(climit_oldest_idle(cl));
	for (int i = 0; i < 4; i++)
		climit_remove(cl, &c[i]);
	climit_stats(cl, &st);
	assert_int_equal(st.conns, 0);
	assert_int_equal(st.peers, 0);
	climit_free(cl);
}

/* At the total limit the heaviest peer gives way: a crowd from a few
 * addresses does not push out a lone client's connection. */
static void test_heaviest_first(void **state)
{
	struct climit *cl = mk(6, 0, 1000, 0);
	struct climit_conn c[8], f[30], *v;
	char key[16];
	int n = 0;

	climit_add(cl, &c[n++], "10.0.0.1", 100);          /* the lone one */
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "10.0.0.%d", 2 + i % 2);
		climit_add(cl, &c[n++], key, 101 + i);
	}
	/* .2 holds 3, .3 holds 2: the oldest of .2 goes, not .1's older one */
	assert_int_equal(climit_check(cl, "10.0.0.9", &v), CLIMIT_EVICT);
	assert_ptr_equal(v, &c[1]);
	climit_remove(cl, v);
	climit_add(cl, &c[n++], "10.0.0.9", 200);
	/* now .2 and .3 hold 2 each: the older of their oldest goes */
	assert_int_equal(climit_check(cl, "10.0.0.9", &v), CLIMIT_EVICT);
	assert_ptr_equal(v, &c[2]);
	climit_remove(cl, v);
	climit_add(cl, &c[n++], "10.0.0.9", 201);
	climit_free(cl);

	/* a crowd from three addresses keeps reconnecting: the lone
	 * connection that came among them survives */
	cl = mk(6, 0, 1000, 0);
	for (int i = 0; i < 30; i++) {
		snprintf(key, sizeof(key), "10.0.1.%d", i % 3);
		while (climit_check(cl, key, &v) == CLIMIT_EVICT) {
			assert_ptr_not_equal(v, &c[0]);
			climit_remove(cl, v);
		}
		climit_add(cl, &f[i], key, 300 + i);
		if (i == 4)
			climit_add(cl, &c[0], "10.0.0.1", 305);
	}
	assert_int_equal(climit_peer_count(cl, "10.0.0.1"), 1);
	climit_free(cl);
}

/* One byte now and then does not move the deadline. */
static void test_deadline(void **state)
{
	struct climit *cl = mk(0, 0, 3000, 0);
	struct climit_conn c[N];

	climit_add(cl, &c[0], "a", 1000);
	climit_add(cl, &c[1], "a", 2000);
	climit_add(cl, &c[2], "b", 2500);
	assert_int_equal(climit_next_deadline(cl), 4000);
	for (uint64_t t = 1000; t < 4000; t += 1000) {
		climit_touch(cl, &c[0]);
		assert_null(climit_expired(cl, t));
	}
	assert_ptr_equal(climit_expired(cl, 4000), &c[0]);
	climit_remove(cl, &c[0]);
	assert_null(climit_expired(cl, 4999));
	/* a complete request stops its clock */
	climit_set_state(cl, &c[1], CL_BUSY);
	assert_int_equal(climit_next_deadline(cl), 5500);
	assert_ptr_equal(climit_expired(cl, 9000), &c[2]);
	/* authenticated but incomplete: the clock still runs */
	climit_set_state(cl, &c[2], CL_AUTHED);
	assert_ptr_equal(climit_expired(cl, 9000), &c[2]);
	climit_remove(cl, &c[2]);
	climit_remove(cl, &c[1]);
	assert_int_equal(climit_next_deadline(cl), 0);
	climit_free(cl);
}

/* A console between requests is idle again (no deadline, evictable); a
 * subscriber is never dropped for another and still counts. */
static void test_idle_and_stream(void **state)
{
	struct climit *cl = mk(0, 2, 3000, 0);
	struct climit_conn c[N], *v;

	climit_add(cl, &c[0], "uid 5", 1000);
	climit_add(cl, &c[1], "uid 5", 1000);
	climit_set_state(cl, &c[0], CL_AUTHED);
	climit_set_state(cl, &c[0], CL_BUSY);
	climit_set_state(cl, &c[0], CL_IDLE);
	climit_set_state(cl, &c[1], CL_BUSY);
	climit_set_state(cl, &c[1], CL_STREAM);
	/* neither has a deadline any more */
	assert_int_equal(climit_next_deadline(cl), 0);
	assert_null(climit_expired(cl, 100000));
	/* at the limit the idle console goes, never the subscriber */
	assert_int_equal(climit_check(cl, "uid 5", &v), CLIMIT_EVICT);
	assert_ptr_equal(v, &c[0]);
	assert_ptr_equal(climit_oldest_idle(cl), &c[0]);
	climit_set_state(cl, &c[0], CL_STREAM);
	assert_int_equal(climit_peer_count(cl, "uid 5"), 2);
	assert_int_equal(climit_check(cl, "uid 5", &v), CLIMIT_REFUSE);
	assert_null(climit_oldest_idle(cl));
	climit_remove(cl, &c[0]);
	climit_remove(cl, &c[1]);
	assert_int_equal(climit_peer_count(cl, "uid 5"), 0);
	climit_free(cl);
}

static void test_unauth_budget(void **state)
{
	struct climit *cl = mk(0, 0, 1000, 10000);
	struct climit_conn c[N];
	struct climit_stats st;

	for (int i = 0; i < 4; i++)
		climit_add(cl, &c[i], "x", 100);
	assert_null(climit_unauth(cl, &c[0], 4000));
	assert_null(climit_unauth(cl, &c[1], 4000));
	assert_null(climit_unauth(cl, &c[2], 0));
	climit_touch(cl, &c[0]);
	/* over budget: the least recently active holder goes, not c[2]
	 * (holds nothing) */
	assert_ptr_equal(climit_unauth(cl, &c[3], 4000), &c[1]);
	climit_remove(cl, &c[1]);
	assert_null(climit_unauth(cl, &c[3], 4000));
	climit_stats(cl, &st);
	assert_int_equal(st.unauth_bytes, 8000);
	assert_int_equal(st.unauth_peak, 12000);
	/* authenticated: its bytes are no longer a stranger's */
	climit_set_state(cl, &c[0], CL_AUTHED);
	climit_stats(cl, &st);
	assert_int_equal(st.unauth_bytes, 4000);
	assert_null(climit_unauth(cl, &c[0], 50000));
	/* one stranger alone over the budget is its own victim */
	assert_ptr_equal(climit_unauth(cl, &c[3], 20000), &c[3]);
	climit_peak_reset(cl);
	for (int i = 0; i < 4; i++)
		if (i != 1)
			climit_remove(cl, &c[i]);
	climit_stats(cl, &st);
	assert_int_equal(st.unauth_bytes, 0);
	climit_free(cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_peer),
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_heaviest_first),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_unauth_budget),
		cmocka_unit_test(test_idle_and_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
