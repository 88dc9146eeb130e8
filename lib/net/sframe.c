/* sframe.c - one Slurm request frame from a listener connection (see
 * sframe.h); what the request means is the owner's. */
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "net/listener.h"
#include "net/sframe.h"
#include "slurm/errnos.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"

void sframe_init(struct sframe *f, struct lconn *lc, const char *peer,
		 uint32_t max_frame, uint32_t head_max,
		 const struct sframe_ops *ops, void *arg)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->arg = arg;
	f->lc = lc;
	f->bev = lconn_bev(lc);
	f->peer = peer;
	f->max_frame = max_frame;
	f->head_max = head_max;
	f->phase = SFRAME_HEAD;
	bufferevent_setwatermark(f->bev, EV_READ, 0, 4 + head_max);
}

/* Read past the body of a request we will not serve, so that the client,
 * still writing it, then reads our answer instead of a reset. */
static void discard_read(struct sframe *f)
{
	struct evbuffer *in = bufferevent_get_input(f->bev);
	size_t have = evbuffer_get_length(in);
	size_t n = have < f->discard_left ? have : f->discard_left;

	evbuffer_drain(in, n);
	f->discard_left -= (uint32_t)n;
	if (f->discard_left == 0 || f->peer_done) {
		evbuffer_drain(in, evbuffer_get_length(in));
		f->ops->reply_rc(f->arg, f->discard_rc);
	}
}

/* Answer RC once the rest of the frame (BODY_LEN more bytes after what
 * the head held, at most LIMIT) has been read; a body over LIMIT is not
 * waited for. */
static void refuse_request(struct sframe *f, int rc, size_t head_len,
			   uint32_t body_len, uint32_t limit)
{
	struct evbuffer *in = bufferevent_get_input(f->bev);

	if (body_len > limit) {
		f->ops->reply_rc(f->arg, rc);
		return;
	}
	evbuffer_drain(in, 4 + head_len);
	f->phase = SFRAME_DISCARD;
	f->discard_left = body_len;
	f->discard_rc = rc;
	discard_read(f);
}

static void body_read(struct sframe *f)
{
	struct evbuffer *in = bufferevent_get_input(f->bev);
	uint32_t n = f->frame_len;
	uint8_t *frame;

	if (evbuffer_get_length(in) < (size_t)n + 4) {
		if (f->peer_done) {
			f->ops->drop(f->arg);
			return;
		}
		bufferevent_setwatermark(f->bev, EV_READ, (size_t)n + 4, 0);
		return;
	}
	bufferevent_setwatermark(f->bev, EV_READ, 0, 0);
	frame = xmalloc(n);
	evbuffer_drain(in, 4);
	evbuffer_remove(in, frame, n);
	evbuffer_drain(in, evbuffer_get_length(in));
	lconn_set_state(f->lc, CL_BUSY);
	f->ops->dispatch(f->arg, frame, n);
	free(frame);
}

/* The sender is known: take the body unless it is over its limit. */
static void authed(struct sframe *f)
{
	lconn_set_state(f->lc, CL_AUTHED);
	if (f->body_length > f->body_max) {
		log_warn_limited("%s: %s from uid %u: body of %u bytes is over "
				 "its limit of %u", f->peer,
				 slurm_msg_type_name(f->msg_type),
				 (unsigned)f->ident.uid, f->body_length,
				 f->body_max);
		refuse_request(f, SLURM_PROTOCOL_INSANE_MSG_LENGTH,
			       f->head_len, f->body_length, f->max_frame);
		return;
	}
	f->phase = SFRAME_BODY;
	body_read(f);
}

/* The length, header and credential: the sender is checked here, before
 * anything of the body is taken. */
static void head_read(struct sframe *f)
{
	struct evbuffer *in = bufferevent_get_input(f->bev);
	size_t have = evbuffer_get_length(in), avail;
	struct slurm_msg m;
	struct auth_cred cred;
	uint8_t head[4];
	const uint8_t *data;
	uint32_t n, limit;
	int rc;

	if (have < 4)
		return;
	evbuffer_copyout(in, head, 4);
	n = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
	    (uint32_t)head[2] << 8 | head[3];
	/* two kinds of line: a flood of one does not hide the other */
	if (n < SLURM_MIN_FRAME) {
		log_warn_limited("%s: refusing frame of %u bytes: too short for "
				 "a header", f->peer, n);
		f->ops->drop(f->arg);
		return;
	}
	if (slurm_frame_len_check(n) < 0 || n > f->max_frame) {
		log_warn_limited("%s: refusing frame of %u bytes (limit %u)",
				 f->peer, n, f->max_frame);
		f->ops->drop(f->arg);
		return;
	}
	avail = have - 4;
	if (avail > n)
		avail = n;
	if (avail > f->head_max)
		avail = f->head_max;
	data = evbuffer_pullup(in, (ssize_t)(4 + avail));
	rc = slurm_msg_parse_head(data + 4, avail, n, &m);
	if (rc == 1 && avail >= f->head_max) {
		log_warn_limited("%s: no header and credential in the first %u "
				 "bytes of a frame", f->peer, f->head_max);
		f->ops->drop(f->arg);
		return;
	}
	if (rc == 1)
		return;         /* the high watermark keeps it to head_max */
	if (rc < 0) {
		log_warn_limited("%s: bad Slurm message: %s", f->peer,
				 err_msg());
		f->ops->drop(f->arg);
		return;
	}
	f->msg_type = m.msg_type;
	f->frame_len = n;
	limit = f->ops->body_limit(f->arg, m.msg_type);
	memset(&cred, 0, sizeof(cred));
	cred.plugin_id = m.auth_plugin;
	cred.munge = m.cred;
	cred.uid = m.auth_uid;
	cred.gid = m.auth_gid;
	cred.host = m.auth_host;
	f->head_len = m.header_len + m.auth_len;
	f->body_length = m.body_length;
	f->body_max = limit;
	if (f->ops->authenticate_start) {
		f->phase = SFRAME_AUTH;
		if (f->ops->authenticate_start(f->arg, &m, &cred) < 0)
			sframe_authed(f, NULL);
		return;
	}
	if (f->ops->authenticate(f->arg, &m, &cred, &f->ident) < 0) {
		refuse_request(f, SLURM_PROTOCOL_AUTHENTICATION_ERROR,
			       f->head_len, m.body_length, limit);
		return;
	}
	authed(f);
}

void sframe_authed(struct sframe *f, const struct auth_ident *ident)
{
	if (f->phase != SFRAME_AUTH)
		return;
	if (!ident) {
		refuse_request(f, SLURM_PROTOCOL_AUTHENTICATION_ERROR,
			       f->head_len, f->body_length, f->body_max);
		return;
	}
	f->ident = *ident;
	authed(f);
}

bool sframe_peer_done(struct sframe *f)
{
	f->peer_done = true;
	return f->phase == SFRAME_AUTH;
}

void sframe_read(struct sframe *f)
{
	switch (f->phase) {
	case SFRAME_HEAD:
		head_read(f);
		break;
	case SFRAME_AUTH:
		break;          /* the rest waits for the credential */
	case SFRAME_BODY:
		body_read(f);
		break;
	case SFRAME_DISCARD:
		discard_read(f);
		break;
	}
}
