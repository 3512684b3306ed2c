"""Browser tests: the generated pages in headless Chromium."""
