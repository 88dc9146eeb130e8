/* authq.h - munge credential work (opening a request's credential,
 * signing a reply) without blocking the libevent loop, with the outcome
 * delivered in the loop. Calls go to munged's socket from the loop
 * itself when they can (no thread hand-over), otherwise to a few worker
 * threads calling libmunge, whose blocking round trips would stall
 * every other connection if made from the loop. What the credential
 * allows is the caller's. */
#ifndef FLURM_NET_AUTHQ_H
#define FLURM_NET_AUTHQ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "slurm/auth.h"

struct event_base;
struct authq;
struct authq_job;

/* RC 0 with the opened credential, or -1 with WHY (the reason in words). */
typedef void (*authq_open_cb)(void *arg, int rc, const struct auth_ident *id,
			      const char *why);
/* RC 0 with the auth section SEC of SEC_LEN bytes, or -1 (SEC NULL) with
 * WHY; BODY, the one given to authq_sign(), comes back either way. The
 * callback takes SEC and BODY. */
typedef void (*authq_sign_cb)(void *arg, int rc, uint8_t *sec, size_t sec_len,
			      void *body, size_t len, const char *why);

/* THREADS workers (1..64) calling into CTX, which must outlive the queue;
 * callbacks run from BASE's loop. NULL with err_msg() on error. */
struct authq *authq_create(struct event_base *base, struct auth_ctx *ctx,
			   unsigned threads);

/* Stop the workers; jobs not cancelled are called back before this
 * returns, those that never ran with -1 ("auth queue closed"). No
 * callback runs after it. NULL is ignored. */
void authq_destroy(struct authq *q);

/* AUTHQ_LONE: the caller has nothing else to serve meanwhile; a call the
 * loop cannot send to munged itself is then, with the workers idle too,
 * made in the loop at once, sparing the hand-over between threads (two
 * wake-ups, each of which may wait for a busy CPU). The callback still
 * runs from a later loop turn. */
#define AUTHQ_LONE 0x1u

/* Open CRED (copied) as auth_open() does. The callback runs from the
 * loop, never before this returns. */
struct authq_job *authq_open(struct authq *q, const struct auth_cred *cred,
			     unsigned flags, authq_open_cb cb, void *arg);

/* Sign a reply of MSG_TYPE for uid R_UID as auth_sign() does. BODY
 * (malloc'd, may be NULL when LEN is 0) is taken: a worker may still be
 * hashing it when the caller cancels. */
struct authq_job *authq_sign(struct authq *q, uint16_t msg_type,
			     void *body, size_t len, uid_t r_uid,
			     unsigned flags, authq_sign_cb cb, void *arg);

/* The caller no longer wants the outcome of J (its connection went away):
 * its callback will not run. Only for a job whose callback has not run. */
void authq_cancel(struct authq_job *j);

#endif
