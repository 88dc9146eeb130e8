/* msg_node.c - pack and unpack RESPONSE_NODE_INFO in Slurm 22.05's layout
 * (node_mgr.c _pack_node() at slurm-22-05-8-1). Which nodes exist and in
 * what order is the controller's business; this file only lays out bytes. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_node.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"

/* node record fields that differ by protocol version, at the place of the
 * 22.05 layout they sit */
enum {
	NI_AFTER_TMP_DISK, NI_AFTER_WEIGHT, NI_AFTER_REASON_TIME,
	NI_AFTER_EXTRA, NI_AFTER_ENERGY, NI_END
};
static const struct slurm_vfield node_info_vf[] = {
	SLURM_VF(NI_AFTER_TMP_DISK, SLURM_VF_STR, SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_node_info, gpu_spec),
	SLURM_VF(NI_AFTER_WEIGHT, SLURM_VF_U16, SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_node_info, res_cores_per_gpu),
	SLURM_VF(NI_AFTER_REASON_TIME, SLURM_VF_TIME,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_node_info, resume_after),
	SLURM_VF(NI_AFTER_EXTRA, SLURM_VF_STR, SLURM_23_11_PROTOCOL_VERSION, 0,
		 struct slurm_node_info, instance_id),
	SLURM_VF(NI_AFTER_EXTRA, SLURM_VF_STR, SLURM_23_11_PROTOCOL_VERSION, 0,
		 struct slurm_node_info, instance_type),
	/* the former ext_sensors data and power cap, gone in 24.05 */
	SLURM_VF(NI_AFTER_ENERGY, SLURM_VF_U64, 0, SLURM_24_05_PROTOCOL_VERSION,
		 struct slurm_node_info, ext_consumed_energy),
	SLURM_VF(NI_AFTER_ENERGY, SLURM_VF_U32, 0, SLURM_24_05_PROTOCOL_VERSION,
		 struct slurm_node_info, ext_temperature),
	SLURM_VF(NI_AFTER_ENERGY, SLURM_VF_TIME, 0, SLURM_24_05_PROTOCOL_VERSION,
		 struct slurm_node_info, ext_energy_update_time),
	SLURM_VF(NI_AFTER_ENERGY, SLURM_VF_U32, 0, SLURM_24_05_PROTOCOL_VERSION,
		 struct slurm_node_info, ext_current_watts),
	SLURM_VF(NI_AFTER_ENERGY, SLURM_VF_U32, 0, SLURM_24_05_PROTOCOL_VERSION,
		 struct slurm_node_info, power_cap_watts),
	SLURM_VF(NI_END, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_node_info, resv_name),
};
#define NI_PACK(b, spot, n) \
	slurm_vf_pack(b, node_info_vf, SLURM_VF_N(node_info_vf), spot, n)
#define NI_UNPACK(b, spot, n) \
	slurm_vf_unpack(b, node_info_vf, SLURM_VF_N(node_info_vf), spot, n)

void slurm_node_info_init(struct slurm_node_info *n)
{
	memset(n, 0, sizeof(*n));
	n->next_state = NO_VAL;
	n->owner = NO_VAL;
	n->cpu_load = NO_VAL;
	n->free_mem = NO_VAL64;
	n->reason_uid = NO_VAL;
	n->weight = 1;
	n->select_plugin = SELECT_PLUGIN_CONS_TRES;
	n->ext_consumed_energy = NO_VAL64;
	n->ext_temperature = NO_VAL;
	n->power_cap_watts = NO_VAL;
}

void slurm_node_info_pack_header(buf_t *b, uint32_t count, time_t last_update)
{
	pack32(b, count);
	pack_time(b, last_update);
}

