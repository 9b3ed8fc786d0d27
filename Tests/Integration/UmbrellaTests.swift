import SwiftLLM
import Testing

/// `import SwiftLLM` alone must give users the whole contract.
@Suite struct UmbrellaTests {
    @Test func umbrellaReExportsCoreAndMedia() throws {
        let metadata = ModelMetadata(
            name: "m", provider: LLMProvider(rawValue: "test"),
            capabilities: ModelCapabilities(inputTypes: [.text, .image]))
        #expect(metadata.capabilities.vision)
        #expect(MIMEType.png.mediaType == .image)
        #expect(throws: LLMError.self) { try GenerationOptions(topP: 2).validate() }
    }
}
