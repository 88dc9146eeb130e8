/* cores.c - which cores of each node a started job holds: the lowest free
 * ones when it starts (its CPUs over the node's threads per core; a GPU
 * job with a GPU for each of its tasks there the highest), kept
 * with the job in node order so that scontrol show job -d's CPU_IDs stay
 * put while it runs and every controller tells the same. FLURM does not
 * pin processes to them; the node's count of used cores is the caller's
 * (apply.c) to keep. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

uint32_t node_core_count(const struct node *n)
{
	uint64_t c = n->sockets && n->cores ?
		(uint64_t)n->sockets * n->cores : n->cpus;

	/* Slurm counts a node's CPUs in 16 bits: a larger product is a
	 * broken record, not a node */
	if (c > UINT16_MAX)
		c = UINT16_MAX;
	return c ? (uint32_t)c : 1;
}

uint32_t node_cores_for(const struct node *n, uint32_t cpus)
{
	uint32_t t = n->threads ? n->threads : 1;
	uint32_t c = (cpus + t - 1) / t, total = node_core_count(n);

	return c < total ? c : total;
}

uint32_t job_cores_want(const struct job *j, const struct node *n, uint32_t k)
{
	return node_cores_for(n, job_cpus_at(j, k));
}

bitstr_t *node_cores_full(const struct state *st, uint32_t i,
			  const char *part, uint16_t share)
{
	uint32_t total = node_core_count(&st->nodes[i]);
	uint16_t *users = xcalloc(total, sizeof(*users));
	bitstr_t *full = bit_alloc(total);

	for (uint32_t p = 0; p < st->njobs; p++) {
		const struct job *j = st->jobs[p];
		const bitstr_t *cores;
		uint32_t k = 0;

		if (!job_on_nodes(j) || !j->node_bits || !j->core_bits ||
		    i >= bit_size(j->node_bits) ||
		    !bit_test(j->node_bits, i) || !xstrsame(j->partition, part))
			continue;
		for (int64_t b = bit_next_set(j->node_bits, 0);
		     b >= 0 && (uint32_t)b < i;
		     b = bit_next_set(j->node_bits, (uint32_t)b + 1))
			k++;
		if (k >= j->ncore_bits)
			continue;
		cores = j->core_bits[k];
		for (uint32_t c = 0; c < total && c < bit_size(cores); c++)
			if (bit_test(cores, c) && users[c] < UINT16_MAX)
				users[c]++;
	}
	for (uint32_t c = 0; c < total; c++)
		if (users[c] >= share)
			bit_set(full, c);
	free(users);
	return full;
}

void job_cores_free(struct job *j)
{
	for (uint32_t k = 0; j->core_bits && k < j->ncore_bits; k++)
		bit_free(j->core_bits[k]);
	free(j->core_bits);
	j->core_bits = NULL;
	j->ncore_bits = 0;
}

/* Whether core C is in FULL (NULL: none is). */
static bool core_full(const bitstr_t *full, uint32_t c)
{
	return full && c < bit_size(full) && bit_test(full, c);
}

/* The lowest WANT cores of N that USED leaves free; when fewer are free
 * (a node shared beyond its cores), the least used of the rest (USERS
 * counts them, NULL: all alike) but those in FULL (NULL: none), lowest
 * first, as slurmctld's cons_tres lays a job sharing CPUs over the row
 * that holds the fewest. */
static bitstr_t *cores_pick_from(const struct node *n, const bitstr_t *used_map,
				 const uint16_t *users, const bitstr_t *full,
				 uint32_t want)
{
	uint32_t total = node_core_count(n), got = 0;
	bitstr_t *b = bit_alloc(total);
	uint32_t level = 0;

	for (int pass = 0; pass < 2 && got < want; pass++)
		for (;;) {
			uint32_t next = UINT32_MAX;

			for (uint32_t c = 0; c < total && got < want; c++) {
				bool used = used_map &&
					c < bit_size(used_map) &&
					bit_test(used_map, c);
				uint32_t u = users && used ? users[c] : used;

				if (bit_test(b, c) || (pass == 0 && used) ||
				    core_full(full, c))
					continue;
				if (pass == 1 && u != level) {
					if (u > level && u < next)
						next = u;
					continue;
				}
				bit_set(b, c);
				got++;
			}
			if (pass == 0 || got >= want || next == UINT32_MAX)
				break;
			level = next;
		}
	return b;
}

