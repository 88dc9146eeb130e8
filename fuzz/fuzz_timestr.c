/* fuzz_timestr.c - Slurm time-limit strings ("2-12:30:15", "UNLIMITED"):
 * parse to seconds and minutes, format what was parsed, and check that
 * what scontrol would print parses back to the same value. Formatting
 * into short buffers must truncate, never overflow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timestr.h"

#include "fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

static void round_trip(const char *what, const char *text, uint32_t secs)
{
	uint32_t again;

	if (!strcmp(text, "INVALID") || !strcmp(text, "UNLIMITED"))
		return;
	if (timestr_parse_secs(text, &again) < 0 || again != secs) {
		fprintf(stderr, "%s: %u s prints as '%s', which reads as %u\n",
			what, secs, text, again);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size);
	char buf[TIMESTR_BUFSZ], *small;
	uint32_t secs, mins;
	size_t cap = size ? data[0] % (TIMESTR_BUFSZ + 1) : 1;

	if (timestr_parse_secs(s, &secs) == 0) {
		round_trip("fmt_secs", timestr_fmt_secs(secs, buf, sizeof(buf)),
			   secs);
		round_trip("fmt_secs_long",
			   timestr_fmt_secs_long(secs, buf, sizeof(buf)), secs);
	}
	if (timestr_parse_mins(s, &mins) == 0)
		(void)timestr_fmt_mins(mins, buf, sizeof(buf));
	/* an exact-size heap buffer lets ASan see one byte too many */
	if (cap == 0)
		cap = 1;
	small = malloc(cap);
	if (!small)
		abort();
	if (size >= 9) {
		long long v;

		memcpy(&v, data + 1, sizeof(v));
		(void)timestr_fmt_secs(v, small, cap);
		(void)timestr_fmt_secs_long(v, small, cap);
		(void)timestr_fmt_mins((uint32_t)v, small, cap);
		(void)timestr_fmt_secs(v, buf, sizeof(buf));
		(void)timestr_fmt_secs_long(v, buf, sizeof(buf));
	}
	free(small);
	free(s);
	return 0;
}
