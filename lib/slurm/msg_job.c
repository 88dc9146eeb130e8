/* msg_job.c - pack and unpack Slurm 22.05 job bodies: job_desc_msg_t,
 * the submit reply, job info requests, RESPONSE_JOB_INFO, kill/cancel and
 * the job array reply to an update.
 * Field order follows slurm_protocol_pack.c and job_mgr.c's pack_job() at
 * slurm-22-05-8-1. What the values mean (and which jobs exist) is left to
 * the controller's RPC handlers. */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/msg_job.h"
#include "slurm/proto.h"
#include "slurm/slurm_defs.h"
#include "slurm/version.h"

/* ---------------------------------------------------------------- */
/* job_desc_msg_t                                                    */

void slurm_job_desc_init(struct slurm_job_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->alloc_sid = NO_VAL;
	d->contiguous = NO_VAL16;
	d->core_spec = NO_VAL16;
	d->cores_per_socket = NO_VAL16;
	d->cpu_bind_type = NO_VAL16;
	d->cpu_freq_min = NO_VAL;
	d->cpu_freq_max = NO_VAL;
	d->cpu_freq_gov = NO_VAL;
	d->cpus_per_task = NO_VAL16;
	d->delay_boot = NO_VAL;
	d->group_id = NO_VAL;
	d->job_id = NO_VAL;
	d->kill_on_node_fail = NO_VAL16;
	d->max_cpus = NO_VAL;
	d->max_nodes = NO_VAL;
	d->mem_bind_type = NO_VAL16;
	d->mail_type = NO_VAL16;
	d->min_cpus = NO_VAL;
	d->min_nodes = NO_VAL;
	d->nice = NO_VAL;
	d->ntasks_per_core = NO_VAL16;
	d->ntasks_per_tres = NO_VAL16;
	d->ntasks_per_node = NO_VAL16;
	d->ntasks_per_socket = NO_VAL16;
	d->num_tasks = NO_VAL;
	d->overcommit = NO_VAL8;
	d->plane_size = NO_VAL16;
	d->pn_min_cpus = NO_VAL16;
	d->pn_min_memory = NO_VAL64;
	d->pn_min_tmp_disk = NO_VAL;
	d->priority = NO_VAL;
	d->reboot = NO_VAL16;
	d->requeue = NO_VAL16;
	d->req_switch = NO_VAL;
	d->shared = NO_VAL16;
	d->site_factor = NO_VAL;
	d->sockets_per_node = NO_VAL16;
	d->task_dist = NO_VAL;
	d->threads_per_core = NO_VAL16;
	d->time_limit = NO_VAL;
	d->time_min = NO_VAL;
	d->user_id = NO_VAL;
	d->wait_all_nodes = NO_VAL16;
	d->wait4switch = NO_VAL;
	d->select_plugin = SELECT_PLUGIN_CONS_TRES;
}

static void cron_entry_free(struct slurm_cron_entry *c)
{
	if (!c)
		return;
	bit_free(c->minute);
	bit_free(c->hour);
	bit_free(c->day_of_month);
	bit_free(c->month);
	bit_free(c->day_of_week);
	free(c->cronspec);
	free(c);
}

static int cron_entry_unpack(buf_t *b, struct slurm_cron_entry **out)
{
	struct slurm_cron_entry *c;
	uint8_t set;

	*out = NULL;
	if (unpack8(b, &set))
		return -1;
	if (!set)
		return 0;
	c = xcalloc(1, sizeof(*c));
	*out = c;
	if (unpack32(b, &c->flags) ||
	    unpack_bitstr(b, &c->minute) ||
	    unpack_bitstr(b, &c->hour) ||
	    unpack_bitstr(b, &c->day_of_month) ||
	    unpack_bitstr(b, &c->month) ||
	    unpack_bitstr(b, &c->day_of_week) ||
	    unpack_str(b, &c->cronspec) ||
	    unpack32(b, &c->line_start) ||
	    unpack32(b, &c->line_end))
		return -1;
	return 0;
}

static void cron_entry_pack(buf_t *b, const struct slurm_cron_entry *c)
{
	pack8(b, c ? 1 : 0);
	if (!c)
		return;
	pack32(b, c->flags);
	pack_bitstr(b, c->minute);
	pack_bitstr(b, c->hour);
	pack_bitstr(b, c->day_of_month);
	pack_bitstr(b, c->month);
	pack_bitstr(b, c->day_of_week);
	pack_str(b, c->cronspec);
	pack32(b, c->line_start);
	pack32(b, c->line_end);
}

/* job_desc fields that differ by protocol version (22.05 is the layout
 * written out below), at the place of the 22.05 layout they sit. */
enum { JD_AFTER_CONTAINER, JD_AFTER_MAX_NODES, JD_SELECT,
       JD_AFTER_OTHER_PORT, JD_END };
static const struct slurm_vfield job_desc_vf[] = {
	SLURM_VF(JD_AFTER_CONTAINER, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION,
		 0, struct slurm_job_desc, container_id),
	SLURM_VF(JD_AFTER_MAX_NODES, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION,
		 0, struct slurm_job_desc, job_size_str),
	/* 23.02 dropped select jobinfo from job_desc */
	SLURM_VF(JD_SELECT, SLURM_VF_SELECT, 0, SLURM_23_02_PROTOCOL_VERSION,
		 struct slurm_job_desc, select_plugin),
	SLURM_VF(JD_AFTER_OTHER_PORT, SLURM_VF_U16,
		 SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_job_desc, resv_port_cnt),
	SLURM_VF(JD_END, SLURM_VF_U16, SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_job_desc, segment_size),
};
#define JD_PACK(b, spot, d) \
	slurm_vf_pack(b, job_desc_vf, SLURM_VF_N(job_desc_vf), spot, d)
#define JD_UNPACK(b, spot, d) \
	slurm_vf_unpack(b, job_desc_vf, SLURM_VF_N(job_desc_vf), spot, d)

