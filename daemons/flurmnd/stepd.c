/* stepd.c - the step daemon: in a child of flurmnd, it runs one step's
 * tasks on this node as slurmstepd would for srun. It connects to srun's
 * I/O port (io init message, then io_hdr frames of stdout and stderr, and
 * stdin from srun to one task or all), starts the tasks as the job's user
 * with the SLURM_* environment in one process group (in the job's cgroup
 * when the job runs here), answers RESPONSE_LAUNCH_TASKS and sends
 * MESSAGE_TASK_EXIT for each task to srun's response port, and tells
 * flurmnd over a pipe the tasks' process group and, at the end, the
 * step's status. Signals come from flurmnd to the process group. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"
#include "slurm/auth.h"
#include "slurm/errnos.h"
#include "slurm/msg_launch.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"

/* Bytes of stdin kept for a task that does not read it yet. */
#define STDIN_QUEUE_MAX (1u << 20)
/* After the last task exits, how long leftover output may take. */
#define DRAIN_SECS 5
/* Seconds to connect to srun. */
#define CONNECT_SECS 10

extern char **environ;

/* Where one of a task's standard streams goes. */
enum sink {
	SINK_SRUN,	/* io_hdr frames to srun */
	SINK_FILE,	/* a file srun named (-o/-e with %t, %n, %N, %u) */
	SINK_NONE,	/* /dev/null ("none", or another task's number) */
};

struct stream {
	int fd;			/* our read end, -1 once at EOF */
	enum sink sink;
	uint16_t type;		/* SLURM_IO_STDOUT or SLURM_IO_STDERR */
	char buf[SLURM_IO_MAX_MSG];
	size_t len;		/* a partial line (buffered mode) */
	bool eof_sent;
};

struct task {
	uint32_t gtid, ltid;
	pid_t pid;
	int in_fd;		/* write end of its stdin pipe, or -1 */
	bool in_from_srun;
	bool pty;		/* its stdio is a terminal (srun --pty) */
	char *inq;		/* stdin not yet taken */
	size_t inq_len;
	bool in_eof;		/* close in_fd once inq is empty */
	struct stream out, err;
	bool reaped, exit_sent;
	int status;
};

struct stepd {
	const struct stepd_args *a;
	const struct slurm_launch_tasks *m;
	struct auth_ctx *auth;
	struct task *tasks;
	uint32_t ntasks;
	int io;			/* connection to srun's I/O port, -1 */
	uint8_t ibuf[SLURM_IO_HDR_LEN + 65536];
	size_t ilen;
	bool buffered;
	pid_t pgid;
	int pty_master;		/* --pty: task 0's terminal, or -1 */
	int32_t worst;		/* highest wait status */
	char *fail_msg;
	bool cancel_said;	/* slurmstepd's CANCELLED AT line sent */
};

