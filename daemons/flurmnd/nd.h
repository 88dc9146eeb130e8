/* nd.h - the node daemon's shared context: settings taken from flurmnd.conf
 * and slurm.conf, the connection to the controller, and the job table.
 * Each job runs under its own supervisor process (supervise.c) that
 * outlives flurmnd; flurmnd only starts supervisors, watches their spool
 * files and reports to the controller. */
#ifndef FLURM_ND_H
#define FLURM_ND_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "conf/daemon_conf.h"
#include "conf/slurm_conf.h"
#include "wire/wire.h"

struct event_base;
struct event;
struct lpool;
struct lsn;
struct slurm_launch_tasks;
struct slurm_addr;
struct bufferevent;
struct auth_ctx;
struct daemon_signals;

/* Grace the node adds to a job's time limit, so that the controller's
 * TIMEOUT (and its JOB_TERMINATE) usually comes first. */
#define ND_TIME_GRACE 5
/* Cap on a prolog or epilog when PrologEpilogTimeout is unset. */
#define ND_SCRIPT_TIMEOUT_CAP 300
/* Wait status we report for a job whose supervisor vanished. */
#define ND_LOST_STATUS 9
/* Wait status of a launch that failed: exit code 1 (ExitCode=1:0); a
 * bare 1 would read as killed by SIGHUP (0:1). */
#define ND_FAILED_STATUS (1 << 8)

/* A controller to try, in order. */
struct nd_ctl {
	char *host;
	uint16_t port;
};

enum nd_conn_state {
	CONN_IDLE,		/* not connected; the retry timer is armed */
	CONN_CONNECTING,	/* TCP connect in progress */
	CONN_REGISTERING,	/* NODE_REGISTER sent, waiting for the answer */
	CONN_READY,		/* registered: heartbeats and job traffic flow */
};

struct nd_conn {
	enum nd_conn_state state;
	struct bufferevent *bev;
	size_t ctl;			/* index into nd->ctls being tried */
	struct nd_ctl hint;		/* leader named by NOT_LEADER, or host NULL */
	struct nd_ctl *cur;		/* what we connect(ed) to */
	struct addrinfo *ai, *ai_next;	/* addresses of cur, the next to try */
	uint32_t backoff_ms;
	struct event *retry_ev;		/* reconnect after backoff */
	struct event *reg_ev;		/* registration answer timeout */
	struct event *hb_ev;		/* heartbeat */
	struct event *resend_ev;	/* repeat unacknowledged job ends */
	uint32_t hb_interval;		/* in use: controller's, else ours */
	unsigned gen;			/* bumped on every close */
	unsigned fails;			/* attempts failed since registered */
};

enum nd_job_state {
	ND_JOB_LAUNCHING,	/* supervisor up; prolog or exec still pending */
	ND_JOB_RUNNING,		/* the script runs; JOB_STARTED reported */
	ND_JOB_ENDED,		/* the end is known; reported until END_ACK */
};

struct nd_job {
	struct nd *nd;
	uint32_t id;
	enum nd_job_state state;
	pid_t sup_pid;			/* the job's supervisor */
	unsigned long long sup_start;	/* its start time in /proc, so a
					 * reused pid is not taken for it */
	pid_t script_pid;		/* session leader of the script, 0
					 * until it runs */
	time_t start_time;
	uint32_t time_limit;		/* minutes, as in the launch */
	uint32_t kill_wait;
	char *cgroup;			/* job cgroup, NULL: process group */
	bool unreported;		/* unknown to the controller: kill it,
					 * report nothing */
	bool started_sent;
	bool terminating;		/* a terminate was passed on to the
					 * supervisor; repeats change nothing */
	uint32_t term_note;		/* WIRE_TERM_* whose stderr line waits
					 * for the script's pid, 0: none */
	/* once ended */
	bool failed;			/* never ran: JOB_FAILED_LAUNCH */
	int32_t status;			/* wait status */
	time_t end_time;
	uint32_t reason;		/* WIRE_FAIL_* or 0 */
	char *message;
	/* only while this flurmnd started the supervisor */
	int wake_fd;			/* read end of its notify pipe, or -1 */
	struct event *wake_ev;
	struct nd_job *next;
};

enum nd_step_state {
	ND_STEP_RUNNING,	/* the step daemon runs (or starts) its tasks */
	ND_STEP_ENDED,		/* every task is gone; STEP_ENDED reported
				 * until STEP_END_ACK */
	ND_STEP_DONE,		/* acknowledged; kept until its credential
				 * has expired, so a replayed launch of the
				 * same step is refused */
};

