/* ops_step.c - job steps (srun inside an allocation or a batch job): lay
 * a step's tasks out over its job's nodes and create it, record its end
 * from the node daemons (WIRE_STEP_ENDED) or srun (REQUEST_STEP_COMPLETE),
 * cancel and signal it, and send what the model wants of ended steps: a
 * stop to the nodes still running them (WIRE_STEP_SIGNAL) and
 * SRUN_JOB_COMPLETE / SRUN_TIMEOUT to srun. Decoding Slurm requests and
 * building the create reply with its credential are rpc_slurm.c's; the
 * tasks themselves are started by srun on the node daemons. */
#include <event2/event.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"
#include "sched/sched.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_step.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"
#include "wire/wire.h"

/* Seconds before the time limit at which srun hears SRUN_TIMEOUT (as
 * salloc, see ops_alloc.c). */
#define STEP_TIMEOUT_WARN 60
/* Seconds between stops sent again to nodes that have not reported the
 * end of an ended step. */
#define STEP_KILL_RETRY 30
/* Seconds after a step's end within which its srun is still told (by a
 * controller that takes over, say). */
#define STEP_TELL_WINDOW 60

/* The checks every step operation makes first: leader, job, caller. */
static struct job *step_job(struct ctld *c, const struct op_ctx *ctx,
			    uint32_t job_id, int *rc)
{
	struct job *j;

	if (!c->leader) {
		err_set("this controller is not the leader");
		*rc = OP_ENOTLEADER;
		return NULL;
	}
	if (!(j = state_job(c->st, job_id))) {
		err_set("job %u does not exist", job_id);
		*rc = OP_ENOJOB;
		return NULL;
	}
	if (j->uid != (uint32_t)ctx->uid && !ctx->is_operator) {
		err_set("permission denied: job %u is not yours", job_id);
		*rc = OP_EPERM;
		return NULL;
	}
	*rc = OP_OK;
	return j;
}

/* ---- layout ---------------------------------------------------------- */

/* A step proposed and not yet committed: what it takes counts against
 * the next step's layout, or two sruns racing would get the same CPUs
 * and the second be refused by apply. */
struct create_op {
	struct ctld *c;
	uint32_t job_id, uid;
	char *srun_host;
	uint16_t srun_port;
	step_done_cb done;
	void *arg;
	/* its layout */
	uint32_t n, *idx, *tasks, cpt;
	uint64_t mem_mb;
	uint64_t *gpus;            /* GPUs on each node, or NULL */
	bool whole, overlap;
	struct create_op *next;    /* on the in-flight list */
};

static struct create_op *inflight;

/* CPUs and memory the in-flight steps of J take on node IDX. */
static void inflight_used(const struct job *j, uint32_t idx, uint32_t *cpus,
			  uint64_t *mem)
{
	for (struct create_op *o = inflight; o; o = o->next) {
		if (o->job_id != j->id || o->overlap)
			continue;
		for (uint32_t i = 0; i < o->n; i++)
			if (o->idx[i] == idx) {
				*cpus += o->whole ? job_cpus_on(j, idx) :
					 o->tasks[i] * o->cpt;
				*mem += o->mem_mb;
			}
	}
}

/* GPUs the in-flight steps of J hold on node IDX. */
static uint64_t inflight_gpus(const struct job *j, uint32_t idx)
{
	uint64_t m = 0;

	for (struct create_op *o = inflight; o; o = o->next) {
		if (o->job_id != j->id || o->overlap || !o->gpus)
			continue;
		for (uint32_t i = 0; i < o->n; i++)
			if (o->idx[i] == idx)
				m |= o->gpus[i];
	}
	return m;
}

struct layout {
	uint32_t n;                /* nodes chosen */
	uint32_t *idx;             /* their model indexes, ascending */
	uint32_t *tasks;           /* tasks on each */
	uint64_t mem_mb;           /* per node */
	uint64_t *gpus;            /* GPUs on each, NULL: none asked */
};

static void layout_free(struct layout *l)
{
	free(l->idx);
	free(l->tasks);
	free(l->gpus);
}

/* A step's GPU request against one node: CAP tasks fit its CPUs; how
 * many of them the node's FREE GPUs (a mask) serve. */
static uint32_t gpu_cap(enum step_gpus_by by, uint32_t n, uint64_t free_m,
			uint32_t cap)
{
	uint32_t have = gpu_popcount(free_m);

	switch (by) {
	case STEP_GPUS_NODE:
		return have < n ? 0 : cap;
	case STEP_GPUS_TASK:
		return n && have / n < cap ? have / n : cap;
	case STEP_GPUS_STEP:
		return n && !have ? 0 : cap;
	case STEP_GPUS_JOB:
		break;
	}
	return cap;
}

/* Slurm's node choice for a step: the required nodes (SEL already
 * marked), then the job's others in order, until the step has MIN nodes,
 * room for TASKS and (a --gpus step) GNEED GPUs, at most MAX nodes. Each
 * node holds CAP[k] tasks and GCNT[k] GPUs. Whether that was enough;
 * *BAD the index of a required node with no room, or -1. */
