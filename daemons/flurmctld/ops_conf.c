/* ops_conf.c - reloading slurm.conf, the one path of scontrol reconfigure,
 * SIGHUP and flurmsh reload: read and validate the file, list what differs
 * from the running model (nodes, partitions, settings), keep the settings
 * that need a restart as they are, and apply the rest as one CONFIG
 * command (ctld_config_sync). flurmsh config diff lists the same without
 * applying. Draining removed nodes and rescheduling follow the commit in
 * ctld.c; wording the list for people is the listeners'. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"
#include "rpc_config.h"
#include "slurm/debug_flags.h"

void conf_changes_free(struct conf_changes *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].change);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static void add(struct conf_changes *d, const char *kind, const char *name,
		bool refused, const char *fmt, ...) FLURM_PRINTF(5, 6);

static void add(struct conf_changes *d, const char *kind, const char *name,
		bool refused, const char *fmt, ...)
{
	struct conf_change *ch;
	va_list ap;
	char *s = NULL;

	xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	ch = &d->v[d->n++];
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	ch->kind = kind;
	ch->name = xstrdup(name);
	ch->change = s ? s : xstrdup("changed");
	ch->refused = refused;
}

char *conf_change_text(const struct conf_change *ch)
{
	if (ch->refused)
		return xasprintf("%s: %s", ch->name, ch->change);
	if (!strcmp(ch->kind, "setting"))
		return xasprintf("%s %s", ch->name, ch->change);
	return xasprintf("%s %s %s", ch->kind, ch->name, ch->change);
}

static const char *str_or(const char *s, const char *none)
{
	return s && *s ? s : none;
}

/* ---- what changed --------------------------------------------------- */

static void diff_nodes(const struct state *st, const struct slurm_conf *sc,
		       struct conf_changes *d)
{
	for (size_t i = 0; i < sc->n_nodes; i++) {
		const struct slurm_conf_node *n = &sc->nodes[i];
		const struct node *o = state_node(st, n->name);
		char *what = NULL;

		if (!o) {
			add(d, "node", n->name, false, "added");
			continue;
		}
		if (o->flags & NODE_FLAG_REMOVING)
			xstrfmtcat(&what, "%sback in slurm.conf", what ? ", " : "");
		if (o->cpus != n->cpus)
			xstrfmtcat(&what, "%sCPUs %u -> %u", what ? ", " : "",
				   o->cpus, n->cpus);
		if (o->memory_mb != n->real_memory)
			xstrfmtcat(&what, "%sRealMemory %llu -> %llu", what ? ", " : "",
				   (unsigned long long)o->memory_mb,
				   (unsigned long long)n->real_memory);
		if (!xstrsame(o->features, n->features_str))
			xstrfmtcat(&what, "%sFeatures %s -> %s", what ? ", " : "",
				   str_or(o->features, "(none)"),
				   str_or(n->features_str, "(none)"));
		if (!xstrsame(o->gres, n->gres))
			xstrfmtcat(&what, "%sGres %s -> %s", what ? ", " : "",
				   str_or(o->gres, "(none)"), str_or(n->gres, "(none)"));
		if (o->weight != n->weight)
			xstrfmtcat(&what, "%sWeight %u -> %u", what ? ", " : "",
				   o->weight, n->weight);
		if (!xstrsame(o->addr, n->addr))
			xstrfmtcat(&what, "%sNodeAddr %s -> %s", what ? ", " : "",
				   o->addr, n->addr);
		if (what)
			add(d, "node", n->name, false, "changed: %s", what);
		free(what);
	}
	for (uint32_t i = 0; i < st->nnodes; i++) {
		const struct node *o = &st->nodes[i];

		if (slurm_conf_find_node(sc, o->name) ||
		    (o->flags & NODE_FLAG_REMOVING))
			continue;
		if (o->njobs)
			add(d, "node", o->name, false,
			    "removed (drained until its %u job(s) end)", o->njobs);
		else
			add(d, "node", o->name, false, "removed");
	}
}

static char *groups_text(const struct slurm_conf_part *p)
{
	char *s = NULL;

	for (size_t k = 0; k < p->n_allow_groups; k++)
		xstrfmtcat(&s, "%s%s", k ? "," : "", p->allow_groups[k]);
	return s;
}

static void time_text(char *buf, size_t len, uint32_t minutes)
{
	if (minutes == STATE_INFINITE)
		snprintf(buf, len, "UNLIMITED");
	else if (minutes == STATE_NO_VAL)
		snprintf(buf, len, "(none)");
	else
		snprintf(buf, len, "%u", minutes);
}

