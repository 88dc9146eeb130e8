/* wire.h - FLURM's own protocol between node daemons and the controller
 * (port 6819). One long-lived TCP connection per node daemon, opened by
 * the node. Frame: u32 length of what follows, u16 WIRE_VERSION, u16 type,
 * then the body packed with core/pack. The first message must be
 * WIRE_NODE_REGISTER, whose MUNGE credential carries the K12 hash of the
 * rest of the registration body (uid must be root or SlurmUser); after
 * that the connection is trusted. Only the leader accepts registrations;
 * others answer WIRE_NOT_LEADER with the leader's address. */
#ifndef FLURM_WIRE_H
#define FLURM_WIRE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/jobreq.h"
#include "core/pack.h"

#define WIRE_VERSION   1
#define WIRE_HDR_LEN   8           /* u32 len + u16 version + u16 type */
#define WIRE_MAX_FRAME (16u * 1024 * 1024)

enum wire_type {
	/* node daemon -> controller */
	WIRE_NODE_REGISTER = 1,   /* struct wire_register */
	WIRE_NODE_HEARTBEAT,      /* struct wire_heartbeat */
	WIRE_JOB_STARTED,         /* struct wire_job_event: script running */
	WIRE_JOB_ENDED,           /* struct wire_job_event: exit status */
	WIRE_JOB_FAILED_LAUNCH,   /* struct wire_job_event: prolog/launch */
	WIRE_STEP_ENDED,          /* struct wire_step_event: every task of the
				   * step on this node has exited (or failed
				   * to launch); re-sent after each
				   * registration until WIRE_STEP_END_ACK */
	/* controller -> node daemon */
	WIRE_REGISTER_OK = 100,   /* struct wire_register_ok */
	WIRE_REGISTER_REFUSED,    /* struct wire_error */
	WIRE_NOT_LEADER,          /* struct wire_error: message = leader host:port or "" */
	WIRE_JOB_LAUNCH,          /* struct wire_launch */
	WIRE_JOB_SIGNAL,          /* struct wire_signal */
	WIRE_JOB_TERMINATE,       /* struct wire_signal: SIGTERM, KillWait, SIGKILL;
				   * repeated until the job's end is reported,
				   * so node daemons take it again safely */
	WIRE_JOB_END_ACK,         /* struct wire_job_event (id only) */
	WIRE_ERROR,               /* struct wire_error */
	WIRE_JOB_NOTIFY,          /* struct wire_job_event (id, message):
				   * scontrol notify, to the job's stderr */
	WIRE_STEP_END_ACK,        /* struct wire_step_event (ids only) */
	WIRE_STEP_SIGNAL,         /* struct wire_step_signal */
	WIRE_NODE_REBOOT,         /* no body: scontrol reboot, run slurm.conf's
				   * RebootProgram (an older node daemon
				   * ignores it; the reboot then times out) */
};

const char *wire_type_name(uint16_t type);

struct wire_job_event {
	uint32_t job_id;
	int32_t status;            /* wait(2) status; launch failures:
				    * 1 << 8 (exit code 1) */
	time_t time;               /* by the node's clock: STARTED when the
				    * script started; ENDED and
				    * FAILED_LAUNCH when the job ended,
				    * however late the report (the
				    * controller records that end time) */
	uint32_t reason;           /* WIRE_FAIL_* for JOB_FAILED_LAUNCH */
	char *message;             /* human text for logs and drain reasons */
};
/* Why a launch failed (JOB_FAILED_LAUNCH). A controller that does not
 * know a reason fails the job as for WIRE_FAIL_LAUNCH (one that predates
 * WIRE_FAIL_NODE reads it, in a registration's ended list, as a job that
 * ended with exit code 1: the same), so reasons may be added. */
#define WIRE_FAIL_LAUNCH 1         /* the job's fault (its output file
				    * cannot be opened, its user is unknown
				    * here, its script cannot be executed):
				    * the job fails, the node is fine */
#define WIRE_FAIL_PROLOG 2         /* prolog failed: drain node, requeue */
#define WIRE_FAIL_NODE   5         /* the node's fault (cgroup unusable,
				    * spool or state file unwritable, no
				    * fork, no setuid): drain node, requeue */
/* In JOB_ENDED (and a registration's ended list), reason may also be: */
#define WIRE_FAIL_EPILOG 3         /* JOB_ENDED: epilog failed, drain node
				    * (message says why) */
#define WIRE_FAIL_LOST   4         /* the job's supervisor vanished without
				    * a status (node rebooted?): NODE_FAIL */

