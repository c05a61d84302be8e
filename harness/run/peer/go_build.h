/*
 * go_build.h — the Go peer built with a Go the user names: `corobench run --go
 * PATH` (repeatable) or COROBENCH_GO (paths separated by ':'), so a newer Go is
 * measured beside Debian's in one run, each keyed as a runtime of its own
 * (`go@1.19`, `go@1.23`).
 *
 * What it promises
 *   - go_toolchain_version: `PATH version` run without a shell ("go version
 *     go1.23.4 linux/amd64" -> "go1.23.4"); a path that is not a Go toolchain is
 *     bad input naming it.
 *   - go_runtime_name: "go@" + major.minor ("go@1.23"); the full version
 *     ("go@1.23.4") when major.minor would not tell two toolchains apart;
 *     two toolchains of the same version are bad input (one key, two Gos).
 *   - go_peer_build: builds the peer from the embedded source (go_src.h) into
 *     the cache, <cache>/go-peer/<version>-<hash of the source>/corobench-go,
 *     where <cache> is $COROBENCH_CACHE, else $XDG_CACHE_HOME/corobench, else
 *     ~/.cache/corobench. A build that exists is reused (its key names the
 *     toolchain version and the source, so a changed peer is rebuilt); a new
 *     one is built in a temporary directory and renamed into place, so an
 *     interrupted build leaves nothing a later run would take for a peer.
 *     `go build` runs with GOTOOLCHAIN=local (Go 1.21+ must not fetch another
 *     toolchain) and, when $HOME is unset, GOCACHE and GOPATH inside the cache.
 *     Its output goes to <dir>.log; a failure says where.
 *   - Nothing here runs through a shell.
 */
#ifndef COROBENCH_GO_BUILD_H
#define COROBENCH_GO_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#define GO_MAX_TOOLCHAINS 8 /* --go given at most this many times */

/* One Go toolchain to measure. */
typedef struct go_toolchain {
	char path[1024];   /* as given (--go or COROBENCH_GO)                   */
	char version[64];  /* "go1.23.4", from `PATH version`                   */
	char name[80];     /* runtime key: "go@1.23"                            */
	char binary[4096]; /* the peer built with it (in the cache)             */
	bool built;        /* binary exists                                     */
} go_toolchain;

/* Fills version from `path version`. False with err naming path. */
bool go_toolchain_version(const char *path, go_toolchain *g, char *err, size_t errlen);

/* Names every toolchain of gs (n of them): go@major.minor, or the full version
 * where two share major.minor. False (exit 2) when two report one version. */
bool go_runtime_names(go_toolchain *gs, int n, char *err, size_t errlen);

/* The cache directory (see above); false when none can be named (no HOME). */
bool go_cache_dir(char *out, size_t len);

/* Sets g->binary to the cache path and, unless dry, builds it when absent. */
bool go_peer_build(go_toolchain *g, bool dry, char *err, size_t errlen);

#endif
