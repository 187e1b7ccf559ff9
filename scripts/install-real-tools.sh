#!/usr/bin/env bash
# Installs the Debian packages the real-tool suite (test/real/) checks against:
# Puppet 7 with the bookworm puppet-openstack 21.x (Zed) modules and the third-party modules
# they use, puppet-strings, cloud-init, and the daemons whose config files later checks parse.
#
# Idempotent: when every package is already installed it changes nothing and says so.
# Needs root (as on the CI machine). Prints the time taken.
#
# Usage: bash scripts/install-real-tools.sh
set -euo pipefail

# EPOCHREALTIME (bash 5) has microseconds; no external calculator needed.
started_us=${EPOCHREALTIME/[.,]/}
elapsed() {
  local now_us=${EPOCHREALTIME/[.,]/} tenths
  tenths=$(( (now_us - started_us) / 100000 ))
  printf '%d.%d' $(( tenths / 10 )) $(( tenths % 10 ))
}

packages=(
  # Puppet itself and the documentation generator used to find unknown hiera keys
  puppet-agent
  puppet-strings
  # puppet-openstack 21.x (Zed) as shipped by bookworm
  puppet-module-openstacklib
  puppet-module-oslo
  puppet-module-keystone
  puppet-module-glance
  puppet-module-nova
  puppet-module-placement
  puppet-module-neutron
  puppet-module-cinder
  puppet-module-ovn
  puppet-module-openstack-extras
  puppet-module-ceph
  # third-party modules the profiles declare
  puppet-module-puppetlabs-mysql
  puppet-module-michaeltchapman-galera
  puppet-module-puppetlabs-rabbitmq
  puppet-module-puppetlabs-haproxy
  puppet-module-voxpupuli-corosync
  puppet-module-saz-memcached
  # only "Suggests" of the modules above, but compilation fails without them
  puppet-module-puppetlabs-augeas-core
  puppet-module-puppet-archive
  puppet-module-camptocamp-systemd
  # the core types moved out of Puppet 6+ that our profiles and the service modules declare:
  # host (openstack_ha::profile::base) and cron (keystone/nova/cinder database clean-up jobs)
  puppet-module-puppetlabs-host-core
  puppet-module-puppetlabs-cron-core
  # user-data validation
  cloud-init
  # daemons whose rendered configuration the later checks hand to the real binary
  haproxy
  keepalived
  mariadb-server
  galera-4
  mariadb-backup
  rsync
  socat
  rabbitmq-server
  memcached
  # a throw-away single-host Ceph for the live RBD and cephx checks (test/live/ceph.test.ts)
  ceph-mon
  ceph-mgr
  ceph-osd
  ceph-common
  # the live HA tests (test/live/ha-*.test.ts): network namespaces, veth links and bridges
  # (ip, ss), the SQL client the Galera scripts and the row writers use, and stdbuf/pgrep
  iproute2
  mariadb-client
  coreutils
  procps
)

# One dpkg-query for all of them; a package dpkg has never heard of is simply not printed.
declare -A installed=()
while read -r name status; do
  [[ "$status" == "install ok installed" ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for package in "${packages[@]}"; do
  [[ -n "${installed[$package]:-}" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-real-tools: all ${#packages[@]} packages already installed; nothing to do ($(elapsed) s)"
  exit 0
fi

echo "install-real-tools: ${#missing[@]} of ${#packages[@]} packages missing: ${missing[*]}"
apt-get update -qq

unknown=()
for package in "${packages[@]}"; do
  candidate=$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ { print $2 }')
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    unknown+=("$package")
  fi
done
if [[ ${#unknown[@]} -gt 0 ]]; then
  echo "install-real-tools: no installable candidate for: ${unknown[*]}" >&2
  exit 1
fi

# --no-install-recommends keeps graphviz and friends out: nothing here needs them.
apt_log=$(mktemp)
trap 'rm -f "$apt_log"' EXIT
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >"$apt_log" 2>&1; then
  tail -40 "$apt_log" >&2
  exit 1
fi

# Machines with a policy-rc.d that forbids starts never run these; elsewhere stop what a
# package script may have started, so no daemon outlives the install.
for service in memcached rabbitmq-server mariadb haproxy keepalived; do
  invoke-rc.d "$service" stop >/dev/null 2>&1 || true
done

echo "install-real-tools: installed ${#missing[@]} missing packages ($(elapsed) s)"
