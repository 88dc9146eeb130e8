/* conn.c - the one connection to the controller: connect to the
 * controllers in order (or the leader a NOT_LEADER names), register with a
 * MUNGE credential, heartbeat, and hand job requests to jobs.c. Any loss
 * means a new connection and a new registration, with a backoff capped at
 * 2 s. The states are enum nd_conn_state; they change only here. */
#include <errno.h>
#include <signal.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/version.h"
#include "core/xalloc.h"
#include "nd.h"
#include "slurm/auth.h"

#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS   2000
#define CONNECT_TIMEOUT  5	/* seconds */
#define REGISTER_TIMEOUT 10	/* seconds for the controller's answer */
#define RESEND_INTERVAL  60	/* seconds between repeats of job ends */
/* Failed attempts before a warning (about 3 s of backoff), and between
 * warnings after that (about 5 minutes at 2 s). */
#define WARN_AFTER 5
#define FAILS_WARN 150

static void try_connect(evutil_socket_t fd, short what, void *arg);

bool conn_ready(const struct nd *nd)
{
	return nd->conn.state == CONN_READY;
}

static const char *cur_name(const struct nd *nd)
{
	static char name[300];
	const struct nd_ctl *c = nd->conn.cur;

	if (!c)
		return "?";
	snprintf(name, sizeof(name), strchr(c->host, ':') ? "[%s]:%u" :
		 "%s:%u", c->host, c->port);
	return name;
}

