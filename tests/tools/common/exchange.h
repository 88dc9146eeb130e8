/* exchange.h - one request and its reply on the controller's Slurm port,
 * for the test clients in tests/tools: the request is signed with MUNGE,
 * the reply's credential and body hash are checked as a Slurm client
 * checks them. Decoding the reply is left to each client. */
#ifndef FLURM_TOOLS_EXCHANGE_H
#define FLURM_TOOLS_EXCHANGE_H

#include <stdint.h>

#include "core/pack.h"
#include "slurm/auth.h"
#include "slurm/proto.h"

/* Send BODY as a message of TYPE to 127.0.0.1:PORT with protocol version
 * VER in its header (0: the version FLURM's codecs build, 22.05), and
 * read the one reply: *REPLY (malloc'd, the caller frees it) holds its
 * frame and *M its parse. With TOOL_HALF_CLOSE set in the environment
 * the sending side is shut once the request is written. Returns 0, or
 * -1 with err_set(). */
int tool_exchange(struct auth_ctx *ctx, const char *port, uint16_t ver,
		  uint16_t type, const buf_t *body, uint8_t **reply,
		  struct slurm_msg *m);

#endif
