/* msg_job.h - Slurm 22.05 job message bodies: job_desc_msg_t (submit,
 * update), the submit reply, job info requests, RESPONSE_JOB_INFO records,
 * the kill/cancel request and the job array reply to an update. Structs
 * use Slurm's field names and wire values (NO_VAL sentinels, NICE_OFFSET,
 * MEM_PER_CPU bit); the controller's RPC handlers translate them to and
 * from FLURM's own model.
 *
 * Unpack functions that read a whole body (*_unpack) fail unless the body
 * is used up exactly; on failure they free what they built, leave the
 * struct zeroed and set err_msg(). Pack functions append to B. */
#ifndef FLURM_SLURM_MSG_JOB_H
#define FLURM_SLURM_MSG_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/bitstr.h"
#include "core/pack.h"
#include "slurm/codec.h"

/* --- job_desc_msg_t: REQUEST_SUBMIT_BATCH_JOB (4003), and the body of
 * 4001 allocate, 4012 will-run, 3001 update job --- */

/* A scrontab entry (only scrontab submissions carry one). */
struct slurm_cron_entry {
	uint32_t flags;
	bitstr_t *minute, *hour, *day_of_month, *month, *day_of_week;
	char *cronspec;
	uint32_t line_start, line_end;
};

/* Every field of the 22.05 layout, in wire order. Unset numbers are NO_VAL*
 * and unset strings NULL (see slurm_job_desc_init). */
struct slurm_job_desc {
	uint32_t site_factor;
	char *batch_features;
	char *cluster_features;
	char *clusters;
	uint16_t contiguous;          /* 1 = --contiguous */
	char *container;
	char *container_id;            /* 23.02 on */
	uint16_t core_spec;
	uint32_t task_dist;
	uint16_t kill_on_node_fail;
	char *features;               /* --constraint */
	uint64_t fed_siblings_active;
	uint64_t fed_siblings_viable;
	uint32_t job_id;              /* NO_VAL unless --jobid */
	char *job_id_str;
	char *name;                   /* -J, or the script name */
	char *alloc_node;             /* submit host (NULL from sbatch) */
	uint32_t alloc_sid;
	char *array_inx;              /* --array spec, "1-10%2" */
	char *burst_buffer;
	uint16_t pn_min_cpus;
	uint64_t pn_min_memory;       /* MB; MEM_PER_CPU bit = per CPU */
	uint32_t pn_min_tmp_disk;
	uint8_t power_flags;
	char *prefer;
	uint32_t cpu_freq_min, cpu_freq_max, cpu_freq_gov;
	char *partition;              /* NULL = default partition */
	uint32_t priority;            /* NO_VAL; 0 = held (-H) */
	char *dependency;
	char *account;
	char *admin_comment;
	char *comment;
	uint32_t nice;                /* NICE_OFFSET based, or NO_VAL */
	uint32_t profile;
	char *qos;
	char *mcs_label;
	char *origin_cluster;
	uint8_t open_mode;            /* 0, OPEN_MODE_APPEND, _TRUNCATE */
	uint8_t overcommit;
	char *acctg_freq;
	uint32_t num_tasks;           /* -n */
	char *req_context;
	char *req_nodes;              /* -w */
	char *exc_nodes;              /* -x */
	char **environment;           /* "NAME=value", NULL-terminated */
	uint32_t env_size;
	char **spank_job_env;
	uint32_t spank_job_env_size;
	char *script;                 /* whole batch script */
	char **argv;
	uint32_t argc;
	char *std_err;
	char *std_in;
	char *std_out;                /* NULL = slurm-%j.out */
	char *submit_line;
	char *work_dir;               /* --chdir, else the submit cwd */
	uint16_t immediate;
	uint16_t reboot;
	uint16_t requeue;
	uint16_t shared;              /* NO_VAL16, or JOB_SHARED_* */
	uint16_t cpus_per_task;
	uint16_t ntasks_per_node;
	uint16_t ntasks_per_board;
	uint16_t ntasks_per_socket;
	uint16_t ntasks_per_core;
	uint16_t ntasks_per_tres;
	uint16_t plane_size;
	uint16_t cpu_bind_type;
	uint16_t mem_bind_type;
	char *cpu_bind;
	char *mem_bind;
	uint32_t time_limit;          /* minutes; NO_VAL = partition default */
	uint32_t time_min;
	uint32_t min_cpus;
	uint32_t max_cpus;
	uint32_t min_nodes;           /* -N */
	uint32_t max_nodes;
	char *job_size_str;           /* 23.02 on: node counts "1,4-8" */
	uint16_t boards_per_node;
	uint16_t sockets_per_board;
	uint16_t sockets_per_node;
	uint16_t cores_per_socket;
	uint16_t threads_per_core;
	uint32_t user_id;
	uint32_t group_id;
	uint16_t alloc_resp_port;     /* salloc/srun: allocation callback */
	char *resp_host;
	uint16_t other_port;          /* salloc/srun: SRUN_* callbacks */
	uint16_t resv_port_cnt;       /* 24.05 on: --resv-ports; ignored */
	char *network;
	time_t begin_time;            /* --begin; 0 = now */
	time_t end_time;
	time_t deadline;
	char *licenses;
	uint16_t mail_type;           /* MAIL_JOB_* bits */
	char *mail_user;
	char *reservation;
	uint16_t restart_cnt;
	uint16_t warn_flags;
	uint16_t warn_signal;
	uint16_t warn_time;
	char *wckey;
	uint32_t req_switch;
	uint32_t wait4switch;
	uint32_t select_plugin;       /* select jobinfo plugin id */
	uint16_t wait_all_nodes;
	uint64_t bitflags;
	uint32_t delay_boot;
	char *extra;
	uint16_t x11;
	char *x11_magic_cookie;
	char *x11_target;
	uint16_t x11_target_port;
	char *cpus_per_tres;
	char *mem_per_tres;
	char *tres_bind;
	char *tres_freq;
	char *tres_per_job;
	char *tres_per_node;          /* --gres=gpu:2 -> "gres:gpu:2" */
	char *tres_per_socket;
	char *tres_per_task;
	struct slurm_cron_entry *crontab_entry; /* NULL for normal jobs */
	uint16_t segment_size;        /* 24.05 on; ignored */
};

