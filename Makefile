# SPDX-License-Identifier: Apache-2.0
# wark build. Plain make; every module's *.c is picked up by wildcard so that
# adding a file never means editing this one.
#
#   make            build ./wark and wark.1 (release, -O2 -g); says which packages are missing
#   make deps       install the Debian and npm packages the build, tests and benchmarks need
#   make test       deps, build, whole suite, then the whole suite again under ASan+UBSan
#   make check      the suite once, without deps or sanitizers (for development)
#   make fuzz       run each libFuzzer target (tests/fuzz/fuzz_*.c: one per parser)
#                   for FUZZ_SECONDS (default 60); make test runs each for FUZZ_SHORT
#                   (8 s each: about 100 s for the 12 targets)
#   make valgrind   the whole suite (unit + integration) once with every wark run
#                   under valgrind memcheck, built without sanitizers (-O1 -g) in
#                   build/valgrind/; fails on any error or definite leak (slow:
#                   about an hour; not part of make test)
#   make bench      deps, build, benchmarks side by side with the peers
#   make demo       deps, build, serve the bundled sample site on loopback and archive it
#   make install PREFIX=/usr/local    deps, build, install bin/wark and share/man/man1/wark.1
#
# The targets that install packages first (test, demo, bench, install) run make
# again after `make deps`: pkg-config's flags are read when make parses this
# file, so a run that began before the -dev packages existed would have none.

PREFIX   ?= /usr/local
.DEFAULT_GOAL := all
V        ?= 0
ifeq ($(V),0)
Q := @
else
Q :=
endif
CC       ?= cc
VERSION  := 0.1.0
PKGS     := libcurl zlib libarchive libxml-2.0 libssl libcrypto sqlite3 libpsl libpcre2-8 \
            jansson libbrotlidec libzstd uchardet libidn2 libdeflate
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SUBMAKE    := $(MAKE) --no-print-directory

WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
            -DWARK_VERSION='"$(VERSION)"' -I. $(WARN) $(PKG_CFLAGS)
OPT_CFLAGS  ?= -O2 -g
ASAN_FLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
VG_FLAGS    := -O1 -g -fno-omit-frame-pointer -DWARK_VALGRIND   # no PCRE2 JIT: see warc/regex.c

