"""Pure domain: catalogue, identifiers, rules, workflow. No Qt, no SQL."""
