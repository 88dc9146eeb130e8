/* slurm_body.c - run a Slurm message body through the codec its type
 * selects (see slurm_body.h), then check that what was decoded packs to
 * bytes that decode and pack again identically. Memory errors and leaks
 * are found by the sanitizers, not here. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pack.h"
#include "slurm/debug_flags.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_config.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_node.h"
#include "slurm/msg_part.h"
#include "slurm/msg_stats.h"
#include "slurm/msg_step.h"
#include "slurm/msg_types.h"

#include "fuzz/slurm_body.h"

/* One codec: decode B into a struct, pack the struct, free it. */
struct codec {
	uint16_t type;
	const char *name;
	/* 0: decoded and packed into OUT (OUT may stay empty for codecs
	 * with no packer); -1: refused */
	int (*run)(buf_t *b, buf_t *out);
};

static int run_job_desc(buf_t *b, buf_t *out)
{
	struct slurm_job_desc d;

	if (slurm_job_desc_unpack(b, &d) < 0)
		return -1;
	slurm_job_desc_pack(out, &d);
	(void)slurm_job_desc_first_set(&d);
	slurm_job_desc_free(&d);
	return 0;
}

static int run_job_info_request(buf_t *b, buf_t *out)
{
	struct slurm_job_info_request r;

	if (slurm_job_info_request_unpack(b, &r) < 0)
		return -1;
	slurm_job_info_request_pack(out, &r);
	slurm_job_info_request_free(&r);
	return 0;
}

static int run_job_id_request(buf_t *b, buf_t *out)
{
	struct slurm_job_id_request r;

	if (slurm_job_id_request_unpack(b, &r) < 0)
		return -1;
	slurm_job_id_request_pack(out, &r);
	return 0;
}

static int run_job_user_request(buf_t *b, buf_t *out)
{
	struct slurm_job_user_request r;

	if (slurm_job_user_request_unpack(b, &r) < 0)
		return -1;
	slurm_job_user_request_pack(out, &r);
	return 0;
}

static int run_info_request(buf_t *b, buf_t *out)
{
	struct slurm_info_request r;

	if (slurm_info_request_unpack(b, &r) < 0)
		return -1;
	slurm_info_request_pack(out, &r);
	return 0;
}

static int run_node_single(buf_t *b, buf_t *out)
{
	struct slurm_node_info_single_request r;

	if (slurm_node_info_single_request_unpack(b, &r) < 0)
		return -1;
	/* no packer: the controller only reads it */
	slurm_node_info_single_request_free(&r);
	return 0;
}

static int run_job_kill(buf_t *b, buf_t *out)
{
	struct slurm_job_kill k;

	if (slurm_job_kill_unpack(b, &k) < 0)
		return -1;
	slurm_job_kill_pack(out, &k);
	slurm_job_kill_free(&k);
	return 0;
}

static int run_job_requeue(buf_t *b, buf_t *out)
{
	struct slurm_job_requeue r;

	if (slurm_job_requeue_unpack(b, &r) < 0)
		return -1;
	slurm_job_requeue_pack(out, &r);
	slurm_job_requeue_free(&r);
	return 0;
}

static int run_job_suspend(buf_t *b, buf_t *out)
{
	struct slurm_job_suspend r;

	if (slurm_job_suspend_unpack(b, &r) < 0)
		return -1;
	slurm_job_suspend_pack(out, &r);
	slurm_job_suspend_free(&r);
	return 0;
}

static int run_job_notify(buf_t *b, buf_t *out)
{
	struct slurm_job_notify r;

	if (slurm_job_notify_unpack(b, &r) < 0)
		return -1;
	slurm_job_notify_pack(out, &r);
	slurm_job_notify_free(&r);
	return 0;
}

