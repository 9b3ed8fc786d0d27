public import ServiceLifecycle

/// A `Service`: run it in a `ServiceGroup` and a graceful shutdown closes its connections.
extension PostgresRateLimitStore: Service {}

/// A `Service`: run it in a `ServiceGroup` and a graceful shutdown closes its connections.
extension PostgresThreadStore: Service {}

/// A `Service`: run it in a `ServiceGroup` and a graceful shutdown closes its connections.
extension PostgresResponseCacheStore: Service {}
