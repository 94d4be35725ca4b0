# The two commands a new user needs: `make run` and `make test`. Everything else
# they need (virtualenv, packages) is installed by these targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-pdf.txt requirements-dev.txt | cksum | cut -d' ' -f1)
STAGE ?= prod
REGION ?= us-east-1

.PHONY: install run test test-other-zone fuzz bench bench-scale package deploy clean chromium

install: $(STAMP)

$(STAMP): requirements.txt requirements-pdf.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

run: install
	$(PY) -m devserver

# Browser tests drive Debian's chromium (Playwright cannot download its own here):
# install it when missing and we are root; otherwise the tests say how.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || [ "$$(id -u)" != 0 ] || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install chromium
	$(PY) -m pytest -q

# The clock-dependent tests once more with the test process in a zone far from both UTC and
# the practice's (UTC+14): code that read the machine's zone instead of the practice's fails.
OTHER_ZONE ?= Pacific/Kiritimati
test-other-zone: install
	TZ=$(OTHER_ZONE) $(PY) -m pytest -q -m clock

# A bounded property-based fuzz of the whole OpenAPI (tests/fuzz): its own session, a few
# minutes; FUZZ_EXAMPLES=20 make fuzz for a longer run.
fuzz: install
	PORTAL_FUZZ=1 $(PY) -m pytest -q -p no:cacheprovider tests/fuzz

bench: install
	$(PY) -m devserver.bench

# DynamoDB calls, items read and CPU per routine route at 1x, 10x and 100x history; fails
# when a route's cost grows with history (docs/performance.md). A couple of minutes.
bench-scale: install
	$(PY) -m devserver.bench_scale

package: install
	AWS_DEFAULT_REGION=$(REGION) $(PY) -m infra.package --stage $(STAGE) --out build/$(STAGE)

deploy: package
	AWS_DEFAULT_REGION=$(REGION) $(PY) -m infra.deploy --stage $(STAGE) --build build/$(STAGE)
	AWS_DEFAULT_REGION=$(REGION) $(PY) -m infra.site_upload --stage $(STAGE)

clean:
	rm -rf build .pytest_cache test-artifacts
