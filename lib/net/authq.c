/* authq.c - munge calls without blocking the loop (see authq.h). Most
 * are made from the loop itself: it connects to munged's socket, writes
 * the request (munge_wire.h) and reads the answer when it comes, so a
 * call costs no thread hand-over. What the loop cannot do at once (the
 * socket refuses a connection, a body too large to hash in the loop, a
 * sign whose answer went missing) goes to worker threads calling
 * libmunge, which waits and retries. The workers only run
 * auth_open()/auth_sign() on copies they own; jobs are handed over under
 * one mutex, and finished ones come back to the loop through an eventfd,
 * where their callbacks run. What a credential allows, and what a
 * connection does next, are the callers'. */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "net/authq.h"
#include "slurm/munge_wire.h"

#define AUTHQ_MAX_THREADS 64
/* Bodies up to this size are hashed in the loop for a sign; a larger
 * one (a long listing) is hashed by a worker. */
#define DIRECT_MAX_BODY (64u << 10)
/* How long munged may take to answer, as libmunge allows it. */
#define DIRECT_TIMEOUT_MS 2000
/* At most this many calls wait on munged from the loop, each holding a
 * descriptor: a flood of strangers' credentials must not take the
 * descriptors the listener counts on. Beyond it the workers queue them. */
#define DIRECT_MAX 64
/* Body bytes read together with an answer's header. */
#define DIRECT_FIRST_BODY 512

enum authq_kind { AQ_OPEN, AQ_SIGN };

struct authq_job {
	struct authq_job *next;
	enum authq_kind kind;
	atomic_bool cancelled;     /* set by the loop; a worker skips it */
	void *arg;
	authq_open_cb open_cb;
	authq_sign_cb sign_cb;
	/* AQ_OPEN: a copy of the credential */
	struct auth_cred cred;
	char *munge, *host;
	/* AQ_SIGN: the body, ours until delivered */
	uint16_t msg_type;
	void *body;
	size_t len;
	uid_t r_uid;
	/* asked of munged from the loop */
	struct authq *q;
	int fd;
	struct event *ev;
	struct authq_job *dprev, *dnext;   /* the queue's direct list */
	uint8_t hdr[MW_HDR_LEN];
	uint8_t *io;               /* the answer's body */
	size_t io_off;
	uint32_t body_len;
	/* the outcome */
	int rc;
	struct auth_ident id;
	uint8_t *sec;
	size_t sec_len;
	char why[256];
};

struct authq {
	struct auth_ctx *ctx;
	struct event_base *base;
	struct event *wake_ev;
	int efd;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned idle;             /* workers waiting on cv */
	bool stop;
	struct authq_job *todo, **todo_tail;   /* FIFO: first come, first served */
	struct authq_job *done, **done_tail;
	pthread_t *threads;
	unsigned n_threads;
	/* loop thread only: */
	struct sockaddr_un direct_sa;   /* munged's socket */
	socklen_t direct_sa_len;   /* 0: workers only */
	struct authq_job *direct;  /* waiting for munged's answer */
	unsigned n_direct;
	unsigned outstanding;      /* handed to the workers, not delivered */
	struct authq_job *local, **local_tail;  /* run in the loop, to deliver */
	struct event *local_ev;
};

static void job_free(struct authq_job *j)
{
	free(j->io);
	free(j->munge);
	free(j->host);
	free(j->sec);
	free(j->body);
	free(j);
}

static void job_run(struct authq *q, struct authq_job *j)
{
	if (j->kind == AQ_OPEN) {
		j->rc = auth_open(q->ctx, &j->cred, &j->id);
	} else {
		j->rc = auth_sign(q->ctx, j->msg_type, j->body, j->len,
				  j->r_uid, &j->sec, &j->sec_len);
	}
	if (j->rc < 0)
		snprintf(j->why, sizeof(j->why), "%s", err_msg());
}

