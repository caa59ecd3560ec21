"""kumo's security and reliability rules, as pure functions over a planned stack."""
