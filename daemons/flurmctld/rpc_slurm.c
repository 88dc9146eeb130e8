/* rpc_slurm.c - the Slurm 22.05 port (SlurmctldPort): one request per TCP
 * connection, as the stock clients expect. Reads a frame's header and
 * MUNGE credential first and checks the sender before taking a body of at
 * most its type's limit, then the body hash; dispatches through
 * rpc_table[] and answers with a freshly signed reply (an authentication
 * error too, as slurmctld does). An HTTP "GET /health" on the same port is
 * recognised by its first bytes. Accepting, connection limits and request
 * deadlines are listener.c's; bodies are decoded by lib/slurm codecs, and
 * this file translates between them and the model. */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "jobinfo/jobinfo.h"
#include "forward.h"
#include "net/authq.h"
#include "net/listener.h"
#include "net/sframe.h"
#include "ops.h"
#include "rights.h"
#include "rpc_config.h"
#include "sched/sched.h"
#include "slurm/debug_flags.h"
#include "slurm/errnos.h"
#include "slurm/k12.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_config.h"
#include "slurm/msg_cred.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_node.h"
#include "slurm/msg_part.h"
#include "slurm/msg_stats.h"
#include "slurm/msg_step.h"
#include "slurm/msg_types.h"
#include "slurm/version.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"
#include "stats.h"
#include "wire/wire.h"

/* Bytes of a frame that must hold its header and credential: a stranger
 * gets no further before we know who it is. A munge credential is about
 * 200 bytes. */
#define SLURM_HEAD_MAX 16384
/* Longest batch script taken: slurmctld's default max_script_size. */
#define SLURM_MAX_SCRIPT (4u * 1024 * 1024)
/* slurmctld's limit on a job's dependency string */
#define SLURM_MAX_DEPENDENCY (128u * 1024)
/* An HTTP request on this port: its headers, at most. */
#define HTTP_MAX 8192

/* One client connection. */
enum sconn_state {
	SC_HEAD,      /* reading the request (sframe.c), or sniffing HTTP */
	SC_BODY,      /* the whole frame is being handled */
	SC_HTTP,      /* HTTP request recognised, waiting for its end */
	SC_WAIT,      /* request handed to Raft, reply comes on commit */
	SC_SIGNING,   /* reply made, its credential being made (authq) */
	SC_CLOSING,   /* reply queued; close once it is written */
};

struct sconn {
	struct ctld *c;
	struct lconn *lc;
	struct bufferevent *bev;
	enum sconn_state state;
	uid_t uid;
	gid_t gid;
	uint16_t msg_type;
	uint16_t ver;              /* the request's protocol version: the
				    * reply's (0 until known: 22.05) */
	struct sframe f;           /* SC_HEAD: the request being read */
	char peer[64];
	struct pending *pending;   /* reply awaited from a Raft callback */
	struct fwd *fwd;           /* served by the leader through forward.c */
	bool forwarded;            /* another controller sent it for a client */
	char client[46];           /* forwarded: the client's IP address as
				    * that controller saw it ("" unknown) */
	/* a change that takes effect once per id (forward_once_safe): its
	 * request id, and for a client of ours its frame, to send on to
	 * the next leader if leadership moves before the outcome is known */
	uint64_t req_id;
	uint8_t *req_frame;
	size_t req_len;
	bool once_counted;         /* in c->once_waiting until answered */
	struct timespec t_frame;   /* request frame complete (tv_sec 0: none) */
	struct authq_job *aj;      /* credential being opened or made */
	uint16_t reply_type;       /* SC_SIGNING: the reply's message type */
	char *rc_msg;              /* why a request is refused, in
				    * slurmctld's words: the next reply_rc
				    * carries it and the client prints it */
};

/* A request waiting for a commit. The connection may go away meanwhile;
 * then sc is NULL and the result is only logged. */
struct pending {
	struct sconn *sc;
	struct ctld *c;            /* set where work follows the commit anyway */
	uint32_t job_id;
	uint32_t sig;
	bool was_running;
	/* pending_answer(): the Slurm return code for an operation's
	 * outcome (OP_OK, OP_E*) */
	int (*slurm_rc)(int op_rc);
	/* A submission's answer signed while its commit is under way, for
	 * the job id it is expected to get (pre_id): sent as it is if the
	 * commit gives that id, else signed again. */
	struct authq_job *pre;     /* being signed */
	uint32_t pre_id;
	uint8_t *pre_sec;          /* signed: its auth section */
	size_t pre_sec_len;
	uint32_t done_id;          /* committed as this job, waiting for pre */
	uint32_t pre_epoch;        /* c->guess_epoch when pre_id was guessed */
	/* a step's GPU request (srun --gpus*, --gres), for its credential */
	enum step_gpus_by step_gpus_by;
	uint32_t step_gpus;
};

/* RPC_OWNER: the job a request names, found before its handler runs so
 * that dispatch() checks the owner, and what Slurm answers others. */
struct rpc_target {
	/* the job BODY (in protocol version VER) names; NULL when the
	 * handler is to answer (no such job, not named right, or an answer
	 * Slurm gives before rights) */
	const struct job *(*find)(struct ctld *c, const uint8_t *body,
				  size_t len, uint16_t ver);
	int deny;
};

/* Who may call and how it runs are rights.h's (how: false and true
 * still mean local and leader); an RPC_OWNER entry's job is found by
 * rpc_target_of(). */
struct rpc {
	uint16_t type;
	const char *name;
	void (*handler)(struct sconn *sc, buf_t *body);
	enum rpc_who who;
	enum rpc_how how;
};

/* The change SC waited for is answered (or its client gone). */
static void sconn_uncount(struct sconn *sc)
{
	if (sc->once_counted) {
		sc->once_counted = false;
		sc->c->once_waiting--;
	}
}

/* No other client is connected: a munge call may hold up the loop. */
static unsigned sconn_lone(const struct sconn *sc)
{
	return sc->c->slurm_conns == 1 ? AUTHQ_LONE : 0;
}

static void sconn_free(struct sconn *sc)
{
	sc->c->slurm_conns--;
	authq_cancel(sc->aj);
	sconn_uncount(sc);
	if (sc->pending)
		sc->pending->sc = NULL;
	forward_detach(sc->fwd);
	lconn_close(sc->lc);
	free(sc->req_frame);
	free(sc->rc_msg);
	free(sc);
}

static void sconn_drained(struct lconn *lc, void *arg)
{
	struct sconn *sc = arg;

	if (sc->state == SC_CLOSING)
		sconn_free(sc);
}

/* Stop reading and give a reader that does not take its answer as long
 * as a request may take. */
static void sconn_answering(struct sconn *sc)
{
	struct timeval tmo = { (time_t)sc->c->conf->request_timeout, 0 };

	sc->state = SC_CLOSING;
	sconn_uncount(sc);
	lconn_set_state(sc->lc, CL_BUSY);
	bufferevent_disable(sc->bev, EV_READ);
	bufferevent_set_timeouts(sc->bev, NULL, &tmo);
}

/* Send a Slurm message with a fresh credential; the connection closes
 * once it is written. */
static void free_body(const void *data, size_t len, void *arg)
{
	free((void *)data);
}

/* Count the reply of TYPE, and the request's whole time: decoding, the
 * commit wait of a change, and building this answer. */
static void reply_count(struct sconn *sc, uint16_t type)
{
	metrics_count_reply(sc->c, type);
	if (sc->t_frame.tv_sec) {
		struct timespec t1;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		metrics_observe_request(sc->c, sc->msg_type,
					(double)(t1.tv_sec - sc->t_frame.tv_sec) * 1e3 +
					(double)(t1.tv_nsec - sc->t_frame.tv_nsec) / 1e6);
		stats_rpc(sc->c, sc->msg_type, sc->uid,
			  (uint64_t)((t1.tv_sec - sc->t_frame.tv_sec) * 1000000 +
				     (t1.tv_nsec - sc->t_frame.tv_nsec) / 1000));
		sc->t_frame.tv_sec = 0;
	}
}

/* Send the header of a reply of TYPE with auth section SEC (taken) for a
 * body of LEN bytes, which the caller sends next. -1 when the connection
 * was closed instead. */
static int reply_head(struct sconn *sc, uint16_t type, uint8_t *sec,
		      size_t sec_len, size_t len)
{
	buf_t *head = buf_new(sec_len + 64);

	if (slurm_msg_build_head_ver(head, sc->ver ? sc->ver :
				     SLURM_PROTOCOL_VERSION, type, 0, sec,
				     sec_len, (uint32_t)len) < 0) {
		log_err("%s: cannot build reply: %s", sc->peer, err_msg());
		free(sec);
		buf_free(head);
		sconn_free(sc);
		return -1;
	}
	free(sec);
	sconn_answering(sc);
	bufferevent_write(sc->bev, head->data, buf_len(head));
	buf_free(head);
	return 0;
}

/* Send the reply of sc->reply_type: auth section SEC (taken) and body
 * DATA of LEN bytes (taken). */
static void reply_send(struct sconn *sc, uint8_t *sec, size_t sec_len,
		       void *data, size_t len)
{
	if (reply_head(sc, sc->reply_type, sec, sec_len, len) < 0) {
		free(data);
		return;
	}
	if (len == 0 || evbuffer_add_reference(bufferevent_get_output(sc->bev),
					       data, len, free_body, NULL) < 0)
		free(data);
	lconn_flush_last(sc->lc);
}

static void reply_signed(void *arg, int rc, uint8_t *sec, size_t sec_len,
			 void *data, size_t len, const char *why)
{
	struct sconn *sc = arg;

	sc->aj = NULL;
	if (rc < 0) {
		log_err("%s: cannot sign reply: %s", sc->peer, why);
		free(data);
		sconn_free(sc);
		return;
	}
	reply_send(sc, sec, sec_len, data, len);
}

/* Sign and send BODY as the one reply of this connection. The credential
 * is made on the auth queue's threads, so the loop serves others while
 * munged answers. The body's bytes go to the socket buffer as they are
 * (a job list of 10,000 jobs is megabytes): BODY is left empty, still the
 * caller's to free. */
static void reply(struct sconn *sc, uint16_t type, buf_t *body)
{
	uint8_t *data;
	size_t len;

	reply_count(sc, type);
	data = buf_steal(body, &len);
	sconn_answering(sc);
	sc->state = SC_SIGNING;
	sc->reply_type = type;
	sc->aj = authq_sign(sc->c->authq, type, data, len, sc->uid,
			    sconn_lone(sc), reply_signed, sc);
}

/* The last list of every job answered (squeue), kept while no job record
 * changes (c->jobs_gen): the same question is then answered with the same
 * records under a new header, and hashing them for the credential costs
 * one leaf and the final node (k12_hash_memo). The records are shared
 * with the connections still sending them. */
struct joblist {
	uint32_t refs;             /* the controller's, and each sender's */
	uint32_t sends;            /* how many times it was sent */
	uint64_t gen;              /* c->jobs_gen it shows */
	uint16_t show_flags;
	uint16_t ver;              /* protocol version of its records */
	uint32_t count;
	uint8_t *data;             /* the body it was first sent as
	                            * (read-only once MAPPED) */
	size_t len;
	/* DATA in a memory file, made when the list is sent a second
	 * time: the kernel then sends its pages as they are (sendfile)
	 * instead of copying megabytes into each socket's buffer */
	struct evbuffer_file_segment *seg;
	bool no_seg;               /* making one failed: copy as before */
	bool mapped;               /* DATA is the file's pages, mapped */
};

struct joblists {
	struct joblist *last;
	struct k12_memo memo;      /* the leaves of the last list signed */
};

/* A job list body starts with the record count and two times. */
#define JOBLIST_HEAD 20

static void joblist_unref(struct joblist *l)
{
	if (l && --l->refs == 0) {
		if (l->seg)
			evbuffer_file_segment_free(l->seg);
		if (l->mapped)
			munmap(l->data, l->len);
		else
			free(l->data);
		free(l);
	}
}

/* L's body in a memory file that is never written again (a new list
 * gets a new file), so that the pages the kernel still holds for a
 * slow reader keep what was signed. NULL where that cannot be had. */
static struct evbuffer_file_segment *joblist_segment(struct joblist *l)
{
	struct evbuffer_file_segment *seg;
	size_t off = 0;
	int fd = memfd_create("flurm-joblist", MFD_CLOEXEC);

	if (fd < 0) {
		log_warn("job list: no memory file (%s): copying it",
			 strerror(errno));
		return NULL;
	}
	while (off < l->len) {
		ssize_t n = write(fd, l->data + off, l->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("job list: cannot fill its memory file (%s): "
				 "copying it", n < 0 ? strerror(errno) : "full");
			close(fd);
			return NULL;
		}
		off += (size_t)n;
	}
	/* the list kept once: its pages stand for DATA too (the K12 memo
	 * compares the next list with it), unless a connection still
	 * sends DATA itself */
	if (l->refs == 1) {
		void *map = mmap(NULL, l->len, PROT_READ, MAP_SHARED, fd, 0);

		if (map != MAP_FAILED) {
			free(l->data);
			l->data = map;
			l->mapped = true;
		}
	}
	seg = evbuffer_file_segment_new(fd, 0, (ev_off_t)l->len,
					EVBUF_FS_CLOSE_ON_FREE);
	if (!seg) {
		log_warn("job list: cannot send its memory file: copying it");
		close(fd);     /* a mapping of it keeps its pages */
	}
	return seg;
}

static void joblist_sent(const void *data, size_t len, void *arg)
{
	joblist_unref(arg);
}

/* Sign and send list L with a new header of time NOW; SAME_FROM and PREV
 * (the list last signed, or NULL) as k12_hash_memo() takes them. */
static void reply_joblist(struct sconn *sc, struct joblist *l, time_t now,
			  size_t same_from, const struct joblist *prev)
{
	struct joblists *js = sc->c->joblists;
	uint8_t *sec = NULL;
	size_t sec_len = 0;
	buf_t *h = buf_new(JOBLIST_HEAD);

	reply_count(sc, RESPONSE_JOB_INFO);
	slurm_job_info_pack_header(h, l->count, now, 0);
	if (auth_sign_memo(sc->c->auth, RESPONSE_JOB_INFO, &js->memo, same_from,
			   prev ? prev->data : NULL, prev ? prev->len : 0,
			   h->data, JOBLIST_HEAD, l->data + JOBLIST_HEAD,
			   l->len - JOBLIST_HEAD, sc->uid, &sec, &sec_len) < 0) {
		log_err("%s: cannot sign reply: %s", sc->peer, err_msg());
		buf_free(h);
		sconn_free(sc);
		return;
	}
	if (reply_head(sc, RESPONSE_JOB_INFO, sec, sec_len, l->len) < 0) {
		buf_free(h);
		return;
	}
	bufferevent_write(sc->bev, h->data, JOBLIST_HEAD);
	buf_free(h);
	/* sent once, a list is often sent again (nothing changed between
	 * two squeues): from then on the kernel sends its pages */
	if (l->sends++ && !l->seg && !l->no_seg) {
		l->seg = joblist_segment(l);
		l->no_seg = !l->seg;
	}
	if (l->seg) {
		if (evbuffer_add_file_segment(bufferevent_get_output(sc->bev),
					      l->seg, JOBLIST_HEAD,
					      (ev_off_t)(l->len - JOBLIST_HEAD)) < 0)
			log_err("%s: cannot queue the job list", sc->peer);
	} else {
		l->refs++;
		if (evbuffer_add_reference(bufferevent_get_output(sc->bev),
					   l->data + JOBLIST_HEAD,
					   l->len - JOBLIST_HEAD, joblist_sent,
					   l) < 0)
			joblist_unref(l);
	}
	if (l->seg)
		lconn_flush_last_file(sc->lc);
	else
		lconn_flush_last(sc->lc);
}

/* Forget the kept job list (at shutdown). */
static void joblists_free(struct ctld *c)
{
	if (!c->joblists)
		return;
	joblist_unref(c->joblists->last);
	k12_memo_free(&c->joblists->memo);
	free(c->joblists);
	c->joblists = NULL;
}

/* A buffer for a reply body in the request's protocol version. */
static buf_t *reply_buf(const struct sconn *sc, size_t hint)
{
	buf_t *b = buf_new(hint);

	b->proto = sc->ver;
	return b;
}

/* A refusal with sc->rc_msg goes as RESPONSE_SLURM_RC_MSG, whose text the
 * client prints as "error: ..." before its own words for the code, as it
 * does for slurmctld's. */
static void reply_rc(struct sconn *sc, int rc)
{
	buf_t *b = reply_buf(sc, 8);

	if (rc && sc->rc_msg) {
		slurm_rc_msg_pack(b, (uint32_t)rc, sc->rc_msg);
		reply(sc, RESPONSE_SLURM_RC_MSG, b);
	} else {
		slurm_rc_pack(b, (uint32_t)rc);
		reply(sc, RESPONSE_SLURM_RC, b);
	}
	free(sc->rc_msg);
	sc->rc_msg = NULL;
	buf_free(b);
}

/* The client's address: the connection's peer, or for a request another
 * controller forwarded, the client's address that controller sent along
 * (its callbacks go to the client, not to that controller). */
static int sconn_client_addr(const struct sconn *sc,
			     struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (sc->forwarded && sc->client[0]) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET, sc->client, &sin->sin_addr) == 1) {
			sin->sin_family = AF_INET;
			*len = sizeof(*sin);
			return 0;
		}
		if (inet_pton(AF_INET6, sc->client, &sin6->sin6_addr) == 1) {
			sin6->sin6_family = AF_INET6;
			*len = sizeof(*sin6);
			return 0;
		}
	}
	return lconn_peer_addr(sc->lc, ss, len);
}

/* Our client's IP address as text into OUT (INET6_ADDRSTRLEN), "" when
 * unknown: what a forwarded request carries to the leader. */
static void sconn_client_text(const struct sconn *sc, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len;

	out[0] = '\0';
	if (sconn_client_addr(sc, &ss, &len) < 0)
		return;
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
			  out, (socklen_t)size);
	else if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
			  out, (socklen_t)size);
}

/* Leadership moved before SC's change was known to commit. Under its
 * request id it may be sent again: a forwarded one goes back to the
 * controller that sent it (which asks the next leader), a client's own
 * is sent on to the next leader from here; either answers the first
 * outcome if it did commit. False when SC's request has no id: the
 * caller answers an error. */
static bool sconn_moved(struct sconn *sc)
{
	struct fwd_req rq;

	if (!sc->req_id)
		return false;
	if (sc->forwarded) {
		reply_rc(sc, ESLURM_IN_STANDBY_MODE);
		return true;
	}
	if (!sc->req_frame)
		return false;
	log_info("%s: %s from uid %u: leadership moved before it was known "
		 "to commit; asking the next leader", sc->peer,
		 slurm_msg_type_name(sc->msg_type), (unsigned)sc->uid);
	rq = (struct fwd_req){
		.frame = sc->req_frame, .len = sc->req_len,
		.msg_type = sc->msg_type, .uid = sc->uid, .gid = sc->gid,
		.req_id = sc->req_id,
	};
	sconn_client_text(sc, rq.client, sizeof(rq.client));
	sc->state = SC_WAIT;
	sc->fwd = forward_request(sc->c, sc, &rq);
	return true;
}

/* An operation's completion for a request that is answered with a
 * return code alone: answer through P's mapping, or nothing when the
 * connection has closed (the operation and its effects go on). */
static void pending_answer(void *arg, int rc, const char *msg)
{
	struct pending *p = arg;

	if (p->sc) {
		p->sc->pending = NULL;
		if (rc != OP_EMOVED || !sconn_moved(p->sc))
			reply_rc(p->sc, p->slurm_rc(rc));
	}
	free(p);
}

/* Park SC on a new pending answered by pending_answer() through SLURM_RC,
 * and fill CTX for an operation made on SC's behalf. */
static struct pending *pending_start(struct sconn *sc, struct op_ctx *ctx,
				     int (*slurm_rc)(int op_rc))
{
	struct pending *p = xcalloc(1, sizeof(*p));

	p->sc = sc;
	p->slurm_rc = slurm_rc;
	sc->pending = p;
	sc->state = SC_WAIT;
	memset(ctx, 0, sizeof(*ctx));
	ctx->uid = sc->uid;
	ctx->is_operator = ctld_is_operator(sc->c, sc->uid);
	ctx->peer = sc->peer;
	ctx->done = pending_answer;
	ctx->arg = p;
	return p;
}

/* The operation refused at once (RC): the answer will not come through
 * pending_answer(), so give it here. */
static void pending_refused(struct pending *p, int rc)
{
	struct sconn *sc = p->sc;
	int slurm_rc = p->slurm_rc(rc);

	sc->pending = NULL;
	free(p);
	reply_rc(sc, slurm_rc);
}

/* ---- model -> Slurm records ----------------------------------------- */


/* As slurmctld's _part_is_visible: a partition shows in partition and
 * job lists if it is not Hidden and the user's groups may use it. */
static bool part_visible(const struct ctld *c, const struct partition *p,
			 uid_t uid)
{
	return !p->hidden && groups_allowed(c, p->allow_groups, uid);
}

/* Whether job lists for this request leave out jobs in partitions the
 * user cannot see: not for operators nor SHOW_ALL (squeue -a, -j). */
static bool hide_parts(const struct sconn *sc, uint16_t show_flags)
{
	return !(show_flags & SHOW_ALL) && !ctld_is_operator(sc->c, sc->uid);
}

/* Whether slurm.conf's comma list KEY holds WORD. */
static bool conf_list_has(const struct ctld *c, const char *key,
			  const char *word)
{
	const struct slurm_conf_kv *kv = slurm_conf_find_unknown(c->sc, key);

	return kv && slurm_conf_list_has(kv->value, word, strlen(word), false);
}

/* A job's MailUser when none is given, as slurmctld's: USER, and
 * "@" slurm.conf's MailDomain when it has one (NULL: USER alone). */
static char *mail_user_default(const struct ctld *c, const char *user)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "MailDomain");

	return kv && kv->value && kv->value[0] ?
		xasprintf("%s@%s", user, kv->value) : NULL;
}

/* Whether slurm.conf's AccountingStorageTRES tracks gres/gpu: only
 * then does slurmctld put GPUs in TRES strings (CfgTRES, TRES=). */
static bool tres_gpus(const struct ctld *c)
{
	return conf_list_has(c, "AccountingStorageTRES", "gres/gpu");
}

/* When anything a job record shows last changed, by this controller's
 * clock: commands, the scheduler's soft fields, the controller's role
 * and slurm.conf (ctld_jobs_changed), and the records that follow the
 * clock alone (jobinfo_clock_changes), looked for once per applied
 * command and again only when the next of them is due. */
static time_t jobs_last_change(struct ctld *c, time_t now)
{
	const struct state *st = c->st;
	time_t last;

	if (c->jobs_scan_time && c->jobs_scan_update == st->last_update &&
	    (!c->jobs_next_tick || c->jobs_next_tick > now))
		return c->jobs_changed;
	last = jobinfo_clock_changes(st, c->jobs_scan_time, now,
				     &c->jobs_next_tick);
	if (last) {
		c->jobs_gen++;
		if (last > c->jobs_changed)
			c->jobs_changed = last;
	}
	c->jobs_scan_update = st->last_update;
	c->jobs_scan_time = now;
	return c->jobs_changed;
}

/* Job records for WANT (NULL: all) among JOBS (NULL: every job, in the
 * order of slurmctld's job list, state_jobs_listed()), which are in
 * ascending id order. With HIDE, jobs whose partition the user
 * cannot see are left out, as slurmctld's pack_all_jobs does; a job
 * whose partition no longer exists is kept. Records come from the
 * controller's cache of packed records where it holds them. */
static void pack_jobs(struct sconn *sc, struct job *const *jobs, uint32_t njobs,
		      bool (*want)(const struct job *, void *), void *arg,
		      uint16_t show_flags, bool hide)
{
	struct ctld *c = sc->c;
	buf_t *b;
	uint32_t count = 0;
	bool *vis = NULL;
	/* PrivateData=jobs: only their own jobs for non-operators */
	bool own_only = rights_info_private(c, RIGHTS_PRIVATE_JOBS,
					    ctld_is_operator(c, sc->uid));
	struct jobinfo_ctx x = {
		.st = c->st, .cluster = c->sc->cluster_name,
		.leader = c->leader, .now = time(NULL), .gpus = tres_gpus(c),
	};
	size_t at;

	bool whole = !jobs && !want && !own_only;
	uint64_t gen = 0;
	struct job **listed = NULL;

	/* scontrol show job -d, squeue -o %C: each running job's cores */
	if (show_flags & SHOW_DETAIL)
		x.cores = jobinfo_cores_new();

	if (!jobs) {
		njobs = c->st->njobs;
		/* built only when no cached list below answers: the order
		 * comes from the model, which each change of it renews */
		jobs = c->st->jobs;
	}
	if (hide) {
		vis = xcalloc(c->st->nparts ? c->st->nparts : 1, sizeof(*vis));
		for (uint32_t i = 0; i < c->st->nparts; i++) {
			vis[i] = part_visible(c, &c->st->parts[i], sc->uid);
			whole = whole && vis[i];
		}
	}
	/* every job, as anyone sees it: the last such list if no record
	 * changed since */
	if (whole) {
		struct joblist *l;

		jobs_last_change(c, x.now);
		gen = c->jobs_gen;
		if (!c->joblists)
			c->joblists = xcalloc(1, sizeof(*c->joblists));
		l = c->joblists->last;
		if (l && l->gen == gen && l->show_flags == show_flags &&
		    l->ver == sc->ver) {
			reply_joblist(sc, l, x.now, JOBLIST_HEAD, NULL);
			free(vis);
			jobinfo_cores_free(x.cores);
			return;
		}
	}
	if (jobs == c->st->jobs && (listed = state_jobs_listed(c->st)))
		jobs = listed;
	b = reply_buf(sc, 4096 + (size_t)njobs * 700);
	at = buf_len(b);
	slurm_job_info_pack_header(b, 0, x.now, 0);
	for (uint32_t i = 0; i < njobs; i++) {
		const struct job *j = jobs[i];

		if (want && !want(j, arg))
			continue;
		if (own_only && j->uid != (uint32_t)sc->uid)
			continue;
		if (vis) {
			const struct partition *p = state_part(c->st, j->partition);

			if (p && !vis[p - c->st->parts])
				continue;
		}
		/* an array's pending tasks are one record, its first, as
		 * slurmctld's meta record: squeue shows ID_[5-99%10] */
		/* ... unless that record is not asked for (scontrol show
		 * job with the task's own id): then it shows alone */
		if (jobinfo_hidden(j) ||
		    (jobinfo_array_folded(c->st, j) &&
		     (!want || want(jobinfo_array_rep(c->st, j), arg))))
			continue;
		jobinfo_cache_pack(c->jobinfo, &x, j, show_flags, b);
		count++;
	}
	buf_put_u32_at(b, at, count);
	if (whole && buf_len(b) >= JOBLIST_HEAD) {
		struct joblist *l = xcalloc(1, sizeof(*l));
		struct joblist *prev = c->joblists->last;

		l->refs = 1;
		l->gen = gen;
		l->show_flags = show_flags;
		l->ver = sc->ver;
		l->count = count;
		l->data = buf_steal(b, &l->len);
		c->joblists->last = l;
		/* the leaves of the last list that this one repeats (all
		 * but the changed records' when no record changed size)
		 * are compared instead of hashed again */
		reply_joblist(sc, l, x.now, SIZE_MAX, prev);
		joblist_unref(prev);
	} else {
		reply(sc, RESPONSE_JOB_INFO, b);
	}
	buf_free(b);
	free(listed);
	free(vis);
	jobinfo_cores_free(x.cores);
}

/* The jobs a request for job IDS can show, in ascending id order (as
 * clients see them),
 * without looking at every job: each id's own job and, for an array's
 * id, its tasks (state_array_first() finds them). */
static uint32_t jobs_for_ids(const struct state *st, const uint32_t *ids,
			     uint32_t n, struct job ***out)
{
	struct job **v = NULL;
	size_t cap = 0;
	uint32_t nv = 0, k = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct job *j = state_job(st, ids[i]);
		struct array_iter it;

		if (j) {
			xgrow((void **)&v, &cap, nv + 1, sizeof(*v));
			v[nv++] = j;
		}
		if (j && j->array_job_id != ids[i])
			continue;      /* a job or a task by its own id */
		for (struct job *o = state_array_first(st, ids[i], &it); o;
		     o = state_array_next(st, &it))
			if (o != j) {
				xgrow((void **)&v, &cap, nv + 1, sizeof(*v));
				v[nv++] = o;
			}
	}
	if (nv > 1) {
		qsort(v, nv, sizeof(*v), state_job_cmp_shown);
		for (uint32_t i = 0; i < nv; i++)
			if (!k || v[k - 1] != v[i])
				v[k++] = v[i];
		nv = k;
	}
	/* never NULL: pack_jobs() takes NULL for every job */
	*out = v ? v : xcalloc(1, sizeof(*v));
	return nv;
}

/* ---- handlers ------------------------------------------------------- */

static void rpc_ping(struct sconn *sc, buf_t *body)
{
	reply_rc(sc, SLURM_SUCCESS);
}

static void rpc_fed_info(struct sconn *sc, buf_t *body)
{
	buf_t *b = reply_buf(sc, 8);

	slurm_fed_info_pack_none(b);
	reply(sc, RESPONSE_FED_INFO, b);
	buf_free(b);
}

struct id_set {
	const uint32_t *ids;
	uint32_t n;
};

static bool want_ids(const struct job *j, void *arg)
{
	struct id_set *s = arg;

	for (uint32_t i = 0; i < s->n; i++)
		if (s->ids[i] == j->id || s->ids[i] == j->array_job_id)
			return true;
	return false;
}

