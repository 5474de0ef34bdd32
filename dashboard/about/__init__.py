"""The About page: layout and its content."""
