"""The bundle's program (build.spec): run as `form9-gui` (a link to it) it opens the window, as
`form9` it is the command.  One program instead of two keeps one copy of the Python modules in
the bundle (issue 13: ≤ 150 MB); Windows, which needs a windowed and a console program, gets two.
"""

from __future__ import annotations

import sys
from pathlib import Path

GUI_NAME = "form9-gui"


def main(argv0: str | None = None) -> int:
    name = Path(sys.argv[0] if argv0 is None else argv0).name
    if name.startswith(GUI_NAME):
        from app.__main__ import main as gui_main

        return gui_main()
    from app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
