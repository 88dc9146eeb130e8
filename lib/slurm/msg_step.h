/* msg_step.h - Slurm 22.05 bodies of job steps (srun): the step create
 * request (REQUEST_JOB_STEP_CREATE 5001) and its reply (5002) with the
 * task layout, step completion (REQUEST_STEP_COMPLETE 5016), the step
 * info request and reply (squeue -s, scontrol show step: 2005/2006), and
 * srun's allocation lookup inside a job (REQUEST_HET_JOB_ALLOC_INFO 4027,
 * answered with RESPONSE_HET_JOB_ALLOCATION 4026: a list of allocation
 * records). The job credential inside the create reply is packed by
 * msg_cred; this file takes its bytes as they are. Unpackers use up the
 * body exactly, or fail with err_msg() and nothing left to free. */
#ifndef FLURM_SLURM_MSG_STEP_H
#define FLURM_SLURM_MSG_STEP_H

#include <stdint.h>
#include <time.h>

#include "core/bitstr.h"
#include "core/pack.h"
#include "slurm/msg_alloc.h"

/* step_create_request flags (SSF_*) */
#define SLURM_SSF_EXCLUSIVE     0x01
#define SLURM_SSF_OVERCOMMIT    0x04
#define SLURM_SSF_WHOLE         0x08   /* srun without --exact */
#define SLURM_SSF_INTERACTIVE   0x10
#define SLURM_SSF_MEM_ZERO      0x20
#define SLURM_SSF_OVERLAP_FORCE 0x40   /* srun --overlap */

/* Step ids Slurm gives its special steps. */
#define SLURM_BATCH_SCRIPT  0xfffffffbu
#define SLURM_EXTERN_CONT   0xfffffffcu
#define SLURM_PENDING_STEP  0xfffffffdu

/* --- REQUEST_JOB_STEP_CREATE (5001): job_step_create_request_msg_t --- */
struct slurm_step_create_request {
	struct slurm_step_id step_id;  /* step_id NO_VAL: the controller picks */
	uint32_t user_id;
	uint32_t min_nodes, max_nodes;
	char *container;
	uint32_t cpu_count;            /* ntasks * cpus_per_task */
	uint32_t cpu_freq_min, cpu_freq_max, cpu_freq_gov;
	uint32_t num_tasks;
	uint64_t pn_min_memory;        /* MB per node, or | MEM_PER_CPU */
	uint32_t time_limit;
	uint16_t threads_per_core;
	uint16_t relative;
	uint32_t task_dist;
	uint16_t plane_size;           /* --ntasks-per-node, NO_VAL16 */
	uint16_t port;                 /* srun's port for SRUN_* messages */
	uint16_t immediate;
	uint16_t resv_port_cnt;
	uint32_t srun_pid;
	uint32_t flags;                /* SLURM_SSF_* */
	char *host;                    /* srun's host */
	char *name;
	char *network;
	char *node_list;               /* -w */
	char *exc_nodes;               /* -x */
	char *features;
	uint32_t step_het_comp_cnt;
	char *step_het_grps;
	char *cpus_per_tres, *mem_per_tres;
	uint16_t ntasks_per_tres;
	char *submit_line;
	char *tres_bind, *tres_freq, *tres_per_step, *tres_per_node,
	     *tres_per_socket, *tres_per_task;
};
int slurm_step_create_request_unpack(buf_t *b,
				     struct slurm_step_create_request *r);
void slurm_step_create_request_pack(buf_t *b,
				    const struct slurm_step_create_request *r);
void slurm_step_create_request_free(struct slurm_step_create_request *r);

/* --- a step layout (pack_slurm_step_layout): which tasks on which node,
 * in the order of NODE_LIST --- */
struct slurm_step_layout {
	char *node_list;
	uint32_t node_cnt;
	uint16_t start_protocol_ver;
	uint32_t task_cnt;
	uint32_t task_dist;
	uint32_t *tasks;               /* node_cnt entries */
	uint32_t **tids;               /* tids[i]: tasks[i] global task ids */
};
void slurm_step_layout_pack(buf_t *b, const struct slurm_step_layout *l);
int slurm_step_layout_unpack(buf_t *b, struct slurm_step_layout *l);
void slurm_step_layout_free(struct slurm_step_layout *l);

