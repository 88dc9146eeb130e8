/* cmd.c - packing of the commands that change the cluster model.
 * A command is: u16 type, time now, then type-specific fields packed with
 * core/pack. Unpacking and applying them is apply.c's job; keeping both
 * sides of every layout in this one file makes them easy to compare.
 * A submit's request (core/jobreq.h) packs itself; the older submit
 * layout, with the request written out here, stays for requests that fit
 * it, so older controllers replay them. Do not add members to it. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "state/state.h"
#include "state/state_int.h"

static buf_t *cmd_begin(enum cmd_type type, time_t now)
{
	buf_t *b = buf_new(128);

	pack16(b, (uint16_t)type);
	pack_time(b, now);
	return b;
}

/* A command about one job: its id comes first (state_cmd_job reads it). */
static buf_t *cmd_begin_job(enum cmd_type type, uint32_t job_id, time_t now)
{
	buf_t *b = cmd_begin(type, now);

	pack32(b, job_id);
	return b;
}

/*
 * Both submit layouts write the job's identity, then (in between, the
 * older layout's request fields) its files and notes, then its controls;
 * these three groups are shared so that the layouts cannot drift apart.
 */
static void pack_spec_ident(buf_t *b, const struct job_spec *s)
{
	pack_str(b, s->name);
	pack_str(b, s->partition);
	pack_str(b, s->user);
	pack32(b, s->uid);
	pack32(b, s->gid);
}

static void unpack_spec_ident(buf_t *b, struct job_spec *s)
{
	unpack_str(b, &s->name);
	unpack_str(b, &s->partition);
	unpack_str(b, &s->user);
	unpack32(b, &s->uid);
	unpack32(b, &s->gid);
}

/* The working directory, standard files, script, environment, arguments,
 * account, comment and begin time. */
static void pack_spec_files(buf_t *b, const struct job_spec *s)
{
	pack_str(b, s->work_dir);
	pack_str(b, s->std_out);
	pack_str(b, s->std_err);
	pack_str(b, s->std_in);
	pack_str(b, s->script);
	pack_str_array(b, s->env, s->env_count);
	pack_str_array(b, s->argv, s->argc);
	pack_str(b, s->account);
	pack_str(b, s->comment);
	pack_time(b, s->begin_time);
}

static void unpack_spec_files(buf_t *b, struct job_spec *s)
{
	unpack_str(b, &s->work_dir);
	unpack_str(b, &s->std_out);
	unpack_str(b, &s->std_err);
	unpack_str(b, &s->std_in);
	unpack_str(b, &s->script);
	unpack_str_array(b, &s->env, &s->env_count);
	unpack_str_array(b, &s->argv, &s->argc);
	unpack_str(b, &s->account);
	unpack_str(b, &s->comment);
	unpack_time(b, &s->begin_time);
}

/* --signal, an allocation's (salloc) answer address, --no-requeue and
 * the submit session. */
static void pack_spec_controls(buf_t *b, const struct job_spec *s)
{
	pack32(b, s->warn_signal);
	pack32(b, s->warn_time);
	pack32(b, s->warn_flags);
	pack_bool(b, s->interactive);
	pack_str(b, s->alloc_node);
	pack_str(b, s->resp_host);
	pack16(b, s->resp_port);
	pack16(b, s->other_port);
	pack_bool(b, s->no_requeue);
	pack32(b, s->alloc_sid);
}

/* Whether an older-layout submit goes on: one logged before a group of
 * fields existed ends where that group would start. */
static bool spec_more(buf_t *b)
{
	return !b->failed && buf_remaining(b) > 0;
}

/* The controls; with MAY_END (the older layout) the submit may end
 * before each group. */
