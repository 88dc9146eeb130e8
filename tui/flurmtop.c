/* flurmtop.c - the FLURM live monitor: command line and the connection to
 * flurmctld's admin socket. The screen itself (one view per file, a key
 * table) comes with the admin protocol; until then flurmtop says so. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/version.h"

#define DEFAULT_SOCKET "/run/flurm/flurmctld.sock"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: flurmtop [-s SOCKET] [-d SECONDS]\n"
		"The FLURM live monitor: jobs, nodes and controllers, refreshed in place.\n"
		"\n"
		"Options:\n"
		"  -d, --delay=SECONDS  time between refreshes, 0.1 to 3600 (default 1)\n"
		"  -s, --socket=PATH    flurmctld's admin socket (default %s)\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           print this help and exit\n"
		"\n"
		"See flurmtop(1).\n",
		DEFAULT_SOCKET);
}

static int bad_usage(const char *fmt, const char *what)
{
	fputs("flurmtop: ", stderr);
	fprintf(stderr, fmt, what);
	fputs("\n\n", stderr);
	usage(stderr);
	return 2;
}

/* A connected stream socket to PATH, or -1 with errno set. */
static int connect_admin(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "socket", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *socket_path = DEFAULT_SOCKET;
	double delay = 1.0;
	char shortopt[3] = "-?", *end;
	int c, fd;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:d:s:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			errno = 0;
			delay = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(delay >= 0.1 && delay <= 3600))
				return bad_usage("delay must be 0.1 to 3600 seconds, "
						 "got '%s'", optarg);
			break;
		case 's':
			socket_path = optarg;
			break;
		case 'V':
			printf("flurmtop %s\n", FLURM_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			return bad_usage("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt) {
				shortopt[1] = (char)optopt;
				return bad_usage("unknown option '%s'", shortopt);
			}
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);

	fd = connect_admin(socket_path);
	if (fd < 0) {
		fprintf(stderr, "flurmtop: cannot connect to flurmctld's admin "
			"socket %s: %s\n"
			"flurmtop: is flurmctld running on this host? -s names "
			"another socket\n", socket_path, strerror(errno));
		return 1;
	}
	close(fd);
	fprintf(stderr, "flurmtop: connected to %s, but this flurmtop cannot "
		"show anything yet: the monitor is not implemented\n", socket_path);
	return 1;
}
