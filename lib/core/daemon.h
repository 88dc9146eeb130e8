/* daemon.h - what every FLURM daemon does the same way: its command line
 * (-D -f -n -P -v -V -h), going to the background, the pid file, and the
 * signals of its libevent loop (SIGTERM/SIGINT stop, SIGHUP reopens the log).
 * Typical main():
 *	signal(SIGPIPE, SIG_IGN);
 *	daemon_opts_init(&o, "flurmbd", "the FLURM accounting daemon", path);
 *	if ((rc = daemon_opts_parse(&o, argc, argv)) >= 0)
 *		return rc;
 *	conf = flurmbd_conf_load(daemon_conf_path(&o));  ... -n handling ...
 *	if (daemon_start(&o, conf->log_level, conf->log_file) < 0)
 *		daemon_die("%s", err_msg());
 *	... event_base_new(), daemon_signals_new(), listeners, daemon_ready(),
 *	event_base_dispatch(), daemon_finish() ...
 */
#ifndef FLURM_DAEMON_H
#define FLURM_DAEMON_H

#include <stdbool.h>
#include <stdio.h>

#include "core/log.h"

struct event_base;

struct daemon_opts {
	const char *prog;		/* "flurmctld" */
	const char *summary;		/* one line for --help */
	/* --help's "Signals:" text when the daemon does more than stop on
	 * SIGTERM/SIGINT and reopen its log on SIGHUP; NULL: that */
	const char *signals;
	/* what -n checks, for --help ("flurmnd.conf, slurm.conf and
	 * gres.conf"); NULL: "the configuration" */
	const char *checks;
	const char *default_conf;	/* read when -f is not given */
	const char *conf_path;		/* -f FILE, else default_conf */
	bool conf_given;		/* -f was used */
	bool foreground;		/* -D */
	bool check_only;		/* -n */
	int verbose;			/* how many -v */
	const char *pid_file;		/* -P FILE; NULL: none */
	FILE *out, *err;		/* where help and errors go (tests) */
	/* -f and -P made absolute: the daemon works from "/" */
	char conf_buf[4096], pid_buf[4096];
};

void daemon_opts_init(struct daemon_opts *o, const char *prog,
		      const char *summary, const char *default_conf);
/* Parse the command line. Returns -1 when the daemon should go on, or the
 * exit status after --help or --version (0) or a bad command line (2, with
 * the usage on o->err). */
int daemon_opts_parse(struct daemon_opts *o, int argc, char **argv);
void daemon_usage(const struct daemon_opts *o, FILE *fp);
/* The config file to load: the -f file, the default file, or NULL (built-in
 * defaults) when no -f was given and the default file does not exist. */
const char *daemon_conf_path(const struct daemon_opts *o);

/* Log at LEVEL raised by each -v, to LOG_FILE (NULL: stderr), then unless
 * -D go to the background, then write the pid file if -P was given.
 * 0, or -1 with err_msg() set. */
int daemon_start(const struct daemon_opts *o, enum log_level level,
		 const char *log_file);
/* Tell the waiting parent that start-up worked; until then a failing
 * daemon makes the command that started it exit 1. No-op with -D. */
void daemon_ready(void);
/* Remove the pid file, at exit. */
void daemon_finish(void);
/* A start-up failure: log it (and tell stderr too when logging to a file),
 * remove the pid file, exit 1. */
void daemon_die(const char *fmt, ...) FLURM_PRINTF(1, 2) __attribute__((noreturn));

/* The steps of daemon_start() on their own. */
/* Fork twice and start a new session, with stdin and stdout on /dev/null
 * and the working directory "/"; stderr follows at daemon_ready() unless
 * KEEP_STDERR. The original process waits for daemon_ready() and exits 0,
 * or 1 when the daemon dies before. */
int daemon_detach(bool keep_stderr);
/* Create PATH with our pid and hold a lock on it; fails when another
 * running process holds it. */
int daemon_pidfile_create(const char *path);
void daemon_pidfile_remove(void);

/* Signal handling in the loop. NULL hooks: SIGTERM/SIGINT leave the loop;
 * SIGHUP reopens the log file and then calls hup, if set. */
struct daemon_sig_hooks {
	void (*stop)(void *arg);	/* instead of leaving the loop */
	void (*hup)(void *arg);		/* after the log is reopened */
	void *arg;
};
struct daemon_signals;
struct daemon_signals *daemon_signals_new(struct event_base *base,
					  const struct daemon_sig_hooks *hooks);
void daemon_signals_free(struct daemon_signals *s);

#endif
