/* state.h - the cluster model (jobs, nodes, partitions, config) and the
 * commands that change it. Every durable change is a command: packed by
 * the proposer, carried by Raft, applied by state_apply() on every
 * controller. Apply is deterministic: no I/O, no clock (time arrives in
 * the command), no randomness. The model knows nothing of Slurm's structs;
 * lib/slurm codecs and the controller's RPC handlers translate. */
#ifndef FLURM_STATE_H
#define FLURM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/bitstr.h"
#include "core/jobreq.h"
#include "core/pack.h"

#define STATE_INFINITE  0xffffffffu   /* time limits, counts: no limit */
#define STATE_NO_VAL    0xfffffffeu   /* "not given" in a submit */

/* Job states, in the order Slurm numbers its base states. */
enum job_state {
	JOB_ST_PENDING = 0,   /* queued, waiting for resources or a hold */
	JOB_ST_RUNNING,       /* allocated and launched on its nodes */
	JOB_ST_SUSPENDED,     /* stopped by an operator, resources kept */
	JOB_ST_COMPLETE,      /* batch script exited 0 */
	JOB_ST_CANCELLED,     /* scancel, pending or running */
	JOB_ST_FAILED,        /* non-zero exit, or launch failure */
	JOB_ST_TIMEOUT,       /* reached its time limit */
	JOB_ST_NODE_FAIL,     /* one of its nodes went down */
	JOB_ST_DEADLINE,      /* --deadline could not be met: never started */
};
#define JOB_ST_LAST JOB_ST_DEADLINE

/* Why a pending job waits (or why a job ended). */
enum job_reason {
	JOB_REASON_NONE = 0,
	JOB_REASON_PRIORITY,        /* higher-priority jobs go first */
	JOB_REASON_RESOURCES,       /* first in line, nodes busy */
	JOB_REASON_HELD_USER,       /* submitted with --hold / held by owner */
	JOB_REASON_HELD_ADMIN,      /* held by an operator */
	JOB_REASON_PART_DOWN,       /* partition not UP */
	JOB_REASON_PART_NODE_LIMIT, /* more nodes than the partition allows */
	JOB_REASON_PART_TIME_LIMIT, /* time limit above partition MaxTime */
	JOB_REASON_BAD_CONSTRAINTS, /* no node could ever satisfy it */
	JOB_REASON_BEGIN_TIME,      /* --begin in the future */
	JOB_REASON_NODE_DOWN,       /* requeued: its node failed */
	JOB_REASON_PROLOG_FAIL,     /* requeued: prolog failed on a node */
	JOB_REASON_LAUNCH_FAIL,     /* requeued: launch failed */
	JOB_REASON_NODE_NOT_AVAIL,  /* its nodes are down or drained */
	JOB_REASON_REQUEUE_HELD,    /* scontrol requeuehold: a user hold the
				     * owner may release */
	JOB_REASON_DEPENDENCY,      /* waits for the jobs it depends on */
	JOB_REASON_DEP_INVALID,     /* its dependency can never be satisfied
				     * (durable once it is cancelled for it) */
	JOB_REASON_DEADLINE,        /* ended: it could not finish by --deadline */
	JOB_REASON_PART_INACTIVE,   /* partition INACTIVE (soft only) */
	JOB_REASON_ARRAY_LIMIT,     /* its array runs as many tasks as its
				     * --array=...%N allows */
	JOB_REASON_LICENSES,        /* the licenses it asks for are in use */
	JOB_REASON_PART_CONFIG,     /* more CPUs than its whole partition
				     * has (EnforcePartLimits=NO) */
	JOB_REASON_PN_MEM_LIMIT,    /* more memory than MaxMemPerCPU /
				     * MaxMemPerNode allow (soft only) */
};

const char *job_state_name(enum job_state s);   /* "PENDING", ... */
const char *job_reason_name(enum job_reason r); /* "Priority", ... */
struct job;
/* The reason to show for a job: its durable reason (holds, requeue), else
 * what the scheduler last said. */
enum job_reason job_reason_shown(const struct job *j);
/* Held with a hold the job's owner may release (JobHeldUser, and the
 * hold of scontrol requeuehold). */
bool job_held_by_user(const struct job *j);
/* The CPUs waiting job J asks in all, as slurmctld's min_cpus (NumCPUs,
 * squeue %C): what scontrol update made them, else its tasks times -c.
 * When -c was raised to fit MaxMemPerCPU, slurmctld raises that count
 * only for a job that gave -n (-n2 --mem-per-cpu=500 under 300: 4);
 * others count the -c asked (--mem-per-cpu=500: 1). */
uint32_t job_pending_cpus(const struct job *j);
/* The CPUs J needs on one node at the least, as slurmctld records it
 * (MinCPUsNode, squeue %c): --mincpus or MinCPUsNode= when one was
 * kept, else -c times --ntasks-per-node. A -c raised to fit
 * MaxMemPerCPU counts unless -n was given (slurmctld raised the CPU
 * count instead). STARTED: J has
 * started (then the -c it runs with counts). */
uint32_t job_min_cpus_node(const struct job *j, bool started);
/* Whether J's task count was given (-n, which sbatch puts in the job's
 * environment, --ntasks-per-node, scontrol update NumTasks=) rather than
 * one a node: slurmctld's task count follows a new node count only
 * when it was not. A job without that environment (salloc) is judged
 * by its count: one other than one a node was given. */
bool job_ntasks_given(const struct job *j);
/* Whether J's environment sets NAME (as sbatch sets SLURM_NTASKS for -n). */
bool job_env_has(const struct job *j, const char *name);

/* Node states: a base state plus flags. */
enum node_base {
	NODE_ST_UNKNOWN = 0,  /* never registered since config */
	NODE_ST_DOWN,         /* not responding, or set down by an operator */
	NODE_ST_IDLE,         /* up, nothing allocated */
	NODE_ST_ALLOCATED,    /* up, jobs on it (MIXED is derived) */
	NODE_ST_FUTURE,       /* defined but not yet in service */
};
#define NODE_FLAG_DRAIN      0x01  /* no new jobs (DRAINING while busy) */
#define NODE_FLAG_NO_RESPOND 0x02  /* missed heartbeats (set with DOWN) */
#define NODE_FLAG_ADMIN_DOWN 0x04  /* DOWN set by an operator */
/* Gone from slurm.conf while jobs held it: kept, drained and in the
 * partitions it was in, until its last job ends and the leader removes
 * it (CMD_NODE_REMOVE). */
#define NODE_FLAG_REMOVING   0x08
/* Added by an operator (flurmsh node add), not from slurm.conf: a CONFIG
 * keeps it (with its partitions) instead of removing it, until slurm.conf
 * names it too, which makes it an ordinary node. */
#define NODE_FLAG_DYNAMIC    0x10
/* A node's reboot (scontrol reboot), as slurmctld's REBOOT_REQUESTED and
 * REBOOT_ISSUED flags: requested until it is idle (or down), then issued
 * (the node is DOWN, its node daemon runs RebootProgram) until the node
 * daemon registers having started since the reboot was issued, or
 * ResumeTimeout passes. */
enum node_reboot {
	NODE_REBOOT_NONE = 0,
	NODE_REBOOT_REQUESTED,  /* waits for the node's jobs to end */
	NODE_REBOOT_ISSUED,     /* node told to reboot at boot_req_time */
	NODE_REBOOT_JOB,        /* sbatch --reboot: told to reboot at
				 * boot_req_time for the job it was given,
				 * which waits CONFIGURING; the node stays
				 * allocated (not responding, powering up
				 * as slurmctld shows it) until back */
};
/* What a node becomes once back from its reboot (node.next_state): */
#define NODE_NEXT_NONE    0      /* as slurmctld without nextstate= */
#define NODE_NEXT_RESUME  1      /* nextstate=resume: up, not drained */
#define NODE_NEXT_DOWN    2      /* nextstate=down: DOWN, "reboot complete" */
#define NODE_NEXT_MASK    0xff
/* ASAP drained a node that was not drained: undo that drain when the
 * reboot is cancelled */
#define NODE_NEXT_UNDRAIN 0x100
/* scontrol reboot ASAP: drain the node so no new job starts there */
#define NODE_REBOOT_F_ASAP 0x01

/* The reason a node pending removal shows. */
#define NODE_REASON_REMOVED  "removed from slurm.conf"
/* ... and one an operator removes (flurmsh node remove). */
#define NODE_REASON_RETIRED  "removed by an operator"

struct node {
	char *name;
	char *addr;                /* NodeAddr, or the name */
	uint32_t cpus, sockets, cores, threads;
	uint64_t memory_mb;
	char *features;            /* comma list, or NULL */
	char *features_act;        /* ActiveFeatures an operator set apart
				    * from features (NULL: the same list);
				    * slurm.conf read again drops it */
	char *comment, *extra;     /* an operator's Comment= and Extra=
				    * (NULL none), kept over slurm.conf */
	char *gres;
	uint32_t weight;
	uint32_t conf_state;       /* enum node_base from slurm.conf State= */
	/* durable state */
	enum node_base base;
	uint32_t flags;            /* NODE_FLAG_* */
	char *reason;
	time_t reason_time;
	uint32_t reason_uid;
	time_t boot_time;          /* last registration */
	/* scontrol reboot: enum node_reboot, NODE_NEXT_* and when the
	 * reboot was issued (0 before) */
	uint32_t reboot;
	uint32_t next_state;
	time_t boot_req_time;
	/* derived from running jobs (rebuilt on restore) */
	uint32_t alloc_cpus;
	uint64_t alloc_mem_mb;
	uint32_t njobs;
	/* reported at registration (durable so squeue/sinfo show it) */
	uint32_t rep_cpus;
	uint64_t rep_memory_mb;
	uint32_t tmp_disk_mb;      /* slurm.conf TmpDisk */
	/* derived from gres (slurm.conf Gres=gpu[:type]:N): its GPUs and
	 * their type (NULL = none given); and from the running jobs: the
	 * GPU indexes they hold (bit i = GPU i, at most 64) */
	uint32_t gpus;
	char *gpu_type;
	uint64_t gpu_used;
	/* derived from the running jobs' core_bits: the cores they hold
	 * (sockets x cores bits, NULL until a job holds one) */
	bitstr_t *core_used;
	/* and how many of them hold each of those cores (more than one
	 * where an OverSubscribe=YES or FORCE partition shares them) */
	uint16_t *core_users;
};

