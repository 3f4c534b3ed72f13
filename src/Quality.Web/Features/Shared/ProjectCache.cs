using System.Collections.Concurrent;
using Quality.Storage;

namespace Quality.Web.Features.Shared;

/// <summary>
/// Everything a dashboard page shows is computed once per state of a project's data (its newest import id) and
/// view (filters), then kept: pages read the cache, and the next import makes the next request recompute.
/// Concurrent requests for the same key share one computation. Older states are dropped as soon as a newer one
/// is seen; other views are bounded in number (least recently used first out).
/// </summary>
public sealed class ProjectCache(QualityDatabase database)
{
    /// <summary>Entries kept besides the newest state's; a filter combination someone used once is not kept forever.</summary>
    public const int MaxEntries = 512;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry(int projectId, long version, Lazy<object?> value)
    {
        public int ProjectId { get; } = projectId;
        public long Version { get; } = version;
        public Lazy<object?> Value { get; } = value;
        public long LastUsed = Environment.TickCount64;
    }

    /// <summary>The state of a project's data (see <see cref="DataVersion"/>).</summary>
    public long Version(int projectId)
    {
        using var c = database.Open();
        return DataVersion(c, projectId);
    }

    /// <summary>
    /// The state of a project's data on an open connection: its newest import id in the high bits, and in the low
    /// 20 bits a hash of the annotators' pools and rates, which the rate editor changes without an import.
    /// </summary>
    public static long DataVersion(DuckDB.NET.Data.DuckDBConnection c, int projectId) =>
        c.ScalarLong(
            """
            SELECT (SELECT coalesce(max(import_id), 0) FROM imports WHERE project_id = $pid) * 1048576
                 + (SELECT coalesce(hash(string_agg(concat_ws('|', external_key, pool, hourly_rate, cost_per_label, currency), ';' ORDER BY external_key)), 0) % 1048576
                    FROM annotators WHERE project_id = $pid)::BIGINT
            """, ("pid", projectId));

    /// <summary>The value for (project, version, key), computed by <paramref name="compute"/> on first use.</summary>
    public T Get<T>(int projectId, long version, string key, Func<T> compute) where T : class?
    {
        var fullKey = $"{projectId}|{version}|{typeof(T).Name}|{key}";
        var entry = _entries.GetOrAdd(fullKey, _ => new Entry(projectId, version,
            new Lazy<object?>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication)));
        try
        {
            var value = (T)entry.Value.Value!;
            entry.LastUsed = Environment.TickCount64;
            Evict(projectId, version);
            return value;
        }
        catch
        {
            // A failed computation is not cached: the next request tries again (and reports its own error).
            _entries.TryRemove(fullKey, out _);
            throw;
        }
    }

    /// <summary>Whether (project, version, key) is already computed (for warm-up and tests).</summary>
    public bool Has<T>(int projectId, long version, string key) =>
        _entries.TryGetValue($"{projectId}|{version}|{typeof(T).Name}|{key}", out var e) && e.Value.IsValueCreated;

    public int Count => _entries.Count;

    private void Evict(int projectId, long currentVersion)
    {
        foreach (var (key, e) in _entries)
            if (e.ProjectId == projectId && e.Version < currentVersion)
                _entries.TryRemove(key, out _);
        if (_entries.Count <= MaxEntries) return;
        foreach (var (key, _) in _entries.OrderBy(kv => kv.Value.LastUsed).Take(_entries.Count - MaxEntries))
            _entries.TryRemove(key, out _);
    }
}
