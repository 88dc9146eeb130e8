/* ops_node.c - operations on nodes: drain, resume, undrain and down, for
 * scontrol update NodeName= and flurmsh alike; adding a node slurm.conf
 * does not name, and removing such a node after its jobs (or now,
 * stopping them). Checks the request and the caller, proposes one
 * command, and after the commit tells node daemons what the change ended
 * and asks the scheduler to look again. Also the outcome codes every
 * operation shares (op_strerror, op_commit_rc). Decoding requests and
 * wording replies are the listeners'. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"
#include "wire/wire.h"

static const char *const op_texts[] = {
	[OP_OK] = "success",
	[OP_EINVAL] = "invalid request",
	[OP_EHOSTLIST] = "malformed hostlist",
	[OP_EPERM] = "permission denied",
	[OP_ENOTLEADER] = "this controller is not the leader",
	[OP_ENONODE] = "no such node",
	[OP_ENOJOB] = "no such job",
	[OP_EDONE] = "job already finished",
	[OP_EBUSY] = "not possible in the current state",
	[OP_EPENDING] = "job is pending",
	[OP_ENOTCONN] = "the job's node daemon is not connected",
	[OP_ENOSPACE] = "state directory full, changes are refused until there is room",
	[OP_EFAIL] = "not committed",
	[OP_ENOPART] = "no such partition",
	[OP_EINUSE] = "the partition has jobs",
	[OP_EEXIST] = "the partition exists already",
	[OP_EDISABLED] = "requeue disabled for this job",
	[OP_ENOTRUNNING] = "job is not running",
	[OP_ENOTSUSPENDED] = "job is not suspended",
	[OP_EHELD] = "job is held",
	[OP_EBATCHONLY] = "only batch jobs can be requeued",
	[OP_EMOVED] = "leadership moved before the change was known to be committed",
	[OP_ESTEPBUSY] = "the step's CPUs or memory are in use by other steps",
	[OP_ETOOMANY] = "more processors requested than the allocation has",
	[OP_ENODECOUNT] = "node count not possible in the allocation",
	[OP_EBADNODES] = "requested nodes are not in the allocation",
	[OP_ENOSTEP] = "no such job step",
	[OP_EMEMORY] = "more memory requested than the allocation has",
	[OP_EIDS] = "job ids exhausted",
};

int op_state_rc(int state_rc)
{
	switch (state_rc) {
	case STATE_EOK: return OP_OK;
	case STATE_EINVAL: return OP_EINVAL;
	case STATE_ENOJOB: return OP_ENOJOB;
	case STATE_ENOPART: return OP_ENOPART;
	case STATE_ENONODE: return OP_ENONODE;
	case STATE_EDONE: return OP_EDONE;
	/* a transition the target's state does not allow now (resume of a
	 * node pending removal, a partition in use, ...) */
	case STATE_EBUSY: return OP_EBUSY;
	case STATE_EPERM: return OP_EPERM;
	case STATE_EIDS: return OP_EIDS;
	default: return OP_EFAIL;
	}
}

int op_commit_rc(int status, const struct state_result *res)
{
	if (status != RNODE_OK || !res)
		return status == RNODE_ENOTLEADER ? OP_ENOTLEADER :
		       status == RNODE_ENOSPACE ? OP_ENOSPACE :
		       status == RNODE_ELOST || status == RNODE_EUNKNOWN ?
		       OP_EMOVED : OP_EFAIL;
	return op_state_rc(res->rc);
}

const char *op_strerror(int rc)
{
	if (rc < 0 || (size_t)rc >= sizeof(op_texts) / sizeof(*op_texts))
		return "unknown error";
	return op_texts[rc];
}

/* A node update on its way through Raft. */
struct node_op {
	struct ctld *c;
	struct op_ctx ctx;
	struct failed_jobs jobs;   /* running on nodes a DOWN sets down */
	char *unchanged;           /* why a node named was left as it was
				    * (cancel_reboot, resume): the answer
				    * is then that error */
};

static const char *op_word(int op)
{
	switch (op) {
	case NODE_UPD_DRAIN: return "drain";
	case NODE_UPD_DOWN: return "down";
	case NODE_UPD_UNDRAIN: return "undrain";
	case NODE_UPD_WEIGHT: return "weight";
	case NODE_UPD_REBOOT_CANCEL: return "cancel_reboot";
	default: return "resume";
	}
}

