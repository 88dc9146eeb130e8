/* daemon_conf.c - flurmctld.conf, flurmnd.conf and flurmbd.conf: libconfuse
 * option tables, checks that report "FILE:LINE: reason", and conversion into
 * the plain structs of daemon_conf.h (nothing keeps libconfuse memory).
 * What the values mean at run time (binding, reading slurm.conf for the
 * controller list) is left to the daemons. */
#include <arpa/inet.h>
#include <confuse.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/daemon_conf.h"
#include "core/err.h"
#include "core/xalloc.h"

#define LOG_LEVELS "error|warning|info|debug|trace"   /* enum log_level order */
#define AUTHS      "munge|none"                       /* enum conf_auth order */
#define CGROUPS    "auto|yes|no"                      /* enum conf_cgroup order */

#define CONF_MAX_SIZE (1024 * 1024)
#define SUN_PATH_MAX  107   /* sizeof(sockaddr_un.sun_path) - 1 */

/*
 * The option tables. Each entry's comment is its help text; the man pages
 * flurmctld.conf(5), flurmnd.conf(5), flurmbd.conf(5) say the same at length.
 * Ranges and forms are checked by the rules further down.
 */
static cfg_opt_t ctld_opts[] = {
	/* slurm.conf describing the cluster: nodes, partitions, SlurmctldPort */
	CFG_STR("slurm_conf", "/etc/slurm/slurm.conf", CFGF_NONE),
	/* Raft log and snapshots: all durable controller state */
	CFG_STR("state_dir", "/var/lib/flurm/ctld", CFGF_NONE),
	/* MB state_dir must keep free; below it writes are refused, 0 = off */
	CFG_INT("state_min_free_mb", 64, CFGF_NONE),
	/* absolute path, or "" for stderr; SIGHUP reopens it */
	CFG_STR("log_file", "", CFGF_NONE),
	/* error|warning|info|debug|trace; each -v raises it one step */
	CFG_STR("log_level", "info", CFGF_NONE),
	/* address of the Slurm port (SlurmctldPort) and of node_port */
	CFG_STR("listen_addr", "0.0.0.0", CFGF_NONE),
	/* port the node daemons connect to, 1..65535 */
	CFG_INT("node_port", 6819, CFGF_NONE),
	/* Prometheus /metrics and /health, 0..65535; 0 disables */
	CFG_INT("metrics_port", 9090, CFGF_NONE),
	/* address of metrics_port */
	CFG_STR("metrics_addr", "0.0.0.0", CFGF_NONE),
	/* Unix socket for flurmsh and flurmtop, at most 107 bytes */
	CFG_STR("admin_socket", "/run/flurm/flurmctld.sock", CFGF_NONE),
	/* the admin protocol on TCP at listen_addr, for flurmsh -H from
	 * other hosts; clients authenticate with MUNGE. 0 (off)..65535 */
	CFG_INT("admin_port", 0, CFGF_NONE),
	/* operators besides root and SlurmUser: user names, "@group" names */
	CFG_STR_LIST("admins", "{}", CFGF_NONE),
	/* KiB of events queued to one admin subscriber before only the
	 * newest state of each object is kept for it; it is dropped when
	 * those pass 8 times this */
	CFG_INT("event_client_buffer", 1024, CFGF_NONE),
	/* this controller's Raft server ID, 1..255, unique among controllers */
	CFG_INT("raft_id", 1, CFGF_NONE),
	/* address Raft binds and the other controllers reach this one at */
	CFG_STR("raft_addr", "127.0.0.1", CFGF_NONE),
	/* Raft port, 1..65535 */
	CFG_INT("raft_port", 6821, CFGF_NONE),
	/* the other controllers, "ID@HOST:PORT" each; empty: one voter */
	CFG_STR_LIST("peers", "{}", CFGF_NONE),
	/* true: join a running cluster (an operator runs `flurmsh cluster
	 * join` on its leader) instead of making a new one on first start */
	CFG_BOOL("join", cfg_false, CFGF_NONE),
	/* Raft log entries between snapshots, at least 16 */
	CFG_INT("snapshot_threshold", 1024, CFGF_NONE),
	/* log entries kept after a snapshot, for slow followers */
	CFG_INT("snapshot_trailing", 128, CFGF_NONE),
	/* follower waits this long without a leader before an election */
	CFG_INT("election_timeout_ms", 1000, CFGF_NONE),
	/* leader heartbeat, less than election_timeout_ms */
	CFG_INT("heartbeat_timeout_ms", 100, CFGF_NONE),
	/* munge|none; none trusts any claimed user and is for tests only */
	CFG_STR("auth", "munge", CFGF_NONE),
	/* largest message accepted on any port, bytes */
	CFG_INT("max_frame", 67108864, CFGF_NONE),
	/* time between scheduling passes */
	CFG_INT("sched_interval_ms", 1000, CFGF_NONE),
	/* client and node connections at once, all ports; 0: the descriptor
	 * limit less a reserve */
	CFG_INT("max_connections", 0, CFGF_NONE),
	/* connections at once from one address (registered node daemons
	 * not counted) */
	CFG_INT("max_connections_per_peer", 512, CFGF_NONE),
	/* seconds a connection has, from accept, to deliver a whole request */
	CFG_INT("request_timeout", 30, CFGF_NONE),
	/* bytes held for all not yet authenticated connections together */
	CFG_INT("max_unauth_buffer", 8388608, CFGF_NONE),
	CFG_END()
};

