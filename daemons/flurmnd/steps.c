/* steps.c - the job steps srun runs on this node: start a step daemon
 * for a verified launch, read what it reports (its tasks' process group
 * and pids, then the step's end), signal and terminate the tasks, and
 * tell the controller when a step has ended here (STEP_ENDED, repeated
 * after every registration until STEP_END_ACK). The tasks themselves,
 * their I/O and srun's messages are stepd.c's. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"
#include "slurm/errnos.h"
#include "slurm/msg_cred.h"
#include "slurm/msg_launch.h"

/* How long an acknowledged step is remembered: past this its credential
 * has expired, so a replayed launch fails verification anyway. */
#define STEP_FORGET_AFTER (CRED_EXPIRE_DEFAULT + 60)

struct nd_step *steps_find(struct nd *nd, uint32_t job_id, uint32_t step_id)
{
	for (struct nd_step *s = nd->steps; s; s = s->next)
		if (s->job_id == job_id && s->step_id == step_id)
			return s;
	return NULL;
}

static void step_free(struct nd_step *s)
{
	if (s->ev)
		event_free(s->ev);
	if (s->kill_ev)
		event_free(s->kill_ev);
	if (s->end_ev)
		event_free(s->end_ev);
	if (s->fd >= 0)
		close(s->fd);
	free(s->pids);
	free(s->message);
	free(s);
}

static void send_end(struct nd *nd, struct nd_step *s)
{
	struct wire_step_event ev = {
		.job_id = s->job_id, .step_id = s->step_id,
		.status = s->status, .time = s->end_time,
		.message = s->message,
	};

	if (conn_send_step_event(nd, &ev) == 0)
		log_debug("step %u.%u: end reported", s->job_id, s->step_id);
}

/* Tests only: FLURM_TEST_STEP_END_DELAY_MS=N holds a step's first
 * STEP_ENDED back N ms, so that tests can see srun, which hears of its
 * tasks' exits from the step daemons, end its job before the controller
 * hears of the step's end. The timer is the step's: freed with it. */
static void end_later_cb(evutil_socket_t fd, short what, void *arg)
{
	struct nd_step *s = arg;

	if (s->state == ND_STEP_ENDED)
		send_end(s->nd, s);
}

static bool end_delayed(struct nd *nd, struct nd_step *s)
{
	const char *v = getenv("FLURM_TEST_STEP_END_DELAY_MS");
	long ms = v ? strtol(v, NULL, 10) : 0;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (ms <= 0)
		return false;
	if (!s->end_ev)
		s->end_ev = evtimer_new(nd->base, end_later_cb, s);
	if (!s->end_ev || evtimer_add(s->end_ev, &tv) < 0)
		return false;
	log_info("step %u.%u: end reported in %ld ms "
		 "(FLURM_TEST_STEP_END_DELAY_MS)", s->job_id, s->step_id, ms);
	return true;
}

static void step_ended(struct nd *nd, struct nd_step *s, int32_t status,
		       const char *msg)
{
	if (s->state != ND_STEP_RUNNING)
		return;
	s->state = ND_STEP_ENDED;
	s->status = status;
	s->end_time = time(NULL);
	free(s->message);
	s->message = msg && *msg ? xstrdup(msg) : NULL;
	if (s->kill_ev)
		evtimer_del(s->kill_ev);
	if (s->fd >= 0) {
		event_del(s->ev);
		close(s->fd);
		s->fd = -1;
	}
	log_info("step %u.%u: ended on this node (status %d)%s%s", s->job_id,
		 s->step_id, (int)status, msg && *msg ? ": " : "",
		 msg ? msg : "");
	if (!end_delayed(nd, s))
		send_end(nd, s);
}

static void deliver(struct nd_step *s, int sig)
{
	if (s->pgid <= 0) {
		/* the step daemon has not named its tasks yet */
		s->pending_sig = sig;
		return;
	}
	if (killpg(s->pgid, sig) < 0 && errno != ESRCH)
		log_warn("step %u.%u: cannot send signal %d: %s", s->job_id,
			 s->step_id, sig, strerror(errno));
}

static void on_kill_wait(evutil_socket_t fd, short what, void *arg)
{
	struct nd_step *s = arg;

	if (s->state == ND_STEP_RUNNING)
		deliver(s, SIGKILL);
}

int steps_signal(struct nd *nd, uint32_t job_id, uint32_t step_id, int sig,
		 uint32_t kill_wait)
{
	struct nd_step *s = steps_find(nd, job_id, step_id);
	struct timeval tv = { kill_wait, 0 };

	if (!s || s->state != ND_STEP_RUNNING) {
		err_set("step %u.%u does not run on this node", job_id,
			step_id);
		return -1;
	}
	if (sig != SIGKILL) {
		deliver(s, sig);
		return 0;
	}
	if (s->terminating)
		return 0;       /* a repeat: the first one is under way */
	s->terminating = true;
	if (!kill_wait) {
		deliver(s, SIGKILL);
		return 0;
	}
	log_info("step %u.%u: terminating (SIGKILL in %u s)", job_id, step_id,
		 kill_wait);
	deliver(s, SIGCONT);
	deliver(s, SIGTERM);
	if (!s->kill_ev)
		s->kill_ev = evtimer_new(nd->base, on_kill_wait, s);
	evtimer_add(s->kill_ev, &tv);
	return 0;
}

