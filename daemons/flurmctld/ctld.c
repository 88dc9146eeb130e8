/* ctld.c - the controller's life: event loop, Raft member carrying the
 * cluster model, the CONFIG command that brings slurm.conf into the model,
 * leadership changes, signals and shutdown. Requests are served by
 * rpc_slurm.c, node daemons by nodes.c, scheduling by schedule.c. */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/version.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "jobinfo/jobinfo.h"
#include "admin_fwd.h"
#include "forward.h"
#include "stats.h"
#include "net/authq.h"
#include "net/listener.h"
#include "metrics/metrics.h"
#include "ops.h"
#include "rpc_config.h"

/* ---- the replicated state machine ----------------------------------- */

static int fsm_apply(void *fsm, const void *data, size_t len, void **result)
{
	struct ctld *c = fsm;
	struct state_result *res = xmalloc(sizeof(*res));
	uint32_t version = c->st->config_version;
	uint32_t job;
	uint16_t type = 0;
	buf_t b;

	state_apply(c->st, data, len, res);
	/* a refusal's priority changes no record anyone is shown */
	buf_init_view(&b, data, len);
	if (unpack16(&b, &type) == 0 && type == CMD_PRIO_SKIP) {
		*result = res;
		return 0;
	}
	/* node indexes may have moved: keep the leader's soft table in step
	 * before anything looks a node up by its new index */
	if (c->nsoft && c->st->config_version != version)
		ctld_sync_soft(c);
	job = state_cmd_job(data, len, res);
	events_commit(c, job, !state_cmd_nodes(data, len, res));
	/* a purge drops finished jobs and changes no other job's record */
	if (!job && type == CMD_PURGE) {
		jobinfo_cache_prune(c->jobinfo, c->st);
		c->jobs_changed = time(NULL);
		c->jobs_gen++;
	} else {
		ctld_jobs_changed(c, job);
	}
	if (job && state_cmd_nodes(data, len, res))
		ctld_nodes_changed(c);
	*result = res;
	return 0;
}

void ctld_jobs_changed(struct ctld *c, uint32_t id)
{
	jobinfo_cache_changed(c->jobinfo, id);
	c->jobs_changed = time(NULL);
	c->jobs_gen++;
	if (!id) {
		c->parts_changed = c->jobs_changed;
		c->nodes_changed = c->jobs_changed;
	}
}

void ctld_nodes_changed(struct ctld *c)
{
	c->nodes_changed = time(NULL);
}

static int fsm_snapshot(void *fsm, void **data, size_t *len)
{
	struct ctld *c = fsm;
	buf_t *b = state_snapshot(c->st);

	*data = buf_steal(b, len);
	buf_free(b);   /* what steal left behind */
	return 0;
}

static int fsm_restore(void *fsm, const void *data, size_t len)
{
	struct ctld *c = fsm;

	if (state_restore(c->st, data, len) < 0) {
		log_err("cannot restore snapshot: %s", err_msg());
		return -1;
	}
	c->nsoft_stale = true;
	events_commit(c, 0, false);
	ctld_jobs_changed(c, 0);
	log_info("restored snapshot: %u jobs, %u nodes, next job id %u",
		 c->st->njobs, c->st->nnodes, c->st->next_job_id);
	return 0;
}

static void fsm_free_result(void *fsm, void *result)
{
	free(result);
}

/* How long a stopping leader waits for another controller to take over. */
#define HANDOVER_MS 3000
/* Threads that make the munge calls the loop cannot send to munged
 * itself (see net/authq.h): each waits on a round trip to munged, and
 * a few in flight keep munged's own threads busy while the loop serves
 * other connections. */
#define CTLD_AUTH_THREADS 4
/* How long a stopping controller waits for the answers of changes its
 * clients still wait for (a commit, a forward to the next leader). */
#define STOP_DRAIN_MS 5000

/* ---- helpers -------------------------------------------------------- */

static void discard_result(void *arg, int status, void *result)
{
	/* a full state directory is logged once when it fills */
	if (status == RNODE_ENOSPACE)
		log_debug("command not committed: %s", err_msg());
	else if (status != RNODE_OK)
		log_warn("command not committed: %s", err_msg());
	free(result);
}

/* The refusals' priorities in the log before whatever is proposed
 * next, so that every controller takes them in the order the leader
 * did; lost with the lead, as a command not yet committed would be. */
static void prio_skip_flush(struct ctld *c)
{
	buf_t *cmd;

	if (!c->prio_skip)
		return;
	if (c->leader) {
		cmd = cmd_prio_skip(c->prio_skip, time(NULL));
		rnode_propose(c->raft, cmd->data, buf_len(cmd),
			      discard_result, NULL);
		buf_free(cmd);
	}
	c->prio_skip = 0;
}

static void prio_skip_due(evutil_socket_t fd, short what, void *arg)
{
	prio_skip_flush(arg);
}

void ctld_prio_taken(struct ctld *c)
{
	struct timeval now = { 0, 0 };

	if (!c->leader)
		return;
	c->prio_skip++;
	if (!c->prio_skip_ev)
		c->prio_skip_ev = evtimer_new(c->base, prio_skip_due, c);
	if (c->prio_skip_ev && !evtimer_pending(c->prio_skip_ev, NULL))
		evtimer_add(c->prio_skip_ev, &now);
}

