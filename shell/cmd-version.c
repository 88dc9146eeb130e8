/* cmd-version.c - `version`: flurmsh's release. */
#include <stdio.h>

#include "core/version.h"
#include "cmd.h"

static int cmd_version_exec(struct shell *sh, int argc, char **argv)
{
	if (sh->json)
		printf("{\"version\": \"%s\"}\n", FLURM_VERSION);
	else
		printf("flurmsh %s\n", FLURM_VERSION);
	return 0;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.args = "",
	.help = "show the version of flurmsh",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_version_exec,
};
