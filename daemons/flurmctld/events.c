/* events.c - the admin event stream (lib/wire/admin.h describes the
 * protocol): after every applied command, the jobs, nodes and partitions
 * whose committed state changed become numbered events, kept in a bounded
 * ring for clients that resume, and written to each subscriber without
 * ever blocking: a subscriber that does not read gets only the newest
 * state of each object, and is dropped when even that passes a bound.
 * Connections and the subscribe request are rpc_admin.c's; the queues are
 * lib/wire/evring's. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "wire/admin.h"
#include "wire/evring.h"
#include "wire/wire.h"

#define RING_ITEMS    16384             /* events kept for resuming */
#define RING_BYTES    (4u << 20)
/* Per subscriber, from event_client_buffer (B): past B bytes queued,
 * coalesce; below B/4, flush what was coalesced; past 8 B coalesced (or
 * COAL_ITEMS objects), drop. The kernel's send buffer is held to B too. */
#define COAL_ITEMS    32768
/* Subscribers are written to at most once per flush interval: the first
 * event after a quiet spell goes out at once (in the next loop turn),
 * later ones wait for the rest of the interval and share one write.
 * Waking 50 reading processes for every event was most of the cost of
 * subscribers, and with a write every 5 ms to each of 50 it still was
 * (bench/admin: a write and the reader's wakeup cost about 13 us, 10,000
 * of them a second). So the interval grows with the subscribers: FLUSH_US,
 * or FLUSH_PER_SUB_US for each, at most FLUSH_MAX_US; the writes a second
 * stay about 1000 however many subscribe, and an event waits longer (50 ms
 * at most with 50 subscribers, 5 ms with up to 5). */
#define FLUSH_US          5000
#define FLUSH_PER_SUB_US  1000
#define FLUSH_MAX_US      100000

/* What a commit is compared against: a fingerprint of each object's
 * committed fields as of the last event. */
struct seen {
	char *key;                 /* node/partition name; NULL for jobs */
	uint32_t id;               /* job id */
	uint64_t fp;
};

struct esub {
	struct events *ev;
	struct bufferevent *bev;
	uint32_t topics;
	bool is_operator;
	struct evcoal *coal;       /* non-NULL while coalescing */
	struct evbuffer *batch;    /* events since the last flush */
	struct event *metrics_tmr;
	struct event *kill_ev;     /* drops the client from the event loop */
	bool dead;                 /* being dropped: send nothing more */
	bool resumed;              /* the ring had every event after SINCE */
	/* A snapshot's jobs go out as the client reads them, from job id
	 * SNAP_NEXT on; changes meanwhile wait in COAL (newest per object). */
	bool snapping;
	uint32_t snap_next;
	uint64_t snap_seq;
	uint64_t since;
	void (*drop)(void *arg);
	void *arg;
	struct esub *next;
};

struct events {
	struct ctld *c;
	struct evring *ring;
	uint64_t epoch;
	struct seen *jobs;         /* sorted by id, like st->jobs */
	size_t njobs, jobs_cap;
	struct seen *nodes, *parts;
	size_t nnodes, nparts;
	uint32_t config_version;
	struct esub *subs;
	uint32_t nsubs;
	struct event *flush_ev;    /* moves every batch to its connection */
	uint64_t last_flush;       /* us */
	uint64_t dropped, coalesced;
	size_t out_high;           /* event_client_buffer in bytes */
};

static uint64_t now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

/* ---- fingerprints ---------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

static uint64_t mix_s(uint64_t h, const char *s)
{
	if (!s)
		return mix(h, 0x5a5a);
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return mix(h, 0);
}

/* J as a subscriber sees it, its dependency as judged in ST included. */
static uint64_t job_fp(const struct state *st, const struct job *j)
{
	uint64_t h = 1469598103934665603ull;

	if (j->ndeps && j->state == JOB_ST_PENDING) {
		char *dep = depend_string(st, j, time(NULL));

		h = mix_s(h, dep);
		free(dep);
	}

	h = mix(h, j->state);
	h = mix(h, j->reason);
	h = mix(h, j->completing);
	h = mix(h, j->configuring);
	h = mix(h, j->priority);
	h = mix(h, j->alloc_cpus);
	h = mix(h, j->time_limit);
	h = mix(h, (uint64_t)j->start_time);
	h = mix(h, (uint64_t)j->end_time);
	h = mix(h, (uint64_t)(uint32_t)j->exit_status);
	h = mix(h, j->restarts);
	h = mix(h, j->min_nodes);
	h = mix_s(h, j->nodes);
	h = mix_s(h, j->name);
	h = mix_s(h, j->partition);
	return mix_s(h, j->comment);
}

