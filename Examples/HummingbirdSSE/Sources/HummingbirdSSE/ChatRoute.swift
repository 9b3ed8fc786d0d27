import Foundation
import Hummingbird
import SwiftLLM

/// GET /chat?prompt=...: relays `streamAnswer` as server-sent events: `event: meta` with the name of
/// the connector's endpoint that answered and the request id (with the first chunk), one `data:` event per text
/// delta, then `data: [DONE]`. A failure, before or during the stream, becomes `event: error` with
/// the error's code; its message, which names hosts and statuses, is logged here, not sent.
func addChatRoute(to router: Router<BasicRequestContext>, model: any LLM, endpoints: [Endpoint]) {
    router.get("chat") { request, context -> Response in
        let logger = context.logger
        let prompt = request.uri.queryParameters.get("prompt") ?? "Hello"
        let stream = model.streamAnswer(prompt)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                do {
                    for try await chunk in stream {
                        if let url = chunk.endpoint {
                            // The chunk names the URL that answered; the page shows the endpoint's name.
                            let name = endpoints.first { url.hasPrefix($0.urlParts.redactedPrefix) }?.name ?? url
                            let meta = JSONValue.object([
                                "endpoint": .string(name), "requestId": .string(chunk.requestId ?? ""),
                            ])
                            try await writer.write(ByteBuffer(string: "event: meta\ndata: \(meta.jsonString)\n\n"))
                        }
                        guard let delta = chunk.textDelta else { continue }
                        let payload = JSONValue.object(["delta": .string(delta)]).jsonString
                        try await writer.write(ByteBuffer(string: "data: \(payload)\n\n"))
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                } catch {
                    // The browser gets the code; the message (hosts, statuses) stays in the server's log.
                    let failure = LLMError(wrapping: error)
                    logger.warning(
                        "chat failed", metadata: ["code": "\(failure.code)", "message": "\(failure.message)"])
                    let payload = JSONValue.object(["code": .string(failure.code.rawValue)])
                    try await writer.write(ByteBuffer(string: "event: error\ndata: \(payload.jsonString)\n\n"))
                }
                try await writer.finish(nil)
            })
    }
}
