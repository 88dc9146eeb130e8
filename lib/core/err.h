/* err.h - the last error of the calling code, as a short human message.
 * Functions return -1 or NULL and call err_set(); the caller shows err_msg().
 * FLURM daemons are single-threaded, so one buffer is enough. */
#ifndef FLURM_ERR_H
#define FLURM_ERR_H

#include "core/log.h"

void err_set(const char *fmt, ...) FLURM_PRINTF(1, 2);
/* Like err_set, but appends ": strerror(errno)". */
void err_set_errno(const char *fmt, ...) FLURM_PRINTF(1, 2);
const char *err_msg(void);
void err_clear(void);

#endif
