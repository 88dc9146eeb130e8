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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "slurm/auth.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"

#include "common/exchange.h"

static int fail(const char *what)
{
	fprintf(stderr, "jobinfo-req: %s: %s\n", what, err_msg());
	return 1;
}

int main(int argc, char **argv)
{
	struct auth_ctx *ctx;
	struct slurm_job_info_request req;
	struct slurm_info_request preq;
	uint16_t type = REQUEST_JOB_INFO;
	struct slurm_msg m;
	buf_t *body, v;
	uint8_t *reply;
	uint32_t count, rc;
	time_t last;

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
	if (tool_exchange(ctx, argv[1], 0, type, body, &reply, &m) < 0)
		return fail("exchange");
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
	buf_free(body);
	auth_destroy(ctx);
	return 0;
}
