/* slurm_conf.c - read slurm.conf (Slurm 22.05 syntax) into struct slurm_conf:
 * logical lines (comments, quotes, continuations, Include), Key=Value pairs,
 * DEFAULT records, node and partition records, then cross-checks (partition
 * members exist, one default partition, controllers). Only reads files; what
 * the values mean to a daemon (binding ports, resolving names, checking the
 * munge socket) is left to the callers. */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdint.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conf/slurm_conf.h"
#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/timestr.h"
#include "core/xalloc.h"

#define MAX_INCLUDE_DEPTH 16
#define MAX_SLOTS 20
#define MAX_NODES 1000000

/* ---------------------------------------------------------------- */
/* Node name index: open addressing, so 10k-node clusters stay linear. */

struct slurm_conf_index {
	size_t *slots;		/* node index + 1; 0 = empty */
	size_t cap;		/* a power of two */
	size_t used;
};

static size_t name_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static long index_find(const struct slurm_conf *conf, const char *name)
{
	const struct slurm_conf_index *ix = conf->node_index;
	size_t mask, i;

	if (!ix || !ix->cap || !name)
		return -1;
	mask = ix->cap - 1;
	for (i = name_hash(name) & mask; ix->slots[i]; i = (i + 1) & mask) {
		size_t n = ix->slots[i] - 1;

		if (!strcmp(conf->nodes[n].name, name))
			return (long)n;
	}
	return -1;
}

static void index_put(struct slurm_conf_index *ix, const struct slurm_conf *conf,
		      size_t n)
{
	size_t mask = ix->cap - 1;
	size_t i = name_hash(conf->nodes[n].name) & mask;

	while (ix->slots[i])
		i = (i + 1) & mask;
	ix->slots[i] = n + 1;
	ix->used++;
}

static void index_add(struct slurm_conf *conf, size_t n)
{
	struct slurm_conf_index *ix = conf->node_index;

	if ((ix->used + 1) * 2 > ix->cap) {
		size_t *old = ix->slots, oldcap = ix->cap, i;

		ix->cap = oldcap ? oldcap * 2 : 64;
		ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
		ix->used = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				index_put(ix, conf, old[i] - 1);
		free(old);
	}
	index_put(ix, conf, n);
}

/* ---------------------------------------------------------------- */
/* Parser state. */

struct pair {
	char *key;
	char *value;
};

struct where {
	const char *file;	/* points into parser.files */
	int line;
};

/* Attributes of one NodeName= or PartitionName= line, by slot. */
struct attrs {
	bool set[MAX_SLOTS];
	uint64_t num[MAX_SLOTS];
	char *str[MAX_SLOTS];
};

struct open_file {
	dev_t dev;
	ino_t ino;
	bool known;		/* false for text given as a string */
};

struct parser {
	struct slurm_conf *conf;
	const char *cur_file;
	int cur_line;
	char **files;		/* every file name seen, for struct where */
	size_t n_files, cap_files;
	struct open_file stack[MAX_INCLUDE_DEPTH + 1];
	size_t depth;

	struct attrs node_dflt;
	struct attrs part_dflt;
	struct where *node_where;	/* parallel to conf->nodes */
	size_t cap_nodes, cap_node_where;
	struct where *part_where;	/* parallel to conf->parts */
	char **part_nodes;		/* Nodes= of each partition */
	size_t cap_parts, cap_part_where, cap_part_nodes;
	struct where *ctld_where;	/* parallel to conf->ctlds */
	size_t cap_ctlds, cap_ctld_where;
	size_t cap_unknown;

	/* ControlMachine, ControlAddr, BackupController, BackupAddr */
	char *legacy[4];
	struct where legacy_where[4];
};

static int fail_at(const char *file, int line, const char *fmt, ...)
	FLURM_PRINTF(3, 4);

static int fail_at(const char *file, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set("%s:%d: %s", file, line, msg);
	return -1;
}

#define fail(ps, ...) fail_at((ps)->cur_file, (ps)->cur_line, __VA_ARGS__)

/* ---------------------------------------------------------------- */
/* Values. */

enum vtype {
	V_STR,		/* kept as written */
	V_U16,		/* 0..65535 (or min..65535) */
	V_U32,
	V_U32_INF,	/* also UNLIMITED/INFINITE */
	V_U64,		/* k/K suffix multiplies by 1024 */
	V_BOOL,		/* YES/NO/TRUE/FALSE/UP/DOWN/1/0 */
	V_TIME,		/* Slurm time string, in minutes */
	V_NODE_STATE,
	V_PART_STATE,
	V_OVERSUB,	/* NO, EXCLUSIVE, YES[:N], FORCE[:N] */
};

struct attr_def {
	const char *key;
	int slot;
	enum vtype type;
	unsigned min;
};

static bool parse_u64(const char *s, uint64_t max, bool ksuffix, bool inf,
		      uint64_t infval, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (inf && (!strcasecmp(s, "UNLIMITED") || !strcasecmp(s, "INFINITE"))) {
		*out = infval;
		return true;
	}
	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (ksuffix && (*p == 'k' || *p == 'K')) {
		if (v > UINT64_MAX / 1024)
			return false;
		v *= 1024;
		p++;
	}
	if (*p || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "up", "1" };
	static const char *const no[] = { "no", "false", "down", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

static const char *const node_state_names[] = {
	[SLURM_CONF_NODE_UNKNOWN] = "UNKNOWN",
	[SLURM_CONF_NODE_IDLE] = "IDLE",
	[SLURM_CONF_NODE_DOWN] = "DOWN",
	[SLURM_CONF_NODE_DRAIN] = "DRAIN",
	[SLURM_CONF_NODE_FUTURE] = "FUTURE",
	[SLURM_CONF_NODE_CLOUD] = "CLOUD",
};

static const char *const part_state_names[] = {
	[SLURM_CONF_PART_UP] = "UP",
	[SLURM_CONF_PART_DOWN] = "DOWN",
	[SLURM_CONF_PART_DRAIN] = "DRAIN",
	[SLURM_CONF_PART_INACTIVE] = "INACTIVE",
};

static int find_name(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(names[i], s))
			return (int)i;
	return -1;
}

static bool valid_oversubscribe(const char *s)
{
	uint64_t n;

	if (!strcasecmp(s, "NO") || !strcasecmp(s, "EXCLUSIVE") ||
	    !strcasecmp(s, "YES") || !strcasecmp(s, "FORCE"))
		return true;
	if (!strncasecmp(s, "YES:", 4))
		return parse_u64(s + 4, 0xffff, false, false, 0, &n) && n > 1;
	if (!strncasecmp(s, "FORCE:", 6))
		return parse_u64(s + 6, 0xffff, false, false, 0, &n) && n >= 1;
	return false;
}

/* Parse VALUE for DEF into *num or *str; false when it is malformed. */
static bool parse_value(const struct attr_def *def, const char *value,
			uint64_t *num, char **str)
{
	uint32_t mins;
	bool b;
	int i;

	switch (def->type) {
	case V_STR:
		*str = xstrdup(value);
		return true;
	case V_U16:
		return parse_u64(value, 0xffff, false, false, 0, num) &&
		       *num >= def->min;
	case V_U32:
		return parse_u64(value, 0xfffffffdu, true, false, 0, num) &&
		       *num >= def->min;
	case V_U32_INF:
		return parse_u64(value, 0xfffffffdu, true, true,
				 SLURM_CONF_INFINITE, num) && *num >= def->min;
	case V_U64:
		return parse_u64(value, UINT64_MAX - 2, true, false, 0, num) &&
		       *num >= def->min;
	case V_BOOL:
		if (!parse_bool(value, &b))
			return false;
		*num = b;
		return true;
	case V_TIME:
		if (timestr_parse_mins(value, &mins) < 0)
			return false;
		*num = mins;
		return true;
	case V_NODE_STATE:
		i = find_name(node_state_names, 6, value);
		*num = (uint64_t)i;
		return i >= 0;
	case V_PART_STATE:
		i = find_name(part_state_names, 4, value);
		*num = (uint64_t)i;
		return i >= 0;
	case V_OVERSUB:
		if (!valid_oversubscribe(value))
			return false;
		*str = xstrdup(value);
		return true;
	}
	return false;
}

static const struct attr_def *find_def(const struct attr_def *defs, size_t n,
				       const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(defs[i].key, key))
			return &defs[i];
	return NULL;
}

