"""API tokens for programs: the model, its authentication and throttling, services, selectors, API, admin."""
