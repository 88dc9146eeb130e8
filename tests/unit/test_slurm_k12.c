/* test_slurm_k12.c - KT128 and TurboSHAKE128 against the RFC 9861 test
 * vectors (single node, tree mode, customization strings), and against the
 * munge payloads that real Slurm 22.05 put on the wire in the golden
 * captures (FLURM_GOLDEN, default tests/golden/slurm-22.05). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/xalloc.h"
#include "slurm/k12.h"

#define GOLDEN_DEFAULT "tests/golden/slurm-22.05"

/* "1a c2 d4 ..." -> bytes; returns the count. */
static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (*s) {
		if (*s == ' ' || *s == '\n') {
			s++;
			continue;
		}
		if (n == max || sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* RFC 9861 ptn(n): the bytes 00 01 .. FA repeated. */
static uint8_t *ptn(size_t n)
{
	uint8_t *p = xmalloc(n ? n : 1);

	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i % 251);
	return p;
}

static void check(const uint8_t *got, const char *want_hex)
{
	uint8_t want[64];
	size_t n = unhex(want_hex, want, sizeof(want));

	assert_true(n > 0);
	assert_memory_equal(got, want, n);
}

static void test_turboshake128(void **state)
{
	uint8_t out[10032];
	uint8_t *m = ptn(17);

	k12_turboshake128(NULL, 0, 0x1f, out, 64);
	check(out, "1E 41 5F 1C 59 83 AF F2 16 92 17 27 7D 17 BB 53"
		   "8C D9 45 A3 97 DD EC 54 1F 1C E4 1A F2 C1 B7 4C"
		   "3E 8C CA E2 A4 DA E5 6C 84 A0 4C 23 85 C0 3C 15"
		   "E8 19 3B DF 58 73 73 63 32 16 91 C0 54 62 C8 DF");
	/* squeezing many blocks */
	k12_turboshake128(NULL, 0, 0x1f, out, sizeof(out));
	check(out + sizeof(out) - 32,
	      "A3 B9 B0 38 59 00 CE 76 1F 22 AE D5 48 E7 54 DA"
	      "10 A5 24 2D 62 E8 C6 58 E3 F3 A9 23 A7 55 56 07");
	k12_turboshake128(m, 1, 0x1f, out, 32);
	check(out, "55 CE DD 6F 60 AF 7B B2 9A 40 42 AE 83 2E F3 F5"
		   "8D B7 29 9F 89 3E BB 92 47 24 7D 85 69 58 DA A9");
	free(m);
}

static void test_kt128_empty(void **state)
{
	uint8_t out[10032];

	k12_hash(NULL, 0, NULL, 0, out, 64);
	check(out, "1A C2 D4 50 FC 3B 42 05 D1 9D A7 BF CA 1B 37 51"
		   "3C 08 03 57 7A C7 16 7F 06 FE 2C E1 F0 EF 39 E5"
		   "42 69 C0 56 B8 C8 2E 48 27 60 38 B6 D2 92 96 6C"
		   "C0 7A 3D 46 45 27 2E 31 FF 38 50 81 39 EB 0A 71");
	k12_hash("", 0, "", 0, out, sizeof(out));
	check(out + sizeof(out) - 32,
	      "E8 DC 56 36 42 F7 22 8C 84 68 4C 89 84 05 D3 A8"
	      "34 79 91 58 C0 79 B1 28 80 27 7A 1D 28 E2 FF 6D");
}

/* ptn(17^i) for i = 0..6: 17^4 and up (83521 bytes to 24 MB) run the
 * tree mode with 11 to 2948 leaves. */
static void test_kt128_pattern(void **state)
{
	static const char *const want[] = {
		"2B DA 92 45 0E 8B 14 7F 8A 7C B6 29 E7 84 A0 58"
		"EF CA 7C F7 D8 21 8E 02 D3 45 DF AA 65 24 4A 1F",
		"6B F7 5F A2 23 91 98 DB 47 72 E3 64 78 F8 E1 9B"
		"0F 37 12 05 F6 A9 A9 3A 27 3F 51 DF 37 12 28 88",
		"0C 31 5E BC DE DB F6 14 26 DE 7D CF 8F B7 25 D1"
		"E7 46 75 D7 F5 32 7A 50 67 F3 67 B1 08 EC B6 7C",
		"CB 55 2E 2E C7 7D 99 10 70 1D 57 8B 45 7D DF 77"
		"2C 12 E3 22 E4 EE 7F E4 17 F9 2C 75 8F 0D 59 D0",
		"87 01 04 5E 22 20 53 45 FF 4D DA 05 55 5C BB 5C"
		"3A F1 A7 71 C2 B8 9B AE F3 7D B4 3D 99 98 B9 FE",
		"84 4D 61 09 33 B1 B9 96 3C BD EB 5A E3 B6 B0 5C"
		"C7 CB D6 7C EE DF 88 3E B6 78 A0 A8 E0 37 16 82",
		"3C 39 07 82 A8 A4 E8 9F A6 36 7F 72 FE AA F1 32"
		"55 C8 D9 58 78 48 1D 3C D8 CE 85 F5 8E 88 0A F8",
	};
	size_t len = 1;
	uint8_t out[32];

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint8_t *m = ptn(len);

		k12_hash(m, len, NULL, 0, out, sizeof(out));
		check(out, want[i]);
		free(m);
		len *= 17;
	}
}

