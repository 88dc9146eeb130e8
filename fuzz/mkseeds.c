/* mkseeds.c - writes the seed corpus of the fuzz targets from the
 * project's own test vectors: the Slurm 22.05 golden captures (whole
 * frames and their bodies) and messages, commands and snapshots built
 * with the project's encoders as the unit tests build them. Text seeds
 * (configs, hostlists, time strings) are gathered by mkcorpus.sh.
 * Usage: mkseeds GOLDEN_DIR OUT_DIR */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/err.h"
#include "core/pack.h"
#include "slurm/msg_job.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_node.h"
#include "slurm/msg_part.h"
#include "slurm/msg_types.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"
#include "state/state.h"
#include "wire/wire.h"

#include "fuzz/fuzz.h"
#include "fuzz/state_base.h"
#include "tests/unit/state_fixture.h"

static const char *out_dir;
static unsigned nseeds;

static void put(const char *target, const char *name, const void *data,
		size_t len)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	fp = fopen(path, "wb");
	if (!fp || (len && fwrite(data, 1, len, fp) != len) || fclose(fp)) {
		perror(path);
		exit(1);
	}
	nseeds++;
}

/* A body as fuzz_slurm_body takes it: u16 type, then the body. */
static void put_body(const char *name, uint16_t type, const uint8_t *body,
		     size_t len)
{
	uint8_t *seed = malloc(len + 2);

	if (!seed)
		abort();
	seed[0] = (uint8_t)(type >> 8);
	seed[1] = (uint8_t)type;
	if (len)
		memcpy(seed + 2, body, len);
	put("slurm_body", name, seed, len + 2);
	free(seed);
}

/* ---- Slurm: the golden captures ---- */

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		data = malloc((size_t)n + 1);
		if (data && fread(data, 1, (size_t)n, fp) != (size_t)n) {
			free(data);
			data = NULL;
		}
		*len = (size_t)n;
	}
	fclose(fp);
	return data;
}

static void golden_case(const char *dir, const char *gcase)
{
	char path[4096], name[512];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", dir, gcase);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t len = 0, nl = strlen(e->d_name);
		struct slurm_msg m;
		uint8_t *data;

		if (nl < 5 || strcmp(e->d_name + nl - 4, ".bin"))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, gcase, e->d_name);
		data = read_file(path, &len);
		if (!data || len < 4) {
			free(data);
			continue;
		}
		/* a capture is one frame with its u32 length prefix */
		snprintf(name, sizeof(name), "golden-%s-%s", gcase, e->d_name);
		put("slurm_frame", name, data + 4, len - 4);
		if (slurm_msg_parse(data + 4, len - 4, &m) == 0)
			put_body(name, m.msg_type, m.body, m.body_len);
		free(data);
	}
	closedir(d);
}

static void golden(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "mkseeds: no golden captures at %s\n", dir);
		return;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			golden_case(dir, e->d_name);
	closedir(d);
}

/* ---- Slurm: messages built with our encoders ---- */

