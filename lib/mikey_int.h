/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mikey_int.h - helpers shared by the MIKEY modules (mikey_sakke.c, mikey_psk.c); not API.
 */
#ifndef KSRTP_MIKEY_INT_H
#define KSRTP_MIKEY_INT_H

#include <ksrtp/mikey.h>

int ksrtp__mikey_rfc6509_id(const uint8_t *uri, size_t uri_len, uint64_t ts, uint8_t *id,
			    size_t cap, size_t *id_len);
void ksrtp__mikey_copy_name(char *dst, size_t cap, const struct ksrtp_mikey_buf *b);
int ksrtp__mikey_random(uint8_t *p, size_t n);
int ksrtp__mikey_enc_hdr_map(struct ksrtp_mikey_enc *e, uint8_t data_type, uint8_t prf,
			     uint32_t csb_id, uint8_t map_type, uint8_t cs_id,
			     const uint32_t *ssrcs, size_t n_ssrcs, const uint8_t *spi,
			     size_t spi_len);
uint32_t ksrtp__mikey_be32(const uint8_t *p);
/* Append SIGN (when signer) and copy the message out. */
int ksrtp__mikey_finish(struct ksrtp_mikey_enc *e, const struct ksrtp_eccsi_signer *signer,
			uint8_t **out, size_t *out_len);
int ksrtp__mikey_once(const struct ksrtp_mikey_msg *m, uint8_t type,
		      const struct ksrtp_mikey_payload **p);
int ksrtp__mikey_idr(const struct ksrtp_mikey_msg *m, uint8_t role,
		     const struct ksrtp_mikey_payload **p);
int ksrtp__mikey_t_rand(const struct ksrtp_mikey_msg *m, const struct ksrtp_mikey_payload **t,
			const struct ksrtp_mikey_payload **r);
void ksrtp__mikey_fill_common(const struct ksrtp_mikey_msg *m, const struct ksrtp_mikey_payload *t,
			      const struct ksrtp_mikey_payload *r, struct ksrtp_mikey_result *res);
int ksrtp__mikey_fresh(const struct ksrtp_mikey_msg *m, uint64_t ts, uint64_t now,
		       uint32_t window_s);

#endif
