"""Planning and writing the QDQ graph (tools/quantize/graph.py, qdq.py) on
hand-built graphs with residual Add, MaxPool, a conv without ReLU and Gemm or
MatMul heads."""
import unittest

import support
import numpy as np
import onnx
from onnx import numpy_helper

from tools.quantize import graph, qdq
from tools.quantize.augment import augment


def quantized(model):
    plan = graph.plan_quantization(model)
    thresholds = {name: 2.0 for name in plan.activations}
    q, params = qdq.quantize_model(model, plan, thresholds)
    onnx.checker.check_model(q)
    return plan, q, params


def producer_of(model, name):
    return next(n for n in model.graph.node if name in n.output)


class Planning(unittest.TestCase):
    def test_residual_graph_plan(self):
        plan = graph.plan_quantization(support.residual_model())
        self.assertEqual([n.op for n in plan.nodes], ["Conv", "Conv", "Gemm"])
        # input: signed; after ReLU: non-negative; conv without ReLU: its own output, signed;
        # MaxPool of a ReLU and the pooled head input stay non-negative.
        self.assertEqual(plan.activations, {"input": False, "r1": True, "p1": True, "c2": False, "f": True})
        self.assertEqual([n.bias for n in plan.nodes], ["c1.b", "c2.b", "fc.b"])
        self.assertEqual(plan.nodes[2].weight_axis, 0)  # Gemm transB=1: rows are output channels

    def test_matmul_head_quantizes_columns_and_has_no_bias(self):
        plan = graph.plan_quantization(support.residual_model(head="MatMul"))
        head = plan.nodes[-1]
        self.assertEqual((head.op, head.weight_axis, head.bias), ("MatMul", 1, None))

    def test_gemm_with_alpha_stays_float(self):
        model = support.residual_model()
        gemm = model.graph.node[-1]
        gemm.attribute.append(onnx.helper.make_attribute("alpha", 0.5))
        plan = graph.plan_quantization(model)
        self.assertEqual([n.op for n in plan.nodes], ["Conv", "Conv"])
        self.assertTrue(any("alpha" in s for s in plan.skipped))


class Writing(unittest.TestCase):
    def test_weights_are_int8_per_channel_and_biases_int32(self):
        _, q, params = quantized(support.residual_model())
        inits = {i.name: numpy_helper.to_array(i) for i in q.graph.initializer}
        self.assertNotIn("c1.w", inits)  # the float weight is gone
        self.assertEqual(inits["c1.w__int8"].dtype, np.int8)
        self.assertEqual(inits["c1.w__scale"].shape, (8,))
        self.assertEqual(inits["c1.b__int32"].dtype, np.int32)
        np.testing.assert_allclose(inits["c1.b__scale"], float(params["input"].scale) * inits["c1.w__scale"],
                                   rtol=1e-6)
        np.testing.assert_allclose(inits["c2.b__scale"], float(params["p1"].scale) * inits["c2.w__scale"],
                                   rtol=1e-6)
        dq = producer_of(q, "c1.w")
        self.assertEqual(dq.op_type, "DequantizeLinear")
        self.assertEqual(dq.attribute[0].i, 0)

    def test_activation_zero_points_and_types(self):
        _, q, _ = quantized(support.residual_model())
        inits = {i.name: numpy_helper.to_array(i) for i in q.graph.initializer}
        for name in ("r1", "input", "c2", "f"):
            self.assertEqual(inits[name + "__zp"].dtype, np.uint8)
        for name in ("r1", "f"):  # never negative
            self.assertEqual(int(inits[name + "__zp"]), 0)
        for name in ("input", "c2"):  # signed: the int8 grid shifted by 128
            self.assertEqual(int(inits[name + "__zp"]), 128)

    def test_graph_outputs_and_consumers_read_the_dequantized_tensor(self):
        model = support.residual_model()
        model.graph.node[1].output[0] = "r1"
        _, q, _ = quantized(model)
        # The conv feeding only a ReLU: Conv -> Relu -> Q -> DQ, the DQ output named as before.
        self.assertEqual(producer_of(q, "r1").op_type, "DequantizeLinear")
        self.assertEqual(producer_of(q, "r1__float").op_type, "Relu")
        # The network input goes through its own pair; the first conv reads the DQ.
        self.assertEqual(producer_of(q, "c1").input[0], "input__dq")
        self.assertEqual([o.name for o in q.graph.output], ["logits", "features"])

    def test_a_quantized_graph_output_comes_from_the_dequantize(self):
        # Our models: the last ReLU's output is both the `features` output and the pooling input.
        model = support.residual_model()
        nodes = model.graph.node
        add = next(n for n in nodes if n.op_type == "Add")
        nodes.remove(add)
        relu = next(n for n in nodes if n.output[0] == "features")
        relu.input[0] = "c2"
        plan, q, _ = quantized(model)
        self.assertIn("features", plan.activations)
        self.assertEqual(producer_of(q, "features").op_type, "DequantizeLinear")
        self.assertEqual(producer_of(q, "features__float").op_type, "Relu")

    def test_old_opsets_are_refused(self):
        model = support.residual_model()
        model.opset_import[0].version = 11
        with self.assertRaises(SystemExit):
            qdq.quantize_model(model, graph.plan_quantization(model), {})


class Augmenting(unittest.TestCase):
    def test_planned_tensors_become_outputs(self):
        model = support.residual_model()
        plan = graph.plan_quantization(model)
        augmented, names = augment(model, list(plan.activations))
        onnx.checker.check_model(augmented)
        self.assertEqual(sorted(names.values()), sorted(plan.activations))
        self.assertEqual(names["input__calib"], "input")  # a graph input goes through Identity
        self.assertEqual(len(model.graph.output), 2)      # the original is untouched


if __name__ == "__main__":
    unittest.main()
