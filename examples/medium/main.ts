// The medium reference cloud. `npm run synth` writes cdktf.out/stacks/medium/cdk.tf.json.
import { App, enableFastMode } from '../../lib';
import { buildMediumCloud } from './medium';

enableFastMode();
const app = new App();
buildMediumCloud(app);
app.synth();