static cfg_opt_t nd_opts[] = {
	/* slurm.conf: this node's definition and the controller hosts */
	CFG_STR("slurm_conf", "/etc/slurm/slurm.conf", CFGF_NONE),
	/* NodeName in slurm.conf; "" means the short hostname */
	CFG_STR("node_name", "", CFGF_NONE),
	/* job scripts, output staging and the state file */
	CFG_STR("spool_dir", "/var/spool/flurm", CFGF_NONE),
	/* running jobs survive a restart through it; "" = spool_dir/flurmnd.state */
	CFG_STR("state_file", "", CFGF_NONE),
	/* absolute path, or "" for stderr; SIGHUP reopens it */
	CFG_STR("log_file", "", CFGF_NONE),
	/* error|warning|info|debug|trace */
	CFG_STR("log_level", "info", CFGF_NONE),
	/* controllers' node port (flurmctld.conf node_port), 1..65535 */
	CFG_INT("controller_port", 6819, CFGF_NONE),
	/* "HOST[:PORT]" each; empty: the SlurmctldHost entries of slurm.conf */
	CFG_STR_LIST("controllers", "{}", CFGF_NONE),
	/* seconds between heartbeats to the leader, 1..3600 */
	CFG_INT("heartbeat_interval", 10, CFGF_NONE),
	/* report slurm.conf's CPUs and memory, not the detected ones
	 * (Slurm's SlurmdParameters=config_overrides) */
	CFG_BOOL("use_conf_resources", cfg_false, CFGF_NONE),
	/* auto|yes|no: confine jobs in cgroup v2 */
	CFG_STR("cgroup", "auto", CFGF_NONE),
	/* munge|none; none is for tests only */
	CFG_STR("auth", "munge", CFGF_NONE),
	CFG_END()
};

static cfg_opt_t bd_opts[] = {
	/* address for the controllers and admin clients */
	CFG_STR("listen_addr", "127.0.0.1", CFGF_NONE),
	/* accounting port, 1..65535 */
	CFG_INT("port", 6820, CFGF_NONE),
	/* SQLite database with job records and usage */
	CFG_STR("db_path", "/var/lib/flurm/flurmbd.db", CFGF_NONE),
	/* absolute path, or "" for stderr; SIGHUP reopens it */
	CFG_STR("log_file", "", CFGF_NONE),
	/* error|warning|info|debug|trace */
	CFG_STR("log_level", "info", CFGF_NONE),
	/* munge|none; none is for tests only */
	CFG_STR("auth", "munge", CFGF_NONE),
	CFG_END()
};

/*
 * Rules, by option name; a name means the same in every file. libconfuse
 * calls check_option() right after each assignment, while cfg->line still
 * points at it.
 */
enum {
	R_INT = 1 << 0,		/* min..max */
	R_NONEMPTY = 1 << 1,
	R_ABSPATH = 1 << 2,	/* absolute, or "" unless R_NONEMPTY too */
	R_HOST = 1 << 3,	/* one word: a host name or address */
	R_IPV4 = 1 << 4,	/* a numeric IPv4 address (bound as AF_INET) */
};

struct rule {
	const char *name;
	unsigned flags;
	long min, max;
	const char *choices;			/* "a|b|c" */
	size_t max_len;
	/* Check one list item; 0, or -1 with *why set (malloc'd). */
	int (*item)(const char *value, char **why);
};

static int check_peer(const char *value, char **why);
static int check_hostport(const char *value, char **why);
static int check_admin(const char *value, char **why);

#define PORT(n)          { .name = n, .flags = R_INT, .min = 1, .max = 65535 }
#define RANGE(n, lo, hi) { .name = n, .flags = R_INT, .min = lo, .max = hi }
#define CHOICE(n, c)     { .name = n, .choices = c }
#define PATH(n)          { .name = n, .flags = R_NONEMPTY | R_ABSPATH }
#define HOST(n)          { .name = n, .flags = R_NONEMPTY | R_HOST }

