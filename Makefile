# corobench — build, test, bench.
#
#   make            build build/corobench (and build/corobench-go when `go` exists)
#   make test       check/install dependencies, build, run every test
#   make bench      check/install dependencies, build, run the quick suite + report
#   make report     re-render the report of the latest results directory
#   make clean
#   SANITIZE=address|undefined|thread   sanitizer build in build-$(SANITIZE)/;
#                   a list combines them: SANITIZE=address,undefined (CI) in
#                   build-address+undefined/
#   WERROR=1        add -Werror (CI sets it)
#
# Every .c under harness/, runtimes/ and workloads/ is compiled; files register
# themselves (RT_REGISTER, CHAN_REGISTER, WL_DEFINE), so adding a workload or a
# variant needs no edit here.

ARCH      ?= $(shell uname -m)
NPROC     := $(shell nproc 2>/dev/null || echo 2)
SANITIZE  ?=
WERROR    ?= 0
comma     := ,
SAN_LIST  := $(subst $(comma), ,$(SANITIZE))
BUILD     ?= build$(if $(SANITIZE),-$(subst $(comma),+,$(SANITIZE)))
CC        ?= cc

CFLAGS_BASE := -std=gnu11 -O2 -g -Wall -Wextra -D_GNU_SOURCE -fno-omit-frame-pointer -MMD -MP
ifeq ($(WERROR),1)
CFLAGS_BASE += -Werror
endif
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) $(foreach s,$(SAN_LIST),-DCOROBENCH_SANITIZE_$(shell echo $(s) | tr a-z A-Z)=1)
ifneq ($(filter undefined,$(SAN_LIST)),)
SAN_FLAGS += -fno-sanitize-recover=undefined
endif
endif
CFLAGS   += $(CFLAGS_BASE) $(SAN_FLAGS)
# TSan: gmp's g0 functions end in a context switch and never return, so their
# __tsan_func_entry would never be popped (the shadow stack overflows after 64K
# switches); gmp is built without TSan's entry/exit hooks (runtimes/gmp/tsan.h).
# gcc's -Wtsan says TSan does not model atomic_thread_fence: the fences still run
# (correctness is kept); what TSan cannot see is the ordering they add, which the
# README's reliability section discusses. Silenced so that WERROR=1 builds.
ifneq ($(filter thread,$(SAN_LIST)),)
CC_IS_CLANG := $(findstring clang,$(shell $(CC) --version 2>/dev/null))
TSAN_NO_FUNC := $(if $(CC_IS_CLANG),-mllvm -tsan-instrument-func-entry-exit=0,--param=tsan-instrument-func-entry-exit=0)
$(BUILD)/obj/runtimes/gmp/%.o: CFLAGS += $(TSAN_NO_FUNC)
CFLAGS += $(if $(CC_IS_CLANG),,-Wno-tsan)
endif
LDFLAGS  += $(SAN_FLAGS)
LDLIBS   += -lhwloc -lpfm -lpthread -lm
# io_uring: gmp's second netpoller backend (runtimes/gmp/netpoll_uring.c,
# GMP_POLLER=io_uring) needs liburing (Debian: liburing-dev, installed by
# scripts/install-deps.sh where it can be). Without it the build goes on and
# that backend says it is unavailable.
HAVE_URING := $(shell printf '\043include <liburing.h>\nint main(void) { return io_uring_queue_init(1, 0, 0); }\n' | $(CC) -x c - -luring -o /dev/null >/dev/null 2>&1 && echo 1)
ifeq ($(HAVE_URING),1)
$(BUILD)/obj/runtimes/gmp/netpoll_uring.o: CFLAGS += -DGMP_HAVE_URING=1
LDLIBS   += -luring
else
$(info corobench: liburing not found: building without gmp's io_uring netpoller (apt-get install liburing-dev))
endif

# Assembly: one context-switch file per architecture and user: gmp's
# (runtimes/gmp/*_$(ARCH).S) and the floor's register switch (harness/run/floor/).
ASM_SRC  := $(wildcard runtimes/gmp/*_$(ARCH).S harness/run/floor/*_$(ARCH).S)
LIB_SRC  := $(filter-out harness/cli/main.c,$(shell find harness runtimes workloads -name '*.c' | sort))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(ASM_SRC:%.S=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/harness/cli/main.o

# The chart templates scripts/*.gp, built into the binary as a generated C file
# (harness/report/charts/gp_templates.h): `corobench report` needs no file beside
# it and never reads a template from the current directory. od is POSIX.
GP_TEMPLATES := $(sort $(wildcard scripts/*.gp))
GP_GEN       := $(BUILD)/gen/gp_templates.c
GP_OBJ       := $(BUILD)/obj/gen/gp_templates.o
LIB_OBJ      += $(GP_OBJ) $(BUILD)/obj/gen/go_src.o $(BUILD)/obj/gen/slurm_script.o

TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
TEST_SUPPORT_OBJ := $(TEST_SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
.SECONDARY: $(TEST_SUPPORT_OBJ) # not intermediates: make must not delete them
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# build/corobench-faults: corobench plus deliberately broken workloads
# (tests/faults/), so that only the tests can select them.
FAULT_SRC := $(sort $(wildcard tests/faults/*.c))
FAULT_OBJ := $(FAULT_SRC:%.c=$(BUILD)/obj/%.o)

# Fuzz targets (tests/fuzz/fuzz_*.c): `make fuzz` runs them under libFuzzer;
# `make test` replays their committed corpus through these plain builds.
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/replay_%)

GO       := $(shell command -v go 2>/dev/null)
GO_SRC   := $(wildcard runtimes/go/*.go runtimes/go/go.mod)
GO_BIN   := $(if $(GO),$(if $(wildcard runtimes/go/go.mod),$(BUILD)/corobench-go))

# The network workloads' load generator (loadgen/): its own program, run as its
# own process by echo, http and c10k on every runtime (the Go peer's too).
LOADGEN_SRC := $(sort $(wildcard loadgen/*.c))
LOADGEN_OBJ := $(LOADGEN_SRC:%.c=$(BUILD)/obj/%.o)
LOADGEN     := $(BUILD)/corobench-load

.PHONY: all test bench report clean deps deps-bench format fuzz test-arm64 test-preempt-stress
all: $(BUILD)/corobench $(LOADGEN) $(GO_BIN)

$(LOADGEN): $(LOADGEN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/corobench: $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# env.json records the exact build: git revision (+dirty) and compiler flags.
GIT_REV := $(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
$(BUILD)/obj/harness/results/write/write_env.o: CFLAGS += -DCOROBENCH_GIT_REV='"$(GIT_REV)"' \
	-DCOROBENCH_CFLAGS='"$(strip $(CFLAGS_BASE) $(SAN_FLAGS))"'
$(BUILD)/obj/harness/results/write/write_env.o: .FORCE
.PHONY: .FORCE
.FORCE:

$(BUILD)/corobench-faults: $(LIB_OBJ) $(MAIN_OBJ) $(FAULT_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(GP_GEN): $(GP_TEMPLATES) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* generated by the Makefile from the chart templates in scripts/: do not edit */'; \
	  echo '#include "harness/report/charts/gp_templates.h"'; \
	  i=0; for f in $(GP_TEMPLATES); do \
	    echo "static const unsigned char t$$i[] = {"; \
	    od -An -v -tx1 "$$f" | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0};'; i=$$((i + 1)); \
	  done; \
	  echo 'const gp_template gp_templates[] = {'; \
	  i=0; for f in $(GP_TEMPLATES); do \
	    echo "{\"$$(basename "$$f" .gp)\", (const char *)t$$i, sizeof t$$i - 1},"; i=$$((i + 1)); \
	  done; \
	  echo '{0, 0, 0}};'; } >$@.tmp && mv $@.tmp $@

$(GP_OBJ): $(GP_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I. -c -o $@ $<

# The Go peer's source (runtimes/go: the .go files but the tests, linkname.s,
# go.mod), built into the binary the same way (harness/run/peer/go_src.h), so that
# `corobench run --go PATH` builds the peer with another Go from any directory,
# also from a binary shipped alone (`corobench fleet --binary`).
GO_PEER_FILES := $(sort $(filter-out %_test.go,$(wildcard runtimes/go/*.go)) $(wildcard runtimes/go/*.s runtimes/go/go.mod))
GO_SRC_GEN    := $(BUILD)/gen/go_src.c
GO_SRC_OBJ    := $(BUILD)/obj/gen/go_src.o

$(GO_SRC_GEN): $(GO_PEER_FILES) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* generated by the Makefile from runtimes/go/: do not edit */'; \
	  echo '#include "harness/run/peer/go_src.h"'; \
	  i=0; for f in $(GO_PEER_FILES); do \
	    echo "static const unsigned char s$$i[] = {"; \
	    od -An -v -tx1 "$$f" | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0};'; i=$$((i + 1)); \
	  done; \
	  echo 'const go_src_file go_src_files[] = {'; \
	  i=0; for f in $(GO_PEER_FILES); do \
	    echo "{\"$$(basename "$$f")\", (const char *)s$$i, sizeof s$$i - 1},"; i=$$((i + 1)); \
	  done; \
	  echo '{0, 0, 0}};'; } >$@.tmp && mv $@.tmp $@

$(GO_SRC_OBJ): $(GO_SRC_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I. -c -o $@ $<

# The Slurm batch script (scripts/corobench-slurm.sh), built in the same way
# (harness/run/fleet/slurm_script.h): `corobench fleet --slurm` submits, and its
# --dry-run prints, exactly the file in the tree.
SLURM_SCRIPT  := scripts/corobench-slurm.sh
SLURM_GEN     := $(BUILD)/gen/slurm_script.c
SLURM_OBJ     := $(BUILD)/obj/gen/slurm_script.o

$(SLURM_GEN): $(SLURM_SCRIPT) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* generated by the Makefile from $(SLURM_SCRIPT): do not edit */'; \
	  echo '#include "harness/run/fleet/slurm_script.h"'; \
	  echo 'const char slurm_script_text[] = {'; \
	  od -An -v -tx1 $(SLURM_SCRIPT) | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0};'; } >$@.tmp && mv $@.tmp $@

$(SLURM_OBJ): $(SLURM_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I. -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Workload code is the code gmp may stop at any instruction (runtimes/gmp/preempt.c's
# safe-point rule; rt.h's RT_PREEMPTIBLE): each workloads/ object's .text becomes
# the section rt_preemptible, whose bounds the linker publishes (__start_/__stop_).
# Cold parts (.text.unlikely) and constructors keep their sections: not preemptible.
OBJCOPY ?= $(if $(filter %-gcc,$(CC)),$(patsubst %-gcc,%-objcopy,$(CC)),objcopy)
$(BUILD)/obj/workloads/%.o: workloads/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MF $(@:.o=.d) -MT $@ -c -o $@.tmp $<
	$(OBJCOPY) --rename-section .text=rt_preemptible $@.tmp $@ && rm -f $@.tmp

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) $(TEST_SUPPORT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(TEST_SUPPORT_OBJ) $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(LDFLAGS) $(LDLIBS)

# Go needs a build cache; without $HOME (env -i, some CI runners) `go env GOCACHE`
# says "off" and go build refuses, so use one inside the build directory then.
$(BUILD)/corobench-go: $(GO_SRC)
	@mkdir -p $(dir $@)
	cd runtimes/go && c=$$(go env GOCACHE); if [ -z "$$c" ] || [ "$$c" = off ]; then export GOCACHE="$(CURDIR)/$(BUILD)/go-cache"; fi; \
	GOFLAGS=-mod=mod GO111MODULE=on go build -o ../../$@ .

deps:
	@scripts/install-deps.sh test
deps-bench:
	@scripts/install-deps.sh bench

# Tests: every tests/test_*.c is one cmocka binary; scripts/run-tests.sh runs them
# all (plus the end-to-end and Go tests) and prints one "N passed, N failed" line.
test: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all $(LOADGEN) $(TEST_BIN) $(BUILD)/corobench-faults $(REPLAY_BIN)
	@BUILD=$(BUILD) scripts/run-tests.sh $(TEST_BIN)

bench: deps-bench
	@$(MAKE) --no-print-directory -j$(NPROC) all
	@BUILD=$(BUILD) scripts/bench.sh

report: all
	@latest=$$(ls -1 results/*/runs.csv 2>/dev/null | sort | tail -n 1); \
	if [ -z "$$latest" ]; then echo "make report: no results/ directory yet; run make bench first" >&2; exit 2; fi; \
	$(BUILD)/corobench report "$$(dirname "$$latest")"

test-arm64:
	@scripts/test-arm64.sh

# gmp's preemption stress at the issue's size (tests/test_gmp_preempt.c's
# test_stress: 2,000,000 preemptions at 20-us slices over every workload at -t 1
# and 2, every answer checked; ~7 min on the 2-vCPU development guest). make test
# runs the same test at 100,000, its sanitizer pass (SKIP_HEAVY=1) at 10,000.
test-preempt-stress: deps
	@$(MAKE) --no-print-directory -j$(NPROC) $(LOADGEN) $(BUILD)/tests/test_gmp_preempt
	COROBENCH_PREEMPT_STRESS=$${COROBENCH_PREEMPT_STRESS:-2000000} \
		COROBENCH_TEST_FILTER=test_stress $(BUILD)/tests/test_gmp_preempt

fuzz:
	@scripts/fuzz.sh

format:
	clang-format -i $$(find harness runtimes workloads loadgen tests -name '*.[ch]')

clean:
	rm -rf build build-*

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
