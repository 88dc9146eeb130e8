/* ctld.h - the controller's shared context: one event loop, the replicated
 * model, the Raft member, the listeners, and the soft state only the leader
 * keeps (node connections, heartbeats, in-flight scheduling). */
#ifndef FLURM_CTLD_H
#define FLURM_CTLD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "conf/daemon_conf.h"
#include "conf/slurm_conf.h"
#include "core/pack.h"
#include "raft/rnode.h"
#include "slurm/auth.h"
#include "state/state.h"

struct event_base;
struct event;
struct bufferevent;
struct lpool;
struct authq;
struct lsn;
struct evhttp;
struct ndconn;
struct aconn;
struct metrics;
struct xfer;
struct events;
struct esub;
struct fwd;
struct afwd;
struct admin_rec;
struct ctld_stats;
struct wire_admin_reply;

/* Leader-only knowledge about one node daemon, kept by node name when a
 * new configuration moves node indexes. */
struct node_soft {
	char *name;                /* the model's node name (a copy) */
	struct ndconn *conn;       /* registered connection, or NULL */
	time_t last_seen;          /* last registration or heartbeat */
	bool down_proposed;        /* a CMD_NODE_DOWN is in flight */
	bool remove_proposed;      /* a CMD_NODE_REMOVE is in flight */
	bool reboot_proposed;      /* a reboot issue or timeout is in flight */
	bool load_known;           /* a heartbeat reported the load */
	uint32_t load;             /* 1-minute load average * 100 */
};

struct ctld {
	struct event_base *base;
	struct flurmctld_conf *conf;
	struct slurm_conf *sc;
	char *slurm_conf_path;
	struct state *st;
	struct rnode *raft;
	struct auth_ctx *auth;
	struct authq *authq;           /* munge calls of the Slurm port, off the loop */
	unsigned slurm_conns;          /* Slurm clients connected */
	uint32_t submit_guess;         /* the job id the next submission
					* proposed is expected to get */
	uint32_t guess_epoch;          /* bumped when submit_guess is put right */
	uint32_t prio_skip;            /* priorities slurmctld would have
					* given to what it makes and then
					* refuses (--test-only, no node
					* fits), not yet proposed */
	struct event *prio_skip_ev;    /* proposes them at the end of the
					* loop's turn */
	uid_t slurm_uid;

	struct lpool *lpool;           /* limits shared by every listener */
	struct lsn **slurm_listeners;
	size_t n_slurm_listeners;
	struct lsn *node_listener;
	struct lsn *admin_listener;
	struct lsn *admin_tcp_listener;  /* admin_port, or NULL */
	struct auth_ctx *admin_auth;   /* MUNGE, for admin_port clients */
	struct aconn *aconns;          /* admin socket connections */
	uint32_t naconns;
	char *admin_groups;            /* "@group" entries of admins, comma list */
	struct events *ev;             /* admin event stream (events.c) */
	time_t started;
	time_t conf_loaded;            /* slurm.conf last (re)read, or
					* DebugFlags set: the last_update
					* of show config */
	uint64_t debug_flags;          /* Slurm DebugFlags bits: slurm.conf's,
					* or scontrol setdebugflags' until
					* the next reload (this controller's) */
	struct ctld_stats *stats;      /* sdiag's counters (stats.c) */
	struct evhttp *http;
	struct event *tick;            /* 1 s housekeeping */
	struct event *sched_ev;        /* scheduler, on events and a timer */
	struct event *sched_tmr;       /* the timer that requests cycles */
	struct event *begin_tmr;       /* one cycle when the next waiting
					* job's begin time comes (a requeued
					* job's, --begin), whatever the
					* interval of sched_tmr */
	struct event *sig_term, *sig_int, *sig_hup;
	struct event *handover_ev;     /* SIGTERM on the leader: transfer deadline */
	struct event *serve_delay_ev;  /* tests: FLURM_TEST_SERVE_DELAY_MS */
	/* Stopping: the Slurm port is closed and the changes clients still
	 * wait for (once_waiting, see rpc_slurm.c, and the forwards) get
	 * their answers before Raft closes, for at most STOP_DRAIN_MS. */
	struct event *drain_ev;
	struct timespec drain_t0;
	bool draining;
	uint32_t once_waiting;

