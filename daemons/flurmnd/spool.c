/* spool.c - the per-job spool directory spool_dir/job<ID>: the script, and
 * the small key=value files a supervisor leaves for flurmnd (supervisor,
 * started, status). Files are replaced atomically so a reader never sees
 * half of one; what the files mean is left to supervise.c and jobs.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "nd.h"

struct spool_kv {
	char *text;
	char **keys, **vals;
	size_t n;
};

char *spool_job_dir(const struct nd *nd, uint32_t id)
{
	return xasprintf("%s/job%u", nd->spool_dir, id);
}

static int fsync_dir_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd, rc = 0;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

int spool_write_atomic(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.tmp", path);
	size_t len = strlen(text), off = 0;
	int fd, rc = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		err_set_errno("cannot create %s", tmp);
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err_set_errno("cannot write %s", tmp);
			goto out_close;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0) {
		err_set_errno("cannot sync %s", tmp);
		goto out_close;
	}
	if (close(fd) < 0) {
		fd = -1;
		err_set_errno("cannot write %s", tmp);
		goto out_unlink;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		err_set_errno("cannot rename %s to %s", tmp, path);
		goto out_unlink;
	}
	fsync_dir_of(path);
	rc = 0;
	goto out;
out_close:
	close(fd);
out_unlink:
	unlink(tmp);
out:
	free(tmp);
	return rc;
}

struct spool_kv *spool_kv_read(const char *path)
{
	struct spool_kv *kv;
	size_t cap = 0, len = 0, kcap = 0, vcap = 0;
	char *text = NULL, *line, *save = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0) {
		err_set_errno("cannot open %s", path);
		return NULL;
	}
	for (;;) {
		ssize_t r;

		xgrow((void **)&text, &cap, len + 4097, 1);
		r = read(fd, text + len, 4096);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_set_errno("cannot read %s", path);
			close(fd);
			free(text);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > 1024 * 1024) {
			err_set("%s is too large", path);
			close(fd);
			free(text);
			return NULL;
		}
	}
	close(fd);
	text[len] = '\0';

	kv = xcalloc(1, sizeof(*kv));
	kv->text = text;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (!eq || line[0] == '#')
			continue;
		*eq = '\0';
		xgrow((void **)&kv->keys, &kcap, kv->n + 1, sizeof(char *));
		xgrow((void **)&kv->vals, &vcap, kv->n + 1, sizeof(char *));
		kv->keys[kv->n] = line;
		kv->vals[kv->n] = eq + 1;
		kv->n++;
	}
	return kv;
}

const char *spool_kv_get(const struct spool_kv *kv, const char *key)
{
	for (size_t i = 0; kv && i < kv->n; i++)
		if (!strcmp(kv->keys[i], key))
			return kv->vals[i];
	return NULL;
}

long long spool_kv_num(const struct spool_kv *kv, const char *key,
		       long long dflt)
{
	const char *v = spool_kv_get(kv, key);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end)
		return dflt;
	return n;
}

void spool_kv_free(struct spool_kv *kv)
{
	if (!kv)
		return;
	free(kv->text);
	free(kv->keys);
	free(kv->vals);
	free(kv);
}

int spool_remove_job(const struct nd *nd, uint32_t id)
{
	char *dir = spool_job_dir(nd, id);
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		free(dir);
		return errno == ENOENT ? 0 : -1;
	}
	/* the directory is flat: the script and our small files */
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT)
			rc = -1;
	}
	closedir(d);
	if (rmdir(dir) < 0 && errno != ENOENT) {
		err_set_errno("cannot remove %s", dir);
		rc = -1;
	}
	free(dir);
	return rc;
}

uint32_t *spool_list_jobs(const struct nd *nd, size_t *n)
{
	DIR *d = opendir(nd->spool_dir);
	struct dirent *de;
	uint32_t *ids = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		char *end;
		unsigned long v;

		if (strncmp(de->d_name, "job", 3) || !de->d_name[3])
			continue;
		errno = 0;
		v = strtoul(de->d_name + 3, &end, 10);
		if (errno || *end || v == 0 || v > UINT32_MAX)
			continue;
		xgrow((void **)&ids, &cap, *n + 1, sizeof(*ids));
		ids[(*n)++] = (uint32_t)v;
	}
	closedir(d);
	return ids;
}
