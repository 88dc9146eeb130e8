/* rpc_config.c - "scontrol show config" (REQUEST_BUILD_INFO): the reply
 * slurmctld 22.05 would give for our slurm.conf. Every field starts at
 * Slurm's own default; keys FLURM uses come from the parsed config, keys it
 * ignores from their text in slurm.conf, and what FLURM decides itself
 * (boot time, next job id, version, controllers, node count) from the
 * running controller. The wire layout is lib/slurm/msg_config.c's. */
#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "ctld.h"
#include "rights.h"
#include "rpc_config.h"
#include "slurm/debug_flags.h"
#include "slurm/msg_config.h"
#include "slurm/slurm_defs.h"

/* The Slurm release whose protocol FLURM speaks; scontrol prints it as
 * SLURM_VERSION. */
#define CONFIG_SLURM_VERSION "22.05.8"

/* Slurm's compiled-in defaults for a Debian 12 build (what a real
 * slurmctld 22.05.8 sends when slurm.conf says nothing). */
static void config_defaults(struct slurm_ctl_conf *m)
{
	m->accounting_storage_host = xstrdup("localhost");
	m->accounting_storage_tres =
		xstrdup("cpu,mem,energy,node,billing,fs/disk,vmem,pages");
	m->accounting_storage_type = xstrdup("accounting_storage/none");
	m->accounting_storage_user = xstrdup("root");
	m->acct_gather_conf.present = true;	/* an empty list, as 22.05 */
	m->acct_gather_energy_type = xstrdup("acct_gather_energy/none");
	m->acct_gather_filesystem_type = xstrdup("acct_gather_filesystem/none");
	m->acct_gather_interconnect_type =
		xstrdup("acct_gather_interconnect/none");
	m->acct_gather_profile_type = xstrdup("acct_gather_profile/none");
	m->authtype = xstrdup("auth/munge");
	m->batch_start_timeout = 10;
	m->bcast_exclude = xstrdup("/lib,/usr/lib,/lib64,/usr/lib64");
	m->core_spec_plugin = xstrdup("core_spec/none");
	m->cpu_freq_def = NO_VAL;
	m->cpu_freq_govs = 0x86800000u;	/* OnDemand,Performance,UserSpace */
	m->cred_type = xstrdup("cred/munge");
	m->eio_timeout = 60;
	m->epilog_msg_time = 2000;
	m->ext_sensors_type = xstrdup("ext_sensors/none");
	m->first_job_id = 1;
	m->fs_dampening_factor = 1;
	m->get_env_timeout = 2;
	m->group_time = 600;
	m->group_force = 1;
	m->gpu_freq_def = xstrdup("high,memory=high");
	m->hash_plugin = xstrdup("hash/k12");	/* 24.05 on */
	m->health_check_node_state = 15;	/* ANY */
	m->interactive_step_opts =
		xstrdup("--interactive --preserve-env --pty $SHELL");
	m->job_acct_gather_freq = xstrdup("30");
	m->job_acct_gather_type = xstrdup("jobacct_gather/none");
	m->job_comp_host = xstrdup("localhost");
	m->job_comp_loc = xstrdup("/var/log/slurm_jobcomp.log");
	m->job_comp_type = xstrdup("jobcomp/none");
	m->job_comp_user = xstrdup("root");
	m->job_container_plugin = xstrdup("job_container/none");
	m->job_requeue = 1;
	m->kill_wait = 30;
	m->launch_type = xstrdup("launch/slurm");
	m->max_array_sz = 1001;
	m->max_batch_requeue = 5;		/* 23.02 on */
	m->mail_prog = xstrdup("/bin/mail");
	m->max_job_cnt = 10000;
	m->max_job_id = 0x03ff0000;
	m->max_step_cnt = 40000;
	m->max_tasks_per_node = 512;
	m->mcs_plugin = xstrdup("mcs/none");
	m->min_job_age = 300;
	m->mpi_default = xstrdup("none");
	m->msg_timeout = 10;
	m->plugindir = xstrdup("/usr/lib/x86_64-linux-gnu/slurm-wlm");
	m->power_plugin = xstrdup("");
	m->preempt_type = xstrdup("preempt/none");
	m->prep_plugins = xstrdup("prep/script");
	m->priority_decay_hl = 604800;
	m->priority_calc_period = 300;
	m->priority_flags = 32;
	m->priority_max_age = 604800;
	m->priority_type = xstrdup("priority/basic");
	m->proctrack_type = xstrdup("proctrack/cgroup");
	m->prolog_epilog_timeout = NO_VAL16;
	m->propagate_rlimits = xstrdup("ALL");
	m->resume_rate = 300;
	m->resume_timeout = 60;
	m->route_plugin = xstrdup("route/default");
	m->sched_time_slice = 30;
	m->schedtype = xstrdup("sched/backfill");
	m->select_type = xstrdup("select/linear");
	m->slurm_user_name = xstrdup("root");
	m->slurmd_user_name = xstrdup("root");
	m->slurmctld_debug = 3;		/* info */
	m->slurmctld_pidfile = xstrdup("/var/run/slurmctld.pid");
	m->slurmctld_port = 6817;
	m->slurmctld_port_count = 1;
	m->slurmctld_syslog_debug = 10;	/* unset */
	m->slurmctld_timeout = 120;
	m->slurmd_debug = 3;
	m->slurmd_pidfile = xstrdup("/var/run/slurmd.pid");
	m->slurmd_port = 6818;
	m->slurmd_spooldir = xstrdup("/var/spool/slurmd");
	m->slurmd_syslog_debug = 10;
	m->slurmd_timeout = 300;
	m->state_save_location = xstrdup("/var/spool");
	m->suspend_rate = 60;
	m->suspend_time = INFINITE;
	m->suspend_timeout = 30;
	m->switch_type = xstrdup("switch/none");
	m->task_plugin = xstrdup("task/none");
	m->tcp_timeout = 2;
	m->tls_type = xstrdup("tls/none");	/* 24.05 on */
	m->tmp_fs = xstrdup("/tmp");
	m->topology_plugin = xstrdup("topology/none");
	m->tree_width = 50;
	m->unkillable_timeout = 60;
	m->version = xstrdup(CONFIG_SLURM_VERSION);
}

