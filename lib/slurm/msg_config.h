/* msg_config.h - RESPONSE_BUILD_INFO (2002), the whole controller
 * configuration that "scontrol show config" prints, in Slurm 22.05's
 * layout (_pack_slurm_ctl_conf_msg at slurm-22-05-8-1): 215 fields in one
 * fixed order, listed once below and used by the struct, the packer, the
 * unpacker and the tests alike; the keys later versions add or drop are
 * rows with the versions they are on the wire (23.02 to 24.05).
 * REQUEST_BUILD_INFO (2001) is a single "time last_update". Which value
 * each field gets is the controller's job. */
#ifndef FLURM_SLURM_MSG_CONFIG_H
#define FLURM_SLURM_MSG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/pack.h"
#include "slurm/version.h"

/* A list of key=value pairs (acct_gather_conf, cgroup_conf, ...). On the
 * wire: u32 count, or NO_VAL for "no list"; then str key, str value. */
struct slurm_kv_list {
	bool present;		/* false: NO_VAL, no list at all */
	uint32_t n;
	char **keys;
	char **values;
};

/* Plugin parameter lists (node_features_conf, slurmctld_plugstack_conf):
 * u32 count or NO_VAL; each entry a str name and a kv list. */
struct slurm_pp_list {
	bool present;
	uint32_t n;
	char **names;
	struct slurm_kv_list *params;
};

/* JobDefaults: u32 count or NO_VAL; each u16 type, u64 value. */
struct slurm_jobdefs {
	bool present;
	uint32_t n;
	uint16_t *types;
	uint64_t *values;
};

/* A string array (control_addr, control_machine): u32 count, strings. */
struct slurm_strarr {
	uint32_t n;
	char **v;
};

typedef time_t slurm_cf_TIME;
typedef uint16_t slurm_cf_U16;
typedef uint32_t slurm_cf_U32;
typedef uint64_t slurm_cf_U64;
typedef char *slurm_cf_STR;
typedef struct slurm_strarr slurm_cf_STRARR;
typedef struct slurm_kv_list slurm_cf_KVLIST;
typedef struct slurm_pp_list slurm_cf_PPLIST;
typedef struct slurm_jobdefs slurm_cf_JOBDEFS;
/* STR_AS_ARR is no member of its own: the STR field of the same name,
 * sent as a string array of it (none or one) where a version says so */

/* The member each kind of field declares. */
#define SLURM_CF_DECL_TIME(n) slurm_cf_TIME n;
#define SLURM_CF_DECL_U16(n) slurm_cf_U16 n;
#define SLURM_CF_DECL_U32(n) slurm_cf_U32 n;
#define SLURM_CF_DECL_U64(n) slurm_cf_U64 n;
#define SLURM_CF_DECL_STR(n) slurm_cf_STR n;
#define SLURM_CF_DECL_STRARR(n) slurm_cf_STRARR n;
#define SLURM_CF_DECL_KVLIST(n) slurm_cf_KVLIST n;
#define SLURM_CF_DECL_PPLIST(n) slurm_cf_PPLIST n;
#define SLURM_CF_DECL_JOBDEFS(n) slurm_cf_JOBDEFS n;
#define SLURM_CF_DECL_STR_AS_ARR(n)

/* Every field of slurm_ctl_conf_info_msg_t as 22.05 sends it, in order:
 * X(type, name); and where later versions differ (compared at
 * slurm-23-02-7-1, slurm-23-11-10-1, slurm-24-05-8-1), V(type, name,
 * since, until): on the wire from version SINCE (0: 22.05) until before
 * UNTIL (0: still). A key 24.05 turned into a list (Epilog=, Prolog= may
 * be given more than once) is the STR row until 24.05 and a STR_AS_ARR
 * row from it. The names are Slurm's, so the source is easy to compare. */
