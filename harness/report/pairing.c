/* pairing.c — see pairing.h. */
#include "pairing.h"

#include <string.h>

bool pair_no_chan(const char *chan)
{
	return !chan[0] || !strcmp(chan, "-");
}

bool pair_with_go(const char *chan)
{
	return !strcmp(chan, PAIR_C_VARIANT) || pair_no_chan(chan);
}

bool pair_is_like(const char *runtime, const char *chan)
{
	if (!strcmp(runtime, PAIR_GO_RUNTIME))
		return !strcmp(chan, PAIR_GO_NATIVE) || pair_no_chan(chan);
	return pair_with_go(chan);
}

int pair_chans(const char *chan, const char *from, const char *to, const char *out[PAIR_MAX_CHANS])
{
	bool from_go = !strcmp(from, PAIR_GO_RUNTIME), to_go = !strcmp(to, PAIR_GO_RUNTIME);
	if (to_go && !from_go && pair_with_go(chan)) {
		out[0] = PAIR_GO_NATIVE;
		return 1;
	}
	if (from_go && !to_go && !strcmp(chan, PAIR_GO_NATIVE)) {
		out[0] = PAIR_C_VARIANT;
		out[1] = "-";
		return 2;
	}
	out[0] = chan;
	return 1;
}
