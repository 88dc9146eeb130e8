/* msg_misc.h - small Slurm 22.05 bodies: RESPONSE_SLURM_RC (8001, also the
 * reply to REQUEST_PING 1008), RESPONSE_SLURM_RC_MSG (8002),
 * RESPONSE_FED_INFO (2050), the empty bodies (REQUEST_PING, REQUEST_FED_INFO,
 * REQUEST_RECONFIGURE) and the "time last_update + u16 show_flags" info
 * requests (REQUEST_NODE_INFO 2007, REQUEST_PARTITION_INFO 2009,
 * REQUEST_LICENSE_INFO 1021), and RESPONSE_LICENSE_INFO (1022). */
#ifndef FLURM_SLURM_MSG_MISC_H
#define FLURM_SLURM_MSG_MISC_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/pack.h"

/* RESPONSE_SLURM_RC: u32 return_code (0 or a Slurm errno). */
void slurm_rc_pack(buf_t *b, uint32_t rc);
int slurm_rc_unpack(buf_t *b, uint32_t *rc);

/* RESPONSE_SLURM_RC_MSG: u32 rc, str message (the client prints it). */
void slurm_rc_msg_pack(buf_t *b, uint32_t rc, const char *msg);
int slurm_rc_msg_unpack(buf_t *b, uint32_t *rc, char **msg);

/* A body that must be empty (REQUEST_PING, REQUEST_FED_INFO, ...). */
int slurm_empty_unpack(buf_t *b);

/* RESPONSE_FED_INFO for a cluster outside any federation: one 0 byte. */
void slurm_fed_info_pack_none(buf_t *b);
/* Accepts only "no federation"; a federation record is refused. */
int slurm_fed_info_unpack(buf_t *b);

/* REQUEST_NODE_INFO / REQUEST_PARTITION_INFO / REQUEST_BUILD_INFO-like
 * bodies: time last_update, u16 show_flags. */
struct slurm_info_request {
	time_t last_update;
	uint16_t show_flags;
};
int slurm_info_request_unpack(buf_t *b, struct slurm_info_request *r);
void slurm_info_request_pack(buf_t *b, const struct slurm_info_request *r);

/* REQUEST_NODE_INFO_SINGLE (2040): str node_name, u16 show_flags. */
struct slurm_node_info_single_request {
	char *node_name;
	uint16_t show_flags;
};
int slurm_node_info_single_request_unpack(buf_t *b,
		struct slurm_node_info_single_request *r);
void slurm_node_info_single_request_free(
		struct slurm_node_info_single_request *r);

/* RESPONSE_LICENSE_INFO (scontrol show licenses): u32 count, time
 * last_update, then each license: str name, u32 total, u32 in use, u32
 * reserved, u8 remote. */
struct slurm_license_info {
	char *name;
	uint32_t total, in_use, reserved;
	uint8_t remote;
};
void slurm_license_info_pack(buf_t *b, const struct slurm_license_info *v,
			     uint32_t n, time_t last_update);
/* *V is malloc'd (free with slurm_license_info_free). */
int slurm_license_info_unpack(buf_t *b, struct slurm_license_info **v,
			      uint32_t *n, time_t *last_update);
void slurm_license_info_free(struct slurm_license_info *v, uint32_t n);

/* The answers of a controller that has none of what is asked, as
 * slurmctld 22.05 gives them without accounting, fairshare, topology,
 * burst buffers, front ends, reservations or triggers (the clients then print their "nothing"
 * lines). TYPE is the request: REQUEST_TOPO_INFO (u32 0 records),
 * REQUEST_FRONT_END_INFO (u32 0, time NOW), REQUEST_BURST_BUFFER_INFO
 * (u32 0), REQUEST_BURST_BUFFER_STATUS (no string),
 * REQUEST_RESERVATION_INFO (u32 0, time NOW),
 * REQUEST_TRIGGER_GET (u32 0), REQUEST_ASSOC_MGR_INFO (the TRES names, then u32 0 for each
 * of associations, QOS and users), REQUEST_SHARE_INFO (no TRES names,
 * u32 NO_VAL records, u64 total shares 0). Returns the response type,
 * or 0 for another TYPE (nothing packed). */
uint16_t slurm_empty_info_pack(buf_t *b, uint16_t type, time_t now);

#endif
