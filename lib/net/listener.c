/* listener.c - accepting and holding connections for the daemons' ports
 * under one set of limits (lib/core/connlimit counts): admission per peer
 * and in total with the oldest idle connection dropped first, one timer for
 * every request deadline, the unauthenticated byte budget checked on each
 * read, accept errors that back off and shed load through a spare
 * descriptor. Frames, credentials and replies are the owners' rpc_*.c. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "net/listener.h"

/* Accepts per wakeup, so a flood of connects cannot starve the loop. */
#define ACCEPT_BATCH 64
/* Back-off after an accept error: doubles from the first to the last. */
#define BACKOFF_MIN_MS 10
#define BACKOFF_MAX_MS 1000
/* Give freed stranger buffers back to the system once this much was
 * held, or this many connections were open, and most are gone. */
#define TRIM_AFTER (1024 * 1024)
#define TRIM_AFTER_CONNS 1024
/* The most one write of a reply may hand the kernel (it takes what its
 * send buffer holds, up to net.ipv4.tcp_wmem's maximum). */
#define LCONN_MAX_WRITE (8 * 1024 * 1024)

struct lconn {
	struct climit_conn cc;          /* first: climit hands these back */
	struct lpool *pool;
	const char *what;               /* the listener's name, for logs */
	struct bufferevent *bev;
	struct evbuffer_cb_entry *out_cb; /* arms writing (on_output) */
	const struct lconn_ops *ops;
	void *owner;
	unsigned in_cb;                 /* callbacks running for it */
	bool closing;                   /* destroy when in_cb drops to 0 */
	char peer[64];
	struct sockaddr_storage peer_sa; /* as accept() gave it */
	socklen_t peer_len;
	TAILQ_ENTRY(lconn) all;
};

struct lpool {
	struct event_base *base;
	struct climit *cl;
	struct event *deadline_ev;
	int spare_fd;                   /* closed to accept-and-drop */
	uint32_t conn_peak;             /* most connections since a trim */
	uint64_t refused, evicted, timed_out;
	TAILQ_HEAD(, lconn) all;
};

