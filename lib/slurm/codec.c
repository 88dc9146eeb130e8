/* codec.c - helpers every Slurm body codec needs: error context, the
 * exact-length check, select plugin data and multi_core_data. The message
 * layouts themselves live in msg_*.c; framing is proto.c's job. */
#include <stdio.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/slurm_defs.h"

int slurm_codec_fail(const char *what)
{
	char why[256];

	/* err_set formats into the buffer err_msg points at: copy first */
	snprintf(why, sizeof(why), "%s", err_msg());
	err_set("%s: %s", what, why[0] ? why : "malformed");
	return -1;
}

int slurm_codec_end(buf_t *b, const char *what)
{
	if (b->failed)
		return slurm_codec_fail(what);
	if (buf_remaining(b)) {
		err_set("%s: %zu unexpected bytes after the last field",
			what, buf_remaining(b));
		return -1;
	}
	return 0;
}

int slurm_select_plugin_unpack(buf_t *b, uint32_t *plugin_id)
{
	if (unpack32(b, plugin_id))
		return -1;
	switch (*plugin_id) {
	case SELECT_PLUGIN_CONS_RES:
	case SELECT_PLUGIN_LINEAR:
	case SELECT_PLUGIN_CONS_TRES:
		return 0;
	}
	/* Cray variants carry data we cannot size, so we cannot go on */
	err_set("unsupported select plugin %u", *plugin_id);
	b->failed = true;
	return -1;
}

void slurm_select_plugin_pack(buf_t *b, uint32_t plugin_id)
{
	pack32(b, plugin_id);
}

int slurm_multi_core_unpack(buf_t *b, struct slurm_multi_core *mc)
{
	uint8_t flag;

	*mc = (struct slurm_multi_core){ 0 };
	if (unpack8(b, &flag))
		return -1;
	if (flag == 0)
		return 0;
	if (flag != 0xff) {
		err_set("bad multi_core marker 0x%02x", flag);
		b->failed = true;
		return -1;
	}
	mc->present = true;
	if (unpack16(b, &mc->boards_per_node) ||
	    unpack16(b, &mc->sockets_per_board) ||
	    unpack16(b, &mc->sockets_per_node) ||
	    unpack16(b, &mc->cores_per_socket) ||
	    unpack16(b, &mc->threads_per_core) ||
	    unpack16(b, &mc->ntasks_per_board) ||
	    unpack16(b, &mc->ntasks_per_socket) ||
	    unpack16(b, &mc->ntasks_per_core) ||
	    unpack16(b, &mc->plane_size))
		return -1;
	return 0;
}

void slurm_multi_core_pack(buf_t *b, const struct slurm_multi_core *mc)
{
	if (!mc->present) {
		pack8(b, 0);
		return;
	}
	pack8(b, 0xff);
	pack16(b, mc->boards_per_node);
	pack16(b, mc->sockets_per_board);
	pack16(b, mc->sockets_per_node);
	pack16(b, mc->cores_per_socket);
	pack16(b, mc->threads_per_core);
	pack16(b, mc->ntasks_per_board);
	pack16(b, mc->ntasks_per_socket);
	pack16(b, mc->ntasks_per_core);
	pack16(b, mc->plane_size);
}

int slurm_codec_records(buf_t *b, const char *what, uint32_t count,
			size_t size, int (*one)(buf_t *b, void *record),
			void **records, uint32_t *done)
{
	uint8_t *arr = NULL;

	*records = NULL;
	*done = 0;
	/* every record is far bigger than 64 bytes; this bounds the calloc */
	if (count > buf_remaining(b) / 64) {
		err_set("%s: %u records cannot fit in %zu bytes", what, count,
			buf_remaining(b));
		return -1;
	}
	if (count)
		arr = xcalloc(count, size);
	*records = arr;
	for (uint32_t i = 0; i < count; i++) {
		if (one(b, arr + i * size))
			return slurm_codec_fail(what);
		*done = i + 1;
	}
	return slurm_codec_end(b, what);
}
