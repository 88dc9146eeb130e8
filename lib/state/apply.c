/* apply.c - applying commands to the cluster model.
 * Runs on every controller in log order and must give the same model
 * everywhere: it reads no clock (time comes in the command), does no I/O
 * and never trusts the bytes: a malformed or impossible command changes
 * nothing and is reported in the result. Policy (who may do what, which
 * job to start) is decided before proposing, by the controller and sched. */
#include <stdlib.h>
#include <string.h>

#include "core/hostlist.h"
#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

static bool node_usable_base(enum node_base b)
{
	return b == NODE_ST_IDLE || b == NODE_ST_ALLOCATED;
}

static void node_set_busy_base(struct node *n)
{
	if (node_usable_base(n->base))
		n->base = n->njobs ? NODE_ST_ALLOCATED : NODE_ST_IDLE;
}

void state_job_release(struct state *st, struct job *j)
{
	uint32_t k = 0;

	if (!j->node_bits)
		return;
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		struct node *n;

		if ((uint32_t)i >= st->nnodes)
			break;
		n = &st->nodes[i];
		if (j->gpu_masks)
			n->gpu_used &= ~j->gpu_masks[k];
		if (j->core_bits && k < j->ncore_bits)
			node_cores_release(n, j->core_bits[k]);
		n->alloc_cpus -= n->alloc_cpus >= job_cpus_at(j, k) ?
			job_cpus_at(j, k) : n->alloc_cpus;
		n->alloc_mem_mb -= n->alloc_mem_mb >= job_mem_at(j, k) ?
			job_mem_at(j, k) : n->alloc_mem_mb;
		if (n->njobs)
			n->njobs--;
		node_set_busy_base(n);
	}
}

static void job_hold_nodes(struct state *st, struct job *j)
{
	uint32_t k = 0;

	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		struct node *n = &st->nodes[i];

		if (j->gpu_masks)
			n->gpu_used |= j->gpu_masks[k];
		if (j->core_bits && k < j->ncore_bits)
			node_cores_hold(n, j->core_bits[k]);
		n->alloc_cpus += job_cpus_at(j, k);
		n->alloc_mem_mb += job_mem_at(j, k);
		n->njobs++;
		node_set_busy_base(n);
	}
}

void state_recount_nodes(struct state *st)
{
	for (uint32_t i = 0; i < st->nnodes; i++) {
		st->nodes[i].alloc_cpus = 0;
		st->nodes[i].alloc_mem_mb = 0;
		st->nodes[i].njobs = 0;
		st->nodes[i].gpu_used = 0;
		node_cores_clear(&st->nodes[i]);
	}
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (job_on_nodes(j))
			job_hold_nodes(st, j);
	}
	for (uint32_t i = 0; i < st->nnodes; i++)
		node_set_busy_base(&st->nodes[i]);
}

/* Forget where a job ran (its nodes must be released already): it is
 * pending again. */
static void job_clear_alloc(struct job *j)
{
	bit_free(j->node_bits);
	j->node_bits = NULL;
	free(j->nodes);
	j->nodes = NULL;
	j->alloc_cpus = 0;
	j->cpus_per_node = 0;
	j->cpus_by_task = false;
	free(j->node_cpus);
	j->node_cpus = NULL;
	j->alloc_mem_mb = 0;
	free(j->gpu_masks);
	j->gpu_masks = NULL;
	job_cores_free(j);
	j->start_time = 0;
	j->end_time = 0;
	j->suspend_time = 0;
	j->suspended_secs = 0;
	j->stop_sent = false;
	j->configuring = false;
	job_steps_clear(j);
}

/* A requeued batch job waits WAIT + 1 seconds from NOW (the launch
 * credential's lifetime, so that a new launch is not taken for the
 * revoked one), unless its begin time is ahead already: slurmctld's
 * batch_requeue_fini. */
static void job_requeue_wait(struct job *j, uint32_t wait, time_t now)
{
	if (!wait || j->begin_time > now)
		return;
	j->begin_time = now + (time_t)wait + 1;
	j->eligible_time = j->begin_time;
}

/* Requeued job J has let go of its nodes at NOW: as after slurmctld's
 * batch_requeue_fini it looks like a new job, submitted now (a second
 * later when that is its submit time already, so that the runs' records
 * differ). */
static void job_requeue_fini(struct job *j, time_t now)
{
	j->submit_time = now == j->submit_time ? now + 1 : now;
}

/* Requeued job J lets go of its nodes at NOW: they are free, it forgets
 * its last run and is submitted anew (job_requeue_fini). */
static void job_requeue_free(struct state *st, struct job *j, time_t now)
{
	state_job_release(st, j);
	job_clear_alloc(j);
	job_requeue_fini(j, now);
}

/* A completing job's nodes have let go of it (at NOW): they are free,
 * and a job requeued meanwhile (pending) forgets its last run. Its
 * requeue's wait (a begin time after its end_time, the requeue's time)
 * counts from now, as slurmctld counts it once the job has completed. */
static void job_let_go(struct state *st, struct job *j, time_t now)
{
	j->completing = false;
	if (j->state != JOB_ST_PENDING) {
		state_job_release(st, j);
		return;
	}
	if (j->end_time && j->begin_time > j->end_time && now > j->end_time) {
		j->begin_time += now - j->end_time;
		j->eligible_time = j->begin_time;
	}
	job_requeue_free(st, j, now);
}

/* End a job now: terminal state, resources back unless COMPLETING. */
static void job_finish(struct state *st, struct job *j, enum job_state to,
		       bool completing, time_t now)
{
	state_array_end_waiting(st, j);
	/* what its dependencies were when it left the queue is what
	 * scontrol show keeps showing */
	if (j->state == JOB_ST_PENDING && j->ndeps)
		depend_freeze(st, j, now);
	j->state = to;
	j->end_time = now;
	job_steps_end(j, to, now);
	/* a job still waiting for its nodes' reboot (sbatch --reboot) was
	 * never launched: nothing of it runs there */
	if (j->configuring)
		completing = false;
	j->configuring = false;
	/* an allocation has no process on its nodes to wait for: salloc
	 * runs the user's command on the submit host */
	j->completing = completing && j->node_bits && !j->interactive;
	if (!j->completing)
		state_job_release(st, j);
	switch (to) {
	case JOB_ST_COMPLETE:  st->jobs_completed++; break;
	case JOB_ST_FAILED:    st->jobs_failed++; break;
	case JOB_ST_CANCELLED: st->jobs_cancelled++; break;
	case JOB_ST_TIMEOUT:   st->jobs_timeout++; break;
	case JOB_ST_NODE_FAIL: st->jobs_node_fail++; break;
	default: break;
	}
	if (st->job_hook)
		st->job_hook(st->job_hook_arg, j, JOB_EVENT_END, now);
}

static void set_reason(struct node *n, const char *reason, uint32_t uid,
		       time_t now);

/* A copy of B with NBITS bits, bit I moved to MAP[I] (dropped when MAP[I]
 * is negative, or I is not below NMAP). */
static bitstr_t *bits_remap(const bitstr_t *b, const long *map, uint32_t nmap,
			    uint32_t nbits)
{
	bitstr_t *nb = bit_alloc(nbits);

	for (int64_t k = bit_next_set(b, 0); k >= 0 && (uint32_t)k < nmap;
	     k = bit_next_set(b, (uint32_t)k + 1))
		if (map[k] >= 0 && (uint32_t)map[k] < nbits)
			bit_set(nb, (uint32_t)map[k]);
	return nb;
}

#define NO_PLACE UINT32_MAX

/* Where each of J's nodes (the K-th in node order) goes among its nodes
 * in NB, the job's node bits after a reload reordered or dropped nodes:
 * an array of the job's old node count (in *NK), NO_PLACE for a node
 * that is gone. */
static uint32_t *job_node_places(const struct job *j, const bitstr_t *nb,
				 const long *map, uint32_t nold, uint32_t *nk)
{
	uint32_t n = (uint32_t)bit_count(nb), k = 0;
	uint32_t *at = xcalloc((size_t)bit_count(j->node_bits) + 1, sizeof(*at));

	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		uint32_t pos = 0;

		at[k] = NO_PLACE;
		if ((uint32_t)i >= nold || map[i] < 0)
			continue;
		for (int64_t b = bit_next_set(nb, 0);
		     b >= 0 && b < map[i];
		     b = bit_next_set(nb, (uint32_t)b + 1))
			pos++;
		if (pos < n)
			at[k] = pos;
	}
	*nk = k;
	return at;
}

/* J's GPU indexes, CPUs and cores on each node follow its nodes to
 * their new places in NB. */
static void job_node_arrays_remap(struct job *j, const bitstr_t *nb,
				  const long *map, uint32_t nold)
{
	uint32_t n = (uint32_t)bit_count(nb), nk;
	uint32_t *at = job_node_places(j, nb, map, nold, &nk);

	if (j->gpu_masks) {
		uint64_t *m = xcalloc(n ? n : 1, sizeof(*m));

		for (uint32_t k = 0; k < nk; k++)
			if (at[k] != NO_PLACE)
				m[at[k]] = j->gpu_masks[k];
		free(j->gpu_masks);
		j->gpu_masks = m;
	}
	if (j->node_cpus) {
		uint32_t *m = xcalloc(n ? n : 1, sizeof(*m));

		for (uint32_t k = 0; k < nk; k++)
			if (at[k] != NO_PLACE)
				m[at[k]] = j->node_cpus[k];
		free(j->node_cpus);
		j->node_cpus = m;
	}
	if (j->core_bits) {
		bitstr_t **m = xcalloc(n ? n : 1, sizeof(*m));

		for (uint32_t k = 0; k < nk && k < j->ncore_bits; k++)
			if (at[k] != NO_PLACE && !m[at[k]]) {
				m[at[k]] = j->core_bits[k];
				j->core_bits[k] = NULL;
			}
		for (uint32_t k = 0; k < j->ncore_bits; k++)
			bit_free(j->core_bits[k]);
		for (uint32_t k = 0; k < n; k++)
			if (!m[k])
				m[k] = bit_alloc(1);
		free(j->core_bits);
		j->core_bits = m;
		j->ncore_bits = n;
	}
	free(at);
}

/* Renumber the jobs' references to nodes after the node table changed:
 * node OLD is now node MAP[OLD] (of NNODES), or gone when negative. Jobs
 * keep bits for the nodes that remain; a job whose batch node is gone
 * has none (it has ended: nodes holding jobs are never dropped). */
static void remap_job_refs(struct state *st, const long *map, uint32_t nold,
			   uint32_t nnodes)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];
		bitstr_t *nb;

		job_steps_remap(j, map, nold, nnodes);
		if (!j->node_bits)
			continue;
		nb = bits_remap(j->node_bits, map, nold, nnodes);
		job_node_arrays_remap(j, nb, map, nold);
		bit_free(j->node_bits);
		j->node_bits = nb;
		if (j->batch_node < nold)
			j->batch_node = map[j->batch_node] >= 0 ?
				(uint32_t)map[j->batch_node] : STATE_NO_VAL;
	}
}

/* P's node list as the ranged hostlist of its members, in node order. */
static void part_names_rebuild(struct partition *p, const struct node *nodes,
			       uint32_t nnodes)
{
	hostlist_t *hl = hostlist_create(NULL);
	char *s;

	for (int64_t k = bit_next_set(p->node_bits, 0); k >= 0 &&
	     (uint32_t)k < nnodes; k = bit_next_set(p->node_bits, (uint32_t)k + 1))
		hostlist_push_host(hl, nodes[k].name);
	s = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	free(p->nodes);
	p->nodes = s;
}

/* ---- CONFIG --------------------------------------------------------- */

static void apply_config(struct state *st, buf_t *b, time_t now,
			 struct state_result *res)
{
	struct state_params p;
	uint32_t nn = 0, np = 0, total;
	struct node *nodes = NULL;
	struct partition *parts = NULL;
	long *remap = NULL;
	char *licenses = NULL;

	memset(&p, 0, sizeof(p));

	unpack32(b, &p.min_job_age);
	unpack32(b, &p.kill_wait);
	unpack32(b, &p.slurmd_timeout);
	unpack32(b, &p.return_to_service);
	unpack32(b, &p.first_job_id);
	unpack32(b, &p.max_job_id);
	p.ids_wrap = (p.max_job_id & STATE_IDS_WRAP) != 0;
	p.max_job_id &= ~STATE_IDS_WRAP;
	if (unpack32(b, &nn) < 0 || nn > buf_remaining(b) / 8)
		goto bad;
	nodes = xcalloc(nn ? nn : 1, sizeof(*nodes));
	for (uint32_t i = 0; i < nn; i++) {
		struct node *n = &nodes[i];

		unpack_str(b, &n->name);
		unpack_str(b, &n->addr);
		unpack_str(b, &n->features);
		unpack_str(b, &n->gres);
		unpack32(b, &n->cpus);
		unpack32(b, &n->sockets);
		unpack32(b, &n->cores);
		unpack32(b, &n->threads);
		unpack32(b, &n->weight);
		unpack32(b, &n->conf_state);
		unpack64(b, &n->memory_mb);
		if (b->failed || !n->name)
			goto bad;
		for (uint32_t k = 0; k < i; k++)
			if (!strcmp(nodes[k].name, n->name))
				goto bad;
	}
	if (unpack32(b, &np) < 0 || np > buf_remaining(b) / 8)
		goto bad;
	parts = xcalloc(np ? np : 1, sizeof(*parts));
	for (uint32_t i = 0; i < np; i++) {
		struct partition *q = &parts[i];
		uint8_t def = 0;

		unpack_str(b, &q->name);
		unpack_str(b, &q->nodes);
		unpack_str(b, &q->allow_groups);
		unpack8(b, &def);
		unpack32(b, &q->max_time);
		unpack32(b, &q->default_time);
		unpack32(b, &q->state);
		unpack32(b, &q->priority_tier);
		unpack32(b, &q->max_nodes);
		unpack32(b, &q->min_nodes);
		if (b->failed || !q->name)
			goto bad;
		q->is_default = def != 0;
		q->node_bits = bit_alloc(nn);
		if (q->nodes) {
			hostlist_t *hl = hostlist_create(q->nodes);

			if (!hl)
				goto bad;
			for (size_t k = 0; k < hostlist_count(hl); k++) {
				const char *h = hostlist_nth(hl, k);

				for (uint32_t m = 0; m < nn; m++)
					if (!strcmp(nodes[m].name, h))
						bit_set(q->node_bits, m);
			}
			hostlist_destroy(hl);
		}
	}
	if (buf_remaining(b) > 0) {
		for (uint32_t i = 0; i < np; i++) {
			uint8_t f = 0;

			if (unpack8(b, &f) < 0)
				goto bad;
			parts[i].hidden = (f & CMD_PART_HIDDEN) != 0;
		}
	}
	/* licenses and the nodes' TmpDisk, absent from older commands */
	if (buf_remaining(b) > 0) {
		struct license *lv;
		uint32_t ln;

		unpack_str(b, &licenses);
		for (uint32_t i = 0; i < nn; i++)
			unpack32(b, &nodes[i].tmp_disk_mb);
		if (b->failed || license_parse(licenses, &lv, &ln) < 0)
			goto bad;
		license_free(lv, ln);
	}
	for (uint32_t i = 0; i < nn; i++)
		node_gres_update(&nodes[i]);

