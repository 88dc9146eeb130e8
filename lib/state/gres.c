/* gres.c - GPUs as generic resources: how many a node's Gres= gives it,
 * and which of them (indexes from 0, as slurmd names them without a
 * gres.conf) each job holds there; a job-wide --gpus dealt over its
 * nodes as slurmctld deals it; which of them a step sees. Deciding where
 * a job's GPUs fit is the scheduler's; the indexes are chosen when a
 * job starts, in apply. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

/* One item: "gpu", "gpu:2", "gpu:tesla:2", "gpu:tesla:2(S:0-1)". */
static uint32_t gres_item(char *t, char **type)
{
	char *f[3] = { NULL, NULL, NULL }, *save = NULL, *end;
	unsigned long long n = 1;
	int nf = 0;

	if ((end = strchr(t, '(')))
		*end = '\0';
	for (char *p = strtok_r(t, ":", &save); p && nf < 3;
	     p = strtok_r(NULL, ":", &save))
		f[nf++] = p;
	if (!f[0] || strcmp(f[0], "gpu"))
		return 0;
	if (nf >= 2) {
		const char *num = nf == 3 ? f[2] : f[1];

		n = strtoull(num, &end, 10);
		if (end == num) {      /* "gpu:tesla": one of that type */
			n = 1;
			if (nf == 2 && !*type)
				*type = xstrdup(f[1]);
		} else {
			switch (*end) {
			case 'k': case 'K': n *= 1024; break;
			case 'm': case 'M': n *= 1024 * 1024; break;
			case 'g': case 'G': n *= 1024ull * 1024 * 1024; break;
			}
			if (nf == 3 && !*type)
				*type = xstrdup(f[1]);
		}
	}
	return n > 64 ? 64 : (uint32_t)n;
}

uint32_t gres_gpus(const char *gres, char **type)
{
	char *copy, *save = NULL;
	uint32_t n = 0;

	*type = NULL;
	if (!gres || !*gres)
		return 0;
	copy = xstrdup(gres);
	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save))
		n += gres_item(t, type);
	free(copy);
	return n > 64 ? 64 : n;
}

void node_gres_update(struct node *n)
{
	free(n->gpu_type);
	n->gpus = gres_gpus(n->gres, &n->gpu_type);
}

uint32_t gpu_popcount(uint64_t m)
{
	return (uint32_t)__builtin_popcountll(m);
}

/* The lowest WANT free indexes of N's GPUs, 0 when they are not free. */
static uint64_t gpu_pick(const struct node *n, uint32_t want)
{
	uint64_t m = 0;

	for (uint32_t i = 0; i < n->gpus && i < 64 && want; i++)
		if (!(n->gpu_used & (1ull << i))) {
			m |= 1ull << i;
			want--;
		}
	return want ? 0 : m;
}

uint32_t job_gpus_on_node(const struct job *j, uint32_t nnodes)
{
	uint64_t tpn, g;

	if (!j->gpus_per_task)
		return j->gpus_per_node;
	if (!nnodes)
		nnodes = 1;
	tpn = j->ntasks_per_node ? j->ntasks_per_node :
		((uint64_t)(j->num_tasks ? j->num_tasks : 1) + nnodes - 1) /
		nnodes;
	g = (uint64_t)j->gpus_per_task * tpn;
	return g > UINT32_MAX ? UINT32_MAX : (uint32_t)g;
}

uint32_t job_tasks_at(const struct job *j, uint32_t count, uint32_t k)
{
	uint32_t n = j->num_tasks ? j->num_tasks : 1;

	if (j->ntasks_per_node)
		return j->ntasks_per_node;
	if (!count)
		count = 1;
	return n / count + (k < n % count ? 1 : 0);
}

bool job_tasks_from_nodes(const struct job *j, uint32_t count)
{
	/* fewer tasks than nodes: -n was not given (a job-wide --gpus
	 * over more nodes than -N), one a node as slurmctld counts them */
	if (!j->ntasks_per_node)
		return j->num_tasks < count;
	return j->num_tasks &&
	       (uint64_t)count * j->ntasks_per_node <= UINT32_MAX &&
	       j->num_tasks != count * j->ntasks_per_node;
}

uint32_t job_tasks_for_nodes(const struct job *j, uint32_t count)
{
	return j->ntasks_per_node ? count * j->ntasks_per_node : count;
}