/* ---- keys FLURM does not use: shown from their text ------------------ */

enum kind {
	K_STR,		/* the text as written */
	K_U16,		/* a number; UNLIMITED/INFINITE give all ones */
	K_U32,
	K_U64,
	K_MEM_CPU,	/* a u64 memory size per CPU (MEM_PER_CPU flag) */
	K_DEBUG,	/* a log level name (quiet ... debug5) */
	K_SELECT,	/* SelectTypeParameters: CR_* names */
	K_ENFORCE,	/* EnforcePartLimits: NO 0, ALL 1, ANY (or YES) 2 */
};

struct key {
	const char *name;
	enum kind kind;
	size_t off;
};

#define F(field) offsetof(struct slurm_ctl_conf, field)

static const struct key keys[] = {
	{ "AccountingStorageBackupHost", K_STR, F(accounting_storage_backup_host) },
	{ "AccountingStorageHost", K_STR, F(accounting_storage_host) },
	{ "AccountingStorageExternalHost", K_STR, F(accounting_storage_ext_host) },
	{ "AccountingStorageParameters", K_STR, F(accounting_storage_params) },
	{ "AccountingStoragePort", K_U16, F(accounting_storage_port) },
	{ "AccountingStorageType", K_STR, F(accounting_storage_type) },
	{ "AccountingStorageUser", K_STR, F(accounting_storage_user) },
	{ "AcctGatherEnergyType", K_STR, F(acct_gather_energy_type) },
	{ "AcctGatherFilesystemType", K_STR, F(acct_gather_filesystem_type) },
	{ "AcctGatherInterconnectType", K_STR, F(acct_gather_interconnect_type) },
	{ "AcctGatherNodeFreq", K_U16, F(acct_gather_node_freq) },
	{ "AcctGatherProfileType", K_STR, F(acct_gather_profile_type) },
	{ "AuthAltTypes", K_STR, F(authalttypes) },
	{ "AuthAltParameters", K_STR, F(authalt_params) },
	{ "BatchStartTimeout", K_U16, F(batch_start_timeout) },
	{ "BurstBufferType", K_STR, F(bb_type) },
	{ "BcastExclude", K_STR, F(bcast_exclude) },
	{ "BcastParameters", K_STR, F(bcast_parameters) },
	{ "CliFilterPlugins", K_STR, F(cli_filter_plugins) },
	{ "CommunicationParameters", K_STR, F(comm_params) },
	{ "CompleteWait", K_U16, F(complete_wait) },
	{ "CoreSpecPlugin", K_STR, F(core_spec_plugin) },
	{ "CredType", K_STR, F(cred_type) },
	{ "DefMemPerCPU", K_MEM_CPU, F(def_mem_per_cpu) },
	{ "DefMemPerNode", K_U64, F(def_mem_per_cpu) },
	{ "DependencyParameters", K_STR, F(dependency_params) },
	{ "EioTimeout", K_U16, F(eio_timeout) },
	{ "EnforcePartLimits", K_ENFORCE, F(enforce_part_limits) },
	{ "EpilogMsgTime", K_U32, F(epilog_msg_time) },
	{ "EpilogSlurmctld", K_STR, F(epilog_slurmctld) },
	{ "ExtSensorsType", K_STR, F(ext_sensors_type) },
	{ "ExtSensorsFreq", K_U16, F(ext_sensors_freq) },
	{ "FairShareDampeningFactor", K_U16, F(fs_dampening_factor) },
	{ "FederationParameters", K_STR, F(fed_params) },
	{ "FirstJobId", K_U32, F(first_job_id) },
	{ "GetEnvTimeout", K_U16, F(get_env_timeout) },
	{ "GresTypes", K_STR, F(gres_plugins) },
	{ "GroupUpdateTime", K_U16, F(group_time) },
	{ "GroupUpdateForce", K_U16, F(group_force) },
	{ "GpuFreqDef", K_STR, F(gpu_freq_def) },
	{ "HashPlugin", K_STR, F(hash_plugin) },
	{ "HealthCheckInterval", K_U16, F(health_check_interval) },
	{ "HealthCheckProgram", K_STR, F(health_check_program) },
	{ "InactiveLimit", K_U16, F(inactive_limit) },
	{ "InteractiveStepOptions", K_STR, F(interactive_step_opts) },
	{ "JobAcctGatherFrequency", K_STR, F(job_acct_gather_freq) },
	{ "JobAcctGatherType", K_STR, F(job_acct_gather_type) },
	{ "JobAcctGatherParams", K_STR, F(job_acct_gather_params) },
	{ "JobCompHost", K_STR, F(job_comp_host) },
	{ "JobCompLoc", K_STR, F(job_comp_loc) },
	{ "JobCompParams", K_STR, F(job_comp_params) },
	{ "JobCompPort", K_U32, F(job_comp_port) },
	{ "JobCompType", K_STR, F(job_comp_type) },
	{ "JobCompUser", K_STR, F(job_comp_user) },
	{ "JobContainerType", K_STR, F(job_container_plugin) },
	{ "JobCredentialPrivateKey", K_STR, F(job_credential_private_key) },
	{ "JobCredentialPublicCertificate", K_STR,
	  F(job_credential_public_certificate) },
	{ "JobFileAppend", K_U16, F(job_file_append) },
	{ "JobRequeue", K_U16, F(job_requeue) },
	{ "JobSubmitPlugins", K_STR, F(job_submit_plugins) },
	{ "KillOnBadExit", K_U16, F(kill_on_bad_exit) },
	{ "LaunchParameters", K_STR, F(launch_params) },
	{ "LaunchType", K_STR, F(launch_type) },
	{ "Licenses", K_STR, F(licenses) },
	{ "MailDomain", K_STR, F(mail_domain) },
	{ "MailProg", K_STR, F(mail_prog) },
	{ "MaxArraySize", K_U32, F(max_array_sz) },
	{ "MaxBatchRequeue", K_U32, F(max_batch_requeue) },
	{ "MaxDBDMsgs", K_U32, F(max_dbd_msgs) },
	{ "MaxJobCount", K_U32, F(max_job_cnt) },
	{ "MaxJobId", K_U32, F(max_job_id) },
	{ "MaxMemPerCPU", K_MEM_CPU, F(max_mem_per_cpu) },
	{ "MaxMemPerNode", K_U64, F(max_mem_per_cpu) },
	{ "MaxNodeCount", K_U32, F(max_node_cnt) },
	{ "MaxStepCount", K_U32, F(max_step_cnt) },
	{ "MaxTasksPerNode", K_U16, F(max_tasks_per_node) },
	{ "MCSPlugin", K_STR, F(mcs_plugin) },
	{ "MCSParameters", K_STR, F(mcs_plugin_params) },
	{ "MpiDefault", K_STR, F(mpi_default) },
	{ "MpiParams", K_STR, F(mpi_params) },
	{ "NodeFeaturesPlugins", K_STR, F(node_features_plugins) },
	{ "OverTimeLimit", K_U16, F(over_time_limit) },
	{ "PluginDir", K_STR, F(plugindir) },
	{ "PlugStackConfig", K_STR, F(plugstack) },
	{ "PowerParameters", K_STR, F(power_parameters) },
	{ "PowerPlugin", K_STR, F(power_plugin) },
	{ "PreemptParameters", K_STR, F(preempt_params) },
	{ "PreemptType", K_STR, F(preempt_type) },
	{ "PrEpParameters", K_STR, F(prep_params) },
	{ "PrEpPlugins", K_STR, F(prep_plugins) },
	{ "PriorityParameters", K_STR, F(priority_params) },
	{ "PriorityType", K_STR, F(priority_type) },
	{ "PriorityWeightAge", K_U32, F(priority_weight_age) },
	{ "PriorityWeightAssoc", K_U32, F(priority_weight_assoc) },
	{ "PriorityWeightFairshare", K_U32, F(priority_weight_fs) },
	{ "PriorityWeightJobSize", K_U32, F(priority_weight_js) },
	{ "PriorityWeightPartition", K_U32, F(priority_weight_part) },
	{ "PriorityWeightQOS", K_U32, F(priority_weight_qos) },
	{ "PriorityWeightTRES", K_STR, F(priority_weight_tres) },
	{ "ProctrackType", K_STR, F(proctrack_type) },
	{ "PrologSlurmctld", K_STR, F(prolog_slurmctld) },
	{ "PropagatePrioProcess", K_U16, F(propagate_prio_process) },
	{ "PropagateResourceLimits", K_STR, F(propagate_rlimits) },
	{ "PropagateResourceLimitsExcept", K_STR, F(propagate_rlimits_except) },
	{ "RebootProgram", K_STR, F(reboot_program) },
	{ "RequeueExit", K_STR, F(requeue_exit) },
	{ "RequeueExitHold", K_STR, F(requeue_exit_hold) },
	{ "ResumeFailProgram", K_STR, F(resume_fail_program) },
	{ "ResumeProgram", K_STR, F(resume_program) },
	{ "ResumeRate", K_U16, F(resume_rate) },
	{ "ResumeTimeout", K_U16, F(resume_timeout) },
	{ "ResvEpilog", K_STR, F(resv_epilog) },
	{ "ResvOverRun", K_U16, F(resv_over_run) },
	{ "ResvProlog", K_STR, F(resv_prolog) },
	{ "RoutePlugin", K_STR, F(route_plugin) },
	{ "SchedulerParameters", K_STR, F(sched_params) },
	{ "SchedulerTimeSlice", K_U16, F(sched_time_slice) },
	{ "ScronParameters", K_STR, F(scron_params) },
	{ "SelectType", K_STR, F(select_type) },
	{ "SelectTypeParameters", K_SELECT, F(select_type_param) },
	{ "SlurmctldAddr", K_STR, F(slurmctld_addr) },
	{ "SlurmctldDebug", K_DEBUG, F(slurmctld_debug) },
	{ "SlurmctldLogFile", K_STR, F(slurmctld_logfile) },
	{ "SlurmctldParameters", K_STR, F(slurmctld_params) },
	{ "SlurmctldPidFile", K_STR, F(slurmctld_pidfile) },
	{ "SlurmctldPlugstack", K_STR, F(slurmctld_plugstack) },
	{ "SlurmctldPrimaryOffProg", K_STR, F(slurmctld_primary_off_prog) },
	{ "SlurmctldPrimaryOnProg", K_STR, F(slurmctld_primary_on_prog) },
	{ "SlurmctldSyslogDebug", K_DEBUG, F(slurmctld_syslog_debug) },
	{ "SlurmctldTimeout", K_U16, F(slurmctld_timeout) },
	{ "SlurmdDebug", K_DEBUG, F(slurmd_debug) },
	{ "SlurmdLogFile", K_STR, F(slurmd_logfile) },
	{ "SlurmdParameters", K_STR, F(slurmd_params) },
	{ "SlurmdPidFile", K_STR, F(slurmd_pidfile) },
	{ "SlurmdSyslogDebug", K_DEBUG, F(slurmd_syslog_debug) },
	{ "SlurmSchedLogFile", K_STR, F(sched_logfile) },
	{ "SlurmSchedLogLevel", K_U16, F(sched_log_level) },
	{ "SrunEpilog", K_STR, F(srun_epilog) },
	{ "SrunProlog", K_STR, F(srun_prolog) },
	{ "SuspendExcNodes", K_STR, F(suspend_exc_nodes) },
	{ "SuspendExcParts", K_STR, F(suspend_exc_parts) },
	{ "SuspendExcStates", K_STR, F(suspend_exc_states) },
	{ "SuspendProgram", K_STR, F(suspend_program) },
	{ "SuspendRate", K_U16, F(suspend_rate) },
	{ "SuspendTime", K_U32, F(suspend_time) },
	{ "SuspendTimeout", K_U16, F(suspend_timeout) },
	{ "SwitchParameters", K_STR, F(switch_param) },
	{ "SwitchType", K_STR, F(switch_type) },
	{ "TaskEpilog", K_STR, F(task_epilog) },
	{ "TaskProlog", K_STR, F(task_prolog) },
	{ "TaskPlugin", K_STR, F(task_plugin) },
	{ "TCPTimeout", K_U16, F(tcp_timeout) },
	{ "TLSType", K_STR, F(tls_type) },
	{ "TmpFS", K_STR, F(tmp_fs) },
	{ "TopologyParam", K_STR, F(topology_param) },
	{ "TopologyPlugin", K_STR, F(topology_plugin) },
	{ "TreeWidth", K_U16, F(tree_width) },
	{ "UnkillableStepProgram", K_STR, F(unkillable_program) },
	{ "UnkillableStepTimeout", K_U16, F(unkillable_timeout) },
	{ "VSizeFactor", K_U16, F(vsize_factor) },
	{ "WaitTime", K_U16, F(wait_time) },
	{ "X11Parameters", K_STR, F(x11_params) },
};

