/* k12.h - KangarooTwelve (KT128) and TurboSHAKE128 as defined in RFC 9861.
 * Slurm 22.05 puts K12(body, customization = msg_type as big-endian u16)
 * into every munge credential (see slurm/auth.h); this is that hash. */
#ifndef FLURM_K12_H
#define FLURM_K12_H

#include <stddef.h>
#include <stdint.h>

/* KT128 splits S = M || C || length_encode(|C|) into leaves of this size. */
#define K12_CHUNK 8192

/* KT128(M = msg[0..len), C = custom[0..clen), L = outlen) into out.
 * custom may be NULL when clen is 0. Any outlen works (it is an XOF). */
void k12_hash(const void *msg, size_t len, const void *custom, size_t clen,
	      uint8_t *out, size_t outlen);

/* The chaining values of the whole leaves of the last message hashed
 * with k12_hash_memo() (leaf i >= 1 covers bytes [8192 i, 8192 (i + 1))
 * of the message), so that the next message, when its caller knows which
 * of its bytes are those of the last, hashes only the leaves that may
 * differ: a long list answered again with a new header costs one leaf
 * and the final node. Zero it before first use; k12_memo_free() after. */
struct k12_memo {
	uint8_t (*cv)[32];         /* cv[i - 1]: leaf i */
	size_t n, cap;             /* leaves known */
};
void k12_memo_free(struct k12_memo *m);

/* As k12_hash() of M = HEAD[0..hlen) || TAIL[0..tlen). A whole leaf of M
 * takes its value from MEMO when its bytes are those of the last message
 * hashed with MEMO at the same offsets: when the caller vouches for them
 * (all of M from offset SAME_FROM on; SIZE_MAX: none), or when they equal
 * PREV's (PREV_LEN bytes, the last message, or NULL), which costs a
 * memcmp of the leaf instead of hashing it. MEMO then holds M's. */
void k12_hash_memo(struct k12_memo *memo, size_t same_from,
		   const void *prev, size_t prev_len,
		   const void *head, size_t hlen, const void *tail, size_t tlen,
		   const void *custom, size_t clen, uint8_t *out, size_t outlen);

/* TurboSHAKE128(M, D = domain, L = outlen); domain must be 0x01..0x7F. */
void k12_turboshake128(const void *msg, size_t len, uint8_t domain,
		       uint8_t *out, size_t outlen);

#endif
