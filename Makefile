# The two commands a newcomer needs (see README.md).
.PHONY: serve test

serve:  ## set up, load the seed content, create a local editor and serve at http://127.0.0.1:8000
	scripts/serve

test:   ## the whole test suite, on SQLite and PostgreSQL, with the browser tests
	scripts/test
