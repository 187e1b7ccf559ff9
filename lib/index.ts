// The public API of openstack-ha-cdktf. Nothing outside this file is part of it.

// framework (re-exported so apps need one import)
export { App, Construct } from './core/cdk';

// core
export { HaValidationError, HaProblem } from './core/errors';
export { ERROR_CODES, ErrorCode } from './core/error-codes';
export { ValidationRule, validateRules, collectProblems } from './core/rules';
export { Secret, SecretFormat } from './core/secret';
export { enableFastMode, setFastMode, isFastMode, STACK_TRACES_ENV } from './core/fast-mode';
export { synthesizeToJson, stringifyTerraformJson, TerraformJson } from './core/synth-json';
export { AddressPlan, AddressBlock, Ipv4Network, parseCidr, parseIpv4, formatIpv4 } from './core/ipam';

// providers
export { OpenStackStack, OpenStackStackProps } from './providers/openstack-stack';
export {
  validateAgainstProviderSchema,
  assertValidAgainstProviderSchema,
  SchemaViolation,
} from './providers/schema-validator';

export { RandomSecrets } from './providers/random-secrets';

// documents
export {
  CloudConfig,
  CloudConfigProps,
  SecretDocument,
  WriteFile,
  HostEntry,
  AptSource,
  NOVA_USER_DATA_LIMIT,
  MAX_USER_DATA_BYTES,
  SharedDocumentTail,
  TerraformRenderOptions,
} from './documents/cloud-config';
export { escapeTerraformTemplate } from './documents/terraform-template';
export { HieraData, HieraKey, HieraValue, hieraKey } from './documents/hiera';
export {
  NODE_KEYS,
  BASE_KEYS,
  MEMCACHED_KEYS,
  GALERA_KEYS,
  GALERA_ARBITRATOR_KEYS,
  RABBITMQ_KEYS,
  HAPROXY_KEYS,
  KEEPALIVED_KEYS,
  KEYSTONE_KEYS,
  FrontendSpec,
  BackendServer,
  VrrpInstanceSpec,
} from './documents/hiera-keys';
export { NodeRole, Profile, ROLE_PROFILES } from './documents/roles';
export { renderNodeFacts, NodeFactsInput } from './documents/facts';

// compute
export { AntiAffinity } from './compute/anti-affinity';
export { ControlPlaneNetwork, ControlPlaneNetworkProps } from './compute/control-plane-network';
export { NodeGroup, NodeGroupProps } from './compute/node-group';
export { ServerNode, ServerNodeProps, NodeDocuments } from './compute/server-node';
export { Deployment } from './compute/deployment';
export { ComputePool, ComputePoolProps, PoolMember } from './compute/compute-pool';
export { collectNodeDocuments } from './compute/node-documents';
export { PORTS, ServicePort, IpProtocol } from './compute/port-table';
export { SecurityGroup, TrafficSource } from './compute/security-group';

// ha
export { HaMysqlGalera, HaMysqlGaleraProps, GaleraSst, GaleraDatabase } from './ha/ha-mysql-galera';
export { HaRabbitCluster, HaRabbitClusterProps, PartitionHandling } from './ha/ha-rabbit-cluster';
export { HaApiVip, HaApiVipProps, ExposedService } from './ha/ha-api-vip';
export { HaMemcached, HaMemcachedProps } from './ha/ha-memcached';
export { FernetKeys } from './ha/fernet-keys';

// services
export { Keystone, KeystoneProps } from './services/keystone';
export { Placement, PlacementProps } from './services/placement';
export { Nova, NovaCellBinding, NovaProps, NovaRbdDisks, VirtType } from './services/nova';
export { NovaCell, NovaCellProps } from './services/nova-cell';
export { Neutron, NeutronProps, NeutronDriver, RouterScheduler } from './services/neutron';
export { ServiceContext } from './services/service-context';
export { ServiceUsers } from './services/service-users';

// storage
export { ICephStorage, addCephClient } from './storage/ceph-storage';
export { CephCluster, CephClusterProps } from './storage/ceph-cluster';
export { ExternalCeph, ExternalCephProps } from './storage/external-ceph';
export { Glance, GlanceProps, CephBackedGlance, CephBackedGlanceProps } from './storage/glance';
export { CephBackedCinder, CephBackedCinderProps } from './storage/cinder';
export { NovaOnCeph, NovaOnCephProps } from './storage/nova-rbd';
export { cephxCaps, OpenstackPools, DEFAULT_OPENSTACK_POOLS } from './documents/storage-keys';
export { stableUuid } from './core/stable-uuid';

// blueprints
export { MediumCloud, MediumCloudProps } from './blueprints/medium-cloud';
export { LargeCloud, LargeCloudProps } from './blueprints/large-cloud';
