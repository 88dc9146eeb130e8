/* test_core_hostlist.c - hostlist parsing, expansion, sort, uniq and
 * ranged strings. Expected strings come from the Slurm 22.05 man pages and
 * from the real "scontrol show hostnames/hostlist/hostlistsorted" run on
 * the same expressions; bad input must fail with a reason, never crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/hostlist.h"
#include "core/xalloc.h"

static char *expand(const char *expr)
{
	hostlist_t *hl = hostlist_create(expr);
	char *s;

	assert_non_null(hl);
	s = hostlist_expanded_string(hl, ",");
	hostlist_destroy(hl);
	return s;
}

static char *ranged(const char *expr)
{
	char *s = hostlist_compress(expr);

	assert_non_null(s);
	return s;
}

static char *sorted(const char *expr)
{
	hostlist_t *hl = hostlist_create(expr);
	char *s;

	assert_non_null(hl);
	hostlist_sort(hl);
	s = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	return s;
}

static char *uniq(const char *expr)
{
	hostlist_t *hl = hostlist_create(expr);
	char *s;

	assert_non_null(hl);
	hostlist_uniq(hl);
	s = hostlist_ranged_string(hl);
	hostlist_destroy(hl);
	return s;
}

#define CHECK(fn, expr, want) do {					\
	char *got_ = fn(expr);						\
	if (strcmp(got_, want) != 0)					\
		print_error("%s(\"%s\"): want \"%s\" got \"%s\"\n",	\
			    #fn, expr, want, got_);			\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

/* Expression, "scontrol show hostnames" (joined with commas), "scontrol
 * show hostlist", "scontrol show hostlistsorted", all from Slurm 22.05. */
struct slurm_case {
	const char *expr, *hosts, *ranged, *sorted;
};

