"""Background work: RQ job functions (taking ids) and the worker that runs them."""