/* ---- small helpers ----------------------------------------------------- */

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int connect_to(const char *host, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct timeval tv = { CONNECT_SECS, 0 };
	int fd, one = 1;

	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		err_set("bad address %s", host);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err_set_errno("socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		err_set_errno("cannot connect to %s:%u", host, port);
		close(fd);
		return -1;
	}
	tv.tv_sec = 60;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* One signed Slurm message to srun's response port; srun does not
 * answer these. */
static void send_to_srun(struct stepd *d, uint16_t type, buf_t *body)
{
	const struct slurm_launch_tasks *m = d->m;
	uint16_t port;
	uint8_t *sec = NULL;
	size_t sec_len = 0;
	buf_t *f;
	int fd;

	if (!m->num_resp_port)
		return;
	port = m->resp_port[d->a->nodeid % m->num_resp_port];
	if (auth_sign(d->auth, type, body->data, buf_len(body), m->uid, &sec,
		      &sec_len) < 0) {
		log_err("step %u.%u: cannot sign %s: %s", m->job_id,
			m->step_id, slurm_msg_type_name(type), err_msg());
		return;
	}
	f = buf_new(sec_len + buf_len(body) + 64);
	if (slurm_msg_build_sec(f, type, 0, sec, sec_len, body->data,
				(uint32_t)buf_len(body)) < 0) {
		free(sec);
		buf_free(f);
		return;
	}
	free(sec);
	fd = connect_to(d->a->srun_host, port);
	if (fd < 0) {
		log_warn("step %u.%u: %s to srun: %s", m->job_id, m->step_id,
			 slurm_msg_type_name(type), err_msg());
		buf_free(f);
		return;
	}
	if (write_all(fd, f->data, buf_len(f)) < 0)
		log_warn("step %u.%u: cannot send %s to srun: %s", m->job_id,
			 m->step_id, slurm_msg_type_name(type),
			 strerror(errno));
	{
		/* srun answers RESPONSE_SLURM_RC; it takes a half-closed
		 * connection for a lost one, so wait for the answer */
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint8_t tmp[512];
		size_t got = 0, want = 4;

		while (got < want && poll(&p, 1, 5000) > 0) {
			ssize_t r = read(fd, tmp + (got < sizeof(tmp) ?
				got : 0), got < sizeof(tmp) ?
				sizeof(tmp) - got : sizeof(tmp));

			if (r <= 0)
				break;
			got += (size_t)r;
			if (want == 4 && got >= 4)
				want = 4 + ((size_t)tmp[0] << 24 |
					    (size_t)tmp[1] << 16 |
					    (size_t)tmp[2] << 8 | tmp[3]);
		}
	}
	close(fd);
	buf_free(f);
}

static void report(struct stepd *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void report(struct stepd *d, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	write_all(d->a->report_fd, line, (size_t)n);
}

/* ---- output to srun ---------------------------------------------------- */

static void io_frame(struct stepd *d, uint16_t type, const struct task *t,
		     const void *data, size_t len)
{
	struct slurm_io_hdr h = {
		.type = type, .gtaskid = (uint16_t)t->gtid,
		.ltaskid = (uint16_t)t->ltid, .length = (uint32_t)len,
	};
	buf_t *p;

	if (d->io < 0)
		return;
	p = buf_new(SLURM_IO_HDR_LEN + len);
	slurm_io_hdr_pack(p, &h);
	if (len)
		pack_raw(p, data, len);
	if (write_all(d->io, p->data, buf_len(p)) < 0) {
		log_warn("step %u.%u: srun's I/O connection failed: %s; "
			 "output is dropped", d->m->job_id, d->m->step_id,
			 strerror(errno));
		close(d->io);
		d->io = -1;
	}
	buf_free(p);
}

/* Pass on what is in S's buffer: whole lines only when buffered, unless
 * ALL (the stream ended) or a line fills the whole buffer. A full buffer
 * ending in part of a line keeps that part for the next read: srun -l
 * labels each message as a line of its own, so a line cut in two would
 * show as two. */
static void flush_stream(struct stepd *d, struct task *t, struct stream *s,
			 bool all)
{
	while (s->len) {
		size_t n = s->len;

		if (d->buffered && !all) {
			char *nl = memrchr(s->buf, '\n', s->len);

			if (!nl && n < sizeof(s->buf))
				return;
			if (nl)
				n = (size_t)(nl - s->buf) + 1;
		}
		io_frame(d, s->type, t, s->buf, n);
		memmove(s->buf, s->buf + n, s->len - n);
		s->len -= n;
	}
}

static void stream_eof(struct stepd *d, struct task *t, struct stream *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	if (s->sink == SINK_SRUN && !s->eof_sent) {
		flush_stream(d, t, s, true);
		io_frame(d, s->type, t, NULL, 0);
	}
	s->eof_sent = true;
}

/* Read once from S: 1 when something came, 0 when nothing is there
 * now, -1 at EOF (then the EOF is passed on). */
static int stream_read(struct stepd *d, struct task *t, struct stream *s)
{
	ssize_t r;

	if (s->fd < 0)
		return -1;
	r = read(s->fd, s->buf + s->len, sizeof(s->buf) - s->len);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (r <= 0) {
		/* EIO: a terminal whose other side has gone */
		stream_eof(d, t, s);
		return -1;
	}
	s->len += (size_t)r;
	flush_stream(d, t, s, false);
	return 1;
}

/* Everything S holds now. */
static void stream_drain(struct stepd *d, struct task *t, struct stream *s)
{
	while (stream_read(d, t, s) > 0)
		;
}

/* ---- stdin from srun --------------------------------------------------- */

static void stdin_push(struct task *t, const uint8_t *p, size_t n)
{
	ssize_t w;

	if (t->in_fd < 0 || t->in_eof)
		return;
	if (!t->inq_len) {
		w = write(t->in_fd, p, n);
		if (w < 0 && errno != EAGAIN && errno != EINTR) {
			close(t->in_fd);   /* the task closed its stdin */
			t->in_fd = -1;
			return;
		}
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		}
	}
	if (!n)
		return;
	if (t->inq_len + n > STDIN_QUEUE_MAX)
		n = STDIN_QUEUE_MAX - t->inq_len;   /* it does not read */
	t->inq = xrealloc(t->inq, t->inq_len + n + 1);
	memcpy(t->inq + t->inq_len, p, n);
	t->inq_len += n;
}

static void stdin_drain(struct task *t)
{
	ssize_t w;

	if (t->in_fd < 0)
		return;
	if (t->inq_len) {
		w = write(t->in_fd, t->inq, t->inq_len);
		if (w < 0 && errno != EAGAIN && errno != EINTR) {
			close(t->in_fd);
			t->in_fd = -1;
			t->inq_len = 0;
			return;
		}
		if (w > 0) {
			memmove(t->inq, t->inq + w, t->inq_len - (size_t)w);
			t->inq_len -= (size_t)w;
		}
	}
	if (!t->inq_len && t->in_eof && t->in_fd >= 0) {
		/* a terminal reads end of input as its EOF character */
		if (t->pty)
			write_all(t->in_fd, "\004", 1);
		close(t->in_fd);
		t->in_fd = -1;
	}
}

/* Frames from srun on the I/O connection: stdin for one task or all,
 * its EOF (length 0), and connection tests. */
static void io_read(struct stepd *d)
{
	struct slurm_io_hdr h;
	ssize_t r;

	r = read(d->io, d->ibuf + d->ilen, sizeof(d->ibuf) - d->ilen);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		/* srun went away: tasks' stdin ends, output is dropped */
		close(d->io);
		d->io = -1;
		for (uint32_t i = 0; i < d->ntasks; i++)
			if (d->tasks[i].in_from_srun) {
				d->tasks[i].in_eof = true;
				stdin_drain(&d->tasks[i]);
			}
		return;
	}
	d->ilen += (size_t)r;
	while (d->ilen >= SLURM_IO_HDR_LEN) {
		slurm_io_hdr_parse(d->ibuf, &h);
		if (h.length > sizeof(d->ibuf) - SLURM_IO_HDR_LEN) {
			log_warn("step %u.%u: srun sent an I/O frame of %u "
				 "bytes; closing its I/O connection",
				 d->m->job_id, d->m->step_id, h.length);
			close(d->io);
			d->io = -1;
			return;
		}
		if (d->ilen < SLURM_IO_HDR_LEN + h.length)
			return;
		for (uint32_t i = 0; i < d->ntasks; i++) {
			struct task *t = &d->tasks[i];

			if (!t->in_from_srun)
				continue;
			if (h.type == SLURM_IO_STDIN && h.gtaskid != t->gtid)
				continue;
			if (h.type != SLURM_IO_STDIN &&
			    h.type != SLURM_IO_ALLSTDIN)
				continue;
			if (h.length == 0) {
				t->in_eof = true;
				stdin_drain(t);
			} else {
				stdin_push(t, d->ibuf + SLURM_IO_HDR_LEN,
					   h.length);
			}
		}
		memmove(d->ibuf, d->ibuf + SLURM_IO_HDR_LEN + h.length,
			d->ilen - SLURM_IO_HDR_LEN - h.length);
		d->ilen -= SLURM_IO_HDR_LEN + h.length;
	}
}

