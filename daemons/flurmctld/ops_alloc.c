/* ops_alloc.c - interactive allocations (salloc): submit one and answer
 * after the first scheduling pass (granted, pending, or failed with
 * --immediate), relinquish it, and the messages the controller itself
 * sends to the client's ports: the late grant to alloc_resp_port,
 * SRUN_PING, SRUN_TIMEOUT, SRUN_NODE_FAIL and SRUN_JOB_COMPLETE to
 * other_port. Nothing
 * runs on the nodes for an allocation, so node daemons are not told
 * (nodes.c skips these jobs). Decoding requests and Slurm's error codes
 * are rpc_slurm.c's; the Slurm allocation record is built here because
 * both the reply and the late grant carry it. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"
#include "sched/sched.h"
#include "slurm/errnos.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_step.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"

/* Seconds before the time limit at which salloc hears SRUN_TIMEOUT, as
 * slurmctld warns within two of its 30 s periodic checks. */
#define ALLOC_TIMEOUT_WARN 60
/* Seconds a client port gets to take a message and answer it. */
#define ALLOC_MSG_TIMEOUT 10

/* A REQUEST_RESOURCE_ALLOCATION waiting for its first scheduling pass. */
struct alloc_waiter {
	struct ctld *c;
	uint32_t job_id;
	bool immediate;
	bool starting;             /* the pass started it: wait for the commit */
	alloc_done_cb done;
	void *arg;
	struct alloc_waiter *next;
};

static struct alloc_waiter *waiters;

/* ---- the Slurm allocation record ------------------------------------ */

void alloc_response_fill(struct ctld *c, const struct job *j,
			 struct slurm_alloc_response *r)
{
	uint32_t n = j->node_bits ? (uint32_t)bit_count(j->node_bits) : 0;
	uint32_t k = 0;

	slurm_alloc_response_init(r);
	r->job_id = j->id;
	/* 23.02 on: the owner, by number and name, as slurmctld */
	r->uid = j->uid;
	r->gid = j->gid;
	r->user_name = j->user ? xstrdup(j->user) : NULL;
	r->group_name = groups_group_name(j->gid);
	r->partition = xstrdup(j->partition);
	r->account = j->account ? xstrdup(j->account) : NULL;
	/* as slurmctld: what the job asked for, or nothing */
	r->pn_min_memory = j->mem_mb ? (j->mem_mb |
		(j->mem_per_cpu ? MEM_PER_CPU : 0)) : 0;
	/* salloc prints it before "Pending job allocation N" */
	if (j->state == JOB_ST_PENDING &&
	    j->sched_reason == JOB_REASON_PART_CONFIG)
		r->error_code = ESLURM_REQUESTED_PART_CONFIG_UNAVAILABLE;
	if (j->state != JOB_ST_RUNNING || !n)
		return;
	r->node_cnt = n;
	r->node_list = xstrdup(j->nodes);
	r->batch_host = xstrdup(c->st->nodes[j->batch_node].name);
	{
		uint32_t *cpus = xcalloc(n, sizeof(*cpus));

		/* each node's CPUs, which may differ (tasks shared out
		 * unevenly); the repeat counts go straight into the answer */
		r->cpu_count_reps = xcalloc(n, sizeof(uint32_t));
		r->num_cpu_groups = job_cpu_runs(j, cpus, r->cpu_count_reps);
		r->cpus_per_node = xcalloc(n, sizeof(uint16_t));
		for (uint32_t g = 0; g < r->num_cpu_groups; g++)
			r->cpus_per_node[g] = (uint16_t)cpus[g];
		free(cpus);
	}
	/* where srun finds each node's daemon: NodeAddr (IPv4 literal)
	 * and SlurmdPort; a name that is not one leaves them all out */
	r->node_addr = xcalloc(n, sizeof(*r->node_addr));
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0 && k < n;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		const struct node *nd = &c->st->nodes[i];
		struct in_addr in;

