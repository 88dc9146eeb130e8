/* wire.c - framing and body codecs of the node daemon protocol.
 * Authentication of the registration (MUNGE) and what each side does with
 * a message are left to the daemons; this file only turns structs into
 * bytes and back, checking every length. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "wire/admin.h"
#include "wire/wire.h"

static const struct {
	uint16_t type;
	const char *name;
} wire_names[] = {
	{ WIRE_NODE_REGISTER, "NODE_REGISTER" },
	{ WIRE_NODE_HEARTBEAT, "NODE_HEARTBEAT" },
	{ WIRE_JOB_STARTED, "JOB_STARTED" },
	{ WIRE_JOB_ENDED, "JOB_ENDED" },
	{ WIRE_JOB_FAILED_LAUNCH, "JOB_FAILED_LAUNCH" },
	{ WIRE_STEP_ENDED, "STEP_ENDED" },
	{ WIRE_REGISTER_OK, "REGISTER_OK" },
	{ WIRE_REGISTER_REFUSED, "REGISTER_REFUSED" },
	{ WIRE_NOT_LEADER, "NOT_LEADER" },
	{ WIRE_JOB_LAUNCH, "JOB_LAUNCH" },
	{ WIRE_JOB_SIGNAL, "JOB_SIGNAL" },
	{ WIRE_JOB_TERMINATE, "JOB_TERMINATE" },
	{ WIRE_JOB_END_ACK, "JOB_END_ACK" },
	{ WIRE_ERROR, "ERROR" },
	{ WIRE_JOB_NOTIFY, "JOB_NOTIFY" },
	{ WIRE_STEP_END_ACK, "STEP_END_ACK" },
	{ WIRE_STEP_SIGNAL, "STEP_SIGNAL" },
	{ WIRE_NODE_REBOOT, "NODE_REBOOT" },
	{ WIRE_ADMIN_REQUEST, "ADMIN_REQUEST" },
	{ WIRE_ADMIN_REPLY, "ADMIN_REPLY" },
	{ WIRE_ADMIN_EVENT, "ADMIN_EVENT" },
	{ WIRE_ADMIN_AUTH, "ADMIN_AUTH" },
};

const char *wire_type_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(wire_names) / sizeof(*wire_names); i++)
		if (wire_names[i].type == type)
			return wire_names[i].name;
	return "UNKNOWN";
}

buf_t *wire_frame_begin(uint16_t type)
{
	buf_t *b = buf_new(256);

	pack32(b, 0);               /* length, filled by wire_frame_end */
	pack16(b, WIRE_VERSION);
	pack16(b, type);
	return b;
}

void wire_frame_end(buf_t *b)
{
	buf_put_u32_at(b, 0, (uint32_t)(buf_len(b) - 4));
}

long wire_frame_complete(const uint8_t *data, size_t len)
{
	uint32_t n;

	if (len < 4)
		return 0;
	n = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
	    (uint32_t)data[2] << 8 | data[3];
	if (n < WIRE_HDR_LEN - 4 || n > WIRE_MAX_FRAME) {
		err_set("bad frame length %u", n);
		return -1;
	}
	if (len < (size_t)n + 4)
		return 0;
	return (long)n + 4;
}

int wire_frame_parse(const uint8_t *frame, size_t len, uint16_t *type,
		     buf_t *body)
{
	buf_t b;
	uint32_t n = 0;
	uint16_t version = 0;

	buf_init_view(&b, frame, len);
	unpack32(&b, &n);
	unpack16(&b, &version);
	if (unpack16(&b, type) < 0 || (size_t)n + 4 != len) {
		err_set("truncated frame");
		return -1;
	}
	if (version != WIRE_VERSION) {
		err_set("unsupported protocol version %u (expected %u)",
			version, WIRE_VERSION);
		return -1;
	}
	buf_init_view(body, frame + WIRE_HDR_LEN, len - WIRE_HDR_LEN);
	return 0;
}

