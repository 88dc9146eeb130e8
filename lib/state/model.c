/* model.c - the cluster model's lifetime, lookups and display names.
 * Jobs live in an array sorted by id (ids only grow, so inserting is an
 * append) and are found by binary search; nodes and partitions are few
 * and found by a linear scan. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

static const char *const job_state_names[] = {
	[JOB_ST_PENDING] = "PENDING",
	[JOB_ST_RUNNING] = "RUNNING",
	[JOB_ST_SUSPENDED] = "SUSPENDED",
	[JOB_ST_COMPLETE] = "COMPLETED",
	[JOB_ST_CANCELLED] = "CANCELLED",
	[JOB_ST_FAILED] = "FAILED",
	[JOB_ST_TIMEOUT] = "TIMEOUT",
	[JOB_ST_NODE_FAIL] = "NODE_FAIL",
	[JOB_ST_DEADLINE] = "DEADLINE",
};

/* The names Slurm shows in squeue's NODELIST(REASON) column. */
static const char *const job_reason_names[] = {
	[JOB_REASON_NONE] = "None",
	[JOB_REASON_PRIORITY] = "Priority",
	[JOB_REASON_RESOURCES] = "Resources",
	[JOB_REASON_HELD_USER] = "JobHeldUser",
	[JOB_REASON_HELD_ADMIN] = "JobHeldAdmin",
	[JOB_REASON_PART_DOWN] = "PartitionDown",
	[JOB_REASON_PART_NODE_LIMIT] = "PartitionNodeLimit",
	[JOB_REASON_PART_TIME_LIMIT] = "PartitionTimeLimit",
	[JOB_REASON_BAD_CONSTRAINTS] = "BadConstraints",
	[JOB_REASON_BEGIN_TIME] = "BeginTime",
	[JOB_REASON_NODE_DOWN] = "NodeDown",
	[JOB_REASON_PROLOG_FAIL] = "launch failed requeued held",
	[JOB_REASON_LAUNCH_FAIL] = "launch failed requeued held",
	[JOB_REASON_NODE_NOT_AVAIL] = "ReqNodeNotAvail",
	[JOB_REASON_REQUEUE_HELD] = "job requeued in held state",
	[JOB_REASON_DEPENDENCY] = "Dependency",
	[JOB_REASON_DEP_INVALID] = "DependencyNeverSatisfied",
	[JOB_REASON_DEADLINE] = "DeadLine",
	[JOB_REASON_PART_INACTIVE] = "PartitionInactive",
	[JOB_REASON_ARRAY_LIMIT] = "JobArrayTaskLimit",
	[JOB_REASON_LICENSES] = "Licenses",
	[JOB_REASON_PART_CONFIG] = "PartitionConfig",
	[JOB_REASON_PN_MEM_LIMIT] = "MaxMemPerLimit",
};

static const char *const state_errors[] = {
	[STATE_EOK] = "success",
	[STATE_EINVAL] = "malformed command",
	[STATE_ENOJOB] = "no such job",
	[STATE_ENOPART] = "no such partition",
	[STATE_ENONODE] = "no such node",
	[STATE_EDONE] = "job already finished",
	[STATE_EBUSY] = "not possible in the current state",
	[STATE_EPERM] = "permission denied",
	[STATE_EIDS] = "job ids exhausted",
};

const char *job_state_name(enum job_state s)
{
	if ((unsigned)s < sizeof(job_state_names) / sizeof(*job_state_names))
		return job_state_names[s];
	return "UNKNOWN";
}

const char *job_reason_name(enum job_reason r)
{
	if ((unsigned)r < sizeof(job_reason_names) / sizeof(*job_reason_names))
		return job_reason_names[r];
	return "None";
}

enum job_reason job_reason_shown(const struct job *j)
{
	if (j->state != JOB_ST_PENDING)
		return j->reason;
	/* requeued after a failure, waiting out its begin time: slurmctld's
	 * scheduler says BeginTime over the failure while it waits */
	if (j->sched_reason == JOB_REASON_BEGIN_TIME &&
	    (j->reason == JOB_REASON_NODE_DOWN ||
	     j->reason == JOB_REASON_PROLOG_FAIL ||
	     j->reason == JOB_REASON_LAUNCH_FAIL))
		return JOB_REASON_BEGIN_TIME;
	return j->reason != JOB_REASON_NONE ? j->reason : j->sched_reason;
}