		if (inet_pton(AF_INET, nd->addr ? nd->addr : nd->name, &in) != 1)
			break;
		r->node_addr[k].family = SLURM_AF_INET;
		memcpy(r->node_addr[k].addr, &in, 4);
		r->node_addr[k].port = c->sc && c->sc->slurmd_port ?
			c->sc->slurmd_port : 6818;
	}
	if (k != n) {
		free(r->node_addr);
		r->node_addr = NULL;
	}
}

/* ---- messages to the client's own ports ----------------------------- */

struct alloc_msg {
	uint32_t job_id;
	const char *what;          /* "grant", "ping", ... for the log */
	char dest[80];
	void (*done)(void *);      /* called once at the end, or NULL */
	void *arg;
};

static void msg_free(struct alloc_msg *m)
{
	if (m->done)
		m->done(m->arg);
	free(m);
}

static void msg_event(struct bufferevent *bev, short what, void *arg)
{
	struct alloc_msg *m = arg;

	if (what & BEV_EVENT_CONNECTED)
		return;
	if (what & BEV_EVENT_EOF) {
		/* the client answered (RESPONSE_SLURM_RC) and closed */
		log_debug("job %u: %s delivered to %s", m->job_id, m->what,
			  m->dest);
	} else {
		/* a salloc killed hard leaves its allocation to the time
		 * limit or scancel; its pings would fill the log */
		log_msg(strcmp(m->what, "ping") ? LOG_LEVEL_INFO :
			LOG_LEVEL_DEBUG, "job %u: %s to %s not delivered: %s",
			m->job_id, m->what, m->dest,
			what & BEV_EVENT_TIMEOUT ? "no answer" :
			evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	}
	bufferevent_free(bev);
	msg_free(m);
}

static void msg_read(struct bufferevent *bev, void *arg)
{
	struct alloc_msg *m = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	/* the answer is one small frame: take it and wait for the close */
	if (evbuffer_get_length(in) > 4096) {
		log_info("job %u: %s answers more than expected; closing",
			 m->job_id, m->dest);
		bufferevent_free(bev);
		msg_free(m);
		return;
	}
}

int srun_send(struct ctld *c, const char *host, uint16_t port, uint32_t uid,
	      uint32_t job_id, uint16_t type, buf_t *body, const char *what)
{
	return srun_send_then(c, host, port, uid, job_id, type, body, what,
			      NULL, NULL);
}

int srun_send_then(struct ctld *c, const char *host, uint16_t port,
		   uint32_t uid, uint32_t job_id, uint16_t type, buf_t *body,
		   const char *what, void (*done)(void *), void *arg)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct bufferevent *bev = NULL;
	struct alloc_msg *m = NULL;
	struct timeval tmo = { ALLOC_MSG_TIMEOUT, 0 };
	uint8_t *sec = NULL;
	size_t sec_len = 0;
	buf_t *frame = NULL;
	int rc = -1;

	memset(&ss, 0, sizeof(ss));
	if (!host || !port) {
		err_set("no client port");
		goto out;
	}
	if (inet_pton(AF_INET, host,
		      &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons(port);
		sslen = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, host,
			     &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons(port);
		sslen = sizeof(struct sockaddr_in6);
	} else {
		err_set("client address '%s' is not an IP address", host);
		goto out;
	}
	if (auth_sign(c->auth, type, body->data, buf_len(body), uid, &sec,
		      &sec_len) < 0)
		goto out;
	frame = buf_new(sec_len + buf_len(body) + 64);
	if (slurm_msg_build_sec(frame, type, 0, sec, sec_len, body->data,
				(uint32_t)buf_len(body)) < 0)
		goto out;
	bev = bufferevent_socket_new(c->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		err_set("cannot create a connection");
		goto out;
	}
	m = xcalloc(1, sizeof(*m));
	m->job_id = job_id;
	m->what = what;
	snprintf(m->dest, sizeof(m->dest), "%s:%u", host, port);
	m->done = done;
	m->arg = arg;
	bufferevent_setcb(bev, msg_read, NULL, msg_event, m);
	bufferevent_set_timeouts(bev, &tmo, &tmo);
	bufferevent_write(bev, frame->data, buf_len(frame));
	if (bufferevent_socket_connect(bev, (struct sockaddr *)&ss,
				       (int)sslen) < 0) {
		/* the event callback has not run: free here */
		err_set("cannot connect to %s", m->dest);
		bufferevent_free(bev);
		free(m);
		m = NULL;
		goto out;
	}
	bufferevent_enable(bev, EV_READ);
	log_debug("job %u: %s sent to %s:%u", job_id, what, host, port);
	rc = 0;
out:
	if (rc < 0) {
		log_info("job %u: cannot send %s to its client: %s", job_id,
			 what, err_msg());
		if (done)
			done(arg);
	}
	free(sec);
	buf_free(frame);
	buf_free(body);
	return rc;
}

/* An allocation's message to its salloc (or srun) at the job's
 * address. */
static int alloc_send(struct ctld *c, const struct job *j, uint16_t port,
		      uint16_t type, buf_t *body, const char *what)
{
	return srun_send(c, j->resp_host, port, j->uid, j->id, type, body,
			 what);
}

/* The grant salloc waits for on alloc_resp_port after "queued and
 * waiting for resources". */
static void alloc_send_grant(struct ctld *c, const struct job *j)
{
	struct slurm_alloc_response r;
	buf_t *b = buf_new(256);

	alloc_response_fill(c, j, &r);
	slurm_alloc_response_pack(b, &r);
	slurm_alloc_response_free(&r);
	if (alloc_send(c, j, j->resp_port, RESPONSE_RESOURCE_ALLOCATION, b,
		       "grant") == 0)
		log_info("job %u: allocation granted on %s; client told", j->id,
			 j->nodes);
}

/* Tell J's salloc its allocation is gone; DONE(ARG), when not NULL, is
 * called once it has answered or could not be told. -1 when there is
 * nothing to tell (DONE is not called). */
static int send_revoked_then(struct ctld *c, uint32_t job_id,
			     void (*done)(void *), void *arg)
{
	struct job *j = state_job(c->st, job_id);
	struct slurm_step_id s = { job_id, NO_VAL, NO_VAL };
	buf_t *b;

	if (!j || !j->interactive || !job_is_finished(j))
		return -1;
	b = buf_new(16);
	slurm_step_id_pack(b, &s);
	/* a pending one waits on its allocation port, a granted one
	 * listens on other_port (slurmctld's srun_allocate_abort and
	 * srun_job_complete) */
	srun_send_then(c, j->resp_host,
		       j->start_time ? j->other_port : j->resp_port, j->uid,
		       j->id, SRUN_JOB_COMPLETE, b, "revocation", done, arg);
	return 0;
}

static void send_revoked(struct ctld *c, uint32_t job_id)
{
	send_revoked_then(c, job_id, NULL, NULL);
}

/* A cancelled allocation waiting for its salloc's answer before its
 * nodes and sruns are told: whichever of the answer and the timer comes
 * first tells them. */
struct revoke_wait {
	struct ctld *c;
	uint32_t job_id;
	struct event *timer;
	bool told;
};

static void revoke_wait_over(struct revoke_wait *w)
{
	struct job *j;

	if (w->told)
		return;
	w->told = true;
	if ((j = state_job(w->c->st, w->job_id)))
		j->revoke_wait = false;
	/* a new leader tells them itself */
	if (!w->c->stopping && w->c->leader)
		nodes_job_changed(w->c, w->job_id);
}

static void revoke_wait_timer(evutil_socket_t fd, short what, void *arg)
{
	revoke_wait_over(arg);
}

static void revoke_wait_answered(void *arg)
{
	struct revoke_wait *w = arg;

	revoke_wait_over(w);
	event_free(w->timer);
	free(w);
}

/* How long a cancelled allocation's nodes and sruns wait for its salloc
 * to answer the revocation. */
#define REVOKE_WAIT_MS 1000

void alloc_job_cancelled(struct ctld *c, uint32_t job_id)
{
	struct job *j = state_job(c->st, job_id);
	struct timeval tv = { REVOKE_WAIT_MS / 1000,
			      (REVOKE_WAIT_MS % 1000) * 1000 };
	struct revoke_wait *w;

	if (!j || !j->interactive || !job_is_finished(j) ||
	    j->state == JOB_ST_TIMEOUT) {
		alloc_job_revoked(c, job_id);
		nodes_job_changed(c, job_id);
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->job_id = job_id;
	w->timer = evtimer_new(c->base, revoke_wait_timer, w);
	j->revoke_wait = true;
	evtimer_add(w->timer, &tv);
	if (send_revoked_then(c, job_id, revoke_wait_answered, w) < 0)
		revoke_wait_answered(w);
}

struct revoke_later {
	struct ctld *c;
	uint32_t job_id;
};

static void revoke_later_cb(evutil_socket_t fd, short what, void *arg)
{
	struct revoke_later *r = arg;

	if (r->c->leader && !r->c->stopping)
		send_revoked(r->c, r->job_id);
	free(r);
}

void alloc_job_revoked(struct ctld *c, uint32_t job_id)
{
	struct job *j = state_job(c->st, job_id);
	struct revoke_later *r;
	struct timeval one = { 1, 0 };

	if (!j || !j->interactive || !job_is_finished(j))
		return;
	/* salloc says "exceeded its time limit" only once its clock is
	 * past the limit it was told; the limit is checked to the second,
	 * so tell it a second later */
	if (j->state == JOB_ST_TIMEOUT) {
		r = xcalloc(1, sizeof(*r));
		r->c = c;
		r->job_id = job_id;
		if (event_base_once(c->base, -1, EV_TIMEOUT, revoke_later_cb, r,
				    &one) == 0)
			return;
		free(r);
	}
	send_revoked(c, job_id);
}

/* How long after a node failure ended an allocation its salloc is still
 * told (a new leader does not tell of failures long past). */
#define ALLOC_NODE_FAIL_WINDOW 30

/* Allocations whose salloc heard of their node failure, on this
 * controller; an id leaves once the failure is past the window. */
static uint32_t *nf_told;
static size_t nf_ntold, nf_cap;

static bool nf_was_told(uint32_t job_id)
{
	for (size_t i = 0; i < nf_ntold; i++)
		if (nf_told[i] == job_id)
			return true;
	return false;
}

/* A node of J's allocation failed and ended it (NODE_FAIL): salloc says
 * "Node failure on NODES" (SRUN_NODE_FAIL, as slurmctld sends it), then
 * hears that the allocation is gone. */
static void alloc_tell_node_fail(struct ctld *c, const struct job *j)
{
	struct slurm_step_id sid = { j->id, NO_VAL, NO_VAL };
	hostlist_t *hl = hostlist_create(NULL);
	char *names = NULL;
	buf_t *b;

	if (j->node_bits)
		for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
		     i = bit_next_set(j->node_bits, (uint32_t)i + 1))
			if ((uint32_t)i < c->st->nnodes &&
			    c->st->nodes[i].base == NODE_ST_DOWN)
				hostlist_push_host(hl, c->st->nodes[i].name);
	if (hostlist_count(hl))
		names = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	/* the failed node may be up again already: name the allocation's */
	b = buf_new(64);
	slurm_srun_node_fail_pack(b, &sid, names ? names : j->nodes);
	alloc_send(c, j, j->other_port, SRUN_NODE_FAIL, b, "node failure");
	free(names);
	send_revoked(c, j->id);
}

void alloc_node_fail_tell(struct ctld *c, time_t now)
{
	size_t k = 0;

	/* forget what is past the window */
	for (size_t i = 0; i < nf_ntold; i++) {
		const struct job *j = state_job(c->st, nf_told[i]);

		if (j && j->state == JOB_ST_NODE_FAIL &&
		    j->end_time + ALLOC_NODE_FAIL_WINDOW >= now)
			nf_told[k++] = nf_told[i];
	}
	nf_ntold = k;
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *j = c->st->jobs[i];

		if (!j->interactive || j->state != JOB_ST_NODE_FAIL ||
		    !j->other_port || !j->start_time ||
		    j->end_time + ALLOC_NODE_FAIL_WINDOW < now ||
		    nf_was_told(j->id))
			continue;
		xgrow((void **)&nf_told, &nf_cap, nf_ntold + 1,
		      sizeof(*nf_told));
		nf_told[nf_ntold++] = j->id;
		alloc_tell_node_fail(c, j);
	}
}

