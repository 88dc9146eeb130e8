/* msg_launch.c - codecs of the messages between srun (and scontrol) and a
 * node: task launch, launch response, task exit, signals, job id lookup,
 * and the stdio stream's init message and frame header. Every count is
 * checked against the bytes left before anything is allocated for it. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/codec.h"
#include "slurm/msg_launch.h"

/* job_options_pack()'s tag */
#define JOB_OPTIONS_TAG "job_options"

static void skip_str(buf_t *b)
{
	const char *s;
	uint32_t len;

	unpack_str_ptr(b, &s, &len);
}

/* A count of records of at least MIN bytes each that must fit in what
 * is left, so that a lying count allocates nothing big. */
static int fits(buf_t *b, uint32_t count, size_t min, const char *what)
{
	if (b->failed)
		return -1;
	if ((uint64_t)count * min > buf_remaining(b)) {
		err_set("%s count %u runs past the end of the message", what,
			count);
		b->failed = true;
		return -1;
	}
	return 0;
}

int slurm_launch_tasks_unpack(buf_t *b, struct slurm_launch_tasks *m)
{
	uint32_t u32;
	uint16_t n16;
	char **strs = NULL;

	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack32(b, &m->step_id);
	unpack32(b, &m->step_het_comp);
	unpack32(b, &m->uid);
	unpack32(b, &m->gid);
	unpack_str(b, &m->user_name);
	unpack32_array(b, &m->gids, &m->ngids);
	unpack32(b, &u32);                    /* het_job_node_offset */
	unpack32(b, &m->het_job_id);
	unpack32(b, &u32);                    /* het_job_nnodes */
	if (!b->failed && u32 != NO_VAL) {
		err_set("heterogeneous steps are not supported");
		goto fail;
	}
	unpack32(b, &u32);                    /* het_job_ntasks */
	if (!b->failed && u32 != NO_VAL) {
		err_set("heterogeneous steps are not supported");
		goto fail;
	}
	unpack32(b, &u32);                    /* het_job_offset */
	unpack32(b, &u32);                    /* het_job_step_cnt */
	unpack32(b, &u32);                    /* het_job_task_offset */
	skip_str(b);                          /* het_job_node_list */
	unpack32(b, &m->mpi_plugin_id);
	unpack32(b, &m->ntasks);
	unpack16(b, &n16);                    /* ntasks_per_board */
	unpack16(b, &n16);                    /* ntasks_per_core */
	unpack16(b, &n16);                    /* ntasks_per_tres */
	unpack16(b, &n16);                    /* ntasks_per_socket */
	unpack64(b, &m->job_mem_lim);
	unpack64(b, &m->step_mem_lim);
	unpack32(b, &m->nnodes);
	unpack16(b, &m->cpus_per_task);
	skip_str(b);                          /* tres_per_task */
	unpack16(b, &n16);                    /* threads_per_core */
	unpack32(b, &m->task_dist);
	unpack16(b, &m->node_cpus);
	unpack16(b, &n16);                    /* job_core_spec */
	unpack16(b, &n16);                    /* accel_bind_type */
	unpack16(b, &m->cred_version);
	if (b->failed)
		goto fail;
	if (m->cred_version != SLURM_22_05_PROTOCOL_VERSION) {
		err_set("job credential of protocol version 0x%x, not 22.05",
			m->cred_version);
		goto fail;
	}
	if (cred_unpack(b, &m->cred) < 0) {
		b->failed = true;
		goto fail;
	}
	/* each node: u16 count and a u32 array, at least 6 bytes */
	if (fits(b, m->nnodes, 6, "node") < 0)
		goto fail;
	m->tasks_to_launch = xcalloc(m->nnodes ? m->nnodes : 1,
				     sizeof(*m->tasks_to_launch));
	m->global_task_ids = xcalloc(m->nnodes ? m->nnodes : 1,
				     sizeof(*m->global_task_ids));
	for (uint32_t i = 0; i < m->nnodes && !b->failed; i++) {
		unpack16(b, &m->tasks_to_launch[i]);
		unpack32_array(b, &m->global_task_ids[i], &u32);
		if (!b->failed && u32 != m->tasks_to_launch[i]) {
			err_set("node %u: %u task ids for %u tasks", i, u32,
				m->tasks_to_launch[i]);
			goto fail;
		}
	}
	unpack16(b, &m->num_resp_port);
	if (fits(b, m->num_resp_port, 2, "response port") < 0)
		goto fail;
	m->resp_port = xcalloc(m->num_resp_port + 1u, sizeof(uint16_t));
	for (uint32_t i = 0; i < m->num_resp_port; i++)
		unpack16(b, &m->resp_port[i]);
	if (!b->failed && slurm_unpack_addr(b, &m->orig_addr) < 0)
		goto fail;
	unpack_str_array(b, &m->env, &m->envc);
	unpack_str_array(b, &strs, &u32);     /* spank_job_env */
	str_array_free(strs);
	skip_str(b);                          /* container */
	unpack_str(b, &m->cwd);
	unpack16(b, &m->cpu_bind_type);
	unpack_str(b, &m->cpu_bind);
	unpack16(b, &n16);                    /* mem_bind_type */
	skip_str(b);                          /* mem_bind */
	unpack_str_array(b, &m->argv, &m->argc);
	unpack32(b, &m->flags);
	unpack_str(b, &m->ofname);
	unpack_str(b, &m->efname);
	unpack_str(b, &m->ifname);
	unpack16(b, &m->num_io_port);
	if (fits(b, m->num_io_port, 2, "I/O port") < 0)
		goto fail;
	m->io_port = xcalloc(m->num_io_port + 1u, sizeof(uint16_t));
	for (uint32_t i = 0; i < m->num_io_port; i++)
		unpack16(b, &m->io_port[i]);
	unpack32(b, &u32);                    /* profile */
	unpack_str(b, &m->task_prolog);
	unpack_str(b, &m->task_epilog);
	unpack16(b, &n16);                    /* slurmd_debug */
	unpack32(b, &m->switch_plugin);
	if (!b->failed && m->switch_plugin != SWITCH_PLUGIN_NONE) {
		err_set("switch plugin %u is not supported (only switch/none)",
			m->switch_plugin);
		goto fail;
	}
	{
		const char *tag;
		uint32_t len;

		if (unpack_str_ptr(b, &tag, &len) == 0 &&
		    (!tag || strcmp(tag, JOB_OPTIONS_TAG) != 0)) {
			err_set("job options do not start with their tag");
			goto fail;
		}
	}
	unpack32(b, &u32);                    /* job options (spank) */
	if (fits(b, u32, 12, "job option") < 0)
		goto fail;
	for (uint32_t i = 0; i < u32 && !b->failed; i++) {
		uint32_t type;

		unpack32(b, &type);
		skip_str(b);
		skip_str(b);
	}
	unpack_str(b, &m->alias_list);
	unpack_str(b, &m->complete_nodelist);
	unpack8(b, &m->open_mode);
	skip_str(b);                          /* acctg_freq */
	unpack32(b, &u32);                    /* cpu_freq_min */
	unpack32(b, &u32);                    /* cpu_freq_max */
	unpack32(b, &u32);                    /* cpu_freq_gov */
	if (b->failed || slurm_select_plugin_unpack(b, &m->select_plugin) < 0)
		goto fail;
	unpack_str(b, &m->tres_bind);
	skip_str(b);                          /* tres_freq */
	unpack16(b, &m->x11);
	skip_str(b);                          /* x11_alloc_host */
	unpack16(b, &n16);                    /* x11_alloc_port */
	skip_str(b);                          /* x11_magic_cookie */
	skip_str(b);                          /* x11_target */
	unpack16(b, &n16);                    /* x11_target_port */
	if (b->failed)
		goto fail;
	if (slurm_codec_end(b, "launch tasks request") < 0) {
		slurm_launch_tasks_free(m);
		return -1;
	}
	return 0;
fail:
	slurm_launch_tasks_free(m);
	return slurm_codec_fail("launch tasks request");
}

