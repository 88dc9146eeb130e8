/* sched.c - FIFO-by-priority scheduling, as Slurm's sched/builtin does it:
 * within a partition, jobs are tried in priority order and the first one
 * that cannot start blocks the rest (reason Resources, then Priority).
 * Node choice: nodes of the partition that are up, not draining, match the
 * features and have the CPUs and memory free, lowest Weight first.
 * A job waits for its dependencies (depend.c) before anything else; those
 * that can never be satisfied are listed for the controller to cancel if
 * so configured, as are those that can no longer finish by their
 * --deadline. A backfill pass can later walk the same sorted list past
 * a blocked job. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/xalloc.h"
#include "sched/sched.h"

struct node_free {
	uint32_t cpus;
	uint64_t mem;
	uint32_t gpus;
	bool usable;
	bool empty;
	/* OverSubscribe (sched_cycle, when a partition shares CPUs): how
	 * many jobs hold each of the NCORES cores, and how many of each
	 * sharing partition's jobs (PU, NPU of them), the jobs there that
	 * share none, and the sharing partition whose jobs run there (-1
	 * none, -2 several) */
	uint16_t *users;
	uint32_t ncores;
	struct part_users *pu;
	uint32_t npu;
	uint32_t solo;
	long rows_part;
};

/* How many jobs of partition PI hold each core of a node. */
struct part_users {
	long pi;
	uint16_t *users;
};

/* GPUs of N no running job holds. */
static uint32_t node_gpus_free(const struct node *n)
{
	uint32_t used = gpu_popcount(n->gpu_used);

	return n->gpus > used ? n->gpus - used : 0;
}

/* Whether the scheduler may give node N work: up (idle or allocated),
 * not draining, and not rebooting for a job (sbatch --reboot). */
static bool node_schedulable(const struct node *n)
{
	return (n->base == NODE_ST_IDLE || n->base == NODE_ST_ALLOCATED) &&
	       !(n->flags & NODE_FLAG_DRAIN) && n->reboot != NODE_REBOOT_JOB;
}

/* What node N has free now, into F. */
static void node_free_now(struct node_free *f, const struct node *n)
{
	uint32_t held = node_cpus_held(n);

	f->usable = node_schedulable(n);
	f->cpus = n->cpus > held ? n->cpus - held : 0;
	f->mem = n->memory_mb > n->alloc_mem_mb ?
		n->memory_mb - n->alloc_mem_mb : 0;
	f->gpus = node_gpus_free(n);
	f->empty = n->njobs == 0;
}

static int cmp_jobs(const void *a, const void *b, void *arg)
{
	const struct job *x = *(struct job *const *)a;
	const struct job *y = *(struct job *const *)b;
	const struct state *st = arg;
	const struct partition *px = state_part_nth(st, x->partition, 0);
	const struct partition *py = state_part_nth(st, y->partition, 0);
	uint32_t tx = px ? px->priority_tier : 0, ty = py ? py->priority_tier : 0;

	if (tx != ty)
		return tx > ty ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->id < y->id ? -1 : (x->id > y->id);
}

/* Does a node's feature list satisfy a constraint? "a&b" needs all,
 * "a|b" or "a,b" any one. */
static bool features_match(const char *have, const char *want)
{
	char *w, *tok, *save = NULL;
	bool any = strchr(want, '|') != NULL;
	bool ok = !any;

	if (!want[0])
		return true;
	w = xstrdup(want);
	for (tok = strtok_r(w, "&|,", &save); tok; tok = strtok_r(NULL, "&|,", &save)) {
		bool found = false;

		if (have) {
			char *h = xstrdup(have), *s2 = NULL;

			for (char *f = strtok_r(h, ",", &s2); f; f = strtok_r(NULL, ",", &s2))
				if (!strcmp(f, tok))
					found = true;
			free(h);
		}
		if (any && found)
			ok = true;
		if (!any && !found)
			ok = false;
	}
	free(w);
	return ok;
}

static bool in_list(hostlist_t *hl, const char *name)
{
	return hl && hostlist_find(hl, name) >= 0;
}

/* The CPUs J asks in all: its tasks times -c, at least those scontrol
 * update NumCPUs= gave it (slurmctld's min_cpus: -n1 NumCPUs=2 holds
 * two). */
static uint64_t cpus_in_all(const struct job *j)
{
	uint64_t t = (uint64_t)(j->num_tasks ? j->num_tasks : 1) *
		(j->cpus_per_task ? j->cpus_per_task : 1);

	return j->min_cpus > t ? j->min_cpus : t;
}

/* CPUs the job needs on each of N nodes. */
static uint32_t cpus_per_node(const struct job *j, uint32_t n)
{
	uint64_t total;
	uint32_t cpn;

	if (j->ntasks_per_node)
		cpn = j->ntasks_per_node * j->cpus_per_task;
	else {
		total = cpus_in_all(j);
		cpn = (uint32_t)((total + n - 1) / n);
	}
	/* --mincpus: at least that many on each node */
	return cpn > j->pn_min_cpus ? cpn : j->pn_min_cpus;
}

/* An --exclusive job holds all the GPUs of its nodes, so with
 * --cpus-per-gpu a node must have the CPUs for all of them, as
 * slurmctld counts it (--exclusive --gres=gpu:1 --cpus-per-gpu=3 on a
 * 4-CPU node of two GPUs is refused). */
static bool whole_gpus_fit(const struct job *j, const struct node *nd)
{
	if (!j->exclusive || !j->cpus_per_gpu || j->gpus_per_task ||
	    !job_gpus_min(j))
		return true;
	return (uint64_t)nd->gpus * j->cpus_per_gpu <= nd->cpus;
}

/* Can node I take J's share of CPN CPUs, MEM MB and GPN GPUs now? */
static bool node_fits(const struct state *st, const struct job *j,
		      const struct node_free *fr, uint32_t i, uint32_t cpn,
		      uint64_t mem, uint32_t gpn)
{
	const struct node *nd = &st->nodes[i];
	uint32_t need = j->exclusive ? nd->cpus : cpn;

	/* sbatch --reboot: nodes no job holds, as slurmctld's
	 * _resolve_shared_status, nor a reboot waits for */
	return fr[i].usable && fr[i].cpus >= need &&
	       (st->mem_not_counted || fr[i].mem >= mem) &&
	       need <= nd->cpus && (!j->exclusive || fr[i].empty) &&
	       (!j->reboot || (fr[i].empty &&
			       nd->reboot == NODE_REBOOT_NONE)) &&
	       fr[i].gpus >= gpn && whole_gpus_fit(j, nd);
}

/* --contiguous: the first WANT candidates next to each other in node
 * order (slurm.conf's) that all fit; their count in PICK, else 0. */
static uint32_t pick_contiguous(const struct state *st, const struct job *j,
				const struct node_free *fr,
				const uint32_t *cand, uint32_t ncand,
				uint32_t want, uint32_t cpn, uint64_t mem,
				uint32_t gpn, uint32_t *pick)
{
	bool *ok = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*ok));
	uint32_t run = 0, got = 0;

	for (uint32_t k = 0; k < ncand; k++)
		ok[cand[k]] = node_fits(st, j, fr, cand[k], cpn, mem, gpn);
	for (uint32_t i = 0; i < st->nnodes && !got; i++) {
		run = ok[i] ? run + 1 : 0;
		if (run == want)
			for (got = 0; got < want; got++)
				pick[got] = i + 1 - want + got;
	}
	free(ok);
	return got;
}

/* Nodes of the job's partition that pass its static filters (features,
 * -w, -x), in weight order. */
static uint32_t candidates(const struct state *st, const struct job *j,
			   const struct partition *p, uint32_t *out)
{
	hostlist_t *exc = j->exc_nodes ? hostlist_create(j->exc_nodes) : NULL;
	uint32_t n = 0, gmin = job_gpus_min(j);

	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *nd = &st->nodes[i];

		if (!bit_test(p->node_bits, i))
			continue;
		/* -C asks for active features, as slurmctld without a
		 * NodeFeatures plugin (none can be made active) */
		if (j->features &&
		    !features_match(state_node_features_act(nd), j->features))
			continue;
		if (in_list(exc, nd->name))
			continue;
		/* memory not counted: only a node with less than the job
		 * asks (a CPU's or a node's) is out, as slurmctld's node
		 * sets */
		if (st->mem_not_counted && nd->memory_mb < j->mem_mb)
			continue;
		/* --tmp and GPUs, as --mem: what the node is configured with */
		if (nd->tmp_disk_mb < j->tmp_mb || nd->gpus < gmin ||
		    (gmin && j->gpu_type &&
		     (!nd->gpu_type || strcmp(nd->gpu_type, j->gpu_type))))
			continue;
		out[n++] = i;
	}
	hostlist_destroy(exc);
	/* stable insertion sort by weight keeps index order among equals */
	for (uint32_t a = 1; a < n; a++) {
		uint32_t v = out[a], b = a;

		while (b > 0 && st->nodes[out[b - 1]].weight > st->nodes[v].weight) {
			out[b] = out[b - 1];
			b--;
		}
		out[b] = v;
	}
	return n;
}

/* Up to WANT candidates that take CPN CPUs, MEM MB and GPN GPUs each:
 * --contiguous ones, else the required nodes first, then the rest in
 * weight order. Their count, in PICK. */
