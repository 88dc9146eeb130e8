/* cmd-ping.c - `ping`: is the controller there, is it the leader, and
 * how long a round trip takes. */
#include <stdio.h>
#include <time.h>

#include "cmd.h"

static int cmd_ping_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	struct timespec t0, t1;
	const struct admin_field *l, *t;
	double ms;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = shell_call(sh, argv[0], ADMIN_PING, NULL, 0, &rep);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc)
		return rc;
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	l = rep.nrecs ? wire_admin_rec_get(&rep.recs[0], "leader") : NULL;
	t = rep.nrecs ? wire_admin_rec_get(&rep.recs[0], "term") : NULL;
	if (sh->json) {
		printf("{\"ok\": true, \"socket\": ");
		out_json_str(stdout, sh->socket_path);
		printf(", \"leader\": %s, \"term\": %lld, \"ms\": %.3f}\n",
		       l && l->i ? "true" : "false", t ? (long long)t->i : 0, ms);
	} else {
		printf("flurmctld at %s is up (%s, term %lld), %.3f ms\n",
		       sh->socket_path, l && l->i ? "leader" : "not the leader",
		       t ? (long long)t->i : 0, ms);
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_ping_entry = {
	.name = "ping",
	.args = "",
	.help = "check that the controller answers, and whether it leads",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_ping_exec,
};
