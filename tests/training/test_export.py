"""Export round-trip (tools/training/export.py): the ONNX graph, classifier.json
and manifest.json written for a small CompactCNN must reproduce the torch model
the core and the web app will stand in for."""
import json
import tempfile
import unittest
from pathlib import Path

import support
import numpy as np
import onnx
import torch
from onnx import numpy_helper

import numpy_onnx
from tools.training.export import export_model, sha256_file
from tools.training.model import CompactCNN, conv_layers, count_macs

CLASSES = ["healthy", "mild", "severe"]


def tiny_model(cfg):
    """Seeded weights; BatchNorm statistics moved off their identity defaults so
    folding them into the convolutions on export is actually exercised."""
    torch.manual_seed(0)
    model = CompactCNN.from_config(cfg, len(CLASSES))
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.3, 0.3)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
    return model.eval()


class ExportRoundTrip(unittest.TestCase):
    CONFIG = {}  # tiny_config overrides; the v1 family (3x3 stride-2 stem)

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls.tmp.name)
        cls.cfg = support.tiny_config(**cls.CONFIG)
        cls.model = tiny_model(cls.cfg)
        export_model(cls.model, cls.cfg, CLASSES, cls.out)
        cls.onnx_model = onnx.load(str(cls.out / "model.fp32.onnx"))
        cls.classifier = json.loads((cls.out / "classifier.json").read_text())
        cls.manifest = json.loads((cls.out / "manifest.json").read_text())
        # A batch size other than the export's dummy batch of 1.
        cls.x = torch.randn(3, cls.cfg.channels, cls.cfg.input_size, cls.cfg.input_size,
                            generator=torch.Generator().manual_seed(5))
        with torch.no_grad():
            cls.logits, cls.features = (t.numpy() for t in cls.model(cls.x))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_export_leaves_the_model_in_eval_mode(self):
        # torch.onnx.export restores the wrapper's mode; a caller that evaluates
        # the model after exporting it must not get dropout and batch statistics.
        self.assertFalse(any(m.training for m in self.model.modules()))

    def test_graph_is_valid_opset_13(self):
        onnx.checker.check_model(self.onnx_model)
        opsets = {o.domain: o.version for o in self.onnx_model.opset_import}
        self.assertEqual(opsets.get(""), 13)

    def test_input_and_output_names_and_dynamic_batch(self):
        graph = self.onnx_model.graph
        initializers = {i.name for i in graph.initializer}
        inputs = [i for i in graph.input if i.name not in initializers]
        self.assertEqual([i.name for i in inputs], ["input"])
        self.assertEqual([o.name for o in graph.output], ["logits", "features"])
        side = 32 // (self.cfg.stem_stride * 2)  # the stem's stride, then one stride-2 stage
        expected_rest = {"input": [3, 32, 32], "logits": [len(CLASSES)], "features": [8, side, side]}
        for value in inputs + list(graph.output):
            dims = value.type.tensor_type.shape.dim
            with self.subTest(value=value.name):
                self.assertTrue(dims[0].dim_param, "batch dimension is fixed")
                self.assertFalse(dims[0].HasField("dim_value"))
                self.assertEqual([d.dim_value for d in dims[1:]], expected_rest[value.name])

    def test_onnx_graph_computes_what_torch_computes(self):
        outputs = numpy_onnx.run(self.onnx_model, {"input": self.x.numpy()})
        np.testing.assert_allclose(outputs["features"], self.features, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(outputs["logits"], self.logits, rtol=1e-4, atol=1e-5)

    def test_onnx_classifier_initializer_is_the_torch_linear_layer(self):
        graph = self.onnx_model.graph
        gemm = next(n for n in graph.node if n.output[0] == "logits")
        self.assertEqual(gemm.op_type, "Gemm")
        self.assertEqual(onnx.helper.get_attribute_value(
            next(a for a in gemm.attribute if a.name == "transB")), 1)
        inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
        linear = self.model.classifier
        np.testing.assert_array_equal(inits[gemm.input[1]], linear.weight.detach().numpy())
        np.testing.assert_array_equal(inits[gemm.input[2]], linear.bias.detach().numpy())

    def test_classifier_json_is_the_linear_layer_to_seven_decimals(self):
        # export.py writes round(v, 7): the file is exact up to that rounding.
        weight = np.array(self.classifier["weight"])
        bias = np.array(self.classifier["bias"])
        torch_weight = self.model.classifier.weight.detach().double().numpy()
        torch_bias = self.model.classifier.bias.detach().double().numpy()
        self.assertEqual(weight.shape, (len(CLASSES), self.cfg.widths[-1]))
        np.testing.assert_array_equal(weight, np.vectorize(lambda v: round(v, 7))(torch_weight))
        np.testing.assert_array_equal(bias, np.vectorize(lambda v: round(v, 7))(torch_bias))
        self.assertLessEqual(np.abs(weight - torch_weight).max(), 5e-8 + 1e-12)

    def test_features_through_classifier_json_give_the_logits(self):
        # What the core does for CAM: global-average-pool the features output,
        # then apply classifier.json; it must land on the model's logits.
        pooled = self.features.mean(axis=(2, 3))
        logits = pooled @ np.array(self.classifier["weight"]).T + np.array(self.classifier["bias"])
        np.testing.assert_allclose(logits, self.logits, rtol=1e-5, atol=1e-5)

    def test_manifest_describes_the_exported_files(self):
        m = self.manifest
        self.assertEqual(m["labels"], CLASSES)
        self.assertEqual(m["task"], "single_label")
        self.assertEqual(m["input"]["shape"], [-1, 3, 32, 32])
        self.assertEqual(m["outputs"], {"logits": "logits", "features": "features",
                                        "classifier": "classifier.json"})
        self.assertEqual(m["files"]["fp32"]["path"], "model.fp32.onnx")
        self.assertEqual(m["files"]["fp32"]["sha256"], sha256_file(self.out / "model.fp32.onnx"))

    def test_features_have_the_size_the_strides_give(self):
        stride = self.cfg.stem_stride * 2 ** (len(self.cfg.widths) - 1)
        side = self.cfg.input_size // stride
        self.assertEqual(self.features.shape, (3, self.cfg.widths[-1], side, side))


class ExportRoundTripPatchStem(ExportRoundTrip):
    """The v2 family: a 4x4 stride-4 "patchify" stem (no padding) to its own
    width, and a different number of convs in each stage."""
    CONFIG = {"stem_kernel": 4, "stem_stride": 4, "stem_width": 6, "blocks": [1, 2]}

    def test_the_layers_are_the_ones_configured(self):
        self.assertEqual(conv_layers(3, [4, 8], 4, 4, 6, [1, 2]),
                         [(3, 6, 4, 4), (6, 4, 1, 3), (4, 8, 2, 3), (8, 8, 1, 3)])
        convs = [m for m in self.model.modules() if isinstance(m, torch.nn.Conv2d)]
        self.assertEqual([(c.in_channels, c.out_channels, c.stride[0], c.kernel_size[0]) for c in convs],
                         conv_layers(3, [4, 8], 4, 4, 6, [1, 2]))
        self.assertEqual(convs[0].padding, (0, 0))

    def test_mac_count_matches_the_layers(self):
        # 32 -> 8 (stem) -> 8 -> 4 -> 4; the linear layer 8 x 3
        expected = 8 * 8 * 6 * 3 * 16 + 8 * 8 * 4 * 6 * 9 + 4 * 4 * 8 * 4 * 9 + 4 * 4 * 8 * 8 * 9 + 8 * 3
        self.assertEqual(count_macs(conv_layers(3, [4, 8], 4, 4, 6, [1, 2]), 32, 3), expected)

    def test_blocks_must_name_every_stage(self):
        with self.assertRaises(ValueError):
            conv_layers(3, [4, 8], blocks=[2])


if __name__ == "__main__":
    unittest.main()
