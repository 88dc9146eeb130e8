/* msg_node.h - RESPONSE_NODE_INFO (2008) for sinfo and scontrol show node:
 * one record per node-table slot, every field of 22.05's _pack_node() in
 * wire order. Record i is node index i of every node_inx bitmap, so the
 * controller must send its whole node table in a fixed order (a slot with
 * name NULL is skipped by the clients). A node's partition list is not on
 * the wire: scontrol derives it from RESPONSE_PARTITION_INFO. */
#ifndef FLURM_SLURM_MSG_NODE_H
#define FLURM_SLURM_MSG_NODE_H

#include <stdint.h>
#include <time.h>

#include "core/pack.h"

struct slurm_node_info {
	char *name;
	char *node_hostname;
	char *node_addr;
	char *bcast_address;
	uint16_t port;                /* slurmd port */
	uint32_t next_state;          /* NO_VAL */
	uint32_t node_state;          /* NODE_STATE_* base | flags */
	char *version;                /* "22.05.8" */
	uint16_t cpus;
	uint16_t boards;
	uint16_t sockets;             /* total sockets */
	uint16_t cores;               /* per socket */
	uint16_t threads;             /* per core */
	uint64_t real_memory;         /* MB */
	uint32_t tmp_disk;
	char *gpu_spec;               /* 24.05 on: cores reserved for GPUs */
	char *mcs_label;
	uint32_t owner;               /* NO_VAL */
	uint16_t core_spec_cnt;
	uint32_t cpu_bind;
	uint64_t mem_spec_limit;
	char *cpu_spec_list;
	uint16_t cpus_efctv;          /* usable CPUs; sinfo counts with it */
	uint32_t cpu_load;            /* load * 100, NO_VAL = n/a */
	uint64_t free_mem;            /* MB, NO_VAL64 = n/a */
	uint32_t weight;
	uint16_t res_cores_per_gpu;   /* 24.05 on */
	uint32_t reason_uid;          /* NO_VAL when no reason */
	time_t boot_time;
	time_t last_busy;
	time_t reason_time;
	time_t resume_after;          /* 23.02 on: when a DOWN node returns */
	time_t slurmd_start_time;
	/* select nodeinfo (cons_tres/cons_res/linear all have this shape) */
	uint32_t select_plugin;
	uint16_t alloc_cpus;          /* sinfo: 0 < alloc < efctv = "mix" */
	uint64_t alloc_memory;        /* MB */
	char *tres_alloc_fmt_str;     /* "cpu=1,mem=100M" */
	double tres_alloc_weighted;
	char *arch;
	char *features;
	char *features_act;
	char *gres;
	char *gres_drain;
	char *gres_used;
	char *os;
	char *comment;
	char *extra;
	char *instance_id;            /* 23.11 on: cloud instance */
	char *instance_type;          /* 23.11 on */
	char *reason;                 /* why DOWN/DRAIN */
	/* energy (zeros when nothing gathers it) */
	uint64_t energy_base_consumed;
	uint32_t energy_ave_watts;
	uint64_t energy_consumed;
	uint32_t energy_current_watts;
	uint64_t energy_previous_consumed;
	time_t energy_poll_time;
	/* ext_sensors (until 24.05): slurmctld sends NO_VAL64, NO_VAL, 0, 0 */
	uint64_t ext_consumed_energy;
	uint32_t ext_temperature;
	time_t ext_energy_update_time;
	uint32_t ext_current_watts;
	uint32_t power_cap_watts;     /* until 24.05; NO_VAL = no power mgmt */
	char *tres_fmt_str;           /* "cpu=16,mem=8000M,billing=16" */
	char *resv_name;              /* 23.02 on: reservation it is in */
};

struct slurm_node_info_msg {
	uint32_t record_count;
	time_t last_update;
	struct slurm_node_info *nodes;
};

/* Zero N and set the sentinels slurmctld sends for an idle node. */
void slurm_node_info_init(struct slurm_node_info *n);
void slurm_node_info_pack_header(buf_t *b, uint32_t count, time_t last_update);
void slurm_node_info_pack(buf_t *b, const struct slurm_node_info *n);
void slurm_node_info_msg_pack(buf_t *b, const struct slurm_node_info_msg *m);
int slurm_node_info_unpack_one(buf_t *b, struct slurm_node_info *n);
/* Whole body; fails on trailing bytes. */
int slurm_node_info_msg_unpack(buf_t *b, struct slurm_node_info_msg *m);
void slurm_node_info_free(struct slurm_node_info *n);
void slurm_node_info_msg_free(struct slurm_node_info_msg *m);

/* REQUEST_UPDATE_NODE (3002): scontrol update NodeName=... State=...
 * Reason=... Unchanged numbers are NO_VAL, unchanged strings NULL. */
struct slurm_update_node {
	char *comment;
	uint32_t cpu_bind;
	char *extra;
	char *features;
	char *features_act;
	char *gres;
	char *node_addr;
	char *node_hostname;
	char *node_names;             /* hostlist expression */
	uint32_t node_state;          /* NODE_STATE_DRAIN, NODE_RESUME, ... */
	char *reason;
	uint32_t reason_uid;
	uint32_t weight;
};
int slurm_update_node_unpack(buf_t *b, struct slurm_update_node *u);
void slurm_update_node_pack(buf_t *b, const struct slurm_update_node *u);
void slurm_update_node_free(struct slurm_update_node *u);

/* REQUEST_REBOOT_NODES (1015): scontrol reboot [ASAP] [nextstate=]
 * [reason=] NODES|ALL. */
#define SLURM_REBOOT_FLAGS_ASAP 0x0001
struct slurm_reboot_msg {
	char *features;               /* NodeFeatures plugins only */
	uint16_t flags;               /* SLURM_REBOOT_FLAGS_ASAP */
	uint32_t next_state;          /* NO_VAL, NODE_RESUME or DOWN */
	char *node_list;              /* hostlist, "ALL" or NULL (all) */
	char *reason;
};
int slurm_reboot_msg_unpack(buf_t *b, struct slurm_reboot_msg *m);
void slurm_reboot_msg_pack(buf_t *b, const struct slurm_reboot_msg *m);
void slurm_reboot_msg_free(struct slurm_reboot_msg *m);

#endif
