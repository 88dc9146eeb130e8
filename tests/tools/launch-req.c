/* launch-req.c - a test client for a node's Slurm port: builds a job
 * credential and a REQUEST_LAUNCH_TASKS as srun would send them, optionally
 * spoiled (expired, a changed byte, made by whoever runs this), sends it
 * with this process's own MUNGE credential and prints the return code.
 *
 *   launch-req [-a SECS] [-x] [-u UID] [-n NODE] [-w FILE] [-r FILE]
 *              PORT JOB STEP CMD...
 * -a  the credential was made SECS seconds ago
 * -x  change one byte of the signed credential after signing
 * -u  the uid the request and credential name (default: ours)
 * -n  the node the credential names (default node1)
 * -w  also write the signed credential to FILE; -r send FILE's instead
 * The munged socket is $FLURM_MUNGE_SOCKET. Prints "rc=N". */
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
#include "slurm/msg_cred.h"
#include "slurm/msg_launch.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"

static int usage(void)
{
	fprintf(stderr, "usage: launch-req [-a SECS] [-x] [-u UID] [-n NODE] "
		"[-w FILE] [-r FILE] PORT JOB STEP CMD...\n");
	return 2;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (*len == cap)
			d = xrealloc(d, cap = cap * 2 + 4096);
		r = fread(d + *len, 1, cap - *len, f);
		if (!r)
			break;
		*len += r;
	}
	fclose(f);
	return d;
}

int main(int argc, char **argv)
{
	const char *node = "node1", *wfile = NULL, *rfile = NULL;
	long ago = 0;
	int flip = 0, opt, fd;
	uint32_t uid = (uint32_t)getuid();
	struct auth_ctx *ctx;
	struct slurm_launch_tasks m;
	struct cred *c = &m.cred;
	uint16_t ntasks = 1;
	uint32_t tid = 0, *tids = &tid;
	buf_t *body, *frame;
	uint8_t *sec = NULL, *file = NULL, reply[4096];
	size_t sec_len = 0, got = 0;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	buf_t v;
	uint32_t n, rc;

	while ((opt = getopt(argc, argv, "a:xu:n:w:r:")) != -1) {
		switch (opt) {
		case 'a': ago = atol(optarg); break;
		case 'x': flip = 1; break;
		case 'u': uid = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'n': node = optarg; break;
		case 'w': wfile = optarg; break;
		case 'r': rfile = optarg; break;
		default: return usage();
		}
	}
	if (argc - optind < 4)
		return usage();
	ctx = auth_create(AUTH_MUNGE, getenv("FLURM_MUNGE_SOCKET"));
	memset(&m, 0, sizeof(m));
	m.job_id = (uint32_t)strtoul(argv[optind + 1], NULL, 10);
	m.step_id = (uint32_t)strtoul(argv[optind + 2], NULL, 10);
	m.step_het_comp = NO_VAL;
	m.uid = uid;
	m.gid = uid;
	m.het_job_id = NO_VAL;
	m.mpi_plugin_id = MPI_PLUGIN_NONE;
	m.ntasks = 1;
	m.nnodes = 1;
	m.cpus_per_task = 1;
	m.node_cpus = 1;
	m.tasks_to_launch = &ntasks;
	m.global_task_ids = &tids;
	m.cwd = "/tmp";
	m.argv = argv + optind + 3;
	m.argc = (uint32_t)(argc - optind - 3);
	m.complete_nodelist = (char *)node;
	m.switch_plugin = SWITCH_PLUGIN_NONE;
	m.select_plugin = SELECT_PLUGIN_CONS_TRES;
	m.flags = LAUNCH_BUFFERED_IO;

	if (rfile) {
		size_t len;

		file = slurp(rfile, &len);
		buf_init_view(&v, file, len);
		if (!file || cred_unpack(&v, c) < 0) {
			fprintf(stderr, "launch-req: bad credential file\n");
			return 1;
		}
	} else {
		c->job_id = m.job_id;
		c->step_id = m.step_id;
		c->step_het_comp = NO_VAL;
		c->uid = uid;
		c->gid = uid;
		c->job_core_spec = NO_VAL16;
		c->step_hostlist = (char *)node;
		c->job_hostlist = (char *)node;
		c->job_nhosts = 1;
		c->job_ntasks = 1;
		if (cred_sign(ctx, c, time(NULL) - ago) < 0) {
			fprintf(stderr, "launch-req: %s\n", err_msg());
			return 1;
		}
		c->step_hostlist = c->job_hostlist = NULL;
	}
	if (flip)
		c->signed_data[3] ^= 0x01;     /* the job id's low byte */
	if (wfile) {
		buf_t *w = buf_new(512);
		FILE *f = fopen(wfile, "wb");

		cred_pack(w, c);
		if (!f || fwrite(w->data, 1, buf_len(w), f) != buf_len(w))
			return 1;
		fclose(f);
		buf_free(w);
	}
	body = buf_new(1024);
	slurm_launch_tasks_pack(body, &m);
	if (auth_sign(ctx, REQUEST_LAUNCH_TASKS, body->data, buf_len(body),
		      AUTH_UID_ANY, &sec, &sec_len) < 0) {
		fprintf(stderr, "launch-req: %s\n", err_msg());
		return 1;
	}
	frame = buf_new(2048);
	slurm_msg_build_sec(frame, REQUEST_LAUNCH_TASKS, 0, sec, sec_len,
			    body->data, (uint32_t)buf_len(body));
	sin.sin_port = htons((uint16_t)atoi(argv[optind]));
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    write(fd, frame->data, buf_len(frame)) != (ssize_t)buf_len(frame)) {
		perror("launch-req: connect");
		return 1;
	}
	for (;;) {
		ssize_t r = read(fd, reply + got, sizeof(reply) - got);

		if (r <= 0)
			break;
		got += (size_t)r;
		if (got >= 4 && got >= 4 + ((size_t)reply[0] << 24 |
					    (size_t)reply[1] << 16 |
					    (size_t)reply[2] << 8 | reply[3]))
			break;
	}
	close(fd);
	/* the reply's body is its last 4 bytes: RESPONSE_SLURM_RC */
	if (got < 8) {
		printf("no reply\n");
		return 1;
	}
	n = (uint32_t)reply[got - 4] << 24 | (uint32_t)reply[got - 3] << 16 |
	    (uint32_t)reply[got - 2] << 8 | reply[got - 1];
	rc = n;
	printf("rc=%u\n", rc);
	buf_free(body);
	buf_free(frame);
	free(sec);
	free(file);
	if (rfile) {
		cred_free(c);
	} else {
		free(c->signed_data);
		free(c->signature);
	}
	auth_destroy(ctx);
	return 0;
}
