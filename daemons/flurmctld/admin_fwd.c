/* admin_fwd.c - a follower hands an admin request to the leader: it
 * connects to the leader's admin_port (the host of its Raft address),
 * authenticates with its own MUNGE credential, sends the request wrapped
 * in ADMIN_FORWARDED with the caller's uid and operator flag, and hands
 * the leader's whole reply back. Checking the caller's rights and
 * answering the client are rpc_admin.c's; the leader's side too. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "admin_fwd.h"
#include "core/err.h"
#include "core/log.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "forward.h"
#include "slurm/auth.h"
#include "wire/admin.h"
#include "wire/wire.h"

/* The leader answers a write once it is committed; a membership change
 * may take a while (the new member catches up first). */
#define AFWD_TIMEOUT_SECS 30

enum afwd_state {
	AFWD_AUTH,    /* AUTH sent; waiting for the leader's verdict */
	AFWD_SENT,    /* request sent; waiting for its answer */
};

struct afwd {
	struct ctld *c;
	enum afwd_state state;
	struct bufferevent *bev;
	buf_t *request;            /* the ADMIN_FORWARDED frame */
	admin_fwd_cb cb;
	void *arg;
	char leader[64];           /* "127.0.0.2:7000", for messages */
	struct afwd *prev, *next;  /* c->afwds */
};

static void afwd_finish(struct afwd *f, struct wire_admin_reply *rep)
{
	struct ctld *c = f->c;

	if (f->prev)
		f->prev->next = f->next;
	else
		c->afwds = f->next;
	if (f->next)
		f->next->prev = f->prev;
	if (f->bev)
		bufferevent_free(f->bev);
	buf_free(f->request);
	if (f->cb)
		f->cb(f->arg, rep);
	free(f);
}

/* Answer the caller ourselves: RC with MSG. */
static void afwd_fail(struct afwd *f, uint32_t rc, const char *msg)
{
	struct wire_admin_reply rep;

	memset(&rep, 0, sizeof(rep));
	rep.rc = rc;
	rep.error = xstrdup(msg);
	log_info("forwarding an admin request to the leader at %s: %s",
		 f->leader, msg);
	afwd_finish(f, &rep);
	wire_admin_reply_free(&rep);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct afwd *f = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct wire_admin_reply rep;
	size_t have = evbuffer_get_length(in);
	const uint8_t *data;
	uint16_t type = 0;
	buf_t body;
	long want;

	if (!have)
		return;
	data = evbuffer_pullup(in, -1);
	want = wire_frame_complete(data, have);
	if (want == 0)
		return;
	memset(&rep, 0, sizeof(rep));
	if (want < 0 || wire_frame_parse(data, (size_t)want, &type, &body) < 0 ||
	    type != WIRE_ADMIN_REPLY || wire_unpack_admin_reply(&body, &rep) < 0) {
		afwd_fail(f, ADMIN_EFAIL, "the leader sent a bad reply");
		return;
	}
	evbuffer_drain(in, (size_t)want);
	if (f->state == AFWD_AUTH) {
		if (rep.rc != ADMIN_OK) {
			char *msg = xasprintf("the leader refused this controller: %s",
					      rep.error ? rep.error : "authentication failed");

			wire_admin_reply_free(&rep);
			afwd_fail(f, ADMIN_EFAIL, msg);
			free(msg);
			return;
		}
		wire_admin_reply_free(&rep);
		f->state = AFWD_SENT;
		bufferevent_write(bev, f->request->data, buf_len(f->request));
		/* the reply may already be buffered behind the verdict */
		on_read(bev, f);
		return;
	}
	afwd_finish(f, &rep);
	wire_admin_reply_free(&rep);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct afwd *f = arg;

	if (what & BEV_EVENT_CONNECTED)
		return;
	if (what & BEV_EVENT_TIMEOUT)
		afwd_fail(f, ADMIN_EFAIL, "the leader did not answer in time; "
			  "the change may or may not have been made");
	else if (f->state == AFWD_AUTH)
		afwd_fail(f, ADMIN_ENOTLEADER, "cannot reach the leader's "
			  "admin_port");
	else
		afwd_fail(f, ADMIN_EFAIL, "the leader closed the connection "
			  "before answering; the change may or may not have "
			  "been made");
}