static void unpack_spec_controls(buf_t *b, struct job_spec *s, bool may_end)
{
	/* submits logged before --signal was kept end here */
	if (!may_end || spec_more(b)) {
		unpack32(b, &s->warn_signal);
		unpack32(b, &s->warn_time);
		unpack32(b, &s->warn_flags);
	}
	/* ... and those before allocations (salloc) here */
	if (!may_end || spec_more(b)) {
		unpack_bool(b, &s->interactive);
		unpack_str(b, &s->alloc_node);
		unpack_str(b, &s->resp_host);
		unpack16(b, &s->resp_port);
		unpack16(b, &s->other_port);
	}
	/* ... and those before --no-requeue and the submit session here */
	if (!may_end || spec_more(b)) {
		unpack_bool(b, &s->no_requeue);
		unpack32(b, &s->alloc_sid);
	}
}

/* The submit layout of CMD_SUBMIT_REQ and CMD_ARRAY_SUBMIT_REQ: the
 * job's identity, files and controls, then its request. */
static void pack_spec_req(buf_t *b, const struct job_spec *s)
{
	pack_spec_ident(b, s);
	pack32(b, s->priority);
	pack_spec_files(b, s);
	pack_spec_controls(b, s);
	pack_str(b, s->dependency);
	pack8(b, s->dep_kill);
	pack32(b, (uint32_t)s->nice);
	pack_time(b, s->deadline);
	job_req_pack(b, &s->req);
}

static int unpack_spec_req(buf_t *b, struct job_spec *s)
{
	uint32_t nice = 0;

	memset(s, 0, sizeof(*s));
	unpack_spec_ident(b, s);
	unpack32(b, &s->priority);
	unpack_spec_files(b, s);
	unpack_spec_controls(b, s, false);
	unpack_str(b, &s->dependency);
	unpack8(b, &s->dep_kill);
	unpack32(b, &nice);
	unpack_time(b, &s->deadline);
	s->nice = (int32_t)nice;
	if (b->failed || job_req_unpack(b, &s->req, true) < 0)
		return -1;
	return 0;
}

/* The older submit layout (CMD_SUBMIT, CMD_ARRAY_SUBMIT), for requests
 * that job_req_legacy() says fit it. Frozen: new members go in the
 * request only. */
static void pack_spec_legacy(buf_t *b, const struct job_spec *s)
{
	pack_spec_ident(b, s);
	pack32(b, s->min_nodes);
	pack32(b, s->max_nodes);
	pack32(b, s->num_tasks);
	pack32(b, s->cpus_per_task);
	pack32(b, s->ntasks_per_node);
	pack64(b, s->mem_mb);
	pack_bool(b, s->mem_per_cpu);
	pack32(b, s->time_limit);
	pack32(b, s->priority);
	pack_bool(b, s->exclusive);
	pack_str(b, s->features);
	pack_str(b, s->req_nodes);
	pack_str(b, s->exc_nodes);
	pack_spec_files(b, s);
	pack_spec_controls(b, s);
	/* only a job with a dependency, nice, deadline or time-min
	 * carries the section that says so, so other submits replay on
	 * controllers that predate it */
	if (s->dependency || s->dep_kill || s->nice || s->deadline ||
	    s->time_min || s->pn_min_cpus || s->contiguous || s->open_mode) {
		pack_str(b, s->dependency);
		pack8(b, s->dep_kill);
		pack32(b, (uint32_t)s->nice);
		pack_time(b, s->deadline);
		pack32(b, s->time_min);
	}
	/* likewise --mincpus, --contiguous and --open-mode */
	if (s->pn_min_cpus || s->contiguous || s->open_mode) {
		pack32(b, s->pn_min_cpus);
		pack_bool(b, s->contiguous);
		pack8(b, s->open_mode);
	}
}

void cmd_pack_spec(buf_t *b, const struct job_spec *s)
{
	if (job_req_legacy(&s->req))
		pack_spec_legacy(b, s);
	else
		pack_spec_req(b, s);
}

