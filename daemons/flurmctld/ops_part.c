/* ops_part.c - partition administration for scontrol update/create/delete
 * PartitionName= and flurmsh partition set/create/delete alike: checks
 * the caller and the request against the model, proposes one
 * CMD_PART_UPDATE or CMD_PART_DELETE, and asks for a scheduling cycle
 * once it commits. Also the "Key=Value" words flurmsh sends. Changes last
 * until slurm.conf is reloaded, which resets partitions to the file (as
 * slurmctld's reconfigure does). Decoding Slurm messages is rpc_slurm.c's. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/timestr.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "ops.h"

struct part_op {
	struct ctld *c;
	struct op_ctx ctx;
	char *what;                /* for the log: "create partition gpu" */
};

static void part_done(void *arg, int status, void *result)
{
	struct part_op *o = arg;
	struct state_result *res = result;
	int rc = OP_OK;
	const char *msg = NULL;

	if (status != RNODE_OK || !res) {
		rc = status == RNODE_ENOTLEADER ? OP_ENOTLEADER :
		     status == RNODE_ENOSPACE ? OP_ENOSPACE : OP_EFAIL;
		msg = err_msg();
	} else if (res->rc != STATE_EOK) {
		rc = op_state_rc(res->rc);
		msg = state_strerror(res->rc);
	}
	if (rc == OP_OK) {
		log_info("%s: %s done", o->ctx.peer, o->what);
		sched_request(o->c);
	} else {
		log_info("%s: %s failed: %s", o->ctx.peer, o->what, msg);
	}
	o->ctx.done(o->ctx.arg, rc, msg);
	free(result);
	free(o->what);
	free(o);
}

static int check_caller(struct ctld *c, const struct op_ctx *ctx)
{
	if (!ctx->is_operator) {
		err_set("permission denied: only operators may change partitions");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("this controller is not the leader");
		return OP_ENOTLEADER;
	}
	return 0;
}

/* Every node of the model as one hostlist: Nodes=ALL. */
static char *all_nodes(const struct state *st)
{
	hostlist_t *hl = hostlist_create("");
	char *s;

	for (uint32_t i = 0; i < st->nnodes; i++)
		hostlist_push_host(hl, st->nodes[i].name);
	s = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	return s;
}

/* NODES must parse and name known nodes. */
static int check_nodes(const struct state *st, const char *nodes)
{
	hostlist_t *hl;

	if (!nodes || !*nodes)
		return 0;
	hl = hostlist_create(nodes);
	if (!hl) {
		err_set("malformed hostlist '%s'", nodes);
		return OP_EHOSTLIST;
	}
	for (size_t i = 0; i < hostlist_count(hl); i++)
		if (!state_node(st, hostlist_nth(hl, i))) {
			err_set("node '%s' does not exist", hostlist_nth(hl, i));
			hostlist_destroy(hl);
			return OP_ENONODE;
		}
	hostlist_destroy(hl);
	return 0;
}

void op_part_defaults(struct part_update *u)
{
	u->spec.max_time = STATE_INFINITE;
	u->spec.default_time = STATE_NO_VAL;
	u->spec.state = PART_STATE_UP;
	u->spec.priority_tier = 1;
	u->spec.max_nodes = STATE_INFINITE;
	u->spec.min_nodes = 0;
}

int op_part_update(struct ctld *c, const struct op_ctx *ctx,
		   const struct part_update *req)
{
	struct part_update u = *req;
	const struct partition *p;
	struct part_op *o;
	char *all = NULL;
	int rc;

	if ((rc = check_caller(c, ctx)))
		return rc;
	if (!u.spec.name || !*u.spec.name || strchr(u.spec.name, ',') ||
	    strchr(u.spec.name, ' ')) {
		err_set("a partition needs a name without blanks or commas");
		return OP_EINVAL;
	}
	p = state_part(c->st, u.spec.name);
	if (u.create && p) {
		err_set("partition '%s' exists already", u.spec.name);
		return OP_EEXIST;
	}
	if (!u.create && !p) {
		err_set("partition '%s' does not exist", u.spec.name);
		return OP_ENOPART;
	}
	if (u.create)
		u.fields = PART_UPD_ALL;
	if (!u.fields) {
		err_set("nothing to change");
		return OP_EINVAL;
	}
	if (u.spec.state > PART_STATE_INACTIVE) {
		err_set("invalid partition state");
		return OP_EINVAL;
	}
	if ((u.fields & PART_UPD_NODES) && u.spec.nodes &&
	    !strcasecmp(u.spec.nodes, "ALL"))
		u.spec.nodes = all = all_nodes(c->st);
	if ((u.fields & PART_UPD_NODES) && (rc = check_nodes(c->st, u.spec.nodes))) {
		free(all);
		return rc;
	}
	if ((u.fields & PART_UPD_ALLOW_GROUPS) && u.spec.allow_groups &&
	    (!*u.spec.allow_groups || !strcasecmp(u.spec.allow_groups, "ALL")))
		u.spec.allow_groups = NULL;
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->what = xasprintf("%s partition %s", u.create ? "create" : "update",
			    u.spec.name);
	log_info("%s: uid %u asks to %s", ctx->peer, (unsigned)ctx->uid, o->what);
	rc = ctld_propose(c, cmd_part_update(&u, time(NULL)), part_done, o);
	free(all);
	if (rc < 0) {
		free(o->what);
		free(o);
		return OP_EFAIL;
	}
	return 0;
}

