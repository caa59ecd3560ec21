"""kumo's rules as a Pulumi CrossGuard policy pack (run `pulumi preview --policy-pack components/policy/pack`)."""