static void slurm_built(void)
{
	buf_t *b = buf_new(4096), *f;
	struct slurm_job_info_msg jm = { 0 };
	struct slurm_job_info j;
	struct slurm_node_info_msg nm = { 0 };
	struct slurm_node_info n;
	struct slurm_part_info_msg pm = { 0 };
	struct slurm_part_info p;
	struct slurm_job_kill k = { .job_id = NO_VAL, .step_id = NO_VAL,
				    .sjob_id = "12_[1-3]", .signal = 9 };
	struct slurm_update_node u = { .node_names = "n[1-4]",
		.node_state = NO_VAL, .reason = "fuzz", .weight = NO_VAL };
	struct slurm_reboot_msg rb = { .flags = SLURM_REBOOT_FLAGS_ASAP,
		.next_state = NODE_RESUME, .node_list = "n[1-4]",
		.reason = "kernel" };
	uint32_t codes[2] = { 0, 2017 };
	char *ids[2] = { "5_1", "5_2" };
	struct slurm_job_array_resp ar = { 2, codes, ids };
	struct slurm_job_desc d;

	slurm_job_info_init(&j);
	j.name = "seed";
	j.nodes = "n[1-2]";
	jm.record_count = 1;
	jm.jobs = &j;
	slurm_job_info_msg_pack(b, &jm);
	put_body("built-job-info", RESPONSE_JOB_INFO, b->data, buf_len(b));

	b->off = 0;
	slurm_node_info_init(&n);
	n.name = "n1";
	nm.record_count = 1;
	nm.nodes = &n;
	slurm_node_info_msg_pack(b, &nm);
	put_body("built-node-info", RESPONSE_NODE_INFO, b->data, buf_len(b));

	b->off = 0;
	slurm_part_info_init(&p);
	p.name = "debug";
	p.nodes = "n[1-4]";
	pm.record_count = 1;
	pm.parts = &p;
	slurm_part_info_msg_pack(b, &pm);
	put_body("built-part-info", RESPONSE_PARTITION_INFO, b->data,
		 buf_len(b));

	b->off = 0;
	slurm_job_kill_pack(b, &k);
	put_body("built-kill-array", REQUEST_KILL_JOB, b->data, buf_len(b));

	b->off = 0;
	slurm_update_node_pack(b, &u);
	put_body("built-update-node", REQUEST_UPDATE_NODE, b->data,
		 buf_len(b));

	b->off = 0;
	slurm_reboot_msg_pack(b, &rb);
	put_body("built-reboot-nodes", REQUEST_REBOOT_NODES, b->data,
		 buf_len(b));

	b->off = 0;
	slurm_job_array_resp_pack(b, &ar);
	put_body("built-array-errors", RESPONSE_JOB_ARRAY_ERRORS, b->data,
		 buf_len(b));

	b->off = 0;
	slurm_rc_msg_pack(b, 2017, "seed message");
	put_body("built-rc-msg", RESPONSE_SLURM_RC_MSG, b->data, buf_len(b));

	b->off = 0;
	slurm_submit_response_pack(b, 42, 0, "hello");
	put_body("built-submit-resp", RESPONSE_SUBMIT_BATCH_JOB, b->data,
		 buf_len(b));

	/* a job update as scontrol sends it, in an auth/none frame */
	b->off = 0;
	slurm_job_desc_init(&d);
	d.job_id = 7;
	d.name = "renamed";
	d.priority = 0;
	slurm_job_desc_pack(b, &d);
	put_body("built-update-job", REQUEST_UPDATE_JOB, b->data, buf_len(b));
	f = buf_new(256);
	if (slurm_msg_build(f, REQUEST_UPDATE_JOB, 0, SLURM_AUTH_NONE,
			    "host1", b->data, (uint32_t)buf_len(b)) == 0)
		put("slurm_frame", "built-update-job-none", f->data + 4,
		    buf_len(f) - 4);
	buf_free(f);
	buf_free(b);
}

/* BODY (packed at its version) in an auth/none frame with a header of
 * that version. */
static void put_frame_ver(const char *name, uint16_t type, const buf_t *body)
{
	buf_t *f = buf_new(buf_len(body) + 128);

	if (slurm_msg_build(f, type, 0, SLURM_AUTH_NONE, "host1", body->data,
			    (uint32_t)buf_len(body)) == 0) {
		/* the header layout is 22.05's; only the version differs */
		f->data[4] = (uint8_t)(body->proto >> 8);
		f->data[5] = (uint8_t)body->proto;
		put("slurm_frame", name, f->data + 4, buf_len(f) - 4);
	}
	buf_free(f);
}

/* Frames of 23.02 and 23.11 clients, with the fields their tables add
 * set. */
