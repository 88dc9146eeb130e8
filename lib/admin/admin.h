/* admin.h - the one client of flurmctld's admin socket, for flurmsh and
 * flurmtop: connect to the Unix socket, send a request, wait for its
 * reply. A connection the controller dropped (restart, idle timeout) is
 * opened again once before a request is given up. Errors say what to do:
 * a missing socket names the path and how to choose another. Rendering
 * replies is the caller's. */
#ifndef FLURM_ADMIN_H
#define FLURM_ADMIN_H

#include <stdint.h>

#include "wire/admin.h"

struct admin_client;

/* Connect to the admin socket at PATH; NULL with err_msg() when nothing
 * listens there. TIMEOUT_MS bounds each request (0: 30 s). */
struct admin_client *admin_connect(const char *path, int timeout_ms);
void admin_close(struct admin_client *a);
/* Bound each later request by TIMEOUT_MS instead (0: 30 s): for requests
 * that wait on purpose, such as a node removal waiting for jobs. */
void admin_set_timeout(struct admin_client *a, int timeout_ms);

/* Send command CMD with ARGS and wait for the reply. Returns 0 when a
 * reply came (REP->rc may still be an error; free REP with
 * wire_admin_reply_free), -1 with err_msg() when the controller could not
 * be reached or answered nonsense. */
int admin_call(struct admin_client *a, uint16_t cmd, char *const *args,
	       uint32_t nargs, struct wire_admin_reply *rep);

#endif
