# SPDX-License-Identifier: GPL-2.0
# The kernel module, built out of tree for one kernel ABI at a time. Sources are mirrored to
# build/kmod/<abi>/ so that builds for several kernels (6.1, 6.12) never share objects.
#   make module [KVER=6.1|6.12|<abi>] [W=1]   ->  build/kmod/<abi>/kmod/ksrtp.ko
KVER_SPEC := $(KVER)
KABI = $(shell tools/kver.sh abi $(KVER_SPEC))
KDIR ?= $(shell tools/kver.sh kdir $(KVER_SPEC))

.PHONY: module module-clean
module:
	@tools/kmod-build.sh "$(KVER_SPEC)" $(if $(W),W=$(W))

module-clean:
	rm -rf build/kmod