#define PART_STATE_UP       0
#define PART_STATE_DOWN     1
#define PART_STATE_DRAIN    2
#define PART_STATE_INACTIVE 3

struct partition {
	char *name;
	char *nodes;               /* ranged hostlist as configured */
	bitstr_t *node_bits;       /* indexes into state->nodes */
	bool is_default;
	uint32_t max_time;         /* minutes or STATE_INFINITE */
	uint32_t default_time;     /* minutes or STATE_NO_VAL (use max_time) */
	uint32_t state;            /* PART_STATE_* */
	uint32_t priority_tier;
	uint32_t max_nodes;        /* STATE_INFINITE */
	uint32_t min_nodes;
	char *allow_groups;        /* comma list or NULL = ALL */
	bool hidden;               /* left out of partition info without SHOW_ALL */
};

/* Job step states (srun), in the order Slurm numbers them. */
enum step_state {
	STEP_ST_RUNNING = 1,  /* created: its tasks run (or are launching) */
	STEP_ST_COMPLETE = 3, /* every task on every node exited 0 */
	STEP_ST_CANCELLED,    /* scancel ID.STEP, or its job ended first */
	STEP_ST_FAILED,       /* a task exited non-zero or failed to launch */
	STEP_ST_TIMEOUT,      /* its job reached its time limit */
	STEP_ST_NODE_FAIL,    /* one of its job's nodes went down */
};
const char *step_state_name(enum step_state s);   /* "RUNNING", ... */

/* One job step (srun inside an allocation). Its tasks' layout is fixed
 * at creation: TASKS[i] tasks on the i-th node of NODE_BITS, numbered in
 * node order (block distribution). */
struct step {
	uint32_t id;
	char *name;
	bitstr_t *node_bits;       /* indexes into state->nodes */
	char *nodes;               /* ranged hostlist of node_bits */
	uint32_t nnodes;
	uint32_t ntasks;
	uint32_t *tasks;           /* nnodes entries */
	uint32_t cpus_per_task;
	uint32_t cpus;             /* CPUs it uses, over all its nodes */
	uint64_t mem_mb;           /* per node, 0 = none asked */
	uint32_t task_dist;        /* Slurm's task_dist word, as asked */
	uint32_t time_limit;       /* minutes, STATE_INFINITE */
	bool overlap;              /* --overlap: shares CPUs with others */
	bool whole;                /* holds all its job's CPUs on its nodes
				    * (srun without --exact) */
	/* the GPU indexes it holds on each of its nodes (nnodes entries,
	 * bit i = GPU i), kept from other running steps unless it
	 * overlaps; NULL: none recorded (no GPUs, or a step created by an
	 * older release, whose GPUs are derived as they were then) */
	uint64_t *gpu_masks;
	enum step_state state;
	time_t start_time, end_time;
	int32_t exit_status;       /* highest wait(2) status reported */
	/* nodes that reported the end of its tasks; the step is on its
	 * nodes until all have (a step ended by scancel or its job's end
	 * is told to stop until then) */
	bitstr_t *ended_bits;
	char *srun_host;           /* srun's address and port (callbacks) */
	uint16_t srun_port;
	uint32_t srun_pid;
	/* soft, leader only: when the stop of an ended step was last sent
	 * to its nodes (0 = not on their current connections), whether its
	 * srun was told of an end it did not see itself (and is yet to
	 * answer), and the run of
	 * the job whose time limit warning it got */
	time_t kill_sent;
	bool srun_told;
	bool srun_wait;            /* told, its answer awaited: no stop yet */
	time_t timeout_sent_start;
};

struct job {
	uint32_t id;
	char *name;
	char *partition;
	uint32_t uid, gid;
	char *user;                /* login name at submit */
	enum job_state state;
	enum job_reason reason;
	bool completing;           /* ended, nodes not yet released */
	uint32_t priority;         /* 0 = held */
	/* what it asks for (core/jobreq.h): j->req as a whole, or each
	 * member by name (min_nodes, mem_mb, time_limit, ...) */
	JOB_REQ_MEMBERS;
	char *work_dir, *std_out, *std_err, *std_in;
	char *script;              /* shared (interned): never modify */
	char **env;                /* NULL-terminated; shared like script */
	uint32_t env_count;
	char **argv;
	uint32_t argc;
	char *account, *comment;
	time_t submit_time, eligible_time, begin_time, start_time, end_time;
	/* allocation */
	bitstr_t *node_bits;       /* NULL while pending */
	char *nodes;               /* ranged hostlist of node_bits */
	uint32_t batch_node;       /* index of the node running the script */
	uint32_t cpus_per_node;    /* CPUs allocated on each node (with
				    * cpus_by_task: on the first, the most) */
	uint32_t alloc_cpus;       /* total */
	/* started by a CMD_START_SPREAD that says so (not --exclusive):
	 * each node's CPUs follow the tasks it gets (job_cpus_at), as
	 * slurmctld gives them (-N2 -n3: 2 and 1), not cpus_per_node on all */
	bool cpus_by_task;
	/* the CPUs it holds on each of its nodes, in node order, when its
	 * start gave them (START_CPUS_GIVEN: slurmctld fills the first
	 * nodes as far as their free CPUs allow, -N2 -n5 on 4-CPU nodes 4
	 * and 1); NULL otherwise (job_cpus_at derives them) */
	uint32_t *node_cpus;
	uint64_t alloc_mem_mb;     /* per node */
	/* the GPU indexes it holds on each of its nodes (bit i = GPU i),
	 * in node order; NULL when it holds none */
	uint64_t *gpu_masks;
	/* the cores it holds on each of its nodes, in node order (bit i =
	 * core i of the node's sockets x cores); NULL when not known */
	bitstr_t **core_bits;
	uint32_t ncore_bits;
	int32_t exit_status;       /* wait(2) status of the batch script */
	uint32_t restarts;         /* requeue count */
	bool no_requeue;           /* sbatch --no-requeue: never requeued */
	/* scontrol suspend/resume: when the job was last suspended or
	 * resumed (0 = never), and the seconds it spent suspended in this
	 * run, which its time limit does not count */
	time_t suspend_time;
	uint32_t suspended_secs;
	/* sbatch --array: each task is a job of its own. The array's id
	 * is its first task's job id (0 = not an array); the throttle
	 * (% in --array, 0 = none) and the whole array's task count,
	 * lowest and highest index and stride are the same in every task */
	uint32_t array_job_id, array_task_id, array_throttle;
	uint32_t array_count, array_min, array_max, array_step;
	/* submitted by CMD_ARRAY_SUBMIT_LATE, as slurmctld numbers them:
	 * only the array's id is taken then; a task waiting in the array's
	 * record has an id of its own from STATE_TASK_ID_BASE up, which no
	 * client sees (it shows as the array's), and takes a job id as it
	 * leaves that record (state_array_split) */
	bool array_late;
	/* sbatch --signal: WARN_SIGNAL (0 = none) WARN_TIME seconds before
	 * the time limit, to the batch shell only with JOB_WARN_BATCH */
	uint32_t warn_signal, warn_time, warn_flags;
	/* salloc/srun allocation: no batch script, nothing launched on the
	 * nodes; the client waits at RESP_HOST, for the grant on RESP_PORT
	 * and for SRUN_* messages (ping, timeout, revoked) on OTHER_PORT */
	bool interactive;
	/* the submitting host and its session, Slurm's AllocNode:Sid: the
	 * name sbatch or salloc sent, else the client's address */
	char *alloc_node;
	uint32_t alloc_sid;
	char *resp_host;           /* the client's address, "127.0.0.1" */
	uint16_t resp_port, other_port;   /* 0 = none */
	/* soft, leader only: why the last scheduler cycle left it pending */
	enum job_reason sched_reason;
	/* soft, leader only: start_time of the run that got its warning
	 * signal (0 = none yet); a requeued job's new run gets one again */
	time_t warn_sent_start;
	/* soft, leader only: a completing job's last terminate sent to its
	 * node (0 = none on the node's current connection) and how many
	 * were sent, which spaces out the repeats */
	time_t term_sent;
	uint32_t term_tries;
	/* soft, leader only: the node was sent SIGSTOP for a suspended job
	 * (and not the SIGCONT of its resume yet) on its current connection */
	bool stop_sent;
	/* soft, leader only: a cancelled allocation whose salloc is being
	 * told it was revoked; its nodes and sruns are told after that */
	bool revoke_wait;
	/* soft, leader only, allocations: the run whose salloc got its
	 * SRUN_TIMEOUT, and the last SRUN_PING */
	time_t timeout_sent_start, ping_sent;
	/* sbatch --reboot: started (CMD_START_REBOOT), its nodes
	 * rebooting (NODE_REBOOT_JOB); its script is launched once none
	 * is, and its run counts from then (squeue CF, CONFIGURING) */
	bool configuring;
	/* soft, leader only: it was seen configuring; its launch is due
	 * once it no longer is */
	bool boot_wait;
	/* job steps (srun), oldest first; a requeue forgets them */
	struct step **steps;
	uint32_t nsteps;
	uint32_t next_step_id;
	/* sbatch -d: the dependencies, all of them (dep_any false, ",")
	 * or any one (dep_any, "?"); cleared when the job starts */
	struct job_dep *deps;
	uint32_t ndeps;
	bool dep_any;
	uint8_t dep_kill;          /* DEP_KILL_* */
	/* sbatch --nice (priority lowered by it), --deadline (0 = none;
	 * ends DEADLINE when it cannot finish by then, and its time limit
	 * is cut to it when it starts); --time-min is in the request */
	int32_t nice;
	time_t deadline;
	/* soft, leader only: when and on which nodes (ranged hostlist) the
	 * last scheduler cycle expects a pending job to start, for squeue
	 * --start and scontrol's StartTime; 0 / NULL = no estimate */
	time_t est_start;
	char *est_nodes;
	/* soft, leader only: TRES= of a waiting job as it was before an
	 * update answered "Requested partition configuration not
	 * available now" (slurmctld counts them anew only at an update it
	 * takes, or its restart); NULL = counted from the request */
	char *tres_kept;
};

