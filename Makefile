# orbitfilm developer commands. Each target is a thin wrapper over a script in scripts/, which can also be
# called directly (scripts/run, scripts/test) where make is not installed.
#
#   make run                 web + Celery worker + Redis on http://127.0.0.1:8000/ (Ctrl-C stops all)
#   make test                the whole suite on SQLite, then on PostgreSQL (installs requirements-test.txt too)
#   make test ARGS="-k foo"  extra pytest arguments
#   make setup               create .venv and install requirements.txt (the runtime set)
#   make clean               remove caches and collected static files
#   make distclean           clean + remove .venv and var/ (the local database!)

.DEFAULT_GOAL := help
.PHONY: help setup run test clean distclean

ARGS ?=

help:
	@sed -n 's/^#   /  /p' $(firstword $(MAKEFILE_LIST))

setup:
	scripts/bootstrap

run:
	scripts/run

test:
	scripts/test $(ARGS)

clean:
	find . -path ./.venv -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis staticfiles

distclean: clean
	rm -rf .venv var