	/* Carry durable node state across by name; new nodes start from
	 * their configured state. */
	remap = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*remap));
	for (uint32_t i = 0; i < st->nnodes; i++)
		remap[i] = -1;
	for (uint32_t i = 0; i < nn; i++) {
		struct node *n = &nodes[i];
		long old = state_node_index(st, n->name);

		if (old >= 0) {
			struct node *o = &st->nodes[old];

			remap[old] = i;
			n->base = o->base;
			n->flags = o->flags;
			n->reason = o->reason;
			o->reason = NULL;
			n->reason_time = o->reason_time;
			n->reason_uid = o->reason_uid;
			/* as slurmctld: an operator's comment and extra
			 * stay, the active features are slurm.conf's */
			n->comment = o->comment;
			o->comment = NULL;
			n->extra = o->extra;
			o->extra = NULL;
			n->boot_time = o->boot_time;
			n->reboot = o->reboot;
			n->next_state = o->next_state;
			n->boot_req_time = o->boot_req_time;
			n->rep_cpus = o->rep_cpus;
			n->rep_memory_mb = o->rep_memory_mb;
			/* slurm.conf names it now: an ordinary node */
			n->flags &= ~NODE_FLAG_DYNAMIC;
			if (n->flags & NODE_FLAG_REMOVING) {
				/* back in slurm.conf before its jobs ended:
				 * undo what the removal did, not an
				 * operator's drain */
				n->flags &= ~NODE_FLAG_REMOVING;
				if (n->reason && !strcmp(n->reason,
							 NODE_REASON_REMOVED)) {
					n->flags &= ~NODE_FLAG_DRAIN;
					set_reason(n, NULL, 0, now);
				}
			}
		} else {
			switch (n->conf_state & ~NODE_CONF_DRAIN) {
			case NODE_ST_DOWN:
				n->base = NODE_ST_DOWN;
				n->flags = NODE_FLAG_ADMIN_DOWN;
				break;
			case NODE_ST_FUTURE:
				n->base = NODE_ST_FUTURE;
				break;
			default:
				n->base = NODE_ST_UNKNOWN;
				break;
			}
			if (n->conf_state & NODE_CONF_DRAIN)
				n->flags |= NODE_FLAG_DRAIN;
		}
	}
	/* A node gone from slurm.conf while jobs hold it (running or
	 * completing) stays, after the configured ones and drained, until
	 * its jobs end and the leader removes it: dropping it now would
	 * leave their processes running unaccounted. */
	total = nn;
	for (uint32_t i = 0; i < st->nnodes; i++)
		if (remap[i] < 0 && (st->nodes[i].njobs ||
				     (st->nodes[i].flags & NODE_FLAG_DYNAMIC)))
			total++;
	if (total > nn) {
		nodes = xrealloc(nodes, total * sizeof(*nodes));
		for (uint32_t i = 0, k = nn; i < st->nnodes; i++) {
			struct node *n = &nodes[k];

			if (remap[i] >= 0 || !(st->nodes[i].njobs ||
					       (st->nodes[i].flags & NODE_FLAG_DYNAMIC)))
				continue;
			*n = st->nodes[i];
			memset(&st->nodes[i], 0, sizeof(st->nodes[i]));
			remap[i] = k++;
			/* an operator added it: not slurm.conf's to remove */
			if (n->flags & NODE_FLAG_DYNAMIC)
				continue;
			/* an operator's drain reason says more; it also
			 * keeps the node drained if it comes back */
			if (!(n->flags & (NODE_FLAG_DRAIN | NODE_FLAG_REMOVING)))
				set_reason(n, NODE_REASON_REMOVED, 0, now);
			n->flags |= NODE_FLAG_DRAIN | NODE_FLAG_REMOVING;
		}
		/* it stays in the partitions it was in (sinfo lists nodes
		 * by partition), drained so none of them starts a job there */
		for (uint32_t i = 0; i < np; i++) {
			long *same = xcalloc(nn ? nn : 1, sizeof(*same));
			struct partition *op = state_part(st, parts[i].name);
			bitstr_t *nb;
			bool grew = false;

			for (uint32_t k = 0; k < nn; k++)
				same[k] = k;
			nb = bits_remap(parts[i].node_bits, same, nn, total);
			bit_free(parts[i].node_bits);
			parts[i].node_bits = nb;
			free(same);
			for (uint32_t k = 0; op && k < st->nnodes; k++)
				if (remap[k] >= (long)nn &&
				    bit_test(op->node_bits, k)) {
					bit_set(nb, (uint32_t)remap[k]);
					grew = true;
				}
			if (grew)
				part_names_rebuild(&parts[i], nodes, total);
		}
	}
	/* jobs that ended on a node now gone keep only the nodes left */
	remap_job_refs(st, remap, st->nnodes, total);
	for (uint32_t i = 0; i < st->nnodes; i++)
		node_free_fields(&st->nodes[i]);
	free(st->nodes);
	for (uint32_t i = 0; i < st->nparts; i++)
		part_free_fields(&st->parts[i]);
	free(st->parts);
	st->nodes = nodes;
	st->nnodes = total;
	st->parts = parts;
	st->nparts = np;
	st->params = p;
	free(st->licenses);
	st->licenses = licenses;
	if (st->next_job_id < p.first_job_id)
		st->next_job_id = p.first_job_id;
	st->config_version++;
	state_recount_nodes(st);
	free(remap);
	res->rc = STATE_EOK;
	return;
bad:
	for (uint32_t i = 0; nodes && i < nn; i++)
		node_free_fields(&nodes[i]);
	free(nodes);
	for (uint32_t i = 0; parts && i < np; i++)
		part_free_fields(&parts[i]);
	free(parts);
	free(licenses);
	res->rc = STATE_EINVAL;
}

/* ---- jobs ----------------------------------------------------------- */

/* priority/basic: each job that becomes eligible gets one less than the
 * last, so FIFO order is priority order. */
static uint32_t next_priority(struct state *st)
{
	if (st->next_prio == 0)
		st->next_prio = STATE_TOP_PRIORITY - 1;
	return st->next_prio--;
}

/* Priorities slurmctld gave to N submissions it made and then refused
 * (sbatch --test-only, a node configuration no node has): the next job
 * comes that much lower. */
static void skip_priorities(struct state *st, uint32_t n)
{
	if (!n)
		return;
	if (st->next_prio == 0)
		st->next_prio = STATE_TOP_PRIORITY - 1;
	st->next_prio = n < st->next_prio - 1 ? st->next_prio - n : 1;
}

/* CMD_PRIO_SKIP: refusals take their priorities as they happen, so
 * that whatever next takes one (a submission, an operator's release)
 * on whichever controller leads comes after them, as in slurmctld. */
static void apply_prio_skip(struct state *st, buf_t *b,
			    struct state_result *res)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0 || !n) {
		res->rc = STATE_EINVAL;
		return;
	}
	skip_priorities(st, n);
	res->rc = STATE_EOK;
}

/* priority/basic with --nice, as Slurm's: lower by NICE, at least 1. */
static uint32_t nice_priority(uint32_t prio, int32_t nice)
{
	int64_t p = (int64_t)prio - nice;

	if (p < 1)
		return 1;
	if (p >= STATE_NO_VAL)
		return STATE_NO_VAL - 1;   /* clear of the wire's sentinels */
	return (uint32_t)p;
}

/* One new pending job from the spec at B; NULL with res->rc set when
 * it is refused. A task of an array after its first (LATER) takes no
 * priority of its own: the caller gives it the array's. */
static struct job *submit_one(struct state *st, buf_t *b, bool req_layout,
			      bool later, uint32_t task_id, time_t now,
			      struct state_result *res)
{
	struct job_spec s;
	struct partition *p;
	struct job *j;

	if (cmd_unpack_spec(b, &s, req_layout) < 0) {
		cmd_free_spec(&s);
		res->rc = STATE_EINVAL;
		return NULL;
	}
	p = s.partition ? state_part_nth(st, s.partition, 0) :
		state_default_part(st);
	for (uint32_t i = 1; p && i < state_part_count(s.partition); i++)
		if (!state_part_nth(st, s.partition, i))
			p = NULL;
	if (!p) {
		cmd_free_spec(&s);
		res->rc = STATE_ENOPART;
		return NULL;
	}
	if (!task_id && !state_next_job_id(st)) {
		cmd_free_spec(&s);
		res->rc = STATE_EIDS;
		return NULL;
	}
	j = xcalloc(1, sizeof(*j));
	/* the proposer checked it; a log entry that does not parse is
	 * refused whole rather than run without its dependency */
	if (depend_set(st, j, s.dependency) < 0) {
		free(j);
		cmd_free_spec(&s);
		res->rc = STATE_EINVAL;
		return NULL;
	}
	free(s.dependency);
	j->dep_kill = s.dep_kill <= DEP_KILL_NO ? s.dep_kill : DEP_KILL_DEFAULT;
	j->nice = s.nice;
	j->deadline = s.deadline;
	/* the request whole, its strings with it */
	j->req = s.req;
	job_req_normalize(&j->req);
	j->id = task_id ? task_id : state_take_job_id(st);
	j->name = s.name;
	/* a list stays a list until the job starts in one of them */
	j->partition = xstrdup(state_part_count(s.partition) > 1 ?
			       s.partition : p->name);
	free(s.partition);
	j->user = s.user;
	j->uid = s.uid;
	j->gid = s.gid;
	j->state = JOB_ST_PENDING;
	if (s.time_limit == STATE_NO_VAL)
		j->time_limit = p->default_time != STATE_NO_VAL ?
			p->default_time : p->max_time;
	if (s.priority == 0) {
		j->priority = 0;
		j->reason = JOB_REASON_HELD_USER;
	} else if (s.priority != STATE_NO_VAL) {
		j->priority = s.priority;
		j->reason = JOB_REASON_NONE;
	} else {
		/* those slurmctld gave to what it refused since, first:
		 * what older logs carry (CMD_PRIO_SKIP now, 0 here) */
		if (!later)
			skip_priorities(st, j->prio_skip);
		j->priority = later ? 1 :
			nice_priority(next_priority(st), s.nice);
		j->reason = JOB_REASON_NONE;
	}
	j->prio_skip = 0;   /* a submit's, not kept */
	/* sbatch --priority (an operator's): slurmctld's direct_set_prio */
	j->prio_set = s.priority != 0 && s.priority != STATE_NO_VAL;
	j->work_dir = s.work_dir;
	j->std_out = s.std_out;
	j->std_err = s.std_err;
	j->std_in = s.std_in;
	j->script = intern_str(st->intern, s.script);
	j->env = intern_vec(st->intern, s.env, s.env_count);
	j->env_count = s.env_count;
	j->argv = s.argv;
	j->argc = s.argc;
	j->account = s.account;
	j->comment = s.comment;
	j->begin_time = s.begin_time;
	j->warn_signal = s.warn_signal;
	j->warn_time = s.warn_signal ? s.warn_time : 0;
	j->warn_flags = s.warn_signal ? s.warn_flags & JOB_WARN_BATCH : 0;
	j->no_requeue = s.no_requeue;
	j->interactive = s.interactive;
	j->alloc_node = s.alloc_node;
	j->alloc_sid = s.alloc_sid;
	j->resp_host = s.resp_host;
	j->resp_port = s.resp_port;
	j->other_port = s.other_port;
	j->submit_time = now;
	j->eligible_time = s.begin_time > now ? s.begin_time : now;
	j->exit_status = 0;
	state_job_insert(st, j);
	st->jobs_submitted++;
	res->rc = STATE_EOK;
	res->job_id = j->id;
	return j;
}

static void apply_submit(struct state *st, buf_t *b, bool req_layout,
			 time_t now, struct state_result *res)
{
	submit_one(st, b, req_layout, false, 0, now, res);
}

/* The stride SLURM_ARRAY_TASK_STEP shows: the one gap between all the
 * indexes, else 1. */
static uint32_t array_stride(const uint32_t *tasks, uint32_t n)
{
	uint32_t step = n > 1 ? tasks[1] - tasks[0] : 1;

	for (uint32_t i = 2; i < n; i++)
		if (tasks[i] - tasks[i - 1] != step)
			return 1;
	return step ? step : 1;
}

/* Whether the N ids from FIRST are below the bound and no job holds
 * any of them. */
static bool ids_free(const struct state *st, uint32_t first, uint32_t n)
{
	if (st->params.max_job_id - first < n - 1 ||
	    STATE_TASK_ID_BASE - first <= n - 1)
		return false;
	for (uint32_t i = 1; i < n; i++)
		if (state_job_named(st, first + i))
			return false;
	return true;
}

/* Every task a pending job of its own, ids consecutive, all from the
 * same spec (read again for each, so each owns its strings). LATE
 * (CMD_ARRAY_SUBMIT_LATE): the array's id alone is taken, the tasks
 * wait with ids of their own from st->next_task_id. */
static void apply_array_submit(struct state *st, buf_t *b, bool req_layout,
			       bool late, time_t now,
			       struct state_result *res)
{
	uint32_t throttle = 0, n = 0, *tasks = NULL, first = 0, prio = 0;
	uint32_t task_id = 0;
	size_t spec_at;

	unpack32(b, &throttle);
	if (unpack32_array(b, &tasks, &n) < 0 || n == 0) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	for (uint32_t i = 1; i < n; i++)
		if (tasks[i] <= tasks[i - 1]) {
			res->rc = STATE_EINVAL;
			goto out;
		}
	/* all the ids or none: an array is never half submitted; one of
	 * the older layout takes consecutive ids, none of them held */
	if (!(first = state_next_job_id(st)) ||
	    (!late && !ids_free(st, first, n))) {
		res->rc = STATE_EIDS;
		goto out;
	}
	if (late) {
		task_id = st->next_task_id ? st->next_task_id :
			STATE_TASK_ID_BASE;
		if (task_id < STATE_TASK_ID_BASE ||
		    task_id > STATE_TASK_ID_MAX ||
		    STATE_TASK_ID_MAX - task_id < n) {
			res->rc = STATE_EIDS;
			goto out;
		}
	}
	spec_at = b->off;
	for (uint32_t i = 0; i < n; i++) {
		struct job *j;

		b->off = spec_at;
		j = submit_one(st, b, req_layout, i > 0,
			       late ? task_id + i : 0, now, res);
		if (!j)
			goto out;   /* only the first can fail: same spec */
		/* one priority for the whole array, as slurmctld's; ids
		 * order its tasks */
		if (i == 0) {
			if (!late)
				first = j->id;
			prio = j->priority;
		} else if (j->priority) {
			j->priority = prio;
		}
		j->array_late = late;
		j->array_job_id = first;
		j->array_task_id = tasks[i];
		j->array_throttle = throttle;
		j->array_count = n;
		j->array_min = tasks[0];
		j->array_max = tasks[n - 1];
		j->array_step = array_stride(tasks, n);
	}
	if (late) {
		st->next_job_id = first + 1; /* the array's id, its only one */
		st->next_task_id = task_id + n;
	}
	res->job_id = first;
out:
	free(tasks);
}

