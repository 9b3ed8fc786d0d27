enum _PlaceholderLLMProviders {}
