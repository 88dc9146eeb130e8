/* forward.h - a follower hands Slurm requests to the leader and relays
 * the leader's answer; requests that arrive while no controller serves
 * wait here for one. See forward.c. */
#ifndef FLURM_CTLD_FORWARD_H
#define FLURM_CTLD_FORWARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ctld;
struct sconn;
struct fwd;

/* A controller-to-controller envelope on the Slurm port: the client's
 * whole frame, with the identity the forwarding controller verified from
 * the client's credential, under that controller's own credential. Not a
 * Slurm message type: stock clients never send it. */
#define FWD_MSG_TYPE 0xF10A

/* What the client asked for, as forward_request() takes it. */
struct fwd_req {
	const uint8_t *frame;   /* the client's frame, without length prefix */
	size_t len;
	uint16_t msg_type;
	uid_t uid;              /* verified from the client's credential */
	gid_t gid;
	/* A change's request id (0 for reads): the first controller that
	 * got it picks one, the envelope carries it and the leader proposes
	 * the change under it (CMD_ONCE), so that sending it again after an
	 * uncertain answer cannot do it twice. */
	uint64_t req_id;
	/* The client's IP address as text ("" when unknown): the leader
	 * sends salloc's and srun's callbacks there, not to the follower
	 * that forwarded the request. */
	char client[46];
};

/* Serve SC's request through the leader: now if one is known, else once
 * one is (at most FWD_WAIT_MS). A change gets a request id if it has
 * none; it is sent again (to the next leader) when the leader goes away
 * before answering or says it does not know the outcome, until an
 * answer is definite or FWD_WAIT_MS have passed. The answer goes to SC through
 * slurm_conn_relay() or slurm_conn_fail(); if this controller becomes the
 * serving leader meanwhile, slurm_conn_serve() runs the request here.
 * Returns the forward, which SC must drop with forward_detach() if it
 * goes away first. */
struct fwd *forward_request(struct ctld *c, struct sconn *sc,
			    const struct fwd_req *rq);
/* SC is gone: the forward finishes without it. */
void forward_detach(struct fwd *f);
/* Leadership or the known leader changed: waiting requests go on. */
void forward_kick(struct ctld *c);
/* Shutdown: every waiting or running forward fails. */
void forward_close_all(struct ctld *c);
/* Requests waiting for a leader or for its answer right now. */
uint32_t forward_count(const struct ctld *c);

/* Another controller leads: the host of its Raft address into HOST (the
 * address clients and node daemons reach it at). -1 when no other
 * controller is known to lead. */
int forward_leader_host(struct ctld *c, char *host, size_t size);

/* Requests that take effect once per request id: the leader proposes
 * their one command under it (CMD_ONCE), so they may be sent again. */
bool forward_once_safe(uint16_t msg_type);
/* A new request id: random, never 0. */
uint64_t forward_new_id(void);

/* On the leader: open an envelope's BODY. Sets *rq (frame points into
 * BODY); -1 with err_msg() when it is malformed. Envelopes without the
 * client's address (from older controllers) leave rq->client empty. */
int forward_unwrap(const uint8_t *body, size_t len, struct fwd_req *rq);

/* Provided by rpc_slurm.c for this module. */
/* Send the leader's whole answer (length prefix included) to the client
 * as it is, then close. */
void slurm_conn_relay(struct sconn *sc, const uint8_t *data, size_t len);
/* Answer RC ourselves. */
void slurm_conn_fail(struct sconn *sc, int rc);
/* We serve now: run the request here. */
void slurm_conn_serve(struct sconn *sc, const struct fwd_req *rq);

#endif
