/* nodes.c - the node daemon port (6819): registration (MUNGE, root or
 * SlurmUser only), heartbeats and node liveness, job launch and terminate,
 * and the job events node daemons report. Only the leader talks to node
 * daemons; everything durable that follows from their messages goes
 * through Raft as commands. What a node must still do is derived from
 * the model (reconcile_job, on registration, commit and every second),
 * never remembered from a connection, so a message lost with a
 * connection is sent again. */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "core/err.h"
#include "core/log.h"
#include "core/version.h"
#include "core/fpat.h"
#include "core/hostlist.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "forward.h"
#include "net/listener.h"
#include "ops.h"
#include "wire/wire.h"

/* The first frame, a registration, comes from a peer not yet known: it
 * may list the node's running and ended jobs, but not megabytes. */
#define ND_REGISTER_MAX (256u * 1024)

/* One node daemon connection. */
enum nd_state {
	ND_NEW,         /* connected, registration expected */
	ND_REGISTERED,  /* trusted: heartbeats and job events */
	ND_CLOSING,     /* error sent, closing once written */
};

struct ndconn {
	struct ctld *c;
	struct lconn *lc;
	struct bufferevent *bev;
	enum nd_state state;
	char *name;
	char peer[64];
	bool trusted;              /* the listener knows it is registered */
	/* what the node daemon said of itself, for scontrol show node */
	char *version;             /* at registration */
	char *arch, *os;           /* at registration; NULL from older ones */
	time_t boot_time;          /* when the node daemon started */
	bool reboot_sent;          /* told to reboot on this connection */
	bool hb_seen;              /* free_mem_mb (and the node's load in
				    * its node_soft) are from a heartbeat */
	uint64_t free_mem_mb;
	/* the load and free memory Slurm node records show: taken from a
	 * heartbeat at most once per slurmctld's ping interval
	 * (SlurmdTimeout/3), so that node lists change no more often than
	 * slurmctld's and "no change" answers stay possible */
	bool shown;
	time_t shown_at;
	uint32_t shown_load;
	uint64_t shown_free_mem_mb;
	struct ndconn *next;
};

/* A node's job event waiting for its command to commit. */
struct ev_pending {
	struct ctld *c;
	char *node;
	uint32_t job_id;
	bool ack;
	bool log_end;              /* a job end: log it when it is recorded */
	int32_t status;
	uint8_t *cmd;              /* copy of the command, for job ends */
	size_t cmd_len;
	struct ev_pending *next;   /* on the deferred list */
};

/* Job ends refused while the state directory was full, proposed again as
 * soon as it has room (nodes_retry_deferred). The node daemons would send
 * them again anyway (every minute, and on each registration); this only
 * makes the cluster catch up at once. One entry per job. */
static struct ev_pending *deferred;

static void ev_free(struct ev_pending *p)
{
	free(p->cmd);
	free(p->node);
	free(p);
}

static void defer_event(struct ev_pending *p)
{
	for (struct ev_pending *q = deferred; q; q = q->next)
		if (q->job_id == p->job_id) {
			ev_free(p);
			return;
		}
	p->next = deferred;
	deferred = p;
}

/* Seconds before a terminate the node has not acted on is sent again,
 * after the first one and at most. A job ends within KillWait of a
 * terminate that arrived; repeating one costs a small frame. */
#define TERM_RETRY_FIRST 5
#define TERM_RETRY_MAX   60