int op_part_delete(struct ctld *c, const struct op_ctx *ctx, const char *name)
{
	struct part_op *o;
	int rc;

	if ((rc = check_caller(c, ctx)))
		return rc;
	if (!name || !state_part(c->st, name)) {
		err_set("partition '%s' does not exist", name ? name : "");
		return OP_ENOPART;
	}
	/* as slurmctld: not under its jobs (pending, running, completing);
	 * apply checks again against the committed state */
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *j = c->st->jobs[i];

		if (j->partition && !strcmp(j->partition, name) &&
		    (!job_is_finished(j) || j->completing)) {
			err_set("partition '%s' has jobs; it can be deleted once "
				"they have ended", name);
			return OP_EINUSE;
		}
	}
	o = xcalloc(1, sizeof(*o));
	o->c = c;
	o->ctx = *ctx;
	o->what = xasprintf("delete partition %s", name);
	log_info("%s: uid %u asks to %s", ctx->peer, (unsigned)ctx->uid, o->what);
	if (ctld_propose(c, cmd_part_delete(name, time(NULL)), part_done, o) < 0) {
		free(o->what);
		free(o);
		return OP_EFAIL;
	}
	return 0;
}

/* ---- Key=Value words (flurmsh) -------------------------------------- */

static int yes_no(const char *key, const char *v, bool *out)
{
	if (!strcasecmp(v, "YES")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(v, "NO")) {
		*out = false;
		return 0;
	}
	err_set("%s must be YES or NO, not '%s'", key, v);
	return -1;
}

static int count(const char *key, const char *v, uint32_t *out)
{
	char *end;
	unsigned long n;

	if (!strcasecmp(v, "UNLIMITED") || !strcasecmp(v, "INFINITE")) {
		*out = STATE_INFINITE;
		return 0;
	}
	n = strtoul(v, &end, 10);
	if (!*v || *end || n >= STATE_NO_VAL) {
		err_set("%s must be a number, not '%s'", key, v);
		return -1;
	}
	*out = (uint32_t)n;
	return 0;
}

int op_part_parse(struct part_update *u, char *const *words, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const char *w = words[i], *eq = strchr(w, '=');
		const char *v;
		size_t klen;
		bool b;

		if (!eq || eq == w) {
			err_set("'%s' is not KEY=VALUE", w);
			return -1;
		}
		klen = (size_t)(eq - w);
		v = eq + 1;
#define KEY(k) (klen == strlen(k) && !strncasecmp(w, k, klen))
		if (KEY("State")) {
			static const char *const words_[] = { "UP", "DOWN", "DRAIN", "INACTIVE" };
			uint32_t s;

			for (s = 0; s < 4; s++)
				if (!strcasecmp(v, words_[s]))
					break;
			if (s == 4) {
				err_set("State must be UP, DOWN, DRAIN or INACTIVE, not '%s'", v);
				return -1;
			}
			u->spec.state = s;
			u->fields |= PART_UPD_STATE;
		} else if (KEY("MaxTime") || KEY("DefaultTime")) {
			uint32_t mins;

			if (timestr_parse_mins(v, &mins) < 0) {
				err_set("%.*s: invalid time '%s'", (int)klen, w, v);
				return -1;
			}
			if (KEY("MaxTime")) {
				u->spec.max_time = mins;
				u->fields |= PART_UPD_MAX_TIME;
			} else {
				u->spec.default_time = mins;
				u->fields |= PART_UPD_DEFAULT_TIME;
			}
		} else if (KEY("Nodes")) {
			u->spec.nodes = (char *)v;
			u->fields |= PART_UPD_NODES;
		} else if (KEY("AllowGroups")) {
			u->spec.allow_groups = (char *)v;
			u->fields |= PART_UPD_ALLOW_GROUPS;
		} else if (KEY("Default")) {
			if (yes_no("Default", v, &b) < 0)
				return -1;
			u->spec.is_default = b;
			u->fields |= PART_UPD_DEFAULT;
		} else if (KEY("Hidden")) {
			if (yes_no("Hidden", v, &b) < 0)
				return -1;
			u->spec.hidden = b;
			u->fields |= PART_UPD_HIDDEN;
		} else if (KEY("MaxNodes")) {
			if (count("MaxNodes", v, &u->spec.max_nodes) < 0)
				return -1;
			u->fields |= PART_UPD_MAX_NODES;
		} else if (KEY("MinNodes")) {
			if (count("MinNodes", v, &u->spec.min_nodes) < 0)
				return -1;
			u->fields |= PART_UPD_MIN_NODES;
		} else if (KEY("PriorityTier")) {
			if (count("PriorityTier", v, &u->spec.priority_tier) < 0)
				return -1;
			u->fields |= PART_UPD_PRIO_TIER;
		} else {
			err_set("unknown partition setting '%.*s' (State, MaxTime, "
				"DefaultTime, Nodes, AllowGroups, Default, Hidden, "
				"MaxNodes, MinNodes, PriorityTier)", (int)klen, w);
			return -1;
		}
#undef KEY
	}
	return 0;
}