static bool nodes_choose(uint32_t njn, const uint32_t *cap,
			 const uint32_t *gcnt, const bool *req,
			 const bool *exc, uint32_t min, uint32_t max,
			 uint32_t tasks, uint32_t gneed, bool *sel,
			 uint32_t *nsel_out, long *bad)
{
	uint32_t nsel = 0, room = 0, groom = 0;

	*bad = -1;
	for (uint32_t k = 0; k < njn; k++) {
		sel[k] = req[k];
		if (!req[k])
			continue;
		if (!cap[k]) {
			*bad = (long)k;
			return false;
		}
		nsel++;
		room += cap[k];
		groom += gcnt[k];
	}
	for (uint32_t k = 0; k < njn && (nsel < min || room < tasks ||
					 groom < gneed) && nsel < max; k++)
		if (!sel[k] && !exc[k] && cap[k]) {
			sel[k] = true;
			nsel++;
			room = room + cap[k] < room ? UINT32_MAX : room + cap[k];
			groom += gcnt[k];
		}
	*nsel_out = nsel;
	return nsel >= min && room >= tasks && groom >= gneed;
}

/* Mark in SEL (one flag per job node, in JN's order) the nodes of hostlist
 * EXPR; how many. -1 with rc OP_EBADNODES and err_msg() for a name that
 * is not one of the job's (MUST_BE_IN) or does not parse. */
static int mark_nodes(struct ctld *c, const uint32_t *jn, uint32_t njn,
		      const char *expr, bool must_be_in, bool *sel, int *rc)
{
	hostlist_t *hl = hostlist_create(expr);
	int count = 0;

	*rc = OP_OK;
	if (!hl) {
		err_set("node list '%s' does not parse", expr);
		*rc = OP_EHOSTLIST;
		return -1;
	}
	for (size_t i = 0; i < hostlist_count(hl); i++) {
		const char *name = hostlist_nth(hl, i);
		long idx = state_node_index(c->st, name);
		uint32_t k;

		for (k = 0; idx >= 0 && k < njn; k++)
			if (jn[k] == (uint32_t)idx)
				break;
		if (idx < 0 || k == njn) {
			if (!must_be_in)
				continue;
			err_set("node %s is not in the job's allocation", name);
			*rc = OP_EBADNODES;
			count = -1;
			break;
		}
		if (!sel[k])
			count++;
		sel[k] = true;
	}
	hostlist_destroy(hl);
	return count;
}

/* Slurm's block layout over the job's nodes: the nodes -w names, then
 * the job's others in order, as few as the step may have that hold its
 * tasks in their free CPUs; tasks are counted out one per node in turn
 * (each node up to its CPUs) and numbered node by node. */
