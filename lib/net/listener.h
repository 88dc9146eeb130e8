/* listener.h - one way to accept and hold connections for every port of
 * the controller (Slurm, node daemons, the admin socket) and for the node
 * daemon's Slurm port: limits per peer and in total, the least recently
 * active idle connection dropped first, a deadline for a whole request, a
 * budget for bytes buffered from unauthenticated senders, and accept
 * errors that back off instead of spinning (a spare descriptor sheds load
 * when descriptors run out).
 * What a frame looks like and who the sender is are the owner's: it tells
 * the listener when a connection is authenticated, busy, idle between
 * requests, subscribed to a stream or trusted. */
#ifndef FLURM_LISTENER_H
#define FLURM_LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/connlimit.h"

struct event_base;
struct bufferevent;
struct lpool;
struct lsn;
struct lconn;

/* Why the listener closed a connection, as closed() hears it. */
#define LCONN_DEADLINE      "request deadline passed"
#define LCONN_READ_TIMEOUT  "read timed out"
#define LCONN_WRITE_TIMEOUT "does not read what is sent to it"

/* What the owner of a connection hears. */
struct lconn_ops {
	/* input arrived */
	void (*read)(struct lconn *lc, void *owner);
	/* the output is down to its low watermark: everything queued was
	 * written, unless the owner set a watermark (may be NULL); heard
	 * again while nothing more is queued (once the write event is
	 * armed, as after attaching), so an owner acts on its own state */
	void (*drained)(struct lconn *lc, void *owner);
	/* the listener closes the connection (peer closed, error, deadline,
	 * a limit): free the owner's state; LC goes away after the call */
	void (*closed)(struct lconn *lc, void *owner, const char *why);
	/* optional: the peer shut its sending side (or is gone; TCP cannot
	 * tell). True keeps the connection to write the answer to what it
	 * sent, with nothing more read; false, or no such op, closes it
	 * (closed() follows). */
	bool (*peer_done)(struct lconn *lc, void *owner);
};

/* A new connection: attach an owner with lconn_attach(), or call
 * lconn_close() to turn it away. */
typedef void (*lsn_accept_cb)(struct lconn *lc, void *arg);

/* The limits every listener of the process shares. */
struct lpool *lpool_new(struct event_base *base,
			const struct climit_limits *lim);
/* Closes every connection still open (owners hear closed()). */
void lpool_free(struct lpool *p);
void lpool_stats(const struct lpool *p, struct climit_stats *st,
		 uint64_t *refused, uint64_t *evicted, uint64_t *timed_out);

/* Listen on SA (AF_INET, AF_INET6 or AF_UNIX; a Unix socket's peer is
 * keyed by its uid). WHAT names the port in logs ("Slurm port").
 * NULL with err_msg() when it cannot bind. */
struct lsn *lsn_new(struct lpool *p, const char *what,
		    const struct sockaddr *sa, socklen_t salen, int backlog,
		    lsn_accept_cb cb, void *arg);
/* Stop listening; accepted connections stay. */
void lsn_free(struct lsn *l);

void lconn_attach(struct lconn *lc, const struct lconn_ops *ops, void *owner);
struct bufferevent *lconn_bev(struct lconn *lc);
/* "127.0.0.1:40312", or "uid 1000" on a Unix socket. */
const char *lconn_peer(const struct lconn *lc);
/* The peer's address as accept() gave it (no getpeername() later): 0, or
 * -1 on a Unix socket. */
int lconn_peer_addr(const struct lconn *lc, struct sockaddr_storage *ss,
		    socklen_t *len);
/* Write what is queued for LC now, instead of on the next writable
 * event: a reply goes out in the turn of the loop that made it. When all
 * of it is written, the owner hears drained() later in this turn (never
 * from inside this call); what the socket does not take goes out as
 * usual. */
void lconn_flush(struct lconn *lc);
/* lconn_flush() for the last reply on LC, which its owner closes once
 * drained() says all is written. On TCP the reply's last bytes then leave
 * with the close's FIN, in one segment instead of two: on loopback that
 * is one delivery to the client and one wake-up of it fewer per request
 * (sent with MSG_MORE, no socket option to set).
 * An owner that keeps LC open after drained() must not use it (the tail
 * would wait up to 200 ms). */
void lconn_flush_last(struct lconn *lc);
/* lconn_flush_last() for a reply that holds a file segment
 * (evbuffer_add_file_segment(), sent with sendfile): its bytes are not
 * in memory for sendmsg(), so the socket is corked instead. */
void lconn_flush_last_file(struct lconn *lc);
/* CL_AUTHED once the sender is known, CL_BUSY once the request is whole,
 * CL_IDLE between requests of a connection that carries many, CL_STREAM
 * for a subscriber, CL_TRUSTED for a long-lived authenticated peer. */
void lconn_set_state(struct lconn *lc, enum climit_state st);
/* The owner is done with LC (it has freed or is freeing its own state):
 * close it now, or right after the callback running for it. The owner
 * does not hear closed(). Safe to call again from closed(). */
void lconn_close(struct lconn *lc);

#endif
