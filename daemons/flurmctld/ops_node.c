/* ops_node.c - operations on nodes: drain, resume, undrain and down, for
 * scontrol update NodeName= and flurmsh alike. Checks the request and the
 * caller, proposes one CMD_NODE_UPDATE, and after the commit tells node
 * daemons to stop the jobs a DOWN ended and asks the scheduler to look
 * again. Decoding requests and wording replies are the listeners'. */
#include <stdlib.h>
#include <string.h>

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
	[OP_EFAIL] = "not committed",
	[OP_ENOPART] = "no such partition",
};

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
	uint32_t *kill_jobs;       /* running on nodes a DOWN sets down */
	uint32_t nkill_jobs;
	size_t kill_cap;
};

static const char *op_word(int op)
{
	switch (op) {
	case NODE_UPD_DRAIN: return "drain";
	case NODE_UPD_DOWN: return "down";
	case NODE_UPD_UNDRAIN: return "undrain";
	default: return "resume";
	}
}

/* Ids of the jobs running on any node of HL. */
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
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];
		bool hit = false;

		if (j->state != JOB_ST_RUNNING || !j->node_bits)
			continue;
		for (int64_t k = bit_next_set(j->node_bits, 0); k >= 0 && !hit;
		     k = bit_next_set(j->node_bits, (uint32_t)k + 1))
			hit = bit_test(bits, (uint32_t)k);
		if (!hit)
			continue;
		xgrow((void **)&o->kill_jobs, &o->kill_cap, o->nkill_jobs + 1,
		      sizeof(*o->kill_jobs));
		o->kill_jobs[o->nkill_jobs++] = j->id;
	}
	bit_free(bits);
}

static int commit_op_rc(int status, const struct state_result *res)
{
	if (status != RNODE_OK || !res)
		return status == RNODE_ENOTLEADER ? OP_ENOTLEADER : OP_EFAIL;
	switch (res->rc) {
	case STATE_EOK: return OP_OK;
	case STATE_ENONODE: return OP_ENONODE;
	case STATE_EINVAL: return OP_EINVAL;
	/* resume or undrain of a node pending removal */
	case STATE_EBUSY: return OP_EBUSY;
	default: return OP_EFAIL;
	}
}

static void node_update_done(void *arg, int status, void *result)
{
	struct node_op *o = arg;
	struct state_result *res = result;
	int rc = commit_op_rc(status, res);
	char *msg = NULL;

	if (rc == OP_OK) {
		/* The model ended these jobs as NODE_FAIL; their node daemons
		 * stay connected and would run them on, so tell them to stop. */
		for (uint32_t i = 0; i < o->nkill_jobs; i++) {
			struct job *j = state_job(o->c->st, o->kill_jobs[i]);

			if (j && j->state == JOB_ST_NODE_FAIL)
				nodes_terminate(o->c, j->id, WIRE_TERM_NODEFAIL);
		}
		sched_request(o->c);
	} else {
		msg = status != RNODE_OK ? xasprintf("%s: %s", op_strerror(rc), err_msg())
					 : xstrdup(op_strerror(rc));
		log_info("%s: node update not applied: %s", o->ctx.peer, msg);
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(msg);
	free(o->kill_jobs);
	free(result);
	free(o);
}

int op_node_update(struct ctld *c, const struct op_ctx *ctx,
		   const struct node_update *nu)
{
	hostlist_t *hl = NULL;
	struct node_op *o;
	int rc = OP_OK;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may change node states");
		return OP_EPERM;
	}
	if (nu->op != NODE_UPD_DRAIN && nu->op != NODE_UPD_RESUME &&
	    nu->op != NODE_UPD_DOWN && nu->op != NODE_UPD_UNDRAIN) {
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
	hl = hostlist_create(nu->names);
	if (!hl || hostlist_count(hl) == 0) {
		err_set("malformed hostlist '%s'", nu->names);
		hostlist_destroy(hl);
		return OP_EHOSTLIST;
	}
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
	log_info("%s: uid %u updates node(s) %s: %s%s%s", ctx->peer,
		 (unsigned)ctx->uid, nu->names, op_word(nu->op),
		 nu->reason ? ", reason: " : "", nu->reason ? nu->reason : "");
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "node update";   /* the caller's string may not last */
	if (nu->op == NODE_UPD_DOWN)
		running_on_nodes(o, hl);
	hostlist_destroy(hl);
	{
		struct node_update u = *nu;

		u.uid = (uint32_t)ctx->uid;
		ctld_propose(c, cmd_node_update(&u, time(NULL)), node_update_done, o);
	}
	return 0;
}
