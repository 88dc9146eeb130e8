/* mail.c - sbatch --mail-type: slurm.conf's MailProg run as slurmctld
 * runs it, `MailProg -s "SUBJECT" USER` with the job's variables in its
 * environment, for a job's start, end, failure, requeue, the 50, 80,
 * 90 and 100% marks of its time limit, and a dependency found never to
 * be satisfiable.
 *
 * Only the leader sends, and only for changes it applies after it took
 * the lead: a log replayed at start, or entries a new leader applies that
 * the old one had already committed, send nothing. So a mail may be lost
 * when the leader dies between a change and its mail (as with slurmctld,
 * whose queue of mails dies with it), never sent twice by two
 * controllers. The time-limit marks are judged between two ticks: a mark
 * passed while no controller led is not mailed. A dependency found
 * invalid is mailed as the scheduler's cycle first finds it so; one
 * that was so already when this controller took the lead is not.
 *
 * At most MAIL_RUNNING programs run at once, each in a process group of
 * its own, killed after MAIL_TIMEOUT seconds as slurmctld's 120; up to
 * MAIL_QUEUED more wait, beyond that a mail is dropped with a warning. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/log.h"
#include "core/timestr.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "slurm/slurm_defs.h"

#define MAIL_RUNNING  8
#define MAIL_QUEUED   1000
#define MAIL_TIMEOUT  120

/* Slurm's mail_type bits FLURM's header does not name */
#define MAIL_ARRAY_TASKS_BIT    (1u << 9)
#define MAIL_INVALID_DEPEND_BIT (1u << 10)

struct mail_item {
	uint32_t job_id;
	char *user;
	char *subject;
	char **env;                /* NULL-terminated, owned */
	struct mail_item *next;
};

struct mail_child {
	pid_t pid;                 /* 0 = free slot */
	uint32_t job_id;
	time_t started;
};

struct mailer {
	struct mail_item *head, *tail;
	uint32_t queued;
	struct mail_child run[MAIL_RUNNING];
	struct event *sigchld;
	time_t time_checked;       /* the time-limit marks judged up to here */
	/* the jobs whose dependency can never be satisfied, as the last
	 * cycle (or the model when the lead was taken) found them:
	 * ascending ids */
	uint32_t *dep_never, ndep_never;
};

static void item_free(struct mail_item *m)
{
	if (!m)
		return;
	for (char **e = m->env; e && *e; e++)
		free(*e);
	free(m->env);
	free(m->user);
	free(m->subject);
	free(m);
}

/* ---- children ------------------------------------------------------- */

static void start_queued(struct ctld *c);

static void reap(struct ctld *c)
{
	struct mailer *ml = c->mail;

	for (int i = 0; i < MAIL_RUNNING; i++) {
		int status;
		pid_t r;

		if (!ml->run[i].pid)
			continue;
		r = waitpid(ml->run[i].pid, &status, WNOHANG);
		if (r == 0 || (r < 0 && errno == EINTR))
			continue;
		if (r > 0 && WIFEXITED(status) && WEXITSTATUS(status))
			log_err("job %u: MailProg exited with status %d",
				ml->run[i].job_id, WEXITSTATUS(status));
		else if (r > 0 && WIFSIGNALED(status))
			log_err("job %u: MailProg killed by signal %d",
				ml->run[i].job_id, WTERMSIG(status));
		ml->run[i].pid = 0;
	}
	start_queued(c);
}

static void on_sigchld(evutil_socket_t fd, short what, void *arg)
{
	reap(arg);
}

static void spawn(struct ctld *c, struct mail_child *slot,
		  struct mail_item *m)
{
	const struct slurm_conf_kv *kv = slurm_conf_find_unknown(c->sc, "MailProg");
	const char *prog = kv && kv->value && *kv->value ? kv->value : "/bin/mail";
	char *argv[] = { (char *)prog, "-s", m->subject, m->user, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
				 POSIX_SPAWN_SETSIGMASK);
	rc = posix_spawn(&pid, prog, &fa, &at, argv, m->env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		log_err("job %u: MailProg %s: %s", m->job_id, prog, strerror(rc));
		return;
	}
	log_debug("job %u: mail to %s: %s", m->job_id, m->user, m->subject);
	slot->pid = pid;
	slot->job_id = m->job_id;
	slot->started = time(NULL);
}

