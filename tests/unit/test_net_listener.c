/* test_net_listener.c - what an owner of a connection sees: the peer's
 * address as accept() gave it (none on a Unix socket), and a reply
 * flushed at once: written before lconn_flush() returns when the socket
 * takes it, the rest by the write event when it does not, and drained()
 * heard after the call (in the same turn of the loop when the socket took
 * all of it), only once all of it is written; a last reply held until
 * the owner's close and then delivered whole with the end of the
 * stream. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/xalloc.h"
#include "net/listener.h"

/* One test's listener, its one accepted connection, and what it heard. */
struct fix {
	struct event_base *base;
	struct lpool *pool;
	struct lsn *lsn;
	struct lconn *lc;
	size_t reply_len;          /* bytes to answer the first read with */
	size_t left_after_flush;   /* output still queued after the flush */
	int in_flush;              /* lconn_flush() is running */
	int replied;               /* the answer is queued */
	int drained;               /* drained() calls since */
	int drained_in_flush;      /* of them, from inside lconn_flush() */
	int drained_not_empty;     /* of them, with output still queued */
	int closed;
	bool last;                 /* answer with lconn_flush_last() */
	bool close_when_drained;   /* the owner closes after its answer */
};

static void own_read(struct lconn *lc, void *owner)
{
	struct fix *f = owner;
	struct bufferevent *bev = lconn_bev(lc);
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t *reply;

	if (!f->reply_len)
		return;
	evbuffer_drain(in, evbuffer_get_length(in));
	f->drained = 0;            /* what attaching armed does not count */
	reply = xmalloc(f->reply_len);
	for (size_t i = 0; i < f->reply_len; i++)
		reply[i] = (uint8_t)(i * 7 + 3);
	bufferevent_write(bev, reply, f->reply_len);
	free(reply);
	f->reply_len = 0;
	f->replied = 1;
	f->in_flush = 1;
	if (f->last)
		lconn_flush_last(lc);
	else
		lconn_flush(lc);
	f->in_flush = 0;
	f->left_after_flush = evbuffer_get_length(bufferevent_get_output(bev));
}

static void own_drained(struct lconn *lc, void *owner)
{
	struct fix *f = owner;

	if (!f->replied)
		return;
	f->drained++;
	if (f->in_flush)
		f->drained_in_flush++;
	if (evbuffer_get_length(bufferevent_get_output(lconn_bev(lc))))
		f->drained_not_empty++;
	if (f->close_when_drained) {
		f->lc = NULL;
		lconn_close(lc);
	}
}

static void own_closed(struct lconn *lc, void *owner, const char *why)
{
	struct fix *f = owner;

	f->closed++;
	f->lc = NULL;
}

static const struct lconn_ops own_ops = {
	.read = own_read,
	.drained = own_drained,
	.closed = own_closed,
};

static void on_conn(struct lconn *lc, void *arg)
{
	struct fix *f = arg;

	f->lc = lc;
	lconn_attach(lc, &own_ops, f);
}

static void fix_start(struct fix *f, const struct sockaddr *sa, socklen_t len)
{
	struct climit_limits lim = { .max_conns = 16, .max_per_peer = 16,
				     .request_timeout_ms = 10000 };

	memset(f, 0, sizeof(*f));
	f->base = event_base_new();
	assert_non_null(f->base);
	f->pool = lpool_new(f->base, &lim);
	f->lsn = lsn_new(f->pool, "test port", sa, len, 16, on_conn, f);
	assert_non_null(f->lsn);
}

static void fix_stop(struct fix *f)
{
	lsn_free(f->lsn);
	lpool_free(f->pool);
	event_base_free(f->base);
}

/* A TCP listener on a free loopback port: the port is in *SIN. */
static void fix_start_tcp(struct fix *f, struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)sin, sizeof(*sin)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)sin, &len), 0);
	close(s);
	fix_start(f, (struct sockaddr *)sin, sizeof(*sin));
}

