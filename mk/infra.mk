# Infrastructure: tests of the Pulumi program and policy pack (no cloud account), docker-compose.yml.
# Included by the main Makefile, which defines PY and the venv target.

.PHONY: infra-test compose-render compose-check

infra-test: venv
	$(PY) -m pytest tests/infra -q -p no:nameko

compose-render: venv
	$(PY) deploy/render_compose.py

compose-check: venv
	$(PY) deploy/render_compose.py --check
