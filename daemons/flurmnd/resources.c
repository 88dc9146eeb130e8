/* resources.c - what this node offers: CPUs, socket/core/thread layout,
 * memory and GPUs, either as slurm.conf defines the node (use_conf_resources,
 * for several daemons on one machine) or as found in /proc and /sys.
 * Comparing them with the configuration (and draining) is the controller's. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/gres_conf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "nd.h"

/* "gpu:2", "gpu:a100:2,mps:100" -> 2; 0 when no gpu entry. */
static uint32_t gres_gpus(const char *gres)
{
	uint32_t total = 0;
	char *copy, *tok, *save = NULL;

	if (!gres)
		return 0;
	copy = xstrdup(gres);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *last;

		if (strncmp(tok, "gpu", 3) || (tok[3] && tok[3] != ':'))
			continue;
		last = strrchr(tok, ':');
		if (!last) {
			total += 1;
			continue;
		}
		if (last[1] >= '0' && last[1] <= '9')
			total += (uint32_t)strtoul(last + 1, NULL, 10);
		else
			total += 1;
	}
	free(copy);
	return total;
}

static int from_conf(struct nd *nd)
{
	const struct slurm_conf_node *n =
		slurm_conf_find_node(nd->sc, nd->node_name);

	if (!n) {
		err_set("node '%s' is not defined in %s", nd->node_name,
			nd->sc->path ? nd->sc->path : "slurm.conf");
		return -1;
	}
	nd->res.cpus = n->cpus;
	nd->res.sockets = n->sockets ? n->sockets : 1;
	nd->res.cores = n->cores_per_socket ? n->cores_per_socket : 1;
	nd->res.threads = n->threads_per_core ? n->threads_per_core : 1;
	nd->res.memory_mb = n->real_memory;
	nd->res.gpus = gres_gpus(n->gres);
	return 0;
}

static long read_long(const char *path)
{
	FILE *fp = fopen(path, "re");
	long v = -1;

	if (!fp)
		return -1;
	if (fscanf(fp, "%ld", &v) != 1)
		v = -1;
	fclose(fp);
	return v;
}

/* Value of KEY in /proc/meminfo, in MB; 0 when missing. */
static uint64_t meminfo_mb(const char *key)
{
	FILE *fp = fopen("/proc/meminfo", "re");
	char line[256];
	size_t klen = strlen(key);
	uint64_t kb = 0;

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			kb = strtoull(line + klen + 1, NULL, 10);
			break;
		}
	fclose(fp);
	return kb / 1024;
}

static uint32_t count_gpus(void)
{
	DIR *d = opendir("/dev");
	struct dirent *de;
	uint32_t n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		const char *p = de->d_name;

		if (strncmp(p, "nvidia", 6) || !p[6])
			continue;
		for (p += 6; *p >= '0' && *p <= '9'; p++)
			;
		if (!*p)
			n++;
	}
	closedir(d);
	return n;
}

/* Sockets and cores per socket from the topology of the CPUs we may use. */
static void topology(const cpu_set_t *set, uint32_t ncpus, struct nd_res *r)
{
	long *pkgs = xcalloc(CPU_SETSIZE, sizeof(long));
	long *cores = xcalloc(CPU_SETSIZE, sizeof(long));
	long *core_pkg = xcalloc(CPU_SETSIZE, sizeof(long));
	size_t npkg = 0, ncore = 0;

	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		char path[128];
		long pkg, core;
		size_t i;

		if (!CPU_ISSET(cpu, set))
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/"
			 "topology/physical_package_id", cpu);
		pkg = read_long(path);
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/"
			 "topology/core_id", cpu);
		core = read_long(path);
		if (pkg < 0 || core < 0)
			continue;
		for (i = 0; i < npkg && pkgs[i] != pkg; i++)
			;
		if (i == npkg)
			pkgs[npkg++] = pkg;
		for (i = 0; i < ncore && (cores[i] != core ||
					  core_pkg[i] != pkg); i++)
			;
		if (i == ncore) {
			cores[ncore] = core;
			core_pkg[ncore++] = pkg;
		}
	}
	if (npkg == 0 || ncore == 0 || ncore % npkg) {
		/* no topology: call every CPU a core of one socket */
		r->sockets = 1;
		r->cores = ncpus;
		r->threads = 1;
	} else {
		r->sockets = (uint32_t)npkg;
		r->cores = (uint32_t)(ncore / npkg);
		r->threads = ncpus / (uint32_t)ncore;
		if (r->threads == 0 || r->sockets * r->cores * r->threads != ncpus) {
			r->sockets = 1;
			r->cores = ncpus;
			r->threads = 1;
		}
	}
	free(pkgs);
	free(cores);
	free(core_pkg);
}

