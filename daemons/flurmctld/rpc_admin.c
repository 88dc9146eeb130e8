/* rpc_admin.c - the admin socket (admin_socket, a Unix socket of mode 0666)
 * for flurmsh and flurmtop, and optionally the same protocol on TCP
 * (admin_port): the peer's uid comes from SO_PEERCRED, or on TCP from the
 * MUNGE credential of a first WIRE_ADMIN_AUTH frame. Requests are lib/wire
 * admin frames, dispatched through rpc_table[], which says who may call
 * each command and how it runs. Reads are answered here from the model;
 * changes go through the operations of ops_*.c. A follower sends what
 * needs the leader on to it (admin_fwd.c) and the leader takes such
 * ADMIN_FORWARDED requests from other controllers only. Accepting,
 * connection limits, the deadline for a first request and the
 * unauthenticated byte budget are listener.c's; frame caps and idle
 * timeouts are kept here. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/version.h"
#include "core/xalloc.h"
#include "admin_fwd.h"
#include "ctld.h"
#include "net/listener.h"
#include "ops.h"
#include "rights.h"
#include "slurm/auth.h"
#include "wire/admin.h"
#include "wire/wire.h"

#define ADMIN_IDLE_SECS   600          /* a console may sit idle this long */
#define ADMIN_FRAME_SECS  30           /* a started frame must end by then */
#define ADMIN_OUT_HIGH    (4u << 20)   /* stop reading while replies queue */
#define ADMIN_HOLD_POLL_MS 20          /* see hold() */
#define ADMIN_HOLD_POLLS   250         /* 5 s */

/* One client connection; aconn_set() moves it, and tells the listener. */
enum aconn_state {
	AC_READ,      /* waiting for (the rest of) a request: before the
		       * first one within request_timeout, later idle */
	AC_WAIT,      /* a request is with an operation; reading paused */
	AC_SUB,       /* subscribed: events flow out, input is ignored; no
		       * deadline, bounded by event_client_buffer */
	AC_AUTH,      /* admin_port: waiting for the AUTH frame, a stranger
		       * until then */
};

struct apending;
struct ahold;

struct aconn {
	struct ctld *c;
	struct lconn *lc;
	struct bufferevent *bev;
	enum aconn_state state;
	uid_t uid;
	pid_t pid;
	bool is_operator;
	bool served;                /* a whole request arrived: no deadline */
	bool forwarded;             /* speaks for a client of another
				     * controller: uid and is_operator are
				     * that client's (ADMIN_FORWARDED) */
	bool throttled;             /* reading paused: replies not read */
	bool closing;               /* closed once the output is written */
	char peer[112];
	char addr[64];              /* admin_port: "127.0.0.1:40312" */
	struct apending *pending;
	struct ahold *hold;         /* a request waiting for this controller
				     * to serve; see hold() */
	bool hold_over;             /* it waited long enough: answer now */
	struct esub *sub;           /* AC_SUB: the event subscription */
	struct aconn *next;
};

/* A request held by a Raft leader that does not serve yet (its barrier
 * has not committed): a copy, looked at again every ADMIN_HOLD_POLL_MS. */
struct ahold {
	struct aconn *ac;
	struct wire_admin_request rq;
	struct event *ev;
	unsigned polls;
};

/* A request waiting for an operation's commit; ac is NULL once the
 * connection is gone (the operation still completes). */
struct apending {
	struct aconn *ac;
	uint32_t seq;
	struct conf_changes *changes;   /* reload: sent as records, or NULL */
};

/* Returns 0 when REP is the answer now, 1 when the answer comes later
 * (the handler set ac->pending). */
typedef int (*rpc_fn)(struct aconn *ac, const struct wire_admin_request *rq,
		      struct wire_admin_reply *rep);

/* Who may call and how it runs are rights.h's. */
struct rpc {
	uint16_t cmd;
	rpc_fn handler;
	enum rpc_who who;
	enum rpc_how how;
	int target;     /* RPC_OWNER: which argument is the job id */
};

/* ---- who is an operator --------------------------------------------- */

bool admin_is_listed(const struct ctld *c, uid_t uid)
{
	const struct flurmctld_conf *cf = c->conf;
	struct passwd pw, *res = NULL;
	char buf[1024];
	bool users = false;

	if (!cf || !cf->nadmins)
		return false;
	for (size_t i = 0; i < cf->nadmins; i++)
		if (cf->admins[i][0] != '@')
			users = true;
	if (users && getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		for (size_t i = 0; i < cf->nadmins; i++)
			if (!strcmp(cf->admins[i], res->pw_name))
				return true;
	return c->admin_groups && groups_allowed(c, c->admin_groups, uid);
}

/* ---- replies -------------------------------------------------------- */

static void hold_free(struct ahold *h)
{
	if (!h)
		return;
	event_free(h->ev);
	for (uint32_t i = 0; i < h->rq.nargs; i++)
		free(h->rq.args[i]);
	free(h->rq.args);
	free(h);
}

static void aconn_free(struct aconn *ac)
{
	struct ctld *c = ac->c;

	for (struct aconn **pp = &c->aconns; *pp; pp = &(*pp)->next)
		if (*pp == ac) {
			*pp = ac->next;
			break;
		}
	c->naconns--;
	if (ac->pending)
		ac->pending->ac = NULL;
	hold_free(ac->hold);
	events_unsubscribe(ac->sub);
	lconn_close(ac->lc);
	free(ac);
}

/* AC's state, and what the listener makes of it: a deadline for the
 * first request only, then idle (dropped first when a limit is reached)
 * between requests, busy while an operation runs, and a subscriber is
 * never dropped for another connection. */
static void aconn_set(struct aconn *ac, enum aconn_state st)
{
	ac->state = st;
	switch (st) {
	case AC_AUTH:
		lconn_set_state(ac->lc, CL_NEW);
		break;
	case AC_READ:
		lconn_set_state(ac->lc, ac->served ? CL_IDLE : CL_AUTHED);
		break;
	case AC_WAIT:
		lconn_set_state(ac->lc, CL_BUSY);
		break;
	case AC_SUB:
		lconn_set_state(ac->lc, CL_STREAM);
		break;
	}
}

static void send_reply(struct aconn *ac, struct wire_admin_reply *rep)
{
	buf_t *b = wire_frame_begin(WIRE_ADMIN_REPLY);

	wire_pack_admin_reply(b, rep);
	wire_frame_end(b);
	if (buf_len(b) > WIRE_MAX_FRAME) {
		/* cannot happen with today's replies; say so rather than
		 * send what the client would refuse */
		log_err("%s: reply of %zu bytes is too large", ac->peer, buf_len(b));
		buf_free(b);
		b = wire_frame_begin(WIRE_ADMIN_REPLY);
		wire_admin_reply_free(rep);
		rep->rc = ADMIN_EFAIL;
		rep->error = xstrdup("reply too large");
		wire_pack_admin_reply(b, rep);
		wire_frame_end(b);
	}
	bufferevent_write(ac->bev, b->data, buf_len(b));
	buf_free(b);
}

static void set_error(struct wire_admin_reply *rep, uint32_t rc,
		      const char *msg)
{
	rep->rc = rc;
	free(rep->error);
	rep->error = xstrdup(msg ? msg : wire_admin_strerror(rc));
}

static uint32_t op_to_admin(int rc)
{
	switch (rc) {
	case OP_OK: return ADMIN_OK;
	case OP_EINVAL:
	case OP_EHOSTLIST: return ADMIN_EINVAL;
	case OP_EPERM: return ADMIN_EPERM;
	case OP_ENOTLEADER: return ADMIN_ENOTLEADER;
	case OP_ENONODE:
	case OP_ENOPART:
	case OP_ENOJOB: return ADMIN_ENOENT;
	default: return ADMIN_EFAIL;
	}
}

/* ---- read commands -------------------------------------------------- */

static int rpc_ping(struct aconn *ac, const struct wire_admin_request *rq,
		    struct wire_admin_reply *rep)
{
	struct admin_rec *r = wire_admin_rec_new(rep);

	wire_admin_rec_str(r, "version", FLURM_VERSION);
	wire_admin_rec_bool(r, "leader", ac->c->leader);
	wire_admin_rec_int(r, "term", (int64_t)ac->c->term);
	return 0;
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int rpc_status(struct aconn *ac, const struct wire_admin_request *rq,
		      struct wire_admin_reply *rep)
{
	struct ctld *c = ac->c;
	struct state *st = c->st;
	struct admin_rec *r = wire_admin_rec_new(rep);
	time_t now = time(NULL);
	uint32_t jobs[JOB_ST_LAST + 1] = { 0 }, completing = 0;
	static const char *const node_words[] = {
		"idle", "mixed", "allocated", "draining", "drained", "down",
		"down+drain", "unknown", "unknown+drain", "future",
	};
	uint32_t nodes[sizeof(node_words) / sizeof(*node_words)] = { 0 };

	wire_admin_rec_str(r, "version", FLURM_VERSION);
	wire_admin_rec_str(r, "cluster", c->sc->cluster_name);
	wire_admin_rec_int(r, "started", (int64_t)c->started);
	wire_admin_rec_int(r, "uptime", (int64_t)(now - c->started));
	wire_admin_rec_bool(r, "leader", c->leader);
	wire_admin_rec_int(r, "term", (int64_t)c->term);
	wire_admin_rec_int(r, "raft_id", c->conf->raft_id);
	wire_admin_rec_int(r, "leader_since", c->leader ? (int64_t)c->leader_since : 0);
	wire_admin_rec_int(r, "config_version", st->config_version);
	wire_admin_rec_int(r, "jobs_total", st->njobs);
	wire_admin_rec_int(r, "nodes_total", st->nnodes);
	wire_admin_rec_int(r, "partitions_total", st->nparts);
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->state <= JOB_ST_LAST)
			jobs[j->state]++;
		if (j->completing)
			completing++;
	}
	for (int s = JOB_ST_PENDING; s <= JOB_ST_LAST; s++) {
		char *key = xasprintf("jobs.%s", job_state_name((enum job_state)s));

		lower(key);
		wire_admin_rec_int(r, key, jobs[s]);
		free(key);
	}
	wire_admin_rec_int(r, "jobs.completing", completing);
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const char *w = node_state_name(st, &st->nodes[i]);

		for (size_t k = 0; k < sizeof(node_words) / sizeof(*node_words); k++)
			if (!strcmp(w, node_words[k]))
				nodes[k]++;
	}
	for (size_t k = 0; k < sizeof(node_words) / sizeof(*node_words); k++) {
		char *key = xasprintf("nodes.%s", node_words[k]);

		wire_admin_rec_int(r, key, nodes[k]);
		free(key);
	}
	return 0;
}

static char *user_name(uint32_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		return xstrdup(res->pw_name);
	return xasprintf("%u", uid);
}