static void *worker(void *arg)
{
	struct authq *q = arg;
	uint64_t one = 1;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		struct authq_job *j;
		bool was_empty;

		while (!q->stop && !q->todo) {
			q->idle++;
			pthread_cond_wait(&q->cv, &q->mu);
			q->idle--;
		}
		if (q->stop)
			break;
		j = q->todo;
		q->todo = j->next;
		if (!q->todo)
			q->todo_tail = &q->todo;
		pthread_mutex_unlock(&q->mu);

		j->next = NULL;
		if (!atomic_load(&j->cancelled))
			job_run(q, j);

		pthread_mutex_lock(&q->mu);
		was_empty = q->done == NULL;
		*q->done_tail = j;
		q->done_tail = &j->next;
		/* one wake-up for a run of finished jobs: the loop takes
		 * them all at once */
		if (was_empty && write(q->efd, &one, sizeof(one)) < 0 &&
		    errno != EAGAIN)
			log_err("auth queue: cannot wake the loop: %s",
				strerror(errno));
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static void deliver_list(struct authq *q, struct authq_job *j)
{
	struct authq_job *next;

	for (; j; j = next) {
		next = j->next;
		if (!atomic_load(&j->cancelled)) {
			if (j->kind == AQ_OPEN) {
				j->open_cb(j->arg, j->rc, j->rc == 0 ? &j->id : NULL,
					   j->why);
			} else {
				uint8_t *sec = j->sec;
				void *body = j->body;

				j->sec = NULL;
				j->body = NULL;
				j->sign_cb(j->arg, j->rc, sec, j->sec_len, body,
					   j->len, j->why);
			}
		}
		job_free(j);
	}
}

static void deliver(evutil_socket_t fd, short what, void *arg)
{
	struct authq *q = arg;
	struct authq_job *j, *k;
	uint64_t n;

	(void)what;
	if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		log_err("auth queue: cannot read its wake-up: %s", strerror(errno));
	pthread_mutex_lock(&q->mu);
	j = q->done;
	q->done = NULL;
	q->done_tail = &q->done;
	pthread_mutex_unlock(&q->mu);
	for (k = j; k; k = k->next)
		q->outstanding--;
	deliver_list(q, j);
}

static void deliver_local(evutil_socket_t fd, short what, void *arg)
{
	struct authq *q = arg;
	struct authq_job *j = q->local;

	(void)fd;
	(void)what;
	q->local = NULL;
	q->local_tail = &q->local;
	deliver_list(q, j);
}

static void direct_set_path(struct authq *q, const char *path);

struct authq *authq_create(struct event_base *base, struct auth_ctx *ctx,
			   unsigned threads)
{
	struct authq *q;
	unsigned i;

	if (threads < 1 || threads > AUTHQ_MAX_THREADS) {
		err_set("auth queue: %u threads is outside 1..%u", threads,
			AUTHQ_MAX_THREADS);
		return NULL;
	}
	q = xcalloc(1, sizeof(*q));
	q->ctx = ctx;
	q->base = base;
	q->efd = -1;
	q->todo_tail = &q->todo;
	q->done_tail = &q->done;
	q->local_tail = &q->local;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->efd < 0) {
		err_set_errno("auth queue: eventfd");
		goto fail;
	}
	q->wake_ev = event_new(base, q->efd, EV_READ | EV_PERSIST, deliver, q);
	if (!q->wake_ev || event_add(q->wake_ev, NULL) < 0) {
		err_set("auth queue: cannot watch its eventfd");
		goto fail;
	}
	direct_set_path(q, auth_munge_socket(ctx));
	q->local_ev = event_new(base, -1, 0, deliver_local, q);
	if (!q->local_ev) {
		err_set("auth queue: cannot make its event");
		goto fail;
	}
	q->threads = xcalloc(threads, sizeof(*q->threads));
	for (i = 0; i < threads; i++) {
		int rc = pthread_create(&q->threads[i], NULL, worker, q);

		if (rc != 0) {
			err_set("auth queue: cannot start a thread: %s",
				strerror(rc));
			goto fail;
		}
		q->n_threads++;
	}
	return q;
fail:
	authq_destroy(q);
	return NULL;
}

