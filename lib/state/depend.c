/* depend.c - job dependencies (sbatch -d, scontrol update Dependency=):
 * parsing Slurm's syntax, deciding from the model whether a pending job
 * may run, and the Dependency= text slurmctld shows. Pure functions of
 * the model and a time, so every controller decides alike; acting on the
 * decision (reason, cancelling) is the scheduler's and the controller's. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

/* Slurm's names, longest prefix first where one is a prefix of another. */
static const struct {
	const char *name;
	enum dep_type type;
} dep_names[] = {
	{ "afternotok", DEP_AFTERNOTOK },
	{ "aftercorr", DEP_AFTERCORR },
	{ "afterany", DEP_AFTERANY },
	{ "afterok", DEP_AFTEROK },
	{ "afterburstbuffer", DEP_AFTERBB },
	{ "after", DEP_AFTER },
};

static const char *dep_type_name(uint8_t type)
{
	for (size_t i = 0; i < sizeof(dep_names) / sizeof(*dep_names); i++)
		if (dep_names[i].type == type)
			return dep_names[i].name;
	return "singleton";
}

static void dep_add(struct job_dep **v, uint32_t *n, size_t *cap,
		    const struct job_dep *d)
{
	for (uint32_t i = 0; i < *n; i++)
		if ((*v)[i].type == d->type && (*v)[i].job_id == d->job_id &&
		    (*v)[i].arr == d->arr && (*v)[i].task == d->task)
			return;    /* as slurmctld: the first one counts */
	xgrow((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = *d;
}

/* "(failed)" or "(unfulfilled)" after an item, as scontrol show prints
 * it: only failed is kept, like slurmctld's _parse_depend_state. */
static int parse_state(const char **p, uint8_t *state)
{
	const char *close;

	*state = DEP_WAIT;
	if (**p != '(')
		return 0;
	close = strchr(*p, ')');
	if (!close)
		return -1;
	if (close - *p - 1 == 6 && !strncasecmp(*p + 1, "failed", 6))
		*state = DEP_FAILED;
	*p = close + 1;
	return 0;
}

/* Tasks named in one "_[...]" at most: slurmctld's bound is its
 * MaxArraySize, which the model does not know; this keeps a short
 * string from growing into millions of items. */
#define DEP_MAX_TASKS 100000

/* "1-3,5]" after "_[": the indexes, ascending, into *TASKS (malloc'd). */
static int parse_task_list(const char **p, uint32_t **tasks, uint32_t *n)
{
	size_t cap = 0;

	for (;;) {
		unsigned long lo, hi;
		char *end;

		if (!isdigit((unsigned char)**p))
			return -1;
		lo = hi = strtoul(*p, &end, 10);
		*p = end;
		if (**p == '-') {
			(*p)++;
			if (!isdigit((unsigned char)**p))
				return -1;
			hi = strtoul(*p, &end, 10);
			*p = end;
		}
		if (hi < lo || hi >= STATE_NO_VAL ||
		    *n + (hi - lo) >= DEP_MAX_TASKS)
			return -1;
		for (unsigned long t = lo; t <= hi; t++) {
			xgrow((void **)tasks, &cap, *n + 1, sizeof(**tasks));
			(*tasks)[(*n)++] = (uint32_t)t;
		}
		if (**p == ']') {
			(*p)++;
			return 0;
		}
		if (**p != ',')
			return -1;
		(*p)++;
	}
}

/* A job id, not 0, maybe with array tasks: "12", "12_3", "12_*" or
 * "12_[1-3,5]" (the indexes into *TASKS, malloc'd, *NTASKS of them; the
 * caller makes one item of each). */
static int parse_id(const char **p, struct job_dep *d, uint32_t **tasks,
		    uint32_t *ntasks)
{
	char *end;
	unsigned long v;

	*ntasks = 0;
	if (!isdigit((unsigned char)**p))
		return -1;
	v = strtoul(*p, &end, 10);
	if (v == 0 || v >= STATE_NO_VAL)
		return -1;
	d->job_id = (uint32_t)v;
	d->arr = DEP_ARR_NONE;
	d->task = 0;
	*p = end;
	if (**p != '_')
		return 0;
	(*p)++;
	if (**p == '*') {
		(*p)++;
		d->arr = DEP_ARR_ALL;
		return 0;
	}
	d->arr = DEP_ARR_TASK;
	if (**p == '[') {
		(*p)++;
		return parse_task_list(p, tasks, ntasks);
	}
	if (!isdigit((unsigned char)**p))
		return -1;
	v = strtoul(*p, &end, 10);
	if (v >= STATE_NO_VAL)
		return -1;
	d->task = (uint32_t)v;
	*p = end;
	return 0;
}

/* Add D, or one item a task when TASKS names some. */
static void dep_add_tasks(struct job_dep **v, uint32_t *n, size_t *cap,
			  struct job_dep *d, const uint32_t *tasks,
			  uint32_t ntasks)
{
	if (!ntasks) {
		dep_add(v, n, cap, d);
		return;
	}
	for (uint32_t i = 0; i < ntasks; i++) {
		d->task = tasks[i];
		dep_add(v, n, cap, d);
	}
}

int depend_parse(const char *s, struct job_dep **out, uint32_t *n, bool *any)
{
	struct job_dep *v = NULL;
	uint32_t cnt = 0, *tasks = NULL, ntasks = 0;
	size_t cap = 0;
	const char *p = s;

	*out = NULL;
	*n = 0;
	*any = false;
	if (!s || !s[0] || !strcmp(s, "0"))
		return 0;
	for (;;) {
		struct job_dep d;
		size_t k, len = 0;

		memset(&d, 0, sizeof(d));
		if (!strncasecmp(p, "singleton", 9)) {
			p += 9;
			d.type = DEP_SINGLETON;
			if (parse_state(&p, &d.state) < 0)
				goto bad;
			dep_add(&v, &cnt, &cap, &d);
		} else if (isdigit((unsigned char)*p) &&
			   !strchr(p, ':')) {
			/* the old form: a job id means afterany */
			d.type = DEP_AFTERANY;
			if (parse_id(&p, &d, &tasks, &ntasks) < 0 ||
			    (*p && *p != ','))
				goto bad;
			dep_add_tasks(&v, &cnt, &cap, &d, tasks, ntasks);
			free(tasks);
			tasks = NULL;
		} else {
			for (k = 0; k < sizeof(dep_names) / sizeof(*dep_names); k++) {
				len = strlen(dep_names[k].name);
				if (!strncasecmp(p, dep_names[k].name, len) &&
				    p[len] == ':')
					break;
			}
			if (k == sizeof(dep_names) / sizeof(*dep_names)) {
				/* slurmctld knows it, and refuses it unless
				 * job expansion is on, which FLURM lacks */
				if (!strncasecmp(p, "expand:", 7)) {
					free(v);
					*any = false;
					err_set("job expansion is not supported");
					return -2;
				}
				goto bad;
			}
			p += len + 1;
			for (;;) {
				d.type = dep_names[k].type;
				d.minutes = 0;
				if (parse_id(&p, &d, &tasks, &ntasks) < 0)
					goto bad;
				if (*p == '+') {
					char *end;
					long m;

					p++;
					if (!isdigit((unsigned char)*p))
						goto bad;
					m = strtol(p, &end, 10);
					if (m <= 0 || m > 0xffffff)
						goto bad;
					d.minutes = (uint32_t)m;
					p = end;
				}
				if (parse_state(&p, &d.state) < 0)
					goto bad;
				dep_add_tasks(&v, &cnt, &cap, &d, tasks, ntasks);
				free(tasks);
				tasks = NULL;
				if (*p != ':')
					break;
				p++;
			}
		}
		if (*p == ',') {
			p++;
		} else if (*p == '?') {
			*any = true;
			p++;
		} else if (*p == '\0') {
			break;
		} else {
			goto bad;
		}
	}
	*out = v;
	*n = cnt;
	return 0;
bad:
	free(tasks);
	free(v);
	*any = false;
	err_set("invalid dependency '%s'", s);
	return -1;
}

void depend_resolve(const struct state *st, struct job_dep *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct job_dep *d = &v[i];
		const struct job *o;

		d->ref = 0;
		if (d->type == DEP_SINGLETON)
			continue;
		switch (d->arr) {
		case DEP_ARR_NONE:
			/* the array's own id names the whole array, a
			 * task's own id that task alone */
			o = state_job(st, d->job_id);
			if (!o)
				o = state_array_any(st, d->job_id);
			if (o && o->array_job_id == d->job_id) {
				d->arr = DEP_ARR_ALL;
				d->ref = o->array_count;
			}
			break;
		case DEP_ARR_ALL:
			if ((o = state_array_any(st, d->job_id)))
				d->ref = o->array_count;
			break;
		case DEP_ARR_TASK:
			if ((o = state_array_task(st, d->job_id, d->task)))
				d->ref = o->id;
			break;
		}
	}
}

int depend_set(const struct state *st, struct job *j, const char *s)
{
	struct job_dep *v;
	uint32_t n;
	bool any;

	if (depend_parse(s, &v, &n, &any) < 0)
		return -1;
	depend_resolve(st, v, n);
	free(j->deps);
	j->deps = v;
	j->ndeps = n;
	j->dep_any = any;
	return 0;
}

/* Does job ID lead back to SELF through the dependencies of jobs that
 * have not ended? *BUDGET bounds the dependency lists looked at, as
 * slurmctld's max_depend_depth (10) bounds _scan_depend's calls, so a
 * wide web of dependencies costs little. */
static bool leads_to(const struct state *st, uint32_t id, uint32_t self,
		     int *budget)
{
	const struct job *j;

	if (id == self)
		return true;
	if (*budget <= 0 || !(j = state_job(st, id)) || job_is_finished(j))
		return false;
	(*budget)--;
	for (uint32_t i = 0; i < j->ndeps; i++)
		if (j->deps[i].job_id &&
		    leads_to(st, j->deps[i].job_id, self, budget))
			return true;
	return false;
}

int depend_check(const struct state *st, uint32_t self,
		 const struct job_dep *v, uint32_t n)
{
	const struct job *me = self ? state_job(st, self) : NULL;
	int budget = 10;

	if (!self)
		return 0;   /* a new job: nothing can depend on it yet */
	for (uint32_t i = 0; i < n; i++) {
		const struct job *o;

		if (!v[i].job_id)
			continue;
		/* on its own array, as a whole or by its own task */
		if (me && me->array_job_id && me->array_job_id == v[i].job_id &&
		    (v[i].arr == DEP_ARR_ALL ||
		     (v[i].arr == DEP_ARR_TASK &&
		      v[i].task == me->array_task_id) ||
		     (v[i].arr == DEP_ARR_NONE &&
		      (o = state_job(st, v[i].job_id)) &&
		      o->array_job_id == v[i].job_id)))
			return 1;
		if (v[i].job_id == self && v[i].arr == DEP_ARR_NONE)
			return 1;
	}
	for (uint32_t i = 0; i < n; i++)
		if (v[i].job_id && leads_to(st, v[i].job_id, self, &budget))
			return 2;
	return 0;
}

/* Slurm's _find_singleton_job: another job of the same user and name
 * that runs, is suspended, or waits and was submitted before J. Asking
 * each job against every other costs n^2 per scheduling pass and per
 * squeue, so one walk of the jobs sums up each (user, name): how many
 * run or are suspended and the lowest pending id. A job without a name
 * matches every job of its user, as before; the ANY entry of a user sums
 * all its jobs for those, the NONAME entry its nameless jobs for the
 * others. The sums hold until the model changes (last_update). */
enum { IX_NAME, IX_NONAME, IX_ANY };

struct dep_ix_entry {
	const char *name;          /* the job's own string; IX_NAME only */
	uint32_t uid;
	uint8_t kind;              /* IX_*; 0xff: free slot */
	uint32_t active;           /* running or suspended */
	uint32_t first_pending;    /* lowest pending id, UINT32_MAX if none */
};

/* What a dependency sees of the job (or the array's tasks) it names,
 * as slurmctld's IS_JOB_COMPLETE, IS_JOB_COMPLETED and IS_JOB_PENDING,
 * and for after+time the run it counts from. */
struct dep_view {
	bool complete;             /* all ended COMPLETED */
	bool completed;            /* all ended and let go of their nodes */
	bool pending;              /* one at least has not started */
	time_t start, end;
};

struct dep_index {
	bool valid;
	uint64_t update;           /* st->last_update it was built at */
	uint32_t njobs;            /* and st->njobs */
	struct dep_ix_entry *slot;
	size_t cap;                /* a power of two, or 0 */
	/* the last whole array looked at, as of ARR_UPDATE: a scheduler
	 * pass asks the same of it for each of its dependents */
	bool arr_valid, arr_found;
	uint32_t arr_id, arr_ref, arr_njobs;
	uint64_t arr_update;
	struct dep_view arr_view;
};

struct dep_index *depend_index_new(void)
{
	return xcalloc(1, sizeof(struct dep_index));
}

void depend_index_drop(struct dep_index *ix)
{
	if (ix)
		ix->valid = ix->arr_valid = false;
}

void depend_index_free(struct dep_index *ix)
{
	if (!ix)
		return;
	free(ix->slot);
	free(ix);
}

static uint64_t ix_hash(uint32_t uid, uint8_t kind, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ ((uint64_t)uid << 8 | kind);

	for (const char *p = kind == IX_NAME ? name : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h * 0x9e3779b97f4a7c15ULL;
}

/* The entry of (UID, KIND, NAME); a new one if ADD, else NULL if none. */
static struct dep_ix_entry *ix_find(struct dep_index *ix, uint32_t uid,
				    uint8_t kind, const char *name, bool add)
{
	size_t mask = ix->cap - 1;
	size_t i = (size_t)(ix_hash(uid, kind, name) >> 20) & mask;

	for (;; i = (i + 1) & mask) {
		struct dep_ix_entry *e = &ix->slot[i];

		if (e->kind == 0xff) {
			if (!add)
				return NULL;
			e->kind = kind;
			e->uid = uid;
			e->name = kind == IX_NAME ? name : NULL;
			e->active = 0;
			e->first_pending = UINT32_MAX;
			return e;
		}
		if (e->kind == kind && e->uid == uid &&
		    (kind != IX_NAME || !strcmp(e->name, name)))
			return e;
	}
}

static void ix_count(struct dep_ix_entry *e, const struct job *o)
{
	if (o->state == JOB_ST_RUNNING || o->state == JOB_ST_SUSPENDED)
		e->active++;
	else if (o->state == JOB_ST_PENDING && o->id < e->first_pending)
		e->first_pending = o->id;
}

static struct dep_index *ix_get(const struct state *st)
{
	struct dep_index *ix = st->dep_index;
	size_t want = 4;

	if (ix->valid && ix->update == st->last_update &&
	    ix->njobs == st->njobs)
		return ix;
	/* two entries per job at most, kept at most half full */
	while (want < 4 * (size_t)st->njobs + 4)
		want *= 2;
	if (want != ix->cap) {
		free(ix->slot);
		ix->slot = xcalloc(want, sizeof(*ix->slot));
		ix->cap = want;
	}
	memset(ix->slot, 0xff, ix->cap * sizeof(*ix->slot));
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *o = st->jobs[i];

		if (o->state != JOB_ST_RUNNING &&
		    o->state != JOB_ST_SUSPENDED && o->state != JOB_ST_PENDING)
			continue;
		ix_count(ix_find(ix, o->uid, IX_ANY, NULL, true), o);
		ix_count(ix_find(ix, o->uid, o->name ? IX_NAME : IX_NONAME,
				 o->name, true), o);
	}
	ix->valid = true;
	ix->update = st->last_update;
	ix->njobs = st->njobs;
	return ix;
}

static bool ix_blocks(const struct dep_ix_entry *e, const struct job *j)
{
	/* J itself is pending, so it is never among the active and only
	 * an earlier id than its own blocks it */
	return e && (e->active || e->first_pending < j->id);
}

static bool singleton_blocked(const struct state *st, const struct job *j)
{
	struct dep_index *ix = ix_get(st);

	if (!j->name)
		return ix_blocks(ix_find(ix, j->uid, IX_ANY, NULL, false), j);
	return ix_blocks(ix_find(ix, j->uid, IX_NAME, j->name, false), j) ||
	       ix_blocks(ix_find(ix, j->uid, IX_NONAME, NULL, false), j);
}

static void view_one(const struct job *o, struct dep_view *v)
{
	v->completed = job_is_finished(o) && !o->completing;
	v->complete = v->completed && o->state == JOB_ST_COMPLETE;
	v->pending = o->state == JOB_ST_PENDING;
	v->start = o->start_time;
	v->end = o->end_time;
}

/* The whole array D names, as slurmctld's test_job_array_complete(),
 * _completed() and _pending(); the times are those of its first task
 * not ended, else of its last, as find_job_array_rec() picks. False
 * when no task is left. */
static bool view_array(const struct state *st, const struct job_dep *d,
		       struct dep_view *v, bool cached)
{
	struct dep_index *ix = st->dep_index;
	const struct job *rep = NULL;
	struct array_iter it;
	bool live = false;

	if (cached && ix->arr_valid && ix->arr_id == d->job_id &&
	    ix->arr_ref == d->ref && ix->arr_update == st->last_update &&
	    ix->arr_njobs == st->njobs) {
		*v = ix->arr_view;
		return ix->arr_found;
	}
	if (cached) {
		ix->arr_valid = true;
		ix->arr_id = d->job_id;
		ix->arr_ref = d->ref;
		ix->arr_update = st->last_update;
		ix->arr_njobs = st->njobs;
		ix->arr_found = view_array(st, d, &ix->arr_view, false);
		*v = ix->arr_view;
		return ix->arr_found;
	}

	v->complete = v->completed = true;
	v->pending = false;
	if (!d->ref)          /* there was no such array */
		return false;
	for (const struct job *o = state_array_first(st, d->job_id, &it); o;
	     o = state_array_next(st, &it)) {
		struct dep_view t;

		view_one(o, &t);
		v->complete &= t.complete;
		v->completed &= t.completed;
		v->pending |= t.pending;
		if (!live) {
			rep = o;
			live = !job_is_finished(o);
		}
	}
	if (!rep)
		return false;
	v->start = rep->start_time;
	v->end = rep->end_time;
	return true;
}

/* The view of what D names; false when it is gone (or never was). */
static bool dep_view(const struct state *st, const struct job_dep *d,
		     struct dep_view *v, bool cached)
{
	const struct job *o;

	switch (d->arr) {
	case DEP_ARR_ALL:
		return view_array(st, d, v, cached);
	case DEP_ARR_TASK:
		/* by the array and the index, not by the id REF gives */
		o = d->ref ? state_array_task(st, d->job_id, d->task) : NULL;
		if (!o)
			return false;
		break;
	default:
		if (!(o = state_job(st, d->job_id)))
			return false;
		break;
	}
	view_one(o, v);
	return true;
}

/* One dependency of J at NOW, as slurmctld's test_job_dependency.
 * CACHED: the model is not changing meanwhile (not inside a command
 * that is still changing it), so what an array was is remembered. */
static enum dep_state dep_eval(const struct state *st, const struct job *j,
			       const struct job_dep *d, time_t now,
			       bool cached)
{
	struct dep_view v;

	if (d->state != DEP_WAIT)
		return d->state;
	if (d->type == DEP_SINGLETON)
		return singleton_blocked(st, j) ? DEP_WAIT : DEP_MET;
	if (!dep_view(st, d, &v, cached))
		return DEP_MET;    /* gone (or never was): lifted, as Slurm */
	switch (d->type) {
	case DEP_AFTER: {
		time_t t = v.start ? v.start : v.end;

		if (v.pending)
			return DEP_WAIT;
		if (!d->minutes || (t && now - t >= (time_t)d->minutes * 60))
			return DEP_MET;
		return DEP_WAIT;
	}
	case DEP_AFTERANY:
	case DEP_AFTERBB:
		return v.completed ? DEP_MET : DEP_WAIT;
	case DEP_AFTERNOTOK:
		if (!v.completed)
			return DEP_WAIT;
		return v.complete ? DEP_FAILED : DEP_MET;
	case DEP_AFTERCORR:
		/* a task of an array waits for the task of the same index
		 * of the other array, when it has one */
		if (j->array_job_id && d->arr == DEP_ARR_ALL) {
			const struct job *o = state_array_task(st, d->job_id,
							      j->array_task_id);

			if (o)
				view_one(o, &v);
		}
		/* fall through */
	case DEP_AFTEROK:
		if (!v.completed)
			return DEP_WAIT;
		return v.complete ? DEP_MET : DEP_FAILED;
	default:
		return DEP_FAILED;
	}
}

/* All of them, or any one ("?"), as slurmctld's _test_dependency_state. */
static enum dep_result combine(const struct state *st, const struct job *j,
			       time_t now, bool live)
{
	bool met = false, failed = false, waiting = false;

	if (!j->ndeps)
		return DEP_NONE;
	for (uint32_t i = 0; i < j->ndeps; i++) {
		enum dep_state s = live ? dep_eval(st, j, &j->deps[i], now, true) :
			(enum dep_state)j->deps[i].state;

		met |= s == DEP_MET;
		failed |= s == DEP_FAILED;
		waiting |= s == DEP_WAIT;
	}
	if (j->dep_any ? met : (!failed && !waiting))
		return DEP_NONE;
	if (j->dep_any ? !waiting : failed)
		return DEP_NEVER;
	return DEP_PENDING;
}

enum dep_result depend_test(const struct state *st, const struct job *j,
			    time_t now)
{
	return combine(st, j, now, true);
}

char *depend_string(const struct state *st, const struct job *j, time_t now)
{
	/* a pending job's as of now; an ended one's as it was left; a
	 * held one's as submitted: slurmctld's scheduling passes, which
	 * test dependencies, leave held jobs out */
	bool held = j->state == JOB_ST_PENDING && j->priority == 0;
	bool live = j->state == JOB_ST_PENDING && !held;
	char *s = NULL;
	size_t len = 0, cap = 0;

	if (!j->ndeps || (!held && combine(st, j, now, live) == DEP_NONE))
		return NULL;
	for (uint32_t i = 0; i < j->ndeps; i++) {
		const struct job_dep *d = &j->deps[i];
		enum dep_state ds = live ? dep_eval(st, j, d, now, true) :
			(enum dep_state)d->state;
		const char *word = ds == DEP_FAILED ? "failed" : "unfulfilled";
		char item[96], id[32], mins[16] = "";
		int k;

		if (ds == DEP_MET)
			continue;   /* slurmctld shows only what is left */
		/* as slurmctld: "12", "12_*" (the whole array), "12_3" */
		if (d->arr == DEP_ARR_ALL)
			snprintf(id, sizeof(id), "%u_*", d->job_id);
		else if (d->arr == DEP_ARR_TASK)
			snprintf(id, sizeof(id), "%u_%u", d->job_id, d->task);
		else
			snprintf(id, sizeof(id), "%u", d->job_id);
		if (d->minutes)
			snprintf(mins, sizeof(mins), "+%u", d->minutes);
		if (d->type == DEP_SINGLETON)
			k = snprintf(item, sizeof(item), "%ssingleton(%s)",
				     len ? (j->dep_any ? "?" : ",") : "", word);
		else
			k = snprintf(item, sizeof(item), "%s%s:%s%s(%s)",
				     len ? (j->dep_any ? "?" : ",") : "",
				     dep_type_name(d->type), id, mins, word);
		if (k < 0)
			continue;
		xgrow((void **)&s, &cap, len + (size_t)k + 1, 1);
		memcpy(s + len, item, (size_t)k + 1);
		len += (size_t)k;
	}
	return s;
}

void depend_freeze(const struct state *st, struct job *j, time_t now)
{
	for (uint32_t i = 0; i < j->ndeps; i++) {
		struct job_dep *d = &j->deps[i];

		/* a singleton is decided by the scheduler pass only */
		if (d->state == DEP_WAIT && d->type != DEP_SINGLETON)
			d->state = (uint8_t)dep_eval(st, j, d, now, false);
	}
}

void depend_freeze_all(struct state *st, time_t now)
{
	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (j->state == JOB_ST_PENDING && j->ndeps)
			depend_freeze(st, j, now);
	}
}
