/* evring.c - bounded event ring and per-client coalescer of the admin
 * event stream (evring.h). Pure data structures: no I/O, no clock; the
 * controller decides what goes in and where it goes out. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "wire/evring.h"

static void item_set(struct ev_item *it, uint64_t seq, uint8_t topic,
		     const char *key, const void *data, size_t len)
{
	it->seq = seq;
	it->topic = topic;
	it->key = key ? xstrdup(key) : NULL;
	it->data = xmalloc(len ? len : 1);
	memcpy(it->data, data, len);
	it->len = len;
}

static void item_clear(struct ev_item *it)
{
	free(it->key);
	free(it->data);
	memset(it, 0, sizeof(*it));
}

/* ---- ring ------------------------------------------------------------ */

struct evring {
	struct ev_item *items;
	size_t cap;                /* max items */
	size_t first;              /* index of the oldest */
	size_t count;
	size_t bytes, max_bytes;
	uint64_t last;             /* seq of the last push */
};

struct evring *evring_new(size_t max_items, size_t max_bytes)
{
	struct evring *r = xcalloc(1, sizeof(*r));

	r->cap = max_items ? max_items : 1;
	r->items = xcalloc(r->cap, sizeof(*r->items));
	r->max_bytes = max_bytes;
	return r;
}

static void drop_oldest(struct evring *r)
{
	struct ev_item *it = &r->items[r->first];

	r->bytes -= it->len;
	item_clear(it);
	r->first = (r->first + 1) % r->cap;
	r->count--;
}

void evring_free(struct evring *r)
{
	if (!r)
		return;
	while (r->count)
		drop_oldest(r);
	free(r->items);
	free(r);
}

void evring_push(struct evring *r, uint64_t seq, uint8_t topic,
		 const char *key, const void *data, size_t len)
{
	r->last = seq;
	if (len > r->max_bytes) {
		/* cannot be kept: nobody may resume from before it */
		while (r->count)
			drop_oldest(r);
		return;
	}
	while (r->count && (r->count == r->cap || r->bytes + len > r->max_bytes))
		drop_oldest(r);
	item_set(&r->items[(r->first + r->count) % r->cap], seq, topic, key,
		 data, len);
	r->count++;
	r->bytes += len;
}

uint64_t evring_last(const struct evring *r)
{
	return r->last;
}

bool evring_can_resume(const struct evring *r, uint64_t since)
{
	if (since == r->last)
		return true;
	if (since > r->last || !r->count)
		return false;
	/* the event right after SINCE must still be here */
	return r->items[r->first].seq <= since + 1;
}

int evring_each_after(const struct evring *r, uint64_t since,
		      int (*fn)(void *arg, const struct ev_item *it), void *arg)
{
	for (size_t i = 0; i < r->count; i++) {
		const struct ev_item *it = &r->items[(r->first + i) % r->cap];
		int rc;

		if (it->seq <= since)
			continue;
		rc = fn(arg, it);
		if (rc)
			return rc;
	}
	return 0;
}

size_t evring_count(const struct evring *r)
{
	return r->count;
}

size_t evring_bytes(const struct evring *r)
{
	return r->bytes;
}

/* ---- coalescer ------------------------------------------------------- */

/* Open addressing on (topic, key); TAB has twice the room of MAX_ITEMS so
 * probes stay short, and it is emptied as a whole by a drain. */
struct evcoal {
	struct ev_item *tab;
	size_t size;
	size_t count, max_items;
	size_t bytes, max_bytes;
	uint64_t stamps;
};

struct evcoal *evcoal_new(size_t max_items, size_t max_bytes)
{
	struct evcoal *q = xcalloc(1, sizeof(*q));

	q->max_items = max_items ? max_items : 1;
	q->size = 2 * q->max_items + 1;
	q->tab = xcalloc(q->size, sizeof(*q->tab));
	q->max_bytes = max_bytes;
	return q;
}

static void coal_clear(struct evcoal *q)
{
	for (size_t i = 0; i < q->size && q->count; i++)
		if (q->tab[i].data) {
			item_clear(&q->tab[i]);
			q->count--;
		}
	q->count = 0;
	q->bytes = 0;
}

void evcoal_free(struct evcoal *q)
{
	if (!q)
		return;
	coal_clear(q);
	free(q->tab);
	free(q);
}

static uint64_t coal_hash(uint8_t topic, const char *key)
{
	uint64_t h = 1469598103934665603ull ^ topic;

	for (const char *p = key ? key : ""; *p; p++)
		h = (h ^ (uint8_t)*p) * 1099511628211ull;
	return h;
}

static bool same(const struct ev_item *it, uint8_t topic, const char *key)
{
	if (it->topic != topic)
		return false;
	if (!it->key || !key)
		return !it->key && !key;
	return !strcmp(it->key, key);
}

int evcoal_put(struct evcoal *q, uint64_t seq, uint8_t topic,
	       const char *key, const void *data, size_t len)
{
	size_t i = coal_hash(topic, key) % q->size;

	while (q->tab[i].data && !same(&q->tab[i], topic, key))
		i = (i + 1) % q->size;
	if (q->tab[i].data) {
		if (q->bytes - q->tab[i].len + len > q->max_bytes)
			return -1;
		q->bytes -= q->tab[i].len;
		item_clear(&q->tab[i]);
		q->count--;
	} else if (q->count == q->max_items || q->bytes + len > q->max_bytes) {
		return -1;
	}
	item_set(&q->tab[i], seq, topic, key, data, len);
	q->tab[i].stamp = ++q->stamps;
	q->count++;
	q->bytes += len;
	return 0;
}

static int by_seq(const void *a, const void *b)
{
	const struct ev_item *x = *(struct ev_item *const *)a;
	const struct ev_item *y = *(struct ev_item *const *)b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->stamp < y->stamp ? -1 : x->stamp > y->stamp;
}

int evcoal_drain(struct evcoal *q,
		 int (*fn)(void *arg, const struct ev_item *it), void *arg)
{
	struct ev_item **order;
	size_t n = 0;
	int rc = 0;

	if (!q->count)
		return 0;
	order = xcalloc(q->count, sizeof(*order));
	for (size_t i = 0; i < q->size; i++)
		if (q->tab[i].data)
			order[n++] = &q->tab[i];
	qsort(order, n, sizeof(*order), by_seq);
	for (size_t i = 0; i < n && !rc; i++)
		rc = fn(arg, order[i]);
	free(order);
	coal_clear(q);
	return rc;
}

size_t evcoal_count(const struct evcoal *q)
{
	return q->count;
}

size_t evcoal_bytes(const struct evcoal *q)
{
	return q->bytes;
}
