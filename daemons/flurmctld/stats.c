/* stats.c - sdiag's numbers for this controller: RPC counts and times by
 * message type and by user (in the order first seen, as slurmctld keeps
 * them), scheduler cycle times, and job counters taken from the
 * replicated model minus what they were at the last "sdiag -r". Packing
 * the reply is lib/slurm/msg_stats.c's; the handler is in rpc_slurm.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"
#include "ctld.h"
#include "slurm/msg_stats.h"
#include "stats.h"

/* Job counters of the model at the last reset. */
struct job_base {
	uint64_t submitted, started, completed, cancelled, failed;
};

struct ctld_stats {
	time_t since;			/* start or last reset */
	struct job_base base;
	/* by message type */
	uint32_t ntypes, cap_types;
	uint16_t *type_id;
	uint32_t *type_cnt;
	uint64_t *type_time;
	/* by user */
	uint32_t nusers, cap_users;
	uint32_t *user_id;
	uint32_t *user_cnt;
	uint64_t *user_time;
	/* scheduler, µs */
	uint32_t cycle_last, cycle_max, cycle_counter, cycle_depth,
		 queue_len;
	uint64_t cycle_sum, depth_sum;
};

static void user_add(struct ctld_stats *s, uint32_t uid);

struct ctld_stats *stats_new(time_t now)
{
	struct ctld_stats *s = xcalloc(1, sizeof(*s));

	s->since = now;
	user_add(s, 0);
	return s;
}

static void tables_free(struct ctld_stats *s)
{
	free(s->type_id);
	free(s->type_cnt);
	free(s->type_time);
	free(s->user_id);
	free(s->user_cnt);
	free(s->user_time);
}

void stats_free(struct ctld_stats *s)
{
	if (!s)
		return;
	tables_free(s);
	free(s);
}

static uint64_t failed_jobs(const struct state *st)
{
	return st->jobs_failed + st->jobs_timeout + st->jobs_node_fail;
}

/* Counters in sdiag are 32 bits; a counter larger than that wraps there
 * in slurmctld too. */
static uint32_t since_base(uint64_t now, uint64_t base)
{
	return now >= base ? (uint32_t)(now - base) : 0;
}

void stats_rpc(struct ctld *c, uint16_t msg_type, uid_t uid, uint64_t usec)
{
	struct ctld_stats *s = c->stats;
	uint32_t i;

	if (!s)
		return;
	for (i = 0; i < s->ntypes && s->type_id[i] != msg_type; i++)
		;
	if (i == s->ntypes) {
		if (s->ntypes == s->cap_types) {
			s->cap_types = s->cap_types ? s->cap_types * 2 : 16;
			s->type_id = xrealloc(s->type_id,
					      s->cap_types * sizeof(*s->type_id));
			s->type_cnt = xrealloc(s->type_cnt,
					       s->cap_types * sizeof(*s->type_cnt));
			s->type_time = xrealloc(s->type_time,
						s->cap_types * sizeof(*s->type_time));
		}
		s->type_id[i] = msg_type;
		s->type_cnt[i] = 0;
		s->type_time[i] = 0;
		s->ntypes++;
	}
	s->type_cnt[i]++;
	s->type_time[i] += usec;

	for (i = 0; i < s->nusers && s->user_id[i] != (uint32_t)uid; i++)
		;
	if (i == s->nusers)
		user_add(s, (uint32_t)uid);
	s->user_cnt[i]++;
	s->user_time[i] += usec;
}

/* slurmctld keeps root in the first slot of its user table, used or not,
 * so sdiag (and the answer to a reset) always lists uid 0. */
static void user_add(struct ctld_stats *s, uint32_t uid)
{
	uint32_t i = s->nusers;

	if (s->nusers == s->cap_users) {
		s->cap_users = s->cap_users ? s->cap_users * 2 : 8;
		s->user_id = xrealloc(s->user_id,
				      s->cap_users * sizeof(*s->user_id));
		s->user_cnt = xrealloc(s->user_cnt,
				       s->cap_users * sizeof(*s->user_cnt));
		s->user_time = xrealloc(s->user_time,
					s->cap_users * sizeof(*s->user_time));
	}
	s->user_id[i] = uid;
	s->user_cnt[i] = 0;
	s->user_time[i] = 0;
	s->nusers++;
}