/* The highest WANT cores of N that USED leaves free; when fewer are
 * free, the highest of the rest too but those in FULL. */
static bitstr_t *cores_pick_top(const struct node *n,
				const bitstr_t *used_map, const bitstr_t *full,
				uint32_t want)
{
	uint32_t total = node_core_count(n), got = 0;
	bitstr_t *b = bit_alloc(total);

	for (int pass = 0; pass < 2 && got < want; pass++)
		for (uint32_t c = total; c-- > 0 && got < want;) {
			bool used = used_map && c < bit_size(used_map) &&
				bit_test(used_map, c);

			if (bit_test(b, c) || (pass == 0 && used) ||
			    core_full(full, c))
				continue;
			bit_set(b, c);
			got++;
		}
	return b;
}

/* Whether job J asked its task count: -n or --ntasks-per-node (sbatch
 * puts them in the job's environment), or --gpus with --gpus-per-task. */
static bool tasks_asked(const struct job *j)
{
	return j->ntasks_per_node || (j->gpus_per_task && j->tres_per_job) ||
	       job_env_has(j, "SLURM_NTASKS") ||
	       job_env_has(j, "SLURM_NTASKS_PER_NODE");
}

/* Whether J takes the highest free cores of the K-th of its COUNT nodes,
 * as slurmctld's cons_tres lays out a GPU job on one node that asked its
 * task count and has a GPU for each task (-n1 --gpus=1 on an idle
 * 4-core node: CPU_IDs=3, -n1 -c2 2-3; -n2 --gpus=1, --gpus=1 without
 * -n and jobs on more nodes take the lowest). */
static bool cores_from_top(const struct job *j, uint32_t count, uint32_t k)
{
	uint32_t g = j->gpu_masks ? gpu_popcount(j->gpu_masks[k]) : 0;

	return count == 1 && g && job_tasks_at(j, count, k) <= g &&
	       tasks_asked(j);
}

/* The cores J takes on N, the K-th of its COUNT nodes, that USED leaves
 * free (USERS: how many jobs hold each), none of FULL (NULL: none). */
static bitstr_t *cores_for_job(const struct job *j, const struct node *n,
			       const bitstr_t *used, const uint16_t *users,
			       const bitstr_t *full, uint32_t count, uint32_t k)
{
	uint32_t want = job_cores_want(j, n, k);

	return cores_from_top(j, count, k) ?
		cores_pick_top(n, used, full, want) :
		cores_pick_from(n, used, users, full, want);
}

/* Count CORES as held once more in USED and USERS. */
static void cores_count(bitstr_t *used, uint16_t *users, const bitstr_t *cores)
{
	for (uint32_t c = 0; c < bit_size(used) && c < bit_size(cores); c++)
		if (bit_test(cores, c) && users[c] < UINT16_MAX)
			users[c]++;
	bit_or(used, cores);
}

/* Whether state_cores_fill, holding first the cores of the jobs MARK
 * names, would give every other job holding nodes the cores it has;
 * marks those it would not. */
static bool fill_matches(const struct state *st, bool *mark)
{
	bitstr_t **used = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*used));
	uint16_t **users = xcalloc(st->nnodes ? st->nnodes : 1, sizeof(*users));
	bool same = true;

	for (uint32_t i = 0; i < st->nnodes; i++) {
		used[i] = bit_alloc(node_core_count(&st->nodes[i]));
		users[i] = xcalloc(node_core_count(&st->nodes[i]),
				   sizeof(*users[i]));
	}
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t p = 0; p < st->njobs; p++) {
			const struct job *j = st->jobs[p];
			uint32_t k = 0;
			bitstr_t **got;
			bool differ = false;

			if (!j->core_bits || !job_on_nodes(j) || !j->node_bits ||
			    (pass == 0) != mark[p])
				continue;
			got = xcalloc(j->ncore_bits ? j->ncore_bits : 1,
				      sizeof(*got));
			for (int64_t b = bit_next_set(j->node_bits, 0);
			     b >= 0 && (uint32_t)b < st->nnodes &&
			     k < j->ncore_bits;
			     b = bit_next_set(j->node_bits, (uint32_t)b + 1), k++) {
				const struct node *nd = &st->nodes[b];

				got[k] = pass == 0 ? bit_copy(j->core_bits[k]) :
					cores_for_job(j, nd, used[b], users[b],
						      NULL, j->ncore_bits, k);
				if (!bit_equal(got[k], j->core_bits[k]))
					differ = true;
			}
			if (k != j->ncore_bits)
				differ = true;
			if (pass == 1 && differ) {
				mark[p] = true;
				same = false;
			}
			k = 0;
			for (int64_t b = bit_next_set(j->node_bits, 0);
			     b >= 0 && (uint32_t)b < st->nnodes &&
			     k < j->ncore_bits;
			     b = bit_next_set(j->node_bits, (uint32_t)b + 1), k++) {
				if (!differ || pass == 0)
					cores_count(used[b], users[b],
						    j->core_bits[k]);
				bit_free(got[k]);
			}
			free(got);
		}
	for (uint32_t i = 0; i < st->nnodes; i++) {
		bit_free(used[i]);
		free(users[i]);
	}
	free(used);
	free(users);
	return same;
}

