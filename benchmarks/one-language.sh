#!/bin/sh
# The naive build of one language, as a user would script it: one sphinx-build per
# format into a fresh folder, then latexmk for the PDF; no validation.
#   NAIVE_ROOT=publication NAIVE_OUT=folder NAIVE_BASENAME=name ./one-language.sh fa
#   printf 'az\nen\nfa\nru\n' | xargs -P2 -n1 ./one-language.sh     # two at a time
set -eu
lang=$1
bin=${NAIVE_BIN:-$(dirname "$0")/../.venv/bin}
out=$NAIVE_OUT/$lang
rm -rf "$out"
for builder in html epub latex; do
  "$bin/sphinx-build" -q -b "$builder" -c "$NAIVE_ROOT" -D language="$lang" \
    -d "$out/$builder/doctrees" "$NAIVE_ROOT/source" "$out/$builder/build" \
    >"$out.$builder.log" 2>&1
done
cd "$out/latex/build"
latexmk -lualatex -interaction=nonstopmode -halt-on-error "$NAIVE_BASENAME.tex" \
  >"$out.latexmk.log" 2>&1
test -s "$NAIVE_BASENAME.pdf"
