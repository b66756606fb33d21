#!/usr/bin/env bash
# pivot_set.sh LABELED_DIR OUT_DIR: for each family of a labeled set (labels.tsv: family, file,
# label, source), four families in OUT_DIR, each holding the family's human versions beside a
# round trip of its first human version through one Apertium pair other than English-Spanish
# (Catalan, Galician, Serbo-Croatian, Esperanto). For measuring the garbled score on translators
# it was not fitted on (README, Evaluation):
#
#   tools/pivot_set.sh ../shared/dev target/pivot-dev
#   target/release/wiredrift evaluate target/pivot-dev --verbose
#
# Needs Debian's apertium, apertium-eng-cat, apertium-en-gl, apertium-hbs-eng, apertium-eo-en.
# The output derives from LABELED_DIR's texts: keep it out of the repository.
set -euo pipefail
src=${1:?usage: pivot_set.sh LABELED_DIR OUT_DIR}
out=${2:?usage: pivot_set.sh LABELED_DIR OUT_DIR}
round_trip() { "$(dirname "$0")/round_trip_via.sh" "$@"; }
rm -rf "$out"; mkdir -p "$out"
printf 'family\tfile\tlabel\tsource\n' > "$out/labels.tsv"
humans() { awk -F'\t' -v f="$1" '$1 == f && $3 != "garbled" && $3 != "unrelated"' "$src/labels.tsv"; }
for family in $(tail -n +2 "$src/labels.tsv" | cut -f1 | awk '!seen[$0]++'); do
  first=$(humans "$family" | head -1 | cut -f2)
  [ -n "$first" ] || continue
  for pivot in cat gl hbs eo; do
    name="$family-$pivot"
    mkdir -p "$out/$name"
    humans "$family" | while IFS=$'\t' read -r _ file label source; do
      cp "$src/$family/$file" "$out/$name/$file"
      printf '%s\t%s\t%s\t%s\n' "$name" "$file" "$label" "$source" >> "$out/labels.tsv"
    done
    round_trip "$pivot" "$src/$family/$first" > "$out/$name/round-trip.txt"
    printf '%s\tround-trip.txt\tgarbled\t%s\n' "$name" "$first" >> "$out/labels.tsv"
  done
done