static int unpack_spec_legacy(buf_t *b, struct job_spec *s)
{
	uint8_t mpc = 0, excl = 0;

	memset(s, 0, sizeof(*s));
	unpack_spec_ident(b, s);
	unpack32(b, &s->min_nodes);
	unpack32(b, &s->max_nodes);
	unpack32(b, &s->num_tasks);
	unpack32(b, &s->cpus_per_task);
	unpack32(b, &s->ntasks_per_node);
	unpack64(b, &s->mem_mb);
	unpack8(b, &mpc);
	unpack32(b, &s->time_limit);
	unpack32(b, &s->priority);
	unpack8(b, &excl);
	unpack_str(b, &s->features);
	unpack_str(b, &s->req_nodes);
	unpack_str(b, &s->exc_nodes);
	unpack_spec_files(b, s);
	unpack_spec_controls(b, s, true);
	/* ... and those without a dependency (or nice, deadline) here */
	if (spec_more(b)) {
		uint32_t nice = 0;

		unpack_str(b, &s->dependency);
		unpack8(b, &s->dep_kill);
		unpack32(b, &nice);
		unpack_time(b, &s->deadline);
		unpack32(b, &s->time_min);
		s->nice = (int32_t)nice;
	}
	/* ... and those without --mincpus, --contiguous or --open-mode */
	if (spec_more(b)) {
		unpack32(b, &s->pn_min_cpus);
		unpack_bool(b, &s->contiguous);
		unpack8(b, &s->open_mode);
	}
	s->mem_per_cpu = mpc != 0;
	s->exclusive = excl != 0;
	return b->failed ? -1 : 0;
}

int cmd_unpack_spec(buf_t *b, struct job_spec *s, bool req_layout)
{
	return req_layout ? unpack_spec_req(b, s) : unpack_spec_legacy(b, s);
}

void cmd_free_spec(struct job_spec *s)
{
	free(s->name);
	free(s->partition);
	free(s->user);
	job_req_free(&s->req);
	free(s->work_dir);
	free(s->std_out);
	free(s->std_err);
	free(s->std_in);
	free(s->script);
	str_array_free(s->env);
	str_array_free(s->argv);
	free(s->account);
	free(s->comment);
	free(s->alloc_node);
	free(s->dependency);
	free(s->resp_host);
	memset(s, 0, sizeof(*s));
}

buf_t *cmd_config(const struct node_spec *nodes, uint32_t nnodes,
		  const struct part_spec *parts, uint32_t nparts,
		  const struct state_params *params, time_t now)
{
	buf_t *b = cmd_begin(CMD_CONFIG, now);

	pack32(b, params->min_job_age);
	pack32(b, params->kill_wait);
	pack32(b, params->slurmd_timeout);
	pack32(b, params->return_to_service);
	pack32(b, params->first_job_id);
	pack32(b, (params->max_job_id & ~STATE_IDS_WRAP) |
	       (params->ids_wrap ? STATE_IDS_WRAP : 0));
	pack32(b, nnodes);
	for (uint32_t i = 0; i < nnodes; i++) {
		const struct node_spec *n = &nodes[i];
		pack_str(b, n->name);
		pack_str(b, n->addr);
		pack_str(b, n->features);
		pack_str(b, n->gres);
		pack32(b, n->cpus);
		pack32(b, n->sockets);
		pack32(b, n->cores);
		pack32(b, n->threads);
		pack32(b, n->weight);
		pack32(b, n->state);
		pack64(b, n->memory_mb);
	}
	pack32(b, nparts);
	for (uint32_t i = 0; i < nparts; i++) {
		const struct part_spec *p = &parts[i];
		pack_str(b, p->name);
		pack_str(b, p->nodes);
		pack_str(b, p->allow_groups);
		pack_bool(b, p->is_default);
		pack32(b, p->max_time);
		pack32(b, p->default_time);
		pack32(b, p->state);
		pack32(b, p->priority_tier);
		pack32(b, p->max_nodes);
		pack32(b, p->min_nodes);
	}
	/* Partition flags come after all the records so that CONFIG
	 * entries logged before they existed still apply (as none set). */
	for (uint32_t i = 0; i < nparts; i++)
		pack8(b, parts[i].hidden ? CMD_PART_HIDDEN : 0);
	/* Licenses and TmpDisk likewise, and only when set, so that a
	 * slurm.conf without them hashes as before */
	bool extra = params->licenses != NULL;

	for (uint32_t i = 0; i < nnodes; i++)
		extra = extra || nodes[i].tmp_disk_mb;
	if (extra) {
		pack_str(b, params->licenses);
		for (uint32_t i = 0; i < nnodes; i++)
			pack32(b, nodes[i].tmp_disk_mb);
	}
	return b;
}