static uint64_t node_fp(const struct node *n)
{
	uint64_t h = 1469598103934665603ull;

	h = mix(h, n->base);
	h = mix(h, n->flags);
	h = mix(h, node_cpus_held(n));
	h = mix(h, n->alloc_mem_mb);
	h = mix(h, n->njobs);
	h = mix(h, n->cpus);
	h = mix(h, n->memory_mb);
	h = mix(h, (uint64_t)n->boot_time);
	h = mix(h, n->weight);
	h = mix(h, (uint64_t)n->reason_time);
	h = mix_s(h, n->reason);
	h = mix_s(h, n->features);
	h = mix_s(h, n->features_act);
	h = mix_s(h, n->comment);
	h = mix_s(h, n->extra);
	h = mix(h, (uint64_t)n->reboot << 32 | n->next_state);
	return mix_s(h, n->addr);
}

static uint64_t part_fp(const struct partition *p)
{
	uint64_t h = 1469598103934665603ull;

	h = mix(h, p->state);
	h = mix(h, p->is_default);
	h = mix(h, p->hidden);
	h = mix(h, p->max_time);
	h = mix(h, p->default_time);
	h = mix(h, p->max_nodes);
	h = mix(h, p->min_nodes);
	h = mix(h, p->priority_tier);
	h = mix_s(h, p->nodes);
	return mix_s(h, p->allow_groups);
}

static const char *part_state(uint32_t s)
{
	switch (s) {
	case PART_STATE_UP: return "UP";
	case PART_STATE_DOWN: return "DOWN";
	case PART_STATE_DRAIN: return "DRAIN";
	case PART_STATE_INACTIVE: return "INACTIVE";
	default: return "UNKNOWN";
	}
}

static void part_record(const struct partition *pt, struct admin_rec *r)
{
	wire_admin_rec_str(r, "name", pt->name);
	wire_admin_rec_str(r, "state", part_state(pt->state));
	wire_admin_rec_bool(r, "default", pt->is_default);
	wire_admin_rec_bool(r, "hidden", pt->hidden);
	wire_admin_rec_str(r, "nodes", pt->nodes);
	wire_admin_rec_int(r, "total_nodes", pt->node_bits ?
			   (int64_t)bit_count(pt->node_bits) : 0);
	wire_admin_rec_int(r, "max_time", pt->max_time == STATE_INFINITE ?
			   -1 : (int64_t)pt->max_time);
	wire_admin_rec_int(r, "max_nodes", pt->max_nodes == STATE_INFINITE ?
			   -1 : (int64_t)pt->max_nodes);
	wire_admin_rec_int(r, "priority_tier", pt->priority_tier);
	wire_admin_rec_str(r, "allow_groups", pt->allow_groups ?
			   pt->allow_groups : "ALL");
}

/* ---- writing to subscribers ------------------------------------------ */

static void on_kill(evutil_socket_t fd, short what, void *arg)
{
	struct esub *s = arg;

	/* frees S through events_unsubscribe() */
	s->drop(s->arg);
}

/* Give up on S. Its connection is closed from the event loop, not from
 * here: the caller may be inside the connection's own request. */
static void sub_drop(struct esub *s, const char *why)
{
	struct timeval now = { 0, 0 };

	log_warn("event subscriber dropped: %s", why);
	s->ev->dropped++;
	s->dead = true;
	evcoal_free(s->coal);
	s->coal = NULL;
	evtimer_add(s->kill_ev, &now);
}

