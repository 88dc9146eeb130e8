/* forward.c - any controller answers the Slurm clients: a follower wraps
 * the client's whole frame in an envelope signed with its own credential
 * (carrying the uid and gid it verified), sends it to the leader's Slurm
 * port and relays the leader's answer byte for byte. Requests that arrive
 * while no controller serves (an election, a new leader's barrier) wait
 * here for one. A change carries a request id that the leader proposes
 * it under, so when the leader goes away before answering the request
 * is sent again to the next one, which answers the first outcome if it
 * committed. Decoding the client's request is rpc_slurm.c's. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "forward.h"
#include "slurm/errnos.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"

/* How long a request waits for a serving leader, or for a definite
 * answer, before it is refused. Below the clients' MessageTimeout
 * (10 s), so that they hear why. */
#define FWD_WAIT_MS 8000
/* Pause before asking again when the leader we knew did not serve. */
#define FWD_RETRY_MS 50

enum fwd_state {
	FWD_PARKED,   /* no serving leader known: waiting for one */
	FWD_SENT,     /* envelope queued to the leader; waiting for its answer */
};

struct fwd {
	struct ctld *c;
	struct sconn *sc;          /* NULL once the client went away */
	enum fwd_state state;
	uint8_t *frame;            /* the client's frame */
	size_t len;
	struct fwd_req rq;         /* rq.frame points to frame */
	bool connected;            /* the leader accepted the connection */
	struct bufferevent *bev;   /* to the leader */
	struct event *retry_ev;    /* FWD_RETRY_MS pause */
	struct event *deadline_ev; /* FWD_WAIT_MS */
	uint32_t attempts;
	uint64_t sent_to;          /* FWD_SENT: the leader's Raft id */
	bool expired;              /* FWD_WAIT_MS passed while FWD_SENT */
	bool maybe_done;           /* a leader had it and gave no answer: it
				    * may have committed */
	struct fwd *prev, *next;   /* c->fwds */
};

/* Requests that change nothing: asking again after an answer was lost
 * cannot do anything twice. */
static bool is_read(uint16_t type)
{
	switch (type) {
	case REQUEST_PING:
	case REQUEST_FED_INFO:
	case REQUEST_JOB_INFO:
	case REQUEST_JOB_INFO_SINGLE:
	case REQUEST_JOB_USER_INFO:
	case REQUEST_PARTITION_INFO:
	case REQUEST_NODE_INFO:
	case REQUEST_NODE_INFO_SINGLE:
		return true;
	default:
		return false;
	}
}

bool forward_once_safe(uint16_t type)
{
	switch (type) {
	case REQUEST_SUBMIT_BATCH_JOB:
	case REQUEST_RESOURCE_ALLOCATION:
	/* scancel's cancel; its signal is no command, and a signal sent
	 * again is delivered again */
	case REQUEST_KILL_JOB:
	case REQUEST_CANCEL_JOB_STEP:
	case REQUEST_UPDATE_JOB:
	case REQUEST_JOB_REQUEUE:
	case REQUEST_SUSPEND:
	case REQUEST_TOP_JOB:
		return true;
	default:
		return false;
	}
}

static void fwd_close_bev(struct fwd *f)
{
	if (f->bev) {
		bufferevent_free(f->bev);
		f->bev = NULL;
	}
	f->connected = false;
}

static void fwd_free(struct fwd *f)
{
	struct ctld *c = f->c;

	fwd_close_bev(f);
	if (f->retry_ev)
		event_free(f->retry_ev);
	if (f->deadline_ev)
		event_free(f->deadline_ev);
	if (f->prev)
		f->prev->next = f->next;
	else
		c->fwds = f->next;
	if (f->next)
		f->next->prev = f->prev;
	c->nfwds--;
	free(f->frame);
	free(f);
}

/* What to answer when no leader answered in time: "not serving" makes
 * the Slurm clients try another controller, which is right only when no
 * leader may have done it already. */
static int fwd_give_up_rc(const struct fwd *f)
{
	return f->maybe_done ? SLURMCTLD_COMMUNICATIONS_RECEIVE_ERROR :
			       ESLURM_IN_STANDBY_MODE;
}

/* Answer RC to the client (if still there) and forget the request. */
static void fwd_fail(struct fwd *f, int rc)
{
	struct sconn *sc = f->sc;

	f->sc = NULL;
	fwd_free(f);
	if (sc)
		slurm_conn_fail(sc, rc);
}

int forward_leader_host(struct ctld *c, char *host, size_t size)
{
	const char *addr = NULL;
	uint64_t id = c->raft ? rnode_leader(c->raft, &addr) : 0;
	const char *colon;
	size_t n;

	if (!id || id == rnode_id(c->raft) || !addr)
		return -1;
	colon = strrchr(addr, ':');
	n = colon ? (size_t)(colon - addr) : strlen(addr);
	if (n == 0 || n >= size)
		return -1;
	memcpy(host, addr, n);
	host[n] = '\0';
	return 0;
}

