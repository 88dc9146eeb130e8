/* ops_cluster.c - leadership transfer between controllers, for
 * `flurmsh cluster transfer` and for a leader stopped with SIGTERM.
 * c-raft 0.15 transfers can fail silently (TimeoutNow sent to a follower
 * that is not up to date, fixed only in 0.18): the transfer callback is
 * only a hint, so we pick an up-to-date, reachable target ourselves,
 * re-check who leads afterwards and try again a few times. Membership
 * changes (join, remove, leave): one at a time, through rnode; a leaving
 * follower asks the leader through admin_fwd.c. Membership display is
 * rpc_admin.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "admin_fwd.h"
#include "ctld.h"
#include "ops.h"
#include "wire/admin.h"

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
	bool in_raft;              /* rnode_transfer's callback is to come */
	struct xfer *next, **prevp;  /* in ctld->xfers */
};

/* The best voter among M: WANT if it is one, else the one with the
 * longest log, among the reachable ones only when REACHABLE_ONLY. */
static uint64_t best_voter(const struct rnode_member *m, size_t n,
			   uint64_t self, uint64_t want, bool reachable_only)
{
	uint64_t best = 0, best_idx = 0;

	for (size_t i = 0; i < n; i++) {
		if (m[i].id == self || !m[i].voter)
			continue;
		if (want && m[i].id != want)
			continue;
		if (reachable_only && !m[i].reachable)
			continue;
		if (!best || m[i].match_index > best_idx) {
			best = m[i].id;
			best_idx = m[i].match_index;
		}
	}
	return best;
}

/* The voter to hand leadership to: WANT if it is one, else the
 * reachable voter with the longest log. 0 with err_msg() if none.
 * c-raft clears its "heard from lately" flags every election timeout
 * and sets them again as answers come in, so for a moment after each
 * reset every follower looks unreachable: then the voter whose log has
 * advanced furthest is taken instead (it has answered this leader),
 * and whether it took over is checked afterwards, as always. An
 * operator's choice is tried whatever the flag says. */
