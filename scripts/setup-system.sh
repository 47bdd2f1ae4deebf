#!/usr/bin/env bash
# Installs the Debian packages the kiosk's tests and simulators need. Idempotent: installs only
# what is missing, so a second run costs a few dpkg queries.
set -euo pipefail

packages=(
  chromium                       # end-to-end tests drive the renderer in Debian's Chromium
  pcscd libpcsclite-dev pcsc-tools  # PC/SC daemon + headers for the N-API binding
  vsmartcard-vpcd                # virtual PC/SC reader; the card simulator connects on TCP 35963
  socat                          # pty pairs for serial devices (scanner, printer)
  sane-utils                     # scanimage + SANE "test" backend as a real scanner
  tesseract-ocr-vie tesseract-ocr-eng  # offline traineddata for tesseract.js
  fonts-ocr-b                    # MRZ font for OCR test images
  fonts-noto-core fonts-dejavu-core  # Vietnamese-capable fonts for UI, receipts and PDFs
  poppler-utils                  # pdftotext for declaration PDF tests
  espeak-ng                      # offline Vietnamese voice guidance
  libudev-dev libusb-1.0-0-dev   # node-hid / serialport native builds
  cups-client                    # lp, for the CUPS printer transport
  cups-daemon                    # cupsd: the CUPS raw-queue printer test starts a private one
  libopenjp2-tools               # opj_decompress: JPEG 2000 passport faces (DG2) to PNG for the UI
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-system: done"