static void nd_free(struct ndconn *n)
{
	struct ctld *c = n->c;

	for (struct ndconn **pp = &c->ndconns; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	for (uint32_t i = 0; i < c->nsoft_len; i++)
		if (c->nsoft[i].conn == n)
			c->nsoft[i].conn = NULL;
	if (n->state == ND_REGISTERED) {
		log_info("node %s disconnected", n->name);
		/* its version, load and free memory are no longer shown */
		ctld_nodes_changed(c);
	}
	lconn_close(n->lc);
	free(n->name);
	free(n->version);
	free(n->arch);
	free(n->os);
	free(n);
}

static void nd_send(struct ndconn *n, buf_t *frame)
{
	wire_frame_end(frame);
	bufferevent_write(n->bev, frame->data, buf_len(frame));
	buf_free(frame);
}

static void nd_write_done(struct lconn *lc, void *arg)
{
	struct ndconn *n = arg;

	if (n->state == ND_CLOSING)
		nd_free(n);
}

/* Send an error-like message and close the connection after it. */
static void nd_refuse(struct ndconn *n, uint16_t type, const char *msg)
{
	struct wire_error e = { .message = (char *)msg };
	buf_t *b = wire_frame_begin(type);

	wire_pack_error(b, &e);
	nd_send(n, b);
	n->state = ND_CLOSING;
	bufferevent_disable(n->bev, EV_READ);
}

static struct ndconn *conn_of(struct ctld *c, long idx)
{
	if (idx < 0 || (uint32_t)idx >= c->nsoft_len)
		return NULL;
	return c->nsoft[idx].conn;
}

static void send_ack(struct ctld *c, const char *node, uint32_t job_id)
{
	struct ndconn *n = conn_of(c, state_node_index(c->st, node));
	struct wire_job_event ev = { .job_id = job_id };
	buf_t *b;

	if (!n)
		return;
	b = wire_frame_begin(WIRE_JOB_END_ACK);
	wire_pack_job_event(b, &ev);
	nd_send(n, b);
}

static void event_done(void *arg, int status, void *result)
{
	struct ev_pending *p = arg;
	struct state_result *res = result;

	if (status == RNODE_ENOSPACE) {
		/* not acknowledged: the node keeps it and sends it again */
		log_debug("job %u event from %s not committed: %s", p->job_id,
			  p->node, err_msg());
		if (p->cmd && p->c->leader) {
			free(result);
			defer_event(p);
			return;
		}
	} else if (status != RNODE_OK)
		log_warn("job %u event from %s not committed: %s", p->job_id,
			 p->node, err_msg());
	else {
		if (res && res->rc != STATE_EOK && res->rc != STATE_EDONE &&
		    res->rc != STATE_ENOJOB)
			log_warn("job %u event from %s: %s", p->job_id, p->node,
				 state_strerror(res->rc));
		/* recorded now, the first time: a node repeats an end until
		 * it is acknowledged, so this is where it is logged once */
		if (p->log_end && res && res->rc == STATE_EOK)
			log_info("job %u ended on %s with status %d", p->job_id,
				 p->node, p->status);
		/* ENOJOB/EDONE: already recorded or purged; ack anyway so the
		 * node forgets it */
		if (p->ack)
			send_ack(p->c, p->node, p->job_id);
		sched_request(p->c);
	}
	free(result);
	ev_free(p);
}

static void propose_ev(struct ctld *c, const char *node, uint32_t job_id,
		       buf_t *cmd, bool ack, bool log_end, int32_t status)
{
	struct ev_pending *p = xcalloc(1, sizeof(*p));

	p->c = c;
	p->node = xstrdup(node);
	p->job_id = job_id;
	p->ack = ack;
	p->log_end = log_end;
	p->status = status;
	if (ack) {
		p->cmd_len = buf_len(cmd);
		p->cmd = xmalloc(p->cmd_len ? p->cmd_len : 1);
		memcpy(p->cmd, cmd->data, p->cmd_len);
	}
	ctld_propose(c, cmd, event_done, p);
}

void nodes_retry_deferred(struct ctld *c)
{
	struct ev_pending *list = deferred, *p;

	deferred = NULL;
	while ((p = list)) {
		list = p->next;
		p->next = NULL;
		if (!c->leader) {
			ev_free(p);
			continue;
		}
		log_debug("job %u: proposing the end %s reported again",
			  p->job_id, p->node);
		rnode_propose(c->raft, p->cmd, p->cmd_len, event_done, p);
	}
}

static void propose_event(struct ctld *c, const char *node, uint32_t job_id,
			  buf_t *cmd, bool ack)
{
	propose_ev(c, node, job_id, cmd, ack, false, 0);
}

static void drain_node(struct ctld *c, const char *node, const char *reason)
{
	struct node_update u = {
		.names = (char *)node, .op = NODE_UPD_DRAIN,
		.reason = (char *)reason, .uid = 0,
	};

	log_warn("draining node %s: %s", node, reason);
	ctld_propose(c, cmd_node_update(&u, time(NULL)), NULL, NULL);
}

static void late_ack(evutil_socket_t fd, short what, void *arg)
{
	struct ev_pending *p = arg;

	send_ack(p->c, p->node, p->job_id);
	ev_free(p);
}

/* Acknowledge a job end that needs no command, once the current message
 * is answered: a registration's REGISTER_OK must go first. */
static void ack_later(struct ctld *c, const char *node, uint32_t job_id)
{
	struct ev_pending *p = xcalloc(1, sizeof(*p));
	struct timeval now = { 0, 0 };

	p->c = c;
	p->node = xstrdup(node);
	p->job_id = job_id;
	if (event_base_once(c->base, -1, EV_TIMEOUT, late_ack, p, &now) < 0) {
		free(p->node);
		free(p);
	}
}

/* The job whose launch NODE reports as failed, if NODE still holds it:
 * running there, or ended (cancelled, timed out) while it launched and
 * waiting for the node to let go. A failure reported again (its
 * acknowledgement was lost) after the job was requeued and started
 * elsewhere must not touch it, nor drain a node an operator may have
 * resumed since. */
static struct job *launched_on(struct ctld *c, uint32_t job_id,
			       const char *node)
{
	struct job *j = state_job(c->st, job_id);
	long idx = state_node_index(c->st, node);

	if (!j || idx < 0 || j->batch_node != (uint32_t)idx || !job_on_nodes(j))
		return NULL;
	return j;
}

/* Whether JOB_ID ended NODE_FAIL with its script on NODE. */
static bool node_failed_run(struct ctld *c, uint32_t job_id, const char *node)
{
	const struct job *j = state_job(c->st, job_id);
	long idx = state_node_index(c->st, node);

	return j && idx >= 0 && j->state == JOB_ST_NODE_FAIL &&
	       j->node_bits && j->batch_node == (uint32_t)idx;
}

/* A launch NODE could not make. The node's fault (prolog, or the node
 * itself) drains it, and the job runs elsewhere: requeued, not held, as
 * slurmctld does when a batch launch fails on the slurmd side. The job's
 * own fault only fails the job. */
static void launch_failed(struct ctld *c, const char *node,
			  const struct wire_job_event *ev)
{
	struct job *j = launched_on(c, ev->job_id, node);
	time_t now = time(NULL);
	enum job_reason why = JOB_REASON_NONE;

	if (!j) {
		log_info("job %u: failed launch on %s reported again; the job "
			 "has moved on", ev->job_id, node);
		ack_later(c, node, ev->job_id);
		return;
	}
	log_warn("job %u failed to start on %s: %s", ev->job_id, node,
		 ev->message ? ev->message : "no reason given");
	if (ev->reason == WIRE_FAIL_PROLOG) {
		drain_node(c, node, "Prolog error");
		why = JOB_REASON_PROLOG_FAIL;
	} else if (ev->reason == WIRE_FAIL_NODE) {
		drain_node(c, node, "batch job complete failure");
		why = JOB_REASON_LAUNCH_FAIL;
	}
	/* a job cancelled meanwhile just lets go of its nodes */
	if (why != JOB_REASON_NONE && j->state == JOB_ST_RUNNING)
		propose_event(c, node, ev->job_id,
			      cmd_requeue(ev->job_id, why,
					  c->sc->cred_expire, now), true);
	else
		propose_event(c, node, ev->job_id,
			      cmd_job_end(ev->job_id, ev->status ? ev->status :
					  1 << 8, now), true);
}

/* The node's word on a job that ended (in a registration or live). */
static void job_ended(struct ctld *c, const char *node,
		      const struct wire_job_event *ev, uint16_t type)
{
	time_t now = time(NULL);

	if (type == WIRE_JOB_FAILED_LAUNCH) {
		launch_failed(c, node, ev);
		return;
	}
	/* the end of a run the job has left: requeued when this node
	 * failed, it runs elsewhere now (or waits to), and that run must
	 * not end with this report; the run a node failure ended is the
	 * job's last, and its end gives the job its exit code */
	if (state_job(c->st, ev->job_id) &&
	    state_job(c->st, ev->job_id)->restarts &&
	    !launched_on(c, ev->job_id, node) &&
	    !node_failed_run(c, ev->job_id, node)) {
		log_info("job %u: end of an earlier run reported by %s; the "
			 "job has moved on", ev->job_id, node);
		ack_later(c, node, ev->job_id);
		return;
	}
	log_debug("job %u: end reported by %s (status %d)", ev->job_id, node,
		  ev->status);
	if (ev->reason == WIRE_FAIL_EPILOG)
		drain_node(c, node, "Epilog error");
	/* the node's time of the end, not of this report, which may come
	 * long after (the controller or the node daemon was down); apply
	 * keeps it between the job's start and now */
	propose_ev(c, node, ev->job_id,
		   cmd_job_end_at(ev->job_id, ev->status,
				  ev->time ? ev->time : now, now),
		   true, true, ev->status);
}

static bool in_list(const uint32_t *v, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void send_terminate(struct ctld *c, struct ndconn *n, uint32_t job_id,
			   uint32_t reason)
{
	struct wire_signal s = {
		.job_id = job_id, .signal = SIGTERM,
		.kill_wait = c->st->params.kill_wait, .reason = reason,
	};
	buf_t *b = wire_frame_begin(WIRE_JOB_TERMINATE);

	wire_pack_signal(b, &s);
	nd_send(n, b);
}

/* Why the model ended a job that still holds its node. */
static uint32_t term_reason(const struct job *j)
{
	switch (j->state) {
	case JOB_ST_TIMEOUT: return WIRE_TERM_TIMEOUT;
	case JOB_ST_NODE_FAIL: return WIRE_TERM_NODEFAIL;
	/* requeued while its old run still holds the nodes */
	case JOB_ST_PENDING: return WIRE_TERM_REQUEUE;
	default: return WIRE_TERM_CANCEL;
	}
}

static time_t term_retry_delay(uint32_t tries)
{
	time_t d = TERM_RETRY_FIRST;

	while (tries-- > 1 && d < TERM_RETRY_MAX)
		d *= 2;
	return d < TERM_RETRY_MAX ? d : TERM_RETRY_MAX;
}

/* scontrol suspend/resume: a suspended job's processes are stopped, and
 * continued once it is resumed. What the node was last sent on its
 * connection is soft state; a new connection sends it again
 * (reconcile_registration). An allocation (salloc) has no processes on
 * its nodes: suspending it only changes its state, as in Slurm. */
static void reconcile_suspend(struct ctld *c, struct job *j)
{
	bool stop = j->state == JOB_ST_SUSPENDED;

	/* a job suspended while its nodes reboot for it has nothing
	 * there to stop yet */
	if (j->interactive || j->configuring || stop == j->stop_sent ||
	    (!stop && j->state != JOB_ST_RUNNING))
		return;
	if (nodes_signal(c, j->id, stop ? SIGSTOP : SIGCONT, 0) < 0) {
		log_debug("job %u: %s not sent yet: %s", j->id,
			  stop ? "suspend" : "resume", err_msg());
		return;
	}
	log_info("job %u: %s its processes", j->id,
		 stop ? "stopping (suspended)" : "continuing (resumed)");
	j->stop_sent = stop;
}

/* Send J's node what the model says it must still do for J: a job the
 * model has ended (cancelled, timed out) but that still holds the node
 * is terminated, and terminated again, spaced out, until the node
 * reports its end. Nothing is sent to a node that is not connected: its
 * registration brings it here again. */
static void reconcile_job(struct ctld *c, struct job *j, time_t now)
{
	struct ndconn *n;

	/* a cancelled allocation's salloc is told first */
	if (j->revoke_wait)
		return;
	reconcile_suspend(c, j);
	/* a step's srun hears of the end before its tasks are stopped */
	if (steps_reconcile(c, j, now))
		return;
	if (!j->completing || !j->node_bits)
		return;
	n = conn_of(c, (long)j->batch_node);
	if (!n)
		return;
	if (j->term_sent && now < j->term_sent + term_retry_delay(j->term_tries))
		return;
	if (j->term_sent)
		log_info("job %u: node %s has not reported its end yet; "
			 "sending the terminate again", j->id, n->name);
	send_terminate(c, n, j->id, term_reason(j));
	j->term_sent = now;
	j->term_tries++;
}

int nodes_send_frame(struct ctld *c, uint32_t idx, buf_t *frame)
{
	struct ndconn *n = conn_of(c, (long)idx);

	if (!n || n->state != ND_REGISTERED) {
		buf_free(frame);
		err_set("node daemon not connected");
		return -1;
	}
	nd_send(n, frame);
	return 0;
}

void nodes_job_changed(struct ctld *c, uint32_t job_id)
{
	struct job *j = state_job(c->st, job_id);

	if (!j)
		return;
	/* a new reason to act: send now, whatever was sent before */
	j->term_sent = 0;
	j->term_tries = 0;
	reconcile_job(c, j, time(NULL));
}

void nodes_reconcile(struct ctld *c, time_t now)
{
	/* one pass over the jobs, not one per node: most hold no node */
	for (uint32_t i = 0; i < c->st->njobs; i++)
		reconcile_job(c, c->st->jobs[i], now);
}

/* After a registration's REGISTER_OK: bring what node IDX runs in line
 * with the model. Ends it reports are recorded; a job the model runs
 * there that the node does not have gets its launch again (the launch
 * was lost with a connection); a job the model has ended that the node
 * no longer has lets go of the node; and everything the model still
 * wants of the node is sent on this new connection. */
static void reconcile_registration(struct ctld *c, struct ndconn *n, long idx,
				   const struct wire_register *r, time_t now)
{
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		struct job *j = c->st->jobs[i];
		bool ended = false;

		/* an allocation has nothing on the node to compare */
		/* the steps' stops go again on this connection */
		for (uint32_t k = 0; k < j->nsteps; k++)
			if (step_on_node(j->steps[k], (uint32_t)idx))
				j->steps[k]->kill_sent = 0;
		/* its nodes reboot for it (this one maybe back now): its
		 * launch is due once none does */
		if (j->configuring && j->node_bits &&
		    bit_test(j->node_bits, (uint32_t)idx))
			j->boot_wait = true;
		if (!j->node_bits || j->batch_node != (uint32_t)idx ||
		    j->interactive)
			continue;
		for (uint32_t k = 0; k < r->nended; k++)
			if (r->ended[k].job_id == j->id)
				ended = true;
		/* nothing was sent on this connection yet; a job that was
		 * ever suspended gets its stop or continue again */
		j->term_sent = 0;
		j->term_tries = 0;
		j->stop_sent = j->suspend_time && j->state == JOB_ST_RUNNING;
		if (ended)
			continue;
		if (in_list(r->running, r->nrunning, j->id)) {
			reconcile_job(c, j, now);
		} else if (j->configuring) {
			/* its nodes reboot for it (suspended meanwhile or
			 * not): launched once back and running */
		} else if (j->state == JOB_ST_RUNNING) {
			log_warn("job %u: node %s does not have it; sending its "
				 "launch again", j->id, n->name);
			nodes_launch(c, j->id);
		} else if (j->completing || j->state == JOB_ST_SUSPENDED) {
			/* a suspended job the node lost cannot be resumed:
			 * it ends, as one killed while stopped */
			propose_event(c, n->name, j->id,
				      cmd_job_end(j->id, SIGKILL, now), false);
		}
	}
	for (uint32_t k = 0; k < r->nended; k++)
		job_ended(c, n->name, &r->ended[k],
			  wire_fail_is_launch(r->ended[k].reason) ?
			  WIRE_JOB_FAILED_LAUNCH : WIRE_JOB_ENDED);
}

static void node_up_done(void *arg, int status, void *result)
{
	struct ctld *c = arg;
	struct state_result *res = result;

	if (status != RNODE_OK || !res || res->rc != STATE_EOK)
		log_warn("node registration not applied: %s",
			 res ? state_strerror(res->rc) : err_msg());
	free(result);
	/* a node back from a job's reboot may let that job run */
	nodes_reboot(c, time(NULL));
	sched_request(c);
}

static void on_register(struct ndconn *n, buf_t *body)
{
	struct ctld *c = n->c;
	struct wire_register r;
	struct wire_register_ok ok;
	struct auth_cred cred;
	uid_t uid = 0;
	gid_t gid = 0;
	long idx;
	buf_t *fields, *b;
	uint32_t nkill = 0, *kill = NULL;
	time_t now = time(NULL);

	if (wire_unpack_register(body, &r) < 0) {
		log_warn("%s: %s", n->peer, err_msg());
		nd_refuse(n, WIRE_REGISTER_REFUSED, err_msg());
		return;
	}
	/* the credential covers the registration's content */
	fields = buf_new(256);
	wire_pack_register_fields(fields, &r);
	memset(&cred, 0, sizeof(cred));
	if (c->conf->auth == CONF_AUTH_NONE ||
	    c->sc->auth_type == SLURM_CONF_AUTH_NONE) {
		cred.plugin_id = AUTH_PLUGIN_NONE;
		uid = 0;
	} else {
		cred.plugin_id = AUTH_PLUGIN_MUNGE;
		cred.munge = r.cred;
		if (!r.cred || auth_verify(c->auth, &cred, WIRE_NODE_REGISTER,
					   fields->data, buf_len(fields), &uid,
					   &gid) < 0) {
			log_warn("%s: node registration refused: %s", n->peer,
				 r.cred ? err_msg() : "no credential");
			nd_refuse(n, WIRE_REGISTER_REFUSED,
				  "authentication failed");
			goto out;
		}
	}
	if (!ctld_is_operator(c, uid)) {
		log_warn("%s: node registration from uid %u refused: only root "
			 "or SlurmUser may run a node daemon", n->peer, (unsigned)uid);
		nd_refuse(n, WIRE_REGISTER_REFUSED,
			  "only root or SlurmUser may register a node");
		goto out;
	}
	/* Without a committed slurm.conf no node is known yet: "try again
	 * later", not the refusal that stops the node daemon. */
	if (!c->leader || ctld_not_ready(c)) {
		/* name the leader's host, which the node daemon finds in
		 * its own list of controllers */
		char host[64];

		if (c->leader || forward_leader_host(c, host, sizeof(host)) < 0)
			host[0] = '\0';
		nd_refuse(n, WIRE_NOT_LEADER, host);
		goto out;
	}
	ctld_sync_soft(c);
	idx = r.node_name ? state_node_index(c->st, r.node_name) : -1;
	if (idx < 0) {
		char *msg = xasprintf("node '%s' is not in slurm.conf",
				      r.node_name ? r.node_name : "");

		log_warn("%s: %s", n->peer, msg);
		nd_refuse(n, WIRE_REGISTER_REFUSED, msg);
		free(msg);
		goto out;
	}
	if (c->nsoft[idx].conn && c->nsoft[idx].conn != n) {
		log_info("node %s registered again; dropping its old connection",
			 r.node_name);
		nd_free(c->nsoft[idx].conn);
	}
	n->name = xstrdup(r.node_name);
	free(n->version);
	n->version = r.version ? xstrdup(r.version) : NULL;
	free(n->arch);
	n->arch = r.arch ? xstrdup(r.arch) : NULL;
	free(n->os);
	n->os = r.os ? xstrdup(r.os) : NULL;
	n->boot_time = r.boot_time;
	n->state = ND_REGISTERED;
	c->nsoft[idx].conn = n;
	ctld_nodes_changed(c);
	c->nsoft[idx].last_seen = now;
	c->nsoft[idx].down_proposed = false;
	log_info("node %s registered from %s (%u CPUs, %llu MB, %u running, "
		 "%u ended)", n->name, n->peer, r.cpus,
		 (unsigned long long)r.memory_mb, r.nrunning, r.nended);

	/* Running jobs the model does not give this node: the node kills
	 * them on the answer. */
	kill = xcalloc(r.nrunning ? r.nrunning : 1, sizeof(*kill));
	for (uint32_t i = 0; i < r.nrunning; i++) {
		struct job *j = state_job(c->st, r.running[i]);

		if (!j || !job_on_nodes(j) || j->batch_node != (uint32_t)idx)
			kill[nkill++] = r.running[i];
	}

	/* REGISTER_OK goes first, always: the node takes job requests only
	 * once it is registered */
	memset(&ok, 0, sizeof(ok));
	ok.cluster = c->sc->cluster_name;
	ok.heartbeat_interval = c->st->params.slurmd_timeout / 3 ?
		c->st->params.slurmd_timeout / 3 : 1;
	if (ok.heartbeat_interval > 30)
		ok.heartbeat_interval = 30;
	ok.kill = kill;
	ok.nkill = nkill;
	b = wire_frame_begin(WIRE_REGISTER_OK);
	wire_pack_register_ok(b, &ok);
	nd_send(n, b);

	reconcile_registration(c, n, idx, &r, now);
	/* a gres.conf on the node: its GPUs are checked against Gres= */
	ctld_propose(c, r.gres_conf ?
		     cmd_node_up_gpus(n->name, r.cpus, r.memory_mb, r.boot_time,
				      r.gres_gpus, now) :
		     cmd_node_up(n->name, r.cpus, r.memory_mb, r.boot_time, now),
		     node_up_done, c);
out:
	free(kill);
	buf_free(fields);
	wire_register_free(&r);
}

/* Take HB's load and free memory for Slurm node records when the last
 * were taken a ping interval ago (slurmctld's pings: SlurmdTimeout/3),
 * and tell node lists when what they show changes. */
static void nd_show_live(struct ndconn *n, const struct wire_heartbeat *hb)
{
	time_t now = time(NULL);
	time_t every = n->c->st->params.slurmd_timeout / 3;

	if (n->shown && now - n->shown_at < (every > 0 ? every : 1))
		return;
	if (!n->shown || n->shown_load != hb->load ||
	    n->shown_free_mem_mb != hb->free_mem_mb)
		ctld_nodes_changed(n->c);
	n->shown = true;
	n->shown_at = now;
	n->shown_load = hb->load;
	n->shown_free_mem_mb = hb->free_mem_mb;
}

static void nd_dispatch(struct ndconn *n, uint16_t type, buf_t *body)
{
	struct ctld *c = n->c;
	long idx;

	if (n->state == ND_NEW) {
		if (type != WIRE_NODE_REGISTER) {
			log_warn("%s: %s before registration", n->peer,
				 wire_type_name(type));
			nd_refuse(n, WIRE_ERROR, "register first");
			return;
		}
		on_register(n, body);
		return;
	}
	idx = state_node_index(c->st, n->name);
	if (idx >= 0 && (uint32_t)idx < c->nsoft_len)
		c->nsoft[idx].last_seen = time(NULL);
	switch (type) {
	case WIRE_NODE_HEARTBEAT: {
		struct wire_heartbeat hb;

		if (wire_unpack_heartbeat(body, &hb) < 0)
			goto bad;
		n->hb_seen = true;
		n->free_mem_mb = hb.free_mem_mb;
		nd_show_live(n, &hb);
		if (idx >= 0 && (uint32_t)idx < c->nsoft_len) {
			struct node_soft *ns = &c->nsoft[idx];
			/* monitors hear of it when it moves by 0.1 or more */
			bool moved = !ns->load_known || ns->load / 10 != hb.load / 10;

			ns->load = hb.load;
			ns->load_known = true;
			if (moved)
				events_nodes(c);
		}
		break;
	}
	case WIRE_JOB_STARTED: {
		struct wire_job_event ev;

		if (wire_unpack_job_event(body, &ev) < 0)
			goto bad;
		log_info("job %u started on %s", ev.job_id, n->name);
		wire_job_event_free(&ev);
		break;
	}
	case WIRE_JOB_ENDED:
	case WIRE_JOB_FAILED_LAUNCH: {
		struct wire_job_event ev;

		if (wire_unpack_job_event(body, &ev) < 0)
			goto bad;
		if (!c->leader)
			break;
		job_ended(c, n->name, &ev, type);
		wire_job_event_free(&ev);
		break;
	}
	case WIRE_STEP_ENDED: {
		struct wire_step_event ev;

		if (wire_unpack_step_event(body, &ev) < 0)
			goto bad;
		if (c->leader)
			steps_node_ended(c, n->name, &ev);
		wire_step_event_free(&ev);
		break;
	}
	default:
		log_warn("%s: unexpected message %s (%u)", n->name,
			 wire_type_name(type), type);
		nd_refuse(n, WIRE_ERROR, "unexpected message type");
		return;
	}
	return;
bad:
	log_warn("%s: %s", n->name, err_msg());
	nd_refuse(n, WIRE_ERROR, err_msg());
}

static void nd_read(struct lconn *lc, void *arg)
{
	struct ndconn *n = arg;
	struct evbuffer *in = bufferevent_get_input(n->bev);

	while (n->state != ND_CLOSING) {
		size_t have = evbuffer_get_length(in);
		uint8_t *data;
		long flen;
		uint16_t type;
		buf_t body;

		if (have < 4)
			return;
		data = evbuffer_pullup(in, have < WIRE_HDR_LEN ? (ssize_t)have :
				       WIRE_HDR_LEN);
		flen = wire_frame_complete(data, have);
		if (flen < 0) {
			log_warn_limited("%s: %s", n->peer, err_msg());
			nd_free(n);
			return;
		}
		if (n->state == ND_NEW &&
		    ((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
		     (uint32_t)data[2] << 8 | data[3]) > ND_REGISTER_MAX) {
			log_warn_limited("%s: refusing a first frame of more "
					 "than %u bytes", n->peer,
					 ND_REGISTER_MAX);
			nd_free(n);
			return;
		}
		if (flen == 0)
			return;
		data = evbuffer_pullup(in, flen);
		if (wire_frame_parse(data, (size_t)flen, &type, &body) < 0) {
			log_warn_limited("%s: %s", n->peer, err_msg());
			nd_free(n);
			return;
		}
		{
			uint8_t *copy = xmalloc((size_t)flen);
			buf_t view;

			memcpy(copy, data, (size_t)flen);
			evbuffer_drain(in, (size_t)flen);
			buf_init_view(&view, copy + WIRE_HDR_LEN,
				      (size_t)flen - WIRE_HDR_LEN);
			nd_dispatch(n, type, &view);
			free(copy);
		}
		/* nd_dispatch may have freed a connection it replaced, never
		 * this one unless it is closing */
		if (n->state == ND_REGISTERED && !n->trusted) {
			/* a node daemon, registered: no request deadline,
			 * never dropped for strangers, any frame size */
			lconn_set_state(n->lc, CL_TRUSTED);
			bufferevent_setwatermark(n->bev, EV_READ, 0, 0);
			n->trusted = true;
		}
	}
}

static void nd_closed(struct lconn *lc, void *arg, const char *why)
{
	struct ndconn *n = arg;

	if (n->state != ND_REGISTERED)
		log_debug("%s: %s", n->peer, why);
	nd_free(n);
}

static const struct lconn_ops nd_ops = {
	.read = nd_read,
	.drained = nd_write_done,
	.closed = nd_closed,
};

static void on_accept(struct lconn *lc, void *arg)
{
	struct ctld *c = arg;
	struct ndconn *n = xcalloc(1, sizeof(*n));

	n->c = c;
	n->lc = lc;
	n->bev = lconn_bev(lc);
	snprintf(n->peer, sizeof(n->peer), "%s", lconn_peer(lc));
	n->next = c->ndconns;
	c->ndconns = n;
	lconn_attach(lc, &nd_ops, n);
	/* a stranger until it registers: read no more than that may be */
	bufferevent_setwatermark(n->bev, EV_READ, 0, 4 + ND_REGISTER_MAX);
}

int nodes_listen(struct ctld *c)
{
	struct sockaddr_in sin;
	char why[256];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(c->conf->node_port);
	if (inet_pton(AF_INET, c->conf->listen_addr, &sin.sin_addr) != 1) {
		err_set("listen_addr '%s' is not an IPv4 address", c->conf->listen_addr);
		return -1;
	}
	c->node_listener = lsn_new(c->lpool, "node port", (struct sockaddr *)&sin,
				   sizeof(sin), 128, on_accept, c);
	if (!c->node_listener) {
		snprintf(why, sizeof(why), "%s", err_msg());
		err_set("cannot listen on %s:%u (node_port): %s",
			c->conf->listen_addr, c->conf->node_port, why);
		return -1;
	}
	return 0;
}

void nodes_close(struct ctld *c)
{
	struct ev_pending *p;

	while ((p = deferred)) {
		deferred = p->next;
		ev_free(p);
	}
	lsn_free(c->node_listener);
	c->node_listener = NULL;
	while (c->ndconns)
		nd_free(c->ndconns);
}

void nodes_leader_changed(struct ctld *c)
{
	struct ndconn *next;

	if (!c->leader) {
		while (c->ndconns)
			nd_free(c->ndconns);
		return;
	}
	/* sbatch --reboot: the jobs waiting for their nodes are launched
	 * by this leader once they are back */
	for (uint32_t i = 0; i < c->st->njobs; i++)
		c->st->jobs[i]->boot_wait = c->st->jobs[i]->configuring;
	/* node indexes may have changed: attach connections by name */
	for (struct ndconn *n = c->ndconns; n; n = next) {
		long idx;

		next = n->next;
		if (n->state != ND_REGISTERED)
			continue;
		idx = state_node_index(c->st, n->name);
		if (idx >= 0 && (uint32_t)idx < c->nsoft_len) {
			c->nsoft[idx].conn = n;
		} else if (idx < 0) {
			/* removed from the model: its daemon learns why when
			 * it registers again. A forced removal queued the
			 * terminates of its jobs just before: close once they
			 * are written, or the processes would run on. */
			log_info("node %s is no longer in the cluster; closing "
				 "its connection", n->name);
			if (!evbuffer_get_length(bufferevent_get_output(n->bev))) {
				nd_free(n);
				continue;
			}
			log_info("node %s disconnected", n->name);
			n->state = ND_CLOSING;
			bufferevent_disable(n->bev, EV_READ);
		}
	}
}

/* %A (the array's id) and %a (the task index) of an array task, width
 * and all ("%3a"); the node daemon fills in the rest (%j, %N, ...), so
 * every other '%' stays as written. */
static bool array_letter(char **out, char letter, int width, void *arg)
{
	const struct job *j = arg;

	if (letter != 'A' && letter != 'a')
		return false;
	xstrfmtcat(out, "%0*u", width, letter == 'A' ? j->array_job_id :
		   j->array_task_id);
	return true;
}

static char *array_pattern(const char *pattern, const struct job *j)
{
	return fpat_expand(pattern, array_letter, (void *)j);
}

/* The submitted environment and, for an array task, Slurm's
 * SLURM_ARRAY_* variables ahead of it (malloc'd vector, strings of the
 * job's own borrowed; the first *OWN entries are ours to free). */
static char **array_env(const struct job *j, uint32_t *count, uint32_t *own)
{
	char **v = xcalloc((size_t)j->env_count + 7, sizeof(*v));
	uint32_t n = 0;

	v[n++] = xasprintf("SLURM_ARRAY_JOB_ID=%u", j->array_job_id);
	v[n++] = xasprintf("SLURM_ARRAY_TASK_ID=%u", j->array_task_id);
	v[n++] = xasprintf("SLURM_ARRAY_TASK_COUNT=%u", j->array_count);
	v[n++] = xasprintf("SLURM_ARRAY_TASK_MIN=%u", j->array_min);
	v[n++] = xasprintf("SLURM_ARRAY_TASK_MAX=%u", j->array_max);
	v[n++] = xasprintf("SLURM_ARRAY_TASK_STEP=%u", j->array_step);
	*own = n;
	for (uint32_t i = 0; i < j->env_count; i++)
		v[n++] = j->env[i];
	*count = n;
	return v;
}

/* The CPUs J holds on each of its nodes as SLURM_JOB_CPUS_PER_NODE
 * writes them: "2(x2),1". */
char *job_cpus_per_node_str(const struct job *j)
{
	uint32_t n = (uint32_t)bit_count(j->node_bits), runs;
	uint32_t *cpus = xcalloc(n ? n : 1, sizeof(*cpus));
	uint32_t *reps = xcalloc(n ? n : 1, sizeof(*reps));
	char *s = NULL;

	runs = job_cpu_runs(j, cpus, reps);
	for (uint32_t r = 0; r < runs; r++)
		xstrfmtcat(&s, reps[r] > 1 ? "%s%u(x%u)" : "%s%u",
			   s ? "," : "", cpus[r], reps[r]);
	free(cpus);
	free(reps);
	return s;
}

void nodes_launch(struct ctld *c, uint32_t job_id)
{
	struct job *j = state_job(c->st, job_id);
	struct ndconn *n;
	struct wire_launch l;
	uint32_t own = 0;
	buf_t *b;

	/* salloc runs the user's command on the submit host: an
	 * allocation launches nothing on its nodes */
	if (!j || j->state != JOB_ST_RUNNING || j->interactive)
		return;
	/* sbatch --reboot: launched once its nodes are back */
	if (j->configuring) {
		j->boot_wait = true;
		return;
	}
	n = conn_of(c, (long)j->batch_node);
	if (!n) {
		log_warn("job %u: node %s is not connected; requeueing", job_id,
			 c->st->nodes[j->batch_node].name);
		/* nothing was sent, so no launch credential is out there
		 * to wait for: it may start again at once (as when a
		 * controller that took over finds a node not back yet) */
		ctld_propose(c, cmd_requeue(job_id, JOB_REASON_LAUNCH_FAIL,
					    0, time(NULL)), NULL, NULL);
		return;
	}
	memset(&l, 0, sizeof(l));
	l.job_id = j->id;
	l.name = j->name;
	l.user = j->user;
	l.partition = j->partition;
	l.uid = j->uid;
	l.gid = j->gid;
	l.work_dir = j->work_dir;
	l.std_out = j->std_out;
	l.std_err = j->std_err;
	l.open_mode = j->open_mode == JOB_OPEN_APPEND ? 1 : 0;
	l.std_in = j->std_in;
	l.script = j->script;
	l.env = j->env;
	l.env_count = j->env_count;
	l.argv = j->argv;
	l.argc = j->argc;
	l.nodelist = j->nodes;
	l.num_nodes = bit_count(j->node_bits);
	l.num_tasks = j->num_tasks;
	l.cpus_per_task = j->cpus_per_task;
	l.cpus_on_node = job_cpus_at(j, 0);   /* the script's: the first */
	if (j->cpus_by_task)
		l.cpus_per_node = job_cpus_per_node_str(j);
	l.mem_mb = j->alloc_mem_mb;
	l.time_limit = j->time_limit;
	l.start_time = j->start_time;
	l.submit_dir = j->work_dir;
	l.account = j->account;
	l.restarts = j->restarts;
	l.req = j->req;
	/* the GPU indexes it holds on the node that runs its script */
	uint64_t gm = job_gpu_mask(j, j->batch_node);

	for (uint32_t i = 0; i < 64; i++)
		if (gm & (1ull << i))
			xstrfmtcat(&l.gpus, "%s%u", l.gpus ? "," : "", i);
	if (j->array_job_id) {
		/* slurmstepd's default for a task is slurm-%A_%a.out, not
		 * the node daemon's slurm-%j.out */
		l.std_out = array_pattern(j->std_out ? j->std_out :
					  "slurm-%A_%a.out", j);
		l.std_err = j->std_err ? array_pattern(j->std_err, j) : NULL;
		l.std_in = j->std_in ? array_pattern(j->std_in, j) : NULL;
		l.env = array_env(j, &l.env_count, &own);
	}
	b = wire_frame_begin(WIRE_JOB_LAUNCH);
	wire_pack_launch(b, &l);
	free(l.gpus);
	free(l.cpus_per_node);
	nd_send(n, b);
	if (j->array_job_id) {
		free(l.std_out);
		free(l.std_err);
		free(l.std_in);
		for (uint32_t i = 0; i < own; i++)
			free(l.env[i]);
		free(l.env);
	}
	log_info("job %u launched on %s", job_id, n->name);
}

void nodes_terminate(struct ctld *c, uint32_t job_id, uint32_t reason)
{
	struct job *j = state_job(c->st, job_id);
	struct ndconn *n;

	if (!j || !j->node_bits)
		return;
	n = conn_of(c, (long)j->batch_node);
	if (n)
		send_terminate(c, n, job_id, reason);
}

void nodes_terminate_at(struct ctld *c, uint32_t idx, uint32_t job_id,
			uint32_t reason)
{
	struct ndconn *n = conn_of(c, (long)idx);

	if (n)
		send_terminate(c, n, job_id, reason);
}

/* Job J's running steps that have an srun, into FJ, each with the nodes
 * of FAILING it runs on. */
static void note_steps(struct ctld *c, const struct job *j,
		       const bitstr_t *failing, struct failed_job *fj)
{
	fj->nsteps = 0;
	fj->steps = NULL;
	for (uint32_t k = 0; k < j->nsteps; k++) {
		const struct step *s = j->steps[k];
		struct failed_step *fs;
		hostlist_t *hl;

		if (s->state != STEP_ST_RUNNING || !s->srun_port ||
		    !s->srun_host || !s->node_bits)
			continue;
		if (!fj->steps)
			fj->steps = xcalloc(j->nsteps, sizeof(*fj->steps));
		fs = &fj->steps[fj->nsteps++];
		fs->id = s->id;
		fs->srun_host = xstrdup(s->srun_host);
		fs->srun_port = s->srun_port;
		hl = hostlist_create(NULL);
		for (int64_t i = bit_next_set(s->node_bits, 0); i >= 0;
		     i = bit_next_set(s->node_bits, (uint32_t)i + 1))
			if ((uint32_t)i < bit_size(failing) &&
			    bit_test(failing, (uint32_t)i) &&
			    (uint32_t)i < c->st->nnodes)
				hostlist_push_host(hl, c->st->nodes[i].name);
		if (hostlist_count(hl))
			fs->failed = hostlist_ranged_string(hl);
		hostlist_destroy(hl);
	}
}

void nodes_failed_note(struct ctld *c, const bitstr_t *failing,
		       struct failed_jobs *f)
{
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		struct job *j = c->st->jobs[i];
		bool hit = false;

		if ((j->state != JOB_ST_RUNNING &&
		     j->state != JOB_ST_SUSPENDED) || !j->node_bits)
			continue;
		for (int64_t k = bit_next_set(j->node_bits, 0); k >= 0 && !hit;
		     k = bit_next_set(j->node_bits, (uint32_t)k + 1))
			hit = (uint32_t)k < bit_size(failing) &&
			      bit_test(failing, (uint32_t)k);
		if (!hit)
			continue;
		xgrow((void **)&f->v, &f->cap, f->n + 1, sizeof(*f->v));
		note_steps(c, j, failing, &f->v[f->n]);
		f->v[f->n].id = j->id;
		f->v[f->n].uid = j->uid;
		f->v[f->n++].bits = bit_copy(j->node_bits);
	}
}

/* A requeued job that let go of its nodes at once, its run's steps gone
 * from the model: their sruns are told first, and the stops on the
 * job's nodes wait for their answers (STEP_TELL_WAIT_MS at most), so
 * that srun hears of the end before its tasks die, as from slurmctld. */
struct dropped {
	struct ctld *c;
	uint32_t job_id;
	bitstr_t *bits;            /* the job's nodes */
	uint32_t waiting;          /* answers awaited, +1 while telling */
	struct event *timer;
	bool stopped;
};

static void dropped_free_if_over(struct dropped *d)
{
	if (!d->stopped || d->waiting)
		return;
	if (d->timer)
		event_free(d->timer);
	bit_free(d->bits);
	free(d);
}

static void dropped_stop_now(struct dropped *d)
{
	if (d->stopped)
		return;
	d->stopped = true;
	if (d->timer)
		evtimer_del(d->timer);
	/* a new leader stops nothing of a run its model does not hold */
	if (d->c->stopping || !d->c->leader)
		return;
	for (int64_t k = bit_next_set(d->bits, 0); k >= 0;
	     k = bit_next_set(d->bits, (uint32_t)k + 1))
		nodes_terminate_at(d->c, (uint32_t)k, d->job_id,
				   WIRE_TERM_REQUEUE);
}

static void dropped_timer(evutil_socket_t fd, short what, void *arg)
{
	struct dropped *d = arg;

	dropped_stop_now(d);
	dropped_free_if_over(d);
}

static void dropped_answered(void *arg)
{
	struct dropped *d = arg;

	if (--d->waiting == 0)
		dropped_stop_now(d);
	dropped_free_if_over(d);
}

static void dropped_stop(struct ctld *c, const struct failed_job *fj)
{
	struct timeval tv = { STEP_TELL_WAIT_MS / 1000,
			      (STEP_TELL_WAIT_MS % 1000) * 1000 };
	struct dropped *d = xcalloc(1, sizeof(*d));

	d->c = c;
	d->job_id = fj->id;
	d->bits = bit_copy(fj->bits);
	d->waiting = 1;
	for (uint32_t k = 0; k < fj->nsteps; k++) {
		d->waiting++;
		if (!steps_tell_dropped(c, fj->uid, fj->id, &fj->steps[k],
					dropped_answered, d))
			d->waiting--;
	}
	if (d->waiting > 1) {
		d->timer = evtimer_new(c->base, dropped_timer, d);
		evtimer_add(d->timer, &tv);
	}
	dropped_answered(d);
}

void nodes_failed_stop(struct ctld *c, const struct failed_jobs *f)
{
	for (uint32_t i = 0; i < f->n; i++) {
		struct job *j = state_job(c->st, f->v[i].id);
		const bitstr_t *b = f->v[i].bits;

		if (!j)
			;
		else if (j->state == JOB_ST_NODE_FAIL)
			nodes_terminate(c, j->id, WIRE_TERM_NODEFAIL);
		else if (j->state == JOB_ST_PENDING && j->completing)
			nodes_job_changed(c, j->id);
		else if (j->state == JOB_ST_PENDING && b)
			dropped_stop(c, &f->v[i]);
	}
}

void nodes_failed_free(struct failed_jobs *f)
{
	for (uint32_t i = 0; i < f->n; i++) {
		for (uint32_t k = 0; k < f->v[i].nsteps; k++) {
			free(f->v[i].steps[k].srun_host);
			free(f->v[i].steps[k].failed);
		}
		free(f->v[i].steps);
		bit_free(f->v[i].bits);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

const char *nodes_live_info(struct ctld *c, uint32_t idx, uint32_t *load,
			    uint64_t *free_mem_mb)
{
	struct ndconn *n = conn_of(c, (long)idx);

	if (!n || !n->shown)
		return n ? n->version : NULL;
	*load = n->shown_load;
	*free_mem_mb = n->shown_free_mem_mb;
	return n->version;
}

void nodes_system_info(struct ctld *c, uint32_t idx, const char **arch,
		       const char **os)
{
	struct ndconn *n = conn_of(c, (long)idx);

	*arch = n ? n->arch : NULL;
	*os = n ? n->os : NULL;
}

int nodes_notify(struct ctld *c, uint32_t job_id, const char *msg)
{
	struct job *j = state_job(c->st, job_id);
	struct wire_job_event ev = { .job_id = job_id, .message = (char *)msg };
	struct ndconn *n;
	buf_t *b;

	if (!j || !j->node_bits || !(n = conn_of(c, (long)j->batch_node))) {
		err_set("job %u is not running on a connected node", job_id);
		return -1;
	}
	b = wire_frame_begin(WIRE_JOB_NOTIFY);
	wire_pack_job_event(b, &ev);
	nd_send(n, b);
	return 0;
}

int nodes_signal(struct ctld *c, uint32_t job_id, uint32_t sig,
		 uint32_t flags)
{
	struct job *j = state_job(c->st, job_id);
	struct ndconn *n;
	struct wire_signal s = {
		.job_id = job_id, .signal = sig, .flags = flags,
	};
	bool shell;
	buf_t *b;

	if (!j || !j->node_bits || !(n = conn_of(c, (long)j->batch_node))) {
		err_set("job %u is not running on a connected node", job_id);
		return -1;
	}
	/* the batch shell runs on the batch node only, steps on every
	 * node of the job */
	shell = flags & (WIRE_SIG_BATCH | WIRE_SIG_FULL);
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1)) {
		if ((shell && (uint32_t)i != j->batch_node) ||
		    !(n = conn_of(c, (long)i)))
			continue;
		b = wire_frame_begin(WIRE_JOB_SIGNAL);
		wire_pack_signal(b, &s);
		nd_send(n, b);
	}
	return 0;
}

struct down_op {
	struct ctld *c;
	struct failed_jobs jobs;
};

static void down_done(void *arg, int status, void *result)
{
	struct down_op *o = arg;

	/* the node's own daemon is gone; its jobs' other nodes are not */
	if (status == RNODE_OK)
		nodes_failed_stop(o->c, &o->jobs);
	nodes_failed_free(&o->jobs);
	free(result);
	sched_request(o->c);
	free(o);
}

void nodes_check_liveness(struct ctld *c, time_t now)
{
	uint32_t timeout = c->st->params.slurmd_timeout;

	if (!timeout)
		return;
	for (uint32_t i = 0; i < c->st->nnodes && i < c->nsoft_len; i++) {
		struct node *nd = &c->st->nodes[i];
		struct node_soft *s = &c->nsoft[i];

		if (nd->base == NODE_ST_FUTURE || s->down_proposed)
			continue;
		if (nd->base == NODE_ST_DOWN && (nd->flags & NODE_FLAG_NO_RESPOND))
			continue;
		if (nd->base == NODE_ST_DOWN && !nd->njobs)
			continue;
		/* rebooting for a job: ResumeTimeout decides */
		if (nd->reboot == NODE_REBOOT_JOB)
			continue;
		if (now - s->last_seen <= (time_t)timeout)
			continue;
		log_warn("node %s not responding for %ld s; setting it DOWN",
			 nd->name, (long)(now - s->last_seen));
		s->down_proposed = true;
		if (s->conn)
			nd_free(s->conn);
		{
			struct down_op *o = xcalloc(1, sizeof(*o));
			bitstr_t *b = bit_alloc(c->st->nnodes);

			bit_set(b, i);
			o->c = c;
			nodes_failed_note(c, b, &o->jobs);
			bit_free(b);
			ctld_propose(c, cmd_node_down(nd->name, "Not responding",
						      c->sc->cred_expire, now),
				     down_done, o);
		}
	}
}

/* ---- scontrol reboot ------------------------------------------------- */

/* ResumeTimeout (slurm.conf, default 60 s, as slurmctld): how long a
 * node whose reboot was issued has to come back. */
static time_t resume_timeout(const struct ctld *c)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "ResumeTimeout");
	char *end;
	long v;

	if (!kv || !kv->value)
		return 60;
	v = strtol(kv->value, &end, 10);
	return end != kv->value && !*end && v >= 0 ? (time_t)v : 60;
}