/* Where node IDX[I] comes among the COUNT of IDX in node order. */
static uint32_t idx_rank(const uint32_t *idx, uint32_t count, uint32_t i)
{
	uint32_t r = 0;

	for (uint32_t k = 0; k < count; k++)
		if (idx[k] < idx[i])
			r++;
	return r;
}

/* Whether partition P holds all the COUNT nodes IDX. */
static bool part_holds(const struct partition *p, const uint32_t *idx,
		       uint32_t count)
{
	bool all = p && p->node_bits;

	for (uint32_t k = 0; all && k < count; k++)
		all = idx[k] < bit_size(p->node_bits) &&
		      bit_test(p->node_bits, idx[k]);
	return all;
}

/* -p a,b: the partition a job starting on the COUNT nodes IDX runs in,
 * the first of its partitions that holds all those nodes (the one the
 * scheduler placed it in, or one with the same nodes); NULL when it
 * names one partition (or none holds them). */
static const struct partition *start_part(const struct state *st,
					  const struct job *j,
					  const uint32_t *idx, uint32_t count)
{
	uint32_t np = state_part_count(j->partition);

	for (uint32_t i = 0; np > 1 && i < np; i++) {
		const struct partition *p = state_part_nth(st, j->partition, i);

		if (part_holds(p, idx, count))
			return p;
	}
	return NULL;
}

/* For a job sharing CPUs among SHARE jobs (START_SHARED) on the COUNT
 * nodes IDX, WANT[k] cores on the k-th in node order: the cores of each
 * that SHARE jobs of the partition it runs in hold (node order), where
 * each node has room; NULL when none does. That partition in *RUN_IN:
 * of a list, the first holding the nodes that has room (NULL when the
 * job names one). */
static bitstr_t **shared_room(const struct state *st, const struct job *j,
			      const uint32_t *idx, uint32_t count,
			      const uint32_t *want, uint16_t share,
			      const struct partition **run_in)
{
	uint32_t np = state_part_count(j->partition);

	for (uint32_t i = 0; i < (np > 1 ? np : 1); i++) {
		const struct partition *p = np > 1 ?
			state_part_nth(st, j->partition, i) : NULL;
		bitstr_t **full;
		bool room = true;

		if (np > 1 && !part_holds(p, idx, count))
			continue;
		full = xcalloc(count, sizeof(*full));
		for (uint32_t k = 0; k < count; k++) {
			uint32_t r = idx_rank(idx, count, k);
			const struct node *n = &st->nodes[idx[k]];

			full[r] = node_cores_full(st, idx[k],
						  p ? p->name : j->partition,
						  share);
			if (node_core_count(n) - (uint32_t)bit_count(full[r]) <
			    want[r])
				room = false;
		}
		if (room) {
			*run_in = p;
			return full;
		}
		for (uint32_t k = 0; k < count; k++)
			bit_free(full[k]);
		free(full);
	}
	return NULL;
}

static void apply_start(struct state *st, buf_t *b, time_t now, bool spread,
			struct state_result *res)
{
	uint32_t id = 0, cpn = 0, count = 0, *idx = NULL, flags = 0, by_task = 0;
	uint32_t *given = NULL, ngiven = 0, *ggiven = NULL, nggiven = 0;
	uint64_t mem = 0, total = 0;
	bool shared;
	bitstr_t **full = NULL;
	uint32_t *want = NULL;
	const struct partition *run_in;
	struct job *j;
	char *hosts;
	hostlist_t *hl;

	unpack32(b, &id);
	unpack32(b, &cpn);
	unpack64(b, &mem);
	if (unpack32_array(b, &idx, &count) < 0 || count == 0) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (spread && !b->failed && buf_remaining(b) >= 4)
		unpack32(b, &flags);
	by_task = flags & START_CPUS_BY_TASK;
	/* each node's CPUs as the leader chose them from what was free */
	if (flags & START_CPUS_GIVEN) {
		if (unpack32_array(b, &given, &ngiven) < 0 ||
		    ngiven != count || !by_task) {
			res->rc = STATE_EINVAL;
			goto out;
		}
		for (uint32_t k = 0; k < count; k++)
			if (!given[k]) {
				res->rc = STATE_EINVAL;
				goto out;
			}
	}
	/* each node's GPUs of a job-wide --gpus, as the leader dealt them */
	if (flags & START_GPUS_GIVEN) {
		if (unpack32_array(b, &ggiven, &nggiven) < 0 ||
		    nggiven != count) {
			res->rc = STATE_EINVAL;
			goto out;
		}
		for (uint32_t k = 0; k < count; k++)
			if (ggiven[k] > 64) {
				res->rc = STATE_EINVAL;
				goto out;
			}
	}
	j = state_job(st, id);
	if (!j) {
		res->rc = STATE_ENOJOB;
		goto out;
	}
	if (j->state != JOB_ST_PENDING || j->priority == 0 || j->completing) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	/* CPUs follow the tasks only where that means something (an
	 * --exclusive job holds whole nodes) */
	if (j->exclusive) {
		by_task = 0;
		free(given);
		given = NULL;
	}
	/* The scheduler checked this against the same model; check again so
	 * a stale decision can never overcommit a node. A job the leader
	 * let share CPUs (OverSubscribe; START_SHARED: the start says so,
	 * not this controller's slurm.conf, so that every controller
	 * applies it alike) needs no more than the node's CPUs, in cores
	 * that fewer than N jobs of the partition it runs in hold (each
	 * partition has its own rows, as in slurmctld) */
	shared = (flags & START_SHARED) && (flags >> 16) > 1;
	if (shared)
		want = xcalloc(count, sizeof(*want));
	for (uint32_t i = 0; i < count; i++) {
		struct node *n;
		uint32_t gpn, ncpu, rank;
		uint64_t nmem;

		if (idx[i] >= st->nnodes) {
			res->rc = STATE_ENONODE;
			goto out;
		}
		n = &st->nodes[idx[i]];
		rank = idx_rank(idx, count, i);
		gpn = ggiven ? ggiven[rank] :
			!spread ? j->gpus_per_node :
			given && j->gpus_per_task ?
			job_gpus_for_cpus(j, given[rank]) :
			job_gpus_at(j, count, rank);
		ncpu = given ? given[rank] :
			by_task ? job_task_cpus_at(j, count, rank) : cpn;
		/* --mem-per-cpu: memory for the CPUs it gets there */
		nmem = by_task && mem ? job_mem_per_node(j, ncpu) : mem;
		total += ncpu;
		if (!node_usable_base(n->base) || (n->flags & NODE_FLAG_DRAIN) ||
		    n->reboot == NODE_REBOOT_JOB ||
		    (uint64_t)(shared ? 0 : node_cpus_held(n)) + ncpu >
		    n->cpus ||
		    (nmem && n->alloc_mem_mb + nmem > n->memory_mb) ||
		    (gpn && gpu_popcount(n->gpu_used) + gpn > n->gpus)) {
			res->rc = STATE_EBUSY;
			goto out;
		}
		for (uint32_t k = 0; k < i; k++)
			if (idx[k] == idx[i]) {
				res->rc = STATE_EINVAL;
				goto out;
			}
		if (want)
			want[rank] = node_cores_for(n, ncpu);
	}
	if (!shared) {
		run_in = start_part(st, j, idx, count);
	} else if (!(full = shared_room(st, j, idx, count, want,
					(uint16_t)(flags >> 16), &run_in))) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	/* a late array's task takes its job id as it starts */
	if (!state_array_split_ok(st, j)) {
		res->rc = STATE_EIDS;
		goto out;
	}
	state_array_split(st, j);
	j->node_bits = bit_alloc(st->nnodes);
	hl = hostlist_create(NULL);
	for (uint32_t i = 0; i < count; i++) {
		bit_set(j->node_bits, idx[i]);
		hostlist_push_host(hl, st->nodes[idx[i]].name);
	}
	hostlist_uniq(hl);
	hosts = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	free(j->nodes);
	j->nodes = hosts;
	if (run_in) {
		char *name = xstrdup(run_in->name);

		free(j->partition);
		j->partition = name;
	}
	j->batch_node = (uint32_t)bit_next_set(j->node_bits, 0);
	/* as slurmctld's build_node_details() once it has the nodes */
	if ((flags & START_TASKS_FROM_NODES) && job_tasks_from_nodes(j, count))
		j->num_tasks = job_tasks_for_nodes(j, count);
	j->cpus_by_task = by_task != 0;
	free(j->node_cpus);
	j->node_cpus = given;
	given = NULL;
	j->cpus_per_node = by_task ? job_task_cpus_at(j, count, 0) : cpn;
	if (j->node_cpus)
		j->cpus_per_node = job_node_cpus_most(j->node_cpus, count);
	j->alloc_cpus = (uint32_t)total;
	j->alloc_mem_mb = by_task && mem ?
		job_mem_per_node(j, j->cpus_per_node) : mem;
	j->state = JOB_ST_RUNNING;
	j->reason = JOB_REASON_NONE;
	/* as slurmctld flushes a satisfied dependency list */
	free(j->deps);
	j->deps = NULL;
	j->ndeps = 0;
	j->dep_any = false;
	/* --deadline: it may run until then and no longer, as slurmctld
	 * cuts the time limit when it starts the job */
	if (j->deadline) {
		time_t left = j->deadline > now ? (j->deadline - now) / 60 : 0;

		if (j->time_limit == STATE_INFINITE ||
		    (time_t)j->time_limit > left)
			j->time_limit = left > 0 ? (uint32_t)left : 1;
	}
	j->start_time = now;
	j->end_time = 0;
	/* checked above: each node has that many free (a node whose Gres
	 * shrank under running jobs may not; the job then runs without
	 * GPU indexes rather than on someone else's) */
	job_gpus_take(st, j, spread, ggiven);
	job_cores_take(st, j, full);
	job_hold_nodes(st, j);
	st->jobs_started++;
	if (st->job_hook)
		st->job_hook(st->job_hook_arg, j, JOB_EVENT_START, now);
	res->rc = STATE_EOK;
	res->job_id = j->id;
out:
	for (uint32_t k = 0; full && k < count; k++)
		bit_free(full[k]);
	free(full);
	free(want);
	free(idx);
	free(given);
	free(ggiven);
}

/* sbatch --reboot where slurm.conf has a RebootProgram: the start its
 * body holds (after the job id, CMD_START's or CMD_START_SPREAD's type,
 * then the rest of that command), on nodes no other job holds nor
 * anything reboots; then, as slurmctld's reboot_job_nodes, every node
 * of it reboots for it and it waits CONFIGURING until they are back. */
static void apply_start_reboot(struct state *st, buf_t *b, time_t now,
			       struct state_result *res)
{
	uint32_t id = 0, cpn = 0, count = 0, *idx = NULL;
	uint16_t type = 0;
	uint64_t mem = 0;
	buf_t peek, *inner = NULL, view;
	struct job *j;

	unpack32(b, &id);
	if (unpack16(b, &type) < 0 ||
	    (type != CMD_START && type != CMD_START_SPREAD)) {
		res->rc = STATE_EINVAL;
		return;
	}
	buf_init_view(&peek, b->data + b->off, buf_remaining(b));
	unpack32(&peek, &cpn);
	unpack64(&peek, &mem);
	if (unpack32_array(&peek, &idx, &count) < 0) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	for (uint32_t k = 0; k < count; k++)
		if (idx[k] < st->nnodes && (st->nodes[idx[k]].njobs ||
		    st->nodes[idx[k]].reboot != NODE_REBOOT_NONE)) {
			res->rc = STATE_EBUSY;
			goto out;
		}
	inner = buf_new(16 + buf_remaining(b));
	pack32(inner, id);
	pack_raw(inner, b->data + b->off, buf_remaining(b));
	buf_init_view(&view, inner->data, buf_len(inner));
	apply_start(st, &view, now, type == CMD_START_SPREAD, res);
	/* a task of a late array has taken its job id as it started */
	if (res->rc != STATE_EOK || !(j = state_job(st, res->job_id)))
		goto out;
	j->configuring = true;
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1)) {
		struct node *n = &st->nodes[i];

		n->reboot = NODE_REBOOT_JOB;
		n->next_state = NODE_NEXT_NONE;
		n->boot_req_time = now;
	}
out:
	buf_free(inner);
	free(idx);
}

/* The job with id ID, once B has given all that was unpacked: NULL with
 * res->rc set (EINVAL, ENOJOB) when either fails. */
static struct job *target_found(struct state *st, buf_t *b, uint32_t id,
				struct state_result *res)
{
	struct job *j;

	if (b->failed) {
		res->rc = STATE_EINVAL;
		return NULL;
	}
	j = state_job(st, id);
	if (!j)
		res->rc = STATE_ENOJOB;
	return j;
}

/* The job a command is about: unpack its id and NEXTRA more u32 fields,
 * find it. NULL with res->rc set (EINVAL, ENOJOB) when that fails. */
static struct job *target_job(struct state *st, buf_t *b, uint32_t *extra,
			      size_t nextra, struct state_result *res)
{
	uint32_t id = 0;

	unpack32(b, &id);
	for (size_t i = 0; i < nextra; i++)
		unpack32(b, &extra[i]);
	return target_found(st, b, id, res);
}

/* Likewise for the commands whose id is followed by NFLAGS bools
 * (CMD_HOLD, CMD_JOB_REQUEUE, CMD_JOB_SUSPEND). */
static struct job *target_job_flags(struct state *st, buf_t *b, bool *flags,
				    size_t nflags, struct state_result *res)
{
	uint32_t id = 0;

	unpack32(b, &id);
	for (size_t i = 0; i < nflags; i++)
		unpack_bool(b, &flags[i]);
	return target_found(st, b, id, res);
}

static void apply_job_end(struct state *st, buf_t *b, time_t now,
			  struct state_result *res)
{
	uint32_t status = 0;
	struct job *j = target_job(st, b, &status, 1, res);
	time_t end = now;

	if (!j)
		return;
	if (buf_remaining(b) > 0 && (unpack_time(b, &end) < 0 || end > now))
		end = now;
	if (end < j->start_time)
		end = j->start_time;
	if (j->completing) {
		/* cancelled, timed out or requeued earlier: the nodes are
		 * free now. A requeued job (pending again) keeps no exit
		 * code of the run it left, as in slurmctld. */
		if (j->state != JOB_ST_PENDING)
			j->exit_status = (int32_t)status;
		job_let_go(st, j, now);
		res->rc = STATE_EOK;
		return;
	}
	/* salloc gives up a pending allocation (Ctrl-C, or --immediate
	 * that could not start): cancelled, or failed with its status */
	if (j->state == JOB_ST_PENDING && j->interactive) {
		j->exit_status = status == STATE_NO_VAL ? 0 : (int32_t)status;
		job_finish(st, j, status == STATE_NO_VAL ? JOB_ST_CANCELLED :
			   JOB_ST_FAILED, false, now);
		res->rc = STATE_EOK;
		return;
	}
	/* a suspended job's processes may end too (killed from outside),
	 * and salloc may give up a suspended allocation */
	if (j->state != JOB_ST_RUNNING && j->state != JOB_ST_SUSPENDED) {
		/* a batch job that ended without its node's word (NODE_FAIL)
		 * takes the status its script ends with there, stopped
		 * then: slurmctld's job_complete of a finished job sets an
		 * exit code still 0 */
		if (job_is_finished(j) && !j->interactive &&
		    j->exit_status == 0 && status != STATE_NO_VAL)
			j->exit_status = (int32_t)status;
		res->rc = STATE_EDONE;
		return;
	}
	/* salloc relinquishes with NO_VAL when it was interrupted: Slurm
	 * records that as a cancel by the user */
	if (status == STATE_NO_VAL && j->interactive) {
		job_finish(st, j, JOB_ST_CANCELLED, false, end);
		res->rc = STATE_EOK;
		return;
	}
	j->exit_status = (int32_t)status;
	job_finish(st, j, status == 0 ? JOB_ST_COMPLETE : JOB_ST_FAILED,
		   false, end);
	res->rc = STATE_EOK;
}

