# labrun's tasks. `make help` lists them.
SHELL := /bin/bash
GO ?= go
BIN := bin/labrun
STATICCHECK_VERSION := v0.8.2
FUZZEXECS ?= 300000
export GOFLAGS := -buildvcs=false

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/labrun
	$(GO) build -o $(BIN) ./cmd/labrun

.PHONY: docker
docker: ## make sure a Docker daemon answers (installs and starts one if not)
	@bash .ci/ensure-docker

.PHONY: images
images: docker ## build the images labs need and the default engine's sandbox (29), offline; ENGINES="20.10 26 28 29" for more
	@bash sandbox/images/build.sh all

# The tests also run a note on 28 beside the default, 29, to see what
# changed between them (testdata/script/engine-29.txtar).
.PHONY: test-images
test-images: images
	@ENGINES=28 bash sandbox/images/build.sh engines

.PHONY: setup
setup: docker images build ## everything a fresh machine needs

.PHONY: verify
verify: setup ## run labrun's main job: verify the embedded labs
	$(BIN) verify

# Test packages run one at a time (-p 1): those that compare the host
# daemon's state before and after would see each other's sandboxes. The
# runner's tests run real labs for about ten minutes, go test's default
# limit for a package: the limit is 30 minutes.
# The tests apply labrun fix's diff with patch(1), which a fresh Debian
# machine may lack.
.PHONY: test-tools
test-tools:
	@command -v patch >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patch >/dev/null; }

.PHONY: test
test: setup test-images test-tools ## run every test against the real daemon
	$(GO) test -count=1 -p 1 -timeout 30m ./...

# The budget is a number of executions (about 20 s here), not a duration:
# when a duration runs out while the coordinator is busy, go test fails
# with "context deadline exceeded" although nothing crashed.
# extract/testdata/fuzz/FuzzNote keeps the corpus found so far: go test
# runs every entry as a test, and the fuzzer starts from them.
.PHONY: fuzz
fuzz: ## fuzz extraction for FUZZEXECS executions (default 300000)
	$(GO) test -run '^$$' -fuzz '^FuzzNote$$' -fuzztime $(FUZZEXECS)x -fuzzminimizetime 10x ./extract/

.PHONY: html-check
html-check: ## render the HTML report in headless Chromium (installs Debian's chromium) to bin/report.png
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@mkdir -p bin && rm -f bin/report.png
	set -o pipefail; LABRUN_SCREENSHOT=$(CURDIR)/bin/report.png $(GO) test -count=1 -run '^TestHTMLRendersInChromium$$' -v ./report/ | grep -E '^(--- |ok|FAIL)'
	@test -s bin/report.png || { echo "html-check: no screenshot (did the test skip?)"; exit 1; }
	@echo "look at bin/report.png"

# The table's figures are medians of RUNS runs (labs: one run each).
.PHONY: bench
bench: setup ## print labrun's speed figures as a table (about 30 minutes)
	@command -v bc >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bc >/dev/null; }
	bash .ci/bench

.PHONY: lint
lint: ## gofmt, go vet, go mod tidy -diff, staticcheck, folders that follow the imports
	bash .ci/layout
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt: the files above need formatting'; exit 1; }
	$(GO) vet ./...
	$(GO) mod tidy -diff
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

.PHONY: clean
clean: ## remove build output
	rm -rf bin