struct reboot_step {
	struct ctld *c;
	char *name;
	bool issue;                /* else a timeout */
};

static void reboot_step_done(void *arg, int status, void *result)
{
	struct reboot_step *o = arg;
	struct state_result *res = result;
	struct ctld *c = o->c;
	long idx = state_node_index(c->st, o->name);

	if (status != RNODE_OK || !res || res->rc != STATE_EOK)
		log_warn("node %s: reboot %s not applied: %s", o->name,
			 o->issue ? "issue" : "timeout",
			 res ? state_strerror(res->rc) : err_msg());
	else if (o->issue)
		log_info("node %s: reboot issued", o->name);
	else {
		log_warn("node %s: not back from its reboot within "
			 "ResumeTimeout; set DOWN", o->name);
		/* an allocation it ended: its salloc or srun hears it
		 * before it asks again whether the nodes are ready */
		alloc_node_fail_tell(c, time(NULL));
	}
	if (idx >= 0 && (uint32_t)idx < c->nsoft_len)
		c->nsoft[idx].reboot_proposed = false;
	free(result);
	free(o->name);
	free(o);
	/* an issued reboot reaches the node daemon at once */
	nodes_reboot(c, time(NULL));
}

static void reboot_propose(struct ctld *c, struct node_soft *s,
			   const struct node *nd, bool issue, time_t now)
{
	struct reboot_step *o = xcalloc(1, sizeof(*o));

	o->c = c;
	o->name = xstrdup(nd->name);
	o->issue = issue;
	s->reboot_proposed = true;
	ctld_propose(c, issue ? cmd_node_reboot_issue(nd->name, now) :
		     cmd_node_reboot_timeout(nd->name, nd->boot_req_time,
					     c->sc->cred_expire, now),
		     reboot_step_done, o);
}