/* --- RESPONSE_JOB_STEP_CREATE (5002). CRED is the credential as
 * msg_cred packs it; the select part is cons_tres's (empty) and the
 * switch part switch/none's (empty). --- */
struct slurm_step_create_response {
	uint32_t def_cpu_bind_type;
	char *resv_ports;
	uint32_t job_step_id;
	struct slurm_step_layout layout;
	const uint8_t *cred;
	size_t cred_len;
	uint16_t use_protocol_ver;
};
void slurm_step_create_response_pack(buf_t *b,
				     const struct slurm_step_create_response *r);

/* --- REQUEST_STEP_COMPLETE (5016): the tasks of nodes RANGE_FIRST to
 * RANGE_LAST (positions in the step's node list) ended with STEP_RC.
 * srun sends it for nodes it could not launch on, and for a step it
 * gives up before launching. The accounting data after it is skipped. */
struct slurm_step_complete {
	struct slurm_step_id step_id;
	uint32_t range_first, range_last;
	uint32_t step_rc;
};
int slurm_step_complete_unpack(buf_t *b, struct slurm_step_complete *r);
void slurm_step_complete_pack(buf_t *b, const struct slurm_step_complete *r);

/* --- REQUEST_JOB_STEP_INFO (2005): time last_update, step id (job_id
 * NO_VAL: all jobs; step_id NO_VAL: all steps), u16 show_flags --- */
struct slurm_step_info_request {
	time_t last_update;
	struct slurm_step_id step_id;
	uint16_t show_flags;
};
int slurm_step_info_request_unpack(buf_t *b, struct slurm_step_info_request *r);
void slurm_step_info_request_pack(buf_t *b,
				  const struct slurm_step_info_request *r);

/* --- RESPONSE_JOB_STEP_INFO (2006): u32 count, time last_update, then
 * count records (_pack_ctld_job_step_info). Strings are borrowed. --- */
struct slurm_step_info {
	uint32_t array_job_id, array_task_id;
	struct slurm_step_id step_id;
	uint32_t user_id;
	uint32_t num_cpus;
	uint32_t cpu_freq_min, cpu_freq_max, cpu_freq_gov;
	uint32_t num_tasks;
	uint32_t task_dist;
	uint32_t time_limit;
	uint32_t state;                /* JOB_RUNNING, ... (Slurm numbers) */
	uint32_t srun_pid;
	time_t start_time;
	time_t run_time;               /* seconds */
	const char *cluster, *container, *partition, *srun_host, *resv_ports,
		   *nodes, *name, *network;
	const bitstr_t *node_inx;
	uint32_t select_plugin;
	const char *tres_alloc_str;
	uint16_t start_protocol_ver;
	const char *cpus_per_tres, *mem_per_tres, *submit_line, *tres_bind,
		   *tres_freq, *tres_per_step, *tres_per_node,
		   *tres_per_socket, *tres_per_task;
};
void slurm_step_info_init(struct slurm_step_info *s);
void slurm_step_info_pack(buf_t *b, const struct slurm_step_info *s);
/* The reply's header; its count is patched by _finish once known. */
size_t slurm_step_info_response_begin(buf_t *b, time_t now);
void slurm_step_info_response_finish(buf_t *b, size_t at, uint32_t count);

/* --- SRUN_NODE_FAIL (7003): step id, nodelist: srun counts the tasks
 * of those nodes as ended --- */
void slurm_srun_node_fail_pack(buf_t *b, const struct slurm_step_id *s,
			       const char *nodelist);

/* --- RESPONSE_HET_JOB_ALLOCATION (4026): u16 count, then that many
 * allocation records (FLURM has no heterogeneous jobs: one) --- */
void slurm_het_alloc_pack(buf_t *b, const struct slurm_alloc_response *r,
			  uint16_t count);

#endif
