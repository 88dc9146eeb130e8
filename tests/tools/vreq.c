/* vreq.c - a test client that speaks a given Slurm protocol version to the
 * controller's Slurm port, as a newer client would: it packs one request
 * with FLURM's codecs at that version, checks the reply's credential, and
 * decodes the reply at the version its header names.
 *
 *   vreq PORT VERSION ping|jobs|nodes|parts|fed|config|stats|submit NAME|
 *        kill JOBID|update JOBID:NAME|step|alloc NAME|allocinfo JOBID|
 *        ready JOBID|release JOBID|sizes COUNTS
 * VERSION is hex (0x2700 = 23.02). Prints "version=0x2700 " and then
 * "rc=N", "jobs=N NAME:STATE_REASON ...", "nodes=N NAME ...", "parts=N
 * NAME:MAX_CPUS_PER_SOCKET ... default=NAME", "fed=none", "job_id=N",
 * "config cluster=NAME launch_type=... max_batch_requeue=N
 * route_plugin=... hash_plugin=... epilog=..." (keys some versions lack
 * show "-"), "stats submitted=N rpc_types=N", "alloc job_id=N
 * node_cnt=N nodes=LIST uid=N user=NAME" (salloc's allocation, also the
 * answer to allocinfo) or "ready=BITS". alloc asks for one node now
 * (immediate), as salloc -I would. sizes submits a held job "sizes" with
 * node counts COUNTS ("1,3", "1-3") as sbatch 23.02 -N COUNTS would:
 * job_size_str COUNTS, the first and last number as min and max nodes.  The munged socket is
 * $FLURM_MUNGE_SOCKET. Exits 1 on any failure. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/auth.h"
#include "slurm/msg_alloc.h"
#include "slurm/msg_config.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_node.h"
#include "slurm/msg_part.h"
#include "slurm/msg_stats.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"

#include "common/exchange.h"

static int fail(const char *what)
{
	fprintf(stderr, "vreq: %s: %s\n", what, err_msg());
	return 1;
}

/* The request body for WHAT at B's version; its type in *TYPE. */
static int build(const char *what, const char *arg, buf_t *b, uint16_t *type)
{
	static char *env[] = { "PATH=/usr/bin:/bin", "HOME=/tmp", NULL };
	char cwd[512];

	if (!strcmp(what, "ping")) {
		*type = REQUEST_PING;
	} else if (!strcmp(what, "fed")) {
		*type = REQUEST_FED_INFO;
	} else if (!strcmp(what, "config")) {
		*type = REQUEST_BUILD_INFO;
		slurm_build_info_request_pack(b, 0);
	} else if (!strcmp(what, "stats")) {
		*type = REQUEST_STATS_INFO;
		slurm_stats_request_pack(b, STAT_COMMAND_GET);
	} else if (!strcmp(what, "jobs")) {
		struct slurm_job_info_request r = { .all_jobs = true };

		*type = REQUEST_JOB_INFO;
		slurm_job_info_request_pack(b, &r);
	} else if (!strcmp(what, "nodes") || !strcmp(what, "parts")) {
		struct slurm_info_request r = { 0 };

		*type = what[0] == 'n' ? REQUEST_NODE_INFO :
			REQUEST_PARTITION_INFO;
		slurm_info_request_pack(b, &r);
	} else if (!strcmp(what, "submit") && arg) {
		struct slurm_job_desc d;

		slurm_job_desc_init(&d);
		d.name = (char *)arg;
		d.script = "#!/bin/sh\ntrue\n";
		d.environment = env;
		d.env_size = 2;
		d.work_dir = getcwd(cwd, sizeof(cwd)) ? cwd : "/tmp";
		d.user_id = getuid();
		d.group_id = getgid();
		d.min_nodes = 1;
		d.num_tasks = 1;
		*type = REQUEST_SUBMIT_BATCH_JOB;
		slurm_job_desc_pack(b, &d);
	} else if (!strcmp(what, "sizes") && arg) {
		struct slurm_job_desc d;
		const char *last = arg + strlen(arg);

		while (last > arg && last[-1] >= '0' && last[-1] <= '9')
			last--;
		slurm_job_desc_init(&d);
		d.name = "sizes";
		d.script = "#!/bin/sh\ntrue\n";
		d.environment = env;
		d.env_size = 2;
		d.work_dir = getcwd(cwd, sizeof(cwd)) ? cwd : "/tmp";
		d.user_id = getuid();
		d.group_id = getgid();
		d.min_nodes = (uint32_t)strtoul(arg, NULL, 10);
		d.max_nodes = (uint32_t)strtoul(last, NULL, 10);
		d.job_size_str = (char *)arg;
		d.priority = 0;                 /* held */
		d.num_tasks = 1;
		*type = REQUEST_SUBMIT_BATCH_JOB;
		slurm_job_desc_pack(b, &d);
	} else if (!strcmp(what, "kill") && arg) {
		struct slurm_job_kill k = { 0 };

		k.sjob_id = (char *)arg;
		k.signal = 9;
		k.step_id = NO_VAL;
		k.step_het_comp = NO_VAL;
		k.job_id = NO_VAL;
		*type = REQUEST_KILL_JOB;
		slurm_job_kill_pack(b, &k);
	} else if (!strcmp(what, "update") && arg && strchr(arg, ':')) {
		/* "ID:NAME": scontrol update JobId=ID JobName=NAME */
		struct slurm_job_desc d;

		slurm_job_desc_init(&d);
		d.job_id = (uint32_t)strtoul(arg, NULL, 10);
		d.name = strchr(arg, ':') + 1;
		*type = REQUEST_UPDATE_JOB;
		slurm_job_desc_pack(b, &d);
	} else if (!strcmp(what, "alloc") && arg) {
		struct slurm_job_desc d;

		slurm_job_desc_init(&d);
		d.name = (char *)arg;
		d.environment = env;
		d.env_size = 2;
		d.work_dir = getcwd(cwd, sizeof(cwd)) ? cwd : "/tmp";
		d.user_id = getuid();
		d.group_id = getgid();
		d.min_nodes = 1;
		d.num_tasks = 1;
		d.immediate = 1;
		*type = REQUEST_RESOURCE_ALLOCATION;
		slurm_job_desc_pack(b, &d);
	} else if (!strcmp(what, "allocinfo") && arg) {
		struct slurm_alloc_info_request r = {
			(uint32_t)strtoul(arg, NULL, 10), NULL
		};

		*type = REQUEST_JOB_ALLOCATION_INFO;
		slurm_alloc_info_request_pack(b, &r);
	} else if (!strcmp(what, "ready") && arg) {
		struct slurm_job_id_request r = {
			(uint32_t)strtoul(arg, NULL, 10), 0
		};

		*type = REQUEST_JOB_READY;
		slurm_job_id_request_pack(b, &r);
	} else if (!strcmp(what, "release") && arg) {
		struct slurm_complete_alloc r = {
			(uint32_t)strtoul(arg, NULL, 10), 0
		};

		*type = REQUEST_COMPLETE_JOB_ALLOCATION;
		slurm_complete_alloc_pack(b, &r);
	} else if (!strcmp(what, "step")) {
		/* a type with no table: any body, it must be refused */
		*type = REQUEST_JOB_STEP_CREATE;
		pack32(b, 0);
	} else {
		return -1;
	}
	return 0;
}

