/* test_wire_evring.c - the admin event stream's pieces: events survive a
 * round trip and truncated ones are refused; topic lists parse; the ring
 * keeps the newest events within its bounds and says when a client can
 * resume; the coalescer keeps only the newest event per object, hands them
 * over in sequence order and refuses to pass its bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "wire/admin.h"
#include "wire/evring.h"
#include "wire/wire.h"

static buf_t *event_frame(void)
{
	struct wire_admin_event e;
	struct wire_admin_reply holder;
	struct admin_rec *r;
	buf_t *b = wire_frame_begin(WIRE_ADMIN_EVENT);

	memset(&holder, 0, sizeof(holder));
	r = wire_admin_rec_new(&holder);
	wire_admin_rec_int(r, "id", 42);
	wire_admin_rec_str(r, "state", "RUNNING");
	wire_admin_rec_bool(r, "completing", false);
	memset(&e, 0, sizeof(e));
	e.seq = 1234567890123ull;
	e.time_us = 1700000000000000ull;
	e.topic = ADMIN_TOPIC_JOBS;
	e.kind = ADMIN_EV_CHANGE;
	e.key = "42";
	e.rec = *r;
	wire_pack_admin_event(b, &e);
	wire_frame_end(b);
	wire_admin_reply_free(&holder);
	return b;
}

static void test_event_round_trip(void **state)
{
	buf_t *b = event_frame(), body;
	struct wire_admin_event e;
	uint16_t type = 0;
	const struct admin_field *f;

	assert_int_equal(wire_frame_complete(b->data, buf_len(b)), (long)buf_len(b));
	assert_int_equal(wire_frame_parse(b->data, buf_len(b), &type, &body), 0);
	assert_int_equal(type, WIRE_ADMIN_EVENT);
	assert_int_equal(wire_unpack_admin_event(&body, &e), 0);
	assert_true(e.seq == 1234567890123ull);
	assert_true(e.time_us == 1700000000000000ull);
	assert_int_equal(e.topic, ADMIN_TOPIC_JOBS);
	assert_int_equal(e.kind, ADMIN_EV_CHANGE);
	assert_string_equal(e.key, "42");
	assert_int_equal(e.rec.n, 3);
	f = wire_admin_rec_get(&e.rec, "state");
	assert_non_null(f);
	assert_string_equal(f->s, "RUNNING");
	assert_int_equal(wire_admin_rec_get(&e.rec, "id")->i, 42);
	wire_admin_event_free(&e);
	buf_free(b);
}

static void test_event_truncated_and_bad(void **state)
{
	buf_t *b = event_frame(), body;
	uint16_t type;

	assert_int_equal(wire_frame_parse(b->data, buf_len(b), &type, &body), 0);
	for (size_t cut = 0; cut < buf_len(&body); cut++) {
		buf_t part = body;
		struct wire_admin_event e;

		part.size = part.off + cut;
		assert_int_equal(wire_unpack_admin_event(&part, &e), -1);
		/* a refused event keeps nothing, so nothing leaks */
		assert_null(e.key);
		assert_null(e.rec.f);
	}
	/* an unknown topic is refused */
	{
		struct wire_admin_event e = { .seq = 1, .topic = 99,
					      .kind = ADMIN_EV_CHANGE };
		buf_t *x = buf_new(64), v;

		wire_pack_admin_event(x, &e);
		buf_init_view(&v, x->data, buf_len(x));
		assert_int_equal(wire_unpack_admin_event(&v, &e), -1);
		wire_admin_event_free(&e);
		buf_free(x);
	}
	buf_free(b);
}