static const struct slurm_case slurm_cases[] = {
	/* slurm.conf(5) and scontrol(1) examples */
	{ "lx[10-20]",
	  "lx10,lx11,lx12,lx13,lx14,lx15,lx16,lx17,lx18,lx19,lx20",
	  "lx[10-20]",
	  "lx[10-20]" },
	{ "lx[15,18,32-33]",
	  "lx15,lx18,lx32,lx33",
	  "lx[15,18,32-33]",
	  "lx[15,18,32-33]" },
	{ "frontend[00-03]",
	  "frontend00,frontend01,frontend02,frontend03",
	  "frontend[00-03]",
	  "frontend[00-03]" },
	{ "tux[1-3]",
	  "tux1,tux2,tux3",
	  "tux[1-3]",
	  "tux[1-3]" },
	{ "tux2,tux1,tux2",
	  "tux2,tux1,tux2",
	  "tux[2,1-2]",
	  "tux[1-2,2]" },
	{ "alpha,beta,gamma",
	  "alpha,beta,gamma",
	  "alpha,beta,gamma",
	  "alpha,beta,gamma" },
	{ "dev[0-8,18-25]",
	  "dev0,dev1,dev2,dev3,dev4,dev5,dev6,dev7,dev8,dev18,dev19,dev20,dev21,dev22,dev23,dev24,dev25",
	  "dev[0-8,18-25]",
	  "dev[0-8,18-25]" },
	{ "nid[10-20]",
	  "nid10,nid11,nid12,nid13,nid14,nid15,nid16,nid17,nid18,nid19,nid20",
	  "nid[10-20]",
	  "nid[10-20]" },
	{ "node[1-3,7]",
	  "node1,node2,node3,node7",
	  "node[1-3,7]",
	  "node[1-3,7]" },
	{ "n[9-10]",
	  "n9,n10",
	  "n[9-10]",
	  "n[9-10]" },
	{ "n[09-10]",
	  "n09,n10",
	  "n[09-10]",
	  "n[09-10]" },
	{ "rack[1-2]-n[01-04]",
	  "rack1-n01,rack1-n02,rack1-n03,rack1-n04,rack2-n01,rack2-n02,rack2-n03,rack2-n04",
	  "rack1-n[01-04],rack2-n[01-04]",
	  "rack1-n[01-04],rack2-n[01-04]" },
	{ "a[1-2]b[3-4]c[5-6]",
	  "a1b3c5,a1b3c6,a2b3c5,a2b3c6,a1b4c5,a1b4c6,a2b4c5,a2b4c6",
	  "a1b3c[5-6],a2b3c[5-6],a1b4c[5-6],a2b4c[5-6]",
	  "a1b3c[5-6],a1b4c[5-6],a2b3c[5-6],a2b4c[5-6]" },
	{ "a,b[1-2],c",
	  "a,b1,b2,c",
	  "a,b[1-2],c",
	  "a,b[1-2],c" },
	{ "node7",
	  "node7",
	  "node7",
	  "node7" },
	{ "n1,n2,n3,n7",
	  "n1,n2,n3,n7",
	  "n[1-3,7]",
	  "n[1-3,7]" },
	{ "n01,n2",
	  "n01,n2",
	  "n[01,2]",
	  "n[2,01]" },
	{ "n1,n01",
	  "n1,n01",
	  "n[1,01]",
	  "n[1,01]" },
	{ "n9,n10,n09",
	  "n9,n10,n09",
	  "n[9-10,09]",
	  "n[9-10,09]" },
	{ "n[1-3],n[2-5]",
	  "n1,n2,n3,n2,n3,n4,n5",
	  "n[1-3,2-5]",
	  "n[1-2,2-3,3-5]" },
	{ "n[1-3],n[1-3]",
	  "n1,n2,n3,n1,n2,n3",
	  "n[1-3,1-3]",
	  "n[1,1-2,2-3,3]" },
	{ "n[5-7],n[1-3],n[4]",
	  "n5,n6,n7,n1,n2,n3,n4",
	  "n[5-7,1-4]",
	  "n[1-7]" },
	{ "b2,a1,a,b,a10,a9",
	  "b2,a1,a,b,a10,a9",
	  "b2,a1,a,b,a[10,9]",
	  "a,a[1,9-10],b,b2" },
	{ "rack10-n1,rack2-n1,rack1-n1",
	  "rack10-n1,rack2-n1,rack1-n1",
	  "rack10-n1,rack2-n1,rack1-n1",
	  "rack1-n1,rack2-n1,rack10-n1" },
	{ "n[001-003],n5,n[004]",
	  "n001,n002,n003,n5,n004",
	  "n[001-003,5,004]",
	  "n[5,001-004]" },
	{ "n[8-12],n[008-012]",
	  "n8,n9,n10,n11,n12,n008,n009,n010,n011,n012",
	  "n[8-12,008-012]",
	  "n[8-12,008-012]" },
	{ "n[01-2]",
	  "n01,n02",
	  "n[01-02]",
	  "n[01-02]" },
	{ "n[1,01]",
	  "n1,n01",
	  "n[1,01]",
	  "n[1,01]" },
	{ "[1-3]",
	  "1,2,3",
	  "[1-3]",
	  "[1-3]" },
	{ "1,2,3",
	  "1,2,3",
	  "[1-3]",
	  "[1-3]" },
	{ "n1[1-2],n11",
	  "n11,n12,n11",
	  "n1[1-2],n11",
	  "n11,n1[1-2]" },
	{ "x,x,y",
	  "x,x,y",
	  "x,x,y",
	  "x,x,y" },
	{ "n0,n00,n000",
	  "n0,n00,n000",
	  "n[0,00,000]",
	  "n[0,00,000]" },
	{ "n1 n2\tn3",
	  "n1,n2,n3",
	  "n[1-3]",
	  "n[1-3]" },
	{ "n[1-2],,n3",
	  "n1,n2,n3",
	  "n[1-3]",
	  "n[1-3]" },
	{ "x[1-2]y[3-4]",
	  "x1y3,x1y4,x2y3,x2y4",
	  "x1y[3-4],x2y[3-4]",
	  "x1y[3-4],x2y[3-4]" },
	{ "node-1,node-2",
	  "node-1,node-2",
	  "node-[1-2]",
	  "node-[1-2]" },
};

