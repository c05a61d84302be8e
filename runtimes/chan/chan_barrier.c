/*
 * chan_barrier.c — see chan_barrier.h. Registration happens once, from a
 * constructor, before any task runs: the private expedited command must be
 * registered by the process before its first use, and registering later while
 * other threads already rely on light fences would be unsound.
 */
#include "chan_barrier.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__) && defined(SYS_membarrier)
#include <linux/membarrier.h>
#define HAVE_MEMBARRIER 1
#endif

bool chan_barrier_asym;

__attribute__((constructor)) static void chan_barrier_init(void)
{
#ifdef HAVE_MEMBARRIER
	const char *env = getenv("COROBENCH_CHAN_MEMBARRIER");
	if (env && strcmp(env, "0") == 0)
		return;
	long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	if (cmds < 0 || !(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
		return;
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
		return;
	chan_barrier_asym = true;
#endif
}

void chan_fence_heavy(void)
{
#ifdef HAVE_MEMBARRIER
	if (chan_barrier_asym) {
		if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
			return;
		/* EPERM: not registered in this mm. fork() copies the registration
		 * today, but re-registering costs nothing if a kernel ever does not. */
		if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0 &&
		    syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
			return;
		/* A full fence here alone would be unsound (the light side issued
		 * none): stop rather than lose a wake-up silently. */
		abort();
	}
#endif
	atomic_thread_fence(memory_order_seq_cst);
}

const char *chan_barrier_mode(void)
{
	return chan_barrier_asym ? "membarrier" : "fence";
}
