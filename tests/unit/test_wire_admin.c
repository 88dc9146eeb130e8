/* test_wire_admin.c - the admin protocol: requests and replies survive a
 * round trip through a whole frame, every truncation of a valid message is
 * refused cleanly, and random or lying bytes never crash a decoder or make
 * it allocate what the message cannot hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "wire/admin.h"
#include "wire/wire.h"

static buf_t *request_frame(void)
{
	char *args[] = { "drain", "node[1-4]", "disk replaced", NULL };
	struct wire_admin_request rq = {
		.seq = 7, .cmd = ADMIN_NODE_UPDATE, .args = args, .nargs = 3,
	};
	buf_t *b = wire_frame_begin(WIRE_ADMIN_REQUEST);

	wire_pack_admin_request(b, &rq);
	wire_frame_end(b);
	return b;
}

static void fill_reply(struct wire_admin_reply *m)
{
	struct admin_rec *r;

	memset(m, 0, sizeof(*m));
	m->seq = 42;
	m->rc = ADMIN_ENOENT;
	m->error = xstrdup("node 'nodeX' does not exist");
	r = wire_admin_rec_new(m);
	wire_admin_rec_str(r, "name", "node1");
	wire_admin_rec_int(r, "cpus", 64);
	wire_admin_rec_int(r, "boot_time", -5);
	wire_admin_rec_bool(r, "leader", true);
	wire_admin_rec_str(r, "reason", NULL);
	r = wire_admin_rec_new(m);
	wire_admin_rec_str(r, "name", "");
	{
		/* keys kept as given, then copied again */
		static const char lit[] = "array_task";
		char *heap = xstrdup("heap_key");

		wire_admin_rec_literal_keys(r, 2);
		wire_admin_rec_int(r, lit, 3);
		assert_ptr_equal(r->f[r->n - 1].key, lit);
		wire_admin_rec_copied_keys(r);
		wire_admin_rec_str(r, heap, "v");
		assert_ptr_not_equal(r->f[r->n - 1].key, heap);
		free(heap);
	}
	wire_admin_rec_new(m);   /* an empty record */
	m->text = xstrdup("flurm_jobs_pending 3\n");
}

static buf_t *reply_frame(void)
{
	struct wire_admin_reply m;
	buf_t *b = wire_frame_begin(WIRE_ADMIN_REPLY);

	fill_reply(&m);
	wire_pack_admin_reply(b, &m);
	wire_frame_end(b);
	wire_admin_reply_free(&m);
	return b;
}

static void test_request_round_trip(void **state)
{
	buf_t *b = request_frame();
	struct wire_admin_request rq;
	uint16_t type = 0;
	buf_t body;

	assert_int_equal(wire_frame_complete(b->data, buf_len(b)), (long)buf_len(b));
	assert_int_equal(wire_frame_parse(b->data, buf_len(b), &type, &body), 0);
	assert_int_equal(type, WIRE_ADMIN_REQUEST);
	assert_int_equal(wire_unpack_admin_request(&body, &rq), 0);
	assert_int_equal(rq.seq, 7);
	assert_int_equal(rq.cmd, ADMIN_NODE_UPDATE);
	assert_int_equal(rq.nargs, 3);
	assert_string_equal(rq.args[0], "drain");
	assert_string_equal(rq.args[1], "node[1-4]");
	assert_string_equal(rq.args[2], "disk replaced");
	assert_null(rq.args[3]);
	wire_admin_request_free(&rq);
	buf_free(b);
}

static void test_request_no_args(void **state)
{
	struct wire_admin_request rq = { .seq = 1, .cmd = ADMIN_PING }, out;
	buf_t *b = buf_new(16);
	buf_t v;

	wire_pack_admin_request(b, &rq);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_admin_request(&v, &out), 0);
	assert_int_equal(out.cmd, ADMIN_PING);
	assert_int_equal(out.nargs, 0);
	assert_null(out.args);
	wire_admin_request_free(&out);
	buf_free(b);
}

