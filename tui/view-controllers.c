/* view-controllers.c - screen 5: the Raft cluster of controllers as the
 * connected controller sees it (cluster_status: role, leader, term,
 * commit and applied index, each member's state and log position), and
 * t to hand leadership over (cluster_transfer, operators). The status is
 * asked for at most once a second, and only while this screen is shown:
 * the event stream carries leadership changes, not member details. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"

static struct {
	struct wire_admin_reply rep;
	bool have;
	time_t at;
} cs;

static void status_refresh(struct tui *t)
{
	time_t now = time(NULL);

	if (cs.have && now == cs.at)
		return;
	if (cs.have)
		wire_admin_reply_free(&cs.rep);
	cs.have = t->connected &&
		  tui_call(t, ADMIN_CLUSTER_STATUS, NULL, 0, &cs.rep) == 0;
	cs.at = now;
}

static void controllers_draw(struct tui *t, struct tui_out *o)
{
	const struct admin_rec *me;

	out_line(o, TA_TITLE, "Controllers");
	status_refresh(t);
	if (!cs.have || !cs.rep.nrecs) {
		out_line(o, TA_BAD, "%-40s %s", t->socket_path,
			 t->connected ? "no cluster status" : "unreachable");
		return;
	}
	me = &cs.rep.recs[0];
	out_line(o, TA_NORMAL, "this controller %lld (%s%s), leader %lld, "
		 "term %lld, commit %lld, applied %lld",
		 (long long)rec_int(me, "id"), rec_str(me, "role"),
		 rec_int(me, "serving") ? ", serving" : "",
		 (long long)rec_int(me, "leader"), (long long)rec_int(me, "term"),
		 (long long)rec_int(me, "commit_index"),
		 (long long)rec_int(me, "applied_index"));
	if (cs.rep.nrecs == 2)
		out_line(o, TA_NORMAL, "one controller: nothing to transfer to");
	out_line(o, TA_NORMAL, "%s", "");
	out_line(o, TA_HEADER, "%-4s %-28s %-12s %-6s %s", "ID", "ADDRESS",
		 "STATE", "VOTER", "MATCH");
	for (uint32_t i = 1; i < cs.rep.nrecs; i++) {
		const struct admin_rec *r = &cs.rep.recs[i];
		const char *state = rec_str(r, "state");
		enum tui_attr a = !strcmp(state, "unreachable") ? TA_BAD :
				  !strcmp(state, "leader") ? TA_GOOD : TA_NORMAL;
		char match[24] = "-";

		if (wire_admin_rec_get(r, "match_index"))
			snprintf(match, sizeof(match), "%lld",
				 (long long)rec_int(r, "match_index"));
		out_line(o, a, "%-4lld %-28s %-12s %-6s %s",
			 (long long)rec_int(r, "member"), rec_str(r, "address"),
			 state, rec_int(r, "voter") ? "yes" : "no", match);
	}
}

static void transfer_answer(struct tui *t, const char *answer)
{
	char id[32];
	char *args[] = { id, NULL };

	if (!strcmp(answer, "n") || !strcmp(answer, "N")) {
		tui_status(t, "leadership not transferred");
		return;
	}
	snprintf(id, sizeof(id), "%s", strcmp(answer, "y") ? answer : "");
	if (tui_request(t, ADMIN_CLUSTER_TRANSFER, args, id[0] ? 1 : 0,
			"leadership handed over") == 0 && cs.have) {
		wire_admin_reply_free(&cs.rep);
		cs.have = false;      /* show the new leader at once */
	}
}

static int controllers_key(struct tui *t, int ch)
{
	if (ch != 't')
		return 0;
	tui_ask(t, ASK_TEXT, "Transfer leadership to (controller ID, y for any, "
		"n to keep): ", NULL, transfer_answer);
	return 1;
}

static const char *const controllers_help[] = {
	"t        transfer leadership (operators, on the leader): to the",
	"         controller ID typed, or y for the most up-to-date one",
	NULL,
};

const struct tui_view view_controllers = {
	.name = "controllers",
	.key = '5',
	.draw = controllers_draw,
	.key_fn = controllers_key,
	.help = controllers_help,
};