static void attrs_free(struct attrs *a)
{
	size_t i;

	for (i = 0; i < MAX_SLOTS; i++)
		free(a->str[i]);
	memset(a, 0, sizeof(*a));
}

/* Later DEFAULT lines add to and override earlier ones, as in Slurm. */
static void attrs_merge(struct attrs *dst, struct attrs *src)
{
	size_t i;

	for (i = 0; i < MAX_SLOTS; i++) {
		if (!src->set[i])
			continue;
		free(dst->str[i]);
		dst->set[i] = true;
		dst->num[i] = src->num[i];
		dst->str[i] = src->str[i];
		src->str[i] = NULL;
		src->set[i] = false;
	}
}

static const struct attrs *pick(const struct attrs *line,
				const struct attrs *dflt, int slot)
{
	if (line->set[slot])
		return line;
	if (dflt->set[slot])
		return dflt;
	return NULL;
}

static uint64_t num_or(const struct attrs *line, const struct attrs *dflt,
		       int slot, uint64_t def)
{
	const struct attrs *a = pick(line, dflt, slot);

	return a ? a->num[slot] : def;
}

static const char *str_or(const struct attrs *line, const struct attrs *dflt,
			  int slot)
{
	const struct attrs *a = pick(line, dflt, slot);

	return a ? a->str[slot] : NULL;
}

/* Split a comma list, dropping empty items. */
static char **split_commas(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *p = s;

	*n = 0;
	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (len) {
			xgrow((void **)&v, &cap, *n + 1, sizeof(*v));
			v[(*n)++] = xstrndup(p, len);
		}
		p = c ? c + 1 : NULL;
	}
	return v;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---------------------------------------------------------------- */
/* Unknown keys. */

static bool is_record_key(const char *key);

/* QUIET: an attribute of a record that is itself reported. */
static void keep_unknown(struct parser *ps, const char *key, const char *value,
			 const char *scope, bool quiet)
{
	struct slurm_conf *conf = ps->conf;
	struct slurm_conf_kv *kv;
	bool seen = false;
	size_t i;

	for (i = 0; i < conf->n_unknown && !seen; i++)
		seen = !strcasecmp(conf->unknown[i].key, key);
	if (!seen && !quiet)
		log_info("%s: ignoring parameter '%s'", ps->cur_file, key);
	xgrow((void **)&conf->unknown, &ps->cap_unknown, conf->n_unknown + 1,
	      sizeof(*conf->unknown));
	kv = &conf->unknown[conf->n_unknown++];
	kv->key = xstrdup(key);
	kv->value = xstrdup(value);
	kv->scope = xstrdup(scope);
}

/* Read the pairs after the record key into A; unknown ones are kept. */
static int read_attrs(struct parser *ps, const struct attr_def *defs, size_t ndefs,
		      const struct pair *pairs, size_t n, const char *scope,
		      struct attrs *a)
{
	size_t i;

