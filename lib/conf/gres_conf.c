/* gres_conf.c - gres.conf (Slurm syntax) into records: one generic
 * resource a line, with its nodes, name, type, device files and count,
 * each checked as slurmd checks it; a broken line is an error naming file
 * and line. Finding the devices and comparing counts with slurm.conf is
 * left to the node daemon and the controller. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf/gres_conf.h"
#include "core/err.h"
#include "core/hostlist.h"
#include "core/xalloc.h"

struct parser {
	struct gres_conf *gc;
	const char *file;
	int line;
};

static int fail(const struct parser *p, const char *fmt, ...)
	FLURM_PRINTF(2, 3);

static int fail(const struct parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set("%s:%d: %s", p->file, p->line, msg);
	return -1;
}

const char *gres_autodetect_name(enum gres_autodetect a)
{
	switch (a) {
	case GRES_AUTODETECT_OFF: return "off";
	case GRES_AUTODETECT_NVML: return "nvml";
	case GRES_AUTODETECT_RSMI: return "rsmi";
	case GRES_AUTODETECT_ONEAPI: return "oneapi";
	default: return "(unset)";
	}
}

static int parse_autodetect(const struct parser *p, const char *v,
			    enum gres_autodetect *out)
{
	static const struct { const char *name; enum gres_autodetect a; } t[] = {
		{ "off", GRES_AUTODETECT_OFF }, { "nvml", GRES_AUTODETECT_NVML },
		{ "nvidia", GRES_AUTODETECT_NVML },
		{ "rsmi", GRES_AUTODETECT_RSMI },
		{ "oneapi", GRES_AUTODETECT_ONEAPI },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcasecmp(v, t[i].name)) {
			*out = t[i].a;
			return 0;
		}
	return fail(p, "AutoDetect=%s: expected nvml, nvidia, rsmi, oneapi "
		    "or off", v);
}

/* "4", "2K" (x1024), "1M", "1G", "1T". */
static int parse_count(const struct parser *p, const char *v, uint64_t *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*v))
		return fail(p, "Count=%s is not a number", v);
	n = strtoull(v, &end, 10);
	if (errno)
		return fail(p, "Count=%s is too large", v);
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': n *= 1024ull; end++; break;
	case 'M': n *= 1024ull * 1024; end++; break;
	case 'G': n *= 1024ull * 1024 * 1024; end++; break;
	case 'T': n *= 1024ull * 1024 * 1024 * 1024; end++; break;
	default: return fail(p, "Count=%s is not a number", v);
	}
	if (*end)
		return fail(p, "Count=%s is not a number", v);
	*out = n;
	return 0;
}

/* Split LINE (comments gone) into KEY=VALUE words; double quotes allow
 * spaces in a value. Returns the word count, -1 on a word without '='. */
static int split(const struct parser *p, char *line, char **keys,
		 char **vals, int max)
{
	int n = 0;
	char *s = line;

	for (;;) {
		char *k, *v, *w;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return n;
		k = s;
		while (*s && *s != '=' && !isspace((unsigned char)*s))
			s++;
		if (*s != '=') {
			*s = '\0';
			return fail(p, "'%s' is not Key=Value", k);
		}
		*s++ = '\0';
		v = w = s;
		while (*s && !isspace((unsigned char)*s)) {
			if (*s == '"') {
				for (s++; *s && *s != '"'; s++)
					*w++ = *s;
				if (*s != '"')
					return fail(p, "%s: unbalanced quote", k);
				s++;
				continue;
			}
			*w++ = *s++;
		}
		if (*s)
			s++;
		*w = '\0';
		if (n == max)
			return fail(p, "too many keys on one line");
		keys[n] = k;
		vals[n] = v;
		n++;
	}
}

static void rec_free(struct gres_conf_rec *r)
{
	free(r->node_names);
	free(r->name);
	free(r->type);
	free(r->file);
}

static int set_str(const struct parser *p, char **dst, const char *k,
		   const char *v)
{
	if (*dst)
		return fail(p, "%s= given twice", k);
	if (!*v)
		return fail(p, "%s= needs a value", k);
	*dst = xstrdup(v);
	return 0;
}