/* ---- the tasks --------------------------------------------------------- */

static void env_set(char ***env, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void env_set(char ***env, const char *name, const char *fmt, ...)
{
	size_t n = 0, len = strlen(name);
	char *val, *entry;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&val, fmt, ap) < 0)
		val = NULL;
	va_end(ap);
	entry = xasprintf("%s=%s", name, val ? val : "");
	free(val);
	for (; (*env)[n]; n++)
		if (!strncmp((*env)[n], name, len) && (*env)[n][len] == '=') {
			free((*env)[n]);
			(*env)[n] = entry;
			return;
		}
	*env = xrealloc(*env, (n + 2) * sizeof(char *));
	(*env)[n] = entry;
	(*env)[n + 1] = NULL;
}

/* Take NAME out of ENV. */
static void env_drop(char **env, const char *name)
{
	size_t len = strlen(name), k = 0;

	for (size_t i = 0; env && env[i]; i++) {
		if (!strncmp(env[i], name, len) && env[i][len] == '=') {
			free(env[i]);
			continue;
		}
		env[k++] = env[i];
	}
	if (env)
		env[k] = NULL;
}

static const char *env_get(char **env, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; env && env[i]; i++)
		if (!strncmp(env[i], name, len) && env[i][len] == '=')
			return env[i] + len + 1;
	return NULL;
}

/* Expand srun's remote file name for task T as slurmstepd does: %t task,
 * %n node index, %N node name, %u user, %j job, %s step, %% a percent,
 * with an optional width ("%3t" -> 007). */
