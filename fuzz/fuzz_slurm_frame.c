/* fuzz_slurm_frame.c - a Slurm frame (22.05, or 23.02 for the messages
 * with a table of differences) as the controller reads it off
 * its port: the u32 length prefix check, header, auth section and, when
 * they parse, the body hash a munge credential is checked against and the
 * body through the codec its type selects. Decoding the credential itself
 * needs munged and is left to the unit tests. */
#include <stdint.h>
#include <stdlib.h>

#include "core/pack.h"
#include "slurm/auth.h"
#include "slurm/proto.h"
#include "slurm/version.h"

#include "fuzz/fuzz.h"
#include "fuzz/slurm_body.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slurm_msg m;
	struct auth_cred cred;
	uint8_t hash[AUTH_HASH_LEN];
	size_t used;

	/* the first four bytes double as a length prefix */
	if (size >= 4)
		(void)slurm_frame_len_check((uint32_t)data[0] << 24 |
					    (uint32_t)data[1] << 16 |
					    (uint32_t)data[2] << 8 | data[3]);
	/* the auth section alone, wherever it would start */
	if (size >= 16)
		(void)auth_parse(data + 16, size - 16, &cred, &used);
	if (slurm_msg_parse(data, size, &m) < 0)
		return 0;
	if (m.forward_cnt && m.forward_nodelist)
		(void)m.forward_nodelist[0];
	if (m.cred && m.cred_len)
		(void)m.cred[m.cred_len - 1];
	/* what a munge credential's payload is compared with */
	auth_hash_payload(m.msg_type, m.body, m.body_len, hash);
	/* as the controller: a body only in a version its type has a
	 * table for, decoded in that version */
	if (slurm_msg_version_ok(m.msg_type, m.protocol_version))
		fuzz_slurm_body(m.msg_type, m.protocol_version, m.body,
				m.body_len);
	return 0;
}