int slurm_job_desc_unpack(buf_t *b, struct slurm_job_desc *d)
{
	static const char what[] = "job description";

	memset(d, 0, sizeof(*d));
	if (unpack32(b, &d->site_factor) ||
	    unpack_str(b, &d->batch_features) ||
	    unpack_str(b, &d->cluster_features) ||
	    unpack_str(b, &d->clusters) ||
	    unpack16(b, &d->contiguous) ||
	    unpack_str(b, &d->container) ||
	    JD_UNPACK(b, JD_AFTER_CONTAINER, d) ||
	    unpack16(b, &d->core_spec) ||
	    unpack32(b, &d->task_dist) ||
	    unpack16(b, &d->kill_on_node_fail) ||
	    unpack_str(b, &d->features) ||
	    unpack64(b, &d->fed_siblings_active) ||
	    unpack64(b, &d->fed_siblings_viable) ||
	    unpack32(b, &d->job_id) ||
	    unpack_str(b, &d->job_id_str) ||
	    unpack_str(b, &d->name) ||
	    unpack_str(b, &d->alloc_node) ||
	    unpack32(b, &d->alloc_sid) ||
	    unpack_str(b, &d->array_inx) ||
	    unpack_str(b, &d->burst_buffer) ||
	    unpack16(b, &d->pn_min_cpus) ||
	    unpack64(b, &d->pn_min_memory) ||
	    unpack32(b, &d->pn_min_tmp_disk) ||
	    unpack8(b, &d->power_flags) ||
	    unpack_str(b, &d->prefer) ||
	    unpack32(b, &d->cpu_freq_min) ||
	    unpack32(b, &d->cpu_freq_max) ||
	    unpack32(b, &d->cpu_freq_gov) ||
	    unpack_str(b, &d->partition) ||
	    unpack32(b, &d->priority) ||
	    unpack_str(b, &d->dependency) ||
	    unpack_str(b, &d->account) ||
	    unpack_str(b, &d->admin_comment) ||
	    unpack_str(b, &d->comment) ||
	    unpack32(b, &d->nice) ||
	    unpack32(b, &d->profile) ||
	    unpack_str(b, &d->qos) ||
	    unpack_str(b, &d->mcs_label) ||
	    unpack_str(b, &d->origin_cluster) ||
	    unpack8(b, &d->open_mode) ||
	    unpack8(b, &d->overcommit) ||
	    unpack_str(b, &d->acctg_freq) ||
	    unpack32(b, &d->num_tasks) ||
	    unpack_str(b, &d->req_context) ||
	    unpack_str(b, &d->req_nodes) ||
	    unpack_str(b, &d->exc_nodes) ||
	    /* a NULL entry arrives as "", never as a short array */
	    unpack_str_array(b, &d->environment, &d->env_size) ||
	    unpack_str_array(b, &d->spank_job_env, &d->spank_job_env_size) ||
	    unpack_str(b, &d->script) ||
	    unpack_str_array(b, &d->argv, &d->argc) ||
	    unpack_str(b, &d->std_err) ||
	    unpack_str(b, &d->std_in) ||
	    unpack_str(b, &d->std_out) ||
	    unpack_str(b, &d->submit_line) ||
	    unpack_str(b, &d->work_dir) ||
	    unpack16(b, &d->immediate) ||
	    unpack16(b, &d->reboot) ||
	    unpack16(b, &d->requeue) ||
	    unpack16(b, &d->shared) ||
	    unpack16(b, &d->cpus_per_task) ||
	    unpack16(b, &d->ntasks_per_node) ||
	    unpack16(b, &d->ntasks_per_board) ||
	    unpack16(b, &d->ntasks_per_socket) ||
	    unpack16(b, &d->ntasks_per_core) ||
	    unpack16(b, &d->ntasks_per_tres) ||
	    unpack16(b, &d->plane_size) ||
	    unpack16(b, &d->cpu_bind_type) ||
	    unpack16(b, &d->mem_bind_type) ||
	    unpack_str(b, &d->cpu_bind) ||
	    unpack_str(b, &d->mem_bind) ||
	    unpack32(b, &d->time_limit) ||
	    unpack32(b, &d->time_min) ||
	    unpack32(b, &d->min_cpus) ||
	    unpack32(b, &d->max_cpus) ||
	    unpack32(b, &d->min_nodes) ||
	    unpack32(b, &d->max_nodes) ||
	    JD_UNPACK(b, JD_AFTER_MAX_NODES, d) ||
	    unpack16(b, &d->boards_per_node) ||
	    unpack16(b, &d->sockets_per_board) ||
	    unpack16(b, &d->sockets_per_node) ||
	    unpack16(b, &d->cores_per_socket) ||
	    unpack16(b, &d->threads_per_core) ||
	    unpack32(b, &d->user_id) ||
	    unpack32(b, &d->group_id) ||
	    unpack16(b, &d->alloc_resp_port) ||
	    unpack_str(b, &d->resp_host) ||
	    unpack16(b, &d->other_port) ||
	    JD_UNPACK(b, JD_AFTER_OTHER_PORT, d) ||
	    unpack_str(b, &d->network) ||
	    unpack_time(b, &d->begin_time) ||
	    unpack_time(b, &d->end_time) ||
	    unpack_time(b, &d->deadline) ||
	    unpack_str(b, &d->licenses) ||
	    unpack16(b, &d->mail_type) ||
	    unpack_str(b, &d->mail_user) ||
	    unpack_str(b, &d->reservation) ||
	    unpack16(b, &d->restart_cnt) ||
	    unpack16(b, &d->warn_flags) ||
	    unpack16(b, &d->warn_signal) ||
	    unpack16(b, &d->warn_time) ||
	    unpack_str(b, &d->wckey) ||
	    unpack32(b, &d->req_switch) ||
	    unpack32(b, &d->wait4switch) ||
	    JD_UNPACK(b, JD_SELECT, d) ||
	    unpack16(b, &d->wait_all_nodes) ||
	    unpack64(b, &d->bitflags) ||
	    unpack32(b, &d->delay_boot) ||
	    unpack_str(b, &d->extra) ||
	    unpack16(b, &d->x11) ||
	    unpack_str(b, &d->x11_magic_cookie) ||
	    unpack_str(b, &d->x11_target) ||
	    unpack16(b, &d->x11_target_port) ||
	    unpack_str(b, &d->cpus_per_tres) ||
	    unpack_str(b, &d->mem_per_tres) ||
	    unpack_str(b, &d->tres_bind) ||
	    unpack_str(b, &d->tres_freq) ||
	    unpack_str(b, &d->tres_per_job) ||
	    unpack_str(b, &d->tres_per_node) ||
	    unpack_str(b, &d->tres_per_socket) ||
	    unpack_str(b, &d->tres_per_task) ||
	    cron_entry_unpack(b, &d->crontab_entry) ||
	    JD_UNPACK(b, JD_END, d))
		goto fail;
	if (slurm_codec_end(b, what) == 0)
		return 0;
	slurm_job_desc_free(d);
	return -1;
fail:
	slurm_codec_fail(what);
	slurm_job_desc_free(d);
	return -1;
}