static int run_alloc_response(buf_t *b, buf_t *out)
{
	struct slurm_alloc_response r;

	if (slurm_alloc_response_unpack(b, &r) < 0)
		return -1;
	slurm_alloc_response_pack(out, &r);
	slurm_alloc_response_free(&r);
	return 0;
}

static int run_alloc_info(buf_t *b, buf_t *out)
{
	struct slurm_alloc_info_request r;

	if (slurm_alloc_info_request_unpack(b, &r) < 0)
		return -1;
	slurm_alloc_info_request_pack(out, &r);
	slurm_alloc_info_request_free(&r);
	return 0;
}

static int run_complete_alloc(buf_t *b, buf_t *out)
{
	struct slurm_complete_alloc r;

	if (slurm_complete_alloc_unpack(b, &r) < 0)
		return -1;
	slurm_complete_alloc_pack(out, &r);
	return 0;
}

static int run_step_id(buf_t *b, buf_t *out)
{
	struct slurm_step_id s;

	if (slurm_step_id_unpack(b, &s) < 0)
		return -1;
	slurm_step_id_pack(out, &s);
	return 0;
}

static int run_srun_timeout(buf_t *b, buf_t *out)
{
	struct slurm_srun_timeout t;

	if (slurm_srun_timeout_unpack(b, &t) < 0)
		return -1;
	slurm_srun_timeout_pack(out, &t);
	return 0;
}

static int run_step_create(buf_t *b, buf_t *out)
{
	struct slurm_step_create_request r;

	if (slurm_step_create_request_unpack(b, &r) < 0)
		return -1;
	slurm_step_create_request_pack(out, &r);
	slurm_step_create_request_free(&r);
	return 0;
}

static int run_step_complete(buf_t *b, buf_t *out)
{
	struct slurm_step_complete r;

	if (slurm_step_complete_unpack(b, &r) < 0)
		return -1;
	slurm_step_complete_pack(out, &r);
	return 0;
}

static int run_step_info_request(buf_t *b, buf_t *out)
{
	struct slurm_step_info_request r;

	if (slurm_step_info_request_unpack(b, &r) < 0)
		return -1;
	slurm_step_info_request_pack(out, &r);
	return 0;
}

static int run_reboot_nodes(buf_t *b, buf_t *out)
{
	struct slurm_reboot_msg m;

	if (slurm_reboot_msg_unpack(b, &m) < 0)
		return -1;
	slurm_reboot_msg_pack(out, &m);
	slurm_reboot_msg_free(&m);
	return 0;
}

static int run_update_node(buf_t *b, buf_t *out)
{
	struct slurm_update_node u;

	if (slurm_update_node_unpack(b, &u) < 0)
		return -1;
	slurm_update_node_pack(out, &u);
	slurm_update_node_free(&u);
	return 0;
}

static int run_empty(buf_t *b, buf_t *out)
{
	return slurm_empty_unpack(b);
}

static int run_fed_info(buf_t *b, buf_t *out)
{
	return slurm_fed_info_unpack(b);
}

static int run_job_info_msg(buf_t *b, buf_t *out)
{
	struct slurm_job_info_msg m;

	if (slurm_job_info_msg_unpack(b, &m) < 0)
		return -1;
	slurm_job_info_msg_pack(out, &m);
	slurm_job_info_msg_free(&m);
	return 0;
}

static int run_node_info_msg(buf_t *b, buf_t *out)
{
	struct slurm_node_info_msg m;

	if (slurm_node_info_msg_unpack(b, &m) < 0)
		return -1;
	slurm_node_info_msg_pack(out, &m);
	slurm_node_info_msg_free(&m);
	return 0;
}

static int run_part_info_msg(buf_t *b, buf_t *out)
{
	struct slurm_part_info_msg m;

	if (slurm_part_info_msg_unpack(b, &m) < 0)
		return -1;
	slurm_part_info_msg_pack(out, &m);
	slurm_part_info_msg_free(&m);
	return 0;
}

