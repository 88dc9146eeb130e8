/* rpc_config.h - the controller's configuration as scontrol show config
 * asks for it (REQUEST_BUILD_INFO). */
#ifndef FLURM_CTLD_RPC_CONFIG_H
#define FLURM_CTLD_RPC_CONFIG_H

#include <stdint.h>

struct ctld;
struct slurm_ctl_conf;
struct slurm_conf;

/* Fill M (freed by the caller with slurm_ctl_conf_free) with what
 * slurmctld 22.05 would send for the slurm.conf in use. */
void config_fill(struct ctld *c, struct slurm_ctl_conf *m);
/* slurm.conf's EnforcePartLimits as Slurm numbers it: ALL 1, ANY (or
 * YES) 2, anything else (NO) 0. */
uint16_t config_enforce_part_limits(const char *value);
/* Set what the scheduler takes from the slurm.conf in use: whether
 * SelectTypeParameters counts memory (unset: FLURM counts what a job
 * asks; CR_Core, CR_CPU or CR_Socket without _Memory: none). At start
 * and after each reload. */
void config_apply_policy(struct ctld *c);
/* SC's DebugFlags (the last global line) as Slurm's bits in *OUT, 0
 * when unset; -1 with err_set() naming the file when a word is not a
 * flag (ctld_conf_check refuses such a file, as slurmctld). */
int config_debug_flags(const struct slurm_conf *sc, uint64_t *out);

#endif
