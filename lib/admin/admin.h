/* admin.h - the one client of flurmctld's admin socket, for flurmsh and
 * flurmtop: connect to the Unix socket (or to admin_port over TCP with
 * MUNGE), send a request, wait for its reply. A connection the controller dropped (restart, idle timeout) is
 * opened again once before a request is given up. Errors say what to do:
 * a missing socket names the path and how to choose another. Rendering
 * replies is the caller's, but for the words both clients must agree on
 * (show.c). */
#ifndef FLURM_ADMIN_H
#define FLURM_ADMIN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "wire/admin.h"

struct admin_client;

/* Connect to flurmctld at TARGET: a Unix socket path (it contains a '/'),
 * or HOST[:PORT] for the TCP admin_port (default port
 * WIRE_ADMIN_DEFAULT_PORT; an IPv6 address in brackets), where the
 * client authenticates with a MUNGE credential from munged at
 * $FLURM_MUNGE_SOCKET or munge's default socket, again on every
 * reconnection. NULL with err_msg() when nothing listens there or the
 * controller refuses the credential ("authentication failed: ...").
 * TIMEOUT_MS bounds each request (0: 30 s). */
struct admin_client *admin_connect(const char *path, int timeout_ms);
/* Whether admin_connect() takes TARGET for HOST[:PORT]. */
bool admin_target_is_tcp(const char *target);
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

/* ---- event stream (protocol in wire/admin.h) ---------------------- */

/* Subscribe A's connection to TOPICS (a comma list), resuming after
 * EPOCH:SEQ when EPOCH is not 0, with a metrics event every METRICS_SECS
 * (0: none). On 0, *RESUMED says whether the missed events follow (else a
 * snapshot does) and *EPOCH, *SEQ are the controller's current ones; the
 * connection then carries only events: read them with admin_next_event.
 * -1 with err_msg() when refused or unreachable. */
int admin_subscribe(struct admin_client *a, const char *topics,
		    uint32_t metrics_secs, uint64_t *epoch, uint64_t *seq,
		    bool *resumed);
/* Wait up to TIMEOUT_MS for the next event. 0 with EV filled (free it
 * with wire_admin_event_free), 1 when none came in time (or a signal
 * interrupted the wait), -1 with err_msg() when the connection is lost or
 * the controller sent nonsense. */
int admin_next_event(struct admin_client *a, struct wire_admin_event *ev,
		     int timeout_ms);

/* A watch: subscribe, hand every event to CB, and after a lost
 * connection connect again (every second) and resume where it left off. */
struct admin_watch {
	const char *topics;           /* comma list, "all" */
	uint32_t metrics_secs;
	uint64_t epoch, seq;          /* in: resume point (0: none); out: the
				       * last event seen */
	bool reconnect;               /* else a lost connection ends it (-1) */
	volatile sig_atomic_t *stop;  /* non-zero ends the watch (0) */
	/* out: after each subscription, whether it resumed */
	bool resumed;
	uint32_t subscriptions;
	/* called after each (re)subscription, before its events; may be NULL */
	void (*on_subscribe)(void *arg, const struct admin_watch *w);
};
/* CB returns non-zero to end the watch (admin_watch then returns 0). */
typedef int (*admin_event_fn)(void *arg, const struct wire_admin_event *ev);
int admin_watch_run(const char *path, struct admin_watch *w,
		    admin_event_fn cb, void *arg);

/* ---- what both clients show (show.c) ------------------------------ */

/* Node record R's state word with its reboot mark, as sinfo shows it:
 * "boot^" once the reboot is issued, the state and "@" while it waits
 * ("draining@"), the bare state otherwise; NONE for a record without a
 * state. Into BUF of LEN (cut to fit), which it returns. */
const char *admin_node_state(const struct admin_rec *r, const char *none,
			     char *buf, size_t len);

#endif
