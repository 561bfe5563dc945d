"""The calibration model: the FP32 model with every tensor the plan quantizes
exposed as an extra graph output, for `dxlens calibrate` to measure."""
import copy

from onnx import TensorProto, helper, shape_inference

CALIB_SUFFIX = "__calib"


def augment(model, tensors):
    """Returns (augmented model, {graph output name: tensor name}). Intermediate
    tensors become outputs as they are; a graph input cannot also be a graph
    output, so it goes through an Identity first."""
    augmented = copy.deepcopy(model)
    graph = augmented.graph
    existing = {o.name for o in graph.output}
    inputs = {i.name for i in graph.input}
    names = {}
    # Declared shapes where ONNX can infer them (the checker wants one).
    inferred = {v.name: v for v in shape_inference.infer_shapes(model).graph.value_info}
    inferred.update({v.name: v for v in graph.input})
    for tensor in tensors:
        if tensor in existing:
            names[tensor] = tensor
            continue
        output = tensor
        if tensor in inputs:
            output = tensor + CALIB_SUFFIX
            graph.node.insert(0, helper.make_node("Identity", [tensor], [output], name=output))
        if tensor in inferred:
            value = copy.deepcopy(inferred[tensor])
            value.name = output
        else:
            value = helper.make_tensor_value_info(output, TensorProto.FLOAT, None)
        graph.output.append(value)
        names[output] = tensor
    return augmented, names