/* The leader's Slurm address: the host of its Raft address, with the
 * SlurmctldPort every controller shares. */
static int leader_addr(struct ctld *c, struct sockaddr_in *sin)
{
	char host[64];

	if (forward_leader_host(c, host, sizeof(host)) < 0)
		return -1;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(c->sc->slurmctld_port);
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		return -1;
	return 0;
}

static void fwd_try(struct fwd *f);

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	fwd_try(arg);
}

/* Nothing was done with the request: wait, and try again. */
static void fwd_again(struct fwd *f, const char *why)
{
	struct timeval tv = { 0, FWD_RETRY_MS * 1000 };

	if (f->expired) {
		log_warn("%s for uid %u: %s, and no controller served within "
			 "%u ms", slurm_msg_type_name(f->rq.msg_type),
			 (unsigned)f->rq.uid, why, FWD_WAIT_MS);
		fwd_fail(f, fwd_give_up_rc(f));
		return;
	}
	log_debug("forwarding %s for uid %u: %s; trying again",
		  slurm_msg_type_name(f->rq.msg_type), (unsigned)f->rq.uid, why);
	fwd_close_bev(f);
	f->state = FWD_PARKED;
	evtimer_add(f->retry_ev, &tv);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct fwd *f = arg;

	if (f->state == FWD_SENT) {
		/* the leader has it; its answer or the read timeout ends
		 * this, and it is not sent again */
		f->expired = true;
		return;
	}
	log_warn("%s for uid %u: no controller served within %u ms%s",
		 slurm_msg_type_name(f->rq.msg_type), (unsigned)f->rq.uid,
		 FWD_WAIT_MS, f->maybe_done ? "; the outcome is unknown" : "");
	fwd_fail(f, fwd_give_up_rc(f));
}

/* A whole answer from the leader: relay it, unless the leader says it
 * does not serve (then nothing was done: ask again). */
static void fwd_answer(struct fwd *f, const uint8_t *data, size_t len)
{
	struct slurm_msg m;
	struct sconn *sc = f->sc;

	if (slurm_msg_parse(data + 4, len - 4, &m) == 0 &&
	    m.msg_type == RESPONSE_SLURM_RC) {
		buf_t b;
		uint32_t rc = 0;

		buf_init_view(&b, m.body, m.body_len);
		if (slurm_rc_unpack(&b, &rc) == 0 &&
		    rc == ESLURM_IN_STANDBY_MODE) {
			/* a leader also says so when it lost leadership
			 * before it knew whether the change committed */
			if (f->rq.req_id)
				f->maybe_done = true;
			fwd_again(f, "the controller asked does not serve");
			return;
		}
	}
	f->sc = NULL;
	if (sc)
		slurm_conn_relay(sc, data, len);
	fwd_free(f);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct fwd *f = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t have = evbuffer_get_length(in);
	uint8_t head[4], *data;
	uint32_t n;

	if (have < 4)
		return;
	evbuffer_copyout(in, head, 4);
	n = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
	    (uint32_t)head[2] << 8 | head[3];
	if (n < SLURM_MIN_FRAME || n > SLURM_MAX_FRAME) {
		log_warn("forwarding %s: the leader answered a frame of %u bytes",
			 slurm_msg_type_name(f->rq.msg_type), n);
		fwd_fail(f, SLURM_COMMUNICATIONS_RECEIVE_ERROR);
		return;
	}
	if (have < (size_t)n + 4) {
		bufferevent_setwatermark(bev, EV_READ, (size_t)n + 4, 0);
		return;
	}
	data = evbuffer_pullup(in, (ssize_t)n + 4);
	fwd_answer(f, data, (size_t)n + 4);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct fwd *f = arg;

	if (what & BEV_EVENT_CONNECTED) {
		int one = 1;

		f->connected = true;
		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY,
			   &one, sizeof(one));
		return;
	}
	if (!f->connected) {
		/* refused or unreachable: the leader never saw it */
		fwd_again(f, "cannot reach the leader");
		return;
	}
	/* A change may have committed before the leader went away; it
	 * carries its request id, so the next leader answers its first
	 * outcome rather than doing it twice. */
	if (!is_read(f->rq.msg_type))
		f->maybe_done = true;
	if ((is_read(f->rq.msg_type) || f->rq.req_id) && !f->expired) {
		fwd_again(f, "the leader went away before answering");
		return;
	}
	log_warn("%s for uid %u: the leader went away before answering "
		 "and no controller answered within %u ms; the outcome is "
		 "unknown", slurm_msg_type_name(f->rq.msg_type),
		 (unsigned)f->rq.uid, FWD_WAIT_MS);
	fwd_fail(f, SLURMCTLD_COMMUNICATIONS_RECEIVE_ERROR);
}

