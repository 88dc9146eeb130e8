/* proto.c - split a Slurm 22.05 frame into header, auth section and body,
 * and build frames the stock clients accept. Nothing here talks to munged
 * or knows a body layout: the caller verifies the credential and hands the
 * body to a codec. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "core/err.h"
#include "core/pack.h"
#include "slurm/errnos.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/version.h"

int slurm_frame_len_check(uint32_t n)
{
	if (n < SLURM_MIN_FRAME) {
		err_set("Slurm message of %u bytes is too short for a header", n);
		return -1;
	}
	if (n > SLURM_MAX_FRAME) {
		err_set("Slurm message of %u bytes exceeds the limit of %u bytes",
			n, SLURM_MAX_FRAME);
		return -1;
	}
	return 0;
}

void slurm_pack_addr(buf_t *b, const struct slurm_addr *a)
{
	pack16(b, a->family);
	if (a->family == SLURM_AF_INET) {
		/* as a little-endian Slurm host does: network-order bytes
		 * read as a host integer, then packed big-endian */
		pack8(b, a->addr[3]);
		pack8(b, a->addr[2]);
		pack8(b, a->addr[1]);
		pack8(b, a->addr[0]);
		pack16(b, (uint16_t)((a->port >> 8) | (a->port << 8)));
	} else if (a->family == SLURM_AF_INET6) {
		pack_mem(b, a->addr, 16);
		pack16(b, (uint16_t)((a->port >> 8) | (a->port << 8)));
	}
}

int slurm_unpack_addr(buf_t *b, struct slurm_addr *a)
{
	const uint8_t *p;
	uint32_t len;
	uint8_t v4[4];
	uint16_t port;

	memset(a, 0, sizeof(*a));
	if (unpack16(b, &a->family))
		return -1;
	switch (a->family) {
	case SLURM_AF_INET:
		if (unpack_raw(b, v4, 4) || unpack16(b, &port))
			return -1;
		a->addr[0] = v4[3];
		a->addr[1] = v4[2];
		a->addr[2] = v4[1];
		a->addr[3] = v4[0];
		break;
	case SLURM_AF_INET6:
		if (unpack_mem_ptr(b, &p, &len))
			return -1;
		if (len != 16) {
			err_set("IPv6 address of %u bytes, expected 16", len);
			b->failed = true;
			return -1;
		}
		memcpy(a->addr, p, 16);
		if (unpack16(b, &port))
			return -1;
		break;
	default:
		/* Slurm treats any other family as unspecified: nothing follows */
		return 0;
	}
	a->port = (uint16_t)((port >> 8) | (port << 8));
	return 0;
}

char *slurm_addr_fmt(const struct slurm_addr *a, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN];

	if (!size)
		return buf;
	if (a->family == SLURM_AF_INET &&
	    inet_ntop(AF_INET, a->addr, ip, sizeof(ip)))
		snprintf(buf, size, "%s:%u", ip, a->port);
	else if (a->family == SLURM_AF_INET6 &&
		 inet_ntop(AF_INET6, a->addr, ip, sizeof(ip)))
		snprintf(buf, size, "[%s]:%u", ip, a->port);
	else if (a->family == SLURM_AF_UNSPEC)
		snprintf(buf, size, "unspec");
	else
		snprintf(buf, size, "family %u", a->family);
	return buf;
}

/* Record why a frame was refused; the first err_set wins unless the
 * buffer already explained a truncation. */
static int refuse(struct slurm_msg *m, int rc, const char *what, buf_t *b)
{
	char why[512];

	snprintf(why, sizeof(why), "%s", err_msg());
	m->error_rc = rc;
	if (b && b->failed)
		err_set("bad Slurm %s: %s", what, why);
	return -1;
}

