/* pack.h - a growable byte buffer with Slurm-compatible pack/unpack.
 * Layouts follow Slurm 22.05's src/common/pack.c: big-endian integers,
 * strings as u32 length (counting the NUL) + bytes + NUL, NULL as length 0.
 * Every unpack checks the bytes left first; on a short or lying buffer it
 * returns -1, sets err_msg() and marks the buffer failed, never reading
 * out of bounds. Callers may unpack a whole record and check once. */
#ifndef FLURM_PACK_H
#define FLURM_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct buf {
	uint8_t *data;
	size_t size;   /* pack: bytes allocated; unpack: bytes valid */
	size_t off;    /* pack: bytes written; unpack: bytes consumed */
	bool owned;    /* data is ours to free */
	bool failed;   /* an unpack ran short or found a bad value */
	uint16_t proto; /* Slurm protocol version the bytes are in, for the
			 * codecs that differ by version (slurm/version.h);
			 * 0 = the native 22.05 layout */
} buf_t;

/* Upper bound for one string or array count we accept when unpacking. */
#define PACK_MAX_STR   (64u * 1024 * 1024)
#define PACK_MAX_ARRAY (1u * 1024 * 1024)
/* Largest bitmap we accept when unpacking (8 MiB of memory). The fuzz
 * build lowers it: a few bytes may ask for this much. */
#ifndef PACK_MAX_BITS
#define PACK_MAX_BITS  (64u * 1024 * 1024)
#endif
/* Bit count that marks "no bitmap" (Slurm's NO_VAL). */
#define PACK_BITSTR_NONE 0xfffffffeu

/* A new empty buffer for packing (free with buf_free). */
buf_t *buf_new(size_t hint);
/* A read-only view of LEN bytes for unpacking (the bytes are not copied).
 * B is usually on the stack; a view needs no buf_free. Packing into a view
 * is a bug and fatal. */
void buf_init_view(buf_t *b, const void *data, size_t len);
/* Frees a buffer from buf_new and its bytes; does nothing for a view. */
void buf_free(buf_t *b);
/* Detach the packed bytes (caller frees with free()); *len gets the length.
 * B stays valid and empty: still call buf_free(b). Never NULL. */
uint8_t *buf_steal(buf_t *b, size_t *len);
static inline size_t buf_remaining(const buf_t *b) { return b->size - b->off; }
static inline size_t buf_len(const buf_t *b) { return b->off; }
/* Reserve N bytes at the current position and return them (pack only). */
uint8_t *buf_reserve(buf_t *b, size_t n);
/* Overwrite a u32 already packed at byte offset AT (for length prefixes). */
void buf_put_u32_at(buf_t *b, size_t at, uint32_t v);

void pack8(buf_t *b, uint8_t v);
void pack16(buf_t *b, uint16_t v);
void pack32(buf_t *b, uint32_t v);
void pack64(buf_t *b, uint64_t v);
void pack_time(buf_t *b, time_t t);          /* signed 64-bit */
void pack_bool(buf_t *b, bool v);            /* one byte, 0 or 1 */
void pack_double(buf_t *b, double v);        /* Slurm's packdouble */
void pack_mem(buf_t *b, const void *p, uint32_t len); /* u32 len + bytes */
void pack_raw(buf_t *b, const void *p, size_t len);   /* bytes only */
void pack_str(buf_t *b, const char *s);      /* NULL -> u32 0 */
/* u32 count, then each string with pack_str. */
void pack_str_array(buf_t *b, char *const *strs, uint32_t count);
void pack32_array(buf_t *b, const uint32_t *v, uint32_t count);
void pack16_array(buf_t *b, const uint16_t *v, uint32_t count);
void pack64_array(buf_t *b, const uint64_t *v, uint32_t count);
void pack_double_array(buf_t *b, const double *v, uint32_t count);

int unpack8(buf_t *b, uint8_t *v);
int unpack16(buf_t *b, uint16_t *v);
int unpack32(buf_t *b, uint32_t *v);
int unpack64(buf_t *b, uint64_t *v);
int unpack_time(buf_t *b, time_t *t);
int unpack_bool(buf_t *b, bool *v);          /* any non-zero byte is true */
int unpack_double(buf_t *b, double *v);
/* Allocates; *p = NULL and *len = 0 for an empty memory block. */
int unpack_mem(buf_t *b, void **p, uint32_t *len);
int unpack_raw(buf_t *b, void *p, size_t len);
/* Allocates a NUL-terminated copy; *s = NULL for length 0.
 * Fails when the length runs past the buffer, exceeds PACK_MAX_STR or the
 * last byte is not NUL. */
int unpack_str(buf_t *b, char **s);
/* *strs is a NULL-terminated array of count strings (free with
 * str_array_free); NULL when count is 0. A NULL element comes back as "". */
int unpack_str_array(buf_t *b, char ***strs, uint32_t *count);
int unpack32_array(buf_t *b, uint32_t **v, uint32_t *count);
int unpack16_array(buf_t *b, uint16_t **v, uint32_t *count);
int unpack64_array(buf_t *b, uint64_t **v, uint32_t *count);
int unpack_double_array(buf_t *b, double **v, uint32_t *count);
/* Like unpack_str / unpack_mem, but *s / *p point into the buffer's own
 * bytes (valid as long as they are); *len excludes the NUL of a string. */
int unpack_str_ptr(buf_t *b, const char **s, uint32_t *len);
int unpack_mem_ptr(buf_t *b, const uint8_t **p, uint32_t *len);
/* Skip N bytes. */
int unpack_skip(buf_t *b, size_t n);
void str_array_free(char **strs);

/* Once an unpack has failed, every later unpack on B fails too (and leaves
 * the first error in err_msg()), and its outputs are zero / NULL. */

/* Bitstrings, as Slurm's pack_bit_str_hex: u32 bit count (NO_VAL for a
 * NULL bitmap), then when present the bitmap as a hex string with pack_str
 * ("0x..." most significant nibble first, as bit_fmt_hexmask writes it).
 * Unpacking gives *bits = NULL for NO_VAL and a 0-bit bitmap for count 0;
 * it fails when a set bit lies at or past the count or the count exceeds
 * PACK_MAX_BITS. */
#include "core/bitstr.h"
void pack_bitstr(buf_t *b, const bitstr_t *bits);
int unpack_bitstr(buf_t *b, bitstr_t **bits);

#endif
