/* proto.h - Slurm 22.05 message framing (the same in 23.02, 23.11 and
 * 24.05; see slurm/version.h): the u32 length prefix, the 16-byte header (more with
 * forwarding or an origin address), the auth section and the body, as
 * slurmctld and the stock clients exchange them.
 * Parsing checks every length and never reads past the frame; verifying
 * a munge credential and decoding a body are left to lib/slurm's auth and
 * codec modules. */
#ifndef FLURM_SLURM_PROTO_H
#define FLURM_SLURM_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/pack.h"

/* Protocol versions (Slurm's SLURM_xx_yy_PROTOCOL_VERSION). */
#define SLURM_22_05_PROTOCOL_VERSION 0x2600
#define SLURM_21_08_PROTOCOL_VERSION 0x2500
#define SLURM_20_11_PROTOCOL_VERSION 0x2400
#define SLURM_PROTOCOL_VERSION       SLURM_22_05_PROTOCOL_VERSION
/* The oldest a 22.05 slurmctld still talks to. */
#define SLURM_MIN_PROTOCOL_VERSION   SLURM_20_11_PROTOCOL_VERSION

/* Auth plugin ids of the auth section. */
#define SLURM_AUTH_NONE  100
#define SLURM_AUTH_MUNGE 101
#define SLURM_AUTH_JWT   102

/* Header flags. */
#define SLURM_GLOBAL_AUTH_KEY 0x0001
#define SLURMDBD_CONNECTION   0x0002
/* From 23.02: the message has no auth section (slurmctld's replies). */
#define SLURM_NO_AUTH_CRED    0x0040
/* From 23.11: a forward list carries a str net_cred after tree_width. */
#define SLURM_PACK_ADDRS      0x0080

/* Slurm's "unset" sentinels (slurm/slurm.h). Guarded so a codec header
 * that also defines them does not clash. */
#ifndef NO_VAL8
#define NO_VAL8    ((uint8_t)0xfe)
#define NO_VAL16   ((uint16_t)0xfffe)
#define NO_VAL     ((uint32_t)0xfffffffe)
#define NO_VAL64   ((uint64_t)0xfffffffffffffffe)
#define INFINITE8  ((uint8_t)0xff)
#define INFINITE16 ((uint16_t)0xffff)
#define INFINITE   ((uint32_t)0xffffffff)
#define INFINITE64 ((uint64_t)0xffffffffffffffff)
#endif

/* Largest frame (the u32 length) a FLURM reader accepts. Slurm allows
 * 1 GiB; the biggest real reply (a large job list) is far below this. */
#define SLURM_MAX_FRAME (64u * 1024 * 1024)
/* Smallest possible frame: a 16-byte header and a u32 auth plugin id. */
#define SLURM_MIN_FRAME 20u

/* Address families as Slurm packs them (Linux values). */
#define SLURM_AF_UNSPEC 0
#define SLURM_AF_INET   2
#define SLURM_AF_INET6  10

/* A slurm_addr_t off the wire. Slurm packs sin_addr/sin_port, already in
 * network order, with pack32/pack16, so a little-endian sender puts them
 * on the wire byte-reversed; we decode (and encode) as such a sender does.
 * addr is in network order (127.0.0.1 = 7f 00 00 01), port in host order. */
struct slurm_addr {
	uint16_t family;        /* SLURM_AF_*; other values carry nothing */
	uint8_t addr[16];       /* 4 bytes used for AF_INET */
	uint16_t port;
};

/* One parsed frame. Pointers point into the frame given to
 * slurm_msg_parse and are valid only as long as it is. */
struct slurm_msg {
	uint16_t protocol_version;
	uint16_t flags;
	uint16_t msg_type;
	uint32_t body_length;

	uint16_t forward_cnt;           /* the rest only when forward_cnt > 0 */
	const char *forward_nodelist;
	uint32_t forward_timeout;       /* ms */
	uint16_t forward_tree_width;

	uint16_t ret_cnt;               /* always 0: ret lists are refused */
	struct slurm_addr orig_addr;

	uint32_t auth_plugin;           /* SLURM_AUTH_* */
	const char *cred;               /* munge: "MUNGE:...:" text */
	uint32_t cred_len;              /* strlen(cred) */
	uint32_t auth_uid, auth_gid;    /* auth/none only, unverified */
	const char *auth_host;          /* auth/none only, may be NULL */

	const uint8_t *body;            /* body_length bytes; NULL when 0 */
	uint32_t body_len;

