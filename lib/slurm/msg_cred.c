/* msg_cred.c - pack, sign, unpack and verify the Slurm 22.05 job
 * credential. Signing and signature checks go through auth_seal() and
 * auth_unseal(); which uid may launch what, and what a node does with a
 * verified credential, are left to the node daemon. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_cred.h"

/* Slurm's gres records: their magic, and gres/gpu's plugin id (what
 * gres_build_id() makes of "gpu") */
#define GRES_MAGIC  0x438a34d4u
#define GRES_GPU_ID ((uint32_t)'g' + ((uint32_t)'p' << 8) + \
		     ((uint32_t)'u' << 16))

/* The start of the one gres/gpu record a job's or a step's list holds
 * (the count, magic, plugin id, cpus_per_gres and flags), then the five
 * request counts, none given: the same in both. */
static void pack_gpu_head(buf_t *b)
{
	pack16(b, 1);
	pack32(b, GRES_MAGIC);
	pack32(b, GRES_GPU_ID);
	pack16(b, 0);                 /* cpus_per_gres */
	pack16(b, 0);                 /* flags */
	for (int i = 0; i < 5; i++)   /* gres_per_*, mem_per_gres */
		pack64(b, 0);
}

/* The job's GPUs as one gres/gpu job record (gres_job_state_pack of
 * 22.05), or no record. */
static void pack_gpus(buf_t *b, const struct cred *c)
{
	uint64_t *cnt, total = 0;

	if (!c->gpu_bits || !c->gpu_nodes) {
		pack16(b, 0);
		return;
	}
	cnt = xcalloc(c->gpu_nodes, sizeof(*cnt));
	for (uint32_t k = 0; k < c->gpu_nodes; k++) {
		cnt[k] = c->gpu_bits[k] ? (uint64_t)bit_count(c->gpu_bits[k]) : 0;
		total += cnt[k];
	}
	pack_gpu_head(b);             /* gres_per_job, _node, ... */
	pack16(b, 0);                 /* ntasks_per_gres */
	pack64(b, total);             /* total_gres */
	pack_str(b, NULL);            /* type_name */
	pack32(b, c->gpu_nodes);
	pack8(b, 1);
	pack64_array(b, cnt, c->gpu_nodes);
	pack8(b, 1);
	for (uint32_t k = 0; k < c->gpu_nodes; k++)
		pack_bitstr(b, c->gpu_bits[k]);
	pack8(b, 0);                  /* no step allocations */
	pack8(b, 0);
	free(cnt);
}

/* The step's GPUs as one gres/gpu step record (gres_step_state_pack of
 * 22.05), or no record. */
static void pack_step_gpus(buf_t *b, const struct cred *c)
{
	uint64_t *cnt, total = 0;
	bitstr_t *in_use;

	if (!c->gpu_bits || !c->step_gpu_bits || !c->gpu_nodes) {
		pack16(b, 0);
		return;
	}
	cnt = xcalloc(c->gpu_nodes, sizeof(*cnt));
	in_use = bit_alloc(c->gpu_nodes);
	for (uint32_t k = 0; k < c->gpu_nodes; k++) {
		cnt[k] = c->step_gpu_bits[k] ?
			(uint64_t)bit_count(c->step_gpu_bits[k]) : 0;
		if (cnt[k])
			bit_set(in_use, k);
		total += cnt[k];
	}
	pack_gpu_head(b);             /* gres_per_step, _node, ... */
	pack64(b, total);             /* total_gres */
	pack32(b, c->gpu_nodes);
	pack_bitstr(b, in_use);       /* node_in_use */
	pack8(b, 1);
	pack64_array(b, cnt, c->gpu_nodes);
	pack8(b, 1);
	for (uint32_t k = 0; k < c->gpu_nodes; k++)
		pack_bitstr(b, c->step_gpu_bits[k]);
	bit_free(in_use);
	free(cnt);
}

/* What pack_gpu_head wrote, after the record count: false unless it
 * heads a gres/gpu record. */
static bool unpack_gpu_head(buf_t *b)
{
	uint32_t magic = 0, id = 0;
	uint16_t u16;
	uint64_t u64;

	unpack32(b, &magic);
	unpack32(b, &id);
	unpack16(b, &u16);
	unpack16(b, &u16);
	for (int i = 0; i < 5; i++)
		unpack64(b, &u64);
	return !b->failed && magic == GRES_MAGIC && id == GRES_GPU_ID;
}

/* The tail of a gres/gpu record of N nodes: the counts (N of them, when
 * there are any), then the bitmaps, into *BITS when there are any. */