static int step_layout(struct ctld *c, const struct job *j,
		       const struct step_request *rq, struct layout *out)
{
	uint32_t njn = (uint32_t)bit_count(j->node_bits), k = 0;
	uint32_t *jn = xcalloc(njn ? njn : 1, sizeof(*jn));
	uint32_t *cap = xcalloc(njn ? njn : 1, sizeof(*cap));
	bool *req = xcalloc(njn ? njn : 1, sizeof(*req));
	bool *exc = xcalloc(njn ? njn : 1, sizeof(*exc));
	bool *sel = xcalloc(njn ? njn : 1, sizeof(*sel));
	uint32_t cpt = rq->cpus_per_task ? rq->cpus_per_task : 1;
	uint32_t full = j->cpus_per_node / cpt, nreq = 0, nexc = 0;
	uint32_t *cap0 = xcalloc(njn ? njn : 1, sizeof(*cap0));
	uint32_t *gcnt = xcalloc(njn ? njn : 1, sizeof(*gcnt));
	uint32_t *gcnt0 = xcalloc(njn ? njn : 1, sizeof(*gcnt0));
	uint64_t *busy = xcalloc(njn ? njn : 1, sizeof(*busy));
	uint32_t min, max, tasks, nsel = 0, placed = 0, gn = rq->gpus, gneed;
	enum step_gpus_by gby = rq->gpus_by;
	bool gpus = j->gpu_masks && step_gpus_resolve(j, &gby, &gn);
	long bad;
	int rc = OP_OK, n;

	memset(out, 0, sizeof(*out));
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0 && k < njn;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
		jn[k++] = (uint32_t)i;
	if (rq->node_list && *rq->node_list) {
		if ((n = mark_nodes(c, jn, njn, rq->node_list, true, req,
				    &rc)) < 0)
			goto out;
		nreq = (uint32_t)n;
	}
	if (rq->exc_nodes && *rq->exc_nodes) {
		if ((n = mark_nodes(c, jn, njn, rq->exc_nodes, false, exc,
				    &rc)) < 0)
			goto out;
		for (k = 0; k < njn; k++)
			if (exc[k] && req[k]) {
				err_set("a node is both required and excluded");
				rc = OP_ENODECOUNT;
				goto out;
			}
			else
				nexc += exc[k];
	}
	if (rq->ntasks_per_node && rq->ntasks_per_node < full)
		full = rq->ntasks_per_node;
	if (rq->overcommit)
		full = rq->ntasks_per_node ? rq->ntasks_per_node : UINT32_MAX;
	min = rq->min_nodes ? rq->min_nodes : njn;
	/* srun asks for all the job's nodes unless -N says less; with -w
	 * the named nodes are what it wants */
	if (nreq && !rq->max_nodes && min == njn)
		min = nreq;
	if (nreq && !rq->min_nodes)
		min = nreq;
	max = rq->max_nodes ? rq->max_nodes : njn;
	if (max > njn - nexc)
		max = njn - nexc;
	if (min < nreq)
		min = nreq;
	if (min == 0 || min > max) {
		err_set("%u node(s) asked, the allocation has %u", min,
			njn - nexc);
		rc = OP_ENODECOUNT;
		goto out;
	}
	tasks = rq->num_tasks ? rq->num_tasks :
		min * (rq->ntasks_per_node ? rq->ntasks_per_node : 1);
	if (tasks < min)
		min = tasks;
	if (min < nreq) {
		err_set("%u task(s) for %u required node(s)", tasks, nreq);
		rc = OP_ENODECOUNT;
		goto out;
	}
	if (full == 0 || (uint64_t)full * max < tasks) {
		err_set("%u task(s) of %u CPU(s) asked, the allocation has %u "
			"CPU(s) on %u node(s)", tasks, cpt, j->cpus_per_node,
			max);
		rc = OP_ETOOMANY;
		goto out;
	}
	/* what the other steps leave on each node: CPUs, and GPUs (CAP0
	 * and GCNT0 what the job holds, as if it ran no step) */
	for (k = 0; k < njn; k++) {
		uint32_t used = 0, avail, held = job_cpus_at(j, k), c0;
		uint64_t mem = 0, gfree = job_gpu_mask(j, jn[k]);

		if (!rq->overlap) {
			job_steps_used(j, jn[k], &used, &mem);
			inflight_used(j, jn[k], &used, &mem);
			busy[k] = job_steps_gpus(j, jn[k]) |
				inflight_gpus(j, jn[k]);
		}
		c0 = rq->overcommit && held ? full : held / cpt;
		if (c0 > full)
			c0 = full;
		avail = used >= held ? 0 : held - used;
		if (rq->whole && used)
			avail = 0;
		cap[k] = rq->overcommit && avail ? full : avail / cpt;
		if (cap[k] > full)
			cap[k] = full;
		if (gpus) {
			cap0[k] = gpu_cap(gby, gn, gfree, c0);
			gcnt0[k] = gpu_popcount(gfree);
			cap[k] = gpu_cap(gby, gn, gfree & ~busy[k], cap[k]);
			gcnt[k] = gpu_popcount(gfree & ~busy[k]);
		}
	}
	gneed = gpus && gby == STEP_GPUS_STEP ? gn : 0;
	/* a step that its job's GPUs could not serve even with no other
	 * step running is refused, as slurmctld counts them per node for
	 * the tasks it puts there; one that others' GPUs hold up waits */
	if (gpus && !nodes_choose(njn, cap0, gcnt0, req, exc, min, max, tasks,
				  gneed, sel, &nsel, &bad)) {
		err_set("the step asks more GPUs than the job holds where its "
			"tasks go");
		rc = OP_ETOOMANY;
		goto out;
	}
	if (!nodes_choose(njn, cap, gcnt, req, exc, min, max, tasks, gneed,
			  sel, &nsel, &bad)) {
		if (bad >= 0)
			err_set("node %s is in use by other steps",
				c->st->nodes[jn[bad]].name);
		else
			err_set("the allocation's %s in use by other steps",
				gpus ? "CPUs or GPUs are" : "CPUs are");
		rc = OP_ESTEPBUSY;
		goto out;
	}
	out->idx = xcalloc(nsel, sizeof(*out->idx));
	out->tasks = xcalloc(nsel, sizeof(*out->tasks));
	for (k = 0; k < njn; k++)
		if (sel[k]) {
			cap[out->n] = cap[k];
			busy[out->n] = busy[k];
			out->idx[out->n++] = jn[k];
		}
	/* one task per node in turn, each node up to its room */
	for (uint32_t round = 0; placed < tasks; round++)
		for (uint32_t i = 0; i < out->n && placed < tasks; i++)
			if (round < cap[i]) {
				out->tasks[i]++;
				placed++;
			}
	if (rq->mem_mb) {
		uint32_t most = 0;

		for (uint32_t i = 0; i < out->n; i++)
			if (out->tasks[i] > most)
				most = out->tasks[i];
		out->mem_mb = rq->mem_per_cpu ?
			rq->mem_mb * (rq->whole ? j->cpus_per_node : most * cpt) :
			rq->mem_mb;
		if (j->alloc_mem_mb && out->mem_mb > j->alloc_mem_mb) {
			err_set("%llu MB per node asked, the allocation has "
				"%llu MB", (unsigned long long)out->mem_mb,
				(unsigned long long)j->alloc_mem_mb);
			rc = OP_EMEMORY;
			goto out;
		}
	}
	/* the lowest of the GPUs the other steps leave */
	if (gpus && !(out->gpus = step_gpus_pick(j, out->idx, out->tasks,
						 out->n, gby, gn, busy))) {
		err_set("the allocation's GPUs are in use by other steps");
		rc = OP_ESTEPBUSY;
	}
out:
	if (rc != OP_OK)
		layout_free(out);
	free(jn);
	free(cap);
	free(cap0);
	free(gcnt);
	free(gcnt0);
	free(busy);
	free(req);
	free(exc);
	free(sel);
	return rc;
}

