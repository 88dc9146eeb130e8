/* auth.c - auth/munge and auth/none sections of Slurm 22.05 messages:
 * building them (a fresh munge credential around the K12 body hash),
 * splitting them off a received message, and verifying them through
 * libmunge. Framing, and what a uid may do, are left to the callers.
 * munge_encode/munge_decode are short blocking round trips to the local
 * munged; libmunge itself retries a busy socket. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <munge.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/auth.h"
#include "slurm/k12.h"

/* A credential for a 33-byte payload is about 190 characters; anything
 * near this bound is not one of ours. */
#define AUTH_MAX_STR 65536

struct auth_ctx {
	enum auth_kind kind;
	char *socket;		/* NULL: libmunge's default socket */
	char *default_socket;	/* libmunge's default, once asked */
	unsigned hash_policy;	/* AUTH_BLOCK_* */
};

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Put packstr(s) at p (s may be NULL); returns the bytes written. */
static size_t put_str(uint8_t *p, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;

	put_be32(p, (uint32_t)n);
	if (n)
		memcpy(p + 4, s, n);
	return 4 + n;
}

/* Read a packstr at *off without copying: the string must end with its
 * only NUL, as every sender we know writes it. */
static int take_str(const uint8_t *p, size_t avail, size_t *off,
		    const char **s)
{
	uint32_t n;

	if (avail - *off < 4)
		goto short_sec;
	n = get_be32(p + *off);
	*off += 4;
	if (n == 0) {
		*s = NULL;
		return 0;
	}
	if (n > AUTH_MAX_STR) {
		err_set("auth credential too long (%u bytes)", n);
		return -1;
	}
	if (avail - *off < n)
		goto short_sec;
	if (memchr(p + *off, '\0', n) != p + *off + n - 1) {
		err_set("auth credential is not a NUL-terminated string");
		return -1;
	}
	*s = (const char *)(p + *off);
	*off += n;
	return 0;
short_sec:
	err_set("auth section runs past the end of the message");
	return -1;
}

void auth_hash_payload(uint16_t msg_type, const void *body, size_t len,
		       uint8_t out[AUTH_HASH_LEN])
{
	uint8_t custom[2] = { (uint8_t)(msg_type >> 8), (uint8_t)msg_type };

	out[0] = AUTH_HASH_K12;
	k12_hash(body, len, custom, sizeof(custom), out + 1, AUTH_HASH_LEN - 1);
}

static munge_ctx_t munge_ctx_new(const struct auth_ctx *ctx)
{
	munge_ctx_t m = munge_ctx_create();

	if (!m) {
		err_set("munge_ctx_create failed (out of memory)");
		return NULL;
	}
	if (ctx->socket &&
	    munge_ctx_set(m, MUNGE_OPT_SOCKET, ctx->socket) != EMUNGE_SUCCESS) {
		err_set("cannot use munge socket '%s': %s", ctx->socket,
			munge_ctx_strerror(m));
		munge_ctx_destroy(m);
		return NULL;
	}
	return m;
}

struct auth_ctx *auth_create(enum auth_kind kind, const char *munge_socket)
{
	struct auth_ctx *ctx;

	if (kind != AUTH_MUNGE && kind != AUTH_NONE) {
		err_set("unknown auth kind %d", (int)kind);
		return NULL;
	}
	ctx = xcalloc(1, sizeof(*ctx));
	ctx->kind = kind;
	if (kind == AUTH_MUNGE)
		ctx->socket = xstrdup(munge_socket);
	return ctx;
}

void auth_destroy(struct auth_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->socket);
	free(ctx->default_socket);
	free(ctx);
}

void auth_set_hash_policy(struct auth_ctx *ctx, unsigned flags)
{
	ctx->hash_policy = flags;
}

static const char *socket_name(const struct auth_ctx *ctx)
{
	return ctx->socket ? ctx->socket : "the default munge socket";
}

