"""The pages of the web app, one module per area; each has ``routes()``."""
