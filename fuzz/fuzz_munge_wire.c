/* fuzz_munge_wire.c - answers from munged's socket as the auth queue
 * reads them: the first input byte picks an encode's or a decode's
 * answer, the next MW_HDR_LEN bytes are the header, the rest the body
 * (cut to the length the header names, when it is accepted). A parsed
 * answer's data must lie inside the body, and an encode's credential
 * must be text without a NUL. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "slurm/munge_wire.h"

#include "fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_answer a;
	const uint8_t *body;
	uint32_t blen;
	size_t have;
	bool decode;
	int rc;

	if (size < 1 + MW_HDR_LEN)
		return 0;
	decode = data[0] & 1;
	body = data + 1 + MW_HDR_LEN;
	have = size - 1 - MW_HDR_LEN;
	/* the header alone decides how much is read; an unaccepted one
	 * still lets the body parsers see the input */
	if (mw_parse_hdr(data + 1, decode, &blen) == 0 && blen < have)
		have = blen;
	rc = decode ? mw_parse_decode(body, have, &a) :
		      mw_parse_encode(body, have, &a);
	if (rc < 0) {
		if (!*err_msg())
			abort();
		return 0;
	}
	if (a.data_len && (a.data < body || a.data + a.data_len > body + have))
		abort();
	if (strlen(a.why) >= sizeof(a.why))
		abort();
	if (!decode && a.err == 0 &&
	    (a.data_len == 0 || memchr(a.data, '\0', a.data_len)))
		abort();
	return 0;
}