static void rpc_job_info(struct sconn *sc, buf_t *body)
{
	struct slurm_job_info_request r;
	struct id_set s;
	struct job **v = NULL;
	uint32_t nv = 0;

	if (slurm_job_info_request_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* as slurmctld: a client that has the list of LAST_UPDATE (squeue
	 * -i sends the time of the list it got) is told nothing changed
	 * when no job record has changed since the second before */
	if (jobinfo_unchanged(r.last_update,
			      jobs_last_change(sc->c, time(NULL)))) {
		slurm_job_info_request_free(&r);
		reply_rc(sc, SLURM_NO_CHANGE_IN_DATA);
		return;
	}
	s.ids = r.job_ids;
	s.n = r.job_id_cnt;
	if (!r.all_jobs)
		nv = jobs_for_ids(sc->c->st, r.job_ids, r.job_id_cnt, &v);
	pack_jobs(sc, r.all_jobs ? NULL : v, r.all_jobs ? 0 : nv,
		  r.all_jobs ? NULL : want_ids, &s, r.show_flags,
		  hide_parts(sc, r.show_flags));
	free(v);
	slurm_job_info_request_free(&r);
}

static void rpc_job_info_single(struct sconn *sc, buf_t *body)
{
	struct slurm_job_id_request r;
	struct id_set s;
	struct job **v = NULL;
	uint32_t nv;

	if (slurm_job_id_request_unpack(body, &r) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* someone else's job under PrivateData=jobs is as unknown as one
	 * that does not exist, as slurmctld answers; an array whose first
	 * task is gone still answers to its id */
	if ((!state_job_named(sc->c->st, r.job_id) &&
	     !state_array_any(sc->c->st, r.job_id)) ||
	    (state_job_named(sc->c->st, r.job_id) &&
	     rights_job_hidden(sc->c, sc->uid, ctld_is_operator(sc->c, sc->uid),
			       state_job_named(sc->c->st, r.job_id)))) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return;
	}
	s.ids = &r.job_id;
	s.n = 1;
	/* scontrol show job ID: slurmctld's pack_one_job does not look at
	 * the partition; the job and its array's tasks are found by id,
	 * not among all jobs */
	nv = jobs_for_ids(sc->c->st, &r.job_id, 1, &v);
	pack_jobs(sc, v, nv, want_ids, &s, r.show_flags, false);
	free(v);
}

static bool want_user(const struct job *j, void *arg)
{
	return j->uid == *(uint32_t *)arg;
}

static void rpc_job_user_info(struct sconn *sc, buf_t *body)
{
	struct slurm_job_user_request r;

	if (slurm_job_user_request_unpack(body, &r) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	pack_jobs(sc, NULL, 0, want_user, &r.user_id, r.show_flags,
		  hide_parts(sc, r.show_flags));
}

static void rpc_partition_info(struct sconn *sc, buf_t *body)
{
	struct ctld *c = sc->c;
	struct slurm_info_request req;
	uint32_t count = 0;
	bool all;
	buf_t *b;

	if (slurm_info_request_unpack(body, &req) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* PrivateData=partitions: for operators only, as slurmctld */
	if (rights_info_private(c, RIGHTS_PRIVATE_PARTITIONS,
				ctld_is_operator(c, sc->uid))) {
		log_info("%s: partition information refused to uid %u "
			 "(PrivateData)", sc->peer, (unsigned)sc->uid);
		reply_rc(sc, ESLURM_ACCESS_DENIED);
		return;
	}
	/* as slurmctld: nothing changed since the client's list (squeue -i
	 * and sinfo -i send its time) */
	if (jobinfo_unchanged(req.last_update, c->parts_changed)) {
		reply_rc(sc, SLURM_NO_CHANGE_IN_DATA);
		return;
	}
	/* As slurmctld: a Hidden partition, or one a user may not submit
	 * to, is left out unless they ask for all (sinfo -a) or are an
	 * operator. */
	all = (req.show_flags & SHOW_ALL) || ctld_is_operator(c, sc->uid);
	b = reply_buf(sc, 1024);
	slurm_part_info_pack_header(b, c->st->nparts, time(NULL));
	for (uint32_t i = 0; i < c->st->nparts; i++) {
		const struct partition *p = &c->st->parts[i];
		struct slurm_part_info r;
		uint32_t cpus = 0;
		unsigned long long mem = 0;
		char *tres;

		if (!all && !part_visible(c, p, sc->uid))
			continue;
		count++;
		for (uint32_t k = 0; k < c->st->nnodes; k++)
			if (bit_test(p->node_bits, k)) {
				cpus += c->st->nodes[k].cpus;
				mem += c->st->nodes[k].memory_mb;
			}
		tres = xasprintf("cpu=%u,mem=%lluM,node=%u,billing=%u", cpus, mem,
				 bit_count(p->node_bits), cpus);
		slurm_part_info_init(&r);
		r.name = p->name;
		r.max_time = p->max_time;
		r.default_time = p->default_time == STATE_NO_VAL ? NO_VAL : p->default_time;
		r.max_nodes = p->max_nodes;
		r.min_nodes = p->min_nodes;
		r.total_nodes = bit_count(p->node_bits);
		r.total_cpus = cpus;
		r.flags = (p->is_default ? PART_FLAG_DEFAULT : 0) |
			(p->hidden ? PART_FLAG_HIDDEN : 0);
		r.priority_tier = (uint16_t)p->priority_tier;
		r.state_up = p->state == PART_STATE_DOWN ? PARTITION_DOWN :
			p->state == PART_STATE_DRAIN ? PARTITION_DRAIN :
			p->state == PART_STATE_INACTIVE ? PARTITION_INACTIVE :
			PARTITION_UP;
		r.allow_groups = p->allow_groups;
		r.nodes = p->nodes;
		r.node_inx = p->node_bits;
		r.tres_fmt_str = tres;
		/* the partition's own DefMem / MaxMem, 0 (UNLIMITED) when
		 * it has none, as slurmctld; slurm.conf's per-CPU bit is
		 * Slurm's MEM_PER_CPU */
		{
			const struct slurm_conf_part *cp =
				slurm_conf_find_part(c->sc, p->name);

			r.def_mem_per_cpu = cp ? cp->def_mem : 0;
			r.max_mem_per_cpu = cp ? cp->max_mem : 0;
			r.max_share = slurm_conf_max_share(cp ?
						cp->oversubscribe : NULL);
		}
		slurm_part_info_pack(b, &r);
		free(tres);
	}
	buf_put_u32_at(b, 0, count);
	reply(sc, RESPONSE_PARTITION_INFO, b);
	buf_free(b);
}

static uint32_t slurm_node_state(const struct node *n)
{
	uint32_t s;

	switch (n->base) {
	case NODE_ST_DOWN: s = NODE_STATE_DOWN; break;
	case NODE_ST_IDLE: s = NODE_STATE_IDLE; break;
	case NODE_ST_ALLOCATED:
		s = node_cpus_held(n) < n->cpus ? NODE_STATE_MIXED :
			NODE_STATE_ALLOCATED;
		break;
	case NODE_ST_FUTURE: s = NODE_STATE_FUTURE; break;
	default: s = NODE_STATE_UNKNOWN; break;
	}
	if (n->flags & NODE_FLAG_DRAIN)
		s |= NODE_STATE_DRAIN;
	if (n->flags & NODE_FLAG_NO_RESPOND)
		s |= NODE_STATE_NO_RESPOND;
	if (n->reboot == NODE_REBOOT_REQUESTED)
		s |= NODE_STATE_REBOOT_REQUESTED;
	else if (n->reboot == NODE_REBOOT_ISSUED)
		s |= NODE_STATE_REBOOT_ISSUED;
	/* rebooting for a job (sbatch --reboot): as slurmctld's
	 * reboot_job_nodes marks it */
	else if (n->reboot == NODE_REBOOT_JOB)
		s |= NODE_STATE_NO_RESPOND | NODE_STATE_POWERING_UP;
	return s;
}

/* What slurmctld keeps as a node's next_state after its reboot: NO_VAL,
 * NODE_RESUME (with UNDRAIN when ASAP drained it) or DOWN. */
static uint32_t slurm_next_state(const struct node *n)
{
	uint32_t s;

	switch (n->next_state & NODE_NEXT_MASK) {
	case NODE_NEXT_RESUME: s = NODE_RESUME; break;
	case NODE_NEXT_DOWN: s = NODE_STATE_DOWN; break;
	default: return NO_VAL;
	}
	if (n->next_state & NODE_NEXT_UNDRAIN)
		s |= NODE_STATE_UNDRAIN;
	return s;
}

/* Node records: every node, or only ONLY (sinfo -n, scontrol show node X). */
/* The port slurm.conf gives node NAME (its Port=, which the parser defaults
 * to SlurmdPort), else SlurmdPort for a node slurm.conf does not list, else
 * Slurm's 6818: what slurmctld reports as the node's port. */
static uint16_t node_port(const struct ctld *c, const char *name)
{
	const struct slurm_conf_node *nd;

	if (!c->sc)
		return 6818;
	nd = slurm_conf_find_node(c->sc, name);
	if (nd && nd->port)
		return nd->port;
	return c->sc->slurmd_port ? c->sc->slurmd_port : 6818;
}

static void pack_nodes(struct sconn *sc, const char *only,
		       uint16_t show_flags)
{
	struct ctld *c = sc->c;
	uint32_t count = 0;
	buf_t *b = reply_buf(sc, 4096);
	size_t at = buf_len(b);
	bool gpus = tres_gpus(c);

	slurm_node_info_pack_header(b, 0, time(NULL));
	for (uint32_t i = 0; i < c->st->nnodes; i++) {
		const struct node *n = &c->st->nodes[i];
		struct slurm_node_info r;
		char *tres, *alloc = NULL, *used = NULL;
		const char *arch, *os;

		if (only && strcmp(only, n->name))
			continue;
		tres = xasprintf("cpu=%u,mem=%lluM,billing=%u", n->cpus,
				 (unsigned long long)n->memory_mb, n->cpus);
		if (n->gpus && gpus)
			xstrfmtcat(&tres, ",gres/gpu=%u", n->gpus);
		slurm_node_info_init(&r);
		r.name = n->name;
		r.node_hostname = n->name;
		r.node_addr = n->addr ? n->addr : n->name;
		r.node_state = slurm_node_state(n);
		r.next_state = slurm_next_state(n);
		r.cpus = (uint16_t)n->cpus;
		r.boards = 1;
		r.sockets = (uint16_t)(n->sockets ? n->sockets : 1);
		r.cores = (uint16_t)(n->cores ? n->cores : 1);
		r.threads = (uint16_t)(n->threads ? n->threads : 1);
		r.real_memory = n->memory_mb;
		r.weight = n->weight;
		r.features = n->features;
		r.features_act = (char *)state_node_features_act(n);
		r.comment = n->comment;
		r.extra = n->extra;
		r.gres = n->gres;
		r.tmp_disk = n->tmp_disk_mb;
		/* GresUsed= (scontrol show node -d), as slurmctld without
		 * a gres.conf: the count its jobs hold */
		if ((show_flags & SHOW_DETAIL) && n->gpus)
			used = n->gpu_type ?
				xasprintf("gpu:%s:%u", n->gpu_type,
					  gpu_popcount(n->gpu_used)) :
				xasprintf("gpu:%u", gpu_popcount(n->gpu_used));
		r.gres_used = used;
		r.reason = n->reason;
		r.reason_time = n->reason_time;
		r.reason_uid = n->reason ? n->reason_uid : NO_VAL;
		r.last_busy = n->boot_time;
		r.boot_time = n->boot_time;
		r.slurmd_start_time = n->boot_time;
		/* a CPU jobs share (OverSubscribe) once, as slurmctld */
		r.alloc_cpus = (uint16_t)node_cpus_held(n);
		r.alloc_memory = n->alloc_mem_mb;
		r.cpus_efctv = (uint16_t)n->cpus;
		r.tres_fmt_str = tres;
		/* scontrol prints Port= when it differs from its own
		 * SlurmdPort, as for slurmctld's answer */
		r.port = node_port(c, n->name);
		r.cpu_load = NO_VAL;
		r.free_mem = NO_VAL64;
		r.version = (char *)nodes_live_info(c, i, &r.cpu_load, &r.free_mem);
		nodes_system_info(c, i, &arch, &os);
		r.arch = (char *)arch;
		r.os = (char *)os;
		if (r.alloc_cpus && n->alloc_mem_mb)
			alloc = xasprintf("cpu=%u,mem=%lluM", r.alloc_cpus,
					  (unsigned long long)n->alloc_mem_mb);
		else if (r.alloc_cpus)
			alloc = xasprintf("cpu=%u", r.alloc_cpus);
		if (alloc && n->gpu_used && gpus)
			xstrfmtcat(&alloc, ",gres/gpu=%u",
				   gpu_popcount(n->gpu_used));
		r.tres_alloc_fmt_str = alloc;
		slurm_node_info_pack(b, &r);
		free(alloc);
		free(used);
		free(tres);
		count++;
	}
	buf_put_u32_at(b, at, count);
	reply(sc, RESPONSE_NODE_INFO, b);
	buf_free(b);
}

/* PrivateData=nodes: slurmctld refuses node information to anyone but
 * operators. True when it answered so. */
static bool nodes_private(struct sconn *sc)
{
	if (!rights_info_private(sc->c, RIGHTS_PRIVATE_NODES,
				 ctld_is_operator(sc->c, sc->uid)))
		return false;
	log_info("%s: node information refused to uid %u (PrivateData)",
		 sc->peer, (unsigned)sc->uid);
	reply_rc(sc, ESLURM_ACCESS_DENIED);
	return true;
}

static void rpc_node_info(struct sconn *sc, buf_t *body)
{
	struct slurm_info_request req;

	if (slurm_info_request_unpack(body, &req) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	if (nodes_private(sc))
		return;
	/* as slurmctld: nothing a node shows changed since the client's
	 * list (sinfo -i and scontrol show node keep it) */
	if (jobinfo_unchanged(req.last_update, sc->c->nodes_changed)) {
		reply_rc(sc, SLURM_NO_CHANGE_IN_DATA);
		return;
	}
	pack_nodes(sc, NULL, req.show_flags);
}

static void rpc_node_info_single(struct sconn *sc, buf_t *body)
{
	struct slurm_node_info_single_request req;

	if (slurm_node_info_single_request_unpack(body, &req) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* a name no node has: an empty list, as slurmctld (sinfo -n
	 * prints its partitions with no nodes, scontrol "not found") */
	if (!nodes_private(sc))
		pack_nodes(sc, req.node_name, req.show_flags);
	slurm_node_info_single_request_free(&req);
}

/* scontrol show licenses: each license slurm.conf configures, in
 * slurmctld's order, with what the jobs holding nodes use. */
static void rpc_license_info(struct sconn *sc, buf_t *body)
{
	struct slurm_info_request req;
	struct slurm_license_info *out;
	struct license *v;
	uint32_t n, *used;
	buf_t *b;

	if (slurm_info_request_unpack(body, &req) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	license_parse(sc->c->st->licenses, &v, &n);
	used = license_used(sc->c->st, v, n);
	out = xcalloc(n ? n : 1, sizeof(*out));
	for (uint32_t i = 0; i < n; i++) {
		out[i].name = v[i].name;
		out[i].total = v[i].count;
		out[i].in_use = used[i];
	}
	b = buf_new(128);
	slurm_license_info_pack(b, out, n, time(NULL));
	reply(sc, RESPONSE_LICENSE_INFO, b);
	buf_free(b);
	free(out);
	free(used);
	license_free(v, n);
}

/* scontrol write batch_script ID [FILE]: the job's script, to its owner
 * or an operator, as slurmctld answers it (an allocation has none). */
static void rpc_batch_script(struct sconn *sc, buf_t *body)
{
	struct slurm_job_id_request r;
	const struct job *j;
	buf_t *b;

	if (slurm_job_id_request_unpack(body, &r) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	j = state_job_named(sc->c->st, r.job_id);
	if (!j) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return;
	}
	if (j->uid != sc->uid && !ctld_is_operator(sc->c, sc->uid)) {
		reply_rc(sc, ESLURM_USER_ID_MISSING);
		return;
	}
	if (!j->script) {
		reply_rc(sc, ESLURM_JOB_SCRIPT_MISSING);
		return;
	}
	b = buf_new(strlen(j->script) + 8);
	slurm_batch_script_pack(b, j->script);
	reply(sc, RESPONSE_BATCH_SCRIPT, b);
	buf_free(b);
}

/* scontrol show topology, frontend, burstbuffer, assoc_mgr, reservation,
 * sshare and strigger --get: FLURM has none of these, and answers as
 * slurmctld does when it has none (no topology plugin, front ends,
 * burst buffers, accounting, reservations or triggers). */
static void rpc_empty_info(struct sconn *sc, buf_t *body)
{
	buf_t *b = buf_new(128);
	uint16_t type = slurm_empty_info_pack(b, sc->msg_type, time(NULL));

	(void)body;
	if (type)
		reply(sc, type, b);
	else
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
	buf_free(b);
}

/* -- submit -- */

/* The Slurm return code for a command Raft did not commit. A full state
 * directory is ENOSPC, which the clients print as "No space left on
 * device": the operator's problem, not the user's request. */
static int raft_rc(const struct sconn *sc, int status)
{
	switch (status) {
	case RNODE_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	/* known not committed: the controller that forwarded it asks the
	 * new leader (nothing was done, so nothing is done twice); a
	 * client of ours hears that it failed */
	case RNODE_ELOST:
		return sc && sc->forwarded ? ESLURM_IN_STANDBY_MODE : SLURM_ERROR;
	case RNODE_ENOSPACE: return ENOSPC;
	default: return SLURM_ERROR;
	}
}

/* Tests only: FLURM_TEST_DROP_ANSWERS=N (submissions) and
 * FLURM_TEST_DROP_CANCELS=N (scancel) make the leader close the
 * connection of the first N such forwarded requests once they
 * committed, as a leader that dies between commit and answer would.
 * LEFT starts at -1 (not read yet). */
static bool test_drop(int *left, const char *var)
{
	if (*left < 0) {
		const char *v = getenv(var);

		*left = v ? atoi(v) : 0;
		if (*left < 0)
			*left = 0;
	}
	if (!*left)
		return false;
	(*left)--;
	return true;
}

static bool test_drop_answer(void)
{
	static int left = -1;

	return test_drop(&left, "FLURM_TEST_DROP_ANSWERS");
}

/* The answer to a submission of job ID. */
static buf_t *submit_answer(uint32_t id)
{
	buf_t *b = buf_new(32);

	slurm_submit_response_pack(b, id, 0, NULL);
	return b;
}

/* Submission P got job ID. A wrong guess shifts the later guesses by
 * as much, once: the submissions guessed before this one, still in
 * flight, are off by the same amount and must not shift them again. */
static void presign_learn(struct ctld *c, struct pending *p, uint32_t id)
{
	if (!c || !p->pre_id || id == p->pre_id || p->pre_epoch != c->guess_epoch)
		return;
	c->submit_guess += id - p->pre_id;   /* modulo 2^32, either way */
	c->guess_epoch++;
}

/* Forget a submission's pre-signed answer, and P with it. */
static void presign_free(struct pending *p)
{
	if (p->pre) {
		authq_cancel(p->pre);
		p->pre = NULL;
	}
	free(p->pre_sec);
	free(p);
}

/* Answer job ID with P's pre-signed section, or false when there is
 * none or it was signed for another id (then the caller signs). */
static bool presign_send(struct sconn *sc, struct pending *p, uint32_t id)
{
	buf_t *b;
	uint8_t *data, *sec = p->pre_sec;
	size_t len;

	if (!sec || id != p->pre_id)
		return false;
	p->pre_sec = NULL;
	reply_count(sc, RESPONSE_SUBMIT_BATCH_JOB);
	b = submit_answer(id);
	data = buf_steal(b, &len);
	buf_free(b);
	sc->reply_type = RESPONSE_SUBMIT_BATCH_JOB;
	reply_send(sc, sec, p->pre_sec_len, data, len);
	return true;
}

static void presigned(void *arg, int rc, uint8_t *sec, size_t sec_len,
		      void *data, size_t len, const char *why)
{
	struct pending *p = arg;
	struct sconn *sc = p->sc;

	p->pre = NULL;
	free(data);
	if (rc == 0) {
		p->pre_sec = sec;
		p->pre_sec_len = sec_len;
	}
	if (!p->done_id)
		return;         /* the commit comes later and answers */
	/* committed meanwhile: answer now, with this section or a new one */
	if (sc) {
		sc->pending = NULL;
		if (!presign_send(sc, p, p->done_id)) {
			buf_t *b = submit_answer(p->done_id);

			reply(sc, RESPONSE_SUBMIT_BATCH_JOB, b);
			buf_free(b);
		}
	}
	presign_free(p);
}

/* Sign the answer for the job id this submission should get while it is
 * being committed, so that the munge round trip and the disk write
 * overlap. Ids go out in log order, so the one expected is the next id
 * past the model's and every submission proposed before this one; when
 * that guess is wrong (an id skipped or taken by an array) the commit
 * answers with a freshly signed reply instead. */
static void presign_start(struct sconn *sc, struct pending *p)
{
	struct ctld *c = sc->c;
	buf_t *b;
	uint8_t *data;
	size_t len;

	p->pre_id = ctld_guess_take(c, 1);
	p->pre_epoch = c->guess_epoch;
	p->c = c;
	b = submit_answer(p->pre_id);
	data = buf_steal(b, &len);
	buf_free(b);
	/* never in the loop: the commit's disk write starts only once
	 * this turn of the loop is over */
	p->pre = authq_sign(c->authq, RESPONSE_SUBMIT_BATCH_JOB, data, len,
			    sc->uid, 0, presigned, p);
}

static void submit_done(void *arg, int status, void *result)
{
	struct pending *p = arg;
	struct state_result *res = result;
	struct sconn *sc = p->sc;

	if (sc)
		sc->pending = NULL;
	if (sc && (status == RNODE_ELOST || status == RNODE_EUNKNOWN) &&
	    sconn_moved(sc)) {
		/* asked again under the same request id */
	} else if (status != RNODE_OK || !res) {
		if (status == RNODE_ENOSPACE)
			log_info("submit not committed: %s", err_msg());
		else
			log_err("submit not committed: %s", err_msg());
		if (sc)
			reply_rc(sc, raft_rc(sc, status));
	} else if (res->rc != STATE_EOK) {
		log_warn("submit refused: %s", state_strerror(res->rc));
		/* every id in use: EAGAIN as slurmctld's, sbatch sleeps
		 * and tries again (15 times) */
		if (sc)
			reply_rc(sc, res->rc == STATE_ENOPART ?
				 ESLURM_INVALID_PARTITION_NAME :
				 res->rc == STATE_EIDS ? EAGAIN : SLURM_ERROR);
	} else {
		log_info("job %u submitted", res->job_id);
		if (sc && sc->forwarded && test_drop_answer()) {
			log_warn("%s: job %u: closing without an answer "
				 "(FLURM_TEST_DROP_ANSWERS)", sc->peer,
				 res->job_id);
			sc->pending = NULL;
			sconn_free(sc);
			sc = NULL;
		}
		/* a held job cannot start, and its submission frees
		 * nothing: no cycle for it (a cycle looks at every job) */
		if (sc) {
			const struct job *j = state_job(sc->c->st, res->job_id);

			if (!j || j->priority != 0)
				sched_request(sc->c);
		}
		presign_learn(p->c, p, res->job_id);
		if (sc && p->pre && res->job_id == p->pre_id) {
			/* its answer is still being signed: sent from
			 * presigned(); sc->pending keeps P known to sc */
			p->done_id = res->job_id;
			sc->pending = p;
			free(result);
			return;
		}
		if (sc && !presign_send(sc, p, res->job_id)) {
			buf_t *b = submit_answer(res->job_id);

			reply(sc, RESPONSE_SUBMIT_BATCH_JOB, b);
			buf_free(b);
		}
	}
	if (sc)
		sc->pending = NULL;
	free(result);
	presign_free(p);
}

static uint32_t val32(uint32_t v, uint32_t dflt)
{
	return v == NO_VAL || v == INFINITE ? dflt : v;
}

static uint32_t val16(uint16_t v, uint32_t dflt)
{
	return v == NO_VAL16 || v == INFINITE16 ? dflt : v;
}

/* slurm.conf's EnforcePartLimits as config_enforce_part_limits() numbers
 * it: with ALL (1), ANY or YES (2) a job larger than its partition is
 * refused at submission; with NO (0, Slurm's default) it is accepted and
 * waits (PartitionConfig). */
static uint16_t enforce_part_limits(const struct ctld *c)
{
	const struct slurm_conf_kv *kv = slurm_conf_find_unknown(c->sc,
							 "EnforcePartLimits");

	return kv && kv->value ? config_enforce_part_limits(kv->value) : 0;
}

/* More CPUs (with CPUS, under EnforcePartLimits) or more nodes (-N as
 * given) than the whole partition has: slurmctld names the limit rather
 * than the vaguer "node configuration is not available". A node count
 * FLURM derived (from --ntasks-per-node) is left to the check of what
 * could ever run, as slurmctld. */
static int part_size_check(struct ctld *c, const struct partition *part,
			   const struct slurm_job_desc *d,
			   const struct job_spec *s, bool cpus_too)
{
	uint32_t nodes = 0;
	uint64_t cpus = 0;

	if ((part->state != PART_STATE_UP && part->state != PART_STATE_DRAIN) ||
	    !part->node_bits)
		return 0;
	for (int64_t i = bit_next_set(part->node_bits, 0);
	     i >= 0 && (uint32_t)i < c->st->nnodes;
	     i = bit_next_set(part->node_bits, (uint32_t)i + 1)) {
		nodes++;
		cpus += c->st->nodes[i].cpus;
	}
	if (cpus_too && d->min_cpus != NO_VAL && d->min_cpus > cpus)
		return ESLURM_TOO_MANY_REQUESTED_CPUS;
	if (d->min_nodes != NO_VAL && s->min_nodes > nodes)
		return ESLURM_INVALID_NODE_COUNT;
	return 0;
}

/* DefMemPerCPU / DefMemPerNode for a job that names no memory (its
 * partition's, else slurm.conf's), then MaxMemPerCPU / MaxMemPerNode as
 * slurmctld 22.05 applies them: under EnforcePartLimits a memory the
 * user gave over the limit of its partition (ALL: of any of a list;
 * ANY or YES: of every one) is refused; otherwise the job is made to fit a
 * per-CPU limit (spec_possible, after the partition's size is checked)
 * or left to wait MaxMemPerLimit. */
static int mem_limits(struct ctld *c, const struct slurm_job_desc *d,
		      struct job_spec *s, uint32_t nparts)
{
	uint16_t enforce;
	bool fits = false;

	if (d->pn_min_memory == NO_VAL64) {
		const struct partition *p = d->partition ?
			state_part_nth(c->st, d->partition, 0) :
			state_default_part(c->st);

		s->mem_mb = op_default_mem(c, p, &s->mem_per_cpu);
		/* kept only where there is one: an update takes it anew */
		s->mem_default = s->mem_mb != 0;
	} else if (s->mem_per_cpu && !s->mem_mb) {
		/* --mem-per-cpu=0 is --mem=0, as slurmctld maps it */
		s->mem_per_cpu = false;
	} else {
		enforce = enforce_part_limits(c);
		for (uint32_t n = 0; enforce && n < nparts; n++) {
			struct job_req r = s->req;
			const struct partition *p = d->partition ?
				state_part_nth(c->st, d->partition, n) :
				state_default_part(c->st);

			fits = sched_mem_limit(c->st, &r, p) == JOB_REASON_NONE;
			if (fits != (enforce == 1))	/* ALL: all; ANY: one */
				break;
		}
		if (enforce && !fits)
			return ESLURM_INVALID_TASK_MEMORY;
	}
	return 0;
}

/* Slurm's job description -> the model's submit spec; 0 or a Slurm rc. */
/* A loopback client's host name, as the hosts database gave it last:
 * looked up again after PEER_NAME_SECS, so that every submission from
 * this host does not read /etc/hosts. */
#define PEER_NAME_SECS 60

static struct {
	struct sockaddr_storage ss;
	socklen_t len;
	time_t at;
	char host[256];
} peer_name;

/* The submitting host for AllocNode, as slurmctld takes it from the
 * connection: a loopback peer by name (from the hosts file: it costs no
 * DNS query, which would stall this loop), others by address. */
static char *peer_host(const struct sconn *sc)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char host[256];
	bool loop;
	time_t now = time(NULL);

	if (sconn_client_addr(sc, &ss, &len) < 0)
		return NULL;
	loop = (ss.ss_family == AF_INET &&
		(ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr) >> 24) == 127) ||
	       (ss.ss_family == AF_INET6 &&
		IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&ss)->sin6_addr));
	/* the port differs on every connection: compare the address only */
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = 0;
	else if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = 0;
	if (loop && peer_name.at && len == peer_name.len &&
	    now >= peer_name.at && now - peer_name.at < PEER_NAME_SECS &&
	    !memcmp(&ss, &peer_name.ss, len))
		return xstrdup(peer_name.host);
	if (loop && getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host),
				NULL, 0, NI_NAMEREQD) == 0) {
		peer_name.ss = ss;
		peer_name.len = len;
		peer_name.at = now;
		snprintf(peer_name.host, sizeof(peer_name.host), "%s", host);
		return xstrdup(host);
	}
	if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), NULL,
			0, NI_NUMERICHOST) == 0)
		return xstrdup(host);
	return NULL;
}

/* slurm.conf JobRequeue: whether a batch job may be requeued unless its
 * submission says (1, Slurm's default, or 0). */
static bool job_requeue_default(const struct ctld *c)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "JobRequeue");

	return !kv || !kv->value || strcmp(kv->value, "0") != 0;
}

/* --nice, --time-min and --deadline, checked in slurmctld's order and
 * with its codes (validate_job_create_req, _valid_job_part's time
 * checks); 0 or a Slurm errno. */
static int time_checks(const struct partition *part,
		       const struct slurm_job_desc *d, struct job_spec *s,
		       bool op)
{
	uint32_t limit = s->time_limit;
	time_t now = time(NULL);

	if (d->nice != NO_VAL) {
		/* only operators may raise a job's priority with it */
		if (d->nice < NICE_OFFSET && !op)
			return ESLURM_INVALID_NICE;
		s->nice = (int32_t)(d->nice - NICE_OFFSET);
	}
	if (limit == STATE_NO_VAL && part->default_time != STATE_NO_VAL)
		limit = part->default_time;
	if (d->time_min != NO_VAL && d->time_min != 0) {
		if ((part->max_time != STATE_INFINITE &&
		     d->time_min > part->max_time) ||
		    (limit != STATE_NO_VAL && d->time_min > limit))
			return ESLURM_INVALID_TIME_MIN_LIMIT;
		s->time_min = d->time_min;
	}
	if (d->deadline && d->deadline != (time_t)NO_VAL) {
		if (d->deadline < now)
			return ESLURM_INVALID_TIME_LIMIT;
		if (s->time_min && d->deadline < now + (time_t)s->time_min * 60)
			return ESLURM_INVALID_TIME_MIN_LIMIT;
		s->deadline = d->deadline;
		/* as slurmctld: without -t or --time-min it needs a minute */
		if (s->time_limit == STATE_NO_VAL && !s->time_min)
			s->time_min = 1;
	}
	return 0;
}

/* Strings a spec borrows that are neither D's nor the model's. */
struct spec_own {
	char *user, *gpu_type, *mail_user;
};

static void spec_own_free(struct spec_own *own)
{
	free(own->user);
	free(own->gpu_type);
	free(own->mail_user);
	memset(own, 0, sizeof(*own));
}

/* sbatch -L: every license configured, none asked more often than
 * configured, as slurmctld's license_validate; the job keeps the list as
 * it was given, as slurmctld does. */
static int licenses_req(struct ctld *c, struct slurm_job_desc *d,
			struct job_spec *s)
{
	if (!d->licenses || !d->licenses[0])
		return 0;
	if (license_check(c->st, d->licenses) < 0) {
		log_info("job refused: %s", err_msg());
		return ESLURM_INVALID_LICENSES;
	}
	s->licenses = d->licenses;
	return 0;
}

/* GPUs a request may name: on one node (FLURM keeps a node's GPU
 * indexes in 64 bits), and for a whole job (--gpus, dealt over its
 * nodes). */
#define GPUS_NODE_MOST 64ul
#define GPUS_JOB_MOST  1000000ul

/* One "gres:gpu[:type][:N]" list of sbatch's (--gres's "gpu:2" comes
 * as "gres:gpu:2"): the GPUs (1 to MOST) and their type in *TYPE
 * (malloc'd), the text as the job shows it in *SHOW (malloc'd); -1 for
 * anything but GPUs (the only GRES FLURM counts) or a bad count. */
static int gres_req(const char *tres, unsigned long most, uint32_t *gpus,
		    char **type, char **show)
{
	char *copy = xstrdup(tres), *save = NULL, *end;
	char *f[4] = { NULL, NULL, NULL, NULL };
	int nf = 0, rc = -1;
	unsigned long n = 1;

	*gpus = 0;
	*type = *show = NULL;
	for (char *t = strtok_r(copy, ":", &save); t && nf < 4;
	     t = strtok_r(NULL, ":", &save))
		f[nf++] = t;
	if (nf && !strcmp(f[0], "gres")) {      /* drop the TRES type */
		memmove(f, f + 1, 3 * sizeof(*f));
		f[3] = NULL;
		nf--;
	}
	if (strchr(tres, ',') || nf < 1 || nf > 3 || strcmp(f[0], "gpu"))
		goto out;
	if (nf >= 2) {
		const char *num = f[nf - 1];

		n = strtoul(num, &end, 10);
		if (end == num) {      /* "gpu:tesla": one of that type */
			if (nf == 3)
				goto out;
			n = 1;
			*type = xstrdup(f[1]);
		} else if (*end || n == 0 || n > most) {
			goto out;
		} else if (nf == 3) {
			*type = xstrdup(f[1]);
		}
	}
	*gpus = (uint32_t)n;
	*show = *type ? xasprintf("gres:gpu:%s:%lu", *type, n) :
		xasprintf("gres:gpu:%lu", n);
	rc = 0;
out:
	free(copy);
	return rc;
}

/* --cpus-per-gpu=N, which sbatch sends as cpus_per_tres "gres:gpu:N":
 * each node holds at least N CPUs for each GPU it gives the job (the
 * scheduler's), shown back as CpusPerTres. Another TRES, a GPU type or
 * a count of 0 is refused as slurmctld refuses a bad GRES. */
static int cpus_gpu_req(const struct slurm_job_desc *d, struct job_spec *s)
{
	const char *count;
	uint32_t n = 0;
	char *type = NULL, *show = NULL;
	int rc = 0;

	if (!d->cpus_per_tres || !d->cpus_per_tres[0])
		return 0;
	/* the count is not optional here: "gres:gpu" asks nothing */
	count = strrchr(d->cpus_per_tres, ':');
	if (!count || !isdigit((unsigned char)count[1]) ||
	    gres_req(d->cpus_per_tres, UINT16_MAX, &n, &type, &show) < 0 ||
	    type)
		rc = ESLURM_INVALID_GRES;
	else
		s->cpus_per_gpu = n;
	free(type);
	free(show);
	return rc;
}

/* slurm.conf GresTypes names gpu: without it slurmctld knows no GPUs. */
static bool gpus_configured(const struct ctld *c)
{
	return conf_list_has(c, "GresTypes", "gpu");
}

/* The node count of a job without -N, from its tasks, as slurmctld: with
 * --ntasks-per-node as many nodes as the tasks need at that many a
 * node; else as few nodes as its tasks fit on, at most one a task (the
 * scheduler tries the smallest count first). */
