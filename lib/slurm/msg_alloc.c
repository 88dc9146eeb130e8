/* msg_alloc.c - the Slurm 22.05 allocation bodies (see msg_alloc.h), in
 * the layouts of _pack_resource_allocation_response_msg, job_alloc_info,
 * complete_job_allocation and the srun callbacks. Which values to send,
 * and to whom, is the controller's. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "slurm/codec.h"
#include "slurm/msg_alloc.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"

/* allocation reply fields that differ by protocol version, at the place
 * of the 22.05 layout they sit (_unpack_resource_allocation_response_msg
 * at slurm-23-02-7-1, the same at slurm-23-11-10-1) */
enum { AR_AFTER_ERROR_CODE, AR_AFTER_RESV_NAME };
static const struct slurm_vfield alloc_vf[] = {
	SLURM_VF(AR_AFTER_ERROR_CODE, SLURM_VF_U32,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_alloc_response, gid),
	SLURM_VF(AR_AFTER_ERROR_CODE, SLURM_VF_STR,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_alloc_response, group_name),
	/* the select jobinfo gave way to the owner and tres_per_node */
	SLURM_VF(AR_AFTER_RESV_NAME, SLURM_VF_SELECT,
		 0, SLURM_23_02_PROTOCOL_VERSION,
		 struct slurm_alloc_response, select_plugin),
	SLURM_VF(AR_AFTER_RESV_NAME, SLURM_VF_STR,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_alloc_response, tres_per_node),
	SLURM_VF(AR_AFTER_RESV_NAME, SLURM_VF_U32,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_alloc_response, uid),
	SLURM_VF(AR_AFTER_RESV_NAME, SLURM_VF_STR,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_alloc_response, user_name),
};
#define AR_PACK(b, spot, r) \
	slurm_vf_pack(b, alloc_vf, SLURM_VF_N(alloc_vf), spot, r)
#define AR_UNPACK(b, spot, r) \
	slurm_vf_unpack(b, alloc_vf, SLURM_VF_N(alloc_vf), spot, r)

void slurm_alloc_response_init(struct slurm_alloc_response *r)
{
	/* what a real slurmctld sends for a salloc without task options */
	memset(r, 0, sizeof(*r));
	r->ntasks_per_core = INFINITE16;
	r->ntasks_per_socket = INFINITE16;
	r->select_plugin = SELECT_PLUGIN_LINEAR;
}

void slurm_alloc_response_pack(buf_t *b, const struct slurm_alloc_response *r)
{
	pack_str(b, r->account);
	pack_str(b, r->alias_list);
	pack_str(b, r->batch_host);
	pack_str_array(b, r->environment, r->env_size);
	pack32(b, r->error_code);
	AR_PACK(b, AR_AFTER_ERROR_CODE, r);
	pack_str(b, r->job_submit_user_msg);
	pack32(b, r->job_id);
	pack32(b, r->node_cnt);
	/* the count is sent again and must equal node_cnt */
	if (r->node_addr && r->node_cnt) {
		pack8(b, 1);
		pack32(b, r->node_cnt);
		for (uint32_t i = 0; i < r->node_cnt; i++)
			slurm_pack_addr(b, &r->node_addr[i]);
	} else {
		pack8(b, 0);
	}
	pack_str(b, r->node_list);
	pack16(b, r->ntasks_per_board);
	pack16(b, r->ntasks_per_core);
	pack16(b, r->ntasks_per_tres);
	pack16(b, r->ntasks_per_socket);
	pack32(b, r->num_cpu_groups);
	if (r->num_cpu_groups) {
		pack16_array(b, r->cpus_per_node, r->num_cpu_groups);
		pack32_array(b, r->cpu_count_reps, r->num_cpu_groups);
	}
	pack_str(b, r->partition);
	pack64(b, r->pn_min_memory);
	pack_str(b, r->qos);
	pack_str(b, r->resv_name);
	AR_PACK(b, AR_AFTER_RESV_NAME, r);
	pack8(b, 0);                  /* no working_cluster_rec */
}