void slurm_job_desc_pack(buf_t *b, const struct slurm_job_desc *d)
{
	pack32(b, d->site_factor);
	pack_str(b, d->batch_features);
	pack_str(b, d->cluster_features);
	pack_str(b, d->clusters);
	pack16(b, d->contiguous);
	pack_str(b, d->container);
	JD_PACK(b, JD_AFTER_CONTAINER, d);
	pack16(b, d->core_spec);
	pack32(b, d->task_dist);
	pack16(b, d->kill_on_node_fail);
	pack_str(b, d->features);
	pack64(b, d->fed_siblings_active);
	pack64(b, d->fed_siblings_viable);
	pack32(b, d->job_id);
	pack_str(b, d->job_id_str);
	pack_str(b, d->name);
	pack_str(b, d->alloc_node);
	pack32(b, d->alloc_sid);
	pack_str(b, d->array_inx);
	pack_str(b, d->burst_buffer);
	pack16(b, d->pn_min_cpus);
	pack64(b, d->pn_min_memory);
	pack32(b, d->pn_min_tmp_disk);
	pack8(b, d->power_flags);
	pack_str(b, d->prefer);
	pack32(b, d->cpu_freq_min);
	pack32(b, d->cpu_freq_max);
	pack32(b, d->cpu_freq_gov);
	pack_str(b, d->partition);
	pack32(b, d->priority);
	pack_str(b, d->dependency);
	pack_str(b, d->account);
	pack_str(b, d->admin_comment);
	pack_str(b, d->comment);
	pack32(b, d->nice);
	pack32(b, d->profile);
	pack_str(b, d->qos);
	pack_str(b, d->mcs_label);
	pack_str(b, d->origin_cluster);
	pack8(b, d->open_mode);
	pack8(b, d->overcommit);
	pack_str(b, d->acctg_freq);
	pack32(b, d->num_tasks);
	pack_str(b, d->req_context);
	pack_str(b, d->req_nodes);
	pack_str(b, d->exc_nodes);
	pack_str_array(b, d->environment, d->env_size);
	pack_str_array(b, d->spank_job_env, d->spank_job_env_size);
	pack_str(b, d->script);
	pack_str_array(b, d->argv, d->argc);
	pack_str(b, d->std_err);
	pack_str(b, d->std_in);
	pack_str(b, d->std_out);
	pack_str(b, d->submit_line);
	pack_str(b, d->work_dir);
	pack16(b, d->immediate);
	pack16(b, d->reboot);
	pack16(b, d->requeue);
	pack16(b, d->shared);
	pack16(b, d->cpus_per_task);
	pack16(b, d->ntasks_per_node);
	pack16(b, d->ntasks_per_board);
	pack16(b, d->ntasks_per_socket);
	pack16(b, d->ntasks_per_core);
	pack16(b, d->ntasks_per_tres);
	pack16(b, d->plane_size);
	pack16(b, d->cpu_bind_type);
	pack16(b, d->mem_bind_type);
	pack_str(b, d->cpu_bind);
	pack_str(b, d->mem_bind);
	pack32(b, d->time_limit);
	pack32(b, d->time_min);
	pack32(b, d->min_cpus);
	pack32(b, d->max_cpus);
	pack32(b, d->min_nodes);
	pack32(b, d->max_nodes);
	JD_PACK(b, JD_AFTER_MAX_NODES, d);
	pack16(b, d->boards_per_node);
	pack16(b, d->sockets_per_board);
	pack16(b, d->sockets_per_node);
	pack16(b, d->cores_per_socket);
	pack16(b, d->threads_per_core);
	pack32(b, d->user_id);
	pack32(b, d->group_id);
	pack16(b, d->alloc_resp_port);
	pack_str(b, d->resp_host);
	pack16(b, d->other_port);
	JD_PACK(b, JD_AFTER_OTHER_PORT, d);
	pack_str(b, d->network);
	pack_time(b, d->begin_time);
	pack_time(b, d->end_time);
	pack_time(b, d->deadline);
	pack_str(b, d->licenses);
	pack16(b, d->mail_type);
	pack_str(b, d->mail_user);
	pack_str(b, d->reservation);
	pack16(b, d->restart_cnt);
	pack16(b, d->warn_flags);
	pack16(b, d->warn_signal);
	pack16(b, d->warn_time);
	pack_str(b, d->wckey);
	pack32(b, d->req_switch);
	pack32(b, d->wait4switch);
	JD_PACK(b, JD_SELECT, d);
	pack16(b, d->wait_all_nodes);
	pack64(b, d->bitflags);
	pack32(b, d->delay_boot);
	pack_str(b, d->extra);
	pack16(b, d->x11);
	pack_str(b, d->x11_magic_cookie);
	pack_str(b, d->x11_target);
	pack16(b, d->x11_target_port);
	pack_str(b, d->cpus_per_tres);
	pack_str(b, d->mem_per_tres);
	pack_str(b, d->tres_bind);
	pack_str(b, d->tres_freq);
	pack_str(b, d->tres_per_job);
	pack_str(b, d->tres_per_node);
	pack_str(b, d->tres_per_socket);
	pack_str(b, d->tres_per_task);
	cron_entry_pack(b, d->crontab_entry);
	JD_PACK(b, JD_END, d);
}

bool slurm_job_desc_size_is_range(const struct slurm_job_desc *d)
{
	const char *s = d->job_size_str;
	uint32_t max = d->max_nodes == NO_VAL ? d->min_nodes : d->max_nodes;
	unsigned long lo, hi;
	char *end;

	if (!s || !*s)
		return true;
	/* bit_fmt_full's output: digits, '-' and ',' only */
	if (s[0] < '0' || s[0] > '9')
		goto bad;
	lo = hi = strtoul(s, &end, 10);
	if (*end == '-') {
		if (end[1] < '0' || end[1] > '9')
			goto bad;
		hi = strtoul(end + 1, &end, 10);
	}
	if (*end == ',') {
		err_set("node count list %.64s: only one count or range is "
			"supported", s);
		return false;
	}
	if (*end || lo != d->min_nodes || hi != max)
		goto bad;
	return true;
bad:
	err_set("node counts %.64s do not match %u-%u", s, d->min_nodes, max);
	return false;
}

void slurm_job_desc_free(struct slurm_job_desc *d)
{
	char **strs[] = {
		&d->batch_features, &d->cluster_features, &d->clusters,
		&d->container, &d->features, &d->job_id_str, &d->name,
		&d->alloc_node, &d->array_inx, &d->burst_buffer, &d->prefer,
		&d->partition, &d->dependency, &d->account, &d->admin_comment,
		&d->comment, &d->qos, &d->mcs_label, &d->origin_cluster,
		&d->acctg_freq, &d->req_context, &d->req_nodes, &d->exc_nodes,
		&d->script, &d->std_err, &d->std_in, &d->std_out,
		&d->submit_line, &d->work_dir, &d->cpu_bind, &d->mem_bind,
		&d->resp_host, &d->network, &d->licenses, &d->mail_user,
		&d->reservation, &d->wckey, &d->extra, &d->x11_magic_cookie,
		&d->x11_target, &d->cpus_per_tres, &d->mem_per_tres,
		&d->tres_bind, &d->tres_freq, &d->tres_per_job,
		&d->tres_per_node, &d->tres_per_socket, &d->tres_per_task,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	slurm_vf_free(job_desc_vf, SLURM_VF_N(job_desc_vf), d);
	str_array_free(d->environment);
	str_array_free(d->spank_job_env);
	str_array_free(d->argv);
	cron_entry_free(d->crontab_entry);
	memset(d, 0, sizeof(*d));
}

/* Which field of an update request is set: every field compared with the
 * value slurm_job_desc_init() (like the client's slurm_init_job_desc_msg)
 * gives it, in wire order. */
const char *slurm_job_desc_first_set(const struct slurm_job_desc *d)
{
	struct slurm_job_desc z;

	slurm_job_desc_init(&z);
#define NUM(f) do { if (d->f != z.f) return #f; } while (0)
#define STR(f) do { if (d->f) return #f; } while (0)
	NUM(site_factor);
	STR(batch_features);
	STR(cluster_features);
	STR(clusters);
	NUM(contiguous);
	STR(container);
	STR(container_id);
	NUM(core_spec);
	NUM(task_dist);
	NUM(kill_on_node_fail);
	STR(features);
	NUM(fed_siblings_active);
	NUM(fed_siblings_viable);
	NUM(job_id);
	STR(job_id_str);
	STR(name);
	STR(alloc_node);
	NUM(alloc_sid);
	STR(array_inx);
	STR(burst_buffer);
	NUM(pn_min_cpus);
	NUM(pn_min_memory);
	NUM(pn_min_tmp_disk);
	NUM(power_flags);
	STR(prefer);
	NUM(cpu_freq_min);
	NUM(cpu_freq_max);
	NUM(cpu_freq_gov);
	STR(partition);
	NUM(priority);
	STR(dependency);
	STR(account);
	STR(admin_comment);
	STR(comment);
	NUM(nice);
	NUM(profile);
	STR(qos);
	STR(mcs_label);
	STR(origin_cluster);
	NUM(open_mode);
	NUM(overcommit);
	STR(acctg_freq);
	NUM(num_tasks);
	STR(req_context);
	STR(req_nodes);
	STR(exc_nodes);
	if (d->env_size)
		return "environment";
	if (d->spank_job_env_size)
		return "spank_job_env";
	STR(script);
	if (d->argc)
		return "argv";
	STR(std_err);
	STR(std_in);
	STR(std_out);
	STR(submit_line);
	STR(work_dir);
	NUM(immediate);
	NUM(reboot);
	NUM(requeue);
	NUM(shared);
	NUM(cpus_per_task);
	NUM(ntasks_per_node);
	NUM(ntasks_per_board);
	NUM(ntasks_per_socket);
	NUM(ntasks_per_core);
	NUM(ntasks_per_tres);
	NUM(plane_size);
	NUM(cpu_bind_type);
	NUM(mem_bind_type);
	STR(cpu_bind);
	STR(mem_bind);
	NUM(time_limit);
	NUM(time_min);
	NUM(min_cpus);
	NUM(max_cpus);
	NUM(min_nodes);
	NUM(max_nodes);
	STR(job_size_str);
	NUM(boards_per_node);
	NUM(sockets_per_board);
	NUM(sockets_per_node);
	NUM(cores_per_socket);
	NUM(threads_per_core);
	NUM(user_id);
	NUM(group_id);
	NUM(alloc_resp_port);
	STR(resp_host);
	NUM(other_port);
	STR(network);
	NUM(begin_time);
	NUM(end_time);
	NUM(deadline);
	STR(licenses);
	NUM(mail_type);
	STR(mail_user);
	STR(reservation);
	NUM(restart_cnt);
	NUM(warn_flags);
	NUM(warn_signal);
	NUM(warn_time);
	STR(wckey);
	NUM(req_switch);
	NUM(wait4switch);
	/* select_plugin names the client's plugin, not a request; the
	 * USE_DEFAULT_* bits only say which strings were left out */
	if (d->bitflags & ~(USE_DEFAULT_ACCT | USE_DEFAULT_PART |
			    USE_DEFAULT_QOS | USE_DEFAULT_WCKEY))
		return "bitflags";
	NUM(wait_all_nodes);
	NUM(delay_boot);
	STR(extra);
	NUM(x11);
	STR(x11_magic_cookie);
	STR(x11_target);
	NUM(x11_target_port);
	STR(cpus_per_tres);
	STR(mem_per_tres);
	STR(tres_bind);
	STR(tres_freq);
	STR(tres_per_job);
	STR(tres_per_node);
	STR(tres_per_socket);
	STR(tres_per_task);
	if (d->crontab_entry)
		return "crontab_entry";
#undef NUM
#undef STR
	return NULL;
}

/* ---------------------------------------------------------------- */
/* RESPONSE_SUBMIT_BATCH_JOB                                         */

void slurm_submit_response_pack(buf_t *b, uint32_t job_id,
				uint32_t error_code, const char *user_msg)
{
	pack32(b, job_id);
	pack32(b, SLURM_BATCH_SCRIPT);
	pack32(b, error_code);
	pack_str(b, user_msg);
}

void slurm_will_run_response_pack(buf_t *b, uint32_t job_id,
				  const char *nodes, const char *partition,
				  uint32_t proc_cnt, time_t start)
{
	pack32(b, job_id);
	pack_str(b, NULL);            /* job_submit_user_msg */
	pack_str(b, nodes);
	pack_str(b, partition);
	pack32(b, NO_VAL);            /* no jobs to preempt */
	pack32(b, proc_cnt);
	pack_time(b, start);
	pack_double(b, 0.0);          /* sys_usage_per */
}

int slurm_submit_response_unpack(buf_t *b, struct slurm_submit_response *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack32(b, &r->job_id) ||
	    unpack32(b, &r->step_id) ||
	    unpack32(b, &r->error_code) ||
	    unpack_str(b, &r->job_submit_user_msg)) {
		slurm_codec_fail("submit reply");
		goto fail;
	}
	if (slurm_codec_end(b, "submit reply") == 0)
		return 0;
fail:
	slurm_submit_response_free(r);
	return -1;
}

