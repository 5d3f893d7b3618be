#!/usr/bin/env bash
# Builds the Debian package dts_<version>_amd64.deb with dpkg-deb from a built CLI (mvn package:
# cli/target/lib and cli/target/dts-cli-<version>.jar) and prints its path. amd64: Netty's native
# epoll jar is x86_64 code. Java is not bundled (see the package description).
#   packaging/build-deb.sh --lib DIR --jar FILE --out DIR
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"

die() { echo "dts package: $*" >&2; exit 1; }

lib="" jar="" out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --lib) lib="$2"; shift 2 ;;
        --jar) jar="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) die "unknown argument $1 (usage: build-deb.sh --lib DIR --jar FILE --out DIR)" ;;
    esac
done
[ -d "$lib" ] || die "no class path folder '$lib' (build first: mvn package -pl cli -am)"
[ -f "$jar" ] || die "no CLI jar '$jar' (build first: mvn package -pl cli -am)"
[ -n "$out" ] || die "--out DIR missing"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (install Debian package dpkg)"

# dts-cli-0.1.0-SNAPSHOT.jar -> 0.1.0~SNAPSHOT (a pre-release sorts before 0.1.0)
version="$(basename "$jar" .jar)"
version="${version#dts-cli-}"
version="${version//-/\~}"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
install -D -m 0755 "$HERE/dts" "$stage/usr/bin/dts"
install -d "$stage/usr/share/dts/lib"
install -m 0644 "$lib"/*.jar "$jar" "$stage/usr/share/dts/lib/"
install -D -m 0644 "$HERE/dts-node@.service" "$stage/lib/systemd/system/dts-node@.service"
install -D -m 0644 "$HERE/dts.yaml.example" "$stage/etc/dts/dts.yaml.example"
install -D -m 0644 "$ROOT/README.md" "$stage/usr/share/doc/dts/README.md"
install -D -m 0644 "$ROOT/docs/DEPLOY.md" "$stage/usr/share/doc/dts/DEPLOY.md"

install -d "$stage/DEBIAN"
echo /etc/dts/dts.yaml.example > "$stage/DEBIAN/conffiles"
install -m 0755 "$HERE/postinst" "$stage/DEBIAN/postinst"
install -m 0755 "$HERE/postinst" "$stage/DEBIAN/postrm"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: dts
Version: $version
Architecture: amd64
Maintainer: DTS developers <dts@example.org>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: nftables, libnftables1, iproute2
Recommends: temurin-25-jre | temurin-25-jdk
Section: net
Priority: optional
Description: distributed TCP-splicing load balancer for single-IP web clusters
 Every node of a web cluster carries the same service address and MAC and sees
 every client packet; one node per connection inspects the HTTP request and
 moves the live TCP connection (TCP_REPAIR) to the node that should serve it,
 which answers the client directly from its local web server.
 .
 Java 25 is not bundled: install a JDK or JRE >= 25 (e.g. Temurin 25 from
 packages.adoptium.net); /usr/bin/dts finds it under /usr/lib/jvm or through
 DTS_JAVA_HOME. Nodes run as dts-node@ID.service; see
 /usr/share/doc/dts/DEPLOY.md and /etc/dts/dts.yaml.example.
CONTROL

mkdir -p "$out"
deb="$(cd "$out" && pwd)/dts_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
echo "$deb"
