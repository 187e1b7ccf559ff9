import { Construct, LocalBackend, TerraformStack } from '../core/cdk';
import { OpenstackProvider, OpenstackProviderConfig } from './openstack/provider';

/** Props of {@link OpenStackStack}. */
export interface OpenStackStackProps {
  /**
   * The named cloud of the user's `clouds.yaml` that the provider authenticates against.
   *
   * Credentials never go into the stack: they come from `clouds.yaml` or the usual `OS_*`
   * environment variables when Terraform runs.
   *
   * @default - the provider reads the `OS_*` environment variables
   */
  readonly cloud?: string;
  /**
   * The region of the underlying cloud.
   *
   * @default - the region of the cloud entry or `OS_REGION_NAME`
   */
  readonly region?: string;
  /**
   * Further provider settings (for example `insecure` or `endpointOverrides`), merged
   * over `cloud` and `region`.
   *
   * @default - none
   */
  readonly providerConfig?: OpenstackProviderConfig;
  /**
   * Configure a local backend whose state file path is relative (`terraform.<stack>.tfstate`).
   *
   * cdktf's implicit local backend writes the absolute path of the working directory into
   * the output, so the same stack synthesizes differently on two machines. Set this to false
   * when you add another backend (S3, HTTP, ...) yourself.
   *
   * @default true
   */
  readonly relativeLocalBackend?: boolean;
}

/**
 * A Terraform stack wired for the underlying OpenStack cloud.
 *
 * It declares the OpenStack provider (`terraform-provider-openstack/openstack`, `~> 3.4`,
 * the version the bindings were generated from) and a local backend with a relative path,
 * so the synthesized JSON is the same on every machine.
 *
 * @example
 * const app = new App();
 * const stack = new OpenStackStack(app, 'prod', { cloud: 'underlay' });
 */
export class OpenStackStack extends TerraformStack {
  /** The OpenStack provider of this stack. */
  public readonly provider: OpenstackProvider;

  constructor(scope: Construct, id: string, props: OpenStackStackProps = {}) {
    super(scope, id);
    this.provider = new OpenstackProvider(this, 'openstack', {
      ...(props.cloud !== undefined ? { cloud: props.cloud } : {}),
      ...(props.region !== undefined ? { region: props.region } : {}),
      ...props.providerConfig,
    });
    if (props.relativeLocalBackend !== false) {
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }
  }
}
