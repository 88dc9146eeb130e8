/* main.c - flurmbd, the accounting daemon: command line, config check,
 * start-up and the event loop. Accounting itself (SQLite job records,
 * usage) is set up in its own files and hooked in here. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "conf/daemon_conf.h"
#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/version.h"

static int run(const struct flurmbd_conf *conf)
{
	struct event_base *base = event_base_new();
	struct daemon_signals *sigs;

	if (!base)
		daemon_die("cannot create the event loop");
	sigs = daemon_signals_new(base, NULL);
	if (!sigs)
		daemon_die("%s", err_msg());
	log_info("flurmbd %s started: database %s, config %s", FLURM_VERSION,
		 conf->db_path, conf->path ? conf->path : "(built-in defaults)");
	daemon_ready();
	event_base_dispatch(base);
	log_info("flurmbd stopped");
	daemon_signals_free(sigs);
	event_base_free(base);
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon_opts o;
	struct flurmbd_conf *conf;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	log_init("flurmbd", LOG_LEVEL_INFO);
	daemon_opts_init(&o, "flurmbd",
			 "The FLURM accounting daemon: job records and usage "
			 "in SQLite.",
			 FLURMBD_CONF_PATH);
	o.checks = "flurmbd.conf";
	rc = daemon_opts_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	conf = flurmbd_conf_load(daemon_conf_path(&o));
	if (!conf) {
		fprintf(stderr, "flurmbd: %s\n", err_msg());
		return 1;
	}
	if (o.check_only) {
		if (o.verbose)
			flurmbd_conf_print(conf, stdout);
		puts("configuration OK");
		flurmbd_conf_free(conf);
		return 0;
	}
	if (daemon_start(&o, conf->log_level, conf->log_file) < 0)
		daemon_die("%s", err_msg());
	rc = run(conf);
	flurmbd_conf_free(conf);
	daemon_finish();
	return rc;
}
