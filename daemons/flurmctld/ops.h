/* ops.h - operations, each written once whatever the transport: a listener
 * (the Slurm port today) fills a request context with who asks and where
 * the answer goes, and the operation validates, authorizes, proposes and
 * runs its effects from the committed state. Listeners translate the
 * outcome (enum op_rc) into their own codes and texts. */
#ifndef FLURM_OPS_H
#define FLURM_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ctld;

/* The outcome of an operation. */
enum op_rc {
	OP_OK = 0,
	OP_ENOJOB,       /* no such job (or an id that cannot be one) */
	OP_EPERM,        /* neither the job's owner nor an operator */
	OP_EDONE,        /* the job has already finished */
	OP_EPENDING,     /* the job does not run yet (signals) */
	OP_ENOTCONN,     /* the job's node daemon is not connected */
	OP_ENOTLEADER,   /* this controller is not (or no longer) the leader */
	OP_EFAIL,        /* not committed, or refused by the model */
};

/* Called once with the outcome, from the call itself or from the
 * commit; ARG is the listener's. The operation's effects do not depend
 * on anyone still listening. */
typedef void (*op_done_fn)(void *arg, enum op_rc rc);

/* Who asks, and where the answer goes. */
struct op_req {
	uid_t uid;
	bool is_operator;          /* root, SlurmUser */
	op_done_fn done;
	void *arg;
};

/* ops_job.c */
/* Cancel job JOB_ID (pending or running): once committed, its node is
 * told to stop it, and told again until it has (nodes_job_changed). */
void op_job_cancel(struct ctld *c, const struct op_req *req, uint32_t job_id);
/* Send signal SIG to a running job's processes (FLAGS WIRE_SIG_BATCH:
 * its batch shell only). Signals are not kept in the model: a node that
 * is not connected cannot get one (OP_ENOTCONN). */
void op_job_signal(struct ctld *c, const struct op_req *req, uint32_t job_id,
		   uint32_t sig, uint32_t flags);

#endif
