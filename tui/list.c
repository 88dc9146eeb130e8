/* list.c - the cursor, scrolling and filter shared by the list views
 * (jobs, nodes, partitions, metrics). What a row shows is the view's. */
#include <curses.h>
#include <string.h>

#include "tui.h"

int list_nav_key(struct tui_list *l, int ch, int page)
{
	if (page < 1)
		page = 1;
	switch (ch) {
	case KEY_UP:
	case 'k':
		l->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		l->sel++;
		break;
	case KEY_PPAGE:
		l->sel -= page;
		break;
	case KEY_NPAGE:
		l->sel += page;
		break;
	case KEY_HOME:
	case 'g':
		l->sel = 0;
		break;
	case KEY_END:
	case 'G':
		l->sel = l->count - 1;
		break;
	default:
		return 0;
	}
	return 1;
}

void list_clamp(struct tui_list *l, int count, int rows)
{
	l->count = count;
	if (l->sel >= count)
		l->sel = count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (rows < 1)
		rows = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top > count - rows)
		l->top = count - rows;
	if (l->top < 0)
		l->top = 0;
}

bool list_match(const struct tui_list *l, const struct admin_rec *r,
		const char *key)
{
	if (!l->filter[0])
		return true;
	if (key && strcasestr(key, l->filter))
		return true;
	for (uint32_t i = 0; i < r->n; i++)
		if (r->f[i].kind == ADMIN_F_STR && r->f[i].s &&
		    strcasestr(r->f[i].s, l->filter))
			return true;
	return false;
}