static void direct_deliver(struct authq *q, struct authq_job *j);

void authq_destroy(struct authq *q)
{
	struct authq_job *j;
	unsigned i;

	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	for (i = 0; i < q->n_threads; i++)
		pthread_join(q->threads[i], NULL);
	/* every caller hears of its job once: what finished with its
	 * outcome, what never ran as refused */
	for (j = q->todo; j; j = j->next) {
		j->rc = -1;
		snprintf(j->why, sizeof(j->why), "auth queue closed");
	}
	while (q->direct) {
		j = q->direct;
		j->rc = -1;
		snprintf(j->why, sizeof(j->why), "auth queue closed");
		direct_deliver(q, j);
	}
	deliver_list(q, q->local);
	deliver_list(q, q->done);
	deliver_list(q, q->todo);
	if (q->wake_ev)
		event_free(q->wake_ev);
	if (q->local_ev)
		event_free(q->local_ev);
	if (q->efd >= 0)
		close(q->efd);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	free(q->threads);
	free(q);
}

/* J's outcome is known: its callback runs from a later turn of the
 * loop, never from inside the call that queued it. */
static void deliver_later(struct authq *q, struct authq_job *j)
{
	*q->local_tail = j;
	q->local_tail = &j->next;
	event_active(q->local_ev, EV_TIMEOUT, 1);
}

static void to_workers(struct authq *q, struct authq_job *j)
{
	bool wake;

	q->outstanding++;
	pthread_mutex_lock(&q->mu);
	*q->todo_tail = j;
	q->todo_tail = &j->next;
	wake = q->idle > 0;
	pthread_mutex_unlock(&q->mu);
	/* after unlocking, so that the worker woken does not at once wait
	 * for the mutex we hold; none when all are busy (the first to
	 * finish takes it) */
	if (wake)
		pthread_cond_signal(&q->cv);
}

/* ---- munged asked from the loop ---------------------------------------- */

/* munged's address, made once for every call. A path too long for a
 * Unix socket address leaves the calls to the workers, whose libmunge
 * says why it cannot connect. */
static void direct_set_path(struct authq *q, const char *path)
{
	size_t n = path ? strlen(path) : 0;

	memset(&q->direct_sa, 0, sizeof(q->direct_sa));
	q->direct_sa_len = 0;
	if (!n || n >= sizeof(q->direct_sa.sun_path))
		return;
	q->direct_sa.sun_family = AF_UNIX;
	memcpy(q->direct_sa.sun_path, path, n + 1);
	q->direct_sa_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				       n + 1);
}

static void direct_unlink(struct authq *q, struct authq_job *j)
{
	if (j->fd >= 0)
		q->n_direct--;
	if (j->dprev)
		j->dprev->dnext = j->dnext;
	else
		q->direct = j->dnext;
	if (j->dnext)
		j->dnext->dprev = j->dprev;
	j->dprev = j->dnext = NULL;
}

static void direct_close(struct authq *q, struct authq_job *j)
{
	direct_unlink(q, j);
	if (j->ev)
		event_free(j->ev);
	j->ev = NULL;
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	free(j->io);
	j->io = NULL;
	j->io_off = 0;
}

/* The job is over (its outcome in rc, why, id or sec): its callback now. */
static void direct_deliver(struct authq *q, struct authq_job *j)
{
	direct_close(q, j);
	j->next = NULL;
	deliver_list(q, j);
}