static void apply_cancel(struct state *st, buf_t *b, time_t now,
			 struct state_result *res)
{
	uint32_t uid = 0;   /* who asked; permission was checked before */
	struct job *j = target_job(st, b, &uid, 1, res);

	if (!j)
		return;
	if (j->state == JOB_ST_PENDING)
		/* requeued, its last run may still hold the nodes */
		job_finish(st, j, JOB_ST_CANCELLED, j->completing, now);
	else if (j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED)
		job_finish(st, j, JOB_ST_CANCELLED, true, now);
	else {
		res->rc = STATE_EDONE;
		return;
	}
	res->rc = STATE_EOK;
}

/* Whether TASK is among the N ascending indexes (all when N is 0). */
static bool task_named(const uint32_t *tasks, uint32_t n, uint32_t task)
{
	uint32_t lo = 0, hi = n;

	if (!n)
		return true;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (tasks[mid] == task)
			return true;
		if (tasks[mid] < task)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The tasks of array ARRAY_ID named by the N indexes TASKS (all when
 * none), in st->jobs order, into *OUT (to free); their count. */
static uint32_t array_named(const struct state *st, uint32_t array_id,
			    const uint32_t *tasks, uint32_t n,
			    struct job ***out)
{
	uint32_t k = 0;

	*out = NULL;
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (j->array_job_id != array_id ||
		    !task_named(tasks, n, j->array_task_id))
			continue;
		if (!*out)
			*out = xcalloc(st->njobs - i, sizeof(**out));
		(*out)[k++] = j;
	}
	return k;
}

/* Whether array ARRAY_ID has a task in the model. */
static bool array_any(const struct state *st, uint32_t array_id)
{
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->array_job_id == array_id)
			return true;
	return false;
}

static void apply_array_cancel(struct state *st, buf_t *b, time_t now,
			       struct state_result *res)
{
	uint32_t array_id = 0, uid = 0, n = 0, *tasks = NULL;
	uint32_t seen = 0, ended = 0, nnamed;
	struct job **named = NULL;

	unpack32(b, &array_id);
	unpack32(b, &uid);
	if (unpack32_array(b, &tasks, &n) < 0 || !array_id) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	/* first, as a late array's tasks move as they end */
	nnamed = array_named(st, array_id, tasks, n, &named);
	for (uint32_t i = 0; i < nnamed; i++) {
		struct job *j = named[i];

		seen++;
		if (j->state == JOB_ST_PENDING)
			job_finish(st, j, JOB_ST_CANCELLED, j->completing, now);
		else if (j->state == JOB_ST_RUNNING ||
			 j->state == JOB_ST_SUSPENDED)
			job_finish(st, j, JOB_ST_CANCELLED, true, now);
		else
			ended++;
	}
	res->rc = !seen ? STATE_ENOJOB : ended == seen ? STATE_EDONE :
		STATE_EOK;
	res->job_id = array_id;
out:
	free(named);
	free(tasks);
}

/* Every task keeps the array's throttle, the ended ones too, so that
 * whichever is left tells the scheduler and squeue the same. */
static void apply_array_throttle(struct state *st, buf_t *b,
				 struct state_result *res)
{
	uint32_t array_id = 0, throttle = 0, seen = 0;

	unpack32(b, &array_id);
	if (unpack32(b, &throttle) < 0 || !array_id ||
	    throttle > INT32_MAX) {
		res->rc = STATE_EINVAL;
		return;
	}
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (j->array_job_id != array_id)
			continue;
		j->array_throttle = throttle;
		seen++;
	}
	res->rc = seen ? STATE_EOK : STATE_ENOJOB;
	res->job_id = array_id;
}

static void job_update(struct state *st, buf_t *b, time_t now, bool alone,
		       struct state_result *res);

/* The update that follows applied to each task named: the same bytes
 * with each task's job id in front, so the checks are job_update()'s.
 * A late array's waiting tasks leave its record, each taking a job id in
 * index order, unless every one waiting there is named (slurmctld then
 * updates the record as a whole). */
static void apply_array_update(struct state *st, buf_t *b, time_t now,
			       struct state_result *res)
{
	uint32_t array_id = 0, n = 0, *tasks = NULL, skip = 0, nnamed = 0;
	uint32_t waiting = 0, named_waiting = 0;
	struct job **named = NULL;
	bool any = false, split;
	size_t at;

	unpack32(b, &array_id);
	if (unpack32_array(b, &tasks, &n) < 0 || unpack32(b, &skip) < 0 ||
	    !array_id) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	at = b->off;   /* just past the update's own job id */
	res->rc = STATE_ENOJOB;
	nnamed = array_named(st, array_id, tasks, n, &named);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->array_job_id == array_id && state_task_waiting(j) &&
		    !job_is_finished(j)) {
			waiting++;
			named_waiting += task_named(tasks, n, j->array_task_id);
		}
	}
	split = named_waiting < waiting;
	for (uint32_t i = 0; i < nnamed; i++) {
		struct job *j = named[i];
		struct state_result r;
		buf_t *one, view;

		if (job_is_finished(j))
			continue;
		one = buf_new(buf_remaining(b) + 4);
		pack32(one, j->id);
		pack_raw(one, b->data + at, b->size - at);
		buf_init_view(&view, one->data, buf_len(one));
		memset(&r, 0, sizeof(r));
		job_update(st, &view, now, split, &r);
		buf_free(one);
		if (r.rc == STATE_EOK)
			any = true;
		else if (r.rc == STATE_EINVAL) {
			res->rc = STATE_EINVAL;   /* the same for every task */
			goto out;
		} else
			res->rc = r.rc;
	}
	if (any)
		res->rc = STATE_EOK;
	else if (res->rc == STATE_ENOJOB && array_any(st, array_id))
		res->rc = STATE_EDONE;     /* all the tasks named have ended */
	res->job_id = array_id;
out:
	free(named);
	free(tasks);
}

static void apply_timeout(struct state *st, buf_t *b, time_t now,
			  struct state_result *res)
{
	struct job *j = target_job(st, b, NULL, 0, res);

	if (!j)
		return;
	if (j->state != JOB_ST_RUNNING) {
		res->rc = STATE_EDONE;
		return;
	}
	job_finish(st, j, JOB_ST_TIMEOUT, true, now);
	res->rc = STATE_EOK;
}

/* Running job J, nothing of it left on its nodes, is pending again for
 * WHY (the job hook told first, while it still shows its run). */
static void job_requeue_now(struct state *st, struct job *j,
			    enum job_reason why, time_t now)
{
	if (st->job_hook)
		st->job_hook(st->job_hook_arg, j, JOB_EVENT_REQUEUE, now);
	state_job_release(st, j);
	job_clear_alloc(j);
	j->state = JOB_ST_PENDING;
	/* held while it ran: it stays held, and says so */
	if (j->priority != 0 || (j->reason != JOB_REASON_HELD_USER &&
				 j->reason != JOB_REASON_HELD_ADMIN))
		j->reason = why;
	j->start_time = 0;
	j->end_time = 0;
	j->completing = false;
	j->restarts++;
	j->eligible_time = now;
	job_requeue_fini(j, now);
}

/* The wait a requeue carries last (0 in commands from before it):
 * false when it is there but cut short. */
static bool requeue_wait(buf_t *b, uint32_t *wait)
{
	*wait = 0;
	return !buf_remaining(b) || unpack32(b, wait) == 0;
}

static void apply_requeue(struct state *st, buf_t *b, time_t now,
			  struct state_result *res)
{
	uint32_t why = 0, wait = 0;
	struct job *j = target_job(st, b, &why, 1, res);

	if (!j)
		return;
	if (!requeue_wait(b, &wait)) {
		res->rc = STATE_EINVAL;
		return;
	}
	if (j->state != JOB_ST_RUNNING) {
		res->rc = STATE_EDONE;
		return;
	}
	job_requeue_now(st, j, (enum job_reason)why, now);
	job_requeue_wait(j, wait, now);
	res->rc = STATE_EOK;
}

static void apply_job_requeue(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	bool hold = false;
	uint32_t wait = 0;
	struct job *j = target_job_flags(st, b, &hold, 1, res);

	if (!j)
		return;
	if (!requeue_wait(b, &wait)) {
		res->rc = STATE_EINVAL;
		return;
	}
	/* an allocation's command runs on the submit host: nothing could
	 * run it again (the controller refuses it before proposing) */
	if (j->state == JOB_ST_PENDING || j->interactive) {
		res->rc = STATE_EBUSY;
		return;
	}
	if (st->job_hook)
		st->job_hook(st->job_hook_arg, j, JOB_EVENT_REQUEUE, now);
	if (j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED) {
		/* its processes run until the node reports their end:
		 * the nodes stay allocated until then (none runs yet for
		 * a job waiting for its nodes' reboot) */
		j->end_time = now;
		j->completing = j->node_bits != NULL && !j->configuring;
		j->configuring = false;
		job_steps_end(j, JOB_ST_CANCELLED, now);
	} else if (j->completing) {
		/* ended, not yet let go: its wait counts from then too */
		j->end_time = now;
	}
	j->state = JOB_ST_PENDING;
	if (!j->completing)
		job_requeue_free(st, j, now);
	j->restarts++;
	j->eligible_time = now;
	job_requeue_wait(j, wait, now);
	if (hold) {
		j->priority = 0;
		j->reason = JOB_REASON_REQUEUE_HELD;
	} else if (j->priority != 0) {
		j->reason = JOB_REASON_NONE;
	}
	res->rc = STATE_EOK;
	res->job_id = j->id;
}

static void job_boot_check(struct state *st, struct job *j, time_t now);

static void apply_job_suspend(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	bool suspend = false;
	struct job *j = target_job_flags(st, b, &suspend, 1, res);

	if (!j)
		return;
	if (job_is_finished(j)) {
		res->rc = STATE_EDONE;
		return;
	}
	if (j->state != (suspend ? JOB_ST_RUNNING : JOB_ST_SUSPENDED)) {
		res->rc = STATE_EBUSY;
		return;
	}
	if (suspend) {
		/* one waiting for its nodes' reboot too, as slurmctld's
		 * _job_suspend_op takes it: its nodes go on rebooting */
		j->state = JOB_ST_SUSPENDED;
	} else if (j->configuring) {
		/* nothing of it ran: it runs from once its nodes are back,
		 * now if they are */
		j->state = JOB_ST_RUNNING;
		job_boot_check(st, j, now);
	} else {
		/* the time limit counts from here on where it stopped */
		time_t from = j->suspend_time > j->start_time ?
			j->suspend_time : j->start_time;

		if (now > from)
			j->suspended_secs += (uint32_t)(now - from);
		j->state = JOB_ST_RUNNING;
	}
	j->suspend_time = now;
	res->rc = STATE_EOK;
	res->job_id = j->id;
}

/* As Slurm's top_job: the job takes the best priority among its owner's
 * pending jobs in its partition, and each of those it passes moves one
 * place down, so the owner's set of priorities stays the same and no
 * one else's job is overtaken. */
/* Jobs that take a top together, as one record of slurmctld's: a job,
 * or pending tasks of one array at one priority. */
static bool top_peer(const struct job *a, const struct job *b)
{
	return a == b || (a->array_job_id && a->array_job_id == b->array_job_id &&
			  a->priority == b->priority);
}

static int top_prio_desc(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? 1 : a > b ? -1 : 0;
}

static int32_t top_nice(int64_t nice)
{
	return nice > INT32_MAX ? INT32_MAX : nice < -INT32_MAX ? -INT32_MAX :
		(int32_t)nice;
}

/* The second form of CMD_JOB_TOP (the list after FIRST's id), as
 * slurmctld 22.05's _set_top(): the jobs named, in order, take the
 * highest priorities among themselves and the owner's other pending
 * jobs of the first one's partition and account (those at priority 1
 * or 0 aside), their nice lowered by what they gain; what they gained
 * in all is then taken from those others, shared out evenly in job
 * order, each kept below the last named and its nice raised by what it
 * lost. A job unknown refuses the list; one not pending or held is
 * passed over (STATE_EBUSY when none is left). */
static void apply_job_top_nice(struct state *st, buf_t *b, struct job *first,
			       struct state_result *res)
{
	uint32_t n = 0, nt = 0, no = 0, ntu = 0, nou = 0, np = 0;
	uint32_t last = STATE_NO_VAL, *tu, *ou, *prio;
	struct job **t, **o, **order, *f;
	int64_t total = 0;

	unpack32(b, &n);
	if (b->failed || n >= st->njobs) {
		res->rc = STATE_EINVAL;
		return;
	}
	t = xcalloc(n + 1, sizeof(*t));
	for (uint32_t i = 0; i <= n; i++) {
		uint32_t id = 0;
		struct job *j = first;
		bool dup = false;

		if (i) {
			unpack32(b, &id);
			j = b->failed ? NULL : state_job(st, id);
		}
		if (!j) {
			free(t);
			res->rc = b->failed ? STATE_EINVAL : STATE_ENOJOB;
			return;
		}
		for (uint32_t k = 0; k < nt; k++)
			dup = dup || t[k] == j;
		if (dup || j->state != JOB_ST_PENDING || j->completing ||
		    j->priority == 0)
			continue;
		t[nt++] = j;
	}
	if (!nt) {
		free(t);
		res->rc = STATE_EBUSY;
		return;
	}
	f = t[0];
	o = xcalloc(st->njobs, sizeof(*o));
	tu = xcalloc(nt, sizeof(*tu));
	ou = xcalloc(st->njobs, sizeof(*ou));
	prio = xcalloc(nt + st->njobs, sizeof(*prio));
	/* the units named (an array's tasks at one priority are one) */
	for (uint32_t k = 0; k < nt; k++) {
		uint32_t u = 0;

		while (u < k && !(tu[u] == u && top_peer(t[u], t[k])))
			u++;
		tu[k] = u;
		if (u == k) {
			prio[np++] = t[k]->priority;
			ntu++;
		}
	}
	/* in the order of the ids clients see (a late array's record at
	 * its id, as slurmctld's), the same as st->jobs' without one */
	order = xcalloc(st->njobs ? st->njobs : 1, sizeof(*order));
	memcpy(order, st->jobs, (size_t)st->njobs * sizeof(*order));
	qsort(order, st->njobs, sizeof(*order), state_job_cmp_shown);
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *x = order[i];
		bool named = false;
		uint32_t u = 0;

