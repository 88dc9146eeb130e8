/* admin.c - blocking client of the admin protocol over a Unix socket, or
 * over TCP (admin_port) after a MUNGE-signed AUTH frame: one request at a
 * time, replies matched by sequence number, a deadline on each request.
 * Reconnects (and authenticates again) once when the controller closed
 * the connection between requests. What the commands mean is the
 * caller's. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/auth.h"
#include "wire/wire.h"

struct admin_client {
	char *path;                 /* a socket path, or HOST[:PORT] */
	char *host, *port;          /* TCP: split from path; else NULL */
	int fd;
	int timeout_ms;
	uint32_t seq;
	/* event stream: bytes read past the last whole frame */
	uint8_t *rbuf;
	size_t rlen, rcap;
};

static int send_all(int fd, const uint8_t *p, size_t len,
		    const struct timespec *deadline);
static int recv_frame(int fd, uint8_t **frame, size_t *flen,
		      const struct timespec *deadline);
static void deadline_in(struct timespec *deadline, int ms);

bool admin_target_is_tcp(const char *target)
{
	return target && *target && !strchr(target, '/');
}

/* HOST[:PORT] or [V6ADDR][:PORT] into A's host and port. */
static int split_target(struct admin_client *a)
{
	const char *t = a->path, *colon;

	if (t[0] == '[') {
		const char *end = strchr(t, ']');

		if (!end || end == t + 1 || (end[1] && end[1] != ':')) {
			err_set("'%s' is not HOST[:PORT]", t);
			return -1;
		}
		a->host = xstrndup(t + 1, (size_t)(end - t - 1));
		colon = end[1] ? end + 1 : NULL;
	} else {
		colon = strrchr(t, ':');
		if (colon && strchr(t, ':') != colon) {
			err_set("'%s' is not HOST[:PORT] (put an IPv6 address "
				"in brackets)", t);
			return -1;
		}
		a->host = xstrndup(t, colon ? (size_t)(colon - t) : strlen(t));
	}
	if (colon) {
		char *end;
		unsigned long p = strtoul(colon + 1, &end, 10);

		if (!colon[1] || *end || p < 1 || p > 65535) {
			err_set("'%s': the port must be a number from 1 to 65535",
				t);
			return -1;
		}
		a->port = xstrdup(colon + 1);
	} else {
		a->port = xasprintf("%d", WIRE_ADMIN_DEFAULT_PORT);
	}
	if (!*a->host) {
		err_set("'%s' names no host", t);
		return -1;
	}
	return 0;
}

/* The first frame on admin_port: a fresh MUNGE credential (munged at
 * FLURM_MUNGE_SOCKET, else munge's default socket), then the
 * controller's verdict. */