/* Comma list of the partitions containing node IDX. */
static char *node_parts(const struct state *st, uint32_t idx)
{
	char *s = NULL;

	for (uint32_t p = 0; p < st->nparts; p++) {
		const struct partition *pt = &st->parts[p];

		if (pt->node_bits && idx < bit_size(pt->node_bits) &&
		    bit_test(pt->node_bits, idx))
			xstrfmtcat(&s, "%s%s", s ? "," : "", pt->name);
	}
	return s;
}

void admin_node_record(struct ctld *c, uint32_t idx, struct admin_rec *r)
{
	const struct state *st = c->st;
	const struct node *n = &st->nodes[idx];
	char *parts = node_parts(st, idx);
	bool responding = !(n->flags & NODE_FLAG_NO_RESPOND) &&
			  n->base != NODE_ST_UNKNOWN;

	if (c->leader && c->nsoft && idx < c->nsoft_len)
		responding = responding && c->nsoft[idx].conn;
	wire_admin_rec_str(r, "name", n->name);
	wire_admin_rec_str(r, "state", node_state_name(st, n));
	wire_admin_rec_bool(r, "responding", responding);
	wire_admin_rec_int(r, "cpus", n->cpus);
	wire_admin_rec_int(r, "alloc_cpus", node_cpus_held(n));
	wire_admin_rec_int(r, "memory_mb", (int64_t)n->memory_mb);
	wire_admin_rec_int(r, "alloc_mem_mb", (int64_t)n->alloc_mem_mb);
	wire_admin_rec_int(r, "jobs", n->njobs);
	/* what its flurmnd last reported, on the leader */
	if (c->leader && c->nsoft && idx < c->nsoft_len && c->nsoft[idx].load_known)
		wire_admin_rec_int(r, "load", c->nsoft[idx].load);
	wire_admin_rec_str(r, "partitions", parts);
	wire_admin_rec_str(r, "features", n->features);
	/* what scontrol update set apart, only when set */
	if (n->features_act)
		wire_admin_rec_str(r, "active_features", n->features_act);
	if (n->comment)
		wire_admin_rec_str(r, "comment", n->comment);
	if (n->extra)
		wire_admin_rec_str(r, "extra", n->extra);
	wire_admin_rec_str(r, "gres", n->gres);
	wire_admin_rec_str(r, "addr", n->addr);
	wire_admin_rec_int(r, "weight", n->weight);
	wire_admin_rec_int(r, "boot_time", (int64_t)n->boot_time);
	/* scontrol reboot: its REBOOT_REQUESTED or REBOOT_ISSUED, and what
	 * it becomes once back (nextstate=); sbatch --reboot: "job" */
	if (n->reboot != NODE_REBOOT_NONE) {
		uint32_t next = n->next_state & NODE_NEXT_MASK;

		wire_admin_rec_str(r, "reboot", n->reboot ==
				   NODE_REBOOT_ISSUED ? "issued" :
				   n->reboot == NODE_REBOOT_JOB ? "job" :
				   "requested");
		if (n->reboot != NODE_REBOOT_REQUESTED)
			wire_admin_rec_int(r, "reboot_issued_time",
					   (int64_t)n->boot_req_time);
		if (next != NODE_NEXT_NONE)
			wire_admin_rec_str(r, "next_state",
					   next == NODE_NEXT_DOWN ? "down" :
					   "resume");
	}
	wire_admin_rec_str(r, "reason", n->reason);
	if (n->reason) {
		char *who = user_name(n->reason_uid);

		wire_admin_rec_str(r, "reason_user", who);
		wire_admin_rec_int(r, "reason_time", (int64_t)n->reason_time);
		free(who);
	}
	free(parts);
}

static int rpc_nodes(struct aconn *ac, const struct wire_admin_request *rq,
		     struct wire_admin_reply *rep)
{
	struct state *st = ac->c->st;
	hostlist_t *hl;

	if (rq->nargs == 0) {
		for (uint32_t i = 0; i < st->nnodes; i++)
			admin_node_record(ac->c, i, wire_admin_rec_new(rep));
		return 0;
	}
	if (rq->nargs > 1) {
		set_error(rep, ADMIN_EINVAL, "nodes takes one hostlist");
		return 0;
	}
	hl = hostlist_create(rq->args[0]);
	if (!hl || hostlist_count(hl) == 0) {
		char *msg = xasprintf("malformed hostlist '%s'", rq->args[0]);

		set_error(rep, ADMIN_EINVAL, msg);
		free(msg);
		hostlist_destroy(hl);
		return 0;
	}
	for (size_t i = 0; i < hostlist_count(hl); i++)
		if (state_node_index(st, hostlist_nth(hl, i)) < 0) {
			char *msg = xasprintf("node '%s' does not exist",
					      hostlist_nth(hl, i));

			set_error(rep, ADMIN_ENOENT, msg);
			free(msg);
			hostlist_destroy(hl);
			return 0;
		}
	for (size_t i = 0; i < hostlist_count(hl); i++)
		admin_node_record(ac->c, (uint32_t)state_node_index(st, hostlist_nth(hl, i)),
			    wire_admin_rec_new(rep));
	hostlist_destroy(hl);
	return 0;
}

struct job_filter {
	uint32_t id;               /* 0: any */
	const char *user, *partition;
	int state;                 /* -1: any */
};

/* Parse key=value filters; -1 with REP's error set. */
static int job_filters(const struct wire_admin_request *rq, struct job_filter *f,
		       struct wire_admin_reply *rep)
{
	memset(f, 0, sizeof(*f));
	f->state = -1;
	for (uint32_t i = 0; i < rq->nargs; i++) {
		const char *a = rq->args[i], *eq = strchr(a, '=');
		const char *v = eq ? eq + 1 : "";
		size_t klen = eq ? (size_t)(eq - a) : strlen(a);
		char *msg = NULL;

		if (eq && klen == 2 && !strncmp(a, "id", 2)) {
			char *end;
			unsigned long id = strtoul(v, &end, 10);

			if (!*v || *end || id == 0 || id > 0xfffffffful)
				msg = xasprintf("'%s' is not a job id", v);
			else
				f->id = (uint32_t)id;
		} else if (eq && klen == 4 && !strncmp(a, "user", 4) && *v) {
			f->user = v;
		} else if (eq && klen == 9 && !strncmp(a, "partition", 9) && *v) {
			f->partition = v;
		} else if (eq && klen == 5 && !strncmp(a, "state", 5)) {
			for (int s = JOB_ST_PENDING; s <= JOB_ST_LAST; s++)
				if (!strcasecmp(v, job_state_name((enum job_state)s)))
					f->state = s;
			if (f->state < 0)
				msg = xasprintf("unknown job state '%s'", v);
		} else {
			msg = xasprintf("unknown filter '%s' (id=, user=, "
					"partition=, state=)", a);
		}
		if (msg) {
			set_error(rep, ADMIN_EINVAL, msg);
			free(msg);
			return -1;
		}
	}
	return 0;
}

void admin_job_record(const struct state *st, const struct job *j,
		      struct admin_rec *r)
{
	int code = WIFEXITED(j->exit_status) ? WEXITSTATUS(j->exit_status) : 0;
	int sig = WIFSIGNALED(j->exit_status) ? WTERMSIG(j->exit_status) : 0;
	char *dep = depend_string(st, j, time(NULL));

	/* built for every job event: the keys below are not copied */
	wire_admin_rec_literal_keys(r, 32);
	/* a task waiting in its late array's record shows as the array */
	wire_admin_rec_int(r, "id", state_job_shown_id(j));
	wire_admin_rec_str(r, "name", j->name);
	wire_admin_rec_str(r, "user", j->user);
	wire_admin_rec_int(r, "uid", j->uid);
	wire_admin_rec_str(r, "partition", j->partition);
	wire_admin_rec_str(r, "state", job_state_name(j->state));
	/* sbatch --reboot: running, its nodes rebooting (squeue CF) */
	if (j->configuring && j->state == JOB_ST_RUNNING)
		wire_admin_rec_str(r, "configuring", "yes");
	wire_admin_rec_str(r, "reason", job_reason_name(job_reason_shown(j)));
	/* what is left of it, as squeue -o %E shows it; "" when nothing */
	wire_admin_rec_str(r, "dependency", dep ? dep : "");
	free(dep);
	wire_admin_rec_bool(r, "completing", j->completing);
	wire_admin_rec_str(r, "nodes", j->nodes);
	wire_admin_rec_int(r, "num_nodes", j->node_bits ?
			   (int64_t)bit_count(j->node_bits) : j->min_nodes);
	wire_admin_rec_int(r, "cpus", j->alloc_cpus);
	wire_admin_rec_int(r, "time_limit", j->time_limit == STATE_INFINITE ?
			   -1 : (int64_t)j->time_limit);
	wire_admin_rec_int(r, "priority", j->priority);
	wire_admin_rec_int(r, "submit_time", (int64_t)j->submit_time);
	wire_admin_rec_int(r, "start_time", (int64_t)j->start_time);
	wire_admin_rec_int(r, "end_time", (int64_t)j->end_time);
	wire_admin_rec_int(r, "exit_code", code);
	wire_admin_rec_int(r, "signal", sig);
	wire_admin_rec_int(r, "restarts", j->restarts);
	wire_admin_rec_str(r, "work_dir", j->work_dir);
	wire_admin_rec_str(r, "std_out", j->std_out);
	wire_admin_rec_str(r, "std_err", j->std_err);
	wire_admin_rec_str(r, "account", j->account);
	wire_admin_rec_str(r, "comment", j->comment);
	wire_admin_rec_copied_keys(r);
}

static int rpc_jobs(struct aconn *ac, const struct wire_admin_request *rq,
		    struct wire_admin_reply *rep)
{
	struct state *st = ac->c->st;
	struct job_filter f;

	if (job_filters(rq, &f, rep) < 0)
		return 0;
	if (f.id && !state_job_named(st, f.id)) {
		char *msg = xasprintf("job %u does not exist", f.id);

		set_error(rep, ADMIN_ENOENT, msg);
		free(msg);
		return 0;
	}
	if (f.partition && !state_part(st, f.partition)) {
		char *msg = xasprintf("partition '%s' does not exist", f.partition);

		set_error(rep, ADMIN_ENOENT, msg);
		free(msg);
		return 0;
	}
	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if ((f.id && state_job_shown_id(j) != f.id) ||
		    (f.user && (!j->user || strcmp(j->user, f.user))) ||
		    (f.partition && (!j->partition ||
				     strcmp(j->partition, f.partition))) ||
		    (f.state >= 0 && (int)j->state != f.state))
			continue;
		admin_job_record(st, j, wire_admin_rec_new(rep));
	}
	return 0;
}