/* Sizes around the chunk boundary: with an empty C, S = M || 00, so
 * 8191 bytes is the largest single node and 8192 the smallest tree. */
static void test_kt128_chunk_boundary(void **state)
{
	uint8_t *m = ptn(8192), *c = ptn(8190);
	uint8_t out[32];

	k12_hash(m, 8191, NULL, 0, out, sizeof(out));
	check(out, "1B 57 76 36 F7 23 64 3E 99 0C C7 D6 A6 59 83 74"
		   "36 FD 6A 10 36 26 60 0E B8 30 1C D1 DB E5 53 D6");
	k12_hash(m, 8192, NULL, 0, out, sizeof(out));
	check(out, "48 F2 56 F6 77 2F 9E DF B6 A8 B6 61 EC 92 DC 93"
		   "B9 5E BD 05 A0 8A 17 B3 9A E3 49 08 70 C9 26 C3");
	/* the leaf split falls inside C, then inside length_encode(|C|) */
	k12_hash(m, 8192, c, 8189, out, sizeof(out));
	check(out, "3E D1 2F 70 FB 05 DD B5 86 89 51 0A B3 E4 D2 3C"
		   "6C 60 33 84 9A A0 1E 1D 8C 22 0A 29 7F ED CD 0B");
	k12_hash(m, 8192, c, 8190, out, sizeof(out));
	check(out, "6A 7C 1B 6A 5C D0 D8 C9 CA 94 3A 4A 21 6C C6 46"
		   "04 55 9A 2E A4 5F 78 57 0A 15 25 3D 67 BA 00 AE");
	free(m);
	free(c);
}

static void test_kt128_custom(void **state)
{
	static const uint8_t ff[7] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	uint8_t *c = ptn(41 * 41 * 41);
	uint8_t out[32];

	k12_hash(NULL, 0, c, 1, out, sizeof(out));
	check(out, "FA B6 58 DB 63 E9 4A 24 61 88 BF 7A F6 9A 13 30"
		   "45 F4 6E E9 84 C5 6E 3C 33 28 CA AF 1A A1 A5 83");
	k12_hash(ff, 1, c, 41, out, sizeof(out));
	check(out, "D8 48 C5 06 8C ED 73 6F 44 62 15 9B 98 67 FD 4C"
		   "20 B8 08 AC C3 D5 BC 48 E0 B0 6B A0 A3 76 2E C4");
	k12_hash(ff, 3, c, 41 * 41, out, sizeof(out));
	check(out, "C3 89 E5 00 9A E5 71 20 85 4C 2E 8C 64 67 0A C0"
		   "13 58 CF 4C 1B AF 89 44 7A 72 42 34 DC 7C ED 74");
	/* C of 68921 bytes: the tree is driven by the customization */
	k12_hash(ff, 7, c, 41 * 41 * 41, out, sizeof(out));
	check(out, "75 D2 F8 6A 2E 64 45 66 72 6B 4F BC FC 56 57 B9"
		   "DB CF 07 0C 7B 0D CA 06 45 0A B2 91 D7 44 3B CF");
	free(c);
}

