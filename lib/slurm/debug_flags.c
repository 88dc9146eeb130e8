/* debug_flags.c - Slurm 22.05's DebugFlags names and bits, both ways, and
 * the body of scontrol setdebugflags. What a flag makes a daemon log is
 * the daemon's business. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/debug_flags.h"

#define BIT(n) (UINT64_C(1) << (n))

/* In the order slurmctld writes them (alphabetical, near enough), with
 * the bits of slurm.h; ALIAS is another name Slurm accepts. */
static const struct {
	const char *name;
	const char *alias;
	uint64_t bit;
} flags[] = {
	{ "Accrue", NULL, BIT(50) },
	{ "JobAccountGather", "JAG", BIT(54) },
	{ "Agent", NULL, BIT(52) },
	{ "Backfill", NULL, BIT(12) },
	{ "BackfillMap", NULL, BIT(27) },
	{ "BurstBuffer", NULL, BIT(40) },
	{ "Cgroup", NULL, BIT(55) },
	{ "CpuFrequency", NULL, BIT(41) },
	{ "CPU_Bind", NULL, BIT(3) },
	{ "Data", NULL, BIT(8) },
	{ "DB_Archive", NULL, BIT(44) },
	{ "DB_Assoc", NULL, BIT(30) },
	{ "DB_TRES", NULL, BIT(45) },
	{ "DB_Event", NULL, BIT(31) },
	{ "DB_Job", NULL, BIT(32) },
	{ "DB_QOS", NULL, BIT(33) },
	{ "DB_Query", NULL, BIT(34) },
	{ "DB_Reservation", NULL, BIT(35) },
	{ "DB_Resource", NULL, BIT(36) },
	{ "DB_Step", NULL, BIT(37) },
	{ "DB_Usage", NULL, BIT(38) },
	{ "DB_WCKey", NULL, BIT(39) },
	{ "Dependency", NULL, BIT(53) },
	{ "Elasticsearch", NULL, BIT(46) },
	{ "Energy", NULL, BIT(18) },
	{ "ExtSensors", NULL, BIT(19) },
	{ "Federation", NULL, BIT(48) },
	{ "FrontEnd", NULL, BIT(15) },
	{ "Gang", NULL, BIT(13) },
	{ "Gres", NULL, SLURM_DEBUG_FLAG_GRES },
	{ "Hetjob", NULL, BIT(49) },
	{ "Interconnect", NULL, BIT(22) },
	{ "JobContainer", NULL, BIT(24) },
	{ "NodeFeatures", NULL, BIT(47) },
	{ "License", NULL, BIT(20) },
	{ "MPI", NULL, BIT(7) },
	{ "Network", "Net", BIT(10) },
	{ "NetworkRaw", "NetRaw", BIT(4) },
	{ "NO_CONF_HASH", NULL, BIT(5) },
	{ "Power", "PowerSave", BIT(42) },
	{ "Priority", NULL, BIT(11) },
	{ "Profile", NULL, BIT(21) },
	{ "Protocol", NULL, BIT(26) },
	{ "Reservation", NULL, BIT(14) },
	{ "Route", NULL, BIT(29) },
	{ "Script", NULL, BIT(56) },
	{ "SelectType", NULL, BIT(0) },
	{ "Steps", NULL, SLURM_DEBUG_FLAG_STEPS },
	{ "Switch", NULL, BIT(17) },
	{ "TimeCray", NULL, BIT(43) },
	{ "TraceJobs", NULL, BIT(28) },
	{ "Triggers", "Trigger", BIT(2) },
	{ "WorkQueue", "WorkQ", BIT(9) },
};

#define N_FLAGS (sizeof(flags) / sizeof(*flags))

static int flag_find(const char *word, size_t len, uint64_t *bit)
{
	for (size_t i = 0; i < N_FLAGS; i++)
		if ((strlen(flags[i].name) == len &&
		     !strncasecmp(word, flags[i].name, len)) ||
		    (flags[i].alias && strlen(flags[i].alias) == len &&
		     !strncasecmp(word, flags[i].alias, len))) {
			*bit = flags[i].bit;
			return 0;
		}
	return -1;
}

int slurm_debug_flags_parse(const char *list, uint64_t *out)
{
	const char *p = list;
	uint64_t v = 0, bit;

	*out = 0;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		/* "Task" is taken and sets nothing: 22.05 only logs that
		 * it was removed */
		bool task = len == 4 && !strncasecmp(p, "Task", 4);

		/* empty words ("Steps,,Gres") are skipped, as strtok does */
		if (len && !task && flag_find(p, len, &bit) < 0) {
			err_set("invalid debug flag '%.*s'", (int)len, p);
			return -1;
		}
		if (len && !task)
			v |= bit;
		p += len;
		if (*p == ',')
			p++;
	}
	*out = v;
	return 0;
}

char *slurm_debug_flags_str(uint64_t v)
{
	char *s = NULL;

	for (size_t i = 0; i < N_FLAGS; i++) {
		char *t;

		if (!(v & flags[i].bit))
			continue;
		t = xasprintf("%s%s%s", s ? s : "", s ? "," : "", flags[i].name);
		free(s);
		s = t;
	}
	return s ? s : xstrdup("none");
}

void slurm_debug_flags_request_pack(buf_t *b, uint64_t minus, uint64_t plus)
{
	pack64(b, minus);
	pack64(b, plus);
}

int slurm_debug_flags_request_unpack(buf_t *b, uint64_t *minus,
				     uint64_t *plus)
{
	if (unpack64(b, minus) < 0 || unpack64(b, plus) < 0 ||
	    buf_remaining(b) != 0)
		return -1;
	return 0;
}