static const char *part_state_word(uint32_t s)
{
	switch (s) {
	case PART_STATE_UP: return "UP";
	case PART_STATE_DOWN: return "DOWN";
	case PART_STATE_DRAIN: return "DRAIN";
	case PART_STATE_INACTIVE: return "INACTIVE";
	default: return "UNKNOWN";
	}
}

static int rpc_partitions(struct aconn *ac, const struct wire_admin_request *rq,
			  struct wire_admin_reply *rep)
{
	struct state *st = ac->c->st;

	for (uint32_t p = 0; p < st->nparts; p++) {
		const struct partition *pt = &st->parts[p];
		struct admin_rec *r;
		uint32_t pending = 0, running = 0;

		/* as sinfo without -a: Hidden partitions are for operators */
		if (pt->hidden && !ac->is_operator)
			continue;
		for (uint32_t i = 0; i < st->njobs; i++) {
			const struct job *j = st->jobs[i];

			if (!j->partition || strcmp(j->partition, pt->name))
				continue;
			pending += j->state == JOB_ST_PENDING;
			running += j->state == JOB_ST_RUNNING;
		}
		r = wire_admin_rec_new(rep);
		wire_admin_rec_str(r, "name", pt->name);
		wire_admin_rec_str(r, "state", part_state_word(pt->state));
		wire_admin_rec_bool(r, "default", pt->is_default);
		wire_admin_rec_bool(r, "hidden", pt->hidden);
		wire_admin_rec_str(r, "nodes", pt->nodes);
		wire_admin_rec_int(r, "total_nodes", pt->node_bits ?
				   (int64_t)bit_count(pt->node_bits) : 0);
		wire_admin_rec_int(r, "max_time", pt->max_time == STATE_INFINITE ?
				   -1 : (int64_t)pt->max_time);
		wire_admin_rec_int(r, "default_time",
				   pt->default_time == STATE_NO_VAL ||
				   pt->default_time == STATE_INFINITE ?
				   -1 : (int64_t)pt->default_time);
		wire_admin_rec_int(r, "max_nodes", pt->max_nodes == STATE_INFINITE ?
				   -1 : (int64_t)pt->max_nodes);
		wire_admin_rec_int(r, "min_nodes", pt->min_nodes);
		wire_admin_rec_int(r, "priority_tier", pt->priority_tier);
		wire_admin_rec_str(r, "allow_groups", pt->allow_groups ?
				   pt->allow_groups : "ALL");
		wire_admin_rec_int(r, "jobs_pending", pending);
		wire_admin_rec_int(r, "jobs_running", running);
	}
	return 0;
}

/* "value" or "\"quoted \\\" value\"" as flurmctld_conf_print writes it. */
static char *conf_value(const char *v)
{
	char *out, *o;

	if (*v != '"')
		return xstrdup(v);
	out = o = xstrdup(v);
	for (v++; *v && *v != '"'; v++) {
		if (*v == '\\' && v[1])
			v++;
		*o++ = *v;
	}
	*o = '\0';
	return out;
}

static void config_add(struct wire_admin_reply *rep, const char *want,
		       const char *key, const char *value, const char *source)
{
	struct admin_rec *r;

	if (want && strcasecmp(want, key))
		return;
	r = wire_admin_rec_new(rep);
	wire_admin_rec_str(r, "key", key);
	wire_admin_rec_str(r, "value", value);
	wire_admin_rec_str(r, "source", source);
}

static void config_add_u(struct wire_admin_reply *rep, const char *want,
			 const char *key, unsigned long v, const char *source)
{
	char num[32];

	snprintf(num, sizeof(num), "%lu", v);
	config_add(rep, want, key, num, source);
}

static int rpc_config(struct aconn *ac, const struct wire_admin_request *rq,
		      struct wire_admin_reply *rep)
{
	struct ctld *c = ac->c;
	const struct slurm_conf *sc = c->sc;
	const char *want = rq->nargs ? rq->args[0] : NULL;
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *fp;

	if (rq->nargs > 1) {
		set_error(rep, ADMIN_EINVAL, "config show takes one key");
		return 0;
	}
	/* flurmctld.conf exactly as the daemon holds it */
	fp = open_memstream(&text, &len);
	if (!fp) {
		set_error(rep, ADMIN_EFAIL, "out of memory");
		return 0;
	}
	flurmctld_conf_print(c->conf, fp);
	fclose(fp);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strstr(line, " = "), *v;

		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		v = conf_value(eq + 3);
		config_add(rep, want, line, v, "flurmctld.conf");
		free(v);
	}
	free(text);
	/* the slurm.conf settings FLURM acts on */
	config_add(rep, want, "SlurmConf", sc->path, "slurm.conf");
	config_add(rep, want, "ClusterName", sc->cluster_name, "slurm.conf");
	config_add_u(rep, want, "SlurmctldPort", sc->slurmctld_port, "slurm.conf");
	config_add(rep, want, "SlurmUser", sc->slurm_user, "slurm.conf");
	config_add(rep, want, "SchedulerType", sc->scheduler_type, "slurm.conf");
	config_add_u(rep, want, "MinJobAge", sc->min_job_age, "slurm.conf");
	config_add_u(rep, want, "KillWait", sc->kill_wait, "slurm.conf");
	config_add_u(rep, want, "SlurmdTimeout", sc->slurmd_timeout, "slurm.conf");
	config_add_u(rep, want, "MessageTimeout", sc->message_timeout, "slurm.conf");
	config_add_u(rep, want, "ReturnToService", sc->return_to_service, "slurm.conf");
	config_add(rep, want, "Prolog", sc->prolog, "slurm.conf");
	config_add(rep, want, "Epilog", sc->epilog, "slurm.conf");
	config_add_u(rep, want, "NodeCount", sc->n_nodes, "slurm.conf");
	config_add_u(rep, want, "PartitionCount", sc->n_parts, "slurm.conf");
	if (want && rep->nrecs == 0) {
		char *msg = xasprintf("no setting '%s' (try 'config show')", want);

		set_error(rep, ADMIN_ENOENT, msg);
		free(msg);
	}
	return 0;
}

static int rpc_metrics(struct aconn *ac, const struct wire_admin_request *rq,
		       struct wire_admin_reply *rep)
{
	rep->text = http_metrics_text(ac->c);
	return 0;
}

/* ---- changes -------------------------------------------------------- */

static void aconn_resume(struct aconn *ac);

static void changes_to_records(const struct conf_changes *d,
			       struct wire_admin_reply *rep)
{
	for (size_t i = 0; i < d->n; i++) {
		struct admin_rec *r = wire_admin_rec_new(rep);
		char *t = conf_change_text(&d->v[i]);

		wire_admin_rec_str(r, "kind", d->v[i].kind);
		wire_admin_rec_str(r, "name", d->v[i].name);
		wire_admin_rec_str(r, "change", d->v[i].change);
		wire_admin_rec_bool(r, "refused", d->v[i].refused);
		wire_admin_rec_str(r, "text", t);
		free(t);
	}
}


static void op_done(void *arg, int rc, const char *msg)
{
	struct apending *p = arg;
	struct aconn *ac = p->ac;

	if (ac) {
		struct wire_admin_reply rep;

		memset(&rep, 0, sizeof(rep));
		if (p->changes && rc == OP_OK)
			changes_to_records(p->changes, &rep);
		rep.seq = p->seq;
		if (rc != OP_OK)
			set_error(&rep, op_to_admin(rc), msg);
		ac->pending = NULL;
		send_reply(ac, &rep);
		wire_admin_reply_free(&rep);
		aconn_set(ac, AC_READ);
		aconn_resume(ac);
	}
	if (p->changes) {
		conf_changes_free(p->changes);
		free(p->changes);
	}
	free(p);
}

/* Who asks over AC, for an operation's context. */
static void ctx_of(struct aconn *ac, struct op_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->uid = ac->uid;
	ctx->is_operator = ac->is_operator;
	ctx->peer = ac->peer;
}

/* Set CTX up for an operation whose answer AC waits for (op_done), and
 * make AC wait; op_started() takes the op_*() call's return. */
static struct apending *op_begin(struct aconn *ac,
				 const struct wire_admin_request *rq,
				 struct op_ctx *ctx)
{
	struct apending *p = xcalloc(1, sizeof(*p));

	ctx_of(ac, ctx);
	ctx->done = op_done;
	ctx->arg = p;
	p->ac = ac;
	p->seq = rq->seq;
	ac->pending = p;
	aconn_set(ac, AC_WAIT);
	return p;
}

/* RC from the op_*() call that op_begin() set up: 1 when the answer
 * follows the commit, or 0 with the refusal in REP (DONE was not
 * called, so P is ours to free). */
static int op_started(struct aconn *ac, struct apending *p,
		      struct wire_admin_reply *rep, int rc)
{
	if (rc == 0)
		return 1;
	ac->pending = NULL;
	aconn_set(ac, AC_READ);
	if (p->changes) {
		conf_changes_free(p->changes);
		free(p->changes);
	}
	free(p);
	set_error(rep, op_to_admin(rc), err_msg());
	return 0;
}

/* node_update reboot HOSTLIST [REASON [asap] [next=resume|down]]: the
 * operation of scontrol reboot. Refused without RebootProgram, in the
 * words scontrol uses when its slurm.conf has none. */
static int node_reboot(struct aconn *ac, const struct wire_admin_request *rq,
		       struct wire_admin_reply *rep)
{
	const struct slurm_conf_kv *kv;
	struct reboot_req nr;
	struct op_ctx ctx;
	struct apending *p;
	int rc;

	memset(&nr, 0, sizeof(nr));
	if (rq->nargs < 2 || rq->nargs > 5) {
		set_error(rep, ADMIN_EINVAL, "node_update reboot takes HOSTLIST "
			  "[REASON [asap] [next=resume|down]]");
		return 0;
	}
	nr.names = rq->args[1];
	nr.reason = rq->nargs > 2 && rq->args[2][0] ? rq->args[2] : NULL;
	for (uint32_t i = 3; i < rq->nargs; i++) {
		if (!strcmp(rq->args[i], "asap")) {
			nr.flags |= NODE_REBOOT_F_ASAP;
		} else if (!strcmp(rq->args[i], "next=resume")) {
			nr.next = NODE_NEXT_RESUME;
		} else if (!strcmp(rq->args[i], "next=down")) {
			nr.next = NODE_NEXT_DOWN;
		} else {
			char *msg = xasprintf("unknown reboot option '%s'",
					      rq->args[i]);

			set_error(rep, ADMIN_EINVAL, msg);
			free(msg);
			return 0;
		}
	}
	kv = slurm_conf_find_unknown(ac->c->sc, "RebootProgram");
	if (!kv || !kv->value || !*kv->value) {
		set_error(rep, ADMIN_EINVAL, "RebootProgram isn't defined");
		return 0;
	}
	p = op_begin(ac, rq, &ctx);
	rc = op_node_reboot(ac->c, &ctx, &nr);
	return op_started(ac, p, rep, rc);
}

