/* slurm_body.h - decode one Slurm message body by its type, as the
 * controller (requests) and the client-side codecs (replies) do; shared by
 * the frame and body fuzz targets. */
#ifndef FLURM_FUZZ_SLURM_BODY_H
#define FLURM_FUZZ_SLURM_BODY_H

#include <stddef.h>
#include <stdint.h>

/* Decode BODY as message TYPE in protocol version VER (0: 22.05); a type
 * no codec claims is decoded by one chosen from the type's value, so every
 * codec sees every input shape. A decoded body is packed again in the
 * same version and must then decode and pack to the same bytes (abort()
 * otherwise): codecs must agree with themselves at every version. */
void fuzz_slurm_body(uint16_t type, uint16_t ver, const uint8_t *body,
		     size_t len);

#endif