static void start_queued(struct ctld *c)
{
	struct mailer *ml = c->mail;

	for (int i = 0; i < MAIL_RUNNING && ml->head; i++) {
		struct mail_item *m;

		if (ml->run[i].pid)
			continue;
		m = ml->head;
		ml->head = m->next;
		if (!ml->head)
			ml->tail = NULL;
		ml->queued--;
		spawn(c, &ml->run[i], m);
		item_free(m);
	}
}

static void enqueue(struct ctld *c, struct mail_item *m)
{
	struct mailer *ml = c->mail;

	if (ml->queued >= MAIL_QUEUED) {
		log_warn("job %u: %u mails wait for MailProg already; this "
			 "one (%s) is dropped", m->job_id, ml->queued,
			 m->subject);
		item_free(m);
		return;
	}
	if (ml->tail)
		ml->tail->next = m;
	else
		ml->head = m;
	ml->tail = m;
	ml->queued++;
	start_queued(c);
}

/* ---- what a mail says ----------------------------------------------- */

static const char *type_word(uint32_t type)
{
	switch (type) {
	case MAIL_JOB_BEGIN:   return "Began";
	case MAIL_JOB_END:     return "Ended";
	case MAIL_JOB_FAIL:    return "Failed";
	case MAIL_JOB_REQUEUE: return "Requeued";
	case MAIL_JOB_TIME100: return "Reached time limit";
	case MAIL_JOB_TIME90:  return "Reached 90% of time limit";
	case MAIL_JOB_TIME80:  return "Reached 80% of time limit";
	case MAIL_JOB_TIME50:  return "Reached 50% of time limit";
	case MAIL_INVALID_DEPEND_BIT: return "Invalid dependency";
	default:               return "unknown";
	}
}

static void env_add(char ***env, uint32_t *n, const char *name,
		    const char *fmt, ...) FLURM_PRINTF(4, 5);

static void env_add(char ***env, uint32_t *n, const char *name,
		    const char *fmt, ...)
{
	char *val = NULL, *kv = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&val, fmt, ap) < 0)
		val = NULL;
	va_end(ap);
	xstrfmtcat(&kv, "%s=%s", name, val ? val : "");
	free(val);
	*env = xrealloc(*env, (*n + 2) * sizeof(**env));
	(*env)[(*n)++] = kv;
	(*env)[*n] = NULL;
}

/* slurmctld's job_common_env_vars(), for the fields FLURM keeps */
static char **job_env(struct ctld *c, const struct job *j, bool ended,
		      bool record, uint32_t *n)
{
	char **env = xcalloc(1, sizeof(*env));
	char *grp = groups_group_name(j->gid);

	*n = 0;
	env_add(&env, n, "SLURM_JOB_ACCOUNT", "%s", j->account ? j->account : "(null)");
	if (ended) {
		int st = j->exit_status;
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
		int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;

		env_add(&env, n, "SLURM_JOB_DERIVED_EC", "%u", 0u);
		env_add(&env, n, "SLURM_JOB_EXIT_CODE2", "%d:%d", code, sig);
		env_add(&env, n, "SLURM_JOB_EXIT_CODE", "%u", (unsigned)st);
	}
	/* slurmctld's record of an array's several waiting tasks is no
	 * task (RECORD) */
	if (j->array_job_id && !record) {
		env_add(&env, n, "SLURM_ARRAY_JOB_ID", "%u", j->array_job_id);
		env_add(&env, n, "SLURM_ARRAY_TASK_ID", "%u", j->array_task_id);
		env_add(&env, n, "SLURM_ARRAY_TASK_COUNT", "%u", j->array_count);
		env_add(&env, n, "SLURM_ARRAY_TASK_MAX", "%u", j->array_max);
		env_add(&env, n, "SLURM_ARRAY_TASK_MIN", "%u", j->array_min);
		env_add(&env, n, "SLURM_ARRAY_TASK_STEP", "%u",
			j->array_step ? j->array_step : 1);
	}
	if (c->sc->cluster_name)
		env_add(&env, n, "SLURM_CLUSTER_NAME", "%s", c->sc->cluster_name);
	if (j->comment)
		env_add(&env, n, "SLURM_JOB_COMMENT", "%s", j->comment);
	env_add(&env, n, "SLURM_JOB_GID", "%u", j->gid);
	env_add(&env, n, "SLURM_JOB_GROUP", "%s", grp ? grp : "(null)");
	env_add(&env, n, "SLURM_JOBID", "%u", state_job_shown_id(j));
	env_add(&env, n, "SLURM_JOB_ID", "%u", state_job_shown_id(j));
	if (j->licenses)
		env_add(&env, n, "SLURM_JOB_LICENSES", "%s", j->licenses);
	env_add(&env, n, "SLURM_JOB_NAME", "%s", j->name ? j->name : "");
	env_add(&env, n, "SLURM_JOB_NODELIST", "%s", j->nodes ? j->nodes : "(null)");
	if (j->node_bits) {
		char *cpn = job_cpus_per_node_str(j);

		env_add(&env, n, "SLURM_JOB_CPUS_PER_NODE", "%s", cpn ? cpn : "");
		env_add(&env, n, "SLURM_JOB_NUM_NODES", "%d",
			bit_count(j->node_bits));
		free(cpn);
	}
	env_add(&env, n, "SLURM_JOB_PARTITION", "%s",
		j->partition ? j->partition : "(null)");
	env_add(&env, n, "SLURM_JOB_RESTART_COUNT", "%u", j->restarts);
	env_add(&env, n, "SLURM_JOB_UID", "%u", j->uid);
	env_add(&env, n, "SLURM_JOB_USER", "%s", j->user ? j->user : "(null)");
	if (j->features)
		env_add(&env, n, "SLURM_JOB_CONSTRAINTS", "%s", j->features);
	if (j->std_err)
		env_add(&env, n, "SLURM_JOB_STDERR", "%s", j->std_err);
	if (j->std_in)
		env_add(&env, n, "SLURM_JOB_STDIN", "%s", j->std_in);
	if (j->std_out)
		env_add(&env, n, "SLURM_JOB_STDOUT", "%s", j->std_out);
	if (j->work_dir)
		env_add(&env, n, "SLURM_JOB_WORK_DIR", "%s", j->work_dir);
	free(grp);
	return env;
}

