/**
 * Sample nodes for the real-tool tests, on the documentation range 198.51.100.0/24 (the CI
 * machine's own network is 192.0.2.0/24, so that range is avoided).
 */
import { renderNodeFacts } from '../../../lib/documents/facts';

/** The domain of the sample deployment. */
export const SAMPLE_DOMAIN = 'example.test';

/** Three controllers: name → address. */
export const SAMPLE_CONTROLLERS: Readonly<Record<string, string>> = {
  ctl1: '198.51.100.11',
  ctl2: '198.51.100.12',
  ctl3: '198.51.100.13',
};

/** The facts of a sample node of the given name (8 vCPUs, 16 GiB unless said otherwise). */
export function sampleFacts(hostname: string, address: string, cores = 8, memoryMb = 16384): Record<string, unknown> {
  return renderNodeFacts({ hostname, domain: SAMPLE_DOMAIN, address, prefixLength: 24, cores, memoryMb });
}

/** Deployment-wide hiera data every sample node shares: the hosts table and time settings. */
export function sampleCommonHiera(): Record<string, unknown> {
  return {
    'openstack_ha::profile::base::hosts': Object.fromEntries(
      Object.entries(SAMPLE_CONTROLLERS).map(([name, address]) => [`${name}.${SAMPLE_DOMAIN}`, address]),
    ),
    'openstack_ha::profile::base::timezone': 'Etc/UTC',
    'openstack_ha::profile::base::time_servers': ['ntp1.example.test', '198.51.100.1'],
  };
}
