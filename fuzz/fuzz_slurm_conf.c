/* fuzz_slurm_conf.c - slurm.conf text through slurm_conf_parse_string(),
 * as if read from a file in a private scratch directory that holds a few
 * files to Include (one that includes itself). Include must not escape:
 * while parsing, fopen() and glob() (wrapped at link time, see fuzz.mk)
 * refuse to read any path outside that directory, so no input can make the
 * fuzzer read /etc or walk the file system. */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/slurm_conf.h"

#include "fuzz/fuzz.h"

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
int __real_glob(const char *pattern, int flags,
		int (*errfunc)(const char *, int), glob_t *pglob);
int __wrap_glob(const char *pattern, int flags,
		int (*errfunc)(const char *, int), glob_t *pglob);

static char sandbox[PATH_MAX];
static char conf_name[PATH_MAX + 16];
static bool parsing;

static bool inside(const char *path)
{
	char real[PATH_MAX];
	size_t n = strlen(sandbox);

	if (!realpath(path, real))
		return false;
	return !strncmp(real, sandbox, n) && real[n] == '/';
}

/* Only reads are the parser's: libFuzzer writes its crash and timeout
 * files from inside a parse too. */
FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (parsing && mode[0] == 'r' && !inside(path)) {
		errno = EACCES;
		return NULL;
	}
	return __real_fopen(path, mode);
}

int __wrap_glob(const char *pattern, int flags,
		int (*errfunc)(const char *, int), glob_t *pglob)
{
	size_t n = strlen(sandbox);

	if (parsing && (strncmp(pattern, sandbox, n) || pattern[n] != '/' ||
			strstr(pattern, "..")))
		return GLOB_NOMATCH;
	return __real_glob(pattern, flags, errfunc, pglob);
}

static void put_file(const char *name, const char *text)
{
	char path[PATH_MAX + 64];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", sandbox, name);
	fp = __real_fopen(path, "w");
	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
		abort();
}

static void remove_sandbox(void)
{
	static const char *const files[] = {
		"nodes.conf", "loop.conf", "parts.d/debug.conf", "parts.d",
	};
	char path[PATH_MAX + 64];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", sandbox, files[i]);
		remove(path);
	}
	rmdir(sandbox);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char tmpl[PATH_MAX];
	char path[PATH_MAX + 64];

	fuzz_quiet();
	snprintf(tmpl, sizeof(tmpl), "%s/flurm-fuzz-conf.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl) || !realpath(tmpl, sandbox))
		abort();
	atexit(remove_sandbox);
	put_file("nodes.conf", "NodeName=inc[1-4] CPUs=2 RealMemory=100\n");
	put_file("loop.conf", "Include loop.conf\n");
	snprintf(path, sizeof(path), "%s/parts.d", sandbox);
	if (mkdir(path, 0700) < 0)
		abort();
	put_file("parts.d/debug.conf",
		 "PartitionName=inc Nodes=inc[1-4] Default=YES\n");
	snprintf(conf_name, sizeof(conf_name), "%s/slurm.conf", sandbox);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct slurm_conf *conf;

	parsing = true;
	conf = slurm_conf_parse_string(text, conf_name);
	parsing = false;
	if (conf) {
		const struct slurm_conf_part *p = slurm_conf_default_part(conf);

		if (p)
			(void)slurm_conf_find_part(conf, p->name);
		if (conf->n_nodes)
			(void)slurm_conf_find_node(conf, conf->nodes[0].name);
		(void)slurm_conf_find_node(conf, "inc1");
		(void)slurm_conf_find_unknown(conf, "SchedulerType");
		slurm_conf_free(conf);
	}
	free(text);
	return 0;
}
