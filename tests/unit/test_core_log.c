/* test_core_log.c - log levels, file output and reopen after rotation,
 * lines held and written together, each line's pid (a forked child's
 * own); err_set/err_msg. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/log.h"
#include "core/xalloc.h"

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

static void test_levels_and_file(void **state)
{
	char dir[] = "/tmp/flurm-log-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/test.log", dir);
	char *moved = xasprintf("%s/test.log.1", dir);

	log_init("tester", LOG_LEVEL_INFO);
	assert_int_equal(log_set_file(path), 0);
	log_info("hello %d", 42);
	log_debug("hidden %s", "debug");
	log_more_verbose();
	log_debug("shown debug");

	char *s = slurp(path);
	assert_non_null(strstr(s, "tester["));
	assert_non_null(strstr(s, "info: hello 42"));
	assert_null(strstr(s, "hidden"));
	assert_non_null(strstr(s, "debug: shown debug"));
	free(s);

	/* logrotate moves the file; after reopen we write to a new one */
	assert_int_equal(rename(path, moved), 0);
	log_info("after rotate");
	assert_int_equal(log_reopen(), 0);
	log_info("in new file");
	s = slurp(path);
	assert_non_null(strstr(s, "in new file"));
	assert_null(strstr(s, "after rotate"));
	free(s);
	s = slurp(moved);
	assert_non_null(strstr(s, "after rotate"));
	free(s);

	assert_int_equal(log_set_file(NULL), 0);
	unlink(path);
	unlink(moved);
	rmdir(dir);
	free(path);
	free(moved);
}

/* Lines held go out together at the last release, in order; each line
 * is in the file as soon as it is logged otherwise. */
static void test_hold(void **state)
{
	char dir[] = "/tmp/flurm-log-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/test.log", dir);
	char *s;

	log_init("tester", LOG_LEVEL_INFO);
	assert_int_equal(log_set_file(path), 0);
	log_info("before");
	s = slurp(path);
	assert_non_null(strstr(s, "info: before\n"));
	free(s);

	log_hold();
	log_info("job %d submitted", 1);
	log_hold();
	log_info("job %d submitted", 2);
	log_release();
	s = slurp(path);
	assert_null(strstr(s, "job 1"));
	free(s);
	log_info("job %d submitted", 3);
	log_release();
	s = slurp(path);
	assert_non_null(strstr(s, "info: before\n"));
	assert_non_null(strstr(s, "info: job 1 submitted\n"));
	assert_true(strstr(s, "job 1 submitted") < strstr(s, "job 2 submitted"));
	assert_true(strstr(s, "job 2 submitted") < strstr(s, "job 3 submitted"));
	free(s);

	/* a release too many changes nothing; lines go out at once again */
	log_release();
	log_info("after");
	s = slurp(path);
	assert_non_null(strstr(s, "info: after\n"));
	free(s);

	/* log_flush writes out what is held, the hold goes on */
	log_hold();
	log_info("held then flushed");
	log_flush();
	s = slurp(path);
	assert_non_null(strstr(s, "held then flushed"));
	free(s);
	log_release();

	assert_int_equal(log_set_file(NULL), 0);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void test_log_file_error(void **state)
{
	assert_int_equal(log_set_file("/nonexistent-dir/x.log"), -1);
	assert_non_null(strstr(err_msg(), "/nonexistent-dir/x.log"));
	assert_non_null(strstr(err_msg(), "No such file"));
}

static uint64_t fake_now;
static uint64_t fake_clock(void)
{
	return fake_now;
}

