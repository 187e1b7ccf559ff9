// Three controllers with the whole HA control plane. `node dist/examples/ha-control-plane/main.js`
// writes cdktf.out/stacks/ha-control-plane/cdk.tf.json.
import { App, enableFastMode } from '../../lib';
import { buildHaControlPlane } from './ha-control-plane';

enableFastMode();
const app = new App();
buildHaControlPlane(app);
app.synth();
