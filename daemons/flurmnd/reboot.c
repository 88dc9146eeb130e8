/* reboot.c - scontrol reboot on the node: run slurm.conf's RebootProgram
 * as slurmd does (the whole line through /bin/sh, as the daemon's user,
 * in its own session and the daemon's directory, output discarded). The
 * program is expected to reboot the host, which ends this daemon with
 * it; when the node daemon starts again the controller sees a start time
 * after the reboot was issued and takes the node back. Nothing waits for
 * the program here. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

/* The grandchild runs the program; the child only forks it and exits,
 * so nothing is left to reap. */
static void run_detached(const char *cmd)
{
	nd_child_detach();
	if (fork() != 0)
		_exit(0);
	/* in the daemon's directory, as slurmd's system() */
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

void nd_reboot(struct nd *nd)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(nd->sc, "RebootProgram");
	const char *cmd = kv && kv->value && *kv->value ? kv->value : NULL;
	char *prog;
	pid_t pid;
	int status;

	if (!cmd) {
		log_err("reboot requested: RebootProgram isn't defined in "
			"config");
		return;
	}
	if (nd->reboot_started) {
		log_warn("reboot requested again: RebootProgram was started "
			 "already; ignored");
		return;
	}
	/* as slurmd: the first word must be a program we may run */
	prog = xstrndup(cmd, strcspn(cmd, " \t"));
	if (access(prog, R_OK | X_OK) < 0) {
		log_err("reboot requested: cannot run RebootProgram [%s]: %s",
			prog, strerror(errno));
		free(prog);
		return;
	}
	free(prog);
	log_info("reboot requested by the controller: running RebootProgram "
		 "%s", cmd);
	pid = fork();
	if (pid < 0) {
		log_err("reboot requested: cannot fork: %s", strerror(errno));
		return;
	}
	if (pid == 0)
		run_detached(cmd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	nd->reboot_started = true;
}