/* The jobs running on any node of HL, and where. */
static void running_on_nodes(struct node_op *o, hostlist_t *hl)
{
	struct state *st = o->c->st;
	bitstr_t *bits;

	if (!st->nnodes)
		return;
	bits = bit_alloc(st->nnodes);
	for (size_t i = 0; i < hostlist_count(hl); i++) {
		long idx = state_node_index(st, hostlist_nth(hl, i));

		if (idx >= 0)
			bit_set(bits, (uint32_t)idx);
	}
	nodes_failed_note(o->c, bits, &o->jobs);
	bit_free(bits);
}

static void node_update_done(void *arg, int status, void *result)
{
	struct node_op *o = arg;
	struct state_result *res = result;
	int rc = op_commit_rc(status, res);
	bool applied = rc == OP_OK;
	char *msg = NULL;

	/* as slurmctld: the other nodes are changed, and the answer is
	 * still the error */
	if (applied && o->unchanged) {
		rc = OP_EINVAL;
		msg = xstrdup(o->unchanged);
	}
	if (applied) {
		/* The model ended these jobs as NODE_FAIL or requeued them;
		 * their node daemons stay connected and would run them on,
		 * so tell them to stop. */
		nodes_failed_stop(o->c, &o->jobs);
		sched_request(o->c);
	} else {
		msg = status != RNODE_OK ? xasprintf("%s: %s", op_strerror(rc), err_msg())
					 : xstrdup(op_strerror(rc));
		log_info("%s: node update not applied: %s", o->ctx.peer, msg);
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(msg);
	free(o->unchanged);
	nodes_failed_free(&o->jobs);
	free(result);
	free(o);
}

hostlist_t *node_names(const struct ctld *c, const char *names)
{
	hostlist_t *hl;

	if (!strcasecmp(names, "ALL")) {
		hl = hostlist_create("");
		for (uint32_t i = 0; i < c->st->nnodes; i++)
			hostlist_push_host(hl, c->st->nodes[i].name);
		return hl;
	}
	hl = hostlist_create(names);
	if (!hl || hostlist_count(hl) == 0) {
		err_set("malformed hostlist '%s'", names);
		hostlist_destroy(hl);
		return NULL;
	}
	return hl;
}

/* Whether node N may take the change NU, as slurmctld's
 * _valid_node_state_change: cancel_reboot needs a reboot requested and
 * not yet issued; RESUME a node down, drained or with a reboot
 * requested (one issued is down); State=IDLE a node down or idle. */
static bool node_may(const struct node *n, const struct node_update *nu)
{
	switch (nu->op) {
	case NODE_UPD_REBOOT_CANCEL:
		return n->reboot == NODE_REBOOT_REQUESTED;
	case NODE_UPD_RESUME:
		if (nu->as_idle)
			return n->base == NODE_ST_DOWN ||
			       n->base == NODE_ST_IDLE;
		return n->base == NODE_ST_DOWN || n->base == NODE_ST_FUTURE ||
		       (n->flags & NODE_FLAG_DRAIN) ||
		       n->reboot == NODE_REBOOT_REQUESTED;
	default:
		return true;
	}
}

/* What is said of node NAME that may not take NU (malloc'd). */
static char *node_refusal(const char *name, const struct node_update *nu)
{
	if (nu->op == NODE_UPD_REBOOT_CANCEL)
		return xasprintf("node '%s' has no reboot to cancel", name);
	if (nu->as_idle)
		return xasprintf("node '%s' has jobs or is not up: it cannot "
				 "be made idle", name);
	return xasprintf("node '%s' is neither down nor drained: there is "
			 "nothing to resume", name);
}

/* The nodes of HL (destroyed) that may take NU, and in *UNCHANGED what
 * is said of the first that may not (malloc'd, or NULL). NULL with
 * err_msg() when none may: nothing is proposed. */
static hostlist_t *nodes_that_may(const struct ctld *c, hostlist_t *hl,
				  const struct node_update *nu,
				  char **unchanged)
{
	hostlist_t *ok = hostlist_create("");

	*unchanged = NULL;
	for (size_t i = 0; i < hostlist_count(hl); i++) {
		const struct node *n = state_node(c->st, hostlist_nth(hl, i));

		if (node_may(n, nu))
			hostlist_push_host(ok, n->name);
		else if (!*unchanged)
			*unchanged = node_refusal(n->name, nu);
	}
	hostlist_destroy(hl);
	if (hostlist_count(ok) == 0) {
		err_set("%s", *unchanged);
		free(*unchanged);
		*unchanged = NULL;
		hostlist_destroy(ok);
		return NULL;
	}
	return ok;
}

int op_node_update(struct ctld *c, const struct op_ctx *ctx,
		   const struct node_update *nu)
{
	hostlist_t *hl = NULL;
	struct node_op *o;
	char *names, *unchanged = NULL;
	int rc = OP_OK;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may change node states");
		return OP_EPERM;
	}
	if (nu->op != NODE_UPD_DRAIN && nu->op != NODE_UPD_RESUME &&
	    nu->op != NODE_UPD_DOWN && nu->op != NODE_UPD_UNDRAIN &&
	    nu->op != NODE_UPD_REBOOT_CANCEL &&
	    !(nu->op == NODE_UPD_WEIGHT &&
	      (nu->set_weight || nu->set_features || nu->set_features_act ||
	       nu->set_comment || nu->set_extra))) {
		err_set("unknown node state change");
		return OP_EINVAL;
	}
	if ((nu->op == NODE_UPD_DRAIN || nu->op == NODE_UPD_DOWN) &&
	    (!nu->reason || !nu->reason[0])) {
		err_set("%s needs a reason", op_word(nu->op));
		return OP_EINVAL;
	}
	if (!nu->names || !nu->names[0]) {
		err_set("no node names given");
		return OP_ENONODE;
	}
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	if (!(hl = node_names(c, nu->names)))
		return OP_EHOSTLIST;
	/* apply checks this too; saying which name is wrong helps people */
	for (size_t i = 0; i < hostlist_count(hl); i++)
		if (state_node_index(c->st, hostlist_nth(hl, i)) < 0) {
			err_set("node '%s' does not exist", hostlist_nth(hl, i));
			rc = OP_ENONODE;
			break;
		}
	if (rc != OP_OK) {
		hostlist_destroy(hl);
		return rc;
	}
	if ((nu->op == NODE_UPD_REBOOT_CANCEL || nu->op == NODE_UPD_RESUME) &&
	    !(hl = nodes_that_may(c, hl, nu, &unchanged)))
		return OP_EINVAL;
	names = hostlist_ranged_string(hl);
	log_info("%s: uid %u updates node(s) %s: %s%s%s%s%s%s%s%s%s%s%s",
		 ctx->peer,
		 (unsigned)ctx->uid, nu->names,
		 nu->op == NODE_UPD_WEIGHT && !nu->set_weight ? "settings" :
		 op_word(nu->op),
		 nu->reason ? ", reason: " : "", nu->reason ? nu->reason : "",
		 nu->set_features ? ", features: " : "",
		 nu->set_features ? (nu->features ? nu->features : "") : "",
		 nu->set_features_act ? ", active features: " : "",
		 nu->set_features_act ?
		 (nu->features_act ? nu->features_act : "") : "",
		 nu->set_comment ? ", comment: " : "",
		 nu->set_comment ? (nu->comment ? nu->comment : "") : "",
		 nu->set_extra ? ", extra: " : "",
		 nu->set_extra ? (nu->extra ? nu->extra : "") : "");
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "node update";   /* the caller's string may not last */
	o->unchanged = unchanged;
	if (nu->op == NODE_UPD_DOWN)
		running_on_nodes(o, hl);
	hostlist_destroy(hl);
	{
		struct node_update u = *nu;

		u.names = names;       /* ALL, and cancels, made a list */
		u.uid = (uint32_t)ctx->uid;
		/* as slurmctld with JobRequeue: the batch jobs that may be
		 * requeued are, after the launch credential's lifetime */
		u.requeue = nu->op == NODE_UPD_DOWN;
		u.wait = c->sc->cred_expire;
		ctld_propose(c, cmd_node_update(&u, time(NULL)), node_update_done, o);
	}
	free(names);
	return 0;
}