static void direct_fail(struct authq *q, struct authq_job *j,
			const char *what)
{
	/* a sign may be asked again; a decode might have been done, and
	 * munged refuses a credential twice */
	if (j->kind == AQ_SIGN) {
		direct_close(q, j);
		if (!atomic_load(&j->cancelled)) {
			to_workers(q, j);
			return;
		}
	}
	j->rc = -1;
	snprintf(j->why, sizeof(j->why), "munged at %s: %s",
		 q->direct_sa.sun_path, what);
	direct_deliver(q, j);
}

static void direct_answer(struct authq *q, struct authq_job *j)
{
	struct mw_answer a;

	if (j->kind == AQ_OPEN) {
		if (mw_parse_decode(j->io, j->body_len, &a) < 0 ||
		    auth_munge_opened(a.err, a.why, a.data, a.data_len, a.uid,
				      a.gid, &j->id) < 0)
			goto bad;
		j->rc = 0;
	} else {
		if (mw_parse_encode(j->io, j->body_len, &a) < 0 ||
		    auth_munge_signed(a.err, a.why, q->direct_sa.sun_path,
				      (const char *)a.data, a.data_len,
				      &j->sec, &j->sec_len) < 0)
			goto bad;
		j->rc = 0;
	}
	direct_deliver(q, j);
	return;
bad:
	j->rc = -1;
	snprintf(j->why, sizeof(j->why), "%s", err_msg());
	direct_deliver(q, j);
}

static void direct_read(evutil_socket_t fd, short what, void *arg)
{
	struct authq_job *j = arg;
	struct authq *q = j->q;

	if (what & EV_TIMEOUT) {
		direct_fail(q, j, "no answer within 2 s");
		return;
	}
	for (;;) {
		bool in_hdr = j->io_off < MW_HDR_LEN;
		/* the header and, in the same read, as much of the body as
		 * munged's answers usually carry (a credential, an identity) */
		uint8_t first[MW_HDR_LEN + DIRECT_FIRST_BODY];
		uint8_t *to;
		size_t want;
		ssize_t n;

		if (in_hdr) {
			to = first;
			want = MW_HDR_LEN - j->io_off + DIRECT_FIRST_BODY;
		} else {
			to = j->io + (j->io_off - MW_HDR_LEN);
			want = MW_HDR_LEN + j->body_len - j->io_off;
		}
		n = want ? read(fd, to, want) : 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			direct_fail(q, j, strerror(errno));
			return;
		}
		if (n == 0 && want) {
			direct_fail(q, j, "connection closed before the answer");
			return;
		}
		if (in_hdr) {
			size_t h = MW_HDR_LEN - j->io_off, extra;

			if ((size_t)n < h) {
				memcpy(j->hdr + j->io_off, first, (size_t)n);
				j->io_off += (size_t)n;
				continue;
			}
			memcpy(j->hdr + j->io_off, first, h);
			j->io_off = MW_HDR_LEN;
			if (mw_parse_hdr(j->hdr, j->kind == AQ_OPEN,
					 &j->body_len) < 0) {
				direct_fail(q, j, err_msg());
				return;
			}
			j->io = xmalloc(j->body_len ? j->body_len : 1);
			extra = (size_t)n - h;
			if (extra > j->body_len) {
				direct_fail(q, j, "munged sent more than its answer");
				return;
			}
			memcpy(j->io, first + h, extra);
			j->io_off += extra;
		} else {
			j->io_off += (size_t)n;
		}
		if (j->io_off == MW_HDR_LEN + (size_t)j->body_len) {
			direct_answer(q, j);
			return;
		}
	}
}

/* Ask munged from the loop: true when the request is on its way (the
 * answer comes to direct_read()), false when the workers must do it. */