int ctld_propose(struct ctld *c, buf_t *cmd, rnode_done_cb cb, void *arg)
{
	int rc;

	prio_skip_flush(c);
	rc = rnode_propose(c->raft, cmd->data, buf_len(cmd),
			   cb ? cb : discard_result, arg);
	buf_free(cmd);
	return rc;
}

buf_t *ctld_once(uint64_t req_id, buf_t *cmd)
{
	buf_t *once;

	if (!req_id)
		return cmd;
	once = cmd_once(req_id, cmd, time(NULL));
	buf_free(cmd);
	return once;
}

bool ctld_writable(struct ctld *c)
{
	return c->raft && rnode_writable(c->raft);
}

const char *ctld_not_ready(struct ctld *c)
{
	/* config_version counts applied CONFIG commands: 0 means the model
	 * has no nodes or partitions at all yet */
	if (!c->leader || c->st->config_version)
		return NULL;
	return c->config_error ? c->config_error :
		"slurm.conf is not committed yet";
}

const char *ctld_job_name(const struct state *st, uint32_t id,
			  char buf[CTLD_JOB_NAME_LEN])
{
	const struct job *j = id >= STATE_TASK_ID_BASE ? state_job(st, id) :
							 NULL;

	if (j && state_task_waiting(j))
		snprintf(buf, CTLD_JOB_NAME_LEN, "%u_%u", j->array_job_id,
			 j->array_task_id);
	else
		snprintf(buf, CTLD_JOB_NAME_LEN, "%u", id);
	return buf;
}

bool ctld_is_operator(const struct ctld *c, uid_t uid)
{
	return uid == 0 || uid == c->slurm_uid || uid == geteuid() ||
	       admin_is_listed(c, uid);
}

void ctld_drop_soft(struct ctld *c)
{
	for (uint32_t i = 0; i < c->nsoft_len; i++)
		free(c->nsoft[i].name);
	free(c->nsoft);
	c->nsoft = NULL;
	c->nsoft_len = 0;
}

/* The old entry for node NAME, or NULL. Entries are in the old model's
 * node order, which a reload mostly keeps: try the same index first. */
static struct node_soft *soft_find(struct ctld *c, const char *name,
				   uint32_t hint)
{
	if (hint < c->nsoft_len && c->nsoft[hint].name &&
	    !strcmp(c->nsoft[hint].name, name))
		return &c->nsoft[hint];
	for (uint32_t i = 0; i < c->nsoft_len; i++)
		if (c->nsoft[i].name && !strcmp(c->nsoft[i].name, name))
			return &c->nsoft[i];
	return NULL;
}

void ctld_sync_soft(struct ctld *c)
{
	struct node_soft *ns;
	time_t now = time(NULL);
	time_t fresh = c->leader_since ? c->leader_since : now;

	if (c->nsoft && !c->nsoft_stale && c->nsoft_len == c->st->nnodes &&
	    c->nsoft_config_version == c->st->config_version)
		return;
	/* Node indexes may have moved: carry entries over by name. Resetting
	 * every node's last_seen here once made each reload declare every
	 * node dead after SlurmdTimeout of leadership. */
	ns = xcalloc(c->st->nnodes ? c->st->nnodes : 1, sizeof(*ns));
	for (uint32_t i = 0; i < c->st->nnodes; i++) {
		const char *name = c->st->nodes[i].name;
		struct node_soft *o = soft_find(c, name, i);

		ns[i].name = xstrdup(name);
		if (o) {
			ns[i].conn = o->conn;
			ns[i].last_seen = o->last_seen;
			ns[i].down_proposed = o->down_proposed;
			ns[i].remove_proposed = o->remove_proposed;
			ns[i].load_known = o->load_known;
			ns[i].load = o->load;
		} else {
			/* new to the model (or to this leader): its clock
			 * starts now, or when leadership began */
			ns[i].last_seen = c->nsoft ? now : fresh;
		}
	}
	ctld_drop_soft(c);
	c->nsoft = ns;
	c->nsoft_len = c->st->nnodes;
	c->nsoft_config_version = c->st->config_version;
	c->nsoft_stale = false;
	nodes_leader_changed(c);   /* re-attach live connections by name */
}

int ctld_conf_licenses(const struct slurm_conf *sc, char **out)
{
	const struct slurm_conf_kv *kv = slurm_conf_find_unknown(sc, "Licenses");
	struct license *v;
	uint32_t n;

	*out = NULL;
	if (!kv || !kv->value || !*kv->value)
		return 0;
	if (license_parse(kv->value, &v, &n) < 0) {
		err_set("%s: Licenses=%s: not a license list (name[:count],...)",
			sc->path ? sc->path : "slurm.conf", kv->value);
		return -1;
	}
	*out = license_string(v, n);
	license_free(v, n);
	return 0;
}