static void slurm_built_2302(void)
{
	buf_t *b = buf_new(4096);
	struct slurm_job_desc d;
	struct slurm_job_info_msg jm = { 0 };
	struct slurm_job_info j;
	struct slurm_node_info_msg nm = { 0 };
	struct slurm_node_info n;
	struct slurm_part_info_msg pm = { 0 };
	struct slurm_part_info p;

	b->proto = SLURM_23_02_PROTOCOL_VERSION;
	slurm_job_desc_init(&d);
	d.name = "v23";
	d.script = "#!/bin/sh\ntrue\n";
	d.container_id = "cid";
	d.job_size_str = "1-4";
	slurm_job_desc_pack(b, &d);
	put_frame_ver("v2302-submit", REQUEST_SUBMIT_BATCH_JOB, b);

	b->off = 0;
	slurm_job_info_init(&j);
	j.name = "seed";
	j.failed_node = "n2";
	j.extra = "x";
	j.state_reason = 2;
	jm.record_count = 1;
	jm.jobs = &j;
	slurm_job_info_msg_pack(b, &jm);
	put_frame_ver("v2302-job-info", RESPONSE_JOB_INFO, b);

	b->off = 0;
	slurm_node_info_init(&n);
	n.name = "n1";
	n.resv_name = "maint";
	nm.record_count = 1;
	nm.nodes = &n;
	slurm_node_info_msg_pack(b, &nm);
	put_frame_ver("v2302-node-info", RESPONSE_NODE_INFO, b);

	b->off = 0;
	slurm_part_info_init(&p);
	p.name = "debug";
	pm.record_count = 1;
	pm.parts = &p;
	slurm_part_info_msg_pack(b, &pm);
	put_frame_ver("v2302-part-info", RESPONSE_PARTITION_INFO, b);

	b->off = 0;
	b->proto = SLURM_23_11_PROTOCOL_VERSION;
	n.instance_id = "i-1";
	n.instance_type = "small";
	slurm_node_info_msg_pack(b, &nm);
	put_frame_ver("v2311-node-info", RESPONSE_NODE_INFO, b);
	buf_free(b);
}

/* ---- node protocol ---- */

static void wire_seeds(void)
{
	buf_t *stream = buf_new(4096);
	struct wire_job_event ended = { .job_id = 3, .status = 256,
		.time = FUZZ_T0, .reason = WIRE_FAIL_EPILOG,
		.message = "epilog failed" };
	uint32_t running[2] = { 1, 2 };
	struct wire_register reg = { .cred = "MUNGE:seed:", .node_name =
		"node1", .cpus = 4, .sockets = 1, .cores = 4, .threads = 1,
		.memory_mb = 1000, .boot_time = FUZZ_T0, .version = "0.1",
		.running = running, .nrunning = 2, .ended = &ended,
		.nended = 1 };
	struct wire_register_ok ok = { .cluster = "c", .heartbeat_interval
		= 10, .kill = running, .nkill = 2 };
	struct wire_heartbeat hb = { FUZZ_T0, 150, 900, 2 };
	char *env[] = { "A=1", "B=2" }, *argv[] = { "job.sh" };
	struct wire_launch l = { .job_id = 1, .name = "j", .user = "alice",
		.partition = "debug", .uid = 1000, .gid = 1000,
		.work_dir = "/tmp", .std_out = "/tmp/o", .script =
		"#!/bin/sh\ntrue\n", .env = env, .env_count = 2, .argv = argv,
		.argc = 1, .nodelist = "node[1-2]", .num_nodes = 2,
		.num_tasks = 2, .cpus_per_task = 1, .cpus_on_node = 1,
		.mem_mb = 100, .time_limit = 5, .start_time = FUZZ_T0,
		.submit_dir = "/tmp", .account = "acct" };
	struct wire_signal sig = { 1, 15, 30, WIRE_TERM_CANCEL,
				   WIRE_SIG_BATCH };
	struct wire_error err = { "not leader" };
	static const struct { uint16_t type; const char *name; } types[] = {
		{ WIRE_NODE_REGISTER, "register" },
		{ WIRE_NODE_HEARTBEAT, "heartbeat" },
		{ WIRE_JOB_ENDED, "job-ended" },
		{ WIRE_REGISTER_OK, "register-ok" },
		{ WIRE_NOT_LEADER, "not-leader" },
		{ WIRE_JOB_LAUNCH, "launch" },
		{ WIRE_JOB_TERMINATE, "terminate" },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		buf_t *b = wire_frame_begin(types[i].type);

		switch (types[i].type) {
		case WIRE_NODE_REGISTER: wire_pack_register(b, &reg); break;
		case WIRE_NODE_HEARTBEAT: wire_pack_heartbeat(b, &hb); break;
		case WIRE_JOB_ENDED: wire_pack_job_event(b, &ended); break;
		case WIRE_REGISTER_OK: wire_pack_register_ok(b, &ok); break;
		case WIRE_JOB_LAUNCH: wire_pack_launch(b, &l); break;
		case WIRE_JOB_TERMINATE: wire_pack_signal(b, &sig); break;
		default: wire_pack_error(b, &err); break;
		}
		wire_frame_end(b);
		put("wire", types[i].name, b->data, buf_len(b));
		pack_raw(stream, b->data, buf_len(b));
		buf_free(b);
	}
	put("wire", "stream", stream->data, buf_len(stream));
	buf_free(stream);
}