static const char *const debug_names[] = {
	"quiet", "fatal", "error", "info", "verbose", "debug", "debug2",
	"debug3", "debug4", "debug5",
};

/* A number as Slurm's s_p_ parser takes it; UNLIMITED and INFINITE mean
 * all ones of the field's width. */
static bool parse_num(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!strcasecmp(s, "UNLIMITED") || !strcasecmp(s, "INFINITE")) {
		*out = max;
		return true;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v > max || s[0] == '-')
		return false;
	*out = v;
	return true;
}

static bool parse_select(const char *s, uint16_t *out)
{
	static const struct { const char *name; uint16_t bits; } cr[] = {
		{ "CR_CPU", 0x0001 }, { "CR_Socket", 0x0002 },
		{ "CR_Core", 0x0004 }, { "CR_Board", 0x0008 },
		{ "CR_Memory", 0x0010 }, { "CR_CPU_Memory", 0x0011 },
		{ "CR_Socket_Memory", 0x0012 }, { "CR_Core_Memory", 0x0014 },
		{ "CR_ONE_TASK_PER_CORE", 0x0100 }, { "CR_Pack_Nodes", 0x0200 },
		{ "CR_CORE_DEFAULT_DIST_BLOCK", 0x1000 }, { "CR_LLN", 0x4000 },
	};
	char *copy = xstrdup(s), *save = NULL, *tok;
	uint16_t bits = 0;
	bool ok = true;

	for (tok = strtok_r(copy, ",", &save); tok && ok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(cr) / sizeof(*cr); i++)
			if (!strcasecmp(tok, cr[i].name))
				break;
		if (i == sizeof(cr) / sizeof(*cr))
			ok = false;
		else
			bits |= cr[i].bits;
	}
	free(copy);
	if (ok)
		*out = bits;
	return ok;
}