static int show(const struct slurm_msg *m)
{
	buf_t v;
	uint32_t rc;

	buf_init_view(&v, m->body, m->body_len);
	v.proto = m->protocol_version;
	printf("version=0x%04x ", m->protocol_version);
	switch (m->msg_type) {
	case RESPONSE_SLURM_RC:
		if (slurm_rc_unpack(&v, &rc) < 0)
			return fail("return code");
		printf("rc=%u\n", rc);
		return 0;
	case RESPONSE_SUBMIT_BATCH_JOB: {
		struct slurm_submit_response r;

		if (slurm_submit_response_unpack(&v, &r) < 0)
			return fail("submit reply");
		printf("job_id=%u\n", r.job_id);
		slurm_submit_response_free(&r);
		return 0;
	}
	case RESPONSE_JOB_INFO: {
		struct slurm_job_info_msg jm;

		if (slurm_job_info_msg_unpack(&v, &jm) < 0)
			return fail("job list");
		printf("jobs=%u", jm.record_count);
		for (uint32_t i = 0; i < jm.record_count; i++)
			printf(" %s:%u", jm.jobs[i].name ? jm.jobs[i].name : "",
			       jm.jobs[i].state_reason);
		printf("\n");
		slurm_job_info_msg_free(&jm);
		return 0;
	}
	case RESPONSE_NODE_INFO: {
		struct slurm_node_info_msg nm;

		if (slurm_node_info_msg_unpack(&v, &nm) < 0)
			return fail("node list");
		printf("nodes=%u", nm.record_count);
		for (uint32_t i = 0; i < nm.record_count; i++)
			if (nm.nodes[i].name)
				printf(" %s", nm.nodes[i].name);
		printf("\n");
		slurm_node_info_msg_free(&nm);
		return 0;
	}
	case RESPONSE_PARTITION_INFO: {
		struct slurm_part_info_msg pm;

		if (slurm_part_info_msg_unpack(&v, &pm) < 0)
			return fail("partition list");
		printf("parts=%u", pm.record_count);
		for (uint32_t i = 0; i < pm.record_count; i++)
			printf(" %s:%u", pm.parts[i].name,
			       pm.parts[i].max_cpus_per_socket);
		/* the flags (a u32 from 24.05 on) as sinfo's "*" */
		for (uint32_t i = 0; i < pm.record_count; i++)
			if (pm.parts[i].flags & PART_FLAG_DEFAULT)
				printf(" default=%s", pm.parts[i].name);
		printf("\n");
		slurm_part_info_msg_free(&pm);
		return 0;
	}
	case RESPONSE_BUILD_INFO: {
		struct slurm_ctl_conf c;

		if (slurm_ctl_conf_unpack(&v, &c) < 0)
			return fail("configuration");
		printf("config cluster=%s launch_type=%s max_batch_requeue=%u "
		       "route_plugin=%s hash_plugin=%s epilog=%s\n",
		       c.cluster_name ? c.cluster_name : "-",
		       c.launch_type ? c.launch_type : "-",
		       c.max_batch_requeue,
		       c.route_plugin ? c.route_plugin : "-",
		       c.hash_plugin ? c.hash_plugin : "-",
		       c.epilog ? c.epilog : "-");
		slurm_ctl_conf_free(&c);
		return 0;
	}
	case RESPONSE_STATS_INFO: {
		struct slurm_stats st;

		if (slurm_stats_unpack(&v, &st) < 0)
			return fail("statistics");
		printf("stats submitted=%u rpc_types=%u\n", st.jobs_submitted,
		       st.rpc_type_size);
		slurm_stats_free(&st);
		return 0;
	}
	case RESPONSE_RESOURCE_ALLOCATION:
	case RESPONSE_JOB_ALLOCATION_INFO: {
		struct slurm_alloc_response r;

		if (slurm_alloc_response_unpack(&v, &r) < 0)
			return fail("allocation");
		printf("alloc job_id=%u node_cnt=%u nodes=%s uid=%u user=%s\n",
		       r.job_id, r.node_cnt, r.node_list ? r.node_list : "-",
		       r.uid, r.user_name ? r.user_name : "-");
		slurm_alloc_response_free(&r);
		return 0;
	}
	case RESPONSE_JOB_READY:
		if (slurm_rc_unpack(&v, &rc) < 0)
			return fail("job ready");
		printf("ready=%u\n", rc);
		return 0;
	case RESPONSE_FED_INFO:
		if (slurm_fed_info_unpack(&v) < 0)
			return fail("federation info");
		printf("fed=none\n");
		return 0;
	}
	printf("message type %u\n", m->msg_type);
	return 1;
}