/* A job step srun launched on this node (steps.c). Its tasks run under a
 * step daemon (stepd.c), a child of flurmnd that reports over a pipe. */
struct nd_step {
	struct nd *nd;
	uint32_t job_id, step_id;
	uid_t uid;
	enum nd_step_state state;
	pid_t pid;			/* the step daemon; 0 once reaped */
	bool stop_said;			/* the step daemon was told of the
					 * job's stop (SIGUSR2) */
	pid_t pgid;			/* the tasks' process group, 0 until
					 * the step daemon names it */
	pid_t *pids;			/* the tasks (for scontrol pidinfo) */
	uint32_t npids;
	int fd;				/* report pipe, -1 once closed */
	struct event *ev;
	char rbuf[4096];
	size_t rlen;
	int pending_sig;		/* to send once pgid is known */
	bool terminating;
	uint32_t kill_wait;
	struct event *kill_ev;		/* SIGKILL after KillWait */
	struct event *end_ev;		/* a held-back end report (tests) */
	int32_t status;			/* once ended: highest wait status */
	time_t end_time;
	char *message;
	time_t forget_at;		/* ND_STEP_DONE: drop it then */
	struct nd_step *next;
};

/* Resources advertised in the registration. */
struct nd_res {
	uint32_t cpus, sockets, cores, threads;	/* cores per socket,
						 * threads per core */
	uint64_t memory_mb;
	uint32_t gpus;
	bool gres_conf;			/* a gres.conf gave GRES_GPUS */
	uint32_t gres_gpus;
};

struct nd {
	struct event_base *base;
	struct flurmnd_conf *conf;
	struct slurm_conf *sc;

	char *node_name;
	char *spool_dir;
	char *state_file;
	char *cluster;			/* REGISTER_OK's, else slurm.conf's */
	uid_t uid;			/* our effective uid */
	time_t boot_time;
	struct nd_res res;
	struct auth_ctx *auth;

	struct nd_ctl *ctls;
	size_t nctls;
	struct nd_conn conn;

	/* cgroup v2 */
	bool cg_ok;			/* job cgroups can be made */
	char *cg_why;			/* why not, when !cg_ok */
	char *cg_root;			/* the cgroup2 mount */
	char *cg_node;			/* .../flurm/<node_name> */

	struct nd_job *jobs;
	struct nd_step *steps;
	uid_t slurm_uid;		/* SlurmUser: may sign credentials */
	uint16_t slurmd_port;		/* our Slurm port (srun, scontrol) */
	struct lpool *lpool;
	struct lsn *slurmd_lsn;
	struct event *poll_ev;
	struct daemon_signals *sigs;
	int exit_code;
	bool stopping;
	bool reboot_started;		/* RebootProgram run (once) */
};

/* nd.c */
int nd_run(struct flurmnd_conf *conf, struct slurm_conf *sc);
/* Leave the loop with EXIT_CODE (after a refused registration). */
void nd_stop(struct nd *nd, int exit_code);
/* Close every descriptor from 3 up except those in KEEP. */
void nd_close_fds(const int *keep, int nkeep);
/* In a child before exec: default dispositions, nothing blocked. */
void nd_reset_signals(void);
/* In a child before it runs a program of the site's: a session of its
 * own, nd_reset_signals(), /dev/null on 0 to 2, nothing else open. */
void nd_child_detach(void);

/* reboot.c: the controller asks for a reboot (scontrol reboot): run
 * slurm.conf's RebootProgram, once. */
void nd_reboot(struct nd *nd);

/* conn.c: the controller connection */
void conn_start(struct nd *nd);
void conn_stop(struct nd *nd);
bool conn_ready(const struct nd *nd);
/* Send a job event (STARTED, ENDED, FAILED_LAUNCH); -1 when not
 * registered (the registration will carry it). */
int conn_send_event(struct nd *nd, uint16_t type,
		    const struct wire_job_event *ev);

/* Send a step's end (STEP_ENDED); -1 when not registered (it is sent
 * again after the registration). */
int conn_send_step_event(struct nd *nd, const struct wire_step_event *ev);

/* rpc_slurmd.c: the Slurm port srun and scontrol talk to */
int slurmd_listen(struct nd *nd);
void slurmd_listen_close(struct nd *nd);

/* steps.c: the step table */
struct nd_step *steps_find(struct nd *nd, uint32_t job_id, uint32_t step_id);
/* Start the tasks of an authenticated, verified launch request whose
 * sender is at PEER (srun's address for its response and I/O ports).
 * Returns 0, or a Slurm error code with err_msg() saying why. */
int steps_launch(struct nd *nd, const struct slurm_launch_tasks *m,
		 const struct slurm_addr *peer, uint32_t nodeid);
