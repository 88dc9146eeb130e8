/* launch.c - starting a batch job: the spool directory and script, the
 * double fork that leaves the job's supervisor independent of flurmnd, and
 * in the supervisor the fork of the script itself (own session, cgroup,
 * the user's identity, working directory, output files, environment), and
 * whose fault it is when that fails: the node's or the job's. Watching
 * the script and ending it is supervise.c's. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/fpat.h"
#include "core/xalloc.h"
#include "nd.h"
#include "slurm/errnos.h"
#include "slurm/proto.h"

/* Slurm's array task id of a job that is not part of an array. */
#define NO_ARRAY_TASK 4294967294u

/* ---- output file names --------------------------------------------- */

static void put_num(char **out, unsigned long long v, int width)
{
	xstrfmtcat(out, "%0*llu", width, v);
}

struct pat_ctx {
	const struct wire_launch *m;
	const char *node_name;
};

/* The letters of a batch job's file names (the controller has filled in
 * an array task's %A and %a already). */
static bool pat_letter(char **out, char letter, int width, void *arg)
{
	const struct pat_ctx *x = arg;
	const struct wire_launch *m = x->m;

	switch (letter) {
	case 'j':
	case 'A':
		put_num(out, m->job_id, width);
		return true;
	case 'a':
		put_num(out, NO_ARRAY_TASK, width);
		return true;
	case 'n':
	case 't':
		put_num(out, 0, width);
		return true;
	case 'x':
		xstrfmtcat(out, "%s", m->name && *m->name ? m->name : "batch");
		return true;
	case 'u':
		xstrfmtcat(out, "%s", m->user ? m->user : "");
		return true;
	case 'N':
		xstrfmtcat(out, "%.*s", (int)strcspn(x->node_name, "."),
			   x->node_name);
		return true;
	case '%':
		xstrfmtcat(out, "%%");
		return true;
	default:	/* not ours: keep it as written */
		return false;
	}
}

char *launch_pattern(const char *pattern, const struct wire_launch *m,
		     const char *node_name, const char *base)
{
	struct pat_ctx x = { .m = m, .node_name = node_name };
	char *out = fpat_expand(pattern, pat_letter, &x);
	char *full;

	if (out[0] == '/' || !base)
		return out;
	full = xasprintf("%s/%s", base, out);
	free(out);
	return full;
}

/* ---- environment ---------------------------------------------------- */

struct envb {
	char **v;
	size_t n, cap;
};

static void env_set(struct envb *e, const char *fmt, ...) FLURM_PRINTF(2, 3);

static void env_set(struct envb *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	xgrow((void **)&e->v, &e->cap, e->n + 2, sizeof(char *));
	e->v[e->n++] = s;
	e->v[e->n] = NULL;
}

static bool env_has(const struct envb *e, const char *var)
{
	size_t len = strcspn(var, "=");

	for (size_t i = 0; i < e->n; i++)
		if (!strncmp(e->v[i], var, len) && e->v[i][len] == '=')
			return true;
	return false;
}

/* What a login gives that a submission may lack (sbatch --export=NONE
 * sends no HOME, USER or PATH): taken from the password database. */
static void login_env(struct envb *e, uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	if (pw && !env_has(e, "HOME="))
		env_set(e, "HOME=%s", pw->pw_dir);
	if (pw && !env_has(e, "USER="))
		env_set(e, "USER=%s", pw->pw_name);
	if (pw && !env_has(e, "LOGNAME="))
		env_set(e, "LOGNAME=%s", pw->pw_name);
	if (pw && !env_has(e, "SHELL="))
		env_set(e, "SHELL=%s", pw->pw_shell && *pw->pw_shell ?
			pw->pw_shell : "/bin/sh");
	if (!env_has(e, "PATH="))
		env_set(e, "PATH=/usr/local/bin:/usr/bin:/bin");
}

/* SLURM_TASKS_PER_NODE as Slurm writes it for a block distribution:
 * "3(x2),2" for 8 tasks on 3 nodes. */
static void tasks_per_node_env(struct envb *e, uint32_t tasks, uint32_t nodes)
{
	uint32_t base = tasks / nodes, extra = tasks % nodes;
	char first[32] = "", rest[32] = "";

	if (extra)
		snprintf(first, sizeof(first), extra > 1 ? "%u(x%u)" : "%u",
			 base + 1, extra);
	if (nodes > extra && base)
		snprintf(rest, sizeof(rest), nodes - extra > 1 ? "%u(x%u)" : "%u",
			 base, nodes - extra);
	env_set(e, "SLURM_TASKS_PER_NODE=%s%s%s", first,
		*first && *rest ? "," : "", rest);
}