void slurm_submit_response_free(struct slurm_submit_response *r)
{
	free(r->job_submit_user_msg);
	memset(r, 0, sizeof(*r));
}

/* ---------------------------------------------------------------- */
/* Job info requests                                                 */

int slurm_job_info_request_unpack(buf_t *b, struct slurm_job_info_request *r)
{
	static const char what[] = "job info request";
	uint32_t count;

	memset(r, 0, sizeof(*r));
	if (unpack_time(b, &r->last_update) ||
	    unpack16(b, &r->show_flags) ||
	    unpack32(b, &count))
		goto fail;
	if (count == NO_VAL) {
		r->all_jobs = true;
	} else if (count > PACK_MAX_ARRAY || count > buf_remaining(b) / 4) {
		err_set("%u job ids do not fit in the body", count);
		goto fail;
	} else if (count) {
		r->job_ids = xcalloc(count, sizeof(*r->job_ids));
		r->job_id_cnt = count;
		for (uint32_t i = 0; i < count; i++)
			if (unpack32(b, &r->job_ids[i]))
				goto fail;
	}
	if (slurm_codec_end(b, what) == 0)
		return 0;
	slurm_job_info_request_free(r);
	return -1;
fail:
	slurm_codec_fail(what);
	slurm_job_info_request_free(r);
	return -1;
}

void slurm_job_info_request_pack(buf_t *b,
				 const struct slurm_job_info_request *r)
{
	pack_time(b, r->last_update);
	pack16(b, r->show_flags);
	if (r->all_jobs) {
		pack32(b, NO_VAL);
		return;
	}
	pack32(b, r->job_id_cnt);
	for (uint32_t i = 0; i < r->job_id_cnt; i++)
		pack32(b, r->job_ids[i]);
}

void slurm_job_info_request_free(struct slurm_job_info_request *r)
{
	free(r->job_ids);
	memset(r, 0, sizeof(*r));
}

int slurm_job_id_request_unpack(buf_t *b, struct slurm_job_id_request *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack32(b, &r->job_id) || unpack16(b, &r->show_flags))
		return slurm_codec_fail("job id request");
	return slurm_codec_end(b, "job id request");
}

void slurm_job_id_request_pack(buf_t *b, const struct slurm_job_id_request *r)
{
	pack32(b, r->job_id);
	pack16(b, r->show_flags);
}

int slurm_job_user_request_unpack(buf_t *b, struct slurm_job_user_request *r)
{
	memset(r, 0, sizeof(*r));
	if (unpack32(b, &r->user_id) || unpack16(b, &r->show_flags))
		return slurm_codec_fail("job user request");
	return slurm_codec_end(b, "job user request");
}

void slurm_job_user_request_pack(buf_t *b,
				 const struct slurm_job_user_request *r)
{
	pack32(b, r->user_id);
	pack16(b, r->show_flags);
}

/* ---------------------------------------------------------------- */
/* RESPONSE_JOB_INFO                                                 */

void slurm_job_info_init(struct slurm_job_info *j)
{
	memset(j, 0, sizeof(*j));
	j->array_task_id = NO_VAL;
	j->nice = NICE_OFFSET;
	j->site_factor = NICE_OFFSET;
	j->billable_tres = (double)NO_VAL;
	j->select_plugin = SELECT_PLUGIN_CONS_TRES;
	j->shared = NO_VAL16;
	j->cpu_freq_min = NO_VAL;
	j->cpu_freq_max = NO_VAL;
	j->cpu_freq_gov = NO_VAL;
	j->core_spec = NO_VAL16;
	j->start_protocol_ver = SLURM_22_05_PROTOCOL_VERSION;
}

void slurm_job_info_pack_header(buf_t *b, uint32_t count, time_t last_update,
				time_t last_backfill)
{
	pack32(b, count);
	pack_time(b, last_update);
	pack_time(b, last_backfill);
}

void slurm_job_info_pack(buf_t *b, const struct slurm_job_info *j)
{
	size_t at;

	slurm_job_info_pack_at(b, j, &at);
}

/* job record fields that differ by protocol version, at the place of
 * the 22.05 layout they sit. 23.02 widened state_reason to u32. */
enum { JI_AFTER_CONTAINER, JI_AFTER_DELAY_BOOT, JI_STATE_REASON,
       JI_AFTER_COMMENT, JI_SELECT, JI_AFTER_MAX_NODES,
       JI_AFTER_PRIORITY, JI_AFTER_RESV_NAME };
