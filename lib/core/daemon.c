/* daemon.c - the command line, backgrounding, pid file and signals shared
 * by flurmctld, flurmnd and flurmbd. What a daemon does once its loop runs
 * is its own business. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/daemon.h"
#include "core/err.h"
#include "core/version.h"
#include "core/xalloc.h"

void daemon_opts_init(struct daemon_opts *o, const char *prog,
		      const char *summary, const char *default_conf)
{
	memset(o, 0, sizeof(*o));
	o->prog = prog;
	o->summary = summary;
	o->default_conf = default_conf;
	o->conf_path = default_conf;
	o->out = stdout;
	o->err = stderr;
}

void daemon_usage(const struct daemon_opts *o, FILE *fp)
{
	fprintf(fp,
		"Usage: %s [-D] [-f FILE] [-n] [-P FILE] [-v]...\n"
		"%s\n"
		"\n"
		"Options:\n"
		"  -D, --foreground     stay in the foreground (for systemd and debugging)\n"
		"  -f, --config=FILE    read FILE instead of %s\n"
		"  -n, --check          check %s, print\n"
		"                       \"configuration OK\" and exit; with -v also print\n"
		"                       the settings\n"
		"  -P, --pid-file=FILE  write the process ID to FILE and lock it\n"
		"  -v, --verbose        log more; repeat for even more\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           print this help and exit\n"
		"\n"
		"Signals: %s\n"
		"See %s(8) and %s.conf(5).\n",
		o->prog, o->summary, o->default_conf,
		o->checks ? o->checks : "the configuration",
		o->signals ? o->signals :
		"SIGTERM or SIGINT stop, SIGHUP reopens the log file.",
		o->prog, o->prog);
}

static int bad_usage(const struct daemon_opts *o, const char *fmt, const char *what)
{
	fprintf(o->err, "%s: ", o->prog);
	fprintf(o->err, fmt, what);
	fputs("\n\n", o->err);
	daemon_usage(o, o->err);
	return 2;
}

/* PATH relative to the working directory, written into BUF; PATH itself
 * when it is absolute or does not fit. */
static const char *absolute(const char *path, char *buf, size_t size)
{
	size_t n;

	if (path[0] == '/' || !getcwd(buf, size))
		return path;
	n = strlen(buf);
	if ((size_t)snprintf(buf + n, size - n, "/%s", path) >= size - n)
		return path;
	return buf;
}