void slurm_node_info_pack(buf_t *b, const struct slurm_node_info *n)
{
	pack_str(b, n->name);
	pack_str(b, n->node_hostname);
	pack_str(b, n->node_addr);
	pack_str(b, n->bcast_address);
	pack16(b, n->port);
	pack32(b, n->next_state);
	pack32(b, n->node_state);
	pack_str(b, n->version);
	pack16(b, n->cpus);
	pack16(b, n->boards);
	pack16(b, n->sockets);
	pack16(b, n->cores);
	pack16(b, n->threads);
	pack64(b, n->real_memory);
	pack32(b, n->tmp_disk);
	NI_PACK(b, NI_AFTER_TMP_DISK, n);
	pack_str(b, n->mcs_label);
	pack32(b, n->owner);
	pack16(b, n->core_spec_cnt);
	pack32(b, n->cpu_bind);
	pack64(b, n->mem_spec_limit);
	pack_str(b, n->cpu_spec_list);
	pack16(b, n->cpus_efctv);
	pack32(b, n->cpu_load);
	pack64(b, n->free_mem);
	pack32(b, n->weight);
	NI_PACK(b, NI_AFTER_WEIGHT, n);
	pack32(b, n->reason_uid);
	pack_time(b, n->boot_time);
	pack_time(b, n->last_busy);
	pack_time(b, n->reason_time);
	NI_PACK(b, NI_AFTER_REASON_TIME, n);
	pack_time(b, n->slurmd_start_time);
	pack32(b, n->select_plugin);
	pack16(b, n->alloc_cpus);
	pack64(b, n->alloc_memory);
	pack_str(b, n->tres_alloc_fmt_str);
	pack_double(b, n->tres_alloc_weighted);
	pack_str(b, n->arch);
	pack_str(b, n->features);
	pack_str(b, n->features_act);
	pack_str(b, n->gres);
	pack_str(b, n->gres_drain);
	pack_str(b, n->gres_used);
	pack_str(b, n->os);
	pack_str(b, n->comment);
	pack_str(b, n->extra);
	NI_PACK(b, NI_AFTER_EXTRA, n);
	pack_str(b, n->reason);
	pack64(b, n->energy_base_consumed);
	pack32(b, n->energy_ave_watts);
	pack64(b, n->energy_consumed);
	pack32(b, n->energy_current_watts);
	pack64(b, n->energy_previous_consumed);
	pack_time(b, n->energy_poll_time);
	NI_PACK(b, NI_AFTER_ENERGY, n);
	pack_str(b, n->tres_fmt_str);
	NI_PACK(b, NI_END, n);
}

void slurm_node_info_msg_pack(buf_t *b, const struct slurm_node_info_msg *m)
{
	slurm_node_info_pack_header(b, m->record_count, m->last_update);
	for (uint32_t i = 0; i < m->record_count; i++)
		slurm_node_info_pack(b, &m->nodes[i]);
}

int slurm_node_info_unpack_one(buf_t *b, struct slurm_node_info *n)
{
	memset(n, 0, sizeof(*n));
	if (unpack_str(b, &n->name) ||
	    unpack_str(b, &n->node_hostname) ||
	    unpack_str(b, &n->node_addr) ||
	    unpack_str(b, &n->bcast_address) ||
	    unpack16(b, &n->port) ||
	    unpack32(b, &n->next_state) ||
	    unpack32(b, &n->node_state) ||
	    unpack_str(b, &n->version) ||
	    unpack16(b, &n->cpus) ||
	    unpack16(b, &n->boards) ||
	    unpack16(b, &n->sockets) ||
	    unpack16(b, &n->cores) ||
	    unpack16(b, &n->threads) ||
	    unpack64(b, &n->real_memory) ||
	    unpack32(b, &n->tmp_disk) ||
	    NI_UNPACK(b, NI_AFTER_TMP_DISK, n) ||
	    unpack_str(b, &n->mcs_label) ||
	    unpack32(b, &n->owner) ||
	    unpack16(b, &n->core_spec_cnt) ||
	    unpack32(b, &n->cpu_bind) ||
	    unpack64(b, &n->mem_spec_limit) ||
	    unpack_str(b, &n->cpu_spec_list) ||
	    unpack16(b, &n->cpus_efctv) ||
	    unpack32(b, &n->cpu_load) ||
	    unpack64(b, &n->free_mem) ||
	    unpack32(b, &n->weight) ||
	    NI_UNPACK(b, NI_AFTER_WEIGHT, n) ||
	    unpack32(b, &n->reason_uid) ||
	    unpack_time(b, &n->boot_time) ||
	    unpack_time(b, &n->last_busy) ||
	    unpack_time(b, &n->reason_time) ||
	    NI_UNPACK(b, NI_AFTER_REASON_TIME, n) ||
	    unpack_time(b, &n->slurmd_start_time) ||
	    /* the nodeinfo shape is the same for every plugin we accept */
	    slurm_select_plugin_unpack(b, &n->select_plugin) ||
	    unpack16(b, &n->alloc_cpus) ||
	    unpack64(b, &n->alloc_memory) ||
	    unpack_str(b, &n->tres_alloc_fmt_str) ||
	    unpack_double(b, &n->tres_alloc_weighted) ||
	    unpack_str(b, &n->arch) ||
	    unpack_str(b, &n->features) ||
	    unpack_str(b, &n->features_act) ||
	    unpack_str(b, &n->gres) ||
	    unpack_str(b, &n->gres_drain) ||
	    unpack_str(b, &n->gres_used) ||
	    unpack_str(b, &n->os) ||
	    unpack_str(b, &n->comment) ||
	    unpack_str(b, &n->extra) ||
	    NI_UNPACK(b, NI_AFTER_EXTRA, n) ||
	    unpack_str(b, &n->reason) ||
	    unpack64(b, &n->energy_base_consumed) ||
	    unpack32(b, &n->energy_ave_watts) ||
	    unpack64(b, &n->energy_consumed) ||
	    unpack32(b, &n->energy_current_watts) ||
	    unpack64(b, &n->energy_previous_consumed) ||
	    unpack_time(b, &n->energy_poll_time) ||
	    NI_UNPACK(b, NI_AFTER_ENERGY, n) ||
	    unpack_str(b, &n->tres_fmt_str) ||
	    NI_UNPACK(b, NI_END, n)) {
		slurm_node_info_free(n);
		return slurm_codec_fail("node record");
	}
	return 0;
}

