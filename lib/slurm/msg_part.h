/* msg_part.h - RESPONSE_PARTITION_INFO (2010) for squeue, sinfo and
 * scontrol: every field of 22.05's pack_part() in wire order. node_inx
 * indexes the node array of RESPONSE_NODE_INFO; sinfo finds a partition's
 * nodes only through it. Also scontrol's partition changes:
 * REQUEST_CREATE_PARTITION / REQUEST_UPDATE_PARTITION (update_part_msg_t)
 * and REQUEST_DELETE_PARTITION (delete_part_msg_t). */
#ifndef FLURM_SLURM_MSG_PART_H
#define FLURM_SLURM_MSG_PART_H

#include <stdint.h>
#include <time.h>

#include "core/bitstr.h"
#include "core/pack.h"

/* One JobDefaults= entry (type is Slurm's JOB_DEF_* number). */
struct slurm_job_default {
	uint16_t type;
	uint64_t value;
};

struct slurm_part_info {
	char *name;
	uint32_t cpu_bind;
	uint32_t grace_time;
	uint32_t max_time;            /* minutes, INFINITE = unlimited */
	uint32_t default_time;        /* NO_VAL = none */
	uint32_t max_nodes;           /* INFINITE */
	uint32_t min_nodes;
	uint32_t total_nodes;
	uint32_t total_cpus;
	uint64_t def_mem_per_cpu;     /* MEM_PER_CPU bit semantics */
	uint32_t max_cpus_per_node;   /* INFINITE */
	uint32_t max_cpus_per_socket; /* 23.02 on; INFINITE */
	uint64_t max_mem_per_cpu;
	uint16_t flags;               /* PART_FLAG_* (DEFAULT = "*" in sinfo) */
	uint16_t max_share;           /* 0 EXCLUSIVE, 1 NO, N YES:N, FORCE bit */
	uint16_t over_time_limit;     /* NO_VAL16 */
	uint16_t preempt_mode;        /* NO_VAL16 */
	uint16_t priority_job_factor;
	uint16_t priority_tier;
	uint16_t state_up;            /* PARTITION_UP, _DOWN, _DRAIN, _INACTIVE */
	uint16_t cr_type;
	uint16_t resume_timeout;      /* NO_VAL16 */
	uint16_t suspend_timeout;     /* NO_VAL16 */
	uint32_t suspend_time;        /* NO_VAL */
	char *allow_accounts;         /* NULL = ALL */
	char *allow_groups;           /* NULL = ALL */
	char *allow_alloc_nodes;
	char *allow_qos;
	char *qos_char;
	char *alternate;
	char *deny_accounts;
	char *deny_qos;
	char *nodes;                  /* "n[1-4]" */
	char *nodesets;
	bitstr_t *node_inx;
	char *billing_weights_str;
	char *tres_fmt_str;
	/* NULL/0 is sent as "no list" (NO_VAL), as slurmctld does */
	struct slurm_job_default *job_defaults;
	uint32_t job_defaults_cnt;
};

struct slurm_part_info_msg {
	uint32_t record_count;
	time_t last_update;
	struct slurm_part_info *parts;
};

/* Zero P and set the sentinels slurmctld sends for a plain partition. */
void slurm_part_info_init(struct slurm_part_info *p);
void slurm_part_info_pack_header(buf_t *b, uint32_t count, time_t last_update);
void slurm_part_info_pack(buf_t *b, const struct slurm_part_info *p);
void slurm_part_info_msg_pack(buf_t *b, const struct slurm_part_info_msg *m);
int slurm_part_info_unpack_one(buf_t *b, struct slurm_part_info *p);
/* Whole body; fails on trailing bytes. */
int slurm_part_info_msg_unpack(buf_t *b, struct slurm_part_info_msg *m);
void slurm_part_info_free(struct slurm_part_info *p);
void slurm_part_info_msg_free(struct slurm_part_info_msg *m);

/* update_part_msg_t in 22.05 wire order: what scontrol create partition
 * and scontrol update PartitionName= send. Fields not given are NULL
 * strings, NO_VAL / NO_VAL16 / NO_VAL64 numbers; flags carries
 * PART_FLAG_* to set and PART_FLAG_*_CLR to clear. */
struct slurm_update_part {
	char *allow_accounts, *allow_alloc_nodes, *allow_groups, *allow_qos;
	char *alternate, *billing_weights_str;
	uint32_t cpu_bind;
	uint64_t def_mem_per_cpu;
	uint32_t default_time;        /* minutes, INFINITE, NO_VAL */
	char *deny_accounts, *deny_qos;
	uint16_t flags;
	char *job_defaults_str;
	uint32_t grace_time;
	uint32_t max_cpus_per_node;
	uint64_t max_mem_per_cpu;
	uint32_t max_nodes;
	uint16_t max_share;
	uint32_t max_time;
	uint32_t min_nodes;
	char *name, *nodes;
	uint16_t over_time_limit, preempt_mode, priority_job_factor,
		 priority_tier;
	char *qos_char;
	uint16_t state_up;            /* PARTITION_*, NO_VAL16 */
};

/* Every field "not given", as slurm_init_part_desc_msg() leaves them. */
void slurm_update_part_init(struct slurm_update_part *u);
void slurm_update_part_pack(buf_t *b, const struct slurm_update_part *u);
/* Whole body; fails on trailing bytes. */
int slurm_update_part_unpack(buf_t *b, struct slurm_update_part *u);
void slurm_update_part_free(struct slurm_update_part *u);

/* delete_part_msg_t: the partition's name. */
void slurm_delete_part_pack(buf_t *b, const char *name);
int slurm_delete_part_unpack(buf_t *b, char **name);

#endif
