/* confdiff.h - printing the change list of `reload` and `config diff`
 * (cmd-reload.c), one line per change or one JSON document. */
#ifndef FLURMSH_CONFDIFF_H
#define FLURMSH_CONFDIFF_H

#include "cmd.h"

/* Print REP's change records (NAME: the JSON key); SH_FAILED when a
 * change was refused (a setting that needs a restart), else SH_OK. */
int confdiff_print(struct shell *sh, const struct wire_admin_reply *rep,
		   const char *name, const char *none);

#endif
