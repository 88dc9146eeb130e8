/* msg_alloc.h - Slurm 22.05 bodies of interactive allocations (salloc,
 * srun), the allocation reply also in 23.02 and 23.11 (a table): the allocation reply (RESPONSE_RESOURCE_ALLOCATION 4002, also
 * RESPONSE_JOB_ALLOCATION_INFO 4015), the allocation lookup (4014), the
 * relinquish request (REQUEST_COMPLETE_JOB_ALLOCATION 5017) and the
 * messages the controller sends to the client's own ports (SRUN_TIMEOUT,
 * SRUN_JOB_COMPLETE; SRUN_PING is empty). The request itself is a
 * job_desc_msg_t (msg_job.h); REQUEST_JOB_READY is a job id request and
 * its answer a return code (msg_misc.h). Unpackers use up the body
 * exactly, or fail with err_msg() and nothing left to free. */
#ifndef FLURM_SLURM_MSG_ALLOC_H
#define FLURM_SLURM_MSG_ALLOC_H

#include <stdint.h>
#include <time.h>

#include "core/pack.h"
#include "slurm/proto.h"

/* --- RESPONSE_RESOURCE_ALLOCATION (4002) / _JOB_ALLOCATION_INFO (4015).
 * node_cnt 0 means "pending": salloc then waits for the same message on
 * its alloc_resp_port. --- */
struct slurm_alloc_response {
	char *account;
	char *alias_list;
	char *batch_host;
	char **environment;
	uint32_t env_size;
	uint32_t error_code;          /* printed by salloc while pending */
	uint32_t gid;                 /* 23.02 on: the job's group */
	char *group_name;             /* 23.02 on */
	char *job_submit_user_msg;
	uint32_t job_id;
	uint32_t node_cnt;
	struct slurm_addr *node_addr; /* node_cnt entries, or NULL */
	char *node_list;              /* "n[1-2]" */
	uint16_t ntasks_per_board;
	uint16_t ntasks_per_core;
	uint16_t ntasks_per_tres;
	uint16_t ntasks_per_socket;
	/* CPUs per node, run-length coded: cpus_per_node[i] on
	 * cpu_count_reps[i] consecutive nodes */
	uint32_t num_cpu_groups;
	uint16_t *cpus_per_node;
	uint32_t *cpu_count_reps;
	char *partition;
	uint64_t pn_min_memory;       /* MB; MEM_PER_CPU bit */
	char *qos;
	char *resv_name;
	uint32_t select_plugin;       /* until 23.02 */
	char *tres_per_node;          /* 23.02 on */
	uint32_t uid;                 /* 23.02 on: the job's owner */
	char *user_name;              /* 23.02 on */
};
/* Zero R and set what slurmctld sends for a job without task options
 * (ntasks_per_core and _socket INFINITE16, the others 0) and the linear
 * select plugin. */
void slurm_alloc_response_init(struct slurm_alloc_response *r);
void slurm_alloc_response_pack(buf_t *b, const struct slurm_alloc_response *r);
int slurm_alloc_response_unpack(buf_t *b, struct slurm_alloc_response *r);
void slurm_alloc_response_free(struct slurm_alloc_response *r);

/* RESPONSE_JOB_READY (4020) is a u32 of these bits (salloc starts its
 * command once job and prolog are ready, and the nodes with
 * --wait-all-nodes). */
#define READY_NODE_STATE   0x01
#define READY_JOB_STATE    0x02
#define READY_PROLOG_STATE 0x04

/* --- REQUEST_JOB_ALLOCATION_INFO (4014): u32 job_id, str req_cluster --- */
struct slurm_alloc_info_request {
	uint32_t job_id;
	char *req_cluster;
};
int slurm_alloc_info_request_unpack(buf_t *b, struct slurm_alloc_info_request *r);
void slurm_alloc_info_request_pack(buf_t *b,
				   const struct slurm_alloc_info_request *r);
void slurm_alloc_info_request_free(struct slurm_alloc_info_request *r);

/* --- REQUEST_COMPLETE_JOB_ALLOCATION (5017): u32 job_id, u32 job_rc (the
 * wait() status of salloc's command; NO_VAL when salloc was
 * interrupted) --- */
struct slurm_complete_alloc {
	uint32_t job_id;
	uint32_t job_rc;
};
int slurm_complete_alloc_unpack(buf_t *b, struct slurm_complete_alloc *r);
void slurm_complete_alloc_pack(buf_t *b, const struct slurm_complete_alloc *r);

/* A step id: u32 job_id, u32 step_id, u32 step_het_comp (NO_VAL when
 * not a het step). SRUN_JOB_COMPLETE (7004) is just this; step_id NO_VAL
 * means the whole allocation has been revoked. */
struct slurm_step_id {
	uint32_t job_id;
	uint32_t step_id;
	uint32_t step_het_comp;
};
void slurm_step_id_pack(buf_t *b, const struct slurm_step_id *s);
int slurm_step_id_unpack(buf_t *b, struct slurm_step_id *s);

/* --- SRUN_TIMEOUT (7002): step id, time timeout (when the time limit is
 * reached) --- */
struct slurm_srun_timeout {
	struct slurm_step_id step;
	time_t timeout;
};
void slurm_srun_timeout_pack(buf_t *b, const struct slurm_srun_timeout *t);
int slurm_srun_timeout_unpack(buf_t *b, struct slurm_srun_timeout *t);

#endif