static uint32_t pick_nodes(const struct state *st, const struct job *j,
			   const struct node_free *fr, const uint32_t *cand,
			   uint32_t ncand, hostlist_t *req, uint32_t want,
			   uint32_t cpn, uint64_t mem, uint32_t gpn,
			   uint32_t *pick)
{
	uint32_t got = 0;

	if (j->contiguous)
		return pick_contiguous(st, j, fr, cand, ncand, want, cpn, mem,
				       gpn, pick);
	for (int pass = 0; pass < 2 && got < want; pass++)
		for (uint32_t k = 0; k < ncand && got < want; k++) {
			uint32_t i = cand[k];

			if ((pass == 0) != in_list(req, st->nodes[i].name))
				continue;
			if (node_fits(st, j, fr, i, cpn, mem, gpn))
				pick[got++] = i;
		}
	return got;
}

static void sort_idx(uint32_t *idx, uint32_t n)
{
	for (uint32_t a = 1; a < n; a++)
		for (uint32_t b = a; b > 0 && idx[b - 1] > idx[b]; b--) {
			uint32_t t = idx[b];

			idx[b] = idx[b - 1];
			idx[b - 1] = t;
		}
}

/* A job (not --exclusive) whose CPUs (and with --gpus-per-task GPUs) on
 * each node follow the tasks it gets there, as slurmctld deals them: -N2
 * -n3 holds two CPUs on its first node and one on its second. */
static bool by_task(const struct job *j)
{
	return !j->exclusive;
}

/* CPUs and GPUs J needs on the R-th (node order) of WANT nodes, CPN and
 * GPN being what it needs on each when they do not follow its tasks. */
static void share_at(const struct job *j, uint32_t want, uint32_t r,
		     uint32_t cpn, uint32_t gpn, uint32_t *c, uint32_t *g)
{
	*c = by_task(j) ? job_task_cpus_at(j, want, r) : cpn;
	/* a job-wide --gpus: GPN is the one each node must have free,
	 * the dealing is place()'s */
	*g = by_task(j) && !job_gpus_per_job(j) ? job_gpus_at(j, want, r) :
		gpn;
}

/* The memory J needs on a node where it gets C CPUs, MEM being what it
 * needs on each when its shares do not follow its tasks. */
static uint64_t share_mem(const struct job *j, uint32_t c, uint64_t mem)
{
	return by_task(j) ? job_mem_per_node(j, c) : mem;
}

/* Whether the GOT nodes of PICK (ascending) each take their share. */
static bool shares_fit(const struct state *st, const struct job *j,
		       const struct node_free *fr, const uint32_t *pick,
		       uint32_t got, uint32_t cpn, uint64_t mem, uint32_t gpn)
{
	for (uint32_t r = 0; r < got; r++) {
		uint32_t c, g;

		share_at(j, got, r, cpn, gpn, &c, &g);
		if (!node_fits(st, j, fr, pick[r], c, share_mem(j, c, mem), g))
			return false;
	}
	return true;
}

buf_t *sched_start_cmd(const struct state *st,
		       const struct sched_decision *d, time_t now)
{
	const struct job *j = state_job(st, d->job_id);
	uint32_t flags = (d->cpus_by_task ? START_CPUS_BY_TASK : 0) |
		(d->tasks_from_nodes ? START_TASKS_FROM_NODES : 0) |
		(d->share > 1 ? START_SHARE(d->share) : 0);

	if (d->node_cpus || d->node_gpus)
		return cmd_start_given(d->job_id, d->node_idx, d->count,
				       d->cpus_per_node, d->node_cpus,
				       d->node_gpus, d->mem_per_node, flags,
				       now);
	/* --gpus-per-task: each node's GPUs (and CPUs) follow its tasks;
	 * without GPUs its CPUs may too (-N2 -n3) */
	if (j && (j->gpus_per_task || flags))
		return cmd_start_spread(d->job_id, d->node_idx, d->count,
					d->cpus_per_node, d->mem_per_node,
					flags, now);
	return cmd_start(d->job_id, d->node_idx, d->count, d->cpus_per_node,
			 d->mem_per_node, now);
}

void sched_decision_free(struct sched_decision *d)
{
	free(d->node_idx);
	free(d->node_cpus);
	free(d->node_gpus);
	for (uint32_t k = 0; d->cores && k < d->count; k++)
		bit_free(d->cores[k]);
	free(d->cores);
	d->node_idx = NULL;
	d->node_cpus = NULL;
	d->node_gpus = NULL;
	d->cores = NULL;
}

/* Whether J's CPUs may fill its nodes from what they have free, as
 * slurmctld's cons_tres does: a job whose CPUs follow its tasks, each
 * node at least one, without --ntasks-per-node (its shares are fixed);
 * with --gpus-per-task (its GPUs then follow the tasks each node's CPUs
 * hold) only without a --mincpus above a task's CPUs. GPUs per node
 * stay the same on each node. */
static bool fills(const struct job *j, uint32_t want)
{
	uint32_t cpt = j->cpus_per_task ? j->cpus_per_task : 1;

	if (j->gpus_per_task && j->pn_min_cpus > cpt)
		return false;
	return by_task(j) && !j->ntasks_per_node && j->num_tasks >= want &&
	       want > 1;
}

/* The GPUs J takes on a node where it fills CPUS CPUs (for a job-wide
 * --gpus the one each of its nodes must have free). */
static uint32_t fill_gpus(const struct job *j, uint32_t cpus)
{
	if (job_gpus_per_job(j))
		return 1;
	return j->gpus_per_task ? job_gpus_for_cpus(j, cpus) :
		j->gpus_per_node;
}

/* A job-wide --gpus=TOTAL of J dealt over the GOT nodes of PICK (node
 * order) from what they have free, as slurmctld deals it; NULL when
 * they do not have enough. */
static uint32_t *deal_gpus(const struct job *j, const struct node_free *fr,
			   const uint32_t *pick, uint32_t got, uint32_t total)
{
	uint32_t *free_gpus = xcalloc(got ? got : 1, sizeof(*free_gpus));
	uint32_t *out = xcalloc(got ? got : 1, sizeof(*out));

	uint64_t usable = 0;

	/* with --cpus-per-gpu a node serves only the GPUs its free CPUs
	 * pay for, as slurmctld counts them (though it then deals them
	 * regardless: --gpus=3 --cpus-per-gpu=1 beside three busy CPUs
	 * of node1 runs, --gpus=4 waits) */
	for (uint32_t k = 0; k < got; k++) {
		uint32_t g = fr[pick[k]].gpus;

		free_gpus[k] = g;
		if (j->cpus_per_gpu && !j->exclusive &&
		    fr[pick[k]].cpus / j->cpus_per_gpu < g)
			g = fr[pick[k]].cpus / j->cpus_per_gpu;
		usable += g;
	}
	if (usable < total ||
	    gpus_deal(total, free_gpus, got, out) < total) {
		free(out);
		out = NULL;
	} else if (j->exclusive) {
		/* whole nodes: all their GPUs, as slurmctld gives them */
		memcpy(out, free_gpus, got * sizeof(*out));
	}
	free(free_gpus);
	return out;
}

/* The NCAND candidates CAND with the most free GPUs first, in their
 * order among equals; NULL when that is their order already. */
static uint32_t *cand_by_gpus(const struct node_free *fr,
			      const uint32_t *cand, uint32_t ncand)
{
	uint32_t *out = xcalloc(ncand, sizeof(*out)), n = 0;

	/* at most 64 GPUs a node: one pass a count */
	for (int g = 64; g >= 0; g--)
		for (uint32_t k = 0; k < ncand; k++)
			if ((fr[cand[k]].gpus > 64 ? 64 : (int)fr[cand[k]].gpus) == g)
				out[n++] = cand[k];
	if (!memcmp(out, cand, ncand * sizeof(*out))) {
		free(out);
		return NULL;
	}
	return out;
}

/* slurmctld's CPUs for J on the GOT nodes of PICK (node order), in CPUS,
 * J asking at least MIN_NODES nodes (-N, or the nodes -w names); false
 * when they do not hold it. As cons_tres: each node in turn offers
 * its free CPUs (and those its free memory pays for), cut to what the job
 * asks in all less one for each node still to come, but never below
 * --mincpus (nor a task's CPUs); then the job's tasks are dealt over the
 * nodes one at a time, each node taking a task's CPUs while its offer
 * lasts, and once no node has room for a whole task the rest go on
 * regardless, up to each offer. With --mincpus above a task's CPUs the
 * dealing is of the larger count, each node's --mincpus: -N2 -n3
 * --mincpus=2 holds 2 and 2, -N2 -n5 --mincpus=3 3 and 3, where the
 * offers are 4 and 3. */