/* ---- scontrol reboot ------------------------------------------------- */

static void node_reboot_done(void *arg, int status, void *result)
{
	struct node_op *o = arg;
	int rc = op_commit_rc(status, result);
	char *msg = NULL;

	if (rc == OP_OK) {
		/* the idle ones are told at once, not at the next tick */
		nodes_reboot(o->c, time(NULL));
		sched_request(o->c);
	} else {
		msg = xstrdup(op_strerror(rc));
		log_info("%s: reboot request not applied: %s", o->ctx.peer,
			 msg);
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(msg);
	free(result);
	free(o);
}

int op_node_reboot(struct ctld *c, const struct op_ctx *ctx,
		   const struct reboot_req *nr)
{
	hostlist_t *hl = NULL;
	struct node_op *o;
	char *names = NULL;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may reboot nodes");
		return OP_EPERM;
	}
	if (nr->next != NODE_NEXT_NONE && nr->next != NODE_NEXT_RESUME &&
	    nr->next != NODE_NEXT_DOWN) {
		err_set("the state after a reboot is resume or down");
		return OP_EINVAL;
	}
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	if (!(hl = node_names(c, nr->names ? nr->names : "ALL")))
		return OP_EHOSTLIST;
	for (size_t i = 0; i < hostlist_count(hl); i++)
		if (state_node_index(c->st, hostlist_nth(hl, i)) < 0) {
			err_set("node '%s' does not exist", hostlist_nth(hl, i));
			hostlist_destroy(hl);
			return OP_ENONODE;
		}
	if (hostlist_count(hl) == 0) {
		hostlist_destroy(hl);
		err_set("no nodes to reboot");
		return OP_ENONODE;
	}
	names = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	log_info("%s: uid %u asks node(s) %s to reboot%s%s%s%s", ctx->peer,
		 (unsigned)ctx->uid, names,
		 nr->flags & NODE_REBOOT_F_ASAP ? " ASAP" : "",
		 nr->next == NODE_NEXT_RESUME ? ", then resume" :
		 nr->next == NODE_NEXT_DOWN ? ", then down" : "",
		 nr->reason ? ", reason: " : "", nr->reason ? nr->reason : "");
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "node reboot";   /* the caller's string may not last */
	ctld_propose(c, cmd_node_reboot(names, nr->flags, nr->next,
					nr->reason, (uint32_t)ctx->uid,
					time(NULL)),
		     node_reboot_done, o);
	free(names);
	return 0;
}

