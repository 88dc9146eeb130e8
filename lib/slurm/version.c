/* version.c - the protocol versions FLURM's Slurm codecs speak, and the
 * helpers that pack and unpack a message's version-dependent fields from
 * its table. The tables themselves sit with their codecs (msg_*.c); what
 * a daemon does with a version it cannot serve is the daemon's. */
#include <stdio.h>
#include <stdlib.h>

#include "core/bitstr.h"
#include "core/err.h"
#include "slurm/codec.h"
#include "slurm/msg_types.h"
#include "slurm/version.h"

/* Every type here has the same body at each version up to NEWEST, or a
 * table of the differences in its codec. A request is listed with the
 * reply it gets; both must be covered. */
const struct slurm_versioned_msg slurm_versioned_msgs[] = {
	{ REQUEST_PING,              SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_FED_INFO,          SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_FED_INFO,         SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_JOB_INFO,          SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_JOB_INFO_SINGLE,   SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_JOB_USER_INFO,     SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_JOB_INFO,         SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_NODE_INFO,         SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_NODE_INFO_SINGLE,  SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_NODE_INFO,        SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_PARTITION_INFO,    SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_PARTITION_INFO,   SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_SUBMIT_BATCH_JOB,  SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_SUBMIT_BATCH_JOB, SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_UPDATE_JOB,        SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_KILL_JOB,          SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_CANCEL_JOB_STEP,   SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_JOB_ARRAY_ERRORS, SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_SLURM_RC,         SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_SLURM_RC_MSG,     SLURM_24_05_PROTOCOL_VERSION },
	/* salloc: 24.05 clients take nothing older than 23.02 on their
	 * own ports, where FLURM sends 22.05 (SRUN_PING, the late grant) */
	{ REQUEST_RESOURCE_ALLOCATION,     SLURM_23_11_PROTOCOL_VERSION },
	{ RESPONSE_RESOURCE_ALLOCATION,    SLURM_23_11_PROTOCOL_VERSION },
	{ REQUEST_JOB_ALLOCATION_INFO,     SLURM_23_11_PROTOCOL_VERSION },
	{ RESPONSE_JOB_ALLOCATION_INFO,    SLURM_23_11_PROTOCOL_VERSION },
	{ REQUEST_JOB_READY,               SLURM_23_11_PROTOCOL_VERSION },
	{ RESPONSE_JOB_READY,              SLURM_23_11_PROTOCOL_VERSION },
	{ REQUEST_COMPLETE_JOB_ALLOCATION, SLURM_23_11_PROTOCOL_VERSION },
	{ REQUEST_BUILD_INFO,        SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_BUILD_INFO,       SLURM_24_05_PROTOCOL_VERSION },
	{ REQUEST_STATS_INFO,        SLURM_24_05_PROTOCOL_VERSION },
	/* two u64 at every version (slurm/debug_flags.h) */
	{ REQUEST_SET_DEBUG_FLAGS,   SLURM_24_05_PROTOCOL_VERSION },
	{ RESPONSE_STATS_INFO,       SLURM_24_05_PROTOCOL_VERSION },
};
const size_t slurm_versioned_msgs_cnt =
	sizeof(slurm_versioned_msgs) / sizeof(slurm_versioned_msgs[0]);

const char *slurm_ver_name(uint16_t ver)
{
	static char other[8];

	switch (ver) {
	case SLURM_20_11_PROTOCOL_VERSION: return "20.11";
	case SLURM_21_08_PROTOCOL_VERSION: return "21.08";
	case SLURM_22_05_PROTOCOL_VERSION: return "22.05";
	case SLURM_23_02_PROTOCOL_VERSION: return "23.02";
	case SLURM_23_11_PROTOCOL_VERSION: return "23.11";
	case SLURM_24_05_PROTOCOL_VERSION: return "24.05";
	}
	snprintf(other, sizeof(other), "0x%04x", ver);
	return other;
}