/* node_update OP HOSTLIST [REASON]; OP cancel_reboot takes no REASON */
static int rpc_node_update(struct aconn *ac, const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep)
{
	static const struct { const char *word; int op; } ops[] = {
		{ "drain", NODE_UPD_DRAIN },
		{ "resume", NODE_UPD_RESUME },
		{ "down", NODE_UPD_DOWN },
		{ "undrain", NODE_UPD_UNDRAIN },
	};
	struct node_update nu;
	struct op_ctx ctx;
	struct apending *p;
	int rc;

	memset(&nu, 0, sizeof(nu));
	if (rq->nargs >= 1 && !strcmp(rq->args[0], "reboot"))
		return node_reboot(ac, rq, rep);
	if (rq->nargs >= 1 && !strcmp(rq->args[0], "cancel_reboot")) {
		if (rq->nargs != 2) {
			set_error(rep, ADMIN_EINVAL,
				  "node_update cancel_reboot takes HOSTLIST");
			return 0;
		}
		nu.op = NODE_UPD_REBOOT_CANCEL;
	} else if (rq->nargs < 2 || rq->nargs > 3) {
		set_error(rep, ADMIN_EINVAL, "node_update takes OP HOSTLIST [REASON]");
		return 0;
	}
	for (size_t i = 0; !nu.op && i < sizeof(ops) / sizeof(*ops); i++)
		if (!strcmp(rq->args[0], ops[i].word))
			nu.op = ops[i].op;
	if (!nu.op) {
		char *msg = xasprintf("unknown node state change '%s'", rq->args[0]);

		set_error(rep, ADMIN_EINVAL, msg);
		free(msg);
		return 0;
	}
	nu.names = rq->args[1];
	nu.reason = rq->nargs > 2 ? rq->args[2] : NULL;
	p = op_begin(ac, rq, &ctx);
	rc = op_node_update(ac->c, &ctx, &nu);
	return op_started(ac, p, rep, rc);
}

/* The job id in argument I; 0 when it is not one. */
static uint32_t arg_job_id(const struct wire_admin_request *rq, int i)
{
	char *end;
	unsigned long id;

	if (i < 0 || (uint32_t)i >= rq->nargs || !rq->args[i][0])
		return 0;
	id = strtoul(rq->args[i], &end, 10);
	return *end || id > 0xfffffffful ? 0 : (uint32_t)id;
}

/* Hand a job operation its context; 1 when it will answer later. */
static int run_job_op(struct aconn *ac, const struct wire_admin_request *rq,
		      struct wire_admin_reply *rep, uint32_t id, int kind)
{
	struct op_ctx ctx;
	struct apending *p;
	int rc;

	p = op_begin(ac, rq, &ctx);
	rc = kind == 0 ? op_job_cancel(ac->c, &ctx, id)
	   : kind == 3 ? op_job_set(ac->c, &ctx, id, rq->args + 1)
	   : kind >= 100 ? op_job_signal(ac->c, &ctx, id, (uint32_t)(kind - 100), 0)
	   : op_job_hold(ac->c, &ctx, id, kind == 1);
	return op_started(ac, p, rep, rc);
}

/* job_cancel ID */
static int rpc_job_cancel(struct aconn *ac, const struct wire_admin_request *rq,
			  struct wire_admin_reply *rep)
{
	if (rq->nargs != 1) {
		set_error(rep, ADMIN_EINVAL, "job_cancel takes one job id");
		return 0;
	}
	return run_job_op(ac, rq, rep, arg_job_id(rq, 0), 0);
}

/* The signal WORD names (HUP, SIGUSR1, usr1 or a number), 0 if none. */
static int signal_number(const char *word)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
		{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
		{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CONT", SIGCONT },
		{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "URG", SIGURG },
		{ "XCPU", SIGXCPU }, { "WINCH", SIGWINCH },
	};
	char *end;
	long n;

	if (!strncasecmp(word, "SIG", 3))
		word += 3;
	n = strtol(word, &end, 10);
	if (*word && !*end)
		return n > 0 && n < 65 ? (int)n : 0;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		if (!strcasecmp(word, sigs[i].name))
			return sigs[i].sig;
	return 0;
}

/* job_signal ID SIGNAL: to every process of the job (the batch script,
 * what it started, its steps on every node) */
static int rpc_job_signal(struct aconn *ac, const struct wire_admin_request *rq,
			  struct wire_admin_reply *rep)
{
	int sig;

	if (rq->nargs != 2) {
		set_error(rep, ADMIN_EINVAL, "job_signal takes a job id and a signal");
		return 0;
	}
	sig = signal_number(rq->args[1]);
	if (!sig) {
		char *msg = xasprintf("unknown signal '%s' (a name such as USR1 or "
				      "a number from 1 to 64)", rq->args[1]);

		set_error(rep, ADMIN_EINVAL, msg);
		free(msg);
		return 0;
	}
	return run_job_op(ac, rq, rep, arg_job_id(rq, 0), 100 + sig);
}

/* job_hold hold|release ID */
static int rpc_job_hold(struct aconn *ac, const struct wire_admin_request *rq,
			struct wire_admin_reply *rep)
{
	bool hold;

	if (rq->nargs != 2 || (strcmp(rq->args[0], "hold") &&
			       strcmp(rq->args[0], "release"))) {
		set_error(rep, ADMIN_EINVAL, "job_hold takes hold|release and a job id");
		return 0;
	}
	hold = !strcmp(rq->args[0], "hold");
	return run_job_op(ac, rq, rep, arg_job_id(rq, 1), hold ? 1 : 2);
}

/* job_control requeue|requeuehold|suspend|resume ID: the operations of
 * scontrol's commands of those names (ops_job.c decides who may) */
static int rpc_job_control(struct aconn *ac, const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep)
{
	static const char *const ops[] = {
		"requeue", "requeuehold", "suspend", "resume", NULL,
	};
	struct op_ctx ctx;
	struct apending *p;
	uint32_t id;
	int k = 0, rc;

	while (rq->nargs == 2 && ops[k] && strcmp(rq->args[0], ops[k]))
		k++;
	if (rq->nargs != 2 || !ops[k]) {
		set_error(rep, ADMIN_EINVAL, "job_control takes requeue, "
			  "requeuehold, suspend or resume and a job id");
		return 0;
	}
	id = arg_job_id(rq, 1);
	p = op_begin(ac, rq, &ctx);
	rc = k < 2 ? op_job_requeue(ac->c, &ctx, id, k == 1)
		   : op_job_suspend(ac->c, &ctx, id, k == 2);
	return op_started(ac, p, rep, rc);
}

/* ---- configuration ------------------------------------------------- */

static bool conf_path_ok(const struct wire_admin_request *rq,
			 struct wire_admin_reply *rep)
{
	if (rq->nargs > 1) {
		set_error(rep, ADMIN_EINVAL, "takes at most one file name");
		return false;
	}
	if (rq->nargs == 1 && rq->args[0][0] != '/') {
		set_error(rep, ADMIN_EINVAL, "the file name must be absolute");
		return false;
	}
	return true;
}

/* config_diff [FILE] */
static int rpc_config_diff(struct aconn *ac, const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep)
{
	struct conf_changes d;

	if (!conf_path_ok(rq, rep))
		return 0;
	/* the controller reads any file it can; its errors quote lines */
	if (rq->nargs == 1 && !ac->is_operator) {
		set_error(rep, ADMIN_EPERM, "permission denied: only operators "
			  "may compare another file");
		return 0;
	}
	if (op_conf_diff(ac->c, rq->nargs ? rq->args[0] : NULL, &d) != 0) {
		set_error(rep, ADMIN_EINVAL, err_msg());
		return 0;
	}
	changes_to_records(&d, rep);
	conf_changes_free(&d);
	return 0;
}

/* reload [FILE] */
static int rpc_reload(struct aconn *ac, const struct wire_admin_request *rq,
		      struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	struct apending *p;
	int rc;

	if (!conf_path_ok(rq, rep))
		return 0;
	p = op_begin(ac, rq, &ctx);
	p->changes = xcalloc(1, sizeof(*p->changes));
	/* op_reconfigure lists the changes in p->changes before DONE runs */
	rc = op_reconfigure(ac->c, &ctx, rq->nargs ? rq->args[0] : NULL,
			    p->changes);
	return op_started(ac, p, rep, rc);
}

/* partition_update set|create NAME KEY=VALUE..., delete NAME */
static int rpc_part_update(struct aconn *ac, const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep)
{
	struct part_update u;
	struct op_ctx ctx;
	struct apending *p;
	const char *verb = rq->nargs ? rq->args[0] : "";
	bool del = !strcmp(verb, "delete");
	int rc;

	memset(&u, 0, sizeof(u));
	if (rq->nargs < 2 || (!del && strcmp(verb, "set") && strcmp(verb, "create")) ||
	    (del && rq->nargs != 2)) {
		set_error(rep, ADMIN_EINVAL, "partition_update takes set|create NAME "
			  "KEY=VALUE..., or delete NAME");
		return 0;
	}
	u.create = !strcmp(verb, "create");
	if (u.create)
		op_part_defaults(&u);
	u.spec.name = rq->args[1];
	if (!del && op_part_parse(&u, rq->args + 2, rq->nargs - 2) < 0) {
		set_error(rep, ADMIN_EINVAL, err_msg());
		return 0;
	}
	p = op_begin(ac, rq, &ctx);
	rc = del ? op_part_delete(ac->c, &ctx, rq->args[1])
		 : op_part_update(ac->c, &ctx, &u);
	return op_started(ac, p, rep, rc);
}

/* job_update ID key=value... */
static int rpc_job_update(struct aconn *ac, const struct wire_admin_request *rq,
			  struct wire_admin_reply *rep)
{
	if (rq->nargs < 2) {
		set_error(rep, ADMIN_EINVAL, "job_update takes a job id and key=value");
		return 0;
	}
	return run_job_op(ac, rq, rep, arg_job_id(rq, 0), 3);
}

/* Longest a removal may wait for the node's jobs before it answers. */
#define NODE_REMOVE_MAX_WAIT 3600
#define NODE_REMOVE_DEFAULT_WAIT 20

/* Hand a node operation its context (as run_job_op); KIND 0 add, 1
 * remove. */
static int run_node_op(struct aconn *ac, const struct wire_admin_request *rq,
		       struct wire_admin_reply *rep, int kind,
		       const struct node_add *na, bool force, uint32_t wait)
{
	struct op_ctx ctx;
	struct apending *p;
	int rc;

	p = op_begin(ac, rq, &ctx);
	rc = kind == 0 ? op_node_add(ac->c, &ctx, na)
		       : op_node_remove(ac->c, &ctx, rq->args[0], force, wait);
	return op_started(ac, p, rep, rc);
}

