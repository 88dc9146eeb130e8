/* gres_conf.h - gres.conf in Slurm's syntax: one generic resource record a
 * line ("NodeName=n[1-4] Name=gpu Type=a100 File=/dev/nvidia[0-3]"), and
 * a global "AutoDetect=" line. Keys are case-insensitive; '#' starts a
 * comment; a trailing backslash continues the line. Errors name the file
 * and line. Which records a node daemon uses, and what it does when its
 * count is lower than slurm.conf's Gres=, are the callers' to decide. */
#ifndef FLURM_GRES_CONF_H
#define FLURM_GRES_CONF_H

#include <stdbool.h>
#include <stdint.h>

/* AutoDetect= values as Slurm 22.05 names them. */
enum gres_autodetect {
	GRES_AUTODETECT_UNSET = 0,     /* not given */
	GRES_AUTODETECT_OFF,
	GRES_AUTODETECT_NVML,          /* NVIDIA ("nvml", or "nvidia") */
	GRES_AUTODETECT_RSMI,          /* AMD */
	GRES_AUTODETECT_ONEAPI,        /* Intel */
};

struct gres_conf_rec {
	char *node_names;          /* NodeName= hostlist, NULL = every node */
	char *name;                /* Name= ("gpu", "mps", "shard", ...) */
	char *type;                /* Type=, NULL = none */
	char *file;                /* File= as written, NULL = none */
	uint32_t nfiles;           /* device files File= names */
	uint64_t count;            /* Count=, else nfiles, else 1 */
	enum gres_autodetect autodetect;   /* on this record's line */
	int line;
};

struct gres_conf {
	char *path;
	enum gres_autodetect autodetect;   /* a line with AutoDetect= only */
	struct gres_conf_rec *recs;
	uint32_t nrecs;
};

/* Parse PATH. NULL with err_msg() "PATH:LINE: why" on a broken line,
 * "PATH: why" when it cannot be read. */
struct gres_conf *gres_conf_load(const char *path);
/* Parse TEXT as though read from NAME (tests, -n checks). */
struct gres_conf *gres_conf_parse(const char *text, const char *name);
void gres_conf_free(struct gres_conf *gc);
/* The gres.conf beside SLURM_CONF (slurm.conf's directory, as slurmd
 * looks for it): 0 with *GC NULL when there is none, -1 with err_msg()
 * when it cannot be read or has a broken line. */
int gres_conf_load_beside(const char *slurm_conf, struct gres_conf **gc);

/* What gres.conf says of NODE's GPUs: *COUNT, the sum of its "gpu"
 * records' counts, and *AUTO, the AutoDetect= that applies to it (its
 * records' or the global one). false when no gpu record names it. */
bool gres_conf_node_gpus(const struct gres_conf *gc, const char *node,
			 uint64_t *count, enum gres_autodetect *autodetect);

/* "nvml", "off", ... */
const char *gres_autodetect_name(enum gres_autodetect a);

#endif
