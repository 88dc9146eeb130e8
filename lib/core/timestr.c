/* timestr.c - parse Slurm time-limit strings and format durations the way
 * Slurm's clients print them. Semantics follow Slurm 22.05 (time_str2secs,
 * secs2time_str, squeue's _print_secs) but garbage Slurm lets through
 * ("5-", "-5") is rejected here. Date/time-of-day parsing is not ours. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/timestr.h"

#define YEAR_SECS (365LL * 24 * 3600)

/* Read one run of digits at *p into *v; false when there is none or it
 * overflows what a limit can hold. */
static bool read_field(const char **p, unsigned long long *v)
{
	const char *s = *p;
	unsigned long long n = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s)) {
		n = n * 10 + (unsigned long long)(*s - '0');
		if (n > 0xffffffffULL)
			return false;
		s++;
	}
	*p = s;
	*v = n;
	return true;
}

int timestr_parse_secs(const char *s, uint32_t *secs)
{
	unsigned long long f[4] = { 0, 0, 0, 0 }, total;
	unsigned long long days = 0;
	const char *p = s;
	int n = 0;

	if (!s || !*s) {
		err_set("empty time value");
		return -1;
	}
	if (!strcmp(s, "-1") || !strcasecmp(s, "UNLIMITED") ||
	    !strcasecmp(s, "INFINITE")) {
		*secs = TIMESTR_INFINITE;
		return 0;
	}
	if (!read_field(&p, &f[0]))
		goto bad;
	if (*p == '-') {
		/* days-hours[:minutes[:seconds]] */
		days = f[0];
		p++;
		if (!read_field(&p, &f[0]))
			goto bad;
		n = 1;
		while (*p == ':' && n < 3) {
			p++;
			if (!read_field(&p, &f[n++]))
				goto bad;
		}
		if (*p)
			goto bad;
		total = days * 86400 + f[0] * 3600 + f[1] * 60 + f[2];
	} else {
		n = 1;
		while (*p == ':' && n < 3) {
			p++;
			if (!read_field(&p, &f[n++]))
				goto bad;
		}
		if (*p)
			goto bad;
		if (n == 3)		/* hours:minutes:seconds */
			total = f[0] * 3600 + f[1] * 60 + f[2];
		else			/* minutes[:seconds] */
			total = f[0] * 60 + f[1];
	}
	if (total >= TIMESTR_NO_VAL) {
		err_set("time value '%s' is too large", s);
		return -1;
	}
	*secs = (uint32_t)total;
	return 0;
bad:
	err_set("invalid time value '%s' (expected minutes, MM:SS, HH:MM:SS, "
		"D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED)", s);
	return -1;
}

int timestr_parse_mins(const char *s, uint32_t *mins)
{
	uint32_t secs;

	if (timestr_parse_secs(s, &secs) < 0)
		return -1;
	if (secs == TIMESTR_INFINITE)
		*mins = TIMESTR_INFINITE;
	else
		*mins = (uint32_t)(((uint64_t)secs + 59) / 60);
	return 0;
}

char *timestr_fmt_secs(long long secs, char *buf, size_t size)
{
	long long d = secs / 86400, h = secs / 3600 % 24;
	long long m = secs / 60 % 60, s = secs % 60;

	if (secs == (long long)TIMESTR_INFINITE)
		snprintf(buf, size, "UNLIMITED");
	else if (secs < 0 || secs > YEAR_SECS)
		snprintf(buf, size, "INVALID");
	else if (d)
		snprintf(buf, size, "%lld-%02lld:%02lld:%02lld", d, h, m, s);
	else if (h)
		snprintf(buf, size, "%lld:%02lld:%02lld", h, m, s);
	else
		snprintf(buf, size, "%lld:%02lld", m, s);
	return buf;
}

char *timestr_fmt_secs_long(long long secs, char *buf, size_t size)
{
	long long d = secs / 86400, h = secs / 3600 % 24;
	long long m = secs / 60 % 60, s = secs % 60;

	if (secs == (long long)TIMESTR_INFINITE)
		snprintf(buf, size, "UNLIMITED");
	else if (secs < 0)
		snprintf(buf, size, "INVALID");
	else if (d)
		snprintf(buf, size, "%lld-%02lld:%02lld:%02lld", d, h, m, s);
	else
		snprintf(buf, size, "%02lld:%02lld:%02lld", h, m, s);
	return buf;
}

char *timestr_fmt_mins(uint32_t mins, char *buf, size_t size)
{
	if (mins == TIMESTR_INFINITE)
		snprintf(buf, size, "UNLIMITED");
	else if (mins == TIMESTR_NO_VAL)
		snprintf(buf, size, "NONE");
	else
		timestr_fmt_secs_long((long long)mins * 60, buf, size);
	return buf;
}
