public import ServiceLifecycle

/// A `Service`: run it in a `ServiceGroup` and a graceful shutdown closes its connections.
extension SQLiteRateLimitStore: Service {}

/// A `Service`: run it in a `ServiceGroup` and a graceful shutdown closes its connections.
extension SQLiteThreadStore: Service {}

/// A `Service`: run it in a `ServiceGroup` and a graceful shutdown closes its database.
extension SQLiteResponseCacheStore: Service {}