static void test_reply_round_trip(void **state)
{
	buf_t *b = reply_frame();
	struct wire_admin_reply m;
	const struct admin_field *f;
	uint16_t type = 0;
	buf_t body;

	assert_int_equal(wire_frame_parse(b->data, buf_len(b), &type, &body), 0);
	assert_int_equal(type, WIRE_ADMIN_REPLY);
	assert_int_equal(wire_unpack_admin_reply(&body, &m), 0);
	assert_int_equal(m.seq, 42);
	assert_int_equal(m.rc, ADMIN_ENOENT);
	assert_string_equal(m.error, "node 'nodeX' does not exist");
	assert_int_equal(m.nrecs, 3);
	assert_int_equal(m.recs[0].n, 5);
	f = wire_admin_rec_get(&m.recs[0], "name");
	assert_non_null(f);
	assert_int_equal(f->kind, ADMIN_F_STR);
	assert_string_equal(f->s, "node1");
	f = wire_admin_rec_get(&m.recs[0], "cpus");
	assert_int_equal(f->kind, ADMIN_F_INT);
	assert_int_equal(f->i, 64);
	assert_int_equal(wire_admin_rec_get(&m.recs[0], "boot_time")->i, -5);
	f = wire_admin_rec_get(&m.recs[0], "leader");
	assert_int_equal(f->kind, ADMIN_F_BOOL);
	assert_int_equal(f->i, 1);
	f = wire_admin_rec_get(&m.recs[0], "reason");
	assert_int_equal(f->kind, ADMIN_F_STR);
	assert_null(f->s);
	assert_null(wire_admin_rec_get(&m.recs[0], "nope"));
	assert_string_equal(wire_admin_rec_get(&m.recs[1], "name")->s, "");
	assert_int_equal(wire_admin_rec_get(&m.recs[1], "array_task")->i, 3);
	assert_string_equal(wire_admin_rec_get(&m.recs[1], "heap_key")->s, "v");
	assert_int_equal(m.recs[2].n, 0);
	assert_string_equal(m.text, "flurm_jobs_pending 3\n");
	wire_admin_reply_free(&m);
	buf_free(b);
}

/* Every proper prefix of a valid body fails to decode, and a body with a
 * byte more fails too. */
static void test_truncation_everywhere(void **state)
{
	buf_t *frames[2] = { request_frame(), reply_frame() };

	for (int k = 0; k < 2; k++) {
		const uint8_t *body = frames[k]->data + WIRE_HDR_LEN;
		size_t len = buf_len(frames[k]) - WIRE_HDR_LEN;
		uint8_t *longer = xmalloc(len + 1);

		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *copy = xmalloc(cut ? cut : 1);
			buf_t v;
			int rc;

			memcpy(copy, body, cut);
			buf_init_view(&v, copy, cut);
			if (k == 0) {
				struct wire_admin_request rq;
				rc = wire_unpack_admin_request(&v, &rq);
				/* a refused frame keeps nothing: a caller
				 * that does not free leaks nothing */
				assert_null(rq.args);
			} else {
				struct wire_admin_reply m;
				rc = wire_unpack_admin_reply(&v, &m);
				assert_null(m.recs);
				assert_null(m.error);
				assert_null(m.text);
			}
			if (rc != -1)
				fail_msg("message %d cut at %zu of %zu decoded", k, cut, len);
			free(copy);
		}
		/* the frame layer refuses every prefix too */
		for (size_t cut = 0; cut < buf_len(frames[k]); cut++)
			assert_true(wire_frame_complete(frames[k]->data, cut) <= 0);
		memcpy(longer, body, len);
		longer[len] = 0;
		{
			buf_t v;
			struct wire_admin_reply m;
			struct wire_admin_request rq;

			buf_init_view(&v, longer, len + 1);
			if (k == 0) {
				assert_int_equal(wire_unpack_admin_request(&v, &rq), -1);
				wire_admin_request_free(&rq);
			} else {
				assert_int_equal(wire_unpack_admin_reply(&v, &m), -1);
				wire_admin_reply_free(&m);
			}
		}
		free(longer);
		buf_free(frames[k]);
	}
}

/* A reply claiming four billion records (or fields) in a few bytes is
 * refused before anything is allocated for them. */
static void test_lying_counts(void **state)
{
	buf_t *b = buf_new(64);
	struct wire_admin_reply m;
	buf_t v;

	pack32(b, 1);
	pack32(b, 0);
	pack_str(b, NULL);
	pack32(b, 0xffffffffu);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_admin_reply(&v, &m), -1);
	assert_non_null(strstr(err_msg(), "record count"));
	wire_admin_reply_free(&m);
	buf_free(b);

	b = buf_new(64);
	pack32(b, 1);
	pack32(b, 0);
	pack_str(b, NULL);
	pack32(b, 1);
	pack32(b, 0x10000000u);
	pack_str(b, "k");
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_admin_reply(&v, &m), -1);
	assert_non_null(strstr(err_msg(), "field count"));
	wire_admin_reply_free(&m);
	buf_free(b);

	/* an unknown field kind */
	b = buf_new(64);
	pack32(b, 1);
	pack32(b, 0);
	pack_str(b, NULL);
	pack32(b, 1);
	pack32(b, 1);
	pack_str(b, "k");
	pack8(b, 99);
	pack8(b, 0);
	pack_str(b, NULL);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_admin_reply(&v, &m), -1);
	wire_admin_reply_free(&m);
	buf_free(b);
}

