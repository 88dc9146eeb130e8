/* auth.h - the auth section of a Slurm 22.05 message (protocol ref §3).
 *
 * After the header comes u32 plugin_id and the plugin's data:
 *   auth/munge (101): packstr credential "MUNGE:...:" whose payload is
 *                     0x02 || K12(body, customization = msg_type BE u16);
 *   auth/none  (100): u32 uid, u32 gid, packstr hostname; no check at all,
 *                     for tests only.
 * An auth_ctx signs outgoing messages and verifies incoming ones with one
 * of the two; a munge context accepts only munge credentials. */
#ifndef FLURM_SLURM_AUTH_H
#define FLURM_SLURM_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define AUTH_PLUGIN_NONE  100
#define AUTH_PLUGIN_MUNGE 101
#define AUTH_PLUGIN_JWT   102

/* Payload of a munge credential: hash type byte + 32 bytes of K12. */
#define AUTH_HASH_LEN 33
#define AUTH_HASH_NONE 1	/* HASH_PLUGIN_NONE: 0x01, msg_type BE */
#define AUTH_HASH_K12  2	/* HASH_PLUGIN_K12 */

/* r_uid for auth_sign(): anyone may decode the credential. */
#define AUTH_UID_ANY ((uid_t)-1)

/* Hash policy flags, Slurm's CommunicationParameters of the same names:
 * refuse credentials with an empty payload / with the "none" hash form. */
#define AUTH_BLOCK_NULL_HASH 0x1u
#define AUTH_BLOCK_ZERO_HASH 0x2u

enum auth_kind {
	AUTH_MUNGE,	/* auth/munge: the default, the one for production */
	AUTH_NONE,	/* auth/none: trusts the claimed uid; tests only */
};

/* An auth section as found on the wire. The strings point into the
 * message buffer given to auth_parse(), so they live as long as it does. */
struct auth_cred {
	uint32_t plugin_id;
	const char *munge;	/* auth/munge: the credential text */
	uint32_t uid, gid;	/* auth/none: claimed, never checked */
	const char *host;	/* auth/none: sender's short hostname or NULL */
};

struct auth_ctx;

/* munge_socket: munged's socket (AuthInfo=socket=...), NULL for munge's
 * default. Ignored for AUTH_NONE. Returns NULL with err_msg() on failure. */
struct auth_ctx *auth_create(enum auth_kind kind, const char *munge_socket);
void auth_destroy(struct auth_ctx *ctx);
/* AUTH_BLOCK_* flags; 0 (the default) accepts what a default slurmctld does. */
void auth_set_hash_policy(struct auth_ctx *ctx, unsigned flags);
/* For daemon start-up: munged answers, and refuses to let us decode a
 * credential restricted to another uid (else uid restrictions, and so
 * reply confidentiality, would mean nothing). 0, or -1 with err_msg(). */
int auth_check(struct auth_ctx *ctx);

/* The auth section for a message of MSG_TYPE carrying BODY: a malloc'd
 * *sec of *sec_len bytes, plugin id included, ready to sit between header
 * and body. r_uid restricts who may decode it (the requester's uid for a
 * reply), or AUTH_UID_ANY. Every call makes a fresh credential. */
int auth_sign(struct auth_ctx *ctx, uint16_t msg_type, const void *body,
	      size_t len, uid_t r_uid, uint8_t **sec, size_t *sec_len);
struct k12_memo;
/* As auth_sign() for the body HEAD || TAIL, hashed through MEMO with
 * SAME_FROM, PREV and PREV_LEN as k12_hash_memo() takes them: a long
 * reply answered again with a new header costs one leaf of hashing. */
int auth_sign_memo(struct auth_ctx *ctx, uint16_t msg_type,
		   struct k12_memo *memo, size_t same_from,
		   const void *prev, size_t prev_len,
		   const void *head, size_t hlen, const void *tail,
		   size_t tlen, uid_t r_uid, uint8_t **sec, size_t *sec_len);

