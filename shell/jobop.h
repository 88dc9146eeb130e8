/* jobop.h - cancel, hold and release share one loop over job ids
 * (cmd-cancel.c): each id is asked for in turn, each result reported. */
#ifndef FLURMSH_JOBOP_H
#define FLURMSH_JOBOP_H

#include "cmd.h"

/* Run the job operation of E on the ids ARGV[1..]: CMD with the id (after
 * SUBCMD when not NULL). DONE is the word printed on success ("cancelled").
 * Returns SH_OK when every id succeeded, else the worst status. */
int jobop_run(struct shell *sh, const struct cmd_entry *e, uint16_t cmd,
	      const char *subcmd, const char *done, int argc, char **argv);

#endif