/* ---- sruns waiting for CPUs ------------------------------------------ */

/* An srun refused for CPUs other steps hold polls its port for up to a
 * minute before it asks again; slurmctld wakes it when a step of the job
 * ends, and so do we (any message will do: srun only polls). Soft state:
 * a new leader's sruns ask again when their minute is up. */
struct step_waiter {
	uint32_t job_id, uid;
	char *host;
	uint16_t port;
	struct step_waiter *next;
};

static struct step_waiter *waiters;

static void waiter_add(uint32_t job_id, uint32_t uid, const char *host,
		       uint16_t port)
{
	struct step_waiter *w;

	if (!host || !port)
		return;
	for (w = waiters; w; w = w->next)
		if (w->job_id == job_id && w->port == port &&
		    !strcmp(w->host, host))
			return;
	w = xcalloc(1, sizeof(*w));
	w->job_id = job_id;
	w->uid = uid;
	w->host = xstrdup(host);
	w->port = port;
	w->next = waiters;
	waiters = w;
}

/* A step of JOB_ID ended, or the job did, or its nodes are back from
 * their reboot: its waiting sruns ask again. */
void op_steps_wake(struct ctld *c, uint32_t job_id)
{
	struct step_waiter **pp = &waiters, *w;

	while ((w = *pp)) {
		if (w->job_id != job_id) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		srun_send(c, w->host, w->port, w->uid, job_id, SRUN_PING,
			  buf_new(0), "wake-up of a waiting step");
		free(w->host);
		free(w);
	}
}

/* ---- create ---------------------------------------------------------- */

static void create_done(void *arg, int status, void *result)
{
	struct create_op *o = arg;
	struct state_result *res = result;
	int rc = op_commit_rc(status, res);

	/* two steps raced for the same CPUs: this one waits, as srun does
	 * on "nodes busy" */
	if (rc == OP_EBUSY) {
		rc = OP_ESTEPBUSY;
		waiter_add(o->job_id, o->uid, o->srun_host, o->srun_port);
	}
	if (rc == OP_OK) {
		struct step *s = job_step(state_job(o->c->st, o->job_id),
					  res->step_id);

		log_info("step %u.%u created: %u task(s) on %s", o->job_id,
			 res->step_id, s ? s->ntasks : 0, s ? s->nodes : "?");
	} else {
		log_info("job %u: step not created: %s", o->job_id,
			 op_strerror(rc));
	}
	for (struct create_op **pp = &inflight; *pp; pp = &(*pp)->next)
		if (*pp == o) {
			*pp = o->next;
			break;
		}
	o->done(o->arg, rc, rc == OP_OK ? res->step_id : 0);
	free(result);
	free(o->srun_host);
	free(o->idx);
	free(o->tasks);
	free(o->gpus);
	free(o);
}

int op_step_create(struct ctld *c, const struct op_ctx *ctx,
		   const struct step_request *rq, step_done_cb done, void *arg)
{
	struct step_spec sp;
	struct layout l;
	struct create_op *o;
	struct job *j;
	int rc;

	if (!(j = step_job(c, ctx, rq->job_id, &rc)))
		return rc;
	if (j->state == JOB_ST_PENDING) {
		err_set("job %u is pending", j->id);
		return OP_EPENDING;
	}
	if (j->state != JOB_ST_RUNNING) {
		err_set("job %u has %s", j->id, job_is_finished(j) ?
			"already finished" : "been suspended");
		return job_is_finished(j) ? OP_EDONE : OP_EBUSY;
	}
	/* salloc/srun --reboot: its nodes are not back yet, as slurmctld
	 * refuses a step while a node of the job does not respond (srun
	 * asks again, woken once they are back) */
	if (j->configuring) {
		err_set("job %u's nodes are rebooting", j->id);
		waiter_add(j->id, j->uid, rq->srun_host, rq->srun_port);
		return OP_ESTEPBUSY;
	}
	if ((rc = step_layout(c, j, rq, &l)) != OP_OK) {
		if (rc == OP_ESTEPBUSY)
			waiter_add(j->id, j->uid, rq->srun_host, rq->srun_port);
		return rc;
	}
	memset(&sp, 0, sizeof(sp));
	sp.job_id = j->id;
	sp.name = (char *)rq->name;
	sp.nnodes = l.n;
	sp.node_idx = l.idx;
	sp.tasks = l.tasks;
	sp.cpus_per_task = rq->cpus_per_task ? rq->cpus_per_task : 1;
	sp.mem_mb = l.mem_mb;
	sp.task_dist = rq->task_dist;
	sp.time_limit = rq->time_limit;
	sp.overlap = rq->overlap;
	sp.whole = rq->whole && !rq->overlap;
	sp.gpu_masks = l.gpus;
	sp.srun_host = (char *)rq->srun_host;
	sp.srun_port = rq->srun_port;
	sp.srun_pid = rq->srun_pid;
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->job_id = j->id;
	o->uid = j->uid;
	o->srun_host = rq->srun_host ? xstrdup(rq->srun_host) : NULL;
	o->srun_port = rq->srun_port;
	o->done = done;
	o->arg = arg;
	o->n = l.n;
	o->idx = l.idx;
	o->tasks = l.tasks;
	o->gpus = l.gpus;
	o->cpt = sp.cpus_per_task;
	o->mem_mb = l.mem_mb;
	o->whole = sp.whole;
	o->overlap = sp.overlap;
	o->next = inflight;
	inflight = o;
	log_info("%s: uid %u asks for a step of job %u: %u node(s)", ctx->peer,
		 (unsigned)ctx->uid, j->id, l.n);
	ctld_propose(c, cmd_step_create(&sp, time(NULL)), create_done, o);
	return OP_OK;
}

