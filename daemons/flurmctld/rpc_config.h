/* rpc_config.h - the controller's configuration as scontrol show config
 * asks for it (REQUEST_BUILD_INFO). */
#ifndef FLURM_CTLD_RPC_CONFIG_H
#define FLURM_CTLD_RPC_CONFIG_H

struct ctld;
struct slurm_ctl_conf;

/* Fill M (freed by the caller with slurm_ctl_conf_free) with what
 * slurmctld 22.05 would send for the slurm.conf in use. */
void config_fill(struct ctld *c, struct slurm_ctl_conf *m);

#endif
