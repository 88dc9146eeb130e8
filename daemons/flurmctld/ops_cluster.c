/* ops_cluster.c - leadership transfer between controllers, for
 * `flurmsh cluster transfer` and for a leader stopped with SIGTERM.
 * c-raft 0.15 transfers can fail silently (TimeoutNow sent to a follower
 * that is not up to date, fixed only in 0.18): the transfer callback is
 * only a hint, so we pick an up-to-date, reachable target ourselves,
 * re-check who leads afterwards and try again a few times. Membership
 * display is rpc_admin.c's. */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"

#define TRANSFER_TRIES 3
#define MAX_MEMBERS 16

/* After c-raft's callback, how long to wait for another controller to
 * be known as leader, and how often to look. */
#define SETTLE_MS 3000
#define SETTLE_STEP_MS 50

struct xfer {
	struct ctld *c;
	struct op_ctx ctx;
	uint64_t want;             /* asked for; 0: any */
	uint64_t target;           /* this try's */
	int tries;
	struct event *settle_ev;   /* watching who leads after the callback */
	int settle_steps;
};

/* The voter to hand leadership to: WANT if it is one, else the
 * reachable voter with the longest log. 0 with err_msg() if none. */
static uint64_t pick_target(struct ctld *c, uint64_t want)
{
	struct rnode_member m[MAX_MEMBERS];
	size_t n = rnode_members(c->raft, m, MAX_MEMBERS);
	uint64_t self = rnode_id(c->raft), best = 0, best_idx = 0;

	if (n > MAX_MEMBERS)
		n = MAX_MEMBERS;
	for (size_t i = 0; i < n; i++) {
		if (m[i].id == self || !m[i].voter)
			continue;
		if (want && m[i].id != want)
			continue;
		/* an operator's choice is tried even when it has not
		 * answered lately (the flag is reset every election timeout
		 * and a busy host may miss one); whether it took over is
		 * checked afterwards */
		if (!m[i].reachable && !want)
			continue;
		if (!best || m[i].match_index > best_idx) {
			best = m[i].id;
			best_idx = m[i].match_index;
		}
	}
	if (!best && want && want == self)
		err_set("controller %llu already leads", (unsigned long long)want);
	else if (!best && want)
		err_set("controller %llu is not a voter of this cluster",
			(unsigned long long)want);
	else if (!best)
		err_set("no other controller is reachable to take over");
	return best;
}

static int try_transfer(struct xfer *x);

static void xfer_finish(struct xfer *x, int rc, const char *msg)
{
	if (x->settle_ev)
		event_free(x->settle_ev);
	x->ctx.done(x->ctx.arg, rc, msg);
	free(x);
}

/* This try did not move leadership: try again, or give up. */
static void xfer_retry(struct xfer *x, const char *why)
{
	log_warn("leadership transfer to %llu did not happen (%s); %s",
		 (unsigned long long)x->target, why,
		 x->tries < TRANSFER_TRIES ? "trying again" : "giving up");
	if (x->tries >= TRANSFER_TRIES || try_transfer(x) < 0)
		xfer_finish(x, OP_EFAIL, "leadership did not move; this "
			    "controller still leads");
}

/* Stepping down is not enough: under load c-raft 0.15 may send
 * TimeoutNow to a follower that is behind, which then loses its
 * election, and after a timeout this controller is elected again. Done
 * only once another controller is known to lead. */
static void settle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct xfer *x = arg;
	struct ctld *c = x->c;
	uint64_t lid = rnode_leader(c->raft, NULL);
	struct timeval tv = { 0, SETTLE_STEP_MS * 1000 };

	if (c->stopping) {
		xfer_finish(x, OP_OK, NULL);
		return;
	}
	if (rnode_is_leader(c->raft)) {
		xfer_retry(x, "this controller was elected again");
		return;
	}
	if (lid && lid != rnode_id(c->raft)) {
		log_info("leadership handed over to controller %llu (asked "
			 "for %llu)", (unsigned long long)lid,
			 (unsigned long long)x->target);
		xfer_finish(x, OP_OK, NULL);
		return;
	}
	if (++x->settle_steps * SETTLE_STEP_MS >= SETTLE_MS) {
		xfer_finish(x, OP_EFAIL, "no controller leads after the "
			    "transfer; an election is under way");
		return;
	}
	evtimer_add(x->settle_ev, &tv);
}

static void transfer_cb(void *arg, int status)
{
	struct xfer *x = arg;
	struct ctld *c = x->c;

	/* advisory: what counts is who leads afterwards */
	if (!rnode_is_leader(c->raft) && !c->stopping) {
		x->settle_steps = 0;
		if (!x->settle_ev)
			x->settle_ev = evtimer_new(c->base, settle_cb, x);
		settle_cb(-1, 0, x);
		return;
	}
	if (!rnode_is_leader(c->raft)) {
		xfer_finish(x, OP_OK, NULL);
		return;
	}
	xfer_retry(x, rnode_strerror(status));
}

/* -1 with err_msg() when no transfer could be started (X is kept). */
static int try_transfer(struct xfer *x)
{
	struct ctld *c = x->c;

	x->target = pick_target(c, x->want);
	if (!x->target)
		return -1;
	x->tries++;
	log_info("handing leadership to controller %llu (try %d)",
		 (unsigned long long)x->target, x->tries);
	/* an immediate refusal runs transfer_cb, which decides */
	rnode_transfer(c->raft, x->target, transfer_cb, x);
	return 0;
}

int op_cluster_transfer(struct ctld *c, const struct op_ctx *ctx,
			uint64_t target)
{
	struct xfer *x;

	if (!ctx->is_operator) {
		err_set("only operators may move leadership");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("this controller does not lead; ask the leader");
		return OP_ENOTLEADER;
	}
	if (target && target == rnode_id(c->raft)) {
		err_set("controller %llu already leads",
			(unsigned long long)target);
		return OP_EINVAL;
	}
	if (!pick_target(c, target))
		return target ? OP_EINVAL : OP_EBUSY;
	x = xcalloc(1, sizeof(*x));
	x->c = c;
	x->ctx = *ctx;
	x->want = target;
	if (try_transfer(x) < 0) {
		free(x);
		return OP_EBUSY;
	}
	return 0;
}
