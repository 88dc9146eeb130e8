/* admin_fwd.h - a follower sends an admin request on to the leader's
 * admin_port and gets its answer back. See admin_fwd.c. */
#ifndef FLURM_CTLD_ADMIN_FWD_H
#define FLURM_CTLD_ADMIN_FWD_H

#include <stdbool.h>
#include <sys/types.h>

struct ctld;
struct wire_admin_request;
struct wire_admin_reply;

/* The leader's answer, or one made here when it could not be had (its
 * rc and error say why). Called exactly once, from the loop; REP is
 * freed after the call. */
typedef void (*admin_fwd_cb)(void *arg, struct wire_admin_reply *rep);

/* Send RQ to the leader as asked by UID (an operator or not, as this
 * controller found). -1 with err_msg() when it cannot be sent (no
 * admin_port, no leader known): CB is not called then. */
int admin_fwd_call(struct ctld *c, const struct wire_admin_request *rq,
		   uid_t uid, bool is_operator, admin_fwd_cb cb, void *arg);

/* Shutdown: every forward in flight fails. */
void admin_fwd_close_all(struct ctld *c);

#endif
