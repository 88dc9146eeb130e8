/* fuzz_wire.c - FLURM's own frames as either end reads them (the node
 * protocol and the admin socket's requests, replies and events): the input is
 * a byte stream cut into frames with wire_frame_complete(), each frame
 * checked by wire_frame_parse() and its body decoded by the codec of its
 * type (unknown types by one chosen from the type's value). A decoded body
 * must pack to bytes that decode and pack identically. On a refused body
 * nothing is freed, as the controller does: decoders must not leave
 * anything behind when they fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pack.h"
#include "wire/admin.h"
#include "wire/wire.h"

#include "fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

/* Decode B as TYPE and pack it again into OUT; 0 or -1 (refused). */
static int run(uint16_t type, buf_t *b, buf_t *out)
{
	switch (type) {
	case WIRE_ADMIN_REQUEST: {
		struct wire_admin_request m;

		if (wire_unpack_admin_request(b, &m) < 0)
			return -1;
		(void)wire_admin_cmd_name(m.cmd);
		wire_pack_admin_request(out, &m);
		wire_admin_request_free(&m);
		return 0;
	}
	case WIRE_ADMIN_REPLY: {
		struct wire_admin_reply m;

		if (wire_unpack_admin_reply(b, &m) < 0)
			return -1;
		wire_pack_admin_reply(out, &m);
		wire_admin_reply_free(&m);
		return 0;
	}
	case WIRE_ADMIN_AUTH: {
		struct wire_admin_auth m;

		if (wire_unpack_admin_auth(b, &m) < 0)
			return -1;
		wire_pack_admin_auth(out, &m);
		wire_admin_auth_free(&m);
		return 0;
	}
	case WIRE_ADMIN_EVENT: {
		struct wire_admin_event m;

		if (wire_unpack_admin_event(b, &m) < 0)
			return -1;
		wire_pack_admin_event(out, &m);
		wire_admin_event_free(&m);
		return 0;
	}
	case WIRE_NODE_REGISTER: {
		struct wire_register m;

		if (wire_unpack_register(b, &m) < 0)
			return -1;
		wire_pack_register(out, &m);
		wire_register_free(&m);
		return 0;
	}
	case WIRE_NODE_HEARTBEAT: {
		struct wire_heartbeat m;

		if (wire_unpack_heartbeat(b, &m) < 0)
			return -1;
		wire_pack_heartbeat(out, &m);
		return 0;
	}
	case WIRE_JOB_STARTED:
	case WIRE_JOB_ENDED:
	case WIRE_JOB_FAILED_LAUNCH:
	case WIRE_JOB_END_ACK: {
		struct wire_job_event m;

		if (wire_unpack_job_event(b, &m) < 0)
			return -1;
		(void)wire_fail_is_launch(m.reason);
		wire_pack_job_event(out, &m);
		wire_job_event_free(&m);
		return 0;
	}
	case WIRE_REGISTER_OK: {
		struct wire_register_ok m;

		if (wire_unpack_register_ok(b, &m) < 0)
			return -1;
		wire_pack_register_ok(out, &m);
		wire_register_ok_free(&m);
		return 0;
	}
	case WIRE_JOB_LAUNCH: {
		struct wire_launch m;

		if (wire_unpack_launch(b, &m) < 0)
			return -1;
		wire_pack_launch(out, &m);
		wire_launch_free(&m);
		return 0;
	}
	case WIRE_JOB_SIGNAL:
	case WIRE_JOB_TERMINATE: {
		struct wire_signal m;

		if (wire_unpack_signal(b, &m) < 0)
			return -1;
		wire_pack_signal(out, &m);
		return 0;
	}
	default: {
		struct wire_error m;

		if (wire_unpack_error(b, &m) < 0)
			return -1;
		wire_pack_error(out, &m);
		wire_error_free(&m);
		return 0;
	}
	}
}

/* Unknown types go to a codec chosen by value, so all see all inputs. */
static uint16_t pick(uint16_t type)
{
	static const uint16_t known[] = {
		WIRE_NODE_REGISTER, WIRE_NODE_HEARTBEAT, WIRE_JOB_STARTED,
		WIRE_REGISTER_OK, WIRE_REGISTER_REFUSED, WIRE_JOB_LAUNCH,
		WIRE_JOB_SIGNAL, WIRE_JOB_END_ACK, WIRE_ADMIN_REQUEST,
		WIRE_ADMIN_REPLY, WIRE_ADMIN_EVENT, WIRE_ADMIN_AUTH,
	};

	if (strcmp(wire_type_name(type), "UNKNOWN"))
		return type;
	return known[type % (sizeof(known) / sizeof(known[0]))];
}

static void one_frame(uint16_t type, buf_t *body)
{
	buf_t *out1 = buf_new(256), *out2 = NULL;
	buf_t again;

	type = pick(type);
	if (run(type, body, out1) < 0)
		goto done;
	out2 = buf_new(buf_len(out1) + 16);
	buf_init_view(&again, out1->data, buf_len(out1));
	if (run(type, &again, out2) < 0) {
		fprintf(stderr, "%s: packed body does not decode\n",
			wire_type_name(type));
		abort();
	}
	if (buf_len(out1) != buf_len(out2) ||
	    memcmp(out1->data, out2->data, buf_len(out1))) {
		fprintf(stderr, "%s: decode+pack is not stable\n",
			wire_type_name(type));
		abort();
	}
done:
	buf_free(out1);
	if (out2)
		buf_free(out2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size > 0) {
		long n = wire_frame_complete(data, size);
		uint16_t type;
		buf_t body;

		if (n <= 0)
			break;
		if (wire_frame_parse(data, (size_t)n, &type, &body) == 0)
			one_frame(type, &body);
		data += n;
		size -= (size_t)n;
	}
	return 0;
}
