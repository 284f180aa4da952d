import Testing

/// Every test that starts the real binary. They run side by side like the rest; the two that
/// drive a terminal run their own tests one at a time.
@Suite struct ShellSuite {}