#define JOB_WARN_BATCH 0x1         /* warn_flags: batch shell only (B:) */

/* ---- dependencies (sbatch -d, depend.c) ------------------------------ */

enum dep_type {
	DEP_AFTER = 1,     /* the job started (or was cancelled), + minutes */
	DEP_AFTERANY,      /* the job ended, however */
	DEP_AFTEROK,       /* the job ended COMPLETED */
	DEP_AFTERNOTOK,    /* the job ended otherwise */
	DEP_AFTERCORR,     /* as afterok; between two arrays task N waits
			    * for task N of the other */
	DEP_AFTERBB,       /* afterburstbuffer, no burst buffers: as afterany */
	DEP_SINGLETON,     /* no other job of the same name and user runs */
};

enum dep_state {
	DEP_WAIT = 0,      /* not decided yet: evaluated against the model */
	DEP_MET,           /* fulfilled for good */
	DEP_FAILED,        /* can never be fulfilled */
};

/* One dependency. The state is durable once decided: a job is purged or
 * requeued after its dependents saw how it ended (as slurmctld keeps
 * it), see depend_freeze(). */
struct job_dep {
	uint8_t type;              /* enum dep_type */
	uint8_t state;             /* enum dep_state */
	uint8_t arr;               /* DEP_ARR_* */
	uint32_t job_id;           /* 0 for singleton; an array's id */
	uint32_t minutes;          /* "+time": after only, as in Slurm */
	uint32_t task;             /* DEP_ARR_TASK: the task's index */
	/* found when the job takes it (depend_resolve): DEP_ARR_ALL the
	 * array's task count, DEP_ARR_TASK the task's own job id (its
	 * tasks are looked up by job_id and index, state_array_task());
	 * 0 when there was none */
	uint32_t ref;
};

/* job_dep.arr: what job_id names, as slurmctld's array_task_id */
#define DEP_ARR_NONE 0             /* one job ("12", a task's own id) */
#define DEP_ARR_ALL  1             /* every task of array job_id ("12_*",
				    * or "12" when 12 is an array's id) */
#define DEP_ARR_TASK 2             /* one task of it ("12_3") */

/* sbatch --kill-on-invalid-dep; DEFAULT follows slurm.conf's
 * DependencyParameters=kill_invalid_depend */
#define DEP_KILL_DEFAULT 0
#define DEP_KILL_YES     1
#define DEP_KILL_NO      2

/* What a pending job's dependencies say now. */
enum dep_result {
	DEP_NONE = 0,      /* none left: it may run */
	DEP_PENDING,       /* still waiting (reason Dependency) */
	DEP_NEVER,         /* can never be satisfied (DependencyNeverSatisfied) */
};

struct state_params {
	/* slurm.conf Licenses= (checked, as license_string prints it), or
	 * NULL; in CONFIG commands only, the model keeps it in st->licenses */
	const char *licenses;
	uint32_t min_job_age;      /* seconds finished jobs stay visible */
	uint32_t kill_wait;        /* seconds between SIGTERM and SIGKILL */
	uint32_t slurmd_timeout;   /* seconds without heartbeat -> DOWN */
	uint32_t return_to_service;/* Slurm ReturnToService 0/1/2 */
	uint32_t first_job_id;
	uint32_t max_job_id;       /* the highest id given (MaxJobId - 1) */
	/* ids wrap around as slurmctld's: after max_job_id the next is
	 * first_job_id again, ids still held by a job skipped. Set by every
	 * CONFIG this release writes (STATE_IDS_WRAP on max_job_id in the
	 * entry and in snapshots); false in an older log's, whose refused
	 * submissions replay refused. */
	bool ids_wrap;
};

/* state_params.ids_wrap as CONFIG entries and snapshots carry it: a bit
 * on max_job_id, which is at most 0x03ffffff */
#define STATE_IDS_WRAP 0x80000000u

struct intern;
struct state_once;

/* What state.job_hook is told of. */
enum job_event {
	JOB_EVENT_START,
	JOB_EVENT_END,
	JOB_EVENT_REQUEUE,
};

struct state {
	struct intern *intern;     /* shared copies of scripts and envs */
	struct node *nodes;
	uint32_t nnodes;
	struct partition *parts;
	uint32_t nparts;
	struct state_params params;
	char *licenses;            /* slurm.conf Licenses=, "name:N,...", NULL */
	uint64_t config_hash;      /* hash of the applied CONFIG command */
	uint32_t config_version;   /* bumped on every CONFIG */
	/* where the search for the next id starts (ids held skipped,
	 * state_next_job_id()); past max_job_id it wraps when ids_wrap */
	uint32_t next_job_id;
	/* the next id a waiting task of a late array gets (0 = none given
	 * yet: STATE_TASK_ID_BASE), in snapshots from format 25 */
	uint32_t next_task_id;
	uint32_t next_prio;         /* priority/basic: each job one below */
	/* jobs: open hash by id + insertion-ordered array */
	struct job **jobs;         /* sorted by id (a new one inserted in
				    * place: after a wrap ids go down) */
	uint32_t njobs, jobs_cap;
	/* counters for metrics */
	uint64_t jobs_submitted, jobs_started, jobs_completed, jobs_failed,
		 jobs_cancelled, jobs_timeout, jobs_node_fail;
	uint64_t last_update;      /* bumped by every applied command */
	time_t now;                /* time of the last applied command */
	/* Observer, not state: called as a job starts or ends (after the
	 * model changed) and as a run of it is requeued (before its run is
	 * forgotten), with the command's time; for metrics and mail. Kept
	 * by restore. */
	void (*job_hook)(void *arg, const struct job *j, enum job_event ev,
			 time_t now);
	void *job_hook_arg;
	/* Policy, not state: slurm.conf's SelectTypeParameters counts no
	 * memory (CR_Core, CR_CPU, CR_Socket without _Memory), so the
	 * scheduler gives jobs none and only keeps a job off nodes with
	 * less RealMemory than it asks (a CPU's or a node's), as
	 * slurmctld. Set by the controller from its slurm.conf; kept by
	 * restore, never packed. */
	bool mem_not_counted;
	/* Policy, not state: slurm.conf's MaxMemPerCPU (| STATE_MEM_PER_CPU)
	 * or MaxMemPerNode in MB, 0 for none: MAX_MEM the global one;
	 * PART_POLICY what it says of each partition (its own MaxMem*,
	 * OverSubscribe=EXCLUSIVE). Set by the controller from its
	 * slurm.conf (state_set_policy); kept by restore, never packed. */
	uint64_t max_mem;
	struct state_part_policy *part_policy;
	uint32_t npart_policy;
	/* the outcomes of the last STATE_ONCE_KEEP CMD_ONCE request ids
	 * (NULL until the first); replicated, in snapshots from format 7 */
	struct state_once *once;
	/* Cache, not state: who blocks a singleton, built by depend.c at
	 * most once per last_update; never packed, freed by state_free. */
	struct dep_index *dep_index;
	/* Cache, not state: a task of a late array may have an id below its
	 * array's (it took one after ids wrapped around), so lookups of an
	 * array's tasks look below its id too. Set as such a task takes its
	 * id and by restore, worked out again by each purge; never packed. */
	bool late_below;
};

/* ---- commands ------------------------------------------------------- */