static char *expand(const struct stepd *d, const struct task *t,
		    const char *pat)
{
	const struct slurm_launch_tasks *m = d->m;
	size_t cap = strlen(pat) + 64, len = 0;
	char *out = xmalloc(cap);

	for (const char *p = pat; *p; p++) {
		char piece[256];
		unsigned w = 0;
		const char *q = p + 1;

		piece[0] = '\0';
		if (*p != '%') {
			piece[0] = *p;
			piece[1] = '\0';
		} else {
			while (*q >= '0' && *q <= '9' && w < 64)
				w = w * 10 + (unsigned)(*q++ - '0');
			switch (*q) {
			case '%':
				snprintf(piece, sizeof(piece), "%%");
				break;
			case 't':
				snprintf(piece, sizeof(piece), "%0*u", (int)w,
					 t->gtid);
				break;
			case 'n':
				snprintf(piece, sizeof(piece), "%0*u", (int)w,
					 d->a->nodeid);
				break;
			case 'N':
				snprintf(piece, sizeof(piece), "%s",
					 d->a->nd->node_name);
				break;
			case 'u':
				snprintf(piece, sizeof(piece), "%s",
					 m->user_name ? m->user_name : "");
				break;
			case 'j':
				snprintf(piece, sizeof(piece), "%0*u", (int)w,
					 m->job_id);
				break;
			case 's':
				snprintf(piece, sizeof(piece), "%0*u", (int)w,
					 m->step_id);
				break;
			default:
				/* not ours: keep it as written */
				snprintf(piece, sizeof(piece), "%%");
				q = p;
				break;
			}
			p = q;
		}
		if (len + strlen(piece) + 1 > cap) {
			cap = (len + strlen(piece) + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, piece, strlen(piece));
		len += strlen(piece);
	}
	out[len] = '\0';
	return out;
}

/* Where srun wants a task's stream: NULL name means srun itself; a bare
 * task number means srun for that task and /dev/null for the others. */
static enum sink sink_of(const char *name, uint32_t gtid)
{
	char *end;
	unsigned long id;

	if (!name)
		return SINK_SRUN;
	id = strtoul(name, &end, 10);
	if (end != name && !*end)
		return id == gtid ? SINK_SRUN : SINK_NONE;
	if (!strcmp(name, "/dev/null"))
		return SINK_NONE;
	return SINK_FILE;
}

static void child_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void child_fail(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dprintf(2, "slurmstepd: error: %s\n", msg);
	_exit(1);
}

static void become_user(const struct stepd *d)
{
	const struct slurm_launch_tasks *m = d->m;
	gid_t *groups;
	uint32_t ng = m->cred.ngids;

	if (d->a->nd->uid != 0)
		return;         /* steps_launch() checked it is our uid */
	if (setgid(m->gid) < 0)
		child_fail("cannot set group id %u: %s", m->gid,
			   strerror(errno));
	groups = xcalloc(ng + 1, sizeof(*groups));
	for (uint32_t i = 0; i < ng; i++)
		groups[i] = m->cred.gids[i];
	if (!ng) {
		struct passwd *pw = getpwuid(m->uid);

		if (pw && initgroups(pw->pw_name, m->gid) < 0)
			child_fail("cannot set the groups of %s: %s",
				   pw->pw_name, strerror(errno));
		if (!pw && setgroups(0, NULL) < 0)
			child_fail("cannot clear groups: %s", strerror(errno));
	} else if (setgroups(ng, groups) < 0) {
		child_fail("cannot set groups: %s", strerror(errno));
	}
	free(groups);
	if (setuid(m->uid) < 0)
		child_fail("cannot set user id %u: %s", m->uid,
			   strerror(errno));
	if (m->uid != 0 && (setuid(0) == 0 || geteuid() != m->uid))
		child_fail("cannot drop root privileges");
}

static int open_task_file(const struct stepd *d, const struct task *t,
			  const char *pat, int flags)
{
	char *path = expand(d, t, pat);
	int fd = open(path, flags | O_CLOEXEC, 0666);

	if (fd < 0)
		child_fail("Could not open %s file %s: %s",
			   flags == O_RDONLY ? "stdin" : "output", path,
			   strerror(errno));
	free(path);
	return fd;
}

/* In the task's child: the rest of its environment, its user, its
 * directory and streams, then exec. IN, OUT, ERR are the child's ends
 * (-1 where a file or /dev/null is opened here). */
static void task_exec(struct stepd *d, struct task *t, int in, int out,
		      int err, char **env)
{
	const struct slurm_launch_tasks *m = d->m;
	int oflags = O_WRONLY | O_CREAT |
		     (m->open_mode == 1 ? O_APPEND : O_TRUNC);
	const char *cwd = m->cwd && *m->cwd ? m->cwd : "/tmp";
	const char *mask;

	if (t->pty) {
		setsid();
		ioctl(in, TIOCSCTTY, 0);
	} else {
		setpgid(0, d->pgid);
	}
	if (d->a->cgroup)
		cgroup_enter(d->a->cgroup);
	nd_reset_signals();
	env_set(&env, "SLURM_TASK_PID", "%ld", (long)getpid());
	/* the streams first: errors from here on reach srun */
	if (err >= 0)
		dup2(err, 2);
	become_user(d);
	if (chdir(cwd) < 0) {
		dprintf(2, "slurmstepd: error: couldn't chdir to `%s': %s: "
			"going to /tmp instead\n", cwd, strerror(errno));
		if (chdir("/tmp") < 0)
			child_fail("cannot chdir to /tmp: %s", strerror(errno));
	}
	if (in < 0)
		in = sink_of(m->ifname, t->gtid) == SINK_FILE ?
		     open_task_file(d, t, m->ifname, O_RDONLY) :
		     open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (out < 0)
		out = sink_of(m->ofname, t->gtid) == SINK_FILE ?
		      open_task_file(d, t, m->ofname, oflags) :
		      open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (err < 0) {
		const char *ef = m->efname ? m->efname : m->ofname;

		err = sink_of(ef, t->gtid) == SINK_FILE ?
		      open_task_file(d, t, ef, oflags) :
		      open("/dev/null", O_WRONLY | O_CLOEXEC);
		/* the same file as stdout: share it, as one open file */
		if (m->ofname && !m->efname && sink_of(m->ofname, t->gtid) ==
		    SINK_FILE) {
			close(err);
			err = out;
		}
	}
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		child_fail("cannot set up standard streams: %s",
			   strerror(errno));
	nd_close_fds(NULL, 0);
	if ((mask = env_get(env, "SLURM_UMASK")))
		umask((mode_t)strtoul(mask, NULL, 8) & 0777);
	nd_propagate_rlimits(m->env, m->envc, d->a->nd->sc);
	environ = env;
	execvp(m->argv[0], m->argv);
	dprintf(2, "slurmstepd: error: execve(): %s: %s\n", m->argv[0],
		strerror(errno));
	_exit(errno ? errno : 1);
}

/* The GPUs of srun's "gpu:per_task:N" binding (--gpus-per-task), 0
 * without one. */
static uint32_t gpus_per_task_bind(const char *bind)
{
	const char *p = bind ? strstr(bind, "per_task:") : NULL;
	unsigned long n;
	char *end;

	if (!p)
		return 0;
	n = strtoul(p + 9, &end, 10);
	return end == p + 9 || n > 64 ? 0 : (uint32_t)n;
}

/* The GPU indexes the step's task LTID sees on this node, from the
 * credential, as slurmstepd's gres/gpu gives them: the step's share of
 * what the job holds here (all of it without a step record), each task
 * its own N with --gpus-per-task's per_task binding. A job whose nodes
 * hold different ones (--gpus=3 over two nodes: 0,1 and 0) shows each
 * node its own, not the batch node's that srun passes on. */
static void gpu_env(char ***env, const struct slurm_launch_tasks *m,
		    const char *node, uint32_t ltid)
{
	hostlist_t *hl;
	const bitstr_t *bits;
	char *list = NULL;
	uint32_t n = 0, per_task = gpus_per_task_bind(m->tres_bind), at_g = 0;
	long at;

	if (!m->cred.gpu_bits || !m->cred.job_hostlist)
		return;
	hl = hostlist_create(m->cred.job_hostlist);
	at = hl ? hostlist_find(hl, node) : -1;
	hostlist_destroy(hl);
	if (at < 0 || (uint32_t)at >= m->cred.gpu_nodes)
		return;
	bits = m->cred.step_gpu_bits ? m->cred.step_gpu_bits[at] :
		m->cred.gpu_bits[at];
	for (int64_t g = bits ? bit_next_set(bits, 0) : -1; g >= 0;
	     g = bit_next_set(bits, (uint32_t)g + 1), at_g++) {
		n++;
		if (per_task && (at_g < (uint64_t)ltid * per_task ||
				 at_g >= (uint64_t)(ltid + 1) * per_task))
			continue;
		xstrfmtcat(&list, "%s%lld", list ? "," : "", (long long)g);
	}
	if (!n || !list) {
		/* none for this task (or this node): not the batch
		 * script's that srun passed on either */
		if (m->cred.step_gpu_bits) {
			env_drop(*env, "CUDA_VISIBLE_DEVICES");
			env_drop(*env, "GPU_DEVICE_ORDINAL");
			env_drop(*env, "SLURM_STEP_GPUS");
			env_drop(*env, "SLURM_GPUS_ON_NODE");
		}
		free(list);
		return;
	}
	env_set(env, "CUDA_VISIBLE_DEVICES", "%s", list);
	env_set(env, "GPU_DEVICE_ORDINAL", "%s", list);
	if (m->cred.step_gpu_bits)
		env_set(env, "SLURM_STEP_GPUS", "%s", list);
	env_set(env, "SLURM_GPUS_ON_NODE", "%u", n);
	free(list);
}

static char **task_env(struct stepd *d, struct task *t)
{
	const struct slurm_launch_tasks *m = d->m;
	const struct nd *nd = d->a->nd;
	uint32_t nid = d->a->nodeid;
	char **env = xcalloc(m->envc + 1, sizeof(char *));
	char *gtids = xstrdup("");

	/* srun's limits are for us (task_exec() applies them), not for
	 * the task; so is an MPI type of none, as slurmstepd has it */
	for (uint32_t i = 0, k = 0; i < m->envc; i++)
		if (m->env[i] && !nd_rlimit_entry(m->env[i]) &&
		    strcmp(m->env[i], "SLURM_MPI_TYPE=none"))
			env[k++] = xstrdup(m->env[i]);
	for (uint32_t i = 0; i < d->ntasks; i++) {
		char *g = xasprintf("%s%s%u", gtids, i ? "," : "",
				    d->tasks[i].gtid);

		free(gtids);
		gtids = g;
	}
	env_set(&env, "SLURM_PROCID", "%u", t->gtid);
	env_set(&env, "SLURM_LOCALID", "%u", t->ltid);
	env_set(&env, "SLURM_NODEID", "%u", nid);
	env_set(&env, "SLURM_GTIDS", "%s", gtids);
	free(gtids);
	env_set(&env, "SLURMD_NODENAME", "%s", nd->node_name);
	env_set(&env, "SLURM_TOPOLOGY_ADDR", "%s", nd->node_name);
	env_set(&env, "SLURM_TOPOLOGY_ADDR_PATTERN", "node");
	env_set(&env, "SLURM_JOB_ID", "%u", m->job_id);
	env_set(&env, "SLURM_JOBID", "%u", m->job_id);
	env_set(&env, "SLURM_STEP_ID", "%u", m->step_id);
	env_set(&env, "SLURM_STEPID", "%u", m->step_id);
	env_set(&env, "SLURM_JOB_UID", "%u", m->uid);
	env_set(&env, "SLURM_JOB_GID", "%u", m->gid);
	if (m->user_name)
		env_set(&env, "SLURM_JOB_USER", "%s", m->user_name);
	if (m->complete_nodelist) {
		env_set(&env, "SLURM_STEP_NODELIST", "%s",
			m->complete_nodelist);
		if (!env_get(env, "SLURM_NODELIST"))
			env_set(&env, "SLURM_NODELIST", "%s",
				m->complete_nodelist);
	}
	env_set(&env, "SLURM_STEP_NUM_NODES", "%u", m->nnodes);
	env_set(&env, "SLURM_STEP_NUM_TASKS", "%u", m->ntasks);
	if (!env_get(env, "SLURM_NTASKS"))
		env_set(&env, "SLURM_NTASKS", "%u", m->ntasks);
	if (!env_get(env, "SLURM_NPROCS"))
		env_set(&env, "SLURM_NPROCS", "%u", m->ntasks);
	if (!env_get(env, "SLURM_NNODES"))
		env_set(&env, "SLURM_NNODES", "%u", m->nnodes);
	if (m->node_cpus && m->node_cpus != NO_VAL16)
		env_set(&env, "SLURM_CPUS_ON_NODE", "%u", m->node_cpus);
	gpu_env(&env, m, nd->node_name, t->ltid);
	env_set(&env, "SLURM_LAUNCH_NODE_IPADDR", "%s", d->a->srun_host);
	env_set(&env, "SLURM_SRUN_COMM_HOST", "%s", d->a->srun_host);
	if (m->flags & LAUNCH_PTY)
		env_set(&env, "TERM", "%s", env_get(env, "TERM") ?
			env_get(env, "TERM") : "xterm");
	return env;
}

static int nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* --pty: a terminal for task 0, sized from srun's SLURM_PTY_WIN_*. */
static int open_pty(struct stepd *d, int *slave)
{
	const char *rows = env_get(d->m->env, "SLURM_PTY_WIN_ROW");
	const char *cols = env_get(d->m->env, "SLURM_PTY_WIN_COL");
	struct winsize ws = { 0 };
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	char *name;

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    !(name = ptsname(master))) {
		if (master >= 0)
			close(master);
		return -1;
	}
	*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0) {
		close(master);
		return -1;
	}
	if (d->a->nd->uid == 0 && fchown(*slave, d->m->uid, d->m->gid) < 0)
		log_warn("step %u.%u: cannot give the terminal to uid %u",
			 d->m->job_id, d->m->step_id, d->m->uid);
	ws.ws_row = rows ? (unsigned short)atoi(rows) : 24;
	ws.ws_col = cols ? (unsigned short)atoi(cols) : 80;
	ioctl(master, TIOCSWINSZ, &ws);
	return master;
}

