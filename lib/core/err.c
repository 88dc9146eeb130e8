/* err.c - one buffer holding the last error message for the caller to show. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

static _Thread_local char err_buf[1024];

/* Callers often wrap the previous message ("malformed X: %s", err_msg()),
 * so format into a copy: vsnprintf into the buffer it reads from is
 * undefined and garbles the text. */
void err_set(const char *fmt, ...)
{
	char tmp[sizeof(err_buf)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	memcpy(err_buf, tmp, sizeof(err_buf));
}

void err_set_errno(const char *fmt, ...)
{
	char tmp[sizeof(err_buf)];
	int saved = errno;
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	n = strlen(tmp);
	snprintf(tmp + n, sizeof(tmp) - n, ": %s", strerror(saved));
	memcpy(err_buf, tmp, sizeof(err_buf));
	errno = saved;
}

const char *err_msg(void)
{
	return err_buf[0] ? err_buf : "unknown error";
}

void err_clear(void)
{
	err_buf[0] = '\0';
}
