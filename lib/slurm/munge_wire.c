/* munge_wire.c - munged's socket messages (see munge_wire.h). Field
 * order and sizes follow MUNGE's message version 4: integers are
 * big-endian, strings carry their length (NUL included) before them. */
#include <string.h>

#include <munge.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/munge_wire.h"

#define MW_MAGIC 0x00606D4Bu
#define MW_VERSION 4
enum {
	MW_ENC_REQ = 2,
	MW_ENC_RSP = 3,
	MW_DEC_REQ = 4,
	MW_DEC_RSP = 5,
};

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static uint8_t *put_hdr(uint8_t *p, uint8_t type, uint32_t body_len)
{
	p = put32(p, MW_MAGIC);
	*p++ = MW_VERSION;
	*p++ = type;
	*p++ = 0;	/* first try */
	return put32(p, body_len);
}

uint8_t *mw_encode_req(const void *payload, uint32_t len, uid_t r_uid,
		       size_t *len_out)
{
	/* cipher, mac, zip, realm length (no realm), ttl, uid, gid, length */
	uint32_t body = 3 + 1 + 4 + 4 + 4 + 4 + len;
	uint8_t *m = xmalloc(MW_HDR_LEN + body), *p;

	p = put_hdr(m, MW_ENC_REQ, body);
	*p++ = MUNGE_CIPHER_DEFAULT;
	*p++ = MUNGE_MAC_DEFAULT;
	*p++ = MUNGE_ZIP_DEFAULT;
	*p++ = 0;
	p = put32(p, MUNGE_TTL_DEFAULT);
	p = put32(p, (uint32_t)r_uid);
	p = put32(p, (uint32_t)MUNGE_GID_ANY);
	p = put32(p, len);
	if (len)
		memcpy(p, payload, len);
	*len_out = MW_HDR_LEN + body;
	return m;
}

uint8_t *mw_decode_req(const char *cred, size_t *len_out)
{
	uint32_t n = (uint32_t)strlen(cred) + 1;	/* munged wants the NUL */
	uint32_t body = 4 + n;
	uint8_t *m = xmalloc(MW_HDR_LEN + body), *p;

	p = put_hdr(m, MW_DEC_REQ, body);
	p = put32(p, n);
	memcpy(p, cred, n);
	*len_out = MW_HDR_LEN + body;
	return m;
}

struct rd {
	const uint8_t *p;
	size_t left;
};

static int take(struct rd *r, size_t n, const uint8_t **out)
{
	if (r->left < n)
		return -1;
	*out = r->p;
	r->p += n;
	r->left -= n;
	return 0;
}

static int take8(struct rd *r, uint8_t *v)
{
	const uint8_t *p;

	if (take(r, 1, &p) < 0)
		return -1;
	*v = p[0];
	return 0;
}

static int take32(struct rd *r, uint32_t *v)
{
	const uint8_t *p;

	if (take(r, 4, &p) < 0)
		return -1;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	     (uint32_t)p[2] << 8 | p[3];
	return 0;
}

int mw_parse_hdr(const uint8_t *hdr, int decode, uint32_t *body_len)
{
	struct rd r = { hdr, MW_HDR_LEN };
	uint32_t magic, len;
	uint8_t version, type, retry;

	take32(&r, &magic);
	take8(&r, &version);
	take8(&r, &type);
	take8(&r, &retry);
	take32(&r, &len);
	if (magic != MW_MAGIC) {
		err_set("munged answered with a bad magic number 0x%08x", magic);
		return -1;
	}
	if (version != MW_VERSION) {
		err_set("munged speaks message version %u, not %u", version,
			MW_VERSION);
		return -1;
	}
	if (type != (decode ? MW_DEC_RSP : MW_ENC_RSP)) {
		err_set("munged answered with message type %u", type);
		return -1;
	}
	if (len > MW_MAX_BODY) {
		err_set("munged's answer of %u bytes is too long", len);
		return -1;
	}
	*body_len = len;
	return 0;
}

/* error number, error text */
static int take_error(struct rd *r, struct mw_answer *a)
{
	const uint8_t *s;
	uint8_t num, len;
	size_t n;

	if (take8(r, &num) < 0 || take8(r, &len) < 0 || take(r, len, &s) < 0)
		return -1;
	a->err = num;
	n = len;
	while (n && s[n - 1] == '\0')
		n--;
	if (n >= sizeof(a->why))
		n = sizeof(a->why) - 1;
	memcpy(a->why, s, n);
	a->why[n] = '\0';
	return 0;
}

static int take_data(struct rd *r, struct mw_answer *a)
{
	uint32_t len;

	if (take32(r, &len) < 0 || take(r, len, &a->data) < 0)
		return -1;
	a->data_len = len;
	return 0;
}

int mw_parse_encode(const uint8_t *body, size_t len, struct mw_answer *a)
{
	struct rd r = { body, len };

	memset(a, 0, sizeof(*a));
	if (take_error(&r, a) < 0 || take_data(&r, a) < 0) {
		err_set("munged's answer to an encode is cut short");
		return -1;
	}
	/* the credential's text, without a NUL munged may have sent */
	while (a->data_len && a->data[a->data_len - 1] == '\0')
		a->data_len--;
	if (a->err == 0 && (a->data_len == 0 ||
			    memchr(a->data, '\0', a->data_len))) {
		err_set("munged's answer to an encode carries no credential");
		return -1;
	}
	return 0;
}

int mw_parse_decode(const uint8_t *body, size_t len, struct mw_answer *a)
{
	struct rd r = { body, len };
	const uint8_t *skip;
	uint8_t b3[3], realm_len, addr_len;
	uint32_t ttl, t0, t1, uid, gid, auid, agid;

	memset(a, 0, sizeof(*a));
	if (take_error(&r, a) < 0 ||
	    take8(&r, &b3[0]) < 0 || take8(&r, &b3[1]) < 0 ||
	    take8(&r, &b3[2]) < 0 ||			/* cipher, mac, zip */
	    take8(&r, &realm_len) < 0 || take(&r, realm_len, &skip) < 0 ||
	    take32(&r, &ttl) < 0 ||
	    take8(&r, &addr_len) < 0 || take(&r, addr_len, &skip) < 0 ||
	    take32(&r, &t0) < 0 || take32(&r, &t1) < 0 ||
	    take32(&r, &uid) < 0 || take32(&r, &gid) < 0 ||
	    take32(&r, &auid) < 0 || take32(&r, &agid) < 0 ||
	    take_data(&r, a) < 0) {
		err_set("munged's answer to a decode is cut short");
		return -1;
	}
	a->uid = (uid_t)uid;
	a->gid = (gid_t)gid;
	return 0;
}
