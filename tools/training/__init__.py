"""Training, export and model-card tooling for dxlens models (Debian python3-torch)."""
