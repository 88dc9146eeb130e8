/* admin.c - blocking client of the admin protocol over a Unix socket:
 * one request at a time, replies matched by sequence number, a deadline
 * on each request. Reconnects once when the controller closed the
 * connection between requests. What the commands mean is the caller's. */
#include <errno.h>
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
#include "wire/wire.h"

struct admin_client {
	char *path;
	int fd;
	int timeout_ms;
	uint32_t seq;
};

static int open_socket(struct admin_client *a)
{
	struct sockaddr_un sun;
	int fd;

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
	if (open_socket(a) < 0) {
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
	free(a->path);
	free(a);
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
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += a->timeout_ms / 1000;
	deadline.tv_nsec += (long)(a->timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
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