static const char *env_get(const struct wire_launch *m, const char *name);

/* CPN as SLURM_JOB_CPUS_PER_NODE writes it ("4(x2),1"): the CPUs of each
 * node it names into CPUS (the first CAP of them; CPUS may be NULL when
 * CAP is 0), how many nodes it names in *N and their CPUs in all in
 * *TOTAL. False when it does not parse. */
static bool cpn_parse(const char *cpn, uint32_t *cpus, uint32_t cap,
		      uint32_t *n, uint64_t *total)
{
	const char *s = cpn;

	*n = 0;
	*total = 0;
	while (*s) {
		char *end;
		unsigned long c = strtoul(s, &end, 10), reps = 1;

		if (end == s || c > UINT32_MAX)
			return false;
		s = end;
		if (!strncmp(s, "(x", 2)) {
			reps = strtoul(s + 2, &end, 10);
			if (end == s + 2 || *end != ')' || !reps || reps > 65536)
				return false;
			s = end + 1;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return false;
		for (unsigned long r = 0; r < reps; r++, (*n)++)
			if (*n < cap)
				cpus[*n] = (uint32_t)c;
		*total += (uint64_t)c * reps;
		if (*n > 65536)
			return false;
	}
	return true;
}

/* SLURM_TASKS_PER_NODE when the job's CPUs differ from node to node
 * (CPN as SLURM_JOB_CPUS_PER_NODE writes them, "4,1" or "2(x2),1"): as
 * slurmd lays the tasks out in blocks, each node's count found by
 * dealing the tasks in turn to the nodes with room left for one at CPT
 * CPUs a task, the rest in turn to all once none has room (CPUs 3 and 3
 * for 5 tasks: 3,2; CPUs 3 and 2 at -c2 for 3 tasks: 2,1). False
 * (nothing set) when CPN does not parse or names other than NODES nodes,
 * for the even layout to answer. */
static bool tasks_by_cpus_env(struct envb *e, const char *cpn,
			      uint32_t tasks, uint32_t cpt, uint32_t nodes)
{
	char out[256] = "";
	size_t len = 0;
	uint32_t *slots, *got, seen, left = tasks;
	uint64_t all;
	bool ok = false, over = false;

	if (!cpt)
		cpt = 1;
	if (!nodes || nodes > 65536)
		return false;
	slots = xcalloc(nodes, sizeof(*slots));
	got = xcalloc(nodes, sizeof(*got));
	if (!cpn_parse(cpn, slots, nodes, &seen, &all) || seen != nodes)
		goto out;
	for (uint32_t i = 0; i < nodes; i++)
		slots[i] /= cpt;
	for (uint32_t round = 0; left && !over; round++) {
		bool room = false;

		for (uint32_t i = 0; i < nodes && left; i++)
			if (round < slots[i]) {
				got[i]++;
				left--;
				if (round + 1 < slots[i])
					room = true;
			}
		over = !room;
	}
	/* no room anywhere: the rest in turn to every node */
	for (uint32_t i = 0; i < nodes; i++)
		got[i] += left / nodes + (i < left % nodes ? 1 : 0);
	for (uint32_t i = 0; i < nodes;) {
		uint32_t n = 1;
		int w;

		while (i + n < nodes && got[i + n] == got[i])
			n++;
		w = snprintf(out + len, sizeof(out) - len,
			     n > 1 ? "%s%u(x%u)" : "%s%u", len ? "," : "",
			     got[i], n);
		if (w < 0 || (size_t)w >= sizeof(out) - len)
			goto out;
		len += (size_t)w;
		i += n;
	}
	env_set(e, "SLURM_TASKS_PER_NODE=%s", out);
	ok = true;
out:
	free(slots);
	free(got);
	return ok;
}

/* SLURM_WORKING_CLUSTER as slurmstepd writes it from slurm.conf:
 * cluster:SlurmctldAddr or the primary's address:SlurmctldPort:22.05's
 * protocol version:the select plugin's id (srun reads it only for a job
 * of another cluster). */
static void working_cluster_env(struct envb *e, const struct slurm_conf *sc)
{
	const struct slurm_conf_kv *addr = slurm_conf_find_unknown(sc, "SlurmctldAddr");
	const struct slurm_conf_kv *sel = slurm_conf_find_unknown(sc, "SelectType");
	unsigned select_id = 109;   /* select/cons_tres, 22.05's default */

	if (!sc->cluster_name || (!sc->n_ctlds && !(addr && addr->value)))
		return;
	if (sel && sel->value && !strcasecmp(sel->value, "select/cons_res"))
		select_id = 101;
	else if (sel && sel->value && !strcasecmp(sel->value, "select/linear"))
		select_id = 102;
	env_set(e, "SLURM_WORKING_CLUSTER=%s:%s:%u:%u:%u", sc->cluster_name,
		addr && addr->value ? addr->value : sc->ctlds[0].addr,
		(unsigned)sc->slurmctld_port, (unsigned)SLURM_PROTOCOL_VERSION,
		select_id);
}

/* Ours first; the submitted environment fills in what we do not set. */
static char **script_env(const struct nd_spec *s)
{
	const struct wire_launch *m = s->m;
	const struct nd *nd = s->nd;
	struct envb e = { 0 };
	uint32_t nodes = m->num_nodes ? m->num_nodes : 1;
	uint32_t tasks = m->num_tasks ? m->num_tasks : nodes;
	const char *nodelist = m->nodelist ? m->nodelist : nd->node_name;
	/* --gpus with --gpus-per-task: the task count is their quotient */
	bool gpu_tasks = m->req.gpus_per_task && m->req.tres_per_job;

	env_set(&e, "SLURM_JOB_ID=%u", m->job_id);
	env_set(&e, "SLURM_JOBID=%u", m->job_id);
	env_set(&e, "SLURM_JOB_NAME=%s", m->name ? m->name : "");
	env_set(&e, "SLURM_JOB_NODELIST=%s", nodelist);
	env_set(&e, "SLURM_NODELIST=%s", nodelist);
	env_set(&e, "SLURM_JOB_NUM_NODES=%u", nodes);
	env_set(&e, "SLURM_NNODES=%u", nodes);
	/* a job that asked no task count: as many as its CPUs hold at
	 * -c each, as slurmd lays out (--exclusive -N2 on 4-CPU nodes:
	 * 4(x2); -N2 --mincpus=2: 2(x2)) */
	if (!env_get(m, "SLURM_NTASKS") && !env_get(m, "SLURM_NTASKS_PER_NODE") &&
	    !gpu_tasks) {
		/* without a list every node has this one's CPUs */
		uint64_t all = (uint64_t)m->cpus_on_node * nodes;
		uint32_t named;

		if (m->cpus_per_node && *m->cpus_per_node &&
		    !cpn_parse(m->cpus_per_node, NULL, 0, &named, &all))
			all = 0;
		all /= m->cpus_per_task ? m->cpus_per_task : 1;
		if (all >= nodes && all <= UINT32_MAX)
			tasks = (uint32_t)all;
	}
	if (!m->cpus_per_node || !*m->cpus_per_node ||
	    !tasks_by_cpus_env(&e, m->cpus_per_node, tasks,
			       m->cpus_per_task, nodes))
		tasks_per_node_env(&e, tasks, nodes);
	/* SLURM_NTASKS and SLURM_NPROCS: what sbatch sent, only when the
	 * job asked for a task count (-n, --ntasks-per-node), which keeps
	 * its -n when the count grew at its start (-N2 -n3
	 * --ntasks-per-node=2: 3, with SLURM_TASKS_PER_NODE=2(x2)); slurmd
	 * adds none for a job that asked none. But --gpus with
	 * --gpus-per-task and no -n: their quotient is the task count
	 * (slurmctld's GRES check sets it, and slurmd names it, so the
	 * job's srun runs that many) */
	if (gpu_tasks && !env_get(m, "SLURM_NTASKS")) {
		env_set(&e, "SLURM_NTASKS=%u", tasks);
		env_set(&e, "SLURM_NPROCS=%u", tasks);
	}
	env_set(&e, "SLURM_CPUS_ON_NODE=%u", m->cpus_on_node);
	if (m->cpus_per_node && *m->cpus_per_node)
		env_set(&e, "SLURM_JOB_CPUS_PER_NODE=%s", m->cpus_per_node);
	else if (nodes > 1)
		env_set(&e, "SLURM_JOB_CPUS_PER_NODE=%u(x%u)",
			m->cpus_on_node, nodes);
	else
		env_set(&e, "SLURM_JOB_CPUS_PER_NODE=%u", m->cpus_on_node);
	if (m->cpus_per_task > 1)
		env_set(&e, "SLURM_CPUS_PER_TASK=%u", m->cpus_per_task);
	env_set(&e, "SLURM_SUBMIT_DIR=%s", m->submit_dir ? m->submit_dir :
		m->work_dir ? m->work_dir : "/");
	env_set(&e, "SLURM_JOB_PARTITION=%s", m->partition ? m->partition : "");
	env_set(&e, "SLURMD_NODENAME=%s", nd->node_name);
	env_set(&e, "SLURM_JOB_UID=%u", m->uid);
	env_set(&e, "SLURM_JOB_USER=%s", m->user ? m->user : "");
	env_set(&e, "SLURM_JOB_GID=%u", m->gid);
	env_set(&e, "SLURM_NODEID=0");
	env_set(&e, "SLURM_PROCID=0");
	env_set(&e, "SLURM_LOCALID=0");
	env_set(&e, "SLURM_GTIDS=0");
	env_set(&e, "SLURM_TASK_PID=%ld", (long)getpid());
	if (nd->cluster)
		env_set(&e, "SLURM_CLUSTER_NAME=%s", nd->cluster);
	if (m->account && *m->account)
		env_set(&e, "SLURM_JOB_ACCOUNT=%s", m->account);
	/* the memory asked, as slurmd names it, also where it is not
	 * counted (SelectTypeParameters=CR_Core) */
	if (m->req.mem_mb)
		env_set(&e, m->req.mem_per_cpu ? "SLURM_MEM_PER_CPU=%llu" :
			"SLURM_MEM_PER_NODE=%llu",
			(unsigned long long)m->req.mem_mb);
	else if (m->mem_mb)
		env_set(&e, "SLURM_MEM_PER_NODE=%llu",
			(unsigned long long)m->mem_mb);
	if (m->restarts)
		env_set(&e, "SLURM_RESTART_COUNT=%u", m->restarts);
	/* the GPUs the controller gave the job here, as slurmd without a
	 * gres.conf would name them (indexes from 0) */
	if (m->gpus && *m->gpus) {
		uint32_t n = 1;

		for (const char *p = m->gpus; *p; p++)
			n += *p == ',';
		env_set(&e, "CUDA_VISIBLE_DEVICES=%s", m->gpus);
		env_set(&e, "GPU_DEVICE_ORDINAL=%s", m->gpus);
		env_set(&e, "SLURM_JOB_GPUS=%s", m->gpus);
		env_set(&e, "SLURM_GPUS_ON_NODE=%u", n);
	}
	if (nd->sc->path)
		env_set(&e, "SLURM_CONF=%s", nd->sc->path);
	/* as slurmd with topology/none and no cloud nodes writes them */
	env_set(&e, "SLURM_NODE_ALIASES=(null)");
	env_set(&e, "SLURM_TOPOLOGY_ADDR=%s", nd->node_name);
	env_set(&e, "SLURM_TOPOLOGY_ADDR_PATTERN=node");
	working_cluster_env(&e, nd->sc);
	env_set(&e, "ENVIRONMENT=BATCH");

	/* sbatch's limits and umask are for us (script_child() applies
	 * them), not for the job, as slurmstepd takes them out */
	for (uint32_t i = 0; i < m->env_count; i++)
		if (m->env[i] && strchr(m->env[i], '=') && !env_has(&e, m->env[i]) &&
		    !nd_rlimit_entry(m->env[i]) &&
		    strncmp(m->env[i], "SLURM_UMASK=", 12))
			env_set(&e, "%s", m->env[i]);
	login_env(&e, m->uid);
	return e.v;
}

static const char *env_get(const struct wire_launch *m, const char *name)
{
	size_t len = strlen(name);

	for (uint32_t i = 0; i < m->env_count; i++)
		if (m->env[i] && !strncmp(m->env[i], name, len) &&
		    m->env[i][len] == '=')
			return m->env[i] + len + 1;
	return NULL;
}

/* ---- the script's process ------------------------------------------- */

/* Whose fault a failure in the script's process is; the first byte on the
 * exec pipe. The node's drains it (as slurmstepd's setup errors do in
 * Slurm); the job's only fails the job. */
#define FAULT_NODE 'N'
#define FAULT_JOB  'J'
#define FAULT_IO   'I'     /* the job's: a file of its own to read or write */

static void fail(int efd, char fault, const char *fmt, ...)
	FLURM_PRINTF(3, 4) __attribute__((noreturn));

/* Tell the supervisor why the script cannot run, and give up. */
static void fail(int efd, char fault, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	int n;

	msg[0] = fault;
	va_start(ap, fmt);
	n = vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(msg) - 2)
		n = (int)sizeof(msg) - 2;
	if (n >= 0 && write(efd, msg, (size_t)n + 1) < 0)
		_exit(126);
	_exit(127);
}