static const struct slurm_vfield job_info_vf[] = {
	SLURM_VF(JI_AFTER_CONTAINER, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION,
		 0, struct slurm_job_info, container_id),
	SLURM_VF(JI_AFTER_DELAY_BOOT, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION,
		 0, struct slurm_job_info, failed_node),
	SLURM_VF(JI_STATE_REASON, SLURM_VF_U16, 0, SLURM_23_02_PROTOCOL_VERSION,
		 struct slurm_job_info, state_reason),
	SLURM_VF(JI_STATE_REASON, SLURM_VF_U16_AS_U32,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_job_info, state_reason),
	SLURM_VF(JI_AFTER_COMMENT, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION,
		 0, struct slurm_job_info, extra),
	SLURM_VF(JI_SELECT, SLURM_VF_SELECT, 0, SLURM_23_02_PROTOCOL_VERSION,
		 struct slurm_job_info, select_plugin),
	SLURM_VF(JI_AFTER_MAX_NODES, SLURM_VF_BITSTR,
		 SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct slurm_job_info, job_size),
	/* 24.05: a u32 array of per-partition priorities and their
	 * partition names; FLURM has one priority per job */
	SLURM_VF(JI_AFTER_PRIORITY, SLURM_VF_U32_ARRAY_CNT,
		 SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_job_info, priority_array_cnt),
	SLURM_VF(JI_AFTER_PRIORITY, SLURM_VF_STR,
		 SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_job_info, priority_array_parts),
	SLURM_VF(JI_AFTER_RESV_NAME, SLURM_VF_STR,
		 SLURM_24_05_PROTOCOL_VERSION, 0,
		 struct slurm_job_info, resv_ports),
};
#define JI_PACK(b, spot, j) \
	slurm_vf_pack(b, job_info_vf, SLURM_VF_N(job_info_vf), spot, j)
#define JI_UNPACK(b, spot, j) \
	slurm_vf_unpack(b, job_info_vf, SLURM_VF_N(job_info_vf), spot, j)

void slurm_job_info_pack_at(buf_t *b, const struct slurm_job_info *j,
			    size_t *flags_at)
{
	pack32(b, j->array_job_id);
	pack32(b, j->array_task_id);
	pack_str(b, j->array_task_str);
	pack32(b, j->array_max_tasks);
	pack32(b, j->assoc_id);
	pack_str(b, j->container);
	JI_PACK(b, JI_AFTER_CONTAINER, j);
	pack32(b, j->delay_boot);
	JI_PACK(b, JI_AFTER_DELAY_BOOT, j);
	pack32(b, j->job_id);
	pack32(b, j->user_id);
	pack32(b, j->group_id);
	pack32(b, j->het_job_id);
	pack_str(b, j->het_job_id_set);
	pack32(b, j->het_job_offset);
	pack32(b, j->profile);
	pack32(b, j->job_state);
	pack16(b, j->batch_flag);
	JI_PACK(b, JI_STATE_REASON, j);
	pack8(b, j->power_flags);
	pack8(b, j->reboot);
	pack16(b, j->restart_cnt);
	*flags_at = buf_len(b);
	pack16(b, j->show_flags);
	pack_time(b, j->deadline);
	pack32(b, j->alloc_sid);
	pack32(b, j->time_limit);
	pack32(b, j->time_min);
	pack32(b, j->nice);
	pack_time(b, j->submit_time);
	pack_time(b, j->eligible_time);
	pack_time(b, j->accrue_time);
	pack_time(b, j->start_time);
	pack_time(b, j->end_time);
	pack_time(b, j->suspend_time);
	pack_time(b, j->pre_sus_time);
	pack_time(b, j->resize_time);
	pack_time(b, j->last_sched_eval);
	pack_time(b, j->preempt_time);
	pack32(b, j->priority);
	JI_PACK(b, JI_AFTER_PRIORITY, j);
	pack_double(b, j->billable_tres);
	pack_str(b, j->cluster);
	pack_str(b, j->nodes);
	pack_str(b, j->sched_nodes);
	pack_str(b, j->partition);
	pack_str(b, j->account);
	pack_str(b, j->admin_comment);
	pack32(b, j->site_factor);
	pack_str(b, j->network);
	pack_str(b, j->comment);
	JI_PACK(b, JI_AFTER_COMMENT, j);
	pack_str(b, j->container);
	pack_str(b, j->batch_features);
	pack_str(b, j->batch_host);
	pack_str(b, j->burst_buffer);
	pack_str(b, j->burst_buffer_state);
	pack_str(b, j->system_comment);
	pack_str(b, j->qos);
	pack_time(b, j->preemptable_time);
	pack_str(b, j->licenses);
	pack_str(b, j->state_desc);
	pack_str(b, j->resv_name);
	JI_PACK(b, JI_AFTER_RESV_NAME, j);
	pack_str(b, j->mcs_label);
	pack32(b, j->exit_code);
	pack32(b, j->derived_ec);
	pack_str(b, j->gres_total);
	slurm_job_resources_pack(b, j->job_resrcs);
	pack_str_array(b, j->gres_detail_str, j->gres_detail_cnt);
	pack_str(b, j->name);
	pack_str(b, j->user_name);
	pack_str(b, j->wckey);
	pack32(b, j->req_switch);
	pack32(b, j->wait4switch);
	pack_str(b, j->alloc_node);
	pack_bitstr(b, j->node_inx);
	JI_PACK(b, JI_SELECT, j);
	/* default job details */
	pack_str(b, j->features);
	pack_str(b, j->prefer);
	pack_str(b, j->cluster_features);
	pack_str(b, j->work_dir);
	pack_str(b, j->dependency);
	pack_str(b, j->command);
	pack32(b, j->num_cpus);
	pack32(b, j->max_cpus);
	pack32(b, j->num_nodes);
	pack32(b, j->max_nodes);
	JI_PACK(b, JI_AFTER_MAX_NODES, j);
	pack16(b, j->requeue);
	pack16(b, j->ntasks_per_node);
	pack16(b, j->ntasks_per_tres);
	pack32(b, j->num_tasks);
	pack16(b, j->shared);
	pack32(b, j->cpu_freq_min);
	pack32(b, j->cpu_freq_max);
	pack32(b, j->cpu_freq_gov);
	pack_str(b, j->cronspec);
	/* pending job details */
	pack16(b, j->contiguous);
	pack16(b, j->core_spec);
	pack16(b, j->cpus_per_task);
	pack16(b, j->pn_min_cpus);
	pack64(b, j->pn_min_memory);
	pack32(b, j->pn_min_tmp_disk);
	pack_str(b, j->req_nodes);
	pack_bitstr(b, j->req_node_inx);
	pack_str(b, j->exc_nodes);
	pack_bitstr(b, j->exc_node_inx);
	pack_str(b, j->std_err);
	pack_str(b, j->std_in);
	pack_str(b, j->std_out);
	slurm_multi_core_pack(b, &j->mc);
	pack64(b, j->bitflags);
	pack_str(b, j->tres_alloc_str);
	pack_str(b, j->tres_req_str);
	pack16(b, j->start_protocol_ver);
	pack_str(b, j->fed_origin_str);
	pack64(b, j->fed_siblings_active);
	pack_str(b, j->fed_siblings_active_str);
	pack64(b, j->fed_siblings_viable);
	pack_str(b, j->fed_siblings_viable_str);
	pack_str(b, j->cpus_per_tres);
	pack_str(b, j->mem_per_tres);
	pack_str(b, j->tres_bind);
	pack_str(b, j->tres_freq);
	pack_str(b, j->tres_per_job);
	pack_str(b, j->tres_per_node);
	pack_str(b, j->tres_per_socket);
	pack_str(b, j->tres_per_task);
	pack16(b, j->mail_type);
	pack_str(b, j->mail_user);
	pack_str(b, j->selinux_context);
}

