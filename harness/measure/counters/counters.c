/* counters.c — see counters.h for the mechanism and its reasons. */
#include "counters.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One event of the set. */
typedef struct ctr_slot {
	int fd;                /* -1 when not open                                    */
	int leader;            /* slot index of its group leader (itself if leader)   */
	bool grouped;          /* read through its leader's PERF_FORMAT_GROUP read    */
	uint64_t id;           /* PERF_EVENT_IOC_ID: finds it in a group read         */
	ctr_status status;     /* open status; COUNTED becomes MULTIPLEXED on a ratio<1 */
	char why[CTR_WHY_LEN]; /* reason for status (empty when counted)             */
	double min_ratio;      /* smallest running/enabled seen in a sample          */
	ctr_raw last;          /* cumulative reading at the previous sample          */
} ctr_slot;

/* How far PERF_FORMAT_GROUP with inherit works on this kernel (>= 4.13: yes). */
enum { GROUP_UNKNOWN, GROUP_OK, GROUP_REJECTED };

struct ctr_set {
	ctr_spec spec;                 /* copy: the caller's may go away            */
	ctr_slot slot[CTR_MAX_EVENTS]; /* one per spec event                        */
	int threads_before;            /* other threads at open; -1 unknown         */
	int group_support;             /* GROUP_*                                   */
};

static int sys_perf_event_open(struct perf_event_attr *a, pid_t pid, int cpu, int group_fd,
                               unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, a, pid, cpu, group_fd, flags);
}

#define READ_FMT_SOLO                                                                              \
	(PERF_FORMAT_ID | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING)
#define READ_FMT_GROUP (READ_FMT_SOLO | PERF_FORMAT_GROUP)