/* Zero D and set Slurm's client defaults (NO_VAL, NO_VAL16, ...). */
void slurm_job_desc_init(struct slurm_job_desc *d);
int slurm_job_desc_unpack(buf_t *b, struct slurm_job_desc *d);
void slurm_job_desc_pack(buf_t *b, const struct slurm_job_desc *d);
void slurm_job_desc_free(struct slurm_job_desc *d);
/* Whether D's node counts are one count or one range, which FLURM can
 * run: true without job_size_str (22.05, or no list) and for a
 * job_size_str of "N" or "N-M" that agrees with min_nodes/max_nodes (as
 * 23.02 sends for -N 1,2,3). A list of several counts or ranges (sbatch
 * -N 1,3) is false, with err_msg() saying so. */
bool slurm_job_desc_size_is_range(const struct slurm_job_desc *d);
/* REQUEST_UPDATE_JOB (3001) carries a job_desc_msg_t in which only what
 * changes is set. The Slurm name of the first field (in wire order) whose
 * value differs from slurm_job_desc_init()'s, or NULL when none does;
 * select_plugin and the USE_DEFAULT_* bits of bitflags, which every
 * client sets, do not count. */
const char *slurm_job_desc_first_set(const struct slurm_job_desc *d);

/* --- RESPONSE_SUBMIT_BATCH_JOB (4004) --- */
struct slurm_submit_response {
	uint32_t job_id;
	uint32_t step_id;             /* SLURM_BATCH_SCRIPT */
	uint32_t error_code;
	char *job_submit_user_msg;    /* sbatch prints it when set */
};
/* RESPONSE_JOB_WILL_RUN (sbatch --test-only): when and where a job
 * would start; no preemption, so no list of jobs it would preempt. */
void slurm_will_run_response_pack(buf_t *b, uint32_t job_id,
				  const char *nodes, const char *partition,
				  uint32_t proc_cnt, time_t start);
void slurm_submit_response_pack(buf_t *b, uint32_t job_id,
				uint32_t error_code, const char *user_msg);
int slurm_submit_response_unpack(buf_t *b, struct slurm_submit_response *r);
void slurm_submit_response_free(struct slurm_submit_response *r);

/* --- REQUEST_JOB_INFO (2003): squeue, scancel filters --- */
struct slurm_job_info_request {
	time_t last_update;
	uint16_t show_flags;
	bool all_jobs;                /* count was NO_VAL: every job */
	uint32_t job_id_cnt;          /* otherwise only these */
	uint32_t *job_ids;
};
int slurm_job_info_request_unpack(buf_t *b, struct slurm_job_info_request *r);
void slurm_job_info_request_pack(buf_t *b,
				 const struct slurm_job_info_request *r);
