"""Sub-commands of the `form9` command (see app.cli)."""