buf_t *cmd_submit(const struct job_spec *spec, time_t now)
{
	buf_t *b = cmd_begin(job_req_legacy(&spec->req) ? CMD_SUBMIT :
			     CMD_SUBMIT_REQ, now);

	cmd_pack_spec(b, spec);
	return b;
}

buf_t *cmd_array_submit(const struct job_spec *spec, const uint32_t *tasks,
			uint32_t ntasks, uint32_t throttle, time_t now)
{
	buf_t *b = cmd_begin(job_req_legacy(&spec->req) ? CMD_ARRAY_SUBMIT :
			     CMD_ARRAY_SUBMIT_REQ, now);

	/* the spec last: its optional sections end at the buffer's end */
	pack32(b, throttle);
	pack32_array(b, tasks, ntasks);
	cmd_pack_spec(b, spec);
	return b;
}

buf_t *cmd_array_submit_late(const struct job_spec *spec,
			     const uint32_t *tasks, uint32_t ntasks,
			     uint32_t throttle, time_t now)
{
	buf_t *b = cmd_begin(CMD_ARRAY_SUBMIT_LATE, now);

	pack32(b, throttle);
	pack32_array(b, tasks, ntasks);
	pack_spec_req(b, spec);
	return b;
}

buf_t *cmd_array_cancel(uint32_t array_id, const uint32_t *tasks,
			uint32_t ntasks, uint32_t uid, time_t now)
{
	buf_t *b = cmd_begin(CMD_ARRAY_CANCEL, now);

	pack32(b, array_id);
	pack32(b, uid);
	pack32_array(b, tasks, ntasks);
	return b;
}

buf_t *cmd_array_throttle(uint32_t array_id, uint32_t throttle, time_t now)
{
	buf_t *b = cmd_begin(CMD_ARRAY_THROTTLE, now);

	pack32(b, array_id);
	pack32(b, throttle);
	return b;
}

buf_t *cmd_start(uint32_t job_id, const uint32_t *node_idx, uint32_t count,
		 uint32_t cpus_per_node, uint64_t mem_per_node, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_START, job_id, now);

	pack32(b, cpus_per_node);
	pack64(b, mem_per_node);
	pack32_array(b, node_idx, count);
	return b;
}

buf_t *cmd_start_spread(uint32_t job_id, const uint32_t *node_idx,
			uint32_t count, uint32_t cpus_per_node,
			uint64_t mem_per_node, uint32_t flags, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_START_SPREAD, job_id, now);

	pack32(b, cpus_per_node);
	pack64(b, mem_per_node);
	pack32_array(b, node_idx, count);
	/* absent from commands written before it: the same CPUs on each
	 * node */
	if (flags)
		pack32(b, flags);
	return b;
}

buf_t *cmd_start_reboot(const buf_t *start)
{
	buf_t v, *b;
	uint16_t type = 0;
	uint32_t id = 0;
	time_t now = 0;

	buf_init_view(&v, start->data, buf_len(start));
	if (unpack16(&v, &type) < 0 || unpack_time(&v, &now) < 0 ||
	    unpack32(&v, &id) < 0 ||
	    (type != CMD_START && type != CMD_START_SPREAD))
		return NULL;
	/* the job id first, as in every job command; then the start's
	 * own type and the rest of its body */
	b = cmd_begin_job(CMD_START_REBOOT, id, now);
	pack16(b, type);
	pack_raw(b, v.data + v.off, buf_remaining(&v));
	return b;
}