static bool sub_room(const struct esub *s)
{
	return evbuffer_get_length(bufferevent_get_output(s->bev)) +
	       evbuffer_get_length(s->batch) < s->ev->out_high;
}

static uint64_t flush_interval(const struct events *ev)
{
	uint64_t us = (uint64_t)ev->nsubs * FLUSH_PER_SUB_US;

	return us < FLUSH_US ? FLUSH_US : us > FLUSH_MAX_US ? FLUSH_MAX_US : us;
}

static void queue_write(struct esub *s, const void *data, size_t len)
{
	evbuffer_add(s->batch, data, len);
	if (!evtimer_pending(s->ev->flush_ev, NULL)) {
		uint64_t now = now_us();
		uint64_t due = s->ev->last_flush + flush_interval(s->ev);
		struct timeval tv = { 0, due > now ? (suseconds_t)(due - now) : 0 };

		evtimer_add(s->ev->flush_ev, &tv);
	}
}

/* Queue one event for S (written with the next flush), or keep only the
 * newest per object while S does not read. Returns -1 when S is being
 * dropped (it is freed from the event loop). */
static int sub_send(struct esub *s, const struct ev_item *it)
{
	if (s->dead)
		return -1;
	/* as `partitions` and sinfo without -a: Hidden ones are for
	 * operators (a removed one's REMOVE goes to everyone) */
	if (it->topic == ADMIN_TOPIC_PARTITIONS && !s->is_operator && it->key) {
		const struct partition *pt = state_part(s->ev->c->st, it->key);

		if (pt && pt->hidden)
			return 0;
	}
	if (!s->coal && !s->snapping && sub_room(s)) {
		queue_write(s, it->data, it->len);
		return 0;
	}
	if (!s->coal && s->snapping) {
		s->coal = evcoal_new(COAL_ITEMS, 8 * s->ev->out_high);
	} else if (!s->coal) {
		s->coal = evcoal_new(COAL_ITEMS, 8 * s->ev->out_high);
		s->ev->coalesced++;
		log_info("event subscriber does not keep up; sending only the "
			 "newest state of each object until it does");
	}
	if (evcoal_put(s->coal, it->seq, it->topic, it->key, it->data,
		       it->len) < 0) {
		sub_drop(s, "it did not read its events and its buffer is full");
		return -1;
	}
	return 0;
}

static void on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct events *ev = arg;

	ev->last_flush = now_us();
	for (struct esub *s = ev->subs; s; s = s->next) {
		if (s->dead || !evbuffer_get_length(s->batch))
			continue;
		/* written at once when nothing waits before it, as is usual:
		 * no write event to arm now and disarm in the next turn. Not
		 * while coalescing or sending a snapshot: those go on when
		 * the bufferevent reports its output drained, so it must
		 * carry what is written. */
		if (!s->coal && !s->snapping &&
		    !evbuffer_get_length(bufferevent_get_output(s->bev)))
			evbuffer_write(s->batch, bufferevent_getfd(s->bev));
		if (evbuffer_get_length(s->batch))
			bufferevent_write_buffer(s->bev, s->batch);
	}
}

static int send_cb(void *arg, const struct ev_item *it)
{
	struct esub *s = arg;

	if (!(s->topics & ADMIN_TOPIC_BIT(it->topic)) &&
	    it->topic != ADMIN_TOPIC_NONE)
		return 0;
	return sub_send(s, it) < 0 ? -1 : 0;
}

/* Encode one event into a whole frame. */
static buf_t *encode(uint64_t seq, uint64_t t, uint8_t topic, uint8_t kind,
		     const char *key, struct admin_rec *rec)
{
	struct wire_admin_event e;
	buf_t *b = wire_frame_begin(WIRE_ADMIN_EVENT);

	memset(&e, 0, sizeof(e));
	e.seq = seq;
	e.time_us = t;
	e.topic = topic;
	e.kind = kind;
	e.key = (char *)key;
	if (rec)
		e.rec = *rec;
	wire_pack_admin_event(b, &e);
	wire_frame_end(b);
	return b;
}

