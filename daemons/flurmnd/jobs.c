/* jobs.c - the node daemon's job table: launch requests from the
 * controller, watching each job's supervisor (its notify pipe, and a poll
 * of the spool files for jobs a previous flurmnd started), and reporting
 * starts and ends until the controller acknowledges them. Job states move
 * only in job_set_running() and job_ended(). */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

struct nd_job *jobs_find(struct nd *nd, uint32_t id)
{
	for (struct nd_job *j = nd->jobs; j; j = j->next)
		if (j->id == id)
			return j;
	return NULL;
}

struct nd_job *jobs_add(struct nd *nd, uint32_t id)
{
	struct nd_job *j = xcalloc(1, sizeof(*j)), **tail = &nd->jobs;

	j->nd = nd;
	j->id = id;
	j->wake_fd = -1;
	while (*tail)
		tail = &(*tail)->next;
	*tail = j;
	return j;
}

static void job_unwatch(struct nd_job *j)
{
	if (j->wake_ev) {
		event_free(j->wake_ev);
		j->wake_ev = NULL;
	}
	if (j->wake_fd >= 0) {
		close(j->wake_fd);
		j->wake_fd = -1;
	}
}

static void job_free(struct nd_job *j)
{
	job_unwatch(j);
	free(j->cgroup);
	free(j->message);
	free(j);
}

