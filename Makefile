# SPDX-License-Identifier: Apache-2.0
# wark build. Plain make; every module's *.c is picked up by wildcard so that
# adding a file never means editing this one.
#
#   make            build ./wark (release, -O2 -g)
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
#   make bench      benchmarks side by side with the peers
#   make demo       serve the bundled sample site on loopback and archive it
#   make install PREFIX=/usr/local

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

WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
            -DWARK_VERSION='"$(VERSION)"' -I. $(WARN) $(PKG_CFLAGS)
OPT_CFLAGS  ?= -O2 -g
ASAN_FLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
VG_FLAGS    := -O1 -g -fno-omit-frame-pointer -DWARK_VALGRIND   # no PCRE2 JIT: see crawl/scope.c

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

.PHONY: all deps test check check-asan fuzz bench demo install clean release asan valgrind
all: wark

wark: build/release/wark
	cp $< $@

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
	@$(MAKE) --no-print-directory release wark asan build/fuzz/stamp
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SHORT)
	@sh tests/run.sh release asan

# libFuzzer targets: tests/fuzz/fuzz_<name>.c, seeds in tests/fuzz/corpus/<name>/
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIBSRC:= $(LIB_SRC)
FUZZ_SECONDS ?= 60
FUZZ_SHORT   ?= 8

build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIBSRC) $(HDRS)
	@mkdir -p build/fuzz
	@echo "  FUZZ $@"
	$(Q)clang $(BASE_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIBSRC) $(PKG_LIBS) -lm

build/fuzz/stamp: $(FUZZ_BINS)
	@mkdir -p build/fuzz && touch $@

fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do n=$${f#build/fuzz/fuzz_}; mkdir -p build/fuzz/corpus-$$n; \
	  echo "fuzz $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=0 \
	    build/fuzz/corpus-$$n tests/fuzz/corpus/$$n >build/fuzz/$$n.log 2>&1 \
	    || { tail -40 build/fuzz/$$n.log; exit 1; }; \
	  grep -E '^#[0-9]+' build/fuzz/$$n.log | tail -1; done

bench: deps release wark
	@sh bench/run.sh

demo: deps release wark
	@sh tools/demo.sh

install: wark
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 wark $(DESTDIR)$(PREFIX)/bin/wark

clean:
	rm -rf build wark