	/* true once this Raft leader has committed a barrier: only then is
	 * its model current enough to answer, schedule and launch */
	bool leader;
	bool barrier_pending;          /* Raft leader, barrier in flight */
	struct timespec elected_at;    /* Raft made us leader (monotonic) */
	uint64_t term;
	time_t leader_since;
	struct afwd *afwds;            /* admin requests sent to the leader */
	struct mailer *mail;           /* MailProg runs (mail.c) */
	struct fwd *fwds;              /* requests waiting for or at the leader */
	uint32_t nfwds;
	bool config_proposed;
	char *config_error;            /* why slurm.conf is not committed */
	bool disk_full;                /* as the last tick saw it */
	uint64_t disk_refused_seen;    /* refusals counted when it resumed */
	/* Job lists (rpc_slurm.c): each job's packed Slurm record, kept
	 * until the job changes, and when anything a job record shows last
	 * changed (by the controller's clock), which a client that sends
	 * the time of the list it has (squeue -i) is compared with. The
	 * records that follow the clock (a --begin, a dependency's +time)
	 * are found by a scan at most once per applied command: the time
	 * of that scan, the command count it saw, and the next time a
	 * record changes by the clock alone (0 = none). */
	struct jobinfo_cache *jobinfo;
	struct joblists *joblists;     /* the last whole list (rpc_slurm.c) */
	uint64_t jobs_gen;             /* bumped with jobs_changed */
	time_t jobs_changed;
	uint64_t jobs_scan_update;
	time_t jobs_scan_time, jobs_next_tick;
	uint64_t sched_digest;         /* the last cycle's soft job fields */
	unsigned snapshot_every;       /* Raft entries between snapshots now */
	/* when anything a partition record shows last changed: commands
	 * that are not about one job, slurm.conf, the controller's role */
	time_t parts_changed;
	/* when anything a node record shows last changed: commands that
	 * may touch nodes (state_cmd_nodes), slurm.conf, the controller's
	 * role, and what node daemons report (registration, load, free
	 * memory, a lost connection) */
	time_t nodes_changed;
	/* told when the CONFIG in flight commits (a reload's operation) */
	void (*config_cb)(void *arg, int rc, const char *msg);
	void *config_cb_arg;

	/* soft state, indexed like st->nodes; rebuilt when nodes change */
	struct node_soft *nsoft;
	uint32_t nsoft_len;
	uint32_t nsoft_config_version;
	bool nsoft_stale;              /* a snapshot replaced the nodes */
	struct ndconn *ndconns;        /* every node connection, any state */

	/* scheduler */
	uint32_t starts_in_flight;
	bool sched_pending;            /* a cycle is queued on sched_ev */
	bool sched_deferred;           /* wanted while starts were in flight */
	uint64_t sched_cycles;
	double sched_last_ms;
	/* CLOCK_MONOTONIC time before which no cycle runs: a rest after
	 * each cycle in proportion to what it cost (schedule.c) */
	struct timespec sched_rest_until;
	struct metrics *metrics;

	/* jobs whose timeout/terminate was already proposed or sent */
	uint32_t *timeouts_sent;
	size_t ntimeouts_sent, timeouts_cap;

	/* node removals waiting for their node's jobs (ops_node.c) */
	struct node_life *node_waits;
	struct xfer *xfers;            /* leadership transfers (ops_cluster.c) */

	bool stopping;
};

/* ctld.c */
/* Run the controller until it is stopped; takes ownership of SC (a
 * SIGHUP replaces it with a freshly read slurm.conf). */
int ctld_run(struct flurmctld_conf *conf, struct slurm_conf *sc);
/* Propose a packed command (the buffer is freed); cb may be NULL.
 * Priorities taken by refusals (ctld_prio_taken) go first. */
int ctld_propose(struct ctld *c, buf_t *cmd, rnode_done_cb cb, void *arg);
/* The leader refused a submission that slurmctld would have made a job
 * of first, giving it a priority: the next job or release comes one
 * lower. Proposed (CMD_PRIO_SKIP) with the next command or at the end
 * of this turn of the loop, those of one turn together. */
void ctld_prio_taken(struct ctld *c);
/* CMD to run once under request id REQ_ID (CMD_ONCE), or CMD itself
 * when REQ_ID is 0. Takes CMD. */
buf_t *ctld_once(uint64_t req_id, buf_t *cmd);
/* The name of job ID in the log and in messages, as clients know it:
 * "A_N" for a task waiting in its late array's record (whose own id no
 * client sees), else the id. In BUF, which it returns. */
#define CTLD_JOB_NAME_LEN 24
const char *ctld_job_name(const struct state *st, uint32_t id,
			  char buf[CTLD_JOB_NAME_LEN]);
