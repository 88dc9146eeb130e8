/* pack.c - growable byte buffer and the pack/unpack primitives of Slurm's
 * wire format (big-endian integers, u32-length strings, doubles scaled by
 * 1e6, hex bitmaps). Every unpack checks what is left before it reads;
 * message layouts and framing live in lib/slurm and lib/wire. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"

/* Slurm's packdouble multiplies by this before sending the IEEE bits. */
#define FLOAT_MULT 1000000.0

buf_t *buf_new(size_t hint)
{
	buf_t *b = xcalloc(1, sizeof(*b));

	b->size = hint ? hint : 256;
	b->data = xmalloc(b->size);
	b->owned = true;
	return b;
}

void buf_init_view(buf_t *b, const void *data, size_t len)
{
	memset(b, 0, sizeof(*b));
	/* never written through: pack functions refuse views */
	b->data = (uint8_t *)(uintptr_t)data;
	b->size = data ? len : 0;
}

void buf_free(buf_t *b)
{
	if (!b || !b->owned)
		return;
	free(b->data);
	free(b);
}

uint8_t *buf_steal(buf_t *b, size_t *len)
{
	uint8_t *p = b->data;

	if (len)
		*len = b->off;
	if (!b->owned)
		fatal("buf_steal on a read-only view");
	b->data = xmalloc(256);
	b->size = 256;
	b->off = 0;
	return p;
}

/* Make room for N more bytes; buffers grow by doubling. */
static void need(buf_t *b, size_t n)
{
	size_t cap = b->size;

	if (!b->owned)
		fatal("packing into a read-only buffer view");
	if (n > SIZE_MAX - b->off)
		fatal("buffer size overflow");
	if (b->off + n <= cap)
		return;
	if (!cap)
		cap = 256;
	while (cap < b->off + n)
		cap = cap > SIZE_MAX / 2 ? b->off + n : cap * 2;
	b->data = xrealloc(b->data, cap);
	b->size = cap;
}

uint8_t *buf_reserve(buf_t *b, size_t n)
{
	uint8_t *p;

	need(b, n);
	p = b->data + b->off;
	b->off += n;
	return p;
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t get_be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

void buf_put_u32_at(buf_t *b, size_t at, uint32_t v)
{
	if (at > b->off || b->off - at < 4)
		fatal("buf_put_u32_at: offset %zu outside the %zu packed bytes", at, b->off);
	put_be(b->data + at, v, 4);
}

void pack8(buf_t *b, uint8_t v)
{
	put_be(buf_reserve(b, 1), v, 1);
}

void pack16(buf_t *b, uint16_t v)
{
	put_be(buf_reserve(b, 2), v, 2);
}

void pack32(buf_t *b, uint32_t v)
{
	put_be(buf_reserve(b, 4), v, 4);
}

void pack64(buf_t *b, uint64_t v)
{
	put_be(buf_reserve(b, 8), v, 8);
}

void pack_time(buf_t *b, time_t t)
{
	pack64(b, (uint64_t)(int64_t)t);
}

void pack_bool(buf_t *b, bool v)
{
	pack8(b, v ? 1 : 0);
}

void pack_double(buf_t *b, double v)
{
	double scaled = v * FLOAT_MULT;
	uint64_t bits;

	memcpy(&bits, &scaled, sizeof(bits));
	pack64(b, bits);
}

void pack_raw(buf_t *b, const void *p, size_t len)
{
	if (len)
		memcpy(buf_reserve(b, len), p, len);
}

void pack_mem(buf_t *b, const void *p, uint32_t len)
{
	pack32(b, len);
	pack_raw(b, p, len);
}

void pack_str(buf_t *b, const char *s)
{
	size_t len;

	if (!s) {
		pack32(b, 0);
		return;
	}
	len = strlen(s) + 1;
	if (len > UINT32_MAX)
		fatal("string of %zu bytes is too long to pack", len);
	pack_mem(b, s, (uint32_t)len);
}

void pack_str_array(buf_t *b, char *const *strs, uint32_t count)
{
	pack32(b, count);
	for (uint32_t i = 0; i < count; i++)
		pack_str(b, strs[i]);
}

void pack16_array(buf_t *b, const uint16_t *v, uint32_t count)
{
	pack32(b, count);
	for (uint32_t i = 0; i < count; i++)
		pack16(b, v[i]);
}

void pack32_array(buf_t *b, const uint32_t *v, uint32_t count)
{
	pack32(b, count);
	for (uint32_t i = 0; i < count; i++)
		pack32(b, v[i]);
}

void pack64_array(buf_t *b, const uint64_t *v, uint32_t count)
{
	pack32(b, count);
	for (uint32_t i = 0; i < count; i++)
		pack64(b, v[i]);
}

void pack_double_array(buf_t *b, const double *v, uint32_t count)
{
	pack32(b, count);
	for (uint32_t i = 0; i < count; i++)
		pack_double(b, v[i]);
}

/*
 * Unpacking. fail() records the first problem only: later unpacks on a
 * failed buffer return -1 without replacing the message, so a caller that
 * unpacks a whole record and checks once still shows the real cause.
 */
static int fail(buf_t *b, const char *fmt, ...) FLURM_PRINTF(2, 3);

static int fail(buf_t *b, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!b->failed) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		err_set("%s", msg);
		b->failed = true;
	}
	return -1;
}