/* ---- ends ------------------------------------------------------------ */

/* One end proposed for a node's report (acknowledged after the commit)
 * or for srun's REQUEST_STEP_COMPLETE (answered once all committed). */
struct end_op {
	struct ctld *c;
	char *node;                /* the reporting node, or NULL */
	uint32_t job_id, step_id;
	struct op_ctx ctx;         /* srun's request: ctx.done */
	uint32_t left;             /* commands still to commit */
	int rc;
	/* the step's state when this was proposed: a running step, or
	 * one its job's end took for cancelled before its nodes reported
	 * (the state model then ends it with their status) */
	enum step_state was;
};

static void send_end_ack(struct ctld *c, const char *node, uint32_t job_id,
			 uint32_t step_id)
{
	struct wire_step_event ev = { .job_id = job_id, .step_id = step_id };
	long idx = state_node_index(c->st, node);
	buf_t *b;

	if (idx < 0)
		return;
	b = wire_frame_begin(WIRE_STEP_END_ACK);
	wire_pack_step_event(b, &ev);
	nodes_send_frame(c, (uint32_t)idx, b);
}

static void end_done(void *arg, int status, void *result)
{
	struct end_op *o = arg;
	struct state_result *res = result;
	int rc = op_commit_rc(status, res);
	struct job *j = state_job(o->c->st, o->job_id);
	struct step *s = job_step(j, o->step_id);

	if (rc == OP_OK && s && s->state != STEP_ST_RUNNING &&
	    s->state != o->was) {
		log_info("step %u.%u ended: %s (status %d)", o->job_id,
			 o->step_id, step_state_name(s->state),
			 s->exit_status);
		op_steps_wake(o->c, o->job_id);
	}
	if (o->node) {
		/* recorded, or nothing to record any more (the job is
		 * gone): the node may forget it; otherwise it sends the
		 * end again */
		if (status == RNODE_OK)
			send_end_ack(o->c, o->node, o->job_id, o->step_id);
		else
			log_info("step %u.%u end from %s not committed: %s",
				 o->job_id, o->step_id, o->node, err_msg());
		free(o->node);
		free(o);
	} else {
		if (rc != OP_OK && o->rc == OP_OK)
			o->rc = rc;
		if (--o->left == 0) {
			o->ctx.done(o->ctx.arg, o->rc,
				    o->rc == OP_OK ? NULL : op_strerror(o->rc));
			free(o);
		}
	}
	free(result);
}

void steps_node_ended(struct ctld *c, const char *node,
		      const struct wire_step_event *ev)
{
	struct end_op *o = xcalloc(1, sizeof(*o));
	struct step *s = job_step(state_job(c->st, ev->job_id), ev->step_id);
	time_t now = time(NULL);

	log_debug("step %u.%u: end reported by %s (status %d)%s%s", ev->job_id,
		  ev->step_id, node, ev->status, ev->message ? ": " : "",
		  ev->message ? ev->message : "");
	if (ev->message)
		log_info("step %u.%u failed to launch on %s: %s", ev->job_id,
			 ev->step_id, node, ev->message);
	o->c = c;
	o->node = xstrdup(node);
	o->job_id = ev->job_id;
	o->step_id = ev->step_id;
	o->was = s ? s->state : STEP_ST_CANCELLED;
	ctld_propose(c, cmd_step_end(ev->job_id, ev->step_id, node, ev->status,
				     ev->time ? ev->time : now, now),
		     end_done, o);
}

