/* prolog.c - runs slurm.conf's Prolog and Epilog for a job, as the daemon's
 * user (root on a real node), in their own session with their output
 * discarded, killed after PrologEpilogTimeout. Called from a job's
 * supervisor; what a failure means for the job is decided there. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

uint32_t prolog_timeout(const struct nd *nd)
{
	uint32_t t = nd->sc->prolog_epilog_timeout;

	/* Slurm's unset means no limit; a hung prolog would hold the job
	 * forever, so cap it */
	if (t == 0 || t == SLURM_CONF_INFINITE || t == SLURM_CONF_NO_VAL)
		return ND_SCRIPT_TIMEOUT_CAP;
	return t;
}

static void env_add(char ***env, size_t *n, size_t *cap, const char *fmt,
		    ...) FLURM_PRINTF(4, 5);

static void env_add(char ***env, size_t *n, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	xgrow((void **)env, cap, *n + 2, sizeof(char *));
	(*env)[(*n)++] = s;
	(*env)[*n] = NULL;
}

char **prolog_env(const struct nd_spec *s, const char *what)
{
	const struct wire_launch *m = s->m;
	const struct nd *nd = s->nd;
	char **env = NULL;
	size_t n = 0, cap = 0;

	env_add(&env, &n, &cap, "PATH=/usr/local/sbin:/usr/local/bin:"
		"/usr/sbin:/usr/bin:/sbin:/bin");
	env_add(&env, &n, &cap, "SLURM_SCRIPT_CONTEXT=%s_slurmd", what);
	env_add(&env, &n, &cap, "SLURM_JOB_ID=%u", m->job_id);
	env_add(&env, &n, &cap, "SLURM_JOBID=%u", m->job_id);
	env_add(&env, &n, &cap, "SLURM_JOB_USER=%s", m->user ? m->user : "");
	env_add(&env, &n, &cap, "SLURM_JOB_UID=%u", m->uid);
	env_add(&env, &n, &cap, "SLURM_JOB_GID=%u", m->gid);
	env_add(&env, &n, &cap, "SLURM_JOB_PARTITION=%s",
		m->partition ? m->partition : "");
	env_add(&env, &n, &cap, "SLURM_JOB_NAME=%s", m->name ? m->name : "");
	env_add(&env, &n, &cap, "SLURMD_NODENAME=%s", nd->node_name);
	if (m->nodelist)
		env_add(&env, &n, &cap, "SLURM_JOB_NODELIST=%s", m->nodelist);
	if (m->account && *m->account)
		env_add(&env, &n, &cap, "SLURM_JOB_ACCOUNT=%s", m->account);
	if (nd->cluster)
		env_add(&env, &n, &cap, "SLURM_CLUSTER_NAME=%s", nd->cluster);
	if (nd->sc->path)
		env_add(&env, &n, &cap, "SLURM_CONF=%s", nd->sc->path);
	return env;
}

static void child(const char *path, char **env)
{
	char *argv[] = { (char *)path, NULL };

	nd_child_detach();
	if (chdir("/") < 0)
		_exit(126);
	execve(path, argv, env);
	_exit(127);
}

int prolog_run(const char *what, const char *path, char **env,
	       uint32_t timeout, char **msg)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 }, now;
	long long deadline;	/* ms */
	int status = 0;
	pid_t pid, r;

	*msg = NULL;
	if (access(path, X_OK) < 0) {
		*msg = xasprintf("%s failed: cannot run %s: %s", what, path,
				 strerror(errno));
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline = now.tv_sec * 1000LL + now.tv_nsec / 1000000 +
		   timeout * 1000LL;
	pid = fork();
	if (pid < 0) {
		*msg = xasprintf("%s failed: cannot fork: %s", what,
				 strerror(errno));
		return -1;
	}
	if (pid == 0)
		child(path, env);
	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			*msg = xasprintf("%s failed: %s", what, strerror(errno));
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec * 1000LL + now.tv_nsec / 1000000 >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			*msg = xasprintf("%s failed: timed out after %u s",
					 what, timeout);
			return -1;
		}
		nanosleep(&tick, NULL);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		*msg = xasprintf("%s failed: exit status %d", what,
				 WEXITSTATUS(status));
	else
		*msg = xasprintf("%s failed: killed by signal %d", what,
				 WTERMSIG(status));
	return -1;
}