/* Put VALUE of key K into M; a value Slurm itself would refuse leaves
 * the default (FLURM already said at load time that it ignores the key). */
static void key_apply(struct slurm_ctl_conf *m, const struct key *k,
		      const char *value)
{
	char *base = (char *)m;
	uint64_t v;

	switch (k->kind) {
	case K_STR: {
		char **f = (char **)(base + k->off);

		free(*f);
		*f = *value ? xstrdup(value) : NULL;
		return;
	}
	case K_U16:
		if (parse_num(value, 0xffff, &v))
			*(uint16_t *)(base + k->off) = (uint16_t)v;
		return;
	case K_U32:
		if (parse_num(value, 0xffffffffu, &v))
			*(uint32_t *)(base + k->off) = (uint32_t)v;
		return;
	case K_U64:
		if (parse_num(value, INFINITE64, &v))
			*(uint64_t *)(base + k->off) = v;
		return;
	case K_MEM_CPU:
		if (parse_num(value, INFINITE64 >> 1, &v))
			*(uint64_t *)(base + k->off) = v | MEM_PER_CPU;
		return;
	case K_DEBUG:
		for (size_t i = 0; i < sizeof(debug_names) / sizeof(*debug_names); i++)
			if (!strcasecmp(value, debug_names[i]))
				*(uint16_t *)(base + k->off) = (uint16_t)i;
		return;
	case K_ENFORCE:
		*(uint16_t *)(base + k->off) = config_enforce_part_limits(value);
		return;
	case K_SELECT: {
		uint16_t bits;

		if (parse_select(value, &bits))
			*(uint16_t *)(base + k->off) = bits;
		return;
	}
	}
}

