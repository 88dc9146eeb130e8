/* connlimit.c - connection limits per peer and in total, least recently
 * active eviction, request deadlines and the unauthenticated byte budget,
 * as plain bookkeeping over intrusive lists. Accepting, reading and
 * closing are left to the listener that embeds a climit_conn. */
#include <stdlib.h>
#include <string.h>

#include "core/connlimit.h"
#include "core/xalloc.h"

#define PEER_BUCKETS 1024

struct climit_peer {
	char key[64];
	uint32_t count;                           /* counted connections */
	TAILQ_HEAD(, climit_conn) idle;           /* LRU first */
	struct climit_peer *next;                 /* hash chain */
	TAILQ_ENTRY(climit_peer) bucket;          /* peers of the same count */
};

TAILQ_HEAD(conn_list, climit_conn);
TAILQ_HEAD(peer_list, climit_peer);

struct climit {
	struct climit_limits lim;
	uint32_t nconns;
	uint32_t npeers;
	size_t unauth, unauth_peak;
	struct conn_list idle;                    /* NEW and AUTHED, LRU first */
	struct conn_list dl;                      /* deadlines, soonest first */
	struct conn_list ua;                      /* NEW holding bytes, LRU first */
	struct climit_peer *peers[PEER_BUCKETS];
	/* peers by connection count, to find the heaviest quickly */
	struct peer_list *by_count;
	uint32_t by_count_len;
	uint32_t max_count;                       /* no peer has more */
	uint64_t active_seq;
};

static void count_set(struct climit *cl, struct climit_peer *p, uint32_t n)
{
	if (p->count)
		TAILQ_REMOVE(&cl->by_count[p->count], p, bucket);
	p->count = n;
	if (!n)
		return;
	if (n >= cl->by_count_len) {
		uint32_t len = cl->by_count_len ? cl->by_count_len : 16;

		while (len <= n)
			len *= 2;
		cl->by_count = xrealloc(cl->by_count, len * sizeof(*cl->by_count));
		/* the lists moved: their heads point back into them */
		for (uint32_t i = 0; i < cl->by_count_len; i++) {
			struct peer_list tmp;

			TAILQ_INIT(&tmp);
			TAILQ_CONCAT(&tmp, &cl->by_count[i], bucket);
			TAILQ_INIT(&cl->by_count[i]);
			TAILQ_CONCAT(&cl->by_count[i], &tmp, bucket);
		}
		for (uint32_t i = cl->by_count_len; i < len; i++)
			TAILQ_INIT(&cl->by_count[i]);
		cl->by_count_len = len;
	}
	TAILQ_INSERT_TAIL(&cl->by_count[n], p, bucket);
	if (n > cl->max_count)
		cl->max_count = n;
}

static unsigned key_hash(const char *key)
{
	unsigned h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h % PEER_BUCKETS;
}

static struct climit_peer *peer_find(const struct climit *cl, const char *key)
{
	struct climit_peer *p;

	for (p = cl->peers[key_hash(key)]; p; p = p->next)
		if (!strncmp(p->key, key, sizeof(p->key) - 1))
			return p;
	return NULL;
}

static struct climit_peer *peer_get(struct climit *cl, const char *key)
{
	struct climit_peer *p = peer_find(cl, key);
	unsigned h;

	if (p)
		return p;
	p = xcalloc(1, sizeof(*p));
	strncpy(p->key, key, sizeof(p->key) - 1);
	TAILQ_INIT(&p->idle);
	h = key_hash(p->key);
	p->next = cl->peers[h];
	cl->peers[h] = p;
	cl->npeers++;
	return p;
}