void stats_sched(struct ctld *c, uint64_t usec, uint32_t depth,
		 uint32_t queue_len)
{
	struct ctld_stats *s = c->stats;
	uint32_t us = usec > UINT32_MAX ? UINT32_MAX : (uint32_t)usec;

	if (!s)
		return;
	s->cycle_last = us;
	if (us > s->cycle_max)
		s->cycle_max = us;
	s->cycle_sum += us;
	s->cycle_counter++;
	s->depth_sum += depth;
	s->queue_len = queue_len;
}

/* Microseconds for 1000 clock reads, as slurmctld reports for
 * gettimeofday(): a slow clock source shows here. */
static uint32_t clock_latency(void)
{
	struct timespec t0, t1, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 1000; i++)
		clock_gettime(CLOCK_REALTIME, &t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (uint32_t)((t1.tv_sec - t0.tv_sec) * 1000000 +
			  (t1.tv_nsec - t0.tv_nsec) / 1000);
}

void stats_fill(struct ctld *c, struct slurm_stats *out, time_t now)
{
	struct ctld_stats *s = c->stats;
	const struct state *st = c->st;

	memset(out, 0, sizeof(*out));
	out->parts_packed = 1;
	out->req_time = now;
	out->req_time_start = s->since;
	/* one thread serves every connection; node messages go out at
	 * once (lost ones are re-derived from the model, not queued), so
	 * the agent figures stay 0 */
	out->server_thread_count = 1;
	out->gettimeofday_latency = clock_latency();
	out->jobs_submitted = since_base(st->jobs_submitted, s->base.submitted);
	out->jobs_started = since_base(st->jobs_started, s->base.started);
	out->jobs_completed = since_base(st->jobs_completed, s->base.completed);
	out->jobs_canceled = since_base(st->jobs_cancelled, s->base.cancelled);
	out->jobs_failed = since_base(failed_jobs(st), s->base.failed);
	for (uint32_t i = 0; i < st->njobs; i++) {
		if (st->jobs[i]->state == JOB_ST_PENDING)
			out->jobs_pending++;
		else if (st->jobs[i]->state == JOB_ST_RUNNING)
			out->jobs_running++;
	}
	out->job_states_ts = now;
	out->schedule_cycle_max = s->cycle_max;
	out->schedule_cycle_last = s->cycle_last;
	out->schedule_cycle_sum = s->cycle_sum > UINT32_MAX ? UINT32_MAX :
		(uint32_t)s->cycle_sum;
	out->schedule_cycle_counter = s->cycle_counter;
	out->schedule_cycle_depth = s->depth_sum > UINT32_MAX ? UINT32_MAX :
		(uint32_t)s->depth_sum;
	out->schedule_queue_len = s->queue_len;
	out->rpc_type_size = s->ntypes;
	out->rpc_type_id = s->type_id;
	out->rpc_type_cnt = s->type_cnt;
	out->rpc_type_time = s->type_time;
	out->rpc_user_size = s->nusers;
	out->rpc_user_id = s->user_id;
	out->rpc_user_cnt = s->user_cnt;
	out->rpc_user_time = s->user_time;
}

void stats_reset(struct ctld *c, struct slurm_stats *out, time_t now)
{
	struct ctld_stats *s = c->stats;
	const struct state *st = c->st;

	tables_free(s);
	memset(s, 0, sizeof(*s));
	s->since = now;
	s->base.submitted = st->jobs_submitted;
	s->base.started = st->jobs_started;
	s->base.completed = st->jobs_completed;
	s->base.cancelled = st->jobs_cancelled;
	s->base.failed = failed_jobs(st);
	user_add(s, 0);
	/* as slurmctld answers a reset: no counters, the emptied tables */
	memset(out, 0, sizeof(*out));
	out->rpc_user_size = s->nusers;
	out->rpc_user_id = s->user_id;
	out->rpc_user_cnt = s->user_cnt;
	out->rpc_user_time = s->user_time;
}