bool job_deadline_ok(const struct job *j, time_t now)
{
	uint32_t need = j->time_min ? j->time_min : j->time_limit;

	if (!j->deadline)
		return true;
	if (need == STATE_INFINITE || need == STATE_NO_VAL)
		need = 0;
	return j->deadline >= now + (time_t)need * 60;
}

bool job_held_by_user(const struct job *j)
{
	return j->priority == 0 && (j->reason == JOB_REASON_HELD_USER ||
				    j->reason == JOB_REASON_REQUEUE_HELD);
}

uint32_t job_pending_cpus(const struct job *j)
{
	/* the -n guess jobinfo has always made for what it shows */
	bool by_count = j->num_tasks != j->min_nodes *
		(j->ntasks_per_node ? j->ntasks_per_node : 1);

	if (j->min_cpus)
		return j->min_cpus;
	if (j->cpus_per_task_asked && !by_count)
		return j->num_tasks * j->cpus_per_task_asked;
	return j->num_tasks * j->cpus_per_task;
}

uint32_t job_min_cpus_node(const struct job *j, bool started)
{
	bool by_count = j->num_tasks != j->min_nodes *
		(j->ntasks_per_node ? j->ntasks_per_node : 1);
	uint32_t cpt = !started && j->cpus_per_task_asked && by_count ?
		j->cpus_per_task_asked : j->cpus_per_task;
	uint64_t n;

	/* kept as it was given (or as it was before scontrol update
	 * CPUsPerTask=): slurmctld's pn_min_cpus, which a new -c does
	 * not change */
	if (j->pn_min_cpus)
		return j->pn_min_cpus;
	n = (uint64_t)cpt * (j->ntasks_per_node ? j->ntasks_per_node : 1);
	return n > UINT16_MAX ? UINT16_MAX : (uint32_t)n;
}

bool job_ntasks_given(const struct job *j)
{
	if (j->ntasks_per_node ||
	    j->num_tasks != j->min_nodes)
		return true;
	return job_env_has(j, "SLURM_NTASKS");
}