void slurm_job_info_msg_pack(buf_t *b, const struct slurm_job_info_msg *m)
{
	slurm_job_info_pack_header(b, m->record_count, m->last_update,
				   m->last_backfill);
	for (uint32_t i = 0; i < m->record_count; i++)
		slurm_job_info_pack(b, &m->jobs[i]);
}

/* Run-length records covering NHOSTS nodes: how many of the first
 * records the packer sends (Slurm stops once NHOSTS are covered). */
static uint32_t sock_recs(const struct slurm_job_resources *r)
{
	uint32_t covered = 0, i;

	for (i = 0; i < r->sock_cnt; i++) {
		covered += r->sock_core_rep_count[i];
		if (covered >= r->nhosts)
			break;
	}
	return i < r->sock_cnt ? i + 1 : r->sock_cnt;
}

void slurm_job_resources_pack(buf_t *b, const struct slurm_job_resources *r)
{
	uint32_t ns;

	if (!r) {
		pack32(b, NO_VAL);
		return;
	}
	pack32(b, r->nhosts);
	pack32(b, r->ncpus);
	pack32(b, r->node_req);
	pack_str(b, r->nodes);
	pack8(b, r->whole_node);
	pack16(b, r->threads_per_core);
	pack16(b, r->cr_type);
	pack32_array(b, r->cpu_array_reps,
		     r->cpu_array_reps ? r->cpu_array_cnt : 0);
	pack16_array(b, r->cpu_array_value,
		     r->cpu_array_value ? r->cpu_array_cnt : 0);
	pack16_array(b, r->cpus, r->cpus ? r->nhosts : 0);
	pack16_array(b, r->cpus_used, r->cpus_used ? r->nhosts : 0);
	pack64_array(b, r->memory_allocated,
		     r->memory_allocated ? r->nhosts : 0);
	pack64_array(b, r->memory_used, r->memory_used ? r->nhosts : 0);
	ns = sock_recs(r);
	pack16_array(b, r->sockets_per_node, ns);
	pack16_array(b, r->cores_per_socket, ns);
	pack32_array(b, r->sock_core_rep_count, ns);
	pack_bitstr(b, r->core_bitmap);
	pack_bitstr(b, r->core_bitmap_used);
	if (slurm_ver(b) >= SLURM_24_05_PROTOCOL_VERSION)
		pack_bitstr(b, r->node_bitmap);
}

void slurm_job_resources_free(struct slurm_job_resources *r)
{
	if (!r)
		return;
	free(r->nodes);
	free(r->cpu_array_reps);
	free(r->cpu_array_value);
	free(r->cpus);
	free(r->cpus_used);
	free(r->memory_allocated);
	free(r->memory_used);
	free(r->sockets_per_node);
	free(r->cores_per_socket);
	free(r->sock_core_rep_count);
	bit_free(r->core_bitmap);
	bit_free(r->core_bitmap_used);
	bit_free(r->node_bitmap);
	free(r);
}

/* An array of N elements or none at all. */
static int count_is(uint32_t got, uint32_t n, const char *what)
{
	if (got == 0 || got == n)
		return 0;
	err_set("job resources: %u %s for %u entries", got, what, n);
	return -1;
}

int slurm_job_resources_unpack(buf_t *b, struct slurm_job_resources **out)
{
	struct slurm_job_resources *r;
	uint32_t n16, n64, nsock, nrep;

	*out = NULL;
	r = xcalloc(1, sizeof(*r));
	if (unpack32(b, &r->nhosts))
		goto fail;
	if (r->nhosts == NO_VAL) {
		free(r);
		return 0;
	}
	if (unpack32(b, &r->ncpus) || unpack32(b, &r->node_req) ||
	    unpack_str(b, &r->nodes) || unpack8(b, &r->whole_node) ||
	    unpack16(b, &r->threads_per_core) || unpack16(b, &r->cr_type) ||
	    unpack32_array(b, &r->cpu_array_reps, &r->cpu_array_cnt) ||
	    unpack16_array(b, &r->cpu_array_value, &n16))
		goto fail;
	if (n16 != r->cpu_array_cnt) {
		err_set("job resources: cpu array counts differ (%u, %u)",
			r->cpu_array_cnt, n16);
		goto fail;
	}
	if (unpack16_array(b, &r->cpus, &n16))
		goto fail;
	if (n16 != r->nhosts) {
		err_set("job resources: %u cpu counts for %u hosts", n16,
			r->nhosts);
		goto fail;
	}
	if (unpack16_array(b, &r->cpus_used, &n16) ||
	    count_is(n16, r->nhosts, "used cpu counts") ||
	    unpack64_array(b, &r->memory_allocated, &n64) ||
	    count_is(n64, r->nhosts, "memory sizes") ||
	    unpack64_array(b, &r->memory_used, &n64) ||
	    count_is(n64, r->nhosts, "used memory sizes") ||
	    unpack16_array(b, &r->sockets_per_node, &r->sock_cnt) ||
	    unpack16_array(b, &r->cores_per_socket, &nsock) ||
	    unpack32_array(b, &r->sock_core_rep_count, &nrep))
		goto fail;
	if (nsock != r->sock_cnt || nrep != r->sock_cnt) {
		err_set("job resources: socket layout counts differ");
		goto fail;
	}
	if (unpack_bitstr(b, &r->core_bitmap) ||
	    unpack_bitstr(b, &r->core_bitmap_used))
		goto fail;
	if (slurm_ver(b) >= SLURM_24_05_PROTOCOL_VERSION &&
	    unpack_bitstr(b, &r->node_bitmap))
		goto fail;
	*out = r;
	return 0;
fail:
	b->failed = true;
	slurm_job_resources_free(r);
	return -1;
}

