# SPDX-License-Identifier: GPL-2.0
# ksrtpctl: every ctl/*.c except ksrtpd*.c; ksrtpd: ctl/ksrtpd*.c (when present).
CTL_SRCS := $(filter-out ctl/ksrtpd%.c,$(wildcard ctl/*.c))
CTL_OBJS := $(CTL_SRCS:%.c=$(O)/%.o)
ifneq ($(CTL_SRCS),)
BINS += $(O)/ksrtpctl
$(O)/ksrtpctl: $(CTL_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
endif
