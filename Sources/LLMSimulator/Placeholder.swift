enum _PlaceholderLLMSimulator {}
