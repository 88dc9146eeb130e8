/* xalloc.c - allocation wrappers for which out of memory is fatal;
 * a daemon that cannot allocate a few bytes cannot answer clients anyway. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static void *check(void *p, size_t n)
{
	if (!p && n)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

void *xmalloc(size_t n)
{
	return check(malloc(n ? n : 1), n);
}

void *xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1), n);
}

void xgrow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (ncap < need)
		ncap *= 2;
	*p = xrealloc(*p, ncap * elem);
	*cap = ncap;
}

char *xstrdup(const char *s)
{
	return s ? check(strdup(s), strlen(s) + 1) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	return s ? check(strndup(s, n), n + 1) : NULL;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory formatting a string");
	return s;
}

void xstrfmtcat(char **s, const char *fmt, ...)
{
	va_list ap;
	size_t old = *s ? strlen(*s) : 0;
	char *add;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&add, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory formatting a string");
	*s = xrealloc(*s, old + (size_t)n + 1);
	memcpy(*s + old, add, (size_t)n + 1);
	free(add);
}

bool xstrsame(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}