bool slurm_msg_version_ok(uint16_t msg_type, uint16_t ver)
{
	if (ver == SLURM_22_05_PROTOCOL_VERSION)
		return true;
	/* older bodies are not written down anywhere in FLURM */
	if (ver < SLURM_22_05_PROTOCOL_VERSION)
		return false;
	for (size_t i = 0; i < slurm_versioned_msgs_cnt; i++)
		if (slurm_versioned_msgs[i].msg_type == msg_type)
			return ver <= slurm_versioned_msgs[i].newest;
	return false;
}

static int vf_unpack_one(buf_t *b, const struct slurm_vfield *f, void *p)
{
	uint32_t v32;

	switch ((enum slurm_vf_type)f->type) {
	case SLURM_VF_U8:
		return unpack8(b, p);
	case SLURM_VF_U16:
		return unpack16(b, p);
	case SLURM_VF_U32:
		return unpack32(b, p);
	case SLURM_VF_U64:
		return unpack64(b, p);
	case SLURM_VF_SELECT:
		return slurm_select_plugin_unpack(b, p);
	case SLURM_VF_U16_AS_U32:
		if (unpack32(b, &v32))
			return -1;
		/* FLURM keeps the 22.05 width; a value it cannot hold is
		 * refused, never cut */
		if (v32 > UINT16_MAX && v32 != NO_VAL && v32 != INFINITE) {
			err_set("value %u does not fit", v32);
			b->failed = true;
			return -1;
		}
		*(uint16_t *)p = v32 == NO_VAL ? NO_VAL16 :
				 v32 == INFINITE ? INFINITE16 : (uint16_t)v32;
		return 0;
	case SLURM_VF_U16_BITS_AS_U32:
		if (unpack32(b, &v32))
			return -1;
		if (v32 > UINT16_MAX) {
			err_set("flags 0x%x have bits FLURM does not know",
				v32);
			b->failed = true;
			return -1;
		}
		*(uint16_t *)p = (uint16_t)v32;
		return 0;
	case SLURM_VF_U32_ARRAY_CNT:
		if (unpack32(b, &v32))
			return -1;
		/* the elements mean nothing to FLURM; skip them, within
		 * the buffer */
		if (v32 > buf_remaining(b) / 4) {
			err_set("array of %u does not fit", v32);
			b->failed = true;
			return -1;
		}
		b->off += (size_t)v32 * 4;
		*(uint32_t *)p = v32;
		return 0;
	case SLURM_VF_TIME:
		return unpack_time(b, p);
	case SLURM_VF_STR:
		return unpack_str(b, p);
	case SLURM_VF_BITSTR:
		return unpack_bitstr(b, p);
	}
	err_set("unknown field type %u", f->type);
	b->failed = true;
	return -1;
}

int slurm_vf_unpack(buf_t *b, const struct slurm_vfield *t, size_t n,
		    uint8_t spot, void *rec)
{
	uint16_t ver = slurm_ver(b);
	char *r = rec;

	for (size_t i = 0; i < n; i++) {
		const struct slurm_vfield *f = &t[i];
		char why[256];

		if (f->spot != spot || !slurm_vf_has(f, ver))
			continue;
		if (vf_unpack_one(b, f, r + f->off) == 0)
			continue;
		snprintf(why, sizeof(why), "%s", err_msg());
		err_set("%s (Slurm %s): %s", f->name, slurm_ver_name(ver),
			why[0] ? why : "truncated");
		return -1;
	}
	return 0;
}

void slurm_vf_free(const struct slurm_vfield *t, size_t n, void *rec)
{
	char *r = rec;

	for (size_t i = 0; i < n; i++) {
		void *p = r + t[i].off;

		if (t[i].type == SLURM_VF_STR) {
			free(*(char **)p);
			*(char **)p = NULL;
		} else if (t[i].type == SLURM_VF_BITSTR) {
			bit_free(*(bitstr_t **)p);
			*(bitstr_t **)p = NULL;
		}
	}
}