/* Random bytes: decoders return 0 or -1 and never read out of bounds
 * (the sanitizer build checks the latter). */
static void test_garbage(void **state)
{
	uint8_t data[256];
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(rand_r(&seed) % (int)sizeof(data));
		struct wire_admin_request rq;
		struct wire_admin_reply m;
		uint16_t type;
		buf_t v;

		for (size_t i = 0; i < len; i++)
			data[i] = (uint8_t)rand_r(&seed);
		/* small counts make deeper paths reachable */
		if (len > 16 && round % 2)
			memset(data + 12, 0, 3);
		buf_init_view(&v, data, len);
		if (wire_unpack_admin_request(&v, &rq) == 0)
			assert_true(rq.nargs == 0 || rq.args != NULL);
		wire_admin_request_free(&rq);
		buf_init_view(&v, data, len);
		wire_unpack_admin_reply(&v, &m);
		wire_admin_reply_free(&m);
		if (wire_frame_complete(data, len) > 0)
			wire_frame_parse(data, (size_t)wire_frame_complete(data, len),
					 &type, &v);
	}
}

/* The TCP admin port's first frame: the credential survives a round
 * trip; an empty one, a truncated one and trailing bytes are refused. */
static void test_auth_frame(void **state)
{
	struct wire_admin_auth a = { .cred = "MUNGE:AwQDAAB:" }, out;
	buf_t *b = wire_frame_begin(WIRE_ADMIN_AUTH);
	uint16_t type = 0;
	buf_t body, v;

	wire_pack_admin_auth(b, &a);
	wire_frame_end(b);
	assert_true(buf_len(b) < WIRE_ADMIN_AUTH_MAX);
	assert_int_equal(wire_frame_parse(b->data, buf_len(b), &type, &body), 0);
	assert_int_equal(type, WIRE_ADMIN_AUTH);
	assert_int_equal(wire_unpack_admin_auth(&body, &out), 0);
	assert_string_equal(out.cred, a.cred);
	wire_admin_auth_free(&out);
	assert_null(out.cred);
	buf_free(b);

	/* every truncation of the body is refused and leaves nothing behind */
	b = buf_new(64);
	wire_pack_admin_auth(b, &a);
	for (size_t len = 0; len < buf_len(b); len++) {
		buf_init_view(&v, b->data, len);
		assert_int_equal(wire_unpack_admin_auth(&v, &out), -1);
		assert_null(out.cred);
	}
	buf_free(b);

	/* no credential at all */
	b = buf_new(64);
	wire_pack_admin_auth(b, &(struct wire_admin_auth){ .cred = NULL });
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_admin_auth(&v, &out), -1);
	buf_free(b);

	/* garbage after it */
	b = buf_new(64);
	wire_pack_admin_auth(b, &a);
	pack32(b, 1);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(wire_unpack_admin_auth(&v, &out), -1);
	assert_null(out.cred);
	buf_free(b);
	assert_string_equal(wire_type_name(WIRE_ADMIN_AUTH), "ADMIN_AUTH");
}

static void test_names(void **state)
{
	assert_string_equal(wire_admin_cmd_name(ADMIN_STATUS), "status");
	assert_string_equal(wire_admin_cmd_name(ADMIN_NODE_ADD), "node_add");
	assert_string_equal(wire_admin_cmd_name(ADMIN_LOG_LEVEL), "log_level");
	/* the gap before the 80s names nothing */
	assert_string_equal(wire_admin_cmd_name(ADMIN_SCHED_STATS - 1), "unknown");
	assert_string_equal(wire_admin_cmd_name(0), "unknown");
	assert_string_equal(wire_admin_cmd_name(60000), "unknown");
	assert_string_equal(wire_admin_strerror(ADMIN_EPERM), "permission denied");
	assert_string_equal(wire_admin_strerror(1000), "unknown error");
	assert_string_equal(wire_type_name(WIRE_ADMIN_REQUEST), "ADMIN_REQUEST");
	assert_string_equal(wire_type_name(WIRE_ADMIN_REPLY), "ADMIN_REPLY");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_round_trip),
		cmocka_unit_test(test_request_no_args),
		cmocka_unit_test(test_reply_round_trip),
		cmocka_unit_test(test_truncation_everywhere),
		cmocka_unit_test(test_lying_counts),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_auth_frame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