/* Fork task T; 0, or -1 with err_msg() (a node failure). */
static int task_start(struct stepd *d, struct task *t)
{
	const struct slurm_launch_tasks *m = d->m;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	int slave = -1;
	char **env;
	pid_t pid;

	t->out.type = SLURM_IO_STDOUT;
	t->err.type = SLURM_IO_STDERR;
	t->out.fd = t->err.fd = t->in_fd = -1;
	t->pty = (m->flags & LAUNCH_PTY) && t->gtid == 0;
	if (t->pty) {
		int master = open_pty(d, &slave);

		if (master < 0) {
			err_set_errno("cannot open a terminal");
			return -1;
		}
		t->out.sink = SINK_SRUN;
		t->err.sink = SINK_NONE;
		t->err.eof_sent = true;
		t->out.fd = master;
		t->in_fd = dup(master);
		t->in_from_srun = true;
		d->pty_master = master;
		pin[0] = pout[1] = slave;
		goto fork;
	}
	if ((m->flags & LAUNCH_PTY)) {
		/* with --pty only task 0 talks to srun */
		t->out.sink = t->err.sink = SINK_NONE;
		t->out.eof_sent = t->err.eof_sent = true;
	} else {
		t->out.sink = sink_of(m->ofname, t->gtid);
		t->err.sink = sink_of(m->efname ? m->efname : m->ofname,
				      t->gtid);
		t->in_from_srun = sink_of(m->ifname, t->gtid) == SINK_SRUN;
	}
	if (t->out.sink != SINK_SRUN)
		t->out.eof_sent = true;
	if (t->err.sink != SINK_SRUN)
		t->err.eof_sent = true;
	if ((t->in_from_srun && pipe2(pin, O_CLOEXEC) < 0) ||
	    (t->out.sink == SINK_SRUN && pipe2(pout, O_CLOEXEC) < 0) ||
	    (t->err.sink == SINK_SRUN && pipe2(perr, O_CLOEXEC) < 0)) {
		err_set_errno("cannot make pipes");
		return -1;
	}
fork:
	env = task_env(d, t);
	pid = fork();
	if (pid < 0) {
		err_set_errno("cannot fork a task");
		return -1;
	}
	if (pid == 0) {
		if (!d->pgid && !t->pty)
			d->pgid = getpid();
		task_exec(d, t, pin[0], pout[1], t->pty ? slave : perr[1],
			  env);
	}
	for (size_t i = 0; env[i]; i++)
		free(env[i]);
	free(env);
	if (!t->pty) {
		if (!d->pgid)
			d->pgid = pid;
		setpgid(pid, d->pgid);
	}
	t->pid = pid;
	if (slave >= 0)
		close(slave);
	if (!t->pty) {
		if (pin[0] >= 0) {
			close(pin[0]);
			t->in_fd = pin[1];
		}
		if (pout[1] >= 0) {
			close(pout[1]);
			t->out.fd = pout[0];
		}
		if (perr[1] >= 0) {
			close(perr[1]);
			t->err.fd = perr[0];
		}
	}
	if (t->in_fd >= 0)
		nonblock(t->in_fd);
	if (t->out.fd >= 0)
		nonblock(t->out.fd);
	if (t->err.fd >= 0)
		nonblock(t->err.fd);
	return 0;
}

