/* admin.c - codecs of the admin protocol (admin.h): requests, replies and
 * the typed records replies carry. Framing is wire.c's; what a command
 * means and who may run it is left to the controller's rpc_admin.c, how
 * records are shown to flurmsh. Decoders check counts against the bytes
 * left before allocating, so a lying count cannot make them allocate. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "wire/admin.h"

static const char *const cmd_names[ADMIN_CMD_MAX] = {
	[ADMIN_PING] = "ping",
	[ADMIN_STATUS] = "status",
	[ADMIN_NODES] = "nodes",
	[ADMIN_JOBS] = "jobs",
	[ADMIN_PARTITIONS] = "partitions",
	[ADMIN_CONFIG] = "config",
	[ADMIN_METRICS] = "metrics",
	[ADMIN_NODE_UPDATE] = "node_update",
	[ADMIN_JOB_CANCEL] = "job_cancel",
	[ADMIN_JOB_HOLD] = "job_hold",
	[ADMIN_RELOAD] = "reload",
	[ADMIN_CONFIG_DIFF] = "config_diff",
	[ADMIN_PART_UPDATE] = "partition_update",
	[ADMIN_SCHED_STATS] = "sched_stats",
	[ADMIN_SCHED_RUN] = "sched_run",
	[ADMIN_LOG_LEVEL] = "log_level",
	[ADMIN_JOB_UPDATE] = "job_update",
	[ADMIN_NODE_ADD] = "node_add",
	[ADMIN_NODE_REMOVE] = "node_remove",
	[ADMIN_NODES_SYNC] = "nodes_sync",
	[ADMIN_SHUTDOWN] = "shutdown",
	[ADMIN_JOB_SIGNAL] = "job_signal",
	[ADMIN_JOB_CONTROL] = "job_control",
	[ADMIN_SUBSCRIBE] = "subscribe",
	[ADMIN_CLUSTER_STATUS] = "cluster_status",
	[ADMIN_CLUSTER_TRANSFER] = "cluster_transfer",
	[ADMIN_CLUSTER_JOIN] = "cluster_join",
	[ADMIN_CLUSTER_LEAVE] = "cluster_leave",
	[ADMIN_CLUSTER_REMOVE] = "cluster_remove",
	[ADMIN_FORWARDED] = "forwarded",
};

const char *wire_admin_cmd_name(uint16_t cmd)
{
	return cmd < ADMIN_CMD_MAX && cmd_names[cmd] ? cmd_names[cmd] : "unknown";
}

static const char *const rc_names[ADMIN_RC_MAX] = {
	[ADMIN_OK] = "success",
	[ADMIN_EINVAL] = "invalid arguments",
	[ADMIN_EPERM] = "permission denied",
	[ADMIN_ENOENT] = "not found",
	[ADMIN_ENOTLEADER] = "this controller is not the leader",
	[ADMIN_EUNKNOWN] = "command not supported by this controller",
	[ADMIN_EFAIL] = "operation failed",
};

const char *wire_admin_strerror(uint32_t rc)
{
	return rc < ADMIN_RC_MAX ? rc_names[rc] : "unknown error";
}

static int finish(buf_t *b, const char *what)
{
	if (b->failed) {
		err_set("malformed %s: %s", what, err_msg());
		return -1;
	}
	if (buf_remaining(b)) {
		err_set("malformed %s: %zu bytes of garbage after it", what,
			buf_remaining(b));
		return -1;
	}
	return 0;
}

void wire_pack_admin_request(buf_t *b, const struct wire_admin_request *m)
{
	pack32(b, m->seq);
	pack16(b, m->cmd);
	pack_str_array(b, m->args, m->nargs);
}

int wire_unpack_admin_request(buf_t *b, struct wire_admin_request *m)
{
	memset(m, 0, sizeof(*m));
	unpack32(b, &m->seq);
	unpack16(b, &m->cmd);
	unpack_str_array(b, &m->args, &m->nargs);
	if (finish(b, "admin request") < 0) {
		wire_admin_request_free(m);   /* a refused frame keeps nothing */
		return -1;
	}
	return 0;
}

void wire_admin_request_free(struct wire_admin_request *m)
{
	str_array_free(m->args);
	memset(m, 0, sizeof(*m));
}

void wire_pack_admin_auth(buf_t *b, const struct wire_admin_auth *m)
{
	pack_str(b, m->cred);
}

int wire_unpack_admin_auth(buf_t *b, struct wire_admin_auth *m)
{
	memset(m, 0, sizeof(*m));
	unpack_str(b, &m->cred);
	if (finish(b, "admin auth") < 0)
		goto fail;
	if (!m->cred || !*m->cred) {
		err_set("admin auth: no credential");
		goto fail;
	}
	return 0;
fail:
	wire_admin_auth_free(m);
	return -1;
}

void wire_admin_auth_free(struct wire_admin_auth *m)
{
	free(m->cred);
	memset(m, 0, sizeof(*m));
}