void slurm_job_info_request_free(struct slurm_job_info_request *r);

/* --- u32 job_id + u16 show_flags: REQUEST_JOB_INFO_SINGLE (2021), also
 * REQUEST_BATCH_SCRIPT (2051) and REQUEST_JOB_READY (4019) --- */
struct slurm_job_id_request {
	uint32_t job_id;
	uint16_t show_flags;
};
int slurm_job_id_request_unpack(buf_t *b, struct slurm_job_id_request *r);
void slurm_job_id_request_pack(buf_t *b, const struct slurm_job_id_request *r);

/* --- RESPONSE_BATCH_SCRIPT (2052): the script as one string --- */
void slurm_batch_script_pack(buf_t *b, const char *script);
/* *SCRIPT is malloc'd. */
int slurm_batch_script_unpack(buf_t *b, char **script);

/* --- REQUEST_JOB_USER_INFO (2039): `squeue -u alice`, `squeue --me` --- */
struct slurm_job_user_request {
	uint32_t user_id;
	uint16_t show_flags;
};
int slurm_job_user_request_unpack(buf_t *b, struct slurm_job_user_request *r);
void slurm_job_user_request_pack(buf_t *b,
				 const struct slurm_job_user_request *r);

/* --- job_resources (22.05 pack_job_resources): what a started job holds
 * on each of its NHOSTS nodes, in node order. scontrol show job -d prints
 * a "Nodes= CPU_IDs= Mem= GRES=" line from it. The socket/core layout is
 * run-length coded (SOCK_CNT records, each SOCK_CORE_REP_COUNT nodes
 * alike); CORE_BITMAP has sockets * cores bits per node, the job's cores
 * set. 24.05 adds NODE_BITMAP (over the node table). --- */
struct slurm_job_resources {
	uint32_t nhosts;
	uint32_t ncpus;
	uint32_t node_req;            /* NODE_CR_* */
	char *nodes;
	uint8_t whole_node;
	uint16_t threads_per_core;
	uint16_t cr_type;
	uint32_t cpu_array_cnt;       /* CPUs per node, run-length coded */
	uint32_t *cpu_array_reps;
	uint16_t *cpu_array_value;
	uint16_t *cpus;               /* NHOSTS each */
	uint16_t *cpus_used;
	uint64_t *memory_allocated;   /* MB */
	uint64_t *memory_used;
	uint32_t sock_cnt;
	uint16_t *sockets_per_node;   /* SOCK_CNT each */
	uint16_t *cores_per_socket;
	uint32_t *sock_core_rep_count;
	bitstr_t *core_bitmap;
	bitstr_t *core_bitmap_used;
	bitstr_t *node_bitmap;        /* 24.05 on */
};
#define NODE_CR_AVAILABLE 0
#define NODE_CR_ONE_ROW   1
#define NODE_CR_RESERVED  64000

/* R NULL packs as absent (NO_VAL), in B's protocol version. */
void slurm_job_resources_pack(buf_t *b, const struct slurm_job_resources *r);
/* *R NULL when absent; every count is checked against NHOSTS. */
int slurm_job_resources_unpack(buf_t *b, struct slurm_job_resources **r);
void slurm_job_resources_free(struct slurm_job_resources *r);

/* --- RESPONSE_JOB_INFO (2004): one record per job, every field of
 * 22.05's pack_job() in wire order. Sentinels for a plain batch job as the
 * real slurmctld sends them: array_task_id NO_VAL, nice/site_factor
 * NICE_OFFSET, billable_tres NO_VAL until started, node_inx NULL while
 * pending, cpu_freq_* NO_VAL, core_spec NO_VAL16, shared NO_VAL16,
 * start_protocol_ver 0x2600. slurm_job_info_init sets these. --- */
