/* version.h - which Slurm protocol versions the codecs speak, and the
 * differences between them as data. A codec is written once, for 22.05;
 * at the few places where a later version adds, drops or widens a field
 * it calls slurm_vf_pack/unpack with the message's table of such fields,
 * each saying from which version (and until which) it is on the wire.
 * The version travels in buf_t.proto, set from the request header; a
 * reply goes out in the version its request came in, as slurmctld does.
 * Framing is proto.c's; which requests a daemon serves is the daemon's. */
#ifndef FLURM_SLURM_VERSION_H
#define FLURM_SLURM_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bitstr.h"
#include "core/pack.h"
#include "slurm/proto.h"

/* Later versions (Slurm's SLURM_xx_yy_PROTOCOL_VERSION, major << 8). */
#define SLURM_23_02_PROTOCOL_VERSION 0x2700
#define SLURM_23_11_PROTOCOL_VERSION 0x2800
#define SLURM_24_05_PROTOCOL_VERSION 0x2900
/* The newest version some message has a table for; the header parser
 * accepts up to this one and the dispatchers ask slurm_msg_version_ok(). */
#define SLURM_NEWEST_PROTOCOL_VERSION SLURM_24_05_PROTOCOL_VERSION

/* The version B's bytes are in (0 in buf_t means 22.05). */
static inline uint16_t slurm_ver(const buf_t *b)
{
	return b->proto ? b->proto : SLURM_22_05_PROTOCOL_VERSION;
}

/* "22.05", "23.02", ... or "0x2a00" (static buffer for unknown ones). */
const char *slurm_ver_name(uint16_t ver);

/* Whether a body of MSG_TYPE can be read and written at VER: true for
 * 22.05 and every type, for later versions only for the types whose codec
 * has a table of differences (slurm_versioned_msgs). Others must be
 * answered SLURM_PROTOCOL_VERSION_ERROR rather than misread. */
bool slurm_msg_version_ok(uint16_t msg_type, uint16_t ver);

/* The message types that follow tables, and the newest version each
 * table covers (docs and tests read this too). */
struct slurm_versioned_msg {
	uint16_t msg_type;
	uint16_t newest;          /* newest protocol version covered */
};
extern const struct slurm_versioned_msg slurm_versioned_msgs[];
extern const size_t slurm_versioned_msgs_cnt;

/* How a field that comes and goes is stored and sent. */
enum slurm_vf_type {
	SLURM_VF_U8,              /* u8 and u8 */
	SLURM_VF_U16,             /* u16 in the struct, u16 on the wire */
	SLURM_VF_U32,             /* u32 and u32 */
	SLURM_VF_U64,             /* u64 and u64 */
	SLURM_VF_U16_AS_U32,      /* u16 in the struct, u32 on the wire (a
				   * widened field; larger values refused) */
	SLURM_VF_U16_BITS_AS_U32, /* u16 bit flags in the struct, u32 on
				   * the wire (higher bits refused) */
	SLURM_VF_TIME,            /* time_t, signed 64-bit */
	SLURM_VF_STR,             /* char *, malloc'd by unpack */
	SLURM_VF_BITSTR,          /* bitstr_t *, hex with a bit count */
	SLURM_VF_SELECT,          /* u32 select plugin id: select jobinfo
				   * (its plugin data is empty) */
	SLURM_VF_U32_ARRAY_CNT,   /* u32 in the struct: a u32 array's
				   * count; packed always empty, a
				   * received array's elements skipped */
};

/* One field that not every version has. SPOT is where it sits: the codec
 * calls slurm_vf_pack(b, table, n, SPOT, record) at that point of the
 * 22.05 layout, and every field of the table with that spot, present in
 * the buffer's version, is packed there in table order. */
struct slurm_vfield {
	uint8_t spot;             /* the message's own enum of places */
	uint8_t type;             /* enum slurm_vf_type */
	uint16_t since;           /* first version with the field */
	uint16_t until;           /* first version without it; 0 = none */
	uint16_t off;             /* offsetof() in the message struct */
	const char *name;         /* Slurm's field name, for errors */
};

#define SLURM_VF(spot, type, since, until, st, field) \
	{ (spot), (type), (since), (until), offsetof(st, field), #field }

/* Whether F is on the wire at VER. */
static inline bool slurm_vf_has(const struct slurm_vfield *f, uint16_t ver)
{
	return ver >= f->since && (!f->until || ver < f->until);
}

/* Pack the fields of T at SPOT that B's version has. Inline: called
 * with a constant table and spot, the compiler drops the fields of other
 * spots, and a record pays only a version test per varying field.
 * Always inline: with a dozen entries GCC would otherwise call a clone
 * that walks the table at run time (4% more work for a 22.05 node). */
__attribute__((always_inline))
static inline void slurm_vf_pack(buf_t *b, const struct slurm_vfield *t,
				 size_t n, uint8_t spot, const void *rec)
{
	uint16_t ver = slurm_ver(b);
	const char *r = rec;

	/* unrolled, the spot tests fold away: tables are a few entries */
#pragma GCC unroll 16
	for (size_t i = 0; i < n; i++) {
		const struct slurm_vfield *f = &t[i];
		const void *p = r + f->off;

		if (f->spot != spot || !slurm_vf_has(f, ver))
			continue;
		switch ((enum slurm_vf_type)f->type) {
		case SLURM_VF_U8:
			pack8(b, *(const uint8_t *)p);
			break;
		case SLURM_VF_U16:
			pack16(b, *(const uint16_t *)p);
			break;
		case SLURM_VF_U32:
		case SLURM_VF_SELECT:
			pack32(b, *(const uint32_t *)p);
			break;
		case SLURM_VF_U64:
			pack64(b, *(const uint64_t *)p);
			break;
		case SLURM_VF_U16_AS_U32: {
			uint16_t v = *(const uint16_t *)p;

			pack32(b, v == NO_VAL16 ? NO_VAL :
				  v == INFINITE16 ? INFINITE : v);
			break;
		}
		case SLURM_VF_U16_BITS_AS_U32:
			pack32(b, *(const uint16_t *)p);
			break;
		case SLURM_VF_U32_ARRAY_CNT:
			pack32(b, 0);
			break;
		case SLURM_VF_TIME:
			pack_time(b, *(const time_t *)p);
			break;
		case SLURM_VF_STR:
			pack_str(b, *(char *const *)p);
			break;
		case SLURM_VF_BITSTR:
			pack_bitstr(b, *(bitstr_t *const *)p);
			break;
		}
	}
}
/* 0, or -1 with err_msg() naming the field (B is then marked failed). */
int slurm_vf_unpack(buf_t *b, const struct slurm_vfield *t, size_t n,
		    uint8_t spot, void *rec);
/* Free the strings and bitmaps of T's fields in REC (whatever version
 * filled it) and clear them. */
void slurm_vf_free(const struct slurm_vfield *t, size_t n, void *rec);

#define SLURM_VF_N(t) (sizeof(t) / sizeof((t)[0]))

#endif
