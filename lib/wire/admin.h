/* admin.h - FLURM's admin protocol between flurmsh/flurmtop (lib/admin) and
 * flurmctld's admin socket. Frames are the node protocol's (wire.h: u32
 * length, u16 WIRE_VERSION, u16 type, body). The client sends
 * WIRE_ADMIN_REQUEST frames and gets one WIRE_ADMIN_REPLY per request, with
 * the same sequence number, in order, on one long-lived connection.
 *
 * A request is a command id and a list of argument strings: positional
 * words (a hostlist, a reason) or "key=value" filters, as each command
 * documents below. A reply carries a return code, an error text, a list of
 * records (each an ordered list of typed key/value fields) and a free
 * text (the metrics exposition). Who may call what is the controller's
 * table; this file only encodes, checking every length. */
#ifndef FLURM_WIRE_ADMIN_H
#define FLURM_WIRE_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pack.h"

#define WIRE_ADMIN_REQUEST 200   /* struct wire_admin_request */
#define WIRE_ADMIN_REPLY   201   /* struct wire_admin_reply */
#define WIRE_ADMIN_EVENT   202   /* struct wire_admin_event */
#define WIRE_ADMIN_AUTH    203   /* struct wire_admin_auth */

/* Largest request the controller reads (a request is a few words). */
#define WIRE_ADMIN_MAX_REQUEST (64u * 1024)

/* ---- authentication on the TCP admin port (admin_port) -------------
 * The Unix socket knows its peer from SO_PEERCRED. On TCP the client's
 * first frame must be WIRE_ADMIN_AUTH: a MUNGE credential whose payload
 * is the auth payload (slurm/auth.h) of message type WIRE_ADMIN_AUTH over
 * the bytes WIRE_ADMIN_AUTH_CONTEXT. munged refuses a replayed or expired
 * credential, so the constant body is enough. The controller answers with
 * a WIRE_ADMIN_REPLY of seq 0: ADMIN_OK, after which the connection is
 * the same protocol as on the Unix socket with the credential's uid, or
 * ADMIN_EPERM with "authentication failed: WHY" and the connection closed.
 * Nothing larger than WIRE_ADMIN_AUTH_MAX is read before that. */
#define WIRE_ADMIN_AUTH_CONTEXT "flurm admin"
#define WIRE_ADMIN_AUTH_MAX     4096u
/* The TCP admin port when flurmsh -H names none. */
#define WIRE_ADMIN_DEFAULT_PORT 6823

struct wire_admin_auth {
	char *cred;                  /* "MUNGE:...:" */
};

void wire_pack_admin_auth(buf_t *b, const struct wire_admin_auth *m);
int wire_unpack_admin_auth(buf_t *b, struct wire_admin_auth *m);
void wire_admin_auth_free(struct wire_admin_auth *m);

