/* schedule.c - running lib/sched on the leader: a cycle on every event that
 * can free or add work (submit, job end, node up) and on a timer, its
 * decisions proposed as CMD_START and launched once committed; time limits
 * (sbatch --signal warnings, CMD_TIMEOUT, then terminate) and purging of
 * old finished jobs; cancelling jobs whose dependency can never be
 * satisfied when the job or slurm.conf says so, and those that cannot
 * finish by their --deadline. A new cycle waits until the previous cycle's starts
 * are applied, so it always sees their allocations, and rests after each
 * cycle in proportion to its cost, so that a long queue and a stream of
 * submissions do not leave the controller scheduling most of the time. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "stats.h"
#include "sched/sched.h"
#include "wire/wire.h"

struct start_pending {
	struct ctld *c;
	uint32_t job_id;
	/* for the log: the job as clients know it when proposed (a task
	 * waiting in its late array's record: A_N) */
	char name[CTLD_JOB_NAME_LEN];
};

static void run_cycle(evutil_socket_t fd, short what, void *arg);

/* After a cycle of T ms no cycle runs for SCHED_REST x T ms (at most
 * SCHED_REST_MAX_MS): a cycle looks at every job, so with 100,000 queued
 * one per submission would take the controller away from answering
 * submissions, while with a short queue the rest is a fraction of a
 * millisecond. Requests in the rest are folded into one cycle at its end. */
#define SCHED_REST 3
#define SCHED_REST_MAX_MS 500.0

static void start_done(void *arg, int status, void *result)
{
	struct start_pending *p = arg;
	struct ctld *c = p->c;
	struct state_result *res = result;

	if (c->starts_in_flight)
		c->starts_in_flight--;
	/* a late array's task has its job id from the start on */
	if (status == RNODE_OK && res && res->rc == STATE_EOK)
		nodes_launch(c, res->job_id);
	else if (status == RNODE_OK && res)
		log_debug("start of job %s not applied: %s", p->name,
			  state_strerror(res->rc));
	alloc_start_done(c, p->job_id,
			 status == RNODE_OK && res && res->rc == STATE_EOK);
	free(result);
	free(p);
	if (!c->starts_in_flight && c->sched_deferred) {
		c->sched_deferred = false;
		sched_request(c);
	}
}

static void dep_kill_done(void *arg, int status, void *result)
{
	struct start_pending *p = arg;
	struct state_result *res = result;

	if (status == RNODE_OK && res && res->rc == STATE_EOK) {
		log_info("job %s cancelled: its dependency can never be "
			 "satisfied", p->name);
		alloc_job_revoked(p->c, p->job_id);
	}
	free(result);
	free(p);
}

/* slurm.conf DependencyParameters=kill_invalid_depend */
static bool kill_invalid_depend(const struct ctld *c)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "DependencyParameters");

	return kv && kv->value && strcasestr(kv->value, "kill_invalid_depend");
}

/* Cancel the jobs of IDS whose own --kill-on-invalid-dep, else
 * slurm.conf, says so; the others wait as DependencyNeverSatisfied. */
static void dep_kill(struct ctld *c, const uint32_t *ids, uint32_t n,
		     time_t now)
{
	bool dflt = n ? kill_invalid_depend(c) : false;

	for (uint32_t i = 0; i < n; i++) {
		const struct job *j = state_job(c->st, ids[i]);
		struct start_pending *p;

		if (!j || j->dep_kill == DEP_KILL_NO ||
		    (j->dep_kill == DEP_KILL_DEFAULT && !dflt))
			continue;
		p = xcalloc(1, sizeof(*p));
		p->c = c;
		p->job_id = ids[i];
		ctld_job_name(c->st, ids[i], p->name);
		if (ctld_propose(c, cmd_dep_kill(ids[i], now), dep_kill_done,
				 p) < 0)
			log_warn("cannot cancel job %s: %s", p->name, err_msg());
	}
}

static void deadline_done(void *arg, int status, void *result)
{
	struct start_pending *p = arg;
	struct state_result *res = result;

	if (status == RNODE_OK && res && res->rc == STATE_EOK) {
		log_info("job %s ended: it cannot finish by its deadline",
			 p->name);
		alloc_job_revoked(p->c, p->job_id);
	}
	free(result);
	free(p);
}