struct lsn {
	struct lpool *pool;
	char what[32];
	int fd;
	int family;
	struct event *ev;
	struct event *retry;
	unsigned backoff_ms;
	lsn_accept_cb cb;
	void *arg;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct lconn *of_cc(struct climit_conn *cc)
{
	return (struct lconn *)cc;
}

/* ---- closing ------------------------------------------------------- */

static void maybe_trim(struct lpool *p)
{
	struct climit_stats st;

	climit_stats(p->cl, &st);
	if ((st.unauth_peak >= TRIM_AFTER && st.unauth_bytes * 4 < st.unauth_peak) ||
	    (p->conn_peak >= TRIM_AFTER_CONNS && st.conns * 4 < p->conn_peak)) {
		/* what a crowd of strangers made us allocate goes back to
		 * the system, not just to malloc's free lists */
		malloc_trim(0);
		climit_peak_reset(p->cl);
		p->conn_peak = st.conns;
	}
}

static void lconn_destroy(struct lconn *lc)
{
	struct lpool *p = lc->pool;
	evutil_socket_t fd = bufferevent_getfd(lc->bev);

	climit_remove(p->cl, &lc->cc);
	TAILQ_REMOVE(&p->all, lc, all);
	if (lc->out_cb)
		evbuffer_remove_cb_entry(bufferevent_get_output(lc->bev),
					 lc->out_cb);
	/* bufferevent_free() takes the events out of the loop at once but
	 * would close the socket only on a later turn of it; a flood that
	 * evicts connections to admit new ones would meanwhile hold
	 * descriptors the limits no longer count. Close it now. */
	bufferevent_free(lc->bev);
	if (fd >= 0)
		close(fd);
	free(lc);
	maybe_trim(p);
}

/* The listener closes LC: the owner hears why and frees its state. */
static void lconn_drop(struct lconn *lc, const char *why)
{
	if (lc->closing)
		return;
	lc->closing = true;
	lc->in_cb++;
	if (lc->ops && lc->ops->closed)
		lc->ops->closed(lc, lc->owner, why);
	lc->in_cb--;
	if (!lc->in_cb)
		lconn_destroy(lc);
}

void lconn_close(struct lconn *lc)
{
	if (!lc || lc->closing)
		return;
	lc->closing = true;
	if (!lc->in_cb)
		lconn_destroy(lc);
}

/* ---- deadlines ----------------------------------------------------- */

static void deadline_arm(struct lpool *p)
{
	uint64_t next = climit_next_deadline(p->cl), now = mono_ms();
	struct timeval tv = { 0, 0 };

	if (!next)
		return;
	if (next > now) {
		tv.tv_sec = (time_t)((next - now) / 1000);
		tv.tv_usec = (suseconds_t)((next - now) % 1000) * 1000;
	}
	evtimer_add(p->deadline_ev, &tv);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct lpool *p = arg;
	uint64_t now = mono_ms();
	struct climit_conn *cc;

	while ((cc = climit_expired(p->cl, now))) {
		struct lconn *lc = of_cc(cc);

		p->timed_out++;
		log_info_limited("%s: %s sent no whole request within %u s; "
				 "closing", lc->what, lc->peer,
				 climit_limits(p->cl)->request_timeout_ms / 1000);
		lconn_drop(lc, LCONN_DEADLINE);
	}
	deadline_arm(p);
}

/* ---- per-connection callbacks -------------------------------------- */

/* Close strangers while their buffered bytes are over the budget; false
 * when LC itself had to go. */
static bool unauth_enforce(struct lconn *lc)
{
	struct lpool *p = lc->pool;
	size_t have = evbuffer_get_length(bufferevent_get_input(lc->bev));
	struct climit_conn *v;

	while ((v = climit_unauth(p->cl, &lc->cc, have))) {
		struct lconn *victim = of_cc(v);

		p->evicted++;
		log_warn_limited("%s: %s: unauthenticated connections hold more "
				 "than %zu bytes; closing the least recently "
				 "active", victim->what, victim->peer,
				 climit_limits(p->cl)->max_unauth_bytes);
		lconn_drop(victim, "unauthenticated buffer limit");
		if (victim == lc)
			return false;
	}
	return true;
}

static void after_cb(struct lconn *lc)
{
	lc->in_cb--;
	if (lc->closing) {
		if (!lc->in_cb)
			lconn_destroy(lc);
		return;
	}
	if (lc->cc.state == CL_NEW)
		unauth_enforce(lc);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct lconn *lc = arg;

	if (lc->closing)
		return;
	climit_touch(lc->pool->cl, &lc->cc);
	lc->in_cb++;
	if (lc->cc.state != CL_NEW || unauth_enforce(lc))
		lc->ops->read(lc, lc->owner);
	after_cb(lc);
}

static void on_write(struct bufferevent *bev, void *arg)
{
	struct lconn *lc = arg;

	/* libevent calls this once the output is down to its low
	 * watermark: empty, unless the owner set one (a subscriber is fed
	 * again when most of its backlog is written) */
	if (lc->closing || !lc->ops->drained)
		return;
	lc->in_cb++;
	lc->ops->drained(lc, lc->owner);
	after_cb(lc);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct lconn *lc = arg;

	if (what & BEV_EVENT_EOF) {
		if (lc->closing)
			return;
		/* held across the owner's call, so that a drop frees LC only
		 * in after_cb(); kept, libevent reads no more */
		lc->in_cb++;
		if (!lc->ops->peer_done || !lc->ops->peer_done(lc, lc->owner))
			lconn_drop(lc, "closed by peer");
		after_cb(lc);
	}
	else if (what & BEV_EVENT_ERROR)
		lconn_drop(lc, evutil_socket_error_to_string(
				   EVUTIL_SOCKET_ERROR()));
	else if (what & BEV_EVENT_TIMEOUT)
		lconn_drop(lc, what & BEV_EVENT_WRITING ? LCONN_WRITE_TIMEOUT :
			   LCONN_READ_TIMEOUT);
}

/* The first bytes queued for LC arm its writing. Enabled from the start,
 * the write event would report the fresh socket writable in the first
 * turn of the loop with nothing to write, only for libevent to take it
 * out again: an event and an epoll_ctl() per connection for nothing. */
static void on_output(struct evbuffer *buf, const struct evbuffer_cb_info *info,
		      void *arg)
{
	struct lconn *lc = arg;

	if (info->n_added && !(bufferevent_get_enabled(lc->bev) & EV_WRITE))
		bufferevent_enable(lc->bev, EV_WRITE);
}

void lconn_attach(struct lconn *lc, const struct lconn_ops *ops, void *owner)
{
	struct evbuffer *out = bufferevent_get_output(lc->bev);

	lc->ops = ops;
	lc->owner = owner;
	bufferevent_setcb(lc->bev, on_read, on_write, on_event, lc);
	if (!lc->out_cb)
		lc->out_cb = evbuffer_add_cb(out, on_output, lc);
	bufferevent_enable(lc->bev, lc->out_cb && !evbuffer_get_length(out) ?
			   EV_READ : EV_READ | EV_WRITE);
}

struct bufferevent *lconn_bev(struct lconn *lc)
{
	return lc->bev;
}

void lconn_flush(struct lconn *lc)
{
	struct evbuffer *out = bufferevent_get_output(lc->bev);
	evutil_socket_t fd = bufferevent_getfd(lc->bev);
	int n;

	if (lc->closing || fd < 0 || !evbuffer_get_length(out))
		return;
	/* a socket bufferevent keeps its output's front frozen but while
	 * its own write callback runs */
	evbuffer_unfreeze(out, 1);
	n = evbuffer_write(out, fd);
	evbuffer_freeze(out, 1);
	/* nothing written (the socket is full, or an error): the write
	 * event, already armed, sends the rest or reports the error */
	if (n <= 0 || evbuffer_get_length(out))
		return;
	/* all out: the owner hears drained() later in this turn of the
	 * loop, as from the write event, not from inside its own call;
	 * the armed write event then finds nothing to do and stops */
	bufferevent_trigger(lc->bev, EV_WRITE, BEV_OPT_DEFER_CALLBACKS);
}

static void flush_corked(struct lconn *lc)
{
	evutil_socket_t fd = bufferevent_getfd(lc->bev);
	int one = 1;

	if (!lc->closing && fd >= 0 && lc->peer_len)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_CORK, &one, sizeof(one));
	lconn_flush(lc);
}

