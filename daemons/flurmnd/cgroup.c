/* cgroup.c - one cgroup v2 per job under <mount>/flurm/<node_name>, so
 * several node daemons on one machine keep apart: memory.max and cpu.max
 * from the launch, and a sure way to reach every process of a job, escaped
 * daemons included. Where cgroup v2 is missing, jobs fall back to process
 * groups (supervise.c); cgroup=yes then makes launches fail instead. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

static int write_file(const char *dir, const char *file, const char *text)
{
	char *path = xasprintf("%s/%s", dir, file);
	size_t len = strlen(text);
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set_errno("cannot open %s", path);
		free(path);
		return -1;
	}
	if (write(fd, text, len) != (ssize_t)len) {
		err_set_errno("cannot write '%s' to %s", text, path);
		rc = -1;
	}
	close(fd);
	free(path);
	return rc;
}

static char *read_file(const char *dir, const char *file)
{
	char *path = xasprintf("%s/%s", dir, file);
	FILE *fp = fopen(path, "re");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;

	free(path);
	if (!fp)
		return NULL;
	n = getdelim(&text, &cap, '\0', fp);
	fclose(fp);
	if (n < 0) {
		free(text);
		return xstrdup("");
	}
	return text;
}

static bool has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; p && (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\n'))
			return true;
	return false;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		err_set_errno("cannot create %s", path);
		return -1;
	}
	return 0;
}

/* Hand CTL (memory, cpu) down from the mount to the node's subtree, so
 * that job cgroups get its files. Quietly skipped when it cannot be. */
static bool enable_controller(struct nd *nd, const char *flurm,
			      const char *ctl)
{
	char *avail = read_file(nd->cg_root, "cgroup.controllers");
	char *plus = xasprintf("+%s", ctl);
	bool ok = false;

	if (!avail || !has_word(avail, ctl))
		goto out;
	/* the mount's subtree_control may already carry it */
	write_file(nd->cg_root, "cgroup.subtree_control", plus);
	if (write_file(flurm, "cgroup.subtree_control", plus) < 0 ||
	    write_file(nd->cg_node, "cgroup.subtree_control", plus) < 0) {
		log_debug("cgroup: %s", err_msg());
		goto out;
	}
	ok = true;
out:
	free(avail);
	free(plus);
	return ok;
}

static int probe(struct nd *nd)
{
	char *path = xasprintf("%s/cgroup.controllers", nd->cg_root);
	char *flurm = NULL, *sup = NULL;
	int rc = -1;

	if (nd->uid != 0) {
		err_set("flurmnd does not run as root");
		goto out;
	}
	if (access(path, R_OK) < 0) {
		err_set("cgroup v2 is not mounted at %s", nd->cg_root);
		goto out;
	}
	flurm = xasprintf("%s/flurm", nd->cg_root);
	if (make_dir(flurm) < 0 || make_dir(nd->cg_node) < 0)
		goto out;
	sup = xasprintf("%s/supervisors", nd->cg_node);
	if (make_dir(sup) < 0)
		goto out;
	free(path);
	path = xasprintf("%s/cgroup.procs", sup);
	if (access(path, W_OK) < 0) {
		err_set_errno("cannot write %s", path);
		goto out;
	}
	rc = 0;
out:
	free(path);
	free(flurm);
	free(sup);
	return rc;
}

int cgroup_init(struct nd *nd)
{
	const char *root = getenv("FLURM_CGROUP_ROOT");	/* tests */
	enum conf_cgroup mode = nd->conf->cgroup;
	char *flurm;
	bool mem, cpu;

	nd->cg_root = xstrdup(root && *root ? root : "/sys/fs/cgroup");
	nd->cg_node = xasprintf("%s/flurm/%s", nd->cg_root, nd->node_name);
	if (mode == CONF_CGROUP_NO) {
		nd->cg_why = xstrdup("cgroup = no in flurmnd.conf");
		log_info("cgroups disabled: jobs are tracked by process group");
		return 0;
	}
	if (probe(nd) < 0) {
		nd->cg_why = xstrdup(err_msg());
		if (mode == CONF_CGROUP_YES)
			log_err("cgroup = yes, but cgroup v2 is not usable (%s):"
				" every job launch will fail", nd->cg_why);
		else
			log_info("cgroup v2 not usable (%s): jobs are tracked "
				 "by process group", nd->cg_why);
		return 0;
	}
	flurm = xasprintf("%s/flurm", nd->cg_root);
	mem = enable_controller(nd, flurm, "memory");
	cpu = enable_controller(nd, flurm, "cpu");
	free(flurm);
	nd->cg_ok = true;
	log_info("cgroup v2: jobs run in %s/job_<id> (memory limit: %s, "
		 "cpu limit: %s)", nd->cg_node, mem ? "yes" : "no",
		 cpu ? "yes" : "no");
	return 0;
}