static void become_user(const struct nd_spec *s, int efd)
{
	const struct wire_launch *m = s->m;
	const char *name = m->user;
	struct passwd *pw = name ? getpwnam(name) : NULL;

	if (s->nd->uid != 0)
		return;		/* same uid as ours: checked by jobs_launch */
	if (!pw || pw->pw_uid != m->uid)
		pw = getpwuid(m->uid);
	/* Slurm counts an unknown user against the job (ESLURMD_UID_NOT_FOUND
	 * does not drain), a failing set*id() against the node */
	if (!pw)
		fail(efd, FAULT_JOB, "user %s (uid %u) is unknown on node %s",
		     name ? name : "?", m->uid, s->nd->node_name);
	if (setgid(m->gid) < 0)
		fail(efd, FAULT_NODE, "cannot set group id %u: %s", m->gid,
		     strerror(errno));
	if (initgroups(pw->pw_name, m->gid) < 0)
		fail(efd, FAULT_NODE, "cannot set the groups of %s: %s",
		     pw->pw_name, strerror(errno));
	if (setuid(m->uid) < 0)
		fail(efd, FAULT_NODE, "cannot set user id %u: %s", m->uid,
		     strerror(errno));
	if (m->uid != 0 && (setuid(0) == 0 || geteuid() != m->uid))
		fail(efd, FAULT_NODE, "cannot drop root privileges");
}