static void send_exit(struct stepd *d, struct task *t)
{
	struct slurm_task_exit x = {
		.return_code = (uint32_t)t->status, .num_tasks = 1,
		.task_ids = &t->gtid, .job_id = d->m->job_id,
		.step_id = d->m->step_id, .step_het_comp = NO_VAL,
	};
	buf_t *b = buf_new(64);

	if (t->exit_sent)
		return;
	t->exit_sent = true;
	slurm_task_exit_pack(b, &x);
	send_to_srun(d, MESSAGE_TASK_EXIT, b);
	buf_free(b);
}

static bool task_streams_done(const struct task *t)
{
	return t->out.fd < 0 && t->err.fd < 0;
}

static void reap_tasks(struct stepd *d)
{
	int status;
	pid_t p;

	while ((p = waitpid(-1, &status, WNOHANG)) > 0)
		for (uint32_t i = 0; i < d->ntasks; i++) {
			struct task *t = &d->tasks[i];

			if (t->pid != p)
				continue;
			t->reaped = true;
			t->status = status;
			if (status > d->worst)
				d->worst = status;
			/* what it wrote last is in the pipes now */
			stream_drain(d, t, &t->out);
			stream_drain(d, t, &t->err);
		}
}

/* A reaped task whose streams are done (or given up on) is reported. */
static void exits_due(struct stepd *d, bool force)
{
	for (uint32_t i = 0; i < d->ntasks; i++) {
		struct task *t = &d->tasks[i];

		if (!t->reaped || t->exit_sent)
			continue;
		if (!task_streams_done(t) && !force)
			continue;
		stream_eof(d, t, &t->out);
		stream_eof(d, t, &t->err);
		send_exit(d, t);
	}
}

