/* main.c - flurmnd, the node daemon: command line, config check (flurmnd.conf
 * and the slurm.conf it names), going to the background. The daemon itself
 * (nd.c and the files it uses) starts with nd_run(). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf/daemon_conf.h"
#include "conf/gres_conf.h"
#include "conf/slurm_conf.h"
#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/version.h"
#include "nd.h"

int main(int argc, char **argv)
{
	struct daemon_opts o;
	struct flurmnd_conf *conf;
	struct slurm_conf *sc;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	log_init("flurmnd", LOG_LEVEL_INFO);
	daemon_opts_init(&o, "flurmnd",
			 "The FLURM node daemon: reports this node to the "
			 "controllers, runs its jobs, and starts srun's tasks "
			 "(it listens on the node's Port, else SlurmdPort).",
			 FLURMND_CONF_PATH);
	o.checks = "flurmnd.conf, slurm.conf and gres.conf";
	rc = daemon_opts_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	conf = flurmnd_conf_load(daemon_conf_path(&o));
	if (!conf) {
		fprintf(stderr, "flurmnd: %s\n", err_msg());
		return 1;
	}
	sc = slurm_conf_load(conf->slurm_conf);
	if (!sc) {
		fprintf(stderr, "flurmnd: %s\n", err_msg());
		flurmnd_conf_free(conf);
		return 1;
	}
	if (o.check_only) {
		struct gres_conf *gc;

		if (gres_conf_load_beside(sc->path, &gc) < 0) {
			fprintf(stderr, "flurmnd: %s\n", err_msg());
			slurm_conf_free(sc);
			flurmnd_conf_free(conf);
			return 1;
		}
		gres_conf_free(gc);
		if (o.verbose)
			flurmnd_conf_print(conf, stdout);
		puts("configuration OK");
		slurm_conf_free(sc);
		flurmnd_conf_free(conf);
		return 0;
	}
	if (daemon_start(&o, conf->log_level, conf->log_file) < 0)
		daemon_die("%s", err_msg());
	rc = nd_run(conf, sc);
	slurm_conf_free(sc);
	flurmnd_conf_free(conf);
	daemon_finish();
	return rc;
}