/* Commands. Arguments, and the records of the reply: */
enum admin_cmd {
	ADMIN_PING = 1,      /* none; one record: leader, term */
	ADMIN_STATUS,        /* none; one record: version, cluster, uptime,
			      * leader, term, jobs.STATE and nodes.STATE counts */
	ADMIN_NODES,         /* [HOSTLIST]; one record per node */
	ADMIN_JOBS,          /* filters id=N user=NAME partition=NAME
			      * state=NAME; one record per job */
	ADMIN_PARTITIONS,    /* none; one record per partition */
	ADMIN_CONFIG,        /* [KEY]; one record per setting: key, value,
			      * source */
	ADMIN_METRICS,       /* none; text: Prometheus exposition */
	ADMIN_NODE_UPDATE,   /* OP HOSTLIST [REASON]: OP is drain, resume or
			      * down; no records */
	ADMIN_JOB_CANCEL,    /* ID; no records */
	ADMIN_JOB_HOLD,      /* hold|release ID; no records */
	/* 40-59: configuration and partitions */
	ADMIN_RELOAD = 40,   /* [FILE]: reload slurm.conf; one record per
			      * change: kind, name, change, refused, text */
	ADMIN_CONFIG_DIFF,   /* [FILE]: the same records, nothing applied */
	ADMIN_PART_UPDATE,   /* set|create NAME KEY=VALUE..., delete NAME;
			      * no records */
	/* 60-79: the event stream */
	ADMIN_SUBSCRIBE = 60, /* topics=LIST [since=EPOCH:SEQ] [metrics=SECS];
			       * one record: epoch, seq, resumed; then
			       * WIRE_ADMIN_EVENT frames (see below) */
	/* 80-99: scheduler, log level, node add/remove, job update */
	ADMIN_SCHED_STATS = 80, /* none; one record: cycles, last_cycle_ms,
			      * pending, running, starts_in_flight, ... */
	ADMIN_SCHED_RUN,     /* none; no records: a cycle is requested */
	ADMIN_LOG_LEVEL,     /* [LEVEL]; one record: level (the new one) */
	ADMIN_JOB_UPDATE,    /* ID key=value...; no records */
	ADMIN_NODE_ADD,      /* NAME cpus=N mem=MB [features=..]
			      * [partitions=..]; no records */
	ADMIN_NODE_REMOVE,   /* NAME [force | timeout=S]; no records */
	ADMIN_NODES_SYNC,    /* none; one record per node that joins or
			      * leaves: node, change (add, remove) */
	/* a number of its own, clear of the ranges other areas grow in */
	ADMIN_SHUTDOWN = 96, /* none; no records: this controller stops
			      * after answering */
	ADMIN_JOB_SIGNAL,    /* ID SIGNAL (name or number); no records */
	/* 100-119: the controllers of a high-availability cluster */
	ADMIN_CLUSTER_STATUS = 100, /* none; one record for this controller
			      * (cluster, id, role, serving, leader,
			      * leader_address, term, commit_index,
			      * applied_index), then one per member (member,
			      * address, voter, state, match_index) */
	ADMIN_CLUSTER_TRANSFER, /* [ID]: hand leadership to controller ID
			      * (any up-to-date one without); no records */
	ADMIN_CLUSTER_JOIN,  /* ID ADDRESS: add the controller whose Raft
			      * server is ID at ADDRESS (HOST:PORT), started
			      * with join = true, as a voter; no records */
	ADMIN_CLUSTER_LEAVE, /* none: this controller leaves the cluster
			      * (hands leadership over first if it leads);
			      * no records */
	ADMIN_CLUSTER_REMOVE, /* ID: the leader takes controller ID out of
			      * the cluster; no records */
	ADMIN_FORWARDED,     /* UID OPERATOR CMD [ARGS...]: a request another
			      * controller took from a client (UID, OPERATOR
			      * 0/1 as it checked them) and sends to the
			      * leader; only controllers (root, SlurmUser, the
			      * controllers' own user) may send it; the
			      * answer is CMD's */
	/* 120-139: job controls */
	ADMIN_JOB_CONTROL = 120, /* requeue|requeuehold|suspend|resume ID;
			      * no records */
	ADMIN_CMD_MAX,       /* stays last and largest: tables are sized by it */
};
const char *wire_admin_cmd_name(uint16_t cmd);

/* Reply codes. */
enum admin_rc {
	ADMIN_OK = 0,
	ADMIN_EINVAL,        /* bad arguments */
	ADMIN_EPERM,         /* not allowed for this user */
	ADMIN_ENOENT,        /* no such node, job, partition or key */
	ADMIN_ENOTLEADER,    /* this controller is not the leader */
	ADMIN_EUNKNOWN,      /* command unknown to this controller */
	ADMIN_EFAIL,         /* could not be done (not committed, ...) */
	ADMIN_RC_MAX,
};
const char *wire_admin_strerror(uint32_t rc);

struct wire_admin_request {
	uint32_t seq;
	uint16_t cmd;                /* enum admin_cmd */
	char **args;                 /* NULL-terminated, or NULL */
	uint32_t nargs;
};

enum admin_kind {
	ADMIN_F_STR = 1,
	ADMIN_F_INT,                 /* signed 64-bit */
	ADMIN_F_BOOL,
};

struct admin_field {
	char *key;
	uint8_t kind;                /* enum admin_kind */
	bool key_lit;                /* KEY is a literal, not the field's */
	char *s;                     /* ADMIN_F_STR; NULL for "not set" */
	int64_t i;                   /* ADMIN_F_INT, ADMIN_F_BOOL (0/1) */
};

struct admin_rec {
	struct admin_field *f;
	uint32_t n;
	size_t cap;
	/* while set, the keys fields are added with are string literals:
	 * kept as they are, not copied (wire_admin_rec_literal_keys) */
	bool keys_lit;
};

struct wire_admin_reply {
	uint32_t seq;
	uint32_t rc;                 /* enum admin_rc */
	char *error;                 /* why, when rc != ADMIN_OK */
	struct admin_rec *recs;
	uint32_t nrecs;
	size_t cap;
	char *text;                  /* or NULL */
};

void wire_pack_admin_request(buf_t *b, const struct wire_admin_request *m);
int wire_unpack_admin_request(buf_t *b, struct wire_admin_request *m);
void wire_admin_request_free(struct wire_admin_request *m);

void wire_pack_admin_reply(buf_t *b, const struct wire_admin_reply *m);
int wire_unpack_admin_reply(buf_t *b, struct wire_admin_reply *m);
void wire_admin_reply_free(struct wire_admin_reply *m);

