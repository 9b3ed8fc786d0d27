public import LLMCore

/// The base of models that output media only (images, speech, video): the inherited `getAnswer`
/// and `streamAnswer` run the text checks first, which refuse with the model's "outputs …; use
/// …()" hint before any network call.
open class MediaModelBaseLLM: AzureBaseLLM, @unchecked Sendable {}