/* Turn the loop until the connection is accepted. */
static void wait_conn(struct fix *f)
{
	for (int i = 0; i < 1000 && !f->lc; i++)
		event_base_loop(f->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	assert_non_null(f->lc);
}

static void test_peer_from_accept(void **ctx)
{
	struct fix f;
	struct sockaddr_in sin, mine, got;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(mine), glen = 0;
	int c = socket(AF_INET, SOCK_STREAM, 0);
	char want[64];

	fix_start_tcp(&f, &sin);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(c, (struct sockaddr *)&mine, &len), 0);
	wait_conn(&f);
	assert_int_equal(lconn_peer_addr(f.lc, &ss, &glen), 0);
	assert_int_equal(glen, sizeof(struct sockaddr_in));
	memcpy(&got, &ss, sizeof(got));
	assert_int_equal(got.sin_family, AF_INET);
	assert_int_equal(got.sin_port, mine.sin_port);
	assert_int_equal(got.sin_addr.s_addr, mine.sin_addr.s_addr);
	snprintf(want, sizeof(want), "127.0.0.1:%u", ntohs(mine.sin_port));
	assert_string_equal(lconn_peer(f.lc), want);
	close(c);
	fix_stop(&f);
}

static void test_unix_peer_has_no_address(void **ctx)
{
	struct fix f;
	struct sockaddr_un sun;
	struct sockaddr_storage ss;
	socklen_t len = 0;
	char dir[] = "/tmp/flurm-lsn-XXXXXX";
	int c = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_non_null(mkdtemp(dir));
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/sock", dir);
	fix_start(&f, (struct sockaddr *)&sun, sizeof(sun));
	assert_int_equal(connect(c, (struct sockaddr *)&sun, sizeof(sun)), 0);
	wait_conn(&f);
	assert_int_equal(lconn_peer_addr(f.lc, &ss, &len), -1);
	assert_non_null(strstr(lconn_peer(f.lc), "uid "));
	close(c);
	fix_stop(&f);
	unlink(sun.sun_path);
	rmdir(dir);
}

/* Send a request, answer it with REPLY_LEN bytes, and read them all
 * back while the loop turns; the client reads only after the first
 * turns, so that a large answer fills the socket first. */
static int exchange(struct fix *f, int c, size_t reply_len)
{
	uint8_t *got = xmalloc(reply_len);
	size_t have = 0;
	int same_turn = -1;     /* drained() calls in the turn that replied */

	f->reply_len = reply_len;
	assert_int_equal(write(c, "ping", 4), 4);
	for (int i = 0; i < 100000 && (have < reply_len || !f->drained); i++) {
		ssize_t n;

		event_base_loop(f->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
		if (f->replied && same_turn < 0)
			same_turn = f->drained;
		if (i < 3)
			continue;
		n = recv(c, got + have, reply_len - have, MSG_DONTWAIT);
		if (n > 0)
			have += (size_t)n;
		else
			assert_true(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	}
	assert_int_equal(have, reply_len);
	for (size_t i = 0; i < reply_len; i++)
		if (got[i] != (uint8_t)(i * 7 + 3))
			fail_msg("byte %zu of the reply differs", i);
	free(got);
	return same_turn;
}

static void test_flush_writes_at_once(void **ctx)
{
	struct fix f;
	struct sockaddr_in sin;
	int c = socket(AF_INET, SOCK_STREAM, 0);

	fix_start_tcp(&f, &sin);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sizeof(sin)), 0);
	wait_conn(&f);
	/* on the socket before the flush returned, and its owner told in
	 * the same turn of the loop, not from inside the call */
	assert_int_equal(exchange(&f, c, 300), 1);
	assert_int_equal(f.left_after_flush, 0);
	assert_int_equal(f.drained_in_flush, 0);
	assert_int_equal(f.drained_not_empty, 0);
	for (int i = 0; i < 5; i++)
		event_base_loop(f.base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	assert_int_equal(f.drained_not_empty, 0);
	assert_int_equal(f.closed, 0);
	close(c);
	fix_stop(&f);
}

static void test_flush_of_more_than_the_socket_takes(void **ctx)
{
	struct fix f;
	struct sockaddr_in sin;
	int c = socket(AF_INET, SOCK_STREAM, 0), small = 4096;
	const size_t big = 16 * 1024 * 1024;

	setsockopt(c, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	fix_start_tcp(&f, &sin);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sizeof(sin)), 0);
	wait_conn(&f);
	/* the flush wrote what fit; the write event sent the rest, and
	 * only then was the owner told */
	assert_int_equal(exchange(&f, c, big), 0);
	assert_true(f.left_after_flush > 0);
	assert_true(f.drained >= 1);
	assert_int_equal(f.drained_in_flush, 0);
	assert_int_equal(f.drained_not_empty, 0);
	close(c);
	fix_stop(&f);
}

