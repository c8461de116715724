#!/usr/bin/env sh
# System libraries and tools the annual report and the browser tests need, installed with apt-get only where they
# are missing.
#
#   scripts/system-deps.sh           install what is missing (when apt-get exists and we may use it), else say how
#   scripts/system-deps.sh --strict  the same, and exit 1 if something is still missing afterwards (CI)
#   scripts/system-deps.sh --check   install nothing: list what is missing, exit 1 if anything is
#   ... --no-browser                 leave chromium out (`make demo`: the demonstration needs no browser)
#
# WeasyPrint (the PDF) needs Pango, HarfBuzz (with its subsetting library) and fontconfig; the report is set in
# DejaVu Sans. The report's tests read PDFs with pdftotext and render pages with pdftoppm (poppler-utils); without
# them those tests are skipped. The browser tests (pytest marker `browser`) drive Debian's chromium through
# Playwright (Playwright's own browser download is not used); without it they are skipped. Running it again changes
# nothing.
set -u

mode=install
browser=yes
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --strict) mode=strict ;;
    --no-browser) browser=no ;;
    *) echo "usage: $0 [--check|--strict] [--no-browser]" >&2; exit 2 ;;
  esac
done

have_library() {
  if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -p 2>/dev/null | grep -q "$1"
  else
    for dir in /usr/lib /usr/lib64 /usr/local/lib /lib /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu; do
      ls "$dir"/"$1"* >/dev/null 2>&1 && return 0
    done
    return 1
  fi
}

have_font() {
  command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "DejaVu Sans"
}

missing=""
need() {  # need PACKAGE WHAT: record a Debian package for something missing
  case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac
  echo "system-deps: missing $2 (Debian package $1)"
}

check_all() {
  missing=""
  have_library libpango-1.0.so.0 || need libpango-1.0-0 "Pango (WeasyPrint)"
  have_library libpangoft2-1.0.so.0 || need libpangoft2-1.0-0 "PangoFT2 (WeasyPrint)"
  have_library libharfbuzz.so.0 || need libharfbuzz0b "HarfBuzz (WeasyPrint)"
  have_library libharfbuzz-subset.so.0 || need libharfbuzz-subset0 "HarfBuzz subset (WeasyPrint, font subsetting)"
  have_library libfontconfig.so.1 || need libfontconfig1 "fontconfig (WeasyPrint)"
  have_font || need fonts-dejavu-core "the DejaVu Sans font (the report's typeface)"
  command -v pdftotext >/dev/null 2>&1 || need poppler-utils "pdftotext (report tests)"
  command -v pdftoppm >/dev/null 2>&1 || need poppler-utils "pdftoppm (report tests)"
  [ "$browser" = no ] || [ -x /usr/bin/chromium ] || need chromium "the chromium browser (browser tests)"
}

check_all
if [ -z "$missing" ]; then
  if [ "$browser" = yes ]; then
    echo "system-deps: WeasyPrint's libraries, the DejaVu fonts, poppler-utils and chromium are present"
  else
    echo "system-deps: WeasyPrint's libraries, the DejaVu fonts and poppler-utils are present"
  fi
  exit 0
fi
[ "$mode" = check ] && exit 1

run_apt() {  # run apt-get as root, directly or through sudo without a password prompt
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get "$@"
  else
    return 3
  fi
}

if command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: apt-get install$missing"
  # shellcheck disable=SC2086  # one word per package
  run_apt install -y -q --no-install-recommends $missing
  status=$?
  if [ "$status" = 3 ]; then
    echo "system-deps: not root and no password-less sudo; run: sudo apt-get install$missing"
  elif [ "$status" != 0 ]; then
    echo "system-deps: install failed; updating the package lists (apt-get update) and trying again"
    run_apt update -q && run_apt install -y -q --no-install-recommends $missing
  fi
else
  echo "system-deps: no apt-get here; install with your package manager: Pango, HarfBuzz, fontconfig," \
    "a DejaVu Sans font, poppler (pdftotext, pdftoppm) and chromium"
fi

check_all >/dev/null
if [ -n "$missing" ]; then
  echo "system-deps: still missing:$missing"
  [ "$mode" = strict ] && exit 1
  exit 0
fi
echo "system-deps: done"
exit 0
