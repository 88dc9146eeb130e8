/* debug_flags.h - Slurm 22.05's DebugFlags: the bit of each name
 * (slurm.conf's DebugFlags=, scontrol setdebugflags, the debug_flags of
 * scontrol show config) and the words slurmctld writes for a set. */
#ifndef FLURM_SLURM_DEBUG_FLAGS_H
#define FLURM_SLURM_DEBUG_FLAGS_H

#include <stdint.h>

#include "core/pack.h"

#define SLURM_DEBUG_FLAG_STEPS (UINT64_C(1) << 1)
#define SLURM_DEBUG_FLAG_GRES  (UINT64_C(1) << 6)

/* The flags of the comma list LIST (names in any case, Slurm's aliases
 * such as Net or Trigger too) into *OUT; NULL or "" is none. -1 with
 * err_msg() naming the first unknown word, *OUT then 0, as Slurm. */
int slurm_debug_flags_parse(const char *list, uint64_t *out);
/* FLAGS as slurmctld words them (comma list in its order, "none" for no
 * flag; bits without a name are left out). Free with free(). */
char *slurm_debug_flags_str(uint64_t flags);

/* REQUEST_SET_DEBUG_FLAGS (scontrol setdebugflags), the same in 22.05
 * to 24.05: the flags to clear, then those to set, as two u64. Unpack
 * returns 0, or -1 for a short body or bytes after it. */
void slurm_debug_flags_request_pack(buf_t *b, uint64_t minus, uint64_t plus);
int slurm_debug_flags_request_unpack(buf_t *b, uint64_t *minus,
				     uint64_t *plus);

#endif