static void nodes_for_tasks(const struct slurm_job_desc *d,
			    struct job_spec *s)
{
	if (d->min_nodes != NO_VAL || d->max_nodes != NO_VAL)
		return;
	if (s->ntasks_per_node) {
		uint32_t need = (s->num_tasks + s->ntasks_per_node - 1) /
			s->ntasks_per_node;

		if (need > s->min_nodes)
			s->min_nodes = need;
		if (s->max_nodes < s->min_nodes)
			s->max_nodes = s->min_nodes;
	} else if (s->num_tasks > s->max_nodes) {
		s->max_nodes = s->num_tasks;
	}
}

/* --gpus-per-task=N with the job's other GPU options, checked as
 * slurmctld's gres_job_state_validate(): --gpus a multiple of it, which
 * gives the task count when -n does not (and must match it when it
 * does), else -n is needed; --gpus-per-node a multiple of it, which
 * gives the tasks per node. 0 or ESLURM_INVALID_GRES. */
static int gpus_per_task_check(struct slurm_job_desc *d, struct job_spec *s,
			       uint32_t task_gpus, uint32_t job_gpus,
			       uint32_t node_gpus)
{
	if (job_gpus) {
		if (job_gpus % task_gpus)
			return ESLURM_INVALID_GRES;
		if (d->num_tasks == NO_VAL)
			s->num_tasks = job_gpus / task_gpus;
		else if (s->num_tasks != job_gpus / task_gpus)
			return ESLURM_INVALID_GRES;
	} else if (d->num_tasks == NO_VAL) {
		return ESLURM_INVALID_GRES;
	}
	if (node_gpus) {
		if (node_gpus % task_gpus)
			return ESLURM_INVALID_GRES;
		if (!s->ntasks_per_node)
			s->ntasks_per_node = node_gpus / task_gpus;
		else if (s->ntasks_per_node != node_gpus / task_gpus)
			return ESLURM_INVALID_GRES;
	}
	/* the task count or tasks per node may be new */
	nodes_for_tasks(d, s);
	return 0;
}

/* --gpus=N beside --gpus-per-node=G (or --gres=gpu:G), checked as
 * slurmctld's gres_job_state_validate(): G at most N and N a multiple
 * of it, which gives the node count (within -N when given); N alone at
 * least -N, and the most nodes it may spread over. 0 or
 * ESLURM_INVALID_GRES. */
static int gpus_per_job_check(const struct slurm_job_desc *d,
			      struct job_spec *s, uint32_t job_gpus,
			      uint32_t node_gpus)
{
	if (node_gpus) {
		uint32_t need;

		if (node_gpus > job_gpus || job_gpus % node_gpus)
			return ESLURM_INVALID_GRES;
		need = job_gpus / node_gpus;
		if ((d->min_nodes != NO_VAL && need < d->min_nodes) ||
		    (d->max_nodes != NO_VAL && need > d->max_nodes))
			return ESLURM_INVALID_GRES;
		s->min_nodes = s->max_nodes = need;
		return 0;
	}
	if (d->min_nodes != NO_VAL && job_gpus < d->min_nodes)
		return ESLURM_INVALID_GRES;
	if (d->min_nodes == NO_VAL && d->max_nodes == NO_VAL) {
		/* without -N, -n or --ntasks-per-node as many nodes as it
		 * takes to find them (slurmctld keeps no upper count); a
		 * task count bounds the nodes (-n1 --gpus=3 on 2-GPU nodes
		 * is refused) */
		if (d->num_tasks == NO_VAL && !s->ntasks_per_node)
			s->max_nodes = STATE_INFINITE;
	} else if (job_gpus < s->max_nodes) {
		s->max_nodes = job_gpus > s->min_nodes ? job_gpus :
			s->min_nodes;
	}
	return 0;
}

/* --gres=gpu[:type]:N and --gpus-per-node=N (per node), --gpus=N (for
 * the job, dealt over its nodes at its start), --gpus-per-task=N (for
 * each task, on the node it runs on). Their text goes in D, which owns
 * it. */
static int gpus_req(struct ctld *c, struct slurm_job_desc *d,
		    struct job_spec *s, struct spec_own *own)
{
	uint32_t node_gpus = 0, job_gpus = 0, task_gpus = 0;
	char *node_type = NULL, *job_type = NULL, *task_type = NULL;
	char *show = NULL;
	int rc = ESLURM_INVALID_GRES;

	if ((!d->tres_per_node || !d->tres_per_node[0]) &&
	    (!d->tres_per_job || !d->tres_per_job[0]) &&
	    (!d->tres_per_task || !d->tres_per_task[0]))
		return 0;
	if (!gpus_configured(c))
		goto out;
	if (d->tres_per_node && d->tres_per_node[0]) {
		if (gres_req(d->tres_per_node, GPUS_NODE_MOST, &node_gpus,
			     &node_type, &show) < 0)
			goto out;
		free(d->tres_per_node);
		d->tres_per_node = show;
		s->tres_per_node = show;
	}
	if (d->tres_per_job && d->tres_per_job[0]) {
		if (gres_req(d->tres_per_job, GPUS_JOB_MOST, &job_gpus,
			     &job_type, &show) < 0)
			goto out;
		free(d->tres_per_job);
		d->tres_per_job = show;
		s->tres_per_job = show;
		if (!d->tres_per_task || !d->tres_per_task[0]) {
			if ((rc = gpus_per_job_check(d, s, job_gpus,
						     node_gpus)))
				goto out;
			rc = ESLURM_INVALID_GRES;
		}
	}
	if (d->tres_per_task && d->tres_per_task[0]) {
		if (gres_req(d->tres_per_task, GPUS_NODE_MOST, &task_gpus,
			     &task_type, &show) < 0)
			goto out;
		free(d->tres_per_task);
		d->tres_per_task = show;
		s->tres_per_task = show;
		if ((rc = gpus_per_task_check(d, s, task_gpus, job_gpus,
					      node_gpus)))
			goto out;
		rc = ESLURM_INVALID_GRES;
	}
	if (task_gpus) {
		/* the GPUs each node gives follow the tasks it gets: the
		 * scheduler works them out for the nodes it picks */
		s->gpus_per_task = task_gpus;
		s->gpu_type = task_type ? task_type : node_type ? node_type :
			job_type;
		if (s->gpu_type == task_type)
			task_type = NULL;
		else if (s->gpu_type == node_type)
			node_type = NULL;
		else
			job_type = NULL;
	} else if (node_gpus) {
		s->gpus_per_node = node_gpus;
		s->gpu_type = node_type;
		node_type = NULL;
	} else {
		/* dealt node by node when it starts (job_gpus_per_job) */
		s->gpu_type = job_type;
		job_type = NULL;
	}
	own->gpu_type = s->gpu_type;
	rc = 0;
out:
	free(node_type);
	free(job_type);
	free(task_type);
	return rc;
}

/* slurmctld's reason for an unknown partition: the Nth name of LIST
 * (the first one it does not know). */
static void part_unknown_msg(struct sconn *sc, const char *list, uint32_t n)
{
	const char *name = list ? list : "";
	size_t len;

	for (; n > 0 && strchr(name, ','); n--)
		name = strchr(name, ',') + 1;
	len = strcspn(name, ",");
	free(sc->rc_msg);
	sc->rc_msg = xasprintf("invalid partition specified: %.*s", (int)len,
			       name);
}

static int desc_to_spec(struct sconn *sc, struct slurm_job_desc *d,
			struct job_spec *s, struct spec_own *own, bool batch)
{
	struct ctld *c = sc->c;
	bool op = ctld_is_operator(c, sc->uid), limits, enforce;
	struct partition *part;
	uint32_t nparts;
	int rc;

	if (d->user_id == NO_VAL)
		d->user_id = sc->uid;
	if (d->user_id != sc->uid && !op)
		return ESLURM_USER_ID_MISSING;
	if (d->group_id == NO_VAL)
		d->group_id = sc->gid;
	if (d->group_id != sc->gid && !op && sc->uid != 0)
		return ESLURM_GROUP_ID_MISSING;
	/* --reboot: operators only, as slurmctld's
	 * validate_job_create_req */
	if (d->reboot && d->reboot != NO_VAL16 && !op) {
		sc->rc_msg = xstrdup("rebooting of nodes is only allowed for "
				     "admins");
		return ESLURM_ACCESS_DENIED;
	}
	if (batch && (!d->script || !d->script[0]))
		return ESLURM_JOB_SCRIPT_MISSING;
	/* 23.02's -N 1,3 (job_size_str): FLURM schedules a count or a
	 * range, and running the whole range would surprise the owner */
	if (!slurm_job_desc_size_is_range(d)) {
		log_info("%s: %s", sc->peer, err_msg());
		return ESLURM_INVALID_NODE_COUNT;
	}
	/* -N0: slurmctld takes no nodes only for a burst buffer job (which
	 * FLURM has not) and refuses the count for anything else */
	if (d->min_nodes == 0 &&
	    (!batch || d->array_inx || d->max_nodes == 0 ||
	     d->max_nodes == NO_VAL))
		return ESLURM_INVALID_NODE_COUNT;
	if (d->array_inx && !batch)
		return ESLURM_NOT_SUPPORTED;
	/* Neither exists in FLURM; slurmctld refuses the names it does not
	 * know, and running such a job anywhere would surprise its owner. */
	if (d->reservation && d->reservation[0])
		return ESLURM_RESERVATION_INVALID;
	/* -p a,b: every one must exist and take the job; it waits in all
	 * of them and runs in whichever can start it first */
	if (d->partition && !d->partition[0])
		return ESLURM_INVALID_PARTITION_NAME;
	nparts = d->partition ? state_part_count(d->partition) : 1;
	for (uint32_t n = 0; n < nparts; n++) {
		struct partition *p = d->partition ?
			state_part_nth(c->st, d->partition, n) :
			state_default_part(c->st);

		if (!p) {
			part_unknown_msg(sc, d->partition, n);
			return ESLURM_INVALID_PARTITION_NAME;
		}
		if (p->state == PART_STATE_DRAIN ||
		    p->state == PART_STATE_INACTIVE)
			return ESLURM_PARTITION_NOT_AVAIL;
		if (!groups_allowed(c, p->allow_groups, d->user_id))
			return ESLURM_JOB_MISSING_REQUIRED_PARTITION_GROUP;
	}
	part = d->partition ? state_part_nth(c->st, d->partition, 0) :
		state_default_part(c->st);
	own->user = groups_user_name(d->user_id);
	if (!own->user)
		own->user = xasprintf("%u", d->user_id);

	memset(s, 0, sizeof(*s));
	s->name = d->name ? d->name : batch ? "sbatch" : "interactive";
	s->partition = nparts > 1 ? d->partition : part->name;
	s->user = own->user;
	s->uid = d->user_id;
	s->gid = d->group_id;
	s->min_nodes = val32(d->min_nodes, 1);
	s->max_nodes = val32(d->max_nodes, s->min_nodes);
	if (s->max_nodes < s->min_nodes)
		s->max_nodes = s->min_nodes;
	/* -N2 sends 2 as both counts; slurmctld keeps the upper one and
	 * shows a waiting job's NumNodes=2-2, not the 2 of -n2 alone */
	s->max_nodes_given = d->max_nodes != NO_VAL && d->max_nodes != 0;
	s->cpus_per_task = val16(d->cpus_per_task, 1);
	s->ntasks_per_node = val16(d->ntasks_per_node, 0);
	s->num_tasks = val32(d->num_tasks, 0);
	if (!s->num_tasks)
		s->num_tasks = s->ntasks_per_node ?
			s->ntasks_per_node * s->min_nodes : s->min_nodes;
	if (d->min_cpus != NO_VAL && d->min_cpus > s->num_tasks * s->cpus_per_task &&
	    d->num_tasks == NO_VAL)
		s->num_tasks = d->min_cpus / s->cpus_per_task;
	nodes_for_tasks(d, s);
	/* --mincpus; sbatch sends -c here too, which needs no record */
	if (d->pn_min_cpus != NO_VAL16 && d->pn_min_cpus >
	    s->cpus_per_task * (s->ntasks_per_node ? s->ntasks_per_node : 1))
		s->pn_min_cpus = d->pn_min_cpus;
	s->contiguous = d->contiguous == 1;
	if (d->open_mode == OPEN_MODE_APPEND || d->open_mode == OPEN_MODE_TRUNCATE)
		s->open_mode = d->open_mode;
	if (d->pn_min_memory != NO_VAL64) {
		s->mem_per_cpu = (d->pn_min_memory & MEM_PER_CPU) != 0;
		s->mem_mb = d->pn_min_memory & ~MEM_PER_CPU;
	}
	s->time_limit = d->time_limit == NO_VAL ? STATE_NO_VAL : d->time_limit;
	if (d->priority == 0)
		s->priority = 0;
	else if (op && d->priority != NO_VAL && d->priority != INFINITE)
		s->priority = d->priority;
	else
		s->priority = STATE_NO_VAL;
	s->exclusive = d->shared == JOB_SHARED_NONE;
	/* taken and shown; FLURM's partitions are OverSubscribe=NO, where
	 * slurmctld does not share CPUs for it either */
	s->oversubscribe = d->shared == JOB_SHARED_OK;
	s->tmp_mb = val32(d->pn_min_tmp_disk, 0);
	if ((rc = licenses_req(c, d, s)) || (rc = gpus_req(c, d, s, own)) ||
	    (rc = cpus_gpu_req(d, s)))
		return rc;
	/* --gpus=N --gpus-per-node=G without -n: sbatch sends the node
	 * count they give but one task's CPUs, which a waiting job shows
	 * (NumCPUs=1 on NumNodes=2-2, as slurmctld); the task count
	 * follows the nodes when it starts */
	if (s->tres_per_job && s->gpus_per_node && d->num_tasks == NO_VAL &&
	    !s->ntasks_per_node && d->min_cpus != NO_VAL &&
	    d->min_cpus < s->num_tasks * s->cpus_per_task)
		s->num_tasks = d->min_cpus / s->cpus_per_task ?
			d->min_cpus / s->cpus_per_task : 1;
	s->features = d->features;
	s->req_nodes = d->req_nodes;
	s->exc_nodes = d->exc_nodes;
	/* --reboot: its nodes reboot before it runs (and no other job
	 * shares them then: OverSubscribe=NO, as slurmctld sets it) */
	if (d->reboot && d->reboot != NO_VAL16) {
		s->reboot = true;
		s->no_share = true;
		s->oversubscribe = false;
	}
	/* --mail-type, --mail-user: kept and shown (FLURM sends no mail) */
	if (d->mail_type && d->mail_type != NO_VAL16)
		s->mail_type = d->mail_type;
	if (d->mail_user && d->mail_user[0])
		s->mail_user = d->mail_user;
	else
		s->mail_user = own->mail_user = mail_user_default(c, s->user);
	s->work_dir = d->work_dir;
	s->std_out = d->std_out;
	s->std_err = d->std_err;
	s->std_in = d->std_in;
	s->script = d->script;
	s->env = d->environment;
	s->env_count = d->env_size;
	s->argv = d->argv;
	s->argc = d->argc;
	s->account = d->account;
	s->comment = d->comment;
	s->begin_time = d->begin_time;
	/* sbatch --signal; clients that never set it send 0 or NO_VAL16 */
	if (d->warn_signal && d->warn_signal != NO_VAL16) {
		s->warn_signal = d->warn_signal;
		s->warn_time = d->warn_time == NO_VAL16 ? 60 : d->warn_time;
		if (d->warn_flags != NO_VAL16 && d->warn_flags & KILL_JOB_BATCH)
			s->warn_flags = JOB_WARN_BATCH;
	}
	if (!d->alloc_node || !d->alloc_node[0]) {
		free(d->alloc_node);
		d->alloc_node = peer_host(sc);
	}
	s->alloc_node = d->alloc_node;
	s->alloc_sid = d->alloc_sid == NO_VAL ? 0 : d->alloc_sid;
	/* sbatch --requeue / --no-requeue, else slurm.conf's JobRequeue */
	if (d->requeue != NO_VAL16)
		s->no_requeue = d->requeue == 0;
	else
		s->no_requeue = !job_requeue_default(c);
	if (d->dependency) {
		struct job_dep *deps;
		uint32_t n;
		bool any;

		/* checked here so a bad one is refused with Slurm's code;
		 * an unknown or purged job id is taken (and lifted at once),
		 * as slurmctld 22.05 takes it */
		/* slurmctld's own bound on the string, and its answer */
		if (strlen(d->dependency) > SLURM_MAX_DEPENDENCY)
			return ESLURM_PATHNAME_TOO_LONG;
		switch (depend_parse(d->dependency, &deps, &n, &any)) {
		case -1: return ESLURM_DEPENDENCY;
		case -2: return ESLURM_NOT_SUPPORTED;
		}
		/* its own id (the one it is about to get), as slurmctld
		 * refuses a job that depends on itself */
		for (uint32_t i = 0; i < n; i++)
			if (deps[i].job_id == state_next_job_id(c->st)) {
				free(deps);
				return ESLURM_DEPENDENCY;
			}
		free(deps);
		if (n)
			s->dependency = d->dependency;
	}
	s->dep_kill = d->bitflags & KILL_INV_DEP ? DEP_KILL_YES :
		d->bitflags & NO_KILL_INV_DEP ? DEP_KILL_NO : DEP_KILL_DEFAULT;
	if ((rc = time_checks(part, d, s, op)) ||
	    (rc = mem_limits(c, d, s, nparts)))
		return rc;
	/* too big for one partition of a list is fine if another holds it;
	 * without EnforcePartLimits only --test-only is refused (it would
	 * never start), the job itself waits (PartitionConfig) */
	enforce = enforce_part_limits(c);
	limits = enforce || sc->msg_type == REQUEST_JOB_WILL_RUN;
	for (uint32_t n = 0; limits && n < nparts; n++) {
		if (n)
			part = state_part_nth(c->st, d->partition, n);
		if (!(rc = part_size_check(c, part, d, s, enforce)))
			break;
	}
	return rc;
}

/* The job a spec would make, as far as the scheduler looks at it
 * (strings borrowed from S). */
static void spec_job(const struct job_spec *s, struct job *j)
{
	memset(j, 0, sizeof(*j));
	j->partition = s->partition;
	j->req = s->req;
}

/* The CPUs J needs on one node at the least (--mincpus, -c,
 * --ntasks-per-node times -c), as slurmctld's pn_min_cpus. */
static uint64_t node_min_cpus(const struct job *j)
{
	uint64_t need = j->cpus_per_task ? j->cpus_per_task : 1;

	if (j->ntasks_per_node && j->num_tasks > 1)
		need *= j->ntasks_per_node;
	return j->pn_min_cpus > need ? j->pn_min_cpus : need;
}

/* Whether some node of J's partitions has the CPUs J needs on one node:
 * slurmctld's node sets check that before anything else and tell the
 * client. */
static bool nodes_have_cpus(const struct state *st, const struct job *j)
{
	uint64_t need = node_min_cpus(j);

	for (uint32_t n = 0; n < state_part_count(j->partition); n++) {
		const struct partition *p =
			state_part_nth(st, j->partition, n);

		for (uint32_t i = 0; p && p->node_bits && i < st->nnodes;
		     i++)
			if (bit_test(p->node_bits, i) &&
			    st->nodes[i].cpus >= need)
				return true;
	}
	return false;
}

/* Whether some node of J's partitions has the memory J needs per node at
 * the least (MEM) or the TmpDisk it asks (!MEM): slurmctld names the
 * first of these that no node has. With TIMES, the memory a CPU times
 * the CPUs it needs on a node (what slurmctld's will-run test looks
 * at when memory is not counted). */
static bool nodes_have(const struct state *st, const struct job *j,
		       bool mem, uint64_t times)
{
	uint64_t need = mem ? job_mem_per_node(j, 1) : j->tmp_mb;

	if (mem && j->mem_per_cpu && times)
		need *= times;

	if (!need)
		return true;
	for (uint32_t n = 0; n < state_part_count(j->partition); n++) {
		const struct partition *p = state_part_nth(st, j->partition, n);

		for (uint32_t i = 0; p && i < st->nnodes; i++)
			if (bit_test(p->node_bits, i) &&
			    (mem ? st->nodes[i].memory_mb :
			     st->nodes[i].tmp_disk_mb) >= need)
				return true;
	}
	return false;
}

/* Whether NAME is one of the features of some node of the cluster. */
static bool feature_known(const struct state *st, const char *name,
			  size_t len)
{
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const char *f = st->nodes[i].features;

		while (f && *f) {
			size_t l = strcspn(f, ",");

			if (l == len && !strncmp(f, name, len))
				return true;
			f += l;
			f += *f == ',';
		}
	}
	return false;
}

/* slurmctld refuses a constraint naming a feature no node has
 * ("Invalid feature specification") before it looks for nodes; the
 * names are what stands between & | , [ ] ( ) and a *COUNT. */
static bool features_known(const struct state *st, const char *want)
{
	const char *w = want;

	while (w && *w) {
		size_t l = strcspn(w, "&|,[]()*");

		if (l && !feature_known(st, w, l))
			return false;
		w += l;
		if (*w == '*')
			w += 1 + strspn(w + 1, "0123456789");
		else if (*w)
			w++;
	}
	return true;
}

/* slurmctld makes a job of a submission before it looks for nodes, and
 * gives it a priority unless it is held or given one: what it then
 * refuses (no node fits it, a will-run test) takes a priority all the
 * same, which whatever next takes one skips (ctld_prio_taken). */
static void prio_taken(struct ctld *c, const struct job_spec *s)
{
	if (s->priority == STATE_NO_VAL)
		ctld_prio_taken(c);
}

static bool nodes_known(const struct state *st, const char *expr);

/* How many hosts of the host list A the list B names (*NA: how many A
 * names; 0 and 0 when either cannot be read). */
static size_t hosts_in(const char *a, const char *b, size_t *na)
{
	hostlist_t *ha = hostlist_create(a), *hb = hostlist_create(b);
	size_t n = 0;

	*na = ha && hb ? hostlist_count(ha) : 0;
	for (size_t i = 0; i < *na; i++)
		n += hostlist_find(hb, hostlist_nth(ha, i)) >= 0;
	hostlist_destroy(ha);
	hostlist_destroy(hb);
	return n;
}

/* Whether the host lists A and B name a host in common. */
static bool hosts_overlap(const char *a, const char *b)
{
	size_t na;

	return hosts_in(a, b, &na) > 0;
}

/* Whether every host of the list A is one of the list B. */
static bool hosts_within(const char *a, const char *b)
{
	size_t na, n = hosts_in(a, b, &na);

	return na > 0 && n == na;
}

/* Whether a node of J's partitions has the sockets, cores a socket and
 * threads a core that D asks (-B, --sockets-per-node, ...). */
static bool nodes_have_layout(const struct state *st, const struct job *j,
			      const struct slurm_job_desc *d)
{
	for (uint32_t n = 0; n < state_part_count(j->partition); n++) {
		const struct partition *p = state_part_nth(st, j->partition, n);

		for (uint32_t i = 0; p && p->node_bits && i < st->nnodes; i++) {
			const struct node *nd = &st->nodes[i];
			/* as scontrol show node shows them */
			uint32_t so = nd->sockets ? nd->sockets : 1,
				co = nd->cores ? nd->cores : 1,
				th = nd->threads ? nd->threads : 1;

			if (!bit_test(p->node_bits, i))
				continue;
			if ((d->sockets_per_node == NO_VAL16 ||
			     d->sockets_per_node <= so) &&
			    (d->cores_per_socket == NO_VAL16 ||
			     d->cores_per_socket <= co) &&
			    (d->threads_per_core == NO_VAL16 ||
			     d->threads_per_core <= th))
				return true;
		}
	}
	return false;
}

/* Refuse what could never run, as slurmctld does at submit time, with
 * its reason for the client where it gives one. Makes S fit the
 * MaxMemPerCPU of its (first) partition on the way (sched_mem_limit). */
static int spec_possible(struct sconn *sc, struct job_spec *s,
			 const struct slurm_job_desc *d)
{
	struct ctld *c = sc->c;
	bool nodes_given = d->min_nodes != NO_VAL;
	struct job j;

	spec_job(s, &j);
	if (s->req_nodes) {
		char *copy = xstrdup(s->req_nodes);
		bool ok = true;

		for (char *t = strtok(copy, ","); t; t = strtok(NULL, ","))
			if (!strchr(t, '[') && !state_node(c->st, t))
				ok = false;
		free(copy);
		if (!ok)
			return ESLURM_INVALID_NODE_NAME;
	}
	/* nodes refused must exist too, and not be among those asked */
	if (s->exc_nodes && s->exc_nodes[0] &&
	    (!nodes_known(c->st, s->exc_nodes) ||
	     (s->req_nodes && hosts_overlap(s->req_nodes, s->exc_nodes))))
		return ESLURM_INVALID_NODE_NAME;
	if (j.features && !features_known(c->st, j.features))
		return ESLURM_INVALID_FEATURE;
	/* larger than its partitions (more CPUs, or more nodes than -N
	 * asks): it waits (PartitionConfig, PartitionNodeLimit), and
	 * slurmctld looks no further at its nodes */
	if (sched_job_over_partitions(c->st, &j, nodes_given))
		return 0;
	/* then, as slurmctld's limits check, the CPUs and memory a CPU
	 * that fit MaxMemPerCPU, and what could run is judged on those;
	 * slurmctld does not try the nodes of a held job (--hold), so
	 * for one of those only what was asked counts */
	(void)sched_mem_limit(c->st, &s->req,
			      state_part_nth(c->st, s->partition, 0));
	/* nor does it refuse one for what no node has (memory, --tmp):
	 * released, it waits BadConstraints */
	if (s->priority == 0)
		return 0;
	spec_job(s, &j);
	if (sched_job_possible(c->st, &j) < 0) {
		free(sc->rc_msg);
		sc->rc_msg = NULL;
		if (!nodes_have_cpus(c->st, &j))
			sc->rc_msg = xstrdup("CPU count per node can not be "
					     "satisfied");
		else if (!nodes_have(c->st, &j, true, 0))
			sc->rc_msg = xstrdup("Memory specification can not be "
					     "satisfied");
		else if (!nodes_have(c->st, &j, false, 0))
			sc->rc_msg = xstrdup("Temporary disk specification "
					     "can not be satisfied");
		return ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE;
	}
	if (!nodes_have_layout(c->st, &j, d)) {
		free(sc->rc_msg);
		sc->rc_msg = xstrdup("Socket, core and/or thread "
				     "specification can not be satisfied");
		return ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE;
	}
	return 0;
}

/* -- job arrays (sbatch --array) -- */

#define MAX_ARRAY_SIZE 1001   /* Slurm's default MaxArraySize */

/* One token of an array task list as Slurm reads it: "3", "1-4",
 * "1-9:2", brackets and a "%throttle" tail allowed. */
static bool array_token(const char *tok, bitstr_t *bits)
{
	uint32_t max = bit_size(bits);
	char *end;
	long first, last, step = 1;

	if (*tok == '[')
		tok++;
	if (!(*tok >= '0' && *tok <= '9'))
		return false;
	first = strtol(tok, &end, 10);
	if (*end == ']')
		end++;
	last = first;
	if (*end == '-') {
		if (!(end[1] >= '0' && end[1] <= '9'))
			return false;
		last = strtol(end + 1, &end, 10);
		if (*end == ']')
			end++;
		if (*end == ':') {
			step = strtol(end + 1, &end, 10);
			if (*end == ']')
				end++;
			if (step <= 0 || step >= (long)max)
				return false;
		}
	}
	if ((*end && *end != '%') || last < first || last >= (long)max)
		return false;
	for (long i = first; i <= last; i += step)
		bit_set(bits, (uint32_t)i);
	return true;
}

/* "1-3,7" for an array task list, NULL when it is malformed. */
static char *array_tasks(const char *spec, uint32_t max)
{
	bitstr_t *bits = bit_alloc(max ? max : 1);
	char *copy = xstrdup(spec), *save = NULL, *out = NULL;
	bool ok = true;

	for (char *t = strtok_r(copy, ",", &save); t && ok;
	     t = strtok_r(NULL, ",", &save))
		ok = array_token(t, bits);
	if (ok && bit_count(bits))
		out = bit_fmt_list(bits);
	free(copy);
	bit_free(bits);
	return out;
}

/* slurm.conf's MaxArraySize: task indexes stay below it. */
static uint32_t max_array_size(const struct ctld *c)
{
	const struct slurm_conf_kv *kv = slurm_conf_find_unknown(c->sc,
								 "MaxArraySize");
	char *end;
	unsigned long v;

	if (!kv || !kv->value)
		return MAX_ARRAY_SIZE;
	v = strtoul(kv->value, &end, 10);
	return *end || v > 4000001 ? MAX_ARRAY_SIZE : (uint32_t)v;
}

/* sbatch --array=SPEC ("0-15:2,20%4") as slurmctld reads it: the list
 * up to the first '%', the throttle after it; indexes below MAX. The
 * indexes ascending in *TASKS (malloc'd); ESLURM_INVALID_ARRAY when it
 * is malformed or reaches MAX. */
static int array_parse(const char *spec, uint32_t max, uint32_t **tasks,
		       uint32_t *n, uint32_t *throttle)
{
	bitstr_t *bits = bit_alloc(max ? max : 1);
	char *copy = xstrdup(spec), *pct, *save = NULL;
	bool ok = max > 0;
	int64_t i = -1;

	*tasks = NULL;
	*n = *throttle = 0;
	if ((pct = strchr(copy, '%'))) {
		char *end;
		long t;

		*pct = '\0';
		errno = 0;
		t = strtol(pct + 1, &end, 10);
		if (end == pct + 1 || errno || t < 0 || t > (long)INT32_MAX)
			ok = false;
		*throttle = (uint32_t)t;
	}
	for (char *t = strtok_r(copy, ",", &save); t && ok;
	     t = strtok_r(NULL, ",", &save))
		ok = array_token(t, bits);
	if (ok && bit_count(bits)) {
		*tasks = xcalloc(bit_count(bits), sizeof(**tasks));
		while ((i = bit_next_set(bits, (uint32_t)(i + 1))) >= 0)
			(*tasks)[(*n)++] = (uint32_t)i;
	}
	free(copy);
	bit_free(bits);
	return *n ? 0 : ESLURM_INVALID_ARRAY;
}

