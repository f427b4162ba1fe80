# SPDX-License-Identifier: GPL-2.0
# The in-VM kernel selftests (tools/vm/run.sh) and lint (tools/lint.sh).
#   make vmcheck [T=name,...] [KVER=6.1|6.12|<abi>]   selftests/kernel/ in qemu, TAP per case
#   make vmshell [KVER=...] [T=name,...]             the test VM with an interactive shell
#   make lint [KVERS="6.1 6.12"]                      checkpatch, W=1 builds, clang-format
KVERS ?= 6.1 6.12

.PHONY: vmcheck vmshell lint
vmcheck:
	@tools/vm/run.sh --kver "$(KVER)" $(if $(T),-t "$(T)")

vmshell:
	@tools/vm/run.sh --kver "$(KVER)" --shell $(if $(T),-t "$(T)")

lint:
	@tools/lint.sh $(KVERS)
