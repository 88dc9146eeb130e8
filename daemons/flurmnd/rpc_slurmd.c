/* rpc_slurmd.c - the node's Slurm 22.05 port (the node's Port=, else
 * SlurmdPort, else 6818): what srun and scontrol send to slurmd. One
 * request per connection, as on the controller's Slurm port: the header
 * and MUNGE credential are checked before any body is taken, bodies have
 * a per-type limit, and every answer is freshly signed. Accepting,
 * connection limits and request deadlines are the shared listener
 * (lib/net/listener.c); the steps themselves are steps.c's. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "net/listener.h"
#include "net/sframe.h"
#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"
#include "slurm/auth.h"
#include "slurm/errnos.h"
#include "slurm/msg_cred.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_launch.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"

/* The controller's Slurm port defaults (flurmctld.conf): frames, time for
 * a whole request, connections per peer and bytes from strangers. */
#define SD_HEAD_MAX        16384
#define SD_MAX_FRAME       (64u << 20)
#define SD_REQUEST_TIMEOUT 30
#define SD_MAX_PER_PEER    512
#define SD_MAX_UNAUTH      (8u << 20)
#define SD_MAX_CONNS       4096
/* A launch carries the user's environment and argv. */
#define SD_LAUNCH_MAX      (8u << 20)
#define SD_BODY_DEFAULT    (64u << 10)

enum sd_state {
	SD_READ,      /* reading the request (sframe) */
	SD_CLOSING,   /* reply queued; close once it is written */
};

struct sdconn {
	struct nd *nd;
	struct lconn *lc;
	struct bufferevent *bev;
	enum sd_state state;
	uid_t uid;
	gid_t gid;
	uint16_t msg_type;
	struct sframe f;
	struct sockaddr_in peer_sa;
	char peer[64];
};

static void sd_free(struct sdconn *sc)
{
	lconn_close(sc->lc);
	free(sc);
}

static void sd_drained(struct lconn *lc, void *arg)
{
	struct sdconn *sc = arg;

	if (sc->state == SD_CLOSING)
		sd_free(sc);
}

static void free_body(const void *data, size_t len, void *arg)
{
	free((void *)data);
}

/* Sign and send BODY as the one reply of this connection. */
static void reply(struct sdconn *sc, uint16_t type, buf_t *body)
{
	uint8_t *sec = NULL, *data;
	size_t sec_len = 0, len = buf_len(body);
	struct timeval tmo = { SD_REQUEST_TIMEOUT, 0 };
	buf_t *head;

	if (!sc->nd->auth) {
		/* auth = none (tests): no credential of ours to sign with */
		struct slurm_auth a = { .plugin = SLURM_AUTH_NONE,
					.uid = (uint32_t)geteuid(),
					.gid = (uint32_t)getegid(),
					.host = sc->nd->node_name };
		head = buf_new(len + 128);
		if (slurm_msg_build_auth(head, type, 0, &a, body->data,
					 (uint32_t)len) < 0) {
			buf_free(head);
			sd_free(sc);
			return;
		}
		goto send;
	}
	if (auth_sign(sc->nd->auth, type, body->data, len, sc->uid, &sec,
		      &sec_len) < 0) {
		log_err("%s: cannot sign reply: %s", sc->peer, err_msg());
		sd_free(sc);
		return;
	}
	head = buf_new(sec_len + 64 + len);
	if (slurm_msg_build_sec(head, type, 0, sec, sec_len, body->data,
				(uint32_t)len) < 0) {
		log_err("%s: cannot build reply: %s", sc->peer, err_msg());
		free(sec);
		buf_free(head);
		sd_free(sc);
		return;
	}
	free(sec);
send:
	sc->state = SD_CLOSING;
	lconn_set_state(sc->lc, CL_BUSY);
	bufferevent_disable(sc->bev, EV_READ);
	bufferevent_set_timeouts(sc->bev, NULL, &tmo);
	len = buf_len(head);
	data = buf_steal(head, &len);
	buf_free(head);
	evbuffer_add_reference(bufferevent_get_output(sc->bev), data, len,
			       free_body, NULL);
}

static void reply_rc(struct sdconn *sc, int rc)
{
	buf_t *b = buf_new(8);

	slurm_rc_pack(b, (uint32_t)rc);
	reply(sc, RESPONSE_SLURM_RC, b);
	buf_free(b);
}

/* What checks job credentials: our MUNGE context, or auth/none's form
 * when the node runs without MUNGE (tests only). */
static struct auth_ctx *cred_ctx(struct nd *nd)
{
	static struct auth_ctx *none;

	if (nd->auth)
		return nd->auth;
	if (!none)
		none = auth_create(AUTH_NONE, NULL);
	return none;
}

