/* intern.c - one shared copy of equal batch scripts and environments.
 * Users submit thousands of jobs from one shell with one script, and
 * sbatch sends the whole environment with each; keeping a single
 * reference-counted copy is what keeps a pending job small. Apply sees
 * ordinary strings; snapshots (snapshot.c) write each shared copy once. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "state/state_int.h"

struct intern_entry {
	uint64_t hash;
	uint32_t refs;
	bool is_vec;
	char *str;                  /* is_vec == false */
	char **vec;                 /* is_vec == true, NULL-terminated */
	uint32_t count;
	struct intern_entry *next;
};

struct intern {
	struct intern_entry **buckets;
	size_t nbuckets, nentries;
};

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= 0x100000001b3ull;
	}
	h ^= 0xff;   /* separator, so {"ab","c"} and {"a","bc"} differ */
	return h * 0x100000001b3ull;
}

static uint64_t hash_vec(char *const *v, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;

	for (uint32_t i = 0; i < n; i++)
		h = fnv(h, v[i] ? v[i] : "");
	return h;
}

struct intern *intern_new(void)
{
	struct intern *in = xcalloc(1, sizeof(*in));

	in->nbuckets = 256;
	in->buckets = xcalloc(in->nbuckets, sizeof(*in->buckets));
	return in;
}

static void entry_free(struct intern_entry *e)
{
	free(e->str);
	str_array_free(e->vec);
	free(e);
}

void intern_free(struct intern *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nbuckets; i++)
		while (in->buckets[i]) {
			struct intern_entry *e = in->buckets[i];

			in->buckets[i] = e->next;
			entry_free(e);
		}
	free(in->buckets);
	free(in);
}

static void grow(struct intern *in)
{
	size_t n = in->nbuckets * 2;
	struct intern_entry **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < in->nbuckets; i++)
		while (in->buckets[i]) {
			struct intern_entry *e = in->buckets[i];

			in->buckets[i] = e->next;
			e->next = b[e->hash % n];
			b[e->hash % n] = e;
		}
	free(in->buckets);
	in->buckets = b;
	in->nbuckets = n;
}

static bool vec_equal(char *const *a, uint32_t na, char *const *b, uint32_t nb)
{
	if (na != nb)
		return false;
	for (uint32_t i = 0; i < na; i++)
		if (strcmp(a[i] ? a[i] : "", b[i] ? b[i] : ""))
			return false;
	return true;
}

static struct intern_entry *insert(struct intern *in, uint64_t h, uint32_t refs)
{
	struct intern_entry *e = xcalloc(1, sizeof(*e));

	if (in->nentries >= in->nbuckets)
		grow(in);
	e->hash = h;
	e->refs = refs;
	e->next = in->buckets[h % in->nbuckets];
	in->buckets[h % in->nbuckets] = e;
	in->nentries++;
	return e;
}

char *intern_str_refs(struct intern *in, char *s, uint32_t refs)
{
	uint64_t h;

	if (!s)
		return NULL;
	h = fnv(0xcbf29ce484222325ull, s);
	for (struct intern_entry *e = in->buckets[h % in->nbuckets]; e; e = e->next)
		if (!e->is_vec && e->hash == h && !strcmp(e->str, s)) {
			e->refs += refs;
			free(s);
			return e->str;
		}
	insert(in, h, refs)->str = s;
	return s;
}

char *intern_str(struct intern *in, char *s)
{
	return intern_str_refs(in, s, 1);
}

char **intern_vec_refs(struct intern *in, char **v, uint32_t n, uint32_t refs)
{
	uint64_t h;
	struct intern_entry *e;

	if (!v)
		return NULL;
	h = hash_vec(v, n);
	for (e = in->buckets[h % in->nbuckets]; e; e = e->next)
		if (e->is_vec && e->hash == h && vec_equal(e->vec, e->count, v, n)) {
			e->refs += refs;
			str_array_free(v);
			return e->vec;
		}
	e = insert(in, h, refs);
	e->is_vec = true;
	e->vec = v;
	e->count = n;
	return v;
}

char **intern_vec(struct intern *in, char **v, uint32_t n)
{
	return intern_vec_refs(in, v, n, 1);
}

/* Drop one reference to P, which intern_str or intern_vec returned. */
static void release(struct intern *in, uint64_t h, const void *p)
{
	struct intern_entry **pp = &in->buckets[h % in->nbuckets];

	for (; *pp; pp = &(*pp)->next) {
		struct intern_entry *e = *pp;

		if ((e->is_vec ? (void *)e->vec : (void *)e->str) != p)
			continue;
		if (--e->refs == 0) {
			*pp = e->next;
			in->nentries--;
			entry_free(e);
		}
		return;
	}
}

void intern_release_str(struct intern *in, char *s)
{
	if (s)
		release(in, fnv(0xcbf29ce484222325ull, s), s);
}

void intern_release_vec(struct intern *in, char **v, uint32_t n)
{
	if (v)
		release(in, hash_vec(v, n), v);
}

size_t intern_count(const struct intern *in)
{
	return in ? in->nentries : 0;
}