/* A committed change: number it, keep it, send it. REC is consumed. */
static void publish(struct events *ev, uint8_t topic, uint8_t kind,
		    const char *key, struct admin_rec *rec, uint64_t t)
{
	uint64_t seq = evring_last(ev->ring) + 1;
	buf_t *b = encode(seq, t, topic, kind, key, rec);
	struct ev_item it = { .seq = seq, .topic = topic, .key = (char *)key,
			      .data = b->data, .len = buf_len(b) };
	struct esub *s, *next;

	evring_push(ev->ring, seq, topic, key, b->data, buf_len(b));
	for (s = ev->subs; s; s = next) {
		next = s->next;
		if (s->topics & ADMIN_TOPIC_BIT(topic))
			sub_send(s, &it);
	}
	buf_free(b);
	if (rec)
		wire_admin_rec_free(rec);
}

/* ---- diffing the model ----------------------------------------------- */

static void diff_jobs(struct events *ev, uint64_t t)
{
	const struct state *st = ev->c->st;
	struct seen *old = ev->jobs, *nw;
	size_t nold = ev->njobs, i = 0, k = 0, n = 0;
	char key[16];

	nw = xcalloc(st->njobs ? st->njobs : 1, sizeof(*nw));
	while (i < nold || k < st->njobs) {
		const struct job *j = k < st->njobs ? st->jobs[k] : NULL;

		if (j && (i == nold || j->id < old[i].id)) {
			/* new job */
			struct admin_rec rec = { 0 };

			nw[n].id = j->id;
			nw[n++].fp = job_fp(ev->c->st, j);
			snprintf(key, sizeof(key), "%u", j->id);
			admin_job_record(ev->c->st, j, &rec);
			publish(ev, ADMIN_TOPIC_JOBS, ADMIN_EV_CHANGE, key, &rec, t);
			k++;
		} else if (!j || old[i].id < j->id) {
			/* purged */
			snprintf(key, sizeof(key), "%u", old[i].id);
			publish(ev, ADMIN_TOPIC_JOBS, ADMIN_EV_REMOVE, key, NULL, t);
			i++;
		} else {
			uint64_t fp = job_fp(ev->c->st, j);

			nw[n].id = j->id;
			nw[n++].fp = fp;
			if (fp != old[i].fp) {
				struct admin_rec rec = { 0 };

				snprintf(key, sizeof(key), "%u", j->id);
				admin_job_record(ev->c->st, j, &rec);
				publish(ev, ADMIN_TOPIC_JOBS, ADMIN_EV_CHANGE,
					key, &rec, t);
			}
			i++;
			k++;
		}
	}
	free(old);
	ev->jobs = nw;
	ev->njobs = n;
	ev->jobs_cap = st->njobs ? st->njobs : 1;
}

static void seen_free(struct seen *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].key);
	free(s);
}

static long seen_find(const struct seen *s, size_t n, size_t hint,
		      const char *key)
{
	if (hint < n && s[hint].key && !strcmp(s[hint].key, key))
		return (long)hint;
	for (size_t i = 0; i < n; i++)
		if (s[i].key && !strcmp(s[i].key, key))
			return (long)i;
	return -1;
}

