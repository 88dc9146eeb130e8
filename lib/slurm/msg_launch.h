/* msg_launch.h - what srun and scontrol send to a node, and what the node
 * sends back, in Slurm 22.05 (slurm_protocol_pack.c, io_hdr.c):
 *   REQUEST_LAUNCH_TASKS (6001)   srun -> node, answered RESPONSE_SLURM_RC
 *   RESPONSE_LAUNCH_TASKS (6002)  node -> srun's response port
 *   MESSAGE_TASK_EXIT (6003)      node -> srun's response port
 *   REQUEST_SIGNAL_TASKS (6004), REQUEST_TERMINATE_TASKS (6006)
 *                                 srun -> node (signal_tasks_msg)
 *   REQUEST_JOB_ID (2013) / RESPONSE_JOB_ID (2014)
 *                                 scontrol pidinfo -> node
 * and the stdio stream between a node and srun's I/O ports: one io init
 * message, then io_hdr frames. What the node does with them is flurmnd's. */
#ifndef FLURM_SLURM_MSG_LAUNCH_H
#define FLURM_SLURM_MSG_LAUNCH_H

#include <stdint.h>

#include "core/pack.h"
#include "slurm/msg_cred.h"
#include "slurm/proto.h"

/* launch_tasks_request_msg_t flags */
#define LAUNCH_PARALLEL_DEBUG 0x01u
#define LAUNCH_MULTI_PROG     0x02u
#define LAUNCH_PTY            0x04u
#define LAUNCH_BUFFERED_IO    0x08u
#define LAUNCH_LABEL_IO       0x10u
#define LAUNCH_USER_MANAGED_IO 0x20u
#define LAUNCH_NO_ALLOC       0x40u
#define LAUNCH_OVERCOMMIT     0x80u

/* mpi_plugin_id: none; the PMI plugins (pmi2 102, pmix 104-107) are not
 * supported. */
#define MPI_PLUGIN_NONE 101
#define MPI_PLUGIN_PMI2 102
/* switch plugin id of switch/none, the only one taken */
#define SWITCH_PLUGIN_NONE 100

struct slurm_launch_tasks {
	uint32_t job_id, step_id, step_het_comp;
	uint32_t uid, gid;
	char *user_name;
	uint32_t *gids;
	uint32_t ngids;
	uint32_t het_job_id;               /* NO_VAL: not heterogeneous */
	uint32_t mpi_plugin_id;
	uint32_t ntasks;                   /* of the whole step */
	uint64_t job_mem_lim, step_mem_lim;/* MB on this node, 0: none */
	uint32_t nnodes;
	uint16_t cpus_per_task;
	uint32_t task_dist;
	uint16_t node_cpus;
	uint16_t cred_version;
	struct cred cred;
	uint16_t *tasks_to_launch;         /* [nnodes] */
	uint32_t **global_task_ids;        /* [nnodes][tasks_to_launch[i]] */
	uint16_t num_resp_port;
	uint16_t *resp_port;
	struct slurm_addr orig_addr;
	char **env;                        /* NULL-terminated */
	uint32_t envc;
	char *cwd;
	uint16_t cpu_bind_type;
	char *cpu_bind;
	char **argv;                       /* NULL-terminated */
	uint32_t argc;
	uint32_t flags;                    /* LAUNCH_* */
	char *ofname, *efname, *ifname;    /* srun -o/-e/-i, or NULL */
	uint16_t num_io_port;
	uint16_t *io_port;
	char *task_prolog, *task_epilog;
	uint32_t switch_plugin;
	char *alias_list, *complete_nodelist;
	char *tres_bind;                   /* srun's, "gpu:per_task:1" */
	uint8_t open_mode;
	uint32_t select_plugin;
	uint16_t x11;
};

/* The 22.05 body (version 0x2600). On failure nothing stays allocated.
 * Refused with a reason: heterogeneous steps, a switch plugin other than
 * none, a credential of another version. */
int slurm_launch_tasks_unpack(buf_t *b, struct slurm_launch_tasks *m);
/* For tests and tools: packs M (its credential already signed). */
void slurm_launch_tasks_pack(buf_t *b, const struct slurm_launch_tasks *m);
void slurm_launch_tasks_free(struct slurm_launch_tasks *m);

/* RESPONSE_LAUNCH_TASKS */
struct slurm_launch_resp {
	uint32_t job_id, step_id, step_het_comp;
	uint32_t return_code;
	const char *node_name;
	uint32_t count;
	const uint32_t *local_pids, *task_ids;
};
void slurm_launch_resp_pack(buf_t *b, const struct slurm_launch_resp *m);

/* MESSAGE_TASK_EXIT: tasks TASK_IDS (global) ended with wait status RC. */
struct slurm_task_exit {
	uint32_t return_code;
	uint32_t num_tasks;
	const uint32_t *task_ids;
	uint32_t job_id, step_id, step_het_comp;
};
void slurm_task_exit_pack(buf_t *b, const struct slurm_task_exit *m);

/* REQUEST_SIGNAL_TASKS / REQUEST_TERMINATE_TASKS */
struct slurm_signal_tasks {
	uint32_t job_id, step_id, step_het_comp;
	uint16_t flags;
	uint16_t signal;
};
int slurm_signal_tasks_unpack(buf_t *b, struct slurm_signal_tasks *m);
void slurm_signal_tasks_pack(buf_t *b, const struct slurm_signal_tasks *m);

/* REQUEST_JOB_ID: u32 pid. RESPONSE_JOB_ID: u32 job_id, u32 rc. */
int slurm_job_id_req_unpack(buf_t *b, uint32_t *pid);
void slurm_job_id_resp_pack(buf_t *b, uint32_t job_id, uint32_t rc);

/* The stdio stream (io_hdr.c). */
#define SLURM_IO_STDIN    0
#define SLURM_IO_STDOUT   1
#define SLURM_IO_STDERR   2
#define SLURM_IO_ALLSTDIN 3
#define SLURM_IO_CONNECTION_TEST 4
#define SLURM_IO_HDR_LEN  10
/* Largest payload srun takes in one frame (MAX_MSG_LEN). */
#define SLURM_IO_MAX_MSG  1024

struct slurm_io_hdr {
	uint16_t type;                     /* SLURM_IO_* */
	uint16_t gtaskid, ltaskid;
	uint32_t length;                   /* payload bytes; 0: EOF */
};
void slurm_io_hdr_pack(buf_t *b, const struct slurm_io_hdr *h);
/* P holds at least SLURM_IO_HDR_LEN bytes. */
void slurm_io_hdr_parse(const uint8_t *p, struct slurm_io_hdr *h);
/* The first thing a node sends on each I/O connection: u32 length, u16
 * version, u32 node id, u32 stdout and stderr stream counts, and the io
 * key (the job credential's signature with its NUL) as packmem. */
void slurm_io_init_pack(buf_t *b, uint32_t nodeid, uint32_t stdout_objs,
			uint32_t stderr_objs, const void *key,
			uint32_t key_len);

#endif