void lconn_flush_last_file(struct lconn *lc)
{
	flush_corked(lc);
}

/* The pieces of a last reply that one sendmsg() hands the kernel; more
 * (none of the controller's replies has them) are sent corked. */
#define LAST_IOV 8

void lconn_flush_last(struct lconn *lc)
{
	struct evbuffer *out = bufferevent_get_output(lc->bev);
	evutil_socket_t fd = bufferevent_getfd(lc->bev);
	struct evbuffer_iovec v[LAST_IOV];
	struct iovec iov[LAST_IOV];
	struct msghdr mh;
	ssize_t sent;
	int n;

	if (lc->closing || fd < 0 || !evbuffer_get_length(out))
		return;
	if (!lc->peer_len) {            /* not TCP */
		lconn_flush(lc);
		return;
	}
	/* With MSG_MORE, as corked, TCP sends only full segments: the
	 * reply's tail waits for the close, whose FIN then rides on it
	 * (one segment for a short reply). A part the kernel does not take
	 * now goes with the write event, uncorked. */
	n = evbuffer_peek(out, -1, NULL, v, LAST_IOV);
	if (n <= 0 || n > LAST_IOV) {
		flush_corked(lc);
		return;
	}
	for (int i = 0; i < n; i++) {
		iov[i].iov_base = v[i].iov_base;
		iov[i].iov_len = v[i].iov_len;
	}
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = iov;
	mh.msg_iovlen = (size_t)n;
	do
		sent = sendmsg(fd, &mh, MSG_MORE | MSG_NOSIGNAL | MSG_DONTWAIT);
	while (sent < 0 && errno == EINTR);
	/* nothing written (the socket is full, or an error): the write
	 * event, already armed, sends the rest or reports the error */
	if (sent <= 0)
		return;
	evbuffer_unfreeze(out, 1);
	evbuffer_drain(out, (size_t)sent);
	evbuffer_freeze(out, 1);
	if (evbuffer_get_length(out))
		return;
	/* all out: drained() as after lconn_flush() */
	bufferevent_trigger(lc->bev, EV_WRITE, BEV_OPT_DEFER_CALLBACKS);
}

const char *lconn_peer(const struct lconn *lc)
{
	return lc->peer;
}

int lconn_peer_addr(const struct lconn *lc, struct sockaddr_storage *ss,
		    socklen_t *len)
{
	if (!lc->peer_len)
		return -1;
	memcpy(ss, &lc->peer_sa, sizeof(*ss));
	*len = lc->peer_len;
	return 0;
}

void lconn_set_state(struct lconn *lc, enum climit_state st)
{
	climit_set_state(lc->pool->cl, &lc->cc, st);
}

/* ---- accepting ----------------------------------------------------- */

