/* test_counters_coverage.c — the counter set measured for real, with this
 * machine's software counters: counts cover every thread that does the work
 * (threads created before the region, inside it, and ones that exit in it), only
 * inside the region (enable/disable), per repetition (deltas), and the statuses
 * say what happened to the hardware events.
 *
 * No timed assertions: work is measured in each thread's own CPU time
 * (CLOCK_THREAD_CPUTIME_ID), not in wall time, so a busy shared machine changes
 * how long the test takes but not what it asserts. The 2 x wall figure is
 * printed for the record. */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/measure/counters/counters.h"
#include "support/tsan_build.h"

#define MS 1000000ull

static ctr_spec sw;

static int setup_sw(void **state)
{
	(void)state;
	char err[256];
	return ctr_spec_parse("sw", "--counters", &sw, err, sizeof err) ? 0 : -1;
}

static int find(const ctr_set *s, const char *name)
{
	for (int i = 0; i < ctr_count(s); i++)
		if (strcmp(ctr_event_at(s, i)->name, name) == 0)
			return i;
	fail_msg("no counter %s in the set", name);
	return -1;
}

static uint64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Burns `ns` of this thread's own CPU time (not wall time: robust to a busy machine). */
static void burn(uint64_t ns)
{
	uint64_t t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) - t0 < ns) {
		for (volatile int i = 0; i < 1000; i++) {
		}
	}
}

/* ---- task-clock over 2 busy threads, work outside the region excluded ---- */

typedef struct busy {
	sem_t pre_done; /* A -> main: the work before the region is done        */
	sem_t go;       /* main -> A: the region is on, do the work             */
	sem_t in_done;  /* A -> main: the work inside the region is done        */
	sem_t out_go;   /* main -> A: the region is off, do the work after it   */
} busy;

#define BUSY_IN  (100 * MS) /* each thread's CPU time inside the region          */
#define BUSY_OUT (150 * MS) /* thread A's CPU time before and after the region   */

static void *thread_a(void *arg) /* created before the region, like gmp's Ms */
{
	busy *b = arg;
	burn(BUSY_OUT); /* before enable: must not count */
	sem_post(&b->pre_done);
	sem_wait(&b->go);
	burn(BUSY_IN);
	sem_post(&b->in_done);
	sem_wait(&b->out_go);
	burn(BUSY_OUT); /* after disable: must not count */
	return NULL;
}

static void *thread_b(void *arg) /* created inside the region and exits in it */
{
	(void)arg;
	burn(BUSY_IN);
	return NULL;
}

static void task_clock_sums_threads_in_region_only(void **state)
{
	(void)state;
	busy b;
	sem_init(&b.pre_done, 0, 0);
	sem_init(&b.go, 0, 0);
	sem_init(&b.in_done, 0, 0);
	sem_init(&b.out_go, 0, 0);
	ctr_set *s = ctr_open(&sw);
	assert_non_null(s);
	assert_int_equal(ctr_threads_before(s), 0);
	int tc = find(s, "task-clock");
	assert_int_equal(ctr_status_of(s, tc, NULL), CTR_COUNTED);

	pthread_t a, bt;
	assert_int_equal(pthread_create(&a, NULL, thread_a, &b), 0);
	sem_wait(&b.pre_done); /* A burned outside the region first: not counted */
	uint64_t w0 = clock_ns(CLOCK_MONOTONIC);
	ctr_enable(s);
	sem_post(&b.go);
	assert_int_equal(pthread_create(&bt, NULL, thread_b, NULL), 0);
	pthread_join(bt, NULL);
	sem_wait(&b.in_done);
	ctr_disable(s);
	uint64_t wall = clock_ns(CLOCK_MONOTONIC) - w0;
	sem_post(&b.out_go);
	pthread_join(a, NULL);

	ctr_value v[CTR_MAX_EVENTS];
	ctr_sample(s, v);
	assert_true(v[tc].taken);
	assert_true(v[tc].ratio == 1.0); /* software events never multiplex */
	double ratio_work = v[tc].value / (double)BUSY_IN;
	printf("# task-clock %.1f ms = %.2f x one thread's work (expect ~2: both threads, "
	       "nothing outside), %.2f x wall\n",
	       v[tc].value / 1e6, ratio_work, v[tc].value / (double)wall);
	/* 2 threads x BUSY_IN inside; the 2 x BUSY_OUT outside would push this past 4. */
	assert_true(ratio_work > 1.5 && ratio_work < 2.5);
	/* Two threads cannot use more than two CPUs' worth of the region. */
	assert_true(v[tc].value <= 2.5 * (double)wall);
	/* Nothing accrues after disable: the next sample is empty. */
	burn(20 * MS);
	ctr_sample(s, v);
	assert_false(v[tc].taken);
	ctr_close(s);
}

