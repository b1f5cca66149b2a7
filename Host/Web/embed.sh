#!/bin/sh
# Writes a folder of web files as one Swift source: raw string literals in <Name>.files (the web
# app: Host/Web/app as EmbeddedWebApp; the chat widget: Plugins/WebChat/Widget as EmbeddedWidget).
# Run by the EmbedWebApp build plugin when one of the files changed.
# usage: embed.sh <folder> <output.swift> [<Name> [<folder as named in the header>]]
set -eu
root=$1
out=$2
name=${3:-EmbeddedWebApp}
label=${4:-Host/Web/app}
mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
# The literals' delimiter: text that contains it (or \##### , an escape in such a literal) is refused.
d='#####'
cr=$(printf '\r')
{
  echo "// Generated at build time by Host/Web/embed.sh from $label. Do not edit: edit the files there."
  echo "enum $name {"
  echo '    /// (path relative to the folder, contents), sorted by path.'
  echo '    static let files: [(path: String, text: StaticString)] = ['
  (cd "$root" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) | while IFS= read -r path; do
    file=$root/$path
    if grep -q -e "\"\"\"$d" -e "\\\\$d" -e "$cr" "$file"; then
      echo "embed.sh: $path contains \"\"\"$d, \\$d or a carriage return; it cannot be embedded" >&2
      exit 1
    fi
    # A multi-line literal drops the line break before its closing delimiter, and with the
    # delimiter in column 0 no indentation is stripped: the text comes back byte for byte.
    printf '        ("%s", %s"""\n' "$path" "$d"
    cat "$file"
    printf '\n"""%s),\n' "$d"
  done
  echo '    ]'
  echo '}'
} > "$tmp"
if ! cmp -s "$tmp" "$out"; then mv "$tmp" "$out"; fi