enum cmd_type {
	CMD_CONFIG = 1,     /* nodes, partitions, params from slurm.conf */
	CMD_SUBMIT,         /* new job; result: job id */
	CMD_START,          /* scheduler decision: job on nodes */
	CMD_JOB_END,        /* batch script ended with a status (and when) */
	CMD_CANCEL,         /* user/operator cancel */
	CMD_TIMEOUT,        /* time limit reached: now TIMEOUT, completing */
	CMD_REQUEUE,        /* back to pending (prolog or launch failure) */
	CMD_NODE_UP,        /* registration: resources, boot time */
	CMD_NODE_DOWN,      /* heartbeat loss: node DOWN, jobs NODE_FAIL */
	CMD_NODE_UPDATE,    /* drain / resume / down by an operator */
	CMD_PURGE,          /* forget jobs finished MinJobAge ago */
	CMD_HOLD,           /* hold or release a pending job */
	CMD_JOB_UPDATE,     /* scontrol update / hold / release of one job */
	CMD_NODE_REMOVE,    /* drop a node pending removal (forced: its jobs
			     * end NODE_FAIL first) */
	/* 40-59: partition administration */
	CMD_PART_UPDATE = 40, /* create a partition or change some fields */
	CMD_PART_DELETE,    /* delete a partition no job uses */
	/* 60-79: nodes added and retired at runtime */
	CMD_NODE_ADD = 60,  /* an operator adds a node not in slurm.conf */
	CMD_NODE_RETIRE,    /* drain an added node and mark it pending
			     * removal (removed once its jobs end) */
	/* 80-99: scontrol job controls */
	CMD_JOB_REQUEUE = 80, /* scontrol requeue[hold] of a started job */
	CMD_JOB_SUSPEND,    /* scontrol suspend / resume of a running job */
	CMD_JOB_TOP,        /* scontrol top: ahead of the owner's others */
	/* 100-109: high availability */
	CMD_ONCE = 100,     /* a request id and a command: run once per id,
			     * a repeat gets the first outcome (once.c) */
	/* 110-119: dependencies */
	CMD_DEP_KILL = 110, /* cancel a job whose dependency can never be
			     * satisfied (kill_invalid_depend) */
	CMD_DEADLINE,       /* end a pending job that cannot meet its
			     * --deadline (state DEADLINE) */
	/* 120-139: job steps */
	CMD_STEP_CREATE = 120, /* srun: a step on some of its job's nodes */
	CMD_STEP_END,       /* a node (or srun) reports a step's tasks ended */
	CMD_STEP_CANCEL,    /* scancel ID.STEP: the step ends, nodes stop it */
	/* 140-149: job arrays */
	CMD_ARRAY_SUBMIT = 140, /* sbatch --array: one pending job a task,
				 * with consecutive ids; result: the first */
	CMD_ARRAY_CANCEL,   /* scancel ID, ID_N, ID_[1-3] of an array: the
			     * tasks named (all when none) that have not
			     * ended */
	CMD_ARRAY_UPDATE,   /* scontrol update/hold/release of an array's
			     * tasks (all when none named) */
	/* 150-159: job requests (core/jobreq.h) */
	CMD_SUBMIT_REQ = 150, /* CMD_SUBMIT with the request packed by
			       * job_req_pack: one that the older layout
			       * cannot hold (licenses, GPUs, --tmp, ...) */
	CMD_ARRAY_SUBMIT_REQ, /* CMD_ARRAY_SUBMIT likewise */
	/* 160-169: more on job arrays */
	CMD_ARRAY_THROTTLE = 160, /* scontrol update ArrayTaskThrottle=:
				   * a new % limit for every task */
	/* 170-179: generic resources */
	CMD_NODE_UP_GPUS = 170, /* CMD_NODE_UP and the GPUs the node's
				 * gres.conf gives it: fewer than its
				 * Gres= drains it */
	CMD_START_SPREAD,   /* CMD_START of a --gpus-per-task job whose
			     * nodes get GPUs for the tasks each gets, as
			     * slurmctld spreads them (the first nodes one
			     * task more), not all the most any gets;
			     * with trailing flags (absent from older logs;
			     * 1 the only one there) START_CPUS_BY_TASK:
			     * the CPUs of each node follow its tasks too;
			     * START_TASKS_FROM_NODES: the task count is
			     * --ntasks-per-node times the nodes;
			     * START_CPUS_GIVEN: then each node's CPUs;
			     * START_GPUS_GIVEN: then each node's GPUs
			     * (a job-wide --gpus, dealt node by node, or
			     * all of them for an --exclusive job);
			     * START_SHARED: its CPUs may be shared by N
			     * jobs (OverSubscribe), N in the top bits */
	CMD_STEP_CREATE_GPUS, /* CMD_STEP_CREATE and the GPU indexes the
			       * step holds on each of its nodes */
	CMD_NODE_UPDATE_MORE, /* CMD_NODE_UPDATE with the weight and the
			       * features always, then a mask of
			       * NODE_UPD_F_* and the strings it names
			       * (ActiveFeatures, Comment, Extra) */
	CMD_NODE_REBOOT = 174, /* scontrol reboot: nodes, NODE_REBOOT_F_*,
			     * NODE_NEXT_*, reason, uid */
	CMD_NODE_REBOOT_ISSUE, /* the leader tells an idle node to reboot */
	CMD_NODE_REBOOT_TIMEOUT, /* a node not back within ResumeTimeout of
				  * the reboot issued at the given time */
	CMD_ARRAY_SUBMIT_LATE = 177, /* CMD_ARRAY_SUBMIT_REQ as slurmctld
				      * numbers it: only the array's id
				      * (the result) is taken; the tasks
				      * take theirs as they start, the
				      * last the array's (job.array_late) */
	/* 180-189: priorities */
	CMD_PRIO_SKIP = 182, /* priority/basic: the priorities slurmctld gave
			      * to N submissions it made and then refused
			      * (--test-only, no node fits, -N0); the next
			      * job or release comes that much lower */
	/* 184-189: sbatch --reboot */
	CMD_START_REBOOT = 184, /* the start (CMD_START or CMD_START_SPREAD,
				 * its type after the job id) of an sbatch
				 * --reboot job where slurm.conf has a
				 * RebootProgram: its nodes reboot and it
				 * waits CONFIGURING until they are back */
};

/* A step as proposed: where its tasks go (the proposer lays them out
 * over the job's nodes). Strings and arrays are borrowed. */
struct step_spec {
	uint32_t job_id;
	char *name;
	uint32_t nnodes;
	uint32_t *node_idx;        /* nnodes indexes into state->nodes */
	uint32_t *tasks;           /* tasks on each of them */
	uint32_t cpus_per_task;
	uint64_t mem_mb;           /* per node */
	uint32_t task_dist;
	uint32_t time_limit;
	bool overlap;
	bool whole;                /* all the job's CPUs on its nodes */
	uint64_t *gpu_masks;       /* GPUs on each node, or NULL: none */
	char *srun_host;
	uint16_t srun_port;
	uint32_t srun_pid;
};

/* Submit request as the model sees it. Strings are borrowed. */
struct job_spec {
	char *name, *partition, *user;
	uint32_t uid, gid;
	/* the request (core/jobreq.h); time_limit STATE_NO_VAL = the
	 * partition's default */
	JOB_REQ_MEMBERS;
	uint32_t priority;         /* STATE_NO_VAL = computed; 0 = held */
	char *work_dir, *std_out, *std_err, *std_in, *script;
	char **env;
	uint32_t env_count;
	char **argv;
	uint32_t argc;
	char *account, *comment;
	time_t begin_time;
	uint32_t warn_signal;      /* 0 = none */
	uint32_t warn_time;        /* seconds before the time limit */
	uint32_t warn_flags;       /* JOB_WARN_* */
	bool interactive;          /* an allocation (salloc), see struct job */
	char *alloc_node;          /* submitting host (AllocNode), or NULL */
	uint32_t alloc_sid;        /* its session id (Sid) */
	char *resp_host;
	uint16_t resp_port, other_port;
	bool no_requeue;           /* sbatch --no-requeue */
	char *dependency;          /* sbatch -d as given (checked), or NULL */
	uint8_t dep_kill;          /* DEP_KILL_* */
	int32_t nice;              /* --nice, checked */
	time_t deadline;           /* --deadline, 0 = none */
};

/* node_spec.state: an enum node_base, optionally | NODE_CONF_DRAIN. */
#define NODE_CONF_DRAIN 0x100

struct node_spec {          /* one node in a CONFIG command */
	char *name, *addr, *features, *gres;
	uint32_t cpus, sockets, cores, threads, weight, state;
	uint64_t memory_mb;
	uint32_t tmp_disk_mb;
};

struct part_spec {
	char *name, *nodes, *allow_groups;
	bool is_default, hidden;
	uint32_t max_time, default_time, state, priority_tier, max_nodes, min_nodes;
};

/* What a CMD_PART_UPDATE changes: part_update.fields is a set of these
 * (a create sets them all). */
#define PART_UPD_NODES        0x0001
#define PART_UPD_MAX_TIME     0x0002
#define PART_UPD_DEFAULT_TIME 0x0004
#define PART_UPD_STATE        0x0008
#define PART_UPD_DEFAULT      0x0010  /* YES takes it from the others */
#define PART_UPD_HIDDEN       0x0020
#define PART_UPD_ALLOW_GROUPS 0x0040
#define PART_UPD_MAX_NODES    0x0080
#define PART_UPD_MIN_NODES    0x0100
#define PART_UPD_PRIO_TIER    0x0200
#define PART_UPD_ALL          0x03ff

/* One partition change (scontrol update/create PartitionName=, flurmsh
 * partition set/create); strings are borrowed. Runtime changes last
 * until slurm.conf is reloaded, which resets partitions to the file. */
struct part_update {
	struct part_spec spec;     /* spec.name names the partition */
	uint32_t fields;           /* PART_UPD_* */
	bool create;               /* a new partition: it must not exist */
};

/* A node's active features (ActiveFeatures=, -C matches them): the list
 * an operator set apart, or its features. */
static inline const char *state_node_features_act(const struct node *n)
{
	return n->features_act ? n->features_act : n->features;
}

/* In a CMD_NODE_UPDATE: new features, the weight left as it is. */
#define NODE_WEIGHT_KEEP 0xffffffffu

struct node_update {
	char *names;               /* hostlist */
	enum { NODE_UPD_DRAIN = 1, NODE_UPD_RESUME, NODE_UPD_DOWN, NODE_UPD_UNDRAIN,
	       NODE_UPD_WEIGHT, /* the settings alone (weight, features) */
	       NODE_UPD_REBOOT_CANCEL /* scontrol cancel_reboot */ } op;
	char *reason;
	uint32_t uid;
	bool set_weight;           /* also (or only) a new scheduling weight,
				    * kept until slurm.conf is read again */
	uint32_t weight;
	bool set_features;         /* also (or only) new features ("" none),
				    * kept until slurm.conf is read again */
	char *features;
	bool set_features_act;     /* ActiveFeatures= ("" none) */
	char *features_act;
	bool set_comment;          /* Comment= ("" none) */
	char *comment;
	bool set_extra;            /* Extra= ("" none) */
	char *extra;
	/* NODE_UPD_DOWN with REQUEUE: the batch jobs on the nodes that may
	 * be requeued are, with WAIT (as cmd_node_down); without: every
	 * job on them ends NODE_FAIL, as in logs from before it */
	bool requeue;
	uint32_t wait;
	/* NODE_UPD_RESUME asked as State=IDLE, which slurmctld takes for
	 * nodes down or idle rather than down or drained (not in the
	 * command: the leader checks it before proposing) */
	bool as_idle;
};

