/* once.c - requests that must take effect once however often they are
 * sent: a CMD_ONCE carries the request id its first controller gave it
 * and the command to run; apply remembers the last STATE_ONCE_KEEP ids
 * with their outcome and answers a repeat with the first outcome (the
 * same job id) instead of running it again. Who picks ids and who sends
 * again is the controller's business. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

struct once_rec {
	uint64_t id;
	int32_t rc;
	uint32_t job_id;
	uint16_t chain;            /* next in its bucket: index + 1, 0: none */
};

/* Buckets of the index: a power of two, twice the records, so that
 * chains stay about one long. */
#define ONCE_BUCKETS (2 * STATE_ONCE_KEEP)

/* A ring in apply order: the oldest outcome is forgotten first, the same
 * way on every controller. Every request of a client's change is looked
 * up here, so the ring has an index by id (chains of ring positions)
 * rather than being scanned. */
struct state_once {
	struct once_rec recs[STATE_ONCE_KEEP];
	uint16_t bucket[ONCE_BUCKETS];  /* first of its chain: index + 1 */
	uint32_t count;            /* used entries */
	uint32_t next;             /* where the next one goes */
};

_Static_assert(STATE_ONCE_KEEP < 65535, "once chains are 16-bit");
_Static_assert((ONCE_BUCKETS & (ONCE_BUCKETS - 1)) == 0,
	       "ONCE_BUCKETS is a power of two");

static uint32_t once_hash(uint64_t id)
{
	/* ids are random starts plus counters: mix the high bits down */
	id *= 0x9e3779b97f4a7c15ULL;
	return (uint32_t)(id >> 40) & (ONCE_BUCKETS - 1);
}

/* Take ring position I out of its bucket's chain. */
static void once_unlink(struct state_once *o, uint32_t i)
{
	uint16_t *link = &o->bucket[once_hash(o->recs[i].id)];

	while (*link) {
		if (*link == i + 1) {
			*link = o->recs[i].chain;
			o->recs[i].chain = 0;
			return;
		}
		link = &o->recs[*link - 1].chain;
	}
}

buf_t *cmd_once(uint64_t req_id, const buf_t *inner, time_t now)
{
	buf_t *b = buf_new(buf_len(inner) + 32);

	pack16(b, CMD_ONCE);
	pack_time(b, now);
	pack64(b, req_id);
	pack_mem(b, inner->data, (uint32_t)buf_len(inner));
	return b;
}

static const struct once_rec *once_find(const struct state *st, uint64_t id)
{
	const struct state_once *o = st->once;

	if (!o || !id)
		return NULL;
	for (uint16_t i = o->bucket[once_hash(id)]; i; i = o->recs[i - 1].chain)
		if (o->recs[i - 1].id == id)
			return &o->recs[i - 1];
	return NULL;
}

int state_once_lookup(const struct state *st, uint64_t req_id,
		      struct state_result *res)
{
	const struct once_rec *r = once_find(st, req_id);

	if (!r)
		return -1;
	memset(res, 0, sizeof(*res));
	res->rc = r->rc;
	res->job_id = r->job_id;
	return 0;
}

void state_once_remember(struct state *st, uint64_t id,
			 const struct state_result *res)
{
	struct state_once *o = st->once;

	struct once_rec *r;
	uint32_t h;

	if (!o)
		o = st->once = xcalloc(1, sizeof(*o));
	r = &o->recs[o->next];
	if (o->count == STATE_ONCE_KEEP)
		once_unlink(o, o->next);        /* the oldest is forgotten */
	r->id = id;
	r->rc = res->rc;
	r->job_id = res->job_id;
	h = once_hash(id);
	r->chain = o->bucket[h];
	o->bucket[h] = (uint16_t)(o->next + 1);
	o->next = (o->next + 1) % STATE_ONCE_KEEP;
	if (o->count < STATE_ONCE_KEEP)
		o->count++;
}

uint32_t state_once_count(const struct state *st)
{
	return st->once ? st->once->count : 0;
}

void state_once_free(struct state *st)
{
	free(st->once);
	st->once = NULL;
}

/* The inner command of a CMD_ONCE whose header (type, time) B has read
 * already. 0, or -1 when malformed. */
static int once_unpack(buf_t *b, uint64_t *id, const uint8_t **inner,
		       uint32_t *len)
{
	buf_t in;
	uint16_t type = 0;

	if (unpack64(b, id) < 0 || unpack_mem_ptr(b, inner, len) < 0 ||
	    buf_remaining(b) != 0 || !*id)
		return -1;
	/* one level: a repeat is recognised by the outer id only */
	buf_init_view(&in, *inner, *len);
	if (unpack16(&in, &type) < 0 || type == CMD_ONCE)
		return -1;
	return 0;
}

void apply_once(struct state *st, buf_t *b, struct state_result *res)
{
	const uint8_t *inner;
	uint32_t len = 0;
	uint64_t id = 0;

	if (once_unpack(b, &id, &inner, &len) < 0) {
		res->rc = STATE_EINVAL;
		return;
	}
	if (state_once_lookup(st, id, res) == 0)
		return;    /* sent again: the first outcome, nothing done */
	state_apply(st, inner, len, res);
	state_once_remember(st, id, res);
}

/* The command a CMD_ONCE wraps: 0, or -1 when CMD is cut short. */
static int once_inner(const void *cmd, size_t len, const uint8_t **inner,
		      uint32_t *n)
{
	buf_t b;
	uint16_t type = 0;
	time_t now = 0;
	uint64_t id = 0;

	buf_init_view(&b, cmd, len);
	if (unpack16(&b, &type) < 0 || unpack_time(&b, &now) < 0)
		return -1;
	return once_unpack(&b, &id, inner, n);
}

uint32_t state_once_cmd_job(const void *cmd, size_t len,
			    const struct state_result *res)
{
	const uint8_t *inner;
	uint32_t n = 0;

	if (once_inner(cmd, len, &inner, &n) < 0)
		return 0;
	return state_cmd_job(inner, n, res);
}

bool state_once_cmd_nodes(const void *cmd, size_t len,
			  const struct state_result *res)
{
	const uint8_t *inner;
	uint32_t n = 0;

	if (once_inner(cmd, len, &inner, &n) < 0)
		return true;
	return state_cmd_nodes(inner, n, res);
}

void state_once_pack(buf_t *b, const struct state *st, uint32_t n)
{
	const struct state_once *o = st->once;

	pack32(b, n);
	/* oldest first, so that restore rebuilds the same ring order */
	for (uint32_t i = 0; i < n; i++) {
		const struct once_rec *r =
			&o->recs[(o->next + STATE_ONCE_KEEP - n + i) %
				 STATE_ONCE_KEEP];

		pack64(b, r->id);
		pack32(b, (uint32_t)r->rc);
		pack32(b, r->job_id);
	}
}

int state_once_restore(struct state *st, buf_t *b)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || n > STATE_ONCE_KEEP ||
	    n > buf_remaining(b) / 16)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		struct state_result r = { 0 };
		uint64_t id = 0;
		uint32_t rc = 0;

		unpack64(b, &id);
		unpack32(b, &rc);
		if (unpack32(b, &r.job_id) < 0 || !id)
			return -1;
		r.rc = (int)rc;
		state_once_remember(st, id, &r);
	}
	return 0;
}