/* The job's run so far (or to its end), without its suspended time. */
static time_t run_secs(const struct job *j, time_t now)
{
	time_t to = j->end_time ? j->end_time : now;
	time_t r;

	if (!j->start_time)
		return 0;      /* ended waiting: slurmctld starts and ends it */
	if (j->state == JOB_ST_SUSPENDED && j->suspend_time)
		to = j->suspend_time;
	r = to - j->start_time - (time_t)j->suspended_secs;
	return r > 0 ? r : 0;
}

/* Array ARRAY's tasks: their lowest and highest exit status (a task that
 * did not complete and says 0 counts as 9, as slurmctld), whether one
 * was requeued or still waits, and its record of id ARRAY (NULL if
 * gone). Whether all have ended. */
struct array_sum {
	int32_t lo, hi;
	bool requeued, pending;
	const struct job *base;
};

static bool array_scan(struct ctld *c, uint32_t array, struct array_sum *a)
{
	bool any = false, ended = true;

	memset(a, 0, sizeof(*a));
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *t = c->st->jobs[i];
		int32_t s;

		if (t->array_job_id != array)
			continue;
		if (t->id == array)
			a->base = t;
		if (t->state == JOB_ST_PENDING)
			a->pending = true;
		if (!job_is_finished(t)) {
			ended = false;
			continue;
		}
		s = t->exit_status;
		if (s == 0 && t->state != JOB_ST_COMPLETE)
			s = 9;
		if (!any || s < a->lo)
			a->lo = s;
		if (!any || s > a->hi)
			a->hi = s;
		any = true;
		if (t->restarts)
			a->requeued = true;
	}
	return any && ended;
}

/* The first task of J's array to start (no other has run yet). */
static bool first_task(struct ctld *c, const struct job *j)
{
	if (!j->array_job_id)
		return true;
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *t = c->st->jobs[i];

		if (t != j && t->array_job_id == j->array_job_id &&
		    t->start_time)
			return false;
	}
	return true;
}

/* How many of array ARRAY's tasks wait in its record (late arrays:
 * those with no job id of their own yet). */
static uint32_t array_waiting(struct ctld *c, uint32_t array)
{
	struct array_iter it;
	uint32_t n = 0;

	for (const struct job *o = state_array_first(c->st, array, &it); o;
	     o = state_array_next(c->st, &it))
		n += state_task_waiting(o) && o->state == JOB_ST_PENDING;
	return n;
}

/* RECORD: J speaks for slurmctld's record of its array's several
 * waiting tasks, which is no task of its own ("Slurm Job_id=ARRAY"). */
