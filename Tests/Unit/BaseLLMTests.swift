import Foundation
import LLMCore
import LLMMedia
import Testing

@Suite struct BaseLLMValidationTests {
    let text = EchoModel(metadata: Fixtures.textModel)
    let vision = EchoModel(metadata: Fixtures.visionModel)

    @Test func emptyConversationIsAnInvalidPrompt() {
        let error = capture { try text.validateMessages([]) }
        #expect(error?.code == .invalidPrompt)
        #expect(error?.message == "messages is empty")
    }

    @Test func messageWithoutContentIsRejected() {
        let error = capture { try text.validateMessages([ChatMessage(role: .user, content: [])]) }
        #expect(error?.code == .invalidPrompt)
        #expect(error?.message == "messages[0] (user) has no content")
    }

    @Test func blankTextIsRejected() {
        let error = capture { try text.validateMessages([.system("be brief"), .user("  \n")]) }
        #expect(error?.code == .invalidPrompt)
        #expect(error?.parameter == "messages[1].content[0]")
        #expect(error?.message == "messages[1].content[0] is empty or blank text")
        for blank in ["", "\t\r\n\u{0B}\u{0C} ", " \u{00A0}\u{3000}\u{2028}"] {
            #expect(capture { try text.validateMessages([.user(blank)]) }?.code == .invalidPrompt, "\(blank.utf8)")
        }
        for notBlank in ["x", "  x", " \u{00A0}é", "\u{3000}日本"] {
            #expect(capture { try text.validateMessages([.user(notBlank)]) } == nil, "\(notBlank)")
        }
    }

    @Test func imageToATextOnlyModelIsUnsupported() {
        let error = capture { try text.validateMessages([.user("what?", images: [.bytes(Fixtures.png)])]) }
        #expect(error?.code == .unsupportedOperation)
        #expect(error?.message == "messages[0].content[1] contains images, which text-model does not accept")
        #expect(error?.hint == "text-model accepts text; remove the images or use a model that accepts it")
    }

    @Test func audioToAModelWithoutAudioInputIsUnsupported() throws {
        let wav = try AudioInput(data: Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8))
        let error = capture { try vision.validateMessages([.user([.text("transcribe"), .audio(wav)])]) }
        #expect(error?.code == .unsupportedOperation)
        #expect(error?.parameter == "messages[0].content[1]")
    }

    @Test func mediaOutsideUserMessagesIsRejected() {
        let message = ChatMessage(role: .assistant, content: [.image(.bytes(Fixtures.png))])
        let error = capture { try vision.validateMessages([.user("hi"), message]) }
        #expect(error?.code == .invalidRequest)
        #expect(
            error?.message
                == "messages[1].content[0] puts image in a assistant message; only user messages may carry media")
    }

    @Test func imageBytesThatAreNotAnImageFailBeforeSending() {
        let error = capture { try vision.validateMessages([.user("what?", images: [.bytes(Data("nope".utf8))])]) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.parameter == "messages[0].content[1]")
        #expect(error?.message.contains("is not a recognised media format") == true)
    }

    @Test func tooManyImagesForTheModel() {
        let images = Array(repeating: ImageInput.url(URL(string: "https://e.com/a.png")!), count: 4)
        let error = capture { try vision.validateMessages([.user("compare", images: images)]) }
        #expect(error?.code == .invalidRequest)
        #expect(
            error?.message
                == "messages = 4 images is out of range; allowed: at most 3 images per request for vision-model")
    }

    @Test func toolResultNeedsItsCallId() {
        let error = capture {
            try text.validateMessages([.user("hi"), ChatMessage(role: .tool, content: [.text("42")])])
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message == "messages[1] is a tool result without toolCallId")
        #expect(error?.hint?.contains("ChatMessage.tool(callId:content:)") == true)
    }

    @Test func toolResultMustAnswerAnEarlierCall() {
        let error = capture { try text.validateMessages([.user("hi"), .tool(callId: "call_9", content: "42")]) }
        #expect(error?.message == "messages[1] answers tool call 'call_9', which no earlier assistant message made")
    }

    @Test func toolCallsOnlyOnAssistantMessagesAndComplete() {
        let userWithCalls = ChatMessage(
            role: .user, content: [.text("x")], toolCalls: [ToolCall(id: "a", name: "f", arguments: "{}")])
        #expect(
            capture { try text.validateMessages([userWithCalls]) }?.message
                == "messages[0] is a user message with tool calls; only assistant messages make tool calls")
        let emptyName = ChatMessage.assistant(nil, toolCalls: [ToolCall(id: "a", name: "", arguments: "{}")])
        #expect(
            capture { try text.validateMessages([.user("x"), emptyName]) }?.parameter == "messages[1].toolCalls[0]")
    }

    @Test func aValidToolConversationPasses() throws {
        try text.validateMessages([
            .system("use tools"), .user("weather in Oslo?"),
            .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: "weather", arguments: "{\"city\":\"Oslo\"}")]),
            .tool(callId: "call_1", content: "{\"temp\":3}"), .user("thanks"),
        ])
    }
}

