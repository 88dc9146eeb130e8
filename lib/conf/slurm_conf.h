/* slurm_conf.h - slurm.conf in Slurm's own syntax, read into plain C
 * structs: the cluster's controllers, ports, auth, timeouts, one record per
 * node (hostlist lines expanded) and per partition.
 *
 * Syntax accepted (as Slurm 22.05): "Key=Value" pairs with case-insensitive
 * keys, several per line; '#' starts a comment except inside double quotes
 * or escaped as "\#"; a trailing backslash continues the line; double
 * quotes allow spaces in a value; "Include FILE" (relative to the including
 * file's directory, glob patterns and %c = ClusterName allowed);
 * "NodeName=DEFAULT ..." and "PartitionName=DEFAULT ..." set defaults for
 * the lines that follow. Keys FLURM does not use are kept in
 * conf->unknown and logged once at info level, never an error. */
#ifndef FLURM_SLURM_CONF_H
#define FLURM_SLURM_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Sentinels, with Slurm's values so they can go on the wire unchanged. */
#define SLURM_CONF_INFINITE   0xffffffffu  /* UNLIMITED / INFINITE */
#define SLURM_CONF_NO_VAL     0xfffffffeu  /* not set */
/* DefMemPerCPU / MaxMemPerCPU: this bit set means per CPU, clear per
 * node (DefMemPerNode / MaxMemPerNode); 0 = not set. */
#define SLURM_CONF_MEM_PER_CPU 0x8000000000000000ULL

enum slurm_conf_auth {
	SLURM_CONF_AUTH_MUNGE = 0,	/* auth/munge (default) */
	SLURM_CONF_AUTH_NONE,		/* auth/none: trust the claimed uid */
};

/* Node State= in slurm.conf: the state a node starts in. */
enum slurm_conf_node_state {
	SLURM_CONF_NODE_UNKNOWN = 0,	/* default: wait for the node daemon */
	SLURM_CONF_NODE_IDLE,
	SLURM_CONF_NODE_DOWN,
	SLURM_CONF_NODE_DRAIN,
	SLURM_CONF_NODE_FUTURE,		/* defined, not yet in service */
	SLURM_CONF_NODE_CLOUD,		/* powered up on demand */
};

enum slurm_conf_part_state {
	SLURM_CONF_PART_UP = 0,		/* default */
	SLURM_CONF_PART_DOWN,		/* accepts jobs, starts none */
	SLURM_CONF_PART_DRAIN,		/* runs jobs, accepts none */
	SLURM_CONF_PART_INACTIVE,	/* neither */
};

/* One SlurmctldHost= line (or ControlMachine/BackupController). */
struct slurm_conf_ctld {
	char *name;	/* as written; "localhost" is not resolved here */
	char *addr;	/* the "(addr)" part, else the name */
};

/* A key FLURM does not use, kept so tools can show or pass it on. */
struct slurm_conf_kv {
	char *key;	/* as written in the file */
	char *value;
	char *scope;	/* NULL for a global key; else the record it sits
			 * in, e.g. "NodeName=n[1-4]" or "DownNodes=n3" */
};

/* One node; NodeName=n[1-4] gives four of these. */
struct slurm_conf_node {
	char *name;
	char *hostname;		/* NodeHostname, defaults to name */
	char *addr;		/* NodeAddr, defaults to hostname */
	uint16_t port;		/* Port, defaults to SlurmdPort */
	uint32_t cpus;		/* CPUs (alias Procs); default
				 * sockets * cores_per_socket * threads */
	uint16_t boards;	/* default 1 */
	uint16_t sockets;	/* total sockets (Sockets, or Boards *
				 * SocketsPerBoard); default from CPUs */
	uint16_t cores_per_socket;	/* default 1 */
	uint16_t threads_per_core;	/* default 1 */
	uint64_t real_memory;	/* MB; default 1, as Slurm */
	uint32_t tmp_disk;	/* MB; default 0 */
	uint32_t weight;	/* default 1 */
	char *gres;		/* NULL when unset */
	char *features_str;	/* Features as written ("a,b"), or NULL */
	char **features;	/* split at commas */
	size_t n_features;
	enum slurm_conf_node_state state;
	char *reason;		/* NULL when unset */
};

struct slurm_conf_part {
	char *name;
	char *nodes;		/* member nodes as a ranged hostlist in node
				 * order ("n[1-4]"); "" when none */
	size_t *node_idx;	/* indexes into conf->nodes, ascending */
	size_t n_nodes;
	bool all_nodes;		/* Nodes=ALL */
	bool is_default;	/* Default=YES (only one partition has it) */
	bool hidden;
	uint32_t max_time;	/* minutes; SLURM_CONF_INFINITE (default) */
	uint32_t default_time;	/* minutes; SLURM_CONF_NO_VAL = unset */
	enum slurm_conf_part_state state;
	uint16_t priority_tier;		/* default 1 */
	uint16_t priority_job_factor;	/* default 1 */
	uint32_t max_nodes;	/* SLURM_CONF_INFINITE (default) */
	uint32_t min_nodes;	/* default 0 */
	char **allow_groups;	/* n_allow_groups == 0 means ALL */
	size_t n_allow_groups;
	char *oversubscribe;	/* as written (NO, YES:4, FORCE, EXCLUSIVE),
				 * or NULL */
	uint64_t def_mem;	/* DefMemPerCPU (| SLURM_CONF_MEM_PER_CPU)
				 * or DefMemPerNode, MB; 0 = the global */
	uint64_t max_mem;	/* MaxMemPerCPU / MaxMemPerNode the same */
};

