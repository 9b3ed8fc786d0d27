import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

@Suite struct MediaPayloadTests {
    @Test func aMultipartFormTakesFieldsAfterAFileAndClosesOnce() throws {
        var form = MultipartForm()
        form.add("model", "whisper-1")
        form.addFile("file", filename: "a.wav", mimeType: "audio/wav", data: Data("RIFF".utf8))
        form.add("language", "en")
        let text = String(decoding: form.finished(), as: UTF8.self)
        let boundary = form.boundary
        #expect(text.components(separatedBy: "--\(boundary)\r\n").count == 4)  // three parts
        #expect(text.hasSuffix("\r\n--\(boundary)--\r\n"))
        #expect(text.components(separatedBy: "--\(boundary)--").count == 2)  // closed exactly once
        let language = try #require(text.range(of: "name=\"language\""))
        let file = try #require(text.range(of: "filename=\"a.wav\""))
        #expect(language.lowerBound > file.lowerBound)
        #expect(
            text.contains("RIFF\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n"))
    }

    @Test func aMalformedImageStreamEventIsADecodingError() {
        let error = capture { _ = try OpenAIBaseLLM.imageEvent(ServerSentEvent(data: "{not json")) }
        #expect(error?.code == .decoding)
        #expect(error?.message.hasPrefix("an image stream event is not a JSON object: {not json") == true)
        #expect(capture { _ = try OpenAIBaseLLM.imageEvent(ServerSentEvent(data: "[1]")) }?.code == .decoding)
        #expect(capture { _ = try OpenAIBaseLLM.imageEvent(ServerSentEvent(data: #"{"type":"x"}"#)) } == nil)
    }
}
