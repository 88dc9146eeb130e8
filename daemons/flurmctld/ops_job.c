/* ops_job.c - operations on jobs, whoever asks (scancel on the Slurm port,
 * flurmsh on the admin socket): cancel, signal, hold and release. Each
 * checks the request and the caller (the owner or an operator), proposes
 * one command, and after the commit has the node stop a cancelled job
 * and asks for a scheduling pass, whether or not the caller is still
 * connected. What reaches the node is nodes.c's, which repeats it until
 * the node has acted. scontrol hold/release keep their own handler in
 * rpc_slurm.c for now. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"
#include "wire/wire.h"

struct job_op {
	struct ctld *c;
	struct op_ctx ctx;
	uint32_t job_id;
	const char *what;          /* "cancel", "hold", "release" */
};

static int job_commit_rc(int status, const struct state_result *res)
{
	if (status != RNODE_OK || !res)
		return status == RNODE_ENOTLEADER ? OP_ENOTLEADER :
		       status == RNODE_ENOSPACE ? OP_ENOSPACE : OP_EFAIL;
	switch (res->rc) {
	case STATE_EOK: return OP_OK;
	case STATE_ENOJOB: return OP_ENOJOB;
	case STATE_EDONE: return OP_EDONE;
	case STATE_EBUSY: return OP_EBUSY;
	case STATE_EPERM: return OP_EPERM;
	default: return OP_EFAIL;
	}
}

static void job_op_done(void *arg, int status, void *result)
{
	struct job_op *o = arg;
	int rc = job_commit_rc(status, result);
	char *msg = NULL;

	if (rc == OP_OK) {
		log_info("job %u: %s done", o->job_id, o->what);
		/* a running job that was cancelled is now completing: its
		 * node is told to stop it, and told again until it has */
		nodes_job_changed(o->c, o->job_id);
		sched_request(o->c);
	} else {
		msg = xasprintf("job %u: %s", o->job_id, op_strerror(rc));
		log_info("job %u: %s not applied: %s", o->job_id, o->what,
			 op_strerror(rc));
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(msg);
	free(result);
	free(o);
}

/* The checks every job operation makes; OP_OK or a code with err_msg(). */
static int job_check(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		     const char *what, struct job **jp)
{
	struct job *j = state_job(c->st, id);

	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	if (!j) {
		err_set("job %u does not exist", id);
		return OP_ENOJOB;
	}
	if (j->uid != (uint32_t)ctx->uid && !ctx->is_operator) {
		err_set("permission denied: job %u belongs to %s, and only "
			"operators may %s the jobs of others", id,
			j->user ? j->user : "another user", what);
		return OP_EPERM;
	}
	if (job_is_finished(j)) {
		err_set("job %u has already finished", id);
		return OP_EDONE;
	}
	*jp = j;
	return OP_OK;
}

static int job_propose(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		       const char *what, buf_t *cmd)
{
	struct job_op *o = xcalloc(1, sizeof(*o));

	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "job operation";   /* the caller's string may not last */
	o->job_id = id;
	o->what = what;
	ctld_propose(c, cmd, job_op_done, o);
	return 0;
}

int op_job_cancel(struct ctld *c, const struct op_ctx *ctx, uint32_t id)
{
	struct job *j;
	int rc = job_check(c, ctx, id, "cancel", &j);

	if (rc != OP_OK)
		return rc;
	log_info("%s: uid %u cancels job %u", ctx->peer, (unsigned)ctx->uid, id);
	return job_propose(c, ctx, id, "cancel",
			   cmd_cancel(id, (uint32_t)ctx->uid, time(NULL)));
}

int op_job_hold(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		bool hold)
{
	struct job_update u;
	struct job *j;
	int rc = job_check(c, ctx, id, hold ? "hold" : "release", &j);

	if (rc != OP_OK)
		return rc;
	if (j->state != JOB_ST_PENDING) {
		err_set("job %u is not pending", id);
		return OP_EBUSY;
	}
	memset(&u, 0, sizeof(u));
	u.job_id = id;
	if (hold) {
		/* as scontrol: an operator's hold is an admin hold, which
		 * only operators release */
		if (j->priority == 0 && (!ctx->is_operator ||
					 j->reason == JOB_REASON_HELD_ADMIN)) {
			err_set("job %u is already held", id);
			return OP_EBUSY;
		}
		u.fields = JOB_UPD_HOLD;
		u.hold_admin = ctx->is_operator;
	} else {
		if (j->priority != 0) {
			err_set("job %u is not held", id);
			return OP_EBUSY;
		}
		if (!ctx->is_operator && j->reason != JOB_REASON_HELD_USER) {
			err_set("permission denied: job %u was held by an "
				"operator, and only operators release it", id);
			return OP_EPERM;
		}
		u.fields = JOB_UPD_RELEASE;
	}
	log_info("%s: uid %u %s job %u", ctx->peer, (unsigned)ctx->uid,
		 hold ? (u.hold_admin ? "holds (admin)" : "holds (user)") : "releases",
		 id);
	return job_propose(c, ctx, id, hold ? "hold" : "release",
			   cmd_job_update(&u, time(NULL)));
}

int op_job_signal(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		  uint32_t sig, uint32_t flags)
{
	struct job *j;
	int rc = job_check(c, ctx, id, "signal", &j);

	if (rc != OP_OK)
		return rc;
	if (j->state != JOB_ST_RUNNING) {
		err_set("job %u is not running", id);
		return OP_EPENDING;
	}
	if (nodes_signal(c, id, sig, flags) < 0) {
		log_info("job %u: signal %u not sent: %s", id, sig, err_msg());
		return OP_ENOTCONN;
	}
	ctx->done(ctx->arg, OP_OK, NULL);
	return OP_OK;
}