static bool fill_tasks(const struct state *st, const struct job *j,
		       const struct node_free *fr, const uint32_t *pick,
		       uint32_t got, uint32_t min_nodes, uint64_t mem,
		       uint32_t *cpus)
{
	uint64_t cpt = j->cpus_per_task ? j->cpus_per_task : 1;
	uint64_t pmin = j->pn_min_cpus > cpt ? j->pn_min_cpus : cpt;
	uint64_t min_cpus = cpus_in_all(j), sum = 0;
	uint64_t ncpus, ntasks, dealt = 0, held;
	int64_t rem_max = (int64_t)min_cpus;
	int64_t rem_nodes = min_nodes ? min_nodes : 1;
	uint64_t per_cpu = j->mem_per_cpu && !st->mem_not_counted ?
		share_mem(j, 1, mem) : 0;
	uint64_t *offer = xcalloc(got, sizeof(*offer));
	bool ok = false, over = true;

	for (uint32_t k = 0; k < got; k++) {
		uint64_t a = fr[pick[k]].cpus;
		int64_t rm = rem_max - (rem_nodes > 1 ? rem_nodes - 1 : 0);

		if (st->nodes[pick[k]].cpus < a)
			a = st->nodes[pick[k]].cpus;
		/* --mem-per-cpu: only the CPUs its free memory pays for */
		if (per_cpu && fr[pick[k]].mem / per_cpu < a)
			a = fr[pick[k]].mem / per_cpu;
		/* --gpus-per-task: only the tasks its free GPUs serve */
		if (j->gpus_per_task &&
		    fr[pick[k]].gpus / j->gpus_per_task * cpt < a)
			a = fr[pick[k]].gpus / j->gpus_per_task * cpt;
		if (a < pmin || fr[pick[k]].gpus < j->gpus_per_node)
			goto out;
		if ((int64_t)a > rm)
			a = rm > (int64_t)pmin ? (uint64_t)rm : pmin;
		offer[k] = a;
		sum += a;
		rem_max -= (int64_t)a;
		rem_nodes--;
	}
	if (sum < min_cpus)
		goto out;
	/* the CPUs dealt: what it asks, at least --mincpus on each node */
	ncpus = min_cpus > (uint64_t)got * pmin ? min_cpus :
		(uint64_t)got * pmin;
	ntasks = cpt > 1 ? ncpus / cpt : ncpus;
	/* one task on each node first */
	for (uint32_t k = 0; k < got; k++) {
		cpus[k] = (uint32_t)(cpt < offer[k] ? cpt : offer[k]);
		dealt++;
		if (cpus[k] < offer[k])
			over = false;
	}
	while (dealt < ntasks) {
		bool room = false;

		for (uint32_t k = 0; k < got && dealt < ntasks; k++) {
			if (!over && offer[k] - cpus[k] < cpt)
				continue;
			dealt++;
			cpus[k] = (uint32_t)(offer[k] - cpus[k] < cpt ?
					     offer[k] : cpus[k] + cpt);
			if (offer[k] - cpus[k] >= cpt)
				room = true;
		}
		if (!room)
			over = true;
	}
	/* --gpus-per-task: each node's GPUs follow the whole tasks its CPUs
	 * hold, which must be all the job's */
	ok = true;
	held = 0;
	for (uint32_t k = 0; j->gpus_per_task && k < got; k++) {
		ok = ok && cpus[k] % cpt == 0;
		held += cpus[k] / cpt;
	}
	if (j->gpus_per_task && held != j->num_tasks)
		ok = false;
	for (uint32_t k = 0; ok && k < got; k++)
		ok = node_fits(st, j, fr, pick[k], cpus[k],
			       share_mem(j, cpus[k], mem),
			       fill_gpus(j, cpus[k]));
out:
	free(offer);
	return ok;
}

/* The CPUs a node needs free for J to take C CPUs and G GPUs there:
 * with --cpus-per-gpu at least G times that (see gpu_cpus). */
static uint32_t gpu_low(const struct job *j, uint32_t c, uint32_t g)
{
	uint64_t need = (uint64_t)g * j->cpus_per_gpu;

	if (j->gpus_per_task || j->exclusive || need <= c)
		return c;
	return need > UINT32_MAX ? UINT32_MAX : (uint32_t)need;
}

/* The most CPUs from LOW up to WANT that J may take on node I beside G
 * GPUs (memory for them with --mem-per-cpu); LOW - 1 when not even LOW. */
static uint32_t need_fit(const struct state *st, const struct job *j,
			 const struct node_free *fr, uint32_t i, uint32_t low,
			 uint32_t want, uint32_t g)
{
	uint32_t c = want;

	while (c >= low && c > 0 &&
	       !node_fits(st, j, fr, i, c, job_mem_per_node(j, c), g))
		c--;
	return c >= low ? c : low - 1;
}

/* --cpus-per-gpu: the CPUs J holds on each of the GOT nodes of PICK
 * once each gives a GPU that many, as slurmctld's cons_tres: the more of
 * what its tasks need there (FILL, or its share of CPN) and its GPUs
 * there (GPUS dealt, or its share of GPN) times --cpus-per-gpu. NULL when
 * that changes nothing; *FIT false when a node has not the CPUs free.
 * Not for --gpus-per-task, whose GPUs follow its CPUs, nor --exclusive,
 * which holds whole nodes. */
static uint32_t *gpu_cpus(const struct state *st, const struct job *j,
			  const struct node_free *fr, const uint32_t *pick,
			  uint32_t got, uint32_t cpn, uint32_t gpn,
			  const uint32_t *fill,
			  const uint32_t *gpus, bool *fit)
{
	uint32_t *out;
	bool raised = false;

	uint64_t short_of = 0;

	*fit = true;
	if (!j->cpus_per_gpu || j->gpus_per_task || j->exclusive || !got)
		return NULL;
	out = xcalloc(got, sizeof(*out));
	for (uint32_t k = 0; k < got; k++) {
		uint32_t c, g, need;

		share_at(j, got, k, cpn, gpn, &c, &g);
		if (fill)
			c = fill[k];
		if (gpus)
			g = gpus[k];
		out[k] = c;
		if ((need = gpu_low(j, c, g)) == c)
			continue;
		/* --mem-per-cpu: memory for the CPUs it then holds there,
		 * as the start gives it */
		if (!node_fits(st, j, fr, pick[k], need,
			       job_mem_per_node(j, need), g)) {
			uint32_t most = need_fit(st, j, fr, pick[k], c, need,
						 g);

			/* a job-wide --gpus counts its CPUs for the job,
			 * as slurmctld: what this node lacks comes from
			 * the others (--gpus=3 --cpus-per-gpu=1 beside
			 * three busy CPUs of node1: 1 CPU and 2 GPUs
			 * there, 2 CPUs and 1 GPU on node2) */
			if (!gpus || most < c) {
				*fit = false;
				break;
			}
			short_of += need - most;
			need = most;
		}
		if (need != c)
			raised = true;
		out[k] = need;
	}
	for (uint32_t k = 0; *fit && short_of && k < got; k++) {
		uint32_t g = gpus ? gpus[k] : gpn;
		uint32_t more = need_fit(st, j, fr, pick[k], out[k],
					 out[k] + (uint32_t)short_of, g) -
			out[k];

		out[k] += more;
		short_of -= more;
		raised = raised || more;
	}
	if (short_of)
		*fit = false;
	if (!*fit || !raised) {
		free(out);
		out = NULL;
	}
	return out;
}

/* Try to place J; on success fill D and return true. A job whose nodes
 * get different shares (--gpus-per-task) is first placed on nodes that
 * each hold the smallest share, when in node order each holds its own;
 * else on nodes that each hold the largest. */