void slurm_launch_tasks_pack(buf_t *b, const struct slurm_launch_tasks *m)
{
	pack32(b, m->job_id);
	pack32(b, m->step_id);
	pack32(b, m->step_het_comp);
	pack32(b, m->uid);
	pack32(b, m->gid);
	pack_str(b, m->user_name);
	pack32_array(b, m->gids, m->ngids);
	pack32(b, NO_VAL);                    /* het_job_node_offset */
	pack32(b, m->het_job_id);
	pack32(b, NO_VAL);                    /* het_job_nnodes */
	pack32(b, NO_VAL);                    /* het_job_ntasks */
	pack32(b, NO_VAL);                    /* het_job_offset */
	pack32(b, NO_VAL);                    /* het_job_step_cnt */
	pack32(b, NO_VAL);                    /* het_job_task_offset */
	pack_str(b, NULL);
	pack32(b, m->mpi_plugin_id);
	pack32(b, m->ntasks);
	for (int i = 0; i < 4; i++)
		pack16(b, NO_VAL16);          /* ntasks_per_* */
	pack64(b, m->job_mem_lim);
	pack64(b, m->step_mem_lim);
	pack32(b, m->nnodes);
	pack16(b, m->cpus_per_task);
	pack_str(b, NULL);                    /* tres_per_task */
	pack16(b, NO_VAL16);                  /* threads_per_core */
	pack32(b, m->task_dist);
	pack16(b, m->node_cpus);
	pack16(b, NO_VAL16);                  /* job_core_spec */
	pack16(b, 0);                         /* accel_bind_type */
	pack16(b, SLURM_22_05_PROTOCOL_VERSION);
	cred_pack(b, &m->cred);
	for (uint32_t i = 0; i < m->nnodes; i++) {
		pack16(b, m->tasks_to_launch[i]);
		pack32_array(b, m->global_task_ids[i], m->tasks_to_launch[i]);
	}
	pack16(b, m->num_resp_port);
	for (uint32_t i = 0; i < m->num_resp_port; i++)
		pack16(b, m->resp_port[i]);
	slurm_pack_addr(b, &m->orig_addr);
	pack_str_array(b, m->env, m->envc);
	pack32(b, 0);                         /* spank_job_env */
	pack_str(b, NULL);                    /* container */
	pack_str(b, m->cwd);
	pack16(b, m->cpu_bind_type);
	pack_str(b, m->cpu_bind);
	pack16(b, 0);
	pack_str(b, NULL);
	pack_str_array(b, m->argv, m->argc);
	pack32(b, m->flags);
	pack_str(b, m->ofname);
	pack_str(b, m->efname);
	pack_str(b, m->ifname);
	pack16(b, m->num_io_port);
	for (uint32_t i = 0; i < m->num_io_port; i++)
		pack16(b, m->io_port[i]);
	pack32(b, 0);                         /* profile */
	pack_str(b, m->task_prolog);
	pack_str(b, m->task_epilog);
	pack16(b, 0);                         /* slurmd_debug */
	pack32(b, m->switch_plugin);
	pack_str(b, JOB_OPTIONS_TAG);
	pack32(b, 0);
	pack_str(b, m->alias_list);
	pack_str(b, m->complete_nodelist);
	pack8(b, m->open_mode);
	pack_str(b, NULL);                    /* acctg_freq */
	pack32(b, NO_VAL);
	pack32(b, NO_VAL);
	pack32(b, NO_VAL);
	slurm_select_plugin_pack(b, m->select_plugin);
	pack_str(b, m->tres_bind);
	pack_str(b, NULL);                    /* tres_freq */
	pack16(b, m->x11);
	pack_str(b, NULL);
	pack16(b, 0);
	pack_str(b, NULL);
	pack_str(b, NULL);
	pack16(b, 0);
}

