/* shell.c - flurmsh's connection to the controller: opened on first use,
 * kept for the session (lib/admin reconnects when the controller closed
 * it), errors printed the one way every command prints them. What each
 * command asks and shows is in its cmd-<name>.c. */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "core/err.h"
#include "cmd.h"

static int call(struct shell *sh, uint16_t cmd, char *const *args,
		uint32_t nargs, struct wire_admin_reply *rep)
{
	memset(rep, 0, sizeof(*rep));
	if (!sh->admin) {
		sh->admin = admin_connect(sh->socket_path, 0);
		if (!sh->admin)
			return SH_NOCTLD;
	}
	admin_set_timeout(sh->admin, sh->timeout_ms);
	if (admin_call(sh->admin, cmd, args, nargs, rep) < 0)
		return SH_NOCTLD;
	if (rep->rc != ADMIN_OK)
		return SH_FAILED;
	return SH_OK;
}

int shell_call_quiet(struct shell *sh, uint16_t cmd, char *const *args,
		     uint32_t nargs, struct wire_admin_reply *rep)
{
	return call(sh, cmd, args, nargs, rep);
}

int shell_call(struct shell *sh, const char *name, uint16_t cmd,
	       char *const *args, uint32_t nargs, struct wire_admin_reply *rep)
{
	int rc = call(sh, cmd, args, nargs, rep);
	const char *why;

	if (rc == SH_OK)
		return SH_OK;
	why = rc == SH_NOCTLD ? err_msg() :
	      rep->error ? rep->error : wire_admin_strerror(rep->rc);
	fprintf(stderr, "flurmsh: %s: %s\n", name, why);
	if (sh->json) {
		printf("{\"error\": ");
		out_json_str(stdout, why);
		printf(", \"status\": %d}\n", rc);
	}
	wire_admin_reply_free(rep);
	return rc;
}

void shell_close(struct shell *sh)
{
	admin_close(sh->admin);
	sh->admin = NULL;
}