static const char *part_state_word(uint32_t s)
{
	switch (s) {
	case PART_STATE_DOWN: return "DOWN";
	case PART_STATE_DRAIN: return "DRAIN";
	case PART_STATE_INACTIVE: return "INACTIVE";
	default: return "UP";
	}
}

/* A memory default or limit as slurm.conf writes it: "DefMemPerCPU=100",
 * "MaxMemPerNode=500", or "none". */
static void mem_text(char *buf, size_t len, bool max, uint64_t v)
{
	if (!v)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%sMemPer%s=%llu", max ? "Max" : "Def",
			 v & SLURM_CONF_MEM_PER_CPU ? "CPU" : "Node",
			 (unsigned long long)(v & ~SLURM_CONF_MEM_PER_CPU));
}

/* A memory default (MAX false) or limit that went from O to N: its
 * slurm.conf name in NAME (the new form's, else the old one's:
 * "MaxMemPerCPU") and the change in TEXT, "300 -> 250" when the form
 * stayed (then true: TEXT wants NAME to be read), else each side as
 * slurm.conf writes it ("none -> DefMemPerCPU=100"). */
static bool mem_change(bool max, uint64_t o, uint64_t n, char name[16],
		       char text[112])
{
	char a[48], b[48];

	snprintf(name, 16, "%sMemPer%s", max ? "Max" : "Def",
		 (n ? n : o) & SLURM_CONF_MEM_PER_CPU ? "CPU" : "Node");
	if (o && n && !((o ^ n) & SLURM_CONF_MEM_PER_CPU)) {
		snprintf(text, 112, "%llu -> %llu",
			 (unsigned long long)(o & ~SLURM_CONF_MEM_PER_CPU),
			 (unsigned long long)(n & ~SLURM_CONF_MEM_PER_CPU));
		return true;
	}
	mem_text(a, sizeof(a), max, o);
	mem_text(b, sizeof(b), max, n);
	snprintf(text, 112, "%s -> %s", a, b);
	return false;
}

/* WHAT gets ", MaxMemPerNode 500 -> 1000" when a memory default or
 * limit changed, or ", none -> DefMemPerCPU=100" when its form did. */
static void diff_mem(char **what, bool max, uint64_t o, uint64_t n)
{
	char name[16], text[112];
	bool same;

	if (o == n)
		return;
	same = mem_change(max, o, n, name, text);
	xstrfmtcat(what, "%s%s%s%s", *what ? ", " : "", same ? name : "",
		   same ? " " : "", text);
}

static void diff_parts(const struct state *st, const struct slurm_conf *old,
		       const struct slurm_conf *sc, struct conf_changes *d)
{
	for (size_t i = 0; i < sc->n_parts; i++) {
		const struct slurm_conf_part *p = &sc->parts[i];
		const struct partition *o = state_part(st, p->name);
		char *what = NULL, *groups, a[24], b[24];

		if (!o) {
			add(d, "partition", p->name, false, "added");
			continue;
		}
		if (!xstrsame(o->nodes, p->nodes))
			xstrfmtcat(&what, "%sNodes %s -> %s", what ? ", " : "",
				   str_or(o->nodes, "(none)"), str_or(p->nodes, "(none)"));
		if (o->max_time != p->max_time) {
			time_text(a, sizeof(a), o->max_time);
			time_text(b, sizeof(b), p->max_time);
			xstrfmtcat(&what, "%sMaxTime %s -> %s", what ? ", " : "", a, b);
		}
		if (o->default_time != p->default_time) {
			time_text(a, sizeof(a), o->default_time);
			time_text(b, sizeof(b), p->default_time);
			xstrfmtcat(&what, "%sDefaultTime %s -> %s", what ? ", " : "", a, b);
		}
		if (o->state != (uint32_t)p->state)
			xstrfmtcat(&what, "%sState %s -> %s", what ? ", " : "",
				   part_state_word(o->state),
				   part_state_word((uint32_t)p->state));
		if (o->is_default != p->is_default)
			xstrfmtcat(&what, "%sDefault %s -> %s", what ? ", " : "",
				   o->is_default ? "YES" : "NO",
				   p->is_default ? "YES" : "NO");
		if (o->hidden != p->hidden)
			xstrfmtcat(&what, "%sHidden %s -> %s", what ? ", " : "",
				   o->hidden ? "YES" : "NO", p->hidden ? "YES" : "NO");
		groups = groups_text(p);
		if (!xstrsame(o->allow_groups, groups))
			xstrfmtcat(&what, "%sAllowGroups %s -> %s", what ? ", " : "",
				   str_or(o->allow_groups, "ALL"), str_or(groups, "ALL"));
		free(groups);
		if (o->max_nodes != p->max_nodes || o->min_nodes != p->min_nodes ||
		    o->priority_tier != p->priority_tier)
			xstrfmtcat(&what, "%snode limits or priority", what ? ", " : "");
		{
			const struct slurm_conf_part *op =
				slurm_conf_find_part(old, p->name);

			diff_mem(&what, false, op ? op->def_mem : 0, p->def_mem);
			diff_mem(&what, true, op ? op->max_mem : 0, p->max_mem);
		}
		if (what)
			add(d, "partition", p->name, false, "changed: %s", what);
		free(what);
	}
	for (uint32_t i = 0; i < st->nparts; i++)
		if (!slurm_conf_find_part(sc, st->parts[i].name))
			add(d, "partition", st->parts[i].name, false, "removed");
}