static int run_submit_response(buf_t *b, buf_t *out)
{
	struct slurm_submit_response r;

	if (slurm_submit_response_unpack(b, &r) < 0)
		return -1;
	slurm_submit_response_pack(out, r.job_id, r.error_code,
				   r.job_submit_user_msg);
	slurm_submit_response_free(&r);
	return 0;
}

static int run_array_resp(buf_t *b, buf_t *out)
{
	struct slurm_job_array_resp r;

	if (slurm_job_array_resp_unpack(b, &r) < 0)
		return -1;
	slurm_job_array_resp_pack(out, &r);
	slurm_job_array_resp_free(&r);
	return 0;
}

static int run_rc(buf_t *b, buf_t *out)
{
	uint32_t rc;

	if (slurm_rc_unpack(b, &rc) < 0)
		return -1;
	slurm_rc_pack(out, rc);
	return 0;
}

static int run_rc_msg(buf_t *b, buf_t *out)
{
	uint32_t rc;
	char *msg = NULL;

	if (slurm_rc_msg_unpack(b, &rc, &msg) < 0)
		return -1;
	slurm_rc_msg_pack(out, rc, msg);
	free(msg);
	return 0;
}

static int run_build_info_request(buf_t *b, buf_t *out)
{
	time_t t;

	if (slurm_build_info_request_unpack(b, &t) < 0)
		return -1;
	slurm_build_info_request_pack(out, t);
	return 0;
}

static int run_ctl_conf(buf_t *b, buf_t *out)
{
	struct slurm_ctl_conf c;

	if (slurm_ctl_conf_unpack(b, &c) < 0)
		return -1;
	slurm_ctl_conf_pack(out, &c);
	slurm_ctl_conf_free(&c);
	return 0;
}

static int run_stats_request(buf_t *b, buf_t *out)
{
	uint16_t cmd;

	if (slurm_stats_request_unpack(b, &cmd) < 0)
		return -1;
	slurm_stats_request_pack(out, cmd);
	return 0;
}

static int run_debug_flags_request(buf_t *b, buf_t *out)
{
	uint64_t minus, plus;

	if (slurm_debug_flags_request_unpack(b, &minus, &plus) < 0)
		return -1;
	slurm_debug_flags_request_pack(out, minus, plus);
	return 0;
}

static int run_stats(buf_t *b, buf_t *out)
{
	struct slurm_stats s;

	if (slurm_stats_unpack(b, &s) < 0)
		return -1;
	slurm_stats_pack(out, &s);
	slurm_stats_free(&s);
	return 0;
}