/* Signal one step's tasks; SIGKILL terminates (SIGCONT, SIGTERM, then
 * SIGKILL after KILL_WAIT s). -1 when the step does not run here. */
int steps_signal(struct nd *nd, uint32_t job_id, uint32_t step_id, int sig,
		 uint32_t kill_wait);
/* Send SIG (not a termination) to the tasks of every step of JOB_ID
 * running here; returns how many steps. */
size_t steps_signal_job(struct nd *nd, uint32_t job_id, int sig);
/* Terminate every step of JOB_ID (the job ends on this node). */
void steps_kill_job(struct nd *nd, uint32_t job_id, uint32_t kill_wait,
		    uint32_t reason);
/* The controller stops step JOB_ID.STEP_ID for REASON (WIRE_TERM_*):
 * its step daemon writes slurmstepd's CANCELLED AT line to srun (none
 * for WIRE_TERM_QUIET). REASON 0, from a controller that does not say:
 * only for a step of a batch job that runs here, DUE TO TIME LIMIT once
 * the job's time limit has passed. */
void steps_say_stop(struct nd *nd, uint32_t job_id, uint32_t step_id,
		    uint32_t reason);
void steps_end_ack(struct nd *nd, uint32_t job_id, uint32_t step_id);
/* After a registration: send every unacknowledged step end again. */
void steps_report(struct nd *nd);
/* Once a second: reap, forget old steps. */
void steps_poll(struct nd *nd);
/* The job a task pid of a step belongs to, 0 when none. */
uint32_t steps_job_of_pid(struct nd *nd, pid_t pid);
void steps_free_all(struct nd *nd);

/* stepd.c: the step daemon, in a child of flurmnd */
struct stepd_args {
	const struct nd *nd;
	const struct slurm_launch_tasks *m;
	uint32_t nodeid;		/* this node's index in the step */
	const char *srun_host;		/* srun's IPv4 address */
	const char *cgroup;		/* the job's cgroup to join, or NULL */
	int report_fd;			/* write end of the report pipe */
};
void stepd_run(const struct stepd_args *a) __attribute__((noreturn));

/* jobs.c: the job table */
struct nd_job *jobs_find(struct nd *nd, uint32_t id);
void jobs_launch(struct nd *nd, const struct wire_launch *m);
void jobs_signal(struct nd *nd, const struct wire_signal *s);
/* scontrol notify: MSG as a line on running job ID's stderr, where
 * slurmstepd writes it ("slurmstepd: error: MSG"). */
void jobs_notify(struct nd *nd, uint32_t id, const char *msg);
/* slurmstepd's line when WHAT ("JOB 12", "STEP 12.0") on NODE is stopped
 * for REASON (WIRE_TERM_*), with the local time; NULL for a reason it
 * has no words for. */
char *nd_cancel_line(const char *what, const char *node, uint32_t reason);
void jobs_terminate(struct nd *nd, const struct wire_signal *s);
void jobs_end_ack(struct nd *nd, uint32_t id);
void jobs_kill_unknown(struct nd *nd, const uint32_t *ids, uint32_t n);
/* After a registration: send every unacknowledged end again. */
void jobs_report(struct nd *nd);
/* Look at every live job's supervisor and spool files. */
void jobs_poll(struct nd *nd);
/* Rebuild the table from the state file and the spool directory. */
int jobs_recover(struct nd *nd);
/* The running and ended lists of a registration (free with
 * jobs_free_register). */
void jobs_fill_register(struct nd *nd, struct wire_register *r);
void jobs_free_register(struct wire_register *r);
uint32_t jobs_nrunning(const struct nd *nd);
void jobs_free_all(struct nd *nd);
struct nd_job *jobs_add(struct nd *nd, uint32_t id);

/* What a job's supervisor works from: the launch and the node's settings,
 * copied into its memory by fork. */
struct nd_spec {
	const struct nd *nd;
	const struct wire_launch *m;
	char *job_dir;			/* spool_dir/job<ID> */
	char *script;			/* job_dir/script */
	char *cgroup;			/* the job's cgroup, or NULL */
	uint32_t kill_wait;		/* KillWait for the node's own timeout */
	int wake_fd;			/* write end to flurmnd */
};

/* launch.c */
/* Start the supervisor of JOB (double fork): fills job->sup_pid,
 * sup_start and wake_fd. 0, or -1 with err_msg(); every failure here is
 * the node's (spool, pipes, fork). */
int launch_start(struct nd *nd, struct nd_job *job,
		 const struct wire_launch *m, const char *cgroup);