static void test_slurm_cases(void **state)
{
	for (size_t i = 0; i < sizeof(slurm_cases) / sizeof(*slurm_cases);
	     i++) {
		const struct slurm_case *c = &slurm_cases[i];

		CHECK(expand, c->expr, c->hosts);
		CHECK(ranged, c->expr, c->ranged);
		CHECK(sorted, c->expr, c->sorted);
		/* What we print parses back to the same hosts. */
		CHECK(expand, c->ranged, c->hosts);
	}
}

/* Man page examples too long to spell out host by host. */
static void test_man_page_ranges(void **state)
{
	hostlist_t *hl;
	char *s;

	/* slurm.conf(5): "linux[0-64,128]" */
	hl = hostlist_create("linux[0-64,128]");
	assert_non_null(hl);
	assert_int_equal(hostlist_count(hl), 66);
	assert_string_equal(hostlist_nth(hl, 0), "linux0");
	assert_string_equal(hostlist_nth(hl, 64), "linux64");
	assert_string_equal(hostlist_nth(hl, 65), "linux128");
	assert_null(hostlist_nth(hl, 66));
	s = hostlist_ranged_string(hl);
	assert_string_equal(s, "linux[0-64,128]");
	free(s);
	hostlist_destroy(hl);

	/* slurm.conf(5): "linux[0000-1023]"; scontrol(1) style lx[0001-1024] */
	hl = hostlist_create("linux[0000-1023]");
	assert_int_equal(hostlist_count(hl), 1024);
	assert_string_equal(hostlist_nth(hl, 0), "linux0000");
	assert_string_equal(hostlist_nth(hl, 7), "linux0007");
	assert_string_equal(hostlist_nth(hl, 1023), "linux1023");
	hostlist_destroy(hl);
	hl = hostlist_create("lx[0001-1024]");
	assert_int_equal(hostlist_count(hl), 1024);
	assert_string_equal(hostlist_nth(hl, 0), "lx0001");
	assert_string_equal(hostlist_nth(hl, 998), "lx0999");
	assert_string_equal(hostlist_nth(hl, 999), "lx1000");
	assert_string_equal(hostlist_nth(hl, 1023), "lx1024");
	assert_int_equal(hostlist_find(hl, "lx0999"), 998);
	assert_int_equal(hostlist_find(hl, "lx999"), -1);
	s = hostlist_ranged_string(hl);
	assert_string_equal(s, "lx[0001-1024]");
	free(s);
	/* Every name spelled out compresses back to the expression. */
	s = hostlist_expanded_string(hl, "\n");
	assert_int_equal(strlen(s), 1024 * 7 - 1);
	CHECK(ranged, s, "lx[0001-1024]");
	free(s);
	hostlist_destroy(hl);

	/* slurm.conf(5): "rack[0-63]_blade[0-41]", a 2-D name space */
	hl = hostlist_create("rack[0-63]_blade[0-41]");
	assert_int_equal(hostlist_count(hl), 64 * 42);
	assert_string_equal(hostlist_nth(hl, 0), "rack0_blade0");
	assert_string_equal(hostlist_nth(hl, 41), "rack0_blade41");
	assert_string_equal(hostlist_nth(hl, 42), "rack1_blade0");
	assert_string_equal(hostlist_nth(hl, 64 * 42 - 1), "rack63_blade41");
	assert_int_equal(hostlist_find(hl, "rack10_blade5"), 10 * 42 + 5);
	s = hostlist_ranged_string(hl);
	assert_int_equal(strncmp(s, "rack0_blade[0-41],rack1_blade[0-41],"
				 "rack2_blade[0-41],", 54), 0);
	assert_non_null(strstr(s, ",rack9_blade[0-41],rack10_blade[0-41],"));
	assert_string_equal(s + strlen(s) - 19, ",rack63_blade[0-41]");
	free(s);
	hostlist_destroy(hl);

	/* slurm.conf(5): NodeName=dev[0-25], partitions of it */
	CHECK(ranged, "dev[0-8,18-25],dev[9-17]", "dev[0-8,18-25,9-17]");
	CHECK(sorted, "dev[0-8,18-25],dev[9-17]", "dev[0-25]");
}