static void rpc_submit_batch_job(struct sconn *sc, buf_t *body)
{
	struct slurm_job_desc d;
	struct job_spec s;
	struct pending *p;
	struct spec_own own = { 0 };
	buf_t *cmd;
	int rc;

	if (slurm_job_desc_unpack(body, &d) < 0) {
		log_warn("%s: bad job description: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	if (d.script && strlen(d.script) > SLURM_MAX_SCRIPT) {
		/* slurmctld's own default max_script_size, and its answer */
		log_info("%s: submit from uid %u refused: batch script of %zu "
			 "bytes is over %u", sc->peer, (unsigned)sc->uid,
			 strlen(d.script), SLURM_MAX_SCRIPT);
		reply_rc(sc, ESLURM_PATHNAME_TOO_LONG);
		goto out;
	}
	rc = desc_to_spec(sc, &d, &s, &own, true);
	if (!rc && (rc = spec_possible(sc, &s, &d)) ==
	    ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE)
		prio_taken(sc->c, &s);
	/* -N0 too: refused once the job is made */
	else if (rc == ESLURM_INVALID_NODE_COUNT && d.min_nodes == 0 &&
		 d.priority == NO_VAL)
		ctld_prio_taken(sc->c);
	if (rc) {
		log_info("%s: submit from uid %u refused: %s", sc->peer,
			 (unsigned)sc->uid, slurm_strerror(rc));
		reply_rc(sc, rc);
		goto out;
	}
	if (d.array_inx) {
		uint32_t *tasks, ntasks, throttle;

		rc = array_parse(d.array_inx, max_array_size(sc->c), &tasks,
				 &ntasks, &throttle);
		if (rc) {
			log_info("%s: submit from uid %u refused: bad array "
				 "'%s'", sc->peer, (unsigned)sc->uid,
				 d.array_inx);
			reply_rc(sc, rc);
			goto out;
		}
		/* numbered as slurmctld's: the array's id alone now */
		cmd = ctld_once(sc->req_id,
				cmd_array_submit_late(&s, tasks, ntasks,
						      throttle, time(NULL)));
		free(tasks);
	} else {
		cmd = ctld_once(sc->req_id, cmd_submit(&s, time(NULL)));
	}
	p = xcalloc(1, sizeof(*p));
	p->sc = sc;
	sc->pending = p;
	sc->state = SC_WAIT;
	/* the answer signed ahead: not for an array (answered once
	 * committed) nor a proposal refused at once (answered already, P
	 * gone) */
	if (ctld_propose(sc->c, cmd, submit_done, p) == 0) {
		struct ctld *c = sc->c;

		if (!d.array_inx) {
			presign_start(sc, p);
		} else {
			/* an array takes one id: the next submission
			 * gets the one after */
			(void)ctld_guess_take(c, 1);
		}
	}
out:
	spec_own_free(&own);
	slurm_job_desc_free(&d);
}

/* sbatch --test-only (also salloc/srun --test-only): when and where the
 * job would start, as slurmctld's will-run answer; nothing is submitted,
 * so the job id shown is the one the next submission would get. */
static void rpc_job_will_run(struct sconn *sc, buf_t *body)
{
	struct slurm_job_desc d;
	struct job_spec s;
	struct job j;
	struct spec_own own = { 0 };
	char *nodes = NULL;
	const char *part = NULL;
	time_t now = time(NULL), start;
	uint32_t cpus;
	buf_t *b;
	int rc;

	if (slurm_job_desc_unpack(body, &d) < 0) {
		log_warn("%s: bad job description: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	rc = desc_to_spec(sc, &d, &s, &own, false);
	/* every id in use: slurmctld makes no job to test, nor takes a
	 * priority for one */
	if (!rc && !state_next_job_id(sc->c->st))
		rc = EAGAIN;
	/* the job slurmctld makes for the test takes a priority */
	else if (!rc && (rc = spec_possible(sc, &s, &d)) == 0)
		prio_taken(sc->c, &s);
	if (rc == ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE) {
		prio_taken(sc->c, &s);
		/* slurmctld's will-run test answers the code alone: sbatch
		 * prints no "Memory specification can not be satisfied" */
		free(sc->rc_msg);
		sc->rc_msg = NULL;
	}
	if (rc) {
		reply_rc(sc, rc);
		goto out;
	}
	spec_job(&s, &j);
	/* memory not counted (CR_Core): slurmctld's will-run test still
	 * wants a CPU's memory times the CPUs a node gives it on one node,
	 * where a submission only wants a CPU's */
	if (sc->c->st->mem_not_counted &&
	    !nodes_have(sc->c->st, &j, true, node_min_cpus(&j))) {
		reply_rc(sc, ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE);
		goto out;
	}
	if (sched_will_run(sc->c->st, &j, s.begin_time > now ? s.begin_time : now,
			   &start, &nodes, &cpus, &part) < 0) {
		reply_rc(sc, ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE);
		goto out;
	}
	b = buf_new(128);
	slurm_will_run_response_pack(b, state_next_job_id(sc->c->st), nodes, part,
				     cpus, start);
	reply(sc, RESPONSE_JOB_WILL_RUN, b);
	buf_free(b);
out:
	free(nodes);
	spec_own_free(&own);
	slurm_job_desc_free(&d);
}

/* -- allocations (salloc): the operation is ops_alloc.c's -- */

/* The Slurm code for an allocation operation's outcome. */
static int alloc_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOJOB: return ESLURM_INVALID_JOB_ID;
	case OP_EPERM: return ESLURM_ACCESS_DENIED;
	case OP_EDONE: return ESLURM_ALREADY_DONE;
	case OP_EPENDING: return ESLURM_JOB_PENDING;
	case OP_EBUSY: return ESLURM_NODES_BUSY;
	case OP_ENOSPACE: return ENOSPC;
	case OP_ENOPART: return ESLURM_INVALID_PARTITION_NAME;
	/* slurmctld's answer when every id is in use: salloc and srun
	 * try again */
	case OP_EIDS: return EAGAIN;
	default: return SLURM_ERROR;
	}
}

static void reply_alloc(struct sconn *sc, uint16_t type, const struct job *j)
{
	struct slurm_alloc_response r;
	buf_t *b = reply_buf(sc, 256);

	alloc_response_fill(sc->c, j, &r);
	slurm_alloc_response_pack(b, &r);
	slurm_alloc_response_free(&r);
	reply(sc, type, b);
	buf_free(b);
}

static void alloc_answer(void *arg, int rc, uint32_t job_id)
{
	struct pending *p = arg;
	struct sconn *sc = p->sc;
	struct job *j;

	if (sc) {
		sc->pending = NULL;
		j = job_id ? state_job(sc->c->st, job_id) : NULL;
		/* granted, or pending: salloc prints "Pending job
		 * allocation N" and waits for the grant on its port */
		if ((rc == OP_OK || rc == OP_EPENDING) && j)
			reply_alloc(sc, RESPONSE_RESOURCE_ALLOCATION, j);
		else if (rc == OP_EMOVED && sconn_moved(sc))
			;   /* asked again under the same request id */
		else
			reply_rc(sc, alloc_slurm_rc(rc));
	}
	free(p);
}

/* The client's IP address, where its ports listen: slurmctld too takes
 * the connection's peer, not what the request claims. */
static char *peer_ip(struct sconn *sc)
{
	char ip[INET6_ADDRSTRLEN];

	sconn_client_text(sc, ip, sizeof(ip));
	return ip[0] ? xstrdup(ip) : NULL;
}

static void rpc_resource_allocation(struct sconn *sc, buf_t *body)
{
	struct slurm_job_desc d;
	struct job_spec s;
	struct op_ctx ctx;
	struct pending *p;
	struct spec_own own = { 0 };
	char *ip = NULL;
	int rc;

	if (slurm_job_desc_unpack(body, &d) < 0) {
		log_warn("%s: bad job description: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	rc = desc_to_spec(sc, &d, &s, &own, false);
	if (!rc && (rc = spec_possible(sc, &s, &d)) ==
	    ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE)
		prio_taken(sc->c, &s);
	if (!rc && !(ip = peer_ip(sc)))
		rc = SLURM_COMMUNICATIONS_CONNECTION_ERROR;
	if (rc) {
		log_info("%s: allocation for uid %u refused: %s", sc->peer,
			 (unsigned)sc->uid, slurm_strerror(rc));
		reply_rc(sc, rc);
		goto out;
	}
	/* an allocation has no script; what salloc sends is its own
	 * environment, which nothing on the nodes will use */
	s.script = NULL;
	s.env = NULL;
	s.env_count = 0;
	s.interactive = true;
	/* the submit host (AllocNode) is desc_to_spec's, as for sbatch */
	s.resp_host = ip;
	s.resp_port = d.alloc_resp_port;
	s.other_port = d.other_port;
	p = xcalloc(1, sizeof(*p));
	p->sc = sc;
	sc->pending = p;
	sc->state = SC_WAIT;
	memset(&ctx, 0, sizeof(ctx));
	ctx.uid = sc->uid;
	ctx.is_operator = ctld_is_operator(sc->c, sc->uid);
	ctx.peer = sc->peer;
	ctx.req_id = sc->req_id;
	rc = op_alloc_submit(sc->c, &ctx, &s, d.immediate != 0 &&
			     d.immediate != NO_VAL16, alloc_answer, p);
	if (rc != OP_OK) {
		sc->pending = NULL;
		free(p);
		reply_rc(sc, alloc_slurm_rc(rc));
	}
out:
	free(ip);
	spec_own_free(&own);
	slurm_job_desc_free(&d);
}

/* The job of an allocation request, checked as slurmctld checks it:
 * the owner or an operator. NULL after answering. */
static struct job *alloc_job(struct sconn *sc, uint32_t id)
{
	struct job *j = state_job(sc->c->st, id);

	if (!j) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return NULL;
	}
	if (j->uid != (uint32_t)sc->uid && !ctld_is_operator(sc->c, sc->uid)) {
		reply_rc(sc, ESLURM_ACCESS_DENIED);
		return NULL;
	}
	return j;
}

/* salloc's lookup while it waits, and srun's inside a job. */
static void rpc_job_allocation_info(struct sconn *sc, buf_t *body)
{
	struct slurm_alloc_info_request r;
	struct job *j;

	if (slurm_alloc_info_request_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	j = alloc_job(sc, r.job_id);
	slurm_alloc_info_request_free(&r);
	if (!j)
		return;
	if (j->state == JOB_ST_PENDING)
		reply_rc(sc, ESLURM_JOB_PENDING);
	else if (job_is_finished(j))
		reply_rc(sc, ESLURM_ALREADY_DONE);
	else
		reply_alloc(sc, RESPONSE_JOB_ALLOCATION_INFO, j);
}

/* REQUEST_JOB_END_TIME: when job J's time is up, for scontrol pidinfo and
 * slurm_get_rem_time(). Answered with an SRUN_TIMEOUT body as slurmctld
 * answers it; anyone may ask, as there. */
static void rpc_job_end_time(struct sconn *sc, buf_t *body)
{
	struct slurm_alloc_info_request r;
	struct slurm_srun_timeout t;
	const struct job *j;
	buf_t *b;

	if (slurm_alloc_info_request_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	j = state_job(sc->c->st, r.job_id);
	slurm_alloc_info_request_free(&r);
	if (!j) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.step.job_id = j->id;
	t.step.step_id = NO_VAL;
	t.step.step_het_comp = NO_VAL;
	if (j->end_time)
		t.timeout = j->end_time;
	else if (j->state == JOB_ST_PENDING)
		t.timeout = 0;
	else if (j->time_limit != STATE_INFINITE)
		t.timeout = job_deadline(j);
	else	/* slurmctld's end time of a job without a limit */
		t.timeout = j->start_time + 365 * 24 * 3600;
	b = buf_new(32);
	slurm_srun_timeout_pack(b, &t);
	reply(sc, SRUN_TIMEOUT, b);
	buf_free(b);
}

/* srun inside a job (SLURM_JOB_ID set) looks its allocation up with the
 * heterogeneous-job request; a FLURM job is one component. */
static void rpc_het_job_alloc_info(struct sconn *sc, buf_t *body)
{
	struct slurm_alloc_info_request r;
	struct slurm_alloc_response a;
	struct job *j;
	buf_t *b;

	if (slurm_alloc_info_request_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	j = alloc_job(sc, r.job_id);
	slurm_alloc_info_request_free(&r);
	if (!j)
		return;
	if (j->state == JOB_ST_PENDING) {
		reply_rc(sc, ESLURM_JOB_PENDING);
		return;
	}
	if (job_is_finished(j)) {
		reply_rc(sc, ESLURM_ALREADY_DONE);
		return;
	}
	alloc_response_fill(sc->c, j, &a);
	b = buf_new(256);
	slurm_het_alloc_pack(b, &a, 1);
	slurm_alloc_response_free(&a);
	reply(sc, RESPONSE_HET_JOB_ALLOCATION, b);
	buf_free(b);
}

/* Are the job's nodes ready? As slurmctld's job_node_ready: the job bit
 * while it runs or is suspended, the node bit unless its nodes reboot
 * for it (salloc --wait-all-nodes and srun --reboot wait for that), and
 * the prolog bit (no prolog runs for an allocation). */
static void rpc_job_ready(struct sconn *sc, buf_t *body)
{
	struct slurm_job_id_request r;
	struct job *j;
	buf_t *b;
	bool run;

	if (slurm_job_id_request_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	j = state_job(sc->c->st, r.job_id);
	if (!j) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		return;
	}
	b = reply_buf(sc, 8);
	run = j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED;
	slurm_rc_pack(b, (run ? READY_JOB_STATE : 0) |
		      (run && !j->configuring ? READY_NODE_STATE : 0) |
		      READY_PROLOG_STATE);
	reply(sc, RESPONSE_JOB_READY, b);
	buf_free(b);
}

/* salloc's command exited (or salloc was interrupted): give it back. */
static void rpc_complete_job_allocation(struct sconn *sc, buf_t *body)
{
	struct slurm_complete_alloc r;
	struct op_ctx ctx;
	struct pending *p;
	int rc;

	if (slurm_complete_alloc_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	p = pending_start(sc, &ctx, alloc_slurm_rc);
	rc = op_alloc_complete(sc->c, &ctx, r.job_id, r.job_rc);
	if (rc != OP_OK) {
		log_info("%s: relinquish of job %u: %s", sc->peer, r.job_id,
			 err_msg());
		pending_refused(p, rc);
	}
}

/* -- job steps (srun): ops_step.c does the work -- */

/* The Slurm code for a step operation's outcome. */
static int step_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOJOB:
	case OP_ENOSTEP: return ESLURM_INVALID_JOB_ID;
	case OP_EPERM: return ESLURM_ACCESS_DENIED;
	case OP_EDONE: return ESLURM_ALREADY_DONE;
	case OP_EPENDING: return ESLURM_JOB_PENDING;
	case OP_EBUSY: return ESLURM_DISABLED;
	case OP_ESTEPBUSY: return ESLURM_NODES_BUSY;
	case OP_ETOOMANY: return ESLURM_TOO_MANY_REQUESTED_CPUS;
	case OP_ENODECOUNT: return ESLURM_INVALID_NODE_COUNT;
	case OP_EBADNODES: return ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE;
	case OP_EHOSTLIST: return ESLURM_INVALID_NODE_NAME;
	case OP_EMEMORY: return ESLURM_INVALID_TASK_MEMORY;
	case OP_ENOTCONN: return ESLURM_TRANSITION_STATE_NO_UPDATE;
	case OP_ENOSPACE: return ENOSPC;
	default: return SLURM_ERROR;
	}
}

/* The job user's account details and groups, as slurmctld puts them in
 * the credential so the node need not look them up. */
static void cred_user(struct cred *cr, const struct job *j)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	gid_t groups[64];
	int ngroups = 64;

	if (getpwuid_r(j->uid, &pw, buf, sizeof(buf), &res) != 0 || !res) {
		cr->user_name = j->user ? xstrdup(j->user) : NULL;
		return;
	}
	cr->user_name = xstrdup(pw.pw_name);
	cr->gecos = xstrdup(pw.pw_gecos);
	cr->home = xstrdup(pw.pw_dir);
	cr->shell = xstrdup(pw.pw_shell);
	if (getgrouplist(pw.pw_name, (gid_t)j->gid, groups, &ngroups) < 0)
		ngroups = 64;
	cr->gids = xcalloc((size_t)ngroups, sizeof(*cr->gids));
	for (int i = 0; i < ngroups; i++)
		cr->gids[i] = (uint32_t)groups[i];
	cr->ngids = (uint32_t)ngroups;
}

/* Step S of job J's credential, signed: what its nodes check before they
 * start its tasks. Each CPU of a node counts as a core of one socket; the
 * job holds the first cpus_per_node of them, the step its own share. */
/* The GPUs of a "gres:gpu[:type]:N" item of TRES (srun's tres_per_*
 * lists, "cpu:2,gres:gpu:1"): N, or -1 when none names gpu. */
static long tres_gpu_count(const char *tres)
{
	const char *p = tres;

	while (p && *p) {
		size_t len = strcspn(p, ",");

		if (len >= 8 && !strncmp(p, "gres:gpu", 8) &&
		    (len == 8 || p[8] == ':')) {
			const char *num = p + len;
			char *end;
			unsigned long n;

			while (num > p && num[-1] != ':')
				num--;
			n = strtoul(num, &end, 10);
			if (end == num || end != p + len)
				return 1;    /* "gres:gpu", "gres:gpu:tesla": one */
			return n > UINT32_MAX ? UINT32_MAX : (long)n;
		}
		p += len;
		if (*p)
			p++;
	}
	return -1;
}

/* The GPU request of a step as srun sends it: --gpus-per-node and --gres
 * (tres_per_node, "NONE" for --gres=none), --gpus-per-task, --gpus;
 * none of them: its job's. */
static void step_gpu_request(const struct slurm_step_create_request *d,
			     enum step_gpus_by *by, uint32_t *n)
{
	long v;

	*by = STEP_GPUS_JOB;
	*n = 0;
	if (d->tres_per_node && !strcasecmp(d->tres_per_node, "NONE")) {
		*by = STEP_GPUS_NODE;
	} else if ((v = tres_gpu_count(d->tres_per_node)) >= 0) {
		*by = STEP_GPUS_NODE;
		*n = (uint32_t)v;
	} else if ((v = tres_gpu_count(d->tres_per_task)) >= 0) {
		*by = STEP_GPUS_TASK;
		*n = (uint32_t)v;
	} else if ((v = tres_gpu_count(d->tres_per_step)) >= 0) {
		*by = STEP_GPUS_STEP;
		*n = (uint32_t)v;
	}
}

/* A step's GPU request beyond what its job holds, refused as slurmctld
 * refuses it: a node's more than the most the job holds on one node
 * (with slurmctld's words), the step's more than the job holds in all,
 * a task's more than the most on one node. 0 when it may go ahead (the
 * layout counts a task's GPUs node by node, ops_step.c). */
static int step_gpus_refused(struct sconn *sc, const struct job *j,
			     enum step_gpus_by by, uint32_t n)
{
	uint32_t count, most = 0, total = 0;

	if (!j || !j->gpu_masks || !j->node_bits || by == STEP_GPUS_JOB)
		return 0;
	count = (uint32_t)bit_count(j->node_bits);
	for (uint32_t k = 0; k < count; k++) {
		uint32_t g = gpu_popcount(j->gpu_masks[k]);

		total += g;
		if (g > most)
			most = g;
	}
	if (by == STEP_GPUS_NODE && n > most) {
		sc->rc_msg = xasprintf("Step requested gres_per_node=gpu:%u "
				       "is more than the job's "
				       "gres_per_node=gpu:%u", n, most);
		return ESLURM_INVALID_GRES;
	}
	if (by == STEP_GPUS_STEP && n > total)
		return ESLURM_INVALID_GRES;
	if (by == STEP_GPUS_TASK && n > most)
		return ESLURM_TOO_MANY_REQUESTED_CPUS;
	return 0;
}

static int step_cred(struct ctld *c, const struct job *j,
		     const struct step *s, enum step_gpus_by gpus_by,
		     uint32_t gpus, buf_t *out)
{
	struct cred cr;
	uint64_t *step_masks = NULL;
	uint32_t njn = (uint32_t)bit_count(j->node_bits), k = 0, pos = 0;
	uint32_t bits = 0;
	int rc;

	memset(&cr, 0, sizeof(cr));
	cr.job_id = j->id;
	cr.step_id = s->id;
	cr.step_het_comp = NO_VAL;
	cr.uid = j->uid;
	cr.gid = j->gid;
	cred_user(&cr, j);
	cr.job_core_spec = NO_VAL16;
	cr.account = j->account ? xstrdup(j->account) : NULL;
	cr.partition = xstrdup(j->partition);
	cr.restart_cnt = (uint16_t)j->restarts;
	cr.std_err = j->std_err ? xstrdup(j->std_err) : NULL;
	cr.std_in = j->std_in ? xstrdup(j->std_in) : NULL;
	cr.std_out = j->std_out ? xstrdup(j->std_out) : NULL;
	cr.step_hostlist = xstrdup(s->nodes);
	cr.core_array_size = (uint16_t)njn;
	cr.cores_per_socket = xcalloc(njn ? njn : 1, sizeof(uint16_t));
	cr.sockets_per_node = xcalloc(njn ? njn : 1, sizeof(uint16_t));
	cr.sock_core_rep_count = xcalloc(njn ? njn : 1, sizeof(uint32_t));
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0 && k < njn;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		uint32_t cpus = c->st->nodes[i].cpus;

		if (cpus < job_cpus_at(j, k))
			cpus = job_cpus_at(j, k);
		cr.cores_per_socket[k] = (uint16_t)cpus;
		cr.sockets_per_node[k] = 1;
		cr.sock_core_rep_count[k] = 1;
		bits += cpus;
	}
	cr.job_core_bitmap = bit_alloc(bits ? bits : 1);
	cr.step_core_bitmap = bit_alloc(bits ? bits : 1);
	k = 0;
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0 && k < njn;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1), k++) {
		uint32_t want = 0, held = job_cpus_at(j, k);

		for (uint32_t n = 0; n < held; n++)
			bit_set(cr.job_core_bitmap, pos + n);
		if (bit_test(s->node_bits, (uint32_t)i)) {
			uint32_t at = 0;

			for (int64_t m = bit_next_set(s->node_bits, 0);
			     m >= 0 && m < i;
			     m = bit_next_set(s->node_bits, (uint32_t)m + 1))
				at++;
			want = s->whole ? held :
				s->tasks[at] * s->cpus_per_task;
			if (want > held)
				want = held;
		}
		for (uint32_t n = 0; n < want; n++)
			bit_set(cr.step_core_bitmap, pos + n);
		pos += cr.cores_per_socket[k];
	}
	{
		uint32_t *cpus = xcalloc(njn ? njn : 1, sizeof(*cpus));
		uint32_t *reps = xcalloc(njn ? njn : 1, sizeof(*reps));

		cr.cpu_array_count = job_cpu_runs(j, cpus, reps);
		cr.cpu_array = xcalloc(njn ? njn : 1, sizeof(uint16_t));
		cr.cpu_array_reps = xcalloc(njn ? njn : 1, sizeof(uint32_t));
		for (uint32_t g = 0; g < cr.cpu_array_count; g++) {
			cr.cpu_array[g] = (uint16_t)cpus[g];
			cr.cpu_array_reps[g] = reps[g];
		}
		free(cpus);
		free(reps);
	}
	cr.job_nhosts = njn;
	cr.job_ntasks = j->num_tasks;
	cr.job_hostlist = xstrdup(j->nodes);
	if (j->alloc_mem_mb) {
		/* run-length coded: it may differ by node (--gpus-per-task
		 * with --mem-per-cpu) */
		cr.job_mem = xcalloc(njn ? njn : 1, sizeof(uint64_t));
		cr.job_mem_reps = xcalloc(njn ? njn : 1, sizeof(uint32_t));
		for (uint32_t g = 0; g < njn; g++) {
			uint64_t m = job_mem_at(j, g);

			if (cr.job_mem_count &&
			    cr.job_mem[cr.job_mem_count - 1] == m) {
				cr.job_mem_reps[cr.job_mem_count - 1]++;
			} else {
				cr.job_mem[cr.job_mem_count] = m;
				cr.job_mem_reps[cr.job_mem_count++] = 1;
			}
		}
	}
	/* the GPU indexes it holds on each node, in the order of its
	 * node list (as the node daemons find themselves in it), which
	 * they give to the step's tasks there */
	if (j->gpu_masks && j->nodes) {
		hostlist_t *hl = hostlist_create(j->nodes);
		uint32_t nh = hl ? (uint32_t)hostlist_count(hl) : 0;

		cr.gpu_nodes = nh;
		cr.gpu_bits = xcalloc(nh ? nh : 1, sizeof(*cr.gpu_bits));
		for (uint32_t h = 0; h < nh; h++) {
			long i = state_node_index(c->st, hostlist_nth(hl, h));
			uint64_t m = i >= 0 ? job_gpu_mask(j, (uint32_t)i) : 0;
			uint32_t n = i >= 0 ? c->st->nodes[i].gpus : 0;

			while (n < 64 && (m >> n))
				n++;
			if (!n)
				continue;
			cr.gpu_bits[h] = bit_alloc(n);
			for (uint32_t g = 0; g < n && g < 64; g++)
				if (m & (1ull << g))
					bit_set(cr.gpu_bits[h], g);
		}
		/* the step's share of them: those it was given at its
		 * creation (a step of an older release: what it asks, or
		 * its job asked, the lowest first) */
		if (s->gpu_masks) {
			step_masks = xcalloc(s->nnodes, sizeof(*step_masks));
			memcpy(step_masks, s->gpu_masks,
			       s->nnodes * sizeof(*step_masks));
		} else {
			step_masks = step_gpu_masks(j, s, gpus_by, gpus);
		}
		if (step_masks)
			cr.step_gpu_bits = xcalloc(nh ? nh : 1,
						   sizeof(*cr.step_gpu_bits));
		for (uint32_t h = 0; step_masks && h < nh; h++) {
			long i = state_node_index(c->st, hostlist_nth(hl, h));
			uint32_t rank = 0;
			uint64_t m;

			if (i < 0 || !cr.gpu_bits[h] ||
			    !bit_test(s->node_bits, (uint32_t)i))
				continue;
			for (int64_t b = bit_next_set(s->node_bits, 0);
			     b >= 0 && b < i;
			     b = bit_next_set(s->node_bits, (uint32_t)b + 1))
				rank++;
			m = step_masks[rank];
			cr.step_gpu_bits[h] = bit_alloc(bit_size(cr.gpu_bits[h]));
			for (uint32_t g = 0; g < bit_size(cr.gpu_bits[h]) &&
			     g < 64; g++)
				if (m & (1ull << g))
					bit_set(cr.step_gpu_bits[h], g);
		}
		free(step_masks);
		hostlist_destroy(hl);
	}
	if (s->mem_mb) {
		cr.step_mem_count = 1;
		cr.step_mem = xcalloc(1, sizeof(uint64_t));
		cr.step_mem[0] = s->mem_mb;
		cr.step_mem_reps = xcalloc(1, sizeof(uint32_t));
		cr.step_mem_reps[0] = s->nnodes;
	}
	rc = cred_sign(c->auth, &cr, time(NULL));
	if (rc == 0)
		cred_pack(out, &cr);
	cred_free(&cr);
	return rc;
}

/* Step S's task layout: TASKS[i] tasks on its i-th node, numbered node
 * by node (block). */
static void step_layout_fill(const struct step *s,
			     struct slurm_step_layout *l)
{
	uint32_t tid = 0;

	memset(l, 0, sizeof(*l));
	l->node_list = xstrdup(s->nodes);
	l->node_cnt = s->nnodes;
	l->start_protocol_ver = SLURM_PROTOCOL_VERSION;
	l->task_cnt = s->ntasks;
	l->task_dist = s->task_dist;
	l->tasks = xcalloc(s->nnodes, sizeof(*l->tasks));
	l->tids = xcalloc(s->nnodes, sizeof(*l->tids));
	for (uint32_t i = 0; i < s->nnodes; i++) {
		l->tasks[i] = s->tasks[i];
		l->tids[i] = xcalloc(s->tasks[i] ? s->tasks[i] : 1,
				     sizeof(uint32_t));
		for (uint32_t t = 0; t < s->tasks[i]; t++)
			l->tids[i][t] = tid++;
	}
}