/* KEY counts connections against a peer; NAME is what logs show. */
static void peer_names(int fd, const struct sockaddr_storage *ss,
		       char *key, char *name, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		snprintf(key, size, "%s", ip);
		snprintf(name, size, "%s:%u", ip, ntohs(in->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		snprintf(key, size, "%s", ip);
		snprintf(name, size, "[%s]:%u", ip, ntohs(in6->sin6_port));
	} else if (ss->ss_family == AF_UNIX) {
		struct ucred cr;
		socklen_t len = sizeof(cr);

		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0) {
			snprintf(key, size, "uid %u", (unsigned)cr.uid);
			snprintf(name, size, "uid %u pid %d", (unsigned)cr.uid,
				 (int)cr.pid);
		} else {
			snprintf(key, size, "uid ?");
			snprintf(name, size, "local peer");
		}
	} else {
		snprintf(key, size, "family %d", ss->ss_family);
		snprintf(name, size, "family %d", ss->ss_family);
	}
}

static void admit(struct lsn *l, int fd, const struct sockaddr_storage *ss,
		  socklen_t sslen)
{
	struct lpool *p = l->pool;
	struct climit_conn *victim;
	struct lconn *lc;
	char key[64], name[64];
	bool armed;

	peer_names(fd, ss, key, name, sizeof(key));
	for (;;) {
		enum climit_verdict v = climit_check(p->cl, key, &victim);

		if (v == CLIMIT_OK)
			break;
		if (v == CLIMIT_REFUSE) {
			p->refused++;
			log_warn_limited("%s: refusing %s: connection limit "
					 "reached (%u from %s, %u in all) and "
					 "none of them idle", l->what, name,
					 climit_peer_count(p->cl, key), key,
					 climit_limits(p->cl)->max_conns);
			close(fd);
			return;
		}
		p->evicted++;
		log_info_limited("%s: connection limit reached; dropping the "
				 "oldest idle one (%s) for %s",
				 of_cc(victim)->what, of_cc(victim)->peer, name);
		lconn_drop(of_cc(victim), "dropped for a newer connection");
	}
	lc = xcalloc(1, sizeof(*lc));
	lc->pool = p;
	lc->what = l->what;
	snprintf(lc->peer, sizeof(lc->peer), "%s", name);
	if (sslen && (ss->ss_family == AF_INET ||
		      ss->ss_family == AF_INET6)) {
		lc->peer_sa = *ss;
		lc->peer_len = sslen;
	}
	lc->bev = bufferevent_socket_new(p->base, fd, 0);
	if (!lc->bev) {
		log_err_limited("%s: cannot set up a connection for %s",
				l->what, name);
		close(fd);
		free(lc);
		return;
	}
	/* libevent hands the kernel at most 16 KB a write by default: a
	 * 7 MB job list would take 450 loop turns, each an epoll_wait, a
	 * timer reset and a writev. Offer the kernel all it will take. */
	bufferevent_set_max_single_write(lc->bev, LCONN_MAX_WRITE);
	armed = evtimer_pending(p->deadline_ev, NULL);
	climit_add(p->cl, &lc->cc, key, mono_ms());
	{
		struct climit_stats st;

		climit_stats(p->cl, &st);
		if (st.conns > p->conn_peak)
			p->conn_peak = st.conns;
	}
	TAILQ_INSERT_TAIL(&p->all, lc, all);
	if (!armed)
		deadline_arm(p);
	lc->in_cb++;
	l->cb(lc, l->arg);
	lc->in_cb--;
	if (!lc->ops && !lc->closing)
		lc->closing = true;     /* the owner did not take it */
	if (lc->closing && !lc->in_cb)
		lconn_destroy(lc);
}

static void backoff(struct lsn *l)
{
	struct timeval tv;

	l->backoff_ms = l->backoff_ms ? l->backoff_ms * 2 : BACKOFF_MIN_MS;
	if (l->backoff_ms > BACKOFF_MAX_MS)
		l->backoff_ms = BACKOFF_MAX_MS;
	tv.tv_sec = l->backoff_ms / 1000;
	tv.tv_usec = (suseconds_t)(l->backoff_ms % 1000) * 1000;
	event_del(l->ev);
	evtimer_add(l->retry, &tv);
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct lsn *l = arg;

	event_add(l->ev, NULL);
}

/* Descriptors kept free below the point where accept ran out of them:
 * munged, Raft and the state files need some too. */
#define FD_HEADROOM 16

/* Out of descriptors. The limit of connections is lowered to what fits
 * with some headroom, and idle connections over it are closed, oldest
 * first, so the next accept works and munged can still be reached. With
 * none idle, the spare descriptor lets us take the next connection off
 * the queue and close it (its client hears no rather than waiting), and
 * accepting pauses for a while instead of failing in a loop. */
