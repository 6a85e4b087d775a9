# The two commands of the README:
#   make demo   — set up, build, and ingest the embedded demo collection
#   make test   — set up, build, and run the whole test suite
SWIFT ?= swift
CONFIG ?= release
PREFIX ?= /usr/local
DEMO_DIR ?= demo

.PHONY: bootstrap build test demo install bench-ingest clean

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build -c $(CONFIG)

test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel

demo: build
	$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/conservator demo --directory $(DEMO_DIR)

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/conservator/Migrations/postgres \
		$(DESTDIR)$(PREFIX)/share/conservator/Pipelines $(DESTDIR)$(PREFIX)/share/conservator/Models \
		$(DESTDIR)$(PREFIX)/share/conservator/Samples \
		$(DESTDIR)$(PREFIX)/share/conservator/WebAssets/templates $(DESTDIR)$(PREFIX)/share/conservator/WebAssets/static
	install -m 755 $$($(SWIFT) build -c $(CONFIG) --show-bin-path)/conservator $(DESTDIR)$(PREFIX)/bin/
	install -m 644 Migrations/*.sql $(DESTDIR)$(PREFIX)/share/conservator/Migrations/
	install -m 644 Migrations/postgres/*.sql $(DESTDIR)$(PREFIX)/share/conservator/Migrations/postgres/
	install -m 644 Pipelines/*.yaml $(DESTDIR)$(PREFIX)/share/conservator/Pipelines/
	install -m 644 Samples/*.png Samples/NOTICE.md $(DESTDIR)$(PREFIX)/share/conservator/Samples/
	install -m 644 WebAssets/templates/*.mustache $(DESTDIR)$(PREFIX)/share/conservator/WebAssets/templates/
	install -m 644 WebAssets/static/* $(DESTDIR)$(PREFIX)/share/conservator/WebAssets/static/
	# every version of every model (<name>@<version>.*); versions installed before and no longer in Models/
	# stay, so runs recorded with them can still be reproduced
	install -m 644 Models/README.md $$(ls Models/*.onnx Models/*.card.yaml Models/*.manifest.json 2>/dev/null) \
		$(DESTDIR)$(PREFIX)/share/conservator/Models/

bench-ingest: build
	Benchmarks/ingest/run.sh

clean:
	rm -rf .build $(DEMO_DIR)
