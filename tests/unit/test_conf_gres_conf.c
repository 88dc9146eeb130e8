/* test_conf_gres_conf.c - gres.conf: records with their nodes, names,
 * types, device files and counts; the GPUs a node gets from them and the
 * AutoDetect= that applies; comments and continued lines; every broken
 * line refused with "FILE:LINE: reason"; a missing file named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/gres_conf.h"
#include "core/err.h"

static void test_records(void **unused)
{
	const char *text =
		"# GPUs of the cluster\n"
		"AutoDetect=off\n"
		"NodeName=gpu[1-2] Name=gpu Type=a100 File=/dev/nvidia[0-3]\n"
		"NodeName=gpu3 Name=gpu File=/dev/nvidia0,/dev/nvidia1 # two\n"
		"nodename=gpu4 name=gpu count=3\n"
		"NodeName=gpu[1-4] Name=mps Count=400 Cores=0-3\n"
		"NodeName=gpu5 \\\n"
		"   Name=gpu File=/dev/nvidia[0-1] AutoDetect=nvml\n"
		"Name=nic Count=2K\n";
	struct gres_conf *gc = gres_conf_parse(text, "gres.conf");
	enum gres_autodetect ad;
	uint64_t n;

	assert_non_null(gc);
	assert_int_equal(gc->autodetect, GRES_AUTODETECT_OFF);
	assert_int_equal(gc->nrecs, 6);
	assert_string_equal(gc->recs[0].node_names, "gpu[1-2]");
	assert_string_equal(gc->recs[0].name, "gpu");
	assert_string_equal(gc->recs[0].type, "a100");
	assert_int_equal(gc->recs[0].nfiles, 4);
	assert_int_equal(gc->recs[0].count, 4);
	assert_int_equal(gc->recs[0].line, 3);
	assert_int_equal(gc->recs[1].count, 2);
	assert_int_equal(gc->recs[2].count, 3);
	assert_null(gc->recs[2].file);
	assert_int_equal(gc->recs[3].count, 400);
	assert_int_equal(gc->recs[4].line, 7);
	assert_int_equal(gc->recs[4].autodetect, GRES_AUTODETECT_NVML);
	assert_null(gc->recs[5].node_names);
	assert_int_equal(gc->recs[5].count, 2048);

	assert_true(gres_conf_node_gpus(gc, "gpu2", &n, &ad));
	assert_int_equal(n, 4);
	assert_int_equal(ad, GRES_AUTODETECT_OFF);
	assert_true(gres_conf_node_gpus(gc, "gpu3", &n, &ad));
	assert_int_equal(n, 2);
	assert_true(gres_conf_node_gpus(gc, "gpu4", &n, &ad));
	assert_int_equal(n, 3);
	assert_true(gres_conf_node_gpus(gc, "gpu5", &n, &ad));
	assert_int_equal(n, 2);
	assert_int_equal(ad, GRES_AUTODETECT_NVML);
	/* a node no gpu record names */
	assert_false(gres_conf_node_gpus(gc, "login1", &n, &ad));
	assert_int_equal(n, 0);
	gres_conf_free(gc);

	/* records for every node add up; AutoDetect for some nodes */
	gc = gres_conf_parse("Name=gpu File=/dev/nvidia0\n"
			     "Name=gpu Type=t4 File=/dev/nvidia1\n"
			     "NodeName=a AutoDetect=nvidia\n", "g");
	assert_non_null(gc);
	assert_true(gres_conf_node_gpus(gc, "a", &n, &ad));
	assert_int_equal(n, 2);
	assert_int_equal(ad, GRES_AUTODETECT_NVML);
	assert_true(gres_conf_node_gpus(gc, "b", &n, &ad));
	assert_int_equal(ad, GRES_AUTODETECT_UNSET);
	gres_conf_free(gc);

	/* empty and comment-only files hold nothing */
	gc = gres_conf_parse("\n# nothing\n   \n", "g");
	assert_non_null(gc);
	assert_int_equal(gc->nrecs, 0);
	assert_false(gres_conf_node_gpus(gc, "a", &n, &ad));
	gres_conf_free(gc);
}

static void refused(const char *text, const char *want)
{
	struct gres_conf *gc = gres_conf_parse(text, "/etc/slurm/gres.conf");

	if (gc)
		fail_msg("accepted: %s", text);
	assert_string_equal(err_msg(), want);
}

static void test_errors(void **unused)
{
	refused("Name=gpu\nName=gpu Count=two\n",
		"/etc/slurm/gres.conf:2: Count=two is not a number");
	refused("Name=gpu Count=4X\n",
		"/etc/slurm/gres.conf:1: Count=4X is not a number");
	refused("# ok\nName=gpu File=/dev/nvidia[0-3] Count=3\n",
		"/etc/slurm/gres.conf:2: Count=3 does not match the 4 devices "
		"of File=/dev/nvidia[0-3]");
	refused("NodeName=n1 File=/dev/nvidia0\n",
		"/etc/slurm/gres.conf:1: a record needs Name= (gpu, mps, ...)");
	refused("NodeName=n1 Name=gpu Flavour=mint\n",
		"/etc/slurm/gres.conf:1: unknown key 'Flavour'");
	refused("Name=gpu File=/dev/nvidia[3-1]\n",
		"/etc/slurm/gres.conf:1: File=/dev/nvidia[3-1] is not a valid "
		"device list");
	refused("Name=gpu File=nvidia0\n",
		"/etc/slurm/gres.conf:1: File=nvidia0: 'nvidia0' is not an "
		"absolute path");
	refused("NodeName=n[1-2 Name=gpu\n",
		"/etc/slurm/gres.conf:1: NodeName=n[1-2 is not a valid host "
		"list");
	refused("AutoDetect=cuda\n",
		"/etc/slurm/gres.conf:1: AutoDetect=cuda: expected nvml, "
		"nvidia, rsmi, oneapi or off");
	refused("Name=gpu Name=mps\n",
		"/etc/slurm/gres.conf:1: Name= given twice");
	refused("Name=gpu File=\n",
		"/etc/slurm/gres.conf:1: File= needs a value");
	refused("Name=gpu\ngpu:2\n",
		"/etc/slurm/gres.conf:2: 'gpu:2' is not Key=Value");
	refused("Name=g/pu\n",
		"/etc/slurm/gres.conf:1: Name=g/pu is not a GRES name");
	/* the line a continued record starts on */
	refused("\nName=gpu \\\n Count=x\n",
		"/etc/slurm/gres.conf:2: Count=x is not a number");
}

static void test_load(void **unused)
{
	char path[] = "/tmp/flurm-gres-XXXXXX";
	int fd = mkstemp(path);
	struct gres_conf *gc;
	uint64_t n;
	enum gres_autodetect ad;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "NodeName=node1 Name=gpu Count=1\n", 32), 32);
	close(fd);
	gc = gres_conf_load(path);
	assert_non_null(gc);
	assert_string_equal(gc->path, path);
	assert_true(gres_conf_node_gpus(gc, "node1", &n, &ad));
	assert_int_equal(n, 1);
	gres_conf_free(gc);
	unlink(path);

	assert_null(gres_conf_load(path));
	assert_non_null(strstr(err_msg(), path));
	assert_non_null(strstr(err_msg(), "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