static void mail_send(struct ctld *c, const struct job *j, uint32_t type,
		      time_t now, bool summary, bool record)
{
	struct mail_item *m = xcalloc(1, sizeof(*m));
	bool ended = type == MAIL_JOB_END || type == MAIL_JOB_FAIL;
	/* a requeue shows the job pending, except one for a node failure,
	 * which slurmctld mails while the job is still NODE_FAIL */
	const char *state = type == MAIL_JOB_REQUEUE &&
			    j->state != JOB_ST_NODE_FAIL ? "PENDING" :
			    job_state_name(j->state);
	char tbuf[64] = "", term[128] = "", when[TIMESTR_BUFSZ];
	struct array_sum a;
	uint32_t n;

	/* a summary speaks of slurmctld's record of the array: its
	 * pending one while tasks wait, else its last task to start, which
	 * took the array's id (here: the one that ended last) */
	if (summary) {
		(void)array_scan(c, j->array_job_id, &a);
		if (a.pending)
			state = "PENDING";
	}
	m->job_id = state_job_shown_id(j);
	m->user = xstrdup(j->mail_user ? j->mail_user :
			  j->user ? j->user : "root");
	m->env = job_env(c, j, ended, record, &n);
	env_add(&m->env, &n, "SLURM_JOB_STATE", "%s", state);
	env_add(&m->env, &n, "SLURM_JOB_MAIL_TYPE", "%s", type_word(type));

	/* the time part: queued time at the start, run time at the end */
	if (type == MAIL_JOB_BEGIN) {
		time_t q = j->start_time > j->submit_time ?
			   j->start_time - j->submit_time : 0;

		timestr_fmt_secs_long(q, when, sizeof(when));
		snprintf(tbuf, sizeof(tbuf), ", Queued time %s", when);
		env_add(&m->env, &n, "SLURM_JOB_QUEUED_TIME", "%s", when);
	} else if (type != MAIL_INVALID_DEPEND_BIT) {
		timestr_fmt_secs_long(run_secs(j, now), when, sizeof(when));
		snprintf(tbuf, sizeof(tbuf), ", Run time %s", when);
		env_add(&m->env, &n, "SLURM_JOB_RUN_TIME", "%s", when);
	}

	if (summary) {
		int32_t lo = a.lo, hi = a.hi;

		if (ended && WIFEXITED(lo) && WIFEXITED(hi)) {
			snprintf(term, sizeof(term), ", %s, ExitCode [%d-%d]",
				 WEXITSTATUS(lo) == 0 && WEXITSTATUS(hi) > 0 ?
				 "Mixed" : state, WEXITSTATUS(lo), WEXITSTATUS(hi));
			env_add(&m->env, &n, "SLURM_JOB_EXIT_CODE_MIN", "%d",
				WEXITSTATUS(lo));
			env_add(&m->env, &n, "SLURM_JOB_EXIT_CODE_MAX", "%d",
				WEXITSTATUS(hi));
		} else if (ended && WIFSIGNALED(hi)) {
			snprintf(term, sizeof(term), ", Mixed, MaxSignal [%d]",
				 WTERMSIG(hi));
			env_add(&m->env, &n, "SLURM_JOB_TERM_SIGNAL_MAX", "%d",
				WTERMSIG(hi));
		} else if (ended && WIFEXITED(hi)) {
			snprintf(term, sizeof(term), ", Mixed, MaxExitCode [%d]",
				 WEXITSTATUS(hi));
			env_add(&m->env, &n, "SLURM_JOB_EXIT_CODE_MAX", "%d",
				WEXITSTATUS(hi));
		}
		if (ended && a.requeued)
			strncat(term, ", with requeued tasks",
				sizeof(term) - strlen(term) - 1);
		xstrfmtcat(&m->subject, "Slurm Array Summary Job_id=%u_* (%u) "
			   "Name=%s %s%s", j->array_job_id,
			   a.base ? a.base->id : j->array_job_id,
			   j->name ? j->name : "", type_word(type), term);
		enqueue(c, m);
		return;
	}

	if (ended) {
		if (WIFEXITED(j->exit_status)) {
			snprintf(term, sizeof(term), ", %s, ExitCode %d", state,
				 WEXITSTATUS(j->exit_status));
			env_add(&m->env, &n, "SLURM_JOB_EXIT_CODE_MAX", "%d",
				WEXITSTATUS(j->exit_status));
		} else {
			snprintf(term, sizeof(term), ", %s", state);
			env_add(&m->env, &n, "SLURM_JOB_EXIT_CODE_MAX", "0");
		}
	}
	if (j->array_job_id && !record)
		xstrfmtcat(&m->subject, "Slurm Array Task Job_id=%u_%u (%u) "
			   "Name=%s %s%s%s", j->array_job_id, j->array_task_id,
			   state_job_shown_id(j), j->name ? j->name : "",
			   type_word(type), tbuf, term);
	else
		xstrfmtcat(&m->subject, "Slurm Job_id=%u Name=%s %s%s%s",
			   state_job_shown_id(j), j->name ? j->name : "",
			   type_word(type), tbuf, term);
	enqueue(c, m);
}

