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

/* Largest request the controller reads (a request is a few words). */
#define WIRE_ADMIN_MAX_REQUEST (64u * 1024)

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
	ADMIN_CMD_MAX,
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
	char *s;                     /* ADMIN_F_STR; NULL for "not set" */
	int64_t i;                   /* ADMIN_F_INT, ADMIN_F_BOOL (0/1) */
};

struct admin_rec {
	struct admin_field *f;
	uint32_t n;
	size_t cap;
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
/* The field KEY of R, or NULL. */
const struct admin_field *wire_admin_rec_get(const struct admin_rec *r,
					     const char *key);

#endif