/* The envelope: uid, gid, the client's frame, then the request id (0 for
 * a read) and the client's address (u8 family 4 or 6, its 4 or 16
 * bytes); under our credential. Older controllers sent no address, and
 * the request id only for a change; forward_unwrap() reads both. */
static buf_t *fwd_envelope(struct fwd *f)
{
	struct ctld *c = f->c;
	buf_t *body = buf_new(f->len + 40), *out;
	uint8_t a[16];
	uint8_t *sec = NULL;
	size_t sec_len = 0;

	pack32(body, (uint32_t)f->rq.uid);
	pack32(body, (uint32_t)f->rq.gid);
	pack_mem(body, f->frame, (uint32_t)f->len);
	pack64(body, f->rq.req_id);
	if (inet_pton(AF_INET, f->rq.client, a) == 1) {
		pack8(body, 4);
		pack_raw(body, a, 4);
	} else if (inet_pton(AF_INET6, f->rq.client, a) == 1) {
		pack8(body, 6);
		pack_raw(body, a, 16);
	} else {
		pack8(body, 0);
	}
	if (auth_sign(c->auth, FWD_MSG_TYPE, body->data, buf_len(body),
		      AUTH_UID_ANY, &sec, &sec_len) < 0) {
		buf_free(body);
		return NULL;
	}
	out = buf_new(buf_len(body) + sec_len + 64);
	if (slurm_msg_build_sec(out, FWD_MSG_TYPE, 0, sec, sec_len,
				body->data, (uint32_t)buf_len(body)) < 0) {
		buf_free(out);
		out = NULL;
	}
	free(sec);
	buf_free(body);
	return out;
}

/* A socket to the leader from our own Slurm address when listen_addr
 * names one, so the leader sees the controller it knows rather than
 * whichever address the host picks; -1 lets libevent make one. */