static int finish(buf_t *b, const char *what)
{
	if (b->failed) {
		err_set("malformed %s message: %s", what, err_msg());
		return -1;
	}
	return 0;
}

void wire_pack_job_event(buf_t *b, const struct wire_job_event *m)
{
	pack32(b, m->job_id);
	pack32(b, (uint32_t)m->status);
	pack_time(b, m->time);
	pack32(b, m->reason);
	pack_str(b, m->message);
}

int wire_unpack_job_event(buf_t *b, struct wire_job_event *m)
{
	uint32_t status = 0;

	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack32(b, &status);
	unpack_time(b, &m->time);
	unpack32(b, &m->reason);
	unpack_str(b, &m->message);
	m->status = (int32_t)status;
	if (finish(b, "job event") < 0) {
		wire_job_event_free(m);
		return -1;
	}
	return 0;
}

bool wire_fail_is_launch(uint32_t reason)
{
	return reason == WIRE_FAIL_LAUNCH || reason == WIRE_FAIL_PROLOG ||
	       reason == WIRE_FAIL_NODE;
}

void wire_job_event_free(struct wire_job_event *m)
{
	free(m->message);
	m->message = NULL;
}

void wire_pack_register_fields(buf_t *b, const struct wire_register *m)
{
	pack_str(b, m->node_name);
	pack32(b, m->cpus);
	pack32(b, m->sockets);
	pack32(b, m->cores);
	pack32(b, m->threads);
	pack64(b, m->memory_mb);
	pack32(b, m->gpus);
	pack_time(b, m->boot_time);
	pack_str(b, m->version);
	pack32_array(b, m->running, m->nrunning);
	pack32(b, m->nended);
	for (uint32_t i = 0; i < m->nended; i++)
		wire_pack_job_event(b, &m->ended[i]);
	/* only when known: the controller packs the fields again to check
	 * the credential, and an older node daemon sent nothing here */
	if (m->arch || m->os || m->gres_conf) {
		pack_str(b, m->arch);
		pack_str(b, m->os);
	}
	if (m->gres_conf)
		pack32(b, m->gres_gpus);
}

void wire_pack_register(buf_t *b, const struct wire_register *m)
{
	pack_str(b, m->cred);
	wire_pack_register_fields(b, m);
}

int wire_unpack_register(buf_t *b, struct wire_register *m)
{
	memset(m, 0, sizeof(*m));
	unpack_str(b, &m->cred);
	unpack_str(b, &m->node_name);
	unpack32(b, &m->cpus);
	unpack32(b, &m->sockets);
	unpack32(b, &m->cores);
	unpack32(b, &m->threads);
	unpack64(b, &m->memory_mb);
	unpack32(b, &m->gpus);
	unpack_time(b, &m->boot_time);
	unpack_str(b, &m->version);
	unpack32_array(b, &m->running, &m->nrunning);
	if (unpack32(b, &m->nended) < 0 || m->nended > buf_remaining(b) / 20) {
		m->nended = 0;
		b->failed = true;
		finish(b, "registration");
		wire_register_free(m);
		return -1;
	}
	m->ended = xcalloc(m->nended ? m->nended : 1, sizeof(*m->ended));
	for (uint32_t i = 0; i < m->nended; i++)
		if (wire_unpack_job_event(b, &m->ended[i]) < 0)
			break;
	if (!b->failed && buf_remaining(b) > 0) {
		unpack_str(b, &m->arch);
		unpack_str(b, &m->os);
	}
	if (!b->failed && buf_remaining(b) > 0) {
		unpack32(b, &m->gres_gpus);
		m->gres_conf = true;
	}
	if (finish(b, "registration") < 0) {
		wire_register_free(m);
		return -1;
	}
	return 0;
}

void wire_register_free(struct wire_register *m)
{
	free(m->cred);
	free(m->node_name);
	free(m->version);
	free(m->arch);
	free(m->os);
	free(m->running);
	for (uint32_t i = 0; i < m->nended; i++)
		wire_job_event_free(&m->ended[i]);
	free(m->ended);
	memset(m, 0, sizeof(*m));
}

