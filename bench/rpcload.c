/* rpcload.c - drive a Slurm 22.05 controller (FLURM's or a real slurmctld)
 * with held batch submissions over the wire, from C clients on C
 * connections at once, and print the rate and latency it answers with.
 * sbatch costs about 10 ms of process start-up here, so it measures the
 * client; this measures the controller. Credentials are made before the
 * clock starts (the body is the same every time, so one K12 hash serves
 * all), and reply credentials are not verified: the timed part is the
 * controller, its munged decode and encode, and the wire. With -A none
 * (a controller whose flurmctld.conf says auth = "none") munged is out
 * of it too: what is left is the controller's own work. */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/pack.h"
#include "core/xalloc.h"
#include "slurm/auth.h"
#include "slurm/msg_job.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"

struct frame {
	uint8_t *data;
	size_t len;
};

static struct sockaddr_in ctl_addr;
static struct frame *frames;
static double *lat_ms;
static long total;
static atomic_long next_req;
static atomic_long failures;
static uint16_t want_type;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int full_io(int fd, void *p, size_t n, bool out)
{
	uint8_t *c = p;

	while (n) {
		ssize_t r = out ? write(fd, c, n) : read(fd, c, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One request on its own connection, as the Slurm clients do. */
static int one_request(const struct frame *f, char *why, size_t whylen)
{
	uint8_t lenb[4], *reply = NULL;
	uint32_t n;
	struct slurm_msg m;
	int fd, rc = -1, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&ctl_addr,
			      sizeof(ctl_addr)) < 0) {
		snprintf(why, whylen, "connect: %s", strerror(errno));
		goto out;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (full_io(fd, f->data, f->len, true) < 0 ||
	    full_io(fd, lenb, 4, false) < 0) {
		snprintf(why, whylen, "no reply");
		goto out;
	}
	n = (uint32_t)lenb[0] << 24 | (uint32_t)lenb[1] << 16 |
	    (uint32_t)lenb[2] << 8 | lenb[3];
	if (slurm_frame_len_check(n) < 0) {
		snprintf(why, whylen, "bad reply length %u", n);
		goto out;
	}
	reply = xmalloc(n);
	if (full_io(fd, reply, n, false) < 0 ||
	    slurm_msg_parse(reply, n, &m) < 0) {
		snprintf(why, whylen, "bad reply frame");
		goto out;
	}
	if (m.msg_type == RESPONSE_SLURM_RC && m.body_len >= 4) {
		uint32_t code = (uint32_t)m.body[0] << 24 |
				(uint32_t)m.body[1] << 16 |
				(uint32_t)m.body[2] << 8 | m.body[3];

		if (want_type == RESPONSE_SLURM_RC && code == 0)
			rc = 0;
		else
			snprintf(why, whylen, "controller answered rc %u", code);
		goto out;
	}
	if (m.msg_type != want_type) {
		snprintf(why, whylen, "unexpected reply type %u", m.msg_type);
		goto out;
	}
	if (want_type == RESPONSE_SUBMIT_BATCH_JOB) {
		struct slurm_submit_response sr;
		buf_t b;

		buf_init_view(&b, m.body, m.body_len);
		if (slurm_submit_response_unpack(&b, &sr) < 0) {
			snprintf(why, whylen, "bad submit reply");
			goto out;
		}
		/* slurmctld reports a held job as ESLURM_JOB_HELD (2042)
		 * alongside its id; sbatch takes that as success too */
		if ((sr.error_code && sr.error_code != 2042) || !sr.job_id)
			snprintf(why, whylen, "submit refused: rc %u",
				 sr.error_code);
		else
			rc = 0;
		slurm_submit_response_free(&sr);
		goto out;
	}
	rc = 0;
out:
	free(reply);
	if (fd >= 0)
		close(fd);
	return rc;
}

static void *client(void *arg)
{
	char why[160];
	long i;

	(void)arg;
	while ((i = atomic_fetch_add(&next_req, 1)) < total) {
		double t0 = now_ms();

		if (one_request(&frames[i], why, sizeof(why)) < 0) {
			if (atomic_fetch_add(&failures, 1) < 3)
				fprintf(stderr, "rpcload: request %ld: %s\n",
					i, why);
		}
		lat_ms[i] = now_ms() - t0;
	}
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static buf_t *submit_body(void)
{
	static char *env[] = { "PATH=/usr/bin:/bin", "HOME=/tmp",
			       "FLURM_BENCH=1", NULL };
	struct slurm_job_desc d;
	buf_t *b = buf_new(1024);
	char cwd[4096];

	slurm_job_desc_init(&d);
	d.name = "rpcload";
	d.script = "#!/bin/sh\ntrue\n";
	d.environment = env;
	d.env_size = 3;
	d.work_dir = getcwd(cwd, sizeof(cwd)) ? cwd : "/tmp";
	d.user_id = getuid();
	d.group_id = getgid();
	d.priority = 0;		/* held: nothing runs, only the queue grows */
	d.min_nodes = 1;
	d.num_tasks = 1;
	slurm_job_desc_pack(b, &d);
	return b;
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: rpcload [-H HOST] -p PORT [-S MUNGE_SOCKET] [-A munge|none]"
		" [-c CONNS]\n              [-n REQUESTS] [-t submit|ping|jobinfo]\n"
		"Sends REQUESTS held batch submissions (or pings, or squeue's"
		" job list request)\nto a Slurm"
		" 22.05 controller\nfrom CONNS concurrent clients, one"
		" connection per request, and prints\nrequests/s and latency"
		" percentiles. Defaults: -H 127.0.0.1 -A munge -c 8 -n 2000 -t submit.\n"
		"-A none signs with auth/none, for a controller configured with"
		" auth = \"none\"\n(tests only): the controller without munged.\n");
}

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1", *sock = NULL, *type = "submit";
	enum auth_kind atype = AUTH_MUNGE;
	long conns = 8;
	int port = 0, opt;
	uint16_t req_type;
	struct auth_ctx *auth;
	buf_t *body;
	pthread_t *th;
	double t0, secs;

	total = 2000;
	while ((opt = getopt(argc, argv, "H:p:S:A:c:n:t:h")) != -1) {
		switch (opt) {
		case 'H': host = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'S': sock = optarg; break;
		case 'A':
			if (!strcmp(optarg, "none")) {
				atype = AUTH_NONE;
			} else if (strcmp(optarg, "munge")) {
				fprintf(stderr, "rpcload: -A takes munge or none, "
					"not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c': conns = atol(optarg); break;
		case 'n': total = atol(optarg); break;
		case 't': type = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (port <= 0 || port > 65535 || conns < 1 || conns > 1024 ||
	    total < 1 || (strcmp(type, "submit") && strcmp(type, "ping") &&
			   strcmp(type, "jobinfo"))) {
		usage(stderr);
		return 2;
	}
	memset(&ctl_addr, 0, sizeof(ctl_addr));
	ctl_addr.sin_family = AF_INET;
	ctl_addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &ctl_addr.sin_addr) != 1) {
		fprintf(stderr, "rpcload: %s is not an IPv4 address\n", host);
		return 2;
	}
	auth = auth_create(atype, sock);
	if (!auth) {
		fprintf(stderr, "rpcload: %s\n", err_msg());
		return 1;
	}
	if (!strcmp(type, "jobinfo")) {
		/* what squeue asks: every job, details included */
		struct slurm_job_info_request r = { .show_flags = 0x10,
						    .all_jobs = true };

		req_type = REQUEST_JOB_INFO;
		want_type = RESPONSE_JOB_INFO;
		body = buf_new(32);
		slurm_job_info_request_pack(body, &r);
	} else if (!strcmp(type, "submit")) {
		req_type = REQUEST_SUBMIT_BATCH_JOB;
		want_type = RESPONSE_SUBMIT_BATCH_JOB;
		body = submit_body();
	} else {
		req_type = REQUEST_PING;
		want_type = RESPONSE_SLURM_RC;
		body = buf_new(16);
	}
	frames = xcalloc((size_t)total, sizeof(*frames));
	lat_ms = xcalloc((size_t)total, sizeof(*lat_ms));
	for (long i = 0; i < total; i++) {
		uint8_t *sec;
		size_t sec_len;
		buf_t *out = buf_new(buf_len(body) + 512);

		if (auth_sign(auth, req_type, body->data, buf_len(body),
			      AUTH_UID_ANY, &sec, &sec_len) < 0 ||
		    slurm_msg_build_sec(out, req_type, 0, sec, sec_len,
					body->data,
					(uint32_t)buf_len(body)) < 0) {
			fprintf(stderr, "rpcload: %s\n", err_msg());
			return 1;
		}
		free(sec);
		frames[i].data = buf_steal(out, &frames[i].len);
		buf_free(out);
	}
	th = xcalloc((size_t)conns, sizeof(*th));
	t0 = now_ms();
	for (long i = 0; i < conns; i++)
		if (pthread_create(&th[i], NULL, client, NULL) != 0) {
			fprintf(stderr, "rpcload: cannot start a thread\n");
			return 1;
		}
	for (long i = 0; i < conns; i++)
		pthread_join(th[i], NULL);
	secs = (now_ms() - t0) / 1e3;
	qsort(lat_ms, (size_t)total, sizeof(*lat_ms), cmp_double);
	printf("%s requests=%ld conns=%ld seconds=%.2f rate=%.0f/s "
	       "p50=%.2fms p99=%.2fms failed=%ld\n", type, total, conns, secs,
	       total / secs, lat_ms[total / 2],
	       lat_ms[(long)(total * 0.99) < total ? (long)(total * 0.99) :
		      total - 1],
	       atomic_load(&failures));
	for (long i = 0; i < total; i++)
		free(frames[i].data);
	free(frames);
	free(lat_ms);
	free(th);
	buf_free(body);
	auth_destroy(auth);
	return atomic_load(&failures) ? 1 : 0;
}