/* One of slurm.conf's job id bounds: DEF when absent. */
static int conf_job_id(const struct slurm_conf *sc, const char *key,
		       uint32_t def, uint32_t *out)
{
	const struct slurm_conf_kv *kv = slurm_conf_find_unknown(sc, key);
	char *end;
	unsigned long v;

	*out = def;
	if (!kv || !kv->value)
		return 0;
	errno = 0;
	v = strtoul(kv->value, &end, 10);
	if (errno || end == kv->value || *end || kv->value[0] == '-' ||
	    v > UINT32_MAX) {
		err_set("%s: %s=%s: not a job id", sc->path ? sc->path : "slurm.conf",
			key, kv->value);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* FirstJobId and MaxJobId as slurmctld takes them: the first id given
 * and the bound below every id (at most Slurm's 0x03FFFFFF, which a
 * larger MaxJobId is cut to); FirstJobId 0, or above MaxJobId, is an
 * error. */
/* The id after ID that the model would give next were ID taken. */
static uint32_t guess_after(const struct state *st, uint32_t id)
{
	uint32_t first = st->params.first_job_id;

	/* an id held is a job's or an array's: no more of them than jobs */
	for (uint32_t i = 0; i <= st->njobs; i++) {
		if (++id > st->params.max_job_id || id < first)
			id = first;
		if (!state_job_named(st, id))
			break;
	}
	return id;
}

uint32_t ctld_guess_take(struct ctld *c, uint32_t n)
{
	const struct state *st = c->st;
	uint32_t next = state_next_job_id(st), id;

	/* behind the model, or past the highest id: from the model's */
	if (next && (c->submit_guess < next ||
		     c->submit_guess > st->params.max_job_id ||
		     state_job_named(st, c->submit_guess)))
		c->submit_guess = next;
	id = c->submit_guess;
	for (uint32_t i = 0; i < n; i++)
		c->submit_guess = guess_after(st, c->submit_guess);
	return id;
}

int ctld_conf_job_ids(const struct slurm_conf *sc, uint32_t *first,
		      uint32_t *max)
{
	const char *path = sc->path ? sc->path : "slurm.conf";

	if (conf_job_id(sc, "FirstJobId", 1, first) < 0 ||
	    conf_job_id(sc, "MaxJobId", 0x03ff0000, max) < 0)
		return -1;
	if (*max > 0x03ffffff)
		*max = 0x03ffffff;
	if (*first == 0) {
		err_set("%s: FirstJobId cannot be zero", path);
		return -1;
	}
	if (*first > *max) {
		err_set("%s: FirstJobId > MaxJobId", path);
		return -1;
	}
	return 0;
}

int ctld_conf_check(const struct slurm_conf *sc)
{
	uint64_t flags;
	uint32_t first, max;
	char *lic;

	if (ctld_conf_job_ids(sc, &first, &max) < 0 ||
	    ctld_conf_licenses(sc, &lic) < 0)
		return -1;
	free(lic);
	/* slurmctld will not start with a DebugFlags word it does not
	 * know, and the clients will not read the file */
	return config_debug_flags(sc, &flags);
}

/* slurm.conf as a CONFIG command. */
static buf_t *config_command(struct ctld *c, time_t now)
{
	const struct slurm_conf *sc = c->sc;
	struct node_spec *ns = xcalloc(sc->n_nodes ? sc->n_nodes : 1, sizeof(*ns));
	struct part_spec *ps = xcalloc(sc->n_parts ? sc->n_parts : 1, sizeof(*ps));
	struct state_params prm = {
		.min_job_age = sc->min_job_age,
		.kill_wait = sc->kill_wait,
		.slurmd_timeout = sc->slurmd_timeout,
		.return_to_service = sc->return_to_service,
	};
	char **groups = xcalloc(sc->n_parts ? sc->n_parts : 1, sizeof(*groups));
	char *lic = NULL;
	buf_t *b;

	for (size_t i = 0; i < sc->n_nodes; i++) {
		const struct slurm_conf_node *n = &sc->nodes[i];

		ns[i].name = n->name;
		ns[i].addr = n->addr;
		ns[i].features = n->features_str;
		ns[i].gres = n->gres;
		ns[i].cpus = n->cpus;
		ns[i].sockets = n->sockets;
		ns[i].cores = n->cores_per_socket;
		ns[i].threads = n->threads_per_core;
		ns[i].weight = n->weight;
		ns[i].memory_mb = n->real_memory;
		ns[i].tmp_disk_mb = n->tmp_disk;
		switch (n->state) {
		case SLURM_CONF_NODE_DOWN: ns[i].state = NODE_ST_DOWN; break;
		case SLURM_CONF_NODE_DRAIN: ns[i].state = NODE_ST_UNKNOWN | NODE_CONF_DRAIN; break;
		case SLURM_CONF_NODE_FUTURE:
		case SLURM_CONF_NODE_CLOUD: ns[i].state = NODE_ST_FUTURE; break;
		default: ns[i].state = NODE_ST_UNKNOWN; break;
		}
	}
	for (size_t i = 0; i < sc->n_parts; i++) {
		const struct slurm_conf_part *p = &sc->parts[i];

		ps[i].name = p->name;
		ps[i].nodes = p->nodes;
		for (size_t k = 0; k < p->n_allow_groups; k++)
			xstrfmtcat(&groups[i], "%s%s", k ? "," : "", p->allow_groups[k]);
		ps[i].allow_groups = groups[i];
		ps[i].is_default = p->is_default;
		ps[i].hidden = p->hidden;
		ps[i].max_time = p->max_time;
		ps[i].default_time = p->default_time;
		ps[i].state = (uint32_t)p->state;
		ps[i].priority_tier = p->priority_tier;
		ps[i].max_nodes = p->max_nodes;
		ps[i].min_nodes = p->min_nodes;
	}
	/* checked when the file was read; slurmctld's ids stay below
	 * MaxJobId, the model's bound is the highest id; after it they
	 * wrap around to FirstJobId. FirstJobId = MaxJobId leaves none,
	 * as slurmctld gives none then (a bound below the first). */
	(void)ctld_conf_job_ids(sc, &prm.first_job_id, &prm.max_job_id);
	prm.max_job_id--;
	prm.ids_wrap = true;
	ctld_conf_licenses(sc, &lic);
	prm.licenses = lic;
	b = cmd_config(ns, (uint32_t)sc->n_nodes, ps, (uint32_t)sc->n_parts,
		       &prm, now);
	free(lic);
	for (size_t i = 0; i < sc->n_parts; i++)
		free(groups[i]);
	free(groups);
	free(ns);
	free(ps);
	return b;
}

static void config_done(void *arg, int status, void *result)
{
	struct ctld *c = arg;
	struct state_result *res = result;
	void (*cb)(void *, int, const char *) = c->config_cb;
	void *cb_arg = c->config_cb_arg;
	int rc = OP_OK;
	const char *msg = NULL;

	c->config_proposed = false;
	c->config_cb = NULL;
	c->config_cb_arg = NULL;
	free(c->config_error);
	c->config_error = NULL;
	if (status != RNODE_OK || !res || res->rc != STATE_EOK) {
		msg = res ? state_strerror(res->rc) : err_msg();
		c->config_error = xasprintf("slurm.conf not committed: %s", msg);
		log_err("applying slurm.conf failed: %s", msg);
		rc = status == RNODE_ENOSPACE ? OP_ENOSPACE : OP_EFAIL;
	} else {
		log_info("slurm.conf applied: %u nodes, %u partitions (config version %u)",
			 c->st->nnodes, c->st->nparts, c->st->config_version);
	}
	for (uint32_t i = 0; i < c->st->nnodes; i++) {
		const struct node *n = &c->st->nodes[i];

		if (n->flags & NODE_FLAG_REMOVING)
			log_info("node %s is not in slurm.conf; drained until "
				 "its %u job(s) end, then removed", n->name,
				 n->njobs);
	}
	if (cb)
		cb(cb_arg, rc, msg);
	free(result);
	ctld_sync_soft(c);
	sched_request(c);
	forward_kick(c);   /* requests that waited for a usable model */
}

int ctld_config_sync(struct ctld *c, bool force,
		     void (*cb)(void *, int, const char *), void *arg)
{
	buf_t *b;
	uint64_t h;

	if (!c->leader || c->config_proposed)
		return 1;
	b = config_command(c, time(NULL));
	h = state_config_hash(b->data, buf_len(b));
	if (h == c->st->config_hash && !force) {
		buf_free(b);
		return 1;
	}
	c->config_proposed = true;
	c->config_cb = cb;
	c->config_cb_arg = arg;
	ctld_propose(c, b, config_done, c);
	return 0;
}

/* The leader brings the model's configuration in line with slurm.conf. */
static void config_sync(struct ctld *c)
{
	ctld_config_sync(c, false, NULL, NULL);
}

/* The model's job hook: metrics on every controller, mail from the
 * leader (mail.c decides). */
static void job_hook(void *arg, const struct job *j, enum job_event ev,
		     time_t now)
{
	metrics_job_hook(arg, j, ev, now);
	mail_job_event(arg, j, ev, now);
}

/* The barrier committed: the model holds everything any earlier leader
 * committed, so this controller may now answer, schedule and talk to the
 * node daemons. */
static void become_leader(struct ctld *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	c->leader = true;
	c->leader_since = time(NULL);
	mail_leader_changed(c, c->leader_since);
	/* records show the scheduler's estimates on the leader only */
	ctld_jobs_changed(c, 0);
	log_info("leader for term %llu (serving %.0f ms after the election)",
		 (unsigned long long)c->term,
		 (double)(now.tv_sec - c->elected_at.tv_sec) * 1e3 +
		 (double)(now.tv_nsec - c->elected_at.tv_nsec) / 1e6);
	ctld_drop_soft(c);
	ctld_sync_soft(c);
	config_sync(c);
	/* slurm.conf may have changed while no controller led: waiting
	 * jobs take its memory limits and defaults, as at a reconfigure */
	(void)op_jobs_mem_limits(c);
	sched_request(c);
	events_leadership(c);
}

static void start_barrier(struct ctld *c);

static void serve_delayed(evutil_socket_t fd, short what, void *arg)
{
	struct ctld *c = arg;

	event_free(c->serve_delay_ev);
	c->serve_delay_ev = NULL;
	if (!c->stopping && rnode_is_leader(c->raft) && !c->leader)
		become_leader(c);
	forward_kick(c);
}

/* Tests only: FLURM_TEST_SERVE_DELAY_MS=N makes a new leader wait N ms
 * between its barrier's commit and serving, so that tests can send it
 * requests in that window. True when the wait started. */
static bool test_serve_delay(struct ctld *c)
{
	const char *v = getenv("FLURM_TEST_SERVE_DELAY_MS");
	long ms = v ? strtol(v, NULL, 10) : 0;
	struct timeval tv;

	if (ms <= 0 || c->serve_delay_ev)
		return ms > 0;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	c->serve_delay_ev = evtimer_new(c->base, serve_delayed, c);
	evtimer_add(c->serve_delay_ev, &tv);
	log_info("barrier committed; serving in %ld ms (FLURM_TEST_SERVE_DELAY_MS)",
		 ms);
	return true;
}

static void barrier_done(void *arg, int status)
{
	struct ctld *c = arg;

	c->barrier_pending = false;
	if (c->stopping)
		return;
	if (status == RNODE_OK && rnode_is_leader(c->raft) && !c->leader &&
	    test_serve_delay(c))
		return;
	if (status == RNODE_OK && rnode_is_leader(c->raft) && !c->leader)
		become_leader(c);
	else if (status != RNODE_OK)
		log_debug("leadership barrier: %s", rnode_strerror(status));
	/* a refused barrier (full disk) is tried again by the tick */
	forward_kick(c);
}

static void start_barrier(struct ctld *c)
{
	if (c->barrier_pending || c->leader || c->serve_delay_ev ||
	    !rnode_is_leader(c->raft))
		return;
	/* Everything in our log applied (a one-voter start, a quiet
	 * cluster): the model is current already. Without this a full state
	 * directory, where no barrier can be written, would keep a leader
	 * from serving even reads. */
	if (rnode_applied_all(c->raft)) {
		if (test_serve_delay(c))
			return;
		become_leader(c);
		forward_kick(c);
		return;
	}
	c->barrier_pending = true;
	rnode_barrier(c->raft, barrier_done, c);
}

static void on_raft_state(void *arg, enum rnode_role role, uint64_t leader_id,
			  uint64_t term)
{
	struct ctld *c = arg;

	c->term = term;
	if (role == RNODE_LEADER && !c->leader && !c->barrier_pending) {
		clock_gettime(CLOCK_MONOTONIC, &c->elected_at);
		log_info("elected leader for term %llu; committing a barrier "
			 "before serving", (unsigned long long)term);
		start_barrier(c);
	} else if (role != RNODE_LEADER && c->leader) {
		c->leader = false;
		mail_leader_changed(c, 0);
		c->prio_skip = 0;
		ctld_jobs_changed(c, 0);
		log_warn("no longer leader (term %llu, leader %llu)",
			 (unsigned long long)term, (unsigned long long)leader_id);
		nodes_leader_changed(c);
		events_leadership(c);
	}
	forward_kick(c);
}

/* A full state directory ends by itself when space comes back: then
 * commit what waited for it (slurm.conf, scheduling decisions). Job ends
 * the nodes reported meanwhile were not acknowledged; the node daemons
 * send them again. */
static void disk_watch(struct ctld *c)
{
	struct rnode_disk d;

	if (!c->raft)
		return;
	rnode_disk(c->raft, &d);
	if (!d.writable) {
		c->disk_full = true;
		return;
	}
	/* A refusal since the last look means the disk was full even if
	 * no tick saw it (space may come back within the second). */
	if (!c->disk_full && d.refused == c->disk_refused_seen)
		return;
	c->disk_full = false;
	c->disk_refused_seen = d.refused;
	if (!c->leader)
		return;
	config_sync(c);
	nodes_retry_deferred(c);
	sched_request(c);
}

/* A snapshot writes every job: with many jobs it comes after as many
 * more entries (one per 16 jobs, at least snapshot_threshold), so that
 * its cost per entry stays what it is with a few thousand jobs and does
 * not grow with the queue. Only how long the log gets changes; every
 * entry is on disk before it is acknowledged either way. */
static void snapshot_pace(struct ctld *c)
{
	unsigned want = c->conf->snapshot_threshold;

	if (c->st->njobs / 16 > want)
		want = c->st->njobs / 16;
	if (c->raft && want != c->snapshot_every) {
		rnode_set_snapshot_threshold(c->raft, want);
		c->snapshot_every = want;
	}
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct ctld *c = arg;
	time_t now = time(NULL);

	log_limit_flush();
	if (c->stopping)
		return;
	mail_tick(c, now);
	disk_watch(c);
	snapshot_pace(c);
	if (!c->leader) {
		start_barrier(c);
		return;
	}
	ctld_sync_soft(c);
	nodes_check_liveness(c, now);
	nodes_remove_idle(c, now);
	nodes_reboot(c, now);
	nodes_reconcile(c, now);
	sched_tick(c, now);
	mail_time_check(c, now);
}

static void on_close_done(void *arg)
{
	struct ctld *c = arg;

	event_base_loopbreak(c->base);
}

static void stop_now(struct ctld *c);

static void on_drain(evutil_socket_t fd, short what, void *arg)
{
	struct ctld *c = arg;
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - c->drain_t0.tv_sec) * 1000 +
	     (now.tv_nsec - c->drain_t0.tv_nsec) / 1000000;
	if (c->once_waiting || forward_count(c)) {
		if (ms < STOP_DRAIN_MS) {
			struct timeval tv = { 0, 20000 };

			evtimer_add(c->drain_ev, &tv);
			return;
		}
		log_warn("stopping with %u change(s) and %u forwarded "
			 "request(s) still unanswered after %u ms",
			 c->once_waiting, forward_count(c), STOP_DRAIN_MS);
	} else if (ms > 0) {
		log_info("answered what clients waited for in %ld ms", ms);
	}
	stop_now(c);
}

/* Stop taking requests, then let the changes clients wait for end, so
 * that none is answered "error" although it may commit (a client that
 * hears an error may submit again): a commit answers them, and a change
 * whose leader moved meanwhile is sent to the next one. */
static void stop(struct ctld *c)
{
	if (c->draining)
		return;
	c->draining = true;
	slurm_listen_close(c);
	clock_gettime(CLOCK_MONOTONIC, &c->drain_t0);
	c->drain_ev = evtimer_new(c->base, on_drain, c);
	on_drain(-1, 0, c);
}

static void stop_now(struct ctld *c)
{
	c->stopping = true;
	/* answered now, while their callers' connections are still open */
	op_node_waits_end(c);
	op_cluster_transfers_end(c);
	forward_close_all(c);
	admin_fwd_close_all(c);
	slurm_listen_close(c);
	nodes_close(c);
	/* client connections stay until the loop ends: a request whose
	 * commit completes while Raft closes still gets its answer */
	http_close(c);
	admin_listen_close(c);
	rnode_close(c->raft, on_close_done, c);
}

/* The handover before a leader stops: over (done or timed out). */
static void handover_over(struct ctld *c)
{
	if (c->handover_ev) {
		event_free(c->handover_ev);
		c->handover_ev = NULL;
	}
	if (!c->stopping)
		stop(c);
}

static void handover_done(void *arg, int rc, const char *msg)
{
	struct ctld *c = arg;

	if (rc == OP_OK)
		log_info("leadership handed over; stopping");
	else
		log_warn("leadership not handed over (%s); stopping anyway",
			 msg ? msg : op_strerror(rc));
	handover_over(c);
}

static void handover_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct ctld *c = arg;

	log_warn("leadership did not move within %u ms; stopping anyway",
		 HANDOVER_MS);
	handover_over(c);
}

