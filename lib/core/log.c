/* log.c - timestamped log lines to stderr or a reopenable file, and
 * rate-limited lines for what peers can trigger at will. Rotation itself
 * is left to logrotate; daemons call log_reopen() on SIGHUP or SIGUSR2. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"

static const char *log_prog = "flurm";
static enum log_level log_threshold = LOG_LEVEL_INFO;
static FILE *log_fp;        /* NULL: stderr */
static char *log_path;
static pid_t log_pid;       /* 0: not known yet, or forked since */
static pthread_once_t log_pid_once = PTHREAD_ONCE_INIT;

static const char *const level_names[] = {
	[LOG_LEVEL_ERR] = "error",
	[LOG_LEVEL_WARN] = "warning",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
	[LOG_LEVEL_TRACE] = "trace",
};

void log_init(const char *progname, enum log_level level)
{
	if (progname) {
		const char *slash = strrchr(progname, '/');
		log_prog = slash ? slash + 1 : progname;
	}
	log_threshold = level;
}

void log_set_level(enum log_level level)
{
	log_threshold = level;
}

enum log_level log_get_level(void)
{
	return log_threshold;
}

void log_more_verbose(void)
{
	if (log_threshold < LOG_LEVEL_TRACE)
		log_threshold++;
}

static FILE *open_log(const char *path)
{
	FILE *fp = fopen(path, "ae");
	if (!fp) {
		err_set_errno("cannot open log file '%s'", path);
		return NULL;
	}
	/* each line is flushed whole after it is written (log_vmsg), or
	 * with the lines held with it (log_hold) */
	setvbuf(fp, NULL, _IOFBF, 0);
	return fp;
}

int log_set_file(const char *path)
{
	FILE *fp = NULL;

	if (path) {
		fp = open_log(path);
		if (!fp)
			return -1;
	}
	if (log_fp)
		fclose(log_fp);
	free(log_path);
	log_fp = fp;
	log_path = path ? strdup(path) : NULL;
	return 0;
}

int log_reopen(void)
{
	FILE *fp;

	if (!log_path)
		return 0;
	fp = open_log(log_path);
	if (!fp)
		return -1;   /* keep writing to the old file */
	fclose(log_fp);
	log_fp = fp;
	return 0;
}

static void log_pid_forget(void)
{
	log_pid = 0;
}

static void log_pid_watch(void)
{
	pthread_atfork(NULL, NULL, log_pid_forget);
}

/* The pid for a line, asked of the kernel once per process: a child
 * forgets its parent's at fork. */
static long log_getpid(void)
{
	pthread_once(&log_pid_once, log_pid_watch);
	if (!log_pid)
		log_pid = getpid();
	return (long)log_pid;
}

/* Lines this thread writes between log_hold() and log_release() wait in
 * the stream's buffer and go to the file in one write. */
static _Thread_local unsigned log_held;

void log_hold(void)
{
	log_held++;
}

void log_release(void)
{
	if (log_held && !--log_held)
		fflush(log_fp ? log_fp : stderr);
}

void log_flush(void)
{
	fflush(log_fp ? log_fp : stderr);
}

/* The local time of second T as a line shows it: kept for the second it
 * was made for, as most lines of a busy second share it. */
static const char *log_stamp(time_t t)
{
	static _Thread_local time_t made = (time_t)-1;
	static _Thread_local char stamp[32];
	struct tm tm;

	if (t != made) {
		localtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		made = t;
	}
	return stamp;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	FILE *out = log_fp ? log_fp : stderr;
	struct timeval tv;
	int saved = errno;

	if (level > log_threshold)
		return;
	gettimeofday(&tv, NULL);
	flockfile(out);
	fprintf(out, "%s.%03ld %s[%ld]: %s: ", log_stamp(tv.tv_sec),
		(long)tv.tv_usec / 1000, log_prog, log_getpid(),
		level_names[level]);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	if (!log_held)
		fflush(out);
	funlockfile(out);
	errno = saved;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

/* ---- rate-limited lines -------------------------------------------- */

static unsigned limit_interval_ms = 10000;
static struct log_limit *limits;	/* every kind seen, for flushing */
static uint64_t (*limit_clock)(void);

static uint64_t mono_ms(void)
{
	struct timespec ts;

	if (limit_clock)
		return limit_clock();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void log_set_limit_interval(unsigned ms)
{
	limit_interval_ms = ms ? ms : 1;
}

void log_set_limit_clock(uint64_t (*now_ms)(void))
{
	limit_clock = now_ms;
}

/* Say how many lines of RL's last interval were left out, and forget. */
static void limit_report(struct log_limit *rl)
{
	if (!rl->suppressed)
		return;
	log_msg(rl->level, "%lu more like \"%s\" suppressed in %u s",
		rl->suppressed, rl->first, (limit_interval_ms + 999) / 1000);
	rl->suppressed = 0;
}

void log_msg_limited(struct log_limit *rl, enum log_level level,
		     const char *fmt, ...)
{
	uint64_t now;
	va_list ap;

	if (level > log_threshold)
		return;
	if (!rl->linked) {
		rl->next = limits;	/* first use of this kind */
		limits = rl;
		rl->linked = 1;
	}
	now = mono_ms();
	if (rl->window_start_ms && now - rl->window_start_ms < limit_interval_ms) {
		rl->suppressed++;
		return;
	}
	limit_report(rl);
	rl->window_start_ms = now ? now : 1;
	rl->level = level;
	va_start(ap, fmt);
	vsnprintf(rl->first, sizeof(rl->first), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void log_limit_flush(void)
{
	uint64_t now = mono_ms();

	for (struct log_limit *rl = limits; rl; rl = rl->next)
		if (rl->suppressed && now - rl->window_start_ms >= limit_interval_ms) {
			limit_report(rl);
			/* the next line of this kind opens a new interval */
			rl->window_start_ms = 0;
		}
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}