void wire_pack_register_ok(buf_t *b, const struct wire_register_ok *m)
{
	pack_str(b, m->cluster);
	pack32(b, m->heartbeat_interval);
	pack32_array(b, m->kill, m->nkill);
}

int wire_unpack_register_ok(buf_t *b, struct wire_register_ok *m)
{
	memset(m, 0, sizeof(*m));
	unpack_str(b, &m->cluster);
	unpack32(b, &m->heartbeat_interval);
	unpack32_array(b, &m->kill, &m->nkill);
	if (finish(b, "registration reply") < 0) {
		wire_register_ok_free(m);
		return -1;
	}
	return 0;
}

void wire_register_ok_free(struct wire_register_ok *m)
{
	free(m->cluster);
	free(m->kill);
	memset(m, 0, sizeof(*m));
}

void wire_pack_heartbeat(buf_t *b, const struct wire_heartbeat *m)
{
	pack_time(b, m->time);
	pack32(b, m->load);
	pack64(b, m->free_mem_mb);
	pack32(b, m->nrunning);
}

int wire_unpack_heartbeat(buf_t *b, struct wire_heartbeat *m)
{
	memset(m, 0, sizeof(*m));
	unpack_time(b, &m->time);
	unpack32(b, &m->load);
	unpack64(b, &m->free_mem_mb);
	unpack32(b, &m->nrunning);
	return finish(b, "heartbeat");
}

void wire_pack_launch(buf_t *b, const struct wire_launch *m)
{
	pack32(b, m->job_id);
	pack_str(b, m->name);
	pack_str(b, m->user);
	pack_str(b, m->partition);
	pack32(b, m->uid);
	pack32(b, m->gid);
	pack_str(b, m->work_dir);
	pack_str(b, m->std_out);
	pack_str(b, m->std_err);
	pack_str(b, m->std_in);
	pack_str(b, m->script);
	pack_str_array(b, m->env, m->env_count);
	pack_str_array(b, m->argv, m->argc);
	pack_str(b, m->nodelist);
	pack32(b, m->num_nodes);
	pack32(b, m->num_tasks);
	pack32(b, m->cpus_per_task);
	pack32(b, m->cpus_on_node);
	pack64(b, m->mem_mb);
	pack32(b, m->time_limit);
	pack_time(b, m->start_time);
	pack_str(b, m->submit_dir);
	pack_str(b, m->account);
	pack32(b, m->restarts);
	/* the optional tail: older nodes read the byte they know and
	 * ignore the rest */
	if (m->gpus || !job_req_legacy(&m->req) || m->req.min_nodes) {
		pack8(b, m->open_mode);
		job_req_pack(b, &m->req);
		pack_str(b, m->gpus);
		if (m->cpus_per_node)
			pack_str(b, m->cpus_per_node);
	} else if (m->open_mode) {
		pack8(b, m->open_mode);
	}
}

int wire_unpack_launch(buf_t *b, struct wire_launch *m)
{
	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack_str(b, &m->name);
	unpack_str(b, &m->user);
	unpack_str(b, &m->partition);
	unpack32(b, &m->uid);
	unpack32(b, &m->gid);
	unpack_str(b, &m->work_dir);
	unpack_str(b, &m->std_out);
	unpack_str(b, &m->std_err);
	unpack_str(b, &m->std_in);
	unpack_str(b, &m->script);
	unpack_str_array(b, &m->env, &m->env_count);
	unpack_str_array(b, &m->argv, &m->argc);
	unpack_str(b, &m->nodelist);
	unpack32(b, &m->num_nodes);
	unpack32(b, &m->num_tasks);
	unpack32(b, &m->cpus_per_task);
	unpack32(b, &m->cpus_on_node);
	unpack64(b, &m->mem_mb);
	unpack32(b, &m->time_limit);
	unpack_time(b, &m->start_time);
	unpack_str(b, &m->submit_dir);
	unpack_str(b, &m->account);
	unpack32(b, &m->restarts);
	if (!b->failed && buf_remaining(b) > 0)
		unpack8(b, &m->open_mode);
	if (!b->failed && buf_remaining(b) > 0) {
		if (job_req_unpack(b, &m->req, false) < 0)
			b->failed = true;
		unpack_str(b, &m->gpus);
	}
	if (!b->failed && buf_remaining(b) > 0)
		unpack_str(b, &m->cpus_per_node);
	if (finish(b, "launch") < 0) {
		wire_launch_free(m);
		return -1;
	}
	return 0;
}