static bool place(const struct state *st, const struct job *job,
		  const struct partition *p, struct node_free *fr,
		  uint32_t *cand, uint32_t ncand, struct sched_decision *d)
{
	/* J: the job as it would run on WANT nodes (a job-wide --gpus
	 * without -n over more nodes than its tasks runs one on each) */
	const struct job *j = job;
	struct job on_more;
	hostlist_t *req = j->req_nodes ? hostlist_create(j->req_nodes) : NULL;
	uint32_t nreq = req ? (uint32_t)hostlist_count(req) : 0;
	uint32_t lo = j->min_nodes > nreq ? j->min_nodes : nreq;
	uint32_t hi = j->max_nodes > lo ? j->max_nodes : lo;
	uint32_t *pick = xcalloc(ncand ? ncand : 1, sizeof(*pick));
	uint32_t *fill = NULL, *gpus = NULL, total_gpus = job_gpus_per_job(j);
	uint32_t *by_gpus = NULL, *raise = NULL;
	bool ok = false;

	if (hi > ncand)
		hi = ncand;
	if (total_gpus && hi > total_gpus)   /* one at least on each */
		hi = total_gpus > lo ? total_gpus : lo;
	/* a job-wide --gpus whose first nodes have too few free: as
	 * slurmctld, rather the nodes with the most free (--gpus=2 beside
	 * a busy GPU of node1 runs on node2 alone) */
	if (total_gpus && ncand)
		by_gpus = cand_by_gpus(fr, cand, ncand);
	for (uint32_t want = lo ? lo : 1; want <= hi && !ok; want++)
	for (int order = 0; order < (by_gpus ? 2 : 1) && !ok; order++) {
		const uint32_t *cl = order ? by_gpus : cand;
		uint32_t cpn, got = 0;

		j = job;
		if (total_gpus && !job->ntasks_per_node &&
		    job->num_tasks < want) {
			on_more = *job;
			on_more.num_tasks = want;
			j = &on_more;
		}
		cpn = cpus_per_node(j, want);
		/* a job-wide --gpus: at least one free on each node (as
		 * slurmctld), the rest dealt once the nodes are known; on
		 * one node all of them (with --cpus-per-gpu their CPUs:
		 * --gpus=2 --cpus-per-gpu=1 beside three busy CPUs of
		 * node1 runs on node2) */
		uint32_t gpn = want == 1 && total_gpus ? total_gpus :
			total_gpus ? 1 : job_gpus_on_node(j, want);
		uint32_t cmin, gmin;
		uint64_t mem;

		/* --ntasks-per-node caps the tasks each node runs: -N2 -n7
		 * --ntasks-per-node=3 fits no two nodes (slurmctld refuses
		 * it) */
		if (j->ntasks_per_node &&
		    (uint64_t)j->ntasks_per_node * want < j->num_tasks)
			continue;
		if (by_task(j)) {
			share_at(j, want, 0, cpn, gpn, &cpn, &gpn);
			share_at(j, want, want - 1, cpn, gpn, &cmin, &gmin);
		} else {
			cmin = cpn;
			gmin = gpn;
		}
		mem = job_mem_per_node(j, cpn);
		/* as slurmctld: nodes with a task's CPUs (and --mincpus)
		 * free, filled in node order */
		if (fills(j, want)) {
			uint32_t low = j->cpus_per_task ? j->cpus_per_task : 1;

			if (j->pn_min_cpus > low)
				low = j->pn_min_cpus;
			free(fill);
			fill = xcalloc(want, sizeof(*fill));
			got = pick_nodes(st, j, fr, cl, ncand, req, want,
					 gpu_low(j, low, fill_gpus(j, low)),
					 share_mem(j, low, mem),
					 fill_gpus(j, low), pick);
			if (got == want) {
				uint32_t have_req = 0;

				for (uint32_t k = 0; k < got; k++)
					if (in_list(req, st->nodes[pick[k]].name))
						have_req++;
				sort_idx(pick, got);
				ok = have_req >= nreq &&
					fill_tasks(st, j, fr, pick, got, lo,
						   mem, fill);
			}
			if (!ok) {
				free(fill);
				fill = NULL;
			}
		}
		for (int attempt = 0; attempt < 2 && !ok; attempt++) {
			uint32_t have_req = 0;

			if (attempt == 1 && cmin == cpn && gmin == gpn)
				break;
			got = pick_nodes(st, j, fr, cl, ncand, req, want,
					 attempt ? gpu_low(j, cpn, gpn) :
					 gpu_low(j, cmin, gmin),
					 attempt ? mem : share_mem(j, cmin, mem),
					 attempt ? gpn : gmin, pick);
			if (got != want)
				continue;
			for (uint32_t k = 0; k < got; k++)
				if (in_list(req, st->nodes[pick[k]].name))
					have_req++;
			if (have_req < nreq)
				continue;
			sort_idx(pick, got);
			ok = shares_fit(st, j, fr, pick, got, cpn, mem, gpn);
		}
		/* the nodes hold the job-wide --gpus, or more nodes may */
		if (ok && total_gpus &&
		    !(gpus = deal_gpus(j, fr, pick, got, total_gpus))) {
			ok = false;
			free(fill);
			fill = NULL;
		}
		/* --cpus-per-gpu: the CPUs its GPUs need on each node */
		if (ok) {
			raise = gpu_cpus(st, j, fr, pick, got, cpn, gpn, fill,
					 gpus, &ok);
			if (!ok) {
				free(fill);
				fill = NULL;
				free(gpus);
				gpus = NULL;
			}
		}
		if (!ok)
			continue;
		d->job_id = j->id;
		d->count = got;
		d->node_idx = xcalloc(got, sizeof(uint32_t));
		memcpy(d->node_idx, pick, got * sizeof(uint32_t));
		/* without GPUs a plain start says it all when the
		 * tasks share out evenly */
		d->cpus_by_task = by_task(j) &&
			(j->gpus_per_task || cmin != cpn);
		d->tasks_from_nodes = job_tasks_from_nodes(job, got);
		d->node_gpus = gpus;
		gpus = NULL;
		/* --exclusive with GPUs a node or a task: whole nodes, all
		 * their GPUs, as slurmctld gives them */
		if (!d->node_gpus && j->exclusive &&
		    (j->gpus_per_node || j->gpus_per_task)) {
			d->node_gpus = xcalloc(got, sizeof(uint32_t));
			for (uint32_t k = 0; k < got; k++)
				d->node_gpus[k] = fr[pick[k]].gpus;
		}
		d->cpus_per_node = j->exclusive ? st->nodes[pick[0]].cpus : cpn;
		/* the fill gives what dealing the tasks would: no need to
		 * say it */
		for (uint32_t k = 0; fill && k < got; k++)
			if (fill[k] != job_task_cpus_at(j, got, k)) {
				d->node_cpus = fill;
				fill = NULL;
				d->cpus_by_task = true;
				break;
			}
		if (raise) {
			free(d->node_cpus);
			d->node_cpus = raise;
			raise = NULL;
			d->cpus_by_task = true;
		}
		if (d->node_cpus)
			d->cpus_per_node = job_node_cpus_most(d->node_cpus, got);
		for (uint32_t k = 0; j->exclusive && k < got; k++)
			if (st->nodes[pick[k]].cpus < d->cpus_per_node)
				d->cpus_per_node = st->nodes[pick[k]].cpus;
		d->mem_per_node = st->mem_not_counted ? 0 :
			job_mem_per_node(j, d->cpus_per_node);
		for (uint32_t k = 0; k < got; k++) {
			uint32_t i = pick[k], c, g;

			share_at(j, got, k, d->cpus_per_node, gpn, &c, &g);
			if (d->node_cpus) {
				c = d->node_cpus[k];
				if (j->gpus_per_task)
					g = job_gpus_for_cpus(j, c);
			}
			if (d->node_gpus)
				g = d->node_gpus[k];
			fr[i].cpus -= j->exclusive ? fr[i].cpus : c;
			if (!st->mem_not_counted)
				fr[i].mem -= share_mem(j, c, d->mem_per_node);
			fr[i].gpus -= g;
			fr[i].empty = false;
		}
	}
	free(pick);
	free(fill);
	free(gpus);
	free(by_gpus);
	free(raise);
	hostlist_destroy(req);
	(void)p;
	return ok;
}

/* Whether J fits the candidates CAND of P when they are empty: those up
 * (ANY_STATE false), or all of them whatever their state. */
static bool fits_empty(const struct state *st, const struct job *j,
		       const struct partition *p, uint32_t *cand,
		       uint32_t ncand, bool any_state)
{
	struct node_free *fr = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*fr));
	struct sched_decision d;
	bool ok;

	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];

		fr[i].usable = any_state || node_schedulable(n);
		fr[i].cpus = n->cpus;
		fr[i].mem = n->memory_mb;
		fr[i].gpus = n->gpus;
		fr[i].empty = true;
	}
	memset(&d, 0, sizeof(d));
	ok = place(st, j, p, fr, cand, ncand, &d);
	sched_decision_free(&d);
	free(fr);
	return ok;
}

/* OverSubscribe (below): place a job as the partitions' sharing allows,
 * and give back the cores a job held. */
static bool place_sharing(const struct state *st, const struct job *j,
			  const struct partition *p, long pi,
			  struct node_free *fr, uint32_t *cand,
			  uint32_t ncand, struct sched_decision *d);
static uint32_t share_give(const struct state *st, struct node_free *f,
			   const struct node *n, const bitstr_t *cores,
			   long pi, bool shares);

/* ---- expected start times (squeue --start) --------------------------- */

/* Resources a running (or just started) job gives back when it ends. */
struct release {
	time_t at;
	const uint32_t *idx;       /* node indexes, count of them */
	uint32_t *own;             /* idx when this entry owns it */
	uint32_t *cpus_at;         /* placed here with CPUs given for each
				    * node (owned), else NULL */
	uint32_t *gpus_at;         /* likewise GPUs (a job-wide --gpus) */
	uint32_t count;
	uint32_t cpus;             /* per node */
	uint64_t mem;              /* per node */
	uint32_t gpus;             /* per node */
	/* when the job's nodes hold different shares (--gpus-per-task):
	 * the job, and whether it runs (what it holds) or is placed here
	 * (what share_at gives) */
	const struct job *job;
	bool running;
	/* where a partition shares CPUs: the cores it holds on each node
	 * (NCORES_AT of them; OWN_CORES when this entry owns them), the
	 * partition it runs in (-1: none) and whether it shares them */
	bitstr_t *const *cores;
	bitstr_t **own_cores;
	uint32_t ncores_at;
	long pi;
	bool shares;
};

/* Free what the N releases EV own, and EV. */
static void release_free_all(struct release *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ev[i].own);
		free(ev[i].cpus_at);
		free(ev[i].gpus_at);
		for (uint32_t k = 0; ev[i].own_cores && k < ev[i].ncores_at;
		     k++)
			bit_free(ev[i].own_cores[k]);
		free(ev[i].own_cores);
	}
	free(ev);
}

/* The partition (index) of ST a job of partitions LIST runs in on the
 * COUNT nodes IDX: the first that holds them all, -1 for none. */
static long part_holding(const struct state *st, const char *list,
			 const uint32_t *idx, uint32_t count)
{
	for (uint32_t n = 0; n < state_part_count(list); n++) {
		const struct partition *p = state_part_nth(st, list, n);
		bool all = p && p->node_bits;

		for (uint32_t k = 0; all && k < count; k++)
			all = idx[k] < bit_size(p->node_bits) &&
			      bit_test(p->node_bits, idx[k]);
		if (all)
			return p - st->parts;
	}
	return -1;
}

/* CPUs, memory and GPUs R gives back on its K-th node. */
static void release_share(const struct release *r, uint32_t k,
			  uint32_t *cpus, uint64_t *mem, uint32_t *gpus)
{
	*cpus = r->cpus;
	*mem = r->mem;
	*gpus = r->gpus;
	if (!r->job)
		return;
	if (r->running) {
		*cpus = job_cpus_at(r->job, k);
		*mem = job_mem_at(r->job, k);
		if (r->job->gpu_masks)
			*gpus = gpu_popcount(job_gpu_mask(r->job, r->idx[k]));
	} else {
		share_at(r->job, r->count, k, r->cpus, r->gpus, cpus, gpus);
		if (r->cpus_at)
			*cpus = r->cpus_at[k];
		if (r->gpus_at)
			*gpus = r->gpus_at[k];
		*mem = share_mem(r->job, *cpus, r->mem);
	}
}

struct timeline {
	struct release *ev;
	size_t n, cap, next;       /* next: first not yet given back */
};