char *cgroup_create(const struct nd *nd, uint32_t job_id, uint64_t mem_mb,
		    uint32_t cpus)
{
	char *path = xasprintf("%s/job_%u", nd->cg_node, job_id);
	char *text, *file;

	if (mkdir(path, 0755) < 0) {
		/* a leftover of an earlier run of this job id */
		if (errno != EEXIST || (rmdir(path) < 0 && errno != ENOENT) ||
		    mkdir(path, 0755) < 0) {
			err_set_errno("cannot create cgroup %s", path);
			free(path);
			return NULL;
		}
	}
	file = xasprintf("%s/memory.max", path);
	if (mem_mb && access(file, F_OK) == 0) {
		text = xasprintf("%llu", (unsigned long long)mem_mb << 20);
		if (write_file(path, "memory.max", text) < 0)
			log_warn("job %u: %s", job_id, err_msg());
		free(text);
	}
	free(file);
	file = xasprintf("%s/cpu.max", path);
	if (cpus && access(file, F_OK) == 0) {
		text = xasprintf("%llu 100000", (unsigned long long)cpus * 100000);
		if (write_file(path, "cpu.max", text) < 0)
			log_warn("job %u: %s", job_id, err_msg());
		free(text);
	}
	free(file);
	return path;
}

int cgroup_enter(const char *path)
{
	return write_file(path, "cgroup.procs", "0");
}

int cgroup_enter_supervisors(const struct nd *nd)
{
	char *sup = xasprintf("%s/supervisors", nd->cg_node);
	int rc = write_file(sup, "cgroup.procs", "0");

	free(sup);
	return rc;
}

long cgroup_pids(const char *path, pid_t **pids)
{
	char *text = read_file(path, "cgroup.procs");
	size_t cap = 0;
	long n = 0;
	char *p, *end;

	*pids = NULL;
	if (!text)
		return -1;
	for (p = text; *p; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		if (v > 0) {
			xgrow((void **)pids, &cap, (size_t)n + 1, sizeof(pid_t));
			(*pids)[n++] = (pid_t)v;
		}
	}
	free(text);
	return n;
}

int cgroup_signal(const char *path, int sig)
{
	pid_t *pids;
	long n;

	if (sig == SIGKILL && write_file(path, "cgroup.kill", "1") == 0)
		return 0;
	n = cgroup_pids(path, &pids);
	if (n < 0) {
		err_set_errno("cannot read %s/cgroup.procs", path);
		return -1;
	}
	for (long i = 0; i < n; i++)
		kill(pids[i], sig);
	free(pids);
	return 0;
}

bool cgroup_empty(const char *path)
{
	pid_t *pids;
	long n = cgroup_pids(path, &pids);

	free(pids);
	return n <= 0;
}

int cgroup_remove(const char *path)
{
	if (rmdir(path) < 0 && errno != ENOENT) {
		err_set_errno("cannot remove cgroup %s", path);
		return -1;
	}
	return 0;
}

/* A job's cgroup cannot go while the processes SIGKILL reached are still
 * dying: a job whose supervisor was lost is forgotten as soon as the
 * controller acknowledges its end, which can come first on a loaded node.
 * So each poll kills what is left in the cgroups of jobs this node no
 * longer has and removes them, leftovers of an earlier run included. */
void cgroup_sweep(struct nd *nd)
{
	DIR *d;
	struct dirent *de;
	unsigned id;
	char c;

	if (!nd->cg_ok || !(d = opendir(nd->cg_node)))
		return;
	while ((de = readdir(d))) {
		char *path;

		if (sscanf(de->d_name, "job_%u%c", &id, &c) != 1 ||
		    jobs_find(nd, id))
			continue;
		path = xasprintf("%s/%s", nd->cg_node, de->d_name);
		if (rmdir(path) < 0 && errno == EBUSY) {
			log_debug("job %u: cgroup still holds processes; "
				  "killing them", id);
			cgroup_signal(path, SIGKILL);
		}
		free(path);
	}
	closedir(d);
}
