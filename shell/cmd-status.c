/* cmd-status.c - `status`: the controller's version, uptime, leadership
 * and term, and how many jobs and nodes are in each state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* "pending 2, running 1" from the PREFIX.* fields that are not zero. */
static void counts(const struct admin_rec *r, const char *prefix)
{
	size_t plen = strlen(prefix);
	bool any = false;

	for (uint32_t i = 0; i < r->n; i++) {
		const struct admin_field *f = &r->f[i];

		if (strncmp(f->key, prefix, plen) || f->kind != ADMIN_F_INT || !f->i)
			continue;
		printf("%s%s %lld", any ? ", " : "", f->key + plen, (long long)f->i);
		any = true;
	}
	printf("%s\n", any ? "" : "none");
}

static int cmd_status_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	const struct admin_rec *r;
	char *v;
	int rc = shell_call(sh, argv[0], ADMIN_STATUS, NULL, 0, &rep);

	if (rc)
		return rc;
	if (sh->json) {
		out_json(&rep, "status", true);
		wire_admin_reply_free(&rep);
		return SH_OK;
	}
	if (!rep.nrecs) {
		wire_admin_reply_free(&rep);
		fprintf(stderr, "flurmsh: status: empty reply\n");
		return SH_FAILED;
	}
	r = &rep.recs[0];
	v = out_field_text(wire_admin_rec_get(r, "cluster"));
	printf("cluster:    %s\n", v);
	free(v);
	v = out_field_text(wire_admin_rec_get(r, "version"));
	printf("version:    flurmctld %s\n", v);
	free(v);
	v = out_field_text(wire_admin_rec_get(r, "uptime"));
	printf("uptime:     %s", v);
	free(v);
	v = out_field_text(wire_admin_rec_get(r, "started"));
	printf(" (since %s)\n", v);
	free(v);
	{
		const struct admin_field *l = wire_admin_rec_get(r, "leader");
		const struct admin_field *t = wire_admin_rec_get(r, "term");
		const struct admin_field *id = wire_admin_rec_get(r, "raft_id");

		printf("leader:     %s (raft id %lld, term %lld)\n",
		       l && l->i ? "yes" : "no", id ? (long long)id->i : 0,
		       t ? (long long)t->i : 0);
	}
	printf("jobs:       ");
	counts(r, "jobs.");
	printf("nodes:      ");
	counts(r, "nodes.");
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.args = "",
	.help = "the controller: version, uptime, leader, term, jobs and nodes by state",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_status_exec,
};