static void out_of_fds(struct lsn *l, int e)
{
	struct lpool *p = l->pool;
	struct climit_stats st;
	struct climit_conn *victim;
	bool freed = false;

	climit_stats(p->cl, &st);
	if (e == EMFILE && st.conns) {
		uint32_t fit = st.conns > 2 * FD_HEADROOM ?
			st.conns - FD_HEADROOM : st.conns / 2;

		if (!climit_limits(p->cl)->max_conns ||
		    fit < climit_limits(p->cl)->max_conns) {
			log_warn("%s: descriptors ran out at %u connections; "
				 "limiting connections to %u", l->what,
				 st.conns, fit);
			climit_set_max(p->cl, fit);
		}
		while (st.conns > fit && (victim = climit_oldest_idle(p->cl))) {
			p->evicted++;
			lconn_drop(of_cc(victim), "descriptors ran out");
			climit_stats(p->cl, &st);
			freed = true;
		}
	}
	log_warn_limited("%s: cannot accept: %s; shedding connections",
			 l->what, strerror(e));
	if (freed)
		return;
	if (p->spare_fd >= 0) {
		int fd;

		close(p->spare_fd);
		fd = accept(l->fd, NULL, NULL);
		if (fd >= 0) {
			p->refused++;
			close(fd);
		}
		p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	backoff(l);
}

static void on_listen(evutil_socket_t sfd, short what, void *arg)
{
	struct lsn *l = arg;

	for (int i = 0; i < ACCEPT_BATCH; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd;

		memset(&ss, 0, sizeof(ss));
		fd = accept4(l->fd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			int e = errno;

			if (e == EAGAIN || e == EWOULDBLOCK)
				return;
			if (e == EINTR || e == ECONNABORTED || e == EPROTO)
				continue;
			if (e == EMFILE || e == ENFILE || e == ENOBUFS ||
			    e == ENOMEM) {
				out_of_fds(l, e);
				return;
			}
			log_err_limited("%s: accept: %s", l->what, strerror(e));
			backoff(l);
			return;
		}
		l->backoff_ms = 0;
		if (ss.ss_family == AF_UNSPEC)
			ss.ss_family = (sa_family_t)l->family;
		admit(l, fd, &ss, len);
	}
}

struct lsn *lsn_new(struct lpool *p, const char *what,
		    const struct sockaddr *sa, socklen_t salen, int backlog,
		    lsn_accept_cb cb, void *arg)
{
	struct lsn *l = xcalloc(1, sizeof(*l));
	int one = 1;

	snprintf(l->what, sizeof(l->what), "%s", what);
	l->pool = p;
	l->cb = cb;
	l->arg = arg;
	l->family = sa->sa_family;
	l->fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       0);
	if (l->fd < 0) {
		err_set_errno("%s: socket", what);
		goto fail;
	}
	if (sa->sa_family != AF_UNIX)
		setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l->fd, sa, salen) < 0 || listen(l->fd, backlog) < 0) {
		err_set_errno("%s: cannot listen", what);
		goto fail;
	}
	l->ev = event_new(p->base, l->fd, EV_READ | EV_PERSIST, on_listen, l);
	l->retry = evtimer_new(p->base, on_retry, l);
	event_add(l->ev, NULL);
	return l;
fail:
	if (l->fd >= 0)
		close(l->fd);
	free(l);
	return NULL;
}

void lsn_free(struct lsn *l)
{
	if (!l)
		return;
	event_free(l->ev);
	event_free(l->retry);
	close(l->fd);
	free(l);
}

struct lpool *lpool_new(struct event_base *base,
			const struct climit_limits *lim)
{
	struct lpool *p = xcalloc(1, sizeof(*p));

	p->base = base;
	p->cl = climit_new(lim);
	p->deadline_ev = evtimer_new(base, on_deadline, p);
	p->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	TAILQ_INIT(&p->all);
	return p;
}

void lpool_free(struct lpool *p)
{
	if (!p)
		return;
	while (!TAILQ_EMPTY(&p->all)) {
		struct lconn *lc = TAILQ_FIRST(&p->all);

		if (lc->closing) {      /* cannot be: nothing runs for it */
			lconn_destroy(lc);
			continue;
		}
		lconn_drop(lc, "shutting down");
	}
	event_free(p->deadline_ev);
	if (p->spare_fd >= 0)
		close(p->spare_fd);
	climit_free(p->cl);
	free(p);
}

void lpool_stats(const struct lpool *p, struct climit_stats *st,
		 uint64_t *refused, uint64_t *evicted, uint64_t *timed_out)
{
	climit_stats(p->cl, st);
	if (refused)
		*refused = p->refused;
	if (evicted)
		*evicted = p->evicted;
	if (timed_out)
		*timed_out = p->timed_out;
}
