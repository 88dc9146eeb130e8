/* msg_part.c - pack and unpack RESPONSE_PARTITION_INFO in Slurm 22.05's
 * layout (partition_mgr.c pack_part() at slurm-22-05-8-1). Building the
 * node_inx bitmaps in node-table order is the controller's job. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_part.h"
#include "slurm/slurm_defs.h"

void slurm_part_info_init(struct slurm_part_info *p)
{
	memset(p, 0, sizeof(*p));
	p->max_time = INFINITE;
	p->default_time = NO_VAL;
	p->max_nodes = INFINITE;
	p->max_cpus_per_node = INFINITE;
	p->max_share = 1;
	p->over_time_limit = NO_VAL16;
	p->preempt_mode = NO_VAL16;
	p->priority_job_factor = 1;
	p->priority_tier = 1;
	p->state_up = PARTITION_UP;
	p->resume_timeout = NO_VAL16;
	p->suspend_timeout = NO_VAL16;
	p->suspend_time = NO_VAL;
}

void slurm_part_info_pack_header(buf_t *b, uint32_t count, time_t last_update)
{
	pack32(b, count);
	pack_time(b, last_update);
}

void slurm_part_info_pack(buf_t *b, const struct slurm_part_info *p)
{
	pack_str(b, p->name);
	pack32(b, p->cpu_bind);
	pack32(b, p->grace_time);
	pack32(b, p->max_time);
	pack32(b, p->default_time);
	pack32(b, p->max_nodes);
	pack32(b, p->min_nodes);
	pack32(b, p->total_nodes);
	pack32(b, p->total_cpus);
	pack64(b, p->def_mem_per_cpu);
	pack32(b, p->max_cpus_per_node);
	pack64(b, p->max_mem_per_cpu);
	pack16(b, p->flags);
	pack16(b, p->max_share);
	pack16(b, p->over_time_limit);
	pack16(b, p->preempt_mode);
	pack16(b, p->priority_job_factor);
	pack16(b, p->priority_tier);
	pack16(b, p->state_up);
	pack16(b, p->cr_type);
	pack16(b, p->resume_timeout);
	pack16(b, p->suspend_timeout);
	pack32(b, p->suspend_time);
	pack_str(b, p->allow_accounts);
	pack_str(b, p->allow_groups);
	pack_str(b, p->allow_alloc_nodes);
	pack_str(b, p->allow_qos);
	pack_str(b, p->qos_char);
	pack_str(b, p->alternate);
	pack_str(b, p->deny_accounts);
	pack_str(b, p->deny_qos);
	pack_str(b, p->nodes);
	pack_str(b, p->nodesets);
	pack_bitstr(b, p->node_inx);
	pack_str(b, p->billing_weights_str);
	pack_str(b, p->tres_fmt_str);
	if (!p->job_defaults_cnt) {
		pack32(b, NO_VAL);
		return;
	}
	pack32(b, p->job_defaults_cnt);
	for (uint32_t i = 0; i < p->job_defaults_cnt; i++) {
		pack16(b, p->job_defaults[i].type);
		pack64(b, p->job_defaults[i].value);
	}
}

void slurm_part_info_msg_pack(buf_t *b, const struct slurm_part_info_msg *m)
{
	slurm_part_info_pack_header(b, m->record_count, m->last_update);
	for (uint32_t i = 0; i < m->record_count; i++)
		slurm_part_info_pack(b, &m->parts[i]);
}

static int job_defaults_unpack(buf_t *b, struct slurm_part_info *p)
{
	uint32_t count;

	if (unpack32(b, &count))
		return -1;
	if (count == NO_VAL || count == 0)
		return 0;
	/* each entry is 10 bytes */
	if (count > buf_remaining(b) / 10) {
		err_set("%u job defaults do not fit in the body", count);
		b->failed = true;
		return -1;
	}
	p->job_defaults = xcalloc(count, sizeof(*p->job_defaults));
	p->job_defaults_cnt = count;
	for (uint32_t i = 0; i < count; i++)
		if (unpack16(b, &p->job_defaults[i].type) ||
		    unpack64(b, &p->job_defaults[i].value))
			return -1;
	return 0;
}