/* Nodes and partitions, matched by name (a reload may move indexes). */
static void diff_named(struct events *ev, uint8_t topic, uint64_t t)
{
	struct ctld *c = ev->c;
	const struct state *st = c->st;
	bool nodes = topic == ADMIN_TOPIC_NODES;
	struct seen **oldp = nodes ? &ev->nodes : &ev->parts;
	size_t *noldp = nodes ? &ev->nnodes : &ev->nparts;
	size_t count = nodes ? st->nnodes : st->nparts;
	struct seen *old = *oldp, *nw = xcalloc(count ? count : 1, sizeof(*nw));
	bool *kept = xcalloc(*noldp ? *noldp : 1, sizeof(*kept));

	for (size_t k = 0; k < count; k++) {
		const char *name = nodes ? st->nodes[k].name : st->parts[k].name;
		uint64_t fp = nodes ? node_fp(&st->nodes[k]) : part_fp(&st->parts[k]);

		if (nodes && k < c->nsoft_len && c->nsoft[k].load_known)
			fp = mix(fp, c->nsoft[k].load / 10 + 1);
		long o = seen_find(old, *noldp, k, name);

		nw[k].key = xstrdup(name);
		nw[k].fp = fp;
		if (o >= 0)
			kept[o] = true;
		if (o < 0 || old[o].fp != fp) {
			struct admin_rec rec = { 0 };

			if (nodes)
				admin_node_record(c, (uint32_t)k, &rec);
			else
				part_record(&st->parts[k], &rec);
			publish(ev, topic, ADMIN_EV_CHANGE, name, &rec, t);
		}
	}
	for (size_t i = 0; i < *noldp; i++)
		if (!kept[i])
			publish(ev, topic, ADMIN_EV_REMOVE, old[i].key, NULL, t);
	free(kept);
	seen_free(old, *noldp);
	*oldp = nw;
	*noldp = count;
}

static void config_record(const struct state *st, struct admin_rec *r)
{
	wire_admin_rec_int(r, "config_version", st->config_version);
	wire_admin_rec_int(r, "nodes", st->nnodes);
	wire_admin_rec_int(r, "partitions", st->nparts);
}

/* Only job JOB_ID can have changed: compare it alone. */
static void diff_one_job(struct events *ev, uint32_t id, uint64_t t)
{
	const struct job *j = state_job(ev->c->st, id);
	size_t lo = 0, hi = ev->njobs;
	struct admin_rec rec = { 0 };
	char key[16];
	uint64_t fp;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ev->jobs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!j) {
		if (lo < ev->njobs && ev->jobs[lo].id == id)
			diff_jobs(ev, t);       /* gone: cannot happen, be safe */
		return;
	}
	fp = job_fp(ev->c->st, j);
	if (lo < ev->njobs && ev->jobs[lo].id == id) {
		if (ev->jobs[lo].fp == fp)
			return;
		ev->jobs[lo].fp = fp;
	} else if (lo == ev->njobs) {
		/* a new job: ids only grow, so it goes last */
		xgrow((void **)&ev->jobs, &ev->jobs_cap, ev->njobs + 1,
		      sizeof(*ev->jobs));
		ev->jobs[ev->njobs].id = id;
		ev->jobs[ev->njobs].key = NULL;
		ev->jobs[ev->njobs++].fp = fp;
	} else {
		diff_jobs(ev, t);
		return;
	}
	snprintf(key, sizeof(key), "%u", id);
	admin_job_record(ev->c->st, j, &rec);
	publish(ev, ADMIN_TOPIC_JOBS, ADMIN_EV_CHANGE, key, &rec, t);
}

/* A job that started or left the queue may change what other pending
 * jobs' dependencies show (afterok, singleton, ...): then all jobs are
 * compared, else only the job the command named. */
static bool dependents_moved(const struct state *st, uint32_t job_id)
{
	const struct job *j = state_job(st, job_id);

	if (j && j->state == JOB_ST_PENDING)
		return false;
	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->ndeps && st->jobs[i]->state == JOB_ST_PENDING)
			return true;
	return false;
}

void events_commit(struct ctld *c, uint32_t job_id, bool jobs_only)
{
	struct events *ev = c->ev;
	uint64_t t = now_us();

	if (!ev)
		return;
	if (job_id && !dependents_moved(c->st, job_id))
		diff_one_job(ev, job_id, t);
	else
		diff_jobs(ev, t);
	if (jobs_only)
		return;
	diff_named(ev, ADMIN_TOPIC_NODES, t);
	diff_named(ev, ADMIN_TOPIC_PARTITIONS, t);
	if (c->st->config_version != ev->config_version) {
		struct admin_rec rec = { 0 };

		ev->config_version = c->st->config_version;
		config_record(c->st, &rec);
		publish(ev, ADMIN_TOPIC_CONFIG, ADMIN_EV_CHANGE, "config", &rec, t);
	}
}

