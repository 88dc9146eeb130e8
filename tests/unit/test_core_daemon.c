/* test_core_daemon.c - the daemons' shared command line (-D -f -n -P -v
 * -V -h, bad options), the default config path, the pid file lock, and
 * the loop's signals: SIGHUP reopens the log, SIGTERM leaves the loop. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "core/daemon.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"

static char tmpdir[] = "/tmp/flurm-daemon-XXXXXX";

static char *slurp_fp(FILE *fp)
{
	char *s = xcalloc(1, 65536);

	rewind(fp);
	s[fread(s, 1, 65535, fp)] = '\0';
	return s;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s;

	assert_non_null(fp);
	s = slurp_fp(fp);
	fclose(fp);
	return s;
}

/* Parse a NULL-terminated argument list with output captured. */
struct parsed {
	struct daemon_opts o;
	int rc;
	char *out, *err;
};

static void parse(struct parsed *p, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;

	va_start(ap, p);
	argv[argc++] = "/usr/sbin/flurmtest";
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	daemon_opts_init(&p->o, "flurmtest", "A test daemon.", "/etc/flurm/test.conf");
	p->o.out = tmpfile();
	p->o.err = tmpfile();
	p->rc = daemon_opts_parse(&p->o, argc, argv);
	p->out = slurp_fp(p->o.out);
	p->err = slurp_fp(p->o.err);
	fclose(p->o.out);
	fclose(p->o.err);
}

static void parsed_free(struct parsed *p)
{
	free(p->out);
	free(p->err);
}

static void test_defaults(void **state)
{
	struct parsed p;

	parse(&p, NULL);
	assert_int_equal(p.rc, -1);
	assert_false(p.o.foreground);
	assert_false(p.o.check_only);
	assert_false(p.o.conf_given);
	assert_int_equal(p.o.verbose, 0);
	assert_null(p.o.pid_file);
	assert_string_equal(p.o.conf_path, "/etc/flurm/test.conf");
	assert_string_equal(p.out, "");
	assert_string_equal(p.err, "");
	parsed_free(&p);
}

static void test_all_options(void **state)
{
	struct parsed p;

	parse(&p, "-D", "-f", "/srv/x.conf", "-n", "-vvv", "-P", "/run/x.pid", NULL);
	assert_int_equal(p.rc, -1);
	assert_true(p.o.foreground);
	assert_true(p.o.check_only);
	assert_true(p.o.conf_given);
	assert_int_equal(p.o.verbose, 3);
	assert_string_equal(p.o.conf_path, "/srv/x.conf");
	assert_string_equal(p.o.pid_file, "/run/x.pid");
	parsed_free(&p);

	parse(&p, "--foreground", "--config=/a.conf", "--check", "--verbose",
	      "--pid-file", "/b.pid", NULL);
	assert_int_equal(p.rc, -1);
	assert_true(p.o.foreground);
	assert_true(p.o.check_only);
	assert_int_equal(p.o.verbose, 1);
	assert_string_equal(p.o.conf_path, "/a.conf");
	assert_string_equal(p.o.pid_file, "/b.pid");
	parsed_free(&p);
}

/* the daemon changes to "/", so relative paths are made absolute */
static void test_relative_paths(void **state)
{
	char cwd[4096];
	struct parsed p;
	char *want;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	parse(&p, "-f", "x.conf", "-P", "run/x.pid", NULL);
	want = xasprintf("%s/x.conf", cwd);
	assert_string_equal(p.o.conf_path, want);
	free(want);
	want = xasprintf("%s/run/x.pid", cwd);
	assert_string_equal(p.o.pid_file, want);
	free(want);
	parsed_free(&p);
}

static void test_help_and_version(void **state)
{
	static const char *const opts[] = {
		"-D, --foreground", "-f, --config=FILE", "-n, --check",
		"-P, --pid-file=FILE", "-v, --verbose", "-V, --version",
		"-h, --help", "/etc/flurm/test.conf",
	};
	struct parsed p;

	parse(&p, "--help", NULL);
	assert_int_equal(p.rc, 0);
	assert_non_null(strstr(p.out, "Usage: flurmtest "));
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strstr(p.out, opts[i]))
			fail_msg("--help does not mention %s", opts[i]);
	assert_string_equal(p.err, "");
	parsed_free(&p);

	parse(&p, "-V", NULL);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.out, "flurmtest 0.1.0\n");
	parsed_free(&p);

	parse(&p, "--version", NULL);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.out, "flurmtest 0.1.0\n");
	parsed_free(&p);
}

static void test_bad_command_lines(void **state)
{
	struct parsed p;

	parse(&p, "-x", NULL);
	assert_int_equal(p.rc, 2);
	assert_string_equal(p.out, "");
	assert_non_null(strstr(p.err, "flurmtest: unknown option '-x'\n"));
	assert_non_null(strstr(p.err, "Usage: flurmtest "));
	parsed_free(&p);

	parse(&p, "--bogus", NULL);
	assert_int_equal(p.rc, 2);
	assert_non_null(strstr(p.err, "flurmtest: unknown option '--bogus'\n"));
	parsed_free(&p);

	parse(&p, "-f", NULL);
	assert_int_equal(p.rc, 2);
	assert_non_null(strstr(p.err, "flurmtest: option '-f' needs an argument\n"));
	parsed_free(&p);

	parse(&p, "-D", "extra", NULL);
	assert_int_equal(p.rc, 2);
	assert_non_null(strstr(p.err, "flurmtest: unexpected argument 'extra'\n"));
	parsed_free(&p);
}