/* The limits sbatch passes as SLURM_RLIMIT_<NAME>. */
static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "AS", RLIMIT_AS }, { "CORE", RLIMIT_CORE }, { "CPU", RLIMIT_CPU },
	{ "DATA", RLIMIT_DATA }, { "FSIZE", RLIMIT_FSIZE },
	{ "MEMLOCK", RLIMIT_MEMLOCK }, { "NOFILE", RLIMIT_NOFILE },
	{ "NPROC", RLIMIT_NPROC }, { "RSS", RLIMIT_RSS },
	{ "STACK", RLIMIT_STACK },
};

/* Whether slurm.conf lets the limit NAME through: PropagateResourceLimits
 * ALL (the default), NONE or a list, or every one but those of
 * PropagateResourceLimitsExcept. */
static bool conf_propagates(const struct slurm_conf *sc, const char *name,
			    size_t len)
{
	const struct slurm_conf_kv *only = sc ?
		slurm_conf_find_unknown(sc, "PropagateResourceLimits") : NULL;
	const struct slurm_conf_kv *except = sc ?
		slurm_conf_find_unknown(sc, "PropagateResourceLimitsExcept") : NULL;

	if (except && except->value)
		return !slurm_conf_list_has(except->value, name, len, true);
	if (!only || !only->value || !strcasecmp(only->value, "ALL"))
		return true;
	if (!strcasecmp(only->value, "NONE"))
		return false;
	return slurm_conf_list_has(only->value, name, len, true);
}