/* ---- adding and removing nodes -------------------------------------- */

/* A node add or remove on its way: through Raft, then (remove) waiting
 * for the node's jobs. */
struct node_life {
	struct ctld *c;
	struct op_ctx ctx;
	char *name;
	bool force;
	uint32_t timeout;          /* seconds to wait for its jobs */
	time_t deadline;
	struct event *tmr;
	/* in c->node_waits while the timer waits for the node's jobs */
	struct node_life *next, **prevp;
};

static void life_finish(struct node_life *o, int rc, const char *msg)
{
	o->ctx.done(o->ctx.arg, rc, msg);
	if (o->prevp) {
		*o->prevp = o->next;
		if (o->next)
			o->next->prevp = o->prevp;
	}
	if (o->tmr)
		event_free(o->tmr);
	free(o->name);
	free(o);
}

static void node_add_done(void *arg, int status, void *result)
{
	struct node_life *o = arg;
	int rc = op_commit_rc(status, result);
	char *msg = NULL;

	if (rc == OP_OK) {
		log_info("node %s: added; it joins once its flurmnd registers",
			 o->name);
		sched_request(o->c);
	} else {
		msg = xasprintf("node %s not added: %s", o->name,
				rc == OP_EBUSY ? "a node of that name exists" :
				op_strerror(rc));
		log_info("%s", msg);
	}
	free(result);
	life_finish(o, rc, msg);
	free(msg);
}

