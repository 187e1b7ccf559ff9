/**
 * How strictly the nodes of a group are kept on different hypervisors of the underlying cloud.
 */
export enum AntiAffinity {
  /**
   * Never two nodes of the group on one hypervisor (`anti-affinity`). Creation fails when the
   * cloud has too few hypervisors: the safe choice for quorum members.
   */
  HARD = 'anti-affinity',
  /**
   * Spread the nodes when possible (`soft-anti-affinity`), but still create them when the
   * cloud has fewer hypervisors than nodes.
   */
  SOFT = 'soft-anti-affinity',
}
