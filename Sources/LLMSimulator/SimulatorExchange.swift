import Foundation
import NIOHTTP1

/// One request as a responder gets it: the route it matched, the request's parts, its number (for
/// ids), and the writer of its response.
struct SimulatorExchange {
    let route: SimulatorRoute
    let method: HTTPMethod
    let uri: String
    let query: String
    let headers: [String: String]
    let body: Data
    let requestNumber: Int
    let writer: ResponseWriter
}