static void detect(struct nd *nd)
{
	cpu_set_t set;
	uint32_t ncpus = 0;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		ncpus = (uint32_t)CPU_COUNT(&set);
	if (ncpus == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		ncpus = n > 0 ? (uint32_t)n : 1;
		CPU_ZERO(&set);
		for (uint32_t i = 0; i < ncpus && i < CPU_SETSIZE; i++)
			CPU_SET(i, &set);
	}
	nd->res.cpus = ncpus;
	topology(&set, ncpus, &nd->res);
	nd->res.memory_mb = meminfo_mb("MemTotal");
	nd->res.gpus = count_gpus();
}

/* gres.conf beside slurm.conf, when there is one: the GPUs its records
 * give this node, or with AutoDetect=nvml those found in /dev. The
 * controller drains the node if that is fewer than its Gres=. */
static int gres_conf_gpus(struct nd *nd)
{
	struct gres_conf *gc;
	enum gres_autodetect ad;
	uint64_t n;
	bool named;

	if (gres_conf_load_beside(nd->sc->path, &gc) < 0)
		return -1;
	if (!gc)
		return 0;
	named = gres_conf_node_gpus(gc, nd->node_name, &n, &ad);
	if (ad == GRES_AUTODETECT_RSMI || ad == GRES_AUTODETECT_ONEAPI)
		log_warn("%s: AutoDetect=%s is not supported (only nvml); "
			 "using its records", gc->path,
			 gres_autodetect_name(ad));
	if (named) {
		nd->res.gres_conf = true;
		nd->res.gres_gpus = n > 64 ? 64 : (uint32_t)n;
	} else if (ad == GRES_AUTODETECT_NVML) {
		nd->res.gres_conf = true;
		nd->res.gres_gpus = count_gpus();
	}
	if (nd->res.gres_conf)
		log_info("%s: %u GPUs for node %s%s", gc->path,
			 nd->res.gres_gpus, nd->node_name,
			 named ? "" : " (AutoDetect=nvml)");
	gres_conf_free(gc);
	return 0;
}

int resources_get(struct nd *nd)
{
	if (nd->conf->use_conf_resources) {
		if (from_conf(nd) < 0)
			return -1;
	} else {
		detect(nd);
	}
	if (gres_conf_gpus(nd) < 0)
		return -1;
	log_info("node %s: %u CPUs (%u sockets x %u cores x %u threads), "
		 "%llu MB memory, %u GPUs%s", nd->node_name, nd->res.cpus,
		 nd->res.sockets, nd->res.cores, nd->res.threads,
		 (unsigned long long)nd->res.memory_mb, nd->res.gpus,
		 nd->conf->use_conf_resources ? " (from slurm.conf)" : "");
	return 0;
}

void resources_heartbeat(const struct nd *nd, struct wire_heartbeat *hb)
{
	double load[1];

	memset(hb, 0, sizeof(*hb));
	hb->time = time(NULL);
	if (getloadavg(load, 1) == 1 && load[0] >= 0)
		hb->load = (uint32_t)(load[0] * 100 + 0.5);
	hb->free_mem_mb = meminfo_mb("MemAvailable");
	hb->nrunning = jobs_nrunning(nd);
}
