/* statefile.c - the node daemon's job table on disk (state_file): one line
 * per running or ended-but-unacknowledged job, rewritten whole through a
 * temporary file, fsync and rename. Checking the records against living
 * supervisors after a restart is left to jobs_recover(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

#define STATE_VERSION 1

static const char *const state_names[] = {
	[ND_JOB_LAUNCHING] = "launching",
	[ND_JOB_RUNNING] = "running",
	[ND_JOB_ENDED] = "ended",
};

/* Messages sit last on their line: no newlines inside. */
static char *one_line(const char *s)
{
	char *t = xstrdup(s ? s : "");

	for (char *p = t; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return t;
}

int statefile_save(struct nd *nd)
{
	char *text = NULL;
	int rc;

	xstrfmtcat(&text, "# flurmnd state of node %s; rewritten by flurmnd, "
		   "do not edit while it runs\nversion=%d\n",
		   nd->node_name, STATE_VERSION);
	for (struct nd_job *j = nd->jobs; j; j = j->next) {
		char *msg = one_line(j->message);

		xstrfmtcat(&text, "job=%u state=%s sup=%ld supstart=%llu "
			   "pid=%ld start=%lld limit=%u killwait=%u "
			   "unreported=%d started_sent=%d cgroup=%s "
			   "failed=%d status=%d end=%lld reason=%u msg=%s\n",
			   j->id, state_names[j->state], (long)j->sup_pid,
			   j->sup_start, (long)j->script_pid,
			   (long long)j->start_time, j->time_limit,
			   j->kill_wait, j->unreported, j->started_sent,
			   j->cgroup ? j->cgroup : "-", j->failed,
			   j->status, (long long)j->end_time, j->reason, msg);
		free(msg);
	}
	rc = spool_write_atomic(nd->state_file, text);
	if (rc < 0)
		log_err("cannot save state: %s", err_msg());
	free(text);
	return rc;
}

/* "key=value key=value ... msg=rest of line": the value of KEY, which
 * runs to the next space (or, for msg, to the end of the line). */
static const char *field(const char *line, const char *key)
{
	size_t klen = strlen(key);
	const char *p = line;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return NULL;
}

static long long num(const char *line, const char *key)
{
	const char *v = field(line, key);

	return v ? strtoll(v, NULL, 10) : 0;
}

static char *word(const char *line, const char *key)
{
	const char *v = field(line, key);
	size_t n;

	if (!v)
		return NULL;
	n = strcspn(v, " ");
	return xstrndup(v, n);
}

static int parse_job(struct nd *nd, char *line)
{
	const char *msg = field(line, "msg");
	long long id;
	char *st, *cg;
	struct nd_job *j;
	int state = -1;

	/* msg= is last and may hold spaces: cut it off first, so that the
	 * other keys cannot be found inside it */
	if (msg)
		line[msg - line - 4] = '\0';
	id = num(line, "job");
	st = word(line, "state");
	for (int i = 0; st && i <= ND_JOB_ENDED; i++)
		if (!strcmp(st, state_names[i]))
			state = i;
	free(st);
	if (id <= 0 || id > UINT32_MAX || state < 0)
		return -1;
	if (jobs_find(nd, (uint32_t)id))
		return 0;
	j = jobs_add(nd, (uint32_t)id);
	j->state = state;
	j->sup_pid = (pid_t)num(line, "sup");
	j->sup_start = (unsigned long long)num(line, "supstart");
	j->script_pid = (pid_t)num(line, "pid");
	j->start_time = (time_t)num(line, "start");
	j->time_limit = (uint32_t)num(line, "limit");
	j->kill_wait = (uint32_t)num(line, "killwait");
	j->unreported = num(line, "unreported") != 0;
	j->started_sent = num(line, "started_sent") != 0;
	cg = word(line, "cgroup");
	if (cg && strcmp(cg, "-"))
		j->cgroup = cg;
	else
		free(cg);
	j->failed = num(line, "failed") != 0;
	j->status = (int32_t)num(line, "status");
	j->end_time = (time_t)num(line, "end");
	j->reason = (uint32_t)num(line, "reason");
	if (msg && *msg)
		j->message = xstrdup(msg);
	return 0;
}

int statefile_load(struct nd *nd)
{
	FILE *fp = fopen(nd->state_file, "re");
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	ssize_t n;

	if (!fp) {
		if (errno == ENOENT)
			return 0;
		err_set_errno("cannot read state file %s", nd->state_file);
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!strncmp(line, "version=", 8)) {
			if (atoi(line + 8) != STATE_VERSION)
				log_warn("%s: state version %s, expected %d; "
					 "reading it anyway", nd->state_file,
					 line + 8, STATE_VERSION);
			continue;
		}
		if (strncmp(line, "job=", 4))
			continue;
		if (parse_job(nd, line) < 0)
			log_warn("%s:%u: bad job record ignored",
				 nd->state_file, lineno);
	}
	free(line);
	fclose(fp);
	return 0;
}