buf_t *cmd_start_cpus(uint32_t job_id, const uint32_t *node_idx,
		      uint32_t count, const uint32_t *node_cpus,
		      uint64_t mem_per_node, uint32_t flags, time_t now)
{
	return cmd_start_given(job_id, node_idx, count, 0, node_cpus, NULL,
			       mem_per_node, flags, now);
}

buf_t *cmd_start_given(uint32_t job_id, const uint32_t *node_idx,
		       uint32_t count, uint32_t cpus_per_node,
		       const uint32_t *node_cpus, const uint32_t *node_gpus,
		       uint64_t mem_per_node, uint32_t flags, time_t now)
{
	buf_t *b;

	if (node_cpus) {
		cpus_per_node = job_node_cpus_most(node_cpus, count);
		flags |= START_CPUS_BY_TASK | START_CPUS_GIVEN;
	}
	if (node_gpus)
		flags |= START_GPUS_GIVEN;
	b = cmd_start_spread(job_id, node_idx, count, cpus_per_node,
			     mem_per_node, flags, now);
	if (node_cpus)
		pack32_array(b, node_cpus, count);
	if (node_gpus)
		pack32_array(b, node_gpus, count);
	return b;
}

buf_t *cmd_job_end(uint32_t job_id, int32_t status, time_t now)
{
	return cmd_job_end_at(job_id, status, now, now);
}

buf_t *cmd_job_end_at(uint32_t job_id, int32_t status, time_t end, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_JOB_END, job_id, now);

	pack32(b, (uint32_t)status);
	/* absent from commands written before it: the end is the
	 * command's time */
	pack_time(b, end);
	return b;
}

buf_t *cmd_cancel(uint32_t job_id, uint32_t uid, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_CANCEL, job_id, now);

	pack32(b, uid);
	return b;
}

buf_t *cmd_timeout(uint32_t job_id, time_t now)
{
	return cmd_begin_job(CMD_TIMEOUT, job_id, now);
}

buf_t *cmd_requeue(uint32_t job_id, enum job_reason why, uint32_t wait,
		   time_t now)
{
	buf_t *b = cmd_begin_job(CMD_REQUEUE, job_id, now);

	pack32(b, (uint32_t)why);
	/* last and optional: logs from before it have no wait */
	pack32(b, wait);
	return b;
}

buf_t *cmd_node_up(const char *name, uint32_t cpus, uint64_t memory_mb,
		   time_t boot_time, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_UP, now);

	pack_str(b, name);
	pack32(b, cpus);
	pack64(b, memory_mb);
	pack_time(b, boot_time);
	return b;
}

buf_t *cmd_node_up_gpus(const char *name, uint32_t cpus, uint64_t memory_mb,
			time_t boot_time, uint32_t gpus, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_UP_GPUS, now);

	pack_str(b, name);
	pack32(b, cpus);
	pack64(b, memory_mb);
	pack_time(b, boot_time);
	pack32(b, gpus);
	return b;
}

buf_t *cmd_node_down(const char *name, const char *reason, uint32_t wait,
		     time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_DOWN, now);

	pack_str(b, name);
	pack_str(b, reason);
	/* last and optional: logs from before it have no wait, and
	 * their jobs end NODE_FAIL */
	if (wait != NODE_FAIL_ENDS)
		pack32(b, wait);
	return b;
}

buf_t *cmd_node_reboot(const char *names, uint32_t flags, uint32_t next,
		       const char *reason, uint32_t uid, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_REBOOT, now);

	pack_str(b, names);
	pack32(b, flags);
	pack32(b, next);
	pack_str(b, reason);
	pack32(b, uid);
	return b;
}

buf_t *cmd_node_reboot_issue(const char *name, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_REBOOT_ISSUE, now);

	pack_str(b, name);
	return b;
}

buf_t *cmd_node_reboot_timeout(const char *name, time_t issued,
			       uint32_t wait, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_REBOOT_TIMEOUT, now);

	pack_str(b, name);
	pack_time(b, issued);
	/* last and optional: logs from before it have no wait */
	pack32(b, wait);
	return b;
}

