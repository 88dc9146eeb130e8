/* ops_job.c - operations on jobs, whoever asks (scancel and scontrol on
 * the Slurm port, flurmsh on the admin socket): cancel, signal, hold,
 * release, update, requeue, suspend, resume, top and notify. Each checks
 * the request and the caller (the owner or an operator), proposes one
 * command, and after the commit has the node stop a cancelled or
 * requeued job (or stop or continue a suspended or resumed one) and asks
 * for a scheduling pass, whether or not the caller is still connected.
 * What reaches the node is nodes.c's, which repeats it until the node
 * has acted. scontrol hold/release/update decide what changes by Slurm's
 * rules in rpc_slurm.c and hand it to op_job_update(). Also the memory
 * limits and defaults of waiting jobs, at updates and reconfigures. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"
#include "sched/sched.h"
#include "wire/wire.h"

struct job_op {
	struct ctld *c;
	struct op_ctx ctx;
	uint32_t job_id;
	char name[CTLD_JOB_NAME_LEN];   /* JOB_ID as clients know it */
	const char *what;          /* "cancel", "hold", "requeue", ... */
	bool array;                /* JOB_ID is an array's: all its tasks */
	/* a shrink: the nodes it releases (node indexes), whose steps
	 * of the job are stopped once it commits */
	bitstr_t *released;
};

/* The nodes a shrink released (O->released that the job no longer
 * holds) are told to stop what the job still runs there, as slurmctld
 * aborts the job on them: its steps' tasks end. The node that runs the
 * script is always kept. */
static void job_op_released(struct job_op *o)
{
	struct job *j = state_job(o->c->st, o->job_id);

	if (!j || !o->released)
		return;
	for (int64_t k = bit_next_set(o->released, 0); k >= 0;
	     k = bit_next_set(o->released, (uint32_t)k + 1)) {
		if (j->node_bits && (uint32_t)k < bit_size(j->node_bits) &&
		    bit_test(j->node_bits, (uint32_t)k))
			continue;
		log_info("job %u: node %s released", j->id,
			 (uint32_t)k < o->c->st->nnodes ?
			 o->c->st->nodes[k].name : "?");
		nodes_terminate_at(o->c, (uint32_t)k, j->id, WIRE_TERM_CANCEL);
	}
}

