/* fuzz.h - what every libFuzzer target here shares: the entry points,
 * silencing the log so the fuzzer's own output stays readable, and small
 * readers that split one input into fields. Each fuzz_<name>.c feeds its
 * input to one decoder family the way the daemons do; finding crashes,
 * leaks and undefined behaviour is left to the sanitizers. */
#ifndef FLURM_FUZZ_H
#define FLURM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Decoders log what they refuse; at fuzzing speed that is noise. */
static inline void fuzz_quiet(void)
{
	log_init("fuzz", LOG_LEVEL_ERR);
	if (!getenv("FUZZ_VERBOSE"))
		log_set_file("/dev/null");
}

/* DATA as a NUL-terminated string (the decoders under test take C
 * strings); an embedded NUL simply ends it early, as it would in a
 * file read by the daemons. Caller frees. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
