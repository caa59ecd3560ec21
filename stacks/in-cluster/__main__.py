"""kumo's in-cluster layer: `pulumi up -C stacks/in-cluster -s STACK` (or `kumo up STACK --layer in-cluster`)."""

from components.layers.program import run

run("in-cluster")