/* A u64 in V (no sign, no junk); -1 when V is not one. */
static int parse_u64(const char *v, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (!*v || *v == '-' || *end || errno || n > max)
		return -1;
	*out = n;
	return 0;
}

/* node_add NAME cpus=N mem=MB [features=..] [partitions=..] */
static int rpc_node_add(struct aconn *ac, const struct wire_admin_request *rq,
			struct wire_admin_reply *rep)
{
	struct node_add na;
	bool have_cpus = false, have_mem = false;
	char *msg = NULL;

	memset(&na, 0, sizeof(na));
	if (rq->nargs < 1) {
		set_error(rep, ADMIN_EINVAL, "node_add takes NAME cpus=N mem=MB");
		return 0;
	}
	na.name = rq->args[0];
	for (uint32_t i = 1; i < rq->nargs && !msg; i++) {
		const char *a = rq->args[i], *v = strchr(a, '=');
		uint64_t n;

		v = v ? v + 1 : "";
		if (!strncmp(a, "cpus=", 5)) {
			if (parse_u64(v, 1u << 20, &n) < 0 || n == 0)
				msg = xasprintf("cpus '%s' is not a CPU count", v);
			na.cpus = (uint32_t)n;
			have_cpus = true;
		} else if (!strncmp(a, "mem=", 4)) {
			if (parse_u64(v, 1ull << 40, &n) < 0)
				msg = xasprintf("mem '%s' is not a size in MB", v);
			na.memory_mb = n;
			have_mem = true;
		} else if (!strncmp(a, "features=", 9) && *v) {
			na.features = v;
		} else if (!strncmp(a, "partitions=", 11) && *v) {
			na.partitions = v;
		} else {
			msg = xasprintf("unknown node setting '%s' (cpus=, mem=, "
					"features=, partitions=)", a);
		}
	}
	if (!msg && (!have_cpus || !have_mem))
		msg = xasprintf("node add needs cpus=N and mem=MB");
	if (msg) {
		set_error(rep, ADMIN_EINVAL, msg);
		free(msg);
		return 0;
	}
	return run_node_op(ac, rq, rep, 0, &na, false, 0);
}

/* node_remove NAME [force | timeout=S] */
static int rpc_node_remove(struct aconn *ac, const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep)
{
	uint64_t wait = NODE_REMOVE_DEFAULT_WAIT;
	bool force = false;

	if (rq->nargs < 1 || rq->nargs > 2) {
		set_error(rep, ADMIN_EINVAL, "node_remove takes NAME [force|timeout=S]");
		return 0;
	}
	if (rq->nargs == 2) {
		const char *a = rq->args[1];

		if (!strcmp(a, "force")) {
			force = true;
		} else if (strncmp(a, "timeout=", 8) ||
			   parse_u64(a + 8, NODE_REMOVE_MAX_WAIT, &wait) < 0) {
			char *msg = xasprintf("'%s' is neither force nor timeout=S "
					      "(S at most %u)", a,
					      NODE_REMOVE_MAX_WAIT);

			set_error(rep, ADMIN_EINVAL, msg);
			free(msg);
			return 0;
		}
	}
	return run_node_op(ac, rq, rep, 1, NULL, force, (uint32_t)wait);
}

/* nodes_sync */
static int rpc_nodes_sync(struct aconn *ac, const struct wire_admin_request *rq,
			  struct wire_admin_reply *rep)
{
	struct nodes_sync ns;
	struct op_ctx ctx;
	int rc;

	if (rq->nargs) {
		set_error(rep, ADMIN_EINVAL, "nodes_sync takes no arguments");
		return 0;
	}
	ctx_of(ac, &ctx);
	rc = op_nodes_sync(ac->c, &ctx, &ns);
	if (rc != OP_OK) {
		set_error(rep, op_to_admin(rc), err_msg());
		return 0;
	}
	for (size_t i = 0; i < ns.nadded; i++) {
		struct admin_rec *r = wire_admin_rec_new(rep);

		wire_admin_rec_str(r, "node", ns.added[i]);
		wire_admin_rec_str(r, "change", "add");
	}
	for (size_t i = 0; i < ns.nremoved; i++) {
		struct admin_rec *r = wire_admin_rec_new(rep);

		wire_admin_rec_str(r, "node", ns.removed[i]);
		wire_admin_rec_str(r, "change", "remove");
	}
	nodes_sync_free(&ns);
	return 0;
}

/* ---- scheduler and log level ---------------------------------------- */

static int rpc_sched_stats(struct aconn *ac, const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep)
{
	struct ctld *c = ac->c;
	const struct state *st = c->st;
	struct admin_rec *r = wire_admin_rec_new(rep);
	uint32_t pending = 0, running = 0, held = 0;

	for (uint32_t i = 0; i < st->njobs; i++) {
		const struct job *j = st->jobs[i];

		if (j->state == JOB_ST_PENDING) {
			pending++;
			held += j->priority == 0;
		} else if (j->state == JOB_ST_RUNNING) {
			running++;
		}
	}
	wire_admin_rec_int(r, "cycles", (int64_t)c->sched_cycles);
	/* microseconds: records carry integers, and a cycle is often
	 * well under a millisecond */
	wire_admin_rec_int(r, "last_cycle_us", (int64_t)(c->sched_last_ms * 1000.0));
	wire_admin_rec_int(r, "pending", pending);
	wire_admin_rec_int(r, "held", held);
	wire_admin_rec_int(r, "running", running);
	wire_admin_rec_int(r, "starts_in_flight", c->starts_in_flight);
	wire_admin_rec_bool(r, "cycle_queued", c->sched_pending || c->sched_deferred);
	return 0;
}

static int rpc_sched_run(struct aconn *ac, const struct wire_admin_request *rq,
			 struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	int rc;

	if (rq->nargs) {
		set_error(rep, ADMIN_EINVAL, "sched_run takes no arguments");
		return 0;
	}
	ctx_of(ac, &ctx);
	rc = op_sched_run(ac->c, &ctx);
	if (rc != OP_OK)
		set_error(rep, op_to_admin(rc), err_msg());
	return 0;
}

static int rpc_shutdown(struct aconn *ac, const struct wire_admin_request *rq,
			struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	int rc;

	if (rq->nargs) {
		set_error(rep, ADMIN_EINVAL, "shutdown takes no arguments");
		return 0;
	}
	ctx_of(ac, &ctx);
	rc = op_shutdown(ac->c, &ctx);
	if (rc != OP_OK)
		set_error(rep, op_to_admin(rc), err_msg());
	return 0;
}

/* log_level [LEVEL]: the level now (after the change) */
static int rpc_log_level(struct aconn *ac, const struct wire_admin_request *rq,
			 struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	enum log_level level;
	int rc;

	if (rq->nargs > 1) {
		set_error(rep, ADMIN_EINVAL, "log_level takes at most one level");
		return 0;
	}
	if (rq->nargs == 1) {
		if (op_log_level_parse(rq->args[0], &level) < 0) {
			set_error(rep, ADMIN_EINVAL, err_msg());
			return 0;
		}
		ctx_of(ac, &ctx);
		rc = op_log_level(ac->c, &ctx, level);
		if (rc != OP_OK) {
			set_error(rep, op_to_admin(rc), err_msg());
			return 0;
		}
	}
	wire_admin_rec_str(wire_admin_rec_new(rep), "level",
			   conf_log_level_name(log_get_level()));
	return 0;
}

/* ---- event stream --------------------------------------------------- */

static void set_deadline(struct aconn *ac, bool partial);

static void sub_drop(void *arg)
{
	struct aconn *ac = arg;

	log_info("%s: dropped: event subscriber", ac->peer);
	aconn_free(ac);
}

/* subscribe topics=LIST [since=EPOCH:SEQ] [metrics=SECS] */
static int rpc_subscribe(struct aconn *ac, const struct wire_admin_request *rq,
			 struct wire_admin_reply *rep)
{
	struct events_req er;
	const char *topics = NULL;
	struct esub *sub;

	memset(&er, 0, sizeof(er));
	for (uint32_t i = 0; i < rq->nargs; i++) {
		const char *a = rq->args[i];
		char *end;
		unsigned long v;

		if (!strncmp(a, "topics=", 7)) {
			topics = a + 7;
		} else if (!strncmp(a, "since=", 6)) {
			er.since = a + 6;
		} else if (!strncmp(a, "metrics=", 8)) {
			v = strtoul(a + 8, &end, 10);
			if (end == a + 8 || *end || v < 1 || v > 3600) {
				set_error(rep, ADMIN_EINVAL, "metrics= takes "
					  "seconds from 1 to 3600");
				return 0;
			}
			er.metrics_secs = (uint32_t)v;
		} else {
			char *msg = xasprintf("subscribe: unknown argument '%s' "
					      "(topics=, since=, metrics=)", a);

			set_error(rep, ADMIN_EINVAL, msg);
			free(msg);
			return 0;
		}
	}
	if (wire_admin_topics_parse(topics, &er.topics) < 0) {
		set_error(rep, ADMIN_EINVAL, err_msg());
		return 0;
	}
	if ((er.topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_METRICS)) && !er.metrics_secs)
		er.metrics_secs = 5;
	er.bev = ac->bev;
	er.is_operator = ac->is_operator;
	er.drop = sub_drop;
	er.arg = ac;
	sub = events_subscribe(ac->c, &er, rep);
	if (!sub) {
		set_error(rep, ADMIN_EINVAL, err_msg());
		return 0;
	}
	ac->sub = sub;
	aconn_set(ac, AC_SUB);
	set_deadline(ac, false);        /* no idle timeout from now on */
	send_reply(ac, rep);
	/* events_drained() when the client has read most of it */
	bufferevent_setwatermark(ac->bev, EV_WRITE,
				 ((size_t)ac->c->conf->event_client_buffer << 10) / 4, 0);
	events_start(sub);
	return 1;
}

/* ---- the controllers (high availability) ----------------------------- */

/* cluster_status: this controller's view of the Raft cluster. */
static int rpc_cluster_status(struct aconn *ac,
			      const struct wire_admin_request *rq,
			      struct wire_admin_reply *rep)
{
	struct ctld *c = ac->c;
	struct admin_rec *r = wire_admin_rec_new(rep);
	struct rnode_member m[16];
	const char *laddr = NULL;
	uint64_t self = rnode_id(c->raft);
	uint64_t lid = rnode_leader(c->raft, &laddr);
	size_t n = rnode_members(c->raft, m, 16);