/* The fields a CMD_NODE_UPDATE carries after the features, when any of
 * these is set (a mask; without it the features are set): */
#define NODE_UPD_F_FEATURES     0x01
#define NODE_UPD_F_FEATURES_ACT 0x02
#define NODE_UPD_F_COMMENT      0x04
#define NODE_UPD_F_EXTRA        0x08

/* What a CMD_JOB_UPDATE changes: job_update.fields is a set of these.
 * Shape and placement can only change while the job is pending. */
#define JOB_UPD_NAME          0x0001
#define JOB_UPD_COMMENT       0x0002
#define JOB_UPD_TIME_LIMIT    0x0004  /* running jobs too */
#define JOB_UPD_PARTITION     0x0008  /* pending only */
#define JOB_UPD_NODES         0x0010  /* min_nodes, max_nodes; pending only */
#define JOB_UPD_TASKS         0x0020  /* num_tasks; pending only */
#define JOB_UPD_CPUS_PER_TASK 0x0040  /* pending only */
#define JOB_UPD_MEM           0x0080  /* mem_mb, mem_per_cpu; pending only */
#define JOB_UPD_PRIORITY      0x0100  /* a new priority (not 0), not if held */
#define JOB_UPD_HOLD          0x0200  /* priority 0, JobHeldUser/Admin */
#define JOB_UPD_RELEASE       0x0400  /* a held job gets a fresh priority */
#define JOB_UPD_DEPEND        0x0800  /* dependency ("" clears); pending only */
#define JOB_UPD_NICE          0x1000  /* nice; moves the priority by the change */
#define JOB_UPD_BEGIN         0x2000  /* begin_time (StartTime=); pending only */
#define JOB_UPD_DEADLINE      0x4000  /* deadline; not while running */
#define JOB_UPD_NODES_GIVEN   0x8000  /* the update named the upper node
					 * count (NumNodes=MIN-MAX): from
					 * now on a waiting job shows it, as
					 * after -N; pending only */
#define JOB_UPD_CPUS_ASKED    0x10000 /* cpus_per_task_asked (-c before
					 * MaxMemPerCPU raised it, 0 = not
					 * raised); pending only */
#define JOB_UPD_MEM_ASKED     0x20000 /* the update gave a memory: the
					 * job's is no longer the default
					 * (mem_default); pending only */
#define JOB_UPD_REQ           0x40000 /* the request's members named in
				       * req_mask take req's; pending only
				       * but for MailUser, MailType */
#define JOB_UPD_REQUEUE       0x80000 /* no_requeue; running jobs too */
#define JOB_UPD_WORK_DIR      0x100000 /* work_dir; pending only */
#define JOB_UPD_STD_OUT       0x200000 /* std_out; pending only */
#define JOB_UPD_SHRINK        0x400000 /* a running or suspended job keeps
					* only the nodes of keep_nodes (some
					* of its own, its batch node among
					* them) and releases the others, as
					* slurmctld's resize (NumNodes=,
					* ReqNodeList=) */
#define JOB_UPD_ALL           0x7fffff

/* One job update. Who may ask for what (owner, operator, partition
 * limits) is decided before proposing; apply only refuses what the model
 * cannot take. Strings are borrowed. */
struct job_update {
	uint32_t job_id;
	uint32_t fields;           /* JOB_UPD_* */
	char *name, *comment, *partition;
	uint32_t time_limit;       /* minutes or STATE_INFINITE */
	uint32_t min_nodes, max_nodes;
	uint32_t num_tasks, cpus_per_task;
	uint64_t mem_mb;
	bool mem_per_cpu;
	uint32_t priority;
	bool hold_admin;           /* JOB_UPD_HOLD: JobHeldAdmin, else JobHeldUser;
				    * JOB_UPD_RELEASE: by an operator, who
				    * gives a job not held the next priority
				    * (and no nice); JOB_UPD_PRIORITY: by an
				    * operator, the nice goes */
	char *dependency;          /* JOB_UPD_DEPEND: checked, "" = none */
	int32_t nice;              /* JOB_UPD_NICE */
	time_t begin_time;         /* JOB_UPD_BEGIN */
	time_t deadline;           /* JOB_UPD_DEADLINE, 0 = none */
	uint32_t cpus_per_task_asked; /* JOB_UPD_CPUS_ASKED */
	uint64_t req_mask;         /* JOB_UPD_REQ: JOB_REQ_* members */
	struct job_req req;        /* JOB_UPD_REQ: their new values */
	bool no_requeue;           /* JOB_UPD_REQUEUE */
	char *work_dir, *std_out;  /* JOB_UPD_WORK_DIR, JOB_UPD_STD_OUT */
	char *keep_nodes;          /* JOB_UPD_SHRINK: hostlist */
};
/* U takes J's node, task, CPU and memory counts: an update that may
 * change some of them then holds the whole new shape. */
void job_update_shape(struct job_update *u, const struct job *j);
/* After U's shape (job_update_shape and its changes) and MinCPUsNode
 * (JOB_REQ_PN_MIN_CPUS) are set: the CPUs waiting job J then asks in
 * all, by slurmctld's rules (job_mgr.c _update_job): NUM_CPUS
 * (NumCPUs=, 0 = not named); a node count named (NODES_NAMED) raises
 * them to its tasks times -c and to MinCPUsNode a node; else a
 * MinCPUsNode named makes them that a node; a new task count or -c
 * alone leaves them as they were. Puts JOB_REQ_MIN_CPUS in U when
 * that differs from J's (0 when it is U's tasks times -c). */
void job_update_cpus(struct job_update *u, const struct job *j,
		     uint32_t num_cpus, bool nodes_named);

/* Command builders: each returns a packed command (caller frees the buffer
 * with buf_free). TIME is the proposer's clock. */
buf_t *cmd_config(const struct node_spec *nodes, uint32_t nnodes,
		  const struct part_spec *parts, uint32_t nparts,
		  const struct state_params *params, time_t now);
buf_t *cmd_submit(const struct job_spec *spec, time_t now);
/* sbatch --array: NTASKS task indexes, ascending, at most THROTTLE
 * running at once (0 = no limit) */
buf_t *cmd_array_submit(const struct job_spec *spec, const uint32_t *tasks,
			uint32_t ntasks, uint32_t throttle, time_t now);
/* ... numbered as slurmctld does (CMD_ARRAY_SUBMIT_LATE) */
buf_t *cmd_array_submit_late(const struct job_spec *spec,
			     const uint32_t *tasks, uint32_t ntasks,
			     uint32_t throttle, time_t now);
/* cancel the tasks of array ARRAY_ID with the NTASKS indexes given, or
 * all of them with none; STATE_EDONE when each had ended already */
buf_t *cmd_array_cancel(uint32_t array_id, const uint32_t *tasks,
			uint32_t ntasks, uint32_t uid, time_t now);
/* U (its job_id ignored) on every task of array ARRAY_ID with the NTASKS
 * indexes given, or all with none, that has not ended; STATE_EOK when
 * it applied to one at least, else the last task's refusal */
buf_t *cmd_array_update(uint32_t array_id, const uint32_t *tasks,
			uint32_t ntasks, const struct job_update *u,
			time_t now);
/* At most THROTTLE tasks of array ARRAY_ID running at once from now on
 * (0: no limit); STATE_ENOJOB when it has no task left */
buf_t *cmd_array_throttle(uint32_t array_id, uint32_t throttle, time_t now);
buf_t *cmd_start(uint32_t job_id, const uint32_t *node_idx, uint32_t count,
		 uint32_t cpus_per_node, uint64_t mem_per_node, time_t now);
buf_t *cmd_job_end(uint32_t job_id, int32_t status, time_t now);
/* The job ended at END by its node's clock (a node reports ends that
 * happened while no controller listened); apply keeps it between the
 * job's start and NOW. */
buf_t *cmd_job_end_at(uint32_t job_id, int32_t status, time_t end,
		      time_t now);
buf_t *cmd_cancel(uint32_t job_id, uint32_t uid, time_t now);
buf_t *cmd_timeout(uint32_t job_id, time_t now);
/* Back to pending after a failed prolog or launch (WHY). WAIT is the
 * launch credential's lifetime (slurm.conf AuthInfo=cred_expire=): the
 * job's begin time becomes NOW + WAIT + 1 unless it is ahead already,
 * as slurmctld delays a requeued batch job (0 = no delay). */
buf_t *cmd_requeue(uint32_t job_id, enum job_reason why, uint32_t wait,
		   time_t now);
buf_t *cmd_node_up(const char *name, uint32_t cpus, uint64_t memory_mb,
		   time_t boot_time, time_t now);
/* cmd_start for a --gpus-per-task job: GPUs by the tasks of each node.
 * FLAGS: START_CPUS_BY_TASK: its CPUs too (then CPUS_PER_NODE is the
 * first node's, the most), also for a job without GPUs whose tasks share
 * out unevenly (-N2 -n3); START_TASKS_FROM_NODES: its task count becomes
 * --ntasks-per-node times its nodes (-N2 -n3 --ntasks-per-node=2: 4). */
#define START_CPUS_BY_TASK     0x1
#define START_TASKS_FROM_NODES 0x2
#define START_CPUS_GIVEN       0x4  /* cmd_start_cpus: each node's CPUs */
#define START_GPUS_GIVEN       0x8  /* cmd_start_given: each node's GPUs */
/* OverSubscribe: the job shares each CPU with up to N - 1 others, N in
 * the flags' top 16 bits (START_SHARE(N)) */