/* sbatch --deadline out of reach: the job ends DEADLINE, as slurmctld's
 * deadline_ok() ends it. */
static void deadline_end(struct ctld *c, const uint32_t *ids, uint32_t n,
			 time_t now)
{
	for (uint32_t i = 0; i < n; i++) {
		struct start_pending *p = xcalloc(1, sizeof(*p));

		p->c = c;
		p->job_id = ids[i];
		ctld_job_name(c->st, ids[i], p->name);
		if (ctld_propose(c, cmd_deadline(ids[i], now), deadline_done,
				 p) < 0)
			log_warn("cannot end job %s: %s", p->name, err_msg());
	}
}

/* A digest of the soft fields a cycle sets in pending jobs (reason,
 * estimated start and nodes): squeue shows them, so when it differs from
 * the previous cycle's, job lists changed. */
static uint64_t soft_digest(const struct state *st)
{
	uint64_t h = 1469598103934665603ull;

	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		/* a job with none set (a new held job) adds nothing, so
		 * that it does not look like a change of the cycle's */
		if (j->state != JOB_ST_PENDING ||
		    (!j->sched_reason && !j->est_start && !j->est_nodes))
			continue;
		h = (h ^ j->id) * 1099511628211ull;
		h = (h ^ (uint64_t)j->sched_reason) * 1099511628211ull;
		h = (h ^ (uint64_t)j->est_start) * 1099511628211ull;
		for (const char *p = j->est_nodes; p && *p; p++)
			h = (h ^ (uint8_t)*p) * 1099511628211ull;
	}
	return h;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* A cycle when the earliest begin time ahead of a waiting job comes
 * (one the last cycle left with BeginTime), so that it starts then and
 * not at the next periodic cycle. */
static void begin_wake(struct ctld *c, time_t now)
{
	time_t next = 0;

	if (!c->begin_tmr)
		return;
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *j = c->st->jobs[i];

		if (j->state == JOB_ST_PENDING &&
		    j->sched_reason == JOB_REASON_BEGIN_TIME &&
		    j->begin_time > now && (!next || j->begin_time < next))
			next = j->begin_time;
	}
	if (next) {
		struct timeval tv = { next - now, 0 };

		event_add(c->begin_tmr, &tv);
	} else {
		event_del(c->begin_tmr);
	}
}

/* The job ids the starts of R take: a task waiting in its late array's
 * record takes the next one, the last one there the array's; so that the
 * id a submission is expected to get (rpc_slurm.c's presign) allows for
 * them. */
static uint32_t start_ids_taken(const struct state *st,
				const struct sched_result *r)
{
	struct { uint32_t array_id, left; } seen[8];
	uint32_t nseen = 0, taken = 0;

	for (uint32_t i = 0; i < r->nstarts; i++) {
		const struct job *j = state_job(st, r->starts[i].job_id);
		struct array_iter it;
		uint32_t k;

		if (!j || !state_task_waiting(j))
			continue;
		for (k = 0; k < nseen && seen[k].array_id != j->array_job_id;
		     k++)
			;
		if (k == nseen) {
			/* more arrays than kept: most starts take one */
			if (nseen == sizeof(seen) / sizeof(*seen)) {
				taken++;
				continue;
			}
			seen[k].array_id = j->array_job_id;
			seen[k].left = 0;
			for (const struct job *o = state_array_first(
				     st, j->array_job_id, &it);
			     o; o = state_array_next(st, &it))
				seen[k].left += state_task_waiting(o) &&
						!job_is_finished(o);
			if (state_job(st, j->array_job_id))
				seen[k].left++;   /* none takes its id */
			nseen++;
		}
		if (seen[k].left > 1)
			taken++;
		if (seen[k].left)
			seen[k].left--;
	}
	return taken;
}

