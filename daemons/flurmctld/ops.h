/* ops.h - each controller operation once, whatever the transport: the
 * Slurm port (rpc_slurm.c) and the admin socket (rpc_admin.c) translate a
 * request into an op_*() call with a request context, and the result back
 * into their own reply. An operation validates, authorizes, proposes, and
 * runs its effects (tell node daemons, reschedule) from the committed
 * state, whether or not the requesting connection is still there. */
#ifndef FLURM_CTLD_OPS_H
#define FLURM_CTLD_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/hostlist.h"
#include "core/log.h"
#include "state/state.h"

struct ctld;

/* Outcome of an operation. */
enum op_rc {
	OP_OK = 0,
	OP_EINVAL,        /* the request is malformed or incomplete */
	OP_EHOSTLIST,     /* a hostlist expression does not parse */
	OP_EPERM,         /* the caller may not do this */
	OP_ENOTLEADER,    /* only the leader may do this */
	OP_ENONODE,       /* a named node does not exist */
	OP_ENOJOB,        /* the job does not exist */
	OP_EDONE,         /* the job has already finished */
	OP_EBUSY,         /* not possible in the target's current state */
	OP_EPENDING,      /* the job does not run yet (signals) */
	OP_ENOTCONN,      /* the job's node daemon is not connected */
	OP_ENOSPACE,      /* the state directory is full: no writes now */
	OP_EFAIL,         /* proposed, but not committed */
	OP_ENOPART,       /* a named partition does not exist */
	OP_EINUSE,        /* the partition still has jobs */
	OP_EEXIST,        /* the partition exists already */
	OP_EDISABLED,     /* the job may not be requeued (--no-requeue) */
	OP_ENOTRUNNING,   /* suspend: the job is not running */
	OP_ENOTSUSPENDED, /* resume: the job is not suspended */
	OP_EHELD,         /* top: the job is held */
	OP_EBATCHONLY,    /* requeue: an allocation (salloc), not a batch job */
	OP_EMOVED,        /* leadership moved before the change was known to
			   * commit (it may yet, under ctx->req_id) */
	OP_ESTEPBUSY,     /* step: the CPUs or memory are held by other steps */
	OP_ETOOMANY,      /* step: more CPUs than the allocation has */
	OP_ENODECOUNT,    /* step: a node count the allocation cannot give */
	OP_EBADNODES,     /* step: -w names a node outside the allocation */
	OP_ENOSTEP,       /* the step does not exist */
	OP_EMEMORY,       /* step: more memory than the allocation has */
	OP_EIDS,          /* submit: every job id is held by a job */
};
const char *op_strerror(int rc);
/* The OP_* code for a model outcome (STATE_E*), and for a proposal's
 * outcome: STATUS from Raft (not leader, state directory full, not
 * committed), then RES from apply. */
int op_state_rc(int state_rc);
int op_commit_rc(int status, const struct state_result *res);

/* Who asks, and where the answer goes. DONE is called exactly once, after
 * the commit (or its failure), with an OP_* code and a message for people
 * (NULL when rc is OP_OK); ARG is the caller's and may describe a
 * connection that is gone by then. DONE may run before the op_*() call
 * returns 0 (a proposal refused at once), so set up whatever it uses
 * first. The context is copied. */
struct op_ctx {
	uid_t uid;
	bool is_operator;
	const char *peer;          /* for the log: "client", "admin uid 0" */
	/* a job operation or allocation proposes its one command under
	 * this request id (CMD_ONCE) when not 0, so that the request may
	 * be sent again after OP_EMOVED */
	uint64_t req_id;
	void (*done)(void *arg, int rc, const char *msg);
	void *arg;
};

/* ops_node.c: NAMES as a hostlist: "ALL" (any case) is every node, as
 * slurmctld's nodespec_to_hostlist; NULL with err_msg() when malformed. */