uint32_t job_gpus_at(const struct job *j, uint32_t count, uint32_t k)
{
	uint64_t g;

	if (!j->gpus_per_task)
		return j->gpus_per_node;
	g = (uint64_t)j->gpus_per_task * job_tasks_at(j, count, k);
	return g > UINT32_MAX ? UINT32_MAX : (uint32_t)g;
}

uint32_t job_gpus_for_cpus(const struct job *j, uint32_t cpus)
{
	uint64_t g = (uint64_t)j->gpus_per_task *
		(cpus / (j->cpus_per_task ? j->cpus_per_task : 1));

	return g > UINT32_MAX ? UINT32_MAX : (uint32_t)g;
}

uint32_t job_task_cpus_at(const struct job *j, uint32_t count, uint32_t k)
{
	uint64_t c = (uint64_t)job_tasks_at(j, count, k) *
		(j->cpus_per_task ? j->cpus_per_task : 1);

	if (c < j->pn_min_cpus)
		c = j->pn_min_cpus;
	/* on one node, the CPUs scontrol update NumCPUs= gave it */
	if (count == 1 && c < j->min_cpus)
		c = j->min_cpus;
	if (!c)         /* more nodes than tasks: still a CPU on each */
		c = 1;
	return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

uint32_t job_cpus_at(const struct job *j, uint32_t k)
{
	uint32_t n;

	if (!j->cpus_by_task || !j->node_bits)
		return j->cpus_per_node;
	n = (uint32_t)bit_count(j->node_bits);
	if (j->node_cpus)
		return k < n ? j->node_cpus[k] : 0;
	return job_task_cpus_at(j, n, k);
}

uint32_t job_cpus_on(const struct job *j, uint32_t idx)
{
	uint32_t k = 0;

	if (!j->node_bits || idx >= bit_size(j->node_bits) ||
	    !bit_test(j->node_bits, idx))
		return 0;
	if (!j->cpus_by_task)
		return j->cpus_per_node;
	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < idx;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
		k++;
	return job_cpus_at(j, k);
}

uint32_t job_node_cpus_most(const uint32_t *node_cpus, uint32_t count)
{
	uint32_t most = 0;

	for (uint32_t k = 0; k < count; k++)
		if (node_cpus[k] > most)
			most = node_cpus[k];
	return most;
}

uint64_t job_mem_at(const struct job *j, uint32_t k)
{
	if (!j->cpus_by_task || !j->alloc_mem_mb)
		return j->alloc_mem_mb;
	return job_mem_per_node(j, job_cpus_at(j, k));
}

uint64_t job_mem_on(const struct job *j, uint32_t idx)
{
	uint32_t k = 0;

	if (!j->cpus_by_task || !j->node_bits ||
	    idx >= bit_size(j->node_bits))
		return j->alloc_mem_mb;
	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < idx;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
		k++;
	return job_mem_at(j, k);
}

uint32_t job_cpu_runs(const struct job *j, uint32_t *cpus, uint32_t *reps)
{
	uint32_t n = j->node_bits ? (uint32_t)bit_count(j->node_bits) : 0;
	uint32_t runs = 0;

	for (uint32_t k = 0; k < n; k++) {
		uint32_t c = job_cpus_at(j, k);

		if (runs && cpus[runs - 1] == c) {
			reps[runs - 1]++;
		} else {
			cpus[runs] = c;
			reps[runs++] = 1;
		}
	}
	return runs;
}

uint32_t job_gpus_min(const struct job *j)
{
	if (job_gpus_per_job(j))
		return 1;
	return j->gpus_per_task ? j->gpus_per_task : j->gpus_per_node;
}

uint32_t job_gpus_per_job(const struct job *j)
{
	const char *num;
	unsigned long n;
	char *end;

	if (j->gpus_per_task || j->gpus_per_node || !j->tres_per_job)
		return 0;
	num = strrchr(j->tres_per_job, ':');
	num = num ? num + 1 : j->tres_per_job;
	n = strtoul(num, &end, 10);
	if (end == num || *end)
		return 0;
	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

uint32_t gpus_deal(uint32_t total, const uint32_t *free_gpus,
		   uint32_t count, uint32_t *out)
{
	uint32_t dealt = 0;

	/* in node order as many as the node has free, leaving one for
	 * each node still to come */
	for (uint32_t k = 0; k < count; k++) {
		uint32_t later = count - 1 - k;
		uint32_t most = total > dealt + later ?
			total - dealt - later : 0;

		out[k] = free_gpus[k] < most ? free_gpus[k] : most;
		dealt += out[k];
	}
	/* then whatever is still missing, node by node */
	for (uint32_t k = 0; k < count && dealt < total; k++) {
		uint32_t more = free_gpus[k] - out[k];

		if (more > total - dealt)
			more = total - dealt;
		out[k] += more;
		dealt += more;
	}
	return dealt;
}

/* GIVEN[k] GPUs on the k-th of J's nodes when the start said so; else a
 * job-wide --gpus dealt from what each node has free (a start written
 * without the counts). */
static uint32_t *gpus_given(struct state *st, const struct job *j,
			    uint32_t count, const uint32_t *given)
{
	uint32_t total = job_gpus_per_job(j), k = 0, *out, *free_gpus;

	if (!total && !given)
		return NULL;
	out = xcalloc(count ? count : 1, sizeof(*out));
	if (given) {
		memcpy(out, given, count * sizeof(*out));
		return out;
	}
	free_gpus = xcalloc(count ? count : 1, sizeof(*free_gpus));
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0 && k < count;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		const struct node *n = &st->nodes[i];
		uint32_t used = gpu_popcount(n->gpu_used);

		free_gpus[k] = n->gpus > used ? n->gpus - used : 0;
	}
	gpus_deal(total, free_gpus, count, out);
	if (j->exclusive)       /* whole nodes: all their GPUs */
		memcpy(out, free_gpus, count * sizeof(*out));
	free(free_gpus);
	return out;
}

int job_gpus_take(struct state *st, struct job *j, bool spread,
		  const uint32_t *given)
{
	uint32_t count = (uint32_t)bit_count(j->node_bits), k = 0;
	uint32_t *counts;

	free(j->gpu_masks);
	j->gpu_masks = NULL;
	/* --gpus=N for the job, dealt node by node */
	if ((counts = gpus_given(st, j, count, given))) {
		j->gpu_masks = xcalloc(count ? count : 1, sizeof(*j->gpu_masks));
		for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
		     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
			uint64_t m = counts[k] ?
				gpu_pick(&st->nodes[i], counts[k]) : 0;

			if (counts[k] && !m) {
				free(j->gpu_masks);
				j->gpu_masks = NULL;
				free(counts);
				return -1;
			}
			j->gpu_masks[k] = m;
		}
		free(counts);
		return 0;
	}
	/* --gpus-per-task: what each node gives depends on how many nodes
	 * the job got, known now */
	if (j->gpus_per_task)
		j->gpus_per_node = job_gpus_on_node(j, count);
	/* CPUs the leader gave: the GPUs of the tasks they hold, the most
	 * on one node as its GPUs per node */
	for (uint32_t r = 0; j->gpus_per_task && j->node_cpus && r < count;
	     r++) {
		uint32_t g = job_gpus_for_cpus(j, j->node_cpus[r]);

		if (r == 0 || g > j->gpus_per_node)
			j->gpus_per_node = g;
	}
	if (!j->gpus_per_node)
		return 0;
	j->gpu_masks = xcalloc(count ? count : 1, sizeof(*j->gpu_masks));
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		uint32_t want = !spread ? j->gpus_per_node :
			j->gpus_per_task && j->node_cpus ?
			job_gpus_for_cpus(j, j->node_cpus[k]) :
			job_gpus_at(j, count, k);
		uint64_t m = want ? gpu_pick(&st->nodes[i], want) : 0;

		if (want && !m) {
			free(j->gpu_masks);
			j->gpu_masks = NULL;
			return -1;
		}
		j->gpu_masks[k] = m;
	}
	return 0;
}

