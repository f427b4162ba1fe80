# SPDX-License-Identifier: GPL-2.0
# Unit tests: every selftests/unit/test_NAME.c is a TAP program, $(O)/selftests/test_NAME,
# linked with libksrtp and selftests/unit/tap.c (a tiny TAP/vector helper, not a test).
# Fuzzers: every selftests/fuzz/fuzz_NAME.c is a libFuzzer target, built with clang into
# build/fuzz/fuzz_NAME; its seed corpus is selftests/fuzz/corpus/NAME/.
UNIT_SRCS := $(wildcard selftests/unit/test_*.c)
UNIT_TESTS += $(UNIT_SRCS:selftests/unit/%.c=$(O)/selftests/%)
UNIT_HELPER := $(O)/selftests/unit/tap.o

$(O)/selftests/test_%: $(O)/selftests/unit/test_%.o $(UNIT_HELPER) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

comma := ,
FUZZ_SRCS := $(wildcard selftests/fuzz/fuzz_*.c)
FUZZ_O := build/fuzz
FUZZERS := $(FUZZ_SRCS:selftests/fuzz/%.c=$(FUZZ_O)/%)
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Ilib/include -Ikmod/include/uapi -D_GNU_SOURCE $(NL_CFLAGS)
FUZZ_SECONDS ?= 60

# The library is instrumented once (fuzzer-no-link) and archived; each target links it.
FUZZ_LIB := $(FUZZ_O)/libksrtp-fuzz.a
FUZZ_LIB_OBJS := $(LIB_SRCS:lib/%.c=$(FUZZ_O)/lib/%.o)

$(FUZZ_O)/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	clang $(subst fuzzer$(comma),fuzzer-no-link$(comma),$(FUZZ_CFLAGS)) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_O)/fuzz_%: selftests/fuzz/fuzz_%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB) -lcrypto $(NL_LIBS) -lpthread -lm

.PHONY: unit fuzzers fuzz
unit: $(UNIT_TESTS)
fuzzers: $(FUZZERS)

# Run each fuzzer for FUZZ_SECONDS from its seed corpus (new inputs go to build/fuzz/corpus).
fuzz: $(FUZZERS)
	@set -e; for f in $(FUZZERS); do n=$${f##*/fuzz_}; \
		mkdir -p build/fuzz/corpus/$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 build/fuzz/corpus/$$n selftests/fuzz/corpus/$$n \
			2>build/fuzz/$$n.log || { tail -40 build/fuzz/$$n.log; exit 1; }; \
		grep -E 'stat::number_of_executed_runs' build/fuzz/$$n.log; done
