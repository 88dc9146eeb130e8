/* test_conf_slurm_conf.c - slurm.conf parsing: the golden file from the
 * Slurm 22.05 anchor cluster, defaults, DEFAULT records, hostlist nodes,
 * partitions, controllers, syntax (case, comments, quotes, continuation),
 * Include (relative, glob, loops), unknown keys, and every error with its
 * file:line message. Set FLURM_GOLDEN to the golden directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/slurm_conf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"

static struct slurm_conf *parse(const char *text)
{
	struct slurm_conf *c = slurm_conf_parse_string(text, "slurm.conf");

	if (!c)
		fail_msg("parse failed: %s", err_msg());
	return c;
}

static void expect_error(const char *text, const char *msg)
{
	struct slurm_conf *c;

	err_clear();
	c = slurm_conf_parse_string(text, "slurm.conf");
	if (c) {
		slurm_conf_free(c);
		fail_msg("accepted, expected error \"%s\":\n%s", msg, text);
	}
	assert_string_equal(err_msg(), msg);
}

/* As expect_error, for messages that end in another module's words. */
static void expect_error_prefix(const char *text, const char *prefix)
{
	struct slurm_conf *c;

	err_clear();
	c = slurm_conf_parse_string(text, "slurm.conf");
	if (c) {
		slurm_conf_free(c);
		fail_msg("accepted, expected error \"%s...\":\n%s", prefix, text);
	}
	if (strncmp(err_msg(), prefix, strlen(prefix)))
		fail_msg("got \"%s\", expected \"%s...\"", err_msg(), prefix);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s = xcalloc(1, 65536);

	if (fp) {
		size_t n = fread(s, 1, 65535, fp);
		s[n] = '\0';
		fclose(fp);
	}
	return s;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* ---------------------------------------------------------------- */

static void test_golden(void **state)
{
	const char *dir = getenv("FLURM_GOLDEN");
	char *path = xasprintf("%s/slurm.conf",
			       dir ? dir : "tests/golden/slurm-22.05");
	struct slurm_conf *c;
	const struct slurm_conf_node *n;
	const struct slurm_conf_part *p;
	const struct slurm_conf_kv *kv;
	size_t i;

	if (access(path, R_OK) != 0)
		fail_msg("golden slurm.conf not found at %s (set FLURM_GOLDEN)",
			 path);
	c = slurm_conf_load(path);
	if (!c)
		fail_msg("golden slurm.conf rejected: %s", err_msg());
	assert_string_equal(c->path, path);
	assert_string_equal(c->cluster_name, "anchor");
	assert_int_equal(c->n_ctlds, 1);
	assert_string_equal(c->ctlds[0].name, "localhost");
	assert_string_equal(c->ctlds[0].addr, "127.0.0.1");
	assert_int_equal(c->slurmctld_port, 6817);
	assert_int_equal(c->slurmctld_port_count, 1);
	assert_int_equal(c->slurmd_port, 6818);
	assert_int_equal(c->auth_type, SLURM_CONF_AUTH_MUNGE);
	assert_string_equal(c->auth_info,
			    "socket=/tmp/slurm-anchor/munge/munge.socket.2");
	assert_string_equal(c->munge_socket,
			    "/tmp/slurm-anchor/munge/munge.socket.2");
	assert_string_equal(c->slurm_user, "root");
	/* the checksum the real slurmctld sent for this file (HASH_VAL in
	 * the scontrol_show_config capture), so scontrol prints "Match" */
	assert_int_equal(c->hash_val, 3972220067u);
	assert_string_equal(c->state_save_location, "/tmp/slurm-anchor/state");
	assert_string_equal(c->slurmd_spool_dir, "/tmp/slurm-anchor/spool/%n");
	assert_string_equal(c->scheduler_type, "sched/backfill");
	assert_int_equal(c->return_to_service, 2);
	assert_int_equal(c->min_job_age, 300);
	assert_int_equal(c->kill_wait, 30);
	assert_int_equal(c->slurmd_timeout, 300);	/* set in the file */
	assert_int_equal(c->message_timeout, 10);
	assert_null(c->prolog);
	assert_null(c->epilog);

	/* NodeName=n[1-4] NodeHostname=vm NodeAddr=127.0.0.1
	 * Port=[6818-6821] CPUs=16 Boards=1 SocketsPerBoard=1
	 * CoresPerSocket=16 ThreadsPerCore=1 RealMemory=8000 State=UNKNOWN */
	assert_int_equal(c->n_nodes, 4);
	for (i = 0; i < 4; i++) {
		char name[8];

		n = &c->nodes[i];
		snprintf(name, sizeof(name), "n%zu", i + 1);
		assert_string_equal(n->name, name);
		assert_string_equal(n->hostname, "vm");
		assert_string_equal(n->addr, "127.0.0.1");
		assert_int_equal(n->port, 6818 + i);
		assert_int_equal(n->cpus, 16);
		assert_int_equal(n->boards, 1);
		assert_int_equal(n->sockets, 1);
		assert_int_equal(n->cores_per_socket, 16);
		assert_int_equal(n->threads_per_core, 1);
		assert_int_equal(n->real_memory, 8000);
		assert_int_equal(n->tmp_disk, 0);
		assert_int_equal(n->weight, 1);
		assert_int_equal(n->state, SLURM_CONF_NODE_UNKNOWN);
		assert_int_equal(n->n_features, 0);
		assert_null(n->gres);
		assert_ptr_equal(slurm_conf_find_node(c, name), n);
	}

	assert_int_equal(c->n_parts, 2);
	p = slurm_conf_find_part(c, "debug");
	assert_non_null(p);
	assert_ptr_equal(slurm_conf_default_part(c), p);
	assert_true(p->is_default);
	assert_true(p->all_nodes);
	assert_string_equal(p->nodes, "n[1-4]");
	assert_int_equal(p->n_nodes, 4);
	assert_int_equal(p->max_time, SLURM_CONF_INFINITE);
	assert_int_equal(p->default_time, SLURM_CONF_NO_VAL);
	assert_int_equal(p->state, SLURM_CONF_PART_UP);
	assert_int_equal(p->max_nodes, SLURM_CONF_INFINITE);
	assert_int_equal(p->min_nodes, 0);
	assert_int_equal(p->priority_tier, 1);
	assert_int_equal(p->priority_job_factor, 1);
	assert_int_equal(p->n_allow_groups, 0);
	p = slurm_conf_find_part(c, "long");
	assert_non_null(p);
	assert_false(p->is_default);
	assert_int_equal(p->max_time, 7 * 24 * 60);
	assert_string_equal(p->nodes, "n[1-4]");

	/* all the keys FLURM does not use, kept with their values */
	assert_int_equal(c->n_unknown, 26);
	kv = slurm_conf_find_unknown(c, "SelectTypeParameters");
	assert_non_null(kv);
	assert_string_equal(kv->value, "CR_Core_Memory");
	assert_null(kv->scope);
	kv = slurm_conf_find_unknown(c, "communicationparameters");
	assert_non_null(kv);
	assert_string_equal(kv->value, "NoCtldInAddrAny,NoInAddrAny");
	assert_non_null(slurm_conf_find_unknown(c, "CredType"));
	assert_non_null(slurm_conf_find_unknown(c, "SlurmctldTimeout"));
	assert_null(slurm_conf_find_unknown(c, "ClusterName"));
	assert_null(slurm_conf_find_unknown(c, "SocketsPerBoard"));

	slurm_conf_free(c);
	free(path);
}

static void test_defaults(void **state)
{
	struct slurm_conf *c = parse("NodeName=a\n");
	const struct slurm_conf_node *n = &c->nodes[0];

	assert_null(c->cluster_name);
	assert_int_equal(c->n_ctlds, 0);
	assert_int_equal(c->slurmctld_port, 6817);
	assert_int_equal(c->slurmctld_port_count, 1);
	assert_int_equal(c->slurmd_port, 6818);
	assert_int_equal(c->auth_type, SLURM_CONF_AUTH_MUNGE);
	assert_null(c->auth_info);
	assert_null(c->munge_socket);
	assert_string_equal(c->slurm_user, "root");
	assert_string_equal(c->scheduler_type, "sched/backfill");
	assert_string_equal(c->slurmd_spool_dir, "/var/spool/slurmd");
	assert_string_equal(c->state_save_location, "/var/spool");
	assert_int_equal(c->prolog_epilog_timeout, SLURM_CONF_INFINITE);
	assert_int_equal(c->min_job_age, 300);
	assert_int_equal(c->kill_wait, 30);
	assert_int_equal(c->slurmd_timeout, 60);	/* FLURM's default */
	assert_int_equal(c->message_timeout, 10);
	assert_int_equal(c->return_to_service, 0);
	assert_int_equal(c->n_parts, 0);
	assert_null(slurm_conf_default_part(c));
	assert_int_equal(c->n_unknown, 0);

	assert_int_equal(c->n_nodes, 1);
	assert_string_equal(n->name, "a");
	assert_string_equal(n->hostname, "a");
	assert_string_equal(n->addr, "a");
	assert_int_equal(n->port, 6818);
	assert_int_equal(n->cpus, 1);
	assert_int_equal(n->boards, 1);
	assert_int_equal(n->sockets, 1);
	assert_int_equal(n->cores_per_socket, 1);
	assert_int_equal(n->threads_per_core, 1);
	assert_int_equal(n->real_memory, 1);
	assert_int_equal(n->tmp_disk, 0);
	assert_int_equal(n->weight, 1);
	assert_int_equal(n->state, SLURM_CONF_NODE_UNKNOWN);
	assert_null(n->reason);
	assert_null(n->features_str);
	slurm_conf_free(c);

	/* an empty file is a valid, empty cluster */
	c = parse("");
	assert_int_equal(c->n_nodes, 0);
	slurm_conf_free(c);
	c = parse("# only a comment\n\n   \n");
	assert_int_equal(c->n_nodes, 0);
	slurm_conf_free(c);
}

static void test_globals(void **state)
{
	struct slurm_conf *c = parse(
		"ClusterName=MyCluster\n"
		"SlurmctldPort=6817-6820\n"
		"SlurmdPort=7000\n"
		"AuthType=auth/none\n"
		"AuthInfo=cred_expire=120,socket=/run/m.sock,ttl=5\n"
		"SlurmUser=slurm\n"
		"Prolog=/etc/slurm/prolog.sh\n"
		"Epilog=/etc/slurm/epilog.sh\n"
		"PrologEpilogTimeout=90\n"
		"SchedulerType=sched/builtin\n"
		"MinJobAge=10\n"
		"KillWait=5\n"
		"SlurmdTimeout=120\n"
		"MessageTimeout=20\n"
		"ReturnToService=1\n"
		"SlurmdSpoolDir=/var/lib/flurm/nd\n"
		"StateSaveLocation=/var/lib/flurm/ctld\n"
		"NodeName=x1\n");

	assert_string_equal(c->cluster_name, "mycluster");	/* as Slurm */
	assert_int_equal(c->slurmctld_port, 6817);
	assert_int_equal(c->slurmctld_port_count, 4);
	assert_int_equal(c->slurmd_port, 7000);
	assert_int_equal(c->nodes[0].port, 7000);	/* SlurmdPort applies */
	assert_int_equal(c->auth_type, SLURM_CONF_AUTH_NONE);
	assert_string_equal(c->auth_info,
			    "cred_expire=120,socket=/run/m.sock,ttl=5");
	assert_string_equal(c->munge_socket, "/run/m.sock");
	assert_int_equal(c->cred_expire, 120);
	assert_string_equal(c->slurm_user, "slurm");
	assert_string_equal(c->prolog, "/etc/slurm/prolog.sh");
	assert_string_equal(c->epilog, "/etc/slurm/epilog.sh");
	assert_int_equal(c->prolog_epilog_timeout, 90);
	assert_string_equal(c->scheduler_type, "sched/builtin");
	assert_int_equal(c->min_job_age, 10);
	assert_int_equal(c->kill_wait, 5);
	assert_int_equal(c->slurmd_timeout, 120);
	assert_int_equal(c->message_timeout, 20);
	assert_int_equal(c->return_to_service, 1);
	assert_string_equal(c->slurmd_spool_dir, "/var/lib/flurm/nd");
	assert_string_equal(c->state_save_location, "/var/lib/flurm/ctld");
	slurm_conf_free(c);

	/* a later value wins, as in Slurm; AuthInfo without socket= */
	c = parse("KillWait=5\nKillWait=7\nAuthInfo=ttl=60\n"
		  "SlurmctldPort=6900\nPrologEpilogTimeout=UNLIMITED\n");
	assert_int_equal(c->kill_wait, 7);
	assert_null(c->munge_socket);
	assert_string_equal(c->auth_info, "ttl=60");
	assert_int_equal(c->cred_expire, SLURM_CONF_CRED_EXPIRE);
	assert_int_equal(c->slurmctld_port, 6900);
	assert_int_equal(c->slurmctld_port_count, 1);
	assert_int_equal(c->prolog_epilog_timeout, SLURM_CONF_INFINITE);
	slurm_conf_free(c);

	/* cred_expire= as slurm_cred.c reads it: its number, and below 5
	 * (or none) the default; a later AuthInfo starts afresh */
	c = parse("AuthInfo=socket=/run/m.sock,cred_expire=10\n");
	assert_int_equal(c->cred_expire, 10);
	assert_string_equal(c->auth_info, "socket=/run/m.sock,cred_expire=10");
	slurm_conf_free(c);
	c = parse("AuthInfo=cred_expire=5s\n");
	assert_int_equal(c->cred_expire, 5);
	slurm_conf_free(c);
	c = parse("AuthInfo=cred_expire=4\n");
	assert_int_equal(c->cred_expire, 120);
	slurm_conf_free(c);
	c = parse("AuthInfo=cred_expire=x\n");
	assert_int_equal(c->cred_expire, 120);
	slurm_conf_free(c);
	c = parse("AuthInfo=cred_expire=30\nAuthInfo=ttl=5\n");
	assert_int_equal(c->cred_expire, 120);
	slurm_conf_free(c);
}

static void test_controllers(void **state)
{
	struct slurm_conf *c = parse(
		"SlurmctldHost=ctl1(10.0.0.1)\n"
		"SlurmctldHost=ctl2\n"
		"SlurmctldHost=ctl3(ctl3-ib)\n");

	assert_int_equal(c->n_ctlds, 3);
	assert_string_equal(c->ctlds[0].name, "ctl1");
	assert_string_equal(c->ctlds[0].addr, "10.0.0.1");
	assert_string_equal(c->ctlds[1].name, "ctl2");
	assert_string_equal(c->ctlds[1].addr, "ctl2");
	assert_string_equal(c->ctlds[2].name, "ctl3");
	assert_string_equal(c->ctlds[2].addr, "ctl3-ib");
	slurm_conf_free(c);

	/* old style */
	c = parse("ControlMachine=head\nControlAddr=192.168.1.1\n"
		  "BackupController=head2\n");
	assert_int_equal(c->n_ctlds, 2);
	assert_string_equal(c->ctlds[0].name, "head");
	assert_string_equal(c->ctlds[0].addr, "192.168.1.1");
	assert_string_equal(c->ctlds[1].name, "head2");
	assert_string_equal(c->ctlds[1].addr, "head2");
	slurm_conf_free(c);
	c = parse("ControlMachine=head\nBackupController=b\nBackupAddr=b-ib\n");
	assert_int_equal(c->n_ctlds, 2);
	assert_string_equal(c->ctlds[0].addr, "head");
	assert_string_equal(c->ctlds[1].addr, "b-ib");
	slurm_conf_free(c);

	/* SlurmctldHost wins over the old keys */
	c = parse("ControlMachine=old\nSlurmctldHost=new\n");
	assert_int_equal(c->n_ctlds, 1);
	assert_string_equal(c->ctlds[0].name, "new");
	slurm_conf_free(c);
}

static void test_nodes(void **state)
{
	struct slurm_conf *c = parse(
		"NodeName=c[1-2] Sockets=2 CoresPerSocket=4 ThreadsPerCore=2\n"
		"NodeName=d1 CPUs=8 CoresPerSocket=4\n"
		"NodeName=e[1-3] NodeAddr=10.0.0.[1-3] NodeHostname=h[1-3] "
		"Port=7000-7002\n"
		"NodeName=f1 Procs=6 RealMemory=16k TmpDisk=2048 Weight=50 "
		"Gres=gpu:2 Features=gpu,big State=DRAIN "
		"Reason=\"disk failing\"\n"
		"NodeName=g1,g3 Feature=small State=future Port=7100\n"
		"NodeName=h1 Boards=2 SocketsPerBoard=2 CoresPerSocket=2\n"
		"NodeName=w1 Weight=UNLIMITED State=Cloud\n");
	const struct slurm_conf_node *n;

	assert_int_equal(c->n_nodes, 11);
	/* CPUs from Sockets*CoresPerSocket*ThreadsPerCore */
	n = slurm_conf_find_node(c, "c2");
	assert_non_null(n);
	assert_int_equal(n->cpus, 16);
	assert_int_equal(n->sockets, 2);
	/* Sockets from CPUs/(CoresPerSocket*ThreadsPerCore) */
	n = slurm_conf_find_node(c, "d1");
	assert_int_equal(n->cpus, 8);
	assert_int_equal(n->sockets, 2);
	assert_int_equal(n->cores_per_socket, 4);
	/* NodeAddr, NodeHostname and Port zipped in order */
	for (int i = 0; i < 3; i++) {
		char name[8], addr[16], host[8];

		snprintf(name, sizeof(name), "e%d", i + 1);
		snprintf(addr, sizeof(addr), "10.0.0.%d", i + 1);
		snprintf(host, sizeof(host), "h%d", i + 1);
		n = slurm_conf_find_node(c, name);
		assert_non_null(n);
		assert_string_equal(n->addr, addr);
		assert_string_equal(n->hostname, host);
		assert_int_equal(n->port, 7000 + i);
	}
	n = slurm_conf_find_node(c, "f1");
	assert_int_equal(n->cpus, 6);			/* Procs alias */
	assert_int_equal(n->real_memory, 16384);	/* k suffix */
	assert_int_equal(n->tmp_disk, 2048);
	assert_int_equal(n->weight, 50);
	assert_string_equal(n->gres, "gpu:2");
	assert_string_equal(n->features_str, "gpu,big");
	assert_int_equal(n->n_features, 2);
	assert_string_equal(n->features[0], "gpu");
	assert_string_equal(n->features[1], "big");
	assert_int_equal(n->state, SLURM_CONF_NODE_DRAIN);
	assert_string_equal(n->reason, "disk failing");
	n = slurm_conf_find_node(c, "g3");
	assert_non_null(n);
	assert_null(slurm_conf_find_node(c, "g2"));
	assert_int_equal(n->n_features, 1);		/* Feature alias */
	assert_string_equal(n->features[0], "small");
	assert_int_equal(n->state, SLURM_CONF_NODE_FUTURE);
	assert_int_equal(n->port, 7100);		/* one port for all */
	assert_int_equal(slurm_conf_find_node(c, "g1")->port, 7100);
	n = slurm_conf_find_node(c, "h1");
	assert_int_equal(n->sockets, 4);		/* Boards*SocketsPerBoard */
	assert_int_equal(n->boards, 2);
	assert_int_equal(n->cpus, 8);
	n = slurm_conf_find_node(c, "w1");
	assert_int_equal(n->weight, SLURM_CONF_INFINITE - 1);
	assert_int_equal(n->state, SLURM_CONF_NODE_CLOUD);
	/* definition order */
	assert_string_equal(c->nodes[0].name, "c1");
	assert_string_equal(c->nodes[10].name, "w1");
	assert_null(slurm_conf_find_node(c, "C1"));	/* names keep case */
	assert_null(slurm_conf_find_node(c, "zz"));
	slurm_conf_free(c);
}

static void test_many_nodes(void **state)
{
	struct slurm_conf *c = parse("NodeName=cn[00001-20000] CPUs=2\n"
				     "PartitionName=all Nodes=ALL\n");
	char name[16];

	assert_int_equal(c->n_nodes, 20000);
	for (int i = 1; i <= 20000; i += 997) {
		snprintf(name, sizeof(name), "cn%05d", i);
		assert_ptr_equal(slurm_conf_find_node(c, name),
				 &c->nodes[i - 1]);
	}
	assert_string_equal(c->parts[0].nodes, "cn[00001-20000]");
	slurm_conf_free(c);
}

static void test_node_defaults(void **state)
{
	struct slurm_conf *c = parse(
		"NodeName=DEFAULT CPUs=4 RealMemory=1000 State=IDLE Port=7000\n"
		"NodeName=a[1-2]\n"
		"NodeName=DEFAULT RealMemory=2000\n"	/* adds to the first */
		"NodeName=b1 CPUs=8\n"
		"nodename=default cpus=2\n"
		"NodeName=c1 RealMemory=5\n");
	const struct slurm_conf_node *n;

	n = slurm_conf_find_node(c, "a2");
	assert_int_equal(n->cpus, 4);
	assert_int_equal(n->real_memory, 1000);
	assert_int_equal(n->state, SLURM_CONF_NODE_IDLE);
	assert_int_equal(n->port, 7000);
	n = slurm_conf_find_node(c, "b1");
	assert_int_equal(n->cpus, 8);			/* line beats default */
	assert_int_equal(n->real_memory, 2000);
	assert_int_equal(n->state, SLURM_CONF_NODE_IDLE);
	n = slurm_conf_find_node(c, "c1");
	assert_int_equal(n->cpus, 2);
	assert_int_equal(n->real_memory, 5);
	assert_int_equal(c->n_nodes, 4);		/* DEFAULT is no node */
	assert_null(slurm_conf_find_node(c, "DEFAULT"));
	slurm_conf_free(c);
}

static void test_partitions(void **state)
{
	struct slurm_conf *c = parse(
		"PartitionName=DEFAULT MaxTime=60 State=UP PriorityTier=5\n"
		"NodeName=n[1-6]\n"
		"PartitionName=a Nodes=n[5-6],n1,n5 Default=YES DefaultTime=10 "
		"MaxNodes=4 MinNodes=1 AllowGroups=wheel,staff Hidden=yes "
		"OverSubscribe=FORCE:2\n"
		"PartitionName=b Nodes=later[1-2] MaxTime=2-00:00:00 "
		"State=DRAIN MaxNodes=UNLIMITED PriorityJobFactor=7\n"
		"PartitionName=c Nodes=ALL State=INACTIVE AllowGroups=ALL "
		"Default=YES Priority=3\n"
		"PartitionName=DEFAULT MaxTime=UNLIMITED\n"
		"PartitionName=d State=down Shared=NO\n"
		"PartitionName=e Nodes=\"n2 n1\"\n"
		"NodeName=later[1-2]\n");
	const struct slurm_conf_part *p;

	assert_int_equal(c->n_parts, 5);
	assert_string_equal(slurm_conf_find_part(c, "e")->nodes, "n[1-2]");
	p = slurm_conf_find_part(c, "a");
	assert_non_null(p);
	/* deduplicated, in node-table order */
	assert_int_equal(p->n_nodes, 3);
	assert_int_equal(p->node_idx[0], 0);
	assert_int_equal(p->node_idx[1], 4);
	assert_int_equal(p->node_idx[2], 5);
	assert_string_equal(p->nodes, "n[1,5-6]");
	assert_false(p->all_nodes);
	assert_false(p->is_default);		/* c came later */
	assert_int_equal(p->max_time, 60);	/* from DEFAULT */
	assert_int_equal(p->default_time, 10);
	assert_int_equal(p->max_nodes, 4);
	assert_int_equal(p->min_nodes, 1);
	assert_int_equal(p->priority_tier, 5);
	assert_int_equal(p->priority_job_factor, 1);
	assert_int_equal(p->n_allow_groups, 2);
	assert_string_equal(p->allow_groups[0], "wheel");
	assert_string_equal(p->allow_groups[1], "staff");
	assert_true(p->hidden);
	assert_string_equal(p->oversubscribe, "FORCE:2");
	assert_int_equal(p->state, SLURM_CONF_PART_UP);

	/* nodes defined after the partition line are found */
	p = slurm_conf_find_part(c, "b");
	assert_string_equal(p->nodes, "later[1-2]");
	assert_int_equal(p->node_idx[0], 6);
	assert_int_equal(p->max_time, 2 * 1440);
	assert_int_equal(p->state, SLURM_CONF_PART_DRAIN);
	assert_int_equal(p->max_nodes, SLURM_CONF_INFINITE);
	assert_int_equal(p->priority_job_factor, 7);
	assert_false(p->hidden);
	assert_null(p->oversubscribe);

	p = slurm_conf_find_part(c, "c");
	assert_true(p->all_nodes);
	assert_int_equal(p->n_nodes, 8);
	assert_string_equal(p->nodes, "n[1-6],later[1-2]");
	assert_int_equal(p->state, SLURM_CONF_PART_INACTIVE);
	assert_int_equal(p->n_allow_groups, 0);	/* ALL */
	assert_int_equal(p->priority_tier, 3);	/* Priority sets both */
	assert_int_equal(p->priority_job_factor, 3);
	assert_true(p->is_default);
	assert_ptr_equal(slurm_conf_default_part(c), p);

	p = slurm_conf_find_part(c, "d");
	assert_int_equal(p->n_nodes, 0);
	assert_string_equal(p->nodes, "");
	assert_int_equal(p->max_time, SLURM_CONF_INFINITE);
	assert_int_equal(p->default_time, SLURM_CONF_NO_VAL);
	assert_int_equal(p->state, SLURM_CONF_PART_DOWN);
	assert_string_equal(p->oversubscribe, "NO");	/* Shared alias */
	assert_int_equal(p->priority_tier, 5);

	assert_null(slurm_conf_find_part(c, "DEFAULT"));
	assert_null(slurm_conf_find_part(c, "A"));
	slurm_conf_free(c);
}

/* DefMemPerCPU / DefMemPerNode / MaxMemPerCPU / MaxMemPerNode, global
 * (kept as unknown keys for scontrol show config, read by
 * slurm_conf_mem) and per partition (PartitionName=DEFAULT too); per
 * node wins over per CPU when both are given, as slurmctld reads them. */
static void test_mem_limits(void **state)
{
	struct slurm_conf *c = parse(
		"NodeName=n[1-2] CPUs=2\n"
		"DefMemPerCPU=100\nMaxMemPerCPU=300\n"
		"PartitionName=DEFAULT MaxMemPerNode=900\n"
		"PartitionName=a Nodes=ALL DefMemPerNode=200 MaxMemPerNode=500\n"
		"PartitionName=b Nodes=ALL DefMemPerCPU=50 DefMemPerNode=70\n"
		"PartitionName=c Nodes=ALL MaxMemPerCPU=10 MaxMemPerNode=0\n");

	assert_non_null(c);
	assert_int_equal(slurm_conf_mem(c, false), 100 | SLURM_CONF_MEM_PER_CPU);
	assert_int_equal(slurm_conf_mem(c, true), 300 | SLURM_CONF_MEM_PER_CPU);
	assert_int_equal(slurm_conf_find_part(c, "a")->def_mem, 200);
	assert_int_equal(slurm_conf_find_part(c, "a")->max_mem, 500);
	assert_int_equal(slurm_conf_find_part(c, "b")->def_mem, 70);
	assert_int_equal(slurm_conf_find_part(c, "b")->max_mem, 900);
	assert_int_equal(slurm_conf_find_part(c, "c")->def_mem, 0);
	assert_int_equal(slurm_conf_find_part(c, "c")->max_mem,
			 10 | SLURM_CONF_MEM_PER_CPU);
	slurm_conf_free(c);
	c = parse("NodeName=n1\nPartitionName=p Nodes=ALL\n"
		  "DefMemPerNode=400\nDefMemPerCPU=5\nMaxMemPerCPU=x\n");
	assert_non_null(c);
	assert_int_equal(slurm_conf_mem(c, false), 400);
	assert_int_equal(slurm_conf_mem(c, true), 0);
	assert_int_equal(slurm_conf_find_part(c, "p")->max_mem, 0);
	slurm_conf_free(c);
}

static void test_syntax(void **state)
{
	struct slurm_conf *c = parse(
		"# a comment line\n"
		"clustername=Alpha   # trailing comment\n"
		"SLURMDPORT=7001\n"
		"\tKillWait = 12\n"				/* spaces, tab */
		"NODENAME=n1 cpus=2 \\\n"			/* continuation */
		"    realmemory=300 \\\n"
		"    reason=\"a # not a comment\"\r\n"		/* CRLF */
		"NodeName=n2 Reason=hash\\#tag Features=\"x,y\"\n"
		"partitionname=p nodes=all default=yes maxtime=unlimited "
		"state=up\n"
		"MinJobAge=1 MessageTimeout=3\n"		/* two per line */
		"Prolog=\"/opt/my scripts/prolog\"\n"
		"Epilog=\"\"\n"
		"SlurmUser=\n");
	const struct slurm_conf_node *n;

	assert_string_equal(c->cluster_name, "alpha");
	assert_int_equal(c->slurmd_port, 7001);
	assert_int_equal(c->kill_wait, 12);
	n = slurm_conf_find_node(c, "n1");
	assert_non_null(n);
	assert_int_equal(n->cpus, 2);
	assert_int_equal(n->real_memory, 300);
	assert_string_equal(n->reason, "a # not a comment");
	n = slurm_conf_find_node(c, "n2");
	assert_string_equal(n->reason, "hash#tag");
	assert_int_equal(n->n_features, 2);
	assert_true(slurm_conf_find_part(c, "p")->is_default);
	assert_int_equal(slurm_conf_find_part(c, "p")->n_nodes, 2);
	assert_int_equal(c->min_job_age, 1);
	assert_int_equal(c->message_timeout, 3);
	assert_string_equal(c->prolog, "/opt/my scripts/prolog");
	assert_null(c->epilog);			/* empty means unset */
	assert_string_equal(c->slurm_user, "root");
	slurm_conf_free(c);

	/* line numbers count the physical lines of continued ones */
	expect_error("NodeName=n1 \\\n  CPUs=1\n\nNodeName=n2 CPUs=x\n",
		     "slurm.conf:4: invalid CPUs value 'x'");
	expect_error("ClusterName=a\nNodeName=n1 \\\n  CPUs=zz\n",
		     "slurm.conf:2: invalid CPUs value 'zz'");
	/* a backslash continuation at the very end is harmless */
	c = parse("NodeName=n1 \\");
	assert_int_equal(c->n_nodes, 1);
	slurm_conf_free(c);
}

static void test_unknown_keys(void **state)
{
	char dir[] = "/tmp/flurm-sconf-XXXXXX";
	char *logpath, *log;
	struct slurm_conf *c;
	const struct slurm_conf_kv *kv;

	assert_non_null(mkdtemp(dir));
	logpath = xasprintf("%s/log", dir);
	log_init("test", LOG_LEVEL_INFO);
	assert_int_equal(log_set_file(logpath), 0);
	c = parse("FooBar=1\n"
		  "SelectType=select/cons_tres\n"
		  "foobar=2\n"
		  "NodeName=n1 CPUs=2 CpuBind=cores CoreSpecCount=1\n"
		  "NodeName=n2 CpuBind=threads\n"
		  "PartitionName=p Nodes=n1 QOS=normal\n"
		  "DownNodes=n2 State=DOWN Reason=\"bad fan\"\n"
		  "NodeSet=ns Feature=gpu\n");
	assert_int_equal(log_set_file(NULL), 0);
	log_set_level(LOG_LEVEL_WARN);

	/* every occurrence kept, in order, with its record */
	assert_int_equal(c->n_unknown, 12);
	assert_string_equal(c->unknown[0].key, "FooBar");
	assert_string_equal(c->unknown[0].value, "1");
	assert_null(c->unknown[0].scope);
	assert_string_equal(c->unknown[2].key, "foobar");
	assert_string_equal(c->unknown[2].value, "2");
	kv = slurm_conf_find_unknown(c, "cpubind");
	assert_string_equal(kv->value, "cores");
	assert_string_equal(kv->scope, "NodeName=n1");
	assert_string_equal(c->unknown[5].key, "CpuBind");
	assert_string_equal(c->unknown[5].scope, "NodeName=n2");
	kv = slurm_conf_find_unknown(c, "QOS");
	assert_string_equal(kv->scope, "PartitionName=p");
	kv = slurm_conf_find_unknown(c, "DownNodes");
	assert_string_equal(kv->value, "n2");
	assert_null(kv->scope);
	assert_string_equal(c->unknown[8].key, "State");
	assert_string_equal(c->unknown[8].scope, "DownNodes=n2");
	assert_string_equal(c->unknown[9].value, "bad fan");
	assert_string_equal(c->unknown[11].key, "Feature");
	assert_string_equal(c->unknown[11].scope, "NodeSet=ns");
	/* the DownNodes line did not change the node */
	assert_int_equal(slurm_conf_find_node(c, "n2")->state,
			 SLURM_CONF_NODE_UNKNOWN);

	/* logged once per key, whatever its case */
	log = slurp(logpath);
	assert_int_equal(count_of(log, "slurm.conf: ignoring parameter 'FooBar'"),
			 1);
	assert_int_equal(count_of(log, "ignoring parameter 'foobar'"), 0);
	assert_int_equal(count_of(log, "ignoring parameter 'CpuBind'"), 1);
	assert_int_equal(count_of(log, "ignoring parameter 'SelectType'"), 1);
	assert_int_equal(count_of(log, "ignoring parameter 'DownNodes'"), 1);
	/* a record's attributes go with it, unreported */
	assert_int_equal(count_of(log, "ignoring parameter 'State'"), 0);
	assert_int_equal(count_of(log, "ignoring parameter"), 7);
	free(log);
	slurm_conf_free(c);
	unlink(logpath);
	rmdir(dir);
	free(logpath);
}

/* ---------------------------------------------------------------- */

struct tmpdir {
	char path[64];
	char *files[16];
	size_t n;
	char *dirs[4];
	size_t nd;
};

static char *tfile(struct tmpdir *t, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", t->path, name);

	write_file(p, text);
	t->files[t->n++] = p;
	return p;
}

static void tmkdir(struct tmpdir *t, const char *name)
{
	char *p = xasprintf("%s/%s", t->path, name);

	assert_int_equal(mkdir(p, 0700), 0);
	t->dirs[t->nd++] = p;
}

static void tclean(struct tmpdir *t)
{
	while (t->n)
		free((unlink(t->files[--t->n]), t->files[t->n]));
	while (t->nd)
		free((rmdir(t->dirs[--t->nd]), t->dirs[t->nd]));
	rmdir(t->path);
}

static void test_include(void **state)
{
	struct tmpdir t = { .path = "/tmp/flurm-sconf-XXXXXX" };
	struct slurm_conf *c;
	char *main_conf, *expect;

	assert_non_null(mkdtemp(t.path));
	tmkdir(&t, "sub");
	tmkdir(&t, "conf.d");
	main_conf = tfile(&t, "slurm.conf",
			  "ClusterName=Beta\n"
			  "include nodes.conf\n"
			  "INCLUDE sub/parts.conf\n"
			  "Include conf.d/*.conf\n"
			  "Include %c-extra.conf\n"
			  "Include nothing-here/*.conf\n"
			  "KillWait=9\n");
	tfile(&t, "nodes.conf", "NodeName=n[1-2] CPUs=4\n");
	/* relative to the including file's own directory: sub/ */
	tfile(&t, "sub/parts.conf", "Include more.conf\n"
	      "PartitionName=main Nodes=n[1-2] Default=YES\n");
	tfile(&t, "sub/more.conf", "NodeName=m1\n");
	tfile(&t, "conf.d/10-a.conf", "MinJobAge=11\n");
	tfile(&t, "conf.d/20-b.conf", "MinJobAge=22\nNodeName=z1\n");
	tfile(&t, "beta-extra.conf", "SlurmdTimeout=33\n");

	c = slurm_conf_load(main_conf);
	if (!c)
		fail_msg("%s", err_msg());
	assert_int_equal(c->n_nodes, 4);
	assert_string_equal(c->nodes[2].name, "m1");
	assert_string_equal(c->nodes[3].name, "z1");
	assert_string_equal(slurm_conf_default_part(c)->name, "main");
	assert_int_equal(c->min_job_age, 22);		/* glob in order */
	assert_int_equal(c->slurmd_timeout, 33);	/* %c */
	assert_int_equal(c->kill_wait, 9);
	slurm_conf_free(c);

	/* errors inside an included file name that file and its line */
	tfile(&t, "bad.conf", "\nNodeName=q1 CPUs=many\n");
	c = slurm_conf_parse_string("Include bad.conf\n", main_conf);
	assert_null(c);
	expect = xasprintf("%s/bad.conf:2: invalid CPUs value 'many'", t.path);
	assert_string_equal(err_msg(), expect);
	free(expect);

	/* a missing file names the Include line */
	c = slurm_conf_parse_string("KillWait=1\nInclude missing.conf\n",
				    main_conf);
	assert_null(c);
	expect = xasprintf("%s:2: Include failed: cannot read '%s/missing.conf': "
			   "No such file or directory", main_conf, t.path);
	assert_string_equal(err_msg(), expect);
	free(expect);

	/* loops are caught, also through another file */
	char *loop_a = tfile(&t, "loop-a.conf", "Include loop-b.conf\n");
	tfile(&t, "loop-b.conf", "KillWait=1\nInclude loop-a.conf\n");
	c = slurm_conf_load(loop_a);
	assert_null(c);
	expect = xasprintf("%s/loop-b.conf:2: include loop: '%s/loop-a.conf' "
			   "is already being read", t.path, t.path);
	assert_string_equal(err_msg(), expect);
	free(expect);
	char *self = tfile(&t, "self.conf", "Include self.conf\n");
	assert_null(slurm_conf_load(self));
	assert_non_null(strstr(err_msg(), "include loop"));

	expect_error("Include\n", "slurm.conf:1: expected KEY=VALUE but found "
		     "'Include'");
	expect_error("Include a.conf b.conf\n",
		     "slurm.conf:1: unexpected text after Include 'a.conf'");
	expect_error("Include %c.conf\n", "slurm.conf:1: Include '%c.conf' "
		     "uses %c before ClusterName is set");

	/* a cluster name holding "%c" is put in once, not expanded again
	 * for ever (found by fuzz_slurm_conf: the parser looped, growing
	 * the path, and the daemon hung); the alarm ends a regression */
	alarm(20);
	c = slurm_conf_parse_string("ClusterName=x%cy\nInclude %c-%c.conf\n",
				    main_conf);
	alarm(0);
	assert_null(c);
	expect = xasprintf("%s:2: Include failed: cannot read "
			   "'%s/x%%cy-x%%cy.conf': No such file or directory",
			   main_conf, t.path);
	assert_string_equal(err_msg(), expect);
	free(expect);
	tclean(&t);
}

static void test_load_errors(void **state)
{
	struct tmpdir t = { .path = "/tmp/flurm-sconf-XXXXXX" };
	char *p, *expect;

	assert_null(slurm_conf_load("/nonexistent/slurm.conf"));
	assert_string_equal(err_msg(), "cannot read '/nonexistent/slurm.conf': "
			    "No such file or directory");
	assert_null(slurm_conf_load(NULL));
	assert_null(slurm_conf_load("/tmp"));
	assert_non_null(strstr(err_msg(), "Is a directory"));

	assert_non_null(mkdtemp(t.path));
	p = tfile(&t, "nul.conf", "NodeName=a");
	FILE *fp = fopen(p, "a");
	assert_non_null(fp);
	fputc('\0', fp);
	fclose(fp);
	assert_null(slurm_conf_load(p));
	expect = xasprintf("'%s' is not a text file (it contains a NUL byte)", p);
	assert_string_equal(err_msg(), expect);
	free(expect);
	tclean(&t);
}

/* What a controller needs beyond syntax: each missing piece is named with
 * the file; a complete file passes; partitions naming unknown nodes are a
 * parse error with file:line. */
static void expect_invalid(const char *text, const char *msg)
{
	struct slurm_conf *c = parse(text);

	err_clear();
	assert_int_equal(slurm_conf_validate(c), -1);
	assert_string_equal(err_msg(), msg);
	slurm_conf_free(c);
}

static void test_validate(void **state)
{
	const char *full =
		"ClusterName=c1\nSlurmctldHost=ctl1\n"
		"NodeName=n[1-2] CPUs=2\nPartitionName=p Nodes=ALL Default=YES\n";
	struct slurm_conf *c = parse(full);

	assert_int_equal(slurm_conf_validate(c), 0);
	slurm_conf_free(c);
	/* ControlMachine counts as a controller, as in Slurm */
	c = parse("ClusterName=c1\nControlMachine=ctl1\nNodeName=n1\n"
		  "PartitionName=p Nodes=n1\n");
	assert_int_equal(slurm_conf_validate(c), 0);
	slurm_conf_free(c);

	expect_invalid("", "slurm.conf: ClusterName is not set; a controller "
		       "needs it");
	expect_invalid("# nothing but a comment\n",
		       "slurm.conf: ClusterName is not set; a controller needs it");
	expect_invalid("SlurmctldHost=ctl1\nNodeName=n1\nPartitionName=p Nodes=n1\n",
		       "slurm.conf: ClusterName is not set; a controller needs it");
	expect_invalid("ClusterName=c1\nNodeName=n1\nPartitionName=p Nodes=n1\n",
		       "slurm.conf: no SlurmctldHost is set; a controller needs "
		       "at least one");
	/* a file cut short after the controller */
	expect_invalid("ClusterName=c1\nSlurmctldHost=ctl1\n",
		       "slurm.conf: no node is defined (NodeName=...); a "
		       "controller needs at least one");
	/* NodeName=DEFAULT defines no node */
	expect_invalid("ClusterName=c1\nSlurmctldHost=ctl1\nNodeName=DEFAULT CPUs=4\n",
		       "slurm.conf: no node is defined (NodeName=...); a "
		       "controller needs at least one");
	expect_invalid("ClusterName=c1\nSlurmctldHost=ctl1\nNodeName=n1\n",
		       "slurm.conf: no partition is defined (PartitionName=...); "
		       "a controller needs at least one");
	/* cut in the middle of the partition line's hostlist */
	expect_error_prefix("ClusterName=c1\nSlurmctldHost=ctl1\nNodeName=n[1-2]\n"
			    "PartitionName=p Nodes=n[1-\n",
			    "slurm.conf:4: partition 'p': invalid Nodes value 'n[1-'");
	expect_error("ClusterName=c1\nSlurmctldHost=ctl1\nNodeName=n1\n"
		     "PartitionName=p Nodes=n1,n2\n",
		     "slurm.conf:4: partition 'p': unknown node 'n2' in Nodes");
}

static void test_errors(void **state)
{
	/* malformed lines */
	expect_error("ClusterName=x\nNodeName=n1 CPUs=abc\n",
		     "slurm.conf:2: invalid CPUs value 'abc'");
	expect_error("NodeName=n1 CPUs\n",
		     "slurm.conf:1: expected KEY=VALUE but found 'CPUs'");
	expect_error("\n\nJustAWord\n",
		     "slurm.conf:3: expected KEY=VALUE but found 'JustAWord'");
	expect_error("=5\n", "slurm.conf:1: expected KEY=VALUE but found '=5'");
	expect_error("NodeName=n1 Reason=\"no end\n",
		     "slurm.conf:1: unterminated quote");
	expect_error("ClusterName=x NodeName=y\n",
		     "slurm.conf:1: NodeName must begin its own line");
	expect_error("NodeName=x CPUs=1 PartitionName=y\n",
		     "slurm.conf:1: PartitionName must begin its own line");

	/* numbers */
	expect_error("NodeName=n1 CPUs=0\n", "slurm.conf:1: invalid CPUs value '0'");
	expect_error("NodeName=n1 CPUs=-4\n",
		     "slurm.conf:1: invalid CPUs value '-4'");
	expect_error("NodeName=n1 CPUs=70000\n",
		     "slurm.conf:1: invalid CPUs value '70000'");
	expect_error("NodeName=n1 RealMemory=1G\n",
		     "slurm.conf:1: invalid RealMemory value '1G'");
	expect_error("NodeName=n1 Weight=\n",
		     "slurm.conf:1: invalid Weight value ''");
	expect_error("NodeName=DEFAULT ThreadsPerCore=x\n",
		     "slurm.conf:1: invalid ThreadsPerCore value 'x'");
	expect_error("KillWait=abc\n", "slurm.conf:1: invalid KillWait value 'abc'");
	expect_error("MinJobAge=99999999999\n",
		     "slurm.conf:1: invalid MinJobAge value '99999999999'");
	expect_error("ReturnToService=3\n",
		     "slurm.conf:1: invalid ReturnToService value '3'");
	expect_error("SlurmdPort=0\n", "slurm.conf:1: invalid SlurmdPort value '0'");
	expect_error("SlurmdPort=65536\n",
		     "slurm.conf:1: invalid SlurmdPort value '65536'");
	expect_error("SlurmctldPort=6820-6817\n",
		     "slurm.conf:1: invalid SlurmctldPort value '6820-6817' "
		     "(expected PORT or FIRST-LAST)");
	expect_error("SlurmctldPort=abc\n",
		     "slurm.conf:1: invalid SlurmctldPort value 'abc' "
		     "(expected PORT or FIRST-LAST)");
	expect_error("PartitionName=p MaxNodes=-1\n",
		     "slurm.conf:1: invalid MaxNodes value '-1'");

	/* enumerations */
	expect_error("NodeName=n1 State=BOGUS\n",
		     "slurm.conf:1: invalid State value 'BOGUS'");
	expect_error("PartitionName=p State=OPEN\n",
		     "slurm.conf:1: invalid State value 'OPEN'");
	expect_error("PartitionName=p Default=maybe\n",
		     "slurm.conf:1: invalid Default value 'maybe'");
	expect_error("PartitionName=p OverSubscribe=YES:1\n",
		     "slurm.conf:1: invalid OverSubscribe value 'YES:1'");
	expect_error("AuthType=auth/jwt\n",
		     "slurm.conf:1: unsupported AuthType 'auth/jwt' (FLURM "
		     "supports auth/munge and auth/none)");

	/* times */
	expect_error("PartitionName=p MaxTime=1:2:3:4\n",
		     "slurm.conf:1: invalid MaxTime value '1:2:3:4'");
	expect_error("PartitionName=DEFAULT DefaultTime=soon\n",
		     "slurm.conf:1: invalid DefaultTime value 'soon'");

	/* hostlists and node records */
	expect_error_prefix("NodeName=n[3-1]\n",
			    "slurm.conf:1: invalid NodeName value 'n[3-1]'");
	expect_error_prefix("NodeName=n[1-2 CPUs=1\n",
			    "slurm.conf:1: invalid NodeName value 'n[1-2'");
	expect_error_prefix("NodeName=n1 NodeAddr=a[1-\n",
			    "slurm.conf:1: invalid NodeAddr value 'a[1-'");
	expect_error("NodeName=n[1-3] NodeAddr=a[1-2]\n",
		     "slurm.conf:1: NodeAddr has 2 entries for 3 nodes (give one "
		     "per node, or one for all)");
	expect_error("NodeName=n[1-3] Port=7000-7001\n",
		     "slurm.conf:1: Port has 2 entries for 3 nodes (give one "
		     "per node, or one for all)");
	expect_error("NodeName=n1 Port=70000\n",
		     "slurm.conf:1: invalid Port value '70000'");
	expect_error("NodeName=n1 Port=[7001-7000]\n",
		     "slurm.conf:1: invalid Port value '[7001-7000]'");
	expect_error("NodeName=n[1-3]\n\nNodeName=n2\n",
		     "slurm.conf:3: duplicate node 'n2' (already defined at "
		     "slurm.conf:1)");
	expect_error("NodeName=n1,n1\n",
		     "slurm.conf:1: duplicate node 'n1' (already defined at "
		     "slurm.conf:1)");
	expect_error("NodeName=n1 Sockets=300 CoresPerSocket=300\n",
		     "slurm.conf:1: NodeName=n1 has too many CPUs (90000)");
	expect_error("NodeName=n[1-1000001]\n",
		     "slurm.conf:1: more than 1000000 nodes");
	expect_error("NodeName=ALL\n", "slurm.conf:1: 'ALL' is a reserved word "
		     "and cannot be a NodeName");
	expect_error("NodeName=DEFAULT NodeAddr=10.0.0.1\n",
		     "slurm.conf:1: NodeAddr is not allowed with NodeName=DEFAULT");
	expect_error("NodeName=DEFAULT NodeHostname=h\n",
		     "slurm.conf:1: NodeHostname is not allowed with "
		     "NodeName=DEFAULT");

	/* partitions */
	expect_error("NodeName=n[1-2]\nPartitionName=p Nodes=n[1-3]\n",
		     "slurm.conf:2: partition 'p': unknown node 'n3' in Nodes");
	expect_error("PartitionName=p Nodes=ghost\nNodeName=n1\n",
		     "slurm.conf:1: partition 'p': unknown node 'ghost' in Nodes");
	expect_error_prefix("NodeName=n1\nPartitionName=p Nodes=n[2-\n",
			    "slurm.conf:2: partition 'p': invalid Nodes value "
			    "'n[2-'");
	expect_error("PartitionName=p\nPartitionName=q\nPartitionName=p\n",
		     "slurm.conf:3: duplicate partition 'p' (already defined at "
		     "slurm.conf:1)");
	expect_error("PartitionName=\n", "slurm.conf:1: PartitionName is empty");

	/* controllers */
	expect_error("SlurmctldHost=a(b\n",
		     "slurm.conf:1: invalid SlurmctldHost value 'a(b' (expected "
		     "NAME or NAME(ADDRESS))");
	expect_error("SlurmctldHost=a(b)c\n",
		     "slurm.conf:1: invalid SlurmctldHost value 'a(b)c' (expected "
		     "NAME or NAME(ADDRESS))");
	expect_error("SlurmctldHost=(b)\n",
		     "slurm.conf:1: invalid SlurmctldHost value '(b)' (expected "
		     "NAME or NAME(ADDRESS))");
	expect_error("SlurmctldHost=a\nSlurmctldHost=b\nSlurmctldHost=a(x)\n",
		     "slurm.conf:3: duplicate SlurmctldHost 'a'");
	expect_error("ControlMachine=a\n\nBackupAddr=x\n",
		     "slurm.conf:3: BackupAddr without BackupController");
	expect_error("BackupController=b\n",
		     "slurm.conf:1: BackupController without ControlMachine");
}

/* Whatever the bytes, a clean answer: no crash, no leak, no OOB read
 * (meaningful under the SANITIZE=1 build). */
static void test_garbage(void **state)
{
	static const char *const pieces[] = {
		"NodeName=", "PartitionName=", "n[1-3]", "DEFAULT", " ", "\t",
		"\\", "\\\n", "\n", "#", "\"", "=", "CPUs=", "4", "Nodes=",
		"ALL", "Include ", "x.conf", "(", ")", "SlurmctldHost=", "[",
		"]", ",", "-", ":", "MaxTime=", "State=", "\r", "k",
	};
	unsigned seed = 12345;

	for (int iter = 0; iter < 3000; iter++) {
		char text[256] = "";
		size_t len = 0;
		int n = (int)((seed = seed * 1103515245 + 12345) >> 16) % 24;

		for (int i = 0; i < n; i++) {
			const char *pc;

			seed = seed * 1103515245 + 12345;
			pc = pieces[(seed >> 16) % (sizeof(pieces) /
						    sizeof(pieces[0]))];
			if (len + strlen(pc) >= sizeof(text))
				break;
			memcpy(text + len, pc, strlen(pc) + 1);
			len += strlen(pc);
		}
		err_clear();
		struct slurm_conf *c =
			slurm_conf_parse_string(text, "/nonexistent/g.conf");
		if (c)
			slurm_conf_free(c);
		else
			assert_non_null(strstr(err_msg(), "/nonexistent/g.conf:"));
	}
}

/* A word of a comma list, exactly or in any case; part of a word or an
 * empty list is not one. */
static void test_list_has(void **state)
{
	assert_true(slurm_conf_list_has("gpu,mps", "mps", 3, false));
	assert_true(slurm_conf_list_has("CORE,STACK", "stack", 5, true));
	assert_false(slurm_conf_list_has("CORE,STACK", "stack", 5, false));
	assert_false(slurm_conf_list_has("gpus", "gpu", 3, false));
	assert_true(slurm_conf_list_has("a,,gpu", "gpu", 3, false));
	assert_true(slurm_conf_list_has("foo,bar", "bar,baz", 3, false));
	assert_false(slurm_conf_list_has(NULL, "gpu", 3, false));
	assert_false(slurm_conf_list_has("", "gpu", 3, false));
}

/* OverSubscribe as slurmctld's max_share: sinfo %h prints it back */
static void test_max_share(void **state)
{
	assert_int_equal(slurm_conf_max_share(NULL), 1);
	assert_int_equal(slurm_conf_max_share("NO"), 1);
	assert_int_equal(slurm_conf_max_share("exclusive"), 0);
	assert_int_equal(slurm_conf_max_share("YES"), 4);
	assert_int_equal(slurm_conf_max_share("YES:8"), 8);
	assert_int_equal(slurm_conf_max_share("FORCE"), SLURM_CONF_SHARE_FORCE | 4);
	assert_int_equal(slurm_conf_max_share("FORCE:2"), SLURM_CONF_SHARE_FORCE | 2);
	assert_int_equal(slurm_conf_max_share("Y"), 4);
}

static void test_slurm_uid(void **state)
{
	struct slurm_conf *c = parse("SlurmUser=root\n");
	uid_t uid = 77;

	assert_int_equal(slurm_conf_slurm_uid(c, &uid), 0);
	assert_int_equal(uid, 0);
	slurm_conf_free(c);

	c = parse("SlurmUser=1234\n");
	assert_int_equal(slurm_conf_slurm_uid(c, &uid), 0);
	assert_int_equal(uid, 1234);
	slurm_conf_free(c);

	c = parse("SlurmUser=no_such_user_flurm\n");
	assert_int_equal(slurm_conf_slurm_uid(c, &uid), -1);
	assert_string_equal(err_msg(),
			    "SlurmUser 'no_such_user_flurm' does not exist");
	slurm_conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_globals),
		cmocka_unit_test(test_controllers),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_many_nodes),
		cmocka_unit_test(test_node_defaults),
		cmocka_unit_test(test_partitions),
		cmocka_unit_test(test_mem_limits),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_slurm_uid),
		cmocka_unit_test(test_max_share),
		cmocka_unit_test(test_list_has),
	};

	log_init("test_conf_slurm_conf", LOG_LEVEL_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
