#!/bin/sh
# mkcorpus.sh MKSEEDS OUTDIR - the seed corpus of every fuzz target, from
# the project's own test vectors: the golden Slurm captures (FLURM_GOLDEN,
# as the unit tests use them), messages built by our encoders (mkseeds),
# the example configs, string literals of the unit tests, and the small
# hand-written seeds in fuzz/seeds/<target>/. Run from the repository root.
set -eu
mkseeds=$1
out=$2
golden=${FLURM_GOLDEN:-tests/golden/slurm-22.05}

rm -rf "$out"
mkdir -p "$out"
"$mkseeds" "$golden" "$out"

# hand-written seeds
for d in fuzz/seeds/*/; do
	[ -d "$d" ] || continue
	t=$(basename "$d")
	mkdir -p "$out/$t"
	cp "$d"* "$out/$t/" 2>/dev/null || true
done

# slurm.conf: the golden one, the example, and the unit tests' texts
mkdir -p "$out/slurm_conf"
[ -f "$golden/slurm.conf" ] && cp "$golden/slurm.conf" "$out/slurm_conf/golden"
cp conf/slurm.conf "$out/slurm_conf/example"
perl fuzz/literals.pl "$out/slurm_conf" 8192 tests/unit/test_conf_slurm_conf.c \
	>/dev/null

# gres.conf: the unit tests' texts
mkdir -p "$out/gres_conf"
perl fuzz/literals.pl "$out/gres_conf" 8192 tests/unit/test_conf_gres_conf.c \
	>/dev/null

# daemon configs: first byte picks the daemon (0 ctld, 1 nd, 2 bd), as
# shipped (all commented) and with every setting uncommented
mkdir -p "$out/daemon_conf"
i=0
for d in flurmctld flurmnd flurmbd; do
	{ printf "\\$(printf %o $i)"; cat "conf/$d.conf"; } \
		>"$out/daemon_conf/$d"
	{ printf "\\$(printf %o $i)"; sed 's/^#\([a-z_]* *=\)/\1/' \
		"conf/$d.conf"; } >"$out/daemon_conf/$d-set"
	i=$((i + 1))
done
perl fuzz/literals.pl "$out/daemon_conf/lit" 8192 \
	tests/unit/test_conf_daemon_conf.c >/dev/null
for f in "$out"/daemon_conf/lit/*; do
	[ -f "$f" ] || continue
	for i in 0 1 2; do
		{ printf "\\$(printf %o $i)"; cat "$f"; } >"$f-$i"
	done
	mv "$f-0" "$f-1" "$f-2" "$out/daemon_conf/"
	rm -f "$f"
done
rm -rf "$out/daemon_conf/lit"

perl fuzz/literals.pl "$out/hostlist" 512 tests/unit/test_core_hostlist.c \
	>/dev/null
perl fuzz/literals.pl "$out/timestr" 64 tests/unit/test_core_timestr.c \
	>/dev/null

for d in "$out"/*/; do
	printf '  %-14s %5d seeds\n' "$(basename "$d")" "$(ls "$d" | wc -l)"
done
