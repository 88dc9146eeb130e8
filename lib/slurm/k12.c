/* k12.c - KangarooTwelve (KT128) and TurboSHAKE128 per RFC 9861, in
 * portable C11: Keccak-p[1600] with 12 rounds, a sponge of rate 168 bytes,
 * and the tree mode that splits M || C || length_encode(|C|) into 8 KiB
 * leaves. Plain and byte-order independent rather than fast: Slurm bodies
 * are small. Where the hash goes in a message is slurm/auth.c's business. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "slurm/k12.h"

#define RATE 168	/* bytes: 1600 - 2*128 bits of capacity */

/* The last 12 of Keccak-f[1600]'s 24 round constants (rounds 12..23). */
static const uint64_t round_const[12] = {
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
	0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
	0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
	0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
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

/* Keccak-p[1600, 12] with the 25 lanes in locals, rounds unrolled by
 * the compiler: several times faster than indexing the state array, which
 * matters because every Slurm reply (a squeue of 10,000 jobs is ~6 MB) is
 * hashed. Lane names are row (b g k m s = y 0..4) then column (a e i o u =
 * x 0..4); rho and pi are folded into the B assignments. */
#define THETA_RHO_PI_CHI_IOTA(rc) do {                                        \
	uint64_t ca = aba ^ aga ^ aka ^ ama ^ asa, ce = abe ^ age ^ ake ^ ame ^ ase, \
		 ci = abi ^ agi ^ aki ^ ami ^ asi, co = abo ^ ago ^ ako ^ amo ^ aso, \
		 cu = abu ^ agu ^ aku ^ amu ^ asu;                            \
	uint64_t da = cu ^ rol64(ce, 1), de = ca ^ rol64(ci, 1),              \
		 di = ce ^ rol64(co, 1), dd = ci ^ rol64(cu, 1),              \
		 du = co ^ rol64(ca, 1);                                      \
	uint64_t bba = aba ^ da, bbe = rol64(age ^ de, 44),                  \
		 bbi = rol64(aki ^ di, 43), bbo = rol64(amo ^ dd, 21),        \
		 bbu = rol64(asu ^ du, 14);                                   \
	uint64_t bga = rol64(abo ^ dd, 28), bge = rol64(agu ^ du, 20),        \
		 bgi = rol64(aka ^ da, 3), bgo = rol64(ame ^ de, 45),         \
		 bgu = rol64(asi ^ di, 61);                                   \
	uint64_t bka = rol64(abe ^ de, 1), bke = rol64(agi ^ di, 6),          \
		 bki = rol64(ako ^ dd, 25), bko = rol64(amu ^ du, 8),         \
		 bku = rol64(asa ^ da, 18);                                   \
	uint64_t bma = rol64(abu ^ du, 27), bme = rol64(aga ^ da, 36),        \
		 bmi = rol64(ake ^ de, 10), bmo = rol64(ami ^ di, 15),        \
		 bmu = rol64(aso ^ dd, 56);                                   \
	uint64_t bsa = rol64(abi ^ di, 62), bse = rol64(ago ^ dd, 55),        \
		 bsi = rol64(aku ^ du, 39), bso = rol64(ama ^ da, 41),        \
		 bsu = rol64(ase ^ de, 2);                                    \
	aba = bba ^ (~bbe & bbi) ^ (rc); abe = bbe ^ (~bbi & bbo);            \
	abi = bbi ^ (~bbo & bbu); abo = bbo ^ (~bbu & bba);                   \
	abu = bbu ^ (~bba & bbe);                                             \
	aga = bga ^ (~bge & bgi); age = bge ^ (~bgi & bgo);                   \
	agi = bgi ^ (~bgo & bgu); ago = bgo ^ (~bgu & bga);                   \
	agu = bgu ^ (~bga & bge);                                             \
	aka = bka ^ (~bke & bki); ake = bke ^ (~bki & bko);                   \
	aki = bki ^ (~bko & bku); ako = bko ^ (~bku & bka);                   \
	aku = bku ^ (~bka & bke);                                             \
	ama = bma ^ (~bme & bmi); ame = bme ^ (~bmi & bmo);                   \
	ami = bmi ^ (~bmo & bmu); amo = bmo ^ (~bmu & bma);                   \
	amu = bmu ^ (~bma & bme);                                             \
	asa = bsa ^ (~bse & bsi); ase = bse ^ (~bsi & bso);                   \
	asi = bsi ^ (~bso & bsu); aso = bso ^ (~bsu & bsa);                   \
	asu = bsu ^ (~bsa & bse);                                             \
} while (0)