void slurm_launch_tasks_free(struct slurm_launch_tasks *m)
{
	free(m->user_name);
	free(m->gids);
	cred_free(&m->cred);
	if (m->global_task_ids)
		for (uint32_t i = 0; i < m->nnodes; i++)
			free(m->global_task_ids[i]);
	free(m->global_task_ids);
	free(m->tasks_to_launch);
	free(m->resp_port);
	str_array_free(m->env);
	free(m->cwd);
	free(m->cpu_bind);
	str_array_free(m->argv);
	free(m->ofname);
	free(m->efname);
	free(m->ifname);
	free(m->io_port);
	free(m->task_prolog);
	free(m->task_epilog);
	free(m->alias_list);
	free(m->tres_bind);
	free(m->complete_nodelist);
	memset(m, 0, sizeof(*m));
}

void slurm_launch_resp_pack(buf_t *b, const struct slurm_launch_resp *m)
{
	pack32(b, m->job_id);
	pack32(b, m->step_id);
	pack32(b, m->step_het_comp);
	pack32(b, m->return_code);
	pack_str(b, m->node_name);
	pack32(b, m->count);
	pack32_array(b, m->local_pids, m->count);
	pack32_array(b, m->task_ids, m->count);
}

void slurm_task_exit_pack(buf_t *b, const struct slurm_task_exit *m)
{
	pack32(b, m->return_code);
	pack32(b, m->num_tasks);
	pack32_array(b, m->task_ids, m->num_tasks);
	pack32(b, m->job_id);
	pack32(b, m->step_id);
	pack32(b, m->step_het_comp);
}