		for (uint32_t k = 0; k < nt; k++)
			named = named || t[k] == x;
		if (named || x->state != JOB_ST_PENDING || x->priority <= 1 ||
		    x->uid != f->uid || strcmp(x->partition, f->partition) ||
		    !xstrsame(x->account, f->account))
			continue;
		while (u < no && !(ou[u] == u && top_peer(o[u], x)))
			u++;
		ou[no] = u;
		o[no] = x;
		if (u == no) {
			prio[np++] = x->priority;
			nou++;
		}
		no++;
	}
	qsort(prio, np, sizeof(*prio), top_prio_desc);
	for (uint32_t k = 0, p = 0; k < nt; k++) {
		uint32_t next, was = t[k]->priority;
		int64_t delta;

		if (tu[k] != k)
			continue;
		next = prio[p++];
		if (last != STATE_NO_VAL && next == last && last > 2)
			next = last - 1;
		last = next;
		delta = (int64_t)next - was;
		total += delta;
		for (uint32_t m = k; m < nt; m++)
			if (tu[m] == k) {
				t[m]->priority = next;
				t[m]->nice = top_nice((int64_t)t[m]->nice - delta);
			}
	}
	for (uint32_t k = 0; k < no && nou; k++) {
		int64_t delta = total / (int64_t)nou;
		uint32_t next;

		if (ou[k] != k)
			continue;
		/* in 32 bits as slurmctld: one that would go below 0 wraps
		 * and so is kept just below the last named */
		next = (uint32_t)((int64_t)o[k]->priority - delta);
		if (next >= last) {
			next = last - 1;
			delta = (int64_t)o[k]->priority - next;
		}
		total -= delta;
		nou--;
		for (uint32_t m = k; m < no; m++)
			if (ou[m] == k) {
				o[m]->priority = next;
				o[m]->nice = top_nice((int64_t)o[m]->nice + delta);
			}
	}
	free(order);
	free(t);
	free(o);
	free(tu);
	free(ou);
	free(prio);
	res->rc = STATE_EOK;
	res->job_id = f->id;
}

static void apply_job_top(struct state *st, buf_t *b, time_t now,
			  struct state_result *res)
{
	uint32_t nq = 0, pos = 0, *prio;
	struct job *j = target_job(st, b, NULL, 0, res), **q;

	(void)now;
	if (!j)
		return;
	if (buf_remaining(b) > 0) {
		apply_job_top_nice(st, b, j, res);
		return;
	}
	if (j->state != JOB_ST_PENDING || j->completing || j->priority == 0) {
		res->rc = STATE_EBUSY;
		return;
	}
	q = xcalloc(st->njobs, sizeof(*q));
	prio = xcalloc(st->njobs, sizeof(*prio));
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *o = st->jobs[i];

		if (o->uid == j->uid && o->state == JOB_ST_PENDING &&
		    o->priority != 0 && !strcmp(o->partition, j->partition) &&
		    (o == j || o->priority >= j->priority))
			q[nq++] = o;
	}
	/* highest priority first, equal ones by id (as the scheduler) */
	for (uint32_t a = 1; a < nq; a++)
		for (uint32_t k = a; k > 0 && (q[k]->priority > q[k - 1]->priority ||
			(q[k]->priority == q[k - 1]->priority &&
			 q[k]->id < q[k - 1]->id)); k--) {
			struct job *t = q[k];

			q[k] = q[k - 1];
			q[k - 1] = t;
		}
	for (uint32_t k = 0; k < nq; k++) {
		prio[k] = q[k]->priority;
		if (q[k] == j)
			pos = k;
	}
	/* J takes the first place's priority, those before it each take
	 * the next one's */
	for (uint32_t k = pos; k > 0; k--)
		q[k - 1]->priority = prio[k];
	j->priority = prio[0];
	free(q);
	free(prio);
	res->rc = STATE_EOK;
	res->job_id = j->id;
}

static void apply_hold(struct state *st, buf_t *b, time_t now,
		       struct state_result *res)
{
	bool flags[2] = { false, false };
	struct job *j = target_job_flags(st, b, flags, 2, res);
	bool hold = flags[0], admin = flags[1];

	if (!j)
		return;
	if (j->state != JOB_ST_PENDING) {
		res->rc = STATE_EBUSY;
		return;
	}
	/* slurmctld's direct_set_prio as in apply_job_update */
	if (hold) {
		j->priority = 0;
		j->reason = admin ? JOB_REASON_HELD_ADMIN : JOB_REASON_HELD_USER;
	} else if (j->priority == 0) {
		j->priority = nice_priority(next_priority(st), j->nice);
		j->reason = JOB_REASON_NONE;
		j->prio_set = false;
		j->eligible_time = now;
	}
	res->rc = STATE_EOK;
}

/* JOB_UPD_* fields that only a pending job may change. */
#define JOB_UPD_PENDING_ONLY (JOB_UPD_PARTITION | JOB_UPD_NODES | \
			      JOB_UPD_TASKS | JOB_UPD_CPUS_PER_TASK | \
			      JOB_UPD_MEM | JOB_UPD_DEPEND | JOB_UPD_BEGIN | \
			      JOB_UPD_NODES_GIVEN | JOB_UPD_CPUS_ASKED | \
			      JOB_UPD_MEM_ASKED | JOB_UPD_WORK_DIR | \
			      JOB_UPD_STD_OUT)
/* Members of the request (JOB_UPD_REQ) that a job that is no longer
 * pending may change too, that a running one may (its licenses, which
 * count as given back and taken anew, as slurmctld), and the others
 * only while it waits. */
#define JOB_REQ_ANY_STATE (JOB_REQ_MAIL_USER | JOB_REQ_MAIL_TYPE)
#define JOB_REQ_RUNNING_TOO JOB_REQ_LICENSES

/* The nodes of hostlist KEEP as bits, when they are some of running or
 * suspended job J's nodes (not all of them), its batch node among them:
 * what a shrink may keep. NULL otherwise. */
static bitstr_t *job_keep_bits(const struct state *st, const struct job *j,
			       const char *keep)
{
	hostlist_t *hl;
	bitstr_t *kb;
	bool ok;

	if ((j->state != JOB_ST_RUNNING && j->state != JOB_ST_SUSPENDED) ||
	    !j->node_bits || j->configuring || !keep || !(hl = hostlist_create(keep)))
		return NULL;
	kb = bit_alloc(bit_size(j->node_bits));
	ok = hostlist_count(hl) > 0;
	for (size_t i = 0; ok && i < hostlist_count(hl); i++) {
		long idx = state_node_index(st, hostlist_nth(hl, i));

		ok = idx >= 0 && (uint32_t)idx < bit_size(j->node_bits) &&
		     bit_test(j->node_bits, (uint32_t)idx);
		if (ok)
			bit_set(kb, (uint32_t)idx);
	}
	hostlist_destroy(hl);
	if (ok && (j->batch_node >= bit_size(kb) || !bit_test(kb, j->batch_node) ||
		   bit_count(kb) >= bit_count(j->node_bits)))
		ok = false;
	if (!ok) {
		bit_free(kb);
		return NULL;
	}
	return kb;
}

/* J keeps the nodes of KEEP (job_keep_bits, taken) with the CPUs, memory,
 * GPUs and cores it held on each; the others are free at once. Its CPUs
 * a node are written out when they follow its tasks, so that the nodes
 * kept hold what they held whatever the new node count would derive.
 * A running step on released nodes only ends CANCELLED at NOW (the
 * controller stops it there until they report it, and tells its srun);
 * one on kept nodes too runs on (the controller stops its tasks on the
 * nodes released). */
static void job_shrink(struct state *st, struct job *j, bitstr_t *keep,
		       time_t now)
{
	uint32_t nk = (uint32_t)bit_count(keep), k = 0, m = 0, total = 0;
	uint32_t *cpus = j->cpus_by_task ? xcalloc(nk, sizeof(*cpus)) : NULL;
	uint64_t *gm = j->gpu_masks ? xcalloc(nk, sizeof(*gm)) : NULL;
	bitstr_t **cb = j->core_bits ? xcalloc(nk, sizeof(*cb)) : NULL;
	hostlist_t *hl = hostlist_create(NULL);

	state_job_release(st, j);
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		uint32_t c;

		if (!bit_test(keep, (uint32_t)i))
			continue;
		c = job_cpus_at(j, k);
		total += c;
		if (cpus)
			cpus[m] = c;
		if (gm)
			gm[m] = j->gpu_masks[k];
		if (cb) {
			if (k < j->ncore_bits) {
				cb[m] = j->core_bits[k];
				j->core_bits[k] = NULL;
			} else {
				cb[m] = bit_alloc(1);
			}
		}
		if ((uint32_t)i < st->nnodes)
			hostlist_push_host(hl, st->nodes[i].name);
		m++;
	}
	bit_free(j->node_bits);
	j->node_bits = keep;
	free(j->nodes);
	j->nodes = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	j->alloc_cpus = total;
	if (cpus) {
		free(j->node_cpus);
		j->node_cpus = cpus;
		j->cpus_per_node = job_node_cpus_most(cpus, nk);
	}
	if (gm) {
		free(j->gpu_masks);
		j->gpu_masks = gm;
	}
	if (cb) {
		job_cores_free(j);
		j->core_bits = cb;
		j->ncore_bits = nk;
	}
	job_hold_nodes(st, j);
	for (uint32_t i = 0; i < j->nsteps; i++) {
		struct step *sp = j->steps[i];
		bool kept = false;

		if (sp->state != STEP_ST_RUNNING || !sp->node_bits)
			continue;
		for (int64_t b = bit_next_set(sp->node_bits, 0); b >= 0 && !kept;
		     b = bit_next_set(sp->node_bits, (uint32_t)b + 1))
			kept = (uint32_t)b < bit_size(keep) &&
			       bit_test(keep, (uint32_t)b);
		if (!kept) {
			sp->state = STEP_ST_CANCELLED;
			sp->end_time = now;
		}
	}
}

static bool job_update_sane(const struct job_update *u)
{
	uint32_t f = u->fields;
	int holds = !!(f & JOB_UPD_PRIORITY) + !!(f & JOB_UPD_HOLD) +
		    !!(f & JOB_UPD_RELEASE);

	if (f & ~JOB_UPD_ALL || holds > 1)
		return false;
	if ((f & JOB_UPD_NAME && !u->name) ||
	    (f & JOB_UPD_COMMENT && !u->comment) ||
	    (f & JOB_UPD_PARTITION && !u->partition) ||
	    (f & JOB_UPD_NODES && (u->min_nodes == 0 ||
				   u->max_nodes < u->min_nodes)) ||
	    (f & JOB_UPD_TASKS && u->num_tasks == 0) ||
	    (f & JOB_UPD_CPUS_PER_TASK && u->cpus_per_task == 0) ||
	    (f & JOB_UPD_PRIORITY && u->priority == 0) ||
	    (f & JOB_UPD_REQ && !job_req_mask_known(u->req_mask)) ||
	    (f & JOB_UPD_WORK_DIR && (!u->work_dir || !*u->work_dir)) ||
	    (f & JOB_UPD_STD_OUT && !u->std_out) ||
	    (f & JOB_UPD_SHRINK && (!u->keep_nodes || !*u->keep_nodes)))
		return false;
	return true;
}

/* Every change lands or none does: all checks come before the first
 * assignment. */
/* ALONE: J is named alone (not with every task waiting in its late
 * array's record), so it leaves that record first. A CMD_JOB_UPDATE of a
 * waiting task (the leader's own, as new memory limits) leaves it there:
 * clients name tasks through CMD_ARRAY_UPDATE. */
static void job_update(struct state *st, buf_t *b, time_t now, bool alone,
		       struct state_result *res)
{
	struct job_update u;
	struct partition *p = NULL;
	struct job_dep *deps = NULL;
	uint32_t ndeps = 0;
	bool dep_any = false;
	bitstr_t *keep = NULL;
	struct job *j;

	memset(&u, 0, sizeof(u));
	unpack32(b, &u.job_id);
	unpack32(b, &u.fields);
	unpack_str(b, &u.name);
	unpack_str(b, &u.comment);
	unpack_str(b, &u.partition);
	unpack32(b, &u.time_limit);
	unpack32(b, &u.min_nodes);
	unpack32(b, &u.max_nodes);
	unpack32(b, &u.num_tasks);
	unpack32(b, &u.cpus_per_task);
	unpack64(b, &u.mem_mb);
	unpack_bool(b, &u.mem_per_cpu);
	unpack32(b, &u.priority);
	unpack_bool(b, &u.hold_admin);
	if (u.fields & JOB_UPD_DEPEND) {
		unpack_str(b, &u.dependency);
		if (!b->failed && depend_parse(u.dependency, &deps, &ndeps,
					       &dep_any) < 0)
			b->failed = true;
		depend_resolve(st, deps, ndeps);
	}
	if (u.fields & JOB_UPD_NICE) {
		uint32_t nice = 0;

		unpack32(b, &nice);
		u.nice = (int32_t)nice;
	}
	if (u.fields & JOB_UPD_BEGIN)
		unpack_time(b, &u.begin_time);
	if (u.fields & JOB_UPD_DEADLINE)
		unpack_time(b, &u.deadline);
	if (u.fields & JOB_UPD_CPUS_ASKED)
		unpack32(b, &u.cpus_per_task_asked);
	if (u.fields & JOB_UPD_REQ) {
		unpack64(b, &u.req_mask);
		if (!b->failed && job_req_unpack(b, &u.req, true) < 0)
			b->failed = true;
	}
	if (u.fields & JOB_UPD_REQUEUE)
		unpack_bool(b, &u.no_requeue);
	if (u.fields & JOB_UPD_WORK_DIR)
		unpack_str(b, &u.work_dir);
	if (u.fields & JOB_UPD_STD_OUT)
		unpack_str(b, &u.std_out);
	if (u.fields & JOB_UPD_SHRINK)
		unpack_str(b, &u.keep_nodes);
	if (b->failed || !job_update_sane(&u)) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	j = state_job(st, u.job_id);
	if (!j) {
		res->rc = STATE_ENOJOB;
		goto out;
	}
	if (job_is_finished(j)) {
		res->rc = STATE_EDONE;
		goto out;
	}
	if ((u.fields & JOB_UPD_PENDING_ONLY && j->state != JOB_ST_PENDING) ||
	    (u.fields & JOB_UPD_REQ && j->state != JOB_ST_PENDING &&
	     (u.req_mask & ~(JOB_REQ_ANY_STATE | JOB_REQ_RUNNING_TOO) ||
	      (u.req_mask & JOB_REQ_RUNNING_TOO &&
	       j->state != JOB_ST_RUNNING))) ||
	    (u.fields & JOB_UPD_PRIORITY && j->priority == 0) ||
	    (u.fields & JOB_UPD_DEADLINE && j->state == JOB_ST_RUNNING)) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	if (u.fields & JOB_UPD_PARTITION && !(p = state_part(st, u.partition))) {
		res->rc = STATE_ENOPART;
		goto out;
	}
	if (u.fields & JOB_UPD_SHRINK &&
	    !(keep = job_keep_bits(st, j, u.keep_nodes))) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	if (alone && !state_array_split_ok(st, j)) {
		res->rc = STATE_EIDS;
		goto out;
	}
	if (alone)
		state_array_split(st, j);
	if (keep) {
		job_shrink(st, j, keep, now);
		keep = NULL;
	}

