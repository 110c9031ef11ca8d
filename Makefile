# The two commands: `make run` and `make test`. Everything else is a building block of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)

.PHONY: help run test build build-test web deps deps-test bench soak fuzz format clean

help:
	@echo "make run    install what is missing, build, migrate, seed on first run, serve on \$$PORT (3000)"
	@echo "make test   install what is missing, build with ASan+UBSan, run every test (SQLite, PostgreSQL, browser)"
	@echo "make bench  build release and run the benchmarks (bench/README.md)"
	@echo "make soak   long reliability runs (docs/reliability.md)"
	@echo "make fuzz   10 minutes per libFuzzer target"

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

build-test: deps-test
	cmake --preset test
	cmake --build --preset test -j $(JOBS)

web:
	@scripts/build-web.sh

run: build web
	@scripts/run.sh

test: build-test web
	ctest --preset test -j $(JOBS)

bench:
	@scripts/install-deps.sh bench
	$(MAKE) build web
	bench/run.sh

soak: build build-test
	scripts/soak.sh

fuzz:
	scripts/fuzz.sh

format:
	find server -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build web/dist
