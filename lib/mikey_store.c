// SPDX-License-Identifier: GPL-2.0
/*
 * mikey_store.c - the replay cache (bounded set of message digests with their timestamps)
 * and the key store (keys by key id, the newest timestamp wins). Both are thread-safe: one
 * mutex per object, no global state.
 */
#include <ksrtp/err.h>
#include <ksrtp/mikey.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "internal.h"

struct replay_ent {
	uint8_t digest[32];
	uint64_t ts;   /* message timestamp (NTP) */
	uint64_t seen; /* insertion order */
};

struct ksrtp_mikey_replay {
	pthread_mutex_t lock;
	struct replay_ent *e;
	size_t cap, n;
	uint32_t window_s;
	uint64_t counter;
};

int ksrtp_mikey_replay_new(struct ksrtp_mikey_replay **out, size_t capacity, uint32_t window_s)
{
	struct ksrtp_mikey_replay *r;

	*out = NULL;
	if (capacity == 0 || capacity > (1u << 20))
		return -KSRTP_EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -KSRTP_ENOMEM;
	r->e = calloc(capacity, sizeof(*r->e));
	if (!r->e || pthread_mutex_init(&r->lock, NULL)) {
		free(r->e);
		free(r);
		return -KSRTP_ENOMEM;
	}
	r->cap = capacity;
	r->window_s = window_s;
	*out = r;
	return 0;
}

void ksrtp_mikey_replay_free(struct ksrtp_mikey_replay *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r->e);
	free(r);
}

int ksrtp_mikey_replay_check(struct ksrtp_mikey_replay *r, const uint8_t *msg, size_t len,
			     uint64_t ts, uint64_t now)
{
	uint8_t d[32];
	size_t victim = 0;
	int err = 0;

	if (!r || !msg)
		return -KSRTP_EINVAL;
	if (!SHA256(msg, len, d))
		return -KSRTP_ECRYPTO;
	if (!now)
		now = ksrtp_mikey_ntp_now();
	pthread_mutex_lock(&r->lock);
	/* expire entries whose timestamp left the window: they would be refused as stale */
	for (size_t i = 0; i < r->n;) {
		uint64_t a = r->e[i].ts >> 32, b = now >> 32;
		if (r->window_s && a + r->window_s < b) {
			r->e[i] = r->e[--r->n];
			continue;
		}
		i++;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (!memcmp(r->e[i].digest, d, sizeof(d))) {
			err = -KSRTP_EMIKEY_REPLAY;
			goto out;
		}
	}
	if (r->n < r->cap) {
		victim = r->n++;
	} else {
		for (size_t i = 1; i < r->n; i++)
			if (r->e[i].seen < r->e[victim].seen)
				victim = i;
	}
	memcpy(r->e[victim].digest, d, sizeof(d));
	r->e[victim].ts = ts;
	r->e[victim].seen = ++r->counter;
out:
	pthread_mutex_unlock(&r->lock);
	return err;
}

struct ksrtp_mikey_keystore {
	pthread_mutex_t lock;
	struct ksrtp_mikey_key *k;
	size_t cap, n;
};

int ksrtp_mikey_keystore_new(struct ksrtp_mikey_keystore **out, size_t capacity)
{
	struct ksrtp_mikey_keystore *s;

	*out = NULL;
	if (capacity == 0 || capacity > (1u << 16))
		return -KSRTP_EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -KSRTP_ENOMEM;
	s->k = calloc(capacity, sizeof(*s->k));
	if (!s->k || pthread_mutex_init(&s->lock, NULL)) {
		free(s->k);
		free(s);
		return -KSRTP_ENOMEM;
	}
	s->cap = capacity;
	*out = s;
	return 0;
}

void ksrtp_mikey_keystore_free(struct ksrtp_mikey_keystore *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	OPENSSL_cleanse(s->k, s->cap * sizeof(*s->k));
	free(s->k);
	free(s);
}

int ksrtp_mikey_keystore_add(struct ksrtp_mikey_keystore *s, const struct ksrtp_mikey_key *k)
{
	int err = 0;
	size_t i;

	if (!s || !k || k->key_len == 0 || k->key_len > sizeof(k->key))
		return -KSRTP_EINVAL;
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->n; i++)
		if (s->k[i].key_id == k->key_id)
			break;
	if (i < s->n) {
		if (s->k[i].ts > k->ts)
			err = -KSRTP_EMIKEY_OLDER;
	} else if (s->n == s->cap) {
		err = -KSRTP_EMIKEY_STORE_FULL;
	} else {
		s->n++;
	}
	if (!err)
		s->k[i] = *k;
	pthread_mutex_unlock(&s->lock);
	return err;
}

int ksrtp_mikey_keystore_get(struct ksrtp_mikey_keystore *s, uint32_t key_id,
			     struct ksrtp_mikey_key *k)
{
	int err = -KSRTP_EMIKEY_UNKNOWN_KEY_ID;

	if (!s || !k)
		return -KSRTP_EINVAL;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++) {
		if (s->k[i].key_id == key_id) {
			*k = s->k[i];
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return err;
}

int ksrtp_mikey_keystore_remove(struct ksrtp_mikey_keystore *s, uint32_t key_id)
{
	int err = -KSRTP_EMIKEY_UNKNOWN_KEY_ID;

	if (!s)
		return -KSRTP_EINVAL;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->n; i++) {
		if (s->k[i].key_id == key_id) {
			s->k[i] = s->k[--s->n];
			OPENSSL_cleanse(&s->k[s->n], sizeof(s->k[s->n]));
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return err;
}
