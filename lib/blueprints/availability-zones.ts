/**
 * Availability-zone names in blueprint props.
 *
 * @module
 */
import { isToken } from '../core/rules';

/**
 * True for a usable availability-zone name of the underlying cloud: known at synth (not a
 * token), 1 to 255 characters, no control character, no leading white space, and no `:`
 * (Nova reads `zone:host` as a request for one host).
 */
export function isZoneName(name: unknown): boolean {
  return typeof name === 'string' && !isToken(name) && /^[^\s:][^:\u0000-\u001f\u007f]{0,254}$/.test(name);
}
