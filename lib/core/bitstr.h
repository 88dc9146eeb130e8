/* bitstr.h - fixed-size bitmaps (node sets, CPU sets).
 * Bit i lives in words[i / 64], bit i % 64. Indexes at or past nbits do not
 * exist: setting or clearing them does nothing and testing them is false,
 * so a bad index from the network cannot write past the end. */
#ifndef FLURM_BITSTR_H
#define FLURM_BITSTR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct bitstr {
	uint32_t nbits;
	uint64_t words[];
} bitstr_t;

bitstr_t *bit_alloc(uint32_t nbits);     /* all clear */
bitstr_t *bit_copy(const bitstr_t *b);   /* NULL stays NULL */
void bit_free(bitstr_t *b);
static inline uint32_t bit_size(const bitstr_t *b) { return b->nbits; }
void bit_set(bitstr_t *b, uint32_t i);
void bit_clear(bitstr_t *b, uint32_t i);
bool bit_test(const bitstr_t *b, uint32_t i);
void bit_set_all(bitstr_t *b);
void bit_clear_all(bitstr_t *b);
uint32_t bit_count(const bitstr_t *b);
/* Lowest set bit at or after FROM, or -1. */
int64_t bit_next_set(const bitstr_t *b, uint32_t from);
/* Same size and same bits. */
bool bit_equal(const bitstr_t *a, const bitstr_t *b);
/* Combine bit by bit; for different sizes only the common bits change. */
void bit_or(bitstr_t *dst, const bitstr_t *src);
void bit_and(bitstr_t *dst, const bitstr_t *src);
void bit_and_not(bitstr_t *dst, const bitstr_t *src);
/* "0,3-5" style list of set bits, "" when none (malloc'd). */
char *bit_fmt_list(const bitstr_t *b);
/* "0x..." hex mask as Slurm's bit_fmt_hexmask writes it: exactly
 * ceil(nbits/4) uppercase digits, most significant first; "0x0" for a
 * 0-bit map (malloc'd). */
char *bit_fmt_hex(const bitstr_t *b);
/* Parse a hex mask into B (keeping its size) as Slurm's bit_unfmt_hexmask
 * does: "0x" optional, either case, fewer digits fine. -1 with err_msg()
 * on a non-hex character or a set bit at or past nbits (B is then clear). */
int bit_parse_hex(bitstr_t *b, const char *hex);

#endif
