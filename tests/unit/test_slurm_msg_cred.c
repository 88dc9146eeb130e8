/* test_slurm_msg_cred.c - the job credential against a real munged: what
 * the controller packs and signs, a node unpacks and verifies; a changed
 * byte, an expired credential, another node, another uid, a signer that is
 * neither root nor SlurmUser and a signature from another munge key are
 * all refused, and a short buffer fails cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/wait.h>
#include <unistd.h>

#include "core/err.h"
#include "core/xalloc.h"
#include "slurm/msg_cred.h"
#include "slurm/slurm_defs.h"
#include "munged_fixture.h"

#define NOW ((time_t)1800000000)

static struct munged_fixture md, other_md;
static struct auth_ctx *ctx;

static int setup(void **state)
{
	if (munged_fixture_start(&md) < 0)
		return -1;
	if (munged_fixture_start(&other_md) < 0) {
		munged_fixture_stop(&md);
		return -1;
	}
	ctx = auth_create(AUTH_MUNGE, md.sock);
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	auth_destroy(ctx);
	munged_fixture_stop(&md);
	munged_fixture_stop(&other_md);
	return 0;
}

/* A credential as the controller fills it for step 12.3 on n[1-2]. */
static void make_cred(struct cred *c)
{
	static const uint16_t cpus[] = { 4 };
	static const uint32_t reps[] = { 2 };
	static const uint64_t mem[] = { 500 };

	memset(c, 0, sizeof(*c));
	c->job_id = 12;
	c->step_id = 3;
	c->step_het_comp = NO_VAL;
	c->uid = 1000;
	c->gid = 100;
	c->user_name = xstrdup("alice");
	c->home = xstrdup("/home/alice");
	c->shell = xstrdup("/bin/sh");
	c->gids = xmalloc(2 * sizeof(*c->gids));
	c->gids[0] = 100;
	c->gids[1] = 27;
	c->ngids = 2;
	c->job_core_spec = NO_VAL16;
	c->partition = xstrdup("debug");
	c->account = xstrdup("physics");
	c->step_hostlist = xstrdup("n[1-2]");
	c->job_hostlist = xstrdup("n[1-3]");
	c->job_nhosts = 3;
	c->job_ntasks = 6;
	c->job_core_bitmap = bit_alloc(12);
	bit_set(c->job_core_bitmap, 0);
	bit_set(c->job_core_bitmap, 11);
	c->cpu_array_count = 1;
	c->cpu_array = xmalloc(sizeof(cpus));
	memcpy(c->cpu_array, cpus, sizeof(cpus));
	c->cpu_array_reps = xmalloc(sizeof(reps));
	memcpy(c->cpu_array_reps, reps, sizeof(reps));
	c->job_mem_count = 1;
	c->job_mem = xmalloc(sizeof(mem));
	memcpy(c->job_mem, mem, sizeof(mem));
	c->job_mem_reps = xmalloc(sizeof(uint32_t));
	c->job_mem_reps[0] = 3;
}

static buf_t *signed_wire(struct auth_ctx *a, time_t when)
{
	struct cred c;
	buf_t *b = buf_new(512);

	make_cred(&c);
	assert_int_equal(cred_sign(a, &c, when), 0);
	assert_non_null(c.signature);
	cred_pack(b, &c);
	cred_free(&c);
	return b;
}

static const struct cred_check check_n2 = {
	.node_name = "n2", .uid = 1000, .slurm_uid = 0, .now = NOW + 5,
};

