#!/bin/sh
# Debian packages the test suite needs beyond Python: makensis (the Windows
# installer script is compiled in the quick tests so it cannot rot) and
# desktop-file-validate (the Linux menu entry is checked against the spec).
# Installs what is missing when run as root (CI, a fresh machine); otherwise
# says what to install and carries on, so an unprivileged developer is told
# rather than stopped here.
set -e
missing=""
command -v makensis >/dev/null 2>&1 || missing="$missing nsis"
command -v desktop-file-validate >/dev/null 2>&1 || missing="$missing desktop-file-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages:$missing"
    apt-get update -qq >/dev/null || apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "warning: missing system packages:$missing (sudo apt-get install$missing)" >&2
fi