struct slurm_conf_index;	/* private: node name lookup */

/* Slurm's DEFAULT_EXPIRATION_WINDOW (src/common/slurm_cred.c) and the
 * least AuthInfo=cred_expire= it takes */
#define SLURM_CONF_CRED_EXPIRE     120
#define SLURM_CONF_CRED_EXPIRE_MIN 5

struct slurm_conf {
	char *path;			/* file (or name) it was read from */
	char *cluster_name;		/* lower-cased, as Slurm does; or NULL */
	struct slurm_conf_ctld *ctlds;	/* in order: primary first */
	size_t n_ctlds;			/* may be 0: callers that need a
					 * controller must check */
	uint16_t slurmctld_port;	/* default 6817 */
	uint16_t slurmctld_port_count;	/* "6817-6820" gives 4; default 1 */
	uint16_t slurmd_port;		/* default 6818 */
	enum slurm_conf_auth auth_type;
	char *auth_info;		/* AuthInfo as written, or NULL */
	char *munge_socket;		/* "socket=" from AuthInfo, or NULL
					 * (libmunge's default) */
	uint32_t cred_expire;		/* "cred_expire=" from AuthInfo:
					 * seconds a launch credential lives,
					 * which a requeued job waits (and
					 * one more); SLURM_CONF_CRED_EXPIRE
					 * when unset or below 5, as Slurm */
	char *slurm_user;		/* name, default "root"; see
					 * slurm_conf_slurm_uid() */
	char *prolog;			/* NULL when unset */
	char *epilog;
	uint32_t prolog_epilog_timeout;	/* seconds; SLURM_CONF_INFINITE =
					 * no limit (default) */
	char *scheduler_type;		/* default "sched/backfill" */
	uint32_t min_job_age;		/* seconds, default 300 */
	uint32_t kill_wait;		/* seconds, default 30 */
	uint32_t slurmd_timeout;	/* seconds; FLURM's default is 60
					 * (Slurm's is 300) */
	uint32_t message_timeout;	/* seconds, default 10 */
	uint16_t return_to_service;	/* 0, 1 or 2; default 0 */
	char *slurmd_spool_dir;		/* default "/var/spool/slurmd" */
	char *state_save_location;	/* default "/var/spool" */

	struct slurm_conf_node *nodes;	/* in definition order */
	size_t n_nodes;
	struct slurm_conf_part *parts;	/* in definition order */
	size_t n_parts;
	struct slurm_conf_kv *unknown;	/* keys FLURM does not use */
	size_t n_unknown;
	uint32_t hash_val;		/* Slurm's checksum of the text read
					 * (included files inline, in the
					 * order read): scontrol compares it
					 * with its own copy's */

	struct slurm_conf_index *node_index;
};

/* Read PATH (and what it includes). Returns NULL with err_msg() set, the
 * message naming file and line ("slurm.conf:12: invalid CPUs value 'abc'").
 * Never exits. */
struct slurm_conf *slurm_conf_load(const char *path);
/* The same from TEXT; NAME stands for the file in messages, and relative
 * Include paths are taken from NAME's directory. */
struct slurm_conf *slurm_conf_parse_string(const char *text, const char *name);
void slurm_conf_free(struct slurm_conf *conf);
/* What a controller needs beyond valid syntax, as slurmctld requires it:
 * ClusterName, a SlurmctldHost, at least one node and one partition.
 * 0, or -1 with err_msg() naming the file. (A partition naming an unknown
 * node is already a parse error with file:line.) */
int slurm_conf_validate(const struct slurm_conf *conf);

const struct slurm_conf_node *slurm_conf_find_node(const struct slurm_conf *conf,
						   const char *name);
const struct slurm_conf_part *slurm_conf_find_part(const struct slurm_conf *conf,
						   const char *name);
/* The partition with Default=YES, or NULL when there is none. */
const struct slurm_conf_part *slurm_conf_default_part(const struct slurm_conf *conf);
/* Look up SlurmUser in the user database; 0, or -1 with err_msg() set. */
int slurm_conf_slurm_uid(const struct slurm_conf *conf, uid_t *uid);
/* The global DefMemPerCPU / DefMemPerNode (MAX false) or MaxMemPerCPU /
 * MaxMemPerNode (MAX true) as slurm_conf_part's def_mem and max_mem: the
 * per-node key wins when both are given; 0 when neither is (or when the
 * value is not a number). */
uint64_t slurm_conf_mem(const struct slurm_conf *conf, bool max);
/* A partition's OverSubscribe (as written, NULL for NO) in Slurm's
 * max_share form: 0 EXCLUSIVE, 1 NO, N for YES:N (YES is YES:4), and
 * SLURM_CONF_SHARE_FORCE | N for FORCE:N (FORCE is FORCE:4). */
#define SLURM_CONF_SHARE_FORCE 0x8000
uint16_t slurm_conf_max_share(const char *oversubscribe);
/* Whether the comma-separated LIST holds the LEN bytes of WORD (in any
 * case when NOCASE), as slurm.conf writes lists. */
bool slurm_conf_list_has(const char *list, const char *word, size_t len,
			 bool nocase);
/* The first unknown key named KEY (any case), or NULL. */
const struct slurm_conf_kv *slurm_conf_find_unknown(const struct slurm_conf *conf,
						    const char *key);

#endif
