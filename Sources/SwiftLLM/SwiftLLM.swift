// The umbrella module: `import SwiftLLM` gives the whole library.
@_exported public import Connectors
@_exported public import LLMAgents
@_exported public import LLMCache
@_exported public import LLMCore
@_exported public import LLMMedia
@_exported public import LLMProviders
@_exported public import LLMRouting
@_exported public import LLMThreads