/* Is UID an operator: root, SlurmUser, ours, or listed in admins? */
bool ctld_is_operator(const struct ctld *c, uid_t uid);
/* slurm.conf's Licenses= as the model keeps it ("b:1,a:2"; NULL when
 * none), malloc'd in *OUT; -1 with err_set() naming the file when it is
 * not a license list. */
int ctld_conf_licenses(const struct slurm_conf *sc, char **out);
/* The job id guessed for the next submission proposed (the first of N
 * ids it takes), c->submit_guess moved past them: the model's next id
 * unless submissions in flight are ahead of it, ids in use skipped and
 * wrapping around past the highest as the model's do. Only a guess: a
 * submission is answered the id it got. */
uint32_t ctld_guess_take(struct ctld *c, uint32_t n);
/* slurm.conf's FirstJobId and MaxJobId (defaults 1 and 0x03ff0000),
 * checked as slurmctld checks them; -1 with err_msg() when wrong. */
int ctld_conf_job_ids(const struct slurm_conf *sc, uint32_t *first,
		      uint32_t *max);
/* What FLURM checks in slurm.conf beyond slurm_conf_validate(): its
 * Licenses= and DebugFlags=. 0, or -1 with err_set(). */
int ctld_conf_check(const struct slurm_conf *sc);
/* Stop as on SIGTERM, in a moment (scontrol shutdown: its answer goes
 * out first). */
void ctld_shutdown(struct ctld *c);
/* Re-read slurm.conf after SIGHUP through op_reconfigure(); -1 with
 * err_msg() when it does not parse (nothing changes). */
int ctld_reconfigure(struct ctld *c);
/* On the leader, propose slurm.conf as it is in c->sc unless the model
 * already has it (FORCE: even then, to undo runtime partition changes):
 * 0 when proposed (CB, if any, gets the commit's OP_* code), 1 when there
 * was nothing to do or someone else proposes it. */
int ctld_config_sync(struct ctld *c, bool force,
		     void (*cb)(void *, int, const char *), void *arg);
/* Make sure the soft node table matches the model's nodes: entries follow
 * their node by name, so a reload keeps every node's liveness; only a node
 * new to the model starts its heartbeat clock now. */
void ctld_sync_soft(struct ctld *c);
/* Forget the soft node table (leadership gained or lost, shutdown). */
void ctld_drop_soft(struct ctld *c);
/* Can writes be proposed now as far as the state directory's free space
 * goes? (cached for 100 ms) */
bool ctld_writable(struct ctld *c);
/* The leader has no committed slurm.conf yet (first start, or the state
 * directory was too full to commit it): why, in words; NULL when ready. */
const char *ctld_not_ready(struct ctld *c);

/* rpc_slurm.c: the Slurm port (6817) */
int slurm_listen(struct ctld *c);
void slurm_listen_close(struct ctld *c);

/* rpc_admin.c: the admin socket (flurmsh, flurmtop) */
int admin_listen(struct ctld *c);
void admin_listen_close(struct ctld *c);
/* Is UID listed in flurmctld.conf's admins, by name or by a group? */
bool admin_is_listed(const struct ctld *c, uid_t uid);

/* The fields of one job or node, as the admin commands and the event
 * stream show them. A job's dependency is judged in ST as of now. */
void admin_job_record(const struct state *st, const struct job *j,
		      struct admin_rec *r);
void admin_node_record(struct ctld *c, uint32_t idx, struct admin_rec *r);

/* events.c: the admin event stream (protocol in lib/wire/admin.h) */
struct events_req {
	struct bufferevent *bev;       /* the subscriber's connection */
	uint32_t topics;               /* ADMIN_TOPIC_BIT()s */
	const char *since;             /* "EPOCH:SEQ" or NULL */
	uint32_t metrics_secs;         /* 0: no periodic metrics */
	bool is_operator;
	void (*drop)(void *arg);       /* close the connection (frees the
					* subscription through
					* events_unsubscribe) */
	void *arg;
};
int events_init(struct ctld *c);
void events_close(struct ctld *c);
/* After every applied command (and snapshot restore): publish what the
 * commit changed. JOB_ID: the only job it can have changed (see
 * state_cmd_job()), 0: compare every job. JOBS_ONLY: the command cannot
 * have changed a node or partition (!state_cmd_nodes()), so they are
 * not compared: a submission costs nothing per node. */
