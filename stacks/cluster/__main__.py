"""kumo's cluster layer: `pulumi up -C stacks/cluster -s STACK` (or `kumo up STACK --layer cluster`)."""

from components.layers.program import run

run("cluster")
