/* log.h - the one logging API of every FLURM program.
 * Messages go to stderr (default) or to a file that can be reopened after
 * logrotate moved it; each line carries a timestamp, level and program name. */
#ifndef FLURM_LOG_H
#define FLURM_LOG_H

#include <stdarg.h>
#include <stdint.h>

enum log_level {
	LOG_LEVEL_ERR = 0,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_TRACE,
};

#define FLURM_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Set the program name shown in each line and the threshold level. */
void log_init(const char *progname, enum log_level level);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Raise verbosity by one step (for each -v). */
void log_more_verbose(void);
/* Log to PATH (appending) instead of stderr; NULL goes back to stderr.
 * Returns 0, or -1 with the error in err_msg(). */
int log_set_file(const char *path);
/* Reopen the log file (after logrotate); no-op when logging to stderr. */
int log_reopen(void);

void log_msg(enum log_level level, const char *fmt, ...) FLURM_PRINTF(2, 3);
void log_vmsg(enum log_level level, const char *fmt, va_list ap) FLURM_PRINTF(2, 0);

/* Lines the calling thread writes from log_hold() to the matching
 * log_release() go to the file together, in one write (each line is
 * otherwise written as it is made). For a burst of lines in one turn of
 * an event loop, e.g. one per job of a commit; holds nest. */
void log_hold(void);
void log_release(void);
/* Write out what is held now (before _exit(), which would lose it). */
void log_flush(void);

#define log_err(...)   log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define log_trace(...) log_msg(LOG_LEVEL_TRACE, __VA_ARGS__)

/* Rate-limited lines: one call site is one kind. In each interval
 * (log_set_limit_interval, 10 s by default) the first line of a kind is
 * written and the rest only counted; the next line written after the
 * interval, or log_limit_flush(), says how many were left out. For
 * messages a peer can trigger at will (refused connections, bad frames,
 * accept errors). */
struct log_limit {
	uint64_t window_start_ms;	/* when the current interval began */
	unsigned long suppressed;	/* lines left out in it */
	enum log_level level;
	char first[160];		/* start of the line that opened it */
	struct log_limit *next;		/* every kind used so far */
	int linked;			/* on that list */
};

void log_msg_limited(struct log_limit *rl, enum log_level level,
		     const char *fmt, ...) FLURM_PRINTF(3, 4);
/* Report kinds whose interval ended with lines left out (call it now and
 * then, e.g. once a second, so a burst that stopped is still counted). */
void log_limit_flush(void);
void log_set_limit_interval(unsigned ms);
/* Tests: replace the monotonic millisecond clock (NULL: the real one). */
void log_set_limit_clock(uint64_t (*now_ms)(void));

#define log_limited(level, ...) do {					\
		static struct log_limit log_limit_site_;		\
		log_msg_limited(&log_limit_site_, level, __VA_ARGS__);	\
	} while (0)
#define log_err_limited(...)   log_limited(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn_limited(...)  log_limited(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info_limited(...)  log_limited(LOG_LEVEL_INFO, __VA_ARGS__)

/* Log at error level and exit(1). */
void fatal(const char *fmt, ...) FLURM_PRINTF(1, 2) __attribute__((noreturn));

#endif