static bool all_reaped(const struct stepd *d)
{
	for (uint32_t i = 0; i < d->ntasks; i++)
		if (!d->tasks[i].reaped)
			return false;
	return true;
}

/* flurmnd's SIGUSR2 (sigqueue'd with a WIRE_TERM_* reason) when the
 * job is stopped: slurmstepd's line on srun's stderr, from the step's
 * first node only, once. */
static void cancel_line(struct stepd *d, int reason)
{
	char what[32], *line;

	if (d->cancel_said || d->a->nodeid != 0 || !d->ntasks ||
	    d->tasks[0].err.sink != SINK_SRUN)
		return;
	snprintf(what, sizeof(what), "STEP %u.%u", d->m->job_id,
		 d->m->step_id);
	line = nd_cancel_line(what, d->a->nd->node_name, (uint32_t)reason);
	if (!line)
		return;
	d->cancel_said = true;
	io_frame(d, SLURM_IO_STDERR, &d->tasks[0], line, strlen(line));
	free(line);
}

static void loop(struct stepd *d, int sfd)
{
	struct pollfd *pf = xcalloc(3 * d->ntasks + 2, sizeof(*pf));
	time_t drain_until = 0;

	for (;;) {
		size_t n = 0;
		int tmo = -1, r;

		exits_due(d, false);
		if (all_reaped(d)) {
			bool open_streams = false;

			for (uint32_t i = 0; i < d->ntasks; i++)
				if (!task_streams_done(&d->tasks[i]))
					open_streams = true;
			if (!open_streams)
				break;
			if (!drain_until) {
				/* what the tasks left behind holds their
				 * output open: the step is over, as with
				 * slurmstepd's process tracking */
				drain_until = time(NULL) + DRAIN_SECS;
				if (d->pgid > 0)
					killpg(d->pgid, SIGKILL);
			}
			if (time(NULL) >= drain_until) {
				exits_due(d, true);
				break;
			}
			tmo = 200;
		}
		pf[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		if (d->io >= 0)
			pf[n++] = (struct pollfd){ .fd = d->io,
						   .events = POLLIN };
		for (uint32_t i = 0; i < d->ntasks; i++) {
			struct task *t = &d->tasks[i];

			if (t->out.fd >= 0)
				pf[n++] = (struct pollfd){ .fd = t->out.fd,
							   .events = POLLIN };
			if (t->err.fd >= 0)
				pf[n++] = (struct pollfd){ .fd = t->err.fd,
							   .events = POLLIN };
			if (t->in_fd >= 0 && t->inq_len)
				pf[n++] = (struct pollfd){ .fd = t->in_fd,
							   .events = POLLOUT };
		}
		r = poll(pf, n, tmo);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (!pf[k].revents)
				continue;
			if (pf[k].fd == sfd) {
				struct signalfd_siginfo si;

				while (read(sfd, &si, sizeof(si)) ==
				       (ssize_t)sizeof(si))
					if (si.ssi_signo == SIGUSR2)
						cancel_line(d, si.ssi_int);
				reap_tasks(d);
				continue;
			}
			if (pf[k].fd == d->io) {
				io_read(d);
				continue;
			}
			for (uint32_t i = 0; i < d->ntasks; i++) {
				struct task *t = &d->tasks[i];

				if (pf[k].fd == t->out.fd)
					stream_read(d, t, &t->out);
				else if (pf[k].fd == t->err.fd)
					stream_read(d, t, &t->err);
				else if (pf[k].fd == t->in_fd)
					stdin_drain(t);
			}
		}
	}
	free(pf);
}

/* The I/O connection to srun: io init names this node and how many
 * output streams it will end. */
static void io_connect(struct stepd *d)
{
	const struct slurm_launch_tasks *m = d->m;
	uint32_t nout = 0, nerr = 0;
	buf_t *b;

	if (!m->num_io_port)
		return;
	for (uint32_t i = 0; i < d->ntasks; i++) {
		nout += d->tasks[i].out.sink == SINK_SRUN;
		nerr += d->tasks[i].err.sink == SINK_SRUN &&
			!d->tasks[i].pty;
	}
	d->io = connect_to(d->a->srun_host,
			   m->io_port[d->a->nodeid % m->num_io_port]);
	if (d->io < 0) {
		log_warn("step %u.%u: no I/O connection to srun: %s",
			 m->job_id, m->step_id, err_msg());
		return;
	}
	b = buf_new(128);
	slurm_io_init_pack(b, d->a->nodeid, nout, nerr, m->cred.signature,
			   m->cred.signature ?
			   (uint32_t)strlen(m->cred.signature) + 1 : 0);
	if (write_all(d->io, b->data, buf_len(b)) < 0) {
		log_warn("step %u.%u: cannot write to srun's I/O port: %s",
			 m->job_id, m->step_id, strerror(errno));
		close(d->io);
		d->io = -1;
	}
	buf_free(b);
}

/* --pty: srun's SLURM_PTY_PORT tells window size changes (u16 columns,
 * u16 rows); a helper process passes them to the terminal. */
