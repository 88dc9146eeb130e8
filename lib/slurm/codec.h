/* codec.h - pieces shared by the Slurm message codecs (msg_*.c): error
 * context, the "whole body used" check, select plugin data and
 * multi_core_data. Not meant for code outside lib/slurm. */
#ifndef FLURM_SLURM_CODEC_H
#define FLURM_SLURM_CODEC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pack.h"

/* Prefix the current err_msg() with WHAT ("job description: ...").
 * Always returns -1, so decoders can end with `return slurm_codec_fail()`. */
int slurm_codec_fail(const char *what);

/* A body must be used up exactly: extra bytes mean the peer speaks another
 * layout, and guessing would misread every later field. */
int slurm_codec_end(buf_t *b, const char *what);

/* The record list of an info reply (jobs, nodes, partitions): COUNT
 * records of SIZE bytes, each read by ONE into a calloc'd array that
 * must then use up the body. *records and *done are set even on failure,
 * so the caller frees what was read. 0, or -1 with err_msg(). */
int slurm_codec_records(buf_t *b, const char *what, uint32_t count,
			size_t size, int (*one)(buf_t *b, void *record),
			void **records, uint32_t *done);

/* The u32 select plugin id that starts select jobinfo and nodeinfo. Only
 * linear, cons_res and cons_tres are accepted: their jobinfo is empty and
 * their nodeinfo has one shape; Cray variants carry data we cannot size. */
int slurm_select_plugin_unpack(buf_t *b, uint32_t *plugin_id);
void slurm_select_plugin_pack(buf_t *b, uint32_t plugin_id);

/* multi_core_data: u8 0x00 (absent) or 0xff followed by nine u16. */
struct slurm_multi_core {
	bool present;
	uint16_t boards_per_node;
	uint16_t sockets_per_board;
	uint16_t sockets_per_node;
	uint16_t cores_per_socket;
	uint16_t threads_per_core;
	uint16_t ntasks_per_board;
	uint16_t ntasks_per_socket;
	uint16_t ntasks_per_core;
	uint16_t plane_size;
};
int slurm_multi_core_unpack(buf_t *b, struct slurm_multi_core *mc);
void slurm_multi_core_pack(buf_t *b, const struct slurm_multi_core *mc);

#endif
