/* view-controllers.c - screen 5: the controllers. FLURM runs one
 * controller for now; this screen says so and shows its leadership.
 * Members, indexes and leadership transfer come with high availability. */
#include "tui.h"

static void controllers_draw(struct tui *t, struct tui_out *o)
{
	out_line(o, TA_TITLE, "Controllers");
	out_line(o, TA_NORMAL, "one controller; high availability comes later");
	out_line(o, TA_NORMAL, "%s", "");
	out_line(o, TA_HEADER, "%-40s %-12s %s", "ADMIN SOCKET", "ROLE", "TERM");
	out_line(o, t->connected ? TA_GOOD : TA_BAD, "%-40s %-12s %lld",
		 t->socket_path, !t->connected ? "unreachable" :
		 t->m.leader ? "leader" : "follower", (long long)t->m.term);
}

static const char *const controllers_help[] = { NULL };

const struct tui_view view_controllers = {
	.name = "controllers",
	.key = '5',
	.draw = controllers_draw,
	.help = controllers_help,
};