hostlist_t *node_names(const struct ctld *c, const char *names);
/* ops_node.c: drain, resume, undrain or set DOWN the nodes of a hostlist
 * (NU->names), for operators only. DRAIN and DOWN need a reason. Returns
 * 0 when proposed (DONE follows), or an OP_E* code with err_msg() when
 * refused at once (DONE is not called). After a DOWN commits, the jobs it
 * ended are stopped on their nodes; any change asks for a scheduling
 * cycle. */
int op_node_update(struct ctld *c, const struct op_ctx *ctx,
		   const struct node_update *nu);

/* scontrol reboot (strings borrowed). */
struct reboot_req {
	const char *names;         /* hostlist; NULL or "ALL": every node */
	uint32_t flags;            /* NODE_REBOOT_F_ASAP */
	uint32_t next;             /* NODE_NEXT_NONE, _RESUME or _DOWN */
	const char *reason;        /* or NULL */
};

/* ops_node.c: ask NR->names to reboot, for operators, as slurmctld's
 * REQUEST_REBOOT_NODES: each is rebooted once idle (ASAP drains it
 * first), by the leader (nodes_reboot). A name that is not a node is
 * OP_ENONODE. Returns as op_node_update(). */
int op_node_reboot(struct ctld *c, const struct op_ctx *ctx,
		   const struct reboot_req *nr);

/* A node to add (strings borrowed). */
struct node_add {
	const char *name;
	uint32_t cpus;
	uint64_t memory_mb;
	const char *features;      /* comma list, or NULL */
	const char *partitions;    /* comma list of existing ones, or NULL */
};

/* ops_node.c: add node NA->name, which slurm.conf does not name, for
 * operators. It is replicated and kept across reloads and restarts
 * (NODE_FLAG_DYNAMIC) until removed, or until slurm.conf names it. Its
 * state is unknown until a flurmnd of that name registers. Returns as
 * op_node_update(). */
int op_node_add(struct ctld *c, const struct op_ctx *ctx,
		const struct node_add *na);
/* Remove added node NAME, for operators: drain it at once, then wait up
 * to TIMEOUT seconds for its jobs to end and the leader to remove it
 * (OP_EBUSY after that: it stays drained and goes when they end), or
 * with FORCE stop its jobs now (they end NODE_FAIL) and remove it. A
 * node slurm.conf defines is refused (OP_EBUSY): a reload would bring it
 * back. Returns as op_node_update(). */
int op_node_remove(struct ctld *c, const struct op_ctx *ctx, const char *name,
		   bool force, uint32_t timeout);
/* The controller stops: answer every node removal still waiting for its
 * node's jobs (OP_EBUSY: the node stays drained, and the next leader
 * removes it when they end), while the callers' connections are open. */
void op_node_waits_end(struct ctld *c);

/* What `nodes sync` changes. */
struct nodes_sync {
	char **added, **removed;   /* node names */
	size_t nadded, nremoved, added_cap, removed_cap;
};
/* Make the node set match slurm.conf (operators): read the file again
 * and apply it as a reload does (an error changes nothing: OP_EINVAL
 * with err_msg() naming file and line), and retire the added nodes it
 * does not name. OUT lists the nodes that join and those that leave
 * (once their jobs end); free it with nodes_sync_free(). Returns OP_OK
 * once proposed (DONE is not used) or an OP_E* code. */
int op_nodes_sync(struct ctld *c, const struct op_ctx *ctx,
		  struct nodes_sync *out);
void nodes_sync_free(struct nodes_sync *s);

/* ops_job.c: cancel a job (pending or running: once committed, its node
 * is told to stop it, and told again until it has, see
 * nodes_job_changed()), hold a pending job (an operator's hold is an admin hold) or
 * release a held one (an admin hold by operators only). The owner or an
 * operator may. Returns as op_node_update(). */
int op_job_cancel(struct ctld *c, const struct op_ctx *ctx, uint32_t id);
/* Cancel the tasks of array ARRAY_ID with the NTASKS indexes in TASKS
 * (ascending), or every task with none: one command, all or nothing. */
int op_array_cancel(struct ctld *c, const struct op_ctx *ctx,
		    uint32_t array_id, const uint32_t *tasks, uint32_t ntasks);