#define START_SHARED           0x10
#define START_SHARE(n)         (START_SHARED | ((uint32_t)(n) << 16))
buf_t *cmd_start_spread(uint32_t job_id, const uint32_t *node_idx,
			uint32_t count, uint32_t cpus_per_node,
			uint64_t mem_per_node, uint32_t flags, time_t now);
/* cmd_start_spread (CMD_START_SPREAD) that gives the CPUs the job holds
 * on each node: NODE_CPUS[k] on the k-th of its COUNT nodes in node
 * order (START_CPUS_GIVEN), as the leader chose them from what was free;
 * replay takes them from the log, not from the nodes' state then. */
buf_t *cmd_start_cpus(uint32_t job_id, const uint32_t *node_idx,
		      uint32_t count, const uint32_t *node_cpus,
		      uint64_t mem_per_node, uint32_t flags, time_t now);
/* cmd_start_spread that gives the CPUs (NODE_CPUS, as cmd_start_cpus;
 * NULL: CPUS_PER_NODE, or its tasks' with START_CPUS_BY_TASK) and the
 * GPUs (NODE_GPUS, START_GPUS_GIVEN: a job-wide --gpus as the leader
 * dealt it, or all of an --exclusive job's nodes; NULL: what its
 * options give) of each of its COUNT nodes, in
 * node order. */
buf_t *cmd_start_given(uint32_t job_id, const uint32_t *node_idx,
		       uint32_t count, uint32_t cpus_per_node,
		       const uint32_t *node_cpus, const uint32_t *node_gpus,
		       uint64_t mem_per_node, uint32_t flags, time_t now);
/* cmd_node_up with the GPUs the node's gres.conf (or detection) gives. */
buf_t *cmd_node_up_gpus(const char *name, uint32_t cpus, uint64_t memory_mb,
			time_t boot_time, uint32_t gpus, time_t now);
/* Node NAME failed (not responding): DOWN, its running jobs end
 * NODE_FAIL, except the batch jobs that may be requeued (no
 * --no-requeue, JobRequeue), which are requeued as slurmctld does, with
 * WAIT as in cmd_requeue (the launch credential's lifetime). WAIT
 * NODE_FAIL_ENDS leaves it out, as in logs from before it: every job
 * ends NODE_FAIL. */
#define NODE_FAIL_ENDS STATE_NO_VAL
buf_t *cmd_node_down(const char *name, const char *reason, uint32_t wait,
		     time_t now);
buf_t *cmd_node_update(const struct node_update *u, time_t now);
/* scontrol reboot of NAMES (a hostlist, every node for ALL): FLAGS
 * NODE_REBOOT_F_*, NEXT NODE_NEXT_NONE/RESUME/DOWN, REASON or NULL. */
buf_t *cmd_node_reboot(const char *names, uint32_t flags, uint32_t next,
		       const char *reason, uint32_t uid, time_t now);
buf_t *cmd_node_reboot_issue(const char *name, time_t now);
/* NAME's reboot issued at ISSUED has not ended by NOW: DOWN. */
/* WAIT: as in cmd_requeue, for the sbatch --reboot jobs requeued. */
buf_t *cmd_node_reboot_timeout(const char *name, time_t issued,
			       uint32_t wait, time_t now);
/* N priorities given to refused submissions: the next is N lower. */
buf_t *cmd_prio_skip(uint32_t n, time_t now);
/* START (a command of sched_start_cmd, CMD_START or CMD_START_SPREAD)
 * as the start of an sbatch --reboot job: CMD_START_REBOOT. NULL for
 * another command. START is left as it is. */
buf_t *cmd_start_reboot(const buf_t *start);
/* Remove node NAME, which must be pending removal (NODE_FLAG_REMOVING).
 * Without FORCE only once it holds no job; with FORCE its jobs end
 * NODE_FAIL or are requeued, as cmd_node_down with WAIT (their
 * processes are the proposer's to stop first). */
buf_t *cmd_node_remove(const char *name, bool force, uint32_t wait,
		       time_t now);
/* Add node NAME with CPUS and MEMORY_MB, FEATURES (comma list or NULL),
 * in PARTITIONS (comma list of existing partitions, or NULL): flagged
 * NODE_FLAG_DYNAMIC, state unknown until its daemon registers. Refused
 * (STATE_EBUSY) when the name exists, STATE_ENOPART for a partition. */
buf_t *cmd_node_add(const char *name, uint32_t cpus, uint64_t memory_mb,
		    const char *features, const char *partitions, time_t now);
/* Drain added node NAME and mark it pending removal: the leader removes
 * it once no job holds it (cmd_node_remove). STATE_EBUSY for a node
 * slurm.conf defines. */
buf_t *cmd_node_retire(const char *name, uint32_t uid, time_t now);
buf_t *cmd_purge(time_t now);
/* Whether a CMD_PURGE at NOW would forget a job: one finished MinJobAge
 * ago, but, where ids wrap around, not the record holding an array's id
 * while another of its tasks is left (slurmctld keeps it, and so its
 * id, until then). */
bool state_purge_due(const struct state *st, time_t now);
buf_t *cmd_hold(uint32_t job_id, bool hold, bool by_admin, time_t now);
buf_t *cmd_job_update(const struct job_update *u, time_t now);
/* Partitions: apply refuses an unknown node in spec.nodes (ENONODE), an
 * unknown partition (ENOPART), creating one that exists and deleting one
 * that a pending, running or completing job still uses (EBUSY). */
buf_t *cmd_part_update(const struct part_update *u, time_t now);
/* Requeue a job that has started (running, suspended or ended): it is
 * pending again, restarts + 1; one still on its nodes stays COMPLETING
 * until the node reports the end, and only then lets go of them. HOLD
 * holds it (JOB_REASON_REQUEUE_HELD). WAIT as in cmd_requeue, counted
 * from when it lets go of its nodes (slurmctld's batch_requeue_fini).
 * STATE_EBUSY for a pending job and for an allocation (salloc). */
buf_t *cmd_job_requeue(uint32_t job_id, bool hold, uint32_t wait,
		       time_t now);
/* Suspend a running job (SUSPEND true) or resume a suspended one; the
 * time it spends suspended does not count against its time limit.
 * STATE_EBUSY when it is not in the state to change from. */
buf_t *cmd_job_suspend(uint32_t job_id, bool suspend, time_t now);
/* Give pending job JOB_ID the best priority of its owner's pending jobs
 * in the same partition, and move the ones it passes one step down;
 * others' jobs keep theirs. STATE_EBUSY when not pending or held. */
buf_t *cmd_job_top(uint32_t job_id, time_t now);
/* scontrol top IDS (N of them, the first named first) as slurmctld
 * 22.05's job_set_top(): through the nice values of the owner's pending
 * jobs of the same partition and account (the same CMD_JOB_TOP, with
 * the list after the first id; the first form moves priorities only). */
buf_t *cmd_job_top_nice(const uint32_t *ids, uint32_t n, time_t now);
buf_t *cmd_part_delete(const char *name, time_t now);
/* Run INNER (a packed command) once for request id REQ_ID (not 0): when
 * an earlier CMD_ONCE with the same id is still remembered, apply does
 * nothing and its result is the earlier outcome (the same job id). A
 * controller that does not know whether a request committed can then
 * send it again. */
buf_t *cmd_once(uint64_t req_id, const buf_t *inner, time_t now);

/* A new step in running job S->job_id, on some of its nodes; apply
 * refuses a node outside the job (STATE_EINVAL) and CPUs or memory that
 * other steps hold (STATE_EBUSY), unless the step overlaps. The result's
 * step_id is the new step's. */
buf_t *cmd_step_create(const struct step_spec *s, time_t now);
/* The tasks of step STEP_ID of job JOB_ID ended on node NODE (NULL: on
 * all its nodes, as srun reports a step it could not launch) with wait(2)
 * STATUS at END by the reporter's clock. Once all its nodes have, a
 * running step is COMPLETE (all 0) or FAILED. */
buf_t *cmd_step_end(uint32_t job_id, uint32_t step_id, const char *node,
		    int32_t status, time_t end, time_t now);
/* End running step STEP_ID of job JOB_ID as CANCELLED; its nodes are
 * told to stop it until they report its end. STATE_EDONE when it has
 * ended already. */
buf_t *cmd_step_cancel(uint32_t job_id, uint32_t step_id, time_t now);
/* As cmd_step_cancel, but the step ends TIMEOUT: its own time limit
 * (srun -t inside an allocation) has passed. */
buf_t *cmd_step_timeout(uint32_t job_id, uint32_t step_id, time_t now);

/* Cancel pending job JOB_ID because its dependency can never be
 * satisfied (reason DependencyNeverSatisfied). Apply checks that again:
 * STATE_EBUSY when the job is not pending or its dependency may still
 * be satisfied. */
buf_t *cmd_dep_kill(uint32_t job_id, time_t now);
/* End pending job JOB_ID as DEADLINE: at the command's time it cannot
 * run its --time-min (else its time limit) before its --deadline.
 * STATE_EBUSY when that is not so (a stale decision). */
buf_t *cmd_deadline(uint32_t job_id, time_t now);
/* Whether pending job J could still run its time-min (else its time
 * limit) before its deadline if it started at NOW (true without one). */
bool job_deadline_ok(const struct job *j, time_t now);

/* Result of applying one command. */
struct state_result {
	int rc;                    /* 0 or a STATE_E* code */
	uint32_t job_id;           /* CMD_SUBMIT: the new id */
	uint32_t step_id;          /* CMD_STEP_CREATE: the new step's id */
};

enum {
	STATE_EOK = 0,
	STATE_EINVAL,          /* malformed command */
	STATE_ENOJOB,          /* no such job */
	STATE_ENOPART,         /* no such partition */
	STATE_ENONODE,         /* no such node */
	STATE_EDONE,           /* job already finished */
	STATE_EBUSY,           /* transition not allowed now */
	STATE_EPERM,           /* not the owner */
	STATE_EIDS,            /* job ids exhausted */
};
const char *state_strerror(int rc);

