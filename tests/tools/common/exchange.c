/* exchange.c - send one signed request to the controller's Slurm port and
 * read back its verified reply, for the test clients in tests/tools. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "exchange.h"

/* Read exactly N bytes. */
static int read_all(int fd, uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int tool_exchange(struct auth_ctx *ctx, const char *port, uint16_t ver,
		  uint16_t type, const buf_t *body, uint8_t **reply,
		  struct slurm_msg *m)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct auth_cred cred;
	buf_t *frame = NULL;
	uint8_t *sec = NULL, lenb[4], *r = NULL;
	size_t sec_len = 0, used;
	const char *cut = getenv("TOOL_CUT_SHORT");
	size_t send_len;
	uint32_t n;
	int fd = -1, rc = -1;

	*reply = NULL;
	if (auth_sign(ctx, type, body->data, buf_len(body), AUTH_UID_ANY,
		      &sec, &sec_len) < 0)
		goto cleanup;
	frame = buf_new(1024);
	if (slurm_msg_build_sec(frame, type, 0, sec, sec_len, body->data,
				(uint32_t)buf_len(body)) < 0)
		goto cleanup;
	if (ver) {
		/* the header layout is 22.05's; only its version differs */
		frame->data[4] = (uint8_t)(ver >> 8);
		frame->data[5] = (uint8_t)ver;
	}
	/* TOOL_CUT_SHORT=N: the frame's last N bytes are never sent (and our
	 * side is shut after the rest, as below) */
	send_len = buf_len(frame);
	if (cut && (size_t)atoi(cut) < send_len)
		send_len -= (size_t)atoi(cut);
	sin.sin_port = htons((uint16_t)atoi(port));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    write(fd, frame->data, send_len) != (ssize_t)send_len) {
		err_set_errno("connect to port %s", port);
		goto cleanup;
	}
	/* TOOL_HALF_CLOSE: shut our side once the request is sent, as
	 * some non-Slurm clients do; the answer must come all the same
	 * (but not to a frame cut short) */
	if ((getenv("TOOL_HALF_CLOSE") || cut) && shutdown(fd, SHUT_WR) < 0) {
		err_set_errno("shutdown");
		goto cleanup;
	}
	if (read_all(fd, lenb, 4) < 0) {
		err_set("no reply");
		goto cleanup;
	}
	n = (uint32_t)lenb[0] << 24 | (uint32_t)lenb[1] << 16 |
	    (uint32_t)lenb[2] << 8 | lenb[3];
	if (slurm_frame_len_check(n) < 0)
		goto cleanup;
	r = xmalloc(n);
	if (read_all(fd, r, n) < 0) {
		err_set("short reply");
		goto cleanup;
	}
	if (slurm_msg_parse(r, n, m) < 0)
		goto cleanup;
	/* the credential and the body's hash, as a Slurm client checks */
	if (auth_parse(r + m->header_len, n - m->header_len, &cred,
		       &used) < 0 ||
	    auth_verify(ctx, &cred, m->msg_type, m->body, m->body_len, NULL,
			NULL) < 0)
		goto cleanup;
	*reply = r;
	r = NULL;
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	free(r);
	free(sec);
	buf_free(frame);
	return rc;
}