static void expect_bad(const char *expr, const char *why)
{
	hostlist_t *hl = hostlist_create("keep1");

	err_clear();
	assert_null(hostlist_create(expr));
	if (!strstr(err_msg(), why))
		print_error("\"%s\": want error with \"%s\", got \"%s\"\n",
			    expr, why, err_msg());
	assert_non_null(strstr(err_msg(), why));
	assert_null(hostlist_compress(expr));
	/* A failed push leaves the list as it was. */
	assert_int_equal(hostlist_push(hl, expr), -1);
	assert_int_equal(hostlist_count(hl), 1);
	assert_string_equal(hostlist_nth(hl, 0), "keep1");
	hostlist_destroy(hl);
}

static void test_bad_input(void **state)
{
	expect_bad("n[3-1]", "range \"3-1\" runs backwards");
	expect_bad("n[3-1]", "n[3-1]");
	expect_bad("n[1-", "'[' is never closed");
	expect_bad("a,n[1-", "\"n[1-\"");
	expect_bad("n[1-2", "'[' is never closed");
	expect_bad("n[1- n2", "'[' is never closed");
	expect_bad("n]", "']' without a '['");
	expect_bad("n[1-2]]", "']' without a '['");
	expect_bad("]", "']' without a '['");
	expect_bad("[", "'[' is never closed");
	expect_bad("n[a-b]", "\"a-b\" is not a number or a range");
	expect_bad("n[1,a]", "\"a\" is not a number or a range");
	expect_bad("n[-1]", "not a number or a range");
	expect_bad("n[1-]", "not a number or a range");
	expect_bad("n[1--2]", "not a number or a range");
	expect_bad("n[1-2-3]", "not a number or a range");
	expect_bad("n[+1]", "not a number or a range");
	expect_bad("n[0x10]", "not a number or a range");
	expect_bad("n[]", "empty brackets");
	expect_bad("n[1,,2]", "empty range");
	expect_bad("n[1,]", "empty range");
	expect_bad("n[[1-2]]", "'[' inside brackets");
	expect_bad("n[1, 2]", "whitespace inside brackets");
	expect_bad("n[1-99999999999999999999]", "too large");
	expect_bad("n[18446744073709551615]", "too large");
	/* Only the bad token is named, in quotes. */
	expect_bad("good[1-2],bad[2-1],also[1]", "\"bad[2-1]\"");
}

static void test_limits(void **state)
{
	hostlist_t *hl;
	char *s;

	/* Exactly the limit is fine, one more is refused. */
	hl = hostlist_create("n[1-1048576]");
	assert_non_null(hl);
	assert_int_equal(hostlist_count(hl), HOSTLIST_MAX_EXPAND);
	assert_string_equal(hostlist_nth(hl, HOSTLIST_MAX_EXPAND - 1),
			    "n1048576");
	assert_int_equal(hostlist_find(hl, "n777777"), 777776);
	s = hostlist_ranged_string(hl);
	assert_string_equal(s, "n[1-1048576]");
	free(s);
	/* The limit is per expression; lists may grow past it. */
	assert_int_equal(hostlist_push(hl, "m[1-1048576]"), 0);
	assert_int_equal(hostlist_count(hl), 2 * HOSTLIST_MAX_EXPAND);
	hostlist_destroy(hl);

	expect_bad("n[0-1048576]", "more than 1048576 hosts");
	expect_bad("n[1-4294967296]", "more than 1048576 hosts");
	expect_bad("n[1-9223372036854775807]", "more than 1048576 hosts");
	expect_bad("n[1-1048576],x", "more than 1048576 hosts");
	expect_bad("n[1-600000],m[1-600000]", "more than 1048576 hosts");
	/* Products of bracket groups count, and cannot overflow. */
	hl = hostlist_create("a[1-1024]b[1-1024]");
	assert_int_equal(hostlist_count(hl), 1048576);
	hostlist_destroy(hl);
	expect_bad("a[1-1024]b[1-1025]", "more than 1048576 hosts");
	expect_bad("a[1-1048576]b[1-1048576]c[1-1048576]d[1-1048576]"
		   "e[1-1048576]", "more than 1048576 hosts");
	expect_bad("n[1-2,1-1048576]", "more than 1048576 hosts");
}