static void test_round_trip(void **unused)
{
	buf_t *b = signed_wire(ctx, NOW);
	struct cred got;
	buf_t v;

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_int_equal(buf_remaining(&v), 0);
	assert_int_equal(got.job_id, 12);
	assert_int_equal(got.step_id, 3);
	assert_int_equal(got.step_het_comp, NO_VAL);
	assert_int_equal(got.uid, 1000);
	assert_string_equal(got.user_name, "alice");
	assert_null(got.gecos);
	assert_int_equal(got.ngids, 2);
	assert_int_equal(got.gids[1], 27);
	assert_string_equal(got.step_hostlist, "n[1-2]");
	assert_string_equal(got.job_hostlist, "n[1-3]");
	assert_int_equal(got.ctime, NOW);
	assert_int_equal(bit_size(got.job_core_bitmap), 12);
	assert_true(bit_test(got.job_core_bitmap, 11));
	assert_false(bit_test(got.job_core_bitmap, 5));
	assert_null(got.step_core_bitmap);
	assert_int_equal(got.cpu_array[0], 4);
	assert_int_equal(got.cpu_array_reps[0], 2);
	assert_int_equal(got.job_mem[0], 500);
	assert_int_equal(got.step_mem_count, 0);
	assert_memory_equal(got.signature, "MUNGE:", 6);

	/* every node of the step may open the same credential */
	assert_int_equal(cred_verify(ctx, &got, &check_n2), 0);
	struct cred_check n1 = check_n2;
	n1.node_name = "n1";
	assert_int_equal(cred_verify(ctx, &got, &n1), 0);

	/* the node packs it on exactly as it came */
	buf_t *again = buf_new(512);
	cred_pack(again, &got);
	assert_int_equal(buf_len(again), buf_len(b));
	assert_memory_equal(again->data, b->data, buf_len(b));
	buf_free(again);
	cred_free(&got);
	cred_free(&got);   /* harmless twice */
	buf_free(b);
}

/* A job holding GPUs: one gres/gpu job record, in Slurm 22.05's layout
 * (magic, plugin id of "gpu", counts, then each node's GPU indexes as a
 * hex bitmap), which srun unpacks and passes on; the node finds its own
 * indexes in it. A record of another GRES, or of steps, is refused. */
static void test_gpu_records(void **unused)
{
	struct cred c, got;
	buf_t *b = buf_new(512), v;
	size_t at;

	make_cred(&c);
	c.gpu_nodes = 3;
	c.gpu_bits = xcalloc(3, sizeof(*c.gpu_bits));
	c.gpu_bits[0] = bit_alloc(2);
	bit_set(c.gpu_bits[0], 0);
	bit_set(c.gpu_bits[0], 1);
	c.gpu_bits[1] = bit_alloc(2);
	bit_set(c.gpu_bits[1], 1);
	assert_int_equal(cred_sign(ctx, &c, NOW), 0);
	cred_pack(b, &c);
	cred_free(&c);

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_int_equal(got.gpu_nodes, 3);
	assert_int_equal(bit_size(got.gpu_bits[0]), 2);
	assert_true(bit_test(got.gpu_bits[0], 1));
	assert_false(bit_test(got.gpu_bits[1], 0));
	assert_true(bit_test(got.gpu_bits[1], 1));
	assert_null(got.gpu_bits[2]);
	assert_int_equal(cred_verify(ctx, &got, &check_n2), 0);
	cred_free(&got);

	/* the record: after the groups, count 1, then Slurm's GRES magic
	 * and gres_build_id("gpu") = 7696487 */
	at = 4 * 5 + (4 + 6) + 4 + (4 + 12) + (4 + 8) + (4 + 2 * 4) + 4;
	assert_int_equal(b->data[at], 0);
	assert_int_equal(b->data[at + 1], 1);
	assert_memory_equal(b->data + at + 2, "\x43\x8a\x34\xd4", 4);
	assert_memory_equal(b->data + at + 6, "\x00\x75\x70\x67", 4);

	/* another plugin id: refused */
	b->data[at + 9] ^= 1;
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), -1);
	cred_free(&got);
	buf_free(b);
}

/* A step's share of the job's GPUs: one gres/gpu step record after the
 * job record (22.05's gres_step_state_pack layout), each node's indexes
 * as a hex bitmap; none without job GPUs. */