int slurm_alloc_response_unpack(buf_t *b, struct slurm_alloc_response *r)
{
	uint8_t present = 0, cluster = 0;
	uint32_t n = 0;

	memset(r, 0, sizeof(*r));
	if (unpack_str(b, &r->account) || unpack_str(b, &r->alias_list) ||
	    unpack_str(b, &r->batch_host) ||
	    unpack_str_array(b, &r->environment, &r->env_size) ||
	    unpack32(b, &r->error_code) ||
	    AR_UNPACK(b, AR_AFTER_ERROR_CODE, r) ||
	    unpack_str(b, &r->job_submit_user_msg) ||
	    unpack32(b, &r->job_id) || unpack32(b, &r->node_cnt) ||
	    unpack8(b, &present))
		goto fail;
	if (present > 1) {
		err_set("node address marker %u", present);
		goto fail;
	}
	if (present) {
		if (unpack32(b, &n))
			goto fail;
		if (n != r->node_cnt) {
			err_set("%u node addresses for %u nodes", n, r->node_cnt);
			goto fail;
		}
		/* an address is at least 2 bytes: do not trust N further */
		if (n > buf_remaining(b) / 2) {
			err_set("%u node addresses in %zu bytes", n,
				buf_remaining(b));
			goto fail;
		}
		r->node_addr = calloc(n ? n : 1, sizeof(*r->node_addr));
		if (!r->node_addr)
			goto fail;
		for (uint32_t i = 0; i < n; i++)
			if (slurm_unpack_addr(b, &r->node_addr[i]))
				goto fail;
	}
	if (unpack_str(b, &r->node_list) || unpack16(b, &r->ntasks_per_board) ||
	    unpack16(b, &r->ntasks_per_core) || unpack16(b, &r->ntasks_per_tres) ||
	    unpack16(b, &r->ntasks_per_socket) ||
	    unpack32(b, &r->num_cpu_groups))
		goto fail;
	if (r->num_cpu_groups) {
		if (unpack16_array(b, &r->cpus_per_node, &n))
			goto fail;
		if (n != r->num_cpu_groups) {
			err_set("%u cpus_per_node for %u groups", n,
				r->num_cpu_groups);
			goto fail;
		}
		if (unpack32_array(b, &r->cpu_count_reps, &n))
			goto fail;
		if (n != r->num_cpu_groups) {
			err_set("%u cpu_count_reps for %u groups", n,
				r->num_cpu_groups);
			goto fail;
		}
	}
	if (unpack_str(b, &r->partition) || unpack64(b, &r->pn_min_memory) ||
	    unpack_str(b, &r->qos) || unpack_str(b, &r->resv_name) ||
	    AR_UNPACK(b, AR_AFTER_RESV_NAME, r) ||
	    unpack8(b, &cluster))
		goto fail;
	if (cluster) {
		err_set("a working cluster record (federation) is not supported");
		goto fail;
	}
	if (slurm_codec_end(b, "allocation response") < 0)
		goto fail_quiet;
	return 0;
fail:
	slurm_codec_fail("allocation response");
fail_quiet:
	slurm_alloc_response_free(r);
	return -1;
}

void slurm_alloc_response_free(struct slurm_alloc_response *r)
{
	free(r->account);
	free(r->alias_list);
	free(r->batch_host);
	str_array_free(r->environment);
	free(r->job_submit_user_msg);
	free(r->node_addr);
	free(r->node_list);
	free(r->cpus_per_node);
	free(r->cpu_count_reps);
	free(r->partition);
	free(r->qos);
	free(r->resv_name);
	slurm_vf_free(alloc_vf, SLURM_VF_N(alloc_vf), r);
	memset(r, 0, sizeof(*r));
}

int slurm_alloc_info_request_unpack(buf_t *b, struct slurm_alloc_info_request *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack32(b, &r->job_id) || unpack_str(b, &r->req_cluster)) {
		slurm_alloc_info_request_free(r);
		return slurm_codec_fail("allocation info request");
	}
	if (slurm_codec_end(b, "allocation info request") < 0) {
		slurm_alloc_info_request_free(r);
		return -1;
	}
	return 0;
}

void slurm_alloc_info_request_pack(buf_t *b,
				   const struct slurm_alloc_info_request *r)
{
	pack32(b, r->job_id);
	pack_str(b, r->req_cluster);
}

void slurm_alloc_info_request_free(struct slurm_alloc_info_request *r)
{
	free(r->req_cluster);
	memset(r, 0, sizeof(*r));
}

int slurm_complete_alloc_unpack(buf_t *b, struct slurm_complete_alloc *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack32(b, &r->job_id) || unpack32(b, &r->job_rc))
		return slurm_codec_fail("complete job allocation");
	return slurm_codec_end(b, "complete job allocation");
}

void slurm_complete_alloc_pack(buf_t *b, const struct slurm_complete_alloc *r)
{
	pack32(b, r->job_id);
	pack32(b, r->job_rc);
}

void slurm_step_id_pack(buf_t *b, const struct slurm_step_id *s)
{
	pack32(b, s->job_id);
	pack32(b, s->step_id);
	pack32(b, s->step_het_comp);
}

static int step_id_read(buf_t *b, struct slurm_step_id *s)
{
	return unpack32(b, &s->job_id) || unpack32(b, &s->step_id) ||
	       unpack32(b, &s->step_het_comp) ? -1 : 0;
}

int slurm_step_id_unpack(buf_t *b, struct slurm_step_id *s)
{
	memset(s, 0, sizeof(*s));
	if (step_id_read(b, s))
		return slurm_codec_fail("step id");
	return slurm_codec_end(b, "step id");
}

void slurm_srun_timeout_pack(buf_t *b, const struct slurm_srun_timeout *t)
{
	slurm_step_id_pack(b, &t->step);
	pack_time(b, t->timeout);
}

int slurm_srun_timeout_unpack(buf_t *b, struct slurm_srun_timeout *t)
{
	memset(t, 0, sizeof(*t));
	if (step_id_read(b, &t->step) || unpack_time(b, &t->timeout))
		return slurm_codec_fail("srun timeout");
	return slurm_codec_end(b, "srun timeout");
}
