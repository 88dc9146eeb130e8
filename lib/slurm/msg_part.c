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
#include "slurm/version.h"

/* partition record fields that differ by protocol version, at the place
 * of the 22.05 layout they sit */
enum { PI_AFTER_MAX_CPUS_PER_NODE, PI_FLAGS };
static const struct slurm_vfield part_info_vf[] = {
	SLURM_VF(PI_AFTER_MAX_CPUS_PER_NODE, SLURM_VF_U32,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_part_info, max_cpus_per_socket),
	/* 24.05 widens the flags to 32 bits; FLURM has none above 16 */
	SLURM_VF(PI_FLAGS, SLURM_VF_U16, 0, SLURM_24_05_PROTOCOL_VERSION,
		 struct slurm_part_info, flags),
	SLURM_VF(PI_FLAGS, SLURM_VF_U16_BITS_AS_U32,
		 SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_part_info, flags),
};
#define PI_PACK(b, spot, p) \
	slurm_vf_pack(b, part_info_vf, SLURM_VF_N(part_info_vf), spot, p)
#define PI_UNPACK(b, spot, p) \
	slurm_vf_unpack(b, part_info_vf, SLURM_VF_N(part_info_vf), spot, p)

void slurm_part_info_init(struct slurm_part_info *p)
{
	memset(p, 0, sizeof(*p));
	p->max_time = INFINITE;
	p->default_time = NO_VAL;
	p->max_nodes = INFINITE;
	p->max_cpus_per_node = INFINITE;
	p->max_cpus_per_socket = INFINITE;
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
	PI_PACK(b, PI_AFTER_MAX_CPUS_PER_NODE, p);
	pack64(b, p->max_mem_per_cpu);
	PI_PACK(b, PI_FLAGS, p);
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
	    PI_UNPACK(b, PI_AFTER_MAX_CPUS_PER_NODE, p) ||
	    unpack64(b, &p->max_mem_per_cpu) ||
	    PI_UNPACK(b, PI_FLAGS, p) ||
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

/* ---- scontrol create/update/delete partition ---------------------- */

void slurm_update_part_init(struct slurm_update_part *u)
{
	memset(u, 0, sizeof(*u));
	u->cpu_bind = 0;
	u->def_mem_per_cpu = NO_VAL64;
	u->default_time = NO_VAL;
	u->grace_time = NO_VAL;
	u->max_cpus_per_node = NO_VAL;
	u->max_mem_per_cpu = NO_VAL64;
	u->max_nodes = NO_VAL;
	u->max_share = NO_VAL16;
	u->max_time = NO_VAL;
	u->min_nodes = NO_VAL;
	u->over_time_limit = NO_VAL16;
	u->preempt_mode = NO_VAL16;
	u->priority_job_factor = NO_VAL16;
	u->priority_tier = NO_VAL16;
	u->state_up = NO_VAL16;
}

void slurm_update_part_pack(buf_t *b, const struct slurm_update_part *u)
{
	pack_str(b, u->allow_accounts);
	pack_str(b, u->allow_alloc_nodes);
	pack_str(b, u->allow_groups);
	pack_str(b, u->allow_qos);
	pack_str(b, u->alternate);
	pack_str(b, u->billing_weights_str);
	pack32(b, u->cpu_bind);
	pack64(b, u->def_mem_per_cpu);
	pack32(b, u->default_time);
	pack_str(b, u->deny_accounts);
	pack_str(b, u->deny_qos);
	pack16(b, u->flags);
	pack_str(b, u->job_defaults_str);
	pack32(b, u->grace_time);
	pack32(b, u->max_cpus_per_node);
	pack64(b, u->max_mem_per_cpu);
	pack32(b, u->max_nodes);
	pack16(b, u->max_share);
	pack32(b, u->max_time);
	pack32(b, u->min_nodes);
	pack_str(b, u->name);
	pack_str(b, u->nodes);
	pack16(b, u->over_time_limit);
	pack16(b, u->preempt_mode);
	pack16(b, u->priority_job_factor);
	pack16(b, u->priority_tier);
	pack_str(b, u->qos_char);
	pack16(b, u->state_up);
}

int slurm_update_part_unpack(buf_t *b, struct slurm_update_part *u)
{
	memset(u, 0, sizeof(*u));
	if (unpack_str(b, &u->allow_accounts) ||
	    unpack_str(b, &u->allow_alloc_nodes) ||
	    unpack_str(b, &u->allow_groups) ||
	    unpack_str(b, &u->allow_qos) ||
	    unpack_str(b, &u->alternate) ||
	    unpack_str(b, &u->billing_weights_str) ||
	    unpack32(b, &u->cpu_bind) ||
	    unpack64(b, &u->def_mem_per_cpu) ||
	    unpack32(b, &u->default_time) ||
	    unpack_str(b, &u->deny_accounts) ||
	    unpack_str(b, &u->deny_qos) ||
	    unpack16(b, &u->flags) ||
	    unpack_str(b, &u->job_defaults_str) ||
	    unpack32(b, &u->grace_time) ||
	    unpack32(b, &u->max_cpus_per_node) ||
	    unpack64(b, &u->max_mem_per_cpu) ||
	    unpack32(b, &u->max_nodes) ||
	    unpack16(b, &u->max_share) ||
	    unpack32(b, &u->max_time) ||
	    unpack32(b, &u->min_nodes) ||
	    unpack_str(b, &u->name) ||
	    unpack_str(b, &u->nodes) ||
	    unpack16(b, &u->over_time_limit) ||
	    unpack16(b, &u->preempt_mode) ||
	    unpack16(b, &u->priority_job_factor) ||
	    unpack16(b, &u->priority_tier) ||
	    unpack_str(b, &u->qos_char) ||
	    unpack16(b, &u->state_up) ||
	    buf_remaining(b) != 0) {
		slurm_update_part_free(u);
		return slurm_codec_fail("partition update");
	}
	return 0;
}

void slurm_update_part_free(struct slurm_update_part *u)
{
	char **strs[] = {
		&u->allow_accounts, &u->allow_alloc_nodes, &u->allow_groups,
		&u->allow_qos, &u->alternate, &u->billing_weights_str,
		&u->deny_accounts, &u->deny_qos, &u->job_defaults_str,
		&u->name, &u->nodes, &u->qos_char,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	memset(u, 0, sizeof(*u));
}

void slurm_delete_part_pack(buf_t *b, const char *name)
{
	pack_str(b, name);
}

int slurm_delete_part_unpack(buf_t *b, char **name)
{
	*name = NULL;
	if (unpack_str(b, name) || !*name || buf_remaining(b) != 0) {
		free(*name);
		*name = NULL;
		return slurm_codec_fail("partition delete");
	}
	return 0;
}
