// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_nl.c - the netlink client's decoders (ksrtp/nl.h) on arbitrary attribute streams: the
 * first octet picks the reply kind (module information, SA, stream, event), the rest is what
 * the kernel would have sent after the generic netlink header. Never a crash, an out-of-bounds
 * read or a leak; whatever decodes keeps its invariants (at most two keys, none with key
 * material, addresses of their family's length).
 */
#include <ksrtp/err.h>
#include <ksrtp/nl.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../lib/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cmds[] = {KSRTP_CMD_INFO_GET, KSRTP_CMD_SA_GET, KSRTP_CMD_STREAM_GET,
				       KSRTP_CMD_EVENT};
	union {
		struct ksrtp_nl_info info;
		struct ksrtp_nl_sa sa;
		struct ksrtp_nl_stream stream;
		struct ksrtp_nl_event event;
	} out;
	char detail[256];
	uint8_t cmd;
	void *copy;
	int ret;

	if (size < 1 || size > 65536)
		return 0;
	cmd = cmds[data[0] % sizeof(cmds)];
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	ret = ksrtp__nl_decode(cmd, copy, size - 1, &out, detail, sizeof(detail));
	free(copy);
	if (ret != 0 && ret != -KSRTP_ENL_PROTO)
		abort();
	if (ret == -KSRTP_ENL_PROTO && !memchr(detail, '\0', sizeof(detail)))
		abort();
	if (ret == 0 && cmd == KSRTP_CMD_SA_GET) {
		if (out.sa.num_keys > 2 || (out.sa.family != AF_INET && out.sa.family != AF_INET6))
			abort();
		for (unsigned k = 0; k < out.sa.num_keys; k++)
			if (out.sa.keys[k].master_key_len || out.sa.keys[k].master_salt_len ||
			    out.sa.keys[k].mki_len > KSRTP_SRTP_MAX_MKI)
				abort();
	}
	if (ret == 0 && cmd == KSRTP_CMD_INFO_GET && out.info.num_suites > KSRTP_NL_MAX_SUITES)
		abort();
	return 0;
}
