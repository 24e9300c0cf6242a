# Thin wrapper over CMake. `make demo` and `make test` do all set-up.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= 2
HERALD = $(BUILD)/herald

.PHONY: all deps build demo serve test test-fast asan bench clean fuzz

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(HERALD)

# The web page and JSON API over the demo store (made by `make demo` if missing).
DEMO_DB ?= $(BUILD)/demo.db
serve: build
	@[ -f $(DEMO_DB) ] || HERALD_DEMO_DB=$(DEMO_DB) bash scripts/demo.sh $(HERALD) >/dev/null
	$(HERALD) serve --db $(DEMO_DB) $(if $(PORT),--port $(PORT))

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory asan

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && HERALD_SANITIZED=1 ctest --output-on-failure -j $(JOBS) -E 'pathological|bench'

bench: build
	@bash bench/run.sh $(HERALD)

fuzz: deps
	@bash tests/fuzz/build.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