static void diff_u32(struct conf_changes *d, const char *key, uint32_t o,
		     uint32_t n)
{
	if (o != n)
		add(d, "setting", key, false, "%u -> %u", o, n);
}

static void diff_str(struct conf_changes *d, const char *key, const char *o,
		     const char *n)
{
	if (!xstrsame(o, n))
		add(d, "setting", key, false, "%s -> %s", str_or(o, "(none)"),
		    str_or(n, "(none)"));
}

static char *ctlds_text(const struct slurm_conf *sc)
{
	char *s = NULL;

	for (size_t i = 0; i < sc->n_ctlds; i++)
		xstrfmtcat(&s, "%s%s(%s)", i ? "," : "", sc->ctlds[i].name,
			   sc->ctlds[i].addr);
	return s;
}

/* Settings only a restart can change: the listening ports, the cluster's
 * identity and controller membership, authentication and where state
 * lives. A reload (APPLY) keeps the running value (moved into NEW, so
 * the controller keeps describing what it runs with) and says so. */
static void keep_restart_only(struct slurm_conf *old, struct slurm_conf *new,
			      struct conf_changes *d, bool apply)
{
	static const char *const why = "needs a restart, unchanged";
	char *a, *b;

#define KEEP(cond, key, swapper) \
	do { \
		if (cond) { \
			add(d, "setting", key, true, "%s", why); \
			if (apply) \
				swapper; \
		} \
	} while (0)
#define SWAP(T, f) do { T t_ = old->f; old->f = new->f; new->f = t_; } while (0)

	KEEP(!xstrsame(old->cluster_name, new->cluster_name), "ClusterName",
	     SWAP(char *, cluster_name));
	KEEP(old->slurmctld_port != new->slurmctld_port ||
	     old->slurmctld_port_count != new->slurmctld_port_count,
	     "SlurmctldPort",
	     { SWAP(uint16_t, slurmctld_port); SWAP(uint16_t, slurmctld_port_count); });
	a = ctlds_text(old);
	b = ctlds_text(new);
	KEEP(!xstrsame(a, b), "SlurmctldHost",
	     { SWAP(struct slurm_conf_ctld *, ctlds); SWAP(size_t, n_ctlds); });
	free(a);
	free(b);
	KEEP(old->auth_type != new->auth_type, "AuthType",
	     SWAP(enum slurm_conf_auth, auth_type));
	KEEP(!xstrsame(old->auth_info, new->auth_info), "AuthInfo",
	     { SWAP(char *, auth_info); SWAP(char *, munge_socket);
	       SWAP(uint32_t, cred_expire); });
	KEEP(!xstrsame(old->slurm_user, new->slurm_user), "SlurmUser",
	     SWAP(char *, slurm_user));
	KEEP(!xstrsame(old->state_save_location, new->state_save_location),
	     "StateSaveLocation", SWAP(char *, state_save_location));
#undef SWAP
#undef KEEP
}

static void diff_settings(const struct ctld *c, const struct slurm_conf *o,
			  const struct slurm_conf *n, struct conf_changes *d)
{
	const struct state_params *p = &c->st->params;

	/* the model's values where it has them: they are what runs */
	diff_u32(d, "MinJobAge", p->min_job_age, n->min_job_age);
	diff_u32(d, "KillWait", p->kill_wait, n->kill_wait);
	diff_u32(d, "SlurmdTimeout", p->slurmd_timeout, n->slurmd_timeout);
	diff_u32(d, "ReturnToService", p->return_to_service, n->return_to_service);
	diff_u32(d, "MessageTimeout", o->message_timeout, n->message_timeout);
	diff_u32(d, "PrologEpilogTimeout", o->prolog_epilog_timeout,
		 n->prolog_epilog_timeout);
	diff_str(d, "SchedulerType", o->scheduler_type, n->scheduler_type);
	diff_str(d, "Prolog", o->prolog, n->prolog);
	diff_str(d, "Epilog", o->epilog, n->epilog);
	for (int max = 0; max < 2; max++) {
		uint64_t ov = slurm_conf_mem(o, max), nv = slurm_conf_mem(n, max);
		char name[16], text[112];

		if (ov == nv)
			continue;
		/* "MaxMemPerCPU 300 -> 250"; with the other form or none,
		 * each side as slurm.conf writes it */
		mem_change(max, ov, nv, name, text);
		add(d, "setting", name, false, "%s", text);
	}
}