static void job_remove(struct nd *nd, struct nd_job *j)
{
	for (struct nd_job **p = &nd->jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	job_free(j);
}

/* Forget an ended job for good: its record, spool directory, cgroup. */
static void job_forget(struct nd *nd, struct nd_job *j)
{
	if (spool_remove_job(nd, j->id) < 0)
		log_warn("job %u: %s", j->id, err_msg());
	if (j->cgroup)
		cgroup_remove(j->cgroup);
	job_remove(nd, j);
}

void jobs_free_all(struct nd *nd)
{
	while (nd->jobs) {
		struct nd_job *j = nd->jobs;

		nd->jobs = j->next;
		job_free(j);
	}
}

uint32_t jobs_nrunning(const struct nd *nd)
{
	uint32_t n = 0;

	for (const struct nd_job *j = nd->jobs; j; j = j->next)
		if (j->state != ND_JOB_ENDED)
			n++;
	return n;
}

/* ---- reports -------------------------------------------------------- */

static void send_started(struct nd *nd, struct nd_job *j)
{
	struct wire_job_event ev = {
		.job_id = j->id,
		.time = j->start_time,
	};

	if (j->unreported || j->state != ND_JOB_RUNNING)
		return;
	if (conn_send_event(nd, WIRE_JOB_STARTED, &ev) == 0)
		j->started_sent = true;
}

static void send_end(struct nd *nd, struct nd_job *j)
{
	struct wire_job_event ev = {
		.job_id = j->id,
		.status = j->status,
		.time = j->end_time,
		.reason = j->reason,
		.message = j->message,
	};

	if (j->unreported || j->state != ND_JOB_ENDED)
		return;
	conn_send_event(nd, j->failed ? WIRE_JOB_FAILED_LAUNCH :
			WIRE_JOB_ENDED, &ev);
}

void jobs_report(struct nd *nd)
{
	for (struct nd_job *j = nd->jobs; j; j = j->next) {
		if (j->state == ND_JOB_RUNNING && !j->started_sent)
			send_started(nd, j);
		else if (j->state == ND_JOB_ENDED)
			send_end(nd, j);
	}
}

void jobs_fill_register(struct nd *nd, struct wire_register *r)
{
	size_t nrun = 0, nend = 0;

	for (struct nd_job *j = nd->jobs; j; j = j->next) {
		if (j->unreported)
			continue;
		if (j->state == ND_JOB_ENDED)
			nend++;
		else
			nrun++;
	}
	r->running = xcalloc(nrun, sizeof(uint32_t));
	r->ended = xcalloc(nend, sizeof(struct wire_job_event));
	r->nrunning = r->nended = 0;
	for (struct nd_job *j = nd->jobs; j; j = j->next) {
		struct wire_job_event *ev;

		if (j->unreported)
			continue;
		if (j->state != ND_JOB_ENDED) {
			r->running[r->nrunning++] = j->id;
			continue;
		}
		ev = &r->ended[r->nended++];
		ev->job_id = j->id;
		ev->status = j->status;
		ev->time = j->end_time;
		ev->reason = j->reason;
		ev->message = xstrdup(j->message);
	}
}

void jobs_free_register(struct wire_register *r)
{
	for (uint32_t i = 0; i < r->nended; i++)
		free(r->ended[i].message);
	free(r->ended);
	free(r->running);
	r->ended = NULL;
	r->running = NULL;
	r->nended = r->nrunning = 0;
}

/* ---- state transitions ---------------------------------------------- */

static void terminate_message(struct nd *nd, struct nd_job *j,
			      uint32_t reason);

static void job_set_running(struct nd *nd, struct nd_job *j, pid_t script)
{
	j->script_pid = script;
	j->state = ND_JOB_RUNNING;
	log_info("job %u: running (script pid %ld)", j->id, (long)script);
	/* stopped while it was being launched: the line is written now */
	if (j->term_note) {
		terminate_message(nd, j, j->term_note);
		j->term_note = 0;
	}
	send_started(nd, j);
	statefile_save(nd);
}

static void job_ended(struct nd *nd, struct nd_job *j, bool failed,
		      int32_t status, time_t when, uint32_t reason,
		      const char *message)
{
	if (message && !*message)
		message = NULL;
	job_unwatch(j);
	/* a script that ran gets its STARTED before the end */
	if (!failed && j->script_pid && !j->started_sent) {
		j->state = ND_JOB_RUNNING;
		send_started(nd, j);
	}
	j->state = ND_JOB_ENDED;
	j->failed = failed;
	j->status = status;
	j->end_time = when ? when : time(NULL);
	j->reason = reason;
	free(j->message);
	j->message = xstrdup(message);
	if (failed)
		log_warn("job %u: launch failed: %s", j->id,
			 message ? message : "?");
	else
		log_info("job %u: ended, wait status %d%s%s", j->id, status,
			 message ? ": " : "", message ? message : "");
	if (j->unreported) {
		job_forget(nd, j);
		statefile_save(nd);
		return;
	}
	send_end(nd, j);
	statefile_save(nd);
}

/* Read what the supervisor left; lost when it died without a status. */
static void job_check(struct nd *nd, struct nd_job *j)
{
	char *dir, *path;
	struct spool_kv *kv;
	bool alive;

	if (j->state == ND_JOB_ENDED)
		return;
	/* liveness first: a supervisor that exits after writing its
	 * status must not pass for lost */
	alive = supervise_alive(j->sup_pid, j->sup_start);
	dir = spool_job_dir(nd, j->id);
	if (j->state == ND_JOB_LAUNCHING) {
		path = xasprintf("%s/started", dir);
		kv = spool_kv_read(path);
		if (kv)
			job_set_running(nd, j,
					(pid_t)spool_kv_num(kv, "pid", 0));
		spool_kv_free(kv);
		free(path);
	}
	path = xasprintf("%s/status", dir);
	kv = spool_kv_read(path);
	if (kv) {
		const char *ev = spool_kv_get(kv, "event");

		job_ended(nd, j, ev && !strcmp(ev, "failed"),
			  (int32_t)spool_kv_num(kv, "status", 0),
			  (time_t)spool_kv_num(kv, "time", 0),
			  (uint32_t)spool_kv_num(kv, "reason", 0),
			  spool_kv_get(kv, "message"));
	} else if (!alive) {
		char *msg = xasprintf("job lost: its supervisor (pid %ld) "
				      "is gone without leaving a status",
				      (long)j->sup_pid);

		/* a cgroup still names the job's processes for sure (a pid
		 * may be someone else's by now, after a reboot) */
		if (j->cgroup)
			cgroup_signal(j->cgroup, SIGKILL);
		job_ended(nd, j, false, ND_LOST_STATUS, time(NULL),
			  WIRE_FAIL_LOST, msg);
		free(msg);
	}
	spool_kv_free(kv);
	free(path);
	free(dir);
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
	struct nd_job *j = arg;
	struct nd *nd = j->nd;
	char buf[64];
	ssize_t r = read(fd, buf, sizeof(buf));

	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
		job_unwatch(j);		/* the supervisor is gone */
	job_check(nd, j);
}

void jobs_poll(struct nd *nd)
{
	struct nd_job *j = nd->jobs, *next;

	for (; j; j = next) {
		next = j->next;
		job_check(nd, j);
	}
}

/* ---- requests from the controller ---------------------------------- */

/* Why this node will not run the job, or NULL; *reason says whose fault
 * it is. A node problem is the controller's cue to drain the node, so that
 * it does not fail every job it gets (as Slurm drains a node whose
 * slurmstepd cannot set a job up). */
static char *launch_refusal(struct nd *nd, const struct wire_launch *m,
			    uint32_t *reason)
{
	struct passwd *pw;

	*reason = WIRE_FAIL_NODE;
	if (nd->uid != 0 && m->uid != nd->uid)
		return xasprintf("flurmnd on node %s runs as uid %u, not root, "
				 "and cannot run jobs of user %s (uid %u)",
				 nd->node_name, (unsigned)nd->uid,
				 m->user ? m->user : "?", m->uid);
	if (nd->conf->cgroup == CONF_CGROUP_YES && !nd->cg_ok)
		return xasprintf("cgroup = yes, but cgroup v2 is not usable on "
				 "node %s: %s", nd->node_name, nd->cg_why);
	/* Slurm does not drain for an unknown user (ESLURMD_UID_NOT_FOUND)
	 * nor for a script it cannot run: the job fails */
	*reason = WIRE_FAIL_LAUNCH;
	if (!m->script || !*m->script)
		return xstrdup("the batch script is empty");
	if (nd->uid == 0) {
		pw = m->user ? getpwnam(m->user) : NULL;
		if (!pw || pw->pw_uid != m->uid)
			pw = getpwuid(m->uid);
		if (!pw)
			return xasprintf("user %s (uid %u) is unknown on node "
					 "%s", m->user ? m->user : "?", m->uid,
					 nd->node_name);
	}
	return NULL;
}

void jobs_launch(struct nd *nd, const struct wire_launch *m)
{
	struct nd_job *j = jobs_find(nd, m->job_id);
	char *why = NULL, *cg = NULL;
	uint32_t reason = WIRE_FAIL_NODE;

	if (j) {
		/* a controller that failed over may send it again */
		log_info("job %u: launched again; reporting its state", j->id);
		if (j->state == ND_JOB_RUNNING)
			send_started(nd, j);
		else if (j->state == ND_JOB_ENDED)
			send_end(nd, j);
		return;
	}
	/* nothing of an earlier launch of this id may be taken for ours */
	spool_remove_job(nd, m->job_id);
	/* a job the state file cannot hold would be lost to a restart;
	 * saved before the job is in the table, so no half-made entry can
	 * outlive us */
	if (statefile_save(nd) < 0)
		why = xasprintf("cannot start job %u on node %s: %s", m->job_id,
				nd->node_name, err_msg());
	j = jobs_add(nd, m->job_id);
	j->state = ND_JOB_LAUNCHING;
	j->start_time = m->start_time ? m->start_time : time(NULL);
	j->time_limit = m->time_limit;
	j->kill_wait = nd->sc->kill_wait;

	if (!why && !(why = launch_refusal(nd, m, &reason)))
		reason = WIRE_FAIL_NODE;	/* what fails from here on */
	if (!why && nd->cg_ok) {
		cg = cgroup_create(nd, m->job_id, m->mem_mb, m->cpus_on_node);
		if (!cg && nd->conf->cgroup == CONF_CGROUP_YES)
			why = xstrdup(err_msg());
		else if (!cg)
			log_warn("job %u: %s; using its process group",
				 m->job_id, err_msg());
	}
	if (!why && launch_start(nd, j, m, cg) < 0)
		why = xasprintf("cannot start job %u on node %s: %s", m->job_id,
				nd->node_name, err_msg());
	if (why) {
		spool_remove_job(nd, m->job_id);
		if (cg)
			cgroup_remove(cg);
		free(cg);
		job_ended(nd, j, true, ND_FAILED_STATUS, time(NULL), reason,
			  why);
		free(why);
		return;
	}
	j->cgroup = cg;
	fcntl(j->wake_fd, F_SETFL, fcntl(j->wake_fd, F_GETFL) | O_NONBLOCK);
	j->wake_ev = event_new(nd->base, j->wake_fd, EV_READ | EV_PERSIST,
			       on_wake, j);
	event_add(j->wake_ev, NULL);
	log_info("job %u: launching for user %s (uid %u): supervisor pid %ld",
		 j->id, m->user ? m->user : "?", m->uid, (long)j->sup_pid);
	statefile_save(nd);
}

/* What a job signal reaches follows Slurm's slurmd and slurmstepd:
 * by default (scancel -s, sbatch --signal=) the tasks of the job's steps
 * and not the batch shell, which a signal it does not trap would end;
 * with WIRE_SIG_BATCH (-b, B:) the shell alone, which passes it on to
 * its children if it wants to; with WIRE_SIG_FULL (-f) the shell's
 * process group (the shell, the commands it runs, srun, which forwards
 * it to its steps). Without flags (suspend, resume) every process of
 * the job. Steps run on nodes without the batch shell too. */
void jobs_signal(struct nd *nd, const struct wire_signal *s)
{
	struct nd_job *j = jobs_find(nd, s->job_id);
	int sig = (int)s->signal;
	size_t n;

	if (s->signal == 0 || s->signal >= 65) {
		log_warn("job %u: bad signal number %u", s->job_id, s->signal);
		return;
	}
	if (j && j->state != ND_JOB_RUNNING)
		j = NULL;
	if (s->flags & WIRE_SIG_STEPS) {
		n = steps_signal_job(nd, s->job_id, sig);
		log_info("job %u: sent signal %u to %zu step(s)", s->job_id,
			 s->signal, n);
		return;
	}
	if (!j || j->script_pid <= 0) {
		/* suspend and resume reach steps without the shell here */
		if (!(s->flags & (WIRE_SIG_BATCH | WIRE_SIG_FULL)) &&
		    (n = steps_signal_job(nd, s->job_id, sig)))
			log_info("job %u: sent signal %u to %zu step(s)",
				 s->job_id, s->signal, n);
		else
			log_debug("signal %u for job %u, whose batch shell "
				  "does not run here", s->signal, s->job_id);
		return;
	}
	if (s->flags & (WIRE_SIG_BATCH | WIRE_SIG_FULL)) {
		pid_t to = s->flags & WIRE_SIG_FULL ? -j->script_pid
						    : j->script_pid;

		if (kill(to, sig) < 0 && errno != ESRCH)
			log_warn("job %u: cannot signal the batch shell (pid "
				 "%ld): %s", j->id, (long)j->script_pid,
				 strerror(errno));
		else
			log_info("job %u: sent signal %u to the batch shell%s",
				 j->id, s->signal, s->flags & WIRE_SIG_FULL ?
				 "'s process group" : "");
		return;
	}
	if (supervise_signal(j->cgroup, j->script_pid, sig) < 0)
		log_warn("job %u: %s", j->id, err_msg());
	else
		log_info("job %u: sent signal %u", j->id, s->signal);
	/* steps keep their own process groups: without a cgroup they are
	 * not among the shell's */
	if (!j->cgroup)
		steps_signal_job(nd, j->id, sig);
}

/* The line goes through the job's own stderr description (a duplicate
 * of the script's fd 2, taken with pidfd_getfd), so it lands where the
 * job writes, at the same offset, whatever the file's permissions or
 * path, and the job's next write does not overwrite it. */
static void write_job_stderr(struct nd_job *j, const char *what,
			     const char *line)
{
	struct stat sb;
	int pfd, fd;
	ssize_t n;

	pfd = (int)syscall(SYS_pidfd_open, j->script_pid, 0);
	fd = pfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pfd, 2, 0);
	if (fd < 0) {
		log_warn("job %u: cannot reach the job's stderr for a %s "
			 "message: %s", j->id, what, strerror(errno));
		if (pfd >= 0)
			close(pfd);
		return;
	}
	/* a pipe or terminal could block this daemon: files only */
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		log_info("job %u: its stderr is not a file; %s message "
			 "dropped", j->id, what);
		close(fd);
		close(pfd);
		return;
	}
	n = write(fd, line, strlen(line));
	if (n < 0)
		log_warn("job %u: %s message not written: %s", j->id, what,
			 strerror(errno));
	else
		log_info("job %u: %s message written to its stderr", j->id,
			 what);
	close(fd);
	close(pfd);
}

