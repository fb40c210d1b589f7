# nianbao — 政务公开年报填报. The two commands a newcomer needs:
#   make run    build and start the app (installs the build packages first)
#   make test   everything CI runs (installs the test packages first)
# See README.md. Package lists are those of ../shared/reference/toolchain.md.

GO      ?= go
BIN     := bin/nianbao
# Version and build number come from FyneApp.toml (one place to bump them);
# the commit says exactly which source a binary was built from.
VERSION ?= $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILD   ?= $(shell sed -n 's/^Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
COMMIT  ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
LDFLAGS := -X main.version=$(VERSION) -X main.build=$(BUILD) -X main.commit=$(COMMIT)
# Fyne's bundled colour-emoji font (4 MB) is left out: a report has no
# emoji, and Fyne parses that font again for every text style it draws
# (13 MB less memory with a report open).
TAGS    := no_emoji
WINRES  := cmd/nianbao/resources_windows_amd64.syso

# Debian/Ubuntu packages for Fyne's cgo build (GLFW on X11 and Wayland).
APT_BUILD := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev \
	libwayland-dev libxkbcommon-dev wayland-protocols
# The same -dev packages for arm64 (Debian multiarch: .ci/apt-install adds the
# architecture), for the cgo cross-build of the Linux arm64 binary.
APT_ARM64 := libc6-dev:arm64 libgl1-mesa-dev:arm64 libx11-dev:arm64 libxcursor-dev:arm64 \
	libxrandr-dev:arm64 libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64 \
	libwayland-dev:arm64 libxkbcommon-dev:arm64
# ... plus what the headless window smoke test, the Windows cross-compile and
# its run under wine (wine64: ../shared/reference/windows-under-wine.md), and
# the arm64 cross-compile and its run under qemu-user need.
APT_TEST := $(APT_BUILD) xvfb xdotool imagemagick gcc-mingw-w64-x86-64 binutils file wine64 \
	gcc-aarch64-linux-gnu qemu-user-static $(APT_ARM64)
# ... and for the release files: the .deb's menu entry check.
APT_DIST := $(APT_TEST) desktop-file-utils
WIN_ENV  := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
ARM_ENV  := CGO_ENABLED=1 GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc \
	PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
# Screenshots of the wine and qemu runs, kept for a look after make test.
SHOTS    := bin/shots

.PHONY: run build build-race test test-late test-late-win vet unit fuzz smoke windows winsmoke arm64 arm64-build \
	dist bench bench-merge bench-window deps-build deps-test deps-dist clean

run: deps-build build
	./$(BIN)

build:
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/nianbao

# The same program with the race detector, for the real-window tests. Vet,
# the unit tests and this build all compile with -race, so that Fyne's cgo
# code is compiled once for them all (twice took make test on a fresh
# machine to some 26 minutes of its 30).
build-race:
	$(GO) build -race -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN)-race ./cmd/nianbao

# Vet, the unit tests and the real-window tests run alone (some measure
# time, the window tests wait on the screen). Then two lines run side by
# side (make -j2): fuzz, the .exe and its run under wine; and the arm64
# cross-build and its run under qemu. The arm64 build is a whole cgo compile
# for another architecture: it takes the cores that fuzzing (for a fixed
# time, so it only makes fewer execs) and the waits under wine leave idle.
# Each step's output is printed whole when it ends (--output-sync).
test: deps-test
	$(MAKE) --no-print-directory -j1 vet unit smoke
	$(MAKE) --no-print-directory -j2 --output-sync=target test-late
	@echo "make test: all passed"

test-late: test-late-win arm64

test-late-win:
	$(MAKE) --no-print-directory -j1 fuzz windows winsmoke

vet:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$bad" ]; then echo "gofmt needed: $$bad"; exit 1; fi
	$(GO) vet -race ./...

# With the race detector: the autosaver, backups and save notices run off
# the UI goroutine.
unit:
	$(GO) test -race -count=1 ./...