	size_t header_len;              /* bytes of header */
	size_t auth_len;                /* bytes of auth section */

	/* On failure: the Slurm return code a peer should hear, e.g.
	 * SLURM_PROTOCOL_VERSION_ERROR; fields parsed so far stay set. */
	int error_rc;
};

/* Parse FRAME (LEN bytes: what follows the u32 length prefix). Accepts the
 * header layouts a 22.05 slurmctld accepts (versions 0x2600, 0x2500 and
 * 0x2400; the older two have an extra u16) and the same 22.05 layout up
 * to SLURM_NEWEST_PROTOCOL_VERSION (slurm/version.h); callers must check
 * with slurm_msg_version_ok() that they can read the body. Refuses a body_length
 * other than exactly the bytes left, ret lists, and auth plugins other
 * than munge and none. Returns 0, or -1 with err_msg() and m->error_rc. */
int slurm_msg_parse(const uint8_t *frame, size_t len, struct slurm_msg *m);

/* The header and auth section at the start of a frame whose body may not
 * have arrived yet: DATA holds the first AVAIL of the FRAME_LEN bytes that
 * follow the length prefix. Returns 0 with the header and auth fields of
 * M set (body and body_len are not: the caller has no body yet), 1 when
 * more bytes are needed to tell, or -1 with err_msg() and m->error_rc
 * when the start is bad whatever follows, or the body_length does not
 * match FRAME_LEN. */
int slurm_msg_parse_head(const uint8_t *data, size_t avail,
			 uint32_t frame_len, struct slurm_msg *m);

/* Check a frame length prefix read from a socket: -1 with err_msg() when
 * it is too small to hold a header or larger than SLURM_MAX_FRAME. */
int slurm_frame_len_check(uint32_t n);

/* The auth section to send. */
struct slurm_auth {
	uint32_t plugin;        /* SLURM_AUTH_MUNGE or SLURM_AUTH_NONE */
	const char *cred;       /* munge: the credential text */
	uint32_t uid, gid;      /* auth/none */
	const char *host;       /* auth/none */
};

/* Append one complete frame to OUT: u32 length, 22.05 header (no forward,
 * no ret list, AF_UNSPEC origin), auth section, body. -1 with err_msg()
 * for an unknown plugin, a missing munge credential or a frame over
 * SLURM_MAX_FRAME (OUT is then unchanged). */
int slurm_msg_build_auth(buf_t *out, uint16_t msg_type, uint16_t flags,
			 const struct slurm_auth *auth,
			 const uint8_t *body, uint32_t body_len);
/* Same with munge (101, CRED is the credential) or none (100, CRED is
 * the hostname, uid/gid are this process's effective ids). */
int slurm_msg_build(buf_t *out, uint16_t msg_type, uint16_t flags,
		    uint32_t auth_plugin, const char *cred,
		    const uint8_t *body, uint32_t body_len);

/* Same with an auth section already built (auth_sign() in slurm/auth.h:
 * plugin id and credential), copied between header and body. */
int slurm_msg_build_sec(buf_t *out, uint16_t msg_type, uint16_t flags,
			const uint8_t *sec, size_t sec_len,
			const uint8_t *body, uint32_t body_len);

/* Everything of that frame but the body, for a sender that writes a large
 * body from where it already is: the length prefix counts BODY_LEN bytes
 * still to come. Same errors; OUT is unchanged on failure. */
int slurm_msg_build_head(buf_t *out, uint16_t msg_type, uint16_t flags,
			 const uint8_t *sec, size_t sec_len, uint32_t body_len);
/* Same with the header of protocol version VER (22.05 up to
 * SLURM_NEWEST_PROTOCOL_VERSION; the layout is the same), for a reply in
 * the version its request came in. */
int slurm_msg_build_head_ver(buf_t *out, uint16_t ver, uint16_t msg_type,
			     uint16_t flags, const uint8_t *sec, size_t sec_len,
			     uint32_t body_len);
/* slurm_addr_t as slurm_pack_addr / slurm_unpack_addr_no_alloc do it. */
void slurm_pack_addr(buf_t *b, const struct slurm_addr *a);
int slurm_unpack_addr(buf_t *b, struct slurm_addr *a);
/* "127.0.0.1:6817", "[::1]:6817" or "unspec" into BUF (always
 * NUL-terminated); returns BUF. */
char *slurm_addr_fmt(const struct slurm_addr *a, char *buf, size_t size);

#endif
