/* test_raft_fixture.c - the c-raft 0.15 behaviours FLURM's HA glue guards
 * against, shown deterministically with raft_fixture (virtual time, no
 * network): a proposal reported lost can still be committed by the next
 * leader (so rnode waits to learn its outcome instead of answering "not
 * committed"); a barrier on the new leader is the point from which its
 * model holds the earlier leader's commands; and a transfer's callback
 * does not mean leadership moved. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <raft.h>
#include <raft/fixture.h>

#define N 3

struct tfsm {
	unsigned applied;          /* commands applied */
	uint64_t last;             /* the last command's value */
};

static int t_apply(struct raft_fsm *fsm, const struct raft_buffer *buf,
		   void **result)
{
	struct tfsm *t = fsm->data;

	if (buf->len == sizeof(uint64_t))
		memcpy(&t->last, buf->base, sizeof(t->last));
	t->applied++;
	*result = NULL;
	return 0;
}

static int t_snapshot(struct raft_fsm *fsm, struct raft_buffer *bufs[],
		      unsigned *n_bufs)
{
	struct tfsm *t = fsm->data;

	*bufs = raft_malloc(sizeof(**bufs));
	(*bufs)[0].base = raft_malloc(sizeof(t->last));
	(*bufs)[0].len = sizeof(t->last);
	memcpy((*bufs)[0].base, &t->last, sizeof(t->last));
	*n_bufs = 1;
	return 0;
}

static int t_restore(struct raft_fsm *fsm, struct raft_buffer *buf)
{
	struct tfsm *t = fsm->data;

	memcpy(&t->last, buf->base, sizeof(t->last));
	raft_free(buf->base);
	return 0;
}

struct done {
	int calls;
	int status;
};

static void apply_cb(struct raft_apply *req, int status, void *result)
{
	struct done *d = req->data;

	d->calls++;
	d->status = status;
}

static void barrier_cb(struct raft_barrier *req, int status)
{
	struct done *d = req->data;

	d->calls++;
	d->status = status;
}

struct cluster {
	struct raft_fixture f;
	struct raft_fsm fsm[N];
	struct tfsm t[N];
};

static void cluster_start(struct cluster *c)
{
	struct raft_configuration conf;

	assert_int_equal(raft_fixture_initialize(&c->f), 0);
	for (unsigned i = 0; i < N; i++) {
		memset(&c->fsm[i], 0, sizeof(c->fsm[i]));
		c->fsm[i].version = 1;
		c->fsm[i].data = &c->t[i];
		c->fsm[i].apply = t_apply;
		c->fsm[i].snapshot = t_snapshot;
		c->fsm[i].restore = t_restore;
		assert_int_equal(raft_fixture_grow(&c->f, &c->fsm[i]), 0);
	}
	assert_int_equal(raft_fixture_configuration(&c->f, N, &conf), 0);
	assert_int_equal(raft_fixture_bootstrap(&c->f, &conf), 0);
	raft_configuration_close(&conf);
	assert_int_equal(raft_fixture_start(&c->f), 0);
	raft_fixture_elect(&c->f, 0);
	assert_int_equal(raft_fixture_leader_index(&c->f), 0);
}

static int propose(struct raft *r, struct raft_apply *req, struct done *d,
		   uint64_t v)
{
	struct raft_buffer buf;

	buf.len = sizeof(v);
	buf.base = raft_malloc(buf.len);
	memcpy(buf.base, &v, sizeof(v));
	req->data = d;
	return raft_apply(r, req, &buf, 1, apply_cb);
}

static bool stored_on_followers(struct raft_fixture *f, void *arg)
{
	raft_index idx = *(raft_index *)arg;

	return raft_fixture_get(f, 1)->last_stored >= idx &&
	       raft_fixture_get(f, 2)->last_stored >= idx;
}

static bool apply_called(struct raft_fixture *f, void *arg)
{
	return ((struct done *)arg)->calls > 0;
}