static const struct rule rules[] = {
	PATH("slurm_conf"),
	PATH("state_dir"),
	PATH("spool_dir"),
	PATH("db_path"),
	{ .name = "admin_socket", .flags = R_NONEMPTY | R_ABSPATH,
	  .max_len = SUN_PATH_MAX },
	{ .name = "log_file", .flags = R_ABSPATH },
	{ .name = "state_file", .flags = R_ABSPATH },
	CHOICE("log_level", LOG_LEVELS),
	CHOICE("auth", AUTHS),
	CHOICE("cgroup", CGROUPS),
	/* the controller binds its Slurm and node ports as IPv4; a name
	 * would only fail at bind time, long after `-n` said OK */
	{ .name = "listen_addr", .flags = R_NONEMPTY | R_IPV4 },
	HOST("metrics_addr"),
	HOST("raft_addr"),
	{ .name = "node_name", .flags = R_HOST },
	PORT("node_port"),
	PORT("raft_port"),
	PORT("controller_port"),
	PORT("port"),
	RANGE("metrics_port", 0, 65535),
	RANGE("admin_port", 0, 65535),
	RANGE("raft_id", 1, 255),
	RANGE("state_min_free_mb", 0, 1048576),
	RANGE("snapshot_threshold", 16, UINT32_MAX),
	RANGE("snapshot_trailing", 0, UINT32_MAX),
	RANGE("election_timeout_ms", 10, 3600000),
	RANGE("heartbeat_timeout_ms", 1, 3600000),
	RANGE("max_frame", 4096, 1073741824),
	RANGE("event_client_buffer", 4, 1048576),
	RANGE("sched_interval_ms", 10, 3600000),
	RANGE("max_connections", 0, 10000000),
	RANGE("max_connections_per_peer", 1, 10000000),
	RANGE("request_timeout", 1, 3600),
	RANGE("max_unauth_buffer", 65536, 1073741824),
	RANGE("heartbeat_interval", 1, 3600),
	{ .name = "peers", .item = check_peer },
	{ .name = "controllers", .item = check_hostport },
	{ .name = "admins", .item = check_admin },
};

/* libconfuse's callbacks carry no user pointer, so the file being loaded is
 * found here; loading is single-threaded like the daemons. */
struct load {
	const char *path;
	cfg_t *cfg;
	int *lines;		/* per option: line of its last assignment, 0 = default */
	bool failed;		/* err_msg() holds the first error */
};
static struct load *cur_load;

static const struct rule *rule_find(const char *name)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].name, name))
			return &rules[i];
	return NULL;
}

/* The first error is the cause; libconfuse may add follow-ups. */
static void on_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	char msg[512];

	if (cur_load && cur_load->failed)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (cfg && cfg->filename)
		err_set("%s:%d: %s", cfg->filename, cfg->line, msg);
	else
		err_set("%s", msg);
	if (cur_load)
		cur_load->failed = true;
}

/* Report a problem found after parsing, at LINE (0: the option was not in
 * the file, so only the file is named). */
static void FLURM_PRINTF(3, 4) fail_at(struct load *ld, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		err_set("%s:%d: %s", ld->path, line, msg);
	else if (ld->path)
		err_set("%s: %s", ld->path, msg);
	else
		err_set("%s", msg);
	ld->failed = true;
}

static int opt_line(struct load *ld, const char *name)
{
	cfg_opt_t *opts = ld->cfg->opts;

	for (int i = 0; opts[i].name; i++)
		if (!strcmp(opts[i].name, name))
			return ld->lines ? ld->lines[i] : 0;
	return 0;
}

static int later_line(struct load *ld, const char *a, const char *b)
{
	int la = opt_line(ld, a), lb = opt_line(ld, b);
	return la > lb ? la : lb;
}

/* Index of VALUE in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *value)
{
	size_t vlen = strlen(value);
	int idx = 0;

	for (const char *p = choices; ; idx++) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == vlen && !strncmp(p, value, len))
			return idx;
		if (!bar)
			return -1;
		p = bar + 1;
	}
}

static bool is_word(const char *s)
{
	for (; *s; s++)
		if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
			return false;
	return true;
}

static int check_string(cfg_t *cfg, const struct rule *r, const char *v)
{
	struct in_addr a4;

	if ((r->flags & R_NONEMPTY) && !*v) {
		cfg_error(cfg, "option '%s' must not be empty", r->name);
		return -1;
	}
	if ((r->flags & R_ABSPATH) && *v && *v != '/') {
		cfg_error(cfg, "option '%s' must be an absolute path, got '%s'",
			  r->name, v);
		return -1;
	}
	if ((r->flags & R_HOST) && !is_word(v)) {
		cfg_error(cfg, "option '%s' must be a host name or address, got '%s'",
			  r->name, v);
		return -1;
	}
	if ((r->flags & R_IPV4) && inet_pton(AF_INET, v, &a4) != 1) {
		cfg_error(cfg, "option '%s' must be a numeric IPv4 address, "
			  "got '%s'", r->name, v);
		return -1;
	}
	if (r->max_len && strlen(v) > r->max_len) {
		cfg_error(cfg, "option '%s' is longer than %zu bytes", r->name,
			  r->max_len);
		return -1;
	}
	if (r->choices && choice_index(r->choices, v) < 0) {
		cfg_error(cfg, "option '%s' must be one of %s, got '%s'", r->name,
			  r->choices, v);
		return -1;
	}
	return 0;
}

static int check_int(cfg_t *cfg, const struct rule *r, long v)
{
	if (v >= r->min && v <= r->max)
		return 0;
	if (r->max == UINT32_MAX)
		cfg_error(cfg, "option '%s' must be at least %ld, got %ld",
			  r->name, r->min, v);
	else
		cfg_error(cfg, "option '%s' must be %ld..%ld, got %ld", r->name,
			  r->min, r->max, v);
	return -1;
}

/* One entry per Raft ID; the entries themselves are already checked. */
static int check_peer_ids(cfg_t *cfg, cfg_opt_t *opt)
{
	unsigned n = cfg_opt_size(opt);

	for (unsigned i = 1; i < n; i++) {
		unsigned long id = strtoul(cfg_opt_getnstr(opt, i), NULL, 10);
		for (unsigned j = 0; j < i; j++) {
			if (strtoul(cfg_opt_getnstr(opt, j), NULL, 10) == id) {
				cfg_error(cfg, "option 'peers': ID %lu is listed twice", id);
				return -1;
			}
		}
	}
	return 0;
}

