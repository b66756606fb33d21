#!/usr/bin/env bash
# round_trip_via.sh PIVOT [FILE]: English -> PIVOT -> English through Apertium, for PIVOT one of
# cat (Catalan), gl (Galician), hbs (Serbo-Croatian), eo (Esperanto): the translators the garbled
# score was not fitted on. As ../shared/tools/roundtrip does for Spanish, Apertium's error marks
# are dropped and the spacing tidied the way the human versions are, and line i of the output
# translates line i of the input. Needs Debian's apertium, apertium-eng-cat, apertium-en-gl,
# apertium-hbs-eng, apertium-eo-en.
set -euo pipefail
declare -A there=([cat]=eng-cat [gl]=en-gl [hbs]=eng-hbs [eo]=en-eo)
declare -A back=([cat]=cat-eng [gl]=gl-en [hbs]=hbs-eng [eo]=eo-en)
pivot=${1:?usage: round_trip_via.sh cat|gl|hbs|eo [FILE]}
[[ -n "${there[$pivot]:-}" ]] || { echo "round_trip_via.sh: unknown pivot '$pivot' (cat, gl, hbs, eo)" >&2; exit 2; }
cat "${2:-/dev/stdin}" | apertium -u "${there[$pivot]}" | apertium -u "${back[$pivot]}" \
  | sed -E 's/[#@*]//g; s/[ \t]+/ /g; s/ ([.,;:!?])/\1/g; s/^ //; s/ $//'
