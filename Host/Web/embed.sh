#!/bin/sh
# Writes the web app's files (Host/Web/app) as one Swift source: raw string literals in
# EmbeddedWebApp.files. Run by the EmbedWebApp build plugin when an app file changed.
# usage: embed.sh <app folder> <output.swift>
set -eu
root=$1
out=$2
mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
# The literals' delimiter: text that contains it (or \##### , an escape in such a literal) is refused.
d='#####'
cr=$(printf '\r')
{
  echo '// Generated at build time by Host/Web/embed.sh from Host/Web/app. Do not edit: edit the app.'
  echo 'enum EmbeddedWebApp {'
  echo '    /// (path relative to the app folder, contents), sorted by path.'
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
