"""Client billing tasks: take ids, re-check state in the service, safe to rerun."""
