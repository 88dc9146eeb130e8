/* main.c - flurmnd, the node daemon: command line, config check, start-up
 * and the event loop. Registering with the controllers, heartbeats and
 * running jobs are set up in their own files and hooked in here. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "conf/daemon_conf.h"
#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/version.h"

static int run(const struct flurmnd_conf *conf)
{
	struct event_base *base = event_base_new();
	struct daemon_signals *sigs;

	if (!base)
		daemon_die("cannot create the event loop");
	sigs = daemon_signals_new(base, NULL);
	if (!sigs)
		daemon_die("%s", err_msg());
	log_info("flurmnd %s started: node %s, config %s", FLURM_VERSION,
		 conf->node_name, conf->path ? conf->path : "(built-in defaults)");
	daemon_ready();
	event_base_dispatch(base);
	log_info("flurmnd stopped");
	daemon_signals_free(sigs);
	event_base_free(base);
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon_opts o;
	struct flurmnd_conf *conf;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	log_init("flurmnd", LOG_LEVEL_INFO);
	daemon_opts_init(&o, "flurmnd",
			 "The FLURM node daemon: reports this node to the "
			 "controllers and runs its jobs.",
			 FLURMND_CONF_PATH);
	rc = daemon_opts_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	conf = flurmnd_conf_load(daemon_conf_path(&o));
	if (!conf) {
		fprintf(stderr, "flurmnd: %s\n", err_msg());
		return 1;
	}
	if (o.check_only) {
		if (o.verbose)
			flurmnd_conf_print(conf, stdout);
		puts("configuration OK");
		flurmnd_conf_free(conf);
		return 0;
	}
	if (daemon_start(&o, conf->log_level, conf->log_file) < 0)
		daemon_die("%s", err_msg());
	rc = run(conf);
	flurmnd_conf_free(conf);
	daemon_finish();
	return rc;
}