static void test_topics(void **state)
{
	uint32_t set = 0;

	assert_int_equal(wire_admin_topics_parse("jobs,nodes", &set), 0);
	assert_int_equal(set, ADMIN_TOPIC_BIT(ADMIN_TOPIC_JOBS) |
			      ADMIN_TOPIC_BIT(ADMIN_TOPIC_NODES));
	assert_int_equal(wire_admin_topics_parse("all", &set), 0);
	assert_int_equal(set, ADMIN_TOPICS_ALL);
	assert_false(set & ADMIN_TOPIC_BIT(ADMIN_TOPIC_NONE));
	assert_int_equal(wire_admin_topics_parse("jobs,bogus", &set), -1);
	assert_non_null(strstr(err_msg(), "unknown topic 'bogus'"));
	assert_int_equal(wire_admin_topics_parse("", &set), -1);
	assert_int_equal(wire_admin_topics_parse(NULL, &set), -1);
	assert_string_equal(wire_admin_topic_name(ADMIN_TOPIC_LEADERSHIP), "leadership");
	assert_string_equal(wire_admin_topic_name(200), "unknown");
	assert_string_equal(wire_admin_ev_kind_name(ADMIN_EV_SYNCED), "synced");
	assert_string_equal(wire_admin_cmd_name(ADMIN_SUBSCRIBE), "subscribe");
	assert_string_equal(wire_type_name(WIRE_ADMIN_EVENT), "ADMIN_EVENT");
}

static void push(struct evring *r, uint64_t seq, size_t len)
{
	char data[256], key[16];

	memset(data, (int)(seq & 0x7f), sizeof(data));
	snprintf(key, sizeof(key), "%llu", (unsigned long long)seq);
	evring_push(r, seq, ADMIN_TOPIC_JOBS, key, data, len);
}

struct collect {
	uint64_t seqs[64];
	size_t n;
	size_t stop_after;
};

static int collect(void *arg, const struct ev_item *it)
{
	struct collect *c = arg;

	c->seqs[c->n++] = it->seq;
	return c->stop_after && c->n == c->stop_after ? 7 : 0;
}

static void test_ring_bounds_and_resume(void **state)
{
	struct evring *r = evring_new(4, 1000);
	struct collect c = { .n = 0 };

	assert_int_equal(evring_last(r), 0);
	assert_true(evring_can_resume(r, 0));       /* nothing missed */
	assert_false(evring_can_resume(r, 5));      /* from the future */
	for (uint64_t s = 1; s <= 6; s++)
		push(r, s, 100);
	/* four items kept: 3..6 */
	assert_int_equal(evring_count(r), 4);
	assert_int_equal(evring_bytes(r), 400);
	assert_int_equal(evring_last(r), 6);
	assert_true(evring_can_resume(r, 6));
	assert_true(evring_can_resume(r, 2));       /* 3.. are all here */
	assert_false(evring_can_resume(r, 1));      /* 2 is gone */
	assert_false(evring_can_resume(r, 7));
	assert_int_equal(evring_each_after(r, 4, collect, &c), 0);
	assert_int_equal(c.n, 2);
	assert_true(c.seqs[0] == 5 && c.seqs[1] == 6);
	/* FN stops the walk */
	c.n = 0;
	c.stop_after = 1;
	assert_int_equal(evring_each_after(r, 0, collect, &c), 7);
	assert_int_equal(c.n, 1);
	assert_true(c.seqs[0] == 3);
	/* larger events: the count bound still holds (5..8 kept) */
	push(r, 7, 250);
	push(r, 8, 250);
	assert_int_equal(evring_count(r), 4);
	assert_int_equal(evring_bytes(r), 700);
	assert_true(evring_can_resume(r, 4));
	assert_false(evring_can_resume(r, 3));
	/* the byte bound: 6..9 is 840 bytes; 300 more would pass 1000, so
	 * 6 (count) and 7 (bytes) go */
	push(r, 9, 240);
	assert_int_equal(evring_bytes(r), 840);
	evring_push(r, 10, ADMIN_TOPIC_NODES, "n1", (char[300]){ 0 }, 300);
	assert_int_equal(evring_count(r), 3);
	assert_int_equal(evring_bytes(r), 790);
	assert_false(evring_can_resume(r, 6));
	assert_true(evring_can_resume(r, 7));
	/* an event larger than the ring empties it: no resume from before */
	evring_push(r, 11, ADMIN_TOPIC_NODES, NULL, "x", 0);
	{
		char big[2000];

		memset(big, 1, sizeof(big));
		evring_push(r, 12, ADMIN_TOPIC_NODES, "n1", big, sizeof(big));
	}
	assert_int_equal(evring_count(r), 0);
	assert_int_equal(evring_last(r), 12);
	assert_true(evring_can_resume(r, 12));
	assert_false(evring_can_resume(r, 11));
	evring_free(r);
}