void config_apply_policy(struct ctld *c)
{
	const struct slurm_conf_kv *kv =
		slurm_conf_find_unknown(c->sc, "SelectTypeParameters");
	uint16_t bits;

	struct state_part_policy *pp;

	c->st->mem_not_counted = kv && kv->value &&
		parse_select(kv->value, &bits) && !(bits & 0x0010);
	/* MaxMemPerCPU / MaxMemPerNode, global and per partition, and
	 * each partition's OverSubscribe */
	pp = xcalloc(c->sc->n_parts ? c->sc->n_parts : 1, sizeof(*pp));
	for (size_t i = 0; i < c->sc->n_parts; i++) {
		uint16_t share =
			slurm_conf_max_share(c->sc->parts[i].oversubscribe);

		pp[i].part = c->sc->parts[i].name;
		pp[i].max_mem = c->sc->parts[i].max_mem;
		pp[i].exclusive = share == 0;
		pp[i].force = (share & SLURM_CONF_SHARE_FORCE) != 0;
		pp[i].share = share & ~SLURM_CONF_SHARE_FORCE;
	}
	state_set_policy(c->st, slurm_conf_mem(c->sc, true), pp,
			 (uint32_t)c->sc->n_parts);
	free(pp);
}

uint16_t config_enforce_part_limits(const char *value)
{
	return !strcasecmp(value, "ALL") ? 1 :
		!strcasecmp(value, "ANY") || !strcasecmp(value, "YES") ? 2 : 0;
}