static void test_step_gpu_record(void **unused)
{
	struct cred c, got;
	buf_t *b = buf_new(512), v;

	make_cred(&c);
	c.gpu_nodes = 2;
	c.gpu_bits = xcalloc(2, sizeof(*c.gpu_bits));
	c.step_gpu_bits = xcalloc(2, sizeof(*c.step_gpu_bits));
	for (int k = 0; k < 2; k++) {
		c.gpu_bits[k] = bit_alloc(2);
		bit_set(c.gpu_bits[k], 0);
		bit_set(c.gpu_bits[k], 1);
	}
	c.step_gpu_bits[0] = bit_alloc(2);
	bit_set(c.step_gpu_bits[0], 1);
	assert_int_equal(cred_sign(ctx, &c, NOW), 0);
	cred_pack(b, &c);
	cred_free(&c);

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_non_null(got.step_gpu_bits);
	assert_false(bit_test(got.step_gpu_bits[0], 0));
	assert_true(bit_test(got.step_gpu_bits[0], 1));
	assert_null(got.step_gpu_bits[1]);
	assert_true(bit_test(got.gpu_bits[1], 0));
	assert_int_equal(cred_verify(ctx, &got, &check_n2), 0);
	cred_free(&got);
	buf_free(b);

	/* a step record without job GPUs is not packed */
	b = buf_new(512);
	make_cred(&c);
	c.gpu_nodes = 1;
	c.step_gpu_bits = xcalloc(1, sizeof(*c.step_gpu_bits));
	assert_int_equal(cred_sign(ctx, &c, NOW), 0);
	cred_pack(b, &c);
	cred_free(&c);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_null(got.step_gpu_bits);
	cred_free(&got);
	buf_free(b);
}

/* Changing any one byte of the signed fields breaks the credential:
 * either it no longer unpacks or its signature no longer matches. */
static void test_modified_byte_refused(void **unused)
{
	buf_t *b = signed_wire(ctx, NOW);
	struct cred good, got;
	buf_t v;
	size_t signed_len;

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &good), 0);
	signed_len = good.signed_len;
	cred_free(&good);

	for (size_t i = 0; i < signed_len; i++) {
		uint8_t *copy = xmalloc(buf_len(b));

		memcpy(copy, b->data, buf_len(b));
		copy[i] ^= 0x01;
		buf_init_view(&v, copy, buf_len(b));
		if (cred_unpack(&v, &got) == 0) {
			assert_int_equal(cred_verify(ctx, &got, &check_n2), -1);
			assert_non_null(strstr(err_msg(), "job credential"));
			cred_free(&got);
		}
		free(copy);
	}
	buf_free(b);
}

static void test_expired_refused(void **unused)
{
	buf_t *b = signed_wire(ctx, NOW);
	struct cred got;
	struct cred_check late = check_n2;
	buf_t v;

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	late.now = NOW + CRED_EXPIRE_DEFAULT;
	assert_int_equal(cred_verify(ctx, &got, &late), 0);
	late.now = NOW + CRED_EXPIRE_DEFAULT + 1;
	assert_int_equal(cred_verify(ctx, &got, &late), -1);
	assert_non_null(strstr(err_msg(), "expired"));
	/* a shorter AuthInfo=cred_expire= */
	late.now = NOW + 30;
	late.expire = 20;
	assert_int_equal(cred_verify(ctx, &got, &late), -1);
	cred_free(&got);
	buf_free(b);
}

static void test_wrong_node_or_uid_refused(void **unused)
{
	buf_t *b = signed_wire(ctx, NOW);
	struct cred got;
	struct cred_check chk = check_n2;
	buf_t v;

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	chk.node_name = "n3";   /* in the job, not in the step */
	assert_int_equal(cred_verify(ctx, &got, &chk), -1);
	assert_non_null(strstr(err_msg(), "does not name node n3"));
	chk.node_name = NULL;
	assert_int_equal(cred_verify(ctx, &got, &chk), -1);
	chk = check_n2;
	chk.uid = 1001;
	assert_int_equal(cred_verify(ctx, &got, &chk), -1);
	assert_non_null(strstr(err_msg(), "not uid 1001"));
	cred_free(&got);
	buf_free(b);
}

/* A user can make munge credentials too: one signed by a uid that is
 * neither root nor SlurmUser is refused, one by SlurmUser accepted. */
