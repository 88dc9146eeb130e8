/* jobinfo-req.c - a test client for the controller's Slurm port: sends
 * REQUEST_JOB_INFO for every job (-p: REQUEST_PARTITION_INFO, -n:
 * REQUEST_NODE_INFO) with a last
 * update time, as squeue -i does after its first list, checks the reply's
 * MUNGE credential and body hash as a Slurm client does, and prints what
 * came back.
 *
 *   jobinfo-req [-p|-n] PORT LAST_UPDATE [SHOW_FLAGS]
 * Prints "RESPONSE_JOB_INFO count=N last_update=T" (T: the time to send
 * next; RESPONSE_PARTITION_INFO and RESPONSE_NODE_INFO likewise), or "RESPONSE_SLURM_RC rc=N"
 * (1900: SLURM_NO_CHANGE_IN_DATA).
 * The munged socket is $FLURM_MUNGE_SOCKET. Exits 1 on any failure. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/auth.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"

static int fail(const char *what)
{
	fprintf(stderr, "jobinfo-req: %s: %s\n", what, err_msg());
	return 1;
}

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

int main(int argc, char **argv)
{
	struct auth_ctx *ctx;
	struct slurm_job_info_request req;
	struct slurm_info_request preq;
	uint16_t type = REQUEST_JOB_INFO;
	struct slurm_msg m;
	struct auth_cred cred;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	buf_t *body, *frame, v;
	uint8_t *sec = NULL, lenb[4], *reply;
	size_t sec_len = 0, used;
	uint32_t n, count, rc;
	time_t last;
	int fd;

	if (argc > 1 && (!strcmp(argv[1], "-p") || !strcmp(argv[1], "-n"))) {
		type = argv[1][1] == 'p' ? REQUEST_PARTITION_INFO :
			REQUEST_NODE_INFO;
		argv++;
		argc--;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: jobinfo-req [-p|-n] PORT LAST_UPDATE "
			"[SHOW_FLAGS]\n");
		return 2;
	}
	ctx = auth_create(AUTH_MUNGE, getenv("FLURM_MUNGE_SOCKET"));
	if (!ctx)
		return fail("munge");
	memset(&req, 0, sizeof(req));
	req.last_update = (time_t)strtoll(argv[2], NULL, 10);
	req.show_flags = argc > 3 ? (uint16_t)strtoul(argv[3], NULL, 0) : 0;
	req.all_jobs = true;
	body = buf_new(64);
	if (type != REQUEST_JOB_INFO) {
		preq.last_update = req.last_update;
		preq.show_flags = req.show_flags;
		slurm_info_request_pack(body, &preq);
	} else {
		slurm_job_info_request_pack(body, &req);
	}
	if (auth_sign(ctx, type, body->data, buf_len(body),
		      AUTH_UID_ANY, &sec, &sec_len) < 0)
		return fail("sign");
	frame = buf_new(1024);
	slurm_msg_build_sec(frame, type, 0, sec, sec_len,
			    body->data, (uint32_t)buf_len(body));
	sin.sin_port = htons((uint16_t)atoi(argv[1]));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    write(fd, frame->data, buf_len(frame)) != (ssize_t)buf_len(frame)) {
		perror("jobinfo-req: connect");
		return 1;
	}
	if (read_all(fd, lenb, 4) < 0) {
		fprintf(stderr, "jobinfo-req: no reply\n");
		return 1;
	}
	n = (uint32_t)lenb[0] << 24 | (uint32_t)lenb[1] << 16 |
	    (uint32_t)lenb[2] << 8 | lenb[3];
	if (slurm_frame_len_check(n) < 0)
		return fail("reply length");
	reply = xmalloc(n);
	if (read_all(fd, reply, n) < 0) {
		fprintf(stderr, "jobinfo-req: short reply\n");
		return 1;
	}
	close(fd);
	if (slurm_msg_parse(reply, n, &m) < 0)
		return fail("reply");
	/* the credential and the body's hash, as a Slurm client checks */
	if (auth_parse(reply + m.header_len, n - m.header_len, &cred,
		       &used) < 0 ||
	    auth_verify(ctx, &cred, m.msg_type, m.body, m.body_len, NULL,
			NULL) < 0)
		return fail("reply credential");
	buf_init_view(&v, m.body, m.body_len);
	switch (m.msg_type) {
	case RESPONSE_JOB_INFO:
	case RESPONSE_PARTITION_INFO:
	case RESPONSE_NODE_INFO:
		if (unpack32(&v, &count) < 0 || unpack_time(&v, &last) < 0)
			return fail("list header");
		printf("%s count=%u last_update=%lld\n",
		       m.msg_type == RESPONSE_JOB_INFO ? "RESPONSE_JOB_INFO" :
		       m.msg_type == RESPONSE_PARTITION_INFO ?
		       "RESPONSE_PARTITION_INFO" : "RESPONSE_NODE_INFO",
		       count, (long long)last);
		break;
	case RESPONSE_SLURM_RC:
		if (unpack32(&v, &rc) < 0)
			return fail("return code");
		printf("RESPONSE_SLURM_RC rc=%u\n", rc);
		break;
	default:
		printf("message type %u\n", m.msg_type);
		return 1;
	}
	free(reply);
	free(sec);
	buf_free(body);
	buf_free(frame);
	auth_destroy(ctx);
	return 0;
}
