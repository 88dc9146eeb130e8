/* munge_wire.h - the messages libmunge and munged exchange over munged's
 * Unix socket (message version 4, unchanged from MUNGE 0.5.9 to 0.5.18),
 * so that a libevent loop can ask munged without blocking. Only what
 * FLURM asks for: an encode with the daemon's default cipher, MAC and
 * compression, and a decode. Building and parsing only; the socket is
 * the caller's. munged learns who asks from the socket's peer
 * credentials (SO_PEERCRED), so nothing else is sent. */
#ifndef FLURM_SLURM_MUNGE_WIRE_H
#define FLURM_SLURM_MUNGE_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Every message: u32 magic, u8 version, u8 type, u8 retry, u32 body
 * length, big-endian. */
#define MW_HDR_LEN 11
/* The longest answer taken: a credential for FLURM's payloads is about
 * 200 characters, a decoded payload at most the credential's size. */
#define MW_MAX_BODY 65536

/* The request message for an encode of PAYLOAD (LEN bytes) that only
 * R_UID may decode (MUNGE_UID_ANY: anyone), or a decode of CRED (a
 * NUL-terminated credential). malloc'd; its size in *LEN_OUT. */
uint8_t *mw_encode_req(const void *payload, uint32_t len, uid_t r_uid,
		       size_t *len_out);
uint8_t *mw_decode_req(const char *cred, size_t *len_out);

/* The header of an answer in HDR (MW_HDR_LEN bytes): its body length
 * (checked against MW_MAX_BODY), and whether it is the answer expected
 * to an encode (DECODE false) or a decode. 0, or -1 with err_msg(). */
int mw_parse_hdr(const uint8_t *hdr, int decode, uint32_t *body_len);

/* A parsed answer. ERR is munged's munge_err_t (0 when it worked), with
 * its text in WHY (empty when it gave none). DATA points into the
 * parsed body: the credential text for an encode (not NUL-terminated;
 * DATA_LEN characters, without a trailing NUL), the payload for a
 * decode, with the credential's owner in UID and GID. */
struct mw_answer {
	int err;
	char why[256];
	const uint8_t *data;
	size_t data_len;
	uid_t uid;
	gid_t gid;
};

/* Parse the body (LEN bytes) of an encode's or a decode's answer.
 * 0, or -1 with err_msg() when it is malformed. */
int mw_parse_encode(const uint8_t *body, size_t len, struct mw_answer *a);
int mw_parse_decode(const uint8_t *body, size_t len, struct mw_answer *a);

#endif
