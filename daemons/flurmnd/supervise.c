/* supervise.c - the per-job supervisor: a process of its own (not flurmnd's
 * child) that runs prolog, script and epilog, enforces the time limit, kills
 * the job's whole tree (cgroup, process group and, as child subreaper,
 * every descendant) and leaves the outcome in spool_dir/job<ID>/status, so
 * nothing depends on flurmnd being alive. SIGUSR1 from flurmnd (sigqueue'd
 * KillWait) or SIGTERM to the supervisor ends the job: TERM, wait, KILL. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

/* ---- /proc ----------------------------------------------------------- */

/* State, parent, process group and start time (clock ticks after boot)
 * of PID; any output may be NULL. */
static int proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp,
		     unsigned long long *start)
{
	char path[64], buf[1024], *p;
	int fd, field;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* the command name may hold anything, even ") " */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	if (state)
		*state = *p;
	for (field = 3; field < 22 && p; field++) {
		if (field == 4 && ppid)
			*ppid = (pid_t)strtol(p, NULL, 10);
		if (field == 5 && pgrp)
			*pgrp = (pid_t)strtol(p, NULL, 10);
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p)
		return -1;
	if (start)
		*start = strtoull(p, NULL, 10);
	return 0;
}

unsigned long long supervise_starttime(pid_t pid)
{
	unsigned long long start = 0;

	if (pid <= 0 || proc_stat(pid, NULL, NULL, NULL, &start) < 0)
		return 0;
	return start;
}

bool supervise_alive(pid_t pid, unsigned long long start)
{
	unsigned long long now_start = 0;
	char state = 0;

	if (pid <= 0 || proc_stat(pid, &state, NULL, NULL, &now_start) < 0)
		return false;
	if (state == 'Z' || state == 'X')
		return false;
	return !start || start == now_start;
}

int supervise_terminate(pid_t sup, unsigned long long start,
			uint32_t kill_wait)
{
	union sigval v = { .sival_int = (int)kill_wait };

	if (!supervise_alive(sup, start)) {
		err_set("the job's supervisor (pid %ld) is gone", (long)sup);
		return -1;
	}
	if (sigqueue(sup, SIGUSR1, v) < 0) {
		err_set_errno("cannot signal supervisor %ld", (long)sup);
		return -1;
	}
	return 0;
}

int supervise_signal(const char *cgroup, pid_t pgid, int sig)
{
	if (cgroup)
		return cgroup_signal(cgroup, sig);
	if (pgid <= 0) {
		err_set("the script is not running");
		return -1;
	}
	if (kill(-pgid, sig) < 0 && errno != ESRCH) {
		err_set_errno("cannot signal process group %ld", (long)pgid);
		return -1;
	}
	return 0;
}

/* Live (not zombie) descendants of ROOT, leaving out those in process
 * group SKIP_PGRP (0: none), which the caller reaches with killpg(). */
static size_t descendants(pid_t root, pid_t skip_pgrp, pid_t **out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct pinfo {
		pid_t pid, ppid, pgrp;
		bool in;
	} *ps = NULL;
	size_t n = 0, cap = 0, nres = 0;
	bool grew = true;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct pinfo pi = { .pid = (pid_t)strtol(de->d_name, NULL, 10) };
		char state = 0;

		if (pi.pid <= 0 || proc_stat(pi.pid, &state, &pi.ppid, &pi.pgrp,
					     NULL) < 0 ||
		    state == 'Z' || state == 'X')
			continue;
		xgrow((void **)&ps, &cap, n + 1, sizeof(*ps));
		ps[n++] = pi;
	}
	closedir(d);
	/* grow the set until no process outside has a parent inside */
	while (grew) {
		grew = false;
		for (size_t i = 0; i < n; i++) {
			if (ps[i].in)
				continue;
			if (ps[i].ppid == root)
				ps[i].in = true;
			for (size_t k = 0; k < n && !ps[i].in; k++)
				if (ps[k].in && ps[k].pid == ps[i].ppid)
					ps[i].in = true;
			grew |= ps[i].in;
		}
	}
	*out = xcalloc(n, sizeof(pid_t));
	for (size_t i = 0; i < n; i++)
		if (ps[i].in && !(skip_pgrp && ps[i].pgrp == skip_pgrp))
			(*out)[nres++] = ps[i].pid;
	free(ps);
	return nres;
}