int op_step_complete(struct ctld *c, const struct op_ctx *ctx,
		     uint32_t job_id, uint32_t step_id, uint32_t first,
		     uint32_t last, uint32_t status)
{
	struct end_op *o;
	struct step *s;
	struct job *j;
	time_t now = time(NULL);
	int rc;

	if (!(j = step_job(c, ctx, job_id, &rc)))
		return rc;
	if (!(s = job_step(j, step_id))) {
		err_set("step %u.%u does not exist", job_id, step_id);
		return OP_ENOSTEP;
	}
	if (first > last || last >= s->nnodes) {
		err_set("nodes %u-%u of a step on %u node(s)", first, last,
			s->nnodes);
		return OP_EINVAL;
	}
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->job_id = job_id;
	o->step_id = step_id;
	o->ctx = *ctx;
	o->ctx.peer = "step";
	o->was = s->state;
	log_info("%s: srun reports step %u.%u ended on node(s) %u-%u of %u "
		 "(status %u)", ctx->peer, job_id, step_id, first, last,
		 s->nnodes, status);
	if (first == 0 && last == s->nnodes - 1) {
		o->left = 1;
		ctld_propose(c, cmd_step_end(job_id, step_id, NULL,
					     (int32_t)status, now, now),
			     end_done, o);
		return OP_OK;
	}
	o->left = last - first + 1;
	for (uint32_t pos = 0, i = 0; i < c->st->nnodes; i++) {
		if (!bit_test(s->node_bits, i))
			continue;
		if (pos >= first && pos <= last)
			ctld_propose(c, cmd_step_end(job_id, step_id,
						     c->st->nodes[i].name,
						     (int32_t)status, now, now),
				     end_done, o);
		pos++;
	}
	return OP_OK;
}

/* ---- cancel and signal ----------------------------------------------- */

struct cancel_op {
	struct ctld *c;
	struct op_ctx ctx;
	uint32_t job_id, step_id;
};

static void cancel_done(void *arg, int status, void *result)
{
	struct cancel_op *o = arg;
	int rc = op_commit_rc(status, result);

	if (rc == OP_OK) {
		log_info("step %u.%u cancelled", o->job_id, o->step_id);
		/* its nodes stop it and its srun hears it */
		nodes_job_changed(o->c, o->job_id);
		op_steps_wake(o->c, o->job_id);
	}
	o->ctx.done(o->ctx.arg, rc, rc == OP_OK ? NULL : op_strerror(rc));
	free(result);
	free(o);
}

/* Why the model stopped step S of job J, for slurmstepd's line on srun's
 * stderr ("CANCELLED AT ...", " DUE TO TIME LIMIT"): its own end, or its
 * job's when the step ended with it. A step that ended by itself gets
 * none. */
static uint32_t step_stop_reason(const struct job *j, const struct step *s)
{
	switch (s->state) {
	case STEP_ST_TIMEOUT: return WIRE_TERM_TIMEOUT;
	case STEP_ST_NODE_FAIL: return WIRE_TERM_NODEFAIL;
	case STEP_ST_CANCELLED:
		switch (j->state) {
		case JOB_ST_TIMEOUT: return WIRE_TERM_TIMEOUT;
		case JOB_ST_NODE_FAIL: return WIRE_TERM_NODEFAIL;
		/* requeued: the step ended with the job's old run */
		case JOB_ST_PENDING: return WIRE_TERM_REQUEUE;
		default: return WIRE_TERM_CANCEL;
		}
	default: return WIRE_TERM_QUIET;
	}
}

/* Send SIG to step S of job J on node IDX; -1 when not connected. A
 * SIGKILL (stop) says why. A step cancelled alone (scancel ID.STEP) gets
 * SIGKILL at once, as slurmctld's REQUEST_TERMINATE_TASKS gives it (srun:
 * "Killed"); with its job or at a time limit SIGTERM first, KillWait
 * before SIGKILL ("Terminated"). */
static int send_step_signal(struct ctld *c, const struct job *j,
			    const struct step *s, uint32_t idx, uint32_t sig)
{
	bool alone = s->state == STEP_ST_CANCELLED &&
		(j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED);
	struct wire_step_signal m = {
		.job_id = j->id, .step_id = s->id, .signal = sig,
		.kill_wait = alone ? 0 : c->st->params.kill_wait,
		.reason = sig == SIGKILL ? step_stop_reason(j, s) : 0,
	};
	buf_t *b = wire_frame_begin(WIRE_STEP_SIGNAL);

	wire_pack_step_signal(b, &m);
	return nodes_send_frame(c, idx, b);
}

int op_step_signal(struct ctld *c, const struct op_ctx *ctx, uint32_t job_id,
		   uint32_t step_id, uint32_t sig)
{
	struct cancel_op *o;
	struct step *s;
	struct job *j;
	uint32_t sent = 0;
	int rc;

	if (!(j = step_job(c, ctx, job_id, &rc)))
		return rc;
	if (!(s = job_step(j, step_id))) {
		err_set("step %u.%u does not exist", job_id, step_id);
		return job_is_finished(j) ? OP_EDONE : OP_ENOSTEP;
	}
	if (s->state != STEP_ST_RUNNING) {
		err_set("step %u.%u has already finished", job_id, step_id);
		return OP_EDONE;
	}
	if (sig == 0 || sig == SIGKILL) {
		o = xcalloc(1, sizeof(*o));
		o->c = c;
		o->ctx = *ctx;
		o->job_id = job_id;
		o->step_id = step_id;
		log_info("%s: uid %u cancels step %u.%u", ctx->peer,
			 (unsigned)ctx->uid, job_id, step_id);
		ctld_propose(c, cmd_step_cancel(job_id, step_id, time(NULL)),
			     cancel_done, o);
		return OP_OK;
	}
	/* a signal is not kept in the model: the nodes connected now get
	 * it, as a job's signals */
	for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0;
	     i = bit_next_set(s->node_bits, (uint32_t)i + 1))
		if (step_on_node(s, (uint32_t)i) &&
		    send_step_signal(c, j, s, (uint32_t)i, sig) == 0)
			sent++;
	if (!sent) {
		err_set("no node daemon of step %u.%u is connected", job_id,
			step_id);
		return OP_ENOTCONN;
	}
	log_info("%s: uid %u sends signal %u to step %u.%u", ctx->peer,
		 (unsigned)ctx->uid, sig, job_id, step_id);
	ctx->done(ctx->arg, OP_OK, NULL);
	return OP_OK;
}

