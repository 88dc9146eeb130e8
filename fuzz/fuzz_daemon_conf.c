/* fuzz_daemon_conf.c - the daemons' own config files (libconfuse):
 * the first input byte picks flurmctld.conf, flurmnd.conf or
 * flurmbd.conf, the rest is written to a scratch file and loaded the way
 * a daemon's -f does, then printed (as -n -v does) and freed. */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <unistd.h>

#include "conf/daemon_conf.h"

#include "fuzz/fuzz.h"

static char path[PATH_MAX];
static FILE *devnull;

static void remove_scratch(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	fuzz_quiet();
	snprintf(path, sizeof(path), "%s/flurm-fuzz-daemon.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	atexit(remove_scratch);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp;

	if (size < 1)
		return 0;
	fp = fopen(path, "w");
	if (!fp)
		abort();
	if (size > 1 && fwrite(data + 1, 1, size - 1, fp) != size - 1)
		abort();
	if (fclose(fp) != 0)
		abort();
	switch (data[0] % 3) {
	case 0: {
		struct flurmctld_conf *c = flurmctld_conf_load(path);

		if (c) {
			flurmctld_conf_print(c, devnull);
			flurmctld_conf_free(c);
		}
		break;
	}
	case 1: {
		struct flurmnd_conf *c = flurmnd_conf_load(path);

		if (c) {
			flurmnd_conf_print(c, devnull);
			flurmnd_conf_free(c);
		}
		break;
	}
	default: {
		struct flurmbd_conf *c = flurmbd_conf_load(path);

		if (c) {
			flurmbd_conf_print(c, devnull);
			flurmbd_conf_free(c);
		}
		break;
	}
	}
	return 0;
}