	if (u.fields & JOB_UPD_NAME) {
		free(j->name);
		j->name = u.name;
		u.name = NULL;
	}
	if (u.fields & JOB_UPD_COMMENT) {
		free(j->comment);
		j->comment = u.comment;
		u.comment = NULL;
	}
	if (p) {
		free(j->partition);
		j->partition = xstrdup(p->name);
	}
	if (u.fields & JOB_UPD_TIME_LIMIT)
		j->time_limit = u.time_limit;
	if (u.fields & JOB_UPD_NODES) {
		j->min_nodes = u.min_nodes;
		j->max_nodes = u.max_nodes;
	}
	if (u.fields & JOB_UPD_NODES_GIVEN)
		j->max_nodes_given = true;
	if (u.fields & JOB_UPD_CPUS_ASKED)
		j->cpus_per_task_asked = u.cpus_per_task_asked;
	if (u.fields & JOB_UPD_MEM_ASKED)
		j->mem_default = false;
	if (u.fields & JOB_UPD_TASKS)
		j->num_tasks = u.num_tasks;
	if (u.fields & JOB_UPD_CPUS_PER_TASK)
		j->cpus_per_task = u.cpus_per_task;
	if (u.fields & JOB_UPD_MEM) {
		j->mem_mb = u.mem_mb;
		j->mem_per_cpu = u.mem_per_cpu;
	}
	if (u.fields & JOB_UPD_PRIORITY) {
		j->priority = u.priority;
		/* an operator's: slurmctld drops the job's nice, and keeps
		 * the priority as given (direct_set_prio) */
		if (u.hold_admin)
			j->nice = 0;
		j->prio_set = true;
	}
	/* a priority given directly: slurmctld leaves it and the nice as
	 * they are (and says the update went through) */
	if (u.fields & JOB_UPD_NICE && !(j->prio_set && j->priority != 0)) {
		/* priority/basic as slurmctld: the priority moves by the
		 * change (at least 2); a held job keeps its hold */
		if (j->priority != 0) {
			int64_t p2 = (int64_t)j->priority + j->nice - u.nice;

			j->priority = p2 < 2 ? 2 : p2 >= STATE_NO_VAL ?
				STATE_NO_VAL - 1 : (uint32_t)p2;
		}
		j->nice = u.nice;
	}
	if (u.fields & JOB_UPD_DEPEND) {
		free(j->deps);
		j->deps = deps;
		j->ndeps = ndeps;
		j->dep_any = dep_any;
		deps = NULL;
		/* a new dependency is judged afresh, as in slurmctld */
		if (j->reason == JOB_REASON_DEP_INVALID)
			j->reason = JOB_REASON_NONE;
	}
	if (u.fields & JOB_UPD_BEGIN) {
		/* as at submit: eligible from then on, or now */
		j->begin_time = u.begin_time;
		j->eligible_time = u.begin_time > now ? u.begin_time : now;
	}
	if (u.fields & JOB_UPD_DEADLINE)
		j->deadline = u.deadline;
	if (u.fields & JOB_UPD_REQ) {
		job_req_take(&j->req, &u.req, u.req_mask);
		/* as at submit and restore: a member out of its range (a
		 * corrupted entry) must not make a snapshot restore to
		 * another model */
		job_req_normalize(&j->req);
	}
	if (u.fields & JOB_UPD_REQUEUE)
		j->no_requeue = u.no_requeue;
	if (u.fields & JOB_UPD_WORK_DIR) {
		free(j->work_dir);
		j->work_dir = u.work_dir;
		u.work_dir = NULL;
	}
	if (u.fields & JOB_UPD_STD_OUT) {
		free(j->std_out);
		j->std_out = *u.std_out ? u.std_out : NULL;
		if (!j->std_out)
			free(u.std_out);
		u.std_out = NULL;
	}
	if (u.fields & JOB_UPD_HOLD) {
		/* a running job keeps running; the hold matters if it is
		 * requeued, as in Slurm. slurmctld's hold also marks the
		 * priority (0) as given directly, which nothing can tell
		 * from a hold (Nice= moves no priority 0, a release clears
		 * the mark): prio_set is left as it is */
		j->priority = 0;
		j->reason = u.hold_admin ? JOB_REASON_HELD_ADMIN :
			JOB_REASON_HELD_USER;
	}
	if (u.fields & JOB_UPD_RELEASE && j->priority == 0) {
		j->priority = nice_priority(next_priority(st), j->nice);
		j->reason = JOB_REASON_NONE;
		j->prio_set = false;
		if (j->state == JOB_ST_PENDING)
			j->eligible_time = now;
	} else if (u.fields & JOB_UPD_RELEASE && u.hold_admin) {
		/* an operator's release of a job not held: slurmctld
		 * drops its nice and gives it the next priority, no
		 * longer one given directly */
		j->nice = 0;
		j->priority = next_priority(st);
		j->prio_set = false;
	}
	res->rc = STATE_EOK;
	res->job_id = j->id;
out:
	free(u.name);
	free(u.comment);
	free(u.partition);
	free(u.dependency);
	free(u.work_dir);
	free(u.std_out);
	free(u.keep_nodes);
	bit_free(keep);
	job_req_free(&u.req);
	free(deps);
}

/* --deadline: the leader saw the job cannot finish in time; apply sees
 * the same at the command's time, or refuses. */
static void apply_deadline(struct state *st, buf_t *b, time_t now,
			   struct state_result *res)
{
	struct job *j = target_job(st, b, NULL, 0, res);

	if (!j)
		return;
	if (j->state != JOB_ST_PENDING || j->completing ||
	    job_deadline_ok(j, now)) {
		res->rc = STATE_EBUSY;
		return;
	}
	/* as slurmctld: start and end now, exit code 1 */
	j->start_time = now;
	j->exit_status = 1;
	job_finish(st, j, JOB_ST_DEADLINE, false, now);
	j->reason = JOB_REASON_DEADLINE;
	res->rc = STATE_EOK;
	res->job_id = j->id;
}

/* kill_invalid_depend: the leader saw the dependency fail; apply sees it
 * the same way at the command's time, or refuses (a stale decision). */
static void apply_dep_kill(struct state *st, buf_t *b, time_t now,
			   struct state_result *res)
{
	struct job *j = target_job(st, b, NULL, 0, res);

	if (!j)
		return;
	if (j->state != JOB_ST_PENDING || j->completing ||
	    depend_test(st, j, now) != DEP_NEVER) {
		res->rc = STATE_EBUSY;
		return;
	}
	job_finish(st, j, JOB_ST_CANCELLED, false, now);
	j->reason = JOB_REASON_DEP_INVALID;
	res->rc = STATE_EOK;
	res->job_id = j->id;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool purgeable(const struct state *st, const struct job *j,
		      time_t now)
{
	return job_is_finished(j) && !j->completing &&
	       j->end_time + (time_t)st->params.min_job_age <= now;
}

/* The arrays of which a task other than the one holding the array's id
 * stays (sorted, *N of them): slurmctld keeps an array's record, and so
 * its id, until no other task of it is left. Only where ids wrap around
 * (an older log's purges replay as they did, and its ids were never
 * given again anyway). */
static uint32_t *arrays_left(const struct state *st, time_t now,
			     uint32_t *n)
{
	uint32_t *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!st->params.ids_wrap)
		return NULL;
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->array_job_id && j->id != j->array_job_id &&
		    !purgeable(st, j, now)) {
			xgrow((void **)&v, &cap, *n + 1, sizeof(*v));
			v[(*n)++] = j->array_job_id;
		}
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_u32);
	return v;
}

/* Whether purging at NOW forgets J, LEFT as arrays_left() made it. */
static bool purged(const struct state *st, const struct job *j, time_t now,
		   const uint32_t *left, uint32_t nleft)
{
	return purgeable(st, j, now) &&
	       !(nleft && j->id == j->array_job_id &&
		 bsearch(&j->id, left, nleft, sizeof(*left), cmp_u32));
}

bool state_purge_due(const struct state *st, time_t now)
{
	uint32_t nleft = 0, *left = NULL;
	bool due = false;

	for (uint32_t i = 0; i < st->njobs && !due; i++) {
		const struct job *j = st->jobs[i];

		if (!purgeable(st, j, now))
			continue;
		if (!left && st->params.ids_wrap)
			left = arrays_left(st, now, &nleft);
		due = purged(st, j, now, left, nleft);
	}
	free(left);
	return due;
}

static void apply_purge(struct state *st, time_t now, struct state_result *res)
{
	uint32_t keep = 0, nleft;
	uint32_t *left;

	/* dependents keep how these jobs ended once the records are gone,
	 * as slurmctld tests dependencies before it purges */
	depend_freeze_all(st, now);
	left = arrays_left(st, now, &nleft);
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (purged(st, j, now, left, nleft))
			job_free(st, j);
		else
			st->jobs[keep++] = j;
	}
	st->njobs = keep;
	free(left);
	state_late_below_update(st);
	res->rc = STATE_EOK;
}

/* ---- nodes ---------------------------------------------------------- */

static void set_reason(struct node *n, const char *reason, uint32_t uid,
		       time_t now)
{
	free(n->reason);
	n->reason = xstrdup(reason);
	n->reason_time = reason ? now : 0;
	n->reason_uid = uid;
}

/* Running (or suspended) batch job J was on node IDX, which failed at
 * NOW: as slurmctld's kill_running_job_by_node_name, it ends as
 * NODE_FAIL for what is told of its end (mail FAIL, then REQUEUE) and
 * is pending again, restarts + 1, with the requeue's WAIT (counted from
 * when it lets go of its nodes). The failed node is not waited for: a
 * job whose script ran there lets go now; one whose script runs on
 * another node stays COMPLETING until that node reports its end. */
static void node_fail_requeue(struct state *st, struct job *j, uint32_t idx,
			      uint32_t wait, time_t now)
{
	j->state = JOB_ST_NODE_FAIL;
	j->end_time = now;
	job_steps_end(j, JOB_ST_NODE_FAIL, now);
	if (st->job_hook) {
		st->job_hook(st->job_hook_arg, j, JOB_EVENT_END, now);
		st->job_hook(st->job_hook_arg, j, JOB_EVENT_REQUEUE, now);
	}
	j->state = JOB_ST_PENDING;
	j->completing = j->batch_node != idx;
	if (!j->completing)
		job_requeue_free(st, j, now);
	j->restarts++;
	j->eligible_time = now;
	job_requeue_wait(j, wait, now);
	/* held while it ran: it stays held, and says so */
	if (j->priority != 0)
		j->reason = JOB_REASON_NONE;
}

/* Node IDX failed at NOW: every running job on it ends as NODE_FAIL,
 * except that with a requeue WAIT (not NODE_FAIL_ENDS: a command from
 * before it) a batch job that may be requeued is requeued instead. */
static void fail_node_jobs(struct state *st, uint32_t idx, uint32_t wait,
			   time_t now)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (!j->node_bits || !bit_test(j->node_bits, idx))
			continue;
		if ((j->state == JOB_ST_RUNNING ||
		     j->state == JOB_ST_SUSPENDED) &&
		    wait != NODE_FAIL_ENDS && !j->interactive &&
		    !j->no_requeue)
			node_fail_requeue(st, j, idx, wait, now);
		else if (j->state == JOB_ST_RUNNING ||
			 j->state == JOB_ST_SUSPENDED)
			job_finish(st, j, JOB_ST_NODE_FAIL, false, now);
		else if (j->completing)
			job_let_go(st, j, now);
	}
}

/* The requeue wait a node failure command may end with, in *WAIT (see
 * fail_node_jobs): NODE_FAIL_ENDS in logs from before it. False when
 * it does not unpack. */
static bool node_fail_wait(buf_t *b, uint32_t *wait)
{
	*wait = NODE_FAIL_ENDS;
	if (!buf_remaining(b))
		return true;
	return unpack32(b, wait) == 0 && *wait != NODE_FAIL_ENDS;
}

/* The node a command names, once B has given all the command's fields:
 * NULL with res->rc set (EINVAL, ENONODE) when that fails. */
static struct node *target_node(struct state *st, buf_t *b, const char *name,
				struct state_result *res)
{
	struct node *n;

	if (b->failed || !name) {
		res->rc = STATE_EINVAL;
		return NULL;
	}
	n = state_node(st, name);
	if (!n)
		res->rc = STATE_ENONODE;
	return n;
}

/* Drain N for what it lacks, with slurmctld's reasons joined by ", "
 * (GPUS: what its gres.conf gives, STATE_NO_VAL = not told). */
static void drain_low(struct node *n, uint32_t cpus, uint64_t mem,
		      uint32_t gpus, time_t now)
{
	char *why = NULL;

	if (n->flags & NODE_FLAG_DRAIN)
		return;
	if (gpus != STATE_NO_VAL && gpus < n->gpus)
		why = xasprintf("gres/gpu count reported lower than "
				"configured (%u < %u)", gpus, n->gpus);
	if (cpus && cpus < n->cpus)
		xstrfmtcat(&why, "%sLow socket*core*thread count",
			   why ? ", " : "");
	else if (mem && mem < n->memory_mb)
		xstrfmtcat(&why, "%sLow RealMemory", why ? ", " : "");
	if (why) {
		n->flags |= NODE_FLAG_DRAIN;
		set_reason(n, why, 0, now);
	}
	free(why);
}

/* Configuring job J (sbatch --reboot) whose nodes are all back from
 * their reboot: it runs from NOW, as slurmctld's job_config_fini resets
 * the start time (and so the end) of a job whose nodes booted for it. */
static void job_boot_check(struct state *st, struct job *j, time_t now)
{
	if (!j->configuring || j->state != JOB_ST_RUNNING || !j->node_bits)
		return;
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
		if ((uint32_t)i < st->nnodes &&
		    st->nodes[i].reboot == NODE_REBOOT_JOB)
			return;
	j->configuring = false;
	j->start_time = now;
}

/* job_boot_check for the jobs on node IDX, or all with IDX
 * STATE_NO_VAL. */
static void jobs_boot_check(struct state *st, uint32_t idx, time_t now)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (j->configuring && (idx == STATE_NO_VAL ||
				       (j->node_bits &&
					bit_test(j->node_bits, idx))))
			job_boot_check(st, j, now);
	}
}

/* As slurmctld's set_node_reboot_reason: MSG after the reason the node
 * has (" : "), unless it is in it already. */
static void reboot_reason(struct node *n, const char *msg, time_t now)
{
	char *r;

	if (n->reason && !strstr(n->reason, msg))
		r = xasprintf("%s : %s", n->reason, msg);
	else
		r = xstrdup(msg);
	set_reason(n, r, 0, now);
	free(r);
}

/* Node N is back from the reboot it was issued: it takes the state
 * asked for, as slurmctld's validate_node_specs. */
static void reboot_back(struct node *n, time_t now)
{
	uint32_t next = n->next_state & NODE_NEXT_MASK;

	n->reboot = NODE_REBOOT_NONE;
	n->boot_req_time = 0;
	n->flags &= ~(NODE_FLAG_NO_RESPOND | NODE_FLAG_ADMIN_DOWN);
	if (n->next_state != NODE_NEXT_NONE)
		n->flags &= ~NODE_FLAG_DRAIN;
	n->next_state = NODE_NEXT_NONE;
	if (next == NODE_NEXT_DOWN) {
		n->base = NODE_ST_DOWN;
		n->flags |= NODE_FLAG_ADMIN_DOWN;
		reboot_reason(n, "reboot complete", now);
		return;
	}
	n->base = NODE_ST_IDLE;
	if (!(n->flags & NODE_FLAG_DRAIN))
		set_reason(n, NULL, 0, now);
}

