#!/usr/bin/env bash
# Re-extract the Vietnamese source strings and update the English catalog.
# Then translate the new msgids in tracker/translations/en/LC_MESSAGES/messages.po
# and run this again (it compiles the .mo that the app loads).
set -euo pipefail
cd "$(dirname "$0")/.."
B=.venv/bin/pybabel
POT=tracker/translations/messages.pot
PO=tracker/translations/en/LC_MESSAGES/messages.po
mkdir -p tracker/translations
$B extract -F babel.cfg -k _l -k lazy_gettext -o "$POT" --no-location --sort-output \
  --project "Directive Tracker" . >/dev/null
if [ -f "$PO" ]; then
  $B update -i "$POT" -d tracker/translations -l en --no-fuzzy-matching >/dev/null
else
  $B init -i "$POT" -d tracker/translations -l en >/dev/null
fi
$B compile -d tracker/translations --statistics