static void pack_field(buf_t *b, const struct admin_field *f)
{
	pack_str(b, f->key);
	pack8(b, f->kind);
	if (f->kind == ADMIN_F_STR)
		pack_str(b, f->s);
	else if (f->kind == ADMIN_F_BOOL)
		pack_bool(b, f->i != 0);
	else
		pack64(b, (uint64_t)f->i);
}

static void pack_rec(buf_t *b, const struct admin_rec *r)
{
	pack32(b, r->n);
	for (uint32_t k = 0; k < r->n; k++)
		pack_field(b, &r->f[k]);
}

void wire_pack_admin_reply(buf_t *b, const struct wire_admin_reply *m)
{
	pack32(b, m->seq);
	pack32(b, m->rc);
	pack_str(b, m->error);
	pack32(b, m->nrecs);
	for (uint32_t i = 0; i < m->nrecs; i++)
		pack_rec(b, &m->recs[i]);
	pack_str(b, m->text);
}

/* A field is at least 4 (key length) + 1 (kind) + 1 (value) bytes. */
#define FIELD_MIN 6

static int unpack_field(buf_t *b, struct admin_field *f)
{
	uint64_t v = 0;
	bool bv = false;

	if (unpack_str(b, &f->key) < 0 || unpack8(b, &f->kind) < 0)
		return -1;
	if (!f->key) {
		err_set("record field without a name");
		b->failed = true;
		return -1;
	}
	switch (f->kind) {
	case ADMIN_F_STR:
		return unpack_str(b, &f->s);
	case ADMIN_F_INT:
		if (unpack64(b, &v) < 0)
			return -1;
		f->i = (int64_t)v;
		return 0;
	case ADMIN_F_BOOL:
		if (unpack_bool(b, &bv) < 0)
			return -1;
		f->i = bv;
		return 0;
	default:
		err_set("unknown field kind %u", f->kind);
		b->failed = true;
		return -1;
	}
}

static int unpack_rec(buf_t *b, struct admin_rec *r)
{
	uint32_t n = 0;

	if (unpack32(b, &n) < 0)
		return -1;
	if (n > buf_remaining(b) / FIELD_MIN) {
		err_set("field count %u exceeds the message", n);
		b->failed = true;
		return -1;
	}
	r->f = xcalloc(n ? n : 1, sizeof(*r->f));
	r->cap = n ? n : 1;
	for (uint32_t k = 0; k < n; k++) {
		r->n++;
		if (unpack_field(b, &r->f[k]) < 0)
			return -1;
	}
	return 0;
}

void wire_admin_rec_free(struct admin_rec *r)
{
	for (uint32_t k = 0; k < r->n; k++) {
		if (!r->f[k].key_lit)
			free(r->f[k].key);
		free(r->f[k].s);
	}
	free(r->f);
	memset(r, 0, sizeof(*r));
}

static int unpack_reply(buf_t *b, struct wire_admin_reply *m);

int wire_unpack_admin_reply(buf_t *b, struct wire_admin_reply *m)
{
	if (unpack_reply(b, m) < 0) {
		wire_admin_reply_free(m);     /* a refused frame keeps nothing */
		return -1;
	}
	return 0;
}

static int unpack_reply(buf_t *b, struct wire_admin_reply *m)
{
	uint32_t nrecs = 0;

	memset(m, 0, sizeof(*m));
	unpack32(b, &m->seq);
	unpack32(b, &m->rc);
	unpack_str(b, &m->error);
	if (unpack32(b, &nrecs) < 0)
		return finish(b, "admin reply");
	if (nrecs > buf_remaining(b) / 4) {
		err_set("record count %u exceeds the message", nrecs);
		b->failed = true;
		return finish(b, "admin reply");
	}
	m->recs = xcalloc(nrecs ? nrecs : 1, sizeof(*m->recs));
	m->cap = nrecs ? nrecs : 1;
	for (uint32_t i = 0; i < nrecs && !b->failed; i++) {
		m->nrecs++;
		if (unpack_rec(b, &m->recs[i]) < 0)
			break;
	}
	unpack_str(b, &m->text);
	return finish(b, "admin reply");
}