static void keccak_p12(uint64_t a[25])
{
	uint64_t aba = a[0], abe = a[1], abi = a[2], abo = a[3], abu = a[4];
	uint64_t aga = a[5], age = a[6], agi = a[7], ago = a[8], agu = a[9];
	uint64_t aka = a[10], ake = a[11], aki = a[12], ako = a[13], aku = a[14];
	uint64_t ama = a[15], ame = a[16], ami = a[17], amo = a[18], amu = a[19];
	uint64_t asa = a[20], ase = a[21], asi = a[22], aso = a[23], asu = a[24];

	for (int r = 0; r < 12; r++)
		THETA_RHO_PI_CHI_IOTA(round_const[r]);
	a[0] = aba; a[1] = abe; a[2] = abi; a[3] = abo; a[4] = abu;
	a[5] = aga; a[6] = age; a[7] = agi; a[8] = ago; a[9] = agu;
	a[10] = aka; a[11] = ake; a[12] = aki; a[13] = ako; a[14] = aku;
	a[15] = ama; a[16] = ame; a[17] = ami; a[18] = amo; a[19] = amu;
	a[20] = asa; a[21] = ase; a[22] = asi; a[23] = aso; a[24] = asu;
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

/* Close the current leaf and fold its 32-byte chaining value in; CV
 * (unless NULL) gets it. */
static void fold_leaf_cv(struct k12_state *k, uint8_t *cv)
{
	uint8_t v[32];

	sponge_finish(&k->leaf, 0x0b);
	sponge_squeeze(&k->leaf, v, sizeof(v));
	sponge_absorb(&k->final, v, sizeof(v));
	k->leaves++;
	sponge_init(&k->leaf);
	k->leaf_len = 0;
	if (cv)
		memcpy(cv, v, sizeof(v));
}

static void fold_leaf(struct k12_state *k)
{
	fold_leaf_cv(k, NULL);
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

/* C, then its length, then the final node into OUT. */
static void k12_finish(struct k12_state *k, const void *custom, size_t clen,
		       uint8_t *out, size_t outlen)
{
	static const uint8_t final_suffix[2] = { 0xff, 0xff };
	uint8_t enc[9];
	size_t enc_len;

	if (clen > 0)
		k12_update(k, custom, clen);
	enc_len = length_encode(clen, enc);
	k12_update(k, enc, enc_len);

	if (!k->tree) {
		sponge_finish(&k->final, 0x07);
	} else {
		fold_leaf(k);
		enc_len = length_encode(k->leaves, enc);
		sponge_absorb(&k->final, enc, enc_len);
		sponge_absorb(&k->final, final_suffix, sizeof(final_suffix));
		sponge_finish(&k->final, 0x06);
	}
	sponge_squeeze(&k->final, out, outlen);
}

void k12_memo_free(struct k12_memo *m)
{
	free(m->cv);
	memset(m, 0, sizeof(*m));
}

/* Feed bytes [from, to) of HEAD || TAIL. */
static void feed2(struct k12_state *k, const uint8_t *head, size_t hlen,
		  const uint8_t *tail, size_t from, size_t to)
{
	if (from < hlen) {
		size_t end = to < hlen ? to : hlen;

		k12_update(k, head + from, end - from);
		from = end;
	}
	if (from < to)
		k12_update(k, tail + (from - hlen), to - from);
}

/* Whether bytes [from, from + n) of HEAD || TAIL equal PREV's there. */
static int same2(const uint8_t *head, size_t hlen, const uint8_t *tail,
		 const uint8_t *prev, size_t from, size_t n)
{
	if (from < hlen) {
		size_t k = hlen - from < n ? hlen - from : n;

		if (memcmp(head + from, prev + from, k))
			return 0;
		from += k;
		n -= k;
	}
	return !n || !memcmp(tail + (from - hlen), prev + from, n);
}

void k12_hash_memo(struct k12_memo *memo, size_t same_from,
		   const void *prev, size_t prev_len,
		   const void *head, size_t hlen, const void *tail, size_t tlen,
		   const void *custom, size_t clen, uint8_t *out, size_t outlen)
{
	static const uint8_t first_node_suffix[8] = { 0x03 };
	size_t len = hlen + tlen, off, whole = len / K12_CHUNK;
	struct k12_state k;

	memset(&k, 0, sizeof(k));
	sponge_init(&k.final);
	off = len < K12_CHUNK ? len : K12_CHUNK;
	feed2(&k, head, hlen, tail, 0, off);
	/* leaves 1 .. whole-1 lie inside M and bytes of S follow each (C's
	 * length at least): each is folded as a leaf that is not the last */
	if (whole > 1)
		xgrow((void **)&memo->cv, &memo->cap, whole - 1,
		      sizeof(*memo->cv));
	for (size_t i = 1; i < whole; i++, off += K12_CHUNK) {
		uint8_t *cv = memo->cv[i - 1];

		if (i <= memo->n &&
		    (off >= same_from ||
		     (prev && off + K12_CHUNK <= prev_len &&
		      same2(head, hlen, tail, prev, off, K12_CHUNK)))) {
			if (!k.tree) {
				sponge_absorb(&k.final, first_node_suffix,
					      sizeof(first_node_suffix));
				sponge_init(&k.leaf);
				k.tree = 1;
			}
			if (k.leaf_len == K12_CHUNK)
				fold_leaf(&k);
			sponge_absorb(&k.final, cv, 32);
			k.leaves++;
			k.total += K12_CHUNK;
			continue;
		}
		feed2(&k, head, hlen, tail, off, off + K12_CHUNK);
		fold_leaf_cv(&k, cv);
	}
	memo->n = whole > 1 ? whole - 1 : 0;
	feed2(&k, head, hlen, tail, off, len);
	k12_finish(&k, custom, clen, out, outlen);
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
