/* ops_ctl.c - operations on the controller itself rather than on the
 * model: ask for a scheduling cycle now, show or change the log level and
 * DebugFlags at runtime, shut the controller down. None is replicated: a
 * cycle is the leader's, the log level, DebugFlags and the process each
 * controller's own (flurmctld.conf's log_level again after a restart,
 * slurm.conf's DebugFlags after a reload). Decoding and wording are the
 * listeners'. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/err.h"
#include "core/log.h"
#include "conf/daemon_conf.h"
#include "ctld.h"
#include "ops.h"
#include "slurm/debug_flags.h"

int op_sched_run(struct ctld *c, const struct op_ctx *ctx)
{
	if (!ctx->is_operator) {
		err_set("permission denied: only operators may request a "
			"scheduling cycle");
		return OP_EPERM;
	}
	if (!c->leader) {
		err_set("%s", op_strerror(OP_ENOTLEADER));
		return OP_ENOTLEADER;
	}
	log_info("%s: scheduling cycle requested", ctx->peer);
	/* while starts are in flight a cycle would see stale allocations;
	 * run_cycle defers itself and start_done runs it after them */
	sched_request(c);
	return OP_OK;
}

int op_log_level_parse(const char *word, enum log_level *level)
{
	for (int l = LOG_LEVEL_ERR; l <= LOG_LEVEL_TRACE; l++)
		if (!strcasecmp(word, conf_log_level_name((enum log_level)l))) {
			*level = (enum log_level)l;
			return 0;
		}
	/* scontrol setdebug's words for the same levels */
	if (!strcasecmp(word, "warn") || !strcasecmp(word, "err")) {
		*level = word[0] == 'w' || word[0] == 'W' ? LOG_LEVEL_WARN :
							   LOG_LEVEL_ERR;
		return 0;
	}
	err_set("unknown log level '%s' (error, warning, info, debug, trace)",
		word);
	return -1;
}

int op_log_level(struct ctld *c, const struct op_ctx *ctx,
		 enum log_level level)
{
	enum log_level old = log_get_level();

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may change the log "
			"level");
		return OP_EPERM;
	}
	if (level < LOG_LEVEL_ERR || level > LOG_LEVEL_TRACE) {
		err_set("log level %d out of range", (int)level);
		return OP_EINVAL;
	}
	/* said at the level that is sure to be written, before and after */
	log_msg(old < level ? old : level, "%s: log level %s -> %s", ctx->peer,
		conf_log_level_name(old), conf_log_level_name(level));
	log_set_level(level);
	return OP_OK;
}

int op_debug_flags(struct ctld *c, const struct op_ctx *ctx, uint64_t minus,
		   uint64_t plus)
{
	uint64_t old = c->debug_flags;
	char *o, *n;

	if (!ctx->is_operator) {
		err_set("permission denied: only operators may set DebugFlags");
		return OP_EPERM;
	}
	c->debug_flags = (old & ~minus) | plus;
	/* show config's copies are stale now */
	c->conf_loaded = time(NULL);
	o = slurm_debug_flags_str(old);
	n = slurm_debug_flags_str(c->debug_flags);
	log_info("%s: DebugFlags %s -> %s", ctx->peer, o, n);
	free(o);
	free(n);
	return OP_OK;
}

int op_log_level_slurm(uint32_t slurm_level, enum log_level *level)
{
	/* Slurm's numbers: quiet 0, fatal 1, error 2, info 3, verbose 4,
	 * debug 5, debug2 and more 6+ (scontrol sends these) */
	if (slurm_level > 10) {
		err_set("unknown Slurm debug level %u", (unsigned)slurm_level);
		return -1;
	}
	*level = slurm_level <= 2 ? LOG_LEVEL_ERR :
		 slurm_level <= 4 ? LOG_LEVEL_INFO :
		 slurm_level == 5 ? LOG_LEVEL_DEBUG : LOG_LEVEL_TRACE;
	return 0;
}

int op_shutdown(struct ctld *c, const struct op_ctx *ctx)
{
	if (!ctx->is_operator) {
		err_set("permission denied: only operators may shut the "
			"controller down");
		return OP_EPERM;
	}
	/* at warning level: the reason a controller went away must show
	 * in its log whatever the level */
	log_warn("%s: shutdown requested by uid %u", ctx->peer,
		 (unsigned)ctx->uid);
	ctld_shutdown(c);
	return OP_OK;
}