static void peer_put(struct climit *cl, struct climit_peer *p)
{
	struct climit_peer **pp;

	if (p->count)
		return;
	for (pp = &cl->peers[key_hash(p->key)]; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	cl->npeers--;
	free(p);
}

struct climit *climit_new(const struct climit_limits *lim)
{
	struct climit *cl = xcalloc(1, sizeof(*cl));

	cl->lim = *lim;
	TAILQ_INIT(&cl->idle);
	TAILQ_INIT(&cl->dl);
	TAILQ_INIT(&cl->ua);
	return cl;
}

void climit_free(struct climit *cl)
{
	if (!cl)
		return;
	for (unsigned i = 0; i < PEER_BUCKETS; i++)
		while (cl->peers[i]) {
			struct climit_peer *p = cl->peers[i];

			cl->peers[i] = p->next;
			free(p);
		}
	free(cl->by_count);
	free(cl);
}

const struct climit_limits *climit_limits(const struct climit *cl)
{
	return &cl->lim;
}

void climit_set_max(struct climit *cl, uint32_t max_conns)
{
	cl->lim.max_conns = max_conns;
}

static void idle_out(struct climit *cl, struct climit_conn *c)
{
	if (!c->in_idle)
		return;
	TAILQ_REMOVE(&cl->idle, c, idle);
	if (c->peer)
		TAILQ_REMOVE(&c->peer->idle, c, peer_idle);
	c->in_idle = false;
}

static void idle_in(struct climit *cl, struct climit_conn *c)
{
	c->active = ++cl->active_seq;
	TAILQ_INSERT_TAIL(&cl->idle, c, idle);
	if (c->peer)
		TAILQ_INSERT_TAIL(&c->peer->idle, c, peer_idle);
	c->in_idle = true;
}

static void dl_out(struct climit *cl, struct climit_conn *c)
{
	if (!c->in_dl)
		return;
	TAILQ_REMOVE(&cl->dl, c, dl);
	c->in_dl = false;
}

static void unauth_set(struct climit *cl, struct climit_conn *c, size_t n)
{
	cl->unauth = cl->unauth - c->unauth + n;
	c->unauth = n;
	if (n && !c->in_ua) {
		TAILQ_INSERT_TAIL(&cl->ua, c, ua);
		c->in_ua = true;
	} else if (!n && c->in_ua) {
		TAILQ_REMOVE(&cl->ua, c, ua);
		c->in_ua = false;
	}
	if (cl->unauth > cl->unauth_peak)
		cl->unauth_peak = cl->unauth;
}

enum climit_verdict climit_check(struct climit *cl, const char *key,
				 struct climit_conn **victim)
{
	struct climit_peer *p = peer_find(cl, key);

	*victim = NULL;
	if (cl->lim.max_per_peer && p && p->count >= cl->lim.max_per_peer) {
		*victim = TAILQ_FIRST(&p->idle);
		return *victim ? CLIMIT_EVICT : CLIMIT_REFUSE;
	}
	if (cl->lim.max_conns && cl->nconns >= cl->lim.max_conns) {
		*victim = climit_oldest_idle(cl);
		return *victim ? CLIMIT_EVICT : CLIMIT_REFUSE;
	}
	return CLIMIT_OK;
}

void climit_add(struct climit *cl, struct climit_conn *c, const char *key,
		uint64_t now)
{
	memset(c, 0, sizeof(*c));
	c->state = CL_NEW;
	c->peer = peer_get(cl, key);
	count_set(cl, c->peer, c->peer->count + 1);
	cl->nconns++;
	idle_in(cl, c);
	/* every deadline is accept time + the same timeout, so appending
	 * keeps the list sorted */
	c->deadline_ms = now + cl->lim.request_timeout_ms;
	TAILQ_INSERT_TAIL(&cl->dl, c, dl);
	c->in_dl = true;
}

void climit_remove(struct climit *cl, struct climit_conn *c)
{
	idle_out(cl, c);
	dl_out(cl, c);
	unauth_set(cl, c, 0);
	if (c->peer) {
		count_set(cl, c->peer, c->peer->count - 1);
		peer_put(cl, c->peer);
		c->peer = NULL;
	}
	cl->nconns--;
}

void climit_set_state(struct climit *cl, struct climit_conn *c,
		      enum climit_state st)
{
	if (st == c->state)
		return;
	if (st != CL_NEW)
		unauth_set(cl, c, 0);
	if (st == CL_BUSY || st == CL_TRUSTED || st == CL_STREAM) {
		idle_out(cl, c);
		dl_out(cl, c);
	}
	if (st == CL_IDLE) {
		/* past the first request: idleness is the owner's to time */
		dl_out(cl, c);
		if (!c->in_idle)
			idle_in(cl, c);
	}
	if (st == CL_TRUSTED && c->peer) {
		count_set(cl, c->peer, c->peer->count - 1);
		peer_put(cl, c->peer);
		c->peer = NULL;
	}
	c->state = st;
}

void climit_touch(struct climit *cl, struct climit_conn *c)
{
	if (c->in_ua) {
		TAILQ_REMOVE(&cl->ua, c, ua);
		TAILQ_INSERT_TAIL(&cl->ua, c, ua);
	}
	if (!c->in_idle)
		return;
	idle_out(cl, c);
	idle_in(cl, c);
}

struct climit_conn *climit_unauth(struct climit *cl, struct climit_conn *c,
				  size_t bytes)
{
	if (c->state == CL_NEW)
		unauth_set(cl, c, bytes);
	if (!cl->lim.max_unauth_bytes || cl->unauth <= cl->lim.max_unauth_bytes)
		return NULL;
	/* the least recently active stranger holding bytes goes first */
	return TAILQ_FIRST(&cl->ua) ? TAILQ_FIRST(&cl->ua) : c;
}

struct climit_conn *climit_oldest_idle(struct climit *cl)
{
	struct climit_conn *head = TAILQ_FIRST(&cl->idle), *best;

	if (!head)
		return NULL;
	while (cl->max_count && TAILQ_EMPTY(&cl->by_count[cl->max_count]))
		cl->max_count--;
	/* the usual case: the oldest idle one is already of a heaviest peer */
	if (!head->peer || head->peer->count >= cl->max_count)
		return head;
	for (uint32_t k = cl->max_count; k > 0; k--) {
		struct climit_peer *p;

		best = NULL;
		TAILQ_FOREACH(p, &cl->by_count[k], bucket) {
			struct climit_conn *first = TAILQ_FIRST(&p->idle);

			if (first && (!best || first->active < best->active))
				best = first;
		}
		if (best)
			return best;
	}
	return head;    /* idle ones of trusted connections only */
}

struct climit_conn *climit_expired(struct climit *cl, uint64_t now)
{
	struct climit_conn *c = TAILQ_FIRST(&cl->dl);

	return c && c->deadline_ms <= now ? c : NULL;
}

uint64_t climit_next_deadline(const struct climit *cl)
{
	const struct climit_conn *c = TAILQ_FIRST(&cl->dl);

	return c ? c->deadline_ms : 0;
}

void climit_stats(const struct climit *cl, struct climit_stats *st)
{
	st->conns = cl->nconns;
	st->peers = cl->npeers;
	st->unauth_bytes = cl->unauth;
	st->unauth_peak = cl->unauth_peak;
}

void climit_peak_reset(struct climit *cl)
{
	cl->unauth_peak = cl->unauth;
}

uint32_t climit_peer_count(const struct climit *cl, const char *key)
{
	const struct climit_peer *p = peer_find(cl, key);

	return p ? p->count : 0;
}