bool nodes_can_reboot(const struct ctld *c)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "RebootProgram");

	return kv && kv->value && *kv->value;
}

/* --reboot: launch each job seen waiting for its nodes' reboot that no
 * longer does (they are back, or were resumed), as slurmctld's
 * job_time_limit launches a job whose configuration is complete; an
 * allocation's (salloc, srun) sruns told its nodes were busy ask again. */
static void boot_launch(struct ctld *c)
{
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		struct job *j = c->st->jobs[i];

		if (j->configuring) {
			j->boot_wait = true;
			continue;
		}
		if (!j->boot_wait)
			continue;
		j->boot_wait = false;
		if (j->state != JOB_ST_RUNNING)
			continue;
		if (j->interactive) {
			log_info("job %u: its nodes are back from their "
				 "reboot; its steps may start", j->id);
			op_steps_wake(c, j->id);
			continue;
		}
		log_info("job %u: its nodes are back from their reboot; "
			 "launching it", j->id);
		nodes_launch(c, j->id);
	}
}

void nodes_reboot(struct ctld *c, time_t now)
{
	time_t timeout = resume_timeout(c);

	if (!c->leader)
		return;
	boot_launch(c);
	for (uint32_t i = 0; i < c->st->nnodes && i < c->nsoft_len; i++) {
		struct node *nd = &c->st->nodes[i];
		struct node_soft *s = &c->nsoft[i];
		struct ndconn *n = s->conn;

		if (nd->reboot == NODE_REBOOT_NONE || s->reboot_proposed)
			continue;
		if (nd->reboot == NODE_REBOOT_REQUESTED) {
			/* as slurmctld: once idle and responding, or down */
			if ((nd->base == NODE_ST_IDLE && !nd->njobs &&
			     !(nd->flags & NODE_FLAG_NO_RESPOND)) ||
			    nd->base == NODE_ST_DOWN)
				reboot_propose(c, s, nd, true, now);
			continue;
		}
		/* issued: its node daemon from before the reboot is told
		 * (again on each new connection); one started in a later
		 * second is the node back, which its registration records */
		if (n && n->state == ND_REGISTERED && !n->reboot_sent &&
		    n->boot_time <= nd->boot_req_time) {
			buf_t *b = wire_frame_begin(WIRE_NODE_REBOOT);

			log_info("node %s: telling its node daemon to reboot",
				 nd->name);
			n->reboot_sent = true;
			nd_send(n, b);
		}
		if (now - nd->boot_req_time > timeout)
			reboot_propose(c, s, nd, false, now);
	}
}