int slurm_job_info_unpack_one(buf_t *b, struct slurm_job_info *j)
{
	char *container2 = NULL;

	memset(j, 0, sizeof(*j));
	if (unpack32(b, &j->array_job_id) ||
	    unpack32(b, &j->array_task_id) ||
	    unpack_str(b, &j->array_task_str) ||
	    unpack32(b, &j->array_max_tasks) ||
	    unpack32(b, &j->assoc_id) ||
	    unpack_str(b, &j->container) ||
	    JI_UNPACK(b, JI_AFTER_CONTAINER, j) ||
	    unpack32(b, &j->delay_boot) ||
	    JI_UNPACK(b, JI_AFTER_DELAY_BOOT, j) ||
	    unpack32(b, &j->job_id) ||
	    unpack32(b, &j->user_id) ||
	    unpack32(b, &j->group_id) ||
	    unpack32(b, &j->het_job_id) ||
	    unpack_str(b, &j->het_job_id_set) ||
	    unpack32(b, &j->het_job_offset) ||
	    unpack32(b, &j->profile) ||
	    unpack32(b, &j->job_state) ||
	    unpack16(b, &j->batch_flag) ||
	    JI_UNPACK(b, JI_STATE_REASON, j) ||
	    unpack8(b, &j->power_flags) ||
	    unpack8(b, &j->reboot) ||
	    unpack16(b, &j->restart_cnt) ||
	    unpack16(b, &j->show_flags) ||
	    unpack_time(b, &j->deadline) ||
	    unpack32(b, &j->alloc_sid) ||
	    unpack32(b, &j->time_limit) ||
	    unpack32(b, &j->time_min) ||
	    unpack32(b, &j->nice) ||
	    unpack_time(b, &j->submit_time) ||
	    unpack_time(b, &j->eligible_time) ||
	    unpack_time(b, &j->accrue_time) ||
	    unpack_time(b, &j->start_time) ||
	    unpack_time(b, &j->end_time) ||
	    unpack_time(b, &j->suspend_time) ||
	    unpack_time(b, &j->pre_sus_time) ||
	    unpack_time(b, &j->resize_time) ||
	    unpack_time(b, &j->last_sched_eval) ||
	    unpack_time(b, &j->preempt_time) ||
	    unpack32(b, &j->priority) ||
	    JI_UNPACK(b, JI_AFTER_PRIORITY, j) ||
	    unpack_double(b, &j->billable_tres) ||
	    unpack_str(b, &j->cluster) ||
	    unpack_str(b, &j->nodes) ||
	    unpack_str(b, &j->sched_nodes) ||
	    unpack_str(b, &j->partition) ||
	    unpack_str(b, &j->account) ||
	    unpack_str(b, &j->admin_comment) ||
	    unpack32(b, &j->site_factor) ||
	    unpack_str(b, &j->network) ||
	    unpack_str(b, &j->comment) ||
	    JI_UNPACK(b, JI_AFTER_COMMENT, j) ||
	    unpack_str(b, &container2) ||
	    unpack_str(b, &j->batch_features) ||
	    unpack_str(b, &j->batch_host) ||
	    unpack_str(b, &j->burst_buffer) ||
	    unpack_str(b, &j->burst_buffer_state) ||
	    unpack_str(b, &j->system_comment) ||
	    unpack_str(b, &j->qos) ||
	    unpack_time(b, &j->preemptable_time) ||
	    unpack_str(b, &j->licenses) ||
	    unpack_str(b, &j->state_desc) ||
	    unpack_str(b, &j->resv_name) ||
	    JI_UNPACK(b, JI_AFTER_RESV_NAME, j) ||
	    unpack_str(b, &j->mcs_label) ||
	    unpack32(b, &j->exit_code) ||
	    unpack32(b, &j->derived_ec) ||
	    unpack_str(b, &j->gres_total) ||
	    slurm_job_resources_unpack(b, &j->job_resrcs) ||
	    unpack_str_array(b, &j->gres_detail_str, &j->gres_detail_cnt) ||
	    unpack_str(b, &j->name) ||
	    unpack_str(b, &j->user_name) ||
	    unpack_str(b, &j->wckey) ||
	    unpack32(b, &j->req_switch) ||
	    unpack32(b, &j->wait4switch) ||
	    unpack_str(b, &j->alloc_node) ||
	    unpack_bitstr(b, &j->node_inx) ||
	    JI_UNPACK(b, JI_SELECT, j) ||
	    unpack_str(b, &j->features) ||
	    unpack_str(b, &j->prefer) ||
	    unpack_str(b, &j->cluster_features) ||
	    unpack_str(b, &j->work_dir) ||
	    unpack_str(b, &j->dependency) ||
	    unpack_str(b, &j->command) ||
	    unpack32(b, &j->num_cpus) ||
	    unpack32(b, &j->max_cpus) ||
	    unpack32(b, &j->num_nodes) ||
	    unpack32(b, &j->max_nodes) ||
	    JI_UNPACK(b, JI_AFTER_MAX_NODES, j) ||
	    unpack16(b, &j->requeue) ||
	    unpack16(b, &j->ntasks_per_node) ||
	    unpack16(b, &j->ntasks_per_tres) ||
	    unpack32(b, &j->num_tasks) ||
	    unpack16(b, &j->shared) ||
	    unpack32(b, &j->cpu_freq_min) ||
	    unpack32(b, &j->cpu_freq_max) ||
	    unpack32(b, &j->cpu_freq_gov) ||
	    unpack_str(b, &j->cronspec) ||
	    unpack16(b, &j->contiguous) ||
	    unpack16(b, &j->core_spec) ||
	    unpack16(b, &j->cpus_per_task) ||
	    unpack16(b, &j->pn_min_cpus) ||
	    unpack64(b, &j->pn_min_memory) ||
	    unpack32(b, &j->pn_min_tmp_disk) ||
	    unpack_str(b, &j->req_nodes) ||
	    unpack_bitstr(b, &j->req_node_inx) ||
	    unpack_str(b, &j->exc_nodes) ||
	    unpack_bitstr(b, &j->exc_node_inx) ||
	    unpack_str(b, &j->std_err) ||
	    unpack_str(b, &j->std_in) ||
	    unpack_str(b, &j->std_out) ||
	    slurm_multi_core_unpack(b, &j->mc) ||
	    unpack64(b, &j->bitflags) ||
	    unpack_str(b, &j->tres_alloc_str) ||
	    unpack_str(b, &j->tres_req_str) ||
	    unpack16(b, &j->start_protocol_ver) ||
	    unpack_str(b, &j->fed_origin_str) ||
	    unpack64(b, &j->fed_siblings_active) ||
	    unpack_str(b, &j->fed_siblings_active_str) ||
	    unpack64(b, &j->fed_siblings_viable) ||
	    unpack_str(b, &j->fed_siblings_viable_str) ||
	    unpack_str(b, &j->cpus_per_tres) ||
	    unpack_str(b, &j->mem_per_tres) ||
	    unpack_str(b, &j->tres_bind) ||
	    unpack_str(b, &j->tres_freq) ||
	    unpack_str(b, &j->tres_per_job) ||
	    unpack_str(b, &j->tres_per_node) ||
	    unpack_str(b, &j->tres_per_socket) ||
	    unpack_str(b, &j->tres_per_task) ||
	    unpack16(b, &j->mail_type) ||
	    unpack_str(b, &j->mail_user) ||
	    unpack_str(b, &j->selinux_context)) {
		free(container2);
		slurm_job_info_free(j);
		return slurm_codec_fail("job record");
	}
	/* slurmctld packs the same container string twice */
	free(container2);
	return 0;
}

/* slurm_codec_records wants one untyped reader */
static int unpack_job_record(buf_t *b, void *record)
{
	return slurm_job_info_unpack_one(b, record);
}

int slurm_job_info_msg_unpack(buf_t *b, struct slurm_job_info_msg *m)
{
	void *recs;
	int rc;
	static const char what[] = "job info";
	uint32_t count;

	memset(m, 0, sizeof(*m));
	if (unpack32(b, &count) ||
	    unpack_time(b, &m->last_update) ||
	    unpack_time(b, &m->last_backfill))
		return slurm_codec_fail(what);
	rc = slurm_codec_records(b, what, count, sizeof(*m->jobs),
				 unpack_job_record, &recs, &m->record_count);
	m->jobs = recs;
	if (rc == 0)
		return 0;
	slurm_job_info_msg_free(m);
	return -1;
}

void slurm_job_info_free(struct slurm_job_info *j)
{
	char **strs[] = {
		&j->array_task_str, &j->container, &j->het_job_id_set,
		&j->cluster, &j->nodes, &j->sched_nodes, &j->partition,
		&j->account, &j->admin_comment, &j->network, &j->comment,
		&j->batch_features, &j->batch_host, &j->burst_buffer,
		&j->burst_buffer_state, &j->system_comment, &j->qos,
		&j->licenses, &j->state_desc, &j->resv_name, &j->mcs_label,
		&j->gres_total, &j->name, &j->user_name, &j->wckey,
		&j->alloc_node, &j->features, &j->prefer, &j->cluster_features,
		&j->work_dir, &j->dependency, &j->command, &j->cronspec,
		&j->req_nodes, &j->exc_nodes, &j->std_err, &j->std_in,
		&j->std_out, &j->tres_alloc_str, &j->tres_req_str,
		&j->fed_origin_str, &j->fed_siblings_active_str,
		&j->fed_siblings_viable_str, &j->cpus_per_tres,
		&j->mem_per_tres, &j->tres_bind, &j->tres_freq,
		&j->tres_per_job, &j->tres_per_node, &j->tres_per_socket,
		&j->tres_per_task, &j->mail_user, &j->selinux_context,
	};

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	str_array_free(j->gres_detail_str);
	slurm_job_resources_free(j->job_resrcs);
	bit_free(j->node_inx);
	bit_free(j->req_node_inx);
	bit_free(j->exc_node_inx);
	slurm_vf_free(job_info_vf, SLURM_VF_N(job_info_vf), j);
	memset(j, 0, sizeof(*j));
}

