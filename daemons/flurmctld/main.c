/* main.c - flurmctld, the controller: command line, config check, start-up
 * and the event loop. The controller's work (Slurm RPCs, Raft, scheduling,
 * node daemons) is set up in its own files and hooked in here. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf/daemon_conf.h"
#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/version.h"
#include "conf/slurm_conf.h"
#include "ctld.h"

int main(int argc, char **argv)
{
	struct daemon_opts o;
	struct flurmctld_conf *conf;
	struct slurm_conf *sc;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	log_init("flurmctld", LOG_LEVEL_INFO);
	daemon_opts_init(&o, "flurmctld",
			 "The FLURM controller: jobs, nodes, partitions and "
			 "scheduling, replicated with Raft.",
			 FLURMCTLD_CONF_PATH);
	o.checks = "flurmctld.conf and slurm.conf";
	o.signals = "SIGTERM or SIGINT stop (a leader hands leadership\n"
		    "over first; changes clients wait for are answered\n"
		    "first), SIGHUP reopens the log file and re-reads "
		    "slurm.conf.";
	rc = daemon_opts_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	conf = flurmctld_conf_load(daemon_conf_path(&o));
	if (!conf) {
		fprintf(stderr, "flurmctld: %s\n", err_msg());
		return 1;
	}
	sc = slurm_conf_load(conf->slurm_conf);
	if (sc && (slurm_conf_validate(sc) < 0 || ctld_conf_check(sc) < 0)) {
		slurm_conf_free(sc);
		sc = NULL;
	}
	if (!sc) {
		fprintf(stderr, "flurmctld: %s\n", err_msg());
		flurmctld_conf_free(conf);
		return 1;
	}
	if (o.check_only) {
		if (o.verbose)
			flurmctld_conf_print(conf, stdout);
		puts("configuration OK");
		slurm_conf_free(sc);
		flurmctld_conf_free(conf);
		return 0;
	}
	if (daemon_start(&o, conf->log_level, conf->log_file) < 0)
		daemon_die("%s", err_msg());
	rc = ctld_run(conf, sc);   /* takes sc: SIGHUP may replace it */
	flurmctld_conf_free(conf);
	daemon_finish();
	return rc;
}
