// The page's Web Worker: the dxlens core (WebAssembly) and one ONNX Runtime
// Web session per loaded model. What it does is in ops.js; the classification
// itself is the core's pipeline, driven by run-pipeline.js.
import { core } from './engine.js';
import { ops } from './ops.js';
import { serve } from './protocol.js';

serve(ops, () => core !== null);