static int parse_line(struct parser *p, char *line)
{
	char *keys[32], *vals[32];
	struct gres_conf_rec r;
	bool have_count = false, have_auto = false;
	int n = split(p, line, keys, vals, 32);

	if (n <= 0)
		return n;
	memset(&r, 0, sizeof(r));
	r.line = p->line;
	for (int i = 0; i < n; i++) {
		const char *k = keys[i], *v = vals[i];
		int rc = 0;

		if (!strcasecmp(k, "Name")) {
			rc = set_str(p, &r.name, k, v);
			for (const char *c = v; !rc && *c; c++)
				if (!isalnum((unsigned char)*c) && *c != '_')
					rc = fail(p, "Name=%s is not a GRES "
						  "name", v);
		} else if (!strcasecmp(k, "NodeName")) {
			rc = set_str(p, &r.node_names, k, v);
		} else if (!strcasecmp(k, "Type")) {
			rc = set_str(p, &r.type, k, v);
		} else if (!strcasecmp(k, "File") ||
			   !strcasecmp(k, "MultipleFiles")) {
			rc = set_str(p, &r.file, k, v);
		} else if (!strcasecmp(k, "Count")) {
			rc = parse_count(p, v, &r.count);
			have_count = true;
		} else if (!strcasecmp(k, "AutoDetect")) {
			rc = parse_autodetect(p, v, &r.autodetect);
			have_auto = true;
		} else if (!strcasecmp(k, "Cores") || !strcasecmp(k, "CPUs") ||
			   !strcasecmp(k, "Links") || !strcasecmp(k, "Flags")) {
			/* binding hints FLURM does not use */
		} else {
			rc = fail(p, "unknown key '%s'", k);
		}
		if (rc)
			goto fail;
	}
	if (r.node_names) {
		hostlist_t *hl = hostlist_create(r.node_names);

		if (!hl || !hostlist_count(hl)) {
			fail(p, "NodeName=%s is not a valid host list",
			     r.node_names);
			hostlist_destroy(hl);
			goto fail;
		}
		hostlist_destroy(hl);
	}
	if (!r.name) {
		/* "AutoDetect=nvml" for every node, or for some */
		if (!have_auto) {
			fail(p, "a record needs Name= (gpu, mps, ...)");
			goto fail;
		}
		if (!r.node_names && n == 1) {
			p->gc->autodetect = r.autodetect;
			rec_free(&r);
			return 0;
		}
		if (r.file || have_count || r.type) {
			fail(p, "a record needs Name= (gpu, mps, ...)");
			goto fail;
		}
	}
	if (r.file) {
		hostlist_t *hl = hostlist_create(r.file);

		if (!hl || !hostlist_count(hl)) {
			fail(p, "File=%s is not a valid device list", r.file);
			hostlist_destroy(hl);
			goto fail;
		}
		r.nfiles = (uint32_t)hostlist_count(hl);
		for (size_t i = 0; i < hostlist_count(hl); i++)
			if (hostlist_nth(hl, i)[0] != '/') {
				fail(p, "File=%s: '%s' is not an absolute path",
				     r.file, hostlist_nth(hl, i));
				hostlist_destroy(hl);
				goto fail;
			}
		hostlist_destroy(hl);
		/* one device file per GPU (MPS and shards count shares) */
		if (have_count && r.name && !strcmp(r.name, "gpu") &&
		    r.count != r.nfiles) {
			fail(p, "Count=%llu does not match the %u device%s of "
			     "File=%s", (unsigned long long)r.count, r.nfiles,
			     r.nfiles == 1 ? "" : "s", r.file);
			goto fail;
		}
	}
	if (!have_count)
		r.count = r.file ? r.nfiles : r.name ? 1 : 0;
	p->gc->recs = xrealloc(p->gc->recs,
			       (p->gc->nrecs + 1) * sizeof(*p->gc->recs));
	p->gc->recs[p->gc->nrecs++] = r;
	return 0;
fail:
	rec_free(&r);
	return -1;
}