static void remove_done(void *arg, int status, void *result)
{
	struct ctld *c = arg;
	struct state_result *res = result;

	if (status != RNODE_OK || !res || res->rc != STATE_EOK)
		log_warn("node removal not applied: %s",
			 res ? state_strerror(res->rc) : err_msg());
	free(result);
	/* a removal that did not apply is tried again on the next tick;
	 * one that did has dropped the node's soft entry already */
	for (uint32_t i = 0; i < c->nsoft_len; i++)
		c->nsoft[i].remove_proposed = false;
	sched_request(c);
}

void nodes_remove_idle(struct ctld *c, time_t now)
{
	for (uint32_t i = 0; i < c->st->nnodes && i < c->nsoft_len; i++) {
		struct node *nd = &c->st->nodes[i];
		struct node_soft *s = &c->nsoft[i];

		if (!(nd->flags & NODE_FLAG_REMOVING) || nd->njobs ||
		    s->remove_proposed)
			continue;
		log_info("node %s: its last job has ended; removing it as %s",
			 nd->name, nd->flags & NODE_FLAG_DYNAMIC ?
			 "an operator asked" : "slurm.conf says");
		s->remove_proposed = true;
		ctld_propose(c, cmd_node_remove(nd->name, false,
						    c->sc->cred_expire, now),
			     remove_done, c);
	}
}

