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

struct xfer {
	struct ctld *c;
	struct op_ctx ctx;
	uint64_t want;             /* asked for; 0: any */
	uint64_t target;           /* this try's */
	int tries;
};

/* The voter to hand leadership to: WANT if it can take it, else the
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
		if (!m[i].reachable) {
			if (want) {
				err_set("controller %llu has not been heard "
					"from lately", (unsigned long long)want);
				return 0;
			}
			continue;
		}
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
	x->ctx.done(x->ctx.arg, rc, msg);
	free(x);
}

static void transfer_cb(void *arg, int status)
{
	struct xfer *x = arg;
	struct ctld *c = x->c;

	/* advisory: what counts is who leads now */
	if (!rnode_is_leader(c->raft)) {
		log_info("leadership handed over (asked for %llu)",
			 (unsigned long long)x->target);
		xfer_finish(x, OP_OK, NULL);
		return;
	}
	log_warn("leadership transfer to %llu did not happen (%s); %s",
		 (unsigned long long)x->target, rnode_strerror(status),
		 x->tries < TRANSFER_TRIES ? "trying again" : "giving up");
	if (x->tries >= TRANSFER_TRIES || try_transfer(x) < 0)
		xfer_finish(x, OP_EFAIL, "leadership did not move; this "
			    "controller still leads");
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
