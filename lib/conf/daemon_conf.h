/* daemon_conf.h - the per-daemon settings files flurmctld.conf, flurmnd.conf
 * and flurmbd.conf (libconfuse syntax: `name = value`, lists in braces).
 * They hold what needs a restart to change (ports, directories, Raft
 * members); the cluster itself is described by slurm.conf.
 *
 * Each *_conf_load() returns a plain struct that owns all its strings, or
 * NULL with err_msg() set to "FILE:LINE: reason". A NULL path gives the
 * built-in defaults; a path that does not exist is an error. */
#ifndef FLURM_DAEMON_CONF_H
#define FLURM_DAEMON_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/log.h"

#define FLURMCTLD_CONF_PATH "/etc/flurm/flurmctld.conf"
#define FLURMND_CONF_PATH   "/etc/flurm/flurmnd.conf"
#define FLURMBD_CONF_PATH   "/etc/flurm/flurmbd.conf"

enum conf_auth {
	CONF_AUTH_MUNGE,	/* MUNGE credentials on every connection */
	CONF_AUTH_NONE,		/* trust whatever uid a peer claims: tests only */
};

enum conf_cgroup {
	CONF_CGROUP_AUTO,	/* use cgroup v2 when it is mounted and writable */
	CONF_CGROUP_YES,	/* require it; fail to start jobs without it */
	CONF_CGROUP_NO,		/* plain process groups */
};

/* Another controller in the Raft cluster, from "ID@HOST:PORT". */
struct conf_peer {
	uint32_t id;		/* Raft server ID, 1..255 */
	char *host;		/* name or address; IPv6 without brackets */
	uint16_t port;
	char *addr;		/* "HOST:PORT" ("[v6]:PORT"), as c-raft takes it */
};

/* A controller address for the node daemon, from "HOST[:PORT]". */
struct conf_hostport {
	char *host;		/* IPv6 without brackets */
	uint16_t port;		/* controller_port when the entry had none */
};

struct flurmctld_conf {
	char *path;			/* file read, NULL for built-in defaults */
	char *slurm_conf;
	char *state_dir;		/* Raft log, snapshots */
	uint32_t state_min_free_mb;	/* free space kept; 0: no check */
	char *log_file;			/* NULL: stderr */
	enum log_level log_level;
	char *listen_addr;		/* Slurm port (SlurmctldPort) and node port */
	uint16_t node_port;
	uint16_t metrics_port;		/* 0: no metrics listener */
	char *metrics_addr;
	char *admin_socket;		/* flurmsh's Unix socket */
	uint16_t admin_port;		/* admin protocol on TCP with MUNGE; 0: off */
	uint32_t event_client_buffer;	/* KiB per event subscriber */
	char **admins;			/* operators: user names, "@group"s */
	size_t nadmins;
	uint32_t raft_id;
	char *raft_addr;
	uint16_t raft_port;
	struct conf_peer *peers;	/* the other controllers */
	size_t npeers;			/* 0: a one-voter cluster */
	bool join;			/* never bootstrap: wait to be added */
	uint32_t snapshot_threshold;
	uint32_t snapshot_trailing;
	uint32_t election_timeout_ms;
	uint32_t heartbeat_timeout_ms;
	enum conf_auth auth;
	uint32_t max_frame;		/* largest message accepted, bytes */
	uint32_t sched_interval_ms;
	uint32_t max_connections;	/* all ports; 0: from the fd limit */
	uint32_t max_connections_per_peer;
	uint32_t request_timeout;	/* s from accept to a whole request */
	uint32_t max_unauth_buffer;	/* bytes, all strangers together */
};

struct flurmnd_conf {
	char *path;
	char *slurm_conf;
	char *node_name;		/* the short hostname when not set */
	char *spool_dir;
	char *state_file;		/* spool_dir/flurmnd.state when not set */
	char *log_file;			/* NULL: stderr */
	enum log_level log_level;
	uint16_t controller_port;
	struct conf_hostport *controllers;
	size_t ncontrollers;		/* 0: SlurmctldHost from slurm.conf */
	uint32_t heartbeat_interval;	/* seconds */
	bool use_conf_resources;	/* advertise slurm.conf's, not detected */
	enum conf_cgroup cgroup;
	enum conf_auth auth;
};

struct flurmbd_conf {
	char *path;
	char *listen_addr;
	uint16_t port;
	char *db_path;
	char *log_file;			/* NULL: stderr */
	enum log_level log_level;
	enum conf_auth auth;
};

struct flurmctld_conf *flurmctld_conf_load(const char *path);
void flurmctld_conf_free(struct flurmctld_conf *c);
/* Write the effective settings in the file's own syntax (loadable again). */
void flurmctld_conf_print(const struct flurmctld_conf *c, FILE *fp);

struct flurmnd_conf *flurmnd_conf_load(const char *path);
void flurmnd_conf_free(struct flurmnd_conf *c);
void flurmnd_conf_print(const struct flurmnd_conf *c, FILE *fp);

struct flurmbd_conf *flurmbd_conf_load(const char *path);
void flurmbd_conf_free(struct flurmbd_conf *c);
void flurmbd_conf_print(const struct flurmbd_conf *c, FILE *fp);

/* Names as written in the files ("info", "munge", "auto"). */
const char *conf_log_level_name(enum log_level level);
const char *conf_auth_name(enum conf_auth auth);
const char *conf_cgroup_name(enum conf_cgroup cgroup);

#endif
