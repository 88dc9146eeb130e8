/* nodestate.h - drain, resume and down share one way of asking the
 * controller for a node state change (cmd-drain.c). */
#ifndef FLURMSH_NODESTATE_H
#define FLURMSH_NODESTATE_H

#include "cmd.h"

/* Ask for OP ("drain", "resume", "down") on ARGV[1] with the reason made
 * of ARGV[2..]; print what was done. Returns an SH_* status. */
int nodestate_change(struct shell *sh, const struct cmd_entry *e,
		     const char *op, int argc, char **argv);

#endif
