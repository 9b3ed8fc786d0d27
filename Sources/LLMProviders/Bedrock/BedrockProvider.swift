import Connectors
import Foundation
import LLMCore

extension ProviderDescriptor {
    /// Amazon Bedrock Runtime's Converse API: any model id, inference profile or ARN; a config
    /// file's endpoint (the primary or a backup) may name its own `region`.
    static let bedrock = ProviderDescriptor(
        name: "bedrock", provider: .bedrock,
        summary:
            "Amazon Bedrock (AWS_REGION or --region; AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or AWS_PROFILE)",
        styles: [.init(.bedrock)], environment: [.bedrock],
        secretVariables: ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK"],
        profiles: BedrockCatalog.models, defaultModel: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        builders: BedrockCatalog.builders, general: BedrockCatalog.general,
        styleFields: { style, object, prefix throws(LLMError) in
            guard let value = object["region"], value != .null else { return style }
            guard let region = value.stringValue, BedrockAPI.isRegion(region) else {
                throw ConnectorConfiguration.invalid(
                    prefix + "region", "\(prefix)region must be an AWS region such as us-east-1")
            }
            var api = style.api as? BedrockAPI ?? BedrockAPI()
            api.region = region
            return EndpointStyle(api)
        })
}

extension EnvironmentSource {
    static let bedrock = EnvironmentSource(
        providers: [.bedrock], styles: [.bedrock],
        variables:
            "AWS_REGION with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or AWS_BEARER_TOKEN_BEDROCK)",
        isSet: { $0["AWS_BEARER_TOKEN_BEDROCK"] != nil || $0["AWS_ACCESS_KEY_ID"] != nil },
        configuration: { variables, deployment, baseURL throws(LLMError) in
            let environment = variables.environment
            let region = AWSCredentials.region(environment: environment)
            var base = baseURL
            if base == nil, let text = variables["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] ?? variables["AWS_ENDPOINT_URL"] {
                base = try variables.url(text, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
            }
            guard let region = region ?? base.flatMap({ BedrockAPI.region(fromHost: $0.host ?? "") }) else {
                throw LLMError(
                    code: .invalidConfiguration, message: "no AWS region is configured for Bedrock",
                    hint: "set AWS_REGION (or a region in the profile of ~/.aws/config), or pass --region",
                    parameter: "AWS_REGION")
            }
            var api = BedrockAPI(region: region)
            api.environment = { environment }
            var endpoint = Endpoint.bedrock(
                region: region, baseURL: base, apiKey: variables["AWS_BEARER_TOKEN_BEDROCK"].map { APIKey($0) },
                deployment: deployment)
            endpoint.style = EndpointStyle(api)
            return ConnectorConfiguration(primary: endpoint)
        })
}