#define RLIMIT_PREFIX "SLURM_RLIMIT_"

bool nd_rlimit_entry(const char *entry)
{
	return !strncmp(entry, RLIMIT_PREFIX, sizeof(RLIMIT_PREFIX) - 1);
}

void nd_propagate_rlimits(char *const *env, uint32_t n,
			  const struct slurm_conf *sc)
{
	for (uint32_t i = 0; i < n; i++) {
		const char *v = env[i], *eq;
		unsigned long long want;
		struct rlimit r;
		bool asked;
		char *end;
		size_t len;

		if (!v || !nd_rlimit_entry(v) || !(eq = strchr(v, '=')))
			continue;
		v += sizeof(RLIMIT_PREFIX) - 1;
		len = (size_t)(eq - v);
		asked = eq[1] == 'U';
		errno = 0;
		want = strtoull(eq + 1 + asked, &end, 10);
		if (end == eq + 1 + asked || *end || errno)
			continue;
		for (size_t k = 0; k < sizeof(rlimit_names) / sizeof(rlimit_names[0]); k++) {
			if (strlen(rlimit_names[k].name) != len ||
			    strncmp(rlimit_names[k].name, v, len))
				continue;
			if (!asked && !conf_propagates(sc, v, len))
				break;
			if (getrlimit(rlimit_names[k].resource, &r) < 0)
				break;
			r.rlim_cur = (rlim_t)want > r.rlim_max ? r.rlim_max :
				     (rlim_t)want;
			(void)setrlimit(rlimit_names[k].resource, &r);
			break;
		}
	}
}

