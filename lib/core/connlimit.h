/* connlimit.h - the bookkeeping that keeps strangers cheap for a server:
 * connections per peer and in total, which idle connection goes first
 * when a limit is reached, the deadline for a whole request, and the bytes
 * buffered for connections whose sender is not yet known. No I/O and no
 * clock of its own (times come in as milliseconds): a listener asks and
 * does the closing itself.
 *
 * A connection goes NEW (a stranger) -> AUTHED (sender known, request
 * still arriving) -> BUSY (request complete, being answered); a long-lived
 * authenticated peer (a registered node daemon) is TRUSTED instead. One
 * that carries many requests (an admin console) is IDLE between them, and
 * one that only reads a stream (an event subscriber) is STREAM. */
#ifndef FLURM_CONNLIMIT_H
#define FLURM_CONNLIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

enum climit_state {
	CL_NEW,      /* no credential yet: deadline runs, evictable, its
		      * buffered bytes count against max_unauth_bytes */
	CL_AUTHED,   /* sender known, request incomplete: deadline runs,
		      * evictable */
	CL_BUSY,     /* whole request arrived: no deadline, never evicted */
	CL_TRUSTED,  /* long-lived authenticated peer: no deadline, never
		      * evicted, not counted against its address */
	CL_IDLE,     /* authenticated, between requests of a connection that
		      * carries many: no deadline (its owner times out
		      * idleness), evictable, counted */
	CL_STREAM,   /* authenticated reader of a stream: no deadline, never
		      * evicted, counted against its peer; its owner bounds
		      * what is buffered for it */
};

struct climit_limits {
	uint32_t max_conns;          /* in total, 0: no limit */
	uint32_t max_per_peer;       /* per peer key, 0: no limit */
	uint32_t request_timeout_ms; /* from accept to a whole request */
	size_t max_unauth_bytes;     /* all NEW connections together, 0: none */
};

struct climit_peer;

/* Embed one in each connection; the fields are the tracker's. */
struct climit_conn {
	TAILQ_ENTRY(climit_conn) idle;      /* global idle list, LRU first */
	TAILQ_ENTRY(climit_conn) peer_idle; /* the peer's idle list */
	TAILQ_ENTRY(climit_conn) dl;        /* deadline list, soonest first */
	TAILQ_ENTRY(climit_conn) ua;        /* holding unauthenticated bytes */
	struct climit_peer *peer;           /* NULL once TRUSTED */
	enum climit_state state;
	uint64_t deadline_ms;
	size_t unauth;                      /* bytes counted for it */
	uint64_t active;                    /* activity order: higher is later */
	bool in_idle, in_dl, in_ua;
};

struct climit;

enum climit_verdict {
	CLIMIT_OK,      /* admit it */
	CLIMIT_EVICT,   /* close *victim first, then ask again */
	CLIMIT_REFUSE,  /* at a limit with nothing idle to drop */
};

struct climit *climit_new(const struct climit_limits *lim);
/* Every connection must have been removed. */
void climit_free(struct climit *cl);
const struct climit_limits *climit_limits(const struct climit *cl);
/* Lower (or raise) the total limit while running, e.g. when descriptors
 * turned out to run short below it. */
void climit_set_max(struct climit *cl, uint32_t max_conns);

/* May a connection from peer KEY (an address, "uid 0" for a local
 * socket) be admitted? At the per-peer limit the victim is that peer's
 * least recently active idle connection; at the total limit it is the
 * least recently active idle one of the peer holding the most, so that a
 * crowd from some addresses cannot push out everyone else's. */
enum climit_verdict climit_check(struct climit *cl, const char *key,
				 struct climit_conn **victim);
/* Track C (NEW) from peer KEY, accepted at NOW. */
void climit_add(struct climit *cl, struct climit_conn *c, const char *key,
		uint64_t now);
void climit_remove(struct climit *cl, struct climit_conn *c);
void climit_set_state(struct climit *cl, struct climit_conn *c,
		      enum climit_state st);
/* Bytes arrived on C: it is now the most recently active. */
void climit_touch(struct climit *cl, struct climit_conn *c);
/* C (NEW) now holds BYTES. Returns a NEW connection to close while the
 * total is over max_unauth_bytes (the least recently active; possibly C
 * itself), else NULL; call again after closing it. */
struct climit_conn *climit_unauth(struct climit *cl, struct climit_conn *c,
				  size_t bytes);
/* The idle connection to close first when room is needed (as for the
 * total limit), NULL when none is idle. */
struct climit_conn *climit_oldest_idle(struct climit *cl);
/* A connection whose deadline is past at NOW, or NULL. */
struct climit_conn *climit_expired(struct climit *cl, uint64_t now);
/* The soonest deadline, 0 when none runs. */
uint64_t climit_next_deadline(const struct climit *cl);

struct climit_stats {
	uint32_t conns;          /* tracked now */
	uint32_t peers;          /* distinct keys with counted connections */
	size_t unauth_bytes;
	size_t unauth_peak;      /* highest since the last climit_peak_reset */
};
void climit_stats(const struct climit *cl, struct climit_stats *st);
void climit_peak_reset(struct climit *cl);
/* Connections counted for KEY. */
uint32_t climit_peer_count(const struct climit *cl, const char *key);

#endif