/* A leader stopped on purpose hands over first, so that clients wait for
 * a transfer (milliseconds), not for an election timeout. */
static bool handover(struct ctld *c)
{
	struct op_ctx ctx = {
		.uid = 0,
		.is_operator = true,
		.peer = "SIGTERM",
		.done = handover_done,
		.arg = c,
	};
	struct timeval tv = { HANDOVER_MS / 1000, (HANDOVER_MS % 1000) * 1000 };

	/* members may have joined since start: ask Raft, not the config */
	if (!c->leader || rnode_members(c->raft, NULL, 0) < 2)
		return false;
	c->handover_ev = evtimer_new(c->base, handover_timeout, c);
	evtimer_add(c->handover_ev, &tv);
	if (op_cluster_transfer(c, &ctx, 0) != 0) {
		log_warn("cannot hand leadership over before stopping: %s",
			 err_msg());
		event_free(c->handover_ev);
		c->handover_ev = NULL;
		return false;
	}
	return true;
}

static void on_stop_signal(evutil_socket_t sig, short what, void *arg)
{
	struct ctld *c = arg;

	if (c->stopping || c->draining || c->handover_ev)
		return;
	log_info("caught %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	if (handover(c))
		return;
	stop(c);
}

static void on_shutdown(evutil_socket_t fd, short what, void *arg)
{
	struct ctld *c = arg;

	if (!c->stopping)
		stop(c);
}

void ctld_shutdown(struct ctld *c)
{
	struct timeval soon = { 0, 200000 };

	if (c->stopping)
		return;
	log_info("shutting down on request");
	/* a moment for the answer to reach the client first */
	event_base_once(c->base, -1, EV_TIMEOUT, on_shutdown, c, &soon);
}

static void hup_done(void *arg, int rc, const char *msg)
{
	if (rc != OP_OK)
		log_err("reconfigure after SIGHUP: %s", msg ? msg : op_strerror(rc));
}

int ctld_reconfigure(struct ctld *c)
{
	struct op_ctx ctx = {
		.uid = 0,
		.is_operator = true,
		.peer = "SIGHUP",
		.done = hup_done,
	};
	struct conf_changes d;
	int rc = op_reconfigure(c, &ctx, NULL, &d);

	conf_changes_free(&d);
	if (rc != 0) {
		log_err("%s", err_msg());
		return -1;
	}
	return 0;
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	struct ctld *c = arg;

	if (log_reopen() < 0)
		log_err("%s", err_msg());
	else
		log_info("caught SIGHUP, log file reopened");
	ctld_reconfigure(c);
}

static int raft_start(struct ctld *c)
{
	struct flurmctld_conf *cf = c->conf;
	struct rnode_config rc;
	struct rnode_peer *peers = NULL;
	struct rnode_fsm fsm = {
		.data = c,
		.apply = fsm_apply,
		.snapshot = fsm_snapshot,
		.restore = fsm_restore,
		.free_result = fsm_free_result,
	};
	char *self = xasprintf("%s:%u", cf->raft_addr, cf->raft_port);
	char *dir = xasprintf("%s/raft", cf->state_dir);

	memset(&rc, 0, sizeof(rc));
	rc.id = cf->raft_id;
	rc.address = self;
	rc.data_dir = dir;
	if (cf->npeers) {
		peers = xcalloc(cf->npeers + 1, sizeof(*peers));
		peers[0].id = cf->raft_id;
		peers[0].address = self;
		for (size_t i = 0; i < cf->npeers; i++) {
			peers[i + 1].id = cf->peers[i].id;
			peers[i + 1].address = cf->peers[i].addr;
		}
		rc.peers = peers;
		rc.n_peers = cf->npeers + 1;
	}
	rc.join = cf->join;
	rc.election_timeout_ms = cf->election_timeout_ms;
	rc.heartbeat_timeout_ms = cf->heartbeat_timeout_ms;
	rc.snapshot_threshold = cf->snapshot_threshold;
	rc.snapshot_trailing = cf->snapshot_trailing;
	rc.min_free_bytes = (uint64_t)cf->state_min_free_mb << 20;
	c->raft = rnode_create(c->base, &rc, &fsm);
	free(peers);
	free(self);
	free(dir);
	if (!c->raft)
		return -1;
	log_info("state loaded: %u jobs, next job id %u", c->st->njobs,
		 c->st->next_job_id);
	rnode_set_state_cb(c->raft, on_raft_state, c);
	return 0;
}

/* Descriptors kept back from max_connections = 0 (auto) for Raft peers,
 * munged, the state directory and the log. */
#define FD_RESERVE 64

/* The limits every listener shares. The descriptor limit is raised to
 * its hard maximum, as slurmctld does; max_connections 0 means what then
 * fits under it. */
static struct lpool *listen_pool(struct ctld *c)
{
	const struct flurmctld_conf *cf = c->conf;
	struct climit_limits lim = {
		.max_conns = cf->max_connections,
		.max_per_peer = cf->max_connections_per_peer,
		.request_timeout_ms = cf->request_timeout * 1000,
		.max_unauth_bytes = cf->max_unauth_buffer,
	};
	struct rlimit rl;
	rlim_t fit = 0;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		fit = rl.rlim_cur > 2 * FD_RESERVE ? rl.rlim_cur - FD_RESERVE :
			rl.rlim_cur / 2;
		if (fit > 10000000)
			fit = 10000000;
	}
	if (!lim.max_conns)
		lim.max_conns = (uint32_t)fit;
	else if (fit && lim.max_conns > fit)
		log_warn("max_connections = %u is more than the descriptor "
			 "limit allows (%llu); accepting will shed load when "
			 "descriptors run out", lim.max_conns,
			 (unsigned long long)fit);
	log_info("connections: at most %u (%u per peer), %u s for a whole "
		 "request, %u bytes for unauthenticated ones together",
		 lim.max_conns, lim.max_per_peer, cf->request_timeout,
		 cf->max_unauth_buffer);
	return lpool_new(c->base, &lim);
}