static void test_coalesce_newest_per_object(void **state)
{
	struct evcoal *q = evcoal_new(3, 1000);
	struct collect c = { .n = 0 };

	assert_int_equal(evcoal_put(q, 1, ADMIN_TOPIC_JOBS, "5", "aaaa", 4), 0);
	assert_int_equal(evcoal_put(q, 2, ADMIN_TOPIC_NODES, "5", "bbbb", 4), 0);
	assert_int_equal(evcoal_put(q, 3, ADMIN_TOPIC_JOBS, "6", "cccc", 4), 0);
	/* job 5 again: replaces the first, no room needed */
	assert_int_equal(evcoal_put(q, 4, ADMIN_TOPIC_JOBS, "5", "dddddd", 6), 0);
	assert_int_equal(evcoal_count(q), 3);
	assert_int_equal(evcoal_bytes(q), 14);
	/* a fourth object does not fit in three */
	assert_int_equal(evcoal_put(q, 5, ADMIN_TOPIC_JOBS, "7", "e", 1), -1);
	assert_int_equal(evcoal_count(q), 3);
	/* handed over in seq order: 2 (node 5), 3 (job 6), 4 (job 5) */
	assert_int_equal(evcoal_drain(q, collect, &c), 0);
	assert_int_equal(c.n, 3);
	assert_true(c.seqs[0] == 2 && c.seqs[1] == 3 && c.seqs[2] == 4);
	assert_int_equal(evcoal_count(q), 0);
	assert_int_equal(evcoal_bytes(q), 0);
	/* keyless events: one per topic; equal seqs keep arrival order */
	assert_int_equal(evcoal_put(q, 9, ADMIN_TOPIC_JOBS, "1", "s", 1), 0);
	assert_int_equal(evcoal_put(q, 9, ADMIN_TOPIC_NONE, NULL, "y", 1), 0);
	assert_int_equal(evcoal_put(q, 9, ADMIN_TOPIC_NONE, NULL, "z", 1), 0);
	assert_int_equal(evcoal_count(q), 2);
	c.n = 0;
	assert_int_equal(evcoal_drain(q, collect, &c), 0);
	assert_int_equal(c.n, 2);
	evcoal_free(q);
}

static void test_coalesce_byte_bound(void **state)
{
	struct evcoal *q = evcoal_new(100, 10);
	struct collect c = { .n = 0, .stop_after = 1 };

	assert_int_equal(evcoal_put(q, 1, ADMIN_TOPIC_JOBS, "1", "12345", 5), 0);
	assert_int_equal(evcoal_put(q, 2, ADMIN_TOPIC_JOBS, "2", "12345", 5), 0);
	assert_int_equal(evcoal_put(q, 3, ADMIN_TOPIC_JOBS, "3", "1", 1), -1);
	/* replacing with something larger than the room left is refused */
	assert_int_equal(evcoal_put(q, 4, ADMIN_TOPIC_JOBS, "1", "123456", 6), -1);
	/* a smaller replacement is fine */
	assert_int_equal(evcoal_put(q, 5, ADMIN_TOPIC_JOBS, "1", "1", 1), 0);
	assert_int_equal(evcoal_bytes(q), 6);
	/* a drain stopped by FN forgets the rest anyway */
	assert_int_equal(evcoal_drain(q, collect, &c), 7);
	assert_int_equal(c.n, 1);
	assert_int_equal(evcoal_count(q), 0);
	evcoal_free(q);
}

static void test_coalesce_many(void **state)
{
	struct evcoal *q = evcoal_new(1000, 1u << 20);
	char key[16];

	/* 5000 updates of 1000 objects leave 1000, newest each */
	for (uint64_t s = 1; s <= 5000; s++) {
		snprintf(key, sizeof(key), "%llu", (unsigned long long)(s % 1000));
		assert_int_equal(evcoal_put(q, s, ADMIN_TOPIC_NODES, key, "x", 1), 0);
	}
	assert_int_equal(evcoal_count(q), 1000);
	assert_int_equal(evcoal_bytes(q), 1000);
	evcoal_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_round_trip),
		cmocka_unit_test(test_event_truncated_and_bad),
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_ring_bounds_and_resume),
		cmocka_unit_test(test_coalesce_newest_per_object),
		cmocka_unit_test(test_coalesce_byte_bound),
		cmocka_unit_test(test_coalesce_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