static bool privileged(const struct sdconn *sc)
{
	return sc->uid == 0 || sc->uid == sc->nd->slurm_uid;
}

/* ---- requests ---------------------------------------------------------- */

static int launch_rc_of_verify(const char *why)
{
	if (strstr(why, "expired"))
		return ESLURMD_CREDENTIAL_EXPIRED;
	if (strstr(why, "does not name node"))
		return ESLURM_INVALID_NODE_NAME;
	return ESLURMD_INVALID_JOB_CREDENTIAL;
}

static void rpc_launch(struct sdconn *sc, buf_t *body)
{
	struct nd *nd = sc->nd;
	struct slurm_launch_tasks m;
	struct cred_check chk = {
		.node_name = nd->node_name, .slurm_uid = nd->slurm_uid,
		.now = time(NULL),
	};
	struct slurm_addr peer;
	hostlist_t *hl;
	long nodeid;
	int rc;

	if (slurm_launch_tasks_unpack(body, &m) < 0) {
		log_warn_limited("%s: launch refused: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_UNEXPECTED_MSG_ERROR);
		return;
	}
	/* the request's uid is the credential's, checked below; the
	 * sender must be that user (or root, or SlurmUser) */
	if (!privileged(sc) && sc->uid != m.uid) {
		log_warn("%s: launch of %u.%u for uid %u refused: sent by uid "
			 "%u", sc->peer, m.job_id, m.step_id, m.uid,
			 (unsigned)sc->uid);
		rc = ESLURM_USER_ID_MISSING;
		goto out;
	}
	chk.uid = m.uid;
	if (cred_verify(cred_ctx(nd), &m.cred, &chk) < 0) {
		log_warn("%s: launch of %u.%u refused: %s", sc->peer, m.job_id,
			 m.step_id, err_msg());
		rc = launch_rc_of_verify(err_msg());
		goto out;
	}
	if (m.cred.job_id != m.job_id || m.cred.step_id != m.step_id) {
		log_warn("%s: launch of %u.%u refused: its credential is for "
			 "%u.%u", sc->peer, m.job_id, m.step_id,
			 m.cred.job_id, m.cred.step_id);
		rc = ESLURMD_INVALID_JOB_CREDENTIAL;
		goto out;
	}
	hl = hostlist_create(m.complete_nodelist);
	nodeid = hl ? hostlist_find(hl, nd->node_name) : -1;
	hostlist_destroy(hl);
	if (nodeid < 0 || (uint32_t)nodeid >= m.nnodes) {
		log_warn("%s: launch of %u.%u refused: node %s is not in its "
			 "node list %s", sc->peer, m.job_id, m.step_id,
			 nd->node_name, m.complete_nodelist ?
			 m.complete_nodelist : "(none)");
		rc = ESLURM_INVALID_NODE_NAME;
		goto out;
	}
	if (m.mpi_plugin_id && m.mpi_plugin_id != MPI_PLUGIN_NONE) {
		log_warn("%s: launch of %u.%u refused: MPI plugin %u (PMI) is "
			 "not supported; use --mpi=none", sc->peer, m.job_id,
			 m.step_id, m.mpi_plugin_id);
		/* srun prints it: "... failed on node n1: Invalid MPI
		 * plugin name" */
		rc = SLURM_MPI_PLUGIN_NAME_INVALID;
		goto out;
	}
	if (!m.argc || !m.argv || !m.argv[0][0]) {
		log_warn("%s: launch of %u.%u refused: no command", sc->peer,
			 m.job_id, m.step_id);
		rc = SLURM_UNEXPECTED_MSG_ERROR;
		goto out;
	}
	memset(&peer, 0, sizeof(peer));
	peer.family = SLURM_AF_INET;
	memcpy(peer.addr, &sc->peer_sa.sin_addr, 4);
	if (m.orig_addr.family == SLURM_AF_INET)
		peer = m.orig_addr;
	rc = steps_launch(nd, &m, &peer, (uint32_t)nodeid);
	if (rc)
		log_warn("%s: launch of %u.%u failed: %s", sc->peer, m.job_id,
			 m.step_id, err_msg());
out:
	slurm_launch_tasks_free(&m);
	reply_rc(sc, rc);
}

static void rpc_signal(struct sdconn *sc, buf_t *body)
{
	struct nd *nd = sc->nd;
	struct slurm_signal_tasks m;
	struct nd_step *st;
	int sig;

	if (slurm_signal_tasks_unpack(body, &m) < 0) {
		log_warn_limited("%s: bad signal request: %s", sc->peer,
				 err_msg());
		reply_rc(sc, SLURM_UNEXPECTED_MSG_ERROR);
		return;
	}
	st = steps_find(nd, m.job_id, m.step_id);
	if (!st || st->state != ND_STEP_RUNNING) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return;
	}
	if (!privileged(sc) && sc->uid != st->uid) {
		log_warn("%s: uid %u may not signal step %u.%u", sc->peer,
			 (unsigned)sc->uid, m.job_id, m.step_id);
		reply_rc(sc, ESLURM_USER_ID_MISSING);
		return;
	}
	sig = sc->msg_type == REQUEST_TERMINATE_TASKS ? SIGKILL : m.signal;
	if (sig <= 0 || sig >= NSIG) {
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
		return;
	}
	log_info("step %u.%u: signal %d from uid %u", m.job_id, m.step_id,
		 sig, (unsigned)sc->uid);
	/* srun's terminate (its second Ctrl-C) kills at once */
	steps_signal(nd, m.job_id, m.step_id, sig, 0);
	reply_rc(sc, 0);
}