int daemon_opts_parse(struct daemon_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'D' },
		{ "config", required_argument, NULL, 'f' },
		{ "check", no_argument, NULL, 'n' },
		{ "pid-file", required_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char shortopt[3] = "-?";
	int c;

	opterr = 0;	/* our messages name the program, not argv[0] */
	optind = 0;	/* full re-initialisation, so tests can parse again */
	while ((c = getopt_long(argc, argv, "+:Df:nP:vVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			o->foreground = true;
			break;
		case 'f':
			o->conf_path = absolute(optarg, o->conf_buf, sizeof(o->conf_buf));
			o->conf_given = true;
			break;
		case 'n':
			o->check_only = true;
			break;
		case 'P':
			o->pid_file = absolute(optarg, o->pid_buf, sizeof(o->pid_buf));
			break;
		case 'v':
			o->verbose++;
			break;
		case 'V':
			fprintf(o->out, "%s %s\n", o->prog, FLURM_VERSION);
			return 0;
		case 'h':
			daemon_usage(o, o->out);
			return 0;
		case ':':
			return bad_usage(o, "option '%s' needs an argument",
					 argv[optind - 1]);
		default:
			if (optopt) {
				shortopt[1] = (char)optopt;
				return bad_usage(o, "unknown option '%s'", shortopt);
			}
			return bad_usage(o, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage(o, "unexpected argument '%s'", argv[optind]);
	return -1;
}

const char *daemon_conf_path(const struct daemon_opts *o)
{
	if (o->conf_given)
		return o->conf_path;
	if (access(o->conf_path, F_OK) < 0 && errno == ENOENT)
		return NULL;
	return o->conf_path;
}

/* Write end of the pipe the original process waits on; -1 with -D. */
static int ready_fd = -1;
static bool quiet_stderr;	/* point stderr at /dev/null once ready */
static bool log_to_file;	/* so daemon_die() also tells stderr */
static const char *die_prog = "flurm";

int daemon_detach(bool keep_stderr)
{
	int pipefd[2], devnull;
	pid_t pid;
	char c;

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		err_set_errno("cannot create a pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		err_set_errno("cannot fork");
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid > 0) {
		/* The daemon's exit status for whoever started it: 0 once it
		 * says it is ready, 1 if it dies first. */
		ssize_t n;
		close(pipefd[1]);
		do
			n = read(pipefd[0], &c, 1);
		while (n < 0 && errno == EINTR);
		waitpid(pid, NULL, 0);
		_exit(n == 1 ? 0 : 1);
	}
	close(pipefd[0]);
	if (setsid() < 0) {
		log_err("cannot start a new session: %s", strerror(errno));
		_exit(1);
	}
	/* The session leader exits, so the daemon can never regain a
	 * controlling terminal. */
	pid = fork();
	if (pid < 0) {
		log_err("cannot fork: %s", strerror(errno));
		_exit(1);
	}
	if (pid > 0)
		_exit(0);
	if (chdir("/") < 0) {
		err_set_errno("cannot change to /");
		return -1;
	}
	devnull = open("/dev/null", O_RDWR);
	if (devnull < 0) {
		err_set_errno("cannot open /dev/null");
		return -1;
	}
	dup2(devnull, STDIN_FILENO);
	dup2(devnull, STDOUT_FILENO);
	if (devnull > STDERR_FILENO)
		close(devnull);
	/* stderr stays until daemon_ready(), so start-up errors still reach
	 * whoever started the daemon */
	quiet_stderr = !keep_stderr;
	ready_fd = pipefd[1];
	return 0;
}

void daemon_ready(void)
{
	int devnull;

	if (ready_fd < 0)
		return;
	if (quiet_stderr && (devnull = open("/dev/null", O_WRONLY)) >= 0) {
		dup2(devnull, STDERR_FILENO);
		close(devnull);
		quiet_stderr = false;
	}
	if (write(ready_fd, "1", 1) < 0)
		log_warn("cannot tell the parent process we are ready: %s",
			 strerror(errno));
	close(ready_fd);
	ready_fd = -1;
}

void daemon_die(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s", msg);
	if (log_to_file)
		fprintf(stderr, "%s: %s\n", die_prog, msg);
	daemon_finish();
	exit(1);
}

static int pid_fd = -1;
static char *pid_path;

int daemon_pidfile_create(const char *path)
{
	char buf[32];
	int fd, n;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_set_errno("cannot open pid file '%s'", path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			n = (int)read(fd, buf, sizeof(buf) - 1);
			buf[n > 0 ? n : 0] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			err_set("pid file '%s' is held by another running process%s%s",
				path, buf[0] ? ", pid " : "", buf);
		} else {
			err_set_errno("cannot lock pid file '%s'", path);
		}
		close(fd);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)n) != n) {
		err_set_errno("cannot write pid file '%s'", path);
		close(fd);
		return -1;
	}
	daemon_pidfile_remove();
	pid_fd = fd;
	pid_path = xstrdup(path);
	return 0;
}

void daemon_pidfile_remove(void)
{
	if (pid_fd < 0)
		return;
	unlink(pid_path);
	close(pid_fd);
	free(pid_path);
	pid_fd = -1;
	pid_path = NULL;
}

int daemon_start(const struct daemon_opts *o, enum log_level level,
		 const char *log_file)
{
	die_prog = o->prog;
	log_set_level(level);
	for (int i = 0; i < o->verbose; i++)
		log_more_verbose();
	if (log_file && log_set_file(log_file) < 0)
		return -1;
	log_to_file = log_file != NULL;
	/* Without a log file, a background daemon keeps the stderr it was
	 * started with: there is nowhere better to write. */
	if (!o->foreground && daemon_detach(log_file == NULL) < 0)
		return -1;
	if (o->pid_file && daemon_pidfile_create(o->pid_file) < 0)
		return -1;
	return 0;
}

void daemon_finish(void)
{
	daemon_pidfile_remove();
}

struct daemon_signals {
	struct event_base *base;
	struct daemon_sig_hooks hooks;
	struct event *ev[3];
};

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct daemon_signals *s = arg;

	log_info("caught %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	if (s->hooks.stop)
		s->hooks.stop(s->hooks.arg);
	else
		event_base_loopbreak(s->base);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	struct daemon_signals *s = arg;

	if (log_reopen() < 0)
		log_err("SIGHUP: %s; still writing to the old log file", err_msg());
	else
		log_info("caught SIGHUP, log file reopened");
	if (s->hooks.hup)
		s->hooks.hup(s->hooks.arg);
}

struct daemon_signals *daemon_signals_new(struct event_base *base,
					  const struct daemon_sig_hooks *hooks)
{
	static const int sigs[3] = { SIGTERM, SIGINT, SIGHUP };
	struct daemon_signals *s = xcalloc(1, sizeof(*s));

	s->base = base;
	if (hooks)
		s->hooks = *hooks;
	for (int i = 0; i < 3; i++) {
		s->ev[i] = evsignal_new(base, sigs[i],
					sigs[i] == SIGHUP ? on_hup : on_stop, s);
		if (!s->ev[i] || evsignal_add(s->ev[i], NULL) < 0) {
			err_set("cannot watch signal %d", sigs[i]);
			daemon_signals_free(s);
			return NULL;
		}
	}
	return s;
}

void daemon_signals_free(struct daemon_signals *s)
{
	if (!s)
		return;
	for (int i = 0; i < 3; i++)
		if (s->ev[i])
			event_free(s->ev[i]);
	free(s);
}