int op_node_add(struct ctld *c, const struct op_ctx *ctx,
		const struct node_add *na)
{
	hostlist_t *hl;
	struct node_life *o;
	bool one;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may add nodes");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	hl = na->name ? hostlist_create(na->name) : NULL;
	one = hl && hostlist_count(hl) == 1 && !strcmp(hostlist_nth(hl, 0), na->name);
	hostlist_destroy(hl);
	if (!one || strlen(na->name) > 64) {
		err_set("'%s' is not a node name", na->name ? na->name : "");
		return OP_EINVAL;
	}
	if (state_node(c->st, na->name)) {
		err_set("node '%s' exists", na->name);
		return OP_EBUSY;
	}
	if (na->cpus == 0) {
		err_set("node '%s' needs cpus=N (N at least 1)", na->name);
		return OP_EINVAL;
	}
	if (na->partitions) {
		hl = hostlist_create(na->partitions);
		for (size_t i = 0; hl && i < hostlist_count(hl); i++)
			if (!state_part(c->st, hostlist_nth(hl, i))) {
				err_set("partition '%s' does not exist",
					hostlist_nth(hl, i));
				hostlist_destroy(hl);
				return OP_ENOPART;
			}
		if (!hl) {
			err_set("malformed partition list '%s'", na->partitions);
			return OP_EINVAL;
		}
		hostlist_destroy(hl);
	}
	log_info("%s: uid %u adds node %s: cpus %u, memory %llu MB%s%s%s%s",
		 ctx->peer, (unsigned)ctx->uid, na->name, na->cpus,
		 (unsigned long long)na->memory_mb,
		 na->features ? ", features " : "", na->features ? na->features : "",
		 na->partitions ? ", partitions " : "",
		 na->partitions ? na->partitions : "");
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "node add";
	o->name = xstrdup(na->name);
	ctld_propose(c, cmd_node_add(na->name, na->cpus, na->memory_mb,
				     na->features, na->partitions, time(NULL)),
		     node_add_done, o);
	return 0;
}

static void forced_done(void *arg, int status, void *result)
{
	struct node_life *o = arg;
	int rc = op_commit_rc(status, result);
	char *msg = NULL;

	free(result);
	if (rc == OP_OK) {
		log_info("node %s: removed (forced)", o->name);
	} else if (rc == OP_ENONODE) {
		/* removed meanwhile, its jobs having ended */
		rc = OP_OK;
	} else {
		msg = xasprintf("node %s not removed: %s", o->name, op_strerror(rc));
	}
	sched_request(o->c);
	life_finish(o, rc, msg);
	free(msg);
}

/* Once a second: is the node gone (nodes_remove_idle removes it once no
 * job holds it), or is the wait over? */
static void remove_wait(evutil_socket_t fd, short what, void *arg)
{
	struct node_life *o = arg;
	const struct node *n = state_node(o->c->st, o->name);
	struct timeval one = { 1, 0 };
	char *msg;

	if (!n) {
		log_info("node %s: removed", o->name);
		life_finish(o, OP_OK, NULL);
		return;
	}
	if (time(NULL) < o->deadline) {
		evtimer_add(o->tmr, &one);
		return;
	}
	msg = xasprintf("node %s still has %u job(s) after %u s; it stays "
			"drained and is removed when they end (--force stops "
			"them now)", o->name, n->njobs, o->timeout);
	life_finish(o, OP_EBUSY, msg);
	free(msg);
}

/* The controller stops while O waits for its node's jobs: answer now,
 * the loop may end before the next tick. */
static void stopping_finish(struct node_life *o)
{
	const struct node *n = state_node(o->c->st, o->name);
	char *msg;

	if (!n) {
		life_finish(o, OP_OK, NULL);
		return;
	}
	msg = xasprintf("node %s not removed yet: the controller is stopping; "
			"it stays drained and is removed when its %u job(s) end",
			o->name, n->njobs);
	log_info("%s", msg);
	life_finish(o, OP_EBUSY, msg);
	free(msg);
}