# Short fuzzing runs on top of the seed corpora that `unit` already replays.
fuzz:
	.ci/fuzz ./model FuzzParse 10s
	.ci/fuzz ./model FuzzNarrative 5s
	.ci/fuzz ./model FuzzTitle 5s
	.ci/fuzz ./model FuzzPaste 5s
	.ci/fuzz ./store/xlsx FuzzFormula 5s
	.ci/fuzz ./store/xlsx FuzzImport 15s
	.ci/fuzz ./store/xlsx FuzzImportSheetXML 15s
	.ci/fuzz ./store/xlsx FuzzFastVsExcelize 10s
	.ci/fuzz ./store/webpage FuzzReadPage 5s
	.ci/fuzz ./store/docx FuzzReadDocx 5s

# The real binary in a real window under Xvfb: starts, shows its window,
# is photographed, and quits cleanly; then the grid driven with xdotool
# (typing, the wheel over the cells, the selection kept on screen).
smoke: build-race
	.ci/smoke $(BIN)-race
	.ci/gridtest $(BIN)-race

# The Windows .exe (GUI subsystem) cross-compiles, and is a PE32+ GUI binary.
# With icon, version information and manifest (.ci/winres); stripped.
windows:
	.ci/winres $(WINRES) $(VERSION) $(BUILD)
	$(WIN_ENV) $(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w -H windowsgui" -o bin/nianbao.exe ./cmd/nianbao
	.ci/pecheck bin/nianbao.exe $(VERSION)
	@ls -l bin/nianbao.exe

# That .exe run under wine 8.0 in Xvfb on a fresh prefix (.ci/winsmoke): the
# CLI with exact output and exit codes (and byte for byte the Linux
# build's), the window on a workbook, Ctrl+Q, the no-OpenGL message box.
winsmoke: windows build-race
	.ci/winsmoke bin/nianbao.exe $(BIN)-race $(SHOTS)

# The Linux arm64 binary (cgo cross-build, release flags: make dist packages
# this very file), run under qemu-user: CLI and window (.ci/armsmoke).
arm64: arm64-build
	.ci/armsmoke bin/nianbao-arm64 $(SHOTS)/arm64-window.png

arm64-build:
	$(ARM_ENV) $(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w" -o bin/nianbao-arm64 ./cmd/nianbao

# Release files: a Linux tarball (binary, .desktop, icon), .deb packages for
# amd64 and arm64 (.ci/mkdeb), and the Windows .exe. The amd64 .deb is then
# installed here, started from its menu entry and removed (.ci/debtest:
# root or sudo).
dist: deps-dist arm64-build
	rm -rf dist && mkdir -p dist/nianbao-linux/share/applications dist/nianbao-linux/share/icons
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w" -o dist/nianbao-linux/nianbao ./cmd/nianbao
	cp assets/nianbao.desktop dist/nianbao-linux/share/applications/
	cp assets/Icon.png dist/nianbao-linux/share/icons/nianbao.png
	cp README.md CHANGELOG.md assets/fonts/OFL.txt dist/nianbao-linux/
	tar -C dist -czf dist/nianbao-$(VERSION)-linux-amd64.tar.gz nianbao-linux
	.ci/mkdeb amd64 dist/nianbao-linux/nianbao $(VERSION) $(BUILD) dist
	.ci/mkdeb arm64 bin/nianbao-arm64 $(VERSION) $(BUILD) dist
	.ci/winres $(WINRES) $(VERSION) $(BUILD)
	$(WIN_ENV) $(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -s -w -H windowsgui" -o dist/nianbao-$(VERSION).exe ./cmd/nianbao
	.ci/pecheck dist/nianbao-$(VERSION).exe $(VERSION)
	.ci/debtest dist/nianbao_$(VERSION)-$(BUILD)_amd64.deb
	@echo "make dist: release files"; ls -l dist/nianbao-linux/nianbao dist/*.tar.gz dist/*.deb dist/*.exe

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./model ./ui ./store/...

# 1,000 units rolled up by `nianbao merge` and by an openpyxl script
# (needs python3-openpyxl and time from apt); figures in README.md.
bench-merge: deps-build
	scripts/bench-merge

# Start-up time and memory with one report open against a bare Fyne
# window with the same font (scripts/bench-window); figures in README.md.
bench-window: deps-test
	scripts/bench-window

# Install the Debian packages that are missing (sudo when not root). On a
# system without apt-get, say what is needed and carry on.
deps-build:
	@.ci/apt-install $(APT_BUILD)

deps-test:
	@.ci/apt-install $(APT_TEST)

deps-dist:
	@.ci/apt-install $(APT_DIST)

clean:
	rm -rf bin dist $(WINRES)
