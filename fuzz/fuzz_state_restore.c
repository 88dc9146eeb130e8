/* fuzz_state_restore.c - snapshot restore from arbitrary bytes (a
 * corrupted snapshot file or InstallSnapshot from a peer). A bad snapshot
 * must be refused and leave an empty, usable model; a good one must give
 * a model that takes ordinary commands and snapshots identically. */
#include <stdlib.h>

#include "state/state.h"

#include "fuzz/fuzz.h"
#include "fuzz/state_base.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state *st = state_new();

	if (state_restore(st, data, size) == 0)
		fuzz_state_check_snapshot(st);
	fuzz_state_exercise(st);
	fuzz_state_check_snapshot(st);
	state_free(st);
	return 0;
}
