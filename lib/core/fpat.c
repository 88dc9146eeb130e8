/* fpat.c - walk Slurm file name patterns; see fpat.h. */
#include "core/fpat.h"

#include "core/xalloc.h"

char *fpat_expand(const char *pattern, fpat_fn fn, void *arg)
{
	char *out = xstrdup("");

	for (const char *p = pattern; *p; p++) {
		const char *start = p;
		int width = 0;

		if (*p != '%') {
			xstrfmtcat(&out, "%c", *p);
			continue;
		}
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (width <= 10)
				width = width * 10 + (*p - '0');
		if (width > 10)
			width = 10;
		if (!*p) {		/* a pattern that ends in '%' or "%3" */
			xstrfmtcat(&out, "%s", start);
			break;
		}
		if (!fn(&out, *p, width, arg))
			xstrfmtcat(&out, "%.*s", (int)(p - start + 1), start);
	}
	return out;
}