static int authenticate(struct admin_client *a)
{
	const char *sock = getenv("FLURM_MUNGE_SOCKET");
	struct auth_ctx *ctx = auth_create(AUTH_MUNGE, sock && *sock ? sock : NULL);
	struct wire_admin_reply rep;
	struct wire_admin_auth m = { 0 };
	struct auth_cred cred;
	struct timespec deadline;
	uint8_t *sec = NULL, *frame = NULL;
	size_t sec_len = 0, used = 0, flen = 0;
	uint16_t type = 0;
	buf_t *b = NULL, body;
	int rc = -1, k;

	memset(&rep, 0, sizeof(rep));
	if (!ctx)
		goto cleanup;
	if (auth_sign(ctx, WIRE_ADMIN_AUTH, WIRE_ADMIN_AUTH_CONTEXT,
		      strlen(WIRE_ADMIN_AUTH_CONTEXT), AUTH_UID_ANY,
		      &sec, &sec_len) < 0 ||
	    auth_parse(sec, sec_len, &cred, &used) < 0) {
		err_set("cannot sign for %s:%s with MUNGE: %s (is munged "
			"running? FLURM_MUNGE_SOCKET chooses its socket)",
			a->host, a->port, err_msg());
		goto cleanup;
	}
	m.cred = (char *)cred.munge;
	b = wire_frame_begin(WIRE_ADMIN_AUTH);
	wire_pack_admin_auth(b, &m);
	wire_frame_end(b);
	deadline_in(&deadline, a->timeout_ms);
	k = send_all(a->fd, b->data, buf_len(b), &deadline);
	if (k == 0)
		k = recv_frame(a->fd, &frame, &flen, &deadline);
	if (k == 1)
		err_set("flurmctld at %s:%s closed the connection during "
			"authentication", a->host, a->port);
	if (k != 0)
		goto cleanup;
	if (wire_frame_parse(frame, flen, &type, &body) < 0 ||
	    type != WIRE_ADMIN_REPLY || wire_unpack_admin_reply(&body, &rep) < 0) {
		err_set("bad reply from %s:%s to authentication", a->host, a->port);
		goto cleanup;
	}
	if (rep.rc != ADMIN_OK) {
		err_set("%s", rep.error ? rep.error : "authentication failed");
		goto cleanup;
	}
	rc = 0;
cleanup:
	wire_admin_reply_free(&rep);
	free(frame);
	buf_free(b);
	free(sec);
	auth_destroy(ctx);
	return rc;
}

static int open_tcp(struct admin_client *a)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, e, err = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	e = getaddrinfo(a->host, a->port, &hints, &res);
	if (e) {
		err_set("cannot resolve '%s': %s", a->host, gai_strerror(e));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		err_set("cannot reach flurmctld at %s:%s: %s (is admin_port "
			"set in its flurmctld.conf? -H HOST[:PORT] or "
			"FLURM_ADMIN_HOST choose it)", a->host, a->port,
			strerror(err));
		return -1;
	}
	a->fd = fd;
	if (authenticate(a) < 0) {
		close(a->fd);
		a->fd = -1;
		return -1;
	}
	return 0;
}

static int open_socket(struct admin_client *a)
{
	struct sockaddr_un sun;
	int fd;

	if (a->host)
		return open_tcp(a);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(a->path) >= sizeof(sun.sun_path)) {
		err_set("admin socket path '%s' is too long", a->path);
		return -1;
	}
	strcpy(sun.sun_path, a->path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err_set_errno("socket");
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		if (e == ENOENT || e == ECONNREFUSED)
			err_set("cannot reach flurmctld at %s: %s (is it "
				"running? -S PATH or FLURM_ADMIN_SOCKET choose "
				"the socket)", a->path, strerror(e));
		else
			err_set_errno("cannot reach flurmctld at %s", a->path);
		return -1;
	}
	a->fd = fd;
	return 0;
}

void admin_set_timeout(struct admin_client *a, int timeout_ms)
{
	a->timeout_ms = timeout_ms > 0 ? timeout_ms : 30000;
}

struct admin_client *admin_connect(const char *path, int timeout_ms)
{
	struct admin_client *a = xcalloc(1, sizeof(*a));

	/* a controller that goes away mid-write must not kill the client */
	signal(SIGPIPE, SIG_IGN);
	a->path = xstrdup(path);
	a->fd = -1;
	a->timeout_ms = timeout_ms > 0 ? timeout_ms : 30000;
	if ((admin_target_is_tcp(path) && split_target(a) < 0) ||
	    open_socket(a) < 0) {
		admin_close(a);
		return NULL;
	}
	return a;
}

void admin_close(struct admin_client *a)
{
	if (!a)
		return;
	if (a->fd >= 0)
		close(a->fd);
	free(a->rbuf);
	free(a->path);
	free(a->host);
	free(a->port);
	free(a);
}

static void deadline_in(struct timespec *deadline, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += ms / 1000;
	deadline->tv_nsec += (long)(ms % 1000) * 1000000;
	if (deadline->tv_nsec >= 1000000000) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000;
	}
}