/* ---- context switches of a futex ping-pong ---- */

#define ROUNDS 2000 /* round trips: enough that the few switches of the set-up vanish */

static atomic_int turn; /* 0: ping's turn, 1: pong's turn */

static void futex_wait(atomic_int *w, int val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(atomic_int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *pong(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		while (atomic_load(&turn) != 1)
			futex_wait(&turn, 0);
		atomic_store(&turn, 0);
		futex_wake(&turn);
	}
	return NULL;
}

static void *ping(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		atomic_store(&turn, 1);
		futex_wake(&turn);
		while (atomic_load(&turn) != 0)
			futex_wait(&turn, 1);
	}
	return NULL;
}

/* Pins the calling thread (and so every thread it creates after) to the first CPU
 * it may run on; returns its old mask in *old. False where it cannot. */
static bool pin_to_one_cpu(cpu_set_t *old)
{
	if (sched_getaffinity(0, sizeof *old, old) != 0)
		return false;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, old)) {
			cpu_set_t one;
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			return sched_setaffinity(0, sizeof one, &one) == 0;
		}
	return false;
}

static void ctx_switches_of_futex_ping_pong(void **state)
{
	(void)state;
	/* Both threads on one CPU: each round trip then needs ping switched out for
	 * pong to run and pong switched out for ping to run, so >= 2 switches per
	 * round trip whatever the scheduler does. On two CPUs a wake could beat the
	 * sleep and remove a switch (CI saw 1.27 per round trip that way). */
	cpu_set_t old;
	if (!pin_to_one_cpu(&old))
		skip();
	ctr_set *s = ctr_open(&sw);
	int cs = find(s, "ctx-switches");
	atomic_store(&turn, 0);
	pthread_t a, b;
	assert_int_equal(pthread_create(&b, NULL, pong, NULL), 0); /* parked before the region */
	usleep(10000);
	ctr_enable(s);
	assert_int_equal(pthread_create(&a, NULL, ping, NULL), 0); /* created inside it */
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	ctr_disable(s);
	assert_int_equal(sched_setaffinity(0, sizeof old, &old), 0);
	ctr_value v[CTR_MAX_EVENTS];
	ctr_sample(s, v);
	assert_true(v[cs].taken);
	double per_rt = v[cs].value / ROUNDS;
	printf("# ctx-switches %.0f over %d round trips = %.2f per round trip (expect ~2)\n",
	       v[cs].value, ROUNDS, per_rt);
	/* Each side is switched out once per round trip: >= 2 (see above). Counting
	 * one thread alone would give ~1; other tasks preempting ours add some. */
	assert_true(per_rt > 1.5 && per_rt < 3.0);
	ctr_close(s);
}

/* ---- page faults: per-repetition deltas, another thread's faults ---- */

#define PAGE 4096

static void *touch(void *arg)
{
	size_t pages = *(size_t *)arg;
	char *p =
	    mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, pages * PAGE, MADV_NOHUGEPAGE); /* one fault per 4 KiB page */
	for (size_t i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	munmap(p, pages * PAGE);
	return p;
}

static void run_touch(size_t pages)
{
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, touch, &pages), 0);
	void *r;
	pthread_join(t, &r);
	assert_non_null(r);
}

static void page_faults_per_repetition(void **state)
{
	(void)state;
	ctr_set *s = ctr_open(&sw);
	int pf = find(s, "page-faults");
	ctr_value v[CTR_MAX_EVENTS];
	run_touch(3000); /* outside: excluded */
	size_t reps[] = {500, 2000};
	for (int r = 0; r < 2; r++) {
		ctr_enable(s);
		run_touch(reps[r]);
		ctr_disable(s);
		run_touch(3000); /* between repetitions: excluded */
		ctr_sample(s, v);
		assert_true(v[pf].taken);
		printf("# rep %d: %zu pages touched, %.0f page faults\n", r, reps[r], v[pf].value);
		/* Each page faults once (and its TSan shadow, in a TSan build); thread
		 * start-up adds a few dozen (stack, TLS). */
		assert_true(v[pf].value >= (double)reps[r] * 0.95);
		assert_true(v[pf].value <= (double)reps[r] * TSAN_FAULTS_PER_PAGE + 300);
	}
	ctr_close(s);
}

/* ---- statuses of the hardware events ---- */

