// The smallest useful stack. `npm run synth` writes cdktf.out/stacks/first-cluster/cdk.tf.json.
import { App, enableFastMode } from '../../lib';
import { buildFirstCluster } from './first-cluster';

enableFastMode();
const app = new App();
buildFirstCluster(app);
app.synth();
