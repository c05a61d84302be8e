/* wl_pair.c — see wl_pair.h. */
#include "wl_pair.h"

#include <inttypes.h>
#include <stdio.h>

#include "wl_setup.h"

bool wl_pair_make(wl_pair *p, const wl_ctx *ctx, const char *wl, int64_t n, char *err,
                  size_t errlen)
{
	p->n = n;
	rt_wg_init(&p->exited);
	p->a = wl_chan_make(ctx, wl, sizeof(int64_t), 0, err, errlen);
	p->b = p->a ? wl_chan_make(ctx, wl, sizeof(int64_t), 0, err, errlen) : NULL;
	return p->b != NULL;
}

void wl_pair_free(wl_pair *p)
{
	wl_chan_free(p->a);
	wl_chan_free(p->b);
	p->a = p->b = NULL;
}

static void partner(void *arg)
{
	wl_pair *p = arg;
	int64_t v;
	while (chan_recv(p->a, &v) == CHAN_OK) {
		p->partner_n++;
		v++;
		if (chan_send(p->b, &v) != CHAN_OK) {
			wl_fault_set(&p->fault, "partner: send on b failed");
			break;
		}
	}
	rt_wg_done(&p->exited);
}

void wl_pair_run(wl_pair *p, wl_measure *m, bool sample, wl_spin *spin)
{
	int rc = wl_go(&p->exited, partner, p);
	if (rc != 0) {
		wl_fault_set(&p->fault, "cannot spawn the partner (error %d)", rc);
		return;
	}
	int64_t v = 0;
	for (int64_t i = 0; i < p->n; i++) {
		bool sampled = sample && (i & (WL_PAIR_SAMPLE_EVERY - 1)) == 0;
		uint64_t t0 = sampled ? wl_ticks() : 0;
		if (chan_send(p->a, &v) != CHAN_OK || chan_recv(p->b, &v) != CHAN_OK) {
			wl_fault_set(&p->fault, "round trip %" PRId64 " failed", i);
			break;
		}
		if (sampled)
			m->record_ns(m, (uint64_t)((double)(wl_ticks() - t0) * m->ns_per_tick));
		wl_spin_progress(spin);
	}
	p->v = v;
	chan_close(p->a);
	rt_wg_wait(&p->exited);
}

bool wl_pair_verify(wl_pair *p, const char *wl, char *why, size_t whylen)
{
	if (wl_fault_report(&p->fault, wl, why, whylen))
		return false;
	if (p->v != p->n || p->partner_n != p->n) {
		snprintf(why, whylen,
		         "%s: v=%" PRId64 " after %" PRId64
		         " round trips (partner answered %" PRId64 "), want v=%" PRId64,
		         wl, p->v, p->n, p->partner_n, p->n);
		return false;
	}
	return true;
}
