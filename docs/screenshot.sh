#!/usr/bin/env bash
# docs/review.png: ipwork review's page of the compilation sample, one correction made, taken
# by headless Chromium and reduced to 64 colours (Pillow, which pdfplumber installs) to stay small.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo '{"id": "daf6e0dd2c7c-13-41", "set": {"department_roles": [{"name": "省科技厅", "role": "lead"}, {"name": "人社厅", "role": "support"}]}, "source_line": 638}' > "$work/fix.jsonl"
ipwork review samples/2017_provincial_compilation.txt --corrections "$work/fix.jsonl" -o "$work/review.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,760 --virtual-time-budget=3000 \
    --screenshot="$work/review.png" "file://$work/review.html#item=daf6e0dd2c7c-13-41" 2>/dev/null
python -c "import sys; from PIL import Image; Image.open(sys.argv[1]).convert('RGB').quantize(64).save(sys.argv[2], optimize=True)" \
    "$work/review.png" docs/review.png