static void run_cycle(evutil_socket_t fd, short what, void *arg)
{
	struct ctld *c = arg;
	struct sched_result r;
	struct timespec t0;
	time_t now = time(NULL);
	uint64_t digest;

	c->sched_pending = false;
	if (!c->leader || c->stopping)
		return;
	if (c->starts_in_flight) {
		c->sched_deferred = true;   /* start_done runs it again */
		return;
	}
	/* Starts could not be committed; the tick runs a cycle once the
	 * state directory has room again. */
	if (!ctld_writable(c))
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sched_cycle(c->st, now, 0, &r);
	digest = soft_digest(c->st);
	if (digest != c->sched_digest) {
		c->sched_digest = digest;
		c->jobs_changed = now;
		c->jobs_gen++;
	}
	c->sched_cycles++;
	c->sched_last_ms = ms_since(&t0);
	{
		double rest = c->sched_last_ms * SCHED_REST;
		long ns;

		if (rest > SCHED_REST_MAX_MS)
			rest = SCHED_REST_MAX_MS;
		clock_gettime(CLOCK_MONOTONIC, &c->sched_rest_until);
		ns = c->sched_rest_until.tv_nsec + (long)(rest * 1e6);
		c->sched_rest_until.tv_sec += ns / 1000000000L;
		c->sched_rest_until.tv_nsec = ns % 1000000000L;
	}
	metrics_observe_sched(c, c->sched_last_ms);
	stats_sched(c, (uint64_t)(c->sched_last_ms * 1000), r.considered,
		    r.considered);
	alloc_sched_pass(c, r.starts, r.nstarts);
	mail_dep_never(c, r.dep_never, r.ndep_never, now);
	dep_kill(c, r.dep_never, r.ndep_never, now);
	deadline_end(c, r.deadline_late, r.ndeadline_late, now);
	if (r.nstarts) {
		uint32_t taken = start_ids_taken(c->st, &r);

		if (taken)
			(void)ctld_guess_take(c, taken);
	}
	for (uint32_t i = 0; i < r.nstarts; i++) {
		struct sched_decision *d = &r.starts[i];
		struct start_pending *p = xcalloc(1, sizeof(*p));
		buf_t *cmd = sched_start_cmd(c->st, d, now);
		const struct job *j = state_job(c->st, d->job_id);

		/* --reboot (sbatch, salloc, srun): its nodes reboot before
		 * its script runs or its steps start, where they can
		 * (slurmctld without RebootProgram just runs it) */
		if (j && j->reboot && nodes_can_reboot(c)) {
			buf_t *rb = cmd_start_reboot(cmd);

			if (rb) {
				buf_free(cmd);
				cmd = rb;
			}
		}

		p->c = c;
		p->job_id = d->job_id;
		ctld_job_name(c->st, d->job_id, p->name);
		c->starts_in_flight++;
		if (ctld_propose(c, cmd, start_done, p) < 0)
			log_warn("cannot start job %s: %s", p->name, err_msg());
	}
	if (r.nstarts)
		log_debug("scheduler: %u of %u pending jobs started (%.2f ms)",
			  r.nstarts, r.considered, c->sched_last_ms);
	sched_result_free(&r);
	begin_wake(c, now);
}

void sched_request(struct ctld *c)
{
	struct timespec now;
	long long wait_us;

	if (!c || !c->sched_ev || c->sched_pending)
		return;
	c->sched_pending = true;
	clock_gettime(CLOCK_MONOTONIC, &now);
	wait_us = (long long)(c->sched_rest_until.tv_sec - now.tv_sec) * 1000000 +
		  (c->sched_rest_until.tv_nsec - now.tv_nsec) / 1000;
	if (wait_us > 0) {
		struct timeval tv = { (time_t)(wait_us / 1000000),
				      (suseconds_t)(wait_us % 1000000) };

		event_add(c->sched_ev, &tv);
	} else {
		event_active(c->sched_ev, EV_TIMEOUT, 0);
	}
}

static void periodic(evutil_socket_t fd, short what, void *arg)
{
	sched_request(arg);
}

int sched_init(struct ctld *c)
{
	struct event *tmr;
	uint32_t ms = c->conf->sched_interval_ms ? c->conf->sched_interval_ms : 1000;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	c->sched_ev = event_new(c->base, -1, 0, run_cycle, c);
	c->begin_tmr = event_new(c->base, -1, 0, periodic, c);
	tmr = event_new(c->base, -1, EV_PERSIST, periodic, c);
	if (!c->sched_ev || !c->begin_tmr || !tmr) {
		err_set("cannot create scheduler events");
		return -1;
	}
	event_add(tmr, &tv);
	c->sched_tmr = tmr;
	return 0;
}

