import Foundation
import LLMCore
import LLMMedia
import LLMThreads
import Testing

/// Versions, branches, stored records and the lineage graph, with fixed ids and times.
@Suite struct ChatThreadTests {
    /// Ids 00000000-0000-0000-0000-0000000000NN and times 1,000 + NN seconds.
    static func id(_ number: Int) -> UUID {
        UUID(uuidString: String(format: "%08x-0000-4000-8000-000000000000", number))!
    }

    static func at(_ number: Int) -> Date { Date(timeIntervalSince1970: 1_000 + Double(number)) }

    /// An answer of `text`.
    static func answer(_ text: String) -> ChatMessage { .assistant(text) }

    /// Three turns, an edit of turn two (message 2), and its continuation.
    static func conversation() throws -> [ChatThread] {
        let created = ChatThread(
            systemPrompt: "Be brief.", configuration: ThreadConfiguration(model: "gpt-4.1-mini"), id: id(1), at: at(1))
        var versions = [created]
        var current = created
        for (turn, question) in ["Tell me a joke", "Why is it funny?", "Another one"].enumerated() {
            current = current.appending(.user(question), id: id(10 * turn + 2), at: at(10 * turn + 2))
            versions.append(current)
            current = current.appending(answer("Answer \(turn + 1)"), id: id(10 * turn + 3), at: at(10 * turn + 3))
            versions.append(current)
        }
        let edited = try current.editing(messageAt: 2, to: .user("Explain it"), id: id(40), at: at(40))
        versions.append(edited)
        versions.append(edited.appending(answer("Because"), id: id(41), at: at(41)))
        return versions
    }

    @Test func everyChangeIsANewVersionAndAnEditBranchesFromWhereTheMessageWasAdded() throws {
        let versions = try Self.conversation()
        let last = try #require(versions.last)
        #expect(Set(versions.map(\.lineageId)) == [Self.id(1)])
        #expect(last.messages.map(\.text) == ["Tell me a joke", "Answer 1", "Explain it", "Because"])
        #expect(last.conversation.first?.role == .system)
        let edit = versions[versions.count - 2]
        #expect(edit.parentId == Self.id(3))  // the version that held "Answer 1"
        #expect(edit.change == .edited(index: 2))
        #expect(versions[6].messages.count == 6)  // the original branch is untouched
        #expect(throws: LLMError.self) { try last.editing(messageAt: 9, to: .user("x")) }
        #expect(last.configuration.model == "gpt-4.1-mini")
    }

    @Test func recordsHoldOnlyWhatEachVersionAddedAndRebuildTheSameVersions() throws {
        let versions = try Self.conversation()
        let records = versions.map(ThreadRecord.init)
        #expect(records[0].configuration == #"{"model":"gpt-4.1-mini"}"#)
        #expect(records[0].systemPrompt == #"{"system":"Be brief."}"#)
        #expect(records[3].base == 2 && records[3].configuration == nil && records[3].systemPrompt == nil)
        #expect(records[3].added == #"[{"content":[{"text":"Why is it funny?","type":"text"}],"role":"user"}]"#)
        #expect(records[7].base == 2 && records[7].parentId == ThreadRecord.key(Self.id(3)))
        let rebuilt = try ThreadRecord.threads(from: records)
        #expect(rebuilt == versions)
        #expect(rebuilt.map(ThreadRecord.init) == records)
    }