/* The end of a run that started at START with LIMIT minutes: slurmctld
 * counts a run without a limit as a year long. */
static time_t run_end(time_t start, uint32_t limit)
{
	if (limit == STATE_INFINITE || limit == STATE_NO_VAL)
		return start + 365 * 24 * 60 * 60;
	return start + (time_t)limit * 60;
}

/* Add a release, keeping the ones not yet given back sorted by time. */
static void timeline_add(struct timeline *tl, const struct release *r)
{
	size_t k;

	xgrow((void **)&tl->ev, &tl->cap, tl->n + 1, sizeof(*tl->ev));
	for (k = tl->n; k > tl->next && tl->ev[k - 1].at > r->at; k--)
		tl->ev[k] = tl->ev[k - 1];
	tl->ev[k] = *r;
	tl->n++;
}

static int cmp_release(const void *a, const void *b)
{
	const struct release *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* Give back the next release; false when there is none left. */
static bool timeline_step(const struct state *st, struct timeline *tl,
			  struct node_free *fr, time_t *at)
{
	struct release *r;

	if (tl->next >= tl->n)
		return false;
	r = &tl->ev[tl->next++];
	for (uint32_t k = 0; k < r->count; k++) {
		struct node_free *f = &fr[r->idx[k]];
		uint32_t cpus, gpus;
		uint64_t mem;

		release_share(r, k, &cpus, &mem, &gpus);
		/* a job that shared CPUs gives back those it leaves idle */
		if (f->users) {
			const bitstr_t *c = r->cores && k < r->ncores_at ?
				r->cores[k] : NULL;
			uint32_t idle = share_give(st, f, &st->nodes[r->idx[k]],
						   c, r->pi, r->shares);

			if (r->shares && c)
				cpus = idle;
		}
		f->cpus += cpus;
		f->mem += mem;
		f->gpus += gpus;
		/* all its CPUs back: an --exclusive job may have it */
		if (f->cpus >= st->nodes[r->idx[k]].cpus)
			f->empty = true;
	}
	*at = r->at;
	return true;
}

/* Add to TL the resources the running jobs give back, at the ends of
 * their time limits (unsorted). */
static void timeline_running(const struct state *st, time_t now,
			     struct timeline *tl)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];
		struct release r = { 0 };
		uint32_t k = 0;

		if ((j->state != JOB_ST_RUNNING &&
		     j->state != JOB_ST_SUSPENDED) || !j->node_bits)
			continue;
		r.at = job_deadline(j) ? job_deadline(j) :
			run_end(j->start_time, j->time_limit);
		if (r.at < now)
			r.at = now;
		r.count = (uint32_t)bit_count(j->node_bits);
		r.own = xcalloc(r.count ? r.count : 1, sizeof(uint32_t));
		for (int64_t b = bit_next_set(j->node_bits, 0);
		     b >= 0 && k < r.count && (uint32_t)b < st->nnodes;
		     b = bit_next_set(j->node_bits, (uint32_t)b + 1))
			r.own[k++] = (uint32_t)b;
		r.count = k;
		r.idx = r.own;
		r.cpus = j->cpus_per_node;
		r.mem = j->alloc_mem_mb;
		r.gpus = j->gpu_masks ? j->gpus_per_node : 0;
		r.job = j->gpus_per_task || j->cpus_by_task ||
			job_gpus_per_job(j) || j->gpu_masks ? j : NULL;
		r.running = true;
		r.cores = j->core_bits;
		r.ncores_at = j->core_bits ? j->ncore_bits : 0;
		r.pi = part_holding(st, j->partition, r.idx, r.count);
		r.shares = state_job_share(st, j, j->partition) > 1;
		xgrow((void **)&tl->ev, &tl->cap, tl->n + 1, sizeof(*tl->ev));
		tl->ev[tl->n++] = r;
	}
}

/* At most this many waiting jobs get an estimate in one cycle, as
 * slurmctld's backfill bounds the jobs it looks at. */
#define SCHED_EST_MAX 500

/* Estimate when and where each job of Q that waits for resources will
 * start: give back the running jobs' resources at the ends of their time
 * limits, in order, and place the waiting jobs in priority order as the
 * FIFO scheduler would, each keeping its nodes until the end of its own
 * limit. FR holds what is free once this cycle's STARTS ran. */
static void estimate(struct state *st, time_t now, struct job **q,
		     uint32_t nq, struct node_free *fr, uint32_t *cand,
		     const struct sched_result *res)
{
	struct timeline tl = { 0 };
	time_t at = now;
	uint32_t done = 0;

	timeline_running(st, now, &tl);
	for (uint32_t i = 0; i < res->nstarts; i++) {
		const struct sched_decision *d = &res->starts[i];
		const struct job *j = state_job(st, d->job_id);
		struct release r = {
			.at = run_end(now, j ? j->time_limit : STATE_INFINITE),
			.idx = d->node_idx, .count = d->count,
			.cpus = d->cpus_per_node, .mem = d->mem_per_node,
			.gpus = j ? job_gpus_on_node(j, d->count) : 0,
			.job = j && (d->cpus_by_task || d->node_gpus) ? j :
				NULL,
		};

		if (d->node_cpus) {
			r.cpus_at = xcalloc(d->count, sizeof(uint32_t));
			memcpy(r.cpus_at, d->node_cpus,
			       d->count * sizeof(uint32_t));
		}
		if (d->node_gpus) {
			r.gpus_at = xcalloc(d->count, sizeof(uint32_t));
			memcpy(r.gpus_at, d->node_gpus,
			       d->count * sizeof(uint32_t));
		}
		if (d->cores) {
			r.own_cores = xcalloc(d->count, sizeof(*r.own_cores));
			for (uint32_t k = 0; k < d->count; k++)
				r.own_cores[k] = d->cores[k] ?
					bit_copy(d->cores[k]) : NULL;
			r.cores = r.own_cores;
			r.ncores_at = d->count;
		}
		r.pi = j ? part_holding(st, j->partition, d->node_idx,
					d->count) : -1;
		r.shares = d->share > 1;

		xgrow((void **)&tl.ev, &tl.cap, tl.n + 1, sizeof(*tl.ev));
		tl.ev[tl.n++] = r;
	}
	if (tl.n)
		qsort(tl.ev, tl.n, sizeof(*tl.ev), cmp_release);

	for (uint32_t k = 0; k < nq && done < SCHED_EST_MAX; k++) {
		struct job *j = q[k];
		struct partition *p = state_part_nth(st, j->partition, 0);
		struct sched_decision d;
		uint32_t ncand;
		bool placed;

		if (j->sched_reason != JOB_REASON_RESOURCES &&
		    j->sched_reason != JOB_REASON_PRIORITY)
			continue;
		if (!p)
			continue;
		done++;
		ncand = candidates(st, j, p, cand);
		memset(&d, 0, sizeof(d));
		/* a FIFO queue: no job starts before the one ahead of it */
		while (!(placed = place_sharing(st, j, p, p - st->parts, fr,
						cand, ncand, &d)) &&
		       timeline_step(st, &tl, fr, &at))
			;
		if (!placed)
			continue;   /* never, with what is up now */
		{
			hostlist_t *hl = hostlist_create(NULL);
			struct release r = {
				.at = run_end(at, j->time_limit),
				.idx = d.node_idx, .own = d.node_idx,
				.count = d.count, .cpus = d.cpus_per_node,
				.mem = d.mem_per_node,
				.gpus = job_gpus_on_node(j, d.count),
				.job = d.cpus_by_task || d.node_gpus ? j :
					NULL,
				.cpus_at = d.node_cpus,
				.gpus_at = d.node_gpus,
				.cores = d.cores, .own_cores = d.cores,
				.ncores_at = d.cores ? d.count : 0,
				.pi = p - st->parts, .shares = d.share > 1,
			};

			for (uint32_t n = 0; n < d.count; n++)
				hostlist_push_host(hl, st->nodes[d.node_idx[n]].name);
			j->est_start = at;
			free(j->est_nodes);
			j->est_nodes = hostlist_ranged_string(hl);
			hostlist_destroy(hl);
			timeline_add(&tl, &r);
		}
	}
	release_free_all(tl.ev, tl.n);
}

/* Whether J's array already runs as many tasks as its throttle allows,
 * counting the starts decided in this cycle. */
static bool array_throttled(const struct state *st, const struct job *j,
			    const struct sched_result *out)
{
	uint32_t active = 0;
	struct array_iter it;

	if (!j->array_job_id || !j->array_throttle)
		return false;
	for (const struct job *o = state_array_first(st, j->array_job_id, &it);
	     o; o = state_array_next(st, &it))
		if (o->state == JOB_ST_RUNNING ||
		    o->state == JOB_ST_SUSPENDED || o->completing)
			active++;
	for (uint32_t i = 0; i < out->nstarts; i++) {
		const struct job *o = state_job(st, out->starts[i].job_id);

		if (o && o->array_job_id == j->array_job_id)
			active++;
	}
	return active >= j->array_throttle;
}

/* How many nodes and CPUs partition P has in all. */
struct part_size {
	uint32_t nodes;
	uint64_t cpus;
};

/* P's nodes and CPUs, counted until there are NODES and CPUS (all of
 * them with UINT32_MAX and UINT64_MAX). */
static struct part_size part_count(const struct state *st,
				   const struct partition *p, uint32_t nodes,
				   uint64_t cpus)
{
	struct part_size ps = { 0, 0 };

	for (int64_t i = p->node_bits ? bit_next_set(p->node_bits, 0) : -1;
	     i >= 0 && (uint32_t)i < st->nnodes;
	     i = bit_next_set(p->node_bits, (uint32_t)i + 1)) {
		ps.nodes++;
		ps.cpus += st->nodes[i].cpus;
		if (ps.cpus >= cpus && ps.nodes >= nodes)
			break;
	}
	return ps;
}

