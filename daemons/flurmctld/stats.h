/* stats.h - what sdiag shows: RPCs by message type and by user with their
 * time, scheduler cycles, and the job counters since the last reset. Soft
 * state of each controller, never replicated. */
#ifndef FLURM_CTLD_STATS_H
#define FLURM_CTLD_STATS_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct ctld;
struct slurm_stats;

struct ctld_stats *stats_new(time_t now);
void stats_free(struct ctld_stats *s);
/* A Slurm request of MSG_TYPE from UID was answered after USEC. */
void stats_rpc(struct ctld *c, uint16_t msg_type, uid_t uid, uint64_t usec);
/* A scheduler cycle took USEC and looked at DEPTH of QUEUE_LEN pending
 * jobs. */
void stats_sched(struct ctld *c, uint64_t usec, uint32_t depth,
		 uint32_t queue_len);
/* sdiag: fill OUT (arrays borrowed from the stats, valid until the next
 * call); free nothing of it but what slurm_stats_pack needs. */
void stats_fill(struct ctld *c, struct slurm_stats *out, time_t now);
/* sdiag -r: counters start again from zero now; OUT gets what slurmctld
 * answers a reset with (no counters, empty tables). */
void stats_reset(struct ctld *c, struct slurm_stats *out, time_t now);

#endif
