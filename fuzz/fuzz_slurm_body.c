/* fuzz_slurm_body.c - Slurm message bodies straight into the codecs,
 * skipping the frame: the first two bytes are the message type (big
 * endian, as in a header), the rest is the body, decoded as 22.05 and,
 * for a type with a table of differences, as 23.02, 23.11 and 24.05 too. Reaches deep
 * fields of job descriptions and info replies faster than
 * fuzz_slurm_frame does. */
#include <stdint.h>

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
	static const uint16_t later[] = {
		SLURM_23_02_PROTOCOL_VERSION, SLURM_23_11_PROTOCOL_VERSION,
		SLURM_24_05_PROTOCOL_VERSION,
	};
	uint16_t type;

	if (size < 2)
		return 0;
	type = (uint16_t)(data[0] << 8 | data[1]);

	fuzz_slurm_body(type, 0, data + 2, size - 2);
	for (size_t i = 0; i < sizeof(later) / sizeof(*later); i++)
		if (slurm_msg_version_ok(type, later[i]))
			fuzz_slurm_body(type, later[i], data + 2, size - 2);
	return 0;
}