/* One munge credential around PAYLOAD; malloc'd by libmunge. */
static char *munge_make(const struct auth_ctx *ctx, const void *payload,
			int len, uid_t r_uid)
{
	munge_ctx_t m = munge_ctx_new(ctx);
	char *cred = NULL;
	munge_err_t e;

	if (!m)
		return NULL;
	e = munge_ctx_set(m, MUNGE_OPT_UID_RESTRICTION, r_uid);
	if (e == EMUNGE_SUCCESS)
		e = munge_encode(&cred, m, payload, len);
	if (auth_munge_signed((int)e, munge_ctx_strerror(m), socket_name(ctx),
			      NULL, 0, NULL, NULL) < 0)
		cred = NULL;
	munge_ctx_destroy(m);
	return cred;
}

static char *short_hostname(void)
{
	char host[256];
	char *dot;

	if (gethostname(host, sizeof(host)) < 0)
		return xstrdup("localhost");
	host[sizeof(host) - 1] = '\0';
	dot = strchr(host, '.');
	if (dot)
		*dot = '\0';
	return xstrdup(host);
}

/* auth/munge's section around a credential text of LEN characters. */
static void munge_section(const char *cred, size_t len, uint8_t **sec,
			  size_t *sec_len)
{
	uint8_t *out = xmalloc(4 + 4 + len + 1);

	put_be32(out, AUTH_PLUGIN_MUNGE);
	put_be32(out + 4, (uint32_t)len + 1);
	memcpy(out + 8, cred, len);
	out[8 + len] = '\0';
	*sec = out;
	*sec_len = 8 + len + 1;
}

/* The auth section around PAYLOAD (the body's hash), or auth/none's. */
static int sign_payload(struct auth_ctx *ctx, const uint8_t *payload,
			uid_t r_uid, uint8_t **sec, size_t *sec_len)
{
	uint8_t *out;
	char *cred, *host;
	size_t n;

	if (ctx->kind == AUTH_NONE) {
		host = short_hostname();
		out = xmalloc(4 + 8 + 4 + strlen(host) + 1);
		put_be32(out, AUTH_PLUGIN_NONE);
		put_be32(out + 4, (uint32_t)geteuid());
		put_be32(out + 8, (uint32_t)getegid());
		n = 12 + put_str(out + 12, host);
		free(host);
		goto done;
	}

	cred = munge_make(ctx, payload, AUTH_HASH_LEN, r_uid);
	if (!cred)
		return -1;
	munge_section(cred, strlen(cred), sec, sec_len);
	free(cred);
	return 0;
done:
	*sec = out;
	*sec_len = n;
	return 0;
}

int auth_sign(struct auth_ctx *ctx, uint16_t msg_type, const void *body,
	      size_t len, uid_t r_uid, uint8_t **sec, size_t *sec_len)
{
	uint8_t payload[AUTH_HASH_LEN];

	if (ctx->kind != AUTH_NONE)
		auth_hash_payload(msg_type, body, len, payload);
	return sign_payload(ctx, payload, r_uid, sec, sec_len);
}

int auth_sign_memo(struct auth_ctx *ctx, uint16_t msg_type,
		   struct k12_memo *memo, size_t same_from,
		   const void *prev, size_t prev_len,
		   const void *head, size_t hlen, const void *tail,
		   size_t tlen, uid_t r_uid, uint8_t **sec, size_t *sec_len)
{
	uint8_t payload[AUTH_HASH_LEN];
	uint8_t custom[2] = { (uint8_t)(msg_type >> 8), (uint8_t)msg_type };

	if (ctx->kind != AUTH_NONE) {
		payload[0] = AUTH_HASH_K12;
		k12_hash_memo(memo, same_from, prev, prev_len, head, hlen,
			      tail, tlen, custom,
			      sizeof(custom), payload + 1, AUTH_HASH_LEN - 1);
	}
	return sign_payload(ctx, payload, r_uid, sec, sec_len);
}