void alloc_tick(struct ctld *c, time_t now)
{
	uint32_t ping = c->st->params.slurmd_timeout / 3;

	/* slurmctld pings every SlurmdTimeout/3, at most every 100 s */
	if (ping == 0 || ping > 100)
		ping = 100;
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		struct job *j = c->st->jobs[i];
		time_t limit;

		if (!j->interactive || j->state != JOB_ST_RUNNING ||
		    !j->other_port)
			continue;
		if (j->time_limit != STATE_INFINITE &&
		    j->timeout_sent_start != j->start_time) {
			/* the time it spent suspended does not count */
			limit = job_deadline(j);
			if (now >= limit - ALLOC_TIMEOUT_WARN && now < limit) {
				struct slurm_srun_timeout t = {
					{ j->id, NO_VAL, NO_VAL }, limit };
				buf_t *b = buf_new(32);

				slurm_srun_timeout_pack(b, &t);
				alloc_send(c, j, j->other_port, SRUN_TIMEOUT, b,
					   "time limit warning");
				j->timeout_sent_start = j->start_time;
			}
		}
		if (!j->ping_sent)
			j->ping_sent = now;   /* first ping one interval in */
		else if (now - j->ping_sent >= (time_t)ping) {
			alloc_send(c, j, j->other_port, SRUN_PING, buf_new(0),
				   "ping");
			j->ping_sent = now;
		}
	}
	alloc_node_fail_tell(c, now);
}