	for (i = 1; i < n; i++) {
		const struct attr_def *d = find_def(defs, ndefs, pairs[i].key);
		uint64_t num = 0;
		char *str = NULL;

		if (!d && is_record_key(pairs[i].key))
			return fail(ps, "%s must begin its own line",
				    pairs[i].key);
		if (!d) {
			keep_unknown(ps, pairs[i].key, pairs[i].value, scope,
				     false);
			continue;
		}
		if (!parse_value(d, pairs[i].value, &num, &str))
			return fail(ps, "invalid %s value '%s'", d->key,
				    pairs[i].value);
		free(a->str[d->slot]);
		a->set[d->slot] = true;
		a->num[d->slot] = num;
		a->str[d->slot] = str;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Nodes. */

enum {
	NA_CPUS, NA_BOARDS, NA_SOCKETS, NA_SOCKETS_PER_BOARD, NA_CORES,
	NA_THREADS, NA_REAL_MEMORY, NA_TMP_DISK, NA_WEIGHT, NA_GRES,
	NA_FEATURES, NA_STATE, NA_ADDR, NA_HOSTNAME, NA_PORT, NA_REASON,
};

static const struct attr_def node_defs[] = {
	{ "CPUs", NA_CPUS, V_U16, 1 },
	{ "Procs", NA_CPUS, V_U16, 1 },
	{ "Boards", NA_BOARDS, V_U16, 1 },
	{ "Sockets", NA_SOCKETS, V_U16, 1 },
	{ "SocketsPerBoard", NA_SOCKETS_PER_BOARD, V_U16, 1 },
	{ "CoresPerSocket", NA_CORES, V_U16, 1 },
	{ "ThreadsPerCore", NA_THREADS, V_U16, 1 },
	{ "RealMemory", NA_REAL_MEMORY, V_U64, 0 },
	{ "TmpDisk", NA_TMP_DISK, V_U32, 0 },
	{ "Weight", NA_WEIGHT, V_U32_INF, 0 },
	{ "Gres", NA_GRES, V_STR, 0 },
	{ "Features", NA_FEATURES, V_STR, 0 },
	{ "Feature", NA_FEATURES, V_STR, 0 },
	{ "State", NA_STATE, V_NODE_STATE, 0 },
	{ "NodeAddr", NA_ADDR, V_STR, 0 },
	{ "NodeHostname", NA_HOSTNAME, V_STR, 0 },
	{ "Port", NA_PORT, V_STR, 0 },
	{ "Reason", NA_REASON, V_STR, 0 },
};
#define N_NODE_DEFS (sizeof(node_defs) / sizeof(node_defs[0]))

/* Port= is a number, a range "6818-6821", or a bracketed list
 * "[6818-6819,6825]"; one port per node of the line, or one for all. */
static int parse_ports(const char *s, uint16_t **out, size_t *n)
{
	char *copy = xstrdup(s), *p = copy, *item, *save = NULL;
	size_t len = strlen(copy), cap = 0;

	*out = NULL;
	*n = 0;
	if (len >= 2 && copy[0] == '[' && copy[len - 1] == ']') {
		copy[len - 1] = '\0';
		p++;
	}
	if (!*p)
		goto bad;
	for (item = strtok_r(p, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(item, '-');
		uint64_t lo, hi, v;

		if (dash)
			*dash = '\0';
		if (!parse_u64(item, 0xffff, false, false, 0, &lo) || !lo)
			goto bad;
		hi = lo;
		if (dash && !parse_u64(dash + 1, 0xffff, false, false, 0, &hi))
			goto bad;
		if (hi < lo)
			goto bad;
		for (v = lo; v <= hi; v++) {
			xgrow((void **)out, &cap, *n + 1, sizeof(**out));
			(*out)[(*n)++] = (uint16_t)v;
		}
	}
	free(copy);
	return 0;
bad:
	free(copy);
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

static void hl_free(hostlist_t *hl)
{
	if (hl)
		hostlist_destroy(hl);
}

/* NodeHostname= and NodeAddr= hostlists pair up with the NodeName list in
 * order; a single value serves every node (several node daemons on one
 * host, as FLURM's test clusters run). */
static int aux_list(struct parser *ps, const char *key, const char *expr,
		    size_t count, hostlist_t **out)
{
	size_t n;

	*out = NULL;
	if (!expr)
		return 0;
	if (!(*out = hostlist_create(expr)))
		return fail(ps, "invalid %s value '%s': %s", key, expr, err_msg());
	n = hostlist_count(*out);
	if (n != count && n != 1)
		return fail(ps, "%s has %zu entries for %zu nodes (give one "
			    "per node, or one for all)", key, n, count);
	return 0;
}

static const char *aux_nth(const hostlist_t *hl, size_t i)
{
	if (!hl)
		return NULL;
	return hostlist_nth(hl, hostlist_count(hl) == 1 ? 0 : i);
}

static int node_build(struct parser *ps, const char *names_expr,
		      const struct attrs *a)
{
	struct slurm_conf *conf = ps->conf;
	const struct attrs *d = &ps->node_dflt;
	hostlist_t *names = NULL, *hosts = NULL, *addrs = NULL;
	uint16_t *ports = NULL;
	size_t count, n_ports = 0, i;
	uint64_t boards, cores, threads, sockets, cpus;
	const char *port_str, *features;
	uint32_t weight;
	int rc = -1;

	if (!(names = hostlist_create(names_expr))) {
		fail(ps, "invalid NodeName value '%s': %s", names_expr,
		     err_msg());
		goto out;
	}
	count = hostlist_count(names);
	if (!count) {
		fail(ps, "NodeName is empty");
		goto out;
	}
	/* a typo like n[1-10000000] must not exhaust memory */
	if (count + conf->n_nodes > MAX_NODES) {
		fail(ps, "more than %d nodes", MAX_NODES);
		goto out;
	}
	if (aux_list(ps, "NodeHostname", str_or(a, d, NA_HOSTNAME), count,
		     &hosts) < 0 ||
	    aux_list(ps, "NodeAddr", str_or(a, d, NA_ADDR), count, &addrs) < 0)
		goto out;
	if ((port_str = str_or(a, d, NA_PORT))) {
		if (parse_ports(port_str, &ports, &n_ports) < 0) {
			fail(ps, "invalid Port value '%s'", port_str);
			goto out;
		}
		if (n_ports != count && n_ports != 1) {
			fail(ps, "Port has %zu entries for %zu nodes (give one "
			     "per node, or one for all)", n_ports, count);
			goto out;
		}
	}

	/* Sockets, then CPUs, fill in from each other as Slurm does. */
	boards = num_or(a, d, NA_BOARDS, 1);
	cores = num_or(a, d, NA_CORES, 1);
	threads = num_or(a, d, NA_THREADS, 1);
	cpus = num_or(a, d, NA_CPUS, 0);
	if (pick(a, d, NA_SOCKETS_PER_BOARD)) {
		if (pick(a, d, NA_SOCKETS))
			log_warn("%s:%d: NodeName=%s has both Sockets and "
				 "SocketsPerBoard; using SocketsPerBoard",
				 ps->cur_file, ps->cur_line, names_expr);
		sockets = boards * num_or(a, d, NA_SOCKETS_PER_BOARD, 1);
	} else if (pick(a, d, NA_SOCKETS)) {
		sockets = num_or(a, d, NA_SOCKETS, 1);
	} else if (cpus && cpus % (cores * threads) == 0) {
		sockets = cpus / (cores * threads);
	} else {
		sockets = boards;
	}
	if (sockets > 0xffff) {
		fail(ps, "NodeName=%s has too many sockets (%llu)", names_expr,
		     (unsigned long long)sockets);
		goto out;
	}
	if (!cpus) {
		cpus = sockets * cores * threads;
	} else if (cpus != sockets && cpus != sockets * cores &&
		   cpus != sockets * cores * threads) {
		log_warn("%s:%d: NodeName=%s CPUs=%llu matches neither "
			 "Sockets, Sockets*CoresPerSocket nor "
			 "Sockets*CoresPerSocket*ThreadsPerCore; using %llu",
			 ps->cur_file, ps->cur_line, names_expr,
			 (unsigned long long)cpus,
			 (unsigned long long)(sockets * cores * threads));
		cpus = sockets * cores * threads;
	}
	if (cpus > 0xffff) {
		fail(ps, "NodeName=%s has too many CPUs (%llu)", names_expr,
		     (unsigned long long)cpus);
		goto out;
	}
	if (sockets < boards)
		boards = 1;
	/* INFINITE is reserved; Slurm lowers it the same way */
	weight = (uint32_t)num_or(a, d, NA_WEIGHT, 1);
	if (weight == SLURM_CONF_INFINITE)
		weight--;
	features = str_or(a, d, NA_FEATURES);

	for (i = 0; i < count; i++) {
		const char *name = hostlist_nth(names, i);
		struct slurm_conf_node *nd;
		long dup = index_find(conf, name);

		if (dup >= 0) {
			fail(ps, "duplicate node '%s' (already defined at %s:%d)",
			     name, ps->node_where[dup].file,
			     ps->node_where[dup].line);
			goto out;
		}
		xgrow((void **)&conf->nodes, &ps->cap_nodes, conf->n_nodes + 1,
		      sizeof(*conf->nodes));
		xgrow((void **)&ps->node_where, &ps->cap_node_where,
		      conf->n_nodes + 1, sizeof(*ps->node_where));
		ps->node_where[conf->n_nodes] =
			(struct where){ ps->cur_file, ps->cur_line };
		nd = &conf->nodes[conf->n_nodes];
		memset(nd, 0, sizeof(*nd));
		nd->name = xstrdup(name);
		nd->hostname = xstrdup(hosts ? aux_nth(hosts, i) : name);
		nd->addr = xstrdup(addrs ? aux_nth(addrs, i) : nd->hostname);
		nd->port = ports ? ports[n_ports == 1 ? 0 : i] : 0;
		nd->cpus = (uint32_t)cpus;
		nd->boards = (uint16_t)boards;
		nd->sockets = (uint16_t)sockets;
		nd->cores_per_socket = (uint16_t)cores;
		nd->threads_per_core = (uint16_t)threads;
		nd->real_memory = num_or(a, d, NA_REAL_MEMORY, 1);
		nd->tmp_disk = (uint32_t)num_or(a, d, NA_TMP_DISK, 0);
		nd->weight = weight;
		nd->gres = xstrdup(str_or(a, d, NA_GRES));
		nd->features_str = xstrdup(features);
		nd->features = split_commas(features, &nd->n_features);
		nd->state = (enum slurm_conf_node_state)num_or(a, d, NA_STATE,
						SLURM_CONF_NODE_UNKNOWN);
		nd->reason = xstrdup(str_or(a, d, NA_REASON));
		conf->n_nodes++;
		index_add(conf, conf->n_nodes - 1);
	}
	rc = 0;
out:
	hl_free(names);
	hl_free(hosts);
	hl_free(addrs);
	free(ports);
	return rc;
}

static int node_line(struct parser *ps, const struct pair *pairs, size_t n)
{
	const char *name = pairs[0].value;
	char *scope = xasprintf("NodeName=%s", name);
	struct attrs a;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	if (read_attrs(ps, node_defs, N_NODE_DEFS, pairs, n, scope, &a) < 0)
		goto out;
	if (!strcasecmp(name, "DEFAULT")) {
		if (a.set[NA_ADDR] || a.set[NA_HOSTNAME]) {
			fail(ps, "%s is not allowed with NodeName=DEFAULT",
			     a.set[NA_ADDR] ? "NodeAddr" : "NodeHostname");
			goto out;
		}
		attrs_merge(&ps->node_dflt, &a);
		rc = 0;
	} else if (!strcasecmp(name, "ALL")) {
		fail(ps, "'ALL' is a reserved word and cannot be a NodeName");
	} else {
		rc = node_build(ps, name, &a);
	}
out:
	attrs_free(&a);
	free(scope);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Partitions. */

enum {
	PA_NODES, PA_DEFAULT, PA_MAX_TIME, PA_DEFAULT_TIME, PA_STATE,
	PA_PRIO_TIER, PA_PRIO_JOB_FACTOR, PA_PRIORITY, PA_MAX_NODES,
	PA_MIN_NODES, PA_ALLOW_GROUPS, PA_HIDDEN, PA_OVERSUBSCRIBE,
	PA_DEF_MEM_CPU, PA_DEF_MEM_NODE, PA_MAX_MEM_CPU, PA_MAX_MEM_NODE,
};

static const struct attr_def part_defs[] = {
	{ "Nodes", PA_NODES, V_STR, 0 },
	{ "Default", PA_DEFAULT, V_BOOL, 0 },
	{ "MaxTime", PA_MAX_TIME, V_TIME, 0 },
	{ "DefaultTime", PA_DEFAULT_TIME, V_TIME, 0 },
	{ "State", PA_STATE, V_PART_STATE, 0 },
	{ "PriorityTier", PA_PRIO_TIER, V_U16, 0 },
	{ "PriorityJobFactor", PA_PRIO_JOB_FACTOR, V_U16, 0 },
	{ "Priority", PA_PRIORITY, V_U16, 0 },
	{ "MaxNodes", PA_MAX_NODES, V_U32_INF, 0 },
	{ "MinNodes", PA_MIN_NODES, V_U32, 0 },
	{ "AllowGroups", PA_ALLOW_GROUPS, V_STR, 0 },
	{ "Hidden", PA_HIDDEN, V_BOOL, 0 },
	{ "OverSubscribe", PA_OVERSUBSCRIBE, V_OVERSUB, 0 },
	{ "Shared", PA_OVERSUBSCRIBE, V_OVERSUB, 0 },
	{ "DefMemPerCPU", PA_DEF_MEM_CPU, V_U64, 0 },
	{ "DefMemPerNode", PA_DEF_MEM_NODE, V_U64, 0 },
	{ "MaxMemPerCPU", PA_MAX_MEM_CPU, V_U64, 0 },
	{ "MaxMemPerNode", PA_MAX_MEM_NODE, V_U64, 0 },
};
#define N_PART_DEFS (sizeof(part_defs) / sizeof(part_defs[0]))

static int part_build(struct parser *ps, const char *name, const struct attrs *a)
{
	struct slurm_conf *conf = ps->conf;
	const struct attrs *d = &ps->part_dflt;
	struct slurm_conf_part *p;
	const char *groups;
	uint64_t mem;
	size_t i;

	for (i = 0; i < conf->n_parts; i++)
		if (!strcmp(conf->parts[i].name, name))
			return fail(ps, "duplicate partition '%s' (already "
				    "defined at %s:%d)", name,
				    ps->part_where[i].file,
				    ps->part_where[i].line);
	xgrow((void **)&conf->parts, &ps->cap_parts, conf->n_parts + 1,
	      sizeof(*conf->parts));
	xgrow((void **)&ps->part_where, &ps->cap_part_where, conf->n_parts + 1,
	      sizeof(*ps->part_where));
	xgrow((void **)&ps->part_nodes, &ps->cap_part_nodes, conf->n_parts + 1,
	      sizeof(*ps->part_nodes));
	ps->part_where[conf->n_parts] = (struct where){ ps->cur_file,
							ps->cur_line };
	/* Slurm reads "Nodes=\"n1 n2\"" as "n1,n2" */
	ps->part_nodes[conf->n_parts] = xstrdup(str_or(a, d, PA_NODES));
	for (char *c = ps->part_nodes[conf->n_parts]; c && *c; c++)
		if (isspace((unsigned char)*c))
			*c = ',';
	p = &conf->parts[conf->n_parts++];
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->is_default = num_or(a, d, PA_DEFAULT, 0);
	p->hidden = num_or(a, d, PA_HIDDEN, 0);
	p->max_time = (uint32_t)num_or(a, d, PA_MAX_TIME, SLURM_CONF_INFINITE);
	p->default_time = (uint32_t)num_or(a, d, PA_DEFAULT_TIME,
					   SLURM_CONF_NO_VAL);
	p->state = (enum slurm_conf_part_state)num_or(a, d, PA_STATE,
						      SLURM_CONF_PART_UP);
	p->priority_tier = (uint16_t)num_or(a, d, PA_PRIO_TIER, 1);
	p->priority_job_factor = (uint16_t)num_or(a, d, PA_PRIO_JOB_FACTOR, 1);
	if (pick(a, d, PA_PRIORITY)) {
		/* the old Priority= sets both, as in Slurm */
		p->priority_tier = (uint16_t)num_or(a, d, PA_PRIORITY, 1);
		p->priority_job_factor = p->priority_tier;
	}
	p->max_nodes = (uint32_t)num_or(a, d, PA_MAX_NODES, SLURM_CONF_INFINITE);
	p->min_nodes = (uint32_t)num_or(a, d, PA_MIN_NODES, 0);
	groups = str_or(a, d, PA_ALLOW_GROUPS);
	if (groups && strcasecmp(groups, "ALL"))
		p->allow_groups = split_commas(groups, &p->n_allow_groups);
	p->oversubscribe = xstrdup(str_or(a, d, PA_OVERSUBSCRIBE));
	/* per node before per CPU, as slurmctld reads them */
	if ((mem = num_or(a, d, PA_DEF_MEM_NODE, 0)))
		p->def_mem = mem;
	else if ((mem = num_or(a, d, PA_DEF_MEM_CPU, 0)))
		p->def_mem = mem | SLURM_CONF_MEM_PER_CPU;
	if ((mem = num_or(a, d, PA_MAX_MEM_NODE, 0)))
		p->max_mem = mem;
	else if ((mem = num_or(a, d, PA_MAX_MEM_CPU, 0)))
		p->max_mem = mem | SLURM_CONF_MEM_PER_CPU;
	p->nodes = xstrdup("");
	return 0;
}

static int part_line(struct parser *ps, const struct pair *pairs, size_t n)
{
	const char *name = pairs[0].value;
	char *scope = xasprintf("PartitionName=%s", name);
	struct attrs a;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	if (read_attrs(ps, part_defs, N_PART_DEFS, pairs, n, scope, &a) < 0)
		goto out;
	if (!*name) {
		fail(ps, "PartitionName is empty");
	} else if (!strcasecmp(name, "DEFAULT")) {
		attrs_merge(&ps->part_dflt, &a);
		rc = 0;
	} else {
		rc = part_build(ps, name, &a);
	}
out:
	attrs_free(&a);
	free(scope);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Global keys. */

enum gtype {
	G_STR, G_CLUSTER, G_CTLD_HOST, G_LEGACY, G_CTLD_PORT, G_PORT,
	G_AUTH_TYPE, G_AUTH_INFO, G_U32, G_U32_INF, G_R2S,
};

struct global_def {
	const char *key;
	enum gtype type;
	size_t off;		/* field in struct slurm_conf; legacy index */
};

#define OFF(f) offsetof(struct slurm_conf, f)
static const struct global_def global_defs[] = {
	{ "ClusterName", G_CLUSTER, OFF(cluster_name) },
	{ "SlurmctldHost", G_CTLD_HOST, 0 },
	{ "ControlMachine", G_LEGACY, 0 },
	{ "ControlAddr", G_LEGACY, 1 },
	{ "BackupController", G_LEGACY, 2 },
	{ "BackupAddr", G_LEGACY, 3 },
	{ "SlurmctldPort", G_CTLD_PORT, 0 },
	{ "SlurmdPort", G_PORT, OFF(slurmd_port) },
	{ "AuthType", G_AUTH_TYPE, 0 },
	{ "AuthInfo", G_AUTH_INFO, 0 },
	{ "SlurmUser", G_STR, OFF(slurm_user) },
	{ "Prolog", G_STR, OFF(prolog) },
	{ "Epilog", G_STR, OFF(epilog) },
	{ "PrologEpilogTimeout", G_U32_INF, OFF(prolog_epilog_timeout) },
	{ "SchedulerType", G_STR, OFF(scheduler_type) },
	{ "MinJobAge", G_U32, OFF(min_job_age) },
	{ "KillWait", G_U32, OFF(kill_wait) },
	{ "SlurmdTimeout", G_U32, OFF(slurmd_timeout) },
	{ "MessageTimeout", G_U32, OFF(message_timeout) },
	{ "ReturnToService", G_R2S, OFF(return_to_service) },
	{ "SlurmdSpoolDir", G_STR, OFF(slurmd_spool_dir) },
	{ "StateSaveLocation", G_STR, OFF(state_save_location) },
};
#define N_GLOBAL_DEFS (sizeof(global_defs) / sizeof(global_defs[0]))

/* Keys that start a record of their own; FLURM keeps the ones it does not
 * use whole instead of mistaking their attributes for global keys. */
static const char *const record_keys[] = {
	"NodeName", "PartitionName", "DownNodes", "FrontendName", "NodeSet",
};

static bool is_record_key(const char *key)
{
	return find_name(record_keys, 5, key) >= 0;
}

static int ctld_host(struct parser *ps, const char *v)
{
	struct slurm_conf *conf = ps->conf;
	const char *open = strchr(v, '('), *close = strchr(v, ')');
	struct slurm_conf_ctld *c;
	size_t n = conf->n_ctlds;

	if (!*v || (!open) != (!close) ||
	    (open && (close < open || close[1] || open == v ||
		      close == open + 1 || strchr(open + 1, '('))))
		return fail(ps, "invalid SlurmctldHost value '%s' (expected "
			    "NAME or NAME(ADDRESS))", v);
	xgrow((void **)&conf->ctlds, &ps->cap_ctlds, n + 1, sizeof(*conf->ctlds));
	xgrow((void **)&ps->ctld_where, &ps->cap_ctld_where, n + 1,
	      sizeof(*ps->ctld_where));
	c = &conf->ctlds[n];
	if (open) {
		c->name = xstrndup(v, (size_t)(open - v));
		c->addr = xstrndup(open + 1, (size_t)(close - open - 1));
	} else {
		c->name = xstrdup(v);
		c->addr = xstrdup(v);
	}
	ps->ctld_where[n] = (struct where){ ps->cur_file, ps->cur_line };
	conf->n_ctlds++;
	return 0;
}

static int ctld_port(struct parser *ps, const char *v)
{
	const char *dash = strchr(v, '-');
	char *lo_s = dash ? xstrndup(v, (size_t)(dash - v)) : xstrdup(v);
	uint64_t lo, hi;
	bool ok;

	ok = parse_u64(lo_s, 0xffff, false, false, 0, &lo) && lo > 0;
	free(lo_s);
	hi = lo;
	if (ok && dash)
		ok = parse_u64(dash + 1, 0xffff, false, false, 0, &hi) &&
		     hi >= lo;
	if (!ok)
		return fail(ps, "invalid SlurmctldPort value '%s' (expected "
			    "PORT or FIRST-LAST)", v);
	ps->conf->slurmctld_port = (uint16_t)lo;
	ps->conf->slurmctld_port_count = (uint16_t)(hi - lo + 1);
	return 0;
}

/* AuthInfo is a comma list ("socket=/run/munge/munge.socket.2,ttl=60");
 * socket= and cred_expire= matter to FLURM, the whole string is kept.
 * cred_expire= is read as Slurm's slurm_cred.c reads it: its number
 * (atoi), and the default with an error when that is below 5. */
static void auth_info(struct parser *ps, const char *v)
{
	struct slurm_conf *conf = ps->conf;
	size_t n, i;
	char **items = split_commas(v, &n);
	const char *ce = strstr(v, "cred_expire=");

	free(conf->auth_info);
	free(conf->munge_socket);
	conf->auth_info = *v ? xstrdup(v) : NULL;
	conf->munge_socket = NULL;
	for (i = 0; i < n; i++) {
		if (!strncasecmp(items[i], "socket=", 7) && items[i][7]) {
			free(conf->munge_socket);
			conf->munge_socket = xstrdup(items[i] + 7);
		}
	}
	free_strv(items, n);
	conf->cred_expire = SLURM_CONF_CRED_EXPIRE;
	if (ce) {
		long e = strtol(ce + strlen("cred_expire="), NULL, 10);

		if (e > INT32_MAX)
			e = INT32_MAX;
		if (e < SLURM_CONF_CRED_EXPIRE_MIN)
			log_warn("%s:%d: AuthInfo=cred_expire=%ld invalid "
				 "(at least %d): using %d", ps->cur_file,
				 ps->cur_line, e, SLURM_CONF_CRED_EXPIRE_MIN,
				 SLURM_CONF_CRED_EXPIRE);
		else
			conf->cred_expire = (uint32_t)e;
	}
}

static int global_pair(struct parser *ps, const struct pair *pr)
{
	struct slurm_conf *conf = ps->conf;
	const struct global_def *d = NULL;
	char *base = (char *)conf;
	uint64_t num;
	size_t i;

	for (i = 0; i < N_GLOBAL_DEFS && !d; i++)
		if (!strcasecmp(global_defs[i].key, pr->key))
			d = &global_defs[i];
	if (!d) {
		if (is_record_key(pr->key))
			return fail(ps, "%s must begin its own line", pr->key);
		keep_unknown(ps, pr->key, pr->value, NULL, false);
		return 0;
	}
	switch (d->type) {
	case G_STR: {
		char **field = (char **)(base + d->off);

		/* an empty value means "unset": the default applies */
		free(*field);
		*field = *pr->value ? xstrdup(pr->value) : NULL;
		return 0;
	}
	case G_CLUSTER:
		/* Slurm lower-cases the cluster name everywhere */
		free(conf->cluster_name);
		conf->cluster_name = *pr->value ? xstrdup(pr->value) : NULL;
		for (char *c = conf->cluster_name; c && *c; c++)
			*c = (char)tolower((unsigned char)*c);
		return 0;
	case G_CTLD_HOST:
		return ctld_host(ps, pr->value);
	case G_LEGACY:
		free(ps->legacy[d->off]);
		ps->legacy[d->off] = *pr->value ? xstrdup(pr->value) : NULL;
		ps->legacy_where[d->off] = (struct where){ ps->cur_file,
							   ps->cur_line };
		return 0;
	case G_CTLD_PORT:
		return ctld_port(ps, pr->value);
	case G_PORT:
		if (!parse_u64(pr->value, 0xffff, false, false, 0, &num) || !num)
			break;
		*(uint16_t *)(base + d->off) = (uint16_t)num;
		return 0;
	case G_AUTH_TYPE:
		if (!strcasecmp(pr->value, "auth/munge"))
			conf->auth_type = SLURM_CONF_AUTH_MUNGE;
		else if (!strcasecmp(pr->value, "auth/none"))
			conf->auth_type = SLURM_CONF_AUTH_NONE;
		else
			return fail(ps, "unsupported AuthType '%s' (FLURM "
				    "supports auth/munge and auth/none)",
				    pr->value);
		return 0;
	case G_AUTH_INFO:
		auth_info(ps, pr->value);
		return 0;
	case G_U32:
	case G_U32_INF:
		if (!parse_u64(pr->value, 0xfffffffdu, false,
			       d->type == G_U32_INF, SLURM_CONF_INFINITE, &num))
			break;
		*(uint32_t *)(base + d->off) = (uint32_t)num;
		return 0;
	case G_R2S:
		if (!parse_u64(pr->value, 2, false, false, 0, &num))
			break;
		*(uint16_t *)(base + d->off) = (uint16_t)num;
		return 0;
	}
	return fail(ps, "invalid %s value '%s'", d->key, pr->value);
}

/* ---------------------------------------------------------------- */
/* Lines. */

static int parse_file(struct parser *ps, const char *path, bool nested);

/* One word: up to unquoted white space; quotes group, backslash escapes. */
static int read_word(struct parser *ps, const char **pp, char **out)
{
	const char *p = *pp;
	char *buf = xmalloc(strlen(p) + 1);
	size_t n = 0;
	bool quoted = false;

	while (*p) {
		if (*p == '\\' && p[1]) {
			buf[n++] = p[1];
			p += 2;
		} else if (*p == '"') {
			quoted = !quoted;
			p++;
		} else if (!quoted && isspace((unsigned char)*p)) {
			break;
		} else {
			buf[n++] = *p++;
		}
	}
	if (quoted) {
		free(buf);
		return fail(ps, "unterminated quote");
	}
	buf[n] = '\0';
	*pp = p;
	*out = buf;
	return 0;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static bool is_key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

static void free_pairs(struct pair *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* "Key=Value Key2="quoted value" ..." into pairs. */
static int split_pairs(struct parser *ps, const char *line, struct pair **out,
		       size_t *count)
{
	struct pair *v = NULL;
	size_t n = 0, cap = 0;
	const char *p = skip_space(line);

	while (*p) {
		const char *k = p, *q;
		char *key, *value;

		while (is_key_char(*p))
			p++;
		q = skip_space(p);
		if (p == k || *q != '=') {
			char *word = NULL;

			p = k;
			if (read_word(ps, &p, &word) == 0) {
				fail(ps, "expected KEY=VALUE but found '%s'",
				     word);
				free(word);
			}
			goto bad;
		}
		key = xstrndup(k, (size_t)(p - k));
		p = skip_space(q + 1);
		if (read_word(ps, &p, &value) < 0) {
			free(key);
			goto bad;
		}
		xgrow((void **)&v, &cap, n + 1, sizeof(*v));
		v[n].key = key;
		v[n].value = value;
		n++;
		p = skip_space(p);
	}
	*out = v;
	*count = n;
	return 0;
bad:
	free_pairs(v, n);
	return -1;
}

static char *include_path(struct parser *ps, const char *arg)
{
	const char *slash = strrchr(ps->cur_file, '/');
	const char *cluster = ps->conf->cluster_name;
	const char *from = arg, *pc;
	char *name = xstrdup(""), *path;

	/* %c is the cluster name, as in Slurm. One pass from left to right:
	 * a cluster name that itself holds "%c" is not expanded again. */
	while ((pc = strstr(from, "%c"))) {
		if (!cluster) {
			fail(ps, "Include '%s' uses %%c before ClusterName is "
			     "set", arg);
			free(name);
			return NULL;
		}
		xstrfmtcat(&name, "%.*s%s", (int)(pc - from), from, cluster);
		from = pc + 2;
	}
	xstrfmtcat(&name, "%s", from);
	if (name[0] == '/' || !slash)
		return name;
	path = xasprintf("%.*s/%s", (int)(slash - ps->cur_file), ps->cur_file,
			 name);
	free(name);
	return path;
}

static int do_include(struct parser *ps, const char *arg)
{
	char *path = include_path(ps, arg);
	glob_t g;
	size_t i;
	int rc = 0, grc;

	if (!path)
		return -1;
	if (!strpbrk(path, "*?[")) {
		rc = parse_file(ps, path, true);
		free(path);
		return rc;
	}
	grc = glob(path, 0, NULL, &g);
	if (grc == GLOB_NOMATCH) {
		log_debug("%s:%d: Include '%s' matches no file", ps->cur_file,
			  ps->cur_line, arg);
	} else if (grc) {
		rc = fail(ps, "cannot expand Include '%s'", arg);
	} else {
		for (i = 0; i < g.gl_pathc && rc == 0; i++)
			rc = parse_file(ps, g.gl_pathv[i], true);
	}
	if (grc == 0)
		globfree(&g);
	free(path);
	return rc;
}

static int process_line(struct parser *ps, const char *line)
{
	const char *p = skip_space(line);
	struct pair *pairs = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (!*p)
		return 0;
	if (!strncasecmp(p, "include", 7) && isspace((unsigned char)p[7])) {
		char *arg = NULL;

		p = skip_space(p + 7);
		if (read_word(ps, &p, &arg) < 0)
			return -1;
		if (!*arg)
			rc = fail(ps, "Include needs a file name");
		else if (*skip_space(p))
			rc = fail(ps, "unexpected text after Include '%s'", arg);
		else
			rc = do_include(ps, arg);
		free(arg);
		return rc;
	}
	if (split_pairs(ps, p, &pairs, &n) < 0)
		return -1;
	if (!strcasecmp(pairs[0].key, "NodeName")) {
		rc = node_line(ps, pairs, n);
	} else if (!strcasecmp(pairs[0].key, "PartitionName")) {
		rc = part_line(ps, pairs, n);
	} else if (is_record_key(pairs[0].key)) {
		char *scope = xasprintf("%s=%s", pairs[0].key, pairs[0].value);

		keep_unknown(ps, pairs[0].key, pairs[0].value, NULL, false);
		for (i = 1; i < n; i++)
			keep_unknown(ps, pairs[i].key, pairs[i].value, scope,
				     true);
		free(scope);
	} else {
		for (i = 0; i < n && rc == 0; i++)
			rc = global_pair(ps, &pairs[i]);
	}
	free_pairs(pairs, n);
	return rc;
}

/* Join continued lines, cut comments, hand each logical line on. */
/* slurmctld's checksum of slurm.conf (parse_config.c, _compute_hash_val):
 * a CRC-16 style shift over every byte read, kept in 32 bits. Bytes are
 * taken as signed chars, as Slurm's code does on x86. */
static void conf_hash(uint32_t *h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		*h ^= (uint32_t)((int32_t)(signed char)p[i] * 256);
		for (int k = 0; k < 8; k++)
			*h = (*h & 0x8000) ? (*h << 1) ^ 4129 : *h << 1;
	}
}

static int parse_text(struct parser *ps, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char *line = NULL;
	size_t cap = 0;
	int lineno = 1, rc = 0;

	while (p < end && rc == 0) {
		size_t used = 0;
		bool quoted = false, cont;

		ps->cur_line = lineno;
		do {
			const char *eol = memchr(p, '\n', (size_t)(end - p));
			size_t n = (size_t)((eol ? eol : end) - p), cut = n, j;
			size_t bs = 0;

			conf_hash(&ps->conf->hash_val, p,
				  eol ? n + 1 : n);
			for (j = 0; j < n; j++) {
				if (p[j] == '\\')
					j++;	/* escaped: not a quote or comment */
				else if (p[j] == '"')
					quoted = !quoted;
				else if (p[j] == '#' && !quoted) {
					cut = j;
					break;
				}
			}
			while (cut && isspace((unsigned char)p[cut - 1]))
				cut--;
			while (bs < cut && p[cut - 1 - bs] == '\\')
				bs++;
			cont = bs % 2 == 1;
			if (cont)
				cut--;
			xgrow((void **)&line, &cap, used + cut + 1, 1);
			memcpy(line + used, p, cut);
			used += cut;
			p = eol ? eol + 1 : end;
			lineno++;
		} while (cont && p < end);
		line[used] = '\0';
		rc = process_line(ps, line);
	}
	free(line);
	return rc;
}

static int read_all(const char *path, char **text, size_t *len, struct stat *st)
{
	FILE *fp = fopen(path, "r");
	size_t cap = 4096, n = 0, got;
	char *buf;

	if (!fp) {
		err_set_errno("cannot read '%s'", path);
		return -1;
	}
	if (fstat(fileno(fp), st) < 0 || S_ISDIR(st->st_mode)) {
		if (S_ISDIR(st->st_mode))
			errno = EISDIR;
		err_set_errno("cannot read '%s'", path);
		fclose(fp);
		return -1;
	}
	buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (ferror(fp)) {
		err_set_errno("cannot read '%s'", path);
		goto bad;
	}
	if (memchr(buf, '\0', n)) {
		err_set("'%s' is not a text file (it contains a NUL byte)",
			path);
		goto bad;
	}
	fclose(fp);
	*text = buf;
	*len = n;
	return 0;
bad:
	fclose(fp);
	free(buf);
	return -1;
}

static const char *remember_file(struct parser *ps, const char *name)
{
	xgrow((void **)&ps->files, &ps->cap_files, ps->n_files + 1,
	      sizeof(*ps->files));
	ps->files[ps->n_files] = xstrdup(name);
	return ps->files[ps->n_files++];
}

/* Parse TEXT as file NAME, one level deeper in the include stack. */
static int parse_named(struct parser *ps, const char *name, const char *text,
		       size_t len, const struct open_file *id)
{
	const char *saved_file = ps->cur_file;
	int saved_line = ps->cur_line, rc;

	ps->stack[ps->depth++] = *id;
	ps->cur_file = remember_file(ps, name);
	rc = parse_text(ps, text, len);
	ps->depth--;
	ps->cur_file = saved_file;
	ps->cur_line = saved_line;
	return rc;
}

static int parse_file(struct parser *ps, const char *path, bool nested)
{
	struct open_file id = { 0, 0, true };
	struct stat st;
	char *text;
	size_t len, i;
	int rc;

	if (read_all(path, &text, &len, &st) < 0) {
		char msg[1024];

		if (!nested)
			return -1;
		snprintf(msg, sizeof(msg), "%s", err_msg());
		return fail(ps, "Include failed: %s", msg);
	}
	id.dev = st.st_dev;
	id.ino = st.st_ino;
	for (i = 0; i < ps->depth; i++) {
		if (ps->stack[i].known && ps->stack[i].dev == id.dev &&
		    ps->stack[i].ino == id.ino) {
			free(text);
			return fail(ps, "include loop: '%s' is already being "
				    "read", path);
		}
	}
	if (ps->depth >= MAX_INCLUDE_DEPTH) {
		free(text);
		return fail(ps, "includes nested more than %d deep",
			    MAX_INCLUDE_DEPTH);
	}
	rc = parse_named(ps, path, text, len, &id);
	free(text);
	return rc;
}

/* ---------------------------------------------------------------- */
/* After the last line. */

static int finish_ctlds(struct parser *ps)
{
	struct slurm_conf *conf = ps->conf;
	char **L = ps->legacy;
	size_t i, j;

	if (conf->n_ctlds) {
		if (L[0] || L[1] || L[2] || L[3])
			log_warn("%s: SlurmctldHost is set, so ControlMachine, "
				 "ControlAddr, BackupController and BackupAddr "
				 "are ignored", conf->path);
	} else if (L[0]) {
		conf->ctlds = xcalloc(2, sizeof(*conf->ctlds));
		ps->ctld_where = xcalloc(2, sizeof(*ps->ctld_where));
		conf->ctlds[0].name = xstrdup(L[0]);
		conf->ctlds[0].addr = xstrdup(L[1] ? L[1] : L[0]);
		ps->ctld_where[0] = ps->legacy_where[0];
		conf->n_ctlds = 1;
		if (L[2]) {
			conf->ctlds[1].name = xstrdup(L[2]);
			conf->ctlds[1].addr = xstrdup(L[3] ? L[3] : L[2]);
			ps->ctld_where[1] = ps->legacy_where[2];
			conf->n_ctlds = 2;
		} else if (L[3]) {
			return fail_at(ps->legacy_where[3].file,
				       ps->legacy_where[3].line,
				       "BackupAddr without BackupController");
		}
	} else if (L[1] || L[2] || L[3]) {
		int k = L[1] ? 1 : L[2] ? 2 : 3;

		return fail_at(ps->legacy_where[k].file, ps->legacy_where[k].line,
			       "%s without ControlMachine",
			       k == 1 ? "ControlAddr" : k == 2 ?
			       "BackupController" : "BackupAddr");
	}
	for (i = 1; i < conf->n_ctlds; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(conf->ctlds[i].name, conf->ctlds[j].name))
				return fail_at(ps->ctld_where[i].file,
					       ps->ctld_where[i].line,
					       "duplicate SlurmctldHost '%s'",
					       conf->ctlds[i].name);
	return 0;
}

static int finish_part(struct parser *ps, size_t pi)
{
	struct slurm_conf *conf = ps->conf;
	struct slurm_conf_part *p = &conf->parts[pi];
	const char *expr = ps->part_nodes[pi];
	const struct where *w = &ps->part_where[pi];
	hostlist_t *hl = NULL, *members = NULL;
	bool *in = NULL;
	size_t i, n;
	int rc = -1;

	if (!expr || !*expr)
		return 0;
	in = xcalloc(conf->n_nodes + 1, sizeof(*in));
	if (!strcasecmp(expr, "ALL")) {
		p->all_nodes = true;
		for (i = 0; i < conf->n_nodes; i++)
			in[i] = true;
	} else {
		if (!(hl = hostlist_create(expr))) {
			fail_at(w->file, w->line, "partition '%s': invalid "
				"Nodes value '%s': %s", p->name, expr, err_msg());
			goto out;
		}
		for (i = 0; i < hostlist_count(hl); i++) {
			const char *host = hostlist_nth(hl, i);
			long idx = index_find(conf, host);

			if (idx < 0) {
				fail_at(w->file, w->line, "partition '%s': "
					"unknown node '%s' in Nodes", p->name,
					host);
				goto out;
			}
			in[idx] = true;
		}
	}
	/* members in node-table order, as Slurm's partition bitmaps are */
	for (i = 0, n = 0; i < conf->n_nodes; i++)
		n += in[i];
	p->node_idx = xcalloc(n ? n : 1, sizeof(*p->node_idx));
	members = hostlist_create(NULL);
	if (!members) {
		fail_at(w->file, w->line, "partition '%s': %s", p->name,
			err_msg());
		goto out;
	}
	for (i = 0; i < conf->n_nodes; i++) {
		if (!in[i])
			continue;
		p->node_idx[p->n_nodes++] = i;
		hostlist_push_host(members, conf->nodes[i].name);
	}
	free(p->nodes);
	p->nodes = hostlist_ranged_string(members);
	if (!p->nodes)
		p->nodes = xstrdup("");
	rc = 0;
out:
	hl_free(hl);
	hl_free(members);
	free(in);
	return rc;
}

static void set_default_str(char **field, const char *def)
{
	if (!*field)
		*field = xstrdup(def);
}

static int finish(struct parser *ps)
{
	struct slurm_conf *conf = ps->conf;
	long dflt = -1;
	size_t i;

	set_default_str(&conf->slurm_user, "root");
	set_default_str(&conf->scheduler_type, "sched/backfill");
	set_default_str(&conf->slurmd_spool_dir, "/var/spool/slurmd");
	set_default_str(&conf->state_save_location, "/var/spool");
	if (finish_ctlds(ps) < 0)
		return -1;
	for (i = 0; i < conf->n_nodes; i++)
		if (!conf->nodes[i].port)
			conf->nodes[i].port = conf->slurmd_port;
	for (i = 0; i < conf->n_parts; i++) {
		if (finish_part(ps, i) < 0)
			return -1;
		if (!conf->parts[i].is_default)
			continue;
		if (dflt >= 0) {
			log_info("%s:%d: default partition changes from '%s' "
				 "to '%s'", ps->part_where[i].file,
				 ps->part_where[i].line, conf->parts[dflt].name,
				 conf->parts[i].name);
			conf->parts[dflt].is_default = false;
		}
		dflt = (long)i;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Entry points. */

static struct slurm_conf *conf_new(const char *path)
{
	struct slurm_conf *conf = xcalloc(1, sizeof(*conf));

	conf->path = xstrdup(path);
	conf->slurmctld_port = 6817;
	conf->slurmctld_port_count = 1;
	conf->slurmd_port = 6818;
	conf->auth_type = SLURM_CONF_AUTH_MUNGE;
	conf->cred_expire = SLURM_CONF_CRED_EXPIRE;
	conf->prolog_epilog_timeout = SLURM_CONF_INFINITE;
	conf->min_job_age = 300;
	conf->kill_wait = 30;
	conf->slurmd_timeout = 60;	/* FLURM's default; Slurm uses 300 */
	conf->message_timeout = 10;
	conf->return_to_service = 0;
	conf->node_index = xcalloc(1, sizeof(*conf->node_index));
	return conf;
}

static void parser_free(struct parser *ps)
{
	size_t i;

	for (i = 0; i < ps->n_files; i++)
		free(ps->files[i]);
	free(ps->files);
	attrs_free(&ps->node_dflt);
	attrs_free(&ps->part_dflt);
	free(ps->node_where);
	free(ps->part_where);
	for (i = 0; ps->part_nodes && i < ps->conf->n_parts; i++)
		free(ps->part_nodes[i]);
	free(ps->part_nodes);
	free(ps->ctld_where);
	for (i = 0; i < 4; i++)
		free(ps->legacy[i]);
}

static struct slurm_conf *run(const char *path, const char *text)
{
	struct parser ps;
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.conf = conf_new(path);
	ps.cur_file = path;
	if (text) {
		struct open_file id = { 0, 0, false };

		rc = parse_named(&ps, path, text, strlen(text), &id);
	} else {
		rc = parse_file(&ps, path, false);
	}
	if (rc == 0)
		rc = finish(&ps);
	parser_free(&ps);
	if (rc < 0) {
		slurm_conf_free(ps.conf);
		return NULL;
	}
	return ps.conf;
}

struct slurm_conf *slurm_conf_load(const char *path)
{
	if (!path || !*path) {
		err_set("no slurm.conf path given");
		return NULL;
	}
	return run(path, NULL);
}

struct slurm_conf *slurm_conf_parse_string(const char *text, const char *name)
{
	return run(name ? name : "slurm.conf", text ? text : "");
}

int slurm_conf_validate(const struct slurm_conf *conf)
{
	const char *path = conf->path ? conf->path : "slurm.conf";

	/* slurmctld refuses to start without these; a file cut short (an
	 * editor's crash, a full disk) usually lacks one of them */
	if (!conf->cluster_name || !*conf->cluster_name) {
		err_set("%s: ClusterName is not set; a controller needs it", path);
		return -1;
	}
	if (conf->n_ctlds == 0) {
		err_set("%s: no SlurmctldHost is set; a controller needs at "
			"least one", path);
		return -1;
	}
	if (conf->n_nodes == 0) {
		err_set("%s: no node is defined (NodeName=...); a controller "
			"needs at least one", path);
		return -1;
	}
	if (conf->n_parts == 0) {
		err_set("%s: no partition is defined (PartitionName=...); a "
			"controller needs at least one", path);
		return -1;
	}
	return 0;
}

void slurm_conf_free(struct slurm_conf *conf)
{
	size_t i;

	if (!conf)
		return;
	for (i = 0; i < conf->n_ctlds; i++) {
		free(conf->ctlds[i].name);
		free(conf->ctlds[i].addr);
	}
	free(conf->ctlds);
	for (i = 0; i < conf->n_nodes; i++) {
		struct slurm_conf_node *nd = &conf->nodes[i];

		free(nd->name);
		free(nd->hostname);
		free(nd->addr);
		free(nd->gres);
		free(nd->features_str);
		free_strv(nd->features, nd->n_features);
		free(nd->reason);
	}
	free(conf->nodes);
	for (i = 0; i < conf->n_parts; i++) {
		struct slurm_conf_part *p = &conf->parts[i];

		free(p->name);
		free(p->nodes);
		free(p->node_idx);
		free_strv(p->allow_groups, p->n_allow_groups);
		free(p->oversubscribe);
	}
	free(conf->parts);
	for (i = 0; i < conf->n_unknown; i++) {
		free(conf->unknown[i].key);
		free(conf->unknown[i].value);
		free(conf->unknown[i].scope);
	}
	free(conf->unknown);
	free(conf->path);
	free(conf->cluster_name);
	free(conf->auth_info);
	free(conf->munge_socket);
	free(conf->slurm_user);
	free(conf->prolog);
	free(conf->epilog);
	free(conf->scheduler_type);
	free(conf->slurmd_spool_dir);
	free(conf->state_save_location);
	if (conf->node_index)
		free(conf->node_index->slots);
	free(conf->node_index);
	free(conf);
}

const struct slurm_conf_node *slurm_conf_find_node(const struct slurm_conf *conf,
						   const char *name)
{
	long i = conf ? index_find(conf, name) : -1;

	return i < 0 ? NULL : &conf->nodes[i];
}

const struct slurm_conf_part *slurm_conf_find_part(const struct slurm_conf *conf,
						   const char *name)
{
	size_t i;

	for (i = 0; conf && name && i < conf->n_parts; i++)
		if (!strcmp(conf->parts[i].name, name))
			return &conf->parts[i];
	return NULL;
}

const struct slurm_conf_part *slurm_conf_default_part(const struct slurm_conf *conf)
{
	size_t i;

	for (i = 0; conf && i < conf->n_parts; i++)
		if (conf->parts[i].is_default)
			return &conf->parts[i];
	return NULL;
}

const struct slurm_conf_kv *slurm_conf_find_unknown(const struct slurm_conf *conf,
						    const char *key)
{
	size_t i;

	for (i = 0; conf && key && i < conf->n_unknown; i++)
		if (!strcasecmp(conf->unknown[i].key, key))
			return &conf->unknown[i];
	return NULL;
}

/* A global key's value as a plain number of MB; 0 if absent or not one. */
static uint64_t global_mb(const struct slurm_conf *conf, const char *key)
{
	char *end;
	unsigned long long v;

	for (size_t i = 0; conf && i < conf->n_unknown; i++) {
		const struct slurm_conf_kv *kv = &conf->unknown[i];

		if (kv->scope || strcasecmp(kv->key, key) || !kv->value)
			continue;
		errno = 0;
		v = strtoull(kv->value, &end, 10);
		if (errno || end == kv->value || *end || kv->value[0] == '-' ||
		    v >= SLURM_CONF_MEM_PER_CPU)
			return 0;
		return v;
	}
	return 0;
}

uint64_t slurm_conf_mem(const struct slurm_conf *conf, bool max)
{
	uint64_t v = global_mb(conf, max ? "MaxMemPerNode" : "DefMemPerNode");

	if (v)
		return v;
	v = global_mb(conf, max ? "MaxMemPerCPU" : "DefMemPerCPU");
	return v ? v | SLURM_CONF_MEM_PER_CPU : 0;
}

bool slurm_conf_list_has(const char *list, const char *word, size_t len,
			 bool nocase)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");

		if (n == len && !(nocase ? strncasecmp(p, word, len) :
					   strncmp(p, word, len)))
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

uint16_t slurm_conf_max_share(const char *s)
{
	uint64_t n = 4;

	if (!s || !strcasecmp(s, "NO"))
		return 1;
	if (!strcasecmp(s, "EXCLUSIVE"))
		return 0;
	if (!strncasecmp(s, "FORCE:", 6) &&
	    !parse_u64(s + 6, 0x7fff, false, false, 0, &n))
		n = 4;
	if (!strncasecmp(s, "FORCE", 5))
		return (uint16_t)(SLURM_CONF_SHARE_FORCE | n);
	if (!strncasecmp(s, "YES:", 4) &&
	    !parse_u64(s + 4, 0x7fff, false, false, 0, &n))
		n = 4;
	return (uint16_t)n;
}

int slurm_conf_slurm_uid(const struct slurm_conf *conf, uid_t *uid)
{
	const char *name = conf && conf->slurm_user ? conf->slurm_user : "root";
	struct passwd *pw;
	uint64_t num;

	/* a number is taken as the uid itself, as Slurm does */
	if (parse_u64(name, 0xfffffffeu, false, false, 0, &num)) {
		*uid = (uid_t)num;
		return 0;
	}
	errno = 0;
	pw = getpwnam(name);
	if (!pw) {
		if (errno)
			err_set_errno("cannot look up SlurmUser '%s'", name);
		else
			err_set("SlurmUser '%s' does not exist", name);
		return -1;
	}
	*uid = pw->pw_uid;
	return 0;
}