static uint64_t pick_target(struct ctld *c, uint64_t want)
{
	struct rnode_member m[MAX_MEMBERS];
	size_t n = rnode_members(c->raft, m, MAX_MEMBERS);
	uint64_t self = rnode_id(c->raft), best;

	if (n > MAX_MEMBERS)
		n = MAX_MEMBERS;
	best = best_voter(m, n, self, want, !want);
	if (!best && !want) {
		best = best_voter(m, n, self, 0, false);
		for (size_t i = 0; best && i < n; i++)
			if (m[i].id == best && !m[i].match_index)
				best = 0;   /* never answered this leader */
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
	if (x->next)
		x->next->prevp = x->prevp;
	*x->prevp = x->next;
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

	x->in_raft = false;
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
	x->in_raft = true;
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
	x->next = c->xfers;
	if (x->next)
		x->next->prevp = &x->next;
	x->prevp = &c->xfers;
	c->xfers = x;
	if (try_transfer(x) < 0) {
		if (x->next)
			x->next->prevp = x->prevp;
		*x->prevp = x->next;
		free(x);
		return OP_EBUSY;
	}
	return 0;
}

void op_cluster_transfers_end(struct ctld *c)
{
	struct xfer *x = c->xfers, *next;

	for (; x; x = next) {
		next = x->next;
		/* Raft's callback comes as it closes, and finishes those */
		if (x->in_raft)
			continue;
		if (rnode_is_leader(c->raft))
			xfer_finish(x, OP_EFAIL, "this controller stops; it "
				    "still leads");
		else
			xfer_finish(x, OP_OK, NULL);
	}
}

/* ---- membership ----------------------------------------------------- */

struct mchange {
	struct ctld *c;
	struct op_ctx ctx;
	uint64_t id;
	bool add;
	bool started;      /* rnode took it: DONE is called from now on */
	int refused;       /* an immediate refusal's status */
};

static int change_refusal(int st)
{
	switch (st) {
	case RNODE_ENOTLEADER:
		return OP_ENOTLEADER;
	case RNODE_EBUSY:
		return OP_EBUSY;
	case RNODE_EINVAL:
		return OP_EINVAL;
	default:
		return OP_EFAIL;
	}
}

static void change_cb(void *arg, int status)
{
	struct mchange *m = arg;
	char *msg;

	if (!m->started) {
		/* refused before rnode_add/remove returned: the caller
		 * answers, DONE is not called */
		m->refused = status;
		return;
	}
	if (status == RNODE_OK) {
		log_info("controller %llu %s the cluster",
			 (unsigned long long)m->id,
			 m->add ? "joined" : "was removed from");
		m->ctx.done(m->ctx.arg, OP_OK, NULL);
		free(m);
		return;
	}
	msg = xstrdup(err_msg());
	log_warn("controller %llu: %s", (unsigned long long)m->id, msg);
	m->ctx.done(m->ctx.arg, change_refusal(status), msg);
	free(msg);
	free(m);
}

static int change_begin(struct ctld *c, const struct op_ctx *ctx,
			uint64_t id, const char *address)
{
	struct mchange *m;
	int rv, st;

	if (!ctx->is_operator) {
		err_set("only operators may change the controllers of the "
			"cluster");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("this controller does not lead; ask the leader");
		return OP_ENOTLEADER;
	}
	if (id == 0 || id > 255) {
		err_set("a controller id is 1..255");
		return OP_EINVAL;
	}
	m = xcalloc(1, sizeof(*m));
	m->c = c;
	m->ctx = *ctx;
	m->id = id;
	m->add = address != NULL;
	if (address)
		rv = rnode_add(c->raft, id, address, change_cb, m);
	else
		rv = rnode_remove(c->raft, id, change_cb, m);
	if (rv < 0) {
		st = m->refused;
		free(m);
		return change_refusal(st);   /* err_msg() says why */
	}
	m->started = true;
	log_info("%s: %s controller %llu%s%s", ctx->peer ? ctx->peer : "?",
		 address ? "adding" : "removing", (unsigned long long)id,
		 address ? " at " : "", address ? address : "");
	return 0;
}

/* One change at a time: said before anything about the arguments. */
static bool busy(struct ctld *c)
{
	if (!c->leader || !rnode_changing(c->raft))
		return false;
	err_set("another membership change is in progress; try again when "
		"it is done");
	return true;
}

/* Is ID a member of the configuration in use? */
static bool is_member(struct ctld *c, uint64_t id)
{
	struct rnode_member m[MAX_MEMBERS];
	size_t n = rnode_members(c->raft, m, MAX_MEMBERS);

	for (size_t i = 0; i < n && i < MAX_MEMBERS; i++)
		if (m[i].id == id)
			return true;
	return false;
}

int op_cluster_join(struct ctld *c, const struct op_ctx *ctx, uint64_t id,
		    const char *address)
{
	if (!address || !strchr(address, ':')) {
		err_set("the new controller's Raft address is HOST:PORT");
		return OP_EINVAL;
	}
	if (ctx->is_operator && busy(c))
		return OP_EBUSY;
	if (c->leader && is_member(c, id)) {
		err_set("controller %llu is already a member",
			(unsigned long long)id);
		return OP_EINVAL;
	}
	return change_begin(c, ctx, id, address);
}

int op_cluster_remove(struct ctld *c, const struct op_ctx *ctx, uint64_t id)
{
	if (ctx->is_operator && busy(c))
		return OP_EBUSY;
	if (c->leader && id == rnode_id(c->raft)) {
		err_set("controller %llu leads: run 'cluster leave' on it, or "
			"'cluster transfer' first", (unsigned long long)id);
		return OP_EINVAL;
	}
	if (c->leader && id && !is_member(c, id)) {
		err_set("controller %llu is not a member of this cluster",
			(unsigned long long)id);
		return OP_EINVAL;
	}
	return change_begin(c, ctx, id, NULL);
}

/* ---- leaving -------------------------------------------------------- */

struct leave {
	struct ctld *c;
	struct op_ctx ctx;
	char self[16];
	char *args[2];
};

static void leave_answered(void *arg, struct wire_admin_reply *rep)
{
	struct leave *l = arg;

	if (rep->rc == ADMIN_OK) {
		log_info("this controller left the cluster; stop it now");
		l->ctx.done(l->ctx.arg, OP_OK, NULL);
	} else {
		l->ctx.done(l->ctx.arg, OP_EFAIL, rep->error ? rep->error :
			    "the leader did not remove this controller");
	}
	free(l);
}

/* Ask the leader to remove this controller. -1 with err_msg(). */
static int leave_ask(struct leave *l)
{
	struct wire_admin_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.cmd = ADMIN_CLUSTER_REMOVE;
	rq.args = l->args;
	rq.nargs = 1;
	return admin_fwd_call(l->c, &rq, l->ctx.uid, l->ctx.is_operator,
			      leave_answered, l);
}

static void leave_transferred(void *arg, int rc, const char *msg)
{
	struct leave *l = arg;

	if (rc != OP_OK) {
		l->ctx.done(l->ctx.arg, rc, msg);
		free(l);
		return;
	}
	if (leave_ask(l) < 0) {
		char *why = xstrdup(err_msg());

		l->ctx.done(l->ctx.arg, OP_EFAIL, why);
		free(why);
		free(l);
	}
}

int op_cluster_leave(struct ctld *c, const struct op_ctx *ctx)
{
	struct op_ctx tx;
	struct leave *l;
	int rc;

	if (!ctx->is_operator) {
		err_set("only operators may change the controllers of the "
			"cluster");
		return OP_EPERM;
	}
	if (!is_member(c, rnode_id(c->raft))) {
		err_set("this controller is not a member of a cluster");
		return OP_EINVAL;
	}
	if (rnode_members(c->raft, NULL, 0) < 2) {
		err_set("this controller is the only one: there is no cluster "
			"to leave");
		return OP_EINVAL;
	}
	if (!c->conf->admin_port) {
		err_set("leaving needs admin_port, through which this "
			"controller asks the leader to remove it");
		return OP_EINVAL;
	}
	l = xcalloc(1, sizeof(*l));
	l->c = c;
	l->ctx = *ctx;
	l->ctx.peer = NULL;     /* the connection's name may be gone */
	snprintf(l->self, sizeof(l->self), "%llu",
		 (unsigned long long)rnode_id(c->raft));
	l->args[0] = l->self;
	if (!c->leader) {
		if (leave_ask(l) < 0) {
			free(l);
			return OP_ENOTLEADER;
		}
		return 0;
	}
	/* the leader cannot remove itself cleanly: hand over first */
	tx = *ctx;
	tx.done = leave_transferred;
	tx.arg = l;
	rc = op_cluster_transfer(c, &tx, 0);
	if (rc != 0)
		free(l);
	return rc;
}
