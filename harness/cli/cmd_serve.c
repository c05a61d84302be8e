/*
 * cmd_serve.c — `corobench serve`: one network workload's server alone, on a
 * runtime, so that users can load it with the tools they trust:
 *
 *   $ corobench serve -w http -r gmp -t 1 --duration 30 &
 *   127.0.0.1:40211
 *   $ wrk -t1 -c64 -d10s http://127.0.0.1:40211/
 *
 * The first line of stdout is the address (127.0.0.1:PORT; --port 0, the
 * default, picks a free port); it serves until --duration S seconds have passed
 * (0: until SIGINT/SIGTERM) or a SIGINT/SIGTERM comes, then shuts every
 * connection down and exits 0. The server is the one the benchmark measures:
 * echo and http's task per connection (workloads/echo.c, http.c) on pthread or
 * gmp, and the Go peer's (exec'd: `corobench-go --serve`), where --param
 * server=nethttp picks net/http instead of the conn server. Loopback only.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../runtimes/rt.h"
#include "../../workloads/wl_net.h"
#include "../base/parse.h"
#include "../run/peer/peer.h"
#include "command.h"

static int serve_main(int argc, char **argv);

static const cb_command cmd_serve = {
    .name = "serve",
    .usage = "serve -w echo|http -r RUNTIME -t N [--port P] [--duration S] [--param "
             "server=conn|nethttp]\n\n"
             "  -w echo|http        the workload whose server runs\n"
             "  -r RUNTIME          pthread, gmp, or go (the Go peer)\n"
             "  -t N                workers (Ps for gmp, GOMAXPROCS, CPUs for pthreads)\n"
             "  --port P            listen on 127.0.0.1:P (default 0: a free port)\n"
             "  --duration S        stop after S seconds (default 0: at SIGINT/SIGTERM)\n"
             "  --param server=nethttp  go only: net/http instead of the conn server (or 1)\n\n"
             "  prints 127.0.0.1:PORT first; e.g. wrk -t1 -c64 -d10s http://127.0.0.1:PORT/",
    .summary = "run one network workload's server alone (for wrk and other load tools)",
    .main = serve_main,
};
CMD_REGISTER(cmd_serve)

static volatile int stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

typedef struct serve_job {
	wl_net net;           /* the server                 */
	int port;             /* --port                     */
	uint64_t duration_ns; /* --duration, 0: none        */
	int rc;               /* wl_net_serve's result      */
	char err[256];        /* its message                */
} serve_job;

static void serve_task(void *arg)
{
	serve_job *j = arg;
	j->rc = wl_net_serve(&j->net, j->port, j->duration_ns, &stop_flag, j->err, sizeof j->err);
}

static int usage(const char *fmt, const char *v)
{
	fprintf(stderr, "corobench serve: ");
	fprintf(stderr, fmt, v);
	fprintf(stderr, "\n");
	return 2;
}

int serve_main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"workload", required_argument, NULL, 'w'}, {"runtime", required_argument, NULL, 'r'},
	    {"threads", required_argument, NULL, 't'},  {"port", required_argument, NULL, 'p'},
	    {"duration", required_argument, NULL, 'd'}, {"param", required_argument, NULL, 'P'},
	    {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	const char *wl = NULL, *rtname = NULL;
	int64_t threads = 0, port = 0, duration = 0, server = 0;
	char err[256];
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:r:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			wl = optarg;
			break;
		case 'r':
			rtname = optarg;
			break;
		case 't':
			if (!parse_int(optarg, 1, 1024, "-t", &threads, err, sizeof err))
				return usage("%s", err);
			break;
		case 'p':
			if (!parse_int(optarg, 0, 65535, "--port", &port, err, sizeof err))
				return usage("%s", err);
			break;
		case 'd':
			if (!parse_int(optarg, 0, 86400 * 365, "--duration", &duration, err,
			               sizeof err))
				return usage("%s", err);
			break;
		case 'P':
			if (strcmp(optarg, "server=conn") == 0)
				server = 0;
			else if (strcmp(optarg, "server=nethttp") == 0)
				server = 1;
			else if (strncmp(optarg, "server=", 7) != 0 ||
			         !parse_int(optarg + 7, 0, 1, "--param server", &server, err,
			                    sizeof err))
				return usage("--param '%s': only server=conn|nethttp (0|1) applies "
				             "to serve",
				             optarg);
			break;
		case 'h':
			return cmd_help(&cmd_serve);
		default:
			return usage("%s", "bad option (corobench serve --help)");
		}
	}
	if (optind < argc)
		return usage("unexpected argument '%s'", argv[optind]);
	if (!wl || (strcmp(wl, "echo") != 0 && strcmp(wl, "http") != 0))
		return usage("-w '%s': serve runs echo or http", wl ? wl : "");
	if (!rtname)
		return usage("%s", "-r RUNTIME is required (pthread, gmp, go)");
	if (!threads)
		return usage("%s", "-t N is required");
	bool avail;
	const char *why;
	if (peer_lookup(rtname, &avail, &why)) { /* the Go peer serves itself */
		if (!avail)
			return usage("-r %s is unavailable here", why);
		char bin[PATH_MAX], t[16], p[16], d[24], sv[16];
		if (!peer_binary_path(rtname, bin, sizeof bin))
			return usage("-r %s: cannot locate its binary", rtname);
		snprintf(t, sizeof t, "%lld", (long long)threads);
		snprintf(p, sizeof p, "%lld", (long long)port);
		snprintf(d, sizeof d, "%lld", (long long)duration);
		snprintf(sv, sizeof sv, "server=%lld", (long long)server);
		setenv("GOMAXPROCS", t, 1);
		char *args[] = {bin, "--serve",    (char *)wl, "--threads", t,  "--port",
		                p,   "--duration", d,          "--param",   sv, NULL};
		execv(bin, args);
		fprintf(stderr, "corobench serve: cannot run %s: %s\n", bin, strerror(errno));
		return 1;
	}
	const rt_runtime *rt = rt_find(rtname);
	if (!rt)
		return usage("-r '%s': not a runtime (corobench list)", rtname);
	if (server)
		return usage("%s", "--param server=nethttp (net/http) is the go runtime's only");
	serve_job *j = calloc(1, sizeof *j);
	if (!j)
		return 1;
	j->net =
	    (wl_net){.wl = wl, .handler = strcmp(wl, "echo") == 0 ? wl_echo_serve : wl_http_serve};
	j->port = (int)port;
	j->duration_ns = (uint64_t)duration * 1000000000u;
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	rt_use(rt);
	rt_config cfg = {.workers = (int)threads};
	int rc = rt->start(&cfg, NULL);
	if (rc != 0) {
		fprintf(stderr,
		        "corobench serve: runtime %s cannot start with %lld worker(s): %s\n",
		        rtname, (long long)threads, strerror(-rc));
		free(j);
		return 1;
	}
	rc = rt->run_main(serve_task, j);
	rt->stop();
	if (rc != 0 || j->rc != 0) {
		fprintf(stderr, "corobench serve: %s\n", rc ? strerror(-rc) : j->err);
		free(j);
		return 1;
	}
	free(j);
	return 0;
}