static void retire_done(void *arg, int status, void *result)
{
	struct node_life *o = arg;
	int rc = op_commit_rc(status, result);
	struct timeval now = { 0, 0 };
	char *msg;

	free(result);
	if (rc != OP_OK) {
		msg = xasprintf("node %s not removed: %s", o->name,
				rc == OP_EBUSY ? "it is defined in slurm.conf" :
				op_strerror(rc));
		life_finish(o, rc, msg);
		free(msg);
		return;
	}
	/* drained now: no new job starts there */
	if (o->force) {
		if (nodes_remove_force(o->c, o->name, forced_done, o) < 0) {
			msg = xasprintf("node %s not removed: %s", o->name, err_msg());
			life_finish(o, OP_EFAIL, msg);
			free(msg);
		}
		return;
	}
	if (o->c->stopping) {
		stopping_finish(o);
		return;
	}
	o->deadline = time(NULL) + o->timeout;
	o->tmr = evtimer_new(o->c->base, remove_wait, o);
	o->next = o->c->node_waits;
	if (o->next)
		o->next->prevp = &o->next;
	o->prevp = &o->c->node_waits;
	o->c->node_waits = o;
	evtimer_add(o->tmr, &now);
}

void op_node_waits_end(struct ctld *c)
{
	while (c->node_waits)
		stopping_finish(c->node_waits);
}

int op_node_remove(struct ctld *c, const struct op_ctx *ctx, const char *name,
		   bool force, uint32_t timeout)
{
	const struct node *n;
	struct node_life *o;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may remove nodes");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	n = name ? state_node(c->st, name) : NULL;
	if (!n) {
		err_set("node '%s' does not exist", name ? name : "");
		return OP_ENONODE;
	}
	/* a reload or restart would bring a slurm.conf node back at once */
	if (!(n->flags & (NODE_FLAG_DYNAMIC | NODE_FLAG_REMOVING))) {
		err_set("node '%s' is defined in slurm.conf: remove it there and "
			"reload (its jobs finish first)", name);
		return OP_EBUSY;
	}
	log_info("%s: uid %u removes node %s%s (%u job(s) on it)", ctx->peer,
		 (unsigned)ctx->uid, name, force ? ", stopping its jobs" : "",
		 n->njobs);
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "node remove";
	o->name = xstrdup(name);
	o->force = force;
	o->timeout = timeout;
	ctld_propose(c, cmd_node_retire(name, (uint32_t)ctx->uid, time(NULL)),
		     retire_done, o);
	return 0;
}

static bool conf_names(const struct slurm_conf *sc, const char *name)
{
	for (size_t i = 0; i < sc->n_nodes; i++)
		if (!strcmp(sc->nodes[i].name, name))
			return true;
	return false;
}

int op_nodes_sync(struct ctld *c, const struct op_ctx *ctx,
		  struct nodes_sync *out)
{
	const struct state *st = c->st;

	memset(out, 0, sizeof(*out));
	if (!ctx->is_operator) {
		err_set("permission denied: only operators may change the node set");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	log_info("%s: uid %u makes the node set match slurm.conf", ctx->peer,
		 (unsigned)ctx->uid);
	/* the whole file, as a reload: partitions name nodes, so nodes
	 * alone cannot change (ctld_reconfigure says why when it fails) */
	if (ctld_reconfigure(c) < 0)
		return OP_EINVAL;
	for (size_t i = 0; i < c->sc->n_nodes; i++)
		if (!state_node(st, c->sc->nodes[i].name)) {
			xgrow((void **)&out->added, &out->added_cap, out->nadded + 1,
			      sizeof(*out->added));
			out->added[out->nadded++] = xstrdup(c->sc->nodes[i].name);
		}
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];

		if (conf_names(c->sc, n->name) || (n->flags & NODE_FLAG_REMOVING))
			continue;
		xgrow((void **)&out->removed, &out->removed_cap,
		      out->nremoved + 1, sizeof(*out->removed));
		out->removed[out->nremoved++] = xstrdup(n->name);
		/* the new configuration drains or drops the others; an added
		 * node it keeps, so it is retired (removed after its jobs) */
		if (n->flags & NODE_FLAG_DYNAMIC)
			ctld_propose(c, cmd_node_retire(n->name, (uint32_t)ctx->uid,
							time(NULL)), NULL, NULL);
	}
	return OP_OK;
}

void nodes_sync_free(struct nodes_sync *s)
{
	for (size_t i = 0; i < s->nadded; i++)
		free(s->added[i]);
	for (size_t i = 0; i < s->nremoved; i++)
		free(s->removed[i]);
	free(s->added);
	free(s->removed);
	memset(s, 0, sizeof(*s));
}