int auth_parse(const void *data, size_t avail, struct auth_cred *cred,
	       size_t *used)
{
	const uint8_t *p = data;
	size_t off = 4;

	memset(cred, 0, sizeof(*cred));
	if (avail < 4)
		goto short_sec;
	cred->plugin_id = get_be32(p);
	switch (cred->plugin_id) {
	case AUTH_PLUGIN_MUNGE:
		if (take_str(p, avail, &off, &cred->munge) < 0)
			return -1;
		if (!cred->munge) {
			err_set("auth/munge section carries no credential");
			return -1;
		}
		break;
	case AUTH_PLUGIN_NONE:
		if (avail - off < 8)
			goto short_sec;
		cred->uid = get_be32(p + off);
		cred->gid = get_be32(p + off + 4);
		off += 8;
		if (take_str(p, avail, &off, &cred->host) < 0)
			return -1;
		break;
	case AUTH_PLUGIN_JWT:
		err_set("auth/jwt credentials are not supported");
		return -1;
	default:
		err_set("unknown auth plugin id %u", cred->plugin_id);
		return -1;
	}
	*used = off;
	return 0;
short_sec:
	err_set("auth section runs past the end of the message");
	return -1;
}

/* The payload forms slurmctld 22.05 accepts (_check_hash() in
 * slurm_protocol_api.c), for a default CommunicationParameters:
 *   empty                    - senders with hashing off; block_null_hash
 *   01 type_hi type_lo       - HASH_PLUGIN_NONE; block_zero_hash
 *   02 K12[32]               - what every 22.05 sender puts there
 *   00 K12[32]               - HASH_PLUGIN_DEFAULT maps to K12 there too
 * Older peers' byte-swapped "none" form is only allowed for protocol
 * versions <= 21.08, which we do not speak. */
static int check_payload(const struct auth_ctx *ctx, const uint8_t *p,
			 size_t n, uint16_t msg_type, const void *body,
			 size_t len)
{
	uint8_t want[AUTH_HASH_LEN];

	if (n == 0) {
		if (ctx->hash_policy & AUTH_BLOCK_NULL_HASH) {
			err_set("credential carries no message hash "
				"(block_null_hash is set)");
			return -1;
		}
		return 0;
	}
	if (p[0] == AUTH_HASH_NONE) {
		if (ctx->hash_policy & AUTH_BLOCK_ZERO_HASH) {
			err_set("credential carries no message hash "
				"(block_zero_hash is set)");
			return -1;
		}
		if (n != 3 || p[1] != (uint8_t)(msg_type >> 8) ||
		    p[2] != (uint8_t)msg_type) {
			err_set("credential names another message type");
			return -1;
		}
		return 0;
	}
	if ((p[0] != AUTH_HASH_K12 && p[0] != 0) || n != AUTH_HASH_LEN) {
		err_set("credential carries a malformed message hash "
			"(type %u, %zu bytes)", p[0], n);
		return -1;
	}
	auth_hash_payload(msg_type, body, len, want);
	if (memcmp(p + 1, want + 1, AUTH_HASH_LEN - 1) != 0) {
		err_set("message body does not match credential hash");
		return -1;
	}
	return 0;
}

/* Replays are refused. Debian builds Slurm with MULTIPLE_SLURMD, whose
 * auth/munge ignores EMUNGE_CRED_REPLAYED because several slurmd on one
 * host share a munged and may see the same forwarded credential. Stock
 * clients make a fresh credential for every message, so for requests a
 * replay only ever means someone resent captured bytes. A FLURM process
 * that relays a request must pass on the identity it verified instead of
 * having the same munged decode the credential twice. */
static int open_munge(struct auth_ctx *ctx, const struct auth_cred *cred,
		      struct auth_ident *id)
{
	munge_ctx_t m;
	munge_err_t e;
	void *payload = NULL;
	int plen = 0, rc;
	uid_t u = 0;
	gid_t g = 0;

	if (!cred->munge) {
		err_set("auth/munge section carries no credential");
		return -1;
	}
	m = munge_ctx_new(ctx);
	if (!m)
		return -1;
	e = munge_decode(cred->munge, m, &payload, &plen, &u, &g);
	if (e == EMUNGE_SUCCESS && plen < 0) {
		err_set("credential carries a malformed message hash (%d bytes)",
			plen);
		rc = -1;
	} else {
		rc = auth_munge_opened((int)e, munge_ctx_strerror(m), payload,
				       plen < 0 ? 0 : (size_t)plen, u, g, id);
	}
	free(payload);
	munge_ctx_destroy(m);
	return rc;
}

