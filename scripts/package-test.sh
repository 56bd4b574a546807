#!/usr/bin/env bash
# Tests the .deb that scripts/package.sh built, in a clean root rather than this machine's state:
#  1. the package holds the binary, a desktop entry and icons, and declares its dependencies
#     (dpkg-deb -I / -c, the .desktop file's fields);
#  2. a fresh Debian root made by debootstrap (minbase) installs it with apt, which pulls in its
#     dependencies (WebKitGTK, GTK) from the Debian mirror;
#  3. in that root `coffer-app --version` runs (every shared library resolves: ldd finds all),
#     and the app starts headless on an Xvfb display and shows its "Coffer" window.
# Needs root (debootstrap, chroot, mounts), like CI. The debootstrap download is cached as a
# tarball, and apt's downloaded packages in a folder, under target/package-test/.
#   scripts/package-test.sh [PATH.deb]
#   COFFER_PACKAGE_SUITE (default: this machine's Debian codename, else bookworm)
#   COFFER_PACKAGE_MIRROR (default http://deb.debian.org/debian)
# Prints TAP-style lines (`ok N - …`, `not ok N - …`) and `# pass N` / `# fail N`.
set -uo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)
target=${CARGO_TARGET_DIR:-target}

deb=${1:-$(ls "$target"/release/bundle/deb/*.deb 2>/dev/null | head -n1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "package-test: no .deb found; run make package first"; echo "# fail 1"; exit 1; }
deb=$(realpath "$deb")
[ "$(id -u)" -eq 0 ] || { echo "package-test: needs root (debootstrap, chroot, mount)"; echo "# fail 1"; exit 1; }

. /etc/os-release 2>/dev/null || true
suite=${COFFER_PACKAGE_SUITE:-}
[ -z "$suite" ] && [ "${ID:-}" = "debian" ] && suite=${VERSION_CODENAME:-}
suite=${suite:-bookworm}
mirror=${COFFER_PACKAGE_MIRROR:-http://deb.debian.org/debian}

need=()
for tool in debootstrap Xvfb xwininfo; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "package-test: installing debootstrap xvfb x11-utils" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap xvfb x11-utils >/dev/null
fi

cache="$target/package-test"
mkdir -p "$cache/apt-archives/partial"
cache=$(realpath "$cache")
chroot_dir="$cache/root"
tarball="$cache/debootstrap-$suite-minbase.tgz"
artifacts="$root_dir/tests/desktop/artifacts"
mkdir -p "$artifacts"

passed=0
failed=0
n=0
check() { # check "description" command...
  n=$((n + 1))
  local description=$1
  shift
  if "$@" >"$cache/check.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok $n - $description"
  else
    failed=$((failed + 1))
    echo "not ok $n - $description"
    sed 's/^/#   /' "$cache/check.log" | tail -n 20
  fi
}

mounts=()
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill -TERM "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null; done
}
trap cleanup EXIT
bind() { # bind SOURCE TARGET-INSIDE-ROOT [ro]
  mkdir -p "$chroot_dir$2"
  mount --bind "$1" "$chroot_dir$2" && mounts+=("$chroot_dir$2")
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$chroot_dir$2"
  return 0
}

echo "package-test: $(basename "$deb") ($(stat -c %s "$deb") bytes) in a fresh $suite root"

# 1. What the package holds.
contents=$(dpkg-deb -c "$deb")
info=$(dpkg-deb -I "$deb")
desktop_file=$(echo "$contents" | awk '{print $NF}' | grep -E '^(\./)?usr/share/applications/[^/]+\.desktop$' | head -n1)
# has TEXT REGEX...: every regex matches a line of TEXT (names the first that does not).
has() {
  local text=$1 re
  shift
  for re in "$@"; do grep -qE -- "$re" <<<"$text" || { echo "no line matches: $re"; return 1; }; done
}
check "the .deb installs the binary as /usr/bin/coffer-app" has "$contents" ' (\./)?usr/bin/coffer-app$'
check "the .deb has a desktop entry under /usr/share/applications" test -n "$desktop_file"
check "the .deb has hicolor icons (32x32, 128x128, 256x256@2)" has "$contents" \
  ' (\./)?usr/share/icons/hicolor/32x32/apps/coffer-app\.png$' \
  ' (\./)?usr/share/icons/hicolor/128x128/apps/coffer-app\.png$' \
  ' (\./)?usr/share/icons/hicolor/256x256@2/apps/coffer-app\.png$'
check "the control file names the package, architecture and WebKitGTK/GTK dependencies" has "$info" \
  '^ Package: coffer$' '^ Architecture: amd64$' '^ Depends:.*libwebkit2gtk-4\.1-0' '^ Depends:.*libgtk-3-0'
entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO "$desktop_file" 2>/dev/null)
check "the desktop entry runs coffer-app, names its icon and sits in the Finance category" has "$entry" \
  '^Type=Application$' '^Exec=coffer-app' '^Icon=coffer-app$' '^Name=Coffer$' '^Categories=.*Finance'

# 2. A fresh root: debootstrap from the cached tarball (made on the first run), then apt.
# A root left mounted by an interrupted run is unmounted first, and never removed across mounts.
findmnt -rn -o TARGET | grep -F "$chroot_dir/" | sort -r | while read -r m; do umount -l "$m"; done
rm -rf --one-file-system "$chroot_dir"
if [ ! -f "$tarball" ]; then
  echo "package-test: downloading a $suite minbase root once (cached as $tarball)" >&2
  debootstrap --variant=minbase --make-tarball="$tarball" "$suite" "$cache/tarball-work" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 20 "$cache/debootstrap.log"; rm -f "$tarball"; }
  rm -rf "$cache/tarball-work"
fi
check "debootstrap makes a fresh $suite root" \
  debootstrap --variant=minbase --unpack-tarball="$tarball" "$suite" "$chroot_dir" "$mirror"
if [ ! -x "$chroot_dir/usr/bin/apt-get" ]; then
  echo "package-test: no root to install into; stopping" >&2
  echo "# pass $passed"
  echo "# fail $((failed + 1))"
  exit 1
fi
case "$suite" in
  bookworm | trixie) security="deb ${COFFER_PACKAGE_SECURITY_MIRROR:-http://deb.debian.org/debian-security} $suite-security main" ;;
  *) security="" ;;
esac
printf 'deb %s %s main\ndeb %s %s-updates main\n%s\n' "$mirror" "$suite" "$mirror" "$suite" "$security" >"$chroot_dir/etc/apt/sources.list"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
bind /proc /proc
bind /dev /dev
bind /sys /sys ro
bind "$cache/apt-archives" /var/cache/apt/archives
cp "$deb" "$chroot_dir/tmp/coffer.deb"
in_root() { chroot "$chroot_dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
check "apt in the fresh root installs the .deb and its dependencies" bash -c '
  in_root() { chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "${@:2}"; }
  in_root "$1" apt-get update -qq && in_root "$1" apt-get install -y -qq --no-install-recommends /tmp/coffer.deb' _ "$chroot_dir"
echo "package-test: the root holds $(in_root dpkg-query -W -f '.\n' | wc -l) packages after installing Coffer" >&2

# 3. It runs there.
check "coffer-app --version runs in the fresh root" bash -c '
  out=$(chroot "$1" env -i PATH=/usr/bin:/bin /usr/bin/coffer-app --version) && echo "$out" && grep -qE "^Coffer [0-9]+\.[0-9]+\.[0-9]+" <<<"$out"' _ "$chroot_dir"
check "ldd finds every shared library of /usr/bin/coffer-app in the fresh root" bash -c '
  out=$(chroot "$1" ldd /usr/bin/coffer-app) || exit 1; ! grep "not found" <<<"$out"' _ "$chroot_dir"

# The window: an Xvfb display on this machine whose socket the root sees; nothing else is shared.
mkdir -p "$cache/x11"
exec 5>"$cache/display"
Xvfb -displayfd 5 -screen 0 1280x900x24 -nolisten tcp >"$cache/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 5>&-
for _ in $(seq 1 100); do [ -s "$cache/display" ] && break; sleep 0.05; done
display=":$(head -n1 "$cache/display")"
bind /tmp/.X11-unix /tmp/.X11-unix
check "the installed app starts headless in the fresh root and shows its Coffer window" bash -c '
  chroot "$1" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$2" /usr/bin/coffer-app >"$3/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 300); do
    DISPLAY="$2" xwininfo -root -tree 2>/dev/null | grep -q "\"Coffer\"" && break
    kill -0 $app 2>/dev/null || break
    sleep 0.1
  done
  sleep 3   # let the webview paint the first screen for the screenshot
  shown=0
  DISPLAY="$2" xwininfo -root -tree | grep "\"Coffer\"" && shown=1
  alive=0; kill -0 $app 2>/dev/null && alive=1
  command -v import >/dev/null && DISPLAY="$2" import -window root "$4/package-chroot-start.png" 2>/dev/null
  kill -TERM $app 2>/dev/null; wait $app 2>/dev/null
  cat "$3/app.log"
  [ $shown = 1 ] && [ $alive = 1 ]' _ "$chroot_dir" "$display" "$cache" "$artifacts"

echo "# pass $passed"
echo "# fail $failed"
[ "$failed" -eq 0 ]