void wire_admin_reply_free(struct wire_admin_reply *m)
{
	for (uint32_t i = 0; i < m->nrecs; i++)
		wire_admin_rec_free(&m->recs[i]);
	free(m->recs);
	free(m->error);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

struct admin_rec *wire_admin_rec_new(struct wire_admin_reply *m)
{
	struct admin_rec *r;

	xgrow((void **)&m->recs, &m->cap, m->nrecs + 1, sizeof(*m->recs));
	r = &m->recs[m->nrecs++];
	memset(r, 0, sizeof(*r));
	return r;
}

static struct admin_field *add(struct admin_rec *r, const char *key,
			       uint8_t kind)
{
	struct admin_field *f;

	xgrow((void **)&r->f, &r->cap, r->n + 1, sizeof(*r->f));
	f = &r->f[r->n++];
	memset(f, 0, sizeof(*f));
	f->key_lit = r->keys_lit;
	f->key = r->keys_lit ? (char *)key : xstrdup(key);
	f->kind = kind;
	return f;
}

void wire_admin_rec_literal_keys(struct admin_rec *r, uint32_t n)
{
	xgrow((void **)&r->f, &r->cap, r->n + n, sizeof(*r->f));
	r->keys_lit = true;
}

void wire_admin_rec_copied_keys(struct admin_rec *r)
{
	r->keys_lit = false;
}

void wire_admin_rec_str(struct admin_rec *r, const char *key, const char *v)
{
	add(r, key, ADMIN_F_STR)->s = xstrdup(v);
}

void wire_admin_rec_int(struct admin_rec *r, const char *key, int64_t v)
{
	add(r, key, ADMIN_F_INT)->i = v;
}

void wire_admin_rec_bool(struct admin_rec *r, const char *key, bool v)
{
	add(r, key, ADMIN_F_BOOL)->i = v;
}

const struct admin_field *wire_admin_rec_get(const struct admin_rec *r,
					     const char *key)
{
	for (uint32_t i = 0; i < r->n; i++)
		if (!strcmp(r->f[i].key, key))
			return &r->f[i];
	return NULL;
}

/* ---- event stream --------------------------------------------------- */

static const char *const topic_names[ADMIN_TOPIC_MAX] = {
	[ADMIN_TOPIC_NONE] = "stream",
	[ADMIN_TOPIC_JOBS] = "jobs",
	[ADMIN_TOPIC_NODES] = "nodes",
	[ADMIN_TOPIC_PARTITIONS] = "partitions",
	[ADMIN_TOPIC_CONFIG] = "config",
	[ADMIN_TOPIC_LEADERSHIP] = "leadership",
	[ADMIN_TOPIC_METRICS] = "metrics",
};

const char *wire_admin_topic_name(uint8_t topic)
{
	return topic < ADMIN_TOPIC_MAX && topic_names[topic] ?
	       topic_names[topic] : "unknown";
}

int wire_admin_topics_parse(const char *list, uint32_t *set)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL, *w;
	int rc = 0;

	*set = 0;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		uint8_t t;

		if (!strcmp(w, "all")) {
			*set |= ADMIN_TOPICS_ALL;
			continue;
		}
		for (t = 1; t < ADMIN_TOPIC_MAX; t++)
			if (!strcmp(w, topic_names[t]))
				break;
		if (t == ADMIN_TOPIC_MAX) {
			err_set("unknown topic '%s' (topics: jobs, nodes, "
				"partitions, config, leadership, metrics, all)", w);
			rc = -1;
			break;
		}
		*set |= ADMIN_TOPIC_BIT(t);
	}
	if (rc == 0 && !*set) {
		err_set("no topic given (topics: jobs, nodes, partitions, "
			"config, leadership, metrics, all)");
		rc = -1;
	}
	free(copy);
	return rc;
}

static const char *const kind_names[ADMIN_EV_MAX] = {
	[ADMIN_EV_SNAPSHOT] = "snapshot",
	[ADMIN_EV_CHANGE] = "change",
	[ADMIN_EV_REMOVE] = "remove",
	[ADMIN_EV_SYNCED] = "synced",
	[ADMIN_EV_METRICS] = "metrics",
};

const char *wire_admin_ev_kind_name(uint8_t kind)
{
	return kind < ADMIN_EV_MAX && kind_names[kind] ? kind_names[kind] :
	       "unknown";
}

void wire_pack_admin_event(buf_t *b, const struct wire_admin_event *m)
{
	pack64(b, m->seq);
	pack64(b, m->time_us);
	pack8(b, m->topic);
	pack8(b, m->kind);
	pack_str(b, m->key);
	pack_rec(b, &m->rec);
}

int wire_unpack_admin_event(buf_t *b, struct wire_admin_event *m)
{
	memset(m, 0, sizeof(*m));
	unpack64(b, &m->seq);
	unpack64(b, &m->time_us);
	unpack8(b, &m->topic);
	unpack8(b, &m->kind);
	unpack_str(b, &m->key);
	if (!b->failed)
		unpack_rec(b, &m->rec);
	if (!b->failed && (m->topic >= ADMIN_TOPIC_MAX || !m->kind ||
			   m->kind >= ADMIN_EV_MAX)) {
		err_set("unknown topic %u or kind %u", m->topic, m->kind);
		b->failed = true;
	}
	if (finish(b, "admin event") < 0) {
		wire_admin_event_free(m);     /* a refused frame keeps nothing */
		return -1;
	}
	return 0;
}

void wire_admin_event_free(struct wire_admin_event *m)
{
	wire_admin_rec_free(&m->rec);
	free(m->key);
	memset(m, 0, sizeof(*m));
}
