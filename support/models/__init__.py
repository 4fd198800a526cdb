"""The support desk's models, one module per concern."""