	wire_admin_rec_str(r, "cluster", c->sc->cluster_name);
	wire_admin_rec_int(r, "id", (int64_t)self);
	wire_admin_rec_str(r, "role", rnode_role_name(rnode_role(c->raft)));
	wire_admin_rec_bool(r, "serving", c->leader);
	wire_admin_rec_int(r, "leader", (int64_t)lid);
	wire_admin_rec_str(r, "leader_address", laddr ? laddr : "");
	wire_admin_rec_int(r, "term", (int64_t)rnode_term(c->raft));
	wire_admin_rec_int(r, "commit_index", (int64_t)rnode_commit_index(c->raft));
	wire_admin_rec_int(r, "applied_index", (int64_t)rnode_last_applied(c->raft));
	if (n > 16)
		n = 16;
	for (size_t i = 0; i < n; i++) {
		const char *state;

		r = wire_admin_rec_new(rep);
		if (m[i].id == lid)
			state = "leader";
		else if (m[i].known)
			state = m[i].reachable ? "follower" : "unreachable";
		else if (m[i].id == self)
			state = rnode_role_name(rnode_role(c->raft));
		else
			state = "follower";
		wire_admin_rec_int(r, "member", (int64_t)m[i].id);
		wire_admin_rec_str(r, "address", m[i].address);
		wire_admin_rec_bool(r, "voter", m[i].voter);
		wire_admin_rec_str(r, "state", state);
		if (m[i].known)
			wire_admin_rec_int(r, "match_index",
					   (int64_t)m[i].match_index);
	}
	return 0;
}

/* cluster_transfer [ID] */
static int rpc_cluster_transfer(struct aconn *ac,
				const struct wire_admin_request *rq,
				struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	struct apending *p;
	uint64_t id = 0;
	int rc;

	if (rq->nargs > 1) {
		set_error(rep, ADMIN_EINVAL, "cluster_transfer takes [ID]");
		return 0;
	}
	if (rq->nargs == 1) {
		char *end;
		unsigned long v = strtoul(rq->args[0], &end, 10);

		if (!rq->args[0][0] || *end || v == 0 || v > 255) {
			set_error(rep, ADMIN_EINVAL, "a controller id is 1..255");
			return 0;
		}
		id = v;
	}
	p = op_begin(ac, rq, &ctx);
	rc = op_cluster_transfer(ac->c, &ctx, id);
	return op_started(ac, p, rep, rc);
}

/* A controller id argument: 1..255, or 0 with REP's error set. */
static uint64_t arg_ctl_id(const char *a, struct wire_admin_reply *rep)
{
	char *end;
	unsigned long v = strtoul(a, &end, 10);

	if (!a[0] || *end || v == 0 || v > 255) {
		set_error(rep, ADMIN_EINVAL, "a controller id is 1..255");
		return 0;
	}
	return v;
}

/* cluster_join ID ADDRESS */
static int rpc_cluster_join(struct aconn *ac, const struct wire_admin_request *rq,
			    struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	struct apending *p;
	uint64_t id;

	if (rq->nargs != 2) {
		set_error(rep, ADMIN_EINVAL, "cluster_join takes ID HOST:PORT");
		return 0;
	}
	id = arg_ctl_id(rq->args[0], rep);
	if (!id)
		return 0;
	p = op_begin(ac, rq, &ctx);
	return op_started(ac, p, rep, op_cluster_join(ac->c, &ctx, id,
						      rq->args[1]));
}

/* cluster_remove ID */
static int rpc_cluster_remove(struct aconn *ac,
			      const struct wire_admin_request *rq,
			      struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	struct apending *p;
	uint64_t id;

	if (rq->nargs != 1) {
		set_error(rep, ADMIN_EINVAL, "cluster_remove takes ID");
		return 0;
	}
	id = arg_ctl_id(rq->args[0], rep);
	if (!id)
		return 0;
	p = op_begin(ac, rq, &ctx);
	return op_started(ac, p, rep, op_cluster_remove(ac->c, &ctx, id));
}

/* cluster_leave: this controller, whether it leads or not */
static int rpc_cluster_leave(struct aconn *ac,
			     const struct wire_admin_request *rq,
			     struct wire_admin_reply *rep)
{
	struct op_ctx ctx;
	struct apending *p;

	if (rq->nargs) {
		set_error(rep, ADMIN_EINVAL, "cluster_leave takes no arguments");
		return 0;
	}
	if (ac->forwarded) {
		set_error(rep, ADMIN_EINVAL, "cluster_leave is run on the "
			  "controller that leaves");
		return 0;
	}
	p = op_begin(ac, rq, &ctx);
	return op_started(ac, p, rep, op_cluster_leave(ac->c, &ctx));
}

static void dispatch(struct aconn *ac, const struct wire_admin_request *rq);

/* Only another controller may forward: it speaks for the client whose
 * rights it checked (the rule of the Slurm port's envelope). */
static bool is_controller_uid(const struct ctld *c, uid_t uid)
{
	return uid == 0 || uid == c->slurm_uid || uid == geteuid();
}

/* forwarded UID OPERATOR CMD [ARGS...]: from here on this connection
 * speaks for that client, and CMD is answered as if it had asked. */
static int rpc_forwarded(struct aconn *ac, const struct wire_admin_request *rq,
			 struct wire_admin_reply *rep)
{
	struct wire_admin_request in;
	unsigned long uid, op, cmd;
	char *e1, *e2, *e3;

	if (ac->forwarded || !is_controller_uid(ac->c, ac->uid)) {
		log_warn("%s: forwarded request refused: only controllers "
			 "forward", ac->peer);
		set_error(rep, ADMIN_EPERM, "permission denied: only another "
			  "controller may forward requests");
		return 0;
	}
	if (rq->nargs < 3) {
		set_error(rep, ADMIN_EINVAL, "forwarded takes UID OPERATOR CMD [ARGS]");
		return 0;
	}
	uid = strtoul(rq->args[0], &e1, 10);
	op = strtoul(rq->args[1], &e2, 10);
	cmd = strtoul(rq->args[2], &e3, 10);
	if (!rq->args[0][0] || *e1 || uid > UINT32_MAX - 1 || !rq->args[1][0] ||
	    *e2 || op > 1 || !rq->args[2][0] || *e3 || cmd == ADMIN_FORWARDED ||
	    cmd >= ADMIN_CMD_MAX) {
		set_error(rep, ADMIN_EINVAL, "bad forwarded request");
		return 0;
	}
	ac->forwarded = true;
	ac->uid = (uid_t)uid;
	ac->is_operator = op == 1;
	snprintf(ac->peer + strlen(ac->peer), sizeof(ac->peer) - strlen(ac->peer),
		 " for uid %lu", uid);
	memset(&in, 0, sizeof(in));
	in.seq = rq->seq;
	in.cmd = (uint16_t)cmd;
	in.args = rq->nargs > 3 ? rq->args + 3 : NULL;
	in.nargs = rq->nargs - 3;
	log_debug("%s: forwarded %s", ac->peer, wire_admin_cmd_name(in.cmd));
	dispatch(ac, &in);
	return 1;
}

/* The leader's answer to a request this follower forwarded. */
static void forwarded_answer(void *arg, struct wire_admin_reply *rep)
{
	struct apending *p = arg;
	struct aconn *ac = p->ac;

	if (ac) {
		rep->seq = p->seq;
		ac->pending = NULL;
		send_reply(ac, rep);
		ac->state = AC_READ;
		aconn_resume(ac);
	}
	free(p);
}

/* A request that needs the leader, on a follower: through admin_port to
 * the leader, with the caller's uid and operator flag. 1 when the answer
 * follows, 0 with REP's error set. */
static int forward_to_leader(struct aconn *ac,
			     const struct wire_admin_request *rq,
			     struct wire_admin_reply *rep)
{
	struct apending *p;
	char *msg;

	if (ac->forwarded || !ac->c->conf->admin_port) {
		set_error(rep, ADMIN_ENOTLEADER, NULL);
		return 0;
	}
	p = xcalloc(1, sizeof(*p));
	p->ac = ac;
	p->seq = rq->seq;
	ac->pending = p;
	ac->state = AC_WAIT;
	if (admin_fwd_call(ac->c, rq, ac->uid, ac->is_operator,
			   forwarded_answer, p) == 0)
		return 1;
	ac->pending = NULL;
	ac->state = AC_READ;
	free(p);
	msg = xasprintf("%s", err_msg());
	set_error(rep, ADMIN_ENOTLEADER, msg);
	free(msg);
	return 0;
}

/* ---- a leader that does not serve yet --------------------------------- */

static void hold_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ahold *h = arg;
	struct aconn *ac = h->ac;
	struct timeval tv = { 0, ADMIN_HOLD_POLL_MS * 1000 };

	(void)fd;
	(void)what;
	if (!ac->c->leader && ac->c->raft && rnode_is_leader(ac->c->raft) &&
	    ++h->polls < ADMIN_HOLD_POLLS) {
		evtimer_add(h->ev, &tv);
		return;
	}
	/* serving now, or another leads (forwarded there), or still not
	 * serving after ADMIN_HOLD_POLLS: answered as it stands */
	ac->hold = NULL;
	aconn_set(ac, AC_READ);
	ac->hold_over = true;
	dispatch(ac, &h->rq);
	ac->hold_over = false;
	hold_free(h);
	aconn_resume(ac);
}

/* Just elected, this controller commits a barrier before it serves (a
 * few milliseconds): a request that needs the leader waits for that here
 * rather than being refused, or forwarded to ourselves. True when RQ is
 * held; the answer follows from hold_cb(). */
static bool hold(struct aconn *ac, const struct wire_admin_request *rq)
{
	struct timeval tv = { 0, ADMIN_HOLD_POLL_MS * 1000 };
	struct ahold *h;

	if (ac->hold || ac->hold_over || !ac->c->raft ||
	    !rnode_is_leader(ac->c->raft))
		return false;
	h = xcalloc(1, sizeof(*h));
	h->ac = ac;
	h->rq.seq = rq->seq;
	h->rq.cmd = rq->cmd;
	h->rq.nargs = rq->nargs;
	h->rq.args = xcalloc(rq->nargs + 1, sizeof(*h->rq.args));
	for (uint32_t i = 0; i < rq->nargs; i++)
		h->rq.args[i] = xstrdup(rq->args[i]);
	h->ev = evtimer_new(ac->c->base, hold_cb, h);
	evtimer_add(h->ev, &tv);
	ac->hold = h;
	aconn_set(ac, AC_WAIT);
	log_debug("%s: %s waits until this new leader serves", ac->peer,
		  wire_admin_cmd_name(rq->cmd));
	return true;
}