static void pty_winsize_helper(struct stepd *d)
{
	const char *port = env_get(d->m->env, "SLURM_PTY_PORT");
	int fd;
	pid_t pid;

	if (d->pty_master < 0 || !port)
		return;
	pid = fork();
	if (pid != 0)
		return;
	fd = connect_to(d->a->srun_host, (uint16_t)atoi(port));
	if (fd < 0)
		_exit(0);
	for (;;) {
		uint8_t w[4];
		struct winsize ws = { 0 };
		size_t got = 0;

		while (got < 4) {
			ssize_t r = read(fd, w + got, 4 - got);

			if (r <= 0)
				_exit(0);
			got += (size_t)r;
		}
		ws.ws_col = (unsigned short)(w[0] << 8 | w[1]);
		ws.ws_row = (unsigned short)(w[2] << 8 | w[3]);
		ioctl(d->pty_master, TIOCSWINSZ, &ws);
	}
}

void stepd_run(const struct stepd_args *a)
{
	const struct slurm_launch_tasks *m = a->m;
	struct stepd d = { .a = a, .m = m, .io = -1, .pty_master = -1 };
	uint32_t nid = a->nodeid;
	uint32_t *pids_gt;
	struct slurm_launch_resp resp = {
		.job_id = m->job_id, .step_id = m->step_id,
		.step_het_comp = NO_VAL, .node_name = a->nd->node_name,
	};
	sigset_t set;
	int sfd, keep[1] = { a->report_fd };
	char *line;
	buf_t *b;

	setsid();
	/* nothing of flurmnd's may stay open here (a log descriptor reused
	 * by a socket would send log lines to srun); the log is opened
	 * anew */
	log_set_file(NULL);
	setvbuf(stderr, NULL, _IOLBF, 0);
	nd_close_fds(keep, 1);
	if (a->nd->conf->log_file && log_set_file(a->nd->conf->log_file) < 0)
		log_set_file(NULL);
	if (chdir("/") < 0)
		log_debug("step %u.%u: cannot chdir to /", m->job_id,
			  m->step_id);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	d.auth = a->nd->auth ? a->nd->auth : auth_create(AUTH_NONE, NULL);
	d.buffered = (m->flags & LAUNCH_BUFFERED_IO) && !(m->flags & LAUNCH_PTY);
	d.ntasks = m->tasks_to_launch[nid];
	d.tasks = xcalloc(d.ntasks + 1, sizeof(*d.tasks));
	for (uint32_t i = 0; i < d.ntasks; i++) {
		d.tasks[i].ltid = i;
		d.tasks[i].gtid = m->global_task_ids[nid][i];
		d.tasks[i].out.fd = d.tasks[i].err.fd = d.tasks[i].in_fd = -1;
		d.tasks[i].out.type = SLURM_IO_STDOUT;
		d.tasks[i].err.type = SLURM_IO_STDERR;
		d.tasks[i].out.sink = d.tasks[i].err.sink = SINK_SRUN;
		if (m->flags & LAUNCH_PTY) {
			bool pty = d.tasks[i].gtid == 0;

			d.tasks[i].pty = pty;
			if (!pty)
				d.tasks[i].out.sink = d.tasks[i].err.sink =
					SINK_NONE;
			else
				d.tasks[i].err.sink = SINK_NONE;
		} else {
			d.tasks[i].out.sink = sink_of(m->ofname,
						      d.tasks[i].gtid);
			d.tasks[i].err.sink = sink_of(m->efname ? m->efname :
						      m->ofname,
						      d.tasks[i].gtid);
		}
	}
	/* I/O first, so that nothing a task writes is lost */
	io_connect(&d);
	for (uint32_t i = 0; i < d.ntasks; i++)
		if (task_start(&d, &d.tasks[i]) < 0) {
			d.fail_msg = xasprintf("%s", err_msg());
			break;
		}
	pids_gt = xcalloc(d.ntasks + 1, sizeof(*pids_gt));
	line = xasprintf("pids %ld", (long)(d.pgid > 0 ? d.pgid :
					    d.tasks[0].pid));
	for (uint32_t i = 0; i < d.ntasks; i++) {
		char *l2;

		pids_gt[i] = (uint32_t)d.tasks[i].pid;
		l2 = xasprintf("%s %ld", line, (long)d.tasks[i].pid);
		free(line);
		line = l2;
	}
	report(&d, "%s", line);
	free(line);
	if (d.fail_msg) {
		/* nothing of the step may run: stop what did start */
		if (d.pgid > 0)
			killpg(d.pgid, SIGKILL);
		resp.return_code = ESLURMD_FORK_FAILED;
	}
	resp.count = d.ntasks;
	resp.local_pids = pids_gt;
	resp.task_ids = NULL;
	{
		uint32_t *gt = xcalloc(d.ntasks + 1, sizeof(*gt));

		for (uint32_t i = 0; i < d.ntasks; i++)
			gt[i] = d.tasks[i].gtid;
		resp.task_ids = gt;
		b = buf_new(128);
		slurm_launch_resp_pack(b, &resp);
		send_to_srun(&d, RESPONSE_LAUNCH_TASKS, b);
		buf_free(b);
		free(gt);
	}
	free(pids_gt);
	pty_winsize_helper(&d);
	loop(&d, sfd);
	if (d.io >= 0)
		close(d.io);
	if (d.fail_msg)
		report(&d, "end %d %s", 1 << 8, d.fail_msg);
	else
		report(&d, "end %d", (int)d.worst);
	_exit(0);
}
