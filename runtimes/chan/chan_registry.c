/* chan_registry.c — the channel-variant registry and capability names (chan.h). */
#include <stdio.h>
#include <string.h>

#include "../registry.h"
#include "chan.h"

static registry variants = {.what = "channel variant"};

void chan_register(const chan_variant *v)
{
	registry_add(&variants, v, v->name);
}
const chan_variant *chan_find(const char *name)
{
	return registry_find(&variants, name);
}
int chan_variant_count(void)
{
	return variants.count;
}
const chan_variant *chan_variant_at(int i)
{
	return variants.items[i];
}

void chan_caps_string(unsigned caps, char *buf, size_t len)
{
	static const char *const names[] = {"unbuffered", "buffered",       "close",
	                                    "select",     "multi-producer", "multi-consumer",
	                                    "exact-try"};
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(caps & (1u << i)))
			continue;
		int w = snprintf(buf + used, len - used, "%s%s", used ? "," : "", names[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}
