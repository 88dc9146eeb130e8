/* evring.h - the two bounded queues of the admin event stream, kept apart
 * from the controller so they can be tested: the ring of the latest
 * encoded events (for clients that resume after a reconnect) and the
 * per-subscriber coalescer (only the newest event of each object while a
 * client does not read). Both copy what they are given and never grow
 * past the bounds they were made with; what an event means is the
 * caller's. */
#ifndef FLURM_WIRE_EVRING_H
#define FLURM_WIRE_EVRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One encoded event: a whole frame ready to write. */
struct ev_item {
	uint64_t seq;
	uint8_t topic;
	char *key;                 /* object identity within the topic, or NULL */
	uint8_t *data;
	size_t len;
	uint64_t stamp;            /* coalescer: arrival order among equal seqs */
};

/* ---- ring: the last events, oldest dropped first --------------------- */
struct evring;

/* At most MAX_ITEMS events and MAX_BYTES bytes of them. */
struct evring *evring_new(size_t max_items, size_t max_bytes);
void evring_free(struct evring *r);
/* Append an event; SEQ must be larger than the last one. The oldest
 * events go to stay within the bounds (a single event larger than
 * MAX_BYTES is not kept, but counts as the last seq). */
void evring_push(struct evring *r, uint64_t seq, uint8_t topic,
		 const char *key, const void *data, size_t len);
/* Seq of the last event pushed (0: none). */
uint64_t evring_last(const struct evring *r);
/* Can a client that saw everything up to SINCE resume, that is, does the
 * ring hold every event after SINCE (or is SINCE the last)? */
bool evring_can_resume(const struct evring *r, uint64_t since);
/* Call FN for each event after SINCE, oldest first; FN returns non-zero
 * to stop (then so does this, with that value). */
int evring_each_after(const struct evring *r, uint64_t since,
		      int (*fn)(void *arg, const struct ev_item *it), void *arg);
size_t evring_count(const struct evring *r);
size_t evring_bytes(const struct evring *r);

/* ---- coalescer: newest event per (topic, key) ------------------------ */
struct evcoal;

struct evcoal *evcoal_new(size_t max_items, size_t max_bytes);
void evcoal_free(struct evcoal *q);
/* Keep this event, replacing an older one of the same topic and key
 * (events without a key are kept one per topic). -1 when keeping it would
 * pass the bounds (the event is not kept; the caller gives up on the
 * client). */
int evcoal_put(struct evcoal *q, uint64_t seq, uint8_t topic,
	       const char *key, const void *data, size_t len);
/* Hand over every kept event in seq order and forget them. FN returns
 * non-zero to stop; the rest are forgotten anyway. */
int evcoal_drain(struct evcoal *q,
		 int (*fn)(void *arg, const struct ev_item *it), void *arg);
size_t evcoal_count(const struct evcoal *q);
size_t evcoal_bytes(const struct evcoal *q);

#endif