/* The AUTH frame: a fresh credential of this controller's user. */
static buf_t *auth_frame(struct ctld *c)
{
	struct wire_admin_auth m = { 0 };
	struct auth_cred cred;
	uint8_t *sec = NULL;
	size_t sec_len = 0, used = 0;
	buf_t *b = NULL;

	if (auth_sign(c->admin_auth, WIRE_ADMIN_AUTH, WIRE_ADMIN_AUTH_CONTEXT,
		      strlen(WIRE_ADMIN_AUTH_CONTEXT), AUTH_UID_ANY,
		      &sec, &sec_len) < 0 ||
	    auth_parse(sec, sec_len, &cred, &used) < 0)
		goto cleanup;
	m.cred = (char *)cred.munge;
	b = wire_frame_begin(WIRE_ADMIN_AUTH);
	wire_pack_admin_auth(b, &m);
	wire_frame_end(b);
cleanup:
	free(sec);
	return b;
}

int admin_fwd_call(struct ctld *c, const struct wire_admin_request *rq,
		   uid_t uid, bool is_operator, admin_fwd_cb cb, void *arg)
{
	struct wire_admin_request fw;
	struct sockaddr_in sin;
	struct timeval tv = { AFWD_TIMEOUT_SECS, 0 };
	char host[48], num[3][16];
	struct afwd *f;
	buf_t *auth;
	int rc = -1;

	memset(&fw, 0, sizeof(fw));
	if (!c->conf->admin_port || !c->admin_auth) {
		err_set("this controller does not lead, and admin requests are "
			"forwarded to the leader only when admin_port is set");
		return -1;
	}
	if (forward_leader_host(c, host, sizeof(host)) < 0) {
		err_set("no other controller is known to lead right now; try "
			"again in a moment");
		return -1;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(c->conf->admin_port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		err_set("the leader's address '%s' is not an IPv4 address", host);
		return -1;
	}
	auth = auth_frame(c);
	if (!auth) {
		err_set("cannot sign a credential to reach the leader: %s", err_msg());
		return -1;
	}
	f = xcalloc(1, sizeof(*f));
	f->c = c;
	f->cb = cb;
	f->arg = arg;
	snprintf(f->leader, sizeof(f->leader), "%s:%u", host,
		 (unsigned)c->conf->admin_port);
	/* UID OPERATOR CMD ARGS... */
	fw.seq = rq->seq;
	fw.cmd = ADMIN_FORWARDED;
	fw.nargs = rq->nargs + 3;
	fw.args = xcalloc(fw.nargs + 1, sizeof(*fw.args));
	snprintf(num[0], sizeof(num[0]), "%u", (unsigned)uid);
	snprintf(num[1], sizeof(num[1]), "%d", is_operator ? 1 : 0);
	snprintf(num[2], sizeof(num[2]), "%u", (unsigned)rq->cmd);
	for (int i = 0; i < 3; i++)
		fw.args[i] = num[i];
	for (uint32_t i = 0; i < rq->nargs; i++)
		fw.args[i + 3] = rq->args[i];
	f->request = wire_frame_begin(WIRE_ADMIN_REQUEST);
	wire_pack_admin_request(f->request, &fw);
	wire_frame_end(f->request);
	free(fw.args);

	f->bev = bufferevent_socket_new(c->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!f->bev) {
		err_set("cannot make a connection to the leader");
		goto cleanup;
	}
	bufferevent_setcb(f->bev, on_read, NULL, on_event, f);
	bufferevent_set_timeouts(f->bev, &tv, &tv);
	if (bufferevent_socket_connect(f->bev, (struct sockaddr *)&sin,
				       sizeof(sin)) < 0) {
		err_set("cannot connect to the leader's admin_port at %s",
			f->leader);
		goto cleanup;
	}
	bufferevent_write(f->bev, auth->data, buf_len(auth));
	bufferevent_enable(f->bev, EV_READ);
	f->next = c->afwds;
	if (f->next)
		f->next->prev = f;
	c->afwds = f;
	log_debug("admin %s for uid %u forwarded to the leader at %s",
		  wire_admin_cmd_name(rq->cmd), (unsigned)uid, f->leader);
	rc = 0;
cleanup:
	buf_free(auth);
	if (rc < 0) {
		if (f->bev)
			bufferevent_free(f->bev);
		buf_free(f->request);
		free(f);
	}
	return rc;
}

void admin_fwd_close_all(struct ctld *c)
{
	while (c->afwds)
		afwd_fail(c->afwds, ADMIN_EFAIL, "this controller is stopping");
}
