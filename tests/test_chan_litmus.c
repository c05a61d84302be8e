/*
 * test_chan_litmus.c — message passing through every channel variant on every
 * runtime, shaped like the MP litmus test: what a task wrote with plain stores
 * before a send must be what the receiver reads after the receive (Go's "a send
 * happens before the corresponding receive completes"), and a 64-byte element
 * must arrive whole.
 *
 * Two channels of 64-byte elements between a producer and a consumer: `full`
 * carries (slot, i, i, ... i), `free` returns slots. For message i the producer
 * takes a free slot, fills its 8 words with i (plain stores), sends; the consumer
 * checks the element (a torn copy mixes two messages) and the slot (a missing
 * release in the send or acquire in the receive lets it read older words), fills
 * the slot with ~i and sends it back, which the producer checks the same way when
 * it gets the slot again. 4 slots, so each is reused every 4 messages while the
 * other side may still be looking at the previous round.
 *
 * On x86 (TSO) a missing acquire/release can only show through the compiler; on
 * arm64 hardware through the CPU as well. Under qemu-user (`make test-arm64`) the
 * guest runs on x86 host threads and inherits TSO: it checks the aarch64 build,
 * not the orders (docs/MEMORY-MODEL.md).
 *
 * COROBENCH_TEST_SCALE=N divides the message count by N (at least 2,000).
 */
#include "support/chan_matrix.h"
#include "support/scale.h"

#include <stdint.h>
#include <stdlib.h>

enum { WORDS = 8, SLOTS = 4, MESSAGES = 20000 };

typedef struct lm_ctx {
	const cm_env *env;           /* where                                     */
	size_t cap;                  /* capacity of `full`                        */
	chan *full, *free;           /* producer -> consumer, consumer -> producer */
	long n;                      /* messages                                  */
	uint64_t slot[SLOTS][WORDS]; /* the out-of-band payloads  */
	rt_waitgroup wg;             /* both sides done           */
} lm_ctx;

/* True when all WORDS words of w equal v. */
static bool all_are(const volatile uint64_t *w, uint64_t v)
{
	for (int k = 0; k < WORDS; k++)
		if (w[k] != v)
			return false;
	return true;
}

static void fill(volatile uint64_t *w, uint64_t v)
{
	for (int k = 0; k < WORDS; k++)
		w[k] = v;
}

static void lm_producer(void *arg)
{
	lm_ctx *x = arg;
	uint64_t last[SLOTS]; /* what we put in each slot last time */
	bool used[SLOTS] = {false};
	for (long i = 0; i < x->n; i++) {
		uint64_t e[WORDS];
		RTS_EXPECT(chan_recv(x->free, e) == CHAN_OK);
		uint64_t s = e[0];
		if (s >= SLOTS) {
			RTS_EXPECT(!"slot from nowhere");
			break;
		}
		if (used[s]) /* the consumer wrote ~last[s] before sending s back */
			RTS_EXPECT(all_are(x->slot[s], ~last[s]));
		used[s] = true;
		last[s] = (uint64_t)i;
		fill(x->slot[s], (uint64_t)i);
		e[0] = s;
		for (int k = 1; k < WORDS; k++)
			e[k] = (uint64_t)i;
		RTS_EXPECT(chan_send(x->full, e) == CHAN_OK);
	}
	rt_wg_done(&x->wg);
}

static void lm_consumer(void *arg)
{
	lm_ctx *x = arg;
	for (long i = 0; i < x->n; i++) {
		uint64_t e[WORDS];
		RTS_EXPECT(chan_recv(x->full, e) == CHAN_OK);
		uint64_t s = e[0];
		bool whole = s < SLOTS;
		for (int k = 1; k < WORDS; k++)
			whole = whole && e[k] == (uint64_t)i; /* FIFO: message i is the i-th */
		RTS_EXPECT(whole);
		if (!whole)
			break;
		RTS_EXPECT(all_are(x->slot[s], (uint64_t)i)); /* the producer's plain stores */
		fill(x->slot[s], ~(uint64_t)i);
		RTS_EXPECT(chan_send(x->free, e) == CHAN_OK);
	}
	rt_wg_done(&x->wg);
}

static void lm_main(void *arg)
{
	lm_ctx *x = arg;
	const chan_variant *v = x->env->v;
	x->full = cm_make(v, sizeof(uint64_t) * WORDS, x->cap);
	x->free = cm_make(v, sizeof(uint64_t) * WORDS, SLOTS);
	if (!x->full || !x->free)
		return;
	for (uint64_t s = 0; s < SLOTS; s++) {
		uint64_t e[WORDS] = {s};
		RTS_EXPECT(chan_send(x->free, e) == CHAN_OK);
	}
	rt_wg_init(&x->wg);
	rt_wg_add(&x->wg, 2);
	RTS_EXPECT(rt_go(lm_consumer, x) == 0);
	RTS_EXPECT(rt_go(lm_producer, x) == 0);
	rt_wg_wait(&x->wg);
	chan_destroy(x->full);
	chan_destroy(x->free);
}

/* `full` unbuffered (each message a rendezvous) where the variant has it, and
 * with capacity 1 (the tightest ring: every slot of it reused at once). */
static void sc_message_passing(const cm_env *env)
{
	static const size_t caps[] = {0, 1};
	int ran = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		if (!cm_has(env->v, cm_caps_for_capacity(caps[i])))
			continue;
		lm_ctx *x = calloc(1, sizeof *x);
		assert_non_null(x);
		*x = (lm_ctx){.env = env, .cap = caps[i], .n = ts_iters(MESSAGES, 2000)};
		cm_run(env, lm_main, x);
		free(x);
		ran++;
	}
	if (!ran)
		skip();
}

static const cm_scenario scenarios[] = {
    {"message_passing", CHAN_CAP_BUFFERED, sc_message_passing},
};

int main(void)
{
	static const int workers[] = {1, 2};
	enum { MAX = 64 };
	static struct CMUnitTest tests[MAX];
	int n = cm_add_tests(tests, MAX, scenarios, 1, workers, 2);
	rts_watchdog(300);
	return _cmocka_run_group_tests("chan_litmus", tests, (size_t)n, NULL, NULL);
}
