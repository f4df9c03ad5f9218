#!/usr/bin/env bash
# The wheel carries everything the app needs (issue 10): build it from a clean copy of the source,
# install it into a fresh venv (dependencies from the registry; pip's cache keeps this quick), and
# from a folder outside the repository run `form9 validate` and `form9 export-pdf` on the sample
# return the wheel ships (and `export-json`, which needs the schema), then `form9 --self-test`.  Any resource left out of the
# wheel makes this fail.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/form9-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A clean copy (tracked and new files, nothing ignored): no stale build/ output can slip in.
mkdir "$work/src"
(cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$work/src")
"$python" -m pip wheel --no-deps --quiet --wheel-dir "$work/dist" "$work/src"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/form9-*.whl

cd "$work"  # outside the repository: nothing can be found there by accident
sample="$("$work/venv/bin/python" -c \
  'from importlib.resources import files; print(files("app.resources") / "samples" / "return-2025-10.json")')"
case "$sample" in
  "$work/venv/"*) ;;
  *) echo "check-wheel: the sample is not read from the installed wheel: $sample" >&2; exit 1 ;;
esac
"$work/venv/bin/form9" validate "$sample"
"$work/venv/bin/form9" export-pdf --quiet "$sample" -o "$work/sample.pdf"
"$work/venv/bin/form9" export-json "$sample" -o "$work/sample.json"  # the schema ships too
head -c 5 "$work/sample.pdf" | grep -q '%PDF-' || { echo "check-wheel: no PDF written" >&2; exit 1; }
"$work/venv/bin/form9" --version
"$work/venv/bin/form9" --self-test  # JSON, PDF, Excel, a store and the window (off screen)
echo "check-wheel: the installed wheel validates and prints the sample return"