void events_nodes(struct ctld *c)
{
	if (c->ev)
		diff_named(c->ev, ADMIN_TOPIC_NODES, now_us());
}

static void leader_record(const struct ctld *c, struct admin_rec *r)
{
	wire_admin_rec_bool(r, "leader", c->leader);
	wire_admin_rec_int(r, "term", (int64_t)c->term);
}

void events_leadership(struct ctld *c)
{
	struct admin_rec rec = { 0 };

	if (!c->ev)
		return;
	leader_record(c, &rec);
	publish(c->ev, ADMIN_TOPIC_LEADERSHIP, ADMIN_EV_CHANGE, "leader", &rec,
		now_us());
}

/* ---- subscribers ----------------------------------------------------- */

/* Send a snapshot event (not kept in the ring: it is this client's). */
static int snap(struct esub *s, uint64_t seq, uint8_t topic, uint8_t kind,
		const char *key, struct admin_rec *rec)
{
	buf_t *b = encode(seq, now_us(), topic, kind, key, rec);
	struct ev_item it = { .seq = seq, .topic = topic, .key = (char *)key,
			      .data = b->data, .len = buf_len(b) };
	int rc = sub_send(s, &it);

	buf_free(b);
	if (rec)
		wire_admin_rec_free(rec);
	return rc;
}

static void snap_jobs(struct esub *s);

/* Nodes, partitions, configuration and leadership at once (few); the jobs
 * (many) as the client reads, then ADMIN_EV_SYNCED. */
static int send_snapshot(struct esub *s)
{
	struct ctld *c = s->ev->c;
	const struct state *st = c->st;
	uint64_t seq = evring_last(s->ev->ring);

	if (s->topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_NODES))
		for (uint32_t i = 0; i < st->nnodes; i++) {
			struct admin_rec rec = { 0 };

			admin_node_record(c, i, &rec);
			if (snap(s, seq, ADMIN_TOPIC_NODES, ADMIN_EV_SNAPSHOT,
				 st->nodes[i].name, &rec) < 0)
				return -1;
		}
	if (s->topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_PARTITIONS))
		for (uint32_t i = 0; i < st->nparts; i++) {
			struct admin_rec rec = { 0 };

			part_record(&st->parts[i], &rec);
			if (snap(s, seq, ADMIN_TOPIC_PARTITIONS, ADMIN_EV_SNAPSHOT,
				 st->parts[i].name, &rec) < 0)
				return -1;
		}
	if (s->topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_CONFIG)) {
		struct admin_rec rec = { 0 };

		config_record(st, &rec);
		if (snap(s, seq, ADMIN_TOPIC_CONFIG, ADMIN_EV_SNAPSHOT, "config",
			 &rec) < 0)
			return -1;
	}
	if (s->topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_LEADERSHIP)) {
		struct admin_rec rec = { 0 };

		leader_record(c, &rec);
		if (snap(s, seq, ADMIN_TOPIC_LEADERSHIP, ADMIN_EV_SNAPSHOT,
			 "leader", &rec) < 0)
			return -1;
	}
	s->snapping = true;
	s->snap_next = 0;
	s->snap_seq = seq;
	snap_jobs(s);
	return 0;
}

/* Send snapshot jobs while S has room; done: SYNCED, then the changes
 * kept meanwhile. */