/* slurm_codec_records wants one untyped reader */
static int unpack_node_record(buf_t *b, void *record)
{
	return slurm_node_info_unpack_one(b, record);
}

int slurm_node_info_msg_unpack(buf_t *b, struct slurm_node_info_msg *m)
{
	void *recs;
	int rc;
	static const char what[] = "node info";
	uint32_t count;

	memset(m, 0, sizeof(*m));
	if (unpack32(b, &count) || unpack_time(b, &m->last_update))
		return slurm_codec_fail(what);
	rc = slurm_codec_records(b, what, count, sizeof(*m->nodes),
				 unpack_node_record, &recs, &m->record_count);
	m->nodes = recs;
	if (rc == 0)
		return 0;
	slurm_node_info_msg_free(m);
	return -1;
}

void slurm_node_info_free(struct slurm_node_info *n)
{
	char **strs[] = {
		&n->name, &n->node_hostname, &n->node_addr, &n->bcast_address,
		&n->version, &n->mcs_label, &n->cpu_spec_list,
		&n->tres_alloc_fmt_str, &n->arch, &n->features,
		&n->features_act, &n->gres, &n->gres_drain, &n->gres_used,
		&n->os, &n->comment, &n->extra, &n->reason, &n->tres_fmt_str,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	slurm_vf_free(node_info_vf, SLURM_VF_N(node_info_vf), n);
	memset(n, 0, sizeof(*n));
}

void slurm_node_info_msg_free(struct slurm_node_info_msg *m)
{
	for (uint32_t i = 0; i < m->record_count; i++)
		slurm_node_info_free(&m->nodes[i]);
	free(m->nodes);
	memset(m, 0, sizeof(*m));
}

int slurm_update_node_unpack(buf_t *b, struct slurm_update_node *u)
{
	memset(u, 0, sizeof(*u));
	unpack_str(b, &u->comment);
	unpack32(b, &u->cpu_bind);
	unpack_str(b, &u->extra);
	unpack_str(b, &u->features);
	unpack_str(b, &u->features_act);
	unpack_str(b, &u->gres);
	unpack_str(b, &u->node_addr);
	unpack_str(b, &u->node_hostname);
	unpack_str(b, &u->node_names);
	unpack32(b, &u->node_state);
	unpack_str(b, &u->reason);
	unpack32(b, &u->reason_uid);
	unpack32(b, &u->weight);
	if (slurm_codec_end(b, "node update") < 0) {
		slurm_update_node_free(u);
		return -1;
	}
	return 0;
}

void slurm_update_node_pack(buf_t *b, const struct slurm_update_node *u)
{
	pack_str(b, u->comment);
	pack32(b, u->cpu_bind);
	pack_str(b, u->extra);
	pack_str(b, u->features);
	pack_str(b, u->features_act);
	pack_str(b, u->gres);
	pack_str(b, u->node_addr);
	pack_str(b, u->node_hostname);
	pack_str(b, u->node_names);
	pack32(b, u->node_state);
	pack_str(b, u->reason);
	pack32(b, u->reason_uid);
	pack32(b, u->weight);
}

void slurm_update_node_free(struct slurm_update_node *u)
{
	free(u->comment);
	free(u->extra);
	free(u->features);
	free(u->features_act);
	free(u->gres);
	free(u->node_addr);
	free(u->node_hostname);
	free(u->node_names);
	free(u->reason);
	memset(u, 0, sizeof(*u));
}

int slurm_reboot_msg_unpack(buf_t *b, struct slurm_reboot_msg *m)
{
	memset(m, 0, sizeof(*m));
	unpack_str(b, &m->features);
	unpack16(b, &m->flags);
	unpack32(b, &m->next_state);
	unpack_str(b, &m->node_list);
	unpack_str(b, &m->reason);
	if (slurm_codec_end(b, "reboot request") < 0) {
		slurm_reboot_msg_free(m);
		return -1;
	}
	return 0;
}

void slurm_reboot_msg_pack(buf_t *b, const struct slurm_reboot_msg *m)
{
	pack_str(b, m->features);
	pack16(b, m->flags);
	pack32(b, m->next_state);
	pack_str(b, m->node_list);
	pack_str(b, m->reason);
}

void slurm_reboot_msg_free(struct slurm_reboot_msg *m)
{
	free(m->features);
	free(m->node_list);
	free(m->reason);
	memset(m, 0, sizeof(*m));
}