static void rpc_job_id(struct sdconn *sc, buf_t *body)
{
	uint32_t pid = 0, job;
	buf_t *b;

	if (slurm_job_id_req_unpack(body, &pid) < 0) {
		reply_rc(sc, SLURM_UNEXPECTED_MSG_ERROR);
		return;
	}
	job = steps_job_of_pid(sc->nd, (pid_t)pid);
	if (!job) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return;
	}
	b = buf_new(8);
	slurm_job_id_resp_pack(b, job, 0);
	reply(sc, RESPONSE_JOB_ID, b);
	buf_free(b);
}

static void rpc_ping(struct sdconn *sc, buf_t *body)
{
	reply_rc(sc, 0);
}

static const struct {
	uint16_t type;
	void (*handler)(struct sdconn *sc, buf_t *body);
	uint32_t max;
} rpc_table[] = {
	{ REQUEST_LAUNCH_TASKS, rpc_launch, SD_LAUNCH_MAX },
	{ REQUEST_SIGNAL_TASKS, rpc_signal, SD_BODY_DEFAULT },
	{ REQUEST_TERMINATE_TASKS, rpc_signal, SD_BODY_DEFAULT },
	{ REQUEST_JOB_ID, rpc_job_id, SD_BODY_DEFAULT },
	{ REQUEST_PING, rpc_ping, SD_BODY_DEFAULT },
};

static int rpc_find(uint16_t type)
{
	for (size_t i = 0; i < sizeof(rpc_table) / sizeof(*rpc_table); i++)
		if (rpc_table[i].type == type)
			return (int)i;
	return -1;
}

static void dispatch(struct sdconn *sc, const uint8_t *frame, size_t len)
{
	struct slurm_msg m;
	buf_t body;
	int i;

	if (slurm_msg_parse(frame, len, &m) < 0) {
		log_warn_limited("%s: bad Slurm message: %s", sc->peer,
				 err_msg());
		reply_rc(sc, m.error_rc ? m.error_rc : SLURM_UNEXPECTED_MSG_ERROR);
		return;
	}
	if (auth_check_body(cred_ctx(sc->nd), &sc->f.ident,
			    m.msg_type, m.body, m.body_len) < 0) {
		log_warn_limited("%s: %s from uid %u: %s", sc->peer,
				 slurm_msg_type_name(m.msg_type),
				 (unsigned)sc->uid, err_msg());
		reply_rc(sc, SLURM_PROTOCOL_AUTHENTICATION_ERROR);
		return;
	}
	if (m.forward_cnt) {
		log_warn_limited("%s: %s asks to be forwarded to %u nodes; "
				 "forwarding is not supported (set "
				 "TreeWidth at least the node count)",
				 sc->peer, slurm_msg_type_name(m.msg_type),
				 m.forward_cnt);
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
		return;
	}
	if (m.protocol_version != SLURM_22_05_PROTOCOL_VERSION) {
		reply_rc(sc, SLURM_PROTOCOL_VERSION_ERROR);
		return;
	}
	i = rpc_find(m.msg_type);
	if (i < 0) {
		log_warn_limited("%s: %s from uid %u is not served by a node",
				 sc->peer, slurm_msg_type_name(m.msg_type),
				 (unsigned)sc->uid);
		reply_rc(sc, SLURM_UNEXPECTED_MSG_ERROR);
		return;
	}
	buf_init_view(&body, m.body, m.body_len);
	rpc_table[i].handler(sc, &body);
}

/* ---- reading: sframe.c's, through these ------------------------------- */

static uint32_t sd_body_limit(void *arg, uint16_t type)
{
	int i = rpc_find(type);

	return i < 0 ? SD_BODY_DEFAULT : rpc_table[i].max;
}

