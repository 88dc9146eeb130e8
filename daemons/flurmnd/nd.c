/* nd.c - the node daemon's life: settings from flurmnd.conf and slurm.conf,
 * the spool directory, recovering jobs a previous flurmnd left running,
 * the event loop with its signals and once-a-second poll, and shutdown
 * (which leaves jobs running). Command line, config loading and going to
 * the background are main.c's. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/version.h"
#include "core/xalloc.h"
#include "nd.h"
#include "slurm/auth.h"

#define DEFAULT_SPOOL "/var/spool/flurmnd"

void nd_stop(struct nd *nd, int exit_code)
{
	if (exit_code > nd->exit_code)
		nd->exit_code = exit_code;
	nd->stopping = true;
	event_base_loopbreak(nd->base);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

void nd_close_fds(const int *keep, int nkeep)
{
	int sorted[8], n = 0;
	unsigned first = 3;

	for (int i = 0; i < nkeep && n < 8; i++)
		if (keep[i] >= 3)
			sorted[n++] = keep[i];
	qsort(sorted, (size_t)n, sizeof(int), cmp_int);
	for (int i = 0; i < n; i++) {
		if ((unsigned)sorted[i] > first &&
		    close_range(first, (unsigned)sorted[i] - 1, 0) < 0)
			for (unsigned fd = first; fd < (unsigned)sorted[i]; fd++)
				close((int)fd);
		first = (unsigned)sorted[i] + 1;
	}
	if (close_range(first, ~0u, 0) < 0) {
		long max = sysconf(_SC_OPEN_MAX);

		for (long fd = first; fd < (max > 0 ? max : 1024); fd++)
			close((int)fd);
	}
}

void nd_reset_signals(void)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void nd_child_detach(void)
{
	int null = open("/dev/null", O_RDWR);

	setsid();
	nd_reset_signals();
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	nd_close_fds(NULL, 0);
}

static int mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; rc == 0; s++) {
		char c = *s;

		if (c && c != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			err_set_errno("cannot create directory %s", p);
			rc = -1;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

static char *short_hostname(void)
{
	char host[256] = "";

	if (gethostname(host, sizeof(host) - 1) < 0 || !*host)
		return xstrdup("localhost");
	host[strcspn(host, ".")] = '\0';
	return xstrdup(host);
}

/* flurmnd.conf's controllers, else slurm.conf's SlurmctldHost lines. */
static int set_controllers(struct nd *nd)
{
	const struct flurmnd_conf *conf = nd->conf;
	const struct slurm_conf *sc = nd->sc;

	if (conf->ncontrollers) {
		nd->nctls = conf->ncontrollers;
		nd->ctls = xcalloc(nd->nctls, sizeof(*nd->ctls));
		for (size_t i = 0; i < nd->nctls; i++) {
			nd->ctls[i].host = xstrdup(conf->controllers[i].host);
			nd->ctls[i].port = conf->controllers[i].port ?
				conf->controllers[i].port :
				conf->controller_port;
		}
		return 0;
	}
	if (!sc->n_ctlds) {
		err_set("no controller to register with: set controllers in "
			"flurmnd.conf or SlurmctldHost in %s",
			sc->path ? sc->path : "slurm.conf");
		return -1;
	}
	nd->nctls = sc->n_ctlds;
	nd->ctls = xcalloc(nd->nctls, sizeof(*nd->ctls));
	for (size_t i = 0; i < nd->nctls; i++) {
		nd->ctls[i].host = xstrdup(sc->ctlds[i].addr ?
					   sc->ctlds[i].addr :
					   sc->ctlds[i].name);
		nd->ctls[i].port = conf->controller_port;
	}
	return 0;
}