static int unpack_gpu_nodes(buf_t *b, uint32_t n, bitstr_t ***bits)
{
	uint64_t *cnt = NULL;
	uint32_t ncnt = 0;
	uint8_t more = 0;

	unpack8(b, &more);
	if (more) {
		unpack64_array(b, &cnt, &ncnt);
		free(cnt);
		if (!b->failed && ncnt != n)
			return -1;
	}
	unpack8(b, &more);
	if (more && !b->failed) {
		*bits = xcalloc(n ? n : 1, sizeof(**bits));
		for (uint32_t k = 0; k < n && !b->failed; k++)
			unpack_bitstr(b, &(*bits)[k]);
	}
	return b->failed ? -1 : 0;
}

/* What pack_step_gpus wrote (REC records, after the job record); 0, or
 * -1 for a record of another GRES or a layout it does not write. */
static int unpack_step_gpus(buf_t *b, struct cred *c, uint16_t rec)
{
	uint32_t n = 0;
	uint64_t u64;
	bitstr_t *in_use = NULL;

	if (!rec)
		return 0;
	if (rec != 1 || !c->gpu_bits || !unpack_gpu_head(b))
		return -1;
	unpack64(b, &u64);             /* total_gres */
	unpack32(b, &n);
	if (b->failed || n != c->gpu_nodes)
		return -1;
	unpack_bitstr(b, &in_use);
	bit_free(in_use);
	return unpack_gpu_nodes(b, n, &c->step_gpu_bits);
}

/* What pack_gpus wrote (REC records); 0, or -1 for a record of another
 * GRES or a layout it does not write. */
static int unpack_gpus(buf_t *b, struct cred *c, uint16_t rec)
{
	uint32_t n = 0;
	uint16_t u16;
	uint64_t u64;
	uint8_t more = 0;
	char *type = NULL;

	if (!rec)
		return 0;
	if (rec != 1 || !unpack_gpu_head(b))
		return -1;
	unpack16(b, &u16);             /* ntasks_per_gres */
	unpack64(b, &u64);             /* total_gres */
	unpack_str(b, &type);
	free(type);
	unpack32(b, &n);
	if (b->failed || n > PACK_MAX_BITS)
		return -1;
	/* counted before the bitmaps come, so that a failure frees them */
	c->gpu_nodes = n;
	if (unpack_gpu_nodes(b, n, &c->gpu_bits) < 0)
		return -1;
	if (!c->gpu_bits)
		c->gpu_nodes = 0;
	unpack8(b, &more);
	if (more)
		return -1;
	unpack8(b, &more);
	if (more)
		return -1;
	return b->failed ? -1 : 0;
}

static void pack_fields(buf_t *b, const struct cred *c)
{
	pack32(b, c->job_id);
	pack32(b, c->step_id);
	pack32(b, c->step_het_comp);
	pack32(b, c->uid);
	pack32(b, c->gid);
	pack_str(b, c->user_name);
	pack_str(b, c->gecos);
	pack_str(b, c->home);
	pack_str(b, c->shell);
	pack32_array(b, c->gids, c->ngids);
	pack32(b, 0);                 /* gr_names: optional, none */
	pack_gpus(b, c);              /* job GRES records */
	pack_step_gpus(b, c);         /* step GRES records */
	pack16(b, c->job_core_spec);
	pack_str(b, c->account);
	pack_str(b, c->alias_list);
	pack_str(b, c->comment);
	pack_str(b, c->constraints);
	pack_str(b, c->partition);
	pack_str(b, c->reservation);
	pack16(b, c->restart_cnt);
	pack_str(b, c->std_err);
	pack_str(b, c->std_in);
	pack_str(b, c->std_out);
	pack_str(b, c->step_hostlist);
	pack16(b, c->x11);
	pack_time(b, c->ctime);
	pack32(b, c->job_core_bitmap ?
		  (uint32_t)bit_size(c->job_core_bitmap) : 0);
	pack_bitstr(b, c->job_core_bitmap);
	pack_bitstr(b, c->step_core_bitmap);
	pack16(b, c->core_array_size);
	if (c->core_array_size) {
		pack16_array(b, c->cores_per_socket, c->core_array_size);
		pack16_array(b, c->sockets_per_node, c->core_array_size);
		pack32_array(b, c->sock_core_rep_count, c->core_array_size);
	}
	pack32(b, c->cpu_array_count);
	if (c->cpu_array_count) {
		pack16_array(b, c->cpu_array, c->cpu_array_count);
		pack32_array(b, c->cpu_array_reps, c->cpu_array_count);
	}
	pack32(b, c->job_nhosts);
	pack32(b, c->job_ntasks);
	pack_str(b, c->job_hostlist);
	pack32(b, c->job_mem_count);
	if (c->job_mem_count) {
		pack64_array(b, c->job_mem, c->job_mem_count);
		pack32_array(b, c->job_mem_reps, c->job_mem_count);
	}
	pack32(b, c->step_mem_count);
	if (c->step_mem_count) {
		pack64_array(b, c->step_mem, c->step_mem_count);
		pack32_array(b, c->step_mem_reps, c->step_mem_count);
	}
	pack_str(b, c->selinux_context);
}