static int check_list(cfg_t *cfg, cfg_opt_t *opt, const struct rule *r)
{
	unsigned n = cfg_opt_size(opt);

	for (unsigned i = 0; i < n; i++) {
		const char *v = cfg_opt_getnstr(opt, i);
		char *why = NULL;

		if (r->item(v ? v : "", &why) < 0) {
			cfg_error(cfg, "option '%s': %s", r->name, why);
			free(why);
			return -1;
		}
	}
	return r->item == check_peer ? check_peer_ids(cfg, opt) : 0;
}

static int check_option(cfg_t *cfg, cfg_opt_t *opt)
{
	const struct rule *r = rule_find(opt->name);
	int n = cfg_numopts(cfg->opts);

	if (cur_load && cur_load->lines && opt >= cfg->opts && opt < cfg->opts + n)
		cur_load->lines[opt - cfg->opts] = cfg->line;
	if (!r)
		return 0;
	if (r->item)
		return check_list(cfg, opt, r);
	if (opt->type == CFGT_INT)
		return check_int(cfg, r, cfg_opt_getnint(opt, 0));
	if (opt->type == CFGT_STR) {
		const char *v = cfg_opt_getnstr(opt, 0);
		return check_string(cfg, r, v ? v : "");
	}
	return 0;
}

/*
 * Addresses: "HOST:PORT", "[v6]:PORT", and for controllers also "HOST",
 * "[v6]" and a bare IPv6 address. Parsed into malloc'd host and port
 * (0 when absent).
 */
static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < 1 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int split_hostport(const char *s, bool port_required, char **host,
			  uint16_t *port, const char **why)
{
	const char *colon = NULL;
	char *h = NULL;

	*port = 0;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close == s + 1) {
			*why = "bad [IPv6] address";
			return -1;
		}
		h = xstrndup(s + 1, (size_t)(close - s - 1));
		if (close[1] == ':')
			colon = close + 1;
		else if (close[1]) {
			*why = "expected :PORT after ']'";
			goto fail;
		}
	} else {
		colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':')) {
			if (port_required) {
				*why = "write an IPv6 address as [ADDR]:PORT";
				return -1;
			}
			colon = NULL;	/* a bare IPv6 address */
		}
		h = colon ? xstrndup(s, (size_t)(colon - s)) : xstrdup(s);
	}
	if (!*h || !is_word(h)) {
		*why = "no valid host";
		goto fail;
	}
	if (colon && parse_port(colon + 1, port) < 0) {
		*why = "port must be 1..65535";
		goto fail;
	}
	if (!colon && port_required) {
		*why = "missing :PORT";
		goto fail;
	}
	*host = h;
	return 0;
fail:
	free(h);
	return -1;
}

static int parse_peer(const char *s, struct conf_peer *p, char **why)
{
	const char *at = strchr(s, '@');
	const char *reason;
	char *end;
	unsigned long id;

	if (!at || at == s) {
		*why = xasprintf("'%s' is not ID@HOST:PORT", s);
		return -1;
	}
	errno = 0;
	id = strtoul(s, &end, 10);
	if (!isdigit((unsigned char)*s) || end != at || errno) {
		*why = xasprintf("'%s' is not ID@HOST:PORT", s);
		return -1;
	}
	if (id < 1 || id > 255) {
		*why = xasprintf("'%s': ID must be 1..255", s);
		return -1;
	}
	if (split_hostport(at + 1, true, &p->host, &p->port, &reason) < 0) {
		*why = xasprintf("'%s': %s", s, reason);
		return -1;
	}
	p->id = (uint32_t)id;
	p->addr = strchr(p->host, ':') ? xasprintf("[%s]:%u", p->host, p->port)
				       : xasprintf("%s:%u", p->host, p->port);
	return 0;
}

static int check_peer(const char *value, char **why)
{
	struct conf_peer p = { 0 };

	if (parse_peer(value, &p, why) < 0)
		return -1;
	free(p.host);
	free(p.addr);
	return 0;
}

static int check_hostport(const char *value, char **why)
{
	const char *reason;
	char *host;
	uint16_t port;

	if (split_hostport(value, false, &host, &port, &reason) < 0) {
		*why = xasprintf("'%s': %s", value, reason);
		return -1;
	}
	free(host);
	return 0;
}

/* An admins entry: a user name, or "@" and a group name; one word. */
static int check_admin(const char *value, char **why)
{
	const char *name = value[0] == '@' ? value + 1 : value;

	if (!*name || !is_word(name) || strchr(name, ',') || name[0] == '@') {
		*why = xasprintf("'%s' is not a user name or @group", value);
		return -1;
	}
	return 0;
}