static const struct rpc rpc_table[] = {
	{ ADMIN_PING, rpc_ping, RPC_ANYONE, RPC_LOCAL, -1 },
	{ ADMIN_STATUS, rpc_status, RPC_ANYONE, RPC_LOCAL, -1 },
	{ ADMIN_NODES, rpc_nodes, RPC_ANYONE, RPC_LEADER, -1 },
	{ ADMIN_JOBS, rpc_jobs, RPC_ANYONE, RPC_LEADER, -1 },
	{ ADMIN_PARTITIONS, rpc_partitions, RPC_ANYONE, RPC_LEADER, -1 },
	{ ADMIN_CONFIG, rpc_config, RPC_ANYONE, RPC_LOCAL, -1 },
	{ ADMIN_METRICS, rpc_metrics, RPC_ANYONE, RPC_LOCAL, -1 },
	{ ADMIN_NODE_UPDATE, rpc_node_update, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_JOB_CANCEL, rpc_job_cancel, RPC_OWNER, RPC_WRITE, 0 },
	{ ADMIN_JOB_HOLD, rpc_job_hold, RPC_OWNER, RPC_WRITE, 1 },
	{ ADMIN_SUBSCRIBE, rpc_subscribe, RPC_ANYONE, RPC_LOCAL, -1 },
	{ ADMIN_RELOAD, rpc_reload, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_CONFIG_DIFF, rpc_config_diff, RPC_ANYONE, RPC_LEADER, -1 },
	{ ADMIN_PART_UPDATE, rpc_part_update, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_SCHED_STATS, rpc_sched_stats, RPC_ANYONE, RPC_LEADER, -1 },
	{ ADMIN_SCHED_RUN, rpc_sched_run, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_LOG_LEVEL, rpc_log_level, RPC_OPERATOR, RPC_LOCAL, -1 },
	{ ADMIN_JOB_UPDATE, rpc_job_update, RPC_OWNER, RPC_WRITE, 0 },
	{ ADMIN_NODE_ADD, rpc_node_add, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_NODE_REMOVE, rpc_node_remove, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_NODES_SYNC, rpc_nodes_sync, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_SHUTDOWN, rpc_shutdown, RPC_OPERATOR, RPC_LOCAL, -1 },
	{ ADMIN_JOB_SIGNAL, rpc_job_signal, RPC_OWNER, RPC_WRITE, 0 },
	{ ADMIN_CLUSTER_STATUS, rpc_cluster_status, RPC_ANYONE, RPC_LOCAL, -1 },
	{ ADMIN_CLUSTER_TRANSFER, rpc_cluster_transfer, RPC_OPERATOR,
	  RPC_WRITE, -1 },
	{ ADMIN_JOB_CONTROL, rpc_job_control, RPC_OWNER, RPC_WRITE, 1 },
	{ ADMIN_CLUSTER_JOIN, rpc_cluster_join, RPC_OPERATOR, RPC_WRITE, -1 },
	{ ADMIN_CLUSTER_LEAVE, rpc_cluster_leave, RPC_OPERATOR, RPC_LOCAL, -1 },
	{ ADMIN_CLUSTER_REMOVE, rpc_cluster_remove, RPC_OPERATOR, RPC_WRITE,
	  -1 },
	{ ADMIN_FORWARDED, rpc_forwarded, RPC_ANYONE, RPC_LOCAL, -1 },
};

/* The job RQ names (RPC_OWNER): ADMIN_OK and *JOB, or an admin_rc with
 * REP's error set. */
static uint32_t target_job(struct aconn *ac, const struct rpc *rpc,
			   const struct wire_admin_request *rq,
			   struct wire_admin_reply *rep, const struct job **job)
{
	uint32_t id = arg_job_id(rq, rpc->target);
	const struct job *j;
	char *msg;

	if (!id) {
		msg = xasprintf("'%s' is not a job id", (uint32_t)rpc->target < rq->nargs ?
				rq->args[rpc->target] : "");
		set_error(rep, ADMIN_EINVAL, msg);
		free(msg);
		return ADMIN_EINVAL;
	}
	j = state_job_named(ac->c->st, id);
	if (!j) {
		msg = xasprintf("job %u does not exist", id);
		set_error(rep, ADMIN_ENOENT, msg);
		free(msg);
		return ADMIN_ENOENT;
	}
	*job = j;
	return ADMIN_OK;
}

/* Rights and leadership are checked here, from the table, for every
 * command (rights_check(), as on the Slurm port); handlers only do their
 * work. */
static void dispatch(struct aconn *ac, const struct wire_admin_request *rq)
{
	const struct rpc *rpc = NULL;
	struct wire_admin_reply rep;
	const char *name = wire_admin_cmd_name(rq->cmd);
	const struct job *job = NULL;
	enum rights_rc rr = RIGHTS_OK;

	memset(&rep, 0, sizeof(rep));
	rep.seq = rq->seq;
	for (size_t i = 0; i < sizeof(rpc_table) / sizeof(*rpc_table); i++)
		if (rpc_table[i].cmd == rq->cmd)
			rpc = &rpc_table[i];
	metrics_count_admin(ac->c, name);
	if (!rpc) {
		log_info("%s: unknown admin command %u", ac->peer, rq->cmd);
		set_error(&rep, ADMIN_EUNKNOWN, NULL);
		goto answer;
	}
	/* operator and leader first: a follower does not know the job */
	rr = rights_check(ac->c, rpc->who, rpc->how, ac->uid, ac->is_operator,
			  NULL);
	if (rr == RIGHTS_OK && rpc->who == RPC_OWNER && !ac->is_operator &&
	    target_job(ac, rpc, rq, &rep, &job) == ADMIN_OK)
		rr = rights_check(ac->c, rpc->who, rpc->how, ac->uid,
				  ac->is_operator, job);
	switch (rr) {
	case RIGHTS_NOT_OPERATOR:
		log_info("%s: %s refused: %s", ac->peer, name, rights_strerror(rr));
		set_error(&rep, ADMIN_EPERM, "permission denied: only operators "
			  "(root, SlurmUser and the admins of flurmctld.conf) "
			  "may do this");
		break;
	case RIGHTS_NOT_LEADER:
		if (hold(ac, rq)) {
			wire_admin_reply_free(&rep);
			return;
		}
		/* the follower checked who may call; the leader checks
		 * owners against its own model */
		if (forward_to_leader(ac, rq, &rep) == 1) {
			wire_admin_reply_free(&rep);
			return;
		}
		break;
	case RIGHTS_NOT_OWNER:
		log_info("%s: %s refused: %s", ac->peer, name, rights_strerror(rr));
		set_error(&rep, ADMIN_EPERM, "permission denied: only the owner "
			  "of a job or an operator may do this");
		break;
	case RIGHTS_OK:
		if (rep.rc != ADMIN_OK)
			break;          /* the target job was not found */
		log_debug("%s: %s", ac->peer, name);
		if (rpc->handler(ac, rq, &rep) == 1) {
			wire_admin_reply_free(&rep);
			return;
		}
		break;
	}
answer:
	send_reply(ac, &rep);
	wire_admin_reply_free(&rep);
}

/* ---- connections ---------------------------------------------------- */

static void set_deadline(struct aconn *ac, bool partial)
{
	struct timeval rd = { partial ? ADMIN_FRAME_SECS : ADMIN_IDLE_SECS, 0 };
	struct timeval wr = { ADMIN_FRAME_SECS, 0 };

	/* a subscriber only listens, for as long as it likes; one that
	 * stops reading still meets the write timeout. Before AUTH the
	 * listener's request deadline alone bounds the wait: one deadline,
	 * one reason logged. */
	bufferevent_set_timeouts(ac->bev, ac->state == AC_SUB ||
				 ac->state == AC_AUTH ? NULL : &rd, &wr);
}

/* ---- authentication on admin_port ---------------------------------- */

static void reply_auth(struct aconn *ac, uint32_t rc, const char *msg)
{
	struct wire_admin_reply rep;

	memset(&rep, 0, sizeof(rep));
	if (rc != ADMIN_OK)
		set_error(&rep, rc, msg);
	send_reply(ac, &rep);
	wire_admin_reply_free(&rep);
}

/* The AUTH frame's BODY: the credential's uid replaces SO_PEERCRED. A
 * credential munged refuses is answered (the client prints why) and the
 * connection closed once that is written. False when AC was freed. */
static bool authenticate(struct aconn *ac, buf_t *body)
{
	struct ctld *c = ac->c;
	struct wire_admin_auth m;
	struct auth_cred cred;
	uid_t uid = 0;
	char *msg;

	if (wire_unpack_admin_auth(body, &m) < 0) {
		log_warn("%s: dropped: bad admin authentication: %s", ac->peer,
			 err_msg());
		aconn_free(ac);
		return false;
	}
	memset(&cred, 0, sizeof(cred));
	cred.plugin_id = AUTH_PLUGIN_MUNGE;
	cred.munge = m.cred;
	if (auth_verify(c->admin_auth, &cred, WIRE_ADMIN_AUTH,
			WIRE_ADMIN_AUTH_CONTEXT, strlen(WIRE_ADMIN_AUTH_CONTEXT),
			&uid, NULL) < 0) {
		msg = xasprintf("authentication failed: %s", err_msg());
		log_warn("%s: %s", ac->peer, msg);
		reply_auth(ac, ADMIN_EPERM, msg);
		free(msg);
		wire_admin_auth_free(&m);
		ac->closing = true;
		bufferevent_disable(ac->bev, EV_READ);
		return true;
	}
	wire_admin_auth_free(&m);
	ac->served = true;
	aconn_set(ac, AC_READ);
	ac->uid = uid;
	ac->pid = 0;
	ac->is_operator = ctld_is_operator(c, uid);
	/* the address stays in the name: two consoles of one user differ */
	snprintf(ac->peer, sizeof(ac->peer), "admin %s uid %u", ac->addr,
		 (unsigned)uid);
	set_deadline(ac, false);
	reply_auth(ac, ADMIN_OK, NULL);
	log_debug("%s: authenticated%s", ac->peer,
		  ac->is_operator ? " (operator)" : "");
	return true;
}