static void test_large_round_trip(void **state)
{
	hostlist_t *hl = hostlist_create("n[000001-100000],login[1-2]");
	char *all, *back;
	size_t total = 0;

	assert_int_equal(hostlist_count(hl), 100002);
	all = hostlist_expanded_string(hl, " ");
	assert_int_equal(strlen(all), 100000 * 8 + 2 * 7 - 1);
	back = hostlist_compress(all);
	assert_string_equal(back, "n[000001-100000],login[1-2]");
	free(back);
	free(all);
	/* Every host by index; names handed out stay valid together. */
	for (size_t i = 0; i < hostlist_count(hl); i++)
		total += strlen(hostlist_nth(hl, i));
	assert_int_equal(total, 100000 * 7 + 2 * 6);
	assert_string_equal(hostlist_nth(hl, 99999), "n100000");
	assert_string_equal(hostlist_nth(hl, 100001), "login2");
	hostlist_destroy(hl);
}

static void test_uniq(void **state)
{
	/* scontrol(1): tux2,tux1,tux2 is tux[2,1-2], sorted tux[1-2,2] */
	CHECK(uniq, "tux2,tux1,tux2", "tux[1-2]");
	CHECK(uniq, "n[1-3],n[2-5],n[1-3]", "n[1-5]");
	CHECK(uniq, "n[5-7],n[1-3],n4,n7", "n[1-7]");
	CHECK(uniq, "x,x,y,x", "x,y");
	CHECK(uniq, "b2,a1,a,b,a10,a9,b2,a", "a,a[1,9-10],b,b2");
	CHECK(uniq, "rack[1-2]-n[01-04],rack1-n[02-05]",
	      "rack1-n[01-05],rack2-n[01-04]");
	/* Padding is part of the name: n1 and n01 are different hosts. */
	CHECK(uniq, "n01,n1,n01", "n[1,01]");
	CHECK(uniq, "n[8-12],n[008-012],n10", "n[8-12,008-012]");
	CHECK(uniq, "n[9-10],n[09-10]", "n[9-10,09]");
	/* Names spelt two ways are still one host. */
	CHECK(uniq, "nid0000[1-7],nid00003", "nid[00001-00007]");
	CHECK(uniq, "n011,n0[9-17]", "n[09,010-017]");
	CHECK(uniq, "n[97-100],n097,n100", "n[97-100,097]");
	CHECK(uniq, "n[1-2].ib,n1.ib", "n1.ib,n2.ib");
	CHECK(uniq, "", "");

	hostlist_t *hl = hostlist_create("n[1-1048576]");
	assert_int_equal(hostlist_push(hl, "n[1-1000000]"), 0);
	assert_int_equal(hostlist_count(hl), 2048576);
	hostlist_uniq(hl);
	assert_int_equal(hostlist_count(hl), 1048576);
	char *s = hostlist_ranged_string(hl);
	assert_string_equal(s, "n[1-1048576]");
	free(s);
	hostlist_destroy(hl);
}

static void test_sort_keeps_duplicates(void **state)
{
	hostlist_t *hl = hostlist_create("n[1-3],n[2-5],n[1-3]");
	char *s;

	hostlist_sort(hl);
	assert_int_equal(hostlist_count(hl), 10);
	s = hostlist_expanded_string(hl, ",");
	assert_string_equal(s, "n1,n1,n2,n2,n2,n3,n3,n3,n4,n5");
	free(s);
	/* scontrol show hostlistsorted n[1-3],n[2-5],n[1-3] */
	s = hostlist_ranged_string(hl);
	assert_string_equal(s, "n[1,1-2,2,2-3,3,3-5]");
	free(s);
	hostlist_destroy(hl);

	/* A sort of a million duplicated hosts finishes and keeps them. */
	hl = hostlist_create("n[1-1000000]");
	hostlist_push(hl, "n[1-1000000]");
	hostlist_sort(hl);
	assert_int_equal(hostlist_count(hl), 2000000);
	assert_string_equal(hostlist_nth(hl, 0), "n1");
	assert_string_equal(hostlist_nth(hl, 1), "n1");
	assert_string_equal(hostlist_nth(hl, 1999999), "n1000000");
	s = hostlist_ranged_string(hl);
	assert_int_equal(strncmp(s, "n[1,1-2,2-3,3-4,", 16), 0);
	free(s);
	hostlist_destroy(hl);
}