int slurm_part_info_unpack_one(buf_t *b, struct slurm_part_info *p)
{
	memset(p, 0, sizeof(*p));
	if (unpack_str(b, &p->name) ||
	    unpack32(b, &p->cpu_bind) ||
	    unpack32(b, &p->grace_time) ||
	    unpack32(b, &p->max_time) ||
	    unpack32(b, &p->default_time) ||
	    unpack32(b, &p->max_nodes) ||
	    unpack32(b, &p->min_nodes) ||
	    unpack32(b, &p->total_nodes) ||
	    unpack32(b, &p->total_cpus) ||
	    unpack64(b, &p->def_mem_per_cpu) ||
	    unpack32(b, &p->max_cpus_per_node) ||
	    unpack64(b, &p->max_mem_per_cpu) ||
	    unpack16(b, &p->flags) ||
	    unpack16(b, &p->max_share) ||
	    unpack16(b, &p->over_time_limit) ||
	    unpack16(b, &p->preempt_mode) ||
	    unpack16(b, &p->priority_job_factor) ||
	    unpack16(b, &p->priority_tier) ||
	    unpack16(b, &p->state_up) ||
	    unpack16(b, &p->cr_type) ||
	    unpack16(b, &p->resume_timeout) ||
	    unpack16(b, &p->suspend_timeout) ||
	    unpack32(b, &p->suspend_time) ||
	    unpack_str(b, &p->allow_accounts) ||
	    unpack_str(b, &p->allow_groups) ||
	    unpack_str(b, &p->allow_alloc_nodes) ||
	    unpack_str(b, &p->allow_qos) ||
	    unpack_str(b, &p->qos_char) ||
	    unpack_str(b, &p->alternate) ||
	    unpack_str(b, &p->deny_accounts) ||
	    unpack_str(b, &p->deny_qos) ||
	    unpack_str(b, &p->nodes) ||
	    unpack_str(b, &p->nodesets) ||
	    unpack_bitstr(b, &p->node_inx) ||
	    unpack_str(b, &p->billing_weights_str) ||
	    unpack_str(b, &p->tres_fmt_str) ||
	    job_defaults_unpack(b, p)) {
		slurm_part_info_free(p);
		return slurm_codec_fail("partition record");
	}
	return 0;
}

/* slurm_codec_records wants one untyped reader */
static int unpack_part_record(buf_t *b, void *record)
{
	return slurm_part_info_unpack_one(b, record);
}

int slurm_part_info_msg_unpack(buf_t *b, struct slurm_part_info_msg *m)
{
	void *recs;
	int rc;
	static const char what[] = "partition info";
	uint32_t count;

	memset(m, 0, sizeof(*m));
	if (unpack32(b, &count) || unpack_time(b, &m->last_update))
		return slurm_codec_fail(what);
	rc = slurm_codec_records(b, what, count, sizeof(*m->parts),
				 unpack_part_record, &recs, &m->record_count);
	m->parts = recs;
	if (rc == 0)
		return 0;
	slurm_part_info_msg_free(m);
	return -1;
}

void slurm_part_info_free(struct slurm_part_info *p)
{
	char **strs[] = {
		&p->name, &p->allow_accounts, &p->allow_groups,
		&p->allow_alloc_nodes, &p->allow_qos, &p->qos_char,
		&p->alternate, &p->deny_accounts, &p->deny_qos, &p->nodes,
		&p->nodesets, &p->billing_weights_str, &p->tres_fmt_str,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	bit_free(p->node_inx);
	free(p->job_defaults);
	memset(p, 0, sizeof(*p));
}

void slurm_part_info_msg_free(struct slurm_part_info_msg *m)
{
	for (uint32_t i = 0; i < m->record_count; i++)
		slurm_part_info_free(&m->parts[i]);
	free(m->parts);
	memset(m, 0, sizeof(*m));
}
