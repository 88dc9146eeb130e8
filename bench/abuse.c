/* abuse.c - a crowd of strangers for bench/abuse: idle connections, senders
 * of one byte a second and oversized partial frames against a controller's
 * Slurm and node ports, kept up (reconnecting what the controller closes)
 * for a while. Prints what it managed; the figures that matter (memory,
 * squeue latency) are taken by the script around it.
 *
 *   abuse -s SLURM_PORT -n NODE_PORT [-H 127.0.0.1] [-b 127.0.1.1-40]
 *         [-i IDLE] [-o SLOW] [-p PARTIAL] [-t SECONDS]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum kind { K_IDLE, K_SLOW, K_PARTIAL };

struct conn {
	int fd;
	enum kind kind;
	int node;               /* to the node port */
	uint64_t sent, want;
	double next;            /* K_SLOW: next byte */
};

static const char *host = "127.0.0.1";
static int slurm_port, node_port;
static uint32_t src_base, src_count;   /* source addresses, host order */
static unsigned src_next;
static struct conn *conns;
static size_t nconns;
static int ep;
static uint64_t opened, failed, closed_by_peer;
static char junk[65536];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The start of the frame each kind sends. */
static size_t frame_head(struct conn *c, uint8_t *out)
{
	if (c->kind == K_PARTIAL && !c->node) {
		uint32_t n = 60u << 20;
		/* length, 22.05 header of a batch submit, auth/munge whose
		 * credential claims 1 MiB */
		put32(out, n);
		memcpy(out + 4, "\x26\x00\x00\x00\x0f\xa3", 6);
		put32(out + 10, n - 26);
		memset(out + 14, 0, 6);
		put32(out + 20, 101);
		put32(out + 24, 1u << 20);
		c->want = (uint64_t)n + 4;
		return 28;
	}
	if (c->kind == K_PARTIAL) {
		put32(out, 15u << 20);        /* node registration, 15 MiB */
		memcpy(out + 4, "\x00\x01\x00\x01", 4);
		c->want = (15u << 20) + 4;
		return 8;
	}
	if (c->kind == K_SLOW) {
		put32(out, 200);
		c->want = UINT64_MAX;
		return 0;       /* sent a byte at a time */
	}
	c->want = 0;
	return 0;
}

static void push(struct conn *c)
{
	if (c->kind == K_SLOW) {
		if (now() < c->next)
			return;
		if (write(c->fd, "x", 1) == 1)
			c->sent++;
		c->next = now() + 1;
		return;
	}
	while (c->sent < c->want) {
		ssize_t n = write(c->fd, junk, sizeof(junk));

		if (n <= 0)
			return;
		c->sent += (uint64_t)n;
	}
}

static int open_conn(struct conn *c)
{
	struct sockaddr_in sa, src;
	struct epoll_event ev;
	uint8_t head[64];
	size_t hl;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		failed++;
		return -1;
	}
	if (src_count) {
		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl(src_base + src_next++ % src_count);
		bind(c->fd, (struct sockaddr *)&src, sizeof(src));
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)(c->node ? node_port : slurm_port));
	inet_pton(AF_INET, host, &sa.sin_addr);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
	    errno != EINPROGRESS) {
		close(c->fd);
		c->fd = -1;
		failed++;
		return -1;
	}
	opened++;
	c->sent = 0;
	c->next = 0;
	hl = frame_head(c, head);
	if (hl && write(c->fd, head, hl) > 0)
		c->sent = hl;
	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.ptr = c;
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	return 0;
}

static void parse_src(const char *s)
{
	char base[64];
	const char *dash = strrchr(s, '-');
	const char *dot = strrchr(s, '.');
	struct in_addr a;
	unsigned last;

	snprintf(base, sizeof(base), "%s", s);
	if (dash && dot && dash > dot) {
		base[dash - s] = '\0';
		last = (unsigned)atoi(dash + 1);
	} else {
		last = 0;
	}
	if (inet_pton(AF_INET, base, &a) != 1) {
		fprintf(stderr, "abuse: bad source range '%s'\n", s);
		exit(2);
	}
	src_base = ntohl(a.s_addr);
	src_count = last ? last - (src_base & 0xff) + 1 : 1;
}

int main(int argc, char **argv)
{
	size_t idle = 0, slow = 0, partial = 0;
	double end, secs = 10;
	struct epoll_event evs[256];
	int opt;

	signal(SIGPIPE, SIG_IGN);
	while ((opt = getopt(argc, argv, "H:s:n:b:i:o:p:t:")) != -1) {
		switch (opt) {
		case 'H': host = optarg; break;
		case 's': slurm_port = atoi(optarg); break;
		case 'n': node_port = atoi(optarg); break;
		case 'b': parse_src(optarg); break;
		case 'i': idle = (size_t)atol(optarg); break;
		case 'o': slow = (size_t)atol(optarg); break;
		case 'p': partial = (size_t)atol(optarg); break;
		case 't': secs = atof(optarg); break;
		default:
			fprintf(stderr, "usage: abuse -s SLURM_PORT -n NODE_PORT "
				"[-H HOST] [-b A.B.C.D-E] [-i IDLE] [-o SLOW] "
				"[-p PARTIAL] [-t SECONDS]\n");
			return 2;
		}
	}
	if (!slurm_port || !node_port) {
		fprintf(stderr, "abuse: -s and -n are required\n");
		return 2;
	}
	memset(junk, 'M', sizeof(junk));
	ep = epoll_create1(EPOLL_CLOEXEC);
	nconns = idle + slow + 2 * partial;
	conns = calloc(nconns ? nconns : 1, sizeof(*conns));
	for (size_t i = 0; i < nconns; i++) {
		struct conn *c = &conns[i];

		if (i < idle) {
			c->kind = K_IDLE;
			c->node = (int)(i & 1);
		} else if (i < idle + slow) {
			c->kind = K_SLOW;
			c->node = (int)(i & 1);
		} else {
			c->kind = K_PARTIAL;
			c->node = (int)((i - idle - slow) >= partial);
		}
		open_conn(c);
	}
	end = now() + secs;
	while (now() < end) {
		int n = epoll_wait(ep, evs, 256, 100);

		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			char buf[4096];
			ssize_t r = read(c->fd, buf, sizeof(buf));

			if (r == 0 || (r < 0 && errno != EAGAIN)) {
				closed_by_peer++;
				close(c->fd);
				c->fd = -1;
			}
		}
		for (size_t i = 0; i < nconns; i++) {
			if (conns[i].fd < 0)
				open_conn(&conns[i]);   /* keep the pressure up */
			if (conns[i].fd >= 0)
				push(&conns[i]);
		}
	}
	{
		size_t open_now = 0;

		for (size_t i = 0; i < nconns; i++)
			open_now += conns[i].fd >= 0;
		printf("abuse: connections opened %llu, failed %llu, closed by "
		       "the controller %llu, open at the end %zu of %zu\n",
		       (unsigned long long)opened, (unsigned long long)failed,
		       (unsigned long long)closed_by_peer, open_now, nconns);
	}
	return 0;
}