/* ---- what the model wants of steps ------------------------------------ */

static void tell_srun(struct ctld *c, const struct job *j, struct step *s,
		      uint16_t type, buf_t *body, const char *what)
{
	srun_send(c, s->srun_host, s->srun_port, j->uid, j->id, type, body,
		  what);
}

/* The step's nodes that are down: srun counts their tasks as ended
 * rather than wait for them (SRUN_NODE_FAIL). */
static void tell_node_fail(struct ctld *c, const struct job *j,
			   struct step *s, const struct slurm_step_id *sid)
{
	hostlist_t *hl = hostlist_create(NULL);
	char *names;
	buf_t *b;

	for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0;
	     i = bit_next_set(s->node_bits, (uint32_t)i + 1))
		if (c->st->nodes[i].base == NODE_ST_DOWN)
			hostlist_push_host(hl, c->st->nodes[i].name);
	if (hostlist_count(hl)) {
		names = hostlist_ranged_string(hl);
		b = buf_new(64);
		slurm_srun_node_fail_pack(b, sid, names);
		tell_srun(c, j, s, SRUN_NODE_FAIL, b, "node failure");
		free(names);
	}
	hostlist_destroy(hl);
}

/* A dropped step's srun, told of the node failure: SRUN_JOB_COMPLETE
 * follows once it has answered (or could not be reached), so that srun
 * counts the failed node's tasks as ended before it gives up; DONE
 * runs once that has been answered too. */
struct dropped_tell {
	struct ctld *c;
	uint32_t uid;
	struct slurm_step_id sid;
	char *host;
	uint16_t port;
	void (*done)(void *);
	void *arg;
};

static void dropped_tell_done(void *arg)
{
	struct dropped_tell *d = arg;

	if (d->done)
		d->done(d->arg);
	free(d->host);
	free(d);
}

static void dropped_tell_end(void *arg)
{
	struct dropped_tell *d = arg;
	buf_t *b = buf_new(16);

	slurm_step_id_pack(b, &d->sid);
	/* when it cannot be sent, DONE runs at once */
	srun_send_then(d->c, d->host, d->port, d->uid, d->sid.job_id,
		       SRUN_JOB_COMPLETE, b, "step end", dropped_tell_done, d);
}

bool steps_tell_dropped(struct ctld *c, uint32_t uid, uint32_t job_id,
			const struct failed_step *s, void (*done)(void *),
			void *arg)
{
	struct dropped_tell *d;
	buf_t *b;

	if (!s->srun_host || !s->srun_port)
		return false;
	d = xcalloc(1, sizeof(*d));
	d->c = c;
	d->uid = uid;
	d->sid = (struct slurm_step_id){ job_id, s->id, NO_VAL };
	d->host = xstrdup(s->srun_host);
	d->port = s->srun_port;
	d->done = done;
	d->arg = arg;
	if (!s->failed) {
		dropped_tell_end(d);
		return true;
	}
	b = buf_new(64);
	slurm_srun_node_fail_pack(b, &d->sid, s->failed);
	srun_send_then(c, d->host, d->port, uid, job_id, SRUN_NODE_FAIL, b,
		       "node failure", dropped_tell_end, d);
	return true;
}

/* When step S's own time limit (srun -t) is up; 0 when it has none. */
static time_t step_deadline(const struct step *s)
{
	if (s->time_limit == STATE_INFINITE || s->time_limit == 0 ||
	    !s->start_time)
		return 0;
	return s->start_time + (time_t)s->time_limit * 60;
}

static void step_timeout_done(void *arg, int status, void *result)
{
	struct state_result *res = result;

	if (status == RNODE_OK && res && res->rc == STATE_EOK)
		log_info("step %u.%u reached its time limit", res->job_id,
			 res->step_id);
	free(result);
}

/* End step S as TIMEOUT; the next reconcile tells srun and stops it on
 * its nodes, as for a cancelled step. Proposed again on each pass until
 * it commits (apply answers STATE_EDONE to the ones after). */
static void step_time_up(struct ctld *c, const struct job *j,
			 const struct step *s)
{
	ctld_propose(c, cmd_step_timeout(j->id, s->id, time(NULL)),
		     step_timeout_done, NULL);
}