static long ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 +
	       (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* Wait until FD is ready for EVENTS; -1 with err_msg() at the deadline. */
static int wait_fd(int fd, short events, const struct timespec *deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long left = ms_left(deadline);
		int n;

		if (left <= 0) {
			err_set("flurmctld did not answer in time");
			return -1;
		}
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR) {
			err_set_errno("poll");
			return -1;
		}
	}
}

/* 1 when the peer closed before anything could be written (reconnect). */
static int send_all(int fd, const uint8_t *p, size_t len,
		    const struct timespec *deadline)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = send(fd, p + off, len - off, MSG_NOSIGNAL);

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(fd, POLLOUT, deadline) < 0)
				return -1;
			continue;
		}
		if (off == 0 && (errno == EPIPE || errno == ECONNRESET))
			return 1;
		err_set_errno("lost the connection to flurmctld");
		return -1;
	}
	return 0;
}

/* Read one whole frame (malloc'd into *FRAME). 1: closed before any byte. */
static int recv_frame(int fd, uint8_t **frame, size_t *flen,
		      const struct timespec *deadline)
{
	uint8_t *buf = NULL;
	size_t have = 0, cap = 0;
	long want;

	for (;;) {
		ssize_t n;

		want = wire_frame_complete(buf ? buf : (const uint8_t *)"", have);
		if (want < 0) {
			err_set("bad reply from flurmctld: %s", err_msg());
			free(buf);
			return -1;
		}
		if (want > 0) {
			*frame = buf;
			*flen = (size_t)want;
			return 0;
		}
		xgrow((void **)&buf, &cap, have + 65536, 1);
		if (wait_fd(fd, POLLIN, deadline) < 0) {
			free(buf);
			return -1;
		}
		n = recv(fd, buf + have, cap - have, 0);
		if (n > 0) {
			have += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		free(buf);
		if (n == 0 && have == 0)
			return 1;
		if (n == 0)
			err_set("flurmctld closed the connection in the middle of a reply");
		else
			err_set_errno("lost the connection to flurmctld");
		return -1;
	}
}

static int call_once(struct admin_client *a, const buf_t *req,
		     struct wire_admin_reply *rep, bool *retry)
{
	struct timespec deadline;
	uint8_t *frame = NULL;
	size_t flen = 0;
	uint16_t type = 0;
	buf_t body;
	int rc;

	*retry = false;
	deadline_in(&deadline, a->timeout_ms);
	rc = send_all(a->fd, req->data, buf_len(req), &deadline);
	if (rc == 0)
		rc = recv_frame(a->fd, &frame, &flen, &deadline);
	if (rc == 1) {
		*retry = true;
		err_set("flurmctld closed the connection");
		return -1;
	}
	if (rc < 0)
		return -1;
	if (wire_frame_parse(frame, flen, &type, &body) < 0 ||
	    type != WIRE_ADMIN_REPLY) {
		err_set("bad reply from flurmctld: %s",
			type != WIRE_ADMIN_REPLY ? "not an admin reply" : err_msg());
		free(frame);
		return -1;
	}
	rc = wire_unpack_admin_reply(&body, rep);
	free(frame);
	if (rc < 0) {
		wire_admin_reply_free(rep);
		err_set("bad reply from flurmctld: %s", err_msg());
		return -1;
	}
	return 0;
}

int admin_call(struct admin_client *a, uint16_t cmd, char *const *args,
	       uint32_t nargs, struct wire_admin_reply *rep)
{
	struct wire_admin_request rq = {
		.seq = ++a->seq, .cmd = cmd, .args = (char **)args, .nargs = nargs,
	};
	buf_t *req = wire_frame_begin(WIRE_ADMIN_REQUEST);
	bool retry = false;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	wire_pack_admin_request(req, &rq);
	wire_frame_end(req);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (a->fd < 0 && open_socket(a) < 0)
			break;
		rc = call_once(a, req, rep, &retry);
		if (rc == 0)
			break;
		/* the connection is unusable after any failure */
		close(a->fd);
		a->fd = -1;
		if (!retry)
			break;
	}
	buf_free(req);
	if (rc == 0 && rep->seq != rq.seq) {
		err_set("bad reply from flurmctld: sequence %u, expected %u",
			rep->seq, rq.seq);
		wire_admin_reply_free(rep);
		close(a->fd);
		a->fd = -1;
		return -1;
	}
	return rc;
}