size_t steps_signal_job(struct nd *nd, uint32_t job_id, int sig)
{
	size_t n = 0;

	for (struct nd_step *s = nd->steps; s; s = s->next)
		if (s->job_id == job_id && s->state == ND_STEP_RUNNING) {
			deliver(s, sig);
			n++;
		}
	return n;
}

static void say_stop(struct nd_step *s, uint32_t reason)
{
	union sigval v = { .sival_int = (int)reason };

	if (s->stop_said || s->state != ND_STEP_RUNNING || s->pid <= 0 ||
	    s->terminating)
		return;
	s->stop_said = true;
	if (sigqueue(s->pid, SIGUSR2, v) < 0)
		log_debug("step %u.%u: cannot tell the step daemon: %s",
			  s->job_id, s->step_id, strerror(errno));
}

void steps_say_stop(struct nd *nd, uint32_t job_id, uint32_t step_id,
		    uint32_t reason)
{
	struct nd_step *s = steps_find(nd, job_id, step_id);
	struct nd_job *j = jobs_find(nd, job_id);

	if (!s || reason == WIRE_TERM_QUIET)
		return;
	if (reason) {
		say_stop(s, reason);
		return;
	}
	/* an older controller: without the batch job here the node cannot
	 * tell a time limit from a cancel, so no line rather than a wrong
	 * one */
	reason = WIRE_TERM_CANCEL;
	if (!j)
		return;
	if (j->time_limit && j->time_limit != SLURM_CONF_INFINITE &&
	    j->time_limit != SLURM_CONF_NO_VAL && j->start_time &&
	    time(NULL) >= j->start_time + (time_t)j->time_limit * 60)
		reason = WIRE_TERM_TIMEOUT;
	say_stop(s, reason);
}

void steps_kill_job(struct nd *nd, uint32_t job_id, uint32_t kill_wait,
		    uint32_t reason)
{
	/* the step daemon writes slurmstepd's CANCELLED AT line to srun
	 * first */
	for (struct nd_step *s = nd->steps; s; s = s->next)
		if (s->job_id == job_id)
			say_stop(s, reason);
	for (struct nd_step *s = nd->steps; s; s = s->next)
		if (s->job_id == job_id && s->state == ND_STEP_RUNNING)
			steps_signal(nd, job_id, s->step_id, SIGKILL,
				     kill_wait);
}

/* One line from the step daemon: "pids PGID PID..." or "end STATUS MSG". */
static void report_line(struct nd *nd, struct nd_step *s, char *line)
{
	char *p, *end;

	if (!strncmp(line, "pids ", 5)) {
		long v = strtol(line + 5, &end, 10);

		if (end == line + 5 || v <= 0)
			return;
		s->pgid = (pid_t)v;
		for (p = end; *p; ) {
			v = strtol(p, &end, 10);
			if (end == p || v <= 0)
				break;
			s->pids = xrealloc(s->pids,
					   (s->npids + 1) * sizeof(*s->pids));
			s->pids[s->npids++] = (pid_t)v;
			p = end;
		}
		if (s->pending_sig) {
			int sig = s->pending_sig;

			s->pending_sig = 0;
			if (s->terminating && sig == SIGKILL && s->kill_ev &&
			    evtimer_pending(s->kill_ev, NULL)) {
				deliver(s, SIGCONT);
				deliver(s, SIGTERM);
			} else {
				deliver(s, sig);
			}
		}
		return;
	}
	if (!strncmp(line, "end ", 4)) {
		long v = strtol(line + 4, &end, 10);

		while (*end == ' ')
			end++;
		step_ended(nd, s, (int32_t)v, end);
	}
}

static void reap(struct nd_step *s)
{
	int status;

	if (s->pid > 0 && waitpid(s->pid, &status, WNOHANG) == s->pid)
		s->pid = 0;
}

static void on_report(evutil_socket_t fd, short what, void *arg)
{
	struct nd_step *s = arg;
	struct nd *nd = s->nd;
	ssize_t r;
	char *nl;

	r = read(fd, s->rbuf + s->rlen, sizeof(s->rbuf) - 1 - s->rlen);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r > 0) {
		s->rlen += (size_t)r;
		s->rbuf[s->rlen] = '\0';
		while ((nl = strchr(s->rbuf, '\n'))) {
			*nl = '\0';
			report_line(nd, s, s->rbuf);
			if (s->state != ND_STEP_RUNNING)
				return;     /* the pipe is closed */
			s->rlen -= (size_t)(nl + 1 - s->rbuf);
			memmove(s->rbuf, nl + 1, s->rlen + 1);
		}
		if (s->rlen >= sizeof(s->rbuf) - 1)
			s->rlen = 0;   /* a line this long is not ours */
		return;
	}
	/* EOF without an end: the step daemon died */
	reap(s);
	step_ended(nd, s, ND_LOST_STATUS,
		   "the step daemon ended without a report");
}