static int count_of(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* One call site: one kind. */
static void accept_failed(int i)
{
	log_warn_limited("accept failed: Too many open files (%d)", i);
}

static void bad_frame(int i)
{
	log_warn_limited("bad frame %d", i);
}

/* A flood from one call site becomes one line per interval and a count;
 * another call site is not held back by it. */
static void test_limited(void **state)
{
	char dir[] = "/tmp/flurm-log-XXXXXX";
	char *path, *s;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/limited.log", dir);
	log_init("tester", LOG_LEVEL_INFO);
	assert_int_equal(log_set_file(path), 0);
	log_set_limit_clock(fake_clock);
	log_set_limit_interval(10000);
	fake_now = 1000;
	for (int i = 0; i < 100000; i++)
		accept_failed(i);
	log_warn_limited("another kind");
	fake_now += 5000;
	for (int i = 0; i < 10; i++)
		accept_failed(i);
	s = slurp(path);
	assert_int_equal(count_of(s, "accept failed"), 1);
	assert_int_equal(count_of(s, "another kind"), 1);
	assert_null(strstr(s, "suppressed"));
	free(s);

	/* after the interval: the next line carries the count */
	fake_now += 5000;
	accept_failed(-1);
	s = slurp(path);
	assert_int_equal(count_of(s, "accept failed: Too many open files (-1)"), 1);
	assert_non_null(strstr(s, "100009 more like \"accept failed: Too many "
			       "open files (0)\" suppressed in 10 s"));
	free(s);

	/* a burst that stopped is reported by the flush, once */
	for (int i = 0; i < 5; i++)
		bad_frame(i);
	log_limit_flush();
	s = slurp(path);
	assert_null(strstr(s, "4 more like"));
	free(s);
	fake_now += 10000;
	log_limit_flush();
	log_limit_flush();
	s = slurp(path);
	assert_int_equal(count_of(s, "4 more like \"bad frame 0\" suppressed"), 1);
	free(s);
	/* and the next one opens a fresh interval */
	bad_frame(99);
	s = slurp(path);
	assert_non_null(strstr(s, "bad frame 99"));
	free(s);

	/* below the threshold nothing is written nor counted */
	log_info_limited("quiet %d", 1);
	log_set_level(LOG_LEVEL_WARN);
	log_info_limited("hidden %d", 1);
	s = slurp(path);
	assert_null(strstr(s, "hidden"));
	free(s);

	log_set_limit_clock(NULL);
	assert_int_equal(log_set_file(NULL), 0);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* A line names the process that wrote it: a child forked after the
 * parent logged shows its own pid, not the parent's. */
static void test_pid_after_fork(void **state)
{
	char dir[] = "/tmp/flurm-log-XXXXXX";
	char *path, *text, *want_parent, *want_child;
	pid_t child;
	int status = 0;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/pid.log", dir);
	log_init("tester", LOG_LEVEL_INFO);
	assert_int_equal(log_set_file(path), 0);
	log_info("parent line");
	fflush(NULL);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		log_info("child line");
		log_set_file(NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	log_info("parent again");
	assert_int_equal(log_set_file(NULL), 0);
	text = slurp(path);
	want_parent = xasprintf("tester[%ld]: info: parent line", (long)getpid());
	want_child = xasprintf("tester[%ld]: info: child line", (long)child);
	assert_non_null(strstr(text, want_parent));
	assert_non_null(strstr(text, want_child));
	free(want_parent);
	want_parent = xasprintf("tester[%ld]: info: parent again", (long)getpid());
	assert_non_null(strstr(text, want_parent));
	unlink(path);
	rmdir(dir);
	free(want_parent);
	free(want_child);
	free(text);
	free(path);
}

static void test_err(void **state)
{
	err_set("partition '%s' does not exist", "gpu");
	assert_string_equal(err_msg(), "partition 'gpu' does not exist");
	err_clear();
	assert_string_equal(err_msg(), "unknown error");
}

static void test_xstr(void **state)
{
	char *s = NULL;
	xstrfmtcat(&s, "a%d", 1);
	xstrfmtcat(&s, ",b%s", "2");
	assert_string_equal(s, "a1,b2");
	free(s);
	assert_null(xstrdup(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_and_file),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_log_file_error),
		cmocka_unit_test(test_limited),
		cmocka_unit_test(test_pid_after_fork),
		cmocka_unit_test(test_err),
		cmocka_unit_test(test_xstr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