/* ---- time limits and purging ---------------------------------------- */

static bool timeout_sent(struct ctld *c, uint32_t id)
{
	for (size_t i = 0; i < c->ntimeouts_sent; i++)
		if (c->timeouts_sent[i] == id)
			return true;
	return false;
}

static void timeout_forget(struct ctld *c, uint32_t id)
{
	for (size_t i = 0; i < c->ntimeouts_sent; i++)
		if (c->timeouts_sent[i] == id) {
			c->timeouts_sent[i] = c->timeouts_sent[--c->ntimeouts_sent];
			return;
		}
}

static void timeout_done(void *arg, int status, void *result)
{
	struct start_pending *p = arg;
	struct state_result *res = result;

	if (status == RNODE_OK && res && res->rc == STATE_EOK) {
		log_info("job %u reached its time limit", p->job_id);
		nodes_job_changed(p->c, p->job_id);
		alloc_job_revoked(p->c, p->job_id);
	}
	timeout_forget(p->c, p->job_id);
	free(result);
	free(p);
}

/* sbatch --signal: once per run, WARN_TIME seconds before the limit (a
 * limit changed by scontrol update moves it along), SIGCONT first as
 * slurmctld does so a stopped job can act on it. What was sent is soft
 * leader state (job->warn_sent_start): a new leader, or this one after a
 * restart or a snapshot install, may send a job's warning a second time. */
static void warn_check(struct ctld *c, struct job *j, time_t now)
{
	time_t limit;
	uint32_t flags;

	if (!j->warn_signal || j->state != JOB_ST_RUNNING ||
	    j->time_limit == STATE_INFINITE ||
	    j->warn_sent_start == j->start_time)
		return;
	limit = job_deadline(j);
	if (now < limit - (time_t)j->warn_time || now >= limit)
		return;
	flags = j->warn_flags & JOB_WARN_BATCH ? WIRE_SIG_BATCH : WIRE_SIG_STEPS;
	if (nodes_signal(c, j->id, SIGCONT, flags) < 0 ||
	    nodes_signal(c, j->id, j->warn_signal, flags) < 0) {
		log_debug("job %u: warning signal not sent yet: %s", j->id,
			  err_msg());
		return;
	}
	log_info("job %u: warning signal %u to %s, %ld s before its time "
		 "limit", j->id, j->warn_signal,
		 flags & WIRE_SIG_BATCH ? "the batch shell" : "its steps",
		 (long)(limit - now));
	j->warn_sent_start = j->start_time;
}

static bool purge_in_flight;

static void purge_done(void *arg, int status, void *result)
{
	purge_in_flight = false;
	free(result);
}

void sched_tick(struct ctld *c, time_t now)
{
	bool purge = false;

	for (uint32_t i = 0; i < c->st->njobs; i++) {
		struct job *j = c->st->jobs[i];

		warn_check(c, j, now);
		/* a job waiting for its nodes' reboot has not begun its
		 * run yet */
		if (j->state == JOB_ST_RUNNING && !j->configuring &&
		    job_deadline(j) &&
		    job_deadline(j) <= now &&
		    !timeout_sent(c, j->id)) {
			struct start_pending *p = xcalloc(1, sizeof(*p));
			size_t cap = c->timeouts_cap;

			xgrow((void **)&c->timeouts_sent, &cap,
			      c->ntimeouts_sent + 1, sizeof(uint32_t));
			c->timeouts_cap = cap;
			c->timeouts_sent[c->ntimeouts_sent++] = j->id;
			p->c = c;
			p->job_id = j->id;
			ctld_propose(c, cmd_timeout(j->id, now), timeout_done, p);
		}
		if (job_is_finished(j) && !j->completing &&
		    j->end_time + (time_t)c->st->params.min_job_age <= now)
			purge = true;
	}
	alloc_tick(c, now);
	/* not for an array's record alone, kept while its tasks are */
	if (purge && !purge_in_flight && state_purge_due(c->st, now)) {
		purge_in_flight = true;
		ctld_propose(c, cmd_purge(now), purge_done, NULL);
	}
}
