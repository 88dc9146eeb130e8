/* view-controllers.c - screen 5: the controllers. FLURM runs one
 * controller for now; this screen says so and shows its leadership.
 * Members, indexes and leadership transfer (t) come with high
 * availability; until then t says so. */
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

static int controllers_key(struct tui *t, int ch)
{
	if (ch != 't')
		return 0;
	/* the admin protocol has no transfer command in this release */
	tui_status(t, "leadership transfer: high availability is not enabled "
		   "(one controller)");
	return 1;
}

static const char *const controllers_help[] = {
	"t        transfer leadership to another controller (with high",
	"         availability; until then says it is not enabled)",
	NULL,
};

const struct tui_view view_controllers = {
	.name = "controllers",
	.key = '5',
	.draw = controllers_draw,
	.key_fn = controllers_key,
	.help = controllers_help,
};