static int parse_header(buf_t *b, struct slurm_msg *m)
{
	uint16_t old_index;

	if (unpack16(b, &m->protocol_version))
		return refuse(m, SLURM_COMMUNICATIONS_RECEIVE_ERROR, "header", b);
	if (m->protocol_version < SLURM_MIN_PROTOCOL_VERSION) {
		err_set("Slurm protocol version 0x%04x is older than the oldest "
			"supported (0x%04x, Slurm 20.11); FLURM speaks 22.05 (0x%04x)",
			m->protocol_version, SLURM_MIN_PROTOCOL_VERSION,
			SLURM_PROTOCOL_VERSION);
		return refuse(m, SLURM_PROTOCOL_VERSION_ERROR, "header", NULL);
	}
	unpack16(b, &m->flags);
	/* 20.11 and 21.08 still sent the old msg_index, always 0 */
	if (m->protocol_version < SLURM_22_05_PROTOCOL_VERSION)
		unpack16(b, &old_index);
	unpack16(b, &m->msg_type);
	unpack32(b, &m->body_length);
	unpack16(b, &m->forward_cnt);
	if (!b->failed && m->forward_cnt > 0) {
		uint32_t nl_len;

		unpack_str_ptr(b, &m->forward_nodelist, &nl_len);
		unpack32(b, &m->forward_timeout);
		unpack16(b, &m->forward_tree_width);
		/* 23.11: the forwarded nodes' addresses, which we do not
		 * use (a client never forwards) */
		if (m->protocol_version >= SLURM_23_11_PROTOCOL_VERSION &&
		    (m->flags & SLURM_PACK_ADDRS)) {
			const char *net_cred;
			uint32_t nc_len;

			unpack_str_ptr(b, &net_cred, &nc_len);
		}
	}
	unpack16(b, &m->ret_cnt);
	if (b->failed)
		return refuse(m, SLURM_COMMUNICATIONS_RECEIVE_ERROR, "header", b);
	if (m->ret_cnt > 0) {
		err_set("Slurm header carries %u forwarded replies (ret_cnt); "
			"FLURM does not accept reply lists", m->ret_cnt);
		return refuse(m, SLURM_COMMUNICATIONS_RECEIVE_ERROR, "header", NULL);
	}
	if (slurm_unpack_addr(b, &m->orig_addr))
		return refuse(m, SLURM_COMMUNICATIONS_RECEIVE_ERROR, "header", b);
	/* the header is the same from 22.05 to the newest version with a
	 * table; which bodies that version may carry is the caller's
	 * question (slurm_msg_version_ok) */
	if (m->protocol_version > SLURM_NEWEST_PROTOCOL_VERSION) {
		err_set("Slurm protocol version 0x%04x is newer than %s (0x%04x), "
			"the newest FLURM speaks", m->protocol_version,
			slurm_ver_name(SLURM_NEWEST_PROTOCOL_VERSION),
			SLURM_NEWEST_PROTOCOL_VERSION);
		return refuse(m, SLURM_PROTOCOL_VERSION_ERROR, "header", NULL);
	}
	/* from 23.02 a message may come without a credential; every
	 * request must carry one */
	if (m->protocol_version >= SLURM_23_02_PROTOCOL_VERSION &&
	    (m->flags & SLURM_NO_AUTH_CRED)) {
		err_set("Slurm %s carries no credential (SLURM_NO_AUTH_CRED)",
			slurm_msg_type_name(m->msg_type));
		return refuse(m, SLURM_PROTOCOL_AUTHENTICATION_ERROR, "header",
			      NULL);
	}
	m->header_len = b->off;
	return 0;
}

