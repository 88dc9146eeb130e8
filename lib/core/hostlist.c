/* hostlist.c - Slurm hostlist expressions held as runs of numbered hosts
 * (prefix, lo..hi, zero-pad width), so "n[1-1000000]" costs one record.
 * Parsing, sort, uniq and ranging follow Slurm 22.05's hostlist.c, quirks
 * included, so our strings match what Slurm prints, except where Slurm
 * would drop or repeat a host. Which hosts exist or what they mean is
 * left to the callers (conf, state). */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/xalloc.h"

/* Longest digit string we treat as a number; longer ones in a host name
 * leave it a plain name, in brackets they are an error. */
#define MAX_DIGITS 64
/* Largest host number; keeps hi + 1 from overflowing. */
#define NUM_MAX (UINT64_MAX / 2)

/* A run of hosts prefix<lo>..prefix<hi>, numbers printed zero-padded to
 * width; or, when single, one host whose whole name is prefix. */
struct range {
	char *prefix;
	uint64_t lo, hi;
	int width;
	bool single;
};

/* What hostlist_nth() hands out stays valid until the list changes, so
 * names are kept here; built on first use, dropped on every change. */
struct nth_cache {
	size_t *first;		/* index of each range's first host */
	char **names;		/* one slot per host, filled on demand */
	size_t nnames;
};

struct hostlist {
	struct range *r;
	size_t n, cap;
	size_t nhosts;
	struct nth_cache *cache;
};

/* ---- small helpers ---- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_num(struct sbuf *b, int width, uint64_t v)
{
	char tmp[MAX_DIGITS + 24];
	int n = snprintf(tmp, sizeof(tmp), "%0*" PRIu64, width, v);

	sb_add(b, tmp, (size_t)n);
}

static char *sb_take(struct sbuf *b)
{
	if (!b->s)
		return xstrdup("");
	return b->s;
}

static bool is_sep(char c)
{
	return c == ',' || isspace((unsigned char)c);
}

static int ndigits(uint64_t v)
{
	int d = 1;

	while (v /= 10)
		d++;
	return d;
}

/* Zeros printed in front of V at WIDTH. */
static int zeros(uint64_t v, int width)
{
	int d = ndigits(v);

	return width > d ? width - d : 0;
}

/* Can runs starting at N (width *WN) and M (width *WM) share brackets
 * without changing how either prints? True when the widths match or one
 * start prints the same at both widths; that one then takes the other's
 * width, as Slurm's _width_equiv does. Hosts above the start have at
 * least as many digits, so the whole run still prints unchanged. */
static bool widths_combine(uint64_t n, int *wn, uint64_t m, int *wm)
{
	bool n_same, m_same;

	if (*wn == *wm)
		return true;
	n_same = zeros(n, *wn) == zeros(n, *wm);
	m_same = zeros(m, *wm) == zeros(m, *wn);
	if (!n_same && !m_same)
		return false;
	if (!n_same)
		*wm = *wn;
	else
		*wn = *wm;
	return true;
}

