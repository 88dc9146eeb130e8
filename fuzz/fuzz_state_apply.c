/* fuzz_state_apply.c - the replicated state machine fed arbitrary log
 * entries: the input is a sequence of commands, each a big-endian u16
 * length and that many bytes, applied to a small cluster model with
 * running, pending and finished jobs. A corrupted or hostile log entry
 * must be refused, never crash apply; afterwards the model must take
 * ordinary commands and snapshot to bytes that restore identically. */
#include <stdlib.h>

#include "core/pack.h"
#include "state/state.h"

#include "fuzz/fuzz.h"
#include "fuzz/state_base.h"

static buf_t *base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct state *st;

	fuzz_quiet();
	st = fuzz_state_base();
	base = state_snapshot(st);
	state_free(st);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state *st = state_new();
	struct state_result res;

	if (state_restore(st, base->data, buf_len(base)) < 0)
		abort();
	while (size >= 2) {
		size_t n = (size_t)(data[0] << 8 | data[1]);

		data += 2;
		size -= 2;
		if (n > size)
			n = size;
		(void)state_config_hash(data, n);
		state_apply(st, data, n, &res);
		(void)state_strerror(res.rc);
		data += n;
		size -= n;
	}
	fuzz_state_exercise(st);
	fuzz_state_check_snapshot(st);
	state_free(st);
	return 0;
}