int slurm_signal_tasks_unpack(buf_t *b, struct slurm_signal_tasks *m)
{
	memset(m, 0, sizeof(*m));
	unpack32(b, &m->job_id);
	unpack32(b, &m->step_id);
	unpack32(b, &m->step_het_comp);
	unpack16(b, &m->flags);
	if (unpack16(b, &m->signal) < 0)
		return slurm_codec_fail("signal tasks request");
	return slurm_codec_end(b, "signal tasks request");
}

void slurm_signal_tasks_pack(buf_t *b, const struct slurm_signal_tasks *m)
{
	pack32(b, m->job_id);
	pack32(b, m->step_id);
	pack32(b, m->step_het_comp);
	pack16(b, m->flags);
	pack16(b, m->signal);
}

int slurm_job_id_req_unpack(buf_t *b, uint32_t *pid)
{
	if (unpack32(b, pid) < 0)
		return slurm_codec_fail("job id request");
	return slurm_codec_end(b, "job id request");
}

void slurm_job_id_resp_pack(buf_t *b, uint32_t job_id, uint32_t rc)
{
	pack32(b, job_id);
	pack32(b, rc);
}

void slurm_io_hdr_pack(buf_t *b, const struct slurm_io_hdr *h)
{
	pack16(b, h->type);
	pack16(b, h->gtaskid);
	pack16(b, h->ltaskid);
	pack32(b, h->length);
}

void slurm_io_hdr_parse(const uint8_t *p, struct slurm_io_hdr *h)
{
	h->type = (uint16_t)(p[0] << 8 | p[1]);
	h->gtaskid = (uint16_t)(p[2] << 8 | p[3]);
	h->ltaskid = (uint16_t)(p[4] << 8 | p[5]);
	h->length = (uint32_t)p[6] << 24 | (uint32_t)p[7] << 16 |
		    (uint32_t)p[8] << 8 | p[9];
}

void slurm_io_init_pack(buf_t *b, uint32_t nodeid, uint32_t stdout_objs,
			uint32_t stderr_objs, const void *key,
			uint32_t key_len)
{
	size_t at = buf_len(b);

	pack32(b, 0);
	pack16(b, SLURM_PROTOCOL_VERSION);
	pack32(b, nodeid);
	pack32(b, stdout_objs);
	pack32(b, stderr_objs);
	pack_mem(b, key, key_len);
	buf_put_u32_at(b, at, (uint32_t)(buf_len(b) - at - 4));
}
