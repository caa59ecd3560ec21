"""The user kubeconfig AKS returns, made usable by Pulumi and CI: kubelogin with Azure CLI credentials.

With Entra ID (AAD) and local accounts off, `listClusterUserCredential` returns an exec-based kubeconfig
that runs `kubelogin get-token --login devicecode`, which would wait for a human inside `pulumi up`.
kumo rewrites the exec section the way `kubelogin convert-kubeconfig -l azurecli` does: short-lived
tokens from the caller's `az login` (or a workload-identity / service-principal login of the Azure CLI
in CI), never a static credential.
"""

from __future__ import annotations

import base64
from typing import Any

import yaml

KUBELOGIN_INSTALL_HINT = (
    "kubelogin is required to reach AKS clusters with Entra ID: "
    "https://azure.github.io/kubelogin/install.html (or `az aks install-cli`)"
)
AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630"
"""The Entra ID application every AKS API server accepts tokens for (the same in every tenant)."""


def _server_id(args: list[str]) -> str:
    for i, arg in enumerate(args[:-1]):
        if arg == "--server-id":
            return args[i + 1]
    return AKS_SERVER_ID


def exec_kubeconfig(encoded: str) -> str:
    """Decode AKS's base64 kubeconfig and point every user at `kubelogin get-token --login azurecli`."""
    config: dict[str, Any] = yaml.safe_load(base64.b64decode(encoded).decode())
    for user in config.get("users") or []:
        spec = user.get("user") or {}
        old = spec.get("exec") or {}
        spec["exec"] = {
            "apiVersion": old.get("apiVersion", "client.authentication.k8s.io/v1beta1"),
            "command": "kubelogin",
            "args": ["get-token", "--login", "azurecli", "--server-id", _server_id(list(old.get("args") or []))],
            "env": None,
            "installHint": KUBELOGIN_INSTALL_HINT,
            "interactiveMode": "Never",
            "provideClusterInfo": False,
        }
        user["user"] = {"exec": spec["exec"]}  # drop any token or client certificate the response held
    return yaml.safe_dump(config, sort_keys=False)
