/**
 * Two load balancers in network namespaces running what `openstack_ha::profile::haproxy` and
 * `openstack_ha::profile::keepalived` render for them (real Puppet modules, hiera as HaApiVip
 * writes it with its defaults), in front of three "controllers" answering on the API and
 * database ports with socat, and a client namespace that probes the VIP.
 *
 * The namespaces carry the rendered addresses and interface name (ens3), so keepalived.conf
 * runs as rendered; haproxy.cfg has only its admin socket path remapped (two instances on one
 * file system), and the sysctl file the profile writes is applied inside each load
 * balancer's namespace, where that setting lives.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { PORTS } from '../../../lib/compute/port-table';
import { DEFAULT_INTERFACE_NAME } from '../../../lib/documents/facts';
import { FrontendSpec, HAPROXY_KEYS, KEEPALIVED_KEYS, VrrpInstanceSpec } from '../../../lib/documents/hiera-keys';
import { catalogFile } from '../../real/support/catalog-files';
import { ClusterNode, compileClusterNode, entry } from '../../real/support/cluster-node';
import { PuppetCatalog } from '../../real/support/puppet';

export const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';
export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
export const SYSCTL_FILE = '/etc/sysctl.d/60-openstack-ha-haproxy.conf';

/** The HAProxy front ends of the API tier (as in test/real/support/api-tier.ts): Keystone over HTTP, Galera over TCP. */
export function frontends(backends: readonly ClusterNode[]): Record<string, FrontendSpec> {
  const servers = backends.map((b) => ({ name: b.hostname, address: b.address }));
  return {
    galera: { port: 3306, backend_port: 3306, mode: 'tcp', check: 'galera', check_port: 9200, single_writer: true, timeout_seconds: 3600, backends: servers },
    keystone: { port: 5000, backend_port: 5000, mode: 'http', check: 'http', check_path: '/v3', single_writer: false, timeout_seconds: 60, backends: servers },
  };
}

/** A VIP of the load balancers: its address, virtual router id and advertisement interval. */
export interface VipSpec {
  readonly address: string;
  readonly virtualRouterId: number;
  readonly advertInterval: number;
}

/**
 * The VRRP instance HaApiVip adds to the load balancer at `position`, with its defaults
 * (VRRP version 3, nopreempt, priority 150 - 10 x position).
 */
export function vrrpInstance(vip: VipSpec, position: number): VrrpInstanceSpec {
  return {
    vip: vip.address,
    prefix_length: 24,
    virtual_router_id: vip.virtualRouterId,
    priority: Math.max(1, 150 - 10 * position),
    advert_interval: vip.advertInterval,
    vrrp_version: 3,
    nopreempt: true,
  };
}

/**
 * Compiles the load balancers' catalogs (role loadbalancer: haproxy + keepalived) for a group
 * that carries several VIPs (as a public and an internal VIP share their load balancers): one
 * VRRP instance per VIP, named `vip_<id>` as HaApiVip names them, every front end on every VIP.
 */
export async function compileLoadBalancers(balancers: readonly ClusterNode[], backends: readonly ClusterNode[], vips: readonly VipSpec[]): Promise<PuppetCatalog[]> {
  return Promise.all(
    balancers.map(async (node, position) => {
      const { compiled } = await compileClusterNode({
        node,
        role: 'loadbalancer',
        profiles: ['haproxy', 'keepalived'],
        hosts: [...balancers, ...backends],
        nodeData: [
          entry(HAPROXY_KEYS.vips, vips.map((v) => v.address)),
          entry(HAPROXY_KEYS.frontends, frontends(backends)),
          entry(HAPROXY_KEYS.nodeAddress, node.address),
          entry(HAPROXY_KEYS.statsPort, PORTS.haproxyStats.port!),
          entry(KEEPALIVED_KEYS.interface, DEFAULT_INTERFACE_NAME),
          entry(KEEPALIVED_KEYS.nodeAddress, node.address),
          entry(KEEPALIVED_KEYS.peers, balancers.filter((b) => b !== node).map((b) => b.address)),
          entry(KEEPALIVED_KEYS.instances, Object.fromEntries(vips.map((v) => [`vip_${v.virtualRouterId}`, vrrpInstance(v, position)]))),
        ],
      });
      if (compiled.warnings.length > 0) console.log(`${node.hostname}: Puppet warnings:\n${compiled.warnings.join('\n')}`);
      return compiled.catalog;
    }),
  );
}

/** haproxy.cfg as rendered, with the admin socket in the load balancer's own directory. */
export function remapHaproxyCfg(catalog: PuppetCatalog, dir: string): string {
  const rendered = catalogFile(catalog, HAPROXY_CFG).content;
  const from = 'socket /run/haproxy/admin.sock';
  if (!rendered.includes(from)) throw new Error(`the rendered haproxy.cfg has no ${from}`);
  return rendered.replace(from, `socket ${join(dir, 'admin.sock')}`);
}

/**
 * A backend answering like a service behind the VIP: over HTTP (`http`, after reading the
 * request) or a bare TCP line (`tcp`), with its name and the address the connection came from
 * (the load balancer that forwarded it).
 */
export function writeBackendScript(path: string): void {
  writeFileSync(
    path,
    [
      '#!/bin/bash',
      '# $1: the backend name, $2: http or tcp. socat sets SOCAT_PEERADDR.',
      'body="$1 via ${SOCAT_PEERADDR:-?}"',
      'if [[ $2 == http ]]; then',
      "  while IFS= read -r -t 5 line; do line=${line%$'\\r'}; [[ -z $line ]] && break; done",
      "  printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n%s\\n' $((${#body} + 1)) \"$body\"",
      'else',
      "  printf '%s\\n' \"$body\"",
      'fi',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

/**
 * The client's probe loop: at most `count` probes of the VIP, one every `interval` seconds
 * (a probe gives up after a 0.1 s connect time-out), each written as
 * `<start> <end> <answer|FAIL>` (epoch seconds); it also ends when `stopFile` exists.
 */
export function writeProberScript(path: string): void {
  writeFileSync(
    path,
    [
      '#!/bin/bash',
      '# usage: prober COUNT INTERVAL ADDRESS PORT OUT STOPFILE',
      'count=$1 interval=$2 address=$3 port=$4 out=$5 stop=$6',
      'for ((i = 0; i < count; i++)); do',
      '  [[ -e $stop ]] && break',
      '  start=$EPOCHREALTIME',
      "  answer=$(printf 'GET /v3 HTTP/1.0\\r\\n\\r\\n' | socat -T 0.5 - \"TCP:$address:$port,connect-timeout=0.1\" 2>/dev/null | tail -n 1)",
      '  printf \'%s %s %s\\n\' "$start" "$EPOCHREALTIME" "${answer:-FAIL}" >>"$out"',
      '  sleep "$interval"',
      'done',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

/** One probe. */
export interface Probe {
  readonly start: number;
  readonly end: number;
  /** The load balancer's address that forwarded it, or undefined for a failed probe. */
  readonly via?: string;
}

export function parseProbes(text: string): Probe[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, end, ...rest] = line.split(' ');
      const via = /via (\d+\.\d+\.\d+\.\d+)/.exec(rest.join(' '))?.[1];
      return { start: Number(start), end: Number(end), via };
    });
}
