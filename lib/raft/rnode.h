/* rnode.h - one Raft member (c-raft 0.15, libuv I/O) driven from a libevent
 * loop in the caller's thread.
 *
 * The node carries opaque commands and snapshots for a state machine it knows
 * nothing about. Commands proposed during one libevent loop iteration go to
 * Raft as one log entry (group commit: one disk write, one message per
 * follower); the state machine still sees them one by one, in log order.
 *
 * Every callback this module makes to the caller (proposal done, barrier,
 * transfer, state change, close) runs from the libevent loop, never from
 * inside libuv or c-raft, so callbacks may call any rnode_* function,
 * rnode_destroy() included. The FSM callbacks are the exception: they run
 * inside c-raft and must not call rnode_* functions.
 *
 * A full disk: c-raft 0.15 does not survive a failed write of its log (it
 * truncates its in-memory log behind entries its disk layer has already
 * numbered, then crashes within milliseconds in its segment code). So
 * rnode refuses proposals while the data directory has less free space
 * than the configured reserve, and if a write fails anyway it logs why
 * and ends the process (exit status 1) from inside the failing callback,
 * before c-raft runs on: what was acknowledged is on disk, and a new
 * process replays it.
 *
 * Linux KAIO note: every node reserves kernel AIO contexts (io_setup). Many
 * nodes on one host (parallel tests) can exhaust fs.aio-max-nr, which
 * c-raft 0.15 reports as an I/O error at start-up.
 *
 * libevent 2.1 times events with CLOCK_MONOTONIC_COARSE (4 ms steps on
 * most kernels) unless the base is made with EVENT_BASE_FLAG_PRECISE_TIMER;
 * Raft I/O wakes the loop through file descriptors either way, only the
 * <=10 ms safety-net timer of the pump is affected.
 */
#ifndef FLURM_RAFT_RNODE_H
#define FLURM_RAFT_RNODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct rnode;

/* Largest single command accepted by rnode_propose(). */
#define RNODE_MAX_COMMAND (4u << 20)

/* Status passed to callbacks; err_msg() holds the same reason in words
 * while the callback runs. */
enum rnode_status {
	RNODE_OK = 0,
	RNODE_ENOTLEADER = -1,  /* this node is not the leader: ask the leader */
	RNODE_ELOST = -2,       /* leadership changed and the command is known
				 * not to have committed (another entry took
				 * its place in the log) */
	RNODE_ESHUTDOWN = -3,   /* the node is closing or closed */
	RNODE_EINVAL = -4,      /* bad argument (e.g. command too large) */
	RNODE_EFAIL = -5,       /* c-raft refused the request (see err_msg) */
	RNODE_EAPPLY = -6,      /* committed, but fsm->apply returned non-zero */
	RNODE_EUNKNOWN = -8,    /* leadership changed and it is not known (for
				 * 5 s) whether the next leader committed the
				 * command: it may still commit */
	RNODE_EBUSY = -9,       /* another membership change is in progress */
	RNODE_ENOSPACE = -7,    /* the data directory has less free space than
				 * the reserve: nothing was written; retry once
				 * space is back */
};

enum rnode_role {
	RNODE_UNAVAILABLE = 0,  /* not started, or closed */
	RNODE_FOLLOWER,
	RNODE_CANDIDATE,
	RNODE_LEADER,
};

struct rnode_peer {
	uint64_t id;            /* > 0, unique in the cluster */
	const char *address;    /* "ipv4:port" */
};

struct rnode_config {
	uint64_t id;
	const char *address;    /* "ipv4:port" this node listens on */
	const char *data_dir;   /* created (0700, with parents) if missing */
	/* Initial voters, self included, used only when data_dir holds no
	 * Raft state yet. NULL/0 means a one-voter cluster of this node. */
	const struct rnode_peer *peers;
	size_t n_peers;
	/* Joining a running cluster: never bootstrap; with no Raft state
	 * yet the node waits, in no configuration, until a leader adds it
	 * (rnode_add) and sends it the log. peers is then ignored. */
	bool join;
	/* 0 picks the default in brackets. */
	unsigned election_timeout_ms;  /* [1000] randomised to 1x..2x */
	unsigned heartbeat_timeout_ms; /* [100] must be < election timeout */
	unsigned snapshot_threshold;   /* [1024] log entries between snapshots */
	unsigned snapshot_trailing;    /* [128] entries kept after a snapshot */
	/* Free space the data directory must keep (0: no check). Below it,
	 * plus the size of the last snapshot (the next one needs as much
	 * again), proposals and barriers are refused with RNODE_ENOSPACE.
	 * c-raft 0.15 cannot survive a failed disk write (see rnode.c), so
	 * make it larger than the open segments it preallocates (3 x 8 MiB). */
	uint64_t min_free_bytes;
};