static void apply_node_up(struct state *st, buf_t *b, time_t now,
			  bool with_gpus, struct state_result *res)
{
	char *name = NULL;
	uint32_t cpus = 0, gpus = STATE_NO_VAL;
	uint64_t mem = 0;
	time_t boot = 0;
	struct node *n;

	unpack_str(b, &name);
	unpack32(b, &cpus);
	unpack64(b, &mem);
	unpack_time(b, &boot);
	if (with_gpus)
		unpack32(b, &gpus);
	if (!(n = target_node(st, b, name, res)))
		goto out;
	/* waiting for its reboot: the node daemon from before it is
	 * ignored, as slurmctld does. Back is a node daemon started in a
	 * later second than the reboot was issued (start times are in
	 * seconds; a real reboot takes longer). */
	if ((n->reboot == NODE_REBOOT_ISSUED ||
	     n->reboot == NODE_REBOOT_JOB) && boot <= n->boot_req_time) {
		res->rc = STATE_EOK;
		goto out;
	}
	n->rep_cpus = cpus;
	n->rep_memory_mb = mem;
	n->boot_time = boot;
	if (n->reboot == NODE_REBOOT_JOB) {
		/* back for the job it rebooted for, which may run once its
		 * other nodes are back too */
		n->reboot = NODE_REBOOT_NONE;
		n->boot_req_time = 0;
		jobs_boot_check(st, (uint32_t)(n - st->nodes), now);
	}
	if (n->reboot == NODE_REBOOT_ISSUED)
		reboot_back(n, now);
	else switch (n->base) {
	case NODE_ST_UNKNOWN:
	case NODE_ST_FUTURE:
		n->base = NODE_ST_IDLE;
		break;
	case NODE_ST_DOWN:
		/* ReturnToService: 0 keeps every DOWN node down, 1 returns a
		 * node that was only not responding, 2 returns any node that
		 * registers with a valid configuration. */
		if ((st->params.return_to_service == 1 &&
		     (n->flags & NODE_FLAG_NO_RESPOND) &&
		     !(n->flags & NODE_FLAG_ADMIN_DOWN)) ||
		    st->params.return_to_service == 2) {
			n->base = NODE_ST_IDLE;
			n->flags &= ~(NODE_FLAG_NO_RESPOND | NODE_FLAG_ADMIN_DOWN);
			if (!(n->flags & NODE_FLAG_DRAIN))
				set_reason(n, NULL, 0, now);
		}
		break;
	default:
		break;
	}
	n->flags &= ~NODE_FLAG_NO_RESPOND;
	node_set_busy_base(n);
	/* A node with less than configured cannot take the jobs sized for
	 * it: drain it with Slurm's reasons. */
	drain_low(n, cpus, mem, gpus, now);
	res->rc = STATE_EOK;
out:
	free(name);
}

static void apply_node_down(struct state *st, buf_t *b, time_t now,
			    struct state_result *res)
{
	char *name = NULL, *reason = NULL;
	uint32_t wait;
	struct node *n;

	unpack_str(b, &name);
	unpack_str(b, &reason);
	if (!(n = target_node(st, b, name, res)))
		goto out;
	if (!node_fail_wait(b, &wait)) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	n->base = NODE_ST_DOWN;
	n->flags |= NODE_FLAG_NO_RESPOND;
	/* as Slurm: an operator's drain reason is worth more than ours */
	if (!(n->flags & NODE_FLAG_DRAIN) || !n->reason)
		set_reason(n, reason ? reason : "Not responding", 0, now);
	fail_node_jobs(st, (uint32_t)(n - st->nodes), wait, now);
	res->rc = STATE_EOK;
out:
	free(name);
	free(reason);
}

static void apply_node_update(struct state *st, buf_t *b, time_t now,
			      bool more, struct state_result *res)
{
	char *names = NULL, *reason = NULL, *features = NULL;
	char *act = NULL, *comment = NULL, *extra = NULL;
	uint32_t op = 0, uid = 0, weight = 0, mask = 0;
	uint32_t wait = NODE_FAIL_ENDS;
	bool set_weight = false, set_features = false;
	hostlist_t *hl = NULL;

	unpack_str(b, &names);
	unpack32(b, &op);
	unpack_str(b, &reason);
	if (unpack32(b, &uid) < 0 || !names || !(hl = hostlist_create(names))) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (buf_remaining(b) && unpack32(b, &weight) == 0)
		set_weight = weight != NODE_WEIGHT_KEEP;
	if (buf_remaining(b)) {
		if (unpack_str(b, &features) < 0) {
			res->rc = STATE_EINVAL;
			goto out;
		}
		set_features = true;
	}
	if (more) {
		/* the features are set only when the mask says so */
		if (!set_features || unpack32(b, &mask) < 0 ||
		    (mask & ~(uint32_t)(NODE_UPD_F_FEATURES |
					NODE_UPD_F_FEATURES_ACT |
					NODE_UPD_F_COMMENT | NODE_UPD_F_EXTRA)) ||
		    ((mask & NODE_UPD_F_FEATURES_ACT) &&
		     unpack_str(b, &act) < 0) ||
		    ((mask & NODE_UPD_F_COMMENT) &&
		     unpack_str(b, &comment) < 0) ||
		    ((mask & NODE_UPD_F_EXTRA) && unpack_str(b, &extra) < 0) ||
		    !node_fail_wait(b, &wait)) {
			res->rc = STATE_EINVAL;
			goto out;
		}
		set_features = mask & NODE_UPD_F_FEATURES;
	}
	if (op == NODE_UPD_WEIGHT && !set_weight && !set_features &&
	    !(mask & ~(uint32_t)NODE_UPD_F_FEATURES)) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	/* all names must exist before anything changes */
	for (size_t i = 0; i < hostlist_count(hl); i++) {
		long idx = state_node_index(st, hostlist_nth(hl, i));

		if (idx < 0) {
			res->rc = STATE_ENONODE;
			goto out;
		}
		/* a node pending removal stays drained until it goes */
		if ((op == NODE_UPD_RESUME || op == NODE_UPD_UNDRAIN) &&
		    st->nodes[idx].flags & NODE_FLAG_REMOVING) {
			res->rc = STATE_EBUSY;
			goto out;
		}
		/* as slurmctld: only a reboot not yet issued is cancelled */
		if (op == NODE_UPD_REBOOT_CANCEL &&
		    st->nodes[idx].reboot != NODE_REBOOT_REQUESTED) {
			res->rc = STATE_EBUSY;
			goto out;
		}
	}
	for (size_t i = 0; i < hostlist_count(hl); i++) {
		long idx = state_node_index(st, hostlist_nth(hl, i));
		struct node *n = &st->nodes[idx];

		switch (op) {
		case NODE_UPD_DRAIN:
			n->flags |= NODE_FLAG_DRAIN;
			set_reason(n, reason, uid, now);
			break;
		case NODE_UPD_UNDRAIN:
			n->flags &= ~NODE_FLAG_DRAIN;
			if (n->base != NODE_ST_DOWN)
				set_reason(n, NULL, 0, now);
			break;
		case NODE_UPD_REBOOT_CANCEL:
			/* an ASAP drain goes with it, an operator's drain
			 * stays; as slurmctld's node update, the reason of a
			 * node neither drained nor down goes too */
			if (n->next_state & NODE_NEXT_UNDRAIN)
				n->flags &= ~NODE_FLAG_DRAIN;
			if (!(n->flags & NODE_FLAG_DRAIN) &&
			    n->base != NODE_ST_DOWN)
				set_reason(n, NULL, 0, now);
			n->reboot = NODE_REBOOT_NONE;
			n->next_state = NODE_NEXT_NONE;
			break;
		case NODE_UPD_RESUME:
			/* as slurmctld, a resume ends a reboot too (one for
			 * a job: the job goes on without it, see below) */
			n->reboot = NODE_REBOOT_NONE;
			n->next_state = NODE_NEXT_NONE;
			n->boot_req_time = 0;
			n->flags &= ~(NODE_FLAG_DRAIN | NODE_FLAG_ADMIN_DOWN |
				      NODE_FLAG_NO_RESPOND);
			if (n->base == NODE_ST_DOWN)
				n->base = NODE_ST_IDLE;
			node_set_busy_base(n);
			set_reason(n, NULL, 0, now);
			break;
		case NODE_UPD_DOWN:
			n->base = NODE_ST_DOWN;
			n->flags |= NODE_FLAG_ADMIN_DOWN;
			set_reason(n, reason, uid, now);
			fail_node_jobs(st, (uint32_t)idx, wait, now);
			break;
		case NODE_UPD_WEIGHT:
			break;
		default:
			res->rc = STATE_EINVAL;
			goto out;
		}
		if (set_weight)
			n->weight = weight;
		if (set_features) {
			free(n->features);
			n->features = features && *features ?
				xstrdup(features) : NULL;
		}
		/* as slurmctld without a NodeFeatures plugin, Features=
		 * alone sets the active list too; it is kept apart when
		 * it differs or is empty (shown so, not as "(null)") */
		if (set_features || (mask & NODE_UPD_F_FEATURES_ACT)) {
			const char *a = mask & NODE_UPD_F_FEATURES_ACT ?
				act : features;

			free(n->features_act);
			n->features_act = NULL;
			if (!a || !*a || !xstrsame(a, n->features))
				n->features_act = xstrdup(a ? a : "");
		}
		if (mask & NODE_UPD_F_COMMENT) {
			free(n->comment);
			n->comment = comment && *comment ?
				xstrdup(comment) : NULL;
		}
		if (mask & NODE_UPD_F_EXTRA) {
			free(n->extra);
			n->extra = extra && *extra ? xstrdup(extra) : NULL;
		}
	}
	/* a job whose nodes no longer reboot for it goes on */
	if (op == NODE_UPD_RESUME)
		jobs_boot_check(st, STATE_NO_VAL, now);
	res->rc = STATE_EOK;
out:
	hostlist_destroy(hl);
	free(names);
	free(reason);
	free(features);
	free(act);
	free(comment);
	free(extra);
}

/* scontrol reboot, as slurmctld's REQUEST_REBOOT_NODES: every named
 * node must exist; FUTURE nodes and those with a reboot already are
 * left as they are. */
static void apply_node_reboot(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	char *names = NULL, *reason = NULL;
	uint32_t flags = 0, next = 0, uid = 0;
	hostlist_t *hl = NULL;

	unpack_str(b, &names);
	unpack32(b, &flags);
	unpack32(b, &next);
	unpack_str(b, &reason);
	if (unpack32(b, &uid) < 0 || !names ||
	    (flags & ~(uint32_t)NODE_REBOOT_F_ASAP) ||
	    (next != NODE_NEXT_NONE && next != NODE_NEXT_RESUME &&
	     next != NODE_NEXT_DOWN) || !(hl = hostlist_create(names))) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	for (size_t i = 0; i < hostlist_count(hl); i++)
		if (state_node_index(st, hostlist_nth(hl, i)) < 0) {
			res->rc = STATE_ENONODE;
			goto out;
		}
	for (size_t i = 0; i < hostlist_count(hl); i++) {
		struct node *n = state_node(st, hostlist_nth(hl, i));

		if (n->base == NODE_ST_FUTURE || n->reboot != NODE_REBOOT_NONE)
			continue;
		n->reboot = NODE_REBOOT_REQUESTED;
		n->next_state = next;
		if (reason && *reason)
			set_reason(n, reason, uid, now);
		if (flags & NODE_REBOOT_F_ASAP) {
			if (n->next_state == NODE_NEXT_NONE)
				n->next_state = NODE_NEXT_RESUME;
			if (!(n->flags & NODE_FLAG_DRAIN))
				n->next_state |= NODE_NEXT_UNDRAIN;
			n->flags |= NODE_FLAG_DRAIN;
			if (!n->reason)
				set_reason(n, "Reboot ASAP", uid, now);
		}
		if (!n->reason)
			set_reason(n, "reboot requested", uid, now);
	}
	res->rc = STATE_EOK;
out:
	hostlist_destroy(hl);
	free(names);
	free(reason);
}

/* The leader issues the reboot of a node whose reboot was requested and
 * that is idle (or down): DOWN until it is back, as slurmctld. */
static void apply_node_reboot_issue(struct state *st, buf_t *b, time_t now,
				    struct state_result *res)
{
	char *name = NULL;
	struct node *n;

	unpack_str(b, &name);
	if (!(n = target_node(st, b, name, res)))
		goto out;
	if (n->reboot != NODE_REBOOT_REQUESTED || n->njobs) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	n->base = NODE_ST_DOWN;
	n->reboot = NODE_REBOOT_ISSUED;
	n->boot_req_time = now;
	reboot_reason(n, "reboot issued", now);
	res->rc = STATE_EOK;
out:
	free(name);
}

/* Node IDX did not come back from the reboot a job asked for: as
 * slurmctld's kill_running_job_by_node_name, the batch job waiting for
 * it (suspended meanwhile or not) is requeued (unless --no-requeue),
 * another ends NODE_FAIL. */
static void reboot_job_lost(struct state *st, uint32_t idx, uint32_t wait,
			    time_t now)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if ((j->state != JOB_ST_RUNNING &&
		     !(j->state == JOB_ST_SUSPENDED && j->configuring)) ||
		    !j->node_bits || !bit_test(j->node_bits, idx))
			continue;
		if (j->configuring && !j->interactive && !j->no_requeue) {
			job_requeue_now(st, j, JOB_REASON_NODE_DOWN, now);
			job_requeue_wait(j, wait, now);
		} else
			job_finish(st, j, JOB_ST_NODE_FAIL, true, now);
	}
}

/* Not back within ResumeTimeout: DOWN with "reboot timed out", its
 * drain gone, as slurmctld's check_reboot_nodes. Only the reboot issued
 * at the time the command names: a later one has its own. */
static void apply_node_reboot_timeout(struct state *st, buf_t *b, time_t now,
				      struct state_result *res)
{
	char *name = NULL;
	time_t issued = 0;
	uint32_t wait = 0;
	struct node *n;

	unpack_str(b, &name);
	unpack_time(b, &issued);
	if (!requeue_wait(b, &wait)) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (!(n = target_node(st, b, name, res)))
		goto out;
	if ((n->reboot != NODE_REBOOT_ISSUED &&
	     n->reboot != NODE_REBOOT_JOB) || n->boot_req_time != issued) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	if (n->reboot == NODE_REBOOT_JOB)
		reboot_job_lost(st, (uint32_t)(n - st->nodes), wait, now);
	reboot_reason(n, "reboot timed out", now);
	n->reboot = NODE_REBOOT_NONE;
	n->next_state = NODE_NEXT_NONE;
	n->boot_req_time = 0;
	n->flags &= ~NODE_FLAG_DRAIN;
	n->flags |= NODE_FLAG_ADMIN_DOWN;
	n->base = NODE_ST_DOWN;
	res->rc = STATE_EOK;
out:
	free(name);
}