void events_commit(struct ctld *c, uint32_t job_id, bool jobs_only);
/* Leadership gained or lost. */
void events_leadership(struct ctld *c);
/* A node's soft state (its load) changed: publish the nodes that differ,
 * without comparing the jobs. */
void events_nodes(struct ctld *c);
/* Register a subscriber and add the subscribe reply's record to REP;
 * NULL with err_msg() on bad arguments. Send REP, then events_start()
 * sends the snapshot or the missed events. */
struct esub *events_subscribe(struct ctld *c, const struct events_req *rq,
			      struct wire_admin_reply *rep);
void events_start(struct esub *s);
/* The connection's output has drained (below its low watermark). */
void events_drained(struct esub *s);
void events_unsubscribe(struct esub *s);
uint32_t events_subscribers(const struct ctld *c);

/* nodes.c: the node daemon port (6819) */
int nodes_listen(struct ctld *c);
void nodes_close(struct ctld *c);
/* Send a launch for a job that just started. */
void nodes_launch(struct ctld *c, uint32_t job_id);
/* The CPUs J holds on each of its nodes as SLURM_JOB_CPUS_PER_NODE
 * writes them ("2(x2),1"); malloc'd. */
char *job_cpus_per_node_str(const struct job *j);
/* Ask the nodes of a job to stop it, once (a job the model no longer
 * gives the node, like NODE_FAIL after scontrol update State=DOWN). */
void nodes_terminate(struct ctld *c, uint32_t job_id, uint32_t reason);
/* Likewise on node IDX alone, if its daemon is connected: the node a
 * requeued job let go of (its script ran there; the model no longer
 * says where the job ran). */
void nodes_terminate_at(struct ctld *c, uint32_t idx, uint32_t job_id,
			uint32_t reason);
/* The jobs running on failing nodes and where, noted before the node
 * failure is proposed: once it has applied, nodes_failed_stop has their
 * node daemons stop them (NODE_FAIL, or requeued: a requeued job that
 * let go of its nodes at once has its steps stopped on each of them,
 * and their sruns told first, as the model keeps no record of them). */
struct failed_jobs {
	uint32_t n;
	size_t cap;
	struct failed_job {
		uint32_t id;
		uint32_t uid;
		bitstr_t *bits;       /* its nodes then */
		uint32_t nsteps;      /* its running steps with an srun */
		struct failed_step {
			uint32_t id;
			char *srun_host;
			uint16_t srun_port;
			char *failed; /* its failing nodes (ranged), or NULL */
		} *steps;
	} *v;
};
void nodes_failed_note(struct ctld *c, const bitstr_t *failing,
		       struct failed_jobs *f);
void nodes_failed_stop(struct ctld *c, const struct failed_jobs *f);
void nodes_failed_free(struct failed_jobs *f);
/* A commit changed what JOB_ID's node must do (cancel, timeout): send it
 * now; nodes_reconcile repeats it until the node has done it. */
void nodes_job_changed(struct ctld *c, uint32_t job_id);
/* Every second on the leader: send each connected node what the model
 * says it must still do and it has not been told lately (terminate the
 * jobs the model ended that still hold it). Registrations do this and
 * more (launches, ends the node reports). */
void nodes_reconcile(struct ctld *c, time_t now);
/* Send a signal to a running job's processes; FLAGS WIRE_SIG_BATCH: to
 * its batch shell only. */
/* For scontrol show node: the version node IDX's daemon registered with
 * (NULL when it is not connected), and its load (loadavg * 100) and free
 * memory from a heartbeat, taken once per SlurmdTimeout/3 as slurmctld
 * pings (left alone before the first). */
const char *nodes_live_info(struct ctld *c, uint32_t idx, uint32_t *load,
			    uint64_t *free_mem_mb);
/* What node IDX's daemon said of its system at registration (uname machine;
 * sysname release version), NULL when it is not connected or did not say. */
void nodes_system_info(struct ctld *c, uint32_t idx, const char **arch,
		       const char **os);
/* scontrol notify: MSG to running job JOB_ID's stderr, through its batch
 * node; -1 with err_msg() when that node is not connected. Like signals,
 * not kept in the model. */
int nodes_notify(struct ctld *c, uint32_t job_id, const char *msg);
int nodes_signal(struct ctld *c, uint32_t job_id, uint32_t sig,
		 uint32_t flags);