/*
 * libconfuse 3.3 counts every comment as one extra line (its lexer bumps
 * the line at the end of a comment and again at the newline), and it
 * rejects comments inside lists. So comments are blanked out here, newlines
 * kept, before libconfuse sees the text. The scan follows libconfuse's
 * lexer: '#' outside quotes, and '//' or a slash-star at the start of a
 * token, begin comments.
 */
static int blank_comments(char *s, const char *path)
{
	bool tok_start = true;
	int line = 1;
	size_t i = 0;

	while (s[i]) {
		char c = s[i];

		if (c == '"' || c == '\'') {
			for (i++; s[i] && s[i] != c; i++) {
				if (s[i] == '\n')
					line++;
				if (s[i] == '\\' && s[i + 1]) {
					i++;
					if (s[i] == '\n')
						line++;
				}
			}
			if (s[i])
				i++;
			tok_start = true;
		} else if (tok_start && c == '$' && s[i + 1] == '{' &&
			   strchr(s + i, '}')) {
			/* ${VAR} may hold '#' */
			for (; s[i] != '}'; i++)
				if (s[i] == '\n')
					line++;
			i++;
			tok_start = true;
		} else if (c == '#' || (tok_start && c == '/' && s[i + 1] == '/')) {
			while (s[i] && s[i] != '\n')
				s[i++] = ' ';
		} else if (tok_start && c == '/' && s[i + 1] == '*') {
			int start = line;
			s[i++] = ' ';
			s[i++] = ' ';
			while (s[i] && !(s[i] == '*' && s[i + 1] == '/')) {
				if (s[i] == '\n')
					line++;
				else
					s[i] = ' ';
				i++;
			}
			if (!s[i]) {
				err_set("%s:%d: unterminated /* comment", path, start);
				return -1;
			}
			s[i++] = ' ';
			s[i++] = ' ';
			tok_start = true;
		} else {
			if (c == '\n')
				line++;
			tok_start = isspace((unsigned char)c) || strchr("={}()+,*", c);
			i++;
		}
	}
	return 0;
}

static char *read_conf_file(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *text = NULL;
	size_t n;

	if (!fp) {
		err_set_errno("cannot open config file '%s'", path);
		return NULL;
	}
	text = xmalloc(CONF_MAX_SIZE + 1);
	n = fread(text, 1, CONF_MAX_SIZE + 1, fp);
	if (ferror(fp)) {
		err_set_errno("cannot read config file '%s'", path);
		goto fail;
	}
	if (n > CONF_MAX_SIZE) {
		err_set("%s: config file is larger than %d bytes", path, CONF_MAX_SIZE);
		goto fail;
	}
	if (memchr(text, '\0', n)) {
		err_set("%s: config file contains a NUL byte", path);
		goto fail;
	}
	text[n] = '\0';
	fclose(fp);
	return text;
fail:
	fclose(fp);
	free(text);
	return NULL;
}

/* Parse PATH (NULL: defaults only) against OPTS; the cfg_t is the caller's. */
static cfg_t *conf_parse(cfg_opt_t *opts, const char *path, struct load *ld)
{
	cfg_t *cfg;
	char *text = NULL;
	FILE *fp = NULL;
	int rc;

	memset(ld, 0, sizeof(*ld));
	ld->path = path;
	cfg = cfg_init(opts, CFGF_NONE);
	if (!cfg) {
		err_set("cannot set up the config parser");
		return NULL;
	}
	ld->cfg = cfg;
	cfg_set_error_function(cfg, on_error);
	for (int i = 0; cfg->opts[i].name; i++)
		cfg_set_validate_func(cfg, cfg->opts[i].name, check_option);
	ld->lines = xcalloc((size_t)cfg_numopts(cfg->opts) + 1, sizeof(int));
	if (!path)
		return cfg;

	text = read_conf_file(path);
	if (!text || blank_comments(text, path) < 0)
		goto fail;
	fp = fmemopen(text, strlen(text), "r");
	if (!fp) {
		err_set_errno("%s: cannot parse", path);
		goto fail;
	}
	cfg->filename = xstrdup(path);
	cur_load = ld;
	rc = cfg_parse_fp(cfg, fp);
	cur_load = NULL;
	fclose(fp);
	free(text);
	if (rc != CFG_SUCCESS) {
		if (!ld->failed)
			err_set("%s: cannot parse the config file", path);
		free(ld->lines);
		cfg_free(cfg);
		return NULL;
	}
	return cfg;
fail:
	free(text);
	free(ld->lines);
	cfg_free(cfg);
	return NULL;
}

static void conf_done(struct load *ld)
{
	free(ld->lines);
	cfg_free(ld->cfg);
}

/* Copies, so nothing outlives the cfg_t. */
static char *get_str(cfg_t *cfg, const char *name)
{
	const char *s = cfg_getstr(cfg, name);
	return xstrdup(s ? s : "");
}

/* "" means "not set": NULL */
static char *get_opt_str(cfg_t *cfg, const char *name)
{
	const char *s = cfg_getstr(cfg, name);
	return s && *s ? xstrdup(s) : NULL;
}