int cred_sign(struct auth_ctx *ctx, struct cred *c, time_t now)
{
	buf_t *b = buf_new(1024);
	char *sig = NULL;

	c->ctime = now;
	pack_fields(b, c);
	if (auth_seal(ctx, b->data, buf_len(b), &sig) < 0) {
		err_set("cannot sign job credential: %s", err_msg());
		buf_free(b);
		return -1;
	}
	free(c->signed_data);
	free(c->signature);
	c->signed_data = buf_steal(b, &c->signed_len);
	c->signature = sig;
	buf_free(b);
	return 0;
}

void cred_pack(buf_t *b, const struct cred *c)
{
	pack_raw(b, c->signed_data, c->signed_len);
	pack_mem(b, c->signature,
		 c->signature ? (uint32_t)strlen(c->signature) + 1 : 0);
}

/* A u16 array of exactly N entries (Slurm packs the count again). */
static void take16(buf_t *b, uint16_t **v, uint32_t n, int *bad)
{
	uint32_t got = 0;

	if (unpack16_array(b, v, &got) == 0 && got != n)
		*bad = 1;
}

static void take32(buf_t *b, uint32_t **v, uint32_t n, int *bad)
{
	uint32_t got = 0;

	if (unpack32_array(b, v, &got) == 0 && got != n)
		*bad = 1;
}

static void take64(buf_t *b, uint64_t **v, uint32_t n, int *bad)
{
	uint32_t got = 0;

	if (unpack64_array(b, v, &got) == 0 && got != n)
		*bad = 1;
}

int cred_unpack(buf_t *b, struct cred *c)
{
	size_t start = b->off;
	uint32_t nnames = 0, tot_cores = 0, siglen = 0;
	uint16_t job_gres = 0, step_gres = 0;
	char **names = NULL;
	uint8_t *sig = NULL;
	int bad = 0;

	memset(c, 0, sizeof(*c));
	unpack32(b, &c->job_id);
	unpack32(b, &c->step_id);
	unpack32(b, &c->step_het_comp);
	unpack32(b, &c->uid);
	unpack32(b, &c->gid);
	unpack_str(b, &c->user_name);
	unpack_str(b, &c->gecos);
	unpack_str(b, &c->home);
	unpack_str(b, &c->shell);
	unpack32_array(b, &c->gids, &c->ngids);
	unpack_str_array(b, &names, &nnames);
	str_array_free(names);
	if (!b->failed && nnames && nnames != c->ngids) {
		err_set("%u group names for %u groups", nnames, c->ngids);
		goto fail;
	}
	unpack16(b, &job_gres);
	if (!b->failed && unpack_gpus(b, c, job_gres) < 0) {
		err_set("carries GRES records other than the job's GPUs");
		goto fail;
	}
	unpack16(b, &step_gres);
	if (!b->failed && unpack_step_gpus(b, c, step_gres) < 0) {
		err_set("carries step GRES records other than the step's GPUs");
		goto fail;
	}
	unpack16(b, &c->job_core_spec);
	unpack_str(b, &c->account);
	unpack_str(b, &c->alias_list);
	unpack_str(b, &c->comment);
	unpack_str(b, &c->constraints);
	unpack_str(b, &c->partition);
	unpack_str(b, &c->reservation);
	unpack16(b, &c->restart_cnt);
	unpack_str(b, &c->std_err);
	unpack_str(b, &c->std_in);
	unpack_str(b, &c->std_out);
	unpack_str(b, &c->step_hostlist);
	unpack16(b, &c->x11);
	unpack_time(b, &c->ctime);
	unpack32(b, &tot_cores);
	unpack_bitstr(b, &c->job_core_bitmap);
	unpack_bitstr(b, &c->step_core_bitmap);
	unpack16(b, &c->core_array_size);
	if (!b->failed && c->core_array_size) {
		take16(b, &c->cores_per_socket, c->core_array_size, &bad);
		take16(b, &c->sockets_per_node, c->core_array_size, &bad);
		take32(b, &c->sock_core_rep_count, c->core_array_size, &bad);
	}
	unpack32(b, &c->cpu_array_count);
	if (!b->failed && c->cpu_array_count) {
		take16(b, &c->cpu_array, c->cpu_array_count, &bad);
		take32(b, &c->cpu_array_reps, c->cpu_array_count, &bad);
	}
	unpack32(b, &c->job_nhosts);
	unpack32(b, &c->job_ntasks);
	unpack_str(b, &c->job_hostlist);
	unpack32(b, &c->job_mem_count);
	if (!b->failed && c->job_mem_count) {
		take64(b, &c->job_mem, c->job_mem_count, &bad);
		take32(b, &c->job_mem_reps, c->job_mem_count, &bad);
	}
	unpack32(b, &c->step_mem_count);
	if (!b->failed && c->step_mem_count) {
		take64(b, &c->step_mem, c->step_mem_count, &bad);
		take32(b, &c->step_mem_reps, c->step_mem_count, &bad);
	}
	unpack_str(b, &c->selinux_context);
	if (b->failed)
		goto fail;
	if (bad) {
		err_set("an array's length disagrees with its count");
		goto fail;
	}
	c->signed_len = b->off - start;
	c->signed_data = xmalloc(c->signed_len ? c->signed_len : 1);
	memcpy(c->signed_data, b->data + start, c->signed_len);

	if (unpack_mem(b, (void **)&sig, &siglen) < 0)
		goto fail;
	if (siglen && memchr(sig, '\0', siglen) != sig + siglen - 1) {
		free(sig);
		err_set("signature is not a NUL-terminated string");
		goto fail;
	}
	c->signature = (char *)sig;
	return 0;
fail:
	cred_free(c);
	return slurm_codec_fail("job credential");
}

