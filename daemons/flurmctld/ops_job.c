/* ops_job.c - job cancel and signal, whoever asks: checks, the CMD_CANCEL
 * proposal, and what follows its commit (the node is told to stop the
 * job, the scheduler runs). What reaches the node is nodes.c's, which
 * repeats it until the node has acted; answers are the listener's. */
#include <stdlib.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"

/* A cancel waiting for its commit. */
struct cancel_pending {
	struct ctld *c;
	uint32_t job_id;
	op_done_fn done;
	void *arg;
};

static enum op_rc commit_op_rc(int status, const struct state_result *res)
{
	if (status != RNODE_OK || !res)
		return status == RNODE_ENOTLEADER ? OP_ENOTLEADER : OP_EFAIL;
	switch (res->rc) {
	case STATE_EOK: return OP_OK;
	case STATE_ENOJOB: return OP_ENOJOB;
	case STATE_EDONE: return OP_EDONE;
	default: return OP_EFAIL;
	}
}

static void finish(const struct op_req *req, enum op_rc rc)
{
	if (req->done)
		req->done(req->arg, rc);
}

/* The job REQ may act on, or NULL after answering why not. */
static struct job *job_for(struct ctld *c, const struct op_req *req,
			   uint32_t job_id, const char *what)
{
	struct job *j = state_job(c->st, job_id);

	if (!j) {
		finish(req, OP_ENOJOB);
		return NULL;
	}
	if (j->uid != (uint32_t)req->uid && !req->is_operator) {
		log_info("uid %u may not %s job %u of uid %u",
			 (unsigned)req->uid, what, job_id, j->uid);
		finish(req, OP_EPERM);
		return NULL;
	}
	if (job_is_finished(j)) {
		finish(req, OP_EDONE);
		return NULL;
	}
	return j;
}

static void cancel_done(void *arg, int status, void *result)
{
	struct cancel_pending *p = arg;
	enum op_rc rc = commit_op_rc(status, result);

	/* the effects come from the commit, whether or not the one who
	 * asked still waits for the answer */
	if (rc == OP_OK) {
		log_info("job %u cancelled", p->job_id);
		nodes_job_changed(p->c, p->job_id);
		sched_request(p->c);
	}
	if (p->done)
		p->done(p->arg, rc);
	free(result);
	free(p);
}

void op_job_cancel(struct ctld *c, const struct op_req *req, uint32_t job_id)
{
	struct cancel_pending *p;

	if (!job_for(c, req, job_id, "cancel"))
		return;
	p = xcalloc(1, sizeof(*p));
	p->c = c;
	p->job_id = job_id;
	p->done = req->done;
	p->arg = req->arg;
	/* cancel_done runs in every case, a refusal included */
	ctld_propose(c, cmd_cancel(job_id, (uint32_t)req->uid, time(NULL)),
		     cancel_done, p);
}

void op_job_signal(struct ctld *c, const struct op_req *req, uint32_t job_id,
		   uint32_t sig, uint32_t flags)
{
	struct job *j = job_for(c, req, job_id, "signal");

	if (!j)
		return;
	if (j->state != JOB_ST_RUNNING) {
		finish(req, OP_EPENDING);
		return;
	}
	if (nodes_signal(c, job_id, sig, flags) < 0) {
		log_info("job %u: signal %u not sent: %s", job_id, sig,
			 err_msg());
		finish(req, OP_ENOTCONN);
		return;
	}
	finish(req, OP_OK);
}
