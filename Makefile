# huikuan: the two commands a newcomer needs are `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython_EXECUTABLE=/usr/bin/python3
# The libFuzzer targets (fuzz/): clang with sanitizers, in a build dir of their own.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DHUIKUAN_BUILD_TESTS=OFF -DHUIKUAN_BUILD_PYTHON=OFF -DHUIKUAN_BUILD_FUZZERS=ON

.PHONY: all deps configure build run test bench bench-cluster format clean cluster fuzz-build fuzz

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)
	bash scripts/build-web.sh

run: build
	bash scripts/run.sh $(BUILD_DIR)

test: build fuzz-build
	HUIKUAN_FUZZ_BUILD_DIR=$(abspath $(FUZZ_BUILD_DIR)) bash scripts/test.sh $(BUILD_DIR)

bench: build
	bash scripts/bench.sh $(BUILD_DIR)

format:
	find server bindings tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

# RecordPayment / CreateInvoices / GetInvoice through HAProxy with 1 and 3 replicas (not a test).
bench-cluster: build
	bash bench/cluster_bench.sh $(BUILD_DIR)

# 3 Galera nodes, 3 replicas and HAProxy on loopback (README "Cluster"); Ctrl-C stops it all.
cluster: build
	bash scripts/cluster.sh run $(BUILD_DIR)

fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD_DIR) $(FUZZ_CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD_DIR) -j$(JOBS) --target huikuan_fuzzers

# Every fuzz target for HUIKUAN_FUZZ_SECONDS (default 600) each; corpus and findings in var/fuzz/.
fuzz: fuzz-build
	HUIKUAN_FUZZ_BUILD_DIR=$(abspath $(FUZZ_BUILD_DIR)) bash fuzz/run.sh long

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_BUILD_DIR)