/* In the supervisor: fork the batch script. *exec_fd reads the reason the
 * exec failed, or EOF once it succeeded. Returns its pid or -1 (a node
 * failure). */
pid_t launch_script(const struct nd_spec *s, int *exec_fd);
/* Read and close FD, launch_script()'s *exec_fd: "" once the script
 * runs, else why it did not, with *reason WIRE_FAIL_NODE (the node's
 * fault) or WIRE_FAIL_LAUNCH (the job's), and *status the job's end
 * status (ESLURMD_IO_ERROR when a file of its own could not be opened,
 * as slurmstepd's, else ND_FAILED_STATUS). */
char *launch_exec_result(int fd, uint32_t *reason, int32_t *status);
/* The submitter's soft limits (SLURM_RLIMIT_<NAME>=VALUE in the N
 * entries of ENV, a leading U when --propagate asked for it) become this
 * process's, at most its hard limits, for those slurm.conf lets through
 * (PropagateResourceLimits, PropagateResourceLimitsExcept) and those
 * asked for, as slurmstepd sets them just before a script or task runs.
 * A limit the system refuses stays as it was. */
void nd_propagate_rlimits(char *const *env, uint32_t n,
			  const struct slurm_conf *sc);
/* Whether the environment entry ENTRY is one of those limits: they are
 * for nd_propagate_rlimits(), never for the job's environment. */
bool nd_rlimit_entry(const char *entry);
/* Expand %j %x %u %N %A %a %n %t %% in PATTERN and make it absolute
 * relative to BASE. */
char *launch_pattern(const char *pattern, const struct wire_launch *m,
		     const char *node_name, const char *base);

/* supervise.c */
void supervise_run(struct nd_spec *s) __attribute__((noreturn));
/* Is PID alive and still the process started at START? */
bool supervise_alive(pid_t pid, unsigned long long start);
/* /proc start time of PID, 0 when it is gone. */
unsigned long long supervise_starttime(pid_t pid);
/* Ask a supervisor to terminate its job: SIGTERM, KILL_WAIT, SIGKILL. */
int supervise_terminate(pid_t sup, unsigned long long start,
			uint32_t kill_wait);
/* Deliver SIG to a job's processes: its cgroup, else its process group. */
int supervise_signal(const char *cgroup, pid_t pgid, int sig);

/* prolog.c */
/* Run PATH (prolog or epilog) with ENV, killed after TIMEOUT seconds.
 * 0 when it exited 0; else -1 with *msg ("prolog failed: exit status 3"). */
int prolog_run(const char *what, const char *path, char **env,
	       uint32_t timeout, char **msg);
char **prolog_env(const struct nd_spec *s, const char *what);
uint32_t prolog_timeout(const struct nd *nd);

/* cgroup.c */
int cgroup_init(struct nd *nd);
/* Make the job's cgroup with its limits; NULL with err_msg(). */
char *cgroup_create(const struct nd *nd, uint32_t job_id, uint64_t mem_mb,
		    uint32_t cpus);
/* Move the calling process into PATH (before exec). */
int cgroup_enter(const char *path);
/* Move the calling process into the node's cgroup for supervisors. */
int cgroup_enter_supervisors(const struct nd *nd);
int cgroup_signal(const char *path, int sig);
/* The pids in PATH's cgroup.procs (free *pids); -1 when unreadable. */
long cgroup_pids(const char *path, pid_t **pids);
bool cgroup_empty(const char *path);
int cgroup_remove(const char *path);
/* Kill and remove the cgroups of jobs this node no longer has. */
void cgroup_sweep(struct nd *nd);

/* statefile.c */
int statefile_save(struct nd *nd);
int statefile_load(struct nd *nd);

/* spool.c: spool_dir/job<ID>/{script,supervisor,started,status} */
char *spool_job_dir(const struct nd *nd, uint32_t id);
/* Write TEXT to PATH through PATH.tmp, fsync and rename. */
int spool_write_atomic(const char *path, const char *text);
/* Read a file of key=value lines; NULL when missing or unreadable. */
struct spool_kv;
struct spool_kv *spool_kv_read(const char *path);
const char *spool_kv_get(const struct spool_kv *kv, const char *key);
long long spool_kv_num(const struct spool_kv *kv, const char *key,
		       long long dflt);
void spool_kv_free(struct spool_kv *kv);
int spool_remove_job(const struct nd *nd, uint32_t id);
/* The job ids that have a directory in the spool. */
uint32_t *spool_list_jobs(const struct nd *nd, size_t *n);

/* resources.c */
int resources_get(struct nd *nd);
void resources_heartbeat(const struct nd *nd, struct wire_heartbeat *hb);

#endif