static struct part_size part_size_of(const struct state *st,
				     const struct partition *p)
{
	return part_count(st, p, UINT32_MAX, UINT64_MAX);
}

/* The CPUs J needs in all: those scontrol update gave it (slurmctld's
 * min_cpus), else its tasks' CPUs, and at least one a node. */
static uint64_t part_need_cpus(const struct job *j)
{
	uint64_t need = j->min_cpus ? j->min_cpus :
		(uint64_t)(j->num_tasks ? j->num_tasks : 1) *
		(j->cpus_per_task ? j->cpus_per_task : 1);

	return need < j->min_nodes ? j->min_nodes : need;
}

/* sched_part_limit for a partition of size PS. */
static enum job_reason part_limit(const struct job *j, struct part_size ps)
{
	if (part_need_cpus(j) > ps.cpus)
		return JOB_REASON_PART_CONFIG;
	if (j->min_nodes > ps.nodes)
		return JOB_REASON_PART_NODE_LIMIT;
	return JOB_REASON_NONE;
}

/* As part_limit(j, part_size_of(st, p)), but the count of P's nodes and
 * CPUs stops once J fits: a submission to a partition of many nodes
 * looks at as few of them as it needs, not at every one. */
enum job_reason sched_part_limit(const struct state *st, const struct job *j,
				 const struct partition *p)
{
	return part_limit(j, part_count(st, p, j->min_nodes,
					part_need_cpus(j)));
}

enum job_reason sched_mem_limit(const struct state *st, struct job_req *r,
				const struct partition *p)
{
	uint64_t max = state_max_mem(st, p ? p->name : NULL);
	uint64_t mem = r->mem_mb, cpus_per_node;
	bool per_cpu = r->mem_per_cpu && r->mem_mb;
	const struct node *first = NULL;
	uint32_t cpt = r->cpus_per_task ? r->cpus_per_task : 1;

	if (!(max & ~STATE_MEM_PER_CPU))
		return JOB_REASON_NONE;
	if (p && p->node_bits) {
		int64_t i = bit_next_set(p->node_bits, 0);

		if (i >= 0 && (uint32_t)i < st->nnodes)
			first = &st->nodes[i];
	}
	if (per_cpu && (max & STATE_MEM_PER_CPU)) {
		uint64_t lim = max & ~STATE_MEM_PER_CPU, ratio;

		if (mem <= lim)
			return JOB_REASON_NONE;
		/* more CPUs a task, each with a share under the limit */
		ratio = (mem + lim - 1) / lim;
		/* what was asked, which slurmctld shows as the CPUs of a
		 * waiting job */
		if (!r->cpus_per_task_asked)
			r->cpus_per_task_asked = cpt;
		r->cpus_per_task = (uint32_t)(cpt * ratio);
		r->mem_mb = (mem + ratio - 1) / ratio;
		return JOB_REASON_NONE;
	}
	/* no memory asked: the partition's first node's */
	if (!mem)
		mem = first ? first->memory_mb : 0;
	if (!per_cpu && !(max & STATE_MEM_PER_CPU))
		return mem <= max ? JOB_REASON_NONE : JOB_REASON_PN_MEM_LIMIT;
	/* one per CPU, the other per node: both per node */
	if (r->exclusive) {
		cpus_per_node = first ? first->cpus : 0;
	} else {
		uint32_t nodes = r->max_nodes ? r->max_nodes : 1;

		cpus_per_node = r->ntasks_per_node ? r->ntasks_per_node : 1;
		if (r->num_tasks &&
		    (r->num_tasks + nodes - 1) / nodes > cpus_per_node)
			cpus_per_node = (r->num_tasks + nodes - 1) / nodes;
		cpus_per_node *= cpt;
		if (r->pn_min_cpus > cpus_per_node)
			cpus_per_node = r->pn_min_cpus;
	}
	if (per_cpu)
		return mem * cpus_per_node <= max ? JOB_REASON_NONE :
			JOB_REASON_PN_MEM_LIMIT;
	/* a node's memory under a per-CPU limit: as many CPUs as it
	 * takes (--mincpus), which always fits */
	max &= ~STATE_MEM_PER_CPU;
	{
		uint64_t min_cpus = (mem + max - 1) / max;

		if (min_cpus > cpus_per_node && min_cpus <= UINT32_MAX) {
			r->pn_min_cpus = (uint32_t)min_cpus;
			if (r->ntasks_per_node)
				r->cpus_per_task = (uint32_t)
					((min_cpus + r->ntasks_per_node - 1) /
					 r->ntasks_per_node);
		}
	}
	return JOB_REASON_NONE;
}

bool sched_job_over_partitions(const struct state *st, const struct job *j,
			       bool by_nodes)
{
	uint32_t np = state_part_count(j->partition);

	for (uint32_t n = 0; n < np; n++) {
		const struct partition *p = state_part_nth(st, j->partition, n);
		enum job_reason r = p ? sched_part_limit(st, j, p) :
			JOB_REASON_NONE;

		if (r == JOB_REASON_NONE ||
		    (r == JOB_REASON_PART_NODE_LIMIT && !by_nodes))
			return false;
	}
	return np > 0;
}

/* ---- OverSubscribe=YES / FORCE ---------------------------------------- */

/* As slurmctld's cons_tres: a partition OverSubscribe=YES:N or FORCE:N
 * keeps N rows of cores, so that a job sharing CPUs (state_job_share)
 * takes cores fewer than N jobs hold, the idle ones first; it never goes
 * where a job sharing none runs, and a job sharing none takes only idle
 * cores, never beside the jobs of another sharing partition. Memory and
 * GPUs are counted as ever. */

/* Whether a partition of ST shares CPUs. */
static bool sharing_on(const struct state *st)
{
	for (uint32_t i = 0; i < st->npart_policy; i++)
		if (st->part_policy[i].share > 1 &&
		    !st->part_policy[i].exclusive)
			return true;
	return false;
}

/* The CPUs a core of node N stands for among its NCORES. */
static uint32_t core_cpus(const struct node *n, uint32_t ncores)
{
	return ncores && ncores < n->cpus ? n->cpus / ncores : 1;
}

/* Note in F that jobs of partition PI (one that shares) run there. */
static void rows_note(struct node_free *f, long pi)
{
	f->rows_part = f->rows_part == -1 || f->rows_part == pi ? pi : -2;
}

/* How many jobs of partition PI hold each core of F: NULL for none
 * unless ADD. */
static uint16_t *part_users(struct node_free *f, long pi, bool add)
{
	for (uint32_t i = 0; i < f->npu; i++)
		if (f->pu[i].pi == pi)
			return f->pu[i].users;
	if (!add)
		return NULL;
	f->pu = xrealloc(f->pu, (f->npu + 1) * sizeof(*f->pu));
	f->pu[f->npu].pi = pi;
	f->pu[f->npu].users = xcalloc(f->ncores ? f->ncores : 1,
				      sizeof(*f->pu[f->npu].users));
	return f->pu[f->npu++].users;
}

/* What the running jobs hold of each node, into FR. */
static void share_init(const struct state *st, struct node_free *fr)
{
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];

		fr[i].ncores = node_core_count(n);
		fr[i].users = xcalloc(fr[i].ncores, sizeof(*fr[i].users));
		if (n->core_users && n->core_used &&
		    bit_size(n->core_used) == fr[i].ncores)
			memcpy(fr[i].users, n->core_users,
			       fr[i].ncores * sizeof(*fr[i].users));
		fr[i].rows_part = -1;
	}
	for (uint32_t k = 0; k < st->njobs; k++) {
		const struct job *j = st->jobs[k];
		const struct partition *p;
		bool shares, rows;
		uint32_t at = 0;

		if (!job_on_nodes(j) || !j->node_bits)
			continue;
		p = state_part(st, j->partition);
		shares = state_job_share(st, j, j->partition) > 1;
		rows = p && state_part_shares(st, p->name);
		for (int64_t b = bit_next_set(j->node_bits, 0);
		     b >= 0 && (uint32_t)b < st->nnodes;
		     b = bit_next_set(j->node_bits, (uint32_t)b + 1), at++) {
			const bitstr_t *cores = j->core_bits &&
				at < j->ncore_bits ? j->core_bits[at] : NULL;
			uint16_t *pu;

			if (!shares)
				fr[b].solo++;
			if (!rows)
				continue;
			rows_note(&fr[b], p - st->parts);
			pu = part_users(&fr[b], p - st->parts, true);
			for (uint32_t c = 0; cores && c < fr[b].ncores &&
			     c < bit_size(cores); c++)
				if (bit_test(cores, c) && pu[c] < UINT16_MAX)
					pu[c]++;
		}
	}
}

static void share_free_all(const struct state *st, struct node_free *fr)
{
	for (uint32_t i = 0; i < st->nnodes; i++) {
		free(fr[i].users);
		for (uint32_t k = 0; k < fr[i].npu; k++)
			free(fr[i].pu[k].users);
		free(fr[i].pu);
	}
}

/* The CPUs of node N (F) a job of partition PI may take that shares each
 * with up to SHARE - 1 others of PI: each partition has its own rows,
 * which other partitions' jobs do not fill. */
static uint32_t share_cpus(struct node_free *f, const struct node *n,
			   uint16_t share, long pi)
{
	const uint16_t *pu = part_users(f, pi, false);
	uint64_t c = 0;

	for (uint32_t k = 0; k < f->ncores; k++)
		if (!pu || pu[k] < share)
			c++;
	c *= core_cpus(n, f->ncores);
	return c < n->cpus ? (uint32_t)c : n->cpus;
}