/* Building a reply: a new empty record, then fields appended to it. */
struct admin_rec *wire_admin_rec_new(struct wire_admin_reply *m);
void wire_admin_rec_str(struct admin_rec *r, const char *key, const char *v);
void wire_admin_rec_int(struct admin_rec *r, const char *key, int64_t v);
void wire_admin_rec_bool(struct admin_rec *r, const char *key, bool v);
/* Until wire_admin_rec_copied_keys(R), fields added to R name their key
 * with a string literal (or a string that outlives R), which R then keeps
 * as it is instead of copying it; room for N fields is made at once. For
 * a record built many times a second (a job's, for every event). */
void wire_admin_rec_literal_keys(struct admin_rec *r, uint32_t n);
void wire_admin_rec_copied_keys(struct admin_rec *r);
/* Free the fields of R (not R itself); R is empty afterwards. */
void wire_admin_rec_free(struct admin_rec *r);
/* The field KEY of R, or NULL. */
const struct admin_field *wire_admin_rec_get(const struct admin_rec *r,
					     const char *key);

/* ---- event stream ----------------------------------------------------
 * After ADMIN_SUBSCRIBE is answered, the connection carries
 * WIRE_ADMIN_EVENT frames from the controller, one per change, and no
 * further replies. TOPICS is a comma list of jobs, nodes, partitions,
 * config, leadership, metrics (or "all"). The controller numbers every
 * committed change with a sequence number that only grows within one
 * EPOCH (a controller's life); a client keeps the last EPOCH:SEQ it saw
 * and sends it as since= when it connects again.
 *
 * - If the controller still holds every change after SEQ in its ring
 *   buffer, the reply says resumed=true and the missed changes follow.
 * - Otherwise (other epoch, too old, no since=) the reply says
 *   resumed=false, and a snapshot follows: one ADMIN_EV_SNAPSHOT event per
 *   object of the topics asked for, all carrying the reply's seq, then
 *   one ADMIN_EV_SYNCED. The client replaces what it had. Jobs are sent
 *   as the client reads, so one may already show a later change; every
 *   change after seq still follows SYNCED (newest state per object).
 * - Then change events, each with a larger seq than the one before.
 *   Sequence numbers may skip: other topics' changes, and changes merged
 *   for a slow client (only the newest state of each object is kept while
 *   it does not read, and it is disconnected when even that grows past a
 *   bound; it reconnects and resumes or reloads).
 * - metrics=SECS (with topic metrics) sends an ADMIN_EV_METRICS event of
 *   counts every SECS seconds, carrying the current seq.
 *
 * Event body: u64 seq, u64 time_us (controller clock when the change was
 * applied; for latency), u8 topic, u8 kind, string key (job id, node or
 * partition name; NULL for others), one record (u32 count, fields as in
 * replies): the object's fields as in ADMIN_JOBS/NODES/PARTITIONS; for
 * ADMIN_EV_REMOVE only its key. */
enum admin_topic {
	ADMIN_TOPIC_NONE = 0,
	ADMIN_TOPIC_JOBS,
	ADMIN_TOPIC_NODES,
	ADMIN_TOPIC_PARTITIONS,
	ADMIN_TOPIC_CONFIG,          /* record: config_version, nodes, partitions */
	ADMIN_TOPIC_LEADERSHIP,      /* record: leader, term */
	ADMIN_TOPIC_METRICS,
	ADMIN_TOPIC_MAX,
};
#define ADMIN_TOPIC_BIT(t) (1u << (t))
#define ADMIN_TOPICS_ALL   (((1u << ADMIN_TOPIC_MAX) - 1) & ~1u)
const char *wire_admin_topic_name(uint8_t topic);   /* "jobs", ... */
/* Parse a comma list of topic names into a set of ADMIN_TOPIC_BIT()s;
 * -1 with err_msg() naming an unknown one. */
int wire_admin_topics_parse(const char *list, uint32_t *set);

enum admin_ev_kind {
	ADMIN_EV_SNAPSHOT = 1,       /* an object as of the snapshot */
	ADMIN_EV_CHANGE,             /* an object is new or changed */
	ADMIN_EV_REMOVE,             /* an object is gone (purged, removed) */
	ADMIN_EV_SYNCED,             /* the snapshot is complete */
	ADMIN_EV_METRICS,            /* periodic counts */
	ADMIN_EV_MAX,
};
const char *wire_admin_ev_kind_name(uint8_t kind); /* "snapshot", ... */

struct wire_admin_event {
	uint64_t seq;
	uint64_t time_us;
	uint8_t topic;               /* enum admin_topic */
	uint8_t kind;                /* enum admin_ev_kind */
	char *key;                   /* or NULL */
	struct admin_rec rec;
};

void wire_pack_admin_event(buf_t *b, const struct wire_admin_event *m);
int wire_unpack_admin_event(buf_t *b, struct wire_admin_event *m);
void wire_admin_event_free(struct wire_admin_event *m);

#endif