    @Test func theLineageIsATreeAndAMermaidGraphInSeed001sStyle() throws {
        let tree = ThreadTree(try Self.conversation())
        #expect(tree.leaves.map(\.id) == [Self.id(23), Self.id(41)])
        #expect(tree.children(of: Self.id(3)).map(\.id) == [Self.id(12), Self.id(40)])
        #expect(
            tree.mermaid() == """
                graph TD
                  v00000001["ChatThread\\n00000001\\ncreated: Be brief."]
                  v00000002["ChatThread\\n00000002\\nuser: Tell me a joke"]
                  v00000003["ChatThread\\n00000003\\nassistant: Answer 1"]
                  v0000000c["ChatThread\\n0000000c\\nuser: Why is it funny?"]
                  v0000000d["ChatThread\\n0000000d\\nassistant: Answer 2"]
                  v00000016["ChatThread\\n00000016\\nuser: Another one"]
                  v00000017["ChatThread\\n00000017\\nassistant: Answer 3"]
                  v00000028["ChatThread\\n00000028\\nedited 2: user: Explain it"]
                  v00000029["ChatThread\\n00000029\\nassistant: Because"]
                  v00000001 -->|"user message"| v00000002
                  v00000002 -->|"assistant message"| v00000003
                  v00000003 -->|"user message"| v0000000c
                  v0000000c -->|"assistant message"| v0000000d
                  v0000000d -->|"user message"| v00000016
                  v00000016 -->|"assistant message"| v00000017
                  v00000003 -->|"edited message 2"| v00000028
                  v00000028 -->|"assistant message"| v00000029

                """)
        let hostile = ChatThread().appending(.user("say \"hi\" | <script>"))
        #expect(ThreadTree([hostile]).mermaid().contains("user: say #quot;hi#quot; #124; #lt;script#gt;\"]"))
    }

    @Test func optionsSystemPromptsAndEveryPartKindSurviveTheRecord() throws {
        let configuration = ThreadConfiguration(
            model: "claude-sonnet-4-5",
            options: GenerationOptions(
                maxTokens: 100, temperature: 0.25, stop: ["END"], seed: 7,
                responseFormat: .jsonSchema(name: "r", schema: ["type": "object"], strict: true),
                tools: [ToolDefinition(name: "f", description: "d", parameters: ["type": "object"], strict: false)],
                toolChoice: .function("f"), reasoningEffort: .high, extraBody: ["x": [1, 2]]))
        let thread = ChatThread(configuration: configuration, id: Self.id(1), at: Self.at(1))
        var message = ChatMessage.user(
            [
                .text("look"), .image(ImageInput(source: .bytes(Data([1, 2]), mimeType: "image/png"), detail: .low)),
                .image(ImageInput(source: .url(URL(string: "https://example.com/a.png")!))),
                .document(DocumentInput(source: .text("doc"), title: "T")),
                .reasoning(Reasoning(text: "hm", signature: "sig", provider: .anthropic)),
            ])
        message.cache = CacheBreakpoint(ttl: .seconds(3600))
        let prompted = thread.withSystemPrompt("New rules", id: Self.id(2), at: Self.at(2))
        let asked = prompted.appending(message, id: Self.id(3), at: Self.at(3))
        let call = ChatMessage.assistant(
            nil, toolCalls: [ToolCall(id: "c1", name: "f", arguments: "{}", signature: "s")])
        let called = asked.appending(call, id: Self.id(4), at: Self.at(4))
        let answered = called.appending(
            .tool(callId: "c1", content: "oops", isError: true), id: Self.id(5), at: Self.at(5))
        // Every version of the chain: a record names its parent, which must be stored too.
        let versions = [thread, prompted, asked, called, answered]
        #expect(try ThreadRecord.threads(from: versions.map(ThreadRecord.init)) == versions)
        #expect(answered.systemPrompt == "New rules" && answered.configuration == configuration)
    }

    @Test func everyGenerationOptionIsStored() throws {
        let options = GenerationOptions(
            maxTokens: 9, temperature: 0.5, topP: 0.9, topK: 40, frequencyPenalty: 0.1, presencePenalty: -0.2,
            stop: ["a", "b"], seed: 3, n: 2, responseFormat: .jsonObject,
            tools: [ToolDefinition(name: "g", description: nil, parameters: nil, strict: nil)], toolChoice: .required,
            parallelToolCalls: false, reasoningEffort: .minimal, reasoningBudget: 2048, user: "u-1",
            extraBody: ["k": "v"], minP: 0.05, repetitionPenalty: 1.1, greedy: true, numBeams: 1, logprobs: true,
            topLogprobs: 3, logitBias: [42: -100, 7: 2.5])
        // A field added to GenerationOptions fails here until it is set above and stored.
        let unset = Mirror(reflecting: options).children.filter { child in
            Mirror(reflecting: child.value).displayStyle == .optional
                && Mirror(reflecting: child.value).children.isEmpty
        }
        #expect(unset.isEmpty, "set and store: \(unset.compactMap(\.label))")
        let thread = ChatThread(configuration: ThreadConfiguration(model: "m", options: options))
        #expect(try ThreadRecord.threads(from: [ThreadRecord(thread)]).first?.configuration.options == options)
        for format in [ResponseFormat.text, .jsonSchema(name: "n", schema: ["type": "string"], strict: nil)] {
            for choice in [ToolChoice.none, .auto] {
                var other = options
                (other.responseFormat, other.toolChoice) = (format, choice)
                let version = ChatThread(configuration: ThreadConfiguration(options: other))
                #expect(try ThreadRecord.threads(from: [ThreadRecord(version)]).first?.configuration.options == other)
            }
        }
    }

    @Test func damagedRecordsAreTypedErrors() throws {
        var records = try Self.conversation().map(ThreadRecord.init)
        records[3].added = "[{\"role\": \"wizard\"}]"
        #expect(throws: LLMError.self) { try ThreadRecord.threads(from: records) }
        // A cache lifetime no duration can hold is clamped, not a trap.
        for ttl in ["1e300", "-5"] {
            var huge = try Self.conversation().map(ThreadRecord.init)
            huge[1].added = "[{\"role\": \"user\", \"content\": [], \"cache\": {\"ttl_seconds\": \(ttl)}}]"
            #expect(try ThreadRecord.threads(from: huge)[1].messages.last?.cache?.ttl != nil)
        }
        // A damaged setting is an error, not the parent's setting.
        for field in [\ThreadRecord.configuration, \ThreadRecord.systemPrompt] {
            var damaged = try Self.conversation().map(ThreadRecord.init)
            damaged[0][keyPath: field] = "{\"model\": "
            #expect(throws: LLMError.self) { try ThreadRecord.threads(from: damaged) }
        }
        let orphan = Array(try Self.conversation().map(ThreadRecord.init).dropFirst())
        do {
            _ = try ThreadRecord.threads(from: orphan)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .decoding && error.message.contains("is not stored"))
        }
    }

    @Test func anyTimeReadsBackEqualToTheMillisecond() throws {
        let made = ChatThread(at: Date(timeIntervalSinceReferenceDate: 786_543_210.123_456_7))
        #expect(made.createdAt == Date(timeIntervalSince1970: 1_764_850_410.123))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let root = ChatThread(at: Date(timeIntervalSince1970: .random(in: 0...4_000_000_000, using: &generator)))
            let child = root.appending(.user("now"))  // made at Date()
            #expect(try ThreadRecord.threads(from: [root, child].map(ThreadRecord.init)) == [root, child])
        }
    }

    @Test func aVersionCostsWhatItAddedHoweverLongTheHistory() {
        var thread = ChatThread(systemPrompt: "Be brief.", configuration: ThreadConfiguration(model: "gpt-4.1-mini"))
        var sizes: [Int] = []
        for turn in 0..<50 {
            thread = thread.appending(.user("Question \(turn % 10)"))
            let record = ThreadRecord(thread)
            sizes.append(
                [record.id, record.lineageId, record.parentId ?? "", record.change, record.added].map(\.utf8.count)
                    .reduce(16, +))  // + the time and the base, 8 bytes each
            thread = thread.appending(.assistant("Answer"))
        }
        // Turn 50's question costs what turn 1's did: the history is shared, not copied.
        #expect(Set(sizes).count == 1, "\(sizes)")
        print("bytes per one-message version:", sizes[0])
    }
}