/* Heartbeat check, called every second on the leader. */
void nodes_check_liveness(struct ctld *c, time_t now);
/* scontrol reboot, on the leader every second and after a reboot
 * request commits: issue the reboot of each node asked to reboot that is
 * idle (or down) and tell its node daemon, tell again a node daemon
 * connected since that has not rebooted, and set DOWN a node not back
 * within ResumeTimeout. */
void nodes_reboot(struct ctld *c, time_t now);
/* Whether slurm.conf names a RebootProgram: scontrol reboot and sbatch
 * --reboot need one. */
bool nodes_can_reboot(const struct ctld *c);
/* Remove the nodes pending removal (gone from slurm.conf) that no job
 * holds any more; called every second on the leader. */
void nodes_remove_idle(struct ctld *c, time_t now);
/* Remove node NAME, pending removal, now: ask the node daemons to stop
 * every job holding it, then propose CMD_NODE_REMOVE with force (its jobs
 * end NODE_FAIL). CB gets the commit as for ctld_propose. -1 with
 * err_msg() when NAME is unknown or still in slurm.conf. */
int nodes_remove_force(struct ctld *c, const char *name, rnode_done_cb cb,
		       void *arg);
/* Send FRAME (freed here) to node IDX's daemon; -1 with err_msg() when
 * it is not connected. */
int nodes_send_frame(struct ctld *c, uint32_t idx, buf_t *frame);
/* Leadership changed: drop node connections when not leader. */
void nodes_leader_changed(struct ctld *c);
/* The state directory has room again: propose the job ends that were
 * refused while it was full. */
void nodes_retry_deferred(struct ctld *c);

/* ops_alloc.c: allocations' side of scheduling and their client ports */
struct slurm_alloc_response;
struct sched_decision;
/* The Slurm allocation record of job J (node_cnt 0 unless it runs). */
void alloc_response_fill(struct ctld *c, const struct job *j,
			 struct slurm_alloc_response *r);
/* A scheduling pass decided: allocations waiting for their first pass
 * that it did not start are answered (pending, or failed with
 * --immediate). */
void alloc_sched_pass(struct ctld *c, const struct sched_decision *starts,
		      uint32_t nstarts);
/* The start of JOB_ID committed (OK) or was refused: answer its waiting
 * request, or send the grant to a pending salloc's port. */
void alloc_start_done(struct ctld *c, uint32_t job_id, bool ok);
/* JOB_ID ended by someone else (scancel, time limit, node failure): if
 * it is an allocation, tell its salloc (SRUN_JOB_COMPLETE). */
void alloc_job_revoked(struct ctld *c, uint32_t job_id);
/* The same, for a cancelled allocation: its steps' sruns and its nodes
 * hear of the end (nodes_job_changed) once salloc has answered, or after
 * a second at most, so that salloc says the allocation was revoked
 * before its command, whose sruns end, can end first. Other jobs: at
 * once. */
void alloc_job_cancelled(struct ctld *c, uint32_t job_id);
/* Send one Slurm message of TYPE with BODY (freed here) to HOST:PORT,
 * signed so that only UID may read it, as salloc and srun require of
 * messages to their ports. Fire and forget: the answer is only logged.
 * 0, or -1 with err_msg() (also logged). */
int srun_send(struct ctld *c, const char *host, uint16_t port, uint32_t uid,
	      uint32_t job_id, uint16_t type, buf_t *body, const char *what);
/* The same, calling DONE(ARG) once when the client has answered, the
 * message could not be delivered, or (-1) could not be sent. */
int srun_send_then(struct ctld *c, const char *host, uint16_t port,
		   uint32_t uid, uint32_t job_id, uint16_t type, buf_t *body,
		   const char *what, void (*done)(void *), void *arg);
/* Every second on the leader: SRUN_TIMEOUT a minute before an
 * allocation's time limit, SRUN_PING every SlurmdTimeout/3. */
void alloc_tick(struct ctld *c, time_t now);
/* Tell the salloc or srun of each allocation a node failure ended (and
 * not told yet) of it; part of alloc_tick, and called at once where a
 * failure was just committed. */
void alloc_node_fail_tell(struct ctld *c, time_t now);

/* ops_step.c: job steps' side of the node daemons and of srun */
struct wire_step_event;
/* Send what the model wants of J's steps: a step that has ended but is
 * still on nodes is stopped there (again, spaced out, until they report
 * its end), and its srun told when it did not end by itself, first: the
 * stops wait for srun's answer (a second at most), as slurmctld's
 * SRUN_JOB_COMPLETE goes out before its kill, so that srun hears of the
 * end before its tasks die. srun hears its job's time limit a minute
 * ahead. True while some srun's answer is awaited: the job's terminate
 * waits too. */