static void test_suffix(void **state)
{
	/* Text after the last bracket: Slurm 23.02's "node[0001-0010]-int". */
	CHECK(expand, "node[0001-0003]-int",
	      "node0001-int,node0002-int,node0003-int");
	CHECK(ranged, "node[0001-0003]-int",
	      "node0001-int,node0002-int,node0003-int");
	CHECK(expand, "n[1-2].ib,login", "n1.ib,n2.ib,login");
	CHECK(expand, "r[1-2]n[3-4].ib", "r1n3.ib,r1n4.ib,r2n3.ib,r2n4.ib");
	/* A trailing number after the suffix is the host's number. */
	CHECK(ranged, "n[1-2]-eth0,n1-eth1", "n1-eth0,n2-eth0,n1-eth1");
	CHECK(uniq, "n[1-2]-eth0,n1-eth1", "n1-eth[0-1],n2-eth0");
	CHECK(ranged, "x[1-3]y", "x1y,x2y,x3y");
}

static void test_separators_and_empty(void **state)
{
	hostlist_t *hl;
	char *s;

	CHECK(expand, "n1 n2\tn3\nn4,,n5 ,\t", "n1,n2,n3,n4,n5");
	CHECK(ranged, "  n1 n2\tn3\nn4,,n5 ", "n[1-5]");
	CHECK(expand, "a,b[1-2],c", "a,b1,b2,c");
	for (int i = 0; i < 3; i++) {
		const char *e[] = { NULL, "", " ,, \t" };

		hl = hostlist_create(e[i]);
		assert_non_null(hl);
		assert_int_equal(hostlist_count(hl), 0);
		assert_null(hostlist_nth(hl, 0));
		assert_int_equal(hostlist_find(hl, "n1"), -1);
		s = hostlist_ranged_string(hl);
		assert_string_equal(s, "");
		free(s);
		s = hostlist_expanded_string(hl, NULL);
		assert_string_equal(s, "");
		free(s);
		hostlist_sort(hl);
		hostlist_uniq(hl);
		assert_int_equal(hostlist_count(hl), 0);
		hostlist_destroy(hl);
	}
	hostlist_destroy(NULL);
}

static void test_push_find_nth(void **state)
{
	hostlist_t *hl = hostlist_create("n1");
	const char *a, *b;
	char *s;

	/* A pushed host that continues the last run joins it. */
	assert_int_equal(hostlist_push(hl, "n2"), 0);
	hostlist_push_host(hl, "n3");
	hostlist_push_host(hl, "login");
	hostlist_push_host(hl, "");
	hostlist_push_host(hl, NULL);
	assert_int_equal(hostlist_push(hl, "n[7-8],n01"), 0);
	assert_int_equal(hostlist_push(hl, NULL), 0);
	assert_int_equal(hostlist_count(hl), 7);
	s = hostlist_ranged_string(hl);
	assert_string_equal(s, "n[1-3],login,n[7-8,01]");
	free(s);

	/* Names from nth stay valid together until the list changes. */
	a = hostlist_nth(hl, 0);
	b = hostlist_nth(hl, 6);
	assert_string_equal(a, "n1");
	assert_string_equal(b, "n01");
	assert_string_equal(hostlist_nth(hl, 3), "login");
	assert_string_equal(a, "n1");
	assert_null(hostlist_nth(hl, 7));

	/* find matches the exact name: n1 and n01 differ. */
	assert_int_equal(hostlist_find(hl, "n1"), 0);
	assert_int_equal(hostlist_find(hl, "n3"), 2);
	assert_int_equal(hostlist_find(hl, "login"), 3);
	assert_int_equal(hostlist_find(hl, "n8"), 5);
	assert_int_equal(hostlist_find(hl, "n01"), 6);
	assert_int_equal(hostlist_find(hl, "n001"), -1);
	assert_int_equal(hostlist_find(hl, "n4"), -1);
	assert_int_equal(hostlist_find(hl, "n"), -1);
	assert_int_equal(hostlist_find(hl, "login1"), -1);
	assert_int_equal(hostlist_find(hl, NULL), -1);
	hostlist_destroy(hl);

	/* Cray style: digits before the bracket are part of the name. */
	hl = hostlist_create("nid0000[2-7],n1");
	assert_int_equal(hostlist_find(hl, "nid00002"), 0);
	assert_int_equal(hostlist_find(hl, "nid00007"), 5);
	assert_int_equal(hostlist_find(hl, "nid2"), -1);
	assert_int_equal(hostlist_find(hl, "n1"), 6);
	/* Duplicates: the first one. */
	hostlist_push(hl, "nid00003");
	assert_int_equal(hostlist_find(hl, "nid00003"), 1);
	/* push_host takes a name literally, brackets and all. */
	hostlist_push_host(hl, "odd[1-2]");
	assert_int_equal(hostlist_count(hl), 9);
	assert_int_equal(hostlist_find(hl, "odd[1-2]"), 8);
	hostlist_destroy(hl);
}