static bool direct_start(struct authq *q, struct authq_job *j)
{
	struct timeval tv = { DIRECT_TIMEOUT_MS / 1000,
			      (DIRECT_TIMEOUT_MS % 1000) * 1000 };
	uint8_t *req;
	size_t len;
	ssize_t n;
	int fd;

	if (!q->direct_sa_len || q->n_direct >= DIRECT_MAX)
		return false;
	if (j->kind == AQ_OPEN) {
		if (j->cred.plugin_id != AUTH_PLUGIN_MUNGE || !j->munge ||
		    !*j->munge)
			return false;	/* the workers word the refusal */
		req = mw_decode_req(j->munge, &len);
	} else {
		uint8_t payload[AUTH_HASH_LEN];

		if (j->len > DIRECT_MAX_BODY)
			return false;
		auth_hash_payload(j->msg_type, j->body, j->len, payload);
		req = mw_encode_req(payload, AUTH_HASH_LEN, j->r_uid, &len);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto no;
	/* a Unix socket connects at once or not at all (EAGAIN: munged's
	 * backlog is full); libmunge waits and retries, the loop must not */
	if (connect(fd, (const struct sockaddr *)&q->direct_sa,
		    q->direct_sa_len) < 0)
		goto no;
	/* a fresh socket's buffer takes a request of a few hundred bytes
	 * whole; a part written is a request munged never completes */
	n = send(fd, req, len, MSG_NOSIGNAL);
	if (n < 0 || (size_t)n != len)
		goto no;
	free(req);
	j->q = q;
	j->fd = fd;
	j->io_off = 0;
	j->ev = event_new(q->base, fd, EV_READ | EV_PERSIST, direct_read, j);
	if (!j->ev || event_add(j->ev, &tv) < 0) {
		if (j->ev)
			event_free(j->ev);
		j->ev = NULL;
		j->fd = -1;
		close(fd);
		/* the request went out: only a sign may be asked again */
		if (j->kind == AQ_SIGN)
			return false;
		j->rc = -1;
		snprintf(j->why, sizeof(j->why),
			 "auth queue: cannot watch munged's answer");
		deliver_later(q, j);
		return true;
	}
	j->dnext = q->direct;
	if (q->direct)
		q->direct->dprev = j;
	q->direct = j;
	q->n_direct++;
	return true;
no:
	if (fd >= 0)
		close(fd);
	free(req);
	return false;
}

/* Munge work goes to munged from the loop when it can. Otherwise a lone
 * request with nothing in the workers' hands is served here at once
 * (AUTHQ_LONE), or the workers take it and the loop goes on serving the
 * other connections. */
static struct authq_job *enqueue(struct authq *q, struct authq_job *j,
				 unsigned flags)
{
	j->fd = -1;
	if (direct_start(q, j))
		return j;
	if ((flags & AUTHQ_LONE) && q->outstanding == 0 && !q->local) {
		job_run(q, j);
		deliver_later(q, j);
		return j;
	}
	to_workers(q, j);
	return j;
}

struct authq_job *authq_open(struct authq *q, const struct auth_cred *cred,
			     unsigned flags, authq_open_cb cb, void *arg)
{
	struct authq_job *j = xcalloc(1, sizeof(*j));

	j->kind = AQ_OPEN;
	j->open_cb = cb;
	j->arg = arg;
	j->cred = *cred;
	j->munge = cred->munge ? xstrdup(cred->munge) : NULL;
	j->host = cred->host ? xstrdup(cred->host) : NULL;
	j->cred.munge = j->munge;
	j->cred.host = j->host;
	return enqueue(q, j, flags);
}

struct authq_job *authq_sign(struct authq *q, uint16_t msg_type,
			     void *body, size_t len, uid_t r_uid,
			     unsigned flags, authq_sign_cb cb, void *arg)
{
	struct authq_job *j = xcalloc(1, sizeof(*j));

	j->kind = AQ_SIGN;
	j->sign_cb = cb;
	j->arg = arg;
	j->msg_type = msg_type;
	j->body = body;
	j->len = len;
	j->r_uid = r_uid;
	return enqueue(q, j, flags);
}

void authq_cancel(struct authq_job *j)
{
	if (j)
		atomic_store(&j->cancelled, true);
}
