# SPDX-License-Identifier: GPL-2.0
# libksrtp: ECCSI, SAKKE, KMS key material, MIKEY, SDP. Every lib/*.c is part of it.
LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^
