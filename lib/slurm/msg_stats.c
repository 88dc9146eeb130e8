/* msg_stats.c - pack and unpack sdiag's REQUEST_STATS_INFO and
 * RESPONSE_STATS_INFO in Slurm 22.05's layout, and with the table below in
 * 23.02 (the same), 23.11 and 24.05. The numbers themselves are counted by
 * the controller. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "slurm/codec.h"
#include "slurm/msg_stats.h"
#include "slurm/version.h"

/* statistics fields that differ by protocol version, at the place of the
 * 22.05 layout they sit (_unpack_stats_response_msg at each tag) */
enum { ST_AFTER_SCHED_DEPTH, ST_AFTER_BF_HET_JOBS, ST_AFTER_RPC_TYPE_TIME };
static const struct slurm_vfield stats_vf[] = {
	/* counts of why scheduling and backfill cycles ended */
	SLURM_VF(ST_AFTER_SCHED_DEPTH, SLURM_VF_U32_ARRAY_CNT,
		 SLURM_23_11_PROTOCOL_VERSION, 0,
		 struct slurm_stats, schedule_exit_cnt),
	SLURM_VF(ST_AFTER_BF_HET_JOBS, SLURM_VF_U32_ARRAY_CNT,
		 SLURM_23_11_PROTOCOL_VERSION, 0,
		 struct slurm_stats, bf_exit_cnt),
	SLURM_VF(ST_AFTER_RPC_TYPE_TIME, SLURM_VF_U8,
		 SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_stats, rpc_queue_enabled),
};
#define ST_PACK(b, spot, s) \
	slurm_vf_pack(b, stats_vf, SLURM_VF_N(stats_vf), spot, s)
#define ST_UNPACK(b, spot, s) \
	slurm_vf_unpack(b, stats_vf, SLURM_VF_N(stats_vf), spot, s)

int slurm_stats_request_unpack(buf_t *b, uint16_t *command_id)
{
	if (unpack16(b, command_id) < 0)
		return slurm_codec_fail("stats request");
	return slurm_codec_end(b, "stats request");
}

void slurm_stats_request_pack(buf_t *b, uint16_t command_id)
{
	pack16(b, command_id);
}

void slurm_stats_pack(buf_t *b, const struct slurm_stats *s)
{
	pack32(b, s->parts_packed);
	if (s->parts_packed) {
		pack_time(b, s->req_time);
		pack_time(b, s->req_time_start);
		pack32(b, s->server_thread_count);
		pack32(b, s->agent_queue_size);
		pack32(b, s->agent_count);
		pack32(b, s->agent_thread_count);
		pack32(b, s->dbd_agent_queue_size);
		pack32(b, s->gettimeofday_latency);
		pack32(b, s->jobs_submitted);
		pack32(b, s->jobs_started);
		pack32(b, s->jobs_completed);
		pack32(b, s->jobs_canceled);
		pack32(b, s->jobs_failed);
		pack32(b, s->jobs_pending);
		pack32(b, s->jobs_running);
		pack_time(b, s->job_states_ts);
		pack32(b, s->schedule_cycle_max);
		pack32(b, s->schedule_cycle_last);
		pack32(b, s->schedule_cycle_sum);
		pack32(b, s->schedule_cycle_counter);
		pack32(b, s->schedule_cycle_depth);
		ST_PACK(b, ST_AFTER_SCHED_DEPTH, s);
		pack32(b, s->schedule_queue_len);
		pack32(b, s->bf_backfilled_jobs);
		pack32(b, s->bf_last_backfilled_jobs);
		pack32(b, s->bf_cycle_counter);
		pack64(b, s->bf_cycle_sum);
		pack32(b, s->bf_cycle_last);
		pack32(b, s->bf_last_depth);
		pack32(b, s->bf_last_depth_try);
		pack32(b, s->bf_queue_len);
		pack32(b, s->bf_cycle_max);
		pack_time(b, s->bf_when_last_cycle);
		pack32(b, s->bf_depth_sum);
		pack32(b, s->bf_depth_try_sum);
		pack32(b, s->bf_queue_len_sum);
		pack32(b, s->bf_table_size);
		pack32(b, s->bf_table_size_sum);
		pack32(b, s->bf_active);
		pack32(b, s->bf_backfilled_het_jobs);
		ST_PACK(b, ST_AFTER_BF_HET_JOBS, s);
	}
	pack32(b, s->rpc_type_size);
	pack16_array(b, s->rpc_type_id, s->rpc_type_size);
	pack32_array(b, s->rpc_type_cnt, s->rpc_type_size);
	pack64_array(b, s->rpc_type_time, s->rpc_type_size);
	ST_PACK(b, ST_AFTER_RPC_TYPE_TIME, s);
	pack32(b, s->rpc_user_size);
	pack32_array(b, s->rpc_user_id, s->rpc_user_size);
	pack32_array(b, s->rpc_user_cnt, s->rpc_user_size);
	pack64_array(b, s->rpc_user_time, s->rpc_user_size);
	pack32_array(b, s->rpc_queue_type_id, s->rpc_queue_type_count);
	pack32_array(b, s->rpc_queue_count, s->rpc_queue_type_count);
	pack32_array(b, s->rpc_dump_types, s->rpc_dump_count);
	pack_str_array(b, s->rpc_dump_hostlist, s->rpc_dump_count);
}

