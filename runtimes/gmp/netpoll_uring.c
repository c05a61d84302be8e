/* netpoll_uring.c — placeholder until the io_uring backend lands. */
#include "netpoll.h"

#include <errno.h>

static int ur_init(void)
{
	return -ENOSYS;
}

const gmp_poller gmp_poller_uring = {.name = "io_uring", .init = ur_init};
