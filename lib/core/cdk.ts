/**
 * The one module that imports the framework.
 *
 * Every other file of the library (the generated bindings included) takes cdktf and
 * constructs from here, so moving to the CDK Terrain fork (`cdktn`) is a rename of the
 * two module names below and of the private stack-trace path in `fast-mode.ts`.
 *
 * @module
 */
import * as cdktf from 'cdktf';

export { cdktf };
export { Construct, IConstruct, Node } from 'constructs';
export {
  Annotations,
  App,
  AppConfig,
  Fn,
  IResolvable,
  ITerraformDependable,
  Lazy,
  LocalBackend,
  TerraformElement,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
} from 'cdktf';

/** The npm name of the framework package, used to locate private modules such as the stack-trace helper. */
export const FRAMEWORK_PACKAGE = 'cdktf';