/* Read what C is sent until EOF, turning F's loop; the bytes read. */
static size_t read_to_eof(struct fix *f, int c, uint8_t *got, size_t cap)
{
	size_t have = 0;

	for (int i = 0; i < 100000; i++) {
		ssize_t n;

		event_base_loop(f->base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
		n = recv(c, got + have, cap - have, MSG_DONTWAIT);
		if (n == 0)
			return have;
		if (n > 0)
			have += (size_t)n;
		else
			assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	}
	fail_msg("no end of the reply after %zu bytes", have);
	return have;
}

/* The last reply on a connection: what did not make a full segment is
 * held until the owner closes (it leaves with the FIN), then arrives
 * whole with the end of the stream. */
static void test_last_reply_leaves_with_the_close(void **ctx)
{
	struct fix f;
	struct sockaddr_in sin;
	struct pollfd pfd;
	uint8_t got[400];
	int c = socket(AF_INET, SOCK_STREAM, 0);
	size_t have;

	fix_start_tcp(&f, &sin);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sizeof(sin)), 0);
	wait_conn(&f);
	f.last = true;
	f.reply_len = 300;
	assert_int_equal(write(c, "ping", 4), 4);
	for (int i = 0; i < 1000 && !f.drained; i++)
		event_base_loop(f.base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	assert_true(f.drained >= 1);
	assert_int_equal(f.left_after_flush, 0);
	/* all written to the socket, but held while the owner has not
	 * closed */
	pfd.fd = c;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 50), 0);
	/* the owner closes: the reply and its end arrive */
	lconn_close(f.lc);
	have = read_to_eof(&f, c, got, sizeof(got));
	assert_int_equal(have, 300);
	for (size_t i = 0; i < have; i++)
		if (got[i] != (uint8_t)(i * 7 + 3))
			fail_msg("byte %zu of the reply differs", i);
	close(c);
	fix_stop(&f);
}

/* A last reply larger than the socket takes at once: all of it, in
 * order, then the end, none of it held back by the cork. */
static void test_last_reply_larger_than_the_socket(void **ctx)
{
	struct fix f;
	struct sockaddr_in sin;
	int c = socket(AF_INET, SOCK_STREAM, 0), small = 4096;
	const size_t big = 4 * 1024 * 1024 + 123;
	uint8_t *got = xmalloc(big + 1);
	size_t have;

	setsockopt(c, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	fix_start_tcp(&f, &sin);
	assert_int_equal(connect(c, (struct sockaddr *)&sin, sizeof(sin)), 0);
	wait_conn(&f);
	f.last = true;
	f.close_when_drained = true;
	f.reply_len = big;
	assert_int_equal(write(c, "ping", 4), 4);
	have = read_to_eof(&f, c, got, big + 1);
	assert_int_equal(have, big);
	for (size_t i = 0; i < have; i++)
		if (got[i] != (uint8_t)(i * 7 + 3))
			fail_msg("byte %zu of the reply differs", i);
	free(got);
	close(c);
	fix_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peer_from_accept),
		cmocka_unit_test(test_unix_peer_has_no_address),
		cmocka_unit_test(test_flush_writes_at_once),
		cmocka_unit_test(test_flush_of_more_than_the_socket_takes),
		cmocka_unit_test(test_last_reply_leaves_with_the_close),
		cmocka_unit_test(test_last_reply_larger_than_the_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