static void test_compress(void **state)
{
	CHECK(ranged, "n1,n2,n3,n7", "n[1-3,7]");
	CHECK(ranged, "n01,n2", "n[01,2]");
	CHECK(ranged, "n01,n02,n2,n3", "n[01-02,2-3]");
	CHECK(ranged, "n9,n10", "n[9-10]");
	CHECK(ranged, "n09,n10", "n[09-10]");
	CHECK(ranged, "n99,n100,n0100", "n[99-100,0100]");
	CHECK(ranged, "login,n1,n2,gpu01,gpu02,n3", "login,n[1-2],gpu[01-02],n3");
	assert_null(hostlist_compress("n[2-1]"));
}

/* Pseudo-random host sets: the ranged string after uniq names exactly
 * the same hosts, sorted, with no duplicates, and is stable. */
static void test_random_round_trips(void **state)
{
	static const char *const prefixes[] = { "n", "node", "rack1-n",
						"rack10-n", "", "x_", "n0" };
	uint32_t seed = 12345;

	for (int round = 0; round < 300; round++) {
		hostlist_t *hl = hostlist_create(NULL), *back;
		char *r1, *r2, *e1, *e2;
		int n = 1 + round % 40;

		for (int i = 0; i < n; i++) {
			char name[64];

			seed = seed * 1103515245 + 12345;
			snprintf(name, sizeof(name), "%s%0*u",
				 prefixes[(seed >> 8) % 7],
				 (int)((seed >> 4) % 4), (seed >> 16) % 130);
			hostlist_push_host(hl, name);
		}
		hostlist_uniq(hl);
		r1 = hostlist_ranged_string(hl);
		e1 = hostlist_expanded_string(hl, ",");
		back = hostlist_create(r1);
		assert_non_null(back);
		e2 = hostlist_expanded_string(back, ",");
		assert_string_equal(e1, e2);
		hostlist_uniq(back);
		r2 = hostlist_ranged_string(back);
		assert_string_equal(r1, r2);
		/* no name twice */
		for (size_t i = 0; i < hostlist_count(hl); i++)
			assert_int_equal(hostlist_find(hl, hostlist_nth(hl, i)),
					 (long)i);
		free(r1);
		free(r2);
		free(e1);
		free(e2);
		hostlist_destroy(hl);
		hostlist_destroy(back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slurm_cases),
		cmocka_unit_test(test_man_page_ranges),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_large_round_trip),
		cmocka_unit_test(test_uniq),
		cmocka_unit_test(test_sort_keeps_duplicates),
		cmocka_unit_test(test_suffix),
		cmocka_unit_test(test_separators_and_empty),
		cmocka_unit_test(test_push_find_nth),
		cmocka_unit_test(test_compress),
		cmocka_unit_test(test_random_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
