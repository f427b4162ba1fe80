# SPDX-License-Identifier: GPL-2.0
#
# ksrtp top-level Makefile. `make help` lists the targets.
#
# Userspace objects go to $(O) (default build/; build/san with SAN=1 for ASan+UBSan,
# build/tsan with SAN=thread for ThreadSanitizer).
# The kernel module is built out of tree against KDIR (default: the running kernel's
# build directory when it exists, else the newest installed Debian 6.1 headers).

SHELL := /bin/bash
.DEFAULT_GOAL := all

ifeq ($(SAN),1)
O ?= build/san
else ifeq ($(SAN),thread)
O ?= build/tsan
else
O ?= build
endif

CC ?= cc
PKG_CONFIG ?= pkg-config

NL_CFLAGS := $(shell $(PKG_CONFIG) --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell $(PKG_CONFIG) --libs libnl-genl-3.0 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wno-unused-parameter
CFLAGS ?= -O2 -g
CPPFLAGS += -Ilib/include -Ikmod/include/uapi -D_GNU_SOURCE
ALL_CFLAGS := -std=c11 $(WARN) $(CFLAGS) -fno-strict-aliasing -fstack-protector-strong \
	$(NL_CFLAGS)
ifeq ($(SAN),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(SAN),thread)
ALL_CFLAGS += -fsanitize=thread -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=thread
endif
LDLIBS += -lcrypto $(NL_LIBS) -lsrtp2 -lpthread -lm

# --- userspace pieces: each directory's fragment appends to these --------------------
LIB := $(O)/lib/libksrtp.a
BINS :=
UNIT_TESTS :=
FUZZERS :=

include lib/lib.mk
include ctl/ctl.mk
include tools/tools.mk
include selftests/selftests.mk
include kmod/kmod.mk
include tools/vm/vm.mk

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(O)/lib $(O)/ctl $(O)/tools $(O)/selftests build/fuzz/lib -name '*.d' 2>/dev/null)

.PHONY: all userspace deps help clean check vmcheck vmshell demo bench lint fuzz

all: userspace module

userspace: $(LIB) $(BINS) $(UNIT_TESTS)

deps:
	@tools/deps.sh

# make check: every test, one line each, closing with "N passed, N failed[, N skipped]".
check: deps
	@tools/check.sh

demo: deps
	@tools/demo.sh

bench: deps
	@tools/bench.sh

clean:
	rm -rf build
	$(MAKE) -s module-clean

help:
	@echo "make                 build the library, tools, ksrtpctl and the module (KDIR=...)"
	@echo "make check           install deps, run every test (unit, fuzz replay, tshark, lint, VM)"
	@echo "make vmcheck         in-VM kernel selftests only (T=name,...  KVER=6.1|6.12|<abi>)"
	@echo "make vmshell         boot the test VM with the module and tools, interactive shell"
	@echo "make demo            the datapath end to end in the VM"
	@echo "make bench           benchmarks (results in docs/benchmarks.md)"
	@echo "make lint            checkpatch --strict and W=1 builds for both kernels, clang-format"
	@echo "make fuzz            run every libFuzzer target for FUZZ_SECONDS (default 60) each"
	@echo "make SAN=1 ...       ASan+UBSan build in build/san"
	@echo "make SAN=thread ...  ThreadSanitizer build in build/tsan"