/* ---- state machine ---- */

static void add_cmd(buf_t *seq, buf_t *cmd)
{
	pack16(seq, (uint16_t)buf_len(cmd));
	pack_raw(seq, cmd->data, buf_len(cmd));
	buf_free(cmd);
}

static void state_seeds(void)
{
	struct state *st = fuzz_state_base();
	buf_t *snap = state_snapshot(st), *seq = buf_new(1024);
	struct node_update nu = { .names = "node[2-3]", .op = NODE_UPD_DRAIN,
				  .reason = "seed" };
	struct job_update ju = { .job_id = 2, .fields = JOB_UPD_TIME_LIMIT |
				 JOB_UPD_NAME, .name = "n", .time_limit = 9 };
	struct job_spec js;
	struct node_spec ns = { .name = "node9", .cpus = 2, .memory_mb = 10,
				.weight = 1 };
	struct part_spec ps = { .name = "p", .nodes = "node9",
		.is_default = true, .max_time = STATE_INFINITE,
		.default_time = STATE_NO_VAL, .max_nodes = STATE_INFINITE };
	struct state_params prm = { .min_job_age = 10, .kill_wait = 5,
		.slurmd_timeout = 30, .first_job_id = 10, .max_job_id = 20 };
	uint32_t idx[2] = { 1, 2 }, tasks[2] = { 1, 1 };
	struct step_spec sp = { .job_id = 4, .name = "step", .nnodes = 2,
		.node_idx = idx, .tasks = tasks, .cpus_per_task = 1,
		.time_limit = STATE_INFINITE, .srun_host = "127.0.0.1",
		.srun_port = 40000 };
	char name[64];

	put("state_restore", "base", snap->data, buf_len(snap));
	buf_free(snap);

	memset(&js, 0, sizeof(js));
	js.name = "seed";
	js.user = "bob";
	js.uid = 1001;
	js.gid = 1001;
	js.min_nodes = js.max_nodes = 2;
	js.num_tasks = 2;
	js.cpus_per_task = 1;
	js.time_limit = 10;
	js.priority = STATE_NO_VAL;
	js.work_dir = "/tmp";
	js.script = "#!/bin/sh\n";
	js.features = "fast";
	js.req_nodes = "node[2-3]";
	add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 10));
	/* a request only CMD_SUBMIT_REQ holds: licenses, GPUs, --tmp */
	js.licenses = "matlab:1";
	js.tres_per_node = "gres:gpu:1";
	js.gpus_per_node = 1;
	js.tmp_mb = 10;
	js.oversubscribe = true;
	add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 10));
	js.licenses = js.tres_per_node = NULL;
	js.gpus_per_node = js.tmp_mb = 0;
	js.oversubscribe = false;
	{
		/* the same request twice: one job */
		buf_t *in = cmd_submit(&js, FUZZ_T0 + 10);

		add_cmd(seq, cmd_once(7, in, FUZZ_T0 + 10));
		add_cmd(seq, cmd_once(7, in, FUZZ_T0 + 11));
		buf_free(in);
	}
	add_cmd(seq, cmd_start(4, idx, 2, 1, 10, FUZZ_T0 + 11));
	/* steps of job 4: one ended on one node, one cancelled, one left
	 * to end with the job */
	add_cmd(seq, cmd_step_create(&sp, FUZZ_T0 + 11));
	add_cmd(seq, cmd_step_end(4, 0, "node2", 0, FUZZ_T0 + 11,
				  FUZZ_T0 + 12));
	sp.overlap = true;
	add_cmd(seq, cmd_step_create(&sp, FUZZ_T0 + 12));
	add_cmd(seq, cmd_step_cancel(4, 1, FUZZ_T0 + 12));
	add_cmd(seq, cmd_step_create(&sp, FUZZ_T0 + 12));
	add_cmd(seq, cmd_job_update(&ju, FUZZ_T0 + 12));
	{
		/* job 4 shrunk to its batch node with a step still on
		 * both (scontrol update NumNodes=1) */
		struct job_update sh = { .job_id = 4, .fields = JOB_UPD_SHRINK,
					 .keep_nodes = "node2" };

		add_cmd(seq, cmd_job_update(&sh, FUZZ_T0 + 12));
	}
	add_cmd(seq, cmd_hold(2, true, false, FUZZ_T0 + 12));
	add_cmd(seq, cmd_cancel(4, 1001, FUZZ_T0 + 13));
	add_cmd(seq, cmd_job_end(4, 15, FUZZ_T0 + 14));
	add_cmd(seq, cmd_timeout(1, FUZZ_T0 + 15));
	add_cmd(seq, cmd_requeue(1, JOB_REASON_NONE, 120, FUZZ_T0 + 16));
	add_cmd(seq, cmd_node_down("node4", "gone", 0, FUZZ_T0 + 17));
	add_cmd(seq, cmd_node_update(&nu, FUZZ_T0 + 18));
	/* new features, the weight kept (the command's newest shape) */
	nu.op = NODE_UPD_WEIGHT;
	nu.set_features = true;
	nu.features = "fast,ib";
	add_cmd(seq, cmd_node_update(&nu, FUZZ_T0 + 18));
	add_cmd(seq, cmd_node_up("node4", 4, 1000, FUZZ_T0 + 19,
				 FUZZ_T0 + 19));
	/* a registration with gres.conf's GPU count; spread starts, the
	 * older kind and the one whose CPUs follow the tasks */
	add_cmd(seq, cmd_node_up_gpus("node3", 4, 1000, FUZZ_T0 + 19, 1,
				      FUZZ_T0 + 19));
	add_cmd(seq, cmd_start_spread(2, idx, 2, 1, 10, false, FUZZ_T0 + 19));
	add_cmd(seq, cmd_start_spread(3, idx, 2, 2, 10, true, FUZZ_T0 + 19));
	{
		/* an array of three tasks (jobs 5-7, at most two running):
		 * one updated, one cancelled, then all */
		static const uint32_t arr[] = { 0, 4, 8 }, one[] = { 4 };

		add_cmd(seq, cmd_array_submit(&js, arr, 3, 2, FUZZ_T0 + 20));
		add_cmd(seq, cmd_array_update(5, one, 1, &ju, FUZZ_T0 + 21));
		add_cmd(seq, cmd_array_cancel(5, one, 1, 1001, FUZZ_T0 + 22));
		add_cmd(seq, cmd_array_cancel(5, NULL, 0, 1001, FUZZ_T0 + 23));
	}
	/* the newest request members, which only a snapshot in format 19
	 * holds: -N named the count, --gpus-per-node with --cpus-per-gpu
	 * (left pending) */
	js.max_nodes_given = true;
	js.tres_per_node = "gres:gpu:1";
	js.gpus_per_node = 1;
	js.cpus_per_gpu = 2;
	add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 24));
	js.tres_per_node = NULL;
	js.gpus_per_node = js.cpus_per_gpu = 0;
	js.max_nodes_given = false;
	{
		/* -c raised for MaxMemPerCPU, a default memory (format
		 * 20), then an update that gives the -c back, a memory,
		 * and names the upper node count */
		struct job_update back = { .fields = JOB_UPD_CPUS_PER_TASK |
			JOB_UPD_MEM | JOB_UPD_CPUS_ASKED | JOB_UPD_NODES |
			JOB_UPD_NODES_GIVEN | JOB_UPD_MEM_ASKED,
			.min_nodes = 1, .max_nodes = 2,
			.cpus_per_task = 1, .mem_mb = 100, .mem_per_cpu = true };

		js.cpus_per_task = 2;
		js.cpus_per_task_asked = 1;
		js.mem_mb = 250;
		js.mem_per_cpu = true;
		js.mem_default = true;
		add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 25));
		js.mem_default = false;
		js.cpus_per_task = 1;
		js.cpus_per_task_asked = 0;
		js.mem_mb = 0;
		js.mem_per_cpu = false;
		back.job_id = 11;
		add_cmd(seq, cmd_job_update(&back, FUZZ_T0 + 26));
	}
	{
		/* scontrol update of request members (the newest, 30 to
		 * 33, only in format 21), Requeue, WorkDir and StdOut */
		struct job_update req = { .job_id = 11,
			.fields = JOB_UPD_REQ | JOB_UPD_REQUEUE |
				JOB_UPD_WORK_DIR | JOB_UPD_STD_OUT,
			.req_mask = JOB_REQ_EXC_NODES | JOB_REQ_TMP_MB |
				JOB_REQ_NO_SHARE | JOB_REQ_MAIL_USER |
				JOB_REQ_MAIL_TYPE | JOB_REQ_REBOOT,
			.no_requeue = true, .work_dir = "/tmp",
			.std_out = "/tmp/o.txt" };

		req.req.exc_nodes = "node2";
		req.req.tmp_mb = 5;
		req.req.no_share = true;
		req.req.mail_user = "a@b";
		req.req.mail_type = 4;
		req.req.reboot = true;
		add_cmd(seq, cmd_job_update(&req, FUZZ_T0 + 27));
	}
	{
		/* a step created with its GPUs (CMD_STEP_CREATE_GPUS;
		 * a snapshot in format 22): none, as --gres=none asks,
		 * the nodes here having no GPU; then one claiming a GPU
		 * its job does not hold (refused) */
		uint32_t n1 = 0, one = 1;
		uint64_t g = 0;
		struct step_spec gs = sp;

		js.req_nodes = NULL;
		js.features = NULL;
		js.min_nodes = js.max_nodes = 1;
		js.num_tasks = 1;
		add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 28));
		add_cmd(seq, cmd_start(12, &n1, 1, 1, 10, FUZZ_T0 + 28));
		gs.job_id = 12;
		gs.nnodes = 1;
		gs.node_idx = &n1;
		gs.tasks = &one;
		gs.overlap = false;
		gs.gpu_masks = &g;
		add_cmd(seq, cmd_step_create(&gs, FUZZ_T0 + 28));
		g = 1;
		add_cmd(seq, cmd_step_create(&gs, FUZZ_T0 + 28));
	}
	{
		/* a node's active features apart, Comment and Extra
		 * (CMD_NODE_UPDATE_MORE; a snapshot in format 23) */
		struct node_update tu = { .names = "node[1-2]",
			.op = NODE_UPD_WEIGHT, .set_features = true,
			.features = "a,b", .set_features_act = true,
			.features_act = "a", .set_comment = true,
			.comment = "seed", .set_extra = true, .extra = "x=1" };

		add_cmd(seq, cmd_node_update(&tu, FUZZ_T0 + 29));
		tu.names = "node3";
		tu.set_features = false;
		tu.features_act = "";
		tu.set_comment = false;
		add_cmd(seq, cmd_node_update(&tu, FUZZ_T0 + 29));
	}
	{
		/* scontrol reboot ASAP of node[1-2], node1 issued, then back
		 * later; cancel_reboot of node2; nextstate=down of node3,
		 * issued and timed out (CMD_NODE_REBOOT and the two after
		 * it; snapshots in format 24) */
		struct node_update cu = { .names = "node2",
			.op = NODE_UPD_REBOOT_CANCEL };

		add_cmd(seq, cmd_node_reboot("node[1-2]", NODE_REBOOT_F_ASAP,
					     NODE_NEXT_RESUME, "kernel", 0,
					     FUZZ_T0 + 30));
		add_cmd(seq, cmd_node_reboot_issue("node1", FUZZ_T0 + 31));
		add_cmd(seq, cmd_node_reboot("node3", 0, NODE_NEXT_DOWN, NULL,
					     0, FUZZ_T0 + 31));
		add_cmd(seq, cmd_node_reboot_issue("node3", FUZZ_T0 + 32));
		add_cmd(seq, cmd_node_up("node1", 4, 1000, FUZZ_T0 + 40,
					 FUZZ_T0 + 41));
		add_cmd(seq, cmd_node_update(&cu, FUZZ_T0 + 42));
		add_cmd(seq, cmd_node_reboot_timeout("node3", FUZZ_T0 + 32, 0,
						     FUZZ_T0 + 100));
	}
	add_cmd(seq, cmd_prio_skip(3, FUZZ_T0 + 101));
	{
		/* sbatch --reboot (CMD_START_REBOOT; snapshots in format
		 * 28): job 13 on node2, whose node daemon from before the
		 * reboot changes nothing and which is then back; job 14 on
		 * node4, not back in time: requeued; both suspended while
		 * they wait */
		uint32_t n2 = 1, n4 = 3;
		buf_t *s13, *s14;

		js.reboot = true;
		add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 101));
		add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 101));
		js.reboot = false;
		s13 = cmd_start(13, &n2, 1, 1, 10, FUZZ_T0 + 102);
		s14 = cmd_start_spread(14, &n4, 1, 1, 10, 0, FUZZ_T0 + 102);
		add_cmd(seq, cmd_start_reboot(s13));
		add_cmd(seq, cmd_start_reboot(s14));
		buf_free(s13);
		buf_free(s14);
		/* both suspended while they wait: 13 resumed once its node
		 * is back, 14 requeued suspended */
		add_cmd(seq, cmd_job_suspend(13, true, FUZZ_T0 + 102));
		add_cmd(seq, cmd_job_suspend(14, true, FUZZ_T0 + 102));
		add_cmd(seq, cmd_node_up("node2", 4, 1000, FUZZ_T0 + 100,
					 FUZZ_T0 + 103));
		add_cmd(seq, cmd_node_up("node2", 4, 1000, FUZZ_T0 + 104,
					 FUZZ_T0 + 105));
		add_cmd(seq, cmd_job_suspend(13, false, FUZZ_T0 + 106));
		add_cmd(seq, cmd_node_reboot_timeout("node4", FUZZ_T0 + 102, 120,
						     FUZZ_T0 + 200));
	}
	{
		/* an array numbered as slurmctld numbers them: its tasks
		 * wait with ids of their own (CMD_ARRAY_SUBMIT_LATE; the
		 * snapshots after it in format 25) */
		static const uint32_t late[] = { 1, 2, 3 };

		add_cmd(seq, cmd_array_submit_late(&js, late, 3, 1,
						   FUZZ_T0 + 43));
	}
	add_cmd(seq, cmd_purge(FUZZ_T0 + 1000));
	add_cmd(seq, cmd_config(&ns, 1, &ps, 1, &prm, FUZZ_T0 + 1001));
	put("state_apply", "sequence", seq->data, buf_len(seq));

	/* after the sequence: a model with other shapes to restore */
	{
		buf_t v;
		struct state_result res;

		buf_init_view(&v, seq->data, buf_len(seq));
		for (int i = 0; buf_remaining(&v) >= 2; i++) {
			uint16_t n;

			unpack16(&v, &n);
			if (n > buf_remaining(&v))
				break;
			state_apply(st, v.data + v.off, n, &res);
			snprintf(name, sizeof(name), "cmd-%02d", i);
			{
				buf_t *one = buf_new(n + 2);

				pack16(one, n);
				pack_raw(one, v.data + v.off, n);
				put("state_apply", name, one->data,
				    buf_len(one));
				buf_free(one);
			}
			v.off += n;
			snap = state_snapshot(st);
			snprintf(name, sizeof(name), "after-cmd-%02d", i);
			put("state_restore", name, snap->data, buf_len(snap));
			buf_free(snap);
		}
	}
	buf_free(seq);
	state_free(st);
}

