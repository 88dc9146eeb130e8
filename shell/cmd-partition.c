/* cmd-partition.c - `partition set|create NAME KEY=VALUE...` and
 * `partition delete NAME`: change partitions at runtime, as scontrol
 * update/create/delete partition do. The controller checks the keys and
 * that the caller is an operator; a reload resets partitions to
 * slurm.conf. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const char *const subs[] = { "set", "create", "delete", NULL };

static int cmd_partition_exec(struct shell *sh, int argc, char **argv)
{
	struct wire_admin_reply rep;
	const char *verb = argv[1];
	int rc;

	if (strcmp(verb, "set") && strcmp(verb, "create") && strcmp(verb, "delete"))
		return cmd_usage_error(sh, &cmd_partition_entry,
				       "unknown subcommand '%s'", verb);
	if (argc < 3)
		return cmd_usage_error(sh, &cmd_partition_entry,
				       "%s needs a partition name", verb);
	if (!strcmp(verb, "delete") && argc != 3)
		return cmd_usage_error(sh, &cmd_partition_entry,
				       "delete takes only a partition name");
	if (!strcmp(verb, "set") && argc < 4)
		return cmd_usage_error(sh, &cmd_partition_entry,
				       "set needs at least one KEY=VALUE");
	for (int i = 3; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			return cmd_usage_error(sh, &cmd_partition_entry,
					       "'%s' is not KEY=VALUE", argv[i]);
	rc = shell_call(sh, "partition", ADMIN_PART_UPDATE, argv + 1,
			(uint32_t)argc - 1, &rep);
	if (rc)
		return rc;
	if (sh->json) {
		printf("{\"ok\": true, \"action\": ");
		out_json_str(stdout, verb);
		printf(", \"partition\": ");
		out_json_str(stdout, argv[2]);
		printf("}\n");
	} else {
		printf("partition %s: %s\n", argv[2],
		       !strcmp(verb, "set") ? "updated" :
		       !strcmp(verb, "create") ? "created" : "deleted");
	}
	wire_admin_reply_free(&rep);
	return SH_OK;
}

const struct cmd_entry cmd_partition_entry = {
	.name = "partition",
	.args = "set|create NAME KEY=VALUE... | delete NAME",
	.help = "change, create or delete a partition until the next reload",
	.more = "Keys: State=UP|DOWN|DRAIN|INACTIVE MaxTime= DefaultTime= Nodes=\n"
		"AllowGroups= Default=YES|NO Hidden=YES|NO MaxNodes= MinNodes=\n"
		"PriorityTier=. A partition with jobs is not deleted. A reload\n"
		"of slurm.conf resets partitions to the file.",
	.min_args = 1,
	.max_args = -1,
	.complete = { CMD_ARG_SUB, CMD_ARG_PART, CMD_ARG_NONE },
	.subs = subs,
	.exec = cmd_partition_exec,
};
