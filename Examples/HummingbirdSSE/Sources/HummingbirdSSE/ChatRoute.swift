import Foundation
import Hummingbird
import SwiftLLM

/// GET /chat?prompt=...: relays `streamAnswer` as server-sent events, one `data:` event per text
/// delta, then `data: [DONE]`; a failure mid-stream becomes an `event: error` with its code.
func addChatRoute(to router: Router<BasicRequestContext>, model: any LLM) {
    router.get("chat") { request, _ -> Response in
        let prompt = request.uri.queryParameters.get("prompt") ?? "Hello"
        let stream = model.streamAnswer(prompt)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                do {
                    for try await chunk in stream {
                        guard let delta = chunk.textDelta else { continue }
                        let payload = JSONValue.object(["delta": .string(delta)]).jsonString
                        try await writer.write(ByteBuffer(string: "data: \(payload)\n\n"))
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                } catch {
                    let failure = LLMError(wrapping: error)
                    try await writer.write(ByteBuffer(string: "event: error\ndata: \(failure.code)\n\n"))
                }
                try await writer.finish(nil)
            })
    }
}
