/* rnode.c - c-raft 0.15 glue: one Raft member whose libuv loop is pumped from
 * the caller's libevent loop, with group commit of proposed commands into
 * packed log entries and callbacks delivered from libevent context.
 * What commands and snapshots mean is the caller's FSM's business; who is in
 * the cluster after the first bootstrap is recorded in c-raft's own log. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <raft.h>
#include <raft/uv.h>
#include <uv.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "raft/rnode.h"

/*
 * Group commit. Everything proposed during one libevent loop iteration is
 * packed into ONE raft entry (flush_ev is activated by the first proposal and,
 * being appended to the tail of libevent's active queue, runs after every
 * callback already made active in this iteration). One entry means one
 * io->append, hence one disk write and one fsync/O_DSYNC completion, and one
 * AppendEntries per follower, however many commands it carries. Issuing N
 * raft_apply calls instead would not give that guarantee: c-raft's uv backend
 * starts the first write at once and only merges the ones queued behind it,
 * and every call triggers its own replication round; raft_apply with N
 * buffers makes N entries and fires its callback after the first only.
 *
 * One entry is in flight at a time: what is proposed while one is being
 * committed keeps filling the next, which goes to c-raft once the first
 * is settled and its proposers have been answered. Handed over at once
 * instead, it would queue inside c-raft, whose write completion starts
 * the next write (a blocking io_submit of 30-100 us) before it returns to
 * us, so every batch's answers waited for the following batch's write; and
 * many small entries cost c-raft and the followers more than one that
 * carries them all. Under load the entries grow with the commit time.
 *
 * Entry format (big-endian):
 *   u32 magic "FRB1" | u32 count | u64 origin | u64 seq | count x (u32 len, bytes)
 * then zero padding to a multiple of 8 bytes: c-raft 0.15's uv segment
 * writer pads every entry to 8 bytes but its reader does not, so an entry of
 * any other length makes the log unreadable at the next start (the check is
 * only an assert, compiled out in Debian's build).
 * origin is a random number drawn per node incarnation and seq numbers its
 * batches, so the apply hook can recognise its own in-flight batch and hand
 * each command's result to its proposer; everywhere else (followers, replay
 * after restart, proposals already failed) results go to fsm->free_result.
 */
#define BATCH_MAGIC 0x46524231u          /* "FRB1" */
#define BATCH_HDR 24
#define BATCH_MAX_BYTES (1u << 20)       /* start a new entry beyond this */
#define BATCH_MAX_CMDS 8192

/* Snapshot = u32 magic "FRS1" | u32 zero | u64 payload length | payload.
 * Never empty, and a restore can tell our data from garbage. */
#define SNAP_MAGIC 0x46525331u
#define SNAP_HDR 16

/* libuv 1.44 leaves fds that callbacks start watching out of
 * uv_backend_timeout() until the next uv_run, so never sleep longer. */
#define PUMP_MAX_MS 10

/* How long a free-space reading is trusted by rnode_propose(); a flush
 * always reads afresh, so each group commit is checked. */
#define DISK_CHECK_MS 100
/* How long a proposal whose leadership was lost waits to learn whether
 * the next leader committed it, before it is answered as unknown. */
#define LOST_WAIT_MS 5000

struct rlink {
	struct rlink *prev, *next;
};

struct rlist {
	struct rlink *head, *tail;
};

#define RCONTAINER(p, type) ((type *)(void *)((char *)(p) - offsetof(type, link)))

struct rslot {
	rnode_done_cb cb;
	void *arg;
	void *result;
	int status;
};

struct rbatch {
	struct rlink link;         /* pending, inflight or done list */
	struct raft_apply req;     /* valid until raft's callback */
	struct rnode *node;
	uint64_t seq;
	uint8_t *buf;              /* raft_malloc'd; c-raft's once applied */
	size_t len, cap;
	struct rslot *slots;
	size_t n, slot_cap;
	bool applied;              /* apply hook filled the slots */
	int status;
	uint64_t index;            /* log index (lost list only) */
	uint64_t lost_ms;          /* when leadership was lost under it */
};

struct rbarrier {
	struct rlink link;
	struct raft_barrier req;
	struct rnode *node;
	rnode_status_cb cb;
	void *arg;
	int status;
};

struct rtransfer {
	struct rlink link;
	struct raft_transfer req;
	struct rnode *node;
	rnode_status_cb cb;
	void *arg;
	bool done;
};

/* A membership change; kept until the node is freed, like transfers,
 * because c-raft may still hold the request when it closes. */
struct rchange {
	struct rlink link;
	struct raft_change req;
	struct rnode *node;
	rnode_status_cb cb;
	void *arg;
	uint64_t id;
	bool promote;              /* an add: assign as voter once it is in */
	bool done;
	bool timed_out;            /* the new voter never caught up */
	bool assigning;            /* an add, now being made a voter */
	int status;                /* of c-raft's callback */
	struct event *timeout_ev;  /* bounds the catch-up of a new voter */
};

/* How long a new voter may take to catch up before the change is given
 * up (c-raft 0.15 would wait for ever, and refuse every other change). */
#define CHANGE_CATCHUP_MS 20000

/* Followers whose last answer the leader remembers (more than any
 * cluster has voters). */
#define HEARD_MAX 16

struct rnode {
	struct event_base *base;
	struct event *io_ev;       /* uv_backend_fd readable */
	struct event *timer_ev;    /* uv timers, capped at PUMP_MAX_MS */
	struct event *flush_ev;    /* group commit at the end of an iteration */
	struct event *deliver_ev;  /* caller callbacks, outside uv_run */

	uv_loop_t loop;
	struct raft_uv_transport transport;
	/* c-raft's own, behind the wrappers that set TCP_NODELAY */
	int (*tcp_listen)(struct raft_uv_transport *t, raft_uv_accept_cb cb);
	int (*tcp_connect)(struct raft_uv_transport *t,
			   struct raft_uv_connect *req, raft_id id,
			   const char *address, raft_uv_connect_cb cb);
	raft_uv_accept_cb accept_cb;
	struct raft_io io;
	struct raft raft;
	struct raft_fsm rfsm;
	struct rnode_fsm fsm;

	uint64_t id;
	char *address;
	char *data_dir;
	char *leader_addr;

	uint64_t origin;
	uint64_t next_seq;
	struct rbatch *building;
	struct rlist pending;      /* sealed, not yet given to raft_apply */
	struct rlist inflight;     /* given to raft_apply */
	struct rlist lost;         /* leadership lost before they committed:
				    * waiting to learn whether they did */
	struct rlist done;         /* outcome known, callbacks due */
	struct rlist barriers;     /* given to raft_barrier */
	struct rlist barriers_done;
	struct rlist transfers;    /* all ever made, see rnode_transfer() */
	struct rtransfer *transfer;
	struct rlist changes;      /* all ever made, see rnode_add() */
	struct rchange *change;    /* the one in progress */

	rnode_state_cb state_cb;
	void *state_arg;
	bool state_force;
	enum rnode_role seen_role, told_role;
	uint64_t seen_leader, told_leader;
	uint64_t seen_term, told_term;

	rnode_close_cb close_cb;
	void *close_arg;

	bool loop_inited, transport_inited, io_inited, raft_inited;
	bool closing;              /* no new work accepted */
	bool raft_closing;         /* raft_close() called */
	bool raft_closed;          /* its callback ran; io and transport freed */
	bool loop_closed;
	bool close_told;
	bool destroying;
	bool destroy_pending;
	int in_uv;                 /* inside uv_run or raft_start: FSM hooks */
	int delivering;

	struct rnode_stats stats;

	/* leader: when each follower was last seen to have answered; see
	 * note_heard() */
	struct { uint64_t id, ms; } heard[HEARD_MAX];
	unsigned election_ms;

	/* free space of data_dir; see disk_check() */
	uint64_t min_free;
	uint64_t snapshot_bytes;   /* size of the last snapshot taken */
	uint64_t disk_checked_ms;  /* monotonic time of the last statvfs */
	struct rnode_disk disk;
	bool statvfs_warned;
};

/* ---- small helpers ------------------------------------------------------ */