/* ---- golden captures: K12 of each body equals its munge payload ---- */

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!fp)
		return NULL;
	do {
		if (n == cap)
			xgrow((void **)&data, &cap, n + 4096, 1);
		got = fread(data + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*len = n;
	return data;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Walk one framed message at *off: u32 length, 22.05 header, auth/munge
 * section, body. Gives the msg_type and body and moves *off past it. */
static void next_message(const uint8_t *f, size_t flen, size_t *off,
			 uint16_t *msg_type, const uint8_t **body,
			 size_t *body_len)
{
	size_t p = *off, end, hdr;

	assert_true(flen - p >= 4 + 16);
	end = p + 4 + be32(f + p);
	assert_true(end <= flen);
	p += 4;
	assert_int_equal(be16(f + p), 0x2600);
	*msg_type = be16(f + p + 4);
	*body_len = be32(f + p + 6);
	assert_int_equal(be16(f + p + 10), 0);	/* forward_cnt */
	assert_int_equal(be16(f + p + 12), 0);	/* ret_cnt */
	hdr = be16(f + p + 14) == 2 ? 22 : 16;	/* AF_INET orig_addr */
	p += hdr;
	assert_true(end - p >= 8);
	assert_int_equal(be32(f + p), 101);	/* auth/munge */
	p += 8 + be32(f + p + 4);
	assert_true(p <= end);
	assert_int_equal(end - p, *body_len);
	*body = f + p;
	*off = end;
}

/* decode.txt names each .bin file, then one "munge payload=HEX" line per
 * message in it, in order. */
static int check_case(const char *dir)
{
	char *path = xasprintf("%s/decode.txt", dir);
	FILE *fp = fopen(path, "r");
	char line[4096], *s;
	uint8_t *file = NULL;
	size_t flen = 0, off = 0;
	int checked = 0;

	if (!fp)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), fp)) {
		char name[64];

		if (sscanf(line, "  %63[0-9a-z-].bin:", name) == 1 &&
		    strstr(line, ".bin: ")) {
			if (file)
				assert_int_equal(off, flen);
			free(file);
			char *bin = xasprintf("%s/%s.bin", dir, name);
			file = slurp(bin, &flen);
			if (!file)
				fail_msg("cannot read %s", bin);
			free(bin);
			off = 0;
		} else if ((s = strstr(line, "munge payload="))) {
			uint8_t want[33], got[32];
			const uint8_t *body;
			size_t body_len;
			uint16_t type;
			uint8_t custom[2];

			assert_non_null(file);
			assert_int_equal(unhex(s + 14, want, sizeof(want)), 33);
			assert_int_equal(want[0], 0x02); /* HASH_PLUGIN_K12 */
			next_message(file, flen, &off, &type, &body, &body_len);
			custom[0] = (uint8_t)(type >> 8);
			custom[1] = (uint8_t)type;
			k12_hash(body, body_len, custom, 2, got, sizeof(got));
			assert_memory_equal(got, want + 1, 32);
			/* the customization counts: little-endian differs
			 * (where the two bytes do: not for 2056, 0x0808) */
			custom[0] = (uint8_t)type;
			custom[1] = (uint8_t)(type >> 8);
			k12_hash(body, body_len, custom, 2, got, sizeof(got));
			if (custom[0] != custom[1])
				assert_memory_not_equal(got, want + 1, 32);
			checked++;
		}
	}
	if (file)
		assert_int_equal(off, flen);
	free(file);
	fclose(fp);
	free(path);
	return checked;
}

static void test_golden_payloads(void **state)
{
	static const char *const cases[] = {
		"sbatch", "scancel", "scontrol_ping", "scontrol_reconfigure",
		"scontrol_show_config", "scontrol_show_job",
		"scontrol_show_job_pending", "scontrol_show_node",
		"scontrol_show_partition", "scontrol_update_drain",
		"scontrol_update_resume", "sdiag", "sinfo", "squeue",
		"squeue_j",
		/* recorded by tests/golden/capture.sh */
		"scontrol_show_config_no_change", "sdiag_reset",
		"sdiag_reset_denied", "empty_topology", "empty_frontend",
		"empty_burstbuffer", "empty_assoc_mgr", "empty_reservation",
		"empty_trigger", "empty_sshare", "batch_script",
		"empty_dwstat", "schedloglevel_disabled", "setdebugflags",
		"setdebugflags_denied",
	};
	const char *golden = getenv("FLURM_GOLDEN");
	int total = 0;

	if (!golden)
		golden = GOLDEN_DEFAULT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = xasprintf("%s/%s", golden, cases[i]);
		int n = check_case(dir);

		assert_true(n >= 2);
		total += n;
		free(dir);
	}
	assert_int_equal(total, 73 + 8 + 2 + 2 + 7 * 2 + 4 + 2 * 2 + 4 * 2 + 2);
}