static void hardware_statuses_are_stated(void **state)
{
	(void)state;
	static ctr_spec def;
	char err[256];
	assert_true(ctr_spec_parse("default", "--counters", &def, err, sizeof err));
	ctr_set *s = ctr_open(&def);
	bool pmu = access("/sys/bus/event_source/devices/cpu", F_OK) == 0 ||
	           access("/sys/bus/event_source/devices/cpu_core", F_OK) == 0 ||
	           access("/sys/bus/event_source/devices/armv8_pmuv3_0", F_OK) == 0;
	for (int i = 0; i < ctr_count(s); i++) {
		const char *why;
		ctr_status st = ctr_status_of(s, i, &why);
		printf("# %-16s %s%s%s\n", ctr_event_at(s, i)->name, ctr_status_name(st),
		       why[0] ? ": " : "", why);
		if (!ctr_event_at(s, i)->hw)
			assert_int_equal(st, CTR_COUNTED);
		else if (!pmu) /* no core PMU (a VM like this one): unsupported, with why */
			assert_int_equal(st, CTR_UNSUPPORTED);
		if (st != CTR_COUNTED)
			assert_true(why[0] != '\0');
	}
	ctr_value v[CTR_MAX_EVENTS];
	ctr_enable(s);
	burn(5 * MS);
	ctr_disable(s);
	ctr_sample(s, v);
	for (int i = 0; i < ctr_count(s); i++) /* not open: no value, never a 0 */
		if (ctr_status_of(s, i, NULL) != CTR_COUNTED &&
		    ctr_status_of(s, i, NULL) != CTR_MULTIPLEXED)
			assert_false(v[i].taken);
	ctr_close(s);
}

/* ---- denied: an unprivileged user at perf_event_paranoid >= 2 ---- */

static void denied_for_unprivileged_user(void **state)
{
	(void)state;
	int par = ctr_paranoid();
	if (geteuid() != 0 || par < 2) {
		printf("# skipped: needs root to drop to nobody, and perf_event_paranoid >= 2 "
		       "(euid %d, paranoid %d)\n",
		       (int)geteuid(), par);
		skip();
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		ctr_set *s = ctr_open(&sw); /* user + kernel: refused at level >= 2 */
		const char *why;
		ctr_status st = ctr_status_of(s, 0, &why);
		char want[64];
		snprintf(want, sizeof want, "perf_event_paranoid=%d", par);
		_exit(st == CTR_DENIED && strstr(why, want) && strstr(why, "sysctl") ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- a peer program that takes the set over across exec (the Go peer's way) ---- */

static void *burn_thread(void *arg)
{
	(void)arg;
	burn(50 * MS);
	return NULL;
}

/* Runs in the exec'd copy of this binary: switches the inherited task-clock
 * around a thread it creates after exec, reads it as the Go peer does. */
static int exec_peer(const char *fdarg, const char *idarg)
{
	int fd = atoi(fdarg);
	uint64_t id = strtoull(idarg, NULL, 10);
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP) != 0)
		return 3;
	pthread_t t;
	pthread_create(&t, NULL, burn_thread, NULL);
	pthread_join(t, NULL);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
	burn(30 * MS);   /* after disable: not counted */
	uint64_t buf[8]; /* nr, enabled, running, value, id */
	ssize_t n = read(fd, buf, sizeof buf);
	if (n < 40 || buf[0] != 1 || buf[4] != id)
		return 4;
	printf("# exec'd peer: task-clock %.1f ms for a 50 ms thread created after exec\n",
	       buf[3] / 1e6);
	return buf[3] >= 45 * MS && buf[3] < 75 * MS ? 0 : 5;
}

static char self_path[4096];

static void counters_survive_exec(void **state)
{
	(void)state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		ctr_set *s = ctr_open(&sw); /* as harness/run/peer/peer.c does before exec */
		int tc = find(s, "task-clock");
		ctr_handle fi = ctr_handle_of(s, tc);
		if (fi.fd < 0 || fi.leader != tc || !fi.grouped)
			_exit(2);
		for (int i = 0; i < ctr_count(s); i++) { /* the fds are O_CLOEXEC: clear it */
			ctr_handle h = ctr_handle_of(s, i);
			if (h.fd >= 0 && fcntl(h.fd, F_SETFD, 0) != 0)
				_exit(2);
		}
		char fdarg[16], idarg[32];
		snprintf(fdarg, sizeof fdarg, "%d", fi.fd);
		snprintf(idarg, sizeof idarg, "%llu", (unsigned long long)fi.id);
		execl(self_path, self_path, "--exec-peer", fdarg, idarg, (char *)NULL);
		_exit(6);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--exec-peer") == 0)
		return exec_peer(argv[2], argv[3]);
	ssize_t len = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	if (len > 0)
		self_path[len] = '\0';
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(task_clock_sums_threads_in_region_only),
	    cmocka_unit_test(ctx_switches_of_futex_ping_pong),
	    cmocka_unit_test(page_faults_per_repetition),
	    cmocka_unit_test(hardware_statuses_are_stated),
	    cmocka_unit_test(denied_for_unprivileged_user),
	    cmocka_unit_test(counters_survive_exec),
	};
	return cmocka_run_group_tests(tests, setup_sw, NULL);
}
