# The two commands a newcomer needs (see README.md).
.PHONY: serve test demo-call

serve:  ## set up, load the seed content, create a local editor and serve at http://127.0.0.1:8000
	scripts/serve

test:   ## the whole test suite, on SQLite and PostgreSQL, with the browser tests
	scripts/test

demo-call:  ## open a demo call for papers beside the seed's (closed) one, to try a submission
	DJANGO_DEBUG=1 .venv/bin/python manage.py open_demo_call