/* Split the auth section at the start of DATA (AVAIL bytes up to the end
 * of the message). On success *used is its length, so the body starts at
 * data + *used. Never reads past AVAIL; -1 with err_msg() when the section
 * is short, malformed, or of a plugin we do not speak. */
int auth_parse(const void *data, size_t avail, struct auth_cred *cred,
	       size_t *used);

/* Check CRED for a message of MSG_TYPE carrying BODY and give the sender's
 * uid and gid (either may be NULL). For munge the credential must decode
 * (not expired, not replayed, not rewound, same key, decodable by us) and
 * its payload must be one of the forms slurmctld 22.05 accepts, K12 of this
 * very body and type when it is a hash. 0, or -1 with err_msg(). */
int auth_verify(struct auth_ctx *ctx, const struct auth_cred *cred,
		uint16_t msg_type, const void *body, size_t len,
		uid_t *uid, gid_t *gid);

/* A credential opened before its message body has arrived: who sent it,
 * and what it says the body must hash to. */
struct auth_ident {
	uid_t uid;
	gid_t gid;
	uint8_t payload[AUTH_HASH_LEN];	/* the munge payload */
	size_t plen;
	int trusted;			/* auth/none: no body check */
};

/* The two halves of auth_verify(), for a reader that learns who is
 * talking before it accepts a body: auth_open() decodes the credential
 * (munge_decode: valid, not expired, not replayed) and fills ID;
 * auth_check_body() then checks the body against it. Each returns 0, or
 * -1 with err_msg(). A credential can be opened only once. */
int auth_open(struct auth_ctx *ctx, const struct auth_cred *cred,
	      struct auth_ident *id);
int auth_check_body(struct auth_ctx *ctx, const struct auth_ident *id,
		    uint16_t msg_type, const void *body, size_t len);

/* For a caller that talks to munged itself (net/authq.c, without
 * blocking): the socket to use (the configured one or libmunge's
 * default; NULL for auth/none or when libmunge gives none), and what
 * auth_open() makes of munged's answer to a decode (E its munge_err_t,
 * WHY its text or NULL): 0 with ID filled, or -1 with err_msg().
 * auth_munge_signed() does the same for an encode's answer from the
 * munged at SOCKET (its name in the error): 0 with the auth section
 * around CRED (LEN characters, malloc'd) in SEC, or -1 with err_msg();
 * SEC may be NULL where only a failure is to be worded. */
const char *auth_munge_socket(struct auth_ctx *ctx);
int auth_munge_opened(int e, const char *why, const void *payload,
		      size_t plen, uid_t uid, gid_t gid, struct auth_ident *id);
int auth_munge_signed(int e, const char *why, const char *socket,
		      const char *cred, size_t len, uint8_t **sec,
		      size_t *sec_len);

/* Sealing a whole payload, as Slurm's cred/munge signs a job credential:
 * the text is a munge credential whose payload is DATA itself, decodable
 * by anyone. auth_seal() gives a malloc'd NUL-terminated text. For
 * AUTH_NONE (tests only) the text is "NONE:<uid>:<hex K12 of DATA>":
 * it catches a changed byte but proves nothing about the signer. */
int auth_seal(struct auth_ctx *ctx, const void *data, size_t len,
	      char **text);
/* Check that TEXT seals exactly DATA and give the signer's uid. A sealed
 * text may be opened more than once when AUTH_UNSEAL_REPLAY is given:
 * every node of a job step opens the same job credential, and node
 * daemons sharing one host share one munged. Expired, rewound and
 * foreign-key texts are refused. 0, or -1 with err_msg(). */
#define AUTH_UNSEAL_REPLAY 0x1u
int auth_unseal(struct auth_ctx *ctx, const char *text, const void *data,
		size_t len, unsigned flags, uid_t *signer);

/* The munge payload for a message: 0x02 || K12(body, msg_type BE). */
void auth_hash_payload(uint16_t msg_type, const void *body, size_t len,
		       uint8_t out[AUTH_HASH_LEN]);

#endif
