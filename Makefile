# landbal: GNU make build. Targets: all examples test report install clean
# deps data bench. `make test SANITIZE=1` builds into build-san/ with
# AddressSanitizer and UndefinedBehaviorSanitizer.

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
CXX ?= c++
PKGS := gdal geos proj cunit json-c
DEB_PKGS := build-essential pkg-config libgdal-dev libgeos-dev libproj-dev \
            libcunit1-dev libjson-c-dev libjemalloc-dev gdal-bin

VERSION := $(shell sed -n 's/^\#define LANDBAL_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)/\2/p' include/landbal.h | paste -sd.)
SOVERSION := $(firstword $(subst ., ,$(VERSION)))

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT ?= -O1 -g
else
BUILD ?= build
SANFLAGS :=
OPT ?= -O2 -g
endif

WARN := -Wall -Wextra -pedantic
ifeq ($(WERROR),1)
WARN += -Werror
endif

# Recursive (=) so that a sub-make run after `deps` sees the new packages.
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIB_LIBS = $(shell pkg-config --libs gdal geos proj json-c 2>/dev/null) -lpthread -lm

CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(SANFLAGS) \
             -fPIC -fvisibility=hidden -Iinclude -Ilib $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
# The program, not the library, takes malloc from jemalloc: GEOS's
# overlays and OGR's features allocate and free millions of small objects,
# and jemalloc does it faster than glibc (docs/decisions.md). Built
# without it where it is missing; never with the sanitizers, which bring
# their own malloc.
ifeq ($(SANITIZE),1)
PROG_MALLOC :=
else
PROG_MALLOC = $(shell pkg-config --libs jemalloc 2>/dev/null)
endif

