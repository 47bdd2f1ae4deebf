#!/usr/bin/env bash
# Copies Debian's Tesseract models into resources/ocr/tessdata for packaging (no network).
# Usage: resources/ocr/copy-traineddata.sh [SOURCE_DIR]   (default /usr/share/tesseract-ocr/5/tessdata)
set -euo pipefail
src="${1:-/usr/share/tesseract-ocr/5/tessdata}"
dest="$(cd "$(dirname "$0")" && pwd)/tessdata"
mkdir -p "$dest"
for lang in vie eng; do
  file="$src/$lang.traineddata"
  if [[ ! -s "$file" ]]; then
    echo "missing $file: apt-get install tesseract-ocr-$lang" >&2
    exit 1
  fi
  cp "$file" "$dest/$lang.traineddata"
  echo "copied $lang.traineddata ($(stat -c %s "$file") bytes)"
done