/* Drop a comment: '#' not escaped as "\#" and not inside quotes. */
static void strip_comment(char *s)
{
	bool q = false;
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r == '"')
			q = !q;
		else if (*r == '\\' && r[1] == '#') {
			*w++ = '#';
			r++;
			continue;
		} else if (*r == '#' && !q)
			break;
		*w++ = *r;
	}
	*w = '\0';
}

struct gres_conf *gres_conf_parse(const char *text, const char *name)
{
	struct parser p = { .file = name ? name : "gres.conf" };
	char *copy = xstrdup(text ? text : ""), *s = copy, *acc = NULL;
	int start = 0;

	p.gc = xcalloc(1, sizeof(*p.gc));
	p.gc->path = xstrdup(p.file);
	while (s) {
		char *nl = strchr(s, '\n');
		size_t len;

		if (nl)
			*nl = '\0';
		p.line++;
		len = strlen(s);
		if (len && s[len - 1] == '\r')
			s[--len] = '\0';
		if (!acc)
			start = p.line;
		/* a trailing backslash joins the next line */
		if (len && s[len - 1] == '\\') {
			s[len - 1] = ' ';
			xstrfmtcat(&acc, "%s", s);
			s = nl ? nl + 1 : NULL;
			if (s)
				continue;
		} else {
			xstrfmtcat(&acc, "%s", s);
		}
		strip_comment(acc);
		{
			int here = p.line;

			p.line = start;
			if (parse_line(&p, acc) < 0) {
				free(acc);
				free(copy);
				gres_conf_free(p.gc);
				return NULL;
			}
			p.line = here;
		}
		free(acc);
		acc = NULL;
		s = nl ? nl + 1 : NULL;
	}
	free(copy);
	return p.gc;
}

struct gres_conf *gres_conf_load(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	struct gres_conf *gc;

	if (!fp) {
		err_set_errno("%s", path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			text = xrealloc(text, cap);
		}
		memcpy(text + len, chunk, n);
		len += n;
	}
	if (ferror(fp)) {
		err_set_errno("%s", path);
		fclose(fp);
		free(text);
		return NULL;
	}
	fclose(fp);
	if (text)
		text[len] = '\0';
	if (text && strlen(text) != len) {
		err_set("%s: not a text file", path);
		free(text);
		return NULL;
	}
	gc = gres_conf_parse(text, path);
	free(text);
	return gc;
}

int gres_conf_load_beside(const char *slurm_conf, struct gres_conf **gc)
{
	const char *slash = slurm_conf ? strrchr(slurm_conf, '/') : NULL;
	char *path = slash ? xasprintf("%.*s/gres.conf",
				       (int)(slash - slurm_conf), slurm_conf) :
		xstrdup("gres.conf");

	*gc = NULL;
	if (access(path, F_OK) < 0 && errno == ENOENT) {
		free(path);
		return 0;
	}
	*gc = gres_conf_load(path);
	free(path);
	return *gc ? 0 : -1;
}

void gres_conf_free(struct gres_conf *gc)
{
	if (!gc)
		return;
	for (uint32_t i = 0; i < gc->nrecs; i++)
		rec_free(&gc->recs[i]);
	free(gc->recs);
	free(gc->path);
	free(gc);
}

static bool names_node(const struct gres_conf_rec *r, const char *node)
{
	hostlist_t *hl;
	bool in;

	if (!r->node_names)
		return true;
	hl = hostlist_create(r->node_names);
	in = hl && hostlist_find(hl, node) >= 0;
	hostlist_destroy(hl);
	return in;
}

bool gres_conf_node_gpus(const struct gres_conf *gc, const char *node,
			 uint64_t *count, enum gres_autodetect *autodetect)
{
	bool found = false;

	*count = 0;
	*autodetect = gc ? gc->autodetect : GRES_AUTODETECT_UNSET;
	if (!gc)
		return false;
	for (uint32_t i = 0; i < gc->nrecs; i++) {
		const struct gres_conf_rec *r = &gc->recs[i];

		if (!names_node(r, node))
			continue;
		if (r->autodetect != GRES_AUTODETECT_UNSET)
			*autodetect = r->autodetect;
		if (r->name && !strcmp(r->name, "gpu")) {
			*count += r->count;
			found = true;
		}
	}
	return found;
}