/* op_job_hold, op_job_set, op_job_signal, op_job_requeue and
 * op_job_suspend given the id of a late array that no task has taken
 * (flurmsh) act on each of its tasks, as scontrol does: DONE gets OP_OK
 * when one task took it, else the first task's refusal (refusals name a
 * task waiting in the array's record A_N). */
int op_job_hold(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		bool hold);
/* Apply U (a checked job update: which fields, the new values) to job
 * U->job_id, for its owner or an operator. What a field may become (a
 * partition's MaxTime, Slurm's rules on priorities) is the translating
 * listener's to check; this checks leadership, the job, the caller,
 * proposes one CMD_JOB_UPDATE, and after the commit asks for a
 * scheduling pass (a release or a smaller shape may let jobs start).
 * DONE gets OP_ENOJOB, OP_EDONE, OP_EBUSY (not pending), OP_ENOPART or
 * OP_EFAIL from the commit. Returns as op_node_update(). */
/* U on the tasks of array ARRAY_ID with the NTASKS indexes in TASKS, or
 * on all with none; U->job_id is the task whose owner and values were
 * checked (all tasks share them). */
int op_array_update(struct ctld *c, const struct op_ctx *ctx,
		    uint32_t array_id, const uint32_t *tasks, uint32_t ntasks,
		    const struct job_update *u);
/* The default memory of a job in partition P that asks none (P's
 * DefMemPerCPU / DefMemPerNode, else slurm.conf's): MB, and whether per
 * CPU. */
uint64_t op_default_mem(const struct ctld *c, const struct partition *p,
			bool *per_cpu);
/* -c and memory of pending job J as slurmctld's limits check works them
 * out (at every update, a release too, and at each scheduling pass):
 * from the -c it asked (unless CPT_NAMED: U's) and its memory (U's when
 * MEM_NAMED, else the default of now for a job that asked none, else
 * the one it asked: a raised job's times the ratio), raised to fit the
 * MaxMemPerCPU of partition P now, or back to what was asked under it.
 * U holds the job's new shape; its fields gain what changes
 * (MinMemoryCPU=500 under 300: -c 2, 250M; --mem-per-cpu=250 after
 * MaxMemPerCPU went down to 200: -c 2, 125M). */
void op_job_mem_limits(struct ctld *c, const struct job *j,
		       const struct partition *p, bool mem_named,
		       bool cpt_named, struct job_update *u);
/* After slurm.conf changed: each waiting job that is not held takes the
 * memory limits and defaults of now (op_job_mem_limits), as slurmctld
 * gives them at its next pass. Leader only; the number of updates
 * proposed. */
int op_jobs_mem_limits(struct ctld *c);
int op_job_update(struct ctld *c, const struct op_ctx *ctx,
		  const struct job_update *u);
/* scontrol update ArrayTaskThrottle=N of array ARRAY_ID: at most
 * THROTTLE of its tasks running from now on (0: no limit), for the
 * owner or an operator, as slurmctld also for an array whose tasks have
 * all started. Returns as op_node_update(). */
int op_array_throttle(struct ctld *c, const struct op_ctx *ctx,
		      uint32_t array_id, uint32_t throttle);
/* flurmsh's `job update ID key=value...`: KEYS (NULL-terminated) are
 * name=, comment=, timelimit=MINUTES|UNLIMITED, partition=NAME and
 * priority=N (operators), checked as scontrol's update checks them (a
 * user may shorten the time limit, or lengthen it within the
 * partition's MaxTime while the job is pending; the partition only while
 * pending and open to the job's owner), then op_job_update(). Returns
 * as op_job_update(). */
int op_job_set(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
	       char *const *keys);
/* Send signal SIG to a running job's processes (FLAGS WIRE_SIG_BATCH: its
 * batch shell only). Signals are not kept in the model: a node that is
 * not connected cannot get one (OP_ENOTCONN). DONE runs before this
 * returns 0. */
int op_job_signal(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		  uint32_t sig, uint32_t flags);
/* scontrol notify: MSG on running job ID's stderr, for its owner, root
 * and SlurmUser (not other operators, as slurmctld: OP_EPERM); a job
 * not running cannot take it: OP_EDONE when it has ended, OP_EDISABLED
 * while pending (slurmctld would hand it to an srun, which batch jobs
 * lack). DONE runs before this returns 0. */