static void test_signer_must_be_slurm_user(void **unused)
{
	int fds[2];
	pid_t pid;
	buf_t *b = NULL;
	uint8_t tmp[4096];
	ssize_t n;
	size_t len = 0;
	uint8_t *data = NULL;
	int status;
	uid_t signer = getuid() == 0 ? 65534 : getuid();
	struct cred got;
	struct cred_check chk = check_n2;
	buf_t v;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		if (getuid() == 0 && setuid(signer) < 0)
			_exit(2);
		b = signed_wire(ctx, NOW);
		if (write(fds[1], b->data, buf_len(b)) != (ssize_t)buf_len(b))
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], tmp, sizeof(tmp))) > 0) {
		data = xrealloc(data, len + (size_t)n);
		memcpy(data + len, tmp, (size_t)n);
		len += (size_t)n;
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	buf_init_view(&v, data, len);
	assert_int_equal(cred_unpack(&v, &got), 0);
	chk.slurm_uid = 0;
	assert_int_equal(cred_verify(ctx, &got, &chk), -1);
	assert_non_null(strstr(err_msg(), "not by root or SlurmUser"));
	chk.slurm_uid = signer;
	assert_int_equal(cred_verify(ctx, &got, &chk), 0);
	cred_free(&got);
	free(data);
}

static void test_other_key_refused(void **unused)
{
	struct auth_ctx *other = auth_create(AUTH_MUNGE, other_md.sock);
	buf_t *b = signed_wire(other, NOW);
	struct cred got;
	buf_t v;

	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_int_equal(cred_verify(ctx, &got, &check_n2), -1);
	assert_non_null(strstr(err_msg(), "munge"));
	cred_free(&got);
	buf_free(b);
	auth_destroy(other);
}

static void test_truncated_and_unsigned(void **unused)
{
	buf_t *b = signed_wire(ctx, NOW);
	struct cred got, bare;
	buf_t v;

	for (size_t n = 0; n < buf_len(b); n++) {
		buf_init_view(&v, b->data, n);
		assert_int_equal(cred_unpack(&v, &got), -1);
		assert_null(got.user_name);
		assert_null(got.signed_data);
	}
	buf_free(b);

	/* an empty signature unpacks but never verifies */
	make_cred(&bare);
	assert_int_equal(cred_sign(ctx, &bare, NOW), 0);
	free(bare.signature);
	bare.signature = NULL;
	b = buf_new(512);
	cred_pack(b, &bare);
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_null(got.signature);
	assert_int_equal(cred_verify(ctx, &got, &check_n2), -1);
	assert_non_null(strstr(err_msg(), "not signed"));
	cred_free(&got);
	cred_free(&bare);
	buf_free(b);
}

/* auth/none (tests only) still catches a changed byte. */
static void test_auth_none(void **unused)
{
	struct auth_ctx *none = auth_create(AUTH_NONE, NULL);
	buf_t *b = signed_wire(none, NOW);
	struct cred got;
	struct cred_check chk = check_n2;
	buf_t v;

	chk.slurm_uid = geteuid();
	buf_init_view(&v, b->data, buf_len(b));
	assert_int_equal(cred_unpack(&v, &got), 0);
	assert_int_equal(cred_verify(none, &got, &chk), 0);
	got.signed_data[20] ^= 1;
	assert_int_equal(cred_verify(none, &got, &chk), -1);
	/* and a munge side does not take an auth/none signature */
	got.signed_data[20] ^= 1;
	assert_int_equal(cred_verify(ctx, &got, &chk), -1);
	cred_free(&got);
	buf_free(b);
	auth_destroy(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_gpu_records),
		cmocka_unit_test(test_step_gpu_record),
		cmocka_unit_test(test_modified_byte_refused),
		cmocka_unit_test(test_expired_refused),
		cmocka_unit_test(test_wrong_node_or_uid_refused),
		cmocka_unit_test(test_signer_must_be_slurm_user),
		cmocka_unit_test(test_other_key_refused),
		cmocka_unit_test(test_truncated_and_unsigned),
		cmocka_unit_test(test_auth_none),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