static void conn_close(struct nd *nd)
{
	struct nd_conn *c = &nd->conn;

	if (c->bev) {
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	if (c->ai) {
		freeaddrinfo(c->ai);
		c->ai = c->ai_next = NULL;
	}
	if (c->reg_ev)
		evtimer_del(c->reg_ev);
	if (c->hb_ev)
		event_del(c->hb_ev);
	if (c->resend_ev)
		event_del(c->resend_ev);
	c->state = CONN_IDLE;
	c->gen++;
}

static void schedule(struct nd *nd, uint32_t delay_ms)
{
	struct timeval tv = { delay_ms / 1000, (delay_ms % 1000) * 1000 };

	if (nd->stopping)
		return;
	evtimer_add(nd->conn.retry_ev, &tv);
}

/* This attempt is over: move on to the next controller (ADVANCE), after
 * the backoff. */
static void conn_fail(struct nd *nd, bool advance, const char *why)
{
	struct nd_conn *c = &nd->conn;
	bool was_ready = c->state == CONN_READY;
	bool from_hint = c->cur == &c->hint;

	if (was_ready)
		log_warn("lost the controller %s: %s", cur_name(nd), why);
	else
		log_debug("controller %s: %s", cur_name(nd), why);
	if (!was_ready && ++c->fails % FAILS_WARN == WARN_AFTER)
		log_warn("cannot register with a controller yet (last: %s: "
			 "%s); still trying", cur_name(nd), why);
	conn_close(nd);
	if (from_hint) {
		free(c->hint.host);
		c->hint.host = NULL;
	} else if (advance && !was_ready) {
		c->ctl = (c->ctl + 1) % nd->nctls;
	}
	if (was_ready) {
		c->backoff_ms = 0;
		schedule(nd, 0);
		return;
	}
	/* Another controller may lead: ask each of them once before
	 * backing off (a failover costs one refused connect, not seconds) */
	if (advance && !from_hint && nd->nctls > 1 && c->fails % nd->nctls) {
		schedule(nd, 0);
		return;
	}
	c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : BACKOFF_FIRST_MS;
	if (c->backoff_ms > BACKOFF_MAX_MS)
		c->backoff_ms = BACKOFF_MAX_MS;
	schedule(nd, c->backoff_ms);
}

static int send_frame(struct nd *nd, buf_t *b)
{
	int rc;

	wire_frame_end(b);
	rc = bufferevent_write(nd->conn.bev, b->data, buf_len(b));
	buf_free(b);
	return rc;
}

int conn_send_event(struct nd *nd, uint16_t type,
		    const struct wire_job_event *ev)
{
	buf_t *b;

	if (nd->conn.state != CONN_READY)
		return -1;
	b = wire_frame_begin(type);
	wire_pack_job_event(b, ev);
	log_debug("job %u: sending %s", ev->job_id, wire_type_name(type));
	return send_frame(nd, b);
}

int conn_send_step_event(struct nd *nd, const struct wire_step_event *ev)
{
	buf_t *b;

	if (nd->conn.state != CONN_READY)
		return -1;
	b = wire_frame_begin(WIRE_STEP_ENDED);
	wire_pack_step_event(b, ev);
	log_debug("step %u.%u: sending STEP_ENDED", ev->job_id, ev->step_id);
	return send_frame(nd, b);
}

static int send_register(struct nd *nd)
{
	struct wire_register r = {
		.node_name = nd->node_name,
		.cpus = nd->res.cpus,
		.sockets = nd->res.sockets,
		.cores = nd->res.cores,
		.threads = nd->res.threads,
		.memory_mb = nd->res.memory_mb,
		.gpus = nd->res.gpus,
		.gres_conf = nd->res.gres_conf,
		.gres_gpus = nd->res.gres_gpus,
		.boot_time = nd->boot_time,
		.version = FLURM_VERSION,
	};
	buf_t *fields, *b;
	uint8_t *sec = NULL;
	size_t sec_len = 0, used;
	struct auth_cred cred;
	struct utsname u;
	char *os = NULL;
	int rc = -1;

	/* what slurmd reports as Arch and OS for scontrol show node */
	if (uname(&u) == 0) {
		r.arch = u.machine;
		os = xasprintf("%s %s %s", u.sysname, u.release, u.version);
		r.os = os;
	}
	jobs_fill_register(nd, &r);
	fields = buf_new(256);
	wire_pack_register_fields(fields, &r);
	if (nd->auth) {
		/* the credential covers the fields, as the controller checks */
		if (auth_sign(nd->auth, WIRE_NODE_REGISTER, fields->data,
			      buf_len(fields), AUTH_UID_ANY, &sec,
			      &sec_len) < 0) {
			log_err("cannot make a MUNGE credential: %s",
				err_msg());
			goto out;
		}
		if (auth_parse(sec, sec_len, &cred, &used) < 0 || !cred.munge) {
			log_err("bad MUNGE credential: %s", err_msg());
			goto out;
		}
		r.cred = xstrdup(cred.munge);
	}
	b = wire_frame_begin(WIRE_NODE_REGISTER);
	wire_pack_register(b, &r);
	rc = send_frame(nd, b);
	log_debug("registering with %s: %u running, %u ended jobs",
		  cur_name(nd), r.nrunning, r.nended);
out:
	free(r.cred);
	free(sec);
	free(os);
	buf_free(fields);
	jobs_free_register(&r);
	return rc;
}

static void send_heartbeat(evutil_socket_t fd, short what, void *arg)
{
	struct nd *nd = arg;
	struct wire_heartbeat hb;
	buf_t *b;

	if (nd->conn.state != CONN_READY)
		return;
	resources_heartbeat(nd, &hb);
	b = wire_frame_begin(WIRE_NODE_HEARTBEAT);
	wire_pack_heartbeat(b, &hb);
	send_frame(nd, b);
}

static void resend(evutil_socket_t fd, short what, void *arg)
{
	struct nd *nd = arg;

	if (nd->conn.state == CONN_READY) {
		jobs_report(nd);
		steps_report(nd);
	}
}

static void on_register_timeout(evutil_socket_t fd, short what, void *arg)
{
	conn_fail(arg, true, "no answer to the registration");
}

/* ---- messages from the controller ----------------------------------- */

static void on_register_ok(struct nd *nd, buf_t *body)
{
	struct nd_conn *c = &nd->conn;
	struct wire_register_ok ok;
	struct timeval tv;

	if (wire_unpack_register_ok(body, &ok) < 0) {
		conn_fail(nd, true, err_msg());
		return;
	}
	evtimer_del(c->reg_ev);
	c->state = CONN_READY;
	c->backoff_ms = 0;
	c->fails = 0;
	if (ok.cluster && *ok.cluster) {
		free(nd->cluster);
		nd->cluster = xstrdup(ok.cluster);
	}
	c->hb_interval = ok.heartbeat_interval ? ok.heartbeat_interval :
			 nd->conf->heartbeat_interval;
	if (!c->hb_interval)
		c->hb_interval = 30;
	log_info("registered node %s with controller %s (cluster %s, "
		 "heartbeat every %u s)", nd->node_name, cur_name(nd),
		 nd->cluster ? nd->cluster : "?", c->hb_interval);
	tv = (struct timeval){ c->hb_interval, 0 };
	event_add(c->hb_ev, &tv);
	tv = (struct timeval){ RESEND_INTERVAL, 0 };
	event_add(c->resend_ev, &tv);
	if (ok.nkill)
		jobs_kill_unknown(nd, ok.kill, ok.nkill);
	jobs_report(nd);
	steps_report(nd);
	wire_register_ok_free(&ok);
}

static void on_refused(struct nd *nd, buf_t *body)
{
	struct wire_error e;

	if (wire_unpack_error(body, &e) < 0) {
		conn_fail(nd, true, err_msg());
		return;
	}
	log_err("controller %s refused node %s: %s", cur_name(nd),
		nd->node_name, e.message ? e.message : "(no reason given)");
	wire_error_free(&e);
	conn_close(nd);
	nd_stop(nd, 1);
}

/* "host:port", "[v6]:port" or "host" */
static int parse_hint(const char *s, uint16_t dflt, struct nd_ctl *out)
{
	const char *colon;
	char *end;
	unsigned long port = dflt;

	if (!s || !*s)
		return -1;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close)
			return -1;
		out->host = xstrndup(s + 1, (size_t)(close - s - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			colon = NULL;	/* bare IPv6 address */
		out->host = colon ? xstrndup(s, (size_t)(colon - s)) :
			    xstrdup(s);
	}
	if (colon) {
		port = strtoul(colon + 1, &end, 10);
		if (*end || port == 0 || port > 65535) {
			free(out->host);
			out->host = NULL;
			return -1;
		}
	}
	out->port = (uint16_t)port;
	return 0;
}

static void on_not_leader(struct nd *nd, buf_t *body)
{
	struct nd_conn *c = &nd->conn;
	struct wire_error e;
	struct nd_ctl hint = { 0 };
	bool from_hint = c->cur == &c->hint;
	long leader = -1;

	if (wire_unpack_error(body, &e) < 0) {
		conn_fail(nd, true, err_msg());
		return;
	}
	log_info("controller %s is not the leader%s%s", cur_name(nd),
		 e.message && *e.message ? "; leader is " : "",
		 e.message ? e.message : "");
	if (parse_hint(e.message, nd->conf->controller_port, &hint) < 0)
		hint.host = NULL;
	/* A bare host names the leader by the address its controllers
	 * share: take our own entry for it, with its port. */
	if (hint.host && !strchr(e.message, ':')) {
		for (size_t i = 0; i < nd->nctls; i++)
			if (!strcmp(nd->ctls[i].host, hint.host))
				leader = (long)i;
		free(hint.host);
		hint.host = NULL;
	}
	wire_error_free(&e);
	conn_fail(nd, true, "not the leader");
	if (leader >= 0 && !from_hint && c->backoff_ms <= 2 * BACKOFF_FIRST_MS) {
		c->ctl = (size_t)leader;
		evtimer_del(c->retry_ev);
		schedule(nd, 0);
		return;
	}
	if (hint.host) {
		free(c->hint.host);
		c->hint = hint;
		if (!from_hint) {
			/* go straight to the leader */
			evtimer_del(c->retry_ev);
			schedule(nd, 0);
		}
	}
}

static void on_launch(struct nd *nd, buf_t *body)
{
	struct wire_launch m;

	if (wire_unpack_launch(body, &m) < 0) {
		log_warn("bad JOB_LAUNCH: %s", err_msg());
		wire_launch_free(&m);
		return;
	}
	jobs_launch(nd, &m);
	wire_launch_free(&m);
}

static void on_signal(struct nd *nd, buf_t *body, bool terminate)
{
	struct wire_signal s;

	if (wire_unpack_signal(body, &s) < 0) {
		log_warn("bad signal request: %s", err_msg());
		return;
	}
	if (terminate)
		jobs_terminate(nd, &s);
	else
		jobs_signal(nd, &s);
}

static void on_end_ack(struct nd *nd, buf_t *body)
{
	struct wire_job_event ev;

	if (wire_unpack_job_event(body, &ev) < 0) {
		log_warn("bad JOB_END_ACK: %s", err_msg());
		wire_job_event_free(&ev);
		return;
	}
	jobs_end_ack(nd, ev.job_id);
	wire_job_event_free(&ev);
}

static void on_notify(struct nd *nd, buf_t *body)
{
	struct wire_job_event ev;

	if (wire_unpack_job_event(body, &ev) < 0) {
		log_warn("bad JOB_NOTIFY: %s", err_msg());
		wire_job_event_free(&ev);
		return;
	}
	jobs_notify(nd, ev.job_id, ev.message);
	wire_job_event_free(&ev);
}

static void on_step_end_ack(struct nd *nd, buf_t *body)
{
	struct wire_step_event ev;

	if (wire_unpack_step_event(body, &ev) < 0) {
		log_warn("bad STEP_END_ACK: %s", err_msg());
		return;
	}
	steps_end_ack(nd, ev.job_id, ev.step_id);
	wire_step_event_free(&ev);
}

static void on_step_signal(struct nd *nd, buf_t *body)
{
	struct wire_step_signal s;

	if (wire_unpack_step_signal(body, &s) < 0) {
		log_warn("bad STEP_SIGNAL: %s", err_msg());
		return;
	}
	if (s.signal == 0 || s.signal >= NSIG) {
		log_warn("STEP_SIGNAL for %u.%u with bad signal %u; ignored",
			 s.job_id, s.step_id, s.signal);
		return;
	}
	/* the controller stops the step (scancel, its job's end, a time
	 * limit) and says why */
	if (s.signal == SIGKILL)
		steps_say_stop(nd, s.job_id, s.step_id, s.reason);
	/* a step that is not (or no longer) here: nothing to do */
	if (steps_signal(nd, s.job_id, s.step_id, (int)s.signal,
			 s.kill_wait) < 0)
		log_debug("STEP_SIGNAL: %s", err_msg());
}

static void on_error(struct nd *nd, buf_t *body)
{
	struct wire_error e;

	if (wire_unpack_error(body, &e) == 0)
		log_warn("controller %s: %s", cur_name(nd),
			 e.message ? e.message : "error");
	wire_error_free(&e);
}

static void dispatch(struct nd *nd, uint16_t type, buf_t *body)
{
	enum nd_conn_state st = nd->conn.state;

	log_trace("got %s from %s", wire_type_name(type), cur_name(nd));
	switch (type) {
	case WIRE_REGISTER_OK:
	case WIRE_REGISTER_REFUSED:
	case WIRE_NOT_LEADER:
		if (st != CONN_REGISTERING && type != WIRE_NOT_LEADER)
			break;
		if (type == WIRE_REGISTER_OK)
			on_register_ok(nd, body);
		else if (type == WIRE_REGISTER_REFUSED)
			on_refused(nd, body);
		else
			on_not_leader(nd, body);
		return;
	case WIRE_JOB_LAUNCH:
	case WIRE_JOB_SIGNAL:
	case WIRE_JOB_TERMINATE:
	case WIRE_JOB_END_ACK:
	case WIRE_JOB_NOTIFY:
		if (st != CONN_READY)
			break;
		if (type == WIRE_JOB_LAUNCH)
			on_launch(nd, body);
		else if (type == WIRE_JOB_NOTIFY)
			on_notify(nd, body);
		else if (type == WIRE_JOB_END_ACK)
			on_end_ack(nd, body);
		else
			on_signal(nd, body, type == WIRE_JOB_TERMINATE);
		return;
	case WIRE_STEP_END_ACK:
	case WIRE_STEP_SIGNAL:
		if (st != CONN_READY)
			break;
		if (type == WIRE_STEP_END_ACK)
			on_step_end_ack(nd, body);
		else
			on_step_signal(nd, body);
		return;
	case WIRE_NODE_REBOOT:
		if (st != CONN_READY)
			break;
		nd_reboot(nd);
		return;
	case WIRE_ERROR:
		on_error(nd, body);
		return;
	default:
		log_warn("controller %s sent unknown message type %u; ignored",
			 cur_name(nd), type);
		return;
	}
	log_warn("controller %s sent %s out of turn; ignored", cur_name(nd),
		 wire_type_name(type));
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct nd *nd = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	unsigned gen = nd->conn.gen;

	for (;;) {
		size_t len = evbuffer_get_length(in);
		const uint8_t *data;
		uint16_t type;
		buf_t body;
		long n;

		if (len < 4)
			return;
		data = evbuffer_pullup(in, 4);
		n = wire_frame_complete(data, 4);
		if (n < 0) {
			conn_fail(nd, true, err_msg());
			return;
		}
		/* only the length is there yet: ask for the whole frame */
		n = (long)((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
			   (uint32_t)data[2] << 8 | data[3]) + 4;
		if (len < (size_t)n)
			return;
		data = evbuffer_pullup(in, n);
		if (wire_frame_parse(data, (size_t)n, &type, &body) < 0) {
			conn_fail(nd, true, err_msg());
			return;
		}
		dispatch(nd, type, &body);
		if (nd->conn.gen != gen)
			return;		/* closed meanwhile */
		evbuffer_drain(in, (size_t)n);
	}
}

static void tune_socket(int fd)
{
	int one = 1, idle = 10, intvl = 5, cnt = 3;
	unsigned timeout_ms = 30000;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* notice a controller host that vanished without a word */
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &timeout_ms,
		   sizeof(timeout_ms));
}

static int connect_next_addr(struct nd *nd);

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct nd *nd = arg;
	struct nd_conn *c = &nd->conn;
	struct timeval tv = { REGISTER_TIMEOUT, 0 };
	char why[256];

	if (what & BEV_EVENT_CONNECTED) {
		tune_socket(bufferevent_getfd(bev));
		bufferevent_set_timeouts(bev, NULL, NULL);
		c->state = CONN_REGISTERING;
		log_debug("connected to controller %s", cur_name(nd));
		if (send_register(nd) < 0) {
			conn_fail(nd, false, "cannot send the registration");
			return;
		}
		evtimer_add(c->reg_ev, &tv);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		snprintf(why, sizeof(why), "timed out");
	else if (what & BEV_EVENT_EOF)
		snprintf(why, sizeof(why), "connection closed");
	else
		snprintf(why, sizeof(why), "%s",
			 evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	if (c->state == CONN_CONNECTING && c->ai_next) {
		log_debug("controller %s: %s", cur_name(nd), why);
		bufferevent_free(c->bev);
		c->bev = NULL;
		if (connect_next_addr(nd) == 0)
			return;
	}
	conn_fail(nd, true, why);
}

static int connect_next_addr(struct nd *nd)
{
	struct nd_conn *c = &nd->conn;
	struct timeval tv = { CONNECT_TIMEOUT, 0 };

	while (c->ai_next) {
		struct addrinfo *ai = c->ai_next;
		int fd;

		c->ai_next = ai->ai_next;
		fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
			    SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		c->bev = bufferevent_socket_new(nd->base, fd,
						BEV_OPT_CLOSE_ON_FREE);
		if (!c->bev) {
			close(fd);
			continue;
		}
		bufferevent_setcb(c->bev, on_read, NULL, on_event, nd);
		bufferevent_set_timeouts(c->bev, &tv, &tv);
		bufferevent_enable(c->bev, EV_READ | EV_WRITE);
		c->state = CONN_CONNECTING;
		if (bufferevent_socket_connect(c->bev, ai->ai_addr,
					       (int)ai->ai_addrlen) == 0)
			return 0;
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	return -1;
}

static void try_connect(evutil_socket_t fd, short what, void *arg)
{
	struct nd *nd = arg;
	struct nd_conn *c = &nd->conn;
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
	};
	char port[8];
	int rc;

	if (nd->stopping || c->state != CONN_IDLE)
		return;
	c->cur = c->hint.host ? &c->hint : &nd->ctls[c->ctl];
	snprintf(port, sizeof(port), "%u", c->cur->port);
	rc = getaddrinfo(c->cur->host, port, &hints, &c->ai);
	if (rc != 0) {
		char *why = xasprintf("cannot resolve %s: %s", c->cur->host,
				      gai_strerror(rc));

		c->ai = NULL;
		conn_fail(nd, true, why);
		free(why);
		return;
	}
	c->ai_next = c->ai;
	if (connect_next_addr(nd) < 0)
		conn_fail(nd, true, "cannot connect");
}

void conn_start(struct nd *nd)
{
	struct nd_conn *c = &nd->conn;

	c->retry_ev = evtimer_new(nd->base, try_connect, nd);
	c->reg_ev = evtimer_new(nd->base, on_register_timeout, nd);
	c->hb_ev = event_new(nd->base, -1, EV_PERSIST, send_heartbeat, nd);
	c->resend_ev = event_new(nd->base, -1, EV_PERSIST, resend, nd);
	schedule(nd, 0);
}

void conn_stop(struct nd *nd)
{
	struct nd_conn *c = &nd->conn;

	conn_close(nd);
	if (c->retry_ev)
		event_free(c->retry_ev);
	if (c->reg_ev)
		event_free(c->reg_ev);
	if (c->hb_ev)
		event_free(c->hb_ev);
	if (c->resend_ev)
		event_free(c->resend_ev);
	c->retry_ev = c->reg_ev = c->hb_ev = c->resend_ev = NULL;
	free(c->hint.host);
	c->hint.host = NULL;
}