/* Note in F that a job of partition PI took C CPUs of node N, sharing
 * them (SHARE > 1) or not: the least used cores, lowest first, but
 * those SHARE jobs of PI hold, as cores.c gives them. A job sharing
 * them takes from the idle CPUs only what it finds idle. */
static void share_take(const struct state *st, struct node_free *f,
		       const struct node *n, uint32_t c, uint16_t share,
		       long pi, bitstr_t *out)
{
	uint32_t cc = core_cpus(n, f->ncores), want = (c + cc - 1) / cc;
	uint32_t idle = 0, top = 0;
	bool rows = state_part_shares(st, st->parts[pi].name);
	uint16_t *pu = rows ? part_users(f, pi, true) : NULL;
	bool *took = xcalloc(f->ncores ? f->ncores : 1, sizeof(*took));

	if (want > f->ncores)
		want = f->ncores;
	for (uint32_t k = 0; k < f->ncores; k++)
		if (f->users[k] > top)
			top = f->users[k];
	for (uint32_t level = 0; level <= top && want; level++)
		for (uint32_t k = 0; k < f->ncores && want; k++) {
			if (f->users[k] != level || took[k] ||
			    (share > 1 && pu && pu[k] >= share))
				continue;
			took[k] = true;
			if (out && k < bit_size(out))
				bit_set(out, k);
			if (!level)
				idle++;
			if (f->users[k] < UINT16_MAX)
				f->users[k]++;
			if (pu && pu[k] < UINT16_MAX)
				pu[k]++;
			want--;
		}
	free(took);
	if (share > 1)
		f->cpus -= f->cpus < idle * cc ? f->cpus : idle * cc;
	else
		f->solo++;
	if (rows)
		rows_note(f, pi);
}

/* What a candidate held before share_view made it the job's view. */
struct share_saved {
	uint32_t cpus, view;
	bool usable, empty;
};

/* Make the NCAND candidates CAND of FR what a job of partition PI, which
 * shares each CPU with up to SHARE - 1 others (0: none), sees of them:
 * with IDLE only their idle CPUs; what they held before, for
 * share_done. A WHOLE (--exclusive) job that shares them takes a node
 * whose every CPU has room for one more, with no GPU in use, as
 * slurmctld puts it in a row that holds none of the node's cores. */
static struct share_saved *share_view(const struct state *st,
				      struct node_free *fr,
				      const uint32_t *cand, uint32_t ncand,
				      uint16_t share, long pi, bool idle,
				      bool whole)
{
	struct share_saved *sv = xcalloc(ncand ? ncand : 1, sizeof(*sv));

	for (uint32_t k = 0; k < ncand; k++) {
		struct node_free *f = &fr[cand[k]];

		sv[k].cpus = f->cpus;
		sv[k].usable = f->usable;
		sv[k].empty = f->empty;
		if (share > 1) {
			const struct node *n = &st->nodes[cand[k]];

			if (!idle)
				f->cpus = share_cpus(f, n, share, pi);
			if (f->solo)
				f->usable = false;
			if (whole && !idle)
				f->empty = f->cpus >= n->cpus &&
					   f->gpus >= n->gpus;
		} else if (f->rows_part != -1 && f->rows_part != pi) {
			f->usable = false;
		}
		sv[k].view = f->cpus;
	}
	return sv;
}

/* Give the candidates back what share_view took and, when the job was
 * PLACED, count the CPUs it took of each, the cores in TOOK_AT[node]
 * when not NULL (frees SV). */
static void share_done(const struct state *st, struct node_free *fr,
		       const uint32_t *cand, uint32_t ncand,
		       struct share_saved *sv, bool placed, uint16_t share,
		       long pi, bitstr_t **took_at)
{
	for (uint32_t k = 0; k < ncand; k++) {
		struct node_free *f = &fr[cand[k]];
		uint32_t took = sv[k].view > f->cpus ? sv[k].view - f->cpus : 0;

		f->usable = sv[k].usable;
		if (share > 1)
			f->cpus = sv[k].cpus;
		if (!(placed && took))
			f->empty = sv[k].empty;
		if (placed && took) {
			bitstr_t *out = NULL;

			if (took_at) {
				out = bit_alloc(f->ncores ? f->ncores : 1);
				bit_free(took_at[cand[k]]);
				took_at[cand[k]] = out;
			}
			share_take(st, f, &st->nodes[cand[k]], took, share, pi,
				   out);
		}
	}
	free(sv);
}

/* Place J in partition P (PI) as place() does, and where a partition
 * shares CPUs (FR's users counted) as slurmctld's cons_tres: idle CPUs
 * first, then for a job that shares them those fewer than its N jobs
 * of P hold; D then says its N and the cores counted for it on each of
 * its nodes (d->cores). */
static bool place_sharing(const struct state *st, const struct job *j,
			  const struct partition *p, long pi,
			  struct node_free *fr, uint32_t *cand,
			  uint32_t ncand, struct sched_decision *d)
{
	struct share_saved *saved;
	bitstr_t **took_at;
	uint16_t share;
	bool placed;

	if (!st->nnodes || !fr[0].users)
		return place(st, j, p, fr, cand, ncand, d);
	took_at = xcalloc(st->nnodes, sizeof(*took_at));
	share = state_job_share(st, j, p->name);
	saved = share_view(st, fr, cand, ncand, share, pi, true, j->exclusive);
	placed = place(st, j, p, fr, cand, ncand, d);
	if (!placed && share > 1) {
		share_done(st, fr, cand, ncand, saved, false, share, pi, NULL);
		saved = share_view(st, fr, cand, ncand, share, pi, false,
				   j->exclusive);
		placed = place(st, j, p, fr, cand, ncand, d);
	}
	share_done(st, fr, cand, ncand, saved, placed, share, pi, took_at);
	if (placed) {
		if (share > 1)
			d->share = share;
		d->cores = xcalloc(d->count ? d->count : 1, sizeof(*d->cores));
		for (uint32_t k = 0; k < d->count; k++) {
			d->cores[k] = took_at[d->node_idx[k]];
			took_at[d->node_idx[k]] = NULL;
		}
	}
	for (uint32_t i = 0; i < st->nnodes; i++)
		bit_free(took_at[i]);
	free(took_at);
	return placed;
}

/* Note in F that jobs of partition PI (one that shares) no longer hold
 * CORES of node N, sharing them (SHARES) or not: how many CPUs that
 * leaves idle. */
static uint32_t share_give(const struct state *st, struct node_free *f,
			   const struct node *n, const bitstr_t *cores,
			   long pi, bool shares)
{
	uint16_t *pu = pi >= 0 && state_part_shares(st, st->parts[pi].name) ?
		part_users(f, pi, false) : NULL;
	uint32_t idle = 0;

	if (!shares && f->solo)
		f->solo--;
	for (uint32_t k = 0; cores && k < f->ncores && k < bit_size(cores);
	     k++) {
		if (!bit_test(cores, k))
			continue;
		if (f->users[k] && --f->users[k] == 0)
			idle++;
		if (pu && pu[k])
			pu[k]--;
	}
	/* the sharing partition whose jobs are left there */
	f->rows_part = -1;
	for (uint32_t i = 0; i < f->npu; i++)
		for (uint32_t k = 0; k < f->ncores; k++)
			if (f->pu[i].users[k]) {
				rows_note(f, f->pu[i].pi);
				break;
			}
	return idle * core_cpus(n, f->ncores);
}

/* Try to start J in partition P (NULL: one that does not exist), whose
 * size (counted once a cycle) is SIZE[P]. Returns JOB_REASON_NONE when it
 * starts (its decision added to OUT), else why it waits there; BUSY[P] is
 * set when it waits there for resources. */
static enum job_reason try_part(struct state *st, struct job *j,
				struct partition *p, const struct part_size *size,
				struct node_free *fr, uint32_t *cand,
				const bool *blocked, bool *busy,
				uint32_t max_starts, struct sched_result *out,
				size_t *cap)
{
	struct sched_decision d;
	struct job whole;
	enum job_reason why;
	uint32_t ncand;
	bool placed;
	long pi;

	if (!p)
		return JOB_REASON_BAD_CONSTRAINTS;
	/* OverSubscribe=EXCLUSIVE: whole nodes, as --exclusive there */
	if (!j->exclusive && state_part_exclusive(st, p->name)) {
		whole = *j;
		whole.exclusive = true;
		j = &whole;
	}
	pi = p - st->parts;
	/* DRAIN only closes the partition to new submissions */
	if (p->state != PART_STATE_UP && p->state != PART_STATE_DRAIN)
		return p->state == PART_STATE_INACTIVE ?
			JOB_REASON_PART_INACTIVE : JOB_REASON_PART_DOWN;
	/* in slurmctld's order: the partition's CPUs and nodes, its
	 * MaxNodes, its MaxTime */
	if ((why = part_limit(j, size[pi])) != JOB_REASON_NONE)
		return why;
	if (p->max_nodes != STATE_INFINITE && j->min_nodes > p->max_nodes)
		return JOB_REASON_PART_NODE_LIMIT;
	if (p->max_time != STATE_INFINITE && j->time_limit != STATE_INFINITE &&
	    j->time_limit > p->max_time)
		return JOB_REASON_PART_TIME_LIMIT;
	/* MaxMemPerCPU / MaxMemPerNode, last as in slurmctld; a copy, as
	 * the submission already made the changes that fit it */
	{
		struct job_req r = j->req;

		if (sched_mem_limit(st, &r, p) != JOB_REASON_NONE)
			return JOB_REASON_PN_MEM_LIMIT;
	}
	if (blocked[pi])
		return JOB_REASON_PRIORITY;
	if (max_starts && out->nstarts >= max_starts)
		return JOB_REASON_PRIORITY;
	ncand = candidates(st, j, p, cand);
	memset(&d, 0, sizeof(d));
	placed = place_sharing(st, j, p, pi, fr, cand, ncand, &d);
	if (placed) {
		xgrow((void **)&out->starts, cap, out->nstarts + 1,
		      sizeof(*out->starts));
		out->starts[out->nstarts++] = d;
		return JOB_REASON_NONE;
	}
	/* its nodes are down or drained, not busy: as Slurm's scheduler,
	 * this does not hold up the jobs behind it; no node could ever
	 * hold it (a job held at submission is taken without that test,
	 * as slurmctld takes it): BadConstraints */
	if (!fits_empty(st, j, p, cand, ncand, false))
		return fits_empty(st, j, p, cand, ncand, true) ?
			JOB_REASON_NODE_NOT_AVAIL : JOB_REASON_BAD_CONSTRAINTS;
	busy[pi] = true;
	return JOB_REASON_RESOURCES;
}