/* ---- when mails go -------------------------------------------------- */

void mail_job_event(struct ctld *c, const struct job *j,
		    enum job_event ev, time_t now)
{
	uint32_t mt = j->mail_type;
	bool per_task = !j->array_job_id || (mt & MAIL_ARRAY_TASKS_BIT);

	if (!c->mail || !c->leader || !mt)
		return;
	switch (ev) {
	case JOB_EVENT_START:
		/* an array's start is mailed once, for its first task */
		if ((mt & MAIL_JOB_BEGIN) && (per_task || first_task(c, j)))
			mail_send(c, j, MAIL_JOB_BEGIN, now, !per_task, false);
		break;
	case JOB_EVENT_REQUEUE:
		/* an array's task waits again: its array has not ended */
		if ((mt & MAIL_JOB_REQUEUE) && per_task)
			mail_send(c, j, MAIL_JOB_REQUEUE, now, false, false);
		break;
	case JOB_EVENT_END:
		if (!per_task) {
			struct array_sum a;

			if (!array_scan(c, j->array_job_id, &a))
				break;
			if (a.requeued && (mt & MAIL_JOB_REQUEUE))
				mail_send(c, j, MAIL_JOB_REQUEUE, now, true,
					  false);
			if (WIFEXITED(a.hi) && WEXITSTATUS(a.hi) &&
			    (mt & MAIL_JOB_FAIL))
				mail_send(c, j, MAIL_JOB_FAIL, now, true, false);
			else if (mt & MAIL_JOB_END)
				mail_send(c, j, MAIL_JOB_END, now, true, false);
			break;
		}
		/* as slurmctld: a failure (FAILED and the states after it
		 * in Slurm's order) mails FAIL, only COMPLETED and
		 * CANCELLED mail END */
		if ((mt & MAIL_JOB_FAIL) && j->state != JOB_ST_COMPLETE &&
		    j->state != JOB_ST_CANCELLED)
			mail_send(c, j, MAIL_JOB_FAIL, now, false, false);
		if ((mt & MAIL_JOB_END) && (j->state == JOB_ST_COMPLETE ||
					    j->state == JOB_ST_CANCELLED))
			mail_send(c, j, MAIL_JOB_END, now, false, false);
		break;
	}
}

/* Whether the mark at FRAC (a tenth: 5 for 50%) of J's limit falls in
 * (FROM, NOW]. */
static bool mark_passed(const struct job *j, int frac, time_t from, time_t now)
{
	time_t end = job_deadline(j);
	time_t at = end - (time_t)j->time_limit * 60 * (10 - frac) / 10;

	return at > from && at <= now;
}

void mail_time_check(struct ctld *c, time_t now)
{
	static const struct { uint32_t bit; int frac; } marks[] = {
		{ MAIL_JOB_TIME100, 10 }, { MAIL_JOB_TIME90, 9 },
		{ MAIL_JOB_TIME80, 8 }, { MAIL_JOB_TIME50, 5 },
	};
	struct mailer *ml = c->mail;
	time_t from = ml->time_checked;

	ml->time_checked = now;
	if (!from || from >= now)
		return;
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *j = c->st->jobs[i];

		if (!(j->mail_type & (MAIL_JOB_TIME100 | MAIL_JOB_TIME90 |
				      MAIL_JOB_TIME80 | MAIL_JOB_TIME50)) ||
		    j->state != JOB_ST_RUNNING ||
		    j->time_limit == STATE_INFINITE || !job_deadline(j))
			continue;
		for (size_t k = 0; k < sizeof(marks) / sizeof(*marks); k++)
			if ((j->mail_type & marks[k].bit) &&
			    mark_passed(j, marks[k].frac, from, now))
				mail_send(c, j, marks[k].bit, now, false,
					  false);
	}
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static bool in_ids(const uint32_t *ids, uint32_t n, uint32_t id)
{
	return n && bsearch(&id, ids, n, sizeof(*ids), cmp_u32);
}

