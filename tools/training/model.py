"""A compact plain CNN: a stem convolution, then stages of 3x3 conv + BN + ReLU
blocks, global average pooling and one linear layer. Plain convolutions (no
depthwise) because those are what ONNX Runtime turns into fused QLinearConv
kernels in the browser's WASM backend; GAP + linear makes class activation maps
exact.

Two kinds of stem:
- kernel 3, stride 2 (the v1 family): a 3x3 conv at full resolution;
- kernel = stride ("patchify"): a non-overlapping conv that takes the image
  straight to 1/stride resolution. The v2 family uses 8x8, stride 8, 64
  channels, then stages of 128 and 256. The high-resolution 3x3 blocks of v1
  had few channels, which INT8 GEMM speeds up least, and they held a third of
  the MACs (bench/results/ARCH_SWEEP.md)."""
import torch
from torch import nn


def conv_padding(kernel: int) -> int:
    """3x3 convs keep their size (padding 1); patchify stems tile the image (padding 0)."""
    return 1 if kernel == 3 else 0


def conv_bn_relu(cin: int, cout: int, stride: int, kernel: int = 3) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride=stride, padding=conv_padding(kernel), bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


def conv_layers(in_channels, widths, stem_kernel=3, stem_stride=2, stem_width=None, blocks=2):
    """(cin, cout, stride, kernel) of every conv, in order: the stem, then per
    stage `blocks` 3x3 convs (one count for all stages, or a list with one per
    stage), the first with stride 1 in the first stage and 2 after it. The one
    description the model and the MAC counts both use."""
    stem_width = stem_width or widths[0]
    per_stage = list(blocks) if isinstance(blocks, (list, tuple)) else [blocks] * len(widths)
    if len(per_stage) != len(widths) or min(per_stage) < 1:
        raise ValueError(f"blocks: one count >= 1 per stage ({len(widths)} stages), got {blocks}")
    layers = [(in_channels, stem_width, stem_stride, stem_kernel)]
    cin = stem_width
    for i, width in enumerate(widths):
        for b in range(per_stage[i]):
            layers.append((cin, width, 2 if (b == 0 and i > 0) else 1, 3))
            cin = width
    return layers


def count_macs(layers, input_size, num_classes):
    """Multiply-accumulates per image of the convs (BN folds into them) and the
    final linear layer; ReLU and GAP are not MACs."""
    size, macs = input_size, 0
    for cin, cout, stride, kernel in layers:
        size = (size + 2 * conv_padding(kernel) - kernel) // stride + 1
        macs += cout * size * size * cin * kernel * kernel
    return macs + layers[-1][1] * num_classes


class CompactCNN(nn.Module):
    def __init__(self, in_channels: int, num_classes: int, widths, dropout: float = 0.2,
                 stem_kernel: int = 3, stem_stride: int = 2, stem_width: int = None, blocks: int = 2):
        super().__init__()
        self.layer_specs = conv_layers(in_channels, widths, stem_kernel, stem_stride, stem_width, blocks)
        self.features = nn.Sequential(*[conv_bn_relu(cin, cout, stride, kernel)
                                        for cin, cout, stride, kernel in self.layer_specs])
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(widths[-1], num_classes)

    @staticmethod
    def from_config(cfg, num_classes: int) -> "CompactCNN":
        return CompactCNN(cfg.channels, num_classes, cfg.widths, stem_kernel=cfg.stem_kernel,
                          stem_stride=cfg.stem_stride, stem_width=cfg.stem_width, blocks=cfg.blocks)

    def forward(self, x):
        features = self.features(x)
        pooled = features.mean(dim=(2, 3))
        return self.classifier(self.dropout(pooled)), features


class ExportWrapper(nn.Module):
    """Names the two outputs the manifest expects: logits and the last feature map."""

    def __init__(self, model: CompactCNN):
        super().__init__()
        self.model = model

    def forward(self, x):
        logits, features = self.model(x)
        return logits, features