/* The one job that applying CMD (with result RES) can have changed, or 0
 * when it may have changed any job (configuration, node and purge
 * commands); a CMD_SUBMIT's is the new job. For the controller's event
 * stream, which then compares only that job. */
uint32_t state_cmd_job(const void *cmd, size_t len,
		       const struct state_result *res);
/* Whether applying CMD (with result RES) may have changed what a node
 * shows (its state, allocation, reason, features ...): false only for
 * commands that never touch nodes (submissions, holds, pending-only
 * changes) and for commands that failed, which change nothing. For the
 * controller's "no change" answer to node lists, and its event stream,
 * which then leaves nodes and partitions uncompared (none of those
 * commands changes a partition or the configuration either). */
bool state_cmd_nodes(const void *cmd, size_t len,
		     const struct state_result *res);

/* Identity of a CONFIG command's content (its time ignored): the leader
 * proposes slurm.conf only when this differs from st->config_hash. */
uint64_t state_config_hash(const void *cmd, size_t len);

struct state *state_new(void);
void state_free(struct state *st);
/* Apply one packed command. Never fails on bad input: a malformed or
 * impossible command is reported in *res and changes nothing. */
void state_apply(struct state *st, const void *cmd, size_t len,
		 struct state_result *res);
/* Whole-model snapshot and restore. restore replaces the content of ST;
 * on a malformed snapshot it returns -1 and leaves ST empty but valid. */
buf_t *state_snapshot(const struct state *st);
int state_restore(struct state *st, const void *data, size_t len);

/* How many request ids the model remembers (CMD_ONCE). At thousands of
 * submissions a second a repeat comes within seconds of the first. */
#define STATE_ONCE_KEEP 4096
/* The outcome of REQ_ID if it is remembered: 0 and *RES, else -1. */
int state_once_lookup(const struct state *st, uint64_t req_id,
		      struct state_result *res);

/* Lookups. */
struct job *state_job(const struct state *st, uint32_t id);
/* The ids of the tasks waiting in a late array's record (job.array_late)
 * are from here up: above any job id Slurm gives (MAX_JOB_ID 0x03ffffff),
 * so st->jobs keeps them after every other job. */
#define STATE_TASK_ID_BASE 0x7f000000u
#define STATE_TASK_ID_MAX  0xfff00000u
static inline bool state_task_waiting(const struct job *j)
{
	return j->id >= STATE_TASK_ID_BASE;
}
/* The job a client's ID names: its own, or, while no job holds it, a
 * task of the late array of that id: one waiting in its record if any. */
struct job *state_job_named(const struct state *st, uint32_t id);
/* The id the next submission gets, as slurmctld's get_next_job_id():
 * the first from st->next_job_id on that no job holds (nor a late
 * array's record, state_job_named()), going back to first_job_id after
 * max_job_id when ids wrap; 0 when every id is held (STATE_EIDS). */
uint32_t state_next_job_id(const struct state *st);
/* The id clients know J by: a task waiting in its array's record shows
 * as the array (slurmctld's meta record). */
/* qsort order of struct job pointers: by the id clients see (a late
 * array's waiting tasks at their array's id), then by the job's own. */
int state_job_cmp_shown(const void *x, const void *y);
static inline uint32_t state_job_shown_id(const struct job *j)
{
	return state_task_waiting(j) ? j->array_job_id : j->id;
}
/* Every job in the order slurmctld's job list holds them, which its
 * list of all jobs follows (pack_all_jobs; scontrol show job without
 * an id prints it so): by creation, where a late array's record of
 * waiting tasks is created anew each time a task leaves it, after every
 * job there is then, and the task that left stays in the record's old
 * place. A malloc'd vector of st->njobs, or NULL when that is st->jobs'
 * own order (no late array has let a task go). Worked out from the ids
 * the tasks took: a task purged takes its place in that order with it. */
struct job **state_jobs_listed(const struct state *st);
/* An array's tasks, found by the array's id and their indexes: where
 * they sit among the jobs is known to these alone (the ids from the
 * array's on, one a task in index order; for a late array the array's
 * id or ids given as they started, above it or, once ids wrapped
 * around, below it, then the waiting ones).
 * state_array_any: its first task while that is in the model, else the
 * lowest left, or NULL; state_array_task: task TASK, or NULL;
 * state_array_first/next: every task still in the model, in index
 * order (a late array's in id order from the array's: those started,
 * the waiting ones in index order, then those that took ids below the
 * array's after a wrap), NULL after the last. */
struct array_iter {
	uint32_t array_id, count, next, pos;
	uint32_t start;            /* late: where the scan began */
	bool late, wrapped;        /* late: the scan went on from the first
				    * job (ids given after a wrap are below
				    * the array's) */
};
struct job *state_array_any(const struct state *st, uint32_t array_id);
struct job *state_array_task(const struct state *st, uint32_t array_id,
			     uint32_t task);
struct job *state_array_first(const struct state *st, uint32_t array_id,
			      struct array_iter *it);
struct job *state_array_next(const struct state *st, struct array_iter *it);
struct node *state_node(const struct state *st, const char *name);
long state_node_index(const struct state *st, const char *name);
struct partition *state_part(const struct state *st, const char *name);
struct partition *state_default_part(const struct state *st);
/* A pending job's partition may be a list ("a,b", sbatch -p a,b): it
 * runs in whichever can start it first, and from then on names that one.
 * state_part_count: names in LIST (0 for NULL); state_part_nth: the Nth
 * (from 0), or NULL past the end or for a name that does not exist. */
uint32_t state_part_count(const char *list);
struct partition *state_part_nth(const struct state *st, const char *list,
				 uint32_t n);
bool job_is_finished(const struct job *j);
/* Slurm-like node state word for display: "idle", "mixed", "drained"... */
const char *node_state_name(const struct state *st, const struct node *n);
/* Whether J holds its nodes: running, suspended, or ended (or requeued)
 * and not yet let go of by its node. */
bool job_on_nodes(const struct job *j);
/* When a started job reaches its time limit: start, limit and the time
 * it spent suspended (0 for no limit or not started). */
time_t job_deadline(const struct job *j);
/* Seconds a started job has run by NOW, its suspended time left out. */
time_t job_run_secs(const struct job *j, time_t now);
/* Step ID of job J, or NULL. */
struct step *job_step(const struct job *j, uint32_t id);
/* Whether step S still has processes on node IDX to stop or wait for:
 * one of its nodes that has not reported their end. */
bool step_on_node(const struct step *s, uint32_t idx);
/* CPUs and memory (MB) the running, non-overlapping steps of J hold on
 * node IDX. */
void job_steps_used(const struct job *j, uint32_t idx, uint32_t *cpus,
		    uint64_t *mem_mb);
/* A memory size's "per CPU" bit (else per node), as Slurm's. */
#define STATE_MEM_PER_CPU 0x8000000000000000ULL
/* What slurm.conf says of a partition that the scheduler goes by. */
struct state_part_policy {
	char *part;
	uint64_t max_mem;          /* as state.max_mem; 0 = the global */
	bool exclusive;            /* OverSubscribe=EXCLUSIVE: whole nodes */
	/* OverSubscribe=YES:N or FORCE:N: up to SHARE jobs on a CPU (N,
	 * 0 or 1 for none), with FORCE every job, with YES only the
	 * --oversubscribe ones */
	uint16_t share;
	bool force;
};
/* Replace the policy with GLOBAL_MAX_MEM and the N of PARTS (copied). */
void state_set_policy(struct state *st, uint64_t global_max_mem,
		      const struct state_part_policy *parts, uint32_t n);
/* Whether partition PART (one name) is OverSubscribe=EXCLUSIVE. */
bool state_part_exclusive(const struct state *st, const char *part);
/* How many jobs may share each CPU J holds in partition PART (one
 * name), as slurmctld's cons_tres: the partition's N of YES:N (J asked
 * --oversubscribe, not --exclusive) or FORCE:N (any job); 0 when J
 * shares none. */
uint16_t state_job_share(const struct state *st, const struct job *j,
			 const char *part);
/* Whether partition PART's jobs may share CPUs (YES:N or FORCE:N, N > 1),
 * whether or not a given job does: slurmctld keeps other partitions'
 * jobs that share none off the nodes they run on. */
bool state_part_shares(const struct state *st, const char *part);
/* The limit for partition PART (its own, else the global), 0 = none. */
uint64_t state_max_mem(const struct state *st, const char *part);
/* Memory a job needs per node, in MB (0 = none requested). */
uint64_t job_mem_per_node(const struct job *j, uint32_t cpus_per_node);

/* Licenses (license.c): one name and a count, in a list. */
struct license {
	char *name;
	uint32_t count;
};
/* Parse a license list as slurmctld 22.05 does ("a:2,b" = a:2 and b:1;
 * ',' or ';'; a name twice adds up; each new name goes first, the order
 * slurmctld prints them in). NULL or "" is an empty list. 0, or -1 with
 * err_set(). */
int license_parse(const char *s, struct license **out, uint32_t *n);
/* "a:2,b:1" for the list, NULL for none; malloc'd. */
char *license_string(const struct license *v, uint32_t n);
void license_free(struct license *v, uint32_t n);
long license_find(const struct license *v, uint32_t n, const char *name);
/* Whether a job may ask for WANT on this cluster: every name configured
 * and none asked more often than configured. 0, or -1 with err_set(). */
int license_check(const struct state *st, const char *want);
/* How many of each configured license (CFG, from st->licenses) the jobs
 * holding nodes use; malloc'd, NCFG entries. */
uint32_t *license_used(const struct state *st, const struct license *cfg,
		       uint32_t ncfg);
