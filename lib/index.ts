// The public API of openstack-ha-cdktf. Nothing outside this file is part of it.

// framework (re-exported so apps need one import)
export { App, Construct } from './core/cdk';

// core
export { HaValidationError, HaProblem } from './core/errors';
export { ERROR_CODES, ErrorCode } from './core/error-codes';
export { ValidationRule, validateRules, collectProblems } from './core/rules';
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

// compute
export { AntiAffinity } from './compute/anti-affinity';
export { ControlPlaneNetwork, ControlPlaneNetworkProps } from './compute/control-plane-network';
export { NodeGroup, NodeGroupProps } from './compute/node-group';
export { ServerNode, ServerNodeProps } from './compute/server-node';