void sched_cycle(struct state *st, time_t now, uint32_t max_starts,
		 struct sched_result *out)
{
	struct job **q = xcalloc(st->njobs ? st->njobs : 1, sizeof(*q));
	struct node_free *fr = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*fr));
	uint32_t *cand = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*cand));
	bool *blocked = xcalloc(st->nparts ? st->nparts : 1, sizeof(*blocked));
	bool *busy = xcalloc(st->nparts ? st->nparts : 1, sizeof(*busy));
	struct part_size *size = xcalloc(st->nparts ? st->nparts : 1,
					 sizeof(*size));
	uint32_t nq = 0;
	size_t cap = 0, never_cap = 0, late_cap = 0;
	struct license *lic = NULL;
	uint32_t nlic = 0, *lic_used;

	memset(out, 0, sizeof(*out));
	/* licenses are the cluster's: what the jobs holding nodes use,
	 * and then what this cycle's starts take */
	license_parse(st->licenses, &lic, &nlic);
	lic_used = license_used(st, lic, nlic);
	for (uint32_t i = 0; i < st->nnodes; i++)
		node_free_now(&fr[i], &st->nodes[i]);
	if (sharing_on(st))
		share_init(st, fr);
	for (uint32_t i = 0; i < st->nparts; i++)
		size[i] = part_size_of(st, &st->parts[i]);
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		/* a requeued job whose last run still holds its nodes
		 * waits for them to let go */
		if (j->state != JOB_ST_PENDING || j->completing)
			continue;
		j->sched_reason = JOB_REASON_NONE;
		j->est_start = 0;
		free(j->est_nodes);
		j->est_nodes = NULL;
		if (j->priority == 0)
			continue;
		/* --deadline out of reach: the controller ends it */
		if (!job_deadline_ok(j, now)) {
			xgrow((void **)&out->deadline_late, &late_cap,
			      out->ndeadline_late + 1,
			      sizeof(*out->deadline_late));
			out->deadline_late[out->ndeadline_late++] = j->id;
			continue;
		}
		/* dependencies before --begin, as slurmctld's job_independent */
		switch (depend_test(st, j, now)) {
		case DEP_PENDING:
			j->sched_reason = JOB_REASON_DEPENDENCY;
			continue;
		case DEP_NEVER:
			j->sched_reason = JOB_REASON_DEP_INVALID;
			xgrow((void **)&out->dep_never, &never_cap,
			      out->ndep_never + 1, sizeof(*out->dep_never));
			out->dep_never[out->ndep_never++] = j->id;
			continue;
		case DEP_NONE:
			break;
		}
		if (j->begin_time > now) {
			j->sched_reason = JOB_REASON_BEGIN_TIME;
			continue;
		}
		q[nq++] = j;
	}
	qsort_r(q, nq, sizeof(*q), cmp_jobs, st);
	out->considered = nq;

	for (uint32_t k = 0; k < nq; k++) {
		struct job *j = q[k];
		uint32_t np = state_part_count(j->partition);
		enum job_reason why = JOB_REASON_BAD_CONSTRAINTS;
		bool started = false;

		/* as slurmctld, a throttled task does not hold up others */
		if (array_throttled(st, j, out)) {
			j->sched_reason = JOB_REASON_ARRAY_LIMIT;
			continue;
		}
		/* as slurmctld, a job short of licenses waits (Licenses)
		 * without holding up the jobs behind it */
		if (j->licenses && !license_fits(lic, nlic, lic_used,
						 j->licenses)) {
			j->sched_reason = JOB_REASON_LICENSES;
			continue;
		}
		/* -p a,b: the first of its partitions that can start it;
		 * left waiting for resources in one, it holds up that
		 * one's lower priority jobs as any job there would */
		memset(busy, 0, (st->nparts ? st->nparts : 1) * sizeof(*busy));
		for (uint32_t n = 0; n < np && !started; n++) {
			enum job_reason r = try_part(st, j, state_part_nth(st, j->partition, n),
						     size, fr, cand, blocked, busy,
						     max_starts, out, &cap);

			if (r == JOB_REASON_NONE)
				started = true;
			else if (n == 0 || r == JOB_REASON_RESOURCES)
				why = r;
		}
		if (started) {
			license_add(lic, nlic, lic_used, j->licenses);
			continue;
		}
		j->sched_reason = why;
		for (uint32_t i = 0; i < st->nparts; i++)
			blocked[i] = blocked[i] || busy[i];
	}
	estimate(st, now, q, nq, fr, cand, out);
	license_free(lic, nlic);
	free(lic_used);
	free(q);
	share_free_all(st, fr);
	free(fr);
	free(cand);
	free(blocked);
	free(busy);
	free(size);
}

void sched_result_free(struct sched_result *r)
{
	for (uint32_t i = 0; i < r->nstarts; i++)
		sched_decision_free(&r->starts[i]);
	free(r->starts);
	free(r->dep_never);
	free(r->deadline_late);
	memset(r, 0, sizeof(*r));
}

int sched_job_possible(const struct state *st, const struct job *j)
{
	const struct partition *p;
	uint32_t *cand, ncand;
	bool ok = false;

	for (uint32_t n = 0; n < state_part_count(j->partition); n++)
		if (!state_part_nth(st, j->partition, n)) {
			err_set("partition '%s' does not exist", j->partition);
			return -1;
		}
	if (!j->partition) {
		err_set("partition '(default)' does not exist");
		return -1;
	}
	cand = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*cand));
	/* -p a,b: possible in any one of them */
	for (uint32_t n = 0; !ok && n < state_part_count(j->partition); n++) {
		p = state_part_nth(st, j->partition, n);
		ncand = candidates(st, j, p, cand);
		ok = fits_empty(st, j, p, cand, ncand, true);
	}
	free(cand);
	if (!ok) {
		err_set("Requested node configuration is not available");
		return -1;
	}
	return 0;
}

int sched_will_run(const struct state *st, const struct job *j, time_t now,
		   time_t *start, char **nodes, uint32_t *cpus,
		   const char **part)
{
	struct node_free *fr = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*fr));
	uint32_t *cand = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*cand));
	struct sched_decision best = { 0 };
	time_t best_at = 0;
	int rc = -1;

	for (uint32_t n = 0; n < state_part_count(j->partition); n++) {
		const struct partition *p = state_part_nth(st, j->partition, n);
		struct timeline tl = { 0 };
		struct sched_decision d = { 0 };
		time_t at = now;
		uint32_t ncand;
		bool placed;

		if (!p || (p->state != PART_STATE_UP &&
			   p->state != PART_STATE_DRAIN))
			continue;
		memset(fr, 0, (st->nnodes ? st->nnodes : 1) * sizeof(*fr));
		for (uint32_t i = 0; i < st->nnodes; i++)
			node_free_now(&fr[i], &st->nodes[i]);
		/* a job that may share CPUs may start beside others now */
		if (sharing_on(st))
			share_init(st, fr);
		timeline_running(st, now, &tl);
		if (tl.n)
			qsort(tl.ev, tl.n, sizeof(*tl.ev), cmp_release);
		ncand = candidates(st, j, p, cand);
		while (!(placed = place_sharing(st, j, p, p - st->parts, fr,
						cand, ncand, &d)) &&
		       timeline_step(st, &tl, fr, &at))
			;
		release_free_all(tl.ev, tl.n);
		share_free_all(st, fr);
		if (!placed)
			continue;
		if (rc == 0 && at >= best_at) {
			sched_decision_free(&d);
			continue;
		}
		sched_decision_free(&best);
		best = d;
		best_at = at;
		*part = p->name;
		rc = 0;
	}
	if (rc == 0) {
		hostlist_t *hl = hostlist_create(NULL);

		for (uint32_t k = 0; k < best.count; k++)
			hostlist_push_host(hl, st->nodes[best.node_idx[k]].name);
		*nodes = hostlist_ranged_string(hl);
		hostlist_destroy(hl);
		*start = best_at;
		*cpus = 0;
		for (uint32_t k = 0; k < best.count; k++)
			*cpus += best.node_cpus ? best.node_cpus[k] :
				best.cpus_by_task ?
				job_task_cpus_at(j, best.count, k) :
				best.cpus_per_node;
		sched_decision_free(&best);
	} else {
		err_set("Requested node configuration is not available");
	}
	free(fr);
	free(cand);
	return rc;
}