/*
 * The replicated state machine. `data` is passed back as `fsm`.
 * apply:    apply one command; deterministic, no I/O. *result (may be NULL)
 *           reaches the proposer's callback on the node that proposed it;
 *           everywhere else it is handed to free_result. A non-zero return
 *           still counts as applied (Raft cannot skip an entry); the proposer
 *           then sees RNODE_EAPPLY. Report command-level refusals inside
 *           *result instead where possible.
 * snapshot: serialise the whole model into *data (malloc'd; this module
 *           frees it) of *len bytes.
 * restore:  replace the whole model by the one in data/len; data is freed
 *           after the call, so copy what you keep. Return non-zero if the
 *           data is unusable (start-up then fails).
 * free_result: optional; releases results nobody receives.
 */
struct rnode_fsm {
	void *data;
	int (*apply)(void *fsm, const void *data, size_t len, void **result);
	int (*snapshot)(void *fsm, void **data, size_t *len);
	int (*restore)(void *fsm, const void *data, size_t len);
	void (*free_result)(void *fsm, void *result);
};

/* status is an enum rnode_status; result is the one fsm->apply produced for
 * this command (owned by the callback from then on), NULL on error. */
typedef void (*rnode_done_cb)(void *arg, int status, void *result);
/* Barrier and transfer outcome. */
typedef void (*rnode_status_cb)(void *arg, int status);
/* Role, known leader (0 = none) or term changed. */
typedef void (*rnode_state_cb)(void *arg, enum rnode_role role,
			       uint64_t leader_id, uint64_t term);
typedef void (*rnode_close_cb)(void *arg);

struct rnode_stats {
	uint64_t commands_proposed;  /* commands handed to raft_apply */
	uint64_t entries_proposed;   /* log entries carrying them */
	uint64_t commands_applied;   /* commands given to fsm->apply */
	uint64_t entries_applied;    /* command entries applied */
	uint64_t snapshots_taken;
	uint64_t snapshots_restored;
};

/* Free space of the data directory as the last check saw it. */
struct rnode_disk {
	uint64_t free_bytes;     /* available to us (statvfs f_bavail) */
	uint64_t reserve_bytes;  /* min_free_bytes of the config */
	uint64_t need_bytes;     /* reserve + last snapshot: below it, writes
				  * are refused */
	uint64_t refused;        /* commands refused for lack of space */
	bool writable;           /* free_bytes >= need_bytes (or no check) */
	/* "state directory full: 3 MB free, reserve 16 MB" or "" */
	char reason[160];
};

/*
 * Create the data directory if needed, bootstrap it on first use, load the
 * snapshot and log (fsm->restore, then fsm->apply for what a one-voter
 * cluster already committed) and start. A one-voter node is leader when this
 * returns. The config and fsm are copied. NULL with err_msg() on error.
 */
struct rnode *rnode_create(struct event_base *base,
			   const struct rnode_config *cfg,
			   const struct rnode_fsm *fsm);

/*
 * Queue a command (copied) for the next group commit. cb is called exactly
 * once: with RNODE_OK and the apply result after the command is committed
 * and applied here, or with an error. If leadership changes before the
 * command commits, cb waits until this node learns whether the next
 * leader committed it (every entry records its proposer and sequence):
 * RNODE_OK with the result if it did, RNODE_ELOST if not, RNODE_EUNKNOWN
 * after 5 s without knowing. If the node cannot take proposals
 * right now (not the leader, closing, bad length) cb runs before this
 * returns and the return value is -1; otherwise 0.
 */
int rnode_propose(struct rnode *node, const void *cmd, size_t len,
		  rnode_done_cb cb, void *arg);