int auth_munge_opened(int e, const char *why, const void *payload,
		      size_t plen, uid_t uid, gid_t gid, struct auth_ident *id)
{
	if (e != EMUNGE_SUCCESS) {
		err_set("munge credential rejected: %s%s",
			why && *why ? why : munge_strerror((munge_err_t)e),
			e == EMUNGE_CRED_REWOUND ?
			" (check for out of sync clocks)" : "");
		return -1;
	}
	if (plen > sizeof(id->payload)) {
		err_set("credential carries a malformed message hash (%zu bytes)",
			plen);
		return -1;
	}
	memset(id, 0, sizeof(*id));
	if (plen)   /* munge gives no buffer for an empty payload */
		memcpy(id->payload, payload, plen);
	id->plen = plen;
	id->uid = uid;
	id->gid = gid;
	return 0;
}

int auth_munge_signed(int e, const char *why, const char *socket,
		      const char *cred, size_t len, uint8_t **sec,
		      size_t *sec_len)
{
	if (e != EMUNGE_SUCCESS) {
		err_set("munge_encode via %s failed: %s", socket,
			why && *why ? why : munge_strerror((munge_err_t)e));
		return -1;
	}
	if (sec)
		munge_section(cred, len, sec, sec_len);
	return 0;
}

const char *auth_munge_socket(struct auth_ctx *ctx)
{
	munge_ctx_t m;
	char *path = NULL;

	if (ctx->kind != AUTH_MUNGE)
		return NULL;
	if (ctx->socket)
		return ctx->socket;
	if (ctx->default_socket)
		return ctx->default_socket;
	m = munge_ctx_create();
	if (!m)
		return NULL;
	if (munge_ctx_get(m, MUNGE_OPT_SOCKET, &path) == EMUNGE_SUCCESS && path)
		ctx->default_socket = xstrdup(path);
	munge_ctx_destroy(m);
	return ctx->default_socket;
}

int auth_open(struct auth_ctx *ctx, const struct auth_cred *cred,
	      struct auth_ident *id)
{
	memset(id, 0, sizeof(*id));
	if (ctx->kind == AUTH_MUNGE) {
		if (cred->plugin_id == AUTH_PLUGIN_NONE) {
			err_set("auth/none credential rejected: "
				"this side requires auth/munge");
			return -1;
		}
		if (cred->plugin_id != AUTH_PLUGIN_MUNGE) {
			err_set("auth plugin id %u rejected: this side "
				"requires auth/munge", cred->plugin_id);
			return -1;
		}
		return open_munge(ctx, cred, id);
	}

	if (cred->plugin_id != AUTH_PLUGIN_NONE) {
		err_set("auth plugin id %u rejected: this side is configured "
			"for auth/none", cred->plugin_id);
		return -1;
	}
	id->uid = (uid_t)cred->uid;
	id->gid = (gid_t)cred->gid;
	id->trusted = 1;
	return 0;
}

int auth_check_body(struct auth_ctx *ctx, const struct auth_ident *id,
		    uint16_t msg_type, const void *body, size_t len)
{
	if (id->trusted)
		return 0;
	return check_payload(ctx, id->payload, id->plen, msg_type, body, len);
}

int auth_verify(struct auth_ctx *ctx, const struct auth_cred *cred,
		uint16_t msg_type, const void *body, size_t len,
		uid_t *uid, gid_t *gid)
{
	struct auth_ident id;

	if (auth_open(ctx, cred, &id) < 0 ||
	    auth_check_body(ctx, &id, msg_type, body, len) < 0)
		return -1;
	if (uid)
		*uid = id.uid;
	if (gid)
		*gid = id.gid;
	return 0;
}

/* AUTH_NONE seals: "NONE:<uid>:" and 64 hex digits of K12(DATA). */
static char *none_seal_text(uid_t uid, const void *data, size_t len)
{
	static const char hexd[] = "0123456789abcdef";
	uint8_t h[32];
	char hex[2 * sizeof(h) + 1];

	k12_hash(data, len, "seal", 4, h, sizeof(h));
	for (size_t i = 0; i < sizeof(h); i++) {
		hex[2 * i] = hexd[h[i] >> 4];
		hex[2 * i + 1] = hexd[h[i] & 15];
	}
	hex[sizeof(hex) - 1] = '\0';
	return xasprintf("NONE:%u:%s", (unsigned)uid, hex);
}