#define SLURM_CTL_CONF_FIELDS(X, V) \
	X(TIME, last_update) \
	X(U16, accounting_storage_enforce) \
	X(STR, accounting_storage_backup_host) \
	X(STR, accounting_storage_host) \
	X(STR, accounting_storage_ext_host) \
	X(STR, accounting_storage_params) \
	X(U16, accounting_storage_port) \
	X(STR, accounting_storage_tres) \
	X(STR, accounting_storage_type) \
	X(STR, accounting_storage_user) \
	X(KVLIST, acct_gather_conf) \
	X(STR, acct_gather_energy_type) \
	X(STR, acct_gather_filesystem_type) \
	X(STR, acct_gather_interconnect_type) \
	X(U16, acct_gather_node_freq) \
	X(STR, acct_gather_profile_type) \
	X(STR, authalttypes) \
	X(STR, authalt_params) \
	X(STR, authinfo) \
	X(STR, authtype) \
	X(U16, batch_start_timeout) \
	X(TIME, boot_time) \
	X(STR, bb_type) \
	X(STR, bcast_exclude) \
	X(STR, bcast_parameters) \
	X(KVLIST, cgroup_conf) \
	X(STR, cli_filter_plugins) \
	X(STR, cluster_name) \
	X(STR, comm_params) \
	X(U16, complete_wait) \
	X(U32, conf_flags) \
	X(STRARR, control_addr) \
	X(STRARR, control_machine) \
	V(STR, core_spec_plugin, 0, SLURM_24_05_PROTOCOL_VERSION) \
	X(U32, cpu_freq_def) \
	X(U32, cpu_freq_govs) \
	X(STR, cred_type) \
	X(U64, def_mem_per_cpu) \
	X(U64, debug_flags) \
	X(STR, dependency_params) \
	X(U16, eio_timeout) \
	X(U16, enforce_part_limits) \
	V(STR, epilog, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(STR_AS_ARR, epilog, SLURM_24_05_PROTOCOL_VERSION, 0) \
	X(U32, epilog_msg_time) \
	V(STR, epilog_slurmctld, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(STR_AS_ARR, epilog_slurmctld, SLURM_24_05_PROTOCOL_VERSION, 0) \
	V(KVLIST, ext_sensors_conf, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(STR, ext_sensors_type, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(U16, ext_sensors_freq, 0, SLURM_24_05_PROTOCOL_VERSION) \
	X(STR, fed_params) \
	X(U32, first_job_id) \
	X(U16, fs_dampening_factor) \
	X(U16, get_env_timeout) \
	X(STR, gres_plugins) \
	X(U16, group_time) \
	X(U16, group_force) \
	X(STR, gpu_freq_def) \
	V(STR, hash_plugin, SLURM_24_05_PROTOCOL_VERSION, 0) \
	X(U32, hash_val) \
	X(U16, health_check_interval) \
	X(U16, health_check_node_state) \
	X(STR, health_check_program) \
	X(U16, inactive_limit) \
	X(STR, interactive_step_opts) \
	X(STR, job_acct_gather_freq) \
	X(STR, job_acct_gather_type) \
	X(STR, job_acct_gather_params) \
	X(STR, job_comp_host) \
	X(STR, job_comp_loc) \
	X(STR, job_comp_params) \
	X(U32, job_comp_port) \
	X(STR, job_comp_type) \
	X(STR, job_comp_user) \
	X(STR, job_container_plugin) \
	V(STR, job_credential_private_key, 0, SLURM_23_11_PROTOCOL_VERSION) \
	V(STR, job_credential_public_certificate, 0, SLURM_23_11_PROTOCOL_VERSION) \
	X(JOBDEFS, job_defaults_list) \
	X(U16, job_file_append) \
	X(U16, job_requeue) \
	X(STR, job_submit_plugins) \
	X(U16, kill_on_bad_exit) \
	X(U16, kill_wait) \
	X(STR, launch_params) \
	V(STR, launch_type, 0, SLURM_23_02_PROTOCOL_VERSION) \
	X(STR, licenses) \
	X(U16, log_fmt) \
	X(U32, max_array_sz) \
	V(U32, max_batch_requeue, SLURM_23_02_PROTOCOL_VERSION, 0) \
	X(U32, max_dbd_msgs) \
	X(STR, mail_domain) \
	X(STR, mail_prog) \
	X(U32, max_job_cnt) \
	X(U32, max_job_id) \
	X(U64, max_mem_per_cpu) \
	X(U32, max_node_cnt) \
	X(U32, max_step_cnt) \
	X(U16, max_tasks_per_node) \
	X(STR, mcs_plugin) \
	X(STR, mcs_plugin_params) \
	X(U32, min_job_age) \
	X(KVLIST, mpi_conf) \
	X(STR, mpi_default) \
	X(STR, mpi_params) \
	X(U16, msg_timeout) \
	X(U32, next_job_id) \
	X(PPLIST, node_features_conf) \
	X(STR, node_features_plugins) \
	X(STR, node_prefix) \
	X(U16, over_time_limit) \
	X(STR, plugindir) \
	X(STR, plugstack) \
	V(STR, power_parameters, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(STR, power_plugin, 0, SLURM_24_05_PROTOCOL_VERSION) \
	X(U16, preempt_mode) \
	V(STR, preempt_params, SLURM_23_02_PROTOCOL_VERSION, 0) \
	X(STR, preempt_type) \
	X(U32, preempt_exempt_time) \
	X(STR, prep_params) \
	X(STR, prep_plugins) \
	X(U32, priority_decay_hl) \
	X(U32, priority_calc_period) \
	X(U16, priority_favor_small) \
	X(U16, priority_flags) \
	X(U32, priority_max_age) \
	X(STR, priority_params) \
	X(U16, priority_reset_period) \
	X(STR, priority_type) \
	X(U32, priority_weight_age) \
	X(U32, priority_weight_assoc) \
	X(U32, priority_weight_fs) \
	X(U32, priority_weight_js) \
	X(U32, priority_weight_part) \
	X(U32, priority_weight_qos) \
	X(STR, priority_weight_tres) \
	X(U16, private_data) \
	X(STR, proctrack_type) \
	V(STR, prolog, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(STR_AS_ARR, prolog, SLURM_24_05_PROTOCOL_VERSION, 0) \
	X(U16, prolog_epilog_timeout) \
	V(STR, prolog_slurmctld, 0, SLURM_24_05_PROTOCOL_VERSION) \
	V(STR_AS_ARR, prolog_slurmctld, SLURM_24_05_PROTOCOL_VERSION, 0) \
	X(U16, prolog_flags) \
	X(U16, propagate_prio_process) \
	X(STR, propagate_rlimits) \
	X(STR, propagate_rlimits_except) \
	X(STR, reboot_program) \
	X(U16, reconfig_flags) \
	X(STR, requeue_exit) \
	X(STR, requeue_exit_hold) \
	X(STR, resume_fail_program) \
	X(STR, resume_program) \
	X(U16, resume_rate) \
	X(U16, resume_timeout) \
	X(STR, resv_epilog) \
	X(U16, resv_over_run) \
	X(STR, resv_prolog) \
	X(U16, ret2service) \
	V(STR, route_plugin, 0, SLURM_23_11_PROTOCOL_VERSION) \
	X(STR, sched_params) \
	X(STR, sched_logfile) \
	X(U16, sched_log_level) \
	X(U16, sched_time_slice) \
	X(STR, schedtype) \
	X(STR, scron_params) \
	X(STR, select_type) \
	X(KVLIST, select_conf_key_pairs) \
	X(U16, select_type_param) \
	X(STR, slurm_conf) \
	X(U32, slurm_user_id) \
	X(STR, slurm_user_name) \
	X(U32, slurmd_user_id) \
	X(STR, slurmd_user_name) \
	X(STR, slurmctld_addr) \
	X(U16, slurmctld_debug) \
	X(STR, slurmctld_logfile) \
	X(STR, slurmctld_params) \
	X(STR, slurmctld_pidfile) \
	V(STR, slurmctld_plugstack, 0, SLURM_23_02_PROTOCOL_VERSION) \
	V(PPLIST, slurmctld_plugstack_conf, 0, SLURM_23_02_PROTOCOL_VERSION) \
	X(U32, slurmctld_port) \
	X(U16, slurmctld_port_count) \
	X(STR, slurmctld_primary_off_prog) \
	X(STR, slurmctld_primary_on_prog) \
	X(U16, slurmctld_syslog_debug) \
	X(U16, slurmctld_timeout) \
	X(U16, slurmd_debug) \
	X(STR, slurmd_logfile) \
	X(STR, slurmd_params) \
	X(STR, slurmd_pidfile) \
	X(U32, slurmd_port) \
	X(STR, slurmd_spooldir) \
	X(U16, slurmd_syslog_debug) \
	X(U16, slurmd_timeout) \
	X(STR, srun_epilog) \
	X(U16, srun_port_range_min) \
	X(U16, srun_port_range_max) \
	X(STR, srun_prolog) \
	X(STR, state_save_location) \
	X(STR, suspend_exc_nodes) \
	X(STR, suspend_exc_parts) \
	V(STR, suspend_exc_states, SLURM_23_02_PROTOCOL_VERSION, 0) \
	X(STR, suspend_program) \
	X(U16, suspend_rate) \
	X(U32, suspend_time) \
	X(U16, suspend_timeout) \
	X(STR, switch_param) \
	X(STR, switch_type) \
	X(STR, task_epilog) \
	X(STR, task_prolog) \
	X(STR, task_plugin) \
	X(U32, task_plugin_param) \
	X(U16, tcp_timeout) \
	V(STR, tls_type, SLURM_24_05_PROTOCOL_VERSION, 0) \
	X(STR, tmp_fs) \
	X(STR, topology_param) \
	X(STR, topology_plugin) \
	X(U16, tree_width) \
	X(STR, unkillable_program) \
	X(U16, unkillable_timeout) \
	X(STR, version) \
	X(U16, vsize_factor) \
	X(U16, wait_time) \
	X(STR, x11_params)

struct slurm_ctl_conf {
#define SLURM_CF_MEMBER(t, n) SLURM_CF_DECL_##t(n)
#define SLURM_CF_VMEMBER(t, n, since, until) SLURM_CF_DECL_##t(n)
	SLURM_CTL_CONF_FIELDS(SLURM_CF_MEMBER, SLURM_CF_VMEMBER)
#undef SLURM_CF_MEMBER
#undef SLURM_CF_VMEMBER
};

/* All zero and NULL, and the lists absent (NO_VAL). */
void slurm_ctl_conf_init(struct slurm_ctl_conf *c);
/* Frees every string and list (the struct owns them) and zeroes it. */
void slurm_ctl_conf_free(struct slurm_ctl_conf *c);
/* In B's version (buf_t.proto). */
void slurm_ctl_conf_pack(buf_t *b, const struct slurm_ctl_conf *c);
/* 0, or -1 with err_msg() (nothing left allocated). control_addr and
 * control_machine must have the same count, as Slurm's unpacker wants. */
int slurm_ctl_conf_unpack(buf_t *b, struct slurm_ctl_conf *c);
/* Number of fields and the name of field I (0-based, wire order) in
 * 22.05, or in protocol version VER. */
size_t slurm_ctl_conf_nfields(void);
const char *slurm_ctl_conf_field_name(size_t i);
size_t slurm_ctl_conf_nfields_ver(uint16_t ver);
const char *slurm_ctl_conf_field_name_ver(uint16_t ver, size_t i);

/* Key/value list helpers: add a pair (copies both; makes the list present). */
void slurm_kv_list_add(struct slurm_kv_list *l, const char *key,
		       const char *value);

/* REQUEST_BUILD_INFO: time last_update (0: "send everything"). */
int slurm_build_info_request_unpack(buf_t *b, time_t *last_update);
void slurm_build_info_request_pack(buf_t *b, time_t last_update);

#endif