int op_job_notify(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		  const char *msg);
/* scontrol requeue (HOLD: requeuehold), by Slurm's rules: the owner or
 * an operator; a job that has started (running, suspended or ended),
 * not one submitted with --no-requeue (OP_EDISABLED), nor an allocation
 * (salloc: OP_EBATCHONLY), nor a pending one (OP_EPENDING), checked in
 * slurmctld's order. Once committed the job is pending again, its node is
 * told to stop the last run (nodes_job_changed()) and the job starts
 * anew once the node has let go. Returns as op_node_update(). */
int op_job_requeue(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		   bool hold);
/* scontrol suspend / resume, for operators: a running job's processes
 * are stopped (SIGSTOP) and continued (SIGCONT) by its node, which the
 * model tells after the commit; its time limit does not run meanwhile.
 * OP_EPENDING, OP_EDONE, OP_ENOTRUNNING, OP_ENOTSUSPENDED as Slurm
 * refuses; suspending a suspended job succeeds at once (DONE runs before
 * this returns). Returns as op_node_update(). */
int op_job_suspend(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		   bool suspend);
/* scontrol top: the N pending jobs IDS, the first first, go ahead of
 * their owner's other pending jobs in their partition, through their
 * nice values (cmd_job_top_nice()). Operators, and owners where
 * USER_TOP (SchedulerParameters=enable_user_top) allows. OP_EBUSY when
 * one is not pending, OP_EHELD when held. Returns as op_node_update(). */
int op_job_top(struct ctld *c, const struct op_ctx *ctx, const uint32_t *ids,
	       uint32_t n, bool user_top);


/* ops_alloc.c: an allocation (salloc) for spec S (S->interactive, with
 * the client's address and ports). After the submit commits, the next
 * scheduling pass decides, and DONE(ARG, rc, job_id) is called once:
 * OP_OK when the job runs now, OP_EPENDING when it waits (the grant goes
 * to S->resp_port later), OP_EBUSY with IMMEDIATE when it could not
 * start at once (the job then ends FAILED), or the commit's error (job_id
 * 0). Returns 0 when proposed, or an OP_E* code with err_msg() (DONE is
 * then not called). */
typedef void (*alloc_done_cb)(void *arg, int rc, uint32_t job_id);
int op_alloc_submit(struct ctld *c, const struct op_ctx *ctx,
		    const struct job_spec *s, bool immediate,
		    alloc_done_cb done, void *arg);
/* salloc relinquishes allocation ID with its command's wait() STATUS
 * (Slurm's NO_VAL when interrupted): COMPLETED, FAILED or CANCELLED as
 * slurmctld records them; a pending one is cancelled. The owner or an
 * operator; batch jobs are refused (OP_EBUSY). Returns as
 * op_node_update(). */
int op_alloc_complete(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		      uint32_t status);

/* ops_step.c: a job step (srun) as asked, in the model's terms.
 * Strings are borrowed. */
struct step_request {
	uint32_t job_id;
	const char *name;
	uint32_t min_nodes, max_nodes; /* 0: all the job's nodes */
	uint32_t num_tasks;            /* 0: one per node */
	uint32_t cpus_per_task;        /* 0: 1 */
	uint32_t ntasks_per_node;      /* 0: no limit */
	uint64_t mem_mb;               /* per node, or per CPU */
	bool mem_per_cpu;
	const char *node_list;         /* -w: these nodes, or NULL */
	const char *exc_nodes;         /* -x */
	bool overlap;                  /* --overlap: share CPUs */
	bool whole;                    /* without --exact: whole nodes */
	bool overcommit;               /* -O: more tasks than CPUs */
	/* its GPUs (STEP_GPUS_JOB: as its job asked them) */
	enum step_gpus_by gpus_by;
	uint32_t gpus;
	uint32_t task_dist;
	uint32_t time_limit;           /* minutes, STATE_INFINITE */
	const char *srun_host;         /* srun's address and port */
	uint16_t srun_port;
	uint32_t srun_pid;
};
/* Create a step of running job RQ->job_id for its owner or an operator:
 * lay out its tasks over the job's nodes (block distribution, as Slurm:
 * as few nodes as asked, each filled up to its free CPUs), propose it,
 * and call DONE(ARG, rc, step_id) after the commit. Refusals as Slurm
 * makes them: OP_EPENDING, OP_EDONE, OP_ETOOMANY, OP_ENODECOUNT,
 * OP_EBADNODES, OP_EMEMORY, and OP_ESTEPBUSY when other steps hold what
 * it needs, CPUs or GPUs, or while the job's nodes reboot for it
 * (srun then waits and asks again). Returns 0 when proposed or
 * an OP_E* code with err_msg() (DONE is not called). */