/* -o/-e: truncated, or appended to with sbatch --open-mode=append */
static int open_out(const char *path, bool append)
{
	return open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
		    (append ? O_APPEND : O_TRUNC), 0644);
}

static void script_child(const struct nd_spec *s, int efd)
{
	const struct wire_launch *m = s->m;
	const char *umask_s = env_get(m, "SLURM_UMASK");
	const char *base = m->work_dir && *m->work_dir ? m->work_dir : "/tmp";
	char *chdir_err = NULL;
	char *out, *err = NULL, *in;
	char **argv, **env;
	int fin, fout, ferr;

	if (setsid() < 0)
		fail(efd, FAULT_NODE, "cannot start a session: %s",
		     strerror(errno));
	if (s->cgroup && cgroup_enter(s->cgroup) < 0)
		fail(efd, FAULT_NODE, "%s", err_msg());
	nd_reset_signals();
	become_user(s, efd);
	umask(umask_s ? (mode_t)strtoul(umask_s, NULL, 8) & 0777 : 022);

	/* A working directory that is not there is the job's problem: it
	 * runs in /tmp, but its files keep their names under the directory
	 * it asked for, as slurmstepd names them, so with relative ones
	 * (slurm-%j.out) it fails instead. */
	if (chdir(base) < 0) {
		chdir_err = xasprintf("couldn't chdir to `%s': %s: going to "
				      "/tmp instead", base, strerror(errno));
		log_warn("job %u: %s", m->job_id, chdir_err);
		if (chdir("/tmp") < 0)
			fail(efd, FAULT_NODE, "cannot chdir to /tmp: %s",
			     strerror(errno));
	}

	in = launch_pattern(m->std_in && *m->std_in ? m->std_in : "/dev/null",
			    m, s->nd->node_name, base);
	fin = open(in, O_RDONLY | O_CLOEXEC);
	if (fin < 0)
		fail(efd, FAULT_IO, "cannot open input file %s: %s", in,
		     strerror(errno));
	out = launch_pattern(m->std_out && *m->std_out ? m->std_out :
			     "slurm-%j.out", m, s->nd->node_name, base);
	fout = open_out(out, m->open_mode == 1);
	if (fout < 0)
		fail(efd, FAULT_IO, "cannot open output file %s: %s", out,
		     strerror(errno));
	ferr = fout;
	if (m->std_err && *m->std_err) {
		err = launch_pattern(m->std_err, m, s->nd->node_name, base);
		if (strcmp(err, out)) {
			ferr = open_out(err, m->open_mode == 1);
			if (ferr < 0)
				fail(efd, FAULT_IO,
				     "cannot open error file %s: %s", err,
				     strerror(errno));
		}
	}
	if (dup2(fin, 0) < 0 || dup2(fout, 1) < 0 || dup2(ferr, 2) < 0)
		fail(efd, FAULT_NODE, "cannot set up standard streams: %s",
		     strerror(errno));
	if (chdir_err)
		dprintf(2, "flurmnd: error: %s\n", chdir_err);

	env = script_env(s);
	argv = xcalloc((size_t)(m->argc > 1 ? m->argc : 1) + 1, sizeof(char *));
	argv[0] = s->script;
	for (uint32_t i = 1; i < m->argc; i++)
		argv[i] = m->argv[i];
	nd_close_fds(&efd, 1);
	nd_propagate_rlimits(m->env, m->env_count, s->nd->sc);
	execve(s->script, argv, env);
	/* a bad #! line, mostly; in Slurm the task just exits non-zero */
	fail(efd, FAULT_JOB, "cannot run the batch script: %s",
	     strerror(errno));
}