static evutil_socket_t fwd_socket(struct ctld *c)
{
	struct sockaddr_in me;
	int fd;

	memset(&me, 0, sizeof(me));
	me.sin_family = AF_INET;
	if (!c->conf->listen_addr ||
	    inet_pton(AF_INET, c->conf->listen_addr, &me.sin_addr) != 1 ||
	    me.sin_addr.s_addr == htonl(INADDR_ANY))
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		log_debug("forwarding from %s: bind: %s", c->conf->listen_addr,
			  strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void fwd_send(struct fwd *f, const struct sockaddr_in *sin)
{
	struct ctld *c = f->c;
	struct timeval tmo = { (time_t)c->conf->request_timeout, 0 };
	buf_t *env = fwd_envelope(f);

	if (!env) {
		log_err("forwarding %s: %s", slurm_msg_type_name(f->rq.msg_type),
			err_msg());
		fwd_fail(f, SLURM_PROTOCOL_AUTHENTICATION_ERROR);
		return;
	}
	f->bev = bufferevent_socket_new(c->base, fwd_socket(c),
					BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(f->bev, on_read, NULL, on_event, f);
	bufferevent_set_timeouts(f->bev, &tmo, &tmo);
	bufferevent_enable(f->bev, EV_READ | EV_WRITE);
	f->state = FWD_SENT;
	f->sent_to = rnode_leader(c->raft, NULL);
	f->attempts++;
	bufferevent_write(f->bev, env->data, buf_len(env));
	buf_free(env);
	if (bufferevent_socket_connect(f->bev, (const struct sockaddr *)sin,
				       sizeof(*sin)) < 0)
		fwd_again(f, "cannot connect");
}

static void fwd_try(struct fwd *f)
{
	struct ctld *c = f->c;
	struct sockaddr_in sin;

	if (f->state == FWD_SENT && f->rq.req_id && !f->expired &&
	    rnode_leader(c->raft, NULL) != f->sent_to) {
		/* the leader we asked is no longer the one: it may never
		 * answer (stopped, cut off). The request id makes asking
		 * the next one safe. */
		log_info("%s for uid %u: leadership moved while the leader "
			 "had it; sending it to the next one",
			 slurm_msg_type_name(f->rq.msg_type), (unsigned)f->rq.uid);
		fwd_close_bev(f);
		f->state = FWD_PARKED;
		f->maybe_done = true;
	}
	if (f->state != FWD_PARKED || evtimer_pending(f->retry_ev, NULL))
		return;
	if (!f->sc) {
		fwd_free(f);
		return;
	}
	if (c->stopping) {
		fwd_fail(f, fwd_give_up_rc(f));
		return;
	}
	if (c->leader && !ctld_not_ready(c)) {
		struct sconn *sc = f->sc;

		f->sc = NULL;
		slurm_conn_serve(sc, &f->rq);
		fwd_free(f);
		return;
	}
	/* Raft leader still committing its barrier, or no leader yet:
	 * forward_kick() tells us when that changes. */
	if (rnode_is_leader(c->raft) || leader_addr(c, &sin) < 0)
		return;
	fwd_send(f, &sin);
}

struct fwd *forward_request(struct ctld *c, struct sconn *sc,
			    const struct fwd_req *rq)
{
	struct fwd *f = xcalloc(1, sizeof(*f));
	struct timeval wait = { FWD_WAIT_MS / 1000, (FWD_WAIT_MS % 1000) * 1000 };

	f->c = c;
	f->sc = sc;
	f->state = FWD_PARKED;
	f->frame = xmalloc(rq->len ? rq->len : 1);
	memcpy(f->frame, rq->frame, rq->len);
	f->len = rq->len;
	f->rq = *rq;
	f->rq.frame = f->frame;
	if (!f->rq.req_id && forward_once_safe(rq->msg_type))
		f->rq.req_id = forward_new_id();
	f->retry_ev = evtimer_new(c->base, on_retry, f);
	f->deadline_ev = evtimer_new(c->base, on_deadline, f);
	evtimer_add(f->deadline_ev, &wait);
	f->next = c->fwds;
	if (c->fwds)
		c->fwds->prev = f;
	c->fwds = f;
	c->nfwds++;
	/* run from the loop, not from inside the caller's dispatch */
	{
		struct timeval now = { 0, 0 };

		evtimer_add(f->retry_ev, &now);
	}
	return f;
}

void forward_detach(struct fwd *f)
{
	if (!f)
		return;
	f->sc = NULL;
	if (f->state == FWD_PARKED)
		fwd_free(f);
	/* a sent request runs to its end: its answer is only dropped */
}

void forward_kick(struct ctld *c)
{
	struct fwd *f = c->fwds, *next;

	for (; f; f = next) {
		next = f->next;
		fwd_try(f);
	}
}

void forward_close_all(struct ctld *c)
{
	while (c->fwds)
		fwd_fail(c->fwds, fwd_give_up_rc(c->fwds));
}

uint32_t forward_count(const struct ctld *c)
{
	return c->nfwds;
}

uint64_t forward_new_id(void)
{
	static uint64_t next;

	/* a random start, so that a restarted controller cannot repeat an
	 * id it gave before (the clock if the kernel has no randomness
	 * yet), then a counter: ids of one run differ by construction and
	 * cost no system call each */
	if (!next) {
		if (getrandom(&next, sizeof(next), GRND_NONBLOCK) !=
		    (ssize_t)sizeof(next)) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			next = ((uint64_t)ts.tv_sec << 32) ^
			       (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 48);
		}
	}
	if (!++next)
		next = 1;    /* 0 means no id */
	return next;
}

int forward_unwrap(const uint8_t *body, size_t len, struct fwd_req *rq)
{
	buf_t b;
	uint32_t uid, gid, n;
	uint64_t id = 0;
	uint8_t family = 0, a[16];
	size_t rest;

	memset(rq, 0, sizeof(*rq));
	buf_init_view(&b, body, len);
	if (unpack32(&b, &uid) < 0 || unpack32(&b, &gid) < 0 ||
	    unpack32(&b, &n) < 0 || n > len - 12)
		goto bad;
	unpack_skip(&b, n);
	/* after the frame: nothing or a change's id (older controllers),
	 * or the id and the client's address */
	rest = len - 12 - n;
	if (rest == 8 || rest >= 9) {
		if (unpack64(&b, &id) < 0 || (rest == 8 && !id))
			goto bad;
	} else if (rest != 0) {
		goto bad;
	}
	if (rest > 8) {
		if (unpack8(&b, &family) < 0)
			goto bad;
		if (family == 4 && rest == 13 && unpack_raw(&b, a, 4) == 0)
			inet_ntop(AF_INET, a, rq->client, sizeof(rq->client));
		else if (family == 6 && rest == 25 &&
			 unpack_raw(&b, a, 16) == 0)
			inet_ntop(AF_INET6, a, rq->client, sizeof(rq->client));
		else if (family != 0 || rest != 9)
			goto bad;
	}
	rq->uid = (uid_t)uid;
	rq->gid = (gid_t)gid;
	rq->frame = body + 12;
	rq->len = n;
	rq->req_id = id;
	return 0;
bad:
	memset(rq, 0, sizeof(*rq));
	err_set("malformed forwarded request");
	return -1;
}
