# The two commands of the README: `make demo` and `make test`. Both install what is missing first.
.PHONY: all deps web-deps build demo test fuzz fuzz-campaign bench format tidy clean screenshots

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")
RELEASE_DIR := build/release
TEST_DIR := build/test
FUZZ_DIR := build/fuzz
LISTEN ?= 127.0.0.1:8080

all: build

deps:
	@scripts/install-deps

# The web interface's npm packages (NL Design System CSS, htmx; playwright-core and axe-core for
# the browser tests) in web/node_modules, never committed: exactly the versions of the lock file.
WEB_MODULES := web/node_modules/.package-lock.json
$(WEB_MODULES): web/package.json web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund
	@touch $@

web-deps: $(WEB_MODULES)

# Optimised build of the command (and benchmarks), without tests.
$(RELEASE_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(RELEASE_DIR) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DLEERRECHT_BUILD_TESTS=OFF -DLEERRECHT_WERROR=OFF

build: deps web-deps $(RELEASE_DIR)/CMakeCache.txt
	cmake --build $(RELEASE_DIR) --target leerrecht -j $(JOBS)

demo: build
	$(RELEASE_DIR)/bin/leerrecht demo --listen $(LISTEN)

# libFuzzer builds of the parsers (clang); `make test` runs each for a short while.
$(FUZZ_DIR)/CMakeCache.txt: | deps
	CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEERRECHT_FUZZ=ON \
	  -DLEERRECHT_WERROR=OFF -DLEERRECHT_BUILD_TESTS=OFF -DLEERRECHT_BUILD_BENCH=OFF

fuzz: deps $(FUZZ_DIR)/CMakeCache.txt
	cmake --build $(FUZZ_DIR) -j $(JOBS)

# Every fuzz target for FUZZ_SECONDS each with a random seed, corpus kept in build/fuzz-corpus;
# crashes land in build/fuzz-corpus/crash-* (copy them to tests/fuzz/regressions once fixed).
FUZZ_SECONDS ?= 300
fuzz-campaign: fuzz
	@mkdir -p build/fuzz-corpus
	@set -e; for pair in classify_request_fuzz:tests/conformance/classify \
	    decide_request_fuzz:tests/conformance/decide/voorbeeld-convenant agreement_fuzz:config/agreements \
	    http_request_fuzz:tests/fuzz/corpus/http compare_csv_fuzz:tests/conformance/compare duo_csv_fuzz:tests/fuzz/corpus/duo; do \
	  t=$${pair%%:*}; seeds=$${pair#*:}; mkdir -p build/fuzz-corpus/$$t; \
	  $(FUZZ_DIR)/bin/$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz-corpus/crash-$$t- build/fuzz-corpus/$$t $$seeds tests/fuzz/regressions; \
	done

# Every test, in a build with AddressSanitizer, UndefinedBehaviorSanitizer and warnings as errors.
$(TEST_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(TEST_DIR) $(GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DLEERRECHT_SANITIZE=ON -DLEERRECHT_WERROR=ON \
	  -DLEERRECHT_FUZZ_BIN_DIR=$(abspath $(FUZZ_DIR))/bin

test: deps web-deps fuzz $(TEST_DIR)/CMakeCache.txt
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

# Screenshots of the main pages for the user guide (docs/screenshots/*.png), from a fresh demo.
screenshots: build
	node tests/browser/screenshots.mjs --binary $(RELEASE_DIR)/bin/leerrecht --out docs/screenshots

bench: deps $(RELEASE_DIR)/CMakeCache.txt
	@scripts/install-bench-deps
	cmake --build $(RELEASE_DIR) -j $(JOBS)
	$(RELEASE_DIR)/bin/classify_bench
	taskset -c 0 $(RELEASE_DIR)/bin/decide_bench
	$(RELEASE_DIR)/bin/log_bench
	$(RELEASE_DIR)/bin/compare_bench
	$(RELEASE_DIR)/bin/duo_import_bench
	$(RELEASE_DIR)/bin/quarterly_bench
	$(RELEASE_DIR)/bin/page_bench
	$(RELEASE_DIR)/bin/http_bench

format:
	find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

tidy: $(TEST_DIR)/CMakeCache.txt
	find src -name '*.cc' | xargs clang-tidy -p $(TEST_DIR) --quiet

clean:
	rm -rf build
