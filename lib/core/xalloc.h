/* xalloc.h - allocation that cannot fail: out of memory is fatal.
 * Also small string helpers used everywhere. */
#ifndef FLURM_XALLOC_H
#define FLURM_XALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include "core/log.h"

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of size elem) to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);          /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) FLURM_PRINTF(1, 2);
/* Append formatted text to a malloc'd string (*s may be NULL). */
void xstrfmtcat(char **s, const char *fmt, ...) FLURM_PRINTF(2, 3);
/* Whether A and B read the same text, NULL and "" both empty. */
bool xstrsame(const char *a, const char *b);

#endif
