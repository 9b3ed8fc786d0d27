/// A model of the catalog by a typed name, so code names it without a lookup that can fail:
/// `ModelCatalog.metadata(.gpt41Mini)`, `withModel(.claudeSonnet45) { model in … }`. Any other id
/// works as a string (`ModelCatalog.require(named:)`, `LLMFactory.make(model:connector:)`).
public struct CatalogModel: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The model id.
    public let rawValue: String

    /// A model by its id; prefer the static members, which the catalog is tested to hold.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The model id.
    public var description: String { rawValue }

    // OpenAI (Azure OpenAI, OpenAI)
    /// GPT-4.1.
    public static let gpt41 = CatalogModel(rawValue: "gpt-4.1")
    /// GPT-4.1 mini (seed 004's model).
    public static let gpt41Mini = CatalogModel(rawValue: "gpt-4.1-mini")
    /// GPT-4.1 nano.
    public static let gpt41Nano = CatalogModel(rawValue: "gpt-4.1-nano")
    /// GPT-4o.
    public static let gpt4o = CatalogModel(rawValue: "gpt-4o")
    /// GPT-4o mini.
    public static let gpt4oMini = CatalogModel(rawValue: "gpt-4o-mini")
    /// o3.
    public static let o3 = CatalogModel(rawValue: "o3")
    /// o3-mini.
    public static let o3Mini = CatalogModel(rawValue: "o3-mini")
    /// o4-mini.
    public static let o4Mini = CatalogModel(rawValue: "o4-mini")
    /// GPT-5.
    public static let gpt5 = CatalogModel(rawValue: "gpt-5")
    /// GPT-5 mini.
    public static let gpt5Mini = CatalogModel(rawValue: "gpt-5-mini")
    /// GPT-5 nano.
    public static let gpt5Nano = CatalogModel(rawValue: "gpt-5-nano")
    /// text-embedding-3-small.
    public static let textEmbedding3Small = CatalogModel(rawValue: "text-embedding-3-small")
    /// text-embedding-3-large.
    public static let textEmbedding3Large = CatalogModel(rawValue: "text-embedding-3-large")
    /// gpt-image-1.
    public static let gptImage1 = CatalogModel(rawValue: "gpt-image-1")
    /// DALL-E 3.
    public static let dallE3 = CatalogModel(rawValue: "dall-e-3")
    /// gpt-4o-mini-tts.
    public static let gpt4oMiniTTS = CatalogModel(rawValue: "gpt-4o-mini-tts")
    /// gpt-4o-transcribe.
    public static let gpt4oTranscribe = CatalogModel(rawValue: "gpt-4o-transcribe")
    /// Sora 2.
    public static let sora2 = CatalogModel(rawValue: "sora-2")

    // Anthropic
    /// Claude Opus 4.5.
    public static let claudeOpus45 = CatalogModel(rawValue: "claude-opus-4-5")
    /// Claude Sonnet 4.5.
    public static let claudeSonnet45 = CatalogModel(rawValue: "claude-sonnet-4-5")
    /// Claude Haiku 4.5.
    public static let claudeHaiku45 = CatalogModel(rawValue: "claude-haiku-4-5")

    // Google
    /// Gemini 2.5 Pro.
    public static let gemini25Pro = CatalogModel(rawValue: "gemini-2.5-pro")
    /// Gemini 2.5 Flash.
    public static let gemini25Flash = CatalogModel(rawValue: "gemini-2.5-flash")
    /// Gemini 2.5 Flash-Lite.
    public static let gemini25FlashLite = CatalogModel(rawValue: "gemini-2.5-flash-lite")
    /// gemini-embedding-001.
    public static let geminiEmbedding001 = CatalogModel(rawValue: "gemini-embedding-001")

    // Amazon Bedrock
    /// Claude Sonnet 4.5 through Bedrock's global inference profile.
    public static let bedrockClaudeSonnet45 = CatalogModel(
        rawValue: "global.anthropic.claude-sonnet-4-5-20250929-v1:0")
    /// Amazon Nova Pro.
    public static let novaPro = CatalogModel(rawValue: "amazon.nova-pro-v1:0")

    /// Every typed name.
    public static let all: [CatalogModel] = [
        gpt41, gpt41Mini, gpt41Nano, gpt4o, gpt4oMini, o3, o3Mini, o4Mini, gpt5, gpt5Mini, gpt5Nano,
        textEmbedding3Small, textEmbedding3Large, gptImage1, dallE3, gpt4oMiniTTS, gpt4oTranscribe, sora2,
        claudeOpus45, claudeSonnet45, claudeHaiku45, gemini25Pro, gemini25Flash, gemini25FlashLite,
        geminiEmbedding001, bedrockClaudeSonnet45, novaPro,
    ]
}