void wire_launch_free(struct wire_launch *m)
{
	free(m->name);
	free(m->user);
	free(m->partition);
	free(m->work_dir);
	free(m->std_out);
	free(m->std_err);
	free(m->std_in);
	free(m->script);
	str_array_free(m->env);
	str_array_free(m->argv);
	free(m->nodelist);
	free(m->submit_dir);
	free(m->account);
	job_req_free(&m->req);
	free(m->gpus);
	free(m->cpus_per_node);
	memset(m, 0, sizeof(*m));
}

void wire_pack_signal(buf_t *b, const struct wire_signal *m)
{
	pack32(b, m->job_id);
	pack32(b, m->signal);
	pack32(b, m->kill_wait);
	pack32(b, m->reason);
	pack32(b, m->flags);
}

int wire_unpack_signal(buf_t *b, struct wire_signal *m)
{
	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack32(b, &m->signal);
	unpack32(b, &m->kill_wait);
	unpack32(b, &m->reason);
	/* controllers before WIRE_SIG_* stop here; node daemons before it
	 * ignore the extra word and signal the whole job */
	if (!b->failed && buf_remaining(b) > 0)
		unpack32(b, &m->flags);
	return finish(b, "signal");
}

void wire_pack_step_event(buf_t *b, const struct wire_step_event *m)
{
	pack32(b, m->job_id);
	pack32(b, m->step_id);
	pack32(b, (uint32_t)m->status);
	pack_time(b, m->time);
	pack_str(b, m->message);
}

int wire_unpack_step_event(buf_t *b, struct wire_step_event *m)
{
	uint32_t status = 0;

	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack32(b, &m->step_id);
	unpack32(b, &status);
	unpack_time(b, &m->time);
	unpack_str(b, &m->message);
	m->status = (int32_t)status;
	if (finish(b, "step event") < 0) {
		wire_step_event_free(m);
		return -1;
	}
	return 0;
}

void wire_step_event_free(struct wire_step_event *m)
{
	free(m->message);
	m->message = NULL;
}

void wire_pack_step_signal(buf_t *b, const struct wire_step_signal *m)
{
	pack32(b, m->job_id);
	pack32(b, m->step_id);
	pack32(b, m->signal);
	pack32(b, m->kill_wait);
	pack32(b, m->reason);
}

int wire_unpack_step_signal(buf_t *b, struct wire_step_signal *m)
{
	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack32(b, &m->step_id);
	unpack32(b, &m->signal);
	unpack32(b, &m->kill_wait);
	/* controllers before the reason stop here; node daemons before it
	 * ignore the extra word */
	if (!b->failed && buf_remaining(b) > 0)
		unpack32(b, &m->reason);
	return finish(b, "step signal");
}

void wire_pack_error(buf_t *b, const struct wire_error *m)
{
	pack_str(b, m->message);
}

int wire_unpack_error(buf_t *b, struct wire_error *m)
{
	memset(m, 0, sizeof(*m));
	unpack_str(b, &m->message);
	if (finish(b, "error") < 0) {
		wire_error_free(m);
		return -1;
	}
	return 0;
}

void wire_error_free(struct wire_error *m)
{
	free(m->message);
	m->message = NULL;
}