bool job_env_has(const struct job *j, const char *name)
{
	size_t len = strlen(name);

	for (char **e = j->env; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return true;
	return false;
}

bool job_on_nodes(const struct job *j)
{
	return j->node_bits && (j->state == JOB_ST_RUNNING ||
				j->state == JOB_ST_SUSPENDED || j->completing);
}

time_t job_deadline(const struct job *j)
{
	if (!j->start_time || j->time_limit == STATE_INFINITE)
		return 0;
	return j->start_time + (time_t)j->time_limit * 60 +
		(time_t)j->suspended_secs;
}

time_t job_run_secs(const struct job *j, time_t now)
{
	time_t to = now;

	if (!j->start_time)
		return 0;
	if (j->state == JOB_ST_SUSPENDED && j->suspend_time)
		to = j->suspend_time;
	else if (j->end_time)
		to = j->end_time;
	to -= j->start_time + (time_t)j->suspended_secs;
	return to > 0 ? to : 0;
}

const char *state_strerror(int rc)
{
	if (rc >= 0 && (size_t)rc < sizeof(state_errors) / sizeof(*state_errors))
		return state_errors[rc];
	return "unknown error";
}

struct state *state_new(void)
{
	struct state *st = xcalloc(1, sizeof(*st));

	st->intern = intern_new();
	st->dep_index = depend_index_new();
	st->next_job_id = 1;
	st->params.min_job_age = 300;
	st->params.kill_wait = 30;
	st->params.slurmd_timeout = 60;
	st->params.first_job_id = 1;
	st->params.max_job_id = 0x03ff0000;
	return st;
}

void job_free(struct state *st, struct job *j)
{
	if (!j)
		return;
	free(j->name);
	free(j->partition);
	free(j->user);
	job_req_free(&j->req);
	free(j->work_dir);
	free(j->std_out);
	free(j->std_err);
	free(j->std_in);
	intern_release_str(st->intern, j->script);
	intern_release_vec(st->intern, j->env, j->env_count);
	str_array_free(j->argv);
	free(j->account);
	free(j->comment);
	free(j->alloc_node);
	free(j->resp_host);
	free(j->deps);
	bit_free(j->node_bits);
	free(j->nodes);
	free(j->gpu_masks);
	free(j->node_cpus);
	job_cores_free(j);
	job_steps_clear(j);
	free(j->est_nodes);
	free(j->tres_kept);
	free(j);
}

void node_free_fields(struct node *n)
{
	free(n->name);
	free(n->addr);
	free(n->features);
	free(n->features_act);
	free(n->comment);
	free(n->extra);
	free(n->gres);
	free(n->gpu_type);
	free(n->reason);
	bit_free(n->core_used);
	free(n->core_users);
}

void part_free_fields(struct partition *p)
{
	free(p->name);
	free(p->nodes);
	free(p->allow_groups);
	bit_free(p->node_bits);
}

void state_free(struct state *st)
{
	if (!st)
		return;
	for (uint32_t i = 0; i < st->njobs; i++)
		job_free(st, st->jobs[i]);
	free(st->jobs);
	for (uint32_t i = 0; i < st->nnodes; i++)
		node_free_fields(&st->nodes[i]);
	free(st->nodes);
	for (uint32_t i = 0; i < st->nparts; i++)
		part_free_fields(&st->parts[i]);
	free(st->parts);
	intern_free(st->intern);
	free(st->licenses);
	state_once_free(st);
	depend_index_free(st->dep_index);
	state_set_policy(st, 0, NULL, 0);
	free(st);
}

void state_set_policy(struct state *st, uint64_t global_max_mem,
		      const struct state_part_policy *parts, uint32_t n)
{
	for (uint32_t i = 0; i < st->npart_policy; i++)
		free(st->part_policy[i].part);
	free(st->part_policy);
	st->part_policy = n ? xcalloc(n, sizeof(*st->part_policy)) : NULL;
	for (uint32_t i = 0; i < n; i++) {
		st->part_policy[i] = parts[i];
		st->part_policy[i].part = xstrdup(parts[i].part);
	}
	st->npart_policy = n;
	st->max_mem = global_max_mem;
}

/* Partition PART's policy, or NULL. */
static const struct state_part_policy *policy_of(const struct state *st,
						 const char *part)
{
	for (uint32_t i = 0; part && i < st->npart_policy; i++)
		if (!strcmp(st->part_policy[i].part, part))
			return &st->part_policy[i];
	return NULL;
}

bool state_part_exclusive(const struct state *st, const char *part)
{
	const struct state_part_policy *pp = policy_of(st, part);

	return pp && pp->exclusive;
}

uint16_t state_job_share(const struct state *st, const struct job *j,
			 const char *part)
{
	const struct state_part_policy *pp = policy_of(st, part);

	if (!pp || pp->share < 2 || pp->exclusive)
		return 0;
	/* FORCE shares every job, even an --exclusive one (which still
	 * starts on a node of its own) or one scontrol update made
	 * Shared=0, as slurmctld */
	if (pp->force)
		return pp->share;
	return j->oversubscribe && !j->no_share && !j->exclusive ?
		pp->share : 0;
}

bool state_part_shares(const struct state *st, const char *part)
{
	const struct state_part_policy *pp = policy_of(st, part);

	return pp && pp->share > 1 && !pp->exclusive;
}

uint64_t state_max_mem(const struct state *st, const char *part)
{
	const struct state_part_policy *pp = policy_of(st, part);

	return pp && pp->max_mem ? pp->max_mem : st->max_mem;
}

void state_job_insert(struct state *st, struct job *j)
{
	size_t cap = st->jobs_cap;
	uint32_t pos = st->njobs;

	xgrow((void **)&st->jobs, &cap, st->njobs + 1, sizeof(*st->jobs));
	st->jobs_cap = (uint32_t)cap;
	while (pos > 0 && st->jobs[pos - 1]->id > j->id) {
		st->jobs[pos] = st->jobs[pos - 1];
		pos--;
	}
	st->jobs[pos] = j;
	st->njobs++;
}

struct job *state_job(const struct state *st, uint32_t id)
{
	uint32_t lo = 0, hi = st->njobs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint32_t mid_id = st->jobs[mid]->id;

		if (mid_id == id)
			return st->jobs[mid];
		if (mid_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Where the first job with an id not below ID is in st->jobs. */
static uint32_t job_lower_bound(const struct state *st, uint32_t id)
{
	uint32_t lo = 0, hi = st->njobs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (st->jobs[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The next task of ARRAY_ID at or after place *POS of st->jobs, *POS
 * left just past it. A late array's tasks have the array's id, those
 * given as they started (above the array's, or from FirstJobId on once
 * ids wrapped around), the waiting ones last. */
static struct job *late_scan(const struct state *st, uint32_t array_id,
			     uint32_t *pos)
{
	while (*pos < st->njobs) {
		struct job *o = st->jobs[(*pos)++];

		if (o->array_job_id == array_id)
			return o;
	}
	return NULL;
}

int state_job_cmp_shown(const void *x, const void *y)
{
	const struct job *a = *(struct job *const *)x;
	const struct job *b = *(struct job *const *)y;
	uint32_t i = state_job_shown_id(a), k = state_job_shown_id(b);

	if (i != k)
		return i < k ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* A task of late array ARRAY_ID waiting in its record, or NULL: the
 * waiting tasks come after every other job. */
static struct job *record_task(const struct state *st, uint32_t array_id)
{
	uint32_t pos = job_lower_bound(st, STATE_TASK_ID_BASE);

	return array_id ? late_scan(st, array_id, &pos) : NULL;
}

/* An array's tasks have consecutive ids from the array's, in index
 * order, which no other job has: the job with the lowest id above the
 * array's is one of its tasks if any is left. A late array's are
 * looked for among all the jobs from its id on, then (late_next) those
 * below it. */
struct job *state_array_any(const struct state *st, uint32_t array_id)
{
	struct job *j = state_job(st, array_id);
	uint32_t pos;

	if (j)
		return j->array_job_id == array_id ? j : NULL;
	pos = job_lower_bound(st, array_id);
	if (pos < st->njobs && st->jobs[pos]->array_job_id == array_id)
		return st->jobs[pos];
	return record_task(st, array_id);
}

struct job *state_job_named(const struct state *st, uint32_t id)
{
	struct job *j;

	if ((j = state_job(st, id)))
		return j;
	/* a late array's id names its record (a task waiting there)
	 * while no task holds it */
	if ((j = record_task(st, id)))
		return j;
	j = state_array_any(st, id);
	return j && j->array_late ? j : NULL;
}

/* The next task of a late array for IT: from the array's id to the last
 * job, then (ids wrap around) from the first job to where it began. */
static struct job *late_next(const struct state *st, struct array_iter *it)
{
	struct job *o;

	if (!it->wrapped) {
		if ((o = late_scan(st, it->array_id, &it->pos)))
			return o;
		it->wrapped = true;
		it->pos = 0;
	}
	while (st->late_below && it->pos < it->start && it->pos < st->njobs) {
		o = st->jobs[it->pos++];
		if (o->array_job_id == it->array_id)
			return o;
	}
	return NULL;
}

/* A job's place in slurmctld's job list: after job id X (SUB 1) or at
 * it (SUB 0), then by the job's own id. */
struct listed {
	uint32_t x, sub, id;
	struct job *j;
};

static int listed_cmp(const void *a, const void *b)
{
	const struct listed *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->sub != q->sub)
		return p->sub < q->sub ? -1 : 1;
	return p->id < q->id ? -1 : p->id > q->id;
}

/* A late array's tasks together, those with ids of their own first in
 * id order, then those waiting in its record. */
static int late_cmp(const void *a, const void *b)
{
	const struct job *p = *(struct job *const *)a;
	const struct job *q = *(struct job *const *)b;

	if (p->array_job_id != q->array_job_id)
		return p->array_job_id < q->array_job_id ? -1 : 1;
	if (state_task_waiting(p) != state_task_waiting(q))
		return state_task_waiting(p) ? 1 : -1;
	return p->id < q->id ? -1 : p->id > q->id;
}

struct job **state_jobs_listed(const struct state *st)
{
	struct job **late, **out;
	struct listed *v;
	uint32_t m = 0, n = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		m += st->jobs[i]->array_late && st->jobs[i]->array_job_id;
	if (!m)
		return NULL;
	late = xcalloc(m, sizeof(*late));
	v = xcalloc(st->njobs, sizeof(*v));
	m = 0;
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (j->array_late && j->array_job_id)
			late[m++] = j;
		else
			v[n++] = (struct listed){ j->id, 0, j->id, j };
	}
	qsort(late, m, sizeof(*late), late_cmp);
	for (uint32_t g = 0, e; g < m; g = e) {
		uint32_t a = late[g]->array_job_id, prev = 0;

		for (e = g; e < m && late[e]->array_job_id == a; e++)
			;
		/* each task that left the record took the record's place
		 * then: the array's own at first, after the id the task
		 * before it took from then on */
		for (uint32_t i = g; i < e; i++) {
			struct job *j = late[i];

			if (state_task_waiting(j) || j->id == a)
				continue;
			v[n++] = prev ? (struct listed){ prev, 1, j->id, j } :
					(struct listed){ a, 0, j->id, j };
			prev = j->id;
		}
		/* the record (and the last task, which took the array's id
		 * and stayed in it): after the id the last task to leave it
		 * took */
		for (uint32_t i = g; i < e; i++) {
			struct job *j = late[i];

			if (!state_task_waiting(j) && j->id != a)
				continue;
			v[n++] = prev ? (struct listed){ prev, 1, j->id, j } :
					(struct listed){ a, 0, j->id, j };
		}
	}
	qsort(v, n, sizeof(*v), listed_cmp);
	out = xcalloc(n ? n : 1, sizeof(*out));
	for (uint32_t i = 0; i < n; i++)
		out[i] = v[i].j;
	free(late);
	free(v);
	return out;
}

struct job *state_array_first(const struct state *st, uint32_t array_id,
			      struct array_iter *it)
{
	struct job *a = array_id ? state_array_any(st, array_id) : NULL;

	it->array_id = array_id;
	it->count = a ? a->array_count : 0;
	it->next = a ? a->id + 1 : array_id;
	it->late = a && a->array_late;
	it->wrapped = false;
	if (it->late) {
		it->pos = it->start = job_lower_bound(st, array_id);
		return late_next(st, it);
	}
	return a;
}

struct job *state_array_next(const struct state *st, struct array_iter *it)
{
	if (it->late)
		return late_next(st, it);
	while (it->next - it->array_id < it->count) {
		struct job *o = state_job(st, it->next++);

		if (o && o->array_job_id == it->array_id)
			return o;
	}
	return NULL;
}

struct job *state_array_task(const struct state *st, uint32_t array_id,
			     uint32_t task)
{
	struct array_iter it;
	struct job *a = state_array_first(st, array_id, &it), *o;

	/* evenly spaced indexes (the usual "0-99"): where it must be */
	if (a && !it.late && a->array_step && task >= a->array_min &&
	    (task - a->array_min) % a->array_step == 0 &&
	    (task - a->array_min) / a->array_step < a->array_count &&
	    (o = state_job(st, array_id +
			   (task - a->array_min) / a->array_step)) &&
	    o->array_job_id == array_id && o->array_task_id == task)
		return o;
	for (o = a; o; o = state_array_next(st, &it))
		if (o->array_task_id == task)
			return o;
	return NULL;
}

/* Whether a client's ID names a job (state_job_named()): a job of
 * that id, or a late array's record. */
static bool id_held(const struct state *st, uint32_t id)
{
	return state_job(st, id) || record_task(st, id);
}

void state_late_below_update(struct state *st)
{
	st->late_below = false;
	for (uint32_t i = 0; i < st->njobs && !st->late_below; i++)
		st->late_below = st->jobs[i]->array_late &&
			st->jobs[i]->id < st->jobs[i]->array_job_id;
}

uint32_t state_next_job_id(const struct state *st)
{
	uint32_t first = st->params.first_job_id, max = st->params.max_job_id;
	uint32_t start = st->next_job_id, id = start;
	bool wrapped = false;

	/* never one of the ids waiting tasks have */
	if (max >= STATE_TASK_ID_BASE)
		max = STATE_TASK_ID_BASE - 1;
	for (;;) {
		if (id == 0 || id > max) {
			/* past the last: from the first when ids wrap,
			 * unless this is the second time */
			if (!st->params.ids_wrap || wrapped || first == 0 ||
			    first > max)
				return 0;
			id = first;
			wrapped = true;
		}
		if (wrapped && id == start)
			return 0;          /* every one is held */
		if (!id_held(st, id))
			return id;
		id++;
	}
}

uint32_t state_take_job_id(struct state *st)
{
	uint32_t id = state_next_job_id(st);

	if (id)
		st->next_job_id = id + 1;
	return id;
}

/* J out of st->jobs (its place found by its id). */
static void job_unlink(struct state *st, const struct job *j)
{
	uint32_t pos = job_lower_bound(st, j->id);

	if (pos >= st->njobs || st->jobs[pos] != j)
		return;
	memmove(&st->jobs[pos], &st->jobs[pos + 1],
		(st->njobs - pos - 1) * sizeof(*st->jobs));
	st->njobs--;
}

/* The other tasks of J's array still waiting in its record. */
static bool others_waiting(const struct state *st, const struct job *j)
{
	for (uint32_t pos = job_lower_bound(st, STATE_TASK_ID_BASE);
	     pos < st->njobs; pos++) {
		const struct job *o = st->jobs[pos];

		if (o != j && o->array_job_id == j->array_job_id &&
		    !job_is_finished(o))
			return true;
	}
	return false;
}

/* Whether J, leaving its array's record, takes the array's id: it is
 * the last one there, and no task holds that id already (one that took
 * it before a task cancelled from the record was requeued into it). */
static bool takes_array_id(const struct state *st, const struct job *j)
{
	return !others_waiting(st, j) && !state_job(st, j->array_job_id);
}

bool state_array_split_ok(const struct state *st, const struct job *j)
{
	return !state_task_waiting(j) || takes_array_id(st, j) ||
		state_next_job_id(st) != 0;
}

void state_array_end_waiting(struct state *st, struct job *j)
{
	if (!state_task_waiting(j) || j->state != JOB_ST_PENDING ||
	    !takes_array_id(st, j))
		return;
	job_unlink(st, j);
	j->id = j->array_job_id;
	state_job_insert(st, j);
}

void state_array_split(struct state *st, struct job *j)
{
	uint32_t id;

	if (!state_task_waiting(j) || !state_array_split_ok(st, j))
		return;
	id = takes_array_id(st, j) ? j->array_job_id : state_take_job_id(st);
	job_unlink(st, j);
	j->id = id;
	if (id < j->array_job_id)
		st->late_below = true;
	state_job_insert(st, j);
}

long state_node_index(const struct state *st, const char *name)
{
	if (!name)
		return -1;
	for (uint32_t i = 0; i < st->nnodes; i++)
		if (!strcmp(st->nodes[i].name, name))
			return (long)i;
	return -1;
}

struct node *state_node(const struct state *st, const char *name)
{
	long i = state_node_index(st, name);

	return i < 0 ? NULL : &st->nodes[i];
}

struct partition *state_part(const struct state *st, const char *name)
{
	if (!name)
		return NULL;
	for (uint32_t i = 0; i < st->nparts; i++)
		if (!strcmp(st->parts[i].name, name))
			return &st->parts[i];
	return NULL;
}

uint32_t state_part_count(const char *list)
{
	uint32_t n = 1;

	if (!list)
		return 0;
	for (const char *c = list; *c; c++)
		n += *c == ',';
	return n;
}

struct partition *state_part_nth(const struct state *st, const char *list,
				 uint32_t n)
{
	const char *at = list, *end;
	size_t len;

	if (!list)
		return NULL;
	for (; n && at; n--) {
		at = strchr(at, ',');
		if (at)
			at++;
	}
	if (!at)
		return NULL;
	end = strchr(at, ',');
	len = end ? (size_t)(end - at) : strlen(at);
	for (uint32_t i = 0; i < st->nparts; i++)
		if (strlen(st->parts[i].name) == len &&
		    !strncmp(st->parts[i].name, at, len))
			return &st->parts[i];
	return NULL;
}

struct partition *state_default_part(const struct state *st)
{
	for (uint32_t i = 0; i < st->nparts; i++)
		if (st->parts[i].is_default)
			return &st->parts[i];
	return NULL;
}

bool job_is_finished(const struct job *j)
{
	return j->state != JOB_ST_PENDING && j->state != JOB_ST_RUNNING &&
	       j->state != JOB_ST_SUSPENDED;
}

const char *node_state_name(const struct state *st, const struct node *n)
{
	bool drain = n->flags & NODE_FLAG_DRAIN;
	bool partial = n->base == NODE_ST_ALLOCATED &&
		node_cpus_held(n) < n->cpus;

	(void)st;
	switch (n->base) {
	case NODE_ST_DOWN:
		return drain ? "down+drain" : "down";
	case NODE_ST_IDLE:
		return drain ? "drained" : "idle";
	case NODE_ST_ALLOCATED:
		if (drain)
			return "draining";
		return partial ? "mixed" : "allocated";
	case NODE_ST_FUTURE:
		return "future";
	default:
		return drain ? "unknown+drain" : "unknown";
	}
}

uint64_t job_mem_per_node(const struct job *j, uint32_t cpus_per_node)
{
	if (!j->mem_mb)
		return 0;
	return j->mem_per_cpu ? j->mem_mb * cpus_per_node : j->mem_mb;
}
