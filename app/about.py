"""What this installation is: the app's version, the rate packs and the form catalogues it ships
(`form9 --version`, Help → About in the main window).

App-level glue like app.samples: it reads the shipped data through app.ratepacks and app.forms.
A pack or catalogue that cannot be read is named in its line; the app's version is always shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import __version__

APP_NAME = "Form 9 Offline Utility"


@dataclass(frozen=True, slots=True)
class Versioned:
    """One rate pack or form catalogue: its version and the day it takes effect."""

    version: str
    effective_from: date


@dataclass(frozen=True, slots=True)
class About:
    app_version: str
    rate_packs: tuple[Versioned, ...]
    catalogues: tuple[Versioned, ...]
    problems: tuple[str, ...] = ()  # a pack or catalogue that could not be read, in one line each

    def lines(self) -> list[str]:
        def listed(items: tuple[Versioned, ...]) -> str:
            return ", ".join(
                f"{i.version} (in force from {i.effective_from:%d-%m-%Y})" for i in items
            )

        out = [f"{APP_NAME} {self.app_version}"]
        out.append(f"rate packs: {listed(self.rate_packs) or 'none'}")
        out.append(f"form catalogues: {listed(self.catalogues) or 'none'}")
        out.extend(f"problem: {p}" for p in self.problems)
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


def about() -> About:
    """The versions of this installation (shipped rate packs; shipped catalogues and those of
    $FORM9_FORMS_DIR)."""
    from app.forms import catalogues
    from app.model.catalogue import CatalogueError
    from app.model.ratepack import RatePackError
    from app.paths import ResourcesMissing
    from app.ratepacks import shipped_packs

    problems: list[str] = []
    packs: tuple[Versioned, ...] = ()
    cats: tuple[Versioned, ...] = ()
    try:
        packs = tuple(Versioned(p.version, p.effective_from) for p in shipped_packs())
    except (RatePackError, ResourcesMissing) as exc:
        problems.append(str(exc))
    try:
        cats = tuple(Versioned(c.version, c.effective_from) for c in catalogues())
    except (CatalogueError, ResourcesMissing) as exc:
        problems.append(str(exc))
    return About(__version__, packs, cats, tuple(problems))