typedef void (*step_done_cb)(void *arg, int rc, uint32_t step_id);
int op_step_create(struct ctld *c, const struct op_ctx *ctx,
		   const struct step_request *rq, step_done_cb done, void *arg);
/* The sruns told OP_ESTEPBUSY for job JOB_ID ask again now. */
void op_steps_wake(struct ctld *c, uint32_t job_id);
/* srun's REQUEST_STEP_COMPLETE: the tasks of positions FIRST..LAST of
 * step STEP_ID's node list ended with wait() STATUS (a launch that
 * failed there, or a step srun gave up). Owner or operator. Returns as
 * op_node_update(). */
int op_step_complete(struct ctld *c, const struct op_ctx *ctx,
		     uint32_t job_id, uint32_t step_id, uint32_t first,
		     uint32_t last, uint32_t status);
/* scancel ID.STEP (SIG 0 or SIGKILL): the step ends CANCELLED, its nodes
 * stop it and its srun hears it; scancel -s SIG ID.STEP: the signal goes
 * to the step's tasks on its connected nodes (OP_ENOTCONN when none is).
 * Owner or operator; OP_ENOSTEP, OP_EDONE. Returns as op_node_update(). */
int op_step_signal(struct ctld *c, const struct op_ctx *ctx, uint32_t job_id,
		   uint32_t step_id, uint32_t sig);

/* ops_part.c: create a partition (U->create; unset fields as slurm.conf's
 * defaults, see op_part_defaults) or change the fields in U->fields;
 * Nodes=ALL means every node. Operators only. Returns as
 * op_node_update(); after the commit a scheduling cycle follows. A
 * reload of slurm.conf resets partitions to the file. */
int op_part_update(struct ctld *c, const struct op_ctx *ctx,
		   const struct part_update *u);
/* Delete partition NAME; refused (OP_EINUSE) while a pending, running or
 * completing job is in it, as slurmctld refuses. */
int op_part_delete(struct ctld *c, const struct op_ctx *ctx, const char *name);
/* slurm.conf's defaults for a new partition, in U->spec. */
void op_part_defaults(struct part_update *u);
/* Fill U from "Key=Value" words (State, MaxTime, DefaultTime, Nodes,
 * AllowGroups, Default, Hidden, MaxNodes, MinNodes, PriorityTier; keys in
 * any case); strings point into WORDS. -1 with err_msg() on a bad word. */
int op_part_parse(struct part_update *u, char *const *words, uint32_t n);

/* ops_conf.c: one difference between the running configuration and
 * slurm.conf. */
struct conf_change {
	const char *kind;          /* "node", "partition" or "setting" */
	char *name;                /* node, partition or setting key */
	char *change;              /* "added", "removed", "changed: ...",
				    * "300 -> 60", or why it was refused */
	bool refused;              /* needs a restart: kept as it runs */
};
struct conf_changes {
	struct conf_change *v;
	size_t n, cap;
};
void conf_changes_free(struct conf_changes *d);
/* "node node5 added", "MinJobAge 300 -> 60", "SlurmctldPort: needs a
 * restart, unchanged" (malloc'd). */