/* Read and check PATH; NULL with err_msg() naming file and line. */
static struct slurm_conf *load(const char *path)
{
	struct slurm_conf *sc = slurm_conf_load(path);

	/* an empty or truncated file parses; applying it would drop every
	 * node and partition, so it is refused like a syntax error */
	if (sc && (slurm_conf_validate(sc) < 0 || ctld_conf_check(sc) < 0)) {
		slurm_conf_free(sc);
		sc = NULL;
	}
	return sc;
}

int op_conf_diff(struct ctld *c, const char *path, struct conf_changes *out)
{
	struct slurm_conf *sc = load(path ? path : c->slurm_conf_path);

	memset(out, 0, sizeof(*out));
	if (!sc)
		return OP_EINVAL;
	diff_nodes(c->st, sc, out);
	diff_parts(c->st, c->sc, sc, out);
	diff_settings(c, c->sc, sc, out);
	/* only listed: swapping here would hand c->sc's values to SC */
	keep_restart_only(c->sc, sc, out, false);
	slurm_conf_free(sc);
	return 0;
}

/* ---- applying ------------------------------------------------------- */

/* As slurmctld re-reads its config: DebugFlags set with scontrol
 * setdebugflags give way to the file's. */
static void reset_debug_flags(struct ctld *c)
{
	uint64_t f = 0;

	/* checked with the file (load) */
	(void)config_debug_flags(c->sc, &f);
	if (f != c->debug_flags) {
		char *o = slurm_debug_flags_str(c->debug_flags);
		char *n = slurm_debug_flags_str(f);

		log_info("reconfigure: DebugFlags %s -> %s", o, n);
		free(o);
		free(n);
	}
	c->debug_flags = f;
}

struct reconf_op {
	struct ctld *c;
	struct op_ctx ctx;
};

static void reconf_done(void *arg, int rc, const char *msg)
{
	struct reconf_op *o = arg;

	if (rc != OP_OK)
		log_err("reconfigure from %s: %s", o->ctx.peer,
			msg ? msg : op_strerror(rc));
	o->ctx.done(o->ctx.arg, rc, msg);
	free(o);
}

int op_reconfigure(struct ctld *c, const struct op_ctx *ctx, const char *path,
		   struct conf_changes *out)
{
	const char *file = path ? path : c->slurm_conf_path;
	struct slurm_conf *sc;
	struct reconf_op *o;
	bool changed = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->is_operator) {
		err_set("permission denied: only operators may reload slurm.conf");
		return OP_EPERM;
	}
	if (c->config_proposed) {
		err_set("a configuration is being applied; try again");
		return OP_EBUSY;
	}
	sc = load(file);
	if (!sc) {
		log_err("reconfigure: %s (keeping the old configuration)", err_msg());
		return OP_EINVAL;
	}
	diff_nodes(c->st, sc, out);
	diff_parts(c->st, c->sc, sc, out);
	diff_settings(c, c->sc, sc, out);
	keep_restart_only(c->sc, sc, out, true);
	log_info("reconfigure: re-read %s for %s", file, ctx->peer);
	for (size_t i = 0; i < out->n; i++) {
		char *t = conf_change_text(&out->v[i]);

		if (out->v[i].refused) {
			log_warn("reconfigure: %s", t);
		} else {
			log_info("reconfigure: %s", t);
			changed = true;
		}
		free(t);
	}
	slurm_conf_free(c->sc);
	c->sc = sc;
	c->conf_loaded = time(NULL);
	config_apply_policy(c);
	reset_debug_flags(c);
	/* waiting jobs under the new memory limits and defaults */
	(void)op_jobs_mem_limits(c);
	/* job records name the cluster */
	ctld_jobs_changed(c, 0);
	if (path && strcmp(path, c->slurm_conf_path)) {
		/* later reloads (SIGHUP) read the file the operator named */
		free(c->slurm_conf_path);
		c->slurm_conf_path = xstrdup(path);
	}
	groups_flush();
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	/* the file's hash says nothing of partitions changed at runtime:
	 * any difference from the model is applied */
	rc = ctld_config_sync(c, changed, reconf_done, o);
	if (rc != 0) {
		/* nothing to propose: the model already matches (or another
		 * controller leads and proposes it) */
		free(o);
		ctx->done(ctx->arg, OP_OK, NULL);
	}
	return 0;
}
