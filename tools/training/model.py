"""A compact plain CNN: 3x3 conv + BN + ReLU stages, global average pooling,
one linear layer. Plain convolutions (no depthwise) because those are what
ONNX Runtime turns into fused QLinearConv kernels in the browser's WASM
backend; GAP + linear makes class activation maps exact."""
import torch
from torch import nn


def conv_bn_relu(cin: int, cout: int, stride: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class CompactCNN(nn.Module):
    def __init__(self, in_channels: int, num_classes: int, widths, dropout: float = 0.2):
        super().__init__()
        layers = [conv_bn_relu(in_channels, widths[0], 2)]
        cin = widths[0]
        for i, width in enumerate(widths):
            stride = 1 if i == 0 else 2
            layers += [conv_bn_relu(cin, width, stride), conv_bn_relu(width, width, 1)]
            cin = width
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(cin, num_classes)

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
