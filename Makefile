# Entry points named in the README. The scripts do the work.
.PHONY: run test services venv

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

# Helpers: start PostgreSQL/Redis (root), create/update .venv.
services:
	bash scripts/services.sh

venv:
	bash scripts/venv.sh