/* Whether a task of array ARRAY other than ID is among the N IDS. */
static bool array_in_ids(struct ctld *c, const uint32_t *ids, uint32_t n,
			 uint32_t array, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct job *o = ids[i] != id ? state_job(c->st, ids[i]) :
						     NULL;

		if (o && o->array_job_id == array)
			return true;
	}
	return false;
}

/* INVALID_DEPEND for J, as slurmctld's handle_invalid_dependency()
 * mails it: for a task waiting in its array's record, the record's (a
 * summary, or with ARRAY_TASKS the record as one job while several
 * tasks wait in it). */
static void mail_dep_invalid(struct ctld *c, const struct job *j, time_t now)
{
	bool record = j->array_job_id && state_task_waiting(j) &&
		      array_waiting(c, j->array_job_id) > 1;

	mail_send(c, j, MAIL_INVALID_DEPEND_BIT, now,
		  j->array_job_id && !(j->mail_type & MAIL_ARRAY_TASKS_BIT),
		  record);
}

void mail_dep_never(struct ctld *c, const uint32_t *ids, uint32_t n,
		    time_t now)
{
	struct mailer *ml = c->mail;
	uint32_t *cur;

	if (!ml)
		return;
	cur = xcalloc(n ? n : 1, sizeof(*cur));
	if (n)
		memcpy(cur, ids, n * sizeof(*cur));
	qsort(cur, n, sizeof(*cur), cmp_u32);
	for (uint32_t i = 0; c->leader && i < n; i++) {
		const struct job *j = state_job(c->st, cur[i]);

		if (!j || !(j->mail_type & MAIL_INVALID_DEPEND_BIT) ||
		    in_ids(ml->dep_never, ml->ndep_never, j->id))
			continue;
		/* an array's waiting tasks are one record to slurmctld:
		 * one mail, none when one of them was found so before or
		 * this cycle mailed for one already */
		if (j->array_job_id && state_task_waiting(j) &&
		    (array_in_ids(c, ml->dep_never, ml->ndep_never,
				  j->array_job_id, j->id) ||
		     array_in_ids(c, cur, i, j->array_job_id, j->id)))
			continue;
		mail_dep_invalid(c, j, now);
	}
	free(ml->dep_never);
	ml->dep_never = cur;
	ml->ndep_never = n;
}

void mail_leader_changed(struct ctld *c, time_t now)
{
	struct mailer *ml = c->mail;
	uint32_t n = 0;

	if (!ml)
		return;
	ml->time_checked = c->leader ? now : 0;
	/* a dependency the model says can never be satisfied as this
	 * controller takes the lead was its predecessor's to mail */
	free(ml->dep_never);
	ml->dep_never = NULL;
	ml->ndep_never = 0;
	if (!c->leader)
		return;
	ml->dep_never = xcalloc(c->st->njobs ? c->st->njobs : 1,
				sizeof(*ml->dep_never));
	for (uint32_t i = 0; i < c->st->njobs; i++) {
		const struct job *j = c->st->jobs[i];

		if (j->state == JOB_ST_PENDING && j->ndeps &&
		    depend_test(c->st, j, now) == DEP_NEVER)
			ml->dep_never[n++] = j->id;
	}
	ml->ndep_never = n;   /* st->jobs is in ascending id order */
}


void mail_init(struct ctld *c)
{
	c->mail = xcalloc(1, sizeof(*c->mail));
	c->mail->sigchld = evsignal_new(c->base, SIGCHLD, on_sigchld, c);
	event_add(c->mail->sigchld, NULL);
}

void mail_tick(struct ctld *c, time_t now)
{
	struct mailer *ml = c->mail;

	if (!ml)
		return;
	for (int i = 0; i < MAIL_RUNNING; i++)
		if (ml->run[i].pid && now - ml->run[i].started >= MAIL_TIMEOUT) {
			log_err("job %u: MailProg still runs after %d s; killed",
				ml->run[i].job_id, MAIL_TIMEOUT);
			kill(-ml->run[i].pid, SIGKILL);
		}
	reap(c);
}

void mail_free(struct ctld *c)
{
	struct mailer *ml = c->mail;

	if (!ml)
		return;
	while (ml->head) {
		struct mail_item *m = ml->head;

		ml->head = m->next;
		item_free(m);
	}
	if (ml->sigchld)
		event_free(ml->sigchld);
	free(ml->dep_never);
	free(ml);
	c->mail = NULL;
}