static int get_choice(cfg_t *cfg, const char *name, const char *choices)
{
	const char *s = cfg_getstr(cfg, name);
	int idx = choice_index(choices, s ? s : "");
	return idx < 0 ? 0 : idx;	/* checked while parsing */
}

static void warn_auth_none(const char *path, enum conf_auth auth)
{
	if (auth != CONF_AUTH_NONE)
		return;
	log_warn("*** %s: auth = none: MUNGE authentication is OFF, any client "
		 "can act as any user, root included. For tests only. ***",
		 path ? path : "config");
}

/*
 * Printing: strings are quoted so that printing and loading again gives
 * the same settings.
 */
static void print_quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s && *s; s++) {
		switch (*s) {
		case '"': case '\\': case '$':
			fputc('\\', fp);
			fputc(*s, fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			fputc(*s, fp);
		}
	}
	fputc('"', fp);
}

static void print_str(FILE *fp, const char *name, const char *v)
{
	fprintf(fp, "%s = ", name);
	print_quoted(fp, v);
	fputc('\n', fp);
}

static void print_int(FILE *fp, const char *name, unsigned long v)
{
	fprintf(fp, "%s = %lu\n", name, v);
}

static void print_list_start(FILE *fp, const char *name)
{
	fprintf(fp, "%s = {", name);
}

static void print_list_item(FILE *fp, size_t i, const char *v)
{
	fputs(i ? ", " : "", fp);
	print_quoted(fp, v);
}

const char *conf_log_level_name(enum log_level level)
{
	static const char *const names[] = {
		"error", "warning", "info", "debug", "trace",
	};
	return (unsigned)level < 5 ? names[level] : "info";
}

const char *conf_auth_name(enum conf_auth auth)
{
	return auth == CONF_AUTH_NONE ? "none" : "munge";
}

const char *conf_cgroup_name(enum conf_cgroup cgroup)
{
	return cgroup == CONF_CGROUP_YES ? "yes"
	     : cgroup == CONF_CGROUP_NO ? "no" : "auto";
}

/* ---- flurmctld.conf ---- */

struct flurmctld_conf *flurmctld_conf_load(const char *path)
{
	struct flurmctld_conf *c;
	struct load ld;
	cfg_t *cfg;
	unsigned n;

	cfg = conf_parse(ctld_opts, path, &ld);
	if (!cfg)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->slurm_conf = get_str(cfg, "slurm_conf");
	c->state_dir = get_str(cfg, "state_dir");
	c->state_min_free_mb = (uint32_t)cfg_getint(cfg, "state_min_free_mb");
	c->log_file = get_opt_str(cfg, "log_file");
	c->log_level = (enum log_level)get_choice(cfg, "log_level", LOG_LEVELS);
	c->listen_addr = get_str(cfg, "listen_addr");
	c->node_port = (uint16_t)cfg_getint(cfg, "node_port");
	c->metrics_port = (uint16_t)cfg_getint(cfg, "metrics_port");
	c->metrics_addr = get_str(cfg, "metrics_addr");
	c->admin_socket = get_str(cfg, "admin_socket");
	c->admin_port = (uint16_t)cfg_getint(cfg, "admin_port");
	c->event_client_buffer = (uint32_t)cfg_getint(cfg, "event_client_buffer");
	c->raft_id = (uint32_t)cfg_getint(cfg, "raft_id");
	c->raft_addr = get_str(cfg, "raft_addr");
	c->raft_port = (uint16_t)cfg_getint(cfg, "raft_port");
	c->snapshot_threshold = (uint32_t)cfg_getint(cfg, "snapshot_threshold");
	c->snapshot_trailing = (uint32_t)cfg_getint(cfg, "snapshot_trailing");
	c->election_timeout_ms = (uint32_t)cfg_getint(cfg, "election_timeout_ms");
	c->heartbeat_timeout_ms = (uint32_t)cfg_getint(cfg, "heartbeat_timeout_ms");
	c->auth = (enum conf_auth)get_choice(cfg, "auth", AUTHS);
	c->max_frame = (uint32_t)cfg_getint(cfg, "max_frame");
	c->sched_interval_ms = (uint32_t)cfg_getint(cfg, "sched_interval_ms");
	c->max_connections = (uint32_t)cfg_getint(cfg, "max_connections");
	c->max_connections_per_peer =
		(uint32_t)cfg_getint(cfg, "max_connections_per_peer");
	c->request_timeout = (uint32_t)cfg_getint(cfg, "request_timeout");
	c->max_unauth_buffer = (uint32_t)cfg_getint(cfg, "max_unauth_buffer");

	n = cfg_size(cfg, "admins");
	c->admins = xcalloc(n + 1, sizeof(*c->admins));
	for (unsigned i = 0; i < n; i++)
		c->admins[c->nadmins++] = xstrdup(cfg_getnstr(cfg, "admins", i));