/* Check that N bytes for WHAT are left; returns a pointer to them. */
static const uint8_t *take(buf_t *b, size_t n, const char *what)
{
	const uint8_t *p;

	if (b->failed)
		return NULL;
	if (b->off > b->size || b->size - b->off < n) {
		fail(b, "truncated data: %s needs %zu bytes at offset %zu, only %zu left",
		     what, n, b->off, b->off > b->size ? 0 : b->size - b->off);
		return NULL;
	}
	p = b->data + b->off;
	b->off += n;
	return p;
}

static int unpack_be(buf_t *b, uint64_t *v, int n, const char *what)
{
	const uint8_t *p = take(b, (size_t)n, what);

	if (!p) {
		*v = 0;
		return -1;
	}
	*v = get_be(p, n);
	return 0;
}

int unpack8(buf_t *b, uint8_t *v)
{
	uint64_t x;
	int rc = unpack_be(b, &x, 1, "a u8");

	*v = (uint8_t)x;
	return rc;
}

int unpack16(buf_t *b, uint16_t *v)
{
	uint64_t x;
	int rc = unpack_be(b, &x, 2, "a u16");

	*v = (uint16_t)x;
	return rc;
}

int unpack32(buf_t *b, uint32_t *v)
{
	uint64_t x;
	int rc = unpack_be(b, &x, 4, "a u32");

	*v = (uint32_t)x;
	return rc;
}

int unpack64(buf_t *b, uint64_t *v)
{
	return unpack_be(b, v, 8, "a u64");
}

int unpack_time(buf_t *b, time_t *t)
{
	uint64_t x;
	int rc = unpack_be(b, &x, 8, "a time");

	*t = (time_t)(int64_t)x;
	return rc;
}

int unpack_bool(buf_t *b, bool *v)
{
	uint64_t x;
	int rc = unpack_be(b, &x, 1, "a bool");

	*v = x != 0;
	return rc;
}

int unpack_double(buf_t *b, double *v)
{
	uint64_t x;
	double d;

	if (unpack_be(b, &x, 8, "a double")) {
		*v = 0;
		return -1;
	}
	memcpy(&d, &x, sizeof(d));
	*v = d / FLOAT_MULT;
	return 0;
}

int unpack_raw(buf_t *b, void *p, size_t len)
{
	const uint8_t *src = take(b, len, "a raw block");

	if (!src) {
		if (len)
			memset(p, 0, len);
		return -1;
	}
	if (len)
		memcpy(p, src, len);
	return 0;
}

int unpack_skip(buf_t *b, size_t n)
{
	return take(b, n, "skipped bytes") ? 0 : -1;
}

/* The u32 length and the bytes of a packmem/packstr, checked. */
static int unpack_block(buf_t *b, const uint8_t **p, uint32_t *len, const char *what)
{
	size_t at = b->off;
	uint32_t n;

	*p = NULL;
	*len = 0;
	if (unpack32(b, &n))
		return -1;
	if (n > PACK_MAX_STR)
		return fail(b, "%s length %u at offset %zu exceeds the limit of %u bytes",
			    what, n, at, PACK_MAX_STR);
	if (n > buf_remaining(b))
		return fail(b, "%s length %u at offset %zu runs past the end (%zu bytes left)",
			    what, n, at, buf_remaining(b));
	*p = b->data + b->off;
	*len = n;
	b->off += n;
	return 0;
}

int unpack_mem_ptr(buf_t *b, const uint8_t **p, uint32_t *len)
{
	if (unpack_block(b, p, len, "memory block"))
		return -1;
	if (!*len)
		*p = NULL;
	return 0;
}

int unpack_mem(buf_t *b, void **p, uint32_t *len)
{
	const uint8_t *src;

	*p = NULL;
	if (unpack_mem_ptr(b, &src, len))
		return -1;
	if (*len) {
		*p = xmalloc(*len);
		memcpy(*p, src, *len);
	}
	return 0;
}

