"""Turn an assembled site into files: themes, formatting, charts, HTML and PDF writers."""