/* Does REASON, in a registration's ended list, mark a launch that failed
 * (to be handled as JOB_FAILED_LAUNCH) rather than a job that ended? */
bool wire_fail_is_launch(uint32_t reason);

struct wire_register {
	char *cred;                /* MUNGE credential over the fields below */
	char *node_name;
	uint32_t cpus, sockets, cores, threads;
	uint64_t memory_mb;
	uint32_t gpus;             /* GPUs found (or GRES gpu of slurm.conf) */
	time_t boot_time;          /* when this flurmnd started */
	char *version;
	/* jobs the node is running now */
	uint32_t *running;
	uint32_t nrunning;
	/* jobs that ended but whose end the controller has not acknowledged
	 * (WIRE_JOB_END_ACK); reason WIRE_FAIL_LAUNCH, WIRE_FAIL_PROLOG or
	 * WIRE_FAIL_NODE marks a launch that failed (sent as
	 * JOB_FAILED_LAUNCH, see wire_fail_is_launch()), 0,
	 * WIRE_FAIL_EPILOG or WIRE_FAIL_LOST a job that ended */
	struct wire_job_event *ended;
	uint32_t nended;
	/* sent after the ended list, so a controller that does not know them
	 * ignores them and one that does takes NULL from an older node
	 * daemon: uname's machine, and sysname, release and version */
	char *arch;
	char *os;
	/* after those, only from a node daemon that read a gres.conf: the
	 * GPUs it gives this node (or AutoDetect found); an older daemon or
	 * one without gres.conf sends nothing (slurm.conf's Gres= holds) */
	bool gres_conf;
	uint32_t gres_gpus;
};

struct wire_register_ok {
	char *cluster;
	uint32_t heartbeat_interval;  /* seconds */
	/* running jobs the controller does not know: the node kills them */
	uint32_t *kill;
	uint32_t nkill;
};

struct wire_heartbeat {
	time_t time;
	uint32_t load;             /* loadavg * 100 */
	uint64_t free_mem_mb;
	uint32_t nrunning;
};

struct wire_launch {
	uint32_t job_id;
	char *name, *user, *partition;
	uint32_t uid, gid;
	char *work_dir, *std_out, *std_err, *std_in;
	char *script;
	char **env;
	uint32_t env_count;
	char **argv;
	uint32_t argc;
	char *nodelist;            /* ranged hostlist of all nodes */
	uint32_t num_nodes, num_tasks, cpus_per_task, cpus_on_node;
	uint64_t mem_mb;           /* per node, 0 = no limit */
	uint32_t time_limit;       /* minutes, 0xffffffff = none */
	time_t start_time;
	uint8_t open_mode;         /* 1 = append to -o/-e, else truncate;
				    * sent only when set (older nodes) */
	char *submit_dir;
	char *account;
	uint32_t restarts;
	/* after open_mode, from controllers that send them: the job's whole
	 * request (borrowed when packing, owned once unpacked; read
	 * leniently, so members a node does not know are skipped) and the
	 * GPUs the job holds on this node, indexes "0,1" (NULL = none) */
	struct job_req req;
	char *gpus;
	/* then, when its nodes hold different CPUs (--gpus-per-task), what
	 * each holds as SLURM_JOB_CPUS_PER_NODE gives it: "2(x2),1" (NULL =
	 * cpus_on_node on each) */
	char *cpus_per_node;
};

struct wire_signal {
	uint32_t job_id;
	uint32_t signal;
	uint32_t kill_wait;        /* seconds between SIGTERM and SIGKILL */
	uint32_t reason;           /* WIRE_TERM_* */
	uint32_t flags;            /* WIRE_SIG_*; absent from older peers */
};
/* WIRE_JOB_SIGNAL flags, as Slurm's KILL_* flags pick what a job signal
 * reaches; none: every process of the job (suspend and resume) */
#define WIRE_SIG_BATCH     0x1     /* the batch shell only, not its
				    * children (scancel -b, --signal=B:) */
#define WIRE_SIG_STEPS     0x2     /* its steps' tasks, not the batch
				    * shell (scancel -s, --signal=) */
#define WIRE_SIG_FULL      0x4     /* the batch shell's process group
				    * (scancel -f) */
#define WIRE_TERM_CANCEL   1
#define WIRE_TERM_TIMEOUT  2
#define WIRE_TERM_NODEFAIL 3
#define WIRE_TERM_UNKNOWN  4       /* job the controller does not know */
#define WIRE_TERM_REQUEUE  5       /* scontrol requeue[hold]; an older
				    * node takes it as a cancel */