void jobs_notify(struct nd *nd, uint32_t id, const char *msg)
{
	struct nd_job *j = jobs_find(nd, id);
	char *line;

	if (!j || j->state != ND_JOB_RUNNING || j->script_pid <= 0) {
		log_info("notify for job %u, which is not running here", id);
		return;
	}
	line = xasprintf("slurmstepd: error: %s\n", msg ? msg : "");
	write_job_stderr(j, "notify", line);
	free(line);
}

char *nd_cancel_line(const char *what, const char *node, uint32_t reason)
{
	const char *why;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;

	switch (reason) {
	case WIRE_TERM_CANCEL: why = ""; break;
	case WIRE_TERM_TIMEOUT: why = " DUE TO TIME LIMIT"; break;
	case WIRE_TERM_NODEFAIL:
		why = " DUE TO NODE FAILURE, SEE SLURMCTLD LOG FOR DETAILS";
		break;
	case WIRE_TERM_REQUEUE: why = " DUE TO JOB REQUEUE"; break;
	default: return NULL;
	}
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("slurmstepd: error: *** %s ON %s CANCELLED AT %s%s "
			 "***\n", what, node, when, why);
}

/* slurmstepd's line in a batch job's stderr when the job is stopped;
 * one stopped while being launched gets it once it runs. */
