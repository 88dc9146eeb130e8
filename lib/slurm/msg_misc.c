/* msg_misc.c - the small Slurm 22.05 bodies: return codes, empty requests,
 * "no federation", and the plain info requests. Deciding which return
 * code to send is the RPC handlers' job. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_misc.h"
#include "slurm/msg_types.h"
#include "slurm/slurm_defs.h"

void slurm_rc_pack(buf_t *b, uint32_t rc)
{
	pack32(b, rc);
}

int slurm_rc_unpack(buf_t *b, uint32_t *rc)
{
	if (unpack32(b, rc))
		return slurm_codec_fail("return code");
	return slurm_codec_end(b, "return code");
}

void slurm_rc_msg_pack(buf_t *b, uint32_t rc, const char *msg)
{
	pack32(b, rc);
	pack_str(b, msg);
}

int slurm_rc_msg_unpack(buf_t *b, uint32_t *rc, char **msg)
{
	*msg = NULL;
	if (unpack32(b, rc) || unpack_str(b, msg))
		goto fail;
	if (slurm_codec_end(b, "return code message") == 0)
		return 0;
	free(*msg);
	*msg = NULL;
	return -1;
fail:
	free(*msg);
	*msg = NULL;
	return slurm_codec_fail("return code message");
}

int slurm_empty_unpack(buf_t *b)
{
	return slurm_codec_end(b, "empty body");
}

void slurm_fed_info_pack_none(buf_t *b)
{
	pack8(b, 0);
}

int slurm_fed_info_unpack(buf_t *b)
{
	uint8_t present;

	if (unpack8(b, &present))
		return slurm_codec_fail("federation info");
	if (present) {
		err_set("federation info: federations are not supported");
		return -1;
	}
	return slurm_codec_end(b, "federation info");
}

int slurm_info_request_unpack(buf_t *b, struct slurm_info_request *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack_time(b, &r->last_update) || unpack16(b, &r->show_flags))
		return slurm_codec_fail("info request");
	return slurm_codec_end(b, "info request");
}

void slurm_info_request_pack(buf_t *b, const struct slurm_info_request *r)
{
	pack_time(b, r->last_update);
	pack16(b, r->show_flags);
}

int slurm_node_info_single_request_unpack(buf_t *b,
		struct slurm_node_info_single_request *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack_str(b, &r->node_name) || unpack16(b, &r->show_flags)) {
		slurm_node_info_single_request_free(r);
		return slurm_codec_fail("node info request");
	}
	if (slurm_codec_end(b, "node info request") == 0)
		return 0;
	slurm_node_info_single_request_free(r);
	return -1;
}

void slurm_node_info_single_request_free(
		struct slurm_node_info_single_request *r)
{
	free(r->node_name);
	memset(r, 0, sizeof(*r));
}

void slurm_license_info_pack(buf_t *b, const struct slurm_license_info *v,
			     uint32_t n, time_t last_update)
{
	pack32(b, n);
	pack_time(b, last_update);
	for (uint32_t i = 0; i < n; i++) {
		pack_str(b, v[i].name);
		pack32(b, v[i].total);
		pack32(b, v[i].in_use);
		pack32(b, v[i].reserved);
		pack8(b, v[i].remote);
	}
}

int slurm_license_info_unpack(buf_t *b, struct slurm_license_info **v,
			      uint32_t *n, time_t *last_update)
{
	uint32_t cnt = 0;

	*v = NULL;
	*n = 0;
	/* each record takes at least 17 bytes */
	if (unpack32(b, &cnt) || unpack_time(b, last_update) ||
	    cnt > buf_remaining(b) / 17)
		return slurm_codec_fail("license info");
	*v = xcalloc(cnt ? cnt : 1, sizeof(**v));
	*n = cnt;
	for (uint32_t i = 0; i < cnt; i++) {
		struct slurm_license_info *l = &(*v)[i];

		unpack_str(b, &l->name);
		unpack32(b, &l->total);
		unpack32(b, &l->in_use);
		unpack32(b, &l->reserved);
		if (unpack8(b, &l->remote))
			return slurm_codec_fail("license info");
	}
	return slurm_codec_end(b, "license info");
}

void slurm_license_info_free(struct slurm_license_info *v, uint32_t n)
{
	for (uint32_t i = 0; v && i < n; i++)
		free(v[i].name);
	free(v);
}

uint16_t slurm_empty_info_pack(buf_t *b, uint16_t type, time_t now)
{
	/* AccountingStorageTRES's default, as slurmctld's TRES table */
	static char *const tres[] = {
		"cpu", "mem", "energy", "node", "billing", "fs/disk", "vmem",
		"pages",
	};
	const uint32_t ntres = sizeof(tres) / sizeof(*tres);

	switch (type) {
	case REQUEST_TOPO_INFO:
		pack32(b, 0);
		return RESPONSE_TOPO_INFO;
	case REQUEST_FRONT_END_INFO:
		pack32(b, 0);
		pack_time(b, now);
		return RESPONSE_FRONT_END_INFO;
	case REQUEST_BURST_BUFFER_INFO:
		pack32(b, 0);
		return RESPONSE_BURST_BUFFER_INFO;
	case REQUEST_BURST_BUFFER_STATUS:
		pack_str(b, NULL);
		return RESPONSE_BURST_BUFFER_STATUS;
	case REQUEST_RESERVATION_INFO:
		pack32(b, 0);
		pack_time(b, now);
		return RESPONSE_RESERVATION_INFO;
	case REQUEST_TRIGGER_GET:
		pack32(b, 0);
		return RESPONSE_TRIGGER_GET;
	case REQUEST_ASSOC_MGR_INFO:
		pack_str_array(b, tres, ntres);
		pack32(b, 0);
		pack32(b, 0);
		pack32(b, 0);
		return RESPONSE_ASSOC_MGR_INFO;
	case REQUEST_SHARE_INFO:
		pack_str_array(b, NULL, 0);
		pack32(b, NO_VAL);
		pack64(b, 0);
		return RESPONSE_SHARE_INFO;
	default:
		return 0;
	}
}
