#: The newest revision in versions/ (tests/store check it equals Alembic's head), so that opening
#: an up-to-date store reads one row instead of importing Alembic (half a second at start-up).
HEAD_REVISION = "0004"
