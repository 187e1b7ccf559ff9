// The large reference cloud. `npm run synth:large` writes cdktf.out/stacks/large/cdk.tf.json.
import { App, enableFastMode } from '../../lib';
import { buildLargeCloud } from './large';

enableFastMode();
const app = new App();
buildLargeCloud(app, { computes: Number(process.env.LARGE_COMPUTES ?? 100) });
app.synth();