int main(int argc, char **argv)
{
	struct auth_ctx *ctx;
	struct slurm_msg m;
	buf_t *body;
	uint8_t *reply;
	uint16_t type = 0, ver;
	int rc;

	if (argc < 4) {
		fprintf(stderr, "usage: vreq PORT VERSION "
			"ping|jobs|nodes|parts|fed|config|stats|submit NAME|kill JOBID|"
			"alloc NAME|allocinfo JOBID|ready JOBID|release JOBID|"
			"sizes COUNTS|"
			"update JOBID:NAME|step\n");
		return 2;
	}
	ver = (uint16_t)strtoul(argv[2], NULL, 16);
	body = buf_new(256);
	body->proto = ver;
	if (build(argv[3], argc > 4 ? argv[4] : NULL, body, &type) < 0) {
		fprintf(stderr, "vreq: unknown request %s\n", argv[3]);
		return 2;
	}
	ctx = auth_create(AUTH_MUNGE, getenv("FLURM_MUNGE_SOCKET"));
	if (!ctx)
		return fail("munge");
	if (tool_exchange(ctx, argv[1], ver, type, body, &reply, &m) < 0)
		return fail("exchange");
	rc = show(&m);
	free(reply);
	buf_free(body);
	auth_destroy(ctx);
	return rc;
}