pid_t launch_script(const struct nd_spec *s, int *exec_fd)
{
	int ep[2];
	pid_t pid;

	if (pipe2(ep, O_CLOEXEC) < 0) {
		err_set_errno("cannot make a pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		err_set_errno("cannot fork the batch script");
		close(ep[0]);
		close(ep[1]);
		return -1;
	}
	if (pid == 0) {
		close(ep[0]);
		script_child(s, ep[1]);
	}
	close(ep[1]);
	*exec_fd = ep[0];
	return pid;
}

char *launch_exec_result(int fd, uint32_t *reason, int32_t *status)
{
	char buf[1024];
	size_t len = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (len >= sizeof(buf) - 1)
			break;
	}
	close(fd);
	buf[len] = '\0';
	*reason = 0;
	*status = ND_FAILED_STATUS;
	if (len == 0)
		return xstrdup("");
	*reason = buf[0] == FAULT_NODE ? WIRE_FAIL_NODE : WIRE_FAIL_LAUNCH;
	/* as slurmstepd, whose failed I/O set-up ends the job with
	 * ESLURMD_IO_ERROR as its status (shown ExitCode=0:53) */
	if (buf[0] == FAULT_IO)
		*status = ESLURMD_IO_ERROR;
	if (buf[0] != FAULT_NODE && buf[0] != FAULT_JOB && buf[0] != FAULT_IO)
		return xstrdup(buf);
	if (len == 1)
		return xstrdup("the batch script could not be started");
	return xstrdup(buf + 1);
}

/* ---- the supervisor ------------------------------------------------- */

static int write_script(const struct nd *nd, const char *dir,
			const char *path, const struct wire_launch *m)
{
	size_t len = m->script ? strlen(m->script) : 0, off = 0;
	int fd;

	if (mkdir(dir, 0711) < 0 && errno != EEXIST) {
		err_set_errno("cannot create %s", dir);
		return -1;
	}
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0700);
	if (fd < 0) {
		err_set_errno("cannot create %s", path);
		return -1;
	}
	while (off < len) {
		ssize_t w = write(fd, m->script + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err_set_errno("cannot write %s", path);
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (nd->uid == 0 && fchown(fd, m->uid, m->gid) < 0) {
		err_set_errno("cannot give %s to uid %u", path, m->uid);
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		err_set_errno("cannot write %s", path);
		return -1;
	}
	return 0;
}

int launch_start(struct nd *nd, struct nd_job *job,
		 const struct wire_launch *m, const char *cgroup)
{
	struct nd_spec s = {
		.nd = nd,
		.m = m,
		.cgroup = (char *)cgroup,
		.kill_wait = nd->sc->kill_wait,
	};
	int pidp[2] = { -1, -1 }, wake[2] = { -1, -1 };
	pid_t a, b = -1;
	int status, rc = -1;
	ssize_t r;

	s.job_dir = spool_job_dir(nd, m->job_id);
	s.script = xasprintf("%s/script", s.job_dir);
	if (write_script(nd, s.job_dir, s.script, m) < 0)
		goto out;
	if (pipe2(pidp, O_CLOEXEC) < 0 || pipe2(wake, O_CLOEXEC) < 0) {
		err_set_errno("cannot make a pipe");
		goto out;
	}
	s.wake_fd = wake[1];

	a = fork();
	if (a < 0) {
		err_set_errno("cannot fork");
		goto out;
	}
	if (a == 0) {
		/* a new session, then the supervisor's parent goes away:
		 * the supervisor belongs to init, not to us */
		close(pidp[0]);
		close(wake[0]);
		setsid();
		b = fork();
		if (b == 0) {
			close(pidp[1]);
			supervise_run(&s);
		}
		if (write(pidp[1], &b, sizeof(b)) != sizeof(b))
			_exit(1);
		_exit(b < 0);
	}
	close(pidp[1]);
	pidp[1] = -1;
	close(wake[1]);
	wake[1] = -1;
	while (waitpid(a, &status, 0) < 0 && errno == EINTR)
		;
	do
		r = read(pidp[0], &b, sizeof(b));
	while (r < 0 && errno == EINTR);
	if (r != sizeof(b) || b <= 0) {
		err_set("cannot start the job's supervisor");
		goto out;
	}
	job->sup_pid = b;
	job->sup_start = supervise_starttime(b);
	job->wake_fd = wake[0];
	wake[0] = -1;
	rc = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (pidp[i] >= 0)
			close(pidp[i]);
		if (wake[i] >= 0)
			close(wake[i]);
	}
	free(s.job_dir);
	free(s.script);
	return rc;
}