	n = cfg_size(cfg, "peers");
	c->peers = xcalloc(n ? n : 1, sizeof(*c->peers));
	for (unsigned i = 0; i < n; i++) {
		char *why = NULL;
		if (parse_peer(cfg_getnstr(cfg, "peers", i), &c->peers[i], &why) < 0) {
			/* checked while parsing; kept for safety */
			fail_at(&ld, opt_line(&ld, "peers"), "option 'peers': %s", why);
			free(why);
			goto fail;
		}
		c->npeers++;
		if (c->peers[i].id == c->raft_id) {
			fail_at(&ld, later_line(&ld, "peers", "raft_id"),
				"option 'peers': ID %u is this controller's raft_id",
				c->raft_id);
			goto fail;
		}
	}
	if (c->heartbeat_timeout_ms >= c->election_timeout_ms) {
		fail_at(&ld, later_line(&ld, "heartbeat_timeout_ms",
					"election_timeout_ms"),
			"heartbeat_timeout_ms (%u) must be less than "
			"election_timeout_ms (%u)",
			c->heartbeat_timeout_ms, c->election_timeout_ms);
		goto fail;
	}
	c->join = cfg_getbool(cfg, "join") == cfg_true;
	if ((c->npeers || c->join) && (!strcmp(c->raft_addr, "0.0.0.0") ||
			  !strcmp(c->raft_addr, "::"))) {
		fail_at(&ld, opt_line(&ld, "raft_addr"),
			"option 'raft_addr' must be an address the peers can "
			"reach, not %s", c->raft_addr);
		goto fail;
	}
	conf_done(&ld);
	warn_auth_none(path, c->auth);
	return c;
fail:
	conf_done(&ld);
	flurmctld_conf_free(c);
	return NULL;
}

void flurmctld_conf_free(struct flurmctld_conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npeers; i++) {
		free(c->peers[i].host);
		free(c->peers[i].addr);
	}
	free(c->peers);
	for (size_t i = 0; i < c->nadmins; i++)
		free(c->admins[i]);
	free(c->admins);
	free(c->path);
	free(c->slurm_conf);
	free(c->state_dir);
	free(c->log_file);
	free(c->listen_addr);
	free(c->metrics_addr);
	free(c->admin_socket);
	free(c->raft_addr);
	free(c);
}

void flurmctld_conf_print(const struct flurmctld_conf *c, FILE *fp)
{
	fprintf(fp, "# flurmctld.conf: %s\n", c->path ? c->path : "built-in defaults");
	print_str(fp, "slurm_conf", c->slurm_conf);
	print_str(fp, "state_dir", c->state_dir);
	print_int(fp, "state_min_free_mb", c->state_min_free_mb);
	print_str(fp, "log_file", c->log_file);
	print_str(fp, "log_level", conf_log_level_name(c->log_level));
	print_str(fp, "listen_addr", c->listen_addr);
	print_int(fp, "node_port", c->node_port);
	print_int(fp, "metrics_port", c->metrics_port);
	print_str(fp, "metrics_addr", c->metrics_addr);
	print_str(fp, "admin_socket", c->admin_socket);
	print_int(fp, "admin_port", c->admin_port);
	print_list_start(fp, "admins");
	for (size_t i = 0; i < c->nadmins; i++)
		print_list_item(fp, i, c->admins[i]);
	fputs("}\n", fp);
	print_int(fp, "raft_id", c->raft_id);
	print_str(fp, "raft_addr", c->raft_addr);
	print_int(fp, "raft_port", c->raft_port);
	fprintf(fp, "join = %s\n", c->join ? "true" : "false");
	print_list_start(fp, "peers");
	for (size_t i = 0; i < c->npeers; i++) {
		char *s = xasprintf("%u@%s", c->peers[i].id, c->peers[i].addr);
		print_list_item(fp, i, s);
		free(s);
	}
	fputs("}\n", fp);
	print_int(fp, "snapshot_threshold", c->snapshot_threshold);
	print_int(fp, "snapshot_trailing", c->snapshot_trailing);
	print_int(fp, "election_timeout_ms", c->election_timeout_ms);
	print_int(fp, "heartbeat_timeout_ms", c->heartbeat_timeout_ms);
	print_str(fp, "auth", conf_auth_name(c->auth));
	print_int(fp, "max_frame", c->max_frame);
	print_int(fp, "event_client_buffer", c->event_client_buffer);
	print_int(fp, "sched_interval_ms", c->sched_interval_ms);
	print_int(fp, "max_connections", c->max_connections);
	print_int(fp, "max_connections_per_peer", c->max_connections_per_peer);
	print_int(fp, "request_timeout", c->request_timeout);
	print_int(fp, "max_unauth_buffer", c->max_unauth_buffer);
}

/* ---- flurmnd.conf ---- */

static char *short_hostname(void)
{
	char name[256];

	if (gethostname(name, sizeof(name)) < 0) {
		err_set_errno("cannot get the host name");
		return NULL;
	}
	name[sizeof(name) - 1] = '\0';
	name[strcspn(name, ".")] = '\0';
	return xstrdup(name);
}

struct flurmnd_conf *flurmnd_conf_load(const char *path)
{
	struct flurmnd_conf *c;
	struct load ld;
	cfg_t *cfg;
	unsigned n;