@Suite struct BaseLLMParameterTests {
    @Test func mergeLayersModelInstanceAndCall() throws {
        var metadata = Fixtures.textModel
        metadata.defaultOptions = GenerationOptions(maxTokens: 50, temperature: 1, seed: 7)
        let model = EchoModel(metadata: metadata, defaultOptions: GenerationOptions(temperature: 0.3, user: "svc"))
        let merged = try model.mergeParameters(GenerationOptions(temperature: 0.9, topP: 0.5))
        #expect(merged.maxTokens == 50)
        #expect(merged.seed == 7)
        #expect(merged.user == "svc")
        #expect(merged.temperature == 0.9)
        #expect(merged.topP == 0.5)
    }

    @Test func mergeValidatesTheResult() {
        let model = EchoModel(metadata: Fixtures.textModel, defaultOptions: GenerationOptions(temperature: 3))
        #expect(capture { _ = try model.mergeParameters(GenerationOptions()) }?.parameter == "temperature")
    }

    @Test func tokenEstimateFollowsTheDocumentedHeuristic() {
        let model = EchoModel(metadata: Fixtures.visionModel)
        #expect(BaseLLM.estimateTokens("") == 0)
        #expect(BaseLLM.estimateTokens("abcd") == 1)
        #expect(BaseLLM.estimateTokens("abcde") == 2)
        #expect(BaseLLM.estimateTokens("日本語") == 3)
        // 5 ASCII scalars (2 tokens) + é and 🎉 (a token each)
        #expect(BaseLLM.estimateTokens("héllo 🎉") == 4)
        // 3 priming + (4 framing + 2 text) + (4 framing + 1 text + 85 low image + 765 auto image)
        let messages: [ChatMessage] = [
            .system("abcdefgh"),
            .user(
                "hey",
                images: [
                    .url(URL(string: "https://e.com/a.png")!, detail: .low), .url(URL(string: "https://e.com/b.png")!),
                ]),
        ]
        #expect(model.estimateTokens(messages) == 3 + 6 + 855)
        let tools = GenerationOptions(tools: [ToolDefinition(name: "abcd")])
        #expect(model.estimateTokens(messages, options: tools) == 3 + 6 + 855 + 1 + 8)
    }

    @Test func maxTokensAboveTheModelLimitSaysTheLimit() {
        let model = EchoModel(metadata: Fixtures.textModel)
        let error = capture { try model.validateTokenLimits([.user("hi")], options: GenerationOptions(maxTokens: 500)) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message == "maxTokens = 500 is out of range; allowed: 1...200 for text-model")
    }

    @Test func promptPlusOutputOverTheWindowSaysBothNumbers() {
        let model = EchoModel(metadata: Fixtures.textModel)
        let long = String(repeating: "word ", count: 700)  // 3500 ASCII bytes -> 875 tokens
        let error = capture { try model.validateTokenLimits([.user(long)], options: GenerationOptions(maxTokens: 150)) }
        #expect(error?.code == .contextLengthExceeded)
        #expect(
            error?.message
                == "the prompt is about 882 tokens plus maxTokens 150 = 1032 tokens, over text-model's context window of 1000 tokens"
        )
        #expect(error?.hint == "shorten the conversation or lower maxTokens")
        // Without maxTokens the same prompt fits.
        #expect(capture { try model.validateTokenLimits([.user(long)], options: GenerationOptions()) } == nil)
    }
}

@Suite struct CapabilityTests {
    @Test func imageModelRefusesTextWithAHint() async {
        let model = EchoModel(metadata: Fixtures.imageModel)
        let error = await captureAsync { _ = try await model.getAnswer("draw a cat") }
        #expect(error?.code == .unsupportedOperation)
        #expect(error?.message == "dall-e-3 does not output text (getAnswer() is not available)")
        #expect(error?.hint == "dall-e-3 outputs images; use getImage()")
    }

    @Test func textModelRefusesMediaWithAHintOnEveryMethod() async {
        var metadata = Fixtures.textModel
        metadata.name = "gpt-4.1-mini"
        let model = EchoModel(metadata: metadata)
        let hint = "gpt-4.1-mini outputs text; use getAnswer()"
        let context = RequestContext()
        var errors: [LLMError?] = []
        errors.append(await captureAsync { _ = try await model.getImage("a cat") })
        errors.append(await captureAsync { _ = try await model.getAudio("hello") })
        errors.append(await captureAsync { _ = try await model.getVideo("a wave") })
        errors.append(
            await captureAsync {
                for try await _ in model.streamImage(ImageGenerationRequest(prompt: "a"), context: context) {}
            })
        errors.append(
            await captureAsync { for try await _ in model.streamAudio(SpeechRequest(input: "a"), context: context) {} })
        errors.append(
            await captureAsync {
                for try await _ in model.streamVideo(VideoGenerationRequest(prompt: "a"), context: context) {}
            })
        #expect(errors.count == 6)
        for error in errors {
            #expect(error?.code == .unsupportedOperation)
            #expect(error?.hint == hint)
        }
        #expect(errors[0]?.message == "gpt-4.1-mini does not output images (getImage() is not available)")
        #expect(errors[1]?.message == "gpt-4.1-mini does not output audio (getAudio() is not available)")
    }

