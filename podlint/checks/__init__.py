"""Rule logic, one module per category. Every ``@rule`` function here is found by the registry."""