static bool yes(const char *v)
{
	return v && (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
		     !strcmp(v, "1"));
}

/* Does the comma list LIST hold WORD (any case)? */
static bool list_has(const char *list, const char *word)
{
	return slurm_conf_list_has(list, word, strlen(word), true);
}

/* The last global (not node or partition) value of KEY, as Slurm lets a
 * later line override an earlier one. */
static const char *global_value(const struct slurm_conf *sc, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < sc->n_unknown; i++)
		if (!sc->unknown[i].scope && !strcasecmp(sc->unknown[i].key, key))
			v = sc->unknown[i].value;
	return v;
}

static void config_unknown_keys(struct slurm_ctl_conf *m,
				const struct slurm_conf *sc)
{
	const char *v;

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if ((v = global_value(sc, keys[i].name)))
			key_apply(m, &keys[i], v);
	if ((v = global_value(sc, "AccountingStorageTRES")) && *v) {
		/* Slurm adds the TRES the user lists to its own */
		char *t = xasprintf("%s,%s", m->accounting_storage_tres, v);

		free(m->accounting_storage_tres);
		m->accounting_storage_tres = t;
	}
	if ((v = global_value(sc, "SlurmdUser"))) {
		struct passwd *pw = getpwnam(v);

		free(m->slurmd_user_name);
		m->slurmd_user_name = xstrdup(v);
		m->slurmd_user_id = pw ? pw->pw_uid : 0;
	}
	/* yes/no keys and word lists that 22.05 sends as conf_flags bits */
	m->conf_flags = 0x40;	/* IPv4 on: FLURM listens on IPv4 */
	if (list_has(m->slurmd_params, "config_overrides"))
		m->conf_flags |= 0x01;
	v = global_value(sc, "AccountingStoreFlags");
	if (list_has(v, "job_comment"))
		m->conf_flags |= 0x02;
	if (list_has(v, "job_script"))
		m->conf_flags |= 0x200;
	if (list_has(v, "job_env"))
		m->conf_flags |= 0x400;
	if (yes(global_value(sc, "DisableRootJobs")))
		m->conf_flags |= 0x04;
	if (yes(global_value(sc, "AllowSpecResourcesUsage")))
		m->conf_flags |= 0x08;
	if (yes(global_value(sc, "UsePam")))
		m->conf_flags |= 0x10;
	if (yes(global_value(sc, "TrackWCKey")))
		m->conf_flags |= 0x20;
}