/* Requests first: the ones the controller's RPC table decodes. */
static const struct codec codecs[] = {
	{ REQUEST_JOB_INFO, "job info request", run_job_info_request },
	{ REQUEST_JOB_INFO_SINGLE, "job id request", run_job_id_request },
	{ REQUEST_JOB_USER_INFO, "job user request", run_job_user_request },
	{ REQUEST_PARTITION_INFO, "info request", run_info_request },
	{ REQUEST_NODE_INFO, "info request", run_info_request },
	{ REQUEST_NODE_INFO_SINGLE, "node info single", run_node_single },
	{ REQUEST_SUBMIT_BATCH_JOB, "job desc", run_job_desc },
	{ REQUEST_UPDATE_JOB, "job desc", run_job_desc },
	{ REQUEST_RESOURCE_ALLOCATION, "job desc", run_job_desc },
	{ REQUEST_JOB_ALLOCATION_INFO, "allocation info", run_alloc_info },
	{ REQUEST_HET_JOB_ALLOC_INFO, "allocation info", run_alloc_info },
	{ REQUEST_JOB_STEP_CREATE, "step create", run_step_create },
	{ REQUEST_STEP_COMPLETE, "step complete", run_step_complete },
	{ REQUEST_JOB_STEP_INFO, "step info request", run_step_info_request },
	{ REQUEST_JOB_READY, "job id request", run_job_id_request },
	{ REQUEST_COMPLETE_JOB_ALLOCATION, "complete allocation",
	  run_complete_alloc },
	{ REQUEST_KILL_JOB, "job kill", run_job_kill },
	{ REQUEST_CANCEL_JOB_STEP, "job kill", run_job_kill },
	{ REQUEST_JOB_REQUEUE, "job requeue", run_job_requeue },
	{ REQUEST_SUSPEND, "job suspend", run_job_suspend },
	{ REQUEST_TOP_JOB, "job top", run_job_suspend },
	{ REQUEST_JOB_NOTIFY, "job notify", run_job_notify },
	{ REQUEST_UPDATE_NODE, "update node", run_update_node },
	{ REQUEST_REBOOT_NODES, "reboot nodes", run_reboot_nodes },
	{ REQUEST_PING, "empty", run_empty },
	{ REQUEST_RECONFIGURE, "empty", run_empty },
	{ REQUEST_FED_INFO, "empty", run_empty },
	{ REQUEST_BUILD_INFO, "build info request", run_build_info_request },
	{ REQUEST_STATS_INFO, "stats request", run_stats_request },
	{ REQUEST_SET_DEBUG_FLAGS, "debug flags", run_debug_flags_request },
	{ RESPONSE_FED_INFO, "fed info", run_fed_info },
	{ RESPONSE_JOB_INFO, "job info", run_job_info_msg },
	{ RESPONSE_NODE_INFO, "node info", run_node_info_msg },
	{ RESPONSE_PARTITION_INFO, "partition info", run_part_info_msg },
	{ RESPONSE_SUBMIT_BATCH_JOB, "submit response", run_submit_response },
	{ RESPONSE_BUILD_INFO, "build info", run_ctl_conf },
	{ RESPONSE_STATS_INFO, "stats", run_stats },
	{ RESPONSE_JOB_ARRAY_ERRORS, "array errors", run_array_resp },
	{ RESPONSE_RESOURCE_ALLOCATION, "allocation", run_alloc_response },
	{ RESPONSE_JOB_ALLOCATION_INFO, "allocation", run_alloc_response },
	{ SRUN_JOB_COMPLETE, "step id", run_step_id },
	{ SRUN_TIMEOUT, "srun timeout", run_srun_timeout },
	{ RESPONSE_SLURM_RC, "rc", run_rc },
	{ RESPONSE_SLURM_RC_MSG, "rc msg", run_rc_msg },
};
#define NCODECS (sizeof(codecs) / sizeof(codecs[0]))

static const struct codec *codec_for(uint16_t type)
{
	for (size_t i = 0; i < NCODECS; i++)
		if (codecs[i].type == type)
			return &codecs[i];
	return &codecs[type % NCODECS];
}

void fuzz_slurm_body(uint16_t type, uint16_t ver, const uint8_t *body,
		     size_t len)
{
	const struct codec *c = codec_for(type);
	buf_t in, again;
	buf_t *out1 = buf_new(len + 64), *out2 = NULL;
	int rc;

	buf_init_view(&in, body, len);
	in.proto = out1->proto = ver;
	rc = c->run(&in, out1);
	if (rc < 0 || buf_len(out1) == 0)
		goto done;
	/* what we pack must read back, and pack to the same bytes */
	out2 = buf_new(buf_len(out1) + 64);
	buf_init_view(&again, out1->data, buf_len(out1));
	again.proto = out2->proto = ver;
	if (c->run(&again, out2) < 0) {
		fprintf(stderr, "%s: packed body does not decode\n", c->name);
		abort();
	}
	if (buf_len(out1) != buf_len(out2) ||
	    memcmp(out1->data, out2->data, buf_len(out1))) {
		fprintf(stderr, "%s: decode+pack is not stable\n", c->name);
		abort();
	}
done:
	buf_free(out1);
	if (out2)
		buf_free(out2);
}