/* ---- the supervisor ------------------------------------------------- */

struct sup {
	struct nd_spec *s;
	uint32_t id;
	pid_t script;
	bool script_done;
	int script_status;
	bool terminating;
	bool timed_out;
	time_t kill_at;		/* SIGKILL due, 0: none */
	time_t limit_at;	/* time limit (with grace), 0: none */
};

static bool listed(const pid_t *v, long n, pid_t pid)
{
	for (long i = 0; i < n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

/* Everything of the job: its cgroup, else its process group; and every
 * other descendant (we are their subreaper, so daemons that left the
 * session are still ours). With a cgroup those are what the prolog left
 * behind, outside it: tree_empty() waits for them too, so they must go.
 * Nobody gets the signal twice (a script's TERM trap would run twice). */
static void tree_signal(struct sup *sp, int sig)
{
	pid_t *pids, *in = NULL;
	long nin = -1;
	size_t n;

	if (sp->s->cgroup && cgroup_signal(sp->s->cgroup, sig) == 0)
		nin = cgroup_pids(sp->s->cgroup, &in);
	else if (sp->script > 0)
		kill(-sp->script, sig);
	n = descendants(getpid(), nin >= 0 ? 0 : sp->script, &pids);
	for (size_t i = 0; i < n; i++)
		if (!listed(in, nin, pids[i]))
			kill(pids[i], sig);
	free(pids);
	free(in);
}

static bool tree_empty(struct sup *sp)
{
	pid_t *pids;
	size_t n = descendants(getpid(), 0, &pids);

	free(pids);
	return n == 0 && (!sp->s->cgroup || cgroup_empty(sp->s->cgroup));
}

static void reap(struct sup *sp)
{
	int status;
	pid_t p;

	while ((p = waitpid(-1, &status, WNOHANG)) > 0)
		if (p == sp->script && !sp->script_done) {
			sp->script_done = true;
			sp->script_status = status;
		}
}

static void start_terminate(struct sup *sp, uint32_t kill_wait,
			    const char *why)
{
	time_t at = time(NULL) + kill_wait;

	if (sp->terminating) {
		if (at < sp->kill_at)
			sp->kill_at = at;
		return;
	}
	log_info("job %u: %s: SIGTERM, SIGKILL after %u s", sp->id, why,
		 kill_wait);
	sp->terminating = true;
	sp->kill_at = at;
	tree_signal(sp, SIGCONT);
	tree_signal(sp, SIGTERM);
}

static void notify(struct sup *sp, char what)
{
	if (sp->s->wake_fd >= 0 && write(sp->s->wake_fd, &what, 1) < 0) {
		/* flurmnd is gone; its successor polls the files */
		close(sp->s->wake_fd);
		sp->s->wake_fd = -1;
	}
}

/* Kill what is left of the job and wait (a while) for it to go. */
static void clean_up(struct sup *sp)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	time_t give_up = time(NULL) + 10;

	for (;;) {
		reap(sp);
		if (tree_empty(sp))
			break;
		if (time(NULL) >= give_up) {
			log_warn("job %u: processes survive SIGKILL", sp->id);
			break;
		}
		tree_signal(sp, SIGKILL);
		nanosleep(&tick, NULL);
	}
	reap(sp);
	if (sp->s->cgroup) {
		for (int i = 0; i < 50 && cgroup_remove(sp->s->cgroup) < 0; i++)
			nanosleep(&tick, NULL);
		if (cgroup_remove(sp->s->cgroup) < 0)
			log_warn("job %u: %s", sp->id, err_msg());
	}
}

/* Run the epilog; on failure give the reason and message to report. */
static void epilog(struct sup *sp, uint32_t *reason, char **message)
{
	const struct nd *nd = sp->s->nd;
	char **env, *msg = NULL;

	if (!nd->sc->epilog || !*nd->sc->epilog)
		return;
	env = prolog_env(sp->s, "epilog");
	if (prolog_run("epilog", nd->sc->epilog, env, prolog_timeout(nd),
		       &msg) < 0) {
		log_err("job %u: %s", sp->id, msg);
		if (reason) {
			*reason = WIRE_FAIL_EPILOG;
			if (*message) {
				char *both = xasprintf("%s; %s", msg, *message);

				free(*message);
				*message = both;
			} else {
				*message = xstrdup(msg);
			}
		}
	}
	free(msg);
	str_array_free(env);
}

static void finish(struct sup *sp, bool failed, int status, uint32_t reason,
		   const char *message) __attribute__((noreturn));

static void finish(struct sup *sp, bool failed, int status, uint32_t reason,
		   const char *message)
{
	char *path = xasprintf("%s/status", sp->s->job_dir);
	char *text = xasprintf("event=%s\nstatus=%d\nreason=%u\ntime=%lld\n"
			       "message=%s\n", failed ? "failed" : "ended",
			       status, reason, (long long)time(NULL),
			       message ? message : "");

	for (char *p = strstr(text, "message=") + 8; *p && p[1]; p++)
		if (*p == '\n')
			*p = ' ';
	if (spool_write_atomic(path, text) < 0)
		log_err("job %u: %s", sp->id, err_msg());
	notify(sp, 'E');
	_exit(0);
}

static void setup_process(struct sup *sp)
{
	const struct nd *nd = sp->s->nd;
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;
	char name[16];
	int null;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	snprintf(name, sizeof(name), "flurmnd-j%u", sp->id);
	prctl(PR_SET_NAME, name);
	/* flurmnd's handlers are not ours; SIGTERM and SIGINT sent to the
	 * supervisor itself end the job, like a terminate request */
	sigaction(SIGHUP, &ign, NULL);
	sigaction(SIGPIPE, &ign, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	sigaction(SIGINT, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_SETMASK, &set, NULL);

	/* nothing of flurmnd's (its controller socket above all) may stay
	 * open here; the log is opened anew */
	log_set_file(NULL);
	/* whole lines, so they do not interleave with flurmnd's */
	setvbuf(stderr, NULL, _IOLBF, 0);
	null = open("/dev/null", O_RDONLY);
	if (null >= 0 && null != 0) {
		dup2(null, 0);
		close(null);
	}
	nd_close_fds(&sp->s->wake_fd, 1);
	if (nd->conf->log_file && log_set_file(nd->conf->log_file) < 0)
		log_set_file(NULL);
	if (nd->cg_ok && cgroup_enter_supervisors(nd) < 0)
		log_debug("job %u: %s", sp->id, err_msg());
	/* hold no directory of flurmnd's (a relative log path is open) */
	if (chdir("/") < 0)
		log_debug("job %u: cannot chdir to /", sp->id);
}

void supervise_run(struct nd_spec *s)
{
	const struct wire_launch *m = s->m;
	const struct nd *nd = s->nd;
	struct sup sp = { .s = s, .id = m->job_id };
	time_t start = m->start_time ? m->start_time : time(NULL);
	char *path, *text, *msg = NULL;
	uint32_t reason = 0;
	int32_t fstatus;
	sigset_t set;
	siginfo_t info;
	struct timespec zero = { 0, 0 };
	int efd;

	setup_process(&sp);
	path = xasprintf("%s/supervisor", s->job_dir);
	text = xasprintf("pid=%ld\nstart=%llu\n", (long)getpid(),
			 supervise_starttime(getpid()));
	if (spool_write_atomic(path, text) < 0)
		log_warn("job %u: %s", sp.id, err_msg());
	free(path);
	free(text);
	if (m->time_limit && m->time_limit != SLURM_CONF_INFINITE &&
	    m->time_limit != SLURM_CONF_NO_VAL)
		sp.limit_at = start + (time_t)m->time_limit * 60 + ND_TIME_GRACE;

	if (nd->sc->prolog && *nd->sc->prolog) {
		char **env = prolog_env(s, "prolog");
		int rc = prolog_run("prolog", nd->sc->prolog, env,
				    prolog_timeout(nd), &msg);

		str_array_free(env);
		if (rc < 0) {
			log_err("job %u: %s", sp.id, msg);
			clean_up(&sp);
			epilog(&sp, NULL, NULL);
			finish(&sp, true, ND_FAILED_STATUS, WIRE_FAIL_PROLOG,
			       msg);
		}
	}

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigtimedwait(&set, &info, &zero) > 0) {
		log_info("job %u: terminated before its script started", sp.id);
		clean_up(&sp);
		msg = xstrdup("terminated before the script started");
		epilog(&sp, &reason, &msg);
		finish(&sp, false, SIGTERM, reason, msg);
	}

	sp.script = launch_script(s, &efd);
	if (sp.script < 0) {
		msg = xstrdup(err_msg());
		log_err("job %u: %s", sp.id, msg);
		clean_up(&sp);
		epilog(&sp, NULL, NULL);
		finish(&sp, true, ND_FAILED_STATUS, WIRE_FAIL_NODE, msg);
	}
	msg = launch_exec_result(efd, &reason, &fstatus);
	if (*msg) {
		log_err("job %u: %s", sp.id, msg);
		clean_up(&sp);
		epilog(&sp, NULL, NULL);
		finish(&sp, true, fstatus, reason, msg);
	}
	reason = 0;
	free(msg);
	msg = NULL;
	path = xasprintf("%s/started", s->job_dir);
	text = xasprintf("pid=%ld\ntime=%lld\n", (long)sp.script,
			 (long long)time(NULL));
	if (spool_write_atomic(path, text) < 0)
		log_warn("job %u: %s", sp.id, err_msg());
	free(path);
	free(text);
	notify(&sp, 'S');
	log_info("job %u: script running as pid %ld (uid %u)", sp.id,
		 (long)sp.script, m->uid);

	sigaddset(&set, SIGCHLD);
	for (;;) {
		time_t now = time(NULL), next = 0;
		struct timespec wait = { 3600, 0 };
		int sig;

		if (sp.terminating)
			next = sp.kill_at;
		else if (sp.limit_at)
			next = sp.limit_at;
		if (next)
			wait.tv_sec = next > now ? next - now : 0;
		if (sp.terminating && sp.script_done)
			wait = (struct timespec){ 0, 100 * 1000 * 1000 };
		sig = sigtimedwait(&set, &info, &wait);
		if (sig == SIGUSR1 && info.si_code == SI_QUEUE)
			start_terminate(&sp, (uint32_t)info.si_value.sival_int,
					"terminate requested");
		else if (sig == SIGUSR1 || sig == SIGTERM || sig == SIGINT)
			start_terminate(&sp, s->kill_wait, sig == SIGUSR1 ?
					"terminate requested" :
					"supervisor got a stop signal");
		reap(&sp);
		now = time(NULL);
		if (!sp.terminating && !sp.script_done && sp.limit_at &&
		    now >= sp.limit_at) {
			sp.timed_out = true;
			start_terminate(&sp, s->kill_wait, "time limit reached");
		}
		if (sp.terminating && now >= sp.kill_at) {
			tree_signal(&sp, SIGKILL);
			sp.kill_at = now + 1;
		}
		/* after a normal end the leftovers go at once; after a
		 * terminate everyone gets KillWait to finish */
		if (sp.script_done && (!sp.terminating || tree_empty(&sp)))
			break;
	}
	clean_up(&sp);
	if (sp.timed_out)
		msg = xstrdup("time limit reached: terminated by the node");
	log_info("job %u: script ended, wait status %d", sp.id,
		 sp.script_status);
	epilog(&sp, &reason, &msg);
	finish(&sp, false, sp.script_status, reason, msg);
}
