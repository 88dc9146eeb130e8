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

/* TurboSHAKE128(M, D = domain, L = outlen); domain must be 0x01..0x7F. */
void k12_turboshake128(const void *msg, size_t len, uint8_t domain,
		       uint8_t *out, size_t outlen);

#endif