/* Add the licenses of LICENSES to USED. */
void license_add(const struct license *cfg, uint32_t ncfg, uint32_t *used,
		 const char *licenses);
/* Whether LICENSES fit beside USED. */
bool license_fits(const struct license *cfg, uint32_t ncfg,
		  const uint32_t *used, const char *licenses);

/* GPUs of a slurm.conf Gres= value ("gpu:2", "gpu:tesla:2,mps:100"):
 * their count and, in *TYPE (malloc'd, NULL = none given), their type. */
uint32_t gres_gpus(const char *gres, char **type);

/* GPUs job J needs on each of NNODES nodes: its --gpus-per-task times
 * the tasks each gets (--ntasks-per-node, else its tasks spread evenly,
 * the most on one node), or its GPUs per node. */
uint32_t job_gpus_on_node(const struct job *j, uint32_t nnodes);
/* GPUs J takes on the K-th (0-based, in node order) of its COUNT nodes
 * when started by CMD_START_SPREAD: --gpus-per-task times the tasks that
 * node gets (--ntasks-per-node, else its tasks in turn over the nodes,
 * the first ones one more), else its GPUs per node. */
uint32_t job_gpus_at(const struct job *j, uint32_t count, uint32_t k);
/* GPUs a --gpus-per-task job J takes on a node where the leader gave it
 * CPUS CPUs (START_CPUS_GIVEN): --gpus-per-task times the tasks those
 * CPUs hold at --cpus-per-task each. */
uint32_t job_gpus_for_cpus(const struct job *j, uint32_t cpus);
/* Tasks J runs on the K-th (0-based, in node order) of its COUNT nodes:
 * --ntasks-per-node, else its tasks in turn over the nodes (the first
 * ones one more), as slurmctld's block layout gives them. */
uint32_t job_tasks_at(const struct job *j, uint32_t count, uint32_t k);
/* Whether J started on COUNT nodes counts --ntasks-per-node tasks on
 * each instead of its -n (slurmctld raises -N2 -n3 --ntasks-per-node=2
 * to 4 tasks when it starts), or one on each when it has fewer tasks
 * than nodes (--gpus=3 without -n on two 2-GPU nodes: 2 tasks). */
bool job_tasks_from_nodes(const struct job *j, uint32_t count);
/* The task count it then gets: --ntasks-per-node times COUNT, else one
 * on each node (fewer tasks than nodes: -n was not given). */
uint32_t job_tasks_for_nodes(const struct job *j, uint32_t count);
/* CPUs a --gpus-per-task job J whose CPUs follow its tasks takes on the
 * K-th of its COUNT nodes: its tasks there times --cpus-per-task, at
 * least --mincpus and at least one; on one node at least the CPUs
 * scontrol update NumCPUs= gave it. */
uint32_t job_task_cpus_at(const struct job *j, uint32_t count, uint32_t k);
/* CPUs started job J holds on the K-th of its nodes (node order), and
 * on node IDX (0 when it holds none there). */
uint32_t job_cpus_at(const struct job *j, uint32_t k);
uint32_t job_cpus_on(const struct job *j, uint32_t idx);
/* The most of NODE_CPUS[0..COUNT) (a job's CPUs on each of its nodes, as
 * its node_cpus): its cpus_per_node. 0 when COUNT is 0. */
uint32_t job_node_cpus_most(const uint32_t *node_cpus, uint32_t count);
/* Memory (MB) started job J holds on the K-th of its nodes, and on node
 * IDX: with --mem-per-cpu, for the CPUs it holds there. */
uint64_t job_mem_at(const struct job *j, uint32_t k);
uint64_t job_mem_on(const struct job *j, uint32_t idx);
/* J's CPUs per node run-length coded, as slurmctld's cpu_array: CPUS[r]
 * on REPS[r] nodes in a row (both sized to its node count); the runs. */
uint32_t job_cpu_runs(const struct job *j, uint32_t *cpus, uint32_t *reps);
/* The fewest GPUs a node must have for J to use it at all (one for a
 * job-wide --gpus). */
uint32_t job_gpus_min(const struct job *j);
/* N of J's --gpus=N when it counts for the job as a whole (no
 * --gpus-per-node or --gpus-per-task beside it): dealt over its nodes
 * at its start (gpus_deal), not the same on each; else 0. */
uint32_t job_gpus_per_job(const struct job *j);
/* slurmctld's cons_tres dealing of a job-wide TOTAL over COUNT nodes
 * with FREE_GPUS[k] free, in node order: each node as many as it has
 * free while one is left for each node still to come, then what is
 * still missing node by node (-N2 --gpus=3 on 2-GPU nodes: 2 and 1).
 * OUT[k] gets each node's; returns the GPUs dealt (TOTAL when they
 * suffice). */
uint32_t gpus_deal(uint32_t total, const uint32_t *free_gpus,
		   uint32_t count, uint32_t *out);

/* The GPU indexes job J holds on node IDX (bit i = GPU i), 0 = none. */
uint64_t job_gpu_mask(const struct job *j, uint32_t idx);
/* How a step asks for GPUs: N a node (srun --gpus-per-node, --gres), N
 * a task (--gpus-per-task), N for the step (--gpus, dealt over its nodes
 * as a job's), or STEP_GPUS_JOB: as its job asked them, as slurmctld
 * copies the job's request to a step that makes none. */
enum step_gpus_by {
	STEP_GPUS_JOB,
	STEP_GPUS_NODE,
	STEP_GPUS_TASK,
	STEP_GPUS_STEP,
};
/* The GPUs step S of J sees on each of its nodes (S->nnodes entries, in
 * node order): the lowest of those J holds there, as many as it asks
 * (BY, N), at most all of them. NULL when J holds no GPUs. */
uint64_t *step_gpu_masks(const struct job *j, const struct step *s,
			 enum step_gpus_by by, uint32_t n);
/* The GPUs J holds over all its nodes. */
uint32_t job_gpus_held(const struct job *j);
/* A step's request as STEP_GPUS_JOB resolved to what its job asked
 * (BY and N changed); false when that is no GPUs at all. */
bool step_gpus_resolve(const struct job *j, enum step_gpus_by *by,
		       uint32_t *n);
/* The GPU indexes the running steps of J that do not overlap hold on
 * node IDX (bit i = GPU i). */
uint64_t job_steps_gpus(const struct job *j, uint32_t idx);
/* How many GPUs a step asking (BY, N) needs on a node where it puts
 * TASKS tasks (BY already resolved; STEP_GPUS_STEP: 1, what it needs at
 * least there). */
uint32_t step_gpus_need(enum step_gpus_by by, uint32_t n, uint32_t tasks);
/* The GPUs a step of J asking (BY, N, resolved) gets on the NN nodes
 * IDX[] (ascending) where it puts TASKS[] tasks, as slurmctld gives
 * them: on each node the lowest of those J holds there that BUSY[k]
 * (other steps', NULL: none) leaves, as many as it asks; --gpus dealt
 * over the nodes as a job's. NULL when they are too few. */
uint64_t *step_gpus_pick(const struct job *j, const uint32_t *idx,
			 const uint32_t *tasks, uint32_t nn,
			 enum step_gpus_by by, uint32_t n,
			 const uint64_t *busy);
/* Cores (sockets x cores) of node N, at least 1; and how many of them
 * job J takes there, the K-th of its nodes (its CPUs there over the
 * threads per core). */
uint32_t node_core_count(const struct node *n);
/* The CPUs of N its jobs hold: their sum, but a core that jobs share
 * (OverSubscribe) at most once, as slurmctld's CPUAlloc. */
uint32_t node_cpus_held(const struct node *n);
uint32_t job_cores_want(const struct job *j, const struct node *n,
			uint32_t k);
/* The cores CPUS CPUs take on node N (whole cores, at most its own). */
uint32_t node_cores_for(const struct node *n, uint32_t cpus);
uint32_t gpu_popcount(uint64_t m);

/* Dependencies (depend.c). Parse a dependency as sbatch -d and scontrol
 * update Dependency= take it, with Slurm's syntax: "type:id[+min][:id..]"
 * items (after, afterany, afterok, afternotok, aftercorr,
 * afterburstbuffer), "singleton", old style bare job ids (afterany); an
 * id may name array tasks: "12_3", "12_[1-3,5]" (one item a task) or
 * "12_*" (the whole array),
 * joined by "," (all) or "?" (any one; one "?" makes the whole list
 * any-of, as in Slurm). An item may end in "(failed)" (what scontrol
 * show printed), which keeps it failed. Duplicates are dropped. NULL, ""
 * and "0" parse as no dependency (*n 0). 0, or -1 with err_msg(); -2
 * for "expand:" (Slurm's job expansion, which FLURM does not have). */
int depend_parse(const char *s, struct job_dep **out, uint32_t *n,
		 bool *any);
/* Decide what each id of V names in ST now, as slurmctld does when a
 * job takes the list: a plain id that is an array's id means the whole
 * array; fills in job_dep.arr and ref. */
void depend_resolve(const struct state *st, struct job_dep *v, uint32_t n);
/* Is the list, for job SELF (0 at submit), one slurmctld takes: no job
 * depends on itself or on its own array (1) nor through a chain of
 * pending jobs on SELF (2, circular)? 0 if fine. */
int depend_check(const struct state *st, uint32_t self,
		 const struct job_dep *v, uint32_t n);
/* Where job J's dependencies stand at NOW. */
enum dep_result depend_test(const struct state *st, const struct job *j,
			    time_t now);
/* The Dependency= text slurmctld shows for J at NOW: the items not yet
 * fulfilled, each with "(unfulfilled)" or "(failed)", or NULL when none
 * is left; for a held job, every item not yet decided, as submitted.
 * Malloc'd. */
char *depend_string(const struct state *st, const struct job *j,
		    time_t now);

#endif