LIB_SRC := $(sort $(wildcard lib/*.c))
LIB_OBJ := $(LIB_SRC:lib/%.c=$(BUILD)/obj/lib/%.o)
PROG_SRC := $(sort $(wildcard examples/landbal*.c))
PROG_OBJ := $(PROG_SRC:examples/%.c=$(BUILD)/obj/examples/%.o)
TEST_SRC := $(sort $(wildcard tests/cu_*.c))
TEST_OBJ := $(TEST_SRC:tests/%.c=$(BUILD)/obj/tests/%.o)
GEN_SRC := $(sort $(wildcard data/gen/*.c))

STATIC := $(BUILD)/liblandbal.a
SHARED := $(BUILD)/liblandbal.so.$(VERSION)
PROGRAM := $(BUILD)/landbal
EXAMPLES := $(BUILD)/minimal
TESTER := $(BUILD)/cu_tester
CXXTEST := $(BUILD)/cxx_header

DATASET ?= data/chuxiong.gpkg
YIELD ?= data/grade_yield.csv

.PHONY: all examples test report install clean deps ensure-deps check-run \
        report-run data bench format

all: $(STATIC) $(SHARED) $(PROGRAM)

examples: $(EXAMPLES) $(PROGRAM)

# --- dependencies ---------------------------------------------------------
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "landbal: installing $(DEB_PKGS)"; \
	$$SUDO apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $(DEB_PKGS)

ensure-deps:
	@pkg-config --exists $(PKGS) 2>/dev/null || $(MAKE) --no-print-directory deps

# --- the two quick-start commands -----------------------------------------
test: ensure-deps
	@$(MAKE) --no-print-directory check-run

report: ensure-deps
	@$(MAKE) --no-print-directory report-run

check-run: $(TESTER) $(PROGRAM) $(CXXTEST) $(EXAMPLES)
	$(CXXTEST)
	$(TESTER)

report-run: $(PROGRAM)
	@if [ ! -f $(DATASET) ]; then \
	  echo "landbal: $(DATASET) is not there yet: run 'make data' first" >&2; exit 1; fi
	$(PROGRAM) report $(DATASET) --yield $(YIELD)

# --- library ---------------------------------------------------------------
$(BUILD)/obj/lib/%.o: lib/%.c include/landbal.h lib/internal.h $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,liblandbal.so.$(SOVERSION) $(ALL_LDFLAGS) -o $@ $^ $(LIB_LIBS)
	ln -sf liblandbal.so.$(VERSION) $(BUILD)/liblandbal.so.$(SOVERSION)
	ln -sf liblandbal.so.$(VERSION) $(BUILD)/liblandbal.so

# --- programs --------------------------------------------------------------
$(BUILD)/obj/examples/%.o: examples/%.c include/landbal.h $(wildcard examples/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The program then names the libraries that GDAL brings in, those that
# most symbols bind to first, so that the dynamic loader starts it about
# 5 ms sooner (tools/scope-order.sh, docs/decisions.md). The order is
# kept in $(BUILD)/scope-order and worked out again when the libraries or
# the script change. Where it cannot be, or where it would bind any
# symbol to another library, the plain link stays.
$(PROGRAM): $(PROG_OBJ) $(STATIC) tools/scope-order.sh
	$(CC) $(ALL_LDFLAGS) -o $@ $(PROG_OBJ) $(PROG_MALLOC) $(STATIC) $(LIB_LIBS)
ifneq ($(SANITIZE),1)
	@o=$(BUILD)/scope-order; \
	if libs=$$(tools/scope-order.sh order $@ $$o 2>/dev/null) && \
	   $(CC) $(ALL_LDFLAGS) -o $@.ordered $(PROG_OBJ) $(PROG_MALLOC) \
	     -Wl,--no-as-needed $$libs -Wl,--as-needed $(STATIC) $(LIB_LIBS) \
	     2>/dev/null && \
	   tools/scope-order.sh same $@ $@.ordered; then \
	  mv $@.ordered $@; \
	  echo "landbal: $@ lists $$(echo $$libs | wc -w) libraries in scope order"; \
	else \
	  rm -f $@.ordered $$o; echo "landbal: $@ keeps the plain link order"; \
	fi
endif

$(BUILD)/minimal: $(BUILD)/obj/examples/minimal.o $(STATIC)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(STATIC) $(LIB_LIBS)

$(BUILD)/obj/examples/minimal.o: examples/minimal.c include/landbal.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# --- tests -----------------------------------------------------------------
# Suites are found by their `void <area>_suite_setup(void)` definitions.
$(BUILD)/suites.h: $(TEST_SRC)
	@mkdir -p $(@D)
	@s=$$(sed -n 's/^void \([a-z0-9_]*_suite_setup\)(void)$$/\1/p' $(TEST_SRC)); \
	{ for f in $$s; do echo "void $$f(void);"; done; \
	  printf '#define LB_TEST_SUITES'; for f in $$s; do printf ' X(%s)' $$f; done; \
	  echo; } > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/tests/%.o: tests/%.c $(wildcard tests/*.h) include/landbal.h lib/internal.h $(BUILD)/suites.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -DLB_BUILD_DIR='"$(BUILD)"' -DLB_SANITIZE='"$(SANITIZE)"' -c $< -o $@

$(TESTER): $(TEST_OBJ) $(STATIC)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_OBJ) $(STATIC) $(PKG_LIBS) -lpthread -lm

# The public header compiles and links as C++ too.
$(CXXTEST): tests/cxx_header.cpp include/landbal.h $(STATIC)
	$(CXX) -std=c++11 $(WARN) $(SANFLAGS) -Iinclude -o $@ $< $(STATIC) $(LIB_LIBS)

# --- data set --------------------------------------------------------------
$(BUILD)/gen_data: $(GEN_SRC) $(STATIC)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(GEN_SRC) $(STATIC) $(LIB_LIBS)

data: ensure-deps
	@$(MAKE) --no-print-directory $(BUILD)/gen_data
	$(BUILD)/gen_data data

# --- install ---------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/bin
	install -m 644 include/landbal.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/
	ln -sf liblandbal.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/liblandbal.so.$(SOVERSION)
	ln -sf liblandbal.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/liblandbal.so
	install -m 755 $(PROGRAM) $(DESTDIR)$(PREFIX)/bin/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' landbal.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/landbal.pc

format:
	clang-format -i include/*.h lib/*.c lib/*.h examples/*.c tests/*.c tests/*.h

clean:
	rm -rf build build-san