/* Linearizable read point: cb(arg, RNODE_OK) once every command committed
 * before the call has been applied here. Leader only; like rnode_propose,
 * an immediate refusal calls cb before returning -1. */
int rnode_barrier(struct rnode *node, rnode_status_cb cb, void *arg);

/* Ask the leader to hand leadership to target_id (0: any up-to-date voter).
 * Advisory (c-raft 0.15 transfers can fail silently): cb gets RNODE_OK if
 * this node is no longer leader afterwards. Immediate refusal as above. */
int rnode_transfer(struct rnode *node, uint64_t target_id,
		   rnode_status_cb cb, void *arg);

/* Membership, on the leader, one change at a time (a second one is
 * refused with RNODE_EBUSY while the first runs). rnode_add: add server
 * ID at ADDRESS, which must already run (started with cfg->join), then
 * make it a voter; cb(RNODE_OK) once it is a voter holding the log.
 * rnode_remove: take server ID out of the configuration (this node too:
 * it steps down once the change commits). Immediate refusals as above. */
int rnode_add(struct rnode *node, uint64_t id, const char *address,
	      rnode_status_cb cb, void *arg);
int rnode_remove(struct rnode *node, uint64_t id, rnode_status_cb cb, void *arg);
/* Is a membership change in progress (on this leader)? */
bool rnode_changing(const struct rnode *node);

/* cb runs from the loop with the current state soon after this call, then
 * on every change of role, known leader or term. NULL stops it. */
void rnode_set_state_cb(struct rnode *node, rnode_state_cb cb, void *arg);

/* Take a snapshot every ENTRIES log entries from now on (at least 16). */
void rnode_set_snapshot_threshold(struct rnode *node, unsigned entries);

bool rnode_is_leader(const struct rnode *node);
enum rnode_role rnode_role(const struct rnode *node);
/* Known leader: returns its id (0 if unknown); *address (optional) points to
 * a copy owned by the node, valid until the next rnode_leader() call. */
uint64_t rnode_leader(struct rnode *node, const char **address);
uint64_t rnode_term(const struct rnode *node);
/* Raft index of the last entry applied here (entries, not commands). */
uint64_t rnode_last_applied(const struct rnode *node);
uint64_t rnode_id(const struct rnode *node);
/* Has this node applied every entry its log holds (stored or not)? A new
 * leader that has needs no barrier to be current: its log holds every
 * committed entry. */
bool rnode_applied_all(struct rnode *node);
/* Highest log index known to be committed. */
uint64_t rnode_commit_index(const struct rnode *node);

/* One server of the current Raft configuration. */
struct rnode_member {
	uint64_t id;
	char address[64];
	bool voter;
	/* Known on the leader only (false/0 elsewhere): heard from within
	 * the last two election timeouts, and the highest index it has stored.
	 * The leader itself counts as reachable with its own last index. */
	bool known;
	bool reachable;
	uint64_t match_index;
};
/* The servers of the configuration in use, at most MAX of them into
 * OUT; returns how many there are. */
size_t rnode_members(const struct rnode *node, struct rnode_member *out,
		     size_t max);
void rnode_stats(const struct rnode *node, struct rnode_stats *out);
/* Free space of the data directory (refreshed when older than 100 ms). */
void rnode_disk(struct rnode *node, struct rnode_disk *out);
/* Would a proposal be accepted as far as disk space goes? Same cache. */
bool rnode_writable(struct rnode *node);
const char *rnode_role_name(enum rnode_role role);
const char *rnode_strerror(int status);

/*
 * Start an orderly shutdown: queued and in-flight proposals fail with
 * RNODE_ESHUTDOWN unless already committed, then cb(arg) runs from the loop
 * once c-raft and the libuv loop are fully closed. Keep the libevent loop
 * running until then. -1 if already closing.
 */
int rnode_close(struct rnode *node, rnode_close_cb cb, void *arg);

/* Free the node. If it is still running it is closed on the spot (briefly
 * blocking) and pending callbacks run with RNODE_ESHUTDOWN; the close
 * callback of an unfinished rnode_close() does not run. Safe from any
 * rnode callback. NULL is ignored. */
void rnode_destroy(struct rnode *node);

#endif