/* Drop node IDX from the model; every index after it moves down one. */
static void node_delete(struct state *st, uint32_t idx)
{
	long *map = xcalloc(st->nnodes, sizeof(*map));

	for (uint32_t i = 0; i < st->nnodes; i++)
		map[i] = i < idx ? (long)i : i == idx ? -1 : (long)i - 1;
	remap_job_refs(st, map, st->nnodes, st->nnodes - 1);
	node_free_fields(&st->nodes[idx]);
	memmove(&st->nodes[idx], &st->nodes[idx + 1],
		(st->nnodes - idx - 1) * sizeof(*st->nodes));
	for (uint32_t i = 0; i < st->nparts; i++) {
		struct partition *p = &st->parts[i];
		bool had = bit_test(p->node_bits, idx);
		bitstr_t *nb = bits_remap(p->node_bits, map, st->nnodes,
					  st->nnodes - 1);

		bit_free(p->node_bits);
		p->node_bits = nb;
		if (had)
			part_names_rebuild(p, st->nodes, st->nnodes - 1);
	}
	st->nnodes--;
	free(map);
	state_recount_nodes(st);
}

/* Only a node pending removal goes (slurm.conf decides which nodes
 * exist); without force only once no job holds it. */
static void apply_node_add(struct state *st, buf_t *b, time_t now,
			   struct state_result *res)
{
	char *name = NULL, *features = NULL, *partitions = NULL;
	uint32_t cpus = 0, nold = st->nnodes;
	uint64_t mem = 0;
	hostlist_t *hl = NULL;
	long *map = NULL;
	struct node *n;

	unpack_str(b, &name);
	unpack32(b, &cpus);
	unpack64(b, &mem);
	unpack_str(b, &features);
	if (unpack_str(b, &partitions) < 0 || !name || !*name || !cpus) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (state_node_index(st, name) >= 0) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	if (partitions) {
		hl = hostlist_create(partitions);
		if (!hl) {
			res->rc = STATE_EINVAL;
			goto out;
		}
		for (size_t k = 0; k < hostlist_count(hl); k++)
			if (!state_part(st, hostlist_nth(hl, k))) {
				res->rc = STATE_ENOPART;
				goto out;
			}
	}
	st->nodes = xrealloc(st->nodes, (nold + 1) * sizeof(*st->nodes));
	n = &st->nodes[nold];
	memset(n, 0, sizeof(*n));
	n->name = name;
	name = NULL;
	n->addr = xstrdup(n->name);
	n->cpus = cpus;
	n->sockets = 1;
	n->cores = cpus;
	n->threads = 1;
	n->memory_mb = mem;
	n->features = features;
	features = NULL;
	n->weight = 1;
	n->conf_state = NODE_ST_UNKNOWN;
	n->base = NODE_ST_UNKNOWN;
	n->flags = NODE_FLAG_DYNAMIC;
	st->nnodes = nold + 1;
	/* every node bitmap gets the new node's bit */
	map = xcalloc(nold ? nold : 1, sizeof(*map));
	for (uint32_t i = 0; i < nold; i++)
		map[i] = i;
	remap_job_refs(st, map, nold, st->nnodes);
	for (uint32_t i = 0; i < st->nparts; i++) {
		struct partition *p = &st->parts[i];
		bitstr_t *nb = bits_remap(p->node_bits, map, nold, st->nnodes);
		bool in = false;

		bit_free(p->node_bits);
		p->node_bits = nb;
		for (size_t k = 0; hl && k < hostlist_count(hl); k++)
			in = in || !strcmp(hostlist_nth(hl, k), p->name);
		if (in) {
			bit_set(p->node_bits, nold);
			part_names_rebuild(p, st->nodes, st->nnodes);
		}
	}
	/* node set changed, as after a CONFIG */
	st->config_version++;
	state_recount_nodes(st);
	res->rc = STATE_EOK;
out:
	hostlist_destroy(hl);
	free(map);
	free(name);
	free(features);
	free(partitions);
}

static void apply_node_retire(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	char *name = NULL;
	uint32_t uid = 0;
	struct node *n;

	unpack_str(b, &name);
	unpack32(b, &uid);
	if (!(n = target_node(st, b, name, res)))
		goto out;
	/* a node slurm.conf defines comes back with every CONFIG; one
	 * already pending removal stays as it is */
	if (!(n->flags & (NODE_FLAG_DYNAMIC | NODE_FLAG_REMOVING))) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	if (!(n->flags & NODE_FLAG_REMOVING)) {
		/* an operator's drain reason says more */
		if (!(n->flags & NODE_FLAG_DRAIN))
			set_reason(n, NODE_REASON_RETIRED, uid, now);
		n->flags |= NODE_FLAG_DRAIN | NODE_FLAG_REMOVING;
	}
	res->rc = STATE_EOK;
out:
	free(name);
}

static void apply_node_remove(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	char *name = NULL;
	bool force = false;
	struct node *n;
	uint32_t idx, wait;

	unpack_str(b, &name);
	unpack_bool(b, &force);
	if (!(n = target_node(st, b, name, res)))
		goto out;
	if (!node_fail_wait(b, &wait)) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	if (!(n->flags & NODE_FLAG_REMOVING) || (n->njobs && !force)) {
		res->rc = STATE_EBUSY;
		goto out;
	}
	idx = (uint32_t)(n - st->nodes);
	fail_node_jobs(st, idx, wait, now);
	node_delete(st, idx);
	/* node indexes moved, as after a CONFIG */
	st->config_version++;
	res->rc = STATE_EOK;
out:
	free(name);
}

/* ---- partitions ----------------------------------------------------- */

/* The node bits of hostlist NODES ("" or NULL: none); NULL when it does
 * not parse or names a node the model does not have. */
static bitstr_t *part_bits(const struct state *st, const char *nodes)
{
	bitstr_t *bits = bit_alloc(st->nnodes);
	hostlist_t *hl;

	if (!nodes || !*nodes)
		return bits;
	hl = hostlist_create(nodes);
	if (!hl)
		goto bad;
	for (size_t k = 0; k < hostlist_count(hl); k++) {
		long idx = state_node_index(st, hostlist_nth(hl, k));

		if (idx < 0) {
			hostlist_destroy(hl);
			goto bad;
		}
		bit_set(bits, (uint32_t)idx);
	}
	hostlist_destroy(hl);
	return bits;
bad:
	bit_free(bits);
	return NULL;
}

static void apply_part_update(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	struct part_spec ps;
	struct partition *p;
	uint32_t fields = 0;
	bool create = false;
	bitstr_t *bits = NULL;
	uint8_t def = 0, hidden = 0;

	memset(&ps, 0, sizeof(ps));
	unpack_str(b, &ps.name);
	unpack32(b, &fields);
	unpack_bool(b, &create);
	unpack_str(b, &ps.nodes);
	unpack_str(b, &ps.allow_groups);
	unpack8(b, &def);
	unpack8(b, &hidden);
	unpack32(b, &ps.max_time);
	unpack32(b, &ps.default_time);
	unpack32(b, &ps.state);
	unpack32(b, &ps.priority_tier);
	unpack32(b, &ps.max_nodes);
	if (unpack32(b, &ps.min_nodes) < 0 || !ps.name || !*ps.name ||
	    ps.state > PART_STATE_INACTIVE) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	p = state_part(st, ps.name);
	if (create ? p != NULL : p == NULL) {
		res->rc = create ? STATE_EBUSY : STATE_ENOPART;
		goto out;
	}
	if (create)
		fields = PART_UPD_ALL;
	if (fields & PART_UPD_NODES) {
		bits = part_bits(st, ps.nodes);
		if (!bits) {
			res->rc = STATE_ENONODE;
			goto out;
		}
	}
	if (create) {
		st->parts = xrealloc(st->parts, (st->nparts + 1) * sizeof(*st->parts));
		p = &st->parts[st->nparts++];
		memset(p, 0, sizeof(*p));
		p->name = ps.name;
		ps.name = NULL;
	}
	if (fields & PART_UPD_NODES) {
		free(p->nodes);
		p->nodes = ps.nodes;
		ps.nodes = NULL;
		bit_free(p->node_bits);
		p->node_bits = bits;
		bits = NULL;
	}
	if (fields & PART_UPD_ALLOW_GROUPS) {
		free(p->allow_groups);
		p->allow_groups = ps.allow_groups;
		ps.allow_groups = NULL;
	}
	if (fields & PART_UPD_DEFAULT) {
		if (def)
			for (uint32_t i = 0; i < st->nparts; i++)
				st->parts[i].is_default = false;
		p->is_default = def != 0;
	}
	if (fields & PART_UPD_HIDDEN)
		p->hidden = hidden != 0;
	if (fields & PART_UPD_MAX_TIME)
		p->max_time = ps.max_time;
	if (fields & PART_UPD_DEFAULT_TIME)
		p->default_time = ps.default_time;
	if (fields & PART_UPD_STATE)
		p->state = ps.state;
	if (fields & PART_UPD_PRIO_TIER)
		p->priority_tier = ps.priority_tier;
	if (fields & PART_UPD_MAX_NODES)
		p->max_nodes = ps.max_nodes;
	if (fields & PART_UPD_MIN_NODES)
		p->min_nodes = ps.min_nodes;
	res->rc = STATE_EOK;
out:
	bit_free(bits);
	free(ps.name);
	free(ps.nodes);
	free(ps.allow_groups);
}

static void apply_part_delete(struct state *st, buf_t *b, time_t now,
			      struct state_result *res)
{
	char *name = NULL;
	uint32_t i;

	if (unpack_str(b, &name) < 0 || !name) {
		res->rc = STATE_EINVAL;
		goto out;
	}
	for (i = 0; i < st->nparts; i++)
		if (!strcmp(st->parts[i].name, name))
			break;
	if (i == st->nparts) {
		res->rc = STATE_ENOPART;
		goto out;
	}
	/* as slurmctld: a partition is not deleted under its jobs */
	for (uint32_t k = 0; k < st->njobs; k++) {
		const struct job *j = st->jobs[k];

		bool uses = false;

		/* one of a pending job's list (-p a,b) counts too */
		for (uint32_t n = 0; n < state_part_count(j->partition); n++)
			uses = uses ||
				state_part_nth(st, j->partition, n) == &st->parts[i];
		if (uses && (!job_is_finished(j) || j->completing)) {
			res->rc = STATE_EBUSY;
			goto out;
		}
	}
	part_free_fields(&st->parts[i]);
	memmove(&st->parts[i], &st->parts[i + 1],
		(st->nparts - i - 1) * sizeof(*st->parts));
	st->nparts--;
	res->rc = STATE_EOK;
out:
	free(name);
}

/* FNV-1a over the command after its type and time. */
uint64_t state_config_hash(const void *cmd, size_t len)
{
	const uint8_t *p = cmd;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 10; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void state_apply(struct state *st, const void *cmd, size_t len,
		 struct state_result *res)
{
	buf_t b;
	uint16_t type = 0;
	time_t now = 0;

	memset(res, 0, sizeof(*res));
	/* a command may read singletons half way through its changes */
	depend_index_drop(st->dep_index);
	buf_init_view(&b, cmd, len);
	unpack16(&b, &type);
	if (unpack_time(&b, &now) < 0) {
		res->rc = STATE_EINVAL;
		return;
	}
	switch (type) {
	case CMD_CONFIG:
		apply_config(st, &b, now, res);
		if (res->rc == STATE_EOK)
			st->config_hash = state_config_hash(cmd, len);
		break;
	case CMD_SUBMIT:      apply_submit(st, &b, false, now, res); break;
	case CMD_SUBMIT_REQ:  apply_submit(st, &b, true, now, res); break;
	case CMD_START:       apply_start(st, &b, now, false, res); break;
	case CMD_START_SPREAD: apply_start(st, &b, now, true, res); break;
	case CMD_START_REBOOT: apply_start_reboot(st, &b, now, res); break;
	case CMD_JOB_END:     apply_job_end(st, &b, now, res); break;
	case CMD_CANCEL:      apply_cancel(st, &b, now, res); break;
	case CMD_TIMEOUT:     apply_timeout(st, &b, now, res); break;
	case CMD_REQUEUE:     apply_requeue(st, &b, now, res); break;
	case CMD_NODE_UP:     apply_node_up(st, &b, now, false, res); break;
	case CMD_NODE_UP_GPUS: apply_node_up(st, &b, now, true, res); break;
	case CMD_NODE_DOWN:   apply_node_down(st, &b, now, res); break;
	case CMD_NODE_UPDATE: apply_node_update(st, &b, now, false, res); break;
	case CMD_NODE_UPDATE_MORE:
		apply_node_update(st, &b, now, true, res);
		break;
	case CMD_NODE_REBOOT: apply_node_reboot(st, &b, now, res); break;
	case CMD_NODE_REBOOT_ISSUE:
		apply_node_reboot_issue(st, &b, now, res);
		break;
	case CMD_NODE_REBOOT_TIMEOUT:
		apply_node_reboot_timeout(st, &b, now, res);
		break;
	case CMD_PURGE:       apply_purge(st, now, res); break;
	case CMD_HOLD:        apply_hold(st, &b, now, res); break;
	case CMD_JOB_UPDATE:  job_update(st, &b, now, false, res); break;
	case CMD_NODE_REMOVE: apply_node_remove(st, &b, now, res); break;
	case CMD_PART_UPDATE: apply_part_update(st, &b, now, res); break;
	case CMD_PART_DELETE: apply_part_delete(st, &b, now, res); break;
	case CMD_NODE_ADD:    apply_node_add(st, &b, now, res); break;
	case CMD_NODE_RETIRE: apply_node_retire(st, &b, now, res); break;
	case CMD_JOB_REQUEUE: apply_job_requeue(st, &b, now, res); break;
	case CMD_JOB_SUSPEND: apply_job_suspend(st, &b, now, res); break;
	case CMD_JOB_TOP:     apply_job_top(st, &b, now, res); break;
	case CMD_ONCE:        apply_once(st, &b, res); break;
	case CMD_STEP_CREATE:
		apply_step_create(st, &b, now, false, res);
		break;
	case CMD_STEP_CREATE_GPUS:
		apply_step_create(st, &b, now, true, res);
		break;
	case CMD_STEP_END:    apply_step_end(st, &b, now, res); break;
	case CMD_STEP_CANCEL: apply_step_cancel(st, &b, now, res); break;
	case CMD_DEP_KILL:    apply_dep_kill(st, &b, now, res); break;
	case CMD_DEADLINE:    apply_deadline(st, &b, now, res); break;
	case CMD_ARRAY_SUBMIT: apply_array_submit(st, &b, false, false, now, res); break;
	case CMD_ARRAY_SUBMIT_REQ: apply_array_submit(st, &b, true, false, now, res); break;
	case CMD_ARRAY_SUBMIT_LATE:
		apply_array_submit(st, &b, true, true, now, res);
		break;
	case CMD_ARRAY_CANCEL: apply_array_cancel(st, &b, now, res); break;
	case CMD_ARRAY_UPDATE: apply_array_update(st, &b, now, res); break;
	case CMD_ARRAY_THROTTLE: apply_array_throttle(st, &b, res); break;
	case CMD_PRIO_SKIP:   apply_prio_skip(st, &b, res); break;
	default:
		res->rc = STATE_EINVAL;
		return;
	}
	if (now > st->now)
		st->now = now;
	st->last_update++;
}
