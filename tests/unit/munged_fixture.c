/* munged_fixture.c - start and stop a private munged for unit tests that
 * need real credentials (see munged_fixture.h). */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "munged_fixture.h"

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int can_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	int ok;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

int munged_fixture_start(struct munged_fixture *f)
{
	return munged_fixture_start_key(f, NULL, 0);
}

int munged_fixture_start_key(struct munged_fixture *f, const void *key,
			     size_t key_len)
{
	const char *bin = getenv("FLURM_MUNGED");
	uint8_t random_key[128];
	char *args[5], *keyfile;
	pid_t parent = getpid();
	int fd, status;

	memset(f, 0, sizeof(*f));
	if (!bin)
		bin = "/usr/sbin/munged";
	if (access(bin, X_OK) < 0) {
		fprintf(stderr, "# %s is missing (make deps installs munge)\n",
			bin);
		return -1;
	}
	snprintf(f->dir, sizeof(f->dir), "/tmp/flurm-munged-XXXXXX");
	if (!mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		return -1;
	}
	/* 0755: a test may talk to munged after dropping root */
	chmod(f->dir, 0755);
	keyfile = xasprintf("%s/munge.key", f->dir);
	if (!key) {
		key = random_key;
		key_len = sizeof(random_key);
		if (getrandom(random_key, key_len, 0) != (ssize_t)key_len)
			key_len = 0;
	}
	fd = open(keyfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || key_len == 0 ||
	    write(fd, key, key_len) != (ssize_t)key_len) {
		fprintf(stderr, "# cannot write %s\n", keyfile);
		if (fd >= 0)
			close(fd);
		free(keyfile);
		goto fail;
	}
	close(fd);
	f->sock = xasprintf("%s/munge.sock", f->dir);
	args[0] = xasprintf("--socket=%s", f->sock);
	args[1] = xasprintf("--key-file=%s", keyfile);
	args[2] = xasprintf("--pid-file=%s/munged.pid", f->dir);
	args[3] = xasprintf("--log-file=%s/munged.log", f->dir);
	args[4] = xasprintf("--seed-file=%s/munged.seed", f->dir);
	free(keyfile);

	f->pid = fork();
	if (f->pid == 0) {
		int null = open("/dev/null", O_RDWR);

		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execl(bin, "munged", "--foreground", "--force", args[0],
		      args[1], args[2], args[3], args[4], (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 5; i++)
		free(args[i]);
	if (f->pid < 0)
		goto fail;
	for (int waited = 0; waited < 10000; waited += 20) {
		if (can_connect(f->sock))
			return 0;
		if (waitpid(f->pid, &status, WNOHANG) == f->pid) {
			fprintf(stderr, "# munged exited early\n");
			f->pid = 0;
			goto fail;
		}
		nap_ms(20);
	}
	fprintf(stderr, "# munged did not come up on %s\n", f->sock);
fail:
	munged_fixture_stop(f);
	return -1;
}

void munged_fixture_stop(struct munged_fixture *f)
{
	int status;

	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		for (int i = 0; i < 100; i++) {
			if (waitpid(f->pid, &status, WNOHANG) == f->pid)
				goto reaped;
			nap_ms(20);
		}
		kill(f->pid, SIGKILL);
		waitpid(f->pid, &status, 0);
	}
reaped:
	f->pid = 0;
	if (f->dir[0])
		remove_dir(f->dir);
	f->dir[0] = '\0';
	free(f->sock);
	f->sock = NULL;
}