#define WIRE_TERM_QUIET    6       /* WIRE_STEP_SIGNAL only: a step that
				    * ended by itself (no slurmstepd line) */

struct wire_error {
	char *message;
};

/* Job steps (srun). A step's tasks on one node are started by srun's
 * REQUEST_LAUNCH_TASKS to that node, not by the controller; the node only
 * tells the controller when they are all gone. */
struct wire_step_event {
	uint32_t job_id, step_id;
	int32_t status;            /* highest wait(2) status of the step's
				    * tasks on this node; a launch that failed
				    * on the node: 1 << 8 and a message */
	time_t time;               /* when the last task ended, node's clock */
	char *message;             /* NULL, or why the launch failed */
};

/* WIRE_STEP_SIGNAL: one step only (never STEP_ALL; the job paths signal
 * whole jobs). SIGKILL means terminate, as for jobs: the tasks get
 * SIGCONT and SIGTERM now and SIGKILL kill_wait seconds later (at once
 * when kill_wait is 0); the node re-sends nothing, and a terminate for a
 * step that has ended or is unknown on the node is ignored, so the
 * controller may repeat it until the step's end is reported. Any other
 * signal goes to every task of the step as it is. */
struct wire_step_signal {
	uint32_t job_id, step_id;
	uint32_t signal;
	uint32_t kill_wait;        /* seconds, for SIGKILL only */
	uint32_t reason;           /* for SIGKILL: why the controller stops
				    * it, WIRE_TERM_* (slurmstepd's CANCELLED
				    * AT line on srun's stderr); 0 from older
				    * controllers, which do not say */
};

/* Frame helpers. wire_frame_begin() starts a frame of TYPE in a new buffer;
 * wire_frame_end() fills in the length. wire_frame_parse() checks a whole
 * frame (length prefix included) and returns a view of the body. */
buf_t *wire_frame_begin(uint16_t type);
void wire_frame_end(buf_t *b);
/* Returns the frame length (prefix included) if DATA holds a whole frame,
 * 0 if more bytes are needed, -1 (err_msg) if the frame is bad/oversized. */
long wire_frame_complete(const uint8_t *data, size_t len);
int wire_frame_parse(const uint8_t *frame, size_t len, uint16_t *type,
		     buf_t *body);

/* Body codecs. Unpack functions allocate; the matching *_free releases
 * the fields (not the struct itself). All return 0 or -1 (err_msg); a
 * refused body keeps nothing allocated (calling *_free on it is harmless),
 * so a reader may drop it without freeing. */
void wire_pack_register(buf_t *b, const struct wire_register *m);
/* The part of a registration the MUNGE credential covers. */
void wire_pack_register_fields(buf_t *b, const struct wire_register *m);
int wire_unpack_register(buf_t *b, struct wire_register *m);
void wire_register_free(struct wire_register *m);

void wire_pack_register_ok(buf_t *b, const struct wire_register_ok *m);
int wire_unpack_register_ok(buf_t *b, struct wire_register_ok *m);
void wire_register_ok_free(struct wire_register_ok *m);

void wire_pack_heartbeat(buf_t *b, const struct wire_heartbeat *m);
int wire_unpack_heartbeat(buf_t *b, struct wire_heartbeat *m);

void wire_pack_job_event(buf_t *b, const struct wire_job_event *m);
int wire_unpack_job_event(buf_t *b, struct wire_job_event *m);
void wire_job_event_free(struct wire_job_event *m);

void wire_pack_launch(buf_t *b, const struct wire_launch *m);
int wire_unpack_launch(buf_t *b, struct wire_launch *m);
void wire_launch_free(struct wire_launch *m);

void wire_pack_signal(buf_t *b, const struct wire_signal *m);
int wire_unpack_signal(buf_t *b, struct wire_signal *m);

void wire_pack_step_event(buf_t *b, const struct wire_step_event *m);
int wire_unpack_step_event(buf_t *b, struct wire_step_event *m);
void wire_step_event_free(struct wire_step_event *m);

void wire_pack_step_signal(buf_t *b, const struct wire_step_signal *m);
int wire_unpack_step_signal(buf_t *b, struct wire_step_signal *m);

void wire_pack_error(buf_t *b, const struct wire_error *m);
int wire_unpack_error(buf_t *b, struct wire_error *m);
void wire_error_free(struct wire_error *m);

#endif
