"""The app shell (navigation bar, language switch, footer) and its callbacks."""