bool steps_reconcile(struct ctld *c, struct job *j, time_t now);
/* How long the stops of an ended step (or of a requeued job's dropped
 * steps) wait for its srun to answer SRUN_JOB_COMPLETE. */
#define STEP_TELL_WAIT_MS 1000
/* Tell the srun of step S of job JOB_ID (owner UID) that its job ended
 * with a node failure when the model no longer holds the step (a batch
 * job requeued when the node of its script failed): SRUN_NODE_FAIL
 * naming S->failed, when the step ran there, then SRUN_JOB_COMPLETE, as
 * slurmctld's srun_node_fail and srun_job_complete before a requeue.
 * DONE(ARG) runs once srun has answered both or could not be reached
 * (maybe before this returns); false, and no DONE, when the step has no
 * srun to tell. */
bool steps_tell_dropped(struct ctld *c, uint32_t uid, uint32_t job_id,
			const struct failed_step *s, void (*done)(void *),
			void *arg);
/* NODE reports the end of a step's tasks there (WIRE_STEP_ENDED): it is
 * recorded and acknowledged (also when already known). */
void steps_node_ended(struct ctld *c, const char *node,
		      const struct wire_step_event *ev);

/* schedule.c */
void sched_request(struct ctld *c);       /* run a cycle soon */
/* Job ID's Slurm record may have changed (0: any job's, and partition
 * records too): its packed record is dropped and job lists are no longer
 * "no change". */
void ctld_jobs_changed(struct ctld *c, uint32_t id);
/* Something a node record shows changed outside the model (what a node
 * daemon reports): node lists are no longer "no change". */
void ctld_nodes_changed(struct ctld *c);
void sched_tick(struct ctld *c, time_t now); /* timeouts, purge */
int sched_init(struct ctld *c);

/* groups.c: partition AllowGroups */
/* May UID use a partition whose AllowGroups is ALLOW_GROUPS (a comma
 * list; NULL or "ALL" allows everyone)? Root and SlurmUser always may. */
bool groups_allowed(const struct ctld *c, const char *allow_groups, uid_t uid);
/* Forget cached group members and user names (reconfigure, shutdown). */
void groups_flush(void);
/* UID's login name (malloc'd), or NULL if the user database has none;
 * cached like the group members. */
char *groups_user_name(uid_t uid);
/* GID's group name (malloc'd), or NULL if the group database has none. */
char *groups_group_name(gid_t gid);

/* metrics_http.c: /metrics and /health on metrics_port */
int http_listen(struct ctld *c);
void http_close(struct ctld *c);
/* "{"status":"healthy","leader":true,"term":N}" (malloc'd) */
char *http_health_json(struct ctld *c, int *status);
/* The Prometheus text (malloc'd). */
char *http_metrics_text(struct ctld *c);
void metrics_observe_sched(struct ctld *c, double ms);
void metrics_count_rpc(struct ctld *c, uint16_t msg_type);
void metrics_count_reply(struct ctld *c, uint16_t msg_type);
void metrics_count_admin(struct ctld *c, const char *command);
/* A Slurm request of MSG_TYPE took MS from its frame to its reply. */
void metrics_observe_request(struct ctld *c, uint16_t msg_type, double ms);
/* Job wait and run time histograms, from the model's job hook. */
void metrics_job_hook(void *arg, const struct job *j, enum job_event ev,
		      time_t now);

/* mail.c: slurm.conf's MailProg for --mail-type, from the leader. */
void mail_init(struct ctld *c);
void mail_free(struct ctld *c);
/* A job started, ended or was requeued (the model's job hook). */
void mail_job_event(struct ctld *c, const struct job *j, enum job_event ev,
		    time_t now);
/* Each second on the leader: time-limit marks, programs that hang. */
void mail_time_check(struct ctld *c, time_t now);
void mail_tick(struct ctld *c, time_t now);
/* This controller took or lost the lead (c->leader says which). */
void mail_leader_changed(struct ctld *c, time_t now);
/* A scheduler cycle found the N jobs IDS waiting on a dependency that
 * can never be satisfied: INVALID_DEPEND for each not found so before
 * (as slurmctld mails when it first finds it, whether or not it then
 * cancels the job). */
void mail_dep_never(struct ctld *c, const uint32_t *ids, uint32_t n,
		    time_t now);

#endif