int steps_launch(struct nd *nd, const struct slurm_launch_tasks *m,
		 const struct slurm_addr *peer, uint32_t nodeid)
{
	struct nd_step *s = steps_find(nd, m->job_id, m->step_id);
	struct nd_job *job = jobs_find(nd, m->job_id);
	struct stepd_args a;
	char host[64];
	int pfd[2];
	pid_t pid;
	sigset_t usr2, old_mask;

	if (s) {
		err_set("step %u.%u was already launched here", m->job_id,
			m->step_id);
		return ESLURMD_CREDENTIAL_REPLAYED;
	}
	if (nd->uid != 0 && m->uid != nd->uid) {
		err_set("this node daemon runs as uid %u and cannot start "
			"tasks as uid %u", (unsigned)nd->uid, m->uid);
		return ESLURMD_UID_NOT_FOUND;
	}
	snprintf(host, sizeof(host), "%u.%u.%u.%u", peer->addr[0],
		 peer->addr[1], peer->addr[2], peer->addr[3]);
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		err_set_errno("cannot make a pipe");
		return ESLURMD_FORK_FAILED;
	}
	memset(&a, 0, sizeof(a));
	a.nd = nd;
	a.m = m;
	a.nodeid = nodeid;
	a.srun_host = host;
	a.cgroup = job && job->state != ND_JOB_ENDED ? job->cgroup : NULL;
	a.report_fd = pfd[1];
	/* the step daemon takes SIGUSR2 (a job's stop) through its
	 * signalfd: blocked from its first instant */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, &old_mask);
	pid = fork();
	if (pid < 0) {
		err_set_errno("cannot fork the step daemon");
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		close(pfd[0]);
		close(pfd[1]);
		return ESLURMD_FORK_FAILED;
	}
	if (pid == 0) {
		close(pfd[0]);
		stepd_run(&a);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	close(pfd[1]);
	s = xcalloc(1, sizeof(*s));
	s->nd = nd;
	s->job_id = m->job_id;
	s->step_id = m->step_id;
	s->uid = m->uid;
	s->pid = pid;
	s->fd = pfd[0];
	s->state = ND_STEP_RUNNING;
	evutil_make_socket_nonblocking(s->fd);
	s->ev = event_new(nd->base, s->fd, EV_READ | EV_PERSIST, on_report, s);
	event_add(s->ev, NULL);
	s->next = nd->steps;
	nd->steps = s;
	log_info("step %u.%u: launching %u task(s) of uid %u for srun at %s "
		 "(step daemon pid %ld)", m->job_id, m->step_id,
		 m->tasks_to_launch[nodeid], m->uid, host, (long)pid);
	return 0;
}

void steps_end_ack(struct nd *nd, uint32_t job_id, uint32_t step_id)
{
	struct nd_step *s = steps_find(nd, job_id, step_id);

	if (!s || s->state != ND_STEP_ENDED)
		return;
	s->state = ND_STEP_DONE;
	s->forget_at = time(NULL) + STEP_FORGET_AFTER;
	log_debug("step %u.%u: end acknowledged", job_id, step_id);
}

void steps_report(struct nd *nd)
{
	for (struct nd_step *s = nd->steps; s; s = s->next)
		if (s->state == ND_STEP_ENDED)
			send_end(nd, s);
}

void steps_poll(struct nd *nd)
{
	time_t now = time(NULL);
	struct nd_step **pp = &nd->steps;

	while (*pp) {
		struct nd_step *s = *pp;

		reap(s);
		if (s->state == ND_STEP_DONE && s->pid == 0 &&
		    now >= s->forget_at) {
			*pp = s->next;
			step_free(s);
			continue;
		}
		pp = &s->next;
	}
}

uint32_t steps_job_of_pid(struct nd *nd, pid_t pid)
{
	struct nd_job *j;

	for (struct nd_step *s = nd->steps; s; s = s->next) {
		if (s->state != ND_STEP_RUNNING)
			continue;
		if (pid == s->pid || (s->pgid > 0 && getpgid(pid) == s->pgid))
			return s->job_id;
		for (uint32_t i = 0; i < s->npids; i++)
			if (s->pids[i] == pid)
				return s->job_id;
	}
	/* a batch script's processes: its process group */
	for (j = nd->jobs; j; j = j->next)
		if (j->state == ND_JOB_RUNNING && j->script_pid > 0 &&
		    (pid == j->script_pid || getpgid(pid) == j->script_pid ||
		     getsid(pid) == j->script_pid))
			return j->id;
	return 0;
}

void steps_free_all(struct nd *nd)
{
	while (nd->steps) {
		struct nd_step *s = nd->steps;

		nd->steps = s->next;
		step_free(s);
	}
}