static int mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			err_set_errno("cannot create '%s'", p);
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST) {
		err_set_errno("cannot create '%s'", p);
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

/* Why Raft may have failed to start: a state directory too small even to
 * bootstrap says so in words, next to c-raft's own message. */
static const char *state_dir_hint(const struct flurmctld_conf *conf)
{
	static char hint[200];
	struct statvfs sv;
	uint64_t free_b;

	hint[0] = '\0';
	if (statvfs(conf->state_dir, &sv) < 0)
		return hint;
	free_b = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
	if (free_b < ((uint64_t)conf->state_min_free_mb << 20) ||
	    free_b < (1u << 20))
		snprintf(hint, sizeof(hint),
			 " (state directory %s has %llu kB free; "
			 "state_min_free_mb is %u)", conf->state_dir,
			 (unsigned long long)(free_b >> 10),
			 conf->state_min_free_mb);
	return hint;
}

int ctld_run(struct flurmctld_conf *conf, struct slurm_conf *sc)
{
	struct ctld *c = xcalloc(1, sizeof(*c));
	struct timeval one = { 1, 0 };
	int rc = 1;

	/* Replies to squeue and Raft snapshots are large and short-lived.
	 * A fixed mmap threshold makes glibc map them and give them back on
	 * free, instead of raising the threshold and keeping the memory in
	 * the heap for good. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	c->conf = conf;
	c->sc = sc;
	c->slurm_conf_path = xstrdup(conf->slurm_conf);
	c->st = state_new();
	c->jobinfo = jobinfo_cache_new();
	c->nodes_changed = time(NULL);
	c->st->job_hook = job_hook;
	c->st->job_hook_arg = c;
	config_apply_policy(c);
	/* checked with the file (ctld_conf_check) */
	(void)config_debug_flags(sc, &c->debug_flags);
	if (slurm_conf_slurm_uid(sc, &c->slurm_uid) < 0) {
		log_warn("%s; only root may act as operator", err_msg());
		c->slurm_uid = 0;
	}
	if (mkdir_p(conf->state_dir, 0700) < 0) {
		log_err("%s", err_msg());
		goto out;
	}
	{
		/* libevent's default coarse clock moves timers in ~4 ms
		 * steps; Raft's pump timer wants better. The changelist
		 * folds a connection's event changes within one turn of
		 * the loop (read off, write on, freed) into at most one
		 * epoll_ctl; no descriptor here is dup()ed, which is what
		 * it cannot tell apart. */
		struct event_config *ec = event_config_new();

		event_config_set_flag(ec, EVENT_BASE_FLAG_PRECISE_TIMER |
				      EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
		c->base = event_base_new_with_config(ec);
		event_config_free(ec);
	}
	if (!c->base) {
		log_err("cannot create the event loop");
		goto out;
	}
	if (conf->auth == CONF_AUTH_NONE || sc->auth_type == SLURM_CONF_AUTH_NONE)
		log_warn("auth/none: every uid a client claims is believed; "
			 "for tests only");
	c->auth = auth_create(conf->auth == CONF_AUTH_NONE ||
			      sc->auth_type == SLURM_CONF_AUTH_NONE ?
			      AUTH_NONE : AUTH_MUNGE, sc->munge_socket);
	if (!c->auth) {
		log_err("authentication: %s", err_msg());
		goto out;
	}
	c->authq = authq_create(c->base, c->auth, CTLD_AUTH_THREADS);
	if (!c->authq) {
		log_err("authentication: %s", err_msg());
		goto out;
	}
	events_init(c);
	if (raft_start(c) < 0) {
		log_err("raft: %s%s", err_msg(), state_dir_hint(conf));
		goto out;
	}
	c->lpool = listen_pool(c);
	c->started = time(NULL);
	c->conf_loaded = c->started;
	c->stats = stats_new(c->started);
	if (slurm_listen(c) < 0 || nodes_listen(c) < 0 || http_listen(c) < 0 ||
	    admin_listen(c) < 0 || sched_init(c) < 0) {
		log_err("%s", err_msg());
		goto out;
	}
	c->tick = event_new(c->base, -1, EV_PERSIST, on_tick, c);
	event_add(c->tick, &one);
	c->sig_term = evsignal_new(c->base, SIGTERM, on_stop_signal, c);
	c->sig_int = evsignal_new(c->base, SIGINT, on_stop_signal, c);
	c->sig_hup = evsignal_new(c->base, SIGHUP, on_hup, c);
	event_add(c->sig_term, NULL);
	event_add(c->sig_int, NULL);
	event_add(c->sig_hup, NULL);
	mail_init(c);
	log_info("flurmctld %s started: config %s, Slurm port %u, node port %u, "
		 "metrics port %u, raft %s:%u, admin socket %s", FLURM_VERSION,
		 conf->path ? conf->path : "(built-in defaults)",
		 sc->slurmctld_port, conf->node_port, conf->metrics_port,
		 conf->raft_addr, conf->raft_port, conf->admin_socket);
	daemon_ready();
	event_base_dispatch(c->base);
	log_info("flurmctld stopped");
	rc = 0;
out:
	if (c->raft)
		rnode_destroy(c->raft);
	slurm_listen_close(c);
	nodes_close(c);
	lpool_free(c->lpool);
	authq_destroy(c->authq);
	http_close(c);
	admin_listen_close(c);
	events_close(c);
	if (c->tick)
		event_free(c->tick);
	if (c->sched_ev)
		event_free(c->sched_ev);
	if (c->sched_tmr)
		event_free(c->sched_tmr);
	if (c->begin_tmr)
		event_free(c->begin_tmr);
	if (c->handover_ev)
		event_free(c->handover_ev);
	if (c->serve_delay_ev)
		event_free(c->serve_delay_ev);
	if (c->drain_ev)
		event_free(c->drain_ev);
	if (c->prio_skip_ev)
		event_free(c->prio_skip_ev);
	if (c->sig_term)
		event_free(c->sig_term);
	if (c->sig_int)
		event_free(c->sig_int);
	if (c->sig_hup)
		event_free(c->sig_hup);
	mail_free(c);
	auth_destroy(c->auth);
	if (c->metrics)
		metrics_free(c->metrics);
	state_free(c->st);
	jobinfo_cache_free(c->jobinfo);
	ctld_drop_soft(c);
	free(c->config_error);
	free(c->timeouts_sent);
	free(c->slurm_conf_path);
	if (c->base)
		event_base_free(c->base);
	stats_free(c->stats);
	slurm_conf_free(c->sc);
	groups_flush();
	free(c);
	return rc;
}
