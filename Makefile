# Two commands set up everything: `make run` (demo site on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install lint format bench migrate seed messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo ""
	@echo "  Cổng học tập suốt đời: http://127.0.0.1:$(PORT)/"
	@echo "  Quản trị (admin):      http://127.0.0.1:$(PORT)/admin/"
	@echo "  Quản trị / admin:      admin@example.vn  /  hoctapsuotdoi"
	@echo "  Cán bộ trung tâm:      quanly.badinh@example.vn  /  hoctap-2025"
	@echo "  Kiểm duyệt viên:       kiemduyet@example.vn  /  hoctap-2025"
	@echo "  Người dân / resident:  0912000001  /  hoctapsuotdoi  (http://127.0.0.1:$(PORT)/tai-khoan/)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=cms.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the compiled catalogues after editing locale/*.po (needs GNU gettext's msgfmt;
# the compiled .mo files are committed so a fresh machine does not need it).
messages: install
	$(BIN)/python manage.py makemessages -l en -l vi --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=benchmarks --ignore=static --ignore=media --ignore=private_media
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	@bash benchmarks/ensure_wrk.sh
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) db.sqlite3 static media private_media .pytest_cache