static void terminate_message(struct nd *nd, struct nd_job *j,
			      uint32_t reason)
{
	char what[32], *line;

	if (j->state == ND_JOB_LAUNCHING) {
		j->term_note = reason;
		return;
	}
	if (j->state != ND_JOB_RUNNING || j->script_pid <= 0)
		return;
	snprintf(what, sizeof(what), "JOB %u", j->id);
	line = nd_cancel_line(what, nd->node_name, reason);
	if (line)
		write_job_stderr(j, "cancel", line);
	free(line);
}

void jobs_terminate(struct nd *nd, const struct wire_signal *s)
{
	struct nd_job *j = jobs_find(nd, s->job_id);

	/* srun's steps of the job end with it, wherever their tasks run */
	steps_kill_job(nd, s->job_id, s->kill_wait, s->reason);
	/* The controller repeats a terminate until it hears of the job's
	 * end, so any of them may be a repeat: each is safe to take again. */
	if (!j) {
		log_debug("terminate for job %u, which is not here", s->job_id);
		return;
	}
	if (j->state == ND_JOB_ENDED) {
		send_end(nd, j);	/* its end may have been lost */
		return;
	}
	if (!j->terminating) {
		log_info("job %u: terminate (reason %u, KillWait %u s)", j->id,
			 s->reason, s->kill_wait);
		terminate_message(nd, j, s->reason);
	} else
		log_debug("job %u: terminate again; already being stopped",
			  j->id);
	j->terminating = true;
	/* the supervisor keeps its first deadline for SIGKILL (or an
	 * earlier one) */
	if (supervise_terminate(j->sup_pid, j->sup_start, s->kill_wait) < 0) {
		log_warn("job %u: %s", j->id, err_msg());
		job_check(nd, j);
	}
}

