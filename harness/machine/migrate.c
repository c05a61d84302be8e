/* migrate.c — see migrate.h. */
#include "migrate.h"

#include <stdio.h>

#include "placement.h"

void pl_check_init(pl_check *c, const pl_plan *plan)
{
	c->pinned = plan->pinned && plan->pin_sets;
	CPU_ZERO(&c->allowed);
	for (int w = 0; c->pinned && w < plan->workers; w++)
		CPU_OR(&c->allowed, &c->allowed, &plan->pin_sets[w]);
	c->single = c->pinned && CPU_COUNT(&c->allowed) == 1;
	atomic_init(&c->checked, 0);
	atomic_init(&c->outside, 0);
	atomic_init(&c->seen_cpu, -1);
	atomic_init(&c->migrations, 0);
}

bool pl_check_self(pl_check *c)
{
	if (!c->pinned)
		return true;
	atomic_fetch_add_explicit(&c->checked, 1, memory_order_relaxed);
	int cpu = sched_getcpu();
	if (cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, &c->allowed))
		return true;
	atomic_fetch_add_explicit(&c->outside, 1, memory_order_relaxed);
	atomic_store_explicit(&c->seen_cpu, cpu, memory_order_relaxed);
	return false;
}

void pl_check_migrations(pl_check *c, uint64_t count)
{
	atomic_fetch_add_explicit(&c->migrations, count, memory_order_relaxed);
}

int pl_check_migrated(pl_check *c)
{
	if (!c->pinned)
		return -1;
	if (atomic_load_explicit(&c->outside, memory_order_relaxed) > 0)
		return 1;
	return c->single && atomic_load_explicit(&c->migrations, memory_order_relaxed) > 0;
}

void pl_check_describe(pl_check *c, const pl_plan *plan, char *buf, size_t len)
{
	int outside = atomic_load(&c->outside), checked = atomic_load(&c->checked);
	unsigned long long moves = atomic_load(&c->migrations);
	if (!c->pinned)
		snprintf(buf, len, "unpinned: nothing to check");
	else if (outside)
		snprintf(buf, len,
		         "%d of %d worker threads ended on a CPU outside PUs %s (last: CPU %d)",
		         outside, checked, plan->pus, atomic_load(&c->seen_cpu));
	else if (c->single && moves)
		snprintf(buf, len,
		         "cpu-migrations counted %llu moves of workers pinned to one PU each",
		         moves);
	else
		snprintf(buf, len, "%d worker threads stayed on PUs %s", checked, plan->pus);
}
