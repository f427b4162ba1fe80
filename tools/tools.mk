# SPDX-License-Identifier: GPL-2.0
# Every tools/src/NAME.c is one program, $(O)/tools/NAME, linked with libksrtp.
TOOL_SRCS := $(wildcard tools/src/*.c)
TOOL_BINS := $(TOOL_SRCS:tools/src/%.c=$(O)/tools/%)
BINS += $(TOOL_BINS)

$(O)/tools/%: $(O)/tools/src/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