static void step_create_answer(void *arg, int rc, uint32_t step_id)
{
	struct pending *p = arg;
	struct sconn *sc = p->sc;
	struct slurm_step_create_response r;
	struct job *j;
	struct step *s;
	buf_t *cred = NULL, *b = NULL;

	if (!sc) {
		log_info("step %u.%u: srun is gone before its answer", p->job_id,
			 step_id);
		goto out;
	}
	sc->pending = NULL;
	j = state_job(sc->c->st, p->job_id);
	s = rc == OP_OK ? job_step(j, step_id) : NULL;
	if (rc != OP_OK || !s) {
		reply_rc(sc, step_slurm_rc(rc == OP_OK ? OP_ENOSTEP : rc));
		goto out;
	}
	cred = buf_new(1024);
	if (step_cred(sc->c, j, s, p->step_gpus_by, p->step_gpus, cred) < 0) {
		log_err("step %u.%u: %s", j->id, s->id, err_msg());
		reply_rc(sc, ESLURM_INVALID_JOB_CREDENTIAL);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	r.job_step_id = s->id;
	step_layout_fill(s, &r.layout);
	r.cred = cred->data;
	r.cred_len = buf_len(cred);
	r.use_protocol_ver = SLURM_PROTOCOL_VERSION;
	b = buf_new(2048);
	slurm_step_create_response_pack(b, &r);
	slurm_step_layout_free(&r.layout);
	reply(sc, RESPONSE_JOB_STEP_CREATE, b);
out:
	buf_free(cred);
	buf_free(b);
	free(p);
}

static void rpc_step_create(struct sconn *sc, buf_t *body)
{
	struct slurm_step_create_request d;
	struct step_request rq;
	struct op_ctx ctx;
	struct pending *p;
	char *ip = NULL;
	int rc;

	if (slurm_step_create_request_unpack(body, &d) < 0) {
		log_warn("%s: bad step request: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	if (d.step_id.step_het_comp != NO_VAL && d.step_het_comp_cnt > 1) {
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
		goto out;
	}
	memset(&rq, 0, sizeof(rq));
	rq.job_id = d.step_id.job_id;
	rq.name = d.name;
	rq.min_nodes = d.min_nodes == NO_VAL ? 0 : d.min_nodes;
	rq.max_nodes = d.max_nodes == NO_VAL ? 0 : d.max_nodes;
	rq.num_tasks = d.num_tasks == NO_VAL ? 0 : d.num_tasks;
	/* srun sends CPUs in all, not per task */
	rq.cpus_per_task = d.num_tasks && d.num_tasks != NO_VAL &&
		d.cpu_count != NO_VAL && d.cpu_count >= d.num_tasks &&
		d.cpu_count % d.num_tasks == 0 ? d.cpu_count / d.num_tasks : 1;
	rq.ntasks_per_node = d.plane_size == NO_VAL16 ? 0 : d.plane_size;
	if (d.pn_min_memory != NO_VAL64 && d.pn_min_memory) {
		rq.mem_per_cpu = d.pn_min_memory & MEM_PER_CPU;
		rq.mem_mb = d.pn_min_memory & ~MEM_PER_CPU;
	}
	rq.node_list = d.node_list;
	rq.exc_nodes = d.exc_nodes;
	rq.overlap = d.flags & SLURM_SSF_OVERLAP_FORCE;
	rq.whole = d.flags & SLURM_SSF_WHOLE;
	rq.overcommit = d.flags & SLURM_SSF_OVERCOMMIT;
	rq.task_dist = d.task_dist;
	rq.time_limit = d.time_limit == NO_VAL || d.time_limit == 0 ?
		STATE_INFINITE : d.time_limit;
	/* srun listens where it connected from, as salloc */
	ip = peer_ip(sc);
	rq.srun_host = ip;
	rq.srun_port = d.port;
	rq.srun_pid = d.srun_pid;
	p = xcalloc(1, sizeof(*p));
	p->sc = sc;
	p->job_id = rq.job_id;
	step_gpu_request(&d, &p->step_gpus_by, &p->step_gpus);
	rq.gpus_by = p->step_gpus_by;
	rq.gpus = p->step_gpus;
	if ((rc = step_gpus_refused(sc, state_job(sc->c->st, rq.job_id),
				    p->step_gpus_by, p->step_gpus))) {
		log_info("%s: step of job %u refused: its GPUs", sc->peer,
			 rq.job_id);
		free(p);
		reply_rc(sc, rc);
		goto out;
	}
	sc->pending = p;
	sc->state = SC_WAIT;
	memset(&ctx, 0, sizeof(ctx));
	ctx.uid = sc->uid;
	ctx.is_operator = ctld_is_operator(sc->c, sc->uid);
	ctx.peer = sc->peer;
	rc = op_step_create(sc->c, &ctx, &rq, step_create_answer, p);
	if (rc != OP_OK) {
		log_info("%s: step of job %u refused: %s", sc->peer, rq.job_id,
			 err_msg());
		sc->pending = NULL;
		free(p);
		reply_rc(sc, step_slurm_rc(rc));
	}
out:
	free(ip);
	slurm_step_create_request_free(&d);
}

/* srun could not launch a step on some nodes, or gives it up. */
static void rpc_step_complete(struct sconn *sc, buf_t *body)
{
	struct slurm_step_complete r;
	struct op_ctx ctx;
	struct pending *p;
	int rc;

	if (slurm_step_complete_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	p = pending_start(sc, &ctx, step_slurm_rc);
	rc = op_step_complete(sc->c, &ctx, r.step_id.job_id, r.step_id.step_id,
			      r.range_first, r.range_last, r.step_rc);
	if (rc != OP_OK) {
		log_info("%s: step %u.%u complete: %s", sc->peer,
			 r.step_id.job_id, r.step_id.step_id, err_msg());
		pending_refused(p, rc);
	}
}

/* One step as squeue -s and scontrol show step read it. */
static void pack_step(struct sconn *sc, buf_t *b, const struct job *j,
		      const struct step *s, time_t now)
{
	struct slurm_step_info r;
	char tres[128];
	size_t len;
	uint32_t gpus = 0;

	slurm_step_info_init(&r);
	/* a task of an array is ARRAY_TASK.STEP, as slurmctld names it */
	r.array_job_id = j->array_job_id;
	r.array_task_id = j->array_job_id ? j->array_task_id : NO_VAL;
	r.step_id.job_id = j->id;
	r.step_id.step_id = s->id;
	r.user_id = j->uid;
	r.num_cpus = s->cpus;
	r.num_tasks = s->ntasks;
	r.task_dist = s->task_dist;
	r.time_limit = s->time_limit;
	r.state = s->state;
	r.srun_pid = s->srun_pid;
	r.start_time = s->start_time;
	r.run_time = (s->end_time ? s->end_time : now) - s->start_time;
	if (r.run_time < 0)
		r.run_time = 0;
	r.cluster = sc->c->sc->cluster_name;
	r.partition = j->partition;
	r.srun_host = s->srun_host;
	r.nodes = s->nodes;
	r.name = s->name;
	r.node_inx = s->node_bits;
	if (s->mem_mb)
		snprintf(tres, sizeof(tres), "cpu=%u,mem=%lluM,node=%u", s->cpus,
			 (unsigned long long)s->mem_mb * s->nnodes, s->nnodes);
	else
		snprintf(tres, sizeof(tres), "cpu=%u,node=%u", s->cpus,
			 s->nnodes);
	/* its GPUs, where slurmctld counts them in TRES */
	for (uint32_t k = 0; s->gpu_masks && k < s->nnodes; k++)
		gpus += gpu_popcount(s->gpu_masks[k]);
	len = strlen(tres);
	if (gpus && tres_gpus(sc->c))
		snprintf(tres + len, sizeof(tres) - len, ",gres/gpu=%u", gpus);
	r.tres_alloc_str = tres;
	r.start_protocol_ver = SLURM_PROTOCOL_VERSION;
	slurm_step_info_pack(b, &r);
}

/* A running batch job's batch step, as slurmctld lists it (ID.batch on
 * the node running the script, one task). */
static void pack_batch_step(struct sconn *sc, buf_t *b, const struct job *j,
			    time_t now)
{
	struct slurm_step_info r;
	bitstr_t *bits = bit_alloc(sc->c->st->nnodes);
	char tres[64];

	bit_set(bits, j->batch_node);
	slurm_step_info_init(&r);
	/* a task of an array is ARRAY_TASK.STEP, as slurmctld names it */
	r.array_job_id = j->array_job_id;
	r.array_task_id = j->array_job_id ? j->array_task_id : NO_VAL;
	r.step_id.job_id = j->id;
	r.step_id.step_id = SLURM_BATCH_SCRIPT;
	r.user_id = j->uid;
	/* the batch node's CPUs (1 where -N2 -n3 filled 1 and 2) */
	r.num_cpus = job_cpus_on(j, j->batch_node);
	r.num_tasks = 1;
	r.time_limit = STATE_INFINITE;
	r.state = STEP_ST_RUNNING;
	r.start_time = j->start_time;
	r.run_time = job_run_secs(j, now);
	r.cluster = sc->c->sc->cluster_name;
	r.partition = j->partition;
	r.nodes = sc->c->st->nodes[j->batch_node].name;
	r.name = "batch";
	r.node_inx = bits;
	snprintf(tres, sizeof(tres), "cpu=%u,node=1", r.num_cpus);
	r.tres_alloc_str = tres;
	r.start_protocol_ver = SLURM_PROTOCOL_VERSION;
	slurm_step_info_pack(b, &r);
	bit_free(bits);
}

/* squeue -s, scontrol show step: the running steps of every job, of one
 * job, or one step, as slurmctld lists them (ended steps are gone). */
static void rpc_step_info(struct sconn *sc, buf_t *body)
{
	struct slurm_step_info_request r;
	struct state *st = sc->c->st;
	time_t now = time(NULL);
	uint32_t count = 0;
	bool job_seen = false;
	size_t at;
	buf_t *b;

	if (slurm_step_info_request_unpack(body, &r) < 0) {
		log_warn("%s: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	b = buf_new(1024);
	at = slurm_step_info_response_begin(b, now);
	/* the task of a late array that took the array's id comes after
	 * those that took ids of their own, as slurmctld lists them */
	for (uint32_t i = 0; i < 2 * st->njobs; i++) {
		const struct job *j = st->jobs[i % st->njobs];

		if ((i >= st->njobs) !=
		    (j->array_late && j->id == j->array_job_id))
			continue;
		/* as slurmctld: a job by its id or its array's; scontrol
		 * show steps sends 0, which every job not of an array
		 * matches (its array id is 0) */
		if (r.step_id.job_id != NO_VAL && r.step_id.job_id != j->id &&
		    r.step_id.job_id != j->array_job_id)
			continue;
		job_seen = true;
		if ((j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED) &&
		    !j->interactive && j->node_bits &&
		    j->batch_node < st->nnodes &&
		    (r.step_id.step_id == NO_VAL ||
		     r.step_id.step_id == SLURM_BATCH_SCRIPT)) {
			pack_batch_step(sc, b, j, now);
			count++;
		}
		for (uint32_t k = 0; k < j->nsteps; k++) {
			const struct step *s = j->steps[k];

			if (s->state != STEP_ST_RUNNING ||
			    (r.step_id.step_id != NO_VAL &&
			     r.step_id.step_id != s->id))
				continue;
			pack_step(sc, b, j, s, now);
			count++;
		}
	}
	if (!job_seen && st->njobs) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		buf_free(b);
		return;
	}
	slurm_step_info_response_finish(b, at, count);
	reply(sc, RESPONSE_JOB_STEP_INFO, b);
	buf_free(b);
}

/* -- cancel / signal -- */

static int kill_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_ENOJOB: return ESLURM_INVALID_JOB_ID;
	case OP_EPERM: return ESLURM_ACCESS_DENIED;
	case OP_EDONE: return ESLURM_ALREADY_DONE;
	/* scancel -s SIG of a job not running (pending, suspended): as
	 * slurmctld's job_signal, "try again later", which scancel retries
	 * for a while (10 times, 5 s and more apart) */
	case OP_EPENDING:
	case OP_ENOTCONN: return ESLURM_TRANSITION_STATE_NO_UPDATE;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOSPACE: return ENOSPC;
	/* scancel -b of an allocation */
	case OP_EBATCHONLY: return ESLURM_JOB_SCRIPT_MISSING;
	default: return SLURM_ERROR;
	}
}

/* What scancel's flags make a signal reach, as slurmctld passes them to
 * slurmd: -b the batch shell, -f its process group, neither the job's
 * steps only. */
static uint32_t kill_wire_flags(uint16_t flags)
{
	return flags & KILL_JOB_BATCH ? WIRE_SIG_BATCH
	     : flags & KILL_FULL_JOB ? WIRE_SIG_FULL : WIRE_SIG_STEPS;
}

/* scancel's answer, or nothing when its connection has closed (p->sc
 * NULL): the cancel itself goes on (ops_job.c). */
static void kill_answer(void *arg, int rc, const char *msg)
{
	static int drop = -1;
	struct pending *p = arg;
	struct sconn *sc = p->sc;

	if (sc && rc == OP_OK && sc->forwarded &&
	    test_drop(&drop, "FLURM_TEST_DROP_CANCELS")) {
		log_warn("%s: job %u: closing without an answer "
			 "(FLURM_TEST_DROP_CANCELS)", sc->peer, p->job_id);
		sc->pending = NULL;
		sconn_free(sc);
		sc = NULL;
	}
	if (sc) {
		sc->pending = NULL;
		if (rc != OP_EMOVED || !sconn_moved(sc))
			reply_rc(sc, kill_slurm_rc(rc));
	} else {
		log_info("job %u: the client that asked to cancel or signal it "
			 "is gone; not answered", p->job_id);
	}
	free(p);
}

/* The job scancel names ("12", or the array of "12_3", "12_[1-4]"), or
 * NO_VAL. */
static uint32_t kill_job_id(const struct slurm_job_kill *k)
{
	char *end;
	unsigned long v;

	if (!k->sjob_id)
		return k->job_id;
	v = strtoul(k->sjob_id, &end, 10);
	return (*end == '\0' || *end == '_') && end != k->sjob_id &&
		v < NO_VAL ? (uint32_t)v : NO_VAL;
}

/* Whether TASK is among the N indexes in TASKS (all with none). */
static bool task_in(const uint32_t *tasks, uint32_t n, uint32_t task)
{
	for (uint32_t i = 0; i < n; i++)
		if (tasks[i] == task)
			return true;
	return n == 0;
}

/* The task of array ID, among the N named (all with none), an update is
 * checked against: for a release a held one, else a pending one (holds
 * and most fields are for those), else one not ended, else any. */
static struct job *array_update_task(const struct state *st, uint32_t id,
				     const uint32_t *tasks, uint32_t n,
				     bool release)
{
	struct job *pend = NULL, *live = NULL;

	for (uint32_t i = 0; i < st->njobs; i++) {
		struct job *j = st->jobs[i];

		if (j->array_job_id != id || !task_in(tasks, n, j->array_task_id))
			continue;
		if (j->state == JOB_ST_PENDING && (!release || j->priority == 0))
			return j;
		if (!pend && j->state == JOB_ST_PENDING)
			pend = j;
		if (!live && !job_is_finished(j))
			live = j;
	}
	return pend ? pend : live ? live : state_array_any(st, id);
}

/* The array tasks scancel names: 0 with *TASKS (malloc'd, ascending) and
 * *N for "12_3" or "12_[1-4]"; 0 with *N 0 and *ARRAY set for "12" when
 * 12 is an array (all its tasks); 0 with *ARRAY false for a plain job;
 * ESLURM_INVALID_JOB_ID for a malformed task list. */
static int kill_array_tasks(struct ctld *c, const struct slurm_job_kill *k,
			    uint32_t id, bool *array, uint32_t **tasks,
			    uint32_t *n)
{
	const char *us = k->sjob_id ? strchr(k->sjob_id, '_') : NULL;
	uint32_t throttle;

	*tasks = NULL;
	*n = 0;
	if (!us) {
		const struct job *j = state_job_named(c->st, id);

		*array = j ? j->array_job_id == id :
			state_array_any(c->st, id) != NULL;
		return 0;
	}
	/* scancel -n/-t/-u names a pending record as squeue shows it,
	 * "12_[1-5%2]": the throttle is dropped; "12_*" is every task */
	*array = true;
	if (!strcmp(us, "_*"))
		return 0;
	if (array_parse(us + 1, max_array_size(c), tasks, n, &throttle))
		return ESLURM_INVALID_JOB_ID;
	return 0;
}

/* The job ids of the tasks of array ID with the N indexes in IDX (all
 * its tasks with none), in index order; 0 for an index it does not
 * have. *NOUT entries, malloc'd; *TASK_OUT (malloc'd) gets the index of
 * each. */
static uint32_t *array_task_ids(const struct state *st, uint32_t id,
				const uint32_t *idx, uint32_t n,
				uint32_t **task_out, uint32_t *nout)
{
	struct array_iter it;
	const struct job *any = state_array_first(st, id, &it);
	uint32_t count = any ? any->array_count : 0, *ids, *tk, k = 0;

	*nout = 0;
	ids = xcalloc((n ? n : count) + 1, sizeof(*ids));
	tk = xcalloc((n ? n : count) + 1, sizeof(*tk));
	if (n) {
		memcpy(tk, idx, n * sizeof(*tk));
		k = n;
	}
	for (const struct job *o = any; o; o = state_array_next(st, &it)) {
		if (!n) {
			tk[k] = o->array_task_id;
			ids[k++] = o->id;
			continue;
		}
		for (uint32_t m = 0; m < n; m++)
			if (idx[m] == o->array_task_id)
				ids[m] = o->id;
	}
	*task_out = tk;
	*nout = k;
	return ids;
}

static void signal_done(void *arg, int rc, const char *msg)
{
}

/* scancel -s SIG of array ID (the N tasks in TASKS, all with none), as
 * slurmctld's job_str_signal(): each started task gets it, and a task
 * named that has not started (or is suspended) makes the answer
 * OP_EPENDING, slurmctld's "try again later": scancel asks again (and
 * the running tasks named get the signal again), as with slurmctld.
 * Unlike slurmctld, naming only running tasks of an array that has
 * pending ones is not "try again later". Else OP_OK when one got it,
 * OP_ENOJOB for a task the array lacks, the refusal of one not ended,
 * or OP_EDONE when all have ended. */
static int array_signal(struct ctld *c, const struct op_ctx *ctx,
			uint32_t id, const uint32_t *tasks, uint32_t ntasks,
			uint32_t sig, uint32_t flags)
{
	uint32_t n = 0, *task = NULL, *ids = array_task_ids(c->st, id, tasks,
							      ntasks, &task, &n);
	struct op_ctx one = *ctx;
	int rc = n ? OP_EDONE : OP_ENOJOB, refused = OP_OK;
	uint32_t sent = 0;
	bool missing = false, waiting = false;

	if (!n)
		err_set("array %u does not exist", id);
	one.done = signal_done;
	one.arg = NULL;
	for (uint32_t i = 0; i < n; i++) {
		const struct job *j = ids[i] ? state_job(c->st, ids[i]) : NULL;
		int r;

		if (!j) {
			missing = true;
			continue;
		}
		if (job_is_finished(j))
			continue;
		if ((r = op_job_signal(c, &one, j->id, sig, flags)) == OP_OK)
			sent++;
		else if (r == OP_EPENDING)
			waiting = true;
		else if (refused == OP_OK)
			refused = r;
	}
	if (sent)
		log_info("%s: signal %u sent to %u task%s of array %u",
			 ctx->peer, sig, sent, sent == 1 ? "" : "s", id);
	if (waiting) {
		err_set("a task of array %u named has not started", id);
		rc = OP_EPENDING;
	} else if (sent) {
		rc = OP_OK;
	} else if (missing) {
		err_set("array %u has no such task", id);
		rc = OP_ENOJOB;
	} else if (refused != OP_OK) {
		rc = refused;
	} else if (n) {
		err_set("every task of array %u has ended", id);
	}
	free(ids);
	free(task);
	return rc;
}

static void rpc_kill_job(struct sconn *sc, buf_t *body)
{
	struct ctld *c = sc->c;
	struct slurm_job_kill k;
	uint32_t id = NO_VAL, *tasks = NULL, ntasks = 0;
	bool array = false;
	struct pending *p;
	struct op_ctx ctx;
	int rc;

	if (slurm_job_kill_unpack(body, &k) < 0) {
		log_warn("%s: bad kill request: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	id = kill_job_id(&k);
	if (id == NO_VAL) {
		reply_rc(sc, ESLURM_INVALID_JOB_ID);
		goto out;
	}
	/* the answer may come from the commit: the connection waits, and
	 * tells P if it goes away first */
	p = xcalloc(1, sizeof(*p));
	p->sc = sc;
	p->job_id = id;
	sc->pending = p;
	sc->state = SC_WAIT;
	ctx = (struct op_ctx){
		.uid = sc->uid,
		.is_operator = ctld_is_operator(c, sc->uid),
		.peer = sc->peer,
		.req_id = sc->req_id,
		.done = kill_answer,
		.arg = p,
	};
	if (k.step_id != NO_VAL && k.step_id != SLURM_BATCH_SCRIPT &&
	    k.step_id != SLURM_EXTERN_CONT) {
		/* scancel ID.STEP (SIGKILL), scancel --ctld -s SIG ID.STEP:
		 * without --ctld, scancel signals the nodes itself */
		ctx.done = pending_answer;
		p->slurm_rc = step_slurm_rc;
		rc = op_step_signal(c, &ctx, id, k.step_id,
				    k.signal == NO_VAL16 ? SIGKILL : k.signal);
		if (rc != OP_OK) {
			log_info("%s: signal to step %u.%u: %s", sc->peer, id,
				 k.step_id, err_msg());
			sc->pending = NULL;
			free(p);
			reply_rc(sc, step_slurm_rc(rc));
		}
		goto out;
	}
	if ((rc = kill_array_tasks(c, &k, id, &array, &tasks, &ntasks))) {
		sc->pending = NULL;
		sc->state = SC_BODY;
		free(p);
		reply_rc(sc, rc);
		goto out;
	}
	if (array && (k.signal == SIGKILL || k.signal == NO_VAL16 ||
		      k.signal == 0))
		/* the whole array, or the tasks named, in one command */
		rc = op_array_cancel(c, &ctx, id, tasks, ntasks);
	else if (array) {
		/* every started task named; answered here, as a signal is
		 * sent at once */
		rc = array_signal(c, &ctx, id, tasks, ntasks, k.signal,
				  kill_wire_flags(k.flags));
		kill_answer(p, rc, err_msg());
		goto out;
	} else if (k.signal != SIGKILL && k.signal != NO_VAL16 && k.signal != 0)
		/* scancel -s SIG: deliver, the job keeps running */
		rc = op_job_signal(c, &ctx, id, k.signal,
				   kill_wire_flags(k.flags));
	else
		rc = op_job_cancel(c, &ctx, id);
	if (rc != OP_OK)   /* refused at once: DONE was not called */
		kill_answer(p, rc, err_msg());
out:
	free(tasks);
	slurm_job_kill_free(&k);
}

/* -- scontrol update NodeName=...: ops_node.c does the work -- */

/* The Slurm return code for a node operation's outcome. */
static int node_op_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_EINVAL: return ESLURM_INVALID_NODE_STATE;
	case OP_ENONODE: return ESLURM_INVALID_NODE_NAME;
	case OP_EPERM: return ESLURM_ACCESS_DENIED;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOSPACE: return ENOSPC;
	/* the only refusal from the model: resume or undrain of a node
	 * that is gone from slurm.conf and waits for its jobs to end */
	case OP_EBUSY: return ESLURM_DISABLED;
	default: return SLURM_ERROR;
	}
}

/* Whether every feature of the list ACT is one of the list AVAIL, as
 * slurmctld checks ActiveFeatures (NULL or "" are empty lists). */
static bool features_subset(const char *act, const char *avail)
{
	while (act && *act) {
		size_t l = strcspn(act, ",");

		if (l && !slurm_conf_list_has(avail, act, l, false))
			return false;
		act += l + (act[l] == ',');
	}
	return true;
}

/* The answer of an update whose features some node refused: the other
 * fields were still applied, as slurmctld answers. */
static int node_op_features_rc(int rc)
{
	return rc == OP_OK ? ESLURM_ACTIVE_FEATURE_NOT_SUBSET :
		node_op_slurm_rc(rc);
}

/* scontrol update NodeName= Features= ActiveFeatures=: as slurmctld
 * without a NodeFeatures plugin, the active list (the one given, or the
 * node's own active one) must be part of the available one (given or
 * the node's); Features= alone makes both the same. Fills NU's features.
 * As slurmctld's update_node, the nodes are taken in order and the first
 * one the lists do not fit ends the features change: it and the later
 * nodes keep theirs (ESLURM_ACTIVE_FEATURE_NOT_SUBSET, with *BEFORE the
 * nodes before it, malloc'd, or NULL when none), and once a node took
 * Features= alone the later ones are checked against that list, as
 * slurmctld sets it as their active one. 0 otherwise (a name that is no
 * node is left for op_node_update() to refuse the whole update). */
static int node_features_update(const struct ctld *c,
				const struct slurm_update_node *u,
				struct node_update *nu, char **before)
{
	const struct state *st = c->st;
	hostlist_t *hl = NULL, *ok = NULL;
	const char *act_given = u->features_act;
	int rc = 0;

	*before = NULL;
	if (!u->features && !u->features_act)
		return 0;
	if (u->features) {
		nu->set_features = true;
		nu->features = u->features;
	}
	if (u->features_act) {
		nu->set_features_act = true;
		nu->features_act = u->features_act;
	}
	if (!u->node_names)
		return 0;
	hl = node_names(c, u->node_names);
	for (size_t i = 0; hl && i < hostlist_count(hl); i++)
		if (state_node_index(st, hostlist_nth(hl, i)) < 0)
			goto out;     /* the update says which one */
	ok = hostlist_create("");
	for (size_t i = 0; hl && i < hostlist_count(hl); i++) {
		const struct node *n =
			&st->nodes[state_node_index(st, hostlist_nth(hl, i))];
		const char *avail = u->features ? u->features : n->features;
		const char *act = act_given ? act_given :
			state_node_features_act(n);

		if (!features_subset(act, avail)) {
			log_info("node update: ActiveFeatures '%s' not a "
				 "subset of '%s' on node %s",
				 act ? act : "", avail ? avail : "", n->name);
			rc = ESLURM_ACTIVE_FEATURE_NOT_SUBSET;
			break;
		}
		hostlist_push_host(ok, n->name);
		if (!act_given && u->features)
			act_given = u->features;
	}
	if (rc && hostlist_count(ok) > 0)
		*before = hostlist_ranged_string(ok);
out:
	hostlist_destroy(ok);
	hostlist_destroy(hl);
	return rc;
}

/* An update whose features stopped at a node (node_features_update()):
 * first the features for the nodes before it, then, once committed, the
 * rest of the update (REST) for all, answered through P. */
struct features_chain {
	struct ctld *c;
	struct pending *p;
	struct op_ctx ctx;         /* REST's: answered by pending_answer */
	struct node_update rest;   /* its strings are ours */
};

static void features_chain_free(struct features_chain *ch)
{
	free(ch->rest.names);
	free(ch->rest.reason);
	free(ch->rest.comment);
	free(ch->rest.extra);
	free(ch);
}

static void features_chain_done(void *arg, int rc, const char *msg)
{
	struct features_chain *ch = arg;

	if (rc == OP_OK) {
		rc = op_node_update(ch->c, &ch->ctx, &ch->rest);
		if (rc != 0)
			log_info("node update: the rest refused: %s",
				 err_msg());
		else
			ch->p = NULL;   /* answered once REST commits */
	}
	if (ch->p)
		pending_answer(ch->p, rc, msg);
	features_chain_free(ch);
}

/* Run NU, whose features stopped at a node: their change goes to the
 * nodes BEFORE (or none), and the rest of NU to all of them, as
 * slurmctld's update_node does; the weight, which slurmctld sets after
 * its loop only when all went well, is dropped. P answers
 * ESLURM_ACTIVE_FEATURE_NOT_SUBSET once done. 0, or the op_node_update()
 * refusal (P not answered). */
static int node_update_features_refused(struct sconn *sc, struct pending *p,
					struct op_ctx *ctx,
					const struct node_update *nu,
					const char *before)
{
	struct node_update feat = *nu, rest = *nu;
	struct features_chain *ch;
	bool rest_empty;
	int rc;

	p->slurm_rc = node_op_features_rc;
	rest.set_weight = false;
	rest.set_features = rest.set_features_act = false;
	rest.features = rest.features_act = NULL;
	rest_empty = rest.op == NODE_UPD_WEIGHT && !rest.set_comment &&
		!rest.set_extra;
	if (!before)
		return rest_empty ? OP_EINVAL : op_node_update(sc->c, ctx, &rest);
	memset(&feat, 0, sizeof(feat));
	feat.op = NODE_UPD_WEIGHT;
	feat.names = (char *)before;
	feat.set_features = nu->set_features;
	feat.features = nu->features;
	feat.set_features_act = nu->set_features_act;
	feat.features_act = nu->features_act;
	if (rest_empty)
		return op_node_update(sc->c, ctx, &feat);
	ch = xcalloc(1, sizeof(*ch));
	ch->c = sc->c;
	ch->p = p;
	ch->ctx = *ctx;
	ch->ctx.peer = "node update";   /* SC may be gone by then */
	ch->rest = rest;
	ch->rest.names = xstrdup(rest.names);
	ch->rest.reason = rest.reason ? xstrdup(rest.reason) : NULL;
	ch->rest.comment = rest.comment ? xstrdup(rest.comment) : NULL;
	ch->rest.extra = rest.extra ? xstrdup(rest.extra) : NULL;
	ctx->done = features_chain_done;
	ctx->arg = ch;
	rc = op_node_update(sc->c, ctx, &feat);
	if (rc != 0)
		features_chain_free(ch);
	return rc;
}

static void rpc_update_node(struct sconn *sc, buf_t *body)
{
	struct slurm_update_node u;
	struct node_update nu;
	struct op_ctx ctx;
	struct pending *p;
	char *feat_before = NULL;
	bool features_refused = false;
	uint32_t st;
	int rc;

	if (slurm_update_node_unpack(body, &u) < 0) {
		log_warn("%s: bad node update: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	memset(&nu, 0, sizeof(nu));
	st = u.node_state;
	if (!ctld_is_operator(sc->c, sc->uid)) {
		reply_rc(sc, ESLURM_ACCESS_DENIED);
		goto out;
	}
	if (u.weight != NO_VAL) {
		nu.set_weight = true;
		nu.weight = u.weight;
	}
	rc = node_features_update(sc->c, &u, &nu, &feat_before);
	features_refused = rc == ESLURM_ACTIVE_FEATURE_NOT_SUBSET;
	/* what FLURM does not keep is refused, never dropped */
	if (u.gres || u.node_addr || u.node_hostname || u.cpu_bind) {
		log_info("%s: node update of Gres, CpuBind, NodeAddr or "
			 "NodeHostname refused", sc->peer);
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
		goto out;
	}
	if (u.comment) {
		nu.set_comment = true;
		nu.comment = u.comment;
	}
	if (u.extra) {
		nu.set_extra = true;
		nu.extra = u.extra;
	}
	if (st == NO_VAL && !nu.set_weight && !nu.set_features &&
	    !nu.set_features_act && !nu.set_comment && !nu.set_extra) {
		/* nothing asked (scontrol sends nothing else) */
		reply_rc(sc, SLURM_SUCCESS);
		goto out;
	}
	if (st == NO_VAL)
		nu.op = NODE_UPD_WEIGHT;    /* the settings alone */
	else if (st == NODE_STATE_REBOOT_CANCEL)
		nu.op = NODE_UPD_REBOOT_CANCEL;  /* scontrol cancel_reboot */
	else if (st & NODE_STATE_DRAIN)
		nu.op = NODE_UPD_DRAIN;
	else if (st & NODE_RESUME)
		nu.op = NODE_UPD_RESUME;
	else if (st & NODE_STATE_UNDRAIN)
		nu.op = NODE_UPD_UNDRAIN;
	else if ((st & NODE_STATE_BASE) == NODE_STATE_DOWN)
		nu.op = NODE_UPD_DOWN;
	else if ((st & NODE_STATE_BASE) == NODE_STATE_IDLE) {
		nu.op = NODE_UPD_RESUME;
		nu.as_idle = true;
	} else {
		reply_rc(sc, ESLURM_INVALID_NODE_STATE);
		goto out;
	}
	nu.names = u.node_names;
	nu.reason = u.reason;
	/* the answer may come before op_node_update returns */
	p = pending_start(sc, &ctx, node_op_slurm_rc);
	if (features_refused)
		rc = node_update_features_refused(sc, p, &ctx, &nu, feat_before);
	else
		rc = op_node_update(sc->c, &ctx, &nu);
	if (rc != 0) {
		log_debug("%s: node update refused: %s", sc->peer, err_msg());
		sc->pending = NULL;
		free(p);
		/* nothing else asked: the features' refusal alone */
		reply_rc(sc, features_refused && rc == OP_EINVAL ?
			 ESLURM_ACTIVE_FEATURE_NOT_SUBSET :
			 node_op_slurm_rc(rc));
	}
out:
	free(feat_before);
	slurm_update_node_free(&u);
}

/* scontrol reboot [ASAP] [nextstate=resume|down] [reason=] NODES|ALL.
 * As slurmctld: a name that is no node is ESLURM_INVALID_NODE_NAME and
 * changes nothing; nodes already rebooting or FUTURE are left alone. */
static void rpc_reboot_nodes(struct sconn *sc, buf_t *body)
{
	struct slurm_reboot_msg m;
	struct reboot_req nr;
	struct op_ctx ctx;
	struct pending *p;
	uint32_t base;
	int rc;

	if (slurm_reboot_msg_unpack(body, &m) < 0) {
		log_warn("%s: bad reboot request: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	memset(&nr, 0, sizeof(nr));
	nr.names = m.node_list;
	nr.reason = m.reason && *m.reason ? m.reason : NULL;
	nr.flags = m.flags & SLURM_REBOOT_FLAGS_ASAP ? NODE_REBOOT_F_ASAP : 0;
	base = m.next_state & NODE_STATE_BASE;
	if (m.next_state == NO_VAL)
		nr.next = NODE_NEXT_NONE;
	else if (m.next_state & NODE_RESUME)
		nr.next = NODE_NEXT_RESUME;
	else if (base == NODE_STATE_DOWN)
		nr.next = NODE_NEXT_DOWN;
	else {
		reply_rc(sc, ESLURM_INVALID_NODE_STATE);
		goto out;
	}
	if (m.features && *m.features) {
		/* only NodeFeatures plugins change features on a reboot */
		log_info("%s: reboot with features refused", sc->peer);
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
		goto out;
	}
	p = pending_start(sc, &ctx, node_op_slurm_rc);
	rc = op_node_reboot(sc->c, &ctx, &nr);
	if (rc != 0) {
		log_info("%s: reboot refused: %s", sc->peer, err_msg());
		sc->pending = NULL;
		free(p);
		reply_rc(sc, rc == OP_EPERM ? EACCES : node_op_slurm_rc(rc));
	}
out:
	slurm_reboot_msg_free(&m);
}

/* -- scontrol update JobId=..., hold, uhold, release -- */

/* The job an update names. scontrol sends "12"; "12_3" and "12_[1-4]"
 * name array tasks (indexes below MaxArraySize) and "12+1" a het job
 * component, which FLURM does not have. 0 with *id set (and *tasks,
 * malloc'd, "1-4" for array tasks), or a Slurm errno. */
static int update_job_id(const struct ctld *c, const struct slurm_job_desc *d,
			 uint32_t *id, char **tasks)
{
	const char *s = d->job_id_str;
	char *end;
	long v;

	*tasks = NULL;
	if (!s) {
		*id = d->job_id;
		return d->job_id == 0 || d->job_id == NO_VAL ?
			ESLURM_INVALID_JOB_ID : 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno || v <= 0 || v >= (long)NO_VAL ||
	    (*end && *end != '_' && *end != '+'))
		return ESLURM_INVALID_JOB_ID;
	*id = (uint32_t)v;
	if (*end == '+')
		return ESLURM_INVALID_JOB_ID;
	if (*end == '_' &&
	    !(*tasks = array_tasks(end + 1, max_array_size(c))))
		return ESLURM_INVALID_JOB_ID;
	return 0;
}

/* As slurmctld answers an update of array tasks it cannot find: one
 * entry per error. */
static void reply_array_errors(struct sconn *sc, uint32_t id,
			       const char *tasks, int rc)
{
	uint32_t code = (uint32_t)rc;
	char *name = xasprintf("%u_%s", id, tasks);
	struct slurm_job_array_resp r = { 1, &code, &name };
	buf_t *b = reply_buf(sc, 64);

	slurm_job_array_resp_pack(b, &r);
	reply(sc, RESPONSE_JOB_ARRAY_ERRORS, b);
	buf_free(b);
	free(name);
}

/* Hold, release or a new priority, by Slurm 22.05's rules: the owner may
 * hold (user hold) and release a user hold, and may only lower the
 * priority; operators may do all, and their holds are admin holds unless
 * scontrol says uhold (alloc_sid). */
static int update_priority(const struct job *j, const struct slurm_job_desc *d,
			   bool op, struct job_update *u)
{
	uint32_t want = d->priority;
	bool as_user = !op || d->alloc_sid == ALLOC_SID_USER_HOLD;

	if (want == NO_VAL)
		return 0;
	if (want == j->priority) {
		/* an operator may turn one kind of hold into the other */
		if (want == 0 && op &&
		    j->reason != (as_user ? JOB_REASON_HELD_USER :
				  JOB_REASON_HELD_ADMIN)) {
			u->fields |= JOB_UPD_HOLD;
			u->hold_admin = !as_user;
		}
		return 0;
	}
	if (j->priority == 0) {
		if (want != INFINITE)
			return ESLURM_JOB_HELD;
		if (!op && !job_held_by_user(j))
			return ESLURM_ACCESS_DENIED;
		u->fields |= JOB_UPD_RELEASE;
		return 0;
	}
	/* not held: nothing to release, but slurmctld gives the job of
	 * an operator's release the next priority, without its nice */
	if (want == INFINITE) {
		if (op) {
			u->fields |= JOB_UPD_RELEASE;
			u->hold_admin = true;
		}
		return 0;
	}
	if (want == 0) {
		u->fields |= JOB_UPD_HOLD;
		u->hold_admin = !as_user;
		return 0;
	}
	if (!op)
		return want < j->priority ? ESLURM_PRIO_RESET_FAIL :
			ESLURM_ACCESS_DENIED;
	u->fields |= JOB_UPD_PRIORITY;
	u->priority = want;
	u->hold_admin = true;   /* an operator's: without the job's nice */
	return 0;
}

/* Node, task, CPU and memory counts of a pending job. Starts from the
 * job's values, so U always holds the whole new shape. */
static int update_shape(const struct job *j, const struct slurm_job_desc *d,
			struct job_update *u, const char **what)
{
	bool cpus = d->min_cpus != NO_VAL, tasks = d->num_tasks != NO_VAL;

	job_update_shape(u, j);
	if (!cpus && !tasks && d->max_cpus == NO_VAL &&
	    d->cpus_per_task == NO_VAL16 && d->min_nodes == NO_VAL &&
	    d->max_nodes == NO_VAL && d->pn_min_memory == NO_VAL64)
		return 0;
	if (j->state == JOB_ST_RUNNING || j->state == JOB_ST_SUSPENDED) {
		/* NumNodes= shrinks it (update_resize); NumNodes=ALL
		 * asks nothing of a running job, as in slurmctld */
		if (d->max_nodes != NO_VAL)
			return ESLURM_JOB_NOT_PENDING;
		if (d->min_nodes != NO_VAL && !cpus && !tasks &&
		    d->max_cpus == NO_VAL && d->cpus_per_task == NO_VAL16 &&
		    d->pn_min_memory == NO_VAL64)
			return 0;
	}
	if (j->state != JOB_ST_PENDING)
		return ESLURM_JOB_NOT_PENDING;
	if (d->cpus_per_task != NO_VAL16) {
		if (d->cpus_per_task == 0)
			return ESLURM_INVALID_CPU_COUNT;
		u->cpus_per_task = d->cpus_per_task;
	}
	/* NumCPUs= is the CPUs in all (desc_to_update, job_update_cpus),
	 * the tasks stay; a CPU range has no place in the model */
	if (cpus && d->min_cpus < 1)
		return ESLURM_INVALID_CPU_COUNT;
	if (d->max_cpus != NO_VAL && (!cpus || d->max_cpus != d->min_cpus)) {
		*what = "max_cpus";
		return ESLURM_NOT_SUPPORTED;
	}
	if (tasks) {
		if (d->num_tasks < 1)
			return ESLURM_BAD_TASK_COUNT;
		u->num_tasks = d->num_tasks;
	}
	if (d->min_nodes != NO_VAL) {
		if (d->min_nodes == INFINITE) {
			*what = "NumNodes=ALL";
			return ESLURM_NOT_SUPPORTED;
		}
		if (d->min_nodes < 1)
			return ESLURM_INVALID_NODE_COUNT;
		u->min_nodes = d->min_nodes;
		if (u->max_nodes < u->min_nodes)
			u->max_nodes = u->min_nodes;
	}
	if (d->max_nodes != NO_VAL)
		u->max_nodes = d->max_nodes;
	if (u->max_nodes < u->min_nodes)
		return ESLURM_INVALID_NODE_COUNT;
	/* NumNodes=MIN-MAX names the upper count as -N does (slurmctld
	 * keeps it and shows MIN-MAX while the job waits); NumNodes=MIN
	 * leaves it as it was */
	if (d->max_nodes != NO_VAL && !j->max_nodes_given)
		u->fields |= JOB_UPD_NODES_GIVEN;
	/* as slurmctld: at least one task a node; and one a node of a job
	 * that gave no task count (-N2 without -n, NumNodes=1: one) */
	if (u->num_tasks < u->min_nodes ||
	    (d->min_nodes != NO_VAL && !tasks && !job_ntasks_given(j)))
		u->num_tasks = u->min_nodes;
	if (d->pn_min_memory != NO_VAL64) {
		u->mem_per_cpu = (d->pn_min_memory & MEM_PER_CPU) != 0;
		u->mem_mb = d->pn_min_memory & ~MEM_PER_CPU;
		if (!u->mem_mb)
			u->mem_per_cpu = false;
	}
	if (u->min_nodes != j->min_nodes || u->max_nodes != j->max_nodes)
		u->fields |= JOB_UPD_NODES;
	if (u->num_tasks != j->num_tasks)
		u->fields |= JOB_UPD_TASKS;
	if (u->cpus_per_task != j->cpus_per_task)
		u->fields |= JOB_UPD_CPUS_PER_TASK;
	if (u->mem_mb != j->mem_mb || u->mem_per_cpu != j->mem_per_cpu)
		u->fields |= JOB_UPD_MEM;
	return 0;
}

/* scontrol update Dependency=: pending jobs only, checked as slurmctld's
 * update_job_dependency ("" or "0" clears). */
static int update_dependency(struct ctld *c, const struct job *j,
			     const char *dep, struct job_update *u)
{
	struct job_dep *deps;
	uint32_t n;
	bool any;
	int rc;

	if (j->state != JOB_ST_PENDING)
		return ESLURM_JOB_NOT_PENDING;
	if (strlen(dep) > SLURM_MAX_DEPENDENCY)
		return ESLURM_PATHNAME_TOO_LONG;
	switch (depend_parse(dep, &deps, &n, &any)) {
	case -1: return ESLURM_DEPENDENCY;
	case -2: return ESLURM_NOT_SUPPORTED;
	}
	rc = depend_check(c->st, j->id, deps, n);
	free(deps);
	if (rc)
		return rc == 2 ? ESLURM_CIRCULAR_DEPENDENCY : ESLURM_DEPENDENCY;
	u->fields |= JOB_UPD_DEPEND;
	u->dependency = (char *)dep;
	return 0;
}

/* Whether every host of the list EXPR is a node of the cluster. */
static bool nodes_known(const struct state *st, const char *expr)
{
	hostlist_t *hl = hostlist_create(expr);
	bool ok = hl && hostlist_count(hl) > 0;

	for (size_t i = 0; ok && i < hostlist_count(hl); i++)
		ok = state_node(st, hostlist_nth(hl, i)) != NULL;
	hostlist_destroy(hl);
	return ok;
}

/* Whether the host lists A and B name the same hosts. */
static bool hostlist_same(const char *a, const char *b)
{
	char *ca = hostlist_compress(a), *cb = hostlist_compress(b);
	bool same = ca && cb && !strcmp(ca, cb);

	free(ca);
	free(cb);
	return same;
}

/* One member of the request into U, REQ naming it (JOB_REQ_*). */
#define UPD_REQ(u, m, bit, v) do { \
		(u)->fields |= JOB_UPD_REQ; \
		(u)->req_mask |= (bit); \
		(u)->req.m = (v); \
	} while (0)

/* Whether a node of the cluster has GPUs of TYPE. */
static bool gpu_type_known(const struct state *st, const char *type)
{
	for (uint32_t i = 0; i < st->nnodes; i++)
		if (st->nodes[i].gpu_type &&
		    !strcmp(st->nodes[i].gpu_type, type))
			return true;
	return false;
}

/* Strings made for an update (Gres= as the job shows it, its GPU
 * type, the default MailUser) that U borrows until it is proposed. */
struct upd_own {
	char *show, *type, *mail_user;
	char *keep;                /* the nodes a shrunk job keeps */
	char *tres;                /* TRES= to keep as it was */
	bool tres_anew;            /* those kept are counted anew */
};

/* ExcNodeList=, ReqNodeList=, Gres=, Licenses=, MinCPUsNode=,
 * TimeMin=, Requeue=, MinTmpDiskNode=, OverSubscribe= (Shared=),
 * Contiguous=, Account=, MailUser=, MailType=, Reboot=, WorkDir=,
 * StdOut=: checked as slurmctld's _update_job, each in the job's
 * request or record, so the scheduler and the node daemon go by them.
 * Most are for waiting jobs only. */
static int update_request(struct ctld *c, const struct job *j,
			  const struct slurm_job_desc *d, bool op,
			  struct job_update *u, struct upd_own *own,
			  const char **what)
{
	bool pending = j->state == JOB_ST_PENDING;

	if (d->req_nodes && (j->state == JOB_ST_RUNNING ||
			     j->state == JOB_ST_SUSPENDED)) {
		/* slurmctld shrinks a running job to the nodes named,
		 * some of its own with its batch node among them; the
		 * nodes it holds already are no change */
		if (!d->req_nodes[0] || !nodes_known(c->st, d->req_nodes) ||
		    !j->nodes || j->batch_node >= c->st->nnodes ||
		    !hosts_within(d->req_nodes, j->nodes) ||
		    !hosts_within(c->st->nodes[j->batch_node].name,
				  d->req_nodes))
			return ESLURM_INVALID_NODE_NAME;
		if (!hostlist_same(d->req_nodes, j->nodes)) {
			own->keep = hostlist_compress(d->req_nodes);
			u->fields |= JOB_UPD_SHRINK;
			u->keep_nodes = own->keep;
		}
	} else if (d->req_nodes) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		if (d->req_nodes[0] && !nodes_known(c->st, d->req_nodes))
			return ESLURM_INVALID_NODE_NAME;
		UPD_REQ(u, req_nodes, JOB_REQ_REQ_NODES,
			d->req_nodes[0] ? d->req_nodes : NULL);
	}
	if (d->tres_per_node) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		if (!gpus_configured(c))
			return ESLURM_INVALID_GRES;
		/* GPUs a node only: with --gpus or --gpus-per-task the
		 * job's GPUs are dealt otherwise */
		if (j->tres_per_job || j->tres_per_task) {
			*what = "Gres of a job with --gpus or --gpus-per-task";
			return ESLURM_NOT_SUPPORTED;
		}
		if (!strcmp(d->tres_per_node, "gres:gpu:0") ||
		    !strcmp(d->tres_per_node, "gpu:0")) {
			/* taken and shown as slurmctld: none a node */
			own->show = xstrdup("gres:gpu:0");
			UPD_REQ(u, gpus_per_node, JOB_REQ_GPUS_PER_NODE, 0);
		} else if (d->tres_per_node[0]) {
			uint32_t n;

			if (gres_req(d->tres_per_node, GPUS_NODE_MOST, &n,
				     &own->type, &own->show) < 0)
				return ESLURM_INVALID_GRES;
			if (own->type && !gpu_type_known(c->st, own->type))
				return ESLURM_INVALID_GRES_TYPE;
			UPD_REQ(u, gpus_per_node, JOB_REQ_GPUS_PER_NODE, n);
		} else {
			UPD_REQ(u, gpus_per_node, JOB_REQ_GPUS_PER_NODE, 0);
		}
		UPD_REQ(u, tres_per_node, JOB_REQ_TRES_PER_NODE, own->show);
		UPD_REQ(u, gpu_type, JOB_REQ_GPU_TYPE, own->type);
	}
	if (d->licenses && strcmp(d->licenses, j->licenses ? j->licenses : "")) {
		if (d->licenses[0] && license_check(c->st, d->licenses) < 0) {
			log_info("job update refused: %s", err_msg());
			return ESLURM_INVALID_LICENSES;
		}
		/* a running job's too: operators any, its owner only
		 * none, as slurmctld (its count may then go over) */
		if (j->state == JOB_ST_RUNNING && !op && d->licenses[0])
			return ESLURM_ACCESS_DENIED;
		if (!pending && j->state != JOB_ST_RUNNING)
			return ESLURM_JOB_NOT_PENDING_NOR_RUNNING;
		UPD_REQ(u, licenses, JOB_REQ_LICENSES,
			d->licenses[0] ? d->licenses : NULL);
	}
	if (d->exc_nodes && strcmp(d->exc_nodes, j->exc_nodes ? j->exc_nodes : "")) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		if (d->exc_nodes[0] && !nodes_known(c->st, d->exc_nodes))
			return ESLURM_INVALID_NODE_NAME;
		UPD_REQ(u, exc_nodes, JOB_REQ_EXC_NODES,
			d->exc_nodes[0] ? d->exc_nodes : NULL);
	}
	if (d->pn_min_cpus != NO_VAL16 && d->pn_min_cpus != 0) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		UPD_REQ(u, pn_min_cpus, JOB_REQ_PN_MIN_CPUS, d->pn_min_cpus);
	}
	/* a running job's is left as it is without a word, as slurmctld */
	if (d->time_min != NO_VAL && pending) {
		if (d->time_min > j->time_limit)
			return ESLURM_INVALID_TIME_MIN_LIMIT;
		if (d->time_min != j->time_min)
			UPD_REQ(u, time_min, JOB_REQ_TIME_MIN, d->time_min);
	}
	if (d->requeue != NO_VAL16) {
		u->fields |= JOB_UPD_REQUEUE;
		u->no_requeue = d->requeue == 0;
	}
	if (d->pn_min_tmp_disk != NO_VAL) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		UPD_REQ(u, tmp_mb, JOB_REQ_TMP_MB, d->pn_min_tmp_disk);
	}
	if (d->shared != NO_VAL16) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		if (!op)
			return ESLURM_ACCESS_DENIED;
		/* OverSubscribe=yes gives up whole nodes too, as slurmctld */
		UPD_REQ(u, oversubscribe, JOB_REQ_OVERSUBSCRIBE, d->shared != 0);
		UPD_REQ(u, no_share, JOB_REQ_NO_SHARE, d->shared == 0);
		if (d->shared)
			UPD_REQ(u, exclusive, JOB_REQ_EXCLUSIVE, false);
	}
	if (d->contiguous != NO_VAL16) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		/* users may only drop it */
		if (!op && !(j->contiguous && !d->contiguous))
			return ESLURM_ACCESS_DENIED;
		UPD_REQ(u, contiguous, JOB_REQ_CONTIGUOUS, d->contiguous != 0);
	}
	/* Account= leaves the job as it was (see desc_to_update), but
	 * only a waiting job's, as slurmctld */
	if (d->account && !pending)
		return ESLURM_JOB_NOT_PENDING;
	/* MailUser= (empty) gives the default back, MailDomain and all */
	if (d->mail_user) {
		if (!d->mail_user[0])
			own->mail_user = mail_user_default(c, j->user);
		UPD_REQ(u, mail_user, JOB_REQ_MAIL_USER,
			d->mail_user[0] ? d->mail_user : own->mail_user);
	}
	if (d->mail_type != NO_VAL16)
		UPD_REQ(u, mail_type, JOB_REQ_MAIL_TYPE, d->mail_type);
	/* Reboot=: SlurmUser and root only, as slurmctld; its nodes
	 * reboot when it starts */
	if (d->reboot != NO_VAL16) {
		if (!op)
			return ESLURM_ACCESS_DENIED;
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		UPD_REQ(u, reboot, JOB_REQ_REBOOT, d->reboot != 0);
	}
	if (d->work_dir && strcmp(d->work_dir, j->work_dir ? j->work_dir : "")) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		if (!d->work_dir[0]) {
			*what = "an empty WorkDir";
			return ESLURM_NOT_SUPPORTED;
		}
		u->fields |= JOB_UPD_WORK_DIR;
		u->work_dir = d->work_dir;
	}
	if (d->std_out && strcmp(d->std_out, j->std_out ? j->std_out : "")) {
		if (!pending)
			return ESLURM_JOB_NOT_PENDING;
		u->fields |= JOB_UPD_STD_OUT;
		u->std_out = d->std_out;
	}
	return 0;
}