/* k12_hash_memo: the same hash as k12_hash for any split into head and
 * tail, any length around leaf boundaries, with leaves taken from the
 * memo where the caller says the bytes are those of the last message. */
static void test_kt128_memo(void **state)
{
	static const size_t lens[] = {
		0, 1, 20, 8191, 8192, 8193, 16383, 16384, 16385,
		5 * 8192, 5 * 8192 + 7, 9 * 8192 - 1,
	};
	const uint8_t custom[2] = { 0x07, 0xd4 };
	size_t max = 9 * 8192 + 64;
	uint8_t *m = malloc(max);
	struct k12_memo memo;

	memset(&memo, 0, sizeof(memo));
	for (size_t i = 0; i < max; i++)
		m[i] = (uint8_t)(i * 7 + (i >> 9));
	for (size_t li = 0; li < sizeof(lens) / sizeof(*lens); li++) {
		size_t len = lens[li];
		size_t hl = len < 20 ? len : 20;
		uint8_t want[32], got[32];

		/* nothing known: every leaf hashed, the memo filled */
		k12_hash(m, len, custom, 2, want, 32);
		k12_hash_memo(&memo, SIZE_MAX, NULL, 0, m, hl, m + hl, len - hl,
			      custom, 2, got, 32);
		assert_memory_equal(want, got, 32);
		/* a new header, the rest as before: leaves from the memo */
		m[0] ^= 0x5a;
		k12_hash(m, len, custom, 2, want, 32);
		k12_hash_memo(&memo, hl, NULL, 0, m, hl, m + hl, len - hl, custom, 2,
			      got, 32);
		assert_memory_equal(want, got, 32);
		/* a change in leaf 2 with nothing vouched for: hashed anew */
		if (len > 2 * 8192 + 10) {
			m[2 * 8192 + 10] ^= 1;
			k12_hash(m, len, custom, 2, want, 32);
			k12_hash_memo(&memo, 2 * 8192 + 11, NULL, 0, m, hl, m + hl,
				      len - hl, custom, 2, got, 32);
			/* leaf 2 from the memo would be wrong; the caller
			 * vouched only from inside it, so leaf 3 on */
			assert_memory_equal(want, got, 32);
		}
		/* nothing vouched for, the last message given: the leaves
		 * equal to its own come from the memo, the changed one (and
		 * the header) are hashed */
		if (len > 4 * 8192) {
			uint8_t *prev = malloc(len);

			memcpy(prev, m, len);
			k12_hash_memo(&memo, SIZE_MAX, NULL, 0, m, hl, m + hl,
				      len - hl, custom, 2, got, 32);
			m[0] ^= 0x33;
			m[3 * 8192 + 5] ^= 0x80;
			k12_hash(m, len, custom, 2, want, 32);
			k12_hash_memo(&memo, SIZE_MAX, prev, len, m, hl, m + hl,
				      len - hl, custom, 2, got, 32);
			assert_memory_equal(want, got, 32);
			/* and the memo now holds the new leaves */
			k12_hash_memo(&memo, hl, NULL, 0, m, hl, m + hl,
				      len - hl, custom, 2, got, 32);
			assert_memory_equal(want, got, 32);
			free(prev);
		}
		/* the split does not matter */
		k12_hash_memo(&memo, SIZE_MAX, NULL, 0, m, 0, m, len, custom, 2, got, 32);
		assert_memory_equal(want, got, 32);
	}
	k12_memo_free(&memo);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_turboshake128),
		cmocka_unit_test(test_kt128_empty),
		cmocka_unit_test(test_kt128_pattern),
		cmocka_unit_test(test_kt128_chunk_boundary),
		cmocka_unit_test(test_kt128_custom),
		cmocka_unit_test(test_golden_payloads),
		cmocka_unit_test(test_kt128_memo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
