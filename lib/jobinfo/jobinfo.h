/* jobinfo.h - a job's Slurm 22.05 record (one job of RESPONSE_JOB_INFO,
 * what squeue and scontrol show job read) from the model, and a cache of
 * packed records kept until their job changes. Which jobs a request asks
 * for, who may see them and the reply around the records are the
 * controller's; telling the cache what changed is too. */
#ifndef FLURM_JOBINFO_H
#define FLURM_JOBINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/pack.h"
#include "state/state.h"

struct jobinfo_cores;

/* What a record shows besides the job itself. */
struct jobinfo_ctx {
	const struct state *st;
	const char *cluster;       /* ClusterName */
	bool leader;               /* the scheduler's estimates are current */
	time_t now;                /* the controller's clock */
	bool gpus;                 /* AccountingStorageTRES has gres/gpu:
				    * GPUs in TRES strings (slurm.conf) */
	/* optional, for many SHOW_DETAIL records: where each job's cores
	 * start on its nodes, worked out once (jobinfo_cores_new) instead
	 * of for each record */
	struct jobinfo_cores *cores;
};

/* A table of the cores the jobs of ST hold, filled at first use; free it
 * once the records are packed (ST must not change in between). */
struct jobinfo_cores *jobinfo_cores_new(void);
void jobinfo_cores_free(struct jobinfo_cores *c);

/* An array task not started yet: its array's pending tasks that look
 * alike are one record, led by the lowest of them. */
bool jobinfo_array_pending(const struct job *j);
/* The lowest-numbered pending task of J's array (J when none is lower). */
const struct job *jobinfo_array_rep(const struct state *st,
				    const struct job *j);
/* Whether J is shown to no one: a task of a late array cancelled while
 * waiting in its array's record, which slurmctld clears from it. */
bool jobinfo_hidden(const struct job *j);
/* Whether pending task J is shown by its array's record, not its own. */
bool jobinfo_array_folded(const struct state *st, const struct job *j);

/* TRES= of J as its record shows it ("cpu=1,mem=100M,node=1,billing=1",
 * with gres/gpu=N when GPUS): what it holds once started, else what it
 * asks. Free it. */
char *jobinfo_tres(const struct state *st, const struct job *j, bool gpus);
/* Append J's record, with SHOW_FLAGS, to B, in B's protocol version
 * (buf_t.proto: 22.05, or a later one with a job record table). */
void jobinfo_pack(const struct jobinfo_ctx *x, const struct job *j,
		  uint16_t show_flags, buf_t *b);

/* Records that change by the clock alone: a pending job's --begin
 * passing, an after:ID+MIN dependency met. The latest time in (SINCE,
 * NOW] at which one did (0: none), and in *NEXT the first after NOW (0:
 * none), for the controller's "no change" answers. */
time_t jobinfo_clock_changes(const struct state *st, time_t since, time_t now,
			     time_t *next);
/* As slurmctld answers a client that sends the time of the list it has
 * (LAST_UPDATE, 0 = none): nothing changed if no record did since the
 * second before. */
bool jobinfo_unchanged(time_t last_update, time_t last_change);

/* Packed records by job id. A record depends on the job, on soft fields
 * the scheduler sets (kept with the record and compared), on the
 * controller's role, ClusterName and the buffer's protocol version
 * (compared too) and on what the model's commands change: the owner says
 * which job changed through jobinfo_cache_changed(). Records whose content follows the clock or
 * other jobs (a --begin ahead, dependencies, an array's pending tasks)
 * are never kept, and are packed afresh each time. */
struct jobinfo_cache;

struct jobinfo_cache *jobinfo_cache_new(void);
void jobinfo_cache_free(struct jobinfo_cache *jc);
/* Job ID changed; 0: any job may have, or what records show of the rest
 * of the model (nodes, partitions, configuration). */
void jobinfo_cache_changed(struct jobinfo_cache *jc, uint32_t id);
/* Forget the records of jobs no longer in ST (after a purge, which
 * changes no remaining job's record). */
void jobinfo_cache_prune(struct jobinfo_cache *jc, const struct state *st);
/* Append J's record to B: the same bytes as jobinfo_pack(), from the
 * cache when it holds J's current record (and kept there if it may). */
void jobinfo_cache_pack(struct jobinfo_cache *jc, const struct jobinfo_ctx *x,
			const struct job *j, uint16_t show_flags, buf_t *b);

struct jobinfo_cache_stats {
	uint64_t hits, misses;     /* records copied / packed afresh */
	uint32_t records;          /* records kept */
	size_t bytes;              /* their size */
};
void jobinfo_cache_stats(const struct jobinfo_cache *jc,
			 struct jobinfo_cache_stats *s);

#endif