static int setup(struct nd *nd)
{
	const struct flurmnd_conf *conf = nd->conf;

	nd->uid = geteuid();
	nd->boot_time = time(NULL);
	nd->node_name = conf->node_name && *conf->node_name ?
			xstrdup(conf->node_name) : short_hostname();
	nd->spool_dir = xstrdup(conf->spool_dir && *conf->spool_dir ?
				conf->spool_dir : DEFAULT_SPOOL);
	nd->state_file = conf->state_file && *conf->state_file ?
			 xstrdup(conf->state_file) :
			 xasprintf("%s/flurmnd.state", nd->spool_dir);
	nd->cluster = xstrdup(nd->sc->cluster_name);
	if (set_controllers(nd) < 0)
		return -1;
	/* users reach their scripts through it */
	if (mkdir_p(nd->spool_dir, 0755) < 0)
		return -1;
	if (resources_get(nd) < 0)
		return -1;
	if (conf->auth == CONF_AUTH_MUNGE) {
		nd->auth = auth_create(AUTH_MUNGE, nd->sc->munge_socket);
		if (!nd->auth)
			return -1;
	} else {
		log_warn("auth = none: registering without a MUNGE credential "
			 "(tests only)");
	}
	nd->base = event_base_new();
	if (!nd->base) {
		err_set("cannot create the event loop");
		return -1;
	}
	if (cgroup_init(nd) < 0)
		return -1;
	if (slurm_conf_slurm_uid(nd->sc, &nd->slurm_uid) < 0) {
		log_warn("%s; only root may sign job credentials", err_msg());
		nd->slurm_uid = 0;
	}
	/* batch jobs run without it; srun cannot reach this node */
	if (slurmd_listen(nd) < 0)
		log_err("%s; srun cannot start tasks on this node", err_msg());
	if (jobs_recover(nd) < 0)
		return -1;
	return 0;
}

/* SIGTERM/SIGINT: the daemon goes, its jobs stay (their supervisors are
 * in sessions of their own). */
static void on_stop(void *arg)
{
	struct nd *nd = arg;

	log_info("stopping; jobs keep running: %u", jobs_nrunning(nd));
	nd_stop(nd, 0);
}

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
	jobs_poll(arg);
	steps_poll(arg);
	cgroup_sweep(arg);
}

static void teardown(struct nd *nd)
{
	conn_stop(nd);
	slurmd_listen_close(nd);
	if (nd->poll_ev)
		event_free(nd->poll_ev);
	daemon_signals_free(nd->sigs);
	jobs_free_all(nd);
	steps_free_all(nd);
	if (nd->base)
		event_base_free(nd->base);
	if (nd->auth)
		auth_destroy(nd->auth);
	for (size_t i = 0; i < nd->nctls; i++)
		free(nd->ctls[i].host);
	free(nd->ctls);
	free(nd->node_name);
	free(nd->spool_dir);
	free(nd->state_file);
	free(nd->cluster);
	free(nd->cg_why);
	free(nd->cg_root);
	free(nd->cg_node);
}

int nd_run(struct flurmnd_conf *conf, struct slurm_conf *sc)
{
	struct nd nd = { .conf = conf, .sc = sc };
	struct daemon_sig_hooks hooks = { .stop = on_stop, .arg = &nd };
	struct timeval second = { 1, 0 };

	signal(SIGPIPE, SIG_IGN);
	if (setup(&nd) < 0) {
		log_err("%s", err_msg());
		teardown(&nd);
		return 1;
	}
	nd.poll_ev = event_new(nd.base, -1, EV_PERSIST, on_poll, &nd);
	event_add(nd.poll_ev, &second);
	nd.sigs = daemon_signals_new(nd.base, &hooks);
	if (!nd.sigs) {
		log_err("%s", err_msg());
		teardown(&nd);
		return 1;
	}
	log_info("flurmnd %s started: node %s, config %s, spool %s, %zu "
		 "controller(s), first %s:%u", FLURM_VERSION, nd.node_name,
		 conf->path ? conf->path : "(built-in defaults)", nd.spool_dir,
		 nd.nctls, nd.ctls[0].host, nd.ctls[0].port);
	conn_start(&nd);
	daemon_ready();
	event_base_dispatch(nd.base);

	statefile_save(&nd);
	teardown(&nd);
	log_info("flurmnd stopped");
	return nd.exit_code;
}
