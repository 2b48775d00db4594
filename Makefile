# hyoka — see README.md.  `make run` and `make check` install what they need.
PREFIX   ?= /usr/local
O        ?= build
BIN      ?= hyoka
# PDF needs cairo and pango: they live in a second binary, so that the editor
# and the other commands do not load 40 more libraries (render --format pdf
# hands over to it)
PDF_BIN  ?= hyoka-pdf
DESTDIR  ?=
VERSION  := 0.1.0
CC       ?= cc
PKGS     := ncursesw yaml-0.1
PDF_PKGS := pangocairo cairo-pdf
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(PDF_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lncursesw -ltinfo -lyaml)
PDF_LIBS   = $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null || echo -lpangocairo-1.0 -lpango-1.0 -lgobject-2.0 -lglib-2.0 -lcairo)
CRIT_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)
DEFS     := -DHYOKA_VERSION=\"$(VERSION)\" -DHYOKA_DATADIR=\"$(PREFIX)/share/hyoka\" \
            -DHYOKA_LOCALEDIR=\"$(PREFIX)/share/locale\" \
            -DHYOKA_LIBEXECDIR=\"$(PREFIX)/lib/hyoka\"
ALL_CFLAGS = $(WARN) $(CFLAGS) -Iinclude $(PKG_CFLAGS) $(DEFS)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRCS     := $(wildcard src/*.c)
# pdf.c draws with cairo; pdf_none.c stands in for it in hyoka itself
CORE_SRCS := $(filter-out src/main.c src/pdf.c src/pdf_none.c,$(SRCS))
LIB_SRCS := $(CORE_SRCS) src/pdf.c
OBJS     := $(SRCS:src/%.c=$(O)/obj/%.o)
CORE_OBJS := $(CORE_SRCS:src/%.c=$(O)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:src/%.c=$(O)/obj/%.o)
ASAN_OBJS := $(LIB_SRCS:src/%.c=$(O)/asan/%.o)
TESTS    := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TESTS:tests/unit/%.c=$(O)/tests/%)
ASAN_TEST_BINS := $(TESTS:tests/unit/%.c=$(O)/tests-asan/%)
MO       := $(O)/locale/ja/LC_MESSAGES/hyoka.mo
SAMPLE   := examples/yokohama-hitorioya-focused.yaml
# make run edits a copy, so saving never changes the repository
SCRATCH  := $(O)/sample
DEPS     := $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d)

.SECONDARY:
.PHONY: all deps run check unit unit-asan e2e screen shared pdf po-check install uninstall clean bench fuzz update-po locales golden bad valgrind cli import-check

all: $(BIN) $(PDF_BIN) $(MO)

deps:
	@sh scripts/deps.sh

$(BIN): $(O)/obj/main.o $(CORE_OBJS) $(O)/obj/pdf_none.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(PDF_BIN): $(O)/obj/main.o $(CORE_OBJS) $(O)/obj/pdf.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(PDF_LIBS)

# -MMD: each object depends on the headers it really includes
$(O)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -O1 -MMD -MP -c -o $@ $<

-include $(DEPS)

$(O)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -MMD -MP -o $@ $< $(LIB_OBJS) $(PKG_LIBS) $(PDF_LIBS) $(CRIT_LIBS)

$(O)/tests-asan/%: tests/unit/%.c $(ASAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) $(CRIT_CFLAGS) -MMD -MP -o $@ $< $(ASAN_OBJS) $(PKG_LIBS) $(PDF_LIBS) $(CRIT_LIBS)

-include $(TEST_BINS:=.d) $(ASAN_TEST_BINS:=.d)

$(MO): locale/ja.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

run: deps all
	@mkdir -p $(SCRATCH)
	@[ -f $(SCRATCH)/$(notdir $(SAMPLE)) ] || cp $(SAMPLE) $(SCRATCH)/
	@echo "run: editing a copy, $(SCRATCH)/$(notdir $(SAMPLE))"
	./$(BIN) --forms forms $(SCRATCH)/$(notdir $(SAMPLE))

# Every test: unit tests (plain and under ASan/UBSan), the catalogue, the
# end-to-end tmux tests.  Each runner prints its own counts.
check: deps all locales
	@$(MAKE) --no-print-directory unit unit-asan po-check cli bad shared pdf screen e2e valgrind import-check

locales:
	@sh scripts/locales.sh

unit: $(TEST_BINS)
	@sh tests/run-unit.sh $(O)/tests

unit-asan: $(ASAN_TEST_BINS)
	@ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 sh tests/run-unit.sh $(O)/tests-asan

po-check: $(MO)
	@sh tests/po-check.sh

e2e: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/e2e/run.sh

# Headless screen tests: key scripts and expected screens, no tmux needed.
screen: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/screen/run.sh

# The command line: outputs and exit codes.
cli: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/cli.sh

# A shared server: owners, groups, modes, ACLs, links and the umask kept.
shared: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/shared-server.sh

# PDF rendering: page size, fonts, text, golden text (PDF_UPDATE=1 records it).
pdf: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/pdf.sh

# `hyoka import` on each shared seed, compared field by field with its
# hand transcription in examples/ (skips when ../shared/seeds is absent).
import-check: all
	@sh tests/import/run.sh

# The bad-input corpus: every file gets its exact message and exit code.
bad: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/bad/run.sh

# One scripted editing session under valgrind: no leak, no error.
valgrind: all
	@HYOKA_BIN=$(CURDIR)/$(BIN) sh tests/valgrind.sh

# libFuzzer harnesses (clang); FUZZ_SECONDS per harness, default 60.
fuzz:
	@sh scripts/fuzz.sh

bench: all
	@sh bench/run.sh
	@sh bench/pdf.sh

# Regenerates the golden renderings after an intended change; review the diff.
golden: $(BIN)
	@mkdir -p tests/golden
	@for f in forms/*.yaml; do id=$$(sed -n 's/^id: *//p' $$f); \
	  LC_ALL=C.UTF-8 ./$(BIN) --forms forms render --form $$id --width 80 > tests/golden/$$id-blank.txt; done

update-po:
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o locale/hyoka.pot $(SRCS)
	msgmerge --update --backup=none locale/ja.po locale/hyoka.pot

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/hyoka $(DESTDIR)$(PREFIX)/share/hyoka/forms \
	  $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/ja/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/hyoka
	install -m 755 $(PDF_BIN) $(DESTDIR)$(PREFIX)/lib/hyoka/hyoka-pdf
	install -m 644 forms/*.yaml $(DESTDIR)$(PREFIX)/share/hyoka/forms/
	install -m 644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES/hyoka.mo
	install -m 644 man/hyoka.1 $(DESTDIR)$(PREFIX)/share/man/man1/hyoka.1
	install -m 644 man/ja/hyoka.1 $(DESTDIR)$(PREFIX)/share/man/ja/man1/hyoka.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/hyoka $(DESTDIR)$(PREFIX)/share/man/man1/hyoka.1 \
	  $(DESTDIR)$(PREFIX)/share/man/ja/man1/hyoka.1 \
	  $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES/hyoka.mo
	rm -rf $(DESTDIR)$(PREFIX)/share/hyoka $(DESTDIR)$(PREFIX)/lib/hyoka

clean:
	rm -rf $(O) $(BIN) $(PDF_BIN)