struct slurm_job_info {
	uint32_t array_job_id;        /* 0 if not an array */
	uint32_t array_task_id;       /* NO_VAL if not an array task */
	char *array_task_str;         /* hex bitmap of pending tasks */
	uint32_t array_max_tasks;
	uint32_t assoc_id;
	char *container;              /* sent twice; both copies from here */
	char *container_id;           /* 23.02 on */
	uint32_t delay_boot;
	char *failed_node;            /* 23.02 on */
	uint32_t job_id;
	uint32_t user_id;
	uint32_t group_id;
	uint32_t het_job_id;
	char *het_job_id_set;
	uint32_t het_job_offset;
	uint32_t profile;
	uint32_t job_state;           /* JOB_* base | flags */
	uint16_t batch_flag;          /* 1 for sbatch jobs */
	uint16_t state_reason;        /* enum slurm_job_reason */
	uint8_t power_flags;
	uint8_t reboot;
	uint16_t restart_cnt;
	uint16_t show_flags;          /* echo of the request's */
	time_t deadline;
	uint32_t alloc_sid;
	uint32_t time_limit;          /* minutes, INFINITE = unlimited */
	uint32_t time_min;
	uint32_t nice;                /* NICE_OFFSET + nice */
	time_t submit_time;
	time_t eligible_time;
	time_t accrue_time;
	time_t start_time;
	time_t end_time;
	time_t suspend_time;
	time_t pre_sus_time;
	time_t resize_time;
	time_t last_sched_eval;
	time_t preempt_time;
	uint32_t priority;            /* 0 = held */
	uint32_t priority_array_cnt;  /* 24.05 on: per-partition priorities;
				       * FLURM sends none, skips a client's */
	char *priority_array_parts;   /* 24.05 on */
	double billable_tres;
	char *cluster;
	char *nodes;                  /* "n[1-2]", NULL while pending */
	char *sched_nodes;
	char *partition;
	char *account;
	char *admin_comment;
	uint32_t site_factor;
	char *network;
	char *comment;
	char *extra;                  /* 23.02 on */
	char *batch_features;
	char *batch_host;
	char *burst_buffer;
	char *burst_buffer_state;
	char *system_comment;
	char *qos;
	time_t preemptable_time;
	char *licenses;
	char *state_desc;             /* shown instead of the reason name */
	char *resv_name;
	char *resv_ports;             /* 24.05 on; always NULL from FLURM */
	char *mcs_label;
	uint32_t exit_code;           /* wait() status */
	uint32_t derived_ec;
	char *gres_total;             /* JOB_GRES=, "gpu:4" over all nodes */
	/* with SHOW_DETAIL: what the job holds on each node (NULL = packed
	 * as absent) and each node's GRES ("gpu:2(IDX:0-1)") */
	struct slurm_job_resources *job_resrcs;
	char **gres_detail_str;
	uint32_t gres_detail_cnt;
	char *name;
	char *user_name;
	char *wckey;
	uint32_t req_switch;
	uint32_t wait4switch;
	char *alloc_node;
	bitstr_t *node_inx;           /* over the node table; NULL = none */
	uint32_t select_plugin;
	char *features;
	char *prefer;
	char *cluster_features;
	char *work_dir;
	char *dependency;
	char *command;                /* argv joined by spaces */
	uint32_t num_cpus;
	uint32_t max_cpus;            /* 0 once started */
	uint32_t num_nodes;
	uint32_t max_nodes;           /* 0 once started */
	bitstr_t *job_size;           /* 23.02 on: allowed node counts */
	uint16_t requeue;
	uint16_t ntasks_per_node;
	uint16_t ntasks_per_tres;
	uint32_t num_tasks;
	uint16_t shared;
	uint32_t cpu_freq_min, cpu_freq_max, cpu_freq_gov;
	char *cronspec;
	uint16_t contiguous;
	uint16_t core_spec;
	uint16_t cpus_per_task;
	uint16_t pn_min_cpus;
	uint64_t pn_min_memory;       /* MB; MEM_PER_CPU bit */
	uint32_t pn_min_tmp_disk;
	char *req_nodes;
	bitstr_t *req_node_inx;
	char *exc_nodes;
	bitstr_t *exc_node_inx;
	char *std_err;
	char *std_in;
	char *std_out;
	struct slurm_multi_core mc;
	uint64_t bitflags;
	char *tres_alloc_str;         /* "cpu=1,mem=100M,node=1,billing=1" */
	char *tres_req_str;
	uint16_t start_protocol_ver;
	char *fed_origin_str;
	uint64_t fed_siblings_active;
	char *fed_siblings_active_str;
	uint64_t fed_siblings_viable;
	char *fed_siblings_viable_str;
	char *cpus_per_tres;
	char *mem_per_tres;
	char *tres_bind;
	char *tres_freq;
	char *tres_per_job;
	char *tres_per_node;
	char *tres_per_socket;
	char *tres_per_task;
	uint16_t mail_type;
	char *mail_user;
	char *selinux_context;
};

struct slurm_job_info_msg {
	uint32_t record_count;
	time_t last_update;
	time_t last_backfill;         /* 0: no backfill cycle yet */
	struct slurm_job_info *jobs;
};

/* Zero J and set the sentinels a real slurmctld sends for a fresh batch
 * job (see above). */