bool *state_cores_to_record(const struct state *st, uint32_t *count)
{
	bool *mark = xcalloc(st->njobs ? st->njobs : 1, sizeof(*mark));

	/* marks only grow, so this ends */
	while (!fill_matches(st, mark))
		;
	*count = 0;
	for (uint32_t p = 0; p < st->njobs; p++)
		if (mark[p])
			(*count)++;
	return mark;
}

void job_cores_take(struct state *st, struct job *j, bitstr_t *const *full)
{
	uint32_t n = (uint32_t)bit_count(j->node_bits), k = 0;

	job_cores_free(j);
	if (!n)
		return;
	j->core_bits = xcalloc(n, sizeof(*j->core_bits));
	j->ncore_bits = n;
	for (int64_t i = bit_next_set(j->node_bits, 0);
	     i >= 0 && (uint32_t)i < st->nnodes && k < n;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++)
		j->core_bits[k] = cores_for_job(j, &st->nodes[i],
						st->nodes[i].core_used,
						st->nodes[i].core_users,
						full ? full[k] : NULL, n, k);
	for (; k < n; k++)
		j->core_bits[k] = bit_alloc(1);
}

/* N's record of used cores, sized to its cores now. */
static bitstr_t *node_used(struct node *n)
{
	if (n->core_used && bit_size(n->core_used) != node_core_count(n)) {
		bit_free(n->core_used);
		n->core_used = NULL;
	}
	if (!n->core_used) {
		n->core_used = bit_alloc(node_core_count(n));
		free(n->core_users);
		n->core_users = xcalloc(node_core_count(n),
					sizeof(*n->core_users));
	}
	return n->core_used;
}

void node_cores_hold(struct node *n, const bitstr_t *cores)
{
	bitstr_t *used;

	if (!cores)
		return;
	used = node_used(n);
	cores_count(used, n->core_users, cores);
}

void node_cores_release(struct node *n, const bitstr_t *cores)
{
	if (!cores || !n->core_used)
		return;
	/* a core another job shares stays held */
	for (uint32_t c = 0; c < bit_size(n->core_used) &&
	     c < bit_size(cores); c++)
		if (bit_test(cores, c) && n->core_users[c] &&
		    --n->core_users[c] == 0)
			bit_clear(n->core_used, c);
}

uint32_t node_cpus_held(const struct node *n)
{
	uint32_t total = node_core_count(n);
	uint64_t held;

	if (!n->core_used)
		return n->alloc_cpus;
	/* the cores any job holds, in CPUs (whole cores, as slurmctld):
	 * below the jobs' sum only where jobs share cores; jobs that share
	 * nothing each hold their CPUs, threads of a core included */
	held = bit_count(n->core_used);
	if (total < n->cpus)
		held *= n->cpus / total;
	return held < n->alloc_cpus ? (uint32_t)held : n->alloc_cpus;
}

void state_cores_fill(struct state *st)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];
		uint32_t k = 0;

		if (j->core_bits || !job_on_nodes(j) || !j->node_bits)
			continue;
		job_cores_take(st, j, NULL);
		for (int64_t b = bit_next_set(j->node_bits, 0);
		     b >= 0 && (uint32_t)b < st->nnodes && k < j->ncore_bits;
		     b = bit_next_set(j->node_bits, (uint32_t)b + 1), k++)
			node_cores_hold(&st->nodes[b], j->core_bits[k]);
	}
}

void node_cores_clear(struct node *n)
{
	bit_clear_all(node_used(n));
	memset(n->core_users, 0, node_core_count(n) * sizeof(*n->core_users));
}
