/* bitstr.c - fixed-size bitmaps and their text forms: the "0,3-5" list
 * users read and the "0x..." hex mask Slurm puts on the wire. Packing the
 * mask into a message is pack.c's job. */
#include <stdlib.h>
#include <string.h>

#include "core/bitstr.h"
#include "core/err.h"
#include "core/xalloc.h"

static inline uint32_t nwords(uint32_t nbits)
{
	return (uint32_t)(((uint64_t)nbits + 63) / 64);   /* no wrap near 2^32 */
}

/* Keep bits past nbits in the last word zero, so counting and comparing
 * whole words stays right. */
static void trim_tail(bitstr_t *b)
{
	uint32_t rest = b->nbits % 64;

	if (rest)
		b->words[b->nbits / 64] &= (UINT64_C(1) << rest) - 1;
}

bitstr_t *bit_alloc(uint32_t nbits)
{
	bitstr_t *b = xcalloc(1, sizeof(*b) + (size_t)nwords(nbits) * sizeof(uint64_t));

	b->nbits = nbits;
	return b;
}

bitstr_t *bit_copy(const bitstr_t *b)
{
	size_t n;
	bitstr_t *c;

	if (!b)
		return NULL;
	n = sizeof(*b) + (size_t)nwords(b->nbits) * sizeof(uint64_t);
	c = xmalloc(n);
	memcpy(c, b, n);
	return c;
}

void bit_free(bitstr_t *b)
{
	free(b);
}

void bit_set(bitstr_t *b, uint32_t i)
{
	if (i < b->nbits)
		b->words[i / 64] |= UINT64_C(1) << (i % 64);
}

void bit_clear(bitstr_t *b, uint32_t i)
{
	if (i < b->nbits)
		b->words[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

bool bit_test(const bitstr_t *b, uint32_t i)
{
	if (i >= b->nbits)
		return false;
	return (b->words[i / 64] >> (i % 64)) & 1;
}

void bit_set_all(bitstr_t *b)
{
	memset(b->words, 0xff, (size_t)nwords(b->nbits) * sizeof(uint64_t));
	trim_tail(b);
}

void bit_clear_all(bitstr_t *b)
{
	memset(b->words, 0, (size_t)nwords(b->nbits) * sizeof(uint64_t));
}

uint32_t bit_count(const bitstr_t *b)
{
	uint32_t n = 0;

	for (uint32_t w = 0; w < nwords(b->nbits); w++)
		n += (uint32_t)__builtin_popcountll(b->words[w]);
	return n;
}

int64_t bit_next_set(const bitstr_t *b, uint32_t from)
{
	uint32_t w;
	uint64_t word;

	if (from >= b->nbits)
		return -1;
	w = from / 64;
	word = b->words[w] & (~UINT64_C(0) << (from % 64));
	for (;;) {
		if (word)
			return (int64_t)w * 64 + __builtin_ctzll(word);
		if (++w >= nwords(b->nbits))
			return -1;
		word = b->words[w];
	}
}

bool bit_equal(const bitstr_t *a, const bitstr_t *b)
{
	if (a->nbits != b->nbits)
		return false;
	return !memcmp(a->words, b->words, (size_t)nwords(a->nbits) * sizeof(uint64_t));
}

enum bit_op { OP_OR, OP_AND, OP_AND_NOT };

static void combine(bitstr_t *dst, const bitstr_t *src, enum bit_op op)
{
	uint32_t common = dst->nbits < src->nbits ? dst->nbits : src->nbits;
	uint32_t full = common / 64, rest = common % 64;

	for (uint32_t w = 0; w < full; w++) {
		switch (op) {
		case OP_OR:      dst->words[w] |= src->words[w]; break;
		case OP_AND:     dst->words[w] &= src->words[w]; break;
		case OP_AND_NOT: dst->words[w] &= ~src->words[w]; break;
		}
	}
	/* the partial word: touch only the bits both maps have */
	if (rest) {
		uint64_t mask = (UINT64_C(1) << rest) - 1;
		uint64_t s = src->words[full] & mask;

		switch (op) {
		case OP_OR:      dst->words[full] |= s; break;
		case OP_AND:     dst->words[full] &= s | ~mask; break;
		case OP_AND_NOT: dst->words[full] &= ~s; break;
		}
	}
}

void bit_or(bitstr_t *dst, const bitstr_t *src)
{
	combine(dst, src, OP_OR);
}

void bit_and(bitstr_t *dst, const bitstr_t *src)
{
	combine(dst, src, OP_AND);
}

void bit_and_not(bitstr_t *dst, const bitstr_t *src)
{
	combine(dst, src, OP_AND_NOT);
}

char *bit_fmt_list(const bitstr_t *b)
{
	char *s = xstrdup("");
	int64_t i = bit_next_set(b, 0);

	while (i >= 0) {
		int64_t last = i;

		while (last + 1 < b->nbits && bit_test(b, (uint32_t)last + 1))
			last++;
		if (last == i)
			xstrfmtcat(&s, "%s%lld", *s ? "," : "", (long long)i);
		else
			xstrfmtcat(&s, "%s%lld-%lld", *s ? "," : "",
				   (long long)i, (long long)last);
		if (last + 1 >= b->nbits)
			break;
		i = bit_next_set(b, (uint32_t)last + 1);
	}
	return s;
}

char *bit_fmt_hex(const bitstr_t *b)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t ndig = ((size_t)b->nbits + 3) / 4;
	char *s;

	if (!ndig)
		return xstrdup("0x0");
	s = xmalloc(ndig + 3);
	s[0] = '0';
	s[1] = 'x';
	/* digit k from the right holds bits 4k .. 4k+3 */
	for (size_t k = 0; k < ndig; k++) {
		uint32_t bit = (uint32_t)(k * 4);
		unsigned nib = (unsigned)(b->words[bit / 64] >> (bit % 64)) & 0xf;

		s[2 + ndig - 1 - k] = digits[nib];
	}
	s[ndig + 2] = '\0';
	return s;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int bit_parse_hex(bitstr_t *b, const char *hex)
{
	const char *digits, *p;
	uint64_t bit = 0;

	bit_clear_all(b);
	if (!hex) {
		err_set("missing hex bitmap");
		return -1;
	}
	digits = hex;
	if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		digits += 2;
	/* walk from the least significant digit on the right */
	for (p = digits + strlen(digits); p > digits; bit += 4) {
		int v = hex_value(*--p);

		if (v < 0) {
			err_set("bad character '%c' in hex bitmap \"%.40s\"", *p, hex);
			goto fail;
		}
		for (int j = 0; j < 4; j++) {
			if (!(v & (1 << j)))
				continue;
			if (bit + j >= b->nbits) {
				err_set("hex bitmap \"%.40s\" sets bit %llu but has only %u bits",
					hex, (unsigned long long)(bit + j), b->nbits);
				goto fail;
			}
			bit_set(b, (uint32_t)(bit + j));
		}
	}
	return 0;
fail:
	bit_clear_all(b);
	return -1;
}
