"""The Import page (``/import``): check a CSV/XLSX in the browser, preview it, publish it."""
