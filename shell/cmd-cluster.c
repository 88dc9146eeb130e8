/* cmd-cluster.c - `cluster status|members|leader|transfer|join|leave`:
 * reserved; the controller membership commands come with high
 * availability. Having the name now keeps scripts from using it for
 * something else. */
#include <stdio.h>

#include "cmd.h"

static const char *const subs[] = {
	"join", "leader", "leave", "members", "status", "transfer", NULL,
};

static int cmd_cluster_exec(struct shell *sh, int argc, char **argv)
{
	fprintf(stderr, "flurmsh: cluster: controller membership commands come "
		"with high availability; this release has none\n");
	if (sh->json)
		printf("{\"error\": \"not available in this release\", \"status\": 1}\n");
	return SH_FAILED;
}

const struct cmd_entry cmd_cluster_entry = {
	.name = "cluster",
	.args = "status|members|leader|transfer|join|leave",
	.help = "controller membership (comes with high availability)",
	.min_args = 0,
	.max_args = -1,
	.complete = { CMD_ARG_SUB, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_cluster_exec,
};