/* ---- submit: answered after the first scheduling pass ---------------- */

static void waiter_answer(struct alloc_waiter *w, int rc)
{
	for (struct alloc_waiter **pp = &waiters; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	w->done(w->arg, rc, w->job_id);
	free(w);
}

static void immediate_fail_done(void *arg, int status, void *result)
{
	free(result);
}

/* Not started by the pass: pending, or with --immediate failed as
 * slurmctld fails it (FAILED, exit code 1). */
static void waiter_not_started(struct alloc_waiter *w)
{
	struct ctld *c = w->c;

	if (w->immediate) {
		log_info("job %u: resources not free at once; --immediate "
			 "allocation fails", w->job_id);
		ctld_propose(c, cmd_job_end(w->job_id, 1 << 8, time(NULL)),
			     immediate_fail_done, NULL);
		waiter_answer(w, OP_EBUSY);
	} else {
		log_info("job %u: allocation pending", w->job_id);
		waiter_answer(w, OP_EPENDING);
	}
}

void alloc_sched_pass(struct ctld *c, const struct sched_decision *starts,
		      uint32_t nstarts)
{
	struct alloc_waiter *w = waiters, *next;

	for (; w; w = next) {
		bool started = false;

		next = w->next;
		if (w->c != c || w->starting)
			continue;
		for (uint32_t i = 0; i < nstarts; i++)
			if (starts[i].job_id == w->job_id)
				started = true;
		if (started)
			w->starting = true;
		else
			waiter_not_started(w);
	}
}

void alloc_start_done(struct ctld *c, uint32_t job_id, bool ok)
{
	struct job *j = state_job(c->st, job_id);

	for (struct alloc_waiter *w = waiters; w; w = w->next)
		if (w->c == c && w->job_id == job_id) {
			if (ok)
				waiter_answer(w, OP_OK);
			else
				waiter_not_started(w);
			return;
		}
	if (ok && j && j->interactive && j->state == JOB_ST_RUNNING)
		alloc_send_grant(c, j);
}

struct submit_op {
	struct ctld *c;
	bool immediate;
	alloc_done_cb done;
	void *arg;
};

static void submit_done(void *arg, int status, void *result)
{
	struct submit_op *o = arg;
	struct state_result *res = result;
	int rc = op_commit_rc(status, res);

	if (rc != OP_OK) {
		log_info("allocation not submitted: %s", op_strerror(rc));
		o->done(o->arg, rc, 0);
	} else {
		struct alloc_waiter *w = xcalloc(1, sizeof(*w));

		log_info("job %u: allocation submitted", res->job_id);
		w->c = o->c;
		w->job_id = res->job_id;
		w->immediate = o->immediate;
		w->done = o->done;
		w->arg = o->arg;
		w->next = waiters;
		waiters = w;
		sched_request(o->c);
	}
	free(result);
	free(o);
}

int op_alloc_submit(struct ctld *c, const struct op_ctx *ctx,
		    const struct job_spec *s, bool immediate,
		    alloc_done_cb done, void *arg)
{
	struct submit_op *o;

	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	if (!s->interactive) {
		err_set("not an allocation");
		return OP_EINVAL;
	}
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->immediate = immediate;
	o->done = done;
	o->arg = arg;
	log_info("%s: uid %u asks for an allocation of %u node(s)%s",
		 ctx->peer, (unsigned)ctx->uid, s->min_nodes,
		 immediate ? " at once" : "");
	ctld_propose(c, ctld_once(ctx->req_id, cmd_submit(s, time(NULL))),
		     submit_done, o);
	return 0;
}

/* ---- relinquish ----------------------------------------------------- */

struct complete_op {
	struct ctld *c;
	struct op_ctx ctx;
	uint32_t job_id;
};

static void complete_done(void *arg, int status, void *result)
{
	struct complete_op *o = arg;
	int rc = op_commit_rc(status, result);
	char *msg = NULL;

	if (rc == OP_OK) {
		struct job *j = state_job(o->c->st, o->job_id);

		log_info("job %u: allocation relinquished (%s)", o->job_id,
			 j ? job_state_name(j->state) : "gone");
		sched_request(o->c);
	} else {
		msg = xasprintf("job %u: %s", o->job_id, op_strerror(rc));
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(msg);
	free(result);
	free(o);
}

int op_alloc_complete(struct ctld *c, const struct op_ctx *ctx, uint32_t id,
		      uint32_t status)
{
	struct job *j = state_job(c->st, id);
	struct complete_op *o;

	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	if (!j) {
		err_set("job %u does not exist", id);
		return OP_ENOJOB;
	}
	if (j->uid != (uint32_t)ctx->uid && !ctx->is_operator) {
		err_set("permission denied: job %u is not yours", id);
		return OP_EPERM;
	}
	if (job_is_finished(j)) {
		err_set("job %u has already finished", id);
		return OP_EDONE;
	}
	/* a batch job's script still runs on its node: it ends when the
	 * script does, or by scancel */
	if (!j->interactive) {
		err_set("job %u is a batch job, not an allocation", id);
		return OP_EBUSY;
	}
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->ctx.peer = "allocation";
	o->job_id = id;
	log_info("%s: uid %u relinquishes job %u (status %u)", ctx->peer,
		 (unsigned)ctx->uid, id, status);
	ctld_propose(c, cmd_job_end(id, (int32_t)status, time(NULL)),
		     complete_done, o);
	return 0;
}
