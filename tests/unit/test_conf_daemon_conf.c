/* test_conf_daemon_conf.c - flurmctld.conf, flurmnd.conf, flurmbd.conf:
 * defaults, every option, errors with the exact "FILE:LINE: reason" text
 * (line numbers right after comments too), missing files, print/load
 * round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/daemon_conf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"

static char tmpdir[] = "/tmp/flurm-conf-XXXXXX";
static int nfiles;
static char *logfile;

/* Write TEXT to a new file in tmpdir; the caller frees the path. */
static char *write_conf(const char *text)
{
	char *path = xasprintf("%s/t%d.conf", tmpdir, nfiles++);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s = xcalloc(1, 65536);

	assert_non_null(fp);
	s[fread(s, 1, 65535, fp)] = '\0';
	fclose(fp);
	return s;
}

/* Load TEXT as the given kind of file and expect failure with
 * "PATH:" followed by WANT. */
enum kind { CTLD, ND, BD };

static void expect_error(enum kind k, const char *text, const char *want)
{
	char *path = write_conf(text);
	char *full = xasprintf("%s:%s", path, want);
	void *c;

	err_clear();
	switch (k) {
	case CTLD: c = flurmctld_conf_load(path); break;
	case ND: c = flurmnd_conf_load(path); break;
	default: c = flurmbd_conf_load(path); break;
	}
	if (c)
		fail_msg("loaded without error: %s", text);
	assert_string_equal(err_msg(), full);
	free(full);
	free(path);
}