static void test_lost_is_not_uncommitted(void **state)
{
	struct cluster *c = calloc(1, sizeof(*c));
	struct raft_apply req;
	struct raft_barrier breq;
	struct done d = { 0, 0 }, bd = { 0, 0 };
	raft_index idx;
	unsigned l;
	struct raft *nl;

	cluster_start(c);
	/* The followers get the entry; their answers never reach the
	 * leader, so it cannot commit and steps down. */
	raft_fixture_saturate(&c->f, 1, 0);
	raft_fixture_saturate(&c->f, 2, 0);
	assert_int_equal(propose(raft_fixture_get(&c->f, 0), &req, &d, 42), 0);
	idx = req.index;
	assert_true(raft_fixture_step_until(&c->f, stored_on_followers, &idx, 5000));
	assert_true(raft_fixture_step_until(&c->f, apply_called, &d, 10000));
	/* c-raft calls the proposal lost... */
	assert_int_equal(d.status, RAFT_LEADERSHIPLOST);
	assert_int_equal(c->t[0].applied, 0);

	/* ...but the entry lives on: the old leader goes away, one of the
	 * others leads with it in its log. */
	raft_fixture_desaturate(&c->f, 1, 0);
	raft_fixture_desaturate(&c->f, 2, 0);
	raft_fixture_kill(&c->f, 0);
	assert_true(raft_fixture_step_until_has_leader(&c->f, 10000));
	l = raft_fixture_leader_index(&c->f);
	assert_true(l == 1 || l == 2);
	nl = raft_fixture_get(&c->f, l);
	/* A barrier on the new leader returns once everything committed
	 * before it is applied there: flurmctld's "current" point. */
	breq.data = &bd;
	assert_int_equal(raft_barrier(nl, &breq, barrier_cb), 0);
	assert_true(raft_fixture_step_until(&c->f, apply_called, &bd, 5000));
	assert_int_equal(bd.status, 0);
	/* The "lost" command is committed and applied after all. */
	assert_true(raft_last_applied(nl) >= idx);
	assert_int_equal(c->t[l].applied, 1);
	assert_int_equal(c->t[l].last, 42);

	raft_fixture_close(&c->f);
	free(c);
}

static void transfer_cb(struct raft_transfer *req)
{
	struct done *d = req->data;

	d->calls++;
}

/* The transfer callback is no proof that leadership moved: asked to hand
 * over to a voter it cannot reach, the 0.15 leader calls back after an
 * election timeout and simply stays leader. flurmctld therefore picks a
 * reachable target itself and checks who leads afterwards. */
static void test_transfer_callback_is_advisory(void **state)
{
	struct cluster *c = calloc(1, sizeof(*c));
	struct raft_transfer treq;
	struct done td = { 0, 0 };
	struct raft *r0;

	cluster_start(c);
	r0 = raft_fixture_get(&c->f, 0);
	raft_fixture_disconnect(&c->f, 0, 2);
	treq.data = &td;
	assert_int_equal(raft_transfer(r0, &treq, 3, transfer_cb), 0);
	assert_true(raft_fixture_step_until(&c->f, apply_called, &td, 10000));
	assert_int_equal(raft_state(r0), RAFT_LEADER);
	assert_int_equal(raft_fixture_leader_index(&c->f), 0);

	/* to a reachable, up-to-date voter it works */
	td.calls = 0;
	assert_int_equal(raft_transfer(r0, &treq, 2, transfer_cb), 0);
	assert_true(raft_fixture_step_until(&c->f, apply_called, &td, 10000));
	assert_true(raft_fixture_step_until_has_leader(&c->f, 10000));
	assert_int_equal(raft_fixture_leader_index(&c->f), 1);
	assert_int_not_equal(raft_state(r0), RAFT_LEADER);

	raft_fixture_close(&c->f);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lost_is_not_uncommitted),
		cmocka_unit_test(test_transfer_callback_is_advisory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