buf_t *cmd_prio_skip(uint32_t n, time_t now)
{
	buf_t *b = cmd_begin(CMD_PRIO_SKIP, now);

	pack32(b, n);
	return b;
}

buf_t *cmd_node_update(const struct node_update *u, time_t now)
{
	/* ActiveFeatures, Comment and Extra need the newer command, which
	 * an older controller refuses instead of taking it for features */
	bool down_wait = u->op == NODE_UPD_DOWN && u->requeue &&
			 u->wait != NODE_FAIL_ENDS;
	bool more = u->set_features_act || u->set_comment || u->set_extra ||
		    down_wait;
	buf_t *b = cmd_begin(more ? CMD_NODE_UPDATE_MORE : CMD_NODE_UPDATE,
			     now);
	uint32_t mask = 0;

	pack_str(b, u->names);
	pack32(b, (uint32_t)u->op);
	pack_str(b, u->reason);
	pack32(b, u->uid);
	/* optional: entries before them carry no weight or features; with
	 * features and no weight, the weight is NODE_WEIGHT_KEEP */
	if (u->set_weight || u->set_features || more)
		pack32(b, u->set_weight ? u->weight : NODE_WEIGHT_KEEP);
	if (u->set_features || more)
		pack_str(b, u->features ? u->features : "");
	if (!more)
		return b;
	mask |= u->set_features ? NODE_UPD_F_FEATURES : 0;
	mask |= u->set_features_act ? NODE_UPD_F_FEATURES_ACT : 0;
	mask |= u->set_comment ? NODE_UPD_F_COMMENT : 0;
	mask |= u->set_extra ? NODE_UPD_F_EXTRA : 0;
	pack32(b, mask);
	if (u->set_features_act)
		pack_str(b, u->features_act ? u->features_act : "");
	if (u->set_comment)
		pack_str(b, u->comment ? u->comment : "");
	if (u->set_extra)
		pack_str(b, u->extra ? u->extra : "");
	/* last and optional: a down's requeue wait, as cmd_node_down's */
	if (down_wait)
		pack32(b, u->wait);
	return b;
}

buf_t *cmd_node_add(const char *name, uint32_t cpus, uint64_t memory_mb,
		    const char *features, const char *partitions, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_ADD, now);

	pack_str(b, name);
	pack32(b, cpus);
	pack64(b, memory_mb);
	pack_str(b, features);
	pack_str(b, partitions);
	return b;
}

buf_t *cmd_node_retire(const char *name, uint32_t uid, time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_RETIRE, now);

	pack_str(b, name);
	pack32(b, uid);
	return b;
}

buf_t *cmd_node_remove(const char *name, bool force, uint32_t wait,
		       time_t now)
{
	buf_t *b = cmd_begin(CMD_NODE_REMOVE, now);

	pack_str(b, name);
	pack_bool(b, force);
	/* last and optional, as cmd_node_down's */
	if (wait != NODE_FAIL_ENDS)
		pack32(b, wait);
	return b;
}

buf_t *cmd_part_update(const struct part_update *u, time_t now)
{
	buf_t *b = cmd_begin(CMD_PART_UPDATE, now);
	const struct part_spec *p = &u->spec;

	pack_str(b, p->name);
	pack32(b, u->fields);
	pack_bool(b, u->create);
	pack_str(b, p->nodes);
	pack_str(b, p->allow_groups);
	pack_bool(b, p->is_default);
	pack_bool(b, p->hidden);
	pack32(b, p->max_time);
	pack32(b, p->default_time);
	pack32(b, p->state);
	pack32(b, p->priority_tier);
	pack32(b, p->max_nodes);
	pack32(b, p->min_nodes);
	return b;
}

buf_t *cmd_part_delete(const char *name, time_t now)
{
	buf_t *b = cmd_begin(CMD_PART_DELETE, now);

	pack_str(b, name);
	return b;
}

buf_t *cmd_purge(time_t now)
{
	return cmd_begin(CMD_PURGE, now);
}