/* NumNodes=K of a running or suspended job, as slurmctld 22.05's
 * _update_job: more nodes than it holds is not supported (slurmctld
 * expands no job), 0 is no valid count, fewer keeps its batch node and
 * then its first nodes in node order and releases the others. Counted
 * from the nodes a ReqNodeList= of the same update keeps, as slurmctld
 * shrinks to that first. */
static int update_resize(struct ctld *c, const struct job *j,
			 const struct slurm_job_desc *d, struct job_update *u,
			 struct upd_own *own, const char **what)
{
	uint32_t want = d->min_nodes, have, taken = 0;
	hostlist_t *from, *keep;

	if ((j->state != JOB_ST_RUNNING && j->state != JOB_ST_SUSPENDED) ||
	    want == NO_VAL || want == INFINITE || !j->node_bits)
		return 0;
	if (j->batch_node >= c->st->nnodes)
		return ESLURM_INVALID_NODE_COUNT;
	from = hostlist_create(own->keep ? own->keep : j->nodes);
	if (!from)
		return ESLURM_INVALID_NODE_COUNT;
	have = (uint32_t)hostlist_count(from);
	if (want > have || want == 0) {
		hostlist_destroy(from);
		if (want == 0)
			return ESLURM_INVALID_NODE_COUNT;
		*what = "NumNodes above a running job's node count";
		return ESLURM_NOT_SUPPORTED;
	}
	if (want == have) {
		hostlist_destroy(from);
		return 0;
	}
	keep = hostlist_create(NULL);
	for (int64_t i = bit_next_set(j->node_bits, 0); i >= 0;
	     i = bit_next_set(j->node_bits, (uint32_t)i + 1)) {
		const char *name;

		if ((uint32_t)i >= c->st->nnodes)
			break;
		name = c->st->nodes[i].name;
		if (hostlist_find(from, name) < 0)
			continue;
		if ((uint32_t)i == j->batch_node)
			hostlist_push_host(keep, name);
		else if (taken + 1 < want) {
			hostlist_push_host(keep, name);
			taken++;
		}
	}
	free(own->keep);
	own->keep = hostlist_ranged_string(keep);
	hostlist_destroy(keep);
	hostlist_destroy(from);
	u->fields |= JOB_UPD_SHRINK;
	u->keep_nodes = own->keep;
	return 0;
}

/* desc_to_update's answer for a size larger than the job's partition:
 * the update is made, and scontrol is told so as by slurmctld. */
#define UPD_OVER_PART (-2)

/* An update request -> the model's job_update, checked as slurmctld
 * checks it (job_mgr.c _update_job), in its order. UID asks, OP says
 * whether UID is an operator. 0, UPD_OVER_PART, or a Slurm errno (and
 * for ESLURM_NOT_SUPPORTED what is not). Strings in U are borrowed from
 * D and OWN (the caller frees OWN's). */
static int desc_to_update(struct ctld *c, const struct job *j,
			  const struct slurm_job_desc *d, uid_t uid, bool op,
			  struct job_update *u, struct upd_own *own,
			  const char **what)
{
	struct slurm_job_desc rest = *d;   /* shallow: compared, never freed */
	const struct partition *part = state_part(c->st, j->partition);
	bool sized;
	int rc;

	memset(u, 0, sizeof(*u));
	u->job_id = j->id;
	if (job_is_finished(j))
		return ESLURM_JOB_FINISHED;
	/* dispatch() checked the sender against the owner; this is for
	 * scontrol -u USER, an operator acting as USER */
	if (j->uid != uid && !op)
		return ESLURM_USER_ID_MISSING;
	/* what FLURM can change; anything else is refused, never dropped */
	rest.job_id = NO_VAL;
	rest.job_id_str = NULL;
	rest.user_id = NO_VAL;
	rest.alloc_sid = NO_VAL;
	rest.alloc_node = NULL;
	rest.name = NULL;
	rest.comment = NULL;
	rest.partition = NULL;
	rest.time_limit = NO_VAL;
	rest.priority = NO_VAL;
	rest.min_nodes = NO_VAL;
	rest.max_nodes = NO_VAL;
	rest.num_tasks = NO_VAL;
	rest.min_cpus = NO_VAL;
	rest.max_cpus = NO_VAL;
	rest.cpus_per_task = NO_VAL16;
	rest.pn_min_memory = NO_VAL64;
	rest.dependency = NULL;
	rest.nice = NO_VAL;
	rest.begin_time = 0;
	rest.deadline = 0;
	rest.array_inx = NULL;     /* ArrayTaskThrottle: rpc_update_job's */
	rest.req_nodes = NULL;
	rest.exc_nodes = NULL;
	rest.licenses = NULL;
	rest.tres_per_node = NULL;
	rest.pn_min_cpus = NO_VAL16;
	rest.time_min = NO_VAL;
	rest.requeue = NO_VAL16;
	rest.pn_min_tmp_disk = NO_VAL;
	rest.shared = NO_VAL16;
	rest.contiguous = NO_VAL16;
	rest.work_dir = NULL;
	rest.std_out = NULL;
	/* Account=, QOS=: slurmctld without accounting storage (FLURM has
	 * none) finds no association or QOS record to move the job to and
	 * takes the update leaving both as they were */
	rest.account = NULL;
	rest.qos = NULL;
	rest.mail_user = NULL;
	rest.mail_type = NO_VAL16;
	rest.reboot = NO_VAL16;
	/* slurmctld checks the names before it takes the change */
	if (d->features && !features_known(c->st, d->features))
		return ESLURM_INVALID_FEATURE;
	if ((*what = slurm_job_desc_first_set(&rest)))
		return ESLURM_NOT_SUPPORTED;

	if (d->partition && strcmp(d->partition, j->partition)) {
		if (j->state != JOB_ST_PENDING)
			return ESLURM_JOB_NOT_PENDING;
		part = state_part(c->st, d->partition);
		if (!part)
			return ESLURM_INVALID_PARTITION_NAME;
		if (part->state == PART_STATE_DRAIN ||
		    part->state == PART_STATE_INACTIVE)
			return ESLURM_PARTITION_NOT_AVAIL;
		/* the job's owner must be allowed there, as at submit */
		if (!groups_allowed(c, part->allow_groups, j->uid))
			return ESLURM_JOB_MISSING_REQUIRED_PARTITION_GROUP;
		u->fields |= JOB_UPD_PARTITION;
		u->partition = part->name;
	}
	if ((rc = update_request(c, j, d, op, u, own, what)))
		return rc;
	if ((rc = update_shape(j, d, u, what)))
		return rc;
	if ((rc = update_resize(c, j, d, u, own, what)))
		return rc;
	/* NumCPUs as slurmctld keeps it (its min_cpus), which a new task
	 * count or -c alone leaves as it was */
	if (j->state == JOB_ST_PENDING &&
	    (d->min_cpus != NO_VAL || d->min_nodes != NO_VAL ||
	     d->num_tasks != NO_VAL || d->cpus_per_task != NO_VAL16 ||
	     u->req_mask & JOB_REQ_PN_MIN_CPUS))
		job_update_cpus(u, j, d->min_cpus != NO_VAL ? d->min_cpus : 0,
				d->min_nodes != NO_VAL);
	if (j->state == JOB_ST_PENDING)
		op_job_mem_limits(c, j, part, d->pn_min_memory != NO_VAL64,
				  d->cpus_per_task != NO_VAL16, u);
	/* CPUsPerTask= leaves MinCPUsNode as it was: slurmctld keeps the
	 * pn_min_cpus of the submission (or of MinCPUsNode=); only a -c
	 * raised to fit MaxMemPerCPU moves it */
	if (j->state == JOB_ST_PENDING && d->cpus_per_task != NO_VAL16 &&
	    u->fields & JOB_UPD_CPUS_PER_TASK && !j->cpus_per_task_asked &&
	    !(u->fields & JOB_UPD_CPUS_ASKED) &&
	    !(u->req_mask & JOB_REQ_PN_MIN_CPUS) && !j->pn_min_cpus)
		UPD_REQ(u, pn_min_cpus, JOB_REQ_PN_MIN_CPUS,
			job_min_cpus_node(j, false));
	if (d->dependency && (rc = update_dependency(c, j, d->dependency, u)))
		return rc;
	/* StartTime=: the owner too, pending jobs only; a time already
	 * past means now, as slurmctld */
	if (d->begin_time) {
		time_t now = time(NULL), begin;

		if (j->state != JOB_ST_PENDING)
			return ESLURM_JOB_NOT_PENDING;
		begin = d->begin_time < now ? now : d->begin_time;
		if (begin != j->begin_time) {
			u->fields |= JOB_UPD_BEGIN;
			u->begin_time = begin;
		}
	}
	if (d->time_limit != NO_VAL && d->time_limit != j->time_limit) {
		/* users may shorten; lengthen only while pending and within
		 * the partition's MaxTime (slurmctld says "access denied") */
		if (!op && d->time_limit > j->time_limit &&
		    !(j->state == JOB_ST_PENDING && part &&
		      part->max_time >= d->time_limit))
			return ESLURM_ACCESS_DENIED;
		u->fields |= JOB_UPD_TIME_LIMIT;
		u->time_limit = d->time_limit;
	}
	/* Deadline=: operators only, not in the past; a running job's is
	 * left as it is without a word, as slurmctld does */
	if (d->deadline && j->state != JOB_ST_RUNNING) {
		if (d->deadline < time(NULL))
			return ESLURM_INVALID_TIME_VALUE;
		if (!op)
			return ESLURM_ACCESS_DENIED;
		if (d->deadline != j->deadline) {
			u->fields |= JOB_UPD_DEADLINE;
			u->deadline = d->deadline;
		}
	}
	if ((rc = update_priority(j, d, op, u)))
		return rc;
	/* Nice=: negative values only for operators, as slurmctld; none
	 * for a job whose priority was given directly (sbatch --priority,
	 * Priority=, this update's too) and is not held, which slurmctld
	 * leaves as it is without a word */
	if (d->nice != NO_VAL && (int32_t)(d->nice - NICE_OFFSET) != j->nice &&
	    !((j->prio_set || u->fields & JOB_UPD_PRIORITY) &&
	      j->priority != 0 && !(u->fields & JOB_UPD_HOLD) &&
	      !(u->fields & JOB_UPD_RELEASE))) {
		if (!op && d->nice < NICE_OFFSET)
			return ESLURM_ACCESS_DENIED;
		u->fields |= JOB_UPD_NICE;
		u->nice = (int32_t)(d->nice - NICE_OFFSET);
	}
	if (d->name && strcmp(d->name, j->name ? j->name : "")) {
		u->fields |= JOB_UPD_NAME;
		u->name = d->name;
	}
	if (d->comment && strcmp(d->comment, j->comment ? j->comment : "")) {
		u->fields |= JOB_UPD_COMMENT;
		u->comment = d->comment;
	}
	/* a size larger than its partition; as slurmctld, not judged
	 * against its nodes (NumTasks=2 CPUsPerTask=2 on one 2-CPU node,
	 * Partition=batch NumNodes=2 over one node are taken). slurmctld
	 * judges a waiting job so after any update (its job_limits_check),
	 * a hold or release too, and then leaves its TRES as they were */
	sized = u->fields & (JOB_UPD_PARTITION | JOB_UPD_NODES |
			     JOB_UPD_TASKS | JOB_UPD_CPUS_PER_TASK |
			     JOB_UPD_MEM) || u->req_mask & JOB_REQ_MIN_CPUS;
	if (j->state == JOB_ST_PENDING) {
		struct job t = *j;

		t.partition = part ? part->name : j->partition;
		t.min_nodes = u->min_nodes;
		t.max_nodes = u->max_nodes;
		t.num_tasks = u->num_tasks;
		t.cpus_per_task = u->cpus_per_task;
		t.mem_mb = u->mem_mb;
		t.mem_per_cpu = u->mem_per_cpu;
		if (u->req_mask & JOB_REQ_MIN_CPUS)
			t.min_cpus = u->req.min_cpus;
		if (u->req_mask & JOB_REQ_GPUS_PER_NODE) {
			t.gpus_per_node = u->req.gpus_per_node;
			t.gpu_type = u->req.gpu_type;
		}
		/* slurmctld judges the size here, not the nodes named
		 * or refused, nor the scratch disk asked */
		t.exc_nodes = t.req_nodes = NULL;
		t.tmp_mb = 0;
		/* more CPUs than its partition has: kept, and it waits
		 * (PartitionConfig), as slurmctld keeps it; refused
		 * under EnforcePartLimits. More nodes than it has is
		 * answered nothing (it waits PartitionNodeLimit), as by
		 * slurmctld */
		bool over = sched_job_over_partitions(c->st, &t, false);

		/* a job of an INACTIVE partition is answered so too
		 * (slurmctld's PartitionInactive) */
		if (over || (state_part_count(t.partition) == 1 && part &&
			     part->state == PART_STATE_INACTIVE)) {
			if (over && sized && enforce_part_limits(c))
				return ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE;
			if (!j->tres_kept)
				own->tres = jobinfo_tres(c->st, j,
							 tres_gpus(c));
			return UPD_OVER_PART;
		}
		/* taken: counted anew from its new size */
		own->tres_anew = sized && j->tres_kept;
	}
	return 0;
}

/* scontrol's answer to an update (hold, release, ...) committed or not,
 * in slurmctld's words for each outcome; nothing when the connection
 * has closed: the update and its effects go on (ops_job.c). */
static int update_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_ENOJOB: return ESLURM_INVALID_JOB_ID;
	case OP_EDONE: return ESLURM_JOB_FINISHED;
	case OP_EBUSY: return ESLURM_JOB_NOT_PENDING;
	case OP_ENOPART: return ESLURM_INVALID_PARTITION_NAME;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOSPACE: return ENOSPC;
	/* only when the job's owner changed between the checks */
	case OP_EPERM: return ESLURM_USER_ID_MISSING;
	default: return SLURM_ERROR;
	}
}

/* The same, for an update that made the job larger than its partition:
 * slurmctld keeps it and says the partition cannot run it now. */
static int update_over_part_slurm_rc(int rc)
{
	return rc == OP_OK ? ESLURM_REQUESTED_PART_CONFIG_UNAVAILABLE :
		update_slurm_rc(rc);
}

/* The TRES= a waiting job shows from now on, as desc_to_update found
 * them (soft, on the leader, as slurmctld's until its restart). */
static void keep_tres(struct ctld *c, struct job *j, struct upd_own *own)
{
	if (own->tres) {
		free(j->tres_kept);
		j->tres_kept = own->tres;
		own->tres = NULL;
	} else if (own->tres_anew) {
		free(j->tres_kept);
		j->tres_kept = NULL;
	} else {
		return;
	}
	ctld_jobs_changed(c, j->id);
}

static void throttle_done(void *arg, int rc, const char *msg)
{
	if (rc != OP_OK)
		log_info("array throttle not applied: %s", msg ? msg : "");
}