static void test_conf_path(void **state)
{
	struct daemon_opts o;
	char *missing = xasprintf("%s/missing.conf", tmpdir);
	char *present = xasprintf("%s/present.conf", tmpdir);
	FILE *fp = fopen(present, "w");

	assert_non_null(fp);
	fclose(fp);
	/* a missing default file means built-in defaults ... */
	daemon_opts_init(&o, "t", "t", missing);
	assert_null(daemon_conf_path(&o));
	daemon_opts_init(&o, "t", "t", present);
	assert_string_equal(daemon_conf_path(&o), present);
	/* ... but a file named with -f must be read, so its absence is an
	 * error when it is loaded */
	daemon_opts_init(&o, "t", "t", present);
	o.conf_path = missing;
	o.conf_given = true;
	assert_string_equal(daemon_conf_path(&o), missing);
	free(missing);
	free(present);
}

static void test_pidfile(void **state)
{
	char *path = xasprintf("%s/test.pid", tmpdir);
	char *want = xasprintf("%ld\n", (long)getpid());
	char *text;

	assert_int_equal(daemon_pidfile_create(path), 0);
	text = slurp(path);
	assert_string_equal(text, want);
	free(text);
	/* a second holder is refused, naming the pid inside */
	assert_int_equal(daemon_pidfile_create(path), -1);
	assert_non_null(strstr(err_msg(), "is held by another running process"));
	char *pidtext = xasprintf("pid %ld", (long)getpid());
	assert_non_null(strstr(err_msg(), pidtext));
	free(pidtext);
	daemon_pidfile_remove();
	assert_int_equal(access(path, F_OK), -1);
	/* a stale file from a dead daemon is taken over */
	FILE *fp = fopen(path, "w");
	fputs("999999\n", fp);
	fclose(fp);
	assert_int_equal(daemon_pidfile_create(path), 0);
	text = slurp(path);
	assert_string_equal(text, want);
	free(text);
	daemon_finish();
	assert_int_equal(access(path, F_OK), -1);
	free(want);
	free(path);
}

static void raise_cb(evutil_socket_t fd, short what, void *arg)
{
	raise(*(int *)arg);
}

static int stop_calls;
static void count_stop(void *arg)
{
	stop_calls++;
	event_base_loopbreak(arg);
}

static int hup_calls;
static void count_hup(void *arg)
{
	hup_calls++;
}

static void test_signals(void **state)
{
	char *log = xasprintf("%s/d.log", tmpdir);
	char *moved = xasprintf("%s/d.log.1", tmpdir);
	struct event_base *base = event_base_new();
	struct daemon_signals *sigs;
	struct timeval t1 = { 0, 10000 }, t2 = { 0, 50000 };
	int hup = SIGHUP, term = SIGTERM;
	struct event *e1, *e2;
	char *text;

	log_init("test", LOG_LEVEL_INFO);
	assert_int_equal(log_set_file(log), 0);
	log_info("before rotation");
	assert_int_equal(rename(log, moved), 0);

	sigs = daemon_signals_new(base, NULL);
	assert_non_null(sigs);
	e1 = evtimer_new(base, raise_cb, &hup);
	e2 = evtimer_new(base, raise_cb, &term);
	evtimer_add(e1, &t1);
	evtimer_add(e2, &t2);
	/* returns only because SIGTERM left the loop */
	assert_int_equal(event_base_dispatch(base), 0);
	assert_true(event_base_got_break(base));

	text = slurp(log);
	assert_non_null(strstr(text, "caught SIGHUP, log file reopened"));
	assert_non_null(strstr(text, "caught SIGTERM, shutting down"));
	assert_null(strstr(text, "before rotation"));
	free(text);
	daemon_signals_free(sigs);

	/* hooks replace the stop and follow the reopen */
	struct daemon_sig_hooks hooks = { count_stop, count_hup, base };
	sigs = daemon_signals_new(base, &hooks);
	hooks.arg = NULL;	/* the hooks were copied */
	evtimer_add(e1, &t1);
	evtimer_add(e2, &t2);
	event_base_dispatch(base);
	assert_int_equal(hup_calls, 1);
	assert_int_equal(stop_calls, 1);
	daemon_signals_free(sigs);

	event_free(e1);
	event_free(e2);
	event_base_free(base);
	assert_int_equal(log_set_file(NULL), 0);
	free(log);
	free(moved);
}

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_bad_command_lines),
		cmocka_unit_test(test_conf_path),
		cmocka_unit_test(test_pidfile),
		cmocka_unit_test(test_signals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