static void rlist_push(struct rlist *l, struct rlink *e)
{
	e->next = NULL;
	e->prev = l->tail;
	if (l->tail)
		l->tail->next = e;
	else
		l->head = e;
	l->tail = e;
}

static void rlist_remove(struct rlist *l, struct rlink *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		l->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		l->tail = e->prev;
	e->prev = e->next = NULL;
}

static struct rlink *rlist_pop(struct rlist *l)
{
	struct rlink *e = l->head;

	if (e)
		rlist_remove(l, e);
	return e;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static void *raft_xmalloc(size_t n)
{
	void *p = raft_malloc(n ? n : 1);

	if (!p)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

static void *raft_xrealloc(void *p, size_t n)
{
	p = raft_realloc(p, n ? n : 1);
	if (!p)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

const char *rnode_strerror(int status)
{
	switch (status) {
	case RNODE_OK:
		return "ok";
	case RNODE_ENOTLEADER:
		return "not the leader";
	case RNODE_ELOST:
		return "leadership changed and the command was not committed";
	case RNODE_EUNKNOWN:
		return "leadership changed and whether the command was "
		       "committed is not known yet";
	case RNODE_ESHUTDOWN:
		return "raft node is shutting down";
	case RNODE_EINVAL:
		return "invalid raft request";
	case RNODE_EFAIL:
		return "raft refused the request";
	case RNODE_EAPPLY:
		return "the state machine failed to apply the command";
	case RNODE_ENOSPACE:
		return "state directory full";
	case RNODE_EBUSY:
		return "another membership change is in progress";
	}
	return "unknown raft status";
}

const char *rnode_role_name(enum rnode_role role)
{
	switch (role) {
	case RNODE_UNAVAILABLE:
		return "unavailable";
	case RNODE_FOLLOWER:
		return "follower";
	case RNODE_CANDIDATE:
		return "candidate";
	case RNODE_LEADER:
		return "leader";
	}
	return "unknown";
}

static void set_status_err(int status)
{
	if (status == RNODE_OK)
		err_clear();
	else
		err_set("%s", rnode_strerror(status));
}

/* mkdir -p with mode for every directory it creates. */
static int mkdir_p(const char *path, mode_t mode)
{
	char *tmp = xstrdup(path);
	char *p;
	int rc = -1;

	for (p = tmp + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(tmp, mode) < 0 && errno != EEXIST) {
			err_set_errno("cannot create raft data directory '%s'", tmp);
			goto out;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	struct stat st;
	if (stat(path, &st) < 0) {
		err_set_errno("cannot use raft data directory '%s'", path);
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		err_set("raft data directory '%s' is not a directory", path);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

/* c-raft 0.15's TCP transport takes dotted IPv4 and a port only; it reads
 * "1.2.3.4:junk" as some other port and fails late on host names. */
static int parse_address(const char *addr, struct sockaddr_in *sa)
{
	const char *colon = addr ? strrchr(addr, ':') : NULL;
	char host[INET_ADDRSTRLEN];
	char *end;
	unsigned long port;

	if (!colon || (size_t)(colon - addr) >= sizeof(host))
		goto bad;
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port == 0 || port > 65535)
		goto bad;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	err_set("raft address '%s' must be an IPv4 address and port, like 10.0.0.1:6821",
		addr ? addr : "(null)");
	return -1;
}

static int check_listen(const char *addr)
{
	struct sockaddr_in sa;
	int fd, one = 1, rc = -1;

	if (parse_address(addr, &sa) < 0)
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err_set_errno("cannot create a socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		err_set_errno("cannot listen for raft peers on %s", addr);
	else
		rc = 0;
	close(fd);
	return rc;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static unsigned long long mib(uint64_t bytes)
{
	return (unsigned long long)(bytes >> 20);
}

/* Read the free space of the data directory unless the last reading is
 * younger than DISK_CHECK_MS (FORCE: always). Logs each change between
 * writable and full once. */
static bool disk_check(struct rnode *node, bool force)
{
	struct rnode_disk *d = &node->disk;
	uint64_t now = mono_ms();
	struct statvfs sv;
	bool was = d->writable;

	if (!node->min_free)
		return true;
	if (!force && node->disk_checked_ms &&
	    now - node->disk_checked_ms < DISK_CHECK_MS)
		return d->writable;
	node->disk_checked_ms = now;
	if (statvfs(node->data_dir, &sv) < 0) {
		/* Cannot tell: do not stop the cluster over it. */
		if (!node->statvfs_warned)
			log_warn("raft: cannot read the free space of '%s': %s",
				 node->data_dir, strerror(errno));
		node->statvfs_warned = true;
		d->writable = true;
		d->reason[0] = '\0';
		return true;
	}
	node->statvfs_warned = false;
	d->free_bytes = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
	d->reserve_bytes = node->min_free;
	d->need_bytes = node->min_free + node->snapshot_bytes;
	d->writable = d->free_bytes >= d->need_bytes;
	if (d->writable) {
		d->reason[0] = '\0';
	} else if (node->snapshot_bytes) {
		snprintf(d->reason, sizeof(d->reason),
			 "state directory full: %llu MB free, reserve %llu MB "
			 "+ %llu MB for the next snapshot",
			 mib(d->free_bytes), mib(d->reserve_bytes),
			 mib(node->snapshot_bytes + (1 << 20) - 1));
	} else {
		snprintf(d->reason, sizeof(d->reason),
			 "state directory full: %llu MB free, reserve %llu MB",
			 mib(d->free_bytes), mib(d->reserve_bytes));
	}
	if (was && !d->writable)
		log_err("raft: %s (%s); refusing writes until space is freed",
			d->reason, node->data_dir);
	else if (!was && d->writable)
		log_info("raft: state directory %s has %llu MB free again; "
			 "accepting writes", node->data_dir, mib(d->free_bytes));
	return d->writable;
}

/* A failed write of the Raft log or metadata. c-raft 0.15 cannot carry on
 * after one: it truncates its in-memory log while its disk layer keeps the
 * later entries' numbers, marks itself errored without ever checking that,
 * and crashes within milliseconds (double free / segfault in its segment
 * code); closing it runs the same paths. Everything acknowledged is on
 * disk already, so end the process here, inside the callback, before
 * c-raft runs any further, and let the service manager start a fresh one
 * that replays the log. */
static void disk_failed(struct rnode *node, int status)
{
	struct statvfs sv;
	unsigned long long free_mb = 0;

	if (statvfs(node->data_dir, &sv) == 0)
		free_mb = mib((uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize);
	log_err("raft: writing the state directory %s failed: %s (%llu MB free); "
		"c-raft cannot continue after a failed write, exiting so that a "
		"restart replays the committed log",
		node->data_dir, raft_errmsg(&node->raft)[0] ?
		raft_errmsg(&node->raft) : raft_strerror(status), free_mb);
	/* _exit: no exit handlers, nothing that could touch c-raft again;
	 * the line above and any held with it go out first */
	log_flush();
	_exit(1);
}

/* Statuses of a failed request that say the disk failed, rather than that
 * leadership moved or the node is closing. */
static bool is_disk_error(int status)
{
	switch (status) {
	case 0:
	case RAFT_NOTLEADER:
	case RAFT_LEADERSHIPLOST:
	case RAFT_SHUTDOWN:
	case RAFT_CANCELED:
		return false;
	}
	return true;
}

static uint64_t draw_origin(const void *salt)
{
	uint64_t v = 0;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != (ssize_t)sizeof(v)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		v = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^
		    (uint64_t)ts.tv_sec << 20 ^ (uint64_t)getpid() ^
		    (uint64_t)(uintptr_t)salt;
	}
	return v ? v : 1;
}

/* ---- driving libuv from libevent ---------------------------------------- */

static void kick(struct rnode *node)
{
	if (!node->loop_closed && node->timer_ev)
		event_active(node->timer_ev, EV_TIMEOUT, 1);
}

static void want_deliver(struct rnode *node)
{
	if (node->deliver_ev)
		event_active(node->deliver_ev, EV_TIMEOUT, 1);
}

static enum rnode_role current_role(const struct rnode *node)
{
	if (!node->raft_inited || node->raft_closed)
		return RNODE_UNAVAILABLE;
	switch (node->raft.state) {
	case RAFT_FOLLOWER:
		return RNODE_FOLLOWER;
	case RAFT_CANDIDATE:
		return RNODE_CANDIDATE;
	case RAFT_LEADER:
		return RNODE_LEADER;
	}
	return RNODE_UNAVAILABLE;
}

static uint64_t current_leader(struct rnode *node, const char **addr)
{
	raft_id id = 0;
	const char *a = NULL;

	if (current_role(node) != RNODE_UNAVAILABLE)
		raft_leader(&node->raft, &id, &a);
	if (addr)
		*addr = a;
	return id;
}

/* Note role/leader/term changes; the state callback runs from deliver(). */
static void watch_state(struct rnode *node)
{
	enum rnode_role role = current_role(node);
	uint64_t leader = current_leader(node, NULL);
	uint64_t term = node->raft_inited ? node->raft.current_term : 0;

	if (role == node->seen_role && leader == node->seen_leader &&
	    term == node->seen_term)
		return;
	if (role != node->seen_role)
		log_info("raft: node %llu is %s in term %llu (leader %llu)",
			 (unsigned long long)node->id, rnode_role_name(role),
			 (unsigned long long)term, (unsigned long long)leader);
	node->seen_role = role;
	node->seen_leader = leader;
	node->seen_term = term;
	if (node->state_cb)
		want_deliver(node);
}

static void rearm(struct rnode *node)
{
	int ms = uv_backend_timeout(&node->loop);
	struct timeval tv;

	if (ms < 0 || ms > PUMP_MAX_MS)
		ms = PUMP_MAX_MS;
	tv.tv_sec = 0;
	tv.tv_usec = ms * 1000;
	evtimer_add(node->timer_ev, &tv);
}

/* Once c-raft is closed, run uv until its loop can be closed; the io event
 * goes first, before uv_loop_close() closes the epoll fd it watches. */
static void free_raft_io(struct rnode *node);

static void try_close_loop(struct rnode *node)
{
	if (uv_loop_alive(&node->loop))
		return;
	free_raft_io(node);
	event_del(node->io_ev);
	if (uv_loop_close(&node->loop) != 0) {
		event_add(node->io_ev, NULL);
		return;
	}
	node->loop_closed = true;
	event_del(node->timer_ev);
	want_deliver(node);
}

static void settle_lost(struct rnode *node, bool all);

/* c-raft's recent_recv says a follower answered since the leader last
 * checked its quorum, and is cleared at every such check (each election
 * timeout): read at the wrong moment every follower looks gone. So the
 * leader notes, after each turn of the loop, when each was last seen to
 * have answered; rnode_members() counts one heard within two election
 * timeouts as reachable. */
static void note_heard(struct rnode *node)
{
	const struct raft *r = &node->raft;
	uint64_t now = 0;

	if (current_role(node) != RNODE_LEADER || !r->leader_state.progress)
		return;
	for (unsigned i = 0; i < r->configuration.n; i++) {
		uint64_t id = r->configuration.servers[i].id;
		unsigned k, free_k = HEARD_MAX, old_k = 0;

		if (id == r->id || !r->leader_state.progress[i].recent_recv)
			continue;
		if (!now)
			now = mono_ms();
		for (k = 0; k < HEARD_MAX; k++) {
			if (node->heard[k].id == id)
				break;
			if (!node->heard[k].id && free_k == HEARD_MAX)
				free_k = k;
			if (node->heard[k].ms < node->heard[old_k].ms)
				old_k = k;
		}
		if (k == HEARD_MAX)
			k = free_k < HEARD_MAX ? free_k : old_k;
		node->heard[k].id = id;
		node->heard[k].ms = now;
	}
}

static bool heard_lately(const struct rnode *node, uint64_t id)
{
	for (unsigned k = 0; k < HEARD_MAX; k++)
		if (node->heard[k].id == id)
			return mono_ms() - node->heard[k].ms <
			       2 * (uint64_t)node->election_ms;
	return false;
}

static void pump_cb(evutil_socket_t fd, short what, void *arg)
{
	struct rnode *node = arg;

	if (node->loop_closed)
		return;
	node->in_uv++;
	uv_run(&node->loop, UV_RUN_NOWAIT);
	node->in_uv--;
	note_heard(node);
	if (node->lost.head)
		settle_lost(node, false);
	watch_state(node);
	if (node->raft_closed) {
		try_close_loop(node);
		if (node->loop_closed)
			return;
	}
	rearm(node);
}

/* ---- the transport: c-raft's TCP one, without Nagle --------------------- */

/*
 * c-raft 0.15 leaves Nagle's algorithm on for its connections. A leader
 * with an AppendEntries unacknowledged holds the next one back until the
 * follower's ACK, which the follower delays up to 40 ms when it has
 * nothing to send: under concurrent submissions commits stalled for tens
 * of milliseconds. Every raft connection, made or accepted, gets
 * TCP_NODELAY before c-raft sees it.
 */
static void no_delay(struct uv_stream_s *stream)
{
	if (stream && stream->type == UV_TCP)
		(void)uv_tcp_nodelay((uv_tcp_t *)stream, 1);
}

static struct rnode *of_transport(struct raft_uv_transport *t)
{
	return (struct rnode *)(void *)((char *)t - offsetof(struct rnode, transport));
}

static void nd_accepted(struct raft_uv_transport *t, raft_id id,
			const char *address, struct uv_stream_s *stream)
{
	no_delay(stream);
	of_transport(t)->accept_cb(t, id, address, stream);
}

static int nd_listen(struct raft_uv_transport *t, raft_uv_accept_cb cb)
{
	struct rnode *node = of_transport(t);

	node->accept_cb = cb;
	return node->tcp_listen(t, nd_accepted);
}

/* c-raft connects from one place, with one callback (its client's) for
 * every node of the process; the transport hands back only the request,
 * so that callback is kept here, not per node. */
static raft_uv_connect_cb craft_connected;

static void nd_connected(struct raft_uv_connect *req, struct uv_stream_s *stream,
			 int status)
{
	if (status == 0)
		no_delay(stream);
	craft_connected(req, stream, status);
}

static int nd_connect(struct raft_uv_transport *t, struct raft_uv_connect *req,
		      raft_id id, const char *address, raft_uv_connect_cb cb)
{
	craft_connected = cb;
	return of_transport(t)->tcp_connect(t, req, id, address, nd_connected);
}

/* ---- FSM hooks: called by c-raft inside uv_run or raft_start ------------ */

static struct rbatch *find_inflight(struct rnode *node, uint64_t seq)
{
	struct rlink *l;

	for (l = node->inflight.head; l; l = l->next) {
		struct rbatch *b = RCONTAINER(l, struct rbatch);
		if (b->seq == seq)
			return b;
	}
	/* the next leader may commit what we proposed before we lost
	 * leadership: the entry still carries our origin and sequence */
	for (l = node->lost.head; l; l = l->next) {
		struct rbatch *b = RCONTAINER(l, struct rbatch);
		if (b->seq == seq)
			return b;
	}
	return NULL;
}

static int fsm_apply(struct raft_fsm *rf, const struct raft_buffer *buf,
		     void **result)
{
	struct rnode *node = rf->data;
	const uint8_t *p = buf->base;
	size_t len = buf->len, off;
	uint32_t count, i;
	struct rbatch *b = NULL;

	*result = NULL;
	if (len < BATCH_HDR || get_be32(p) != BATCH_MAGIC)
		goto malformed;
	count = get_be32(p + 4);
	/* Check the whole entry before applying any of it: all or nothing,
	 * and the same decision on every node. */
	for (off = BATCH_HDR, i = 0; i < count; i++) {
		if (len - off < 4)
			goto malformed;
		uint32_t n = get_be32(p + off);
		off += 4;
		if (len - off < n)
			goto malformed;
		off += n;
	}
	if (len - off >= 8)
		goto malformed;
	for (; off < len; off++)
		if (p[off] != 0)
			goto malformed;

	if (get_be64(p + 8) == node->origin) {
		b = find_inflight(node, get_be64(p + 16));
		if (b && b->n != count)
			b = NULL;
	}
	for (off = BATCH_HDR, i = 0; i < count; i++) {
		uint32_t n = get_be32(p + off);
		void *res = NULL;
		int rc;

		off += 4;
		rc = node->fsm.apply(node->fsm.data, p + off, n, &res);
		off += n;
		if (rc != 0)
			log_warn("raft: state machine failed to apply a command (%u bytes)", n);
		if (b) {
			b->slots[i].result = res;
			b->slots[i].status = rc ? RNODE_EAPPLY : RNODE_OK;
		} else if (res && node->fsm.free_result) {
			node->fsm.free_result(node->fsm.data, res);
		}
	}
	if (b)
		b->applied = true;
	node->stats.entries_applied++;
	node->stats.commands_applied += count;
	return 0;

malformed:
	/* Returning an error would make c-raft retry this entry forever. */
	log_err("raft: skipping a malformed log entry of %zu bytes", len);
	return 0;
}

static int fsm_snapshot(struct raft_fsm *rf, struct raft_buffer *bufs[],
			unsigned *n_bufs)
{
	struct rnode *node = rf->data;
	void *data = NULL;
	size_t len = 0;
	struct raft_buffer *out;
	uint8_t *p;

	if (node->fsm.snapshot(node->fsm.data, &data, &len) != 0) {
		free(data);
		log_warn("raft: state machine could not take a snapshot; will retry");
		return RAFT_BUSY;   /* c-raft ignores it and tries again later */
	}
	/* FSM v1: c-raft frees both the array and the buffer with raft_free. */
	out = raft_xmalloc(sizeof(*out));
	p = raft_xmalloc(SNAP_HDR + len);
	put_be32(p, SNAP_MAGIC);
	put_be32(p + 4, 0);
	put_be64(p + 8, len);
	if (len)
		memcpy(p + SNAP_HDR, data, len);
	free(data);
	out[0].base = p;
	out[0].len = SNAP_HDR + len;
	*bufs = out;
	*n_bufs = 1;
	node->snapshot_bytes = SNAP_HDR + len;
	node->stats.snapshots_taken++;
	log_debug("raft: node %llu snapshot of %zu bytes at index %llu",
		  (unsigned long long)node->id, len,
		  (unsigned long long)node->raft.last_applied);
	return 0;
}

static int fsm_restore(struct raft_fsm *rf, struct raft_buffer *buf)
{
	struct rnode *node = rf->data;
	const uint8_t *p = buf->base;

	if (buf->len < SNAP_HDR || get_be32(p) != SNAP_MAGIC ||
	    get_be64(p + 8) != buf->len - SNAP_HDR) {
		log_err("raft: snapshot of %zu bytes is not in rnode format", buf->len);
		return RAFT_CORRUPT;
	}
	if (node->fsm.restore(node->fsm.data, p + SNAP_HDR, buf->len - SNAP_HDR) != 0) {
		log_err("raft: state machine rejected a snapshot of %zu bytes",
			buf->len - SNAP_HDR);
		return RAFT_CORRUPT;   /* c-raft frees the buffer on failure */
	}
	raft_free(buf->base);          /* on success it is ours to free */
	node->stats.snapshots_restored++;
	return 0;
}

/* ---- c-raft request callbacks (inside uv_run or raft_close) ------------- */

static int map_raft_status(struct rnode *node, int rv)
{
	if (rv == 0)
		return RNODE_OK;
	if (node->closing)
		return RNODE_ESHUTDOWN;
	if (rv == RAFT_LEADERSHIPLOST)
		return RNODE_ELOST;
	if (rv == RAFT_NOTLEADER)
		return RNODE_ENOTLEADER;
	return RNODE_EFAIL;
}

/* The entry in flight is settled: what waited behind it goes next, after
 * the answers want_deliver() queued (flush_ev runs after deliver_ev). */
static void flush_held(struct rnode *node)
{
	if (node->flush_ev && !node->inflight.head &&
	    (node->building || node->pending.head))
		event_active(node->flush_ev, EV_TIMEOUT, 1);
}

static void apply_done(struct raft_apply *req, int status, void *result)
{
	struct rbatch *b = req->data;
	struct rnode *node = b->node;

	(void)result;  /* the apply hook put per-command results in the slots */
	if (!node->closing && is_disk_error(status))
		disk_failed(node, status);
	rlist_remove(&node->inflight, &b->link);
	if (status == RAFT_LEADERSHIPLOST && !b->applied && !node->closing) {
		/* Not known lost: the entry may be in the next leader's log.
		 * settle_lost() answers once we know either way. */
		b->index = req->index;
		b->lost_ms = mono_ms();
		rlist_push(&node->lost, &b->link);
		flush_held(node);
		return;
	}
	if (status == 0 && !b->applied) {
		log_err("raft: entry committed but its commands were not seen");
		b->status = RNODE_EFAIL;
	} else {
		b->status = map_raft_status(node, status);
	}
	rlist_push(&node->done, &b->link);
	want_deliver(node);
	flush_held(node);
}

/* Batches proposed before we lost leadership: committed once the entry
 * with our origin and sequence is applied here; lost once an entry of
 * another origin has taken its index (it is applied past it without
 * ours); unknown after LOST_WAIT_MS without news (we may be cut off).
 * ALL: the node closes, end them all now. */
static void settle_lost(struct rnode *node, bool all)
{
	struct rlink *l, *next;
	uint64_t now = mono_ms();

	for (l = node->lost.head; l; l = next) {
		struct rbatch *b = RCONTAINER(l, struct rbatch);

		next = l->next;
		if (b->applied)
			b->status = RNODE_OK;
		else if (all)
			b->status = RNODE_ESHUTDOWN;
		else if (node->raft.last_applied >= b->index)
			b->status = RNODE_ELOST;
		else if (now - b->lost_ms >= LOST_WAIT_MS)
			b->status = RNODE_EUNKNOWN;
		else
			continue;
		rlist_remove(&node->lost, l);
		rlist_push(&node->done, l);
		want_deliver(node);
	}
}

static void barrier_done(struct raft_barrier *req, int status)
{
	struct rbarrier *br = req->data;
	struct rnode *node = br->node;

	if (!node->closing && is_disk_error(status))
		disk_failed(node, status);
	rlist_remove(&node->barriers, &br->link);
	br->status = map_raft_status(node, status);
	rlist_push(&node->barriers_done, &br->link);
	want_deliver(node);
}

static void transfer_done(struct raft_transfer *req)
{
	struct rtransfer *t = req->data;

	t->done = true;
	want_deliver(t->node);
}

static void change_done(struct raft_change *req, int status)
{
	struct rchange *ch = req->data;

	if (ch->timeout_ev)
		event_del(ch->timeout_ev);
	ch->status = status;
	ch->done = true;
	want_deliver(ch->node);
}

/* The promotion of a new voter did not finish: give it up, so that other
 * changes can be made. c-raft 0.15 has no call for this; its leader
 * state says which change is running. */
static void change_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct rchange *ch = arg;
	struct rnode *node = ch->node;
	struct raft *r = &node->raft;

	if (node->change != ch || ch->done || node->closing ||
	    r->state != RAFT_LEADER || r->leader_state.change != &ch->req ||
	    r->leader_state.promotee_id != ch->id)
		return;
	r->leader_state.change = NULL;
	r->leader_state.promotee_id = 0;
	r->leader_state.round_number = 0;
	ch->timed_out = true;
	ch->status = RAFT_NOCONNECTION;
	ch->done = true;
	want_deliver(node);
}

static void raft_closed_cb(struct raft *r)
{
	struct rnode *node = r->data;

	/* c-raft 0.15 can report the close of its disk layer twice (on tmpfs,
	 * when thread-pool work ends after the close was reported), and each
	 * report frees the instance's address, log and configuration again.
	 * Those are freed now: leave nothing behind for a second report. */
	r->address = NULL;
	memset(&r->log, 0, sizeof(r->log));
	raft_configuration_init(&r->configuration);
	if (node->raft_closed) {
		log_debug("raft: node %llu reported closed twice",
			  (unsigned long long)node->id);
		return;
	}
	node->raft_closed = true;
}

/* c-raft 0.15 may report itself closed while thread-pool work of its disk
 * layer (segment preparation and finalisation, which file systems without
 * O_DIRECT such as tmpfs run there) is still to complete; that work then
 * reads the uv backend. Free the backend only once the loop is idle. */
static void free_raft_io(struct rnode *node)
{
	if (node->io_inited) {
		raft_uv_close(&node->io);
		node->io_inited = false;
	}
	if (node->transport_inited) {
		raft_uv_tcp_close(&node->transport);
		node->transport_inited = false;
	}
}

/* ---- batches ------------------------------------------------------------ */

static struct rbatch *batch_new(struct rnode *node)
{
	struct rbatch *b = xcalloc(1, sizeof(*b));

	b->node = node;
	b->seq = ++node->next_seq;
	b->cap = 4096;
	b->buf = raft_xmalloc(b->cap);
	b->len = BATCH_HDR;
	put_be32(b->buf, BATCH_MAGIC);
	put_be64(b->buf + 8, node->origin);
	put_be64(b->buf + 16, b->seq);
	b->req.data = b;
	return b;
}

static void batch_free(struct rnode *node, struct rbatch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->slots[i].result && node->fsm.free_result)
			node->fsm.free_result(node->fsm.data, b->slots[i].result);
	if (b->buf)
		raft_free(b->buf);
	free(b->slots);
	free(b);
}

static void batch_add(struct rbatch *b, const void *cmd, size_t len,
		      rnode_done_cb cb, void *arg)
{
	if (b->len + 4 + len > b->cap) {
		while (b->len + 4 + len > b->cap)
			b->cap *= 2;
		b->buf = raft_xrealloc(b->buf, b->cap);
	}
	put_be32(b->buf + b->len, (uint32_t)len);
	if (len)
		memcpy(b->buf + b->len + 4, cmd, len);
	b->len += 4 + len;
	xgrow((void **)&b->slots, &b->slot_cap, b->n + 1, sizeof(*b->slots));
	b->slots[b->n] = (struct rslot){ .cb = cb, .arg = arg };
	b->n++;
}

static void seal_building(struct rnode *node)
{
	struct rbatch *b = node->building;
	size_t padded;

	if (!b)
		return;
	put_be32(b->buf + 4, (uint32_t)b->n);
	padded = (b->len + 7) & ~(size_t)7;
	if (padded > b->cap) {
		b->cap = padded;
		b->buf = raft_xrealloc(b->buf, b->cap);
	}
	memset(b->buf + b->len, 0, padded - b->len);
	b->len = padded;
	rlist_push(&node->pending, &b->link);
	node->building = NULL;
}

static void fail_batch(struct rnode *node, struct rbatch *b, int status)
{
	b->status = status;
	rlist_push(&node->done, &b->link);
	want_deliver(node);
}

static void fail_unsent(struct rnode *node, int status)
{
	struct rlink *l;

	seal_building(node);
	while ((l = rlist_pop(&node->pending)))
		fail_batch(node, RCONTAINER(l, struct rbatch), status);
	settle_lost(node, true);
}

static bool can_propose(const struct rnode *node)
{
	return current_role(node) == RNODE_LEADER && node->raft.transfer == NULL;
}

/* Hand every sealed batch to c-raft; runs from libevent context only.
 * HOLD (the group commit's own flush): not while an entry is in flight
 * (see "One entry is in flight" above; apply_done() flushes again), nor
 * before the answers to the last one are delivered. Barriers, transfers
 * and membership changes send what is queued at once, so that it goes
 * ahead of them. */
static void flush(struct rnode *node, bool hold)
{
	struct rlink *l;
	bool sent = false, checked = false;

	if (hold && !node->closing && can_propose(node)) {
		if (node->inflight.head)
			return;
		if (node->done.head) {
			/* deliver_ev is queued ahead of this: answers first */
			want_deliver(node);
			event_active(node->flush_ev, EV_TIMEOUT, 1);
			return;
		}
	}
	seal_building(node);
	while ((l = rlist_pop(&node->pending))) {
		struct rbatch *b = RCONTAINER(l, struct rbatch);
		struct raft_buffer rb = { .base = b->buf, .len = b->len };
		int rv;

		if (node->closing) {
			fail_batch(node, b, RNODE_ESHUTDOWN);
			continue;
		}
		if (!can_propose(node)) {
			fail_batch(node, b, RNODE_ENOTLEADER);
			continue;
		}
		/* One fresh reading per group commit: the proposals were
		 * checked against a reading up to DISK_CHECK_MS old. */
		if (!checked)
			disk_check(node, true);
		checked = true;
		if (!node->disk.writable) {
			node->disk.refused += b->n;
			fail_batch(node, b, RNODE_ENOSPACE);
			continue;
		}
		rlist_push(&node->inflight, &b->link);
		rv = raft_apply(&node->raft, &b->req, &rb, 1, apply_done);
		if (rv == 0) {
			b->buf = NULL;  /* c-raft owns it now */
			node->stats.entries_proposed++;
			node->stats.commands_proposed += b->n;
			sent = true;
			continue;
		}
		rlist_remove(&node->inflight, &b->link);
		if (rv != RAFT_NOTLEADER) {
			/* Past the leader check c-raft may already have released
			 * the buffer (logDiscard); leaking beats a double free. */
			log_err("raft: cannot append a log entry: %s",
				raft_errmsg(&node->raft));
			b->buf = NULL;
		}
		fail_batch(node, b, map_raft_status(node, rv));
	}
	if (sent)
		kick(node);
}

static void flush_cb(evutil_socket_t fd, short what, void *arg)
{
	flush(arg, true);
}

/* ---- callbacks to the caller, from libevent context --------------------- */

static void deliver_items(struct rnode *node)
{
	struct rlink *l;
	size_t i;

	/* the answers' log lines (one a job submitted, ...) in one write */
	log_hold();
	while ((l = rlist_pop(&node->done))) {
		struct rbatch *b = RCONTAINER(l, struct rbatch);

		for (i = 0; i < b->n; i++) {
			struct rslot *s = &b->slots[i];
			int st = b->status == RNODE_OK ? s->status : b->status;
			void *res = s->result;

			s->result = NULL;
			if (!s->cb) {
				if (res && node->fsm.free_result)
					node->fsm.free_result(node->fsm.data, res);
				continue;
			}
			set_status_err(st);
			s->cb(s->arg, st, res);
		}
		batch_free(node, b);
	}
	log_release();
	while ((l = rlist_pop(&node->barriers_done))) {
		struct rbarrier *br = RCONTAINER(l, struct rbarrier);

		set_status_err(br->status);
		br->cb(br->arg, br->status);
		free(br);
	}
	if (node->change && node->change->done) {
		struct rchange *ch = node->change;
		int st = map_raft_status(node, ch->status);
		int rv;

		ch->done = false;
		if (st == RNODE_OK && ch->promote) {
			/* added as a spare: now a voter, which also sends it
			 * the log, so the change ends only once it holds it */
			ch->promote = false;
			ch->req.data = ch;
			rv = raft_assign(&node->raft, &ch->req, ch->id, RAFT_VOTER,
					 change_done);
			if (rv == 0) {
				struct timeval tv = { CHANGE_CATCHUP_MS / 1000, 0 };

				ch->assigning = true;
				if (!ch->timeout_ev)
					ch->timeout_ev = evtimer_new(node->base, change_timeout, ch);
				if (ch->timeout_ev)
					evtimer_add(ch->timeout_ev, &tv);
				kick(node);
				goto change_out;
			}
			st = rv == RAFT_NOTLEADER ? RNODE_ENOTLEADER : RNODE_EFAIL;
			err_set("server %llu was added but could not be made a voter: %s",
				(unsigned long long)ch->id, raft_errmsg(&node->raft));
		} else if (st == RNODE_OK) {
			set_status_err(st);
		} else if (ch->assigning && (ch->timed_out ||
					     ch->status == RAFT_NOCONNECTION)) {
			/* c-raft gives up itself when it cannot connect */
			err_set("server %llu did not catch up: is it running, "
				"with join = true, at the address given? It stays "
				"in the configuration as a non-voter until it is "
				"removed", (unsigned long long)ch->id);
		} else if (st != RNODE_ESHUTDOWN) {
			err_set("membership change not done: %s",
				raft_strerror(ch->status));
		} else {
			set_status_err(st);
		}
		node->change = NULL;
		if (ch->cb)
			ch->cb(ch->arg, st);
	}
change_out:
	if (node->transfer && node->transfer->done) {
		struct rtransfer *t = node->transfer;
		int st = RNODE_OK;

		node->transfer = NULL;
		if (node->closing)
			st = RNODE_ESHUTDOWN;
		else if (current_role(node) == RNODE_LEADER)
			st = RNODE_EFAIL;
		if (st == RNODE_EFAIL)
			err_set("leadership transfer did not happen");
		else
			set_status_err(st);
		if (t->cb)
			t->cb(t->arg, st);
	}
}

static void do_destroy(struct rnode *node);

static void deliver(struct rnode *node)
{
	node->delivering++;
	deliver_items(node);
	if (node->state_cb && !node->destroying &&
	    (node->state_force || node->seen_role != node->told_role ||
	     node->seen_leader != node->told_leader ||
	     node->seen_term != node->told_term)) {
		node->state_force = false;
		node->told_role = node->seen_role;
		node->told_leader = node->seen_leader;
		node->told_term = node->seen_term;
		node->state_cb(node->state_arg, node->told_role,
			       node->told_leader, node->told_term);
	}
	if (node->loop_closed && node->close_cb && !node->close_told) {
		node->close_told = true;
		node->close_cb(node->close_arg);
	}
	node->delivering--;
	if (!node->delivering && node->destroy_pending)
		do_destroy(node);
}

static void deliver_cb(evutil_socket_t fd, short what, void *arg)
{
	deliver(arg);
}

/* ---- create / close / destroy ------------------------------------------- */

static void close_raft_now(struct rnode *node)
{
	if (node->raft_inited && !node->raft_closing) {
		node->raft_closing = true;
		raft_close(&node->raft, raft_closed_cb);
	}
}

/* Close c-raft and the uv loop synchronously (rnode_destroy, or a failed
 * rnode_create); never called from inside uv_run. */
static void shutdown_sync(struct rnode *node)
{
	int tries;

	if (node->raft_inited) {
		close_raft_now(node);
		while (!node->raft_closed) {
			node->in_uv++;
			uv_run(&node->loop, UV_RUN_ONCE);
			node->in_uv--;
		}
	} else {
		free_raft_io(node);
	}
	if (!node->loop_inited || node->loop_closed)
		return;
	if (node->io_ev)
		event_del(node->io_ev);
	for (tries = 0; ; tries++) {
		if (!uv_loop_alive(&node->loop)) {
			free_raft_io(node);
			if (uv_loop_close(&node->loop) == 0)
				break;
		}
		if (tries == 1000) {
			log_err("raft: libuv loop of node %llu did not close",
				(unsigned long long)node->id);
			break;
		}
		node->in_uv++;
		uv_run(&node->loop, UV_RUN_NOWAIT);
		node->in_uv--;
		/* thread-pool work (a segment being closed) may take a few
		 * milliseconds: wait up to about a second in all */
		if (tries > 10)
			usleep(1000);
	}
	node->loop_closed = true;
}

static void free_node(struct rnode *node)
{
	struct rlink *l;

	if (node->io_ev)
		event_free(node->io_ev);
	if (node->timer_ev)
		event_free(node->timer_ev);
	if (node->flush_ev)
		event_free(node->flush_ev);
	if (node->deliver_ev)
		event_free(node->deliver_ev);
	while ((l = rlist_pop(&node->transfers)))
		free(RCONTAINER(l, struct rtransfer));
	while ((l = rlist_pop(&node->changes))) {
		struct rchange *ch = RCONTAINER(l, struct rchange);

		if (ch->timeout_ev)
			event_free(ch->timeout_ev);
		free(ch);
	}
	free(node->address);
	free(node->data_dir);
	free(node->leader_addr);
	free(node);
}

static void do_destroy(struct rnode *node)
{
	node->destroy_pending = false;
	node->destroying = true;
	node->closing = true;
	close_raft_now(node);  /* fails in-flight requests first */
	fail_unsent(node, RNODE_ESHUTDOWN);
	shutdown_sync(node);
	if (node->transfer)
		node->transfer->done = true;
	if (node->change) {
		node->change->done = true;
		node->change->promote = false;
		node->change->status = RAFT_SHUTDOWN;
	}
	node->delivering++;
	deliver_items(node);
	node->delivering--;
	free_node(node);
}

/* Everything c-raft would assert on or misread, checked up front. */
static int check_config(const struct rnode_config *cfg, unsigned *et, unsigned *ht)
{
	struct sockaddr_in sa;
	bool self_listed = false;
	size_t i;

	if (!cfg || cfg->id == 0 || !cfg->address || !cfg->data_dir || !*cfg->data_dir) {
		err_set("raft node needs a non-zero id, an address and a data directory");
		return -1;
	}
	*et = cfg->election_timeout_ms ? cfg->election_timeout_ms : 1000;
	*ht = cfg->heartbeat_timeout_ms ? cfg->heartbeat_timeout_ms : 100;
	if (*ht >= *et) {
		err_set("raft heartbeat timeout (%u ms) must be shorter than the election timeout (%u ms)",
			*ht, *et);
		return -1;
	}
	if (parse_address(cfg->address, &sa) < 0)
		return -1;
	for (i = 0; i < cfg->n_peers; i++) {
		if (cfg->peers[i].id == 0 || !cfg->peers[i].address) {
			err_set("raft peer %zu needs a non-zero id and an address", i + 1);
			return -1;
		}
		if (parse_address(cfg->peers[i].address, &sa) < 0)
			return -1;
		if (cfg->peers[i].id == cfg->id) {
			if (strcmp(cfg->peers[i].address, cfg->address) != 0) {
				err_set("raft peer %llu has address %s, but this node listens on %s",
					(unsigned long long)cfg->id,
					cfg->peers[i].address, cfg->address);
				return -1;
			}
			self_listed = true;
		}
	}
	if (cfg->n_peers && !self_listed) {
		err_set("this raft node (id %llu) is not in its peer list",
			(unsigned long long)cfg->id);
		return -1;
	}
	return 0;
}

struct rnode *rnode_create(struct event_base *base,
			   const struct rnode_config *cfg,
			   const struct rnode_fsm *fsm)
{
	struct raft_configuration conf;
	struct rnode *node;
	unsigned et, ht, retry;
	size_t i;
	int rv;

	if (!base || !fsm || !fsm->apply || !fsm->snapshot || !fsm->restore) {
		err_set("raft node needs an event base and FSM callbacks");
		return NULL;
	}
	if (check_config(cfg, &et, &ht) < 0)
		return NULL;
	if (mkdir_p(cfg->data_dir, 0700) < 0)
		return NULL;

	node = xcalloc(1, sizeof(*node));
	node->base = base;
	node->id = cfg->id;
	node->address = xstrdup(cfg->address);
	node->data_dir = xstrdup(cfg->data_dir);
	node->fsm = *fsm;
	node->origin = draw_origin(node);
	node->min_free = cfg->min_free_bytes;
	node->disk.reserve_bytes = cfg->min_free_bytes;
	node->disk.writable = true;

	rv = uv_loop_init(&node->loop);
	if (rv != 0) {
		err_set("cannot create a libuv loop: %s", uv_strerror(rv));
		goto fail;
	}
	node->loop_inited = true;
	rv = raft_uv_tcp_init(&node->transport, &node->loop);
	if (rv != 0) {
		err_set("cannot create the raft transport: %s", raft_strerror(rv));
		goto fail;
	}
	node->transport_inited = true;
	node->tcp_listen = node->transport.listen;
	node->tcp_connect = node->transport.connect;
	node->transport.listen = nd_listen;
	node->transport.connect = nd_connect;
	rv = raft_uv_init(&node->io, &node->loop, node->data_dir, &node->transport);
	if (rv != 0) {
		err_set("cannot use raft data directory '%s': %s", node->data_dir,
			node->io.errmsg[0] ? node->io.errmsg : raft_strerror(rv));
		goto fail;
	}
	node->io_inited = true;
	/* A restarted peer should be reached again well within an election. */
	retry = et / 4;
	raft_uv_set_connect_retry_delay(&node->io, retry < 50 ? 50 : retry > 1000 ? 1000 : retry);

	node->rfsm.version = 1;
	node->rfsm.data = node;
	node->rfsm.apply = fsm_apply;
	node->rfsm.snapshot = fsm_snapshot;
	node->rfsm.restore = fsm_restore;
	rv = raft_init(&node->raft, &node->io, &node->rfsm, node->id, node->address);
	if (rv != 0) {
		err_set("cannot initialise raft node %llu in '%s': %s",
			(unsigned long long)node->id, node->data_dir,
			raft_errmsg(&node->raft));
		goto fail;
	}
	node->raft_inited = true;
	node->raft.data = node;

	raft_configuration_init(&conf);
	rv = 0;
	if (cfg->n_peers == 0)
		rv = raft_configuration_add(&conf, node->id, node->address, RAFT_VOTER);
	for (i = 0; rv == 0 && i < cfg->n_peers; i++)
		rv = raft_configuration_add(&conf, cfg->peers[i].id,
					    cfg->peers[i].address, RAFT_VOTER);
	if (rv != 0) {
		err_set("bad raft peer list: %s", raft_strerror(rv));
		raft_configuration_close(&conf);
		goto fail;
	}
	/* a controller that joins a running cluster must not make one of
	 * its own: it waits, with no configuration, to be added */
	rv = cfg->join ? RAFT_CANTBOOTSTRAP : raft_bootstrap(&node->raft, &conf);
	raft_configuration_close(&conf);
	if (rv != 0 && rv != RAFT_CANTBOOTSTRAP) {
		err_set("cannot bootstrap raft state in '%s': %s", node->data_dir,
			node->io.errmsg[0] ? node->io.errmsg : raft_strerror(rv));
		goto fail;
	}

	raft_set_election_timeout(&node->raft, et);
	node->election_ms = et;
	raft_set_heartbeat_timeout(&node->raft, ht);
	if (cfg->snapshot_threshold)
		raft_set_snapshot_threshold(&node->raft, cfg->snapshot_threshold);
	if (cfg->snapshot_trailing)
		raft_set_snapshot_trailing(&node->raft, cfg->snapshot_trailing);
	raft_set_pre_vote(&node->raft, true);

	node->io_ev = event_new(base, uv_backend_fd(&node->loop), EV_READ | EV_PERSIST,
				pump_cb, node);
	node->timer_ev = evtimer_new(base, pump_cb, node);
	node->flush_ev = event_new(base, -1, 0, flush_cb, node);
	node->deliver_ev = event_new(base, -1, 0, deliver_cb, node);
	if (!node->io_ev || !node->timer_ev || !node->flush_ev || !node->deliver_ev ||
	    event_add(node->io_ev, NULL) < 0) {
		err_set("cannot register raft events with libevent");
		goto fail;
	}

	/* c-raft leaves stale messages behind (e.g. from CANTBOOTSTRAP) and
	 * sets none when listening fails, so check the port ourselves. */
	if (check_listen(node->address) < 0)
		goto fail;
	memset(node->io.errmsg, 0, sizeof(node->io.errmsg));
	memset(node->raft.errmsg, 0, sizeof(node->raft.errmsg));

	/* Loads the snapshot and log; a single voter elects itself and applies
	 * its log right here, so the FSM hooks may run. */
	node->in_uv++;
	rv = raft_start(&node->raft);
	node->in_uv--;
	if (rv != 0) {
		err_set("cannot start raft node %llu: %s", (unsigned long long)node->id,
			raft_errmsg(&node->raft)[0] ? raft_errmsg(&node->raft) :
			node->io.errmsg[0] ? node->io.errmsg : raft_strerror(rv));
		goto fail;
	}
	log_info("raft: node %llu started on %s, data in %s, last applied index %llu",
		 (unsigned long long)node->id, node->address, node->data_dir,
		 (unsigned long long)node->raft.last_applied);
	watch_state(node);
	kick(node);
	return node;

fail:
	{
		/* shutdown_sync may log; keep the reason for the caller. */
		char *why = xstrdup(err_msg());
		shutdown_sync(node);
		free_node(node);
		err_set("%s", why);
		free(why);
	}
	return NULL;
}

/* Report an immediate refusal: err_msg() holds the reason while cb runs and
 * again when the caller sees -1. */
static void set_reason(int st, const char *why)
{
	if (why)
		err_set("%s", why);
	else
		set_status_err(st);
}

int rnode_propose(struct rnode *node, const void *cmd, size_t len,
		  rnode_done_cb cb, void *arg)
{
	char why[96];
	const char *reason = NULL;
	int st = RNODE_OK;

	if (node->closing) {
		st = RNODE_ESHUTDOWN;
	} else if (len > RNODE_MAX_COMMAND || (len && !cmd)) {
		st = RNODE_EINVAL;
		snprintf(why, sizeof(why), "raft command of %zu bytes is larger than %u bytes",
			 len, RNODE_MAX_COMMAND);
		reason = why;
	} else if (!can_propose(node)) {
		st = RNODE_ENOTLEADER;
	} else if (!disk_check(node, false)) {
		st = RNODE_ENOSPACE;
		reason = node->disk.reason;
		node->disk.refused++;
	}
	if (st != RNODE_OK) {
		if (cb) {
			set_reason(st, reason);
			cb(arg, st, NULL);
		}
		set_reason(st, reason);
		return -1;
	}
	if (node->building && (node->building->n >= BATCH_MAX_CMDS ||
			       node->building->len + 4 + len > BATCH_MAX_BYTES))
		seal_building(node);
	if (!node->building)
		node->building = batch_new(node);
	batch_add(node->building, cmd, len, cb, arg);
	event_active(node->flush_ev, EV_TIMEOUT, 1);
	return 0;
}

static int refuse(int st, rnode_status_cb cb, void *arg, const char *why)
{
	if (cb) {
		set_reason(st, why);
		cb(arg, st);
	}
	set_reason(st, why);
	return -1;
}

int rnode_barrier(struct rnode *node, rnode_status_cb cb, void *arg)
{
	struct rbarrier *br;
	int rv;

	if (node->closing)
		return refuse(RNODE_ESHUTDOWN, cb, arg, NULL);
	if (node->in_uv)
		return refuse(RNODE_EINVAL, cb, arg, "raft barrier requested from inside the state machine");
	if (!can_propose(node))
		return refuse(RNODE_ENOTLEADER, cb, arg, NULL);
	/* A barrier is a log entry too. */
	if (!disk_check(node, false))
		return refuse(RNODE_ENOSPACE, cb, arg, node->disk.reason);
	/* Commands proposed before the barrier go first. */
	flush(node, false);
	if (!can_propose(node))
		return refuse(RNODE_ENOTLEADER, cb, arg, NULL);
	br = xcalloc(1, sizeof(*br));
	br->node = node;
	br->cb = cb;
	br->arg = arg;
	br->req.data = br;
	rlist_push(&node->barriers, &br->link);
	rv = raft_barrier(&node->raft, &br->req, barrier_done);
	if (rv != 0) {
		rlist_remove(&node->barriers, &br->link);
		free(br);
		return refuse(map_raft_status(node, rv), cb, arg, NULL);
	}
	kick(node);
	return 0;
}

int rnode_transfer(struct rnode *node, uint64_t target_id,
		   rnode_status_cb cb, void *arg)
{
	struct rtransfer *t;
	int rv;

	if (node->closing)
		return refuse(RNODE_ESHUTDOWN, cb, arg, NULL);
	if (node->in_uv)
		return refuse(RNODE_EINVAL, cb, arg, "leadership transfer requested from inside the state machine");
	if (node->transfer)
		return refuse(RNODE_EFAIL, cb, arg, "a leadership transfer is already in progress");
	if (!can_propose(node))
		return refuse(RNODE_ENOTLEADER, cb, arg, NULL);
	flush(node, false);   /* queued commands go under this leadership */
	/* Kept until the node is freed: c-raft 0.15 may still complete the
	 * TimeoutNow send embedded in it after the callback (#396). */
	t = xcalloc(1, sizeof(*t));
	t->node = node;
	t->cb = cb;
	t->arg = arg;
	t->req.data = t;
	rlist_push(&node->transfers, &t->link);
	rv = raft_transfer(&node->raft, &t->req, target_id, transfer_done);
	if (rv != 0) {
		char why[128];

		if (rv == RAFT_BADID)
			snprintf(why, sizeof(why), "server %llu is not another voter of this cluster",
				 (unsigned long long)target_id);
		else if (rv == RAFT_NOTFOUND)
			snprintf(why, sizeof(why), "there is no other voter to hand leadership to");
		else
			snprintf(why, sizeof(why), "%s", raft_errmsg(&node->raft));
		return refuse(rv == RAFT_NOTLEADER ? RNODE_ENOTLEADER :
			      rv == RAFT_BADID ? RNODE_EINVAL : RNODE_EFAIL, cb, arg, why);
	}
	node->transfer = t;
	kick(node);
	return 0;
}

/* Start a change; -1 (cb already called) when it cannot start. */
static int change_start(struct rnode *node, uint64_t id, const char *address,
			rnode_status_cb cb, void *arg)
{
	struct rchange *ch;
	char why[160];
	int rv;

	if (node->closing)
		return refuse(RNODE_ESHUTDOWN, cb, arg, NULL);
	if (node->in_uv)
		return refuse(RNODE_EINVAL, cb, arg, "membership change requested from inside the state machine");
	if (id == 0)
		return refuse(RNODE_EINVAL, cb, arg, "a server id is not 0");
	if (!can_propose(node))
		return refuse(RNODE_ENOTLEADER, cb, arg, NULL);
	if (node->change)
		return refuse(RNODE_EBUSY, cb, arg, "another membership change is in progress; try again when it is done");
	flush(node, false);
	ch = xcalloc(1, sizeof(*ch));
	ch->node = node;
	ch->cb = cb;
	ch->arg = arg;
	ch->id = id;
	ch->promote = address != NULL;
	ch->req.data = ch;
	rlist_push(&node->changes, &ch->link);
	if (address)
		rv = raft_add(&node->raft, &ch->req, id, address, change_done);
	else
		rv = raft_remove(&node->raft, &ch->req, id, change_done);
	if (rv != 0) {
		int st = RNODE_EFAIL;

		if (rv == RAFT_CANTCHANGE) {
			st = RNODE_EBUSY;
			snprintf(why, sizeof(why), "another membership change is in progress; try again when it is done");
		} else if (rv == RAFT_DUPLICATEID) {
			st = RNODE_EINVAL;
			snprintf(why, sizeof(why), "server %llu is already a member", (unsigned long long)id);
		} else if (rv == RAFT_DUPLICATEADDRESS) {
			st = RNODE_EINVAL;
			snprintf(why, sizeof(why), "address %s is already a member's", address);
		} else if (rv == RAFT_BADID) {
			st = RNODE_EINVAL;
			snprintf(why, sizeof(why), "server %llu is not a member", (unsigned long long)id);
		} else if (rv == RAFT_NOTLEADER) {
			st = RNODE_ENOTLEADER;
			snprintf(why, sizeof(why), "not the leader");
		} else {
			snprintf(why, sizeof(why), "%s", raft_errmsg(&node->raft)[0] ?
				 raft_errmsg(&node->raft) : raft_strerror(rv));
		}
		return refuse(st, cb, arg, why);
	}
	node->change = ch;
	kick(node);
	return 0;
}

int rnode_add(struct rnode *node, uint64_t id, const char *address,
	      rnode_status_cb cb, void *arg)
{
	if (!address || !*address)
		return refuse(RNODE_EINVAL, cb, arg, "a new server needs an address");
	return change_start(node, id, address, cb, arg);
}

int rnode_remove(struct rnode *node, uint64_t id, rnode_status_cb cb, void *arg)
{
	return change_start(node, id, NULL, cb, arg);
}

bool rnode_changing(const struct rnode *node)
{
	return node->change != NULL;
}

void rnode_set_state_cb(struct rnode *node, rnode_state_cb cb, void *arg)
{
	node->state_cb = cb;
	node->state_arg = arg;
	if (cb) {
		node->state_force = true;
		want_deliver(node);
	}
}

bool rnode_is_leader(const struct rnode *node)
{
	return current_role(node) == RNODE_LEADER;
}

enum rnode_role rnode_role(const struct rnode *node)
{
	return current_role(node);
}

uint64_t rnode_leader(struct rnode *node, const char **address)
{
	const char *a = NULL;
	uint64_t id = current_leader(node, &a);

	free(node->leader_addr);
	node->leader_addr = xstrdup(a);
	if (address)
		*address = node->leader_addr;
	return id;
}

uint64_t rnode_term(const struct rnode *node)
{
	return node->raft.current_term;
}

uint64_t rnode_last_applied(const struct rnode *node)
{
	return node->raft.last_applied;
}

uint64_t rnode_id(const struct rnode *node)
{
	return node->id;
}

bool rnode_applied_all(struct rnode *node)
{
	return node->raft.last_applied >= raft_last_index(&node->raft);
}

uint64_t rnode_commit_index(const struct rnode *node)
{
	return node->raft.commit_index;
}

size_t rnode_members(const struct rnode *node, struct rnode_member *out,
		     size_t max)
{
	const struct raft *r = &node->raft;
	const struct raft_configuration *cf = &r->configuration;
	bool leader = current_role(node) == RNODE_LEADER &&
		      r->leader_state.progress;

	for (unsigned i = 0; i < cf->n && i < max; i++) {
		const struct raft_server *sv = &cf->servers[i];
		struct rnode_member *m = &out[i];

		memset(m, 0, sizeof(*m));
		m->id = sv->id;
		snprintf(m->address, sizeof(m->address), "%s",
			 sv->address ? sv->address : "");
		m->voter = sv->role == RAFT_VOTER;
		if (!leader)
			continue;
		m->known = true;
		if (sv->id == r->id) {
			m->reachable = true;
			m->match_index = r->last_stored;
		} else {
			m->reachable = r->leader_state.progress[i].recent_recv ||
				       heard_lately(node, sv->id);
			m->match_index = r->leader_state.progress[i].match_index;
		}
	}
	return cf->n;
}

void rnode_stats(const struct rnode *node, struct rnode_stats *out)
{
	*out = node->stats;
}

void rnode_disk(struct rnode *node, struct rnode_disk *out)
{
	disk_check(node, false);
	*out = node->disk;
}

bool rnode_writable(struct rnode *node)
{
	return disk_check(node, false);
}

int rnode_close(struct rnode *node, rnode_close_cb cb, void *arg)
{
	if (node->closing || node->destroying) {
		err_set("raft node is already shutting down");
		return -1;
	}
	if (node->in_uv) {
		err_set("raft node cannot be closed from inside the state machine");
		return -1;
	}
	node->closing = true;
	node->close_cb = cb;
	node->close_arg = arg;
	/* In-flight requests fail inside raft_close(), before the unsent ones,
	 * so callbacks keep proposal order. */
	close_raft_now(node);
	fail_unsent(node, RNODE_ESHUTDOWN);
	watch_state(node);
	kick(node);
	return 0;
}

void rnode_destroy(struct rnode *node)
{
	if (!node || node->destroying)
		return;
	if (node->delivering || node->in_uv) {
		/* Inside one of our callbacks: finish it first. */
		node->destroy_pending = true;
		want_deliver(node);
		return;
	}
	do_destroy(node);
}

void rnode_set_snapshot_threshold(struct rnode *node, unsigned entries)
{
	raft_set_snapshot_threshold(&node->raft, entries < 16 ? 16 : entries);
}