/* An ended step whose srun is being told: whichever of its answer and
 * the timer comes first lets the stops go. */
struct tell_wait {
	struct ctld *c;
	uint32_t job_id, step_id;
	struct event *timer;
	bool sending;   /* in srun_send_then: its caller sends the stops */
	bool over;
};

static void tell_wait_over(struct tell_wait *w)
{
	struct job *j;

	if (w->over)
		return;
	w->over = true;
	if (!(j = state_job(w->c->st, w->job_id)))
		return;
	for (uint32_t k = 0; k < j->nsteps; k++)
		if (j->steps[k]->id == w->step_id)
			j->steps[k]->srun_wait = false;
	/* a new leader sends them itself */
	if (!w->sending && !w->c->stopping && w->c->leader)
		nodes_job_changed(w->c, w->job_id);
}

static void tell_wait_timer(evutil_socket_t fd, short what, void *arg)
{
	tell_wait_over(arg);
}

static void tell_wait_answered(void *arg)
{
	struct tell_wait *w = arg;

	tell_wait_over(w);
	if (w->sending)
		return;   /* tell_srun_ended frees it */
	event_free(w->timer);
	free(w);
}

/* SRUN_JOB_COMPLETE to the srun of ended step S; its stops wait for the
 * answer (or STEP_TELL_WAIT_MS). */
static void tell_srun_ended(struct ctld *c, const struct job *j,
			    struct step *s, const struct slurm_step_id *sid)
{
	struct timeval tv = { STEP_TELL_WAIT_MS / 1000,
			      (STEP_TELL_WAIT_MS % 1000) * 1000 };
	struct tell_wait *w = xcalloc(1, sizeof(*w));
	buf_t *b = buf_new(16);

	w->c = c;
	w->job_id = j->id;
	w->step_id = s->id;
	w->timer = evtimer_new(c->base, tell_wait_timer, w);
	s->srun_wait = true;
	evtimer_add(w->timer, &tv);
	slurm_step_id_pack(b, sid);
	/* when it cannot be sent, DONE runs at once: the stops go now */
	w->sending = true;
	srun_send_then(c, s->srun_host, s->srun_port, j->uid, j->id,
		       SRUN_JOB_COMPLETE, b, "step end", tell_wait_answered, w);
	w->sending = false;
	if (w->over) {
		event_free(w->timer);
		free(w);
	}
}

bool steps_reconcile(struct ctld *c, struct job *j, time_t now)
{
	bool waiting = false;

	if (j->state != JOB_ST_RUNNING)
		op_steps_wake(c, j->id);
	for (uint32_t k = 0; k < j->nsteps; k++) {
		struct step *s = j->steps[k];
		struct slurm_step_id sid = { j->id, s->id, NO_VAL };

		if (s->state == STEP_ST_RUNNING) {
			time_t limit = job_deadline(j);
			time_t own = step_deadline(s);

			/* srun -t inside the allocation: the step's own limit
			 * ends it TIMEOUT while its job runs on */
			if (j->state == JOB_ST_RUNNING && own &&
			    (!limit || own < limit)) {
				if (now >= own) {
					step_time_up(c, j, s);
					continue;
				}
				limit = own;
			}

			/* srun prints the warning and the time left */
			if (j->state == JOB_ST_RUNNING && limit &&
			    s->timeout_sent_start != j->start_time &&
			    now >= limit - STEP_TIMEOUT_WARN && now < limit &&
			    s->srun_port) {
				struct slurm_srun_timeout t = { sid, limit };
				buf_t *b = buf_new(32);

				slurm_srun_timeout_pack(b, &t);
				tell_srun(c, j, s, SRUN_TIMEOUT, b,
					  "step time limit warning");
				s->timeout_sent_start = j->start_time;
			}
			continue;
		}
		/* a new leader does not tell again of ends long past: their
		 * sruns are gone */
		if (!s->srun_told && s->end_time &&
		    now - s->end_time > STEP_TELL_WINDOW)
			s->srun_told = true;
		/* ended by scancel or with its job: srun did not see its
		 * tasks end by themselves, so it hears it */
		if (!s->srun_told && s->state == STEP_ST_NODE_FAIL &&
		    s->srun_port)
			tell_node_fail(c, j, s, &sid);
		if (!s->srun_told && s->state != STEP_ST_COMPLETE &&
		    s->state != STEP_ST_FAILED && s->srun_port)
			tell_srun_ended(c, j, s, &sid);
		s->srun_told = true;
		if (s->srun_wait) {
			waiting = true;
			continue;
		}
		if (s->kill_sent && now < s->kill_sent + STEP_KILL_RETRY)
			continue;
		for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0;
		     i = bit_next_set(s->node_bits, (uint32_t)i + 1))
			if (step_on_node(s, (uint32_t)i) &&
			    send_step_signal(c, j, s, (uint32_t)i, SIGKILL) == 0) {
				log_debug("step %u.%u: stop sent to %s", j->id,
					  s->id, c->st->nodes[i].name);
				s->kill_sent = now;
			}
	}
	return waiting;
}