void slurm_job_info_msg_free(struct slurm_job_info_msg *m)
{
	for (uint32_t i = 0; i < m->record_count; i++)
		slurm_job_info_free(&m->jobs[i]);
	free(m->jobs);
	memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------- */
/* REQUEST_KILL_JOB / REQUEST_CANCEL_JOB_STEP                        */

int slurm_job_kill_unpack(buf_t *b, struct slurm_job_kill *k)
{
	static const char what[] = "kill request";

	memset(k, 0, sizeof(*k));
	if (unpack32(b, &k->job_id) ||
	    unpack32(b, &k->step_id) ||
	    unpack32(b, &k->step_het_comp) ||
	    unpack_str(b, &k->sjob_id) ||
	    unpack_str(b, &k->sibling) ||
	    unpack16(b, &k->signal) ||
	    unpack16(b, &k->flags)) {
		slurm_codec_fail(what);
		goto fail;
	}
	if (slurm_codec_end(b, what) == 0)
		return 0;
fail:
	slurm_job_kill_free(k);
	return -1;
}

void slurm_job_kill_pack(buf_t *b, const struct slurm_job_kill *k)
{
	pack32(b, k->job_id);
	pack32(b, k->step_id);
	pack32(b, k->step_het_comp);
	pack_str(b, k->sjob_id);
	pack_str(b, k->sibling);
	pack16(b, k->signal);
	pack16(b, k->flags);
}

void slurm_job_kill_free(struct slurm_job_kill *k)
{
	free(k->sjob_id);
	free(k->sibling);
	memset(k, 0, sizeof(*k));
}

/* ---------------------------------------------------------------- */
/* REQUEST_JOB_REQUEUE, REQUEST_SUSPEND / REQUEST_TOP_JOB, REQUEST_JOB_NOTIFY */

int slurm_job_requeue_unpack(buf_t *b, struct slurm_job_requeue *r)
{
	static const char what[] = "requeue request";

	memset(r, 0, sizeof(*r));
	if (unpack32(b, &r->job_id) ||
	    unpack_str(b, &r->job_id_str) ||
	    unpack32(b, &r->flags)) {
		slurm_codec_fail(what);
		goto fail;
	}
	if (slurm_codec_end(b, what) == 0)
		return 0;
fail:
	slurm_job_requeue_free(r);
	return -1;
}

void slurm_job_requeue_pack(buf_t *b, const struct slurm_job_requeue *r)
{
	pack32(b, r->job_id);
	pack_str(b, r->job_id_str);
	pack32(b, r->flags);
}

void slurm_job_requeue_free(struct slurm_job_requeue *r)
{
	free(r->job_id_str);
	memset(r, 0, sizeof(*r));
}

int slurm_job_suspend_unpack(buf_t *b, struct slurm_job_suspend *s)
{
	static const char what[] = "suspend request";

	memset(s, 0, sizeof(*s));
	if (unpack16(b, &s->op) ||
	    unpack32(b, &s->job_id) ||
	    unpack_str(b, &s->job_id_str)) {
		slurm_codec_fail(what);
		goto fail;
	}
	if (slurm_codec_end(b, what) == 0)
		return 0;
fail:
	slurm_job_suspend_free(s);
	return -1;
}

void slurm_job_suspend_pack(buf_t *b, const struct slurm_job_suspend *s)
{
	pack16(b, s->op);
	pack32(b, s->job_id);
	pack_str(b, s->job_id_str);
}

void slurm_job_suspend_free(struct slurm_job_suspend *s)
{
	free(s->job_id_str);
	memset(s, 0, sizeof(*s));
}

int slurm_job_notify_unpack(buf_t *b, struct slurm_job_notify *n)
{
	static const char what[] = "notify request";

	memset(n, 0, sizeof(*n));
	if (unpack32(b, &n->job_id) ||
	    unpack32(b, &n->step_id) ||
	    unpack32(b, &n->step_het_comp) ||
	    unpack_str(b, &n->message)) {
		slurm_codec_fail(what);
		goto fail;
	}
	if (slurm_codec_end(b, what) == 0)
		return 0;
fail:
	slurm_job_notify_free(n);
	return -1;
}

void slurm_job_notify_pack(buf_t *b, const struct slurm_job_notify *n)
{
	pack32(b, n->job_id);
	pack32(b, n->step_id);
	pack32(b, n->step_het_comp);
	pack_str(b, n->message);
}

void slurm_job_notify_free(struct slurm_job_notify *n)
{
	free(n->message);
	memset(n, 0, sizeof(*n));
}

/* ---------------------------------------------------------------- */
/* RESPONSE_JOB_ARRAY_ERRORS                                         */

/* One entry of a job array reply beyond its code and id: 23.02 added a
 * message per entry. FLURM sends none and does not keep one it reads. */
struct array_entry_more {
	char *err_msg;
};
enum { AR_AFTER_ID };
static const struct slurm_vfield array_entry_vf[] = {
	SLURM_VF(AR_AFTER_ID, SLURM_VF_STR, SLURM_23_02_PROTOCOL_VERSION, 0,
		 struct array_entry_more, err_msg),
};

void slurm_job_array_resp_pack(buf_t *b, const struct slurm_job_array_resp *r)
{
	struct array_entry_more more = { 0 };

	pack32(b, r->count);
	for (uint32_t i = 0; i < r->count; i++) {
		pack32(b, r->error_code[i]);
		pack_str(b, r->job_array_id[i]);
		slurm_vf_pack(b, array_entry_vf, SLURM_VF_N(array_entry_vf),
			      AR_AFTER_ID, &more);
	}
}

int slurm_job_array_resp_unpack(buf_t *b, struct slurm_job_array_resp *r)
{
	static const char what[] = "job array reply";
	uint32_t n = 0;

	memset(r, 0, sizeof(*r));
	if (unpack32(b, &n))
		goto fail;
	/* each entry is at least a code and an empty string: 8 bytes */
	if (n > buf_remaining(b) / 8) {
		err_set("%u entries in %zu bytes", n, buf_remaining(b));
		goto fail;
	}
	r->error_code = xcalloc(n ? n : 1, sizeof(*r->error_code));
	r->job_array_id = xcalloc(n ? n : 1, sizeof(*r->job_array_id));
	for (; r->count < n; r->count++) {
		struct array_entry_more more = { 0 };
		int rc = unpack32(b, &r->error_code[r->count]) ||
			 unpack_str(b, &r->job_array_id[r->count]) ||
			 slurm_vf_unpack(b, array_entry_vf,
					 SLURM_VF_N(array_entry_vf),
					 AR_AFTER_ID, &more);

		slurm_vf_free(array_entry_vf, SLURM_VF_N(array_entry_vf), &more);
		if (rc) {
			r->count++;
			goto fail;
		}
	}
	if (slurm_codec_end(b, what) == 0)
		return 0;
	slurm_job_array_resp_free(r);
	return -1;
fail:
	slurm_codec_fail(what);
	slurm_job_array_resp_free(r);
	return -1;
}

void slurm_job_array_resp_free(struct slurm_job_array_resp *r)
{
	for (uint32_t i = 0; r->job_array_id && i < r->count; i++)
		free(r->job_array_id[i]);
	free(r->job_array_id);
	free(r->error_code);
	memset(r, 0, sizeof(*r));
}

void slurm_batch_script_pack(buf_t *b, const char *script)
{
	pack_str(b, script);
}

int slurm_batch_script_unpack(buf_t *b, char **script)
{
	*script = NULL;
	if (unpack_str(b, script) < 0)
		return slurm_codec_fail("batch script");
	return slurm_codec_end(b, "batch script");
}