static void job_op_done(void *arg, int status, void *result)
{
	struct job_op *o = arg;
	int rc = op_commit_rc(status, result);
	char *msg = NULL;

	if (rc == OP_OK) {
		log_info("job %s: %s done", o->name, o->what);
		/* a running job that was cancelled or requeued is now
		 * completing: its node is told to stop it, and told again
		 * until it has; a suspended or resumed one is told to stop
		 * or continue it */
		if (o->array) {
			for (uint32_t i = 0; i < o->c->st->njobs; i++)
				if (o->c->st->jobs[i]->array_job_id == o->job_id)
					nodes_job_changed(o->c,
							  o->c->st->jobs[i]->id);
		} else {
			job_op_released(o);
			/* a cancelled allocation's salloc hears it was
			 * revoked first: told after its sruns, it could
			 * see its command end and relinquish it first */
			alloc_job_cancelled(o->c, o->job_id);
		}
		sched_request(o->c);
	} else {
		msg = xasprintf("job %s: %s", o->name, op_strerror(rc));
		log_info("job %s: %s not applied: %s", o->name, o->what,
			 op_strerror(rc));
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(msg);
	free(result);
	bit_free(o->released);
	free(o);
}

/* The first checks of every job operation: this controller leads and
 * job ID exists (in *JP). */
static int job_find(struct ctld *c, uint32_t id, struct job **jp)
{
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	if (!(*jp = state_job(c->st, id))) {
		err_set("job %u does not exist", id);
		return OP_ENOJOB;
	}
	return OP_OK;
}

/* Job ID as clients know it, for a refusal (one a message: the buffer
 * is shared). */
static const char *jn(const struct ctld *c, uint32_t id)
{
	static char buf[CTLD_JOB_NAME_LEN];

	return ctld_job_name(c->st, id, buf);
}

/* The checks of requeue, suspend and top before Slurm's own: leader,
 * job, caller. Finished jobs pass (requeue takes them). */
static int job_check_any(struct ctld *c, const struct op_ctx *ctx,
			 uint32_t id, const char *what, struct job **jp)
{
	struct job *j;
	int rc = job_find(c, id, &j);

	if (rc != OP_OK)
		return rc;
	if (j->uid != (uint32_t)ctx->uid && !ctx->is_operator) {
		err_set("permission denied: job %s belongs to %s, and only "
			"operators may %s the jobs of others", jn(c, id),
			j->user ? j->user : "another user", what);
		return OP_EPERM;
	}
	*jp = j;
	return OP_OK;
}

/* The checks every other job operation makes: those above, and the job
 * must not have finished. OP_OK or a code with err_msg(). */
static int job_check(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		     const char *what, struct job **jp)
{
	int rc = job_check_any(c, ctx, id, what, jp);

	if (rc == OP_OK && job_is_finished(*jp)) {
		err_set("job %s has already finished", jn(c, id));
		return OP_EDONE;
	}
	return rc;
}

/* Propose CMD for job ID, or with ARRAY for every task of array ID; the
 * caller hears after the commit (job_op_done). */
static int op_propose_rel(struct ctld *c, const struct op_ctx *ctx,
			  uint32_t id, const char *what, bool array,
			  bitstr_t *released, buf_t *cmd)
{
	struct job_op *o = xcalloc(1, sizeof(*o));

	o->released = released;

	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "job operation";   /* the caller's string may not last */
	o->job_id = id;
	ctld_job_name(c->st, id, o->name);
	o->what = what;
	o->array = array;
	ctld_propose(c, ctld_once(ctx->req_id, cmd), job_op_done, o);
	return OP_OK;
}

static int op_propose(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		      const char *what, bool array, buf_t *cmd)
{
	return op_propose_rel(c, ctx, id, what, array, NULL, cmd);
}

static int job_propose(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		       const char *what, buf_t *cmd)
{
	return op_propose(c, ctx, id, what, false, cmd);
}

/* The checks of an operation on array ARRAY_ID as a whole: those of any
 * one of its tasks, as every task has the same owner. */
static int array_check(struct ctld *c, const struct op_ctx *ctx,
		       uint32_t array_id, const char *what)
{
	struct job *j = state_array_any(c->st, array_id);

	return job_check_any(c, ctx, j ? j->id : array_id, what, &j);
}

/* Whether ID is a late array's id that no job holds (its tasks all
 * wait in its record or took ids of their own): flurmsh's operations
 * then act on the array, as scontrol's do for that id. */
static bool array_named(const struct ctld *c, uint32_t id)
{
	const struct job *j;

	return !state_job(c->st, id) && (j = state_job_named(c->st, id)) &&
	       j->array_job_id == id;
}

/* One operation on each task of an array (array_each()). */
typedef int (*task_op)(struct ctld *c, const struct op_ctx *ctx,
		       uint32_t id, const void *arg);

struct array_fan {
	struct op_ctx ctx;         /* the caller's: DONE once all answered */
	uint32_t left, ok;
	int rc;                    /* the first refusal, OP_OK when none */
	char *msg;
};

struct fan_task {
	struct array_fan *f;
	char name[CTLD_JOB_NAME_LEN];
};

/* MSG with each whole-number ID in it as NAME: a waiting task's own id,
 * which no client knows, as A_N. malloc'd. */
static char *msg_named(const char *msg, uint32_t id, const char *name)
{
	char num[16], *out = NULL;
	size_t n;
	const char *p = msg ? msg : "", *q;

	n = (size_t)snprintf(num, sizeof(num), "%u", id);
	out = xstrdup("");
	while ((q = strstr(p, num))) {
		bool whole = (q == msg || q[-1] < '0' || q[-1] > '9') &&
			     (q[n] < '0' || q[n] > '9');

		xstrfmtcat(&out, "%.*s%s", (int)(q - p), p,
			   whole ? name : num);
		p = q + n;
	}
	xstrfmtcat(&out, "%s", p);
	return out;
}

static void fan_note(struct array_fan *f, const char *name, uint32_t id,
		     int rc, const char *msg)
{
	if (rc == OP_OK) {
		f->ok++;
	} else if (f->rc == OP_OK) {
		f->rc = rc;
		f->msg = msg_named(msg, id, name);
	}
}

/* The caller's answer once every task has: OP_OK when one took the
 * operation, else the first refusal. */
static void fan_end(struct array_fan *f)
{
	f->ctx.done(f->ctx.arg, f->ok ? OP_OK : f->rc, f->ok ? NULL : f->msg);
	free(f->msg);
	free(f);
}

static void fan_task_done(void *arg, int rc, const char *msg)
{
	struct fan_task *t = arg;
	struct array_fan *f = t->f;

	/* a committed refusal already names the job as clients know it */
	if (rc != OP_OK && f->rc == OP_OK) {
		f->rc = rc;
		f->msg = xstrdup(msg ? msg : op_strerror(rc));
	} else if (rc == OP_OK) {
		f->ok++;
	}
	free(t);
	if (--f->left == 0)
		fan_end(f);
}

/* OP on each task of array ARRAY_ID still in the model (array_named()):
 * 0 when DONE follows (once every task answered: OP_OK when one took
 * it, else the first refusal), or the first refusal with err_msg() when
 * every task refused at once. A task's refusal names it A_N. */
static int array_each(struct ctld *c, const struct op_ctx *ctx,
		      uint32_t array_id, task_op op, const void *arg)
{
	struct array_fan *f = xcalloc(1, sizeof(*f));
	struct array_iter it;
	uint32_t *ids = NULL, n = 0;
	size_t cap = 0;
	int rc;

	for (struct job *o = state_array_first(c->st, array_id, &it); o;
	     o = state_array_next(c->st, &it)) {
		xgrow((void **)&ids, &cap, n + 1, sizeof(*ids));
		ids[n++] = o->id;
	}
	f->ctx = *ctx;
	f->left = 1;
	for (uint32_t i = 0; i < n; i++) {
		struct fan_task *t = xcalloc(1, sizeof(*t));
		struct op_ctx one = *ctx;

		t->f = f;
		ctld_job_name(c->st, ids[i], t->name);
		/* one command a task: a request id would make the later
		 * ones repeat the first one's outcome */
		one.req_id = 0;
		one.done = fan_task_done;
		one.arg = t;
		f->left++;
		if ((rc = op(c, &one, ids[i], arg)) != OP_OK) {
			fan_note(f, t->name, ids[i], rc, err_msg());
			free(t);
			f->left--;
		}
	}
	free(ids);
	if (--f->left)
		return OP_OK;
	if (f->ok) {
		fan_end(f);
		return OP_OK;
	}
	rc = f->rc != OP_OK ? f->rc : OP_ENOJOB;
	if (f->msg)
		err_set("%s", f->msg);
	else
		err_set("array %u has no task left", array_id);
	free(f->msg);
	free(f);
	return rc;
}

int op_job_cancel(struct ctld *c, const struct op_ctx *ctx, uint32_t id)
{
	char name[CTLD_JOB_NAME_LEN];
	struct job *j;
	int rc;

	/* a late array's id while no task holds it: the array (flurmsh) */
	if (array_named(c, id))
		return op_array_cancel(c, ctx, id, NULL, 0);
	rc = job_check(c, ctx, id, "cancel", &j);

	if (rc != OP_OK)
		return rc;
	log_info("%s: uid %u cancels job %s", ctx->peer, (unsigned)ctx->uid,
		 ctld_job_name(c->st, id, name));
	return job_propose(c, ctx, id, "cancel",
			   cmd_cancel(id, (uint32_t)ctx->uid, time(NULL)));
}

int op_array_cancel(struct ctld *c, const struct op_ctx *ctx,
		    uint32_t array_id, const uint32_t *tasks, uint32_t ntasks)
{
	int rc = array_check(c, ctx, array_id, "cancel");

	if (rc != OP_OK)
		return rc;
	log_info("%s: uid %u cancels %s of array %u", ctx->peer,
		 (unsigned)ctx->uid, ntasks ? "tasks" : "all tasks", array_id);
	return op_propose(c, ctx, array_id, "array cancel", true,
			  cmd_array_cancel(array_id, tasks, ntasks,
					   (uint32_t)ctx->uid, time(NULL)));
}

static int task_hold(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		     const void *arg)
{
	return op_job_hold(c, ctx, id, *(const bool *)arg);
}

int op_job_hold(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		bool hold)
{
	struct job_update u;
	struct job *j;
	int rc;

	if (array_named(c, id))
		return array_each(c, ctx, id, task_hold, &hold);
	rc = job_check(c, ctx, id, hold ? "hold" : "release", &j);
	if (rc != OP_OK)
		return rc;
	if (j->state != JOB_ST_PENDING) {
		err_set("job %s is not pending", jn(c, id));
		return OP_EBUSY;
	}
	memset(&u, 0, sizeof(u));
	u.job_id = id;
	if (hold) {
		/* as scontrol: an operator's hold is an admin hold, which
		 * only operators release */
		if (j->priority == 0 && (!ctx->is_operator ||
					 j->reason == JOB_REASON_HELD_ADMIN)) {
			err_set("job %s is already held", jn(c, id));
			return OP_EBUSY;
		}
		u.fields = JOB_UPD_HOLD;
		u.hold_admin = ctx->is_operator;
	} else {
		if (j->priority != 0) {
			err_set("job %s is not held", jn(c, id));
			return OP_EBUSY;
		}
		if (!ctx->is_operator && !job_held_by_user(j)) {
			err_set("permission denied: job %s was held by an "
				"operator, and only operators release it",
				jn(c, id));
			return OP_EPERM;
		}
		u.fields = JOB_UPD_RELEASE;
	}
	return op_job_update(c, ctx, &u);
}

/* "TimeLimit=10 hold(admin)" for the log. */
static char *update_text(const struct job_update *u)
{
	char *s = xstrdup("");

	if (u->fields & JOB_UPD_NAME)
		xstrfmtcat(&s, " JobName=%s", u->name);
	if (u->fields & JOB_UPD_COMMENT)
		xstrfmtcat(&s, " Comment=%s", u->comment);
	if (u->fields & JOB_UPD_PARTITION)
		xstrfmtcat(&s, " Partition=%s", u->partition);
	if (u->fields & JOB_UPD_TIME_LIMIT)
		xstrfmtcat(&s, " TimeLimit=%u", u->time_limit);
	if (u->fields & JOB_UPD_NODES)
		xstrfmtcat(&s, " NumNodes=%u-%u", u->min_nodes, u->max_nodes);
	if (u->fields & JOB_UPD_TASKS)
		xstrfmtcat(&s, " NumTasks=%u", u->num_tasks);
	if (u->fields & JOB_UPD_CPUS_PER_TASK)
		xstrfmtcat(&s, " CPUsPerTask=%u", u->cpus_per_task);
	if (u->fields & JOB_UPD_MEM)
		xstrfmtcat(&s, " MinMemory%s=%llu", u->mem_per_cpu ? "CPU" : "Node",
			   (unsigned long long)u->mem_mb);
	if (u->fields & JOB_UPD_PRIORITY)
		xstrfmtcat(&s, " Priority=%u", u->priority);
	if (u->fields & JOB_UPD_HOLD)
		xstrfmtcat(&s, " hold(%s)", u->hold_admin ? "admin" : "user");
	if (u->fields & JOB_UPD_RELEASE)
		xstrfmtcat(&s, " release");
	if (u->fields & JOB_UPD_BEGIN)
		xstrfmtcat(&s, " StartTime=%lld", (long long)u->begin_time);
	if (u->fields & JOB_UPD_DEADLINE)
		xstrfmtcat(&s, " Deadline=%lld", (long long)u->deadline);
	if (u->fields & JOB_UPD_REQ)
		xstrfmtcat(&s, " request(0x%llx)", (unsigned long long)u->req_mask);
	if (u->fields & JOB_UPD_REQUEUE)
		xstrfmtcat(&s, " Requeue=%d", !u->no_requeue);
	if (u->fields & JOB_UPD_WORK_DIR)
		xstrfmtcat(&s, " WorkDir=%s", u->work_dir);
	if (u->fields & JOB_UPD_STD_OUT)
		xstrfmtcat(&s, " StdOut=%s", u->std_out);
	if (u->fields & JOB_UPD_SHRINK)
		xstrfmtcat(&s, " shrink(keep %s)", u->keep_nodes);
	return s;
}

int op_job_update(struct ctld *c, const struct op_ctx *ctx,
		  const struct job_update *u)
{
	char name[CTLD_JOB_NAME_LEN];
	struct job *j;
	char *text;
	int rc = job_check(c, ctx, u->job_id, "update", &j);

	if (rc != OP_OK)
		return rc;
	if (!u->fields || (u->fields & ~JOB_UPD_ALL)) {
		err_set("job %u: nothing to update", u->job_id);
		return OP_EINVAL;
	}
	text = update_text(u);
	log_info("%s: uid %u updates job %s:%s", ctx->peer, (unsigned)ctx->uid,
		 ctld_job_name(c->st, u->job_id, name), text);
	free(text);
	if (u->fields & JOB_UPD_SHRINK && j->node_bits) {
		/* what it holds now and will not keep */
		bitstr_t *rel = bit_copy(j->node_bits);
		hostlist_t *hl = hostlist_create(u->keep_nodes);

		for (size_t i = 0; hl && i < hostlist_count(hl); i++) {
			long idx = state_node_index(c->st, hostlist_nth(hl, i));

			if (idx >= 0 && (uint32_t)idx < bit_size(rel))
				bit_clear(rel, (uint32_t)idx);
		}
		hostlist_destroy(hl);
		return op_propose_rel(c, ctx, u->job_id, "update", false, rel,
				      cmd_job_update(u, time(NULL)));
	}
	return job_propose(c, ctx, u->job_id, "update",
			   cmd_job_update(u, time(NULL)));
}

int op_array_update(struct ctld *c, const struct op_ctx *ctx,
		    uint32_t array_id, const uint32_t *tasks, uint32_t ntasks,
		    const struct job_update *u)
{
	struct job *j;
	char *text;
	int rc = job_check_any(c, ctx, u->job_id, "update", &j);

	if (rc != OP_OK)
		return rc;
	if (!u->fields || (u->fields & ~JOB_UPD_ALL)) {
		err_set("array %u: nothing to update", array_id);
		return OP_EINVAL;
	}
	text = update_text(u);
	log_info("%s: uid %u updates %s of array %u:%s", ctx->peer,
		 (unsigned)ctx->uid, ntasks ? "tasks" : "all tasks", array_id,
		 text);
	free(text);
	return op_propose(c, ctx, array_id, "array update", true,
			  cmd_array_update(array_id, tasks, ntasks, u,
					   time(NULL)));
}

int op_array_throttle(struct ctld *c, const struct op_ctx *ctx,
		      uint32_t array_id, uint32_t throttle)
{
	int rc = array_check(c, ctx, array_id, "update");

	if (rc != OP_OK)
		return rc;
	log_info("%s: uid %u sets the throttle of array %u to %u", ctx->peer,
		 (unsigned)ctx->uid, array_id, throttle);
	return op_propose(c, ctx, array_id, "array throttle", true,
			  cmd_array_throttle(array_id, throttle, time(NULL)));
}

/* A u32 of at least MIN in S; -1 when S is not one. */
static int parse_u32(const char *s, uint32_t min, uint32_t *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (!*s || *end || errno || n < min || n >= STATE_NO_VAL || *s == '-')
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static int task_set(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		    const void *arg)
{
	return op_job_set(c, ctx, id, (char *const *)arg);
}

int op_job_set(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
	       char *const *keys)
{
	struct job_update u;
	const struct partition *part;
	struct job *j;
	int rc;

	if (array_named(c, id))
		return array_each(c, ctx, id, task_set, keys);
	rc = job_check(c, ctx, id, "update", &j);
	if (rc != OP_OK)
		return rc;
	memset(&u, 0, sizeof(u));
	u.job_id = id;
	part = state_part(c->st, j->partition);
	for (size_t i = 0; keys && keys[i]; i++) {
		const char *k = keys[i], *eq = strchr(k, '='), *v;
		size_t klen;

		if (!eq || eq == k) {
			err_set("'%s' is not key=value (name, comment, timelimit, "
				"partition, priority)", k);
			return OP_EINVAL;
		}
		klen = (size_t)(eq - k);
		v = eq + 1;
		if (klen == 4 && !strncasecmp(k, "name", 4)) {
			u.fields |= JOB_UPD_NAME;
			u.name = (char *)v;
		} else if (klen == 7 && !strncasecmp(k, "comment", 7)) {
			u.fields |= JOB_UPD_COMMENT;
			u.comment = (char *)v;
		} else if (klen == 9 && !strncasecmp(k, "timelimit", 9)) {
			if (!strcasecmp(v, "UNLIMITED") || !strcasecmp(v, "INFINITE"))
				u.time_limit = STATE_INFINITE;
			else if (parse_u32(v, 1, &u.time_limit) < 0) {
				err_set("timelimit '%s' is not a number of minutes "
					"or UNLIMITED", v);
				return OP_EINVAL;
			}
			u.fields |= JOB_UPD_TIME_LIMIT;
		} else if (klen == 9 && !strncasecmp(k, "partition", 9)) {
			const struct partition *np = state_part(c->st, v);

			if (!np) {
				err_set("partition '%s' does not exist", v);
				return OP_ENOPART;
			}
			part = np;
			u.fields |= JOB_UPD_PARTITION;
			u.partition = np->name;
		} else if (klen == 8 && !strncasecmp(k, "priority", 8)) {
			if (parse_u32(v, 1, &u.priority) < 0) {
				err_set("priority '%s' is not a number above 0 "
					"(hold holds a job)", v);
				return OP_EINVAL;
			}
			u.fields |= JOB_UPD_PRIORITY;
		} else {
			err_set("unknown job setting '%.*s' (name, comment, "
				"timelimit, partition, priority)", (int)klen, k);
			return OP_EINVAL;
		}
	}
	if (!u.fields) {
		err_set("job %s: nothing to update", jn(c, id));
		return OP_EINVAL;
	}
	/* the rules of scontrol update (rpc_slurm.c desc_to_update) */
	if (u.fields & JOB_UPD_PARTITION) {
		if (j->state != JOB_ST_PENDING) {
			err_set("job %s is not pending: its partition stays",
				jn(c, id));
			return OP_EBUSY;
		}
		if (part->state == PART_STATE_DRAIN ||
		    part->state == PART_STATE_INACTIVE) {
			err_set("partition '%s' takes no jobs now", part->name);
			return OP_EBUSY;
		}
		if (!groups_allowed(c, part->allow_groups, j->uid)) {
			err_set("permission denied: the owner of job %s may "
				"not use partition '%s'", jn(c, id), part->name);
			return OP_EPERM;
		}
	}
	if ((u.fields & JOB_UPD_TIME_LIMIT) && !ctx->is_operator &&
	    u.time_limit > j->time_limit &&
	    !(j->state == JOB_ST_PENDING && part && part->max_time >= u.time_limit)) {
		err_set("permission denied: only operators may lengthen the time "
			"limit of job %s beyond that", jn(c, id));
		return OP_EPERM;
	}
	if (u.fields & JOB_UPD_PRIORITY) {
		if (!ctx->is_operator) {
			err_set("permission denied: only operators may set a "
				"priority");
			return OP_EPERM;
		}
		if (j->priority == 0) {
			err_set("job %s is held: release it first", jn(c, id));
			return OP_EBUSY;
		}
		if (j->state != JOB_ST_PENDING) {
			err_set("job %s is not pending", jn(c, id));
			return OP_EBUSY;
		}
	}
	if (u.fields & JOB_UPD_PARTITION) {
		struct job t = *j;

		t.partition = part->name;
		if (sched_job_possible(c->st, &t) < 0) {
			err_set("no node of partition '%s' could ever run job %s",
				part->name, jn(c, id));
			return OP_EBUSY;
		}
	}
	return op_job_update(c, ctx, &u);
}

struct signal_arg {
	uint32_t sig, flags;
};

static int task_signal(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		       const void *arg)
{
	const struct signal_arg *a = arg;

	return op_job_signal(c, ctx, id, a->sig, a->flags);
}

int op_job_signal(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		  uint32_t sig, uint32_t flags)
{
	struct job *j;
	int rc;

	if (array_named(c, id)) {
		struct signal_arg a = { sig, flags };

		return array_each(c, ctx, id, task_signal, &a);
	}
	rc = job_check(c, ctx, id, "signal", &j);
	if (rc != OP_OK)
		return rc;
	if (j->state != JOB_ST_RUNNING) {
		err_set("job %s is not running", jn(c, id));
		return OP_EPENDING;
	}
	if ((flags & WIRE_SIG_BATCH) && j->interactive) {
		err_set("job %u is an allocation: it has no batch script", id);
		return OP_EBATCHONLY;
	}
	if (nodes_signal(c, id, sig, flags) < 0) {
		log_info("job %u: signal %u not sent: %s", id, sig, err_msg());
		return OP_ENOTCONN;
	}
	ctx->done(ctx->arg, OP_OK, NULL);
	return OP_OK;
}

/* Requeue and suspend refuse a job not started yet. */
static int job_started(const struct ctld *c, const struct job *j)
{
	if (j->state == JOB_ST_PENDING) {
		err_set("job %s is pending", jn(c, j->id));
		return OP_EPENDING;
	}
	return OP_OK;
}

/* Requeue, suspend and resume once their checks passed: log WHAT (a
 * verb) of job J and propose CMD. */
static int job_act(struct ctld *c, const struct op_ctx *ctx,
		   const struct job *j, const char *what, buf_t *cmd)
{
	char name[CTLD_JOB_NAME_LEN];

	log_info("%s: uid %u %ss job %s", ctx->peer, (unsigned)ctx->uid, what,
		 ctld_job_name(c->st, j->id, name));
	return job_propose(c, ctx, j->id, what, cmd);
}

static int task_requeue(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
			const void *arg)
{
	return op_job_requeue(c, ctx, id, *(const bool *)arg);
}

int op_job_requeue(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		   bool hold)
{
	const char *what = hold ? "requeuehold" : "requeue";
	struct job *j;
	int rc;

	if (array_named(c, id))
		return array_each(c, ctx, id, task_requeue, &hold);
	rc = job_check_any(c, ctx, id, what, &j);
	if (rc != OP_OK)
		return rc;
	/* in slurmctld's order: --no-requeue, batch jobs only, then
	 * pending */
	if (j->no_requeue) {
		err_set("job %s was submitted with --no-requeue", jn(c, id));
		return OP_EDISABLED;
	}
	if (j->interactive) {
		/* salloc's command runs on the submit host, out of reach:
		 * there is nothing the nodes could start again */
		err_set("job %u is an allocation (salloc): only batch jobs "
			"can be requeued", id);
		return OP_EBATCHONLY;
	}
	if ((rc = job_started(c, j)) != OP_OK)
		return rc;
	return job_act(c, ctx, j, what, cmd_job_requeue(id, hold,
							c->sc->cred_expire,
							time(NULL)));
}

static int task_suspend(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
			const void *arg)
{
	return op_job_suspend(c, ctx, id, *(const bool *)arg);
}

int op_job_suspend(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		   bool suspend)
{
	const char *what = suspend ? "suspend" : "resume";
	struct job *j;
	int rc;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may %s jobs", what);
		return c->leader ? OP_EPERM : OP_ENOTLEADER;
	}
	if (array_named(c, id))
		return array_each(c, ctx, id, task_suspend, &suspend);
	if ((rc = job_check_any(c, ctx, id, what, &j)) != OP_OK ||
	    (rc = job_started(c, j)) != OP_OK)
		return rc;
	if (job_is_finished(j)) {
		err_set("job %u has already finished", id);
		return OP_EDONE;
	}
	if (suspend && j->state == JOB_ST_SUSPENDED) {
		/* as slurmctld: suspending a suspended job succeeds */
		ctx->done(ctx->arg, OP_OK, NULL);
		return OP_OK;
	}
	if (suspend && j->state != JOB_ST_RUNNING) {
		err_set("job %u is not running", id);
		return OP_ENOTRUNNING;
	}
	if (!suspend && j->state != JOB_ST_SUSPENDED) {
		err_set("job %u is not suspended", id);
		return OP_ENOTSUSPENDED;
	}
	return job_act(c, ctx, j, what, cmd_job_suspend(id, suspend,
							time(NULL)));
}

int op_job_top(struct ctld *c, const struct op_ctx *ctx, const uint32_t *ids,
	       uint32_t n, bool user_top)
{
	char name[CTLD_JOB_NAME_LEN];
	struct job *j;
	int rc;

	if (!ctx->is_operator && !user_top) {
		err_set("permission denied: only operators may move jobs to "
			"the top (SchedulerParameters=enable_user_top lets "
			"users)");
		return c->leader ? OP_EPERM : OP_ENOTLEADER;
	}
	if (!n) {
		err_set("no job to move");
		return OP_ENOJOB;
	}
	for (uint32_t i = 0; i < n; i++) {
		if ((rc = job_check_any(c, ctx, ids[i], "move", &j)) != OP_OK)
			return rc;
		if (j->state != JOB_ST_PENDING || j->completing) {
			err_set("job %s is not pending",
				ctld_job_name(c->st, ids[i], name));
			return OP_EBUSY;
		}
		if (j->priority == 0) {
			err_set("job %s is held",
				ctld_job_name(c->st, ids[i], name));
			return OP_EHELD;
		}
	}
	log_info("%s: uid %u moves %u job%s from %s on to the top", ctx->peer,
		 (unsigned)ctx->uid, n, n == 1 ? "" : "s",
		 ctld_job_name(c->st, ids[0], name));
	return job_propose(c, ctx, ids[0], "top",
			   cmd_job_top_nice(ids, n, time(NULL)));
}

/* The task an array's own id J names for a message, as slurmctld's
 * record of that id: its pending tasks while one is left, then the task
 * that started last, which took that record over (the highest index of
 * those started in the same second). J itself when it is no array's. */
static struct job *notify_target(struct ctld *c, struct job *j)
{
	struct job *last = NULL;
	struct array_iter it;

	if (!j->array_job_id || j->array_job_id != j->id)
		return j;
	for (struct job *o = state_array_first(c->st, j->id, &it); o;
	     o = state_array_next(c->st, &it)) {
		if (o->state == JOB_ST_PENDING)
			return o;
		if (!last || o->start_time > last->start_time ||
		    (o->start_time == last->start_time &&
		     o->array_task_id > last->array_task_id))
			last = o;
	}
	return last ? last : j;
}

int op_job_notify(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		  const char *msg)
{
	struct job *j;
	int rc = job_find(c, id, &j);

	/* a late array's id while no task holds it: its pending record */
	if (rc == OP_ENOJOB && (j = state_job_named(c->st, id))) {
		err_clear();
		rc = OP_OK;
	}
	if (rc != OP_OK)
		return rc;
	/* as slurmctld: the owner, root and SlurmUser, not operators */
	if (j->uid != (uint32_t)ctx->uid && ctx->uid != 0 &&
	    ctx->uid != c->slurm_uid) {
		err_set("permission denied: only the owner of job %u, root "
			"and SlurmUser may send it a message", id);
		return OP_EPERM;
	}
	j = notify_target(c, j);
	id = j->id;
	if (j->state != JOB_ST_PENDING && j->state != JOB_ST_RUNNING) {
		err_set("job %u is not running", id);
		return OP_EDONE;
	}
	if (j->state == JOB_ST_PENDING) {
		char name[CTLD_JOB_NAME_LEN];

		err_set("job %s is pending: no one to tell yet",
			ctld_job_name(c->st, id, name));
		return OP_EDISABLED;
	}
	if (nodes_notify(c, id, msg) < 0) {
		log_info("job %u: notify not sent: %s", id, err_msg());
		return OP_ENOTCONN;
	}
	log_info("%s: uid %u sends job %u a message", ctx->peer,
		 (unsigned)ctx->uid, id);
	ctx->done(ctx->arg, OP_OK, NULL);
	return OP_OK;
}

/* -- memory limits of waiting jobs -- */

uint64_t op_default_mem(const struct ctld *c, const struct partition *p,
			bool *per_cpu)
{
	const struct slurm_conf_part *cp = p ?
		slurm_conf_find_part(c->sc, p->name) : NULL;
	uint64_t def = cp && cp->def_mem ? cp->def_mem :
		slurm_conf_mem(c->sc, false);

	*per_cpu = (def & SLURM_CONF_MEM_PER_CPU) != 0;
	return def & ~SLURM_CONF_MEM_PER_CPU;
}

void op_job_mem_limits(struct ctld *c, const struct job *j,
		       const struct partition *p, bool mem_named,
		       bool cpt_named, struct job_update *u)
{
	struct job_req r = j->req;   /* shallow: only numbers change */
	uint32_t cpt0 = u->cpus_per_task;
	uint64_t mem0 = u->mem_mb;
	bool per_cpu0 = u->mem_per_cpu;

	/* the memory it has already: slurmctld leaves the job as it is */
	if (mem_named && u->mem_mb == j->mem_mb &&
	    u->mem_per_cpu == j->mem_per_cpu)
		return;
	if (mem_named && j->mem_default)
		u->fields |= JOB_UPD_MEM_ASKED;
	/* one that asked none takes the default of now (of the partition
	 * it moves to) */
	if (!mem_named && j->mem_default)
		u->mem_mb = op_default_mem(c, p, &u->mem_per_cpu);
	else if (!mem_named && !cpt_named && j->cpus_per_task_asked &&
		 j->cpus_per_task % j->cpus_per_task_asked == 0)
		u->mem_mb = j->mem_mb * (j->cpus_per_task /
					 j->cpus_per_task_asked);
	if (!cpt_named && j->cpus_per_task_asked)
		u->cpus_per_task = j->cpus_per_task_asked;
	r.cpus_per_task = u->cpus_per_task;
	r.cpus_per_task_asked = 0;
	r.num_tasks = u->num_tasks;
	r.min_nodes = u->min_nodes;
	r.max_nodes = u->max_nodes;
	r.mem_mb = u->mem_mb;
	r.mem_per_cpu = u->mem_per_cpu;
	if (u->mem_per_cpu && u->mem_mb) {
		(void)sched_mem_limit(c->st, &r, p);
		u->cpus_per_task = r.cpus_per_task;
		u->mem_mb = r.mem_mb;
	}
	/* a change that names no memory is not refused for it: a shape
	 * no node takes (a limit lowered since) is left as it was */
	if (!mem_named && (u->cpus_per_task != j->cpus_per_task ||
			   u->mem_mb != j->mem_mb ||
			   u->mem_per_cpu != j->mem_per_cpu)) {
		struct job t = *j;

		t.cpus_per_task = u->cpus_per_task;
		t.mem_mb = u->mem_mb;
		t.mem_per_cpu = u->mem_per_cpu;
		t.num_tasks = u->num_tasks;
		t.min_nodes = u->min_nodes;
		t.max_nodes = u->max_nodes;
		if (sched_job_possible(c->st, &t) < 0) {
			u->cpus_per_task = cpt0;
			u->mem_mb = mem0;
			u->mem_per_cpu = per_cpu0;
			return;
		}
	}
	if (r.cpus_per_task_asked != j->cpus_per_task_asked) {
		u->fields |= JOB_UPD_CPUS_ASKED;
		u->cpus_per_task_asked = r.cpus_per_task_asked;
	}
	if (u->cpus_per_task != j->cpus_per_task)
		u->fields |= JOB_UPD_CPUS_PER_TASK;
	else
		u->fields &= ~(uint32_t)JOB_UPD_CPUS_PER_TASK;
	if (u->mem_mb != j->mem_mb || u->mem_per_cpu != j->mem_per_cpu)
		u->fields |= JOB_UPD_MEM;
	else
		u->fields &= ~(uint32_t)JOB_UPD_MEM;
}

static void mem_limits_done(void *arg, int status, void *result)
{
	uint32_t *id = arg;
	int rc = op_commit_rc(status, result);

	if (rc != OP_OK)
		log_debug("job %u: memory for the new limits not applied: %s",
			  *id, op_strerror(rc));
	free(result);
	free(id);
}

int op_jobs_mem_limits(struct ctld *c)
{
	time_t now = time(NULL);
	int n = 0;

	if (!c->leader)
		return 0;
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *j = c->st->jobs[i];
		struct job_update u;
		uint32_t *id;

		/* a held job is not looked at until its release */
		if (j->state != JOB_ST_PENDING || j->priority == 0 ||
		    !(j->mem_default || j->cpus_per_task_asked ||
		      (j->mem_per_cpu && j->mem_mb)))
			continue;
		memset(&u, 0, sizeof(u));
		u.job_id = j->id;
		job_update_shape(&u, j);
		op_job_mem_limits(c, j, state_part(c->st, j->partition), false,
				  false, &u);
		if (!u.fields)
			continue;
		id = xcalloc(1, sizeof(*id));
		*id = j->id;
		if (ctld_propose(c, cmd_job_update(&u, now), mem_limits_done,
				 id) < 0) {
			log_warn("job %u: cannot propose its memory for the "
				 "new limits: %s", j->id, err_msg());
			free(id);
			continue;
		}
		n++;
	}
	return n;
}