static void rpc_update_job(struct sconn *sc, buf_t *body)
{
	struct ctld *c = sc->c;
	struct slurm_job_desc d;
	struct job_update u;
	const char *what = NULL;
	char *tasks = NULL;
	struct op_ctx ctx;
	struct pending *p;
	struct job *j;
	uid_t uid = sc->uid;
	uint32_t id = 0, *task_idx = NULL, ntask_idx = 0, throttle = 0;
	bool op = ctld_is_operator(c, uid), array = false, want_throttle = false;
	struct upd_own own = { NULL, NULL, NULL, NULL, NULL, false };
	int rc;

	if (slurm_job_desc_unpack(body, &d) < 0) {
		log_warn("%s: bad job update: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* scontrol -u USER: an operator acting as USER */
	if (d.user_id != NO_VAL) {
		if (!op) {
			rc = ESLURM_USER_ID_MISSING;
			goto refuse;
		}
		uid = d.user_id;
		op = ctld_is_operator(c, uid);
	}
	if ((rc = update_job_id(c, &d, &id, &tasks)))
		goto refuse;
	j = state_job_named(c->st, id);
	/* "12_3", "12_[1-4]", or 12 the id of an array: its tasks */
	if (tasks && array_parse(tasks, max_array_size(c), &task_idx,
				 &ntask_idx, &throttle))
		j = NULL;
	else if (tasks || (j && j->array_job_id == id))
		j = array_update_task(c->st, id, task_idx, ntask_idx,
				      d.priority == INFINITE);
	if (tasks && !j) {
		log_info("%s: update of job %u_%s from uid %u: no such array task",
			 sc->peer, id, tasks, (unsigned)sc->uid);
		reply_array_errors(sc, id, tasks, ESLURM_INVALID_JOB_ID);
		goto out;
	}
	if (!j) {
		rc = ESLURM_INVALID_JOB_ID;
		goto refuse;
	}
	array = j->array_job_id == id;
	/* ArrayTaskThrottle=N: the array's, even once all its tasks have
	 * ended; ignored for a job that is not an array, as slurmctld */
	if (d.array_inx && j->array_job_id) {
		long long t = strtoll(d.array_inx, NULL, 10);

		if (t < 0 || t > INT32_MAX) {
			rc = ESLURM_BAD_TASK_COUNT;
			goto refuse;
		}
		want_throttle = true;
		throttle = (uint32_t)t;
	}
	if (want_throttle && job_is_finished(j)) {
		u.fields = 0;
	} else if ((rc = desc_to_update(c, j, &d, uid, op, &u, &own,
					&what)) &&
		   rc != UPD_OVER_PART) {
		goto refuse;
	}
	/* a shrink names the nodes of one running task: that task alone
	 * is updated (its released nodes are then told), not several */
	if (array && u.fields & JOB_UPD_SHRINK) {
		if (ntask_idx != 1 || want_throttle) {
			what = "NumNodes or ReqNodeList of several array tasks";
			rc = ESLURM_NOT_SUPPORTED;
			goto refuse;
		}
		array = false;
	}
	if (!u.fields && !want_throttle) {
		/* nothing to change; a job larger than its partition is
		 * told so all the same, as by slurmctld */
		reply_rc(sc, rc == UPD_OVER_PART ?
			 ESLURM_REQUESTED_PART_CONFIG_UNAVAILABLE :
			 SLURM_SUCCESS);
		keep_tres(c, j, &own);
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.uid = uid;
	ctx.is_operator = op;
	ctx.peer = sc->peer;
	ctx.req_id = sc->req_id;
	ctx.done = pending_answer;
	p = xcalloc(1, sizeof(*p));
	p->sc = sc;
	p->slurm_rc = rc == UPD_OVER_PART ? update_over_part_slurm_rc :
		update_slurm_rc;
	p->job_id = id;
	ctx.arg = p;
	sc->pending = p;
	sc->state = SC_WAIT;
	if (array)
		u.job_id = j->id;   /* the task checked: owner, values */
	if (want_throttle) {
		struct op_ctx tctx = ctx;

		/* answered by the update that follows, if there is one */
		if (u.fields) {
			tctx.done = throttle_done;
			tctx.arg = NULL;
			tctx.req_id = 0;
		}
		rc = op_array_throttle(c, &tctx, j->array_job_id, throttle);
		if (rc != OP_OK || !u.fields)
			goto proposed;
	}
	rc = array ? op_array_update(c, &ctx, id, task_idx, ntask_idx, &u) :
		op_job_update(c, &ctx, &u);
proposed:
	if (rc != OP_OK) {
		/* checked above, so only a lost leadership lands here */
		sc->pending = NULL;
		sc->state = SC_BODY;
		free(p);
		rc = update_slurm_rc(rc);
		goto refuse;
	}
	keep_tres(c, j, &own);
	goto out;
refuse:
	log_info("%s: update of job %s from uid %u refused: %s%s%s", sc->peer,
		 d.job_id_str ? d.job_id_str : "?", (unsigned)sc->uid,
		 slurm_strerror(rc), what ? ": " : "", what ? what : "");
	/* tasks named ("12_3"): slurmctld answers for each of them */
	if (tasks)
		reply_array_errors(sc, id, tasks, rc);
	else
		reply_rc(sc, rc);
out:
	free(own.show);
	free(own.type);
	free(own.mail_user);
	free(own.keep);
	free(own.tres);
	free(task_idx);
	free(tasks);
	slurm_job_desc_free(&d);
}

/* -- scontrol requeue, requeuehold, suspend, resume, top: ops_job.c
 * does the work; each handler only decodes and answers -- */

static int jobctl_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_ENOJOB: return ESLURM_INVALID_JOB_ID;
	case OP_EPERM: return ESLURM_ACCESS_DENIED;
	case OP_EDISABLED: return ESLURM_DISABLED;
	case OP_EBATCHONLY: return ESLURM_BATCH_ONLY;
	case OP_EPENDING: return ESLURM_JOB_PENDING;
	case OP_EDONE: return ESLURM_ALREADY_DONE;
	case OP_ENOTRUNNING: return ESLURM_JOB_NOT_RUNNING;
	case OP_ENOTSUSPENDED: return ESLURM_JOB_NOT_SUSPENDED;
	case OP_EBUSY: return ESLURM_JOB_NOT_PENDING;
	case OP_EHELD: return ESLURM_JOB_HELD;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOSPACE: return ENOSPC;
	default: return SLURM_ERROR;
	}
}

/* One request over several array tasks: scontrol requeue, requeuehold,
 * suspend, resume or top of a whole array ("12", "12_*") or of some of
 * its tasks ("12_3", "12_[1-4]"). As slurmctld (job_requeue2(),
 * job_suspend2()), each task goes on its own, and one answer follows
 * once all have: the tasks of each outcome (RESPONSE_JOB_ARRAY_ERRORS,
 * which scontrol prints as "12_1-4: <error>"), or for top the first
 * refusal. P comes first: it is SC's pending, and the connection going
 * away clears P.sc. */
struct fan {
	struct pending p;
	uint32_t array_id;
	uint32_t n;
	uint32_t left;             /* operations not answered, + 1 while
				    * they are being started */
	bool one_rc;               /* top: one return code */
	uint32_t *task;            /* the N task indexes, ascending */
	int *rc;                   /* and each one's Slurm code */
};

struct fan_part {
	struct fan *f;
	uint32_t i;
};

static void fan_reply(struct fan *f)
{
	struct sconn *sc = f->p.sc;
	struct slurm_job_array_resp r = { 0, NULL, NULL };
	uint32_t max = 0;
	buf_t *b;

	if (!sc)
		goto out;
	sc->pending = NULL;
	if (f->one_rc) {
		int rc = SLURM_SUCCESS;

		for (uint32_t i = 0; i < f->n && !rc; i++)
			rc = f->rc[i];
		reply_rc(sc, rc);
		goto out;
	}
	for (uint32_t i = 0; i < f->n; i++)
		max = f->task[i] > max ? f->task[i] : max;
	r.error_code = xcalloc(f->n, sizeof(*r.error_code));
	r.job_array_id = xcalloc(f->n, sizeof(*r.job_array_id));
	/* one entry an outcome, in the order of its lowest task */
	for (uint32_t i = 0; i < f->n; i++) {
		bitstr_t *bits;
		char *list;
		bool seen = false;

		for (uint32_t k = 0; k < i && !seen; k++)
			seen = f->rc[k] == f->rc[i];
		if (seen)
			continue;
		bits = bit_alloc(max + 1);
		for (uint32_t k = i; k < f->n; k++)
			if (f->rc[k] == f->rc[i])
				bit_set(bits, f->task[k]);
		list = bit_fmt_list(bits);
		r.error_code[r.count] = (uint32_t)f->rc[i];
		r.job_array_id[r.count++] = xasprintf("%u_%s", f->array_id,
						       list);
		free(list);
		bit_free(bits);
	}
	b = reply_buf(sc, 64 + 32 * (size_t)r.count);
	slurm_job_array_resp_pack(b, &r);
	reply(sc, RESPONSE_JOB_ARRAY_ERRORS, b);
	buf_free(b);
	slurm_job_array_resp_free(&r);
out:
	free(f->task);
	free(f->rc);
	free(f);
}

static void fan_done(void *arg, int rc, const char *msg)
{
	struct fan_part *part = arg;
	struct fan *f = part->f;

	f->rc[part->i] = jobctl_slurm_rc(rc);
	free(part);
	if (--f->left == 0)
		fan_reply(f);
}

typedef int (*jobctl_op)(struct ctld *, const struct op_ctx *, uint32_t,
			 bool);

/* Run OP with ARG on each of the N tasks of array ARRAY_ID (TASK their
 * indexes, IDS their job ids, 0 for one the array lacks), the last
 * first when BACKWARDS, and answer SC once all are done. Takes TASK
 * and IDS. */
static void fan_run(struct sconn *sc, uint32_t array_id, uint32_t *task,
		    uint32_t *ids, uint32_t n, jobctl_op op, bool arg,
		    bool one_rc, bool backwards)
{
	struct fan *f = xcalloc(1, sizeof(*f));

	f->p.sc = sc;
	f->array_id = array_id;
	f->n = n;
	f->task = task;
	f->rc = xcalloc(n + 1, sizeof(*f->rc));
	f->one_rc = one_rc;
	f->left = 1;
	sc->pending = &f->p;
	sc->state = SC_WAIT;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = backwards ? n - 1 - k : k;
		struct fan_part *part;
		struct op_ctx ctx;
		int rc;

		if (!ids[i]) {
			f->rc[i] = ESLURM_INVALID_JOB_ID;
			continue;
		}
		part = xcalloc(1, sizeof(*part));
		part->f = f;
		part->i = i;
		ctx = (struct op_ctx){
			.uid = sc->uid,
			.is_operator = ctld_is_operator(sc->c, sc->uid),
			.peer = sc->peer,
			/* one command a task: a request id would make the
			 * later ones repeat the first one's outcome */
			.req_id = 0,
			.done = fan_done,
			.arg = part,
		};
		f->left++;
		if ((rc = op(sc->c, &ctx, ids[i], arg)) != OP_OK) {
			char name[CTLD_JOB_NAME_LEN];

			/* a task waiting in the array's record by its
			 * index alone: its own id is no client's */
			if (!strchr(ctld_job_name(sc->c->st, ids[i], name),
				    '_'))
				log_info("%s: job %s (%u_%u) refused: %s",
					 sc->peer, name, array_id, task[i],
					 err_msg());
			else
				log_info("%s: job %s refused: %s", sc->peer,
					 name, err_msg());
			f->rc[i] = jobctl_slurm_rc(rc);
			free(part);
			f->left--;
		}
	}
	free(ids);
	if (--f->left == 0)
		fan_reply(f);
}

/* The job a requeue, suspend or top names: "123" in STR (as scontrol
 * sends it), or ID without one. "12_3", "12_[1-4]" and "12_*" name
 * array tasks, and the id of an array the whole array (a task's own id
 * names that task alone). 0 with *OUT, and *TASKS (malloc'd, "1-4",
 * "*") for tasks, or a Slurm errno. */
static int jobctl_id(struct sconn *sc, const char *str, uint32_t id,
		     uint32_t *out, char **tasks)
{
	struct slurm_job_desc d;
	const char *us = str ? strchr(str, '_') : NULL;

	memset(&d, 0, sizeof(d));
	d.job_id = id;
	d.job_id_str = (char *)str;
	if (us && !strcmp(us, "_*")) {
		/* "12_*": the whole array, as slurmctld's requeue reads it */
		char *head = xstrndup(str, (size_t)(us - str));
		int rc;

		d.job_id_str = head;
		rc = update_job_id(sc->c, &d, out, tasks);
		free(head);
		if (!rc)
			*tasks = xstrdup("*");
		return rc;
	}
	return update_job_id(sc->c, &d, out, tasks);
}

/* Run OP for job STR/ID, or for each task of the array it names, and
 * answer after the commit, or at once when it is refused. WHAT names
 * the request in the log; TOP: pending tasks only, one return code. */
static void jobctl_run(struct sconn *sc, const char *str, uint32_t id,
		       const char *what, jobctl_op op, bool arg, bool top)
{
	struct ctld *c = sc->c;
	struct op_ctx ctx;
	struct pending *p;
	uint32_t job = 0, *idx = NULL, nidx = 0, throttle = 0;
	char *tasks = NULL;
	const struct job *j;
	int rc = jobctl_id(sc, str, id, &job, &tasks);

	/* "12_*" is requeue's and top's, not suspend's, as in slurmctld */
	if (!rc && tasks && !strcmp(tasks, "*") && op == op_job_suspend) {
		free(tasks);
		rc = ESLURM_INVALID_JOB_ID;
	}
	if (rc) {
		reply_rc(sc, rc);
		return;
	}
	j = state_job_named(c->st, job);
	if (tasks || (j ? j->array_job_id == job :
		      state_array_any(c->st, job) != NULL)) {
		uint32_t *task = NULL, n = 0, *ids;

		/* slurmctld tops one task ("12_3") or a whole array, not
		 * a range */
		if (tasks && strcmp(tasks, "*") &&
		    (array_parse(tasks, max_array_size(c), &idx, &nidx,
				 &throttle) ||
		     (top && strspn(tasks, "0123456789") != strlen(tasks)))) {
			free(idx);
			free(tasks);
			reply_rc(sc, ESLURM_INVALID_JOB_ID);
			return;
		}
		free(tasks);
		ids = array_task_ids(c->st, job, idx, nidx, &task, &n);
		free(idx);
		if (!n) {
			free(ids);
			free(task);
			reply_rc(sc, ESLURM_INVALID_JOB_ID);
			return;
		}
		if (top) {
			/* the array's pending tasks, as slurmctld tops the
			 * record that holds them; any one when none is */
			uint32_t k = 0;

			for (uint32_t i = 0; i < n; i++) {
				const struct job *o = state_job(c->st, ids[i]);

				if (o && o->state == JOB_ST_PENDING &&
				    !o->completing) {
					ids[k] = ids[i];
					task[k++] = task[i];
				}
			}
			n = k ? k : 1;
		}
		log_info("%s: %s of %u task%s of array %u from uid %u",
			 sc->peer, what, n, n == 1 ? "" : "s", job,
			 (unsigned)sc->uid);
		/* top: the last first, so the first ends up ahead */
		fan_run(sc, job, task, ids, n, op, arg, top, top);
		return;
	}
	p = xcalloc(1, sizeof(*p));
	p->sc = sc;
	p->slurm_rc = jobctl_slurm_rc;
	p->job_id = job;
	sc->pending = p;
	sc->state = SC_WAIT;
	ctx = (struct op_ctx){
		.uid = sc->uid,
		.is_operator = ctld_is_operator(c, sc->uid),
		.peer = sc->peer,
		.req_id = sc->req_id,
		.done = pending_answer,
		.arg = p,
	};
	if ((rc = op(c, &ctx, job, arg)) != OP_OK) {
		log_info("%s: %s of job %u from uid %u refused: %s", sc->peer,
			 what, job, (unsigned)sc->uid, err_msg());
		sc->pending = NULL;
		sc->state = SC_BODY;
		free(p);
		reply_rc(sc, jobctl_slurm_rc(rc));
	}
}

