import ArgumentParser
import Foundation
import SwiftLLM

extension ChatCommand {
    /// `--thread ID [--from VERSION]`: continues the thread's latest version (or VERSION, which
    /// makes a branch) with the prompt, answers, and stores the question's and the answer's versions.
    func chatInThread(_ lineageText: String) async throws {
        let lineage = try ThreadStoreOptions.id(lineageText, "--thread")
        let from = try self.from.map { try ThreadStoreOptions.id($0, "--from") }
        try await storage.with { store in
            let base = if let from { try await store.version(from) } else { try await store.latest(lineage: lineage) }
            guard let base, base.lineageId == lineage else {
                throw LLMError(
                    code: .notFound, message: "no such thread or version in the store",
                    hint: "llm thread new makes a thread; llm thread log ID lists its versions")
            }
            let text = try prompt ?? Self.readStandardInput()
            let asked = base.appending(.user(text, images: image.map { ImageInput($0) }))
            var endpoint = self.endpoint
            if endpoint.model == nil { endpoint.model = base.configuration.model }
            try await endpoint.withModel { model in
                let (answer, answered) = try await asked.run(
                    model, options: GenerationOptions(maxTokens: maxTokens, temperature: temperature))
                try await store.save([asked, answered])
                if json {
                    var object = try JSONValue(parsing: Self.json(answer)).objectValue ?? [:]
                    object["thread"] = .string(ThreadRecord.key(lineage))
                    object["version"] = .string(ThreadRecord.key(answered.id))
                    Console.line(Redactor.shared.mask(JSONValue.object(object).jsonString))
                } else {
                    Console.line(Redactor.shared.server(answer.content))
                }
            }
        }
    }
}