/* Parse LEN decimal digits; -1 if empty, not all digits or too large. */
static int parse_num(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > MAX_DIGITS)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v > (NUM_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Natural order, as Slurm's strnatcmp: digit runs compare by value
 * ("rack2" < "rack10"), unless one starts with 0, then digit by digit. */
static int natcmp(const char *a, const char *b)
{
	for (;;) {
		unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;

		while (isspace(ca))
			ca = (unsigned char)*++a;
		while (isspace(cb))
			cb = (unsigned char)*++b;
		if (isdigit(ca) && isdigit(cb)) {
			size_t la = 0, lb = 0;
			int bias = 0;

			while (isdigit((unsigned char)a[la]))
				la++;
			while (isdigit((unsigned char)b[lb]))
				lb++;
			if (ca == '0' || cb == '0') {
				size_t m = la < lb ? la : lb;
				int c = memcmp(a, b, m);

				if (c)
					return c < 0 ? -1 : 1;
				if (la != lb)
					return la < lb ? -1 : 1;
			} else {
				if (la != lb)
					return la < lb ? -1 : 1;
				for (size_t i = 0; i < la && !bias; i++)
					if (a[i] != b[i])
						bias = a[i] < b[i] ? -1 : 1;
				if (bias)
					return bias;
			}
			a += la;
			b += lb;
			continue;
		}
		if (!ca && !cb)
			return 0;
		if (ca != cb)
			return ca < cb ? -1 : 1;
		a++;
		b++;
	}
}

static uint64_t range_count(const struct range *r)
{
	return r->single ? 1 : r->hi - r->lo + 1;
}

/* Same prefix and both numbered or both plain; plain names sort before
 * numbered ones with the same text ("a" < "a1"). */
static int prefix_cmp(const struct range *a, const struct range *b)
{
	int c = natcmp(a->prefix, b->prefix);

	return c ? c : (int)b->single - (int)a->single;
}

/* Both numbered runs of one prefix: they go in one bracket group. */
static bool same_group(const struct range *a, const struct range *b)
{
	return !a->single && !b->single && strcmp(a->prefix, b->prefix) == 0;
}

/* Slurm's order: prefix, then start number if the paddings agree, else
 * narrower padding first (n9 < n09). Width adoption is done on copies:
 * it never changes the outcome of a later comparison. */
static int range_cmp(const void *pa, const void *pb)
{
	const struct range *a = *(const struct range *const *)pa;
	const struct range *b = *(const struct range *const *)pb;
	int c = prefix_cmp(a, b);
	int wa = a->width, wb = b->width;

	if (c)
		return c;
	if (widths_combine(a->lo, &wa, b->lo, &wb))
		return a->lo < b->lo ? -1 : a->lo > b->lo;
	return wa < wb ? -1 : wa > wb;
}

/* ---- the list ---- */

static void cache_drop(const hostlist_t *hl)
{
	struct nth_cache *c = hl->cache;

	if (c->names)
		for (size_t i = 0; i < c->nnames; i++)
			free(c->names[i]);
	free(c->names);
	free(c->first);
	c->names = NULL;
	c->first = NULL;
	c->nnames = 0;
}

static hostlist_t *hl_new(void)
{
	hostlist_t *hl = xcalloc(1, sizeof(*hl));

	hl->cache = xcalloc(1, sizeof(*hl->cache));
	return hl;
}

/* Append a run, joining it onto the last one when it simply continues
 * it ("n1,n2" is one run), like Slurm's hostlist_push_range. */
static void push_range(hostlist_t *hl, const char *prefix, uint64_t lo,
		       uint64_t hi, int width, bool single)
{
	struct range *tail = hl->n ? &hl->r[hl->n - 1] : NULL;

	cache_drop(hl);
	if (tail && !single && !tail->single && tail->hi + 1 == lo &&
	    strcmp(tail->prefix, prefix) == 0 &&
	    widths_combine(tail->lo, &tail->width, lo, &width)) {
		tail->hi = hi;
	} else {
		xgrow((void **)&hl->r, &hl->cap, hl->n + 1, sizeof(*hl->r));
		hl->r[hl->n++] = (struct range){
			.prefix = xstrdup(prefix),
			.lo = single ? 0 : lo,
			.hi = single ? 0 : hi,
			.width = single ? 0 : width,
			.single = single,
		};
	}
	hl->nhosts += single ? 1 : hi - lo + 1;
}

/* A literal name: trailing digits make it a numbered host. */
static void push_name(hostlist_t *hl, const char *name, size_t len)
{
	size_t end = len;
	uint64_t num;
	char *prefix;

	while (end > 0 && isdigit((unsigned char)name[end - 1]))
		end--;
	prefix = xstrndup(name, len);
	if (end < len && parse_num(name + end, len - end, &num) == 0) {
		prefix[end] = '\0';
		push_range(hl, prefix, num, num, (int)(len - end), false);
	} else {
		push_range(hl, prefix, 0, 0, 0, true);
	}
	free(prefix);
}

/* ---- parsing ---- */

struct nums {
	uint64_t lo, hi;
	int width;
};

/* One bracket group: its runs of numbers and how many numbers in all. */
struct group {
	struct nums *r;
	size_t n, cap;
	uint64_t count;
};

/* Where the odometer over prefix groups stands in one group. */
struct gpos {
	size_t ri;
	uint64_t v;
};

/* Parsers return this when the expression names too many hosts; the
 * error then names the whole expression, not the token that tipped it. */
#define TOO_MANY (-2)

static int bad(const char *tok, size_t len, const char *fmt, ...)
	FLURM_PRINTF(3, 4);

static int bad(const char *tok, size_t len, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	int shown = len > 80 ? 77 : (int)len;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	err_set("bad hostlist \"%.*s%s\": %s", shown, tok,
		len > 80 ? "..." : "", why);
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* Parse the inside of one bracket pair, "1-3,7,010-012". */
static int parse_group(const char *tok, size_t toklen, const char *s,
		       size_t len, struct group *g)
{
	size_t i = 0;

	if (len == 0)
		return bad(tok, toklen, "empty brackets");
	for (;;) {
		size_t j = i, dash;
		struct nums nr;

		while (j < len && s[j] != ',')
			j++;
		if (j == i)
			return bad(tok, toklen, "empty range inside brackets");
		for (dash = i; dash < j && s[dash] != '-'; dash++)
			;
		if (!all_digits(s + i, dash - i) ||
		    (dash < j && !all_digits(s + dash + 1, j - dash - 1)))
			return bad(tok, toklen,
				   "\"%.*s\" is not a number or a range",
				   (int)(j - i), s + i);
		if (parse_num(s + i, dash - i, &nr.lo) < 0 ||
		    (dash < j && parse_num(s + dash + 1, j - dash - 1,
					   &nr.hi) < 0))
			return bad(tok, toklen, "number in \"%.*s\" is too large",
				   (int)(j - i), s + i);
		if (dash == j)
			nr.hi = nr.lo;
		if (nr.lo > nr.hi)
			return bad(tok, toklen, "range \"%.*s\" runs backwards",
				   (int)(j - i), s + i);
		nr.width = (int)(dash - i);
		if (nr.hi - nr.lo >= HOSTLIST_MAX_EXPAND ||
		    g->count + (nr.hi - nr.lo + 1) > HOSTLIST_MAX_EXPAND)
			return TOO_MANY;
		g->count += nr.hi - nr.lo + 1;
		xgrow((void **)&g->r, &g->cap, g->n + 1, sizeof(*g->r));
		g->r[g->n++] = nr;
		if (j == len)
			return 0;
		i = j + 1;
	}
}

/* Step to the next number of group G; true when it wrapped around. */
static bool gpos_next(const struct group *g, struct gpos *p)
{
	if (p->v < g->r[p->ri].hi) {
		p->v++;
		return false;
	}
	if (++p->ri < g->n) {
		p->v = g->r[p->ri].lo;
		return false;
	}
	p->ri = 0;
	p->v = g->r[0].lo;
	return true;
}

/* Cut a token into text, [group], text, ..., [group], text: the text
 * before group i starts at lit[i], the text after the last at lit[ng].
 * The caller has checked the brackets pair up without nesting. */
static int split_groups(const char *tok, size_t len, struct group *g,
			size_t *lit, size_t *litlen)
{
	size_t k = 0, start = 0, close;
	int rc;

	for (size_t i = 0; i < len; i++) {
		if (tok[i] != '[')
			continue;
		lit[k] = start;
		litlen[k] = i - start;
		for (close = i + 1; tok[close] != ']'; close++)
			;
		rc = parse_group(tok, len, tok + i + 1, close - i - 1, &g[k]);
		if (rc < 0)
			return rc;
		k++;
		i = close;
		start = close + 1;
	}
	lit[k] = start;
	litlen[k] = len - start;
	return 0;
}

/* Push the hosts of one token (no separators outside brackets). *BUDGET
 * is how many more hosts this expression may name. */
static int parse_token(hostlist_t *hl, const char *tok, size_t len,
		       uint64_t *budget)
{
	struct group *g = NULL;
	size_t ng = 0, i;
	size_t *lit = NULL, *litlen = NULL;
	struct gpos *pos = NULL;
	struct sbuf pre = { 0 }, host = { 0 };
	uint64_t total = 1;
	int rc = -1;

	for (i = 0; i < len; i++)
		if (tok[i] == '[')
			ng++;
	if (ng == 0) {
		if (*budget == 0)
			return TOO_MANY;
		(*budget)--;
		push_name(hl, tok, len);
		return 0;
	}
	g = xcalloc(ng, sizeof(*g));
	lit = xcalloc(ng + 1, sizeof(*lit));
	litlen = xcalloc(ng + 1, sizeof(*litlen));
	pos = xcalloc(ng, sizeof(*pos));
	if ((rc = split_groups(tok, len, g, lit, litlen)) < 0)
		goto out;
	for (i = 0; i < ng; i++) {
		if (g[i].count > *budget / total)
			goto too_many;
		total *= g[i].count;
	}
	if (total > *budget)
		goto too_many;
	*budget -= total;

	for (i = 0; i < ng; i++)
		pos[i] = (struct gpos){ 0, g[i].r[0].lo };
	/* Slurm expands prefix groups with the last of them outermost and
	 * the first innermost; the final group varies fastest. */
	for (;;) {
		struct group *last = &g[ng - 1];
		size_t k;

		pre.len = 0;
		sb_add(&pre, tok + lit[0], litlen[0]);
		for (k = 0; k + 1 < ng; k++) {
			sb_num(&pre, g[k].r[pos[k].ri].width, pos[k].v);
			sb_add(&pre, tok + lit[k + 1], litlen[k + 1]);
		}
		for (k = 0; k < last->n; k++) {
			const struct nums *nr = &last->r[k];

			if (litlen[ng] == 0) {
				push_range(hl, pre.s, nr->lo, nr->hi,
					   nr->width, false);
				continue;
			}
			/* Text after the last group: whole names. */
			for (uint64_t v = nr->lo;; v++) {
				host.len = 0;
				sb_add(&host, pre.s, pre.len);
				sb_num(&host, nr->width, v);
				sb_add(&host, tok + lit[ng], litlen[ng]);
				push_name(hl, host.s, host.len);
				if (v == nr->hi)
					break;
			}
		}
		for (k = 0; k + 1 < ng; k++)
			if (!gpos_next(&g[k], &pos[k]))
				break;
		if (k + 1 >= ng)
			break;
	}
	rc = 0;
	goto out;
too_many:
	rc = TOO_MANY;
out:
	for (i = 0; i < ng; i++)
		free(g[i].r);
	free(g);
	free(lit);
	free(litlen);
	free(pos);
	free(pre.s);
	free(host.s);
	return rc;
}

/* Length of the token at TOK, for error messages: up to a separator
 * outside brackets. */
static size_t tok_len(const char *tok)
{
	size_t n = 0;
	int depth = 0;

	for (; tok[n] && (depth > 0 || !is_sep(tok[n])); n++) {
		if (tok[n] == '[')
			depth++;
		else if (tok[n] == ']' && depth > 0)
			depth--;
	}
	return n;
}

/* Split EXPR into tokens at commas and whitespace outside brackets,
 * checking the brackets pair up, and push each token's hosts. */
static int parse_expr(hostlist_t *hl, const char *expr)
{
	uint64_t budget = HOSTLIST_MAX_EXPAND;
	const char *p = expr;
	int rc;

	while (*p) {
		const char *tok, *bracket = NULL;

		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		tok = p;
		for (; *p && (bracket || !is_sep(*p)); p++) {
			if (*p == '[') {
				if (bracket)
					return bad(tok, tok_len(tok),
						   "'[' inside brackets");
				bracket = p;
			} else if (*p == ']') {
				if (!bracket)
					return bad(tok, tok_len(tok),
						   "']' without a '['");
				bracket = NULL;
			} else if (bracket && isspace((unsigned char)*p)) {
				/* "n[1- n2" is an unclosed bracket, not a
				 * space inside one. */
				if (!strchr(p, ']'))
					break;
				return bad(tok, tok_len(tok),
					   "whitespace inside brackets");
			}
		}
		if (bracket)
			return bad(tok, (size_t)(p - tok), "'[' is never closed");
		rc = parse_token(hl, tok, (size_t)(p - tok), &budget);
		if (rc == TOO_MANY)
			return bad(expr, strlen(expr),
				   "names more than %d hosts",
				   HOSTLIST_MAX_EXPAND);
		if (rc < 0)
			return -1;
	}
	return 0;
}

hostlist_t *hostlist_create(const char *expr)
{
	hostlist_t *hl = hl_new();

	if (expr && parse_expr(hl, expr) < 0) {
		hostlist_destroy(hl);
		return NULL;
	}
	return hl;
}

void hostlist_destroy(hostlist_t *hl)
{
	if (!hl)
		return;
	cache_drop(hl);
	for (size_t i = 0; i < hl->n; i++)
		free(hl->r[i].prefix);
	free(hl->r);
	free(hl->cache);
	free(hl);
}

int hostlist_push(hostlist_t *hl, const char *expr)
{
	hostlist_t *add;

	if (!hl) {
		err_set("no hostlist to add \"%s\" to", expr ? expr : "");
		return -1;
	}
	if (!expr)
		return 0;
	if (!(add = hostlist_create(expr)))
		return -1;
	for (size_t i = 0; i < add->n; i++) {
		const struct range *r = &add->r[i];

		push_range(hl, r->prefix, r->lo, r->hi, r->width, r->single);
	}
	hostlist_destroy(add);
	return 0;
}

void hostlist_push_host(hostlist_t *hl, const char *host)
{
	if (host && *host)
		push_name(hl, host, strlen(host));
}

size_t hostlist_count(const hostlist_t *hl)
{
	return hl ? hl->nhosts : 0;
}

static void name_of(struct sbuf *b, const struct range *r, uint64_t depth)
{
	sb_str(b, r->prefix);
	if (!r->single)
		sb_num(b, r->width, r->lo + depth);
}

const char *hostlist_nth(const hostlist_t *hl, size_t i)
{
	struct nth_cache *c;
	size_t lo = 0, hi;

	if (!hl || i >= hl->nhosts)
		return NULL;
	c = hl->cache;
	if (!c->first) {
		size_t sum = 0;

		c->first = xcalloc(hl->n, sizeof(*c->first));
		for (size_t k = 0; k < hl->n; k++) {
			c->first[k] = sum;
			sum += range_count(&hl->r[k]);
		}
		c->names = xcalloc(hl->nhosts, sizeof(*c->names));
		c->nnames = hl->nhosts;
	}
	if (!c->names[i]) {
		struct sbuf b = { 0 };

		/* Last range starting at or before i. */
		hi = hl->n;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (c->first[mid] <= i)
				lo = mid;
			else
				hi = mid;
		}
		name_of(&b, &hl->r[lo], i - c->first[lo]);
		c->names[i] = b.s;
	}
	return c->names[i];
}

/* Does numbered run R hold HOST? Matches on the exact printed name, so
 * "n1" is not in n[01-03] and "nid00002" is in nid0000[1-7]. */
static bool run_holds(const struct range *r, const char *host,
		      uint64_t *depth)
{
	size_t pl = strlen(r->prefix), hlen = strlen(host);
	uint64_t v;

	if (hlen <= pl || strncmp(host, r->prefix, pl) != 0)
		return false;
	if (parse_num(host + pl, hlen - pl, &v) < 0 || v < r->lo || v > r->hi)
		return false;
	if (hlen - pl != (size_t)(ndigits(v) + zeros(v, r->width)))
		return false;
	*depth = v - r->lo;
	return true;
}

long hostlist_find(const hostlist_t *hl, const char *host)
{
	size_t base = 0;

	if (!hl || !host)
		return -1;
	for (size_t i = 0; i < hl->n; i++) {
		const struct range *r = &hl->r[i];
		uint64_t depth;

		if (r->single) {
			if (strcmp(r->prefix, host) == 0)
				return (long)base;
		} else if (run_holds(r, host, &depth)) {
			return (long)(base + depth);
		}
		base += range_count(r);
	}
	return -1;
}

/* qsort over pointers, as Slurm does, so ties land where Slurm's do. */
static void sort_runs(hostlist_t *hl)
{
	struct range **p = xcalloc(hl->n, sizeof(*p));
	struct range *sorted = xcalloc(hl->n, sizeof(*sorted));

	for (size_t i = 0; i < hl->n; i++)
		p[i] = &hl->r[i];
	qsort(p, hl->n, sizeof(*p), range_cmp);
	for (size_t i = 0; i < hl->n; i++)
		sorted[i] = *p[i];
	memcpy(hl->r, sorted, hl->n * sizeof(*sorted));
	free(sorted);
	free(p);
}

/* Overlap test of Slurm's hostrange_intersect: a starts before b. */
static bool overlaps(struct range *a, struct range *b)
{
	return !a->single && !b->single && a->hi > b->lo && a->lo <= b->lo &&
	       strcmp(a->prefix, b->prefix) == 0 &&
	       widths_combine(a->lo, &a->width, b->lo, &b->width);
}

struct rstack {
	struct range *r;
	size_t n, cap;
};

static void rs_push(struct rstack *s, struct range r)
{
	xgrow((void **)&s->r, &s->cap, s->n + 1, sizeof(*s->r));
	s->r[s->n++] = r;
}

/* Slurm's hostlist_coalesce splits overlapping runs a..b and c..d into
 * a..c, then single hosts c..e twice over (e = min(b,d)), then e..max(b,d),
 * rescanning from the end after each split. Processing right to left
 * with a stack does the same splits without the rescans. */
static void coalesce(hostlist_t *hl)
{
	struct rstack right = { 0 }, todo = { 0 };

	for (size_t i = hl->n; i-- > 0;) {
		rs_push(&todo, hl->r[i]);
		while (todo.n) {
			struct range a = todo.r[--todo.n], b;
			uint64_t c, e, f;

			if (!right.n || !overlaps(&a, &right.r[right.n - 1])) {
				rs_push(&right, a);
				continue;
			}
			b = right.r[--right.n];
			c = b.lo;
			e = a.hi < b.hi ? a.hi : b.hi;
			f = a.hi > b.hi ? a.hi : b.hi;
			/* Pushed left to right; the rightmost is redone first. */
			rs_push(&todo, (struct range){ a.prefix, a.lo, c,
						       a.width, false });
			for (uint64_t k = c;; k++) {
				struct range one = { NULL, k, k, a.width, false };

				if (k > c) {
					one.prefix = xstrdup(a.prefix);
					rs_push(&todo, one);
				}
				if (k < e) {
					one.prefix = xstrdup(a.prefix);
					rs_push(&todo, one);
				}
				if (k == e)
					break;
			}
			rs_push(&todo, (struct range){ b.prefix, e, f, b.width,
						       false });
		}
	}
	xgrow((void **)&hl->r, &hl->cap, right.n, sizeof(*hl->r));
	for (size_t i = 0; i < right.n; i++)
		hl->r[i] = right.r[right.n - 1 - i];
	hl->n = right.n;
	free(right.r);
	free(todo.r);
}

/* Join runs that continue each other (n1..2 then n3..5), working from
 * the end as Slurm's hostlist_collapse does. */
static void collapse(hostlist_t *hl)
{
	size_t w;

	if (hl->n < 2)
		return;
	w = hl->n - 1;
	for (size_t i = hl->n - 1; i-- > 0;) {
		struct range *prev = &hl->r[i], *next = &hl->r[w];

		if (same_group(prev, next) && prev->hi + 1 == next->lo &&
		    widths_combine(prev->lo, &prev->width, next->lo,
				   &next->width)) {
			prev->hi = next->hi;
			free(next->prefix);
			*next = *prev;
		} else {
			hl->r[--w] = *prev;
		}
	}
	memmove(hl->r, hl->r + w, (hl->n - w) * sizeof(*hl->r));
	hl->n -= w;
}

void hostlist_sort(hostlist_t *hl)
{
	if (!hl || hl->n <= 1)
		return;
	cache_drop(hl);
	sort_runs(hl);
	coalesce(hl);
	collapse(hl);
}

/* Slurm's hostrange_join: fold B into A when they touch or overlap, or
 * are the same plain name. */
static bool join(struct range *a, struct range *b)
{
	if (prefix_cmp(a, b) != 0 ||
	    !widths_combine(a->lo, &a->width, b->lo, &b->width))
		return false;
	if (a->single)
		return true;
	if (a->hi + 1 == b->lo || (a->hi >= b->lo && a->lo <= b->lo)) {
		if (b->hi > a->hi)
			a->hi = b->hi;
		return true;
	}
	return false;
}

/* Smallest power of ten at or above 10^e, capped past NUM_MAX. */
static uint64_t pow10_cap(int e)
{
	uint64_t p = 1;

	while (e-- > 0 && p <= NUM_MAX)
		p *= 10;
	return p > NUM_MAX ? NUM_MAX + 1 : p;
}

/* Hosts of one run as names: a name is CANON (the prefix without its
 * trailing digits) and then a digit string; cls 1 for strings without
 * a leading zero, else the string's length. Two names are equal iff
 * canon, cls and value are. */
struct cpart {
	const char *canon;
	size_t clen;
	int cls;
	uint64_t lo, hi;
	size_t run;
};

static int cpart_cmp(const void *pa, const void *pb)
{
	const struct cpart *a = pa, *b = pb;
	int c;

	if (a->clen != b->clen)
		return a->clen < b->clen ? -1 : 1;
	if ((c = memcmp(a->canon, b->canon, a->clen)))
		return c;
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

struct cparts {
	struct cpart *p;
	size_t n, cap;
};

/* Cut run R into cparts, one per printed length (and padded or not);
 * false when its names hold numbers too large to compare this way. */
static bool split_names(const struct range *r, size_t run, struct cparts *out)
{
	size_t plen = strlen(r->prefix), dl = 0;
	uint64_t dval = 0, v = r->lo;

	while (dl < plen && isdigit((unsigned char)r->prefix[plen - dl - 1]))
		dl++;
	if (dl && parse_num(r->prefix + plen - dl, dl, &dval) < 0)
		return false;
	while (v <= r->hi) {
		int len = r->width > ndigits(v) ? r->width : ndigits(v);
		uint64_t end = pow10_cap(len) - 1, scale = 0;
		bool zero;

		if (dl == 0 && len > ndigits(v))
			end = pow10_cap(len - 1) - 1;	/* padded part */
		if (end > r->hi)
			end = r->hi;
		zero = dl ? r->prefix[plen - dl] == '0' : len > ndigits(v);
		if (dval) {
			scale = pow10_cap(len);
			if (scale > NUM_MAX || dval > (NUM_MAX - end) / scale)
				return false;
		}
		xgrow((void **)&out->p, &out->cap, out->n + 1, sizeof(*out->p));
		out->p[out->n++] = (struct cpart){
			.canon = r->prefix, .clen = plen - dl,
			.cls = zero && dl + (size_t)len > 1 ?
			       (int)(dl + (size_t)len) : 1,
			.lo = dval * scale + v, .hi = dval * scale + end,
			.run = run,
		};
		v = end + 1;
	}
	return true;
}

/* Slurm's uniq only joins neighbours of one prefix. Its order is not
 * transitive when paddings mix (n[97-100] < n097 < n100), and the same
 * name can be spelt with different prefixes (n011 and n0[9-17]), so a
 * host can survive twice. Where that happens, every run of that name
 * family is rebuilt from the union of its names; true if any was. */
static bool uniq_by_name(hostlist_t *hl)
{
	struct cparts cp = { 0 };
	bool *drop = xcalloc(hl->n, sizeof(*drop));
	struct rstack out = { 0 };
	bool any = false;
	size_t i, j, k;

	for (i = 0; i < hl->n; i++) {
		size_t mark = cp.n;

		if (hl->r[i].single)
			continue;
		if (!split_names(&hl->r[i], i, &cp))
			cp.n = mark;	/* left as it is */
	}
	if (cp.n)
		qsort(cp.p, cp.n, sizeof(*cp.p), cpart_cmp);
	/* A family is the parts sharing canon; look for overlaps in each. */
	for (i = 0; i < cp.n; i = j) {
		bool dup = false;

		for (j = i + 1; j < cp.n && cp.p[j].clen == cp.p[i].clen &&
		     !memcmp(cp.p[j].canon, cp.p[i].canon, cp.p[i].clen); j++)
			if (cp.p[j].cls == cp.p[j - 1].cls &&
			    cp.p[j].lo <= cp.p[j - 1].hi)
				dup = true;
		if (!dup)
			continue;
		any = true;
		for (k = i; k < j; k++)
			drop[cp.p[k].run] = true;
		for (k = i; k < j; k++) {
			struct range *last = out.n ? &out.r[out.n - 1] : NULL;

			if (k > i && last->width == cp.p[k].cls &&
			    cp.p[k].lo <= last->hi + 1) {
				if (cp.p[k].hi > last->hi)
					last->hi = cp.p[k].hi;
				continue;
			}
			rs_push(&out, (struct range){
				xstrndup(cp.p[k].canon, cp.p[k].clen),
				cp.p[k].lo, cp.p[k].hi, cp.p[k].cls, false });
		}
	}
	if (any) {
		for (i = 0; i < hl->n; i++) {
			if (drop[i])
				free(hl->r[i].prefix);
			else
				rs_push(&out, hl->r[i]);
		}
		free(hl->r);
		hl->r = out.r;
		hl->n = out.n;
		hl->cap = out.cap;
	}
	free(cp.p);
	free(drop);
	return any;
}

static void uniq_runs(hostlist_t *hl)
{
	size_t w = 0;

	sort_runs(hl);
	for (size_t i = 1; i < hl->n; i++) {
		if (join(&hl->r[w], &hl->r[i]))
			free(hl->r[i].prefix);
		else
			hl->r[++w] = hl->r[i];
	}
	hl->n = w + 1;
}

void hostlist_uniq(hostlist_t *hl)
{
	if (!hl || hl->n <= 1)
		return;
	cache_drop(hl);
	uniq_runs(hl);
	/* Rebuilt groups are put in order and joined the same way. */
	if (uniq_by_name(hl))
		uniq_runs(hl);
	hl->nhosts = 0;
	for (size_t i = 0; i < hl->n; i++)
		hl->nhosts += range_count(&hl->r[i]);
}

char *hostlist_ranged_string(const hostlist_t *hl)
{
	struct sbuf b = { 0 };
	size_t i = 0;

	if (!hl)
		return xstrdup("");
	while (i < hl->n) {
		size_t start = i;
		bool brackets = range_count(&hl->r[i]) > 1 ||
				(i + 1 < hl->n &&
				 same_group(&hl->r[i], &hl->r[i + 1]));

		if (i)
			sb_add(&b, ",", 1);
		sb_str(&b, hl->r[i].prefix);
		if (brackets)
			sb_add(&b, "[", 1);
		do {
			const struct range *r = &hl->r[i];

			if (i > start)
				sb_add(&b, ",", 1);
			if (!r->single) {
				sb_num(&b, r->width, r->lo);
				if (r->hi > r->lo) {
					sb_add(&b, "-", 1);
					sb_num(&b, r->width, r->hi);
				}
			}
		} while (++i < hl->n && same_group(&hl->r[i], &hl->r[i - 1]));
		if (brackets)
			sb_add(&b, "]", 1);
	}
	return sb_take(&b);
}

char *hostlist_expanded_string(const hostlist_t *hl, const char *sep)
{
	struct sbuf b = { 0 };
	bool first = true;

	if (!sep)
		sep = ",";
	for (size_t i = 0; hl && i < hl->n; i++) {
		const struct range *r = &hl->r[i];

		for (uint64_t d = 0; d < range_count(r); d++) {
			if (!first)
				sb_str(&b, sep);
			first = false;
			name_of(&b, r, d);
		}
	}
	return sb_take(&b);
}

char *hostlist_compress(const char *expr)
{
	hostlist_t *hl = hostlist_create(expr);
	char *s;

	if (!hl)
		return NULL;
	s = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	return s;
}
