import Foundation
import LLMCore
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsEveryKind() throws {
        let value: JSONValue = ["a": 1, "b": 2.5, "c": "s", "d": true, "e": nil, "f": [1, "x", ["g": false]]]
        let parsed = try JSONValue(parsing: Data(value.jsonString.utf8))
        #expect(parsed == value)
        #expect(value.jsonString == #"{"a":1,"b":2.5,"c":"s","d":true,"e":null,"f":[1,"x",{"g":false}]}"#)
    }

    @Test func accessors() {
        let value: JSONValue = ["name": "x"]
        #expect(value["name"]?.stringValue == "x")
        #expect(value["missing"] == nil)
        #expect(JSONValue.int(1).objectValue == nil)
    }

    @Test func malformedJSONThrows() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: Data("{".utf8)) }
    }
}