static int parse_auth(buf_t *b, struct slurm_msg *m)
{
	size_t start = b->off;

	if (unpack32(b, &m->auth_plugin))
		return refuse(m, ESLURM_PROTOCOL_INCOMPLETE_PACKET, "auth section", b);
	switch (m->auth_plugin) {
	case SLURM_AUTH_MUNGE:
		if (unpack_str_ptr(b, &m->cred, &m->cred_len))
			return refuse(m, ESLURM_PROTOCOL_INCOMPLETE_PACKET,
				      "munge credential", b);
		if (!m->cred || !m->cred_len) {
			err_set("Slurm message has an empty munge credential");
			return refuse(m, SLURM_PROTOCOL_AUTHENTICATION_ERROR,
				      "auth section", NULL);
		}
		break;
	case SLURM_AUTH_NONE: {
		uint32_t host_len;

		unpack32(b, &m->auth_uid);
		unpack32(b, &m->auth_gid);
		unpack_str_ptr(b, &m->auth_host, &host_len);
		if (b->failed)
			return refuse(m, ESLURM_PROTOCOL_INCOMPLETE_PACKET,
				      "auth/none section", b);
		break;
	}
	case SLURM_AUTH_JWT:
		err_set("Slurm message uses auth/jwt (plugin 102), which FLURM "
			"does not support; use auth/munge");
		return refuse(m, SLURM_PROTOCOL_AUTHENTICATION_ERROR, "auth section", NULL);
	default:
		err_set("Slurm message uses unknown auth plugin id %u", m->auth_plugin);
		return refuse(m, SLURM_PROTOCOL_AUTHENTICATION_ERROR, "auth section", NULL);
	}
	m->auth_len = b->off - start;
	return 0;
}

int slurm_msg_parse(const uint8_t *frame, size_t len, struct slurm_msg *m)
{
	buf_t b;

	memset(m, 0, sizeof(*m));
	if (len > SLURM_MAX_FRAME) {
		err_set("Slurm message of %zu bytes exceeds the limit of %u bytes",
			len, SLURM_MAX_FRAME);
		m->error_rc = SLURM_PROTOCOL_INSANE_MSG_LENGTH;
		return -1;
	}
	buf_init_view(&b, frame, len);
	if (parse_header(&b, m) || parse_auth(&b, m))
		return -1;
	/* 22.05.8 as Debian ships it (CVE-2023-49933 fix) drops a message
	 * whose body_length is not exactly what follows; so do we */
	if (m->body_length != buf_remaining(&b)) {
		err_set("Slurm %s: header says body_length %u but %zu bytes follow",
			slurm_msg_type_name(m->msg_type), m->body_length,
			buf_remaining(&b));
		m->error_rc = ESLURM_PROTOCOL_INCOMPLETE_PACKET;
		return -1;
	}
	m->body = m->body_length ? frame + b.off : NULL;
	m->body_len = m->body_length;
	return 0;
}

int slurm_msg_parse_head(const uint8_t *data, size_t avail,
			 uint32_t frame_len, struct slurm_msg *m)
{
	buf_t b;
	size_t head;

	memset(m, 0, sizeof(*m));
	if (avail > frame_len)
		avail = frame_len;
	buf_init_view(&b, data, avail);
	if (parse_header(&b, m) || parse_auth(&b, m)) {
		/* ran out of bytes, not into a bad value: wait for more */
		if (b.failed && avail < frame_len)
			return 1;
		return -1;
	}
	head = m->header_len + m->auth_len;
	if (m->body_length != frame_len - head) {
		err_set("Slurm %s: header says body_length %u but %zu bytes follow",
			slurm_msg_type_name(m->msg_type), m->body_length,
			frame_len - head);
		m->error_rc = ESLURM_PROTOCOL_INCOMPLETE_PACKET;
		return -1;
	}
	return 0;
}

/* u32 length (0 for now), then the header of VER with no forwarding. */
static void pack_header(buf_t *out, uint16_t ver, uint16_t msg_type,
			uint16_t flags, uint32_t body_len)
{
	pack32(out, 0);         /* length, filled in by the caller */
	pack16(out, ver);
	pack16(out, flags);
	pack16(out, msg_type);
	pack32(out, body_len);
	pack16(out, 0);         /* forward_cnt */
	pack16(out, 0);         /* ret_cnt */
	pack16(out, SLURM_AF_UNSPEC);
}