static int setup(void **state)
{
	if (!mkdtemp(tmpdir))
		return -1;
	/* auth = none warnings go here, not into the TAP stream */
	log_init("test", LOG_LEVEL_INFO);
	logfile = xasprintf("%s/test.log", tmpdir);
	return log_set_file(logfile);
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc;

	log_set_file(NULL);
	free(logfile);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void test_ctld_defaults(void **state)
{
	struct flurmctld_conf *c = flurmctld_conf_load(NULL);

	assert_non_null(c);
	assert_null(c->path);
	assert_string_equal(c->slurm_conf, "/etc/slurm/slurm.conf");
	assert_string_equal(c->state_dir, "/var/lib/flurm/ctld");
	assert_int_equal(c->state_min_free_mb, 64);
	assert_null(c->log_file);
	assert_int_equal(c->log_level, LOG_LEVEL_INFO);
	assert_string_equal(c->listen_addr, "0.0.0.0");
	assert_int_equal(c->node_port, 6819);
	assert_int_equal(c->metrics_port, 9090);
	assert_string_equal(c->metrics_addr, "0.0.0.0");
	assert_string_equal(c->admin_socket, "/run/flurm/flurmctld.sock");
	assert_int_equal(c->raft_id, 1);
	assert_string_equal(c->raft_addr, "127.0.0.1");
	assert_int_equal(c->raft_port, 6821);
	assert_int_equal(c->npeers, 0);
	assert_false(c->join);
	assert_int_equal(c->snapshot_threshold, 1024);
	assert_int_equal(c->snapshot_trailing, 128);
	assert_int_equal(c->election_timeout_ms, 1000);
	assert_int_equal(c->heartbeat_timeout_ms, 100);
	assert_int_equal(c->auth, CONF_AUTH_MUNGE);
	assert_int_equal(c->max_frame, 67108864);
	assert_int_equal(c->sched_interval_ms, 1000);
	assert_int_equal(c->max_connections, 0);
	assert_int_equal(c->max_connections_per_peer, 512);
	assert_int_equal(c->request_timeout, 30);
	assert_int_equal(c->max_unauth_buffer, 8388608);
	flurmctld_conf_free(c);
}

static void test_nd_defaults(void **state)
{
	struct flurmnd_conf *c = flurmnd_conf_load(NULL);
	char host[256];

	assert_non_null(c);
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	host[strcspn(host, ".")] = '\0';
	assert_string_equal(c->slurm_conf, "/etc/slurm/slurm.conf");
	assert_string_equal(c->node_name, host);
	assert_string_equal(c->spool_dir, "/var/spool/flurm");
	assert_string_equal(c->state_file, "/var/spool/flurm/flurmnd.state");
	assert_null(c->log_file);
	assert_int_equal(c->log_level, LOG_LEVEL_INFO);
	assert_int_equal(c->controller_port, 6819);
	assert_int_equal(c->ncontrollers, 0);
	assert_int_equal(c->heartbeat_interval, 10);
	assert_false(c->use_conf_resources);
	assert_int_equal(c->cgroup, CONF_CGROUP_AUTO);
	assert_int_equal(c->auth, CONF_AUTH_MUNGE);
	flurmnd_conf_free(c);
}

static void test_bd_defaults(void **state)
{
	struct flurmbd_conf *c = flurmbd_conf_load(NULL);

	assert_non_null(c);
	assert_string_equal(c->listen_addr, "127.0.0.1");
	assert_int_equal(c->port, 6820);
	assert_string_equal(c->db_path, "/var/lib/flurm/flurmbd.db");
	assert_null(c->log_file);
	assert_int_equal(c->log_level, LOG_LEVEL_INFO);
	assert_int_equal(c->auth, CONF_AUTH_MUNGE);
	flurmbd_conf_free(c);
}

static void test_ctld_every_option(void **state)
{
	char *path = write_conf(
		"# a controller of three\n"
		"slurm_conf = \"/etc/flurm-test/slurm.conf\"\n"
		"state_dir = /srv/flurm/ctld   // unquoted paths work too\n"
		"log_file = \"/var/log/flurm/ctld.log\"\n"
		"log_level = debug\n"
		"listen_addr = \"10.0.0.1\"\n"
		"node_port = 7819\n"
		"metrics_port = 0\n"
		"metrics_addr = \"127.0.0.2\"\n"
		"admin_socket = \"/tmp/ctld.sock\"\n"
		"raft_id = 3\n"
		"raft_addr = \"10.0.0.3\"\n"
		"raft_port = 7821\n"
		"join = true\n"
		"peers = {\n"
		"    \"1@10.0.0.1:7821\",   # the first\n"
		"    \"2@ctl2.example.org:7822\",\n"
		"    /* IPv6 */ \"4@[fd00::4]:7821\"\n"
		"}\n"
		"snapshot_threshold = 16\n"
		"state_min_free_mb = 0\n"
		"snapshot_trailing = 0\n"
		"election_timeout_ms = 3000\n"
		"heartbeat_timeout_ms = 500\n"
		"auth = none\n"
		"max_frame = 1048576\n"
		"sched_interval_ms = 250\n"
		"max_connections = 2000\n"
		"max_connections_per_peer = 20\n"
		"request_timeout = 5\n"
		"max_unauth_buffer = 1048576\n");
	struct flurmctld_conf *c = flurmctld_conf_load(path);

	if (!c)
		fail_msg("%s", err_msg());
	assert_string_equal(c->path, path);
	assert_string_equal(c->slurm_conf, "/etc/flurm-test/slurm.conf");
	assert_string_equal(c->state_dir, "/srv/flurm/ctld");
	assert_string_equal(c->log_file, "/var/log/flurm/ctld.log");
	assert_int_equal(c->log_level, LOG_LEVEL_DEBUG);
	assert_string_equal(c->listen_addr, "10.0.0.1");
	assert_int_equal(c->node_port, 7819);
	assert_int_equal(c->metrics_port, 0);
	assert_string_equal(c->metrics_addr, "127.0.0.2");
	assert_string_equal(c->admin_socket, "/tmp/ctld.sock");
	assert_int_equal(c->raft_id, 3);
	assert_string_equal(c->raft_addr, "10.0.0.3");
	assert_int_equal(c->raft_port, 7821);
	assert_true(c->join);
	assert_int_equal(c->npeers, 3);
	assert_int_equal(c->peers[0].id, 1);
	assert_string_equal(c->peers[0].host, "10.0.0.1");
	assert_int_equal(c->peers[0].port, 7821);
	assert_string_equal(c->peers[0].addr, "10.0.0.1:7821");
	assert_int_equal(c->peers[1].id, 2);
	assert_string_equal(c->peers[1].host, "ctl2.example.org");
	assert_int_equal(c->peers[1].port, 7822);
	assert_int_equal(c->peers[2].id, 4);
	assert_string_equal(c->peers[2].host, "fd00::4");
	assert_string_equal(c->peers[2].addr, "[fd00::4]:7821");
	assert_int_equal(c->snapshot_threshold, 16);
	assert_int_equal(c->state_min_free_mb, 0);
	assert_int_equal(c->snapshot_trailing, 0);
	assert_int_equal(c->election_timeout_ms, 3000);
	assert_int_equal(c->heartbeat_timeout_ms, 500);
	assert_int_equal(c->auth, CONF_AUTH_NONE);
	assert_int_equal(c->max_frame, 1048576);
	assert_int_equal(c->sched_interval_ms, 250);
	assert_int_equal(c->max_connections, 2000);
	assert_int_equal(c->max_connections_per_peer, 20);
	assert_int_equal(c->request_timeout, 5);
	assert_int_equal(c->max_unauth_buffer, 1048576);
	flurmctld_conf_free(c);
	free(path);
}

static void test_nd_every_option(void **state)
{
	char *path = write_conf(
		"slurm_conf = \"/etc/flurm-test/slurm.conf\"\n"
		"node_name = node007\n"
		"spool_dir = \"/srv/spool/\"\n"
		"state_file = \"/srv/state/nd.state\"\n"
		"log_file = \"/var/log/flurmnd.log\"\n"
		"log_level = trace\n"
		"controllers = {\"ctl1\", \"ctl2:7000\", \"[fd00::3]:7001\", \"fd00::4\"}\n"
		"controller_port = 7819   # applies to entries without a port\n"
		"heartbeat_interval = 3600\n"
		"use_conf_resources = true\n"
		"cgroup = no\n"
		"auth = munge\n");
	struct flurmnd_conf *c = flurmnd_conf_load(path);

	if (!c)
		fail_msg("%s", err_msg());
	assert_string_equal(c->slurm_conf, "/etc/flurm-test/slurm.conf");
	assert_string_equal(c->node_name, "node007");
	assert_string_equal(c->spool_dir, "/srv/spool/");
	assert_string_equal(c->state_file, "/srv/state/nd.state");
	assert_string_equal(c->log_file, "/var/log/flurmnd.log");
	assert_int_equal(c->log_level, LOG_LEVEL_TRACE);
	assert_int_equal(c->controller_port, 7819);
	assert_int_equal(c->ncontrollers, 4);
	assert_string_equal(c->controllers[0].host, "ctl1");
	assert_int_equal(c->controllers[0].port, 7819);
	assert_string_equal(c->controllers[1].host, "ctl2");
	assert_int_equal(c->controllers[1].port, 7000);
	assert_string_equal(c->controllers[2].host, "fd00::3");
	assert_int_equal(c->controllers[2].port, 7001);
	assert_string_equal(c->controllers[3].host, "fd00::4");
	assert_int_equal(c->controllers[3].port, 7819);
	assert_int_equal(c->heartbeat_interval, 3600);
	assert_true(c->use_conf_resources);
	assert_int_equal(c->cgroup, CONF_CGROUP_NO);
	assert_int_equal(c->auth, CONF_AUTH_MUNGE);
	flurmnd_conf_free(c);
	free(path);

	/* the state file follows spool_dir when not set */
	path = write_conf("spool_dir = /srv/spool\ncgroup = yes\n");
	c = flurmnd_conf_load(path);
	assert_non_null(c);
	assert_string_equal(c->state_file, "/srv/spool/flurmnd.state");
	assert_int_equal(c->cgroup, CONF_CGROUP_YES);
	flurmnd_conf_free(c);
	free(path);
}

static void test_bd_every_option(void **state)
{
	char *path = write_conf(
		"listen_addr = \"0.0.0.0\"\n"
		"port = 16820\n"
		"db_path = \"/srv/acct.db\"\n"
		"log_file = \"/var/log/flurmbd.log\"\n"
		"log_level = error\n"
		"auth = none\n");
	struct flurmbd_conf *c = flurmbd_conf_load(path);

	if (!c)
		fail_msg("%s", err_msg());
	assert_string_equal(c->listen_addr, "0.0.0.0");
	assert_int_equal(c->port, 16820);
	assert_string_equal(c->db_path, "/srv/acct.db");
	assert_string_equal(c->log_file, "/var/log/flurmbd.log");
	assert_int_equal(c->log_level, LOG_LEVEL_ERR);
	assert_int_equal(c->auth, CONF_AUTH_NONE);
	flurmbd_conf_free(c);
	free(path);
}

static void test_range_errors(void **state)
{
	expect_error(CTLD, "log_level = info\n\nnode_port = 70000\n",
		     "3: option 'node_port' must be 1..65535, got 70000");
	expect_error(CTLD, "raft_port = 0\n",
		     "1: option 'raft_port' must be 1..65535, got 0");
	expect_error(CTLD, "metrics_port = -1\n",
		     "1: option 'metrics_port' must be 0..65535, got -1");
	expect_error(CTLD, "raft_id = 256\n",
		     "1: option 'raft_id' must be 1..255, got 256");
	expect_error(CTLD, "raft_id = 0\n",
		     "1: option 'raft_id' must be 1..255, got 0");
	expect_error(CTLD, "snapshot_threshold = 15\n",
		     "1: option 'snapshot_threshold' must be at least 16, got 15");
	expect_error(CTLD, "request_timeout = 0\n",
		     "1: option 'request_timeout' must be 1..3600, got 0");
	expect_error(CTLD, "state_min_free_mb = -1\n",
		     "1: option 'state_min_free_mb' must be 0..1048576, got -1");
	expect_error(CTLD, "max_frame = 100\n",
		     "1: option 'max_frame' must be 4096..1073741824, got 100");
	expect_error(CTLD, "log_level = loud\n",
		     "1: option 'log_level' must be one of "
		     "error|warning|info|debug|trace, got 'loud'");
	expect_error(CTLD, "auth = kerberos\n",
		     "1: option 'auth' must be one of munge|none, got 'kerberos'");
	expect_error(CTLD, "state_dir = \"var/lib\"\n",
		     "1: option 'state_dir' must be an absolute path, got 'var/lib'");
	expect_error(CTLD, "state_dir = \"\"\n",
		     "1: option 'state_dir' must not be empty");
	expect_error(CTLD, "listen_addr = \"10.0.0.1 10.0.0.2\"\n",
		     "1: option 'listen_addr' must be a numeric IPv4 address, "
		     "got '10.0.0.1 10.0.0.2'");
	expect_error(CTLD, "admin_socket = \"/tmp/"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock\"\n",
		     "1: option 'admin_socket' is longer than 107 bytes");
	expect_error(CTLD, "node_port = abc\n",
		     "1: invalid integer value for option 'node_port'");
	expect_error(ND, "heartbeat_interval = 3601\n",
		     "1: option 'heartbeat_interval' must be 1..3600, got 3601");
	expect_error(ND, "heartbeat_interval = 0\n",
		     "1: option 'heartbeat_interval' must be 1..3600, got 0");
	expect_error(ND, "controller_port = 65536\n",
		     "1: option 'controller_port' must be 1..65535, got 65536");
	expect_error(ND, "cgroup = maybe\n",
		     "1: option 'cgroup' must be one of auto|yes|no, got 'maybe'");
	expect_error(ND, "use_conf_resources = sometimes\n",
		     "1: invalid boolean value for option 'use_conf_resources'");
	expect_error(ND, "log_file = flurmnd.log\n",
		     "1: option 'log_file' must be an absolute path, got 'flurmnd.log'");
	expect_error(BD, "port = 99999\n",
		     "1: option 'port' must be 1..65535, got 99999");
	expect_error(BD, "db_path = \"\"\n",
		     "1: option 'db_path' must not be empty");
}

/* The controller binds listen_addr as IPv4: a name or a bad address is a
 * config error with its line (found by -n), not a failure at bind time. */
static void test_listen_addr_ipv4(void **state)
{
	expect_error(CTLD, "# ports\nnode_port = 7819\n"
		     "listen_addr = \"ctl1.example.org\"\n",
		     "3: option 'listen_addr' must be a numeric IPv4 address, "
		     "got 'ctl1.example.org'");
	expect_error(CTLD, "listen_addr = \"10.0.0.256\"\n",
		     "1: option 'listen_addr' must be a numeric IPv4 address, "
		     "got '10.0.0.256'");
	expect_error(CTLD, "listen_addr = \"::1\"\n",
		     "1: option 'listen_addr' must be a numeric IPv4 address, "
		     "got '::1'");
	expect_error(CTLD, "listen_addr = \"\"\n",
		     "1: option 'listen_addr' must not be empty");
	expect_error(BD, "\nlisten_addr = \"localhost\"\n",
		     "2: option 'listen_addr' must be a numeric IPv4 address, "
		     "got 'localhost'");
}

static void test_unknown_option(void **state)
{
	expect_error(CTLD, "node_port = 6819\nbogus = 1\n",
		     "2: no such option 'bogus'");
	/* an option of another daemon's file is unknown too */
	expect_error(BD, "\n\n\nheartbeat_interval = 5\n",
		     "4: no such option 'heartbeat_interval'");
	expect_error(ND, "node_port = 6819\n", "1: no such option 'node_port'");
	expect_error(CTLD, "node_port = 6819\n}\n", "2: unexpected closing brace");
}

/* libconfuse 3.3 alone reports lines after comments too late; the loader
 * must not. */
static void test_lines_after_comments(void **state)
{
	expect_error(CTLD,
		     "# one\n"
		     "# two\n"
		     "// three\n"
		     "/* four\n"
		     "   five */\n"
		     "log_level = info # six\n"
		     "\n"
		     "raft_id = 999\n",
		     "8: option 'raft_id' must be 1..255, got 999");
	expect_error(CTLD,
		     "peers = {\n"
		     "  # comment inside a list\n"
		     "  \"2@h:1\"\n"
		     "}\n"
		     "bogus = \"#not a comment\"\n",
		     "5: no such option 'bogus'");
	expect_error(CTLD, "/* never closed\n\nnode_port = 1\n",
		     "1: unterminated /* comment");
	/* '#' inside quotes is data, and // inside a word is not a comment */
	char *path = write_conf("state_dir = \"/srv/#x\"\n"
				"log_file = /var//log#comment\n");
	struct flurmctld_conf *c = flurmctld_conf_load(path);
	if (!c)
		fail_msg("%s", err_msg());
	assert_string_equal(c->state_dir, "/srv/#x");
	assert_string_equal(c->log_file, "/var//log");
	flurmctld_conf_free(c);
	free(path);
}

static void test_peers_and_controllers(void **state)
{
	expect_error(CTLD, "peers = {\"2@h:1\", \"ctl3:6821\"}\n",
		     "1: option 'peers': 'ctl3:6821' is not ID@HOST:PORT");
	expect_error(CTLD, "peers = {\"x@h:1\"}\n",
		     "1: option 'peers': 'x@h:1' is not ID@HOST:PORT");
	expect_error(CTLD, "peers = {\"300@h:1\"}\n",
		     "1: option 'peers': '300@h:1': ID must be 1..255");
	expect_error(CTLD, "peers = {\"2@ctl2\"}\n",
		     "1: option 'peers': '2@ctl2': missing :PORT");
	expect_error(CTLD, "peers = {\"2@ctl2:0\"}\n",
		     "1: option 'peers': '2@ctl2:0': port must be 1..65535");
	expect_error(CTLD, "peers = {\"2@:6821\"}\n",
		     "1: option 'peers': '2@:6821': no valid host");
	expect_error(CTLD, "peers = {\"2@fd00::1:6821\"}\n",
		     "1: option 'peers': '2@fd00::1:6821': write an IPv6 "
		     "address as [ADDR]:PORT");
	expect_error(CTLD, "peers = {\"2@a:1\",\n\"2@b:1\"}\n",
		     "2: option 'peers': ID 2 is listed twice");
	/* the check sees raft_id whatever the order in the file */
	expect_error(CTLD, "peers = {\"2@a:1\", \"3@b:1\"}\nraft_id = 3\n",
		     "2: option 'peers': ID 3 is this controller's raft_id");
	expect_error(CTLD, "raft_addr = 0.0.0.0\npeers = {\"2@a:1\"}\n",
		     "1: option 'raft_addr' must be an address the peers can "
		     "reach, not 0.0.0.0");
	/* a joining controller has no peers yet, but will have */
	expect_error(CTLD, "join = true\nraft_addr = 0.0.0.0\n",
		     "2: option 'raft_addr' must be an address the peers can "
		     "reach, not 0.0.0.0");
	expect_error(CTLD, "join = maybe\n",
		     "1: invalid boolean value for option 'join'");
	expect_error(ND, "controllers = {\"ctl1:70000\"}\n",
		     "1: option 'controllers': 'ctl1:70000': port must be 1..65535");
	expect_error(ND, "controllers = {\"\"}\n",
		     "1: option 'controllers': '': no valid host");
	expect_error(ND, "controllers = {\"[fd00::1\"}\n",
		     "1: option 'controllers': '[fd00::1': bad [IPv6] address");
}

/* admins: user names and @groups; anything else names the entry. */
static void test_admins(void **state)
{
	char *path = write_conf("admins = {\"alice\", \"@wheel\"}\n");
	struct flurmctld_conf *c = flurmctld_conf_load(path);
	char *out = xasprintf("%s/admins.conf", tmpdir);
	FILE *fp;

	if (!c)
		fail_msg("%s", err_msg());
	assert_int_equal(c->nadmins, 2);
	assert_string_equal(c->admins[0], "alice");
	assert_string_equal(c->admins[1], "@wheel");
	fp = fopen(out, "w");
	flurmctld_conf_print(c, fp);
	fclose(fp);
	flurmctld_conf_free(c);
	c = flurmctld_conf_load(out);
	if (!c)
		fail_msg("%s", err_msg());
	assert_int_equal(c->nadmins, 2);
	assert_string_equal(c->admins[1], "@wheel");
	flurmctld_conf_free(c);
	c = flurmctld_conf_load(NULL);
	assert_int_equal(c->nadmins, 0);
	flurmctld_conf_free(c);
	expect_error(CTLD, "admins = {\"@\"}\n",
		     "1: option 'admins': '@' is not a user name or @group");
	expect_error(CTLD, "\nadmins = {\"a b\"}\n",
		     "2: option 'admins': 'a b' is not a user name or @group");
	expect_error(CTLD, "admins = {\"a,b\"}\n",
		     "1: option 'admins': 'a,b' is not a user name or @group");
	free(out);
	free(path);
}

static void test_cross_field(void **state)
{
	expect_error(CTLD, "heartbeat_timeout_ms = 100\n"
			   "election_timeout_ms = 100\n",
		     "2: heartbeat_timeout_ms (100) must be less than "
		     "election_timeout_ms (100)");
	/* the order of the two lines does not matter */
	char *path = write_conf("election_timeout_ms = 50\n"
				"heartbeat_timeout_ms = 10\n");
	struct flurmctld_conf *c = flurmctld_conf_load(path);
	if (!c)
		fail_msg("%s", err_msg());
	assert_int_equal(c->election_timeout_ms, 50);
	assert_int_equal(c->heartbeat_timeout_ms, 10);
	flurmctld_conf_free(c);
	free(path);
}

static void test_missing_file(void **state)
{
	char *path = xasprintf("%s/does-not-exist.conf", tmpdir);
	char *want = xasprintf("cannot open config file '%s': No such file "
			       "or directory", path);

	assert_null(flurmctld_conf_load(path));
	assert_string_equal(err_msg(), want);
	err_clear();
	assert_null(flurmnd_conf_load(path));
	assert_string_equal(err_msg(), want);
	err_clear();
	assert_null(flurmbd_conf_load(path));
	assert_string_equal(err_msg(), want);
	free(want);
	free(path);
}

static void test_bad_bytes(void **state)
{
	char *path = xasprintf("%s/nul.conf", tmpdir);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fwrite("port = 1\0\n", 1, 10, fp);
	fclose(fp);
	assert_null(flurmbd_conf_load(path));
	assert_non_null(strstr(err_msg(), "contains a NUL byte"));
	free(path);
	expect_error(BD, "db_path = \"/unterminated\n", "2: premature end of file");
	expect_error(BD, "port = 1 2\n", "1: no such option '2'");
	expect_error(BD, "port = 99999999999999999999999\n",
		     "1: integer value for option 'port' is out of range");
}

/* Print, load what was printed, print again: the same text. */
static void test_print_round_trip(void **state)
{
	char *in = write_conf(
		"state_dir = \"/srv/a \\\"b\\\" $HOME \\\\ #c\"\n"
		"log_level = warning\n"
		"peers = {\"2@ctl2:6821\", \"3@[fd00::3]:6821\"}\n"
		"raft_id = 1\nauth = none\n");
	struct flurmctld_conf *c = flurmctld_conf_load(in);
	char *out1 = xasprintf("%s/print1.conf", tmpdir);
	char *out2 = xasprintf("%s/print2.conf", tmpdir);
	FILE *fp;

	if (!c)
		fail_msg("%s", err_msg());
	assert_string_equal(c->state_dir, "/srv/a \"b\" $HOME \\ #c");
	fp = fopen(out1, "w");
	flurmctld_conf_print(c, fp);
	fclose(fp);
	flurmctld_conf_free(c);
	c = flurmctld_conf_load(out1);
	if (!c)
		fail_msg("%s", err_msg());
	assert_string_equal(c->state_dir, "/srv/a \"b\" $HOME \\ #c");
	assert_int_equal(c->npeers, 2);
	assert_string_equal(c->peers[1].addr, "[fd00::3]:6821");
	fp = fopen(out2, "w");
	flurmctld_conf_print(c, fp);
	fclose(fp);
	flurmctld_conf_free(c);

	char *t1 = slurp(out1), *t2 = slurp(out2);
	/* only the first line, naming the source file, differs */
	assert_string_equal(strchr(t1, '\n'), strchr(t2, '\n'));
	assert_non_null(strstr(t1, "log_level = \"warning\"\n"));
	assert_non_null(strstr(t1, "auth = \"none\"\n"));
	assert_non_null(strstr(t1, "log_file = \"\"\n"));
	free(t1);
	free(t2);

	/* flurmnd.conf and flurmbd.conf, from their defaults */
	struct flurmnd_conf *nd = flurmnd_conf_load(NULL);
	fp = fopen(out1, "w");
	flurmnd_conf_print(nd, fp);
	fclose(fp);
	struct flurmnd_conf *nd2 = flurmnd_conf_load(out1);
	if (!nd2)
		fail_msg("%s", err_msg());
	assert_string_equal(nd2->node_name, nd->node_name);
	assert_string_equal(nd2->state_file, nd->state_file);
	assert_int_equal(nd2->use_conf_resources, nd->use_conf_resources);
	flurmnd_conf_free(nd);
	flurmnd_conf_free(nd2);

	struct flurmbd_conf *bd = flurmbd_conf_load(NULL);
	fp = fopen(out1, "w");
	flurmbd_conf_print(bd, fp);
	fclose(fp);
	struct flurmbd_conf *bd2 = flurmbd_conf_load(out1);
	if (!bd2)
		fail_msg("%s", err_msg());
	assert_int_equal(bd2->port, bd->port);
	assert_string_equal(bd2->db_path, bd->db_path);
	t1 = slurp(out1);
	assert_non_null(strstr(t1, "port = 6820\n"));
	free(t1);
	flurmbd_conf_free(bd);
	flurmbd_conf_free(bd2);

	free(in);
	free(out1);
	free(out2);
}

/* auth = none is loud in the log */
static void test_auth_none_warns(void **state)
{
	char *path = write_conf("auth = none\n");
	char *want = xasprintf("warning: *** %s: auth = none: MUNGE "
			       "authentication is OFF", path);
	struct flurmbd_conf *c;
	char *text;

	text = slurp(logfile);
	assert_null(strstr(text, want));
	free(text);
	c = flurmbd_conf_load(path);
	assert_non_null(c);
	text = slurp(logfile);
	assert_non_null(strstr(text, want));
	free(text);
	flurmbd_conf_free(c);
	free(want);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctld_defaults),
		cmocka_unit_test(test_nd_defaults),
		cmocka_unit_test(test_bd_defaults),
		cmocka_unit_test(test_ctld_every_option),
		cmocka_unit_test(test_nd_every_option),
		cmocka_unit_test(test_bd_every_option),
		cmocka_unit_test(test_range_errors),
		cmocka_unit_test(test_listen_addr_ipv4),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_lines_after_comments),
		cmocka_unit_test(test_peers_and_controllers),
		cmocka_unit_test(test_admins),
		cmocka_unit_test(test_cross_field),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_print_round_trip),
		cmocka_unit_test(test_auth_none_warns),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