static void snap_jobs(struct esub *s)
{
	const struct state *st = s->ev->c->st;
	char key[16];

	if (s->topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_JOBS)) {
		uint32_t lo = 0, hi = st->njobs;

		while (lo < hi) {           /* first job with id >= snap_next */
			uint32_t mid = (lo + hi) / 2;

			if (st->jobs[mid]->id < s->snap_next)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < st->njobs; lo++) {
			const struct job *j = st->jobs[lo];
			struct admin_rec rec = { 0 };
			buf_t *b;

			if (!sub_room(s))
				return;             /* events_drained() goes on */
			snprintf(key, sizeof(key), "%u", j->id);
			admin_job_record(st, j, &rec);
			b = encode(s->snap_seq, now_us(), ADMIN_TOPIC_JOBS,
				   ADMIN_EV_SNAPSHOT, key, &rec);
			queue_write(s, b->data, buf_len(b));
			buf_free(b);
			wire_admin_rec_free(&rec);
			s->snap_next = j->id + 1;
		}
	}
	{
		buf_t *b = encode(s->snap_seq, now_us(), ADMIN_TOPIC_NONE,
				  ADMIN_EV_SYNCED, NULL, NULL);

		queue_write(s, b->data, buf_len(b));
		buf_free(b);
	}
	s->snapping = false;
	if (s->coal && sub_room(s)) {
		struct evcoal *q = s->coal;

		s->coal = NULL;
		evcoal_drain(q, send_cb, s);
		evcoal_free(q);
	}
}

static void metrics_record(struct ctld *c, struct admin_rec *r)
{
	const struct state *st = c->st;
	uint32_t jobs[JOB_ST_LAST + 1] = { 0 };
	uint32_t drain = 0, down = 0, idle = 0, cpus = 0, alloc = 0;

	for (uint32_t i = 0; i < st->njobs; i++)
		if (st->jobs[i]->state <= JOB_ST_LAST)
			jobs[st->jobs[i]->state]++;
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *n = &st->nodes[i];

		drain += (n->flags & NODE_FLAG_DRAIN) != 0;
		down += n->base == NODE_ST_DOWN;
		idle += n->base == NODE_ST_IDLE && !(n->flags & NODE_FLAG_DRAIN);
		cpus += n->cpus;
		alloc += node_cpus_held(n);
	}
	wire_admin_rec_int(r, "flurm_jobs_pending", jobs[JOB_ST_PENDING]);
	wire_admin_rec_int(r, "flurm_jobs_running", jobs[JOB_ST_RUNNING]);
	wire_admin_rec_int(r, "flurm_jobs_submitted_total", (int64_t)st->jobs_submitted);
	wire_admin_rec_int(r, "flurm_jobs_completed_total", (int64_t)st->jobs_completed);
	wire_admin_rec_int(r, "flurm_nodes_total", st->nnodes);
	wire_admin_rec_int(r, "flurm_nodes_idle", idle);
	wire_admin_rec_int(r, "flurm_nodes_drain", drain);
	wire_admin_rec_int(r, "flurm_nodes_down", down);
	wire_admin_rec_int(r, "flurm_cpus_total", cpus);
	wire_admin_rec_int(r, "flurm_cpus_alloc", alloc);
	wire_admin_rec_int(r, "flurm_scheduler_cycles_total", (int64_t)c->sched_cycles);
	wire_admin_rec_int(r, "flurm_event_subscribers", c->ev ? c->ev->nsubs : 0);
	wire_admin_rec_int(r, "flurm_event_seq", c->ev ? (int64_t)evring_last(c->ev->ring) : 0);
	wire_admin_rec_int(r, "flurm_event_subscribers_dropped_total",
			   c->ev ? (int64_t)c->ev->dropped : 0);
	wire_admin_rec_bool(r, "leader", c->leader);
}

static void on_metrics(evutil_socket_t fd, short what, void *arg)
{
	struct esub *s = arg;
	struct admin_rec rec = { 0 };

	metrics_record(s->ev->c, &rec);
	snap(s, evring_last(s->ev->ring), ADMIN_TOPIC_METRICS, ADMIN_EV_METRICS,
	     "metrics", &rec);
}

/* "EPOCH:SEQ" */
static int parse_since(const char *s, uint64_t *epoch, uint64_t *seq)
{
	char *end;

	*epoch = strtoull(s, &end, 10);
	if (end == s || *end != ':')
		return -1;
	s = end + 1;
	*seq = strtoull(s, &end, 10);
	return end == s || *end ? -1 : 0;
}

struct esub *events_subscribe(struct ctld *c, const struct events_req *rq,
			      struct wire_admin_reply *rep)
{
	struct events *ev = c->ev;
	struct esub *s;
	uint64_t epoch = 0, since = 0;
	struct admin_rec *r;