void slurm_stats_free(struct slurm_stats *s)
{
	free(s->rpc_type_id);
	free(s->rpc_type_cnt);
	free(s->rpc_type_time);
	free(s->rpc_user_id);
	free(s->rpc_user_cnt);
	free(s->rpc_user_time);
	free(s->rpc_queue_type_id);
	free(s->rpc_queue_count);
	free(s->rpc_dump_types);
	str_array_free(s->rpc_dump_hostlist);
	memset(s, 0, sizeof(*s));
}

/* The three arrays of a table must each hold SIZE entries, as sdiag reads
 * SIZE entries of each. */
static int same_count(uint32_t size, uint32_t a, uint32_t b, uint32_t c,
		      const char *what)
{
	if (a == size && b == size && c == size)
		return 0;
	err_set("%s: %u entries but arrays of %u, %u and %u", what, size,
		a, b, c);
	return -1;
}

int slurm_stats_unpack(buf_t *b, struct slurm_stats *s)
{
	uint32_t n1, n2, n3;

	memset(s, 0, sizeof(*s));
	if (unpack32(b, &s->parts_packed) < 0)
		goto fail;
	if (s->parts_packed &&
	    (unpack_time(b, &s->req_time) < 0 ||
	     unpack_time(b, &s->req_time_start) < 0 ||
	     unpack32(b, &s->server_thread_count) < 0 ||
	     unpack32(b, &s->agent_queue_size) < 0 ||
	     unpack32(b, &s->agent_count) < 0 ||
	     unpack32(b, &s->agent_thread_count) < 0 ||
	     unpack32(b, &s->dbd_agent_queue_size) < 0 ||
	     unpack32(b, &s->gettimeofday_latency) < 0 ||
	     unpack32(b, &s->jobs_submitted) < 0 ||
	     unpack32(b, &s->jobs_started) < 0 ||
	     unpack32(b, &s->jobs_completed) < 0 ||
	     unpack32(b, &s->jobs_canceled) < 0 ||
	     unpack32(b, &s->jobs_failed) < 0 ||
	     unpack32(b, &s->jobs_pending) < 0 ||
	     unpack32(b, &s->jobs_running) < 0 ||
	     unpack_time(b, &s->job_states_ts) < 0 ||
	     unpack32(b, &s->schedule_cycle_max) < 0 ||
	     unpack32(b, &s->schedule_cycle_last) < 0 ||
	     unpack32(b, &s->schedule_cycle_sum) < 0 ||
	     unpack32(b, &s->schedule_cycle_counter) < 0 ||
	     unpack32(b, &s->schedule_cycle_depth) < 0 ||
	     ST_UNPACK(b, ST_AFTER_SCHED_DEPTH, s) < 0 ||
	     unpack32(b, &s->schedule_queue_len) < 0 ||
	     unpack32(b, &s->bf_backfilled_jobs) < 0 ||
	     unpack32(b, &s->bf_last_backfilled_jobs) < 0 ||
	     unpack32(b, &s->bf_cycle_counter) < 0 ||
	     unpack64(b, &s->bf_cycle_sum) < 0 ||
	     unpack32(b, &s->bf_cycle_last) < 0 ||
	     unpack32(b, &s->bf_last_depth) < 0 ||
	     unpack32(b, &s->bf_last_depth_try) < 0 ||
	     unpack32(b, &s->bf_queue_len) < 0 ||
	     unpack32(b, &s->bf_cycle_max) < 0 ||
	     unpack_time(b, &s->bf_when_last_cycle) < 0 ||
	     unpack32(b, &s->bf_depth_sum) < 0 ||
	     unpack32(b, &s->bf_depth_try_sum) < 0 ||
	     unpack32(b, &s->bf_queue_len_sum) < 0 ||
	     unpack32(b, &s->bf_table_size) < 0 ||
	     unpack32(b, &s->bf_table_size_sum) < 0 ||
	     unpack32(b, &s->bf_active) < 0 ||
	     unpack32(b, &s->bf_backfilled_het_jobs) < 0 ||
	     ST_UNPACK(b, ST_AFTER_BF_HET_JOBS, s) < 0))
		goto fail;
	if (unpack32(b, &s->rpc_type_size) < 0 ||
	    unpack16_array(b, &s->rpc_type_id, &n1) < 0 ||
	    unpack32_array(b, &s->rpc_type_cnt, &n2) < 0 ||
	    unpack64_array(b, &s->rpc_type_time, &n3) < 0 ||
	    ST_UNPACK(b, ST_AFTER_RPC_TYPE_TIME, s) < 0)
		goto fail;
	if (same_count(s->rpc_type_size, n1, n2, n3, "RPCs by type") < 0)
		goto fail_end;
	if (s->rpc_queue_enabled) {
		err_set("RPC queue figures are not read");
		goto fail_end;
	}
	if (unpack32(b, &s->rpc_user_size) < 0 ||
	    unpack32_array(b, &s->rpc_user_id, &n1) < 0 ||
	    unpack32_array(b, &s->rpc_user_cnt, &n2) < 0 ||
	    unpack64_array(b, &s->rpc_user_time, &n3) < 0)
		goto fail;
	if (same_count(s->rpc_user_size, n1, n2, n3, "RPCs by user") < 0)
		goto fail_end;
	if (unpack32_array(b, &s->rpc_queue_type_id,
			   &s->rpc_queue_type_count) < 0 ||
	    unpack32_array(b, &s->rpc_queue_count, &n1) < 0)
		goto fail;
	if (n1 != s->rpc_queue_type_count) {
		err_set("pending RPCs: %u types but %u counts",
			s->rpc_queue_type_count, n1);
		goto fail_end;
	}
	if (unpack32_array(b, &s->rpc_dump_types, &s->rpc_dump_count) < 0 ||
	    unpack_str_array(b, &s->rpc_dump_hostlist, &n1) < 0)
		goto fail;
	if (n1 != s->rpc_dump_count) {
		err_set("pending RPCs: %u types but %u host lists",
			s->rpc_dump_count, n1);
		goto fail_end;
	}
	if (slurm_codec_end(b, "statistics") < 0)
		goto fail_end;
	return 0;
fail:
	slurm_stats_free(s);
	return slurm_codec_fail("statistics");
fail_end:
	slurm_stats_free(s);
	return slurm_codec_fail("statistics");
}