/* Job ids wrapping around: slurm.conf as the base model's with ids 2 to
 * 5 that wrap (the base holds 1 to 3), then submissions, a late array
 * whose tasks take ids across the wrap, cancels and purges. */
static void state_wrap_seeds(void)
{
	struct state *st = fuzz_state_base();
	buf_t *seq = buf_new(1024), *snap;
	struct part_spec ps = fixture_part_debug();
	struct node_spec ns[4];
	struct state_params prm = { .min_job_age = 300, .kill_wait = 30,
		.slurmd_timeout = 60, .return_to_service = 1,
		.first_job_id = 2, .max_job_id = 5, .ids_wrap = true };
	static const uint32_t late[] = { 0, 1, 2 };
	struct job_spec js = fixture_job("wrap");
	char names[4][8];
	uint32_t node = 3;

	memset(ns, 0, sizeof(ns));
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "node%d", i + 1);
		ns[i].name = names[i];
		ns[i].cpus = 4;
		ns[i].memory_mb = 1000;
		ns[i].weight = 1;
	}
	js.script = "#!/bin/sh\n";
	add_cmd(seq, cmd_config(ns, 4, &ps, 1, &prm, FUZZ_T0 + 10));
	add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 11));          /* 4 */
	add_cmd(seq, cmd_array_submit_late(&js, late, 3, 0,
					   FUZZ_T0 + 11));    /* 5 */
	add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 11));          /* none */
	add_cmd(seq, cmd_cancel(4, 0, FUZZ_T0 + 12));
	add_cmd(seq, cmd_purge(FUZZ_T0 + 1000));
	add_cmd(seq, cmd_start(STATE_TASK_ID_BASE, &node, 1, 1, 10,
			       FUZZ_T0 + 1001));              /* 3 or 4 */
	add_cmd(seq, cmd_submit(&js, FUZZ_T0 + 1002));
	put("state_apply", "wrap", seq->data, buf_len(seq));
	{
		buf_t v;
		struct state_result res;

		buf_init_view(&v, seq->data, buf_len(seq));
		while (buf_remaining(&v) >= 2) {
			uint16_t n;

			unpack16(&v, &n);
			if (n > buf_remaining(&v))
				break;
			state_apply(st, v.data + v.off, n, &res);
			v.off += n;
		}
	}
	snap = state_snapshot(st);
	put("state_restore", "wrap", snap->data, buf_len(snap));
	buf_free(snap);
	buf_free(seq);
	state_free(st);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mkseeds GOLDEN_DIR OUT_DIR\n");
		return 2;
	}
	fuzz_quiet();
	out_dir = argv[2];
	if (mkdir(out_dir, 0755) < 0 && errno != EEXIST) {
		perror(out_dir);
		return 1;
	}
	golden(argv[1]);
	slurm_built();
	slurm_built_2302();
	wire_seeds();
	state_seeds();
	state_wrap_seeds();
	printf("mkseeds: %u seeds from the golden captures and encoders\n",
	       nseeds);
	return 0;
}