/* ---- event stream --------------------------------------------------- */

/* The next whole frame from the buffered stream: 0 with *FRAME (malloc'd),
 * 1 when none within TIMEOUT_MS or a signal came, -1 with err_msg(). */
static int stream_frame(struct admin_client *a, int timeout_ms,
			uint8_t **frame, size_t *flen)
{
	for (;;) {
		long want = wire_frame_complete(a->rbuf ? a->rbuf :
						(const uint8_t *)"", a->rlen);
		struct pollfd p = { .fd = a->fd, .events = POLLIN };
		ssize_t n;
		int k;

		if (want < 0) {
			err_set("bad event from flurmctld: %s", err_msg());
			return -1;
		}
		if (want > 0) {
			*frame = xmalloc((size_t)want);
			memcpy(*frame, a->rbuf, (size_t)want);
			*flen = (size_t)want;
			memmove(a->rbuf, a->rbuf + want, a->rlen - (size_t)want);
			a->rlen -= (size_t)want;
			return 0;
		}
		k = poll(&p, 1, timeout_ms);
		if (k == 0 || (k < 0 && errno == EINTR))
			return 1;
		if (k < 0) {
			err_set_errno("poll");
			return -1;
		}
		xgrow((void **)&a->rbuf, &a->rcap, a->rlen + 65536, 1);
		n = recv(a->fd, a->rbuf + a->rlen, a->rcap - a->rlen, 0);
		if (n > 0) {
			a->rlen += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 1;
		if (n == 0)
			err_set("flurmctld closed the event stream");
		else
			err_set_errno("lost the connection to flurmctld");
		return -1;
	}
}

int admin_subscribe(struct admin_client *a, const char *topics,
		    uint32_t metrics_secs, uint64_t *epoch, uint64_t *seq,
		    bool *resumed)
{
	char *args[3] = { NULL, NULL, NULL };
	uint32_t nargs = 0;
	struct wire_admin_request rq;
	struct wire_admin_reply rep;
	struct timespec deadline;
	uint8_t *frame = NULL;
	size_t flen = 0;
	uint16_t type = 0;
	buf_t *req, body;
	const struct admin_field *f;
	int rc = -1;

	memset(&rep, 0, sizeof(rep));
	args[nargs++] = xasprintf("topics=%s", topics);
	if (*epoch)
		args[nargs++] = xasprintf("since=%llu:%llu",
					  (unsigned long long)*epoch,
					  (unsigned long long)*seq);
	if (metrics_secs)
		args[nargs++] = xasprintf("metrics=%u", metrics_secs);
	rq.seq = ++a->seq;
	rq.cmd = ADMIN_SUBSCRIBE;
	rq.args = args;
	rq.nargs = nargs;
	req = wire_frame_begin(WIRE_ADMIN_REQUEST);
	wire_pack_admin_request(req, &rq);
	wire_frame_end(req);
	if (a->fd < 0 && open_socket(a) < 0)
		goto out;
	a->rlen = 0;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += a->timeout_ms / 1000;
	if (send_all(a->fd, req->data, buf_len(req), &deadline) != 0) {
		err_set("cannot send to flurmctld: %s", err_msg());
		goto out;
	}
	do {
		long left = ms_left(&deadline);

		if (left <= 0) {
			err_set("flurmctld did not answer in time");
			goto out;
		}
		rc = stream_frame(a, (int)left, &frame, &flen);
	} while (rc == 1);
	if (rc < 0)
		goto out;
	rc = -1;
	if (wire_frame_parse(frame, flen, &type, &body) < 0 ||
	    type != WIRE_ADMIN_REPLY || wire_unpack_admin_reply(&body, &rep) < 0) {
		err_set("bad reply from flurmctld to subscribe");
		goto out;
	}
	if (rep.rc != ADMIN_OK) {
		err_set("%s", rep.error ? rep.error : wire_admin_strerror(rep.rc));
		goto out;
	}
	if (rep.nrecs != 1) {
		err_set("bad reply from flurmctld to subscribe");
		goto out;
	}
	if ((f = wire_admin_rec_get(&rep.recs[0], "epoch")))
		*epoch = (uint64_t)f->i;
	if ((f = wire_admin_rec_get(&rep.recs[0], "seq")))
		*seq = (uint64_t)f->i;
	f = wire_admin_rec_get(&rep.recs[0], "resumed");
	*resumed = f && f->i;
	rc = 0;
out:
	if (rc < 0 && a->fd >= 0) {
		close(a->fd);
		a->fd = -1;
	}
	wire_admin_reply_free(&rep);
	free(frame);
	buf_free(req);
	for (uint32_t i = 0; i < nargs; i++)
		free(args[i]);
	return rc;
}

int admin_next_event(struct admin_client *a, struct wire_admin_event *ev,
		     int timeout_ms)
{
	uint8_t *frame = NULL;
	size_t flen = 0;
	uint16_t type = 0;
	buf_t body;
	int rc;

	memset(ev, 0, sizeof(*ev));
	if (a->fd < 0) {
		err_set("not subscribed");
		return -1;
	}
	rc = stream_frame(a, timeout_ms, &frame, &flen);
	if (rc != 0)
		goto out;
	if (wire_frame_parse(frame, flen, &type, &body) < 0 ||
	    type != WIRE_ADMIN_EVENT) {
		err_set("bad event from flurmctld: %s",
			type != WIRE_ADMIN_EVENT ? "not an event" : err_msg());
		rc = -1;
	} else if (wire_unpack_admin_event(&body, ev) < 0) {
		err_set("bad event from flurmctld: %s", err_msg());
		wire_admin_event_free(ev);
		rc = -1;
	}
out:
	if (rc < 0) {
		close(a->fd);
		a->fd = -1;
	}
	free(frame);
	return rc;
}

static bool stopped(const struct admin_watch *w)
{
	return w->stop && *w->stop;
}

int admin_watch_run(const char *path, struct admin_watch *w,
		    admin_event_fn cb, void *arg)
{
	struct admin_client *a = NULL;
	int rc = -1;

	while (!stopped(w)) {
		struct wire_admin_event ev;
		uint64_t epoch = w->epoch, seq = w->seq;
		int k;

		if (!a) {
			a = admin_connect(path, 10000);
			if (a && admin_subscribe(a, w->topics, w->metrics_secs,
						 &epoch, &seq, &w->resumed) < 0) {
				admin_close(a);
				a = NULL;
			}
			if (!a) {
				if (!w->reconnect)
					return -1;
				/* wait for the controller, Ctrl-C still works */
				poll(NULL, 0, 1000);
				continue;
			}
			w->subscriptions++;
			w->epoch = epoch;
			if (!w->resumed)
				w->seq = seq;
			if (w->on_subscribe)
				w->on_subscribe(arg, w);
		}
		k = admin_next_event(a, &ev, 250);
		if (k == 1)
			continue;
		if (k < 0) {
			admin_close(a);
			a = NULL;
			if (!w->reconnect)
				return -1;
			continue;
		}
		if (ev.seq > w->seq)
			w->seq = ev.seq;
		k = cb(arg, &ev);
		wire_admin_event_free(&ev);
		if (k)
			break;
	}
	rc = 0;
	admin_close(a);
	return rc;
}
