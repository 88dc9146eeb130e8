/* test_admin_admin.c - the admin client library against a small fake
 * controller forked on a Unix socket: a missing socket is a clear error, a
 * request gets its reply, a connection the server closed between requests
 * is opened again, and garbage, a wrong sequence number or silence are
 * errors, not crashes or hangs. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "admin/admin.h"
#include "core/err.h"
#include "core/xalloc.h"
#include "wire/wire.h"

static char dir[] = "/tmp/flurm-admin-XXXXXX";
static char path[128];

/* How the fake controller answers each request. */
enum fake_mode {
	FAKE_ECHO,        /* reply rc 0, one record: cmd and the args */
	FAKE_CLOSE_AFTER, /* answer one request per connection, then close */
	FAKE_GARBAGE,     /* answer with bytes that are no frame */
	FAKE_BAD_SEQ,     /* answer with another sequence number */
	FAKE_SILENT,      /* read and never answer */
};

static int listen_on(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	unlink(path);
	strcpy(sun.sun_path, path);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static int read_frame(int fd, uint8_t *buf, size_t cap)
{
	size_t have = 0;
	long want;

	while ((want = wire_frame_complete(buf, have)) == 0) {
		ssize_t n = read(fd, buf + have, cap - have);

		if (n <= 0)
			return -1;
		have += (size_t)n;
	}
	return want > 0 ? (int)want : -1;
}

static void serve(int lfd, enum fake_mode mode)
{
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		uint8_t buf[4096];
		int len;

		if (fd < 0)
			_exit(0);
		while ((len = read_frame(fd, buf, sizeof(buf))) > 0) {
			struct wire_admin_request rq;
			struct wire_admin_reply rep;
			struct admin_rec *r;
			uint16_t type;
			buf_t body, *out;

			if (wire_frame_parse(buf, (size_t)len, &type, &body) < 0 ||
			    wire_unpack_admin_request(&body, &rq) < 0)
				_exit(2);
			if (mode == FAKE_SILENT) {
				wire_admin_request_free(&rq);
				continue;
			}
			if (mode == FAKE_GARBAGE) {
				if (write(fd, "\xff\xff\xff\xffjunk", 8) < 0)
					_exit(3);
				wire_admin_request_free(&rq);
				continue;
			}
			memset(&rep, 0, sizeof(rep));
			rep.seq = rq.seq + (mode == FAKE_BAD_SEQ);
			r = wire_admin_rec_new(&rep);
			wire_admin_rec_int(r, "cmd", rq.cmd);
			for (uint32_t i = 0; i < rq.nargs; i++)
				wire_admin_rec_str(r, "arg", rq.args[i]);
			if (rq.cmd == ADMIN_NODE_UPDATE) {
				rep.rc = ADMIN_EPERM;
				rep.error = xstrdup("permission denied");
			}
			out = wire_frame_begin(WIRE_ADMIN_REPLY);
			wire_pack_admin_reply(out, &rep);
			wire_frame_end(out);
			if (write(fd, out->data, buf_len(out)) < 0)
				_exit(3);
			buf_free(out);
			wire_admin_reply_free(&rep);
			wire_admin_request_free(&rq);
			if (mode == FAKE_CLOSE_AFTER)
				break;
		}
		close(fd);
	}
}

static pid_t fake(enum fake_mode mode)
{
	int lfd = listen_on();
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		serve(lfd, mode);
	close(lfd);
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink(path);
}

static void test_missing_socket(void **state)
{
	unlink(path);
	assert_null(admin_connect(path, 1000));
	assert_non_null(strstr(err_msg(), "cannot reach flurmctld at "));
	assert_non_null(strstr(err_msg(), "No such file or directory"));
	assert_non_null(strstr(err_msg(), "FLURM_ADMIN_SOCKET"));
	assert_null(admin_connect("/tmp/a-path-that-is-far-too-long-for-a-unix-socket-"
				  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 1000));
	assert_non_null(strstr(err_msg(), "too long"));
}

static void test_round_trip(void **state)
{
	pid_t pid = fake(FAKE_ECHO);
	struct admin_client *a = admin_connect(path, 2000);
	char *args[] = { "node[1-2]", "a reason", NULL };
	struct wire_admin_reply rep;

	assert_non_null(a);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(admin_call(a, ADMIN_NODES, args, 2, &rep), 0);
		assert_int_equal(rep.rc, ADMIN_OK);
		assert_int_equal(rep.nrecs, 1);
		assert_int_equal(wire_admin_rec_get(&rep.recs[0], "cmd")->i, ADMIN_NODES);
		assert_string_equal(rep.recs[0].f[1].s, "node[1-2]");
		assert_string_equal(rep.recs[0].f[2].s, "a reason");
		wire_admin_reply_free(&rep);
	}
	/* a refusal is a reply, not a transport error */
	assert_int_equal(admin_call(a, ADMIN_NODE_UPDATE, NULL, 0, &rep), 0);
	assert_int_equal(rep.rc, ADMIN_EPERM);
	assert_string_equal(rep.error, "permission denied");
	wire_admin_reply_free(&rep);
	admin_close(a);
	stop(pid);
}

static void test_reconnect(void **state)
{
	pid_t pid = fake(FAKE_CLOSE_AFTER);
	struct admin_client *a = admin_connect(path, 2000);
	struct wire_admin_reply rep;

	assert_non_null(a);
	for (int i = 0; i < 3; i++) {
		/* the server closed the previous connection */
		usleep(20000);
		assert_int_equal(admin_call(a, ADMIN_PING, NULL, 0, &rep), 0);
		assert_int_equal(rep.rc, ADMIN_OK);
		wire_admin_reply_free(&rep);
	}
	admin_close(a);
	stop(pid);
}

static void test_bad_replies(void **state)
{
	static const enum fake_mode modes[] = { FAKE_GARBAGE, FAKE_BAD_SEQ, FAKE_SILENT };
	static const char *const why[] = { "bad reply", "sequence", "did not answer in time" };

	for (size_t i = 0; i < 3; i++) {
		pid_t pid = fake(modes[i]);
		struct admin_client *a = admin_connect(path, 300);
		struct wire_admin_reply rep;

		assert_non_null(a);
		assert_int_equal(admin_call(a, ADMIN_PING, NULL, 0, &rep), -1);
		if (!strstr(err_msg(), why[i]))
			fail_msg("mode %zu: '%s' lacks '%s'", i, err_msg(), why[i]);
		assert_int_equal(rep.nrecs, 0);
		assert_null(rep.error);
		admin_close(a);
		stop(pid);
	}
}

static void test_server_gone(void **state)
{
	pid_t pid = fake(FAKE_ECHO);
	struct admin_client *a = admin_connect(path, 1000);
	struct wire_admin_reply rep;

	assert_non_null(a);
	stop(pid);
	assert_int_equal(admin_call(a, ADMIN_PING, NULL, 0, &rep), -1);
	assert_non_null(strstr(err_msg(), "flurmctld"));
	admin_close(a);
}

static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/admin.sock", dir);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	rmdir(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_socket),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_reconnect),
		cmocka_unit_test(test_bad_replies),
		cmocka_unit_test(test_server_gone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