uint32_t job_gpus_held(const struct job *j)
{
	uint32_t n, total = 0;

	if (!j->gpu_masks || !j->node_bits)
		return 0;
	n = (uint32_t)bit_count(j->node_bits);
	for (uint32_t k = 0; k < n; k++)
		total += gpu_popcount(j->gpu_masks[k]);
	return total;
}

uint64_t job_gpu_mask(const struct job *j, uint32_t idx)
{
	uint32_t k = 0;

	if (!j->gpu_masks || !j->node_bits)
		return 0;
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++)
		if ((uint32_t)i == idx)
			return j->gpu_masks[k];
	return 0;
}

/* The lowest WANT indexes of mask M (all of them when it has fewer). */
static uint64_t mask_lowest(uint64_t m, uint64_t want)
{
	uint64_t out = 0;

	for (uint32_t g = 0; g < 64 && want; g++)
		if (m & (1ull << g)) {
			out |= 1ull << g;
			want--;
		}
	return out;
}

uint64_t *step_gpu_masks(const struct job *j, const struct step *s,
			 enum step_gpus_by by, uint32_t n)
{
	uint32_t nn = s->nnodes, k = 0, *held, *want;
	uint64_t *out;

	if (!j->gpu_masks || !s->node_bits || !nn)
		return NULL;
	if (by == STEP_GPUS_JOB) {
		if (j->gpus_per_task) {
			by = STEP_GPUS_TASK;
			n = j->gpus_per_task;
		} else if (j->gpus_per_node) {
			by = STEP_GPUS_NODE;
			n = j->gpus_per_node;
		} else if ((n = job_gpus_per_job(j))) {
			by = STEP_GPUS_STEP;
		} else {
			return NULL;
		}
	}
	held = xcalloc(nn, sizeof(*held));
	want = xcalloc(nn, sizeof(*want));
	out = xcalloc(nn, sizeof(*out));
	for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0 && k < nn;
	     i = bit_next_set(s->node_bits, (uint32_t)i + 1), k++)
		held[k] = gpu_popcount(job_gpu_mask(j, (uint32_t)i));
	if (by == STEP_GPUS_STEP)
		gpus_deal(n, held, nn, want);
	k = 0;
	for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0 && k < nn;
	     i = bit_next_set(s->node_bits, (uint32_t)i + 1), k++) {
		uint64_t w = by == STEP_GPUS_NODE ? n :
			by == STEP_GPUS_TASK ?
			(uint64_t)n * (s->tasks ? s->tasks[k] : 0) : want[k];

		out[k] = mask_lowest(job_gpu_mask(j, (uint32_t)i), w);
	}
	free(held);
	free(want);
	return out;
}

