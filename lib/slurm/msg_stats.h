/* msg_stats.h - REQUEST_STATS_INFO (2035) and RESPONSE_STATS_INFO (2036),
 * what sdiag asks and prints, in Slurm 22.05's layout (pack_all_stat() and
 * _pack_rpc_stats() at slurm-22-05-8-1), with 23.11's and 24.05's
 * additions from a table. Counting is the controller's job. */
#ifndef FLURM_SLURM_MSG_STATS_H
#define FLURM_SLURM_MSG_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/pack.h"

/* stats_info_request_msg_t command_id */
#define STAT_COMMAND_RESET 0x0000
#define STAT_COMMAND_GET   0x0001

struct slurm_stats {
	/* parts_packed: 0 in the answer to a reset, which carries only the
	 * (emptied) RPC tables */
	uint32_t parts_packed;
	time_t req_time;		/* now */
	time_t req_time_start;		/* counters last reset */
	uint32_t server_thread_count;
	uint32_t agent_queue_size;
	uint32_t agent_count;
	uint32_t agent_thread_count;
	uint32_t dbd_agent_queue_size;
	uint32_t gettimeofday_latency;	/* µs for 1000 calls */
	uint32_t jobs_submitted;
	uint32_t jobs_started;
	uint32_t jobs_completed;
	uint32_t jobs_canceled;
	uint32_t jobs_failed;
	uint32_t jobs_pending;
	uint32_t jobs_running;
	time_t job_states_ts;
	uint32_t schedule_cycle_max;	/* µs */
	uint32_t schedule_cycle_last;
	uint32_t schedule_cycle_sum;
	uint32_t schedule_cycle_counter;
	uint32_t schedule_cycle_depth;
	uint32_t schedule_exit_cnt;	/* 23.11 on: sent empty */
	uint32_t schedule_queue_len;
	uint32_t bf_backfilled_jobs;
	uint32_t bf_last_backfilled_jobs;
	uint32_t bf_cycle_counter;
	uint64_t bf_cycle_sum;
	uint32_t bf_cycle_last;
	uint32_t bf_last_depth;
	uint32_t bf_last_depth_try;
	uint32_t bf_queue_len;
	uint32_t bf_cycle_max;
	time_t bf_when_last_cycle;
	uint32_t bf_depth_sum;
	uint32_t bf_depth_try_sum;
	uint32_t bf_queue_len_sum;
	uint32_t bf_table_size;
	uint32_t bf_table_size_sum;
	uint32_t bf_active;
	uint32_t bf_backfilled_het_jobs;
	uint32_t bf_exit_cnt;		/* 23.11 on: sent empty */

	/* RPCs by message type: id, count, total µs */
	uint32_t rpc_type_size;
	uint16_t *rpc_type_id;
	uint32_t *rpc_type_cnt;
	uint64_t *rpc_type_time;
	/* 24.05 on: FLURM has no RPC queue (0); the per-type queue figures
	 * that follow a 1 are not read */
	uint8_t rpc_queue_enabled;
	/* RPCs by user: uid, count, total µs */
	uint32_t rpc_user_size;
	uint32_t *rpc_user_id;
	uint32_t *rpc_user_cnt;
	uint64_t *rpc_user_time;
	/* RPCs the controller has queued to nodes, by type; and the first
	 * few of them with their node lists */
	uint32_t rpc_queue_type_count;
	uint32_t *rpc_queue_type_id;
	uint32_t *rpc_queue_count;
	uint32_t rpc_dump_count;
	uint32_t *rpc_dump_types;
	char **rpc_dump_hostlist;
};

/* u16 command_id: STAT_COMMAND_GET or STAT_COMMAND_RESET. */
int slurm_stats_request_unpack(buf_t *b, uint16_t *command_id);
void slurm_stats_request_pack(buf_t *b, uint16_t command_id);

/* The arrays are the caller's: packing reads rpc_*_size / _count entries
 * of each (NULL allowed when the count is 0). */
void slurm_stats_pack(buf_t *b, const struct slurm_stats *s);
/* 0, or -1 with err_msg(); the arrays are allocated, free with
 * slurm_stats_free. */
int slurm_stats_unpack(buf_t *b, struct slurm_stats *s);
void slurm_stats_free(struct slurm_stats *s);

#endif