/* Opens one event; group_fd -1 makes it a leader (disabled until ctr_enable). */
static int open_one(const ctr_event *ev, int group_fd, bool group_fmt)
{
	struct perf_event_attr a = ev->attr;
	a.size = sizeof a;
	a.inherit = 1;
	a.disabled = group_fd < 0;
	a.read_format = group_fmt ? READ_FMT_GROUP : READ_FMT_SOLO;
	return sys_perf_event_open(&a, 0, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
}

/* Which group family an event joins: core PMU events (generic hardware, cache,
 * raw) in groups of CTR_GROUP_HW_MAX; software events and any other PMU (uncore,
 * tracepoints) alone. Software events never compete for a counter, so a group
 * buys them nothing, and grouping them costs counts: on Linux 6.18, in a group
 * led by task-clock with inherit, the siblings lost 5-30% of the page faults and
 * context switches of threads created inside the region (measured: 2000 faults
 * counted as 1396-1908; as separate events, 2000 every time). */
enum { FAM_CORE, FAM_ALONE, FAM_COUNT };

static int family(const ctr_event *ev)
{
	switch (ev->attr.type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_HW_CACHE:
	case PERF_TYPE_RAW:
		return FAM_CORE;
	default:
		return FAM_ALONE;
	}
}

static int other_threads(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	int n = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n > 0 ? n - 1 : -1;
}

static void set_failed(ctr_slot *sl, const ctr_event *ev, int err)
{
	sl->status = ctr_classify(err, ctr_paranoid(), ev->hw, ev->str, sl->why, sizeof sl->why);
}

/* Opens event i: into the open group of its family when there is room, else as a
 * new leader. leader[f] / members[f] track the family's current group. */
static void open_slot(ctr_set *s, int i, int leader[FAM_COUNT], int members[FAM_COUNT])
{
	const ctr_event *ev = &s->spec.ev[i];
	ctr_slot *sl = &s->slot[i];
	if (!ev->encoded) {
		sl->status = CTR_NOT_ENCODABLE;
		snprintf(sl->why, sizeof sl->why, "%s", ev->why);
		return;
	}
	int f = family(ev);
	bool room = f == FAM_CORE && members[f] < CTR_GROUP_HW_MAX;
	int fd = -1;
	if (leader[f] >= 0 && room && s->group_support == GROUP_OK) {
		fd = open_one(ev, s->slot[leader[f]].fd, true);
		if (fd >= 0) {
			sl->leader = leader[f];
			sl->grouped = true;
			members[f]++;
		} else if (errno != EINVAL) { /* EINVAL: the group cannot hold it; go alone */
			set_failed(sl, ev, errno);
			return;
		}
	}
	if (fd < 0) {
		bool group_fmt = s->group_support != GROUP_REJECTED;
		fd = open_one(ev, -1, group_fmt);
		if (fd < 0 && errno == EINVAL && group_fmt) {
			/* Before 4.13 the kernel refused inherit + PERF_FORMAT_GROUP. */
			fd = open_one(ev, -1, false);
			if (fd >= 0)
				s->group_support = GROUP_REJECTED;
		} else if (fd >= 0 && group_fmt) {
			s->group_support = GROUP_OK;
		}
		if (fd < 0) {
			set_failed(sl, ev, errno);
			return;
		}
		sl->leader = i;
		sl->grouped = s->group_support == GROUP_OK;
		if (f != FAM_ALONE && sl->grouped) {
			leader[f] = i;
			members[f] = 1;
		}
	}
	sl->fd = fd;
	if (ioctl(fd, PERF_EVENT_IOC_ID, &sl->id) != 0) {
		int err = errno;
		close(fd);
		sl->fd = -1;
		set_failed(sl, ev, err);
		return;
	}
	sl->status = CTR_COUNTED;
	sl->why[0] = '\0';
}

ctr_set *ctr_open(const ctr_spec *spec)
{
	ctr_set *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->spec = *spec;
	s->threads_before = other_threads();
	s->group_support = GROUP_UNKNOWN;
	int leader[FAM_COUNT], members[FAM_COUNT];
	for (int f = 0; f < FAM_COUNT; f++) {
		leader[f] = -1;
		members[f] = 0;
	}
	for (int i = 0; i < spec->n; i++) {
		s->slot[i].fd = -1;
		s->slot[i].leader = i;
		s->slot[i].min_ratio = 1.0;
		open_slot(s, i, leader, members);
	}
	return s;
}

void ctr_close(ctr_set *s)
{
	if (!s)
		return;
	/* Members before leaders: closing a leader first would orphan its members. */
	for (int i = s->spec.n - 1; i >= 0; i--)
		if (s->slot[i].fd >= 0)
			close(s->slot[i].fd);
	free(s);
}

int ctr_count(const ctr_set *s)
{
	return s ? s->spec.n : 0;
}

const ctr_event *ctr_event_at(const ctr_set *s, int i)
{
	return &s->spec.ev[i];
}

int ctr_threads_before(const ctr_set *s)
{
	return s->threads_before;
}

ctr_handle ctr_handle_of(const ctr_set *s, int i)
{
	const ctr_slot *sl = &s->slot[i];
	return (ctr_handle){
	    .fd = sl->fd, .leader = sl->leader, .grouped = sl->grouped, .id = sl->id};
}

bool ctr_any_open(const ctr_set *s)
{
	for (int i = 0; s && i < s->spec.n; i++)
		if (s->slot[i].fd >= 0)
			return true;
	return false;
}

ctr_status ctr_status_of(const ctr_set *s, int i, const char **why)
{
	const ctr_slot *sl = &s->slot[i];
	if (why)
		*why = sl->why;
	return sl->status;
}

/* One ioctl per leader: PERF_IOC_FLAG_GROUP covers its members, and the kernel
 * applies it to the leader's inherited clones in every thread. */
static void toggle(ctr_set *s, unsigned long req)
{
	for (int i = 0; s && i < s->spec.n; i++)
		if (s->slot[i].fd >= 0 && s->slot[i].leader == i)
			ioctl(s->slot[i].fd, req, PERF_IOC_FLAG_GROUP);
}

void ctr_enable(ctr_set *s)
{
	toggle(s, PERF_EVENT_IOC_ENABLE);
}

void ctr_disable(ctr_set *s)
{
	toggle(s, PERF_EVENT_IOC_DISABLE);
}

/* Reads leader i and stores the cumulative reading of it and its members in
 * now[]; false when the read fails (those events get no value). */
static bool read_leader(const ctr_set *s, int i, ctr_raw *now, bool *have)
{
	const ctr_slot *ld = &s->slot[i];
	uint64_t buf[3 + 2 * CTR_MAX_EVENTS];
	ssize_t got = read(ld->fd, buf, sizeof buf);
	if (!ld->grouped) { /* value, enabled, running, id */
		if (got < (ssize_t)(4 * sizeof(uint64_t)))
			return false;
		now[i] = (ctr_raw){.count = buf[0], .enabled = buf[1], .running = buf[2]};
		have[i] = true;
		return true;
	}
	/* nr, enabled, running, {value, id} x nr */
	if (got < (ssize_t)(3 * sizeof(uint64_t)))
		return false;
	uint64_t nr = buf[0];
	if (nr > CTR_MAX_EVENTS || (size_t)got < (3 + 2 * nr) * sizeof(uint64_t))
		return false;
	for (int j = 0; j < s->spec.n; j++) {
		const ctr_slot *m = &s->slot[j];
		if (m->fd < 0 || m->leader != i)
			continue;
		for (uint64_t k = 0; k < nr; k++) {
			if (buf[4 + 2 * k] == m->id) {
				now[j] = (ctr_raw){
				    .count = buf[3 + 2 * k], .enabled = buf[1], .running = buf[2]};
				have[j] = true;
			}
		}
	}
	return true;
}

void ctr_sample(ctr_set *s, ctr_value *vals)
{
	ctr_raw now[CTR_MAX_EVENTS];
	bool have[CTR_MAX_EVENTS] = {false};
	for (int i = 0; i < s->spec.n; i++)
		if (s->slot[i].fd >= 0 && s->slot[i].leader == i)
			read_leader(s, i, now, have);
	for (int i = 0; i < s->spec.n; i++) {
		ctr_slot *sl = &s->slot[i];
		vals[i] = (ctr_value){0};
		if (!have[i])
			continue;
		bool was_enabled = now[i].enabled > sl->last.enabled;
		vals[i] = ctr_scale(sl->last, now[i]);
		sl->last = now[i];
		/* Enabled but never on a counter: ratio 0, no value (never a 0 count). */
		if (was_enabled && vals[i].ratio < sl->min_ratio) {
			sl->min_ratio = vals[i].ratio;
			sl->status = CTR_MULTIPLEXED;
			snprintf(sl->why, sizeof sl->why,
			         "shared a counter: counted %.1f%% of the time at worst, values "
			         "scaled by enabled/running",
			         100.0 * sl->min_ratio);
		}
	}
}