	if (rq->since && parse_since(rq->since, &epoch, &since) < 0) {
		err_set("since= takes EPOCH:SEQ as an earlier subscription "
			"reported, not '%s'", rq->since);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->ev = ev;
	s->bev = rq->bev;
	s->topics = rq->topics;
	s->is_operator = rq->is_operator;
	s->drop = rq->drop;
	s->arg = rq->arg;
	s->kill_ev = evtimer_new(c->base, on_kill, s);
	s->batch = evbuffer_new();
	{
		/* what the kernel queues counts against the bound too */
		int sz = (int)(ev->out_high < (1u << 20) ? ev->out_high : (1u << 20));

		setsockopt(bufferevent_getfd(rq->bev), SOL_SOCKET, SO_SNDBUF,
			   &sz, sizeof(sz));
	}
	s->next = ev->subs;
	ev->subs = s;
	ev->nsubs++;
	s->resumed = rq->since && epoch == ev->epoch &&
		     evring_can_resume(ev->ring, since);
	s->since = since;
	r = wire_admin_rec_new(rep);
	wire_admin_rec_int(r, "epoch", (int64_t)ev->epoch);
	wire_admin_rec_int(r, "seq", (int64_t)evring_last(ev->ring));
	wire_admin_rec_bool(r, "resumed", s->resumed);
	if (rq->metrics_secs && (s->topics & ADMIN_TOPIC_BIT(ADMIN_TOPIC_METRICS))) {
		struct timeval tv = { rq->metrics_secs, 0 };

		s->metrics_tmr = event_new(c->base, -1, EV_PERSIST, on_metrics, s);
		event_add(s->metrics_tmr, &tv);
	}
	log_info("event subscriber: topics 0x%x, %s", s->topics,
		 s->resumed ? "resumed" : "snapshot");
	return s;
}

void events_start(struct esub *s)
{
	if (s->resumed)
		evring_each_after(s->ev->ring, s->since, send_cb, s);
	else
		send_snapshot(s);
}

void events_unsubscribe(struct esub *s)
{
	struct events *ev;

	if (!s)
		return;
	ev = s->ev;
	for (struct esub **pp = &ev->subs; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	ev->nsubs--;
	if (s->metrics_tmr)
		event_free(s->metrics_tmr);
	event_free(s->kill_ev);
	evbuffer_free(s->batch);
	evcoal_free(s->coal);
	free(s);
}

/* The client read: send what was kept for it, newest state only. */
void events_drained(struct esub *s)
{
	struct evcoal *q = s->coal;

	if (s->dead)
		return;
	if (s->snapping) {
		snap_jobs(s);
		return;
	}
	if (!q || evbuffer_get_length(bufferevent_get_output(s->bev)) >
		  s->ev->out_high / 4)
		return;
	s->coal = NULL;
	evcoal_drain(q, send_cb, s);
	evcoal_free(q);
	log_info("event subscriber caught up");
}

uint32_t events_subscribers(const struct ctld *c)
{
	return c->ev ? c->ev->nsubs : 0;
}

int events_init(struct ctld *c)
{
	struct events *ev = xcalloc(1, sizeof(*ev));

	ev->c = c;
	ev->ring = evring_new(RING_ITEMS, RING_BYTES);
	ev->epoch = now_us();
	ev->flush_ev = evtimer_new(c->base, on_flush, ev);
	ev->out_high = (size_t)(c->conf->event_client_buffer ?
				c->conf->event_client_buffer : 1024) << 10;
	ev->config_version = c->st->config_version;
	c->ev = ev;
	return 0;
}

void events_close(struct ctld *c)
{
	struct events *ev = c->ev;

	if (!ev)
		return;
	while (ev->subs)
		ev->subs->drop(ev->subs->arg);
	evring_free(ev->ring);
	event_free(ev->flush_ev);
	free(ev->jobs);
	seen_free(ev->nodes, ev->nnodes);
	seen_free(ev->parts, ev->nparts);
	free(ev);
	c->ev = NULL;
}
