# The two set-up commands of the README (`make run`, `make test`), plus `make bench`.
.PHONY: run test bench build deps clean-data

deps:
	scripts/install-deps.sh build

build: deps
	swift build -c release --product wave3

run: build
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

clean-data:
	rm -rf data
