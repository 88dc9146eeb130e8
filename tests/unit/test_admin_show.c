/* test_admin_show.c - the words flurmsh and flurmtop both show: a node's
 * state with sinfo's reboot marks ("draining@" while a reboot waits,
 * "boot^" once issued), the caller's word for a record without a state,
 * and a short buffer cut, never overrun. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "admin/admin.h"

static const char *word(const char *state, const char *reboot,
			const char *none, char *buf, size_t len)
{
	struct admin_rec r = { 0 };
	const char *w;

	wire_admin_rec_str(&r, "name", "node1");
	if (state)
		wire_admin_rec_str(&r, "state", state);
	if (reboot)
		wire_admin_rec_str(&r, "reboot", reboot);
	w = admin_node_state(&r, none, buf, len);
	wire_admin_rec_free(&r);
	return w;
}

static void test_node_state_marks(void **unused)
{
	char buf[64];

	assert_string_equal(word("idle", NULL, "-", buf, sizeof(buf)), "idle");
	assert_string_equal(word("draining", "requested", "-", buf,
				 sizeof(buf)), "draining@");
	assert_string_equal(word("idle", "requested", "", buf, sizeof(buf)),
			    "idle@");
	assert_string_equal(word("down", "issued", "-", buf, sizeof(buf)),
			    "boot^");
	/* no state: the caller's word (flurmsh "-", flurmtop "") */
	assert_string_equal(word(NULL, NULL, "-", buf, sizeof(buf)), "-");
	assert_string_equal(word(NULL, NULL, "", buf, sizeof(buf)), "");
	assert_string_equal(word(NULL, "requested", "-", buf, sizeof(buf)),
			    "-@");
}

static void test_node_state_not_str(void **unused)
{
	struct admin_rec r = { 0 };
	char buf[16];

	/* a reboot field of another kind is no reboot */
	wire_admin_rec_str(&r, "state", "mixed");
	wire_admin_rec_int(&r, "reboot", 1);
	assert_string_equal(admin_node_state(&r, "-", buf, sizeof(buf)),
			    "mixed");
	wire_admin_rec_free(&r);
}

static void test_node_state_short_buffer(void **unused)
{
	char buf[5] = "xxxx";

	assert_string_equal(word("draining", "requested", "-", buf,
				 sizeof(buf)), "drai");
	assert_string_equal(word("draining", NULL, "-", buf, 1), "");
	/* no room at all: BUF is returned untouched */
	assert_ptr_equal(word("idle", NULL, "-", buf, 0), buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_state_marks),
		cmocka_unit_test(test_node_state_not_str),
		cmocka_unit_test(test_node_state_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