static void rpc_job_requeue(struct sconn *sc, buf_t *body)
{
	struct slurm_job_requeue r;

	if (slurm_job_requeue_unpack(body, &r) < 0) {
		log_warn("%s: bad requeue request: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	jobctl_run(sc, r.job_id_str, r.job_id,
		   r.flags & JOB_REQUEUE_HOLD ? "requeuehold" : "requeue",
		   op_job_requeue, (r.flags & JOB_REQUEUE_HOLD) != 0, false);
	slurm_job_requeue_free(&r);
}

static void rpc_suspend(struct sconn *sc, buf_t *body)
{
	struct slurm_job_suspend s;

	if (slurm_job_suspend_unpack(body, &s) < 0 ||
	    (s.op != SLURM_SUSPEND_JOB && s.op != SLURM_RESUME_JOB)) {
		log_warn("%s: bad suspend request: %s", sc->peer,
			 s.op > SLURM_RESUME_JOB ? "unknown operation" : err_msg());
		slurm_job_suspend_free(&s);
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	jobctl_run(sc, s.job_id_str, s.job_id,
		   s.op == SLURM_SUSPEND_JOB ? "suspend" : "resume",
		   op_job_suspend, s.op == SLURM_SUSPEND_JOB, false);
	slurm_job_suspend_free(&s);
}

/* scontrol notify: answered at once (the message is not kept). */
static void notify_answer(void *arg, int rc, const char *msg)
{
	struct sconn *sc = arg;
	int code;

	switch (rc) {
	case OP_OK: code = SLURM_SUCCESS; break;
	case OP_ENOJOB: code = ESLURM_INVALID_JOB_ID; break;
	/* slurmctld's answer to a stranger's notify */
	case OP_EPERM: code = ESLURM_USER_ID_MISSING; break;
	case OP_EDONE: code = ESLURM_ALREADY_DONE; break;
	case OP_EDISABLED: code = ESLURM_DISABLED; break;
	case OP_ENOTCONN: code = ESLURM_TRANSITION_STATE_NO_UPDATE; break;
	case OP_ENOTLEADER: code = ESLURM_IN_STANDBY_MODE; break;
	default: code = SLURM_ERROR; break;
	}
	reply_rc(sc, code);
}

static void rpc_job_notify(struct sconn *sc, buf_t *body)
{
	struct slurm_job_notify n;
	struct op_ctx ctx;
	int rc;

	if (slurm_job_notify_unpack(body, &n) < 0) {
		log_warn("%s: bad notify request: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	ctx = (struct op_ctx){
		.uid = sc->uid,
		.is_operator = ctld_is_operator(sc->c, sc->uid),
		.peer = sc->peer,
		.done = notify_answer,
		.arg = sc,
	};
	if ((rc = op_job_notify(sc->c, &ctx, n.job_id, n.message)) != OP_OK) {
		log_info("%s: notify of job %u from uid %u refused: %s",
			 sc->peer, n.job_id, (unsigned)sc->uid, err_msg());
		notify_answer(sc, rc, NULL);
	}
	slurm_job_notify_free(&n);
}

/* SchedulerParameters=enable_user_top lets owners use scontrol top. */
static bool user_top_enabled(const struct ctld *c)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "SchedulerParameters");

	return kv && kv->value && strcasestr(kv->value, "enable_user_top");
}

/* Add job J to the N ids in *IDS for a top of several jobs, unless it
 * is there already; a job not pending or held is passed over, its error
 * in *SKIPPED (the first). */
static void top_add(const struct job *j, uint32_t **ids, uint32_t *n,
		    int *skipped)
{
	int why = 0;

	if (j->state != JOB_ST_PENDING || j->completing)
		why = ESLURM_JOB_NOT_PENDING;
	else if (j->priority == 0)
		why = ESLURM_JOB_HELD;
	if (why) {
		if (!*skipped)
			*skipped = why;
		return;
	}
	for (uint32_t i = 0; i < *n; i++)
		if ((*ids)[i] == j->id)
			return;
	*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
	(*ids)[(*n)++] = j->id;
}

/* The first task of the pending record (as squeue shows it) that
 * pending array task J is in, or NULL when J is not in one. */
static const struct job *top_pending_record(const struct state *st,
					    const struct job *j)
{
	const struct job *rep;

	if (!j->array_job_id || !jobinfo_array_pending(j))
		return NULL;
	rep = jobinfo_array_rep(st, j);
	return rep == j || jobinfo_array_folded(st, j) ? rep : NULL;
}

/* Add the tasks of the pending record that REP leads. */
static void top_add_record(const struct state *st, const struct job *rep,
			   uint32_t **ids, uint32_t *n, int *skipped)
{
	struct array_iter it;

	for (const struct job *o = state_array_first(st, rep->array_job_id, &it);
	     o; o = state_array_next(st, &it))
		if (top_pending_record(st, o) == rep)
			top_add(o, ids, n, skipped);
}

/* The jobs one item of a top list names: a job, an array's pending
 * tasks (its id, "12_*"), or one task ("12_3"); ranges are not
 * slurmctld's. 0 or a Slurm errno. */
static int top_item(struct sconn *sc, const char *item, uint32_t **ids,
		    uint32_t *n, int *skipped)
{
	struct ctld *c = sc->c;
	bool op = ctld_is_operator(c, sc->uid);
	uint32_t job = 0, *idx = NULL, nidx = 0, throttle = 0, nt = 0;
	uint32_t *tids = NULL, *task = NULL;
	char *tasks = NULL;
	const struct job *j;
	int rc = jobctl_id(sc, item, 0, &job, &tasks);

	if (rc)
		return rc;
	j = state_job_named(c->st, job);
	if (!tasks && !(j ? j->array_job_id == job :
			state_array_any(c->st, job) != NULL)) {
		if (!j)
			return ESLURM_INVALID_JOB_ID;
		if (!op && j->uid != (uint32_t)sc->uid)
			return ESLURM_ACCESS_DENIED;
		top_add(j, ids, n, skipped);
		return 0;
	}
	if (tasks && strcmp(tasks, "*") &&
	    (strspn(tasks, "0123456789") != strlen(tasks) ||
	     array_parse(tasks, max_array_size(c), &idx, &nidx, &throttle)))
		rc = ESLURM_INVALID_JOB_ID;
	free(tasks);
	if (!rc)
		tids = array_task_ids(c->st, job, idx, nidx, &task, &nt);
	for (uint32_t i = 0; !rc && i < nt; i++) {
		const struct job *o = tids[i] ? state_job(c->st, tids[i]) : NULL;

		if (!o)
			rc = ESLURM_INVALID_JOB_ID;
		else if (!op && o->uid != (uint32_t)sc->uid)
			rc = ESLURM_ACCESS_DENIED;
		else if (nidx == 1 && top_pending_record(c->st, o))
			/* as slurmctld: a task still in its array's pending
			 * record names that record, all its tasks */
			top_add_record(c->st, top_pending_record(c->st, o),
				       ids, n, skipped);
		else
			top_add(o, ids, n, skipped);
	}
	if (!rc && !nt)
		rc = ESLURM_INVALID_JOB_ID;
	free(idx);
	free(tids);
	free(task);
	return rc;
}

/* scontrol top 12,13,14: as slurmctld's job_set_top(), the jobs named
 * go ahead of the owner's other pending jobs in their partition, the
 * first named first. A job that does not exist or is someone else's
 * refuses the whole request; one not pending or held is passed over,
 * and its error is the answer only when no job is left. */
static void top_list(struct sconn *sc, const char *str)
{
	char *copy = xstrdup(str), *save = NULL, *item;
	uint32_t *ids = NULL, n = 0;
	int rc = 0, skipped = 0;

	for (item = strtok_r(copy, ",", &save); item && !rc;
	     item = strtok_r(NULL, ",", &save))
		rc = top_item(sc, item, &ids, &n, &skipped);
	if (!rc && !n)
		rc = skipped ? skipped : ESLURM_INVALID_JOB_ID;
	if (rc) {
		log_info("%s: top of %s from uid %u refused: %s", sc->peer,
			 str, (unsigned)sc->uid, slurm_strerror(rc));
		reply_rc(sc, rc);
		free(ids);
	} else {
		struct op_ctx ctx;
		struct pending *p = pending_start(sc, &ctx, jobctl_slurm_rc);

		log_info("%s: top of %u job%s from uid %u", sc->peer, n,
			 n == 1 ? "" : "s", (unsigned)sc->uid);
		/* one command for all: slurmctld shares out what the jobs
		 * named gain among the owner's others */
		ctx.req_id = sc->req_id;
		rc = op_job_top(sc->c, &ctx, ids, n, user_top_enabled(sc->c));
		free(ids);
		if (rc != OP_OK)
			pending_refused(p, rc);
	}
	free(copy);
}

static void rpc_top_job(struct sconn *sc, buf_t *body)
{
	struct slurm_job_suspend t;

	if (slurm_job_suspend_unpack(body, &t) < 0) {
		log_warn("%s: bad top request: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* as slurmctld: a user without enable_user_top is refused before
	 * the job is looked at */
	if (!ctld_is_operator(sc->c, sc->uid) && !user_top_enabled(sc->c))
		reply_rc(sc, ESLURM_ACCESS_DENIED);
	else if (t.job_id_str && *t.job_id_str)
		top_list(sc, t.job_id_str);
	else {
		char id[16];

		snprintf(id, sizeof(id), "%u", (unsigned)t.job_id);
		top_list(sc, id);
	}
	slurm_job_suspend_free(&t);
}

/* -- scontrol reconfigure: what SIGHUP and flurmsh reload do -- */

static int reconfigure_slurm_rc(int rc)
{
	return rc == OP_OK ? SLURM_SUCCESS : SLURM_ERROR;
}

static void rpc_reconfigure(struct sconn *sc, buf_t *body)
{
	struct conf_changes d;
	struct op_ctx ctx;
	struct pending *p;
	int rc;

	log_info("%s: reconfigure requested by uid %u", sc->peer,
		 (unsigned)sc->uid);
	p = pending_start(sc, &ctx, reconfigure_slurm_rc);
	rc = op_reconfigure(sc->c, &ctx, NULL, &d);
	conf_changes_free(&d);
	if (rc != 0) {
		sc->pending = NULL;
		free(p);
		/* The reason, with file and line, is in the log: a Slurm
		 * return code carries no text. EINVAL makes scontrol print
		 * "Invalid argument", which at least points at the file. */
		reply_rc(sc, rc == OP_EINVAL ? EINVAL :
			 rc == OP_EPERM ? ESLURM_ACCESS_DENIED : SLURM_ERROR);
	}
}

/* -- scontrol create partition, update/delete PartitionName= -- */

static int part_op_slurm_rc(int rc)
{
	switch (rc) {
	case OP_OK: return SLURM_SUCCESS;
	case OP_EPERM: return ESLURM_ACCESS_DENIED;
	case OP_ENOTLEADER: return ESLURM_IN_STANDBY_MODE;
	case OP_ENOSPACE: return ENOSPC;
	case OP_ENOPART:
	case OP_EEXIST: return ESLURM_INVALID_PARTITION_NAME;
	case OP_EINUSE:
	case OP_EBUSY: return ESLURM_PARTITION_IN_USE;
	case OP_ENONODE:
	case OP_EHOSTLIST: return ESLURM_INVALID_NODE_NAME;
	case OP_EINVAL: return ESLURM_INVALID_PARTITION_NAME;
	default: return SLURM_ERROR;
	}
}

/* Hand a partition operation its context and answer when it does. */
static void run_part_op(struct sconn *sc, const struct part_update *u,
			const char *delete_name)
{
	struct op_ctx ctx;
	struct pending *p;
	int rc;

	p = pending_start(sc, &ctx, part_op_slurm_rc);
	rc = delete_name ? op_part_delete(sc->c, &ctx, delete_name)
			 : op_part_update(sc->c, &ctx, u);
	if (rc != 0) {
		log_info("%s: partition change refused: %s", sc->peer, err_msg());
		sc->pending = NULL;
		free(p);
		reply_rc(sc, part_op_slurm_rc(rc));
	}
}

/* A partition setting FLURM does not keep, given other than what FLURM
 * shows for it (a script setting the shown value passes): its name, or
 * NULL. slurmctld would take these; FLURM refuses them instead of
 * dropping them. OverSubscribe and DefMem/MaxMem come from slurm.conf
 * (CP, NULL when the partition is not there). */
static const char *part_setting_not_kept(const struct slurm_update_part *d,
					 const struct slurm_conf_part *cp)
{
	static const struct {
		uint16_t flag;
		const char *name;
	} flags[] = {
		{ PART_FLAG_NO_ROOT, "DisableRootJobs" },
		{ PART_FLAG_ROOT_ONLY, "RootOnly" },
		{ PART_FLAG_REQ_RESV, "ReqResv" },
		{ PART_FLAG_LLN, "LLN" },
		{ PART_FLAG_EXCLUSIVE_USER, "ExclusiveUser" },
	};
	uint64_t def = cp ? cp->def_mem : 0, max = cp ? cp->max_mem : 0;

	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++)
		if (d->flags & flags[i].flag)
			return flags[i].name;
	if (d->allow_accounts && strcasecmp(d->allow_accounts, "ALL"))
		return "AllowAccounts";
	if (d->allow_alloc_nodes && strcasecmp(d->allow_alloc_nodes, "ALL"))
		return "AllocNodes";
	if (d->allow_qos && strcasecmp(d->allow_qos, "ALL"))
		return "AllowQos";
	if (d->alternate && *d->alternate)
		return "Alternate";
	if (d->billing_weights_str && *d->billing_weights_str)
		return "TRESBillingWeights";
	if ((d->deny_accounts && *d->deny_accounts) ||
	    (d->deny_qos && *d->deny_qos))
		return d->deny_qos && *d->deny_qos ? "DenyQos" : "DenyAccounts";
	if (d->job_defaults_str && *d->job_defaults_str)
		return "JobDefaults";
	if (d->qos_char && *d->qos_char)
		return "QOS";
	if (d->cpu_bind)
		return "CpuBind";
	if (d->def_mem_per_cpu != NO_VAL64 && d->def_mem_per_cpu != def)
		return "DefMemPerCPU/DefMemPerNode";
	if (d->max_mem_per_cpu != NO_VAL64 && d->max_mem_per_cpu != max)
		return "MaxMemPerCPU/MaxMemPerNode";
	if (d->grace_time != NO_VAL && d->grace_time != 0)
		return "GraceTime";
	if (d->max_cpus_per_node != NO_VAL && d->max_cpus_per_node != INFINITE)
		return "MaxCPUsPerNode";
	if (d->over_time_limit != NO_VAL16)
		return "OverTimeLimit";
	if (d->preempt_mode != NO_VAL16 && d->preempt_mode != 0)
		return "PreemptMode";
	if (d->priority_job_factor != NO_VAL16 && d->priority_job_factor != 1)
		return "PriorityJobFactor";
	if (d->max_share != NO_VAL16 &&
	    d->max_share != slurm_conf_max_share(cp ? cp->oversubscribe : NULL))
		return "OverSubscribe";
	return NULL;
}

/* update_part_msg_t as the model's change; 0 or a Slurm error. */
static int part_desc_to_update(const struct slurm_update_part *d,
			       struct part_update *u)
{
	if (d->nodes) {
		u->spec.nodes = d->nodes;
		u->fields |= PART_UPD_NODES;
	}
	if (d->allow_groups) {
		u->spec.allow_groups = d->allow_groups;
		u->fields |= PART_UPD_ALLOW_GROUPS;
	}
	if (d->flags & (PART_FLAG_DEFAULT | PART_FLAG_DEFAULT_CLR)) {
		u->spec.is_default = (d->flags & PART_FLAG_DEFAULT) != 0;
		u->fields |= PART_UPD_DEFAULT;
	}
	if (d->flags & (PART_FLAG_HIDDEN | PART_FLAG_HIDDEN_CLR)) {
		u->spec.hidden = (d->flags & PART_FLAG_HIDDEN) != 0;
		u->fields |= PART_UPD_HIDDEN;
	}
	if (d->max_time != NO_VAL) {
		u->spec.max_time = d->max_time;
		u->fields |= PART_UPD_MAX_TIME;
	}
	if (d->default_time != NO_VAL) {
		u->spec.default_time = d->default_time;
		u->fields |= PART_UPD_DEFAULT_TIME;
	}
	if (d->max_nodes != NO_VAL) {
		u->spec.max_nodes = d->max_nodes;
		u->fields |= PART_UPD_MAX_NODES;
	}
	if (d->min_nodes != NO_VAL) {
		u->spec.min_nodes = d->min_nodes;
		u->fields |= PART_UPD_MIN_NODES;
	}
	if (d->priority_tier != NO_VAL16) {
		u->spec.priority_tier = d->priority_tier;
		u->fields |= PART_UPD_PRIO_TIER;
	}
	if (d->state_up != NO_VAL16) {
		switch (d->state_up) {
		case PARTITION_UP: u->spec.state = PART_STATE_UP; break;
		case PARTITION_DOWN: u->spec.state = PART_STATE_DOWN; break;
		case PARTITION_DRAIN: u->spec.state = PART_STATE_DRAIN; break;
		case PARTITION_INACTIVE: u->spec.state = PART_STATE_INACTIVE; break;
		default: return ESLURM_INVALID_PARTITION_NAME;
		}
		u->fields |= PART_UPD_STATE;
	}
	return 0;
}

static void rpc_update_partition(struct sconn *sc, buf_t *body)
{
	struct slurm_update_part d;
	struct part_update u;
	int rc;

	if (slurm_update_part_unpack(body, &d) < 0) {
		log_warn("%s: bad partition update: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	memset(&u, 0, sizeof(u));
	u.create = sc->msg_type == REQUEST_CREATE_PARTITION;
	if (u.create) {
		op_part_defaults(&u);
		/* slurmctld's new partition record, unlike slurm.conf's
		 * default, has MinNodes=1 */
		u.spec.min_nodes = 1;
	}
	u.spec.name = d.name;
	if ((rc = part_desc_to_update(&d, &u)) != 0) {
		reply_rc(sc, rc);
		goto out;
	}
	{
		const char *what = part_setting_not_kept(&d, u.create ? NULL :
				slurm_conf_find_part(sc->c->sc, d.name));

		if (what) {
			log_info("%s: partition %s: %s is not kept by FLURM; "
				 "refused", sc->peer, d.name ? d.name : "?",
				 what);
			reply_rc(sc, ESLURM_NOT_SUPPORTED);
			goto out;
		}
	}
	if (!u.create && !u.fields) {
		/* only settings FLURM does not keep, as FLURM shows them */
		reply_rc(sc, SLURM_SUCCESS);
		goto out;
	}
	run_part_op(sc, &u, NULL);
out:
	slurm_update_part_free(&d);
}

static void rpc_delete_partition(struct sconn *sc, buf_t *body)
{
	char *name;

	if (slurm_delete_part_unpack(body, &name) < 0) {
		log_warn("%s: bad partition delete: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	run_part_op(sc, NULL, name);
	free(name);
}

/* -- scontrol show config, sdiag -- */

static void rpc_build_info(struct sconn *sc, buf_t *body)
{
	struct slurm_ctl_conf m;
	time_t since;
	buf_t *b;

	if (slurm_build_info_request_unpack(body, &since) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	/* as slurmctld: a client that has the config of LAST_UPDATE (or
	 * later) is told nothing changed */
	if (since && since - 1 >= sc->c->conf_loaded) {
		reply_rc(sc, SLURM_NO_CHANGE_IN_DATA);
		return;
	}
	config_fill(sc->c, &m);
	b = reply_buf(sc, 4096);
	slurm_ctl_conf_pack(b, &m);
	slurm_ctl_conf_free(&m);
	reply(sc, RESPONSE_BUILD_INFO, b);
	buf_free(b);
}

static void rpc_stats_info(struct sconn *sc, buf_t *body)
{
	struct slurm_stats s;
	uint16_t cmd;
	buf_t *b;

	if (slurm_stats_request_unpack(body, &cmd) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	if (cmd == STAT_COMMAND_RESET) {
		/* anyone may look, only operators may reset (slurmctld
		 * answers the same error) */
		if (!ctld_is_operator(sc->c, sc->uid)) {
			log_warn("%s: sdiag reset refused for uid %u", sc->peer,
				 (unsigned)sc->uid);
			reply_rc(sc, ESLURM_ACCESS_DENIED);
			return;
		}
		log_info("%s: sdiag counters reset by uid %u", sc->peer,
			 (unsigned)sc->uid);
		stats_reset(sc->c, &s, time(NULL));
	} else {
		stats_fill(sc->c, &s, time(NULL));
	}
	b = reply_buf(sc, 1024);
	slurm_stats_pack(b, &s);
	reply(sc, RESPONSE_STATS_INFO, b);
	buf_free(b);
}

/* -- scontrol setdebug LEVEL, scontrol shutdown -- */

static void slurm_ctl_ctx(struct sconn *sc, struct op_ctx *ctx)
{
	*ctx = (struct op_ctx){
		.uid = sc->uid,
		.is_operator = ctld_is_operator(sc->c, sc->uid),
		.peer = sc->peer,
	};
}

static void rpc_set_debug_level(struct sconn *sc, buf_t *body)
{
	struct op_ctx ctx;
	uint32_t level;
	enum log_level l;

	if (unpack32(body, &level) < 0 || buf_remaining(body) != 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	if (op_log_level_slurm(level, &l) < 0) {
		log_warn("%s: setdebug: %s", sc->peer, err_msg());
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	slurm_ctl_ctx(sc, &ctx);
	reply_rc(sc, op_log_level(sc->c, &ctx, l) == OP_OK ? SLURM_SUCCESS :
							     ESLURM_ACCESS_DENIED);
}

/* scontrol setdebugflags +FLAG / -FLAG: this controller's DebugFlags.
 * Others get EACCES, slurmctld's answer ("Permission denied"), hence
 * RPC_ANYONE in the table and the check here. */
static void rpc_set_debug_flags(struct sconn *sc, buf_t *body)
{
	struct op_ctx ctx;
	uint64_t minus, plus;

	if (slurm_debug_flags_request_unpack(body, &minus, &plus) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	slurm_ctl_ctx(sc, &ctx);
	if (op_debug_flags(sc->c, &ctx, minus, plus) != OP_OK) {
		log_warn_limited("%s: setdebugflags: %s", sc->peer,
				 err_msg());
		reply_rc(sc, EACCES);
		return;
	}
	reply_rc(sc, SLURM_SUCCESS);
}

/* scontrol schedloglevel: FLURM has no SlurmSchedLogFile, and slurmctld
 * without one answers "Requested operation is presently disabled" (to
 * operators; others get EACCES first). */
static void rpc_set_schedlog_level(struct sconn *sc, buf_t *body)
{
	uint32_t level;

	if (unpack32(body, &level) < 0 || buf_remaining(body) != 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	reply_rc(sc, ctld_is_operator(sc->c, sc->uid) ? ESLURM_DISABLED :
							 EACCES);
}

static void rpc_shutdown(struct sconn *sc, buf_t *body)
{
	struct op_ctx ctx;
	uint16_t options = 0;

	if (unpack16(body, &options) < 0) {
		reply_rc(sc, SLURM_ERROR);
		return;
	}
	slurm_ctl_ctx(sc, &ctx);
	if (op_shutdown(sc->c, &ctx) != OP_OK) {
		reply_rc(sc, ESLURM_ACCESS_DENIED);
		return;
	}
	reply_rc(sc, SLURM_SUCCESS);
}

/* ---- the jobs requests name, for the owner check in dispatch() ------ */

/* scancel and scancel -s: the job named, if it exists. */
static const struct job *kill_target(struct ctld *c, const uint8_t *data,
				     size_t len, uint16_t ver)
{
	struct slurm_job_kill k;
	const struct job *j = NULL;
	buf_t b;

	buf_init_view(&b, data, len);
	b.proto = ver;
	if (slurm_job_kill_unpack(&b, &k) < 0)
		return NULL;
	if (kill_job_id(&k) != NO_VAL)
		j = state_job_named(c->st, kill_job_id(&k));
	/* "12_3": the rights on any task are those on the array */
	if (kill_job_id(&k) != NO_VAL && k.sjob_id && strchr(k.sjob_id, '_'))
		j = state_array_any(c->st, kill_job_id(&k));
	slurm_job_kill_free(&k);
	return j;
}

/* scontrol update/hold/release: the job named, unless slurmctld answers
 * before rights are checked (a finished job, array tasks) or an
 * operator acts as another user (-u, checked by rpc_update_job). */
static const struct job *update_target(struct ctld *c, const uint8_t *data,
				       size_t len, uint16_t ver)
{
	struct slurm_job_desc d;
	const struct job *j = NULL;
	char *tasks = NULL;
	uint32_t id = 0;
	buf_t b;

	/* in the request's version: read as 22.05, a 23.02 body would name
	 * no job and the owner check would not happen */
	buf_init_view(&b, data, len);
	b.proto = ver;
	if (slurm_job_desc_unpack(&b, &d) < 0)
		return NULL;
	if (d.user_id == NO_VAL && !update_job_id(c, &d, &id, &tasks) && !tasks)
		j = state_job_named(c->st, id);
	if (j && job_is_finished(j))
		j = NULL;
	free(tasks);
	slurm_job_desc_free(&d);
	return j;
}

/* How the job of an RPC_OWNER message is found, and what others are
 * answered, as job_signal_id() and _update_job() in slurmctld do. NULL
 * for a message without one: its handler's operation checks. */
static const struct rpc_target *rpc_target_of(uint16_t type)
{
	static const struct rpc_target kill = { kill_target,
						ESLURM_ACCESS_DENIED };
	static const struct rpc_target update = { update_target,
						  ESLURM_USER_ID_MISSING };

	switch (type) {
	case REQUEST_KILL_JOB:
	case REQUEST_CANCEL_JOB_STEP:
		return &kill;
	case REQUEST_UPDATE_JOB:
		return &update;
	default:
		return NULL;
	}
}

static const struct rpc rpc_table[] = {
	{ REQUEST_PING, "REQUEST_PING", rpc_ping, RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_FED_INFO, "REQUEST_FED_INFO", rpc_fed_info, RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_JOB_INFO, "REQUEST_JOB_INFO", rpc_job_info, RPC_ANYONE, RPC_LEADER },
	{ REQUEST_JOB_INFO_SINGLE, "REQUEST_JOB_INFO_SINGLE", rpc_job_info_single,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_JOB_USER_INFO, "REQUEST_JOB_USER_INFO", rpc_job_user_info,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_PARTITION_INFO, "REQUEST_PARTITION_INFO", rpc_partition_info,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_NODE_INFO, "REQUEST_NODE_INFO", rpc_node_info, RPC_ANYONE, RPC_LEADER },
	{ REQUEST_LICENSE_INFO, "REQUEST_LICENSE_INFO", rpc_license_info,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_NODE_INFO_SINGLE, "REQUEST_NODE_INFO_SINGLE", rpc_node_info_single,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_BATCH_SCRIPT, "REQUEST_BATCH_SCRIPT", rpc_batch_script,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_TOPO_INFO, "REQUEST_TOPO_INFO", rpc_empty_info, RPC_ANYONE,
	  RPC_LOCAL },
	{ REQUEST_FRONT_END_INFO, "REQUEST_FRONT_END_INFO", rpc_empty_info,
	  RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_BURST_BUFFER_INFO, "REQUEST_BURST_BUFFER_INFO", rpc_empty_info,
	  RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_ASSOC_MGR_INFO, "REQUEST_ASSOC_MGR_INFO", rpc_empty_info,
	  RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_SHARE_INFO, "REQUEST_SHARE_INFO", rpc_empty_info, RPC_ANYONE,
	  RPC_LOCAL },
	{ REQUEST_RESERVATION_INFO, "REQUEST_RESERVATION_INFO", rpc_empty_info,
	  RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_BURST_BUFFER_STATUS, "REQUEST_BURST_BUFFER_STATUS",
	  rpc_empty_info, RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_SET_SCHEDLOG_LEVEL, "REQUEST_SET_SCHEDLOG_LEVEL",
	  rpc_set_schedlog_level, RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_TRIGGER_GET, "REQUEST_TRIGGER_GET", rpc_empty_info,
	  RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_SUBMIT_BATCH_JOB, "REQUEST_SUBMIT_BATCH_JOB",
	  rpc_submit_batch_job, RPC_ANYONE, RPC_WRITE },
	/* the leader's: the priority its test job takes is the leader's to
	 * count (ctld_prio_taken) */
	{ REQUEST_JOB_WILL_RUN, "REQUEST_JOB_WILL_RUN", rpc_job_will_run,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_RESOURCE_ALLOCATION, "REQUEST_RESOURCE_ALLOCATION",
	  rpc_resource_allocation, RPC_ANYONE, RPC_WRITE },
	{ REQUEST_JOB_ALLOCATION_INFO, "REQUEST_JOB_ALLOCATION_INFO",
	  rpc_job_allocation_info, RPC_ANYONE, RPC_LEADER },
	{ REQUEST_JOB_END_TIME, "REQUEST_JOB_END_TIME", rpc_job_end_time,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_HET_JOB_ALLOC_INFO, "REQUEST_HET_JOB_ALLOC_INFO",
	  rpc_het_job_alloc_info, RPC_ANYONE, RPC_LEADER },
	{ REQUEST_JOB_STEP_CREATE, "REQUEST_JOB_STEP_CREATE", rpc_step_create,
	  RPC_ANYONE, RPC_WRITE },
	{ REQUEST_STEP_COMPLETE, "REQUEST_STEP_COMPLETE", rpc_step_complete,
	  RPC_ANYONE, RPC_WRITE },
	{ REQUEST_JOB_STEP_INFO, "REQUEST_JOB_STEP_INFO", rpc_step_info,
	  RPC_ANYONE, RPC_LEADER },
	{ REQUEST_JOB_READY, "REQUEST_JOB_READY", rpc_job_ready, RPC_ANYONE,
	  RPC_LEADER },
	{ REQUEST_COMPLETE_JOB_ALLOCATION, "REQUEST_COMPLETE_JOB_ALLOCATION",
	  rpc_complete_job_allocation, RPC_ANYONE, RPC_WRITE },
	{ REQUEST_KILL_JOB, "REQUEST_KILL_JOB", rpc_kill_job, RPC_OWNER, RPC_WRITE },
	{ REQUEST_CANCEL_JOB_STEP, "REQUEST_CANCEL_JOB_STEP", rpc_kill_job,
	  RPC_OWNER, RPC_WRITE },
	{ REQUEST_UPDATE_NODE, "REQUEST_UPDATE_NODE", rpc_update_node,
	  RPC_OPERATOR, RPC_WRITE },
	{ REQUEST_REBOOT_NODES, "REQUEST_REBOOT_NODES", rpc_reboot_nodes,
	  RPC_OPERATOR, RPC_WRITE },
	{ REQUEST_UPDATE_JOB, "REQUEST_UPDATE_JOB", rpc_update_job,
	  RPC_OWNER, RPC_WRITE },
	{ REQUEST_RECONFIGURE, "REQUEST_RECONFIGURE", rpc_reconfigure,
	  RPC_OPERATOR, RPC_WRITE },
	{ REQUEST_CREATE_PARTITION, "REQUEST_CREATE_PARTITION",
	  rpc_update_partition, RPC_OPERATOR, RPC_WRITE },
	{ REQUEST_UPDATE_PARTITION, "REQUEST_UPDATE_PARTITION",
	  rpc_update_partition, RPC_OPERATOR, RPC_WRITE },
	{ REQUEST_DELETE_PARTITION, "REQUEST_DELETE_PARTITION",
	  rpc_delete_partition, RPC_OPERATOR, RPC_WRITE },
	/* the operations check the owner (requeue, top, notify) */
	{ REQUEST_JOB_REQUEUE, "REQUEST_JOB_REQUEUE", rpc_job_requeue,
	  RPC_ANYONE, RPC_WRITE },
	{ REQUEST_SUSPEND, "REQUEST_SUSPEND", rpc_suspend, RPC_OPERATOR,
	  RPC_WRITE },
	{ REQUEST_TOP_JOB, "REQUEST_TOP_JOB", rpc_top_job, RPC_ANYONE,
	  RPC_WRITE },
	{ REQUEST_JOB_NOTIFY, "REQUEST_JOB_NOTIFY", rpc_job_notify, RPC_ANYONE,
	  RPC_LEADER },
	{ REQUEST_SET_DEBUG_LEVEL, "REQUEST_SET_DEBUG_LEVEL", rpc_set_debug_level,
	  RPC_OPERATOR, RPC_LOCAL },
	{ REQUEST_SET_DEBUG_FLAGS, "REQUEST_SET_DEBUG_FLAGS",
	  rpc_set_debug_flags, RPC_ANYONE, RPC_LOCAL },
	{ REQUEST_SHUTDOWN, "REQUEST_SHUTDOWN", rpc_shutdown, RPC_OPERATOR, RPC_LOCAL },
	{ REQUEST_BUILD_INFO, "REQUEST_BUILD_INFO", rpc_build_info, RPC_ANYONE,
	  RPC_LOCAL },
	{ REQUEST_STATS_INFO, "REQUEST_STATS_INFO", rpc_stats_info, RPC_ANYONE,
	  RPC_LOCAL },
};

/* Largest body each request type may carry, checked before the body is
 * read (so kept apart from rpc_table[], which is about what a request
 * does). Job descriptors carry the batch script, up to slurmctld's own
 * default max_script_size of 4 MB, and the environment; most requests
 * are a few ids or names. */
static const struct {
	uint16_t type;
	uint32_t max;
} body_limits[] = {
	{ REQUEST_SUBMIT_BATCH_JOB, 8u << 20 },
	{ REQUEST_SUBMIT_BATCH_HET_JOB, 8u << 20 },
	{ REQUEST_JOB_WILL_RUN, 8u << 20 },
	{ REQUEST_RESOURCE_ALLOCATION, 8u << 20 },
	{ REQUEST_HET_JOB_ALLOCATION, 8u << 20 },
	{ REQUEST_UPDATE_JOB, 1u << 20 },
	{ REQUEST_JOB_INFO, 1u << 20 },
	/* a request forwarded by another controller, with its envelope */
	{ FWD_MSG_TYPE, 9u << 20 },
};
#define BODY_LIMIT_DEFAULT (64u << 10)

static uint32_t body_limit(uint16_t type)
{
	for (size_t i = 0; i < sizeof(body_limits) / sizeof(*body_limits); i++)
		if (body_limits[i].type == type)
			return body_limits[i].max;
	return BODY_LIMIT_DEFAULT;
}

/* The Slurm code for a remembered outcome (STATE_E*) of a job operation
 * sent again. */
static int once_slurm_rc(int state_rc)
{
	switch (state_rc) {
	case STATE_EOK: return SLURM_SUCCESS;
	case STATE_ENOJOB: return ESLURM_INVALID_JOB_ID;
	case STATE_EDONE: return ESLURM_ALREADY_DONE;
	case STATE_EPERM: return ESLURM_ACCESS_DENIED;
	case STATE_ENOPART: return ESLURM_INVALID_PARTITION_NAME;
	default: return SLURM_ERROR;
	}
}

/* A change that takes effect once per request id, about to run on the
 * leader: give a client's own request an id (and keep its frame, to
 * send it on if leadership moves). A job operation whose id the model
 * remembers was done already: answer its outcome (the checks before
 * proposing would now refuse it) and return true. Submissions and
 * allocations run again; apply answers their first job id. */
static bool sconn_once(struct sconn *sc, const uint8_t *frame, size_t len,
		       bool forwarded)
{
	struct state_result res;

	/* a stopping controller answers it before Raft closes */
	if (!sc->once_counted) {
		sc->once_counted = true;
		sc->c->once_waiting++;
	}
	if (!forwarded) {
		if (!sc->req_id)
			sc->req_id = forward_new_id();
		free(sc->req_frame);
		sc->req_frame = xmalloc(len ? len : 1);
		memcpy(sc->req_frame, frame, len);
		sc->req_len = len;
	}
	if (!sc->req_id || sc->msg_type == REQUEST_SUBMIT_BATCH_JOB ||
	    sc->msg_type == REQUEST_RESOURCE_ALLOCATION ||
	    state_once_lookup(sc->c->st, sc->req_id, &res) < 0)
		return false;
	log_info("%s: %s from uid %u was done already: answering its outcome",
		 sc->peer, slurm_msg_type_name(sc->msg_type), (unsigned)sc->uid);
	reply_rc(sc, once_slurm_rc(res.rc));
	return true;
}

/* What slurmctld answers someone not an operator who sends TYPE:
 * "Invalid user id" for changes to nodes, partitions and the controller,
 * "Permission denied" for its log settings and reboots,
 * "Access/permission denied" for the rest (scontrol prints each in its
 * own words). */
static int operator_deny_rc(uint16_t type)
{
	switch (type) {
	case REQUEST_UPDATE_NODE:
	case REQUEST_RECONFIGURE:
	case REQUEST_CREATE_PARTITION:
	case REQUEST_UPDATE_PARTITION:
	case REQUEST_DELETE_PARTITION:
	case REQUEST_SHUTDOWN:
		return ESLURM_USER_ID_MISSING;
	case REQUEST_SET_DEBUG_LEVEL:
	case REQUEST_REBOOT_NODES:
		return EACCES;
	default:
		return ESLURM_ACCESS_DENIED;
	}
}

/* Run a request whose sender is known: look it up, check rights, and
 * serve it here, or through the leader when it needs one and we do not
 * lead. FRAME is the client's whole frame, for forwarding. */
static void dispatch_msg(struct sconn *sc, const struct slurm_msg *m,
			 const uint8_t *frame, size_t len, bool forwarded)
{
	struct ctld *c = sc->c;
	const struct rpc *rpc = NULL;
	const struct rpc_target *target;
	const struct job *job;
	buf_t body;
	uid_t uid = sc->uid;
	bool op;

	/* replies go in the request's version (the header layout is the
	 * same from 22.05 on); bodies of other versions only for the
	 * messages with a table of differences, the rest would be misread */
	if (m->protocol_version >= SLURM_22_05_PROTOCOL_VERSION)
		sc->ver = m->protocol_version;
	if (!slurm_msg_version_ok(m->msg_type, m->protocol_version)) {
		log_warn_limited("%s: %s in protocol version %s (0x%04x) not supported",
				 sc->peer, slurm_msg_type_name(m->msg_type),
				 slurm_ver_name(m->protocol_version),
				 m->protocol_version);
		reply_rc(sc, SLURM_PROTOCOL_VERSION_ERROR);
		return;
	}
	for (size_t i = 0; i < sizeof(rpc_table) / sizeof(*rpc_table); i++)
		if (rpc_table[i].type == m->msg_type)
			rpc = &rpc_table[i];
	metrics_count_rpc(c, m->msg_type);
	if (!rpc) {
		log_info("%s: unsupported message %s (%u) from uid %u", sc->peer,
			 slurm_msg_type_name(m->msg_type), m->msg_type, (unsigned)uid);
		/* slurmctld answers EINVAL ("Invalid argument"), which sends
		 * users looking for a typo; say what is true instead. */
		reply_rc(sc, ESLURM_NOT_SUPPORTED);
		return;
	}
	log_debug("%s: %s from uid %u%s", sc->peer, rpc->name, (unsigned)uid,
		  forwarded ? " (forwarded)" : "");
	/* rights from the table (rights.c, as on the admin socket): who
	 * may call, then where it runs, then the owner of its job */
	op = rpc->who != RPC_ANYONE && ctld_is_operator(c, uid);
	switch (rights_check(c, rpc->who, rpc->how, uid, op, NULL)) {
	case RIGHTS_NOT_OPERATOR:
		reply_rc(sc, operator_deny_rc(m->msg_type));
		return;
	case RIGHTS_NOT_OWNER:
		reply_rc(sc, ESLURM_ACCESS_DENIED);
		return;
	case RIGHTS_NOT_LEADER: {
		/* not the serving leader: a forwarded request goes back to
		 * the controller that sent it (one hop, never a loop); a
		 * client's waits here for the leader's answer */
		struct fwd_req rq = {
			.frame = frame, .len = len, .msg_type = m->msg_type,
			.uid = sc->uid, .gid = sc->gid, .req_id = sc->req_id,
		};

		if (forwarded) {
			reply_rc(sc, ESLURM_IN_STANDBY_MODE);
			return;
		}
		sconn_client_text(sc, rq.client, sizeof(rq.client));
		sc->state = SC_WAIT;
		sc->fwd = forward_request(c, sc, &rq);
		return;
	}
	case RIGHTS_OK:
		break;
	}
	if (rpc->how != RPC_LOCAL && ctld_not_ready(c)) {
		/* no nodes or partitions yet: say so, rather than answer
		 * from an empty model ("Invalid partition name") */
		log_debug("%s: %s refused: %s", sc->peer, rpc->name,
			 ctld_not_ready(c));
		reply_rc(sc, ctld_writable(c) ? ESLURM_IN_STANDBY_MODE : ENOSPC);
		return;
	}
	if (rpc->how == RPC_WRITE && forward_once_safe(m->msg_type) &&
	    sconn_once(sc, frame, len, forwarded))
		return;
	target = rpc->who == RPC_OWNER ? rpc_target_of(rpc->type) : NULL;
	if (target && !op && (job = target->find(c, m->body, m->body_len,
					  m->protocol_version)) &&
	    rights_check(c, rpc->who, rpc->how, uid, op, job) == RIGHTS_NOT_OWNER) {
		log_info("%s: %s for job %u from uid %u refused: not the owner",
			 sc->peer, rpc->name, job->id, (unsigned)uid);
		reply_rc(sc, target->deny);
		return;
	}
	buf_init_view(&body, m->body, m->body_len);
	body.proto = m->protocol_version;
	rpc->handler(sc, &body);
}

/* Only another controller may forward: it speaks for the client whose
 * credential it verified. */
static bool is_controller_uid(const struct ctld *c, uid_t uid)
{
	return uid == 0 || uid == c->slurm_uid || uid == geteuid();
}

/* An envelope from another controller: the client's frame inside, with
 * the identity that controller verified. */
static void dispatch_forwarded(struct sconn *sc, const struct slurm_msg *env)
{
	struct fwd_req rq;
	struct slurm_msg m;

	if (!is_controller_uid(sc->c, sc->uid)) {
		log_warn_limited("%s: forwarded request from uid %u refused: "
				 "only controllers forward", sc->peer,
				 (unsigned)sc->uid);
		reply_rc(sc, ESLURM_ACCESS_DENIED);
		return;
	}
	if (forward_unwrap(env->body, env->body_len, &rq) < 0 ||
	    slurm_msg_parse(rq.frame, rq.len, &m) < 0 ||
	    m.msg_type == FWD_MSG_TYPE) {
		log_warn_limited("%s: bad forwarded request: %s", sc->peer,
				 err_msg());
		sconn_free(sc);
		return;
	}
	sc->uid = rq.uid;
	sc->gid = rq.gid;
	sc->msg_type = m.msg_type;
	sc->forwarded = true;
	memcpy(sc->client, rq.client, sizeof(sc->client));
	/* an id only where the leader proposes under it: any other
	 * request is not sent again by a controller that knows this */
	sc->req_id = forward_once_safe(m.msg_type) ? rq.req_id : 0;
	dispatch_msg(sc, &m, rq.frame, rq.len, true);
}

static void dispatch(struct sconn *sc, const uint8_t *frame, size_t len)
{
	struct ctld *c = sc->c;
	struct slurm_msg m;

	if (slurm_msg_parse(frame, len, &m) < 0) {
		log_warn_limited("%s: bad Slurm message: %s", sc->peer, err_msg());
		sconn_free(sc);
		return;
	}
	if (auth_check_body(c->auth, &sc->f.ident, m.msg_type, m.body,
			    m.body_len) < 0) {
		log_warn_limited("%s: %s: authentication failed: %s", sc->peer,
				 slurm_msg_type_name(m.msg_type), err_msg());
		reply_rc(sc, SLURM_PROTOCOL_AUTHENTICATION_ERROR);
		return;
	}
	if (m.msg_type == FWD_MSG_TYPE) {
		dispatch_forwarded(sc, &m);
		return;
	}
	dispatch_msg(sc, &m, frame, len, false);
}

/* ---- forward.c's hand-back ------------------------------------------ */

void slurm_conn_relay(struct sconn *sc, const uint8_t *data, size_t len)
{
	sc->fwd = NULL;
	sc->t_frame.tv_sec = 0;
	sconn_answering(sc);
	bufferevent_write(sc->bev, data, len);
	lconn_flush_last(sc->lc);
}

void slurm_conn_fail(struct sconn *sc, int rc)
{
	sc->fwd = NULL;
	reply_rc(sc, rc);
}

void slurm_conn_serve(struct sconn *sc, const struct fwd_req *rq)
{
	struct slurm_msg m;

	sc->fwd = NULL;
	if (slurm_msg_parse(rq->frame, rq->len, &m) < 0) {
		sconn_free(sc);
		return;
	}
	sc->req_id = rq->req_id;
	dispatch_msg(sc, &m, rq->frame, rq->len, false);
}

/* ---- HTTP on the Slurm port ----------------------------------------- */

static void http_answer(struct sconn *sc, const char *req)
{
	char *body = NULL, *out;
	int status = 200;
	const char *reason = "OK";

	if (!strncmp(req, "GET /health ", 12) || !strncmp(req, "GET /health\r", 12) ||
	    !strncmp(req, "HEAD /health ", 13)) {
		body = http_health_json(sc->c, &status);
		if (status != 200)
			reason = "Service Unavailable";
	} else {
		status = 404;
		reason = "Not Found";
		body = xstrdup("not found\n");
	}
	out = xasprintf("HTTP/1.0 %d %s\r\nContent-Type: application/json\r\n"
			"Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
			status, reason, strlen(body), body);
	sconn_answering(sc);
	bufferevent_write(sc->bev, out, strlen(out));
	free(out);
	free(body);
}

static void http_read(struct sconn *sc)
{
	struct evbuffer *in = bufferevent_get_input(sc->bev);
	size_t have = evbuffer_get_length(in);
	struct evbuffer_ptr end;
	char *req;

	end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	if (end.pos < 0) {
		if (have > HTTP_MAX)
			sconn_free(sc);
		return;
	}
	req = xcalloc(1, (size_t)end.pos + 1);
	evbuffer_copyout(in, req, (size_t)end.pos);
	evbuffer_drain(in, have);
	lconn_set_state(sc->lc, CL_BUSY);
	http_answer(sc, req);
	free(req);
}

/* ---- reading a frame: sframe.c's, through these --------------------- */

static uint32_t sconn_body_limit(void *arg, uint16_t type)
{
	return body_limit(type);
}

static void sconn_authed(void *arg, int rc, const struct auth_ident *ident,
			 const char *why)
{
	struct sconn *sc = arg;

	sc->aj = NULL;
	if (rc < 0) {
		/* Answered as slurmctld 22.05's successors do: the client
		 * prints "Protocol authentication error". The answer is
		 * signed for anyone, says nothing but that, and a client of
		 * another munge key fails to verify it with the same
		 * message. */
		log_warn_limited("%s: %s: authentication failed: %s", sc->peer,
				 slurm_msg_type_name(sc->msg_type), why);
		sframe_authed(&sc->f, NULL);
		return;
	}
	sc->uid = ident->uid;
	sc->gid = ident->gid;
	sframe_authed(&sc->f, ident);
}

/* The credential is opened through the auth queue: munged's round trip
 * does not hold up the loop. */
static int sconn_authenticate_start(void *arg, const struct slurm_msg *m,
				    const struct auth_cred *cred)
{
	struct sconn *sc = arg;

	sc->msg_type = m->msg_type;
	sc->aj = authq_open(sc->c->authq, cred, sconn_lone(sc), sconn_authed,
			    sc);
	return 0;
}

static void sconn_dispatch(void *arg, const uint8_t *frame, size_t len)
{
	struct sconn *sc = arg;

	sc->state = SC_BODY;
	clock_gettime(CLOCK_MONOTONIC, &sc->t_frame);
	dispatch(sc, frame, len);
}

static void sconn_reply_rc(void *arg, int rc)
{
	reply_rc(arg, rc);
}

static void sconn_drop(void *arg)
{
	sconn_free(arg);
}

static const struct sframe_ops sconn_frame_ops = {
	.body_limit = sconn_body_limit,
	.authenticate_start = sconn_authenticate_start,
	.dispatch = sconn_dispatch,
	.reply_rc = sconn_reply_rc,
	.drop = sconn_drop,
};

/* The port also answers GET /health: told apart by its first bytes,
 * before any of it is read as a Slurm frame. */
static void head_read(struct sconn *sc)
{
	struct evbuffer *in = bufferevent_get_input(sc->bev);
	uint8_t head[4];

	if (sc->f.phase == SFRAME_HEAD) {
		if (evbuffer_get_length(in) < 4)
			return;
		evbuffer_copyout(in, head, 4);
		if (!memcmp(head, "GET ", 4) || !memcmp(head, "HEAD", 4)) {
			sc->state = SC_HTTP;
			bufferevent_setwatermark(sc->bev, EV_READ, 0,
						 HTTP_MAX + 1);
			http_read(sc);
			return;
		}
	}
	sframe_read(&sc->f);
}

static void sconn_read(struct lconn *lc, void *arg)
{
	struct sconn *sc = arg;
	struct evbuffer *in = bufferevent_get_input(sc->bev);

	switch (sc->state) {
	case SC_HEAD:
		head_read(sc);
		break;
	case SC_HTTP:
		http_read(sc);
		break;
	case SC_BODY:
	case SC_WAIT:
	case SC_SIGNING:
	case SC_CLOSING:
		/* one request per connection */
		evbuffer_drain(in, evbuffer_get_length(in));
		break;
	}
}

static void sconn_closed(struct lconn *lc, void *arg, const char *why)
{
	struct sconn *sc = arg;

	log_debug("%s: %s", sc->peer, why);
	sconn_free(sc);
}

/* A client that shuts its side once its request is sent still gets the
 * answer, as from slurmctld; one that stops halfway does not. */
static bool sconn_peer_done(struct lconn *lc, void *arg)
{
	struct sconn *sc = arg;

	(void)lc;
	switch (sc->state) {
	case SC_HEAD:
		return sframe_peer_done(&sc->f);
	case SC_HTTP:
		return false;
	case SC_BODY:
	case SC_WAIT:
	case SC_SIGNING:
	case SC_CLOSING:
		break;
	}
	return true;
}

static const struct lconn_ops sconn_ops = {
	.read = sconn_read,
	.drained = sconn_drained,
	.closed = sconn_closed,
	.peer_done = sconn_peer_done,
};

static void on_accept(struct lconn *lc, void *arg)
{
	struct ctld *c = arg;
	struct sconn *sc = xcalloc(1, sizeof(*sc));

	sc->c = c;
	c->slurm_conns++;
	sc->lc = lc;
	sc->bev = lconn_bev(lc);
	sc->state = SC_HEAD;
	/* until the sender is known, a reply may be read by anyone */
	sc->uid = AUTH_UID_ANY;
	snprintf(sc->peer, sizeof(sc->peer), "%s", lconn_peer(lc));
	lconn_attach(lc, &sconn_ops, sc);
	sframe_init(&sc->f, lc, sc->peer, c->conf->max_frame, SLURM_HEAD_MAX,
		    &sconn_frame_ops, sc);
}

int slurm_listen(struct ctld *c)
{
	uint16_t count = c->sc->slurmctld_port_count ? c->sc->slurmctld_port_count : 1;

	c->slurm_listeners = xcalloc(count, sizeof(*c->slurm_listeners));
	for (uint16_t i = 0; i < count; i++) {
		struct sockaddr_in sin;
		uint16_t port = (uint16_t)(c->sc->slurmctld_port + i);
		char why[256];

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		if (inet_pton(AF_INET, c->conf->listen_addr, &sin.sin_addr) != 1) {
			err_set("listen_addr '%s' is not an IPv4 address",
				c->conf->listen_addr);
			return -1;
		}
		c->slurm_listeners[i] = lsn_new(c->lpool, "Slurm port",
						(struct sockaddr *)&sin,
						sizeof(sin), 512, on_accept, c);
		if (!c->slurm_listeners[i]) {
			snprintf(why, sizeof(why), "%s", err_msg());
			err_set("cannot listen on %s:%u (SlurmctldPort): %s",
				c->conf->listen_addr, port, why);
			return -1;
		}
		c->n_slurm_listeners++;
	}
	return 0;
}

void slurm_listen_close(struct ctld *c)
{
	joblists_free(c);
	for (size_t i = 0; i < c->n_slurm_listeners; i++)
		lsn_free(c->slurm_listeners[i]);
	free(c->slurm_listeners);
	c->slurm_listeners = NULL;
	c->n_slurm_listeners = 0;
}
