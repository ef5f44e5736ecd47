# huikuan: the two commands a newcomer needs are `make run` and `make test`.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython_EXECUTABLE=/usr/bin/python3

.PHONY: all deps configure build run test bench format clean

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

test: build
	bash scripts/test.sh $(BUILD_DIR)

bench: build
	bash scripts/bench.sh $(BUILD_DIR)

format:
	find server bindings tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