/* Handle every whole request buffered; false when AC was freed. */
static bool process(struct aconn *ac)
{
	struct evbuffer *in = bufferevent_get_input(ac->bev);

	if (ac->state == AC_SUB) {
		evbuffer_drain(in, evbuffer_get_length(in));
		set_deadline(ac, false);
		return true;
	}
	while ((ac->state == AC_READ || ac->state == AC_AUTH) &&
	       !ac->throttled && !ac->closing) {
		size_t have = evbuffer_get_length(in);
		uint32_t cap = ac->state == AC_AUTH ? WIRE_ADMIN_AUTH_MAX :
			       WIRE_ADMIN_MAX_REQUEST;
		uint8_t head[4], *frame;
		struct wire_admin_request rq;
		const char *why = NULL;
		uint16_t type = 0;
		uint32_t n;
		buf_t body;

		if (have < 4) {
			set_deadline(ac, have > 0);
			return true;
		}
		evbuffer_copyout(in, head, 4);
		n = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
		    (uint32_t)head[2] << 8 | head[3];
		if (n < WIRE_HDR_LEN - 4 || n > cap ||
		    n > ac->c->conf->max_frame) {
			log_warn("%s: dropped: refusing an admin frame of %u bytes "
				 "(at most %u%s)", ac->peer, n, cap,
				 ac->state == AC_AUTH ? " before authentication" : "");
			aconn_free(ac);
			return false;
		}
		if (have < (size_t)n + 4) {
			set_deadline(ac, true);
			return true;
		}
		frame = xmalloc((size_t)n + 4);
		evbuffer_remove(in, frame, (size_t)n + 4);
		memset(&rq, 0, sizeof(rq));
		if (wire_frame_parse(frame, (size_t)n + 4, &type, &body) < 0)
			why = err_msg();
		else if (ac->state == AC_AUTH && type != WIRE_ADMIN_AUTH)
			why = "the first frame on admin_port must be AUTH";
		else if (ac->state == AC_AUTH) {
			bool alive = authenticate(ac, &body);

			free(frame);
			if (!alive)
				return false;
			continue;
		} else if (type != WIRE_ADMIN_REQUEST)
			why = "not a request";
		else if (wire_unpack_admin_request(&body, &rq) < 0)
			why = err_msg();
		if (why) {
			log_warn("%s: dropped: bad admin %s: %s", ac->peer,
				 ac->state == AC_AUTH ? "authentication" : "request",
				 why);
			wire_admin_request_free(&rq);
			free(frame);
			aconn_free(ac);
			return false;
		}
		free(frame);
		if (!ac->served) {
			/* the first request is in: from now on it is a
			 * console, timed out when idle, not by the deadline */
			ac->served = true;
			aconn_set(ac, AC_READ);
		}
		dispatch(ac, &rq);
		wire_admin_request_free(&rq);
		if (evbuffer_get_length(bufferevent_get_output(ac->bev)) >
		    ADMIN_OUT_HIGH) {
			/* the client does not read its replies: read no more
			 * requests until it does */
			ac->throttled = true;
			bufferevent_disable(ac->bev, EV_READ);
		}
	}
	if (ac->state == AC_WAIT)
		bufferevent_disable(ac->bev, EV_READ);
	return true;
}

/* Read requests again. Requests already buffered are handled from the
 * event loop, not from here: the caller may be inside process() (an
 * operation that failed at once), which must not find AC freed. */
static void aconn_resume(struct aconn *ac)
{
	if (ac->throttled || ac->state != AC_READ)
		return;
	bufferevent_enable(ac->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_input(ac->bev)))
		bufferevent_trigger(ac->bev, EV_READ, BEV_TRIG_IGNORE_WATERMARKS |
				    BEV_TRIG_DEFER_CALLBACKS);
}

static void aconn_read(struct lconn *lc, void *arg)
{
	process(arg);
}

/* The output is down to its low watermark: empty, or for a subscriber
 * a quarter of event_client_buffer. */
static void aconn_drained(struct lconn *lc, void *arg)
{
	struct aconn *ac = arg;

	if (ac->closing) {
		aconn_free(ac);
		return;
	}
	if (ac->sub) {
		events_drained(ac->sub);
		return;
	}
	if (ac->throttled) {
		ac->throttled = false;
		aconn_resume(ac);
	}
}

static void aconn_closed(struct lconn *lc, void *arg, const char *why)
{
	struct aconn *ac = arg;

	if (ac->state == AC_AUTH && !strcmp(why, LCONN_DEADLINE))
		log_info("%s: dropped: did not authenticate within %u s "
			 "(request_timeout)", ac->peer,
			 ac->c->conf->request_timeout);
	else if (!strcmp(why, LCONN_DEADLINE))
		log_info("%s: dropped: no request within %u s "
			 "(request_timeout)", ac->peer,
			 ac->c->conf->request_timeout);
	else if (!strcmp(why, LCONN_WRITE_TIMEOUT))
		log_info("%s: dropped: does not read its replies", ac->peer);
	else if (!strcmp(why, LCONN_READ_TIMEOUT))
		log_info("%s: dropped: %s", ac->peer, ac->state == AC_READ &&
			 evbuffer_get_length(bufferevent_get_input(ac->bev)) ?
			 "request not finished in time" : "idle for too long");
	else
		log_debug("%s: %s", ac->peer, why);
	aconn_free(ac);
}

static const struct lconn_ops aconn_ops = {
	.read = aconn_read,
	.drained = aconn_drained,
	.closed = aconn_closed,
};

static struct aconn *aconn_new(struct ctld *c, struct lconn *lc)
{
	struct aconn *ac = xcalloc(1, sizeof(*ac));

	ac->c = c;
	ac->lc = lc;
	ac->bev = lconn_bev(lc);
	ac->next = c->aconns;
	c->aconns = ac;
	c->naconns++;
	lconn_attach(lc, &aconn_ops, ac);
	return ac;
}

/* The admin socket: the peer is known from SO_PEERCRED at once; its
 * first request has request_timeout to arrive. */
static void on_accept(struct lconn *lc, void *arg)
{
	struct ctld *c = arg;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct aconn *ac;

	if (getsockopt(bufferevent_getfd(lconn_bev(lc)), SOL_SOCKET,
		       SO_PEERCRED, &cred, &len) < 0) {
		log_warn("admin socket: cannot identify the peer: %s",
			 strerror(errno));
		lconn_close(lc);
		return;
	}
	ac = aconn_new(c, lc);
	ac->uid = cred.uid;
	ac->pid = cred.pid;
	ac->is_operator = ctld_is_operator(c, cred.uid);
	snprintf(ac->peer, sizeof(ac->peer), "admin uid %u pid %d",
		 (unsigned)cred.uid, (int)cred.pid);
	aconn_set(ac, AC_READ);
	set_deadline(ac, false);
	log_debug("%s: connected%s", ac->peer, ac->is_operator ? " (operator)" : "");
}

/* admin_port: who is talking is unknown until the AUTH frame, so such a
 * connection is a stranger to the listener (the unauthenticated byte
 * budget, the request deadline, dropped first at a limit) and gets a
 * small frame cap. */
static void on_accept_tcp(struct lconn *lc, void *arg)
{
	struct ctld *c = arg;
	struct aconn *ac = aconn_new(c, lc);

	ac->uid = (uid_t)-1;
	snprintf(ac->addr, sizeof(ac->addr), "%s", lconn_peer(lc));
	snprintf(ac->peer, sizeof(ac->peer), "admin %s", ac->addr);
	aconn_set(ac, AC_AUTH);
	set_deadline(ac, false);
	log_debug("%s: connected", ac->peer);
}

/* A socket file left by a controller that died is removed; one that
 * answers belongs to a running controller and is not. */
static int clear_stale(const char *path, const struct sockaddr_un *sun)
{
	struct stat sb;
	int fd, rc;

	if (lstat(path, &sb) < 0)
		return 0;
	if (!S_ISSOCK(sb.st_mode)) {
		err_set("admin socket '%s' exists and is not a socket", path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err_set_errno("socket");
		return -1;
	}
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (rc == 0) {
		err_set("admin socket '%s' is in use: another flurmctld runs "
			"with it", path);
		return -1;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		err_set_errno("cannot remove the stale admin socket '%s'", path);
		return -1;
	}
	return 0;
}

/* admin_port on listen_addr, when set. */
static int admin_listen_tcp(struct ctld *c)
{
	struct sockaddr_in sin;

	if (!c->conf->admin_port)
		return 0;
	c->admin_auth = auth_create(AUTH_MUNGE, c->sc->munge_socket);
	if (!c->admin_auth)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(c->conf->admin_port);
	if (inet_pton(AF_INET, c->conf->listen_addr, &sin.sin_addr) != 1) {
		err_set("listen_addr '%s' is not an IPv4 address",
			c->conf->listen_addr);
		return -1;
	}
	c->admin_tcp_listener = lsn_new(c->lpool, "admin_port",
					(struct sockaddr *)&sin, sizeof(sin),
					64, on_accept_tcp, c);
	if (!c->admin_tcp_listener) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err_msg());
		err_set("cannot listen on %s:%u (admin_port): %s",
			c->conf->listen_addr, c->conf->admin_port, why);
		return -1;
	}
	log_info("admin protocol on %s:%u (admin_port, MUNGE)",
		 c->conf->listen_addr, c->conf->admin_port);
	return 0;
}

int admin_listen(struct ctld *c)
{
	const char *path = c->conf->admin_socket;
	struct sockaddr_un sun;
	char *dir, *slash;

	/* "@group" entries of admins, for groups_allowed() */
	for (size_t i = 0; i < c->conf->nadmins; i++)
		if (c->conf->admins[i][0] == '@')
			xstrfmtcat(&c->admin_groups, "%s%s",
				   c->admin_groups ? "," : "", c->conf->admins[i] + 1);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		err_set("admin_socket '%s' is too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	/* its directory (/run/flurm) may be a fresh tmpfs */
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			err_set_errno("cannot create '%s' for the admin socket", dir);
			free(dir);
			return -1;
		}
	}
	free(dir);
	if (clear_stale(path, &sun) < 0)
		return -1;
	/* the same limits as every port: connections from one uid count
	 * against max_connections_per_peer */
	c->admin_listener = lsn_new(c->lpool, "admin socket",
				    (struct sockaddr *)&sun, sizeof(sun), 64,
				    on_accept, c);
	if (!c->admin_listener) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err_msg());
		err_set("cannot listen on the admin socket '%s': %s", path, why);
		unlink(path);
		return -1;
	}
	/* everyone may connect: rights are decided per command from the
	 * peer's uid */
	if (chmod(path, 0666) < 0) {
		err_set_errno("cannot chmod the admin socket '%s'", path);
		lsn_free(c->admin_listener);
		c->admin_listener = NULL;
		unlink(path);
		return -1;
	}
	return admin_listen_tcp(c);
}

/* Answers the stop itself queued on AC (a node removal it ended): one
 * write that does not block, rather than none. The bufferevent keeps
 * its output frozen to everyone else; it is freed right after. */
static void flush_now(struct aconn *ac)
{
	struct evbuffer *out = bufferevent_get_output(ac->bev);

	if (!evbuffer_get_length(out))
		return;
	evbuffer_unfreeze(out, 1);
	if (evbuffer_write(out, bufferevent_getfd(ac->bev)) < 0)
		log_debug("%s: last answer not sent: %m", ac->peer);
}

void admin_listen_close(struct ctld *c)
{
	if (c->admin_listener) {
		lsn_free(c->admin_listener);
		c->admin_listener = NULL;
		unlink(c->conf->admin_socket);
	}
	lsn_free(c->admin_tcp_listener);
	c->admin_tcp_listener = NULL;
	while (c->aconns) {
		flush_now(c->aconns);
		aconn_free(c->aconns);
	}
	free(c->admin_groups);
	c->admin_groups = NULL;
	auth_destroy(c->admin_auth);
	c->admin_auth = NULL;
}
