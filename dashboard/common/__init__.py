"""What every page uses: colour classes, territory notes, area-code parsing and options."""
