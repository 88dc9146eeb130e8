/* out.c - the lines views draw, to the curses screen (colours, or bold
 * and reverse when NO_COLOR is set or the terminal has none) or to stdout
 * in batch mode. Layout is the views'. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static bool use_color;

void out_colors_init(void);
void out_colors_init(void)
{
	const char *no = getenv("NO_COLOR");

	use_color = has_colors() && !(no && *no);
	if (!use_color)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_CYAN, -1);
}

static attr_t curses_attr(enum tui_attr a)
{
	switch (a) {
	case TA_HEADER:
		return A_BOLD | A_UNDERLINE;
	case TA_SELECTED:
		return A_REVERSE;
	case TA_TITLE:
		return A_BOLD | (use_color ? COLOR_PAIR(4) : 0);
	case TA_GOOD:
		return use_color ? COLOR_PAIR(1) : A_NORMAL;
	case TA_WARN:
		return use_color ? COLOR_PAIR(2) : A_BOLD;
	case TA_BAD:
		return use_color ? COLOR_PAIR(3) | A_BOLD : A_BOLD;
	default:
		return A_NORMAL;
	}
}

void out_line(struct tui_out *o, enum tui_attr a, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int len;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (o->batch) {
		len = (int)strlen(line);
		while (len > 0 && line[len - 1] == ' ')
			line[--len] = '\0';
		puts(line);
		o->used++;
		return;
	}
	if (o->used >= o->rows)
		return;
	attrset(curses_attr(a));
	mvaddnstr(o->top + o->used, 0, line, o->cols);
	len = (int)strlen(line);
	/* the cursor row is reversed across the whole width */
	for (int x = len; x < o->cols; x++)
		addch(' ');
	attrset(A_NORMAL);
	o->used++;
}

void out_bar(struct tui_out *o, const char *label, int64_t part,
	     int64_t whole, const char *unit)
{
	char bar[64];
	int width = 30, fill;

	if (whole > 0 && part > whole)
		part = whole;
	fill = whole > 0 ? (int)(part * width / whole) : 0;
	for (int i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[width] = '\0';
	out_line(o, TA_NORMAL, "%-12s [%s] %lld/%lld%s", label, bar,
		 (long long)part, (long long)whole, unit);
}

enum tui_attr out_state_attr(const char *state)
{
	static const char *const good[] = { "idle", "RUNNING", "up",
		"COMPLETED", NULL };
	static const char *const warn[] = { "mixed", "allocated", "draining",
		"PENDING", "SUSPENDED", "future", NULL };

	for (int i = 0; good[i]; i++)
		if (!strcmp(state, good[i]))
			return TA_GOOD;
	for (int i = 0; warn[i]; i++)
		if (!strcmp(state, warn[i]))
			return TA_WARN;
	return *state ? TA_BAD : TA_NORMAL;
}

void out_duration(char *buf, size_t len, int64_t secs)
{
	if (secs < 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (secs >= 86400)
		snprintf(buf, len, "%lld-%02lld:%02lld:%02lld",
			 (long long)(secs / 86400), (long long)(secs / 3600 % 24),
			 (long long)(secs / 60 % 60), (long long)(secs % 60));
	else
		snprintf(buf, len, "%lld:%02lld:%02lld", (long long)(secs / 3600),
			 (long long)(secs / 60 % 60), (long long)(secs % 60));
}
