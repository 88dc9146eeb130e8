# FLURM top-level build: make | make check | make demo | make install | make deps
# | make fuzz (libFuzzer targets, see fuzz/README)
# New sources need no edit here: lib/*/*.c go into lib/libflurm.a, each
# daemons/<name>/, shell/ and tui/ is one program, each tests/unit/test_*.c
# is one cmocka binary.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKGS      = libevent raft libuv sqlite3 libconfuse ncursesw readline munge
OPTFLAGS ?= -O2 -g
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes \
	-fno-strict-aliasing -Ilib
ifeq ($(SANITIZE),1)
SANFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(CFLAGS_BASE) $(OPTFLAGS) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS_ALL   = $(PKG_LIBS) -lm

# A sanitizer build lives beside the normal one, so both can coexist.
ifeq ($(SANITIZE),1)
B        := build-san
BIN      := build-san/bin
LIBFLURM := build-san/libflurm.a
else
B        := build
BIN      := bin
LIBFLURM := lib/libflurm.a
endif
export FLURM_BIN := $(abspath $(BIN))
LIB_SRCS  := $(sort $(wildcard lib/*/*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/%.o)

PROGRAMS  := flurmctld flurmnd flurmbd flurmsh flurmtop
src_of     = $(if $(filter flurmsh,$(1)),shell,$(if $(filter flurmtop,$(1)),tui,daemons/$(1)))
BINS      := $(PROGRAMS:%=$(BIN)/%)

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)
UNIT_HELPERS := $(filter-out tests/unit/test_%,$(wildcard tests/unit/*.c))

# Small clients the integration tests drive (tests/tools/*.c), sharing
# tests/tools/common/*.c.
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(B)/tests/tools/%)
TOOL_COMMON_OBJS := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard tests/tools/common/*.c)))
export FLURM_TEST_TOOLS := $(abspath $(B)/tests/tools)

MAN_PAGES := $(wildcard man/*.[1-8])

# Benchmark helpers (bench/*.c), built by `make bench` only; the code
# they share (bench/common/*.c, and the unit tests' cluster model) is
# linked into each.
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)
BENCH_COMMON_OBJS := $(patsubst %.c,$(B)/%.o,$(sort $(wildcard bench/common/*.c)))
BENCH_LINK_OBJS := $(BENCH_COMMON_OBJS) $(B)/tests/unit/state_model.o

.PHONY: all deps check check-unit check-integration demo demo-stop install clean bench bench-tools compare
.DEFAULT_GOAL := all
.SECONDARY:

all: deps-quiet $(LIBFLURM) $(BINS) $(TOOL_BINS)

deps:
	@build-aux/deps.sh

deps-quiet:
	@build-aux/deps.sh --quiet

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBFLURM): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

define program_rule
$(1)_OBJS := $$(patsubst %.c,$(B)/%.o,$$(sort $$(wildcard $(call src_of,$(1))/*.c)))
$(BIN)/$(1): $$($(1)_OBJS) $(LIBFLURM)
	@mkdir -p $(BIN)
	$(CC) $(ALL_LDFLAGS) -o $$@ $$($(1)_OBJS) $(LIBFLURM) $(LIBS_ALL)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

$(B)/tests/tools/%: $(B)/tests/tools/%.o $(TOOL_COMMON_OBJS) $(LIBFLURM)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TOOL_COMMON_OBJS) $(LIBFLURM) $(LIBS_ALL)

UNIT_HELPER_OBJS := $(UNIT_HELPERS:%.c=$(B)/%.o)
$(B)/tests/unit/%: $(B)/tests/unit/%.o $(UNIT_HELPER_OBJS) $(LIBFLURM)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(UNIT_HELPER_OBJS) $(LIBFLURM) $(LIBS_ALL) -lcmocka

# Unit tests, then integration tests, through prove; one summary line.
check: all $(UNIT_BINS)
	@perl tests/run-tests.pl $(UNIT_BINS) -- $(sort $(wildcard tests/integration/t*.t))

check-unit: all $(UNIT_BINS)
	@perl tests/run-tests.pl $(UNIT_BINS) --

check-integration: all
	@perl tests/run-tests.pl -- $(sort $(wildcard tests/integration/t*.t))

# The same client commands against a real slurmctld 22.05 and FLURM, the
# outputs compared (root; installs slurmctld and slurmd when missing). Not
# part of check.
compare: all
	@tests/compare/run $(CASES)

# make demo CONTROLLERS=3: three controllers on 127.0.0.1-3
demo: all
	@FLURM_DEMO_CONTROLLERS=$(or $(CONTROLLERS),1) examples/demo/demo.sh start

demo-stop:
	@examples/demo/demo.sh stop

$(BENCH_COMMON_OBJS): $(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<

$(B)/bench/%: $(B)/bench/%.o $(BENCH_LINK_OBJS) $(LIBFLURM)
	$(CC) $(ALL_LDFLAGS) -pthread -o $@ $< $(BENCH_LINK_OBJS) $(LIBFLURM) $(LIBS_ALL)

bench-tools: $(BENCH_BINS)

# Each executable file in bench/ is one benchmark; it prints its figures.
bench: all bench-tools
	@for b in bench/*; do [ -f "$$b" ] && [ -x "$$b" ] && "$$b"; done; true

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/bin
	install -m 755 bin/flurmctld bin/flurmnd bin/flurmbd $(DESTDIR)$(PREFIX)/sbin/
	install -m 755 bin/flurmsh bin/flurmtop $(DESTDIR)$(PREFIX)/bin/
	for m in $(MAN_PAGES); do \
		s=$${m##*.}; install -d $(DESTDIR)$(PREFIX)/share/man/man$$s; \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; done
	install -d $(DESTDIR)$(PREFIX)/share/doc/flurm/examples
	for f in conf/*; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(PREFIX)/share/doc/flurm/examples/; done; true

clean:
	rm -rf build build-san build-fuzz bin lib/libflurm.a tests/integration/trash* tests/integration/test-results

include fuzz/fuzz.mk

-include $(LIB_OBJS:.o=.d) $(BENCH_BINS:=.d) $(foreach p,$(PROGRAMS),$($(p)_OBJS:.o=.d)) $(UNIT_BINS:=.d) $(UNIT_HELPER_OBJS:.o=.d) $(TOOL_COMMON_OBJS:.o=.d) $(TOOL_BINS:=.d)
