enum _PlaceholderConnectors {}