buf_t *cmd_hold(uint32_t job_id, bool hold, bool by_admin, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_HOLD, job_id, now);

	pack_bool(b, hold);
	pack_bool(b, by_admin);
	return b;
}

static void pack_job_update(buf_t *b, const struct job_update *u)
{
	pack32(b, u->job_id);
	pack32(b, u->fields);
	pack_str(b, u->name);
	pack_str(b, u->comment);
	pack_str(b, u->partition);
	pack32(b, u->time_limit);
	pack32(b, u->min_nodes);
	pack32(b, u->max_nodes);
	pack32(b, u->num_tasks);
	pack32(b, u->cpus_per_task);
	pack64(b, u->mem_mb);
	pack_bool(b, u->mem_per_cpu);
	pack32(b, u->priority);
	pack_bool(b, u->hold_admin);
	if (u->fields & JOB_UPD_DEPEND)
		pack_str(b, u->dependency ? u->dependency : "");
	if (u->fields & JOB_UPD_NICE)
		pack32(b, (uint32_t)u->nice);
	if (u->fields & JOB_UPD_BEGIN)
		pack_time(b, u->begin_time);
	if (u->fields & JOB_UPD_DEADLINE)
		pack_time(b, u->deadline);
	if (u->fields & JOB_UPD_CPUS_ASKED)
		pack32(b, u->cpus_per_task_asked);
	if (u->fields & JOB_UPD_REQ) {
		pack64(b, u->req_mask);
		job_req_pack(b, &u->req);
	}
	if (u->fields & JOB_UPD_REQUEUE)
		pack_bool(b, u->no_requeue);
	if (u->fields & JOB_UPD_WORK_DIR)
		pack_str(b, u->work_dir);
	if (u->fields & JOB_UPD_STD_OUT)
		pack_str(b, u->std_out);
	if (u->fields & JOB_UPD_SHRINK)
		pack_str(b, u->keep_nodes);
}

void job_update_shape(struct job_update *u, const struct job *j)
{
	u->min_nodes = j->min_nodes;
	u->max_nodes = j->max_nodes;
	u->num_tasks = j->num_tasks;
	u->cpus_per_task = j->cpus_per_task;
	u->mem_mb = j->mem_mb;
	u->mem_per_cpu = j->mem_per_cpu;
}

void job_update_cpus(struct job_update *u, const struct job *j,
		     uint32_t num_cpus, bool nodes_named)
{
	bool pn_named = u->fields & JOB_UPD_REQ &&
		u->req_mask & JOB_REQ_PN_MIN_CPUS;
	uint64_t pn = pn_named ? u->req.pn_min_cpus : j->pn_min_cpus;
	uint64_t cpus = num_cpus, want;
	struct job shape = *j;   /* shallow: counts only */
	uint32_t keep;

	if (nodes_named) {
		want = (uint64_t)u->num_tasks * u->cpus_per_task;
		if (want < pn * u->min_nodes)
			want = pn * u->min_nodes;
		if (want > (cpus ? cpus : job_pending_cpus(j)))
			cpus = want;
	}
	if (!cpus && pn_named && pn)
		cpus = pn * u->min_nodes;
	if (!cpus)
		cpus = job_pending_cpus(j);
	if (cpus > UINT32_MAX)
		cpus = UINT32_MAX;
	/* as its new shape shows them: nothing to keep */
	shape.min_nodes = u->min_nodes;
	shape.num_tasks = u->num_tasks;
	shape.cpus_per_task = u->cpus_per_task;
	shape.min_cpus = 0;
	keep = cpus == job_pending_cpus(&shape) ? 0 : (uint32_t)cpus;
	if (keep == j->min_cpus)
		return;
	u->fields |= JOB_UPD_REQ;
	u->req_mask |= JOB_REQ_MIN_CPUS;
	u->req.min_cpus = keep;
}

buf_t *cmd_job_update(const struct job_update *u, time_t now)
{
	buf_t *b = cmd_begin(CMD_JOB_UPDATE, now);

	pack_job_update(b, u);
	return b;
}