int unpack_str_ptr(buf_t *b, const char **s, uint32_t *len)
{
	size_t at = b->off;
	const uint8_t *p;
	uint32_t n;

	*s = NULL;
	*len = 0;
	if (unpack_block(b, &p, &n, "string"))
		return -1;
	if (!n)
		return 0;
	if (p[n - 1] != '\0') {
		b->off = at;
		return fail(b, "string of %u bytes at offset %zu does not end in a NUL", n, at);
	}
	*s = (const char *)p;
	*len = n - 1;
	return 0;
}

int unpack_str(buf_t *b, char **s)
{
	const char *p;
	uint32_t n;

	*s = NULL;
	if (unpack_str_ptr(b, &p, &n))
		return -1;
	if (p) {
		*s = xmalloc((size_t)n + 1);
		memcpy(*s, p, (size_t)n + 1);
	}
	return 0;
}

/* An array count, refused when it cannot possibly fit in what is left
 * (each element takes at least MIN_EACH bytes), so a lying count cannot
 * make us allocate gigabytes. */
static int unpack_count(buf_t *b, uint32_t *count, size_t min_each, const char *what)
{
	size_t at = b->off;

	if (unpack32(b, count))
		return -1;
	if (*count > PACK_MAX_ARRAY)
		return fail(b, "%s count %u at offset %zu exceeds the limit of %u",
			    what, *count, at, PACK_MAX_ARRAY);
	if ((size_t)*count * min_each > buf_remaining(b))
		return fail(b, "%s count %u at offset %zu needs at least %zu bytes, only %zu left",
			    what, *count, at, (size_t)*count * min_each, buf_remaining(b));
	return 0;
}

void str_array_free(char **strs)
{
	if (!strs)
		return;
	for (char **p = strs; *p; p++)
		free(*p);
	free(strs);
}

int unpack_str_array(buf_t *b, char ***strs, uint32_t *count)
{
	char **v;

	*strs = NULL;
	if (unpack_count(b, count, 4, "string array")) {
		*count = 0;
		return -1;
	}
	if (!*count)
		return 0;
	v = xcalloc((size_t)*count + 1, sizeof(*v));
	for (uint32_t i = 0; i < *count; i++) {
		if (unpack_str(b, &v[i])) {
			for (uint32_t j = 0; j < i; j++)
				free(v[j]);
			free(v);
			*count = 0;
			return -1;
		}
		/* a NULL element would cut the NULL-terminated array short */
		if (!v[i])
			v[i] = xstrdup("");
	}
	*strs = v;
	return 0;
}

#define UNPACK_ARRAY(name, type, width, unpack_one)				\
int name(buf_t *b, type **v, uint32_t *count)					\
{										\
	type *a;								\
										\
	*v = NULL;								\
	if (unpack_count(b, count, width, #type " array")) {			\
		*count = 0;							\
		return -1;							\
	}									\
	if (!*count)								\
		return 0;							\
	a = xmalloc((size_t)*count * sizeof(type));				\
	for (uint32_t i = 0; i < *count; i++)					\
		unpack_one(b, &a[i]); /* cannot fail: count was checked */	\
	*v = a;									\
	return 0;								\
}

UNPACK_ARRAY(unpack16_array, uint16_t, 2, unpack16)
UNPACK_ARRAY(unpack32_array, uint32_t, 4, unpack32)
UNPACK_ARRAY(unpack64_array, uint64_t, 8, unpack64)
UNPACK_ARRAY(unpack_double_array, double, 8, unpack_double)

void pack_bitstr(buf_t *b, const bitstr_t *bits)
{
	char *hex;

	if (!bits) {
		pack32(b, PACK_BITSTR_NONE);
		return;
	}
	hex = bit_fmt_hex(bits);
	pack32(b, bit_size(bits));
	pack_str(b, hex);
	free(hex);
}

int unpack_bitstr(buf_t *b, bitstr_t **bits)
{
	size_t at = b->off;
	uint32_t nbits;
	char *hex = NULL;
	bitstr_t *map;

	*bits = NULL;
	if (unpack32(b, &nbits))
		return -1;
	if (nbits == PACK_BITSTR_NONE)
		return 0;
	if (nbits > PACK_MAX_BITS)
		return fail(b, "bitmap of %u bits at offset %zu exceeds the limit of %u",
			    nbits, at, PACK_MAX_BITS);
	if (unpack_str(b, &hex))
		return -1;
	map = bit_alloc(nbits);
	if (!hex && nbits) {
		bit_free(map);
		return fail(b, "bitmap of %u bits at offset %zu has no hex mask", nbits, at);
	}
	if (hex && bit_parse_hex(map, hex)) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err_msg());
		free(hex);
		bit_free(map);
		return fail(b, "bad bitmap at offset %zu: %s", at, why);
	}
	free(hex);
	*bits = map;
	return 0;
}