void slurm_job_info_init(struct slurm_job_info *j);
/* The reply header, then one slurm_job_info_pack per record; COUNT must
 * match the records that follow. */
void slurm_job_info_pack_header(buf_t *b, uint32_t count, time_t last_update,
				time_t last_backfill);
void slurm_job_info_pack(buf_t *b, const struct slurm_job_info *j);
/* As slurm_job_info_pack, and *FLAGS_AT gets where in B its show_flags
 * went: a record kept packed is the same for every request but for them. */
void slurm_job_info_pack_at(buf_t *b, const struct slurm_job_info *j,
			    size_t *flags_at);
/* Header and all records of M. */
void slurm_job_info_msg_pack(buf_t *b, const struct slurm_job_info_msg *m);
/* One record (does not check for trailing bytes). */
int slurm_job_info_unpack_one(buf_t *b, struct slurm_job_info *j);
int slurm_job_info_msg_unpack(buf_t *b, struct slurm_job_info_msg *m);
void slurm_job_info_free(struct slurm_job_info *j);
void slurm_job_info_msg_free(struct slurm_job_info_msg *m);

/* --- REQUEST_KILL_JOB (5032) and REQUEST_CANCEL_JOB_STEP (5005) --- */
struct slurm_job_kill {
	uint32_t job_id;              /* NO_VAL when sjob_id names the job */
	uint32_t step_id;             /* NO_VAL = the whole job */
	uint32_t step_het_comp;
	char *sjob_id;                /* "123", "123_4", "123_[1-3]", "123+1" */
	char *sibling;
	uint16_t signal;              /* 9 for plain scancel */
	uint16_t flags;               /* KILL_* */
};
int slurm_job_kill_unpack(buf_t *b, struct slurm_job_kill *k);
void slurm_job_kill_pack(buf_t *b, const struct slurm_job_kill *k);
void slurm_job_kill_free(struct slurm_job_kill *k);

/* --- REQUEST_JOB_REQUEUE (5023): scontrol requeue / requeuehold.
 * FLAGS holds JOB_REQUEUE_HOLD for requeuehold. --- */
struct slurm_job_requeue {
	uint32_t job_id;              /* NO_VAL: job_id_str names the job */
	char *job_id_str;
	uint32_t flags;
};
int slurm_job_requeue_unpack(buf_t *b, struct slurm_job_requeue *r);
void slurm_job_requeue_pack(buf_t *b, const struct slurm_job_requeue *r);
void slurm_job_requeue_free(struct slurm_job_requeue *r);

/* --- REQUEST_SUSPEND (5014): scontrol suspend / resume (OP is
 * SLURM_SUSPEND_JOB or SLURM_RESUME_JOB), and REQUEST_TOP_JOB (5038):
 * scontrol top, which has the same layout (OP unused). --- */
#define SLURM_SUSPEND_JOB 0
#define SLURM_RESUME_JOB  1
struct slurm_job_suspend {
	uint16_t op;
	uint32_t job_id;              /* NO_VAL: job_id_str names the job */
	char *job_id_str;
};
int slurm_job_suspend_unpack(buf_t *b, struct slurm_job_suspend *s);
void slurm_job_suspend_pack(buf_t *b, const struct slurm_job_suspend *s);
void slurm_job_suspend_free(struct slurm_job_suspend *s);

/* --- REQUEST_JOB_NOTIFY (4022): scontrol notify JOBID MESSAGE. --- */
struct slurm_job_notify {
	uint32_t job_id, step_id, step_het_comp;
	char *message;
};
int slurm_job_notify_unpack(buf_t *b, struct slurm_job_notify *n);
void slurm_job_notify_pack(buf_t *b, const struct slurm_job_notify *n);
void slurm_job_notify_free(struct slurm_job_notify *n);

/* --- RESPONSE_JOB_ARRAY_ERRORS (5034): slurmctld's answer to a job
 * update naming array tasks ("12_3", "12_[1-4]"); plain job ids get a
 * RESPONSE_SLURM_RC. Per entry a Slurm errno and the tasks it applies
 * to, "12_1-4"; scontrol prints "12_1-4: <error>". --- */
struct slurm_job_array_resp {
	uint32_t count;
	uint32_t *error_code;
	char **job_array_id;
};
void slurm_job_array_resp_pack(buf_t *b, const struct slurm_job_array_resp *r);
int slurm_job_array_resp_unpack(buf_t *b, struct slurm_job_array_resp *r);
void slurm_job_array_resp_free(struct slurm_job_array_resp *r);

#endif