    @Test func multiOutputHintListsEveryMethod() {
        let metadata = ModelMetadata(
            name: "omni", provider: .test, capabilities: ModelCapabilities(outputTypes: [.audio, .text]))
        #expect(LLMError.outputHint(for: metadata) == "omni outputs text and audio; use getAnswer() or getAudio()")
    }

    @Test func visionHelperSendsURLsFilesAndBytes() async throws {
        let model = EchoModel(metadata: Fixtures.visionModel)
        let path = try Fixtures.temporaryFile(named: "chart.dat", data: Fixtures.jpeg)
        let response = try await model.getAnswerWithVision(
            prompt: "describe", images: ["https://example.com/a.png", path], system: "be brief")
        #expect(response.content == "describe")
        #expect(
            response.toolCalls.map(\.arguments) == [
                "https://example.com/a.png", "data:image/jpeg;base64,\(Fixtures.jpeg.base64EncodedString())",
            ])
        let bytes = try await model.getAnswerWithVision(
            prompt: "and this?", images: [.bytes(Fixtures.png, detail: .low)])
        #expect(bytes.toolCalls.first?.arguments.hasPrefix("data:image/png;base64,") == true)
    }

    @Test func visionHelperOnATextModelSaysItCannotSee() async {
        let model = EchoModel(metadata: Fixtures.textModel)
        let error = await captureAsync {
            _ = try await model.getAnswerWithVision(prompt: "what?", images: ["https://e.com/a.png"])
        }
        #expect(error?.code == .unsupportedOperation)
        #expect(error?.parameter == "images")
    }

    @Test func visionHelperWithAMissingFileFailsBeforeSending() async {
        let model = EchoModel(metadata: Fixtures.visionModel)
        let error = await captureAsync {
            _ = try await model.getAnswerWithVision(prompt: "what?", images: ["/nonexistent.png"])
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.parameter == "messages[0].content[1]")
        #expect(
            error?.message
                == "messages[0].content[1]: cannot read media file '/nonexistent.png': no such file or not accessible")
    }

    @Test func streamConvenienceYieldsChunksTheAccumulatorFolds() async throws {
        let model = EchoModel(metadata: Fixtures.textModel)
        var accumulator = StreamAccumulator()
        for try await chunk in model.streamAnswer("one two three") { accumulator.add(chunk) }
        #expect(accumulator.response.content == "one two three ")
        #expect(accumulator.response.finishReason == .stop)
    }

    @Test func requestContextGeneratesIdsAndDeadlines() {
        let a = RequestContext()
        let b = RequestContext()
        #expect(a.requestId != b.requestId)
        #expect(a.requestId.hasPrefix("req_") && a.requestId.count == 28)
        let ids = (0..<1_000).map { _ in RequestContext.makeRequestId() }
        #expect(Set(ids).count == 1_000)
        #expect(ids.allSatisfy { $0.dropFirst(4).allSatisfy { "0123456789abcdef".contains($0) } && $0.count == 28 })
        #expect(RequestContext(requestId: "mine").requestId == "mine")
        let timed = RequestContext(timeout: .seconds(30))
        #expect(timed.remaining.map { $0 > .seconds(29) && $0 <= .seconds(30) } == true)
        #expect(RequestContext().remaining == nil)
    }

    @Test func pricingComputesCostWithCachedInput() {
        let pricing = ModelPricing(
            inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6, asOf: "2026-11-01")
        let cost = pricing.cost(of: Usage(promptTokens: 1_000_000, completionTokens: 500_000, cachedTokens: 200_000))
        #expect(abs(cost - (0.8 * 0.4 + 0.2 * 0.1 + 0.5 * 1.6)) < 1e-12)
    }

    /// Counts no provider should send still give a cost that is finite and never negative, and a
    /// total that saturates instead of overflowing.
    @Test func costAndTotalsNeverTrapOrGoNegative() {
        let pricing = ModelPricing(
            inputPerMillion: 3, cachedInputPerMillion: 0.3, cacheWritePerMillion: 3.75, outputPerMillion: 15,
            asOf: "2026-12-01")
        let huge = Usage(promptTokens: .max, completionTokens: .max)
        #expect(huge.totalTokens == .max)
        #expect(Usage(promptTokens: .min, completionTokens: -1).totalTokens == .min)
        #expect(pricing.cost(of: huge).isFinite && pricing.cost(of: huge) > 0)
        #expect(pricing.cost(of: Usage(promptTokens: -3, completionTokens: -1)) == 0)
        // Parts of the prompt never exceed it: 10 cached of a 5-token prompt cost 5 cached tokens.
        let over = pricing.cost(
            of: Usage(promptTokens: 5, completionTokens: 0, cachedTokens: 10, cacheCreationTokens: 7))
        #expect(abs(over - 5 * 0.3 / 1_000_000) < 1e-15)
        #expect(pricing.cost(of: Usage(promptTokens: 5, completionTokens: 0, cachedTokens: .min)) == 15.0 / 1_000_000)
    }
}