int nodes_remove_force(struct ctld *c, const char *name, rnode_done_cb cb,
		       void *arg)
{
	long idx = state_node_index(c->st, name);
	uint32_t nstopped = 0;

	if (idx < 0) {
		err_set("node '%s' does not exist", name);
		return -1;
	}
	if (!(c->st->nodes[idx].flags & NODE_FLAG_REMOVING)) {
		err_set("node '%s' is in slurm.conf; remove it there first",
			name);
		return -1;
	}
	/* Stop the processes first: once the node is gone nothing in the
	 * model would ever ask for it. A multi-node job runs its script on
	 * its batch node, which may be another one. */
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		struct job *j = c->st->jobs[i];

		if (!job_on_nodes(j) || (uint32_t)idx >= bit_size(j->node_bits) ||
		    !bit_test(j->node_bits, (uint32_t)idx))
			continue;
		/* a batch job that may be requeued is (cmd_node_remove),
		 * and then keeps none of its nodes: its steps are stopped
		 * on each of them */
		if (j->state == JOB_ST_PENDING || j->interactive ||
		    j->no_requeue)
			nodes_terminate(c, j->id, j->state == JOB_ST_PENDING ?
					WIRE_TERM_REQUEUE : WIRE_TERM_CANCEL);
		else
			for (int64_t k = bit_next_set(j->node_bits, 0); k >= 0;
			     k = bit_next_set(j->node_bits, (uint32_t)k + 1))
				nodes_terminate_at(c, (uint32_t)k, j->id,
						   WIRE_TERM_REQUEUE);
		nstopped++;
	}
	log_warn("node %s: forced removal, %u job(s) stopped", name, nstopped);
	return ctld_propose(c, cmd_node_remove(name, true, c->sc->cred_expire,
					    time(NULL)),
			    cb ? cb : remove_done, cb ? arg : c);
}