bool step_gpus_resolve(const struct job *j, enum step_gpus_by *by,
		       uint32_t *n)
{
	if (*by != STEP_GPUS_JOB)
		return true;
	if (j->gpus_per_task) {
		*by = STEP_GPUS_TASK;
		*n = j->gpus_per_task;
	} else if (j->gpus_per_node) {
		*by = STEP_GPUS_NODE;
		*n = j->gpus_per_node;
	} else if ((*n = job_gpus_per_job(j))) {
		*by = STEP_GPUS_STEP;
	} else {
		return false;
	}
	return true;
}

uint32_t step_gpus_need(enum step_gpus_by by, uint32_t n, uint32_t tasks)
{
	uint64_t w;

	switch (by) {
	case STEP_GPUS_NODE:
		return n;
	case STEP_GPUS_TASK:
		w = (uint64_t)n * tasks;
		return w > 64 ? 65 : (uint32_t)w;
	case STEP_GPUS_STEP:
		return n ? 1 : 0;
	case STEP_GPUS_JOB:
		break;
	}
	return 0;
}

uint64_t *step_gpus_pick(const struct job *j, const uint32_t *idx,
			 const uint32_t *tasks, uint32_t nn,
			 enum step_gpus_by by, uint32_t n,
			 const uint64_t *busy)
{
	uint64_t *out, *avail;
	uint32_t *freec = NULL, *want = NULL;

	if (!j->gpu_masks || !nn || by == STEP_GPUS_JOB)
		return NULL;
	out = xcalloc(nn, sizeof(*out));
	avail = xcalloc(nn, sizeof(*avail));
	for (uint32_t k = 0; k < nn; k++)
		avail[k] = job_gpu_mask(j, idx[k]) & ~(busy ? busy[k] : 0);
	if (by == STEP_GPUS_STEP) {
		/* dealt over its nodes from what each has free, as a
		 * job-wide --gpus over a job's */
		freec = xcalloc(nn, sizeof(*freec));
		want = xcalloc(nn, sizeof(*want));
		for (uint32_t k = 0; k < nn; k++)
			freec[k] = gpu_popcount(avail[k]);
		if (gpus_deal(n, freec, nn, want) < n)
			goto fail;
	}
	for (uint32_t k = 0; k < nn; k++) {
		uint32_t w = by == STEP_GPUS_STEP ? want[k] :
			step_gpus_need(by, n, tasks[k]);

		if (w > gpu_popcount(avail[k]))
			goto fail;
		out[k] = mask_lowest(avail[k], w);
	}
	free(avail);
	free(freec);
	free(want);
	return out;
fail:
	free(out);
	free(avail);
	free(freec);
	free(want);
	return NULL;
}
