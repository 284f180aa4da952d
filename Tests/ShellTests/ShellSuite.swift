import Testing

/// Every test that starts the real binary, one at a time: they spawn processes and terminals,
/// and running them side by side only makes them compete for two cores.
@Suite(.serialized) struct ShellSuite {}