char *conf_change_text(const struct conf_change *ch);
/* What reloading PATH (NULL: the controller's slurm.conf) would change,
 * in *OUT (free with conf_changes_free); nothing is applied. 0, or
 * OP_EINVAL with err_msg() naming file and line. */
int op_conf_diff(struct ctld *c, const char *path, struct conf_changes *out);
/* Reload slurm.conf (PATH, or the controller's file; PATH then becomes
 * the file later reloads read), for scontrol reconfigure, SIGHUP and
 * flurmsh reload alike. Operators only. A file that does not parse or
 * validate changes nothing (OP_EINVAL, err_msg() "file:line: why").
 * Otherwise *OUT lists the changes, settings that need a restart are
 * kept as they run (listed as refused), and the rest is applied as one
 * CONFIG command; DONE follows its commit (at once when the model
 * already matches). Runtime partition changes are reset to the file. */
int op_reconfigure(struct ctld *c, const struct op_ctx *ctx, const char *path,
		   struct conf_changes *out);

/* ops_ctl.c: ask the leader for a scheduling cycle now (operators). The
 * cycle runs from the event loop after this returns; DONE is not used.
 * Returns OP_OK, or an OP_E* code with err_msg(). */
int op_sched_run(struct ctld *c, const struct op_ctx *ctx);
/* Set this controller's log level at runtime (operators); not replicated,
 * flurmctld.conf's log_level applies again after a restart. Returns as
 * op_sched_run(). */
int op_log_level(struct ctld *c, const struct op_ctx *ctx,
		 enum log_level level);
/* LEVEL named by WORD (error, warning, info, debug, trace); -1 with
 * err_msg() for another word. */
int op_log_level_parse(const char *word, enum log_level *level);
/* LEVEL for Slurm's debug level number SLURM_LEVEL (scontrol setdebug:
 * 0 quiet .. 3 info .. 5 debug, 6-10 debug2..debug5); -1 with err_msg()
 * above 10. */
int op_log_level_slurm(uint32_t slurm_level, enum log_level *level);
/* Clear the DebugFlags bits MINUS, then set PLUS, on this controller
 * (operators; scontrol setdebugflags). Not replicated; a reload of
 * slurm.conf brings back its DebugFlags, as in slurmctld. FLURM has no
 * log area a flag turns on: scontrol show config reports them. Returns
 * as op_sched_run(). */
int op_debug_flags(struct ctld *c, const struct op_ctx *ctx, uint64_t minus,
		   uint64_t plus);
/* Stop this controller (operators): it answers the request first, then
 * stops as on SIGTERM. Not replicated: the other controllers carry on.
 * Returns as op_sched_run(). */
int op_shutdown(struct ctld *c, const struct op_ctx *ctx);

/* ops_cluster.c: hand Raft leadership to controller TARGET (0: the
 * reachable voter with the longest log), for operators, on the leader.
 * DONE gets OP_OK once another controller leads, OP_EFAIL when it did
 * not move after a few tries. Returns 0, or an OP_E* code with
 * err_msg() when refused at once (DONE is not called). */
int op_cluster_transfer(struct ctld *c, const struct op_ctx *ctx,
			uint64_t target);
/* The controller stops: answer every transfer that waits to see another
 * controller lead (its timer would not run again), while the callers'
 * connections are open. Those waiting for Raft are answered as it closes. */
void op_cluster_transfers_end(struct ctld *c);
/* ops_cluster.c: membership, for operators, one change at a time (a
 * second is refused with OP_EBUSY while one runs). join: on the leader,
 * add controller ID, running at Raft ADDRESS ("HOST:PORT") with
 * join = true, and make it a voter (DONE once it is one, holding the
 * log). remove: on the leader, take controller ID (not the leader
 * itself) out. leave: on any controller, take this one out: a leader
 * hands leadership over first, then asks the new leader (admin_port). */
int op_cluster_join(struct ctld *c, const struct op_ctx *ctx, uint64_t id,
		    const char *address);
int op_cluster_remove(struct ctld *c, const struct op_ctx *ctx, uint64_t id);
int op_cluster_leave(struct ctld *c, const struct op_ctx *ctx);

#endif
