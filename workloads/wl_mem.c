/* wl_mem.c — see wl_mem.h. */
#include "wl_mem.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int64_t wl_mem_status(const char *field)
{
	/* /proc/self/status is ~1.4 KB; read it with one syscall, no stdio buffering. */
	char buf[8192];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t len = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	size_t flen = strlen(field);
	for (char *line = buf; *line;) {
		if (strncmp(line, field, flen) == 0 && line[flen] == ':')
			return strtoll(line + flen + 1, NULL, 10) * 1024; /* "VmHWM:  1234 kB" */
		char *nl = strchr(line, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
	return -1;
}

void wl_mem_prepare(wl_mem *mem)
{
	if (mem->baseline == 0)
		mem->baseline = wl_mem_status("VmRSS");
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* "5" resets the high-water mark only; failure leaves the process peak. */
		ssize_t w = write(fd, "5", 1);
		(void)w;
		close(fd);
	}
}

void wl_mem_report(const wl_mem *mem, wl_measure *m, uint64_t tasks)
{
	int64_t peak = wl_mem_status("VmHWM");
	if (peak < 0)
		return; /* no /proc: the metric is absent, not zero */
	m->metric(m, "peak_rss_bytes", (double)peak);
	if (tasks > 0 && mem->baseline > 0)
		m->metric(m, "bytes_per_task", (double)(peak - mem->baseline) / (double)tasks);
}