static int sd_authenticate(void *arg, const struct slurm_msg *m,
			   const struct auth_cred *cred,
			   struct auth_ident *ident)
{
	struct sdconn *sc = arg;

	sc->msg_type = m->msg_type;
	if (!sc->nd->auth) {
		/* auth = none (tests only): the claimed uid is taken */
		if (m->auth_plugin != SLURM_AUTH_NONE)
			return -1;
		ident->uid = m->auth_uid;
		ident->gid = m->auth_gid;
		ident->trusted = 1;
	} else if (auth_open(sc->nd->auth, cred, ident) < 0) {
		log_warn_limited("%s: %s: authentication failed: %s", sc->peer,
				 slurm_msg_type_name(m->msg_type), err_msg());
		return -1;
	}
	sc->uid = ident->uid;
	sc->gid = ident->gid;
	return 0;
}

static void sd_dispatch(void *arg, const uint8_t *frame, size_t len)
{
	dispatch(arg, frame, len);
}

static void sd_reply_rc(void *arg, int rc)
{
	reply_rc(arg, rc);
}

static void sd_drop(void *arg)
{
	sd_free(arg);
}

static const struct sframe_ops sd_frame_ops = {
	.body_limit = sd_body_limit,
	.authenticate = sd_authenticate,
	.dispatch = sd_dispatch,
	.reply_rc = sd_reply_rc,
	.drop = sd_drop,
};

static void sd_read(struct lconn *lc, void *arg)
{
	struct sdconn *sc = arg;
	struct evbuffer *in = bufferevent_get_input(sc->bev);

	if (sc->state == SD_READ)
		sframe_read(&sc->f);
	else
		evbuffer_drain(in, evbuffer_get_length(in));
}

static void sd_closed(struct lconn *lc, void *arg, const char *why)
{
	struct sdconn *sc = arg;

	log_debug("%s: %s", sc->peer, why);
	sd_free(sc);
}

static const struct lconn_ops sd_ops = {
	.read = sd_read,
	.drained = sd_drained,
	.closed = sd_closed,
};

static void on_accept(struct lconn *lc, void *arg)
{
	struct sdconn *sc = xcalloc(1, sizeof(*sc));
	socklen_t sl = sizeof(sc->peer_sa);

	sc->nd = arg;
	sc->lc = lc;
	sc->bev = lconn_bev(lc);
	sc->state = SD_READ;
	sc->uid = AUTH_UID_ANY;
	getpeername(bufferevent_getfd(sc->bev), (struct sockaddr *)&sc->peer_sa,
		    &sl);
	snprintf(sc->peer, sizeof(sc->peer), "%s", lconn_peer(lc));
	lconn_attach(lc, &sd_ops, sc);
	sframe_init(&sc->f, lc, sc->peer, SD_MAX_FRAME, SD_HEAD_MAX,
		    &sd_frame_ops, sc);
}

int slurmd_listen(struct nd *nd)
{
	const struct slurm_conf_node *cn = slurm_conf_find_node(nd->sc,
								nd->node_name);
	struct climit_limits lim = {
		.max_conns = SD_MAX_CONNS,
		.max_per_peer = SD_MAX_PER_PEER,
		.request_timeout_ms = SD_REQUEST_TIMEOUT * 1000,
		.max_unauth_bytes = SD_MAX_UNAUTH,
	};
	struct sockaddr_in sin;
	const char *addr = "0.0.0.0";
	char why[256];

	nd->slurmd_port = cn && cn->port ? cn->port :
			  nd->sc->slurmd_port ? nd->sc->slurmd_port : 6818;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(nd->slurmd_port);
	/* NodeAddr when it is an address, else every address */
	if (cn && cn->addr && inet_pton(AF_INET, cn->addr, &sin.sin_addr) == 1)
		addr = cn->addr;
	else
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
	nd->lpool = lpool_new(nd->base, &lim);
	nd->slurmd_lsn = lsn_new(nd->lpool, "Slurm port",
				 (struct sockaddr *)&sin, sizeof(sin), 128,
				 on_accept, nd);
	if (!nd->slurmd_lsn) {
		snprintf(why, sizeof(why), "%s", err_msg());
		err_set("cannot listen on %s:%u (the node's Port, else "
			"SlurmdPort): %s", addr, nd->slurmd_port, why);
		return -1;
	}
	log_info("listening for srun on %s:%u", addr, nd->slurmd_port);
	return 0;
}

void slurmd_listen_close(struct nd *nd)
{
	if (nd->slurmd_lsn)
		lsn_free(nd->slurmd_lsn);
	nd->slurmd_lsn = NULL;
	if (nd->lpool)
		lpool_free(nd->lpool);
	nd->lpool = NULL;
}
