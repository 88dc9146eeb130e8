/* k12.c - KangarooTwelve (KT128) and TurboSHAKE128 per RFC 9861, in
 * portable C11: Keccak-p[1600] with 12 rounds, a sponge of rate 168 bytes,
 * and the tree mode that splits M || C || length_encode(|C|) into 8 KiB
 * leaves. Plain and byte-order independent rather than fast: Slurm bodies
 * are small. Where the hash goes in a message is slurm/auth.c's business. */
#include <string.h>

#include "slurm/k12.h"

#define RATE 168	/* bytes: 1600 - 2*128 bits of capacity */

/* The last 12 of Keccak-f[1600]'s 24 round constants (rounds 12..23). */
static const uint64_t round_const[12] = {
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* rho rotation offsets of lane (x, y), indexed x + 5y (FIPS 202 3.2.2). */
static const unsigned rho_off[25] = {
	0,  1,  62, 28, 27,
	36, 44, 6,  55, 20,
	3,  10, 43, 25, 39,
	41, 45, 15, 21, 8,
	18, 2,  61, 56, 14,
};

struct sponge {
	uint64_t a[25];	/* lanes; byte i of the state is byte i%8 of a[i/8] */
	size_t pos;	/* bytes absorbed into, or squeezed from, this block */
};

/* One leaf of the tree while it is being absorbed, plus the final node. */
struct k12_state {
	struct sponge final;
	struct sponge leaf;
	uint64_t total;		/* bytes of S seen so far */
	size_t leaf_len;	/* bytes in the current leaf */
	uint64_t leaves;	/* leaves already folded into the final node */
	int tree;		/* S turned out longer than one chunk */
};

static inline uint64_t rol64(uint64_t v, unsigned n)
{
	return (v << n) | (v >> ((64 - n) & 63));
}

static void keccak_p12(uint64_t a[25])
{
	uint64_t b[25], c[5], d;
	int r, x, y;

	for (r = 0; r < 12; r++) {
		/* theta */
		for (x = 0; x < 5; x++)
			c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^
			       a[x + 20];
		for (x = 0; x < 5; x++) {
			d = c[(x + 4) % 5] ^ rol64(c[(x + 1) % 5], 1);
			for (y = 0; y < 25; y += 5)
				a[x + y] ^= d;
		}
		/* rho and pi: lane (x, y) moves to (y, 2x + 3y) */
		for (y = 0; y < 5; y++)
			for (x = 0; x < 5; x++)
				b[y + 5 * ((2 * x + 3 * y) % 5)] =
					rol64(a[x + 5 * y], rho_off[x + 5 * y]);
		/* chi */
		for (y = 0; y < 25; y += 5)
			for (x = 0; x < 5; x++)
				a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] &
						       b[(x + 2) % 5 + y]);
		/* iota */
		a[0] ^= round_const[r];
	}
}

static inline uint64_t load_le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static inline void xor_byte(struct sponge *s, size_t i, uint8_t v)
{
	s->a[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

static void sponge_init(struct sponge *s)
{
	memset(s, 0, sizeof(*s));
}

static void sponge_absorb(struct sponge *s, const uint8_t *p, size_t n)
{
	while (n > 0) {
		if (s->pos == 0 && n >= RATE) {
			for (int i = 0; i < RATE / 8; i++)
				s->a[i] ^= load_le64(p + 8 * i);
			keccak_p12(s->a);
			p += RATE;
			n -= RATE;
			continue;
		}
		size_t take = RATE - s->pos < n ? RATE - s->pos : n;
		for (size_t i = 0; i < take; i++)
			xor_byte(s, s->pos + i, p[i]);
		s->pos += take;
		p += take;
		n -= take;
		if (s->pos == RATE) {
			keccak_p12(s->a);
			s->pos = 0;
		}
	}
}

/* Pad with the domain byte and switch to squeezing. */
static void sponge_finish(struct sponge *s, uint8_t domain)
{
	xor_byte(s, s->pos, domain);
	xor_byte(s, RATE - 1, 0x80);
	keccak_p12(s->a);
	s->pos = 0;
}

static void sponge_squeeze(struct sponge *s, uint8_t *out, size_t n)
{
	while (n > 0) {
		if (s->pos == RATE) {
			keccak_p12(s->a);
			s->pos = 0;
		}
		*out++ = (uint8_t)(s->a[s->pos / 8] >> (8 * (s->pos % 8)));
		s->pos++;
		n--;
	}
}

void k12_turboshake128(const void *msg, size_t len, uint8_t domain,
		       uint8_t *out, size_t outlen)
{
	struct sponge s;

	sponge_init(&s);
	sponge_absorb(&s, msg, len);
	sponge_finish(&s, domain);
	sponge_squeeze(&s, out, outlen);
}

/* RFC 9861 length_encode: big-endian without leading zeros, then the count
 * of those bytes. Returns the encoded length (at most 9). */
static size_t length_encode(uint64_t x, uint8_t out[9])
{
	uint8_t tmp[8];
	size_t n = 0;

	while (x > 0) {
		tmp[n++] = (uint8_t)x;
		x >>= 8;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = (uint8_t)n;
	return n + 1;
}

/* Close the current leaf and fold its 32-byte chaining value in. */
static void fold_leaf(struct k12_state *k)
{
	uint8_t cv[32];

	sponge_finish(&k->leaf, 0x0b);
	sponge_squeeze(&k->leaf, cv, sizeof(cv));
	sponge_absorb(&k->final, cv, sizeof(cv));
	k->leaves++;
	sponge_init(&k->leaf);
	k->leaf_len = 0;
}

/* Feed the next bytes of S. A chunk is only closed once a byte beyond it
 * arrives, because |S| == 8192 exactly must stay a single node. */
static void k12_update(struct k12_state *k, const uint8_t *p, size_t n)
{
	static const uint8_t first_node_suffix[8] = { 0x03 };

	while (n > 0) {
		size_t take;

		if (k->total < K12_CHUNK) {
			take = K12_CHUNK - k->total;
			if (take > n)
				take = n;
			sponge_absorb(&k->final, p, take);
		} else {
			if (!k->tree) {
				sponge_absorb(&k->final, first_node_suffix,
					      sizeof(first_node_suffix));
				sponge_init(&k->leaf);
				k->tree = 1;
			}
			if (k->leaf_len == K12_CHUNK)
				fold_leaf(k);
			take = K12_CHUNK - k->leaf_len;
			if (take > n)
				take = n;
			sponge_absorb(&k->leaf, p, take);
			k->leaf_len += take;
		}
		k->total += take;
		p += take;
		n -= take;
	}
}

void k12_hash(const void *msg, size_t len, const void *custom, size_t clen,
	      uint8_t *out, size_t outlen)
{
	static const uint8_t final_suffix[2] = { 0xff, 0xff };
	struct k12_state k;
	uint8_t enc[9];
	size_t enc_len;

	memset(&k, 0, sizeof(k));
	sponge_init(&k.final);
	k12_update(&k, msg, len);
	if (clen > 0)
		k12_update(&k, custom, clen);
	enc_len = length_encode(clen, enc);
	k12_update(&k, enc, enc_len);

	if (!k.tree) {
		sponge_finish(&k.final, 0x07);
	} else {
		fold_leaf(&k);
		enc_len = length_encode(k.leaves, enc);
		sponge_absorb(&k.final, enc, enc_len);
		sponge_absorb(&k.final, final_suffix, sizeof(final_suffix));
		sponge_finish(&k.final, 0x06);
	}
	sponge_squeeze(&k.final, out, outlen);
}