	cfg = conf_parse(nd_opts, path, &ld);
	if (!cfg)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->slurm_conf = get_str(cfg, "slurm_conf");
	c->node_name = get_opt_str(cfg, "node_name");
	c->spool_dir = get_str(cfg, "spool_dir");
	c->state_file = get_opt_str(cfg, "state_file");
	c->log_file = get_opt_str(cfg, "log_file");
	c->log_level = (enum log_level)get_choice(cfg, "log_level", LOG_LEVELS);
	c->controller_port = (uint16_t)cfg_getint(cfg, "controller_port");
	c->heartbeat_interval = (uint32_t)cfg_getint(cfg, "heartbeat_interval");
	c->use_conf_resources = cfg_getbool(cfg, "use_conf_resources") == cfg_true;
	c->cgroup = (enum conf_cgroup)get_choice(cfg, "cgroup", CGROUPS);
	c->auth = (enum conf_auth)get_choice(cfg, "auth", AUTHS);

	n = cfg_size(cfg, "controllers");
	c->controllers = xcalloc(n ? n : 1, sizeof(*c->controllers));
	for (unsigned i = 0; i < n; i++) {
		struct conf_hostport *hp = &c->controllers[i];
		const char *item = cfg_getnstr(cfg, "controllers", i);
		const char *why;
		if (split_hostport(item, false, &hp->host, &hp->port, &why) < 0) {
			/* checked while parsing; kept for safety */
			fail_at(&ld, opt_line(&ld, "controllers"),
				"option 'controllers': '%s': %s", item, why);
			goto fail;
		}
		c->ncontrollers++;
		if (!hp->port)
			hp->port = c->controller_port;
	}
	if (!c->node_name && !(c->node_name = short_hostname()))
		goto fail;
	if (!c->state_file)
		c->state_file = xasprintf("%s%sflurmnd.state", c->spool_dir,
			c->spool_dir[strlen(c->spool_dir) - 1] == '/' ? "" : "/");
	conf_done(&ld);
	warn_auth_none(path, c->auth);
	return c;
fail:
	conf_done(&ld);
	flurmnd_conf_free(c);
	return NULL;
}

void flurmnd_conf_free(struct flurmnd_conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ncontrollers; i++)
		free(c->controllers[i].host);
	free(c->controllers);
	free(c->path);
	free(c->slurm_conf);
	free(c->node_name);
	free(c->spool_dir);
	free(c->state_file);
	free(c->log_file);
	free(c);
}

void flurmnd_conf_print(const struct flurmnd_conf *c, FILE *fp)
{
	fprintf(fp, "# flurmnd.conf: %s\n", c->path ? c->path : "built-in defaults");
	print_str(fp, "slurm_conf", c->slurm_conf);
	print_str(fp, "node_name", c->node_name);
	print_str(fp, "spool_dir", c->spool_dir);
	print_str(fp, "state_file", c->state_file);
	print_str(fp, "log_file", c->log_file);
	print_str(fp, "log_level", conf_log_level_name(c->log_level));
	print_int(fp, "controller_port", c->controller_port);
	print_list_start(fp, "controllers");
	for (size_t i = 0; i < c->ncontrollers; i++) {
		const struct conf_hostport *hp = &c->controllers[i];
		char *s = strchr(hp->host, ':')
			? xasprintf("[%s]:%u", hp->host, hp->port)
			: xasprintf("%s:%u", hp->host, hp->port);
		print_list_item(fp, i, s);
		free(s);
	}
	fputs("}\n", fp);
	print_int(fp, "heartbeat_interval", c->heartbeat_interval);
	fprintf(fp, "use_conf_resources = %s\n",
		c->use_conf_resources ? "true" : "false");
	print_str(fp, "cgroup", conf_cgroup_name(c->cgroup));
	print_str(fp, "auth", conf_auth_name(c->auth));
}

/* ---- flurmbd.conf ---- */

struct flurmbd_conf *flurmbd_conf_load(const char *path)
{
	struct flurmbd_conf *c;
	struct load ld;
	cfg_t *cfg;

	cfg = conf_parse(bd_opts, path, &ld);
	if (!cfg)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->listen_addr = get_str(cfg, "listen_addr");
	c->port = (uint16_t)cfg_getint(cfg, "port");
	c->db_path = get_str(cfg, "db_path");
	c->log_file = get_opt_str(cfg, "log_file");
	c->log_level = (enum log_level)get_choice(cfg, "log_level", LOG_LEVELS);
	c->auth = (enum conf_auth)get_choice(cfg, "auth", AUTHS);
	conf_done(&ld);
	warn_auth_none(path, c->auth);
	return c;
}

void flurmbd_conf_free(struct flurmbd_conf *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->listen_addr);
	free(c->db_path);
	free(c->log_file);
	free(c);
}

void flurmbd_conf_print(const struct flurmbd_conf *c, FILE *fp)
{
	fprintf(fp, "# flurmbd.conf: %s\n", c->path ? c->path : "built-in defaults");
	print_str(fp, "listen_addr", c->listen_addr);
	print_int(fp, "port", c->port);
	print_str(fp, "db_path", c->db_path);
	print_str(fp, "log_file", c->log_file);
	print_str(fp, "log_level", conf_log_level_name(c->log_level));
	print_str(fp, "auth", conf_auth_name(c->auth));
}
