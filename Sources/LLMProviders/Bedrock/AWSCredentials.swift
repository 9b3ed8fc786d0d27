public import Connectors
public import Foundation
public import LLMCore

/// AWS credentials for Signature Version 4: an access key id, its secret and, for temporary
/// (role) credentials, a session token. The secret and the token are ``Connectors/APIKey``s, so
/// they never reach a description, a log or an error.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (`AKIA...`, `ASIA...` for temporary credentials); not a secret.
    public var accessKeyId: String
    /// The secret access key.
    public var secretAccessKey: APIKey
    /// The session token of temporary credentials.
    public var sessionToken: APIKey?

    /// Creates credentials.
    public init(accessKeyId: String, secretAccessKey: APIKey, sessionToken: APIKey? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// `AWSCredentials(AKIA..., secret redacted)`.
    public var description: String {
        "AWSCredentials(\(accessKeyId), secret redacted\(sessionToken == nil ? "" : ", session token redacted"))"
    }

    /// Where fresh credentials come from, for every signed attempt (refreshing role credentials).
    public typealias Provider = @Sendable () async throws -> AWSCredentials

    /// The credentials of `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, or
    /// nil when the first two are not both set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> AWSCredentials?
    {
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
                $0.isEmpty ? nil : $0
            }
        }
        guard let id = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else { return nil }
        return AWSCredentials(
            accessKeyId: id, secretAccessKey: APIKey(secret),
            sessionToken: value("AWS_SESSION_TOKEN").map { APIKey($0) })
    }

    /// The credentials of `profile` (else `AWS_PROFILE`, else `default`) in the shared credentials
    /// file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), or nil when it has none.
    /// - Throws: ``LLMCore/LLMError`` (`invalidConfiguration`) when the profile is in the file
    ///   without both keys.
    public static func fromSharedFile(
        profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LLMError) -> AWSCredentials? {
        let name = profile ?? environment["AWS_PROFILE"] ?? "default"
        let path =
            environment["AWS_SHARED_CREDENTIALS_FILE"]
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.aws/credentials")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let section = AWSConfigFile(String(decoding: data, as: UTF8.self)).sections[name] else { return nil }
        guard let id = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
            throw LLMError(
                code: .invalidConfiguration,
                message: "profile '\(name)' of \(path) lacks aws_access_key_id or aws_secret_access_key",
                hint: "add both keys to the profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                parameter: "AWS_PROFILE")
        }
        return AWSCredentials(
            accessKeyId: id, secretAccessKey: APIKey(secret),
            sessionToken: section["aws_session_token"].map { APIKey($0) })
    }

    /// The region of `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region` in the
    /// shared config file (`AWS_CONFIG_FILE`, else `~/.aws/config`, sections `[default]` and
    /// `[profile NAME]`), or nil.
    public static func region(
        profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"], !region.isEmpty {
            return region
        }
        let name = profile ?? environment["AWS_PROFILE"] ?? "default"
        let path = environment["AWS_CONFIG_FILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.aws/config")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let sections = AWSConfigFile(String(decoding: data, as: UTF8.self)).sections
        return (sections[name == "default" ? "default" : "profile \(name)"] ?? sections[name])?["region"]
    }
}

/// The INI format of AWS's shared files: `[section]` lines and `key = value` lines; `#` and `;`
/// start comments; keys are case-insensitive.
struct AWSConfigFile {
    var sections: [String: [String: String]] = [:]

    init(_ text: String) {
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[current, default: [:]][key] = value
        }
    }
}