int cred_verify(struct auth_ctx *ctx, const struct cred *c,
		const struct cred_check *check)
{
	uint32_t expire = check->expire ? check->expire : CRED_EXPIRE_DEFAULT;
	hostlist_t *hl = NULL;
	uid_t signer = 0;
	int rc = -1;

	if (!c->signature || !c->signed_data) {
		err_set("job credential is not signed");
		return -1;
	}
	if (auth_unseal(ctx, c->signature, c->signed_data, c->signed_len,
			AUTH_UNSEAL_REPLAY, &signer) < 0) {
		err_set("job credential: %s", err_msg());
		return -1;
	}
	if (signer != 0 && signer != check->slurm_uid) {
		err_set("job credential signed by uid %u, not by root or "
			"SlurmUser (uid %u)", (unsigned)signer,
			(unsigned)check->slurm_uid);
		return -1;
	}
	if (c->ctime < check->now - (time_t)expire) {
		err_set("job credential for %u.%u expired %lld s ago",
			c->job_id, c->step_id,
			(long long)(check->now - c->ctime - (time_t)expire));
		return -1;
	}
	if (c->uid != check->uid) {
		err_set("job credential for %u.%u is for uid %u, not uid %u",
			c->job_id, c->step_id, c->uid, check->uid);
		return -1;
	}
	hl = hostlist_create(c->step_hostlist);
	if (!hl) {
		err_set("job credential has a bad node list: %s", err_msg());
		return -1;
	}
	if (!check->node_name || hostlist_find(hl, check->node_name) < 0) {
		err_set("job credential for %u.%u does not name node %s "
			"(step nodes: %s)", c->job_id, c->step_id,
			check->node_name ? check->node_name : "(none)",
			c->step_hostlist ? c->step_hostlist : "");
		goto out;
	}
	rc = 0;
out:
	hostlist_destroy(hl);
	return rc;
}

void cred_free(struct cred *c)
{
	free(c->user_name);
	free(c->gecos);
	free(c->home);
	free(c->shell);
	free(c->gids);
	free(c->account);
	free(c->alias_list);
	free(c->comment);
	free(c->constraints);
	free(c->partition);
	free(c->reservation);
	free(c->std_err);
	free(c->std_in);
	free(c->std_out);
	free(c->step_hostlist);
	bit_free(c->job_core_bitmap);
	bit_free(c->step_core_bitmap);
	free(c->cores_per_socket);
	free(c->sockets_per_node);
	free(c->sock_core_rep_count);
	free(c->cpu_array);
	free(c->cpu_array_reps);
	free(c->job_hostlist);
	free(c->job_mem);
	free(c->job_mem_reps);
	free(c->step_mem);
	free(c->step_mem_reps);
	free(c->selinux_context);
	for (uint32_t k = 0; c->gpu_bits && k < c->gpu_nodes; k++)
		bit_free(c->gpu_bits[k]);
	free(c->gpu_bits);
	for (uint32_t k = 0; c->step_gpu_bits && k < c->gpu_nodes; k++)
		bit_free(c->step_gpu_bits[k]);
	free(c->step_gpu_bits);
	free(c->signed_data);
	free(c->signature);
	memset(c, 0, sizeof(*c));
}
