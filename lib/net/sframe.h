/* sframe.h - reading one Slurm request frame from a listener connection,
 * for every Slurm port (the controller's and the node's): the length
 * prefix against a cap, the header and credential checked before any of
 * the body is taken, a per-type body limit, and a refused request
 * answered only after its body has been read past. Who may send what,
 * dispatching and answering are the owner's, through sframe_ops. */
#ifndef FLURM_SFRAME_H
#define FLURM_SFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "slurm/auth.h"
#include "slurm/proto.h"

struct lconn;
struct bufferevent;

struct sframe_ops {
	/* the largest body a request of TYPE may have */
	uint32_t (*body_limit)(void *arg, uint16_t type);
	/* open the credential of head M into IDENT: 0, or -1 (logged by
	 * the owner) to refuse with an authentication error */
	int (*authenticate)(void *arg, const struct slurm_msg *m,
			    const struct auth_cred *cred,
			    struct auth_ident *ident);
	/* optional, used instead of authenticate: start opening the
	 * credential of head M (CRED's strings are valid during the call
	 * only) and return 0, then call sframe_authed() with the outcome
	 * from a later loop callback; or -1 (logged by the owner) to refuse
	 * at once. Nothing more of the frame is read meanwhile. */
	int (*authenticate_start)(void *arg, const struct slurm_msg *m,
				  const struct auth_cred *cred);
	/* the whole frame (after the length prefix) of an accepted sender */
	void (*dispatch)(void *arg, const uint8_t *frame, size_t len);
	/* answer with a return code alone, then close */
	void (*reply_rc)(void *arg, int rc);
	/* close without an answer (the sender is not speaking Slurm) */
	void (*drop)(void *arg);
};

enum sframe_phase {
	SFRAME_HEAD,     /* waiting for length, header and credential */
	SFRAME_AUTH,     /* credential being opened (authenticate_start) */
	SFRAME_BODY,     /* sender known: waiting for the rest of the frame */
	SFRAME_DISCARD,  /* reading past a body we will not take */
};

struct sframe {
	const struct sframe_ops *ops;
	void *arg;
	struct lconn *lc;
	struct bufferevent *bev;
	const char *peer;
	uint32_t max_frame;        /* largest frame accepted */
	uint32_t head_max;         /* header and credential within this */
	enum sframe_phase phase;
	uint16_t msg_type;
	uint32_t frame_len;        /* bytes after the length prefix */
	uint32_t head_len;         /* header and auth section */
	uint32_t body_length;      /* the body the header announces */
	uint32_t body_max;         /* body_limit() of the request's type */
	uint32_t discard_left;     /* SFRAME_DISCARD: body bytes to drop */
	int discard_rc;            /* SFRAME_DISCARD: the answer after that */
	struct auth_ident ident;   /* the credential, opened before the body */
	bool peer_done;            /* the sender shut its side: no more input */
};

/* Start reading frames on LC; PEER must outlive F. */
void sframe_init(struct sframe *f, struct lconn *lc, const char *peer,
		 uint32_t max_frame, uint32_t head_max,
		 const struct sframe_ops *ops, void *arg);
/* More input arrived: take what the current phase needs. */
void sframe_read(struct sframe *f);

/* The credential authenticate_start() began to open: IDENT, or NULL if
 * it was refused (answered with an authentication error). */
void sframe_authed(struct sframe *f, const struct auth_ident *ident);

/* The sender shut its side (see lconn_ops.peer_done). True when the frame
 * may still be answered: its credential is being opened, and whatever
 * of it arrived is read once it is; a frame then found cut short is
 * dropped, a refused one answered at once. False when it never will be
 * (the frame is incomplete). */
bool sframe_peer_done(struct sframe *f);

#endif