MODULES  := warc crawl extract pack
LIB_SRC  := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
CMD_SRC  := $(wildcard cmd/*.c)
UNIT_SRC := $(wildcard tests/unit/*.c) $(wildcard tests/support/*.c)
INTEG_SRC:= $(wildcard tests/integration/*.c) $(wildcard tests/support/*.c)
HDRS     := $(foreach m,$(MODULES) cmd tests/support,$(wildcard $(m)/*.h))

# variant = release | asan | valgrind; objects live in build/<variant>/
define variant_rules
$(1)_DIR   := build/$(1)
$(1)_LIB   := build/$(1)/libwark.a
$(1)_OBJ   := $$(patsubst %.c,build/$(1)/%.o,$$(LIB_SRC))
$(1)_CMDO  := $$(patsubst %.c,build/$(1)/%.o,$$(CMD_SRC))
$(1)_UNITO := $$(patsubst %.c,build/$(1)/%.o,$$(UNIT_SRC))
$(1)_INTO  := $$(patsubst %.c,build/$(1)/%.o,$$(INTEG_SRC))

build/$(1)/%.o: %.c $$(HDRS) Makefile
	@mkdir -p $$(dir $$@)
	@[ "$(V)" != 0 ] || echo "  CC [$(1)] $$<"
	$(Q)$$(CC) $$(BASE_CFLAGS) $(2) -c $$< -o $$@

$$($(1)_LIB): $$($(1)_OBJ)
	@rm -f $$@
	$(Q)ar rcs $$@ $$^

build/$(1)/wark: $$($(1)_CMDO) $$($(1)_LIB)
	@[ "$(V)" != 0 ] || echo "  LD [$(1)] $$@"
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS) -lm

build/$(1)/unit-tests: $$($(1)_UNITO) $$($(1)_LIB)
	@[ "$(V)" != 0 ] || echo "  LD [$(1)] $$@"
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS) -lcriterion -lm

build/$(1)/integration-tests: $$($(1)_INTO) $$($(1)_LIB)
	@[ "$(V)" != 0 ] || echo "  LD [$(1)] $$@"
	$(Q)$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS) -lcriterion -lm

$(1): build/$(1)/wark build/$(1)/unit-tests build/$(1)/integration-tests
endef

$(eval $(call variant_rules,release,$(OPT_CFLAGS)))
$(eval $(call variant_rules,asan,$(ASAN_FLAGS)))
$(eval $(call variant_rules,valgrind,$(VG_FLAGS)))

.PHONY: all deps depcheck test check check-asan fuzz bench demo install clean release asan valgrind
all: depcheck
	@$(SUBMAKE) wark wark.1

# Before compiling anything: name the missing -dev packages instead of a compiler error.
depcheck:
	@sh tools/deps.sh --check

wark: build/release/wark
	cp $< $@

# The man page is generated from the --help texts (tools/man.sh), so the two never disagree.
wark.1: build/release/wark tools/man.sh SPEC.md
	@echo "  MAN  $@"
	$(Q)sh tools/man.sh build/release/wark $(VERSION) > $@.tmp && mv $@.tmp $@

deps:
	@sh tools/deps.sh

check: release wark
	@sh tests/run.sh release

check-asan: asan
	@sh tests/run.sh asan

# the variant rule above makes valgrind depend on build/valgrind/*; this runs them
valgrind:
	@sh tests/valgrind.sh

test: deps
	@$(SUBMAKE) release wark wark.1 asan build/fuzz/stamp
	@$(SUBMAKE) fuzz FUZZ_SECONDS=$(FUZZ_SHORT)
	@sh tests/run.sh release asan

# libFuzzer targets: tests/fuzz/fuzz_<name>.c, seeds in tests/fuzz/corpus/<name>/
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_SAN   := -O1 -g -fno-sanitize-recover=undefined
FUZZ_FLAGS := $(FUZZ_SAN) -fsanitize=fuzzer,address,undefined
FUZZ_OBJ   := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
FUZZ_SECONDS ?= 60
FUZZ_SHORT   ?= 8

# The library is compiled once with coverage instrumentation (fuzzer-no-link)
# and linked into every target, not compiled again for each of them.
build/fuzz/obj/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	@[ "$(V)" != 0 ] || echo "  CC [fuzz] $<"
	$(Q)clang $(BASE_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@

build/fuzz/libwark.a: $(FUZZ_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libwark.a $(HDRS)
	@echo "  FUZZ $@"
	$(Q)clang $(BASE_CFLAGS) $(FUZZ_FLAGS) -o $@ $< build/fuzz/libwark.a $(PKG_LIBS) -lm

build/fuzz/stamp: $(FUZZ_BINS)
	@mkdir -p build/fuzz && touch $@

fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do n=$${f#build/fuzz/fuzz_}; mkdir -p build/fuzz/corpus-$$n; \
	  echo "fuzz $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=0 \
	    build/fuzz/corpus-$$n tests/fuzz/corpus/$$n >build/fuzz/$$n.log 2>&1 \
	    || { tail -40 build/fuzz/$$n.log; exit 1; }; \
	  grep -E '^#[0-9]+' build/fuzz/$$n.log | tail -1; done

bench: deps
	@$(SUBMAKE) release wark
	@sh bench/run.sh

demo: deps
	@$(SUBMAKE) wark
	@sh tools/demo.sh

install: deps
	@$(SUBMAKE) wark wark.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 wark $(DESTDIR)$(PREFIX)/bin/wark
	install -m 644 wark.1 $(DESTDIR)$(PREFIX)/share/man/man1/wark.1

clean:
	rm -rf build wark wark.1
