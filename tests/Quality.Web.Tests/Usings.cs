global using Xunit;

// Hangfire keeps its storage in a process-wide static, so web hosts in this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