/* Put the length prefix of the frame begun at START, counting BODY_LEN
 * bytes of body still to come; -1 (OUT back as it was) when too large. */
static int set_frame_len(buf_t *out, size_t start, uint16_t msg_type,
			 uint32_t body_len)
{
	size_t frame_len = buf_len(out) - start - 4 + body_len;

	if (frame_len > SLURM_MAX_FRAME) {
		out->off = start;
		err_set("Slurm %s of %zu bytes exceeds the limit of %u bytes",
			slurm_msg_type_name(msg_type), frame_len, SLURM_MAX_FRAME);
		return -1;
	}
	buf_put_u32_at(out, start, (uint32_t)frame_len);
	return 0;
}

static int finish_frame(buf_t *out, size_t start, uint16_t msg_type,
			const uint8_t *body, uint32_t body_len)
{
	if (set_frame_len(out, start, msg_type, body_len) < 0)
		return -1;
	pack_raw(out, body, body_len);
	return 0;
}

int slurm_msg_build_head_ver(buf_t *out, uint16_t ver, uint16_t msg_type,
			     uint16_t flags, const uint8_t *sec, size_t sec_len,
			     uint32_t body_len)
{
	size_t start = buf_len(out);

	if (ver < SLURM_22_05_PROTOCOL_VERSION ||
	    ver > SLURM_NEWEST_PROTOCOL_VERSION) {
		err_set("cannot build a Slurm %s header for protocol version 0x%04x",
			slurm_msg_type_name(msg_type), ver);
		return -1;
	}
	pack_header(out, ver, msg_type, flags, body_len);
	pack_raw(out, sec, sec_len);
	return set_frame_len(out, start, msg_type, body_len);
}

int slurm_msg_build_head(buf_t *out, uint16_t msg_type, uint16_t flags,
			 const uint8_t *sec, size_t sec_len, uint32_t body_len)
{
	return slurm_msg_build_head_ver(out, SLURM_PROTOCOL_VERSION, msg_type,
					flags, sec, sec_len, body_len);
}

int slurm_msg_build_sec(buf_t *out, uint16_t msg_type, uint16_t flags,
			const uint8_t *sec, size_t sec_len,
			const uint8_t *body, uint32_t body_len)
{
	if (slurm_msg_build_head(out, msg_type, flags, sec, sec_len,
				 body_len) < 0)
		return -1;
	pack_raw(out, body, body_len);
	return 0;
}

int slurm_msg_build_auth(buf_t *out, uint16_t msg_type, uint16_t flags,
			 const struct slurm_auth *auth,
			 const uint8_t *body, uint32_t body_len)
{
	size_t start = buf_len(out);

	switch (auth->plugin) {
	case SLURM_AUTH_MUNGE:
		if (!auth->cred || !*auth->cred) {
			err_set("no munge credential to send");
			return -1;
		}
		break;
	case SLURM_AUTH_NONE:
		break;
	default:
		err_set("cannot build a Slurm message with auth plugin id %u",
			auth->plugin);
		return -1;
	}

	pack_header(out, SLURM_PROTOCOL_VERSION, msg_type, flags, body_len);
	pack32(out, auth->plugin);
	if (auth->plugin == SLURM_AUTH_MUNGE) {
		pack_str(out, auth->cred);
	} else {
		pack32(out, auth->uid);
		pack32(out, auth->gid);
		pack_str(out, auth->host);
	}
	return finish_frame(out, start, msg_type, body, body_len);
}

int slurm_msg_build(buf_t *out, uint16_t msg_type, uint16_t flags,
		    uint32_t auth_plugin, const char *cred,
		    const uint8_t *body, uint32_t body_len)
{
	struct slurm_auth auth = {
		.plugin = auth_plugin,
		.cred = cred,
		.uid = (uint32_t)geteuid(),
		.gid = (uint32_t)getegid(),
		.host = cred,
	};

	return slurm_msg_build_auth(out, msg_type, flags, &auth, body, body_len);
}
