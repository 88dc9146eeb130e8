# fuzz.mk - libFuzzer targets (included by the top-level Makefile).
#   make fuzz [FUZZ_TIME=60] [FUZZ_TARGETS="wire hostlist"]  build, seed, run
#   make fuzz-build                                      just the binaries
# Everything lives in build-fuzz/, built by clang with ASan and UBSan, so
# it never touches the normal or SANITIZE=1 builds. Each fuzz/fuzz_<n>.c
# is one target; the other fuzz/*.c are linked into every target.

FUZZ_CC     ?= clang
FUZZ_TIME   ?= 60
FB          := build-fuzz
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
# A hostlist may name 1M hosts and a bitmap 64M bits: right for a
# controller, but a fuzzer that builds such lists and bitmaps (a few input
# bytes suffice) runs at a few executions a second; the same limits at
# 4096 hosts and 64K bits take the same paths.
FUZZ_LIMITS  = -DHOSTLIST_MAX_EXPAND=4096 -DPACK_MAX_BITS=65536
FUZZ_CFLAGS  = $(CFLAGS_BASE) -I. -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	$(FUZZ_LIMITS) $(PKG_CFLAGS)
FUZZ_SRCS   := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_NAMES  := $(FUZZ_SRCS:fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BINS   := $(FUZZ_NAMES:%=$(FB)/fuzz_%)
# the state targets start from the unit tests' cluster model
FUZZ_HELPERS := $(filter-out fuzz/fuzz_% fuzz/mkseeds.c,$(wildcard fuzz/*.c)) \
	tests/unit/state_model.c
FUZZ_HELPER_OBJS := $(FUZZ_HELPERS:%.c=$(FB)/%.o)
FUZZ_LIB    := $(FB)/libflurm.a
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FB)/%.o)

.PHONY: fuzz fuzz-build fuzz-corpus fuzz-deps

fuzz-deps:
	@build-aux/deps.sh --fuzz --quiet

$(FB)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# slurm.conf's Include must not reach outside the fuzzer's scratch
# directory: fuzz_slurm_conf.c checks every fopen() and glob() of the parser.
$(FB)/fuzz_slurm_conf: FUZZ_LDEXTRA = -Wl,--wrap=fopen -Wl,--wrap=glob

$(FB)/fuzz_%: $(FB)/fuzz/fuzz_%.o $(FUZZ_HELPER_OBJS) $(FUZZ_LIB)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) $(FUZZ_LDEXTRA) -o $@ $< \
		$(FUZZ_HELPER_OBJS) $(FUZZ_LIB) $(LIBS_ALL)

$(FB)/mkseeds: $(FB)/fuzz/mkseeds.o $(FUZZ_HELPER_OBJS) $(FUZZ_LIB)
	$(FUZZ_CC) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -o $@ $< \
		$(FUZZ_HELPER_OBJS) $(FUZZ_LIB) $(LIBS_ALL)

fuzz-build: fuzz-deps $(FUZZ_BINS) $(FB)/mkseeds

# The seed corpus, rebuilt from the test vectors on every run (cheap).
fuzz-corpus: fuzz-build
	@fuzz/mkcorpus.sh $(FB)/mkseeds $(FB)/corpus

fuzz: fuzz-corpus
	@fuzz/run.sh $(FB) $(FUZZ_TIME) $(FUZZ_TARGETS)

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_HELPER_OBJS:.o=.d) \
	$(FUZZ_SRCS:%.c=$(FB)/%.d) $(FB)/fuzz/mkseeds.d