void jobs_end_ack(struct nd *nd, uint32_t id)
{
	struct nd_job *j = jobs_find(nd, id);

	if (!j) {
		log_debug("end ack for job %u, which is not here", id);
		return;
	}
	if (j->state != ND_JOB_ENDED) {
		log_warn("job %u: end acknowledged while it runs; ignored", id);
		return;
	}
	log_debug("job %u: end acknowledged", id);
	job_forget(nd, j);
	statefile_save(nd);
}

void jobs_kill_unknown(struct nd *nd, const uint32_t *ids, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct nd_job *j = jobs_find(nd, ids[i]);

		if (!j)
			continue;
		log_warn("job %u: unknown to the controller; killing it", j->id);
		j->unreported = true;
		if (j->state == ND_JOB_ENDED)
			job_forget(nd, j);
		else if (supervise_terminate(j->sup_pid, j->sup_start,
					     nd->sc->kill_wait) < 0)
			job_check(nd, j);
	}
	statefile_save(nd);
}

/* ---- after a restart ------------------------------------------------ */

/* A job directory the state file does not know (flurmnd died between
 * starting the supervisor and saving): adopt it if it ever ran. */
static void adopt_spool_dir(struct nd *nd, uint32_t id)
{
	char *dir = spool_job_dir(nd, id);
	char *sup = xasprintf("%s/supervisor", dir);
	char *status = xasprintf("%s/status", dir);
	struct spool_kv *kv = spool_kv_read(sup);
	struct nd_job *j;
	char *cg;

	if (!kv && access(status, F_OK) < 0) {
		log_info("job %u: removing a spool directory of a job that "
			 "never started", id);
		spool_remove_job(nd, id);
		goto out;
	}
	log_warn("job %u: in the spool but not in the state file; adopting "
		 "it", id);
	j = jobs_add(nd, id);
	j->state = ND_JOB_LAUNCHING;
	j->sup_pid = (pid_t)spool_kv_num(kv, "pid", 0);
	j->sup_start = (unsigned long long)spool_kv_num(kv, "start", 0);
	j->start_time = time(NULL);
	j->kill_wait = nd->sc->kill_wait;
	cg = xasprintf("%s/job_%u", nd->cg_node, id);
	if (nd->cg_ok && access(cg, F_OK) == 0)
		j->cgroup = cg;
	else
		free(cg);
out:
	spool_kv_free(kv);
	free(sup);
	free(status);
	free(dir);
}

int jobs_recover(struct nd *nd)
{
	uint32_t *ids, nrun = 0, nend = 0;
	size_t n;

	if (statefile_load(nd) < 0)
		return -1;
	ids = spool_list_jobs(nd, &n);
	for (size_t i = 0; i < n; i++)
		if (!jobs_find(nd, ids[i]))
			adopt_spool_dir(nd, ids[i]);
	free(ids);
	jobs_poll(nd);
	for (struct nd_job *j = nd->jobs; j; j = j->next) {
		if (j->state == ND_JOB_ENDED)
			nend++;
		else
			nrun++;
	}
	if (nrun || nend)
		log_info("recovered %u running and %u ended jobs", nrun, nend);
	statefile_save(nd);
	return 0;
}
