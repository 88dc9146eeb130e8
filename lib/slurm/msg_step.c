/* msg_step.c - the Slurm 22.05 step bodies (see msg_step.h), in the
 * layouts of _pack_job_step_create_request_msg, _response_msg,
 * pack_slurm_step_layout, _pack_step_complete_msg,
 * _pack_job_step_info_req_msg, _pack_ctld_job_step_info and
 * _pack_job_info_list_msg. What goes in them is the controller's. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_step.h"
#include "slurm/slurm_defs.h"

/* switch/none's plugin id: its job info is empty */
#define SWITCH_PLUGIN_NONE 100

static int step_id_read(buf_t *b, struct slurm_step_id *s)
{
	return unpack32(b, &s->job_id) || unpack32(b, &s->step_id) ||
	       unpack32(b, &s->step_het_comp) ? -1 : 0;
}

/* ---- step create request -------------------------------------------- */

void slurm_step_create_request_free(struct slurm_step_create_request *r)
{
	char **strs[] = {
		&r->container, &r->host, &r->name, &r->network, &r->node_list,
		&r->exc_nodes, &r->features, &r->step_het_grps,
		&r->cpus_per_tres, &r->mem_per_tres, &r->submit_line,
		&r->tres_bind, &r->tres_freq, &r->tres_per_step,
		&r->tres_per_node, &r->tres_per_socket, &r->tres_per_task,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

int slurm_step_create_request_unpack(buf_t *b,
				     struct slurm_step_create_request *r)
{
	static const char what[] = "step create request";

	memset(r, 0, sizeof(*r));
	if (step_id_read(b, &r->step_id) || unpack32(b, &r->user_id) ||
	    unpack32(b, &r->min_nodes) || unpack32(b, &r->max_nodes) ||
	    unpack_str(b, &r->container) || unpack32(b, &r->cpu_count) ||
	    unpack32(b, &r->cpu_freq_min) || unpack32(b, &r->cpu_freq_max) ||
	    unpack32(b, &r->cpu_freq_gov) || unpack32(b, &r->num_tasks) ||
	    unpack64(b, &r->pn_min_memory) || unpack32(b, &r->time_limit) ||
	    unpack16(b, &r->threads_per_core) || unpack16(b, &r->relative) ||
	    unpack32(b, &r->task_dist) || unpack16(b, &r->plane_size) ||
	    unpack16(b, &r->port) || unpack16(b, &r->immediate) ||
	    unpack16(b, &r->resv_port_cnt) || unpack32(b, &r->srun_pid) ||
	    unpack32(b, &r->flags) || unpack_str(b, &r->host) ||
	    unpack_str(b, &r->name) || unpack_str(b, &r->network) ||
	    unpack_str(b, &r->node_list) || unpack_str(b, &r->exc_nodes) ||
	    unpack_str(b, &r->features) ||
	    unpack32(b, &r->step_het_comp_cnt) ||
	    unpack_str(b, &r->step_het_grps) ||
	    unpack_str(b, &r->cpus_per_tres) ||
	    unpack_str(b, &r->mem_per_tres) ||
	    unpack16(b, &r->ntasks_per_tres) ||
	    unpack_str(b, &r->submit_line) || unpack_str(b, &r->tres_bind) ||
	    unpack_str(b, &r->tres_freq) || unpack_str(b, &r->tres_per_step) ||
	    unpack_str(b, &r->tres_per_node) ||
	    unpack_str(b, &r->tres_per_socket) ||
	    unpack_str(b, &r->tres_per_task)) {
		slurm_step_create_request_free(r);
		return slurm_codec_fail(what);
	}
	if (slurm_codec_end(b, what) < 0) {
		slurm_step_create_request_free(r);
		return -1;
	}
	return 0;
}

void slurm_step_create_request_pack(buf_t *b,
				    const struct slurm_step_create_request *r)
{
	slurm_step_id_pack(b, &r->step_id);
	pack32(b, r->user_id);
	pack32(b, r->min_nodes);
	pack32(b, r->max_nodes);
	pack_str(b, r->container);
	pack32(b, r->cpu_count);
	pack32(b, r->cpu_freq_min);
	pack32(b, r->cpu_freq_max);
	pack32(b, r->cpu_freq_gov);
	pack32(b, r->num_tasks);
	pack64(b, r->pn_min_memory);
	pack32(b, r->time_limit);
	pack16(b, r->threads_per_core);
	pack16(b, r->relative);
	pack32(b, r->task_dist);
	pack16(b, r->plane_size);
	pack16(b, r->port);
	pack16(b, r->immediate);
	pack16(b, r->resv_port_cnt);
	pack32(b, r->srun_pid);
	pack32(b, r->flags);
	pack_str(b, r->host);
	pack_str(b, r->name);
	pack_str(b, r->network);
	pack_str(b, r->node_list);
	pack_str(b, r->exc_nodes);
	pack_str(b, r->features);
	pack32(b, r->step_het_comp_cnt);
	pack_str(b, r->step_het_grps);
	pack_str(b, r->cpus_per_tres);
	pack_str(b, r->mem_per_tres);
	pack16(b, r->ntasks_per_tres);
	pack_str(b, r->submit_line);
	pack_str(b, r->tres_bind);
	pack_str(b, r->tres_freq);
	pack_str(b, r->tres_per_step);
	pack_str(b, r->tres_per_node);
	pack_str(b, r->tres_per_socket);
	pack_str(b, r->tres_per_task);
}

/* ---- step layout ---------------------------------------------------- */

void slurm_step_layout_pack(buf_t *b, const struct slurm_step_layout *l)
{
	pack16(b, 1);                 /* a layout follows */
	pack_str(b, NULL);            /* front_end */
	pack_str(b, l->node_list);
	pack32(b, l->node_cnt);
	pack16(b, l->start_protocol_ver);
	pack32(b, l->task_cnt);
	pack32(b, l->task_dist);
	for (uint32_t i = 0; i < l->node_cnt; i++)
		pack32_array(b, l->tids[i], l->tasks[i]);
}

void slurm_step_layout_free(struct slurm_step_layout *l)
{
	for (uint32_t i = 0; l->tids && i < l->node_cnt; i++)
		free(l->tids[i]);
	free(l->tids);
	free(l->tasks);
	free(l->node_list);
	memset(l, 0, sizeof(*l));
}

int slurm_step_layout_unpack(buf_t *b, struct slurm_step_layout *l)
{
	uint16_t present = 0;
	char *fe = NULL;

	memset(l, 0, sizeof(*l));
	if (unpack16(b, &present) || present != 1 || unpack_str(b, &fe) ||
	    unpack_str(b, &l->node_list) || unpack32(b, &l->node_cnt) ||
	    unpack16(b, &l->start_protocol_ver) || unpack32(b, &l->task_cnt) ||
	    unpack32(b, &l->task_dist))
		goto fail;
	/* a node's task list is at least its 4-byte count */
	if (l->node_cnt > buf_remaining(b) / 4) {
		err_set("%u nodes in %zu bytes", l->node_cnt, buf_remaining(b));
		goto fail;
	}
	l->tasks = xcalloc(l->node_cnt ? l->node_cnt : 1, sizeof(*l->tasks));
	l->tids = xcalloc(l->node_cnt ? l->node_cnt : 1, sizeof(*l->tids));
	for (uint32_t i = 0; i < l->node_cnt; i++)
		if (unpack32_array(b, &l->tids[i], &l->tasks[i]))
			goto fail;
	free(fe);
	return 0;
fail:
	free(fe);
	slurm_step_layout_free(l);
	return slurm_codec_fail("step layout");
}

/* ---- step create response ------------------------------------------- */

void slurm_step_create_response_pack(buf_t *b,
				     const struct slurm_step_create_response *r)
{
	pack32(b, r->def_cpu_bind_type);
	pack_str(b, r->resv_ports);
	pack32(b, r->job_step_id);
	slurm_step_layout_pack(b, &r->layout);
	pack_raw(b, r->cred, r->cred_len);
	slurm_select_plugin_pack(b, SELECT_PLUGIN_CONS_TRES);
	pack32(b, SWITCH_PLUGIN_NONE);
	pack16(b, r->use_protocol_ver);
}

/* ---- step complete -------------------------------------------------- */

int slurm_step_complete_unpack(buf_t *b, struct slurm_step_complete *r)
{
	static const char what[] = "step complete";
	uint8_t acct = 0;

	memset(r, 0, sizeof(*r));
	if (step_id_read(b, &r->step_id) || unpack32(b, &r->range_first) ||
	    unpack32(b, &r->range_last) || unpack32(b, &r->step_rc) ||
	    unpack8(b, &acct))
		return slurm_codec_fail(what);
	if (acct > 1) {
		err_set("accounting marker %u", acct);
		return slurm_codec_fail(what);
	}
	/* usage figures from a node's step daemon: FLURM keeps none */
	if (acct)
		unpack_skip(b, buf_remaining(b));
	return slurm_codec_end(b, what);
}

void slurm_step_complete_pack(buf_t *b, const struct slurm_step_complete *r)
{
	slurm_step_id_pack(b, &r->step_id);
	pack32(b, r->range_first);
	pack32(b, r->range_last);
	pack32(b, r->step_rc);
	pack8(b, 0);                  /* no accounting data */
}

/* ---- step info ------------------------------------------------------ */

int slurm_step_info_request_unpack(buf_t *b, struct slurm_step_info_request *r)
{
	static const char what[] = "step info request";

	memset(r, 0, sizeof(*r));
	if (unpack_time(b, &r->last_update) || step_id_read(b, &r->step_id) ||
	    unpack16(b, &r->show_flags))
		return slurm_codec_fail(what);
	return slurm_codec_end(b, what);
}

void slurm_step_info_request_pack(buf_t *b,
				  const struct slurm_step_info_request *r)
{
	pack_time(b, r->last_update);
	slurm_step_id_pack(b, &r->step_id);
	pack16(b, r->show_flags);
}

void slurm_step_info_init(struct slurm_step_info *s)
{
	memset(s, 0, sizeof(*s));
	s->step_id.step_het_comp = NO_VAL;
	s->cpu_freq_min = s->cpu_freq_max = s->cpu_freq_gov = NO_VAL;
	s->select_plugin = SELECT_PLUGIN_CONS_TRES;
}

void slurm_step_info_pack(buf_t *b, const struct slurm_step_info *s)
{
	pack32(b, s->array_job_id);
	pack32(b, s->array_task_id);
	slurm_step_id_pack(b, &s->step_id);
	pack32(b, s->user_id);
	pack32(b, s->num_cpus);
	pack32(b, s->cpu_freq_min);
	pack32(b, s->cpu_freq_max);
	pack32(b, s->cpu_freq_gov);
	pack32(b, s->num_tasks);
	pack32(b, s->task_dist);
	pack32(b, s->time_limit);
	pack32(b, s->state);
	pack32(b, s->srun_pid);
	pack_time(b, s->start_time);
	pack_time(b, s->run_time);
	pack_str(b, s->cluster);
	pack_str(b, s->container);
	pack_str(b, s->partition);
	pack_str(b, s->srun_host);
	pack_str(b, s->resv_ports);
	pack_str(b, s->nodes);
	pack_str(b, s->name);
	pack_str(b, s->network);
	pack_bitstr(b, s->node_inx);
	slurm_select_plugin_pack(b, s->select_plugin);
	pack_str(b, s->tres_alloc_str);
	pack16(b, s->start_protocol_ver);
	pack_str(b, s->cpus_per_tres);
	pack_str(b, s->mem_per_tres);
	pack_str(b, s->submit_line);
	pack_str(b, s->tres_bind);
	pack_str(b, s->tres_freq);
	pack_str(b, s->tres_per_step);
	pack_str(b, s->tres_per_node);
	pack_str(b, s->tres_per_socket);
	pack_str(b, s->tres_per_task);
}

size_t slurm_step_info_response_begin(buf_t *b, time_t now)
{
	size_t at = buf_len(b);

	pack32(b, 0);
	pack_time(b, now);
	return at;
}

void slurm_step_info_response_finish(buf_t *b, size_t at, uint32_t count)
{
	buf_put_u32_at(b, at, count);
}

void slurm_srun_node_fail_pack(buf_t *b, const struct slurm_step_id *s,
			       const char *nodelist)
{
	slurm_step_id_pack(b, s);
	pack_str(b, nodelist);
}

/* ---- srun's allocation lookup --------------------------------------- */

void slurm_het_alloc_pack(buf_t *b, const struct slurm_alloc_response *r,
			  uint16_t count)
{
	pack16(b, count);
	for (uint16_t i = 0; i < count; i++)
		slurm_alloc_response_pack(b, &r[i]);
}