int auth_seal(struct auth_ctx *ctx, const void *data, size_t len,
	      char **text)
{
	char *cred;

	if (len > INT32_MAX) {
		err_set("payload too large to seal (%zu bytes)", len);
		return -1;
	}
	if (ctx->kind == AUTH_NONE) {
		*text = none_seal_text(geteuid(), data, len);
		return 0;
	}
	cred = munge_make(ctx, data, (int)len, AUTH_UID_ANY);
	if (!cred)
		return -1;
	/* libmunge's malloc'd string: copy so callers free() as usual */
	*text = xstrdup(cred);
	free(cred);
	return 0;
}

static int unseal_none(const char *text, const void *data, size_t len,
		       uid_t *signer)
{
	unsigned long uid;
	char *end, *want;
	int rc = -1;

	if (strncmp(text, "NONE:", 5) != 0) {
		err_set("signature is not of the auth/none form");
		return -1;
	}
	uid = strtoul(text + 5, &end, 10);
	if (end == text + 5 || *end != ':' || uid > UINT32_MAX) {
		err_set("malformed auth/none signature");
		return -1;
	}
	want = none_seal_text((uid_t)uid, data, len);
	if (strcmp(want, text) != 0)
		err_set("signed data does not match its signature");
	else
		rc = 0;
	free(want);
	if (rc == 0 && signer)
		*signer = (uid_t)uid;
	return rc;
}

int auth_unseal(struct auth_ctx *ctx, const char *text, const void *data,
		size_t len, unsigned flags, uid_t *signer)
{
	munge_ctx_t m;
	munge_err_t e;
	void *payload = NULL;
	int plen = 0, rc = -1;
	uid_t u = 0;
	gid_t g = 0;

	if (!text || !*text) {
		err_set("no signature");
		return -1;
	}
	if (ctx->kind == AUTH_NONE)
		return unseal_none(text, data, len, signer);
	if (strncmp(text, "MUNGE:", 6) != 0) {
		err_set("signature is not a munge credential");
		return -1;
	}
	m = munge_ctx_new(ctx);
	if (!m)
		return -1;
	e = munge_decode(text, m, &payload, &plen, &u, &g);
	/* a replayed credential still gives its payload and uid */
	if (e == EMUNGE_CRED_REPLAYED && (flags & AUTH_UNSEAL_REPLAY))
		e = EMUNGE_SUCCESS;
	if (e != EMUNGE_SUCCESS) {
		err_set("signature rejected by munge: %s%s",
			munge_ctx_strerror(m), e == EMUNGE_CRED_REWOUND ?
			" (check for out of sync clocks)" : "");
		goto out;
	}
	if (plen < 0 || (size_t)plen != len ||
	    (len && memcmp(payload, data, len) != 0)) {
		err_set("signed data does not match its signature");
		goto out;
	}
	if (signer)
		*signer = u;
	rc = 0;
out:
	free(payload);
	munge_ctx_destroy(m);
	return rc;
}

int auth_check(struct auth_ctx *ctx)
{
	munge_ctx_t m;
	munge_err_t e;
	char *cred;
	int rc = -1;

	if (ctx->kind != AUTH_MUNGE)
		return 0;
	cred = munge_make(ctx, NULL, 0, getuid() + 1);
	if (!cred)
		return -1;	/* err_msg() has libmunge's reason */
	m = munge_ctx_new(ctx);
	if (!m)
		goto out;
	e = munge_decode(cred, m, NULL, NULL, NULL, NULL);
	if (e == EMUNGE_SUCCESS) {
		err_set("munged lets uid %u decode credentials restricted to "
			"another uid; use a munge built without that",
			(unsigned)getuid());
	} else if (e == EMUNGE_CRED_UNAUTHORIZED) {
		rc = 0;
	} else {
		err_set("munged at %s cannot decode its own credential: %s",
			socket_name(ctx), munge_ctx_strerror(m));
	}
	munge_ctx_destroy(m);
out:
	free(cred);
	return rc;
}