buf_t *cmd_array_update(uint32_t array_id, const uint32_t *tasks,
			uint32_t ntasks, const struct job_update *u,
			time_t now)
{
	buf_t *b = cmd_begin(CMD_ARRAY_UPDATE, now);

	pack32(b, array_id);
	pack32_array(b, tasks, ntasks);
	pack_job_update(b, u);
	return b;
}

buf_t *cmd_job_requeue(uint32_t job_id, bool hold, uint32_t wait,
		       time_t now)
{
	buf_t *b = cmd_begin_job(CMD_JOB_REQUEUE, job_id, now);

	pack_bool(b, hold);
	/* last and optional: logs from before it have no wait */
	pack32(b, wait);
	return b;
}

buf_t *cmd_job_suspend(uint32_t job_id, bool suspend, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_JOB_SUSPEND, job_id, now);

	pack_bool(b, suspend);
	return b;
}

buf_t *cmd_job_top(uint32_t job_id, time_t now)
{
	return cmd_begin_job(CMD_JOB_TOP, job_id, now);
}

buf_t *cmd_job_top_nice(const uint32_t *ids, uint32_t n, time_t now)
{
	buf_t *b = cmd_begin_job(CMD_JOB_TOP, n ? ids[0] : 0, now);

	/* after the layout of the first form: the rest of the list */
	pack32(b, n ? n - 1 : 0);
	for (uint32_t i = 1; i < n; i++)
		pack32(b, ids[i]);
	return b;
}

buf_t *cmd_dep_kill(uint32_t job_id, time_t now)
{
	return cmd_begin_job(CMD_DEP_KILL, job_id, now);
}

buf_t *cmd_deadline(uint32_t job_id, time_t now)
{
	return cmd_begin_job(CMD_DEADLINE, job_id, now);
}

uint32_t state_cmd_job(const void *cmd, size_t len,
		       const struct state_result *res)
{
	buf_t b;
	uint16_t type = 0;
	time_t now = 0;
	uint32_t id = 0;

	buf_init_view(&b, cmd, len);
	if (unpack16(&b, &type) < 0 || unpack_time(&b, &now) < 0)
		return 0;
	switch (type) {
	case CMD_SUBMIT:
	case CMD_SUBMIT_REQ:
		return res && res->rc == STATE_EOK ? res->job_id : 0;
	case CMD_START:
	case CMD_START_SPREAD:
	case CMD_START_REBOOT:
	case CMD_JOB_END:
	case CMD_CANCEL:
	case CMD_TIMEOUT:
	case CMD_REQUEUE:
	case CMD_HOLD:
	case CMD_JOB_UPDATE:
	case CMD_JOB_REQUEUE:
	case CMD_JOB_SUSPEND:
	case CMD_STEP_CREATE:
	case CMD_STEP_CREATE_GPUS:
	case CMD_STEP_END:
	case CMD_STEP_CANCEL:
	case CMD_DEP_KILL:
	case CMD_DEADLINE:
		/* each of these packs the job id first */
		return unpack32(&b, &id) < 0 ? 0 : id;
	case CMD_ONCE:
		return state_once_cmd_job(cmd, len, res);
	default:
		return 0;
	}
}

bool state_cmd_nodes(const void *cmd, size_t len,
		     const struct state_result *res)
{
	buf_t b;
	uint16_t type = 0;

	if (res && res->rc != STATE_EOK)
		return false;
	buf_init_view(&b, cmd, len);
	if (unpack16(&b, &type) < 0)
		return true;
	switch (type) {
	case CMD_SUBMIT:
	case CMD_SUBMIT_REQ:
	case CMD_ARRAY_SUBMIT:
	case CMD_ARRAY_SUBMIT_REQ:
	case CMD_HOLD:
	case CMD_JOB_TOP:
	case CMD_ARRAY_THROTTLE:
	case CMD_PRIO_SKIP:
		return false;
	case CMD_ONCE:
		return state_once_cmd_nodes(cmd, len, res);
	default:
		return true;
	}
}