int config_debug_flags(const struct slurm_conf *sc, uint64_t *out)
{
	const char *v = global_value(sc, "DebugFlags");

	if (slurm_debug_flags_parse(v, out) < 0) {
		err_set("%s: DebugFlags=%s: %s", sc->path ? sc->path : "slurm.conf",
			v, err_msg());
		return -1;
	}
	return 0;
}

/* A controller named "localhost" is shown by this host's short name, as
 * slurmctld does. */
static char *ctld_name(const char *name)
{
	char host[256];
	char *dot;

	if (strcasecmp(name, "localhost") || gethostname(host, sizeof(host)) < 0)
		return xstrdup(name);
	host[sizeof(host) - 1] = '\0';
	if ((dot = strchr(host, '.')))
		*dot = '\0';
	return xstrdup(host);
}

void config_fill(struct ctld *c, struct slurm_ctl_conf *m)
{
	const struct slurm_conf *sc = c->sc;
	char *abs;

	slurm_ctl_conf_init(m);
	config_defaults(m);
	config_unknown_keys(m, sc);
	m->private_data = rights_private_data(c);

	/* what FLURM reads from slurm.conf and uses itself */
	/* as slurmctld: the time of this answer, which the client sends
	 * back to ask whether anything changed since */
	m->last_update = time(NULL);
	m->boot_time = c->started;
	free(m->cluster_name);
	m->cluster_name = xstrdup(sc->cluster_name);
	m->control_addr.n = m->control_machine.n = (uint32_t)sc->n_ctlds;
	m->control_addr.v = xcalloc(sc->n_ctlds + 1, sizeof(char *));
	m->control_machine.v = xcalloc(sc->n_ctlds + 1, sizeof(char *));
	for (size_t i = 0; i < sc->n_ctlds; i++) {
		m->control_addr.v[i] = xstrdup(sc->ctlds[i].addr);
		m->control_machine.v[i] = ctld_name(sc->ctlds[i].name);
	}
	m->slurmctld_port = sc->slurmctld_port;
	m->slurmctld_port_count = sc->slurmctld_port_count ?
		sc->slurmctld_port_count : 1;
	m->slurmd_port = sc->slurmd_port;
	free(m->authtype);
	m->authtype = xstrdup(sc->auth_type == SLURM_CONF_AUTH_NONE ?
			      "auth/none" : "auth/munge");
	m->authinfo = xstrdup(sc->auth_info);
	free(m->slurm_user_name);
	m->slurm_user_name = xstrdup(sc->slurm_user);
	m->slurm_user_id = (uint32_t)c->slurm_uid;
	m->prolog = xstrdup(sc->prolog);
	m->epilog = xstrdup(sc->epilog);
	m->prolog_epilog_timeout = sc->prolog_epilog_timeout >= 0xffff ?
		NO_VAL16 : (uint16_t)sc->prolog_epilog_timeout;
	free(m->schedtype);
	m->schedtype = xstrdup(sc->scheduler_type);
	m->min_job_age = sc->min_job_age;
	m->kill_wait = sc->kill_wait > 0xffff ? 0xffff : (uint16_t)sc->kill_wait;
	m->slurmd_timeout = sc->slurmd_timeout > 0xffff ? 0xffff :
		(uint16_t)sc->slurmd_timeout;
	m->msg_timeout = sc->message_timeout > 0xffff ? 0xffff :
		(uint16_t)sc->message_timeout;
	m->ret2service = sc->return_to_service;
	free(m->slurmd_spooldir);
	m->slurmd_spooldir = xstrdup(sc->slurmd_spool_dir);
	free(m->state_save_location);
	m->state_save_location = xstrdup(sc->state_save_location);
	/* slurmctld prints where it read the file; so do we */
	abs = realpath(c->slurm_conf_path, NULL);
	m->slurm_conf = abs ? abs : xstrdup(c->slurm_conf_path);
	m->hash_val = sc->hash_val;
	/* slurm.conf's, or what scontrol setdebugflags made of them */
	m->debug_flags = c->debug_flags;

	/* what the running controller decides */
	/* slurmctld's get_next_job_id(): the next id not in use, its
	 * SLURM_ERROR (4294967295) when there is none */
	m->next_job_id = state_next_job_id(c->st);
	if (!m->next_job_id)
		m->next_job_id = UINT32_MAX;
	if (!global_value(sc, "MaxNodeCount"))
		m->max_node_cnt = c->st->nnodes ? c->st->nnodes :
			(uint32_t)sc->n_nodes;
}
